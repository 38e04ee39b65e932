#!/usr/bin/env python3
"""Runs `tcpstate watch` beside its peers under churn and prints the table.

Wraps ../shared/bench/bench_watch.py: for each rate (connections/s) it runs
churn.py on loopback and counts what each watcher printed for the churn port
against the exact number of transitions churn.py made, with the watcher's CPU,
startup time and peak RSS. tcpstate runs with --no-summary so each output line
is one transition. Run as root, after `make release` and (for the peers)
../shared/bench/setup_peers.sh:

    sudo python3 benchmarks/bench_watch.py --rates 200,1000,5000

Targets (issue 4): 100% of transitions at 5,000 connections/s, at most 10% of
a core, startup under 100 ms, memory flat over a 60 s run.

Busy host (issue 16): `--busy-rate 800` keeps churn.py running on another
port (`--busy-port`, default --port + 1, its own source network) for the whole
measurement, and gives every tcpstate run a quiet spell of `--quiet-spell`
seconds (default 4) on the watched port before its churn starts: the pattern
that used to make `watch --port` give up the tracepoint. The peers run under
the same background load and are counted on the watched port only. In this
mode the startup column is the quiet spell, not a startup time.

    sudo python3 benchmarks/bench_watch.py --rates 200,1000,5000 --busy-rate 800
"""

import argparse
import json
import os
import statistics
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PEERS = ["tcpstates-libbpf", "tcpstates-bpfcc", "bpftrace-printf", "ss-poll-100ms", "ss-events"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rates", default="200,1000,5000")
    ap.add_argument("--duration", default="10")
    ap.add_argument("--runs", default="3")
    ap.add_argument("--port", default="18080")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers ('' for none)")
    ap.add_argument("--source", default="tracefs", help="tcpstate's --source (tracefs, perf, poll)")
    ap.add_argument("--json", default="bench_watch.json")
    ap.add_argument("--table-only", action="store_true", help="print the table of an earlier run's --json")
    ap.add_argument("--compare-binary", help="another tcpstate build to run beside (row tcpstate-before)")
    ap.add_argument("--busy-rate", type=float, default=0, help="background connections/s on another port (0: quiet host)")
    ap.add_argument("--busy-port", type=int, default=None, help="the other port (default --port + 1)")
    ap.add_argument("--quiet-spell", type=float, default=4.0, help="busy mode: seconds the watched port stays quiet first")
    args = ap.parse_args()
    if args.table_only:
        return print_table(args.json)

    script = os.path.join(args.bench_dir, "bench_watch.py")
    if not os.path.exists(script):
        raise SystemExit(f"bench: {script} not found (pass --bench-dir)")
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"bench: {args.binary} not built (make release)")
    peers = [p for p in args.peers.split(",") if p]
    if "tcpstates-bpfcc" in peers and not shutil.which("tcpstates-bpfcc"):
        peers.remove("tcpstates-bpfcc")
    name = f"tcpstate-{args.source}"
    command = (f"{name}={args.binary} watch --port {args.port} --no-summary --source {args.source}")
    extra_watch = []
    if args.compare_binary:
        # Another build of tcpstate in the same run (e.g. the last release), same options.
        extra_watch = ["--watch", f"tcpstate-before={args.compare_binary} watch --port {args.port} --no-summary"
                       f" --source {args.source}"]
    argv = [sys.executable, script, "--rates", args.rates, "--duration", args.duration, "--runs", args.runs,
            "--port", args.port, "--watch", command] + extra_watch + [
            "--watchers", ",".join([name] + (["tcpstate-before"] if extra_watch else []) + peers), "--json", args.json]
    background = None
    if args.busy_rate > 0:
        # No ready pattern: the harness then waits --ready-delay after starting the watcher,
        # which is the quiet spell on the watched port while the other port stays busy.
        argv += ["--ready-delay", str(args.quiet_spell)]
        busy_port = args.busy_port or int(args.port) + 1
        background = subprocess.Popen(
            [sys.executable, os.path.join(args.bench_dir, "churn.py"), "--rate", str(args.busy_rate),
             "--duration", "86400", "--port", str(busy_port), "--src-net", "127.79"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    else:
        argv += ["--ready-regex", "^Time"]
    try:
        # The harness's own table cannot price a watcher of unit "lines"; print ours from its JSON.
        subprocess.call(argv, stdout=sys.stderr)
    finally:
        if background is not None:
            background.terminate()
            background.wait()
    if background is not None:
        print(f"Background: churn.py at {args.busy_rate:g} connections/s on port {busy_port} throughout; "
              f"tcpstate's watched port quiet for {args.quiet_spell:g} s before each run.\n")
    return print_table(args.json)


def print_table(path):
    with open(path) as f:
        rows = json.load(f)["rows"]
    print("| rate/s (achieved) | watcher | expected | counted (median) | captured % | lost reported "
          "| CPU % of a core | startup s | peak RSS KB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        runs = row["all"]
        per_run = []
        for run in runs:
            expected = run["expected"]
            if expected is None and run["unit"] == "lines":
                # churn.py --closer client: 5 transitions per side per connection, 2 for the listener.
                expected = 10 * run["completed"] + 2
            per_run.append((expected, run["counted"]))
        expected = statistics.median(e for e, _ in per_run if e is not None) if per_run else None
        counted = statistics.median(c for _, c in per_run)
        captured = f"{100.0 * counted / expected:.2f}" if expected else "-"
        unit = "" if row["unit"] in ("lines", "transitions") else f" ({row['unit']})"
        def num(value, digits=0):
            return "-" if value is None else f"{value:.{digits}f}"
        print(f"| {row['rate']:g} ({row['achieved_rate']:g}) | {row['watcher']}{unit} | {num(expected)} | "
              f"{num(counted)} | {captured} | {num(row['lost_reported'])} | {num(row['cpu_pct'], 1)} | "
              f"{num(row['startup_s'], 2)} | {num(row['peak_rss_kb'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
