# shellcheck shell=bash
# The Barrage control plane (Quarkus), built from this checkout and run from control-plane/target/quarkus-app.
# Sourced by lib.sh's load_service; started by './barrage up' after the services it needs.

CP_PORT=${BARRAGE_HTTP_PORT:-18090}
CP_APP=$BARRAGE_ROOT/control-plane/target/quarkus-app/quarkus-run.jar

control-plane_ports()   { echo "BARRAGE_HTTP_PORT=$CP_PORT"; }
control-plane_timeout() { echo "${BARRAGE_CONTROL_PLANE_TIMEOUT:-180}"; }

# Builds the control plane and the runner it launches when they are missing or older than their sources.
control-plane_prepare() {
  local log newer
  log=$(log_file control-plane)
  newer=
  if [ -f "$CP_APP" ] && [ -f "$BARRAGE_ROOT/runner-image/runner/target/barrage-runner.jar" ]; then
    newer=$(find "$BARRAGE_ROOT/control-plane/src" "$BARRAGE_ROOT/runner-image" "$BARRAGE_ROOT/pom.xml" \
      "$BARRAGE_ROOT/web/src" "$BARRAGE_ROOT/web/index.html" "$BARRAGE_ROOT/web/package.json" \
      "$BARRAGE_ROOT/web/package-lock.json" \
      \( -name '*.java' -o -name '*.properties' -o -name '*.sql' -o -name pom.xml -o -name '*.ts' -o -name '*.tsx' \
         -o -name '*.css' -o -name '*.html' -o -name '*.json' \) -not -path '*/target/*' -not -path '*/node_modules/*' \
      -newer "$CP_APP" 2>/dev/null | head -n 1)
  fi
  if [ ! -f "$CP_APP" ] || [ -n "$newer" ]; then
    info "building the control plane and the runner (first start, or sources changed: about 2 min)"
    run_maven "$log" -DskipTests install -pl control-plane -am || return 1
  fi
}

# The upload check's sandbox (namespaces and a uid of its own) needs root and util-linux; without them the check runs
# as this user with the empty environment only, and says so.
control-plane_check_sandbox() {
  if [ "$(id -u)" = 0 ] && unshare --net --pid --fork --mount-proc true 2>/dev/null \
      && setpriv --reuid=64100 --regid=64100 --clear-groups true 2>/dev/null; then
    echo required
  else
    echo off
  fi
}

control-plane_launch() {
  resolve_java_home || return 1
  echo "==== $(date -u +%FT%TZ) starting the control plane" >>"$(log_file control-plane)"
  CP_CHECK_SANDBOX=$(control-plane_check_sandbox)
  if [ "$CP_CHECK_SANDBOX" = off ]; then
    info "control-plane: not root or no unshare/setpriv: upload checks run without their sandbox (barrage.check.sandbox=off)"
  fi
  # integrations seal their secrets under this key; on one's own machine a development key is made once and kept
  # in the state directory (a deployment sets BARRAGE_SECRETS_KEY from its own secret store)
  local key_file="$STATE_DIR/secrets.key"
  if [ -z "${BARRAGE_SECRETS_KEY:-}" ] && [ ! -s "$key_file" ]; then
    (umask 077 && head -c 32 /dev/urandom | base64 >"$key_file") || return 1
  fi
  # one machine of one's own: runners keep reaching any local address (barrage.launch.local.isolation=none)
  BARRAGE_SECRETS_KEY=${BARRAGE_SECRETS_KEY:-$(cat "$key_file")} BARRAGE_HTTP_PORT=$CP_PORT \
    setsid "$JAVA" --add-opens java.base/java.lang=ALL-UNNAMED -Xmx512m \
      -Dbarrage.root="$BARRAGE_ROOT" -Dbarrage.launch.local.log-dir="$STATE_DIR/runs" -Dbarrage.targets.loopback=allow \
      -Dbarrage.check.sandbox="$CP_CHECK_SANDBOX" -Dbarrage.launch.local.isolation=none \
      -jar "$CP_APP" </dev/null >>"$(log_file control-plane)" 2>&1 9>&- &
  LAUNCHED_PID=$!
  LAUNCHED_MARKER=quarkus-run.jar
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER" && return 0
    sleep 0.2
  done
  pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER"
}

control-plane_ready() {
  [ "$(http_status "http://$BIND_HOST:$CP_PORT/health/ready")" = 200 ]
}

control-plane_post_start() { :; }

control-plane_stop() {
  kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null || true
}

control-plane_info() {
  echo "Control plane  http://$BIND_HOST:$CP_PORT  API /api  OpenAPI /openapi  Swagger UI /swagger-ui"
  echo "               web console http://$BIND_HOST:$CP_PORT/  (sign in as demo / demo-password; see docs/platform.md)"
  echo "               upload checks sandboxed: $(control-plane_check_sandbox); runners: no egress isolation (one machine"
  echo "               of your own; a hosted deployment sets barrage.launch.local.isolation=nftables, docs/platform.md)"
}
