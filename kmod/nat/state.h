/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stateful NAT64 (RFC 6146): the API the rest of the module (instance.c,
 * the control plane in netlink_nat64.c) uses to reach the binding (BIB) and
 * session tables. Implemented in kmod/nat/ (owner: stateful engine).
 *
 * Model
 * - An instance in mode NAT64_MODE_NAT64 has a struct nat64_state (inst->state),
 *   created by nat64_instance_add() and destroyed by instance removal
 *   (instance.c calls nat64_state_create/stop/destroy; nobody else needs to).
 * - One table set per protocol (TCP, UDP, ICMP). Lookups run under RCU from
 *   both sides; every change takes the protocol's spinlock (BHs off).
 * - A BIB entry (mapping) is X',x <-> T,t. Dynamic entries die with their
 *   last session; requested ones ("nat64ctl bib add") live until their
 *   lifetime ends (then they become dynamic) or forever (lifetime 0).
 * - A session is X',x,Y',y <-> T,t,Z,z (ICMP: ports are the query
 *   identifier on the local side, 0 on the remote side).
 * - Ports and ICMP identifiers are host byte order (u16) everywhere in this
 *   API; addresses are network order (__be32 / struct in6_addr).
 *
 * Context rules for callers
 * - Every function here may be called from process context (netlink doit /
 *   dumpit) holding rcu_read_lock() or the pernet mutex, unless said otherwise.
 *   None of them sleeps except nat64_state_create/stop/destroy.
 * - inst must be a NAT64-mode instance: check nat64_state_of(inst) != NULL
 *   first (it is NULL in SIIT mode) and fail with -EOPNOTSUPP + extack
 *   ("instance is not in mode nat64") otherwise. The functions below also
 *   return -EOPNOTSUPP when it is NULL, so a missed check is harmless.
 */
#ifndef NAT64_NAT_STATE_H
#define NAT64_NAT_STATE_H

#include <linux/types.h>
#include <linux/in6.h>
#include <net/netlink.h>
#include "core/types.h"

struct nat64_instance;
struct nat64_config;
struct nat64_state;

/* Most peers a requested mapping may be restricted to. */
#define NAT64_BIB_MAX_PEERS	16

/* ---- Lifetime (instance.c only) ---------------------------------------- */

/* Allocate the tables and start the GC. 0 or -ENOMEM. Process context. */
int nat64_state_create(struct nat64_instance *inst);
/*
 * Stop the GC and free held SYNs; the tables stay readable. Call after the
 * netfilter hooks are gone, before the instance is unpublished.
 */
void nat64_state_stop(struct nat64_instance *inst);
/* Free everything. Call after a grace period following unpublication. */
void nat64_state_destroy(struct nat64_instance *inst);

/* NULL in SIIT mode. Plain pointer read; the state lives as long as inst. */
struct nat64_state *nat64_state_of(const struct nat64_instance *inst);

/* ---- Requested mappings (NAT64_CMD_BIB_ADD / BIB_DEL) -------------------- */

struct nat64_bib_request {
	u8 proto;			/* IPPROTO_TCP, IPPROTO_UDP or IPPROTO_ICMP */
	struct in6_addr addr6;		/* X' (NAT64_A_ADDR6) */
	u16 port6;			/* x (NAT64_A_PORT6); ICMP: identifier */
	/*
	 * Where T,t must come from. want4.len == 0: any pool4 address of the
	 * protocol; want4.len == 32: exactly want4.addr (NAT64_A_ADDR4), else
	 * the prefix (NAT64_A_PREFIX4/LEN). port_min..port_max: the port must be
	 * in that range (NAT64_A_PORT4 gives min == max; 0..0 means any port of
	 * the pool4 ranges). T must be in pool4 for the protocol; a port outside
	 * every pool4 range is accepted only when asked for explicitly.
	 */
	struct nat64_prefix4 want4;
	u16 port_min;
	u16 port_max;
	u32 lifetime;			/* seconds; 0 = permanent */
	const struct nat64_prefix4 *peers;	/* NULL / 0: any remote may use it */
	unsigned int nr_peers;		/* at most NAT64_BIB_MAX_PEERS */
};

/* One mapping as reported to the control plane. */
struct nat64_bib_info {
	u8 proto;
	struct in6_addr addr6;		/* X' */
	u16 port6;			/* x */
	__be32 addr4;			/* T */
	u16 port4;			/* t */
	bool is_static;			/* requested (NAT64_A_STATIC) */
	u32 expires_ms;			/* requested with a lifetime: ms left; 0 = never/dynamic */
	u32 nr_sessions;
	unsigned int nr_peers;
	struct nat64_prefix4 peers[NAT64_BIB_MAX_PEERS];
};

/*
 * Create (or update) a requested mapping. cfg is the current snapshot (for
 * pool4 and log_mappings); call under rcu_read_lock() or the pernet mutex.
 * - A dynamic mapping of X',x that satisfies want4/ports becomes requested.
 * - An existing requested mapping gets the new lifetime and peers when it
 *   satisfies want4/ports; otherwise -EEXIST. Peers of an existing entry can
 *   only be narrowed to at most as many as it was created with (a dynamic
 *   one has room for none): -EEXIST, delete it first to widen them.
 * - -EADDRNOTAVAIL: no free T,t matching the request in pool4;
 *   -EINVAL: T not in pool4 for the protocol, bad proto, too many peers;
 *   -ENOSPC: max_bib reached. extack always says why.
 * On success *out describes the mapping (out may be NULL).
 * Does not sleep (GFP_ATOMIC), so rcu_read_lock() around it is fine.
 */
