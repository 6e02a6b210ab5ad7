/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the netlink_*.c files: the family, handlers and helpers. */
#ifndef NAT64_NETLINK_PRIV_H
#define NAT64_NETLINK_PRIV_H

#include <net/genetlink.h>
#include <uapi/linux/nat64.h>
#include "instance.h"

extern struct genl_family nat64_genl_family;

/* Parse and validate PREFIX6/PREFIX6_LEN (rfc6052: only RFC 6052 lengths). */
int nat64_nl_prefix6(struct genl_info *info, struct nat64_prefix6 *p, bool rfc6052);
/* Parse and validate PREFIX4/PREFIX4_LEN. */
int nat64_nl_prefix4(struct genl_info *info, struct nat64_prefix4 *p);
int nat64_nl_put_prefix6(struct sk_buff *skb, const struct nat64_prefix6 *p);
int nat64_nl_put_prefix4(struct sk_buff *skb, const struct nat64_prefix4 *p);

/* Caller holds rcu_read_lock(). NULL (extack set) when the netns has no instance. */
struct nat64_instance *nat64_nl_instance_rcu(struct net *net, struct netlink_ext_ack *extack);

/* Start one NLM_F_MULTI message of a dump. */
void *nat64_nl_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);

/* One kind of list in the configuration snapshot, for nat64_nl_dump_config(). */
struct nat64_nl_list {
	unsigned int (*count)(const struct nat64_config *c, int kind);
	int (*put)(struct sk_buff *skb, const struct nat64_config *c, int kind, unsigned int i);
	bool need_nat64;	/* only an instance in mode nat64 has this list */
};
int nat64_nl_dump_config(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
			 const struct nat64_nl_list *list, int kind);

/* netlink_info.c */
int nat64_nl_instance_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_instance_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_instance_get(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_settings_set(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_settings_get(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_stats_get(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_stats_reset(struct sk_buff *skb, struct genl_info *info);

/* netlink_lists.c */
int nat64_nl_prefix_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_prefix_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_prefix_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_eam_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_eam_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_eam_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_pool6791_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_pool6791_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_pool6791_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_deny_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_deny_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_deny_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_flush(struct sk_buff *skb, struct genl_info *info);

/* netlink_pool4.c: stateful NAT64 pool4, helpers shared with netlink_nat64.c and netlink_opt.c */
/* NAT64_A_PROTO: tcp, udp or icmp; absent gives 0 unless required. */
int nat64_nl_proto(struct genl_info *info, u8 *proto, bool required);
/* 0 in mode nat64, else -EOPNOTSUPP with an extack message. */
int nat64_nl_require_nat64(const struct nat64_config *c, struct netlink_ext_ack *extack);
/*
 * An IPv4 address belongs to the stateful engine (pool4) or to the TCP option
 * mode (optpool), not both: 0 if p overlaps no prefix of the other engine's
 * list (optpool when to_pool4, else pool4), else -EEXIST with an extack message.
 */
int nat64_nl_engines_disjoint(const struct nat64_config *c, const struct nat64_prefix4 *p,
			      bool to_pool4, struct netlink_ext_ack *extack);
int nat64_nl_pool4_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_pool4_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_pool4_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_pool4_flush(struct genl_info *info);

/* netlink_settings64.c: the stateful settings of SETTINGS_SET. */
bool nat64_nl_settings_stateful_given(struct nlattr **tb);
int nat64_nl_settings_stateful(struct nat64_config *c, struct nlattr **tb,
			       struct netlink_ext_ack *extack);

/* netlink_nat64.c: BIB, sessions, counts, events (the engine's tables). */
int nat64_nl_put_counts(struct sk_buff *msg, const struct nat64_instance *inst);
int nat64_nl_bib_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_bib_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_bib_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* After a pool4 delete or flush: drop the mappings pool4 no longer covers. */
void nat64_nl_pool4_changed(struct net *net);
/* FLUSH of NAT64_LIST_BIB or NAT64_LIST_SESSION. */
int nat64_nl_state_flush(struct genl_info *info, u8 list);

/* netlink_opt.c: TCP state in the packet (keys, option lists, settings). */
int nat64_nl_key_set(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_key_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_key_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_mapkey_set(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optpool_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optpool_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optpool_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_optclient_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optclient_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optclient_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_optdest_add(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optdest_del(struct sk_buff *skb, struct genl_info *info);
int nat64_nl_optdest_dump(struct sk_buff *skb, struct netlink_callback *cb);
/* FLUSH of NAT64_LIST_OPTPOOL, OPTCLIENT, OPTDEST and HOSTFLOW. */
int nat64_nl_opt_flush(struct genl_info *info, u8 list);
bool nat64_nl_settings_opt_given(struct nlattr **tb);
int nat64_nl_settings_opt(struct nat64_config *c, struct nlattr **tb,
			  struct netlink_ext_ack *extack);
/* SETTINGS_GET and INSTANCE_GET additions of modes nat64 and host. */
int nat64_nl_put_settings_opt(struct sk_buff *msg, const struct nat64_config *c);
int nat64_nl_put_counts_opt(struct sk_buff *msg, const struct nat64_instance *inst);

/* netlink_hostflow.c: host role flows. Caller holds rcu_read_lock() for count. */
u32 nat64_nl_hostflow_count(const struct nat64_instance *inst);
int nat64_nl_hostflow_dump(struct sk_buff *skb, struct netlink_callback *cb);
int nat64_nl_hostflow_flush(struct genl_info *info);

#endif /* NAT64_NETLINK_PRIV_H */
