// SPDX-License-Identifier: GPL-2.0
/*
 * TCP option lists (RFC 9293 3.2): EOL (0) ends the list, NOP (1) is one
 * byte of padding, every other option is kind, length, data. A list is
 * scanned once into a table of entries, validated as a whole, and only then
 * edited, so a malformed list is never half-rewritten.
 */
#include "tcpopt.h"
#include "csum.h"

#define OPT_EOL		0
#define OPT_NOP		1
#define OPT_TS		8
#define OPT_SACK	5
#define SACK_BLOCK	8
#define SACK_KEEP	2	/* blocks kept next to our option */

struct opt_ent {
	u8 off;		/* in the option area */
	u8 len;
	u8 kind;
	bool ours;	/* kind 253 with our ExID, any length >= 4 */
};

struct opt_list {
	struct opt_ent e[NAT64_TCPOPT_SPACE];	/* at most one entry per byte */
	unsigned int n;
	unsigned int area;	/* option area length */
	int sack;		/* index of the SACK option, -1 if none */
};

int nat64_tcpopt_area_len(const u8 *tcph, unsigned int avail)
{
	unsigned int hl;

	if (avail < 20)
		return -EINVAL;
	hl = (tcph[12] >> 4) * 4;
	if (hl < 20 || hl > avail)
		return -EINVAL;
	return (int)hl - 20;
}

static int scan(const u8 *tcph, unsigned int avail, struct opt_list *l)
{
	const u8 *opt = tcph + 20;
	unsigned int i = 0, olen;
	int area = nat64_tcpopt_area_len(tcph, avail);
	struct opt_ent *e;

	if (area < 0)
		return area;
	l->n = 0;
	l->area = (unsigned int)area;
	l->sack = -1;
	while (i < l->area && opt[i] != OPT_EOL) {
		e = &l->e[l->n];
		e->off = (u8)i;
		e->kind = opt[i];
		e->ours = false;
		if (opt[i] == OPT_NOP) {
			e->len = 1;
		} else {
			if (i + 1 >= l->area)
				return -EINVAL;
			olen = opt[i + 1];
			if (olen < 2 || i + olen > l->area)
				return -EINVAL;
			e->len = (u8)olen;
			if (e->kind == OPT_SACK) {
				if (l->sack >= 0 || olen < 2 + SACK_BLOCK ||
				    (olen - 2) % SACK_BLOCK)
					return -EINVAL;
				l->sack = (int)l->n;
			}
			e->ours = e->kind == NAT64_TCPOPT_KIND && olen >= 4 &&
				  opt[i + 2] == (NAT64_TCPOPT_EXID >> 8) &&
				  opt[i + 3] == (NAT64_TCPOPT_EXID & 0xff);
		}
		i += e->len;
		l->n++;
	}
	return 0;
}

int nat64_tcpopt_check(const u8 *tcph, unsigned int avail)
{
	struct opt_list l;

	return scan(tcph, avail, &l);
}

int nat64_tcpopt_room(const u8 *tcph, unsigned int avail)
{
	int area = nat64_tcpopt_area_len(tcph, avail);

	return area < 0 ? area : NAT64_TCPOPT_SPACE - area;
}

static int find_in(const struct opt_list *l)
{
	int found = -ENOENT;
	unsigned int i;

	for (i = 0; i < l->n; i++) {
		if (!l->e[i].ours)
			continue;
		if (found >= 0 || l->e[i].len != NAT64_TCPOPT_LEN)
			return -EBADMSG;
		found = (int)i;
	}
	return found;
}

int nat64_tcpopt_find(const u8 *tcph, unsigned int avail)
{
	struct opt_list l;
	int err = scan(tcph, avail, &l), i;

	if (err)
		return err;
	i = find_in(&l);
	return i < 0 ? i : 20 + l.e[i].off;
}

u32 nat64_tcpopt_csum_delta(const u8 *old_opt, unsigned int old_len,
			    const u8 *new_opt, unsigned int new_len)
{
	return nat64_csum_sub(nat64_csum_partial(new_opt, new_len, 0),
			      nat64_csum_partial(old_opt, old_len, 0));
}

__sum16 nat64_tcpopt_csum_apply(__sum16 check, u32 delta)
{
	u32 sum = (u16)~be16_to_cpu((__be16)check);

	return nat64_csum_finish(nat64_csum_add(sum, delta));
}

int nat64_tcpopt_neutralise(u8 *tcph, unsigned int avail, u32 *csum_delta)
{
	struct opt_list l;
	u32 before;
	unsigned int i;
	int err = scan(tcph, avail, &l), n = 0;

	if (err)
		return err;
	before = nat64_csum_partial(tcph + 20, l.area, 0);
	for (i = 0; i < l.n; i++) {
		if (!l.e[i].ours)
			continue;
		memset(tcph + 20 + l.e[i].off, OPT_NOP, l.e[i].len);
		n++;
	}
	if (csum_delta)
		*csum_delta = nat64_csum_sub(nat64_csum_partial(tcph + 20, l.area, 0), before);
	return n;
}

