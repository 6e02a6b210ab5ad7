// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl pool4 add|del PREFIX4[/LEN] [tcp|udp|icmp] [PORT|MIN-MAX] [force] | show | flush
 * The IPv4 transport addresses stateful NAT64 hands out (one entry per protocol).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"
#include "pool4_guard.h"

/* Words after the prefix: a protocol, and a range, in either order, each at most once. */
static const char *const add_words[] = { "tcp", "udp", "icmp", "force", NULL };
#define W_FORCE 3

static int edit(bool add, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(add ? NAT64_CMD_POOL4_ADD : NAT64_CMD_POOL4_DEL);
	struct pool4_guard_req r = { .proto = 0 };
	const char *range = NULL, *proto_word = NULL;
	int i, w;

	if (argc < 1) {
		err_msg("pool4 %s: missing IPv4 prefix", add ? "add" : "del");
		return EXIT_USAGE;
	}
	if (!parse_pfx4(argv[0], &r.p)) {
		err_msg("invalid IPv4 prefix \"%s\" (expected ADDR[/LEN], LEN 0..32)", argv[0]);
		return EXIT_USAGE;
	}
	for (i = 1; i < argc; i++) {
		/* A port range starts with a digit (or a sign), a keyword with a letter. */
		if ((argv[i][0] >= '0' && argv[i][0] <= '9') || argv[i][0] == '-') {
			if (range) {
				err_msg("unexpected argument \"%s\": the port range is \"%s\" already",
					argv[i], range);
				return EXIT_USAGE;
			}
			range = argv[i];
			continue;
		}
		/* force only where it means something; "f" does not override a check. */
		w = kw_pick("pool4 keyword", argv[i], add ? add_words : proto_words);
		if (w < 0)
			return EXIT_USAGE;
		if (w == W_FORCE) {
			if (strcmp(argv[i], "force")) {
				err_msg("write \"force\" in full: it overrides a safety check");
				return EXIT_USAGE;
			}
			r.force = true;
			continue;
		}
		if (proto_word) {
			err_msg("unexpected argument \"%s\": the protocol is \"%s\" already",
				argv[i], proto_word);
			return EXIT_USAGE;
		}
		proto_word = argv[i];
		r.proto = proto_num(w);
	}
	/* Port 0 is no TCP/UDP port; ICMP identifiers may be 0. */
	if (range) {
		if (!parse_ports(range, r.proto == IPPROTO_ICMP ? 0 : 1, &r.min, &r.max))
			return EXIT_USAGE;
		r.has_range = true;
	}
	if (add && pool4_guard(&r, argc, argv) != EXIT_OK)
		return EXIT_USAGE;
	mnl_attr_put(nlh, NAT64_A_PREFIX4, sizeof(r.p.addr), &r.p.addr);
	mnl_attr_put_u8(nlh, NAT64_A_PREFIX4_LEN, r.p.len);
	if (r.proto)
		mnl_attr_put_u8(nlh, NAT64_A_PROTO, r.proto);
	if (r.has_range) {
		mnl_attr_put_u16(nlh, NAT64_A_PORT_MIN, r.min);
		mnl_attr_put_u16(nlh, NAT64_A_PORT_MAX, r.max);
	}
	i = nl_do(nlh, NULL, NULL);
	if (i != EXIT_OK && !add && r.p.implied && nl_last_error() == -ENOENT)
		err_msg("note: %s means %s/32 (no /LEN given)", argv[0], argv[0]);
	return i;
}

struct show_state {
	bool started;
};

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	struct show_state *st = data;
	const struct nlattr *tb[NAT64_A_MAX + 1];
	char p4[PFX_STRLEN];
	uint16_t min, max;
	uint8_t proto;

	if (nl_parse(nlh, tb) < 0 || !tb[NAT64_A_PREFIX4] || !tb[NAT64_A_PREFIX4_LEN] ||
	    !tb[NAT64_A_PROTO] || !tb[NAT64_A_PORT_MIN] || !tb[NAT64_A_PORT_MAX] ||
	    mnl_attr_get_payload_len(tb[NAT64_A_PREFIX4]) != 4)
		return MNL_CB_ERROR;
	fmt_pfx4(mnl_attr_get_payload(tb[NAT64_A_PREFIX4]),
		 mnl_attr_get_u8(tb[NAT64_A_PREFIX4_LEN]), p4);
	proto = mnl_attr_get_u8(tb[NAT64_A_PROTO]);
	min = mnl_attr_get_u16(tb[NAT64_A_PORT_MIN]);
	max = mnl_attr_get_u16(tb[NAT64_A_PORT_MAX]);
	if (!opt_json) {
		printf("%s %s %u-%u\n", p4, proto_name(proto), min, max);
		return MNL_CB_OK;
	}
	if (!st->started) {
		json_array_begin();
		st->started = true;
	}
	json_object_begin(NULL);
	json_str("prefix", p4);
	json_str("proto", proto_name(proto));
	json_u64("port_min", min);
	json_u64("port_max", max);
	json_object_end();
	return MNL_CB_OK;
}

static int show(void)
{
	struct show_state st = { false };
	int ret = nl_dump(nl_req(NAT64_CMD_POOL4_GET), show_cb, &st);

	if (opt_json && (st.started || ret == EXIT_OK)) {
		if (!st.started)
			json_array_begin();
		json_array_end();
	}
	return ret;
}

int cmd_pool4(int argc, char **argv)
{
	static const char *const cmds[] = { "add", "del", "show", "flush", NULL };
	struct nlmsghdr *nlh;
	int c = cmd_pick("pool4 command", cmds, 2, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	switch (c) {
	case 0:
	case 1:
		return edit(c == 0, argc, argv);
	case 2:
		return no_more_args(argc, argv) ? show() : EXIT_USAGE;
	default:
		if (!no_more_args(argc, argv))
			return EXIT_USAGE;
		nlh = nl_req(NAT64_CMD_FLUSH);
		mnl_attr_put_u8(nlh, NAT64_A_LIST, NAT64_LIST_POOL4);
		return nl_do(nlh, NULL, NULL);
	}
}
