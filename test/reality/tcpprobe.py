"""TCP probe for the reality tests (test/reality/sysctl-keepalive.test.ts).

    python3 tcpprobe.py server ADDR PORT
    python3 tcpprobe.py client idle|send|connect ADDR PORT

The client sets SO_KEEPALIVE and nothing else: TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
TCP_SYNCNT and TCP_USER_TIMEOUT stay unset, so the network namespace's sysctls decide.
(Node's socket.setKeepAlive cannot be used: libuv sets TCP_KEEPIDLE/TCP_KEEPINTVL/TCP_KEEPCNT
on the socket.)

Protocol: one JSON object per line on stdout.
  server: {"event": "listening"}
  client idle:    connects, sends b"x", reads b"y", prints ready, then blocks in recv() until
                  the kernel gives up; "elapsed" counts from the moment the b"y" was read.
  client send:    like idle, but waits for a line on stdin (the link is cut by then), sends
                  b"z" and blocks in recv(); "elapsed" counts from the send.
  client connect: connect() and nothing else; "elapsed" counts from the connect() call.
The result line is {"event": "result", "error": "ETIMEDOUT", "elapsed": 11.25, ...}; a line
read on stdin in idle mode is timestamped ("notifiedAfter") so the test can check that the
link was cut before the first probe was due.
"""

import errno
import json
import socket
import sys
import threading
import time


def say(**obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def sockopts(s):
    tcp = socket.IPPROTO_TCP
    out = {}
    for name in ("TCP_KEEPIDLE", "TCP_KEEPINTVL", "TCP_KEEPCNT", "TCP_SYNCNT", "TCP_USER_TIMEOUT"):
        opt = getattr(socket, name, None)
        if opt is None:
            continue
        try:
            out[name] = s.getsockopt(tcp, opt)
        except OSError as e:
            out[name] = "error: %s" % errno.errorcode.get(e.errno, e.errno)
    out["SO_KEEPALIVE"] = s.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE)
    return out


def error_name(e):
    return errno.errorcode.get(e.errno, str(e.errno)) if e.errno is not None else type(e).__name__


def server(addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(16)
    say(event="listening")
    kept = []
    while True:
        c, _ = s.accept()
        if c.recv(1):
            c.sendall(b"y")
        kept.append(c)  # never closed: the peer must look alive until the link is cut


def client(mode, addr, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    if mode == "connect":
        start = time.monotonic()
        try:
            s.connect((addr, port))
            error = "connected"
        except OSError as e:
            error = error_name(e)
        say(event="result", error=error, elapsed=time.monotonic() - start, sockopts=sockopts(s))
        return

    s.connect((addr, port))
    s.sendall(b"x")
    if s.recv(1) != b"y":
        say(event="result", error="protocol", elapsed=0)
        return
    start = time.monotonic()
    say(event="ready", sockopts=sockopts(s))

    notified = {}
    if mode == "idle":
        def watch():
            if sys.stdin.readline():
                notified["at"] = time.monotonic() - start
        threading.Thread(target=watch, daemon=True).start()
    else:
        sys.stdin.readline()
        notified["at"] = time.monotonic() - start
        s.sendall(b"z")
        start = time.monotonic()

    try:
        data = s.recv(1)
        error = "eof" if data == b"" else "data"
    except OSError as e:
        error = error_name(e)
    say(event="result", error=error, elapsed=time.monotonic() - start, notifiedAfter=notified.get("at"))


def main(argv):
    if len(argv) == 4 and argv[1] == "server":
        server(argv[2], int(argv[3]))
    elif len(argv) == 5 and argv[1] == "client" and argv[2] in ("idle", "send", "connect"):
        client(argv[2], argv[3], int(argv[4]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
