import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DataException } from '../../../shared/converters/index.ts';
import {
  DeadLetterQueueError,
  type SqsDeadLetterMessage,
  SqsDeadLetterQueue,
  Stage,
} from '../../../shared/dead-letter/index.ts';
import type { DeadLetterEntry } from '../../../shared/dead-letter/types.ts';

const sqs = mockClient(SQSClient);
const QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aep-dlq';

const entry = (offset: number, value: Buffer | null = Buffer.from(`{"n":${offset}}`)): DeadLetterEntry => ({
  record: {
    topic: 'orders',
    partition: 1,
    offset,
    timestamp: 1_700_000_000_000,
    timestampType: 'CREATE_TIME',
    key: null,
    value,
    headers: [{ key: 'trace', value: Buffer.from('t') }],
  },
  failure: {
    stage: Stage.VALUE_CONVERTER,
    className: 'org.apache.kafka.connect.json.JsonConverter',
    error: new DataException('bad'),
  },
});

function queue(url = QUEUE, contextHeaders = true) {
  return new SqsDeadLetterQueue({
    client: new SQSClient({}),
    queueUrl: url,
    contextHeaders,
    task: { connector: 'aep', task: 0 },
  });
}

const bodies = () =>
  sqs
    .commandCalls(SendMessageBatchCommand)
    .flatMap((c) => c.args[0].input.Entries ?? [])
    .map((e) => JSON.parse(e.MessageBody ?? '') as SqsDeadLetterMessage);

beforeEach(() => {
  sqs.reset();
  sqs.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
});

describe('SqsDeadLetterQueue', () => {
  it('sends one JSON message per record with the original bytes in base64 and the error context', async () => {
    await queue().send([entry(5, Buffer.from([0xff, 0x01]))], { bootstrapServers: [] });

    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, { QueueUrl: QUEUE });
    const [body] = bodies();
    expect(body).toMatchObject({
      topic: 'orders',
      partition: 1,
      offset: 5,
      key: null,
      value: Buffer.from([0xff, 0x01]).toString('base64'),
      headers: [{ key: 'trace', value: Buffer.from('t').toString('base64') }],
    });
    expect(body?.errors).toMatchObject({
      '__connect.errors.topic': 'orders',
      '__connect.errors.offset': '5',
      '__connect.errors.stage': 'VALUE_CONVERTER',
      '__connect.errors.exception.class.name': 'org.apache.kafka.connect.errors.DataException',
      '__connect.errors.exception.message': 'bad',
    });
  });

  it('leaves the error context out when context headers are off', async () => {
    await queue(QUEUE, false).send([entry(1)], { bootstrapServers: [] });
    expect(bodies()[0]).not.toHaveProperty('errors');
  });

  it('sends at most 10 messages per call', async () => {
    await queue().send(
      Array.from({ length: 23 }, (_, i) => entry(i)),
      { bootstrapServers: [] },
    );

    expect(sqs.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input.Entries?.length)).toEqual([
      10, 10, 3,
    ]);
    expect(bodies().map((b) => b.offset)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('gives FIFO queues a group per partition and a deduplication id per record', async () => {
    await queue(`${QUEUE}.fifo`).send([entry(9)], { bootstrapServers: [] });

    expect(sqs).toHaveReceivedCommandWith(SendMessageBatchCommand, {
      Entries: [
        expect.objectContaining({ MessageGroupId: 'orders-1', MessageDeduplicationId: 'orders-1@9' }),
      ],
    });
  });

  it('sends refused entries once more, then fails', async () => {
    sqs
      .on(SendMessageBatchCommand)
      .resolvesOnce({
        Successful: [{ Id: '0', MessageId: 'm', MD5OfMessageBody: 'x' }],
        Failed: [{ Id: '1', Code: 'InternalError', SenderFault: false }],
      })
      .resolvesOnce({ Successful: [{ Id: '1', MessageId: 'm', MD5OfMessageBody: 'x' }], Failed: [] });
    await queue().send([entry(0), entry(1)], { bootstrapServers: [] });
    expect(sqs.commandCalls(SendMessageBatchCommand)[1]?.args[0].input.Entries?.map((e) => e.Id)).toEqual([
      '1',
    ]);

    sqs.reset();
    sqs
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: '0', Code: 'KMS.AccessDenied', Message: 'no key', SenderFault: true }] });
    await expect(queue().send([entry(0)], { bootstrapServers: [] })).rejects.toThrow(
      'SQS refused 0: KMS.AccessDenied no key',
    );
  });

  it('turns an SDK failure into a retriable DeadLetterQueueError naming the queue', async () => {
    sqs.on(SendMessageBatchCommand).rejects(new Error('AccessDenied'));

    const error = await queue()
      .send([entry(0)], { bootstrapServers: [] })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DeadLetterQueueError);
    expect(error).toMatchObject({
      retriable: true,
      message: `Could not write to the dead letter queue (SQS queue ${QUEUE}): AccessDenied`,
    });
  });

  it('refuses a record too large for an SQS message before sending anything', async () => {
    await expect(
      queue().send([entry(0), entry(1, Buffer.alloc(900_000))], { bootstrapServers: [] }),
    ).rejects.toThrow(/record orders-1@1 needs \d+ bytes as an SQS message/);
    expect(sqs.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('writes only characters SQS accepts, escaping U+FFFE/U+FFFF that a header name or an error message may hold', async () => {
    const bad = entry(9);
    const record = { ...bad.record, headers: [{ key: 'h\uFFFF', value: null }] };
    const failure = { ...bad.failure, error: new DataException('Unexpected token \uFFFE in JSON') };

    await queue().send([{ record, failure }], { bootstrapServers: [] });

    const raw = sqs.commandCalls(SendMessageBatchCommand)[0]?.args[0].input.Entries?.[0]?.MessageBody ?? '';
    // SQS: #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF (InvalidMessageContents otherwise).
    expect(raw).toMatch(/^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u);
    const [body] = bodies();
    expect(body?.headers[0]?.key).toBe('h\uFFFF');
    expect(body?.errors?.['__connect.errors.exception.message']).toBe('Unexpected token \uFFFE in JSON');
  });
});
