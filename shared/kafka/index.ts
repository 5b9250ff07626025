// What is Kafka's, in one place. kafkajs is re-exported from here with its negative-timeout scheduling fixed before
// any client exists (request-queue.ts): import Kafka from here, not from 'kafkajs'.
import './request-queue.ts';

export type {
  Admin,
  Consumer,
  EachBatchPayload,
  IHeaders,
  KafkaConfig,
  KafkaMessage,
  Message,
  Producer,
} from 'kafkajs';
export { Kafka, logLevel } from 'kafkajs';
export { type ClientSettings, clientOverrides, toClientSettings } from './client-config.ts';
export { CLIENT_PASSWORD_KEYS, clientPasswordConfigDef } from './client-passwords.ts';
export { ClientOverridePrefixes, KafkaClientDefaults } from './constants.ts';
export {
  ConsumerGroupNotEmptyError,
  MskBrokersError,
  OffsetsError,
  UnknownTopicPartitionError,
} from './errors.ts';
export { MskIamBrokers, mskIamKafkaConfig } from './msk-iam.ts';
export { KafkaOffsets } from './offsets.ts';
export { idleRequestQueueArmsNoTimer } from './request-queue.ts';
export type * from './types.ts';
