// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for option mode (kmod/core/tcpopt.c, optseal.c).
 *
 * Input: byte 0 flags, bytes 1..48 key/tuple/client material (zero-filled
 * when short), then a TCP header of any length (avail = its exact size, on
 * the heap, so ASan sees any read past it).
 *
 * Invariants (abort() on violation):
 *  - every entry point accepts any avail: < 20 or a bad doff is -EINVAL;
 *  - insert() succeeds or says -ENOSPC exactly when check() accepts the list;
 *    its edit is a multiple of 4, <= 40 bytes, and applied to the header it
 *    holds our option where ours_off says, which remove() takes out again
 *    (returning the sealed block); csum_delta matches a recomputation;
 *  - neutralise() leaves a list that find() no longer finds our option in;
 *  - seal() then open() with the same key and tuple gives back the client;
 *    any 16 bytes opened never crash and a forged block yields no address.
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/types.h"
#include "core/csum.h"
#include "core/tcpopt.h"
#include "core/optseal.h"

#define HDR_OFF	49
#define FAIL(...) do { fprintf(stderr, "fuzz_tcpopt: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static bool same_sum(u32 a, u32 b)
{
	u16 x = ntohs(nat64_csum_fold16(a)), y = ntohs(nat64_csum_fold16(b));

	/* One's complement: 0x0000 and 0xffff are both zero. */
	return x == y || ((x == 0 || x == 0xffff) && (y == 0 || y == 0xffff));
}

static void options(const u8 *in, unsigned int n, const u8 sealed[16])
{
	static u8 h[60 + 40];
	struct nat64_tcpopt_edit ed, ed2, ed3;
	int chk, area, room, fnd, ins, rem, neu;
	u8 back[16];
	u8 *cp;
	u32 d;

	area = nat64_tcpopt_area_len(in, n);
	chk = nat64_tcpopt_check(in, n);
	room = nat64_tcpopt_room(in, n);
	fnd = nat64_tcpopt_find(in, n);
	ins = nat64_tcpopt_insert(in, n, sealed, &ed);
	rem = nat64_tcpopt_remove(in, n, back, &ed2);
	if (n < 20 && (area != -EINVAL || chk != -EINVAL || room != -EINVAL || fnd != -EINVAL ||
		       ins != -EINVAL || rem != -EINVAL))
		FAIL("%u bytes accepted", n);
	if (area < 0) {
		if (chk != area || room != area || fnd != area || ins != area || rem != area)
			FAIL("bad doff: %d %d %d %d %d %d", area, chk, room, fnd, ins, rem);
		return;
	}
	if (area > 40 || room != 40 - area)
		FAIL("area %d room %d", area, room);
	if (chk == -EINVAL ? (ins != -EINVAL || fnd != -EINVAL || rem != -EINVAL) :
	    (chk != 0 || (ins != 0 && ins != -ENOSPC)))
		FAIL("check %d but insert %d find %d remove %d", chk, ins, fnd, rem);
	if (fnd >= 0 && (fnd < 20 || fnd + NAT64_TCPOPT_LEN > 20 + area))
		FAIL("find %d outside the area of %d", fnd, area);
	if (!ins) {
		if (ed.len % 4 || ed.len > 40 || ed.hdrlen != 20 + ed.len || ed.old_len != area ||
		    ed.ours_off < 20 || ed.ours_off + NAT64_TCPOPT_LEN > ed.hdrlen)
			FAIL("insert: len %u hdrlen %u old %u ours %u", ed.len, ed.hdrlen,
			     ed.old_len, ed.ours_off);
		memcpy(h, in, 20);
		nat64_tcpopt_apply(h, &ed);
		d = nat64_csum_add(nat64_csum_partial(in, 20 + area, 0), ed.csum_delta);
		if (!same_sum(d, nat64_csum_partial(h, ed.hdrlen, 0)))
			FAIL("insert: csum_delta disagrees");
		if (nat64_tcpopt_find(h, ed.hdrlen) != ed.ours_off)
			FAIL("insert: find %d, ours_off %u", nat64_tcpopt_find(h, ed.hdrlen),
			     ed.ours_off);
		if (nat64_tcpopt_remove(h, ed.hdrlen, back, &ed3) || memcmp(back, sealed, 16) ||
		    ed3.len != ed.len - NAT64_TCPOPT_LEN)
			FAIL("insert then remove");
		d = nat64_csum_add(nat64_csum_partial(h, ed.hdrlen, 0), ed3.csum_delta);
		memcpy(h + 60, h, 20);
		nat64_tcpopt_apply(h + 60, &ed3);
		if (!same_sum(d, nat64_csum_partial(h + 60, ed3.hdrlen, 0)))
			FAIL("remove: csum_delta disagrees");
	}
	if (!rem && (ed2.len % 4 || ed2.len + NAT64_TCPOPT_LEN != area))
		FAIL("remove: len %u from %d", ed2.len, area);
	/* neutralise writes: on a copy of exactly n bytes. */
	cp = malloc(n);
	if (!cp)
		abort();
	memcpy(cp, in, n);
	neu = nat64_tcpopt_neutralise(cp, n, &d);
	if (chk ? neu != -EINVAL || memcmp(cp, in, n) : neu < 0)
		FAIL("neutralise %d after check %d", neu, chk);
	if (!chk) {
		if (nat64_tcpopt_find(cp, n) != -ENOENT)
			FAIL("neutralise left our option");
		if (!same_sum(nat64_csum_add(nat64_csum_partial(in, 20 + area, 0), d),
			      nat64_csum_partial(cp, 20 + area, 0)))
			FAIL("neutralise: csum_delta disagrees");
		if (memcmp(cp + 20 + area, in + 20 + area, n - 20 - area))
			FAIL("neutralise wrote past the option area");
	}
	free(cp);
}

