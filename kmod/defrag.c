// SPDX-License-Identifier: GPL-2.0
/*
 * Reassembly before translation (Documentation/hooks.rst "Fragments").
 *
 * Two kinds of packets cannot be translated fragment by fragment:
 * - ICMP and ICMPv6 messages: the ICMPv6 checksum covers a pseudo header
 *   holding the length of the whole message, which a first fragment does
 *   not know;
 * - every fragment in stateful mode: only the first fragment carries the
 *   ports that select the mapping (RFC 6146 3.4 and 3.5 let the NAT64
 *   reassemble).
 * They are reassembled with the kernel's own queues and the whole packet
 * goes through the translator again (marked reasm, so it cannot loop); the
 * output path fragments the result as a forwarded packet would be. The
 * kernel's reassembly brings its memory limits (ipfrag_high_thresh,
 * nf_conntrack_frag6_high_thresh) and timeouts; it runs at our hook, before
 * the defragmenters, so the user ids below are private to this module.
 */
#include <linux/netfilter.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/ipv6_frag.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include "xlat.h"

/*
 * IPv4 queues live in the stack's own table: take an id past every user the
 * kernel defines. IPv6 goes through nf_defrag_ipv6's table, whose only other
 * users are conntrack's (base + zone).
 */
#define NAT64_IP_DEFRAG_USER	(IP_DEFRAG_MACVLAN + 0x4e36)
#define NAT64_IP6_DEFRAG_USER	(__IP6_DEFRAG_CONNTRACK_BRIDGE_IN + 0x4e36)

/* The reassembled skb must start at its network header like the fragments did. */
static bool reasm_fixup(struct sk_buff *skb)
{
	int off = skb_network_offset(skb);

	if (off > 0)
		return false;
	if (off < 0)
		__skb_push(skb, -off);
	return true;
}

/* Only a message's first translation may queue: a second pass would loop. */
static bool may_queue(const struct nat64_pctx *c)
{
	return !c->reasm && !c->nat;
}

unsigned int nat64_defrag6(const struct nat64_pctx *c, struct sk_buff *skb,
			   enum nat64_counter done, enum nat64_counter fail)
{
	struct nat64_pctx whole = *c;
	int err;

	if (!may_queue(c))
		return nat64_drop(c, fail);
	err = nf_ct_frag6_gather(c->net, skb, NAT64_IP6_DEFRAG_USER);
	if (err == -EINPROGRESS)
		return NF_STOLEN;	/* queued; the kernel owns it (and its timeout) */
	if (err)
		return nat64_drop(c, fail);
	/* 0 also means "not queued" (e.g. a bad fragment): still has its header. */
	if (!reasm_fixup(skb) || ipv6_hdr(skb)->nexthdr == NEXTHDR_FRAGMENT)
		return nat64_drop(c, fail);
	nat64_count(c, done);
	whole.reasm = true;
	return nat64_translate(&whole, skb, true);
}

unsigned int nat64_defrag4(const struct nat64_pctx *c, struct sk_buff *skb,
			   enum nat64_counter done, enum nat64_counter fail)
{
	struct nat64_pctx whole = *c;
	int err;

	if (!may_queue(c))
		return nat64_drop(c, fail);
	err = ip_defrag(c->net, skb, NAT64_IP_DEFRAG_USER);
	if (err) {
		/* ip_defrag() consumed the skb either way. */
		if (err != -EINPROGRESS)
			nat64_count(c, fail);
		return NF_STOLEN;
	}
	if (!reasm_fixup(skb) || ip_is_fragment(ip_hdr(skb)))
		return nat64_drop(c, fail);
	nat64_count(c, done);
	whole.reasm = true;
	return nat64_translate(&whole, skb, false);
}
