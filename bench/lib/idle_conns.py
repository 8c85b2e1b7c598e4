#!/usr/bin/env python3
"""Opens COUNT keep-alive connections to HOST:PORT, sends one GET on each and reads the
response, then holds them idle for HOLD seconds (the caller kills it once it has measured). Prints
'ready <ok> failed <n>' once every connection is established, so the caller can measure the
server's memory while they are held. Bounded: gives up on stragglers after 60 s."""
import selectors
import socket
import sys
import time

host, port, count, hold = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
request = b"GET /small HTTP/1.1\r\nHost: bench.local\r\n\r\n"
sel = selectors.DefaultSelector()
pending, done, failed = {}, [], [0]
deadline = time.monotonic() + 60


def finish(s, ok):
    sel.unregister(s)
    del pending[s]
    if ok:
        done.append(s)
    else:
        failed[0] += 1
        s.close()


def step():
    for key, ev in sel.select(1):
        s = key.fileobj
        try:
            if ev & selectors.EVENT_WRITE:
                s.send(request)
                sel.modify(s, selectors.EVENT_READ)
                continue
            chunk = s.recv(65536)
            if not chunk:
                finish(s, False)
                continue
            pending[s] += chunk
            head, sep, body = pending[s].partition(b"\r\n\r\n")
            if sep and body.endswith(b"\n"):  # the small body ends with a newline
                finish(s, True)
        except OSError:
            finish(s, False)


for _ in range(count):
    s = socket.socket()
    s.setblocking(False)
    s.connect_ex((host, port))
    sel.register(s, selectors.EVENT_WRITE)
    pending[s] = b""
    while len(pending) > 500 and time.monotonic() < deadline:
        step()
while pending and time.monotonic() < deadline:
    step()
print(f"ready {len(done)} failed {failed[0] + len(pending)}", flush=True)
time.sleep(hold)
