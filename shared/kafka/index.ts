export { type ClientSettings, clientOverrides, toClientSettings } from './client-config.ts';
export { CLIENT_PASSWORD_KEYS, ClientOverridePrefixes, KafkaClientDefaults } from './constants.ts';
export {
  ConsumerGroupNotEmptyError,
  MskBrokersError,
  OffsetsError,
  UnknownTopicPartitionError,
} from './errors.ts';
export { MskIamBrokers, mskIamKafkaConfig } from './msk-iam.ts';
export { KafkaOffsets } from './offsets.ts';
export type * from './types.ts';
