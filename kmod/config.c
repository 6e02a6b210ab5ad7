// SPDX-License-Identifier: GPL-2.0
/*
 * Configuration snapshots. A snapshot is never modified once published;
 * every change works on a deep copy (see nat64_config_edit()). Arrays are
 * allocated with one spare slot so an edit can append without reallocating.
 */
#include <linux/slab.h>
#include <linux/mm.h>
#include <uapi/linux/nat64.h>
#include "config.h"

struct nat64_config *nat64_config_new(void)
{
	struct nat64_config *c = kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return NULL;
	c->mode = NAT64_MODE_SIIT;
	c->enabled = true;
	c->hdr.tos_override = -1;
	c->hdr.tclass_override = -1;
	c->udp_zero_csum = NAT64_UDP_ZERO_CSUM_COMPUTE;
	c->lowest_ipv6_mtu = 1280;
	/* RFC 6146 section 4 defaults. */
	c->ttl_tcp_est = 7440;
	c->ttl_tcp_trans = 240;
	c->ttl_udp = 300;
	c->ttl_icmp = 60;
	c->ttl_syn_hold = 6;
	c->filtering = NAT64_FILTER_ENDPOINT_INDEPENDENT;
	c->max_bib = 1048576;
	c->max_sessions = 2097152;
	c->max_held_syn = 1024;
	c->preserve_port = true;
	c->eam_hairpin = NAT64_EAM_HAIRPIN_INTRINSIC;
	c->host_idle_timeout = 7440;
	nat64_config_fixup(c);
	return c;
}

/* Copy n elements of size sz into a fresh array with room for n + 1. */
static void *dup_array(const void *src, unsigned int n, size_t sz)
{
	void *dst = kvmalloc_array(n + 1, sz, GFP_KERNEL);

	if (dst && n)
		memcpy(dst, src, n * sz);
	return dst;
}

struct nat64_config *nat64_config_clone(const struct nat64_config *old)
{
	struct nat64_config *c = kmemdup(old, sizeof(*old), GFP_KERNEL);

	if (!c)
		return NULL;
	c->prefixes = dup_array(old->prefixes, old->nr_prefixes, sizeof(*c->prefixes));
	c->eam6 = dup_array(old->eam6, old->nr_eam, sizeof(*c->eam6));
	c->eam4 = NULL;	/* rebuilt from eam6 by fixup */
	c->pool6791 = dup_array(old->pool6791, old->nr_pool6791, sizeof(*c->pool6791));
	c->deny = dup_array(old->deny, old->nr_deny, sizeof(*c->deny));
	c->pool4 = dup_array(old->pool4, old->nr_pool4, sizeof(*c->pool4));
	c->optpool = dup_array(old->optpool, old->nr_optpool, sizeof(*c->optpool));
	c->optclient = dup_array(old->optclient, old->nr_optclient, sizeof(*c->optclient));
	c->optdest = dup_array(old->optdest, old->nr_optdest, sizeof(*c->optdest));
	if (!c->prefixes || !c->eam6 || !c->pool6791 || !c->deny || !c->pool4 ||
	    !c->optpool || !c->optclient || !c->optdest) {
		nat64_config_free(c);
		return NULL;
	}
	return c;
}

/*
 * Sort and build the views the packet path reads. eam6 is the master copy;
 * eam4 is a copy of it in IPv4 order. Returns -ENOMEM only when the eam4
 * copy cannot be made.
 */
int nat64_config_fixup(struct nat64_config *c)
{
	kvfree(c->eam4);
	c->eam4 = NULL;
	if (c->nr_eam) {
		c->eam4 = kvmalloc_array(c->nr_eam, sizeof(*c->eam4), GFP_KERNEL);
		if (!c->eam4)
			return -ENOMEM;
		nat64_eam_sort6(c->eam6, c->nr_eam);
		memcpy(c->eam4, c->eam6, c->nr_eam * sizeof(*c->eam4));
		nat64_eam_sort4(c->eam4, c->nr_eam);
	}
	c->map.prefixes = c->prefixes;
	c->map.nr_prefixes = c->nr_prefixes;
	c->map.eam6 = c->eam6;
	c->map.eam4 = c->eam4;
	c->map.nr_eam = c->nr_eam;
	c->map.deny = c->deny;
	c->map.nr_deny = c->nr_deny;
	return 0;
}

void nat64_config_free(struct nat64_config *c)
{
	if (!c)
		return;
	kvfree(c->prefixes);
	kvfree(c->eam6);
	kvfree(c->eam4);
	kvfree(c->pool6791);
	kvfree(c->deny);
	kvfree(c->pool4);
	kvfree(c->optpool);
	kvfree(c->optclient);
	kvfree(c->optdest);
	kfree_sensitive(c);	/* holds keys */
}

static void config_free_rcu(struct rcu_head *head)
{
	nat64_config_free(container_of(head, struct nat64_config, rcu));
}

void nat64_config_free_rcu(struct nat64_config *c)
{
	if (c)
		call_rcu(&c->rcu, config_free_rcu);
}
