// SPDX-License-Identifier: GPL-2.0
/*
 * Host role: NAT64_CMD_HOSTFLOW_GET (one message per connection holding an
 * option, paged with the resumable cursor of kmod/opt/opt.h) and the flow
 * count of INSTANCE_GET.
 */
#include "netlink_priv.h"
#include "opt/opt.h"

u32 nat64_nl_hostflow_count(const struct nat64_instance *inst)
{
	return nat64_host_count(inst);
}

struct hostflow_arg {
	struct sk_buff *skb;
	struct netlink_callback *cb;
};

/*
 * As the host sees it: REMOTE4:REMOTE_PORT4 is the gateway side (T:t),
 * ADDR4:PORT4 the server (Z:z). The option is public (it is on the wire).
 */
static int put_flow(const struct nat64_hostflow_info *f, void *data)
{
	struct hostflow_arg *a = data;
	void *hdr = nat64_nl_dump_put(a->skb, a->cb, NAT64_CMD_HOSTFLOW_GET);

	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_in_addr(a->skb, NAT64_A_REMOTE4, f->remote4) ||
	    nla_put_u16(a->skb, NAT64_A_REMOTE_PORT4, f->rport4) ||
	    nla_put_in_addr(a->skb, NAT64_A_ADDR4, f->local4) ||
	    nla_put_u16(a->skb, NAT64_A_PORT4, f->port4) ||
	    nla_put(a->skb, NAT64_A_OPTION, NAT64_TCPOPT_LEN, f->option) ||
	    nla_put_u32(a->skb, NAT64_A_EXPIRES, f->expires_ms) ||
	    nla_put_u8(a->skb, NAT64_A_TCP_STATE, f->closing ? NAT64_TCP_TRANS :
		       NAT64_TCP_ESTABLISHED)) {
		genlmsg_cancel(a->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(a->skb, hdr);
	return 0;
}

int nat64_nl_hostflow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct nat64_hostflow_cursor *cur = (void *)cb->ctx;
	struct hostflow_arg a = { skb, cb };
	struct nat64_instance *inst;
	int err;

	BUILD_BUG_ON(sizeof(*cur) > sizeof(cb->ctx));
	if (cur->done)
		return 0;
	rcu_read_lock();
	inst = nat64_nl_instance_rcu(sock_net(cb->skb->sk), cb->extack);
	if (!inst) {
		err = -ENOENT;
		goto out;
	}
	err = nat64_hostflow_dump(inst, cur, put_flow, &a);
	if (err == -EOPNOTSUPP) {
		NL_SET_ERR_MSG_MOD(cb->extack, "host flows exist only in an instance in mode host");
		goto out;
	}
	/* Nothing fit although the walk stopped: one entry larger than a message. */
	err = (err == 1 && !skb->len) ? -EMSGSIZE : skb->len;
out:
	rcu_read_unlock();
	return err;
}

/* FLUSH of NAT64_LIST_HOSTFLOW: the host forgets every option it holds. */
int nat64_nl_hostflow_flush(struct genl_info *info)
{
	struct nat64_instance *inst;
	int err;

	mutex_lock(&nat64_pernet(genl_info_net(info))->lock);
	inst = nat64_instance_locked(genl_info_net(info), info->extack);
	if (!inst) {
		err = -ENOENT;
	} else if (rcu_dereference_protected(inst->cfg, 1)->mode != NAT64_MODE_HOST) {
		NL_SET_ERR_MSG_MOD(info->extack, "host flows exist only in an instance in mode host");
		err = -EOPNOTSUPP;
	} else {
		nat64_host_flush(inst);
		err = 0;
	}
	mutex_unlock(&nat64_pernet(genl_info_net(info))->lock);
	return err;
}
