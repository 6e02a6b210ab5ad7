/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An instance's configuration: an immutable snapshot read under RCU by the
 * packet path. Changes build a new snapshot under the per-netns mutex and
 * publish it with rcu_assign_pointer(); the old one is freed after a grace
 * period.
 */
#ifndef NAT64_CONFIG_H
#define NAT64_CONFIG_H

#include <linux/rcupdate.h>
#include "core/addr.h"
#include "core/hdr.h"
#include "core/optseal.h"

/* One IPv4 pool range: addresses of p4, ports port_min..port_max, one protocol. */
struct nat64_pool4_entry {
	struct nat64_prefix4 p4;
	u8 proto;			/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
	u16 port_min;
	u16 port_max;
};

struct nat64_config {
	struct rcu_head rcu;
	u8 mode;			/* enum nat64_mode */
	bool enabled;
	struct nat64_hdr_cfg hdr;
	u8 udp_zero_csum;		/* enum nat64_udp_zero_csum */
	u32 lowest_ipv6_mtu;
	bool local_translation;		/* POSTROUTING: translate this host's own packets */

	struct nat64_prefix6 *prefixes;
	unsigned int nr_prefixes;
	struct nat64_eam *eam6;		/* sorted for IPv6 lookups */
	struct nat64_eam *eam4;		/* the same entries sorted for IPv4 lookups */
	unsigned int nr_eam;
	struct nat64_prefix4 *pool6791;
	unsigned int nr_pool6791;
	u8 pool6791_fallback;		/* enum nat64_pool6791_fallback */
	/* RFC 6052 prefix for the source of ICMPv6 errors from unmappable IPv4 sources. */
	struct nat64_prefix6 pool6791v6;	/* len 0: none */
	u8 eam_hairpin;			/* enum nat64_eam_hairpin */
	struct nat64_prefix4 *deny;
	unsigned int nr_deny;

	struct nat64_addrmap map;	/* views of the arrays above */

	/* Stateful NAT64 (mode NAT64_MODE_NAT64). */
	struct nat64_pool4_entry *pool4;
	unsigned int nr_pool4;
	u32 ttl_tcp_est;		/* seconds */
	u32 ttl_tcp_trans;
	u32 ttl_udp;
	u32 ttl_icmp;
	u32 ttl_syn_hold;
	u8 filtering;			/* enum nat64_filtering */
	bool filter_icmp_reply;
	bool drop_external_tcp;
	u32 max_bib;
	u32 max_sessions;
	u32 max_held_syn;
	bool log_mappings;
	bool preserve_port;		/* new mappings keep the client's port when free */

	/* TCP state in the packet (gateway side). */
	bool tcp_option_mode;
	u8 key_present;			/* bit per slot */
	u8 key_active;			/* slot sealing new options */
	struct nat64_optseal_key seal[2];
	u64 key_id[2];			/* fingerprints shown to operators */
	bool mapkey_set;
	struct nat64_siphash_key mapkey;
	struct nat64_prefix4 *optpool;
	unsigned int nr_optpool;
	struct nat64_prefix6 *optclient;	/* order is part of the option format */
	unsigned int nr_optclient;
	struct nat64_prefix4 *optdest;
	unsigned int nr_optdest;

	/* Host role. */
	u32 host_idle_timeout;		/* seconds */
	u32 host_max_flows;		/* host role cap; 0: NAT64_HOST_MAX_FLOWS (opt/opt.h) */
};

struct nat64_config *nat64_config_new(void);
/* Deep copy; the copy's arrays have room for one more entry each. */
struct nat64_config *nat64_config_clone(const struct nat64_config *old);
/* Re-sort, rebuild map views. Call after changing arrays, before publishing. */
int nat64_config_fixup(struct nat64_config *c);
void nat64_config_free(struct nat64_config *c);
/* Free after an RCU grace period. */
void nat64_config_free_rcu(struct nat64_config *c);

#endif /* NAT64_CONFIG_H */
