// SPDX-License-Identifier: GPL-2.0
/*
 * EAM hairpinning (RFC 7757 section 4, appendix B), mode intrinsic.
 *
 * An IPv6 host A (covered by an EAM) sends to the prefix address of an IPv4
 * address that another EAM covers, i.e. to IPv6 host B. Translated to IPv4
 * and back, the packet would get B's EAM address as destination and, so that
 * B answers through the translator again, A's IPv4 address embedded in the
 * prefix as source (not A's EAM address: A sent to a prefix address and
 * expects answers from one). ICMPv6 errors B sends about such packets are
 * turned around the same way, quoted packet included.
 *
 * The result is an IPv6 packet, so it is not rebuilt twice: the addresses
 * are rewritten in place (checksums follow) and the IPv6 stack forwards it,
 * one hop like any forwarded packet. Extension headers stay.
 */
#include <linux/ipv6.h>
#include <linux/icmpv6.h>
#include <linux/nat64.h>
#include <net/checksum.h>
#include <net/dsfield.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include "core/addr.h"
#include "core/csum.h"
#include "core/parse.h"
#include "xlat.h"

/* Offset of the transport checksum, or -1 when the protocol has none we keep. */
static int csum_off(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return offsetof(struct tcphdr, check);
	case IPPROTO_UDP:
		return offsetof(struct udphdr, check);
	case IPPROTO_ICMPV6:
		return offsetof(struct icmp6hdr, icmp6_cksum);
	default:
		return -1;
	}
}

/* The traffic class after 6 -> 4 -> 6: the tos and traffic-class overrides apply. */
static u8 hairpin_tclass(const struct nat64_config *cfg, u8 tc)
{
	if (cfg->hdr.tos_override >= 0)
		tc = (u8)cfg->hdr.tos_override;
	if (cfg->hdr.tclass_override >= 0)
		tc = (u8)cfg->hdr.tclass_override;
	return tc;
}

static void set_tclass_flow0(struct ipv6hdr *ip6, u8 tc)
{
	ip6->priority = tc >> 4;
	ip6->flow_lbl[0] = (u8)(tc << 4);
	ip6->flow_lbl[1] = 0;
	ip6->flow_lbl[2] = 0;
}

bool nat64_eam_hairpin_dst(const struct nat64_config *cfg, const struct in6_addr *d6,
			   __be32 d4)
{
	/* d4 first: most destinations have no EAM, and d6's lookup was just done once. */
	return cfg->eam_hairpin == NAT64_EAM_HAIRPIN_INTRINSIC &&
	       nat64_eam_covers4(&cfg->map, d4) && !nat64_eam_covers6(&cfg->map, d6);
}

unsigned int nat64_eam_hairpin(const struct nat64_pctx *c, struct sk_buff *skb,
			       const struct nat64_pkt6 *p, __be32 s4, __be32 d4)
{
	const struct nat64_config *cfg = c->cfg;
	struct in6_addr ns, nd, os, od;
	struct ipv6hdr *ip6;
	int off = csum_off(p->proto);
	u32 need = p->l4_off + (off >= 0 ? off + 2 : 0);

	if (nat64_map_4to6_prefix(&cfg->map, s4, &ns) != NAT64_ADDR_OK)
		return nat64_drop(c, NAT64_C_DROP_NO_MAPPING_SRC);
	if (nat64_map_4to6(&cfg->map, d4, &nd) != NAT64_ADDR_OK)
		return nat64_drop(c, NAT64_C_DROP_NO_MAPPING_DST);
	if (skb_ensure_writable(skb, p->first_frag ? need : sizeof(*ip6)))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);

	ip6 = ipv6_hdr(skb);
	os = ip6->saddr;
	od = ip6->daddr;
	if (p->first_frag && off >= 0) {
		__sum16 *sum = (__sum16 *)(skb->data + p->l4_off + off);

		/* Partial: the field holds the pseudo-header sum, not its complement. */
		inet_proto_csum_replace16(sum, skb, os.s6_addr32, ns.s6_addr32, true);
		inet_proto_csum_replace16(sum, skb, od.s6_addr32, nd.s6_addr32, true);
		if (p->proto == IPPROTO_UDP && skb->ip_summed != CHECKSUM_PARTIAL && !*sum)
			*sum = CSUM_MANGLED_0;
	}
	ip6->saddr = ns;
	ip6->daddr = nd;
	set_tclass_flow0(ip6, hairpin_tclass(cfg, ipv6_get_dsfield(ip6)));
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	nat64_count(c, NAT64_C_EAM_HAIRPIN);
	/* The IPv6 stack routes it to B now, as a forwarded packet. */
	return NF_ACCEPT;
}

