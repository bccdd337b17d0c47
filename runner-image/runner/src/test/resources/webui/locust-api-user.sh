#!/usr/bin/env bash
# What a script written for Locust's web UI does (curl, as Locust's how-tos show): start a run with the 2.x field names,
# change its user count, stop it, read the statistics as JSON and CSV; then a second run with the 0.x names
# (locust_count, hatch_rate), stop, reset. After each run it saves the target's own counts, the independent truth.
# Usage: locust-api-user.sh RUNNER_URL TARGET_URL OUT_DIR
set -euo pipefail
ui=$1 target=$2 out=$3
mkdir -p "$out"
get() { curl -sS --max-time 120 -o "$out/$2" -w '%{http_code}\n' "$ui$1" >>"$out/codes.txt"; }
# polls /stats/requests until user_count is $1 (at most 30 s), saving the last answer as $2
wait_users() {
    for _ in $(seq 300); do
        curl -sS --max-time 10 -o "$out/$2" "$ui/stats/requests"
        grep -q "\"user_count\":$1[,}]" "$out/$2" && return 0
        sleep 0.1
    done
    echo "user_count never became $1" >&2
    return 1
}

curl -sS --max-time 30 -X POST "$target/admin/reset" >/dev/null
curl -sS --max-time 30 -o "$out/swarm1.json" -d user_count=4 -d spawn_rate=20 -d "host=$target" "$ui/swarm"
wait_users 4 running1.json
sleep 1
get /api/report report_running1.json
curl -sS --max-time 30 -o "$out/edit1.json" -d user_count=2 -d spawn_rate=20 "$ui/swarm"
wait_users 2 edited1.json
sleep 1
get /stop stop1.json
get /stats/requests stats1.json
get /stats/requests/csv stats1.csv
curl -sS --max-time 30 -o "$out/counts1.json" "$target/admin/counts"

curl -sS --max-time 30 -X POST "$target/admin/reset" >/dev/null
curl -sS --max-time 30 -o "$out/swarm2.json" -F locust_count=3 -F hatch_rate=30 "$ui/swarm"
wait_users 3 running2.json
sleep 2
get /stop stop2.json
get /stats/requests stats2.json
get /stats/requests/csv stats2.csv
get /runs/1/stats.csv run1_stats.csv
curl -sS --max-time 30 -o "$out/counts2.json" "$target/admin/counts"
curl -sS --max-time 30 -o "$out/counts2_status.json" "$target/admin/counts?by=status"

curl -sS --max-time 30 -o "$out/bad.json" -w '%{http_code}\n' -d user_count=many "$ui/swarm" >"$out/bad_code.txt"
get /stats/reset reset.txt
get /stats/requests after_reset.json
echo done >"$out/done.txt"
