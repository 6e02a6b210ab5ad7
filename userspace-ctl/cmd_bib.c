// SPDX-License-Identifier: GPL-2.0
/*
 * Stateful NAT64 tables: nat64ctl bib add|del|show|flush and session show|flush.
 * Dumps are printed entry by entry as the kernel's pages arrive, so tables of
 * millions of entries need no memory here.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

static const char *const tcp_states[] = {
	[NAT64_TCP_CLOSED] = "CLOSED",
	[NAT64_TCP_V6_INIT] = "V6_INIT",
	[NAT64_TCP_V4_INIT] = "V4_INIT",
	[NAT64_TCP_ESTABLISHED] = "ESTABLISHED",
	[NAT64_TCP_V6_FIN_RCV] = "V6_FIN_RCV",
	[NAT64_TCP_V4_FIN_RCV] = "V4_FIN_RCV",
	[NAT64_TCP_V6_FIN_V4_FIN] = "V6_FIN_V4_FIN",
	[NAT64_TCP_TRANS] = "TRANS",
};

static bool len_ok(const struct nlattr *a, unsigned int len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static uint16_t get_u16(const struct nlattr *a)
{
	return len_ok(a, 2) ? mnl_attr_get_u16(a) : 0;
}

static uint32_t get_u32(const struct nlattr *a)
{
	return len_ok(a, 4) ? mnl_attr_get_u32(a) : 0;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return len_ok(a, 1) ? mnl_attr_get_u8(a) : 0;
}

/* ---- printing ---- */

struct peer_print {
	bool first;
};

static int peer_attr_cb(const struct nlattr *attr, void *data)
{
	const struct nlattr **tb = data;
	int type = mnl_attr_get_type(attr);

	if (type == NAT64_A_PREFIX4 || type == NAT64_A_PREFIX4_LEN)
		tb[type] = attr;
	return MNL_CB_OK;
}

static int peer_cb(const struct nlattr *peer, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1] = { NULL };
	struct peer_print *pp = data;
	char p4[PFX_STRLEN];

	if (mnl_attr_get_type(peer) != NAT64_A_PEER ||
	    mnl_attr_parse_nested(peer, peer_attr_cb, tb) < 0 ||
	    !len_ok(tb[NAT64_A_PREFIX4], 4) || !len_ok(tb[NAT64_A_PREFIX4_LEN], 1))
		return MNL_CB_OK;
	fmt_pfx4(mnl_attr_get_payload(tb[NAT64_A_PREFIX4]),
		 mnl_attr_get_u8(tb[NAT64_A_PREFIX4_LEN]), p4);
	if (opt_json) {
		json_str(NULL, p4);
	} else {
		printf("%s%s", pp->first ? " peers " : ",", p4);
		pp->first = false;
	}
	return MNL_CB_OK;
}

/* Milliseconds left as whole seconds, rounded up so that 0 means expired/never. */
static unsigned int secs(uint32_t ms)
{
	return ms / 1000 + !!(ms % 1000);
}

struct dump_state {
	bool started;		/* JSON array opened */
	unsigned long n;
};

static void json_start(struct dump_state *st)
{
	if (opt_json && !st->started) {
		json_array_begin();
		st->started = true;
	}
}

/* One mapping, from a BIB_GET dump or a BIB_ADD reply. */
static int bib_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	struct dump_state *st = data;
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN];
	struct peer_print pp = { true };
	bool requested;
	uint32_t expires;

	if (nl_parse(nlh, tb) < 0 || !len_ok(tb[NAT64_A_ADDR6], 16) ||
	    !len_ok(tb[NAT64_A_ADDR4], 4))
		return MNL_CB_ERROR;
	fmt_addr6(mnl_attr_get_payload(tb[NAT64_A_ADDR6]), a6);
	fmt_addr4(mnl_attr_get_payload(tb[NAT64_A_ADDR4]), a4);
	requested = get_u8(tb[NAT64_A_STATIC]);
	expires = get_u32(tb[NAT64_A_EXPIRES]);
	st->n++;
	if (opt_json) {
		json_start(st);
		json_object_begin(NULL);
		json_str("proto", proto_name(get_u8(tb[NAT64_A_PROTO])));
		json_str("ipv6", a6);
		json_u64("port6", get_u16(tb[NAT64_A_PORT6]));
		json_str("ipv4", a4);
		json_u64("port4", get_u16(tb[NAT64_A_PORT4]));
		json_bool("requested", requested);
		json_u64("expires_ms", expires);
		json_u64("sessions", get_u32(tb[NAT64_A_COUNT_SESSION]));
		json_key_array_begin("peers");
		if (tb[NAT64_A_PEERS])
			mnl_attr_parse_nested(tb[NAT64_A_PEERS], peer_cb, &pp);
		json_array_end();
		json_object_end();
		return MNL_CB_OK;
	}
	printf("%s [%s]:%u %s:%u", proto_name(get_u8(tb[NAT64_A_PROTO])), a6,
	       get_u16(tb[NAT64_A_PORT6]), a4, get_u16(tb[NAT64_A_PORT4]));
	if (!requested)
		printf(" dynamic");
	else if (expires)
		printf(" requested expires %us", secs(expires));
	else
		printf(" requested permanent");
	printf(" sessions %u", get_u32(tb[NAT64_A_COUNT_SESSION]));
	if (tb[NAT64_A_PEERS])
		mnl_attr_parse_nested(tb[NAT64_A_PEERS], peer_cb, &pp);
	putchar('\n');
	return MNL_CB_OK;
}

