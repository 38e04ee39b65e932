#!/usr/bin/env python3
"""Attach a BPF program that returns 0 to sock:inet_sock_set_state, as a
real tracer on a production host might, and hold it until SIGTERM/SIGINT.

A BPF program on a tracepoint gates perf delivery (perf_trace_run_bpf_submit
submits a sample only when the program returns non-zero), so while this runs
perf_event_open readers of the tracepoint receive nothing; tracefs instances,
fed on the ftrace path, are not affected. The tests use it to check that
`tcpstate watch --source perf` notices the starvation and says so.

Raw bpf(2) and perf_event_open(2) through ctypes: no bcc, libbpf or clang.
Prints "attached" on stdout once the program is in place. Root only.
"""
import ctypes
import os
import platform
import signal
import struct
import sys

SYSCALLS = {"x86_64": (321, 298), "aarch64": (280, 241)}
BPF_PROG_LOAD = 5
BPF_PROG_TYPE_TRACEPOINT = 5
PERF_TYPE_TRACEPOINT = 2
PERF_FLAG_FD_CLOEXEC = 8
PERF_EVENT_IOC_ENABLE = 0x2400
PERF_EVENT_IOC_SET_BPF = 0x40042408
EVENT = "events/sock/inet_sock_set_state/id"


def tracepoint_id():
    for root in ("/sys/kernel/tracing", "/sys/kernel/debug/tracing"):
        try:
            with open(os.path.join(root, EVENT)) as f:
                return int(f.read())
        except OSError:
            pass
    # Not mounted: mount for the read only, as tcpstate does.
    root = "/sys/kernel/tracing"
    if os.system(f"mount -t tracefs nodev {root}") != 0:
        sys.exit("bpf_starve: cannot mount tracefs")
    try:
        with open(os.path.join(root, EVENT)) as f:
            return int(f.read())
    finally:
        os.system(f"umount {root}")


def main():
    bpf_nr, perf_nr = SYSCALLS.get(platform.machine(), (None, None))
    if bpf_nr is None:
        sys.exit(f"bpf_starve: unsupported machine {platform.machine()}")
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    # r0 = 0; exit
    insns = ctypes.create_string_buffer(struct.pack("<BBhi", 0xB7, 0, 0, 0) + struct.pack("<BBhi", 0x95, 0, 0, 0))
    license = ctypes.create_string_buffer(b"GPL")
    attr = struct.pack("<IIQQIIQII16s", BPF_PROG_TYPE_TRACEPOINT, 2, ctypes.addressof(insns),
                       ctypes.addressof(license), 0, 0, 0, 0, 0, b"tcpstate_starve")
    attr_buf = ctypes.create_string_buffer(attr.ljust(128, b"\0"))
    prog = libc.syscall(bpf_nr, BPF_PROG_LOAD, attr_buf, 128)
    if prog < 0:
        sys.exit(f"bpf_starve: BPF_PROG_LOAD: {os.strerror(ctypes.get_errno())}")
    # struct perf_event_attr: type, size, config, sample_period; the rest zero (enabled by ioctl).
    pattr = ctypes.create_string_buffer(struct.pack("<IIQQ", PERF_TYPE_TRACEPOINT, 128, tracepoint_id(), 1).ljust(128, b"\0"))
    event = libc.syscall(perf_nr, pattr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC)
    if event < 0:
        sys.exit(f"bpf_starve: perf_event_open: {os.strerror(ctypes.get_errno())}")
    if libc.ioctl(event, PERF_EVENT_IOC_SET_BPF, prog) != 0 or libc.ioctl(event, PERF_EVENT_IOC_ENABLE, 0) != 0:
        sys.exit(f"bpf_starve: attaching: {os.strerror(ctypes.get_errno())}")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    print("attached", flush=True)
    while True:
        signal.pause()


if __name__ == "__main__":
    main()
