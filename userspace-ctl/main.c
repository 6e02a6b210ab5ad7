// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl: configure the nat64 kernel module over generic netlink.
 *   nat64ctl [-j] [-s] [-n NETNS] OBJECT [COMMAND [ARGS]]
 * Options come before the object; keywords match exactly.
 */
#include <getopt.h>
#include <stdio.h>
#include "nat64ctl.h"
#include <linux/nat64.h>
#include "nl.h"

bool opt_json;
bool opt_stats;

static void usage(FILE *f)
{
	fputs("Usage: nat64ctl [OPTIONS] OBJECT [COMMAND [ARGS]]\n"
	      "Options: -j, --json     JSON output\n"
	      "         -s, --stats    show all counters, including zeros\n"
	      "         -n, --netns NETNS\n"
	      "                       act in network namespace /run/netns/NETNS\n"
	      "         -V, --version  print the version\n"
	      "         -h, --help     print this help\n"
	      "Objects and commands (no COMMAND means show):\n"
	      "  instance add [mode siit|nat64|host] | del | show\n"
	      "  prefix   add PREFIX6/LEN | del PREFIX6/LEN | show | flush\n"
	      "  eam      add PREFIX6/LEN PREFIX4/LEN | del PREFIX6/LEN|PREFIX4/LEN | show | flush\n"
	      "  pool6791 add PREFIX4/LEN | del PREFIX4/LEN | show | flush\n"
	      "  deny     add PREFIX4/LEN | del PREFIX4/LEN | show | flush\n"
	      "  settings show | set KEY VALUE [KEY VALUE...]\n"
	      "           tos copy|0..255  traffic-class copy|0..255  udp-zero-csum compute|drop\n"
	      "           lowest-ipv6-mtu 1280..65535  enabled on|off\n"
	      "           nat64: tcp-est-timeout tcp-trans-timeout udp-timeout icmp-timeout\n"
	      "           syn-hold-timeout SECONDS  filtering endpoint-independent|address-dependent\n"
	      "           filter-icmp-reply on|off  drop-external-tcp on|off  log-mappings on|off\n"
	      "           max-bib N  max-sessions N  max-held-syn N\n"
	      "  stats    show | reset\n"
	      "Stateful NAT64 (instance mode nat64):\n"
	      "  pool4    add PREFIX4[/LEN] [tcp|udp|icmp] [MIN-MAX]\n"
	      "           | del PREFIX4[/LEN] [PROTO] [MIN-MAX] | show | flush\n"
	      "  bib      add tcp|udp|icmp [IPV6]:PORT [to IPV4[:PORT] | to PREFIX4/LEN [MIN-MAX]]\n"
	      "               [lifetime SECONDS|permanent] [peer PREFIX4[/LEN]...]\n"
	      "           | del tcp|udp|icmp [IPV6]:PORT|IPV4:PORT | show [PROTO] | flush [PROTO]\n"
	      "  session  show [PROTO] | flush [PROTO]\n"
	      "  monitor  [count N]     print mapping events (settings set log-mappings on)\n"
	      "TCP state in the packet (nat64 gateways; see tcp-option-state.rst):\n"
	      "  key      set 0|1 HEX64|file PATH [active] | activate 0|1 | del 0|1 | show\n"
	      "  mapkey   set HEX64|file PATH\n"
	      "  optpool  add PREFIX4[/LEN] | del PREFIX4[/LEN] | show | flush\n"
	      "  optclient add PREFIX6/40..128 | del PREFIX6/LEN (the last one) | show | flush\n"
	      "  optdest  add PREFIX4[/LEN] | del PREFIX4[/LEN] | show | flush\n"
	      "  settings set tcp-option-mode on|off   (host: host-idle-timeout SECONDS, host-max-flows N)\n"
	      "  hostflow show | flush  (instance mode host)\n"
	      "  help\n"
	      "An address without /LEN means /128 (IPv6) or /32 (IPv4).\n"
	      "Exit status: 0 success, 1 command line error, 2 kernel or system error.\n"
	      "See nat64ctl(8).\n", f);
}

static const char *const objects[] = {
	"instance", "prefix", "eam", "pool6791", "deny", "settings", "stats",
	"pool4", "bib", "session", "monitor",
	"key", "mapkey", "optpool", "optclient", "optdest", "hostflow", "help", NULL,
};

static int (*const handlers[])(int, char **) = {
	cmd_instance, cmd_prefix, cmd_eam, cmd_pool6791, cmd_deny, cmd_settings, cmd_stats,
	cmd_pool4, cmd_bib, cmd_session, cmd_monitor,
	cmd_key, cmd_mapkey, cmd_optpool, cmd_optclient, cmd_optdest, cmd_hostflow,
};

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "stats", no_argument, NULL, 's' },
		{ "netns", required_argument, NULL, 'n' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *netns = NULL;
	int c, obj, ret;

	opterr = 0;
	/* "+": stop at the object so that its arguments are not taken as options. */
	while ((c = getopt_long(argc, argv, "+jsn:Vh", longopts, NULL)) != -1) {
		switch (c) {
		case 'j':
			opt_json = true;
			break;
		case 's':
			opt_stats = true;
			break;
		case 'n':
			netns = optarg;
			break;
		case 'V':
			printf("nat64ctl %s (netlink family %s version %d)\n", NAT64CTL_VERSION,
			       NAT64_GENL_NAME, NAT64_GENL_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		default:
			if (optopt == 'n')
				err_msg("option -n needs a network namespace name");
			else if (optopt)
				err_msg("unknown option -%c", optopt);
			else
				err_msg("unknown option \"%s\"", argv[optind - 1]);
			err_msg("try \"nat64ctl help\"");
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	obj = kw_pick("object", argv[optind], objects);
	if (obj < 0)
		return EXIT_USAGE;
	if (obj == (int)(sizeof(handlers) / sizeof(handlers[0]))) {
		usage(stdout);	/* help */
		return EXIT_OK;
	}
	if (netns) {
		ret = nl_setns(netns);
		if (ret)
			return ret;
	}
	return handlers[obj](argc - optind - 1, argv + optind + 1);
}
