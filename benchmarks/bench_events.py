#!/usr/bin/env python3
"""Runs `tcpstate watch --events all` beside bcc's tcpretrans and bpftrace's
tcpretrans.bt under real packet loss and prints one table.

Loss is made the way the tests make it (this kernel has no netem): two
network namespaces created here, joined by a veth pair with addresses in
10.214.0.0/30 that exist only inside them, and an nftables rule on the
server's input hook dropping every Nth arriving data segment to --port
(`numgen inc mod N == 0`). Clients in the other namespace write 100-byte
TCP_NODELAY segments as fast as they can, so the sender really retransmits.
The client's veth sends one segment per packet (gso_max_segs 1): the
tracepoint fires once per retransmitted packet and TcpRetransSegs counts
segments, so with bigger packets the two would differ by design.
`--sender bulk` writes 64 KiB at a time instead, which reaches far higher
retransmission rates than Python's small writes.
Each level (a loss ratio) is run once per watcher, one watcher at a time:

- captured: retransmission lines for the test's port against the rise of
  TcpRetransSegs in both namespaces over the run (a tail loss probe that
  resends data rises the counter without passing the tracepoint, so 100%
  is the ceiling only when there are none; the probes are shown too);
- CPU: the watcher's user+system time over the run's wall time (share of one core);
- RSS: its peak resident set (VmHWM).

tcpstate runs inside the client namespace (as it would on the host whose
connections retransmit: its tcp_info lookups find the sockets); the peers
attach to the kernel and see every namespace. A peer that cannot start here
(bcc needs kernel headers) is shown as failed. Run as root after `make release`:

    sudo python3 benchmarks/bench_events.py --levels 20,10,4 --duration 8
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
CLIENT, SERVER = f"bench-ev-{os.getpid()}-c", f"bench-ev-{os.getpid()}-s"
CLIENT_IP, SERVER_IP = "10.214.0.1", "10.214.0.2"

SENDER = r"""
import socket, sys, threading, time
host, port, conns, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
bulk = sys.argv[5] == "bulk"
def run():
    c = socket.create_connection((host, port), timeout=30)
    if not bulk:
        c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    end = time.time() + seconds
    payload = b'x' * (65536 if bulk else 100)
    while time.time() < end:
        if bulk:
            c.sendall(payload)
        else:
            c.send(payload)
    c.close()
ts = [threading.Thread(target=run) for _ in range(conns)]
[t.start() for t in ts]; [t.join() for t in ts]
"""

SINK = r"""
import socket, sys, threading
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2]))); s.listen(256)
def drain(c):
    buffer = bytearray(1 << 20)
    while c.recv_into(buffer): pass
while True:
    c, _ = s.accept(); threading.Thread(target=drain, args=(c,), daemon=True).start()
