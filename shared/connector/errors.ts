// Errors of plugin lookup and connector validation. None can be retried: the request itself must change.

/**
 * The config has no `connector.class` (Connect's `BadRequestException` text, with the config rendered like Java's
 * `Map.toString()` and PASSWORD values hidden).
 *
 * @example
 * throw new ConnectorTypeMissingError('{name=orders, topics=t}');
 */
export class ConnectorTypeMissingError extends Error {
  override readonly name = 'ConnectorTypeMissingError';
  readonly retriable = false;
  constructor(renderedConfig: string) {
    super(`Connector config ${renderedConfig} contains no connector type`);
  }
}

/**
 * No connector plugin has this class name or alias (`Plugins.connectorClass`).
 *
 * @example
 * throw new UnknownConnectorClassError('FileStreamSink', 'PluginDesc{…}');
 */
export class UnknownConnectorClassError extends Error {
  override readonly name = 'UnknownConnectorClassError';
  readonly retriable = false;
  readonly connectorClass: string;
  constructor(connectorClass: string, available: string) {
    super(
      `Failed to find any class that implements Connector and which name matches ${connectorClass}, available connectors are: ${available}`,
    );
    this.connectorClass = connectorClass;
  }
}

/**
 * No plugin of any type has this class name or alias (`GET /connector-plugins/{plugin}/config`).
 *
 * @example
 * throw new UnknownPluginError('Nope'); // "Unknown plugin Nope."
 */
export class UnknownPluginError extends Error {
  override readonly name = 'UnknownPluginError';
  readonly retriable = false;
  readonly plugin: string;
  constructor(plugin: string) {
    super(`Unknown plugin ${plugin}.`);
    this.plugin = plugin;
  }
}