static int session_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	struct dump_state *st = data;
	char a6[INET6_ADDRSTRLEN], r6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN], r4[INET_ADDRSTRLEN];
	uint8_t proto, state;
	const char *sname = NULL;

	if (nl_parse(nlh, tb) < 0 || !len_ok(tb[NAT64_A_ADDR6], 16) ||
	    !len_ok(tb[NAT64_A_REMOTE6], 16) || !len_ok(tb[NAT64_A_ADDR4], 4) ||
	    !len_ok(tb[NAT64_A_REMOTE4], 4))
		return MNL_CB_ERROR;
	fmt_addr6(mnl_attr_get_payload(tb[NAT64_A_ADDR6]), a6);
	fmt_addr6(mnl_attr_get_payload(tb[NAT64_A_REMOTE6]), r6);
	fmt_addr4(mnl_attr_get_payload(tb[NAT64_A_ADDR4]), a4);
	fmt_addr4(mnl_attr_get_payload(tb[NAT64_A_REMOTE4]), r4);
	proto = get_u8(tb[NAT64_A_PROTO]);
	if (tb[NAT64_A_TCP_STATE]) {
		state = get_u8(tb[NAT64_A_TCP_STATE]);
		sname = state <= NAT64_TCP_TRANS ? tcp_states[state] : "UNKNOWN";
	}
	st->n++;
	if (opt_json) {
		json_start(st);
		json_object_begin(NULL);
		json_str("proto", proto_name(proto));
		json_str("ipv6", a6);
		json_u64("port6", get_u16(tb[NAT64_A_PORT6]));
		json_str("remote6", r6);
		json_u64("remote_port6", get_u16(tb[NAT64_A_REMOTE_PORT6]));
		json_str("ipv4", a4);
		json_u64("port4", get_u16(tb[NAT64_A_PORT4]));
		json_str("remote4", r4);
		json_u64("remote_port4", get_u16(tb[NAT64_A_REMOTE_PORT4]));
		if (sname)
			json_str("state", sname);
		json_u64("expires_ms", get_u32(tb[NAT64_A_EXPIRES]));
		json_object_end();
		return MNL_CB_OK;
	}
	printf("%s [%s]:%u [%s]:%u %s:%u %s:%u", proto_name(proto),
	       a6, get_u16(tb[NAT64_A_PORT6]), r6, get_u16(tb[NAT64_A_REMOTE_PORT6]),
	       a4, get_u16(tb[NAT64_A_PORT4]), r4, get_u16(tb[NAT64_A_REMOTE_PORT4]));
	if (sname)
		printf(" %s", sname);
	printf(" expires %us\n", secs(get_u32(tb[NAT64_A_EXPIRES])));
	return MNL_CB_OK;
}

/* show [tcp|udp|icmp] for BIB_GET or SESSION_GET. */
static int show(uint8_t cmd, mnl_cb_t cb, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(cmd);
	struct dump_state st = { false, 0 };
	int proto, ret;

	if (argc > 0) {
		proto = parse_proto(argv[0]);
		if (proto < 0)
			return EXIT_USAGE;
		mnl_attr_put_u8(nlh, NAT64_A_PROTO, proto);
		if (!no_more_args(argc - 1, argv + 1))
			return EXIT_USAGE;
	}
	ret = nl_dump(nlh, cb, &st);
	if (opt_json && (st.started || ret == EXIT_OK)) {
		json_start(&st);
		json_array_end();
	}
	return ret;
}

