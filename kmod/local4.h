/* SPDX-License-Identifier: GPL-2.0 */
/*
 * This host's own IPv4 addresses and ports, as the control plane checks a new
 * configuration against them (pool4 defaults, prefix warnings).
 */
#ifndef NAT64_LOCAL4_H
#define NAT64_LOCAL4_H

#include <net/net_namespace.h>
#include "core/addr.h"

/* Does an interface of net have an IPv4 address inside p? */
bool nat64_local4_in_prefix(struct net *net, const struct nat64_prefix4 *p);
/*
 * Does an interface of net have an IPv4 address that the well-known prefix
 * cannot carry (RFC 6052 3.1)? Loopback and link-local addresses do not count.
 */
bool nat64_local4_has_nonglobal(struct net *net);
/*
 * The TCP/UDP ports a pool4 range on one of net's own addresses takes by
 * default: those above net.ipv4.ip_local_port_range (the host's own outgoing
 * connections use the range, its services listen below 1024 or in the
 * registered ports under it), else 1024 up to the range's start. False when
 * the range leaves no such ports.
 */
bool nat64_local4_free_ports(struct net *net, u16 *min, u16 *max);

#endif /* NAT64_LOCAL4_H */
