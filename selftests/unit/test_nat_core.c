// SPDX-License-Identifier: GPL-2.0
/* Stateful NAT64 pure pieces: the RFC 6146 TCP state machine and port picking. */
#include "test.h"
#include "core/tcp_fsm.h"
#include "core/port_pick.h"

#define S NAT64_TCPF_SYN
#define F NAT64_TCPF_FIN
#define R NAT64_TCPF_RST

struct step {
	u8 from;
	bool v6;
	u8 flags;
	u8 to;
	enum nat64_tcp_timer t;
	const char *what;
};

static const struct step steps[] = {
	{ NAT64_TS_CLOSED, true, S, NAT64_TS_V6_INIT, NAT64_TT_TRANS, "closed + v6 SYN" },
	{ NAT64_TS_CLOSED, false, S, NAT64_TS_V4_INIT, NAT64_TT_TRANS, "closed + v4 SYN" },
	{ NAT64_TS_CLOSED, true, 0, NAT64_TS_CLOSED, NAT64_TT_KEEP, "closed + v6 ACK" },
	{ NAT64_TS_CLOSED, false, S | R, NAT64_TS_CLOSED, NAT64_TT_KEEP, "closed + SYN/RST" },
	{ NAT64_TS_V6_INIT, false, S, NAT64_TS_ESTABLISHED, NAT64_TT_EST, "v6 init + v4 SYN" },
	{ NAT64_TS_V6_INIT, true, S, NAT64_TS_V6_INIT, NAT64_TT_TRANS, "v6 init + v6 SYN" },
	{ NAT64_TS_V6_INIT, false, 0, NAT64_TS_V6_INIT, NAT64_TT_KEEP, "v6 init + v4 ACK" },
	{ NAT64_TS_V4_INIT, true, S, NAT64_TS_ESTABLISHED, NAT64_TT_EST, "v4 init + v6 SYN" },
	{ NAT64_TS_V4_INIT, false, S, NAT64_TS_V4_INIT, NAT64_TT_KEEP, "v4 init + v4 SYN" },
	{ NAT64_TS_ESTABLISHED, false, F, NAT64_TS_V4_FIN_RCV, NAT64_TT_EST, "est + v4 FIN" },
	{ NAT64_TS_ESTABLISHED, true, F, NAT64_TS_V6_FIN_RCV, NAT64_TT_EST, "est + v6 FIN" },
	{ NAT64_TS_ESTABLISHED, true, R, NAT64_TS_TRANS, NAT64_TT_TRANS, "est + v6 RST" },
	{ NAT64_TS_ESTABLISHED, false, R | F, NAT64_TS_TRANS, NAT64_TT_TRANS, "est + v4 RST" },
	{ NAT64_TS_ESTABLISHED, true, 0, NAT64_TS_ESTABLISHED, NAT64_TT_EST, "est + data" },
	{ NAT64_TS_V4_FIN_RCV, true, F, NAT64_TS_V6_FIN_V4_FIN, NAT64_TT_TRANS, "v4 fin + v6 FIN" },
	{ NAT64_TS_V4_FIN_RCV, false, F, NAT64_TS_V4_FIN_RCV, NAT64_TT_EST, "v4 fin + v4 FIN" },
	{ NAT64_TS_V6_FIN_RCV, false, F, NAT64_TS_V6_FIN_V4_FIN, NAT64_TT_TRANS, "v6 fin + v4 FIN" },
	{ NAT64_TS_V6_FIN_RCV, true, 0, NAT64_TS_V6_FIN_RCV, NAT64_TT_EST, "v6 fin + data" },
	{ NAT64_TS_V6_FIN_V4_FIN, true, 0, NAT64_TS_V6_FIN_V4_FIN, NAT64_TT_KEEP, "fin fin + data" },
	{ NAT64_TS_V6_FIN_V4_FIN, false, S, NAT64_TS_V6_FIN_V4_FIN, NAT64_TT_KEEP, "fin fin + SYN" },
	{ NAT64_TS_TRANS, true, 0, NAT64_TS_ESTABLISHED, NAT64_TT_EST, "trans + data" },
	{ NAT64_TS_TRANS, false, R, NAT64_TS_TRANS, NAT64_TT_KEEP, "trans + RST" },
};

