// org.apache.kafka.connect.transforms.predicates.TopicNameMatches.
import { ConfigDef, composite, nonEmptyString } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type PredicatePlugin, predicate } from '../plugin.ts';
import { javaPattern } from '../support/regex.ts';
import { javaRegex } from '../validators.ts';

/**
 * `TopicNameMatches`: true when the whole topic name matches the Java regex `pattern`.
 *
 * @example
 * topicNameMatches // predicates.IsFoo.pattern=foo
 */
export const topicNameMatches: PredicatePlugin = predicate({
  className: PluginClass.TOPIC_NAME_MATCHES,
  documentation:
    'A predicate which is true for records with a topic name that matches the configured regular expression.',
  configDef: () =>
    new ConfigDef().define({
      name: 'pattern',
      type: 'STRING',
      importance: 'MEDIUM',
      documentation: "A Java regular expression for matching against the name of a record's topic.",
      validator: composite(nonEmptyString, javaRegex),
    }),
  configure(config) {
    const pattern = javaPattern(config.string('pattern') as string);
    return { test: (record) => pattern.matches(record.topic) };
  },
});
