/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NAT64_NETLINK_H
#define NAT64_NETLINK_H

int nat64_genl_init(void);
void nat64_genl_exit(void);

#endif
