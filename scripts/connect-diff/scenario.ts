// The calls the differential replay sends to both workers, in order, and the differences we keep on purpose (each
// one is described in docs/rest-api.md, "Differences from Kafka Connect").
import type { Answer, Side } from './compare.ts';

/**
 * One REST call of the replay. `{run}` in a path or body becomes the run's id and the side's name (each side's
 * connectors have their own consumer groups on the shared broker), `{topic}` the run's topic.
 */
export interface Call {
  readonly id: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  /** A JSON body (an object is sent as JSON), or raw text, or built per side (connector configs). */
  readonly body?: unknown | ((side: Side) => unknown);
  readonly contentType?: string;
  readonly accept?: string;
  /** Poll (bounded) until the answer satisfies this on each side before comparing: states settle asynchronously. */
  readonly until?: (answer: Answer) => boolean;
  /** Something to do once before the call (on both sides at once), e.g. produce a record. */
  readonly before?: 'produce';
}

/** A difference we keep, matched by call id and JSON path, with the reason (also in docs/rest-api.md). */
export interface Deliberate {
  readonly call: RegExp;
  readonly path: RegExp;
  readonly reason: string;
}

/** A connector config on a side: its class and its own required keys, then the framework keys of the call. */
export const connectorConfig =
  (extra: Record<string, string | null> = {}) =>
  (side: Side): Record<string, string | null> => ({
    'connector.class': side.connectorClass,
    ...side.ownConfig,
    ...extra,
  });

const create =
  (name: string, extra: Record<string, string | null> = {}, more: Record<string, unknown> = {}) =>
  (side: Side) => ({ name, config: connectorConfig(extra)(side), ...more });

const state = (wanted: string) => (a: Answer) =>
  (a.body as { connector?: { state?: string } })?.connector?.state === wanted;
const running = (a: Answer) =>
  state('RUNNING')(a) &&
  ((a.body as { tasks?: { state: string }[] }).tasks ?? []).every((t) => t.state === 'RUNNING') &&
  ((a.body as { tasks?: unknown[] }).tasks ?? []).length > 0;
const paused = (a: Answer) =>
  state('PAUSED')(a) &&
  ((a.body as { tasks?: { state: string }[] }).tasks ?? []).every((t) => t.state === 'PAUSED');
const stopped = (a: Answer) =>
  state('STOPPED')(a) && ((a.body as { tasks?: unknown[] }).tasks ?? []).length === 0;
const consumed = (a: Answer) =>
  Object.values((a.body ?? {}) as Record<string, { topics?: unknown[] }>).some(
    (v) => (v.topics ?? []).length > 0,
  );

const A = 'diff-a-{run}';
const B = 'diff-b-{run}';
const TOPIC = '{topic}';
const validate = (id: string, extra: Record<string, string | null>): Call => ({
  id,
  method: 'PUT',
  path: '/connector-plugins/{class}/config/validate',
  body: connectorConfig({ name: 'v', topics: TOPIC, ...extra }),
});
const get = (id: string, path: string, until?: (a: Answer) => boolean): Call => ({
  id,
  method: 'GET',
  path,
  until,
});

