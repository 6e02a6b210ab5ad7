// SPDX-License-Identifier: GPL-2.0
/*
 * Gateway side of TCP state in the packet (Documentation/tcp-option-state.rst).
 *
 * 6 -> 4: TCP to an OPTDEST server. The IPv4 source is computed (T from the
 * client address, t = x), our sealed option is inserted into the IPv6 TCP
 * header (20 bytes more) and the stateless translation code then replaces
 * the 40-byte IPv6 header by a 20-byte IPv4 one: the packet keeps its size.
 * 4 -> 6: TCP to an option pool address. The option is opened with the live
 * keys, cut out (20 bytes less) and the segment translated to
 * [prefix(Z)]:z -> [X']:t. ICMPv4 errors find X' in the quoted option.
 *
 * Both directions hand the edited packet to nat64_xlat_6to4/4to6 with a
 * pre-resolved tuple (struct nat64_nat_xlat), as the stateful engine does.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <uapi/linux/nat64.h>
#include "core/addr.h"
#include "core/optseal.h"
#include "core/tcpopt.h"
#include "core/hdr.h"
#include "compat.h"
#include "nat/nat.h"
#include "icmp_send.h"
#include "route.h"
#include "xlat.h"
#include "opt.h"
#include "opt_skb.h"

#define IP6_HLEN	((unsigned int)sizeof(struct ipv6hdr))

static unsigned int drop6(const struct nat64_pctx *c, enum nat64_counter id)
{
	nat64_count(c, NAT64_C_RX6);
	return nat64_drop(c, id);
}

static unsigned int drop4(const struct nat64_pctx *c, enum nat64_counter id)
{
	nat64_count(c, NAT64_C_RX4);
	return nat64_drop(c, id);
}

static bool prefix4_list_has(const struct nat64_prefix4 *l, unsigned int n, __be32 a)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nat64_prefix4_match(&l[i], a))
			return true;
	return false;
}

/* The RFC 6052 prefixes only, as in the stateful engine. */
static void prefix_map(const struct nat64_config *cfg, struct nat64_addrmap *m)
{
	*m = cfg->map;
	m->nr_eam = 0;
}

static const struct nat64_optseal_key *key_active(const struct nat64_config *cfg)
{
	u8 a = cfg->key_active & 1;

	return cfg->key_present & (1 << a) ? &cfg->seal[a] : NULL;
}

static const struct nat64_optseal_key *key_secondary(const struct nat64_config *cfg)
{
	u8 b = !(cfg->key_active & 1);

	return cfg->key_present & (1 << b) ? &cfg->seal[b] : NULL;
}

/* Everything option mode needs to seal is configured. */
static bool gw_ready(const struct nat64_config *cfg)
{
	return cfg->tcp_option_mode && key_active(cfg) && cfg->mapkey_set && cfg->nr_optpool &&
	       cfg->nr_optclient && cfg->nr_optdest;
}

/*
 * Path MTU, before the option goes in. The IPv4 packet will be exactly as
 * long as the IPv6 one (40 - 20 bytes of IP header, + 20 of option), so a
 * Packet Too Big must announce the IPv4 MTU itself, not MTU + 20 as for
 * plain translation. Only large packets pay the extra route lookup. Returns
 * false when the packet was refused (*verdict set).
 */
static bool pmtu_ok(const struct nat64_pctx *c, struct sk_buff *skb, __be32 t4, __be32 z4,
		    unsigned int *verdict)
{
	struct rtable *rt;
	bool fits;
	u32 mtu;

	if (skb->len <= NAT64_DF_THRESHOLD && !skb_is_gso(skb))
		return true;	/* DF=0 below the threshold: IPv4 may fragment */
	rt = nat64_route4(c->net, skb->mark, t4, z4, IPPROTO_TCP);
	if (IS_ERR(rt))
		return true;	/* the translation code answers and counts it */
	mtu = dst_mtu(&rt->dst);
	ip_rt_put(rt);
	if (skb_is_gso(skb)) {
		skb_set_transport_header(skb, IP6_HLEN);
		fits = skb_gso_validate_network_len(skb, mtu);
	} else {
		fits = skb->len <= mtu;
	}
	if (fits)
		return true;
	nat64_icmp6_error(c, skb, ICMPV6_PKT_TOOBIG, 0, max_t(u32, IPV6_MIN_MTU, mtu),
			  NAT64_C_ICMP_SENT_PKT_TOO_BIG);
	*verdict = drop6(c, NAT64_C_DROP_FRAG_NEEDED);
	return false;
}

