// SPDX-License-Identifier: GPL-2.0
/*
 * The four address lists: RFC 6052 prefixes, EAM entries, the RFC 6791 pool
 * and the deny list. Add/delete/flush edit a cloned snapshot through
 * nat64_config_edit(); dumps page through the current snapshot under RCU
 * with an index cursor in cb->args[0].
 */
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/ipv6.h>
#include "local4.h"
#include "netlink_priv.h"

static bool p6_equal(const struct nat64_prefix6 *a, const struct nat64_prefix6 *b)
{
	return a->len == b->len && ipv6_addr_equal(&a->addr, &b->addr);
}

static bool p4_equal(const struct nat64_prefix4 *a, const struct nat64_prefix4 *b)
{
	return a->len == b->len && a->addr == b->addr;
}

/* Remove element i of an array of n elements of size sz, keeping the order. */
static void array_remove(void *base, unsigned int *n, unsigned int i, size_t sz)
{
	char *p = base;

	memmove(p + i * sz, p + (i + 1) * sz, (*n - i - 1) * sz);
	(*n)--;
}

/* ---- RFC 6052 prefixes ---- */

static int prefix_add_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct nat64_prefix6 *p = arg;
	unsigned int i;

	for (i = 0; i < c->nr_prefixes; i++) {
		if (p6_equal(&c->prefixes[i], p)) {
			NL_SET_ERR_MSG_MOD(extack, "prefix already exists");
			return -EEXIST;
		}
		/* Overlapping prefixes would make 6->4 extraction ambiguous. */
		if (nat64_prefix6_overlap(&c->prefixes[i], p)) {
			NL_SET_ERR_MSG_MOD(extack, "prefix overlaps an existing prefix");
			return -EEXIST;
		}
	}
	if (c->nr_prefixes >= NAT64_MAX_PREFIXES) {
		NL_SET_ERR_MSG_MOD(extack, "too many prefixes (limit "
				   __stringify(NAT64_MAX_PREFIXES) ")");
		return -ENOSPC;
	}
	/* Appended: the first prefix added stays the one used for 4->6. */
	c->prefixes[c->nr_prefixes++] = *p;
	return 0;
}

static int prefix_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct nat64_prefix6 *p = arg;
	unsigned int i;

	for (i = 0; i < c->nr_prefixes; i++) {
		if (p6_equal(&c->prefixes[i], p)) {
			array_remove(c->prefixes, &c->nr_prefixes, i, sizeof(*p));
			return 0;
		}
	}
	NL_SET_ERR_MSG_MOD(extack, "prefix not found");
	return -ENOENT;
}

int nat64_nl_prefix_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nat64_prefix6 p;
	int err = nat64_nl_prefix6(info, &p, true);

	if (err)
		return err;
	err = nat64_config_edit(net, prefix_add_fn, &p, info->extack);
	/*
	 * A message on success is a warning (nat64ctl prints it). The host's own
	 * networks are where an operator tries the translator first.
	 */
	if (!err && nat64_prefix6_is_wkp(&p) && nat64_local4_has_nonglobal(net))
		NL_SET_ERR_MSG_MOD(info->extack, "the well-known prefix 64:ff9b::/96 does not "
				   "translate non-global IPv4 addresses (RFC 6052 3.1), such as "
				   "this host's own networks: packets to them are dropped and "
				   "answered 'administratively prohibited'; use a network-specific "
				   "prefix to reach them");
	return err;
}

int nat64_nl_prefix_del(struct sk_buff *skb, struct genl_info *info)
{
	struct nat64_prefix6 p;
	int err = nat64_nl_prefix6(info, &p, true);

	if (err)
		return err;
	return nat64_config_edit(genl_info_net(info), prefix_del_fn, &p, info->extack);
}

/* ---- EAM ---- */

struct eam_arg {
	struct nat64_eam e;
	bool has6, has4;
};

