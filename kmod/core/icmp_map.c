// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 7915 ICMP translation tables: section 4.2 (ICMPv4 -> ICMPv6) and
 * section 5.2 (ICMPv6 -> ICMPv4), the parameter problem pointer figures 3
 * and 6, and the MTU rules of both sections.
 */
#include "icmp_map.h"

static void set(struct nat64_icmp_map *m, enum nat64_icmp_kind kind,
		enum nat64_icmp_rest rest, u8 type, u8 code)
{
	m->kind = kind;
	m->rest = rest;
	m->type = type;
	m->code = code;
	m->fixed_ptr = 0;
}

static void drop(struct nat64_icmp_map *m)
{
	set(m, NAT64_ICMP_DROP, NAT64_REST_ZERO, 0, 0);
}

/* RFC 7915 4.2, Destination Unreachable code -> ICMPv6 code (-1: drop). */
static const s8 unreach_4to6[16] = {
	[0] = 0, [1] = 0,		/* net/host unreachable: no route */
	[2] = -1,			/* protocol unreachable: parameter problem, below */
	[3] = 4,			/* port unreachable */
	[4] = -1,			/* fragmentation needed: packet too big, below */
	[5] = 0, [6] = 0, [7] = 0, [8] = 0,
	[9] = 1, [10] = 1,		/* administratively prohibited */
	[11] = 0, [12] = 0,
	[13] = 1,
	[14] = -1,			/* host precedence violation: drop */
	[15] = 1,
};

void nat64_icmp_map_4to6(u8 type, u8 code, struct nat64_icmp_map *out)
{
	switch (type) {
	case ICMP_ECHO:
		set(out, NAT64_ICMP_INFO, NAT64_REST_COPY, ICMPV6_ECHO_REQUEST, 0);
		return;
	case ICMP_ECHOREPLY:
		set(out, NAT64_ICMP_INFO, NAT64_REST_COPY, ICMPV6_ECHO_REPLY, 0);
		return;
	case ICMP_DEST_UNREACH:
		if (code == ICMP_PROT_UNREACH) {
			/* Parameter problem, pointer to the IPv6 Next Header field. */
			set(out, NAT64_ICMP_ERROR, NAT64_REST_FIXED_PTR, ICMPV6_PARAMPROB,
			    ICMPV6_UNK_NEXTHDR);
			out->fixed_ptr = 6;
			return;
		}
		if (code == ICMP_FRAG_NEEDED) {
			set(out, NAT64_ICMP_ERROR, NAT64_REST_MTU, ICMPV6_PKT_TOOBIG, 0);
			return;
		}
		if (code < 16 && unreach_4to6[code] >= 0) {
			set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMPV6_DEST_UNREACH,
			    (u8)unreach_4to6[code]);
			return;
		}
		break;
	case ICMP_TIME_EXCEEDED:
		/* Code unchanged. */
		set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMPV6_TIME_EXCEED, code);
		return;
	case ICMP_PARAMETERPROB:
		/* Code 0 (pointer) and 2 (bad length) map; 1 (missing option) drops. */
		if (code == 0 || code == 2) {
			set(out, NAT64_ICMP_ERROR, NAT64_REST_POINTER, ICMPV6_PARAMPROB,
			    ICMPV6_HDR_FIELD);
			return;
		}
		break;
	default:
		/*
		 * Information request/reply, timestamp, address mask, router
		 * advertisement/solicitation, redirect, source quench,
		 * alternative host address, unknown: silently dropped.
		 */
		break;
	}
	drop(out);
}

void nat64_icmp_map_6to4(u8 type, u8 code, struct nat64_icmp_map *out)
{
	switch (type) {
	case ICMPV6_ECHO_REQUEST:
		set(out, NAT64_ICMP_INFO, NAT64_REST_COPY, ICMP_ECHO, 0);
		return;
	case ICMPV6_ECHO_REPLY:
		set(out, NAT64_ICMP_INFO, NAT64_REST_COPY, ICMP_ECHOREPLY, 0);
		return;
	case ICMPV6_DEST_UNREACH:
		switch (code) {
		case ICMPV6_NOROUTE:		/* no route */
		case ICMPV6_NOT_NEIGHBOUR:	/* beyond scope of source address */
		case ICMPV6_ADDR_UNREACH:
			set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMP_DEST_UNREACH,
			    ICMP_HOST_UNREACH);
			return;
		case ICMPV6_ADM_PROHIBITED:
			set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMP_DEST_UNREACH,
			    ICMP_HOST_ANO);
			return;
		case ICMPV6_PORT_UNREACH:
			set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMP_DEST_UNREACH,
			    ICMP_PORT_UNREACH);
			return;
		}
		break;
	case ICMPV6_PKT_TOOBIG:
		set(out, NAT64_ICMP_ERROR, NAT64_REST_MTU, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED);
		return;
	case ICMPV6_TIME_EXCEED:
		set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMP_TIME_EXCEEDED, code);
		return;
	case ICMPV6_PARAMPROB:
		if (code == ICMPV6_HDR_FIELD) {
			set(out, NAT64_ICMP_ERROR, NAT64_REST_POINTER, ICMP_PARAMETERPROB, 0);
			return;
		}
		if (code == ICMPV6_UNK_NEXTHDR) {
			set(out, NAT64_ICMP_ERROR, NAT64_REST_ZERO, ICMP_DEST_UNREACH,
			    ICMP_PROT_UNREACH);
			return;
		}
		break;		/* unrecognized option and others: drop */
	default:
		/* MLD, neighbor discovery, unknown informational/error: dropped. */
		break;
	}
	drop(out);
}

