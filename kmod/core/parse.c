// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 header and IPv6 header/extension-chain validation over a buffer.
 * Every read is bounds-checked against what is present; nothing is written.
 */
#include "parse.h"
#include "counters.h"

static inline u16 get_be16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

int nat64_parse6(const u8 *buf, u32 avail, bool truncated, struct nat64_pkt6 *out)
{
	u32 limit, off = sizeof(struct ipv6hdr);
	u8 nexthdr;

	memset(out, 0, sizeof(*out));
	out->first_frag = true;
	if (avail < sizeof(struct ipv6hdr))
		return -NAT64_C_DROP_TRUNCATED;
	if ((buf[0] >> 4) != 6)
		return -NAT64_C_DROP_MALFORMED;
	out->payload_len = get_be16(buf + 4);
	/*
	 * Payload length 0 is a jumbogram only with a hop-by-hop header (RFC
	 * 2675): those are not supported. Otherwise the payload is empty
	 * (next header 59, say) and translates to a 20-byte IPv4 packet.
	 */
	if (!out->payload_len && !truncated && buf[6] == IPPROTO_HOPOPTS)
		return -NAT64_C_DROP_MALFORMED;
	limit = sizeof(struct ipv6hdr) + out->payload_len;
	if (limit > avail) {
		if (!truncated)
			return -NAT64_C_DROP_TRUNCATED;
		limit = avail;
	}
	nexthdr = buf[6];

	for (;;) {
		u32 len;

		/* Hop-by-hop only directly after the IPv6 header (RFC 8200 4.1). */
		if (nexthdr == IPPROTO_HOPOPTS && off != sizeof(struct ipv6hdr))
			return -NAT64_C_DROP_EXT_HDR;
		switch (nexthdr) {
		case IPPROTO_HOPOPTS:
		case IPPROTO_DSTOPTS:
		case IPPROTO_ROUTING:
			if (off + 8 > limit)
				return -NAT64_C_DROP_TRUNCATED;
			len = ((u32)buf[off + 1] + 1) * 8;
			if (off + len > limit)
				return -NAT64_C_DROP_TRUNCATED;
			if (out->has_frag && !out->frag_ext) {
				out->frag_ext = true;
				out->frag_ext_ptr = out->frag_off;
			}
			if (nexthdr == IPPROTO_ROUTING && buf[off + 3] && !out->seg_left_nonzero) {
				out->seg_left_nonzero = true;
				out->seg_left_ptr = off + 3;
			}
			nexthdr = buf[off];
			off += len;
			break;
		case IPPROTO_FRAGMENT:
			if (out->has_frag)
				return -NAT64_C_DROP_MALFORMED;
			if (off + 8 > limit)
				return -NAT64_C_DROP_TRUNCATED;
			out->has_frag = true;
			out->frag_off = (u16)off;
			memcpy(&out->frag, buf + off, sizeof(out->frag));
			out->frag_offset = get_be16(buf + off + 2) & NAT64_FRAG6_OFFSET_MASK;
			out->more_frags = get_be16(buf + off + 2) & NAT64_FRAG6_MF;
			out->first_frag = !out->frag_offset;
			nexthdr = buf[off];
			off += 8;
			/* Not the first fragment: what follows is not a header. */
			if (!out->first_frag)
				goto done;
			break;
		default:
			goto done;
		}
		if (off > 0xffff)
			return -NAT64_C_DROP_MALFORMED;
	}
done:
	if (off > sizeof(struct ipv6hdr) + out->payload_len)
		return -NAT64_C_DROP_MALFORMED;
	out->proto = nexthdr;
	out->l4_off = (u16)off;
	out->l4_len = sizeof(struct ipv6hdr) + out->payload_len - off;
	/*
	 * RFC 7915 5.1: a routing header with segments left must not be
	 * translated. A quoted packet (truncated mode) is only reported.
	 */
	if (out->seg_left_nonzero && !truncated)
		return -NAT64_C_DROP_ROUTING_HDR;
	return 0;
}

/*
 * Options are not translated, but an unfinished source route must not be
 * silently dropped along with them: look for LSRR/SSRR with hops left.
 * A malformed option list ends the walk (the options are discarded anyway).
 */
static void scan_options4(const u8 *buf, struct nat64_pkt4 *out)
{
	u32 off = sizeof(struct iphdr);

	while (off < out->ihl_bytes) {
		u8 type = buf[off], len;

		if (type == IPOPT_END)
			return;
		if (type == IPOPT_NOOP) {
			off++;
			continue;
		}
		if (off + 1 >= out->ihl_bytes)
			return;
		len = buf[off + 1];
		if (len < 2 || off + len > out->ihl_bytes)
			return;
		/* The pointer is 1-based and points past the last hop once done. */
		if ((type == IPOPT_LSRR || type == IPOPT_SSRR) && len >= 3 &&
		    buf[off + 2] <= len) {
			out->src_route_pending = true;
			out->src_route_ptr = (u8)off;
			return;
		}
		off += len;
	}
}

int nat64_parse4(const u8 *buf, u32 avail, bool truncated, struct nat64_pkt4 *out)
{
	u16 frag;

	memset(out, 0, sizeof(*out));
	if (avail < sizeof(struct iphdr))
		return -NAT64_C_DROP_TRUNCATED;
	if ((buf[0] >> 4) != 4 || (buf[0] & 0xf) < 5)
		return -NAT64_C_DROP_MALFORMED;
	out->ihl_bytes = (buf[0] & 0xf) * 4;
	if (out->ihl_bytes > avail)
		return -NAT64_C_DROP_TRUNCATED;
	out->tot_len = get_be16(buf + 2);
	if (out->tot_len < out->ihl_bytes)
		return -NAT64_C_DROP_MALFORMED;
	if (out->tot_len > avail && !truncated)
		return -NAT64_C_DROP_TRUNCATED;
	out->proto = buf[9];
	frag = get_be16(buf + 6);
	out->frag_offset = (u16)((frag & 0x1fff) << 3);
	out->more_frags = frag & 0x2000;
	out->dont_frag = frag & 0x4000;
	out->first_frag = !out->frag_offset;
	out->is_fragment = out->more_frags || out->frag_offset;
	out->l4_len = out->tot_len - out->ihl_bytes;
	if (out->ihl_bytes > sizeof(struct iphdr))
		scan_options4(buf, out);
	return 0;
}
