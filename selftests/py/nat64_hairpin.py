#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hairpinned ICMP errors and SYNs, whole packets (selftests/test_nat64_filter.sh).

Stateful NAT64 (RFC 6146 3.8): client A ($NAT64_CLI6) reaches client B of the same
gateway through the pool address. Errors about such packets must come back to A as
ICMPv6, the quoted packet as A sent it:
  - B's own ICMPv6 Packet Too Big about a hairpinned datagram;
  - the gateway's Packet Too Big when B's link ($NAT64_CB6, smaller MTU) cannot take it;
  - ICMPv6 port unreachable for a hairpinned SYN to a pool port nobody maps, after the
    SYN was held for syn-hold-timeout (RFC 6146 3.5.2.2).
The shell test sets up the requested mappings (environment: NAT64_POOL4, NAT64_CLI6B,
NAT64_CB6, NAT64_PORT_B (UDP, B), NAT64_PORT_CB (UDP, CB), NAT64_PORT_NONE (unmapped),
NAT64_CB_MTU). Prints "ok DESC" / "not ok DESC" lines (xlat.py).
"""
import os
import socket
import time

from xlat import (CASES, CLI6, PREFIX, case, embed, l4_csum_ok, log, netns, run,
                  same_bytes)
from scapy_ip import IPv6, UDP, TCP, ICMPv6PacketTooBig, ICMPv6DestUnreach, Raw

POOL4 = os.environ.get("NAT64_POOL4", "198.51.100.1")
POOL4_6 = embed(PREFIX, POOL4)
CLI6B = os.environ.get("NAT64_CLI6B", "2001:db8:6::3")
CB6 = os.environ.get("NAT64_CB6", "2001:db8:7::2")
NS_CB = os.environ.get("NAT64_NS_CB", "")
PORT_B = int(os.environ.get("NAT64_PORT_B", "7103"))
PORT_CB = int(os.environ.get("NAT64_PORT_CB", "7104"))
PORT_NONE = int(os.environ.get("NAT64_PORT_NONE", "7199"))
CB_MTU = int(os.environ.get("NAT64_CB_MTU", "1400"))
HOLD = float(os.environ.get("NAT64_SYN_HOLD", "2"))


def sink(ns, addr, port):
	"""A bound UDP socket, so that the host's kernel sends no port unreachable."""
	with netns(ns):
		s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
	s.bind((addr, port))
	return s


def from_pool_to_a(p):
	return p.name == "IPv6" and p.src == POOL4_6 and p.dst == CLI6 and p.nh == 58


def quoted(orig, hlim, n, tc=None):
	"""The first n bytes of A's packet orig as the error must quote it: hop limit
	hlim (what the packet had when it was refused), flow label 0 (RFC 7915 4.1: the
	quoted packet went through IPv4, which has none), everything else as sent."""
	q = orig.copy()
	q.hlim = hlim
	if tc is not None:
		q.tc = tc
	q.fl = 0
	return bytes(q)[:n]


def expect_error(c, got, icmp, inner, hlim):
	"""got (IPv6 from the pool address to A) is exactly icmp (a scapy ICMPv6 error
	layer) quoting inner: every byte, the ICMPv6 checksum included (scapy computes
	the right one over the same bytes; it is also verified on its own)."""
	exp = IPv6(src=POOL4_6, dst=CLI6, tc=0, fl=0, hlim=hlim) / icmp / Raw(inner)
	c.check("ICMPv6 checksum valid", l4_csum_ok(got))
	if not same_bytes(c, "ICMPv6 error to A", got, exp):
		log("got: %s" % bytes(got).hex())
		log("exp: %s" % bytes(exp).hex())


