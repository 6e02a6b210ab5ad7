# SPDX-License-Identifier: GPL-2.0
"""Address translation: every RFC 6052 prefix length end to end, the well-known
prefix and non-global IPv4 (RFC 6052 3.1), RFC 8215's 64:ff9b:1::/48, EAM longest
match and precedence over prefixes (RFC 7757), EAMs whose IPv6 suffix is longer than
the IPv4 suffix (RFC 7757 3.2), EAM hairpinning (RFC 7757 4, off/simple/intrinsic),
the deny list, addresses that are never translated, and traffic for the gateway
itself."""
from xlat import (case, main, embed, check_6to4, check_4to6, is_udp_to,
		  PREFIX, EAM_DEFAULT, CLI6, CLI4, SRV4, SRV6, IP, IPv6, UDP, Raw)
from xlat import l4_csum_ok, ip4_hdr_csum_ok, sh, same_bytes, NS_GW, NS_CLI
from scapy_ip import ICMPv6EchoRequest, ICMPv6DestUnreach, ICMP


def payload(n, seed=0):
	return bytes((i * 13 + seed) & 0xff for i in range(n))


def udp6(c, dst, src=CLI6):
	port = c.env.next_port()
	return IPv6(bytes(IPv6(src=src, dst=dst, hlim=64) / UDP(sport=40000, dport=port) /
			  Raw(payload(80, port)))), port


def udp4(c, src=SRV4, dst=CLI4):
	port = c.env.next_port()
	return IP(bytes(IP(src=src, dst=dst, ttl=64, flags="DF") / UDP(sport=40000, dport=port) /
			Raw(payload(80, port)))), port


def both_ways(c, srv6, cli4=CLI4, cli6=CLI6, what=""):
	"""One UDP packet each way with srv6 as the server's IPv6 address."""
	env = c.env
	pkt, port = udp6(c, srv6, cli6)
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
	if c.check(what + "6->4 to %s delivered" % srv6, got, "nothing at the server"):
		check_6to4(c, got[0], pkt, src=cli4, what=what + "6->4")
	pkt, port = udp4(c, dst=cli4)
	got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
	if c.check(what + "4->6 from %s delivered" % SRV4, got, "nothing at the client"):
		check_4to6(c, got[0], pkt, src=srv6, dst=cli6, what=what + "4->6")


def set_prefix(env, p):
	env.ctl("prefix", "flush")
	env.ctl("prefix", "add", p)


PREFIXES = ["2001:db9::/32", "2001:db8:100::/40", "2001:db8:122::/48",
	    "2001:db8:123:400::/56", "2001:db8:124:1::/64", "2001:db8:125:0:1:2::/96"]


for _p in PREFIXES:
	def _mk(p):
		@case("RFC 6052 prefix %s: %s <-> %s both ways" % (p, embed(p, SRV4), SRV4))
		def _(c):
			set_prefix(c.env, p)
			try:
				both_ways(c, embed(p, SRV4))
				# The old prefix no longer translates.
				pkt, port = udp6(c, SRV6)
				c.none(c.env.exchange(c.env.cli, pkt, c.env.srv, is_udp_to(port, 4),
						      timeout=0.5), "packet to the removed prefix")
			finally:
				set_prefix(c.env, PREFIX)
	_mk(_p)


def admin_prohibited(c, got, orig):
	"""got is the whole ICMPv6 error (RFC 4443 3.1, code 1) the gateway owes the
	sender of orig: every byte but the flow label (the kernel's own hash) and the
	checksum (verified on its own)."""
	env = c.env
	err = c.one(got, "ICMPv6 destination unreachable")
	c.check("source is the gateway", err.src in env.gw6, "%s not in %s" % (err.src, env.gw6))
	c.check("ICMPv6 checksum valid", l4_csum_ok(err))
	exp = bytearray(bytes(IPv6(src=err.src, dst=CLI6, hlim=64, tc=0, fl=err.fl) /
			      ICMPv6DestUnreach(code=1) / Raw(bytes(orig))))
	b = bytearray(bytes(err))
	exp[42:44] = b[42:44] = b"\0\0"
	c.eq("whole ICMPv6 error but checksum", bytes(b), bytes(exp))


@case("well-known prefix 64:ff9b::/96 refuses non-global 192.0.2.2 (drop_wkp_not_global, "
      "ICMPv6 administratively prohibited)")
