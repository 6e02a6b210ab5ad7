// SPDX-License-Identifier: GPL-2.0
/*
 * Expiry: a per-instance delayed work runs once a second. Sessions sit in
 * lifetime lists ordered by when they were queued; a refresh only stamps
 * ->last, and the GC, finding an entry due, either re-queues it at its last
 * refresh or expires it. Each pass is bounded and reschedules itself sooner
 * when work is left. Requested mappings with a lifetime become dynamic when
 * it ends. IPv4 SYNs held for simultaneous open are answered with ICMP port
 * unreachable when their time is up.
 */
#include <linux/slab.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <net/icmp.h>
#include "core/tcp_fsm.h"
#include "icmp_send.h"
#include "xlat.h"
#include "nat.h"

#define GC_PERIOD	HZ
#define GC_BUDGET	20000

static bool gc_table(struct nat64_state *st, struct nat64_table *t,
		     const struct nat64_config *cfg, unsigned long now)
{
	struct nat64_bib_life *l, *ln;
	int budget = GC_BUDGET;
	u32 now32 = (u32)now;
	u8 cls;

	spin_lock_bh(&t->lock);
	for (cls = 0; cls < 2; cls++) {
		u32 ttl = nat64_ses_ttl(cfg, t->proto, cls);

		while (!list_empty(&t->tlist[cls]) && budget > 0) {
			struct nat64_session *s = list_first_entry(&t->tlist[cls],
								   struct nat64_session, tnode);
			u32 last;

			budget--;
			if (time_before32(now32, s->queued + ttl))
				break;
			last = READ_ONCE(s->last);
			if (time_before32(now32, last + ttl)) {
				nat64_ses_requeue(t, s, cls, last);
				continue;
			}
			if (t->proto == IPPROTO_TCP) {
				u8 ns = nat64_tcp_expired(s->state);

				if (ns != NAT64_TS_CLOSED) {
					s->state = ns;
					WRITE_ONCE(s->last, now32);
					nat64_ses_requeue(t, s, NAT64_TC_TRANS, now32);
					continue;
				}
			}
			nat64_st_count(st, NAT64_C_SESSION_EXPIRED);
			nat64_ses_delete(st, t, s, cfg);
		}
	}
	list_for_each_entry_safe(l, ln, &t->req, node) {
		struct nat64_bib *b = l->bib;

		if (time_before(now, l->expires))
			continue;
		nat64_bib_life_end(b, l);
		b->is_static = false;
		if (!rcu_access_pointer(b->sessions))
			nat64_bib_delete(st, t, b, cfg);
	}
	spin_unlock_bh(&t->lock);
	return budget <= 0;
}

static void held_free(struct nat64_held *h)
{
	kfree_skb(h->skb);
	kfree(h);
}

static void held_expire(struct nat64_state *st, unsigned long now)
{
	struct nat64_held *h, *n;
	LIST_HEAD(due);

	spin_lock_bh(&st->held_lock);
	list_for_each_entry_safe(h, n, &st->held, node) {
		if (time_before(now, h->expires))
			continue;
		list_move_tail(&h->node, &due);
		st->nr_held--;
	}
	spin_unlock_bh(&st->held_lock);

	list_for_each_entry_safe(h, n, &due, node) {
		struct nat64_pctx c = { 0 };

		list_del(&h->node);
		local_bh_disable();
		rcu_read_lock();
		c.net = st->inst->net;
		c.inst = st->inst;
		c.cfg = rcu_dereference(st->inst->cfg);
		/* A hairpinned SYN's error goes to its IPv6 client (RFC 6146 3.8). */
		c.local = h->hairpin;
		c.hairpin = h->hairpin;
		nat64_st_count(st, NAT64_C_HELD_SYN_EXPIRED);
		/* Nobody on the IPv6 side answered (RFC 6146 3.5.2.2). */
		h->skb->dev = dev_get_by_index_rcu(c.net, h->ifindex);
		if (h->skb->dev)
			nat64_icmp4_error(&c, h->skb, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
					  NAT64_C_ICMP_SENT_PORT_UNREACH);
		held_free(h);
		rcu_read_unlock();
		local_bh_enable();
	}
}

