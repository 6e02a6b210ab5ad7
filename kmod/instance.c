// SPDX-License-Identifier: GPL-2.0
/*
 * Per network namespace instances. The pernet mutex serialises
 * configuration changes; the packet path only ever sees fully built
 * instances and configuration snapshots through RCU.
 */
#include <linux/slab.h>
#include <net/netns/generic.h>
#include <uapi/linux/nat64.h>
#include "instance.h"
#include "hooks.h"
#include "nat/state.h"
#include "opt/opt.h"

unsigned int nat64_net_id __read_mostly;

struct nat64_instance *nat64_instance_locked(struct net *net, struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	inst = rcu_dereference_protected(pn->inst, lockdep_is_held(&pn->lock));
	if (!inst)
		NL_SET_ERR_MSG_MOD(extack,
				   "no nat64 instance in this network namespace (nat64ctl instance add)");
	return inst;
}

/* Stateful tables (if any) must be stopped and unreachable: process context then. */
static void instance_free(struct nat64_instance *inst)
{
	nat64_state_destroy(inst);
	nat64_host_destroy(inst);	/* TCP state in the packet: host role */
	nat64_config_free(rcu_dereference_protected(inst->cfg, 1));
	nat64_stats_free(inst->stats);
	kfree(inst);
}

static void instance_free_rcu(struct rcu_head *head)
{
	instance_free(container_of(head, struct nat64_instance, rcu));
}

int nat64_instance_add(struct net *net, u8 mode, struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;
	struct nat64_config *cfg;
	int err;

	if (mode != NAT64_MODE_SIIT && mode != NAT64_MODE_NAT64 && mode != NAT64_MODE_HOST) {
		NL_SET_ERR_MSG_MOD(extack, "unknown mode (siit, nat64 or host)");
		return -EINVAL;
	}

	mutex_lock(&pn->lock);
	if (rcu_access_pointer(pn->inst)) {
		NL_SET_ERR_MSG_MOD(extack, "this network namespace already has a nat64 instance");
		err = -EEXIST;
		goto unlock;
	}
	err = -ENOMEM;
	inst = kzalloc(sizeof(*inst), GFP_KERNEL);
	if (!inst)
		goto unlock;
	inst->net = net;
	inst->stats = nat64_stats_alloc();
	cfg = nat64_config_new();
	if (!inst->stats || !cfg) {
		nat64_config_free(cfg);
		nat64_stats_free(inst->stats);
		kfree(inst);
		goto unlock;
	}
	cfg->mode = mode;
	RCU_INIT_POINTER(inst->cfg, cfg);
	if (mode == NAT64_MODE_NAT64 && nat64_state_create(inst)) {
		instance_free(inst);
		goto unlock;
	}
	if (mode == NAT64_MODE_HOST && nat64_host_create(inst)) {	/* kmod/opt/ */
		instance_free(inst);
		goto unlock;
	}
	/* Publish before the hooks exist so they never see a NULL instance. */
	rcu_assign_pointer(pn->inst, inst);
	err = nat64_hooks_register(net);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "could not register netfilter hooks");
		RCU_INIT_POINTER(pn->inst, NULL);
		nat64_state_stop(inst);
		nat64_host_stop(inst);
		synchronize_rcu();
		instance_free(inst);
	}
unlock:
	mutex_unlock(&pn->lock);
	return err;
}

/* Caller holds pn->lock. Hooks go first, then the instance after a grace period. */
static void instance_remove(struct net *net, struct nat64_pernet *pn)
{
	struct nat64_instance *inst;

	inst = rcu_dereference_protected(pn->inst, lockdep_is_held(&pn->lock));
	if (!inst)
		return;
	nat64_hooks_unregister(net);
	RCU_INIT_POINTER(pn->inst, NULL);
	if (inst->state || inst->host) {
		/*
		 * Stateful: stop the GC and drop held SYNs, wait for readers
		 * (packet path, dumps), then free the tables here: tearing
		 * down hash tables may sleep, which an RCU callback cannot.
		 */
		nat64_state_stop(inst);
		nat64_host_stop(inst);		/* host role GC (kmod/opt/) */
		synchronize_rcu();
		instance_free(inst);
		return;
	}
	call_rcu(&inst->rcu, instance_free_rcu);
}

int nat64_instance_del(struct net *net, struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	int err = 0;

	mutex_lock(&pn->lock);
	if (!nat64_instance_locked(net, extack))
		err = -ENOENT;
	else
		instance_remove(net, pn);
	mutex_unlock(&pn->lock);
	return err;
}

int nat64_config_edit(struct net *net, nat64_config_edit_fn fn, void *arg,
		      struct netlink_ext_ack *extack)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_config *old, *new;
	struct nat64_instance *inst;
	int err;

	mutex_lock(&pn->lock);
	inst = nat64_instance_locked(net, extack);
	if (!inst) {
		err = -ENOENT;
		goto unlock;
	}
	old = rcu_dereference_protected(inst->cfg, lockdep_is_held(&pn->lock));
	new = nat64_config_clone(old);
	if (!new) {
		err = -ENOMEM;
		goto unlock;
	}
	err = fn(new, arg, extack);
	if (!err)
		err = nat64_config_fixup(new);
	if (err) {
		nat64_config_free(new);
		goto unlock;
	}
	rcu_assign_pointer(inst->cfg, new);
	nat64_config_free_rcu(old);
unlock:
	mutex_unlock(&pn->lock);
	return err;
}

static int __net_init nat64_net_init(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);

	mutex_init(&pn->lock);
	RCU_INIT_POINTER(pn->inst, NULL);
	return 0;
}

static void __net_exit nat64_net_exit(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);

	mutex_lock(&pn->lock);
	instance_remove(net, pn);
	mutex_unlock(&pn->lock);
}

static struct pernet_operations nat64_net_ops = {
	.init = nat64_net_init,
	.exit = nat64_net_exit,
	.id = &nat64_net_id,
	.size = sizeof(struct nat64_pernet),
};

int nat64_pernet_init(void)
{
	return register_pernet_subsys(&nat64_net_ops);
}

void nat64_pernet_exit(void)
{
	unregister_pernet_subsys(&nat64_net_ops);
	/* Instances and snapshots are freed from RCU callbacks in this module. */
	rcu_barrier();
}
