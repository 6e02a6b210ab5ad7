# SPDX-License-Identifier: GPL-2.0
"""IPv6 extension headers (RFC 7915 5.1: skipped; routing header with segments left
-> parameter problem) and fragments both ways, including the fragmentation of DF=0
IPv4 packets to lowest-ipv6-mtu (RFC 7915 4.1)."""
import struct

from xlat import (case, main, check_6to4, l4_csum_ok, l4_of, ip4_hdr_csum_ok,
		  reassemble4, reassemble6, is_udp_to, same_bytes, CLI6, CLI4, SRV4, SRV6,
		  IP, IPv6, UDP, Raw, IPv6ExtHdrFragment)
from scapy_ip import (IPv6ExtHdrHopByHop, IPv6ExtHdrDestOpt, IPv6ExtHdrRouting, PadN,
		       fragment, fragment6)


def payload(n, seed=0):
	return bytes((i * 3 + seed) & 0xff for i in range(n))


def udp_bytes6(src, dst, sport, dport, data):
	"""UDP header+data with the checksum right for src/dst (no extension headers)."""
	return bytes(IPv6(src=src, dst=dst) / UDP(sport=sport, dport=dport) / Raw(data))[40:]


# ------------------------------------------------------------ extension headers

@case("6->4 hop-by-hop + destination options + routing (segments left 0) skipped")
def _(c):
	env = c.env
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(200, port))
	pkt = IPv6(src=CLI6, dst=SRV6, hlim=64) / \
		IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)]) / \
		IPv6ExtHdrDestOpt(options=[PadN(optdata=b"\0" * 4)]) / \
		IPv6ExtHdrRouting(type=0, segleft=0, addresses=[]) / \
		IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\0" * 4)]) / Raw(u)
	pkt = IPv6(bytes(pkt))
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	v4 = c.one(got, "translated packet")
	check_6to4(c, v4, pkt)
	c.eq("payload", bytes(v4)[28:v4.len], u[8:])


@case("6->4 destination options alone skipped")
def _(c):
	env = c.env
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(64, port))
	pkt = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) /
			 IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\0" * 4)]) / Raw(u)))
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	check_6to4(c, c.one(got, "translated packet"), pkt)


def rh_case(c, with_hbh):
	env = c.env
	before = c.counters()
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(64, port))
	rh = IPv6ExtHdrRouting(type=0, segleft=1, addresses=[SRV6], nh=17)
	if with_hbh:
		pkt = IPv6(src=CLI6, dst=SRV6, hlim=64) / \
			IPv6ExtHdrHopByHop(options=[PadN(optdata=b"\0" * 4)]) / rh / Raw(u)
		ptr = 40 + 8 + 3
	else:
		pkt = IPv6(src=CLI6, dst=SRV6, hlim=64) / rh / Raw(u)
		ptr = 40 + 3
	pkt = IPv6(bytes(pkt))
	c.require("test packet: segments left at byte %d" % ptr, bytes(pkt)[ptr] == 1)
	env.cli.drain()
	c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=1),
	       "routing header packet")
	got = env.cli.recv(lambda p: p.nh == 58 and bytes(p)[40] == 4 and
			   bytes(p)[48:48 + 40] == bytes(pkt)[:40])
	e = c.one(got, "ICMPv6 parameter problem")
	b = bytes(e)
	c.eq("type/code", tuple(b[40:42]), (4, 0))
	c.eq("pointer", struct.unpack("!I", b[44:48])[0], ptr)
	c.check("source is the gateway", e.src in env.gw6, "%s not in %s" % (e.src, env.gw6))
	c.eq("destination", e.dst, CLI6)
	c.check("ICMPv6 checksum valid", l4_csum_ok(e))
	c.counter_delta(before, "drop_routing_header", 1)
	c.counter_delta(before, "icmp_sent_param_problem", 1)


@case("6->4 routing header segments left 1 -> ICMPv6 parameter problem, pointer 43")
def _(c):
	rh_case(c, False)


