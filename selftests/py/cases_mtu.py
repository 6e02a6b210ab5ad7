# SPDX-License-Identifier: GPL-2.0
"""Path MTU at the translator: a translated packet bigger than the egress link
makes the gateway answer with ICMPv6 packet too big / ICMPv4 fragmentation needed
carrying the MTU as the other family sees it (RFC 7915 4.4, 5.4... and RFC 6145 6)."""
import struct

from xlat import (case, main, sh, l4_csum_ok, ip4_hdr_csum_ok, is_udp_to,
		  NS_GW, CLI6, CLI4, SRV4, SRV6, IP, IPv6, UDP, Raw)


def payload(n, seed=0):
	return bytes((i * 11 + seed) & 0xff for i in range(n))


def set_mtu(ifname, mtu):
	sh("ip", "-n", NS_GW, "link", "set", "dev", ifname, "mtu", str(mtu))


def udp6(c, size):
	port = c.env.next_port()
	return IPv6(bytes(IPv6(src=CLI6, dst=SRV6, hlim=64) / UDP(sport=40000, dport=port) /
			  Raw(payload(size - 48, port)))), port


def udp4(c, size, flags="DF"):
	port = c.env.next_port()
	return IP(bytes(IP(src=SRV4, dst=CLI4, ttl=64, flags=flags, id=0x3333) /
			UDP(sport=40000, dport=port) / Raw(payload(size - 28, port)))), port


@case("gw IPv4 link MTU 1400: 1500-byte IPv6 packet -> ICMPv6 packet too big MTU 1420")
def _(c):
	env = c.env
	set_mtu(env.srv.gw_ifname, 1400)
	try:
		before = c.counters()
		pkt, port = udp6(c, 1500)
		env.cli.drain()
		c.none(env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4), timeout=1),
		       "too big packet")
		got = env.cli.recv(lambda p: p.nh == 58 and bytes(p)[40] == 2 and
				   bytes(p)[48:88] == bytes(pkt)[:40])
		e = c.one(got, "ICMPv6 packet too big")
		b = bytes(e)
		c.eq("type/code", tuple(b[40:42]), (2, 0))
		c.eq("MTU", struct.unpack("!I", b[44:48])[0], 1420)
		c.check("source is the gateway", e.src in env.gw6, "%s not in %s" % (e.src, env.gw6))
		c.eq("destination", e.dst, CLI6)
		c.check("ICMPv6 checksum valid", l4_csum_ok(e))
		c.check("error <= 1280 bytes", len(b) <= 1280, "%d bytes" % len(b))
		c.counter_delta(before, "icmp_sent_pkt_too_big", 1)
		c.counter_delta(before, "drop_too_big", 1)
		# Exactly the link MTU once translated still goes through, DF set.
		pkt, port = udp6(c, 1420)
		got = env.exchange(env.cli, pkt, env.srv, is_udp_to(port, 4))
		v4 = c.one(got, "1420-byte IPv6 packet (1400 as IPv4)")
		c.eq("its IPv4 length", v4.len, 1400)
		c.eq("its DF", bool(int(v4.flags) & 2), True)
	finally:
		set_mtu(env.srv.gw_ifname, 1500)


@case("gw IPv6 link MTU 1300: 1400-byte IPv4 DF=1 -> ICMPv4 frag needed MTU 1280")
def _(c):
	env = c.env
	set_mtu(env.cli.gw_ifname, 1300)
	try:
		before = c.counters()
		pkt, port = udp4(c, 1400)
		env.srv.drain()
		c.none(env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6), timeout=1),
		       "too big packet")
		got = env.srv.recv(lambda p: p.proto == 1 and bytes(p)[20] == 3 and
				   bytes(p)[28:48] == bytes(pkt)[:20])
		e = c.one(got, "ICMPv4 fragmentation needed")
		b = bytes(e)
		c.eq("type/code", tuple(b[20:22]), (3, 4))
		c.eq("unused", struct.unpack("!H", b[24:26])[0], 0)
		c.eq("next-hop MTU", struct.unpack("!H", b[26:28])[0], 1280)
		c.check("source is the gateway", e.src in env.gw4, "%s not in %s" % (e.src, env.gw4))
		c.eq("destination", e.dst, SRV4)
		c.check("header checksum valid", ip4_hdr_csum_ok(e))
		c.check("ICMPv4 checksum valid", l4_csum_ok(e))
		c.counter_delta(before, "icmp_sent_frag_needed", 1)
		c.counter_delta(before, "drop_too_big", 1)
		# 1280 bytes of IPv4 make 1300 of IPv6: still fits.
		pkt, port = udp4(c, 1280)
		got = env.exchange(env.srv, pkt, env.cli, is_udp_to(port, 6))
		v6 = c.one(got, "1280-byte IPv4 packet (1300 as IPv6)")
		c.eq("its IPv6 payload length", v6.plen, 1260)
		# DF=0 is fragmented to lowest-ipv6-mtu (1280) instead, which fits.
		pkt, port = udp4(c, 1400, flags=0)
		got = env.exchange(env.srv, pkt, env.cli,
				   lambda p: p.src == SRV6 and p.nh == 44, count=2)
		c.eq("DF=0 1400-byte packet: IPv6 fragments", len(got), 2)
	finally:
		set_mtu(env.cli.gw_ifname, 1500)


if __name__ == "__main__":
	main()
