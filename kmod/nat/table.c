// SPDX-License-Identifier: GPL-2.0
/*
 * BIB and session tables of one protocol: RCU hash lookups from both sides
 * (X',x and T,t for mappings; T,t,Z,z for sessions), red-black trees in
 * IPv4 order for resumable dumps, lifetime lists for the GC. See nat.h for
 * the locking rules.
 */
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <uapi/linux/nat64.h>
#include "core/addr.h"
#include "core/tcp_fsm.h"
#include "nat.h"

const struct rhashtable_params nat64_bib6_params = {
	.head_offset = offsetof(struct nat64_bib, h6),
	.key_offset = offsetof(struct nat64_bib, k6),
	.key_len = sizeof(struct nat64_bkey6),
	.automatic_shrinking = true,
};

const struct rhashtable_params nat64_bib4_params = {
	.head_offset = offsetof(struct nat64_bib, h4),
	.key_offset = offsetof(struct nat64_bib, k4),
	.key_len = sizeof(struct nat64_bkey4),
	.automatic_shrinking = true,
};

const struct rhashtable_params nat64_ses_params = {
	.head_offset = offsetof(struct nat64_session, h),
	.key_offset = offsetof(struct nat64_session, k),
	.key_len = sizeof(struct nat64_skey),
	.automatic_shrinking = true,
};

struct nat64_bib *nat64_bib_lookup6(struct nat64_table *t, const struct in6_addr *a, u16 port)
{
	struct nat64_bkey6 k = { .a = *a, .port = port };

	return rhashtable_lookup(&t->bib6, &k, nat64_bib6_params);
}

struct nat64_bib *nat64_bib_lookup4(struct nat64_table *t, __be32 a, u16 port)
{
	struct nat64_bkey4 k = { .a = a, .port = port };

	return rhashtable_lookup(&t->bib4, &k, nat64_bib4_params);
}

struct nat64_session *nat64_ses_lookup(struct nat64_table *t, __be32 a, u16 port,
				       __be32 ra, u16 rport)
{
	struct nat64_skey k = { .a = a, .ra = ra, .port = port, .rport = rport };

	return rhashtable_lookup(&t->ses, &k, nat64_ses_params);
}

bool nat64_bib_has_remote(struct nat64_bib *b, __be32 ra)
{
	struct nat64_session *s;

	list_for_each_entry_rcu(s, &b->sessions, bib_node)
		if (s->k.ra == ra && !READ_ONCE(s->dead))
			return true;
	return false;
}

bool nat64_bib_peer_ok(const struct nat64_bib *b, __be32 ra)
{
	unsigned int i;

	if (!b->nr_peers)
		return true;
	for (i = 0; i < b->nr_peers; i++)
		if (nat64_prefix4_match(&b->peers[i], ra))
			return true;
	return false;
}

unsigned long nat64_ses_ttl(const struct nat64_config *cfg, u8 proto, u8 cls)
{
	u32 s;

	switch (proto) {
	case IPPROTO_TCP:
		s = cls == NAT64_TC_TRANS ? cfg->ttl_tcp_trans : cfg->ttl_tcp_est;
		break;
	case IPPROTO_UDP:
		s = max_t(u32, cfg->ttl_udp, 120);	/* RFC 6146: never below 2 min */
		break;
	default:
		s = cfg->ttl_icmp;
		break;
	}
	return (unsigned long)max_t(u32, s, 1) * HZ;
}

/* Key order for the trees: IPv4 side, numerically. */
static int cmp_k4(__be32 a1, u16 p1, __be32 a2, u16 p2)
{
	u32 x = be32_to_cpu(a1), y = be32_to_cpu(a2);

	if (x != y)
		return x < y ? -1 : 1;
	if (p1 != p2)
		return p1 < p2 ? -1 : 1;
	return 0;
}

static int nat64_skey_cmp(const struct nat64_skey *a, const struct nat64_skey *b)
{
	int r = cmp_k4(a->a, a->port, b->a, b->port);

	return r ? r : cmp_k4(a->ra, a->rport, b->ra, b->rport);
}

