// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 packet path (RFC 6146 section 3): find or create the
 * mapping and session of a packet, run the TCP state machine, then hand
 * the packet to the stateless translation code (xlat_6to4.c / xlat_4to6.c)
 * with the resolved addresses and ports (struct nat64_nat_xlat).
 *
 * Runs in the netfilter hooks: rcu_read_lock() held, BHs off, so the table
 * spinlocks are taken without _bh here. Headers are read from a copy made
 * with skb_copy_bits(), so nothing is changed before the translation code
 * has validated the packet again.
 *
 * Fragments are reassembled first (defrag.c) and come back here whole:
 * only a first fragment carries the ports.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/addrconf.h>
#include <net/ip.h>
#include <net/route.h>
#include <uapi/linux/nat64.h>
#include "core/addr.h"
#include "core/icmp_map.h"
#include "core/parse.h"
#include "core/tcp_fsm.h"
#include "icmp_send.h"
#include "xlat.h"
#include "opt/opt.h"
#include "nat.h"

/* IPv6 header, extension chain, ICMPv6 header and a quoted IPv6 + L4 header. */
#define COPY6	(NAT64_MAX_L3_HDR6 + 8 + 40 + 64)
/* IPv4 header with options, ICMP header and a quoted IPv4 header with options + L4. */
#define COPY4	(60 + 8 + 60 + 20)

/* What the tables need to know about a packet. */
struct ntuple {
	int pidx;
	u8 proto;		/* IPPROTO_TCP / UDP / ICMP (table protocol) */
	u16 lport;		/* x (from IPv6) or t (from IPv4); ICMP: identifier */
	u16 rport;		/* y or z; 0 for ICMP */
	u8 flags;		/* NAT64_TCPF_* */
};

static inline u16 rd16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

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

/* The RFC 6052 prefixes only: EAM does not apply in stateful mode. */
static void prefix_map(const struct nat64_config *cfg, struct nat64_addrmap *m)
{
	*m = cfg->map;
	m->nr_eam = 0;
}

static bool addr4_is_local(const struct nat64_pctx *c, const struct sk_buff *skb, __be32 a)
{
	return inet_addr_type_dev_table(c->net, skb->dev, a) == RTN_LOCAL;
}

static bool pool4_has_addr(const struct nat64_config *cfg, __be32 a)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_pool4; i++)
		if (nat64_prefix4_match(&cfg->pool4[i].p4, a))
			return true;
	return false;
}

/*
 * Does a session towards Z:z loop back to the IPv6 side (RFC 6146 3.8)? Z:z
 * must be ours: in a pool4 range (ICMP: the address is enough) or mapped.
 */
static bool is_hairpin(const struct nat64_config *cfg, struct nat64_table *t, u8 proto,
		       __be32 z, u16 zport)
{
	if (!pool4_has_addr(cfg, z))
		return false;
	return nat64_pool4_has(cfg, proto, z, zport, proto == IPPROTO_ICMP) ||
	       nat64_bib_lookup4(t, z, zport);
}

/*
 * Read the ports / identifier of a transport header (avail bytes at l4).
 * from6 says which side is local (source from IPv6, destination from IPv4).
 * Returns 0, 1 for an ICMP error, or -counter.
 */
