import { describe, expect, it } from 'vitest';
import { isTransientKafkaError } from '../../../../shared/mappings/local/errors.ts';

/** An error shaped as kafkajs builds them (name, retriable, type, originalError). */
function kafkajs(name: string, fields: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(String(fields.message ?? name)), { name, ...fields });
}

describe('isTransientKafkaError', () => {
  it('is true for metadata that comes by itself: a topic being created, a leader being elected', () => {
    const unknownPartition = kafkajs('KafkaJSProtocolError', {
      message: 'This server does not host this topic-partition',
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
      retriable: true,
    });
    expect(isTransientKafkaError(unknownPartition)).toBe(true);
    expect(
      isTransientKafkaError(kafkajs('KafkaJSNumberOfRetriesExceeded', { originalError: unknownPartition })),
    ).toBe(true);
    expect(isTransientKafkaError(kafkajs('KafkaJSTopicMetadataNotLoaded'))).toBe(true);
  });

  it('is false for an unreachable broker, a refused request and anything else', () => {
    expect(isTransientKafkaError(kafkajs('KafkaJSConnectionError', { retriable: true }))).toBe(false);
    const denied = kafkajs('KafkaJSProtocolError', { type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false });
    expect(isTransientKafkaError(denied)).toBe(false);
    expect(isTransientKafkaError(new Error('boom'))).toBe(false);
    expect(isTransientKafkaError('text')).toBe(false);
  });
});
