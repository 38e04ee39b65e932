#!/usr/bin/env python3
"""Start-up time and peak RSS of `tcpstate list` (or any arguments) for two
binaries, run alternately so the machine's load hits both alike.

    benchmarks/bench_startup.py OLD_BINARY NEW_BINARY [--runs 200] [-- list args]  (default: list)

Prints median and p90 wall time and the median peak RSS of each, and the
new/old ratios. Used to check that linking the exporter's HTTP server (NIO)
into the binary does not slow `list`."""
import argparse
import os
import statistics
import subprocess
import sys
import time


def run_once(binary, args):
    start = time.perf_counter()
    proc = subprocess.Popen([binary] + args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{binary} {' '.join(args)} exited with {status}")
    return wall, usage.ru_maxrss  # kilobytes on Linux


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--runs", type=int, default=200)
    argv = sys.argv[1:]
    command = argv[argv.index("--") + 1:] if "--" in argv else ["list"]
    options = parser.parse_args(argv[:argv.index("--")] if "--" in argv else argv)
    options.args = command
    results = {options.old: [], options.new: []}
    for binary in results:  # warm the page cache
        run_once(binary, options.args)
    for _ in range(options.runs):
        for binary in (options.old, options.new):
            results[binary].append(run_once(binary, options.args))
    rows = []
    for binary, samples in results.items():
        walls = sorted(s[0] for s in samples)
        rss = statistics.median(s[1] for s in samples)
        rows.append((binary, statistics.median(walls) * 1e3, walls[int(len(walls) * 0.9)] * 1e3, rss / 1024,
                     os.path.getsize(binary) / 1e6))
    print(f"{'binary':<40} {'median ms':>10} {'p90 ms':>8} {'RSS MB':>8} {'size MB':>8}")
    for binary, median, p90, rss, size in rows:
        print(f"{binary:<40} {median:>10.2f} {p90:>8.2f} {rss:>8.2f} {size:>8.1f}")
    old, new = rows
    print(f"ratio new/old: wall {new[1] / old[1]:.3f}x, p90 {new[2] / old[2]:.3f}x, RSS {new[3] / old[3]:.3f}x"
          f" ({options.runs} runs each, alternating; `{' '.join(options.args)}`)")


if __name__ == "__main__":
    main()
