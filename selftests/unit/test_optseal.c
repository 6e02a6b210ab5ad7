// SPDX-License-Identifier: GPL-2.0
/* Option sealing: Feistel cipher, packing, forgeries, replay, rotation, mapping. */
#include "test.h"
#include "core/optseal.h"

static void rnd_key(struct nat64_optseal_key *k, u8 secret[32])
{
	rnd_fill(secret, 32);
	nat64_optseal_key_init(k, secret);
}

static struct nat64_optseal_tuple rnd_tuple(void)
{
	struct nat64_optseal_tuple t = {
		.pool_addr = rnd(), .server_addr = rnd(),
		.pool_port = (__be16)rnd(), .server_port = (__be16)rnd(),
	};

	return t;
}

static int cmp_block(const void *a, const void *b)
{
	return memcmp(a, b, 16);
}

static void cipher(void)
{
	static u8 outs[4096][16];
	struct nat64_optseal_key k, k2;
	struct nat64_optseal_tuple tu = rnd_tuple(), tu2;
	u8 s[32], in[16], out[16], back[16], o2[16];
	int i, bad = 0, same_key = 0, same_tw = 0, dup = 0;

	rnd_key(&k, s);
	rnd_key(&k2, s);
	for (i = 0; i < 20000; i++) {
		tu = rnd_tuple();
		rnd_fill(in, 16);
		nat64_optseal_encrypt(&k, &tu, in, out);
		nat64_optseal_decrypt(&k, &tu, out, back);
		if (memcmp(in, back, 16))
			bad++;
		nat64_optseal_encrypt(&k2, &tu, in, o2);
		if (!memcmp(out, o2, 16))
			same_key++;
		tu2 = tu;
		tu2.server_port ^= htons(1);
		nat64_optseal_encrypt(&k, &tu2, in, o2);
		if (!memcmp(out, o2, 16))
			same_tw++;
	}
	CHECK(!bad, "optseal: decrypt(encrypt(x)) == x for 20000 random blocks and tuples");
	CHECK(!same_key, "optseal: another key gives another block (20000 tries)");
	CHECK(!same_tw, "optseal: another tuple (one port bit) gives another block");

	memcpy(back, in, 16);
	nat64_optseal_encrypt(&k, &tu, back, back);
	nat64_optseal_encrypt(&k, &tu, in, out);
	CHECK(!memcmp(back, out, 16), "optseal: encrypt in place");

	/* Permutation: 4096 inputs differing in few bits, no two outputs equal. */
	memset(in, 0, 16);
	for (i = 0; i < 4096; i++) {
		in[15] = (u8)i;
		in[7] = (u8)(i >> 8);
		nat64_optseal_encrypt(&k, &tu, in, outs[i]);
	}
	qsort(outs, 4096, 16, cmp_block);
	for (i = 1; i < 4096; i++)
		if (!memcmp(outs[i - 1], outs[i], 16))
			dup++;
	CHECK(!dup, "optseal: 4096 related inputs give 4096 distinct blocks");
}

