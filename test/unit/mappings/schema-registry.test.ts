import { describe, expect, it } from 'vitest';
import {
  mappingDecodedConverters,
  resolveMappingSettings,
  validateMappingConfig,
} from '../../../shared/mappings/index.ts';
import { createRequest } from '../../../shared/mappings/lambda/index.ts';

const BASE = {
  name: 'orders',
  'connector.class': 'com.adobe.platform.streaming.sink.impl.AEPSinkConnector',
  topics: 'orders',
  'esm.msk.cluster.arn': 'arn:aws:kafka:us-east-1:123456789012:cluster/demo/abc-1',
  'value.converter': 'io.confluent.connect.avro.AvroConverter',
  'value.converter.schema.registry.url': 'https://sr.example.com',
};
const SECRET = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:aep-sink/registry-AbCdEf';

describe('esm.schema.registry.* → SchemaRegistryConfig', () => {
  it('maps a Confluent registry with basic auth onto the mapping, delivering JSON', () => {
    const settings = resolveMappingSettings(
      {
        ...BASE,
        'esm.schema.registry.url': 'https://sr.example.com',
        'esm.schema.registry.validate': 'KEY,VALUE',
        'esm.schema.registry.auth.type': 'BASIC_AUTH',
        'esm.schema.registry.auth.secret.arn': SECRET,
      },
      { lambda: true },
    );
    const request = createRequest(
      settings,
      'orders',
      'arn:aws:lambda:us-east-1:123456789012:function:sink:orders',
      true,
    );
    expect(request.AmazonManagedKafkaEventSourceConfig?.SchemaRegistryConfig).toEqual({
      SchemaRegistryURI: 'https://sr.example.com',
      EventRecordFormat: 'JSON',
      SchemaValidationConfigs: [{ Attribute: 'KEY' }, { Attribute: 'VALUE' }],
      AccessConfigs: [{ Type: 'BASIC_AUTH', URI: SECRET }],
    });
    expect(request.ProvisionedPollerConfig).toBeDefined();
  });

  it('maps a Glue registry without credentials', () => {
    const glue = 'arn:aws:glue:us-east-1:123456789012:registry/orders';
    const settings = resolveMappingSettings({ ...BASE, 'esm.schema.registry.url': glue }, { lambda: true });
    const request = createRequest(settings, 'orders', 'fn', true);
    expect(request.AmazonManagedKafkaEventSourceConfig?.SchemaRegistryConfig).toEqual({
      SchemaRegistryURI: glue,
      EventRecordFormat: 'JSON',
      SchemaValidationConfigs: [{ Attribute: 'VALUE' }],
    });
  });

  it('names the offending key of every bad combination', () => {
    const keys = (extra: Record<string, string>) =>
      validateMappingConfig({ ...BASE, ...extra }, { lambda: true }).map((p) => [p.key, p.message]);
    expect(keys({ 'esm.schema.registry.url': 'ftp://x' })[0]?.[0]).toBe('esm.schema.registry.url');
    expect(
      keys({ 'esm.schema.registry.url': 'https://sr', 'esm.schema.registry.event.record.format': 'SOURCE' }),
    ).toEqual([
      [
        'esm.schema.registry.event.record.format',
        'Invalid value SOURCE for configuration esm.schema.registry.event.record.format: only JSON is supported (SOURCE strips the schema id the sink needs)',
      ],
    ]);
    expect(
      keys({
        'esm.schema.registry.url': 'https://sr',
        'esm.schema.registry.auth.type': 'BASIC_AUTH',
      })[0]?.[0],
    ).toBe('esm.schema.registry.auth.type');
    expect(
      keys({
        'esm.schema.registry.url': 'arn:aws:glue:us-east-1:123456789012:registry/r',
        'esm.schema.registry.auth.secret.arn': SECRET,
      })[0]?.[1],
    ).toContain('an AWS Glue registry takes no credentials');
    expect(keys({ 'esm.schema.registry.auth.secret.arn': SECRET })[0]?.[1]).toContain(
      'needs esm.schema.registry.url',
    );
    expect(
      keys({
        'esm.schema.registry.url': 'https://sr',
        'esm.poller.mode': 'on-demand',
        'esm.report.batch.item.failures': 'false',
      }),
    ).toEqual([
      [
        'esm.schema.registry.url',
        'Invalid value https://sr for configuration esm.schema.registry.url: needs esm.poller.mode=provisioned (Lambda offers it for Kafka in provisioned mode only)',
      ],
    ]);
  });
});

describe('mappingDecodedConverters', () => {
  it('reads the parts the mapping decodes with a schemaless JsonConverter', () => {
    const config = mappingDecodedConverters({ ...BASE, 'esm.schema.registry.url': 'https://sr' });
    expect(config['value.converter']).toBe('org.apache.kafka.connect.json.JsonConverter');
    expect(config['value.converter.schemas.enable']).toBe('false');
    expect(config['value.converter.schema.registry.url']).toBeUndefined();
    expect(mappingDecodedConverters(BASE)).toBe(BASE);
  });
});
