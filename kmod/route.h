/* SPDX-License-Identifier: GPL-2.0 */
/* Routing and emission of translated packets (route.c, frag6.c). */
#ifndef NAT64_ROUTE_H
#define NAT64_ROUTE_H

#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/route.h>

/*
 * Non-zero while this CPU is inside a transmit we started (translated packet
 * or ICMP error): our hooks then let packets pass so that nothing we emit is
 * translated a second time. Hooks run with BHs disabled, so the count cannot
 * leak to another task.
 */
DECLARE_PER_CPU(int, nat64_xmit_depth);

static inline bool nat64_in_xmit(void)
{
	return __this_cpu_read(nat64_xmit_depth) != 0;
}

static inline void nat64_xmit_enter(void)
{
	__this_cpu_inc(nat64_xmit_depth);
}

static inline void nat64_xmit_leave(void)
{
	__this_cpu_dec(nat64_xmit_depth);
}

/* Output route for an IPv4 packet (saddr may be foreign or 0). ERR_PTR on failure. */
struct rtable *nat64_route4(struct net *net, u32 mark, __be32 saddr, __be32 daddr, u8 proto);
/* Output route for an IPv6 packet (saddr may be foreign or ::). NULL on failure. */
struct dst_entry *nat64_route6(struct net *net, u32 mark, const struct in6_addr *saddr,
			       const struct in6_addr *daddr, u8 proto);

/*
 * Attach dst (the reference is consumed) to a translated skb whose network
 * header is at skb->data, forget the old family's state and send it.
 * Always consumes skb. Returns 0 or a negative errno from the output path.
 */
int nat64_output(struct net *net, struct sk_buff *skb, struct dst_entry *dst);

/*
 * frag6.c: split a translated IPv6 packet that starts with an IPv6 header and
 * a fragment header (as built by nat64_hdr_4to6 with_frag) into fragments of
 * at most limit bytes and send them. Consumes skb and the dst reference.
 * Returns the number of fragments sent or a negative errno.
 */
int nat64_frag6_output(struct net *net, struct sk_buff *skb, struct dst_entry *dst, u32 limit);

#endif /* NAT64_ROUTE_H */
