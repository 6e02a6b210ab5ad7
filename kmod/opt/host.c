// SPDX-License-Identifier: GPL-2.0
/*
 * Host role (mode NAT64_MODE_HOST): an IPv4 server reached through option
 * mode gateways. No translation happens here.
 *
 * PREROUTING: a TCP segment carrying our option has it remembered for its
 * 4-tuple and overwritten with NOPs (lengths untouched, so GRO is too), so
 * the applications (and VMs or containers behind this host) never see it.
 * A SYN whose option differs from a live connection's is a 4-tuple
 * collision between two clients: it is answered with a RST (carrying the
 * SYN's own option, so that the gateways can deliver it) and dropped.
 * POSTROUTING (locally generated and forwarded packets): a segment of a
 * remembered connection gets the option back, 20 bytes more of TCP header.
 */
#include <linux/ip.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/route.h>
#include <uapi/linux/nat64.h>
#include "core/tcpopt.h"
#include "route.h"
#include "xlat.h"
#include "opt.h"
#include "opt_skb.h"
#include "host.h"

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
	if (ntohs(iph->tot_len) != skb->len)
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

	if (!t || !tcp4(skb, &ihl, &hlen, false))
		return NF_ACCEPT;
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
					syn, &f)) {
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
	/* Ours (or a malformed copy of ours, -EBADMSG): the stack never sees it. */
	if (skb_ensure_writable(skb, ihl + hlen))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
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
	if (skb->len + ed.len - ed.old_len > 0xffff)
		return nat64_drop(c, NAT64_C_DROP_FRAG_NEEDED);
	if (skb_ensure_writable(skb, ihl + hlen) || nat64_opt_skb_edit(skb, ihl, &ed, false))
		return nat64_drop(c, NAT64_C_DROP_NOMEM);
	nat64_count(c, NAT64_C_HOST_OPT_ADDED);
	if (ed.flags & NAT64_TCPOPT_F_TS_STRIPPED)
		nat64_count(c, NAT64_C_OPT_TS_STRIPPED);
	if (ed.flags & NAT64_TCPOPT_F_SACK_TRIMMED)
		nat64_count(c, NAT64_C_OPT_SACK_TRIMMED);
	return NF_ACCEPT;
}
