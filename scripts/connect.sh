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

CONNECT_VERSION="${CONNECT_VERSION:-4.1.1}"
REST_PORT="${CONNECT_REST_PORT:-18083}"
BROKER="${CONNECT_KAFKA:-127.0.0.1:9092}"
CACHE_DIR="${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aep-streaming-sink}"
LIBS_DIR="$CACHE_DIR/connect-$CONNECT_VERSION/libs"
DATA_DIR="${CONNECT_DATA_DIR:-${TMPDIR:-/tmp}/aep-sink-connect-$REST_PORT}"
PID_FILE="$DATA_DIR/connect.pid"
LOG_FILE="$DATA_DIR/connect.log"

log() { printf '[connect] %s\n' "$*" >&2; }

fetch() {
  if [ -f "$LIBS_DIR/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch Kafka Connect (e.g. apt-get install maven)"; exit 1; }
  command -v java >/dev/null || { log "Java 17+ is required to run Kafka Connect"; exit 1; }
  log "fetching Apache Kafka Connect $CONNECT_VERSION from Maven Central into $LIBS_DIR"
  local work
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.aep-sink</groupId><artifactId>kafka-connect</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-runtime</artifactId><version>$CONNECT_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-json</artifactId><version>$CONNECT_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-file</artifactId><version>$CONNECT_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>connect-transforms</artifactId><version>$CONNECT_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
  mkdir -p "$LIBS_DIR"
  if ! (cd "$work" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$LIBS_DIR" -DincludeScope=runtime) >&2; then
    rm -rf "$work"
    log "fetching Kafka Connect failed; the partial download is fetched again next time"; exit 1
  fi
  rm -rf "$work"
  # exactly one SLF4J binding on the classpath
  rm -f "$LIBS_DIR"/slf4j-reload4j-*.jar "$LIBS_DIR"/slf4j-log4j12-*.jar
  touch "$LIBS_DIR/.complete"
}

worker_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && grep -q 'ConnectDistributed' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

is_up() { worker_pid >/dev/null && curl -sf "http://127.0.0.1:$REST_PORT/" >/dev/null; }

start() {
  if is_up; then log "already running on 127.0.0.1:$REST_PORT (pid $(cat "$PID_FILE"))"; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$REST_PORT") 2>/dev/null; then
    log "port $REST_PORT is taken by another process; set CONNECT_REST_PORT"; exit 1
  fi
  fetch
  mkdir -p "$DATA_DIR"
  # A fresh group and fresh internal topics: a worker with no connectors.
  local group
  group="aep-sink-connect-diff-$(date +%s)-$$"
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
  cat >"$DATA_DIR/log4j2.properties" <<L4J
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
L4J
  : >"$LOG_FILE"
  nohup java -Xmx"${CONNECT_HEAP:-512m}" -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" -cp "$LIBS_DIR/*" \
    org.apache.kafka.connect.cli.ConnectDistributed "$DATA_DIR/worker.properties" >>"$LOG_FILE" 2>&1 &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 180); do
    if is_up; then log "started on http://127.0.0.1:$REST_PORT (pid $(cat "$PID_FILE"), group $group)"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then log "worker exited; last log lines:"; tail -20 "$LOG_FILE" >&2; exit 1; fi
    sleep 0.5
  done
  log "worker did not answer within 90 s; see $LOG_FILE"; exit 1
}

stop() {
  local pid
  pid="$(worker_pid)" || { rm -f "$PID_FILE"; log "not running"; return 0; }
  kill "$pid"
  for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  kill -0 "$pid" 2>/dev/null && { log "worker did not stop in 30 s; killing"; kill -9 "$pid"; }
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) is_up && log "up on http://127.0.0.1:$REST_PORT" || { log "down"; exit 1; } ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
