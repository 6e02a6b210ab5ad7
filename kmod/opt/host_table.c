// SPDX-License-Identifier: GPL-2.0
/*
 * Host role: connections holding our TCP option, per instance. A plain
 * RCU hash table of fixed size (lookups on every TCP segment the host
 * sends or receives), capped by the host-max-flows setting, cleaned by a GC that
 * forgets connections after RST, FIN both ways or host_idle_timeout idle.
 */
#include <linux/jhash.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/mm.h>
#include <uapi/linux/nat64.h>
#include "instance.h"
#include "opt.h"
#include "host.h"

#define HOST_BUCKETS		16384	/* power of two */
#define HOST_GC_PERIOD		HZ
#define HOST_GC_BATCH		512	/* buckets per lock hold */

static struct nat64_host_table *host_tbl(const struct nat64_instance *inst)
{
	return READ_ONCE(inst->host);
}

static struct hlist_head *bucket(struct nat64_host_table *t, __be32 raddr, __be16 rport,
				 __be32 laddr, __be16 lport)
{
	u32 h = jhash_3words((__force u32)raddr, (__force u32)laddr,
			     (u32)(__force u16)rport << 16 | (__force u16)lport, t->seed);

	return &t->buckets[h & t->mask];
}

static bool match(const struct host_flow *f, __be32 raddr, __be16 rport, __be32 laddr,
		  __be16 lport)
{
	return f->raddr == raddr && f->laddr == laddr && f->rport == rport && f->lport == lport;
}

struct host_flow *host_flow_lookup(struct nat64_host_table *t, __be32 raddr, __be16 rport,
				   __be32 laddr, __be16 lport)
{
	struct host_flow *f;

	hlist_for_each_entry_rcu(f, bucket(t, raddr, rport, laddr, lport), node)
		if (match(f, raddr, rport, laddr, lport) && !READ_ONCE(f->dead))
			return f;
	return NULL;
}

static bool closing(const struct host_flow *f)
{
	u8 ev = READ_ONCE(f->events);

	return (ev & HOST_EV_RST) ||
	       (ev & (HOST_EV_FIN_IN | HOST_EV_FIN_OUT)) == (HOST_EV_FIN_IN | HOST_EV_FIN_OUT);
}

/* Caller holds t->lock. */
static void flow_unlink(struct nat64_host_table *t, struct host_flow *f)
{
	WRITE_ONCE(f->dead, true);
	hlist_del_rcu(&f->node);
	atomic_dec(&t->count);
	kfree_rcu(f, rcu);
}

enum host_learn host_flow_learn(struct nat64_host_table *t, __be32 raddr, __be16 rport,
				__be32 laddr, __be16 lport, const u8 *opt, bool syn, u32 cap,
				struct host_flow **out)
{
	struct hlist_head *b = bucket(t, raddr, rport, laddr, lport);
	enum host_learn r;
	struct host_flow *f;

	*out = NULL;
	spin_lock(&t->lock);
	hlist_for_each_entry(f, b, node) {
		if (!match(f, raddr, rport, laddr, lport))
			continue;
		*out = f;
		if (!memcmp(f->opt, opt, NAT64_TCPOPT_LEN)) {
			/*
			 * Same client, same ports again (options are deterministic):
			 * a new SYN starts the connection over.
			 */
			if (syn && closing(f)) {
				WRITE_ONCE(f->events, 0);
				r = HOST_LEARN_REUSED;
			} else {
				r = HOST_LEARN_SAME;
			}
		} else if (closing(f)) {
			/* The 4-tuple is being reused by a new connection. */
			memcpy(f->opt, opt, NAT64_TCPOPT_LEN);
			WRITE_ONCE(f->events, 0);
			r = HOST_LEARN_REUSED;
		} else {
			r = syn ? HOST_LEARN_COLLISION : HOST_LEARN_OTHER;
		}
		goto out;
	}
	if (atomic_read(&t->count) >= cap) {
		r = HOST_LEARN_CAP;
		goto out;
	}
	f = kzalloc(sizeof(*f), GFP_ATOMIC);
	if (!f) {
		r = HOST_LEARN_NOMEM;
		goto out;
	}
	f->raddr = raddr;
	f->rport = rport;
	f->laddr = laddr;
	f->lport = lport;
	memcpy(f->opt, opt, NAT64_TCPOPT_LEN);
	f->last = jiffies;
	atomic_inc(&t->count);
	hlist_add_head_rcu(&f->node, b);
	*out = f;
	r = HOST_LEARN_NEW;
out:
	spin_unlock(&t->lock);
	return r;
}

