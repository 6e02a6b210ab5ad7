# SPDX-License-Identifier: GPL-2.0
"""Malformed packets reach the translator and are dropped and counted (no crash);
translation keeps working afterwards. Packets the kernel itself discards before
PREROUTING (IPv6 payload length beyond the frame, IPv4 IHL < 5, total length
beyond the frame) can only be checked for "not translated"."""
import struct

from xlat import (case, main, inet_csum, check_6to4, check_4to6, is_udp_to, pseudo6,
		  CLI6, CLI4, SRV4, SRV6, IP, IPv6, UDP, Raw)

BAD = ["drop_malformed", "drop_truncated"]


def payload(n, seed=0):
	return bytes((i * 17 + seed) & 0xff for i in range(n))


def ip6hdr(nh, plen, src=CLI6, dst=SRV6, hlim=64):
	return bytes(IPv6(src=src, dst=dst, nh=nh, plen=plen, hlim=hlim))


def ip4hdr(proto, tot_len, ihl=5, src=SRV4, dst=CLI4, opts=b"", ident=0x5151):
	h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0, tot_len, ident, 0x4000, 64, proto, 0,
			bytes(map(int, src.split("."))), bytes(map(int, dst.split(".")))) + opts
	n = min(len(h), 60)
	return h[:10] + struct.pack("!H", 0xffff - inet_csum(h[:n])) + h[12:]


class Raw6:
	"""A raw byte string that Endpoint.send() accepts as an IPv6/IPv4 packet."""

	def __init__(self, b):
		self.b = b

	def __bytes__(self):
		return self.b


def sanity(c, what):
	"""One good packet each way still translates."""
	env = c.env
	port = env.next_port()
	pkt = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) / UDP(sport=40000, dport=port) /
			 Raw(payload(40, port))))
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	if c.check(what + ": 6->4 still translated", got):
		check_6to4(c, got[0], pkt, what=what + ": 6->4")
	port = env.next_port()
	pkt = IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, flags="DF") / UDP(sport=40000, dport=port) /
		       Raw(payload(40, port))))
	got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
	if c.check(what + ": 4->6 still translated", got):
		check_4to6(c, got[0], pkt, what=what + ": 4->6")


def dropped6(c, what, b, counters=BAD, counted=True):
	env = c.env
	before = c.counters()
	got = env.exchange(env.cli, Raw6(b), env.srv, lambda p: p.src == CLI4, timeout=0.7)
	c.none(got, what)
	if counted:
		n = len(c.failures)
		c.counter_delta(before, counters, 1, at_least=True)
		for i in range(n, len(c.failures)):
			c.failures[i] = what + ": " + c.failures[i]


def dropped4(c, what, b, counters=BAD, counted=True):
	env = c.env
	before = c.counters()
	got = env.exchange(env.srv, Raw6(b), env.cli, lambda p: p.dst == CLI6 and p.src == SRV6,
			   timeout=0.7)
	c.none(got, what)
	if counted:
		n = len(c.failures)
		c.counter_delta(before, counters, 1, at_least=True)
		for i in range(n, len(c.failures)):
			c.failures[i] = what + ": " + c.failures[i]


@case("IPv6 truncated L4 headers (UDP 4 bytes, TCP 12, ICMPv6 2) dropped and counted")
def _(c):
	dropped6(c, "UDP header of 4 bytes", ip6hdr(17, 4) + b"\x9c\x40\x4e\x21")
	dropped6(c, "TCP header of 12 bytes", ip6hdr(6, 12) + bytes(12))
	dropped6(c, "ICMPv6 header of 2 bytes", ip6hdr(58, 2) + b"\x80\x00")
	sanity(c, "afterwards")


@case("IPv6 extension header running past the packet dropped and counted")
def _(c):
	# Destination options header that claims 64 bytes in a 16-byte payload (a
	# hop-by-hop one would be refused by the kernel before PREROUTING).
	do = bytes([17, 7, 1, 4, 0, 0, 0, 0]) + bytes(8)
	dropped6(c, "destination options longer than the payload", ip6hdr(60, len(do)) + do,
		 counters=BAD + ["drop_ext_header"])
	# A chain that ends in the middle: destination options announcing another one.
	dst = bytes([60, 0, 1, 4, 0, 0, 0, 0])
	dropped6(c, "chain ends inside a header", ip6hdr(60, len(dst)) + dst,
		 counters=BAD + ["drop_ext_header"])
	sanity(c, "afterwards")


@case("IPv6 payload length beyond the frame: not translated (the kernel drops it)")
def _(c):
	u = bytes(UDP(sport=40000, dport=9) / Raw(payload(100)))
	dropped6(c, "payload length 500 for 108 bytes", ip6hdr(17, 500) + u, counted=False)
	sanity(c, "afterwards")


