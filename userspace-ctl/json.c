// SPDX-License-Identifier: GPL-2.0
/*
 * Streaming JSON writer: tracks per nesting level whether a comma is due, so
 * callers just emit values in order. A newline ends the top-level value.
 */
#include <inttypes.h>
#include <stdio.h>
#include "json.h"

#define JSON_MAX_DEPTH 8

static bool need_comma[JSON_MAX_DEPTH];
static int depth;

static void put_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* Comma and "key": before a value at the current level. */
static void value_prefix(const char *key)
{
	if (need_comma[depth])
		putchar(',');
	need_comma[depth] = true;
	if (key) {
		put_string(key);
		putchar(':');
	}
}

static void json_open(const char *key, char c)
{
	value_prefix(key);
	putchar(c);
	if (depth < JSON_MAX_DEPTH - 1)
		depth++;
	need_comma[depth] = false;
}

static void json_close(char c)
{
	putchar(c);
	if (depth > 0)
		depth--;
	if (depth == 0) {
		putchar('\n');
		/* A new top-level value (monitor -j: one per line) needs no comma. */
		need_comma[0] = false;
	}
}

void json_array_begin(void)
{
	json_open(NULL, '[');
}

void json_key_array_begin(const char *key)
{
	json_open(key, '[');
}

void json_array_end(void)
{
	json_close(']');
}

void json_object_begin(const char *key)
{
	json_open(key, '{');
}

void json_object_end(void)
{
	json_close('}');
}

void json_str(const char *key, const char *val)
{
	value_prefix(key);
	put_string(val);
}

void json_u64(const char *key, uint64_t val)
{
	value_prefix(key);
	printf("%" PRIu64, val);
}

void json_bool(const char *key, bool val)
{
	value_prefix(key);
	fputs(val ? "true" : "false", stdout);
}