static void packing(void)
{
	struct nat64_prefix6 cp[4] = {
		P6("2001:db8:aa00::", 40), P6("2001:db8:aabb::", 48),
		P6("2001:db8:1:2::", 64), P6("2001:db8::5", 128),
	};
	static const u8 want40[16] = { 0, 0xbb, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22, 0x33, 0x44,
				       0x55, 0x66, 0, 0, 0, 0 };
	static const u8 want48[16] = { 1, 0xcc, 0xdd, 0xee, 0xff, 0x11, 0x22, 0x33, 0x44, 0x55,
				       0x66, 0, 0, 0, 0, 0 };
	struct in6_addr a, b, c;
	static const unsigned int lens[] = { 40, 41, 47, 48, 56, 63, 64, 65, 96, 120, 127, 128 };
	u8 pt[16];
	unsigned int i, j;
	int bad = 0;

	a = A6("2001:db8:aabb:ccdd:eeff:1122:3344:5566");	/* in the /40 and the /48 */
	CHECK(nat64_optseal_pack(cp, 1, &a, pt) == 0 && !memcmp(pt, want40, 16),
	      "optseal: /40 plaintext = index | 88 host bits | 32 zero bits");
	CHECK(nat64_optseal_pack(cp, 4, &a, pt) == 0 && !memcmp(pt, want48, 16),
	      "optseal: longest client prefix wins (/48 over /40)");
	CHECK(nat64_optseal_unpack(cp, 4, pt, &b) == 0 && !memcmp(&a, &b, 16),
	      "optseal: unpack restores the address");
	b = A6("2001:db8::5");
	CHECK(nat64_optseal_pack(cp, 4, &b, pt) == 0 && pt[0] == 3 &&
	      nat64_optseal_unpack(cp, 4, pt, &c) == 0 && !memcmp(&b, &c, 16),
	      "optseal: /128 client (no host bits)");
	b = A6("2001:db9::1");
	CHECK(nat64_optseal_pack(cp, 4, &b, pt) == -ENOENT, "optseal: address in no client prefix");
	cp[0].len = 39;
	CHECK(nat64_optseal_pack(cp, 1, &a, pt) == -ENOENT,
	      "optseal: a /39 client prefix is not used");
	cp[0].len = 40;
	nat64_optseal_pack(cp, 4, &a, pt);
	pt[15] = 1;
	CHECK(nat64_optseal_unpack(cp, 4, pt, &b) == -EBADMSG,
	      "optseal: non-zero padding rejected");
	pt[15] = 0;
	pt[0] = 4;
	CHECK(nat64_optseal_unpack(cp, 4, pt, &b) == -EBADMSG, "optseal: unknown index rejected");

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		struct nat64_prefix6 p;

		for (j = 0; j < 200; j++) {
			rnd_fill(a.s6_addr, 16);
			p.addr = a;
			p.len = (u8)lens[i];
			if (nat64_optseal_pack(&p, 1, &a, pt) ||
			    nat64_optseal_unpack(&p, 1, pt, &b) ||
			    memcmp(&a, &b, 16))
				bad++;
		}
	}
	CHECK(!bad, "optseal: pack/unpack round trip for client prefixes /40../128");
}

static void seal_open(void)
{
	struct nat64_prefix6 cp[256];
	struct nat64_optseal_key kold, knew;
	struct nat64_optseal_tuple tu = rnd_tuple(), tu2;
	struct in6_addr x = A6("2001:db8:100:7::abcd"), got;
	u8 s[32], blk[16], rb[16];
	int i, bit, forged = 0, flips = 0, replays = 0;
	long ok1 = 0, ok256 = 0;

	for (i = 0; i < 256; i++) {
		cp[i] = P6("2001:db8::", 40);
		cp[i].addr.s6_addr[4] = (u8)i;	/* 2001:db8:<i>00::/40 */
	}
	rnd_key(&kold, s);
	rnd_key(&knew, s);
	CHECK(nat64_optseal_seal(&kold, cp, 256, &x, &tu, blk) == 0 &&
	      nat64_optseal_open(&kold, NULL, cp, 256, &tu, blk, &got) == NAT64_OPTSEAL_ACTIVE &&
	      !memcmp(&got, &x, 16), "optseal: seal then open gives the client back (active key)");

	for (bit = 0; bit < 128; bit++) {
		memcpy(rb, blk, 16);
		rb[bit / 8] ^= (u8)(0x80 >> (bit % 8));
		if (nat64_optseal_open(&kold, NULL, cp, 256, &tu, rb, &got) != NAT64_OPTSEAL_FORGED)
			flips++;
	}
	CHECK(!flips, "optseal: each of the 128 single-bit flips is refused");

	/* Random blocks: 2^-40 per try with one /40 prefix, 2^-32 with 256 of them. */
	for (i = 0; i < 100000; i++) {
		rnd_fill(rb, 16);
		if (nat64_optseal_open(&kold, &knew, cp, 1, &tu, rb, &got) != NAT64_OPTSEAL_FORGED)
			ok1++;
		if (nat64_optseal_open(&kold, NULL, cp, 256, &tu, rb, &got) != NAT64_OPTSEAL_FORGED)
			ok256++;
	}
	CHECK(ok1 == 0 && ok256 == 0,
	      "optseal: 100000 random blocks x 2 configs, none opens (%ld, %ld)", ok1, ok256);
	forged = (int)(ok1 + ok256);

	/* Replay: the same block on a tuple differing in one field. */
	for (i = 0; i < 4; i++) {
		tu2 = tu;
		if (i == 0)
			tu2.pool_addr ^= htonl(1);
		else if (i == 1)
			tu2.pool_port ^= htons(1);
		else if (i == 2)
			tu2.server_addr ^= htonl(0x100);
		else
			tu2.server_port ^= htons(0x8000);
		if (nat64_optseal_open(&kold, &knew, cp, 256, &tu2, blk, &got) !=
		    NAT64_OPTSEAL_FORGED)
			replays++;
	}
	CHECK(!replays && !forged, "optseal: replay on another T, t, Z or z refused");

	/* Rotation: old key sealed; new active + old secondary; then old removed. */
	CHECK(nat64_optseal_open(&knew, &kold, cp, 256, &tu, blk, &got) ==
	      NAT64_OPTSEAL_SECONDARY &&
	      !memcmp(&got, &x, 16), "optseal: rotation: old block opens with the secondary key");
	CHECK(nat64_optseal_open(&knew, NULL, cp, 256, &tu, blk, &got) == NAT64_OPTSEAL_FORGED,
	      "optseal: rotation: refused once the old key is removed");
	nat64_optseal_seal(&knew, cp, 256, &x, &tu, rb);
	CHECK(nat64_optseal_open(&knew, &kold, cp, 256, &tu, rb, &got) == NAT64_OPTSEAL_ACTIVE &&
	      memcmp(rb, blk, 16),
	      "optseal: rotation: new blocks differ and open with the active key");
}

