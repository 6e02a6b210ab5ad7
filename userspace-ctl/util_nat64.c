// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing helpers of the stateful NAT64 commands (pool4, bib, session, monitor). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include "nat64ctl.h"

const char *const proto_words[] = { "tcp", "udp", "icmp", NULL };
static const uint8_t proto_nums[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };

int proto_num(int i)
{
	return proto_nums[i];
}

int parse_proto(const char *s)
{
	int i = kw_pick("protocol", s, proto_words);

	return i < 0 ? -1 : proto_nums[i];
}

const char *proto_name(uint8_t proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	}
	return "?";
}

/* One port number of s (for messages) within lo..65535; 0 syntax, -1 printed. */
static int get_port(const char *num, const char *s, unsigned int lo, unsigned long *out)
{
	enum num_status st = parse_uint(num, lo, 65535, out);

	if (st == NUM_NAN)
		return 0;
	if (st != NUM_OK) {
		err_msg("port %s out of range (%u-65535)%s%s%s", num, lo,
			strcmp(num, s) ? " in \"" : "", strcmp(num, s) ? s : "",
			strcmp(num, s) ? "\"" : "");
		return -1;
	}
	return 1;
}

bool parse_ports(const char *s, unsigned int lo, uint16_t *min, uint16_t *max)
{
	char buf[16];
	/* A leading '-' is a sign: "-1" is a port too small, not a range. */
	const char *dash = strchr(s + (*s == '-'), '-');
	unsigned long a, b;
	size_t n;
	int r;

	if (!dash) {
		r = get_port(s, s, lo, &a);
		b = a;
	} else {
		n = (size_t)(dash - s);
		r = 0;
		if (n > 0 && n < sizeof(buf)) {
			memcpy(buf, s, n);
			buf[n] = '\0';
			r = get_port(buf, s, lo, &a);
			if (r > 0)
				r = get_port(dash + 1, s, lo, &b);
		}
	}
	if (r < 0)
		return false;
	if (r == 0) {
		err_msg("invalid port range \"%s\" (expected PORT or MIN-MAX)", s);
		return false;
	}
	if (a > b) {
		err_msg("empty port range \"%s\" (MIN > MAX)", s);
		return false;
	}
	*min = (uint16_t)a;
	*max = (uint16_t)b;
	return true;
}

int parse_addr6_port(const char *s, struct in6_addr *a, uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN];
	const char *end;
	unsigned long p;
	size_t n;
	int r;

	if (s[0] != '[')
		return 0;
	end = strchr(s, ']');
	if (!end || end[1] != ':')
		return 0;
	n = (size_t)(end - s - 1);
	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s + 1, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1)
		return 0;
	r = get_port(end + 2, s, 0, &p);
	if (r > 0)
		*port = (uint16_t)p;
	return r;
}

int parse_addr4_port(const char *s, struct in_addr *a, uint16_t *port, bool *has_port)
{
	char buf[INET_ADDRSTRLEN];
	const char *colon = strchr(s, ':');
	unsigned long p;
	size_t n = colon ? (size_t)(colon - s) : strlen(s);
	int r;

	if (n == 0 || n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) != 1)
		return 0;
	*has_port = colon != NULL;
	if (!colon)
		return 1;
	r = get_port(colon + 1, s, 0, &p);
	if (r > 0)
		*port = (uint16_t)p;
	return r;
}

void fmt_addr6_port(const void *addr, uint16_t port, char *buf)
{
	buf[0] = '[';
	inet_ntop(AF_INET6, addr, buf + 1, INET6_ADDRSTRLEN);
	sprintf(buf + strlen(buf), "]:%u", port);
}

void fmt_addr4_port(const void *addr, uint16_t port, char *buf)
{
	inet_ntop(AF_INET, addr, buf, INET_ADDRSTRLEN);
	sprintf(buf + strlen(buf), ":%u", port);
}

void fmt_addr6(const void *addr, char *buf)
{
	inet_ntop(AF_INET6, addr, buf, INET6_ADDRSTRLEN);
}

void fmt_addr4(const void *addr, char *buf)
{
	inet_ntop(AF_INET, addr, buf, INET_ADDRSTRLEN);
}
