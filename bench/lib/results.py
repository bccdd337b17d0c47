#!/usr/bin/env python3
"""Reads the raw outputs bench/run left in its runs folder, prints the tables, writes the JSON and latest.md.

Each measured run is a folder runs/ID with: cmd, out (stdout and stderr), time ("wall user sys maxrss_kib" from
/usr/bin/time), loadavg (/proc/loadavg at the start), rc, and the tool's own report (Barrage's JSON, Locust's CSV,
Gatling's results folder, wrk's BENCH_JSON line from bench/wrk/report.lua).
"""
import argparse
import csv
import datetime
import json
import os
import platform
import re
import subprocess
import sys

TARGETS = {
    "locust-fast": 5.0,   # Barrage requests/s >= 5x Locust FastHttpUser
    "gatling": 1.2,       # >= 1.2x Gatling
    "wrk": 0.6,           # >= 60 % of wrk
}
MEMORY_TARGET_MIB = 512
ACCURACY_PCT = 2.0
ACCURACY_MS = 1.0
CONTINUOUS = {"p50": 27.5, "p95": 47.75, "p99": 49.55}   # quantiles of the continuous U[5,50] ms
TOOL_NAMES = {
    "wrk": "wrk",
    "barrage": "Barrage",
    "gatling": "Gatling",
    "locust-fast": "Locust FastHttpUser",
    "locust-http": "Locust HttpUser",
    "mem-barrage": "Barrage",
    "mem-locust-fast": "Locust FastHttpUser",
    "acc-barrage": "Barrage",
    "acc-wrk": "wrk",
}


# --- reading one run -----------------------------------------------------------------------------------------------
def read(path, default=None):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return default


def process_figures(d):
    """CPU seconds, peak RSS and the load average at the start, common to every tool."""
    out = {}
    time_txt = read(os.path.join(d, "time"), "")
    lines = [l for l in time_txt.splitlines() if re.match(r"^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$", l.strip())]
    if lines:
        wall, user, sys_, rss = lines[-1].split()
        out.update(wall_s=float(wall), user_s=float(user), sys_s=float(sys_),
                   cpu_s=round(float(user) + float(sys_), 2), peak_rss_mib=round(int(rss) / 1024, 1))
    load = read(os.path.join(d, "loadavg"))
    if load:
        out["load_avg_at_start"] = float(load.split()[0])
    rc = read(os.path.join(d, "rc"))
    if rc is not None:
        out["exit_code"] = int(rc.strip() or 0)
    cmd = read(os.path.join(d, "cmd"))
    if cmd:
        out["command"] = "taskset -c 0 " + cmd.strip()
    return out


def parse_wrk(d):
    out = read(os.path.join(d, "out"), "")
    m = re.search(r"^BENCH_JSON (\{.*\})$", out, re.M)
    if not m:
        return {"error": "no BENCH_JSON line in wrk's output"}
    j = json.loads(m.group(1))
    errors = sum(j[k] for k in j if k.startswith("errors_"))
    seconds = j["duration_us"] / 1e6
    return {
        "requests": j["requests"], "failures": errors, "rps": round(j["requests"] / seconds, 1),
        "p50_ms": j["p50_us"] / 1000, "p95_ms": j["p95_us"] / 1000, "p99_ms": j["p99_us"] / 1000,
        "max_ms": j["max_us"] / 1000, "mean_ms": round(j["mean_us"] / 1000, 3), "duration_s": round(seconds, 2),
    }


def parse_barrage(d):
    text = read(os.path.join(d, "report.json"))
    if not text:
        return {"error": "no report.json (see out)"}
    j = json.loads(text)
    a = j["aggregated"]
    p = a["percentilesMillis"]
    users = [h["users"] for h in j.get("history", []) if h.get("key") is None]
    run = j.get("run", {})
    return {
        "requests": a["requests"], "failures": a["failures"], "rps": round(a["rps"], 1),
        "p50_ms": p["50%"], "p95_ms": p["95%"], "p99_ms": p["99%"], "max_ms": a["maxMillis"],
        "mean_ms": round(a["avgMillis"], 3),
        "duration_s": round((run.get("endEpochMillis", 0) - run.get("startEpochMillis", 0)) / 1000, 2),
        "users_reached": max(users) if users else None,
    }


