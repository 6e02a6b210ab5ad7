// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl monitor [count N]: print mapping events (NAT64_CMD_EVENT, sent by
 * the kernel when the log-mappings setting is on) as they arrive, one line
 * (or one JSON object, -j) each, until interrupted or N events were seen.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

struct monitor_state {
	unsigned long seen, limit;	/* limit 0: forever */
};

static bool len_ok(const struct nlattr *a, unsigned int len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static void fmt_time(uint64_t ns, char *buf, size_t size)
{
	time_t t = (time_t)(ns / 1000000000ULL);
	struct tm tm;
	size_t n;

	gmtime_r(&t, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%06uZ", (unsigned int)(ns % 1000000000ULL / 1000));
}

static int event_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct genlmsghdr *g = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[NAT64_A_MAX + 1];
	struct monitor_state *st = data;
	char a6[INET6_ADDRSTRLEN], a4[INET_ADDRSTRLEN], when[64];
	const char *type;
	uint64_t ns;
	uint16_t p6, p4;
	uint8_t proto;

	if (g->cmd != NAT64_CMD_EVENT)
		return MNL_CB_OK;
	if (nl_parse(nlh, tb) < 0 || !len_ok(tb[NAT64_A_EVENT_TYPE], 1) ||
	    !len_ok(tb[NAT64_A_ADDR6], 16) || !len_ok(tb[NAT64_A_ADDR4], 4))
		return MNL_CB_OK;	/* not an event we understand: skip it */
	switch (mnl_attr_get_u8(tb[NAT64_A_EVENT_TYPE])) {
	case NAT64_EVENT_MAPPING_ADD:
		type = "add";
		break;
	case NAT64_EVENT_MAPPING_DEL:
		type = "del";
		break;
	default:
		type = "unknown";
	}
	ns = len_ok(tb[NAT64_A_TIME], 8) ? mnl_attr_get_u64(tb[NAT64_A_TIME]) : 0;
	fmt_time(ns, when, sizeof(when));
	fmt_addr6(mnl_attr_get_payload(tb[NAT64_A_ADDR6]), a6);
	fmt_addr4(mnl_attr_get_payload(tb[NAT64_A_ADDR4]), a4);
	proto = len_ok(tb[NAT64_A_PROTO], 1) ? mnl_attr_get_u8(tb[NAT64_A_PROTO]) : 0;
	p6 = len_ok(tb[NAT64_A_PORT6], 2) ? mnl_attr_get_u16(tb[NAT64_A_PORT6]) : 0;
	p4 = len_ok(tb[NAT64_A_PORT4], 2) ? mnl_attr_get_u16(tb[NAT64_A_PORT4]) : 0;
	if (opt_json) {
		json_object_begin(NULL);
		json_str("time", when);
		json_u64("time_ns", ns);
		json_str("event", type);
		json_str("proto", proto_name(proto));
		json_str("ipv6", a6);
		json_u64("port6", p6);
		json_str("ipv4", a4);
		json_u64("port4", p4);
		json_object_end();
	} else {
		printf("%s %s %s [%s]:%u -> %s:%u\n", when, type, proto_name(proto), a6, p6, a4, p4);
	}
	/* Whoever reads the pipe (a test, a logger) sees each event at once. */
	fflush(stdout);
	st->seen++;
	return st->limit && st->seen >= st->limit ? MNL_CB_STOP : MNL_CB_OK;
}

int cmd_monitor(int argc, char **argv)
{
	static const char *const keys[] = { "count", NULL };
	struct monitor_state st = { 0, 0 };
	enum num_status ns;

	while (argc > 0) {
		if (kw_pick("monitor option", argv[0], keys) < 0)
			return EXIT_USAGE;
		if (argc < 2) {
			err_msg("count needs a number of events >= 1");
			return EXIT_USAGE;
		}
		ns = parse_uint(argv[1], 1, 0xffffffffUL, &st.limit);
		if (ns != NUM_OK) {
			err_msg("invalid count \"%s\": %s", argv[1], num_why(ns, 1, 0xffffffffUL));
			return EXIT_USAGE;
		}
		argc -= 2;
		argv += 2;
	}
	return nl_monitor(event_cb, &st);
}
