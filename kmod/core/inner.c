// SPDX-License-Identifier: GPL-2.0
/*
 * Whole ICMP error translation (RFC 7915 4.2/5.2 and "ICMP Error Payload"):
 * outer header, ICMP header and the quoted packet are rebuilt into a fresh
 * buffer, truncated to the minimum MTU of the output family, RFC 4884
 * extensions carried over behind the translated original datagram (the
 * length attribute follows it), and the ICMP checksum computed last.
 * Errors are rare, so clarity wins over speed here.
 */
#include "inner.h"
#include "csum.h"
#include "counters.h"
#include "icmp_ext.h"
#include "icmp_map.h"
#include "parse.h"

#define IP6_HLEN	40
#define IP4_HLEN	20
#define ICMP_HLEN	8
#define FRAG6_HLEN	8

static inline u16 get16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 get32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline void put16(u8 *p, u16 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static inline void put32(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 24);
	p[1] = (u8)(v >> 16);
	p[2] = (u8)(v >> 8);
	p[3] = (u8)v;
}

/* A checksum field is kept as the big-endian bytes of the buffer. */
static inline __sum16 get_csum(const u8 *p)
{
	__sum16 v;

	memcpy(&v, p, 2);
	return v;
}

static inline void put_csum(u8 *p, __sum16 v)
{
	memcpy(p, &v, 2);
}

static int addr_err(enum nat64_addr_result r, bool src)
{
	switch (r) {
	case NAT64_ADDR_SPECIAL:
		return -NAT64_C_DROP_SPECIAL_ADDR;
	case NAT64_ADDR_DENIED:
		return -NAT64_C_DROP_DENIED;
	case NAT64_ADDR_NOT_GLOBAL:
		return -NAT64_C_DROP_NOT_GLOBAL;
	default:
		return src ? -NAT64_C_DROP_NO_MAPPING_SRC : -NAT64_C_DROP_NO_MAPPING_DST;
	}
}

static inline u32 nat64_min32(u32 a, u32 b)
{
	return a < b ? a : b;
}

/*
 * Fix the quoted transport header (n bytes present at l4) of a quoted packet
 * whose addresses were just translated: to6 means IPv4 s4/d4 became IPv6
 * s6/d6, otherwise the reverse. proto is the quoted protocol before the change.
 */
static void quote_l4(u8 *l4, u32 n, u8 proto, u32 l4_len, bool to6, __be32 s4, __be32 d4,
		     const struct in6_addr *s6, const struct in6_addr *d6)
{
	u8 echo_in = to6 ? ICMP_ECHO : ICMPV6_ECHO_REQUEST;
	u8 reply_in = to6 ? ICMP_ECHOREPLY : ICMPV6_ECHO_REPLY;
	u8 t, off = proto == IPPROTO_TCP ? 16 : 6;
	__be16 o, nw;
	__sum16 c;

	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (n < off + 2u)
			return;
		c = get_csum(l4 + off);
		/* A zero UDP checksum (none) stays as quoted. */
		if (proto == IPPROTO_UDP && !c)
			return;
		c = to6 ? nat64_csum_l4_4to6(c, s4, d4, s6, d6) :
			  nat64_csum_l4_6to4(c, s6, d6, s4, d4);
		if (proto == IPPROTO_UDP && !c)
			c = (__sum16)0xffff;
		put_csum(l4 + off, c);
		return;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		/* Only echo changes type; other informational types are quoted as they are. */
		if ((proto == IPPROTO_ICMP) != to6 || n < 1 || (l4[0] != echo_in && l4[0] != reply_in))
			return;
		if (to6)
			t = l4[0] == echo_in ? ICMPV6_ECHO_REQUEST : ICMPV6_ECHO_REPLY;
		else
			t = l4[0] == echo_in ? ICMP_ECHO : ICMP_ECHOREPLY;
		if (n >= 4) {
			o = cpu_to_be16((u16)(l4[0] << 8 | l4[1]));
			nw = cpu_to_be16((u16)(t << 8 | l4[1]));
			c = get_csum(l4 + 2);
			c = to6 ? nat64_csum_icmp_4to6(c, s6, d6, l4_len, o, nw) :
				  nat64_csum_icmp_6to4(c, s6, d6, l4_len, o, nw);
			put_csum(l4 + 2, c);
		}
		l4[0] = t;
		return;
	}
}