static int get_tuple(const u8 *l4, u32 avail, u8 proto, bool from6, struct ntuple *tp)
{
	memset(tp, 0, sizeof(*tp));
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		if (avail < (proto == IPPROTO_TCP ? 14u : 8u))
			return -NAT64_C_DROP_TRUNCATED;
		tp->proto = proto;
		tp->lport = rd16(from6 ? l4 : l4 + 2);
		tp->rport = rd16(from6 ? l4 + 2 : l4);
		if (proto == IPPROTO_TCP)
			tp->flags = nat64_tcp_flags(l4[13]);
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		if (avail < 8)
			return -NAT64_C_DROP_TRUNCATED;
		if (proto == IPPROTO_ICMPV6 ? nat64_icmp6_is_error(l4[0]) :
					      nat64_icmp4_is_error(l4[0]))
			return 1;
		if (proto == IPPROTO_ICMPV6 ?
		    (l4[0] != ICMPV6_ECHO_REQUEST && l4[0] != ICMPV6_ECHO_REPLY) :
		    (l4[0] != ICMP_ECHO && l4[0] != ICMP_ECHOREPLY))
			return -NAT64_C_DROP_ICMP_UNTRANSLATABLE;
		tp->proto = IPPROTO_ICMP;
		tp->lport = rd16(l4 + 4);
		break;
	default:
		return -NAT64_C_DROP_STATEFUL_PROTO;
	}
	tp->pidx = nat64_pidx(tp->proto);
	return 0;
}

/* One TCP segment on an existing session (t->lock held). */
static void tcp_step_locked(struct nat64_table *t, struct nat64_session *s, bool from6, u8 flags)
{
	enum nat64_tcp_timer tm;
	u32 now;
	u8 cls;

	WRITE_ONCE(s->state, nat64_tcp_next(s->state, from6, flags, &tm));
	if (tm == NAT64_TT_KEEP)
		return;
	now = nat64_now32();
	WRITE_ONCE(s->last, now);
	cls = tm == NAT64_TT_TRANS ? NAT64_TC_TRANS : NAT64_TC_LONG;
	if (cls != s->tclass)
		nat64_ses_requeue(t, s, cls, now);
}

/* A packet of an existing session: refresh it (lock only for TCP state changes). */
static void ses_touch(struct nat64_table *t, struct nat64_session *s, bool from6, u8 flags)
{
	u32 now = nat64_now32();

	if (t->proto != IPPROTO_TCP ||
	    (!flags && READ_ONCE(s->state) == NAT64_TS_ESTABLISHED)) {
		if (READ_ONCE(s->last) != now)
			WRITE_ONCE(s->last, now);
		return;
	}
	spin_lock(&t->lock);
	if (!s->dead)
		tcp_step_locked(t, s, from6, flags);
	spin_unlock(&t->lock);
}

/* ---- IPv6 -> IPv4 ------------------------------------------------------- */

/*
 * New session from the IPv6 side (mapping too when X',x has none).
 * Returns the session, or NULL with *verdict set.
 */
