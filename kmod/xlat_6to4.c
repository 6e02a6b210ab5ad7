// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 -> IPv4 (RFC 7915 section 5) on an skb.
 *
 * Ordinary packets are edited in place: the IPv6 header and its extension
 * headers are replaced by an IPv4 header and the L4 checksum is adjusted
 * incrementally, so payload bytes are never touched or copied (GSO packets
 * stay GSO). ICMPv6 errors, which carry a packet to translate, are rebuilt
 * into a new skb by the core (slow path).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <linux/jhash.h>
#include <linux/inetdevice.h>
#include <linux/nat64.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/addrconf.h>
#include <net/route.h>
#include "core/addr.h"
#include "core/csum.h"
#include "core/hdr.h"
#include "core/icmp_map.h"
#include "core/inner.h"
#include "core/parse.h"
#include "compat.h"
#include "icmp_send.h"
#include "route.h"
#include "xlat.h"

/*
 * Bytes the parser and the L4 fix-up need linear: the extension chain plus
 * the L4 header of a first fragment. Walks with skb_header_pointer() so that
 * nothing is pulled before the chain is known to be sane.
 */
static int need6(const struct sk_buff *skb, u32 *need)
{
	u32 off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	u8 buf[4];
	const u8 *h;

	for (;;) {
		switch (nexthdr) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
		case IPPROTO_ROUTING:
			h = skb_header_pointer(skb, off, 2, buf);
			if (!h)
				return -NAT64_C_DROP_TRUNCATED;
			nexthdr = h[0];
			off += ((u32)h[1] + 1) * 8;
			break;
		case IPPROTO_FRAGMENT:
			h = skb_header_pointer(skb, off, 4, buf);
			if (!h)
				return -NAT64_C_DROP_TRUNCATED;
			nexthdr = h[0];
			off += 8;
			/* Not a first fragment: no L4 header follows. */
			if ((h[2] << 8 | h[3]) & NAT64_FRAG6_OFFSET_MASK) {
				*need = off;
				return 0;
			}
			break;
		default:
			*need = off + nat64_l4_min(nexthdr);
			return 0;
		}
		if (off > NAT64_MAX_L3_HDR6)
			return -NAT64_C_DROP_EXT_HDR;
	}
}

/* TCPv6 GSO becomes TCPv4 GSO; kinds we cannot re-label are refused. */
static bool gso_6to4(struct sk_buff *skb, bool commit)
{
	struct skb_shared_info *si = skb_shinfo(skb);
	unsigned int t = si->gso_type;

	if (t & ~(SKB_GSO_TCPV6 | SKB_GSO_TCP_ECN | SKB_GSO_DODGY | SKB_GSO_UDP_L4))
		return false;
	if (commit && (t & SKB_GSO_TCPV6))
		si->gso_type = (t & ~SKB_GSO_TCPV6) | SKB_GSO_TCPV4;
	return true;
}

/* Checksum of the first fragment's L4 header (the rest of the packet is untouched). */
static void fix_l4(struct sk_buff *skb, const struct nat64_pkt6 *p, const struct ipv6hdr *ip6,
		   const struct iphdr *iph, const struct nat64_icmp_map *im,
		   const struct nat64_nat_xlat *nat)
{
	u8 *l4 = skb->data + p->l4_off;
	__wsum diff;

	switch (p->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		/* Length and protocol are the same in both pseudo headers. */
		diff = csum_sub(csum_partial(&iph->saddr, 8, 0),
				csum_partial(&ip6->saddr, 32, 0));
		nat64_l4_fix(skb, l4, p->proto, diff, nat);
		break;
	case IPPROTO_ICMPV6: {
		struct icmp6hdr *ih = (struct icmp6hdr *)l4;
		u8 tc[2] = { im->type, im->code };
		__be16 old_tc, new_tc;

		memcpy(&old_tc, l4, 2);
		memcpy(&new_tc, tc, 2);
		ih->icmp6_cksum = nat64_csum_icmp_6to4(ih->icmp6_cksum, &ip6->saddr, &ip6->daddr,
						       p->l4_len, old_tc, new_tc);
		l4[0] = im->type;
		l4[1] = im->code;
		if (nat)
			nat64_nat_echo_id(l4, &ih->icmp6_cksum, nat);
		break;
	}
	}
}

