// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone.
import { ConfigDef } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type PredicatePlugin, predicate } from '../plugin.ts';

/**
 * `RecordIsTombstone`: true when the record value is null.
 *
 * @example
 * recordIsTombstone // transforms.dropDeletes.predicate=IsTombstone (with Filter)
 */
export const recordIsTombstone: PredicatePlugin = predicate({
  className: PluginClass.RECORD_IS_TOMBSTONE,
  documentation: 'A predicate which is true for records which are tombstones (i.e. have null value).',
  configDef: () => new ConfigDef(),
  configure: () => ({ test: (record) => record.value === null || record.value === undefined }),
});