@case("6->4 HBH + routing header segments left 1 -> parameter problem, pointer 51")
def _(c):
	rh_case(c, True)


# ------------------------------------------------------------ fragments

@case("6->4 IPv6 fragments -> IPv4 fragments (id low 16 bits, offsets, MF), reassemble")
def _(c):
	env = c.env
	before = c.counters()
	port = env.next_port()
	data = payload(3000, port)
	u = udp_bytes6(CLI6, SRV6, 40000, port, data)
	fid = 0x5a5a0000 | port
	whole = IPv6(src=CLI6, dst=SRV6, hlim=64, tc=0x20) / \
		IPv6ExtHdrFragment(id=fid, nh=17) / Raw(u)
	frags = [IPv6(bytes(f)) for f in fragment6(whole, 1280)]
	c.require("test: several fragments", len(frags) >= 3)
	env.srv.drain()
	env.cli.send(frags)
	got = env.srv.recv(lambda p: p.proto == 17 and p.src == CLI4 and p.id == fid & 0xffff,
			   count=len(frags))
	c.eq("number of IPv4 fragments", len(got), len(frags))
	c.require("fragments arrived", got)
	bynoff = {f[IPv6ExtHdrFragment].offset: f for f in frags}
	for g in got:
		f = bynoff.get(g.frag)
		if not c.check("IPv4 fragment offset %d matches an IPv6 one" % g.frag, f):
			continue
		fh = f[IPv6ExtHdrFragment]
		w = "fragment at %d" % (g.frag * 8)
		c.eq(w + " MF", bool(int(g.flags) & 1), bool(fh.m))
		c.eq(w + " DF", bool(int(g.flags) & 2), False)
		c.eq(w + " length", g.len, 20 + f.plen - 8)
		c.eq(w + " TTL", g.ttl, 63)
		c.eq(w + " TOS", g.tos, 0x20)
		c.eq(w + " destination", g.dst, SRV4)
		c.check(w + " header checksum", ip4_hdr_csum_ok(g))
		skip = 8 if g.frag == 0 else 0
		c.eq(w + " data (but UDP checksum)", bytes(g)[20 + skip:g.len],
		     bytes(f)[48 + skip:40 + f.plen])
	try:
		r = reassemble4(got)
	except ValueError as e:
		c.fail("reassembly: %s" % e)
		return
	c.check("reassembled UDP checksum valid", l4_csum_ok(r))
	c.eq("reassembled payload", bytes(r)[28:r.len], data)
	c.counter_delta(before, "xlat_frag_6to4", len(frags), at_least=True)


def frag_ext_case(c, ext, nh):
	"""A UDP datagram fragmented with extension header(s) ext after the Fragment
	header: they are part of the fragmentable part (RFC 8200 4.5), so the first
	fragment cannot lose them; it is refused with a parameter problem."""
	env = c.env
	before = c.counters()
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(1600, port))
	frag_part = bytes(ext) + u
	fid = 0x6b6b0000 | port
	first_len = 1024
	f1 = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) /
			IPv6ExtHdrFragment(id=fid, nh=nh, offset=0, m=1) / Raw(frag_part[:first_len])))
	env.cli.drain()
	env.srv.drain()
	env.cli.send([f1])
	got = env.cli.recv(lambda p: p.nh == 58 and bytes(p)[40] == 4 and
			   bytes(p)[48:88] == bytes(f1)[:40])
	e = c.one(got, "ICMPv6 parameter problem")
	c.check("source is the gateway", e.src in env.gw6, "%s not in %s" % (e.src, env.gw6))
	icmp = struct.pack("!BBHI", 4, 0, 0, 40) + bytes(f1)
	exp = IPv6(src=e.src, dst=CLI6, hlim=64, fl=e.fl, nh=58) / Raw(icmp)
	same_bytes(c, "parameter problem (pointer 40: the Fragment header's next header)", e,
		   exp, free=((42, 44),))
	c.check("ICMPv6 checksum valid", l4_csum_ok(e))
	c.none(env.srv.recv(lambda p: p.proto == 17 and p.src == CLI4, timeout=1),
	       "first fragment (as IPv4)")
	c.counter_delta(before, "drop_frag_ext_header", 1)
	c.counter_delta(before, "icmp_sent_param_problem", 1)


