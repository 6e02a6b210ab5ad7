// SPDX-License-Identifier: GPL-2.0
/*
 * Control plane of TCP state in the packet (Documentation/tcp-option-state.rst):
 * sealing keys, the mapping key, the option pool, client prefixes, option
 * destinations, the tcp-option-mode and host-idle-timeout settings and the
 * host role's flow dump. Keys never leave the kernel: only fingerprints.
 *
 * Option mode is only switched on with an active key, a mapping key, an
 * option pool and a client prefix; while it is on, edits that would remove
 * one of these are refused, so the packet path never sees a half-configured
 * snapshot.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringify.h>
#include <net/ipv6.h>
#include "netlink_priv.h"
#include "opt/opt.h"

/* A fixed, public SipHash key: fingerprints compare keys, they hide nothing else. */
static const u8 fingerprint_seed[16] = "nat64 key id v1";

static u64 fingerprint(const void *data, size_t len)
{
	struct nat64_siphash_key k;

	nat64_siphash_key_from_bytes(&k, fingerprint_seed);
	return nat64_siphash(data, len, &k);
}

static int require_mode(const struct nat64_config *c, u8 mode, struct netlink_ext_ack *extack)
{
	if (c->mode == mode)
		return 0;
	if (mode == NAT64_MODE_HOST)
		NL_SET_ERR_MSG_MOD(extack, "this needs an instance in mode host");
	else
		NL_SET_ERR_MSG_MOD(extack, "keys, option pool, client prefixes and option "
				   "destinations need an instance in mode nat64");
	return -EOPNOTSUPP;
}

/*
 * Everything option mode needs, or -EINVAL naming the first missing piece.
 * what says which edit is being checked ("" when switching the mode on).
 */
static int opt_ready(const struct nat64_config *c, struct netlink_ext_ack *extack)
{
	if (!(c->key_present & BIT(c->key_active))) {
		NL_SET_ERR_MSG_MOD(extack, "tcp-option-mode needs an active sealing key "
				   "(nat64ctl key set SLOT HEX active)");
		return -EINVAL;
	}
	if (!c->mapkey_set) {
		NL_SET_ERR_MSG_MOD(extack, "tcp-option-mode needs a mapping key (nat64ctl mapkey set)");
		return -EINVAL;
	}
	if (!c->nr_optpool) {
		NL_SET_ERR_MSG_MOD(extack, "tcp-option-mode needs an option pool (nat64ctl optpool add)");
		return -EINVAL;
	}
	if (!c->nr_optclient) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tcp-option-mode needs a client prefix (nat64ctl optclient add)");
		return -EINVAL;
	}
	return 0;
}

/* After an edit: refuse it when option mode is on and it broke readiness. */
static int still_ready(const struct nat64_config *c, struct netlink_ext_ack *extack)
{
	int err;

	if (!c->tcp_option_mode)
		return 0;
	err = opt_ready(c, extack);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "refused while tcp-option-mode is on: it would leave "
				   "it without a key, mapping key, option pool or client prefix "
				   "(set tcp-option-mode off first)");
	return err;
}

/* ---- keys ---- */

struct key_arg {
	u8 slot;
	bool has_key;
	bool activate;
	u8 secret[NAT64_OPTSEAL_SECRET_LEN];
};

static int key_set_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	struct key_arg *a = arg;
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	if (a->has_key) {
		nat64_optseal_key_init(&c->seal[a->slot], a->secret);
		c->key_id[a->slot] = fingerprint(a->secret, sizeof(a->secret));
		/* The first key is the active one whatever the slot. */
		if (!c->key_present)
			c->key_active = a->slot;
		c->key_present |= BIT(a->slot);
	} else if (!(c->key_present & BIT(a->slot))) {
		NL_SET_ERR_MSG_MOD(extack, "no key in this slot to activate");
		return -ENOENT;
	}
	if (a->activate)
		c->key_active = a->slot;
	return 0;
}

