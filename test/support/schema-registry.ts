// Records written the way producers write them: with Confluent's own serializers (`@confluentinc/schemaregistry`)
// through the real schema registry, then produced to the real broker.
import { createFileRegistry, fromJson, type JsonObject } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
} from '@bufbuild/protobuf/wkt';
import { SchemaRegistryClient } from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
import { AvroSerializer } from '@confluentinc/schemaregistry/dist/serde/avro.js';
import { JsonSerializer } from '@confluentinc/schemaregistry/dist/serde/json.js';
import { ProtobufSerializer } from '@confluentinc/schemaregistry/dist/serde/protobuf.js';
import { SchemaId, SerdeType } from '@confluentinc/schemaregistry/dist/serde/serde.js';
import protobuf from 'protobufjs';
import { produceBatches } from './kafka.ts';

/** Confluent's registry client for `url`. */
export function registryClient(url: string): SchemaRegistryClient {
  return new SchemaRegistryClient({ baseURLs: [url] });
}

/**
 * Serializes values with Confluent's AvroSerializer or JsonSerializer (JSON Schema) under `<topic>-value`,
 * registering `schema` first.
 */
export async function serializedValues(
  url: string,
  topic: string,
  format: 'AVRO' | 'JSON',
  schema: object,
  values: readonly unknown[],
): Promise<Buffer[]> {
  const client = registryClient(url);
  await client.register(`${topic}-value`, { schemaType: format, schema: JSON.stringify(schema) });
  const serializer =
    format === 'AVRO'
      ? new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true })
      : new JsonSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
  const out: Buffer[] = [];
  for (const value of values) out.push(await serializer.serialize(topic, value));
  return out;
}

/**
 * `acme/order.proto` as a descriptor (what `protoc` would produce from):
 *
 *     syntax = "proto3"; package acme;
 *     import "google/protobuf/timestamp.proto"; import "google/protobuf/wrappers.proto"; import "google/protobuf/struct.proto";
 *     message Order {
 *       enum Status { NEW = 0; PAID = 1; }
 *       message Item { string sku = 1; int32 qty = 2; }
 *       message Address { string city = 1; }
 *       string order_id = 1; google.protobuf.Timestamp placed_at = 2; repeated Item items = 3;
 *       oneof payment { string card = 4; int64 cash_cents = 5; }
 *       Status status = 6; google.protobuf.StringValue note = 7; map<string, string> attrs = 8;
 *       google.protobuf.Struct extra = 9; Address shipping = 10; optional int32 priority = 11;
 *     }
 */
