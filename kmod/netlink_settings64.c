// SPDX-License-Identifier: GPL-2.0
/*
 * The stateful NAT64 settings of SETTINGS_SET (timers, filtering, caps,
 * logging). The policy in netlink.c has range-checked every value; what is
 * left is refusing them in an SIIT instance.
 */
#include "netlink_priv.h"

static const u16 stateful_attrs[] = {
	NAT64_A_TTL_TCP_EST, NAT64_A_TTL_TCP_TRANS, NAT64_A_TTL_UDP, NAT64_A_TTL_ICMP,
	NAT64_A_TTL_SYN_HOLD, NAT64_A_FILTERING, NAT64_A_FILTER_ICMP_REPLY,
	NAT64_A_DROP_EXTERNAL_TCP, NAT64_A_MAX_BIB, NAT64_A_MAX_SESSIONS,
	NAT64_A_MAX_HELD_SYN, NAT64_A_LOG_MAPPINGS, NAT64_A_PRESERVE_PORT,
};

bool nat64_nl_settings_stateful_given(struct nlattr **tb)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(stateful_attrs); i++)
		if (tb[stateful_attrs[i]])
			return true;
	return false;
}

static void get_u32(struct nlattr **tb, int type, u32 *v)
{
	if (tb[type])
		*v = nla_get_u32(tb[type]);
}

static void get_bool(struct nlattr **tb, int type, bool *v)
{
	if (tb[type])
		*v = nla_get_u8(tb[type]);
}

int nat64_nl_settings_stateful(struct nat64_config *c, struct nlattr **tb,
			       struct netlink_ext_ack *extack)
{
	if (!nat64_nl_settings_stateful_given(tb))
		return 0;
	if (c->mode != NAT64_MODE_NAT64) {
		NL_SET_ERR_MSG_MOD(extack, "instance is in siit mode: timers, filtering, caps "
				   "and mapping logging need mode nat64");
		return -EOPNOTSUPP;
	}
	get_u32(tb, NAT64_A_TTL_TCP_EST, &c->ttl_tcp_est);
	get_u32(tb, NAT64_A_TTL_TCP_TRANS, &c->ttl_tcp_trans);
	get_u32(tb, NAT64_A_TTL_UDP, &c->ttl_udp);
	get_u32(tb, NAT64_A_TTL_ICMP, &c->ttl_icmp);
	get_u32(tb, NAT64_A_TTL_SYN_HOLD, &c->ttl_syn_hold);
	if (tb[NAT64_A_FILTERING])
		c->filtering = nla_get_u8(tb[NAT64_A_FILTERING]);
	get_bool(tb, NAT64_A_FILTER_ICMP_REPLY, &c->filter_icmp_reply);
	get_bool(tb, NAT64_A_DROP_EXTERNAL_TCP, &c->drop_external_tcp);
	get_u32(tb, NAT64_A_MAX_BIB, &c->max_bib);
	get_u32(tb, NAT64_A_MAX_SESSIONS, &c->max_sessions);
	get_u32(tb, NAT64_A_MAX_HELD_SYN, &c->max_held_syn);
	get_bool(tb, NAT64_A_LOG_MAPPINGS, &c->log_mappings);
	get_bool(tb, NAT64_A_PRESERVE_PORT, &c->preserve_port);
	return 0;
}