@case("hairpin: B's Packet Too Big about A's datagram reaches A as ICMPv6, A's tuple quoted")
def b_packet_too_big(c):
	e = c.env
	s = sink(e.cli.ns, CLI6B, PORT_B)
	try:
		sport = e.next_port() + 20000
		a = IPv6(src=CLI6, dst=POOL4_6, tc=0x20, fl=0x12345, hlim=64) / \
			UDP(sport=sport, dport=PORT_B) / Raw(bytes(range(256)) * 4)
		a = IPv6(bytes(a))
		got = e.exchange(e.cli, a, e.cli, lambda p: p.name == "IPv6" and p.dst == CLI6B
				 and UDP in p and p[UDP].dport == PORT_B)
		q = c.one(got, "the hairpinned datagram at B")
		c.eq("B sees A from the pool address", q.src, POOL4_6)
		before = c.counters()
		# B (or a router on B's side) says the packet was too big: ICMPv6 to Y'.
		ptb = IPv6(src=CLI6B, dst=q.src, hlim=64) / ICMPv6PacketTooBig(mtu=1300) / \
			Raw(bytes(q)[:1232])
		got = e.exchange(e.cli, ptb, e.cli, from_pool_to_a)
		r = c.one(got, "Packet Too Big to A")
		# 6 -> 4 (a hop: 63), then back 4 -> 6 as the host's own (no hop). The ICMPv4
		# form quotes at most 576 - 28 bytes: 528 after the IPv4 header.
		n = 40 + 528
		expect_error(c, r, ICMPv6PacketTooBig(mtu=1300), quoted(a, q.hlim, n, q.tc), 63)
		c.counter_delta(before, "hairpin", 1, at_least=True)
		c.counter_delta(before, "xlat_icmp_err_6to4", 1)
		c.counter_delta(before, "xlat_icmp_err_4to6", 1)
	finally:
		s.close()


@case("hairpin: too big for B's link: the gateway's Packet Too Big reaches A, A's tuple quoted")
def gw_packet_too_big(c):
	e = c.env
	if not NS_CB:
		c.fail("NAT64_NS_CB not set")
		return
	s = sink(NS_CB, CB6, PORT_CB)
	try:
		sport = e.next_port() + 20000
		size = CB_MTU + 48 - 40 - 8		# 48 bytes more than B's link takes
		a = IPv6(src=CLI6, dst=POOL4_6, tc=0, fl=0x54321, hlim=64) / \
			UDP(sport=sport, dport=PORT_CB) / Raw(bytes(range(256)) * (size // 256) +
							       bytes(size % 256))
		a = IPv6(bytes(a))
		before = c.counters()
		got = e.exchange(e.cli, a, e.cli, from_pool_to_a)
		r = c.one(got, "Packet Too Big to A")
		# The refused packet had lost one hop (63); the error comes from the
		# gateway itself, in the pool address's name (hop limit 64).
		n = 40 + 528
		expect_error(c, r, ICMPv6PacketTooBig(mtu=CB_MTU), quoted(a, 63, n), 64)
		c.counter_delta(before, "icmp_sent_frag_needed", 1)
		c.counter_delta(before, "xlat_icmp_err_4to6", 1)
	finally:
		s.close()


@case("hairpin: SYN to an unmapped pool port held, then ICMPv6 port unreachable to A")
def held_syn_unreachable(c):
	e = c.env
	sport = e.next_port() + 20000
	a = IPv6(src=CLI6, dst=POOL4_6, tc=0, fl=0, hlim=64) / \
		TCP(sport=sport, dport=PORT_NONE, flags="S", seq=12345, window=64240,
		    options=[("MSS", 1440), ("SAckOK", b""), ("WScale", 7)])
	a = IPv6(bytes(a))
	before = c.counters()
	t0 = time.monotonic()
	got = e.exchange(e.cli, a, e.cli, from_pool_to_a, timeout=HOLD + 6)
	dt = time.monotonic() - t0
	r = c.one(got, "port unreachable to A")
	c.check("answered after the hold time", dt >= HOLD - 0.2, "after %.1f s" % dt)
	expect_error(c, r, ICMPv6DestUnreach(code=4), quoted(a, 63, len(bytes(a))), 64)
	c.counter_delta(before, "held_syn", 1)
	c.counter_delta(before, "held_syn_expired", 1)
	c.counter_delta(before, "icmp_sent_port_unreachable", 1)


if __name__ == "__main__":
	only = os.environ.get("NAT64_HP_CASES")
	raise SystemExit(1 if run([x for x in CASES if not only or only in x[0]]) else 0)
