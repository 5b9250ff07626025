export { DeadLetterDefaults, ErrorHeaders, Stage } from './constants.ts';
export { DeadLetterQueueError } from './errors.ts';
export { deadLetterHeaders, errorContext, exceptionClassName, type TaskIdentity } from './headers.ts';
export { KafkaDeadLetterQueue, type KafkaDeadLetterQueueOptions } from './kafka.ts';
export {
  type SqsDeadLetterMessage,
  SqsDeadLetterQueue,
  type SqsDeadLetterQueueOptions,
  SqsLimits,
} from './sqs.ts';
export type * from './types.ts';
