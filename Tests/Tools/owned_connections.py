#!/usr/bin/env python3
"""Loopback connections made on cue by a process of the test's own, for the
--pid/--command/--uid/--cgroup/--where tests of watch, top and kill.

usage: owned_connections.py CONNECTIONS BYTES
  1. prints {"pid": P} and waits for a line (the test may move it into a cgroup);
  2. listens on 127.0.0.1, prints {"port": PORT} and waits for a line;
  3. opens CONNECTIONS connections to itself, the client sends BYTES bytes on
     each, the server reads them, both close; prints {"done": [client ports]};
  4. waits for stdin to close, then closes the listener and exits."""
import json
import socket
import sys

connections = int(sys.argv[1])
size = int(sys.argv[2])


def say(value):
    sys.stdout.write(json.dumps(value) + "\n")
    sys.stdout.flush()


say({"pid": __import__("os").getpid()})
sys.stdin.readline()
listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
listener.bind(("127.0.0.1", 0))
listener.listen(64)
say({"port": listener.getsockname()[1]})
sys.stdin.readline()
ports = []
for _ in range(connections):
    client = socket.create_connection(("127.0.0.1", listener.getsockname()[1]))
    server, _ = listener.accept()
    ports.append(client.getsockname()[1])
    client.sendall(b"x" * size)
    received = 0
    while received < size:
        chunk = server.recv(65536)
        if not chunk:
            break
        received += len(chunk)
    client.close()
    server.close()
say({"done": ports})
sys.stdin.read()
listener.close()
