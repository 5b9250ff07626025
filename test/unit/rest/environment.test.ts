// The façade's AWS assembly: which cluster the offsets endpoints use, MSK broker resolution (GetBootstrapBrokers,
// faked with aws-sdk-client-mock), and the kafkajs client for MSK IAM (TLS + SASL/OAUTHBEARER with the signer's
// tokens). MSK itself cannot be reached here: the tests stop at what the client sends to a local socket.
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';
import {
  GetBootstrapBrokersCommand,
  KafkaClient,
  NotFoundException,
  ServiceUnavailableException,
} from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { offsetsAdapter } from '../../../functions/connect-api/herder.ts';
import { ConfigErrors } from '../../../shared/config/index.ts';
import {
  MskBrokersError,
  MskIamBrokers,
  mskIamKafkaConfig,
  OffsetsError,
} from '../../../shared/kafka/index.ts';
import { connectApiSettings } from '../../../shared/rest/environment.ts';

const CLUSTER_ARN =
  'arn:aws:kafka:eu-west-2:123456789012:cluster/orders/0a1b2c3d-1111-2222-3333-444455556666-1';
const IAM_BROKERS =
  'b-1.orders.abc123.c2.kafka.eu-west-2.amazonaws.com:9098,b-2.orders.abc123.c2.kafka.eu-west-2.amazonaws.com:9098';
const kafka = mockClient(KafkaClient);

beforeEach(() => kafka.reset());
afterAll(() => kafka.restore());

function settings(env: Record<string, string>) {
  return connectApiSettings({
    CONNECTOR_TABLE: 'connectors',
    SINK_FUNCTION_ARN: 'arn:aws:lambda:eu-west-2:123456789012:function:aep-sink',
    ...env,
  });
}

const msk = (more: Record<string, string> = {}) =>
  JSON.stringify({ 'esm.msk.cluster.arn': CLUSTER_ARN, ...more });

describe('connectApiSettings: the cluster of the offsets endpoints', () => {
  it('uses the given brokers, with or without TLS', () => {
    expect(
      settings({ KAFKA_BOOTSTRAP_SERVERS: 'k1:9093,k2:9093', KAFKA_SSL: 'true' }).offsetsCluster,
    ).toEqual({
      type: 'brokers',
      brokers: ['k1:9093', 'k2:9093'],
      ssl: true,
    });
  });

  it("reaches the deployment's MSK cluster with IAM when no brokers are given", () => {
    expect(settings({ MAPPING_DEFAULTS: msk() }).offsetsCluster).toEqual({
      type: 'msk-iam',
      clusterArn: CLUSTER_ARN,
    });
    expect(settings({ MAPPING_DEFAULTS: msk({ 'esm.auth.type': 'NONE' }) }).offsetsCluster?.type).toBe(
      'msk-iam',
    );
  });

  it('prefers brokers given explicitly over the MSK cluster', () => {
    const s = settings({ MAPPING_DEFAULTS: msk(), KAFKA_BOOTSTRAP_SERVERS: 'k1:9098' });
    expect(s.offsetsCluster).toEqual({ type: 'brokers', brokers: ['k1:9098'], ssl: false });
  });

  it('has no offsets cluster when the MSK mappings do not use IAM, or the ARN is a VPC connection', () => {
    const scram = msk({
      'esm.auth.type': 'SASL_SCRAM_512_AUTH',
      'esm.auth.secret.arn': 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:kafka/scram-AbCdEf',
    });
    expect(settings({ MAPPING_DEFAULTS: scram }).offsetsCluster).toBeUndefined();
    const connection = JSON.stringify({
      'esm.msk.cluster.arn': 'arn:aws:kafka:eu-west-2:123456789012:vpc-connection/123456789012/orders/abc-1',
    });
    expect(settings({ MAPPING_DEFAULTS: connection }).offsetsCluster).toBeUndefined();
    expect(settings({}).offsetsCluster).toBeUndefined();
  });

  it('turns the offsets off with KAFKA_OFFSETS_ENABLED=false, and names that variable when it is not a boolean', () => {
    expect(
      settings({ MAPPING_DEFAULTS: msk(), KAFKA_OFFSETS_ENABLED: 'false' }).offsetsCluster,
    ).toBeUndefined();
    expect(
      settings({ KAFKA_BOOTSTRAP_SERVERS: 'k1:9092', KAFKA_OFFSETS_ENABLED: 'false' }).offsetsCluster,
    ).toBeUndefined();
    expect(() => settings({ KAFKA_OFFSETS_ENABLED: 'sometimes' })).toThrow(ConfigErrors);
    expect(() => settings({ KAFKA_OFFSETS_ENABLED: 'sometimes' })).toThrow(/KAFKA_OFFSETS_ENABLED/);
  });
});