@case("6->4 first fragment with destination options after the Fragment header: dropped, "
      "counted, ICMPv6 parameter problem (whole packet)")
def _(c):
	frag_ext_case(c, IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\0" * 4)]), 60)


@case("6->4 first fragment with a routing header (segments left 0) and destination "
      "options after the Fragment header: dropped, parameter problem")
def _(c):
	ext = IPv6ExtHdrRouting(type=0, segleft=0, addresses=[], nh=60) / \
		IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\0" * 4)])
	frag_ext_case(c, ext, 43)


@case("6->4 atomic fragment with destination options: translated whole, headers skipped")
def _(c):
	env = c.env
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(64, port))
	pkt = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) /
			 IPv6ExtHdrFragment(id=0x1234, nh=60, offset=0, m=0) /
			 IPv6ExtHdrDestOpt(nh=17, options=[PadN(optdata=b"\0" * 4)]) / Raw(u)))
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	v4 = c.one(got, "translated packet")
	exp = IP(src=CLI4, dst=SRV4, ttl=63, id=0x1234, flags=0, proto=17) / Raw(u)
	same_bytes(c, "IPv4 packet", v4, exp, free=((10, 12), (26, 28)))
	c.check("header checksum valid", ip4_hdr_csum_ok(v4))
	c.check("UDP checksum valid", l4_csum_ok(v4))


@case("4->6 IPv4 fragments -> IPv6 fragment headers (id, offsets, M), reassemble")
def _(c):
	env = c.env
	before = c.counters()
	port = env.next_port()
	data = payload(3000, port)
	ident = 0x8000 | (port & 0x7fff)
	whole = IP(src=SRV4, dst=CLI4, ttl=64, tos=0x20, id=ident) / \
		UDP(sport=40000, dport=port) / Raw(data)
	frags = [IP(bytes(f)) for f in fragment(whole, 1000)]
	c.require("test: several fragments", len(frags) >= 3)
	env.cli.drain()
	env.srv.send(frags)
	got = env.cli.recv(lambda p: IPv6ExtHdrFragment in p and
			   p[IPv6ExtHdrFragment].id & 0xffff == ident, count=len(frags))
	c.eq("number of IPv6 fragments", len(got), len(frags))
	c.require("fragments arrived", got)
	byoff = {f.frag: f for f in frags}
	for g in got:
		fh = g[IPv6ExtHdrFragment]
		f = byoff.get(fh.offset)
		if not c.check("IPv6 fragment offset %d matches an IPv4 one" % fh.offset, f):
			continue
		w = "fragment at %d" % (fh.offset * 8)
		c.eq(w + " id (high 16 bits zero)", fh.id, ident)
		c.eq(w + " M", bool(fh.m), bool(int(f.flags) & 1))
		c.eq(w + " next header", g.nh, 44)
		c.eq(w + " fragment header next header", fh.nh, 17)
		c.eq(w + " payload length", g.plen, 8 + f.len - 20)
		c.eq(w + " hop limit", g.hlim, 63)
		c.eq(w + " traffic class", g.tc, 0x20)
		c.eq(w + " flow label", g.fl, 0)
		c.eq(w + " source", g.src, SRV6)
		c.eq(w + " destination", g.dst, CLI6)
		skip = 8 if fh.offset == 0 else 0
		c.eq(w + " data (but UDP checksum)", bytes(g)[48 + skip:40 + g.plen],
		     bytes(f)[20 + skip:f.len])
	try:
		r = reassemble6(got)
	except ValueError as e:
		c.fail("reassembly: %s" % e)
		return
	c.check("reassembled UDP checksum valid", l4_csum_ok(r))
	c.eq("reassembled payload", bytes(r)[48:40 + r.plen], data)
	c.counter_delta(before, "xlat_frag_4to6", len(frags), at_least=True)


