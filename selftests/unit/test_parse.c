// SPDX-License-Identifier: GPL-2.0
/* IPv4/IPv6 header and extension chain parsing. */
#include "test.h"

static struct in6_addr S6, D6;

/* Append an 8-byte extension header (hdr ext len 0). */
static u8 *ext(u8 *p, u8 next, u8 b2, u8 b3)
{
	memset(p, 0, 8);
	p[0] = next;
	p[2] = b2;
	p[3] = b3;
	return p + 8;
}

static void v6(void)
{
	u8 pkt[200], pl[100];
	struct nat64_pkt6 p;
	u8 *q;
	u32 len;
	int r;

	S6 = A6("2001:db8::1");
	D6 = A6("64:ff9b::808:808");
	memset(pl, 0xaa, sizeof(pl));
	len = build6(pkt, &S6, &D6, IPPROTO_UDP, 64, pl, 20);
	r = nat64_parse6(pkt, len, false, &p);
	CHECK(!r && p.proto == IPPROTO_UDP && p.l4_off == 40 && p.l4_len == 20 &&
	      p.payload_len == 20 && !p.has_frag && p.first_frag, "parse6 plain UDP");
	CHECK(nat64_parse6(pkt, len + 10, false, &p) == 0 && p.l4_len == 20,
	      "parse6 ignores trailing bytes past payload length");
	CHECK(nat64_parse6(pkt, len - 1, false, &p) == -NAT64_C_DROP_TRUNCATED,
	      "parse6 payload length beyond buffer -> truncated");
	CHECK(nat64_parse6(pkt, len - 1, true, &p) == 0 && p.l4_len == 20,
	      "parse6 truncated mode accepts a short quote");
	CHECK(nat64_parse6(pkt, 39, true, &p) == -NAT64_C_DROP_TRUNCATED, "parse6 < 40 bytes");
	pkt[0] = 0x40;
	CHECK(nat64_parse6(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED, "parse6 bad version");
	pkt[0] = 0x60;
	p16(pkt + 4, 0);
	pkt[6] = IPPROTO_HOPOPTS;
	CHECK(nat64_parse6(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED,
	      "parse6 jumbogram (payload length 0, hop-by-hop) refused");
	pkt[6] = 59;	/* no next header */
	CHECK(nat64_parse6(pkt, 40, false, &p) == 0 && p.proto == 59 && p.l4_off == 40 &&
	      !p.l4_len && !p.payload_len, "parse6 payload length 0, next header 59: empty");
	pkt[6] = IPPROTO_UDP;
	CHECK(nat64_parse6(pkt, 40, false, &p) == 0 && p.proto == IPPROTO_UDP && !p.l4_len,
	      "parse6 payload length 0, UDP: empty (the L4 minimum is the caller's)");

	/* HBH, DST, routing (segments left 0), fragment (offset 0, M), TCP. */
	q = ext(pkt + 40, IPPROTO_DSTOPTS, 0, 0);
	q = ext(q, IPPROTO_ROUTING, 0, 0);
	q = ext(q, IPPROTO_FRAGMENT, 0, 0);
	q = ext(q, IPPROTO_TCP, 0, 1);
	((struct nat64_frag_hdr *)(q - 8))->identification = htonl(0xdeadbeef);
	memset(q, 0, 20);
	len = build6(pkt, &S6, &D6, IPPROTO_HOPOPTS, 64, NULL, 32 + 20);
	r = nat64_parse6(pkt, len, false, &p);
	CHECK(!r && p.proto == IPPROTO_TCP && p.l4_off == 72 && p.l4_len == 20 && p.has_frag &&
	      p.frag_off == 64 && p.more_frags && p.first_frag && p.frag_offset == 0 &&
	      ntohl(p.frag.identification) == 0xdeadbeef, "parse6 ext chain HBH/DST/RH/FRAG");
	CHECK(!p.frag_ext, "parse6 headers before the Fragment header are not frag_ext");
	CHECK(nat64_parse6(pkt, 60, true, &p) == -NAT64_C_DROP_TRUNCATED,
	      "parse6 quote cut inside the ext chain -> truncated");

	/* Fragment with offset: upper-layer header absent. */
	p16(pkt + 64 + 2, (185 << 3) | 1);
	r = nat64_parse6(pkt, len, false, &p);
	CHECK(!r && p.has_frag && !p.first_frag && p.frag_offset == 1480 && p.more_frags &&
	      p.proto == IPPROTO_TCP && p.l4_off == 72,
	      "parse6 non-first fragment: chain ends at the fragment header");

	/* Routing header with segments left. */
	p16(pkt + 64 + 2, 0);
	pkt[56 + 3] = 2;
	r = nat64_parse6(pkt, len, false, &p);
	CHECK(r == -NAT64_C_DROP_ROUTING_HDR && p.seg_left_nonzero && p.seg_left_ptr == 59,
	      "parse6 routing segments left -> drop, pointer %u", p.seg_left_ptr);
	r = nat64_parse6(pkt, len, true, &p);
	CHECK(!r && p.seg_left_nonzero && p.proto == IPPROTO_TCP,
	      "parse6 quoted packet with segments left is only reported");
	pkt[56 + 3] = 0;

	/* Hop-by-hop not first. */
	pkt[6] = IPPROTO_DSTOPTS;
	pkt[40] = IPPROTO_HOPOPTS;
	CHECK(nat64_parse6(pkt, len, false, &p) == -NAT64_C_DROP_EXT_HDR,
	      "parse6 hop-by-hop after another header refused");
	pkt[6] = IPPROTO_HOPOPTS;
	pkt[40] = IPPROTO_DSTOPTS;

	/* Two fragment headers. */
	pkt[48] = IPPROTO_FRAGMENT;
	CHECK(nat64_parse6(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED,
	      "parse6 two fragment headers refused");

	/* Fragment header, then destination options, then TCP. */
	q = ext(pkt + 40, IPPROTO_FRAGMENT, 0, 0);
	q = ext(q, IPPROTO_DSTOPTS, 0, 1);
	q = ext(q, IPPROTO_TCP, 0, 0);
	memset(q, 0, 20);
	len = build6(pkt, &S6, &D6, IPPROTO_HOPOPTS, 64, NULL, 24 + 20);
	r = nat64_parse6(pkt, len, false, &p);
	CHECK(!r && p.frag_ext && p.frag_ext_ptr == 48 && p.proto == IPPROTO_TCP &&
	      p.l4_off == 64, "parse6 DST after the Fragment header: frag_ext, pointer %u",
	      p.frag_ext_ptr);

	/* Ext header length running past the payload. */
	len = build6(pkt, &S6, &D6, IPPROTO_DSTOPTS, 64, NULL, 16);
	memset(pkt + 40, 0, 16);
	pkt[40] = IPPROTO_UDP;
	pkt[41] = 3;	/* 32 bytes */
	CHECK(nat64_parse6(pkt, len, false, &p) == -NAT64_C_DROP_TRUNCATED,
	      "parse6 ext header longer than the packet");
	pkt[41] = 1;	/* exactly 16: no upper-layer bytes */
	CHECK(nat64_parse6(pkt, len, false, &p) == 0 && p.l4_len == 0 && p.l4_off == 56,
	      "parse6 ext header filling the packet");
	/* Unknown next header (ESP) ends the chain as opaque payload. */
	len = build6(pkt, &S6, &D6, 50, 64, pl, 30);
	CHECK(nat64_parse6(pkt, len, false, &p) == 0 && p.proto == 50 && p.l4_off == 40,
	      "parse6 ESP is opaque upper layer");
}

static void v4(void)
{
	u8 pkt[100], pl[60] = { 0 };
	struct nat64_pkt4 p;
	u32 len;
	int r;

	len = build4(pkt, A4("192.0.2.1"), A4("198.51.100.1"), IPPROTO_UDP, 64, 1, 0x4000, pl, 30);
	r = nat64_parse4(pkt, len, false, &p);
	CHECK(!r && p.ihl_bytes == 20 && p.proto == 17 && p.tot_len == 50 && p.l4_len == 30 &&
	      p.dont_frag && !p.is_fragment && p.first_frag, "parse4 plain UDP with DF");
	CHECK(nat64_parse4(pkt, len - 1, false, &p) == -NAT64_C_DROP_TRUNCATED,
	      "parse4 total length beyond buffer");
	CHECK(nat64_parse4(pkt, len - 1, true, &p) == 0 && p.l4_len == 30,
	      "parse4 truncated mode");
	CHECK(nat64_parse4(pkt, 19, true, &p) == -NAT64_C_DROP_TRUNCATED, "parse4 < 20 bytes");
	pkt[0] = 0x44;
	CHECK(nat64_parse4(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED, "parse4 ihl < 5");
	pkt[0] = 0x65;
	CHECK(nat64_parse4(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED, "parse4 bad version");
	pkt[0] = 0x4f;
	CHECK(nat64_parse4(pkt, 40, true, &p) == -NAT64_C_DROP_TRUNCATED,
	      "parse4 options beyond the buffer");
	pkt[0] = 0x46;
	CHECK(nat64_parse4(pkt, len, false, &p) == 0 && p.ihl_bytes == 24 && p.l4_len == 26,
	      "parse4 with options");
	p16(pkt + 2, 22);
	CHECK(nat64_parse4(pkt, len, false, &p) == -NAT64_C_DROP_MALFORMED,
	      "parse4 total length < header length");
	pkt[0] = 0x45;
	p16(pkt + 2, 50);
	p16(pkt + 6, 0x2000 | 185);
	CHECK(nat64_parse4(pkt, len, false, &p) == 0 && p.is_fragment && p.more_frags &&
	      p.frag_offset == 1480 && !p.first_frag && !p.dont_frag, "parse4 fragment fields");
	p16(pkt + 6, 0x2000);
	CHECK(nat64_parse4(pkt, len, false, &p) == 0 && p.is_fragment && p.first_frag,
	      "parse4 first fragment");
}

/* RFC 7915 4.1: an unfinished source route is reported, a finished one is not. */
static void v4_source_route(void)
{
	/* NOP, then LSRR of length 7 with one hop; pointer 4 = hop pending. */
	u8 opts[8] = { 1, 0x83, 7, 4, 192, 0, 2, 9 };
	u8 pkt[100], pl[60] = { 0 };
	struct nat64_pkt4 p;
	u32 len;

	memcpy(pl, opts, sizeof(opts));
	len = build4(pkt, A4("192.0.2.1"), A4("198.51.100.1"), IPPROTO_UDP, 64, 1, 0, pl, 38);
	pkt[0] = 0x47;
	CHECK(!nat64_parse4(pkt, len, false, &p) && p.src_route_pending && p.src_route_ptr == 21,
	      "parse4 LSRR with a hop left is reported");
	pkt[21] = 0x89;
	CHECK(!nat64_parse4(pkt, len, false, &p) && p.src_route_pending,
	      "parse4 SSRR with a hop left is reported");
	pkt[23] = 8;
	CHECK(!nat64_parse4(pkt, len, false, &p) && !p.src_route_pending,
	      "parse4 exhausted source route is not");
	pkt[21] = 7;	/* record route: not a source route */
	pkt[23] = 4;
	CHECK(!nat64_parse4(pkt, len, false, &p) && !p.src_route_pending,
	      "parse4 record route is not a source route");
	pkt[21] = 0x83;
	pkt[22] = 30;	/* runs past the header: the walk stops */
	CHECK(!nat64_parse4(pkt, len, false, &p) && !p.src_route_pending,
	      "parse4 malformed option list ignored");
}

void test_parse(void)
{
	v6();
	v4();
	v4_source_route();
}
