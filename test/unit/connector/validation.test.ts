// Connector validation as Connect's AbstractHerder.validateConnectorConfig does it, with the project's plugins (the
// AEP sink, transforms, converters) plus a small test connector with a PASSWORD key.
import { describe, expect, it } from 'vitest';
import { ConfigDef } from '../../../shared/config/index.ts';
import {
  type ConfigInfos,
  configErrorsMessage,
  PluginRegistry,
  type SinkConnectorPlugin,
  validateConnectorConfig,
} from '../../../shared/connector/index.ts';
import { defaultPluginRegistry } from '../../../shared/rest/index.ts';

const AEP = 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector';

const secretSink: SinkConnectorPlugin = {
  className: 'com.example.SecretSinkConnector',
  type: 'sink',
  configDef: () =>
    new ConfigDef().define({ name: 'api.key', type: 'PASSWORD', importance: 'HIGH', documentation: 'k' }),
  validate: () => [],
};

const project = defaultPluginRegistry();
const withSecrets = new PluginRegistry([secretSink]);

const base = {
  'connector.class': AEP,
  name: 'orders',
  topics: 'orders',
  'aep.endpoint': 'https://dcs.adobedc.net/collection/abc123',
};

function errorsOf(infos: ConfigInfos): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of infos.configs)
    if (c.value && c.value.errors.length > 0) out[c.value.name] = [...c.value.errors];
  return out;
}
/** Validates `base` with `config` added, with the project's plugins. */
const validated = (config: Record<string, string | null>) =>
  validateConnectorConfig({ ...base, ...config }, { registry: project });
/** Validates the test connector with a PASSWORD key, reading topic `t`, with `config` added. */
const validatedSecretSink = (config: Record<string, string>) =>
  validateConnectorConfig(
    { 'connector.class': secretSink.className, topics: 't', ...config },
    { registry: withSecrets },
  );
const infoOf = (infos: ConfigInfos, key: string) => infos.configs.find((c) => c.value?.name === key);