def parse_locust(d):
    stats = os.path.join(d, "locust_stats.csv")
    if not os.path.exists(stats):
        return {"error": "no locust_stats.csv (see out)"}
    with open(stats) as f:
        rows = [r for r in csv.DictReader(f) if r.get("Name") == "Aggregated"]
    if not rows:
        return {"error": "no Aggregated row in locust_stats.csv"}
    r = rows[0]

    def num(k):
        v = r.get(k, "")
        return float(v) if v not in ("", "N/A") else None

    out = {
        "requests": int(num("Request Count") or 0), "failures": int(num("Failure Count") or 0),
        "rps": round(num("Requests/s") or 0, 1),
        "p50_ms": num("50%"), "p95_ms": num("95%"), "p99_ms": num("99%"), "max_ms": num("Max Response Time"),
        "mean_ms": num("Average Response Time"),
        "note": "Locust rounds response times under 100 ms to whole milliseconds",
    }
    m = re.search(r"^BENCH_MAX_USERS (\d+)$", read(os.path.join(d, "out"), ""), re.M)
    if m:
        out["users_reached"] = int(m.group(1))  # printed by bench/locust/locustfile.py
    return out


def parse_gatling(d):
    text = read(os.path.join(d, "report.out"), "")
    stats = {}
    for line in text.splitlines():
        if line.startswith(">") and "|" in line:
            cells = [c.strip() for c in line[1:].split("|")]
            stats[cells[0]] = cells[1:]

    def total(label_re):
        for k, v in stats.items():
            if re.fullmatch(label_re, k):
                s = v[0].replace(",", "")
                return float(s) if s not in ("-", "") else None
        return None

    count = total(r"request count")
    if count is None:
        return {"error": "no Global Information in Gatling's report output (see report.out)"}
    ko = None
    for k, v in stats.items():
        if k == "request count" and len(v) >= 3:
            s = v[2].replace(",", "")
            ko = int(float(s)) if s not in ("-", "") else 0
    return {
        "requests": int(count), "failures": ko or 0,
        "rps": total(r"mean (throughput \(rps\)|requests/sec)"),
        "p50_ms": total(r"response time 50th percentile \(ms\)"),
        "p95_ms": total(r"response time 95th percentile \(ms\)"),
        "p99_ms": total(r"response time 99th percentile \(ms\)"),
        "max_ms": total(r"max response time \(ms\)"),
        "mean_ms": total(r"mean response time \(ms\)"),
        "note": "Gatling records response times in whole milliseconds",
    }


PARSERS = {"wrk": parse_wrk, "barrage": parse_barrage, "gatling": parse_gatling,
           "locust-fast": parse_locust, "locust-http": parse_locust}


def run_figures(runs, run_id, parser):
    d = os.path.join(runs, run_id)
    if not os.path.isdir(d):
        return None
    row = {"id": run_id, "tool": TOOL_NAMES.get(run_id, run_id)}
    try:
        row.update(parser(d))
    except Exception as e:  # a tool that crashed leaves a row that says so
        row["error"] = f"cannot parse: {e}"
    row.update(process_figures(d))
    return row


# --- the machine and the tools --------------------------------------------------------------------------------------
def sh(cmd):
    try:
        return subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60).stdout.strip()
    except Exception:
        return ""


def machine():
    model = ""
    for line in (read("/proc/cpuinfo", "") or "").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem = ""
    for line in (read("/proc/meminfo", "") or "").splitlines():
        if line.startswith("MemTotal"):
            mem = f"{int(line.split()[1]) / 1024 / 1024:.0f} GiB"
    return {"nproc": os.cpu_count(), "cpu": model, "kernel": platform.release(), "memory": mem,
            "os": sh(". /etc/os-release && echo $PRETTY_NAME")}


