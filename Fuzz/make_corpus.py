#!/usr/bin/env python3
"""Writes the seed corpora under Fuzz/corpus/<target>/ from the recorded
kernel fixtures (sock_diag dumps, a trace_pipe_raw page, the tracepoint
format, /proc copies). Rerun after a fixture changes; the output is committed."""
import os
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIRE = os.path.join(ROOT, "Tests/TCPStateWireTests/Fixtures")
PROC = os.path.join(ROOT, "Tests/TCPStateKitTests/Fixtures/proc")
OUT = os.path.join(ROOT, "Fuzz/corpus")


def read(path):
    with open(path, "rb") as f:
        return f.read()


def write(target, name, data):
    os.makedirs(os.path.join(OUT, target), exist_ok=True)
    with open(os.path.join(OUT, target, name), "wb") as f:
        f.write(data)


def messages(dump):
    """(offset, bytes) of each netlink message in a recorded dump."""
    offset = 0
    while offset + 16 <= len(dump):
        length = struct.unpack_from("<I", dump, offset)[0]
        if length < 16 or offset + length > len(dump):
            break
        yield offset, dump[offset:offset + length]
        offset += (length + 3) & ~3


def attributes(body):
    """(type, payload) of each rtattr after the 72-byte inet_diag_msg."""
    offset = 72
    while offset + 4 <= len(body):
        length, kind = struct.unpack_from("<HH", body, offset)
        if length < 4 or offset + length > len(body):
            break
        yield kind, body[offset + 4:offset + length]
        offset += (length + 3) & ~3


def main():
    for dump_name in ("dump-inet-info", "dump-inet6-info"):
        dump = read(os.path.join(WIRE, dump_name + ".bin"))
        write("inet_diag", dump_name, dump)
        for index, (_, message) in enumerate(messages(dump)):
            write("inet_diag", "%s-%d" % (dump_name, index), message)
            if len(message) < 16 + 72:
                continue
            body = message[16:]
            selector = body[1] | (0x80 if body[0] == 10 else 0)
            write("attributes", "%s-%d" % (dump_name, index), bytes([selector]) + body[72:])
            for kind, payload in attributes(body):
                if kind == 2:  # INET_DIAG_INFO: as sent, and cut to older kernels' lengths
                    for length in (len(payload), 232, 104, 0):
                        write("tcp_info", "%s-%d-%d" % (dump_name, index, length),
                              bytes([selector]) + payload[:length])
    # The control messages and damage DumpBufferProcessor handles, on the IPv4 dump.
    dump = read(os.path.join(WIRE, "dump-inet-info.bin"))
    parts = [message for _, message in messages(dump)]
    sockets, done = b"".join(parts[:-1]), parts[-1]
    text = b"bad bytecode\x00"
    attribute = struct.pack("<HH", 4 + len(text), 1) + text
    attribute += b"\x00" * (-len(attribute) % 4)
    request = struct.pack("<IHHII", 80, 20, 0x301, 0, 0)
    error = struct.pack("<IHHII", 16 + 4 + 16 + len(attribute), 2, 0x300, 0, 0)
    error += struct.pack("<i", -22) + request + attribute
    ack = struct.pack("<IHHII", 36, 2, 0x100, 0, 0) + struct.pack("<i", 0) + request
    write("inet_diag", "error-ext-ack", parts[0] + error)
    write("inet_diag", "ack", ack)
    write("inet_diag", "done-early", parts[0] + done + parts[1])
    write("inet_diag", "done-failed", done[:16] + struct.pack("<i", -105))
    intr = bytearray(sockets + done)
    intr[len(parts[0]) + 6] |= 0x10  # NLM_F_DUMP_INTR on the second message
    write("inet_diag", "dump-intr", bytes(intr))
    write("inet_diag", "trailing-garbage", sockets + b"\x01\x02\x03\x04\x05\x06\x07")
    page = read(os.path.join(WIRE, "trace-page.bin"))
    write("trace", "page", b"\x00" + page)
    # The page's first event: buffer_data_page header (u64 ts, u64 commit), then
    # ring_buffer_event header (u32 type_len:5 time_delta:27), then the record.
    header = struct.unpack_from("<I", page, 16)[0]
    type_len = header & 0x1F
    record = page[20:20 + type_len * 4] if type_len else page[24:24 + struct.unpack_from("<I", page, 20)[0] - 4]
    write("trace", "record", b"\x02" + record)
    # perf_event_header, then pid, tid, time, cpu, res, raw size, raw (PERF_SAMPLE_TID|TIME|CPU|RAW).
    perf = struct.pack("<IHH", 9, 0, 8 + 28 + len(record)) + struct.pack("<iiQII", 10, 10, 5_000_000_000, 1, 0)
    perf += struct.pack("<I", len(record)) + record
    lost = struct.pack("<IHH", 2, 0, 24) + struct.pack("<QQ", 7, 3)
    write("trace", "perf", b"\x01" + perf + lost)
    write("format", "inet_sock_set_state", read(os.path.join(WIRE, "inet_sock_set_state.format")))
    # watch --events: the trouble tracepoints' formats and recorded pages
    # (selector byte 5: a page), and one zero record per tracepoint (0-4).
    trouble = os.path.join(WIRE, "trouble")
    for name in ("tcp_retransmit_skb", "tcp_retransmit_synack", "tcp_send_reset", "tcp_receive_reset", "kfree_skb"):
        write("format", name, read(os.path.join(trouble, name + ".format")))
    for index in (0, 3, 7):
        write("trouble", "page-%d" % index, b"\x05" + read(os.path.join(trouble, "trouble-page-%d.bin" % index)))
    for kind in range(5):
        write("trouble", "record-%d" % kind, bytes([kind]) + b"\x02\x00" * 48)
    net = [read(os.path.join(PROC, "net", name)) for name in ("netstat", "snmp", "sockstat", "sockstat6")]
    write("counters", "proc-net", b"\x00".join(net + net))
    write("counters", "single", b"\x00".join(net))
    lines = []
    for directory, _, files in sorted(os.walk(os.path.join(PROC, "sys"))):
        for name in sorted(files):
            value = read(os.path.join(directory, name)).rstrip(b"\n")
            lines.append(name.encode() + b" " + value)
    write("tunables", "proc-sys", b"\n".join(lines))
    words = [b"80", b"8000-8100", b"10.0.0.0/8", b"::1/128", b"fe80::1%eth0", b"time-wait",
             b"ESTAB", b"connected", b"SYN_RCVD", b"tcp_fin_timeout", b"net.ipv4.tcp_rmem"]
    write("filter", "words", b"\xff" + b"\x00".join(words))
    write("filter", "ports", b"\x70" + b"\x00".join([b"1-65535", b"0", b"65535"]))
    # arithmetic: selector bytes (Fuzz/Targets/Arithmetic.swift, FuzzNumbers):
    # 0 zero, 1 Int64.max, 2 Int64.min, 3 Int32.max, 4 -1, 5 a small signed
    # byte follows, else eight little-endian bytes follow.
    write("arithmetic", "extremes", bytes([1, 2, 3, 4, 0] * 40))
    write("arithmetic", "kernel-defaults",
          b"".join(bytes([5, 128 + v]) for v in (6, 4, 5, 60, 15, 8, 9, 75, 7)) + bytes([9]) + struct.pack("<q", 7200))
    write("arithmetic", "wrap", bytes([4, 1] * 30 + [2, 1] * 30))
    return 0


if __name__ == "__main__":
    sys.exit(main())