/* ICMPv6 error: translate the whole message (outer and quoted packet) into a new skb. */
static unsigned int icmp_err(const struct nat64_pctx *c, struct sk_buff *skb, __be32 d4)
{
	const struct nat64_config *cfg = c->cfg;
	bool hairpin = c->nat && c->nat->hairpin;
	struct rtable *rt = NULL;
	struct nat64_xlat_ctx x;
	struct sk_buff *n;
	bool used_pool;
	int len;

	/*
	 * Routed first: the MTU of the IPv4 egress goes into a translated PTB.
	 * An error about a hairpinned packet (RFC 6146 3.8) has no IPv4 egress:
	 * it goes back to the IPv6 side through nat64_nat_hairpin().
	 */
	if (!hairpin) {
		rt = nat64_route4(c->net, skb->mark, 0, d4, IPPROTO_ICMP);
		if (IS_ERR(rt))
			return nat64_drop(c, NAT64_C_DROP_NO_ROUTE);
	}

	memset(&x, 0, sizeof(x));
	x.map = &cfg->map;
	x.hdr = cfg->hdr;
	x.pool6791 = cfg->pool6791;
	x.nr_pool6791 = cfg->nr_pool6791;
	/* RFC 6791 pool empty: the address this host would use towards d4. */
	if (rt && !cfg->nr_pool6791 && cfg->pool6791_fallback == NAT64_POOL6791_OWN_ADDRESS)
		x.own4 = inet_select_addr(rt->dst.dev, rt_nexthop(rt, d4), RT_SCOPE_UNIVERSE);
	x.nat = c->nat ? &c->nat->inner : NULL;
	x.hash = jhash(&ipv6_hdr(skb)->saddr, sizeof(struct in6_addr), 0);
	x.mtu_out = rt ? dst_mtu(&rt->dst) : 0xffffffff;
	x.mtu_in = c->in ? c->in->mtu : 0xffffffff;

	if (skb_linearize(skb))
		goto nomem;
	n = alloc_skb(LL_MAX_HEADER + NAT64_ICMP4_ERR_MAX, GFP_ATOMIC);
	if (!n)
		goto nomem;
	skb_reserve(n, LL_MAX_HEADER);
	len = nat64_icmp_err_6to4(&x, skb->data, skb->len, n->data, NAT64_ICMP4_ERR_MAX,
				  &used_pool);
	if (len < 0) {
		kfree_skb(n);
		ip_rt_put(rt);
		return nat64_drop_err(c, len);
	}
	skb_put(n, len);
	skb_reset_network_header(n);
	skb_set_transport_header(n, ip_hdrlen(n));
	n->protocol = htons(ETH_P_IP);
	n->mark = skb->mark;
	n->priority = skb->priority;
	n->skb_iif = skb->skb_iif;

	nat64_count(c, NAT64_C_XLAT_ICMP_ERR_6TO4);
	if (used_pool)
		nat64_count(c, cfg->nr_pool6791 ? NAT64_C_POOL6791_USED :
				NAT64_C_POOL6791_OWN_ADDRESS);
	if (hairpin) {
		n->dev = skb->dev;
		consume_skb(skb);
		return nat64_nat_hairpin(c, n);
	}
	if (nat64_output(c->net, n, &rt->dst))
		nat64_count(c, NAT64_C_DROP_OUTPUT);
	consume_skb(skb);
	return NF_STOLEN;

nomem:
	ip_rt_put(rt);
	return nat64_drop(c, NAT64_C_DROP_NOMEM);
}