int nat64_bib_add_requested(struct nat64_instance *inst, const struct nat64_config *cfg,
			    const struct nat64_bib_request *req, struct nat64_bib_info *out,
			    struct netlink_ext_ack *extack);

/*
 * Delete one mapping and all its sessions: by X',x when addr6 is non-NULL,
 * else by T,t. Works on dynamic and requested mappings. 0 or -ENOENT.
 */
int nat64_bib_del(struct nat64_instance *inst, u8 proto, const struct in6_addr *addr6,
		  u16 port6, __be32 addr4, u16 port4, struct netlink_ext_ack *extack);

/*
 * Delete every mapping (and session) of proto, or of all protocols with
 * proto 0. May sleep (works in batches): call with the pernet mutex held
 * (inst from nat64_instance_locked()), NOT under rcu_read_lock().
 */
void nat64_bib_flush(struct nat64_instance *inst, u8 proto);
/* Delete every session of proto (0: all); dynamic mappings go with them. Same rules. */
void nat64_session_flush(struct nat64_instance *inst, u8 proto);

/* Entries of proto, or of all protocols with proto 0. 0 in SIIT mode. */
u32 nat64_bib_count(const struct nat64_instance *inst, u8 proto);
u32 nat64_session_count(const struct nat64_instance *inst, u8 proto);
/* Hash buckets of all the tables (they grow and shrink with the entries); under RCU. */
u32 nat64_bucket_count(const struct nat64_instance *inst);

/*
 * pool4 changed (NAT64_CMD_POOL4_DEL, FLUSH of POOL4): call after publishing
 * the new snapshot, with the pernet mutex held, not under rcu_read_lock()
 * (may sleep). Mappings whose T,t is no
 * longer covered by pool4 are deleted with their sessions (requested ones
 * too, unless their port was outside every range from the start and T is
 * still in pool4).
 */
void nat64_state_pool4_changed(struct nat64_instance *inst, const struct nat64_config *cfg);

/* ---- Dumps (NAT64_CMD_BIB_GET / SESSION_GET) ----------------------------- */

/*
 * Resumable cursor. Lives in netlink_callback->ctx (it is smaller than the
 * 48 bytes there; BUILD_BUG_ON it) zeroed by the first call. Entries are
 * walked per protocol (TCP, UDP, ICMP, or only cur->proto when the caller
 * sets it before the first call) in the order of their IPv4 side
 * (T,t for BIB, then Z,z for sessions), each call resuming at the first key
 * after the last one returned. Entries added or deleted between calls are
 * or are not seen, but nothing present throughout is skipped or repeated:
 * a dump of a million entries comes out whole.
 */
struct nat64_dump_cursor {
	u8 proto;		/* set before the first call to dump one protocol; 0 = all */
	u8 pidx;		/* internal: protocol index being walked */
	u8 started;		/* internal: a key has been returned in this protocol */
	u8 done;		/* set when everything was returned */
	__be32 addr4;		/* internal: last key returned */
	__be32 raddr4;
	u16 port4;
	u16 rport4;
};

struct nat64_session_info {
	u8 proto;
	struct in6_addr addr6;		/* X' */
	u16 port6;			/* x */
	struct in6_addr remote6;	/* Y' */
	u16 rport6;			/* y */
	__be32 addr4;			/* T */
	u16 port4;			/* t */
	__be32 remote4;			/* Z */
	u16 rport4;			/* z */
	u8 tcp_state;			/* enum nat64_tcp_state (TCP only) */
	u32 expires_ms;			/* time left before expiry (at least) */
};

/*
 * Called for each entry with rcu_read_lock() and a spinlock held (BHs
 * off): must not sleep. Return 0 to go on, non-zero (e.g. -EMSGSIZE when
 * the skb is full) to stop; the entry that made fn fail is NOT consumed and
 * comes first in the next call.
 */
typedef int (*nat64_bib_dump_fn)(const struct nat64_bib_info *b, void *arg);
typedef int (*nat64_session_dump_fn)(const struct nat64_session_info *s, void *arg);

/*
 * Walk from the cursor. Returns 0 when the walk is complete (cur->done set),
 * 1 when fn stopped it (call again with the same cursor), -EOPNOTSUPP in
 * SIIT mode. Call under rcu_read_lock() with inst from nat64_instance_rcu().
 * Typical dumpit: ret = nat64_bib_dump(...); return ret < 0 ? ret : skb->len;
 * (return 0 once cur->done to end the dump).
 */
int nat64_bib_dump(struct nat64_instance *inst, struct nat64_dump_cursor *cur,
		   nat64_bib_dump_fn fn, void *arg);
int nat64_session_dump(struct nat64_instance *inst, struct nat64_dump_cursor *cur,
		       nat64_session_dump_fn fn, void *arg);

/* ---- Events --------------------------------------------------------------- */

/*
 * Mapping creation/deletion events (cfg->log_mappings) are built and sent by
 * kmod/nat/event.c itself: NAT64_CMD_EVENT with NAT64_A_EVENT_TYPE, TIME
 * (u64 ns, CLOCK_REALTIME), PROTO, ADDR6, PORT6, ADDR4, PORT4, multicast on
 * nat64_genl_family's group index NAT64_NL_MCGRP_EVENTS in the instance's
 * netns. The control plane only has to keep NAT64_GENL_MCGRP at that index
 * of the family's mcgrps[] array (it is today).
 */
#define NAT64_NL_MCGRP_EVENTS	0

#endif /* NAT64_NAT_STATE_H */
