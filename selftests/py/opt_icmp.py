#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""ICMP errors and host-role helpers for test_opt_icmp.sh and test_opt_host.sh.

  opt_icmp.py err6 SRC6 DST6 QSRC6 QSPORT QDST6 QDPORT TYPE CODE
      send an ICMPv6 error from SRC6 to DST6 quoting a TCP segment
      QSRC6:QSPORT -> QDST6:QDPORT (what a client-side router would send);
      TYPE 1: destination unreachable with CODE, TYPE 2: Packet Too Big, CODE is the MTU
  opt_icmp.py err4 SRC4 DST4 QSRC4 QSPORT QDST4 QDPORT QUOTE
      send an ICMPv4 host unreachable from SRC4 to DST4 quoting a TCP segment
      QSRC4:QSPORT -> QDST4:QDPORT whose quote is
        short    8 bytes of TCP header (what RFC 792 routers quote)
        forged   a whole TCP header with our kind/ExID and a random sealed block
        none     a whole 20-byte TCP header without options
  opt_icmp.py parse PCAP
      one line per ICMP/ICMPv6 error in PCAP:
        v4 TYPE CODE MTU SRC DST QSRC QSPORT QDST QDPORT QOPT
        v6 TYPE CODE MTU SRC DST QSRC QSPORT QDST QDPORT QOPT
      (MTU 0 when not a frag-needed / Packet Too Big; QOPT 1 when the quoted TCP
      header carries kind 253 ExID 0x6464)
  opt_icmp.py ttl DST6 DPORT MAXHOPS
      connect() to DST6:DPORT with hop limit 1..MAXHOPS (1.5 s each), print
      "hlim N ok|timeout|ERRNO" (capture the time exceeded errors separately)
  opt_icmp.py syns SRC_BASE N DST4 DPORT
      send N SYNs carrying our kind/ExID with a random block, from N different
      IPv4 sources counting up from SRC_BASE (source port 30000), to DST4:DPORT
  opt_icmp.py connect DST6 PORT TIMEOUT
      connect(); print "ok" or the errno name ("EHOSTUNREACH", "timeout", ...)
