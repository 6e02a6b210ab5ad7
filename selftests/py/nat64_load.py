#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Many concurrent TCP connections (stateful NAT64 scale selftest).

  nat64_load.py serve ADDR PORT SECS
      accept every connection, send one byte ("+") on each and keep it open
  nat64_load.py connect DST PORT N TIMEOUT HOLD
      open N connections (at most 512 handshakes in flight), wait until each got the
      server's byte, print "connected C failed F", then hold them HOLD seconds
Both need a high `ulimit -n` (the test raises it).
"""
import errno
import selectors
import socket
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def serve(addr, port, secs):
    sel = selectors.DefaultSelector()
    ls = socket.socket(family(addr), socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, port))
    ls.listen(4096)
    ls.setblocking(False)
    sel.register(ls, selectors.EVENT_READ)
    held = []
    end = time.time() + secs
    while time.time() < end:
        for key, _ in sel.select(timeout=0.5):
            while True:
                try:
                    c, _ = key.fileobj.accept()
                except (BlockingIOError, InterruptedError):
                    break
                except OSError as e:
                    print("accept: %s" % e, flush=True)
                    break
                try:
                    c.send(b"+")
                except OSError:
                    pass
                held.append(c)


def connect(dst, port, n, timeout, hold):
    sel = selectors.DefaultSelector()
    fam = family(dst)
    pending, done, failed, started = 0, 0, 0, 0
    conns = []
    end = time.time() + timeout
    while (started < n or pending) and time.time() < end:
        while started < n and pending < 512:
            s = socket.socket(fam, socket.SOCK_STREAM)
            s.setblocking(False)
            err = s.connect_ex((dst, port))
            started += 1
            if err not in (0, errno.EINPROGRESS):
                failed += 1
                s.close()
                continue
            sel.register(s, selectors.EVENT_READ)
            pending += 1
        for key, _ in sel.select(timeout=0.5):
            s = key.fileobj
            sel.unregister(s)
            pending -= 1
            try:
                ok = s.recv(1) == b"+"
            except OSError:
                ok = False
            if ok:
                done += 1
                conns.append(s)
            else:
                failed += 1
                s.close()
    failed += pending
    print("connected %d failed %d" % (done, failed), flush=True)
    time.sleep(hold)


if __name__ == "__main__":
    a = sys.argv[1:]
    if a and a[0] == "serve" and len(a) == 4:
        serve(a[1], int(a[2]), float(a[3]))
    elif a and a[0] == "connect" and len(a) == 6:
        connect(a[1], int(a[2]), int(a[3]), float(a[4]), float(a[5]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)
