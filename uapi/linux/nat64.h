/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * nat64: generic netlink API shared by nat64.ko and nat64ctl.
 *
 * One translator instance per network namespace. Every request is handled in
 * the namespace of the requesting socket. Changes need CAP_NET_ADMIN in that
 * namespace's user namespace.
 *
 * Addresses travel in network byte order: IPv6 as 16 raw bytes, IPv4 as 4 raw
 * bytes (NLA_BINARY of exact length). Prefix lengths are u8.
 */
#ifndef _UAPI_LINUX_NAT64_H
#define _UAPI_LINUX_NAT64_H

#define NAT64_GENL_NAME		"nat64"
#define NAT64_GENL_VERSION	1
#define NAT64_GENL_MCGRP	"nat64_events"

enum nat64_cmd {
	NAT64_CMD_UNSPEC,

	NAT64_CMD_INSTANCE_ADD,		/* [MODE] */
	NAT64_CMD_INSTANCE_DEL,
	NAT64_CMD_INSTANCE_GET,		/* doit: MODE, counts of each table */

	NAT64_CMD_PREFIX_ADD,		/* PREFIX6, PREFIX6_LEN */
	NAT64_CMD_PREFIX_DEL,		/* PREFIX6, PREFIX6_LEN */
	NAT64_CMD_PREFIX_GET,		/* dump */

	NAT64_CMD_EAM_ADD,		/* PREFIX6, PREFIX6_LEN, PREFIX4, PREFIX4_LEN */
	NAT64_CMD_EAM_DEL,		/* PREFIX6+LEN or PREFIX4+LEN (either side) */
	NAT64_CMD_EAM_GET,		/* dump */

	NAT64_CMD_POOL6791_ADD,		/* PREFIX4, PREFIX4_LEN */
	NAT64_CMD_POOL6791_DEL,
	NAT64_CMD_POOL6791_GET,		/* dump */

	NAT64_CMD_DENY_ADD,		/* PREFIX4, PREFIX4_LEN */
	NAT64_CMD_DENY_DEL,
	NAT64_CMD_DENY_GET,		/* dump */

	NAT64_CMD_SETTINGS_SET,		/* any subset of the settings attributes */
	NAT64_CMD_SETTINGS_GET,		/* doit: all settings attributes */

	NAT64_CMD_STATS_GET,		/* doit: STATS (nested list of STAT) */
	NAT64_CMD_STATS_RESET,

	/* Flush a whole list: ATTR LIST selects which (enum nat64_list). */
	NAT64_CMD_FLUSH,

	__NAT64_CMD_MAX,
};
#define NAT64_CMD_MAX (__NAT64_CMD_MAX - 1)

enum nat64_mode {
	NAT64_MODE_SIIT = 0,		/* stateless, RFC 7915 */
	NAT64_MODE_NAT64 = 1,		/* stateful, RFC 6146 (later) */
};

enum nat64_list {
	NAT64_LIST_PREFIX = 1,
	NAT64_LIST_EAM,
	NAT64_LIST_POOL6791,
	NAT64_LIST_DENY,
};

enum nat64_udp_zero_csum {
	NAT64_UDP_ZERO_CSUM_COMPUTE = 0,	/* compute it (default) */
	NAT64_UDP_ZERO_CSUM_DROP = 1,		/* drop and count */
};

enum nat64_attr {
	NAT64_A_UNSPEC,
	NAT64_A_PAD,

	NAT64_A_MODE,			/* u8, enum nat64_mode */
	NAT64_A_PREFIX6,		/* binary, 16 bytes */
	NAT64_A_PREFIX6_LEN,		/* u8 */
	NAT64_A_PREFIX4,		/* binary, 4 bytes */
	NAT64_A_PREFIX4_LEN,		/* u8 */
	NAT64_A_LIST,			/* u8, enum nat64_list */

	/* Settings. */
	NAT64_A_TOS_OVERRIDE,		/* s16: -1 copy traffic class, 0..255 value */
	NAT64_A_TCLASS_OVERRIDE,	/* s16: -1 copy TOS, 0..255 value */
	NAT64_A_UDP_ZERO_CSUM,		/* u8, enum nat64_udp_zero_csum */
	NAT64_A_LOWEST_IPV6_MTU,	/* u32, 1280..65535: size of IPv6 fragments made from DF=0 IPv4 */
	NAT64_A_ENABLED,		/* u8 flag 0/1: translate or pass through */

	/* Instance info. */
	NAT64_A_COUNT_PREFIX,		/* u32 */
	NAT64_A_COUNT_EAM,		/* u32 */
	NAT64_A_COUNT_POOL6791,		/* u32 */
	NAT64_A_COUNT_DENY,		/* u32 */

	/* Counters. */
	NAT64_A_STATS,			/* nested: NAT64_A_STAT* */
	NAT64_A_STAT,			/* nested: NAT64_STAT_A_* */

	__NAT64_A_MAX,
};
#define NAT64_A_MAX (__NAT64_A_MAX - 1)

enum nat64_stat_attr {
	NAT64_STAT_A_UNSPEC,
	NAT64_STAT_A_PAD,
	NAT64_STAT_A_NAME,		/* string, e.g. "drop_ttl_expired" */
	NAT64_STAT_A_VALUE,		/* u64 */
	__NAT64_STAT_A_MAX,
};
#define NAT64_STAT_A_MAX (__NAT64_STAT_A_MAX - 1)

/* Limits (also enforced by the kernel, reported through extack). */
#define NAT64_MAX_PREFIXES	16
#define NAT64_MAX_EAM		8192
#define NAT64_MAX_POOL6791	64
#define NAT64_MAX_DENY		1024

#endif /* _UAPI_LINUX_NAT64_H */
