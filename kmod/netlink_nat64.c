// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 tables over generic netlink: requested mappings
 * (BIB_ADD/BIB_DEL), BIB and session dumps, flushes and table counts. The
 * tables belong to the engine (kmod/nat/state.h); this file translates
 * between attributes and its API. Changes run under the pernet mutex so
 * they are serialised with pool4 edits; dumps run under RCU with the
 * engine's resumable cursor kept in cb->ctx.
 */
#include <linux/slab.h>
#include <linux/stringify.h>
#include <net/ipv6.h>
#include "compat.h"
#include "netlink_priv.h"
#include "nat/state.h"

/*
 * Lock the namespace and find its NAT64 instance. Returns it with pn->lock
 * held, or NULL (unlocked, extack set, *err set).
 */
static struct nat64_instance *lock_nat64(struct net *net, struct netlink_ext_ack *extack,
					 int *err)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	mutex_lock(&pn->lock);
	inst = nat64_instance_locked(net, extack);
	if (!inst) {
		*err = -ENOENT;
	} else if (!nat64_state_of(inst)) {
		nat64_nl_require_nat64(rcu_dereference_protected(inst->cfg,
					lockdep_is_held(&pn->lock)), extack);
		*err = -EOPNOTSUPP;
		inst = NULL;
	}
	if (!inst)
		mutex_unlock(&pn->lock);
	return inst;
}

static void unlock_nat64(struct net *net)
{
	mutex_unlock(&nat64_pernet(net)->lock);
}

int nat64_nl_put_counts(struct sk_buff *msg, const struct nat64_instance *inst)
{
	const struct nat64_config *c = rcu_dereference(inst->cfg);

	if (nla_put_u32(msg, NAT64_A_COUNT_POOL4, c->nr_pool4) ||
	    nla_put_u32(msg, NAT64_A_COUNT_BIB, nat64_bib_count(inst, 0)) ||
	    nla_put_u32(msg, NAT64_A_COUNT_SESSION, nat64_session_count(inst, 0)) ||
	    nla_put_u32(msg, NAT64_A_COUNT_BUCKETS, nat64_bucket_count(inst)))
		return -EMSGSIZE;
	return 0;
}

/* pool4 shrank: drop the mappings it no longer covers (engine contract). */
void nat64_nl_pool4_changed(struct net *net)
{
	struct nat64_pernet *pn = nat64_pernet(net);
	struct nat64_instance *inst;

	mutex_lock(&pn->lock);
	inst = rcu_dereference_protected(pn->inst, lockdep_is_held(&pn->lock));
	if (inst && nat64_state_of(inst))
		nat64_state_pool4_changed(inst, rcu_dereference_protected(inst->cfg,
					  lockdep_is_held(&pn->lock)));
	mutex_unlock(&pn->lock);
}

/* ---- attributes of one mapping ---- */

static int put_peers(struct sk_buff *skb, const struct nat64_prefix4 *peers, unsigned int n)
{
	struct nlattr *all, *one;
	unsigned int i;

	if (!n)
		return 0;
	all = nla_nest_start(skb, NAT64_A_PEERS);
	if (!all)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		one = nla_nest_start(skb, NAT64_A_PEER);
		if (!one || nat64_nl_put_prefix4(skb, &peers[i]))
			return -EMSGSIZE;
		nla_nest_end(skb, one);
	}
	nla_nest_end(skb, all);
	return 0;
}

static int put_bib(struct sk_buff *skb, const struct nat64_bib_info *b)
{
	if (nla_put_u8(skb, NAT64_A_PROTO, b->proto) ||
	    nla_put_in6_addr(skb, NAT64_A_ADDR6, &b->addr6) ||
	    nla_put_u16(skb, NAT64_A_PORT6, b->port6) ||
	    nla_put_in_addr(skb, NAT64_A_ADDR4, b->addr4) ||
	    nla_put_u16(skb, NAT64_A_PORT4, b->port4) ||
	    nla_put_u8(skb, NAT64_A_STATIC, b->is_static) ||
	    nla_put_u32(skb, NAT64_A_EXPIRES, b->expires_ms) ||
	    nla_put_u32(skb, NAT64_A_COUNT_SESSION, b->nr_sessions))
		return -EMSGSIZE;
	return put_peers(skb, b->peers, min_t(unsigned int, b->nr_peers, NAT64_BIB_MAX_PEERS));
}

