// SPDX-License-Identifier: GPL-2.0
/* Instance add/del/get, settings and counters over generic netlink. */
#include <linux/slab.h>
#include "netlink_priv.h"

int nat64_nl_instance_add(struct sk_buff *skb, struct genl_info *info)
{
	u8 mode = NAT64_MODE_SIIT;

	if (info->attrs[NAT64_A_MODE])
		mode = nla_get_u8(info->attrs[NAT64_A_MODE]);
	return nat64_instance_add(genl_info_net(info), mode, info->extack);
}

int nat64_nl_instance_del(struct sk_buff *skb, struct genl_info *info)
{
	return nat64_instance_del(genl_info_net(info), info->extack);
}

/*
 * Build a reply under RCU from the current snapshot: fill() adds the
 * attributes. The message is allocated before taking the RCU lock.
 */
static int reply_from_config(struct genl_info *info, u8 cmd, size_t size,
			     int (*fill)(struct sk_buff *msg, const struct nat64_instance *inst))
{
	const struct nat64_instance *inst;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(size, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &nat64_genl_family, 0, cmd);
	if (!hdr) {
		err = -EMSGSIZE;
		goto free;
	}
	rcu_read_lock();
	inst = nat64_nl_instance_rcu(genl_info_net(info), info->extack);
	err = inst ? fill(msg, inst) : -ENOENT;
	rcu_read_unlock();
	if (err)
		goto free;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
free:
	nlmsg_free(msg);
	return err;
}

static int fill_instance(struct sk_buff *msg, const struct nat64_instance *inst)
{
	const struct nat64_config *c = rcu_dereference(inst->cfg);

	if (nla_put_u8(msg, NAT64_A_MODE, c->mode) ||
	    nla_put_u8(msg, NAT64_A_ENABLED, c->enabled) ||
	    nla_put_u32(msg, NAT64_A_COUNT_PREFIX, c->nr_prefixes) ||
	    nla_put_u32(msg, NAT64_A_COUNT_EAM, c->nr_eam) ||
	    nla_put_u32(msg, NAT64_A_COUNT_POOL6791, c->nr_pool6791) ||
	    nla_put_u32(msg, NAT64_A_COUNT_DENY, c->nr_deny))
		return -EMSGSIZE;
	if (nat64_nl_put_counts_opt(msg, inst))
		return -EMSGSIZE;
	return c->mode == NAT64_MODE_NAT64 ? nat64_nl_put_counts(msg, inst) : 0;
}

int nat64_nl_instance_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_from_config(info, NAT64_CMD_INSTANCE_GET, NLMSG_GOODSIZE, fill_instance);
}

static int fill_settings(struct sk_buff *msg, const struct nat64_instance *inst)
{
	const struct nat64_config *c = rcu_dereference(inst->cfg);

	if (nla_put_u8(msg, NAT64_A_MODE, c->mode) ||
	    nla_put_s16(msg, NAT64_A_TOS_OVERRIDE, c->hdr.tos_override) ||
	    nla_put_s16(msg, NAT64_A_TCLASS_OVERRIDE, c->hdr.tclass_override) ||
	    nla_put_u8(msg, NAT64_A_UDP_ZERO_CSUM, c->udp_zero_csum) ||
	    nla_put_u32(msg, NAT64_A_LOWEST_IPV6_MTU, c->lowest_ipv6_mtu) ||
	    nla_put_u8(msg, NAT64_A_ENABLED, c->enabled) ||
	    nla_put_u8(msg, NAT64_A_LOCAL_TRANSLATION, c->local_translation) ||
	    nla_put_u8(msg, NAT64_A_POOL6791_FALLBACK, c->pool6791_fallback) ||
	    nla_put_in6_addr(msg, NAT64_A_POOL6791V6, &c->pool6791v6.addr) ||
	    nla_put_u8(msg, NAT64_A_POOL6791V6_LEN, c->pool6791v6.len) ||
	    nla_put_u8(msg, NAT64_A_EAM_HAIRPIN, c->eam_hairpin) ||
	    nat64_nl_put_settings_opt(msg, c))
		return -EMSGSIZE;
	if (c->mode != NAT64_MODE_NAT64)
		return 0;
	if (nla_put_u32(msg, NAT64_A_TTL_TCP_EST, c->ttl_tcp_est) ||
	    nla_put_u32(msg, NAT64_A_TTL_TCP_TRANS, c->ttl_tcp_trans) ||
	    nla_put_u32(msg, NAT64_A_TTL_UDP, c->ttl_udp) ||
	    nla_put_u32(msg, NAT64_A_TTL_ICMP, c->ttl_icmp) ||
	    nla_put_u32(msg, NAT64_A_TTL_SYN_HOLD, c->ttl_syn_hold) ||
	    nla_put_u8(msg, NAT64_A_FILTERING, c->filtering) ||
	    nla_put_u8(msg, NAT64_A_FILTER_ICMP_REPLY, c->filter_icmp_reply) ||
	    nla_put_u8(msg, NAT64_A_DROP_EXTERNAL_TCP, c->drop_external_tcp) ||
	    nla_put_u32(msg, NAT64_A_MAX_BIB, c->max_bib) ||
	    nla_put_u32(msg, NAT64_A_MAX_SESSIONS, c->max_sessions) ||
	    nla_put_u32(msg, NAT64_A_MAX_HELD_SYN, c->max_held_syn) ||
	    nla_put_u8(msg, NAT64_A_LOG_MAPPINGS, c->log_mappings) ||
	    nla_put_u8(msg, NAT64_A_PRESERVE_PORT, c->preserve_port))
		return -EMSGSIZE;
	return 0;
}

