/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stateful NAT64 internals shared by the files of kmod/nat/. The public
 * side (instance lifetime, control plane) is state.h; the packet path
 * entry points are at the end of this file.
 *
 * Locking: one spinlock per protocol table (struct nat64_table.lock) covers
 * every change to its BIB and session entries, their lists and trees.
 * Lookups walk the hash tables (htab.h) under RCU only. Entries are freed after a
 * grace period; a reader that found an entry checks ->dead after taking the
 * lock before changing it. Session lifetimes: ->last is written without the
 * lock (WRITE_ONCE) on every refresh; the GC moves entries lazily (see gc.c).
 * Objects come from kmem caches shared by all instances and are freed by
 * call_rcu() callbacks (rcu_barrier() before the caches go, see table.c).
 */
#ifndef NAT64_NAT_NAT_H
#define NAT64_NAT_NAT_H

#include "htab.h"
#include <linux/rbtree.h>
#include <linux/siphash.h>
#include <linux/workqueue.h>
#include <linux/jiffies.h>
#include <linux/skbuff.h>
#include "core/types.h"
#include "instance.h"
#include "config.h"
#include "state.h"

#define NAT64_NPROTO	3	/* TCP, UDP, ICMP */

/* Lifetime classes: list 0 holds long-lived sessions, list 1 TCP transitory ones. */
#define NAT64_TC_LONG	0
#define NAT64_TC_TRANS	1

static inline int nat64_pidx(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return 0;
	case IPPROTO_UDP:
		return 1;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return 2;
	default:
		return -1;
	}
}

static inline u8 nat64_pidx_proto(int idx)
{
	static const u8 p[NAT64_NPROTO] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };

	return p[idx];
}

/* Hash keys: no padding holes (compared as bytes). Ports in host order. */
struct nat64_bkey6 {
	struct in6_addr a;
	u16 port;
	u16 pad;
};

struct nat64_bkey4 {
	__be32 a;
	u16 port;
	u16 pad;
};

struct nat64_skey {
	__be32 a;	/* T */
	__be32 ra;	/* Z */
	u16 port;	/* t */
	u16 rport;	/* z (0 for ICMP) */
};

/*
 * Sizes matter: one mapping and one session per flow is the common case
 * (Documentation/stateful-engine.rst, "Memory"). Each object comes from its
 * own exactly-sized cache; a mapping made for a packet comes with room for
 * its first session in the same object (struct nat64_flow).
 * The RCU heads share space with tree/list links that are unlinked (under
 * the table lock) before the object is freed; lockless readers only follow
 * the hash chains and the session lists, never those links.
 */
struct nat64_bib {
	struct nat64_hnode h6;
	struct nat64_hnode h4;
	union {
		struct rb_node rb;	/* table->bib_tree, ordered by k4 */
		struct list_head pend;	/* table->bib_pend (NAT64_BF_PEND) */
		struct rcu_head rcu;	/* after rb_erase() / list_del() */
	};
	/* RCU list of sessions, sorted by (Z, z): dump order, early filtering exit. */
	struct nat64_session __rcu *sessions;
	struct nat64_bkey6 k6;
	struct nat64_bkey4 k4;
	u8 proto;
	bool is_static;
	bool dead;
	u8 flags;			/* NAT64_BF_* (t->lock) */
};

#define NAT64_BF_FLOW		0x01	/* allocated as struct nat64_flow */
#define NAT64_BF_INL_USED	0x02	/* its embedded session was handed out */
#define NAT64_BF_PEERS		0x04	/* allocated as struct nat64_bib_peers */
#define NAT64_BF_LIFE		0x08	/* has a struct nat64_bib_life in table->req */
#define NAT64_BF_PEND		0x10	/* on table->bib_pend, not yet in bib_tree */

/*
 * Requested mappings ("nat64ctl bib add") are rare: what only they need
 * stays out of struct nat64_bib. One made with peers carries them after
 * it (kmalloc'ed); a lifetime is a separate entry of the table's req list.
 */
