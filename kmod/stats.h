/* SPDX-License-Identifier: GPL-2.0 */
/* Per-CPU counters, summed when dumped. */
#ifndef NAT64_STATS_H
#define NAT64_STATS_H

#include <linux/percpu.h>
#include "core/counters.h"

struct nat64_stats {
	u64 c[NAT64_C_MAX];
};

struct nat64_stats __percpu *nat64_stats_alloc(void);
void nat64_stats_free(struct nat64_stats __percpu *s);
/* Sum over CPUs into out[NAT64_C_MAX]. */
void nat64_stats_sum(struct nat64_stats __percpu *s, u64 *out);
void nat64_stats_reset(struct nat64_stats __percpu *s);

static inline void nat64_stat_inc(struct nat64_stats __percpu *s, enum nat64_counter c)
{
	this_cpu_inc(s->c[c]);
}

#endif /* NAT64_STATS_H */
