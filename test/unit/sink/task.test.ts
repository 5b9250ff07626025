import { describe, expect, it } from 'vitest';
import { failedOutcome, ImsTokenError } from '../../../shared/aep/index.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';
import { ConverterClasses, jsonConverter } from '../../../shared/converters/index.ts';
import { DeadLetterQueueError } from '../../../shared/dead-letter/index.ts';
import { MalformedEventError } from '../../../shared/records/index.ts';
import type { SinkRecord } from '../../../shared/records/types.ts';
import {
  aepMessage,
  createSinkTask,
  DeliveryRetryError,
  parseSinkSettings,
  type SinkTaskDeps,
  ToleranceExceededError,
} from '../../../shared/sink/index.ts';
import type { BatchSummary } from '../../../shared/sink/types.ts';
import type { TransformationChain } from '../../../shared/transforms/types.ts';
import { problemKeys } from '../../support/config-errors.ts';
import { kafkaEvent } from '../../support/records.ts';
import { MemoryDeadLetterQueue, RecordingLogger, ScriptedSender } from '../../support/sink-doubles.ts';

const BASE = {
  name: 'aep',
  'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
  topics: 't',
  'esm.report.batch.item.failures': 'false',
} as const;
const DLQ = { 'errors.deadletterqueue.topic.name': 'dlq', 'errors.tolerance': 'all' } as const;
const options = () => ({ deadline: Date.now() + 10_000 });

function setup(
  config: Record<string, string>,
  extra: Partial<SinkTaskDeps> & { sender?: ScriptedSender } = {},
) {
  const sender = extra.sender ?? new ScriptedSender();
  const dlq = new MemoryDeadLetterQueue();
  const logger = new RecordingLogger();
  const summaries: BatchSummary[] = [];
  const task = createSinkTask(
    { ...BASE, ...config },
    {
      createSender: () => sender,
      createDeadLetterQueue: () => dlq,
      logger,
      metrics: { batch: (_connector, summary) => summaries.push(summary) },
      ...extra,
    },
  );
  return { task, sender, dlq, logger, summaries };
}

/** Record i's value is `{"i":i}`, except where `bad` maps i to other text (or null). */
function values(bad: Record<number, string | null> = {}) {
  return (i: number) => (i in bad ? (bad[i] as string | null) : JSON.stringify({ i }));
}

async function caught(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a failure');
}

