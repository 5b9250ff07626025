// org.apache.kafka.connect.transforms.TimestampRouter.
import { ConfigDef } from '../../config/index.ts';
import { DataException } from '../../converters/index.ts';
import { PluginClass } from '../constants.ts';
import { recordId } from '../errors.ts';
import { type TransformationPlugin, transformation } from '../plugin.ts';
import { type JavaDateFormat, javaDateFormat } from '../support/date-format.ts';

// biome-ignore lint/suspicious/noTemplateCurlyInString: Connect's literal placeholder, not a template.
const TOPIC = '${topic}';
// biome-ignore lint/suspicious/noTemplateCurlyInString: Connect's literal placeholder, not a template.
const TIMESTAMP = '${timestamp}';

function configDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'topic.format',
      type: 'STRING',
      defaultValue: `${TOPIC}-${TIMESTAMP}`,
      importance: 'HIGH',
      documentation: `Format string which can contain <code>${TOPIC}</code> and <code>${TIMESTAMP}</code> as placeholders for the topic and timestamp, respectively.`,
    })
    .define({
      name: 'timestamp.format',
      type: 'STRING',
      defaultValue: 'yyyyMMdd',
      importance: 'HIGH',
      documentation:
        'Format string for the timestamp that is compatible with <code>java.text.SimpleDateFormat</code>.',
    });
}

/**
 * `TimestampRouter`: topic = `topic.format` with `${topic}` and `${timestamp}` (the record timestamp formatted
 * with `timestamp.format` in UTC). A record without a timestamp fails.
 *
 * @example
 * timestampRouter // topic.format=foo-${topic}-${timestamp}, timestamp.format=YYYYMM: ordersTopic → foo-ordersTopic-201804
 */
export const timestampRouter: TransformationPlugin = transformation({
  className: PluginClass.TIMESTAMP_ROUTER,
  documentation:
    "Update the record's topic field as a function of the original topic value and the record timestamp.<p/>This is mainly useful for sink connectors, since the topic field is often used to determine the equivalent entity name in the destination system(e.g. database table or search index name).",
  configDef,
  configure(config) {
    const topicFormat = config.string('topic.format') as string;
    const pattern = config.string('timestamp.format') as string;
    let format: JavaDateFormat;
    try {
      format = javaDateFormat(pattern);
    } catch (e) {
      throw config.invalid('timestamp.format', pattern, (e as Error).message);
    }
    return {
      apply(record) {
        if (record.timestamp === null)
          throw new DataException(`Timestamp missing on record: ${recordId(record)}`);
        const topic = topicFormat
          .replaceAll(TOPIC, record.topic)
          .replaceAll(TIMESTAMP, format.format(record.timestamp));
        return { ...record, topic };
      },
    };
  },
});