struct nat64_bib_peers {
	struct nat64_bib b;
	u8 nr_peers;			/* only shrinks: the array was sized at creation */
	struct nat64_prefix4 peers[];
};

struct nat64_bib_life {
	struct list_head node;		/* table->req (t->lock) */
	struct nat64_bib *bib;
	unsigned long expires;		/* jiffies */
};

struct nat64_session {
	struct nat64_hnode h;
	struct nat64_session __rcu *next;	/* bib->sessions */
	struct nat64_bib *bib;
	union {
		struct list_head tnode;	/* table->tlist[tclass] */
		struct rcu_head rcu;	/* after list_del() */
	};
	struct nat64_skey k;
	u32 last;			/* last refresh (jiffies, 32 bits), written locklessly */
	u32 queued;			/* position in its lifetime list (jiffies, 32 bits) */
	u8 state;			/* TCP state */
	bool dead;
	u8 tclass:1;			/* table lock */
	u8 hairpin:1;			/* Z is in pool4: packets loop back to IPv6 (fixed) */
	u8 shape;			/* Y' = shape + Z (remote6.c) */
};

/* A mapping made for a packet and its first session: one allocation. */
struct nat64_flow {
	struct nat64_bib b;
	struct nat64_session s;
};

static inline u32 nat64_now32(void)
{
	return (u32)jiffies;
}

static inline unsigned int nat64_bib_nr_peers(const struct nat64_bib *b)
{
	if (!(READ_ONCE(b->flags) & NAT64_BF_PEERS))
		return 0;
	return READ_ONCE(container_of(b, struct nat64_bib_peers, b)->nr_peers);
}

struct nat64_table {
	spinlock_t lock;
	u8 proto;
	struct nat64_htab bib6;		/* (X',x) */
	struct nat64_htab bib4;		/* (T,t) */
	struct nat64_htab ses;		/* (T,t,Z,z) */
	struct rb_root bib_tree;		/* sessions are dumped through their mapping */
	struct list_head bib_pend;		/* new mappings, moved to bib_tree by dumps */
	struct list_head tlist[2];
	struct list_head req;
	u32 nr_bib;
	u32 nr_ses;
	u32 counter;			/* RFC 6056 algorithm 3 "next_ephemeral" */
	struct nat64_shapes __rcu *shapes;	/* Y' shapes (remote6.c) */
};

/* An IPv4 SYN waiting for its IPv6 side (simultaneous open). */
struct nat64_held {
	struct list_head node;
	struct sk_buff *skb;		/* ->dev cleared while held: no device reference */
	int ifindex;			/* where it came in; looked up again at expiry */
	struct nat64_skey k;
	u8 pidx;
	bool hairpin;			/* IPv4 form of a hairpinned IPv6 SYN (RFC 6146 3.8) */
	unsigned long expires;
};

struct nat64_state {
	struct nat64_instance *inst;
	struct nat64_table t[NAT64_NPROTO];
	atomic_t nr_bib;
	atomic_t nr_ses;
	siphash_key_t secret;
	spinlock_t held_lock;
	struct list_head held;
	u32 nr_held;
	struct delayed_work gc;
	bool stopping;
};

extern const struct nat64_htab_params nat64_bib6_params;
extern const struct nat64_htab_params nat64_bib4_params;
extern const struct nat64_htab_params nat64_ses_params;

static inline struct nat64_state *nat64_st(const struct nat64_instance *inst)
{
	return READ_ONCE(inst->state);
}

static inline void nat64_st_count(struct nat64_state *st, enum nat64_counter c)
{
	nat64_stat_inc(st->inst->stats, c);
}

/* table.c: lookups (RCU) */
struct nat64_bib *nat64_bib_lookup6(struct nat64_table *t, const struct in6_addr *a, u16 port);
struct nat64_bib *nat64_bib_lookup4(struct nat64_table *t, __be32 a, u16 port);
struct nat64_session *nat64_ses_lookup(struct nat64_table *t, __be32 a, u16 port,
				       __be32 ra, u16 rport);