void host_flow_touch(struct host_flow *f, bool in, bool fin, bool rst)
{
	unsigned long now = jiffies;
	u8 ev = READ_ONCE(f->events), nev = ev;

	if (READ_ONCE(f->last) != now)
		WRITE_ONCE(f->last, now);
	if (fin)
		nev |= in ? HOST_EV_FIN_IN : HOST_EV_FIN_OUT;
	if (rst)
		nev |= HOST_EV_RST;
	if (nev != ev) {
		if (!closing(f))
			WRITE_ONCE(f->closed, now);
		WRITE_ONCE(f->events, nev);
	}
}

/* Should the GC forget f now? */
static bool expired(const struct host_flow *f, unsigned long now, unsigned long idle)
{
	u8 ev = READ_ONCE(f->events);

	if (time_after(now, READ_ONCE(f->last) + idle))
		return true;
	if (ev & HOST_EV_RST)
		return time_after(now, READ_ONCE(f->closed) + HOST_RST_SECS * HZ);
	if (closing(f))
		return time_after(now, READ_ONCE(f->last) + HOST_CLOSING_SECS * HZ);
	return false;
}

static unsigned long idle_jiffies(struct nat64_host_table *t)
{
	const struct nat64_config *cfg;
	u32 secs = 7440;

	rcu_read_lock();
	cfg = rcu_dereference(t->inst->cfg);
	if (cfg && cfg->host_idle_timeout)
		secs = cfg->host_idle_timeout;
	rcu_read_unlock();
	return (unsigned long)secs * HZ;
}

/* Remove entries (all when all is set); returns how many. */
static unsigned int sweep(struct nat64_host_table *t, bool all)
{
	unsigned long now = jiffies, idle = idle_jiffies(t);
	unsigned int i, n = 0;
	struct hlist_node *tmp;
	struct host_flow *f;

	for (i = 0; i <= t->mask; i++) {
		if ((i % HOST_GC_BATCH) == 0)
			spin_lock_bh(&t->lock);
		hlist_for_each_entry_safe(f, tmp, &t->buckets[i], node) {
			if (all || expired(f, now, idle)) {
				flow_unlink(t, f);
				n++;
			}
		}
		if ((i % HOST_GC_BATCH) == HOST_GC_BATCH - 1 || i == t->mask) {
			spin_unlock_bh(&t->lock);
			cond_resched();
		}
	}
	return n;
}

static void host_gc(struct work_struct *w)
{
	struct nat64_host_table *t = container_of(to_delayed_work(w), struct nat64_host_table,
						  gc);
	unsigned int n;

	if (!atomic_read(&t->count))
		goto again;
	n = sweep(t, false);
	if (n) {
		/* Per-CPU counter from process context: BHs off keeps it on one CPU. */
		local_bh_disable();
		this_cpu_add(t->inst->stats->c[NAT64_C_HOST_FLOWS_EXPIRED], n);
		local_bh_enable();
	}
again:
	if (!READ_ONCE(t->stopping))
		schedule_delayed_work(&t->gc, HOST_GC_PERIOD);
}