void nat64_tcpopt_build(u8 opt[NAT64_TCPOPT_LEN], const u8 sealed[16])
{
	opt[0] = NAT64_TCPOPT_KIND;
	opt[1] = NAT64_TCPOPT_LEN;
	opt[2] = NAT64_TCPOPT_EXID >> 8;
	opt[3] = NAT64_TCPOPT_EXID & 0xff;
	memcpy(opt + NAT64_TCPOPT_SEALED_OFF, sealed, 16);
}

/* The data offset / flags word (bytes 12-13) as it is after the edit. */
static u16 doff_word(const u8 *tcph, unsigned int optlen)
{
	return (u16)((((20 + optlen) / 4) << 12) | (tcph[12] & 0x0f) << 8 | tcph[13]);
}

static void finish_edit(const u8 *tcph, const struct opt_list *l, struct nat64_tcpopt_edit *ed)
{
	u32 d;

	ed->old_len = (u8)l->area;
	ed->hdrlen = (u8)(20 + ed->len);
	d = nat64_tcpopt_csum_delta(tcph + 20, l->area, ed->opt, ed->len);
	d = nat64_csum_sub16(d, cpu_to_be16((u16)(tcph[12] << 8 | tcph[13])));
	ed->csum_delta = nat64_csum_add16(d, cpu_to_be16(doff_word(tcph, ed->len)));
}

int nat64_tcpopt_insert(const u8 *tcph, unsigned int avail, const u8 sealed[16],
			struct nat64_tcpopt_edit *ed)
{
	const u8 *opt = tcph + 20;
	unsigned int i, base = 0, blocks = 0, orig_blocks = 0, need, pos = 0;
	struct opt_list l;
	int err = scan(tcph, avail, &l);
	bool syn;

	if (err)
		return err;
	syn = tcph[13] & 0x02;	/* SYN and SYN-ACK; only now are 20 bytes known present */
	ed->flags = 0;
	/* Pass 1: what stays, and how many SACK blocks fit. */
	for (i = 0; i < l.n; i++) {
		const struct opt_ent *e = &l.e[i];

		if (e->kind == OPT_NOP)
			continue;
		if (e->ours) {
			ed->flags |= NAT64_TCPOPT_F_OURS_DROPPED;
			continue;
		}
		if (syn && e->kind == OPT_TS) {
			ed->flags |= NAT64_TCPOPT_F_TS_STRIPPED;
			continue;
		}
		if (e->kind == OPT_SACK) {
			orig_blocks = (e->len - 2u) / SACK_BLOCK;
			continue;
		}
		base += e->len;
	}
	blocks = orig_blocks < SACK_KEEP ? orig_blocks : SACK_KEEP;
	for (;;) {
		need = base + (blocks ? 2 + blocks * SACK_BLOCK : 0) + NAT64_TCPOPT_LEN;
		if (need <= NAT64_TCPOPT_SPACE || !blocks)
			break;
		blocks--;
	}
	if (need > NAT64_TCPOPT_SPACE)
		return -ENOSPC;
	if (blocks < orig_blocks)
		ed->flags |= NAT64_TCPOPT_F_SACK_TRIMMED;

	/* Pass 2: copy in order, trimmed SACK keeps its first (newest) blocks. */
	for (i = 0; i < l.n; i++) {
		const struct opt_ent *e = &l.e[i];

		if (e->kind == OPT_NOP || e->ours || (syn && e->kind == OPT_TS))
			continue;
		if (e->kind == OPT_SACK) {
			if (!blocks)
				continue;
			memcpy(ed->opt + pos, opt + e->off, 2 + blocks * SACK_BLOCK);
			ed->opt[pos + 1] = (u8)(2 + blocks * SACK_BLOCK);
			pos += 2 + blocks * SACK_BLOCK;
			continue;
		}
		memcpy(ed->opt + pos, opt + e->off, e->len);
		pos += e->len;
	}
	ed->ours_off = (u8)(20 + pos);
	nat64_tcpopt_build(ed->opt + pos, sealed);
	pos += NAT64_TCPOPT_LEN;
	while (pos % 4)
		ed->opt[pos++] = OPT_EOL;	/* EOL, then zero padding */
	ed->len = (u8)pos;
	finish_edit(tcph, &l, ed);
	return 0;
}

int nat64_tcpopt_remove(const u8 *tcph, unsigned int avail, u8 sealed[16],
			struct nat64_tcpopt_edit *ed)
{
	const u8 *opt = tcph + 20;
	struct opt_list l;
	unsigned int off, j, k;
	int err = scan(tcph, avail, &l), i;

	if (err)
		return err;
	i = find_in(&l);
	if (i < 0)
		return i;
	off = l.e[i].off;
	if (sealed)
		memcpy(sealed, opt + off + NAT64_TCPOPT_SEALED_OFF, 16);
	for (j = 0, k = 0; j < l.area; j++)
		if (j < off || j >= off + NAT64_TCPOPT_LEN)
			ed->opt[k++] = opt[j];
	ed->len = (u8)k;
	ed->ours_off = 0;
	ed->flags = 0;
	finish_edit(tcph, &l, ed);
	return 0;
}

void nat64_tcpopt_apply(u8 *tcph, const struct nat64_tcpopt_edit *ed)
{
	tcph[12] = (u8)(((ed->hdrlen / 4) << 4) | (tcph[12] & 0x0f));
	memcpy(tcph + 20, ed->opt, ed->len);
}
