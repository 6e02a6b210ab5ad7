// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 pool4 (RFC 6146 section 3.5: the IPv4 transport addresses
 * the translator may hand out) over generic netlink. Entries live in the
 * configuration snapshot, one per protocol: add/del/flush edit a clone
 * through nat64_config_edit(), the dump pages through the current snapshot.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <linux/stringify.h>
#include "local4.h"
#include "netlink_priv.h"

static const u8 all_protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };

int nat64_nl_proto(struct genl_info *info, u8 *proto, bool required)
{
	struct nlattr *a = info->attrs[NAT64_A_PROTO];

	if (!a) {
		if (required) {
			NL_SET_ERR_MSG_MOD(info->extack, "missing protocol (NAT64_A_PROTO)");
			return -EINVAL;
		}
		*proto = 0;
		return 0;
	}
	*proto = nla_get_u8(a);
	if (*proto != IPPROTO_TCP && *proto != IPPROTO_UDP && *proto != IPPROTO_ICMP) {
		NL_SET_ERR_MSG_ATTR(info->extack, a, "protocol must be tcp (6), udp (17) or icmp (1)");
		return -EINVAL;
	}
	return 0;
}

int nat64_nl_require_nat64(const struct nat64_config *c, struct netlink_ext_ack *extack)
{
	if (c->mode == NAT64_MODE_NAT64)
		return 0;
	NL_SET_ERR_MSG_MOD(extack, "instance is in siit mode: pool4, bib and session need "
			   "an instance added with mode nat64");
	return -EOPNOTSUPP;
}

struct pool4_arg {
	struct nat64_prefix4 p4;
	u8 proto;		/* 0: every protocol */
	bool has_range;
	u16 port_min, port_max;
	/* add without a range: the TCP/UDP default (local4.h for own addresses) */
	u16 dflt_min, dflt_max;
};

/* Netmask of a prefix length, network order (len 0..32). */
static __be32 nat64_mask4(u8 len)
{
	return len ? htonl(0xffffffffu << (32 - len)) : 0;
}

static void default_range(const struct pool4_arg *a, u8 proto, u16 *min, u16 *max)
{
	/* ICMP identifiers are no ports the host's sockets use; 0 is legal. */
	if (proto == IPPROTO_ICMP) {
		*min = 0;
		*max = 65535;
		return;
	}
	*min = a->dflt_min;
	*max = a->dflt_max;
}

static bool entry_overlaps(const struct nat64_pool4_entry *e, const struct nat64_pool4_entry *n)
{
	return e->proto == n->proto && nat64_prefix4_overlap(&e->p4, &n->p4) &&
	       e->port_min <= n->port_max && n->port_min <= e->port_max;
}

int nat64_nl_engines_disjoint(const struct nat64_config *c, const struct nat64_prefix4 *p,
			      bool to_pool4, struct netlink_ext_ack *extack)
{
	unsigned int i;

	if (to_pool4) {
		for (i = 0; i < c->nr_optpool; i++) {
			if (nat64_prefix4_overlap(&c->optpool[i], p)) {
				NL_SET_ERR_MSG_MOD(extack, "pool4 prefix overlaps an optpool prefix: "
						   "an IPv4 address belongs to the stateful engine "
						   "or to the TCP option mode, not both");
				return -EEXIST;
			}
		}
		return 0;
	}
	for (i = 0; i < c->nr_pool4; i++) {
		if (nat64_prefix4_overlap(&c->pool4[i].p4, p)) {
			NL_SET_ERR_MSG_MOD(extack, "optpool prefix overlaps a pool4 prefix: "
					   "an IPv4 address belongs to the stateful engine "
					   "or to the TCP option mode, not both");
			return -EEXIST;
		}
	}
	return 0;
}