int nat64_nl_key_set(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;
	struct key_arg a = {};
	int err;

	if (!tb[NAT64_A_KEY_SLOT]) {
		NL_SET_ERR_MSG_MOD(extack, "missing key slot (NAT64_A_KEY_SLOT, 0 or 1)");
		return -EINVAL;
	}
	a.slot = nla_get_u8(tb[NAT64_A_KEY_SLOT]);
	a.activate = tb[NAT64_A_KEY_ACTIVE] && nla_get_u8(tb[NAT64_A_KEY_ACTIVE]);
	a.has_key = !!tb[NAT64_A_KEY];
	if (!a.has_key && !a.activate) {
		NL_SET_ERR_MSG_MOD(extack, "missing key (NAT64_A_KEY, 32 bytes) or activation "
				   "(NAT64_A_KEY_ACTIVE)");
		return -EINVAL;
	}
	if (a.has_key)
		nla_memcpy(a.secret, tb[NAT64_A_KEY], sizeof(a.secret));
	err = nat64_config_edit(genl_info_net(info), key_set_fn, &a, extack);
	memzero_explicit(a.secret, sizeof(a.secret));
	return err;
}

static int key_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	u8 slot = *(u8 *)arg;
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	if (!(c->key_present & BIT(slot))) {
		NL_SET_ERR_MSG_MOD(extack, "no key in this slot");
		return -ENOENT;
	}
	/*
	 * The active key seals every new option. Deleting it is refused when
	 * another key could take over (activate that one first) or while
	 * option mode is on; the last key of an idle gateway may go.
	 */
	if (slot == c->key_active && (c->tcp_option_mode || c->key_present != BIT(slot))) {
		NL_SET_ERR_MSG_MOD(extack, "refusing to delete the active key: activate the "
				   "other key first (nat64ctl key activate SLOT)");
		return -EBUSY;
	}
	memzero_explicit(&c->seal[slot], sizeof(c->seal[slot]));
	c->key_id[slot] = 0;
	c->key_present &= ~BIT(slot);
	return 0;
}

int nat64_nl_key_del(struct sk_buff *skb, struct genl_info *info)
{
	u8 slot;

	if (!info->attrs[NAT64_A_KEY_SLOT]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing key slot (NAT64_A_KEY_SLOT, 0 or 1)");
		return -EINVAL;
	}
	slot = nla_get_u8(info->attrs[NAT64_A_KEY_SLOT]);
	return nat64_config_edit(genl_info_net(info), key_del_fn, &slot, info->extack);
}

static int mapkey_set_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	nat64_optmap_key_init(&c->mapkey, arg);
	c->mapkey_set = true;
	return 0;
}

int nat64_nl_mapkey_set(struct sk_buff *skb, struct genl_info *info)
{
	u8 secret[NAT64_OPTSEAL_SECRET_LEN];
	int err;

	if (!info->attrs[NAT64_A_KEY]) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing mapping key (NAT64_A_KEY, 32 bytes)");
		return -EINVAL;
	}
	nla_memcpy(secret, info->attrs[NAT64_A_KEY], sizeof(secret));
	err = nat64_config_edit(genl_info_net(info), mapkey_set_fn, secret, info->extack);
	memzero_explicit(secret, sizeof(secret));
	return err;
}

/*
 * One message per key slot in use (KEY_SLOT, KEY_ACTIVE, KEY_ID), then one
 * for the mapping key (KEY_ID only) when it is set. cb->args[0]: next item.
 */
