// SPDX-License-Identifier: GPL-2.0
/*
 * Mapping creation/deletion events (log-mappings): NAT64_CMD_EVENT sent to
 * the "nat64_events" multicast group of the instance's namespace. Sent from
 * the packet path (BHs off, table lock held), so GFP_ATOMIC, and only built
 * when someone listens.
 */
#include <linux/ktime.h>
#include <net/genetlink.h>
#include <uapi/linux/nat64.h>
#include "netlink_priv.h"
#include "nat.h"

void nat64_event_mapping(struct nat64_state *st, const struct nat64_config *cfg, u8 type,
			 const struct nat64_bib *b)
{
	struct net *net = st->inst->net;
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&nat64_genl_family, net, NAT64_NL_MCGRP_EVENTS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE / 16, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &nat64_genl_family, 0, NAT64_CMD_EVENT);
	if (!hdr)
		goto fail;
	if (nla_put_u8(msg, NAT64_A_EVENT_TYPE, type) ||
	    nla_put_u64_64bit(msg, NAT64_A_TIME, ktime_get_real_ns(), NAT64_A_PAD) ||
	    nla_put_u8(msg, NAT64_A_PROTO, b->proto) ||
	    nla_put_in6_addr(msg, NAT64_A_ADDR6, &b->k6.a) ||
	    nla_put_u16(msg, NAT64_A_PORT6, b->k6.port) ||
	    nla_put_in_addr(msg, NAT64_A_ADDR4, b->k4.a) ||
	    nla_put_u16(msg, NAT64_A_PORT4, b->k4.port) ||
	    nla_put_u8(msg, NAT64_A_STATIC, b->is_static))
		goto fail;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&nat64_genl_family, net, msg, 0, NAT64_NL_MCGRP_EVENTS,
				GFP_ATOMIC);
	return;
fail:
	nlmsg_free(msg);
}
