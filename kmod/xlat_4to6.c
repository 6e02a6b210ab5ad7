// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 -> IPv6 (RFC 7915 section 4) on an skb.
 *
 * Ordinary packets are edited in place (the IPv4 header, options included,
 * becomes an IPv6 header, plus a fragment header for IPv4 fragments) with an
 * incremental L4 checksum update. DF=0 packets too big for the IPv6 path are
 * cut into IPv6 fragments by frag6.c. ICMPv4 errors are rebuilt by the core.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/jhash.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_checksum.h>
#include <net/route.h>
#include "core/addr.h"
#include "core/csum.h"
#include "core/hdr.h"
#include "core/icmp_map.h"
#include "core/inner.h"
#include <linux/nat64.h>
#include "core/parse.h"
#include "compat.h"
#include "icmp_send.h"
#include "route.h"
#include "xlat.h"

#define HDR6_MAX	(sizeof(struct ipv6hdr) + sizeof(struct nat64_frag_hdr))

/* TCPv4 GSO becomes TCPv6 GSO; kinds we cannot re-label are refused. */
static bool gso_4to6(struct sk_buff *skb, bool commit)
{
	struct skb_shared_info *si = skb_shinfo(skb);
	unsigned int t = si->gso_type;

	if (t & ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID | SKB_GSO_TCP_ECN | SKB_GSO_DODGY |
		  SKB_GSO_UDP_L4))
		return false;
	if (commit && (t & SKB_GSO_TCPV4))
		si->gso_type = (t & ~(SKB_GSO_TCPV4 | SKB_GSO_TCP_FIXEDID)) | SKB_GSO_TCPV6;
	return true;
}

/* Checksum of the first fragment's L4 header; returns false to drop. */
static void fix_l4(struct sk_buff *skb, const struct nat64_pkt4 *p, const struct iphdr *iph,
		   const struct in6_addr *s6, const struct in6_addr *d6,
		   const struct nat64_icmp_map *im, const struct nat64_nat_xlat *nat)
{
	u8 *l4 = skb->data + p->ihl_bytes;
	__wsum diff;

	switch (p->proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		diff = csum_sub(csum_add(csum_partial(s6, 16, 0), csum_partial(d6, 16, 0)),
				csum_partial(&iph->saddr, 8, 0));
		nat64_l4_fix(skb, l4, p->proto, diff, nat);
		break;
	case IPPROTO_ICMP: {
		struct icmphdr *ih = (struct icmphdr *)l4;
		u8 tc[2] = { im->type, im->code };
		__be16 old_tc, new_tc;

		memcpy(&old_tc, l4, 2);
		memcpy(&new_tc, tc, 2);
		ih->checksum = nat64_csum_icmp_4to6(ih->checksum, s6, d6, p->l4_len, old_tc,
						    new_tc);
		l4[0] = im->type;
		l4[1] = im->code;
		if (nat)
			nat64_nat_echo_id(l4, &ih->checksum, nat);
		break;
	}
	}
}