Packets are built with rawpkt.py and pcaps read with opt_tool.py's reader: no scapy,
which takes seconds to import under TCG.
"""
import errno
import ipaddress
import os
import socket
import struct
import sys
import time

import rawpkt

from opt_tool import KIND, EXID, ours, parse_opts, pcap_frames

def our_opt():
    return [(KIND, struct.pack("!H", EXID) + os.urandom(16))]


def cmd_err6(src, dst, qsrc, qsport, qdst, qdport, typ, code):
    qs, qd = rawpkt.a6(qsrc), rawpkt.a6(qdst)
    quote = rawpkt.ip6(qs, qd, 6, rawpkt.tcp(qs, qd, int(qsport), int(qdport), 0x10,
                                             seq=1000, ack=2000, payload=b"x" * 100),
                       hlim=60)
    typ, code = int(typ), int(code)
    s6, d6 = rawpkt.a6(src), rawpkt.a6(dst)
    if typ == 2:
        icmp = rawpkt.icmp6(s6, d6, 2, 0, quote, rest=code)	# CODE is the MTU
    else:
        icmp = rawpkt.icmp6(s6, d6, 1, code, quote)
    rawpkt.send(rawpkt.ip6(s6, d6, 58, icmp))


def cmd_err4(src, dst, qsrc, qsport, qdst, qdport, quote):
    opts = our_opt() if quote == "forged" else []
    qs, qd = rawpkt.a4(qsrc), rawpkt.a4(qdst)
    # The quoted segment's checksum is left 0, as a segment cut from its packet has none.
    seg = rawpkt.tcp(qs, qd, int(qsport), int(qdport), 0x02, seq=1000,
                     options=rawpkt.tcp_options(opts))
    seg = seg[:16] + b"\0\0" + seg[18:]
    hdr = rawpkt.ip4(qs, qd, 6, b"", ttl=63, df=True, length=20 + len(seg) + 100)
    body = hdr + (seg[:8] if quote == "short" else seg)
    s4, d4 = rawpkt.a4(src), rawpkt.a4(dst)
    rawpkt.send(rawpkt.ip4(s4, d4, 1, rawpkt.icmp4(3, 1, body)))


def quoted(ver, q):
    """The quoted packet's source, sport, destination, dport, and 1 if its TCP header
    (as far as quoted) carries our option."""
    if ver == 4:
        if len(q) < 20:
            return None
        ihl = (q[0] & 15) * 4
        src, dst = socket.inet_ntop(socket.AF_INET, q[12:16]), socket.inet_ntop(socket.AF_INET, q[16:20])
        proto, l4 = q[9], q[ihl:]
    else:
        if len(q) < 40:
            return None
        src, dst = socket.inet_ntop(socket.AF_INET6, q[8:24]), socket.inet_ntop(socket.AF_INET6, q[24:40])
        proto, l4 = q[6], q[40:]
    sport = dport = opt = 0
    if proto in (6, 17) and len(l4) >= 4:
        sport, dport = struct.unpack("!HH", l4[:4])
    if proto == 6 and len(l4) >= 20:
        opts = parse_opts(l4[20:(l4[12] >> 4) * 4]) or []
        opt = 1 if ours(opts) else 0
    return src, sport, dst, dport, opt


def cmd_parse(path):
    for pkt in pcap_frames(path):
        if pkt[0] >> 4 == 4 and len(pkt) >= 20 and pkt[9] == 1:
            ihl = (pkt[0] & 15) * 4
            ic = pkt[ihl:]
            if len(ic) < 8 or ic[0] not in (3, 11, 12):
                continue
            mtu = struct.unpack("!H", ic[6:8])[0] if ic[0] == 3 and ic[1] == 4 else 0
            src, dst = socket.inet_ntop(socket.AF_INET, pkt[12:16]), socket.inet_ntop(socket.AF_INET, pkt[16:20])
            q = quoted(4, ic[8:])
            if q:
                print("v4", ic[0], ic[1], mtu, src, dst, *q)
        elif pkt[0] >> 4 == 6 and len(pkt) >= 48 and pkt[6] == 58:
            ic = pkt[40:]
            if ic[0] not in (1, 2, 3, 4):	# RFC 4443 errors
                continue
            mtu = struct.unpack("!I", ic[4:8])[0] if ic[0] == 2 else 0
            src, dst = socket.inet_ntop(socket.AF_INET6, pkt[8:24]), socket.inet_ntop(socket.AF_INET6, pkt[24:40])
            q = quoted(6, ic[8:])
            if q:
                print("v6", ic[0], ic[1], mtu, src, dst, *q)


def cmd_ttl(dst, dport, maxhops):
    for h in range(1, int(maxhops) + 1):
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_UNICAST_HOPS, h)
        s.settimeout(1.5)
        try:
            s.connect((dst, int(dport)))
            r = "ok"
        except socket.timeout:
            r = "timeout"
        except OSError as e:
            r = errno.errorcode.get(e.errno, str(e.errno))
        s.close()
        print("hlim", h, r)


def cmd_syns(base, n, dst, dport):
    # Built with struct and sent from one socket: scapy's send() manages some 60
    # packets a second under TCG.
    b = int(ipaddress.IPv4Address(base))
    d = socket.inet_aton(dst)
    out = rawpkt.Sender(dst)
    for i in range(int(n)):
        src = struct.pack("!I", b + i)
        opt = rawpkt.tcp_options(our_opt())
        seg = rawpkt.tcp(src, d, 30000, int(dport), 0x02, seq=i, options=opt)
        out.send(rawpkt.ip4(src, d, 6, seg))
        if i % 64 == 63:
            time.sleep(0.005)	# let the receiver's backlog drain
    out.close()


def cmd_connect(dst, port, timeout):
    s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
    s.settimeout(float(timeout))
    try:
        s.connect((dst, int(port)))
        print("ok")
    except socket.timeout:
        print("timeout")
    except OSError as e:
        print(errno.errorcode.get(e.errno, str(e.errno)))


def main():
    a = sys.argv[1:]
    cmds = {"err6": (cmd_err6, 8), "err4": (cmd_err4, 7), "parse": (cmd_parse, 1),
            "ttl": (cmd_ttl, 3), "syns": (cmd_syns, 4), "connect": (cmd_connect, 3)}
    if not a or a[0] not in cmds or len(a) - 1 != cmds[a[0]][1]:
        sys.exit(__doc__)
    cmds[a[0]][0](*a[1:])


if __name__ == "__main__":
    main()
