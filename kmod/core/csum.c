// SPDX-License-Identifier: GPL-2.0
/*
 * One's complement arithmetic (RFC 1071, incremental updates per RFC 1624).
 *
 * Partial sums are u32 accumulators of big-endian 16-bit words. Subtraction
 * is addition of the one's complement (RFC 1624 eqn. 3), which avoids the
 * 0x0000/0xffff ambiguity of eqn. 2.
 *
 * UDP: a checksum computed as 0x0000 must be transmitted as 0xffff
 * (RFC 768); these helpers do not do that because TCP and ICMP must not.
 * Callers that write a UDP checksum apply the rule themselves.
 */
#include "csum.h"

static inline u32 ck_fold32(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

/* Add without losing the carry (end-around). */
static inline u32 ck_add32(u32 a, u32 b)
{
	u32 r = a + b;

	return r + (r < a);
}

u32 nat64_csum_partial(const void *buf, size_t len, u32 sum)
{
	const u8 *p = buf;
	u64 acc = sum;

	while (len >= 2) {
		acc += ((u32)p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
		acc += (u32)p[0] << 8;
	acc = (acc & 0xffffffffULL) + (acc >> 32);
	acc = (acc & 0xffffffffULL) + (acc >> 32);
	return (u32)acc;
}

/* Folded sums are kept as host-order numbers internally; convert at the edge. */
__be16 nat64_csum_fold16(u32 sum)
{
	return cpu_to_be16((u16)ck_fold32(sum));
}

__sum16 nat64_csum_finish(u32 sum)
{
	return (__sum16)cpu_to_be16((u16)~ck_fold32(sum));
}

u32 nat64_csum_add16(u32 sum, __be16 v)
{
	return ck_add32(sum, be16_to_cpu(v));
}

u32 nat64_csum_sub16(u32 sum, __be16 v)
{
	return ck_add32(sum, (u16)~be16_to_cpu(v));
}

u32 nat64_csum_add(u32 sum, u32 addend_partial)
{
	return ck_add32(sum, addend_partial);
}

u32 nat64_csum_sub(u32 sum, u32 subtrahend_partial)
{
	return ck_add32(sum, (u16)~ck_fold32(subtrahend_partial));
}

u32 nat64_csum_addrs6(const struct in6_addr *s, const struct in6_addr *d)
{
	return nat64_csum_partial(d, 16, nat64_csum_partial(s, 16, 0));
}

u32 nat64_csum_addrs4(__be32 s, __be32 d)
{
	return nat64_csum_partial(&d, 4, nat64_csum_partial(&s, 4, 0));
}

u32 nat64_csum_pseudo6(const struct in6_addr *s, const struct in6_addr *d, u32 len, u8 proto)
{
	u32 sum = nat64_csum_addrs6(s, d);

	sum = ck_add32(sum, len >> 16);
	sum = ck_add32(sum, len & 0xffff);
	return ck_add32(sum, proto);
}

u32 nat64_csum_pseudo4(__be32 s, __be32 d, u16 len, u8 proto)
{
	u32 sum = nat64_csum_addrs4(s, d);

	sum = ck_add32(sum, len);
	return ck_add32(sum, proto);
}

/* HC' = ~(~HC + ~m + m') where m, m' are the old and new partial sums. */
static __sum16 nat64_csum_repl(__sum16 old, u32 m_old, u32 m_new)
{
	u32 sum;

	if (ck_fold32(m_old) == ck_fold32(m_new))
		return old;
	sum = (u16)~be16_to_cpu((__be16)old);
	sum = nat64_csum_sub(sum, m_old);
	sum = nat64_csum_add(sum, m_new);
	return nat64_csum_finish(sum);
}

__sum16 nat64_csum_l4_6to4(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			   __be32 s4, __be32 d4)
{
	return nat64_csum_repl(old, nat64_csum_addrs6(s6, d6), nat64_csum_addrs4(s4, d4));
}

__sum16 nat64_csum_l4_6to6(__sum16 old, const struct in6_addr *s, const struct in6_addr *d,
			   const struct in6_addr *ns, const struct in6_addr *nd)
{
	return nat64_csum_repl(old, nat64_csum_addrs6(s, d), nat64_csum_addrs6(ns, nd));
}

__sum16 nat64_csum_l4_4to6(__sum16 old, __be32 s4, __be32 d4,
			   const struct in6_addr *s6, const struct in6_addr *d6)
{
	return nat64_csum_repl(old, nat64_csum_addrs4(s4, d4), nat64_csum_addrs6(s6, d6));
}

__sum16 nat64_csum_icmp_6to4(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			     u32 len, __be16 old_typecode, __be16 new_typecode)
{
	u32 m_old = nat64_csum_pseudo6(s6, d6, len, IPPROTO_ICMPV6);

	m_old = nat64_csum_add16(m_old, old_typecode);
	return nat64_csum_repl(old, m_old, be16_to_cpu(new_typecode));
}

__sum16 nat64_csum_icmp_4to6(__sum16 old, const struct in6_addr *s6, const struct in6_addr *d6,
			     u32 len, __be16 old_typecode, __be16 new_typecode)
{
	u32 m_new = nat64_csum_pseudo6(s6, d6, len, IPPROTO_ICMPV6);

	m_new = nat64_csum_add16(m_new, new_typecode);
	return nat64_csum_repl(old, be16_to_cpu(old_typecode), m_new);
}
