/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP state in the packet (Documentation/tcp-option-state.rst): the API the
 * rest of the module calls. Implemented in kmod/opt/ (owner: option helper).
 *
 * Two roles:
 * - gateway (mode nat64 with tcp_option_mode on and a key): TCP towards
 *   cfg->optdest servers is translated without a table; the reply state
 *   travels in our TCP option (opt_gateway.c);
 * - host (mode NAT64_MODE_HOST, no translation): an IPv4 server that takes
 *   the option off incoming segments, remembers it per connection and puts
 *   it back on every segment it sends (host.c, host_table.c).
 *
 * Context rules: the packet entry points run in the netfilter hooks
 * (rcu_read_lock() held, BHs off). Lifetime functions are for instance.c
 * (pernet mutex held, process context). Dump and count functions may be
 * called from netlink handlers under rcu_read_lock().
 */
#ifndef NAT64_OPT_OPT_H
#define NAT64_OPT_OPT_H

#include <linux/types.h>
#include <linux/skbuff.h>
#include "core/tcpopt.h"

struct nat64_instance;
struct nat64_pctx;
struct nat64_host_table;

/* ---- Lifetime (instance.c only) ----------------------------------------- */

/*
 * Host role: allocate the flow table of an instance in mode host
 * (inst->host) and start its GC. 0 or -ENOMEM. Process context.
 */
int nat64_host_create(struct nat64_instance *inst);
/* Stop the GC; the table stays readable. After the hooks are gone. */
void nat64_host_stop(struct nat64_instance *inst);
/* Free the table. After a grace period following unpublication. NULL-safe. */
void nat64_host_destroy(struct nat64_instance *inst);

/* ---- Packet path (hooks.c only) ----------------------------------------- */

/*
 * Gateway, mode nat64: called before the stateful engine. Returns true when
 * the packet was handled in option mode (*verdict is then final: NF_STOLEN,
 * NF_DROP...), false when it is not an option-mode packet and the stateful
 * engine must see it (a SYN without room for our option is handed to the
 * stateful engine by these functions themselves and counted as
 * opt_fallback_stateful).
 */
bool nat64_opt_gw_6to4(const struct nat64_pctx *c, struct sk_buff *skb, unsigned int *verdict);
bool nat64_opt_gw_4to6(const struct nat64_pctx *c, struct sk_buff *skb, unsigned int *verdict);

/*
 * Gateway: an ICMPv6 error quoting Y' -> X' (ports z -> x) that matched no
 * stateful session (kmod/nat/xlat_nat.c). When it is about an option-mode
 * TCP flow (X' in a client prefix, Z in optdest) it is translated to Z with
 * the computed T:t and true is returned (*verdict final); false otherwise.
 */
struct in6_addr;
bool nat64_opt_gw_icmp6_err(const struct nat64_pctx *c, struct sk_buff *skb,
			    const struct in6_addr *x6, u16 x, __be32 z4, u16 z,
			    unsigned int *verdict);

/*
 * Host role, IPv4 only. in: PREROUTING (strip and remember the option,
 * answer collisions with RST). out: POSTROUTING, locally generated AND
 * forwarded packets (put the option back). Return a netfilter verdict.
 */
unsigned int nat64_host_in(const struct nat64_pctx *c, struct sk_buff *skb);
unsigned int nat64_host_out(const struct nat64_pctx *c, struct sk_buff *skb);

/* ---- Control plane --------------------------------------------------------- */

/* Connections the host holds an option for (NAT64_A_COUNT_HOSTFLOW). 0 if not host. */
u32 nat64_host_count(const struct nat64_instance *inst);

/* Forget every connection (NAT64_CMD_FLUSH of NAT64_LIST_HOSTFLOW). NULL-safe. */
void nat64_host_flush(struct nat64_instance *inst);

/*
 * One connection as reported by NAT64_CMD_HOSTFLOW_GET, as seen by the host:
 * the remote end is the gateway's pool address and port (T:t), the local
 * end the server (Z:z). Ports in host byte order.
 */
struct nat64_hostflow_info {
	__be32 remote4;				/* T: NAT64_A_REMOTE4 */
	__be32 local4;				/* Z: NAT64_A_ADDR4 */
	u16 rport4;				/* t: NAT64_A_REMOTE_PORT4 */
	u16 port4;				/* z: NAT64_A_PORT4 */
	u8 option[NAT64_TCPOPT_LEN];		/* NAT64_A_OPTION (20 bytes) */
	u32 idle_ms;				/* since the last segment */
	u32 expires_ms;				/* NAT64_A_EXPIRES: ms before it is forgotten */
	u8 closing;				/* RST, or FIN seen both ways */
};

/*
 * Resumable cursor: lives in netlink_callback->ctx (fits in its 48 bytes;
 * BUILD_BUG_ON it), zeroed before the first call. Walks hash buckets in
 * order and each bucket in 4-tuple order, resuming after the last entry
 * returned: an entry present during the whole dump is returned exactly
 * once; entries added or removed between calls may or may not be seen.
 */
struct nat64_hostflow_cursor {
	u32 bucket;		/* internal */
	__be32 raddr, laddr;	/* internal: key of the last entry returned */
	__be16 rport, lport;
	u8 has_key;		/* internal: the key above is set */
	u8 done;		/* set when everything was returned */
};

/*
 * Called for each entry under rcu_read_lock(): must not sleep. Return 0 to
 * go on, non-zero (e.g. -EMSGSIZE) to stop: that entry is not consumed and
 * comes first in the next call.
 */
typedef int (*nat64_hostflow_dump_fn)(const struct nat64_hostflow_info *f, void *arg);

/*
 * Walk from the cursor. 0 when complete (cur->done set), 1 when fn stopped
 * it (call again with the same cursor), -EOPNOTSUPP when inst is not in
 * mode host. Call under rcu_read_lock() with inst from nat64_instance_rcu().
 */
int nat64_hostflow_dump(struct nat64_instance *inst, struct nat64_hostflow_cursor *cur,
			nat64_hostflow_dump_fn fn, void *arg);

/*
 * Default of the host-max-flows setting (cfg->host_max_flows, 0 = this):
 * most connections a host remembers; beyond it new ones are counted in
 * drop_host_cap. The setting's range is NAT64_HOST_MAX_FLOWS_MIN .. _MAX.
 */
#define NAT64_HOST_MAX_FLOWS		(1U << 18)
#define NAT64_HOST_MAX_FLOWS_MIN	1U
#define NAT64_HOST_MAX_FLOWS_MAX	(1U << 24)

#endif /* NAT64_OPT_OPT_H */
