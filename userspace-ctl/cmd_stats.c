// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl stats show|reset. Counters are printed grouped, zeros hidden
 * unless -a (or -s, its older name) is given; JSON is one flat object of the
 * same counters, so scripts need not know the groups.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
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

/*
 * Text output groups counters by what their names say: a protocol word
 * (tcp, udp, icmp) wins, then drop_*, then everything else ("general").
 * Order within a group is the kernel's.
 */
#define MAX_STATS 512
static const char *const groups[] = { "general", "tcp", "udp", "icmp", "drop" };
#define NR_GROUPS (sizeof(groups) / sizeof(groups[0]))

struct stat_list {
	unsigned int n;
	const char *name[MAX_STATS];
	uint64_t value[MAX_STATS];
};

static bool has_word(const char *name, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = name; (p = strstr(p, word)); p += len)
		if ((p == name || p[-1] == '_') && (p[len] == '\0' || p[len] == '_'))
			return true;
	return false;
}

static unsigned int group_of(const char *name)
{
	unsigned int g;

	for (g = 1; g <= 3; g++)
		if (has_word(name, groups[g]))
			return g;
	return !strncmp(name, "drop_", 5) ? 4 : 0;
}

static void print_grouped(const struct stat_list *l)
{
	unsigned int g, i;
	bool any;

	for (g = 0; g < NR_GROUPS; g++) {
		any = false;
		for (i = 0; i < l->n; i++) {
			if (group_of(l->name[i]) != g)
				continue;
			if (!any)
				printf("%s%s:\n", g ? "\n" : "", groups[g]);
			any = true;
			printf("%-28s %" PRIu64 "\n", l->name[i], l->value[i]);
		}
	}
}

static int stat_cb(const struct nlattr *attr, void *data)
{
	struct stat_attrs s = { NULL, NULL };
	struct stat_list *l = data;
	uint64_t v;

	if (mnl_attr_get_type(attr) != NAT64_A_STAT)
		return MNL_CB_OK;
	if (mnl_attr_parse_nested(attr, stat_attr_cb, &s) < 0 || !s.name || !s.value)
		return MNL_CB_ERROR;
	v = mnl_attr_get_u64(s.value);
	if (!v && !opt_all && !opt_stats)
		return MNL_CB_OK;
	if (opt_json) {
		json_u64(mnl_attr_get_str(s.name), v);
	} else if (l->n < MAX_STATS) {
		l->name[l->n] = mnl_attr_get_str(s.name);
		l->value[l->n++] = v;
	}
	return MNL_CB_OK;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	static struct stat_list list;	/* names point into the receive buffer */
	int ret;

	(void)data;
	if (nl_parse(nlh, tb) < 0 || !tb[NAT64_A_STATS])
		return MNL_CB_ERROR;
	if (opt_json)
		json_object_begin(NULL);
	list.n = 0;
	ret = mnl_attr_parse_nested(tb[NAT64_A_STATS], stat_cb, &list);
	if (opt_json)
		json_object_end();
	else
		print_grouped(&list);
	return ret;
}

int cmd_stats(int argc, char **argv)
{
	static const char *const cmds[] = { "show", "reset", NULL };
	int c = cmd_pick("stats command", cmds, 0, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	if (!no_more_args(argc, argv))
		return EXIT_USAGE;
	if (c == 1)
		return nl_do(nl_req(NAT64_CMD_STATS_RESET), NULL, NULL);
	return nl_do(nl_req(NAT64_CMD_STATS_GET), show_cb, NULL);
}