/* Counters for what an insert/remove edit did. */
static void count_edit(const struct nat64_pctx *c, const struct nat64_tcpopt_edit *ed)
{
	if (ed->flags & NAT64_TCPOPT_F_TS_STRIPPED)
		nat64_count(c, NAT64_C_OPT_TS_STRIPPED);
	if (ed->flags & NAT64_TCPOPT_F_SACK_TRIMMED)
		nat64_count(c, NAT64_C_OPT_SACK_TRIMMED);
	if (ed->flags & NAT64_TCPOPT_F_OURS_DROPPED)
		nat64_count(c, NAT64_C_OPT_NEUTRALISED);
}

/* A stateful session (a fallback flow) for X',x -> Z,z? RCU held. */
static bool has_session6(const struct nat64_pctx *c, const struct in6_addr *x6, u16 x,
			 __be32 z4, u16 z)
{
	struct nat64_state *st = nat64_st(c->inst);
	struct nat64_session *s;
	struct nat64_table *t;
	struct nat64_bib *b;

	if (!st)
		return false;
	t = &st->t[nat64_pidx(IPPROTO_TCP)];
	if (!READ_ONCE(t->nr_bib))
		return false;
	b = nat64_bib_lookup6(t, x6, x);
	if (!b)
		return false;
	s = nat64_bib_ses_find(t, b, z4, z);
	return s && !READ_ONCE(s->dead);
}

/*
 * Not handled in option mode: a client's copy of our option must not reach
 * the IPv4 side through the stateful path either. Returns false to let the
 * stateful engine have the packet, true with *verdict on a failure.
 */
static bool neutralise_only(const struct nat64_pctx *c, struct sk_buff *skb, int hlen,
			    unsigned int *verdict)
{
	const u8 *th;
	int n;

	if (hlen <= (int)sizeof(struct tcphdr))
		return false;
	th = skb->data + IP6_HLEN;
	/* Cheap test first: most packets carry no option of our kind. */
	if (!memchr(th + 20, NAT64_TCPOPT_KIND, hlen - 20))
		return false;
	if (nat64_tcpopt_find(th, hlen) == -ENOENT)
		return false;
	if (skb_ensure_writable(skb, IP6_HLEN + hlen)) {
		*verdict = drop6(c, NAT64_C_DROP_NOMEM);
		return true;
	}
	n = nat64_opt_skb_neutralise(skb, IP6_HLEN);
	if (n < 0) {
		*verdict = drop6(c, NAT64_C_DROP_OPT_MALFORMED);
		return true;
	}
	while (n-- > 0)
		nat64_count(c, NAT64_C_OPT_NEUTRALISED);
	return false;
}

