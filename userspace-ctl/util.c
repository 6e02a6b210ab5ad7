// SPDX-License-Identifier: GPL-2.0
/* Command-line helpers: messages, exact keywords, numbers and prefixes. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nat64ctl.h"

void err_msg(const char *fmt, ...)
{
	va_list ap;

	fputs("nat64ctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int kw_pick(const char *what, const char *word, const char *const *choices)
{
	int i;

	for (i = 0; choices[i]; i++)
		if (!strcmp(word, choices[i]))
			return i;
	fprintf(stderr, "nat64ctl: unknown %s \"%s\"; valid: ", what, word);
	for (i = 0; choices[i]; i++)
		fprintf(stderr, "%s%s", i ? ", " : "", choices[i]);
	fputc('\n', stderr);
	return -1;
}

int cmd_pick(const char *what, const char *const *cmds, int dflt, int *argc, char ***argv)
{
	int c;

	if (*argc <= 0)
		return dflt;
	c = kw_pick(what, (*argv)[0], cmds);
	if (c >= 0) {
		(*argc)--;
		(*argv)++;
	}
	return c;
}

bool no_more_args(int argc, char **argv)
{
	if (argc <= 0)
		return true;
	err_msg("unexpected argument \"%s\"", argv[0]);
	return false;
}

bool parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
	unsigned long v;
	char *end;

	/* strtoul accepts signs and spaces; a number here is digits only. */
	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* Split "ADDR/LEN" into buf (the address) and the length (or dflt). */
static bool split_len(const char *s, char *buf, size_t size, unsigned int max,
		      uint8_t *len)
{
	const char *slash = strchr(s, '/');
	unsigned long l = max;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n == 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (slash && !parse_uint(slash + 1, 0, max, &l))
		return false;
	*len = (uint8_t)l;
	return true;
}

bool parse_pfx6(const char *s, struct pfx6 *p)
{
	char buf[INET6_ADDRSTRLEN];

	return split_len(s, buf, sizeof(buf), 128, &p->len) &&
	       inet_pton(AF_INET6, buf, &p->addr) == 1;
}

bool parse_pfx4(const char *s, struct pfx4 *p)
{
	char buf[INET_ADDRSTRLEN];

	return split_len(s, buf, sizeof(buf), 32, &p->len) &&
	       inet_pton(AF_INET, buf, &p->addr) == 1;
}

void fmt_pfx6(const void *addr, uint8_t len, char *buf)
{
	inet_ntop(AF_INET6, addr, buf, INET6_ADDRSTRLEN);
	sprintf(buf + strlen(buf), "/%u", len);
}

void fmt_pfx4(const void *addr, uint8_t len, char *buf)
{
	inet_ntop(AF_INET, addr, buf, INET_ADDRSTRLEN);
	sprintf(buf + strlen(buf), "/%u", len);
}
