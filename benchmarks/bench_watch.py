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
"""

import argparse
import os
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
    args = ap.parse_args()

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
    argv = [sys.executable, script, "--rates", args.rates, "--duration", args.duration, "--runs", args.runs,
            "--port", args.port, "--watch", command, "--watchers", ",".join([name] + peers),
            "--ready-regex", "^Time", "--json", args.json]
    return subprocess.call(argv)


if __name__ == "__main__":
    sys.exit(main())
