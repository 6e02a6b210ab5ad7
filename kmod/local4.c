// SPDX-License-Identifier: GPL-2.0
/* This host's own IPv4 addresses and ports (see local4.h). */
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <net/ip.h>
#include "local4.h"

/* Is any IPv4 address of an interface of net accepted by ok()? */
static bool any_local4(struct net *net, bool (*ok)(__be32 a, const void *arg),
		       const void *arg)
{
	struct net_device *dev;
	bool found = false;

	rcu_read_lock();
	for_each_netdev_rcu(net, dev) {
		struct in_device *in_dev = __in_dev_get_rcu(dev);
		const struct in_ifaddr *ifa;

		if (!in_dev)
			continue;
		in_dev_for_each_ifa_rcu(ifa, in_dev) {
			if (ok(ifa->ifa_local, arg)) {
				found = true;
				goto out;
			}
		}
	}
out:
	rcu_read_unlock();
	return found;
}

static bool in_prefix(__be32 a, const void *arg)
{
	return nat64_prefix4_match(arg, a);
}

bool nat64_local4_in_prefix(struct net *net, const struct nat64_prefix4 *p)
{
	return any_local4(net, in_prefix, p);
}

static bool nonglobal(__be32 a, const void *arg)
{
	/* Loopback and link-local are never translated anyway. */
	return !nat64_addr4_is_special(a) && !nat64_addr4_is_global(a);
}

bool nat64_local4_has_nonglobal(struct net *net)
{
	return any_local4(net, nonglobal, NULL);
}

bool nat64_local4_free_ports(struct net *net, u16 *min, u16 *max)
{
	int low, high;

	inet_get_local_port_range(net, &low, &high);
	if (high < 65535) {
		*min = high + 1;
		*max = 65535;
		return true;
	}
	if (low > 1024) {
		*min = 1024;
		*max = low - 1;
		return true;
	}
	return false;
}
