# SPDX-License-Identifier: GPL-2.0
"""ICMP error translation (RFC 7915 4.2/4.3, 5.2/5.3): type/code/pointer/MTU maps,
the quoted packet translated, truncation to 1280, RFC 4884 extensions, the RFC 6791
pool, and the ICMP messages that are never translated."""
import ipaddress
import struct

from xlat import (case, main, inet_csum, pseudo6, l4_of, l4_csum_ok, ip4_hdr_csum_ok,
		  is_udp_to, same_bytes, embed, CLI6, CLI4, SRV4, SRV6, PREFIX, IP, IPv6, UDP,
		  Raw)

# Crafted errors carry this TOS / traffic class so that the ICMP errors the end
# hosts' own kernels send (for UDP to closed ports) never match.
MARK = 0x08


def payload(n, seed=0):
	return bytes((i * 5 + seed) & 0xff for i in range(n))


def icmp4(typ, code, rest, body):
	b = struct.pack("!BBHI", typ, code, 0, rest) + body
	return b[:2] + struct.pack("!H", 0xffff - inet_csum(b)) + b[4:]


def icmp6(src, dst, typ, code, rest, body):
	b = struct.pack("!BBHI", typ, code, 0, rest) + body
	s = inet_csum(pseudo6(src, dst, 58, len(b)) + b)
	return b[:2] + struct.pack("!H", 0xffff - s) + b[4:]


def err4(typ, code, rest, inner, src=SRV4, dst=CLI4):
	"""An ICMPv4 error from the server side."""
	return IP(src=src, dst=dst, ttl=64, tos=MARK, proto=1) / Raw(icmp4(typ, code, rest, inner))


def err6(typ, code, rest, inner, src=CLI6, dst=SRV6):
	"""An ICMPv6 error from the client side."""
	return IPv6(src=src, dst=dst, hlim=64, tc=MARK, nh=58) / \
		Raw(icmp6(src, dst, typ, code, rest, inner))


def client_pkt(c, size=100):
	"""The client's UDP packet as the server saw it (v4) and as the client sent it (v6)."""
	port = c.env.next_port()
	data = payload(size, port)
	p4 = IP(src=CLI4, dst=SRV4, ttl=63, flags="DF", id=0x1111) / \
		UDP(sport=30000, dport=port) / Raw(data)
	p6 = IPv6(src=CLI6, dst=SRV6, hlim=63) / UDP(sport=30000, dport=port) / Raw(data)
	return IP(bytes(p4)), IPv6(bytes(p6)), port


def server_pkt(c, size=100):
	"""The server's UDP packet as the client saw it (v6) and as the server sent it (v4)."""
	port = c.env.next_port()
	data = payload(size, port)
	p6 = IPv6(src=SRV6, dst=CLI6, hlim=63) / UDP(sport=30001, dport=port) / Raw(data)
	p4 = IP(src=SRV4, dst=CLI4, ttl=63, flags="DF") / UDP(sport=30001, dport=port) / Raw(data)
	return IPv6(bytes(p6)), IP(bytes(p4)), port


def icmp6_to(port):
	"""Matcher: a translated (marked) ICMPv6 error quoting a UDP packet to port."""
	def m(p):
		b = bytes(p)
		return p.nh == 58 and p.tc == MARK and b[40] < 128 and len(b) >= 48 + 44 and \
			struct.unpack("!H", b[48 + 42:48 + 44])[0] == port
	return m


def icmp4_to(port):
	def m(p):
		b = bytes(p)
		return p.proto == 1 and p.tos == MARK and b[20] not in (0, 8) and \
			len(b) >= 28 + 24 and struct.unpack("!H", b[28 + 22:28 + 24])[0] == port
	return m


