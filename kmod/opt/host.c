// SPDX-License-Identifier: GPL-2.0
/*
 * Host role (mode NAT64_MODE_HOST): an IPv4 server reached through option
 * mode gateways. No translation happens here.
 *
 * PREROUTING: a TCP segment carrying our option has it remembered for its
 * 4-tuple and cut out (the TCP header shrinks by 20 bytes; GRO has already
 * run), so the applications (and VMs or containers behind this host) never
 * see it.
 * A SYN whose option differs from a live connection's is a 4-tuple
 * collision between two clients: it is answered with a RST (carrying the
 * SYN's own option, so that the gateways can deliver it) and dropped.
 * POSTROUTING (locally generated and forwarded packets): a segment of a
 * remembered connection gets the option back, 20 bytes more of TCP header.
 */
#include <linux/ip.h>
#include <linux/icmp.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/route.h>
#include <uapi/linux/nat64.h>
#include "core/tcpopt.h"
#include "compat.h"
#include "route.h"
#include "xlat.h"
#include "opt.h"
#include "opt_skb.h"
#include "host.h"

/*
 * IPv4 BIG TCP (kernels >= 6.3): a GSO packet over 64 KiB has tot_len 0 and
 * its length is the skb's. Such a packet is a BIG TCP one whatever the
 * kernel (on older ones tot_len 0 never matches skb->len and is not ours).
 */
static bool big_tcp4(const struct sk_buff *skb, const struct iphdr *iph)
{
	return !iph->tot_len && skb_is_gso(skb) && skb_is_gso_tcp(skb) && skb->len > 0xffff;
}

/* The IPv4 TCP segment's header lengths, or false when it is not for us. */
static bool tcp4(struct sk_buff *skb, unsigned int *ihl, int *hlen, bool write)
{
	const struct iphdr *iph;

	if (skb_network_offset(skb) || !pskb_may_pull(skb, sizeof(*iph)))
		return false;
	iph = ip_hdr(skb);
	if (iph->version != 4 || iph->protocol != IPPROTO_TCP || iph->ihl < 5 ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)))
		return false;
	*ihl = iph->ihl * 4u;
	if (ntohs(iph->tot_len) != skb->len && !big_tcp4(skb, iph))
		return false;
	*hlen = nat64_opt_skb_tcph(skb, *ihl, write);
	return *hlen > 0;
}

/* RST for a colliding SYN, with that SYN's option so its own gateway delivers it. */
static void send_rst(const struct nat64_pctx *c, struct sk_buff *oskb, unsigned int ihl,
		     const u8 *opt)
{
	const struct iphdr *oiph = ip_hdr(oskb);
	const struct tcphdr *oth = (const struct tcphdr *)(oskb->data + ihl);
	unsigned int tlen = sizeof(struct tcphdr) + NAT64_TCPOPT_LEN;
	u32 seglen = oskb->len - ihl - oth->doff * 4u;
	struct sk_buff *n;
	struct tcphdr *th;
	struct iphdr *iph;
	struct rtable *rt;

	rt = nat64_route4(c->net, oskb->mark, oiph->daddr, oiph->saddr, IPPROTO_TCP);
	if (IS_ERR(rt))
		return;
	n = alloc_skb(LL_MAX_HEADER + sizeof(*iph) + tlen, GFP_ATOMIC);
	if (!n) {
		ip_rt_put(rt);
		return;
	}
	skb_reserve(n, LL_MAX_HEADER);
	skb_reset_network_header(n);
	iph = skb_put_zero(n, sizeof(*iph));
	skb_set_transport_header(n, sizeof(*iph));
	th = skb_put_zero(n, tlen);

	th->source = oth->dest;
	th->dest = oth->source;
	th->ack_seq = htonl(ntohl(oth->seq) + seglen + 1);
	th->doff = tlen / 4;
	th->rst = 1;
	th->ack = 1;
	memcpy(th + 1, opt, NAT64_TCPOPT_LEN);
	th->check = csum_tcpudp_magic(oiph->daddr, oiph->saddr, tlen, IPPROTO_TCP,
				      csum_partial(th, tlen, 0));

	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + tlen);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = oiph->daddr;
	iph->daddr = oiph->saddr;
	ip_send_check(iph);

	n->protocol = htons(ETH_P_IP);
	n->ip_summed = CHECKSUM_NONE;
	n->mark = oskb->mark;
	if (nat64_output(c->net, n, &rt->dst))
		nat64_count(c, NAT64_C_DROP_OUTPUT);
}