static void bib_tree_insert(struct nat64_table *t, struct nat64_bib *b)
{
	struct rb_node **p = &t->bib_tree.rb_node, *parent = NULL;

	while (*p) {
		struct nat64_bib *o = rb_entry(*p, struct nat64_bib, rb);

		parent = *p;
		if (cmp_k4(b->k4.a, b->k4.port, o->k4.a, o->k4.port) < 0)
			p = &(*p)->rb_left;
		else
			p = &(*p)->rb_right;
	}
	rb_link_node(&b->rb, parent, p);
	rb_insert_color(&b->rb, &t->bib_tree);
}

static void ses_tree_insert(struct nat64_table *t, struct nat64_session *s)
{
	struct rb_node **p = &t->ses_tree.rb_node, *parent = NULL;

	while (*p) {
		struct nat64_session *o = rb_entry(*p, struct nat64_session, rb);

		parent = *p;
		if (nat64_skey_cmp(&s->k, &o->k) < 0)
			p = &(*p)->rb_left;
		else
			p = &(*p)->rb_right;
	}
	rb_link_node(&s->rb, parent, p);
	rb_insert_color(&s->rb, &t->ses_tree);
}

struct nat64_bib *nat64_bib_create(struct nat64_state *st, struct nat64_table *t,
				   const struct nat64_config *cfg, const struct in6_addr *a6,
				   u16 port6, __be32 a4, u16 port4, unsigned int nr_peers,
				   gfp_t gfp)
{
	const struct nat64_config *c = cfg ? cfg : rcu_dereference_check(st->inst->cfg, 1);
	struct nat64_bib *b;
	int err;

	if (atomic_read(&st->nr_bib) >= c->max_bib) {
		nat64_st_count(st, NAT64_C_DROP_BIB_CAP);
		return ERR_PTR(-ENOSPC);
	}
	b = kzalloc(struct_size(b, peers, nr_peers), gfp);
	if (!b)
		return ERR_PTR(-ENOMEM);
	b->k6.a = *a6;
	b->k6.port = port6;
	b->k4.a = a4;
	b->k4.port = port4;
	b->proto = t->proto;
	INIT_LIST_HEAD(&b->sessions);
	INIT_LIST_HEAD(&b->req_node);
	err = rhashtable_lookup_insert_fast(&t->bib6, &b->h6, nat64_bib6_params);
	if (err) {
		kfree(b);
		return ERR_PTR(err);
	}
	err = rhashtable_lookup_insert_fast(&t->bib4, &b->h4, nat64_bib4_params);
	if (err) {
		rhashtable_remove_fast(&t->bib6, &b->h6, nat64_bib6_params);
		kfree_rcu(b, rcu);
		return ERR_PTR(err);
	}
	bib_tree_insert(t, b);
	t->nr_bib++;
	atomic_inc(&st->nr_bib);
	nat64_st_count(st, NAT64_C_BIB_CREATED);
	if (cfg && cfg->log_mappings)
		nat64_event_mapping(st, cfg, NAT64_EVENT_MAPPING_ADD, b);
	return b;
}

static void ses_unlink(struct nat64_state *st, struct nat64_table *t, struct nat64_session *s)
{
	WRITE_ONCE(s->dead, true);
	rhashtable_remove_fast(&t->ses, &s->h, nat64_ses_params);
	rb_erase(&s->rb, &t->ses_tree);
	list_del(&s->tnode);
	list_del_rcu(&s->bib_node);
	s->bib->nr_sessions--;
	t->nr_ses--;
	atomic_dec(&st->nr_ses);
	kfree_rcu(s, rcu);
}

void nat64_bib_delete(struct nat64_state *st, struct nat64_table *t, struct nat64_bib *b,
		      const struct nat64_config *cfg)
{
	struct nat64_session *s, *n;

	if (b->dead)
		return;
	list_for_each_entry_safe(s, n, &b->sessions, bib_node)
		ses_unlink(st, t, s);
	WRITE_ONCE(b->dead, true);
	rhashtable_remove_fast(&t->bib6, &b->h6, nat64_bib6_params);
	rhashtable_remove_fast(&t->bib4, &b->h4, nat64_bib4_params);
	rb_erase(&b->rb, &t->bib_tree);
	list_del(&b->req_node);
	t->nr_bib--;
	atomic_dec(&st->nr_bib);
	nat64_st_count(st, NAT64_C_BIB_DELETED);
	if (cfg && cfg->log_mappings && !st->stopping)
		nat64_event_mapping(st, cfg, NAT64_EVENT_MAPPING_DEL, b);
	kfree_rcu(b, rcu);
}