/* RFC 1624 update of a final checksum field for one 16-bit word old -> new. */
static void csum_word(u8 *field, u16 old, u16 nw, bool udp)
{
	u32 sum;
	u16 c = get16(field);

	if (udp && !c)
		return;		/* no UDP checksum: stays none */
	sum = (u16)~c + (u16)~old + (u32)nw;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	c = (u16)~sum;
	if (udp && !c)
		c = 0xffff;
	put16(field, c);
}

/*
 * Stateful NAT64: give the quoted transport header (n bytes present, proto
 * already translated) the ports / echo identifier of the other side.
 */
static void quote_ports(u8 *l4, u32 n, u8 proto, const struct nat64_inner_nat *nat)
{
	u16 os, od;

	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (n < 4)
			return;
		os = get16(l4);
		od = get16(l4 + 2);
		put16(l4, nat->in_sport);
		put16(l4 + 2, nat->in_dport);
		if (proto == IPPROTO_TCP && n >= 18) {
			csum_word(l4 + 16, os, nat->in_sport, false);
			csum_word(l4 + 16, od, nat->in_dport, false);
		} else if (proto == IPPROTO_UDP && n >= 8) {
			csum_word(l4 + 6, os, nat->in_sport, true);
			csum_word(l4 + 6, od, nat->in_dport, true);
		}
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (n < 6 || (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY &&
			      l4[0] != ICMPV6_ECHO_REQUEST && l4[0] != ICMPV6_ECHO_REPLY))
			return;
		os = get16(l4 + 4);
		put16(l4 + 4, nat->in_icmp_id);
		csum_word(l4 + 2, os, nat->in_icmp_id, false);
		break;
	}
}

/*
 * Lay out the original datagram field (translated header hlen bytes already
 * at o, then plen payload bytes from src) and any RFC 4884 extension, within
 * room bytes. Returns the bytes written, sets *n to the payload bytes copied
 * and *words to the length attribute of the output (0 without extension).
 */
static u32 put_quote(u8 *o, u32 hlen, const u8 *src, u32 plen, u32 room,
		     const u8 *ext, u32 ext_len, u32 word, u32 *n, u32 *words)
{
	u32 field = 0;

	if (ext_len)
		field = nat64_icmp_ext_field(hlen + plen, ext_len, room, word);
	*words = field / word;
	if (!field) {
		*n = nat64_min32(plen, room - hlen);
		memcpy(o + hlen, src, *n);
		return hlen + *n;
	}
	*n = nat64_min32(plen, field - hlen);
	memcpy(o + hlen, src, *n);
	memset(o + hlen + *n, 0, field - hlen - *n);	/* RFC 4884 zero padding */
	memcpy(o + field, ext, ext_len);
	return field + ext_len;
}

