// Untrusted input at the edges: connector configs and record values. The property: a ConfigErrors, a chain, or a
// record that fails with our DataException — never another error escaping (a TypeError would fail the batch).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigErrors } from '../../../shared/config/index.ts';
import type { SinkRecord } from '../../../shared/records/types.ts';
import {
  buildTransformationChain,
  DataException,
  TransformationError,
  transformPlugins,
} from '../../../shared/transforms/index.ts';
import { sinkRecord } from './helpers.ts';

const PLUGINS = transformPlugins();
const TRANSFORMS = PLUGINS.filter((p) => p.type === 'transformation');
const PREDICATES = PLUGINS.filter((p) => p.type === 'predicate');
const text = fc.oneof(
  fc.string(),
  fc.constantFrom(
    '',
    'a',
    'a,b',
    'a:b',
    'a:int8',
    'int32',
    '$1',
    '(.*)',
    'V2',
    'yyyy',
    'move',
    'kafka',
    'true',
    '[]',
  ),
);

/** Values a key usually gets; the fuzzer picks one most of the time so that many configs are valid. */
const TYPICAL: Record<string, readonly string[]> = {
  'topic.field': ['topic'],
  'offset.field': ['offset!'],
  'static.field': ['source'],
  'static.value': ['kafka'],
  fields: ['a', 'a,b'],
  field: ['a', 'a.b'],
  headers: ['h', 'h,i'],
  operation: ['copy', 'move'],
  spec: ['a:int8', 'string', 'a:boolean,b:float32'],
  regex: ['(.*)', 'o(.*)'],
  replacement: ['$1', 'x'],
  'target.type': ['string', 'unix', 'Date', 'Time', 'Timestamp'],
  format: ['yyyy-MM-dd', "HH:mm:ss.SSS'Z'"],
  header: ['h'],
  'value.literal': ['42', 'x', '[1,2]'],
  'schema.id': ['https://ns.adobe.com/x/schemas/1'],
  'schema.name': ['S'],
  operations: ['[{"op":"add","path":"/x","value":1}]', '[{"op":"remove","path":"/a"}]'],
  pattern: ['o.*', 'orders'],
  name: ['h'],
  'id.from': ['kafka'],
  'field.syntax.version': ['V1', 'V2'],
};

/** A config of one to three transforms (and a predicate), each key set to a typical or a random value. */
const configs = fc
  .tuple(
    fc.array(fc.constantFrom(...TRANSFORMS), { minLength: 1, maxLength: 3 }),
    fc.constantFrom(...PREDICATES),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 9 }), text), { minLength: 40, maxLength: 40 }),
    fc.boolean(),
  )
  .map(([transforms, predicate, choices, negate]) => {
    let next = 0;
    const value = (key: string): string | undefined => {
      const [pick, dice, random] = choices[next++ % choices.length] as [number, number, string];
      const typical = TYPICAL[key];
      if (dice === 0) return undefined;
      if (dice <= 2) return random;
      return typical ? (typical[pick % typical.length] as string) : undefined;
    };
    const config: Record<string, string> = {
      transforms: transforms.map((_, i) => `t${i}`).join(','),
      predicates: 'p',
    };
    const set = (prefix: string, keys: readonly { name: string }[]) => {
      for (const { name } of keys) {
        const v = value(name);
        if (v !== undefined) config[`${prefix}${name}`] = v;
      }
    };
    transforms.forEach((plugin, i) => {
      config[`transforms.t${i}.type`] = plugin.className;
      set(`transforms.t${i}.`, plugin.configDef().keys());
      if (negate)
        Object.assign(config, { [`transforms.t${i}.predicate`]: 'p', [`transforms.t${i}.negate`]: 'true' });
    });
    config['predicates.p.type'] = predicate.className;
    set('predicates.p.', predicate.configDef().keys());
    return config;
  });

const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
/** JSON objects whose keys include the ones transforms look for, and own `__proto__`/`constructor` keys. */
const maps = fc
  .array(fc.tuple(fc.constantFrom('a', 'b', 'h', 'x', 'ts', '__proto__', 'constructor'), json), {
    maxLength: 6,
  })
  .map(
    (entries) =>
      JSON.parse(
        `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`,
      ) as unknown,
  );
const values = fc.oneof(
  maps,
  json,
  fc.constant(null),
  fc.string(),
  fc.uint8Array().map((b) => Buffer.from(b)),
);

function check(config: Record<string, string>, value: unknown): void {
  let chain: ReturnType<typeof buildTransformationChain>;
  try {
    chain = buildTransformationChain(config);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigErrors);
    return;
  }
  const record: SinkRecord = sinkRecord({ value, key: value });
  try {
    chain.apply(record);
  } catch (e) {
    expect(e).toBeInstanceOf(TransformationError);
    expect((e as Error).cause).toBeInstanceOf(DataException);
  }
}

describe('fuzzing the chain', () => {
  it('configures or reports ConfigErrors, and fails records only with DataException', () => {
    fc.assert(fc.property(configs, values, check), { numRuns: 400 });
  });
});