bool nat64_opt_gw_6to4(const struct nat64_pctx *c, struct sk_buff *skb, unsigned int *verdict)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_nat_xlat nx = { 0 };
	struct nat64_optseal_tuple tu;
	struct nat64_tcpopt_edit ed;
	struct nat64_addrmap m;
	struct ipv6hdr *ip6;
	struct nat64_pctx c2;
	struct tcphdr *th;
	u8 block[NAT64_OPTSEAL_BLOCK_LEN];
	__be32 z4, t4;
	u16 x, z;
	bool syn;
	int hlen, err;

	if (!cfg->tcp_option_mode || skb_network_offset(skb) || !pskb_may_pull(skb, IP6_HLEN))
		return false;
	ip6 = ipv6_hdr(skb);
	/* TCP right after the IPv6 header; extension headers go the stateful way. */
	if (ip6->version != 6 || ip6->nexthdr != IPPROTO_TCP ||
	    nat64_addr6_is_special(&ip6->daddr))
		return false;
	prefix_map(cfg, &m);
	if (nat64_map_6to4(&m, &ip6->daddr, &z4) != NAT64_ADDR_OK)
		return false;
	hlen = nat64_opt_skb_tcph(skb, IP6_HLEN, false);
	if (hlen == -ENOMEM) {
		*verdict = drop6(c, NAT64_C_DROP_NOMEM);
		return true;
	}
	if (hlen < 0 || skb->len != IP6_HLEN + ntohs(ipv6_hdr(skb)->payload_len))
		return false;	/* the translation code drops and counts it */
	ip6 = ipv6_hdr(skb);
	th = (struct tcphdr *)(skb->data + IP6_HLEN);
	x = ntohs(th->source);
	z = ntohs(th->dest);
	syn = th->syn;

	if (!gw_ready(cfg) || !prefix4_list_has(cfg->optdest, cfg->nr_optdest, z4) ||
	    has_session6(c, &ip6->saddr, x, z4, z))
		return neutralise_only(c, skb, hlen, verdict);

	if (nat64_optmap_addr(&cfg->mapkey, cfg->optpool, cfg->nr_optpool, &ip6->saddr, &t4))
		return neutralise_only(c, skb, hlen, verdict);
	tu.pool_addr = t4;
	tu.server_addr = z4;
	tu.pool_port = th->source;
	tu.server_port = th->dest;
	if (nat64_optseal_seal(key_active(cfg), cfg->optclient, cfg->nr_optclient, &ip6->saddr,
			       &tu, block)) {
		/* Not a client prefix: such clients only get the stateful table. */
		if (syn)
			nat64_count(c, NAT64_C_OPT_FALLBACK_STATEFUL);
		return neutralise_only(c, skb, hlen, verdict);
	}
	err = nat64_tcpopt_insert((u8 *)th, hlen, block, &ed);
	if (err == -ENOSPC) {
		if (syn && !th->ack) {
			/* A SYN with no room: this flow lives in the stateful table. */
			nat64_count(c, NAT64_C_OPT_FALLBACK_STATEFUL);
			return neutralise_only(c, skb, hlen, verdict);
		}
		*verdict = drop6(c, NAT64_C_DROP_OPT_NOSPACE);
		return true;
	}
	if (err) {
		*verdict = drop6(c, NAT64_C_DROP_OPT_MALFORMED);
		return true;
	}
	if (ntohs(ip6->payload_len) + (int)ed.len - (int)ed.old_len > 0xffff) {
		*verdict = drop6(c, NAT64_C_DROP_FRAG_NEEDED);
		return true;
	}
	if (!pmtu_ok(c, skb, t4, z4, verdict))
		return true;
	if (skb_ensure_writable(skb, IP6_HLEN + hlen) ||
	    nat64_opt_skb_edit(skb, IP6_HLEN, &ed, true)) {
		*verdict = drop6(c, NAT64_C_DROP_NOMEM);
		return true;
	}
	nat64_count(c, NAT64_C_OPT_SEALED);
	count_edit(c, &ed);

	nx.s4 = t4;
	nx.d4 = z4;
	nx.sport = x;
	nx.dport = z;
	c2 = *c;
	c2.nat = &nx;
	*verdict = nat64_xlat_6to4(&c2, skb);
	/* Edited: it must not go on as IPv6 whatever happened. */
	if (*verdict == NF_ACCEPT)
		*verdict = drop6(c, NAT64_C_DROP_MALFORMED);
	return true;
}

static bool oh_frag_needed(const u8 *buf, unsigned int ihl)
{
	return buf[ihl] == ICMP_DEST_UNREACH && buf[ihl + 1] == ICMP_FRAG_NEEDED;
}