static int pool4_add_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct pool4_arg *a = arg;
	struct nat64_pool4_entry add[ARRAY_SIZE(all_protos)], *tab;
	unsigned int nr_add = 0, i, j;
	int err = nat64_nl_require_nat64(c, extack);

	if (err)
		return err;
	for (i = 0; i < ARRAY_SIZE(all_protos); i++) {
		struct nat64_pool4_entry *n = &add[nr_add];

		if (a->proto && a->proto != all_protos[i])
			continue;
		n->p4 = a->p4;
		n->proto = all_protos[i];
		if (a->has_range) {
			n->port_min = a->port_min;
			n->port_max = a->port_max;
		} else {
			default_range(a, n->proto, &n->port_min, &n->port_max);
		}
		if (n->proto != IPPROTO_ICMP && n->port_min == 0) {
			NL_SET_ERR_MSG_MOD(extack, "TCP and UDP ports start at 1 (port 0 is invalid)");
			return -EINVAL;
		}
		nr_add++;
	}
	/* Once, after the port checks and before the entry checks (the order errors came in). */
	err = nat64_nl_engines_disjoint(c, &a->p4, true, extack);
	if (err)
		return err;
	for (i = 0; i < nr_add; i++) {
		for (j = 0; j < c->nr_pool4; j++) {
			if (entry_overlaps(&c->pool4[j], &add[i])) {
				NL_SET_ERR_MSG_MOD(extack, "pool4 entry overlaps an existing entry "
						   "(same protocol, address and ports)");
				return -EEXIST;
			}
		}
	}
	if (c->nr_pool4 + nr_add > NAT64_MAX_POOL4) {
		NL_SET_ERR_MSG_MOD(extack, "pool4 is full (limit " __stringify(NAT64_MAX_POOL4)
				   " entries, one per protocol)");
		return -ENOSPC;
	}
	/* The clone has room for one more entry; adding all protocols needs three. */
	tab = kvmalloc_array(c->nr_pool4 + nr_add, sizeof(*tab), GFP_KERNEL);
	if (!tab)
		return -ENOMEM;
	if (c->nr_pool4)
		memcpy(tab, c->pool4, c->nr_pool4 * sizeof(*tab));
	memcpy(tab + c->nr_pool4, add, nr_add * sizeof(*tab));
	kvfree(c->pool4);
	c->pool4 = tab;
	c->nr_pool4 += nr_add;
	return 0;
}

/* Delete every entry of the prefix (restricted to a protocol and range if given). */
static int pool4_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct pool4_arg *a = arg;
	unsigned int i, kept = 0;
	int err = nat64_nl_require_nat64(c, extack);

	if (err)
		return err;
	for (i = 0; i < c->nr_pool4; i++) {
		const struct nat64_pool4_entry *e = &c->pool4[i];
		bool match = e->p4.addr == a->p4.addr && e->p4.len == a->p4.len &&
			     (!a->proto || e->proto == a->proto) &&
			     (!a->has_range || (e->port_min == a->port_min &&
						e->port_max == a->port_max));

		if (!match)
			c->pool4[kept++] = *e;
	}
	if (kept == c->nr_pool4) {
		NL_SET_ERR_MSG_MOD(extack, "no such pool4 entry");
		return -ENOENT;
	}
	c->nr_pool4 = kept;
	return 0;
}

static int pool4_parse(struct genl_info *info, struct pool4_arg *a, bool add)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *min = info->attrs[NAT64_A_PORT_MIN];
	struct nlattr *max = info->attrs[NAT64_A_PORT_MAX];
	int err;

	memset(a, 0, sizeof(*a));
	err = nat64_nl_prefix4(info, &a->p4);
	if (err)
		return err;
	err = nat64_nl_proto(info, &a->proto, false);
	if (err)
		return err;
	if (!!min != !!max) {
		NL_SET_ERR_MSG_MOD(extack, "give both ends of the port range (PORT_MIN and PORT_MAX)");
		return -EINVAL;
	}
	if (min) {
		a->has_range = true;
		a->port_min = nla_get_u16(min);
		a->port_max = nla_get_u16(max);
		if (a->port_min > a->port_max) {
			NL_SET_ERR_MSG_ATTR(extack, min, "port range is empty (min > max)");
			return -EINVAL;
		}
	}
	if (!add)
		return 0;
	/* A pool of millions of addresses is a typo, not a configuration. */
	if (a->p4.len < 16) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX4_LEN],
				    "pool4 prefix too short (at least /16)");
		return -EINVAL;
	}
	if (nat64_addr4_is_special(a->p4.addr) ||
	    nat64_addr4_is_special(a->p4.addr | ~nat64_mask4(a->p4.len))) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX4],
				    "pool4 prefix is in a special range (0/8, 127/8, 169.254/16, "
				    "224/3, 255.255.255.255)");
		return -EINVAL;
	}
	return 0;
}

