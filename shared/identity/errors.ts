/**
 * The sink function was invoked without a connector alias (unqualified, `$LATEST` or a version), so no connector's
 * config applies. Not retriable: the invocation is misconfigured.
 *
 * @example
 * throw new ConnectorIdentityError('arn:aws:lambda:eu-west-1:123456789012:function:aep-sink');
 */
export class ConnectorIdentityError extends Error {
  override readonly name = 'ConnectorIdentityError';
  readonly retriable = false;
  readonly invokedFunctionArn: string;

  constructor(invokedFunctionArn: string) {
    super(
      `Invoked as ${invokedFunctionArn}, which carries no connector alias: event source mappings must target the connector's alias of the sink function`,
    );
    this.invokedFunctionArn = invokedFunctionArn;
  }
}

/**
 * No running connector owns the invoked alias: it is missing (deleted, or not created yet) or STOPPED. Retriable:
 * the event source mapping retries the batch, and Connect's delete or stop removes the mapping shortly.
 *
 * @example
 * throw new ConnectorUnavailableError('orders-0123456789abcdef', 'no connector has this alias (deleted?)');
 */
export class ConnectorUnavailableError extends Error {
  override readonly name = 'ConnectorUnavailableError';
  readonly retriable = true;
  readonly alias: string;

  constructor(alias: string, reason: string) {
    super(`No connector config for alias ${alias}: ${reason}`);
    this.alias = alias;
  }
}
