#!/usr/bin/env bash
# A real schema registry that speaks the Confluent Schema Registry API, on 127.0.0.1: Apicurio Registry (H2 storage in
# its data dir, so schemas and their ids survive a restart), assembled with Maven from Maven Central, since Apicurio
# publishes no runnable form there.
#
#   scripts/schema-registry.sh build    assemble the registry (cached; a second run builds nothing)
#   scripts/schema-registry.sh start    build, start it and wait until its Confluent-compatible API answers
#   scripts/schema-registry.sh stop     stop the registry started by `start`
#   scripts/schema-registry.sh status   exit 0 when it answers
#   scripts/schema-registry.sh url      print the URL clients take as schema.registry.url
#
# Settings (environment): SCHEMA_REGISTRY_PORT (8081), SCHEMA_REGISTRY_CACHE_DIR (~/.cache/aep-streaming-sink),
# SCHEMA_REGISTRY_DATA_DIR (<tmp>/aep-sink-schema-registry-<port>), SCHEMA_REGISTRY_HEAP (384m),
# SCHEMA_REGISTRY_MAVEN_ARGS (extra Maven arguments, e.g. -Dmaven.repo.local=/tmp/m2 to time a cold build).
# Needs Java 17+ and, for the first build only, Maven. The URL is http://127.0.0.1:<port>/apis/ccompat/v7.
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

APICURIO_VERSION=2.4.2.Final   # the newest release whose artifacts Maven Central serves completely
QUARKUS_VERSION=2.16.4.Final   # the Quarkus release Apicurio 2.4.2 is built with
PORT="${SCHEMA_REGISTRY_PORT:-8081}"
APP_DIR="${SCHEMA_REGISTRY_CACHE_DIR:-$CACHE_ROOT}/apicurio-registry-$APICURIO_VERSION"
DATA_DIR="${SCHEMA_REGISTRY_DATA_DIR:-${TMPDIR:-/tmp}/aep-sink-schema-registry-$PORT}"
URL="http://127.0.0.1:$PORT/apis/ccompat/v7"
define_service schema-registry registry "$DATA_DIR" registry "$URL" 'apicurio-registry-runner'

# The Maven project that assembles the registry: Apicurio's app POM (for its dependency tree) and jar (unpacked into
# the build output, as Apicurio's own build has it), packaged by the Quarkus plugin as a runnable jar plus lib/.
write_project() {
  local dir="$1"
  mkdir -p "$dir/src/main/java/local/aepsink/registry"
  # Resolve everything from Maven Central: some Apicurio POMs name other repositories.
  cat >"$dir/settings.xml" <<'XML'
<settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
  <mirrors>
    <mirror><id>central-only</id><mirrorOf>*</mirrorOf><url>https://repo.maven.apache.org/maven2</url></mirror>
  </mirrors>
</settings>
XML
  cat >"$dir/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.aep-sink</groupId><artifactId>schema-registry</artifactId><version>1</version>
  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <quarkus.package.type>legacy-jar</quarkus.package.type>
    <quarkus.profile>prod</quarkus.profile>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency><groupId>io.apicurio</groupId><artifactId>apicurio-registry</artifactId><version>$APICURIO_VERSION</version><type>pom</type><scope>import</scope></dependency>
      <dependency><groupId>io.quarkus</groupId><artifactId>quarkus-bom</artifactId><version>$QUARKUS_VERSION</version><type>pom</type><scope>import</scope></dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.apicurio</groupId><artifactId>apicurio-registry-app</artifactId><version>$APICURIO_VERSION</version><type>pom</type>
      <exclusions>
        <!-- only on jitpack; the same library is on Central as com.github.erosb:everit-json-schema -->
        <exclusion><groupId>com.github.everit-org.json-schema</groupId><artifactId>org.everit.json.schema</artifactId></exclusion>
        <!-- its deployment artifact is not on Central; EmptyDynamicConfig provides the one bean it produces -->
        <exclusion><groupId>io.apicurio</groupId><artifactId>apicurio-common-app-components-config-index</artifactId></exclusion>
      </exclusions>
    </dependency>
    <dependency><groupId>com.github.erosb</groupId><artifactId>everit-json-schema</artifactId><version>1.14.2</version></dependency>
  </dependencies>
  <build>
    <finalName>apicurio-registry</finalName>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId><artifactId>maven-dependency-plugin</artifactId><version>3.6.1</version>
        <executions>
          <execution>
            <id>unpack-app</id><phase>generate-resources</phase><goals><goal>unpack</goal></goals>
            <configuration>
              <artifactItems>
                <artifactItem><groupId>io.apicurio</groupId><artifactId>apicurio-registry-app</artifactId><version>$APICURIO_VERSION</version><type>jar</type></artifactItem>
              </artifactItems>
              <excludes>META-INF/MANIFEST.MF,META-INF/maven/**</excludes>
              <outputDirectory>\${project.build.outputDirectory}</outputDirectory>
            </configuration>
          </execution>
        </executions>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId><artifactId>maven-compiler-plugin</artifactId><version>3.11.0</version>
      </plugin>
      <plugin>
        <groupId>io.quarkus</groupId><artifactId>quarkus-maven-plugin</artifactId><version>$QUARKUS_VERSION</version>
        <executions><execution><goals><goal>build</goal></goals></execution></executions>
      </plugin>
    </plugins>
  </build>
</project>
POM
  cat >"$dir/src/main/java/local/aepsink/registry/EmptyDynamicConfig.java" <<'JAVA'
package local.aepsink.registry;

import io.apicurio.common.apps.config.DynamicConfigPropertyList;
import java.util.List;
import javax.enterprise.context.ApplicationScoped;
import javax.enterprise.inject.Produces;

/** The bean apicurio-common-app-components-config-index would record at build time: no dynamic properties. */
@ApplicationScoped
public class EmptyDynamicConfig {
  @Produces
  @ApplicationScoped
  public DynamicConfigPropertyList dynamicConfigProperties() {
    return new DynamicConfigPropertyList(List.of());
  }
}
JAVA
}