/*
 * A frag-needed about one of our segments: the IPv6 packet the client sends
 * has exactly the size of the IPv4 one (the option fills the 20 bytes the
 * header loses), so the Packet Too Big must announce the IPv4 MTU itself.
 * The translation code adds 20 as RFC 7915 says: take them off first
 * (checksum kept valid incrementally, so CHECKSUM_COMPLETE stays right).
 * An MTU of 0 (old routers, plateau guess) or too small is left alone.
 */
static bool ptb_exact(struct sk_buff *skb, unsigned int ihl)
{
	struct icmphdr *ih;
	__be16 old, new;

	if (skb_ensure_writable(skb, ihl + sizeof(*ih)))
		return false;
	ih = (struct icmphdr *)(skb->data + ihl);
	old = ih->un.frag.mtu;
	if (ntohs(old) < 68 + 20)
		return true;
	new = htons(ntohs(old) - 20);
	csum_replace2(&ih->checksum, old, new);
	ih->un.frag.mtu = new;
	return true;
}

/*
 * ICMPv4 error about one of our IPv4 segments (T:t -> Z:z, with our option):
 * open the option in the quote to find X', then translate through the
 * stateless code with the resolved tuples. The quoted option is left in the
 * translated quote (the client's stack matches errors by addresses and ports).
 */
static unsigned int gw_icmp_err(const struct nat64_pctx *c, struct sk_buff *skb,
				unsigned int ihl)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_nat_xlat nx = { 0 };
	struct nat64_optseal_tuple tu;
	struct nat64_addrmap m;
	struct in6_addr x6, y6;
	struct nat64_pctx c2;
	const struct iphdr *oh, *ih;
	const u8 *q, *th;
	u8 buf[60 + 8 + 60 + 60];
	unsigned int n, ihl2, hlen, v;
	enum nat64_optseal_match match;
	int off;

	n = min_t(unsigned int, skb->len, sizeof(buf));
	if (skb_copy_bits(skb, 0, buf, n))
		return drop4(c, NAT64_C_DROP_TRUNCATED);
	oh = (const struct iphdr *)buf;
	if (n < ihl + 8 + 20)
		return drop4(c, NAT64_C_DROP_ICMP_ERR_BAD_INNER);
	q = buf + ihl + 8;
	ih = (const struct iphdr *)q;
	ihl2 = ih->ihl * 4u;
	if (ih->version != 4 || ihl2 < 20 || ih->protocol != IPPROTO_TCP ||
	    ih->saddr != oh->daddr || (ih->frag_off & htons(IP_OFFSET)))
		return drop4(c, NAT64_C_DROP_ICMP_ERR_BAD_INNER);
	/* The quote must hold the whole TCP header, our option included. */
	if (n < ihl + 8 + ihl2 + 20)
		return drop4(c, NAT64_C_DROP_OPT_QUOTE_SHORT);
	th = q + ihl2;
	hlen = (th[12] >> 4) * 4u;
	if (hlen < 20 || n < ihl + 8 + ihl2 + hlen)
		return drop4(c, NAT64_C_DROP_OPT_QUOTE_SHORT);
	off = nat64_tcpopt_find(th, hlen);
	if (off == -ENOENT)
		return drop4(c, NAT64_C_DROP_OPT_MISSING);
	if (off < 0)
		return drop4(c, off == -EBADMSG ? NAT64_C_DROP_OPT_FORGED :
				NAT64_C_DROP_OPT_MALFORMED);
	tu.pool_addr = ih->saddr;
	tu.server_addr = ih->daddr;
	memcpy(&tu.pool_port, th, 2);
	memcpy(&tu.server_port, th + 2, 2);
	match = nat64_optseal_open(key_active(cfg), key_secondary(cfg), cfg->optclient,
				   cfg->nr_optclient, &tu, th + off + NAT64_TCPOPT_SEALED_OFF, &x6);
	if (match == NAT64_OPTSEAL_FORGED)
		return drop4(c, NAT64_C_DROP_OPT_FORGED);
	nat64_count(c, match == NAT64_OPTSEAL_SECONDARY ? NAT64_C_OPT_OPENED_SECONDARY :
			NAT64_C_OPT_OPENED);
	prefix_map(cfg, &m);
	if (nat64_map_4to6(&m, oh->saddr, &nx.s6) != NAT64_ADDR_OK)
		return drop4(c, NAT64_C_DROP_NO_MAPPING_SRC);
	if (nat64_map_4to6(&m, ih->daddr, &y6) != NAT64_ADDR_OK)
		return drop4(c, NAT64_C_DROP_ICMP_ERR_BAD_INNER);

	nx.d6 = x6;
	nx.inner.out_s6 = nx.s6;
	nx.inner.out_d6 = x6;
	nx.inner.in_s6 = x6;
	nx.inner.in_d6 = y6;
	nx.inner.in_sport = ntohs(tu.pool_port);	/* t = x */
	nx.inner.in_dport = ntohs(tu.server_port);
	nx.inner.in_icmp_id = nx.inner.in_sport;
	if (oh_frag_needed(buf, ihl) && !ptb_exact(skb, ihl))
		return drop4(c, NAT64_C_DROP_NOMEM);
	c2 = *c;
	c2.nat = &nx;
	nat64_count(c, NAT64_C_OPT_ICMP_ERR);
	v = nat64_xlat_4to6(&c2, skb);
	return v == NF_ACCEPT ? drop4(c, NAT64_C_DROP_MALFORMED) : v;
}

