// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink plumbing for nat64ctl: namespace switch, family lookup,
 * request/ack and dump loops that keep the kernel's extack message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
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
		err_msg("cannot open network namespace \"%s\": %s%s", name, strerror(errno),
			errno == ENOENT ? " (see \"ip netns list\")" :
			errno == EACCES || errno == EPERM ? "; run as root" : "");
		return EXIT_KERNEL;
	}
	/* setns() checks CAP_SYS_ADMIN, not CAP_NET_ADMIN: name the one it needs. */
	if (setns(fd, CLONE_NEWNET) < 0) {
		err_msg("setting the network namespace \"%s\" failed: %s%s", name, strerror(errno),
			errno == EPERM ? "; entering it needs CAP_SYS_ADMIN (run as root)" : "");
		close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	return EXIT_OK;
}

/*
 * Names for parts of the request, set by the command (nl_label): the kernel
 * points at the attribute it refused (NLMSGERR_ATTR_OFFS, an offset into the
 * request), and "tcp-est-timeout: integer out of range" says which of several
 * values to fix where "integer out of range" alone does not.
 */
#define MAX_LABELS 64
static struct {
	uint32_t start, end;
	const char *name;
} labels[MAX_LABELS];
static unsigned int nr_labels;

uint32_t nl_mark(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len;
}

void nl_label(const struct nlmsghdr *nlh, uint32_t mark, const char *name)
{
	if (nr_labels < MAX_LABELS && mark < nlh->nlmsg_len) {
		labels[nr_labels].start = mark;
		labels[nr_labels].end = nlh->nlmsg_len;
		labels[nr_labels++].name = name;
	}
}

/* The innermost label around the refused attribute, or NULL. */
static const char *label_at(uint32_t off)
{
	const char *name = NULL;
	uint32_t size = UINT32_MAX;
	unsigned int i;

	for (i = 0; i < nr_labels; i++) {
		if (off >= labels[i].start && off < labels[i].end &&
		    labels[i].end - labels[i].start < size) {
			size = labels[i].end - labels[i].start;
			name = labels[i].name;
		}
	}
	return name;
}

static int last_err;

int nl_last_error(void)
{
	return last_err;
}

/* What EPERM from the kernel means here; the hint is the fix. */
#define EPERM_HINT "needs CAP_NET_ADMIN in this network namespace (run as root)"

/*
 * The extended ack of an error, done or ack message: the kernel's message,
 * the offset of the attribute it refused, and the bounds of the policy an
 * attribute broke ("integer out of range").
 */
struct ext_ack {
	const char *msg;
	bool has_off;
	uint32_t off;
	bool has_min, has_max;
	uint64_t min, max;
};

static int policy_attr_cb(const struct nlattr *attr, void *data)
{
	struct ext_ack *ea = data;

	if (mnl_attr_validate(attr, MNL_TYPE_U64) != 0)
		return MNL_CB_OK;
	switch (mnl_attr_get_type(attr)) {
	case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
		ea->has_min = true;
		ea->min = mnl_attr_get_u64(attr);
		break;
	case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
		ea->has_max = true;
		ea->max = mnl_attr_get_u64(attr);
		break;
	}
	return MNL_CB_OK;
}

static int extack_attr_cb(const struct nlattr *attr, void *data)
{
	struct ext_ack *ea = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			ea->msg = mnl_attr_get_str(attr);
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			ea->has_off = true;
			ea->off = mnl_attr_get_u32(attr);
		}
		break;
	case NLMSGERR_ATTR_POLICY:
		mnl_attr_parse_nested(attr, policy_attr_cb, ea);
		break;
	}
	return MNL_CB_OK;
}

/* The TLVs start at tlv_off in nlh (after the echoed request unless capped). */
static void get_ext_ack(const struct nlmsghdr *nlh, unsigned int tlv_off, struct ext_ack *ea)
{
	memset(ea, 0, sizeof(*ea));
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && tlv_off <= nlh->nlmsg_len)
		mnl_attr_parse(nlh, tlv_off - MNL_NLMSG_HDRLEN, extack_attr_cb, ea);
}

static void print_error(const struct nlmsghdr *nlh, int err, unsigned int tlv_off)
{
	const char *name;
	struct ext_ack ea;

	get_ext_ack(nlh, tlv_off, &ea);
	fputs("Error: ", stderr);
	name = ea.has_off ? label_at(ea.off) : NULL;
	if (name)
		fprintf(stderr, "%s: ", name);
	fputs(ea.msg ? ea.msg : strerror(-err), stderr);
	/* The policy's bounds make "integer out of range" actionable. */
	if (ea.has_min && ea.has_max)
		fprintf(stderr, " (valid: %" PRIu64 "..%" PRIu64 ")", ea.min, ea.max);
	else if (ea.has_min)
		fprintf(stderr, " (at least %" PRIu64 ")", ea.min);
	else if (ea.has_max)
		fprintf(stderr, " (at most %" PRIu64 ")", ea.max);
	if (err == -EPERM)
		fputs("; " EPERM_HINT, stderr);
	fputc('\n', stderr);
}

