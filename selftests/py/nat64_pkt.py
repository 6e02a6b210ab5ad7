#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Send crafted packets with scapy and report what comes back (stateful NAT64 selftests).

  nat64_pkt.py IFACE SECS BPF [PKT...]
      sniff on IFACE with the BPF filter, send each PKT (a scapy expression, layer 3,
      e.g. 'IP(dst="198.51.100.1")/TCP(sport=4000,dport=5000,flags="S")'), keep
      sniffing for SECS seconds, then print one line per captured packet:
        tcp SRC SPORT DST DPORT FLAGS | udp SRC SPORT DST DPORT
        icmp TYPE CODE [inner SRC SPORT DST DPORT] | icmp6 TYPE CODE [inner ...]
      An empty PKT list only sniffs.
  nat64_pkt.py [--ready FILE] [--go FILE] [--count N] IFACE SECS BPF [PKT...]
      --ready: create FILE once the capture runs (a test that starts the sniffer in
      the background waits for it before sending: importing scapy takes seconds on a
      loaded VM); --go: then wait until FILE exists before sending (a test starts
      several of these first and fires them in order, so that what it times, e.g. a
      held SYN, does not include scapy's start-up); --count: stop after N captured
      packets, SECS at most
Run with /usr/bin/python3 (Debian's scapy).
"""
import os
import sys
import time

from scapy_ip import (AsyncSniffer, ICMP, ICMPv6DestUnreach, IP, IPv6, IPerror,
                       IPerror6, TCP, TCPerror, UDP, UDPerror, conf, send)
from scapy_ip import *  # noqa: F401,F403 (names for the PKT expressions)

conf.verb = 0


def inner(p):
    for ip_l, tcp_l, udp_l in ((IPerror, TCPerror, UDPerror), (IPerror6, TCPerror, UDPerror)):
        if ip_l in p:
            ip = p[ip_l]
            l4 = p[tcp_l] if tcp_l in p else (p[udp_l] if udp_l in p else None)
            if l4 is not None:
                return " inner %s %d %s %d" % (ip.src, l4.sport, ip.dst, l4.dport)
            return " inner %s %s" % (ip.src, ip.dst)
    return ""


def describe(p):
    ip = p[IP] if IP in p else (p[IPv6] if IPv6 in p else None)
    if ip is None:
        return None
    if TCP in p and TCPerror not in p:
        t = p[TCP]
        return "tcp %s %d %s %d %s" % (ip.src, t.sport, ip.dst, t.dport, t.sprintf("%flags%"))
    if UDP in p and UDPerror not in p:
        u = p[UDP]
        return "udp %s %d %s %d" % (ip.src, u.sport, ip.dst, u.dport)
    if ICMP in p:
        return "icmp %d %d %s %s%s" % (p[ICMP].type, p[ICMP].code, ip.src, ip.dst, inner(p))
    if IPv6 in p:
        nh = p[IPv6].payload
        if hasattr(nh, "type") and hasattr(nh, "code"):
            return "icmp6 %d %d %s %s%s" % (nh.type, nh.code, ip.src, ip.dst, inner(p))
    return None


def main():
    args = sys.argv[1:]
    ready, go, count = None, None, 0
    while args[:1] in (["--ready"], ["--go"], ["--count"]) and len(args) > 1:
        if args[0] == "--ready":
            ready = args[1]
        elif args[0] == "--go":
            go = args[1]
        else:
            count = int(args[1])
        args = args[2:]
    if len(args) < 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    iface, secs, bpf = args[0], float(args[1]), args[2]
    pkts = [eval(e) for e in args[3:]]  # test-supplied scapy expressions
    sn = AsyncSniffer(iface=iface, filter=bpf or None, store=True, count=count,
                      started_callback=lambda: ready and open(ready, "w").close())
    sn.start()
    time.sleep(0.5)
    while go and not os.path.exists(go):
        time.sleep(0.05)
    for p in pkts:
        send(p)
    if count:
        sn.join(timeout=secs)
        got = (sn.stop() if sn.running else sn.results) or []
    else:
        time.sleep(secs)
        got = sn.stop() or []
    for p in got:
        d = describe(p)
        if d:
            print(d, flush=True)


if __name__ == "__main__":
    main()
