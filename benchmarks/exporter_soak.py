#!/usr/bin/env python3
"""Soak of `tcpstate exporter`: RSS flat, transitions exact, nothing lost.

Runs the exporter while ../shared/bench/churn.py opens and closes --rate
loopback connections per second for --duration seconds, scraping /metrics
every second (as a Prometheus with scrape_interval 1s would). Reports:

- RSS (VmRSS) of the first and last third of the samples;
- the rise of sum(tcpstate_transitions_total) against the transitions
  churn.py says it caused (equal on a quiet host; other traffic adds to it);
- two host-wide identities that hold whatever else runs: the rise of
  transitions{from="close",to="syn_sent"} against TcpActiveOpens and of
  {from="listen",to="syn_recv"} against TcpPassiveOpens, both read from the
  same scrapes;
- tcpstate_exporter_events_lost_total.

Run as root (the tracepoint), after `make release`:

    sudo benchmarks/exporter_soak.py --duration 600 --rate 2000
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CHURN = os.path.join(ROOT, "..", "shared", "bench", "churn.py")
SAMPLE = re.compile(r'^(tcpstate_[a-z_]+)(\{[^}]*\})? (\S+)$')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as reply:
        text = reply.read().decode()
    values = {}
    for line in text.splitlines():
        match = SAMPLE.match(line)
        if match:
            values[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return values


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def figures(values):
    transitions = sum(v for k, v in values.items() if k.startswith("tcpstate_transitions_total{"))
    return {
        "transitions": transitions,
        "to_syn_sent": values.get('tcpstate_transitions_total{from="close",to="syn_sent"}', 0),
        "to_syn_recv": values.get('tcpstate_transitions_total{from="listen",to="syn_recv"}', 0),
        "active_opens": values.get("tcpstate_active_opens_total", 0),
        "passive_opens": values.get("tcpstate_passive_opens_total", 0),
        "lost": values.get("tcpstate_exporter_events_lost_total", 0),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--duration", type=float, default=600)
    ap.add_argument("--rate", type=float, default=2000)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--churn-port", type=int, default=18097)
    args = ap.parse_args()
    port = free_port()
    exporter = subprocess.Popen([args.binary, "exporter", "--listen", f"127.0.0.1:{port}"], stderr=subprocess.PIPE,
                                text=True)
    try:
        deadline = time.time() + 20
        while True:
            try:
                scrape(port)
                break
            except OSError:
                if time.time() > deadline or exporter.poll() is not None:
                    raise SystemExit("soak: the exporter did not start")
                time.sleep(0.2)
        time.sleep(2)  # the tracepoint armed, the first slow refresh done
        start = figures(scrape(port))
        churn = subprocess.Popen([sys.executable, CHURN, "--rate", str(args.rate), "--duration", str(args.duration),
                                  "--port", str(args.churn_port)], stdout=subprocess.PIPE, text=True)
        samples = []
        while churn.poll() is None:
            time.sleep(1)
            scrape(port)
            samples.append(rss_mb(exporter.pid))
        summary = json.loads(churn.stdout.read())
        time.sleep(3)
        end = figures(scrape(port))
    finally:
        exporter.send_signal(signal.SIGTERM)
        _, errors = exporter.communicate(timeout=10)
    third = max(1, len(samples) // 3)
    first, last = samples[:third], samples[-third:]
    delta = {k: end[k] - start[k] for k in end}
    counts = summary["expected_transitions"]
    expected = counts["total"] + counts["listener"]
    print(json.dumps(summary, sort_keys=True), file=sys.stderr)
    print(f"{len(samples)} scrapes, one a second, during {args.duration:.0f} s of churn at {args.rate:.0f}/s")
    print(f"RSS MB: first third {min(first):.1f}-{max(first):.1f}, last third {min(last):.1f}-{max(last):.1f}")
    print(f"transitions: exporter +{delta['transitions']:.0f}, churn.py expected {expected}")
    print(f"close->syn_sent +{delta['to_syn_sent']:.0f} vs TcpActiveOpens +{delta['active_opens']:.0f}; "
          f"listen->syn_recv +{delta['to_syn_recv']:.0f} vs TcpPassiveOpens +{delta['passive_opens']:.0f}")
    print(f"events lost: {delta['lost']:.0f}; exporter stderr: {errors.strip()!r}")


if __name__ == "__main__":
    main()