def check_outer6(c, e, src=SRV6, dst=CLI6):
	c.eq("outer version", bytes(e)[0] >> 4, 6)
	c.eq("outer traffic class", e.tc, MARK)
	c.eq("outer flow label", e.fl, 0)
	c.eq("outer hop limit", e.hlim, 63)
	c.eq("outer next header", e.nh, 58)
	c.eq("outer source", e.src, src)
	c.eq("outer destination", e.dst, dst)
	c.eq("payload length matches the frame", e.plen, len(bytes(e)) - 40)
	c.check("ICMPv6 checksum valid", l4_csum_ok(e))


def check_outer4(c, e, src=CLI4, dst=SRV4):
	b = bytes(e)
	c.eq("outer version/IHL", b[0], 0x45)
	c.eq("outer TOS", e.tos, MARK)
	c.eq("outer TTL", e.ttl, 63)
	c.eq("outer protocol", e.proto, 1)
	if src is not None:
		c.eq("outer source", e.src, src)
	c.eq("outer destination", e.dst, dst)
	c.eq("total length matches the frame", e.len, len(b))
	c.check("outer header checksum valid", ip4_hdr_csum_ok(e))
	c.check("ICMPv4 checksum valid", l4_csum_ok(e))


def check_inner6(c, e, exp6, full=True):
	"""The quoted packet of ICMPv6 error e against the expected IPv6 packet."""
	q = bytes(e)[48:]
	x = bytes(exp6)
	qi = IPv6(q[:40])
	c.eq("inner version", q[0] >> 4, 6)
	c.eq("inner traffic class", qi.tc, exp6.tc)
	c.eq("inner flow label", qi.fl, 0)
	c.eq("inner payload length", qi.plen, exp6.plen)
	c.eq("inner next header", qi.nh, exp6.nh)
	c.eq("inner hop limit (not decremented)", qi.hlim, exp6.hlim)
	c.eq("inner source", qi.src, exp6.src)
	c.eq("inner destination", qi.dst, exp6.dst)
	c.eq("inner UDP ports/length", q[40:46].hex(), x[40:46].hex())
	if full:
		c.eq("inner UDP checksum", q[46:48].hex(), x[46:48].hex())
		c.eq("inner length", len(q), len(x))
	c.eq("inner payload", q[48:len(x)], x[48:len(q)])


def check_inner4(c, e, exp4, full=True):
	q = bytes(e)[28:]
	x = bytes(exp4)
	qi = IP(q[:20])
	c.eq("inner version/IHL", q[0], 0x45)
	c.eq("inner TOS", qi.tos, exp4.tos)
	c.eq("inner total length", qi.len, exp4.len)
	c.eq("inner protocol", qi.proto, exp4.proto)
	c.eq("inner TTL (not decremented)", qi.ttl, exp4.ttl)
	c.eq("inner source", qi.src, exp4.src)
	c.eq("inner destination", qi.dst, exp4.dst)
	c.check("inner header checksum valid", ip4_hdr_csum_ok(qi))
	c.eq("inner UDP ports/length", q[20:26].hex(), x[20:26].hex())
	if full:
		c.eq("inner UDP checksum", q[26:28].hex(), x[26:28].hex())
		c.eq("inner length", len(q), len(x))
	c.eq("inner payload", q[28:len(x)], x[28:len(q)])


def rest6(e):
	return struct.unpack("!I", bytes(e)[44:48])[0]


def rest4(e):
	return struct.unpack("!I", bytes(e)[24:28])[0]


# ------------------------------------------------------------- 4 -> 6

@case("4->6 port unreachable for a real client packet: ICMPv6 1/4 quoting the original")
def _(c):
	env = c.env
	before = c.counters()
	port = env.next_port()
	orig = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) / UDP(sport=30002, dport=port) /
			  Raw(payload(120, port))))
	with env.udp_sink(env.srv, port):
		got = env.exchange(env.cli, orig, env.srv, is_udp_to(port, 4))
	p4 = c.one(got, "client packet at the server")
	p4 = IP(bytes(p4)[:p4.len])
	got = env.exchange(env.srv, err4(3, 3, 0, bytes(p4)), env.cli, icmp6_to(port))
	e = c.one(got, "ICMPv6 error at the client")
	check_outer6(c, e)
	c.eq("type/code", tuple(bytes(e)[40:42]), (1, 4))
	c.eq("unused word", rest6(e), 0)
	exp = orig.copy()
	exp.hlim = 63
	check_inner6(c, e, IPv6(bytes(exp)))
	c.counter_delta(before, "xlat_icmp_err_4to6", 1)


