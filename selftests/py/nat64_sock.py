#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Socket helpers for the stateful NAT64 selftests (plain sockets, no scapy).

  nat64_sock.py udp-recv ADDR PORT SECS [--once]
        print "PEER_ADDR PEER_PORT DATA" for each datagram received (flushes each line)
  nat64_sock.py udp-send [--bind ADDR:PORT] DST PORT DATA
  nat64_sock.py udp-ping [--bind ADDR:PORT] [--count N] DST PORT SECS
        send "ping" from one socket, then print what comes back to it for SECS seconds
        (or until N datagrams came)
  nat64_sock.py udp-err [--bind ADDR:PORT] DST PORT
        connected socket: send, then print "refused", "unreachable", "reply" or "timeout"
  nat64_sock.py tcp-hold ADDR PORT [--bind ADDR:PORT] [--rst] [--hold SECS] [--timeout SECS]
        connect (giving up after --timeout, default 5 s), print "connected", hold SECS,
        then close (FIN) or reset (--rst); "failed ERROR" if the connection failed
  nat64_sock.py tcp-serve ADDR PORT SECS [--close-after SECS]
        accept connections for SECS seconds, print peers, send "hi" and close after 1 s
  nat64_sock.py udp-echo ADDR PORT SECS
        send every datagram back to its sender (any size) for SECS seconds
  nat64_sock.py udp-big DST PORT SIZE [--count N]
        send N (default 1) datagrams of SIZE random bytes to an echo server and print
        "match N" (echoes identical to what was sent), "mismatch" or "timeout"
  nat64_sock.py dns-query SERVER NAME          print the A records of NAME (one query over UDP)
  nat64_sock.py dns-serve ADDR NAME IPV4 SECS  minimal DNS responder (fallback when no dnsmasq)
