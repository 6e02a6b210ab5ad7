// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 fragmentation of translated IPv4 packets (RFC 7915 4.1: DF=0 packets
 * that do not fit the IPv6 path). The packet already has the fragment header
 * the translation built, carrying the IPv4 ID and, for an IPv4 fragment, its
 * offset and MF flag; each piece keeps that header and shifts the offset.
 * ip6_fragment() cannot be used: it would add a second fragment header.
 */
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <net/ipv6.h>
#include "core/types.h"
#include "route.h"

#define HDRS	(sizeof(struct ipv6hdr) + sizeof(struct nat64_frag_hdr))

int nat64_frag6_output(struct net *net, struct sk_buff *skb, struct dst_entry *dst, u32 limit)
{
	struct nat64_frag_hdr *fh;
	u32 payload, chunk, off, len, base;
	bool last_mf;
	int sent = 0, err = 0;

	if (skb->len <= HDRS || limit < HDRS + 8 || skb_headlen(skb) < HDRS) {
		err = -EINVAL;
		goto out;
	}
	fh = (struct nat64_frag_hdr *)(skb->data + sizeof(struct ipv6hdr));
	payload = skb->len - HDRS;
	chunk = (limit - HDRS) & ~7U;
	base = be16_to_cpu(fh->frag_off) & NAT64_FRAG6_OFFSET_MASK;
	last_mf = be16_to_cpu(fh->frag_off) & NAT64_FRAG6_MF;
	/* The last piece's offset must still fit the 13-bit field. */
	if (base + payload > 0xffff) {
		err = -EMSGSIZE;
		goto out;
	}

	for (off = 0; off < payload; off += len) {
		struct nat64_frag_hdr *nfh;
		struct ipv6hdr *nip6;
		struct sk_buff *f;
		bool mf;

		len = min(chunk, payload - off);
		f = alloc_skb(LL_MAX_HEADER + HDRS + len, GFP_ATOMIC);
		if (!f) {
			err = -ENOMEM;
			break;
		}
		skb_reserve(f, LL_MAX_HEADER);
		skb_put(f, HDRS + len);
		memcpy(f->data, skb->data, HDRS);
		if (skb_copy_bits(skb, HDRS + off, f->data + HDRS, len)) {
			kfree_skb(f);
			err = -EFAULT;
			break;
		}
		nip6 = (struct ipv6hdr *)f->data;
		nip6->payload_len = htons(sizeof(*nfh) + len);
		nfh = (struct nat64_frag_hdr *)(f->data + sizeof(*nip6));
		mf = off + len < payload || last_mf;
		nfh->frag_off = htons((base + off) | (mf ? NAT64_FRAG6_MF : 0));

		skb_reset_network_header(f);
		skb_set_transport_header(f, HDRS);
		f->protocol = htons(ETH_P_IPV6);
		f->mark = skb->mark;
		f->priority = skb->priority;
		f->skb_iif = skb->skb_iif;
		err = nat64_output(net, f, dst_clone(dst));
		if (err)
			break;
		sent++;
	}
out:
	dst_release(dst);
	consume_skb(skb);
	return err ? err : sent;
}
