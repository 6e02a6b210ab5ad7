// SPDX-License-Identifier: GPL-2.0
/*
 * Growing, shrinking and neutralising our TCP option inside an skb. The
 * option area is rewritten by core/tcpopt.c; here only bytes move and
 * checksums follow (incrementally: the payload is never read).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include "core/csum.h"
#include "opt_skb.h"

int nat64_opt_skb_tcph(struct sk_buff *skb, unsigned int l4_off, bool write)
{
	unsigned int hlen;
	u8 doff;

	if (skb->len < l4_off + sizeof(struct tcphdr))
		return -EINVAL;
	if (!pskb_may_pull(skb, l4_off + sizeof(struct tcphdr)))
		return -ENOMEM;
	doff = skb->data[l4_off + 12] >> 4;
	hlen = doff * 4u;
	if (doff < 5 || skb->len < l4_off + hlen)
		return -EINVAL;
	if (write ? skb_ensure_writable(skb, l4_off + hlen) : !pskb_may_pull(skb, l4_off + hlen))
		return -ENOMEM;
	return hlen;
}

/* TCP checksum field after a header edit (delta) and a segment length change. */
static void fix_check(struct sk_buff *skb, struct tcphdr *th, u32 delta, u32 old_len,
		      u32 new_len)
{
	u32 lend = 0;

	if (old_len != new_len)
		lend = nat64_csum_add16(nat64_csum_sub16(0, cpu_to_be16((u16)old_len)),
					cpu_to_be16((u16)new_len));
	/* A BIG TCP length exceeds 16 bits: its high half counts too. */
	if ((old_len | new_len) >> 16)
		lend = nat64_csum_add16(nat64_csum_sub16(lend, cpu_to_be16(old_len >> 16)),
					cpu_to_be16(new_len >> 16));
	if (skb->ip_summed == CHECKSUM_PARTIAL) {
		/* The field holds the (uncomplemented) pseudo-header sum only. */
		u32 sum = be16_to_cpu((__force __be16)th->check);

		if (lend)
			th->check = (__force __sum16)nat64_csum_fold16(nat64_csum_add(sum, lend));
		return;
	}
	th->check = nat64_tcpopt_csum_apply(th->check, nat64_csum_add(delta, lend));
}

/*
 * Shrinking: the headers move towards the payload. The link-layer header
 * in front of them moves too, so that what reads it after this hook (a MAC
 * match in INPUT, say) still finds it right before the IP header.
 */
static void pull_headers(struct sk_buff *skb, unsigned int by, unsigned int fixed)
{
	unsigned int mac = 0;

	if (skb_mac_header_was_set(skb) && skb->mac_len &&
	    skb_mac_header(skb) + skb->mac_len == skb->data)
		mac = skb->mac_len;
	memmove(skb->data - mac + by, skb->data - mac, mac + fixed);
	__skb_pull(skb, by);
	if (mac)
		skb->mac_header += by;
}

int nat64_opt_skb_edit(struct sk_buff *skb, unsigned int l4_off,
		       const struct nat64_tcpopt_edit *ed, bool v6)
{
	int diff = (int)ed->len - (int)ed->old_len;
	u32 old_l4 = skb->len - l4_off, new_l4 = old_l4 + diff;
	unsigned int fixed = l4_off + sizeof(struct tcphdr);
	bool complete = diff && skb->ip_summed == CHECKSUM_COMPLETE;
	__wsum hdr_sum = 0;
	struct tcphdr *th;

	/*
	 * CHECKSUM_COMPLETE sums the packet from skb->data on: swap the sum of
	 * the headers as they were for their sum as written below. The payload
	 * keeps its place, and its parity (the size changes by a multiple of
	 * 4), so its part of the sum holds.
	 */
	if (complete)
		hdr_sum = csum_partial(skb->data, fixed + ed->old_len, 0);
	if (diff > 0) {
		if (skb_cow_head(skb, diff))
			return -ENOMEM;
		__skb_push(skb, diff);
		memmove(skb->data, skb->data + diff, fixed);
	} else if (diff < 0) {
		pull_headers(skb, -diff, fixed);
	}
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l4_off);
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb->csum_start = skb_transport_header(skb) - skb->head;

	th = tcp_hdr(skb);
	nat64_tcpopt_apply((u8 *)th, ed);
	fix_check(skb, th, ed->csum_delta, old_l4, new_l4);

	if (v6) {
		struct ipv6hdr *ip6 = ipv6_hdr(skb);

		ip6->payload_len = htons(ntohs(ip6->payload_len) + diff);
	} else if (diff) {
		struct iphdr *iph = ip_hdr(skb);
		__be16 old = iph->tot_len;

		/*
		 * IPv4 BIG TCP (6.3+): a GSO packet over 64 KiB carries tot_len
		 * 0 and the skb gives its length; growing one past 64 KiB makes
		 * it one (only GSO packets get here that large, host.c), and
		 * shrinking one to 64 KiB gives it its length back.
		 */
		if (skb->len > 0xffff)
			iph->tot_len = 0;
		else if (!old)
			iph->tot_len = htons(skb->len);
		else
			iph->tot_len = htons(ntohs(old) + diff);
		csum_replace2(&iph->check, old, iph->tot_len);
	}
	if (complete)
		skb->csum = csum_add(csum_sub(skb->csum, hdr_sum),
				     csum_partial(skb->data, l4_off + ed->hdrlen, 0));
	return 0;
}

int nat64_opt_skb_neutralise(struct sk_buff *skb, unsigned int l4_off)
{
	struct tcphdr *th = (struct tcphdr *)(skb->data + l4_off);
	u32 delta = 0;
	int n;

	n = nat64_tcpopt_neutralise((u8 *)th, th->doff * 4, &delta);
	if (n > 0)
		fix_check(skb, th, delta, 0, 0);
	return n;
}
