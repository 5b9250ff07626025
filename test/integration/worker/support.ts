// Helpers of the worker tests: records on the real broker, REST calls, bounded waits.
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Message } from '../../../shared/kafka/index.ts';
import { SILENT_LOGGER } from '../../../shared/logging/index.ts';
import { produceBatches } from '../../support/kafka.ts';

export const quiet = SILENT_LOGGER;

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The config of an AEP sink connector reading `topic` with schemaless JSON values. */
export function sinkConfig(
  topic: string,
  endpoint: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
    topics: topic,
    'aep.endpoint': endpoint,
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'false',
    ...extra,
  };
}

/** JSON over HTTP; returns status and parsed body (undefined when empty). */
export async function rest(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  // biome-ignore lint/suspicious/noExplicitAny: REST bodies of many shapes, read field by field in assertions
): Promise<{ status: number; body: any }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** Creates connector `name` through the REST API of the worker at `base`; anything but 201 fails the test. */
export async function createConnector(
  base: string,
  name: string,
  config: Record<string, string>,
): Promise<void> {
  const created = await rest(base, 'POST', '/connectors', { name, config });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
}

/** Waits until `check` holds, polling every 100 ms, for at most `ms`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  ms = 60_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** An AEP message for record `id`; `_id` identifies it at the emulator. */
export function eventValue(id: number): string {
  return JSON.stringify({
    header: { msgType: 'xdmEntityCreate' },
    body: { xdmEntity: { _id: `e-${id}`, sequence: id } },
  });
}

/** Creates a topic and produces records `from…from+count-1`, record `i` to partition `i % partitions`. */
export async function produce(
  bootstrap: string,
  topic: string,
  count: number,
  partitions: number,
  from = 0,
): Promise<void> {
  const batches: Message[][] = [];
  for (let start = from; start < from + count; start += 1_000) {
    const end = Math.min(from + count, start + 1_000);
    batches.push(
      Array.from({ length: end - start }, (_, i) => ({
        key: `k-${start + i}`,
        value: eventValue(start + i),
        partition: (start + i) % partitions,
      })),
    );
  }
  await produceBatches(bootstrap, topic, partitions, batches);
}

/** Produces JSON values to `topic` (created with one partition when missing), in order. */
export async function produceValues(
  bootstrap: string,
  topic: string,
  values: readonly unknown[],
): Promise<void> {
  await produceBatches(bootstrap, topic, 1, [values.map((v) => ({ value: JSON.stringify(v) }))]);
}

export function randomTopic(): string {
  return `worker-${randomUUID()}`;
}

/** Record ids in the order the emulator accepted them. */
export function idsOf(messages: readonly unknown[]): number[] {
  return messages.flatMap((m) =>
    [...JSON.stringify(m).matchAll(/"_id":"e-(\d+)"/g)].map((x) => Number(x[1])),
  );
}
