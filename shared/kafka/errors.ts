// Domain errors of the Kafka adapters. Each says whether trying again can succeed and names the group or cluster.
import { ConnectException, type ConnectExceptionOptions } from '../errors/index.ts';

/**
 * Reading or changing a consumer group's offsets failed. `retriable` follows the Kafka client's verdict.
 */
export class OffsetsError extends ConnectException {
  override readonly name: string = 'OffsetsError';
  readonly groupId: string;

  constructor(groupId: string, reason: string, options: ConnectExceptionOptions) {
    super(`Consumer group ${groupId}: ${reason}`, options);
    this.groupId = groupId;
  }
}

/**
 * Offsets can only change while no consumer is in the group (Connect: the connector must be STOPPED and its tasks
 * gone). Retriable: the members leave shortly after a stop.
 */
export class ConsumerGroupNotEmptyError extends OffsetsError {
  override readonly name = 'ConsumerGroupNotEmptyError';

  constructor(groupId: string, state: string, cause?: unknown) {
    super(groupId, `offsets can only change while the group has no members (it is ${state})`, {
      retriable: true,
      cause,
    });
  }
}

/**
 * An alter request names a topic or partition the cluster does not have: the client's mistake (400), found before
 * anything is committed. Not retriable.
 *
 * @example
 * throw new UnknownTopicPartitionError('connect-orders', 'orders has no partition 7 (it has 3: 0 to 2)');
 */
export class UnknownTopicPartitionError extends OffsetsError {
  override readonly name = 'UnknownTopicPartitionError';

  constructor(groupId: string, reason: string) {
    super(groupId, reason, { retriable: false });
  }
}

/**
 * An MSK cluster's brokers could not be resolved: `GetBootstrapBrokers` failed, or the cluster has no SASL/IAM
 * listener. `retriable` when asking again can help (throttling, a server or network error).
 */
export class MskBrokersError extends ConnectException {
  override readonly name = 'MskBrokersError';
  readonly clusterArn: string;

  constructor(clusterArn: string, reason: string, options: ConnectExceptionOptions) {
    super(`MSK cluster ${clusterArn}: ${reason}`, options);
    this.clusterArn = clusterArn;
  }
}
