// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the stateless translation core (kmod/core): header
 * parsing (nat64_parse4/6), header translation (nat64_hdr_4to6/6to4) and
 * whole ICMP error translation (nat64_icmp_err_4to6/6to4, quoted packets,
 * RFC 4884 extensions).
 *
 * Input layout: a fixed-size config block (CFG_LEN bytes, zero-filled when
 * the input is shorter) describing prefixes, EAMs, deny list, RFC 6791 pool,
 * settings and optional stateful tuples, then the packet. Bit 0 of the first
 * byte picks the direction (0: the packet is IPv4, 1: IPv6); bit 1 repairs
 * the outer ICMP checksum so the fuzzer gets past the checksum check.
 *
 * Invariants (abort() on violation, libFuzzer reports a crash):
 *  - a translated ICMP error is at most min(outcap, 1280) (IPv6) or
 *    min(outcap, 576) (IPv4) bytes and the functions never write past outcap;
 *  - it parses back (nat64_parse6/4, not truncated, ICMP(v6), lengths agree);
 *  - its ICMP checksum is valid, as is its IPv4 header checksum;
 *  - its quoted packet parses as a (truncated) packet of the output family;
 *  - a translated header followed by the payload parses back with the same
 *    upper-layer length and the mapped protocol.
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/types.h"
#include "core/addr.h"
#include "core/csum.h"
#include "core/counters.h"
#include "core/parse.h"
#include "core/hdr.h"
#include "core/inner.h"
#include "core/icmp_map.h"

#define CFG_LEN		160
#define MAX_PFX		3
#define MAX_EAM		4
#define MAX_DENY	2
#define MAX_POOL	3
#define OUT_SLACK	64	/* guard bytes after outcap, must stay untouched */

struct rd {
	const u8 *p;
	size_t n;
};

static u8 g8(struct rd *r)
{
	u8 v = 0;

	if (r->n) {
		v = *r->p++;
		r->n--;
	}
	return v;
}

static u16 g16r(struct rd *r)
{
	return (u16)(g8(r) << 8 | g8(r));
}

static u32 g32r(struct rd *r)
{
	return (u32)g16r(r) << 16 | g16r(r);
}

static void gbytes(struct rd *r, void *dst, size_t n)
{
	u8 *d = dst;

	while (n--)
		*d++ = g8(r);
}

#define FAIL(...) do { fprintf(stderr, "fuzz_core: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static void mask6(struct in6_addr *a, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (len >= 8 * (i + 1))
			continue;
		if (len <= 8 * i)
			a->s6_addr[i] = 0;
		else
			a->s6_addr[i] &= (u8)(0xff << (8 - (len - 8 * i)));
	}
}

static __be32 mask4(__be32 a, unsigned int len)
{
	return len ? a & htonl(0xffffffffu << (32 - len)) : 0;
}

struct cfg {
	struct nat64_prefix6 pfx[MAX_PFX];
	struct nat64_eam eam6[MAX_EAM], eam4[MAX_EAM];
	struct nat64_prefix4 deny[MAX_DENY], pool[MAX_POOL];
	struct nat64_addrmap map;
	struct nat64_inner_nat nat;
	struct nat64_xlat_ctx ctx;
	u32 outcap;
	bool v6, fix_csum, dec_ttl;
};

static const u8 pfx_lens[] = { 32, 40, 48, 56, 64, 96 };

