import { describe, expect, it } from 'vitest';
import { toClientSettings } from '../../../shared/kafka/index.ts';

describe('toClientSettings', () => {
  it('maps Java consumer properties onto kafkajs settings', () => {
    const s = toClientSettings({
      'bootstrap.servers': 'a:9092, b:9092',
      'session.timeout.ms': '12000',
      'max.partition.fetch.bytes': '2097152',
      'isolation.level': 'read_committed',
    });
    expect(s.kafka.brokers).toEqual(['a:9092', 'b:9092']);
    expect(s.consumer).toMatchObject({
      sessionTimeout: 12000,
      maxBytesPerPartition: 2097152,
      readUncommitted: false,
    });
    expect(s.ignored).toEqual([]);
  });

  it('reads SASL credentials from sasl.jaas.config', () => {
    const s = toClientSettings({
      'bootstrap.servers': 'a:9096',
      'security.protocol': 'SASL_SSL',
      'sasl.mechanism': 'SCRAM-SHA-512',
      'sasl.jaas.config':
        'org.apache.kafka.common.security.scram.ScramLoginModule required username="alice" password="p\\"w";',
    });
    expect(s.kafka.sasl).toEqual({ mechanism: 'scram-sha-512', username: 'alice', password: 'p"w' });
    expect(s.kafka.ssl).toMatchObject({ rejectUnauthorized: true });
  });

  it('names the key of every value it cannot use', () => {
    expect(() => toClientSettings({ 'bootstrap.servers': '' })).toThrow(/bootstrap\.servers/);
    expect(() => toClientSettings({ 'bootstrap.servers': 'a:1', 'session.timeout.ms': 'soon' })).toThrow(
      /session\.timeout\.ms/,
    );
    expect(() =>
      toClientSettings({
        'bootstrap.servers': 'a:1',
        'security.protocol': 'SSL',
        'ssl.truststore.type': 'JKS',
      }),
    ).toThrow(/ssl\.truststore\.type.*PEM/);
    expect(() =>
      toClientSettings({
        'bootstrap.servers': 'a:1',
        'security.protocol': 'SASL_PLAINTEXT',
        'sasl.mechanism': 'PLAIN',
      }),
    ).toThrow(/sasl\.jaas\.config/);
  });

  it('lists keys it does not apply instead of dropping them silently', () => {
    const s = toClientSettings({ 'bootstrap.servers': 'a:1', 'max.poll.records': '10', 'group.id': 'x' });
    expect(s.ignored.sort()).toEqual(['group.id', 'max.poll.records']);
  });
});
