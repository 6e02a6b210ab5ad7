/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NAT64_HOOKS_H
#define NAT64_HOOKS_H

#include <net/net_namespace.h>

/* Called by instance add/del with the pernet mutex held. */
int nat64_hooks_register(struct net *net);
void nat64_hooks_unregister(struct net *net);

#endif