static void seal(const u8 *k, u8 flags)
{
	struct nat64_optseal_key key, other;
	struct nat64_optseal_tuple tu;
	struct nat64_prefix6 clients[3];
	struct nat64_prefix4 pool[2];
	struct nat64_siphash_key kmap;
	struct in6_addr client, got;
	u8 block[16], secret[32];
	unsigned int nr = flags % 4, i;
	enum nat64_optseal_match m;
	__be32 a4;
	int r;

	memcpy(secret, k, 16);
	memcpy(secret + 16, k, 16);
	secret[31] ^= flags;
	nat64_optseal_key_init(&key, secret);
	secret[0] ^= 1;
	nat64_optseal_key_init(&other, secret);
	memcpy(&tu.pool_addr, k + 16, 4);
	memcpy(&tu.server_addr, k + 20, 4);
	memcpy(&tu.pool_port, k + 24, 2);
	memcpy(&tu.server_port, k + 26, 2);
	memcpy(&client, k + 28, 16);
	for (i = 0; i < 3; i++) {
		clients[i].addr = client;
		clients[i].len = (u8)(k[44 + (i & 1)] % 129);
		if (i == 2)
			clients[i].addr.s6_addr[0] ^= 0x80;
	}
	r = nat64_optseal_seal(&key, clients, nr, &client, &tu, block);
	if (!r) {
		m = nat64_optseal_open(&other, &key, clients, nr, &tu, block, &got);
		if (m != NAT64_OPTSEAL_SECONDARY || memcmp(&got, &client, 16))
			FAIL("seal then open: match %d", m);
	} else if (r != -ENOENT) {
		FAIL("seal returned %d", r);
	}
	/* Any block: no crash; a match names an address. */
	memcpy(block, k + 28, 16);
	m = nat64_optseal_open(&key, flags & 0x80 ? &other : NULL, clients, nr, &tu, block, &got);
	if (m != NAT64_OPTSEAL_FORGED && m != NAT64_OPTSEAL_ACTIVE && m != NAT64_OPTSEAL_SECONDARY)
		FAIL("open returned %d", m);
	nat64_optmap_key_init(&kmap, secret);
	for (i = 0; i < 2; i++) {
		memcpy(&pool[i].addr, k + 16 + 4 * i, 4);
		pool[i].len = (u8)(k[46 + i] % 33);
	}
	pool[1].addr ^= htonl(0x80000000u);
	r = nat64_optmap_addr(&kmap, pool, (flags >> 2) % 3, &client, &a4);
	if (!r) {
		bool in = false;

		for (i = 0; i < (flags >> 2) % 3u; i++) {
			u32 mask = pool[i].len ? 0xffffffffu << (32 - pool[i].len) : 0;

			in |= ((ntohl(a4) ^ ntohl(pool[i].addr)) & mask) == 0;
		}
		if (!in)
			FAIL("optmap address outside the pool");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	u8 k[HDR_OFF] = { 0 };
	unsigned int n;
	u8 *h;

	memcpy(k, data, size < HDR_OFF ? size : HDR_OFF);
	n = size > HDR_OFF ? (unsigned int)(size - HDR_OFF) : 0;
	if (n > 200)
		return 0;
	h = malloc(n ? n : 1);
	if (!h)
		abort();
	memcpy(h, data + HDR_OFF, n);
	options(h, n, k + 1);
	free(h);
	if (k[0] & 1)
		seal(k + 1, k[0]);
	return 0;
}
