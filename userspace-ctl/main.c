// SPDX-License-Identifier: GPL-2.0
/*
 * nat64ctl: configure the nat64 kernel module over generic netlink.
 *   nat64ctl [OPTIONS] OBJECT [COMMAND [ARGS]]
 * Options may come anywhere (iproute2 habit: "nat64ctl instance show -j");
 * words may be unique prefixes of keywords (util.c).
 */
#include <stdio.h>
#include <string.h>
#include "nat64ctl.h"
#include <linux/nat64.h>
#include "nl.h"

bool opt_json;
bool opt_stats;
bool opt_all;

static const char *const objects[] = {
	"instance", "prefix", "eam", "pool6791", "deny", "settings", "stats",
	"pool4", "bib", "session", "monitor",
	"key", "mapkey", "optpool", "optclient", "optdest", "hostflow", "help", NULL,
};
#define OBJ_HELP 17

static int (*const handlers[])(int, char **) = {
	cmd_instance, cmd_prefix, cmd_eam, cmd_pool6791, cmd_deny, cmd_settings, cmd_stats,
	cmd_pool4, cmd_bib, cmd_session, cmd_monitor,
	cmd_key, cmd_mapkey, cmd_optpool, cmd_optclient, cmd_optdest, cmd_hostflow,
};

/* Long options; their unique prefixes work too, as with getopt_long. */
static const char *const long_names[] = { "json", "stats", "all", "netns", "version", "help",
					   NULL };
static const char short_names[] = "jsanVh";

struct cmdline {
	char **words;		/* the object and its arguments, options removed */
	int nr;
	const char *netns;
	bool version, help;
};

static bool set_opt(struct cmdline *cl, char c)
{
	switch (c) {
	case 'j':
		opt_json = true;
		break;
	case 's':
		opt_stats = true;
		break;
	case 'a':
		opt_all = true;
		break;
	case 'V':
		cl->version = true;
		break;
	case 'h':
		cl->help = true;
		break;
	default:
		return false;
	}
	return true;
}

/*
 * The namespace of -n/--netns: value if given in the same word ("-nNS",
 * "--netns=NS"), else the next word. Words used (1 or 2), 0 after an error.
 */
static int netns_value(struct cmdline *cl, const char *opt, const char *value, const char *next)
{
	if (value) {
		cl->netns = value;
		return 1;
	}
	if (!next) {
		err_msg("option %s needs a network namespace name", opt);
		return 0;
	}
	cl->netns = next;
	return 2;
}

/* "--name[=value]": returns the words used (1 or 2), 0 after an error message. */
static int long_opt(struct cmdline *cl, const char *arg, const char *next)
{
	char name[16];
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	int i;

	if (n >= sizeof(name)) {
		err_msg("unknown option \"--%s\"", arg);
		return 0;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	i = kw_find(name, long_names);
	if (i == KW_AMBIGUOUS || i == KW_UNKNOWN) {
		err_msg("%s option \"--%s\"", i == KW_AMBIGUOUS ? "ambiguous" : "unknown", name);
		return 0;
	}
	if (short_names[i] != 'n') {
		if (eq) {
			err_msg("option --%s takes no value", long_names[i]);
			return 0;
		}
		set_opt(cl, short_names[i]);
		return 1;
	}
	return netns_value(cl, "--netns", eq ? eq + 1 : NULL, next);
}

/* "-js", "-nNS", "-n NS": words used, 0 after an error message. */
static int short_opts(struct cmdline *cl, const char *arg, const char *next)
{
	for (; *arg; arg++) {
		if (*arg != 'n') {
			if (!set_opt(cl, *arg)) {
				err_msg("unknown option -%c", *arg);
				return 0;
			}
			continue;
		}
		return netns_value(cl, "-n", arg[1] ? arg + 1 : NULL, next);
	}
	return 1;
}

/*
 * Take the options out of argv, wherever they are. After the object a word
 * such as "-1" is an argument (a bad one, which its command reports better
 * than "unknown option -1"); "--" ends the options.
 */
static bool parse_cmdline(int argc, char **argv, struct cmdline *cl)
{
	bool opts_done = false;
	int i, used;

	for (i = 1; i < argc; i += used) {
		const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;

		used = 1;
		if (opts_done || a[0] != '-' || !a[1] ||
		    (cl->nr > 0 && a[1] >= '0' && a[1] <= '9')) {
			cl->words[cl->nr++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			opts_done = true;
			continue;
		}
		used = a[1] == '-' ? long_opt(cl, a + 2, next) : short_opts(cl, a + 1, next);
		if (!used) {
			err_msg("try \"nat64ctl help\"");
			return false;
		}
	}
	return true;
}

int main(int argc, char **argv)
{
	struct cmdline cl = { .words = argv + 1 };
	int obj, ret;

	/* Words are compacted in place: argv + 1 has room for all of them. */
	if (!parse_cmdline(argc, argv, &cl))
		return EXIT_USAGE;
	if (cl.version) {
		printf("nat64ctl %s (netlink family %s version %d)\n", NAT64CTL_VERSION,
		       NAT64_GENL_NAME, NAT64_GENL_VERSION);
		return EXIT_OK;
	}
	if (cl.nr == 0) {
		usage(cl.help ? stdout : stderr);
		return cl.help ? EXIT_OK : EXIT_USAGE;
	}
	obj = kw_pick("object", cl.words[0], objects);
	if (obj < 0)
		return EXIT_USAGE;
	if (obj == OBJ_HELP) {
		/* help [OBJECT] */
		if (cl.nr > 1) {
			obj = kw_pick("object", cl.words[1], objects);
			if (obj < 0)
				return EXIT_USAGE;
			if (obj != OBJ_HELP) {
				usage_object(stdout, objects[obj]);
				return EXIT_OK;
			}
		}
		usage(stdout);
		return EXIT_OK;
	}
	/* No object has a command starting with 'h': any prefix of "help" is help. */
	if (cl.help || (cl.nr > 1 && kw_is(cl.words[1], "help"))) {
		usage_object(stdout, objects[obj]);
		return EXIT_OK;
	}
	if (cl.netns) {
		ret = nl_setns(cl.netns);
		if (ret)
			return ret;
	}
	return handlers[obj](cl.nr - 1, cl.words + 1);
}
