// org.apache.kafka.connect.transforms.InsertHeader.
import { ConfigDef } from '../../config/index.ts';
import type { ConnectHeader } from '../../records/types.ts';
import { PluginClass } from '../constants.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';
import { parseString } from '../support/parse-string.ts';
import { nonNull } from '../validators.ts';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'header',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'The name of the header.',
      validator: nonNull,
    })
    .define({
      name: 'value.literal',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'The literal value that is to be set as the header value on all records.',
      validator: nonNull,
    });
}

/**
 * `InsertHeader`: appends a header whose value is `value.literal` typed by `Values.parseString` (`42` is an int8,
 * `true` a boolean, `2024-01-15` a Date, anything else a string).
 *
 * @example
 * insertHeader // transforms.h.header=source  transforms.h.value.literal=kafka
 */
export const insertHeader: TransformationPlugin = transformation({
  className: PluginClass.INSERT_HEADER,
  documentation: 'Add a header to each record.',
  configDef,
  configure(config) {
    const parsed = parseString(config.string('value.literal') as string);
    const header: ConnectHeader = {
      key: config.string('header') as string,
      value: parsed?.value ?? null,
      schema: parsed?.schema ?? null,
    };
    return { apply: (record) => ({ ...record, headers: [...record.headers, header] }) };
  },
});