/* RFC 7915 figure 3: IPv4 header offset -> IPv6 header offset (-1: n/a). */
static const s8 ptr_4to6[20] = {
	0, 1, 4, 4,		/* version/IHL, TOS, total length */
	-1, -1, -1, -1,		/* identification, flags/fragment offset */
	7, 6, -1, -1,		/* TTL, protocol, header checksum */
	8, 8, 8, 8,		/* source address */
	24, 24, 24, 24,		/* destination address */
};

bool nat64_icmp_ptr_4to6(u8 ptr4, u32 *ptr6)
{
	if (ptr4 >= sizeof(ptr_4to6) || ptr_4to6[ptr4] < 0)
		return false;
	*ptr6 = (u32)ptr_4to6[ptr4];
	return true;
}

/* RFC 7915 figure 6: IPv6 header offset -> IPv4 header offset. */
bool nat64_icmp_ptr_6to4(u32 ptr6, u8 *ptr4)
{
	if (ptr6 == 0 || ptr6 == 1)
		*ptr4 = (u8)ptr6;		/* version/traffic class */
	else if (ptr6 == 4 || ptr6 == 5)
		*ptr4 = 2;			/* payload length -> total length */
	else if (ptr6 == 6)
		*ptr4 = 9;			/* next header -> protocol */
	else if (ptr6 == 7)
		*ptr4 = 8;			/* hop limit -> TTL */
	else if (ptr6 >= 8 && ptr6 <= 23)
		*ptr4 = 12;			/* source address */
	else if (ptr6 >= 24 && ptr6 <= 39)
		*ptr4 = 16;			/* destination address */
	else
		return false;			/* flow label, beyond the header */
	return true;
}

/* RFC 1191 section 7 plateau table, descending. */
static const u16 plateaus[] = { 65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68 };

u16 nat64_mtu_plateau(u16 tot_len)
{
	unsigned int i;

	for (i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]); i++)
		if (plateaus[i] < tot_len)
			return plateaus[i];
	return 68;
}

#define MTU_UNKNOWN	0xffffffffU

static u64 nat64_min64(u64 a, u64 b)
{
	return a < b ? a : b;
}

u32 nat64_icmp_mtu_4to6(u32 mtu4, u16 inner_tot_len, u32 mtu6_out, u32 mtu4_in)
{
	u64 m;

	if (!mtu4)
		mtu4 = nat64_mtu_plateau(inner_tot_len);
	m = (u64)mtu4 + 20;
	if (mtu6_out != MTU_UNKNOWN)
		m = nat64_min64(m, mtu6_out);
	if (mtu4_in != MTU_UNKNOWN)
		m = nat64_min64(m, (u64)mtu4_in + 20);
	if (m < 1280)
		m = 1280;
	return m > 0xffffffffULL ? 0xffffffffU : (u32)m;
}

u32 nat64_icmp_mtu_6to4(u32 mtu6, u32 mtu4_out, u32 mtu6_in)
{
	u32 m = mtu6 > 20 ? mtu6 - 20 : 0;

	if (mtu4_out != MTU_UNKNOWN && mtu4_out < m)
		m = mtu4_out;
	if (mtu6_in != MTU_UNKNOWN && (mtu6_in > 20 ? mtu6_in - 20 : 0) < m)
		m = mtu6_in > 20 ? mtu6_in - 20 : 0;
	if (m > 0xffff)
		m = 0xffff;	/* the ICMPv4 next-hop MTU field is 16 bits */
	if (m < 68)
		m = 68;
	return m;
}

bool nat64_icmp4_is_error(u8 type)
{
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case 6:			/* alternative host address */
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

bool nat64_icmp6_is_error(u8 type)
{
	return type < 128;
}

bool nat64_icmp6_is_link_scope(u8 type)
{
	return (type >= 130 && type <= 137) || type == 143 || type == 148 || type == 149 ||
	       (type >= 151 && type <= 153);
}
