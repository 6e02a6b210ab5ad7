/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Port (or ICMP identifier) candidates for a new mapping, RFC 6056
 * algorithm 3 flavour: a keyed hash of the inside endpoint picks where the
 * walk starts, a per-table counter moves it on between allocations, and
 * the walk visits every port of the range once. Parity of the inside port
 * is kept (RFC 4787 section 4.2.2), as is its range (section 4.2.1):
 * 0-1023 stays in 0-1023 and 1024-65535 in 1024-65535. Pure arithmetic;
 * the caller checks each candidate against its table.
 */
#ifndef NAT64_CORE_PORT_PICK_H
#define NAT64_CORE_PORT_PICK_H

#include "types.h"

struct nat64_port_iter {
	u32 first;	/* smallest candidate */
	u32 stride;	/* 1, or 2 when parity is kept */
	u32 n;		/* number of candidates */
	u32 start;	/* index of the first one visited */
	u32 i;		/* visited so far */
};

/*
 * Clip [*min, *max] to the RFC 6146 range class of want (0-1023 or
 * 1024-65535). False when nothing is left.
 */
bool nat64_port_clip_class(u16 want, u16 *min, u16 *max);

/*
 * Candidates in [min, max] (min <= max), with the parity of want when
 * parity is true (falls back to any parity if the range holds none).
 * seed: keyed hash of the inside endpoint plus the table's counter.
 */
void nat64_port_iter_init(struct nat64_port_iter *it, u16 min, u16 max, u16 want,
			  bool parity, u32 seed);
/* Next candidate; false when every one has been visited. */
bool nat64_port_iter_next(struct nat64_port_iter *it, u16 *port);

#endif /* NAT64_CORE_PORT_PICK_H */
