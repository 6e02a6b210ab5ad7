// SPDX-License-Identifier: GPL-2.0
/* Whole ICMP error translation, both directions. */
#include "test.h"

static struct nat64_prefix6 pfx;
static struct nat64_eam eam6, eam4;
static struct nat64_addrmap map;
static struct nat64_prefix4 pool;
static struct nat64_xlat_ctx ctx;

/* v6 host H6 <-> 192.0.2.16 (EAM); v4 host 198.51.100.7 <-> prefix. */
#define H4 A4("192.0.2.16")
#define V4 A4("198.51.100.7")
#define R4 A4("198.51.100.254")
static struct in6_addr H6, V6, R6, U6;

static void setup(void)
{
	pfx = P6("2001:db8:64::", 96);
	eam6.p6 = P6("2001:db8:6::", 120);
	eam6.p4 = P4("192.0.2.0", 24);
	eam4 = eam6;
	map.prefixes = &pfx;
	map.nr_prefixes = 1;
	map.eam6 = &eam6;
	map.eam4 = &eam4;
	map.nr_eam = 1;
	pool = P4("203.0.113.0", 24);
	ctx.map = &map;
	ctx.hdr.tos_override = -1;
	ctx.hdr.tclass_override = -1;
	ctx.pool6791 = &pool;
	ctx.nr_pool6791 = 1;
	ctx.hash = 12345;
	ctx.mtu_out = 0xffffffff;
	ctx.mtu_in = 0xffffffff;
	ctx.ip_id = htons(0x777);
	H6 = A6("2001:db8:6::10");
	V6 = A6("2001:db8:64::c633:6407");
	R6 = A6("2001:db8:64::c633:64fe");
	U6 = A6("2001:db8:ffff::1");	/* unmappable router */
}

static u8 in[2000], out[1400], tmp[1600];

/* Inner IPv4 packet H4 -> V4 of proto with plen bytes of transport. */
static u32 inner4(u8 *buf, u8 proto, u32 plen)
{
	u8 l4[1500];
	u32 n;

	rnd_fill(l4, plen);
	if (proto == IPPROTO_UDP)
		p16(l4 + 4, (u16)plen);
	if (proto == IPPROTO_ICMP) {
		l4[0] = ICMP_ECHO;
		l4[1] = 0;
	}
	n = build4(buf, H4, V4, proto, 5, 0x1111, 0x4000, l4, plen);
	fix_l4_csum4(buf);
	return n;
}

/* Outer ICMPv4 error src -> H4 quoting qlen bytes of the inner packet. */
static u32 err4(__be32 src, u8 type, u8 code, u32 rest, const u8 *q, u32 qlen)
{
	u8 icmp[1600];

	icmp[0] = type;
	icmp[1] = code;
	p16(icmp + 2, 0);
	icmp[4] = (u8)(rest >> 24); icmp[5] = (u8)(rest >> 16);
	icmp[6] = (u8)(rest >> 8); icmp[7] = (u8)rest;
	memcpy(icmp + 8, q, qlen);
	build4(in, src, H4, IPPROTO_ICMP, 64, 0x2222, 0, icmp, 8 + qlen);
	fix_l4_csum4(in);
	return 20 + 8 + qlen;
}

static bool icmp6_ok(const u8 *p, int len)
{
	struct in6_addr s, d;

	memcpy(&s, p + 8, 16);
	memcpy(&d, p + 24, 16);
	return len >= 48 && g16(p + 4) == len - 40 &&
	       ref_csum(p + 40, len - 40, ref_pseudo6(&s, &d, len - 40, 58)) == 0;
}

static bool icmp4_ok(const u8 *p, int len)
{
	return len >= 28 && g16(p + 2) == len && ref_csum(p, 20, 0) == 0 &&
	       ref_csum(p + 20, len - 20, 0) == 0;
}

/* An RFC 4884 extension structure: version 2 header, then object bytes. */
static void ext_fill(u8 *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		p[i] = (u8)(0x40 + i);
	p[0] = 0x20;
	p[1] = 0;
	p[2] = 0;
	p[3] = 0;
}

