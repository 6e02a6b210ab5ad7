// SPDX-License-Identifier: GPL-2.0
/* TCP option handling: real SYN layouts, SACK trimming, no-room, malformed lists, csum. */
#include "test.h"
#include "core/tcpopt.h"

#define SYN 0x02
#define ACK 0x10

static const u8 sealed[16] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7,
			       0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf };

/* TCP header with the given options (n a multiple of 4); returns its length. */
static unsigned int mk(u8 *h, u8 flags, const u8 *opts, unsigned int n)
{
	rnd_fill(h, 20);
	h[12] = (u8)(((20 + n) / 4) << 4);
	h[13] = flags;
	if (n)
		memcpy(h + 20, opts, n);
	return 20 + n;
}

/* Value of the first option of this kind (its bytes), or NULL. */
static const u8 *opt_get(const u8 *area, unsigned int len, u8 kind)
{
	unsigned int i = 0;

	while (i < len && area[i]) {
		if (area[i] == 1) {
			i++;
			continue;
		}
		if (area[i] == kind)
			return area + i;
		i += area[i + 1];
	}
	return NULL;
}

static int count_ours(const u8 *area, unsigned int len)
{
	unsigned int i = 0;
	int n = 0;

	while (i < len && area[i]) {
		if (area[i] == 1) {
			i++;
			continue;
		}
		if (area[i] == 253 && area[i + 2] == 0x64 && area[i + 3] == 0x64)
			n++;
		i += area[i + 1];
	}
	return n;
}

static int same(u16 a, u16 b)
{
	return a == b || ((a == 0 || a == 0xffff) && (b == 0 || b == 0xffff));
}

/* Full segment checksum over an IPv4 pseudo header. */
static u16 seg_csum(const u8 *seg, unsigned int len)
{
	u8 tmp[200];

	memcpy(tmp, seg, len);
	p16(tmp + 16, 0);
	return ref_csum(tmp, len, ref_pseudo4(A4("192.0.2.1"), A4("198.51.100.7"), (u16)len, 6));
}

/*
 * Apply an edit to a segment (header + plen payload bytes) the way the
 * kernel will: move the payload, write the header, update the checksum
 * incrementally. Returns whether the result equals a full recomputation.
 */
static bool apply_and_check(u8 *seg, unsigned int plen, const struct nat64_tcpopt_edit *ed)
{
	unsigned int oldh = 20 + ed->old_len, newh = ed->hdrlen;
	u32 d = ed->csum_delta;
	u16 inc;

	p16(seg + 16, seg_csum(seg, oldh + plen));
	memmove(seg + newh, seg + oldh, plen);
	nat64_tcpopt_apply(seg, ed);
	d = nat64_csum_sub16(d, htons((u16)(oldh + plen)));
	d = nat64_csum_add16(d, htons((u16)(newh + plen)));
	inc = ntohs((__be16)nat64_tcpopt_csum_apply((__sum16)htons(g16(seg + 16)), d));
	p16(seg + 16, inc);
	return same(inc, seg_csum(seg, newh + plen));
}