struct nat64_session *nat64_ses_create(struct nat64_state *st, struct nat64_table *t,
				       struct nat64_bib *b, __be32 ra, u16 rport,
				       const struct in6_addr *remote6, u8 state, bool hairpin)
{
	const struct nat64_config *cfg = rcu_dereference_check(st->inst->cfg, 1);
	struct nat64_session *s;
	int err;

	if (atomic_read(&st->nr_ses) >= cfg->max_sessions) {
		nat64_st_count(st, NAT64_C_DROP_SESSION_CAP);
		return ERR_PTR(-ENOSPC);
	}
	s = kzalloc(sizeof(*s), GFP_ATOMIC);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->k.a = b->k4.a;
	s->k.port = b->k4.port;
	s->k.ra = ra;
	s->k.rport = rport;
	s->bib = b;
	s->remote6 = *remote6;
	s->state = state;
	s->hairpin = hairpin;
	s->tclass = (t->proto == IPPROTO_TCP && nat64_tcp_state_transitory(state)) ?
		    NAT64_TC_TRANS : NAT64_TC_LONG;
	s->last = jiffies;
	s->queued = s->last;
	err = rhashtable_lookup_insert_fast(&t->ses, &s->h, nat64_ses_params);
	if (err) {
		kfree(s);
		return ERR_PTR(err);
	}
	ses_tree_insert(t, s);
	list_add_tail(&s->tnode, &t->tlist[s->tclass]);
	list_add_tail_rcu(&s->bib_node, &b->sessions);
	b->nr_sessions++;
	t->nr_ses++;
	atomic_inc(&st->nr_ses);
	nat64_st_count(st, NAT64_C_SESSION_CREATED);
	return s;
}

void nat64_ses_delete(struct nat64_state *st, struct nat64_table *t, struct nat64_session *s,
		      const struct nat64_config *cfg)
{
	struct nat64_bib *b = s->bib;

	if (s->dead)
		return;
	ses_unlink(st, t, s);
	if (!b->nr_sessions && !b->is_static)
		nat64_bib_delete(st, t, b, cfg);
}

/*
 * Lists are kept (roughly) sorted by ->queued so the GC can stop at the
 * first entry not yet due. A refreshed entry goes back in at its refresh
 * time; a short backward walk from the tail finds its place (bounded: past
 * the bound it lands a little early in the list, which only means the GC
 * looks at it sooner).
 */
void nat64_ses_requeue(struct nat64_table *t, struct nat64_session *s, u8 cls,
		       unsigned long when)
{
	struct list_head *head = &t->tlist[cls], *pos;
	int steps = 0;

	list_del(&s->tnode);
	s->tclass = cls;
	s->queued = when;
	for (pos = head->prev; pos != head && steps < 64; pos = pos->prev, steps++) {
		struct nat64_session *o = list_entry(pos, struct nat64_session, tnode);

		if (!time_after(o->queued, when))
			break;
	}
	list_add(&s->tnode, pos);
}

/* ---- Control plane ------------------------------------------------------ */

struct nat64_state *nat64_state_of(const struct nat64_instance *inst)
{
	return inst ? READ_ONCE(inst->state) : NULL;
}

