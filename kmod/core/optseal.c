// SPDX-License-Identifier: GPL-2.0
/*
 * Option sealing (Documentation/tcp-option-state.rst, "The sealed block").
 *
 * 128-bit values are two u64 halves, hi = bytes 0..7 and lo = bytes 8..15,
 * both big-endian, so the plaintext layout reads as drawn in the document.
 */
#include "optseal.h"

#ifdef __KERNEL__
#include <linux/math64.h>
#endif

struct u128 {
	u64 hi, lo;
};

static u64 be64_get(const u8 *p)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void be64_put(u8 *p, u64 v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		p[i] = (u8)v;
}

static struct u128 u128_get(const u8 *p)
{
	struct u128 r = { be64_get(p), be64_get(p + 8) };

	return r;
}

static void u128_put(u8 *p, struct u128 v)
{
	be64_put(p, v.hi);
	be64_put(p + 8, v.lo);
}

/* Shifts by 0..128 (C leaves shifts by >= 64 of a u64 undefined). */
static struct u128 u128_shl(struct u128 v, unsigned int s)
{
	struct u128 r;

	if (s >= 128) {
		r.hi = 0;
		r.lo = 0;
	} else if (s >= 64) {
		r.hi = s == 64 ? v.lo : v.lo << (s - 64);
		r.lo = 0;
	} else if (s) {
		r.hi = v.hi << s | v.lo >> (64 - s);
		r.lo = v.lo << s;
	} else {
		r = v;
	}
	return r;
}

static struct u128 u128_shr(struct u128 v, unsigned int s)
{
	struct u128 r;

	if (s >= 128) {
		r.hi = 0;
		r.lo = 0;
	} else if (s >= 64) {
		r.lo = s == 64 ? v.hi : v.hi >> (s - 64);
		r.hi = 0;
	} else if (s) {
		r.lo = v.lo >> s | v.hi << (64 - s);
		r.hi = v.hi >> s;
	} else {
		r = v;
	}
	return r;
}

/* The n low bits set, n = 0..128. */
static struct u128 u128_lowmask(unsigned int n)
{
	struct u128 ones = { ~0ULL, ~0ULL };

	return n ? u128_shr(ones, 128 - n) : (struct u128){ 0, 0 };
}

/*
 * Key schedule. The 32-byte secret is K (bytes 0..15) and L (16..31). Each
 * derived 128-bit key is two SipHash-2-4 outputs over an 8-byte label, an
 * index and a half selector, keyed with K (round keys) or L (K_tweak, K_map).
 */
static void derive(const struct nat64_siphash_key *base, const char label[8], u8 idx,
		   struct nat64_siphash_key *out)
{
	u8 msg[10];

	memcpy(msg, label, 8);
	msg[8] = idx;
	msg[9] = 0;
	out->k0 = nat64_siphash(msg, sizeof(msg), base);
	msg[9] = 1;
	out->k1 = nat64_siphash(msg, sizeof(msg), base);
}

void nat64_optseal_key_init(struct nat64_optseal_key *key,
			    const u8 secret[NAT64_OPTSEAL_SECRET_LEN])
{
	struct nat64_siphash_key k, l;
	u8 i;

	nat64_siphash_key_from_bytes(&k, secret);
	nat64_siphash_key_from_bytes(&l, secret + 16);
	for (i = 0; i < NAT64_OPTSEAL_ROUNDS; i++)
		derive(&k, "n64round", i, &key->round[i]);
	derive(&l, "n64tweak", 0, &key->tweak);
}

void nat64_optmap_key_init(struct nat64_siphash_key *kmap,
			   const u8 secret[NAT64_OPTSEAL_SECRET_LEN])
{
	struct nat64_siphash_key l;

	nat64_siphash_key_from_bytes(&l, secret + 16);
	derive(&l, "n64map\0\0", 0, kmap);
}

bool nat64_optseal_client_len_valid(unsigned int len)
{
	return len >= NAT64_OPTSEAL_MIN_CLIENT_LEN && len <= 128;
}