static bool zeros(const u8 *p, u32 n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* Full transport checksum check of a complete quoted IPv6 packet at q. */
static bool inner6_l4_ok(const u8 *q, u32 l4_off, u8 proto)
{
	struct in6_addr s, d;
	u32 len = g16(q + 4) + 40 - l4_off;

	memcpy(&s, q + 8, 16);
	memcpy(&d, q + 24, 16);
	return ref_csum(q + l4_off, len, ref_pseudo6(&s, &d, len, proto)) == 0;
}

static bool inner4_l4_ok(const u8 *q, u8 proto)
{
	u32 len = g16(q + 2) - 20;
	__be32 s, d;

	memcpy(&s, q + 12, 4);
	memcpy(&d, q + 16, 4);
	if (proto == IPPROTO_ICMP)
		return ref_csum(q + 20, len, 0) == 0;
	return ref_csum(q + 20, len, ref_pseudo4(s, d, (u16)len, proto)) == 0;
}

static void e4to6(void)
{
	u8 q[1600];
	u32 ql, n;
	int r;

	/* Port unreachable from the destination, quoting a whole UDP datagram. */
	ql = inner4(q, IPPROTO_UDP, 60);
	n = err4(V4, 3, 3, 0, q, ql);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 40 + 60, "4to6 port unreachable: length %d", r);
	CHECK(r > 0 && icmp6_ok(out, r) && out[40] == 1 && out[41] == 4 && g32(out + 44) == 0,
	      "4to6 port unreachable: type 1 code 4, ICMPv6 checksum verified");
	CHECK(r > 0 && !memcmp(out + 8, &V6, 16) && !memcmp(out + 24, &H6, 16) && out[7] == 63 &&
	      out[6] == 58, "4to6 outer addresses mapped, hop limit decremented");
	CHECK(r > 0 && !memcmp(out + 56, &H6, 16) && !memcmp(out + 72, &V6, 16) &&
	      out[48 + 7] == 5 && out[48 + 6] == 17 && g16(out + 48 + 4) == 60,
	      "4to6 quoted header translated, hop limit not decremented");
	CHECK(r > 0 && inner6_l4_ok(out + 48, 40, IPPROTO_UDP),
	      "4to6 quoted UDP checksum adjusted (full recomputation)");

	/* TCP and ICMP echo quotes. */
	ql = inner4(q, IPPROTO_TCP, 40);
	n = err4(R4, 11, 0, 0, q, ql);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && icmp6_ok(out, r) && out[40] == 3 && out[41] == 0 &&
	      inner6_l4_ok(out + 48, 40, IPPROTO_TCP) && !memcmp(out + 8, &R6, 16),
	      "4to6 time exceeded quoting TCP: checksums verified");
	ql = inner4(q, IPPROTO_ICMP, 40);
	n = err4(R4, 11, 0, 0, q, ql);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && icmp6_ok(out, r) && out[48 + 6] == 58 && out[88] == 128 &&
	      inner6_l4_ok(out + 48, 40, IPPROTO_ICMPV6),
	      "4to6 quoted echo request: type 128, ICMPv6 checksum verified");

	/* Partial quote (only 8 transport bytes): still translated. */
	ql = inner4(q, IPPROTO_UDP, 300);
	n = err4(R4, 3, 1, 0, q, 28);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 40 + 8 && icmp6_ok(out, r) && g16(out + 48 + 4) == 300 &&
	      out[41] == 0, "4to6 partial quote keeps the original payload length");

	/* Truncation to 1280. */
	ql = inner4(q, IPPROTO_UDP, 1400);
	n = err4(R4, 3, 1, 0, q, ql);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 1280 && icmp6_ok(out, r), "4to6 error truncated to 1280 bytes (%d)", r);

	/* Fragmentation needed -> packet too big with MTU + 20; link MTU bound. */
	ql = inner4(q, IPPROTO_UDP, 1480);
	n = err4(R4, 3, 4, 1400, q, 100);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && out[40] == 2 && out[41] == 0 && g32(out + 44) == 1420 && icmp6_ok(out, r),
	      "4to6 frag needed 1400 -> PTB 1420");
	n = err4(R4, 3, 4, 0, q, 100);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && g32(out + 44) == 1512, "4to6 frag needed MTU 0 -> plateau(1500)+20 = %u",
	      r > 0 ? g32(out + 44) : 0);
	ctx.mtu_out = 1300;
	n = err4(R4, 3, 4, 1400, q, 100);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	ctx.mtu_out = 0xffffffff;
	CHECK(r > 0 && g32(out + 44) == 1300, "4to6 PTB bounded by IPv6 egress MTU");

	/* Protocol unreachable -> parameter problem pointing at Next Header. */
	n = err4(R4, 3, 2, 0, q, 48);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && out[40] == 4 && out[41] == 1 && g32(out + 44) == 6,
	      "4to6 protocol unreachable -> parameter problem, pointer 6");
	n = err4(R4, 12, 0, 9u << 24, q, 48);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r > 0 && out[40] == 4 && out[41] == 0 && g32(out + 44) == 6 && icmp6_ok(out, r),
	      "4to6 parameter problem pointer 9 -> 6");
	n = err4(R4, 12, 0, 4u << 24, q, 48);
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_UNTRANSLATABLE, "4to6 parameter problem pointer 4 (id) dropped");

	/* RFC 4884: 128-byte original datagram (32 words), then a 20-byte extension. */
	ql = inner4(q, IPPROTO_UDP, 108);
	ext_fill(q + ql, 20);
	n = err4(R4, 11, 0, 32u << 16, q, ql + 20);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 152 + 20 && out[44] == 19 && g32(out + 44) == 19u << 24 &&
	      icmp6_ok(out, r) && inner6_l4_ok(out + 48, 40, IPPROTO_UDP) &&
	      zeros(out + 48 + 148, 4) && !memcmp(out + 48 + 152, q + ql, 20),
	      "4to6 RFC 4884: 148-byte quote padded to 152 (19 words), extension kept (%d)", r);
	/* A short packet zero padded to 128 bytes: the padding is not quoted twice. */
	ql = inner4(q, IPPROTO_UDP, 40);
	memset(q + ql, 0, 128 - ql);
	ext_fill(q + 128, 12);
	n = err4(R4, 3, 1, 32u << 16, q, 128 + 12);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 128 + 12 && out[44] == 16 && icmp6_ok(out, r) &&
	      inner6_l4_ok(out + 48, 40, IPPROTO_UDP) && zeros(out + 48 + 80, 48) &&
	      !memcmp(out + 48 + 128, q + 128, 12),
	      "4to6 RFC 4884: 60-byte packet in a 128-byte field -> 80 bytes + padding to 128");
	/* Too long for 1280: the quote is cut to a multiple of 8, the extension kept. */
	ql = inner4(q, IPPROTO_UDP, 980);
	ext_fill(q + ql, 300);
	n = err4(R4, 3, 1, 250u << 16, q, ql + 300);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 48 + 928 + 300 && out[44] == 116 && icmp6_ok(out, r) &&
	      !memcmp(out + 48 + 928, q + ql, 300),
	      "4to6 RFC 4884: 1280 bytes exceeded -> quote cut to 928 bytes (%d)", r);
	/* An extension that leaves no room for a 128-byte quote is dropped. */
	ql = inner4(q, IPPROTO_UDP, 400);
	ext_fill(q + ql, 1150);
	n = err4(R4, 3, 1, 105u << 16, q, ql + 1150);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 48 + 40 + 400 && out[44] == 0 && icmp6_ok(out, r) && g16(out + 48 + 4) == 400,
	      "4to6 RFC 4884: oversized extension dropped, length 0 (%d)", r);
	/* Packet too big and parameter problem have no length attribute in ICMPv6. */
	ql = inner4(q, IPPROTO_UDP, 108);
	ext_fill(q + ql, 20);
	n = err4(R4, 3, 4, 32u << 16 | 1400, q, ql + 20);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 40 + 108 && out[40] == 2 && g32(out + 44) == 1420 &&
	      icmp6_ok(out, r), "4to6 RFC 4884: frag needed -> PTB without the extension");
	n = err4(R4, 12, 0, 9u << 24 | 32u << 16, q, ql + 20);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 40 + 108 && out[40] == 4 && g32(out + 44) == 6 &&
	      icmp6_ok(out, r), "4to6 RFC 4884: parameter problem -> pointer 6, no extension");
	/* A length past the end is no length: all quote, as before RFC 4884. */
	n = err4(R4, 11, 0, 60u << 16, q, ql + 20);
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	CHECK(r == 40 + 8 + 40 + 128 && out[44] == 0 && icmp6_ok(out, r),
	      "4to6 RFC 4884: length beyond the message ignored (%d)", r);

	/* Nested error, bad checksum, informational, bad inner, unmappable. */
	ql = inner4(q, IPPROTO_ICMP, 36);
	q[20] = 3;	/* quoted ICMP is an error */
	n = err4(R4, 3, 1, 0, q, ql);
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_ERR_NESTED, "4to6 error inside error refused");
	ql = inner4(q, IPPROTO_UDP, 20);
	n = err4(R4, 3, 1, 0, q, ql);
	in[30] ^= 1;
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) == -NAT64_C_DROP_CSUM,
	      "4to6 bad ICMP checksum refused");
	n = err4(R4, 8, 0, 0, q, ql);
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_UNTRANSLATABLE, "4to6 echo is not an error");
	n = err4(R4, 5, 0, 0, q, ql);
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_UNTRANSLATABLE, "4to6 redirect dropped");
	n = err4(R4, 3, 1, 0, q, 12);
	CHECK(nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_ERR_BAD_INNER, "4to6 quote shorter than an IPv4 header");
	n = err4(A4("10.9.9.9"), 3, 1, 0, q, ql);
	map.prefixes = &(struct nat64_prefix6){ .addr = A6("64:ff9b::"), .len = 96 };
	r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
	map.prefixes = &pfx;
	CHECK(r == -NAT64_C_DROP_NOT_GLOBAL, "4to6 non-global router under the WKP refused");

	/* EAM-only SIIT: a router with no mapping, then the pool6791v6 prefix. */
	{
		struct in6_addr want = A6("2001:db8:ee::c633:64fe");
		struct nat64_eam two[2];
		bool used = true;

		/* V gets an EAM of its own (longest first); R stays unmapped. */
		two[0].p6 = P6("2001:db8:64::c633:6407", 128);
		two[0].p4 = P4("198.51.100.7", 32);
		two[1] = eam6;
		map.eam6 = two;
		map.eam4 = two;
		map.nr_eam = 2;
		ql = inner4(q, IPPROTO_UDP, 20);
		n = err4(R4, 11, 0, 0, q, ql);
		map.nr_prefixes = 0;
		r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), &used);
		CHECK(r == -NAT64_C_DROP_NO_MAPPING_SRC && !used,
		      "4to6 EAM only: router without a mapping dropped (%d)", r);
		ctx.pool6791v6 = P6("2001:db8:ee::", 96);
		r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), &used);
		CHECK(r > 0 && used && !memcmp(out + 8, &want, 16) && icmp6_ok(out, r),
		      "4to6 EAM only: router embedded in pool6791v6");
		map.nr_prefixes = 1;
		r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), &used);
		CHECK(r > 0 && !used && !memcmp(out + 8, &R6, 16),
		      "4to6 pool6791v6 unused when the source maps");
		memset(&ctx.pool6791v6, 0, sizeof(ctx.pool6791v6));
		map.eam6 = &eam6;
		map.eam4 = &eam4;
		map.nr_eam = 1;
	}
	build4(in, R4, H4, IPPROTO_ICMP, 64, 1, 0x2000, NULL, 40);
	CHECK(nat64_icmp_err_4to6(&ctx, in, 60, out, sizeof(out), NULL) ==
	      -NAT64_C_DROP_ICMP_FRAGMENTED, "4to6 fragmented error refused");
}