/* ICMPv4 error: translate the whole message (outer and quoted packet) into a new skb. */
static unsigned int icmp_err(const struct nat64_pctx *c, struct sk_buff *skb,
			     const struct in6_addr *d6)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_xlat_ctx x;
	struct dst_entry *dst;
	struct sk_buff *n;
	bool used_pool;
	int len;

	/* Routed first: the MTU of the IPv6 egress goes into a translated frag-needed. */
	dst = nat64_route6(c->net, skb->mark, NULL, d6, IPPROTO_ICMPV6);
	if (!dst)
		return nat64_drop(c, NAT64_C_DROP_NO_ROUTE);

	memset(&x, 0, sizeof(x));
	x.map = &cfg->map;
	x.hdr = cfg->hdr;
	x.pool6791 = cfg->pool6791;
	x.nr_pool6791 = cfg->nr_pool6791;
	x.pool6791v6 = cfg->pool6791v6;
	x.eam_hairpin_simple = cfg->eam_hairpin == NAT64_EAM_HAIRPIN_SIMPLE;
	x.nat = c->nat ? &c->nat->inner : NULL;
	x.hash = jhash_1word((__force u32)ip_hdr(skb)->saddr, 0);
	x.mtu_out = dst_mtu(dst);
	x.mtu_in = c->in ? c->in->mtu : 0xffffffff;
	x.keep_ttl = c->hairpin;

	if (skb_linearize(skb))
		goto nomem;
	n = alloc_skb(LL_MAX_HEADER + NAT64_ICMP6_ERR_MAX, GFP_ATOMIC);
	if (!n)
		goto nomem;
	skb_reserve(n, LL_MAX_HEADER);
	len = nat64_icmp_err_4to6(&x, skb->data, skb->len, n->data, NAT64_ICMP6_ERR_MAX,
				  &used_pool);
	if (len < 0) {
		kfree_skb(n);
		dst_release(dst);
		return nat64_drop_err(c, len);
	}
	skb_put(n, len);
	skb_reset_network_header(n);
	skb_set_transport_header(n, sizeof(struct ipv6hdr));
	n->protocol = htons(ETH_P_IPV6);
	n->mark = skb->mark;
	n->priority = skb->priority;
	n->skb_iif = skb->skb_iif;

	nat64_count(c, NAT64_C_XLAT_ICMP_ERR_4TO6);
	if (used_pool)
		nat64_count(c, NAT64_C_POOL6791V6_USED);
	if (nat64_output(c->net, n, dst))
		nat64_count(c, NAT64_C_DROP_OUTPUT);
	consume_skb(skb);
	return NF_STOLEN;

nomem:
	dst_release(dst);
	return nat64_drop(c, NAT64_C_DROP_NOMEM);
}

/* Is the IPv4 destination this host (or a broadcast / multicast it receives)? */
static bool dst_is_local(const struct nat64_pctx *c, const struct sk_buff *skb, __be32 daddr)
{
	if (ipv4_is_multicast(daddr) || ipv4_is_lbcast(daddr))
		return true;
	switch (inet_addr_type_dev_table(c->net, skb->dev, daddr)) {
	case RTN_LOCAL:
	case RTN_BROADCAST:
	case RTN_MULTICAST:
		return true;
	default:
		return false;
	}
}

