#!/usr/bin/env python3
"""tcpstate exporter beside node_exporter on the same socket farm.

Starts ../shared/bench/socket_farm.py with --count sockets (every state),
then tcpstate exporter and Debian's prometheus-node-exporter with only the
collectors that cover TCP (--collector.disable-defaults --collector.tcpstat
--collector.netstat), and scrapes each --scrapes times in turn, the way
Prometheus asks (OpenMetrics first, gzip). Prints, per exporter: scrape
latency median and p99, CPU (user+sys of the exporter process) per scrape,
RSS idle (before the first scrape) and after the scrapes, series and bytes
per scrape. Run as root (sockets above ~20k need it):

    make release && sudo python3 benchmarks/bench_exporter.py --count 100000

CPU per scrape includes everything the process did during the scrapes: for
tcpstate that is also its tracepoint reader and, every --doctor-interval
(30 s), the tcp_info dump for the doctor and the distributions.
"""

import argparse
import gzip
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
ACCEPT = ("application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
          "text/plain;version=0.0.4;q=0.5,*/*;q=0.1")
MIX = ("established=0.6,time_wait=0.2,listen=0.05,close_wait=0.05,syn_sent=0.04,syn_recv=0.03,"
       "fin_wait1=0.01,last_ack=0.01,closing=0.01")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime, stime


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def scrape(port):
    request = urllib.request.Request(f"http://127.0.0.1:{port}/metrics",
                                     headers={"Accept": ACCEPT, "Accept-Encoding": "gzip"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as reply:
        body = reply.read()
        encoding = reply.headers.get("Content-Encoding")
    wall = time.perf_counter() - start
    if encoding == "gzip":
        body = gzip.decompress(body)
    series = sum(1 for line in body.split(b"\n") if line and not line.startswith(b"#"))
    return wall, series, len(body)


def wait_until_up(port, process, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"bench: exporter on {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"bench: nothing listens on {port}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--count", type=int, default=100000, help="farm sockets")
    ap.add_argument("--scrapes", type=int, default=100)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--node-exporter", default="/usr/bin/prometheus-node-exporter")
    ap.add_argument("--bench-dir", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--baseline", help="another tcpstate build to scrape in the same run (before/after a change)")
    ap.add_argument("--settle", type=float, default=3.0, help="seconds after start before measuring idle RSS")
    args = ap.parse_args()
    for path in (args.binary, args.node_exporter) + ((args.baseline,) if args.baseline else ()):
        if not os.access(path, os.X_OK):
            raise SystemExit(f"bench: {path} not found (make release; apt-get install prometheus-node-exporter)")

    ready = tempfile.mktemp(prefix="tcpstate-farm-", suffix=".json")
    farm = subprocess.Popen([sys.executable, os.path.join(args.bench_dir, "socket_farm.py"), "--count", str(args.count),
                             "--mix", MIX, "--ready-file", ready, "--quiet"])
    exporters = {}
    try:
        while not os.path.exists(ready):
            if farm.poll() is not None:
                raise SystemExit("bench: socket_farm.py failed")
            time.sleep(0.5)
        ours, theirs = free_port(), free_port()
        exporters["tcpstate exporter"] = (ours, subprocess.Popen(
            [args.binary, "exporter", "--listen", f"127.0.0.1:{ours}"], stderr=subprocess.DEVNULL))
        if args.baseline:
            base = free_port()
            exporters["tcpstate exporter (baseline)"] = (base, subprocess.Popen(
                [args.baseline, "exporter", "--listen", f"127.0.0.1:{base}"], stderr=subprocess.DEVNULL))
        exporters["node_exporter (tcpstat+netstat)"] = (theirs, subprocess.Popen(
            [args.node_exporter, "--collector.disable-defaults", "--collector.tcpstat", "--collector.netstat",
             f"--web.listen-address=127.0.0.1:{theirs}"], stderr=subprocess.DEVNULL))
        for port, process in exporters.values():
            wait_until_up(port, process)
        time.sleep(args.settle)
        sockets = int(subprocess.run("ss -Htan | wc -l", shell=True, capture_output=True, text=True).stdout)
        results = {}
        for name, (port, process) in exporters.items():
            results[name] = {"idle_rss": rss_mb(process.pid), "walls": [], "cpu0": cpu_seconds(process.pid)}
        # Alternate, so the host's load falls on both alike.
        for _ in range(args.scrapes):
            for name, (port, process) in exporters.items():
                wall, series, size = scrape(port)
                results[name]["walls"].append(wall)
                results[name]["series"], results[name]["bytes"] = series, size
        for name, (port, process) in exporters.items():
            r = results[name]
            r["cpu"] = (cpu_seconds(process.pid) - r["cpu0"]) / args.scrapes
            r["rss"] = rss_mb(process.pid)
    finally:
        for port, process in exporters.values():
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=10)
        farm.send_signal(signal.SIGTERM)
        farm.wait(timeout=60)

    print(f"{sockets} TCP sockets on the host (farm of {args.count}); {args.scrapes} scrapes each, alternating")
    print("| exporter | median ms | p99 ms | CPU ms/scrape | RSS idle MB | RSS after MB | series | bytes |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        walls = sorted(r["walls"])
        p99 = walls[min(len(walls) - 1, int(round(len(walls) * 0.99)) - 1)]
        print(f"| {name} | {statistics.median(walls) * 1e3:.1f} | {p99 * 1e3:.1f} | {r['cpu'] * 1e3:.1f} | "
              f"{r['idle_rss']:.1f} | {r['rss']:.1f} | {r['series']} | {r['bytes']} |")
    a, b = results["tcpstate exporter"], results["node_exporter (tcpstat+netstat)"]
    print(f"ratios tcpstate/node_exporter: latency {statistics.median(a['walls']) / statistics.median(b['walls']):.2f}x, "
          f"CPU {a['cpu'] / max(b['cpu'], 1e-9):.2f}x, RSS after {a['rss'] / max(b['rss'], 1e-9):.2f}x")
    if args.baseline:
        c = results["tcpstate exporter (baseline)"]
        print(f"ratios tcpstate/baseline: latency {statistics.median(a['walls']) / statistics.median(c['walls']):.2f}x, "
              f"CPU {a['cpu'] / max(c['cpu'], 1e-9):.2f}x")
    print(json.dumps({k: {x: v for x, v in r.items() if x != "walls"} for k, r in results.items()}), file=sys.stderr)


if __name__ == "__main__":
    main()
