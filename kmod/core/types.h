/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the translation core. The core is plain C over header buffers:
 * it includes nothing from netfilter or the skb API so that the same files
 * build into nat64.ko, the host unit tests and the fuzzer.
 */
#ifndef NAT64_CORE_TYPES_H
#define NAT64_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <asm/byteorder.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/types.h>
#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
#ifndef likely
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#endif
#define cpu_to_be16(x) htons(x)
#define cpu_to_be32(x) htonl(x)
#define be16_to_cpu(x) ntohs(x)
#define be32_to_cpu(x) ntohl(x)
#endif

/* The IPv6 fragment header (the kernel's struct frag_hdr is not uapi). */
struct nat64_frag_hdr {
	u8 nexthdr;
	u8 reserved;
	__be16 frag_off;	/* offset in 8-byte units << 3 | M flag */
	__be32 identification;
};
#define NAT64_FRAG6_OFFSET_MASK	0xfff8
#define NAT64_FRAG6_MF		0x0001

struct nat64_prefix6 {
	struct in6_addr addr;
	u8 len;
};

struct nat64_prefix4 {
	__be32 addr;
	u8 len;
};

#endif /* NAT64_CORE_TYPES_H */
