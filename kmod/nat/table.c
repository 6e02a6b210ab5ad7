// SPDX-License-Identifier: GPL-2.0
/*
 * BIB and session tables of one protocol: RCU hash lookups from both sides
 * (X',x and T,t for mappings; T,t,Z,z for sessions), a red-black tree of
 * mappings in IPv4 order and per-mapping session lists sorted by (Z,z) for
 * resumable dumps, lifetime lists for the GC. See nat.h for the locking rules.
 */
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/mutex.h>
#include <uapi/linux/nat64.h>
#include "core/addr.h"
#include "core/tcp_fsm.h"
#include "nat.h"

/* Most entries a control-plane pass handles per hold of a table lock (BHs off). */
#define LOCK_BATCH	4096

const struct nat64_htab_params nat64_bib6_params = {
	.node_off = offsetof(struct nat64_bib, h6),
	.key_off = offsetof(struct nat64_bib, k6),
	.key_len = sizeof(struct nat64_bkey6),
};

const struct nat64_htab_params nat64_bib4_params = {
	.node_off = offsetof(struct nat64_bib, h4),
	.key_off = offsetof(struct nat64_bib, k4),
	.key_len = sizeof(struct nat64_bkey4),
};

const struct nat64_htab_params nat64_ses_params = {
	.node_off = offsetof(struct nat64_session, h),
	.key_off = offsetof(struct nat64_session, k),
	.key_len = sizeof(struct nat64_skey),
};

/*
 * Exactly-sized caches shared by every instance: created with the first
 * stateful instance, destroyed with the last one once the pending RCU frees
 * have run (they are call_rcu() callbacks, so rcu_barrier() waits for them).
 */
static DEFINE_MUTEX(cache_lock);
static unsigned int cache_users;
static struct kmem_cache *bib_cache, *flow_cache, *ses_cache;

static void caches_destroy(void)
{
	kmem_cache_destroy(bib_cache);
	kmem_cache_destroy(flow_cache);
	kmem_cache_destroy(ses_cache);
	bib_cache = flow_cache = ses_cache = NULL;
}

static int caches_get(void)
{
	int err = 0;

	mutex_lock(&cache_lock);
	if (!cache_users) {
		/* No SLAB_HWCACHE_ALIGN: it would round every object up to 64 bytes. */
		bib_cache = kmem_cache_create("nat64_bib", sizeof(struct nat64_bib), 0, 0, NULL);
		flow_cache = kmem_cache_create("nat64_flow", sizeof(struct nat64_flow), 0, 0,
					       NULL);
		ses_cache = kmem_cache_create("nat64_session", sizeof(struct nat64_session), 0,
					      0, NULL);
		if (!bib_cache || !flow_cache || !ses_cache) {
			caches_destroy();
			err = -ENOMEM;
		}
	}
	if (!err)
		cache_users++;
	mutex_unlock(&cache_lock);
	return err;
}

static void caches_put(void)
{
	mutex_lock(&cache_lock);
	if (!--cache_users) {
		rcu_barrier();
		caches_destroy();
	}
	mutex_unlock(&cache_lock);
}

static void bib_free(struct nat64_bib *b)
{
	if (b->flags & NAT64_BF_PEERS)
		kfree(container_of(b, struct nat64_bib_peers, b));
	else
		kmem_cache_free(b->flags & NAT64_BF_FLOW ? flow_cache : bib_cache, b);
}

static void bib_free_rcu(struct rcu_head *r)
{
	bib_free(container_of(r, struct nat64_bib, rcu));
}

static void ses_free_rcu(struct rcu_head *r)
{
	kmem_cache_free(ses_cache, container_of(r, struct nat64_session, rcu));
}

/* The session embedded in a mapping's own allocation? It goes with the mapping. */
static bool ses_embedded(const struct nat64_session *s)
{
	const struct nat64_bib *b = s->bib;

	return (b->flags & NAT64_BF_FLOW) && s == &container_of(b, struct nat64_flow, b)->s;
}

