# shellcheck shell=bash
# Keycloak 26 from its server distribution on Maven Central (org.keycloak:keycloak-quarkus-dist, a zip,
# resolved by infra/keycloak/pom.xml and unpacked under <state>/keycloak/dist once), run in dev mode
# (start-dev: HTTP, embedded H2 database under the distribution's data folder) with the realm in
# infra/keycloak/barrage-realm.json imported.
# Sourced by lib.sh's load_service.

KEYCLOAK_PORT=${BARRAGE_KEYCLOAK_PORT:-18080}
KEYCLOAK_MGMT_PORT=${BARRAGE_KEYCLOAK_MGMT_PORT:-19000}
# The public name in issued tokens ("iss"): fixed, so tokens fetched through 127.0.0.1 or localhost agree.
KEYCLOAK_HOSTNAME=${BARRAGE_KEYCLOAK_HOSTNAME:-http://localhost:$KEYCLOAK_PORT}
KEYCLOAK_ADMIN_USER=${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}
KEYCLOAK_ADMIN_PASSWORD=${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}
KEYCLOAK_REALM_FILE=$INFRA_DIR/keycloak/barrage-realm.json
KEYCLOAK_REALM=barrage

keycloak_ports()   { echo "BARRAGE_KEYCLOAK_PORT=$KEYCLOAK_PORT BARRAGE_KEYCLOAK_MGMT_PORT=$KEYCLOAK_MGMT_PORT"; }
keycloak_timeout() { echo "${BARRAGE_KEYCLOAK_TIMEOUT:-300}"; }

keycloak_version() { sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' "$INFRA_DIR/keycloak/pom.xml"; }
keycloak_home()    { echo "$(svc_dir keycloak)/dist/keycloak-$(keycloak_version)"; }

keycloak_prepare() {
  local dir home realm_sha tmp
  dir=$(svc_dir keycloak); home=$(keycloak_home)
  resolve_java_home || return 1

  if [ ! -f "$home/.complete" ]; then
    info "keycloak: fetching the Keycloak $(keycloak_version) distribution with Maven into $dir/dist (once)"
    tmp=$dir/dist.tmp
    rm -rf "$tmp"
    # (markers kept with the unpacked files, so a deleted state folder is always unpacked again)
    run_maven "$(log_file keycloak)" -f "$INFRA_DIR/keycloak/pom.xml" dependency:unpack-dependencies \
      -DoutputDirectory="$tmp" -DmarkersDirectory="$tmp/.markers" 9>&- || return 1
    if [ ! -f "$tmp/keycloak-$(keycloak_version)/bin/kc.sh" ]; then
      err "keycloak: the unpacked distribution has no bin/kc.sh (in $tmp)"
      return 1
    fi
    chmod +x "$tmp/keycloak-$(keycloak_version)"/bin/*.sh
    mkdir -p "$dir/dist"
    rm -rf "$home"
    mv "$tmp/keycloak-$(keycloak_version)" "$home" || return 1
    rm -rf "$tmp"
    # older versions unpacked earlier are no longer needed
    find "$dir/dist" -mindepth 1 -maxdepth 1 -type d -name 'keycloak-*' ! -path "$home" -exec rm -rf {} +
    : >"$home/.complete"
  fi

  # The realm is imported at start when it does not exist yet. When the realm file changed since the
  # last import, start from a fresh development database so the new file is what you get.
  realm_sha=$(file_sha "$KEYCLOAK_REALM_FILE")
  if [ -d "$home/data/h2" ] && [ "$(cat "$dir/realm.sha" 2>/dev/null)" != "$realm_sha" ]; then
    info "keycloak: $KEYCLOAK_REALM_FILE changed since the last import: resetting the development database"
    rm -rf "$home/data/h2"
  fi
  mkdir -p "$home/data/import"
  cp "$KEYCLOAK_REALM_FILE" "$home/data/import/barrage-realm.json"
  echo "$realm_sha" >"$dir/realm.sha"
}

keycloak_launch() {
  local dir home
  dir=$(svc_dir keycloak); home=$(keycloak_home)
  echo "==== $(date -u +%FT%TZ) starting Keycloak $(keycloak_version)" >>"$(log_file keycloak)"
  # kc.sh runs Java as its child and forwards TERM/INT to it; setsid gives both their own process group,
  # which infra/down signals as a whole.
  KC_BOOTSTRAP_ADMIN_USERNAME=$KEYCLOAK_ADMIN_USER KC_BOOTSTRAP_ADMIN_PASSWORD=$KEYCLOAK_ADMIN_PASSWORD \
  JAVA_OPTS_KC_HEAP=${BARRAGE_KEYCLOAK_HEAP_OPTS:--Xms64m -Xmx768m} \
  JAVA_OPTS_APPEND="-Dbarrage.infra=keycloak ${JAVA_OPTS_APPEND:-}" \
    setsid bash "$home/bin/kc.sh" start-dev \
      --http-host="$BIND_HOST" --http-port="$KEYCLOAK_PORT" \
      --http-management-port="$KEYCLOAK_MGMT_PORT" --health-enabled=true \
      --hostname="$KEYCLOAK_HOSTNAME" \
      --import-realm \
      </dev/null >>"$(log_file keycloak)" 2>&1 9>&- &
  LAUNCHED_PID=$!
  LAUNCHED_MARKER=$home
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER" && return 0
    sleep 0.2
  done
  pid_is_ours "$LAUNCHED_PID" "$LAUNCHED_MARKER"
}

keycloak_ready() {
  [ "$(http_status "http://$BIND_HOST:$KEYCLOAK_MGMT_PORT/health/ready")" = 200 ] &&
    [ "$(http_status "http://$BIND_HOST:$KEYCLOAK_PORT/realms/$KEYCLOAK_REALM/.well-known/openid-configuration")" = 200 ]
}

keycloak_post_start() { :; }

keycloak_stop() {
  kill -TERM -- "-$1" 2>/dev/null || kill -TERM "$1" 2>/dev/null || true
}

keycloak_info() {
  echo "Keycloak    $KEYCLOAK_HOSTNAME  admin console $KEYCLOAK_HOSTNAME/admin ($KEYCLOAK_ADMIN_USER / $KEYCLOAK_ADMIN_PASSWORD)"
  echo "            issuer $KEYCLOAK_HOSTNAME/realms/$KEYCLOAK_REALM  clients barrage-console (PKCE), barrage-cli (password grant), barrage-api"
  echo "            demo login: demo / demo-password (demo@barrage.local, role owner); viewer / viewer-password (role viewer)"
}