def df0_case(c, size, limit):
	env = c.env
	before = c.counters()
	port = env.next_port()
	data = payload(size - 28, port)
	pkt = IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, flags=0, id=0x7777) /
			UDP(sport=40000, dport=port) / Raw(data)))
	env.cli.drain()
	env.srv.send(pkt)
	want = -(-(size - 20 + 8) // ((limit - 48) & ~7))	# fragments needed at least
	got = env.cli.recv(lambda p: p.src == SRV6 and (
		IPv6ExtHdrFragment in p or (UDP in p and p[UDP].dport == port)), count=want,
		timeout=2)
	got += env.cli.recv(lambda p: p.src == SRV6 and IPv6ExtHdrFragment in p, count=10,
			    timeout=0.5)
	c.require("fragments arrived", got, "nothing at the client")
	sizes = [len(bytes(g)[:40 + g.plen]) for g in got]
	c.check("all fragments have a fragment header", all(IPv6ExtHdrFragment in g for g in got))
	c.require("every IPv6 packet <= %d bytes" % limit, max(sizes) <= limit, "sizes %s" % sizes)
	c.eq("number of fragments", len(got), want)
	ids = {g[IPv6ExtHdrFragment].id for g in got}
	c.eq("one fragment id", len(ids), 1)
	try:
		r = reassemble6(got)
	except ValueError as e:
		c.fail("reassembly: %s" % e)
		return sizes
	c.check("reassembled UDP checksum valid", l4_csum_ok(r))
	c.eq("reassembled UDP ports", (r[UDP].sport, r[UDP].dport), (40000, port))
	c.eq("reassembled payload", bytes(r)[48:40 + r.plen], data)
	c.eq("hop limit", r.hlim, 63)
	c.counter_delta(before, "fragmented_4to6", 1, at_least=True)
	return sizes


@case("4->6 DF=0 1400-byte UDP -> IPv6 fragments <= 1280 bytes (lowest-ipv6-mtu 1280)")
def _(c):
	df0_case(c, 1400, 1280)


@case("4->6 DF=0 with lowest-ipv6-mtu 1400: fragments <= 1400, larger than 1280")
def _(c):
	env = c.env
	env.ctl("settings", "set", "lowest-ipv6-mtu", "1400")
	try:
		sizes = df0_case(c, 1480, 1400)
		if sizes:
			c.check("setting used (a fragment > 1280)", max(sizes) > 1280,
				"sizes %s" % sizes)
	finally:
		env.ctl("settings", "set", "lowest-ipv6-mtu", "1280")


@case("4->6 DF=0 small packet: no fragment header (RFC 7915: no atomic fragments)")
def _(c):
	env = c.env
	port = env.next_port()
	pkt = IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, flags=0, id=0x2222) /
			UDP(sport=40000, dport=port) / Raw(payload(200, port))))
	got = env.exchange(env.srv, pkt, env.cli, lambda p: p.src == SRV6 and (
		IPv6ExtHdrFragment in p or (UDP in p and p[UDP].dport == port)))
	v6 = c.one(got, "translated packet")
	c.eq("next header", v6.nh, 17)
	c.eq("payload length", v6.plen, 208)


@case("6->4 atomic fragment (offset 0, M 0): DF=0, ID from the fragment id")
def _(c):
	env = c.env
	port = env.next_port()
	u = udp_bytes6(CLI6, SRV6, 40000, port, payload(1300, port))
	fid = 0x77660000 | port
	pkt = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) /
			 IPv6ExtHdrFragment(id=fid, nh=17, offset=0, m=0) / Raw(u)))
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	v4 = c.one(got, "translated packet")
	c.eq("DF", bool(int(v4.flags) & 2), False)
	c.eq("MF", bool(int(v4.flags) & 1), False)
	c.eq("offset", v4.frag, 0)
	c.eq("Identification", v4.id, fid & 0xffff)
	c.eq("total length", v4.len, 20 + len(u))
	c.eq("protocol", v4.proto, 17)
	c.check("UDP checksum valid", l4_csum_ok(v4))


