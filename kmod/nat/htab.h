/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hash tables of the stateful engine: RCU lookups, changes under the
 * owner's table lock, singly linked chains with the link embedded in the
 * entry (8 bytes), and bucket arrays of exactly 2^n pointers.
 *
 * Why not rhashtable: its bucket arrays carry a header, so a 2^n array is
 * rounded up to the next allocation size (twice the memory from 16k buckets
 * on), it grows at 3/4 load, and while it rehashes every insert takes the
 * slow path. Here a worker rehashes the whole table at once under the lock
 * (a few ms at 100k entries); lookups that miss while it runs look again.
 * Load stays between 1/8 and 2 entries per bucket.
 */
#ifndef NAT64_NAT_HTAB_H
#define NAT64_NAT_HTAB_H

#include <linux/jhash.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/workqueue.h>

struct nat64_hnode {
	struct nat64_hnode __rcu *next;
};

/* Where the link and the key sit in an entry; key_len a multiple of 4. */
struct nat64_htab_params {
	u16 node_off;
	u16 key_off;
	u16 key_len;
};

struct nat64_hbuckets {
	u32 mask;
	struct nat64_hnode __rcu **b;
};

struct nat64_htab {
	struct nat64_hbuckets __rcu *cur;
	seqcount_spinlock_t seq;	/* written while a resize moves entries */
	spinlock_t *lock;		/* the owner's lock: every change holds it */
	struct nat64_htab_params p;
	u32 seed;
	u32 count;			/* entries (lock) */
	bool dying;			/* no more resizes (lock) */
	unsigned long failed_at;	/* jiffies of the last failed resize (lock) */
	struct work_struct resize;
};

int nat64_htab_init(struct nat64_htab *h, spinlock_t *lock, const struct nat64_htab_params *p);
/* Every entry must be gone already; waits for a running resize. */
void nat64_htab_destroy(struct nat64_htab *h);
/* Both with h->lock held. insert: -EEXIST when the key is taken. */
int nat64_htab_insert(struct nat64_htab *h, struct nat64_hnode *n);
void nat64_htab_remove(struct nat64_htab *h, struct nat64_hnode *n);
/* Buckets now (for "instance show"). */
u32 nat64_htab_buckets(struct nat64_htab *h);

static inline u32 nat64_htab_hash(const struct nat64_htab *h, const void *key,
				  const struct nat64_htab_params p)
{
	return jhash2(key, p.key_len / 4, h->seed);
}

static inline void *nat64_htab_obj(struct nat64_hnode *n, const struct nat64_htab_params p)
{
	return (char *)n - p.node_off;
}

/*
 * Under RCU or h->lock. p is the table's params as a constant, so the key
 * comparison is inlined at its length. A miss is only trusted if no resize
 * moved entries meanwhile: a reader walking a moved entry ends up in the new
 * array's chain and could skip the rest of its own.
 */
static __always_inline void *nat64_htab_lookup(struct nat64_htab *h, const void *key,
					       const struct nat64_htab_params p)
{
	u32 hash = nat64_htab_hash(h, key, p);
	struct nat64_hbuckets *bk;
	struct nat64_hnode *n;
	unsigned int seq;

	do {
		seq = read_seqcount_begin(&h->seq);
		bk = rcu_dereference_check(h->cur, lockdep_is_held(h->lock));
		for (n = rcu_dereference_check(bk->b[hash & bk->mask], lockdep_is_held(h->lock));
		     n; n = rcu_dereference_check(n->next, lockdep_is_held(h->lock)))
			if (!memcmp((char *)nat64_htab_obj(n, p) + p.key_off, key, p.key_len))
				return nat64_htab_obj(n, p);
	} while (read_seqcount_retry(&h->seq, seq));
	return NULL;
}

#endif /* NAT64_NAT_HTAB_H */
