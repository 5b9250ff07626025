// IAM for the stack's Kafka source. Lambda polls Kafka with the sink function's execution role (Lambda developer
// guide: "Amazon MSK event source mapping permissions", "self-managed Apache Kafka … permissions"); the façade reads
// and changes consumer-group offsets itself.
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { MappingSource } from '../../shared/mappings/index.ts';
import { AuthType, CONNECT_GROUP_PREFIX } from '../../shared/mappings/index.ts';
import { allowNetworkInterfaces } from './bundled-function.ts';
import { acknowledgeWildcards } from './nag.ts';

/** The Kafka cluster the stack's defaults point at, and how Lambda authenticates to it. */
export interface KafkaAccess {
  readonly source: MappingSource;
  readonly authType: AuthType;
  /** `esm.auth.secret.arn` and `esm.server.root.ca.secret.arn`, when set. */
  readonly secretArns: readonly string[];
  /** Self-managed brokers reached through VPC subnets (the pollers then create ENIs). */
  readonly inVpc: boolean;
}

/**
 * What the event source mappings need from the sink function's role, as in Lambda's `AWSLambdaMSKExecutionRole` but
 * scoped to the one cluster: describe it and its brokers (and its SCRAM secrets with SASL/SCRAM), create ENIs, read
 * the credential secrets, and with IAM auth
 * (MSK, `NONE`) connect, read the topics, manage the `connect-*` groups and write dead-letter records.
 */
export function grantMappingAccess(role: Role, access: KafkaAccess): void {
  grantSecrets(role, access);
  if (access.source.type === 'self-managed') {
    if (access.inVpc) allowNetworkInterfaces(role);
    return;
  }
  const cluster = access.source.clusterArn;
  const scram = access.authType === AuthType.SASL_SCRAM_512_AUTH ? ['kafka:ListScramSecrets'] : [];
  role.addToPrincipalPolicy(
    new PolicyStatement({
      actions: ['kafka:DescribeCluster', 'kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers', ...scram],
      resources: [cluster],
    }),
  );
  allowNetworkInterfaces(role);
  if (access.authType === AuthType.NONE) {
    grantClusterActions(role, cluster, {
      cluster: ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
      topics: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData', 'kafka-cluster:WriteData'],
      groups: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'],
    });
  }
}

/**
 * What the façade needs for `GET/PATCH/DELETE /connectors/{c}/offsets` and the offsets carry-over of a topic whose
 * group changes (kafkajs admin): the credential secrets, and on MSK with IAM auth the cluster's brokers
 * (`kafka:GetBootstrapBrokers`) and the Kafka ACLs of its requests as MSK IAM actions (MSK developer guide,
 * "Semantics of IAM authorization policy actions and resources"; Kafka's ACLs per request):
 * - OffsetFetch: DESCRIBE group and topic → `DescribeGroup`, `DescribeTopic`;
 * - FindCoordinator, DescribeGroups: DESCRIBE group → `DescribeGroup`;
 * - OffsetCommit (kafkajs `setOffsets` joins the group and commits): READ group and topic → `AlterGroup`, `ReadData`;
 * - DeleteGroups: DELETE group → `DeleteGroup`; Metadata, ListOffsets: DESCRIBE topic → `DescribeTopic`;
 * - every request: `Connect` on the cluster.
 */
export function grantOffsetsAccess(role: Role, access: KafkaAccess): void {
  grantSecrets(role, access);
  if (access.source.type === 'self-managed' || access.authType !== AuthType.NONE) return;
  const cluster = access.source.clusterArn;
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['kafka:GetBootstrapBrokers'], resources: [cluster] }),
  );
  grantClusterActions(role, cluster, {
    cluster: ['kafka-cluster:Connect'],
    topics: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'],
    groups: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup', 'kafka-cluster:DeleteGroup'],
  });
}

/**
 * MSK IAM actions (`kafka-cluster:*`) on the cluster, on its topics and on its connect-* groups: one statement each, in
 * that order.
 */
function grantClusterActions(
  role: Role,
  cluster: string,
  actions: { readonly cluster: string[]; readonly topics: string[]; readonly groups: string[] },
): void {
  const { topics, groups } = mskResources(cluster);
  for (const [resource, allowed] of [
    [cluster, actions.cluster],
    [topics, actions.topics],
    [groups, actions.groups],
  ] as const) {
    role.addToPrincipalPolicy(new PolicyStatement({ actions: allowed, resources: [resource] }));
  }
  acknowledgeClusterWildcards(role, cluster);
}

/**
 * The topic and consumer-group ARN patterns of an MSK cluster (MSK developer guide: "IAM access control … resources"):
 * `…:cluster/<name>/<uuid>` → `…:topic/<name>/<uuid>/*` and `…:group/<name>/<uuid>/connect-*`.
 *
 * @example
 * mskResources('arn:aws:kafka:eu-west-1:123456789012:cluster/demo/abc-1').groups;
 * // 'arn:aws:kafka:eu-west-1:123456789012:group/demo/abc-1/connect-*'
 */
export function mskResources(clusterArn: string): { readonly topics: string; readonly groups: string } {
  return {
    topics: `${clusterArn.replace(':cluster/', ':topic/')}/*`,
    groups: `${clusterArn.replace(':cluster/', ':group/')}/${CONNECT_GROUP_PREFIX}*`,
  };
}

function grantSecrets(role: Role, access: KafkaAccess): void {
  if (access.secretArns.length === 0) return;
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [...access.secretArns] }),
  );
}

function acknowledgeClusterWildcards(role: Role, cluster: string): void {
  const { topics, groups } = mskResources(cluster);
  acknowledgeWildcards(
    role,
    [topics],
    'Connectors name their topics (and dead-letter topics) in configs created at run time through the REST API, so the grant covers the topics of this one cluster.',
  );
  acknowledgeWildcards(
    role,
    [groups],
    'Each connector consumes in its own group connect-<connector name>, created at run time; the grant covers only the connect-* groups of this one cluster.',
  );
}