static void test_fsm(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		enum nat64_tcp_timer t;
		u8 to = nat64_tcp_next(steps[i].from, steps[i].v6, steps[i].flags, &t);

		CHECK(to == steps[i].to && t == steps[i].t, "tcp fsm: %s -> %u/%d",
		      steps[i].what, to, t);
	}
	CHECK(nat64_tcp_flags(0x12) == S, "tcp flags: SYN+ACK is SYN");
	CHECK(nat64_tcp_flags(0x11) == F, "tcp flags: FIN+ACK is FIN");
	CHECK(nat64_tcp_flags(0x14) == R, "tcp flags: RST+ACK is RST");
	CHECK(nat64_tcp_expired(NAT64_TS_ESTABLISHED) == NAT64_TS_TRANS,
	      "tcp: established expiry gives transitory");
	CHECK(nat64_tcp_expired(NAT64_TS_TRANS) == NAT64_TS_CLOSED, "tcp: trans expiry closes");
	CHECK(nat64_tcp_expired(NAT64_TS_V4_INIT) == NAT64_TS_CLOSED, "tcp: v4 init expiry closes");
	CHECK(!nat64_tcp_state_transitory(NAT64_TS_ESTABLISHED) &&
	      nat64_tcp_state_transitory(NAT64_TS_V6_INIT), "tcp: lifetime classes");
}

static void test_ports(void)
{
	static u8 seen[65536];
	struct nat64_port_iter it;
	u16 min, max, p;
	unsigned int n, bad;
	u32 seed;

	min = 0;
	max = 65535;
	CHECK(nat64_port_clip_class(80, &min, &max) && min == 0 && max == 1023,
	      "port class: 80 stays in 0-1023");
	min = 1000;
	max = 2000;
	CHECK(nat64_port_clip_class(5000, &min, &max) && min == 1024 && max == 2000,
	      "port class: 5000 clips to 1024-2000");
	min = 2000;
	max = 3000;
	CHECK(!nat64_port_clip_class(53, &min, &max), "port class: 53 vs 2000-3000 is empty");

	for (seed = 0; seed < 5; seed++) {
		memset(seen, 0, sizeof(seen));
		nat64_port_iter_init(&it, 1024, 65535, 40001, true, seed * 7919u);
		n = 0;
		bad = 0;
		while (nat64_port_iter_next(&it, &p)) {
			if (p < 1024 || !(p & 1) || seen[p])
				bad++;
			seen[p] = 1;
			n++;
		}
		CHECK(n == 32256 && !bad, "port iter seed %u: every odd port once (%u, %u bad)",
		      seed, n, bad);
	}
	nat64_port_iter_init(&it, 7, 7, 10, true, 3);
	CHECK(nat64_port_iter_next(&it, &p) && p == 7 && !nat64_port_iter_next(&it, &p),
	      "port iter: parity falls back when the range has none");
	nat64_port_iter_init(&it, 100, 103, 0, false, 2);
	CHECK(nat64_port_iter_next(&it, &p) && p == 102, "port iter: seed picks the start");
	n = 1;
	while (nat64_port_iter_next(&it, &p))
		n++;
	CHECK(n == 4, "port iter: 4 candidates in 100-103");
	nat64_port_iter_init(&it, 65534, 65535, 65535, true, 123456789);
	CHECK(nat64_port_iter_next(&it, &p) && p == 65535 && !nat64_port_iter_next(&it, &p),
	      "port iter: top of the range");
}

/*
 * Stateful ICMP error: ICMPv4 port unreachable from router R about
 * T:t -> Z:z (UDP) becomes ICMPv6 about X':x -> Y':z, ports and checksums right.
 */
static void test_icmp_err_nat(void)
{
	static u8 inner[64], icmp[128], in[256], out[1400];
	struct nat64_inner_nat nat;
	struct nat64_addrmap map;
	struct nat64_xlat_ctx ctx;
	struct in6_addr x6 = A6("2001:db8:6::2"), y6 = A6("2001:db8:64::c000:202");
	struct in6_addr r6 = A6("2001:db8:64::c633:64fe");
	u8 pl[12] = { 0x9c, 0x40, 0x23, 0x82, 0, 12, 0, 0, 'a', 'b', 'c', 'd' };
	u32 n, qlen;
	int len;
	u8 *q, *ql4;

	memset(&map, 0, sizeof(map));
	memset(&ctx, 0, sizeof(ctx));
	memset(&nat, 0, sizeof(nat));
	ctx.map = &map;
	ctx.hdr.tos_override = -1;
	ctx.hdr.tclass_override = -1;
	ctx.mtu_out = ctx.mtu_in = 0xffffffff;
	ctx.nat = &nat;
	nat.out_s6 = r6;
	nat.out_d6 = x6;
	nat.in_s6 = x6;
	nat.in_d6 = y6;
	nat.in_sport = 40001;	/* x */
	nat.in_dport = 9090;	/* z */

	/* T 192.0.2.1 port 40000 -> Z 192.0.2.2 port 9090 */
	pl[0] = 40000 >> 8;
	pl[1] = 40000 & 0xff;
	qlen = build4(inner, A4("192.0.2.1"), A4("192.0.2.2"), IPPROTO_UDP, 63, 1, 0, pl, 12);
	fix_l4_csum4(inner);
	icmp[0] = ICMP_DEST_UNREACH;
	icmp[1] = ICMP_PORT_UNREACH;
	memcpy(icmp + 8, inner, qlen);
	n = build4(in, A4("198.51.100.254"), A4("192.0.2.1"), IPPROTO_ICMP, 64, 2, 0, icmp,
		   8 + qlen);
	fix_l4_csum4(in);

	len = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(len == 40 + 8 + 40 + 12, "nat icmp err 4to6: length %d", len);
	if (len != 40 + 8 + 40 + 12)
		return;
	CHECK(!memcmp(out + 8, &r6, 16) && !memcmp(out + 24, &x6, 16),
	      "nat icmp err 4to6: outer R' -> X'");
	q = out + 48;
	ql4 = q + 40;
	CHECK(!memcmp(q + 8, &x6, 16) && !memcmp(q + 24, &y6, 16),
	      "nat icmp err 4to6: quoted X' -> Y'");
	CHECK(g16(ql4) == 40001 && g16(ql4 + 2) == 9090, "nat icmp err 4to6: quoted ports %u %u",
	      g16(ql4), g16(ql4 + 2));
	CHECK(ref_csum(ql4, 12, ref_pseudo6(&x6, &y6, 12, IPPROTO_UDP)) == 0,
	      "nat icmp err 4to6: quoted UDP checksum valid");
	CHECK(ref_csum(out + 40, len - 40, ref_pseudo6(&r6, &x6, len - 40, IPPROTO_ICMPV6)) == 0,
	      "nat icmp err 4to6: ICMPv6 checksum valid");
}

