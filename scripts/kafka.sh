#!/usr/bin/env bash
# A single-node Apache Kafka broker (KRaft, combined broker+controller) on 127.0.0.1, fetched from Maven Central.
#
#   scripts/kafka.sh fetch            download the pinned Kafka jars (cached; a second run downloads nothing)
#   scripts/kafka.sh start            fetch, format storage, start the broker and wait until it serves requests
#   scripts/kafka.sh stop             stop the broker started by `start` (clean shutdown)
#   scripts/kafka.sh status           exit 0 when the broker is up
#   scripts/kafka.sh run <class> ...  run a Kafka tool class with the broker's classpath (e.g. ConsumerPerformance)
#
# Settings (environment): KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_VERSION (4.1.1),
# KAFKA_CACHE_DIR (~/.cache/aep-streaming-sink), KAFKA_DATA_DIR (<tmp>/aep-sink-kafka-<port>), KAFKA_HEAP (512m).
# Needs Java 17+ and, for the first fetch only, Maven. start and stop hold a lock, so concurrent callers (CI, the
# test setup, npm run demo) do not race.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
LIBS_DIR="${KAFKA_CACHE_DIR:-$CACHE_ROOT}/kafka-$KAFKA_VERSION/libs"
DATA_DIR="${KAFKA_DATA_DIR:-${TMPDIR:-/tmp}/aep-sink-kafka-$KAFKA_PORT}"
define_service kafka broker "$DATA_DIR" kafka "127.0.0.1:$KAFKA_PORT" 'kafka.Kafka'

write_log_config() {
  write_log4j2_config "$DATA_DIR/log4j2.properties" logger.server.name=kafka.server.KafkaRaftServer logger.server.level=INFO
}

fetch() { fetch_kafka_jars "$LIBS_DIR" Kafka "$KAFKA_VERSION" kafka_2.13 kafka-tools; }

is_up() {
  # the broker answers when a TCP connection to its listener succeeds and its log says it started
  service_pid >/dev/null &&
    grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null &&
    (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}

launch() {
  fetch
  require_java
  mkdir -p "$DATA_DIR"
  cat >"$DATA_DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA_DIR/logs
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS
  write_log_config
  local cp="$LIBS_DIR/*"
  if [ ! -f "$DATA_DIR/logs/meta.properties" ]; then
    java -cp "$cp" -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" kafka.tools.StorageTool format \
      --standalone -t "$(java -cp "$cp" kafka.tools.StorageTool random-uuid 2>/dev/null)" \
      -c "$DATA_DIR/server.properties" >/dev/null
  fi
  : >"$LOG_FILE"
  nohup java -Xms"${KAFKA_HEAP:-512m}" -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" -cp "$cp" kafka.Kafka "$DATA_DIR/server.properties" \
    >>"$LOG_FILE" 2>&1 9>&- &
  echo $! >"$PID_FILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start_service 180 "$KAFKA_PORT" KAFKA_PORT 60 ;;
  stop) stop_service 180 30 ;;
  status) service_status ;;
  run)
    shift
    [ $# -ge 1 ] || { log "usage: scripts/kafka.sh run <class> [args...]"; exit 2; }
    fetch; require_java; write_log_config
    cls="$1"; shift
    exec java -cp "$LIBS_DIR/*" -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" "$cls" "$@" ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