describe('sink task delivery', () => {
  it('sends every value unchanged, in partition order, and answers nothing when all are taken', async () => {
    const { task, sender, summaries } = setup({});
    const event = kafkaEvent({ count: 6, partitions: 2, topic: 't', value: values() });

    await expect(task.process(event, options())).resolves.toBeUndefined();

    expect(sender.sent).toEqual([0, 1, 2, 3, 4, 5].map((i) => JSON.stringify({ i })));
    expect(summaries).toEqual([expect.objectContaining({ records: 6, delivered: 6, failed: 0, retried: 0 })]);
  });

  it('sends the JSON text as written, so large integers are not rounded', async () => {
    const text = '{"id":12345678901234567890, "n": 1.10}';
    const { task, sender } = setup({});

    await task.process(kafkaEvent({ count: 1, topic: 't', value: () => text }), options());

    expect(sender.sent).toEqual([text]);
  });

  it('forwards valid JSON bytes as they are and leaves every other value to the JsonConverter, which decides as before', async () => {
    const converter = jsonConverter.create({ 'converter.type': 'value', 'schemas.enable': false });
    const texts: Record<number, string | Buffer> = {
      0: ' {"a": [1, 2.50, -0e0]} ',
      1: '"{\\"wrapped\\":true}"', // a JSON string holding JSON: its contents are the message
      2: 'null', // a null value: filtered
      3: '{"a":1,}', // not JSON: VALUE_CONVERTER
      4: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]), // not UTF-8: whatever the converter says
      5: '\ufeff{"bom":1}',
      6: '  ',
    };
    const { task, sender, dlq } = setup(DLQ);

    await task.process(kafkaEvent({ count: 7, topic: 't', value: (i) => texts[i] ?? null }), options());

    // What the converter and aepMessage make of each value, record by record, is exactly what was sent.
    const expected: string[] = [];
    const failed: Array<[number, string]> = [];
    for (let i = 0; i < 7; i++) {
      const bytes = Buffer.from(texts[i] as string | Buffer);
      try {
        const { value, json, schema } = converter.toConnectData?.('t', bytes) ?? {
          schema: null,
          value: null,
        };
        if (value !== null) expected.push(aepMessage(value, json, schema));
      } catch (e) {
        failed.push([i, (e as Error).message]);
      }
    }
    expect(sender.sent).toEqual(expected);
    expect(sender.sent[0]).toBe(' {"a": [1, 2.50, -0e0]} ');
    expect(dlq.entries.map((e) => [e.record.offset, e.failure.error.message])).toEqual(failed);
    expect(dlq.entries.every((e) => e.failure.stage === 'VALUE_CONVERTER')).toBe(true);
    expect(failed.map(([i]) => i)).toContain(3);
  });

  it('sends StringConverter values that are JSON text, and fails those that are not', async () => {
    const { task, sender, dlq } = setup({ ...DLQ, 'value.converter': ConverterClasses.STRING });

    await task.process(kafkaEvent({ count: 2, topic: 't', value: values({ 1: 'plain text' }) }), options());

    expect(sender.sent).toEqual(['{"i":0}']);
    expect(dlq.entries.map((e) => [e.record.offset, e.failure.stage])).toEqual([[1, 'TASK_PUT']]);
    expect(dlq.entries[0]?.failure.error.message).toMatch(/not JSON text/);
  });

  it('sends the payload of JsonConverter envelopes with schemas.enable=true as JSON', async () => {
    const envelope = {
      schema: {
        type: 'struct',
        fields: [
          { field: 'id', type: 'int32' },
          { field: 'raw', type: 'bytes' },
        ],
      },
      payload: { id: 7, raw: 'AQI=' },
    };
    const { task, sender } = setup({
      'value.converter': ConverterClasses.JSON,
      'value.converter.schemas.enable': 'true',
    });

    await task.process(
      kafkaEvent({ count: 1, topic: 't', value: () => JSON.stringify(envelope) }),
      options(),
    );

    expect(sender.sent).toEqual(['{"id":7,"raw":"AQI="}']);
  });
});