static int put_session(struct sk_buff *skb, const struct nat64_session_info *s)
{
	if (nla_put_u8(skb, NAT64_A_PROTO, s->proto) ||
	    nla_put_in6_addr(skb, NAT64_A_ADDR6, &s->addr6) ||
	    nla_put_u16(skb, NAT64_A_PORT6, s->port6) ||
	    nla_put_in6_addr(skb, NAT64_A_REMOTE6, &s->remote6) ||
	    nla_put_u16(skb, NAT64_A_REMOTE_PORT6, s->rport6) ||
	    nla_put_in_addr(skb, NAT64_A_ADDR4, s->addr4) ||
	    nla_put_u16(skb, NAT64_A_PORT4, s->port4) ||
	    nla_put_in_addr(skb, NAT64_A_REMOTE4, s->remote4) ||
	    nla_put_u16(skb, NAT64_A_REMOTE_PORT4, s->rport4) ||
	    nla_put_u32(skb, NAT64_A_EXPIRES, s->expires_ms))
		return -EMSGSIZE;
	if (s->proto == IPPROTO_TCP && nla_put_u8(skb, NAT64_A_TCP_STATE, s->tcp_state))
		return -EMSGSIZE;
	return 0;
}

/* ---- requested mappings ---- */

static int parse_peers(struct genl_info *info, struct nat64_prefix4 *peers, unsigned int *n)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *peer, *a;
	int rem, rem2;

	*n = 0;
	if (!info->attrs[NAT64_A_PEERS])
		return 0;
	/* The policy has checked types and lengths of everything inside. */
	nla_for_each_nested(peer, info->attrs[NAT64_A_PEERS], rem) {
		struct nat64_prefix4 p = { 0 };
		bool has_addr = false, has_len = false;

		if (nla_type(peer) != NAT64_A_PEER)
			continue;
		nla_for_each_nested(a, peer, rem2) {
			if (nla_type(a) == NAT64_A_PREFIX4) {
				p.addr = nla_get_in_addr(a);
				has_addr = true;
			} else if (nla_type(a) == NAT64_A_PREFIX4_LEN) {
				p.len = nla_get_u8(a);
				has_len = true;
			}
		}
		if (!has_addr || !has_len) {
			NL_SET_ERR_MSG_ATTR(extack, peer, "peer needs PREFIX4 and PREFIX4_LEN");
			return -EINVAL;
		}
		if (!nat64_prefix4_canonical(&p)) {
			NL_SET_ERR_MSG_ATTR(extack, peer,
					    "peer prefix has bits set past its length (not canonical)");
			return -EINVAL;
		}
		if (*n >= NAT64_BIB_MAX_PEERS) {
			NL_SET_ERR_MSG_ATTR(extack, peer, "too many peers (limit "
					    __stringify(NAT64_BIB_MAX_PEERS) ")");
			return -EINVAL;
		}
		peers[(*n)++] = p;
	}
	return 0;
}

static int parse_addr6_port(struct genl_info *info, struct in6_addr *a, u16 *port)
{
	struct netlink_ext_ack *extack = info->extack;

	if (!info->attrs[NAT64_A_ADDR6] || !info->attrs[NAT64_A_PORT6]) {
		NL_SET_ERR_MSG_MOD(extack, "missing IPv6 address and port (NAT64_A_ADDR6, PORT6)");
		return -EINVAL;
	}
	*a = nla_get_in6_addr(info->attrs[NAT64_A_ADDR6]);
	*port = nla_get_u16(info->attrs[NAT64_A_PORT6]);
	if (nat64_addr6_is_special(a) || ipv6_addr_is_multicast(a) || ipv6_addr_v4mapped(a)) {
		NL_SET_ERR_MSG_ATTR(extack, info->attrs[NAT64_A_ADDR6],
				    "IPv6 address is special (unspecified, loopback, multicast, "
				    "IPv4-mapped)");
		return -EINVAL;
	}
	return 0;
}