/*
 * ICMP frag-needed quoting one of our segments as sent (Z:z -> T:t with our
 * option in the quote): a router between this host and the gateways, or
 * this host itself when a segment outgrew its own link. It reports the
 * real MTU, but TCP here sizes segments without the 20 bytes of option the
 * host adds: tell it MTU - 20. Errors made by a gateway from a Packet Too
 * Big quote the translated segment, without our option, and already
 * announce MTU - 20: left alone.
 */
static void host_icmp(const struct nat64_pctx *c, struct nat64_host_table *t,
		      struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int ihl = iph->ihl * 4u, ihl2, hlen;
	const struct iphdr *qh;
	struct icmphdr *ih;
	const u8 *th;
	__be16 old, new;

	if (iph->version != 4 || iph->protocol != IPPROTO_ICMP || ihl < sizeof(*iph) ||
	    (iph->frag_off & htons(IP_MF | IP_OFFSET)) || !atomic_read(&t->count) ||
	    !pskb_may_pull(skb, ihl + sizeof(*ih) + sizeof(*qh)))
		return;
	ih = (struct icmphdr *)(skb->data + ihl);
	qh = (const struct iphdr *)(ih + 1);
	if (ih->type != ICMP_DEST_UNREACH || ih->code != ICMP_FRAG_NEEDED ||
	    qh->version != 4 || qh->protocol != IPPROTO_TCP || qh->ihl < 5 ||
	    (qh->frag_off & htons(IP_OFFSET)))
		return;
	ihl2 = qh->ihl * 4u;
	if (!pskb_may_pull(skb, ihl + sizeof(*ih) + ihl2 + sizeof(struct tcphdr)))
		return;
	ih = (struct icmphdr *)(skb->data + ihl);
	qh = (const struct iphdr *)(ih + 1);
	th = (const u8 *)qh + ihl2;
	hlen = (th[12] >> 4) * 4u;
	if (hlen <= sizeof(struct tcphdr) ||
	    !pskb_may_pull(skb, ihl + sizeof(*ih) + ihl2 + hlen))
		return;
	ih = (struct icmphdr *)(skb->data + ihl);
	qh = (const struct iphdr *)(ih + 1);
	th = (const u8 *)qh + ihl2;
	if (nat64_tcpopt_find(th, hlen) < 0 ||
	    !host_flow_lookup(t, qh->daddr, *(const __be16 *)(th + 2), qh->saddr,
			      *(const __be16 *)th))
		return;
	old = ih->un.frag.mtu;
	if (ntohs(old) < 68 + 20 || skb_ensure_writable(skb, ihl + sizeof(*ih)))
		return;
	ih = (struct icmphdr *)(skb->data + ihl);
	new = htons(ntohs(old) - 20);
	/* Incremental: the sum of the message is unchanged (CHECKSUM_COMPLETE stays right). */
	csum_replace2(&ih->checksum, old, new);
	ih->un.frag.mtu = new;
	nat64_count(c, NAT64_C_HOST_ICMP_MTU_ADJUSTED);
}