def versions(args, modes, tools):
    root, java = args.root, args.java
    v = {}
    v["barrage"] = (sh(f"{args.barrage} --version 2>/dev/null").replace("barrage ", "") or "?") + \
        f" ({args.runner_desc})"
    jv = sh(f"{java} --version").splitlines()
    v["java"] = jv[1] if len(jv) > 1 else (jv[0] if jv else "?")
    if "throughput" in modes or "memory" in modes:
        v["nginx"] = sh("nginx -v 2>&1 || /usr/sbin/nginx -v 2>&1").replace("nginx version: ", "")
    if "wrk" in tools or "accuracy" in modes:
        v["wrk"] = sh("wrk --version 2>&1 | head -1").split(" [")[0].replace("wrk ", "")
    if any(t.startswith("locust") for t in tools) or "memory" in modes:
        # the interpreter locust runs on (its shebang), not whichever python3 is first on the PATH
        py = sh("head -1 \"$(command -v locust)\" | sed 's/^#! *//; s/ .*//'") or "python3"
        meta = f"{py} -c 'import importlib.metadata as m, sys; print(m.version(sys.argv[1]))'"
        lv = sh(f"{meta} locust 2>/dev/null")
        if lv in ("", "0.0.0"):  # Debian's python3-locust reports 0.0.0
            lv = sh("dpkg-query -W -f='${Version}' python3-locust") or lv
        pyv = sh(f"{py} -c 'import platform; print(platform.python_version())'")
        ghc = sh(f"{meta} geventhttpclient 2>/dev/null") or "?"
        v["locust"] = f"{lv} (Python {pyv}, geventhttpclient {ghc})"
    if "gatling" in tools and "throughput" in modes:
        pom = read(os.path.join(root, "bench/gatling/pom.xml"), "")
        m = re.search(r"<gatling.version>([^<]+)<", pom)
        v["gatling"] = (m.group(1) if m else "?") + " (Java DSL, same JDK)"
    if "jmh" in modes:
        pom = read(os.path.join(root, "bench/jmh/pom.xml"), "")
        m = re.search(r"<jmh.version>([^<]+)<", pom)
        v["jmh"] = m.group(1) if m else "?"
    return v


# --- the sections ---------------------------------------------------------------------------------------------------
def ratio(a, b):
    return round(a / b, 2) if a and b else None


def throughput(args):
    rows = []
    for tool in args.tools.split(","):
        row = run_figures(args.runs, tool, PARSERS[tool])
        if row:
            rows.append(row)
    for r in rows:
        if r.get("requests") and r.get("cpu_s"):
            r["requests_per_cpu_s"] = round(r["requests"] / r["cpu_s"])
        if r.get("cpu_s") and r.get("wall_s"):
            r["cpu_pct"] = round(100 * r["cpu_s"] / r["wall_s"])
    barrage = next((r for r in rows if r["id"] == "barrage"), None)
    b_rps = barrage.get("rps") if barrage else None
    b_eff = barrage.get("requests_per_cpu_s") if barrage else None
    for r in rows:
        r["barrage_ratio"] = ratio(b_rps, r.get("rps"))
        r["barrage_ratio_per_cpu_s"] = ratio(b_eff, r.get("requests_per_cpu_s"))
    targets = []
    for tool, threshold in TARGETS.items():
        r = next((x for x in rows if x["id"] == tool), None)
        if r is None:
            continue
        got = r["barrage_ratio"]
        targets.append({"target": f"Barrage requests/s >= {threshold:g} x {r['tool']}", "ratio": got,
                        "ratio_per_cpu_s": r["barrage_ratio_per_cpu_s"],
                        "threshold": threshold, "met": got is not None and got >= threshold})
    return {"users": args.users, "duration_s": args.duration, "url": args.url, "rows": rows, "targets": targets}


def memory(args):
    rows = []
    for run_id, parser in (("mem-barrage", parse_barrage), ("mem-locust-fast", parse_locust)):
        row = run_figures(args.runs, run_id, parser)
        if row:
            users = row.get("users_reached")
            if users and row.get("peak_rss_mib"):
                row["rss_per_user_kib"] = round(row["peak_rss_mib"] * 1024 / users, 1)
            rows.append(row)
    targets = []
    b = next((r for r in rows if r["id"] == "mem-barrage"), None)
    if b:
        ok = b.get("peak_rss_mib") is not None and b["peak_rss_mib"] < MEMORY_TARGET_MIB \
            and (b.get("users_reached") or 0) >= args.memory_users
        targets.append({"target": f"Barrage: {args.memory_users:,} paced users in < {MEMORY_TARGET_MIB} MiB RSS",
                        "value": b.get("peak_rss_mib"), "users_reached": b.get("users_reached"), "met": ok})
    return {"users": args.memory_users, "spawn_rate": args.memory_rate, "wait_s": 1, "duration_s": args.duration,
            "url": args.url, "rows": rows, "targets": targets}


