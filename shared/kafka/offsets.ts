// Sink connector offsets are the consumer group's committed offsets (Connect's `Worker.sinkConnectorOffsets`,
// `alterSinkConnectorOffsets`, `resetSinkConnectorOffsets`), read and changed with the kafkajs admin client. The same
// group holds them whether Lambda event source mappings or the local worker consume.
import type { Admin, Kafka } from 'kafkajs';
import { ConsumerGroupNotEmptyError, OffsetsError, UnknownTopicPartitionError } from './errors.ts';
import type { OffsetsPort, PartitionOffset } from './types.ts';

/** Group states in which nobody consumes, so offsets may change (`Empty`, or `Dead` for a group that never existed). */
const IDLE_STATES: readonly string[] = ['Empty', 'Dead'];
/** kafkajs reports a partition without a committed offset as `-1`. */
const NO_OFFSET = '-1';
const GROUP_ID_NOT_FOUND = 'GROUP_ID_NOT_FOUND';

type Committed = PartitionOffset & { readonly offset: number };

/**
 * {@link OffsetsPort} over a Kafka cluster. Committed offset = next offset to consume, as in Connect. Alter and reset
 * require an idle group (no members), as Connect requires a STOPPED connector.
 *
 * kafkajs has no OffsetDelete API, so an alter that resets some partitions (`offset: null`) rewrites the group: it
 * deletes the group, then commits the offsets that remain. The group is idle meanwhile, but a crash between the two
 * steps loses the remaining offsets (see docs/architecture.md, crash consistency).
 *
 * The client may also be given as a function that builds it when offsets are first needed, for brokers only known
 * at run time (Amazon MSK's `GetBootstrapBrokers`); what it throws is reported like a Kafka error, keeping its
 * `retriable`.
 *
 * @example
 * const offsets = new KafkaOffsets(new Kafka({ brokers: ['127.0.0.1:9092'] }));
 * await offsets.get('connect-orders'); // [{ topic: 'orders', partition: 0, offset: 42 }]
 * const msk = new KafkaOffsets(async () => new Kafka({ brokers: await resolveBrokers() }));
 */
export class KafkaOffsets implements OffsetsPort {
  readonly #kafka: () => Promise<Kafka>;

  constructor(kafka: Kafka | (() => Promise<Kafka>)) {
    this.#kafka = typeof kafka === 'function' ? kafka : async () => kafka;
  }

  get(groupId: string): Promise<PartitionOffset[]> {
    return this.#withAdmin(groupId, 'reading offsets', (admin) => committed(admin, groupId));
  }

  alter(groupId: string, offsets: readonly PartitionOffset[]): Promise<void> {
    return this.#withAdmin(groupId, 'altering offsets', async (admin) => {
      await ensureIdle(admin, groupId);
      await requireExisting(admin, groupId, offsets);
      if (offsets.every((o) => o.offset !== null)) return commit(admin, groupId, offsets as Committed[]);
      const key = (o: PartitionOffset) => `${o.topic}\u0000${o.partition}`;
      const next = new Map((await committed(admin, groupId)).map((o) => [key(o), o]));
      for (const o of offsets) {
        if (o.offset === null) next.delete(key(o));
        else next.set(key(o), o as Committed);
      }
      await deleteGroup(admin, groupId);
      await commit(admin, groupId, [...next.values()]);
    });
  }

  reset(groupId: string): Promise<void> {
    return this.#withAdmin(groupId, 'resetting offsets', async (admin) => {
      await ensureIdle(admin, groupId);
      await deleteGroup(admin, groupId);
    });
  }

  async #withAdmin<T>(groupId: string, what: string, work: (admin: Admin) => Promise<T>): Promise<T> {
    let admin: Admin | undefined;
    try {
      admin = (await this.#kafka()).admin();
      await admin.connect();
      return await work(admin);
    } catch (e) {
      if (e instanceof OffsetsError) throw e;
      throw new OffsetsError(groupId, `${what} failed: ${(e as Error).message}`, {
        retriable: isRetriable(e),
        cause: e,
      });
    } finally {
      await admin?.disconnect();
    }
  }
}

async function committed(admin: Admin, groupId: string): Promise<Committed[]> {
  const topics = await admin.fetchOffsets({ groupId });
  return topics
    .flatMap(({ topic, partitions }) =>
      partitions
        .filter((p) => p.offset !== NO_OFFSET)
        .map((p) => ({ topic, partition: p.partition, offset: Number(p.offset) })),
    )
    .sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

async function ensureIdle(admin: Admin, groupId: string): Promise<void> {
  const { groups } = await admin.describeGroups([groupId]);
  const state = groups[0]?.state ?? 'Dead';
  if (!IDLE_STATES.includes(state)) throw new ConsumerGroupNotEmptyError(groupId, state);
}

/** Every offset's topic and partition must exist: the broker would refuse the commit only after the client's retries. */
async function requireExisting(
  admin: Admin,
  groupId: string,
  offsets: readonly PartitionOffset[],
): Promise<void> {
  const topics = [...new Set(offsets.map((o) => o.topic))];
  const existing = new Set(await admin.listTopics());
  const missing = topics.find((t) => !existing.has(t));
  if (missing !== undefined) throw new UnknownTopicPartitionError(groupId, `topic ${missing} does not exist`);
  const metadata = await admin.fetchTopicMetadata({ topics });
  for (const o of offsets) {
    const partitions = metadata.topics.find((t) => t.name === o.topic)?.partitions ?? [];
    if (!partitions.some((p) => p.partitionId === o.partition)) {
      throw new UnknownTopicPartitionError(
        groupId,
        `topic ${o.topic} has no partition ${o.partition} (it has ${partitions.length})`,
      );
    }
  }
}

async function commit(admin: Admin, groupId: string, offsets: readonly Committed[]): Promise<void> {
  const byTopic = Map.groupBy(offsets, (o) => o.topic);
  for (const [topic, partitions] of byTopic) {
    await admin.setOffsets({
      groupId,
      topic,
      partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.offset) })),
    });
  }
}

async function deleteGroup(admin: Admin, groupId: string): Promise<void> {
  try {
    await admin.deleteGroups([groupId]);
  } catch (e) {
    const groups = (e as { groups?: { error?: { type?: string } }[] }).groups ?? [];
    // Connect's reset ignores GroupIdNotFoundException: resetting twice is fine.
    if (groups.length === 0 || groups.some((g) => g.error?.type !== GROUP_ID_NOT_FOUND)) throw e;
  }
}

function isRetriable(e: unknown): boolean {
  const name = (e as { name?: string }).name ?? '';
  return (
    (e as { retriable?: boolean }).retriable === true ||
    /Connection|NumberOfRetriesExceeded|Timeout/.test(name)
  );
}
