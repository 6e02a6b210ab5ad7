/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translation of whole small packets held in a buffer: the body of ICMP
 * errors (the quoted packet, RFC 7915 4.2/5.2 "ICMP Error Payload") and the
 * ICMP errors themselves. ICMP errors are rare and small, so they are built
 * whole into a fresh buffer instead of edited in place.
 */
#ifndef NAT64_CORE_INNER_H
#define NAT64_CORE_INNER_H

#include "types.h"
#include "addr.h"
#include "hdr.h"

/* Largest ICMP errors we emit (RFC 7915: IPv6 1280 minimum MTU, IPv4 576). */
#define NAT64_ICMP6_ERR_MAX	1280
#define NAT64_ICMP4_ERR_MAX	576

/*
 * Stateful NAT64 (RFC 6146 3.4 and 3.5, ICMP error handling): the
 * addresses come from the session of the quoted packet instead of the
 * address mapper, and the quoted transport ports (or ICMP query identifier)
 * are rewritten too. Only the fields of the direction in use are read.
 */
struct nat64_inner_nat {
	/* 4 -> 6 */
	struct in6_addr out_s6, out_d6;	/* outer source (embedded sender), outer destination X' */
	struct in6_addr in_s6, in_d6;	/* quoted source X', quoted destination Y' */
	/* 6 -> 4 */
	__be32 out_s4, out_d4;		/* outer source T, outer destination Z */
	__be32 in_s4, in_d4;		/* quoted source Z, quoted destination T */
	/* Both: new quoted TCP/UDP source and destination ports, new ICMP echo identifier. */
	u16 in_sport, in_dport;
	u16 in_icmp_id;
};

struct nat64_xlat_ctx {
	const struct nat64_addrmap *map;
	struct nat64_hdr_cfg hdr;
	/* RFC 6791 pool, for error sources with no mapping. */
	const struct nat64_prefix4 *pool6791;
	unsigned int nr_pool6791;
	__be32 own4;		/* pool empty: the gateway's own IPv4 address, or 0: drop */
	/* 4 -> 6: IPv4 error sources with no mapping are embedded here (len 0: drop). */
	struct nat64_prefix6 pool6791v6;
	/*
	 * 4 -> 6, RFC 7757 appendix B "simple" EAM hairpinning: the quoted
	 * destination, and the outer source when it is that destination, are
	 * mapped through the prefix, never an EAM.
	 */
	bool eam_hairpin_simple;
	u32 hash;		/* spreads picks over the RFC 6791 pool */
	u32 mtu_out;		/* MTU of the egress link, 0xffffffff if unknown */
	u32 mtu_in;		/* MTU of the ingress link, 0xffffffff if unknown */
	__be16 ip_id;		/* IPv4 Identification of a 6->4 error (caller draws it) */
	const struct nat64_inner_nat *nat;	/* stateful: pre-resolved tuples, or NULL */
	/*
	 * 4->6: the outer hop limit is the TTL as is (a hairpinned error: it
	 * lost its hop on the first leg, or the translator made it).
	 */
	bool keep_ttl;
};

/*
 * Translate a complete ICMPv4 error (in: the IPv4 packet, outer header
 * included, avail bytes) into an ICMPv6 error written to out (capacity at
 * least NAT64_ICMP6_ERR_MAX). The outer source may come from the RFC 6791
 * pool... for 4->6 the outer source is mapped with the address mapper and,
 * when it has no mapping, embedded in pool6791v6 (*used_pool set) or dropped
 * (-NAT64_C_DROP_NO_MAPPING_SRC). Returns the length written or -NAT64_C_*.
 * *used_pool is set when the RFC 6791 pool (or, when it is empty, own4)
 * provided the source.
 */
int nat64_icmp_err_4to6(const struct nat64_xlat_ctx *ctx, const u8 *in, u32 avail,
			u8 *out, u32 outcap, bool *used_pool);
int nat64_icmp_err_6to4(const struct nat64_xlat_ctx *ctx, const u8 *in, u32 avail,
			u8 *out, u32 outcap, bool *used_pool);

#endif /* NAT64_CORE_INNER_H */