/* Map an IPv6 address to IPv4 and back, through EAMs or (eam false) the prefix only. */
static bool remap(const struct nat64_addrmap *m, const struct in6_addr *a, bool eam,
		  struct in6_addr *out, __be32 *v4)
{
	if (nat64_map_6to4(m, a, v4) != NAT64_ADDR_OK)
		return false;
	return (eam ? nat64_map_4to6(m, *v4, out) : nat64_map_4to6_prefix(m, *v4, out)) ==
	       NAT64_ADDR_OK;
}

int nat64_eam_hairpin_err(const struct nat64_pctx *c, struct sk_buff *skb,
			  const struct nat64_pkt6 *p)
{
	const struct nat64_config *cfg = c->cfg;
	struct in6_addr os, od, is, id, nos, nod, nis, nid;
	__be32 os4, od4, is4, id4;
	struct nat64_pkt6 ip;
	struct ipv6hdr *ip6;
	u8 *icmp, *inner;
	u32 len;
	int off;

	if (cfg->eam_hairpin != NAT64_EAM_HAIRPIN_INTRINSIC || c->nat || c->local)
		return -1;
	if (skb->len < p->l4_off + 8 + sizeof(struct ipv6hdr) || skb_linearize(skb))
		return -1;
	icmp = skb->data + p->l4_off;
	inner = icmp + 8;
	memcpy(&is, inner + 8, 16);
	/* The quoted packet came from a prefix address of an EAM-covered IPv4 host. */
	if (nat64_eam_covers6(&cfg->map, &is) || !remap(&cfg->map, &is, true, &nis, &is4) ||
	    !nat64_eam_covers4(&cfg->map, is4))
		return -1;
	if (nat64_parse6(inner, skb->len - p->l4_off - 8, true, &ip))
		return -1;
	ip6 = ipv6_hdr(skb);
	os = ip6->saddr;
	od = ip6->daddr;
	memcpy(&id, inner + 24, 16);
	if (!remap(&cfg->map, &id, false, &nid, &id4) ||
	    !remap(&cfg->map, &od, true, &nod, &od4) ||
	    nat64_map_6to4(&cfg->map, &os, &os4) != NAT64_ADDR_OK)
		return -1;
	/* The error's source is the quoted destination: a prefix address, as A knows it. */
	if (os4 == id4)
		nos = nid;
	else if (!remap(&cfg->map, &os, true, &nos, &os4))
		return -1;
	if (skb_ensure_writable(skb, skb->len))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);

	ip6 = ipv6_hdr(skb);
	icmp = skb->data + p->l4_off;
	inner = icmp + 8;
	len = skb->len - p->l4_off;
	off = csum_off(ip.proto);
	if (ip.first_frag && off >= 0 && len >= 8 + ip.l4_off + off + 2) {
		__sum16 *sum = (__sum16 *)(inner + ip.l4_off + off);

		*sum = nat64_csum_l4_6to6(*sum, &is, &id, &nis, &nid);
	}
	memcpy(inner + 8, &nis, 16);
	memcpy(inner + 24, &nid, 16);
	ip6->saddr = nos;
	ip6->daddr = nod;
	set_tclass_flow0(ip6, hairpin_tclass(cfg, ipv6_get_dsfield(ip6)));
	((struct icmp6hdr *)icmp)->icmp6_cksum = 0;
	((struct icmp6hdr *)icmp)->icmp6_cksum =
		csum_ipv6_magic(&nos, &nod, len, IPPROTO_ICMPV6, csum_partial(icmp, len, 0));
	skb->ip_summed = CHECKSUM_NONE;
	nat64_count(c, NAT64_C_EAM_HAIRPIN);
	return NF_ACCEPT;
}
