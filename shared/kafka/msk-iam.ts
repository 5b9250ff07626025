// Amazon MSK with IAM access control: the cluster's SASL/IAM brokers (`GetBootstrapBrokers`) and the kafkajs settings
// that sign in with the function's credentials.
import { GetBootstrapBrokersCommand, type KafkaClient } from '@aws-sdk/client-kafka';
import { generateAuthToken } from 'aws-msk-iam-sasl-signer-js';
import { type KafkaConfig, logLevel } from 'kafkajs';
import { MskBrokersError } from './errors.ts';

/**
 * kafkajs settings for an MSK cluster with IAM access control: TLS and SASL/OAUTHBEARER, each token signed by AWS's
 * own signer with the function's credentials for the cluster's region (MSK developer guide, "IAM access control";
 * aws-msk-iam-sasl-signer-js with kafkajs).
 */
export function mskIamKafkaConfig(clusterArn: string, brokers: readonly string[]): KafkaConfig {
  const region = clusterArn.split(':')[3] ?? '';
  return {
    brokers: [...brokers],
    ssl: true,
    sasl: {
      mechanism: 'oauthbearer',
      oauthBearerProvider: async () => ({ value: (await generateAuthToken({ region })).token }),
    },
    logLevel: logLevel.NOTHING,
  };
}

/**
 * The SASL/IAM brokers of an MSK cluster, from `GetBootstrapBrokers`' `BootstrapBrokerStringSaslIam` (Amazon MSK
 * API reference; the private IAM listener, port 9098). Asked once per container; a failure is not kept, so the
 * next call asks again.
 *
 * @example
 * const brokers = await new MskIamBrokers(new KafkaClient({}), clusterArn).get(); // ['b-1.…:9098', 'b-2.…:9098']
 */
export class MskIamBrokers {
  readonly #client: KafkaClient;
  readonly #clusterArn: string;
  #brokers: Promise<string[]> | undefined;

  constructor(client: KafkaClient, clusterArn: string) {
    this.#client = client;
    this.#clusterArn = clusterArn;
  }

  /**
   * @throws {MskBrokersError} when the cluster cannot be described or has no IAM listener.
   */
  get(): Promise<string[]> {
    this.#brokers ??= this.#resolve().catch((e: unknown) => {
      this.#brokers = undefined;
      throw e;
    });
    return this.#brokers;
  }

  async #resolve(): Promise<string[]> {
    const arn = this.#clusterArn;
    let answer: { BootstrapBrokerStringSaslIam?: string | undefined };
    try {
      answer = await this.#client.send(new GetBootstrapBrokersCommand({ ClusterArn: arn }));
    } catch (e) {
      const name = (e as Error).name;
      throw new MskBrokersError(arn, `GetBootstrapBrokers failed: ${name}: ${(e as Error).message}`, {
        retriable:
          (e as { $fault?: string }).$fault === 'server' ||
          /Throttl|TooManyRequests|Timeout/.test(name) ||
          (e as { $metadata?: unknown }).$metadata === undefined,
        cause: e,
      });
    }
    const brokers = (answer.BootstrapBrokerStringSaslIam ?? '')
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== '');
    if (brokers.length === 0) {
      throw new MskBrokersError(
        arn,
        'no IAM access control listener (GetBootstrapBrokers returned no BootstrapBrokerStringSaslIam); turn on IAM client authentication on the cluster, or give the façade KAFKA_BOOTSTRAP_SERVERS',
        { retriable: false },
      );
    }
    return brokers;
  }
}