describe('MskIamBrokers', () => {
  it('resolves the SASL/IAM brokers of the cluster once per container', async () => {
    kafka.on(GetBootstrapBrokersCommand).resolves({
      BootstrapBrokerStringTls: IAM_BROKERS.replaceAll(':9098', ':9094'),
      BootstrapBrokerStringSaslIam: IAM_BROKERS,
    });
    const brokers = new MskIamBrokers(new KafkaClient({}), CLUSTER_ARN);
    const [a, b] = await Promise.all([brokers.get(), brokers.get()]);
    expect(a).toEqual(IAM_BROKERS.split(','));
    expect(b).toEqual(a);
    expect(await brokers.get()).toEqual(a);
    expect(kafka).toHaveReceivedCommandTimes(GetBootstrapBrokersCommand, 1);
    expect(kafka).toHaveReceivedCommandWith(GetBootstrapBrokersCommand, { ClusterArn: CLUSTER_ARN });
  });

  it('asks again after a failure, which it reports as retriable when MSK was unavailable', async () => {
    kafka
      .on(GetBootstrapBrokersCommand)
      .rejectsOnce(new ServiceUnavailableException({ message: 'try later', $metadata: {} }))
      .resolves({ BootstrapBrokerStringSaslIam: IAM_BROKERS });
    const brokers = new MskIamBrokers(new KafkaClient({}), CLUSTER_ARN);
    const failure = await brokers.get().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MskBrokersError);
    expect(failure).toMatchObject({ clusterArn: CLUSTER_ARN, retriable: true });
    expect((failure as Error).message).toContain('ServiceUnavailableException: try later');
    expect(await brokers.get()).toEqual(IAM_BROKERS.split(','));
    expect(kafka).toHaveReceivedCommandTimes(GetBootstrapBrokersCommand, 2);
  });

  it('names the cluster, not retriable, when it does not exist or has no IAM listener', async () => {
    kafka
      .on(GetBootstrapBrokersCommand)
      .rejectsOnce(new NotFoundException({ message: 'no such cluster', $metadata: {} }))
      .resolves({ BootstrapBrokerStringSaslScram: IAM_BROKERS.replaceAll(':9098', ':9096') });
    const brokers = new MskIamBrokers(new KafkaClient({}), CLUSTER_ARN);
    await expect(brokers.get()).rejects.toMatchObject({
      name: 'MskBrokersError',
      retriable: false,
      message: `MSK cluster ${CLUSTER_ARN}: GetBootstrapBrokers failed: NotFoundException: no such cluster`,
    });
    const noIam = await brokers.get().then(
      () => undefined,
      (e: unknown) => e as MskBrokersError,
    );
    expect(noIam).toMatchObject({ clusterArn: CLUSTER_ARN, retriable: false });
    expect(noIam?.message).toMatch(
      new RegExp(
        `^MSK cluster ${CLUSTER_ARN}: no IAM access control listener .*BootstrapBrokerStringSaslIam`,
      ),
    );
  });
});

describe('mskIamKafkaConfig', () => {
  it("connects over TLS with SASL/OAUTHBEARER tokens the signer makes for the cluster's region", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY');
    vi.stubEnv('AWS_SESSION_TOKEN', '');
    vi.stubEnv('AWS_PROFILE', '');
    const config = mskIamKafkaConfig(CLUSTER_ARN, IAM_BROKERS.split(','));
    expect(config).toMatchObject({
      brokers: IAM_BROKERS.split(','),
      ssl: true,
      sasl: { mechanism: 'oauthbearer' },
    });
    const sasl = config.sasl as { oauthBearerProvider: () => Promise<{ value: string }> };
    const { value } = await sasl.oauthBearerProvider();
    // The token is the base64url of a presigned kafka-cluster:Connect request (aws-msk-iam-sasl-signer-js).
    const url = new URL(Buffer.from(value, 'base64url').toString('utf8'));
    expect(url.host).toBe('kafka.eu-west-2.amazonaws.com');
    expect(url.searchParams.get('Action')).toBe('kafka-cluster:Connect');
    expect(url.searchParams.get('X-Amz-Credential')).toMatch(
      /^AKIDEXAMPLE\/\d{8}\/eu-west-2\/kafka-cluster\/aws4_request$/,
    );
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('offsetsAdapter', () => {
  it('has none without a cluster', () => {
    expect(offsetsAdapter(undefined, new KafkaClient({}))).toBeUndefined();
  });

  it('opens TLS to the brokers GetBootstrapBrokers returned for the MSK cluster', async () => {
    const hellos: Buffer[] = [];
    const sockets = new Set<Socket>();
    const broker = createServer((socket) => {
      sockets.add(socket);
      socket.once('data', (chunk) => {
        hellos.push(chunk);
        socket.destroy();
      });
    });
    broker.listen(0, '127.0.0.1');
    await once(broker, 'listening');
    try {
      const { port } = broker.address() as AddressInfo;
      kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringSaslIam: `127.0.0.1:${port}` });
      const offsets = offsetsAdapter({ type: 'msk-iam', clusterArn: CLUSTER_ARN }, new KafkaClient({}));
      const failure = await offsets?.get('connect-orders').catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(OffsetsError);
      expect(failure).toMatchObject({ groupId: 'connect-orders', retriable: true });
      // A TLS record of type handshake (22) opens every connection: a ClientHello, never a plaintext Kafka request.
      expect(hellos.length).toBeGreaterThan(0);
      for (const hello of hellos) expect([hello[0], hello[1]]).toEqual([0x16, 0x03]);
      expect(kafka).toHaveReceivedCommandTimes(GetBootstrapBrokersCommand, 1);
    } finally {
      for (const socket of sockets) socket.destroy();
      broker.close();
    }
  });

  it('reports a cluster without an IAM listener as an offsets error that is not retriable', async () => {
    kafka.on(GetBootstrapBrokersCommand).resolves({ BootstrapBrokerStringTls: 'b-1:9094' });
    const offsets = offsetsAdapter({ type: 'msk-iam', clusterArn: CLUSTER_ARN }, new KafkaClient({}));
    const failure = await offsets?.get('connect-orders').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(OffsetsError);
    expect(failure).toMatchObject({ retriable: false });
    expect((failure as Error).message).toContain(
      `Consumer group connect-orders: reading offsets failed: MSK cluster ${CLUSTER_ARN}: no IAM access control listener`,
    );
  });
});
