// SPDX-License-Identifier: GPL-2.0
/* Port candidates for new mappings (see port_pick.h). */
#include "port_pick.h"

bool nat64_port_clip_class(u16 want, u16 *min, u16 *max)
{
	u16 lo = want < 1024 ? 0 : 1024;
	u16 hi = want < 1024 ? 1023 : 65535;

	if (*max < lo || *min > hi)
		return false;
	if (*min < lo)
		*min = lo;
	if (*max > hi)
		*max = hi;
	return true;
}

void nat64_port_iter_init(struct nat64_port_iter *it, u16 min, u16 max, u16 want,
			  bool parity, u32 seed)
{
	u32 first = min;

	it->stride = 1;
	if (parity && (first & 1) != (want & 1u))
		first++;
	if (parity && first <= max) {
		it->stride = 2;
	} else {
		first = min;
	}
	it->first = first;
	it->n = (max - first) / it->stride + 1;
	it->start = seed % it->n;
	it->i = 0;
}

bool nat64_port_iter_next(struct nat64_port_iter *it, u16 *port)
{
	u32 k;

	if (it->i >= it->n)
		return false;
	k = it->start + it->i++;
	if (k >= it->n)
		k -= it->n;
	*port = (u16)(it->first + k * it->stride);
	return true;
}