int nat64_state_create(struct nat64_instance *inst)
{
	struct nat64_state *st;
	int i, err = 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->inst = inst;
	get_random_bytes(&st->secret, sizeof(st->secret));
	spin_lock_init(&st->held_lock);
	INIT_LIST_HEAD(&st->held);
	for (i = 0; i < NAT64_NPROTO; i++) {
		struct nat64_table *t = &st->t[i];

		spin_lock_init(&t->lock);
		t->proto = nat64_pidx_proto(i);
		t->bib_tree = RB_ROOT;
		t->ses_tree = RB_ROOT;
		INIT_LIST_HEAD(&t->tlist[0]);
		INIT_LIST_HEAD(&t->tlist[1]);
		INIT_LIST_HEAD(&t->req);
		get_random_bytes(&t->counter, sizeof(t->counter));
		err = rhashtable_init(&t->bib6, &nat64_bib6_params);
		if (err)
			break;
		t->bib6_ok = true;
		err = rhashtable_init(&t->bib4, &nat64_bib4_params);
		if (err)
			break;
		t->bib4_ok = true;
		err = rhashtable_init(&t->ses, &nat64_ses_params);
		if (err)
			break;
		t->ses_ok = true;
	}
	inst->state = st;
	if (err) {
		nat64_state_destroy(inst);
		return err;
	}
	nat64_gc_start(st);
	return 0;
}

void nat64_state_stop(struct nat64_instance *inst)
{
	struct nat64_state *st = inst->state;

	if (!st)
		return;
	st->stopping = true;
	nat64_gc_stop(st);
	nat64_held_flush(st);
}

void nat64_state_destroy(struct nat64_instance *inst)
{
	struct nat64_state *st = inst->state;
	struct rb_node *n;
	int i;

	if (!st)
		return;
	st->stopping = true;
	for (i = 0; i < NAT64_NPROTO; i++) {
		struct nat64_table *t = &st->t[i];

		do {
			int batch = 0;

			/* In batches: a million entries must not keep BHs off for long. */
			spin_lock_bh(&t->lock);
			while ((n = rb_first(&t->bib_tree)) && batch++ < 4096)
				nat64_bib_delete(st, t, rb_entry(n, struct nat64_bib, rb), NULL);
			spin_unlock_bh(&t->lock);
			cond_resched();
		} while (n);
		if (t->bib6_ok)
			rhashtable_destroy(&t->bib6);
		if (t->bib4_ok)
			rhashtable_destroy(&t->bib4);
		if (t->ses_ok)
			rhashtable_destroy(&t->ses);
	}
	inst->state = NULL;
	kfree(st);
}

u32 nat64_bib_count(const struct nat64_instance *inst, u8 proto)
{
	struct nat64_state *st = nat64_state_of(inst);
	int i = nat64_pidx(proto);

	if (!st)
		return 0;
	if (i < 0)
		return atomic_read(&st->nr_bib);
	return READ_ONCE(st->t[i].nr_bib);
}

u32 nat64_session_count(const struct nat64_instance *inst, u8 proto)
{
	struct nat64_state *st = nat64_state_of(inst);
	int i = nat64_pidx(proto);

	if (!st)
		return 0;
	if (i < 0)
		return atomic_read(&st->nr_ses);
	return READ_ONCE(st->t[i].nr_ses);
}

static bool want_ok(const struct nat64_bib_request *req, __be32 a4, u16 port4)
{
	if (req->want4.len && !nat64_prefix4_match(&req->want4, a4))
		return false;
	if ((req->port_min || req->port_max) &&
	    (port4 < req->port_min || port4 > req->port_max))
		return false;
	return true;
}

static void set_requested(struct nat64_table *t, struct nat64_bib *b,
			  const struct nat64_bib_request *req)
{
	unsigned int i;

	b->is_static = true;
	list_del_init(&b->req_node);
	b->expires = 0;
	if (req->lifetime) {
		b->expires = jiffies + (unsigned long)req->lifetime * HZ;
		list_add_tail(&b->req_node, &t->req);
	}
	/* Peers only shrink in place: the entry was sized for the request that made it. */
	for (i = 0; i < req->nr_peers && i < b->nr_peers; i++)
		b->peers[i] = req->peers[i];
	WRITE_ONCE(b->nr_peers, min_t(unsigned int, req->nr_peers, b->nr_peers));
}

static void fill_bib_info(const struct nat64_bib *b, struct nat64_bib_info *o)
{
	unsigned int i;

	memset(o, 0, offsetof(struct nat64_bib_info, peers));
	o->proto = b->proto;
	o->addr6 = b->k6.a;
	o->port6 = b->k6.port;
	o->addr4 = b->k4.a;
	o->port4 = b->k4.port;
	o->is_static = b->is_static;
	if (b->is_static && b->expires)
		o->expires_ms = time_after(b->expires, jiffies) ?
				jiffies_to_msecs(b->expires - jiffies) : 1;
	o->nr_sessions = b->nr_sessions;
	o->nr_peers = b->nr_peers;
	for (i = 0; i < b->nr_peers && i < NAT64_BIB_MAX_PEERS; i++)
		o->peers[i] = b->peers[i];
}

