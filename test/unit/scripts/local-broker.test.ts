import { describe, expect, it } from 'vitest';
import { kafkaScriptEnv } from '../../../scripts/local-broker.ts';

describe('the broker npm run demo starts when none answers', () => {
  it('listens on the port of CONNECT_BOOTSTRAP_SERVERS, not 9092', () => {
    expect(kafkaScriptEnv('127.0.0.1:19092', { HOME: '/h' })).toEqual({ HOME: '/h', KAFKA_PORT: '19092' });
    expect(kafkaScriptEnv('localhost:29092,localhost:29093', {}).KAFKA_PORT).toBe('29092');
  });

  it('says why it cannot start one for a remote broker, naming the setting', () => {
    expect(() => kafkaScriptEnv('kafka.example.com:9092', {})).toThrow(
      'no Kafka broker answers at kafka.example.com:9092, and scripts/kafka.sh starts one on 127.0.0.1 only: start that broker, or set CONNECT_BOOTSTRAP_SERVERS=127.0.0.1:<port>',
    );
    expect(() => kafkaScriptEnv('127.0.0.1', {})).toThrow('expected host:port');
  });
});
