// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "nat64": policy, operation table, registration and
 * the attribute helpers shared by the handlers in netlink_info.c and
 * netlink_lists.c. Every change goes through nat64_config_edit(), whose
 * per-netns mutex serialises writers, so the family needs no parallel_ops.
 */
#include <linux/module.h>
#include <net/ipv6.h>
#include "compat.h"
#include "netlink_priv.h"
#include "netlink.h"
#include "opt/opt.h"

/*
 * lowest-ipv6-mtu does not fit the s16 bounds of NLA_POLICY_RANGE. Not const:
 * 6.1's policy holds a non-const pointer (newer kernels take either).
 */
static struct netlink_range_validation nat64_mtu_range = {
	.min = 1280,
	.max = 65535,
};

/* Stateful timers in seconds: RFC 6146 section 4 minimums, at most a week. */
#define NAT64_TTL_MAX	604800
static struct netlink_range_validation nat64_ttl_tcp_est_range = {
	.min = 7440, .max = NAT64_TTL_MAX,	/* 2 h 4 min */
};
static struct netlink_range_validation nat64_ttl_tcp_trans_range = {
	.min = 240, .max = NAT64_TTL_MAX,	/* 4 min */
};
static struct netlink_range_validation nat64_ttl_udp_range = {
	.min = 120, .max = NAT64_TTL_MAX,	/* 2 min */
};
static struct netlink_range_validation nat64_ttl_icmp_range = {
	.min = 1, .max = NAT64_TTL_MAX,
};
static struct netlink_range_validation nat64_lifetime_range = {
	.min = 0, .max = 10 * 365 * 86400,	/* 0 = permanent */
};

/* Host role: at most 1 .. 2^24 remembered connections (opt/opt.h). */
static struct netlink_range_validation nat64_host_max_flows_range = {
	.min = NAT64_HOST_MAX_FLOWS_MIN, .max = NAT64_HOST_MAX_FLOWS_MAX,
};

/* Host role: forget idle connections after 10 s .. a week. */
static struct netlink_range_validation nat64_host_idle_range = {
	.min = 10, .max = NAT64_TTL_MAX,
};

static const struct nla_policy nat64_stat_policy[NAT64_STAT_A_MAX + 1] = {
	[NAT64_STAT_A_NAME]	= { .type = NLA_NUL_STRING, .len = 64 },
	[NAT64_STAT_A_VALUE]	= { .type = NLA_U64 },
};

/* NAT64_A_STATS holds NAT64_A_STAT entries only. */
static const struct nla_policy nat64_stats_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_STAT]		= NLA_POLICY_NESTED(nat64_stat_policy),
};

/* One peer of a requested mapping: an IPv4 prefix. */
static const struct nla_policy nat64_peer_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_PREFIX4]	= NLA_POLICY_EXACT_LEN(4),
	[NAT64_A_PREFIX4_LEN]	= NLA_POLICY_MAX(NLA_U8, 32),
};

/* NAT64_A_PEERS holds NAT64_A_PEER entries only. */
static const struct nla_policy nat64_peers_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_PEER]		= NLA_POLICY_NESTED(nat64_peer_policy),
};

