// SPDX-License-Identifier: GPL-2.0
/*
 * Usage text, one block per object: "nat64ctl help" prints them all,
 * "nat64ctl OBJECT help" (or -h after the object) only that object's.
 */
#include <stdio.h>
#include <string.h>
#include "nat64ctl.h"

static const struct {
	const char *object;	/* NULL: a heading of the full usage */
	const char *text;
} blocks[] = {
	{ "instance", "  instance add [mode siit|nat64|host] | del | show\n" },
	{ "prefix", "  prefix   add PREFIX6/LEN | del PREFIX6/LEN | show | flush\n"
		    "           (LEN 32, 40, 48, 56, 64 or 96)\n" },
	{ "eam", "  eam      add PREFIX6/LEN PREFIX4/LEN | del PREFIX6/LEN|PREFIX4/LEN | show | flush\n"
		 "           (128 - IPv6 LEN = 32 - IPv4 LEN)\n" },
	{ "pool6791", "  pool6791 add PREFIX4/LEN | del PREFIX4/LEN | show | flush\n" },
	{ "deny", "  deny     add PREFIX4/LEN | del PREFIX4/LEN | show | flush\n" },
	{ "settings",
	  "  settings show | set KEY VALUE [KEY VALUE...]\n"
	  "           tos copy|0..255  traffic-class copy|0..255  udp-zero-csum compute|drop\n"
	  "           lowest-ipv6-mtu 1280..65535  enabled on|off  local-translation on|off\n"
	  "           pool6791-fallback own-address|drop  pool6791v6 PREFIX6/LEN|none\n"
	  "           eam-hairpin off|simple|intrinsic\n"
	  "           nat64: tcp-est-timeout tcp-trans-timeout udp-timeout icmp-timeout\n"
	  "           syn-hold-timeout SECONDS  filtering endpoint-independent|address-dependent\n"
	  "           filter-icmp-reply on|off  drop-external-tcp on|off  log-mappings on|off\n"
	  "           preserve-port on|off\n"
	  "           max-bib N  max-sessions N  max-held-syn N  tcp-option-mode on|off\n"
	  "           host: host-idle-timeout SECONDS  host-max-flows N\n" },
	{ "stats", "  stats    show | reset   (show: non-zero counters; -a: all)\n" },
	{ NULL, "Stateful NAT64 (instance mode nat64):\n" },
	{ "pool4",
	  "  pool4    add PREFIX4[/LEN] [tcp|udp|icmp] [PORT|MIN-MAX] [force]\n"
	  "           | del PREFIX4[/LEN] [PROTO] [PORT|MIN-MAX] | show | flush\n"
	  "           add refuses TCP/UDP ports of this host's own address that are its\n"
	  "           ephemeral or listening ports, unless \"force\" (in full) is given\n" },
	{ "bib",
	  "  bib      add tcp|udp|icmp [IPV6]:PORT [to IPV4[:PORT] | to PREFIX4/LEN [PORT|MIN-MAX]]\n"
	  "               [lifetime SECONDS|permanent] [peer PREFIX4[/LEN]...]\n"
	  "           | del tcp|udp|icmp [IPV6]:PORT|IPV4:PORT | show [PROTO] | flush [PROTO]\n" },
	{ "session", "  session  show [PROTO] | flush [PROTO]\n" },
	{ "monitor", "  monitor  [count N]     print mapping events (settings set log-mappings on)\n" },
	{ NULL, "TCP state in the packet (nat64 gateways; see tcp-option-state.rst):\n" },
	{ "key", "  key      set 0|1 HEX64|file PATH [active] | activate 0|1 | del 0|1 | show\n" },
	{ "mapkey", "  mapkey   set HEX64|file PATH\n" },
	{ "optpool", "  optpool  add PREFIX4[/LEN] | del PREFIX4[/LEN] | show | flush\n" },
	{ "optclient", "  optclient add PREFIX6/40..128 | del PREFIX6/LEN (the last one) | show | flush\n" },
	{ "optdest", "  optdest  add PREFIX4[/LEN] | del PREFIX4[/LEN] | show | flush\n" },
	{ "hostflow", "  hostflow show | flush  (instance mode host)\n" },
};

#define NR_BLOCKS (sizeof(blocks) / sizeof(blocks[0]))

static const char options[] =
	"Options (anywhere on the line; \"--\" ends them):\n"
	"  -j, --json     JSON output\n"
	"  -a, --all      stats show: all counters, including zeros (-s, --stats: the same)\n"
	"  -n, --netns NETNS\n"
	"                 act in network namespace /run/netns/NETNS\n"
	"  -V, --version  print the version\n"
	"  -h, --help     print this help\n";

static const char notes[] =
	"Words may be shortened to any unique prefix (\"inst sh\"); list = show, delete = del.\n"
	"An address without /LEN means /128 (IPv6) or /32 (IPv4). A PORT range may be one port.\n"
	"Exit status: 0 success, 1 command line error, 2 kernel or system error.\n"
	"See nat64ctl(8).\n";

void usage(FILE *f)
{
	unsigned int i;

	fprintf(f, "Usage: nat64ctl [OPTIONS] OBJECT [COMMAND [ARGS]]\n%s"
		"Objects and commands (no COMMAND means show; OBJECT help: its usage):\n", options);
	for (i = 0; i < NR_BLOCKS; i++)
		fputs(blocks[i].text, f);
	fputs("  help [OBJECT]\n", f);
	fputs(notes, f);
}

void usage_object(FILE *f, const char *object)
{
	unsigned int i;

	fprintf(f, "Usage: nat64ctl [OPTIONS] %s [COMMAND [ARGS]]\n", object);
	for (i = 0; i < NR_BLOCKS; i++)
		if (blocks[i].object && !strcmp(blocks[i].object, object))
			fputs(blocks[i].text, f);
	fputs(options, f);
	fputs(notes, f);
}
