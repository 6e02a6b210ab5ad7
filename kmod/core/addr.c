// SPDX-License-Identifier: GPL-2.0
/*
 * Address mapping: RFC 6052 IPv4-embedded IPv6 addresses, RFC 7757 explicit
 * address mappings, the IPv4 deny list, the RFC 6791 pool and the addresses
 * that are never translated.
 */
#include "addr.h"

static const u8 wkp_bytes[12] = { 0x00, 0x64, 0xff, 0x9b };

static inline u32 v4(__be32 a)
{
	return be32_to_cpu(a);
}

/* Mask of the first len bits of a host-order IPv4 address (len 0..32). */
static inline u32 mask4(unsigned int len)
{
	return len ? ~0U << (32 - len) : 0;
}

bool nat64_prefix6_len_valid(unsigned int len)
{
	return len == 32 || len == 40 || len == 48 || len == 56 || len == 64 || len == 96;
}

bool nat64_prefix6_is_wkp(const struct nat64_prefix6 *p)
{
	return p->len == 96 && !memcmp(p->addr.s6_addr, wkp_bytes, 12);
}

/* Compare the first len bits of two IPv6 addresses. */
static bool bits6_equal(const u8 *a, const u8 *b, unsigned int len)
{
	unsigned int bytes = len / 8, rem = len % 8;
	u8 m;

	if (len > 128)
		return false;
	if (memcmp(a, b, bytes))
		return false;
	if (!rem)
		return true;
	m = (u8)(0xff << (8 - rem));
	return !((a[bytes] ^ b[bytes]) & m);
}

bool nat64_prefix6_canonical(const struct nat64_prefix6 *p)
{
	unsigned int i;

	if (p->len > 128)
		return false;
	for (i = p->len; i < 128; i++)
		if (p->addr.s6_addr[i / 8] & (0x80 >> (i % 8)))
			return false;
	return true;
}

bool nat64_prefix4_canonical(const struct nat64_prefix4 *p)
{
	if (p->len > 32)
		return false;
	return !(v4(p->addr) & ~mask4(p->len));
}

bool nat64_prefix6_match(const struct nat64_prefix6 *p, const struct in6_addr *a)
{
	return bits6_equal(p->addr.s6_addr, a->s6_addr, p->len);
}

bool nat64_prefix4_match(const struct nat64_prefix4 *p, __be32 a)
{
	if (p->len > 32)
		return false;
	return !((v4(p->addr) ^ v4(a)) & mask4(p->len));
}

bool nat64_prefix6_overlap(const struct nat64_prefix6 *a, const struct nat64_prefix6 *b)
{
	unsigned int len = a->len < b->len ? a->len : b->len;

	return bits6_equal(a->addr.s6_addr, b->addr.s6_addr, len);
}

bool nat64_prefix4_overlap(const struct nat64_prefix4 *a, const struct nat64_prefix4 *b)
{
	unsigned int len = a->len < b->len ? a->len : b->len;

	if (len > 32)
		return false;
	return !((v4(a->addr) ^ v4(b->addr)) & mask4(len));
}

/*
 * RFC 6052 2.2: the 32 IPv4 bits follow the prefix, skipping octet 8 (the
 * u-octet, bits 64..71), which stays zero, as does the suffix.
 */
void nat64_rfc6052_put(unsigned int len, __be32 a, struct in6_addr *out)
{
	unsigned int pos = len / 8, i;
	u8 b[4];

	if (!nat64_prefix6_len_valid(len))
		return;
	memcpy(b, &a, 4);
	for (i = 0; i < 4; i++, pos++) {
		if (pos == 8)
			pos++;
		out->s6_addr[pos] = b[i];
	}
}

void nat64_rfc6052_embed(const struct nat64_prefix6 *p, __be32 a, struct in6_addr *out)
{
	unsigned int pos = p->len / 8;

	memset(out, 0, sizeof(*out));
	memcpy(out->s6_addr, p->addr.s6_addr, pos <= 16 ? pos : 16);
	nat64_rfc6052_put(p->len, a, out);
}

__be32 nat64_rfc6052_extract(const struct nat64_prefix6 *p, const struct in6_addr *a)
{
	unsigned int pos = p->len / 8, i;
	u8 b[4] = { 0 };
	__be32 r;

	if (nat64_prefix6_len_valid(p->len)) {
		for (i = 0; i < 4; i++, pos++) {
			if (pos == 8)
				pos++;
			b[i] = a->s6_addr[pos];
		}
	}
	memcpy(&r, b, 4);
	return r;
}