MAP_4TO6 = [
	# (type4, code4, rest4) -> (type6, code6, rest6)
	((3, 0, 0), (1, 0, 0)),
	((3, 1, 0), (1, 0, 0)),
	((3, 2, 0), (4, 1, 6)),		# protocol unreachable: pointer to next header
	((3, 3, 0), (1, 4, 0)),
	((3, 5, 0), (1, 0, 0)),
	((3, 9, 0), (1, 1, 0)),
	((3, 10, 0), (1, 1, 0)),
	((3, 13, 0), (1, 1, 0)),
	((3, 4, 1400), (2, 0, 1420)),	# MTU + 20
	((3, 4, 1000), (2, 0, 1280)),	# never below 1280
	((11, 0, 0), (3, 0, 0)),
	((11, 1, 0), (3, 1, 0)),
]


@case("4->6 ICMPv4 error type/code/MTU map (RFC 7915 4.2), quoted packet translated")
def _(c):
	env = c.env
	for (t4, k4, r4), (t6, k6, r6) in MAP_4TO6:
		what = "ICMPv4 %d/%d(%d)" % (t4, k4, r4)
		p4, p6, port = client_pkt(c)
		got = env.exchange(env.srv, err4(t4, k4, r4, bytes(p4)), env.cli, icmp6_to(port))
		if not c.check(what + " translated", got, "nothing at the client"):
			continue
		e = got[0]
		n = len(c.failures)
		c.eq(what + " -> type/code", tuple(bytes(e)[40:42]), (t6, k6))
		c.eq(what + " -> rest of header", rest6(e), r6)
		check_outer6(c, e)
		check_inner6(c, e, p6)
		for i in range(n, len(c.failures)):
			if not c.failures[i].startswith(what):
				c.failures[i] = what + ": " + c.failures[i]


@case("4->6 ICMPv4 error from an illegal source (127.0.0.1, 0.0.0.0, 169.254.1.1) "
      "translated for troubleshooting (RFC 7915 4.1)")
def _(c):
	env = c.env
	for src in ("127.0.0.1", "0.0.0.0", "169.254.1.1"):
		before = c.counters()
		p4, p6, port = client_pkt(c)
		got = env.exchange(env.srv, err4(3, 1, 0, bytes(p4), src=src), env.cli,
				   icmp6_to(port))
		if not c.check("error from %s translated" % src, got, "nothing at the client"):
			continue
		e = got[0]
		src6 = embed(PREFIX, src)
		exp = IPv6(src=src6, dst=CLI6, hlim=63, tc=MARK, nh=58) / \
			Raw(icmp6(src6, CLI6, 1, 0, 0, bytes(p6)))
		same_bytes(c, "from %s: ICMPv6 host unreachable" % src, e, exp)
		c.counter_delta(before, "xlat_icmp_err_4to6", 1)


PTR_4TO6 = {0: 0, 1: 1, 2: 4, 3: 4, 8: 7, 9: 6, 12: 8, 16: 24}