static struct nat64_session *create6(const struct nat64_pctx *c, struct nat64_state *st,
				     struct sk_buff *skb, const struct ntuple *tp,
				     const struct in6_addr *a6, const struct in6_addr *y6,
				     __be32 z, unsigned int *verdict)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_table *t = &st->t[tp->pidx];
	const struct nat64_prefix6 *pfx;
	struct nat64_addrmap m;
	struct nat64_session *s;
	struct nat64_bib *b;
	struct nat64_skey k;
	bool fresh = false;
	__be32 a4;
	u16 p4;

	/*
	 * Addressed to this host (numbered inside the prefix): its own, as in
	 * SIIT. Asked only here, without a session: no session ever has a
	 * local destination, so established flows pay nothing for it.
	 */
	if (!c->local && ipv6_chk_addr(c->net, y6, NULL, 0)) {
		*verdict = NF_ACCEPT;
		return NULL;
	}
	/* RFC 6146 3.5.2.2: only a SYN opens a TCP session. */
	if (tp->proto == IPPROTO_TCP &&
	    (!(tp->flags & NAT64_TCPF_SYN) || (tp->flags & NAT64_TCPF_RST))) {
		*verdict = drop6(c, NAT64_C_DROP_TCP_NO_SESSION);
		return NULL;
	}
	/* The prefix y6 was mapped through: the session keeps y6 in its terms. */
	prefix_map(cfg, &m);
	pfx = nat64_prefix6_find(&m, y6);
	if (!pfx) {
		*verdict = drop6(c, nat64_addr_counter(NAT64_ADDR_NO_MAPPING, false));
		return NULL;
	}
	spin_lock(&t->lock);
	b = nat64_bib_lookup6(t, a6, tp->lport);
	if (!b) {
		if (nat64_pool4_alloc(st, t, cfg, a6, tp->lport, NULL, &a4, &p4)) {
			spin_unlock(&t->lock);
			/* RFC 6146 3.5.1.1: address unreachable to the client. */
			nat64_icmp6_error(c, skb, ICMPV6_DEST_UNREACH, ICMPV6_ADDR_UNREACH, 0,
					  NAT64_C_ICMP_SENT_UNREACH);
			*verdict = drop6(c, NAT64_C_DROP_POOL4_EXHAUSTED);
			return NULL;
		}
		b = nat64_bib_create(st, t, cfg, a6, tp->lport, a4, p4, 0, true);
		if (IS_ERR(b)) {
			spin_unlock(&t->lock);
			/* The cap is counted where it is hit. */
			*verdict = PTR_ERR(b) == -ENOSPC ? NF_DROP :
				   drop6(c, NAT64_C_DROP_NOMEM);
			return NULL;
		}
		fresh = true;
	}
	/* A mapping made just now has no session yet. */
	s = fresh ? NULL : nat64_ses_lookup(t, b->k4.a, b->k4.port, z, tp->rport);
	if (!s) {
		bool hairpin = is_hairpin(cfg, t, tp->proto, z, tp->rport);

		s = nat64_ses_create(st, t, b, z, tp->rport, y6, pfx->len,
				     tp->proto == IPPROTO_TCP ? NAT64_TS_V6_INIT : 0, hairpin);
		if (IS_ERR(s)) {
			if (fresh)
				nat64_bib_delete(st, t, b, cfg);
			spin_unlock(&t->lock);
			*verdict = PTR_ERR(s) == -ENOSPC ? NF_DROP :
				   drop6(c, NAT64_C_DROP_NOMEM);
			return NULL;
		}
		k = s->k;
		spin_unlock(&t->lock);
		if (tp->proto == IPPROTO_TCP)
			nat64_held_match(st, tp->pidx, &k);
		return s;
	}
	/* Another CPU made it meanwhile. */
	if (!s->dead && tp->proto == IPPROTO_TCP)
		tcp_step_locked(t, s, true, tp->flags);
	spin_unlock(&t->lock);
	return s;
}

