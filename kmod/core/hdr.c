// SPDX-License-Identifier: GPL-2.0
/*
 * IP header translation, RFC 7915 sections 4.1 (IPv4 -> IPv6) and
 * 5.1 (IPv6 -> IPv4). Headers are built in aligned locals and copied out
 * with memcpy so out may be unaligned.
 */
#include "hdr.h"
#include "csum.h"

u8 nat64_proto_6to4(u8 proto)
{
	return proto == IPPROTO_ICMPV6 ? IPPROTO_ICMP : proto;
}

u8 nat64_proto_4to6(u8 proto)
{
	return proto == IPPROTO_ICMP ? IPPROTO_ICMPV6 : proto;
}

void nat64_hdr_6to4(const struct ipv6hdr *ip6, const struct nat64_pkt6 *p,
		    __be32 saddr, __be32 daddr, u32 l4_len, __be16 id,
		    bool dec_ttl, const struct nat64_hdr_cfg *cfg, struct iphdr *out)
{
	const u8 *b = (const u8 *)ip6;
	struct iphdr h;
	u32 tot_len = sizeof(h) + l4_len;
	u16 frag;

	memset(&h, 0, sizeof(h));
	h.version = 4;
	h.ihl = 5;
	if (cfg && cfg->tos_override >= 0)
		h.tos = (u8)cfg->tos_override;
	else
		h.tos = (u8)((b[0] << 4) | (b[1] >> 4));
	h.tot_len = cpu_to_be16((u16)tot_len);
	if (p->has_frag) {
		u32 fid;

		/* Fragments keep the low 16 bits of the ID; never DF. */
		memcpy(&fid, &p->frag.identification, 4);
		h.id = cpu_to_be16((u16)be32_to_cpu(fid));
		frag = (u16)(p->frag_offset >> 3);
		if (p->more_frags)
			frag |= 0x2000;
	} else {
		h.id = id;
		frag = tot_len > NAT64_DF_THRESHOLD ? 0x4000 : 0;
	}
	h.frag_off = cpu_to_be16(frag);
	h.ttl = b[7] - (dec_ttl ? 1 : 0);
	h.protocol = nat64_proto_6to4(p->proto);
	h.saddr = saddr;
	h.daddr = daddr;
	h.check = nat64_csum_finish(nat64_csum_partial(&h, sizeof(h), 0));
	memcpy(out, &h, sizeof(h));
}

u32 nat64_hdr_4to6(const struct iphdr *ip4, const struct nat64_pkt4 *p,
		   const struct in6_addr *saddr, const struct in6_addr *daddr,
		   u32 l4_len, bool with_frag, bool dec_ttl,
		   const struct nat64_hdr_cfg *cfg, void *out)
{
	const u8 *b = (const u8 *)ip4;
	u8 tclass = (cfg && cfg->tclass_override >= 0) ? (u8)cfg->tclass_override : b[1];
	bool frag = with_frag || p->is_fragment;
	u8 h[sizeof(struct ipv6hdr) + sizeof(struct nat64_frag_hdr)];
	u32 len = sizeof(struct ipv6hdr);
	u32 plen = l4_len + (frag ? sizeof(struct nat64_frag_hdr) : 0);
	u8 proto = nat64_proto_4to6(p->proto);

	/* version 6, traffic class, flow label 0 */
	h[0] = 0x60 | (tclass >> 4);
	h[1] = (u8)(tclass << 4);
	h[2] = 0;
	h[3] = 0;
	h[4] = (u8)(plen >> 8);
	h[5] = (u8)plen;
	h[6] = frag ? IPPROTO_FRAGMENT : proto;
	h[7] = b[8] - (dec_ttl ? 1 : 0);
	memcpy(&h[8], saddr, 16);
	memcpy(&h[24], daddr, 16);
	if (frag) {
		struct nat64_frag_hdr fh;
		u16 off = (p->frag_offset & NAT64_FRAG6_OFFSET_MASK) |
			  (p->more_frags ? NAT64_FRAG6_MF : 0);
		__be16 id4;

		memcpy(&id4, b + 4, 2);
		fh.nexthdr = proto;
		fh.reserved = 0;
		fh.frag_off = cpu_to_be16(off);
		fh.identification = cpu_to_be32(be16_to_cpu(id4));
		memcpy(&h[len], &fh, sizeof(fh));
		len += sizeof(fh);
	}
	memcpy(out, h, len);
	return len;
}
