/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IP header mapping (RFC 7915 sections 4.1 and 5.1) between buffers.
 */
#ifndef NAT64_CORE_HDR_H
#define NAT64_CORE_HDR_H

#include "types.h"
#include "parse.h"

/* DF is set on translated packets larger than this (RFC 7915 5.1). */
#define NAT64_DF_THRESHOLD	1260

struct nat64_hdr_cfg {
	s16 tos_override;	/* -1: copy the IPv6 traffic class */
	s16 tclass_override;	/* -1: copy the IPv4 TOS */
};

/*
 * Build the IPv4 header for a translated IPv6 packet. l4_len is the size of
 * what follows the IPv4 header. id is used when the packet is not a fragment
 * and DF ends up 0 (the caller draws it). dec_ttl: forwarded packets lose one
 * hop (the caller has checked hop_limit > 1); quoted packets do not.
 * Sets the header checksum.
 */
void nat64_hdr_6to4(const struct ipv6hdr *ip6, const struct nat64_pkt6 *p,
		    __be32 saddr, __be32 daddr, u32 l4_len, __be16 id,
		    bool dec_ttl, const struct nat64_hdr_cfg *cfg, struct iphdr *out);

/*
 * Build the IPv6 header (and, when with_frag, the fragment header that
 * follows it) for a translated IPv4 packet. l4_len is the size of what
 * follows the IPv6 header and fragment header. Returns the header length
 * written (40 or 48).
 */
u32 nat64_hdr_4to6(const struct iphdr *ip4, const struct nat64_pkt4 *p,
		   const struct in6_addr *saddr, const struct in6_addr *daddr,
		   u32 l4_len, bool with_frag, bool dec_ttl,
		   const struct nat64_hdr_cfg *cfg, void *out);

/* Protocol number after translation: ICMP <-> ICMPv6, others unchanged. */
u8 nat64_proto_6to4(u8 proto);
u8 nat64_proto_4to6(u8 proto);

#endif /* NAT64_CORE_HDR_H */
