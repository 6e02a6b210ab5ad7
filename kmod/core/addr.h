/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address mapping: RFC 6052 prefixes, RFC 7757 explicit address mappings
 * (EAM), the deny list and the addresses that are never translated.
 */
#ifndef NAT64_CORE_ADDR_H
#define NAT64_CORE_ADDR_H

#include "types.h"

/* Why an address could not be mapped; each maps to a drop counter. */
enum nat64_addr_result {
	NAT64_ADDR_OK = 0,
	NAT64_ADDR_NO_MAPPING,		/* matches no prefix and no EAM */
	NAT64_ADDR_SPECIAL,		/* mapped, loopback, link-local, multicast... */
	NAT64_ADDR_DENIED,		/* IPv4 address in the deny list */
	NAT64_ADDR_NOT_GLOBAL,		/* non-global IPv4 with the well-known prefix */
};

/*
 * An explicit address mapping. RFC 7757 3.2: the IPv6 suffix (128 - p6.len
 * bits) is at least as long as the IPv4 suffix (32 - p4.len bits); the IPv4
 * suffix bits follow the IPv6 prefix and any IPv6 bits after them are zero
 * (4 -> 6) or ignored (6 -> 4). Entries that break the rule never match.
 */
struct nat64_eam {
	struct nat64_prefix6 p6;
	struct nat64_prefix4 p4;
};

/*
 * What the address mapper reads. Arrays are owned by the caller (in the
 * kernel: an RCU-protected config snapshot). The EAM arrays must be sorted by
 * nat64_eam_sort() before use: eam6 by p6.len descending, eam4 by p4.len
 * descending, so that the first match is the longest.
 */
struct nat64_addrmap {
	const struct nat64_prefix6 *prefixes;	/* [0] is used for 4 -> 6 */
	unsigned int nr_prefixes;
	const struct nat64_eam *eam6;		/* sorted for IPv6 lookups */
	const struct nat64_eam *eam4;		/* same entries, sorted for IPv4 lookups */
	unsigned int nr_eam;
	const struct nat64_prefix4 *deny;
	unsigned int nr_deny;
};

/* Legal RFC 6052 lengths: 32, 40, 48, 56, 64, 96. */
bool nat64_prefix6_len_valid(unsigned int len);
/* Well-known prefix 64:ff9b::/96 (RFC 6052 section 2.1). */
bool nat64_prefix6_is_wkp(const struct nat64_prefix6 *p);
/* True when the bits past len are zero (the prefix is canonical). */
bool nat64_prefix6_canonical(const struct nat64_prefix6 *p);
bool nat64_prefix4_canonical(const struct nat64_prefix4 *p);
bool nat64_prefix6_match(const struct nat64_prefix6 *p, const struct in6_addr *a);
bool nat64_prefix4_match(const struct nat64_prefix4 *p, __be32 a);
/* Do the two prefixes share any address? */
bool nat64_prefix6_overlap(const struct nat64_prefix6 *a, const struct nat64_prefix6 *b);
bool nat64_prefix4_overlap(const struct nat64_prefix4 *a, const struct nat64_prefix4 *b);

/* RFC 6052 section 2.2: embed v4 into prefix p (u-octet, bits 64..71, stays zero). */
void nat64_rfc6052_embed(const struct nat64_prefix6 *p, __be32 v4, struct in6_addr *out);
/* Write only the 32 bits of v4 where a /len prefix puts them (no-op for a bad len). */
void nat64_rfc6052_put(unsigned int len, __be32 v4, struct in6_addr *out);
/* The reverse; the caller has checked nat64_prefix6_match(). */
__be32 nat64_rfc6052_extract(const struct nat64_prefix6 *p, const struct in6_addr *a);

/* Never translated (RFC 7915 / RFC 6052): unspecified, loopback, IPv4-mapped, link-local, multicast. */
bool nat64_addr6_is_special(const struct in6_addr *a);
/* Never translated: 0/8, 127/8, 169.254/16, 224/4 (multicast), 240/4, 255.255.255.255. */
bool nat64_addr4_is_special(__be32 a);
/* RFC 6052 section 3.1: may this IPv4 address appear under the well-known prefix? */
bool nat64_addr4_is_global(__be32 a);

/*
 * Map one address. EAM first (longest match), then the RFC 6052 prefixes.
 * For 6 -> 4 any prefix that matches is used; for 4 -> 6, prefixes[0].
 */
enum nat64_addr_result nat64_map_6to4(const struct nat64_addrmap *m,
				      const struct in6_addr *a, __be32 *out);
/* The RFC 6052 prefix nat64_map_6to4() would use for a (EAM aside), or NULL. */
const struct nat64_prefix6 *nat64_prefix6_find(const struct nat64_addrmap *m,
					       const struct in6_addr *a);
enum nat64_addr_result nat64_map_4to6(const struct nat64_addrmap *m,
				      __be32 a, struct in6_addr *out);
/*
 * The source of an ICMPv4 error: an "illegal" source (0/8, 127/8, 169.254/16,
 * 240/4) is mapped as well, for troubleshooting (RFC 7915 4.1); multicast and
 * the limited broadcast address still are not.
 */
enum nat64_addr_result nat64_map_4to6_err_src(const struct nat64_addrmap *m,
					      __be32 a, struct in6_addr *out);

/*
 * RFC 7757 4: does an EAM cover this address (IPv6 side / IPv4 side)? An
 * IPv6 destination mapped by a prefix to an IPv4 address that an EAM covers
 * is the start of an EAM hairpin.
 */
bool nat64_eam_covers6(const struct nat64_addrmap *m, const struct in6_addr *a);
bool nat64_eam_covers4(const struct nat64_addrmap *m, __be32 a);
/* The 4 -> 6 mapping with EAMs left out: the first prefix only. */
enum nat64_addr_result nat64_map_4to6_prefix(const struct nat64_addrmap *m,
					     __be32 a, struct in6_addr *out);

/* Sort helpers used when building a config snapshot (in place, stable enough). */
void nat64_eam_sort6(struct nat64_eam *tab, unsigned int n);
void nat64_eam_sort4(struct nat64_eam *tab, unsigned int n);

/* Pick an address from the RFC 6791 pool; hash spreads choices over the pool. */
bool nat64_pool6791_pick(const struct nat64_prefix4 *pool, unsigned int n,
			 u32 hash, __be32 *out);

#endif /* NAT64_CORE_ADDR_H */
