// SPDX-License-Identifier: GPL-2.0
/*
 * The address lists: prefix (RFC 6052), eam (RFC 7757), pool6791 (RFC 6791),
 * deny, and the TCP-option mode's optpool, optclient and optdest. All share
 * add/del/show/flush; they differ in what an entry is.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

enum entry_kind { ENTRY_P6, ENTRY_EAM, ENTRY_P4 };

struct list_desc {
	const char *name;
	enum entry_kind kind;
	uint8_t cmd_add, cmd_del, cmd_get;
	uint8_t list;		/* enum nat64_list, for flush */
	uint8_t min_len6;	/* shortest IPv6 prefix accepted (optclient: 40) */
	bool indexed;		/* show positions: they matter (client index, pool order) */
	bool rfc6052;		/* IPv6 length must be 32, 40, 48, 56, 64 or 96 */
};

/* A list X has the commands NAT64_CMD_X_ADD/_DEL/_GET and is NAT64_LIST_X for flush. */
#define LIST(nm, k, X) \
	.name = nm, .kind = k, .cmd_add = NAT64_CMD_##X##_ADD, .cmd_del = NAT64_CMD_##X##_DEL, \
	.cmd_get = NAT64_CMD_##X##_GET, .list = NAT64_LIST_##X

static const struct list_desc prefix_desc = { LIST("prefix", ENTRY_P6, PREFIX), .rfc6052 = true };
static const struct list_desc eam_desc = { LIST("eam", ENTRY_EAM, EAM) };
static const struct list_desc pool_desc = { LIST("pool6791", ENTRY_P4, POOL6791) };
static const struct list_desc deny_desc = { LIST("deny", ENTRY_P4, DENY) };
static const struct list_desc optpool_desc = {
	LIST("optpool", ENTRY_P4, OPTPOOL), .indexed = true,
};
static const struct list_desc optclient_desc = {
	LIST("optclient", ENTRY_P6, OPTCLIENT), .min_len6 = 40, .indexed = true,
};
static const struct list_desc optdest_desc = {
	LIST("optdest", ENTRY_P4, OPTDEST), .indexed = true,
};

/*
 * An address without /LEN is a host prefix. Where that cannot be what was
 * meant, say so before the kernel refuses it with a message about lengths
 * that the operator never typed.
 */
static bool rfc6052_len_ok(const char *arg, const struct pfx6 *p)
{
	if (!p->implied || p->len == 32 || p->len == 40 || p->len == 48 || p->len == 56 ||
	    p->len == 64 || p->len == 96)
		return true;
	err_msg("%s means %s/128; RFC 6052 prefixes are /32, /40, /48, /56, /64 or /96",
		arg, arg);
	return false;
}

/*
 * RFC 7757 3.2: the IPv6 side of an EAM holds at least as many addresses as
 * the IPv4 side (128 - IPv6 LEN >= 32 - IPv4 LEN). Only a bare IPv6 address
 * (/128: room for no suffix bit) can break that with an IPv4 prefix; with
 * explicit lengths the kernel explains.
 */
static bool eam_sizes_ok(const char *a6, const struct pfx6 *p6, const char *a4,
			 const struct pfx4 *p4)
{
	int bits6 = 128 - p6->len, bits4 = 32 - p4->len;

	if (bits6 >= bits4 || !p6->implied)
		return true;
	err_msg("%s means %s/128; an EAM's IPv6 side needs as many suffix bits as its IPv4 "
		"side: %s/%d (or shorter) for %s", a6, a6, a6, 128 - bits4, a4);
	return false;
}

static bool get_p6(const char *arg, unsigned int min_len, struct pfx6 *p)
{
	if (!parse_pfx6(arg, p) || p->len < min_len) {
		if (min_len)
			err_msg("invalid IPv6 prefix \"%s\" (expected ADDR/LEN, LEN %u..128)",
				arg, min_len);
		else
			err_msg("invalid IPv6 prefix \"%s\" (expected ADDR[/LEN], LEN 0..128)",
				arg);
		return false;
	}
	return true;
}

static bool get_p4(const char *arg, struct pfx4 *p)
{
	if (!parse_pfx4(arg, p)) {
		err_msg("invalid IPv4 prefix \"%s\" (expected ADDR[/LEN], LEN 0..32)", arg);
		return false;
	}
	return true;
}

static void put_p6(struct nlmsghdr *nlh, const struct pfx6 *p)
{
	mnl_attr_put(nlh, NAT64_A_PREFIX6, sizeof(p->addr), &p->addr);
	mnl_attr_put_u8(nlh, NAT64_A_PREFIX6_LEN, p->len);
}

static void put_p4(struct nlmsghdr *nlh, const struct pfx4 *p)
{
	mnl_attr_put(nlh, NAT64_A_PREFIX4, sizeof(p->addr), &p->addr);
	mnl_attr_put_u8(nlh, NAT64_A_PREFIX4_LEN, p->len);
}