/* ICMPv6 error from the IPv6 side: translate through the session of the quoted packet. */
static unsigned int icmp6_err(const struct nat64_pctx *c, struct nat64_state *st,
			      struct sk_buff *skb, const u8 *buf, u32 n,
			      const struct nat64_pkt6 *p)
{
	const u8 *inner = buf + p->l4_off + 8;
	struct nat64_nat_xlat nx = { 0 };
	struct nat64_addrmap m;
	struct nat64_pctx c2;
	struct nat64_pkt6 ip;
	struct nat64_session *s;
	struct nat64_table *t;
	struct nat64_bib *b;
	struct in6_addr y6, x6;
	struct ntuple tp;
	__be32 z;
	int r;

	if (n < p->l4_off + 8 + 40 ||
	    nat64_parse6(inner, n - p->l4_off - 8, true, &ip) || !ip.first_frag)
		return drop6(c, NAT64_C_DROP_ICMP_ERR_BAD_INNER);
	/* The quoted packet went Y' -> X': its destination is the local side. */
	r = get_tuple(inner + ip.l4_off, n - p->l4_off - 8 - ip.l4_off, ip.proto, false, &tp);
	if (r)
		return drop6(c, r > 0 ? NAT64_C_DROP_ICMP_ERR_NESTED : -r);
	memcpy(&y6, inner + 8, 16);
	memcpy(&x6, inner + 24, 16);
	prefix_map(c->cfg, &m);
	if (nat64_map_6to4(&m, &y6, &z) != NAT64_ADDR_OK)
		return drop6(c, NAT64_C_DROP_ICMP_ERR_NO_SESSION);
	t = &st->t[tp.pidx];
	b = nat64_bib_lookup6(t, &x6, tp.lport);
	s = b ? nat64_ses_lookup(t, b->k4.a, b->k4.port, z, tp.rport) : NULL;
	if (!s) {
		unsigned int v;

		/* Option-mode TCP keeps no session: kmod/opt/ computes the tuple. */
		if (tp.proto == IPPROTO_TCP &&
		    nat64_opt_gw_icmp6_err(c, skb, &x6, tp.lport, z, tp.rport, &v))
			return v;
		return drop6(c, NAT64_C_DROP_ICMP_ERR_NO_SESSION);
	}

	/* Errors neither create nor refresh state (RFC 6146 3.5). */
	nx.s4 = b->k4.a;
	nx.d4 = z;
	/* About a hairpinned packet: back to its IPv6 sender (RFC 6146 3.8). */
	nx.hairpin = s->hairpin;
	nx.inner.out_s4 = b->k4.a;
	nx.inner.out_d4 = z;
	nx.inner.in_s4 = z;
	nx.inner.in_d4 = b->k4.a;
	nx.inner.in_sport = tp.rport;
	nx.inner.in_dport = b->k4.port;
	nx.inner.in_icmp_id = b->k4.port;
	c2 = *c;
	c2.nat = &nx;
	return nat64_xlat_6to4(&c2, skb);
}

unsigned int nat64_nat_6to4(const struct nat64_pctx *c, struct sk_buff *skb)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_state *st = nat64_st(c->inst);
	struct nat64_nat_xlat nx = { 0 };
	const struct ipv6hdr *ip6;
	struct nat64_session *s = NULL;
	struct nat64_addrmap m;
	struct nat64_pctx c2;
	struct nat64_pkt6 p;
	struct nat64_table *t;
	struct nat64_bib *b;
	struct ntuple tp;
	enum nat64_addr_result r;
	unsigned int verdict;
	u8 buf[COPY6];
	__be32 z;
	u32 n;
	int err;

	if (!st || skb_network_offset(skb) || !pskb_may_pull(skb, sizeof(*ip6)))
		return NF_ACCEPT;
	ip6 = ipv6_hdr(skb);
	if (nat64_addr6_is_special(&ip6->daddr) || nat64_skb_icmp6_link_scope(skb))
		return NF_ACCEPT;
	prefix_map(cfg, &m);
	r = nat64_map_6to4(&m, &ip6->daddr, &z);
	if (r == NAT64_ADDR_NO_MAPPING)
		return NF_ACCEPT;
	if (r != NAT64_ADDR_OK) {
		nat64_icmp6_unmappable_dst(c, skb, r);
		return drop6(c, nat64_addr_counter(r, false));
	}
	if (nat64_addr6_is_special(&ip6->saddr))
		return drop6(c, NAT64_C_DROP_SPECIAL_ADDR);

	n = min_t(u32, skb->len, sizeof(buf));
	if (skb_copy_bits(skb, 0, buf, n))
		return drop6(c, NAT64_C_DROP_TRUNCATED);
	err = nat64_parse6(buf, n, true, &p);
	if (err)
		return drop6(c, -err);
	/* Only the first fragment has the ports: reassemble, then translate whole. */
	if (p.has_frag && (p.more_frags || p.frag_offset))
		return nat64_defrag6(c, skb, NAT64_C_STATEFUL_REASSEMBLED,
				     NAT64_C_DROP_STATEFUL_FRAG);
	err = get_tuple(buf + p.l4_off, n - p.l4_off, p.proto, true, &tp);
	if (err > 0)
		return icmp6_err(c, st, skb, buf, n, &p);
	if (err)
		return drop6(c, -err);

	t = &st->t[tp.pidx];
	b = nat64_bib_lookup6(t, &ip6->saddr, tp.lport);
	if (b)
		s = nat64_bib_ses_find(t, b, z, tp.rport);
	if (s) {
		ses_touch(t, s, true, tp.flags);
	} else {
		s = create6(c, st, skb, &tp, &ip6->saddr, &ip6->daddr, z, &verdict);
		if (!s)
			return verdict;
	}

	nx.s4 = s->k.a;
	nx.d4 = z;
	nx.sport = s->k.port;
	nx.dport = tp.rport;
	nx.hairpin = s->hairpin;
	c2 = *c;
	c2.nat = &nx;
	return nat64_xlat_6to4(&c2, skb);
}