static int eam_add_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct eam_arg *a = arg;
	unsigned int i;

	/*
	 * Stateful NAT64 maps through its prefixes and pool4 only; an EAM there
	 * would be accepted and silently ignored (or collide with pool4).
	 */
	if (c->mode != NAT64_MODE_SIIT) {
		NL_SET_ERR_MSG_MOD(extack, "EAM entries apply to siit instances only: a nat64 "
				   "instance maps addresses through its prefixes and pool4");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < c->nr_eam; i++) {
		const struct nat64_eam *e = &c->eam6[i];

		if (p6_equal(&e->p6, &a->e.p6) && p4_equal(&e->p4, &a->e.p4)) {
			NL_SET_ERR_MSG_MOD(extack, "EAM entry already exists");
			return -EEXIST;
		}
		/*
		 * RFC 7757 lets entries overlap (the longest match wins), but two
		 * entries with the same prefix on one side would be ambiguous.
		 */
		if (p6_equal(&e->p6, &a->e.p6)) {
			NL_SET_ERR_MSG_MOD(extack, "an EAM entry with this IPv6 prefix already exists");
			return -EEXIST;
		}
		if (p4_equal(&e->p4, &a->e.p4)) {
			NL_SET_ERR_MSG_MOD(extack, "an EAM entry with this IPv4 prefix already exists");
			return -EEXIST;
		}
	}
	if (c->nr_eam >= NAT64_MAX_EAM) {
		NL_SET_ERR_MSG_MOD(extack, "too many EAM entries (limit "
				   __stringify(NAT64_MAX_EAM) ")");
		return -ENOSPC;
	}
	/* eam6 is the master copy; fixup re-sorts it and rebuilds eam4. */
	c->eam6[c->nr_eam++] = a->e;
	return 0;
}

static int eam_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct eam_arg *a = arg;
	unsigned int i;

	for (i = 0; i < c->nr_eam; i++) {
		const struct nat64_eam *e = &c->eam6[i];

		if (a->has6 && !p6_equal(&e->p6, &a->e.p6))
			continue;
		if (a->has4 && !p4_equal(&e->p4, &a->e.p4))
			continue;
		array_remove(c->eam6, &c->nr_eam, i, sizeof(*e));
		return 0;
	}
	NL_SET_ERR_MSG_MOD(extack, "EAM entry not found");
	return -ENOENT;
}

int nat64_nl_eam_add(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct eam_arg a = { .has6 = true, .has4 = true };
	int err;

	err = nat64_nl_prefix6(info, &a.e.p6, false);
	if (err)
		return err;
	err = nat64_nl_prefix4(info, &a.e.p4);
	if (err)
		return err;
	/*
	 * RFC 7757 3.2: the IPv6 side may hold more addresses than the IPv4 side
	 * (its extra suffix bits are zero towards IPv6, ignored towards IPv4),
	 * never fewer: some IPv4 suffix bits would have nowhere to go.
	 */
	if (128 - a.e.p6.len < 32 - a.e.p4.len) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX6_LEN],
				    "EAM IPv6 prefix too long for its IPv4 prefix: 128 - IPv6 len "
				    "must be >= 32 - IPv4 len (RFC 7757 3.2); shorten the IPv6 "
				    "prefix or lengthen the IPv4 one");
		return -EINVAL;
	}
	if (nat64_addr4_is_special(a.e.p4.addr)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX4],
				    "EAM IPv4 prefix is special (0/8, 127/8, 169.254/16, 224/3)");
		return -EINVAL;
	}
	return nat64_config_edit(genl_info_net(info), eam_add_fn, &a, extack);
}

int nat64_nl_eam_del(struct sk_buff *skb, struct genl_info *info)
{
	struct eam_arg a = {
		.has6 = !!info->attrs[NAT64_A_PREFIX6],
		.has4 = !!info->attrs[NAT64_A_PREFIX4],
	};
	int err;

	if (!a.has6 && !a.has4) {
		NL_SET_ERR_MSG_MOD(info->extack, "EAM delete needs an IPv6 or an IPv4 prefix");
		return -EINVAL;
	}
	if (a.has6) {
		err = nat64_nl_prefix6(info, &a.e.p6, false);
		if (err)
			return err;
	}
	if (a.has4) {
		err = nat64_nl_prefix4(info, &a.e.p4);
		if (err)
			return err;
	}
	return nat64_config_edit(genl_info_net(info), eam_del_fn, &a, info->extack);
}

