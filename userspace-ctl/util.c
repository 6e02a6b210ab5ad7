// SPDX-License-Identifier: GPL-2.0
/* Command-line helpers: messages, keywords (unique prefixes), numbers and prefixes. */
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

/*
 * Other names of a command, accepted wherever the command is: "ip" users
 * type list and delete. They are not choices of their own, so "de" (del or
 * delete) is no ambiguity.
 */
static const char *alias_of(const char *choice)
{
	if (!strcmp(choice, "show"))
		return "list";
	if (!strcmp(choice, "del"))
		return "delete";
	return NULL;
}

static bool is_prefix(const char *word, const char *full)
{
	return *word && !strncmp(word, full, strlen(word));
}

static void print_choices(const char *const *choices)
{
	const char *a;
	int i;

	for (i = 0; choices[i]; i++) {
		fprintf(stderr, "%s%s", i ? ", " : "", choices[i]);
		a = alias_of(choices[i]);
		if (a)
			fprintf(stderr, " (%s)", a);
	}
	fputc('\n', stderr);
}

int kw_find(const char *word, const char *const *choices)
{
	int i, found = KW_UNKNOWN;
	const char *a;

	/* An exact match wins even when the word also starts a longer keyword. */
	for (i = 0; choices[i]; i++) {
		a = alias_of(choices[i]);
		if (!strcmp(word, choices[i]) || (a && !strcmp(word, a)))
			return i;
	}
	for (i = 0; choices[i]; i++) {
		a = alias_of(choices[i]);
		if (!is_prefix(word, choices[i]) && !(a && is_prefix(word, a)))
			continue;
		if (found >= 0)
			return KW_AMBIGUOUS;
		found = i;
	}
	return found;
}

int kw_pick(const char *what, const char *word, const char *const *choices)
{
	int i = kw_find(word, choices);
	const char *a, *sep = "";

	if (i >= 0)
		return i;
	if (i == KW_AMBIGUOUS) {
		fprintf(stderr, "nat64ctl: ambiguous %s \"%s\"; could be: ", what, word);
		for (i = 0; choices[i]; i++) {
			a = alias_of(choices[i]);
			if (is_prefix(word, choices[i]))
				fprintf(stderr, "%s%s", sep, choices[i]);
			else if (a && is_prefix(word, a))
				fprintf(stderr, "%s%s", sep, a);
			else
				continue;
			sep = ", ";
		}
		fputc('\n', stderr);
		return -1;
	}
	fprintf(stderr, "nat64ctl: unknown %s \"%s\"; valid: ", what, word);
	print_choices(choices);
	return -1;
}

bool kw_is(const char *word, const char *keyword)
{
	return is_prefix(word, keyword);
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

enum num_status parse_uint(const char *s, unsigned long min, unsigned long max,
			   unsigned long *out)
{
	const char *p = s;
	unsigned long v;
	char *end;

	/* "-5" is a number, just too small: say so rather than "not a number". */
	if (*p == '-' && p[1] >= '0' && p[1] <= '9') {
		for (p++; *p >= '0' && *p <= '9'; p++)
			;
		return *p ? NUM_NAN : NUM_SMALL;
	}
	/* strtoul accepts signs and spaces; a number here is digits only. */
	if (*s < '0' || *s > '9')
		return NUM_NAN;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (*end)
		return NUM_NAN;
	if (errno == ERANGE || v > max)
		return NUM_LARGE;
	if (v < min)
		return NUM_SMALL;
	*out = v;
	return NUM_OK;
}

const char *num_why(enum num_status st, unsigned long min, unsigned long max)
{
	static char buf[64];

	switch (st) {
	case NUM_OK:
		return "ok";
	case NUM_SMALL:
		snprintf(buf, sizeof(buf), "number too small (min %lu)", min);
		return buf;
	case NUM_LARGE:
		snprintf(buf, sizeof(buf), "number too large (max %lu)", max);
		return buf;
	default:
		return "not a number";
	}
}

/* Split "ADDR/LEN" into buf (the address) and the length (or dflt). */
static bool split_len(const char *s, char *buf, size_t size, unsigned int max,
		      uint8_t *len, bool *implied)
{
	const char *slash = strchr(s, '/');
	unsigned long l = max;
	size_t n = slash ? (size_t)(slash - s) : strlen(s);

	if (n == 0 || n >= size)
		return false;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (slash && parse_uint(slash + 1, 0, max, &l) != NUM_OK)
		return false;
	*len = (uint8_t)l;
	*implied = !slash;
	return true;
}

bool parse_pfx6(const char *s, struct pfx6 *p)
{
	char buf[INET6_ADDRSTRLEN];

	return split_len(s, buf, sizeof(buf), 128, &p->len, &p->implied) &&
	       inet_pton(AF_INET6, buf, &p->addr) == 1;
}

bool parse_pfx4(const char *s, struct pfx4 *p)
{
	char buf[INET_ADDRSTRLEN];

	return split_len(s, buf, sizeof(buf), 32, &p->len, &p->implied) &&
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