@case("fragmented ICMP echo reassembled and translated both ways (icmp_reassembled)")
def _(c):
	env = c.env
	from scapy_ip import ICMPv6EchoRequest, ICMP
	before = c.counters()
	ident = env.next_port()
	data = payload(3000, ident)
	# 6->4: a 3000-byte ICMPv6 echo in 1280-byte fragments arrives as one IPv4
	# message (maybe fragmented by the IPv4 stack) with a valid ICMP checksum.
	icmp6 = bytes(IPv6(src=CLI6, dst=SRV6) / ICMPv6EchoRequest(id=ident, seq=1, data=data))[40:]
	whole = IPv6(src=CLI6, dst=SRV6, hlim=64) / IPv6ExtHdrFragment(id=ident, nh=58) / Raw(icmp6)
	frags = fragment6(whole, 1280)
	env.srv.drain()
	env.cli.send([IPv6(bytes(f)) for f in frags])
	got = env.srv.recv(lambda p: p.proto == 1 and p.src == CLI4 and p.dst == SRV4,
			   count=16, timeout=2)
	c.require("6->4 IPv4 packet(s) arrive", got, "nothing at the server" + c.seen())
	try:
		r = reassemble4(got) if len(got) > 1 or got[0].frag or got[0].flags.MF else got[0]
	except ValueError as e:
		c.require("6->4 IPv4 fragments reassemble", False, str(e))
	c.eq("6->4 DF clear", bool(int(r.flags) & 2), False)
	c.check("6->4 ICMP checksum valid", l4_csum_ok(r))
	_, l4, _ = l4_of(r)
	c.eq("6->4 ICMP type/code", (l4[0], l4[1]), (8, 0))
	c.eq("6->4 echo id", struct.unpack("!H", l4[4:6])[0], ident)
	c.eq("6->4 payload", l4[8:], data)

	# 4->6: a 3000-byte ICMPv4 echo in IPv4 fragments arrives as IPv6 fragments of
	# at most 1280 bytes whose reassembly has a valid ICMPv6 checksum.
	whole = IP(src=SRV4, dst=CLI4, ttl=64, id=ident) / ICMP(type=8, id=ident, seq=1) / \
		Raw(data)
	frags = fragment(whole, 1000)
	env.cli.drain()
	env.srv.send([IP(bytes(f)) for f in frags])
	got = env.cli.recv(lambda p: p.src == SRV6 and p.dst == CLI6 and p.nh == 44,
			   count=16, timeout=2)
	c.require("4->6 IPv6 fragments arrive", got, "nothing at the client" + c.seen())
	sizes = [len(bytes(g)[:40 + g.plen]) for g in got]
	c.check("4->6 every IPv6 packet <= 1280 bytes", max(sizes) <= 1280, "sizes %s" % sizes)
	try:
		r = reassemble6(got)
	except ValueError as e:
		c.require("4->6 IPv6 fragments reassemble", False, str(e))
	c.check("4->6 ICMPv6 checksum valid", l4_csum_ok(r))
	_, l4, _ = l4_of(r)
	c.eq("4->6 ICMPv6 type/code", (l4[0], l4[1]), (128, 0))
	c.eq("4->6 echo id", struct.unpack("!H", l4[4:6])[0], ident)
	c.eq("4->6 payload", l4[8:], data)
	# The endpoints' stacks may answer the echoes: their replies are reassembled too.
	c.counter_delta(before, "icmp_reassembled", 2, at_least=True)


if __name__ == "__main__":
	main()