static const struct nla_policy nat64_policy[NAT64_A_MAX + 1] = {
	[NAT64_A_MODE]		= NLA_POLICY_MAX(NLA_U8, NAT64_MODE_HOST),
	[NAT64_A_PREFIX6]	= NLA_POLICY_EXACT_LEN(16),
	[NAT64_A_PREFIX6_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
	[NAT64_A_PREFIX4]	= NLA_POLICY_EXACT_LEN(4),
	[NAT64_A_PREFIX4_LEN]	= NLA_POLICY_MAX(NLA_U8, 32),
	[NAT64_A_LIST]		= NLA_POLICY_RANGE(NLA_U8, NAT64_LIST_PREFIX, NAT64_LIST_HOSTFLOW),
	[NAT64_A_TOS_OVERRIDE]	= NLA_POLICY_RANGE(NLA_S16, -1, 255),
	[NAT64_A_TCLASS_OVERRIDE] = NLA_POLICY_RANGE(NLA_S16, -1, 255),
	[NAT64_A_UDP_ZERO_CSUM]	= NLA_POLICY_MAX(NLA_U8, NAT64_UDP_ZERO_CSUM_DROP),
	[NAT64_A_LOWEST_IPV6_MTU] = NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_mtu_range),
	[NAT64_A_ENABLED]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_LOCAL_TRANSLATION] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_COUNT_PREFIX]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_EAM]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_POOL6791] = { .type = NLA_U32 },
	[NAT64_A_COUNT_DENY]	= { .type = NLA_U32 },
	[NAT64_A_STATS]		= NLA_POLICY_NESTED(nat64_stats_policy),
	[NAT64_A_STAT]		= NLA_POLICY_NESTED(nat64_stat_policy),
	/* Stateful NAT64. The protocol is checked further by nat64_nl_proto(). */
	[NAT64_A_PROTO]		= NLA_POLICY_RANGE(NLA_U8, IPPROTO_ICMP, IPPROTO_UDP),
	[NAT64_A_PORT_MIN]	= { .type = NLA_U16 },
	[NAT64_A_PORT_MAX]	= { .type = NLA_U16 },
	[NAT64_A_ADDR6]		= NLA_POLICY_EXACT_LEN(16),
	[NAT64_A_PORT6]		= { .type = NLA_U16 },
	[NAT64_A_ADDR4]		= NLA_POLICY_EXACT_LEN(4),
	[NAT64_A_PORT4]		= { .type = NLA_U16 },
	[NAT64_A_REMOTE6]	= NLA_POLICY_EXACT_LEN(16),
	[NAT64_A_REMOTE_PORT6]	= { .type = NLA_U16 },
	[NAT64_A_REMOTE4]	= NLA_POLICY_EXACT_LEN(4),
	[NAT64_A_REMOTE_PORT4]	= { .type = NLA_U16 },
	[NAT64_A_LIFETIME]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_lifetime_range),
	[NAT64_A_EXPIRES]	= { .type = NLA_U32 },
	[NAT64_A_STATIC]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_PEERS]		= NLA_POLICY_NESTED(nat64_peers_policy),
	[NAT64_A_PEER]		= NLA_POLICY_NESTED(nat64_peer_policy),
	[NAT64_A_TCP_STATE]	= NLA_POLICY_MAX(NLA_U8, NAT64_TCP_TRANS),
	[NAT64_A_TTL_TCP_EST]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_ttl_tcp_est_range),
	[NAT64_A_TTL_TCP_TRANS]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_ttl_tcp_trans_range),
	[NAT64_A_TTL_UDP]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_ttl_udp_range),
	[NAT64_A_TTL_ICMP]	= NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_ttl_icmp_range),
	[NAT64_A_TTL_SYN_HOLD]	= NLA_POLICY_RANGE(NLA_U32, 1, 60),
	[NAT64_A_FILTERING]	= NLA_POLICY_MAX(NLA_U8, NAT64_FILTER_ADDRESS_DEPENDENT),
	[NAT64_A_FILTER_ICMP_REPLY] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_DROP_EXTERNAL_TCP] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_MAX_BIB]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NAT64_A_MAX_SESSIONS]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NAT64_A_MAX_HELD_SYN]	= NLA_POLICY_MIN(NLA_U32, 1),
	[NAT64_A_LOG_MAPPINGS]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_PRESERVE_PORT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_POOL6791_FALLBACK] = NLA_POLICY_MAX(NLA_U8, NAT64_POOL6791_DROP),
	[NAT64_A_POOL6791V6]	= NLA_POLICY_EXACT_LEN(16),
	[NAT64_A_POOL6791V6_LEN] = NLA_POLICY_MAX(NLA_U8, 96),
	[NAT64_A_EAM_HAIRPIN]	= NLA_POLICY_MAX(NLA_U8, NAT64_EAM_HAIRPIN_INTRINSIC),
	[NAT64_A_EVENT_TYPE]	= NLA_POLICY_RANGE(NLA_U8, NAT64_EVENT_MAPPING_ADD,
						   NAT64_EVENT_MAPPING_DEL),
	[NAT64_A_TIME]		= { .type = NLA_U64 },
	[NAT64_A_COUNT_POOL4]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_BIB]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_SESSION]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_BUCKETS]	= { .type = NLA_U32 },
	/* TCP state in the packet: keys are exactly 32 bytes (netlink_opt.c). */
	[NAT64_A_KEY_SLOT]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_KEY]		= NLA_POLICY_EXACT_LEN(32),
	[NAT64_A_KEY_ACTIVE]	= NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_KEY_ID]	= { .type = NLA_U64 },
	[NAT64_A_TCP_OPTION_MODE] = NLA_POLICY_MAX(NLA_U8, 1),
	[NAT64_A_HOST_IDLE_TIMEOUT] = NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_host_idle_range),
	[NAT64_A_OPTION]	= NLA_POLICY_EXACT_LEN(20),
	[NAT64_A_COUNT_OPTPOOL]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_OPTCLIENT] = { .type = NLA_U32 },
	[NAT64_A_COUNT_OPTDEST]	= { .type = NLA_U32 },
	[NAT64_A_COUNT_HOSTFLOW] = { .type = NLA_U32 },
	[NAT64_A_HOST_MAX_FLOWS] = NLA_POLICY_FULL_RANGE(NLA_U32, &nat64_host_max_flows_range),
};