/* Inner IPv6 packet V6 -> H6 ... reversed: the original went from V6 (v4 side) to H6. */
static u32 inner6(u8 *buf, u8 proto, u32 plen, u32 ext)
{
	u8 l4[1500];
	u32 n, i;

	rnd_fill(l4, plen + ext);
	for (i = 0; i < ext; i += 8) {
		memset(l4 + i, 0, 8);
		l4[i] = i + 8 < ext ? IPPROTO_DSTOPTS : proto;
	}
	if (proto == IPPROTO_UDP)
		p16(l4 + ext + 4, (u16)plen);
	if (proto == IPPROTO_ICMPV6) {
		l4[ext] = ICMPV6_ECHO_REPLY;
		l4[ext + 1] = 0;
	}
	n = build6(buf, &V6, &H6, ext ? IPPROTO_HOPOPTS : proto, 7, l4, plen + ext);
	fix_l4_csum6(buf, 40 + ext, proto);
	return n;
}

static u32 err6(const struct in6_addr *src, u8 type, u8 code, u32 rest, const u8 *q, u32 qlen)
{
	u8 icmp[1600];

	icmp[0] = type;
	icmp[1] = code;
	p16(icmp + 2, 0);
	icmp[4] = (u8)(rest >> 24); icmp[5] = (u8)(rest >> 16);
	icmp[6] = (u8)(rest >> 8); icmp[7] = (u8)rest;
	memcpy(icmp + 8, q, qlen);
	build6(in, src, &V6, IPPROTO_ICMPV6, 64, icmp, 8 + qlen);
	fix_l4_csum6(in, 40, IPPROTO_ICMPV6);
	return 40 + 8 + qlen;
}

