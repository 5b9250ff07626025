// org.apache.kafka.connect.transforms.TimestampConverter ($Key / $Value).
import { ConfigDef, validString } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import type { ConnectSchema } from '../../records/types.ts';
import { LogicalType, PluginClass } from '../constants.ts';
import type { Side, TransformationPlugin } from '../plugin.ts';
import { keyedTransformation, REPLACE_NULL_WITH_DEFAULT } from '../plugin.ts';
import { type DataMap, getField, requireMap, requireStruct, setField } from '../support/data.ts';
import { type JavaDateFormat, javaDateFormat } from '../support/date-format.ts';
import { isJavaLong, javaClassName } from '../support/java.ts';
import { asField, copySchemaBasics, fieldsOf, schemaCache, structValue } from '../support/schema.ts';
import { DAY_MS, logicalToMillis, millisToLogical } from '../support/temporal.ts';

const PURPOSE = 'converting timestamp formats';
const TYPES = ['string', 'unix', 'Date', 'Time', 'Timestamp'] as const;
type TimestampType = (typeof TYPES)[number];
/** The logical type of each Connect temporal target. */
const LOGICAL: Partial<Record<TimestampType, string>> = {
  Date: LogicalType.DATE,
  Time: LogicalType.TIME,
  Timestamp: LogicalType.TIMESTAMP,
};
const PRECISIONS = ['nanoseconds', 'microseconds', 'milliseconds', 'seconds'] as const;
type Precision = (typeof PRECISIONS)[number];
/** `TimeUnit` conversions between `unix.precision` and milliseconds (they truncate towards zero). */
const UNITS_PER_MILLI: Record<Precision, number> = {
  nanoseconds: 1e6,
  microseconds: 1e3,
  milliseconds: 1,
  seconds: 1e-3,
};

function unixToMillis(value: number | bigint, precision: Precision): number {
  if (typeof value === 'bigint') {
    return Number(precision === 'seconds' ? value * 1000n : value / BigInt(UNITS_PER_MILLI[precision]));
  }
  return precision === 'seconds' ? value * 1000 : Math.trunc(value / UNITS_PER_MILLI[precision]);
}