/* ---- RFC 6791 pool and deny list: IPv4 prefix lists ---- */

/* Which IPv4 list an edit targets; the offsets keep one add/del for both. */
struct p4_list {
	const char *name;
	unsigned int max;
	bool no_overlap;
	struct nat64_prefix4 **(*arr)(struct nat64_config *c);
	unsigned int *(*nr)(struct nat64_config *c);
};

static struct nat64_prefix4 **pool_arr(struct nat64_config *c) { return &c->pool6791; }
static unsigned int *pool_nr(struct nat64_config *c) { return &c->nr_pool6791; }
static struct nat64_prefix4 **deny_arr(struct nat64_config *c) { return &c->deny; }
static unsigned int *deny_nr(struct nat64_config *c) { return &c->nr_deny; }

/* Overlapping pool entries would bias address picks; deny entries may nest. */
static const struct p4_list pool_list = {
	.name = "pool6791", .max = NAT64_MAX_POOL6791, .no_overlap = true,
	.arr = pool_arr, .nr = pool_nr,
};
static const struct p4_list deny_list = {
	.name = "deny", .max = NAT64_MAX_DENY, .no_overlap = false,
	.arr = deny_arr, .nr = deny_nr,
};

struct p4_arg {
	const struct p4_list *list;
	struct nat64_prefix4 p;
};

static int p4_add_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct p4_arg *a = arg;
	struct nat64_prefix4 *tab = *a->list->arr(c);
	unsigned int *nr = a->list->nr(c);
	unsigned int i;

	for (i = 0; i < *nr; i++) {
		if (p4_equal(&tab[i], &a->p)) {
			NL_SET_ERR_MSG_MOD(extack, "prefix already exists in this list");
			return -EEXIST;
		}
		if (a->list->no_overlap && nat64_prefix4_overlap(&tab[i], &a->p)) {
			NL_SET_ERR_MSG_MOD(extack, "prefix overlaps an existing pool6791 entry");
			return -EEXIST;
		}
	}
	if (*nr >= a->list->max) {
		if (a->list == &pool_list)
			NL_SET_ERR_MSG_MOD(extack, "pool6791 is full (limit "
					   __stringify(NAT64_MAX_POOL6791) ")");
		else
			NL_SET_ERR_MSG_MOD(extack, "deny list is full (limit "
					   __stringify(NAT64_MAX_DENY) ")");
		return -ENOSPC;
	}
	tab[(*nr)++] = a->p;
	return 0;
}

static int p4_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct p4_arg *a = arg;
	struct nat64_prefix4 *tab = *a->list->arr(c);
	unsigned int *nr = a->list->nr(c);
	unsigned int i;

	for (i = 0; i < *nr; i++) {
		if (p4_equal(&tab[i], &a->p)) {
			array_remove(tab, nr, i, sizeof(*tab));
			return 0;
		}
	}
	NL_SET_ERR_MSG_MOD(extack, "prefix not found in this list");
	return -ENOENT;
}

static int p4_edit(struct genl_info *info, const struct p4_list *list, nat64_config_edit_fn fn)
{
	struct p4_arg a = { .list = list };
	int err = nat64_nl_prefix4(info, &a.p);

	if (err)
		return err;
	if (fn == p4_add_fn && list == &pool_list && nat64_addr4_is_special(a.p.addr)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[NAT64_A_PREFIX4],
				    "pool6791 prefix is in a special range (0/8, 127/8, 224/3...)");
		return -EINVAL;
	}
	return nat64_config_edit(genl_info_net(info), fn, &a, info->extack);
}