/* ---- IPv4 -> IPv6 ------------------------------------------------------- */

/* Unsolicited packet (no mapping for T,t). */
static unsigned int unsolicited(const struct nat64_pctx *c, struct nat64_state *st,
				struct sk_buff *skb, const struct ntuple *tp, __be32 t4,
				__be32 z)
{
	struct nat64_skey k = { .a = t4, .ra = z, .port = tp->lport, .rport = tp->rport };

	/*
	 * The host's own packets are never held. A hairpinned SYN is (RFC 6146
	 * 3.8 then 3.5.2.2, as any IPv4 SYN): its expiry's port unreachable
	 * goes back to the IPv6 client (nat64_nat_hairpin_icmp4()).
	 */
	if (tp->proto == IPPROTO_TCP && (tp->flags & NAT64_TCPF_SYN) &&
	    !(tp->flags & NAT64_TCPF_RST) && (!c->local || c->hairpin)) {
		if (c->cfg->drop_external_tcp)
			return drop4(c, NAT64_C_DROP_EXTERNAL_TCP);
		/* Simultaneous open (RFC 6146 3.5.2.2): wait for the IPv6 side. */
		nat64_count(c, NAT64_C_RX4);
		if (nat64_held_add(st, c->cfg, skb, tp->pidx, &k, c->hairpin))
			return NF_STOLEN;
		return NF_DROP;
	}
	return drop4(c, NAT64_C_DROP_NO_BIB);
}

/* Address-dependent filtering refused a packet. */
static unsigned int filtered(const struct nat64_pctx *c, struct sk_buff *skb)
{
	if (c->cfg->filter_icmp_reply)
		nat64_icmp4_error(c, skb, ICMP_DEST_UNREACH, ICMP_PKT_FILTERED, 0,
				  NAT64_C_ICMP_SENT_ADMIN_PROHIB);
	return drop4(c, NAT64_C_DROP_FILTERED);
}

