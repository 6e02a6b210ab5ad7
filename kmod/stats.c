// SPDX-License-Identifier: GPL-2.0
/* Per-CPU counters: lock-free increments in the packet path, summed on dump. */
#include <linux/percpu.h>
#include <linux/string.h>
#include "stats.h"

struct nat64_stats __percpu *nat64_stats_alloc(void)
{
	return alloc_percpu(struct nat64_stats);
}

void nat64_stats_free(struct nat64_stats __percpu *s)
{
	free_percpu(s);
}

void nat64_stats_sum(struct nat64_stats __percpu *s, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * NAT64_C_MAX);
	for_each_possible_cpu(cpu) {
		const struct nat64_stats *p = per_cpu_ptr(s, cpu);

		for (i = 0; i < NAT64_C_MAX; i++)
			out[i] += READ_ONCE(p->c[i]);
	}
}

/* Racy against concurrent increments by design: a reset is approximate. */
void nat64_stats_reset(struct nat64_stats __percpu *s)
{
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct nat64_stats *p = per_cpu_ptr(s, cpu);

		for (i = 0; i < NAT64_C_MAX; i++)
			WRITE_ONCE(p->c[i], 0);
	}
}