@case("4->6 parameter problem pointer map (8 TTL -> 7 hop limit, ...); pointer 4 dropped")
def _(c):
	env = c.env
	for p4ptr, p6ptr in PTR_4TO6.items():
		p4, p6, port = client_pkt(c)
		got = env.exchange(env.srv, err4(12, 0, p4ptr << 24, bytes(p4)), env.cli,
				   icmp6_to(port))
		if not c.check("pointer %d translated" % p4ptr, got, "nothing at the client"):
			continue
		e = got[0]
		c.eq("pointer %d -> type/code" % p4ptr, tuple(bytes(e)[40:42]), (4, 0))
		c.eq("pointer %d -> pointer" % p4ptr, rest6(e), p6ptr)
		c.check("pointer %d: ICMPv6 checksum valid" % p4ptr, l4_csum_ok(e))
	# Identification has no IPv6 counterpart: RFC 7915 says drop.
	p4, p6, port = client_pkt(c)
	c.none(env.exchange(env.srv, err4(12, 0, 4 << 24, bytes(p4)), env.cli, icmp6_to(port),
			    timeout=1), "parameter problem pointer 4 (Identification)")


@case("4->6 ICMPv4 error with a 1400-byte quoted packet -> ICMPv6 error <= 1280 bytes")
def _(c):
	env = c.env
	p4, p6, port = client_pkt(c, size=1372)
	c.require("test packet is 1400 bytes", p4.len == 1400)
	got = env.exchange(env.srv, err4(3, 3, 0, bytes(p4)), env.cli, icmp6_to(port))
	e = c.one(got, "ICMPv6 error")
	n = len(bytes(e))
	c.check("ICMPv6 error fits in 1280 bytes", n <= 1280, "%d bytes" % n)
	c.check("as much of the packet as fits is quoted", n >= 1232, "%d bytes" % n)
	check_outer6(c, e)
	c.eq("type/code", tuple(bytes(e)[40:42]), (1, 4))
	check_inner6(c, e, p6, full=False)


@case("4->6 untranslatable ICMPv4 (timestamp 13, info request 15) dropped, counted")
def _(c):
	env = c.env
	before = c.counters()
	for typ in (13, 15):
		ident = env.next_port()
		pkt = IP(src=SRV4, dst=CLI4, ttl=64, proto=1) / \
			Raw(icmp4(typ, 0, ident << 16 | 1, b"\0" * 12))
		c.none(env.exchange(env.srv, pkt, env.cli, lambda p: p.nh == 58 and
				    struct.unpack("!H", bytes(p)[44:46])[0] == ident, timeout=1),
		       "ICMPv4 type %d" % typ)
	c.counter_delta(before, "drop_icmp_untranslatable", 2)


@case("4->6 ICMPv4 error quoting an ICMPv4 error dropped (drop_icmp_error_nested)")
def _(c):
	env = c.env
	before = c.counters()
	p4, p6, port = client_pkt(c)
	inner = IP(src=CLI4, dst=SRV4, ttl=63, proto=1) / Raw(icmp4(3, 3, 0, bytes(p4)[:28]))
	c.none(env.exchange(env.srv, err4(3, 1, 0, bytes(IP(bytes(inner)))), env.cli,
			    lambda p: p.nh == 58 and p.tc == MARK, timeout=1), "nested ICMP error")
	c.counter_delta(before, "drop_icmp_error_nested", 1)


# ------------------------------------------------------------- 6 -> 4

@case("6->4 ICMPv6 port unreachable for a real server packet: ICMPv4 3/3 quoting it")
def _(c):
	env = c.env
	before = c.counters()
	port = env.next_port()
	orig = IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, flags="DF") /
			UDP(sport=30003, dport=port) / Raw(payload(120, port))))
	with env.udp_sink(env.cli, port):
		got = env.exchange(env.srv, orig, env.cli, is_udp_to(port, 6))
	p6 = c.one(got, "server packet at the client")
	p6 = IPv6(bytes(p6)[:40 + p6.plen])
	got = env.exchange(env.cli, err6(1, 4, 0, bytes(p6)), env.srv, icmp4_to(port))
	e = c.one(got, "ICMPv4 error at the server")
	check_outer4(c, e)
	c.eq("type/code", tuple(bytes(e)[20:22]), (3, 3))
	c.eq("unused word", rest4(e), 0)
	exp = orig.copy()
	exp.ttl = 63
	exp.chksum = None
	check_inner4(c, e, IP(bytes(exp)))
	c.counter_delta(before, "xlat_icmp_err_6to4", 1)