static void syn_layouts(void)
{
	static const u8 linux_syn[20] = { 2, 4, 0x05, 0xa0, 4, 2, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8,
					  1, 3, 3, 7 };
	static const u8 win_syn[12] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 8, 1, 1, 4, 2 };
	static const u8 mac_syn[24] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 6, 1, 1, 8, 10, 9, 9, 9, 9,
					0, 0, 0, 0, 4, 2, 0, 0 };
	static const u8 linux_want[32] = {
		2, 4, 0x05, 0xa0, 4, 2, 3, 3, 7, 253, 20, 0x64, 0x64,
		0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
		0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0, 0, 0 };
	static const struct { const char *name; const u8 *o; unsigned int n; u16 mss; u8 ws;
			      bool ts; } L[] = {
		{ "Linux", linux_syn, 20, 1440, 7, true },
		{ "Windows", win_syn, 12, 1460, 8, false },
		{ "macOS", mac_syn, 24, 1460, 6, true },
	};
	struct nat64_tcpopt_edit ed;
	u8 h[60], seg[200];
	unsigned int i, hl;
	const u8 *o;
	int r;

	for (i = 0; i < 3; i++) {
		hl = mk(h, SYN, L[i].o, L[i].n);
		CHECK(nat64_tcpopt_room(h, hl) == 40 - (int)L[i].n, "tcpopt: %s SYN room %u",
		      L[i].name, 40 - L[i].n);
		r = nat64_tcpopt_insert(h, hl, sealed, &ed);
		CHECK(r == 0 && ed.len <= 40 && ed.len % 4 == 0 && ed.hdrlen == 20 + ed.len &&
		      ed.old_len == L[i].n, "tcpopt: %s SYN gets our option (%u -> %u bytes)",
		      L[i].name, L[i].n, ed.len);
		if (r)
			continue;
		CHECK(!opt_get(ed.opt, ed.len, 8) &&
		      !!(ed.flags & NAT64_TCPOPT_F_TS_STRIPPED) == L[i].ts &&
		      !(ed.flags & ~NAT64_TCPOPT_F_TS_STRIPPED),
		      "tcpopt: %s SYN: timestamps gone, flags 0x%x", L[i].name, ed.flags);
		o = opt_get(ed.opt, ed.len, 2);
		CHECK(o && o[1] == 4 && g16(o + 2) == L[i].mss, "tcpopt: %s SYN: MSS %u kept",
		      L[i].name, L[i].mss);
		o = opt_get(ed.opt, ed.len, 3);
		CHECK(o && o[1] == 3 && o[2] == L[i].ws, "tcpopt: %s SYN: WS %u kept", L[i].name,
		      L[i].ws);
		o = opt_get(ed.opt, ed.len, 4);
		CHECK(o && o[1] == 2, "tcpopt: %s SYN: SACK-permitted kept", L[i].name);
		o = opt_get(ed.opt, ed.len, 253);
		CHECK(o && ed.ours_off == 20 + (o - ed.opt) && !memcmp(o + 4, sealed, 16) &&
		      count_ours(ed.opt, ed.len) == 1, "tcpopt: %s SYN: our option at %u",
		      L[i].name, ed.ours_off);
		memcpy(seg, h, hl);
		rnd_fill(seg + hl, 33);
		CHECK(apply_and_check(seg, 33, &ed) && nat64_tcpopt_find(seg, ed.hdrlen) ==
		      ed.ours_off, "tcpopt: %s SYN: applied, checksum delta matches recomputation",
		      L[i].name);
	}
	hl = mk(h, SYN, linux_syn, 20);
	nat64_tcpopt_insert(h, hl, sealed, &ed);
	CHECK(ed.len == 32 && !memcmp(ed.opt, linux_want, 32),
	      "tcpopt: Linux SYN exact layout: MSS SACKP WS ours EOL pad");
	hl = mk(h, SYN | ACK, win_syn, 12);
	CHECK(nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 && ed.len == 32,
	      "tcpopt: SYN-ACK (host role) handled like a SYN");
	hl = mk(h, ACK, NULL, 0);
	CHECK(nat64_tcpopt_room(h, hl) == 40 && nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 &&
	      ed.len == 20 && ed.ours_off == 20, "tcpopt: bare ACK: option only, 20 bytes");
}

