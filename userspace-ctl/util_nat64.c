// SPDX-License-Identifier: GPL-2.0
/* Parsing and printing helpers of the stateful NAT64 commands (pool4, bib, session, monitor). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <netinet/in.h>
#include "nat64ctl.h"

static const char *const proto_words[] = { "tcp", "udp", "icmp", NULL };
static const uint8_t proto_nums[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP };

bool is_proto_word(const char *s)
{
	int i;

	for (i = 0; proto_words[i]; i++)
		if (!strcmp(s, proto_words[i]))
			return true;
	return false;
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

bool parse_range(const char *s, uint16_t *min, uint16_t *max)
{
	char buf[16];
	const char *dash = strchr(s, '-');
	unsigned long a, b;
	size_t n;

	if (!dash) {
		if (!parse_uint(s, 0, 65535, &a))
			return false;
		*min = *max = (uint16_t)a;
		return true;
	}
	n = (size_t)(dash - s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (!parse_uint(buf, 0, 65535, &a) || !parse_uint(dash + 1, 0, 65535, &b))
		return false;
	*min = (uint16_t)a;
	*max = (uint16_t)b;
	return true;
}

bool parse_addr6_port(const char *s, struct in6_addr *a, uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN];
	const char *end;
	unsigned long p;
	size_t n;

	if (s[0] != '[')
		return false;
	end = strchr(s, ']');
	if (!end || end[1] != ':')
		return false;
	n = (size_t)(end - s - 1);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s + 1, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET6, buf, a) != 1 || !parse_uint(end + 2, 0, 65535, &p))
		return false;
	*port = (uint16_t)p;
	return true;
}

bool parse_addr4_port(const char *s, struct in_addr *a, uint16_t *port, bool *has_port)
{
	char buf[INET_ADDRSTRLEN];
	const char *colon = strchr(s, ':');
	unsigned long p;
	size_t n = colon ? (size_t)(colon - s) : strlen(s);

	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, a) != 1)
		return false;
	*has_port = colon != NULL;
	if (colon) {
		if (!parse_uint(colon + 1, 0, 65535, &p))
			return false;
		*port = (uint16_t)p;
	}
	return true;
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