static int parse_request(struct genl_info *info, struct nat64_bib_request *req,
			 struct nat64_prefix4 *peers)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **tb = info->attrs;
	int err;

	memset(req, 0, sizeof(*req));
	err = nat64_nl_proto(info, &req->proto, true) ?:
	      parse_addr6_port(info, &req->addr6, &req->port6);
	if (err)
		return err;
	if (tb[NAT64_A_ADDR4] && tb[NAT64_A_PREFIX4]) {
		NL_SET_ERR_MSG_MOD(extack, "give an IPv4 address (ADDR4) or a prefix (PREFIX4), "
				   "not both");
		return -EINVAL;
	}
	if (tb[NAT64_A_PORT4] && (tb[NAT64_A_PORT_MIN] || tb[NAT64_A_PORT_MAX])) {
		NL_SET_ERR_MSG_MOD(extack, "give a port (PORT4) or a range (PORT_MIN/MAX), not both");
		return -EINVAL;
	}
	if (tb[NAT64_A_ADDR4]) {
		req->want4.addr = nla_get_in_addr(tb[NAT64_A_ADDR4]);
		req->want4.len = 32;
	} else if (tb[NAT64_A_PREFIX4]) {
		err = nat64_nl_prefix4(info, &req->want4);
		if (err)
			return err;
		if (!req->want4.len) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NAT64_A_PREFIX4_LEN],
					    "prefix length 0: leave the IPv4 side out instead");
			return -EINVAL;
		}
	}
	if (tb[NAT64_A_PORT4]) {
		req->port_min = nla_get_u16(tb[NAT64_A_PORT4]);
		req->port_max = req->port_min;
	} else if (tb[NAT64_A_PORT_MIN] || tb[NAT64_A_PORT_MAX]) {
		if (!tb[NAT64_A_PORT_MIN] || !tb[NAT64_A_PORT_MAX]) {
			NL_SET_ERR_MSG_MOD(extack, "give both ends of the port range");
			return -EINVAL;
		}
		req->port_min = nla_get_u16(tb[NAT64_A_PORT_MIN]);
		req->port_max = nla_get_u16(tb[NAT64_A_PORT_MAX]);
		if (req->port_min > req->port_max) {
			NL_SET_ERR_MSG_ATTR(extack, tb[NAT64_A_PORT_MIN],
					    "port range is empty (min > max)");
			return -EINVAL;
		}
	}
	if (req->proto != IPPROTO_ICMP && req->port_min == 0 && req->port_max != 0) {
		NL_SET_ERR_MSG_MOD(extack, "TCP and UDP ports start at 1 (port 0 is invalid)");
		return -EINVAL;
	}
	if (tb[NAT64_A_LIFETIME])
		req->lifetime = nla_get_u32(tb[NAT64_A_LIFETIME]);
	err = parse_peers(info, peers, &req->nr_peers);
	if (err)
		return err;
	req->peers = req->nr_peers ? peers : NULL;
	return 0;
}

int nat64_nl_bib_add(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nat64_prefix4 peers[NAT64_BIB_MAX_PEERS];
	struct nat64_bib_request req;
	struct nat64_instance *inst;
	struct nat64_bib_info *out;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = parse_request(info, &req, peers);
	if (err)
		return err;
	out = kzalloc(sizeof(*out), GFP_KERNEL);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!out || !msg) {
		err = -ENOMEM;
		goto free;
	}
	inst = lock_nat64(net, info->extack, &err);
	if (!inst)
		goto free;
	err = nat64_bib_add_requested(inst, rcu_dereference_protected(inst->cfg,
				      lockdep_is_held(&nat64_pernet(net)->lock)),
				      &req, out, info->extack);
	unlock_nat64(net);
	if (err)
		goto free;
	/* The reply tells the caller which T,t it got. */
	hdr = genlmsg_put_reply(msg, info, &nat64_genl_family, 0, NAT64_CMD_BIB_ADD);
	if (!hdr || put_bib(msg, out)) {
		err = -EMSGSIZE;
		goto free;
	}
	genlmsg_end(msg, hdr);
	kfree(out);
	return genlmsg_reply(msg, info);
free:
	nlmsg_free(msg);
	kfree(out);
	return err;
}

