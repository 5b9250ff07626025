// org.apache.kafka.connect.transforms.DropHeaders.
import { ConfigDef, nonEmptyList } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';

/**
 * `DropHeaders`: removes every header whose key is listed in `headers`.
 *
 * @example
 * dropHeaders // transforms.drop.headers=app.id,txn.id
 */
export const dropHeaders: TransformationPlugin = transformation({
  className: PluginClass.DROP_HEADERS,
  documentation: 'Removes one or more headers from each record.',
  configDef: () =>
    new ConfigDef().define({
      name: 'headers',
      type: 'LIST',
      importance: 'HIGH',
      documentation: 'The name of the headers to be removed.',
      validator: nonEmptyList,
    }),
  configure(config) {
    const names = new Set(config.list('headers'));
    return { apply: (record) => ({ ...record, headers: record.headers.filter((h) => !names.has(h.key)) }) };
  },
});
