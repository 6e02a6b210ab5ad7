// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for nat64ctl: namespace switch, family lookup,
 * request/ack and dump loops that keep the kernel's extack message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "nl.h"

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif

/* Large enough for one dump batch from the kernel. */
#define NL_BUFSIZE 32768

static char buf[NL_BUFSIZE];
static struct mnl_socket *sock;
static uint16_t family_id;
static unsigned int portid;
static uint32_t seq;

int nl_setns(const char *name)
{
	char path[256];
	int fd;

	if (strchr(name, '/') || snprintf(path, sizeof(path), "/run/netns/%s", name) >=
	    (int)sizeof(path)) {
		err_msg("invalid network namespace name \"%s\"", name);
		return EXIT_USAGE;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		err_msg("cannot open network namespace \"%s\": %s", name, strerror(errno));
		return EXIT_KERNEL;
	}
	if (setns(fd, CLONE_NEWNET) < 0) {
		err_msg("setting the network namespace \"%s\" failed: %s", name, strerror(errno));
		close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	return EXIT_OK;
}

/* The error or done message's extack message, if the kernel attached one. */
struct ext_ack {
	const char *msg;
};

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct ext_ack *ea = data;

	if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG &&
	    mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
		ea->msg = mnl_attr_get_str(attr);
	return MNL_CB_OK;
}

static void print_error(const struct nlmsghdr *nlh, int err, unsigned int tlv_off)
{
	struct ext_ack ea = { NULL };

	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && tlv_off <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, tlv_off - MNL_NLMSG_HDRLEN, extack_attr_cb, &ea);
	fprintf(stderr, "Error: %s\n", ea.msg ? ea.msg : strerror(-err));
}

/*
 * Read replies until the ack or NLMSG_DONE. Returns 0, or -errno for a
 * kernel error (already printed when print is true).
 */
static int recv_loop(mnl_cb_t cb, void *data, bool print)
{
	for (;;) {
		ssize_t len = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int n = (int)len;

		if (len < 0) {
			err_msg("netlink receive failed: %s", strerror(errno));
			return -errno ?: -EIO;
		}
		for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_seq != seq || nlh->nlmsg_pid != portid)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);
				unsigned int off;

				if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*e))
					return -EBADMSG;
				if (!e->error)
					return 0;
				/* TLVs follow the echoed request (only its header if capped). */
				off = MNL_NLMSG_HDRLEN + sizeof(*e);
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += MNL_ALIGN(e->msg.nlmsg_len) - MNL_NLMSG_HDRLEN;
				if (print)
					print_error(nlh, e->error, off);
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;

				if (nlh->nlmsg_len >= MNL_NLMSG_HDRLEN + sizeof(int))
					memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(int));
				if (err < 0 && print)
					print_error(nlh, err, MNL_NLMSG_HDRLEN + sizeof(int));
				return err < 0 ? err : 0;
			}
			if (nlh->nlmsg_type < NLMSG_MIN_TYPE)
				continue;
			if (cb && cb(nlh, data) < MNL_CB_OK)
				return -EBADMSG;
		}
	}
}

static int send_msg(struct nlmsghdr *nlh)
{
	nlh->nlmsg_seq = ++seq;
	if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0) {
		err_msg("netlink send failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	return MNL_CB_OK;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), family_attr_cb, data);
}

/* Open the socket and resolve the "nat64" family. Returns an exit status. */
static int nl_open(void)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	int one = 1, err;

	if (sock)
		return EXIT_OK;
	sock = mnl_socket_open(NETLINK_GENERIC);
	if (!sock || mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		err_msg("cannot open a generic netlink socket: %s", strerror(errno));
		return EXIT_KERNEL;
	}
	/* Ask for the kernel's error strings; old kernels just ignore this. */
	mnl_socket_setsockopt(sock, NETLINK_EXT_ACK, &one, sizeof(one));
	portid = mnl_socket_get_portid(sock);
	seq = (uint32_t)time(NULL);

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = GENL_ID_CTRL;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = CTRL_CMD_GETFAMILY;
	g->version = 1;
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NAT64_GENL_NAME);
	if (send_msg(nlh))
		return EXIT_KERNEL;
	err = recv_loop(family_cb, &family_id, false);
	if (err == -ENOENT || (!err && !family_id)) {
		err_msg("nat64 module not loaded (insmod nat64.ko)");
		return EXIT_KERNEL;
	}
	if (err) {
		err_msg("looking up the nat64 netlink family failed: %s", strerror(-err));
		return EXIT_KERNEL;
	}
	return EXIT_OK;
}

/* Requests are built in a separate buffer: buf is reused for receiving. */
static char req_buf[8192];

struct nlmsghdr *nl_req(uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req_buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = NAT64_GENL_VERSION;
	return nlh;
}

static int run(struct nlmsghdr *nlh, uint16_t flags, mnl_cb_t cb, void *data)
{
	int err = nl_open();

	if (err)
		return err;
	nlh->nlmsg_type = family_id;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if (send_msg(nlh))
		return EXIT_KERNEL;
	return recv_loop(cb, data, true) ? EXIT_KERNEL : EXIT_OK;
}

int nl_do(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return run(nlh, NLM_F_ACK, cb, data);
}

int nl_dump(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return run(nlh, NLM_F_DUMP, cb, data);
}

/* Keep attributes in range; the kernel's policy guarantees their types. */
static int parse_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type > 0 && type <= NAT64_A_MAX)
		tb[type] = attr;
	return MNL_CB_OK;
}

int nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	memset(tb, 0, sizeof(*tb) * (NAT64_A_MAX + 1));
	return mnl_attr_parse(nlh, sizeof(struct genlmsghdr), parse_cb, tb);
}
