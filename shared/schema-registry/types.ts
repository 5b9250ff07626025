// What the schema registry client returns and how it is configured.

/** Schema formats the registry stores (`schemaType`; absent means AVRO). */
export type SchemaFormat = 'AVRO' | 'PROTOBUF' | 'JSON';

/** Where a record's schema is: a numeric id (magic byte 0) or a GUID (magic byte 1), as the wire format says. */
export type SchemaRef = { readonly id: number } | { readonly guid: string };

/**
 * A schema as the registry serves it, with every schema it references (transitively), keyed by reference name: the
 * import path for Protobuf (`common/address.proto`), the full name for Avro, the `$ref` URL for JSON Schema.
 */
export interface RegistrySchema {
  readonly ref: string;
  readonly format: SchemaFormat;
  readonly schema: string;
  readonly references: ReadonlyMap<string, string>;
}

/** Connection settings of a schema registry client, parsed from a converter's `schema.registry.*` keys. */
export interface SchemaRegistrySettings {
  readonly urls: readonly string[];
  readonly basicAuth?: { readonly source: 'USER_INFO' | 'URL'; readonly userInfo?: string };
  readonly bearerAuth?:
    | {
        readonly source: 'STATIC_TOKEN';
        readonly token: string;
        readonly logicalCluster?: string;
        readonly identityPoolId?: string;
      }
    | {
        readonly source: 'OAUTHBEARER';
        readonly issuerEndpointUrl: string;
        readonly clientId: string;
        readonly clientSecret: string;
        readonly scope: string;
        readonly logicalCluster?: string;
        readonly identityPoolId?: string;
      };
  readonly tls?: {
    readonly ca?: string;
    readonly cert?: string;
    readonly key?: string;
    readonly passphrase?: string;
    readonly checkServerIdentity: boolean;
  };
  readonly timeoutMs: number;
  /** How many schemas the client keeps (by id), and each converter keeps decoders for. */
  readonly cacheCapacity: number;
}