int nat64_nl_key_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct nat64_instance *inst;
	const struct nat64_config *c;
	unsigned int i;
	int err;

	rcu_read_lock();
	inst = nat64_nl_instance_rcu(sock_net(cb->skb->sk), cb->extack);
	if (!inst) {
		err = -ENOENT;
		goto out;
	}
	c = rcu_dereference(inst->cfg);
	for (i = cb->args[0]; i < 3; i++) {
		void *hdr;
		bool fail;

		if (i < 2 && !(c->key_present & BIT(i)))
			continue;
		if (i == 2 && !c->mapkey_set)
			continue;
		hdr = nat64_nl_dump_put(skb, cb, NAT64_CMD_KEY_GET);
		if (!hdr)
			break;
		if (i < 2)
			fail = nla_put_u8(skb, NAT64_A_KEY_SLOT, i) ||
			       nla_put_u8(skb, NAT64_A_KEY_ACTIVE, c->key_active == i) ||
			       nla_put_u64_64bit(skb, NAT64_A_KEY_ID, c->key_id[i], NAT64_A_PAD);
		else	/* A fingerprint of the derived K_map: one-way, like the others. */
			fail = nla_put_u64_64bit(skb, NAT64_A_KEY_ID,
						 fingerprint(&c->mapkey, sizeof(c->mapkey)),
						 NAT64_A_PAD);
		if (fail) {
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

/* ---- option pool, client prefixes, option destinations ---- */

enum opt_list { OPT_POOL, OPT_CLIENT, OPT_DEST };

struct opt_arg {
	enum opt_list list;
	struct nat64_prefix6 p6;	/* OPT_CLIENT */
	struct nat64_prefix4 p4;	/* OPT_POOL, OPT_DEST */
};

static bool p4_eq(const struct nat64_prefix4 *a, const struct nat64_prefix4 *b)
{
	return a->len == b->len && a->addr == b->addr;
}

static bool p6_eq(const struct nat64_prefix6 *a, const struct nat64_prefix6 *b)
{
	return a->len == b->len && ipv6_addr_equal(&a->addr, &b->addr);
}

static int p4_list_add(struct nat64_prefix4 *tab, unsigned int *nr, unsigned int max,
		       bool no_overlap, const struct nat64_prefix4 *p,
		       struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < *nr; i++) {
		if (p4_eq(&tab[i], p)) {
			NL_SET_ERR_MSG_MOD(extack, "prefix already exists in this list");
			return -EEXIST;
		}
		if (no_overlap && nat64_prefix4_overlap(&tab[i], p)) {
			NL_SET_ERR_MSG_MOD(extack, "option pool prefixes must not overlap");
			return -EEXIST;
		}
	}
	if (*nr >= max) {
		NL_SET_ERR_MSG_MOD(extack, "list is full");
		return -ENOSPC;
	}
	tab[(*nr)++] = *p;	/* appended: the pool order is part of the mapping */
	return 0;
}

static int p4_list_del(struct nat64_prefix4 *tab, unsigned int *nr,
		       const struct nat64_prefix4 *p, struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < *nr; i++) {
		if (p4_eq(&tab[i], p)) {
			memmove(&tab[i], &tab[i + 1], (*nr - i - 1) * sizeof(*tab));
			(*nr)--;
			return 0;
		}
	}
	NL_SET_ERR_MSG_MOD(extack, "prefix not found in this list");
	return -ENOENT;
}

static int client_add(struct nat64_config *c, const struct nat64_prefix6 *p,
		      struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < c->nr_optclient; i++) {
		if (p6_eq(&c->optclient[i], p)) {
			NL_SET_ERR_MSG_MOD(extack, "client prefix already exists");
			return -EEXIST;
		}
	}
	if (c->nr_optclient >= NAT64_MAX_OPTCLIENT) {
		NL_SET_ERR_MSG_MOD(extack, "too many client prefixes (limit "
				   __stringify(NAT64_MAX_OPTCLIENT) ")");
		return -ENOSPC;
	}
	c->optclient[c->nr_optclient++] = *p;	/* its index is its position */
	return 0;
}

/*
 * A client prefix's index travels in every option: deleting one from the
 * middle would renumber the following ones and break their live connections
 * on every gateway. Only the last one may be deleted (flush and re-add to
 * reorganise, while draining).
 */
static int client_del(struct nat64_config *c, const struct nat64_prefix6 *p,
		      struct netlink_ext_ack *extack)
{
	unsigned int i;

	for (i = 0; i < c->nr_optclient; i++) {
		if (!p6_eq(&c->optclient[i], p))
			continue;
		if (i != c->nr_optclient - 1) {
			NL_SET_ERR_MSG_MOD(extack, "only the last client prefix can be deleted: "
					   "deleting another renumbers the following ones and breaks "
					   "their connections (flush and re-add instead)");
			return -EBUSY;
		}
		c->nr_optclient--;
		return 0;
	}
	NL_SET_ERR_MSG_MOD(extack, "client prefix not found");
	return -ENOENT;
}

