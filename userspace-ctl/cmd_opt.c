// SPDX-License-Identifier: GPL-2.0
/*
 * TCP state in the packet (Documentation/tcp-option-state.rst):
 *   key set SLOT HEX64|file PATH [active] | activate SLOT | del SLOT | show
 *   mapkey set HEX64|file PATH
 *   optpool|optdest add|del PREFIX4 | show | flush
 *   optclient add|del PREFIX6/40..128 | show | flush
 *   hostflow show | flush
 * Keys never come back from the kernel: "show" prints fingerprints.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <linux/nat64.h>
#include "nat64ctl.h"
#include "json.h"
#include "nl.h"

#define KEY_LEN 32

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Exactly 64 hex digits (an optional 0x prefix). */
static bool parse_hex_key(const char *s, size_t len, uint8_t key[KEY_LEN])
{
	size_t i;

	if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		len -= 2;
	}
	if (len != 2 * KEY_LEN)
		return false;
	for (i = 0; i < KEY_LEN; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return false;
		key[i] = hi << 4 | lo;
	}
	return true;
}

/* A key file holds 32 raw bytes, or 64 hex digits (surrounding whitespace ignored). */
static bool read_key_file(const char *path, uint8_t key[KEY_LEN])
{
	char buf[160];
	ssize_t n, got = 0;
	char *s, *e;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		err_msg("cannot open key file \"%s\": %s", path, strerror(errno));
		return false;
	}
	while (got < (ssize_t)sizeof(buf) && (n = read(fd, buf + got, sizeof(buf) - got)) > 0)
		got += n;
	close(fd);
	if (got == KEY_LEN) {
		memcpy(key, buf, KEY_LEN);
		memset(buf, 0, sizeof(buf));
		return true;
	}
	s = buf;
	e = buf + got;
	while (s < e && (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r'))
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\n' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	if (got < (ssize_t)sizeof(buf) && parse_hex_key(s, e - s, key)) {
		memset(buf, 0, sizeof(buf));
		return true;
	}
	memset(buf, 0, sizeof(buf));
	err_msg("key file \"%s\" must hold 32 raw bytes or 64 hex digits", path);
	return false;
}

/*
 * "HEX64" or "file PATH"; *used gets the number of words consumed. A key is
 * 64 digits, so a shorter word ("f", "fi") is the keyword file.
 */
static bool get_key(int argc, char **argv, uint8_t key[KEY_LEN], int *used)
{
	if (argc < 1) {
		err_msg("missing key: 64 hex digits (32 bytes) or \"file PATH\"");
		return false;
	}
	if (kw_is(argv[0], "file")) {
		if (argc < 2) {
			err_msg("missing key file path after \"file\"");
			return false;
		}
		*used = 2;
		return read_key_file(argv[1], key);
	}
	*used = 1;
	if (!parse_hex_key(argv[0], strlen(argv[0]), key)) {
		err_msg("invalid key: expected exactly 64 hex digits (32 bytes) or \"file PATH\"");
		return false;
	}
	return true;
}

static bool get_slot(const char *s, uint8_t *slot)
{
	unsigned long n;

	if (parse_uint(s, 0, 1, &n) != NUM_OK) {
		err_msg("invalid key slot \"%s\"; valid: 0, 1", s);
		return false;
	}
	*slot = n;
	return true;
}

static int key_set(int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(NAT64_CMD_KEY_SET);
	uint8_t key[KEY_LEN], slot;
	int used, ret;

	if (argc < 1) {
		err_msg("key set: missing SLOT (0 or 1)");
		return EXIT_USAGE;
	}
	if (!get_slot(argv[0], &slot) || !get_key(argc - 1, argv + 1, key, &used))
		return EXIT_USAGE;
	argc -= 1 + used;
	argv += 1 + used;
	mnl_attr_put_u8(nlh, NAT64_A_KEY_SLOT, slot);
	mnl_attr_put(nlh, NAT64_A_KEY, KEY_LEN, key);
	memset(key, 0, sizeof(key));
	if (argc > 0 && kw_is(argv[0], "active")) {
		mnl_attr_put_u8(nlh, NAT64_A_KEY_ACTIVE, 1);
		argc--;
		argv++;
	}
	if (!no_more_args(argc, argv))
		return EXIT_USAGE;
	ret = nl_do(nlh, NULL, NULL);
	/* The request buffer held the key: wipe it. */
	memset(mnl_nlmsg_get_payload(nlh), 0, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);
	return ret;
}