bool nat64_addr6_is_special(const struct in6_addr *a)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	static const u8 zero[15];
	const u8 *b = a->s6_addr;

	if (!memcmp(b, zero, 15) && (b[15] == 0 || b[15] == 1))
		return true;			/* :: and ::1 */
	if (!memcmp(b, mapped, 12))
		return true;			/* ::ffff:0:0/96 */
	if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80)
		return true;			/* fe80::/10 */
	if (b[0] == 0xff)
		return true;			/* ff00::/8 */
	return false;
}

bool nat64_addr4_is_special(__be32 a)
{
	u32 h = v4(a);

	return (h >> 24) == 0 || (h >> 24) == 127 || (h >> 16) == 0xa9fe ||
	       (h >> 28) >= 0xe || h == 0xffffffff;
}

/* RFC 6890 ranges that are not globally reachable (RFC 6052 3.1). */
static const struct { u32 addr; u8 len; } non_global4[] = {
	{ 0x00000000, 8 },	/* "this network" */
	{ 0x0a000000, 8 },	/* private */
	{ 0x64400000, 10 },	/* shared address space */
	{ 0x7f000000, 8 },	/* loopback */
	{ 0xa9fe0000, 16 },	/* link local */
	{ 0xac100000, 12 },	/* private */
	{ 0xc0000000, 24 },	/* IETF protocol assignments */
	{ 0xc0000200, 24 },	/* TEST-NET-1 */
	{ 0xc0586300, 24 },	/* 6to4 relay anycast */
	{ 0xc0a80000, 16 },	/* private */
	{ 0xc6120000, 15 },	/* benchmarking */
	{ 0xc6336400, 24 },	/* TEST-NET-2 */
	{ 0xcb007100, 24 },	/* TEST-NET-3 */
	{ 0xe0000000, 4 },	/* multicast */
	{ 0xf0000000, 4 },	/* reserved, includes limited broadcast */
};

bool nat64_addr4_is_global(__be32 a)
{
	u32 h = v4(a);
	unsigned int i;

	for (i = 0; i < sizeof(non_global4) / sizeof(non_global4[0]); i++)
		if (!((h ^ non_global4[i].addr) & mask4(non_global4[i].len)))
			return false;
	return true;
}

/* ---- EAM tables: sorted by (len desc, addr asc) ---- */

static int cmp6(const struct nat64_prefix6 *a, const struct nat64_prefix6 *b)
{
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	return memcmp(a->addr.s6_addr, b->addr.s6_addr, 16);
}

static int cmp4(const struct nat64_prefix4 *a, const struct nat64_prefix4 *b)
{
	if (a->len != b->len)
		return a->len > b->len ? -1 : 1;
	if (v4(a->addr) != v4(b->addr))
		return v4(a->addr) < v4(b->addr) ? -1 : 1;
	return 0;
}

static int eam_cmp(const struct nat64_eam *a, const struct nat64_eam *b, bool six)
{
	return six ? cmp6(&a->p6, &b->p6) : cmp4(&a->p4, &b->p4);
}

/* Heap sort: in place, no recursion, O(n log n) for the 8192-entry worst case. */
static void sift_down(struct nat64_eam *t, unsigned int root, unsigned int n, bool six)
{
	struct nat64_eam tmp;
	unsigned int child;

	while ((child = 2 * root + 1) < n) {
		if (child + 1 < n && eam_cmp(&t[child], &t[child + 1], six) < 0)
			child++;
		if (eam_cmp(&t[root], &t[child], six) >= 0)
			return;
		tmp = t[root];
		t[root] = t[child];
		t[child] = tmp;
		root = child;
	}
}

static void eam_sort(struct nat64_eam *t, unsigned int n, bool six)
{
	struct nat64_eam tmp;
	unsigned int i;

	if (n < 2)
		return;
	for (i = n / 2; i-- > 0;)
		sift_down(t, i, n, six);
	for (i = n - 1; i > 0; i--) {
		tmp = t[0];
		t[0] = t[i];
		t[i] = tmp;
		sift_down(t, 0, i, six);
	}
}

void nat64_eam_sort6(struct nat64_eam *tab, unsigned int n)
{
	eam_sort(tab, n, true);
}

void nat64_eam_sort4(struct nat64_eam *tab, unsigned int n)
{
	eam_sort(tab, n, false);
}

