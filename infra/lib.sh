# shellcheck shell=bash
# Shared helpers for infra/up, infra/down and infra/status. Sourced, never run.
#
# Every service lives in infra/<service>/service.sh, which defines:
#   <svc>_ports          the ports it needs, as "VAR=port" words (first one is the main port)
#   <svc>_prepare        install / download / initialise (may be slow, runs before launch)
#   <svc>_launch         start the process in the background; sets LAUNCHED_PID, LAUNCHED_MARKER
#   <svc>_ready          exit 0 once the service answers
#   <svc>_post_start     idempotent set-up once ready (databases, topics...)
#   <svc>_stop PID       ask the process to stop (the generic code waits and escalates)
#   <svc>_info           connection details, one per line
#   <svc>_timeout        readiness timeout in seconds
#   <svc>_cleanup_crashed PID   (optional) clean up after a main process that died
#
# State of a service: $STATE_DIR/<svc>/ holds <svc>.pid (the PID we started), ports (the ports it was
# started with), marker (a string found in that process's command line, so a reused PID is never taken
# for ours), starting (present while a start is in progress) and <svc>.log.

INFRA_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
BARRAGE_ROOT=$(dirname "$INFRA_DIR")
ALL_SERVICES=(postgres kafka keycloak)
# Started only when named (./barrage up names it): the platform itself, on top of the services.
EXTRA_SERVICES=(control-plane)

# The state folder is overridable so that a throwaway instance can run beside the real one.
if [ -n "${BARRAGE_STATE_DIR:-}" ]; then
  mkdir -p "$BARRAGE_STATE_DIR"
  STATE_DIR=$(cd "$BARRAGE_STATE_DIR" && pwd -P)
else
  STATE_DIR=$BARRAGE_ROOT/.state
fi

BIND_HOST=${BARRAGE_BIND_HOST:-127.0.0.1}

# ---------------------------------------------------------------- output

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
  _c_red=$'\033[31m'; _c_green=$'\033[32m'; _c_yellow=$'\033[33m'; _c_bold=$'\033[1m'; _c_off=$'\033[0m'
else
  _c_red=; _c_green=; _c_yellow=; _c_bold=; _c_off=
fi

log()  { printf '%s\n' "$*"; }
info() { printf '%s[infra]%s %s\n' "$_c_bold" "$_c_off" "$*"; }
warn() { printf '%s[infra] WARNING:%s %s\n' "$_c_yellow" "$_c_off" "$*" >&2; }
err()  { printf '%s[infra] ERROR:%s %s\n' "$_c_red" "$_c_off" "$*" >&2; }
ok()   { printf '%s[infra]%s %s\n' "$_c_green" "$_c_off" "$*"; }

now_s() { date +%s; }

# ---------------------------------------------------------------- java / maven

# Java used for Kafka, Keycloak and Maven: BARRAGE_JAVA_HOME, else Temurin 25, else JAVA_HOME, else PATH.
resolve_java_home() {
  if [ -n "${BARRAGE_JAVA_HOME:-}" ]; then
    JAVA_HOME=$BARRAGE_JAVA_HOME
  elif [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
    JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  elif [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1; then
    JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  fi
  if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
    err "no Java found: set BARRAGE_JAVA_HOME (or JAVA_HOME) to a JDK 21+"
    return 1
  fi
  export JAVA_HOME
  JAVA=$JAVA_HOME/bin/java
  export JAVA
}

# Runs the project's Maven wrapper quietly; output goes to the given log file.
run_maven() {
  local logfile=$1; shift
  resolve_java_home || return 1
  if ! "$BARRAGE_ROOT/mvnw" -B -q "$@" >>"$logfile" 2>&1; then
    err "Maven failed: mvnw $*"
    tail -n 30 "$logfile" >&2
    return 1
  fi
}

file_sha() { sha256sum "$@" | sha256sum | cut -c1-16; }

# ---------------------------------------------------------------- processes and ports

svc_dir()      { printf '%s/%s' "$STATE_DIR" "$1"; }
pid_file()     { printf '%s/%s/%s.pid' "$STATE_DIR" "$1" "$1"; }
log_file()     { printf '%s/%s/%s.log' "$STATE_DIR" "$1" "$1"; }

# pid_is_ours PID MARKER: the process exists and its command line contains MARKER
# (a path inside its state folder), so a PID reused by an unrelated process is not mistaken for ours.
pid_is_ours() {
  local pid=$1 marker=$2 cmdline
  [ -n "$pid" ] && [ "$pid" -gt 0 ] 2>/dev/null || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  [ -r "/proc/$pid/cmdline" ] || return 0   # no procfs: trust kill -0
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [ -n "$cmdline" ] || return 1             # zombie
  case $cmdline in *"$marker"*) return 0 ;; *) return 1 ;; esac
}