static void sack(void)
{
	static const u8 ts3[16] = { 1, 1, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 5, 26 };
	u8 o[40], h[60], seg[200], blocks[32];
	struct nat64_tcpopt_edit ed;
	unsigned int n, hl, nb;
	const u8 *s;

	rnd_fill(blocks, 32);
	for (nb = 1; nb <= 4; nb++) {
		o[0] = 1;
		o[1] = 1;
		o[2] = 5;
		o[3] = (u8)(2 + 8 * nb);
		memcpy(o + 4, blocks, 8 * nb);
		n = 4 + 8 * nb;
		hl = mk(h, ACK, o, n);
		CHECK(nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 &&
		      !!(ed.flags & NAT64_TCPOPT_F_SACK_TRIMMED) == (nb > 2) &&
		      (s = opt_get(ed.opt, ed.len, 5)) && s[1] == 2 + 8 * (nb > 2 ? 2 : nb) &&
		      !memcmp(s + 2, blocks, s[1] - 2) && ed.len <= 40,
		      "tcpopt: ACK with %u SACK block(s): %u kept (the newest), %u bytes", nb,
		      nb > 2 ? 2 : nb, ed.len);
		memcpy(seg, h, hl);
		rnd_fill(seg + hl, 101);
		CHECK(apply_and_check(seg, 101, &ed), "tcpopt: %u SACK blocks: checksum delta", nb);
	}
	/* Timestamps in use (flow that bypassed our SYN): kept, SACK cut to 1 block. */
	memcpy(o, ts3, 16);
	memcpy(o + 16, blocks, 24);
	hl = mk(h, ACK, o, 40);
	CHECK(nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 && ed.len == 40 &&
	      opt_get(ed.opt, ed.len, 8) && (s = opt_get(ed.opt, ed.len, 5)) && s[1] == 10 &&
	      ed.flags == NAT64_TCPOPT_F_SACK_TRIMMED,
	      "tcpopt: ACK with TS + 3 SACK blocks: TS kept, 1 block, 40 bytes");
}

static void noroom(void)
{
	/* MSS, SACKP, WS, NOP, MPTCP MP_CAPABLE (12), TFO cookie (10): 32 bytes. */
	static const u8 mp[32] = { 2, 4, 5, 0xa0, 4, 2, 3, 3, 7, 1,
				   30, 12, 0x01, 0x81, 1, 2, 3, 4, 5, 6, 7, 8,
				   34, 10, 9, 9, 9, 9, 9, 9, 9, 9 };
	static const u8 unk[36] = { 1, 1, 99, 32 };
	struct nat64_tcpopt_edit ed;
	u8 h[60];
	unsigned int hl;

	hl = mk(h, SYN, mp, 32);
	CHECK(nat64_tcpopt_check(h, hl) == 0 && nat64_tcpopt_insert(h, hl, sealed, &ed) == -ENOSPC,
	      "tcpopt: SYN with MPTCP + Fast Open cookie: no room");
	hl = mk(h, ACK, unk, 36);
	CHECK(nat64_tcpopt_insert(h, hl, sealed, &ed) == -ENOSPC,
	      "tcpopt: ACK with a 32-byte unknown option: no room");
}

