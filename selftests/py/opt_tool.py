#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Helpers for the TCP-option-mode selftests (selftests/test_opt_*.sh).

  opt_tool.py check PCAP SRCNET
      TCP segments in PCAP whose source is in SRCNET (e.g. 10.64.0.0/16): print
        total N ours N missing N multi N badlen N syn N syn_ts N
        first SRC SPORT DST DPORT OPTHEX      (the first segment's option, 40 hex)
  opt_tool.py syn-opts PCAP SPORT|SRC4
      the option kinds of the SYN with source port SPORT (or from SRC4), e.g. "2,4,3,253" and
      "ours N" (options with kind 253 and ExID 0x6464); "none" when no such SYN
  opt_tool.py syn IFACE SRC6 DST6 DPORT SPORT LAYOUT
      send one SYN with the option list of LAYOUT: linux, windows, macos, noroom
      (MSS, SACK-permitted, window scale and a 20-byte option: no room for ours),
      ours (Linux layout plus a copy of our option, to be neutralised)
  opt_tool.py forge SRC4 SPORT DST4 DPORT KIND [OPTHEX]
      send one ACK from SRC4:SPORT to DST4:DPORT (from the server side) carrying:
        random   our kind/ExID with a random sealed block
        replay   the 20-byte option OPTHEX (taken from another 4-tuple)
        short    our kind/ExID with length 10 (truncated)
        none     no option
  opt_tool.py serve ADDR PORT
      accept TCP connections and hold them open (until killed)
  opt_tool.py hold DST PORT N1[,N2...]
      open connections to DST:PORT until N1 are established, print "ready N1",
      wait for a line on stdin, go on to N2 ... ; after the last, wait for a line
      and exit (closing them). Prints "failed N" when connections fail.
Packets are built with rawpkt.py (no scapy: it takes seconds to import under TCG).
"""
import ipaddress
import os
import select
import socket
import struct
import sys
import time

import rawpkt

KIND = 253
EXID = 0x6464


def parse_opts(raw):
    """List of (kind, bytes) options; None when malformed."""
    out = []
    i = 0
    while i < len(raw):
        k = raw[i]
        if k == 0:
            break
        if k == 1:
            out.append((1, b""))
            i += 1
            continue
        if i + 1 >= len(raw):
            return None
        ln = raw[i + 1]
        if ln < 2 or i + ln > len(raw):
            return None
        out.append((k, raw[i:i + ln]))
        i += ln
    return out


def ours(opts):
    return [o for k, o in opts if k == KIND and len(o) >= 4 and
            struct.unpack("!H", o[2:4])[0] == EXID]


def pcap_frames(path):
    """The IPv4/IPv6 packets (bytes from the IP header on) of an Ethernet or Linux
    cooked pcap. Plain struct parsing: importing scapy takes seconds under TCG."""
    try:
        data = open(path, "rb").read()
    except OSError:
        return
    if len(data) < 24:
        return
    magic = data[:4]
    end = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    linktype = struct.unpack(end + "I", data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if linktype == 1:
            etype, pkt = pkt[12:14], pkt[14:]
        elif linktype == 113:	# Linux cooked (tcpdump -i any)
            etype, pkt = pkt[14:16], pkt[16:]
        else:
            continue
        if etype in (b"\x08\x00", b"\x86\xdd") and pkt:
            yield pkt


def read_pcap(path):
    """(src, sport, dst, dport, flags, raw_options) of each IPv4 TCP packet of a pcap."""
    for pkt in pcap_frames(path):
        if len(pkt) < 20 or pkt[0] >> 4 != 4 or pkt[9] != 6:
            continue
        ihl = (pkt[0] & 15) * 4
        tcp = pkt[ihl:]
        if len(tcp) < 20:
            continue
        hl = (tcp[12] >> 4) * 4
        yield (socket.inet_ntoa(pkt[12:16]), struct.unpack("!H", tcp[0:2])[0],
               socket.inet_ntoa(pkt[16:20]), struct.unpack("!H", tcp[2:4])[0],
               tcp[13], tcp[20:hl])


def cmd_check(path, net):
    net = ipaddress.ip_network(net)
    st = dict(total=0, ours=0, missing=0, multi=0, badlen=0, syn=0, syn_ts=0)
    first = None
    for src, sport, dst, dport, flags, raw in read_pcap(path):
        if ipaddress.ip_address(src) not in net:
            continue
        opts = parse_opts(raw)
        st["total"] += 1
        if opts is None:
            st["missing"] += 1
            continue
        o = ours(opts)
        if not o:
            st["missing"] += 1
        elif len(o) > 1:
            st["multi"] += 1
        elif len(o[0]) != 20:
            st["badlen"] += 1
        else:
            st["ours"] += 1
            if first is None:
                first = (src, sport, dst, dport, o[0].hex())
        if flags & 0x02:
            st["syn"] += 1
            if any(k == 8 for k, _ in opts):
                st["syn_ts"] += 1
    print(" ".join("%s %d" % kv for kv in st.items()))
    if first:
        print("first %s %d %s %d %s" % first)


def cmd_syn_opts(path, sport):
    for src, sp, _dst, _dp, flags, raw in read_pcap(path):
        # SPORT may be an IPv4 source address instead (stateful fallback: port mapped).
        match = src == sport if "." in sport else sp == int(sport)
        if match and flags & 0x02:
            opts = parse_opts(raw)
            if opts is None:
                print("malformed")
                return
            print(",".join(str(k) for k, _ in opts))
            print("ours %d" % len(ours(opts)))
            print("src %s" % src)
            return
    print("none")


LAYOUTS = {
    # Linux: MSS, SACK-permitted, timestamps, NOP, window scale (20 bytes).
    "linux": [("MSS", 1440), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None),
              ("WScale", 7)],
    # Windows: MSS, NOP, window scale, NOP, NOP, SACK-permitted (12 bytes).
    "windows": [("MSS", 1440), ("NOP", None), ("WScale", 8), ("NOP", None), ("NOP", None),
                ("SAckOK", b"")],
    # macOS: MSS, NOP, window scale, NOP, NOP, timestamps, SACK-permitted, EOL (24).
    "macos": [("MSS", 1440), ("NOP", None), ("WScale", 6), ("NOP", None), ("NOP", None),
              ("Timestamp", (12345, 0)), ("SAckOK", b""), ("EOL", None)],
    # MSS + SACK-permitted + window scale + a 20-byte MPTCP-like option: 31 bytes
    # even without timestamps, no room for ours.
    "noroom": [("MSS", 1440), ("SAckOK", b""), ("WScale", 7), (30, b"\x00" * 18)],
    # A client trying to send our option itself.
    "ours": [("MSS", 1440), ("SAckOK", b""), ("NOP", None), ("WScale", 7),
             (KIND, struct.pack("!H", EXID) + b"\xaa" * 16)],
}


def cmd_syn(iface, src, dst, dport, sport, layout):
    s6, d6 = rawpkt.a6(src), rawpkt.a6(dst)
    seg = rawpkt.tcp(s6, d6, int(sport), int(dport), 0x02, seq=1000, window=64240,
                     options=rawpkt.tcp_options(LAYOUTS[layout]))
    # Routed by the kernel: scapy's own IPv6 routing ignored routes through links that
    # have only a link-local address.
    rawpkt.send(rawpkt.ip6(s6, d6, 6, seg))


def cmd_forge(src, sport, dst, dport, kind, opthex=None):
    if kind == "random":
        opt = [(KIND, struct.pack("!H", EXID) + os.urandom(16))]
    elif kind == "replay":
        raw = bytes.fromhex(opthex)
        opt = [(raw[0], raw[2:])]
    elif kind == "short":
        opt = [(KIND, struct.pack("!H", EXID) + os.urandom(6))]
    else:
        opt = []
    s4, d4 = rawpkt.a4(src), rawpkt.a4(dst)
    seg = rawpkt.tcp(s4, d4, int(sport), int(dport), 0x18, seq=4242, ack=1,
                     options=rawpkt.tcp_options(opt), payload=b"forged")
    rawpkt.send(rawpkt.ip4(s4, d4, 6, seg))


def raise_nofile():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = max(soft, min(hard, 65536))
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))


def cmd_serve(addr, port):
    raise_nofile()
    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ls = socket.socket(fam, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((addr, int(port)))
    ls.listen(4096)
    held = []
    while True:
        try:
            c, _ = ls.accept()
        except OSError:
            time.sleep(0.05)
            continue
        held.append(c)


def cmd_hold(dst, port, targets):
    raise_nofile()
    fam = socket.AF_INET6 if ":" in dst else socket.AF_INET
    targets = [int(x) for x in targets.split(",")]
    ep = select.epoll()
    pending = {}
    established = []
    failed = 0
    for goal in targets:
        deadline = time.time() + 600
        while len(established) < goal and time.time() < deadline:
            # Keep at most 256 handshakes in flight: TCG is slow, SYN queues are short.
            while len(pending) < 256 and len(established) + len(pending) < goal:
                s = socket.socket(fam, socket.SOCK_STREAM)
                s.setblocking(False)
                try:
                    s.connect((dst, int(port)))
                except BlockingIOError:
                    pass
                except OSError:
                    failed += 1
                    s.close()
                    continue
                pending[s.fileno()] = s
                ep.register(s.fileno(), select.EPOLLOUT)
            for fd, _ev in ep.poll(1.0):
                s = pending.pop(fd)
                ep.unregister(fd)
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR):
                    failed += 1
                    s.close()
                else:
                    established.append(s)
        print("ready %d failed %d" % (len(established), failed), flush=True)
        sys.stdin.readline()
    for s in established:
        s.close()


def main():
    a = sys.argv[1:]
    if not a:
        print(__doc__)
        sys.exit(1)
    cmds = {"check": cmd_check, "syn-opts": cmd_syn_opts, "syn": cmd_syn,
            "forge": cmd_forge, "serve": cmd_serve, "hold": cmd_hold}
    cmds[a[0]](*a[1:])


if __name__ == "__main__":
    main()
