// SPDX-License-Identifier: GPL-2.0
/*
 * Routing of translated packets in their new family and hand-off to the
 * output path. Translated packets skip the other family's PREROUTING and
 * forwarding code: they are routed here and enter at dst_output(), so the
 * POSTROUTING hooks (SNAT, our own hook, which lets them pass) still run.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ip6_route.h>
#include <net/route.h>
#include <net/netfilter/nf_conntrack.h>
#include "compat.h"
#include "route.h"

DEFINE_PER_CPU(int, nat64_xmit_depth);

struct rtable *nat64_route4(struct net *net, u32 mark, __be32 saddr, __be32 daddr, u8 proto)
{
	struct flowi4 fl4;

	memset(&fl4, 0, sizeof(fl4));
	fl4.daddr = daddr;
	fl4.saddr = saddr;
	fl4.flowi4_mark = mark;
	fl4.flowi4_proto = proto;
	/* The source belongs to a translated host, not to us. */
	fl4.flowi4_flags = FLOWI_FLAG_ANYSRC;
	return ip_route_output_key(net, &fl4);
}

struct dst_entry *nat64_route6(struct net *net, u32 mark, const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto)
{
	struct dst_entry *dst;
	struct flowi6 fl6;

	memset(&fl6, 0, sizeof(fl6));
	fl6.daddr = *daddr;
	if (saddr)
		fl6.saddr = *saddr;
	fl6.flowi6_mark = mark;
	fl6.flowi6_proto = proto;
	dst = ip6_route_output(net, NULL, &fl6);
	if (dst->error) {
		dst_release(dst);
		return NULL;
	}
	return dst;
}

int nat64_output(struct net *net, struct sk_buff *skb, struct dst_entry *dst)
{
	int err;

	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	nf_reset_ct(skb);
	/* IPCB/IP6CB of the old family mean nothing in the new one. */
	memset(skb->cb, 0, sizeof(struct inet6_skb_parm) > sizeof(struct inet_skb_parm) ?
	       sizeof(struct inet6_skb_parm) : sizeof(struct inet_skb_parm));
	skb->dev = dst->dev;
	/* Like ip_forward(): a receive timestamp is not a departure time. */
	if (skb->skb_iif)
		nat64_clear_tstamp(skb);

	nat64_xmit_enter();
	err = dst_output(net, NULL, skb);
	nat64_xmit_leave();
	return net_xmit_eval(err);
}