MAP_6TO4 = [
	((1, 0, 0), (3, 1, 0)),
	((1, 1, 0), (3, 10, 0)),
	((1, 2, 0), (3, 1, 0)),
	((1, 3, 0), (3, 1, 0)),
	((1, 4, 0), (3, 3, 0)),
	((2, 0, 1400), (3, 4, 1380)),	# MTU - 20
	((3, 0, 0), (11, 0, 0)),
	((3, 1, 0), (11, 1, 0)),
	((4, 1, 6), (3, 2, 0)),		# unrecognized next header -> protocol unreachable
	((4, 0, 7), (12, 0, 8 << 24)),	# pointer hop limit -> TTL
	((4, 0, 6), (12, 0, 9 << 24)),
	((4, 0, 4), (12, 0, 2 << 24)),
	((4, 0, 8), (12, 0, 12 << 24)),
	((4, 0, 24), (12, 0, 16 << 24)),
]


@case("6->4 ICMPv6 error type/code/MTU/pointer map (RFC 7915 5.2), quoted packet translated")
def _(c):
	env = c.env
	for (t6, k6, r6), (t4, k4, r4) in MAP_6TO4:
		what = "ICMPv6 %d/%d(%d)" % (t6, k6, r6)
		p6, p4, port = server_pkt(c)
		got = env.exchange(env.cli, err6(t6, k6, r6, bytes(p6)), env.srv, icmp4_to(port))
		if not c.check(what + " translated", got, "nothing at the server"):
			continue
		e = got[0]
		n = len(c.failures)
		c.eq("-> type/code", tuple(bytes(e)[20:22]), (t4, k4))
		c.eq("-> rest of header", rest4(e), r4)
		check_outer4(c, e)
		check_inner4(c, e, p4)
		for i in range(n, len(c.failures)):
			if not c.failures[i].startswith(what):
				c.failures[i] = what + ": " + c.failures[i]


@case("6->4 ICMPv6 parameter problem code 2 / unmappable pointer dropped")
def _(c):
	env = c.env
	for t6, k6, r6 in ((4, 2, 40), (4, 0, 2)):
		p6, p4, port = server_pkt(c)
		c.none(env.exchange(env.cli, err6(t6, k6, r6, bytes(p6)), env.srv, icmp4_to(port),
				    timeout=1), "ICMPv6 %d/%d pointer %d" % (t6, k6, r6))


@case("6->4 ICMPv6 error from an untranslatable source gets an RFC 6791 pool source")
def _(c):
	env = c.env
	before = c.counters()
	p6, p4, port = server_pkt(c)
	got = env.exchange(env.cli, err6(1, 4, 0, bytes(p6), src="2001:db8:6::99"), env.srv,
			   icmp4_to(port))
	e = c.one(got, "ICMPv4 error")
	c.check("source in 203.0.113.0/24",
		ipaddress.IPv4Address(e.src) in ipaddress.IPv4Network("203.0.113.0/24"), e.src)
	check_outer4(c, e, src=None)
	c.eq("type/code", tuple(bytes(e)[20:22]), (3, 3))
	check_inner4(c, e, p4)
	c.counter_delta(before, "pool6791_used", 1)


@case("6->4 RFC 6791 pool empty: the gateway's own IPv4 address on the egress link "
      "(pool6791-fallback own-address, whole packet); drop with pool6791-fallback drop")
