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

	/* Stateful NAT64 (RFC 6146). */
	NAT64_CMD_POOL4_ADD,		/* PREFIX4, PREFIX4_LEN, PROTO, PORT_MIN, PORT_MAX */
	NAT64_CMD_POOL4_DEL,		/* PREFIX4, PREFIX4_LEN, [PROTO], [PORT_MIN, PORT_MAX] */
	NAT64_CMD_POOL4_GET,		/* dump */
	NAT64_CMD_BIB_ADD,		/* requested mapping: PROTO, ADDR6, PORT6,
					 * [ADDR4 [PORT4]] or [PREFIX4, PREFIX4_LEN [PORT_MIN, PORT_MAX]],
					 * [LIFETIME], [PEERS]; reply carries the mapping */
	NAT64_CMD_BIB_DEL,		/* PROTO and ADDR6+PORT6 or ADDR4+PORT4 */
	NAT64_CMD_BIB_GET,		/* dump, [PROTO] */
	NAT64_CMD_SESSION_GET,		/* dump, [PROTO] */
	NAT64_CMD_EVENT,		/* multicast: EVENT_TYPE, TIME, PROTO, ADDR6, PORT6, ADDR4, PORT4 */

	/* TCP state in the packet (Documentation/tcp-option-state.rst). */
	NAT64_CMD_KEY_SET,		/* KEY_SLOT, KEY [, KEY_ACTIVE]: a sealing key */
	NAT64_CMD_KEY_DEL,		/* KEY_SLOT (not the active one) */
	NAT64_CMD_KEY_GET,		/* dump: per live slot KEY_SLOT, KEY_ACTIVE, KEY_ID, then
				 * the mapping key's KEY_ID alone (never key material) */
	NAT64_CMD_MAPKEY_SET,		/* KEY: the mapping key (X' -> pool address) */
	NAT64_CMD_OPTPOOL_ADD,		/* PREFIX4, PREFIX4_LEN: the option pool */
	NAT64_CMD_OPTPOOL_DEL,
	NAT64_CMD_OPTPOOL_GET,		/* dump */
	NAT64_CMD_OPTCLIENT_ADD,	/* PREFIX6, PREFIX6_LEN (40..128): client prefixes */
	NAT64_CMD_OPTCLIENT_DEL,
	NAT64_CMD_OPTCLIENT_GET,	/* dump, in order (the order is part of the format) */
	NAT64_CMD_OPTDEST_ADD,		/* PREFIX4, PREFIX4_LEN: servers running the host role */
	NAT64_CMD_OPTDEST_DEL,
	NAT64_CMD_OPTDEST_GET,		/* dump */
	NAT64_CMD_HOSTFLOW_GET,		/* host role: dump of connections holding an option:
				 * REMOTE4, REMOTE_PORT4 (T:t), ADDR4, PORT4 (Z:z),
				 * OPTION, EXPIRES, TCP_STATE (TRANS when closing) */

	__NAT64_CMD_MAX,
};
#define NAT64_CMD_MAX (__NAT64_CMD_MAX - 1)

enum nat64_mode {
	NAT64_MODE_SIIT = 0,		/* stateless, RFC 7915 */
	NAT64_MODE_NAT64 = 1,		/* stateful, RFC 6146 (+ TCP option mode when keyed) */
	NAT64_MODE_HOST = 2,		/* IPv4 server: strips and re-affixes the TCP option */
};

enum nat64_list {
	NAT64_LIST_PREFIX = 1,
	NAT64_LIST_EAM,
	NAT64_LIST_POOL6791,
	NAT64_LIST_DENY,
	NAT64_LIST_POOL4,
	NAT64_LIST_BIB,			/* dynamic and requested mappings (and their sessions) */
	NAT64_LIST_SESSION,		/* sessions only */
	NAT64_LIST_OPTPOOL,
	NAT64_LIST_OPTCLIENT,
	NAT64_LIST_OPTDEST,
	NAT64_LIST_HOSTFLOW,
};

enum nat64_filtering {
	NAT64_FILTER_ENDPOINT_INDEPENDENT = 0,	/* RFC 6146 default */
	NAT64_FILTER_ADDRESS_DEPENDENT = 1,
};

enum nat64_event_type {
	NAT64_EVENT_MAPPING_ADD = 1,
	NAT64_EVENT_MAPPING_DEL = 2,
};

/* RFC 6146 3.5.2 TCP states, as reported in session dumps. */
enum nat64_tcp_state {
	NAT64_TCP_CLOSED = 0,
	NAT64_TCP_V6_INIT,
	NAT64_TCP_V4_INIT,
	NAT64_TCP_ESTABLISHED,
	NAT64_TCP_V6_FIN_RCV,
	NAT64_TCP_V4_FIN_RCV,
	NAT64_TCP_V6_FIN_V4_FIN,
	NAT64_TCP_TRANS,
};

enum nat64_udp_zero_csum {
	NAT64_UDP_ZERO_CSUM_COMPUTE = 0,	/* compute it (default) */
	NAT64_UDP_ZERO_CSUM_DROP = 1,		/* drop and count */
};

/* ICMPv6 errors from IPv6 sources with no IPv4 mapping, RFC 6791 pool empty. */
enum nat64_pool6791_fallback {
	NAT64_POOL6791_OWN_ADDRESS = 0,	/* this host's address on the IPv4 egress (default) */
	NAT64_POOL6791_DROP = 1,	/* drop and count */
};

