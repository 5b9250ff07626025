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

KAFKA_VERSION="${KAFKA_VERSION:-4.1.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
CACHE_DIR="${KAFKA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/aep-streaming-sink}"
LIBS_DIR="$CACHE_DIR/kafka-$KAFKA_VERSION/libs"
DATA_DIR="${KAFKA_DATA_DIR:-${TMPDIR:-/tmp}/aep-sink-kafka-$KAFKA_PORT}"
PID_FILE="$DATA_DIR/kafka.pid"
LOG_FILE="$DATA_DIR/kafka.log"

log() { printf '[kafka] %s\n' "$*" >&2; }

require_java() {
  command -v java >/dev/null || { log "Java 17+ is required to run Kafka (e.g. apt-get install openjdk-17-jre-headless)"; exit 1; }
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
  if [ -n "$major" ] && [ "$major" -lt 17 ]; then log "Java 17+ is required to run Kafka $KAFKA_VERSION; found Java $major"; exit 1; fi
}

# Serialises start/stop per port: the second caller waits, then finds the broker up (or down).
lock() {
  mkdir -p "$DATA_DIR"
  exec 9>"$DATA_DIR/.lock"
  command -v flock >/dev/null && flock -w 180 9
}

write_log_config() {
  mkdir -p "$DATA_DIR"
  cat >"$DATA_DIR/log4j2.properties" <<L4J
rootLogger.level=WARN
rootLogger.appenderRef.stdout.ref=STDOUT
appender.stdout.type=Console
appender.stdout.name=STDOUT
appender.stdout.layout.type=PatternLayout
appender.stdout.layout.pattern=[%d] %p %m (%c)%n
logger.server.name=kafka.server.KafkaRaftServer
logger.server.level=INFO
L4J
}

# True when the pid in the PID file is this broker (not a recycled pid of another process).
broker_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && grep -q 'kafka.Kafka' "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

fetch() {
  if [ -f "$LIBS_DIR/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch Kafka (e.g. apt-get install maven)"; exit 1; }
  require_java
  log "fetching Apache Kafka $KAFKA_VERSION from Maven Central into $LIBS_DIR"
  local work
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.aep-sink</groupId><artifactId>kafka-broker</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka_2.13</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.apache.kafka</groupId><artifactId>kafka-tools</artifactId><version>$KAFKA_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
  mkdir -p "$LIBS_DIR"
  if ! (cd "$work" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$LIBS_DIR" -DincludeScope=runtime) >&2; then
    rm -rf "$work"
    log "fetching Kafka failed; the partial download is fetched again next time"; exit 1
  fi
  rm -rf "$work"
  touch "$LIBS_DIR/.complete"
}

is_up() {
  # the broker answers when a TCP connection to its listener succeeds and its log says it started
  broker_pid >/dev/null &&
    grep -q 'Kafka Server started' "$LOG_FILE" 2>/dev/null &&
    (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null
}

start() {
  lock
  if is_up; then log "already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE"))"; return 0; fi
  # our broker is alive but not ready yet (an interrupted or timed-out start): wait for it, never launch a second one
  if broker_pid >/dev/null; then wait_ready; return 0; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null; then
    log "port $KAFKA_PORT is taken by another process; set KAFKA_PORT"; exit 1
  fi
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
  wait_ready
}

wait_ready() {
  for _ in $(seq 1 120); do
    if is_up; then log "started on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE"), data in $DATA_DIR)"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then log "broker exited; last log lines:"; tail -20 "$LOG_FILE" >&2; exit 1; fi
    sleep 0.5
  done
  log "broker did not become ready within 60 s; see $LOG_FILE (scripts/kafka.sh start waits again, stop stops it)"; exit 1
}

stop() {
  lock
  local pid
  pid="$(broker_pid)" || { rm -f "$PID_FILE"; log "not running"; return 0; }
  if [ -n "$pid" ]; then
    kill "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && { log "broker did not stop in 30 s; killing"; kill -9 "$pid"; }
  fi
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) is_up && log "up on 127.0.0.1:$KAFKA_PORT" || { log "down"; exit 1; } ;;
  run)
    shift
    [ $# -ge 1 ] || { log "usage: scripts/kafka.sh run <class> [args...]"; exit 2; }
    fetch; require_java; write_log_config
    cls="$1"; shift
    exec java -cp "$LIBS_DIR/*" -Dlog4j2.configurationFile="$DATA_DIR/log4j2.properties" "$cls" "$@" ;;
  *) sed -n '2,14p' "$0" >&2; exit 2 ;;
esac