int nat64_host_create(struct nat64_instance *inst)
{
	struct nat64_host_table *t;
	unsigned int i;

	t = kvzalloc(struct_size(t, buckets, HOST_BUCKETS), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->inst = inst;
	spin_lock_init(&t->lock);
	atomic_set(&t->count, 0);
	t->seed = get_random_u32();
	t->mask = HOST_BUCKETS - 1;
	for (i = 0; i < HOST_BUCKETS; i++)
		INIT_HLIST_HEAD(&t->buckets[i]);
	INIT_DELAYED_WORK(&t->gc, host_gc);
	WRITE_ONCE(inst->host, t);
	schedule_delayed_work(&t->gc, HOST_GC_PERIOD);
	return 0;
}

void nat64_host_stop(struct nat64_instance *inst)
{
	struct nat64_host_table *t = host_tbl(inst);

	if (!t)
		return;
	WRITE_ONCE(t->stopping, true);
	cancel_delayed_work_sync(&t->gc);
}

void nat64_host_destroy(struct nat64_instance *inst)
{
	struct nat64_host_table *t = host_tbl(inst);

	if (!t)
		return;
	nat64_host_stop(inst);
	sweep(t, true);
	/* Entries go with kfree_rcu(); module exit waits with rcu_barrier(). */
	WRITE_ONCE(inst->host, NULL);
	kvfree(t);
}

u32 nat64_host_count(const struct nat64_instance *inst)
{
	struct nat64_host_table *t = host_tbl(inst);

	return t ? atomic_read(&t->count) : 0;
}

void nat64_host_flush(struct nat64_instance *inst)
{
	struct nat64_host_table *t = host_tbl(inst);

	if (t)
		sweep(t, true);
}

static void flow_info(const struct host_flow *f, unsigned long now, unsigned long idle,
		      struct nat64_hostflow_info *fi)
{
	unsigned long last = READ_ONCE(f->last), end;
	u8 ev = READ_ONCE(f->events);

	memset(fi, 0, sizeof(*fi));
	fi->remote4 = f->raddr;
	fi->local4 = f->laddr;
	fi->rport4 = ntohs(f->rport);
	fi->port4 = ntohs(f->lport);
	memcpy(fi->option, f->opt, NAT64_TCPOPT_LEN);
	fi->idle_ms = time_after(now, last) ? jiffies_to_msecs(now - last) : 0;
	fi->closing = closing(f);
	end = last + idle;
	if (ev & HOST_EV_RST)
		end = min(end, READ_ONCE(f->closed) + HOST_RST_SECS * HZ);
	else if (fi->closing)
		end = min(end, last + HOST_CLOSING_SECS * HZ);
	fi->expires_ms = time_after(end, now) ? jiffies_to_msecs(end - now) : 0;
}

/* Dump order inside a bucket: the 4-tuple as a 12-byte key. */
static void flow_key(const struct host_flow *f, struct nat64_hostflow_cursor *k)
{
	k->raddr = f->raddr;
	k->laddr = f->laddr;
	k->rport = f->rport;
	k->lport = f->lport;
}

static int key_cmp(const struct nat64_hostflow_cursor *a, const struct nat64_hostflow_cursor *b)
{
	if (a->raddr != b->raddr)
		return ntohl(a->raddr) < ntohl(b->raddr) ? -1 : 1;
	if (a->laddr != b->laddr)
		return ntohl(a->laddr) < ntohl(b->laddr) ? -1 : 1;
	if (a->rport != b->rport)
		return ntohs(a->rport) < ntohs(b->rport) ? -1 : 1;
	if (a->lport != b->lport)
		return ntohs(a->lport) < ntohs(b->lport) ? -1 : 1;
	return 0;
}

/*
 * The live entry of the bucket with the smallest key above the cursor's
 * (any key when !cur->has_key). Buckets are short (the table has a fixed
 * size and a random seed), so a scan per entry is cheap and needs no
 * order kept in the lists.
 */
static struct host_flow *next_in_bucket(struct hlist_head *b,
					const struct nat64_hostflow_cursor *cur)
{
	struct nat64_hostflow_cursor k, bestk;
	struct host_flow *f, *best = NULL;

	hlist_for_each_entry_rcu(f, b, node) {
		if (READ_ONCE(f->dead))
			continue;
		flow_key(f, &k);
		if (cur->has_key && key_cmp(&k, cur) <= 0)
			continue;
		if (!best || key_cmp(&k, &bestk) < 0) {
			best = f;
			bestk = k;
		}
	}
	return best;
}

/*
 * Resume by key: the cursor holds the bucket and the 4-tuple of the last
 * entry returned, and entries are returned in key order inside a bucket.
 * An entry's bucket never changes (fixed size, fixed seed), so an entry
 * present during the whole dump is returned exactly once whatever was
 * added or removed between two calls, and none is ever returned twice.
 */
int nat64_hostflow_dump(struct nat64_instance *inst, struct nat64_hostflow_cursor *cur,
			nat64_hostflow_dump_fn fn, void *arg)
{
	struct nat64_host_table *t = host_tbl(inst);
	struct nat64_hostflow_info fi;
	unsigned long now = jiffies, idle;
	struct host_flow *f;

	if (!t)
		return -EOPNOTSUPP;
	if (cur->done)
		return 0;
	idle = idle_jiffies(t);
	for (; cur->bucket <= t->mask; cur->bucket++, cur->has_key = 0) {
		while ((f = next_in_bucket(&t->buckets[cur->bucket], cur))) {
			flow_info(f, now, idle, &fi);
			if (fn(&fi, arg))
				return 1;
			flow_key(f, cur);
			cur->has_key = 1;
		}
	}
	cur->done = 1;
	return 0;
}