static void malformed(void)
{
	static const struct { const char *what; u8 o[8]; } M[] = {
		{ "length 0", { 2, 0, 5, 0xa0, 0, 0, 0, 0 } },
		{ "length 1", { 1, 1, 3, 1, 7, 0, 0, 0 } },
		{ "past the area", { 1, 1, 1, 2, 6, 5, 0xa0, 0 } },
		{ "no length byte", { 1, 1, 1, 1, 1, 1, 1, 3 } },
		{ "SACK of 11", { 5, 11, 0, 0, 0, 0, 0, 0 } },
	};
	static const u8 twosack[24] = { 5, 10, 1, 2, 3, 4, 5, 6, 7, 8,
					5, 10, 1, 2, 3, 4, 5, 6, 7, 8, 1, 1, 1, 0 };
	struct nat64_tcpopt_edit ed;
	u8 h[64], c[64];
	unsigned int i, hl;
	int bad = 0;

	for (i = 0; i < sizeof(M) / sizeof(M[0]); i++) {
		hl = mk(h, SYN, M[i].o, 8);
		memcpy(c, h, hl);
		CHECK(nat64_tcpopt_check(h, hl) == -EINVAL && nat64_tcpopt_find(h, hl) == -EINVAL &&
		      nat64_tcpopt_insert(h, hl, sealed, &ed) == -EINVAL &&
		      nat64_tcpopt_remove(h, hl, NULL, &ed) == -EINVAL &&
		      nat64_tcpopt_neutralise(h, hl, NULL) == -EINVAL && !memcmp(c, h, hl),
		      "tcpopt: malformed list (%s) rejected, header untouched", M[i].what);
	}
	hl = mk(h, ACK, twosack, 24);
	CHECK(nat64_tcpopt_check(h, hl) == -EINVAL, "tcpopt: two SACK options rejected");
	hl = mk(h, ACK, NULL, 0);
	h[12] = 0x40;
	CHECK(nat64_tcpopt_check(h, 60) == -EINVAL && nat64_tcpopt_room(h, 60) == -EINVAL,
	      "tcpopt: doff 4 rejected");
	h[12] = 0x60;
	memset(h + 20, 0, 4);
	CHECK(nat64_tcpopt_check(h, 23) == -EINVAL && nat64_tcpopt_check(h, 24) == 0,
	      "tcpopt: doff past the available bytes rejected");
	CHECK(nat64_tcpopt_check(h, 19) == -EINVAL, "tcpopt: less than 20 bytes rejected");
	/* Garbage after EOL is padding, not options. */
	{
		static const u8 eol[8] = { 2, 4, 5, 0xa0, 0, 0xff, 0xff, 0x07 };

		hl = mk(h, SYN, eol, 8);
		CHECK(nat64_tcpopt_check(h, hl) == 0 &&
		      nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 && ed.len == 24,
		      "tcpopt: bytes after EOL ignored");
	}
	/* Random bytes: no crash, results consistent. */
	for (i = 0; i < 50000; i++) {
		unsigned int n = 4 * (rnd() % 11);
		int a, b;

		rnd_fill(c, n);
		if (i & 1)	/* mostly short, plausible lengths */
			for (hl = 1; hl < n; hl += 4)
				c[hl] = (u8)(c[hl] % 12);
		hl = mk(h, (u8)rnd(), c, n);
		a = nat64_tcpopt_check(h, hl);
		b = nat64_tcpopt_insert(h, hl, sealed, &ed);
		if (a == -EINVAL ? b != -EINVAL : (b != 0 && b != -ENOSPC))
			bad++;
		if (!b) {
			memcpy(c, h, 20);
			nat64_tcpopt_apply(c, &ed);
			if (nat64_tcpopt_find(c, ed.hdrlen) != ed.ours_off)
				bad++;
		}
		nat64_tcpopt_remove(h, hl, NULL, &ed);
		nat64_tcpopt_neutralise(h, hl, NULL);
	}
	CHECK(!bad, "tcpopt: 50000 random option areas: no crash, insert agrees with check");
}