int nat64_nl_bib_del(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct nlattr **tb = info->attrs;
	struct nat64_instance *inst;
	struct in6_addr a6;
	__be32 a4 = 0;
	u16 p6 = 0, p4 = 0;
	bool by6 = tb[NAT64_A_ADDR6] || tb[NAT64_A_PORT6];
	u8 proto;
	int err;

	err = nat64_nl_proto(info, &proto, true);
	if (err)
		return err;
	if (by6 == (tb[NAT64_A_ADDR4] || tb[NAT64_A_PORT4])) {
		NL_SET_ERR_MSG_MOD(extack, "name the mapping by its IPv6 side (ADDR6, PORT6) or "
				   "by its IPv4 side (ADDR4, PORT4)");
		return -EINVAL;
	}
	if (by6) {
		err = parse_addr6_port(info, &a6, &p6);
		if (err)
			return err;
	} else {
		if (!tb[NAT64_A_ADDR4] || !tb[NAT64_A_PORT4]) {
			NL_SET_ERR_MSG_MOD(extack, "missing IPv4 address and port (ADDR4, PORT4)");
			return -EINVAL;
		}
		a4 = nla_get_in_addr(tb[NAT64_A_ADDR4]);
		p4 = nla_get_u16(tb[NAT64_A_PORT4]);
	}
	inst = lock_nat64(net, extack, &err);
	if (!inst)
		return err;
	err = nat64_bib_del(inst, proto, by6 ? &a6 : NULL, p6, a4, p4, extack);
	unlock_nat64(net);
	if (err == -ENOENT && !extack->_msg)
		NL_SET_ERR_MSG_MOD(extack, "no such mapping");
	return err;
}

int nat64_nl_state_flush(struct genl_info *info, u8 list)
{
	struct net *net = genl_info_net(info);
	struct nat64_instance *inst;
	u8 proto;
	int err = nat64_nl_proto(info, &proto, false);

	if (err)
		return err;
	inst = lock_nat64(net, info->extack, &err);
	if (!inst)
		return err;
	if (list == NAT64_LIST_BIB)
		nat64_bib_flush(inst, proto);
	else
		nat64_session_flush(inst, proto);
	unlock_nat64(net);
	return 0;
}

/* ---- dumps ---- */

struct dump_arg {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	u8 cmd;
};

static int bib_one(const struct nat64_bib_info *b, void *arg)
{
	struct dump_arg *d = arg;
	void *hdr = nat64_nl_dump_put(d->skb, d->cb, d->cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (put_bib(d->skb, b)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int session_one(const struct nat64_session_info *s, void *arg)
{
	struct dump_arg *d = arg;
	void *hdr = nat64_nl_dump_put(d->skb, d->cb, d->cmd);

	if (!hdr)
		return -EMSGSIZE;
	if (put_session(d->skb, s)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

static int state_dump(struct sk_buff *skb, struct netlink_callback *cb, bool bib)
{
	struct nat64_dump_cursor *cur = (void *)cb->ctx;
	struct dump_arg d = { skb, cb, bib ? NAT64_CMD_BIB_GET : NAT64_CMD_SESSION_GET };
	struct nlattr *pa = nat64_dump_attrs(cb)[NAT64_A_PROTO];
	struct nat64_instance *inst;
	int ret;

	BUILD_BUG_ON(sizeof(*cur) > sizeof(cb->ctx));
	if (cur->done)
		return 0;
	if (pa) {
		u8 p = nla_get_u8(pa);

		if (p != IPPROTO_TCP && p != IPPROTO_UDP && p != IPPROTO_ICMP) {
			NL_SET_ERR_MSG_ATTR(cb->extack, pa,
					    "protocol must be tcp (6), udp (17) or icmp (1)");
			return -EINVAL;
		}
		cur->proto = p;
	}
	rcu_read_lock();
	inst = nat64_nl_instance_rcu(sock_net(cb->skb->sk), cb->extack);
	if (!inst) {
		ret = -ENOENT;
	} else if (!nat64_state_of(inst)) {
		ret = nat64_nl_require_nat64(rcu_dereference(inst->cfg), cb->extack);
	} else {
		ret = bib ? nat64_bib_dump(inst, cur, bib_one, &d) :
			    nat64_session_dump(inst, cur, session_one, &d);
		/* Not one entry fits an empty skb: give up rather than loop forever. */
		if (ret == 1 && !skb->len)
			ret = -EMSGSIZE;
	}
	rcu_read_unlock();
	return ret < 0 ? ret : skb->len;
}

int nat64_nl_bib_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return state_dump(skb, cb, true);
}

int nat64_nl_session_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return state_dump(skb, cb, false);
}