/* Changes need CAP_NET_ADMIN in the user namespace owning the netns. */
#define NAT64_ADMIN	GENL_UNS_ADMIN_PERM

static const struct genl_ops nat64_genl_ops[] = {
	{ .cmd = NAT64_CMD_INSTANCE_ADD, .doit = nat64_nl_instance_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_INSTANCE_DEL, .doit = nat64_nl_instance_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_INSTANCE_GET, .doit = nat64_nl_instance_get },
	{ .cmd = NAT64_CMD_PREFIX_ADD, .doit = nat64_nl_prefix_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_PREFIX_DEL, .doit = nat64_nl_prefix_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_PREFIX_GET, .dumpit = nat64_nl_prefix_dump },
	{ .cmd = NAT64_CMD_EAM_ADD, .doit = nat64_nl_eam_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_EAM_DEL, .doit = nat64_nl_eam_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_EAM_GET, .dumpit = nat64_nl_eam_dump },
	{ .cmd = NAT64_CMD_POOL6791_ADD, .doit = nat64_nl_pool6791_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_POOL6791_DEL, .doit = nat64_nl_pool6791_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_POOL6791_GET, .dumpit = nat64_nl_pool6791_dump },
	{ .cmd = NAT64_CMD_DENY_ADD, .doit = nat64_nl_deny_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_DENY_DEL, .doit = nat64_nl_deny_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_DENY_GET, .dumpit = nat64_nl_deny_dump },
	{ .cmd = NAT64_CMD_SETTINGS_SET, .doit = nat64_nl_settings_set, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_SETTINGS_GET, .doit = nat64_nl_settings_get },
	{ .cmd = NAT64_CMD_STATS_GET, .doit = nat64_nl_stats_get },
	{ .cmd = NAT64_CMD_STATS_RESET, .doit = nat64_nl_stats_reset, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_FLUSH, .doit = nat64_nl_flush, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_POOL4_ADD, .doit = nat64_nl_pool4_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_POOL4_DEL, .doit = nat64_nl_pool4_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_POOL4_GET, .dumpit = nat64_nl_pool4_dump },
	{ .cmd = NAT64_CMD_BIB_ADD, .doit = nat64_nl_bib_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_BIB_DEL, .doit = nat64_nl_bib_del, .flags = NAT64_ADMIN },
	/* Who talks to whom: for admins of the netns only, like the mapping events. */
	{ .cmd = NAT64_CMD_BIB_GET, .dumpit = nat64_nl_bib_dump, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_SESSION_GET, .dumpit = nat64_nl_session_dump, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_KEY_SET, .doit = nat64_nl_key_set, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_KEY_DEL, .doit = nat64_nl_key_del, .flags = NAT64_ADMIN },
	/* Fingerprints only, but key metadata: admin too. */
	{ .cmd = NAT64_CMD_KEY_GET, .dumpit = nat64_nl_key_dump, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_MAPKEY_SET, .doit = nat64_nl_mapkey_set, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTPOOL_ADD, .doit = nat64_nl_optpool_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTPOOL_DEL, .doit = nat64_nl_optpool_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTPOOL_GET, .dumpit = nat64_nl_optpool_dump },
	{ .cmd = NAT64_CMD_OPTCLIENT_ADD, .doit = nat64_nl_optclient_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTCLIENT_DEL, .doit = nat64_nl_optclient_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTCLIENT_GET, .dumpit = nat64_nl_optclient_dump },
	{ .cmd = NAT64_CMD_OPTDEST_ADD, .doit = nat64_nl_optdest_add, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTDEST_DEL, .doit = nat64_nl_optdest_del, .flags = NAT64_ADMIN },
	{ .cmd = NAT64_CMD_OPTDEST_GET, .dumpit = nat64_nl_optdest_dump },
	{ .cmd = NAT64_CMD_HOSTFLOW_GET, .dumpit = nat64_nl_hostflow_dump, .flags = NAT64_ADMIN },
};