describe('validateConnectorConfig', () => {
  it("accepts the Adobe README config as it is, converters' own keys included", () => {
    const infos = validateConnectorConfig(
      {
        'connector.class': AEP,
        name: 'aep-sink-connector',
        topics: 'connect-test',
        'tasks.max': '1',
        'key.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'key.converter.schemas.enable': 'false',
        'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
        'value.converter.schemas.enable': 'false',
        'aep.endpoint': 'https://dcs.adobedc.net/collection/abc123',
        'aep.flush.interval.seconds': '1',
        'aep.flush.bytes.kb': '4',
      },
      { registry: project },
    );
    expect(errorsOf(infos)).toEqual({});
    expect(infos.error_count).toBe(0);
    expect(infos.name).toBe(AEP);
    expect(infoOf(infos, 'value.converter.schemas.enable')).toMatchObject({
      definition: { name: 'value.converter.schemas.enable', type: 'BOOLEAN' },
      value: { value: 'false', errors: [] },
    });
    expect(infos.groups.slice(0, 4)).toEqual(['Common', 'Transforms', 'Predicates', 'Error Handling']);
    expect(infos.groups).toContain('Event Source Mapping');
  });

  it('accepts the short aliases and reports the class as submitted', () => {
    for (const alias of ['AEPSinkConnector', 'AEPSink']) {
      const infos = validated({ 'connector.class': alias });
      expect(infos).toMatchObject({ name: alias, error_count: 0 });
    }
  });

  it('requires exactly one of topics and topics.regex, reporting it on both keys', () => {
    const both = validated({ 'topics.regex': 'o.*' });
    const message = 'topics and topics.regex are mutually exclusive options, but both are set.';
    expect(errorsOf(both)).toEqual({ topics: [message], 'topics.regex': [message] });
    expect(both.error_count).toBe(2);
    const { topics: _t, ...none } = base;
    const neither = validateConnectorConfig(none, { registry: project });
    expect(errorsOf(neither)).toEqual({
      topics: ['Must configure one of topics or topics.regex'],
      'topics.regex': ['Must configure one of topics or topics.regex'],
    });
  });

  it('refuses a DLQ topic the connector reads', () => {
    const listed = validated({ topics: 'a, b,a', 'errors.deadletterqueue.topic.name': 'b' });
    expect(errorsOf(listed).topics).toEqual([
      "The DLQ topic 'b' may not be included in the list of topics ('topics=[a, b]') consumed by the connector",
    ]);
    const { topics: _t, ...noTopics } = base;
    const matched = validateConnectorConfig(
      { ...noTopics, 'topics.regex': 'dl.*', 'errors.deadletterqueue.topic.name': 'dlq' },
      { registry: project },
    );
    expect(errorsOf(matched)['topics.regex']).toEqual([
      "The DLQ topic 'dlq' may not be matched by the regex for the topics ('topics.regex=dl.*') consumed by the connector",
    ]);
  });

  it('reports null values, on keys nobody defines too', () => {
    const infos = validated({ 'tasks.max': null, 'my.key': null });
    const message = 'Null value can not be supplied as the configuration value.';
    expect(errorsOf(infos)).toEqual({
      'tasks.max': ['Invalid value null for configuration tasks.max: Value must be non-null', message],
      'my.key': [message],
    });
    expect(infoOf(infos, 'my.key')).toEqual({
      definition: null,
      value: { name: 'my.key', value: null, recommended_values: [], errors: [message], visible: true },
    });
    expect(infos.configs[0]?.definition).toBeNull();
  });

  it("reports types and validators with Connect's messages, and reads each key once", () => {
    const infos = validated({
      'tasks.max': '0',
      'errors.tolerance': 'some',
      'errors.log.enable': 'yes',
      'esm.batch.size': 'x',
    });
    expect(errorsOf(infos)).toEqual({
      'tasks.max': ['Invalid value 0 for configuration tasks.max: Value must be at least 1'],
      'errors.tolerance': [
        'Invalid value some for configuration errors.tolerance: String must be one of: none, all',
      ],
      'errors.log.enable': [
        'Invalid value yes for configuration errors.log.enable: Expected value to be either true or false',
      ],
      'esm.batch.size': [
        'Invalid value x for configuration esm.batch.size: Not a number of type INT',
        'Invalid value null for configuration esm.batch.size: Value must be non-null',
      ],
    });
  });

  it("enriches transforms and predicates with the plugins' keys, through the registry's enricher", () => {
    const infos = validated({
      transforms: 'add,add,unknown,neg,route',
      'transforms.add.type': 'InsertField$Value',
      'transforms.add.static.field': 'source',
      'transforms.add.static.value': 'kafka',
      'transforms.unknown.type': 'com.example.Nope',
      'transforms.neg.type': 'org.apache.kafka.connect.transforms.Filter',
      'transforms.neg.negate': 'true',
      'transforms.route.type': 'RegexRouter',
      predicates: 'isOrders',
      'predicates.isOrders.type': 'TopicNameMatches',
      'predicates.isOrders.pattern': 'orders',
    });
    expect(errorsOf(infos)).toEqual({
      transforms: [
        'Invalid value [add, add, unknown, neg, route] for configuration transforms: Duplicate alias provided.',
      ],
      'transforms.unknown.type': [
        'Invalid value com.example.Nope for configuration transforms.unknown.type: Class com.example.Nope could not be found.',
      ],
      'transforms.neg.type': [
        "Config 'transforms.neg.negate' was provided but there is no config 'transforms.neg.predicate' defining a predicate to be negated.",
      ],
      'transforms.route.regex': [
        'Missing required configuration "transforms.route.regex" which has no default value.',
      ],
      'transforms.route.replacement': [
        'Missing required configuration "transforms.route.replacement" which has no default value.',
      ],
    });
    expect(infoOf(infos, 'transforms.add.static.field')?.definition).toMatchObject({
      group: 'Transforms: add',
    });
    expect(infoOf(infos, 'predicates.isOrders.pattern')?.value).toMatchObject({
      value: 'orders',
      errors: [],
    });
    expect(infos.groups).toEqual(
      expect.arrayContaining(['Transforms: add', 'Transforms: route', 'Predicates: isOrders']),
    );
  });

  it("adds each transform's configure-time checks", () => {
    const infos = validated({ transforms: 'i', 'transforms.i.type': 'InsertField$Value' });
    expect(errorsOf(infos)).toEqual({ 'transforms.i.type': ['No field insertion configured'] });
  });

  it('reports transform keys only as the framework list without an enricher', () => {
    const infos = validatedSecretSink({
      name: 'x',
      'api.key': 'k',
      transforms: 'a',
      'transforms.a.type': 'Nope',
    });
    expect(errorsOf(infos)).toEqual({});
    expect(infoOf(infos, 'transforms.a.type')).toBeUndefined();
  });

  it('checks converter classes against the converters the project ships', () => {
    const infos = validated({
      'value.converter': 'com.example.AvroConverter',
      'key.converter': 'SimpleHeaderConverter',
    });
    expect(errorsOf(infos)).toEqual({
      'value.converter': [
        'Invalid value com.example.AvroConverter for configuration value.converter: Class com.example.AvroConverter could not be found.',
      ],
      'key.converter': [
        'Class class org.apache.kafka.connect.storage.SimpleHeaderConverter does not implement the Converter interface',
      ],
    });
  });

  it('hides PASSWORD values, of the connector and of client overrides', () => {
    const infos = validatedSecretSink({
      name: 'secret',
      'api.key': 's3cret',
      'consumer.override.sasl.jaas.config': 'org.apache.kafka… password="s3cret";',
      'consumer.override.max.poll.records': '10',
    });
    expect(JSON.stringify(infos)).not.toContain('s3cret');
    expect(infoOf(infos, 'api.key')?.value?.value).toBe('[hidden]');
    expect(infoOf(infos, 'consumer.override.sasl.jaas.config')?.value?.value).toBe('[hidden]');
    expect(infoOf(infos, 'consumer.override.max.poll.records')).toMatchObject({
      definition: null,
      value: { value: '10' },
    });
  });

  it('leaves values with config provider placeholders to the sink', () => {
    const infos = validated(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: config provider placeholders, resolved by the sink
      { 'tasks.max': '${env:TASKS}', 'aep.endpoint': '${secretsmanager:aep/endpoint}' },
    );
    expect(errorsOf(infos)).toEqual({});
  });

  it('adds the problems of host checks to their keys, each message once', () => {
    const infos = validateConnectorConfig(base, {
      registry: project,
      checks: [
        () => [{ key: 'topics', message: 'not on this cluster' }],
        () => [
          { key: 'topics', message: 'not on this cluster' },
          { key: 'consumer.override.group.id', message: 'bad group' },
        ],
      ],
    });
    expect(errorsOf(infos)).toEqual({
      topics: ['not on this cluster'],
      'consumer.override.group.id': ['bad group'],
    });
    expect(configErrorsMessage(infos)).toBe(
      [
        'Connector configuration is invalid and contains the following 2 error(s):',
        'bad group',
        'not on this cluster',
        'You can also find the above list of errors at the endpoint `/connector-plugins/{connectorType}/config/validate`',
      ].join('\n'),
    );
  });

  it("names a missing connector.class and an unknown one with Connect's messages", () => {
    expect(() => validateConnectorConfig({ name: 'x', 'api.key': 'k' }, { registry: withSecrets })).toThrow(
      'Connector config {name=x, api.key=[hidden]} contains no connector type',
    );
    expect(() =>
      validateConnectorConfig({ 'connector.class': 'FileStreamSink' }, { registry: project }),
    ).toThrow(expect.objectContaining({ name: 'ConfigException', key: 'connector.class' }));
    expect(() =>
      validateConnectorConfig({ 'connector.class': 'FileStreamSink' }, { registry: project }),
    ).toThrow(
      `Failed to find any class that implements Connector and which name matches FileStreamSink, available connectors are: PluginDesc{klass=class ${AEP}, name='${AEP}', version='0.1.0'`,
    );
  });
});

describe('converter settings', () => {
  it('name the full prefixed key in every message, as docs/sink.md promises', () => {
    const infos = validated({
      'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
      'value.converter.schemas.enable': 'maybe',
      'value.converter.decimal.format': 'octal',
      'value.converter.schemas.cache.size': 'many',
      'key.converter': 'org.apache.kafka.connect.storage.StringConverter',
      'key.converter.converter.encoding': 'EBCDIC',
    });
    const errors = errorsOf(infos);
    for (const key of [
      'value.converter.schemas.enable',
      'value.converter.decimal.format',
      'value.converter.schemas.cache.size',
      'key.converter.converter.encoding',
    ]) {
      expect(errors[key], key).toEqual([expect.stringContaining(`for configuration ${key}:`)]);
    }
    expect(configErrorsMessage(infos)).not.toMatch(/for configuration (schemas|decimal|converter)\./);
  });
});