describe('sink task error handling', () => {
  it('with errors.tolerance=all dead-letters a record that does not convert, with its original bytes, and goes on', async () => {
    const { task, sender, dlq, logger, summaries } = setup(DLQ);
    const event = kafkaEvent({
      count: 3,
      topic: 't',
      value: values({ 1: '{"broken":' }),
      headers: (i) => [['trace', `t${i}`]],
    });

    await expect(task.process(event, options())).resolves.toBeUndefined();

    expect(sender.sent).toEqual(['{"i":0}', '{"i":2}']);
    expect(dlq.entries).toHaveLength(1);
    const [entry] = dlq.entries;
    expect(entry?.record.value?.toString()).toBe('{"broken":');
    expect(entry?.record.key?.toString()).toBe('key-1');
    expect(entry?.record.headers.map((h) => `${h.key}=${h.value?.toString()}`)).toEqual(['trace=t1']);
    expect(entry?.failure).toMatchObject({ stage: 'VALUE_CONVERTER', className: ConverterClasses.JSON });
    expect(logger.lines.some((l) => l.startsWith('warn: 1 record(s) failed') && l.includes('t-0@1'))).toBe(
      true,
    );
    expect(summaries[0]).toMatchObject({ delivered: 2, failed: 1, deadLettered: 1 });
  });

  it('without a dead letter queue still logs every skipped record', async () => {
    const { task, dlq, logger } = setup({ 'errors.tolerance': 'all' });

    await task.process(kafkaEvent({ count: 2, topic: 't', value: values({ 0: 'nope' }) }), options());

    expect(dlq.entries).toEqual([]);
    expect(logger.lines).toContainEqual(
      expect.stringMatching(/not written anywhere.*t-0@0 \(VALUE_CONVERTER/),
    );
  });

  it('with errors.log.enable logs Connect’s per-record error line, with contents only when asked', async () => {
    const bad = kafkaEvent({ count: 1, topic: 't', value: () => 'secret-ish text' });
    const plain = setup({ 'errors.tolerance': 'all', 'errors.log.enable': 'true' });
    await plain.task.process(bad, options());
    const detailed = setup({
      'errors.tolerance': 'all',
      'errors.log.enable': 'true',
      'errors.log.include.messages': 'true',
    });
    await detailed.task.process(bad, options());

    const line = (logger: RecordingLogger) => logger.lines.find((l) => l.startsWith('error:')) ?? '';
    expect(line(plain.logger)).toBe(
      `error: Error encountered in task aep-0. Executing stage 'VALUE_CONVERTER' with class '${ConverterClasses.JSON}', where consumed record is {topic='t', partition=0, offset=0}.`,
    );
    expect(line(plain.logger)).not.toContain('secret-ish');
    expect(line(detailed.logger)).toContain('value=secret-ish text');
  });

  it('with errors.tolerance=none fails the invocation at the first bad record and sends nothing', async () => {
    const { task, sender } = setup({ 'errors.tolerance': 'none' });
    const event = kafkaEvent({ count: 4, topic: 't', value: values({ 2: '{', 3: '[' }) });

    const error = await caught(task.process(event, options()));

    expect(error).toBeInstanceOf(ToleranceExceededError);
    expect(error.message).toMatch(
      /^Tolerance exceeded in error handler: record t-0@2 failed in stage VALUE_CONVERTER/,
    );
    expect(sender.sent).toEqual([]);
  });

  it('with errors.tolerance=none and partial responses sends what comes before each partition’s first failure', async () => {
    const { task, sender } = setup({ 'errors.tolerance': 'none', 'esm.report.batch.item.failures': 'true' });
    const event = kafkaEvent({ count: 8, partitions: 2, topic: 't', value: values({ 1: '{' }) });

    const response = await task.process(event, options());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 1 } }] });
    expect(sender.sent).toEqual(['{"i":0}', '{"i":4}', '{"i":5}', '{"i":6}', '{"i":7}']);
  });

  it('dead-letters AEP rejections with AEP’s status and reason, sending nothing twice', async () => {
    const sender = new ScriptedSender((m) =>
      m === '{"i":1}' || m === '{"i":3}'
        ? failedOutcome({ retriable: false, status: 400, reason: '"header" field is mandatory' })
        : { ok: true },
    );
    const { task, dlq, summaries } = setup(DLQ, { sender });

    await expect(
      task.process(kafkaEvent({ count: 5, topic: 't', value: values() }), options()),
    ).resolves.toBeUndefined();

    expect(sender.calls).toEqual([5]);
    expect(dlq.entries.map((e) => [e.record.offset, e.failure.stage, e.failure.aep])).toEqual([
      [1, 'TASK_PUT', { status: 400, message: '"header" field is mandatory' }],
      [3, 'TASK_PUT', { status: 400, message: '"header" field is mandatory' }],
    ]);
    expect(summaries[0]).toMatchObject({ delivered: 3, failed: 2, deadLettered: 2 });
  });

  it('with errors.tolerance=none fails on an AEP rejection, naming the record and AEP’s reason', async () => {
    const sender = new ScriptedSender((m) =>
      m === '{"i":2}'
        ? failedOutcome({ retriable: false, status: 400, reason: 'unknown xdm format' })
        : { ok: true },
    );
    const { task, dlq } = setup(
      { 'errors.tolerance': 'none', 'errors.deadletterqueue.topic.name': 'dlq' },
      { sender },
    );

    const error = await caught(
      task.process(kafkaEvent({ count: 3, topic: 't', value: values() }), options()),
    );

    expect(error.message).toBe(
      'Tolerance exceeded in error handler: record t-0@2 failed in stage TASK_PUT: AEP rejected the message (400): unknown xdm format',
    );
    expect(dlq.entries).toEqual([]);
  });

  it.each([
    [
      'throttled',
      failedOutcome({ retriable: true, status: 429, reason: 'AEP answered 429 after 3 attempts' }),
    ],
    [
      'refused credentials',
      failedOutcome({ retriable: false, status: 401, reason: 'Ims service token is empty' }),
    ],
    ['unknown inlet', failedOutcome({ retriable: false, status: 404, reason: 'inlet not found' })],
    [
      'IMS refusing the client',
      failedOutcome({
        retriable: false,
        reason: 'IMS answered 400 invalid_client',
        cause: new ImsTokenError('https://ims-na1.adobelogin.com', 'IMS answered 400 invalid_client', {
          status: 400,
          retriable: false,
        }),
      }),
    ],
  ])('never dead-letters %s deliveries: the whole batch is retried', async (_case, outcome) => {
    const sender = new ScriptedSender((m) => (m === '{"i":1}' ? outcome : { ok: true }));
    const { task, dlq, summaries } = setup(DLQ, { sender });

    const error = await caught(
      task.process(kafkaEvent({ count: 3, topic: 't', value: values() }), options()),
    );

    expect(error).toBeInstanceOf(DeliveryRetryError);
    expect(error).toMatchObject({ retriable: true, record: 't-0@1' });
    expect(error.message).toContain(outcome.reason);
    expect(dlq.entries).toEqual([]);
    expect(summaries[0]).toMatchObject({ records: 3, retried: 3, deadLettered: 0 });
  });

  it('with partial responses resumes each partition at its first retriable record and dead-letters only before it', async () => {
    const sender = new ScriptedSender((m) => {
      if (m === '{"i":2}') return failedOutcome({ retriable: true, status: 503, reason: 'unavailable' });
      if (m === '{"i":1}' || m === '{"i":3}')
        return failedOutcome({ retriable: false, status: 400, reason: 'bad' });
      return { ok: true };
    });
    const { task, dlq, summaries } = setup({ ...DLQ, 'esm.report.batch.item.failures': 'true' }, { sender });
    const event = kafkaEvent({ count: 8, partitions: 2, topic: 't', value: values() });

    const response = await task.process(event, options());

    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: { partition: 't-0', offset: 2 } }] });
    expect(dlq.entries.map((e) => e.record.offset)).toEqual([1]);
    expect(summaries[0]).toMatchObject({ records: 8, delivered: 5, failed: 1, deadLettered: 1, retried: 2 });
  });

  it('fails the invocation when the dead letter queue cannot be written, so no record is lost', async () => {
    const { task, dlq } = setup(DLQ);
    dlq.failing = true;

    const error = await caught(
      task.process(kafkaEvent({ count: 2, topic: 't', value: values({ 0: '{' }) }), options()),
    );

    expect(error).toBeInstanceOf(DeadLetterQueueError);
    expect(error).toMatchObject({ retriable: true });
  });

  it('refuses an event that is not from a Kafka event source mapping, naming the JSON path', async () => {
    const { task } = setup({});
    await expect(task.process({ Records: [] }, options())).rejects.toThrow(MalformedEventError);
    await expect(task.process({ Records: [] }, options())).rejects.toThrow('$.eventSource');
  });
});