/* Mapping events (NAT64_CMD_EVENT), sent when log-mappings is on. */
/* kmod/nat/event.c sends on index NAT64_NL_MCGRP_EVENTS (0): keep it first. */
static const struct genl_multicast_group nat64_genl_mcgrps[] = {
	{ .name = NAT64_GENL_MCGRP, NAT64_MCGRP_ADMIN },
};

struct genl_family nat64_genl_family __ro_after_init = {
	.name		= NAT64_GENL_NAME,
	.version	= NAT64_GENL_VERSION,
	.maxattr	= NAT64_A_MAX,
	.policy		= nat64_policy,
	.netnsok	= true,
	.module		= THIS_MODULE,
	.ops		= nat64_genl_ops,
	.n_ops		= ARRAY_SIZE(nat64_genl_ops),
	.mcgrps		= nat64_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(nat64_genl_mcgrps),
};

static bool addr6_is_linklocal(const struct in6_addr *a)
{
	return (a->s6_addr32[0] & htonl(0xffc00000)) == htonl(0xfe800000);
}

int nat64_nl_prefix6(struct genl_info *info, struct nat64_prefix6 *p, bool rfc6052)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *a = info->attrs[NAT64_A_PREFIX6];
	struct nlattr *l = info->attrs[NAT64_A_PREFIX6_LEN];

	if (!a) {
		NL_SET_ERR_MSG_MOD(extack, "missing IPv6 prefix (NAT64_A_PREFIX6)");
		return -EINVAL;
	}
	if (!l) {
		NL_SET_ERR_MSG_MOD(extack, "missing IPv6 prefix length (NAT64_A_PREFIX6_LEN)");
		return -EINVAL;
	}
	nla_memcpy(&p->addr, a, sizeof(p->addr));
	p->len = nla_get_u8(l);
	if (rfc6052 && !nat64_prefix6_len_valid(p->len)) {
		NL_SET_ERR_MSG_ATTR(extack, l,
				    "RFC 6052 prefix length must be 32, 40, 48, 56, 64 or 96");
		return -EINVAL;
	}
	if (!nat64_prefix6_canonical(p)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "IPv6 prefix has bits set past its length (not canonical)");
		return -EINVAL;
	}
	if (ipv6_addr_v4mapped(&p->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "IPv6 prefix is IPv4-mapped (::ffff:0:0/96)");
		return -EINVAL;
	}
	if (ipv6_addr_is_multicast(&p->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "IPv6 prefix is multicast (ff00::/8)");
		return -EINVAL;
	}
	if (addr6_is_linklocal(&p->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "IPv6 prefix is link-local (fe80::/10)");
		return -EINVAL;
	}
	if (nat64_addr6_is_special(&p->addr)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "IPv6 prefix is in a special range (unspecified or loopback)");
		return -EINVAL;
	}
	return 0;
}