"""


def sh(command, check=True):
    return subprocess.run(command, shell=True, check=check, capture_output=True, text=True).stdout


def counter(namespace, table, name):
    path = "/proc/net/snmp" if table == "Tcp:" else "/proc/net/netstat"
    lines = [l.split() for l in sh(f"ip netns exec {namespace} cat {path}").splitlines() if l.startswith(table)]
    return int(lines[1][lines[0].index(name)])


def totals():
    return (sum(counter(ns, "Tcp:", "RetransSegs") for ns in (CLIENT, SERVER)),
            sum(counter(ns, "TcpExt:", "TCPLossProbes") for ns in (CLIENT, SERVER)))


def cpu_ticks(pid):
    try:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except OSError:
        return 0


def peak_rss_kib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def watchers(binary, port):
    """name -> (argv, how to tell it is ready, which output lines count)."""
    mine = lambda line: f":{port}" in line or f" {port} " in line
    return {
        "tcpstate --events all": (
            ["ip", "netns", "exec", CLIENT, binary, "watch", "--events", "all", "--port", str(port), "--json",
             "--no-summary", "--ready-file", "{ready}"],
            lambda line: '"event":"retransmit"' in line),
        "bcc tcpretrans": (["/usr/sbin/tcpretrans-bpfcc"], mine),
        "bpftrace tcpretrans.bt": (["bpftrace", "/usr/sbin/tcpretrans.bt"], mine),
        # tcpretrans.bt needs a kprobe this kernel cannot give; the same tracepoint tcpstate reads:
        "bpftrace tracepoint printf": (
            ["bpftrace", "-e", 'tracepoint:tcp:tcp_retransmit_skb { printf("R %d %d\\n", args->sport, args->dport); }'],
            lambda line: line.startswith("R ") and str(port) in line.split()),
    }


def run_one(name, argv, counts, level, port, duration, conns, mode):
    tmp = tempfile.mkdtemp(prefix="bench-ev-")
    ready = os.path.join(tmp, "ready")
    out_path = os.path.join(tmp, "out")
    uses_ready = "{ready}" in argv
    argv = [ready if a == "{ready}" else a for a in argv]
    sh(f"ip netns exec {SERVER} nft flush ruleset", check=False)
    sh(f"ip netns exec {SERVER} nft add table inet loss")
    sh(f"ip netns exec {SERVER} nft add chain inet loss input '{{ type filter hook input priority 0; }}'")
    sh(f"ip netns exec {SERVER} nft add rule inet loss input tcp dport {port} tcp flags '& (syn|fin|rst) == 0' "
       f"numgen inc mod {level} == 0 drop")
    with open(out_path, "w") as out:
        try:
            errors = open(os.path.join(tmp, "err"), "w")
            watcher = subprocess.Popen(argv, stdout=out, stderr=errors)
        except OSError:
            return None
        deadline = time.time() + 30
        if uses_ready:
            while not os.path.exists(ready) and watcher.poll() is None and time.time() < deadline:
                time.sleep(0.02)
        else:
            time.sleep(8)  # BPF tools compile and attach; they print a header when armed
        if watcher.poll() is not None:
            return None
        retrans0, probes0 = totals()
        ticks0, wall0 = cpu_ticks(watcher.pid), time.time()
        subprocess.run(["ip", "netns", "exec", CLIENT, "python3", "-c", SENDER, SERVER_IP, str(port), str(conns),
                        str(duration), mode], check=False)
        time.sleep(2)  # the last losses are recovered
        retrans1, probes1 = totals()
        ticks1, wall1 = cpu_ticks(watcher.pid), time.time()
        rss = peak_rss_kib(watcher.pid)
        watcher.send_signal(2)
        try:
            watcher.wait(timeout=15)
        except subprocess.TimeoutExpired:
            watcher.kill()
            watcher.wait()
    captured = sum(1 for line in open(out_path, errors="replace") if counts(line))
    # What the watcher said it lost (tcpstate: "the kernel dropped N tracepoint events").
    lost = sum(int(word) for line in open(os.path.join(tmp, "err"), errors="replace") if "dropped" in line
               for word in line.split() if word.isdigit())
    shutil.rmtree(tmp, ignore_errors=True)
    hz = os.sysconf("SC_CLK_TCK")
    seconds = wall1 - wall0
    return {
        "retrans": retrans1 - retrans0, "probes": probes1 - probes0, "captured": captured,
        "rate": (retrans1 - retrans0) / seconds, "lost": lost, "cpu": 100.0 * (ticks1 - ticks0) / hz / seconds, "rss": rss,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--levels", default="20,10,4", help="drop every Nth data segment, per level")
    ap.add_argument("--duration", type=float, default=8)
    ap.add_argument("--connections", type=int, default=16)
    ap.add_argument("--port", type=int, default=18300)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build/release/tcpstate"))
    ap.add_argument("--sender", choices=["small", "bulk"], default="small",
                    help="small: 100-byte TCP_NODELAY writes; bulk: 64 KiB writes, full-sized segments (higher rates)")
    ap.add_argument("--only", default="", help="comma-separated watcher names to run")
    args = ap.parse_args()
    if os.geteuid() != 0:
        sys.exit("bench_events.py needs root (namespaces, nftables, tracepoints)")
    binary = os.path.abspath(args.binary)
    sh(f"ip netns add {CLIENT} && ip netns add {SERVER}")
    try:
        sh(f"ip link add bev{os.getpid() % 10000}c netns {CLIENT} type veth peer name bev{os.getpid() % 10000}s "
           f"netns {SERVER}")
        sh(f"ip -n {CLIENT} addr add {CLIENT_IP}/30 dev bev{os.getpid() % 10000}c && "
           f"ip -n {SERVER} addr add {SERVER_IP}/30 dev bev{os.getpid() % 10000}s && "
           f"ip -n {CLIENT} link set bev{os.getpid() % 10000}c gso_max_segs 1 && "
           f"ip -n {CLIENT} link set bev{os.getpid() % 10000}c up && ip -n {SERVER} link set bev{os.getpid() % 10000}s up")
        sink = subprocess.Popen(["ip", "netns", "exec", SERVER, "python3", "-c", SINK, SERVER_IP, str(args.port)])
        time.sleep(0.5)
        rows = []
        for level in [int(x) for x in args.levels.split(",")]:
            for name, (argv, counts) in watchers(binary, args.port).items():
                if args.only and name not in args.only.split(","):
                    continue
                result = run_one(name, argv, counts, level, args.port, args.duration, args.connections, args.sender)
                rows.append((level, name, result))
                print(f"# 1/{level} loss, {name}: {result}", file=sys.stderr)
        sink.kill()
        print(f"| loss | watcher | retrans/s (counter) | captured | loss probes | lost reported | CPU (% of a core) | peak RSS |")
        print(f"|---|---|---:|---|---:|---:|---:|---:|")
        for level, name, r in rows:
            if r is None:
                print(f"| 1/{level} | {name} | - | failed to start here | - | - | - | - |")
                continue
            share = 100.0 * r["captured"] / r["retrans"] if r["retrans"] else 0
            print(f"| 1/{level} | {name} | {r['rate']:,.0f} | {r['captured']:,} of {r['retrans']:,} ({share:.1f}%) "
                  f"| {r['probes']:,} | {r['lost']:,} | {r['cpu']:.1f} | {r['rss'] / 1024:.1f} MiB |")
    finally:
        sh(f"ip netns del {CLIENT}; ip netns del {SERVER}", check=False)


if __name__ == "__main__":
    main()