@case("IPv4 truncated L4 headers (UDP 4 bytes, TCP 12, ICMP 2) dropped and counted")
def _(c):
	dropped4(c, "UDP header of 4 bytes", ip4hdr(17, 24) + b"\x9c\x40\x4e\x21")
	dropped4(c, "TCP header of 12 bytes", ip4hdr(6, 32) + bytes(12))
	dropped4(c, "ICMP header of 2 bytes", ip4hdr(1, 22) + b"\x08\x00")
	sanity(c, "afterwards")


@case("IPv4 bad IHL / total length: not translated (the kernel drops), module still works")
def _(c):
	u = bytes(UDP(sport=40000, dport=9) / Raw(payload(40)))
	dropped4(c, "IHL 4", ip4hdr(17, 20 + len(u), ihl=4) + u, counted=False)
	dropped4(c, "IHL 15 in a 68-byte packet", ip4hdr(17, 20 + len(u), ihl=15) + u,
		 counted=False)
	dropped4(c, "total length 400 for 68 bytes", ip4hdr(17, 400) + u, counted=False)
	sanity(c, "afterwards")


@case("IPv4 options are skipped: IHL 6 packet translated, options not carried")
def _(c):
	env = c.env
	port = env.next_port()
	u = bytes(IP(src=SRV4, dst=CLI4) / UDP(sport=40000, dport=port) / Raw(payload(60)))[20:]
	b = ip4hdr(17, 24 + len(u), ihl=6, opts=b"\x01\x01\x01\x00") + u
	got = env.exchange(env.srv, Raw6(b), env.cli, is_udp_to(port, 6))
	v6 = c.one(got, "translated packet")
	c.eq("payload length", v6.plen, len(u))
	c.eq("next header", v6.nh, 17)
	c.eq("hop limit", v6.hlim, 63)
	c.eq("UDP bytes (but checksum)", bytes(v6)[40:46] + bytes(v6)[48:40 + v6.plen],
	     u[:6] + u[8:])
	ph = pseudo6(SRV6, CLI6, 17, len(u))
	c.check("UDP checksum valid", inet_csum(ph + bytes(v6)[40:40 + v6.plen]) == 0xffff)


def lsrr_packet(c):
	port = c.env.next_port()
	u = bytes(IP(src=SRV4, dst=CLI4) / UDP(sport=40000, dport=port) / Raw(payload(60)))[20:]
	# Loose source route, pointer 4 <= length 7: one hop still to go. Plus EOL.
	opt = bytes([0x83, 7, 4, 203, 0, 113, 9, 0])
	return ip4hdr(17, 28 + len(u), ihl=7, opts=opt) + u, port


@case("IPv4 unexpired source route option: packet discarded (RFC 7915 4.1 MUST)")
def _(c):
	env = c.env
	b, port = lsrr_packet(c)
	c.none(env.exchange(env.srv, Raw6(b), env.cli, is_udp_to(port, 6), timeout=1),
	       "LSRR packet")


@case("IPv4 unexpired source route option: ICMPv4 3/5 returned (RFC 7915 4.1 SHOULD)")
def _(c):
	env = c.env
	b, port = lsrr_packet(c)
	got = env.exchange(env.srv, Raw6(b), env.srv, lambda p: p.proto == 1 and
			   bytes(p)[20:22] == bytes([3, 5]) and p.dst == SRV4, timeout=2)
	c.check("ICMPv4 source route failed at the server", got, "nothing" + c.seen())


@case("ICMP errors with a truncated quoted packet dropped and counted, both ways")
def _(c):
	inner_bad = ["drop_icmp_error_bad_inner"] + BAD
	# ICMPv4 port unreachable quoting 10 bytes of an IPv4 header.
	inner = bytes(IP(src=CLI4, dst=SRV4, ttl=63) / UDP(sport=1, dport=2))[:10]
	icmp = struct.pack("!BBHI", 3, 3, 0, 0) + inner
	icmp = icmp[:2] + struct.pack("!H", 0xffff - inet_csum(icmp)) + icmp[4:]
	dropped4(c, "ICMPv4 error quoting 10 bytes", ip4hdr(1, 20 + len(icmp)) + icmp,
		 counters=inner_bad)
	# ICMPv6 port unreachable quoting 20 bytes of an IPv6 header.
	inner = bytes(IPv6(src=SRV6, dst=CLI6, hlim=63) / UDP(sport=1, dport=2))[:20]
	icmp = struct.pack("!BBHI", 1, 4, 0, 0) + inner
	s = inet_csum(pseudo6(CLI6, SRV6, 58, len(icmp)) + icmp)
	icmp = icmp[:2] + struct.pack("!H", 0xffff - s) + icmp[4:]
	dropped6(c, "ICMPv6 error quoting 20 bytes", ip6hdr(58, len(icmp)) + icmp,
		 counters=inner_bad)
	sanity(c, "afterwards")


if __name__ == "__main__":
	main()
