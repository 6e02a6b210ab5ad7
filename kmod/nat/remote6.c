// SPDX-License-Identifier: GPL-2.0
/*
 * Y', the IPv6 form of a session's remote address, kept as a one-byte index.
 *
 * Y' is Z (which the session key holds) under an RFC 6052 prefix, plus
 * whatever u-octet and suffix bits the client sent. Nearly every session of
 * a table shares one of very few such "shapes", so each table interns them:
 * an entry is Y' with Z's 32 bits cleared and the prefix length that says
 * where they go. The session stores the entry's index, 15 bytes less than
 * the address itself (Documentation/stateful-engine.rst, "Memory"). Entries
 * do not depend on the configuration: removing a prefix leaves existing
 * sessions answering from the address their client used.
 *
 * Changes happen under the table lock. Readers (the IPv4 -> IPv6 path) index
 * the array under RCU: an entry whose last session went is reused for a
 * different shape only after a grace period, and a grown array replaces the
 * old one with rcu_assign_pointer().
 */
#include <linux/slab.h>
#include <linux/rcupdate.h>
#include <net/ipv6.h>
#include "core/addr.h"
#include "nat.h"

/* Distinct shapes per table: an index fits in a byte. */
#define SHAPES_MAX	256
#define SHAPES_FIRST	4

struct nat64_shape {
	struct in6_addr base;		/* Y' with Z's bits zero */
	unsigned long gp;		/* RCU state when refs last dropped to 0 */
	u32 refs;			/* sessions using it (table lock) */
	u8 len;				/* prefix length: where Z's bits go; 0: never used */
};

struct nat64_shapes {
	struct rcu_head rcu;
	unsigned int cap;
	struct nat64_shape e[];
};

static struct nat64_shapes *shapes_locked(struct nat64_table *t)
{
	return rcu_dereference_protected(t->shapes, lockdep_is_held(&t->lock));
}

/* A bigger copy of the array, published in place of the old one. */
static struct nat64_shapes *shapes_grow(struct nat64_table *t, struct nat64_shapes *old)
{
	unsigned int cap = old ? old->cap * 2 : SHAPES_FIRST;
	struct nat64_shapes *n;

	if (cap > SHAPES_MAX)
		return NULL;
	n = kzalloc(struct_size(n, e, cap), GFP_ATOMIC);
	if (!n)
		return NULL;
	n->cap = cap;
	if (old)
		memcpy(n->e, old->e, old->cap * sizeof(old->e[0]));
	rcu_assign_pointer(t->shapes, n);
	if (old)
		kfree_rcu(old, rcu);
	return n;
}

int nat64_remote6_get(struct nat64_table *t, const struct in6_addr *y6, u8 len)
{
	struct nat64_shapes *a = shapes_locked(t);
	struct nat64_shape *e, *spare = NULL;
	struct in6_addr base = *y6;
	unsigned int i;

	nat64_rfc6052_put(len, 0, &base);
	for (i = 0; a && i < a->cap; i++) {
		e = &a->e[i];
		if (e->len == len && ipv6_addr_equal(&e->base, &base))
			goto take;
		/* Readers may still be looking at what a freed entry held. */
		if (!spare && (!e->len || (!e->refs && poll_state_synchronize_rcu(e->gp))))
			spare = e;
	}
	if (!spare) {
		i = a ? a->cap : 0;
		a = shapes_grow(t, a);
		if (!a)
			return -ENOSPC;
		spare = &a->e[i];
	}
	e = spare;
	i = e - a->e;
	e->base = base;
	e->len = len;
take:
	e->refs++;
	return i;
}

void nat64_remote6_put(struct nat64_table *t, u8 idx)
{
	struct nat64_shape *e = &shapes_locked(t)->e[idx];

	/* Rare (the last session of a shape): make sure a grace period comes. */
	if (!--e->refs)
		e->gp = start_poll_synchronize_rcu();
}

void nat64_remote6_read(struct nat64_table *t, const struct nat64_session *s,
			struct in6_addr *out)
{
	const struct nat64_shape *e = &rcu_dereference_check(t->shapes,
			lockdep_is_held(&t->lock))->e[s->shape];

	*out = e->base;
	nat64_rfc6052_put(e->len, s->k.ra, out);
}

void nat64_remote6_destroy(struct nat64_table *t)
{
	kfree(rcu_dereference_protected(t->shapes, 1));
	RCU_INIT_POINTER(t->shapes, NULL);
}
