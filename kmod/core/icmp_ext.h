/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 4884 multi-part ICMP errors: the length attribute that says where the
 * "original datagram" field ends, and the extension structure after it
 * (MPLS labels, interface information, ...). A translator rewrites the
 * original datagram, so its length changes; the extension is carried over
 * as an opaque block (RFC 7915 4.2/5.2: its checksum covers only itself).
 */
#ifndef NAT64_CORE_ICMP_EXT_H
#define NAT64_CORE_ICMP_EXT_H

#include "types.h"

/* RFC 4884 4: an original datagram field with an extension is >= 128 bytes. */
#define NAT64_ICMP_EXT_MIN_QUOTE	128
/* The extension header (version, reserved, checksum). */
#define NAT64_ICMP_EXT_HLEN		4

struct nat64_icmp_ext {
	u32 quote;		/* bytes of the original datagram field */
	u32 ext_off;		/* offset of the extension in the body, if ext_len */
	u32 ext_len;		/* 0: no extension */
};

/*
 * Does this ICMP type carry a length attribute (ICMPv4 3, 11, 12 in octet 5,
 * 32-bit words; ICMPv6 1, 3 in octet 4, 64-bit words)?
 */
bool nat64_icmp_ext_type(u8 type, bool v6);

/*
 * Split the body (bytes after the 8-byte ICMP header) of an error with this
 * header. Without a usable length attribute, the whole body is the quote.
 */
void nat64_icmp_ext_split(const u8 *icmp, u32 body, bool v6, struct nat64_icmp_ext *x);

/*
 * Size the translated original datagram field when an extension of ext_len
 * bytes is kept: the translated quote (q bytes) zero padded to the word size
 * of the output family (4 or 8) and to at least 128 bytes, the whole within
 * room bytes (field + extension). When it does not fit, the quote is cut,
 * never the extension (RFC 4884 5.1). Returns the field length, or 0 when
 * even a 128-byte field leaves no room for the extension: drop it then.
 */
u32 nat64_icmp_ext_field(u32 q, u32 ext_len, u32 room, u32 word);

#endif /* NAT64_CORE_ICMP_EXT_H */
