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
Run with /usr/bin/python3 (Debian's scapy).
"""
import errno
import ipaddress
import os
import socket
import struct
import sys

KIND = 253
EXID = 0x6464


def our_opt():
    return [(KIND, struct.pack("!H", EXID) + os.urandom(16))]


def has_ours(tcp):
    for o in tcp.options:
        if o[0] == KIND and isinstance(o[1], bytes) and o[1][:2] == struct.pack("!H", EXID):
            return True
    return False


def cmd_err6(src, dst, qsrc, qsport, qdst, qdport, typ, code):
    from scapy.all import IPv6, TCP, ICMPv6PacketTooBig, ICMPv6DestUnreach, raw, send, conf
    conf.verb = 0
    quote = IPv6(src=qsrc, dst=qdst, hlim=60) / TCP(sport=int(qsport), dport=int(qdport),
                                                    flags="A", seq=1000, ack=2000)
    quote = quote / (b"x" * 100)
    typ, code = int(typ), int(code)
    if typ == 2:
        icmp = ICMPv6PacketTooBig(mtu=code)
    else:
        icmp = ICMPv6DestUnreach(code=code)
    send(IPv6(src=src, dst=dst) / icmp / raw(quote))


def cmd_err4(src, dst, qsrc, qsport, qdst, qdport, quote):
    from scapy.all import IP, TCP, ICMP, raw, send, conf
    conf.verb = 0
    opts = our_opt() if quote == "forged" else []
    seg = raw(TCP(sport=int(qsport), dport=int(qdport), flags="S", seq=1000, options=opts))
    ip = IP(src=qsrc, dst=qdst, ttl=63, proto=6, flags="DF", len=20 + len(seg) + 100)
    body = raw(ip)[:20] + (seg[:8] if quote == "short" else seg)
    send(IP(src=src, dst=dst) / ICMP(type=3, code=1) / body)


def quoted(q):
    """The quoted packet's source, sport, destination, dport, and 1 if it carries our option."""
    from scapy.all import TCPerror
    qt = q.payload
    opt = 1 if isinstance(qt, TCPerror) and has_ours(qt) else 0
    return q.src, getattr(qt, "sport", 0), q.dst, getattr(qt, "dport", 0), opt


def cmd_parse(path):
    from scapy.all import rdpcap, IP, IPv6, ICMP, IPerror, IPerror6
    from scapy.layers.inet6 import _ICMPv6Error, ICMPv6PacketTooBig
    for p in rdpcap(path):
        if IP in p and ICMP in p and p[ICMP].type in (3, 11, 12):
            ic = p[ICMP]
            mtu = ic.nexthopmtu if ic.type == 3 and ic.code == 4 else 0
            q = ic.payload
            if isinstance(q, IPerror):
                print("v4", ic.type, ic.code, mtu, p[IP].src, p[IP].dst, *quoted(q))
        elif IPv6 in p:
            ic = p[IPv6].payload
            if not isinstance(ic, _ICMPv6Error):
                continue
            mtu = ic.mtu if isinstance(ic, ICMPv6PacketTooBig) else 0
            q = ic.payload
            if isinstance(q, IPerror6):
                print("v6", ic.type, ic.code, mtu, p[IPv6].src, p[IPv6].dst, *quoted(q))


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
    from scapy.all import IP, TCP, send, conf
    conf.verb = 0
    b = int(ipaddress.IPv4Address(base))
    pkts = [IP(src=str(ipaddress.IPv4Address(b + i)), dst=dst) /
            TCP(sport=30000, dport=int(dport), flags="S", seq=i, options=our_opt())
            for i in range(int(n))]
    send(pkts)


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
