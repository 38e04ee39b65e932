#!/usr/bin/env python3
"""Holds loopback TCP sockets for the kill and cgroup tests, in a process of
its own (not one of the test's parents, which kill protects).

Prints one JSON line once everything is set up:
  {"pid": P, "port": LISTEN_PORT, "established": [[client_port, server_port], ...],
   "time_wait": [client_port, ...], "close_wait": [client_port, ...], "deferred_port": PORT}
The deferred listener (TCP_DEFER_ACCEPT) keeps each of its connections as a
request socket (SYN_RECV) until data arrives, which none does.
then holds the sockets until stdin closes (the test ends or dies)."""
import json
import os
import socket
import sys
import time

established_pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 2
time_wait_count = int(sys.argv[2]) if len(sys.argv) > 2 else 0
syn_recv_count = int(sys.argv[3]) if len(sys.argv) > 3 else 0
close_wait_count = int(sys.argv[4]) if len(sys.argv) > 4 else 0

# Wait to be moved into a cgroup first, when asked: sockets take the cgroup
# of the process that creates them.
if os.environ.get("HOLDER_WAIT_FOR_LINE"):
    sys.stdin.readline()

listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
port = listener.getsockname()[1]
held = []
pairs = []
for _ in range(established_pairs):
    client = socket.create_connection(("127.0.0.1", port))
    server, _ = listener.accept()
    held += [client, server]
    pairs.append([client.getsockname()[1], port])
time_wait = []
for _ in range(time_wait_count):
    client = socket.create_connection(("127.0.0.1", port))
    server, _ = listener.accept()
    time_wait.append(client.getsockname()[1])
    client.close()  # the client closes first: it ends in TIME_WAIT
    time.sleep(0.01)
    server.close()
close_wait = []
for _ in range(close_wait_count):
    client = socket.create_connection(("127.0.0.1", port))
    server, _ = listener.accept()
    held.append(server)  # never closed: CLOSE_WAIT once the client's FIN arrives
    close_wait.append(client.getsockname()[1])
    client.close()
deferred_port = 0
if syn_recv_count:
    deferred = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    deferred.setsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT, 30)
    deferred.bind(("127.0.0.1", 0))
    deferred.listen(64)
    deferred_port = deferred.getsockname()[1]
    held.append(deferred)
    for _ in range(syn_recv_count):
        held.append(socket.create_connection(("127.0.0.1", deferred_port)))
time.sleep(0.05)
print(json.dumps({"pid": os.getpid(), "port": port, "established": pairs, "time_wait": time_wait, "close_wait": close_wait,
                  "deferred_port": deferred_port}), flush=True)
sys.stdin.read()