static int flush(uint8_t list, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_FLUSH);
	int proto;

	mnl_attr_put_u8(nlh, NAT64_A_LIST, list);
	if (argc > 0) {
		proto = parse_proto(argv[0]);
		if (proto < 0)
			return EXIT_USAGE;
		mnl_attr_put_u8(nlh, NAT64_A_PROTO, proto);
		if (!no_more_args(argc - 1, argv + 1))
			return EXIT_USAGE;
	}
	return nl_do(nlh, NULL, NULL);
}

/* ---- bib add / del ---- */

static bool put_peer(struct nlmsghdr *nlh, struct nlattr **nest, const char *s)
{
	struct nlattr *one;
	struct pfx4 p;
	uint32_t mark;

	if (!parse_pfx4(s, &p)) {
		err_msg("invalid peer prefix \"%s\" (expected ADDR[/LEN])", s);
		return false;
	}
	if (!*nest)
		*nest = mnl_attr_nest_start(nlh, NAT64_A_PEERS);
	mark = nl_mark(nlh);
	one = mnl_attr_nest_start(nlh, NAT64_A_PEER);
	mnl_attr_put(nlh, NAT64_A_PREFIX4, sizeof(p.addr), &p.addr);
	mnl_attr_put_u8(nlh, NAT64_A_PREFIX4_LEN, p.len);
	mnl_attr_nest_end(nlh, one);
	/* The kernel's error then names the peer it refused. */
	nl_label(nlh, mark, s);
	return true;
}

static bool starts_with_digit(const char *s)
{
	return *s >= '0' && *s <= '9';
}

/* to ADDR4[:PORT] [PORT|MIN-MAX] | to PREFIX4/LEN [PORT|MIN-MAX]; returns words used or -1. */
static int put_to(struct nlmsghdr *nlh, int argc, char **argv)
{
	uint16_t port = 0, min, max;
	struct in_addr a4;
	bool has_port;
	struct pfx4 p;
	int used = 1, r;

	if (argc < 1) {
		err_msg("\"to\" needs an IPv4 address, ADDR4:PORT or PREFIX4/LEN");
		return -1;
	}
	if (strchr(argv[0], '/')) {
		if (!parse_pfx4(argv[0], &p)) {
			err_msg("invalid IPv4 prefix \"%s\"", argv[0]);
			return -1;
		}
		mnl_attr_put(nlh, NAT64_A_PREFIX4, sizeof(p.addr), &p.addr);
		mnl_attr_put_u8(nlh, NAT64_A_PREFIX4_LEN, p.len);
		has_port = false;
	} else {
		r = parse_addr4_port(argv[0], &a4, &port, &has_port);
		if (r <= 0) {
			if (!r)
				err_msg("invalid IPv4 address \"%s\" (expected ADDR4 or ADDR4:PORT)",
					argv[0]);
			return -1;
		}
		mnl_attr_put(nlh, NAT64_A_ADDR4, sizeof(a4), &a4);
		if (has_port)
			mnl_attr_put_u16(nlh, NAT64_A_PORT4, port);
	}
	/* Keywords start with a letter: a word starting with a digit (or sign) is the ports. */
	if (!has_port && argc > 1 && (starts_with_digit(argv[1]) || argv[1][0] == '-')) {
		if (!parse_ports(argv[1], 0, &min, &max))
			return -1;
		mnl_attr_put_u16(nlh, NAT64_A_PORT_MIN, min);
		mnl_attr_put_u16(nlh, NAT64_A_PORT_MAX, max);
		used++;
	}
	return used;
}

