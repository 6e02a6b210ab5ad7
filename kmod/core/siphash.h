/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Portable SipHash-2-4 (Aumasson and Bernstein, 2012): 64-bit output, 128-bit
 * key. Plain C over byte buffers so that the option sealing code gives the
 * same results in nat64.ko, the unit tests and on any byte order. Named
 * nat64_* so it never clashes with the kernel's own <linux/siphash.h>.
 */
#ifndef NAT64_CORE_SIPHASH_H
#define NAT64_CORE_SIPHASH_H

#include "types.h"

struct nat64_siphash_key {
	u64 k0;		/* key bytes 0..7, little-endian as in the specification */
	u64 k1;		/* key bytes 8..15 */
};

/* Key from its 16-byte form (the byte order of the SipHash paper). */
void nat64_siphash_key_from_bytes(struct nat64_siphash_key *key, const u8 bytes[16]);

/* SipHash-2-4 of len bytes. */
u64 nat64_siphash(const void *data, size_t len, const struct nat64_siphash_key *key);

/*
 * The same of the 8 bytes whose little-endian value is m, without going
 * through memory: the option cipher hashes 8-byte halves on every packet.
 */
u64 nat64_siphash_u64(u64 m, const struct nat64_siphash_key *key);

#endif /* NAT64_CORE_SIPHASH_H */
