/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sealing of the TCP option state (Documentation/tcp-option-state.rst):
 * key schedule, the 128-bit tweaked Feistel cipher built on SipHash-2-4,
 * packing of the client address, and the stateless IPv6 -> IPv4 address
 * mapping of option mode. Pure computation over caller buffers.
 */
#ifndef NAT64_CORE_OPTSEAL_H
#define NAT64_CORE_OPTSEAL_H

#include "types.h"
#include "siphash.h"

#ifdef __KERNEL__
#include <linux/errno.h>
#else
#include <errno.h>
#endif

#define NAT64_OPTSEAL_SECRET_LEN	32	/* what nat64ctl sets per key */
#define NAT64_OPTSEAL_BLOCK_LEN		16	/* the sealed block in the option */
#define NAT64_OPTSEAL_ROUNDS		4
#define NAT64_OPTSEAL_MAX_CLIENTS	256	/* the index is 8 bits */
#define NAT64_OPTSEAL_MIN_CLIENT_LEN	40	/* keeps >= 32 redundancy bits */

/* A sealing key, expanded from its 32-byte secret. */
struct nat64_optseal_key {
	struct nat64_siphash_key round[NAT64_OPTSEAL_ROUNDS];	/* from secret[0..15] */
	struct nat64_siphash_key tweak;				/* from secret[16..31] */
};

/*
 * The IPv4 4-tuple a sealed block is bound to, as seen in the forward
 * direction: gateway pool address and port T:t, server Z:z. On a reply
 * segment these are its destination (T:t) and source (Z:z).
 */
struct nat64_optseal_tuple {
	__be32 pool_addr;	/* T */
	__be32 server_addr;	/* Z */
	__be16 pool_port;	/* t (= the client's source port) */
	__be16 server_port;	/* z */
};

/* Which live key opened a block. */
enum nat64_optseal_match {
	NAT64_OPTSEAL_FORGED = 0,	/* no key opened it: drop and count */
	NAT64_OPTSEAL_ACTIVE,
	NAT64_OPTSEAL_SECONDARY,
};

void nat64_optseal_key_init(struct nat64_optseal_key *key,
			    const u8 secret[NAT64_OPTSEAL_SECRET_LEN]);
/* K_map from a 32-byte secret (derived from bytes 16..31, like K_tweak). */
void nat64_optmap_key_init(struct nat64_siphash_key *kmap,
			   const u8 secret[NAT64_OPTSEAL_SECRET_LEN]);

/* Client prefixes: /40 .. /128; config checks this before use. */
bool nat64_optseal_client_len_valid(unsigned int len);

/*
 * The raw cipher: out = E_K(in XOR tweak(tuple)) and its inverse. in and out
 * may be the same buffer. Exposed for tests; use seal/open.
 */
void nat64_optseal_encrypt(const struct nat64_optseal_key *key,
			   const struct nat64_optseal_tuple *tu, const u8 *in, u8 *out);
void nat64_optseal_decrypt(const struct nat64_optseal_key *key,
			   const struct nat64_optseal_tuple *tu, const u8 *in, u8 *out);

/*
 * Plaintext packing: index (8 bits) | host bits | zeros. pack picks the
 * longest client prefix holding the address (ties: lowest index); returns 0
 * or -ENOENT when none does (or nr is 0 or over 256). unpack checks the
 * redundancy and the index, returns 0 or -EBADMSG.
 */
int nat64_optseal_pack(const struct nat64_prefix6 *clients, unsigned int nr,
		       const struct in6_addr *client, u8 pt[NAT64_OPTSEAL_BLOCK_LEN]);
int nat64_optseal_unpack(const struct nat64_prefix6 *clients, unsigned int nr,
			 const u8 pt[NAT64_OPTSEAL_BLOCK_LEN], struct in6_addr *client);

/* Seal the client address for this tuple with the active key. 0 or -ENOENT. */
int nat64_optseal_seal(const struct nat64_optseal_key *active,
		       const struct nat64_prefix6 *clients, unsigned int nr,
		       const struct in6_addr *client, const struct nat64_optseal_tuple *tu,
		       u8 block[NAT64_OPTSEAL_BLOCK_LEN]);

/*
 * Open a block received on this tuple: tries the active key, then the
 * secondary one (may be NULL). On success *client is the client address.
 */
enum nat64_optseal_match nat64_optseal_open(const struct nat64_optseal_key *active,
					    const struct nat64_optseal_key *secondary,
					    const struct nat64_prefix6 *clients, unsigned int nr,
					    const struct nat64_optseal_tuple *tu,
					    const u8 block[NAT64_OPTSEAL_BLOCK_LEN],
					    struct in6_addr *client);

/*
 * Option pool: N = sum of the prefix sizes (every address counts, network
 * and broadcast included: the pool is a routed block, not a subnet).
 * Prefixes must not overlap (config checks). nat64_optmap_addr sets
 * *out = pool[SipHash(K_map, client) mod N]; -ENOENT when N is 0.
 */
u64 nat64_optmap_pool_size(const struct nat64_prefix4 *pool, unsigned int nr);
int nat64_optmap_addr(const struct nat64_siphash_key *kmap,
		      const struct nat64_prefix4 *pool, unsigned int nr,
		      const struct in6_addr *client, __be32 *out);

#endif /* NAT64_CORE_OPTSEAL_H */
