/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Host role internals: the per-instance table of connections holding our
 * option (host_table.c), used by the packet path (host.c).
 *
 * Entries are keyed by the IPv4 4-tuple as seen on incoming segments:
 * remote T:t (the gateway's pool address) and local Z:z. Lookups run under
 * RCU; changes take the table spinlock (BHs off). Entries are freed with
 * kfree_rcu().
 */
#ifndef NAT64_OPT_HOST_H
#define NAT64_OPT_HOST_H

#include <linux/types.h>
#include <linux/rculist.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include "core/tcpopt.h"

struct nat64_instance;

/* Connection events, kept per flow in ->events. */
#define HOST_EV_FIN_IN		0x01
#define HOST_EV_FIN_OUT		0x02
#define HOST_EV_RST		0x04

struct host_flow {
	struct hlist_node node;
	struct rcu_head rcu;
	__be32 raddr;			/* T */
	__be32 laddr;			/* Z */
	__be16 rport;			/* t */
	__be16 lport;			/* z */
	u8 opt[NAT64_TCPOPT_LEN];	/* written under the lock only when closing */
	u8 events;			/* HOST_EV_*, written locklessly (bits only get set) */
	bool dead;
	unsigned long last;		/* jiffies of the last segment, lockless */
	unsigned long closed;		/* jiffies when it started closing */
};

struct nat64_host_table {
	struct nat64_instance *inst;
	spinlock_t lock;
	atomic_t count;
	u32 seed;
	unsigned int mask;		/* buckets - 1 */
	struct delayed_work gc;
	bool stopping;
	struct hlist_head buckets[];
};

/* How long a closing connection is still remembered (retransmitted FIN/ACK). */
#define HOST_CLOSING_SECS	60
#define HOST_RST_SECS		5

struct host_flow *host_flow_lookup(struct nat64_host_table *t, __be32 raddr, __be16 rport,
				   __be32 laddr, __be16 lport);

enum host_learn {
	HOST_LEARN_SAME,	/* known flow, same option */
	HOST_LEARN_NEW,		/* new entry */
	HOST_LEARN_REUSED,	/* a closing entry took the new connection's option */
	HOST_LEARN_OTHER,	/* live flow, different option, not a SYN: kept the old one */
	HOST_LEARN_COLLISION,	/* live flow, different option, on a SYN */
	HOST_LEARN_CAP,		/* table full */
	HOST_LEARN_NOMEM,
};

/*
 * Remember opt for the flow (creates it unless cap entries exist); *out is
 * the flow (RCU) unless CAP/NOMEM.
 */
enum host_learn host_flow_learn(struct nat64_host_table *t, __be32 raddr, __be16 rport,
				__be32 laddr, __be16 lport, const u8 *opt, bool syn, u32 cap,
				struct host_flow **out);

/* A segment of the flow went by: refresh, note FIN/RST (flags from the TCP header). */
void host_flow_touch(struct host_flow *f, bool in, bool fin, bool rst);

#endif /* NAT64_OPT_HOST_H */