struct nat64_bib *nat64_bib_lookup6(struct nat64_table *t, const struct in6_addr *a, u16 port)
{
	struct nat64_bkey6 k = { .a = *a, .port = port };

	return nat64_htab_lookup(&t->bib6, &k, nat64_bib6_params);
}

struct nat64_bib *nat64_bib_lookup4(struct nat64_table *t, __be32 a, u16 port)
{
	struct nat64_bkey4 k = { .a = a, .port = port };

	return nat64_htab_lookup(&t->bib4, &k, nat64_bib4_params);
}

struct nat64_session *nat64_ses_lookup(struct nat64_table *t, __be32 a, u16 port,
				       __be32 ra, u16 rport)
{
	struct nat64_skey k = { .a = a, .ra = ra, .port = port, .rport = rport };

	return nat64_htab_lookup(&t->ses, &k, nat64_ses_params);
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

/*
 * The session of mapping b towards Z:z. Its list is sorted by (Z,z) and holds
 * one or two sessions in the common case: reading its head costs less than
 * hashing the key and missing the cache on a bucket. A longer list goes to
 * the hash table. Both see the same sessions: they are linked and unlinked
 * together under t->lock.
 */
#define SES_LIST_WALK	4

struct nat64_session *nat64_bib_ses_find(struct nat64_table *t, struct nat64_bib *b,
					 __be32 ra, u16 rport)
{
	struct nat64_session *s = rcu_dereference(b->sessions);
	unsigned int i;
	int c;

	for (i = 0; s && i < SES_LIST_WALK; i++, s = rcu_dereference(s->next)) {
		c = cmp_k4(s->k.ra, s->k.rport, ra, rport);
		if (!c)
			return s;
		if (c > 0)
			return NULL;
	}
	return s ? nat64_ses_lookup(t, b->k4.a, b->k4.port, ra, rport) : NULL;
}

bool nat64_bib_has_remote(struct nat64_bib *b, __be32 ra)
{
	struct nat64_session *s;

	/* Sorted by Z: stop at the first one past ra. */
	for (s = rcu_dereference(b->sessions); s; s = rcu_dereference(s->next)) {
		if (s->k.ra == ra && !READ_ONCE(s->dead))
			return true;
		if (be32_to_cpu(s->k.ra) > be32_to_cpu(ra))
			break;
	}
	return false;
}

bool nat64_bib_peer_ok(const struct nat64_bib *b, __be32 ra)
{
	const struct nat64_bib_peers *bp = container_of(b, struct nat64_bib_peers, b);
	unsigned int i, n = nat64_bib_nr_peers(b);

	if (!n)
		return true;
	for (i = 0; i < n; i++)
		if (nat64_prefix4_match(&bp->peers[i], ra))
			return true;
	return false;
}

/* The lifetime entry of a requested mapping (t->lock held; few of them). */
static struct nat64_bib_life *bib_life(struct nat64_table *t, const struct nat64_bib *b)
{
	struct nat64_bib_life *l;

	if (!(b->flags & NAT64_BF_LIFE))
		return NULL;
	list_for_each_entry(l, &t->req, node)
		if (l->bib == b)
			return l;
	return NULL;
}

void nat64_bib_life_end(struct nat64_bib *b, struct nat64_bib_life *l)
{
	list_del(&l->node);
	kfree(l);
	b->flags &= ~NAT64_BF_LIFE;
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

/*
 * Ordered by the IPv4 side, for resumable dumps and batched flushes. Sorting a
 * mapping in costs a ~17-level descent: the packet path leaves new mappings on
 * t->bib_pend and whoever needs the order moves them into the tree.
 */
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

/*
 * A mapping's sessions, sorted by (Z,z): the session dump order is then the
 * mapping tree's order followed by each list's. Linear in the sessions of
 * one mapping, which are few in the common case (t->lock held).
 */
static void ses_list_add(struct nat64_bib *b, struct nat64_session *s)
{
	struct nat64_session __rcu **pp = &b->sessions;
	struct nat64_session *o;

	while ((o = rcu_dereference_protected(*pp, 1)) &&
	       cmp_k4(o->k.ra, o->k.rport, s->k.ra, s->k.rport) < 0)
		pp = &o->next;
	RCU_INIT_POINTER(s->next, o);
	rcu_assign_pointer(*pp, s);
}

/* s->next is left alone: a reader standing on s goes on from there. */
static void ses_list_del(struct nat64_bib *b, struct nat64_session *s)
{
	struct nat64_session __rcu **pp = &b->sessions;
	struct nat64_session *o;

	while ((o = rcu_dereference_protected(*pp, 1)) && o != s)
		pp = &o->next;
	if (o)
		RCU_INIT_POINTER(*pp, rcu_dereference_protected(s->next, 1));
}

static u32 ses_count(const struct nat64_bib *b)
{
	const struct nat64_session *s;
	u32 n = 0;

	for (s = rcu_dereference_protected(b->sessions, 1); s;
	     s = rcu_dereference_protected(s->next, 1))
		n++;
	return n;
}

struct nat64_bib *nat64_bib_create(struct nat64_state *st, struct nat64_table *t,
				   const struct nat64_config *cfg, const struct in6_addr *a6,
				   u16 port6, __be32 a4, u16 port4, unsigned int nr_peers,
				   bool flow)
{
	const struct nat64_config *c = cfg ? cfg : rcu_dereference_check(st->inst->cfg, 1);
	struct nat64_bib *b;
	int err;

	if (atomic_read(&st->nr_bib) >= c->max_bib) {
		nat64_st_count(st, NAT64_C_DROP_BIB_CAP);
		return ERR_PTR(-ENOSPC);
	}
	if (flow) {
		struct nat64_flow *f = kmem_cache_alloc(flow_cache, GFP_ATOMIC);

		if (!f)
			return ERR_PTR(-ENOMEM);
		/* The embedded session is cleared when it is handed out. */
		b = &f->b;
		memset(b, 0, sizeof(*b));
		b->flags = NAT64_BF_FLOW;
	} else if (nr_peers) {
		struct nat64_bib_peers *bp = kzalloc(struct_size(bp, peers, nr_peers), GFP_ATOMIC);

		if (!bp)
			return ERR_PTR(-ENOMEM);
		bp->nr_peers = nr_peers;
		b = &bp->b;
		b->flags = NAT64_BF_PEERS;
	} else {
		b = kmem_cache_zalloc(bib_cache, GFP_ATOMIC);
		if (!b)
			return ERR_PTR(-ENOMEM);
	}
	b->k6.a = *a6;
	b->k6.port = port6;
	b->k4.a = a4;
	b->k4.port = port4;
	b->proto = t->proto;
	err = nat64_htab_insert(&t->bib6, &b->h6);
	if (err) {
		bib_free(b);
		return ERR_PTR(err);
	}
	err = nat64_htab_insert(&t->bib4, &b->h4);
	if (err) {
		nat64_htab_remove(&t->bib6, &b->h6);
		call_rcu(&b->rcu, bib_free_rcu);
		return ERR_PTR(err);
	}
	/* The tree only serves dumps and flushes: they sort new mappings in. */
	list_add_tail(&b->pend, &t->bib_pend);
	b->flags |= NAT64_BF_PEND;
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
	nat64_htab_remove(&t->ses, &s->h);
	list_del(&s->tnode);
	ses_list_del(s->bib, s);
	nat64_remote6_put(t, s->shape);
	t->nr_ses--;
	atomic_dec(&st->nr_ses);
	/* An embedded session is freed with its mapping, which outlives it. */
	if (!ses_embedded(s))
		call_rcu(&s->rcu, ses_free_rcu);
}

void nat64_bib_delete(struct nat64_state *st, struct nat64_table *t, struct nat64_bib *b,
		      const struct nat64_config *cfg)
{
	struct nat64_session *s;

	if (b->dead)
		return;
	while ((s = rcu_dereference_protected(b->sessions, 1)))
		ses_unlink(st, t, s);
	WRITE_ONCE(b->dead, true);
	nat64_htab_remove(&t->bib6, &b->h6);
	nat64_htab_remove(&t->bib4, &b->h4);
	if (b->flags & NAT64_BF_PEND)
		list_del(&b->pend);
	else
		rb_erase(&b->rb, &t->bib_tree);
	if (b->flags & NAT64_BF_LIFE)
		nat64_bib_life_end(b, bib_life(t, b));
	t->nr_bib--;
	atomic_dec(&st->nr_bib);
	nat64_st_count(st, NAT64_C_BIB_DELETED);
	if (cfg && cfg->log_mappings && !st->stopping)
		nat64_event_mapping(st, cfg, NAT64_EVENT_MAPPING_DEL, b);
	call_rcu(&b->rcu, bib_free_rcu);
}

struct nat64_session *nat64_ses_create(struct nat64_state *st, struct nat64_table *t,
				       struct nat64_bib *b, __be32 ra, u16 rport,
				       const struct in6_addr *remote6, u8 plen, u8 state,
				       bool hairpin)
{
	const struct nat64_config *cfg = rcu_dereference_check(st->inst->cfg, 1);
	struct nat64_session *s;
	int err, shape;

	if (atomic_read(&st->nr_ses) >= cfg->max_sessions) {
		nat64_st_count(st, NAT64_C_DROP_SESSION_CAP);
		return ERR_PTR(-ENOSPC);
	}
	shape = nat64_remote6_get(t, remote6, plen);
	if (shape < 0) {
		nat64_st_count(st, NAT64_C_DROP_REMOTE6_SHAPES);
		return ERR_PTR(-ENOSPC);
	}
	if ((b->flags & (NAT64_BF_FLOW | NAT64_BF_INL_USED)) == NAT64_BF_FLOW) {
		/* The first session of a mapping made for a packet: no allocation. */
		s = &container_of(b, struct nat64_flow, b)->s;
		memset(s, 0, sizeof(*s));
		b->flags |= NAT64_BF_INL_USED;
	} else {
		s = kmem_cache_zalloc(ses_cache, GFP_ATOMIC);
		if (!s) {
			nat64_remote6_put(t, shape);
			return ERR_PTR(-ENOMEM);
		}
	}
	s->k.a = b->k4.a;
	s->k.port = b->k4.port;
	s->k.ra = ra;
	s->k.rport = rport;
	s->bib = b;
	s->shape = shape;
	s->state = state;
	s->hairpin = hairpin;
	s->tclass = (t->proto == IPPROTO_TCP && nat64_tcp_state_transitory(state)) ?
		    NAT64_TC_TRANS : NAT64_TC_LONG;
	s->last = nat64_now32();
	s->queued = s->last;
	err = nat64_htab_insert(&t->ses, &s->h);
	if (err) {
		nat64_remote6_put(t, shape);
		/* Never published: the embedded slot can be handed out again. */
		if (ses_embedded(s))
			b->flags &= ~NAT64_BF_INL_USED;
		else
			kmem_cache_free(ses_cache, s);
		return ERR_PTR(err);
	}
	list_add_tail(&s->tnode, &t->tlist[s->tclass]);
	ses_list_add(b, s);
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
	if (!rcu_access_pointer(b->sessions) && !b->is_static)
		nat64_bib_delete(st, t, b, cfg);
}

/*
 * Lists are kept (roughly) sorted by ->queued so the GC can stop at the
 * first entry not yet due. A refreshed entry goes back in at its refresh
 * time; a short backward walk from the tail finds its place (bounded: past
 * the bound it lands a little early in the list, which only means the GC
 * looks at it sooner).
 */
void nat64_ses_requeue(struct nat64_table *t, struct nat64_session *s, u8 cls, u32 when)
{
	struct list_head *head = &t->tlist[cls], *pos;
	int steps = 0;

	list_del(&s->tnode);
	s->tclass = cls;
	s->queued = when;
	for (pos = head->prev; pos != head && steps < 64; pos = pos->prev, steps++) {
		struct nat64_session *o = list_entry(pos, struct nat64_session, tnode);

		if (!time_after32(o->queued, when))
			break;
	}
	list_add(&s->tnode, pos);
}

/* Move up to budget pending mappings into the tree (t->lock held); true when some are left. */
static bool bib_tree_sync(struct nat64_table *t, int budget)
{
	while (!list_empty(&t->bib_pend)) {
		struct nat64_bib *b = list_first_entry(&t->bib_pend, struct nat64_bib, pend);

		if (budget-- <= 0)
			return true;
		list_del(&b->pend);
		b->flags &= ~NAT64_BF_PEND;
		bib_tree_insert(t, b);
	}
	return false;
}

/* All of them, t->lock held: dropped between batches so BHs are not held off long. */
static void bib_tree_sync_all(struct nat64_table *t)
{
	while (bib_tree_sync(t, LOCK_BATCH)) {
		spin_unlock_bh(&t->lock);
		spin_lock_bh(&t->lock);
	}
}

/* Some mapping of t, a pending one first (deleting it needs no tree work). */
static struct nat64_bib *bib_any(struct nat64_table *t)
{
	struct rb_node *n;

	if (!list_empty(&t->bib_pend))
		return list_first_entry(&t->bib_pend, struct nat64_bib, pend);
	n = rb_first(&t->bib_tree);
	return n ? rb_entry(n, struct nat64_bib, rb) : NULL;
}

/*
 * Delete up to LOCK_BATCH mappings of t (t->lock held), so that emptying a
 * table of a million does not keep BHs off for long; true when some are left.
 */
static bool bib_delete_batch(struct nat64_state *st, struct nat64_table *t,
			     const struct nat64_config *cfg)
{
	struct nat64_bib *b;
	int batch = 0;

	while ((b = bib_any(t))) {
		if (batch++ >= LOCK_BATCH)
			return true;
		nat64_bib_delete(st, t, b, cfg);
	}
	return false;
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
	if (caches_get()) {
		kfree(st);
		return -ENOMEM;
	}
	st->inst = inst;
	get_random_bytes(&st->secret, sizeof(st->secret));
	spin_lock_init(&st->held_lock);
	INIT_LIST_HEAD(&st->held);
	for (i = 0; i < NAT64_NPROTO; i++) {
		struct nat64_table *t = &st->t[i];

		spin_lock_init(&t->lock);
		t->proto = nat64_pidx_proto(i);
		t->bib_tree = RB_ROOT;
		INIT_LIST_HEAD(&t->bib_pend);
		INIT_LIST_HEAD(&t->tlist[0]);
		INIT_LIST_HEAD(&t->tlist[1]);
		INIT_LIST_HEAD(&t->req);
		get_random_bytes(&t->counter, sizeof(t->counter));
		err = nat64_htab_init(&t->bib6, &t->lock, &nat64_bib6_params) ?:
		      nat64_htab_init(&t->bib4, &t->lock, &nat64_bib4_params) ?:
		      nat64_htab_init(&t->ses, &t->lock, &nat64_ses_params);
		if (err)
			break;
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
	bool more;
	int i;

	if (!st)
		return;
	st->stopping = true;
	for (i = 0; i < NAT64_NPROTO; i++) {
		struct nat64_table *t = &st->t[i];

		do {
			spin_lock_bh(&t->lock);
			more = bib_delete_batch(st, t, NULL);
			spin_unlock_bh(&t->lock);
			cond_resched();
		} while (more);
		nat64_htab_destroy(&t->bib6);
		nat64_htab_destroy(&t->bib4);
		nat64_htab_destroy(&t->ses);
		nat64_remote6_destroy(t);
	}
	inst->state = NULL;
	kfree(st);
	caches_put();
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

u32 nat64_bucket_count(const struct nat64_instance *inst)
{
	struct nat64_state *st = nat64_state_of(inst);
	u32 n = 0;
	int i;

	for (i = 0; st && i < NAT64_NPROTO; i++)
		n += nat64_htab_buckets(&st->t[i].bib6) + nat64_htab_buckets(&st->t[i].bib4) +
		     nat64_htab_buckets(&st->t[i].ses);
	return n;
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

static int set_requested(struct nat64_table *t, struct nat64_bib *b,
			 const struct nat64_bib_request *req)
{
	struct nat64_bib_life *l = bib_life(t, b);
	unsigned int i, n;

	if (req->lifetime && !l) {
		l = kmalloc(sizeof(*l), GFP_ATOMIC);
		if (!l)
			return -ENOMEM;
		l->bib = b;
		list_add_tail(&l->node, &t->req);
		b->flags |= NAT64_BF_LIFE;
	} else if (!req->lifetime && l) {
		nat64_bib_life_end(b, l);
		l = NULL;
	}
	if (l)
		l->expires = jiffies + (unsigned long)req->lifetime * HZ;
	b->is_static = true;
	if (b->flags & NAT64_BF_PEERS) {
		struct nat64_bib_peers *bp = container_of(b, struct nat64_bib_peers, b);

		/* Peers only shrink in place: the entry was sized for the request that made it. */
		n = min_t(unsigned int, req->nr_peers, bp->nr_peers);
		for (i = 0; i < n; i++)
			bp->peers[i] = req->peers[i];
		WRITE_ONCE(bp->nr_peers, n);
	}
	return 0;
}

static void fill_bib_info(struct nat64_table *t, const struct nat64_bib *b,
			  struct nat64_bib_info *o)
{
	const struct nat64_bib_peers *bp = container_of(b, struct nat64_bib_peers, b);
	const struct nat64_bib_life *l = b->is_static ? bib_life(t, b) : NULL;
	unsigned int i;

	memset(o, 0, offsetof(struct nat64_bib_info, peers));
	o->proto = b->proto;
	o->addr6 = b->k6.a;
	o->port6 = b->k6.port;
	o->addr4 = b->k4.a;
	o->port4 = b->k4.port;
	o->is_static = b->is_static;
	if (l)
		o->expires_ms = time_after(l->expires, jiffies) ?
				jiffies_to_msecs(l->expires - jiffies) : 1;
	o->nr_sessions = ses_count(b);
	o->nr_peers = nat64_bib_nr_peers(b);
	for (i = 0; i < o->nr_peers && i < NAT64_BIB_MAX_PEERS; i++)
		o->peers[i] = bp->peers[i];
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
		if (req->nr_peers > nat64_bib_nr_peers(b)) {
			NL_SET_ERR_MSG_MOD(extack, "the IPv6 endpoint's mapping exists with fewer "
					   "peers (delete it first to change them)");
			err = -EEXIST;
			goto unlock;
		}
		err = set_requested(t, b, req);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "out of memory");
			goto unlock;
		}
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
			     false);
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
	err = set_requested(t, b, req);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "out of memory");
		nat64_bib_delete(st, t, b, NULL);
		goto unlock;
	}
	if (cfg->log_mappings)
		nat64_event_mapping(st, cfg, NAT64_EVENT_MAPPING_ADD, b);
done:
	if (out)
		fill_bib_info(t, b, out);
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

/* First mapping with T,t >= (a, port) (t->lock held). */
static struct rb_node *bib_first_ge(struct nat64_table *t, __be32 a, u16 port)
{
	struct rb_node *n = t->bib_tree.rb_node, *best = NULL;

	while (n) {
		struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);

		if (cmp_k4(b->k4.a, b->k4.port, a, port) >= 0) {
			best = n;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return best;
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
		struct nat64_bkey4 next4 = { 0 };	/* sessions_only: where to go on */

		if (proto && nat64_pidx(proto) != i)
			continue;
		while (more) {
			const struct nat64_config *cfg;
			struct rb_node *n, *next;
			int batch = 0;

			rcu_read_lock();
			cfg = pcfg ? pcfg : rcu_dereference(inst->cfg);
			spin_lock_bh(&t->lock);
			if (sessions_only || pcfg)
				bib_tree_sync_all(t);
			if (sessions_only) {
				n = bib_first_ge(t, next4.a, next4.port);
				while (n && batch++ < LOCK_BATCH) {
					struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);
					struct nat64_session *s;

					s = rcu_dereference_protected(b->sessions, 1);
					/* Past b when it has nothing left or goes with s. */
					if (!s || (!rcu_access_pointer(s->next) && !b->is_static))
						n = rb_next(n);
					if (s)
						nat64_ses_delete(st, t, s, cfg);
				}
				if (n)
					next4 = rb_entry(n, struct nat64_bib, rb)->k4;
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
				more = bib_delete_batch(st, t, cfg);
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

/* Sessions: the mapping of the last one returned (or the next), then its list. */
static struct rb_node *ses_resume(struct nat64_table *t, const struct nat64_dump_cursor *cur)
{
	if (!cur->started)
		return rb_first(&t->bib_tree);
	return bib_first_ge(t, cur->addr4, cur->port4);
}

/* First session of b after the cursor. */
static struct nat64_session *ses_first(const struct nat64_bib *b,
				       const struct nat64_dump_cursor *cur)
{
	struct nat64_session *s = rcu_dereference_protected(b->sessions, 1);

	if (!cur->started || b->k4.a != cur->addr4 || b->k4.port != cur->port4)
		return s;
	while (s && cmp_k4(s->k.ra, s->k.rport, cur->raddr4, cur->rport4) <= 0)
		s = rcu_dereference_protected(s->next, 1);
	return s;
}

static void fill_ses_info(struct nat64_table *t, const struct nat64_config *cfg,
			  const struct nat64_session *s, struct nat64_session_info *o)
{
	u32 ttl = nat64_ses_ttl(cfg, t->proto, s->tclass);
	u32 end = READ_ONCE(s->last) + ttl, now = nat64_now32();

	memset(o, 0, sizeof(*o));
	o->proto = t->proto;
	o->addr6 = s->bib->k6.a;
	o->port6 = s->bib->k6.port;
	nat64_remote6_read(t, s, &o->remote6);
	o->rport6 = s->k.rport;
	o->addr4 = s->k.a;
	o->port4 = s->k.port;
	o->remote4 = s->k.ra;
	o->rport4 = s->k.rport;
	o->tcp_state = t->proto == IPPROTO_TCP ? s->state : 0;
	o->expires_ms = time_after32(end, now) ? jiffies_to_msecs(end - now) : 0;
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
		bib_tree_sync_all(t);
		n = sessions ? ses_resume(t, cur) : bib_resume(t, cur);
		for (; n; n = rb_next(n)) {
			int r;

			if (sessions) {
				struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);
				struct nat64_session *s;
				struct nat64_session_info si;

				r = 0;
				for (s = ses_first(b, cur); s && !r;
				     s = rcu_dereference_protected(s->next, 1)) {
					fill_ses_info(t, cfg, s, &si);
					r = sfn(&si, arg);
					if (!r) {
						cur->addr4 = s->k.a;
						cur->port4 = s->k.port;
						cur->raddr4 = s->k.ra;
						cur->rport4 = s->k.rport;
						cur->started = 1;
					}
				}
			} else {
				struct nat64_bib *b = rb_entry(n, struct nat64_bib, rb);
				struct nat64_bib_info bi;

				fill_bib_info(t, b, &bi);
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
			if (!sessions)
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