bool nat64_opt_gw_4to6(const struct nat64_pctx *c, struct sk_buff *skb, unsigned int *verdict)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_nat_xlat nx = { 0 };
	enum nat64_optseal_match match;
	struct nat64_optseal_tuple tu;
	struct nat64_tcpopt_edit ed;
	struct nat64_addrmap m;
	struct nat64_pctx c2;
	const struct iphdr *iph;
	struct tcphdr *th;
	struct in6_addr x6, y6;
	u8 sealed[NAT64_OPTSEAL_BLOCK_LEN];
	unsigned int ihl;
	int hlen, err;

	if (!cfg->tcp_option_mode || !cfg->nr_optpool || skb_network_offset(skb) ||
	    !pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || !prefix4_list_has(cfg->optpool, cfg->nr_optpool, iph->daddr))
		return false;
	/* Ours from here on: nothing to an option pool address goes elsewhere. */
	*verdict = NF_DROP;
	ihl = iph->ihl * 4u;
	if (ihl < sizeof(*iph) || ntohs(iph->tot_len) < ihl) {
		*verdict = drop4(c, NAT64_C_DROP_MALFORMED);
		return true;
	}
	if (skb->len != ntohs(iph->tot_len)) {
		*verdict = drop4(c, NAT64_C_DROP_TRUNCATED);
		return true;
	}
	if (iph->frag_off & htons(IP_MF | IP_OFFSET)) {
		*verdict = drop4(c, NAT64_C_DROP_OPT_FRAG);
		return true;
	}
	if (iph->protocol == IPPROTO_ICMP) {
		u8 type;

		if (skb_copy_bits(skb, ihl, &type, 1)) {
			*verdict = drop4(c, NAT64_C_DROP_TRUNCATED);
			return true;
		}
		if (type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
		    type == ICMP_PARAMETERPROB) {
			*verdict = gw_icmp_err(c, skb, ihl);
			return true;
		}
	}
	if (iph->protocol != IPPROTO_TCP) {
		*verdict = drop4(c, NAT64_C_DROP_STATEFUL_PROTO);
		return true;
	}

	hlen = nat64_opt_skb_tcph(skb, ihl, false);
	if (hlen < 0) {
		*verdict = drop4(c, hlen == -ENOMEM ? NAT64_C_DROP_NOMEM : NAT64_C_DROP_TRUNCATED);
		return true;
	}
	iph = ip_hdr(skb);
	th = (struct tcphdr *)(skb->data + ihl);
	err = nat64_tcpopt_remove((u8 *)th, hlen, sealed, &ed);
	if (err) {
		*verdict = drop4(c, err == -ENOENT ? NAT64_C_DROP_OPT_MISSING :
				 err == -EBADMSG ? NAT64_C_DROP_OPT_FORGED :
				 NAT64_C_DROP_OPT_MALFORMED);
		return true;
	}
	tu.pool_addr = iph->daddr;
	tu.server_addr = iph->saddr;
	tu.pool_port = th->dest;
	tu.server_port = th->source;
	match = nat64_optseal_open(key_active(cfg), key_secondary(cfg), cfg->optclient,
				   cfg->nr_optclient, &tu, sealed, &x6);
	if (match == NAT64_OPTSEAL_FORGED) {
		*verdict = drop4(c, NAT64_C_DROP_OPT_FORGED);
		return true;
	}
	prefix_map(cfg, &m);
	if (nat64_map_4to6(&m, iph->saddr, &y6) != NAT64_ADDR_OK) {
		*verdict = drop4(c, NAT64_C_DROP_NO_MAPPING_SRC);
		return true;
	}
	nat64_count(c, match == NAT64_OPTSEAL_SECONDARY ? NAT64_C_OPT_OPENED_SECONDARY :
			NAT64_C_OPT_OPENED);
	nx.s6 = y6;
	nx.d6 = x6;
	nx.sport = ntohs(th->source);
	nx.dport = ntohs(th->dest);
	if (skb_ensure_writable(skb, ihl + hlen) || nat64_opt_skb_edit(skb, ihl, &ed, false)) {
		*verdict = drop4(c, NAT64_C_DROP_NOMEM);
		return true;
	}
	c2 = *c;
	c2.nat = &nx;
	*verdict = nat64_xlat_4to6(&c2, skb);
	if (*verdict == NF_ACCEPT)
		*verdict = drop4(c, NAT64_C_DROP_MALFORMED);
	return true;
}