/*
 * Pin the format: a fixed key, tuple and address give fixed bytes. These were
 * produced by this implementation (after the SipHash vectors passed); a
 * change here is a wire-format change that breaks mixed-version fleets.
 */
static void known_answer(void)
{
	struct nat64_prefix6 cp = P6("2001:db8:100::", 40);
	struct nat64_prefix4 pool = P4("198.18.0.0", 15);
	struct nat64_optseal_tuple tu = {
		.pool_addr = A4("198.18.0.1"), .pool_port = htons(40000),
		.server_addr = A4("192.0.2.80"), .server_port = htons(443),
	};
	struct in6_addr x = A6("2001:db8:100:7::abcd"), got;
	static const u8 kat[16] = { 0x56, 0x9c, 0x0c, 0x27, 0x9e, 0x06, 0x93, 0x46,
				    0xe6, 0x14, 0x2c, 0x05, 0xbc, 0x1d, 0xf0, 0xfd };
	struct nat64_optseal_key k;
	struct nat64_siphash_key km;
	u8 s[32], blk[16];
	__be32 t;
	int i;

	for (i = 0; i < 32; i++)
		s[i] = (u8)i;
	nat64_optseal_key_init(&k, s);
	nat64_optmap_key_init(&km, s);
	nat64_optseal_seal(&k, &cp, 1, &x, &tu, blk);
	printf("# known answer block:");
	for (i = 0; i < 16; i++)
		printf(" %02x", blk[i]);
	nat64_optmap_addr(&km, &pool, 1, &x, &t);
	printf("  map: %s\n", s4(t));
	CHECK(!memcmp(blk, kat, 16) && t == A4("198.18.179.165"),
	      "optseal: known answer (secret 00..1f): block and mapped address unchanged");
	CHECK(nat64_optseal_open(&k, NULL, &cp, 1, &tu, blk, &got) == NAT64_OPTSEAL_ACTIVE &&
	      !memcmp(&got, &x, 16), "optseal: known answer opens");
}

/*
 * The cipher alone over 256 tuples, each output the next input: pins every
 * tuple byte and both halves' handling (values from the byte-by-byte round
 * function this replaced).
 */