unsigned int nat64_xlat_6to4(const struct nat64_pctx *c, struct sk_buff *skb)
{
	const struct nat64_config *cfg = c->cfg;
	enum nat64_addr_result rd, rs;
	struct nat64_icmp_map im = { 0 };
	struct nat64_pkt6 p;
	struct ipv6hdr *ip6;
	struct iphdr iph;
	struct rtable *rt;
	__be32 s4 = 0, d4 = 0;
	bool is_frag, df, fits;
	u32 need, l4min, tot4, mtu;
	int err;

	if (skb_network_offset(skb) || !pskb_may_pull(skb, sizeof(*ip6)))
		return NF_ACCEPT;
	ip6 = ipv6_hdr(skb);
	/* Multicast, link-local, loopback destinations: never ours. */
	if (nat64_addr6_is_special(&ip6->daddr))
		return NF_ACCEPT;
	if (c->nat) {
		/* Stateful: both addresses come from the session. */
		s4 = c->nat->s4;
		d4 = c->nat->d4;
		rd = NAT64_ADDR_OK;
		rs = NAT64_ADDR_OK;
	} else {
		/*
		 * ND/MLD: never ours either. Stateful callers checked it already
		 * (nat64_nat_6to4(); kmod/opt/ passes plain TCP only).
		 */
		if (nat64_skb_icmp6_link_scope(skb))
			return NF_ACCEPT;
		rd = nat64_map_6to4(&cfg->map, &ip6->daddr, &d4);
		if (rd == NAT64_ADDR_NO_MAPPING)
			return NF_ACCEPT;
		rs = nat64_map_6to4(&cfg->map, &ip6->saddr, &s4);
		/*
		 * This host's own IPv6 traffic to an address that happens to map
		 * (e.g. an EAM'd IPv6 host) stays IPv6 unless its source maps too:
		 * otherwise our own ICMPv6 errors and ping6 would be hijacked.
		 */
		if (c->local && rs != NAT64_ADDR_OK)
			return NF_ACCEPT;
		/* Addressed to this host (e.g. covered by an EAM): not ours either. */
		if (!c->local && ipv6_chk_addr(c->net, &ip6->daddr, NULL, 0))
			return NF_ACCEPT;
	}

	nat64_count(c, NAT64_C_RX6);
	if (rd != NAT64_ADDR_OK) {
		nat64_icmp6_unmappable_dst(c, skb, rd);
		return nat64_drop(c, nat64_addr_counter(rd, false));
	}

	err = need6(skb, &need);
	if (err)
		return nat64_drop_err(c, err);
	if (!pskb_may_pull(skb, min(need, skb->len)))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
	ip6 = ipv6_hdr(skb);
	/* "truncated": the payload may sit in pages; lengths are checked below. */
	err = nat64_parse6(skb->data, skb_headlen(skb), true, &p);
	if (err)
		return nat64_drop_err(c, err);
	/* Payload length 0 with more behind it: a jumbogram or a BIG TCP GRO packet. */
	if (!p.payload_len && skb->len != sizeof(*ip6))
		return nat64_drop(c, NAT64_C_DROP_MALFORMED);
	if (skb->len != sizeof(*ip6) + p.payload_len)
		return nat64_drop(c, NAT64_C_DROP_TRUNCATED);
	/*
	 * SIIT-DC: a global source without a mapping is a native IPv6 host
	 * talking to a dual-stack server covered by an EAM; only ICMPv6 errors
	 * (RFC 6791 pool) are translated from such sources (hooks.rst).
	 */
	if (rs == NAT64_ADDR_NO_MAPPING && !(p.proto == IPPROTO_ICMPV6 && p.first_frag &&
					     skb_headlen(skb) > p.l4_off &&
					     nat64_icmp6_is_error(skb->data[p.l4_off]))) {
		nat64_count(c, NAT64_C_PASS_NO_MAPPING_SRC);
		return NF_ACCEPT;
	}
	if (p.seg_left_nonzero) {
		nat64_icmp6_error(c, skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, p.seg_left_ptr,
				  NAT64_C_ICMP_SENT_PARAM_PROB);
		return nat64_drop(c, NAT64_C_DROP_ROUTING_HDR);
	}
	if (!c->local && ip6->hop_limit <= 1) {
		nat64_icmp6_error(c, skb, ICMPV6_TIME_EXCEED, ICMPV6_EXC_HOPLIMIT, 0,
				  NAT64_C_ICMP_SENT_TIME_EXCEEDED);
		return nat64_drop(c, NAT64_C_DROP_TTL_EXPIRED);
	}

	is_frag = p.has_frag && (p.more_frags || p.frag_offset);
	l4min = p.first_frag ? nat64_l4_min(p.proto) : 0;
	if (p.l4_len < l4min || skb_headlen(skb) < p.l4_off + l4min)
		return nat64_drop(c, NAT64_C_DROP_TRUNCATED);

	if (p.proto == IPPROTO_ICMPV6) {
		u8 *l4 = skb->data + p.l4_off;

		/* The ICMPv6 checksum covers the whole message: see hooks.rst. */
		if (is_frag)
			return nat64_defrag6(c, skb, NAT64_C_ICMP_REASSEMBLED,
					     NAT64_C_DROP_ICMP_FRAGMENTED);
		if (nat64_icmp6_is_error(l4[0])) {
			int v = nat64_eam_hairpin_err(c, skb, &p);

			return v >= 0 ? (unsigned int)v : icmp_err(c, skb, d4);
		}
		nat64_icmp_map_6to4(l4[0], l4[1], &im);
		if (im.kind != NAT64_ICMP_INFO)
			return nat64_drop(c, NAT64_C_DROP_ICMP_UNTRANSLATABLE);
	}
	/*
	 * Headers after the Fragment header of a real fragment belong to the
	 * fragmentable part: removing them would shift every later fragment's
	 * offset. Refuse it instead (RFC 7915 5.1 cannot apply fragment by
	 * fragment; ICMP above was reassembled, so it never gets here).
	 */
	if (is_frag && p.frag_ext) {
		nat64_icmp6_error(c, skb, ICMPV6_PARAMPROB, ICMPV6_HDR_FIELD, p.frag_ext_ptr,
				  NAT64_C_ICMP_SENT_PARAM_PROB);
		return nat64_drop(c, NAT64_C_DROP_FRAG_EXT_HDR);
	}
	if (rs != NAT64_ADDR_OK)
		return nat64_drop(c, nat64_addr_counter(rs, true));
	if (!c->nat && !c->local && nat64_eam_hairpin_dst(cfg, &ip6->daddr, d4))
		return nat64_eam_hairpin(c, skb, &p, s4, d4);

	tot4 = sizeof(iph) + p.l4_len;
	if (tot4 > 0xffff)
		return nat64_drop(c, NAT64_C_DROP_FRAG_NEEDED);
	if (skb_is_gso(skb) && !gso_6to4(skb, false))
		return nat64_drop(c, NAT64_C_DROP_GSO);

	if (c->nat && c->nat->hairpin) {
		/* Stateful hairpin: the IPv4 packet never leaves, no route needed. */
		rt = NULL;
		mtu = IP_MAX_MTU;
	} else {
		rt = nat64_route4(c->net, skb->mark, s4, d4, nat64_proto_6to4(p.proto));
		if (IS_ERR(rt)) {
			nat64_icmp6_error(c, skb, ICMPV6_DEST_UNREACH, ICMPV6_NOROUTE, 0,
					  NAT64_C_ICMP_SENT_UNREACH);
			return nat64_drop(c, NAT64_C_DROP_NO_ROUTE);
		}
		mtu = dst_mtu(&rt->dst);
	}

	/* Path MTU (RFC 7915 5.1): DF is set above 1260 bytes, GSO is always DF. */
	df = !p.has_frag && !c->reasm && tot4 > NAT64_DF_THRESHOLD;
	if (skb_is_gso(skb)) {
		/* Segments lose l4_off - 20 bytes of header each. */
		skb_set_transport_header(skb, p.l4_off);
		fits = skb_gso_validate_network_len(skb, mtu + p.l4_off - sizeof(iph));
		df = true;
	} else {
		fits = tot4 <= mtu;
	}
	if (!fits && df) {
		nat64_icmp6_error(c, skb, ICMPV6_PKT_TOOBIG, 0,
				  max_t(u32, IPV6_MIN_MTU, mtu + 20),
				  NAT64_C_ICMP_SENT_PKT_TOO_BIG);
		ip_rt_put(rt);
		return nat64_drop(c, NAT64_C_DROP_FRAG_NEEDED);
	}
	/* DF=0 and too big: ip_output() fragments it. */

	/* The header shrinks: the headroom it leaves is enough for output. */
	if (nat64_skb_own(skb, p.l4_off + l4min, 0))
		goto nomem;
	/* Forwarded like ip_forward() would: CHECKSUM_COMPLETE cannot follow. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	if (p.proto == IPPROTO_ICMPV6 && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb))
		goto nomem;

	ip6 = ipv6_hdr(skb);
	nat64_hdr_6to4(ip6, &p, s4, d4, p.l4_len,
		       (df || p.has_frag) ? 0 : htons(nat64_random_u16()),
		       !c->local, &cfg->hdr, &iph);
	if (p.first_frag)
		fix_l4(skb, &p, ip6, &iph, &im, c->nat);

	__skb_pull(skb, p.l4_off - sizeof(iph));
	skb_reset_network_header(skb);
	memcpy(skb->data, &iph, sizeof(iph));
	skb_set_transport_header(skb, sizeof(iph));
	skb->protocol = htons(ETH_P_IP);
	if (skb_is_gso(skb)) {
		gso_6to4(skb, true);
		nat64_count(c, NAT64_C_XLAT_GSO);
	}

	nat64_count(c, NAT64_C_XLAT_6TO4);
	if (is_frag)
		nat64_count(c, NAT64_C_XLAT_FRAG_6TO4);
	if (c->nat && c->nat->hairpin) {
		ip_rt_put(rt);
		return nat64_nat_hairpin(c, skb);
	}
	if (nat64_output(c->net, skb, &rt->dst))
		nat64_count(c, NAT64_C_DROP_OUTPUT);
	return NF_STOLEN;

nomem:
	ip_rt_put(rt);
	return nat64_drop(c, NAT64_C_DROP_NOMEM);
}
