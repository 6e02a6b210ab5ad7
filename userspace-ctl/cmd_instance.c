// SPDX-License-Identifier: GPL-2.0
/* nat64ctl instance add|del|show */
#include <stdio.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

static const char *const modes[] = { "siit", "nat64", "host", NULL };

static uint32_t get_u32(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) == 4 ? mnl_attr_get_u32(a) : 0;
}

static uint8_t get_u8(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) == 1 ? mnl_attr_get_u8(a) : 0;
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	uint8_t mode;

	(void)data;
	if (nl_parse(nlh, tb) < 0)
		return MNL_CB_ERROR;
	mode = get_u8(tb[NAT64_A_MODE]);
	if (opt_json) {
		json_object_begin(NULL);
		json_str("mode", mode <= NAT64_MODE_HOST ? modes[mode] : "unknown");
		json_bool("enabled", get_u8(tb[NAT64_A_ENABLED]));
		json_u64("prefixes", get_u32(tb[NAT64_A_COUNT_PREFIX]));
		json_u64("eam", get_u32(tb[NAT64_A_COUNT_EAM]));
		json_u64("pool6791", get_u32(tb[NAT64_A_COUNT_POOL6791]));
		json_u64("deny", get_u32(tb[NAT64_A_COUNT_DENY]));
		if (tb[NAT64_A_COUNT_POOL4]) {
			json_u64("pool4", get_u32(tb[NAT64_A_COUNT_POOL4]));
			json_u64("bib", get_u32(tb[NAT64_A_COUNT_BIB]));
			json_u64("sessions", get_u32(tb[NAT64_A_COUNT_SESSION]));
			if (tb[NAT64_A_COUNT_BUCKETS])
				json_u64("buckets", get_u32(tb[NAT64_A_COUNT_BUCKETS]));
		}
		if (tb[NAT64_A_COUNT_OPTPOOL]) {
			json_bool("tcp-option-mode", get_u8(tb[NAT64_A_TCP_OPTION_MODE]));
			json_u64("optpool", get_u32(tb[NAT64_A_COUNT_OPTPOOL]));
			json_u64("optclient", get_u32(tb[NAT64_A_COUNT_OPTCLIENT]));
			json_u64("optdest", get_u32(tb[NAT64_A_COUNT_OPTDEST]));
		}
		if (tb[NAT64_A_COUNT_HOSTFLOW])
			json_u64("hostflows", get_u32(tb[NAT64_A_COUNT_HOSTFLOW]));
		json_object_end();
	} else {
		printf("mode %s enabled %s prefixes %u eam %u pool6791 %u deny %u",
		       mode <= NAT64_MODE_HOST ? modes[mode] : "unknown",
		       get_u8(tb[NAT64_A_ENABLED]) ? "on" : "off",
		       get_u32(tb[NAT64_A_COUNT_PREFIX]), get_u32(tb[NAT64_A_COUNT_EAM]),
		       get_u32(tb[NAT64_A_COUNT_POOL6791]), get_u32(tb[NAT64_A_COUNT_DENY]));
		/* Stateful counts only in mode nat64 (the kernel sends them then). */
		if (tb[NAT64_A_COUNT_POOL4])
			printf(" pool4 %u bib %u sessions %u", get_u32(tb[NAT64_A_COUNT_POOL4]),
			       get_u32(tb[NAT64_A_COUNT_BIB]), get_u32(tb[NAT64_A_COUNT_SESSION]));
		if (tb[NAT64_A_COUNT_BUCKETS])
			printf(" buckets %u", get_u32(tb[NAT64_A_COUNT_BUCKETS]));
		if (tb[NAT64_A_COUNT_OPTPOOL])
			printf(" tcp-option-mode %s optpool %u optclient %u optdest %u",
			       get_u8(tb[NAT64_A_TCP_OPTION_MODE]) ? "on" : "off",
			       get_u32(tb[NAT64_A_COUNT_OPTPOOL]),
			       get_u32(tb[NAT64_A_COUNT_OPTCLIENT]),
			       get_u32(tb[NAT64_A_COUNT_OPTDEST]));
		if (tb[NAT64_A_COUNT_HOSTFLOW])
			printf(" hostflows %u", get_u32(tb[NAT64_A_COUNT_HOSTFLOW]));
		putchar('\n');
	}
	return MNL_CB_OK;
}

static int instance_add(int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_INSTANCE_ADD);
	static const char *const keys[] = { "mode", NULL };

	while (argc > 0) {
		int mode;

		if (kw_pick("instance add option", argv[0], keys) < 0)
			return EXIT_USAGE;
		if (argc < 2) {
			err_msg("missing value for \"mode\"; valid: siit, nat64, host");
			return EXIT_USAGE;
		}
		mode = kw_pick("mode", argv[1], modes);
		if (mode < 0)
			return EXIT_USAGE;
		mnl_attr_put_u8(nlh, NAT64_A_MODE, mode);
		argc -= 2;
		argv += 2;
	}
	return nl_do(nlh, NULL, NULL);
}

int cmd_instance(int argc, char **argv)
{
	static const char *const cmds[] = { "add", "del", "show", NULL };
	int c = cmd_pick("instance command", cmds, 2, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	switch (c) {
	case 0:
		return instance_add(argc, argv);
	case 1:
		if (!no_more_args(argc, argv))
			return EXIT_USAGE;
		return nl_do(nl_req(NAT64_CMD_INSTANCE_DEL), NULL, NULL);
	default:
		if (!no_more_args(argc, argv))
			return EXIT_USAGE;
		return nl_do(nl_req(NAT64_CMD_INSTANCE_GET), show_cb, NULL);
	}
}