int nat64_bib_add_requested(struct nat64_instance *inst, const struct nat64_config *cfg,
			    const struct nat64_bib_request *req, struct nat64_bib_info *out,
			    struct netlink_ext_ack *extack)
{
	struct nat64_state *st = nat64_state_of(inst);
	struct nat64_alloc_want want;
	struct nat64_table *t;
	struct nat64_bib *b;
	__be32 a4;
	u16 p4;
	int i, err = 0;

	if (!st) {
		NL_SET_ERR_MSG_MOD(extack, "instance is not in mode nat64");
		return -EOPNOTSUPP;
	}
	i = nat64_pidx(req->proto);
	if (i < 0) {
		NL_SET_ERR_MSG_MOD(extack, "protocol must be tcp, udp or icmp");
		return -EINVAL;
	}
	if (req->nr_peers > NAT64_BIB_MAX_PEERS) {
		NL_SET_ERR_MSG_MOD(extack, "too many peers (at most 16)");
		return -EINVAL;
	}
	if (req->port_min > req->port_max) {
		NL_SET_ERR_MSG_MOD(extack, "port range is reversed");
		return -EINVAL;
	}
	if (nat64_addr6_is_special(&req->addr6)) {
		NL_SET_ERR_MSG_MOD(extack, "IPv6 address is not translatable");
		return -EINVAL;
	}
	t = &st->t[i];
	want.p4 = req->want4;
	want.port_min = req->port_min;
	want.port_max = req->port_max;
	want.explicit_port = (req->port_min || req->port_max) && req->port_min == req->port_max;
	if (want.p4.len == 32 && !nat64_pool4_has(cfg, t->proto, want.p4.addr, 0, true)) {
		NL_SET_ERR_MSG_MOD(extack, "IPv4 address is not in pool4 for this protocol");
		return -EINVAL;
	}

	rcu_read_lock();
	spin_lock_bh(&t->lock);
	b = nat64_bib_lookup6(t, &req->addr6, req->port6);
	if (b) {
		if (!want_ok(req, b->k4.a, b->k4.port)) {
			NL_SET_ERR_MSG_MOD(extack, "the IPv6 endpoint already has another mapping "
					   "(delete it first)");
			err = -EEXIST;
			goto unlock;
		}
		if (req->nr_peers > b->nr_peers) {
			NL_SET_ERR_MSG_MOD(extack, "the IPv6 endpoint's mapping exists with fewer "
					   "peers (delete it first to change them)");
			err = -EEXIST;
			goto unlock;
		}
		set_requested(t, b, req);
		goto done;
	}
	err = nat64_pool4_alloc(st, t, cfg, &req->addr6, req->port6, &want, &a4, &p4);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "no free IPv4 address and port matching the request "
				   "in pool4");
		goto unlock;
	}
	/* The event is sent once the entry is marked requested (below). */
	b = nat64_bib_create(st, t, NULL, &req->addr6, req->port6, a4, p4, req->nr_peers,
			     GFP_ATOMIC);
	if (IS_ERR(b)) {
		err = PTR_ERR(b);
		if (err == -ENOSPC)
			NL_SET_ERR_MSG_MOD(extack, "mapping table full (max-bib)");
		else if (err == -EEXIST)
			NL_SET_ERR_MSG_MOD(extack, "IPv4 endpoint already mapped");
		else
			NL_SET_ERR_MSG_MOD(extack, "out of memory");
		goto unlock;
	}
	b->nr_peers = req->nr_peers;
	set_requested(t, b, req);
	if (cfg->log_mappings)
		nat64_event_mapping(st, cfg, NAT64_EVENT_MAPPING_ADD, b);
done:
	if (out)
		fill_bib_info(b, out);
unlock:
	spin_unlock_bh(&t->lock);
	rcu_read_unlock();
	return err;
}