static int bib_add(int argc, char **argv)
{
	static const char *const keys[] = { "to", "lifetime", "peer", NULL };
	static const char *const permanent[] = { "permanent", NULL };
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_BIB_ADD);
	struct dump_state st = { true, 0 };	/* -j: the reply is one object, no array */
	struct nlattr *peers = NULL;
	struct in6_addr a6;
	enum num_status ns;
	unsigned long v;
	uint16_t port;
	int proto, k, used, ret, r;

	if (argc < 2) {
		err_msg("bib add: expected tcp|udp|icmp [IPV6]:PORT [to ...] [lifetime ...] "
			"[peer ...]");
		return EXIT_USAGE;
	}
	proto = parse_proto(argv[0]);
	if (proto < 0)
		return EXIT_USAGE;
	r = parse_addr6_port(argv[1], &a6, &port);
	if (r <= 0) {
		if (!r)
			err_msg("invalid IPv6 transport address \"%s\" (expected [ADDR6]:PORT)",
				argv[1]);
		return EXIT_USAGE;
	}
	mnl_attr_put_u8(nlh, NAT64_A_PROTO, proto);
	mnl_attr_put(nlh, NAT64_A_ADDR6, sizeof(a6), &a6);
	mnl_attr_put_u16(nlh, NAT64_A_PORT6, port);
	argc -= 2;
	argv += 2;
	while (argc > 0) {
		k = kw_pick("bib add option", argv[0], keys);
		if (k < 0)
			return EXIT_USAGE;
		argc--;
		argv++;
		switch (k) {
		case 0:
			used = put_to(nlh, argc, argv);
			if (used < 0)
				return EXIT_USAGE;
			break;
		case 1:
			if (argc < 1) {
				err_msg("lifetime needs SECONDS or \"permanent\"");
				return EXIT_USAGE;
			}
			/* SECONDS start with a digit (or a '-' of a bad number). */
			if (starts_with_digit(argv[0]) || argv[0][0] == '-') {
				ns = parse_uint(argv[0], 1, 0xffffffffUL, &v);
				if (ns != NUM_OK) {
					err_msg("invalid lifetime \"%s\": %s; valid: SECONDS, permanent",
						argv[0], num_why(ns, 1, 0xffffffffUL));
					return EXIT_USAGE;
				}
			} else if (kw_pick("lifetime", argv[0], permanent) < 0) {
				return EXIT_USAGE;
			} else {
				v = 0;
			}
			mnl_attr_put_u32(nlh, NAT64_A_LIFETIME, v);
			used = 1;
			break;
		default:
			/* peer P [P...]: prefixes (digits) until the next keyword (letters). */
			if (argc < 1) {
				err_msg("peer needs an IPv4 prefix");
				return EXIT_USAGE;
			}
			for (used = 0; used < argc; used++) {
				if (used && !starts_with_digit(argv[used]))
					break;
				if (!put_peer(nlh, &peers, argv[used]))
					return EXIT_USAGE;
			}
			break;
		}
		argc -= used;
		argv += used;
	}
	if (peers)
		mnl_attr_nest_end(nlh, peers);
	ret = nl_do(nlh, bib_cb, &st);
	return ret;
}

static int bib_del(int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_BIB_DEL);
	struct in6_addr a6;
	struct in_addr a4;
	uint16_t port;
	bool has_port;
	int proto, r;

	if (argc != 2) {
		err_msg("bib del: expected tcp|udp|icmp [IPV6]:PORT|IPV4:PORT");
		return EXIT_USAGE;
	}
	proto = parse_proto(argv[0]);
	if (proto < 0)
		return EXIT_USAGE;
	mnl_attr_put_u8(nlh, NAT64_A_PROTO, proto);
	r = parse_addr6_port(argv[1], &a6, &port);
	if (r > 0) {
		mnl_attr_put(nlh, NAT64_A_ADDR6, sizeof(a6), &a6);
		mnl_attr_put_u16(nlh, NAT64_A_PORT6, port);
	} else if (r == 0 && (r = parse_addr4_port(argv[1], &a4, &port, &has_port)) > 0 &&
		   has_port) {
		mnl_attr_put(nlh, NAT64_A_ADDR4, sizeof(a4), &a4);
		mnl_attr_put_u16(nlh, NAT64_A_PORT4, port);
	} else if (r < 0) {
		return EXIT_USAGE;	/* a bad port, already reported */
	} else {
		err_msg("invalid transport address \"%s\" (expected [ADDR6]:PORT or ADDR4:PORT)",
			argv[1]);
		return EXIT_USAGE;
	}
	return nl_do(nlh, NULL, NULL);
}

int cmd_bib(int argc, char **argv)
{
	static const char *const cmds[] = { "add", "del", "show", "flush", NULL };
	int c = cmd_pick("bib command", cmds, 2, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	switch (c) {
	case 0:
		return bib_add(argc, argv);
	case 1:
		return bib_del(argc, argv);
	case 2:
		return show(NAT64_CMD_BIB_GET, bib_cb, argc, argv);
	default:
		return flush(NAT64_LIST_BIB, argc, argv);
	}
}

int cmd_session(int argc, char **argv)
{
	static const char *const cmds[] = { "show", "flush", NULL };
	int c = cmd_pick("session command", cmds, 0, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	if (c == 0)
		return show(NAT64_CMD_SESSION_GET, session_cb, argc, argv);
	return flush(NAT64_LIST_SESSION, argc, argv);
}