static void ours(void)
{
	/* A client-sent option of ours in the middle of a SYN, and a foreign ExID. */
	u8 o[40] = { 2, 4, 5, 0xa0, 253, 20, 0x64, 0x64 }, h[64], seg[200], c[64];
	static const u8 foreign[8] = { 253, 8, 0x12, 0x34, 1, 2, 3, 4 };
	struct nat64_tcpopt_edit ed;
	unsigned int hl;
	u32 d;
	u16 before;

	rnd_fill(o + 8, 16);
	memcpy(o + 24, foreign, 8);
	o[32] = 1;
	o[33] = 3;
	o[34] = 3;
	o[35] = 7;
	hl = mk(h, SYN, o, 36);
	CHECK(nat64_tcpopt_find(h, hl) == 24, "tcpopt: find returns the offset of our option");
	CHECK(nat64_tcpopt_insert(h, hl, sealed, &ed) == 0 &&
	      (ed.flags & NAT64_TCPOPT_F_OURS_DROPPED) && count_ours(ed.opt, ed.len) == 1 &&
	      !memcmp(ed.opt + ed.ours_off - 20 + 4, sealed, 16),
	      "tcpopt: insert drops a client-sent option and adds exactly one of ours");
	memcpy(seg, h, hl);
	rnd_fill(seg + hl, 7);
	p16(seg + 16, seg_csum(seg, hl + 7));
	before = g16(seg + 16);
	CHECK(nat64_tcpopt_neutralise(seg, hl, &d) == 1 && nat64_tcpopt_find(seg, hl) == -ENOENT,
	      "tcpopt: neutralise overwrites the client's option");
	CHECK(!memcmp(seg + 24, "\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1\1", 20) &&
	      !memcmp(seg + 44, foreign, 8) && !memcmp(seg + 20, o, 4),
	      "tcpopt: neutralise: 20 NOPs, other options (and foreign ExID) untouched");
	CHECK(same(ntohs((__be16)nat64_tcpopt_csum_apply((__sum16)htons(before), d)),
		   seg_csum(seg, hl + 7)),
	      "tcpopt: neutralise checksum delta matches recomputation");
	CHECK(nat64_tcpopt_neutralise(seg, hl, &d) == 0, "tcpopt: neutralise again: nothing left");

	/* Our ExID with a wrong length: not accepted, but neutralised. */
	memcpy(c, o, 36);
	c[5] = 12;
	memset(c + 16, 1, 8);
	hl = mk(h, ACK, c, 36);
	CHECK(nat64_tcpopt_check(h, hl) == 0 && nat64_tcpopt_find(h, hl) == -EBADMSG &&
	      nat64_tcpopt_neutralise(h, hl, NULL) == 1 && nat64_tcpopt_find(h, hl) == -ENOENT,
	      "tcpopt: our ExID with length 12: find refuses, neutralise removes");
	/* Two of ours: ambiguous, refused. */
	memcpy(c, o + 4, 20);
	memcpy(c + 20, o + 4, 20);
	hl = mk(h, ACK, c, 40);
	CHECK(nat64_tcpopt_find(h, hl) == -EBADMSG,
	      "tcpopt: a second option with our ExID: refused");
}

static void removal(void)
{
	/* Our option between others; removal must leave the rest byte for byte. */
	u8 o[32] = { 2, 4, 5, 0xa0 }, want[12] = { 2, 4, 5, 0xa0, 1, 3, 3, 7, 4, 2, 1, 1 };
	static const u8 linux_syn[20] = { 2, 4, 0x05, 0xa0, 4, 2, 8, 10, 1, 2, 3, 4, 5, 6, 7, 8,
					  1, 3, 3, 7 };
	struct nat64_tcpopt_edit ed, ed2;
	u8 h[64], seg[200], got[16];
	unsigned int hl, i, nb;
	int bad = 0, csbad = 0;

	nat64_tcpopt_build(o + 4, sealed);
	memcpy(o + 24, want + 4, 8);
	hl = mk(h, ACK, o, 32);
	CHECK(nat64_tcpopt_remove(h, hl, got, &ed) == 0 && ed.len == 12 && ed.hdrlen == 32 &&
	      !memcmp(ed.opt, want, 12) && !memcmp(got, sealed, 16),
	      "tcpopt: remove: area = original minus our 20 bytes, sealed block returned");
	memcpy(seg, h, hl);
	rnd_fill(seg + hl, 77);
	CHECK(apply_and_check(seg, 77, &ed),
	      "tcpopt: remove: checksum delta matches recomputation");
	hl = mk(h, ACK, want, 12);
	CHECK(nat64_tcpopt_remove(h, hl, got, &ed) == -ENOENT,
	      "tcpopt: remove without ours: ENOENT");

	/* insert then remove (the gateway undoes what the host added). */
	hl = mk(h, SYN, linux_syn, 20);
	nat64_tcpopt_insert(h, hl, sealed, &ed);
	memcpy(seg, h, 20);
	nat64_tcpopt_apply(seg, &ed);
	CHECK(nat64_tcpopt_remove(seg, ed.hdrlen, NULL, &ed2) == 0 && ed2.len == 12 &&
	      !memcmp(ed2.opt, "\2\4\5\xa0\4\2\3\3\7\0\0\0", 12),
	      "tcpopt: Linux SYN insert then remove: MSS SACKP WS, 12 bytes");
	for (i = 0; i < 2000; i++) {
		u8 o2[40];
		unsigned int n = 0, plen = rnd() % 64;

		/* Random plausible data-segment layouts. */
		if (rnd() & 1) {
			memcpy(o2 + n, "\1\1\x08\x0a", 4);
			rnd_fill(o2 + n + 4, 8);
			n += 12;
		}
		nb = rnd() % (n ? 3 : 5);
		if (nb) {
			o2[n] = 1;
			o2[n + 1] = 1;
			o2[n + 2] = 5;
			o2[n + 3] = (u8)(2 + 8 * nb);
			rnd_fill(o2 + n + 4, 8 * nb);
			n += 4 + 8 * nb;
		}
		hl = mk(h, ACK, o2, n);
		if (nat64_tcpopt_insert(h, hl, sealed, &ed)) {
			bad++;
			continue;
		}
		memcpy(seg, h, hl);
		rnd_fill(seg + hl, plen);
		if (!apply_and_check(seg, plen, &ed))
			csbad++;
		if (nat64_tcpopt_remove(seg, ed.hdrlen, got, &ed2) || memcmp(got, sealed, 16) ||
		    ed2.len != ed.len - 20 ||
		    memcmp(ed2.opt, ed.opt, ed.ours_off - 20u) ||
		    memcmp(ed2.opt + ed.ours_off - 20, ed.opt + ed.ours_off,
			   (size_t)(ed.len - ed.ours_off)))
			bad++;
		if (!apply_and_check(seg, plen, &ed2))
			csbad++;
	}
	CHECK(!bad, "tcpopt: 2000 data layouts: insert fits, remove gives the area minus ours");
	CHECK(!csbad, "tcpopt: 2000 data layouts: incremental checksum = recomputed (both ways)");
}

