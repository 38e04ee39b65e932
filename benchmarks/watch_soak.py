#!/usr/bin/env python3
"""Long-run check of `tcpstate watch`: memory stays flat, drops are reported.

Runs `tcpstate watch --port PORT --json` while ../shared/bench/churn.py opens
and closes --rate loopback connections per second for --duration seconds,
samples the watcher's RSS (VmRSS) every --sample seconds, counts the events
it printed against the transitions churn.py says happened, and collects the
drop notices watch prints on stderr ("the kernel dropped N ...").

Memory is called flat when, after a warm-up of --warmup seconds, the RSS of
the last third of the samples is within --tolerance-mib of the first third.
Not part of the unit suite: run it by hand (root, for the tracepoint source).

    benchmarks/watch_soak.py --duration 300 --rate 2000
"""
import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHURN = os.path.join(ROOT, "..", "shared", "bench", "churn.py")


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def cpu_seconds(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tcpstate", default=None, help="binary (default: .build/release, else .build/debug)")
    ap.add_argument("--rate", type=float, default=2000, help="connections per second (default 2000)")
    ap.add_argument("--duration", type=float, default=300, help="seconds of churn (default 300)")
    ap.add_argument("--sample", type=float, default=5, help="seconds between RSS samples (default 5)")
    ap.add_argument("--warmup", type=float, default=15, help="seconds before samples count (default 15)")
    ap.add_argument("--tolerance-mib", type=float, default=4, help="allowed RSS growth (default 4 MiB)")
    ap.add_argument("--port", type=int, default=18380, help="churn port (default 18380)")
    ap.add_argument("--src-net", default="127.79", help="churn client net (default 127.79)")
    ap.add_argument("--workers", type=int, default=2, help="churn.py client processes (default 2)")
    ap.add_argument("--source", default="auto", help="watch --source (default auto)")
    ap.add_argument("--json", help="also write the report here")
    args = ap.parse_args()

    binary = args.tcpstate
    if binary is None:
        for build in ("release", "debug"):
            candidate = os.path.join(ROOT, ".build", build, "tcpstate")
            if os.access(candidate, os.X_OK):
                binary = candidate
                break
    if binary is None:
        sys.exit("no tcpstate binary: run `swift build -c release` or pass --tcpstate")

    work = tempfile.mkdtemp(prefix="tcpstate-soak-")
    ready = os.path.join(work, "ready")
    stderr_path = os.path.join(work, "watch.stderr")
    watch = subprocess.Popen(
        [binary, "watch", "--port", str(args.port), "--json", "--source", args.source, "--ready-file", ready],
        stdout=subprocess.PIPE, stderr=open(stderr_path, "wb"))

    # Count NDJSON lines as they come, without keeping them: the reader must not be the bottleneck.
    counts = {"transition": 0, "summary": 0, "other": 0}

    def reader():
        for line in watch.stdout:
            if b'"event":"transition"' in line:
                counts["transition"] += 1
            elif b'"event":"summary"' in line:
                counts["summary"] += 1
            else:
                counts["other"] += 1

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not os.path.exists(ready):
        if watch.poll() is not None or time.time() > deadline:
            sys.exit("watch did not get ready: " + open(stderr_path).read())
        time.sleep(0.05)

    churn_json = os.path.join(work, "churn.json")
    churn = subprocess.Popen(
        [sys.executable, CHURN, "--rate", str(args.rate), "--duration", str(args.duration), "--port", str(args.port),
         "--src-net", args.src_net, "--workers", str(args.workers), "--json", churn_json],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    start = time.time()
    cpu_start = cpu_seconds(watch.pid)
    samples = []
    while churn.poll() is None:
        rss = rss_kib(watch.pid)
        if rss is not None:
            samples.append({"t": round(time.time() - start, 1), "rss_kib": rss, "events": counts["transition"]})
        time.sleep(args.sample)
    time.sleep(3)  # let the last ends and summaries arrive
    samples.append({"t": round(time.time() - start, 1), "rss_kib": rss_kib(watch.pid), "events": counts["transition"]})
    cpu = (cpu_seconds(watch.pid) or 0) - (cpu_start or 0)
    watch.send_signal(signal.SIGINT)
    try:
        status = watch.wait(timeout=10)
    except subprocess.TimeoutExpired:
        watch.kill()
        status = "killed"
    thread.join(timeout=5)

    churn_summary = {}
    try:
        with open(churn_json) as f:
            churn_summary = json.load(f)
    except (OSError, ValueError):
        pass
    stderr = open(stderr_path, errors="replace").read()
    dropped = sum(int(n) for n in re.findall(r"dropped (\d+)", stderr))

    counted = [s for s in samples if s["t"] >= args.warmup and s["rss_kib"]]
    third = max(1, len(counted) // 3)
    first = statistics.median(s["rss_kib"] for s in counted[:third]) if counted else None
    last = statistics.median(s["rss_kib"] for s in counted[-third:]) if counted else None
    growth_mib = (last - first) / 1024 if counted else None
    completed = churn_summary.get("completed")
    wanted = churn_summary.get("expected_transitions")
    expected = wanted.get("total", 0) + wanted.get("listener", 0) if isinstance(wanted, dict) else None
    report = {
        "binary": binary,
        "rate": args.rate,
        "duration_s": args.duration,
        "churn_completed": completed,
        "churn_achieved_rate": churn_summary.get("achieved_rate"),
        "expected_transitions": expected,
        "transitions_printed": counts["transition"],
        "summaries_printed": counts["summary"],
        "kernel_drops_reported": dropped,
        "drop_notices": [line for line in stderr.splitlines() if "dropped" in line][:10],
        "watch_cpu_seconds": round(cpu, 2),
        "watch_exit": status,
        "rss_first_third_mib": round(first / 1024, 1) if first else None,
        "rss_last_third_mib": round(last / 1024, 1) if last else None,
        "rss_max_mib": round(max(s["rss_kib"] for s in samples if s["rss_kib"]) / 1024, 1),
        "rss_growth_mib": round(growth_mib, 2) if growth_mib is not None else None,
        "memory_flat": growth_mib is not None and growth_mib <= args.tolerance_mib,
        "samples": samples,
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    return 0 if report["memory_flat"] else 1


if __name__ == "__main__":
    sys.exit(main())
