// SPDX-License-Identifier: GPL-2.0
/*
 * nat64.ko: IPv6/IPv4 translation (RFC 7915 SIIT, RFC 6146 NAT64) at netfilter
 * PREROUTING/POSTROUTING, configured over generic netlink.
 */
#include <linux/module.h>
#include <net/genetlink.h>
#include <uapi/linux/nat64.h>
#include "instance.h"
#include "netlink.h"

static int __init nat64_init(void)
{
	int err;

	err = nat64_pernet_init();
	if (err)
		return err;
	err = nat64_genl_init();
	if (err) {
		nat64_pernet_exit();
		return err;
	}
	pr_info("nat64: loaded (netlink family %s v%d)\n", NAT64_GENL_NAME, NAT64_GENL_VERSION);
	return 0;
}

static void __exit nat64_exit(void)
{
	/* No new requests first, then tear down every namespace's instance. */
	nat64_genl_exit();
	nat64_pernet_exit();
}

module_init(nat64_init);
module_exit(nat64_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IPv6/IPv4 translator: SIIT (RFC 7915), stateful NAT64 (RFC 6146), TCP state in the packet");
MODULE_ALIAS_GENL_FAMILY(NAT64_GENL_NAME);