Addresses: IPv6 or IPv4; "[v6]" brackets allowed in --bind.
"""
import errno
import socket
import struct
import sys
import time


def family(addr):
    return socket.AF_INET6 if ":" in addr else socket.AF_INET


def split_bind(s):
    addr, _, port = s.rpartition(":")
    return addr.strip("[]"), int(port)


def pop_opt(args, name, has_value=True):
    if name in args:
        i = args.index(name)
        val = args[i + 1] if has_value else True
        del args[i:i + (2 if has_value else 1)]
        return val
    return None


def udp_sock(dst, bind):
    s = socket.socket(family(dst), socket.SOCK_DGRAM)
    if bind:
        s.bind(split_bind(bind))
    return s


def out(line):
    print(line, flush=True)


def udp_bound(addr, port):
    s = socket.socket(family(addr), socket.SOCK_DGRAM)
    s.bind((addr, port))
    return s


def datagrams(s, secs):
    """(data, peer) for each datagram arriving on s within secs seconds."""
    end = time.time() + secs
    while time.time() < end:
        s.settimeout(max(0.05, end - time.time()))
        try:
            yield s.recvfrom(65535)
        except socket.timeout:
            return


def udp_recv(args):
    once = pop_opt(args, "--once", False)
    addr, port, secs = args[0], int(args[1]), float(args[2])
    for data, peer in datagrams(udp_bound(addr, port), secs):
        out("%s %d %s" % (peer[0], peer[1], data.decode(errors="replace")))
        if once:
            break


def udp_echo(args):
    addr, port, secs = args[0], int(args[1]), float(args[2])
    s = udp_bound(addr, port)
    for data, peer in datagrams(s, secs):
        s.sendto(data, peer)


def udp_big(args):
    import os
    count = int(pop_opt(args, "--count") or 1)
    dst, port, size = args[0], int(args[1]), int(args[2])
    s = udp_sock(dst, None)
    s.settimeout(5)
    for _ in range(count):
        data = os.urandom(size)
        s.sendto(data, (dst, port))
        try:
            back = s.recv(65535)
        except socket.timeout:
            out("timeout")
            return
        if back != data:
            out("mismatch (%d bytes back)" % len(back))
            return
    out("match %d" % count)


def udp_send(args):
    bind = pop_opt(args, "--bind")
    dst, port, data = args[0], int(args[1]), args[2]
    s = udp_sock(dst, bind)
    s.sendto(data.encode(), (dst, port))


def udp_ping(args):
    bind = pop_opt(args, "--bind")
    count = int(pop_opt(args, "--count") or 0)
    dst, port, secs = args[0], int(args[1]), float(args[2])
    s = udp_sock(dst, bind)
    s.sendto(b"ping", (dst, port))
    end = time.time() + secs
    got = 0
    while time.time() < end and (not count or got < count):
        s.settimeout(max(0.05, end - time.time()))
        try:
            data, peer = s.recvfrom(2048)
        except socket.timeout:
            break
        except OSError as e:
            out("error %s" % errno.errorcode.get(e.errno, e.errno))
            continue
        got += 1
        out("%s %d %s" % (peer[0], peer[1], data.decode(errors="replace")))


def udp_err(args):
    bind = pop_opt(args, "--bind")
    dst, port = args[0], int(args[1])
    s = udp_sock(dst, bind)
    s.connect((dst, port))
    s.settimeout(3)
    try:
        s.send(b"x")
        s.recv(2048)
        out("reply")
    except ConnectionRefusedError:
        out("refused")
    except socket.timeout:
        out("timeout")
    except OSError as e:
        if e.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EACCES):
            out("unreachable %s" % errno.errorcode[e.errno])
        else:
            out("error %s" % errno.errorcode.get(e.errno, e.errno))


def tcp_hold(args):
    bind = pop_opt(args, "--bind")
    rst = pop_opt(args, "--rst", False)
    hold = float(pop_opt(args, "--hold") or 0)
    timeout = float(pop_opt(args, "--timeout") or 5)
    addr, port = args[0], int(args[1])
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    if bind:
        s.bind(split_bind(bind))
    s.settimeout(timeout)
    try:
        s.connect((addr, port))
    except OSError as e:
        out("failed %s" % e)
        sys.exit(1)
    out("connected %s" % (s.getsockname()[1],))
    time.sleep(hold)
    # Read what the peer sent: closing with unread data would send a RST, not a FIN.
    s.setblocking(False)
    try:
        while s.recv(4096):
            pass
    except OSError:
        pass
    if rst:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.close()


def tcp_serve(args):
    close_after = float(pop_opt(args, "--close-after") or 1)
    addr, port, secs = args[0], int(args[1]), float(args[2])
    s = socket.socket(family(addr), socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    end = time.time() + secs
    while time.time() < end:
        s.settimeout(max(0.05, end - time.time()))
        try:
            c, peer = s.accept()
        except socket.timeout:
            break
        out("peer %s %d" % (peer[0], peer[1]))
        c.sendall(b"hi\n")
        time.sleep(close_after)
        c.close()


def dns_query(args):
    server, name = args[0], args[1]
    qid = 0x4242
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.rstrip(".").split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack("!HH", 1, 1)
    s = socket.socket(family(server), socket.SOCK_DGRAM)
    s.settimeout(3)
    for _ in range(3):
        s.sendto(q, (server, 53))
        try:
            resp, _ = s.recvfrom(4096)
            break
        except socket.timeout:
            continue
    else:
        out("timeout")
        sys.exit(1)
    rid, flags, qd, an = struct.unpack("!HHHH", resp[:8])
    if rid != qid:
        out("bad id")
        sys.exit(1)
    pos = 12
    for _ in range(qd):
        while resp[pos]:
            pos += resp[pos] + 1
        pos += 5
    for _ in range(an):
        if resp[pos] & 0xc0 == 0xc0:
            pos += 2
        else:
            while resp[pos]:
                pos += resp[pos] + 1
            pos += 1
        rtype, _, _, rdlen = struct.unpack("!HHIH", resp[pos:pos + 10])
        pos += 10
        if rtype == 1 and rdlen == 4:
            out(socket.inet_ntoa(resp[pos:pos + 4]))
        pos += rdlen


def dns_serve(args):
    addr, name, ipv4, secs = args[0], args[1].rstrip(".").lower(), args[2], float(args[3])
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, 53))
    end = time.time() + secs
    while time.time() < end:
        s.settimeout(max(0.05, end - time.time()))
        try:
            q, peer = s.recvfrom(4096)
        except socket.timeout:
            break
        pos, labels = 12, []
        while q[pos]:
            labels.append(q[pos + 1:pos + 1 + q[pos]].decode().lower())
            pos += q[pos] + 1
        question = q[12:pos + 5]
        found = ".".join(labels) == name
        hdr = struct.pack("!HHHHHH", struct.unpack("!H", q[:2])[0],
                          0x8180 if found else 0x8183, 1, 1 if found else 0, 0, 0)
        ans = b""
        if found:
            ans = struct.pack("!HHHIH", 0xc00c, 1, 1, 60, 4) + socket.inet_aton(ipv4)
        s.sendto(hdr + question + ans, peer)


CMDS = {
    "udp-recv": udp_recv, "udp-send": udp_send, "udp-ping": udp_ping, "udp-err": udp_err,
    "udp-echo": udp_echo, "udp-big": udp_big,
    "tcp-hold": tcp_hold, "tcp-serve": tcp_serve,
    "dns-query": dns_query, "dns-serve": dns_serve,
}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in CMDS:
        sys.stderr.write(__doc__)
        sys.exit(2)
    CMDS[sys.argv[1]](sys.argv[2:])