static void known_answer_chain(void)
{
	static const u8 want[16] = { 0xa3, 0x5d, 0xb8, 0x0b, 0x6e, 0xd4, 0x9a, 0xc1,
				     0x8f, 0x6d, 0x25, 0x26, 0xb2, 0x30, 0xbc, 0x5a };
	struct nat64_optseal_key k;
	u8 s[32], b[16];
	u32 i;

	for (i = 0; i < 32; i++)
		s[i] = (u8)(0xa0 + i);
	nat64_optseal_key_init(&k, s);
	for (i = 0; i < 16; i++)
		b[i] = (u8)i;
	for (i = 0; i < 256; i++) {
		struct nat64_optseal_tuple tu = {
			.pool_addr = htonl(0xc6120000u + i * 77u),
			.pool_port = htons((u16)(i * 251u)),
			.server_addr = htonl(0xc0000200u ^ i << 24),
			.server_port = htons((u16)(65535u - i)),
		};

		nat64_optseal_encrypt(&k, &tu, b, b);
	}
	CHECK(!memcmp(b, want, 16), "optseal: known answer, 256 chained encryptions");
}

static void mapping(void)
{
	struct nat64_prefix4 pool[3] = { P4("192.0.2.0", 27), P4("198.51.100.32", 28),
					 P4("203.0.113.128", 28) };
	struct nat64_prefix4 tiny = P4("203.0.113.4", 30);
	struct nat64_siphash_key km, km2;
	unsigned int cnt[64] = { 0 }, tcnt[4] = { 0 };
	struct in6_addr x;
	u8 s[32];
	__be32 t, t2;
	int i, bad = 0, outside = 0, moved = 0, zeros = 0;
	double chi = 0;
	const int n = 64000;

	rnd_fill(s, 32);
	nat64_optmap_key_init(&km, s);
	CHECK(nat64_optmap_pool_size(pool, 3) == 64, "optmap: pool size 32 + 16 + 16");
	for (i = 0; i < n; i++) {
		u32 h;
		unsigned int slot;

		rnd_fill(x.s6_addr, 16);
		if (nat64_optmap_addr(&km, pool, 3, &x, &t)) {
			bad++;
			continue;
		}
		nat64_optmap_addr(&km, pool, 3, &x, &t2);
		if (t != t2)
			bad++;
		h = ntohl(t);
		if ((h & ~31u) == ntohl(A4("192.0.2.0")))
			slot = h & 31;
		else if ((h & ~15u) == ntohl(A4("198.51.100.32")))
			slot = 32 + (h & 15);
		else if ((h & ~15u) == ntohl(A4("203.0.113.128")))
			slot = 48 + (h & 15);
		else {
			outside++;
			continue;
		}
		cnt[slot]++;
	}
	CHECK(!bad && !outside, "optmap: deterministic and always inside the pool");
	for (i = 0; i < 64; i++) {
		double d = (double)cnt[i] - n / 64.0;

		chi += d * d / (n / 64.0);
		if (!cnt[i])
			zeros++;
	}
	/* 63 degrees of freedom: mean 63, sd ~11; 130 is 6 sd out. */
	CHECK(!zeros && chi < 130.0,
	      "optmap: spreads over 64 addresses (chi-square %.1f, 63 df)", chi);

	for (i = 0; i < 400; i++) {
		rnd_fill(x.s6_addr, 16);
		nat64_optmap_addr(&km, &tiny, 1, &x, &t);
		tcnt[ntohl(t) & 3]++;
	}
	CHECK(tcnt[0] && tcnt[3] && tcnt[1] && tcnt[2],
	      "optmap: network and broadcast addresses of a pool prefix are used");

	s[0] ^= 1;	/* K (Feistel) changes, L does not: mapping unchanged */
	nat64_optmap_key_init(&km2, s);
	s[20] ^= 1;	/* L changes: mapping changes */
	nat64_optmap_key_init(&km, s);
	for (i = 0; i < 1000; i++) {
		rnd_fill(x.s6_addr, 16);
		nat64_optmap_addr(&km2, pool, 3, &x, &t);
		nat64_optmap_addr(&km, pool, 3, &x, &t2);
		if (t != t2)
			moved++;
	}
	CHECK(moved > 900, "optmap: another mapping key moves most clients (%d/1000)", moved);
	CHECK(nat64_optmap_addr(&km, pool, 0, &x, &t) == -ENOENT, "optmap: empty pool refused");
}

void test_optseal(void)
{
	cipher();
	packing();
	seal_open();
	known_answer();
	known_answer_chain();
	mapping();
}