static void gc_work(struct work_struct *w)
{
	struct nat64_state *st = container_of(to_delayed_work(w), struct nat64_state, gc);
	const struct nat64_config *cfg;
	unsigned long now = jiffies;
	bool more = false;
	int i;

	for (i = 0; i < NAT64_NPROTO; i++) {
		rcu_read_lock();
		cfg = rcu_dereference(st->inst->cfg);
		more |= gc_table(st, &st->t[i], cfg, now);
		rcu_read_unlock();
		cond_resched();
	}
	held_expire(st, now);
	if (!READ_ONCE(st->stopping))
		queue_delayed_work(system_power_efficient_wq, &st->gc, more ? 1 : GC_PERIOD);
}

void nat64_gc_start(struct nat64_state *st)
{
	INIT_DELAYED_WORK(&st->gc, gc_work);
	queue_delayed_work(system_power_efficient_wq, &st->gc, GC_PERIOD);
}

void nat64_gc_stop(struct nat64_state *st)
{
	WRITE_ONCE(st->stopping, true);
	cancel_delayed_work_sync(&st->gc);
}

bool nat64_held_add(struct nat64_state *st, const struct nat64_config *cfg,
		    struct sk_buff *skb, int pidx, const struct nat64_skey *k, bool hairpin)
{
	struct nat64_held *h;

	spin_lock_bh(&st->held_lock);
	/* A retransmission of a SYN already held: one is enough. */
	list_for_each_entry(h, &st->held, node) {
		if (h->pidx == pidx && !memcmp(&h->k, k, sizeof(*k))) {
			spin_unlock_bh(&st->held_lock);
			consume_skb(skb);
			return true;
		}
	}
	if (st->nr_held >= cfg->max_held_syn || READ_ONCE(st->stopping)) {
		spin_unlock_bh(&st->held_lock);
		nat64_st_count(st, NAT64_C_DROP_HELD_SYN_CAP);
		return false;
	}
	h = kmalloc(sizeof(*h), GFP_ATOMIC);
	if (!h) {
		spin_unlock_bh(&st->held_lock);
		nat64_st_count(st, NAT64_C_DROP_NOMEM);
		return false;
	}
	/*
	 * No device reference is kept while the SYN waits (it would block the
	 * device's, and the namespace's, removal): the ingress is found again
	 * by index when the ICMP error is due.
	 */
	skb_dst_drop(skb);
	h->ifindex = skb->dev ? skb->dev->ifindex : 0;
	skb->dev = NULL;
	h->skb = skb;
	h->k = *k;
	h->pidx = pidx;
	h->hairpin = hairpin;
	h->expires = jiffies + (unsigned long)max_t(u32, cfg->ttl_syn_hold, 1) * HZ;
	list_add_tail(&h->node, &st->held);
	st->nr_held++;
	spin_unlock_bh(&st->held_lock);
	nat64_st_count(st, NAT64_C_HELD_SYN);
	return true;
}

void nat64_held_match(struct nat64_state *st, int pidx, const struct nat64_skey *k)
{
	struct nat64_held *h, *found = NULL;

	if (!READ_ONCE(st->nr_held))
		return;
	spin_lock_bh(&st->held_lock);
	list_for_each_entry(h, &st->held, node) {
		if (h->pidx == pidx && !memcmp(&h->k, k, sizeof(*k))) {
			found = h;
			list_del(&h->node);
			st->nr_held--;
			break;
		}
	}
	spin_unlock_bh(&st->held_lock);
	if (found) {
		/* RFC 5382 REQ-4: the outbound SYN won, the held one is dropped silently. */
		nat64_st_count(st, NAT64_C_HELD_SYN_MATCHED);
		held_free(found);
	}
}

void nat64_held_flush(struct nat64_state *st)
{
	struct nat64_held *h, *n;
	LIST_HEAD(all);

	spin_lock_bh(&st->held_lock);
	list_splice_init(&st->held, &all);
	st->nr_held = 0;
	spin_unlock_bh(&st->held_lock);
	list_for_each_entry_safe(h, n, &all, node) {
		list_del(&h->node);
		held_free(h);
	}
}
