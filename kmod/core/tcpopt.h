/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP option list handling for option mode (Documentation/tcp-option-state.rst,
 * "Option space"): find, neutralise, insert and remove our option.
 *
 * Functions take the TCP header (tcph) and how many bytes of it the caller
 * can read (avail, >= the doff length). Offsets are from the start of the
 * TCP header. Nothing here touches the checksum field: edits report the one's
 * complement delta and the caller applies it (see nat64_tcpopt_csum_apply).
 *
 * Checksum alignment: the TCP header is where the TCP checksum coverage
 * starts and its option area begins at offset 20, so both are at even
 * offsets and their 16-bit words line up. Area lengths are multiples of 4,
 * so the payload moves by a multiple of 4 and its sum does not change.
 */
#ifndef NAT64_CORE_TCPOPT_H
#define NAT64_CORE_TCPOPT_H

#include "types.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#else
#include <errno.h>
#endif

#define NAT64_TCPOPT_KIND	253	/* shared experimental (RFC 6994) */
#define NAT64_TCPOPT_EXID	0x6464
#define NAT64_TCPOPT_LEN	20	/* kind, len, ExID, 16-byte sealed block */
#define NAT64_TCPOPT_SEALED_OFF	4	/* sealed block offset inside the option */
#define NAT64_TCPOPT_SPACE	40	/* max option area (doff 15) */

/* What an edit did; each has a counter. */
#define NAT64_TCPOPT_F_TS_STRIPPED	0x01	/* SYN: timestamps option removed */
#define NAT64_TCPOPT_F_SACK_TRIMMED	0x02	/* SACK blocks dropped (or the SACK option) */
#define NAT64_TCPOPT_F_OURS_DROPPED	0x04	/* an option with our ExID was removed */

/* A new option area for a header, built by insert/remove. */
struct nat64_tcpopt_edit {
	u8 opt[NAT64_TCPOPT_SPACE];
	u8 old_len;	/* option area length before */
	u8 len;		/* after: multiple of 4, <= 40 */
	u8 hdrlen;	/* new TCP header length: 20 + len */
	u8 ours_off;	/* insert: offset of our option in the new header */
	u8 flags;	/* NAT64_TCPOPT_F_* */
	/*
	 * One's complement delta (partial sum, new minus old) of the TCP header
	 * bytes this edit changes: the data offset word and the option area.
	 * The caller adds the pseudo-header length change (len - old_len).
	 */
	u32 csum_delta;
};

/* Option area length (doff * 4 - 20), or -EINVAL (doff < 5 or > avail). */
int nat64_tcpopt_area_len(const u8 *tcph, unsigned int avail);

/*
 * Validate the option list: every option but EOL/NOP has a length byte >= 2
 * that stays inside the area; SACK is 2 + 8n bytes (n = 1..4) and appears at
 * most once. Bytes after EOL are padding and are not parsed. 0 or -EINVAL.
 */
int nat64_tcpopt_check(const u8 *tcph, unsigned int avail);

/* 40 minus the current option area length, or -EINVAL. */
int nat64_tcpopt_room(const u8 *tcph, unsigned int avail);

/*
 * Our option: offset of its kind byte, or -ENOENT (none), -EINVAL (malformed
 * list), -EBADMSG (our ExID with a length other than 20, or more than one:
 * treat as forged).
 */
int nat64_tcpopt_find(const u8 *tcph, unsigned int avail);

/*
 * Overwrite every option with our kind and ExID (any length) with NOPs.
 * Returns how many, or -EINVAL (then nothing was written). *csum_delta (may
 * be NULL) receives the checksum delta of the change.
 */
int nat64_tcpopt_neutralise(u8 *tcph, unsigned int avail, u32 *csum_delta);

/* Build our 20-byte option around a sealed block. */
void nat64_tcpopt_build(u8 opt[NAT64_TCPOPT_LEN], const u8 sealed[16]);

/*
 * Make room and insert our option (sealed block given). The new area is the
 * old options minus NOP/EOL padding and minus any option with our ExID, on a
 * SYN also minus timestamps; SACK keeps at most 2 blocks (fewer, or none,
 * only if that is what it takes to fit). Then our option, then EOL/zero
 * padding to a multiple of 4. Returns 0, -EINVAL (malformed) or -ENOSPC (no
 * room: fall back to the stateful table for a SYN). tcph is not modified.
 */
int nat64_tcpopt_insert(const u8 *tcph, unsigned int avail, const u8 sealed[16],
			struct nat64_tcpopt_edit *ed);

/*
 * Remove our option (gateway, reply direction): the area with its 20 bytes
 * cut out, so the header shrinks by 20 and stays a multiple of 4. Copies the
 * sealed block to sealed (may be NULL). Returns 0 or find()'s errors.
 */
int nat64_tcpopt_remove(const u8 *tcph, unsigned int avail, u8 sealed[16],
			struct nat64_tcpopt_edit *ed);

/*
 * Write an edit into a header: data offset and option area. The caller has
 * already made the header ed->hdrlen long (moved the payload).
 */
void nat64_tcpopt_apply(u8 *tcph, const struct nat64_tcpopt_edit *ed);

/* Delta (new minus old) of two option areas, both at TCP header offset 20. */
u32 nat64_tcpopt_csum_delta(const u8 *old_opt, unsigned int old_len,
			    const u8 *new_opt, unsigned int new_len);

/*
 * New checksum field from the old one and a delta (RFC 1624). Only for a
 * checksum over the full segment: with CHECKSUM_PARTIAL the field holds the
 * pseudo-header sum alone and only the length change applies.
 */
__sum16 nat64_tcpopt_csum_apply(__sum16 check, u32 delta);

#endif /* NAT64_CORE_TCPOPT_H */