const ORDER_PROTO = {
  name: 'acme/order.proto',
  package: 'acme',
  dependency: [
    'google/protobuf/timestamp.proto',
    'google/protobuf/wrappers.proto',
    'google/protobuf/struct.proto',
  ],
  syntax: 'proto3',
  messageType: [
    {
      name: 'Order',
      field: [
        { name: 'order_id', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', jsonName: 'orderId' },
        {
          name: 'placed_at',
          number: 2,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_MESSAGE',
          typeName: '.google.protobuf.Timestamp',
          jsonName: 'placedAt',
        },
        {
          name: 'items',
          number: 3,
          label: 'LABEL_REPEATED',
          type: 'TYPE_MESSAGE',
          typeName: '.acme.Order.Item',
          jsonName: 'items',
        },
        {
          name: 'card',
          number: 4,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_STRING',
          oneofIndex: 0,
          jsonName: 'card',
        },
        {
          name: 'cash_cents',
          number: 5,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_INT64',
          oneofIndex: 0,
          jsonName: 'cashCents',
        },
        {
          name: 'status',
          number: 6,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_ENUM',
          typeName: '.acme.Order.Status',
          jsonName: 'status',
        },
        {
          name: 'note',
          number: 7,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_MESSAGE',
          typeName: '.google.protobuf.StringValue',
          jsonName: 'note',
        },
        {
          name: 'attrs',
          number: 8,
          label: 'LABEL_REPEATED',
          type: 'TYPE_MESSAGE',
          typeName: '.acme.Order.AttrsEntry',
          jsonName: 'attrs',
        },
        {
          name: 'extra',
          number: 9,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_MESSAGE',
          typeName: '.google.protobuf.Struct',
          jsonName: 'extra',
        },
        {
          name: 'shipping',
          number: 10,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_MESSAGE',
          typeName: '.acme.Order.Address',
          jsonName: 'shipping',
        },
        {
          name: 'priority',
          number: 11,
          label: 'LABEL_OPTIONAL',
          type: 'TYPE_INT32',
          oneofIndex: 1,
          proto3Optional: true,
          jsonName: 'priority',
        },
      ],
      nestedType: [
        {
          name: 'Item',
          field: [
            { name: 'sku', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', jsonName: 'sku' },
            { name: 'qty', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_INT32', jsonName: 'qty' },
          ],
        },
        {
          name: 'Address',
          field: [
            { name: 'city', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', jsonName: 'city' },
          ],
        },
        {
          name: 'AttrsEntry',
          field: [
            { name: 'key', number: 1, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', jsonName: 'key' },
            { name: 'value', number: 2, label: 'LABEL_OPTIONAL', type: 'TYPE_STRING', jsonName: 'value' },
          ],
          options: { mapEntry: true },
        },
      ],
      enumType: [
        {
          name: 'Status',
          value: [
            { name: 'NEW', number: 0 },
            { name: 'PAID', number: 1 },
          ],
        },
      ],
      oneofDecl: [{ name: 'payment' }, { name: '_priority' }],
    },
  ],
} as const;

/**
 * Serializes `acme.Order` messages (given in Protobuf's JSON form) with Confluent's ProtobufSerializer, which
 * registers the schema under `<topic>-value` as a base64 `FileDescriptorProto`.
 */
export async function protobufOrders(
  url: string,
  topic: string,
  orders: readonly JsonObject[],
): Promise<Buffer[]> {
  const wkt = new Map(
    [file_google_protobuf_timestamp, file_google_protobuf_wrappers, file_google_protobuf_struct].map((f) => [
      `${f.name}.proto`,
      f,
    ]),
  );
  const registry = createFileRegistry(
    fromJson(FileDescriptorProtoSchema, ORDER_PROTO as unknown as JsonObject),
    (name) => wkt.get(name),
  );
  const order = registry.getMessage('acme.Order');
  if (!order) throw new Error('acme.Order is not in the descriptor');
  const serializer = new ProtobufSerializer(registryClient(url), SerdeType.VALUE, {
    autoRegisterSchemas: true,
  });
  serializer.registry.add(order);
  return Promise.all(orders.map((json) => serializer.serialize(topic, fromJson(order, json))));
}

/**
 * A Protobuf record as a producer whose registry stores `.proto` text writes it (e.g. Java's serializer on Apicurio):
 * the schema registered as text, the header written by Confluent's own `SchemaId`, the message by protobufjs.
 */
export async function protoTextValues(
  url: string,
  topic: string,
  proto: string,
  message: string,
  values: readonly Record<string, unknown>[],
): Promise<Buffer[]> {
  const { id } = await registryClient(url).registerFullResponse(`${topic}-value`, {
    schemaType: 'PROTOBUF',
    schema: proto,
  });
  const root = new protobuf.Root();
  for (const file of Object.keys(protobuf.common)) {
    const json = (protobuf.common as unknown as Record<string, { nested?: protobuf.INamespace['nested'] }>)[
      file
    ];
    if (file.endsWith('.proto') && json?.nested) root.addJSON(json.nested);
  }
  const type = protobuf.parse(proto, root, { keepCase: true }).root.lookupType(message);
  const header = new SchemaId('PROTOBUF', id, undefined, [0]).idToBytes();
  return values.map((v) => Buffer.concat([header, type.encode(type.fromObject(v)).finish()]));
}

/** Creates `topic` (one partition) and produces `values` in order. */
export async function produceBytes(
  bootstrap: string,
  topic: string,
  values: readonly (Buffer | null)[],
  keys?: readonly (Buffer | null)[],
): Promise<void> {
  await produceBatches(bootstrap, topic, 1, [values.map((value, i) => ({ key: keys?.[i] ?? null, value }))]);
}