def _(c):
	env = c.env
	set_prefix(env, "64:ff9b::/96")
	try:
		before = c.counters()
		pkt, port = udp6(c, "64:ff9b::c000:202")
		env.srv.drain()
		got = env.exchange(env.cli, pkt, env.cli,
				   lambda p: p.nh == 58 and ICMPv6DestUnreach in p)
		admin_prohibited(c, got, pkt)
		c.none(env.srv.recv(is_udp_to(port, 4), timeout=0.5),
		       "6->4 to 64:ff9b::192.0.2.2")
		c.counter_delta(before, "drop_wkp_not_global", 1)
		c.counter_delta(before, "icmp_sent_admin_prohibited", 1)
		before = c.counters()
		pkt, port = udp4(c)
		c.none(env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6), timeout=1),
		       "4->6 from 192.0.2.2")
		c.counter_delta(before, "drop_wkp_not_global", 1)
	finally:
		set_prefix(env, PREFIX)


@case("RFC 8215 prefix 64:ff9b:1::/48 translates non-global addresses")
def _(c):
	set_prefix(c.env, "64:ff9b:1::/48")
	try:
		both_ways(c, embed("64:ff9b:1::/48", SRV4))
	finally:
		set_prefix(c.env, PREFIX)


def set_eams(env, eams):
	env.ctl("eam", "flush")
	for p6, p4 in eams:
		env.ctl("eam", "add", p6, p4)


@case("EAM longest match: ::2/128 <-> .77 wins over ::/120 <-> 198.51.100.0/24")
def _(c):
	env = c.env
	try:
		env.ctl("eam", "flush")
		env.ctl("eam", "add", "2001:db8:6::/120", "198.51.100.0/24")
		r = env.ctl("eam", "add", "2001:db8:6::2/128", "198.51.100.77/32", check=False)
		c.require("overlapping EAM accepted (RFC 7757 longest match)", r.returncode == 0,
			  (r.stderr or r.stdout).strip())
		both_ways(c, SRV6, cli4="198.51.100.77", what="/128: ")
		# Another client address falls under the /120 entry.
		pkt, port = udp6(c, SRV6, src="2001:db8:6::5")
		got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
		if c.check("/120: 2001:db8:6::5 delivered", got):
			c.eq("/120: 2001:db8:6::5 source", got[0].src, "198.51.100.5")
		# And 198.51.100.2 reaches the client through the /120 (suffix ::2).
		pkt, port = udp4(c, dst="198.51.100.2")
		got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
		if c.check("/120: 198.51.100.2 delivered", got):
			c.eq("/120: 198.51.100.2 -> destination", got[0].dst, CLI6)
	finally:
		set_eams(env, [EAM_DEFAULT])


def whole_6to4(c, got, orig, src, what):
	"""got (the IPv4 packet made of orig, a UDP/IPv6 packet to SRV6) equals the
	packet RFC 7915 says, every byte but the IPv4 ID (random, DF is clear) and the
	two checksums, which are verified on their own."""
	udp = orig[UDP]
	exp = bytearray(bytes(IP(src=src, dst=SRV4, tos=orig.tc, ttl=orig.hlim - 1, id=0,
				 flags=0) / UDP(sport=udp.sport, dport=udp.dport) /
			      Raw(bytes(udp.payload))))
	b = bytearray(bytes(got)[:got.len])
	c.check(what + " IPv4 header checksum valid", ip4_hdr_csum_ok(got))
	c.check(what + " UDP checksum valid", l4_csum_ok(got))
	for x in (b, exp):
		x[4:6] = x[10:12] = x[26:28] = b"\0\0"	# ID, header and UDP checksums
	c.eq(what + " whole IPv4 packet but ID and checksums", bytes(b), bytes(exp))


def whole_4to6(c, got, orig, dst, what):
	"""got (the IPv6 packet made of orig, a UDP/IPv4 packet from SRV4) equals the
	packet RFC 7915 says, every byte but the UDP checksum (verified on its own)."""
	udp = orig[UDP]
	exp = bytearray(bytes(IPv6(src=SRV6, dst=dst, tc=orig.tos, fl=0, hlim=orig.ttl - 1) /
			      UDP(sport=udp.sport, dport=udp.dport) / Raw(bytes(udp.payload))))
	b = bytearray(bytes(got)[:40 + got.plen])
	c.check(what + " UDP checksum valid", l4_csum_ok(got))
	for x in (b, exp):
		x[46:48] = b"\0\0"
	c.eq(what + " whole IPv6 packet but UDP checksum", bytes(b), bytes(exp))


