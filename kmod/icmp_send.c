// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP errors sent by the translator about packets it cannot pass on
 * (hop limit, too big, no route, routing header). The kernel's senders do
 * the work (rate limiting, source selection, quoting); we only make sure
 * they have what they need and that the error is not translated by our
 * own POSTROUTING hook on its way out.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/icmp.h>
#include <net/route.h>
#include "icmp_send.h"
#include "route.h"

void nat64_icmp6_error(const struct nat64_pctx *c, struct sk_buff *skb, u8 type, u8 code,
		       u32 info, enum nat64_counter cnt)
{
	if (!skb->dev)
		return;
	nat64_xmit_enter();
	icmpv6_send(skb, type, code, info);
	nat64_xmit_leave();
	nat64_count(c, cnt);
}

void nat64_icmp4_error(const struct nat64_pctx *c, struct sk_buff *skb, u8 type, u8 code,
		       u32 info, enum nat64_counter cnt)
{
	/* Its source is our own pool4 address: the IPv6 sender must hear it. */
	if (c->hairpin) {
		nat64_nat_hairpin_icmp4(c, skb, type, code, info, cnt);
		return;
	}
	/*
	 * icmp_send() wants a routed packet and at PREROUTING there is no
	 * route yet. An input route to the destination would not help (the
	 * destination is usually only reachable through us), so attach the
	 * output route back to the sender: icmp_send() then picks a source
	 * address by routing, as for a forwarded packet.
	 */
	if (!skb_rtable(skb)) {
		struct rtable *rt;

		rt = nat64_route4(c->net, skb->mark, 0, ip_hdr(skb)->saddr, IPPROTO_ICMP);
		if (IS_ERR(rt))
			return;
		skb_dst_set(skb, &rt->dst);
	}
	nat64_xmit_enter();
	icmp_send(skb, type, code, htonl(info));
	nat64_xmit_leave();
	nat64_count(c, cnt);
}

void nat64_icmp6_unmappable_dst(const struct nat64_pctx *c, struct sk_buff *skb,
				enum nat64_addr_result r)
{
	/* RFC 6052 3.1: the well-known prefix refuses non-global IPv4 by policy. */
	if (r == NAT64_ADDR_NOT_GLOBAL)
		nat64_icmp6_error(c, skb, ICMPV6_DEST_UNREACH, ICMPV6_ADM_PROHIBITED, 0,
				  NAT64_C_ICMP_SENT_ADMIN_PROHIB);
}