/*
 * Stateful ICMPv6 error from X' about an echo reply Y' -> X' (id x): the
 * ICMPv4 error goes T -> Z and quotes Z -> T with the identifier t.
 */
static void test_icmp_err_nat6(void)
{
	static u8 inner[128], icmp[256], in[512], out[600];
	struct nat64_inner_nat nat;
	struct nat64_addrmap map;
	struct nat64_xlat_ctx ctx;
	struct in6_addr x6 = A6("2001:db8:6::2"), y6 = A6("2001:db8:64::c000:202");
	u8 echo[16] = { ICMPV6_ECHO_REPLY, 0, 0, 0, 0x12, 0x34, 0, 1, 'p', 'i', 'n', 'g' };
	u32 n, qlen;
	int len;
	u8 *q;

	memset(&map, 0, sizeof(map));
	memset(&ctx, 0, sizeof(ctx));
	memset(&nat, 0, sizeof(nat));
	ctx.map = &map;
	ctx.hdr.tos_override = -1;
	ctx.hdr.tclass_override = -1;
	ctx.mtu_out = ctx.mtu_in = 0xffffffff;
	ctx.nat = &nat;
	nat.out_s4 = A4("192.0.2.1");
	nat.out_d4 = A4("192.0.2.2");
	nat.in_s4 = A4("192.0.2.2");
	nat.in_d4 = A4("192.0.2.1");
	nat.in_icmp_id = 0x4321;

	qlen = build6(inner, &y6, &x6, IPPROTO_ICMPV6, 60, echo, 12);
	fix_l4_csum6(inner, 40, IPPROTO_ICMPV6);
	icmp[0] = ICMPV6_DEST_UNREACH;
	icmp[1] = ICMPV6_PORT_UNREACH;
	memcpy(icmp + 8, inner, qlen);
	n = build6(in, &x6, &y6, IPPROTO_ICMPV6, 64, icmp, 8 + qlen);
	fix_l4_csum6(in, 40, IPPROTO_ICMPV6);

	len = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(len == 20 + 8 + 20 + 12, "nat icmp err 6to4: length %d", len);
	if (len != 20 + 8 + 20 + 12)
		return;
	CHECK(g32(out + 12) == ntohl(A4("192.0.2.1")) && g32(out + 16) == ntohl(A4("192.0.2.2")),
	      "nat icmp err 6to4: outer T -> Z");
	q = out + 28;
	CHECK(g32(q + 12) == ntohl(A4("192.0.2.2")) && g32(q + 16) == ntohl(A4("192.0.2.1")),
	      "nat icmp err 6to4: quoted Z -> T");
	CHECK(q[20] == ICMP_ECHOREPLY && g16(q + 24) == 0x4321, "nat icmp err 6to4: quoted echo id");
	CHECK(ref_csum(q + 20, 12, 0) == 0, "nat icmp err 6to4: quoted ICMP checksum valid");
	CHECK(ref_csum(out + 20, len - 20, 0) == 0, "nat icmp err 6to4: ICMPv4 checksum valid");
}

void test_nat_core(void)
{
	test_fsm();
	test_ports();
	test_icmp_err_nat();
	test_icmp_err_nat6();
}
