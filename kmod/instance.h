/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per network namespace state. A namespace has at most one translator
 * instance; netfilter hooks exist only while it does.
 */
#ifndef NAT64_INSTANCE_H
#define NAT64_INSTANCE_H

#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/netns/generic.h>
#include "config.h"
#include "stats.h"

struct nat64_state;

struct nat64_instance {
	struct net *net;
	struct nat64_config __rcu *cfg;
	struct nat64_stats __percpu *stats;
	struct nat64_state *state;	/* stateful tables (mode nat64), else NULL; kmod/nat/ */
	struct nat64_host_table *host;	/* host role flows (mode host), else NULL; kmod/opt/ */
	struct rcu_head rcu;
};

struct nat64_pernet {
	struct mutex lock;		/* serialises every configuration change */
	struct nat64_instance __rcu *inst;
};

extern unsigned int nat64_net_id;

static inline struct nat64_pernet *nat64_pernet(const struct net *net)
{
	return net_generic(net, nat64_net_id);
}

/* Packet path: caller holds rcu_read_lock(). NULL when no instance. */
static inline struct nat64_instance *nat64_instance_rcu(const struct net *net)
{
	return rcu_dereference(nat64_pernet(net)->inst);
}

int nat64_instance_add(struct net *net, u8 mode, struct netlink_ext_ack *extack);
int nat64_instance_del(struct net *net, struct netlink_ext_ack *extack);

/* Config path: caller holds pn->lock. NULL (with extack) when no instance. */
struct nat64_instance *nat64_instance_locked(struct net *net, struct netlink_ext_ack *extack);

/*
 * Change the configuration: under the namespace's mutex, clone the current
 * snapshot, let fn edit the clone (return 0 or -errno with extack set),
 * fix it up and publish it. The old snapshot is freed after a grace period.
 */
typedef int (*nat64_config_edit_fn)(struct nat64_config *c, void *arg,
				    struct netlink_ext_ack *extack);
int nat64_config_edit(struct net *net, nat64_config_edit_fn fn, void *arg,
		      struct netlink_ext_ack *extack);

int nat64_pernet_init(void);
void nat64_pernet_exit(void);

#endif /* NAT64_INSTANCE_H */
