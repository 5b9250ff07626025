// The sink pipeline's config port, as described for `shared/sink/` (ConnectorConfigSource); the store-backed adapter
// lives here. Structurally identical so either side can own the declaration.

/**
 * What identifies an invocation: Lambda's context (or the local worker's equivalent) carrying the invoked ARN.
 *
 * @example
 * const identity: InvocationIdentity = { invokedFunctionArn: connectorAliasArn(functionArn, 'orders') };
 */
export interface InvocationIdentity {
  readonly invokedFunctionArn: string;
}

/**
 * One connector's config as the sink applies it: secrets resolved, with the stored version it came from.
 *
 * @example
 * const snapshot: ConnectorConfigSnapshot = { name: 'orders', config: { topics: 'orders' }, version: 3 };
 */
export interface ConnectorConfigSnapshot {
  readonly name: string;
  readonly config: Readonly<Record<string, string>>;
  readonly version: number;
}

/**
 * Tells the sink pipeline which connector's config applies to an invocation.
 *
 * @example
 * const { name, config } = await source.get(context);
 */
export interface ConnectorConfigSource {
  get(context: InvocationIdentity): Promise<ConnectorConfigSnapshot>;
}
