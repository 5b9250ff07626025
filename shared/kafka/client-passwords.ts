// The PASSWORD keys of Kafka's client configs (`ConsumerConfig`, `ProducerConfig`, `AdminClientConfig` define them
// alike), with the importance and documentation Kafka 4.1 gives them: validate shows them as the definitions of
// `consumer.override.*`, `producer.override.*` and `admin.override.*` keys, with their values hidden.
import { ConfigDef } from '../config/index.ts';

const KEYS: readonly (readonly [name: string, importance: 'HIGH' | 'MEDIUM', documentation: string])[] = [
  [
    'sasl.jaas.config',
    'MEDIUM',
    'JAAS login context parameters for SASL connections in the format used by JAAS configuration files. JAAS configuration file format is described <a href="https://docs.oracle.com/javase/8/docs/technotes/guides/security/jgss/tutorials/LoginConfigFile.html">here</a>. The format for the value is: <code>loginModuleClass controlFlag (optionName=optionValue)*;</code>. For brokers, the config must be prefixed with listener prefix and SASL mechanism name in lower-case. For example, listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=com.example.ScramLoginModule required;',
  ],
  [
    'ssl.key.password',
    'HIGH',
    "The password of the private key in the key store file or the PEM key specified in 'ssl.keystore.key'.",
  ],
  [
    'ssl.keystore.password',
    'HIGH',
    "The store password for the key store file. This is optional for client and only needed if 'ssl.keystore.location' is configured. Key store password is not supported for PEM format.",
  ],
  [
    'ssl.keystore.key',
    'HIGH',
    "Private key in the format specified by 'ssl.keystore.type'. Default SSL engine factory supports only PEM format with PKCS#8 keys. If the key is encrypted, key password must be specified using 'ssl.key.password'",
  ],
  [
    'ssl.keystore.certificate.chain',
    'HIGH',
    "Certificate chain in the format specified by 'ssl.keystore.type'. Default SSL engine factory supports only PEM format with a list of X.509 certificates",
  ],
  [
    'ssl.truststore.password',
    'HIGH',
    'The password for the trust store file. If a password is not set, trust store file configured will still be used, but integrity checking is disabled. Trust store password is not supported for PEM format.',
  ],
  [
    'ssl.truststore.certificates',
    'HIGH',
    "Trusted certificates in the format specified by 'ssl.truststore.type'. Default SSL engine factory supports only PEM format with X.509 certificates.",
  ],
  [
    'sasl.oauthbearer.client.credentials.client.secret',
    'MEDIUM',
    '<p>The secret (defined by either the user or preassigned, depending on the identity provider) of the client requesting the token.</p><p>The client secret was previously stored as part of the <code>sasl.jaas.config</code> configuration with the key <code>clientSecret</code>. For backward compatibility, the <code>clientSecret</code> JAAS option can still be used, but it is deprecated and will be removed in a future version.</p><p>Order of precedence:</p><ul><li><code>sasl.oauthbearer.client.credentials.client.secret</code> from configuration</li><li><code>clientSecret</code> from JAAS</li></ul>',
  ],
];

/**
 * Kafka client keys of type PASSWORD (`ConsumerConfig`/`ProducerConfig`/`AdminClientConfig`), hidden when they appear
 * under `consumer.override.`, `producer.override.` or `admin.override.`.
 *
 * @example
 * CLIENT_PASSWORD_KEYS.includes('sasl.jaas.config'); // true
 */
export const CLIENT_PASSWORD_KEYS: readonly string[] = KEYS.map(([name]) => name);

/**
 * The client keys of type PASSWORD (unprefixed), as Kafka defines them.
 *
 * @example
 * clientPasswordConfigDef().key('sasl.jaas.config')?.type; // 'PASSWORD'
 */
export function clientPasswordConfigDef(): ConfigDef {
  const def = new ConfigDef();
  for (const [name, importance, documentation] of KEYS) {
    def.define({ name, type: 'PASSWORD', defaultValue: null, importance, documentation });
  }
  return def;
}
