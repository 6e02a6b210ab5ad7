// SPDX-License-Identifier: GPL-2.0
/* RFC 7915 4.1 / 5.1 header field mapping. */
#include "test.h"

static const struct nat64_hdr_cfg nocfg = { .tos_override = -1, .tclass_override = -1 };

static void h6to4(void)
{
	u8 pkt[100];
	struct nat64_pkt6 p;
	struct iphdr o;
	struct in6_addr s = A6("2001:db8::1"), d = A6("64:ff9b::808:808");
	struct nat64_hdr_cfg cfg = { .tos_override = 0x20, .tclass_override = -1 };
	u8 *f;

	build6(pkt, &s, &d, IPPROTO_ICMPV6, 64, NULL, 8);
	pkt[0] = 0x6a;		/* traffic class 0xab */
	pkt[1] = 0xb1;
	pkt[2] = 0x23;		/* flow label ignored */
	nat64_parse6(pkt, 48, false, &p);
	nat64_hdr_6to4((struct ipv6hdr *)pkt, &p, A4("192.0.2.1"), A4("8.8.8.8"), 1240,
		       htons(0x4242), true, &nocfg, &o);
	CHECK(o.version == 4 && o.ihl == 5 && o.tos == 0xab && ntohs(o.tot_len) == 1260 &&
	      o.ttl == 63 && o.protocol == IPPROTO_ICMP && o.saddr == A4("192.0.2.1") &&
	      o.daddr == A4("8.8.8.8"), "6to4 basic fields (tos, length, ttl-1, proto 58->1)");
	CHECK(ntohs(o.frag_off) == 0 && ntohs(o.id) == 0x4242, "6to4 1260 bytes: DF=0, id used");
	CHECK(ref_csum(&o, 20, 0) == 0, "6to4 header checksum valid");
	nat64_hdr_6to4((struct ipv6hdr *)pkt, &p, A4("192.0.2.1"), A4("8.8.8.8"), 1241,
		       htons(0x4242), false, &cfg, &o);
	CHECK(ntohs(o.frag_off) == 0x4000 && o.ttl == 64 && o.tos == 0x20 &&
	      ref_csum(&o, 20, 0) == 0, "6to4 1261 bytes: DF=1; no ttl dec; tos override");

	/* Fragment header: id low 16 bits, offset, MF, never DF. */
	build6(pkt, &s, &d, IPPROTO_FRAGMENT, 10, NULL, 16);
	f = pkt + 40;
	memset(f, 0, 16);
	f[0] = IPPROTO_UDP;
	p16(f + 2, (185 << 3) | 1);
	f[4] = 0x12; f[5] = 0x34; f[6] = 0x56; f[7] = 0x78;
	nat64_parse6(pkt, 56, false, &p);
	nat64_hdr_6to4((struct ipv6hdr *)pkt, &p, A4("192.0.2.1"), A4("8.8.8.8"), 1400,
		       htons(0x4242), true, &nocfg, &o);
	CHECK(ntohs(o.id) == 0x5678 && ntohs(o.frag_off) == (0x2000 | 185) &&
	      o.protocol == IPPROTO_UDP && ntohs(o.tot_len) == 1420 && o.ttl == 9,
	      "6to4 fragment: id, offset, MF, no DF even when large");
	p16(f + 2, 0);	/* atomic fragment */
	nat64_parse6(pkt, 56, false, &p);
	nat64_hdr_6to4((struct ipv6hdr *)pkt, &p, A4("192.0.2.1"), A4("8.8.8.8"), 1400,
		       htons(0x4242), true, &nocfg, &o);
	CHECK(ntohs(o.frag_off) == 0 && ntohs(o.id) == 0x5678, "6to4 atomic fragment: no DF");
	CHECK(nat64_proto_6to4(58) == 1 && nat64_proto_6to4(6) == 6 && nat64_proto_4to6(1) == 58 &&
	      nat64_proto_4to6(17) == 17, "protocol number mapping");
}

static void h4to6(void)
{
	u8 pkt[60], out[60];
	struct nat64_pkt4 p;
	struct in6_addr s = A6("64:ff9b::808:808"), d = A6("2001:db8::1");
	struct nat64_hdr_cfg cfg = { .tos_override = -1, .tclass_override = 0x10 };
	u32 n;

	build4(pkt, A4("8.8.8.8"), A4("192.0.2.1"), IPPROTO_ICMP, 64, 0xabcd, 0x4000, NULL, 8);
	pkt[1] = 0xb8;
	nat64_parse4(pkt, 28, false, &p);
	n = nat64_hdr_4to6((struct iphdr *)pkt, &p, &s, &d, 8, false, true, &nocfg, out + 1);
	CHECK(n == 40 && out[1] >> 4 == 6 && ((out[1] & 0xf) << 4 | out[2] >> 4) == 0xb8 &&
	      (out[2] & 0xf) == 0 && out[3] == 0 && out[4] == 0 && g16(out + 5) == 8 &&
	      out[7] == 58 && out[8] == 63 && !memcmp(out + 9, &s, 16) &&
	      !memcmp(out + 25, &d, 16), "4to6 basic fields (unaligned out, flow label 0)");
	n = nat64_hdr_4to6((struct iphdr *)pkt, &p, &s, &d, 8, true, false, &cfg, out);
	CHECK(n == 48 && g16(out + 4) == 16 && out[6] == 44 && out[7] == 64 &&
	      ((out[0] & 0xf) << 4 | out[1] >> 4) == 0x10 && out[40] == 58 && out[41] == 0 &&
	      g16(out + 42) == 0 && g32(out + 44) == 0xabcd,
	      "4to6 with_frag: fragment header, id, tclass override, no ttl dec");
	build4(pkt, A4("8.8.8.8"), A4("192.0.2.1"), IPPROTO_UDP, 64, 0xabcd, 0x2000 | 185, NULL, 8);
	nat64_parse4(pkt, 28, false, &p);
	n = nat64_hdr_4to6((struct iphdr *)pkt, &p, &s, &d, 8, false, true, &nocfg, out);
	CHECK(n == 48 && out[6] == 44 && out[40] == 17 && g16(out + 42) == ((185 << 3) | 1) &&
	      g32(out + 44) == 0xabcd && g16(out + 4) == 16,
	      "4to6 IPv4 fragment always gets a fragment header (offset, M)");
}

void test_hdr(void)
{
	h6to4();
	h4to6();
}
