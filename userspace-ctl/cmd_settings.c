// SPDX-License-Identifier: GPL-2.0
/* nat64ctl settings show | settings set KEY VALUE [KEY VALUE...] */
#include <stdio.h>
#include <string.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

static const char *const csum_words[] = { "compute", "drop", NULL };
static const char *const onoff[] = { "off", "on", NULL };

enum { K_TOS, K_TCLASS, K_UDP_CSUM, K_MTU, K_ENABLED, K_STATEFUL };
static const char *const keys[] = {
	"tos", "traffic-class", "udp-zero-csum", "lowest-ipv6-mtu", "enabled",
	/* Stateful NAT64, in the order of nat64_keys[]. */
	"tcp-est-timeout", "tcp-trans-timeout", "udp-timeout", "icmp-timeout",
	"syn-hold-timeout", "filtering", "filter-icmp-reply", "drop-external-tcp",
	"max-bib", "max-sessions", "max-held-syn", "log-mappings",
	"tcp-option-mode", "host-idle-timeout", "host-max-flows",
	"local-translation", "preserve-port", "pool6791-fallback", "pool6791v6",
	"eam-hairpin", NULL,
};

/*
 * The settings after the first five (stateful, option mode, local-translation),
 * shown when the kernel reports them. How one travels: u32 number, u8 on/off,
 * u8 keyword (index into words), or an IPv6 prefix (attr, attr + 1 = length).
 */
enum vkind { V_U32, V_ONOFF, V_WORD, V_PREFIX6 };
static const char *const filter_words[] = { "endpoint-independent", "address-dependent", NULL };
static const char *const fallback_words[] = { "own-address", "drop", NULL };
static const char *const hairpin_words[] = { "off", "simple", "intrinsic", NULL };
static const struct {
	uint16_t attr;
	enum vkind kind;
	const char *const *words;
} nat64_keys[] = {
	{ NAT64_A_TTL_TCP_EST, V_U32, NULL },
	{ NAT64_A_TTL_TCP_TRANS, V_U32, NULL },
	{ NAT64_A_TTL_UDP, V_U32, NULL },
	{ NAT64_A_TTL_ICMP, V_U32, NULL },
	{ NAT64_A_TTL_SYN_HOLD, V_U32, NULL },
	{ NAT64_A_FILTERING, V_WORD, filter_words },
	{ NAT64_A_FILTER_ICMP_REPLY, V_ONOFF, NULL },
	{ NAT64_A_DROP_EXTERNAL_TCP, V_ONOFF, NULL },
	{ NAT64_A_MAX_BIB, V_U32, NULL },
	{ NAT64_A_MAX_SESSIONS, V_U32, NULL },
	{ NAT64_A_MAX_HELD_SYN, V_U32, NULL },
	{ NAT64_A_LOG_MAPPINGS, V_ONOFF, NULL },
	/* TCP state in the packet: gateway, then host role. */
	{ NAT64_A_TCP_OPTION_MODE, V_ONOFF, NULL },
	{ NAT64_A_HOST_IDLE_TIMEOUT, V_U32, NULL },
	{ NAT64_A_HOST_MAX_FLOWS, V_U32, NULL },
	/* siit and nat64: whether this host's own packets are translated. */
	{ NAT64_A_LOCAL_TRANSLATION, V_ONOFF, NULL },
	/* nat64 */
	{ NAT64_A_PRESERVE_PORT, V_ONOFF, NULL },
	/* siit: ICMP error sources without a mapping (RFC 6791). */
	{ NAT64_A_POOL6791_FALLBACK, V_WORD, fallback_words },
	{ NAT64_A_POOL6791V6, V_PREFIX6, NULL },
	{ NAT64_A_EAM_HAIRPIN, V_WORD, hairpin_words },
};
#define NR_NAT64_KEYS (sizeof(nat64_keys) / sizeof(nat64_keys[0]))