/* tweak = SipHash(K_tweak, T | t | Z | z | c) for c = 0 (hi) and 1 (lo). */
static struct u128 tweak(const struct nat64_optseal_key *key, const struct nat64_optseal_tuple *tu)
{
	struct u128 tw;
	u8 msg[13];

	memcpy(msg, &tu->pool_addr, 4);
	memcpy(msg + 4, &tu->pool_port, 2);
	memcpy(msg + 6, &tu->server_addr, 4);
	memcpy(msg + 10, &tu->server_port, 2);
	msg[12] = 0;
	tw.hi = nat64_siphash(msg, sizeof(msg), &key->tweak);
	msg[12] = 1;
	tw.lo = nat64_siphash(msg, sizeof(msg), &key->tweak);
	return tw;
}

/*
 * Round function: SipHash of the half's 8 big-endian bytes, whose
 * little-endian value (what SipHash reads) is the half byte-swapped.
 */
static u64 feistel_f(const struct nat64_siphash_key *rk, u64 half)
{
	return nat64_siphash_u64(__builtin_bswap64(half), rk);
}

void nat64_optseal_encrypt(const struct nat64_optseal_key *key,
			   const struct nat64_optseal_tuple *tu, const u8 *in, u8 *out)
{
	struct u128 v = u128_get(in), tw = tweak(key, tu);
	u64 t;
	int i;

	v.hi ^= tw.hi;
	v.lo ^= tw.lo;
	/* (L, R) -> (R, L ^ F_i(R)) */
	for (i = 0; i < NAT64_OPTSEAL_ROUNDS; i++) {
		t = v.hi ^ feistel_f(&key->round[i], v.lo);
		v.hi = v.lo;
		v.lo = t;
	}
	u128_put(out, v);
}

void nat64_optseal_decrypt(const struct nat64_optseal_key *key,
			   const struct nat64_optseal_tuple *tu, const u8 *in, u8 *out)
{
	struct u128 v = u128_get(in), tw = tweak(key, tu);
	u64 t;
	int i;

	for (i = NAT64_OPTSEAL_ROUNDS - 1; i >= 0; i--) {
		t = v.lo ^ feistel_f(&key->round[i], v.hi);
		v.lo = v.hi;
		v.hi = t;
	}
	v.hi ^= tw.hi;
	v.lo ^= tw.lo;
	u128_put(out, v);
}

static bool prefix_holds(const struct nat64_prefix6 *p, struct u128 a)
{
	struct u128 pa = u128_get(p->addr.s6_addr), m = u128_lowmask(128 - p->len);

	return ((pa.hi ^ a.hi) & ~m.hi) == 0 && ((pa.lo ^ a.lo) & ~m.lo) == 0;
}

int nat64_optseal_pack(const struct nat64_prefix6 *clients, unsigned int nr,
		       const struct in6_addr *client, u8 pt[NAT64_OPTSEAL_BLOCK_LEN])
{
	struct u128 a = u128_get(client->s6_addr), host, m, v;
	int best = -1;
	unsigned int i;

	if (nr > NAT64_OPTSEAL_MAX_CLIENTS)
		return -ENOENT;
	for (i = 0; i < nr; i++) {
		if (!nat64_optseal_client_len_valid(clients[i].len) ||
		    !prefix_holds(&clients[i], a))
			continue;
		if (best < 0 || clients[i].len > clients[best].len)
			best = (int)i;
	}
	if (best < 0)
		return -ENOENT;
	m = u128_lowmask(128 - clients[best].len);
	host.hi = a.hi & m.hi;
	host.lo = a.lo & m.lo;
	/* Host bits end at bit 119 (just under the index byte); zeros follow. */
	v = u128_shl(host, clients[best].len - 8);
	v.hi |= (u64)best << 56;
	u128_put(pt, v);
	return 0;
}

