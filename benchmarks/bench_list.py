#!/usr/bin/env python3
"""Times `tcpstate list` against ss on the same socket farm and prints ratios.

Runs ../shared/bench/bench_list.py (one fresh socket_farm.py per command, median
of --runs, peak RSS from GNU time) with the peers ss -tan, ss -tin, ss -tanp and
tcpstate's list, list --info, list --process and list --json, then prints a
table of tcpstate/ss ratios per size. Run as root (sockets above ~20k need it):

    make release && sudo python3 benchmarks/bench_list.py --sizes 10000,100000

Targets (issues 2 and 13, at 100k sockets): every list variant at most 0.6x
its ss peer (list, list --json: ss -tan; list --info, list --json --info:
ss -tin), list --process at most 0.25x ss -tanp; peak RSS at most 2x ss's
(1.3x wanted). The verdict uses the wall-time ratio; the CPU ratio (user +
system time of the process) is printed beside it, because on a shared,
loaded machine wall time also counts the time spent waiting for a core.
--from-json reprints the table of an earlier run. --baseline BINARY runs
another build's list variants in the same run, on the same farms, and prints
a second table of this build's times over the baseline's (no regression: about
1.0x or less; the farm and the machine are the same for both).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PAIRS = [
    # (tcpstate command, ss peer, target ratio)
    ("list", "-tan", 0.6),
    ("list --info", "-tin", 0.6),
    ("list --process", "-tanp", 0.25),
    ("list --json", "-tan", 0.6),
    ("list --json --info", "-tin", 0.6),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--mix", default=None, help="socket_farm.py --mix (default: bench_list.py's mix of every state)")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--json", default=None, help="keep the raw results here")
    ap.add_argument("--from-json", default=None, help="print the table of an earlier run's --json file")
    ap.add_argument("--baseline", default=None, help="another tcpstate build to time in the same run (before/after)")
    args = ap.parse_args()

    if args.from_json:
        with open(args.from_json) as f:
            results = json.load(f)["results"]
        status = table(results, args.sizes)
        baseline_table(results, args.sizes)
        return status

    script = os.path.join(args.bench_dir, "bench_list.py")
    if not os.path.exists(script):
        raise SystemExit(f"bench: {script} not found (pass --bench-dir)")
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"bench: {args.binary} not built (make release)")

    cmds = []
    for flags in sorted({p[1] for p in PAIRS}):
        cmds += ["--cmd", f"ss {flags}=ss {flags}"]
    for command, _, _ in PAIRS:
        cmds += ["--cmd", f"tcpstate {command}={args.binary} {command}"]
        if args.baseline:
            cmds += ["--cmd", f"baseline {command}={args.baseline} {command}"]
    out = args.json or tempfile.mktemp(prefix="tcpstate-bench-", suffix=".json")
    argv = [sys.executable, script, "--sizes", args.sizes, "--runs", str(args.runs), "--json", out] + cmds
    if args.mix:
        argv += ["--mix", args.mix]
    subprocess.run(argv, check=True, stdout=sys.stderr)
    with open(out) as f:
        results = json.load(f)["results"]
    status = table(results, args.sizes)
    baseline_table(results, args.sizes)
    return status


def baseline_table(results, sizes):
    """This build over the baseline's, per command (only when one was run)."""
    by = {(r["requested"], r["name"]): r for r in results}
    if not any(name.startswith("baseline ") for _, name in by):
        return
    print()
    print("| sockets | command | wall ms | baseline wall ms | wall ratio | cpu ms | baseline cpu ms | cpu ratio "
          "| RSS KB | baseline RSS KB |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in [int(s) for s in sizes.split(",")]:
        for command, _, _ in PAIRS:
            ours = by.get((size, f"tcpstate {command}"))
            base = by.get((size, f"baseline {command}"))
            if not ours or not base:
                continue
            o, b = ours["median"], base["median"]
            o_cpu, b_cpu = o["user"] + o["sys"], b["user"] + b["sys"]
            print(f"| {ours['sockets_seen'][0]} | `list{command[4:]}` | {o['wall']*1000:.1f} | {b['wall']*1000:.1f} | "
                  f"{o['wall']/b['wall']:.2f}x | {o_cpu*1000:.1f} | {b_cpu*1000:.1f} | "
                  f"{(o_cpu/b_cpu if b_cpu else float('nan')):.2f}x | {o['maxrss_kb']} | {b['maxrss_kb']} |")


def table(results, sizes):
    by = {(r["requested"], r["name"]): r for r in results}
    print("| sockets | command | wall ms | cpu ms | ss peer | ss wall ms | ss cpu ms | wall ratio | cpu ratio "
          "| target | RSS KB | ss RSS KB | RSS ratio |")
    print("|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    failed = False
    for size in [int(s) for s in sizes.split(",")]:
        for command, flags, target in PAIRS:
            ours = by.get((size, f"tcpstate {command}"))
            peer = by.get((size, f"ss {flags}"))
            if not ours or not peer:
                continue
            ours_m, peer_m = ours["median"], peer["median"]
            ratio = ours_m["wall"] / peer_m["wall"]
            ours_cpu = ours_m["user"] + ours_m["sys"]
            peer_cpu = peer_m["user"] + peer_m["sys"]
            cpu_ratio = ours_cpu / peer_cpu if peer_cpu else float("nan")
            rss_ratio = (ours_m["maxrss_kb"] or 0) / max(1, peer_m["maxrss_kb"] or 1)
            verdict = ""
            if target is not None and size >= 100000:
                verdict = " ok" if ratio <= target else " MISSED"
                failed |= ratio > target
            print(f"| {ours['sockets_seen'][0]} | `tcpstate {command}` | {ours_m['wall']*1000:.1f} | "
                  f"{ours_cpu*1000:.1f} | `ss {flags}` | {peer_m['wall']*1000:.1f} | {peer_cpu*1000:.1f} | "
                  f"{ratio:.2f}x | {cpu_ratio:.2f}x | {target or '-'}{verdict} | "
                  f"{ours_m['maxrss_kb']} | {peer_m['maxrss_kb']} | {rss_ratio:.2f}x |")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