static struct nat64_session *create4(const struct nat64_pctx *c, struct nat64_state *st,
				     struct sk_buff *skb, const struct ntuple *tp,
				     struct nat64_bib *b, __be32 z, unsigned int *verdict)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_table *t = &st->t[tp->pidx];
	enum nat64_addr_result r;
	struct nat64_session *s;
	struct nat64_addrmap m;
	struct in6_addr y6;

	*verdict = NF_DROP;
	if (tp->proto == IPPROTO_TCP) {
		if (!(tp->flags & NAT64_TCPF_SYN) || (tp->flags & NAT64_TCPF_RST)) {
			*verdict = drop4(c, NAT64_C_DROP_TCP_NO_SESSION);
			return NULL;
		}
		if (cfg->drop_external_tcp) {
			*verdict = drop4(c, NAT64_C_DROP_EXTERNAL_TCP);
			return NULL;
		}
	}
	if (cfg->filtering == NAT64_FILTER_ADDRESS_DEPENDENT && !nat64_bib_has_remote(b, z)) {
		if (tp->proto == IPPROTO_TCP) {
			*verdict = unsolicited(c, st, skb, tp, b->k4.a, z);
			return NULL;
		}
		*verdict = filtered(c, skb);
		return NULL;
	}
	prefix_map(cfg, &m);
	r = nat64_map_4to6(&m, z, &y6);
	if (r != NAT64_ADDR_OK) {
		*verdict = drop4(c, nat64_addr_counter(r, true));
		return NULL;
	}

	spin_lock(&t->lock);
	if (b->dead) {
		spin_unlock(&t->lock);
		*verdict = drop4(c, NAT64_C_DROP_NO_BIB);
		return NULL;
	}
	s = nat64_ses_lookup(t, b->k4.a, b->k4.port, z, tp->rport);
	if (s) {
		if (!s->dead && tp->proto == IPPROTO_TCP)
			tcp_step_locked(t, s, false, tp->flags);
		spin_unlock(&t->lock);
		return s;
	}
	/* Z in pool4: this session's IPv6 -> IPv4 packets are hairpinned too. */
	s = nat64_ses_create(st, t, b, z, tp->rport, &y6, m.prefixes[0].len,
			     tp->proto == IPPROTO_TCP ? NAT64_TS_V4_INIT : 0,
			     is_hairpin(cfg, t, tp->proto, z, tp->rport));
	spin_unlock(&t->lock);
	if (IS_ERR(s)) {
		*verdict = PTR_ERR(s) == -ENOSPC ? NF_DROP : drop4(c, NAT64_C_DROP_NOMEM);
		return NULL;
	}
	return s;
}

/* ICMPv4 error from the IPv4 side: translate through the session of the quoted packet. */
static unsigned int icmp4_err(const struct nat64_pctx *c, struct nat64_state *st,
			      struct sk_buff *skb, const u8 *buf, u32 n,
			      const struct nat64_pkt4 *p)
{
	const u8 *inner = buf + p->ihl_bytes + 8;
	const struct iphdr *oh = (const struct iphdr *)buf;
	struct nat64_nat_xlat nx = { 0 };
	enum nat64_addr_result r;
	struct nat64_addrmap m;
	struct nat64_session *s;
	struct nat64_pctx c2;
	struct nat64_pkt4 ip;
	struct nat64_table *t;
	struct nat64_bib *b;
	struct ntuple tp;
	__be32 t4, z;
	int e;

	if (n < p->ihl_bytes + 8 + 20 ||
	    nat64_parse4(inner, n - p->ihl_bytes - 8, true, &ip) || !ip.first_frag)
		return drop4(c, NAT64_C_DROP_ICMP_ERR_BAD_INNER);
	/* The quoted packet went T:t -> Z:z: its source is the local side. */
	e = get_tuple(inner + ip.ihl_bytes, n - p->ihl_bytes - 8 - ip.ihl_bytes, ip.proto, true,
		      &tp);
	if (e)
		return drop4(c, e > 0 ? NAT64_C_DROP_ICMP_ERR_NESTED : -e);
	memcpy(&t4, inner + 12, 4);
	memcpy(&z, inner + 16, 4);
	t = &st->t[tp.pidx];
	s = nat64_ses_lookup(t, t4, tp.lport, z, tp.rport);
	if (!s || READ_ONCE(s->dead)) {
		/* This host's own traffic from a shared pool4 address. */
		if (!c->hairpin && addr4_is_local(c, skb, oh->daddr))
			return NF_ACCEPT;
		return drop4(c, NAT64_C_DROP_ICMP_ERR_NO_SESSION);
	}
	b = s->bib;
	prefix_map(c->cfg, &m);
	r = nat64_map_4to6_err_src(&m, oh->saddr, &nx.s6);
	if (r != NAT64_ADDR_OK)
		return drop4(c, nat64_addr_counter(r, true));

	nx.d6 = b->k6.a;
	nx.inner.out_s6 = nx.s6;
	nx.inner.out_d6 = b->k6.a;
	nx.inner.in_s6 = b->k6.a;
	nat64_remote6_read(t, s, &nx.inner.in_d6);
	nx.inner.in_sport = b->k6.port;
	nx.inner.in_dport = tp.rport;
	nx.inner.in_icmp_id = b->k6.port;
	c2 = *c;
	c2.nat = &nx;
	return nat64_xlat_4to6(&c2, skb);
}

