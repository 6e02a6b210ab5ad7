// SPDX-License-Identifier: GPL-2.0
/* Counter names, generated from the single list in counters.h. */
#include "types.h"
#include "counters.h"

const char *const nat64_counter_names[NAT64_C_MAX] = {
#define NAT64_X_NAME(id, name) [NAT64_C_##id] = name,
	NAT64_COUNTERS(NAT64_X_NAME)
#undef NAT64_X_NAME
};