static int opt_add_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct opt_arg *a = arg;
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	switch (a->list) {
	case OPT_POOL:
		err = nat64_nl_engines_disjoint(c, &a->p4, false, extack);
		if (err)
			return err;
		return p4_list_add(c->optpool, &c->nr_optpool, NAT64_MAX_OPTPOOL, true, &a->p4,
				   extack);
	case OPT_DEST:
		return p4_list_add(c->optdest, &c->nr_optdest, NAT64_MAX_OPTDEST, false, &a->p4,
				   extack);
	default:
		return client_add(c, &a->p6, extack);
	}
}

static int opt_del_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	const struct opt_arg *a = arg;
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	switch (a->list) {
	case OPT_POOL:
		err = p4_list_del(c->optpool, &c->nr_optpool, &a->p4, extack);
		break;
	case OPT_DEST:
		err = p4_list_del(c->optdest, &c->nr_optdest, &a->p4, extack);
		break;
	default:
		err = client_del(c, &a->p6, extack);
		break;
	}
	return err ?: still_ready(c, extack);
}

static int opt_edit(struct genl_info *info, enum opt_list list, nat64_config_edit_fn fn)
{
	struct netlink_ext_ack *extack = info->extack;
	struct opt_arg a = { .list = list };
	int err;

	if (list == OPT_CLIENT) {
		err = nat64_nl_prefix6(info, &a.p6, false);
		if (err)
			return err;
		if (!nat64_optseal_client_len_valid(a.p6.len)) {
			NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX6_LEN],
					    "client prefix length must be 40..128");
			return -EINVAL;
		}
	} else {
		err = nat64_nl_prefix4(info, &a.p4);
		if (err)
			return err;
		if (list == OPT_POOL && fn == opt_add_fn && nat64_addr4_is_special(a.p4.addr)) {
			NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_PREFIX4],
					    "option pool prefix is in a special range "
					    "(0/8, 127/8, 169.254/16, 224/3)");
			return -EINVAL;
		}
	}
	return nat64_config_edit(genl_info_net(info), fn, &a, extack);
}

int nat64_nl_optpool_add(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_POOL, opt_add_fn);
}

int nat64_nl_optpool_del(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_POOL, opt_del_fn);
}

int nat64_nl_optclient_add(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_CLIENT, opt_add_fn);
}

int nat64_nl_optclient_del(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_CLIENT, opt_del_fn);
}

int nat64_nl_optdest_add(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_DEST, opt_add_fn);
}

int nat64_nl_optdest_del(struct sk_buff *skb, struct genl_info *info)
{
	return opt_edit(info, OPT_DEST, opt_del_fn);
}

static int opt_flush_fn(struct nat64_config *c, void *arg, struct netlink_ext_ack *extack)
{
	int err = require_mode(c, NAT64_MODE_NAT64, extack);

	if (err)
		return err;
	switch (*(u8 *)arg) {
	case NAT64_LIST_OPTPOOL:
		c->nr_optpool = 0;
		break;
	case NAT64_LIST_OPTCLIENT:
		c->nr_optclient = 0;
		break;
	default:
		c->nr_optdest = 0;
		break;
	}
	return still_ready(c, extack);
}

int nat64_nl_opt_flush(struct genl_info *info, u8 list)
{
	if (list == NAT64_LIST_HOSTFLOW)
		return nat64_nl_hostflow_flush(info);
	return nat64_config_edit(genl_info_net(info), opt_flush_fn, &list, info->extack);
}

static unsigned int opt_count(const struct nat64_config *c, int list)
{
	return list == OPT_POOL ? c->nr_optpool : list == OPT_DEST ? c->nr_optdest :
	       c->nr_optclient;
}

static int opt_put(struct sk_buff *skb, const struct nat64_config *c, int list, unsigned int i)
{
	if (list == OPT_POOL)
		return nat64_nl_put_prefix4(skb, &c->optpool[i]);
	if (list == OPT_DEST)
		return nat64_nl_put_prefix4(skb, &c->optdest[i]);
	return nat64_nl_put_prefix6(skb, &c->optclient[i]);
}