def _(c):
	env = c.env
	env.ctl("pool6791", "flush")
	try:
		before = c.counters()
		p6, p4, port = server_pkt(c)
		got = env.exchange(env.cli, err6(1, 4, 0, bytes(p6), src="2001:db8:6::99"), env.srv,
				   icmp4_to(port))
		e = c.one(got, "ICMPv4 error")
		c.check("source is the gateway's address on the server link", e.src in env.gw4,
			"%s not in %s" % (e.src, env.gw4))
		exp = IP(src=e.src, dst=SRV4, ttl=63, tos=MARK, id=0, flags=0, proto=1) / \
			Raw(icmp4(3, 3, 0, quoted4(p6, 100)))
		same_bytes(c, "ICMPv4 port unreachable", e, exp, FREE4)
		check_free4(c, e)
		c.counter_delta(before, "pool6791_own_address", 1)
		c.counter_delta(before, "pool6791_used", 0)

		env.ctl("settings", "set", "pool6791-fallback", "drop")
		before = c.counters()
		p6, p4, port = server_pkt(c)
		c.none(env.exchange(env.cli, err6(1, 4, 0, bytes(p6), src="2001:db8:6::99"),
				    env.srv, icmp4_to(port), timeout=1), "error with fallback drop")
		c.counter_delta(before, "drop_no_pool6791", 1)
	finally:
		env.ctl("settings", "set", "pool6791-fallback", "own-address")
		env.ctl("pool6791", "add", "203.0.113.0/24")


@case("4->6 EAM-only SIIT: ICMPv4 error from a router with no mapping dropped, then "
      "sourced from pool6791v6 with the router's address embedded (whole packet)")
def _(c):
	env = c.env
	router = "192.0.2.77"
	env.ctl("prefix", "del", PREFIX)
	env.ctl("eam", "add", SRV6 + "/128", SRV4 + "/32")
	try:
		before = c.counters()
		p4, p6, port = client_pkt(c)
		c.none(env.exchange(env.srv, err4(11, 0, 0, bytes(p4), src=router), env.cli,
				    icmp6_to(port), timeout=1), "error from an unmapped router")
		c.counter_delta(before, "drop_no_mapping_src", 1)

		env.ctl("settings", "set", "pool6791v6", "2001:db8:ee::/96")
		before = c.counters()
		p4, p6, port = client_pkt(c)
		got = env.exchange(env.srv, err4(11, 0, 0, bytes(p4), src=router), env.cli,
				   icmp6_to(port))
		e = c.one(got, "ICMPv6 time exceeded")
		src = embed("2001:db8:ee::/96", router)
		exp = IPv6(src=src, dst=CLI6, hlim=63, tc=MARK, nh=58) / \
			Raw(icmp6(src, CLI6, 3, 0, 0, bytes(p6)))
		same_bytes(c, "ICMPv6 time exceeded", e, exp)
		c.counter_delta(before, "pool6791v6_used", 1)
		out = env.ctl("settings", "show").stdout
		c.check("settings show lists it", "pool6791v6 2001:db8:ee::/96" in out, out)
	finally:
		env.ctl("settings", "set", "pool6791v6", "none")
		env.ctl("eam", "del", SRV6 + "/128")
		env.ctl("prefix", "add", PREFIX)


@case("6->4 link-scope ICMPv6 (neighbour solicitation, MLD query) never translated: "
      "left to the IPv6 stack, not counted as drops")
def _(c):
	env = c.env
	before = c.counters()
	ns = struct.pack("!I", 0) + ipaddress.IPv6Address(SRV6).packed
	for typ, body in ((135, ns), (130, b"\0" * 16)):
		b = icmp6(CLI6, SRV6, typ, 0, 0, body)
		pkt = IPv6(src=CLI6, dst=SRV6, hlim=255, nh=58) / Raw(b)
		c.none(env.exchange(env.cli, pkt, env.srv, lambda p: p.proto == 1, timeout=1),
		       "ICMPv6 type %d" % typ)
	c.counter_delta(before, ["drop_icmp_untranslatable", "rx6", "xlat_6to4"], 0)


# ------------------------------------------------ RFC 4884 multi-part errors
#
# The original datagram field is followed by an extension structure; its length
# attribute (ICMPv4 octet 5 in 32-bit words, ICMPv6 octet 4 in 64-bit words) must
# describe the translated datagram, zero padded to a word and to >= 128 bytes, and
# the extension must come through unchanged. Expected packets are built whole.

