/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal streaming JSON writer for -j output (commas handled for the caller). */
#ifndef NAT64CTL_JSON_H
#define NAT64CTL_JSON_H

#include <stdbool.h>
#include <stdint.h>

void json_array_begin(void);
void json_key_array_begin(const char *key);	/* "key":[ inside an object */
void json_array_end(void);
/* key may be NULL for an object inside an array. */
void json_object_begin(const char *key);
void json_object_end(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_bool(const char *key, bool val);

#endif /* NAT64CTL_JSON_H */
