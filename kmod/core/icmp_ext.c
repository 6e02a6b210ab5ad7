// SPDX-License-Identifier: GPL-2.0
/* RFC 4884 length attribute and extension structure; see icmp_ext.h. */
#include "icmp_ext.h"

bool nat64_icmp_ext_type(u8 type, bool v6)
{
	if (v6)
		return type == ICMPV6_DEST_UNREACH || type == ICMPV6_TIME_EXCEED;
	return type == ICMP_DEST_UNREACH || type == ICMP_TIME_EXCEEDED ||
	       type == ICMP_PARAMETERPROB;
}

void nat64_icmp_ext_split(const u8 *icmp, u32 body, bool v6, struct nat64_icmp_ext *x)
{
	u32 l;

	x->quote = body;
	x->ext_off = 0;
	x->ext_len = 0;
	if (!nat64_icmp_ext_type(icmp[0], v6))
		return;
	l = v6 ? (u32)icmp[4] * 8 : (u32)icmp[5] * 4;
	/*
	 * Length 0: an old-style error, all quote (RFC 4884 5.5 lets a receiver
	 * guess at an extension after 128 bytes; a translator must not). A
	 * length past the end is not a valid attribute either.
	 */
	if (!l || l > body)
		return;
	x->quote = l;
	/* Fewer bytes than an extension header: trailing garbage, not copied. */
	if (body - l >= NAT64_ICMP_EXT_HLEN) {
		x->ext_off = l;
		x->ext_len = body - l;
	}
}

u32 nat64_icmp_ext_field(u32 q, u32 ext_len, u32 room, u32 word)
{
	u32 f = (q + word - 1) & ~(word - 1);

	if (f < NAT64_ICMP_EXT_MIN_QUOTE)
		f = NAT64_ICMP_EXT_MIN_QUOTE;
	if (f + ext_len <= room)
		return f;
	if (room < ext_len)
		return 0;
	f = (room - ext_len) & ~(word - 1);
	return f >= NAT64_ICMP_EXT_MIN_QUOTE ? f : 0;
}