function millisToUnix(ms: number, precision: Precision): number {
  return precision === 'seconds' ? Math.trunc(ms / 1000) : ms * UNITS_PER_MILLI[precision];
}

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'field',
      type: 'STRING',
      defaultValue: '',
      importance: 'HIGH',
      documentation: 'The field containing the timestamp, or empty if the entire value is a timestamp',
    })
    .define({
      name: 'target.type',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'The desired timestamp representation: string, unix, Date, Time, or Timestamp',
      validator: validString(...TYPES),
    })
    .define({
      name: 'format',
      type: 'STRING',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation:
        'A SimpleDateFormat-compatible format for the timestamp. Used to generate the output when type=string or used to parse the input if the input is a string.',
    })
    .define({
      name: 'unix.precision',
      type: 'STRING',
      defaultValue: 'milliseconds',
      importance: 'LOW',
      documentation:
        'The desired Unix precision for the timestamp: seconds, milliseconds, microseconds, or nanoseconds. Used to generate the output when type=unix or used to parse the input if the input is a Long.Note: This SMT will cause precision loss during conversions from, and to, values with sub-millisecond components.',
      validator: validString(...PRECISIONS),
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/** `TimestampTranslator.typeSchema`. */
function typeSchema(type: TimestampType, optional: boolean): ConnectSchema {
  const schemas: Record<TimestampType, ConnectSchema> = {
    string: { type: 'string' },
    unix: { type: 'int64' },
    Date: { type: 'int32', name: LogicalType.DATE, version: 1 },
    Time: { type: 'int32', name: LogicalType.TIME, version: 1 },
    Timestamp: { type: 'int64', name: LogicalType.TIMESTAMP, version: 1 },
  };
  return optional ? { ...schemas[type], optional: true } : schemas[type];
}

/** `timestampTypeFromSchema`. */
function typeFromSchema(schema: ConnectSchema): TimestampType {
  if (schema.name === LogicalType.TIMESTAMP) return 'Timestamp';
  if (schema.name === LogicalType.DATE) return 'Date';
  if (schema.name === LogicalType.TIME) return 'Time';
  if (schema.type === 'string') return 'string';
  if (schema.type === 'int64') return 'unix';
  const name = schema.name ? `${schema.name}:` : '';
  throw new DataException(
    `Schema Schema{${name}${schema.type.toUpperCase()}} does not correspond to a known timestamp type format`,
  );
}

/** `inferTimestampType`: Date → Timestamp, Long → unix, String → string. */
function inferType(value: unknown): TimestampType {
  if (value instanceof Date) return 'Timestamp';
  if ((typeof value === 'number' && isJavaLong(value)) || typeof value === 'bigint') return 'unix';
  if (typeof value === 'string') return 'string';
  throw new DataException(
    `TimestampConverter does not support class ${javaClassName(value)} objects as timestamps`,
  );
}

/**
 * `TimestampConverter$Key` / `TimestampConverter$Value`: converts a timestamp (the whole key/value, or `field`)
 * between a formatted string, Unix time in `unix.precision`, and Connect's Date, Time and Timestamp (JS `Date`
 * objects, UTC). The input type comes from the schema, or from the value when schemaless.
 *
 * @example
 * timestampConverter(VALUE) // field=ts target.type=string format=yyyy-MM-dd'T'HH:mm:ss'Z'
 */
export function timestampConverter(side: Side): TransformationPlugin {
  return keyedTransformation(side, {
    keyClass: PluginClass.TIMESTAMP_CONVERTER_KEY,
    valueClass: PluginClass.TIMESTAMP_CONVERTER_VALUE,
    documentation: `Convert timestamps between different formats such as Unix epoch, strings, and Connect Date/Timestamp types.Applies to individual fields or to the entire value.`,
    configDef,
    configure(config) {
      const field = config.string('field') as string;
      const target = config.string('target.type') as TimestampType;
      const pattern = config.string('format') as string;
      const precision = config.string('unix.precision') as Precision;
      const replaceNullWithDefault = config.bool('replace.null.with.default');
      const blank = pattern.trim() === '';
      if (target === 'string' && blank) {
        throw config.problem(
          'format',
          'TimestampConverter requires format option to be specified when using string timestamps',
        );
      }
      let format: JavaDateFormat | null = null;
      if (!blank) {
        try {
          format = javaDateFormat(pattern);
        } catch {
          throw config.problem(
            'format',
            `TimestampConverter requires a SimpleDateFormat-compatible pattern for string timestamps: ${pattern}`,
          );
        }
      }

      /** `TimestampTranslator.toRaw`: epoch milliseconds. */
      const toMillis = (value: unknown, type: TimestampType): number => {
        if (type === 'string') {
          if (typeof value !== 'string') {
            throw new DataException(
              `Expected string timestamp to be a String, but found class ${javaClassName(value)}`,
            );
          }
          if (!format) {
            throw new DataException(
              'TimestampConverter requires format option to be specified when using string timestamps',
            );
          }
          let millis: number | undefined;
          try {
            millis = format.parse(value);
          } catch (e) {
            throw new DataException(`Could not parse timestamp: ${(e as Error).message}`);
          }
          if (millis === undefined) {
            throw new DataException(
              `Could not parse timestamp: value (${value}) does not match pattern (${pattern})`,
            );
          }
          return millis;
        }
        if (type === 'unix') {
          if (!((typeof value === 'number' && isJavaLong(value)) || typeof value === 'bigint')) {
            throw new DataException(
              `Expected Unix timestamp to be a Long, but found class ${javaClassName(value)}`,
            );
          }
          return unixToMillis(value, precision);
        }
        const ms = logicalToMillis(LOGICAL[type], value);
        if (ms === undefined) {
          throw new DataException(
            `Expected ${type} to be a java.util.Date, but found class ${javaClassName(value)}`,
          );
        }
        return ms;
      };

      /** `TimestampTranslator.toType`: with a schema a temporal target is its stored number, else a `Date`. */
      const fromMillis = (ms: number, withSchema: boolean): unknown => {
        if (target === 'string') return (format as JavaDateFormat).format(ms);
        if (target === 'unix') return millisToUnix(ms, precision);
        const logical = LOGICAL[target] as string;
        const stored = millisToLogical(logical, ms);
        if (withSchema) return stored;
        return new Date(target === 'Date' ? stored * DAY_MS : stored);
      };

      const convert = (value: unknown, type: TimestampType | null) =>
        value === null || value === undefined
          ? null
          : fromMillis(toMillis(value, type ?? inferType(value)), type !== null);

      const convertStruct = (struct: DataMap, schema: ConnectSchema) => {
        const updated: DataMap = {};
        for (const f of fieldsOf(schema)) {
          const value = structValue(struct, f, replaceNullWithDefault);
          setField(updated, f.field, f.field === field ? convert(value, typeFromSchema(f)) : value);
        }
        return updated;
      };

      const cached = schemaCache();
      const updatedSchema = (schema: ConnectSchema) =>
        cached(schema, () => {
          const updated: ConnectSchema = {
            ...copySchemaBasics(schema, 'struct'),
            fields: fieldsOf(schema).map((f) =>
              f.field === field ? asField(f.field, typeSchema(target, f.optional === true)) : f,
            ),
          };
          if (schema.optional) updated.optional = true;
          if (schema.default !== undefined && schema.default !== null) {
            updated.default = convertStruct(requireStruct(schema.default, 'struct', PURPOSE), schema);
          }
          return updated;
        });

      return {
        apply(record) {
          const schema = side.schema(record);
          const value = side.value(record);
          if (schema === null) {
            if (value === null || value === undefined || field === '')
              return side.update(record, null, convert(value, null));
            const map = requireMap(value, PURPOSE);
            const updated = { ...map };
            setField(updated, field, convert(getField(map, field), null));
            return side.update(record, null, updated);
          }
          if (field === '') {
            return side.update(
              record,
              typeSchema(target, schema.optional === true),
              convert(value, typeFromSchema(schema)),
            );
          }
          const struct =
            value === null || value === undefined ? null : requireStruct(value, schema.type, PURPOSE);
          return side.update(record, updatedSchema(schema), struct && convertStruct(struct, schema));
        },
      };
    },
  });
}
