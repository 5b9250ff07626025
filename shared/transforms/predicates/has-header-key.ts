// org.apache.kafka.connect.transforms.predicates.HasHeaderKey.
import { ConfigDef, nonEmptyString } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type PredicatePlugin, predicate } from '../plugin.ts';

/**
 * `HasHeaderKey`: true when the record has at least one header named `name`.
 *
 * @example
 * hasHeaderKey // predicates.IsDelete.name=op-delete
 */
export const hasHeaderKey: PredicatePlugin = predicate({
  className: PluginClass.HAS_HEADER_KEY,
  documentation: 'A predicate which is true for records with at least one header with the configured name.',
  configDef: () =>
    new ConfigDef().define({
      name: 'name',
      type: 'STRING',
      importance: 'MEDIUM',
      documentation: 'The header name.',
      validator: nonEmptyString,
    }),
  configure(config) {
    const name = config.string('name') as string;
    return { test: (record) => record.headers.some((h) => h.key === name) };
  },
});
