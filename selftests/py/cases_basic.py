# SPDX-License-Identifier: GPL-2.0
"""Basic translation: UDP/TCP/ICMP echo both ways, zero UDP checksum, hop limit/TTL
expiry, traffic class/TOS copy and override, DF and Identification (RFC 7915 4.1, 5.1)."""
from xlat import (case, main, check_6to4, check_4to6, is_udp_to, l4_csum_ok, ip4_hdr_csum_ok,
		  CLI6, CLI4, SRV4, SRV6, IP, IPv6, UDP, TCP, ICMP, Raw, IPerror, IPerror6)
from scapy_ip import (ICMPv6EchoRequest, ICMPv6EchoReply, ICMPv6TimeExceeded, UDPerror)


def payload(n, seed=0):
	return bytes((i * 7 + seed) & 0xff for i in range(n))


def udp6(c, size=100, hlim=64, tc=0, fl=0x12345):
	port = c.env.next_port()
	return IPv6(src=CLI6, dst=SRV6, hlim=hlim, tc=tc, fl=fl) / \
		UDP(sport=40000, dport=port) / Raw(payload(size, port)), port


def udp4(c, size=100, ttl=64, tos=0, flags="DF", csum=None, ident=0x4242):
	port = c.env.next_port()
	u = UDP(sport=40000, dport=port)
	if csum is not None:
		u.chksum = csum
	return IP(src=SRV4, dst=CLI4, ttl=ttl, tos=tos, flags=flags, id=ident) / u / \
		Raw(payload(size, port)), port


def six_to_four(c, pkt, port, **kw):
	env = c.env
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	v4 = c.one(got, "translated IPv4 packet")
	check_6to4(c, v4, IPv6(bytes(pkt)), **kw)
	return v4


def four_to_six(c, pkt, port, **kw):
	env = c.env
	got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
	v6 = c.one(got, "translated IPv6 packet")
	check_4to6(c, v6, IP(bytes(pkt)), **kw)
	return v6


@case("6->4 UDP: every header field translated, checksum valid")
def _(c):
	before = c.counters()
	pkt, port = udp6(c)
	six_to_four(c, pkt, port)
	c.counter_delta(before, "xlat_6to4", 1, at_least=True)


@case("4->6 UDP: every header field translated, flow label 0, checksum valid")
def _(c):
	before = c.counters()
	pkt, port = udp4(c)
	v6 = four_to_six(c, pkt, port)
	c.check("no fragment header for a DF=1 packet", v6.nh == 17)
	c.counter_delta(before, "xlat_4to6", 1, at_least=True)


def tcp_syn(c, v6):
	port = c.env.next_port()
	opts = [("MSS", 1400), ("SAckOK", b""), ("Timestamp", (12345, 0)), ("NOP", None),
		("WScale", 7)]
	t = TCP(sport=40001, dport=port, flags="S", seq=0x11223344, window=64000, options=opts)
	if v6:
		return IPv6(src=CLI6, dst=SRV6, hlim=64) / t, port
	return IP(src=SRV4, dst=CLI4, ttl=64, flags="DF") / t, port


def is_tcp_to(port):
	return lambda p: TCP in p and p[TCP].dport == port and IPerror not in p \
		and IPerror6 not in p


@case("6->4 TCP SYN: header, options, seq, checksum")
def _(c):
	pkt, port = tcp_syn(c, True)
	got = c.env.exchange(c.env.cli, pkt, c.env.srv, is_tcp_to(port))
	v4 = c.one(got, "translated SYN")
	check_6to4(c, v4, IPv6(bytes(pkt)))
	c.eq("TCP flags", str(v4[TCP].flags), "S")


@case("4->6 TCP SYN: header, options, seq, checksum")
def _(c):
	pkt, port = tcp_syn(c, False)
	got = c.env.exchange(c.env.srv, pkt, c.env.cli, is_tcp_to(port))
	v6 = c.one(got, "translated SYN")
	check_4to6(c, v6, IP(bytes(pkt)))
	c.eq("TCP flags", str(v6[TCP].flags), "S")


def icmp_fields(c, got, typ, ident, seq, data):
	b = bytes(got.payload)[:8 + len(data)]
	c.eq("ICMP type", b[0], typ)
	c.eq("ICMP code", b[1], 0)
	c.eq("ICMP identifier", int.from_bytes(b[4:6], "big"), ident)
	c.eq("ICMP sequence", int.from_bytes(b[6:8], "big"), seq)
	c.eq("ICMP data", b[8:], data)


