// org.apache.kafka.connect.transforms.Filter.
import { ConfigDef } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';

/**
 * `Filter`: drops every record it is applied to; use it with a predicate (`transforms.<a>.predicate`).
 *
 * @example
 * filter // transforms.dropFoo.type=Filter  transforms.dropFoo.predicate=IsFoo
 */
export const filter: TransformationPlugin = transformation({
  className: PluginClass.FILTER,
  documentation:
    'Drops all records, filtering them from subsequent transformations in the chain. This is intended to be used conditionally to filter out records matching (or not matching) a particular Predicate.',
  configDef: () => new ConfigDef(),
  configure: () => ({ apply: () => null }),
});