/* A stateful setting. Ranges are the kernel's to check (it names the valid ones). */
static bool put_stateful(struct nlmsghdr *nlh, unsigned int i, const char *key, const char *v)
{
	enum num_status ns;
	struct pfx6 p6;
	unsigned long n;
	char what[64];
	int w;

	switch (nat64_keys[i].kind) {
	case V_U32:
		ns = parse_uint(v, 0, 0xffffffffUL, &n);
		if (ns != NUM_OK) {
			err_msg("invalid value \"%s\" for %s: %s", v, key,
				num_why(ns, 0, 0xffffffffUL));
			return false;
		}
		mnl_attr_put_u32(nlh, nat64_keys[i].attr, n);
		return true;
	case V_ONOFF:
		w = kw_pick("on/off value", v, onoff);
		break;
	case V_PREFIX6:
		/* "none" clears it: length 0. The kernel checks the RFC 6052 lengths. */
		memset(&p6, 0, sizeof(p6));
		if (!kw_is(v, "none") && (!parse_pfx6(v, &p6) || p6.implied)) {
			err_msg("invalid value \"%s\" for %s: expected an IPv6 prefix ADDR/LEN "
				"(LEN 32, 40, 48, 56, 64 or 96) or none", v, key);
			return false;
		}
		mnl_attr_put(nlh, nat64_keys[i].attr, sizeof(p6.addr), &p6.addr);
		mnl_attr_put_u8(nlh, nat64_keys[i].attr + 1, p6.len);
		return true;
	default:
		snprintf(what, sizeof(what), "%s value", key);
		w = kw_pick(what, v, nat64_keys[i].words);
		break;
	}
	if (w < 0)
		return false;
	mnl_attr_put_u8(nlh, nat64_keys[i].attr, w);
	return true;
}

/* "copy" (or a prefix) or 0..255 into an s16 attribute (-1 means copy). */
static bool put_override(struct nlmsghdr *nlh, uint16_t type, const char *key, const char *v)
{
	enum num_status ns;
	unsigned long n;

	if (kw_is(v, "copy")) {
		mnl_attr_put_u16(nlh, type, (uint16_t)-1);
		return true;
	}
	ns = parse_uint(v, 0, 255, &n);
	if (ns != NUM_OK) {
		err_msg("invalid value \"%s\" for %s: %s; valid: copy, 0..255", v, key,
			num_why(ns, 0, 255));
		return false;
	}
	mnl_attr_put_u16(nlh, type, (uint16_t)n);
	return true;
}

static int settings_set(int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_SETTINGS_SET);
	enum num_status ns;
	unsigned long n;
	uint32_t mark;
	int k, v;

	if (argc == 0) {
		err_msg("settings set: missing KEY VALUE; keys: tos, traffic-class, "
			"udp-zero-csum, lowest-ipv6-mtu, enabled, local-translation, "
			"pool6791-fallback, pool6791v6, eam-hairpin (nat64 mode: "
			"tcp-est-timeout, "
			"tcp-trans-timeout, udp-timeout, icmp-timeout, syn-hold-timeout, filtering, "
			"filter-icmp-reply, drop-external-tcp, max-bib, max-sessions, max-held-syn, "
			"log-mappings, preserve-port, tcp-option-mode; host mode: host-idle-timeout, "
			"host-max-flows)");
		return EXIT_USAGE;
	}
	for (; argc > 0; argc -= 2, argv += 2) {
		k = kw_pick("setting", argv[0], keys);
		if (k < 0)
			return EXIT_USAGE;
		if (argc < 2) {
			err_msg("missing value for \"%s\"", keys[k]);
			return EXIT_USAGE;
		}
		/* The kernel checks most ranges: its error then names the key. */
		mark = nl_mark(nlh);
		switch (k) {
		case K_TOS:
			if (!put_override(nlh, NAT64_A_TOS_OVERRIDE, keys[k], argv[1]))
				return EXIT_USAGE;
			break;
		case K_TCLASS:
			if (!put_override(nlh, NAT64_A_TCLASS_OVERRIDE, keys[k], argv[1]))
				return EXIT_USAGE;
			break;
		case K_UDP_CSUM:
			v = kw_pick("udp-zero-csum value", argv[1], csum_words);
			if (v < 0)
				return EXIT_USAGE;
			mnl_attr_put_u8(nlh, NAT64_A_UDP_ZERO_CSUM, v);
			break;
		case K_MTU:
			ns = parse_uint(argv[1], 1280, 65535, &n);
			if (ns != NUM_OK) {
				err_msg("invalid value \"%s\" for lowest-ipv6-mtu: %s; valid: "
					"1280..65535", argv[1], num_why(ns, 1280, 65535));
				return EXIT_USAGE;
			}
			mnl_attr_put_u32(nlh, NAT64_A_LOWEST_IPV6_MTU, n);
			break;
		case K_ENABLED:
			v = kw_pick("enabled value", argv[1], onoff);
			if (v < 0)
				return EXIT_USAGE;
			mnl_attr_put_u8(nlh, NAT64_A_ENABLED, v);
			break;
		default:
			if (!put_stateful(nlh, k - K_STATEFUL, keys[k], argv[1]))
				return EXIT_USAGE;
			break;
		}
		nl_label(nlh, mark, keys[k]);
	}
	return nl_do(nlh, NULL, NULL);
}

