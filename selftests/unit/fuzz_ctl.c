// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for nat64ctl's command line (userspace-ctl/): the whole
 * main() of main.c (built with -Dmain=nat64ctl_main) and every command
 * parser behind it, with the netlink transport (nl.c) replaced by the stubs
 * below: requests are built as usual, checked to be well-formed netlink
 * messages inside the request buffer, and "acknowledged" without a kernel.
 * Then util.c's parsers directly (keywords, numbers, prefixes, ports).
 *
 * Input: words separated by NUL bytes (at most MAX_WORDS), argv[0] added.
 * Invariants (abort() on violation): exit status 0, 1 or 2; a request never
 * outgrows its buffer; parse_pfx6/4 give a length within the family's and a
 * value parse_uint accepts lies in [min, max].
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include "nat64ctl.h"
#include <linux/nat64.h>
#include "nl.h"

#define MAX_WORDS	24
#define FAIL(...) do { fprintf(stdout_err, "fuzz_ctl: " __VA_ARGS__); fputc('\n', stdout_err); abort(); } while (0)

FILE *fuzz_ctl_stderr;
static FILE *stdout_err;	/* the real stderr, for our own failures */

int nat64ctl_main(int argc, char **argv);

/* ---- nl.c stand-ins ---- */
static char req_buf[8192];
static unsigned int requests;

int nl_setns(const char *name)
{
	(void)name;
	return EXIT_OK;
}

struct nlmsghdr *nl_req(uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(req_buf);
	struct genlmsghdr *g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));

	g->cmd = cmd;
	g->version = NAT64_GENL_VERSION;
	return nlh;
}

uint32_t nl_mark(const struct nlmsghdr *nlh)
{
	return nlh->nlmsg_len;
}

void nl_label(const struct nlmsghdr *nlh, uint32_t mark, const char *name)
{
	if (mark > nlh->nlmsg_len || !name)
		FAIL("label \"%s\" at %u of %u", name ? name : "(null)", mark, nlh->nlmsg_len);
}

static int attr_cb(const struct nlattr *a, void *data)
{
	(void)data;
	if (mnl_attr_get_payload_len(a) > sizeof(req_buf))
		FAIL("attribute of %u bytes", mnl_attr_get_payload_len(a));
	return MNL_CB_OK;
}

static int check_req(struct nlmsghdr *nlh)
{
	if ((char *)nlh != req_buf || nlh->nlmsg_len > sizeof(req_buf) ||
	    !mnl_nlmsg_ok(nlh, (int)sizeof(req_buf)))
		FAIL("request of %u bytes outgrew its buffer", nlh->nlmsg_len);
	if (mnl_attr_parse(nlh, sizeof(struct genlmsghdr), attr_cb, NULL) < 0)
		FAIL("malformed attributes in the request");
	requests++;
	return EXIT_OK;
}

int nl_do(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	(void)cb;
	(void)data;
	return check_req(nlh);
}

int nl_dump(struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	(void)cb;
	(void)data;
	return check_req(nlh);
}

int nl_last_error(void)
{
	return 0;
}

int nl_monitor(mnl_cb_t cb, void *data)
{
	(void)cb;
	(void)data;
	return EXIT_OK;
}

int nl_parse(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	(void)nlh;
	(void)tb;
	return -1;
}

/* pool4_guard's sock_diag query and key files: no system access from fuzz input. */
struct mnl_socket *__wrap_mnl_socket_open(int bus);
struct mnl_socket *__wrap_mnl_socket_open(int bus)
{
	(void)bus;
	errno = EPERM;
	return NULL;
}

int __wrap_open(const char *path, int flags, ...);
int __wrap_open(const char *path, int flags, ...)
{
	(void)path;
	(void)flags;
	errno = ENOENT;
	return -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	stdout_err = fdopen(dup(2), "w");
	fuzz_ctl_stderr = fopen("/dev/null", "w");
	if (!stdout_err || !fuzz_ctl_stderr || !freopen("/dev/null", "w", stdout))
		abort();
	setvbuf(stdout_err, NULL, _IONBF, 0);
	return 0;
}

static void parsers(char **w, int n)
{
	static const char *const kws[] = { "show", "set", "settings", "session", "del", NULL };
	unsigned long v, lo, hi;
	struct pfx6 p6;
	struct pfx4 p4;
	struct in6_addr a6;
	struct in_addr a4;
	uint16_t port, pmin, pmax;
	bool has;
	int i, k;

	for (i = 0; i < n; i++) {
		lo = (unsigned char)w[i][0];
		hi = lo + (unsigned long)strlen(w[i]) * 1000;
		if (parse_uint(w[i], lo, hi, &v) == NUM_OK && (v < lo || v > hi))
			FAIL("parse_uint %lu outside [%lu, %lu]", v, lo, hi);
		(void)num_why(parse_uint(w[i], 0, 65535, &v), 0, 65535);
		if (parse_pfx6(w[i], &p6) && p6.len > 128)
			FAIL("parse_pfx6 length %u", p6.len);
		if (parse_pfx4(w[i], &p4) && p4.len > 32)
			FAIL("parse_pfx4 length %u", p4.len);
		k = kw_find(w[i], kws);
		if (k != KW_UNKNOWN && k != KW_AMBIGUOUS && (k < 0 || k > 4))
			FAIL("kw_find %d", k);
		(void)kw_pick("word", w[i], kws);
		(void)parse_proto(w[i]);
		if (parse_ports(w[i], 1, &pmin, &pmax) && (pmin < 1 || pmin > pmax))
			FAIL("parse_ports %u-%u", pmin, pmax);
		(void)parse_addr6_port(w[i], &a6, &port);
		(void)parse_addr4_port(w[i], &a4, &port, &has);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *argv[MAX_WORDS + 2], *copy[MAX_WORDS + 2];
	int argc = 1, ret;
	size_t i, start = 0;

	if (size > 4096)
		return 0;
	buf = malloc(size + 1);
	if (!buf)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	argv[0] = "nat64ctl";
	for (i = 0; i <= size && argc <= MAX_WORDS; i++) {
		if (buf[i])
			continue;
		/* Each word its own exact-size allocation: ASan sees overreads. */
		argv[argc] = strdup(buf + start);
		if (!argv[argc])
			abort();
		argc++;
		start = i + 1;
	}
	argv[argc] = NULL;
	memcpy(copy, argv, sizeof(argv));	/* main() compacts argv in place */
	opt_json = opt_stats = opt_all = false;
	ret = nat64ctl_main(argc, argv);
	if (ret != EXIT_OK && ret != EXIT_USAGE && ret != EXIT_KERNEL)
		FAIL("exit status %d", ret);
	parsers(copy + 1, argc - 1);
	for (i = 1; i < (size_t)argc; i++)
		free(copy[i]);
	free(buf);
	return 0;
}