/* A config from the first CFG_LEN bytes; r is left at the packet. */
static void read_cfg(struct rd *r, struct cfg *c)
{
	struct rd k = { r->p, r->n < CFG_LEN ? r->n : CFG_LEN };
	u8 f0 = g8(&k), f1 = g8(&k), f2 = g8(&k);
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->v6 = f0 & 1;
	c->fix_csum = !(f0 & 2);	/* repaired unless asked not to */
	c->dec_ttl = f0 & 4;
	c->ctx.eam_hairpin_simple = f0 & 8;
	c->ctx.keep_ttl = f0 & 16;
	c->map.nr_prefixes = f1 % (MAX_PFX + 1);
	c->map.nr_eam = (f1 >> 2) % (MAX_EAM + 1);
	c->map.nr_deny = (f1 >> 5) % (MAX_DENY + 1);
	c->ctx.nr_pool6791 = f2 % (MAX_POOL + 1);

	for (i = 0; i < MAX_PFX; i++) {
		u8 l = g8(&k);

		/* Mostly 64:ff9b::/96 and its neighbours, sometimes any bytes. */
		if (l & 0x80) {
			gbytes(&k, &c->pfx[i].addr, 12);
		} else {
			c->pfx[i].addr.s6_addr[1] = 0x64;
			c->pfx[i].addr.s6_addr[2] = 0xff;
			c->pfx[i].addr.s6_addr[3] = 0x9b;
			c->pfx[i].addr.s6_addr[11] = (u8)i;
		}
		c->pfx[i].len = pfx_lens[l % sizeof(pfx_lens)];
		c->pfx[i].addr.s6_addr[8] = 0;	/* u-octet */
		mask6(&c->pfx[i].addr, c->pfx[i].len);
	}
	for (i = 0; i < MAX_EAM; i++) {
		struct nat64_eam *e = &c->eam6[i];
		u8 l4 = g8(&k) % 33, extra = g8(&k);
		unsigned int l6 = 128 - (32 - l4) - extra % 8 * 4;

		gbytes(&k, &e->p6.addr, 16);
		e->p4.addr = htonl(g32r(&k));
		e->p6.len = (u8)(extra & 0x80 ? g8(&k) % 129 : l6);
		e->p4.len = l4;
		mask6(&e->p6.addr, e->p6.len);
		e->p4.addr = mask4(e->p4.addr, l4);
	}
	memcpy(c->eam4, c->eam6, sizeof(c->eam6));
	nat64_eam_sort6(c->eam6, c->map.nr_eam);
	nat64_eam_sort4(c->eam4, c->map.nr_eam);
	for (i = 0; i < MAX_DENY; i++) {
		c->deny[i].len = g8(&k) % 33;
		c->deny[i].addr = mask4(htonl(g32r(&k)), c->deny[i].len);
	}
	for (i = 0; i < MAX_POOL; i++) {
		c->pool[i].len = (u8)(16 + g8(&k) % 17);
		c->pool[i].addr = mask4(htonl(g32r(&k)), c->pool[i].len);
	}
	c->map.prefixes = c->pfx;
	c->map.eam6 = c->eam6;
	c->map.eam4 = c->eam4;
	c->map.deny = c->deny;
	c->ctx.map = &c->map;
	c->ctx.pool6791 = c->pool;
	c->ctx.own4 = g8(&k) & 1 ? htonl(g32r(&k)) : 0;
	if (g8(&k) & 1) {
		c->ctx.pool6791v6 = c->pfx[0];
		c->ctx.pool6791v6.addr.s6_addr[0] ^= 0x20;
	}
	c->ctx.hdr.tos_override = g8(&k) & 1 ? (s16)g8(&k) : -1;
	c->ctx.hdr.tclass_override = g8(&k) & 1 ? (s16)g8(&k) : -1;
	c->ctx.hash = g32r(&k);
	c->ctx.mtu_out = g8(&k) & 1 ? g16r(&k) : 0xffffffff;
	c->ctx.mtu_in = g8(&k) & 1 ? g16r(&k) : 0xffffffff;
	c->ctx.ip_id = htons(g16r(&k));
	/* Small capacities exercise the truncation paths, 0 the refusal. */
	switch (g8(&k) % 4) {
	case 0:
		c->outcap = 2048;
		break;
	case 1:
		c->outcap = c->v6 ? NAT64_ICMP4_ERR_MAX : NAT64_ICMP6_ERR_MAX;
		break;
	default:
		c->outcap = g16r(&k) % 1400;
		break;
	}
	if (g8(&k) & 1) {
		gbytes(&k, &c->nat.out_s6, 16);
		gbytes(&k, &c->nat.out_d6, 16);
		gbytes(&k, &c->nat.in_s6, 16);
		gbytes(&k, &c->nat.in_d6, 16);
		c->nat.out_s4 = c->nat.in_d4 = htonl(g32r(&k));
		c->nat.out_d4 = c->nat.in_s4 = htonl(g32r(&k));
		c->nat.in_sport = g16r(&k);
		c->nat.in_dport = g16r(&k);
		c->nat.in_icmp_id = g16r(&k);
		c->ctx.nat = &c->nat;
	}
	r->p += r->n < CFG_LEN ? r->n : CFG_LEN;
	r->n -= r->n < CFG_LEN ? r->n : CFG_LEN;
}

static bool csum_ok(u32 sum)
{
	return nat64_csum_fold16(sum) == htons(0xffff);
}

