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

#endif /* NAT64_NETLINK_PRIV_H */