def echo_6to4(c, cls, typ4):
	ident = c.env.next_port()
	data = payload(56, ident)
	pkt = IPv6(src=CLI6, dst=SRV6, hlim=64, tc=0x10) / cls(id=ident, seq=7, data=data)
	got = c.env.exchange(c.env.cli, pkt, c.env.srv,
			     lambda p: p.proto == 1 and ICMP in p and p[ICMP].type == typ4 and
			     p[ICMP].id == ident)
	v4 = c.one(got, "translated ICMPv4 echo")
	check_6to4(c, v4, IPv6(bytes(pkt)))
	icmp_fields(c, v4, typ4, ident, 7, data)


def echo_4to6(c, typ4, typ6):
	ident = c.env.next_port()
	data = payload(56, ident)
	pkt = IP(src=SRV4, dst=CLI4, ttl=64, tos=0x10, flags="DF") / \
		ICMP(type=typ4, id=ident, seq=9) / Raw(data)
	got = c.env.exchange(c.env.srv, pkt, c.env.cli,
			     lambda p: p.nh == 58 and bytes(p.payload)[0] == typ6 and
			     int.from_bytes(bytes(p.payload)[4:6], "big") == ident)
	v6 = c.one(got, "translated ICMPv6 echo")
	check_4to6(c, v6, IP(bytes(pkt)))
	icmp_fields(c, v6, typ6, ident, 9, data)


@case("6->4 ICMPv6 echo request -> ICMPv4 type 8, id/seq/data kept")
def _(c):
	echo_6to4(c, ICMPv6EchoRequest, 8)


@case("6->4 ICMPv6 echo reply -> ICMPv4 type 0")
def _(c):
	echo_6to4(c, ICMPv6EchoReply, 0)


@case("4->6 ICMPv4 echo request -> ICMPv6 type 128, checksum with pseudo-header")
def _(c):
	echo_4to6(c, 8, 128)


@case("4->6 ICMPv4 echo reply -> ICMPv6 type 129")
def _(c):
	echo_4to6(c, 0, 129)


@case("4->6 UDP zero checksum: computed by default (udp_zero_csum_computed)")
def _(c):
	before = c.counters()
	pkt, port = udp4(c, csum=0)
	c.require("test packet really has checksum 0", bytes(pkt)[26:28] == b"\0\0")
	v6 = four_to_six(c, pkt, port)
	c.check("checksum is not zero", v6[UDP].chksum != 0)
	c.counter_delta(before, "udp_zero_csum_computed", 1)


@case("4->6 UDP zero checksum with udp-zero-csum drop: dropped, drop_udp_zero_csum")
def _(c):
	env = c.env
	env.ctl("settings", "set", "udp-zero-csum", "drop")
	try:
		before = c.counters()
		pkt, port = udp4(c, csum=0)
		c.none(env.exchange(env.srv, pkt, env.cli, is_udp_to(port), timeout=1), "zero-csum UDP")
		c.counter_delta(before, "drop_udp_zero_csum", 1)
		# A UDP packet with a checksum still goes through in this mode.
		pkt, port = udp4(c)
		c.check("UDP with checksum still translated",
			env.exchange(env.srv, pkt, env.cli, is_udp_to(port)))
	finally:
		env.ctl("settings", "set", "udp-zero-csum", "compute")


def no_next_header(src):
	"""Matcher: an IPv4/IPv6 packet with protocol 59 (no next header) from src."""
	return lambda p: p.src == src and (p.proto if p.name == "IP" else p.nh) == 59


@case("6->4 payload length 0, next header 59 (no jumbo option): IPv4 total length 20 "
      "(RFC 7915 5.1)")
def _(c):
	env = c.env
	before = c.counters()
	pkt = IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64, nh=59, plen=0)))
	got = env.exchange(env.cli, pkt, env.srv, no_next_header(CLI4))
	v4 = c.one(got, "translated IPv4 packet")
	check_6to4(c, v4, pkt, proto=59)		# total length 20 + 0
	c.counter_delta(before, "drop_malformed", 0)


@case("4->6 total length 20, protocol 59: IPv6 payload length 0, next header 59")
def _(c):
	env = c.env
	pkt = IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, proto=59, flags="DF")))
	got = env.exchange(env.srv, pkt, env.cli, no_next_header(SRV6))
	v6 = c.one(got, "translated IPv6 packet")
	check_4to6(c, v6, pkt, nh=59)		# payload length 0