static void e6to4(void)
{
	u8 q[1500];
	bool used;
	u32 ql, n;
	int r;

	ql = inner6(q, IPPROTO_UDP, 60, 0);
	n = err6(&H6, 1, 4, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r == 20 + 8 + 20 + 60 && icmp4_ok(out, r) && out[20] == 3 && out[21] == 3 && !used,
	      "6to4 port unreachable: type 3 code 3, checksums verified (%d)", r);
	CHECK(r > 0 && !memcmp(out + 12, &(__be32){ H4 }, 4) &&
	      !memcmp(out + 16, &(__be32){ V4 }, 4) && out[8] == 63 && out[9] == 1 &&
	      g16(out + 4) == 0x777 && g16(out + 6) == 0, "6to4 outer header (ttl-1, id, no DF)");
	CHECK(r > 0 && !memcmp(out + 40, &(__be32){ V4 }, 4) &&
	      !memcmp(out + 44, &(__be32){ H4 }, 4) && out[28 + 8] == 7 && out[28 + 9] == 17 &&
	      g16(out + 28 + 2) == 80 && ref_csum(out + 28, 20, 0) == 0,
	      "6to4 quoted header translated, ttl not decremented");
	CHECK(r > 0 && inner4_l4_ok(out + 28, IPPROTO_UDP),
	      "6to4 quoted UDP checksum adjusted (full recomputation)");

	/* Quoted ext headers disappear; TCP and echo quotes. */
	ql = inner6(q, IPPROTO_TCP, 40, 16);
	n = err6(&H6, 3, 0, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r == 20 + 8 + 20 + 40 && icmp4_ok(out, r) && out[20] == 11 &&
	      out[28 + 9] == 6 && inner4_l4_ok(out + 28, IPPROTO_TCP),
	      "6to4 time exceeded quoting HBH+DST+TCP: ext headers removed, checksums ok");
	ql = inner6(q, IPPROTO_ICMPV6, 40, 0);
	n = err6(&H6, 3, 0, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && icmp4_ok(out, r) && out[28 + 9] == 1 && out[48] == 0 &&
	      inner4_l4_ok(out + 28, IPPROTO_ICMP), "6to4 quoted echo reply: type 0, checksum ok");

	/* Quoted fragment header -> IPv4 fragment fields. */
	{
		u8 l4[60];

		rnd_fill(l4, sizeof(l4));
		memset(l4, 0, 8);
		l4[0] = IPPROTO_UDP;
		p16(l4 + 2, 1);		/* offset 0, M */
		l4[4] = 0xaa; l4[5] = 0xbb; l4[6] = 0xcc; l4[7] = 0xdd;
		ql = build6(q, &V6, &H6, IPPROTO_FRAGMENT, 7, l4, sizeof(l4));
		n = err6(&H6, 1, 0, 0, q, ql);
		r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
		CHECK(r > 0 && icmp4_ok(out, r) && g16(out + 28 + 4) == 0xccdd &&
		      g16(out + 28 + 6) == 0x2000 && out[21] == 1,
		      "6to4 quoted fragment: id and MF from the fragment header");
	}

	/* PTB MTU - 20, bounded by the IPv4 egress MTU. */
	ql = inner6(q, IPPROTO_UDP, 1400, 0);
	n = err6(&H6, 2, 0, 1500, q, 100);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && out[20] == 3 && out[21] == 4 && g32(out + 24) == 1480 && icmp4_ok(out, r),
	      "6to4 PTB 1500 -> frag needed 1480");
	ctx.mtu_out = 1400;
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	ctx.mtu_out = 0xffffffff;
	CHECK(r > 0 && g32(out + 24) == 1400, "6to4 frag needed bounded by IPv4 egress MTU");

	/* Truncation to 576. */
	n = err6(&H6, 1, 0, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r == 576 && icmp4_ok(out, r) && g16(out + 28 + 2) == 1420,
	      "6to4 error truncated to 576 bytes, quoted length kept (%d)", r);

	/* Parameter problem pointers. */
	n = err6(&H6, 4, 0, 7, q, 48);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && out[20] == 12 && out[21] == 0 && out[24] == 8 && g32(out + 24) == 8u << 24,
	      "6to4 parameter problem pointer 7 -> 8");
	n = err6(&H6, 4, 0, 24, q, 48);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && out[24] == 16, "6to4 parameter problem pointer 24 -> 16");
	n = err6(&H6, 4, 0, 2, q, 48);
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_ICMP_UNTRANSLATABLE, "6to4 parameter problem pointer 2 (flow) dropped");
	n = err6(&H6, 4, 1, 6, q, 48);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && out[20] == 3 && out[21] == 2 && g32(out + 24) == 0,
	      "6to4 unrecognized next header -> protocol unreachable");

	/* RFC 4884: 64-byte original datagram (8 words), then a 24-byte extension. */
	ql = inner6(q, IPPROTO_UDP, 24, 0);
	ext_fill(q + ql, 24);
	n = err6(&H6, 3, 0, 8u << 24, q, ql + 24);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r == 20 + 8 + 128 + 24 && out[20] == 11 && g32(out + 24) == 32u << 16 &&
	      icmp4_ok(out, r) && inner4_l4_ok(out + 28, IPPROTO_UDP) &&
	      zeros(out + 28 + 44, 84) && !memcmp(out + 28 + 128, q + ql, 24),
	      "6to4 RFC 4884: 44-byte quote padded to 128 (32 words), extension kept (%d)", r);
	/* Quoted ext headers go; 576 exceeded: quote cut to a multiple of 4. */
	ql = inner6(q, IPPROTO_UDP, 1000, 16);
	ext_fill(q + ql, 64);
	n = err6(&H6, 1, 4, (ql / 8) << 24, q, ql + 64);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(ql % 8 == 0 && r == 576 && out[25] == 121 && out[20] == 3 && out[21] == 3 &&
	      icmp4_ok(out, r) && !memcmp(out + 28 + 484, q + ql, 64),
	      "6to4 RFC 4884: 576 exceeded -> quote cut to 484 bytes, extension kept (%d)", r);
	/* Packet too big carries no length attribute: nothing after the quote is special. */
	ql = inner6(q, IPPROTO_UDP, 24, 0);
	ext_fill(q + ql, 24);
	n = err6(&H6, 2, 0, 1400, q, ql + 24);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r == 20 + 8 + 20 + 24 + 24 && out[20] == 3 && out[21] == 4 && out[25] == 0 &&
	      icmp4_ok(out, r), "6to4 RFC 4884: PTB quote taken whole (%d)", r);

	/* RFC 6791 pool for an unmappable source; empty pool. */
	ql = inner6(q, IPPROTO_UDP, 30, 0);
	n = err6(&U6, 3, 0, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && used && out[12] == 203 && out[13] == 0 && out[14] == 113 &&
	      icmp4_ok(out, r), "6to4 unmappable source takes an RFC 6791 address");
	ctx.nr_pool6791 = 0;
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_NO_POOL6791, "6to4 unmappable source, empty pool -> drop");
	ctx.own4 = A4("192.0.2.1");
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && used && !memcmp(out + 12, &ctx.own4, 4) && icmp4_ok(out, r),
	      "6to4 unmappable source, empty pool -> the gateway's own address");
	ctx.nr_pool6791 = 1;
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && used && out[12] == 203, "6to4 a pool beats the own address");
	ctx.own4 = 0;

	/* Nested, bad checksum, informational, bad inner, routing header outer. */
	ql = inner6(q, IPPROTO_ICMPV6, 30, 0);
	q[40] = 1;
	n = err6(&H6, 1, 0, 0, q, ql);
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_ICMP_ERR_NESTED, "6to4 error inside error refused");
	ql = inner6(q, IPPROTO_UDP, 30, 0);
	n = err6(&H6, 1, 0, 0, q, ql);
	in[50] ^= 0x10;
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) == -NAT64_C_DROP_CSUM,
	      "6to4 bad ICMPv6 checksum refused");
	n = err6(&H6, 135, 0, 0, q, ql);
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_ICMP_UNTRANSLATABLE, "6to4 neighbor solicitation dropped");
	n = err6(&H6, 1, 0, 0, q, 30);
	CHECK(nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_ICMP_ERR_BAD_INNER, "6to4 quote shorter than an IPv6 header");
	n = err6(&H6, 1, 0, 0, q, ql);
	memcpy(tmp, in, n);
	CHECK(nat64_icmp_err_6to4(&ctx, tmp, n - 1, out, sizeof(out), &used) ==
	      -NAT64_C_DROP_TRUNCATED, "6to4 truncated outer packet refused");
	/* A quoted payload length of 65535 has no IPv4 total length: it saturates (fuzz_core). */
	ql = inner6(q, IPPROTO_UDP, 60, 0);
	p16(q + 4, 0xffff);
	n = err6(&H6, 1, 4, 0, q, ql);
	r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
	CHECK(r > 0 && icmp4_ok(out, r) && g16(out + 28 + 2) == 0xffff &&
	      ref_csum(out + 28, 20, 0) == 0,
	      "6to4 quoted IPv6 payload length 65535: quoted total length 65535, not wrapped");
}