/*
 * Without a range, TCP and UDP take every port (port 0 is none), except on
 * the host's own addresses: there the host's connections and services keep
 * their ports (an operator must not lock themself out of SSH). 1 when the
 * host's default was taken, 0 for the plain one, or -errno.
 */
static int pool4_default(struct net *net, struct pool4_arg *a, struct netlink_ext_ack *extack)
{
	a->dflt_min = 1;
	a->dflt_max = 65535;
	if (a->has_range || a->proto == IPPROTO_ICMP || !nat64_local4_in_prefix(net, &a->p4))
		return 0;
	if (!nat64_local4_free_ports(net, &a->dflt_min, &a->dflt_max)) {
		NL_SET_ERR_MSG_MOD(extack, "the prefix holds an address of this host and "
				   "net.ipv4.ip_local_port_range leaves no ports above it or "
				   "from 1024 below it: give a port range");
		return -EINVAL;
	}
	return 1;
}

int nat64_nl_pool4_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct pool4_arg a;
	int local, err = pool4_parse(info, &a, true);

	if (err)
		return err;
	local = pool4_default(net, &a, info->extack);
	if (local < 0)
		return local;
	err = nat64_config_edit(net, pool4_add_fn, &a, info->extack);
	/* A message on success is a warning: nat64ctl prints it. */
	if (!err && local)
		NL_SET_ERR_MSG_MOD(info->extack, "the prefix holds an address of this host: "
				   "TCP and UDP got only the ports above "
				   "net.ipv4.ip_local_port_range (pool4 show); give a range to "
				   "choose others");
	return err;
}

int nat64_nl_pool4_del(struct sk_buff *skb, struct genl_info *info)
{
	struct pool4_arg a;
	int err = pool4_parse(info, &a, false);

	if (!err)
		err = nat64_config_edit(genl_info_net(info), pool4_del_fn, &a, info->extack);
	if (!err)
		nat64_nl_pool4_changed(genl_info_net(info));
	return err;
}

static int pool4_flush_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	int err = nat64_nl_require_nat64(c, extack);

	if (!err)
		c->nr_pool4 = 0;
	return err;
}

int nat64_nl_pool4_flush(struct genl_info *info)
{
	int err = nat64_config_edit(genl_info_net(info), pool4_flush_fn, NULL, info->extack);

	if (!err)
		nat64_nl_pool4_changed(genl_info_net(info));
	return err;
}

/* pool4 dumps go through nat64_nl_dump_config(), one range per message. */
static unsigned int pool4_count(const struct nat64_config *c, int unused)
{
	return c->nr_pool4;
}

static int pool4_put(struct sk_buff *skb, const struct nat64_config *c, int unused,
		     unsigned int i)
{
	const struct nat64_pool4_entry *e = &c->pool4[i];

	return nat64_nl_put_prefix4(skb, &e->p4) ||
	       nla_put_u8(skb, NAT64_A_PROTO, e->proto) ||
	       nla_put_u16(skb, NAT64_A_PORT_MIN, e->port_min) ||
	       nla_put_u16(skb, NAT64_A_PORT_MAX, e->port_max) ? -EMSGSIZE : 0;
}

static const struct nat64_nl_list pool4_list = {
	.count = pool4_count, .put = pool4_put, .need_nat64 = true,
};

int nat64_nl_pool4_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return nat64_nl_dump_config(skb, cb, NAT64_CMD_POOL4_GET, &pool4_list, 0);
}
