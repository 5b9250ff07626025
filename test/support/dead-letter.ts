// Connector keys for a dead letter queue topic, as the integration tests use it.

/** `errors.tolerance=all` with a one-replica dead letter queue `topic` (one broker), context headers on. */
export function deadLetterQueueConfig(topic: string): Record<string, string> {
  return {
    'errors.tolerance': 'all',
    'errors.deadletterqueue.topic.name': topic,
    'errors.deadletterqueue.topic.replication.factor': '1',
    'errors.deadletterqueue.context.headers.enable': 'true',
  };
}