/* Random corruption must never crash (ASan/UBSan watch). */
static void robustness(void)
{
	u8 q[200];
	int i, r, okc = 0;
	bool used;

	for (i = 0; i < 20000; i++) {
		u32 n, ql;

		if (i & 1) {
			ql = inner6(q, (i & 2) ? IPPROTO_UDP : IPPROTO_ICMPV6, 60, (i & 4) ? 8 : 0);
			n = err6(&H6, 1 + (rnd() % 4), rnd() % 3, rnd() % 50, q, ql);
		} else {
			ql = inner4(q, (i & 2) ? IPPROTO_UDP : IPPROTO_TCP, 60);
			n = err4(R4, (i & 4) ? 3 : 11, rnd() % 5, 0, q, ql);
		}
		if (i & 8) {
			/* Corrupt the quote only and fix the ICMP checksum: deeper paths. */
			u32 o = (i & 1) ? 48 : 28;

			in[o + rnd() % (n - o)] = (u8)rnd();
			if (i & 1) {
				struct in6_addr s, d;

				memcpy(&s, in + 8, 16);
				memcpy(&d, in + 24, 16);
				p16(in + 42, 0);
				p16(in + 42, ref_csum(in + 40, n - 40, ref_pseudo6(&s, &d, n - 40, 58)));
			} else {
				p16(in + 22, 0);
				p16(in + 22, ref_csum(in + 20, n - 20, 0));
			}
		} else {
			in[rnd() % n] = (u8)rnd();
			if (rnd() & 1)
				in[rnd() % n] = (u8)rnd();
			n = rnd() % (n + 1);
		}
		if (i & 1)
			r = nat64_icmp_err_6to4(&ctx, in, n, out, sizeof(out), &used);
		else
			r = nat64_icmp_err_4to6(&ctx, in, n, out, sizeof(out), NULL);
		if (r >= 0)
			okc += (i & 1) ? icmp4_ok(out, r) : icmp6_ok(out, r);
		else if (-r >= NAT64_C_MAX)
			okc = -1000000;
	}
	CHECK(okc >= 0, "20000 corrupted errors: no crash, valid results (%d translated)", okc);
}

void test_inner(void)
{
	setup();
	e4to6();
	e6to4();
	robustness();
}