/* Z:z's session of mapping b (RCU): the packet path from the IPv6 side. */
struct nat64_session *nat64_bib_ses_find(struct nat64_table *t, struct nat64_bib *b,
					 __be32 ra, u16 rport);
/* Does bib have a session with remote address ra (address-dependent filtering)? */
bool nat64_bib_has_remote(struct nat64_bib *b, __be32 ra);
bool nat64_bib_peer_ok(const struct nat64_bib *b, __be32 ra);

/*
 * table.c: changes (t->lock held). bib_create: cfg NULL sends no event (caller
 * does); flow: leave room for the first session in the same allocation (a
 * mapping made for a packet); nr_peers > 0 only for requested mappings.
 */
struct nat64_bib *nat64_bib_create(struct nat64_state *st, struct nat64_table *t,
				   const struct nat64_config *cfg, const struct in6_addr *a6,
				   u16 port6, __be32 a4, u16 port4, unsigned int nr_peers,
				   bool flow);
void nat64_bib_delete(struct nat64_state *st, struct nat64_table *t, struct nat64_bib *b,
		      const struct nat64_config *cfg);
struct nat64_session *nat64_ses_create(struct nat64_state *st, struct nat64_table *t,
				       struct nat64_bib *b, __be32 ra, u16 rport,
				       const struct in6_addr *remote6, u8 plen, u8 state,
				       bool hairpin);
void nat64_ses_delete(struct nat64_state *st, struct nat64_table *t, struct nat64_session *s,
		      const struct nat64_config *cfg);
/* A requested mapping's lifetime is over or removed: free l (t->lock held). */
void nat64_bib_life_end(struct nat64_bib *b, struct nat64_bib_life *l);
/* Put s at the end of list cls with position now (t->lock held). */
void nat64_ses_requeue(struct nat64_table *t, struct nat64_session *s, u8 cls, u32 when);
/* Lifetime of class cls of table t, in jiffies. */
unsigned long nat64_ses_ttl(const struct nat64_config *cfg, u8 proto, u8 cls);

/* remote6.c: get/put with t->lock held; read under RCU or the lock. */
/* A reference to the shape of y6 (prefix length len): its index, or -ENOSPC. */
int nat64_remote6_get(struct nat64_table *t, const struct in6_addr *y6, u8 len);
void nat64_remote6_put(struct nat64_table *t, u8 idx);
/* Y' of s. */
void nat64_remote6_read(struct nat64_table *t, const struct nat64_session *s,
			struct in6_addr *out);
/* Every session of t is gone. */
void nat64_remote6_destroy(struct nat64_table *t);

/* pool4.c (t->lock held for alloc) */
struct nat64_alloc_want {
	struct nat64_prefix4 p4;	/* len 0: any */
	u16 port_min, port_max;
	bool explicit_port;		/* port_min == port_max was asked for */
};
int nat64_pool4_alloc(struct nat64_state *st, struct nat64_table *t,
		      const struct nat64_config *cfg, const struct in6_addr *a6, u16 port6,
		      const struct nat64_alloc_want *want, __be32 *a4, u16 *port4);
/* Is (proto, a, port) covered by pool4? any_port: the address alone. */
bool nat64_pool4_has(const struct nat64_config *cfg, u8 proto, __be32 a, u16 port,
		     bool any_port);

/* event.c */
void nat64_event_mapping(struct nat64_state *st, const struct nat64_config *cfg, u8 type,
			 const struct nat64_bib *b);

/* gc.c */
void nat64_gc_start(struct nat64_state *st);
void nat64_gc_stop(struct nat64_state *st);
/* Hold an IPv4 SYN (consumed on success: returns true); hairpin: see nat64_held. */
bool nat64_held_add(struct nat64_state *st, const struct nat64_config *cfg,
		    struct sk_buff *skb, int pidx, const struct nat64_skey *k, bool hairpin);
/* An IPv6 SYN opened k: drop the IPv4 SYN held for it, if any. */
void nat64_held_match(struct nat64_state *st, int pidx, const struct nat64_skey *k);
void nat64_held_flush(struct nat64_state *st);

#endif /* NAT64_NAT_NAT_H */