def accuracy(args):
    overhead_row = run_figures(args.runs, "acc-overhead", parse_wrk)
    overhead = round(overhead_row["p50_ms"] - 27, 3) if overhead_row and overhead_row.get("p50_ms") else 0.0
    rows, targets = [], []
    for run_id, parser in (("acc-barrage", parse_barrage), ("acc-wrk", parse_wrk)):
        row = run_figures(args.runs, run_id, parser)
        if not row:
            continue
        truth_txt = read(os.path.join(args.runs, run_id, "truth.json"))
        truth = json.loads(truth_txt) if truth_txt else {}
        row["server_requests"] = truth.get("requests")
        row["truth_sleep_ms"] = {q: truth.get(f"{q}_ms") for q in ("p50", "p95", "p99")}
        comparisons = {}
        within_all = True
        for q in ("p50", "p95", "p99"):
            measured = row.get(f"{q}_ms")
            if measured is None or truth.get(f"{q}_ms") is None:
                within_all = False
                continue
            true_v = truth[f"{q}_ms"] + overhead
            cont_v = CONTINUOUS[q] + overhead
            diff = measured - true_v
            pct = 100 * diff / true_v
            within = abs(pct) <= ACCURACY_PCT or abs(diff) <= ACCURACY_MS
            within_all &= within
            comparisons[q] = {
                "measured_ms": round(measured, 3), "truth_ms": round(true_v, 3), "diff_ms": round(diff, 3),
                "diff_pct": round(pct, 2), "within_target": within,
                "continuous_truth_ms": round(cont_v, 3), "diff_vs_continuous_ms": round(measured - cont_v, 3),
                "diff_vs_continuous_pct": round(100 * (measured - cont_v) / cont_v, 2),
            }
        row["comparison"] = comparisons
        rows.append(row)
        targets.append({"target": f"{row['tool']} p50/p95/p99 within {ACCURACY_PCT:g} % or {ACCURACY_MS:g} ms "
                                  "of the truth", "met": within_all})
    return {"users": args.accuracy_users, "duration_s": args.duration, "latency": "U[5,50] ms (whole ms), seed 42",
            "server_overhead_ms": overhead, "overhead_run": overhead_row, "rows": rows,
            "targets": [t for t in targets if t["target"].startswith("Barrage")],
            "reference": [t for t in targets if not t["target"].startswith("Barrage")]}


def jmh(args):
    text = read(os.path.join(args.runs, "jmh", "jmh.json"))
    if not text:
        return None
    rows = []
    for b in json.loads(text):
        name = b["benchmark"].replace("bench.jmh.", "")
        if b.get("params"):
            name += " (" + ", ".join(f"{k}={v}" for k, v in b["params"].items()) + ")"
        pm = b["primaryMetric"]
        row = {"benchmark": name, "threads": b["threads"], "score": round(pm["score"], 1),
               "error": round(pm["scoreError"], 1) if isinstance(pm.get("scoreError"), (int, float))
               and pm["scoreError"] == pm["scoreError"] else None,
               "unit": pm["scoreUnit"]}
        if "merge1000Reports" in name:
            runners = int(b.get("params", {}).get("runners", 1))
            row["what"] = ("interval reports (20 endpoints each) merged into RunStatistics per second; "
                           f"{runners} runner(s), so {10 * runners} reports in the 10 s window")
            row["merges_of_1000_per_s"] = round(pm["score"] / 1000, 3)
        else:
            row["what"] = f"StatsRecorder.record calls per second, {b['threads']} thread(s), same endpoint"
        rows.append(row)
    load = read(os.path.join(args.runs, "jmh", "loadavg"))
    return {"settings": "1 fork, 3 x 2 s warm-up, 5 x 2 s measurement", "rows": rows,
            "load_avg_at_start": float(load.split()[0]) if load else None}


# --- rendering ------------------------------------------------------------------------------------------------------
def fmt(v, spec="{:,.1f}"):
    if v is None:
        return "-"
    if isinstance(v, str):
        return v
    return spec.format(v)


def ms(v):
    if v is None:
        return "-"
    return f"{v:.3f}".rstrip("0").rstrip(".") if v < 100 else f"{v:,.0f}"


