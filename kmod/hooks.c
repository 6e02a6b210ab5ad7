// SPDX-License-Identifier: GPL-2.0
/*
 * Netfilter hooks: where packets enter the translator. See
 * Documentation/hooks.rst for the model.
 *
 * PREROUTING, before defragmentation and conntrack: forwarded and incoming
 * packets, fragments one by one (translated statelessly, RFC 7915) except
 * where defrag.c must reassemble first (ICMP, stateful mode).
 * POSTROUTING: only packets this host generated (skb_iif == 0), and only
 * with the setting local-translation on; forwarded packets and those we
 * emitted ourselves were seen at PREROUTING already. Exception: the host role
 * (kmod/opt/) puts its TCP option back on every packet, forwarded ones too
 * (VMs and containers behind the host).
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/bottom_half.h>
#include <linux/nat64.h>
#include "hooks.h"
#include "instance.h"
#include "route.h"
#include "xlat.h"
#include "opt/opt.h"

/* Before the defragmenters (-400) and conntrack. */
#define NAT64_PRI_PRE4	(NF_IP_PRI_RAW_BEFORE_DEFRAG - 10)
#define NAT64_PRI_PRE6	(NF_IP6_PRI_RAW_BEFORE_DEFRAG - 10)
/* After mangle, before source NAT (which must see the translated packet). */
#define NAT64_PRI_POST4	(NF_IP_PRI_NAT_SRC - 10)
#define NAT64_PRI_POST6	(NF_IP6_PRI_NAT_SRC - 10)

unsigned int nat64_translate(const struct nat64_pctx *c, struct sk_buff *skb, bool v6)
{
	unsigned int verdict = NF_ACCEPT;

	if (c->cfg->mode != NAT64_MODE_NAT64)
		return v6 ? nat64_xlat_6to4(c, skb) : nat64_xlat_4to6(c, skb);
	/* Option mode TCP first (kmod/opt/), then the stateful engine. */
	if (v6 ? nat64_opt_gw_6to4(c, skb, &verdict) : nat64_opt_gw_4to6(c, skb, &verdict))
		return verdict;
	return v6 ? nat64_nat_6to4(c, skb) : nat64_nat_4to6(c, skb);
}

static unsigned int nat64_hook(struct sk_buff *skb, const struct nf_hook_state *state, bool v6)
{
	const struct nat64_config *cfg;
	struct nat64_instance *inst;
	struct nat64_pctx c;
	unsigned int verdict = NF_ACCEPT;
	bool local = state->hook == NF_INET_POST_ROUTING;
	/* Forwarded, at POSTROUTING: only the host role wants these (below). */
	bool fwd_post = local && skb->skb_iif;

	if (!local && skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;

	/* BHs off: the per-CPU recursion guard and counters stay on this CPU. */
	local_bh_disable();
	if (nat64_in_xmit())
		goto out;
	rcu_read_lock();
	inst = nat64_instance_rcu(state->net);
	if (!inst)
		goto unlock;
	cfg = rcu_dereference(inst->cfg);
	if (!cfg || !cfg->enabled)
		goto unlock;

	c.net = state->net;
	c.inst = inst;
	c.cfg = cfg;
	c.in = local ? NULL : state->in;
	c.local = local;
	c.nat = NULL;
	/* TCP state in the packet, host role (kmod/opt/): IPv4, no translation. */
	if (cfg->mode == NAT64_MODE_HOST) {
		if (!v6)
			verdict = local ? nat64_host_out(&c, skb) : nat64_host_in(&c, skb);
		goto unlock;
	}
	/*
	 * The host's own traffic stays its own unless asked for: a gateway
	 * numbered inside its prefix would otherwise translate its neighbour
	 * advertisements and echo replies to its clients (hooks.rst).
	 */
	if (fwd_post || (local && !cfg->local_translation))
		goto unlock;
	verdict = nat64_translate(&c, skb, v6);
unlock:
	rcu_read_unlock();
out:
	local_bh_enable();
	return verdict;
}

static unsigned int nat64_hook6(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nat64_hook(skb, state, true);
}

static unsigned int nat64_hook4(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	return nat64_hook(skb, state, false);
}

static const struct nf_hook_ops nat64_ops[] = {
	{
		.hook = nat64_hook6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NAT64_PRI_PRE6,
	},
	{
		.hook = nat64_hook4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_PRE_ROUTING,
		.priority = NAT64_PRI_PRE4,
	},
	{
		.hook = nat64_hook6,
		.pf = NFPROTO_IPV6,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NAT64_PRI_POST6,
	},
	{
		.hook = nat64_hook4,
		.pf = NFPROTO_IPV4,
		.hooknum = NF_INET_POST_ROUTING,
		.priority = NAT64_PRI_POST4,
	},
};

int nat64_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, nat64_ops, ARRAY_SIZE(nat64_ops));
}

void nat64_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, nat64_ops, ARRAY_SIZE(nat64_ops));
}