def eam_whole_both_ways(c, pairs, trailing=()):
	"""For each (IPv6, IPv4) of pairs: a UDP packet from the IPv6 address to SRV6
	comes out from the IPv4 one, and one from SRV4 to the IPv4 address comes out
	to the IPv6 one, both compared whole. trailing: (IPv6, IPv4) pairs only
	checked 6 -> 4 (IPv6 bits past the IPv4 suffix are ignored)."""
	env = c.env
	for a6, a4 in list(pairs) + list(trailing):
		port = env.next_port()
		pkt = IPv6(bytes(IPv6(src=a6, dst=SRV6, hlim=64, tc=0x28) /
				 UDP(sport=40000, dport=port) / Raw(payload(80, port))))
		got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
		if c.check("6->4 from %s delivered" % a6, got, "nothing at the server" + c.seen()):
			whole_6to4(c, got[0], pkt, a4, "6->4 %s -> %s:" % (a6, a4))
		if (a6, a4) in trailing:
			continue
		port = env.next_port()
		pkt = IP(bytes(IP(src=SRV4, dst=a4, ttl=64, tos=0x28, flags="DF") /
			       UDP(sport=40000, dport=port) / Raw(payload(80, port))))
		got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
		if c.check("4->6 to %s delivered" % a4, got, "nothing at the client" + c.seen()):
			whole_4to6(c, got[0], pkt, a6, "4->6 %s -> %s:" % (a4, a6))


def eam_route(env, p6, add):
	"""Route the IPv6 side of an EAM to the client link (the client's frames are
	captured whatever their destination)."""
	sh("ip", "-n", NS_GW, "-6", "route", "replace" if add else "del", p6, "via", CLI6,
	   "dev", env.cli.gw_ifname, check=add)


@case("EAM 2001:db8:1c6:3364::/72 <-> 198.51.100.0/24 (IPv6 suffix longer, RFC 7757 3.2): "
      "whole packets both ways, trailing IPv6 bits ignored, /72 boundary")
def _(c):
	env = c.env
	p6, p4 = "2001:db8:1c6:3364::/72", "198.51.100.0/24"
	try:
		r = env.ctl("eam", "add", p6, p4, check=False)
		c.require("eam add %s %s accepted" % (p6, p4), r.returncode == 0,
			  (r.stderr or r.stdout).strip())
		shown = env.ctl("eam", "show").stdout.splitlines()
		c.check("eam show lists it", "%s %s" % (p6, p4) in shown, "; ".join(shown))
		eam_route(env, p6, True)
		eam_whole_both_ways(c, [("2001:db8:1c6:3364:5::", "198.51.100.5"),
					("2001:db8:1c6:3364:fe::", "198.51.100.254"),
					("2001:db8:1c6:3364:80::", "198.51.100.128")],
				    trailing=[("2001:db8:1c6:3364:5:abcd::1", "198.51.100.5"),
					      ("2001:db8:1c6:3364:7f:ffff:ffff:ffff", "198.51.100.127")])
		# The /32 entry of the default setup is longer: 198.51.100.2 stays the client.
		pkt, port = udp4(c, dst=CLI4)
		got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
		if c.check("4->6 to %s delivered" % CLI4, got):
			c.eq("4->6 to %s: the /32 entry wins" % CLI4, got[0].dst, CLI6)
		# Bit 71 is the prefix's: 2001:db8:1c6:3364:105:: is outside the /72, an
		# unmapped source (handed back to IPv6, SIIT-DC).
		before = c.counters()
		pkt, port = udp6(c, SRV6, src="2001:db8:1c6:3364:105::")
		c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=0.7),
		       "6->4 from 2001:db8:1c6:3364:105:: (outside the /72)")
		c.counter_delta(before, "pass_no_mapping_src", 1)
		c.counter_delta(before, "xlat_6to4", 0)
	finally:
		eam_route(env, p6, False)
		env.ctl("eam", "del", p6, check=False)


@case("EAM 2001:db8:eeee:8::/62 <-> 192.0.2.192/29 (RFC 7757 example: 3 suffix bits "
      "across bit 64): whole packets both ways")
def _(c):
	env = c.env
	p6, p4 = "2001:db8:eeee:8::/62", "192.0.2.192/29"
	try:
		r = env.ctl("eam", "add", p6, p4, check=False)
		c.require("eam add %s %s accepted" % (p6, p4), r.returncode == 0,
			  (r.stderr or r.stdout).strip())
		eam_route(env, p6, True)
		eam_whole_both_ways(c, [("2001:db8:eeee:9:8000::", "192.0.2.195"),
					("2001:db8:eeee:b:8000::", "192.0.2.199"),
					("2001:db8:eeee:8::", "192.0.2.192")],
				    trailing=[("2001:db8:eeee:a:7fff:ffff:ffff:ffff", "192.0.2.196")])
	finally:
		eam_route(env, p6, False)
		env.ctl("eam", "del", p6, check=False)


