# shellcheck shell=bash
# PostgreSQL 15 from Debian's packages, with its own data folder under the state folder and its own port.
# Sourced by lib.sh's load_service.

PG_VERSION=${BARRAGE_PG_VERSION:-15}
PG_BIN=${BARRAGE_PG_BIN:-/usr/lib/postgresql/$PG_VERSION/bin}
PG_PORT=${BARRAGE_PG_PORT:-15432}
PG_DB=${BARRAGE_PG_DB:-barrage}
PG_USER=${BARRAGE_PG_USER:-barrage}
PG_PASSWORD=${BARRAGE_PG_PASSWORD:-barrage}

postgres_ports()   { echo "BARRAGE_PG_PORT=$PG_PORT"; }
postgres_timeout() { echo "${BARRAGE_PG_TIMEOUT:-90}"; }

# PostgreSQL refuses to run as root: when we are root, the server runs as an unprivileged OS user.
pg_os_user() {
  if [ "$(id -u)" = 0 ]; then echo "${BARRAGE_PG_OS_USER:-postgres}"; else id -un; fi
}

as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$(pg_os_user)" -- "$@"; else "$@"; fi
}

# Where the cluster lives: <state>/postgres/data, unless the server's OS user cannot reach that folder
# (e.g. the repository sits under a private home directory): then a folder under /var/tmp keyed by the
# state folder, with a symlink <state>/postgres/data -> there.
pg_base_dir() {
  local dir
  dir=$(svc_dir postgres)
  if [ "$(id -u)" != 0 ] || as_pg test -x "$dir" -a -w "$dir" 2>/dev/null; then
    echo "$dir"
  else
    echo "/var/tmp/barrage-postgres-$(printf '%s' "$STATE_DIR" | sha256sum | cut -c1-12)"
  fi
}

postgres_prepare() {
  local dir base data pwfile user
  dir=$(svc_dir postgres)

  if [ ! -x "$PG_BIN/postgres" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      info "postgres: $PG_BIN/postgres not found; installing postgresql-$PG_VERSION with apt-get"
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -q \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
        "postgresql-$PG_VERSION" >>"$dir/apt.log" 2>&1 \
        || { err "apt-get install postgresql-$PG_VERSION failed; see $dir/apt.log"; return 1; }
      [ -x "$PG_BIN/postgres" ] || { err "postgres: still no $PG_BIN/postgres after installing postgresql-$PG_VERSION (set BARRAGE_PG_BIN)"; return 1; }
    else
      err "PostgreSQL $PG_VERSION not found in $PG_BIN: install the Debian package postgresql-$PG_VERSION (or set BARRAGE_PG_BIN)"
      return 1
    fi
  fi

  user=$(pg_os_user)
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 || { err "postgres: OS user '$user' does not exist (set BARRAGE_PG_OS_USER)"; return 1; }
    chown "$user" "$dir"
  fi
  base=$(pg_base_dir)
  data=$base/data
  if [ "$base" != "$dir" ]; then
    mkdir -p "$base"; chown "$user" "$base"; chmod 700 "$base"
    ln -sfn "$data" "$dir/data"
    [ -f "$base/postgres.log" ] || { : >"$base/postgres.log"; chown "$user" "$base/postgres.log"; }
    ln -sfn "$base/postgres.log" "$(log_file postgres)"
    info "postgres: '$user' cannot reach $dir, so the cluster lives in $base"
  else
    [ -f "$(log_file postgres)" ] || : >"$(log_file postgres)"
    [ "$(id -u)" != 0 ] || chown "$user" "$(log_file postgres)"
  fi

  if [ ! -f "$data/PG_VERSION" ]; then
    info "postgres: initialising a new cluster in $data"
    rm -rf "$data"
    # the superuser's password is kept next to the cluster it belongs to
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$base/superuser.password"
    chmod 600 "$base/superuser.password"
    pwfile=$base/.pwfile
    cp "$base/superuser.password" "$pwfile"
    [ "$(id -u)" != 0 ] || chown "$user" "$pwfile"
    chmod 600 "$pwfile"
    if ! as_pg "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" -E UTF8 --locale=C \
        --auth-host=scram-sha-256 --auth-local=peer >>"$(log_file postgres)" 2>&1 9>&-; then
      rm -f "$pwfile"
      err "postgres: initdb failed; see $(log_file postgres)"
      return 1
    fi
    rm -f "$pwfile"
  fi
}

postgres_launch() {
  local data log
  data=$(pg_base_dir)/data
  log=$(readlink -f "$(log_file postgres)")
  # pg_ctl daemonises the server; -w waits until it accepts connections (or fails).
  # No Unix socket: clients use TCP, and nothing is written to /var/run/postgresql.
  # (pg_ctl itself puts the server in a new session, detached from our terminal.)
  # shellcheck disable=SC2094  # pg_ctl and we both only append to the log
  if ! as_pg "$PG_BIN/pg_ctl" -D "$data" -l "$log" -w -t "$(postgres_timeout)" -s \
      -o "-p $PG_PORT -c listen_addresses=$BIND_HOST -c unix_socket_directories=''" \
      start </dev/null >>"$log" 2>&1 9>&-; then
    return 1
  fi
  LAUNCHED_PID=$(head -n 1 "$data/postmaster.pid")
  LAUNCHED_MARKER=$data
}

postgres_ready() {
  "$PG_BIN/pg_isready" -q -h "$BIND_HOST" -p "$PG_PORT" -t 3 9>&-
}

pg_psql() {
  PGPASSWORD=$(cat "$(pg_base_dir)/superuser.password") PGCONNECT_TIMEOUT=10 \
    "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$BIND_HOST" -p "$PG_PORT" -U postgres "$@" 9>&-
}

# The application role and database, created once (idempotent).
postgres_post_start() {
  local out
  if ! out=$(pg_psql -d postgres -v user="$PG_USER" -v password="$PG_PASSWORD" -v db="$PG_DB" 2>&1 <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('ALTER ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'password') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
  ); then
    err "postgres: could not create role '$PG_USER' / database '$PG_DB': $out"
    return 1
  fi
}

postgres_stop() {
  kill -INT "$1" 2>/dev/null || true   # SIGINT = fast shutdown
}

# After a crash of the postmaster (e.g. kill -9), its backends notice and exit on their own; a new
# postmaster refuses to start while any of them still holds the old shared memory. They share the dead
# postmaster's process group (pg_ctl makes it a session leader).
postgres_cleanup_crashed() {
  local pgid=$1 left user
  user=$(pg_os_user)
  for _ in $(seq 1 20); do
    left=$(pgrep -g "$pgid" -u "$user" 2>/dev/null || true)
    [ -n "$left" ] || return 0
    sleep 0.5
  done
  warn "postgres: killing leftover server processes of the crashed postmaster $pgid: ${left//$'\n'/ }"
  # shellcheck disable=SC2086
  kill -KILL $left 2>/dev/null || true
  sleep 1
}

postgres_info() {
  echo "PostgreSQL  jdbc:postgresql://$BIND_HOST:$PG_PORT/$PG_DB  user $PG_USER / password $PG_PASSWORD"
  echo "            psql: PGPASSWORD=$PG_PASSWORD psql -h $BIND_HOST -p $PG_PORT -U $PG_USER $PG_DB"
}
