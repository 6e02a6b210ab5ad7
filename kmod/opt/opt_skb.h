/* SPDX-License-Identifier: GPL-2.0 */
/*
 * skb surgery for our TCP option, shared by the gateway and the host role:
 * write a struct nat64_tcpopt_edit (built by core/tcpopt.c) into a packet,
 * growing or shrinking the TCP header, and fix lengths and checksums.
 */
#ifndef NAT64_OPT_SKB_H
#define NAT64_OPT_SKB_H

#include <linux/skbuff.h>
#include "core/tcpopt.h"

/*
 * The packet starts with its IP header at skb->data (IPv6 when v6, with
 * the TCP header right after it at l4_off = 40; IPv4 otherwise, l4_off =
 * its header length). The TCP header must be linear and writable. Moves
 * the IP and fixed TCP headers by the size change (the payload stays where
 * it is), writes the new option area, updates the IP length (and IPv4
 * header checksum) and the TCP checksum for CHECKSUM_PARTIAL (pseudo
 * header length only), COMPLETE (skb->csum follows the headers' new sum)
 * and NONE/UNNECESSARY. Shrinking moves a link-layer header right in front
 * of the IP header along with it. GSO packets keep gso_size: every segment
 * carries the new header. 0 or -ENOMEM.
 */
int nat64_opt_skb_edit(struct sk_buff *skb, unsigned int l4_off,
		       const struct nat64_tcpopt_edit *ed, bool v6);

/*
 * Overwrite our option(s) with NOPs (no size change) and fix the checksum;
 * with CHECKSUM_COMPLETE the sum of the packet is unchanged. The TCP
 * header must be linear and writable. Returns how many were neutralised
 * or -EINVAL (malformed list, nothing written).
 */
int nat64_opt_skb_neutralise(struct sk_buff *skb, unsigned int l4_off);

/*
 * Make the TCP header at l4_off linear (and writable when write). Returns
 * its length (doff * 4) or a negative errno: -EINVAL for a doff under 5 or
 * past the packet, -ENOMEM.
 */
int nat64_opt_skb_tcph(struct sk_buff *skb, unsigned int l4_off, bool write);

#endif /* NAT64_OPT_SKB_H */
