// Where `scripts/kafka.sh` must start a broker so that it answers at the bootstrap servers a user gave
// (CONNECT_BOOTSTRAP_SERVERS), for the scripts that start one when none answers (npm run demo).

/**
 * The environment that makes `scripts/kafka.sh start|stop` serve the first of `bootstrapServers` (its port as
 * KAFKA_PORT), or why it cannot: kafka.sh binds 127.0.0.1 only.
 *
 * @example
 * kafkaScriptEnv('127.0.0.1:19092', process.env).KAFKA_PORT; // '19092'
 */
export function kafkaScriptEnv(
  bootstrapServers: string,
  env: Readonly<Record<string, string | undefined>>,
): Record<string, string | undefined> {
  const first = bootstrapServers.split(',')[0]?.trim() ?? '';
  const at = first.lastIndexOf(':');
  const host = first.slice(0, at).replace(/^\[|\]$/g, '');
  const port = Number(first.slice(at + 1));
  if (at < 0 || !Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`CONNECT_BOOTSTRAP_SERVERS=${bootstrapServers}: expected host:port, e.g. 127.0.0.1:9092`);
  }
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    throw new Error(
      `no Kafka broker answers at ${first}, and scripts/kafka.sh starts one on 127.0.0.1 only: start that broker, or set CONNECT_BOOTSTRAP_SERVERS=127.0.0.1:<port>`,
    );
  }
  return { ...env, KAFKA_PORT: String(port) };
}