static int get_override(const struct nlattr *a)
{
	return a && mnl_attr_get_payload_len(a) == 2 ? (int16_t)mnl_attr_get_u16(a) : -1;
}

static unsigned int get_uint(const struct nlattr *a)
{
	if (!a)
		return 0;
	if (mnl_attr_get_payload_len(a) == 4)
		return mnl_attr_get_u32(a);
	return mnl_attr_get_payload_len(a) == 1 ? mnl_attr_get_u8(a) : 0;
}

static void show_override(const char *key, int v)
{
	if (opt_json) {
		if (v < 0)
			json_str(key, "copy");
		else
			json_u64(key, v);
	} else if (v < 0) {
		printf("%s copy\n", key);
	} else {
		printf("%s %d\n", key, v);
	}
}

static const char *word_of(const char *const *words, unsigned int v)
{
	unsigned int i;

	for (i = 0; words[i]; i++)
		if (i == v)
			return words[i];
	return "unknown";
}

static void show_prefix6(const char *key, const struct nlattr *a, const struct nlattr *l)
{
	char buf[PFX_STRLEN];
	uint8_t len = l && mnl_attr_get_payload_len(l) == 1 ? mnl_attr_get_u8(l) : 0;

	if (len && a && mnl_attr_get_payload_len(a) == 16)
		fmt_pfx6(mnl_attr_get_payload(a), len, buf);
	else
		snprintf(buf, sizeof(buf), "none");
	if (opt_json)
		json_str(key, buf);
	else
		printf("%s %s\n", key, buf);
}

/* Present only in mode nat64. */
static void show_stateful(const struct nlattr **tb)
{
	unsigned int i, v;

	for (i = 0; i < NR_NAT64_KEYS; i++) {
		const char *key = keys[K_STATEFUL + i];

		if (!tb[nat64_keys[i].attr])
			continue;
		v = get_uint(tb[nat64_keys[i].attr]);
		switch (nat64_keys[i].kind) {
		case V_U32:
			if (opt_json)
				json_u64(key, v);
			else
				printf("%s %u\n", key, v);
			break;
		case V_ONOFF:
			if (opt_json)
				json_bool(key, v);
			else
				printf("%s %s\n", key, v ? "on" : "off");
			break;
		case V_PREFIX6:
			show_prefix6(key, tb[nat64_keys[i].attr], tb[nat64_keys[i].attr + 1]);
			break;
		default:
			if (opt_json)
				json_str(key, word_of(nat64_keys[i].words, v));
			else
				printf("%s %s\n", key, word_of(nat64_keys[i].words, v));
			break;
		}
	}
}

static int show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	unsigned int csum, mtu, enabled;

	(void)data;
	if (nl_parse(nlh, tb) < 0)
		return MNL_CB_ERROR;
	csum = get_uint(tb[NAT64_A_UDP_ZERO_CSUM]);
	mtu = get_uint(tb[NAT64_A_LOWEST_IPV6_MTU]);
	enabled = get_uint(tb[NAT64_A_ENABLED]);
	if (opt_json)
		json_object_begin(NULL);
	show_override("tos", get_override(tb[NAT64_A_TOS_OVERRIDE]));
	show_override("traffic-class", get_override(tb[NAT64_A_TCLASS_OVERRIDE]));
	if (opt_json) {
		json_str("udp-zero-csum", csum ? "drop" : "compute");
		json_u64("lowest-ipv6-mtu", mtu);
		json_bool("enabled", enabled);
	} else {
		printf("udp-zero-csum %s\n", csum ? "drop" : "compute");
		printf("lowest-ipv6-mtu %u\n", mtu);
		printf("enabled %s\n", enabled ? "on" : "off");
	}
	show_stateful(tb);
	if (opt_json)
		json_object_end();
	return MNL_CB_OK;
}

int cmd_settings(int argc, char **argv)
{
	static const char *const cmds[] = { "show", "set", NULL };
	int c = cmd_pick("settings command", cmds, 0, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	if (c == 1)
		return settings_set(argc, argv);
	if (!no_more_args(argc, argv))
		return EXIT_USAGE;
	return nl_do(nl_req(NAT64_CMD_SETTINGS_GET), show_cb, NULL);
}