unsigned int nat64_nat_4to6(const struct nat64_pctx *c, struct sk_buff *skb)
{
	const struct nat64_config *cfg = c->cfg;
	struct nat64_state *st = nat64_st(c->inst);
	struct nat64_nat_xlat nx = { 0 };
	struct nat64_session *s;
	const struct iphdr *iph;
	struct nat64_pctx c2;
	struct nat64_pkt4 p;
	struct nat64_table *t;
	struct nat64_bib *b;
	struct ntuple tp;
	unsigned int verdict;
	__be32 t4, z;
	u8 buf[COPY4];
	u32 n;
	int err;

	if (!st || skb_network_offset(skb) || !pskb_may_pull(skb, sizeof(*iph)))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	if (iph->version != 4 || nat64_addr4_is_special(iph->daddr) ||
	    !pool4_has_addr(cfg, iph->daddr))
		return NF_ACCEPT;
	t4 = iph->daddr;
	z = iph->saddr;

	n = min_t(u32, skb->len, sizeof(buf));
	if (skb_copy_bits(skb, 0, buf, n))
		return drop4(c, NAT64_C_DROP_TRUNCATED);
	err = nat64_parse4(buf, n, true, &p);
	if (err)
		return drop4(c, -err);
	if (p.is_fragment)
		return c->local ? NF_ACCEPT :
		       nat64_defrag4(c, skb, NAT64_C_STATEFUL_REASSEMBLED,
				     NAT64_C_DROP_STATEFUL_FRAG);
	err = get_tuple(buf + p.ihl_bytes, n - p.ihl_bytes, p.proto, false, &tp);
	if (err > 0)
		return icmp4_err(c, st, skb, buf, n, &p);
	if (err) {
		if (c->local || addr4_is_local(c, skb, t4))
			return NF_ACCEPT;
		return drop4(c, -err);
	}

	t = &st->t[tp.pidx];
	/* A packet of an existing session needs one lookup: the session knows its mapping. */
	s = nat64_ses_lookup(t, t4, tp.lport, z, tp.rport);
	b = s ? s->bib : nat64_bib_lookup4(t, t4, tp.lport);
	if (!b) {
		/* Not in a pool4 range: the host's own business (or its own packets). */
		if ((c->local && !c->hairpin) ||
		    !nat64_pool4_has(cfg, tp.proto, t4, tp.lport, false))
			return NF_ACCEPT;
		/* Pings to the translator's own address stay with the host. */
		if (tp.proto == IPPROTO_ICMP && !c->hairpin && addr4_is_local(c, skb, t4))
			return NF_ACCEPT;
		return unsolicited(c, st, skb, &tp, t4, z);
	}
	if (!nat64_bib_peer_ok(b, z))
		return drop4(c, NAT64_C_DROP_PEER_NOT_ALLOWED);
	if (s) {
		ses_touch(t, s, false, tp.flags);
	} else {
		s = create4(c, st, skb, &tp, b, z, &verdict);
		if (!s)
			return verdict;
	}

	nat64_remote6_read(t, s, &nx.s6);
	nx.d6 = b->k6.a;
	if (tp.proto == IPPROTO_ICMP) {
		nx.sport = b->k6.port;
	} else {
		nx.sport = tp.rport;
		nx.dport = b->k6.port;
	}
	c2 = *c;
	c2.nat = &nx;
	return nat64_xlat_4to6(&c2, skb);
}