static void delta_fn(void)
{
	u8 a[40], b[40];
	int i, bad = 0;

	for (i = 0; i < 1000; i++) {
		unsigned int la = 4 * (rnd() % 11), lb = 4 * (rnd() % 11);
		u8 hdr[60];
		u16 c0, c1;
		u32 d;

		rnd_fill(a, la);
		rnd_fill(b, lb);
		rnd_fill(hdr, 20);
		memcpy(hdr + 20, a, la);
		c0 = ref_csum(hdr, 20 + la, 0);
		memcpy(hdr + 20, b, lb);
		c1 = ref_csum(hdr, 20 + lb, 0);
		d = nat64_tcpopt_csum_delta(a, la, b, lb);
		if (!same(ntohs((__be16)nat64_tcpopt_csum_apply((__sum16)htons(c0), d)), c1))
			bad++;
	}
	CHECK(!bad, "tcpopt: csum_delta over option areas matches recomputation");
}

/*
 * Every entry point takes any avail: fewer than 20 bytes is -EINVAL, and not
 * one byte past avail is read (each buffer is exactly avail bytes on the heap,
 * so ASan reports a read of the flags byte before the length check).
 */
static void short_header(void)
{
	struct nat64_tcpopt_edit ed;
	unsigned int n;
	int bad = 0;

	for (n = 0; n < 20; n++) {
		u8 *h = malloc(n ? n : 1);

		if (!h)
			abort();
		memset(h, 0x52, n);	/* doff 5, SYN|ACK|... in byte 13 when present */
		if (nat64_tcpopt_area_len(h, n) != -EINVAL || nat64_tcpopt_check(h, n) != -EINVAL ||
		    nat64_tcpopt_room(h, n) != -EINVAL || nat64_tcpopt_find(h, n) != -EINVAL ||
		    nat64_tcpopt_neutralise(h, n, NULL) != -EINVAL ||
		    nat64_tcpopt_insert(h, n, sealed, &ed) != -EINVAL ||
		    nat64_tcpopt_remove(h, n, NULL, &ed) != -EINVAL)
			bad++;
		free(h);
	}
	CHECK(!bad, "tcpopt: headers of 0..19 bytes rejected without reading past them");
}

void test_tcpopt(void)
{
	syn_layouts();
	sack();
	noroom();
	malformed();
	ours();
	removal();
	delta_fn();
	short_header();
}