def ext_obj(class_num, c_type, data):
	return struct.pack("!HBB", 4 + len(data), class_num, c_type) + data


def ext_struct(*objs):
	"""Version 2 extension header with its checksum, then the objects."""
	b = b"\x20\x00\x00\x00" + b"".join(objs)
	return b[:2] + struct.pack("!H", 0xffff - inet_csum(b)) + b[4:]


# MPLS label stack (RFC 4950): label 16001, bottom of stack, TTL 1.
OBJ_MPLS = ext_obj(1, 1, struct.pack("!I", 16001 << 12 | 1 << 8 | 1))
# Interface information (RFC 5837): incoming interface, ifIndex 7 and MTU 1500.
OBJ_IFINFO = ext_obj(2, 0x09, struct.pack("!II", 7, 1500))
EXT_MPLS = ext_struct(OBJ_MPLS)
EXT_IFINFO = ext_struct(OBJ_IFINFO)
EXT_BOTH = ext_struct(OBJ_MPLS, OBJ_IFINFO)


def field(b, word):
	"""An original datagram field: zero padded to the word and to 128 bytes."""
	n = max(128, -(-len(b) // word) * word)
	return b + bytes(n - len(b))


def expect6(typ, code, rest, body):
	return IPv6(src=SRV6, dst=CLI6, hlim=63, tc=MARK, nh=58) / \
		Raw(icmp6(SRV6, CLI6, typ, code, rest, body))


def expect4(typ, code, rest, body):
	return IP(src=CLI4, dst=SRV4, ttl=63, tos=MARK, id=0, flags=0, proto=1) / \
		Raw(icmp4(typ, code, rest, body))


def quoted4(p6, size):
	"""The server's packet (p6 at the client) translated back, as quoted by the gateway."""
	port = p6[UDP].dport
	data = payload(size, port)
	return bytes(IP(src=SRV4, dst=CLI4, ttl=63, id=0, flags=0) /
		     UDP(sport=30001, dport=port) / Raw(data))


# Outer ID and checksums, the quoted header's ID and checksum: free or checked apart.
FREE4 = ((4, 6), (10, 12), (22, 24), (32, 34), (38, 40))


def check_free4(c, e):
	b = bytes(e)
	c.check("outer header checksum valid", ip4_hdr_csum_ok(e))
	c.check("ICMPv4 checksum valid", l4_csum_ok(e))
	c.check("quoted header checksum valid", inet_csum(b[28:48]) == 0xffff)


EXT_4TO6 = [
	# (what, ICMPv4 type/code/rest-without-length, client payload size, extension,
	#  ICMPv6 type/code/rest-without-length, extension kept)
	("time exceeded, 128-byte datagram, MPLS", (11, 0, 0), 100, EXT_MPLS, (3, 0, 0), True),
	("port unreachable, 68-byte datagram padded to 128, interface info", (3, 3, 0), 40,
	 EXT_IFINFO, (1, 4, 0), True),
	("host unreachable, both objects", (3, 1, 0), 100, EXT_BOTH, (1, 0, 0),
	 True),
	("fragmentation needed -> packet too big (no length attribute)", (3, 4, 1400), 100,
	 EXT_MPLS, (2, 0, 1420), False),
	("parameter problem -> ICMPv6 parameter problem (no length attribute)", (12, 0, 9 << 24),
	 100, EXT_MPLS, (4, 0, 6), False),
]


@case("4->6 RFC 4884 extensions kept behind the translated datagram, length attribute "
      "in 64-bit words; dropped where ICMPv6 has no length (whole packets compared)")
def _(c):
	env = c.env
	before = c.counters()
	for what, (t4, k4, r4), size, ext, (t6, k6, r6), kept in EXT_4TO6:
		p4, p6, port = client_pkt(c, size)
		f4 = field(bytes(p4), 4)
		got = env.exchange(env.srv, err4(t4, k4, r4 | (len(f4) // 4) << 16, f4 + ext),
				   env.cli, icmp6_to(port))
		if not c.check(what + ": translated", got, "nothing at the client"):
			continue
		if kept:
			f6 = field(bytes(p6), 8)
			exp = expect6(t6, k6, r6 | (len(f6) // 8) << 24, f6 + ext)
		else:
			exp = expect6(t6, k6, r6, bytes(p6))
		same_bytes(c, what, got[0], exp)
	c.counter_delta(before, "xlat_icmp_err_4to6", len(EXT_4TO6))


@case("4->6 RFC 4884 error over 1280 bytes: the datagram is cut to a multiple of 8, "
      "the extension kept whole")
def _(c):
	env = c.env
	big = ext_struct(OBJ_MPLS, ext_obj(200, 1, payload(284)))
	p4, p6, port = client_pkt(c, 992)
	c.require("datagram is 1020 bytes (255 words)", p4.len == 1020)
	got = env.exchange(env.srv, err4(11, 0, 255 << 16, bytes(p4) + big), env.cli,
			   icmp6_to(port))
	e = c.one(got, "ICMPv6 error")
	n = (1280 - 48 - len(big)) // 8 * 8
	same_bytes(c, "ICMPv6 time exceeded", e, expect6(3, 0, (n // 8) << 24,
							 bytes(p6)[:n] + big))
	c.check("fits in 1280 bytes", len(bytes(e)) <= 1280, "%d bytes" % len(bytes(e)))


EXT_6TO4 = [
	("time exceeded, 148-byte datagram padded to 152, MPLS", (3, 0, 0), 100, EXT_MPLS,
	 (11, 0, 0)),
	("port unreachable, 88-byte datagram padded to 128, interface info", (1, 4, 0), 40,
	 EXT_IFINFO, (3, 3, 0)),
	("address unreachable, both objects", (1, 3, 0), 100, EXT_BOTH,
	 (3, 1, 0)),
]


@case("6->4 RFC 4884 extensions kept behind the translated datagram, length attribute "
      "in 32-bit words (whole packets compared)")
def _(c):
	env = c.env
	before = c.counters()
	for what, (t6, k6, r6), size, ext, (t4, k4, r4) in EXT_6TO4:
		p6, p4, port = server_pkt(c, size)
		f6 = field(bytes(p6), 8)
		got = env.exchange(env.cli, err6(t6, k6, r6 | (len(f6) // 8) << 24, f6 + ext),
				   env.srv, icmp4_to(port))
		if not c.check(what + ": translated", got, "nothing at the server"):
			continue
		f4 = field(quoted4(p6, size), 4)
		same_bytes(c, what, got[0], expect4(t4, k4, r4 | (len(f4) // 4) << 16, f4 + ext),
			   FREE4)
		check_free4(c, got[0])
	c.counter_delta(before, "xlat_icmp_err_6to4", len(EXT_6TO4))


@case("6->4 RFC 4884 error over 576 bytes: the datagram is cut to a multiple of 4, "
      "the extension kept whole")
def _(c):
	env = c.env
	big = ext_struct(ext_obj(200, 1, payload(60)))
	p6, p4, port = server_pkt(c, 1000)
	c.require("datagram is 1048 bytes (131 words)", len(bytes(p6)) == 1048)
	got = env.exchange(env.cli, err6(3, 0, 131 << 24, bytes(p6) + big), env.srv,
			   icmp4_to(port))
	e = c.one(got, "ICMPv4 error")
	n = (576 - 28 - len(big)) // 4 * 4
	same_bytes(c, "ICMPv4 time exceeded", e,
		   expect4(11, 0, (n // 4) << 16, quoted4(p6, 1000)[:n] + big), FREE4)
	check_free4(c, e)
	c.eq("ICMPv4 error length", len(bytes(e)), 576)


if __name__ == "__main__":
	main()