/* The arguments of add (and del): entry words, exactly as many as needed. */
static int edit(const struct list_desc *d, bool add, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(add ? d->cmd_add : d->cmd_del);
	int need = d->kind == ENTRY_EAM && add ? 2 : 1, ret;
	bool implied = false, v6;
	struct pfx6 p6;
	struct pfx4 p4;

	if (argc < need) {
		err_msg("%s %s: missing %s", d->name, add ? "add" : "del",
			d->kind == ENTRY_P6 ? "IPv6 prefix" :
			d->kind == ENTRY_P4 ? "IPv4 prefix" :
			add ? (argc ? "IPv4 prefix" : "IPv6 prefix and IPv4 prefix") :
			"IPv6 or IPv4 prefix");
		return EXIT_USAGE;
	}
	if (!no_more_args(argc - need, argv + need))
		return EXIT_USAGE;
	/* eam del: either side names the entry. */
	v6 = d->kind == ENTRY_P6 || (d->kind == ENTRY_EAM && (add || strchr(argv[0], ':')));
	if (v6) {
		if (!get_p6(argv[0], d->min_len6, &p6) || (d->rfc6052 && !rfc6052_len_ok(argv[0], &p6)))
			return EXIT_USAGE;
		put_p6(nlh, &p6);
		implied = p6.implied;
	}
	if (d->kind == ENTRY_P4 || (d->kind == ENTRY_EAM && (add || !v6))) {
		if (!get_p4(argv[need - 1], &p4))
			return EXIT_USAGE;
		if (add && d->kind == ENTRY_EAM && !eam_sizes_ok(argv[0], &p6, argv[1], &p4))
			return EXIT_USAGE;
		put_p4(nlh, &p4);
		implied = p4.implied;
	}
	ret = nl_do(nlh, NULL, NULL);
	/* Legal (RFC 7757 3.2), but a forgotten /LEN looks the same: say what it did. */
	if (ret == EXIT_OK && add && d->kind == ENTRY_EAM && p4.implied && p6.len < 128)
		err_msg("note: %s means %s/32; all of %s maps to that one address", argv[1],
			argv[1], argv[0]);
	/* "not found" for a bare address: the entry may well be a shorter prefix. */
	if (ret != EXIT_OK && !add && implied && nl_last_error() == -ENOENT)
		err_msg("note: %s means %s/%u (no /LEN given)", argv[0], argv[0], v6 ? 128 : 32);
	return ret;
}

struct show_state {
	const struct list_desc *d;
	bool started;		/* JSON array opened */
	unsigned int index;	/* position of the next entry */
};

static bool attr_ok(const struct nlattr *a, unsigned int len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_state *st = data;
	const struct nlattr *tb[NAT64_A_MAX + 1];
	char p6[PFX_STRLEN] = "", p4[PFX_STRLEN] = "";

	if (nl_parse(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (st->d->kind != ENTRY_P4) {
		if (!attr_ok(tb[NAT64_A_PREFIX6], 16) || !attr_ok(tb[NAT64_A_PREFIX6_LEN], 1))
			return MNL_CB_ERROR;
		fmt_pfx6(mnl_attr_get_payload(tb[NAT64_A_PREFIX6]),
			 mnl_attr_get_u8(tb[NAT64_A_PREFIX6_LEN]), p6);
	}
	if (st->d->kind != ENTRY_P6) {
		if (!attr_ok(tb[NAT64_A_PREFIX4], 4) || !attr_ok(tb[NAT64_A_PREFIX4_LEN], 1))
			return MNL_CB_ERROR;
		fmt_pfx4(mnl_attr_get_payload(tb[NAT64_A_PREFIX4]),
			 mnl_attr_get_u8(tb[NAT64_A_PREFIX4_LEN]), p4);
	}
	if (!opt_json) {
		if (st->d->indexed)
			printf("%u ", st->index++);
		if (st->d->kind == ENTRY_EAM)
			printf("%s %s\n", p6, p4);
		else
			printf("%s\n", *p6 ? p6 : p4);
		return MNL_CB_OK;
	}
	if (!st->started) {
		json_array_begin();
		st->started = true;
	}
	json_object_begin(NULL);
	if (st->d->indexed)
		json_u64("index", st->index++);
	if (st->d->kind == ENTRY_EAM) {
		json_str("ipv6", p6);
		json_str("ipv4", p4);
	} else {
		json_str("prefix", *p6 ? p6 : p4);
	}
	json_object_end();
	return MNL_CB_OK;
}

static int show(const struct list_desc *d)
{
	struct show_state st = { d, false, 0 };
	int ret = nl_dump(nl_req(d->cmd_get), show_cb, &st);

	/* Valid JSON on success even for an empty list; nothing on error. */
	if (opt_json && (st.started || ret == EXIT_OK)) {
		if (!st.started)
			json_array_begin();
		json_array_end();
	}
	return ret;
}

static int flush(const struct list_desc *d)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_FLUSH);

	mnl_attr_put_u8(nlh, NAT64_A_LIST, d->list);
	return nl_do(nlh, NULL, NULL);
}

static int run_list(const struct list_desc *d, int argc, char **argv)
{
	static const char *const cmds[] = { "add", "del", "show", "flush", NULL };
	char what[32];
	int c;

	snprintf(what, sizeof(what), "%s command", d->name);
	c = cmd_pick(what, cmds, 2, &argc, &argv);	/* no command: show */
	if (c < 0)
		return EXIT_USAGE;
	switch (c) {
	case 0:
	case 1:
		return edit(d, c == 0, argc, argv);
	case 2:
		return no_more_args(argc, argv) ? show(d) : EXIT_USAGE;
	default:
		return no_more_args(argc, argv) ? flush(d) : EXIT_USAGE;
	}
}

int cmd_prefix(int argc, char **argv)
{
	return run_list(&prefix_desc, argc, argv);
}

int cmd_eam(int argc, char **argv)
{
	return run_list(&eam_desc, argc, argv);
}

int cmd_pool6791(int argc, char **argv)
{
	return run_list(&pool_desc, argc, argv);
}

int cmd_deny(int argc, char **argv)
{
	return run_list(&deny_desc, argc, argv);
}

int cmd_optpool(int argc, char **argv)
{
	return run_list(&optpool_desc, argc, argv);
}

int cmd_optclient(int argc, char **argv)
{
	return run_list(&optclient_desc, argc, argv);
}

int cmd_optdest(int argc, char **argv)
{
	return run_list(&optdest_desc, argc, argv);
}