int nat64_optseal_unpack(const struct nat64_prefix6 *clients, unsigned int nr,
			 const u8 pt[NAT64_OPTSEAL_BLOCK_LEN], struct in6_addr *client)
{
	struct u128 v = u128_get(pt), pad, host, m, pa;
	unsigned int idx = (unsigned int)(v.hi >> 56), len;

	if (idx >= nr || idx >= NAT64_OPTSEAL_MAX_CLIENTS)
		return -EBADMSG;
	len = clients[idx].len;
	if (!nat64_optseal_client_len_valid(len))
		return -EBADMSG;
	pad = u128_lowmask(len - 8);
	if ((v.hi & pad.hi) || (v.lo & pad.lo))
		return -EBADMSG;
	m = u128_lowmask(128 - len);
	host = u128_shr(v, len - 8);
	pa = u128_get(clients[idx].addr.s6_addr);
	pa.hi = (pa.hi & ~m.hi) | (host.hi & m.hi);
	pa.lo = (pa.lo & ~m.lo) | (host.lo & m.lo);
	u128_put(client->s6_addr, pa);
	return 0;
}

int nat64_optseal_seal(const struct nat64_optseal_key *active,
		       const struct nat64_prefix6 *clients, unsigned int nr,
		       const struct in6_addr *client, const struct nat64_optseal_tuple *tu,
		       u8 block[NAT64_OPTSEAL_BLOCK_LEN])
{
	int err = nat64_optseal_pack(clients, nr, client, block);

	if (err)
		return err;
	nat64_optseal_encrypt(active, tu, block, block);
	return 0;
}

static bool open_one(const struct nat64_optseal_key *key,
		     const struct nat64_prefix6 *clients, unsigned int nr,
		     const struct nat64_optseal_tuple *tu, const u8 *block, struct in6_addr *client)
{
	u8 pt[NAT64_OPTSEAL_BLOCK_LEN];

	nat64_optseal_decrypt(key, tu, block, pt);
	return nat64_optseal_unpack(clients, nr, pt, client) == 0;
}

enum nat64_optseal_match nat64_optseal_open(const struct nat64_optseal_key *active,
					    const struct nat64_optseal_key *secondary,
					    const struct nat64_prefix6 *clients, unsigned int nr,
					    const struct nat64_optseal_tuple *tu,
					    const u8 block[NAT64_OPTSEAL_BLOCK_LEN],
					    struct in6_addr *client)
{
	if (active && open_one(active, clients, nr, tu, block, client))
		return NAT64_OPTSEAL_ACTIVE;
	if (secondary && open_one(secondary, clients, nr, tu, block, client))
		return NAT64_OPTSEAL_SECONDARY;
	return NAT64_OPTSEAL_FORGED;
}

u64 nat64_optmap_pool_size(const struct nat64_prefix4 *pool, unsigned int nr)
{
	u64 n = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (pool[i].len <= 32)
			n += 1ULL << (32 - pool[i].len);
	return n;
}

int nat64_optmap_addr(const struct nat64_siphash_key *kmap,
		      const struct nat64_prefix4 *pool, unsigned int nr,
		      const struct in6_addr *client, __be32 *out)
{
	u64 n = nat64_optmap_pool_size(pool, nr), h, size;
	unsigned int i;
	u32 base;

	if (!n)
		return -ENOENT;
	h = nat64_siphash(client->s6_addr, 16, kmap);
#ifdef __KERNEL__
	div64_u64_rem(h, n, &h);	/* no 64-bit '%' on 32-bit kernels */
#else
	h %= n;
#endif
	for (i = 0; i < nr; i++) {
		if (pool[i].len > 32)
			continue;
		size = 1ULL << (32 - pool[i].len);
		if (h < size) {
			base = be32_to_cpu(pool[i].addr) & (u32)~(size - 1);
			*out = cpu_to_be32(base | (u32)h);
			return 0;
		}
		h -= size;
	}
	return -ENOENT;	/* not reached: h < n */
}
