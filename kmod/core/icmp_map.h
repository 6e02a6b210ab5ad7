/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ICMP type/code/pointer/MTU mapping tables of RFC 7915 sections 4.2 and 5.2.
 * Pure lookups; the packet surgery is elsewhere.
 */
#ifndef NAT64_CORE_ICMP_MAP_H
#define NAT64_CORE_ICMP_MAP_H

#include "types.h"

enum nat64_icmp_kind {
	NAT64_ICMP_DROP = 0,	/* silently dropped per RFC 7915 (counted) */
	NAT64_ICMP_INFO,	/* echo request/reply: header rewrite only */
	NAT64_ICMP_ERROR,	/* error: carries a packet to translate */
};

/* How the 32-bit word after type/code/checksum is produced. */
enum nat64_icmp_rest {
	NAT64_REST_COPY = 0,	/* echo id/seq, unused words */
	NAT64_REST_ZERO,	/* unused: set to zero */
	NAT64_REST_MTU,		/* packet too big / fragmentation needed */
	NAT64_REST_POINTER,	/* parameter problem: map the pointer */
	NAT64_REST_FIXED_PTR,	/* parameter problem with a fixed pointer (fixed_ptr) */
};

struct nat64_icmp_map {
	enum nat64_icmp_kind kind;
	enum nat64_icmp_rest rest;
	u8 type;
	u8 code;
	u32 fixed_ptr;
};

/* Map an ICMPv4 type/code to ICMPv6 (RFC 7915 4.2). */
void nat64_icmp_map_4to6(u8 type, u8 code, struct nat64_icmp_map *out);
/* Map an ICMPv6 type/code to ICMPv4 (RFC 7915 5.2). */
void nat64_icmp_map_6to4(u8 type, u8 code, struct nat64_icmp_map *out);

/* Parameter problem pointers. False when the field has no counterpart (drop). */
bool nat64_icmp_ptr_4to6(u8 ptr4, u32 *ptr6);
bool nat64_icmp_ptr_6to4(u32 ptr6, u8 *ptr4);

/* RFC 1191 plateau below tot_len, for ICMPv4 "fragmentation needed" with MTU 0. */
u16 nat64_mtu_plateau(u16 tot_len);

/*
 * MTU for an ICMPv6 packet too big made from ICMPv4 frag needed:
 * min(mtu4 + 20, mtu6_out + 0, mtu4_in + 20), and never below 1280.
 * mtu4 == 0 means the router did not say: use the plateau of inner_tot_len.
 * Pass 0xffffffff for an unknown link MTU.
 */
u32 nat64_icmp_mtu_4to6(u32 mtu4, u16 inner_tot_len, u32 mtu6_out, u32 mtu4_in);
/* min(mtu6 - 20, mtu4_out, mtu6_in - 20) for ICMPv4 frag needed made from PTB; at least 68. */
u32 nat64_icmp_mtu_6to4(u32 mtu6, u32 mtu4_out, u32 mtu6_in);

/* Informational types that are single-hop or otherwise never translated. */
bool nat64_icmp4_is_error(u8 type);
bool nat64_icmp6_is_error(u8 type);
/*
 * ICMPv6 that belongs to one link (RFC 4861 neighbour and router discovery,
 * redirects, RFC 2710/3810 multicast listeners, RFC 3971 SEND, RFC 4286
 * multicast router discovery): never translated, never dropped for it.
 */
bool nat64_icmp6_is_link_scope(u8 type);

#endif /* NAT64_CORE_ICMP_MAP_H */
