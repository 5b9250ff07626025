# Sourced by the scripts that run a local Java or Python service on 127.0.0.1 (kafka.sh, connect.sh,
# schema-registry.sh, localstack.sh): logging, the start/stop lock, the PID file, starting a service once and waiting
# until it answers, stopping it, and fetching Apache Kafka jars from Maven Central. A script calls define_service, and
# defines is_up (the service answers) and launch (starts the process in the background and writes PID_FILE).

# Where downloads, builds and venvs are cached.
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/aep-streaming-sink"

# define_service <name> <process> <run-dir> <file-stem> <address> <cmdline-pattern>: <name> prefixes the log lines,
# <process> names what runs ("broker"), <run-dir> holds the lock, <file-stem>.pid and <file-stem>.log, <address> is
# where it answers, and <cmdline-pattern> tells its process from another one that got a recycled pid.
define_service() {
  SERVICE="$1" PROCESS="$2" RUN_DIR="$3" PID_FILE="$3/$4.pid" LOG_FILE="$3/$4.log" ADDRESS="$5" PID_PATTERN="$6"
}

log() { printf '[%s] %s\n' "$SERVICE" "$*" >&2; }

require_java() {
  command -v java >/dev/null || { log "Java 17+ is required (e.g. apt-get install openjdk-17-jre-headless)"; exit 1; }
  local major
  major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)"
  if [ -n "$major" ] && [ "$major" -lt 17 ]; then log "Java 17+ is required; found Java $major"; exit 1; fi
}

# lock <dir> <seconds>: serialises start/stop per service instance (on fd 9); the second caller waits, then finds the
# service up (or down).
lock() {
  mkdir -p "$1"
  exec 9>"$1/.lock"
  if command -v flock >/dev/null; then flock -w "$2" 9; fi
}

# service_pid: prints the pid in PID_FILE when that process is alive and is this service; fails otherwise.
service_pid() {
  [ -f "$PID_FILE" ] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  kill -0 "$pid" 2>/dev/null && grep -q "$PID_PATTERN" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# require_free_port <port> <setting>: exits when another process listens on <port>, naming the setting that moves it.
require_free_port() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then log "port $1 is taken by another process; set $2"; exit 1; fi
}

# start_service <lock-seconds> <port> <port-setting> <ready-seconds>: under the lock, leaves a service that is up as it
# is, waits for ours when it is alive but not ready yet (an interrupted or timed-out start; never a second one), and
# otherwise launches it once <port> is free and waits until it is up.
start_service() {
  lock "$RUN_DIR" "$1"
  if is_up; then log "already running on $ADDRESS (pid $(cat "$PID_FILE"))"; return 0; fi
  if ! service_pid >/dev/null; then
    require_free_port "$2" "$3"
    launch
  fi
  wait_ready "$4"
}

# wait_ready <seconds>: polls is_up every half second until it succeeds, the process in PID_FILE exits (logging the
# tail of LOG_FILE) or <seconds> pass.
wait_ready() {
  for _ in $(seq 1 $(($1 * 2))); do
    if is_up 2>/dev/null; then log "started on $ADDRESS (pid $(cat "$PID_FILE"), log $LOG_FILE)"; return 0; fi
    if ! kill -0 "$(cat "$PID_FILE")" 2>/dev/null; then log "$PROCESS exited; last log lines:"; tail -30 "$LOG_FILE" >&2; exit 1; fi
    sleep 0.5
  done
  log "$PROCESS did not become ready within $1 s; see $LOG_FILE (start waits again, stop stops it)"; exit 1
}

# stop_service <lock-seconds> <seconds>: under the lock, SIGTERM, then SIGKILL when the process is still alive after
# <seconds>.
stop_service() {
  lock "$RUN_DIR" "$1"
  local pid
  pid="$(service_pid)" || { rm -f "$PID_FILE"; log "not running"; return 0; }
  kill "$pid"
  for _ in $(seq 1 $(($2 * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "$PROCESS did not stop in $2 s; killing"; kill -9 "$pid"; fi
  rm -f "$PID_FILE"
  log "stopped"
}

service_status() { if is_up; then log "up on $ADDRESS"; else log "down"; exit 1; fi; }

# fetch_kafka_jars <libs-dir> <name> <version> <artifact>...: downloads the org.apache.kafka <artifact>s at <version>,
# with their runtime dependencies and Log4j 2 as the one SLF4J binding, from Maven Central into <libs-dir>, once
# (<libs-dir>/.complete marks a complete download; a failed one is fetched again next time).
fetch_kafka_jars() {
  local libs="$1" name="$2" version="$3" work artifact dependencies=""
  shift 3
  if [ -f "$libs/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to fetch $name (e.g. apt-get install maven)"; exit 1; }
  require_java
  log "fetching Apache $name $version from Maven Central into $libs"
  for artifact in "$@"; do
    dependencies+="<dependency><groupId>org.apache.kafka</groupId><artifactId>$artifact</artifactId><version>$version</version></dependency>"
  done
  work="$(mktemp -d)"
  cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.aep-sink</groupId><artifactId>$SERVICE</artifactId><version>1</version>
  <dependencies>
    $dependencies
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-api</artifactId><version>2.0.17</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
    <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
  </dependencies>
</project>
POM
  mkdir -p "$libs"
  if ! (cd "$work" && mvn -q -B dependency:copy-dependencies -DoutputDirectory="$libs" -DincludeScope=runtime) >&2; then
    rm -rf "$work"
    log "fetching $name failed; the partial download is fetched again next time"; exit 1
  fi
  rm -rf "$work"
  # exactly one SLF4J binding on the classpath
  rm -f "$libs"/slf4j-reload4j-*.jar "$libs"/slf4j-log4j12-*.jar
  touch "$libs/.complete"
}

# write_log4j2_config <file> [line]...: Log4j 2 at WARN on the console, plus the given lines.
write_log4j2_config() {
  mkdir -p "$(dirname "$1")"
  {
    printf '%s\n' 'rootLogger.level=WARN' 'rootLogger.appenderRef.stdout.ref=STDOUT' 'appender.stdout.type=Console' \
      'appender.stdout.name=STDOUT' 'appender.stdout.layout.type=PatternLayout' \
      'appender.stdout.layout.pattern=[%d] %p %m (%c)%n' "${@:2}"
  } >"$1"
}