int nat64_bib_del(struct nat64_instance *inst, u8 proto, const struct in6_addr *addr6,
		  u16 port6, __be32 addr4, u16 port4, struct netlink_ext_ack *extack)
{
	struct nat64_state *st = nat64_state_of(inst);
	const struct nat64_config *cfg;
	struct nat64_table *t;
	struct nat64_bib *b;
	int i, err = 0;

	if (!st) {
		NL_SET_ERR_MSG_MOD(extack, "instance is not in mode nat64");
		return -EOPNOTSUPP;
	}
	i = nat64_pidx(proto);
	if (i < 0) {
		NL_SET_ERR_MSG_MOD(extack, "protocol must be tcp, udp or icmp");
		return -EINVAL;
	}
	t = &st->t[i];
	rcu_read_lock();
	cfg = rcu_dereference(inst->cfg);
	spin_lock_bh(&t->lock);
	b = addr6 ? nat64_bib_lookup6(t, addr6, port6) : nat64_bib_lookup4(t, addr4, port4);
	if (!b || b->dead) {
		NL_SET_ERR_MSG_MOD(extack, "no such mapping");
		err = -ENOENT;
	} else {
		nat64_bib_delete(st, t, b, cfg);
	}
	spin_unlock_bh(&t->lock);
	rcu_read_unlock();
	return err;
}

/*
 * Delete entries of the tables selected by proto in batches, sleeping in
 * between. pred says which mappings go (NULL: all); sessions_only deletes
 * sessions and lets dynamic mappings follow them.
 */
static void flush(struct nat64_instance *inst, u8 proto, bool sessions_only,
		  const struct nat64_config *pcfg)
{
	struct nat64_state *st = nat64_state_of(inst);
	int i;

	if (!st)
		return;
	for (i = 0; i < NAT64_NPROTO; i++) {
		struct nat64_table *t = &st->t[i];
		bool more = true;

		if (proto && nat64_pidx(proto) != i)
			continue;
		while (more) {
			const struct nat64_config *cfg;
			struct rb_node *n, *next;
			int batch = 0;

			rcu_read_lock();
			cfg = pcfg ? pcfg : rcu_dereference(inst->cfg);
			spin_lock_bh(&t->lock);
			if (sessions_only) {
				while ((n = rb_first(&t->ses_tree)) && batch++ < 4096)
					nat64_ses_delete(st, t,
							 rb_entry(n, struct nat64_session, rb), cfg);
				more = n != NULL;
			} else if (pcfg) {
				/* pool4 changed: only mappings it no longer covers. */
				for (n = rb_first(&t->bib_tree); n; n = next) {
					struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);

					next = rb_next(n);
					if (nat64_pool4_has(cfg, t->proto, b->k4.a, b->k4.port,
							    false))
						continue;
					if (b->is_static &&
					    nat64_pool4_has(cfg, t->proto, b->k4.a, 0, true))
						continue;
					nat64_bib_delete(st, t, b, cfg);
				}
				more = false;
			} else {
				while ((n = rb_first(&t->bib_tree)) && batch++ < 4096)
					nat64_bib_delete(st, t,
							 rb_entry(n, struct nat64_bib, rb), cfg);
				more = n != NULL;
			}
			spin_unlock_bh(&t->lock);
			rcu_read_unlock();
			cond_resched();
		}
	}
}

void nat64_bib_flush(struct nat64_instance *inst, u8 proto)
{
	flush(inst, proto, false, NULL);
}

void nat64_session_flush(struct nat64_instance *inst, u8 proto)
{
	flush(inst, proto, true, NULL);
}

void nat64_state_pool4_changed(struct nat64_instance *inst, const struct nat64_config *cfg)
{
	flush(inst, 0, false, cfg);
}

/* ---- Dumps ---------------------------------------------------------------- */

/* First node with key > cursor (or the first node when the walk starts). */
static struct rb_node *bib_resume(struct nat64_table *t, const struct nat64_dump_cursor *cur)
{
	struct rb_node *n = t->bib_tree.rb_node, *best = NULL;

	if (!cur->started)
		return rb_first(&t->bib_tree);
	while (n) {
		struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);

