/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Header walking over a linear buffer: validates IPv4/IPv6 headers and the
 * IPv6 extension header chain, and says where the transport header is.
 */
#ifndef NAT64_CORE_PARSE_H
#define NAT64_CORE_PARSE_H

#include "types.h"

struct nat64_pkt6 {
	u16 l4_off;		/* offset of the upper-layer header from the IPv6 header */
	u8 proto;		/* upper-layer protocol (after skipping ext headers) */
	bool has_frag;
	u16 frag_off;		/* offset of the fragment header, if has_frag */
	struct nat64_frag_hdr frag;	/* copy of it */
	u16 frag_offset;	/* fragment offset in bytes */
	bool more_frags;
	bool first_frag;	/* offset zero (also true when not fragmented) */
	u32 payload_len;	/* bytes after the IPv6 header (from payload_len) */
	u32 l4_len;		/* bytes after all ext headers */
	/* Routing header with segments left > 0: send parameter problem pointing here. */
	bool seg_left_nonzero;
	u32 seg_left_ptr;	/* pointer (from IPv6 header start) to Segments Left */
	/*
	 * A first fragment with extension headers after the Fragment header:
	 * they are part of the fragmentable part (RFC 8200 4.5), so a
	 * fragment-by-fragment translator cannot remove them. frag_ext_ptr
	 * points at the Fragment header's Next Header field.
	 */
	bool frag_ext;
	u32 frag_ext_ptr;
};

struct nat64_pkt4 {
	u16 ihl_bytes;
	u8 proto;
	u16 tot_len;
	u16 frag_offset;	/* bytes */
	bool more_frags;
	bool dont_frag;
	bool first_frag;
	bool is_fragment;	/* MF or offset != 0 */
	u32 l4_len;		/* tot_len - ihl */
	/*
	 * An LSRR/SSRR option with hops left (RFC 7915 4.1: drop, answer
	 * ICMPv4 source route failed). src_route_ptr is its offset.
	 */
	bool src_route_pending;
	u8 src_route_ptr;
};

/*
 * Parse an IPv6 header and its extension chain from buf (avail bytes are
 * present; the packet may be longer, e.g. truncated inside an ICMP error:
 * pass truncated=true to accept payload_len > avail).
 * Returns 0 or -NAT64_C_DROP_* (a counter id).
 * Handles hop-by-hop (only directly after the IPv6 header), destination
 * options, routing (segments left must be 0, otherwise reported), fragment.
 * Anything else ends the chain and becomes the upper-layer protocol (so
 * ESP, AH, ... are translated as opaque payload).
 */
int nat64_parse6(const u8 *buf, u32 avail, bool truncated, struct nat64_pkt6 *out);
/* Parse an IPv4 header. Same conventions. Options are skipped, not translated. */
int nat64_parse4(const u8 *buf, u32 avail, bool truncated, struct nat64_pkt4 *out);

#endif /* NAT64_CORE_PARSE_H */
