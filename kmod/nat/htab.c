// SPDX-License-Identifier: GPL-2.0
/* Changes and resizing of the stateful engine's hash tables (see htab.h). */
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include "htab.h"

#define HTAB_MIN	64U
#define HTAB_MAX	(1U << 22)	/* 32 MiB of buckets; chains lengthen past that */
/*
 * A resize is optional (chains lengthen, lookups stay correct): it must not
 * push the machine into the OOM killer, and after a failure it waits a second
 * instead of reclaiming again for every new entry.
 */
#define HTAB_GFP	(GFP_KERNEL | __GFP_RETRY_MAYFAIL | __GFP_NOWARN)
#define HTAB_RETRY	HZ

static struct nat64_hbuckets *buckets_alloc(u32 size, gfp_t gfp)
{
	struct nat64_hbuckets *bk = kmalloc(sizeof(*bk), gfp);

	if (!bk)
		return NULL;
	/* No header in the array: 2^n pointers are an exact allocation size. */
	bk->b = kvcalloc(size, sizeof(*bk->b), gfp);
	if (!bk->b) {
		kfree(bk);
		return NULL;
	}
	bk->mask = size - 1;
	return bk;
}

static void buckets_free(struct nat64_hbuckets *bk)
{
	kvfree(bk->b);
	kfree(bk);
}

static const void *node_key(const struct nat64_htab *h, struct nat64_hnode *n)
{
	return (char *)nat64_htab_obj(n, h->p) + h->p.key_off;
}

static u32 node_hash(const struct nat64_htab *h, struct nat64_hnode *n)
{
	return nat64_htab_hash(h, node_key(h, n), h->p);
}

static struct nat64_hbuckets *cur_locked(struct nat64_htab *h)
{
	return rcu_dereference_protected(h->cur, lockdep_is_held(h->lock));
}

/*
 * The size a table of count entries should have. Growing doubles it to a
 * load of 1 to 2: buckets are 8 bytes per entry per table at load 1, as much
 * as a third of a flow's memory, while a chain of 1 to 2 costs a lookup
 * little. Shrinking (from a load under 1/8) lands at 1/2 to 1, far from the
 * next growth.
 */
static u32 size_for(u32 count, u32 size)
{
	count = max(count, 1U);
	if (count > 2 * size)
		return clamp_t(u32, rounddown_pow_of_two(count), HTAB_MIN, HTAB_MAX);
	return clamp_t(u32, roundup_pow_of_two(count), HTAB_MIN, HTAB_MAX);
}

static bool needs_resize(const struct nat64_htab *h, u32 size)
{
	bool want;

	if (h->count > 2 * size)
		want = size < HTAB_MAX;
	else
		want = h->count < size / 8 && size > HTAB_MIN;
	/*
	 * The pause is a window after the failure, not a deadline: where jiffies
	 * wraps (32-bit), a deadline set long ago would read as in the future.
	 */
	return want && !time_in_range(jiffies, h->failed_at, h->failed_at + HTAB_RETRY);
}

static void resize_work(struct work_struct *w)
{
	struct nat64_htab *h = container_of(w, struct nat64_htab, resize);
	struct nat64_hbuckets *old, *bk;
	struct nat64_hnode *n;
	u32 i, size;

	spin_lock_bh(h->lock);
	if (h->dying || !needs_resize(h, cur_locked(h)->mask + 1)) {
		spin_unlock_bh(h->lock);
		return;		/* queued again while the last resize ran */
	}
	size = size_for(h->count, cur_locked(h)->mask + 1);
	spin_unlock_bh(h->lock);
	bk = buckets_alloc(size, HTAB_GFP);
	if (!bk) {
		spin_lock_bh(h->lock);
		h->failed_at = jiffies;
		spin_unlock_bh(h->lock);
		return;
	}
	spin_lock_bh(h->lock);
	old = cur_locked(h);
	if (h->dying || old->mask == bk->mask) {
		spin_unlock_bh(h->lock);
		buckets_free(bk);
		return;
	}
	write_seqcount_begin(&h->seq);
	for (i = 0; i <= old->mask; i++) {
		while ((n = rcu_dereference_protected(old->b[i], 1))) {
			struct nat64_hnode __rcu **head = &bk->b[node_hash(h, n) & bk->mask];

			rcu_assign_pointer(old->b[i], rcu_dereference_protected(n->next, 1));
			rcu_assign_pointer(n->next, rcu_dereference_protected(*head, 1));
			rcu_assign_pointer(*head, n);
		}
	}
	rcu_assign_pointer(h->cur, bk);
	write_seqcount_end(&h->seq);
	spin_unlock_bh(h->lock);
	synchronize_rcu();
	buckets_free(old);
}