/* A message attached to a successful request is a warning: print it, keep exit 0. */
static void print_warning(const struct nlmsghdr *nlh, unsigned int tlv_off)
{
	struct ext_ack ea;

	get_ext_ack(nlh, tlv_off, &ea);
	if (ea.msg)
		fprintf(stderr, "Warning: %s\n", ea.msg);
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
				/*
				 * TLVs follow the echoed request, or only its header when
				 * capped (always so for an ack: error 0).
				 */
				off = MNL_NLMSG_HDRLEN + sizeof(*e);
				if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
					off += MNL_ALIGN(e->msg.nlmsg_len) - MNL_NLMSG_HDRLEN;
				if (print && !e->error)
					print_warning(nlh, off);
				else if (print)
					print_error(nlh, e->error, off);
				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int err = 0;
				unsigned int off = MNL_NLMSG_HDRLEN + sizeof(int);

				if (nlh->nlmsg_len >= off)
					memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(int));
				if (err < 0 && print)
					print_error(nlh, err, off);
				else if (print)
					print_warning(nlh, off);
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

/* The family's multicast group NAT64_GENL_MCGRP, found in CTRL_ATTR_MCAST_GROUPS. */
static uint32_t mcgrp_id;

static int mcgrp_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type == CTRL_ATTR_MCAST_GRP_NAME || type == CTRL_ATTR_MCAST_GRP_ID)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int mcgrps_cb(const struct nlattr *grp, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1] = { NULL };

	(void)data;
	if (mnl_attr_parse_nested(grp, mcgrp_attr_cb, tb) < 0)
		return MNL_CB_OK;
	if (tb[CTRL_ATTR_MCAST_GRP_NAME] && tb[CTRL_ATTR_MCAST_GRP_ID] &&
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_NAME], MNL_TYPE_NUL_STRING) == 0 &&
	    mnl_attr_validate(tb[CTRL_ATTR_MCAST_GRP_ID], MNL_TYPE_U32) == 0 &&
	    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]), NAT64_GENL_MCGRP))
		mcgrp_id = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
	return MNL_CB_OK;
}

static int family_attr_cb(const struct nlattr *attr, void *data)
{
	if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_ID &&
	    mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
		*(uint16_t *)data = mnl_attr_get_u16(attr);
	if (mnl_attr_get_type(attr) == CTRL_ATTR_MCAST_GROUPS)
		mnl_attr_parse_nested(attr, mcgrps_cb, NULL);
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
		err_msg("cannot open a generic netlink socket: %s%s", strerror(errno),
			errno == EPERM || errno == EACCES ? "; " EPERM_HINT : "");
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
	nr_labels = 0;
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
	last_err = recv_loop(cb, data, true);
	return last_err ? EXIT_KERNEL : EXIT_OK;
}

int nl_do(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return run(nlh, NLM_F_ACK, cb, data);
}

int nl_dump(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	return run(nlh, NLM_F_DUMP, cb, data);
}

int nl_monitor(mnl_cb_t cb, void *data)
{
	int err = nl_open(), fd, one = 1, bufsize = 4 << 20;

	if (err)
		return err;
	if (!mcgrp_id) {
		err_msg("the nat64 family has no multicast group \"%s\"", NAT64_GENL_MCGRP);
		return EXIT_KERNEL;
	}
	fd = mnl_socket_get_fd(sock);
	/* Bursts of mappings must not overflow the socket: ask for a big buffer. */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bufsize, sizeof(bufsize));
	if (mnl_socket_setsockopt(sock, NETLINK_ADD_MEMBERSHIP, &mcgrp_id, sizeof(mcgrp_id)) < 0) {
		int e = errno;

		err_msg("joining multicast group %s failed: %s%s", NAT64_GENL_MCGRP, strerror(e),
			e == EPERM ? "; " EPERM_HINT : "");
		return EXIT_KERNEL;
	}
	/* Report lost events (ENOBUFS) instead of failing silently. */
	mnl_socket_setsockopt(sock, NETLINK_BROADCAST_ERROR, &one, sizeof(one));
	for (;;) {
		ssize_t len = mnl_socket_recvfrom(sock, buf, sizeof(buf));
		const struct nlmsghdr *nlh = (const struct nlmsghdr *)buf;
		int n = (int)len;

		if (len < 0) {
			if (errno == ENOBUFS) {
				err_msg("events lost (receive buffer overrun)");
				continue;
			}
			if (errno == EINTR)
				continue;
			err_msg("netlink receive failed: %s", strerror(errno));
			return EXIT_KERNEL;
		}
		for (; mnl_nlmsg_ok(nlh, n); nlh = mnl_nlmsg_next(nlh, &n)) {
			if (nlh->nlmsg_type != family_id)
				continue;
			err = cb(nlh, data);
			if (err == MNL_CB_STOP)
				return EXIT_OK;
			if (err < MNL_CB_OK)
				return EXIT_KERNEL;
		}
	}
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
