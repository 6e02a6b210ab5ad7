/* SPDX-License-Identifier: GPL-2.0 */
/* Generic netlink transport: one socket, one request at a time, extack errors. */
#ifndef NAT64CTL_NL_H
#define NAT64CTL_NL_H

#include <stdint.h>
#include <libmnl/libmnl.h>

/* Enter the network namespace /run/netns/NAME (before nl_open). Exit status. */
int nl_setns(const char *name);

/* Start a nat64 request for cmd in the shared buffer; add attributes to it. */
struct nlmsghdr *nl_req(uint8_t cmd);

/*
 * Name the attributes added to nlh since mark (from nl_mark(nlh) before
 * adding them): when the kernel refuses one of them, the error says
 * "Error: NAME: <message>". nl_req() forgets the names; name must outlive
 * the request (an argv word or a constant).
 */
uint32_t nl_mark(const struct nlmsghdr *nlh);
void nl_label(const struct nlmsghdr *nlh, uint32_t mark, const char *name);

/*
 * Send the request and read until the ack (doit) or the end of the dump.
 * cb (may be NULL) sees every data message. On a kernel error prints
 * "Error: <extack message or strerror>" (with a hint for EPERM); a message
 * on a successful ack is printed as "Warning: <message>". Returns an exit
 * status; nl_last_error() then gives the kernel's -errno (0 on success).
 */
int nl_do(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int nl_dump(struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
int nl_last_error(void);

/*
 * Join NAT64_GENL_MCGRP and call cb for every nat64 message received, until
 * cb returns MNL_CB_STOP (exit status 0) or an error. Returns an exit status.
 */
int nl_monitor(mnl_cb_t cb, void *data);

/* Parse the nat64 attributes of a reply into tb[NAT64_A_MAX + 1]. */
int nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb);

#endif /* NAT64CTL_NL_H */