int nat64_htab_init(struct nat64_htab *h, spinlock_t *lock, const struct nat64_htab_params *p)
{
	struct nat64_hbuckets *bk = buckets_alloc(HTAB_MIN, GFP_KERNEL);

	if (!bk)
		return -ENOMEM;
	h->lock = lock;
	h->p = *p;
	h->seed = get_random_u32();
	h->count = 0;
	h->dying = false;
	h->failed_at = jiffies - HTAB_RETRY - 1;	/* no failure yet */
	seqcount_spinlock_init(&h->seq, lock);
	INIT_WORK(&h->resize, resize_work);
	RCU_INIT_POINTER(h->cur, bk);
	return 0;
}

void nat64_htab_destroy(struct nat64_htab *h)
{
	struct nat64_hbuckets *bk = rcu_dereference_protected(h->cur, 1);

	if (!bk)
		return;		/* never initialised */
	spin_lock_bh(h->lock);
	h->dying = true;
	spin_unlock_bh(h->lock);
	cancel_work_sync(&h->resize);
	WARN_ON_ONCE(h->count);
	/* Readers are gone: the owner waited for a grace period after unpublishing. */
	buckets_free(rcu_dereference_protected(h->cur, 1));
	RCU_INIT_POINTER(h->cur, NULL);
}

int nat64_htab_insert(struct nat64_htab *h, struct nat64_hnode *n)
{
	const void *key = node_key(h, n);
	struct nat64_hbuckets *bk = cur_locked(h);
	struct nat64_hnode __rcu **head = &bk->b[nat64_htab_hash(h, key, h->p) & bk->mask];
	struct nat64_hnode *o;

	for (o = rcu_dereference_protected(*head, 1); o; o = rcu_dereference_protected(o->next, 1))
		if (!memcmp(node_key(h, o), key, h->p.key_len))
			return -EEXIST;
	RCU_INIT_POINTER(n->next, rcu_dereference_protected(*head, 1));
	rcu_assign_pointer(*head, n);
	h->count++;
	if (!h->dying && needs_resize(h, bk->mask + 1))
		queue_work(system_unbound_wq, &h->resize);
	return 0;
}

/* n->next is left alone: a reader standing on n goes on from there. */
void nat64_htab_remove(struct nat64_htab *h, struct nat64_hnode *n)
{
	struct nat64_hbuckets *bk = cur_locked(h);
	struct nat64_hnode __rcu **pp = &bk->b[node_hash(h, n) & bk->mask];
	struct nat64_hnode *o;

	while ((o = rcu_dereference_protected(*pp, 1)) && o != n)
		pp = &o->next;
	if (WARN_ON_ONCE(!o))
		return;
	rcu_assign_pointer(*pp, rcu_dereference_protected(n->next, 1));
	h->count--;
	if (!h->dying && needs_resize(h, bk->mask + 1))
		queue_work(system_unbound_wq, &h->resize);
}

u32 nat64_htab_buckets(struct nat64_htab *h)
{
	u32 size;

	rcu_read_lock();
	size = rcu_dereference(h->cur)->mask + 1;
	rcu_read_unlock();
	return size;
}