int nat64_nl_pool6791_add(struct sk_buff *skb, struct genl_info *info)
{
	return p4_edit(info, &pool_list, p4_add_fn);
}

int nat64_nl_pool6791_del(struct sk_buff *skb, struct genl_info *info)
{
	return p4_edit(info, &pool_list, p4_del_fn);
}

int nat64_nl_deny_add(struct sk_buff *skb, struct genl_info *info)
{
	return p4_edit(info, &deny_list, p4_add_fn);
}

int nat64_nl_deny_del(struct sk_buff *skb, struct genl_info *info)
{
	return p4_edit(info, &deny_list, p4_del_fn);
}

/* ---- flush ---- */

static int flush_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	switch (*(u8 *)arg) {
	case NAT64_LIST_PREFIX:
		c->nr_prefixes = 0;
		break;
	case NAT64_LIST_EAM:
		c->nr_eam = 0;
		break;
	case NAT64_LIST_POOL6791:
		c->nr_pool6791 = 0;
		break;
	case NAT64_LIST_DENY:
		c->nr_deny = 0;
		break;
	}
	return 0;
}

int nat64_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	u8 list;

	if (!info->attrs[NAT64_A_LIST]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing list to flush (NAT64_A_LIST)");
		return -EINVAL;
	}
	list = nla_get_u8(info->attrs[NAT64_A_LIST]);
	switch (list) {
	case NAT64_LIST_POOL4:
		return nat64_nl_pool4_flush(info);
	case NAT64_LIST_BIB:
	case NAT64_LIST_SESSION:
		return nat64_nl_state_flush(info, list);
	case NAT64_LIST_OPTPOOL:
	case NAT64_LIST_OPTCLIENT:
	case NAT64_LIST_OPTDEST:
	case NAT64_LIST_HOSTFLOW:
		return nat64_nl_opt_flush(info, list);
	}
	return nat64_config_edit(genl_info_net(info), flush_fn, &list, info->extack);
}

/* ---- dumps ---- */

enum dump_kind { DUMP_PREFIX, DUMP_EAM, DUMP_POOL6791, DUMP_DENY };

static int put_entry(struct sk_buff *skb, const struct nat64_config *c, int k, unsigned int i)
{
	switch (k) {
	case DUMP_PREFIX:
		return nat64_nl_put_prefix6(skb, &c->prefixes[i]);
	case DUMP_EAM:
		return nat64_nl_put_prefix6(skb, &c->eam6[i].p6) ?:
		       nat64_nl_put_prefix4(skb, &c->eam6[i].p4);
	case DUMP_POOL6791:
		return nat64_nl_put_prefix4(skb, &c->pool6791[i]);
	case DUMP_DENY:
		return nat64_nl_put_prefix4(skb, &c->deny[i]);
	}
	return -EINVAL;
}

static unsigned int nr_entries(const struct nat64_config *c, int k)
{
	switch (k) {
	case DUMP_PREFIX:
		return c->nr_prefixes;
	case DUMP_EAM:
		return c->nr_eam;
	case DUMP_POOL6791:
		return c->nr_pool6791;
	case DUMP_DENY:
		return c->nr_deny;
	}
	return 0;
}

static const struct nat64_nl_list lists = { .count = nr_entries, .put = put_entry };

static int list_dump(struct sk_buff *skb, struct netlink_callback *cb, enum dump_kind k, u8 cmd)
{
	return nat64_nl_dump_config(skb, cb, cmd, &lists, k);
}

int nat64_nl_prefix_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return list_dump(skb, cb, DUMP_PREFIX, NAT64_CMD_PREFIX_GET);
}

int nat64_nl_eam_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return list_dump(skb, cb, DUMP_EAM, NAT64_CMD_EAM_GET);
}

int nat64_nl_pool6791_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return list_dump(skb, cb, DUMP_POOL6791, NAT64_CMD_POOL6791_GET);
}

int nat64_nl_deny_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return list_dump(skb, cb, DUMP_DENY, NAT64_CMD_DENY_GET);
}