# EAM hairpinning: host B shares the client's link, behind an EAM of its own.
HP_B6, HP_B4 = "2001:db8:6::b", "198.51.100.11"


def hp_setup(env, add):
	if add:
		sh("ip", "-n", NS_CLI, "addr", "add", HP_B6 + "/64", "dev", env.cli.ifname, "nodad")
		env.ctl("eam", "add", HP_B6 + "/128", HP_B4 + "/32")
	else:
		sh("ip", "-n", NS_CLI, "addr", "del", HP_B6 + "/64", "dev", env.cli.ifname,
		   check=False)
		env.ctl("eam", "del", HP_B6 + "/128", check=False)
		env.ctl("settings", "set", "eam-hairpin", "intrinsic")


@case("EAM hairpin intrinsic (RFC 7757 4): A -> prefix address of B's EAM comes back as "
      "IPv6 from A's prefix address to B (whole packet); B's port unreachable reaches A "
      "from B's prefix address, quoting A's packet as A sent it")
def _(c):
	env = c.env
	a_pfx, b_pfx = embed(PREFIX, CLI4), embed(PREFIX, HP_B4)
	hp_setup(env, True)
	try:
		before = c.counters()
		pkt, port = udp6(c, b_pfx)
		pkt.tc = 0x28
		pkt = IPv6(bytes(pkt))
		env.cli.drain()
		env.cli.send(pkt)
		got = env.cli.recv(lambda p: p.name == "IPv6" and p.dst == HP_B6 and UDP in p and
				   p[UDP].dport == port)
		e = c.one(got, "hairpinned packet at B")
		exp = IPv6(src=a_pfx, dst=HP_B6, hlim=63, tc=0x28) / \
			UDP(sport=40000, dport=port) / Raw(payload(80, port))
		same_bytes(c, "hairpinned UDP (addresses twice translated, hop limit -1, "
			   "flow label 0)", e, exp)
		c.check("UDP checksum valid", l4_csum_ok(e))
		# B's kernel answers port unreachable to A's prefix address.
		got = env.cli.recv(lambda p: p.name == "IPv6" and p.dst == CLI6 and p.nh == 58 and
				   bytes(p)[40] == 1 and bytes(p)[48 + 42:48 + 44] ==
				   port.to_bytes(2, "big"))
		e = c.one(got, "port unreachable at A")
		quoted = IPv6(bytes(pkt))
		quoted.hlim = 63
		quoted.fl = 0
		quoted = bytes(quoted)
		icmp = bytes([1, 4, 0, 0, 0, 0, 0, 0]) + quoted	# checksum checked apart
		exp = IPv6(src=b_pfx, dst=CLI6, hlim=63, nh=58) / Raw(icmp)
		same_bytes(c, "turned-around ICMPv6 error", e, exp, free=((42, 44),))
		c.check("ICMPv6 checksum valid", l4_csum_ok(e))
		c.counter_delta(before, "eam_hairpin", 2)
		c.counter_delta(before, "xlat_6to4", 0)
	finally:
		hp_setup(env, False)


@case("EAM hairpin off: the packet is translated to IPv4 and routed as such, "
      "never back to B")
def _(c):
	env = c.env
	hp_setup(env, True)
	try:
		env.ctl("settings", "set", "eam-hairpin", "off")
		out = env.ctl("settings", "show").stdout
		c.check("settings show: eam-hairpin off", "eam-hairpin off" in out, out)
		before = c.counters()
		pkt, port = udp6(c, embed(PREFIX, HP_B4))
		c.none(env.exchange(env.cli, pkt, env.cli, lambda p: p.name == "IPv6" and
				    p.dst == HP_B6, timeout=1), "packet at B")
		c.counter_delta(before, "eam_hairpin", 0)
		c.counter_delta(before, "xlat_6to4", 1)
	finally:
		hp_setup(env, False)


@case("EAM hairpin simple (RFC 7757 B): an IPv4 source covered by an EAM is mapped "
      "through the prefix (whole packet); intrinsic maps it through the EAM")