unsigned int nat64_nat_hairpin(const struct nat64_pctx *c, struct sk_buff *skb)
{
	struct nat64_pctx c2 = *c;
	unsigned int v;

	nat64_count(c, NAT64_C_HAIRPIN);
	c2.nat = NULL;
	/*
	 * "local": the packet already lost its hop on the way in. "hairpin":
	 * errors about it go back to its IPv6 sender.
	 */
	c2.local = true;
	c2.hairpin = true;
	v = nat64_nat_4to6(&c2, skb);
	if (v == NF_STOLEN)
		return NF_STOLEN;
	/* Already IPv4: it cannot go back to the IPv6 stack. */
	if (v == NF_ACCEPT)
		nat64_count(c, NAT64_C_DROP_NO_BIB);
	kfree_skb(skb);
	return NF_STOLEN;
}

/*
 * RFC 6146 3.8: an error about a hairpinned packet is for its IPv6 sender.
 * The kernel's icmp_send() would hand it to the host's IPv4 stack, towards
 * our own pool4 address; instead the ICMPv4 error is built here, from the
 * address the packet was sent to (T of the other client), quoting what
 * icmp_send() would (RFC 1812 4.3.2.3: at most 576 bytes in all), and
 * translated like an error from the IPv4 side: through the session of the
 * quoted packet, so the sender finds its own addresses and ports inside.
 */
void nat64_nat_hairpin_icmp4(const struct nat64_pctx *c, struct sk_buff *skb, u8 type, u8 code,
			     u32 info, enum nat64_counter cnt)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct nat64_pctx c2 = *c;
	struct icmphdr *ih;
	struct sk_buff *n;
	struct iphdr *oh;
	u32 qlen;
	u8 t;

	/* RFC 1122 3.2.2: never about an error or a non-first fragment. */
	if (skb_network_offset(skb) || iph->frag_off & htons(IP_OFFSET))
		return;
	if (iph->protocol == IPPROTO_ICMP &&
	    (skb_copy_bits(skb, iph->ihl * 4, &t, 1) || nat64_icmp4_is_error(t)))
		return;
	qlen = min_t(u32, skb->len, 576 - sizeof(*oh) - sizeof(*ih));
	n = alloc_skb(LL_MAX_HEADER + sizeof(*oh) + sizeof(*ih) + qlen, GFP_ATOMIC);
	if (!n) {
		nat64_count(c, NAT64_C_DROP_NOMEM);
		return;
	}
	skb_reserve(n, LL_MAX_HEADER);
	skb_reset_network_header(n);
	oh = skb_put(n, sizeof(*oh));
	ih = skb_put(n, sizeof(*ih));
	if (skb_copy_bits(skb, 0, skb_put(n, qlen), qlen)) {
		kfree_skb(n);
		return;
	}
	memset(oh, 0, sizeof(*oh));
	oh->version = 4;
	oh->ihl = 5;
	oh->tot_len = htons(n->len);
	oh->ttl = 64;
	oh->protocol = IPPROTO_ICMP;
	oh->saddr = iph->daddr;
	oh->daddr = iph->saddr;
	oh->check = ip_fast_csum(oh, oh->ihl);
	memset(ih, 0, sizeof(*ih));
	ih->type = type;
	ih->code = code;
	ih->un.gateway = htonl(info);
	ih->checksum = csum_fold(csum_partial(ih, sizeof(*ih) + qlen, 0));
	skb_set_transport_header(n, sizeof(*oh));
	n->protocol = htons(ETH_P_IP);
	n->dev = skb->dev;
	n->mark = skb->mark;
	n->skb_iif = skb->skb_iif;

	c2.nat = NULL;
	c2.local = true;
	c2.hairpin = true;
	c2.reasm = false;
	if (nat64_nat_4to6(&c2, n) != NF_STOLEN) {
		/* Dropped and counted there (no session left, no route). */
		kfree_skb(n);
		return;
	}
	nat64_count(c, cnt);
}