describe('null values (tombstones)', () => {
  const tombstones = () => kafkaEvent({ count: 3, topic: 't', value: values({ 1: null }) });

  it('are skipped by default, counted as filtered and logged', async () => {
    const { task, sender, dlq, logger, summaries } = setup(DLQ);

    await expect(task.process(tombstones(), options())).resolves.toBeUndefined();

    expect(sender.sent).toEqual(['{"i":0}', '{"i":2}']);
    expect(dlq.entries).toEqual([]);
    expect(summaries[0]).toMatchObject({ delivered: 2, filtered: 1 });
    expect(logger.lines).toContain(
      'info: Skipped 1 record(s), 1 with null values (behavior.on.null.values=ignore): t-0@1',
    );
  });

  it('are record errors with behavior.on.null.values=fail', async () => {
    const { task, dlq } = setup({ ...DLQ, 'behavior.on.null.values': 'fail' });

    await task.process(tombstones(), options());

    expect(dlq.entries.map((e) => [e.record.offset, e.record.value, e.failure.stage])).toEqual([
      [1, null, 'TASK_PUT'],
    ]);
  });
});

describe('transforms', () => {
  const chain = (apply: (r: SinkRecord) => SinkRecord | null): TransformationChain => ({ size: 1, apply });

  it('sends the transformed value and counts records a transform drops', async () => {
    const { task, sender, summaries } = setup(
      {},
      {
        createTransforms: () =>
          chain((r) =>
            (r.value as { i: number }).i === 1
              ? null
              : { ...r, value: { ...(r.value as object), topic: r.topic } },
          ),
      },
    );

    await task.process(kafkaEvent({ count: 3, topic: 't', value: values() }), options());

    expect(sender.sent).toEqual(['{"i":0,"topic":"t"}', '{"i":2,"topic":"t"}']);
    expect(summaries[0]).toMatchObject({ delivered: 2, filtered: 1 });
  });

  it('routes a failing transform through errors.tolerance in stage TRANSFORMATION, naming its class', async () => {
    const failure = Object.assign(new Error("Transformation 'xdm' failed"), {
      pluginClass: 'org.apache.kafka.connect.transforms.InsertField$Value',
      cause: Object.assign(new Error('Only Map objects supported'), {
        exceptionClass: 'org.apache.kafka.connect.errors.DataException',
      }),
    });
    const { task, dlq } = setup(DLQ, {
      createTransforms: () =>
        chain((r) => {
          if (r.kafkaOffset === 0) throw failure;
          return r;
        }),
    });

    await task.process(kafkaEvent({ count: 2, topic: 't', value: values() }), options());

    expect(dlq.entries[0]?.failure).toMatchObject({
      stage: 'TRANSFORMATION',
      className: 'org.apache.kafka.connect.transforms.InsertField$Value',
    });
  });
});