/* Fix the outer ICMP(v6) checksum of a packet in buf, if it parses. */
static void fix_csum(u8 *buf, u32 len, bool v6)
{
	if (v6) {
		struct nat64_pkt6 p;
		struct in6_addr s, d;

		if (nat64_parse6(buf, len, false, &p) || p.proto != IPPROTO_ICMPV6 || p.l4_len < 4 ||
		    !p.first_frag)
			return;
		memcpy(&s, buf + 8, 16);
		memcpy(&d, buf + 24, 16);
		buf[p.l4_off + 2] = buf[p.l4_off + 3] = 0;
		{
			__sum16 c = nat64_csum_finish(nat64_csum_partial(buf + p.l4_off, p.l4_len,
						nat64_csum_pseudo6(&s, &d, p.l4_len, IPPROTO_ICMPV6)));
			memcpy(buf + p.l4_off + 2, &c, 2);
		}
	} else {
		struct nat64_pkt4 p;
		__sum16 c;

		if (nat64_parse4(buf, len, false, &p) || p.proto != IPPROTO_ICMP || p.l4_len < 4)
			return;
		buf[p.ihl_bytes + 2] = buf[p.ihl_bytes + 3] = 0;
		c = nat64_csum_finish(nat64_csum_partial(buf + p.ihl_bytes, p.l4_len, 0));
		memcpy(buf + p.ihl_bytes + 2, &c, 2);
	}
}

static bool ext_hdr_num(u8 proto)
{
	return proto == IPPROTO_HOPOPTS || proto == IPPROTO_ROUTING ||
	       proto == IPPROTO_FRAGMENT || proto == IPPROTO_DSTOPTS;
}

static void check_err6(const struct cfg *c, const u8 *o, int r)
{
	struct nat64_pkt6 p, q;
	struct in6_addr s, d;
	u8 nh;

	if ((u32)r > NAT64_ICMP6_ERR_MAX || (u32)r > c->outcap)
		FAIL("4to6 error of %d bytes (outcap %u)", r, c->outcap);
	if (nat64_parse6(o, (u32)r, false, &p))
		FAIL("4to6 error does not parse back");
	if (p.proto != IPPROTO_ICMPV6 || p.has_frag || p.l4_off != 40 || 40 + p.payload_len != (u32)r)
		FAIL("4to6 error: proto %u l4_off %u payload_len %u, %d bytes", p.proto, p.l4_off,
		     p.payload_len, r);
	memcpy(&s, o + 8, 16);
	memcpy(&d, o + 24, 16);
	if (!csum_ok(nat64_csum_partial(o + 40, p.l4_len,
					nat64_csum_pseudo6(&s, &d, p.l4_len, IPPROTO_ICMPV6))))
		FAIL("4to6 error: bad ICMPv6 checksum");
	if (!nat64_icmp6_is_error(o[40]))
		FAIL("4to6 error: type %u is no ICMPv6 error", o[40]);
	/* The quoted protocol an IPv6 extension header number: see hdr_4to6(). */
	nh = o[54];
	if (nh == IPPROTO_FRAGMENT && p.l4_len >= 8 + 48)
		nh = o[88];
	if (ext_hdr_num(nh))
		return;
	if (p.l4_len < 8 + 40 || nat64_parse6(o + 48, p.l4_len - 8, true, &q))
		FAIL("4to6 error: quoted packet does not parse (%u bytes)", p.l4_len - 8);
}

static void check_err4(const struct cfg *c, const u8 *o, int r)
{
	struct nat64_pkt4 p, q;

	if ((u32)r > NAT64_ICMP4_ERR_MAX || (u32)r > c->outcap)
		FAIL("6to4 error of %d bytes (outcap %u)", r, c->outcap);
	if (nat64_parse4(o, (u32)r, false, &p))
		FAIL("6to4 error does not parse back");
	if (p.proto != IPPROTO_ICMP || p.ihl_bytes != 20 || p.tot_len != (u32)r || p.is_fragment)
		FAIL("6to4 error: proto %u ihl %u tot_len %u frag %d, %d bytes", p.proto,
		     p.ihl_bytes, p.tot_len, p.is_fragment, r);
	if (!csum_ok(nat64_csum_partial(o, 20, 0)))
		FAIL("6to4 error: bad IPv4 header checksum");
	if (!csum_ok(nat64_csum_partial(o + 20, p.l4_len, 0)))
		FAIL("6to4 error: bad ICMP checksum");
	if (!nat64_icmp4_is_error(o[20]))
		FAIL("6to4 error: type %u is no ICMP error", o[20]);
	if (p.l4_len < 8 + 20 || nat64_parse4(o + 28, p.l4_len - 8, true, &q))
		FAIL("6to4 error: quoted packet does not parse (%u bytes)", p.l4_len - 8);
}