/* RFC 7757 4 and appendix B: IPv6 to IPv6 through an EAM and a prefix. */
enum nat64_eam_hairpin {
	NAT64_EAM_HAIRPIN_OFF = 0,	/* translated to IPv4 and routed as such */
	NAT64_EAM_HAIRPIN_SIMPLE = 1,	/* IPv4 sources never through an EAM */
	NAT64_EAM_HAIRPIN_INTRINSIC = 2, /* detected and turned around here (default) */
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

	/* Stateful NAT64. */
	NAT64_A_PROTO,			/* u8: IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP */
	NAT64_A_PORT_MIN,		/* u16 (ICMP: identifier) */
	NAT64_A_PORT_MAX,		/* u16 */
	NAT64_A_ADDR6,			/* binary, 16 bytes: inside IPv6 host (X') */
	NAT64_A_PORT6,			/* u16 (x) */
	NAT64_A_ADDR4,			/* binary, 4 bytes: pool address (T) */
	NAT64_A_PORT4,			/* u16 (t) */
	NAT64_A_REMOTE6,		/* binary, 16: remote as seen from IPv6 (Y') */
	NAT64_A_REMOTE_PORT6,		/* u16 */
	NAT64_A_REMOTE4,		/* binary, 4: remote IPv4 host (Z) */
	NAT64_A_REMOTE_PORT4,		/* u16 */
	NAT64_A_LIFETIME,		/* u32 seconds, 0 = permanent (requested mappings) */
	NAT64_A_EXPIRES,		/* u32 milliseconds left (dumps); 0 = never */
	NAT64_A_STATIC,			/* u8: 1 = requested mapping */
	NAT64_A_PEERS,			/* nested: NAT64_A_PEER* */
	NAT64_A_PEER,			/* nested: PREFIX4, PREFIX4_LEN */
	NAT64_A_TCP_STATE,		/* u8, enum nat64_tcp_state */
	NAT64_A_TTL_TCP_EST,		/* u32 seconds (default 7440) */
	NAT64_A_TTL_TCP_TRANS,		/* u32 seconds (default 240) */
	NAT64_A_TTL_UDP,		/* u32 seconds (default 300, at least 120) */
	NAT64_A_TTL_ICMP,		/* u32 seconds (default 60) */
	NAT64_A_TTL_SYN_HOLD,		/* u32 seconds (default 6) */
	NAT64_A_FILTERING,		/* u8, enum nat64_filtering */
	NAT64_A_FILTER_ICMP_REPLY,	/* u8 0/1: answer filtered packets with ICMP admin prohibited */
	NAT64_A_DROP_EXTERNAL_TCP,	/* u8 0/1: drop every externally initiated TCP connection */
	NAT64_A_MAX_BIB,		/* u32 cap on mapping entries (all protocols) */
	NAT64_A_MAX_SESSIONS,		/* u32 cap on session entries */
	NAT64_A_MAX_HELD_SYN,		/* u32 cap on IPv4 SYNs held for simultaneous open */
	NAT64_A_LOG_MAPPINGS,		/* u8 0/1: send NAT64_CMD_EVENT on mapping add/delete */
	NAT64_A_EVENT_TYPE,		/* u8, enum nat64_event_type */
	NAT64_A_TIME,			/* u64 nanoseconds since the epoch */
	NAT64_A_COUNT_POOL4,		/* u32 */
	NAT64_A_COUNT_BIB,		/* u32 */
	NAT64_A_COUNT_SESSION,		/* u32 */

	/* TCP state in the packet. */
	NAT64_A_KEY_SLOT,		/* u8: 0 or 1 */
	NAT64_A_KEY,			/* binary, 32 bytes */
	NAT64_A_KEY_ACTIVE,		/* u8 0/1 */
	NAT64_A_KEY_ID,			/* u64: a fingerprint of the key, for comparing gateways */
	NAT64_A_TCP_OPTION_MODE,	/* u8 0/1: TCP to OPTDEST servers in option mode */
	NAT64_A_HOST_IDLE_TIMEOUT,	/* u32 seconds: host role forgets idle connections */
	NAT64_A_OPTION,			/* binary, 20 bytes: the option a host holds (dumps) */
	NAT64_A_COUNT_OPTPOOL,		/* u32 */
	NAT64_A_COUNT_OPTCLIENT,	/* u32 */
	NAT64_A_COUNT_OPTDEST,		/* u32 */
	NAT64_A_COUNT_HOSTFLOW,		/* u32 */
	NAT64_A_HOST_MAX_FLOWS,		/* u32 1 .. 2^24: connections a host remembers */
	NAT64_A_COUNT_BUCKETS,		/* u32: hash buckets of the stateful tables (8 bytes each) */
	NAT64_A_LOCAL_TRANSLATION,	/* u8 0/1: translate packets this host generates (POSTROUTING) */
	NAT64_A_PRESERVE_PORT,		/* u8 0/1: a new mapping keeps the client's port when free */
	NAT64_A_POOL6791_FALLBACK,	/* u8 enum nat64_pool6791_fallback: pool6791 empty */
	NAT64_A_POOL6791V6,		/* binary, 16 bytes: source prefix for ICMPv6 errors ... */
	NAT64_A_POOL6791V6_LEN,		/* u8: ... from unmappable IPv4 sources; 0 = none */
	NAT64_A_EAM_HAIRPIN,		/* u8 enum nat64_eam_hairpin */

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
#define NAT64_MAX_POOL4		1024
#define NAT64_MAX_OPTPOOL	256
#define NAT64_MAX_OPTCLIENT	256	/* the prefix index is 8 bits */
#define NAT64_MAX_OPTDEST	1024

#endif /* _UAPI_LINUX_NAT64_H */
