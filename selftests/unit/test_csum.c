// SPDX-License-Identifier: GPL-2.0
/* Incremental checksum updates compared with full recomputation. */
#include "test.h"

/* One's complement has two zeros; a field of 0 and 0xffff verify alike. */
static int same(u16 a, u16 b)
{
	return a == b || ((a == 0 || a == 0xffff) && (b == 0 || b == 0xffff));
}

static void partial(void)
{
	u8 buf[301];
	int i, bad = 0;

	for (i = 0; i < 200; i++) {
		size_t len = rnd() % sizeof(buf);

		rnd_fill(buf, len);
		if ((u16)ntohs((__be16)nat64_csum_finish(nat64_csum_partial(buf, len, 0))) !=
		    ref_csum(buf, len, 0))
			bad++;
	}
	CHECK(!bad, "csum_partial/finish match reference (odd and even lengths)");
	memset(buf, 0xff, 64);
	CHECK(ntohs((__be16)nat64_csum_finish(nat64_csum_partial(buf, 64, 0))) == 0,
	      "all-ones data gives checksum 0");
	memset(buf, 0, 64);
	CHECK(ntohs((__be16)nat64_csum_finish(nat64_csum_partial(buf, 64, 0))) == 0xffff,
	      "all-zero data gives checksum 0xffff");
	CHECK(nat64_csum_sub16(nat64_csum_add16(0x1234, htons(0xabcd)), htons(0xabcd)) != 0 &&
	      ntohs(nat64_csum_fold16(nat64_csum_sub16(nat64_csum_add16(0x1234, htons(0xabcd)),
						       htons(0xabcd)))) == 0x1234,
	      "add16 then sub16 is identity");
}

static void l4_random(void)
{
	u8 seg[200];
	int i, bad64 = 0, bad46 = 0, exact = 0;

	for (i = 0; i < 20000; i++) {
		struct in6_addr a, b;
		__be32 x, y;
		u32 len = 8 + rnd() % 180;
		u16 c6, c4, inc;

		rnd_fill(a.s6_addr, 16);
		rnd_fill(b.s6_addr, 16);
		x = rnd();
		y = rnd();
		rnd_fill(seg, len);
		if (i % 50 == 0)
			memset(seg, 0, len);	/* edge: all-zero payload */
		p16(seg + 6, 0);
		c6 = ref_csum(seg, len, ref_pseudo6(&a, &b, len, 17));
		c4 = ref_csum(seg, len, ref_pseudo4(x, y, (u16)len, 17));
		inc = ntohs((__be16)nat64_csum_l4_6to4((__sum16)htons(c6), &a, &b, x, y));
		if (!same(inc, c4))
			bad64++;
		exact += inc == c4;
		inc = ntohs((__be16)nat64_csum_l4_4to6((__sum16)htons(c4), x, y, &a, &b));
		if (!same(inc, c6))
			bad46++;
	}
	CHECK(!bad64, "l4 6to4 incremental = full recomputation, 20000 random (%d exact)", exact);
	CHECK(!bad46, "l4 4to6 incremental = full recomputation, 20000 random");
}

static void l4_neutral(void)
{
	/* Checksum-neutral mapping: the result is the old value, even 0xffff. */
	struct nat64_prefix6 p = P6("2001:db8::", 96);
	struct in6_addr a, b;
	__be32 x = A4("192.0.2.1"), y = A4("198.51.100.2");
	u32 s4 = nat64_csum_addrs4(x, y), s6;

	nat64_rfc6052_embed(&p, x, &a);
	nat64_rfc6052_embed(&p, y, &b);
	/* Make the IPv6 pair sum like the IPv4 pair: compensate in word 5. */
	s6 = nat64_csum_addrs6(&a, &b);
	{
		u16 f6 = ntohs(nat64_csum_fold16(s6)), f4 = ntohs(nat64_csum_fold16(s4));
		u32 d = (u32)f4 + (u16)~f6;	/* f4 - f6 in one's complement */

		d = (d & 0xffff) + (d >> 16);
		p16(&a.s6_addr[10], (u16)d);
	}
	CHECK(ntohs(nat64_csum_fold16(nat64_csum_addrs6(&a, &b))) ==
	      ntohs(nat64_csum_fold16(s4)), "constructed a checksum-neutral address pair");
	CHECK(nat64_csum_l4_6to4((__sum16)htons(0xffff), &a, &b, x, y) == (__sum16)htons(0xffff) &&
	      nat64_csum_l4_6to4((__sum16)htons(0), &a, &b, x, y) == 0 &&
	      nat64_csum_l4_4to6((__sum16)htons(0x1234), x, y, &a, &b) == (__sum16)htons(0x1234),
	      "checksum-neutral change returns the old value");
}

static void icmp_random(void)
{
	u8 msg[120];
	int i, bad64 = 0, bad46 = 0;

	for (i = 0; i < 10000; i++) {
		struct in6_addr a, b;
		u32 len = 8 + rnd() % 100;
		u8 t6 = (rnd() & 1) ? 128 : 129, t4 = t6 == 128 ? 8 : 0;
		u16 c6, c4, inc;

		rnd_fill(a.s6_addr, 16);
		rnd_fill(b.s6_addr, 16);
		rnd_fill(msg, len);
		msg[0] = t6;
		msg[1] = 0;
		p16(msg + 2, 0);
		c6 = ref_csum(msg, len, ref_pseudo6(&a, &b, len, 58));
		msg[0] = t4;
		c4 = ref_csum(msg, len, 0);
		inc = ntohs((__be16)nat64_csum_icmp_6to4((__sum16)htons(c6), &a, &b, len,
							 htons(t6 << 8), htons(t4 << 8)));
		bad64 += !same(inc, c4);
		inc = ntohs((__be16)nat64_csum_icmp_4to6((__sum16)htons(c4), &a, &b, len,
							 htons(t4 << 8), htons(t6 << 8)));
		bad46 += !same(inc, c6);
	}
	CHECK(!bad64, "icmp echo 6to4 incremental = full, 10000 random");
	CHECK(!bad46, "icmp echo 4to6 incremental = full, 10000 random");
}

static void pseudo(void)
{
	struct in6_addr a = A6("2001:db8::1"), b = A6("64:ff9b::c000:221");
	u16 got, want;

	got = ntohs(nat64_csum_fold16(nat64_csum_pseudo6(&a, &b, 70000, 17)));
	want = 0xffff ^ ref_csum(NULL, 0, ref_pseudo6(&a, &b, 70000, 17));
	CHECK(got == want, "pseudo6 with a length above 16 bits");
	got = ntohs(nat64_csum_fold16(nat64_csum_pseudo4(A4("1.2.3.4"), A4("5.6.7.8"), 1500, 6)));
	want = 0xffff ^ ref_csum(NULL, 0, ref_pseudo4(A4("1.2.3.4"), A4("5.6.7.8"), 1500, 6));
	CHECK(got == want, "pseudo4");
}

void test_csum(void)
{
	partial();
	l4_random();
	l4_neutral();
	icmp_random();
	pseudo();
}