describe('sink task config', () => {
  it('reports every problem of every part at once, each naming its key', () => {
    const keys = problemKeys(() =>
      createSinkTask(
        {
          ...BASE,
          'errors.tolerance': 'some',
          'value.converter': 'com.example.NoSuchConverter',
          'behavior.on.null.values': 'delete',
          transforms: 'xdm',
        },
        { createSender: () => new ScriptedSender() },
      ),
    );
    expect(keys).toEqual(['errors.tolerance', 'behavior.on.null.values', 'value.converter', 'transforms']);
  });

  it('takes an SQS queue as the dead letter queue, but not together with a topic', () => {
    const url = 'https://sqs.eu-west-1.amazonaws.com/123456789012/aep-dlq';
    expect(parseSinkSettings({ ...BASE, 'errors.deadletterqueue.sqs.queue.url': url }).deadLetter).toEqual({
      kind: 'sqs',
      queueUrl: url,
      contextHeaders: false,
    });
    expect(() => parseSinkSettings({ ...BASE, ...DLQ, 'errors.deadletterqueue.sqs.queue.url': url })).toThrow(
      'errors.deadletterqueue.topic.name and errors.deadletterqueue.sqs.queue.url are mutually exclusive options, but both are set.',
    );
  });

  it('closes the sender it built when another part of the config is wrong', () => {
    const sender = new ScriptedSender();
    expect(() =>
      createSinkTask({ ...BASE, 'errors.tolerance': 'x' }, { createSender: () => sender }),
    ).toThrow(ConfigErrors);
    expect(sender.closed).toBe(true);
  });

  it('closes its sender and dead letter queue once running invocations finish', async () => {
    const { task, sender, dlq } = setup(DLQ);
    const running = task.process(kafkaEvent({ count: 1, topic: 't' }), options());

    await task.close();

    await expect(running).resolves.toBeUndefined();
    expect(sender.closed && dlq.closed).toBe(true);
  });
});
