/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel version shims. The module targets 6.1 and must keep building on
 * newer kernels; every #if on the kernel's version or features lives here.
 */
#ifndef NAT64_COMPAT_H
#define NAT64_COMPAT_H

#include <linux/version.h>
#include <linux/random.h>
#include <linux/skbuff.h>
#include <net/genetlink.h>

/* GSO helpers (skb_gso_validate_network_len...) moved to net/gso.h in 6.6. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
#include <net/gso.h>
#endif

/* get_random_u16() appeared in 6.1; prandom_u32() went away in 6.2. */
static inline u16 nat64_random_u16(void)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 1, 0)
	return get_random_u16();
#else
	return (u16)prandom_u32();
#endif
}

/* Forwarded packets must not carry a receive timestamp as a departure time. */
static inline void nat64_clear_tstamp(struct sk_buff *skb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(5, 18, 0)
	skb_clear_tstamp(skb);
#else
	skb->tstamp = 0;
#endif
}

/*
 * IPv4 BIG TCP (6.3+): GSO packets over 64 KiB with tot_len 0. Before it,
 * nothing may build one: a packet that would grow past 64 KiB is refused.
 */
static inline bool nat64_big_tcp4(void)
{
	return LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0);
}

/*
 * Mapping events name who held which IPv4 address and port: only
 * CAP_NET_ADMIN (in the netns's user namespace) may join their group. The
 * group flag came with 6.7 and the stable updates of December 2023 (6.1.68;
 * Debian's 6.1 has it); older kernels let any local user join, and have no
 * hook to refuse.
 */
#ifdef GENL_MCAST_CAP_NET_ADMIN
#define NAT64_MCGRP_ADMIN	.flags = GENL_MCAST_CAP_NET_ADMIN,
#else
#define NAT64_MCGRP_ADMIN
#endif

/* A dump request's parsed attributes: in genl_dumpit_info until 6.1, its genl_info since 6.2. */
static inline struct nlattr **nat64_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* NAT64_COMPAT_H */