build() {
  if [ -f "$APP_DIR/.complete" ]; then return 0; fi
  command -v mvn >/dev/null || { log "Maven (mvn) is required to build the registry (e.g. apt-get install maven)"; exit 1; }
  require_java
  log "assembling Apicurio Registry $APICURIO_VERSION from Maven Central into $APP_DIR (a few minutes the first time)"
  local work
  work="$(mktemp -d)"
  write_project "$work"
  # shellcheck disable=SC2086 # SCHEMA_REGISTRY_MAVEN_ARGS is a list of arguments
  if ! (cd "$work" && mvn -q -B -s settings.xml ${SCHEMA_REGISTRY_MAVEN_ARGS:-} package -DskipTests) >&2; then
    rm -rf "$work"
    log "building the registry failed; it is built again next time"; exit 1
  fi
  rm -rf "$APP_DIR"
  mkdir -p "$APP_DIR"
  mv "$work/target/apicurio-registry-runner.jar" "$work/target/lib" "$APP_DIR/"
  rm -rf "$work"
  touch "$APP_DIR/.complete"
}

answers() {
  command -v curl >/dev/null || { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; return; }
  curl -fsS -o /dev/null --max-time 2 "$URL/subjects"
}

is_up() { service_pid >/dev/null && answers 2>/dev/null; }

launch() {
  build
  require_java
  : >"$LOG_FILE"
  REGISTRY_DATASOURCE_URL="jdbc:h2:file:$DATA_DIR/registry;DB_CLOSE_ON_EXIT=FALSE" nohup java -Xms64m -Xmx"${SCHEMA_REGISTRY_HEAP:-384m}" -XX:+UseSerialGC -Djava.awt.headless=true \
    -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port="$PORT" -Dquarkus.log.level=WARN \
    -Dquarkus.log.category.\"io.quarkus\".level=INFO \
    -jar "$APP_DIR/apicurio-registry-runner.jar" >>"$LOG_FILE" 2>&1 9>&- &
  echo $! >"$PID_FILE"
}

case "${1:-}" in
  build) build ;;
  start) start_service 600 "$PORT" SCHEMA_REGISTRY_PORT 120 ;;
  stop) stop_service 600 20 ;;
  status) service_status ;;
  url) echo "$URL" ;;
  *) sed -n '2,15p' "$0" >&2; exit 2 ;;
esac