/* First index in [lo, n) whose p6.len is below len (tab sorted len desc). */
static unsigned int group_end6(const struct nat64_eam *t, unsigned int lo, unsigned int n, u8 len)
{
	unsigned int hi = n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t[mid].p6.len >= len)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static unsigned int group_end4(const struct nat64_eam *t, unsigned int lo, unsigned int n, u8 len)
{
	unsigned int hi = n;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (t[mid].p4.len >= len)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void mask6(const struct in6_addr *a, unsigned int len, struct in6_addr *out)
{
	unsigned int bytes = len / 8, rem = len % 8;

	memset(out, 0, sizeof(*out));
	memcpy(out->s6_addr, a->s6_addr, bytes);
	if (rem)
		out->s6_addr[bytes] = a->s6_addr[bytes] & (u8)(0xff << (8 - rem));
}

/* Longest-prefix match: walk length groups, binary search each by masked address. */
static const struct nat64_eam *eam_lookup6(const struct nat64_eam *t, unsigned int n,
					   const struct in6_addr *a)
{
	unsigned int start = 0;

	while (start < n) {
		u8 len = t[start].p6.len;
		unsigned int end = group_end6(t, start, n, len);
		unsigned int lo = start, hi = end;
		struct in6_addr key;

		if (len > 128)
			return NULL;
		mask6(a, len, &key);
		while (lo < hi) {
			unsigned int mid = lo + (hi - lo) / 2;
			int c = memcmp(t[mid].p6.addr.s6_addr, key.s6_addr, 16);

			if (!c)
				return &t[mid];
			if (c < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		start = end;
	}
	return NULL;
}

static const struct nat64_eam *eam_lookup4(const struct nat64_eam *t, unsigned int n, __be32 a)
{
	unsigned int start = 0;

	while (start < n) {
		u8 len = t[start].p4.len;
		unsigned int end = group_end4(t, start, n, len);
		unsigned int lo = start, hi = end;
		u32 key;

		if (len > 32)
			return NULL;
		key = v4(a) & mask4(len);
		while (lo < hi) {
			unsigned int mid = lo + (hi - lo) / 2;
			u32 x = v4(t[mid].p4.addr);

			if (x == key)
				return &t[mid];
			if (x < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		start = end;
	}
	return NULL;
}

static bool denied4(const struct nat64_addrmap *m, __be32 a)
{
	unsigned int i;

	for (i = 0; i < m->nr_deny; i++)
		if (nat64_prefix4_match(&m->deny[i], a))
			return true;
	return false;
}

/*
 * The 40-bit big-endian window of a starting at byte pos / 8: enough for any
 * run of up to 32 bits that starts at bit pos. Bytes past the address read 0.
 */
static u64 window6(const struct in6_addr *a, unsigned int pos)
{
	unsigned int i, byte = pos / 8;
	u64 w = 0;

	for (i = 0; i < 5; i++)
		w = w << 8 | (byte + i < 16 ? a->s6_addr[byte + i] : 0);
	return w;
}

/* The n (0..32) bits of a starting at bit pos, as a number (pos + n <= 128). */
static u32 bits6_get(const struct in6_addr *a, unsigned int pos, unsigned int n)
{
	if (!n)
		return 0;
	return (u32)(window6(a, pos) >> (40 - pos % 8 - n)) & (~0U >> (32 - n));
}

/* Store the low n (0..32) bits of v at bit pos of a (pos + n <= 128). */
static void bits6_put(struct in6_addr *a, unsigned int pos, unsigned int n, u32 v)
{
	unsigned int i, byte = pos / 8, shift = 40 - pos % 8 - n;
	u64 w, m;

	if (!n)
		return;
	m = (u64)(~0U >> (32 - n)) << shift;
	w = (window6(a, pos) & ~m) | (((u64)v << shift) & m);
	for (i = 0; i < 5 && byte + i < 16; i++)
		a->s6_addr[byte + i] = (u8)(w >> (32 - 8 * i));
}

/*
 * RFC 7757 3.2: the IPv6 suffix may be longer than the IPv4 suffix (never
 * shorter: eam_sane()). The 32 - p4.len IPv4 suffix bits sit right after the
 * IPv6 prefix, at bits p6.len .. p6.len + 32 - p4.len - 1; any IPv6 bits after
 * them are zero from IPv4 and ignored towards IPv4. With equal suffix lengths
 * this is the last 32 - p4.len bits of the address, as before.
 */
static __be32 eam_6to4(const struct nat64_eam *e, const struct in6_addr *a)
{
	unsigned int suffix = 32 - e->p4.len;

	return cpu_to_be32((v4(e->p4.addr) & mask4(e->p4.len)) |
			   bits6_get(a, e->p6.len, suffix));
}

static void eam_4to6(const struct nat64_eam *e, __be32 a, struct in6_addr *out)
{
	unsigned int suffix = 32 - e->p4.len;

	mask6(&e->p6.addr, e->p6.len, out);
	bits6_put(out, e->p6.len, suffix, v4(a));
}

/* RFC 7757 3.2: every IPv4 suffix bit needs room in the IPv6 suffix. */
static bool eam_sane(const struct nat64_eam *e)
{
	return e->p4.len <= 32 && e->p6.len <= 128 &&
	       128u - e->p6.len >= 32u - e->p4.len;
}

const struct nat64_prefix6 *nat64_prefix6_find(const struct nat64_addrmap *m,
					       const struct in6_addr *a)
{
	unsigned int i;

	for (i = 0; i < m->nr_prefixes; i++) {
		const struct nat64_prefix6 *p = &m->prefixes[i];

		if (nat64_prefix6_len_valid(p->len) && nat64_prefix6_match(p, a))
			return p;
	}
	return NULL;
}

enum nat64_addr_result nat64_map_6to4(const struct nat64_addrmap *m,
				      const struct in6_addr *a, __be32 *out)
{
	const struct nat64_prefix6 *p;
	const struct nat64_eam *e;
	__be32 r;

	if (nat64_addr6_is_special(a))
		return NAT64_ADDR_SPECIAL;

	e = eam_lookup6(m->eam6, m->nr_eam, a);
	if (e && eam_sane(e)) {
		r = eam_6to4(e, a);
		goto check;
	}
	p = nat64_prefix6_find(m, a);
	if (!p)
		return NAT64_ADDR_NO_MAPPING;
	r = nat64_rfc6052_extract(p, a);
	if (nat64_prefix6_is_wkp(p) && !nat64_addr4_is_global(r))
		return NAT64_ADDR_NOT_GLOBAL;

check:
	if (nat64_addr4_is_special(r))
		return NAT64_ADDR_SPECIAL;
	if (denied4(m, r))
		return NAT64_ADDR_DENIED;
	*out = r;
	return NAT64_ADDR_OK;
}

static enum nat64_addr_result map_4to6(const struct nat64_addrmap *m, __be32 a,
				       struct in6_addr *out, bool illegal_ok)
{
	const struct nat64_eam *e;
	struct in6_addr r;

	if (nat64_addr4_is_special(a) &&
	    (!illegal_ok || (v4(a) >> 28) == 0xe || v4(a) == 0xffffffff))
		return NAT64_ADDR_SPECIAL;
	if (denied4(m, a))
		return NAT64_ADDR_DENIED;

	e = eam_lookup4(m->eam4, m->nr_eam, a);
	if (e && eam_sane(e)) {
		eam_4to6(e, a, &r);
	} else {
		if (!m->nr_prefixes || !nat64_prefix6_len_valid(m->prefixes[0].len))
			return NAT64_ADDR_NO_MAPPING;
		if (nat64_prefix6_is_wkp(&m->prefixes[0]) && !nat64_addr4_is_global(a))
			return NAT64_ADDR_NOT_GLOBAL;
		nat64_rfc6052_embed(&m->prefixes[0], a, &r);
	}
	if (nat64_addr6_is_special(&r))
		return NAT64_ADDR_SPECIAL;
	*out = r;
	return NAT64_ADDR_OK;
}

enum nat64_addr_result nat64_map_4to6(const struct nat64_addrmap *m,
				      __be32 a, struct in6_addr *out)
{
	return map_4to6(m, a, out, false);
}

bool nat64_eam_covers6(const struct nat64_addrmap *m, const struct in6_addr *a)
{
	const struct nat64_eam *e = eam_lookup6(m->eam6, m->nr_eam, a);

	return e && eam_sane(e);
}

bool nat64_eam_covers4(const struct nat64_addrmap *m, __be32 a)
{
	const struct nat64_eam *e = eam_lookup4(m->eam4, m->nr_eam, a);

	return e && eam_sane(e);
}

enum nat64_addr_result nat64_map_4to6_prefix(const struct nat64_addrmap *m,
					     __be32 a, struct in6_addr *out)
{
	struct nat64_addrmap noeam = *m;

	noeam.nr_eam = 0;
	return map_4to6(&noeam, a, out, false);
}

enum nat64_addr_result nat64_map_4to6_err_src(const struct nat64_addrmap *m,
					      __be32 a, struct in6_addr *out)
{
	return map_4to6(m, a, out, true);
}

bool nat64_pool6791_pick(const struct nat64_prefix4 *pool, unsigned int n,
			 u32 hash, __be32 *out)
{
	const struct nat64_prefix4 *p;
	u32 host, h2;

	if (!n)
		return false;
	p = &pool[hash % n];
	if (p->len > 32)
		return false;
	/* Mix so the host part does not just repeat the index choice. */
	h2 = hash * 0x9e3779b1U;
	h2 ^= h2 >> 15;
	host = p->len == 32 ? 0 : h2 & (~0U >> p->len);
	*out = cpu_to_be32((v4(p->addr) & mask4(p->len)) | host);
	return true;
}