int nat64_nl_prefix4(struct genl_info *info, struct nat64_prefix4 *p)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *a = info->attrs[NAT64_A_PREFIX4];
	struct nlattr *l = info->attrs[NAT64_A_PREFIX4_LEN];

	if (!a) {
		NL_SET_ERR_MSG_MOD(extack, "missing IPv4 prefix (NAT64_A_PREFIX4)");
		return -EINVAL;
	}
	if (!l) {
		NL_SET_ERR_MSG_MOD(extack, "missing IPv4 prefix length (NAT64_A_PREFIX4_LEN)");
		return -EINVAL;
	}
	p->addr = nla_get_in_addr(a);
	p->len = nla_get_u8(l);
	if (!nat64_prefix4_canonical(p)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "IPv4 prefix has bits set past its length (not canonical)");
		return -EINVAL;
	}
	return 0;
}

int nat64_nl_put_prefix6(struct sk_buff *skb, const struct nat64_prefix6 *p)
{
	if (nla_put_in6_addr(skb, NAT64_A_PREFIX6, &p->addr) ||
	    nla_put_u8(skb, NAT64_A_PREFIX6_LEN, p->len))
		return -EMSGSIZE;
	return 0;
}

int nat64_nl_put_prefix4(struct sk_buff *skb, const struct nat64_prefix4 *p)
{
	if (nla_put_in_addr(skb, NAT64_A_PREFIX4, p->addr) ||
	    nla_put_u8(skb, NAT64_A_PREFIX4_LEN, p->len))
		return -EMSGSIZE;
	return 0;
}

struct nat64_instance *nat64_nl_instance_rcu(struct net *net, struct netlink_ext_ack *extack)
{
	struct nat64_instance *inst = nat64_instance_rcu(net);

	if (!inst)
		NL_SET_ERR_MSG_MOD(extack, "no nat64 instance in this network namespace "
					   "(nat64ctl instance add)");
	return inst;
}

void *nat64_nl_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   &nat64_genl_family, NLM_F_MULTI, cmd);
}

/*
 * Dump entries of one list of the current configuration snapshot, one per
 * message. cb->args[0] is the index of the next entry; a change between two
 * calls may shift entries (as with any index cursor).
 */
int nat64_nl_dump_config(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd,
			 const struct nat64_nl_list *list, int kind)
{
	const struct nat64_instance *inst;
	const struct nat64_config *c;
	unsigned int i, n;
	int err;

	rcu_read_lock();
	inst = nat64_nl_instance_rcu(sock_net(cb->skb->sk), cb->extack);
	if (!inst) {
		err = -ENOENT;
		goto out;
	}
	c = rcu_dereference(inst->cfg);
	if (list->need_nat64) {
		err = nat64_nl_require_nat64(c, cb->extack);
		if (err)
			goto out;
	}
	n = list->count(c, kind);
	for (i = cb->args[0]; i < n; i++) {
		void *hdr = nat64_nl_dump_put(skb, cb, cmd);

		if (!hdr)
			break;
		if (list->put(skb, c, kind, i)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	err = skb->len;
out:
	rcu_read_unlock();
	return err;
}

int nat64_genl_init(void)
{
	return genl_register_family(&nat64_genl_family);
}

void nat64_genl_exit(void)
{
	genl_unregister_family(&nat64_genl_family);
}