def _(c):
	env = c.env
	hp_setup(env, True)
	try:
		for mode, src6 in (("simple", embed(PREFIX, HP_B4)), ("intrinsic", HP_B6)):
			env.ctl("settings", "set", "eam-hairpin", mode)
			pkt, port = udp4(c, src=HP_B4)
			got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
			if not c.check("%s: delivered" % mode, got, "nothing at the client"):
				continue
			exp = IPv6(src=src6, dst=CLI6, hlim=63) / UDP(sport=40000, dport=port) / \
				Raw(payload(80, port))
			same_bytes(c, "%s: IPv6 from %s" % (mode, src6), got[0], exp)
	finally:
		hp_setup(env, False)


@case("EAM is checked before the prefix (both ways)")
def _(c):
	env = c.env
	alias6 = "2001:db8:64::c000:263"	# the prefix would say 192.0.2.99
	env.ctl("eam", "add", alias6 + "/128", SRV4 + "/32")
	try:
		both_ways(c, alias6)
	finally:
		env.ctl("eam", "del", alias6 + "/128", check=False)
	both_ways(c, SRV6, what="after eam del: ")


@case("deny list: 192.0.2.2/32 denied -> dropped (drop_denied), works after del")
def _(c):
	env = c.env
	env.ctl("deny", "add", SRV4 + "/32")
	try:
		before = c.counters()
		pkt, port = udp6(c, SRV6)
		c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=1),
		       "6->4 to a denied address")
		c.counter_delta(before, "drop_denied", 1)
	finally:
		env.ctl("deny", "del", SRV4 + "/32")
	both_ways(c, SRV6, what="after deny del: ")


SPECIAL_DROP = ["drop_special_addr", "drop_no_mapping_src", "drop_no_mapping_dst"]


@case("IPv6 link-local / IPv4-mapped sources never translated")
def _(c):
	env = c.env
	for src in ("fe80::2", "::ffff:198.51.100.2"):
		before = c.counters()
		pkt, port = udp6(c, SRV6, src=src)
		c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=0.7),
		       "source %s" % src)
		c.counter_delta(before, SPECIAL_DROP, 1)


@case("SIIT-DC: unmapped global IPv6 source to an EAM'd address passed untouched")
def _(c):
	# The EAM'd address is also a native IPv6 host: traffic from IPv6-only
	# peers (no mapping for their source) is routed as IPv6, not dropped.
	env = c.env
	before = c.counters()
	pkt, port = udp6(c, CLI6, src="2001:db8:9::9")
	env.cli.drain()
	got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=0.7)
	c.none(got, "unmapped source: IPv4 at the server")
	c.none(env.cli.recv(is_udp_to(port, 4), timeout=0.3), "unmapped source: IPv4 at the client")
	c.counter_delta(before, "pass_no_mapping_src", 1)
	c.counter_delta(before, ["drop_no_mapping_src", "xlat_6to4"], 0)


@case("IPv4 link-local / loopback sources and multicast destination never translated")
def _(c):
	env = c.env
	for src in ("169.254.1.1", "127.0.0.1"):
		before = c.counters()
		pkt, port = udp4(c, src=src)
		c.none(env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6), timeout=0.7),
		       "source %s" % src)
		c.counter_delta(before, ["drop_special_addr"], 1)
	# A multicast destination is not the translator's business at all (the
	# gateway may be a member); it must simply not come out as IPv6.
	before = c.counters()
	pkt, port = udp4(c, dst="224.1.2.3")
	env.srv.send(pkt)
	c.none(env.cli.recv(is_udp_to(port, 6), timeout=0.7), "to 224.1.2.3")
	c.counter_delta(before, ["xlat_4to6"], 0)


@case("traffic for the gateway's own addresses is not translated (pings answered)")
def _(c):
	env = c.env
	for gw6 in env.gw6[:1]:
		ident = env.next_port()
		got = env.exchange(env.cli, IPv6(src=CLI6, dst=gw6, hlim=64) /
				   ICMPv6EchoRequest(id=ident, seq=1, data=b"x" * 20), env.cli,
				   lambda p: p.nh == 58 and bytes(p)[40] == 129 and p.src == gw6)
		c.check("echo reply from %s" % gw6, got, "nothing" + c.seen())
	for gw4 in env.gw4[:1]:
		ident = env.next_port()
		got = env.exchange(env.srv, IP(src=SRV4, dst=gw4, ttl=64) /
				   ICMP(type=8, id=ident, seq=1) / Raw(b"x" * 20), env.srv,
				   lambda p: p.proto == 1 and bytes(p)[20] == 0 and p.src == gw4)
		c.check("echo reply from %s" % gw4, got, "nothing" + c.seen())


if __name__ == "__main__":
	main()