unsigned int nat64_xlat_4to6(const struct nat64_pctx *c, struct sk_buff *skb)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_icmp_map im = { 0 };
	struct nat64_addrmap eam_only;
	const struct nat64_addrmap *dmap;
	struct in6_addr s6, d6;
	enum nat64_addr_result rs;
	struct nat64_pkt4 p;
	struct dst_entry *dst;
	struct iphdr *iph;
	u8 hdr6[HDR6_MAX];
	u32 l4min, hlen6, new_len, mtu, limit = 0;
	bool with_frag, fits, zero_udp = false;
	int err, push;

	if (skb_network_offset(skb) || !pskb_may_pull(skb, sizeof(*iph)))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	if (iph->version != 4 || nat64_addr4_is_special(iph->daddr))
		return NF_ACCEPT;
	/*
	 * With a prefix every IPv4 address maps, so this host's own IPv4
	 * traffic (replies to IPv4 clients, ARP-free pings...) would all be
	 * hijacked; local packets are translated only towards EAM entries.
	 */
	if (c->nat) {
		/* Stateful: X' comes from the session (pool4 may be our own address). */
		d6 = c->nat->d6;
	} else {
		dmap = &cfg->map;
		if (c->local) {
			eam_only = cfg->map;
			eam_only.nr_prefixes = 0;
			dmap = &eam_only;
		}
		/* Deny list, special, no prefix: not ours, IPv4 routing handles it. */
		if (nat64_map_4to6(dmap, iph->daddr, &d6) != NAT64_ADDR_OK)
			return NF_ACCEPT;
		if (dst_is_local(c, skb, iph->daddr))
			return NF_ACCEPT;
	}

	nat64_count(c, NAT64_C_RX4);
	err = nat64_parse4(skb->data, skb_headlen(skb), true, &p);
	if (err)
		return nat64_drop_err(c, err);
	if (skb->len != p.tot_len)
		return nat64_drop(c, NAT64_C_DROP_TRUNCATED);
	l4min = p.first_frag ? nat64_l4_min(p.proto) : 0;
	if (p.l4_len < l4min)
		return nat64_drop(c, NAT64_C_DROP_TRUNCATED);
	if (!pskb_may_pull(skb, p.ihl_bytes + l4min))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
	iph = ip_hdr(skb);

	if (!c->local && iph->ttl <= 1) {
		nat64_icmp4_error(c, skb, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0,
				  NAT64_C_ICMP_SENT_TIME_EXCEEDED);
		return nat64_drop(c, NAT64_C_DROP_TTL_EXPIRED);
	}

	/* RFC 7915 4.1: an unfinished source route is refused, not dropped silently. */
	if (p.src_route_pending) {
		nat64_icmp4_error(c, skb, ICMP_DEST_UNREACH, ICMP_SR_FAILED, 0,
				  NAT64_C_ICMP_SENT_UNREACH);
		return nat64_drop(c, NAT64_C_DROP_SOURCE_ROUTE);
	}

	if (p.proto == IPPROTO_ICMP) {
		u8 *l4 = skb->data + p.ihl_bytes;

		/* The ICMPv6 checksum needs the whole message: see hooks.rst. */
		if (p.is_fragment)
			return nat64_defrag4(c, skb, NAT64_C_ICMP_REASSEMBLED,
					     NAT64_C_DROP_ICMP_FRAGMENTED);
		if (nat64_icmp4_is_error(l4[0]))
			return icmp_err(c, skb, &d6);
		nat64_icmp_map_4to6(l4[0], l4[1], &im);
		if (im.kind != NAT64_ICMP_INFO)
			return nat64_drop(c, NAT64_C_DROP_ICMP_UNTRANSLATABLE);
	}

	if (c->nat) {
		s6 = c->nat->s6;
	} else {
		/* eam-hairpin simple (RFC 7757 B): IPv4 sources never through an EAM. */
		if (cfg->eam_hairpin == NAT64_EAM_HAIRPIN_SIMPLE)
			rs = nat64_map_4to6_prefix(&cfg->map, iph->saddr, &s6);
		else
			rs = nat64_map_4to6(&cfg->map, iph->saddr, &s6);
		if (rs != NAT64_ADDR_OK)
			return nat64_drop(c, nat64_addr_counter(rs, true));
	}

	/* IPv6 has no "no checksum" UDP (RFC 7915 4.5). */
	if (p.proto == IPPROTO_UDP && p.first_frag && skb->ip_summed != CHECKSUM_PARTIAL &&
	    !((struct udphdr *)(skb->data + p.ihl_bytes))->check) {
		if (p.is_fragment || cfg->udp_zero_csum == NAT64_UDP_ZERO_CSUM_DROP)
			return nat64_drop(c, NAT64_C_DROP_UDP_ZERO_CSUM);
		zero_udp = true;
	}
	if (skb_is_gso(skb) && !gso_4to6(skb, false))
		return nat64_drop(c, NAT64_C_DROP_GSO);

	dst = nat64_route6(c->net, skb->mark, &s6, &d6, nat64_proto_4to6(p.proto));
	if (!dst) {
		nat64_icmp4_error(c, skb, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0,
				  NAT64_C_ICMP_SENT_UNREACH);
		return nat64_drop(c, NAT64_C_DROP_NO_ROUTE);
	}

	/* Path MTU (RFC 7915 4.1, RFC 8021: no fragment header unless needed). */
	mtu = dst_mtu(dst);
	with_frag = p.is_fragment;
	hlen6 = sizeof(struct ipv6hdr) + (with_frag ? sizeof(struct nat64_frag_hdr) : 0);
	new_len = hlen6 + p.l4_len;
	if (skb_is_gso(skb)) {
		/* Segments grow by hlen6 - ihl bytes of header each. */
		fits = skb_gso_validate_network_len(skb, mtu - (hlen6 - p.ihl_bytes));
		if (!fits && !p.dont_frag) {
			dst_release(dst);
			return nat64_drop(c, NAT64_C_DROP_GSO);
		}
	} else {
		fits = new_len <= mtu;
	}
	if (!fits && p.dont_frag) {
		nat64_icmp4_error(c, skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				  max_t(s32, 68, (s32)mtu - (s32)(hlen6 - p.ihl_bytes)),
				  NAT64_C_ICMP_SENT_FRAG_NEEDED);
		dst_release(dst);
		return nat64_drop(c, NAT64_C_DROP_FRAG_NEEDED);
	}
	if (!p.dont_frag && !skb_is_gso(skb)) {
		limit = min_t(u32, mtu, cfg->lowest_ipv6_mtu ? cfg->lowest_ipv6_mtu : IPV6_MIN_MTU);
		if (new_len > limit) {
			with_frag = true;
			hlen6 = HDR6_MAX;
			new_len = hlen6 + p.l4_len;
		} else {
			limit = 0;
		}
	}

	push = (int)hlen6 - (int)p.ihl_bytes;
	if (nat64_skb_own(skb, p.ihl_bytes + l4min,
			  max(push, 0) + LL_RESERVED_SPACE(dst->dev)))
		goto nomem;
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	if (p.proto == IPPROTO_ICMP && skb->ip_summed == CHECKSUM_PARTIAL &&
	    skb_checksum_help(skb))
		goto nomem;

	iph = ip_hdr(skb);
	hlen6 = nat64_hdr_4to6(iph, &p, &s6, &d6, p.l4_len, with_frag, !c->local,
			       &cfg->hdr, hdr6);
	if (p.first_frag)
		fix_l4(skb, &p, iph, &s6, &d6, &im, c->nat);

	if (push > 0)
		__skb_push(skb, push);
	else
		__skb_pull(skb, -push);
	skb_reset_network_header(skb);
	memcpy(skb->data, hdr6, hlen6);
	skb_set_transport_header(skb, hlen6);
	skb->protocol = htons(ETH_P_IPV6);

	if (zero_udp) {
		struct udphdr *uh = udp_hdr(skb);

		uh->check = csum_ipv6_magic(&s6, &d6, p.l4_len, IPPROTO_UDP,
					    skb_checksum(skb, hlen6, p.l4_len, 0));
		if (!uh->check)
			uh->check = CSUM_MANGLED_0;
		nat64_count(c, NAT64_C_UDP_CSUM_COMPUTED);
	}
	if (skb_is_gso(skb)) {
		gso_4to6(skb, true);
		nat64_count(c, NAT64_C_XLAT_GSO);
	}

	nat64_count(c, NAT64_C_XLAT_4TO6);
	if (p.is_fragment)
		nat64_count(c, NAT64_C_XLAT_FRAG_4TO6);
	if (limit) {
		/* Pieces must carry a complete checksum. */
		if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb)) {
			dst_release(dst);
			kfree_skb(skb);
			nat64_count(c, NAT64_C_DROP_NOMEM);
			return NF_STOLEN;
		}
		nat64_count(c, NAT64_C_FRAGMENTED_4TO6);
		if (nat64_frag6_output(c->net, skb, dst, limit) < 0)
			nat64_count(c, NAT64_C_DROP_OUTPUT);
		return NF_STOLEN;
	}
	if (nat64_output(c->net, skb, dst))
		nat64_count(c, NAT64_C_DROP_OUTPUT);
	return NF_STOLEN;

nomem:
	dst_release(dst);
	return nat64_drop(c, NAT64_C_DROP_NOMEM);
}