@case("6->4 hop limit 1: not translated, ICMPv6 time exceeded to the client")
def _(c):
	env = c.env
	before = c.counters()
	pkt, port = udp6(c, hlim=1)
	env.cli.drain()
	c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port), timeout=1), "hop limit 1 packet")
	got = env.cli.recv(lambda p: p.nh == 58 and ICMPv6TimeExceeded in p and
			   p[IPerror6].dst == SRV6 and p[UDPerror].dport == port)
	err = c.one(got, "ICMPv6 time exceeded")
	c.eq("type/code", (err[ICMPv6TimeExceeded].type, err[ICMPv6TimeExceeded].code), (3, 0))
	c.check("source is the gateway", err.src in env.gw6, "%s not in %s" % (err.src, env.gw6))
	c.eq("destination", err.dst, CLI6)
	c.check("ICMPv6 checksum valid", l4_csum_ok(err))
	c.eq("quoted packet is the original", bytes(err[IPerror6])[:48 + 100],
	     bytes(pkt)[:48 + 100])
	c.counter_delta(before, "drop_ttl_expired", 1)
	c.counter_delta(before, "icmp_sent_time_exceeded", 1)


@case("4->6 TTL 1: not translated, ICMPv4 time exceeded to the server")
def _(c):
	env = c.env
	before = c.counters()
	pkt, port = udp4(c, ttl=1)
	env.srv.drain()
	c.none(env.exchange(env.srv, pkt, env.cli, is_udp_to(port), timeout=1), "TTL 1 packet")
	got = env.srv.recv(lambda p: p.proto == 1 and p[ICMP].type == 11 and
			   IPerror in p and p[IPerror].dst == CLI4 and
			   p[UDPerror].dport == port)
	err = c.one(got, "ICMPv4 time exceeded")
	c.eq("type/code", (err[ICMP].type, err[ICMP].code), (11, 0))
	c.check("source is the gateway", err.src in env.gw4, "%s not in %s" % (err.src, env.gw4))
	c.eq("destination", err.dst, SRV4)
	c.check("ICMP checksum valid", l4_csum_ok(err))
	c.check("IP header checksum valid", ip4_hdr_csum_ok(err))
	c.eq("quoted header + 8 bytes are the original", bytes(err[IPerror])[:28], bytes(pkt)[:28])
	c.counter_delta(before, "drop_ttl_expired", 1)
	c.counter_delta(before, "icmp_sent_time_exceeded", 1)


@case("6->4 traffic class 0xa5 copied to TOS (all 8 bits)")
def _(c):
	pkt, port = udp6(c, tc=0xa5)
	six_to_four(c, pkt, port)


@case("4->6 TOS 0x5e copied to traffic class (all 8 bits)")
def _(c):
	pkt, port = udp4(c, tos=0x5e)
	four_to_six(c, pkt, port)


@case("settings tos/traffic-class override applied, copy restored")
def _(c):
	env = c.env
	env.ctl("settings", "set", "tos", "32", "traffic-class", "72")
	try:
		pkt, port = udp6(c, tc=0xa5)
		six_to_four(c, pkt, port, tos=0x20, what="6->4 override")
		pkt, port = udp4(c, tos=0x5e)
		four_to_six(c, pkt, port, tc=0x48, what="4->6 override")
	finally:
		env.ctl("settings", "set", "tos", "copy", "traffic-class", "copy")
	pkt, port = udp6(c, tc=0xa5)
	six_to_four(c, pkt, port, what="6->4 after copy restored")


@case("6->4 DF: IPv4 size 1260 -> DF=0 with varying IDs, 1261 -> DF=1")
def _(c):
	env = c.env
	ids = []
	for i in range(3):
		pkt, port = udp6(c, size=1260 - 28)
		v4 = six_to_four(c, pkt, port, df=False, what="1260-byte #%d" % i)
		ids.append(v4.id)
	c.check("Identification generated for DF=0 packets", len(set(ids)) > 1,
		"IDs %s" % ids)
	pkt, port = udp6(c, size=1261 - 28)
	six_to_four(c, pkt, port, df=True, what="1261-byte")
	pkt, port = udp6(c, size=1400)
	six_to_four(c, pkt, port, df=True, what="1448-byte")


if __name__ == "__main__":
	main()
