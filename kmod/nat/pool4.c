// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 transport addresses for new mappings (RFC 6146 3.5.1.1, RFC 6056).
 *
 * Address: paired pooling. The first address tried is chosen by a keyed
 * hash of the IPv6 host X' alone, so every flow of one host (any protocol)
 * gets the same IPv4 address for as long as it has free ports; only then do
 * the next addresses of the pool take over.
 * Port: the client's own port x when it is free in the pool (setting
 * preserve-port, default on); otherwise RFC 6056 algorithm 3 flavour (keyed
 * hash of X',x plus a per-table counter picks the start), parity and range
 * (0-1023 / 1024-65535) of x preserved when the pool allows, otherwise any
 * free port.
 */
#include <linux/siphash.h>
#include "core/addr.h"
#include "core/port_pick.h"
#include "nat.h"

/* Work bound for one allocation (each probe is one hash lookup). */
#define PROBE_BUDGET	(1u << 17)
#define ADDR_TRIES	64

static u64 entry_size(const struct nat64_pool4_entry *e)
{
	return 1ull << (32 - e->p4.len);
}

bool nat64_pool4_has(const struct nat64_config *cfg, u8 proto, __be32 a, u16 port,
		     bool any_port)
{
	unsigned int i;

	if (proto == IPPROTO_ICMPV6)
		proto = IPPROTO_ICMP;
	for (i = 0; i < cfg->nr_pool4; i++) {
		const struct nat64_pool4_entry *e = &cfg->pool4[i];

		if (e->proto != proto || !nat64_prefix4_match(&e->p4, a))
			continue;
		if (any_port || (port >= e->port_min && port <= e->port_max))
			return true;
	}
	return false;
}

/* Address number idx of the pool of proto (entries concatenated). */
static bool addr_at(const struct nat64_config *cfg, u8 proto, u64 idx, __be32 *a)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_pool4; i++) {
		const struct nat64_pool4_entry *e = &cfg->pool4[i];
		u64 n;

		if (e->proto != proto)
			continue;
		n = entry_size(e);
		if (idx < n) {
			*a = htonl(ntohl(e->p4.addr) + (u32)idx);
			return true;
		}
		idx -= n;
	}
	return false;
}

struct probe {
	struct nat64_table *t;
	const struct in6_addr *a6;
	u16 port6;
	u32 seed;
	u32 budget;
};

/* A free port for address a in [min, max]; class/parity kept when strict. */
static bool try_range(struct probe *pr, __be32 a, u16 min, u16 max, bool strict, u16 *out)
{
	struct nat64_port_iter it;
	u16 p;

	if (strict && !nat64_port_clip_class(pr->port6, &min, &max))
		return false;
	nat64_port_iter_init(&it, min, max, pr->port6, strict, pr->seed);
	while (nat64_port_iter_next(&it, &p)) {
		if (!pr->budget)
			return false;
		pr->budget--;
		/* ICMP identifier 0 is legal; TCP/UDP port 0 is not. */
		if (!p && pr->t->proto != IPPROTO_ICMP)
			continue;
		if (!nat64_bib_lookup4(pr->t, a, p)) {
			*out = p;
			return true;
		}
	}
	return false;
}

/*
 * The client's own port on address a, when a pool4 range of a (and the wanted
 * range) holds it and it is free: RFC 4787 REQ-1-style port preservation, so
 * that a peer told the port out of band can open towards it (simultaneous
 * open, RFC 5382 REQ-2). Taken or outside every range: the keyed walk below.
 */
static bool try_own_port(struct probe *pr, const struct nat64_config *cfg, __be32 a,
			 const struct nat64_alloc_want *want, u16 *out)
{
	unsigned int i;
	u16 p = pr->port6;

	if (!p && pr->t->proto != IPPROTO_ICMP)
		return false;
	for (i = 0; i < cfg->nr_pool4; i++) {
		const struct nat64_pool4_entry *e = &cfg->pool4[i];

		if (e->proto != pr->t->proto || !nat64_prefix4_match(&e->p4, a) ||
		    p < e->port_min || p > e->port_max)
			continue;
		if (want && (want->port_min || want->port_max) &&
		    (p < want->port_min || p > want->port_max))
			return false;
		if (pr->budget)
			pr->budget--;
		if (nat64_bib_lookup4(pr->t, a, p))
			return false;
		*out = p;
		return true;
	}
	return false;
}

/* A free port on address a, within every pool4 range of a and the wanted range. */
static bool try_addr(struct probe *pr, const struct nat64_config *cfg, __be32 a,
		     const struct nat64_alloc_want *want, u16 *out)
{
	int pass;
	unsigned int i;

	if (want && want->explicit_port) {
		if (pr->budget)
			pr->budget--;
		if (!want->port_min && pr->t->proto != IPPROTO_ICMP)
			return false;
		if (nat64_bib_lookup4(pr->t, a, want->port_min))
			return false;
		*out = want->port_min;
		return true;
	}
	if (cfg->preserve_port && try_own_port(pr, cfg, a, want, out))
		return true;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < cfg->nr_pool4; i++) {
			const struct nat64_pool4_entry *e = &cfg->pool4[i];
			u16 min = e->port_min, max = e->port_max;

			if (e->proto != pr->t->proto || !nat64_prefix4_match(&e->p4, a))
				continue;
			if (want && (want->port_min || want->port_max)) {
				min = max_t(u16, min, want->port_min);
				max = min_t(u16, max, want->port_max);
			}
			if (min > max)
				continue;
			if (try_range(pr, a, min, max, pass == 0, out))
				return true;
		}
	}
	return false;
}

int nat64_pool4_alloc(struct nat64_state *st, struct nat64_table *t,
		      const struct nat64_config *cfg, const struct in6_addr *a6, u16 port6,
		      const struct nat64_alloc_want *want, __be32 *a4, u16 *port4)
{
	struct probe pr = { .t = t, .a6 = a6, .port6 = port6, .budget = PROBE_BUDGET };
	struct { struct in6_addr a; u32 port; } hk = { .a = *a6, .port = port6 };
	u64 total = 0, start, k, tries;
	unsigned int i;
	__be32 a;

	for (i = 0; i < cfg->nr_pool4; i++)
		if (cfg->pool4[i].proto == t->proto)
			total += entry_size(&cfg->pool4[i]);
	if (!total)
		return -EADDRNOTAVAIL;

	pr.seed = (u32)siphash(&hk, sizeof(hk), &st->secret) + t->counter++;
	/* Paired pooling: the host's address depends on X' only. */
	start = siphash(a6, sizeof(*a6), &st->secret) % total;

	if (want && want->p4.len) {
		/* Requested: walk the wanted prefix, keep what is in pool4. */
		u64 n = 1ull << (32 - want->p4.len);

		tries = min_t(u64, n, 4096);
		for (k = 0; k < tries && pr.budget; k++) {
			a = htonl(ntohl(want->p4.addr) + (u32)((start + k) % n));
			if (!nat64_pool4_has(cfg, t->proto, a, 0, true))
				continue;
			if (try_addr(&pr, cfg, a, want, port4)) {
				*a4 = a;
				return 0;
			}
		}
		return -EADDRNOTAVAIL;
	}
	tries = min_t(u64, total, ADDR_TRIES);
	for (k = 0; k < tries && pr.budget; k++) {
		if (!addr_at(cfg, t->proto, (start + k) % total, &a))
			break;
		if (try_addr(&pr, cfg, a, want, port4)) {
			*a4 = a;
			return 0;
		}
	}
	return -EADDRNOTAVAIL;
}