/*
 * ICMPv6 error from the IPv6 side (a client, or a router near it) about a
 * server -> client segment of an option-mode flow: there is no session, but
 * the IPv4 side of the flow is computable. The quote went Y' -> X' (z -> x):
 * T = optmap(X'), t = x, and the error goes to Z quoting Z:z -> T:t. Only
 * for clients in a client prefix and servers in optdest (otherwise the flow
 * was never in option mode). The stateless code translates a Packet Too Big
 * into frag-needed with MTU - 20: right for the host role, which adds the
 * option after its TCP sized the segment (tcp-option-kernel.rst, PMTU).
 */
bool nat64_opt_gw_icmp6_err(const struct nat64_pctx *c, struct sk_buff *skb,
			    const struct in6_addr *x6, u16 x, __be32 z4, u16 z,
			    unsigned int *verdict)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_nat_xlat nx = { 0 };
	u8 pt[NAT64_OPTSEAL_BLOCK_LEN];
	struct nat64_pctx c2;
	__be32 t4;

	if (!gw_ready(cfg) || !prefix4_list_has(cfg->optdest, cfg->nr_optdest, z4) ||
	    nat64_optseal_pack(cfg->optclient, cfg->nr_optclient, x6, pt) ||
	    nat64_optmap_addr(&cfg->mapkey, cfg->optpool, cfg->nr_optpool, x6, &t4))
		return false;
	nx.s4 = t4;
	nx.d4 = z4;
	nx.inner.out_s4 = t4;
	nx.inner.out_d4 = z4;
	nx.inner.in_s4 = z4;
	nx.inner.in_d4 = t4;
	nx.inner.in_sport = z;
	nx.inner.in_dport = x;		/* t = x */
	nx.inner.in_icmp_id = x;
	c2 = *c;
	c2.nat = &nx;
	nat64_count(c, NAT64_C_OPT_ICMP_ERR_6TO4);
	*verdict = nat64_xlat_6to4(&c2, skb);
	if (*verdict == NF_ACCEPT)
		*verdict = drop6(c, NAT64_C_DROP_MALFORMED);
	return true;
}