int nat64_icmp_err_4to6(const struct nat64_xlat_ctx *ctx, const u8 *in, u32 avail,
			u8 *out, u32 outcap, bool *used_pool)
{
	struct in6_addr os6, od6, is6, id6;
	struct nat64_pkt4 op, ip;
	struct nat64_icmp_map m;
	struct nat64_icmp_ext x;
	struct iphdr oh, ih;
	const u8 *icmp, *inner;
	u32 icmp_len, quote, max, ihlen, n, rest = 0, l4len, qlen, words;
	u8 *o;
	int r;

	if (used_pool)
		*used_pool = false;
	r = nat64_parse4(in, avail, false, &op);
	if (r)
		return r;
	if (op.is_fragment)
		return -NAT64_C_DROP_ICMP_FRAGMENTED;
	if (op.proto != IPPROTO_ICMP)
		return -NAT64_C_DROP_MALFORMED;
	icmp = in + op.ihl_bytes;
	icmp_len = op.l4_len;
	if (icmp_len < ICMP_HLEN)
		return -NAT64_C_DROP_TRUNCATED;
	if (nat64_csum_fold16(nat64_csum_partial(icmp, icmp_len, 0)) != cpu_to_be16(0xffff))
		return -NAT64_C_DROP_CSUM;

	nat64_icmp_map_4to6(icmp[0], icmp[1], &m);
	if (m.kind != NAT64_ICMP_ERROR)
		return -NAT64_C_DROP_ICMP_UNTRANSLATABLE;

	memcpy(&oh, in, sizeof(oh));
	if (ctx->nat) {
		os6 = ctx->nat->out_s6;
		od6 = ctx->nat->out_d6;
	} else {
		__be32 qdst = 0;

		if (icmp_len >= ICMP_HLEN + IP4_HLEN)
			memcpy(&qdst, icmp + ICMP_HLEN + 16, 4);
		if (ctx->eam_hairpin_simple && oh.saddr == qdst)
			r = nat64_map_4to6_prefix(ctx->map, oh.saddr, &os6);
		else
			r = nat64_map_4to6_err_src(ctx->map, oh.saddr, &os6);
		/* A router with no mapping (EAM-only SIIT): the IPv6 counterpart pool. */
		if (r == NAT64_ADDR_NO_MAPPING && ctx->pool6791v6.len) {
			nat64_rfc6052_embed(&ctx->pool6791v6, oh.saddr, &os6);
			r = NAT64_ADDR_OK;
			if (used_pool)
				*used_pool = true;
		}
		if (r)
			return addr_err(r, true);
		r = nat64_map_4to6(ctx->map, oh.daddr, &od6);
		if (r)
			return addr_err(r, false);
	}

	/* The quoted packet, then maybe an RFC 4884 extension. */
	inner = icmp + ICMP_HLEN;
	nat64_icmp_ext_split(icmp, icmp_len - ICMP_HLEN, false, &x);
	quote = x.quote;
	if (nat64_parse4(inner, quote, true, &ip))
		return -NAT64_C_DROP_ICMP_ERR_BAD_INNER;
	/* The zero padding of a multi-part message is no part of the packet. */
	if (x.ext_len && quote > ip.tot_len)
		quote = ip.tot_len;
	if (!nat64_icmp_ext_type(m.type, true))
		x.ext_len = 0;	/* packet too big, parameter problem: no length attribute */
	if (ip.proto == IPPROTO_ICMP && ip.first_frag && quote > ip.ihl_bytes &&
	    nat64_icmp4_is_error(inner[ip.ihl_bytes]))
		return -NAT64_C_DROP_ICMP_ERR_NESTED;
	memcpy(&ih, inner, sizeof(ih));
	if (ctx->nat) {
		is6 = ctx->nat->in_s6;
		id6 = ctx->nat->in_d6;
	} else {
		r = nat64_map_4to6(ctx->map, ih.saddr, &is6);
		if (r)
			return addr_err(r, true);
		if (ctx->eam_hairpin_simple)
			r = nat64_map_4to6_prefix(ctx->map, ih.daddr, &id6);
		else
			r = nat64_map_4to6(ctx->map, ih.daddr, &id6);
		if (r)
			return addr_err(r, false);
	}

	switch (m.rest) {
	case NAT64_REST_COPY:
		rest = get32(icmp + 4);
		break;
	case NAT64_REST_MTU:
		rest = nat64_icmp_mtu_4to6(get16(icmp + 6), ip.tot_len, ctx->mtu_out,
					   ctx->mtu_in);
		break;
	case NAT64_REST_POINTER:
		if (!nat64_icmp_ptr_4to6(icmp[4], &rest))
			return -NAT64_C_DROP_ICMP_UNTRANSLATABLE;
		break;
	case NAT64_REST_FIXED_PTR:
		rest = m.fixed_ptr;
		break;
	case NAT64_REST_ZERO:
		break;
	}

	max = nat64_min32(outcap, NAT64_ICMP6_ERR_MAX);
	if (max < IP6_HLEN + ICMP_HLEN + IP6_HLEN + FRAG6_HLEN)
		return -NAT64_C_DROP_NOMEM;

	/* Quoted IPv6 header (not decremented), then the quoted payload. */
	o = out + IP6_HLEN + ICMP_HLEN;
	ihlen = nat64_hdr_4to6(&ih, &ip, &is6, &id6, ip.l4_len, false, false, &ctx->hdr, o);
	qlen = put_quote(o, ihlen, inner + ip.ihl_bytes, quote - ip.ihl_bytes,
			 max - IP6_HLEN - ICMP_HLEN, icmp + ICMP_HLEN + x.ext_off, x.ext_len,
			 8, &n, &words);
	o += ihlen;
	if (ip.first_frag) {
		quote_l4(o, n, ip.proto, ip.l4_len, true, ih.saddr, ih.daddr, &is6, &id6);
		if (ctx->nat)
			quote_ports(o, n, nat64_proto_4to6(ip.proto), ctx->nat);
	}

	/* ICMPv6 header and checksum over the pseudo header and message. */
	l4len = ICMP_HLEN + qlen;
	o = out + IP6_HLEN;
	o[0] = m.type;
	o[1] = m.code;
	put16(o + 2, 0);
	put32(o + 4, rest | words << 24);	/* length attribute: octet 4 */
	put_csum(o + 2, nat64_csum_finish(nat64_csum_partial(o, l4len,
				nat64_csum_pseudo6(&os6, &od6, l4len, IPPROTO_ICMPV6))));

	nat64_hdr_4to6(&oh, &op, &os6, &od6, l4len, false, !ctx->keep_ttl, &ctx->hdr, out);
	return (int)(IP6_HLEN + l4len);
}