def table(headers, rows, align=None):
    """A GitHub markdown table (also readable as plain text)."""
    align = align or ["l"] + ["r"] * (len(headers) - 1)
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) if rows else len(str(h)) for i, h in enumerate(headers)]
    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) if a == "l" else str(c).rjust(w)
                                 for c, w, a in zip(cells, widths, align)) + " |"
    sep = "|" + "|".join(("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2)) for w, a in zip(widths, align)) + "|"
    return "\n".join([line(headers), sep] + [line(r) for r in rows])


def verdict(t):
    return "met" if t["met"] else "NOT met"


def render(result):
    out = []
    th = result.get("throughput")
    if th:
        out.append(f"### Throughput: GET / on nginx, {th['users']} connections/users, {th['duration_s']} s, "
                   "closed model, no wait")
        rows = []
        for r in th["rows"]:
            if r.get("error"):
                rows.append([r["tool"], "error: " + r["error"], "", "", "", "", "", "", ""])
                continue
            me = r["id"] == "barrage"
            rows.append([r["tool"], fmt(r.get("rps")), ms(r.get("p50_ms")), ms(r.get("p95_ms")), ms(r.get("p99_ms")),
                         fmt(r.get("cpu_s")), fmt(r.get("cpu_pct"), "{:.0f} %"), fmt(r.get("requests_per_cpu_s"), "{:,}"),
                         fmt(r.get("peak_rss_mib"), "{:,.0f}"),
                         "1" if me else fmt(r.get("barrage_ratio"), "{:.2f}"),
                         "1" if me else fmt(r.get("barrage_ratio_per_cpu_s"), "{:.2f}"),
                         fmt(r.get("load_avg_at_start"), "{:.2f}")])
        out.append(table(["tool", "requests/s", "p50 ms", "p95 ms", "p99 ms", "CPU s", "CPU %", "requests/CPU s",
                          "peak RSS MiB", "Barrage ratio", "ratio per CPU s", "load avg"], rows))
        fails = [f"{r['tool']}: {r['failures']:,} failed" for r in th["rows"] if r.get("failures")]
        if fails:
            out.append("Failures: " + "; ".join(fails))
        out.append("")
        out.append(table(["target", "Barrage ratio", "result", "ratio per CPU s (for reference)"],
                         [[t["target"], fmt(t["ratio"], "{:.2f}"), verdict(t), fmt(t.get("ratio_per_cpu_s"), "{:.2f}")]
                          for t in th["targets"]], ["l", "r", "l", "r"]))
        out.append("")
    mem = result.get("memory")
    if mem:
        out.append(f"### Memory: {mem['users']:,} users, GET / then 1 s wait, spawn rate {mem['spawn_rate']:,}/s, "
                   f"{mem['duration_s']} s")
        rows = [[r["tool"], fmt(r.get("users_reached"), "{:,}"), fmt(r.get("peak_rss_mib"), "{:,.0f}"),
                 fmt(r.get("rss_per_user_kib"), "{:,.1f}"), fmt(r.get("rps")), ms(r.get("p50_ms")),
                 ms(r.get("p99_ms")), fmt(r.get("cpu_s")), fmt(r.get("load_avg_at_start"), "{:.2f}")]
                for r in mem["rows"]]
        out.append(table(["tool", "users reached", "peak RSS MiB", "RSS KiB/user", "requests/s", "p50 ms", "p99 ms",
                          "CPU s", "load avg"], rows))
        out.append("")
        out.append(table(["target", "value", "result"],
                         [[t["target"], f"{fmt(t['value'], '{:,.0f}')} MiB, {fmt(t['users_reached'], '{:,}')} users",
                           verdict(t)] for t in mem["targets"]], ["l", "r", "l"]))
        out.append("")
    acc = result.get("accuracy")
    if acc:
        out.append(f"### Accuracy: demo target GET /latency, {acc['latency']}, {acc['users']} users, "
                   f"{acc['duration_s']} s")
        out.append(f"Server overhead (wrk p50 on /slow?ms=27 minus 27 ms): {acc['server_overhead_ms']:.3f} ms. "
                   "Truth = the quantile of the demo target's own sleeps (replayed from its seed for the requests "
                   "it received) + that overhead.")
        rows = []
        for r in acc["rows"]:
            for q, c in r.get("comparison", {}).items():
                rows.append([r["tool"], q, ms(c["measured_ms"]), ms(c["truth_ms"]), f"{c['diff_ms']:+.3f}",
                             f"{c['diff_pct']:+.2f} %", "yes" if c["within_target"] else "NO",
                             ms(c["continuous_truth_ms"]), f"{c['diff_vs_continuous_ms']:+.3f} ({c['diff_vs_continuous_pct']:+.2f} %)"])
        out.append(table(["tool", "q", "measured ms", "truth ms", "diff ms", "diff %", "within 2 %/1 ms",
                          "U[5,50]+overhead ms", "diff vs U[5,50]"], rows))
        out.append("")
        out.append(table(["target", "result"], [[t["target"], verdict(t)] for t in acc["targets"] + acc["reference"]],
                         ["l", "l"]))
        out.append("")
    j = result.get("jmh")
    if j:
        out.append(f"### JMH: Barrage statistics ({j['settings']})")
        out.append(table(["benchmark", "threads", "ops/s", "error (99.9 %)", "what"],
                         [[r["benchmark"], r["threads"], fmt(r["score"], "{:,.0f}"), fmt(r["error"], "{:,.0f}"),
                           r["what"] + (f" ({r['merges_of_1000_per_s']:,} merges of 1,000 reports/s)"
                                        if "merges_of_1000_per_s" in r else "")] for r in j["rows"]],
                         ["l", "r", "r", "r", "l"]))
        out.append("")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--runs", required=True)
    p.add_argument("--modes", required=True)
    p.add_argument("--duration", type=int, required=True)
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--memory-users", type=int, required=True)
    p.add_argument("--memory-rate", type=int, required=True)
    p.add_argument("--accuracy-users", type=int, required=True)
    p.add_argument("--tools", required=True)
    p.add_argument("--url", required=True)
    p.add_argument("--root", required=True)
    p.add_argument("--java", required=True)
    p.add_argument("--barrage", required=True)
    p.add_argument("--runner-desc", default="")
    p.add_argument("--elapsed", type=int, default=None)
    p.add_argument("--json", required=True)
    p.add_argument("--markdown", required=True)
    args = p.parse_args()
    modes = args.modes.split(",")
    tools = args.tools.split(",") if "throughput" in modes else []

    now = datetime.datetime.now(datetime.timezone.utc)
    result = {
        "date": now.strftime("%Y-%m-%d %H:%M UTC"),
        "modes": modes,
        "machine": machine(),
        "versions": versions(args, modes, tools),
        "pinning": "load generator (and its process tree) on CPU 0 with taskset -c 0; nginx (1 worker) and the demo "
                   "target on CPU 1",
        "elapsed_s": args.elapsed,
    }
    if "throughput" in modes:
        result["throughput"] = throughput(args)
    if "memory" in modes:
        result["memory"] = memory(args)
    if "accuracy" in modes:
        result["accuracy"] = accuracy(args)
    if "jmh" in modes:
        result["jmh"] = jmh(args)

    body = render(result)
    with open(args.json, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    m = result["machine"]
    head = [
        "# Barrage benchmark: latest results",
        "",
        "Written by `" + ("bench/run --all" if modes == ["throughput", "memory", "accuracy", "jmh"] else
                         ("bench/run " + " ".join("--" + x for x in modes)).replace(" --throughput", "").rstrip()) + "`" +
        f" on {result['date']}" + (f", which took {args.elapsed // 60} min {args.elapsed % 60} s" if args.elapsed else "") + ".",
        f"See bench/README.md for what each number means; the full figures are in bench/results/{os.path.basename(args.json)} "
        "(not committed).",
        "",
        f"- Machine: {m['nproc']} CPUs, {m['cpu']}, {m['memory']} memory, kernel {m['kernel']}, {m['os']}",
        f"- Pinning: {result['pinning']}",
        "- Versions: " + "; ".join(f"{k} {v}" for k, v in result["versions"].items()),
        "",
        "",
    ]
    with open(args.markdown, "w") as f:
        f.write("\n".join(head) + body)
    print()
    print("\n".join(head[4:]))
    print(body)
    print(f"Results: {args.json}\n         {args.markdown}")


if __name__ == "__main__":
    sys.exit(main())
