// The consumer-group offsets port: what the Connect herder (the offsets endpoints) and the Lambda mapping runtime
// (a topic moving to another group keeps its offsets) need from Kafka.

/** A sink connector's committed position in one partition (Connect's sink offsets, KIP-875). */
export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** Next offset to consume; `null` in an alter request means "reset this partition". */
  readonly offset: number | null;
}

/**
 * The consumer-group offsets behind a sink connector (`GET|PATCH|DELETE /connectors/{c}/offsets`).
 */
export interface OffsetsPort {
  get(groupId: string): Promise<PartitionOffset[]>;
  alter(groupId: string, offsets: readonly PartitionOffset[]): Promise<void>;
  reset(groupId: string): Promise<void>;
}