static int key_slot_cmd(uint8_t cmd, int argc, char **argv)
{
	struct nlmsghdr *nlh = nl_req(cmd);
	uint8_t slot;

	if (argc < 1) {
		err_msg("missing key SLOT (0 or 1)");
		return EXIT_USAGE;
	}
	if (!get_slot(argv[0], &slot) || !no_more_args(argc - 1, argv + 1))
		return EXIT_USAGE;
	mnl_attr_put_u8(nlh, NAT64_A_KEY_SLOT, slot);
	if (cmd == NAT64_CMD_KEY_SET)
		mnl_attr_put_u8(nlh, NAT64_A_KEY_ACTIVE, 1);
	return nl_do(nlh, NULL, NULL);
}

struct show_state {
	bool started;
};

static void json_start(struct show_state *st)
{
	if (opt_json && !st->started) {
		json_array_begin();
		st->started = true;
	}
}

static int json_finish(struct show_state *st, int ret)
{
	if (opt_json && (st->started || ret == EXIT_OK)) {
		if (!st->started)
			json_array_begin();
		json_array_end();
	}
	return ret;
}

static bool len_ok(const struct nlattr *a, unsigned int len)
{
	return a && mnl_attr_get_payload_len(a) == len;
}

static int key_show_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	char id[20];

	if (nl_parse(nlh, tb) < 0 || !len_ok(tb[NAT64_A_KEY_ID], 8))
		return MNL_CB_ERROR;
	snprintf(id, sizeof(id), "%016" PRIx64, mnl_attr_get_u64(tb[NAT64_A_KEY_ID]));
	json_start(data);
	if (len_ok(tb[NAT64_A_KEY_SLOT], 1)) {
		unsigned int slot = mnl_attr_get_u8(tb[NAT64_A_KEY_SLOT]);
		bool active = len_ok(tb[NAT64_A_KEY_ACTIVE], 1) &&
			      mnl_attr_get_u8(tb[NAT64_A_KEY_ACTIVE]);

		if (opt_json) {
			json_object_begin(NULL);
			json_u64("slot", slot);
			json_bool("active", active);
			json_str("id", id);
			json_object_end();
		} else {
			printf("slot %u id %s%s\n", slot, id, active ? " active" : "");
		}
	} else if (opt_json) {
		json_object_begin(NULL);
		json_str("slot", "mapkey");
		json_str("id", id);
		json_object_end();
	} else {
		printf("mapkey id %s\n", id);
	}
	return MNL_CB_OK;
}

