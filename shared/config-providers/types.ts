// The port behind Connect's config-provider references (`org.apache.kafka.common.config.provider.ConfigProvider`).

/**
 * Resolves the part of a `${provider:reference}` placeholder after the provider name. A provider throws
 * a `ConnectException` (with `retriable`) when the reference cannot be resolved; it never logs the value it returns.
 *
 * @example
 * const upper: ConfigProvider = { get: async (reference) => reference.toUpperCase() };
 * await resolveConfig({ 'x': '${upper:abc}' }, { providers: { upper } }); // { x: 'ABC' }
 */
export interface ConfigProvider {
  get(reference: string): Promise<string>;
}

/**
 * Providers by the name used in placeholders (`secretsmanager`, `env`, `file`, …).
 */
export type ConfigProviders = Readonly<Record<string, ConfigProvider>>;
