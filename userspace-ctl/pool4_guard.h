/* SPDX-License-Identifier: GPL-2.0 */
/* pool4 add safety: keep pool4 ranges off this host's own ephemeral and listening ports. */
#ifndef NAT64CTL_POOL4_GUARD_H
#define NAT64CTL_POOL4_GUARD_H

#include "nat64ctl.h"

struct pool4_guard_req {
	struct pfx4 p;
	uint8_t proto;		/* 0: every protocol */
	bool has_range;
	uint16_t min, max;
	bool force;		/* the operator's override: nothing is checked */
};

/*
 * EXIT_OK when the request may go to the kernel (maybe after a warning),
 * EXIT_USAGE after explaining why not. argc/argv: the words after
 * "pool4 add", echoed in the message.
 */
int pool4_guard(const struct pool4_guard_req *r, int argc, char **argv);

#endif /* NAT64CTL_POOL4_GUARD_H */
