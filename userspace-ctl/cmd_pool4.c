// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl pool4 add|del PREFIX4[/LEN] [tcp|udp|icmp] [MIN-MAX] | show | flush
 * The IPv4 transport addresses stateful NAT64 hands out (one entry per protocol).
 */
#include <stdio.h>
#include <string.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

static int edit(bool add, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(add ? NAT64_CMD_POOL4_ADD : NAT64_CMD_POOL4_DEL);
	bool has_proto = false, has_range = false;
	uint16_t min, max;
	struct pfx4 p;
	int proto;

	if (argc < 1) {
		err_msg("pool4 %s: missing IPv4 prefix", add ? "add" : "del");
		return EXIT_USAGE;
	}
	if (!parse_pfx4(argv[0], &p)) {
		err_msg("invalid IPv4 prefix \"%s\" (expected ADDR[/LEN], LEN 0..32)", argv[0]);
		return EXIT_USAGE;
	}
	mnl_attr_put(nlh, NAT64_A_PREFIX4, sizeof(p.addr), &p.addr);
	mnl_attr_put_u8(nlh, NAT64_A_PREFIX4_LEN, p.len);
	/* Protocol and port range, in either order, each at most once. */
	for (argc--, argv++; argc > 0; argc--, argv++) {
		if (!has_proto && (is_proto_word(argv[0]) || !strchr("0123456789", argv[0][0]))) {
			proto = parse_proto(argv[0]);
			if (proto < 0)
				return EXIT_USAGE;
			mnl_attr_put_u8(nlh, NAT64_A_PROTO, proto);
			has_proto = true;
		} else if (!has_range && parse_range(argv[0], &min, &max)) {
			if (min > max) {
				err_msg("empty port range \"%s\" (MIN > MAX)", argv[0]);
				return EXIT_USAGE;
			}
			mnl_attr_put_u16(nlh, NAT64_A_PORT_MIN, min);
			mnl_attr_put_u16(nlh, NAT64_A_PORT_MAX, max);
			has_range = true;
		} else {
			err_msg("unexpected argument \"%s\" (expected tcp|udp|icmp or MIN-MAX, "
				"each once)", argv[0]);
			return EXIT_USAGE;
		}
	}
	return nl_do(nlh, NULL, NULL);
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