/** The replay: about a hundred calls covering every endpoint, their errors, and the validate corner cases. */
export const SCENARIO: readonly Call[] = [
  get('root', '/'),
  { id: 'root as html', method: 'GET', path: '/', accept: 'text/html' },
  get('health', '/health'),
  get('plugins', '/connector-plugins'),
  get('plugins all', '/connector-plugins?connectorsOnly=false'),
  get('plugins connectorsOnly=true', '/connector-plugins?connectorsOnly=true'),
  get('plugin config', '/connector-plugins/{class}/config'),
  get('plugin config Cast$Value', '/connector-plugins/org.apache.kafka.connect.transforms.Cast$Value/config'),
  get('plugin config Filter', '/connector-plugins/Filter/config'),
  get('plugin config TopicNameMatches', '/connector-plugins/TopicNameMatches/config'),
  get('plugin config JsonConverter', '/connector-plugins/JsonConverter/config'),
  get('plugin config StringConverter', '/connector-plugins/StringConverter/config'),
  get('plugin config LongConverter', '/connector-plugins/LongConverter/config'),
  get('plugin config SimpleHeaderConverter', '/connector-plugins/SimpleHeaderConverter/config'),
  get('plugin config unknown', '/connector-plugins/Nope/config'),

  validate('validate minimal', {}),
  validate('validate tasks.max=abc', { 'tasks.max': 'abc' }),
  validate('validate tasks.max empty', { 'tasks.max': '' }),
  validate('validate tasks.max=0', { 'tasks.max': '0' }),
  validate('validate tasks.max null', { 'tasks.max': null }),
  validate('validate no topics', { topics: null }),
  validate('validate topics and regex', { 'topics.regex': 'x.*' }),
  validate('validate dlq in topics', { 'errors.deadletterqueue.topic.name': TOPIC }),
  validate('validate connector.plugin.version=abc', { 'connector.plugin.version': 'abc' }),
  validate('validate connector.plugin.version=latest', { 'connector.plugin.version': 'latest' }),
  validate('validate value.converter version range', {
    'value.converter': 'StringConverter',
    'value.converter.plugin.version': '[5.0,6.0)',
  }),
  validate('validate value.converter version unbounded', {
    'value.converter': 'StringConverter',
    'value.converter.plugin.version': '[1.0',
  }),
  validate('validate header.converter unknown', { 'header.converter': 'Nope' }),
  validate('validate key.converter not a converter', {
    'key.converter': 'org.apache.kafka.connect.storage.SimpleHeaderConverter',
  }),
  validate('validate json converter keys', {
    'value.converter': 'org.apache.kafka.connect.json.JsonConverter',
    'value.converter.schemas.enable': 'maybe',
  }),
  validate('validate consumer override jaas', {
    'consumer.override.sasl.jaas.config': 'org.apache.kafka.common.security.plain.PlainLoginModule required;',
  }),
  validate('validate transform without type', { transforms: 'a' }),
  validate('validate transform bad spec', {
    transforms: 'a',
    'transforms.a.type': 'org.apache.kafka.connect.transforms.Cast$Value',
    'transforms.a.spec': 'x:nope',
  }),
  validate('validate duplicate transforms', { transforms: 'a,a', 'transforms.a.type': 'Filter' }),
  validate('validate predicate without type', { predicates: 'p' }),
  validate('validate framework values', {
    'errors.tolerance': 'x',
    'errors.retry.timeout': 'abc',
    'tasks.max.enforce': 'maybe',
    'config.action.reload': 'zz',
  }),
  {
    id: 'validate type mismatch',
    method: 'PUT',
    path: '/connector-plugins/FileStreamSource/config/validate',
    body: connectorConfig({ name: 'v', topics: TOPIC }),
  },

  get('list empty', '/connectors'),
  { id: 'create', method: 'POST', path: '/connectors', body: create(A, { topics: TOPIC }) },
  { id: 'create again', method: 'POST', path: '/connectors', body: create(A, { topics: TOPIC }) },
  get('status running', `/connectors/${A}/status`, running),
  get('list', '/connectors'),
  get('list expanded', '/connectors?expand=status&expand=info'),
  get('list expand info', '/connectors?expand=info'),
  get('list expand comma', '/connectors?expand=status,info'),
  get('info', `/connectors/${A}`),
  get('config', `/connectors/${A}/config`),
  get('tasks', `/connectors/${A}/tasks`),
  get('task status', `/connectors/${A}/tasks/0/status`),
  get('task status unknown', `/connectors/${A}/tasks/5/status`),
  get('task status not a number', `/connectors/${A}/tasks/x/status`),
  get('topics before consuming', `/connectors/${A}/topics`),
  { ...get('topics once consumed', `/connectors/${A}/topics`, consumed), before: 'produce' },
  { id: 'topics reset', method: 'PUT', path: `/connectors/${A}/topics/reset` },
  get('topics after reset', `/connectors/${A}/topics`, (a) => !consumed(a)),
  {
    id: 'put config update',
    method: 'PUT',
    path: `/connectors/${A}/config`,
    body: connectorConfig({ topics: TOPIC, 'tasks.max': '1', name: A }),
  },
  {
    id: 'put config create',
    method: 'PUT',
    path: `/connectors/${B}/config`,
    body: connectorConfig({ topics: TOPIC }),
  },
  {
    id: 'put config name mismatch',
    method: 'PUT',
    path: `/connectors/${B}/config`,
    body: connectorConfig({ topics: TOPIC, name: 'elsewhere' }),
  },
  {
    id: 'put config invalid',
    method: 'PUT',
    path: `/connectors/${B}/config`,
    body: connectorConfig({ topics: TOPIC, 'tasks.max': 'abc' }),
  },
  {
    id: 'patch config',
    method: 'PATCH',
    path: `/connectors/${A}/config`,
    body: { 'errors.tolerance': 'all', 'tasks.max.enforce': null },
  },
  { id: 'patch unknown', method: 'PATCH', path: '/connectors/nope-{run}/config', body: { 'tasks.max': '1' } },
  get('status after patch', `/connectors/${A}/status`, running),
  { id: 'pause', method: 'PUT', path: `/connectors/${A}/pause` },
  get('status paused', `/connectors/${A}/status`, paused),
  { id: 'pause again', method: 'PUT', path: `/connectors/${A}/pause` },
  { id: 'resume', method: 'PUT', path: `/connectors/${A}/resume` },
  get('status resumed', `/connectors/${A}/status`, running),
  {
    id: 'alter offsets running',
    method: 'PATCH',
    path: `/connectors/${A}/offsets`,
    body: {
      offsets: [{ partition: { kafka_topic: TOPIC, kafka_partition: 0 }, offset: { kafka_offset: 1 } }],
    },
  },
  { id: 'reset offsets running', method: 'DELETE', path: `/connectors/${A}/offsets` },
  { id: 'stop', method: 'PUT', path: `/connectors/${A}/stop` },
  get('status stopped', `/connectors/${A}/status`, stopped),
  get('info stopped', `/connectors/${A}`),
  get('offsets', `/connectors/${A}/offsets`),
  { id: 'alter offsets empty', method: 'PATCH', path: `/connectors/${A}/offsets`, body: {} },
  {
    id: 'alter offsets',
    method: 'PATCH',
    path: `/connectors/${A}/offsets`,
    body: {
      offsets: [{ partition: { kafka_topic: TOPIC, kafka_partition: 0 }, offset: { kafka_offset: 1 } }],
    },
  },
  get('offsets altered', `/connectors/${A}/offsets`),
  { id: 'reset offsets', method: 'DELETE', path: `/connectors/${A}/offsets` },
  get('offsets reset', `/connectors/${A}/offsets`),
  { id: 'resume stopped', method: 'PUT', path: `/connectors/${A}/resume` },
  get('status after stop', `/connectors/${A}/status`, running),
  { id: 'restart', method: 'POST', path: `/connectors/${A}/restart` },
  get('status after restart', `/connectors/${A}/status`, running),
  { id: 'restart with tasks', method: 'POST', path: `/connectors/${A}/restart?includeTasks=true` },
  get('status after restart with tasks', `/connectors/${A}/status`, running),
  {
    id: 'restart only failed',
    method: 'POST',
    path: `/connectors/${A}/restart?includeTasks=true&onlyFailed=true`,
  },
  { id: 'restart task', method: 'POST', path: `/connectors/${A}/tasks/0/restart` },
  { id: 'restart unknown task', method: 'POST', path: `/connectors/${A}/tasks/9/restart` },
  get('status after task restart', `/connectors/${A}/status`, running),
  {
    id: 'create paused',
    method: 'POST',
    path: '/connectors',
    body: create('diff-p-{run}', { topics: TOPIC }, { initial_state: 'PAUSED' }),
  },
  get('status created paused', '/connectors/diff-p-{run}/status', paused),
  {
    id: 'create stopped',
    method: 'POST',
    path: '/connectors',
    body: create('diff-s-{run}', { topics: TOPIC }, { initial_state: 'STOPPED' }),
  },
  get('status created stopped', '/connectors/diff-s-{run}/status', state('STOPPED')),
  {
    id: 'create invalid',
    method: 'POST',
    path: '/connectors',
    body: create('diff-bad-{run}', { topics: TOPIC, 'topics.regex': 'x.*', 'tasks.max': 'many' }),
  },
  {
    id: 'create without name',
    method: 'POST',
    path: '/connectors',
    body: (side: Side) => ({ config: connectorConfig({ topics: TOPIC })(side) }),
  },
  {
    id: 'create without class',
    method: 'POST',
    path: '/connectors',
    body: { name: 'diff-noclass-{run}', config: { topics: TOPIC } },
  },
  { id: 'create malformed JSON', method: 'POST', path: '/connectors', body: '{"name": "x", "config": {' },
  {
    id: 'create form body',
    method: 'POST',
    path: '/connectors',
    body: 'name=x',
    contentType: 'application/x-www-form-urlencoded',
  },
  get('unknown path', '/nope'),
  get('tasks-config removed', `/connectors/${A}/tasks-config`),
  { id: 'wrong method', method: 'DELETE', path: '/connector-plugins' },
  get('topics unknown connector', '/connectors/nope-{run}/topics'),
  { id: 'topics reset unknown connector', method: 'PUT', path: '/connectors/nope-{run}/topics/reset' },
  get('logger unknown', '/admin/loggers/no.such.logger'),
  {
    id: 'logger set',
    method: 'PUT',
    path: '/admin/loggers/org.apache.kafka.connect',
    body: { level: 'DEBUG' },
  },
  get('logger read', '/admin/loggers/org.apache.kafka.connect'),
  { id: 'logger invalid level', method: 'PUT', path: '/admin/loggers/root', body: { level: 'LOUD' } },
  { id: 'logger without level', method: 'PUT', path: '/admin/loggers/root', body: {} },
  {
    id: 'logger cluster scope',
    method: 'PUT',
    path: '/admin/loggers/org.apache.kafka.connect?scope=cluster',
    body: { level: 'INFO' },
  },

  { id: 'delete', method: 'DELETE', path: `/connectors/${A}` },
  { id: 'delete b', method: 'DELETE', path: `/connectors/${B}` },
  { id: 'delete paused', method: 'DELETE', path: '/connectors/diff-p-{run}' },
  { id: 'delete stopped', method: 'DELETE', path: '/connectors/diff-s-{run}' },
  get('info deleted', `/connectors/${A}`),
  get('config deleted', `/connectors/${A}/config`),
  get('status deleted', `/connectors/${A}/status`),
  get('tasks deleted', `/connectors/${A}/tasks`),
  get('offsets deleted', `/connectors/${A}/offsets`),
  { id: 'delete deleted', method: 'DELETE', path: `/connectors/${A}` },
  { id: 'pause deleted', method: 'PUT', path: `/connectors/${A}/pause` },
  { id: 'resume deleted', method: 'PUT', path: `/connectors/${A}/resume` },
  { id: 'stop deleted', method: 'PUT', path: `/connectors/${A}/stop` },
  { id: 'restart deleted', method: 'POST', path: `/connectors/${A}/restart` },
  { id: 'restart task deleted', method: 'POST', path: `/connectors/${A}/tasks/0/restart` },
  get('list after delete', '/connectors'),
];