int nat64_nl_settings_get(struct sk_buff *skb, struct genl_info *info)
{
	return reply_from_config(info, NAT64_CMD_SETTINGS_GET, NLMSG_GOODSIZE, fill_settings);
}

/* The policy has range-checked every value already. */
static int settings_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	struct nlattr **tb = arg;

	if (tb[NAT64_A_TOS_OVERRIDE])
		c->hdr.tos_override = nla_get_s16(tb[NAT64_A_TOS_OVERRIDE]);
	if (tb[NAT64_A_TCLASS_OVERRIDE])
		c->hdr.tclass_override = nla_get_s16(tb[NAT64_A_TCLASS_OVERRIDE]);
	if (tb[NAT64_A_UDP_ZERO_CSUM])
		c->udp_zero_csum = nla_get_u8(tb[NAT64_A_UDP_ZERO_CSUM]);
	if (tb[NAT64_A_LOWEST_IPV6_MTU])
		c->lowest_ipv6_mtu = nla_get_u32(tb[NAT64_A_LOWEST_IPV6_MTU]);
	if (tb[NAT64_A_ENABLED])
		c->enabled = nla_get_u8(tb[NAT64_A_ENABLED]);
	if (tb[NAT64_A_LOCAL_TRANSLATION]) {
		if (c->mode == NAT64_MODE_HOST) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NAT64_A_LOCAL_TRANSLATION],
					    "local-translation applies to siit and nat64 instances: "
					    "the host role always handles its own TCP");
			return -EINVAL;
		}
		c->local_translation = nla_get_u8(tb[NAT64_A_LOCAL_TRANSLATION]);
	}
	if (tb[NAT64_A_POOL6791_FALLBACK])
		c->pool6791_fallback = nla_get_u8(tb[NAT64_A_POOL6791_FALLBACK]);
	if (tb[NAT64_A_EAM_HAIRPIN])
		c->eam_hairpin = nla_get_u8(tb[NAT64_A_EAM_HAIRPIN]);
	if (tb[NAT64_A_POOL6791V6_LEN]) {
		struct nat64_prefix6 p = { .len = nla_get_u8(tb[NAT64_A_POOL6791V6_LEN]) };

		if (p.len && tb[NAT64_A_POOL6791V6])
			p.addr = nla_get_in6_addr(tb[NAT64_A_POOL6791V6]);
		if (p.len && (!tb[NAT64_A_POOL6791V6] || !nat64_prefix6_len_valid(p.len) ||
			      !nat64_prefix6_canonical(&p))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NAT64_A_POOL6791V6_LEN],
					    "an RFC 6052 prefix is needed: length 32, 40, 48, "
					    "56, 64 or 96 and no bits set after it");
			return -EINVAL;
		}
		c->pool6791v6 = p;
	}
	return nat64_nl_settings_stateful(c, tb, extack) ?: nat64_nl_settings_opt(c, tb, extack);
}

int nat64_nl_settings_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;

	if (!tb[NAT64_A_TOS_OVERRIDE] && !tb[NAT64_A_TCLASS_OVERRIDE] &&
	    !tb[NAT64_A_UDP_ZERO_CSUM] && !tb[NAT64_A_LOWEST_IPV6_MTU] && !tb[NAT64_A_ENABLED] &&
	    !tb[NAT64_A_LOCAL_TRANSLATION] && !tb[NAT64_A_POOL6791_FALLBACK] &&
	    !tb[NAT64_A_POOL6791V6_LEN] && !tb[NAT64_A_EAM_HAIRPIN] &&
	    !nat64_nl_settings_stateful_given(tb) && !nat64_nl_settings_opt_given(tb)) {
		NL_SET_ERR_MSG_MOD(info->extack, "no setting given");
		return -EINVAL;
	}
	if (tb[NAT64_A_MODE]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[NAT64_A_MODE],
				    "the mode is fixed when the instance is added");
		return -EINVAL;
	}
	return nat64_config_edit(genl_info_net(info), settings_fn, tb, info->extack);
}

static int fill_stats(struct sk_buff *msg, const struct nat64_instance *inst)
{
	struct nlattr *all, *one;
	u64 *sum;
	int i, err = -EMSGSIZE;

	/* Under RCU: no sleeping allocation. */
	sum = kcalloc(NAT64_C_MAX, sizeof(*sum), GFP_ATOMIC);
	if (!sum)
		return -ENOMEM;
	nat64_stats_sum(inst->stats, sum);
	all = nla_nest_start(msg, NAT64_A_STATS);
	if (!all)
		goto out;
	for (i = 0; i < NAT64_C_MAX; i++) {
		one = nla_nest_start(msg, NAT64_A_STAT);
		if (!one ||
		    nla_put_string(msg, NAT64_STAT_A_NAME, nat64_counter_names[i]) ||
		    nla_put_u64_64bit(msg, NAT64_STAT_A_VALUE, sum[i], NAT64_STAT_A_PAD))
			goto out;
		nla_nest_end(msg, one);
	}
	nla_nest_end(msg, all);
	err = 0;
out:
	kfree(sum);
	return err;
}

int nat64_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	/* Room for every counter: nest + name (< 48 bytes) + padded u64. */
	size_t size = nla_total_size(0) + NAT64_C_MAX * (nla_total_size(0) +
		      nla_total_size(48) + nla_total_size_64bit(sizeof(u64)));

	return reply_from_config(info, NAT64_CMD_STATS_GET, max_t(size_t, size, NLMSG_GOODSIZE),
				 fill_stats);
}

int nat64_nl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_instance *inst;
	int err = 0;

	rcu_read_lock();
	inst = nat64_nl_instance_rcu(genl_info_net(info), info->extack);
	if (inst)
		nat64_stats_reset(inst->stats);
	else
		err = -ENOENT;
	rcu_read_unlock();
	return err;
}
