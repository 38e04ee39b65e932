#!/usr/bin/env python3
"""`tcpstate list --all-netns` beside the ways ss covers many namespaces.

Makes N named network namespaces (`ip netns add`, loopback up), runs
../shared/bench/socket_farm.py inside each with --per sockets, then times,
--runs times each (median wall, and CPU as user+sys of the process tree):

- `tcpstate list --all-netns`: every namespace in one run;
- `ip -all netns exec ss -tan`: iproute2's own sweep (named namespaces only);
- a loop of `ss -N NAME -tan`, one ss process per namespace.

It checks that tcpstate listed, per namespace, as many sockets as ss did
inside it, and prints a table. Run as root:

    make release && sudo python3 benchmarks/bench_netns.py --namespaces 10,100 --per 1000

Targets (issue 23): at 100 namespaces `list --all-netns` within 1 s and at
least 50x faster than `ip -all netns exec ss -tan`. Each sock_diag dump walks
the kernel's shared established hash (about 6-8 ms per namespace here, even
a nearly empty one): that is the floor of any per-namespace listing.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MIX = "established=0.7,time_wait=0.1,listen=0.05,close_wait=0.1,syn_sent=0.05"


def timed(argv, shell=False):
    """(wall s, cpu s, stdout) of one run; CPU from the children's rusage."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    out = subprocess.run(argv, shell=shell, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, out.decode()


def setup(count, per, farm, prefix):
    names, farms = [], []
    for index in range(count):
        name = f"{prefix}{index:03d}"
        subprocess.run(["ip", "netns", "add", name], check=True)
        subprocess.run(["ip", "-n", name, "link", "set", "lo", "up"], check=True)
        names.append(name)
    for name in names:
        ready = os.path.join(tempfile.gettempdir(), f"{name}.ready")
        if os.path.exists(ready):
            os.unlink(ready)
        farms.append((subprocess.Popen(
            ["ip", "netns", "exec", name, sys.executable, farm, "--count", str(per), "--mix", MIX,
             "--ready-file", ready, "--hold", "3600"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), ready))
    deadline = time.monotonic() + 600
    for process, ready in farms:
        while not os.path.exists(ready):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench: socket_farm.py did not get ready ({ready})")
            time.sleep(0.05)
    return names, [p for p, _ in farms]


def teardown(names, farms):
    for process in farms:
        process.terminate()
    for process in farms:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
    for name in names:
        subprocess.run(["ip", "netns", "del", name], stderr=subprocess.DEVNULL)


def measure(binary, names, runs, ip_runs):
    rows = {}
    loop = " ; ".join(f"ss -N {name} -tanH" for name in names)
    commands = [
        ("tcpstate list --all-netns", [binary, "list", "--all-netns", "--json"], False),
        ("ip -all netns exec ss -tan", "ip -all netns exec ss -tanH", True),
        ("ss -N NAME -tan, one per namespace", loop, True),
    ]
    for label, argv, shell in commands:
        walls, cpus, last = [], [], ""
        for _ in range(ip_runs if label.startswith("ip ") else runs):
            wall, cpu, last = timed(argv, shell=shell)
            walls.append(wall)
            cpus.append(cpu)
        rows[label] = (statistics.median(walls), statistics.median(cpus), last)
    return rows


def check(binary_json, names):
    """Sockets per namespace: tcpstate's JSON against ss inside each."""
    listed = {}
    for row in json.loads(binary_json):
        if row.get("netns_name") in names:
            listed[row["netns_name"]] = listed.get(row["netns_name"], 0) + 1
    mismatches = []
    for name in names:
        ss = subprocess.run(["ss", "-N", name, "-tanH"], stdout=subprocess.PIPE, check=True).stdout.decode()
        count = len([line for line in ss.splitlines() if line.strip()])
        # A socket can change state or close between the two reads; the farm holds its sockets still.
        if listed.get(name, 0) != count:
            mismatches.append(f"{name}: tcpstate {listed.get(name, 0)}, ss {count}")
    return sum(listed.values()), mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--namespaces", default="10,100")
    ap.add_argument("--per", type=int, default=1000, help="sockets per namespace")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--ip-runs", type=int, default=1, help="runs of the slow ip -all netns exec sweep")
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    args = ap.parse_args()
    farm = os.path.join(args.bench_dir, "socket_farm.py")
    if os.geteuid() != 0:
        raise SystemExit("bench: making namespaces needs root")
    if not os.access(args.binary, os.X_OK):
        raise SystemExit(f"bench: {args.binary} not built (make release)")

    print("| namespaces | sockets in them | command | wall ms | cpu ms | tcpstate wall ratio |")
    print("|---:|---:|---|---:|---:|---:|")
    for count in [int(n) for n in args.namespaces.split(",")]:
        prefix = f"bnetns{os.getpid() % 10000}x"
        names, farms = setup(count, args.per, farm, prefix)
        try:
            rows = measure(args.binary, names, args.runs, args.ip_runs)
            seen, mismatches = check(rows["tcpstate list --all-netns"][2], names)
            ours = rows["tcpstate list --all-netns"][0]
            for label, (wall, cpu, _) in rows.items():
                ratio = "" if label.startswith("tcpstate") else f"{ours / wall:.3f}x ({wall / ours:.0f}x faster)"
                print(f"| {count} | {seen} | `{label}` | {wall * 1000:.0f} | {cpu * 1000:.0f} | {ratio} |")
            for line in mismatches:
                print(f"MISMATCH {line}", file=sys.stderr)
        finally:
            teardown(names, farms)


if __name__ == "__main__":
    sys.exit(main())