/**
 * Differences we keep on purpose. Each is documented in docs/rest-api.md ("Differences from Kafka Connect"); the
 * replay counts them apart and fails on any other difference.
 */
export const DELIBERATE: readonly Deliberate[] = [
  {
    call: /^root$/,
    path: /^\$\.(commit|kafka_cluster_id)$/,
    reason: 'commit names this project; the cluster id is the broker each worker uses',
  },
  {
    call: /^create malformed JSON$/,
    path: /^(status|\$\.error_code|\$\.message)$/,
    reason: "a malformed body is a 400 naming the JSON problem (Connect: 500 with Jackson's text)",
  },
  {
    call: /^validate connector\.plugin\.version=abc$/,
    path: /.*/,
    reason: 'Connect answers 500 (a NullPointerException); ours reports the version error on both keys',
  },
  {
    call: /^validate json converter keys$/,
    path: /^\$\.(groups\[\d+\]|configs<order>)$/,
    reason: "a converter's keys in definition order (Connect: a Java hash map's order)",
  },
  {
    call: /^validate json converter keys$/,
    path: /^\$\.configs\["value\.converter\.[a-z.]+"\]\.value\.errors\[\d+\]$/,
    reason:
      "a converter setting's error names the full key (Connect: the key without its value.converter. prefix)",
  },
  {
    call: /^validate transform bad spec$/,
    path: /^\$\.configs\["transforms\.a\.spec"\]\.value\.errors\[0\]$/,
    reason:
      "a transform's configure() error names the key and value (Connect: the Java exception as the value)",
  },
  {
    call: /^create without class$/,
    path: /^\$\.message$/,
    reason: 'the config map in the order it was sent (Connect: a Java hash map order)',
  },
  {
    call: /^status created paused$/,
    path: /^\$\.tasks$/,
    reason: 'a connector created PAUSED lists its (paused) tasks; Connect lists none until resumed',
  },
  {
    call: /^(alter|reset) offsets$/,
    path: /^\$\.message$/,
    reason:
      "FileStreamSink manages its own offsets; the AEP sink does not, so Connect's framework-managed text is the one Connect gives it",
  },
];
