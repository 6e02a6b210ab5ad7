/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One's complement checksum arithmetic for incremental updates (RFC 1624).
 * Partial sums are u32 accumulators in network byte order words, folded at
 * the end. Kept apart from the kernel's csum API so it runs in userspace.
 */
#ifndef NAT64_CORE_CSUM_H
#define NAT64_CORE_CSUM_H

#include "types.h"

/* Sum of a buffer as big-endian 16-bit words (odd tail padded with zero). */
u32 nat64_csum_partial(const void *buf, size_t len, u32 sum);
/* Fold a partial sum to 16 bits (not complemented), in network byte order. */
__be16 nat64_csum_fold16(u32 sum);
/* ~fold: the value to store in a checksum field. */
__sum16 nat64_csum_finish(u32 sum);
/* Add/subtract a 16-bit word (network order) into a partial sum. */
u32 nat64_csum_add16(u32 sum, __be16 v);
u32 nat64_csum_sub16(u32 sum, __be16 v);
u32 nat64_csum_add(u32 sum, u32 addend_partial);
u32 nat64_csum_sub(u32 sum, u32 subtrahend_partial);

/* Pseudo-header sums (without the upper-layer length/protocol when *_addrs). */
u32 nat64_csum_addrs6(const struct in6_addr *s, const struct in6_addr *d);
u32 nat64_csum_addrs4(__be32 s, __be32 d);
u32 nat64_csum_pseudo6(const struct in6_addr *s, const struct in6_addr *d, u32 len, u8 proto);
u32 nat64_csum_pseudo4(__be32 s, __be32 d, u16 len, u8 proto);

/*
 * Update a TCP/UDP checksum field for an address change 6 -> 4 or 4 -> 6
 * (length and protocol do not change). Returns the new field value.
 * When the old and new pseudo-header sums are equal (checksum-neutral
 * prefix), the result is the old value.
 */
__sum16 nat64_csum_l4_6to4(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			   __be32 s4, __be32 d4);
/* Both IPv6 addresses of a pseudo header replaced (EAM hairpinning). */
__sum16 nat64_csum_l4_6to6(__sum16 old, const struct in6_addr *s, const struct in6_addr *d,
			   const struct in6_addr *ns, const struct in6_addr *nd);
__sum16 nat64_csum_l4_4to6(__sum16 old, __be32 s4, __be32 d4,
			   const struct in6_addr *s6, const struct in6_addr *d6);

/*
 * ICMPv6 -> ICMPv4 checksum change: remove the IPv6 pseudo header (len is the
 * ICMPv6 message length), replace the first 32-bit word (type, code, and the
 * rest-of-header word for echo) old_hdr -> new_hdr. And the reverse.
 * Both only cover header changes; a changed body (translated inner packet of
 * an ICMP error) is recomputed by the caller instead.
 */
__sum16 nat64_csum_icmp_6to4(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			     u32 len, __be16 old_typecode, __be16 new_typecode);
__sum16 nat64_csum_icmp_4to6(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			     u32 len, __be16 old_typecode, __be16 new_typecode);

#endif /* NAT64_CORE_CSUM_H */