int nat64_icmp_err_6to4(const struct nat64_xlat_ctx *ctx, const u8 *in, u32 avail,
			u8 *out, u32 outcap, bool *used_pool)
{
	struct in6_addr os6, od6, is6, id6;
	struct nat64_pkt6 op, ip;
	struct nat64_icmp_map m;
	struct nat64_icmp_ext x;
	__be32 os4, od4, is4, id4;
	struct iphdr h;
	const u8 *icmp, *inner;
	u32 icmp_len, quote, max, n, rest = 0, l4len, qlen, words;
	u8 *o;
	int r;

	if (used_pool)
		*used_pool = false;
	r = nat64_parse6(in, avail, false, &op);
	if (r)
		return r;
	if (op.has_frag && (op.more_frags || op.frag_offset))
		return -NAT64_C_DROP_ICMP_FRAGMENTED;
	if (op.proto != IPPROTO_ICMPV6)
		return -NAT64_C_DROP_MALFORMED;
	icmp = in + op.l4_off;
	icmp_len = op.l4_len;
	if (icmp_len < ICMP_HLEN)
		return -NAT64_C_DROP_TRUNCATED;
	memcpy(&os6, in + 8, 16);
	memcpy(&od6, in + 24, 16);
	if (nat64_csum_fold16(nat64_csum_partial(icmp, icmp_len,
				nat64_csum_pseudo6(&os6, &od6, icmp_len, IPPROTO_ICMPV6))) !=
	    cpu_to_be16(0xffff))
		return -NAT64_C_DROP_CSUM;

	nat64_icmp_map_6to4(icmp[0], icmp[1], &m);
	if (m.kind != NAT64_ICMP_ERROR)
		return -NAT64_C_DROP_ICMP_UNTRANSLATABLE;

	inner = icmp + ICMP_HLEN;
	nat64_icmp_ext_split(icmp, icmp_len - ICMP_HLEN, true, &x);
	quote = x.quote;
	if (nat64_parse6(inner, quote, true, &ip))
		return -NAT64_C_DROP_ICMP_ERR_BAD_INNER;
	if (x.ext_len && quote > IP6_HLEN + ip.payload_len)
		quote = IP6_HLEN + ip.payload_len;	/* drop the RFC 4884 padding */
	if (!nat64_icmp_ext_type(m.type, false))
		x.ext_len = 0;
	if (ip.proto == IPPROTO_ICMPV6 && ip.first_frag && quote > ip.l4_off &&
	    nat64_icmp6_is_error(inner[ip.l4_off]))
		return -NAT64_C_DROP_ICMP_ERR_NESTED;

	memcpy(&is6, inner + 8, 16);
	memcpy(&id6, inner + 24, 16);
	if (ctx->nat) {
		od4 = ctx->nat->out_d4;
		is4 = ctx->nat->in_s4;
		id4 = ctx->nat->in_d4;
	} else {
		r = nat64_map_6to4(ctx->map, &od6, &od4);
		if (r)
			return addr_err(r, false);
		r = nat64_map_6to4(ctx->map, &is6, &is4);
		if (r)
			return addr_err(r, true);
		r = nat64_map_6to4(ctx->map, &id6, &id4);
		if (r)
			return addr_err(r, false);
	}

	switch (m.rest) {
	case NAT64_REST_COPY:
		rest = get32(icmp + 4);
		break;
	case NAT64_REST_MTU:
		rest = nat64_icmp_mtu_6to4(get32(icmp + 4), ctx->mtu_out, ctx->mtu_in) & 0xffff;
		break;
	case NAT64_REST_POINTER: {
		u8 p4;

		if (!nat64_icmp_ptr_6to4(get32(icmp + 4), &p4))
			return -NAT64_C_DROP_ICMP_UNTRANSLATABLE;
		rest = (u32)p4 << 24;
		break;
	}
	case NAT64_REST_FIXED_PTR:
		rest = m.fixed_ptr << 24;
		break;
	case NAT64_REST_ZERO:
		break;
	}

	/* The source last: RFC 6791 pool only when everything else is fine. */
	if (ctx->nat) {
		os4 = ctx->nat->out_s4;
		r = 0;
	} else {
		r = nat64_map_6to4(ctx->map, &os6, &os4);
	}
	if (r) {
		/* RFC 6791 2.2/2.3: the pool, else the translator's own address. */
		if (!ctx->nr_pool6791 && ctx->own4)
			os4 = ctx->own4;
		else if (!nat64_pool6791_pick(ctx->pool6791, ctx->nr_pool6791, ctx->hash, &os4))
			return -NAT64_C_DROP_NO_POOL6791;
		if (used_pool)
			*used_pool = true;
	}

	max = nat64_min32(outcap, NAT64_ICMP4_ERR_MAX);
	if (max < IP4_HLEN + ICMP_HLEN + IP4_HLEN)
		return -NAT64_C_DROP_NOMEM;

	/*
	 * Quoted IPv4 header (TTL not decremented); ext headers disappear. A
	 * quoted payload over 65515 bytes has no IPv4 total length: saturate
	 * rather than let 20 + l4_len wrap to a length below the header.
	 */
	o = out + IP4_HLEN + ICMP_HLEN;
	nat64_hdr_6to4((const struct ipv6hdr *)inner, &ip, is4, id4,
		       nat64_min32(ip.l4_len, 0xffff - IP4_HLEN), 0, false, &ctx->hdr, &h);
	memcpy(o, &h, sizeof(h));
	qlen = put_quote(o, IP4_HLEN, inner + ip.l4_off, quote - ip.l4_off,
			 max - IP4_HLEN - ICMP_HLEN, icmp + ICMP_HLEN + x.ext_off, x.ext_len,
			 4, &n, &words);
	o += IP4_HLEN;
	if (ip.first_frag) {
		quote_l4(o, n, ip.proto, ip.l4_len, false, is4, id4, &is6, &id6);
		if (ctx->nat)
			quote_ports(o, n, nat64_proto_6to4(ip.proto), ctx->nat);
	}

	l4len = ICMP_HLEN + qlen;
	o = out + IP4_HLEN;
	o[0] = m.type;
	o[1] = m.code;
	put16(o + 2, 0);
	put32(o + 4, rest | words << 16);	/* length attribute: octet 5 */
	put_csum(o + 2, nat64_csum_finish(nat64_csum_partial(o, l4len, 0)));

	nat64_hdr_6to4((const struct ipv6hdr *)in, &op, os4, od4, l4len, ctx->ip_id, true,
		       &ctx->hdr, &h);
	memcpy(out, &h, sizeof(h));
	return (int)(IP4_HLEN + l4len);
}
