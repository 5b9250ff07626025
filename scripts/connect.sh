#!/usr/bin/env bash
# A real Apache Kafka Connect worker (distributed mode, one node) on 127.0.0.1, fetched from Maven Central: the
# reference `scripts/connect-diff.ts` replays REST calls against. Only built-in plugins (FileStreamSink/Source, the
# transforms, predicates and converters); no jar is ever written inside the repository.
#
#   scripts/connect.sh fetch     download the pinned Connect jars (cached; a second run downloads nothing)
#   scripts/connect.sh start     fetch, start a worker with a fresh group.id and wait until GET / answers
#   scripts/connect.sh stop      stop the worker started by `start`
#   scripts/connect.sh status    exit 0 when the worker answers
#
# Settings (environment): CONNECT_REST_PORT (18083), CONNECT_KAFKA (127.0.0.1:9092, e.g. the broker of
# scripts/kafka.sh), CONNECT_VERSION (4.1.1), KAFKA_CACHE_DIR (~/.cache/aep-streaming-sink),
# CONNECT_DATA_DIR (<tmp>/aep-sink-connect-<port>), CONNECT_HEAP (512m). Needs Java 17+ and, for the first fetch,
# Maven.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECT_VERSION="${CONNECT_VERSION:-4.1.1}"
REST_PORT="${CONNECT_REST_PORT:-18083}"
BROKER="${CONNECT_KAFKA:-127.0.0.1:9092}"
LIBS_DIR="${KAFKA_CACHE_DIR:-$CACHE_ROOT}/connect-$CONNECT_VERSION/libs"
DATA_DIR="${CONNECT_DATA_DIR:-${TMPDIR:-/tmp}/aep-sink-connect-$REST_PORT}"
define_service connect worker "$DATA_DIR" connect "http://127.0.0.1:$REST_PORT" 'ConnectDistributed'

fetch() {
  fetch_kafka_jars "$LIBS_DIR" "Kafka Connect" "$CONNECT_VERSION" connect-runtime connect-json connect-file connect-transforms
}

is_up() { service_pid >/dev/null && curl -sf "http://127.0.0.1:$REST_PORT/" >/dev/null; }

launch() {
  fetch
  mkdir -p "$DATA_DIR"
  # A fresh group and fresh internal topics: a worker with no connectors.
  local group
  group="aep-sink-connect-diff-$(date +%s)-$$"
  log "worker group $group"
  cat >"$DATA_DIR/worker.properties" <<PROPS
bootstrap.servers=$BROKER
listeners=http://127.0.0.1:$REST_PORT
rest.advertised.host.name=127.0.0.1
group.id=$group
config.storage.topic=$group-configs
offset.storage.topic=$group-offsets
status.storage.topic=$group-status
config.storage.replication.factor=1
offset.storage.replication.factor=1
status.storage.replication.factor=1
offset.flush.interval.ms=1000
key.converter=org.apache.kafka.connect.json.JsonConverter
value.converter=org.apache.kafka.connect.json.JsonConverter
key.converter.schemas.enable=false
value.converter.schemas.enable=false
PROPS
  write_log4j2_config "$DATA_DIR/log4j2.properties"
  : >"$LOG_FILE"
  nohup java -Xmx"${CONNECT_HEAP:-512m}" -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" -cp "$LIBS_DIR/*" \
    org.apache.kafka.connect.cli.ConnectDistributed "$DATA_DIR/worker.properties" >>"$LOG_FILE" 2>&1 9>&- &
  echo $! >"$PID_FILE"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start_service 180 "$REST_PORT" CONNECT_REST_PORT 90 ;;
  stop) stop_service 180 30 ;;
  status) service_status ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
