#!/usr/bin/env python3
"""Measures `tcpstate top`'s cost per refresh and its CPU share at -d 1.

Runs `top --batch` (the same sampler, model and doctor pass as the
full-screen view; batch formats every row, the screen only the visible ones,
so this is an upper bound) and reports:

  refresh_ms   wall time of one refresh: (`-n 1 -d D` wall - D) / 2, since
               batch takes a baseline snapshot and then one frame
  cpu_share    (user + sys) / wall over `-n N` frames at the default -d 1
               (batch --json, which formats every row)
  peak_rss_mb  the largest child's peak RSS (the batch runs)
  screen_cpu   the same for the full-screen view in a tmux window of
               160x45 (only visible rows are formatted), from /proc/PID/stat

Without --farm it measures the sockets already on the host; with --farm N it
first holds N loopback sockets with ../shared/bench/socket_farm.py (root for
100k). Targets (issue 14): refresh <= 1 s and <= 25% of a core at 100k sockets.

    make release && sudo python3 benchmarks/bench_top.py --farm 100000
"""

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def run(cmd):
    """Wall seconds and (user + sys) CPU seconds of one child run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)



def screen_cpu(binary, seconds):
    """CPU share of the full-screen view over `seconds`, or a reason it was not measured."""
    if not shutil.which("tmux"):
        return "n/a (no tmux)"
    server = f"bench-top-{os.getpid()}"
    pidfile = tempfile.mktemp()
    tmux = ["tmux", "-L", server, "-f", "/dev/null"]
    subprocess.run(tmux + ["new-session", "-d", "-x", "160", "-y", "45",
                           f"sh -c 'echo $$ > {pidfile}; exec env TERM=xterm {binary} top'"], check=True)
    try:
        while not os.path.exists(pidfile) or not open(pidfile).read().strip():
            time.sleep(0.1)
        pid = int(open(pidfile).read())
        time.sleep(2)  # past the first dump and the terminal set-up

        def ticks():
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])

        start_ticks, start = ticks(), time.monotonic()
        time.sleep(seconds)
        used = (ticks() - start_ticks) / os.sysconf("SC_CLK_TCK")
        return f"{used / (time.monotonic() - start) * 100:.1f}%"
    finally:
        subprocess.run(tmux + ["kill-server"], check=False)
        # The hang-up must end top; one left running would load every later measurement.
        pid = int(open(pidfile).read() or 0) if os.path.exists(pidfile) else 0
        deadline = time.monotonic() + 3
        while pid and time.monotonic() < deadline and alive(pid):
            time.sleep(0.05)
        if pid and alive(pid):
            print(f"bench_top: top (pid {pid}) did not end when its terminal closed; killed", file=sys.stderr)
            os.kill(pid, 9)
        if os.path.exists(pidfile):
            os.unlink(pidfile)


def alive(pid):
    """Running (not gone, not a zombie waiting for init)."""
    try:
        return open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--farm", type=int, default=0, help="hold this many sockets first (socket_farm.py)")
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--frames", type=int, default=10, help="frames for the CPU share at -d 1")
    ap.add_argument("--runs", type=int, default=3, help="runs of the single-refresh timing (median)")
    args = ap.parse_args()
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"bench: {args.binary} not built (make release)")

    farm = None
    if args.farm:
        ready = tempfile.mktemp(suffix=".json")
        farm = subprocess.Popen(
            [sys.executable, os.path.join(args.bench_dir, "socket_farm.py"), "--count", str(args.farm),
             "--net", "127.93", "--mix", "established=6,time_wait=2,listen=1,close_wait=1",
             "--ready-file", ready, "--quiet"])
        while not os.path.exists(ready):
            if farm.poll() is not None:
                raise SystemExit("bench: socket_farm.py exited early")
            time.sleep(0.5)
    try:
        lines = subprocess.run([args.binary, "list", "-H"], check=True, capture_output=True).stdout.count(b"\n")
        delay = 0.2
        singles = sorted((run([args.binary, "top", "--batch", "-n", "1", "-d", str(delay)])[0] - delay) / 2
                         for _ in range(args.runs))
        wall, cpu = run([args.binary, "top", "--batch", "--json", "-n", str(args.frames), "-d", "1"])
        screen = screen_cpu(args.binary, args.frames)
        print(f"sockets {lines}  refresh_ms {singles[len(singles) // 2] * 1000:.0f}"
              f"  cpu_share {cpu / wall * 100:.1f}% over {args.frames} frames at -d 1 ({wall:.1f} s wall)"
              f"  screen_cpu {screen}"
              f"  peak_rss_mb {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f}")
    finally:
        if farm:
            farm.terminate()
            farm.wait()


if __name__ == "__main__":
    main()
