// org.apache.kafka.connect.transforms.RegexRouter.
import { ConfigDef } from '../../config/index.ts';
import { PluginClass } from '../constants.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';
import { javaPattern } from '../support/regex.ts';
import { javaRegex } from '../validators.ts';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'regex',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'Regular expression to use for matching.',
      validator: javaRegex,
    })
    .define({
      name: 'replacement',
      type: 'STRING',
      importance: 'HIGH',
      documentation: 'Replacement string.',
    });
}

/**
 * `RegexRouter`: when the whole topic matches `regex` (`Matcher.matches()`), the topic becomes
 * `replaceFirst(replacement)` with Java's `$1` / `${name}` references; otherwise the record is unchanged.
 *
 * @example
 * regexRouter // regex=soe-(.*)  replacement=$1 : soe-Order → Order
 */
export const regexRouter: TransformationPlugin = transformation({
  className: PluginClass.REGEX_ROUTER,
  documentation:
    'Update the record topic using the configured regular expression and replacement string.<p/>Under the hood, the regex is compiled to a <code>java.util.regex.Pattern</code>. If the pattern matches the input topic, <code>java.util.regex.Matcher#replaceFirst()</code> is used with the replacement string to obtain the new topic.',
  configDef,
  configure(config) {
    const pattern = javaPattern(config.string('regex') as string);
    const replacement = config.string('replacement') as string;
    let replaceFirst: (topic: string) => string;
    try {
      replaceFirst = pattern.replacer(replacement);
    } catch (e) {
      throw config.invalid('replacement', replacement, (e as Error).message);
    }
    return {
      apply(record) {
        return pattern.matches(record.topic) ? { ...record, topic: replaceFirst(record.topic) } : record;
      },
    };
  },
});