/* Plain header translation of a packet that parses, payload copied behind. */
static void hdr_4to6(const struct cfg *c, const u8 *in, u32 n)
{
	static u8 o[48 + 65536];
	struct nat64_pkt4 p;
	struct nat64_pkt6 q;
	struct in6_addr s, d;
	struct iphdr h;
	u32 hl;
	bool frag;

	if (nat64_parse4(in, n, false, &p))
		return;
	if (nat64_map_4to6(&c->map, ((const struct iphdr *)in)->saddr, &s) ||
	    nat64_map_4to6(&c->map, ((const struct iphdr *)in)->daddr, &d))
		return;
	memcpy(&h, in, sizeof(h));
	frag = p.is_fragment || !p.dont_frag;
	hl = nat64_hdr_4to6(&h, &p, &s, &d, p.l4_len, frag, c->dec_ttl, &c->ctx.hdr, o);
	if (hl != (frag ? 48u : 40u))
		FAIL("hdr_4to6 wrote %u bytes", hl);
	memcpy(o + hl, in + p.ihl_bytes, p.l4_len);
	/*
	 * RFC 7915 4.1 copies the protocol, so an IPv4 protocol that is an IPv6
	 * extension header number makes the payload parse as that header: only
	 * "no crash" holds then.
	 */
	if (ext_hdr_num(nat64_proto_4to6(p.proto))) {
		nat64_parse6(o, hl + p.l4_len, false, &q);
		return;
	}
	if (nat64_parse6(o, hl + p.l4_len, false, &q))
		FAIL("hdr_4to6 output does not parse back");
	if (q.l4_len != p.l4_len || q.has_frag != frag ||
	    (!p.is_fragment || p.first_frag ? q.proto != nat64_proto_4to6(p.proto) : false) ||
	    (frag && (q.frag_offset != p.frag_offset || q.more_frags != p.more_frags)))
		FAIL("hdr_4to6: l4_len %u/%u proto %u/%u frag %d", q.l4_len, p.l4_len, q.proto,
		     p.proto, frag);
}

static void hdr_6to4(const struct cfg *c, const u8 *in, u32 n)
{
	static u8 o[20 + 65536];
	struct nat64_pkt6 p;
	struct nat64_pkt4 q;
	struct in6_addr a;
	__be32 s, d;
	struct iphdr h;

	if (nat64_parse6(in, n, false, &p) || p.l4_len + 20 > 0xffff)
		return;
	memcpy(&a, in + 8, 16);
	if (nat64_map_6to4(&c->map, &a, &s))
		return;
	memcpy(&a, in + 24, 16);
	if (nat64_map_6to4(&c->map, &a, &d))
		return;
	nat64_hdr_6to4((const struct ipv6hdr *)in, &p, s, d, p.l4_len, c->ctx.ip_id, c->dec_ttl,
		       &c->ctx.hdr, &h);
	memcpy(o, &h, 20);
	memcpy(o + 20, in + p.l4_off, p.l4_len);
	if (!csum_ok(nat64_csum_partial(o, 20, 0)))
		FAIL("hdr_6to4: bad IPv4 header checksum");
	if (nat64_parse4(o, 20 + p.l4_len, false, &q))
		FAIL("hdr_6to4 output does not parse back");
	if (q.l4_len != p.l4_len || q.proto != nat64_proto_6to4(p.proto))
		FAIL("hdr_6to4: l4_len %u/%u proto %u/%u", q.l4_len, p.l4_len, q.proto, p.proto);
	if (p.has_frag && (q.frag_offset != p.frag_offset || q.more_frags != p.more_frags))
		FAIL("hdr_6to4: fragment offset %u/%u MF %d/%d", q.frag_offset, p.frag_offset,
		     q.more_frags, p.more_frags);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static u8 out[2048 + OUT_SLACK];
	struct rd r = { data, size };
	struct cfg c;
	bool pool;
	u8 *pkt;
	u32 n, i;
	int ret;

	if (size > 70000)
		return 0;
	read_cfg(&r, &c);
	n = (u32)r.n;
	/* An exact-size heap copy: ASan sees any read past the packet. */
	pkt = malloc(n ? n : 1);
	if (!pkt)
		abort();
	memcpy(pkt, r.p, n);
	if (c.fix_csum)
		fix_csum(pkt, n, c.v6);

	memset(out, 0xa5, sizeof(out));
	if (c.v6) {
		hdr_6to4(&c, pkt, n);
		ret = nat64_icmp_err_6to4(&c.ctx, pkt, n, out, c.outcap, &pool);
		if (ret > 0)
			check_err4(&c, out, ret);
		else if (ret == 0 || ret <= -NAT64_C_MAX)
			FAIL("6to4 error returned %d", ret);
	} else {
		hdr_4to6(&c, pkt, n);
		ret = nat64_icmp_err_4to6(&c.ctx, pkt, n, out, c.outcap, &pool);
		if (ret > 0)
			check_err6(&c, out, ret);
		else if (ret == 0 || ret <= -NAT64_C_MAX)
			FAIL("4to6 error returned %d", ret);
	}
	for (i = c.outcap < 2048 ? c.outcap : 2048; i < sizeof(out); i++)
		if (out[i] != 0xa5)
			FAIL("wrote byte %u past outcap %u", i, c.outcap);
	free(pkt);
	return 0;
}