unsigned int nat64_host_in(const struct nat64_pctx *c, struct sk_buff *skb)
{
	struct nat64_host_table *t = READ_ONCE(c->inst->host);
	const struct iphdr *iph;
	const struct tcphdr *th;
	struct host_flow *f;
	unsigned int ihl;
	u8 opt[NAT64_TCPOPT_LEN];
	bool syn;
	int hlen, off, n;

	if (!t)
		return NF_ACCEPT;
	if (!tcp4(skb, &ihl, &hlen, false)) {
		if (!skb_network_offset(skb) && pskb_may_pull(skb, sizeof(*iph)) &&
		    ip_hdr(skb)->protocol == IPPROTO_ICMP)
			host_icmp(c, t, skb);
		return NF_ACCEPT;
	}
	iph = ip_hdr(skb);
	th = (const struct tcphdr *)(skb->data + ihl);
	off = -ENOENT;
	if (hlen > (int)sizeof(*th) && memchr(th + 1, NAT64_TCPOPT_KIND, hlen - sizeof(*th)))
		off = nat64_tcpopt_find((const u8 *)th, hlen);
	if (off == -ENOENT || off == -EINVAL) {
		/* No option (or a list the TCP stack will judge): follow the flow's end. */
		if ((th->fin || th->rst) && atomic_read(&t->count)) {
			f = host_flow_lookup(t, iph->saddr, th->source, iph->daddr, th->dest);
			if (f)
				host_flow_touch(f, true, th->fin, th->rst);
		}
		return NF_ACCEPT;
	}
	if (off >= 0) {
		syn = th->syn && !th->ack;
		memcpy(opt, (const u8 *)th + off, NAT64_TCPOPT_LEN);
		switch (host_flow_learn(t, iph->saddr, th->source, iph->daddr, th->dest, opt,
					syn, c->cfg->host_max_flows ?: NAT64_HOST_MAX_FLOWS, &f)) {
		case HOST_LEARN_NEW:
			nat64_count(c, NAT64_C_HOST_FLOWS_CREATED);
			break;
		case HOST_LEARN_COLLISION:
			send_rst(c, skb, ihl, opt);
			return nat64_drop(c, NAT64_C_HOST_COLLISION_RST);
		case HOST_LEARN_CAP:
			if (syn)
				return nat64_drop(c, NAT64_C_DROP_HOST_CAP);
			nat64_count(c, NAT64_C_DROP_HOST_CAP);
			break;
		case HOST_LEARN_NOMEM:
			if (syn)
				return nat64_drop(c, NAT64_C_DROP_NOMEM);
			break;
		default:
			break;
		}
		if (f)
			host_flow_touch(f, true, th->fin, th->rst);
	}
	/*
	 * Ours: the stack never sees it. It is cut out, not overwritten with
	 * NOPs: TCP's header prediction (the receive fast path) only takes
	 * segments whose header is as long as the connection's usual one. A
	 * malformed copy of ours (-EBADMSG) is only neutralised.
	 */
	if (skb_ensure_writable(skb, ihl + hlen))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
	if (off >= 0) {
		struct nat64_tcpopt_edit ed;

		if (nat64_tcpopt_remove(skb->data + ihl, hlen, NULL, &ed) ||
		    nat64_opt_skb_edit(skb, ihl, &ed, false))
			return nat64_drop(c, NAT64_C_DROP_OPT_MALFORMED);
		nat64_count(c, NAT64_C_HOST_OPT_STRIPPED);
		return NF_ACCEPT;
	}
	n = nat64_opt_skb_neutralise(skb, ihl);
	if (n > 0)
		nat64_count(c, NAT64_C_HOST_OPT_STRIPPED);
	return NF_ACCEPT;
}

unsigned int nat64_host_out(const struct nat64_pctx *c, struct sk_buff *skb)
{
	struct nat64_host_table *t = READ_ONCE(c->inst->host);
	struct nat64_tcpopt_edit ed;
	const struct iphdr *iph;
	const struct tcphdr *th;
	struct host_flow *f;
	unsigned int ihl;
	u8 opt[NAT64_TCPOPT_LEN];
	int hlen, err;

	if (!t || !atomic_read(&t->count) || !tcp4(skb, &ihl, &hlen, false))
		return NF_ACCEPT;
	iph = ip_hdr(skb);
	th = (const struct tcphdr *)(skb->data + ihl);
	f = host_flow_lookup(t, iph->daddr, th->dest, iph->saddr, th->source);
	if (!f)
		return NF_ACCEPT;
	host_flow_touch(f, false, th->fin, th->rst);
	/* The option changes only under the lock on reuse: copy it once. */
	memcpy(opt, f->opt, NAT64_TCPOPT_LEN);
	err = nat64_tcpopt_insert((const u8 *)th, hlen, opt + NAT64_TCPOPT_SEALED_OFF, &ed);
	if (err == -ENOSPC)
		return nat64_drop(c, NAT64_C_DROP_OPT_NOSPACE);
	if (err)
		return nat64_drop(c, NAT64_C_DROP_OPT_MALFORMED);
	/* A GSO packet may grow past 64 KiB where BIG TCP exists (tot_len 0 then). */
	if (skb->len + ed.len - ed.old_len > 0xffff && !(skb_is_gso(skb) && nat64_big_tcp4()))
		return nat64_drop(c, NAT64_C_DROP_FRAG_NEEDED);
	if (skb_ensure_writable(skb, ihl + hlen) || nat64_opt_skb_edit(skb, ihl, &ed, false))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
	/*
	 * The option went in after TCP sized the segment for the path MTU, so
	 * the packet is 20 bytes over what the route allows. The PMTU this host
	 * learns for such a flow is already 20 bytes under the real one (the
	 * gateways announce MTU - 20, host_icmp() lowers other reports), so
	 * check against the route and link MTU instead, as for a forwarded
	 * packet (ip_skb_dst_mtu()).
	 */
	IPCB(skb)->flags |= IPSKB_FORWARDED;
	nat64_count(c, NAT64_C_HOST_OPT_ADDED);
	if (ed.flags & NAT64_TCPOPT_F_TS_STRIPPED)
		nat64_count(c, NAT64_C_OPT_TS_STRIPPED);
	if (ed.flags & NAT64_TCPOPT_F_SACK_TRIMMED)
		nat64_count(c, NAT64_C_OPT_SACK_TRIMMED);
	return NF_ACCEPT;
}