# PIDs of the processes in process group PGID whose command line contains MARKER.
group_pids() {
  local pgid=$1 marker=$2 p
  for p in $(pgrep -g "$pgid" 2>/dev/null); do
    pid_is_ours "$p" "$marker" && printf '%s\n' "$p"
  done
  return 0
}

# port_open PORT [HOST]: something accepts TCP connections there.
port_open() {
  local port=$1 host=${2:-$BIND_HOST}
  timeout 3 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null
}

# port_in_use PORT: something listens on PORT on any address (not only ours).
port_in_use() {
  local port=$1
  if port_open "$port" 127.0.0.1; then return 0; fi
  if [ "$BIND_HOST" != 127.0.0.1 ] && port_open "$port" "$BIND_HOST"; then return 0; fi
  if command -v ss >/dev/null 2>&1 && [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]; then return 0; fi
  return 1
}

# Who listens on PORT, e.g. 'java (pid 1234)', when ss can tell.
port_owner() {
  local port=$1 line
  command -v ss >/dev/null 2>&1 || return 0
  line=$(ss -Htlnp "sport = :$port" 2>/dev/null | head -n 1)
  if [[ $line =~ users:\(\(\"([^\"]+)\",pid=([0-9]+) ]]; then
    printf '%s (pid %s)' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
  fi
}

# http_status URL: prints the HTTP status code (000 when nothing answers). Plain http only.
http_status() {
  local url=$1
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -m 5 -w '%{http_code}' "$url" 2>/dev/null || true
    return 0
  fi
  local rest=${url#http://} hostport path host port
  hostport=${rest%%/*}; path=/${rest#*/}; [ "$rest" = "$hostport" ] && path=/
  host=${hostport%:*}; port=${hostport##*:}
  # shellcheck disable=SC2016  # the inner script gets its values as arguments
  timeout 5 bash -c '
    exec 3<>/dev/tcp/$0/$1 || exit 1
    printf "GET %s HTTP/1.0\r\nHost: %s:%s\r\nConnection: close\r\n\r\n" "$2" "$0" "$1" >&3
    IFS=" " read -r _ code _ <&3 && printf "%s" "$code"' "$host" "$port" "$path" 2>/dev/null || printf '000'
}

# ---------------------------------------------------------------- the generic lifecycle

known_service() {
  local s
  for s in "${ALL_SERVICES[@]}" "${EXTRA_SERVICES[@]}"; do [ "$s" = "$1" ] && return 0; done
  return 1
}

load_service() {
  local svc=$1
  known_service "$svc" || { err "unknown service '$svc' (known: ${ALL_SERVICES[*]})"; return 2; }
  # shellcheck source=/dev/null
  . "$INFRA_DIR/$svc/service.sh"
}

# The ports requested now, as "VAR=port" words.
requested_ports() { "${1}_ports"; }
# ports_only "VAR=1 VAR2=2" -> "1 2"
ports_only() {
  local words w out=
  read -ra words <<<"$*"
  for w in "${words[@]}"; do out="$out ${w#*=}"; done
  printf '%s' "${out# }"
}

# svc_state SVC: sets STATE (running|starting|stopped|crashed), STATE_PID and STATE_DETAIL.
svc_state() {
  local svc=$1 dir pidf marker ports p dead=
  dir=$(svc_dir "$svc"); pidf=$(pid_file "$svc")
  STATE_PID=; STATE_DETAIL=
  if [ ! -f "$pidf" ]; then STATE=stopped; return 0; fi
  STATE_PID=$(cat "$pidf" 2>/dev/null || true)
  marker=$(cat "$dir/marker" 2>/dev/null || echo "$dir")
  ports=$(cat "$dir/ports" 2>/dev/null || true)
  if ! pid_is_ours "$STATE_PID" "$marker"; then
    STATE=crashed
    STATE_DETAIL="PID file says $STATE_PID but that process is gone; see $(log_file "$svc")"
    return 0
  fi
  for p in $(ports_only "$ports"); do port_open "$p" || dead="$dead $p"; done
  if [ -z "$dead" ]; then
    STATE=running; STATE_DETAIL="pid $STATE_PID, ports $(ports_only "$ports")"
  elif [ -f "$dir/starting" ]; then
    STATE=starting; STATE_DETAIL="pid $STATE_PID, waiting for port(s)$dead"
  else
    STATE=crashed; STATE_DETAIL="pid $STATE_PID is alive but port(s)$dead do not answer; see $(log_file "$svc")"
  fi
}

# wait_ready SVC PID MARKER TIMEOUT
wait_ready() {
  local svc=$1 pid=$2 marker=$3 limit=$4 start waited
  start=$(now_s)
  while :; do
    if "${svc}_ready"; then return 0; fi
    if ! pid_is_ours "$pid" "$marker"; then
      err "$svc exited during startup (pid $pid). Last lines of $(log_file "$svc"):"
      tail -n 40 "$(log_file "$svc")" >&2 || true
      return 1
    fi
    waited=$(( $(now_s) - start ))
    if [ "$waited" -ge "$limit" ]; then
      err "$svc did not become ready within ${limit}s (pid $pid). Last lines of $(log_file "$svc"):"
      tail -n 40 "$(log_file "$svc")" >&2 || true
      return 1
    fi
    sleep 1
  done
}

# stop_pid SVC PID MARKER: asks politely, waits, then kills the whole process group.
stop_pid() {
  local svc=$1 pid=$2 marker=$3 limit=${BARRAGE_STOP_TIMEOUT:-60} i=0 left
  "${svc}_stop" "$pid"
  while pid_is_ours "$pid" "$marker" || [ -n "$(group_pids "$pid" "$marker")" ]; do
    i=$((i + 1))
    if [ "$i" -gt "$limit" ]; then
      warn "$svc (pid $pid) did not stop within ${limit}s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
      left=$(group_pids "$pid" "$marker")
      # shellcheck disable=SC2086
      [ -z "$left" ] || kill -KILL $left 2>/dev/null || true
      sleep 1
      break
    fi
    sleep 1
  done
}

start_service() {
  local svc=$1 dir pidf ports wanted recorded w var port owner t0 rc marker
  load_service "$svc" || return $?
  dir=$(svc_dir "$svc"); pidf=$(pid_file "$svc")
  mkdir -p "$dir"
  t0=$(now_s)

  # One start at a time per state folder and service (two test JVMs, two terminals...).
  exec 9>"$dir/.lock"
  if ! flock -w 900 9; then err "$svc: could not take the lock $dir/.lock"; return 1; fi

  wanted=$(requested_ports "$svc")
  svc_state "$svc"
  case $STATE in
    running|starting)
      recorded=$(cat "$dir/ports" 2>/dev/null || true)
      if [ "$(ports_only "$recorded")" != "$(ports_only "$wanted")" ]; then
        err "$svc is already running (pid $STATE_PID) with ports $(ports_only "$recorded") but ports $(ports_only "$wanted") were requested; run 'infra/down $svc' first to change them"
        flock -u 9; return 3
      fi
      if [ "$STATE" = starting ]; then
        info "$svc: already starting (pid $STATE_PID), waiting for it"
        marker=$(cat "$dir/marker")
        wait_ready "$svc" "$STATE_PID" "$marker" "$("${svc}_timeout")" || { flock -u 9; return 1; }
        rm -f "$dir/starting"
      fi
      "${svc}_post_start" || { flock -u 9; return 1; }
      ok "$svc: already running (pid $STATE_PID, port $(ports_only "$recorded" | cut -d' ' -f1))"
      flock -u 9; return 0 ;;
    crashed)
      warn "$svc: $STATE_DETAIL; cleaning up before starting again"
      stop_service_locked "$svc" quiet ;;
  esac

  # Refuse ports that someone else already listens on.
  for w in $wanted; do
    var=${w%%=*}; port=${w#*=}
    if ! [[ $port =~ ^[0-9]+$ ]] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
      err "$svc: $var=$port is not a valid port"; flock -u 9; return 2
    fi
    if port_in_use "$port"; then
      owner=$(port_owner "$port")
      err "$svc: port $port is already in use${owner:+ by $owner}, not by a $svc started from $STATE_DIR. Stop that process or choose another port, e.g. $var=$((port + 1000)) infra/up $svc"
      flock -u 9; return 2
    fi
  done

  "${svc}_prepare" || { err "$svc: preparation failed"; flock -u 9; return 1; }

  : >"$dir/starting"
  LAUNCHED_PID=; LAUNCHED_MARKER=
  if ! "${svc}_launch"; then
    rm -f "$dir/starting"
    err "$svc: failed to start; see $(log_file "$svc")"
    tail -n 40 "$(log_file "$svc")" >&2 || true
    flock -u 9; return 1
  fi
  printf '%s\n' "$LAUNCHED_PID" >"$pidf"
  printf '%s\n' "$LAUNCHED_MARKER" >"$dir/marker"
  printf '%s\n' "$wanted" >"$dir/ports"

  rc=0
  wait_ready "$svc" "$LAUNCHED_PID" "$LAUNCHED_MARKER" "$("${svc}_timeout")" || rc=1
  if [ $rc -eq 0 ]; then "${svc}_post_start" || rc=1; fi
  rm -f "$dir/starting"
  if [ $rc -ne 0 ]; then
    err "$svc: start failed; stopping what was started"
    stop_service_locked "$svc" quiet
    flock -u 9; return 1
  fi
  ok "$svc: started (pid $LAUNCHED_PID, port $(ports_only "$wanted" | cut -d' ' -f1)) in $(( $(now_s) - t0 ))s; log: $(log_file "$svc")"
  flock -u 9
}

# stop_service_locked SVC [quiet]: the lock is already held (or not needed).
stop_service_locked() {
  local svc=$1 quiet=${2:-} dir pidf pid marker leftover
  dir=$(svc_dir "$svc"); pidf=$(pid_file "$svc")
  if [ ! -f "$pidf" ]; then
    [ -n "$quiet" ] || info "$svc: not running (no PID file)"
    return 0
  fi
  pid=$(cat "$pidf" 2>/dev/null || true)
  marker=$(cat "$dir/marker" 2>/dev/null || echo "$dir")
  if pid_is_ours "$pid" "$marker"; then
    [ -n "$quiet" ] || info "$svc: stopping pid $pid"
    stop_pid "$svc" "$pid" "$marker"
    [ -n "$quiet" ] || ok "$svc: stopped"
  else
    # The main process is gone; children it left in its process group may still hold ports.
    if declare -F "${svc}_cleanup_crashed" >/dev/null; then "${svc}_cleanup_crashed" "$pid"; fi
    leftover=$(group_pids "$pid" "$marker")
    if [ -n "$leftover" ]; then
      warn "$svc: main process $pid is gone; stopping what it left behind: ${leftover//$'\n'/ }"
      # shellcheck disable=SC2086
      kill -TERM $leftover 2>/dev/null || true
      sleep 3
      leftover=$(group_pids "$pid" "$marker")
      # shellcheck disable=SC2086
      [ -z "$leftover" ] || kill -KILL $leftover 2>/dev/null || true
    fi
    [ -n "$quiet" ] || info "$svc: was not running (stale PID file $pid removed)"
  fi
  rm -f "$pidf" "$dir/ports" "$dir/marker" "$dir/starting"
}

stop_service() {
  local svc=$1 dir
  load_service "$svc" || return $?
  dir=$(svc_dir "$svc")
  [ -d "$dir" ] || { info "$svc: not running (no state)"; return 0; }
  exec 9>"$dir/.lock"
  flock -w 120 9 || { err "$svc: could not take the lock $dir/.lock"; return 1; }
  stop_service_locked "$svc"
  flock -u 9
}

# Service names from the command line, in start order; none means all.
select_services() {
  local s out=()
  if [ $# -eq 0 ]; then printf '%s\n' "${ALL_SERVICES[@]}"; return 0; fi
  for s in "$@"; do
    case $s in pg|postgresql) s=postgres ;; kc) s=keycloak ;; esac
    known_service "$s" || { err "unknown service '$s' (known: ${ALL_SERVICES[*]} ${EXTRA_SERVICES[*]})"; return 2; }
  done
  for s in "${ALL_SERVICES[@]}" "${EXTRA_SERVICES[@]}"; do
    for w in "$@"; do
      case $w in pg|postgresql) w=postgres ;; kc) w=keycloak ;; esac
      [ "$w" = "$s" ] && { out+=("$s"); break; }
    done
  done
  printf '%s\n' "${out[@]}"
}
