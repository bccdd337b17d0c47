# shellcheck shell=bash
# Kafka 4 in KRaft mode, one node that is both broker and controller, run straight from the Kafka jars
# on Maven Central (resolved by infra/kafka/pom.xml into <state>/kafka/libs, once).
# Sourced by lib.sh's load_service.
#
# Every client authenticates (SASL/SCRAM-SHA-512) and is authorized by ACLs (the StandardAuthorizer; no ACL, no
# access). The one super user, KAFKA_ADMIN_USER, is the control plane's principal; its random password is made at the
# first start in <state>/kafka/client.password, and <state>/kafka/client.properties holds a client's settings for the
# Kafka command line tools (--command-config). The controller listener takes only that user too (SASL/PLAIN: KRaft
# controllers cannot check SCRAM, whose credentials live in the metadata they serve).

KAFKA_PORT=${BARRAGE_KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${BARRAGE_KAFKA_CONTROLLER_PORT:-19093}
KAFKA_HEAP_OPTS=${BARRAGE_KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}
# "name:partitions" words, created (if missing) at every start
KAFKA_TOPICS=${BARRAGE_KAFKA_TOPICS:-barrage.runner-reports:6 barrage.runner-control:6 barrage.run-events:3}

KAFKA_ADMIN_USER=barrage
KAFKA_MECHANISM=SCRAM-SHA-512

kafka_ports()   { echo "BARRAGE_KAFKA_PORT=$KAFKA_PORT BARRAGE_KAFKA_CONTROLLER_PORT=$KAFKA_CONTROLLER_PORT"; }
kafka_timeout() { echo "${BARRAGE_KAFKA_TIMEOUT:-120}"; }

kafka_version() { sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$INFRA_DIR/kafka/pom.xml"; }

kafka_libs() { echo "$(svc_dir kafka)/libs"; }

kafka_password() { cat "$(svc_dir kafka)/client.password"; }

# The admin's password (made once) and a client configuration for the command line tools, both readable by us only.
kafka_write_credentials() {
  local dir=$1
  if [ ! -s "$dir/client.password" ]; then
    (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' >"$dir/client.password")
  fi
  (umask 077; cat >"$dir/client.properties" <<EOF
# Written by infra/kafka/service.sh at every start: the super user's client settings (--command-config).
security.protocol=SASL_PLAINTEXT
sasl.mechanism=$KAFKA_MECHANISM
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$(kafka_password)";
EOF
  )
}

# A short-lived JVM running one of Kafka's command line classes.
kafka_tool() {
  "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2-tools.properties" \
    -cp "$(kafka_libs)/*" "$@" 9>&-
}

kafka_write_config() {
  local dir=$1 password
  password=$(kafka_password)
  (umask 077; cat >"$dir/server.properties" <<EOF
# Written by infra/kafka/service.sh at every start: edit that script, not this file.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$BIND_HOST:$KAFKA_CONTROLLER_PORT
listeners=CLIENT://$BIND_HOST:$KAFKA_PORT,CONTROLLER://$BIND_HOST:$KAFKA_CONTROLLER_PORT
advertised.listeners=CLIENT://$BIND_HOST:$KAFKA_PORT
inter.broker.listener.name=CLIENT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:SASL_PLAINTEXT,CLIENT:SASL_PLAINTEXT
sasl.enabled.mechanisms=$KAFKA_MECHANISM
sasl.mechanism.inter.broker.protocol=$KAFKA_MECHANISM
listener.name.client.${KAFKA_MECHANISM,,}.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="$KAFKA_ADMIN_USER" password="$password";
sasl.mechanism.controller.protocol=PLAIN
listener.name.controller.sasl.enabled.mechanisms=PLAIN
listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="$KAFKA_ADMIN_USER" password="$password" user_$KAFKA_ADMIN_USER="$password";
authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer
super.users=User:$KAFKA_ADMIN_USER
allow.everyone.if.no.acl.found=false
log.dirs=$dir/data
num.partitions=1
default.replication.factor=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=4
log.retention.hours=72
EOF
  )
}

kafka_prepare() {
  local dir libs sha cluster_id
  dir=$(svc_dir kafka); libs=$(kafka_libs)
  resolve_java_home || return 1

  sha=$(file_sha "$INFRA_DIR/kafka/pom.xml")
  if [ "$(cat "$libs/.complete" 2>/dev/null)" != "$sha" ]; then
    info "kafka: fetching the Kafka $(kafka_version) jars with Maven into $libs (once)"
    rm -rf "$libs.tmp"
    run_maven "$(log_file kafka)" -f "$INFRA_DIR/kafka/pom.xml" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$libs.tmp" 9>&- || return 1
    ls "$libs.tmp"/kafka_2.13-*.jar >/dev/null 2>&1 || { err "kafka: Maven copied no Kafka jar into $libs.tmp"; return 1; }
    rm -rf "$libs"; mv "$libs.tmp" "$libs" || return 1
    echo "$sha" >"$libs/.complete"
  fi

  kafka_write_credentials "$dir"
  kafka_write_config "$dir"

  # Storage formatted before authentication came has no SCRAM credential for the admin, and with SCRAM as the only
  # way in none can be added: it is formatted again (its topics and records go; the topics are made again at start).
  if [ -f "$dir/data/meta.properties" ] && [ ! -f "$dir/data/.scram-admin" ]; then
    info "kafka: $dir/data predates authentication; formatting it again (its records are dropped)"
    rm -rf "$dir/data"
  fi
  # Kafka 4.1 loses every SCRAM credential, the admin's included, when a broker restarts on a metadata log holding a
  # few credential deletions (the control plane now overwrites a finished run's password instead of deleting it).
  # Storage from before that has such deletions and cannot be signed in to after a restart: it is formatted again.
  if [ -f "$dir/data/meta.properties" ] && [ ! -f "$dir/data/.scram-no-deletions" ]; then
    info "kafka: $dir/data may hold SCRAM deletions that lock the admin out after a restart; formatting it again"
    rm -rf "$dir/data"
  fi
  if [ ! -f "$dir/data/meta.properties" ]; then
    info "kafka: formatting the KRaft storage in $dir/data"
    cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid 2>>"$(log_file kafka)") \
      || { err "kafka: could not generate a cluster id"; return 1; }
    kafka_tool kafka.tools.StorageTool format --ignore-formatted -t "$cluster_id" -c "$dir/server.properties" \
      --add-scram "$KAFKA_MECHANISM=[name=$KAFKA_ADMIN_USER,password=$(kafka_password)]" \
      >>"$(log_file kafka)" 2>&1 || { err "kafka: storage format failed; see $(log_file kafka)"; return 1; }
    : >"$dir/data/.scram-admin"
    : >"$dir/data/.scram-no-deletions"
    echo "$cluster_id" >"$dir/cluster.id"
  fi
}

kafka_launch() {
  local dir
  dir=$(svc_dir kafka)
  echo "==== $(date -u +%FT%TZ) starting Kafka $(kafka_version)" >>"$(log_file kafka)"
  # setsid: own session and process group, so a Ctrl-C in the calling terminal does not reach it.
  # shellcheck disable=SC2086
  setsid "$JAVA" $KAFKA_HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError \
    -Djava.awt.headless=true -Dbarrage.infra=kafka \
    -Dlog4j2.configurationFile="$INFRA_DIR/kafka/log4j2.properties" -Dkafka.logs.dir="$dir" \
    -cp "$(kafka_libs)/*" kafka.Kafka "$dir/server.properties" \
    </dev/null >>"$(log_file kafka)" 2>&1 9>&- &
  LAUNCHED_PID=$!
  LAUNCHED_MARKER=$dir/server.properties
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER" && return 0
    sleep 0.2
  done
  pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER"
}

kafka_ready() {
  port_open "$KAFKA_PORT" && port_open "$KAFKA_CONTROLLER_PORT"
}

kafka_post_start() {
  local bootstrap=$BIND_HOST:$KAFKA_PORT config existing w topic partitions attempt created=
  config=$(svc_dir kafka)/client.properties
  resolve_java_home || return 1
  for attempt in 1 2 3 4 5; do
    if existing=$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --command-config "$config" --list 2>>"$(log_file kafka)"); then
      break
    fi
    [ "$attempt" -lt 5 ] || { err "kafka: cannot list topics on $bootstrap; see $(log_file kafka)"; return 1; }
    sleep 2
  done
  for w in $KAFKA_TOPICS; do
    topic=${w%%:*}; partitions=${w#*:}
    if printf '%s\n' "$existing" | grep -qxF "$topic"; then continue; fi
    kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$bootstrap" --command-config "$config" --create --if-not-exists \
      --topic "$topic" --partitions "$partitions" --replication-factor 1 >>"$(log_file kafka)" 2>&1 \
      || { err "kafka: could not create topic $topic; see $(log_file kafka)"; return 1; }
    created="$created $topic($partitions)"
  done
  [ -z "$created" ] || info "kafka: created topics$created"
}

kafka_stop() {
  kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null || true
}

kafka_info() {
  echo "Kafka       bootstrap $BIND_HOST:$KAFKA_PORT  SASL_PLAINTEXT $KAFKA_MECHANISM  user $KAFKA_ADMIN_USER, password in $(svc_dir kafka)/client.password"
  echo "            topics: $KAFKA_TOPICS  (command line tools: --command-config $(svc_dir kafka)/client.properties)"
}
