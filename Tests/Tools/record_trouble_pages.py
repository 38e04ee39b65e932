#!/usr/bin/env python3
"""Records the watch --events fixtures: the format files of the trouble
tracepoints and trace_pipe_raw pages holding them, from a namespace this
script creates (loopback inside it, nftables on its input hook).

Scenario, pinned to CPU 0: a connect to a closed port (RST sent with
NO_SOCKET, its kfree_skb, RST received); a connect whose SYNs are dropped
with TCP_SYNCNT 1 (SYN retransmissions, NETFILTER_DROP); a connection losing
every fifth data segment (data retransmissions). Needs root.

Usage: record_trouble_pages.py OUT_DIR
"""
import ctypes, os, socket, subprocess, sys, threading, time

OUT = sys.argv[1]
TRACING = "/sys/kernel/tracing"
EVENTS = ["tcp/tcp_retransmit_skb", "tcp/tcp_retransmit_synack", "tcp/tcp_send_reset",
          "tcp/tcp_receive_reset", "skb/kfree_skb"]
NS = f"fixture-rec-{os.getpid()}"
INSTANCE = f"{TRACING}/instances/fixture-rec-{os.getpid()}"
CLOSED, SILENT, LOSSY = 18712, 18713, 18714


def sh(command):
    subprocess.run(command, shell=True, check=True)


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def event_types(page):
    """common_type of every event in a trace_pipe_raw page (kernel/trace/ring_buffer.c)."""
    commit = int.from_bytes(page[8:16], "little") & 0x0FFFFFFF
    offset, end, types = 16, 16 + commit, []
    while offset + 4 <= end:
        header = int.from_bytes(page[offset:offset + 4], "little")
        type_len = header & 0x1F
        if type_len == 29:  # padding
            size = int.from_bytes(page[offset + 4:offset + 8], "little")
            if size == 0:
                break
            offset += 4 + size
        elif type_len in (30, 31):
            offset += 8
        elif type_len == 0:
            size = int.from_bytes(page[offset + 4:offset + 8], "little")
            types.append(int.from_bytes(page[offset + 8:offset + 10], "little"))
            offset += 4 + size
        else:
            types.append(int.from_bytes(page[offset + 4:offset + 6], "little"))
            offset += 4 + type_len * 4
    return types


def scenario():
    # Runs inside the namespace (setns), on CPU 0.
    os.sched_setaffinity(0, {0})
    try:
        socket.create_connection(("127.0.0.1", CLOSED), timeout=2)
    except ConnectionRefusedError:
        pass
    c = socket.socket()
    c.setsockopt(socket.IPPROTO_TCP, socket.TCP_SYNCNT, 1)
    try:
        c.connect(("127.0.0.1", SILENT))
    except (TimeoutError, OSError):
        pass
    server = socket.socket()
    server.bind(("127.0.0.1", LOSSY))
    server.listen(4)

    def drain():
        conn, _ = server.accept()
        while conn.recv(65536):
            pass

    threading.Thread(target=drain, daemon=True).start()
    client = socket.create_connection(("127.0.0.1", LOSSY))
    client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    for _ in range(40):
        client.send(b"y" * 100)
        time.sleep(0.01)
    time.sleep(1.5)
    client.close()


def main():
    os.makedirs(OUT, exist_ok=True)
    for event in EVENTS:
        with open(f"{TRACING}/events/{event}/format") as f:
            write(f"{OUT}/{event.split('/')[1]}.format", f.read())
    sh(f"ip netns add {NS} && ip -n {NS} link set lo up")
    sh(f"ip netns exec {NS} nft add table inet t")
    sh(f"ip netns exec {NS} nft add chain inet t i '{{ type filter hook input priority 0; }}'")
    sh(f"ip netns exec {NS} nft add rule inet t i tcp dport {SILENT} drop")
    sh(f"ip netns exec {NS} nft add rule inet t i tcp dport {LOSSY} tcp flags '& (syn|fin) == 0' numgen inc mod 5 == 0 drop")
    os.mkdir(INSTANCE)
    try:
        write(f"{INSTANCE}/trace_clock", "mono")
        write(f"{INSTANCE}/events/skb/kfree_skb/filter", "protocol == 2048")
        for event in EVENTS:
            write(f"{INSTANCE}/events/{event}/enable", "1")
        pid = os.fork()
        if pid == 0:
            try:
                fd = os.open(f"/var/run/netns/{NS}", os.O_RDONLY)
                if ctypes.CDLL(None, use_errno=True).setns(fd, 0x40000000) != 0:  # CLONE_NEWNET
                    raise OSError(ctypes.get_errno(), "setns")
                scenario()
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        write(f"{INSTANCE}/events/enable", "0")
        fd = os.open(f"{INSTANCE}/per_cpu/cpu0/trace_pipe_raw", os.O_RDONLY | os.O_NONBLOCK)
        # Only pages with a tcp tracepoint: the host's other drops fill the rest.
        tcp_ids = set()
        for event in EVENTS[:4]:
            with open(f"{TRACING}/events/{event}/id") as f:
                tcp_ids.add(int(f.read()))
        index = 0
        while True:
            try:
                page = os.read(fd, 4096)
            except BlockingIOError:
                break
            if not page:
                break
            if tcp_ids & set(event_types(page)):
                with open(f"{OUT}/trouble-page-{index}.bin", "wb") as out:
                    out.write(page)
                index += 1
        os.close(fd)
        print(f"{index} pages kept")
    finally:
        os.rmdir(INSTANCE)
        sh(f"ip netns del {NS}")


main()
