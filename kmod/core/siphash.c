// SPDX-License-Identifier: GPL-2.0
/*
 * SipHash-2-4: two compression rounds per 8-byte word, four finalisation
 * rounds. Loads are byte by byte (little-endian, as the specification says),
 * so the code needs no alignment and no endianness helpers.
 */
#include "siphash.h"

static inline u64 sip_rotl(u64 x, unsigned int b)
{
	return (x << b) | (x >> (64 - b));
}

static inline u64 sip_le64(const u8 *p)
{
	return (u64)p[0] | (u64)p[1] << 8 | (u64)p[2] << 16 | (u64)p[3] << 24 |
	       (u64)p[4] << 32 | (u64)p[5] << 40 | (u64)p[6] << 48 | (u64)p[7] << 56;
}

struct sip_state {
	u64 v0, v1, v2, v3;
};

static inline void sip_round(struct sip_state *s)
{
	s->v0 += s->v1;
	s->v1 = sip_rotl(s->v1, 13);
	s->v1 ^= s->v0;
	s->v0 = sip_rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = sip_rotl(s->v3, 16);
	s->v3 ^= s->v2;
	s->v0 += s->v3;
	s->v3 = sip_rotl(s->v3, 21);
	s->v3 ^= s->v0;
	s->v2 += s->v1;
	s->v1 = sip_rotl(s->v1, 17);
	s->v1 ^= s->v2;
	s->v2 = sip_rotl(s->v2, 32);
}

static inline void sip_compress(struct sip_state *s, u64 m)
{
	s->v3 ^= m;
	sip_round(s);
	sip_round(s);
	s->v0 ^= m;
}

void nat64_siphash_key_from_bytes(struct nat64_siphash_key *key, const u8 bytes[16])
{
	key->k0 = sip_le64(bytes);
	key->k1 = sip_le64(bytes + 8);
}

static inline void sip_init(struct sip_state *s, const struct nat64_siphash_key *key)
{
	/* The ASCII of "somepseudorandomlygeneratedbytes". */
	s->v0 = 0x736f6d6570736575ULL ^ key->k0;
	s->v1 = 0x646f72616e646f6dULL ^ key->k1;
	s->v2 = 0x6c7967656e657261ULL ^ key->k0;
	s->v3 = 0x7465646279746573ULL ^ key->k1;
}

static inline u64 sip_final(struct sip_state *s)
{
	unsigned int i;

	s->v2 ^= 0xff;
	for (i = 0; i < 4; i++)
		sip_round(s);
	return s->v0 ^ s->v1 ^ s->v2 ^ s->v3;
}

u64 nat64_siphash(const void *data, size_t len, const struct nat64_siphash_key *key)
{
	struct sip_state s;
	const u8 *p = data;
	size_t left = len;
	u64 last = (u64)(len & 0xff) << 56;	/* length mod 256 in the top byte */
	unsigned int i;

	sip_init(&s, key);
	for (; left >= 8; p += 8, left -= 8)
		sip_compress(&s, sip_le64(p));
	for (i = 0; i < left; i++)
		last |= (u64)p[i] << (8 * i);
	sip_compress(&s, last);
	return sip_final(&s);
}

u64 nat64_siphash_u64(u64 m, const struct nat64_siphash_key *key)
{
	struct sip_state s;

	sip_init(&s, key);
	sip_compress(&s, m);
	sip_compress(&s, 8ULL << 56);
	return sip_final(&s);
}
