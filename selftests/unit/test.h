/* SPDX-License-Identifier: GPL-2.0 */
/* Tiny KTAP-ish test harness and packet helpers for the core unit tests. */
#ifndef NAT64_UNIT_TEST_H
#define NAT64_UNIT_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include "core/types.h"
#include "core/addr.h"
#include "core/csum.h"
#include "core/counters.h"
#include "core/icmp_map.h"
#include "core/parse.h"
#include "core/hdr.h"
#include "core/inner.h"

void t_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
#define CHECK(cond, ...) t_ok(!!(cond), __VA_ARGS__)

struct in6_addr A6(const char *s);
__be32 A4(const char *s);
struct nat64_prefix6 P6(const char *s, unsigned int len);
struct nat64_prefix4 P4(const char *s, unsigned int len);
const char *s6(const struct in6_addr *a);	/* static buffer rotation */
const char *s4(__be32 a);
u32 rnd(void);
void rnd_fill(u8 *p, size_t n);

/* Reference checksums, computed from scratch. */
u16 ref_csum(const void *buf, size_t len, u32 init);
u32 ref_pseudo6(const struct in6_addr *s, const struct in6_addr *d, u32 len, u8 proto);
u32 ref_pseudo4(__be32 s, __be32 d, u16 len, u8 proto);

/* Packet builders: return total length. Payload is copied after the header. */
u32 build4(u8 *buf, __be32 s, __be32 d, u8 proto, u8 ttl, u16 id, u16 frag,
	   const u8 *payload, u32 plen);
u32 build6(u8 *buf, const struct in6_addr *s, const struct in6_addr *d, u8 nexthdr,
	   u8 hop, const u8 *payload, u32 plen);
/* Fill transport checksums for a full packet. */
void fix_l4_csum4(u8 *pkt);
void fix_l4_csum6(u8 *pkt, u32 l4_off, u8 proto);
static inline u16 g16(const u8 *p) { return (u16)(p[0] << 8 | p[1]); }
static inline u32 g32(const u8 *p) { return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3]; }
static inline void p16(u8 *p, u16 v) { p[0] = v >> 8; p[1] = (u8)v; }

void test_addr(void);
void test_csum(void);
void test_icmp_map(void);
void test_parse(void);
void test_hdr(void);
void test_inner(void);
void test_siphash(void);
void test_optseal(void);
void test_tcpopt(void);
void test_nat_core(void);

#endif