static const struct nat64_nl_list opt_lists = { .count = opt_count, .put = opt_put };

static int opt_list_dump(struct sk_buff *skb, struct netlink_callback *cb, enum opt_list list,
			 u8 cmd)
{
	return nat64_nl_dump_config(skb, cb, cmd, &opt_lists, list);
}

int nat64_nl_optpool_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return opt_list_dump(skb, cb, OPT_POOL, NAT64_CMD_OPTPOOL_GET);
}

int nat64_nl_optclient_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return opt_list_dump(skb, cb, OPT_CLIENT, NAT64_CMD_OPTCLIENT_GET);
}

int nat64_nl_optdest_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return opt_list_dump(skb, cb, OPT_DEST, NAT64_CMD_OPTDEST_GET);
}

/* ---- settings and instance info ---- */

bool nat64_nl_settings_opt_given(struct nlattr **tb)
{
	return tb[NAT64_A_TCP_OPTION_MODE] || tb[NAT64_A_HOST_IDLE_TIMEOUT] ||
	       tb[NAT64_A_HOST_MAX_FLOWS];
}

int nat64_nl_settings_opt(struct nat64_config *c, struct nlattr **tb,
			  struct netlink_ext_ack *extack)
{
	int err;

	if (tb[NAT64_A_HOST_IDLE_TIMEOUT]) {
		err = require_mode(c, NAT64_MODE_HOST, extack);
		if (err)
			return err;
		c->host_idle_timeout = nla_get_u32(tb[NAT64_A_HOST_IDLE_TIMEOUT]);
	}
	if (tb[NAT64_A_HOST_MAX_FLOWS]) {
		/* Range checked by the policy. Lowering it forgets nothing: new flows wait. */
		err = require_mode(c, NAT64_MODE_HOST, extack);
		if (err)
			return err;
		c->host_max_flows = nla_get_u32(tb[NAT64_A_HOST_MAX_FLOWS]);
	}
	if (tb[NAT64_A_TCP_OPTION_MODE]) {
		bool on = nla_get_u8(tb[NAT64_A_TCP_OPTION_MODE]);

		err = require_mode(c, NAT64_MODE_NAT64, extack);
		if (err)
			return err;
		if (on) {
			err = opt_ready(c, extack);
			if (err)
				return err;
		}
		c->tcp_option_mode = on;
	}
	return 0;
}

int nat64_nl_put_settings_opt(struct sk_buff *msg, const struct nat64_config *c)
{
	if (c->mode == NAT64_MODE_NAT64)
		return nla_put_u8(msg, NAT64_A_TCP_OPTION_MODE, c->tcp_option_mode);
	if (c->mode == NAT64_MODE_HOST)
		return nla_put_u32(msg, NAT64_A_HOST_IDLE_TIMEOUT, c->host_idle_timeout) ||
		       nla_put_u32(msg, NAT64_A_HOST_MAX_FLOWS,
				   c->host_max_flows ?: NAT64_HOST_MAX_FLOWS) ? -EMSGSIZE : 0;
	return 0;
}

int nat64_nl_put_counts_opt(struct sk_buff *msg, const struct nat64_instance *inst)
{
	const struct nat64_config *c = rcu_dereference(inst->cfg);

	if (c->mode == NAT64_MODE_NAT64)
		return nla_put_u8(msg, NAT64_A_TCP_OPTION_MODE, c->tcp_option_mode) ||
		       nla_put_u32(msg, NAT64_A_COUNT_OPTPOOL, c->nr_optpool) ||
		       nla_put_u32(msg, NAT64_A_COUNT_OPTCLIENT, c->nr_optclient) ||
		       nla_put_u32(msg, NAT64_A_COUNT_OPTDEST, c->nr_optdest) ? -EMSGSIZE : 0;
	if (c->mode == NAT64_MODE_HOST)
		return nla_put_u32(msg, NAT64_A_COUNT_HOSTFLOW, nat64_nl_hostflow_count(inst)) ?
		       -EMSGSIZE : 0;
	return 0;
}
