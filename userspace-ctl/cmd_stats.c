// SPDX-License-Identifier: GPL-2.0
/* nat64ctl stats show|reset. Zero counters are hidden unless -s is given. */
#include <inttypes.h>
#include <stdio.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

struct stat_attrs {
	const struct nlattr *name, *value;
};

static int stat_attr_cb(const struct nlattr *attr, void *data)
{
	struct stat_attrs *s = data;

	switch (mnl_attr_get_type(attr)) {
	case NAT64_STAT_A_NAME:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			s->name = attr;
		break;
	case NAT64_STAT_A_VALUE:
		if (mnl_attr_validate(attr, MNL_TYPE_U64) == 0)
			s->value = attr;
		break;
	}
	return MNL_CB_OK;
}

static int stat_cb(const struct nlattr *attr, void *data)
{
	struct stat_attrs s = { NULL, NULL };
	uint64_t v;

	(void)data;
	if (mnl_attr_get_type(attr) != NAT64_A_STAT)
		return MNL_CB_OK;
	if (mnl_attr_parse_nested(attr, stat_attr_cb, &s) < 0 || !s.name || !s.value)
		return MNL_CB_ERROR;
	v = mnl_attr_get_u64(s.value);
	if (!v && !opt_stats)
		return MNL_CB_OK;
	if (opt_json)
		json_u64(mnl_attr_get_str(s.name), v);
	else
		printf("%-28s %" PRIu64 "\n", mnl_attr_get_str(s.name), v);
	return MNL_CB_OK;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	int ret;

	(void)data;
	if (nl_parse(nlh, tb) < 0 || !tb[NAT64_A_STATS])
		return MNL_CB_ERROR;
	if (opt_json)
		json_object_begin(NULL);
	ret = mnl_attr_parse_nested(tb[NAT64_A_STATS], stat_cb, NULL);
	if (opt_json)
		json_object_end();
	return ret;
}

int cmd_stats(int argc, char **argv)
{
	static const char *const cmds[] = { "show", "reset", NULL };
	int c = argc > 0 ? kw_pick("stats command", argv[0], cmds) : 0;

	if (c < 0)
		return EXIT_USAGE;
	if (argc > 0) {
		argc--;
		argv++;
	}
	if (!no_more_args(argc, argv))
		return EXIT_USAGE;
	if (c == 1)
		return nl_do(nl_req(NAT64_CMD_STATS_RESET), NULL, NULL);
	return nl_do(nl_req(NAT64_CMD_STATS_GET), show_cb, NULL);
}