int cmd_key(int argc, char **argv)
{
	static const char *const cmds[] = { "set", "activate", "del", "show", NULL };
	struct show_state st = { false };
	int c = cmd_pick("key command", cmds, 3, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	switch (c) {
	case 0:
		return key_set(argc, argv);
	case 1:
		return key_slot_cmd(NAT64_CMD_KEY_SET, argc, argv);
	case 2:
		return key_slot_cmd(NAT64_CMD_KEY_DEL, argc, argv);
	default:
		if (!no_more_args(argc, argv))
			return EXIT_USAGE;
		return json_finish(&st, nl_dump(nl_req(NAT64_CMD_KEY_GET), key_show_cb, &st));
	}
}

int cmd_mapkey(int argc, char **argv)
{
	static const char *const cmds[] = { "set", NULL };
	struct nlmsghdr *nlh;
	uint8_t key[KEY_LEN];
	int used, ret;

	if (argc < 1) {
		err_msg("mapkey: missing command; valid: set (see \"key show\" for its id)");
		return EXIT_USAGE;
	}
	if (kw_pick("mapkey command", argv[0], cmds) < 0)
		return EXIT_USAGE;
	if (!get_key(argc - 1, argv + 1, key, &used) ||
	    !no_more_args(argc - 1 - used, argv + 1 + used))
		return EXIT_USAGE;
	nlh = nl_req(NAT64_CMD_MAPKEY_SET);
	mnl_attr_put(nlh, NAT64_A_KEY, KEY_LEN, key);
	memset(key, 0, sizeof(key));
	ret = nl_do(nlh, NULL, NULL);
	memset(mnl_nlmsg_get_payload(nlh), 0, nlh->nlmsg_len - MNL_NLMSG_HDRLEN);
	return ret;
}

/* ---- hostflow ---- */

static uint16_t get_u16(const struct nlattr *a)
{
	return len_ok(a, 2) ? mnl_attr_get_u16(a) : 0;
}

/*
 * One flow as the host sees it: REMOTE4:REMOTE_PORT4 is the gateway side
 * (T:t), ADDR4:PORT4 the host's own end (Z:z), OPTION the 20 bytes held
 * (public: they are on the wire), EXPIRES milliseconds until it is forgotten.
 */
static int hostflow_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[NAT64_A_MAX + 1];
	char peer[ADDRPORT_STRLEN], local[ADDRPORT_STRLEN], opt[41] = "";
	const uint8_t *o;
	uint32_t expires;
	unsigned int i;
	bool closing;

	if (nl_parse(nlh, tb) < 0)
		return MNL_CB_ERROR;
	if (!len_ok(tb[NAT64_A_ADDR4], 4) || !len_ok(tb[NAT64_A_REMOTE4], 4))
		return MNL_CB_ERROR;
	fmt_addr4_port(mnl_attr_get_payload(tb[NAT64_A_REMOTE4]),
		       get_u16(tb[NAT64_A_REMOTE_PORT4]), peer);
	fmt_addr4_port(mnl_attr_get_payload(tb[NAT64_A_ADDR4]), get_u16(tb[NAT64_A_PORT4]), local);
	if (len_ok(tb[NAT64_A_OPTION], 20)) {
		/* The sealed block (bytes 4..19) identifies the client to the gateways. */
		o = mnl_attr_get_payload(tb[NAT64_A_OPTION]);
		for (i = 4; i < 20; i++)
			sprintf(opt + 2 * (i - 4), "%02x", o[i]);
	}
	expires = len_ok(tb[NAT64_A_EXPIRES], 4) ? mnl_attr_get_u32(tb[NAT64_A_EXPIRES]) : 0;
	closing = len_ok(tb[NAT64_A_TCP_STATE], 1) &&
		  mnl_attr_get_u8(tb[NAT64_A_TCP_STATE]) == NAT64_TCP_TRANS;
	json_start(data);
	if (opt_json) {
		json_object_begin(NULL);
		json_str("peer", peer);
		json_str("local", local);
		json_str("option", opt);
		json_u64("expires_ms", expires);
		json_bool("closing", closing);
		json_object_end();
	} else {
		printf("%s -> %s option %s expires %u.%03us%s\n", peer, local, opt,
		       expires / 1000, expires % 1000, closing ? " closing" : "");
	}
	return MNL_CB_OK;
}

int cmd_hostflow(int argc, char **argv)
{
	static const char *const cmds[] = { "show", "flush", NULL };
	struct show_state st = { false };
	struct nlmsghdr *nlh;
	int c = cmd_pick("hostflow command", cmds, 0, &argc, &argv);

	if (c < 0)
		return EXIT_USAGE;
	if (!no_more_args(argc, argv))
		return EXIT_USAGE;
	if (c == 1) {
		nlh = nl_req(NAT64_CMD_FLUSH);
		mnl_attr_put_u8(nlh, NAT64_A_LIST, NAT64_LIST_HOSTFLOW);
		return nl_do(nlh, NULL, NULL);
	}
	return json_finish(&st, nl_dump(nl_req(NAT64_CMD_HOSTFLOW_GET), hostflow_cb, &st));
}
