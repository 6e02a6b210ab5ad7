/* SPDX-License-Identifier: GPL-2.0 */
/* ICMP errors the translator itself sends about a packet it refuses. */
#ifndef NAT64_ICMP_SEND_H
#define NAT64_ICMP_SEND_H

#include <linux/skbuff.h>
#include "xlat.h"

/*
 * Send an ICMPv6 / ICMPv4 error about skb (unmodified, network header at
 * skb->data) to its sender and count cnt. info is in host order (MTU or
 * pointer). skb is not consumed.
 */
void nat64_icmp6_error(const struct nat64_pctx *c, struct sk_buff *skb, u8 type, u8 code,
		       u32 info, enum nat64_counter cnt);
void nat64_icmp4_error(const struct nat64_pctx *c, struct sk_buff *skb, u8 type, u8 code,
		       u32 info, enum nat64_counter cnt);

/*
 * An IPv6 packet whose destination could not be mapped (r): tell the sender
 * where the refusal is a policy it can act on, so that its application fails
 * at once instead of timing out. The caller counts the drop.
 */
void nat64_icmp6_unmappable_dst(const struct nat64_pctx *c, struct sk_buff *skb,
				enum nat64_addr_result r);

#endif /* NAT64_ICMP_SEND_H */