		if (cmp_k4(b->k4.a, b->k4.port, cur->addr4, cur->port4) > 0) {
			best = n;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static struct rb_node *ses_resume(struct nat64_table *t, const struct nat64_dump_cursor *cur)
{
	struct nat64_skey k = { .a = cur->addr4, .ra = cur->raddr4, .port = cur->port4,
				.rport = cur->rport4 };
	struct rb_node *n = t->ses_tree.rb_node, *best = NULL;

	if (!cur->started)
		return rb_first(&t->ses_tree);
	while (n) {
		struct nat64_session *s = rb_entry(n, struct nat64_session, rb);

		if (nat64_skey_cmp(&s->k, &k) > 0) {
			best = n;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
}

static void fill_ses_info(struct nat64_table *t, const struct nat64_config *cfg,
			  const struct nat64_session *s, struct nat64_session_info *o)
{
	unsigned long ttl = nat64_ses_ttl(cfg, t->proto, s->tclass);
	unsigned long end = READ_ONCE(s->last) + ttl;

	memset(o, 0, sizeof(*o));
	o->proto = t->proto;
	o->addr6 = s->bib->k6.a;
	o->port6 = s->bib->k6.port;
	o->remote6 = s->remote6;
	o->rport6 = s->k.rport;
	o->addr4 = s->k.a;
	o->port4 = s->k.port;
	o->remote4 = s->k.ra;
	o->rport4 = s->k.rport;
	o->tcp_state = t->proto == IPPROTO_TCP ? s->state : 0;
	o->expires_ms = time_after(end, jiffies) ? jiffies_to_msecs(end - jiffies) : 0;
}

/* Walk tables from the cursor; one_entry() returns fn's verdict. */
static int dump(struct nat64_instance *inst, struct nat64_dump_cursor *cur, bool sessions,
		nat64_bib_dump_fn bfn, nat64_session_dump_fn sfn, void *arg)
{
	struct nat64_state *st = nat64_state_of(inst);
	const struct nat64_config *cfg;
	int last;

	if (!st)
		return -EOPNOTSUPP;
	if (cur->done)
		return 0;
	cfg = rcu_dereference(inst->cfg);
	if (cur->proto) {
		int i = nat64_pidx(cur->proto);

		if (i < 0) {
			cur->done = 1;
			return 0;
		}
		cur->pidx = i;
		last = i;
	} else {
		last = NAT64_NPROTO - 1;
	}
	for (; cur->pidx <= last; cur->pidx++, cur->started = 0) {
		struct nat64_table *t = &st->t[cur->pidx];
		struct rb_node *n;

		spin_lock_bh(&t->lock);
		n = sessions ? ses_resume(t, cur) : bib_resume(t, cur);
		for (; n; n = rb_next(n)) {
			int r;

			if (sessions) {
				struct nat64_session *s = rb_entry(n, struct nat64_session, rb);
				struct nat64_session_info si;

				fill_ses_info(t, cfg, s, &si);
				r = sfn(&si, arg);
				if (!r) {
					cur->addr4 = s->k.a;
					cur->port4 = s->k.port;
					cur->raddr4 = s->k.ra;
					cur->rport4 = s->k.rport;
				}
			} else {
				struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);
				struct nat64_bib_info bi;

				fill_bib_info(b, &bi);
				r = bfn(&bi, arg);
				if (!r) {
					cur->addr4 = b->k4.a;
					cur->port4 = b->k4.port;
				}
			}
			if (r) {
				spin_unlock_bh(&t->lock);
				return 1;
			}
			cur->started = 1;
		}
		spin_unlock_bh(&t->lock);
	}
	cur->done = 1;
	return 0;
}

int nat64_bib_dump(struct nat64_instance *inst, struct nat64_dump_cursor *cur,
		   nat64_bib_dump_fn fn, void *arg)
{
	return dump(inst, cur, false, fn, NULL, arg);
}

int nat64_session_dump(struct nat64_instance *inst, struct nat64_dump_cursor *cur,
		       nat64_session_dump_fn fn, void *arg)
{
	return dump(inst, cur, true, NULL, fn, arg);
}
