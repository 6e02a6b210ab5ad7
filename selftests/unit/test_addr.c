// SPDX-License-Identifier: GPL-2.0
/* RFC 6052 embedding, WKP rules, EAM longest match, deny list, special addresses. */
#include "test.h"

static void rfc6052_table(void)
{
	/* RFC 6052 section 2.4, Table 1 (192.0.2.33 under each prefix length). */
	static const struct { const char *pfx; unsigned int len; const char *v6; } t[] = {
		{ "2001:db8::", 32, "2001:db8:c000:221::" },
		{ "2001:db8:100::", 40, "2001:db8:1c0:2:21::" },
		{ "2001:db8:122::", 48, "2001:db8:122:c000:2:2100::" },
		{ "2001:db8:122:300::", 56, "2001:db8:122:3c0:0:221::" },
		{ "2001:db8:122:344::", 64, "2001:db8:122:344:c0:2:2100:0" },
		{ "2001:db8:122:344::", 96, "2001:db8:122:344::192.0.2.33" },
	};
	unsigned int i;

	for (i = 0; i < 6; i++) {
		struct nat64_prefix6 p = P6(t[i].pfx, t[i].len);
		struct in6_addr want = A6(t[i].v6), got, noisy;
		__be32 back;

		nat64_rfc6052_embed(&p, A4("192.0.2.33"), &got);
		CHECK(!memcmp(&got, &want, 16), "rfc6052 embed /%u: %s", t[i].len, s6(&got));
		back = nat64_rfc6052_extract(&p, &want);
		CHECK(back == A4("192.0.2.33"), "rfc6052 extract /%u: %s", t[i].len, s4(back));
		/* The u-octet is skipped on extraction even when set. */
		noisy = want;
		noisy.s6_addr[8] = 0xff;
		if (t[i].len < 96)
			CHECK(nat64_rfc6052_extract(&p, &noisy) == A4("192.0.2.33"),
			      "rfc6052 extract /%u ignores u-octet", t[i].len);
	}
	CHECK(nat64_prefix6_len_valid(32) && nat64_prefix6_len_valid(96) &&
	      !nat64_prefix6_len_valid(33) && !nat64_prefix6_len_valid(128) &&
	      !nat64_prefix6_len_valid(0), "prefix length validity");
}

static void wkp(void)
{
	struct nat64_prefix6 w = P6("64:ff9b::", 96), lwkp = P6("64:ff9b:1::", 48);
	static const char *const nonglobal[] = {
		"0.1.2.3", "10.0.0.1", "10.255.255.255", "100.64.0.0", "100.127.255.255",
		"127.0.0.1", "169.254.3.4", "172.16.0.1", "172.31.255.255", "192.0.0.8",
		"192.0.2.33", "192.88.99.1", "192.168.1.1", "198.18.0.1", "198.19.255.255",
		"198.51.100.7", "203.0.113.9", "224.0.0.1", "239.1.1.1", "240.0.0.1",
		"255.255.255.255",
	};
	static const char *const global[] = {
		"8.8.8.8", "100.63.255.255", "100.128.0.0", "172.15.255.255", "172.32.0.0",
		"192.0.1.255", "192.0.3.0", "192.88.98.1", "198.17.255.255", "198.20.0.0",
		"203.0.114.1", "1.1.1.1", "223.255.255.254",
	};
	struct nat64_addrmap m = { .prefixes = &w, .nr_prefixes = 1 };
	struct in6_addr a6, out6;
	int r;
	unsigned int i;
	int bad = 0;
	__be32 o4;

	CHECK(nat64_prefix6_is_wkp(&w) && !nat64_prefix6_is_wkp(&lwkp), "wkp detection");
	for (i = 0; i < sizeof(nonglobal) / sizeof(nonglobal[0]); i++) {
		enum nat64_addr_result r6, r4;

		nat64_rfc6052_embed(&w, A4(nonglobal[i]), &a6);
		r6 = nat64_map_6to4(&m, &a6, &o4);
		r4 = nat64_map_4to6(&m, A4(nonglobal[i]), &out6);
		if (nat64_addr4_is_global(A4(nonglobal[i])) || r6 == NAT64_ADDR_OK ||
		    r4 == NAT64_ADDR_OK) {
			bad++;
			printf("# non-global %s accepted (%d %d)\n", nonglobal[i], r6, r4);
		}
	}
	CHECK(!bad, "wkp refuses %zu non-global IPv4 samples both ways",
	      sizeof(nonglobal) / sizeof(nonglobal[0]));
	nat64_rfc6052_embed(&w, A4("192.0.2.33"), &a6);
	r = nat64_map_6to4(&m, &a6, &o4);
	CHECK(r == NAT64_ADDR_NOT_GLOBAL,
	      "wkp 6to4 192.0.2.33 -> NOT_GLOBAL");
	r = nat64_map_4to6(&m, A4("10.1.1.1"), &out6);
	CHECK(r == NAT64_ADDR_NOT_GLOBAL,
	      "wkp 4to6 10.1.1.1 -> NOT_GLOBAL");
	bad = 0;
	for (i = 0; i < sizeof(global) / sizeof(global[0]); i++) {
		if (nat64_map_4to6(&m, A4(global[i]), &out6) != NAT64_ADDR_OK ||
		    nat64_map_6to4(&m, &out6, &o4) != NAT64_ADDR_OK || o4 != A4(global[i])) {
			bad++;
			printf("# global %s refused\n", global[i]);
		}
	}
	CHECK(!bad, "wkp accepts global IPv4 round trip");
	nat64_map_4to6(&m, A4("8.8.8.8"), &out6);
	CHECK(!memcmp(&out6, &(struct in6_addr){ .s6_addr = { 0, 0x64, 0xff, 0x9b, [12] = 8,
		8, 8, 8 } }, 16), "wkp 4to6 8.8.8.8 = 64:ff9b::808:808");

	/* RFC 8215 local-use prefix is an ordinary network-specific prefix. */
	m.prefixes = &lwkp;
	r = nat64_map_4to6(&m, A4("10.1.2.3"), &out6);
	CHECK(r == NAT64_ADDR_OK &&
	      !memcmp(&out6, &(struct in6_addr){ .s6_addr = { 0, 0x64, 0xff, 0x9b, 0, 1,
		10, 1, 0, 2, 3 } }, 16), "64:ff9b:1::/48 maps 10.1.2.3 -> %s", s6(&out6));
	r = nat64_map_6to4(&m, &out6, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4("10.1.2.3"),
	      "64:ff9b:1::/48 maps back to 10.1.2.3");
}

static void special(void)
{
	struct nat64_prefix6 p = P6("2001:db8:1::", 96);
	struct nat64_addrmap m = { .prefixes = &p, .nr_prefixes = 1 };
	static const char *const sp6[] = { "::", "::1", "::ffff:1.2.3.4", "fe80::1",
					   "febf::1", "ff02::1", "ff0e::1" };
	static const char *const sp4[] = { "0.0.0.0", "0.1.2.3", "127.0.0.1", "169.254.0.1",
					   "224.0.0.1", "239.255.255.255", "240.0.0.1",
					   "255.255.255.255" };
	struct in6_addr o6;
	unsigned int i;
	int bad = 0;
	__be32 o4;

	for (i = 0; i < sizeof(sp6) / sizeof(sp6[0]); i++) {
		struct in6_addr a = A6(sp6[i]);

		if (!nat64_addr6_is_special(&a) ||
		    nat64_map_6to4(&m, &a, &o4) != NAT64_ADDR_SPECIAL)
			bad++, printf("# %s not special\n", sp6[i]);
	}
	CHECK(!bad, "special IPv6 addresses never translated");
	bad = 0;
	for (i = 0; i < sizeof(sp4) / sizeof(sp4[0]); i++) {
		struct in6_addr e;

		nat64_rfc6052_embed(&p, A4(sp4[i]), &e);
		if (!nat64_addr4_is_special(A4(sp4[i])) ||
		    nat64_map_4to6(&m, A4(sp4[i]), &o6) != NAT64_ADDR_SPECIAL ||
		    nat64_map_6to4(&m, &e, &o4) != NAT64_ADDR_SPECIAL)
			bad++, printf("# %s not special\n", sp4[i]);
	}
	CHECK(!bad, "special IPv4 addresses never produced nor accepted");
	/* ICMPv4 error sources: illegal ones embedded for troubleshooting (RFC 7915 4.1). */
	bad = 0;
	for (i = 0; i < sizeof(sp4) / sizeof(sp4[0]); i++) {
		struct in6_addr e;
		bool mcast_bcast = (A4(sp4[i]) & htonl(0xf0000000)) == htonl(0xe0000000) ||
				   A4(sp4[i]) == htonl(0xffffffff);
		enum nat64_addr_result r = nat64_map_4to6_err_src(&m, A4(sp4[i]), &o6);

		nat64_rfc6052_embed(&p, A4(sp4[i]), &e);
		if (mcast_bcast ? r != NAT64_ADDR_SPECIAL :
		    r != NAT64_ADDR_OK || memcmp(&o6, &e, sizeof(e)))
			bad++, printf("# error source %s: %d\n", sp4[i], r);
	}
	CHECK(!bad, "ICMPv4 error sources: 0/8, 127/8, 169.254/16, 240/4 embedded, "
	      "multicast and broadcast not");
	{
		struct nat64_prefix6 w = P6("64:ff9b::", 96);
		struct nat64_addrmap mw = { .prefixes = &w, .nr_prefixes = 1 };

		CHECK(nat64_map_4to6_err_src(&mw, A4("127.0.0.1"), &o6) == NAT64_ADDR_NOT_GLOBAL,
		      "ICMPv4 error source 127.0.0.1 under the well-known prefix: not global");
		CHECK(nat64_map_4to6_err_src(&m, A4("192.0.2.9"), &o6) == NAT64_ADDR_OK &&
		      !memcmp(&o6, &(struct in6_addr){ .s6_addr = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0,
		      0, 0, 0, 0, 192, 0, 2, 9 } }, 16), "ICMPv4 error source: ordinary address");
	}
	{
		struct in6_addr a = A6("fec0::1"), b = A6("2001:db8::1");

		CHECK(!nat64_addr6_is_special(&a) && !nat64_addr6_is_special(&b) &&
		      !nat64_addr4_is_special(A4("10.0.0.1")) &&
		      !nat64_addr4_is_special(A4("223.0.0.1")), "ordinary addresses not special");
	}
}

static void helpers(void)
{
	struct nat64_prefix6 a = P6("2001:db8::", 32), b = P6("2001:db8:1::", 48),
			     c = P6("2001:db9::", 32), d = P6("2001:db8::1", 32);
	struct nat64_prefix4 x = P4("10.0.0.0", 8), y = P4("10.1.0.0", 16),
			     z = P4("11.0.0.0", 8), w = P4("10.0.0.1", 8);
	struct in6_addr in = A6("2001:db8:1::5"), out = A6("2001:db9::5");

	CHECK(nat64_prefix6_canonical(&a) && !nat64_prefix6_canonical(&d) &&
	      nat64_prefix4_canonical(&x) && !nat64_prefix4_canonical(&w), "canonical checks");
	CHECK(nat64_prefix6_match(&a, &in) && !nat64_prefix6_match(&a, &out) &&
	      nat64_prefix4_match(&y, A4("10.1.2.3")) && !nat64_prefix4_match(&y, A4("10.2.0.0")),
	      "prefix match");
	CHECK(nat64_prefix6_overlap(&a, &b) && nat64_prefix6_overlap(&b, &a) &&
	      !nat64_prefix6_overlap(&a, &c) && nat64_prefix4_overlap(&x, &y) &&
	      !nat64_prefix4_overlap(&x, &z), "prefix overlap");
}

/* The pieces the stateful engine rebuilds Y' from (kmod/nat/remote6.c). */
static void rfc6052_parts(void)
{
	struct nat64_prefix6 pf[] = { P6("2001:db8:64::", 96), P6("2001:db8:6464::", 64),
				      P6("2001:db8::", 32) };
	struct nat64_addrmap m = { .prefixes = pf, .nr_prefixes = 3 };
	struct in6_addr y = A6("2001:db8:6464:0:55c0:2:2100:77"), base = y;
	struct in6_addr want = A6("2001:db8:6464:0:5500::77"), other = A6("2001:db7::1");

	nat64_rfc6052_put(64, 0, &base);
	CHECK(!memcmp(&base, &want, 16), "rfc6052 put 0 clears only the IPv4 bits: %s", s6(&base));
	nat64_rfc6052_put(64, A4("192.0.2.33"), &base);
	CHECK(!memcmp(&base, &y, 16), "rfc6052 put restores them: %s", s6(&base));
	nat64_rfc6052_put(65, A4("1.2.3.4"), &base);
	CHECK(!memcmp(&base, &y, 16), "rfc6052 put ignores a bad length");
	CHECK(nat64_prefix6_find(&m, &y) == &pf[1] && nat64_prefix6_find(&m, &pf[0].addr) == &pf[0] &&
	      !nat64_prefix6_find(&m, &other), "prefix6_find: the prefix a 6 -> 4 mapping uses");
}

static struct nat64_eam E(const char *a6, unsigned int l6, const char *a4, unsigned int l4)
{
	struct nat64_eam e = { .p6 = P6(a6, l6), .p4 = P4(a4, l4) };

	return e;
}

static void eam_basic(void)
{
	struct nat64_eam t6[4], t4[4];
	struct nat64_prefix6 p = P6("2001:db8:1::", 96);
	struct nat64_prefix4 deny = P4("203.0.113.0", 28);
	struct nat64_addrmap m = { .prefixes = &p, .nr_prefixes = 1, .eam6 = t6, .eam4 = t4,
				   .nr_eam = 4 };
	struct in6_addr o6, a;
	int r;
	__be32 o4;

	t6[0] = E("2001:db8:1::", 120, "203.0.113.0", 24);
	t6[1] = E("2001:db8:2::5", 128, "203.0.113.5", 32);
	t6[2] = E("2001:db8:1::80", 121, "198.51.100.128", 25);
	t6[3] = E("2001:db8:3::", 96, "0.0.0.0", 0);	/* whole IPv4 space, never matched first */
	memcpy(t4, t6, sizeof(t6));
	nat64_eam_sort6(t6, 4);
	nat64_eam_sort4(t4, 4);
	CHECK(t6[0].p6.len == 128 && t6[1].p6.len == 121 && t6[3].p6.len == 96 &&
	      t4[0].p4.len == 32 && t4[3].p4.len == 0, "eam sort by length descending");

	a = A6("2001:db8:1::7");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4("203.0.113.7"),
	      "eam 6to4 /120: %s", s4(o4));
	a = A6("2001:db8:1::85");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4("198.51.100.133"),
	      "eam 6to4 longest (/121): %s", s4(o4));
	a = A6("2001:db8:2::5");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4("203.0.113.5"),
	      "eam 6to4 /128: %s", s4(o4));
	r = nat64_map_4to6(&m, A4("203.0.113.5"), &o6);
	CHECK(r == NAT64_ADDR_OK &&
	      !memcmp(&o6, &(struct in6_addr){ .s6_addr = { 0x20, 0x01, 0xd, 0xb8, 0, 2,
		[15] = 5 } }, 16), "eam 4to6 longest (/32): %s", s6(&o6));
	r = nat64_map_4to6(&m, A4("203.0.113.9"), &o6);
	CHECK(r == NAT64_ADDR_OK &&
	      !memcmp(&o6, &(struct in6_addr){ .s6_addr = { 0x20, 0x01, 0xd, 0xb8, 0, 1,
		[15] = 9 } }, 16), "eam 4to6 checked before prefix: %s", s6(&o6));
	r = nat64_map_4to6(&m, A4("198.51.100.133"), &o6);
	CHECK(r == NAT64_ADDR_OK &&
	      !memcmp(&o6, &(struct in6_addr){ .s6_addr = { 0x20, 0x01, 0xd, 0xb8, 0, 1,
		[15] = 0x85 } }, 16), "eam 4to6 /25: %s", s6(&o6));
	r = nat64_map_4to6(&m, A4("8.8.8.8"), &o6);
	CHECK(r == NAT64_ADDR_OK &&
	      o6.s6_addr[5] == 3 && o6.s6_addr[12] == 8, "eam /0 catches the rest: %s", s6(&o6));
	a = A6("2001:db8:1::cb00:7109");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4("203.0.113.9"),
	      "prefix used when no eam matches: %s", s4(o4));
	a = A6("2001:db8:9::1");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "no mapping 6to4");
	m.nr_eam = 0;
	m.nr_prefixes = 0;
	r = nat64_map_4to6(&m, A4("8.8.8.8"), &o6);
	CHECK(r == NAT64_ADDR_NO_MAPPING,
	      "no mapping 4to6 without prefix");

	/* Deny list: never accept nor produce a denied IPv4 address. */
	m.nr_eam = 4;
	m.nr_prefixes = 1;
	m.deny = &deny;
	m.nr_deny = 1;
	r = nat64_map_4to6(&m, A4("203.0.113.5"), &o6);
	CHECK(r == NAT64_ADDR_DENIED,
	      "deny 4to6 (eam)");
	a = A6("2001:db8:1::7");	/* eam /120 -> 203.0.113.7 */
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_DENIED, "deny 6to4 via eam");
	a = A6("2001:db8:1::cb00:7109");
	r = nat64_map_6to4(&m, &a, &o4);
	CHECK(r == NAT64_ADDR_DENIED, "deny 6to4 via prefix");
	r = nat64_map_4to6(&m, A4("203.0.113.16"), &o6);
	CHECK(r == NAT64_ADDR_OK,
	      "deny leaves neighbours alone");
}

/* 8192 random entries: compare with a brute-force longest match. */
static void eam_large(void)
{
	enum { N = 8192 };
	static struct nat64_eam t6[N], t4[N], raw[N];
	struct nat64_addrmap m = { .eam6 = t6, .eam4 = t4, .nr_eam = N };
	int i, j, bad6 = 0, bad4 = 0;

	for (i = 0; i < N; i++) {
		unsigned int l4 = 16 + rnd() % 17;	/* 16..32 */
		u32 v = (rnd() & 0x00ffffff) | 0x0b000000;	/* 11/8: not special */
		u32 mask = l4 ? ~0U << (32 - l4) : 0;

		memset(&raw[i], 0, sizeof(raw[i]));
		raw[i].p4.len = (u8)l4;
		raw[i].p4.addr = htonl(v & mask);
		raw[i].p6.len = (u8)(96 + l4);
		raw[i].p6.addr = A6("2001:db8:aa::");
		raw[i].p6.addr.s6_addr[11] = (u8)(rnd() & 3);
		v = htonl(rnd() & mask);
		memcpy(&raw[i].p6.addr.s6_addr[12], &v, 4);
	}
	memcpy(t6, raw, sizeof(raw));
	memcpy(t4, raw, sizeof(raw));
	nat64_eam_sort6(t6, N);
	nat64_eam_sort4(t4, N);
	for (i = 0; i < 20000; i++) {
		const struct nat64_eam *e = &raw[rnd() % N];
		struct in6_addr a = e->p6.addr, o6;
		__be32 a4 = e->p4.addr, o4, want4 = 0;
		int best = -1;
		u32 h = rnd();

		/* Random host bits under a random entry. */
		a.s6_addr[15] ^= (u8)(h & 0xff);
		a.s6_addr[14] ^= (u8)((h >> 8) & 0xff);
		a4 ^= htonl(h & 0xffff);
		for (j = 0; j < N; j++)
			if (nat64_prefix6_match(&raw[j].p6, &a) &&
			    (best < 0 || raw[j].p6.len > raw[best].p6.len))
				best = j;
		if (best >= 0) {
			u32 host = ntohl(*(u32 *)&a.s6_addr[12]) &
				   (raw[best].p4.len == 32 ? 0 : ~0U >> raw[best].p4.len);

			want4 = htonl(ntohl(raw[best].p4.addr) | host);
		}
		if (nat64_map_6to4(&m, &a, &o4) != (best >= 0 ? NAT64_ADDR_OK :
						    NAT64_ADDR_NO_MAPPING) ||
		    (best >= 0 && o4 != want4)) {
			/* Equal-length duplicates may legitimately differ. */
			int k, dup = 0;

			for (k = 0; k < N; k++)
				if (k != best && raw[k].p6.len == raw[best].p6.len &&
				    nat64_prefix6_match(&raw[k].p6, &a))
					dup = 1;
			bad6 += !dup;
		}
		best = -1;
		for (j = 0; j < N; j++)
			if (nat64_prefix4_match(&raw[j].p4, a4) &&
			    (best < 0 || raw[j].p4.len > raw[best].p4.len))
				best = j;
		if (best >= 0) {
			int r = nat64_map_4to6(&m, a4, &o6);
			struct in6_addr w = raw[best].p6.addr;
			u32 host = ntohl(a4) & (raw[best].p4.len == 32 ? 0 :
						~0U >> raw[best].p4.len), low;

			memcpy(&low, &w.s6_addr[12], 4);
			low = htonl(ntohl(low) | host);
			memcpy(&w.s6_addr[12], &low, 4);
			if (r != NAT64_ADDR_OK || memcmp(&o6, &w, 16)) {
				int k, dup = 0;

				for (k = 0; k < N; k++)
					if (k != best && raw[k].p4.len == raw[best].p4.len &&
					    nat64_prefix4_match(&raw[k].p4, a4))
						dup = 1;
				bad4 += !dup;
			}
		}
	}
	CHECK(!bad6, "eam 8192 entries: 6to4 longest match = brute force (%d bad)", bad6);
	CHECK(!bad4, "eam 8192 entries: 4to6 longest match = brute force (%d bad)", bad4);
}

/* One EAM table, both copies sorted, as a config snapshot would hold it. */
struct eam_tab {
	struct nat64_eam t6[8], t4[8];
	struct nat64_addrmap m;
};

static void eam_tab_init(struct eam_tab *t, const struct nat64_eam *e, unsigned int n)
{
	memset(t, 0, sizeof(*t));
	memcpy(t->t6, e, n * sizeof(*e));
	memcpy(t->t4, e, n * sizeof(*e));
	nat64_eam_sort6(t->t6, n);
	nat64_eam_sort4(t->t4, n);
	t->m.eam6 = t->t6;
	t->m.eam4 = t->t4;
	t->m.nr_eam = n;
}

/* a6 <-> a4 both ways through m (dir: 0 both, 6: 6 -> 4 only). */
static void eam_pair(const struct nat64_addrmap *m, const char *a6, const char *a4, int dir,
		     const char *what)
{
	struct in6_addr a = A6(a6), o6;
	__be32 o4 = 0;
	int r;

	r = nat64_map_6to4(m, &a, &o4);
	CHECK(r == NAT64_ADDR_OK && o4 == A4(a4), "%s: 6to4 %s -> %s (got %s, %d)",
	      what, a6, a4, s4(o4), r);
	if (dir == 6)
		return;
	memset(&o6, 0, sizeof(o6));
	r = nat64_map_4to6(m, A4(a4), &o6);
	CHECK(r == NAT64_ADDR_OK && !memcmp(&o6, &a, 16), "%s: 4to6 %s -> %s (got %s, %d)",
	      what, a4, a6, s6(&o6), r);
}

/*
 * RFC 7757 3.2: an IPv6 suffix longer than the IPv4 suffix. The IPv4 suffix
 * bits follow the IPv6 prefix; later IPv6 bits are zero towards IPv6 and
 * ignored towards IPv4.
 */
static void eam_suffix(void)
{
	/* The example table of RFC 7757 (section 3.1): suffixes 0/0, 4/4, 6/64, 3/66, 1/1. */
	static const struct { const char *p6; unsigned int l6; const char *p4; unsigned int l4; }
	rfc[] = {
		{ "2001:db8:aaaa::", 128, "192.0.2.1", 32 },
		{ "2001:db8:bbbb::b", 128, "192.0.2.2", 32 },
		{ "2001:db8:cccc::", 124, "192.0.2.16", 28 },
		{ "2001:db8:dddd::", 64, "192.0.2.128", 26 },
		{ "2001:db8:eeee:8::", 62, "192.0.2.192", 29 },
		{ "64:ff9b::", 127, "192.0.2.224", 31 },
	};
	struct nat64_eam e[8];
	struct eam_tab t;
	struct in6_addr a, o6;
	__be32 o4;
	unsigned int i;
	int r;

	for (i = 0; i < 6; i++)
		e[i] = E(rfc[i].p6, rfc[i].l6, rfc[i].p4, rfc[i].l4);
	eam_tab_init(&t, e, 6);
	eam_pair(&t.m, "2001:db8:aaaa::", "192.0.2.1", 0, "rfc7757 table /128-/32");
	eam_pair(&t.m, "2001:db8:bbbb::b", "192.0.2.2", 0, "rfc7757 table /128-/32");
	eam_pair(&t.m, "2001:db8:cccc::4", "192.0.2.20", 0, "rfc7757 table /124-/28");
	eam_pair(&t.m, "2001:db8:dddd:0:400::", "192.0.2.129", 0, "rfc7757 table /64-/26");
	eam_pair(&t.m, "2001:db8:dddd:0:fc00::", "192.0.2.191", 0, "rfc7757 table /64-/26");
	eam_pair(&t.m, "2001:db8:dddd::", "192.0.2.128", 0, "rfc7757 table /64-/26");
	/* /62: the 3 suffix bits straddle the 64-bit boundary (bits 62, 63 and 64). */
	eam_pair(&t.m, "2001:db8:eeee:9:8000::", "192.0.2.195", 0, "rfc7757 table /62-/29");
	eam_pair(&t.m, "2001:db8:eeee:b:8000::", "192.0.2.199", 0, "rfc7757 table /62-/29");
	eam_pair(&t.m, "2001:db8:eeee:a::", "192.0.2.196", 0, "rfc7757 table /62-/29");
	eam_pair(&t.m, "64:ff9b::1", "192.0.2.225", 0, "rfc7757 table /127-/31");
	/* Bits past the IPv4 suffix are ignored towards IPv4. */
	eam_pair(&t.m, "2001:db8:dddd:0:403:ffff:ffff:ffff", "192.0.2.129", 6,
		 "rfc7757 table /64-/26 trailing bits");
	eam_pair(&t.m, "2001:db8:eeee:9:7fff::1", "192.0.2.194", 6,
		 "rfc7757 table /62-/29 trailing bits");

	/* The entry: 198.51.100.0/24 <-> 2001:db8:1c6:3364::/72. */
	e[0] = E("2001:db8:1c6:3364::", 72, "198.51.100.0", 24);
	eam_tab_init(&t, e, 1);
	eam_pair(&t.m, "2001:db8:1c6:3364:5::", "198.51.100.5", 0, "/72-/24");
	eam_pair(&t.m, "2001:db8:1c6:3364:ff::", "198.51.100.255", 0, "/72-/24");
	eam_pair(&t.m, "2001:db8:1c6:3364::", "198.51.100.0", 0, "/72-/24");
	eam_pair(&t.m, "2001:db8:1c6:3364:5:abcd::1", "198.51.100.5", 6, "/72-/24 trailing bits");
	eam_pair(&t.m, "2001:db8:1c6:3364:80:ffff:ffff:ffff", "198.51.100.128", 6,
		 "/72-/24 trailing bits all ones");
	/* Bit 71 belongs to the prefix: 2001:db8:1c6:3364:100:: is outside. */
	a = A6("2001:db8:1c6:3364:105::");
	r = nat64_map_6to4(&t.m, &a, &o4);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "/72-/24: %s is outside the /72 (%d)", s6(&a), r);
	a = A6("2001:db8:1c6:3365:5::");
	r = nat64_map_6to4(&t.m, &a, &o4);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "/72-/24: %s is outside the /72 (%d)", s6(&a), r);
	r = nat64_map_4to6(&t.m, A4("198.51.101.5"), &o6);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "/72-/24: 198.51.101.5 is outside the /24 (%d)", r);

	/* Whole IPv6 prefixes onto one IPv4 address: /32 <-> /64 and /32 <-> /96. */
	e[0] = E("2001:db8:9:9::", 64, "198.51.100.9", 32);
	e[1] = E("2001:db8:a::", 96, "198.51.100.10", 32);
	eam_tab_init(&t, e, 2);
	eam_pair(&t.m, "2001:db8:9:9::", "198.51.100.9", 0, "/64-/32");
	eam_pair(&t.m, "2001:db8:9:9:1234:5678:9abc:def0", "198.51.100.9", 6, "/64-/32 any IID");
	eam_pair(&t.m, "2001:db8:a::", "198.51.100.10", 0, "/96-/32");
	eam_pair(&t.m, "2001:db8:a::ffff:ffff", "198.51.100.10", 6, "/96-/32 any suffix");

	/* Short IPv6 prefixes: /32 <-> /24 puts the 8 bits at 32..39; /8 <-> 0.0.0.0/0. */
	e[0] = E("2001:db8::", 32, "203.0.113.0", 24);
	e[1] = E("3f00::", 8, "0.0.0.0", 0);
	eam_tab_init(&t, e, 2);
	eam_pair(&t.m, "2001:db8:700::", "203.0.113.7", 0, "/32-/24");
	eam_pair(&t.m, "2001:db8:7ff:ffff::1", "203.0.113.7", 6, "/32-/24 trailing bits");
	eam_pair(&t.m, "3f08:808:800::", "8.8.8.8", 0, "/8-/0");
	eam_pair(&t.m, "3fc6:3364:100::", "198.51.100.1", 0, "/8-/0");

	/* Longest match is per family: the IPv4 /32 wins 4 -> 6, the IPv6 /128 6 -> 4. */
	e[0] = E("2001:db8:1c6:3364::", 72, "198.51.100.0", 24);
	e[1] = E("2001:db8:6::2", 128, "198.51.100.2", 32);
	e[2] = E("2001:db8:1c6:3364:7::", 80, "192.0.2.7", 32);
	eam_tab_init(&t, e, 3);
	eam_pair(&t.m, "2001:db8:6::2", "198.51.100.2", 0, "overlap: /32 wins");
	eam_pair(&t.m, "2001:db8:1c6:3364:2::", "198.51.100.2", 6, "overlap: 6to4 under the /72");
	eam_pair(&t.m, "2001:db8:1c6:3364:7::", "192.0.2.7", 0, "overlap: /80 wins over /72");
	eam_pair(&t.m, "2001:db8:1c6:3364:7:1::", "192.0.2.7", 6, "overlap: /80 trailing bits");
	eam_pair(&t.m, "2001:db8:1c6:3364:8::", "198.51.100.8", 0, "overlap: /72 next to the /80");
	r = nat64_map_4to6(&t.m, A4("198.51.100.7"), &o6);
	a = A6("2001:db8:1c6:3364:7::");
	CHECK(r == NAT64_ADDR_OK && !memcmp(&o6, &a, 16),
	      "overlap: 198.51.100.7 -> %s (4to6 picks the IPv4 /24)", s6(&o6));

	/* An IPv6 suffix shorter than the IPv4 one is refused at netlink; it never matches. */
	e[0] = E("2001:db8:1::", 120, "192.0.2.0", 23);
	eam_tab_init(&t, e, 1);
	a = A6("2001:db8:1::5");
	r = nat64_map_6to4(&t.m, &a, &o4);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "IPv6 suffix shorter than IPv4: ignored 6to4 (%d)", r);
	r = nat64_map_4to6(&t.m, A4("192.0.2.5"), &o6);
	CHECK(r == NAT64_ADDR_NO_MAPPING, "IPv6 suffix shorter than IPv4: ignored 4to6 (%d)", r);
}

/* Bit i (0 = most significant) of an IPv6 address, written out plainly. */
static int bit6(const struct in6_addr *a, unsigned int i)
{
	return a->s6_addr[i / 8] >> (7 - i % 8) & 1;
}

/*
 * Random tables of mixed suffix lengths against a bit-by-bit reference of
 * RFC 7757 3.2 and a brute-force longest match over the unsorted entries.
 */
static void eam_mixed_random(void)
{
	enum { N = 2048 };
	static struct nat64_eam t6[N], t4[N], raw[N];
	struct nat64_addrmap m = { .eam6 = t6, .eam4 = t4, .nr_eam = N };
	int i, j, k, bad6 = 0, bad4 = 0, checked6 = 0, checked4 = 0, trailing = 0;

	for (i = 0; i < N; i++) {
		unsigned int l4 = 8 + rnd() % 25;		/* 8..32 */
		unsigned int s4 = 32 - l4, extra = rnd() % 3 ? rnd() % 41 : 0;
		unsigned int l6 = 128 - s4 - extra;		/* suffix 0..40 bits longer */
		u32 v = ((rnd() & 0x00ffffff) | 0x0b000000) & (l4 ? ~0U << s4 : 0);

		memset(&raw[i], 0, sizeof(raw[i]));
		raw[i].p4.len = (u8)l4;
		raw[i].p4.addr = htonl(v);
		raw[i].p6.len = (u8)l6;
		/* 2001:db8::/32, then random bits up to l6, canonical past it. */
		raw[i].p6.addr = A6("2001:db8::");
		for (j = 32; j < (int)l6; j++)
			if (rnd() & 1)
				raw[i].p6.addr.s6_addr[j / 8] |= (u8)(0x80 >> (j % 8));
		/* Duplicate prefixes on either side are refused at netlink. */
		for (k = 0; k < i; k++)
			if ((raw[k].p6.len == raw[i].p6.len &&
			     !memcmp(&raw[k].p6.addr, &raw[i].p6.addr, 16)) ||
			    (raw[k].p4.len == raw[i].p4.len && raw[k].p4.addr == raw[i].p4.addr))
				break;
		if (k < i)
			i--;
	}
	memcpy(t6, raw, sizeof(raw));
	memcpy(t4, raw, sizeof(raw));
	nat64_eam_sort6(t6, N);
	nat64_eam_sort4(t4, N);
	for (i = 0; i < 20000; i++) {
		const struct nat64_eam *e = &raw[rnd() % N], *b;
		struct in6_addr a = e->p6.addr, o6, w;
		__be32 a4, o4;
		u32 host = 0;
		int best = -1, r;

		/* Random bits past the prefix: suffix and trailing bits alike. */
		for (j = e->p6.len; j < 128; j++)
			if (rnd() & 1)
				a.s6_addr[j / 8] ^= (u8)(0x80 >> (j % 8));
		for (j = 0; j < N; j++)
			if (nat64_prefix6_match(&raw[j].p6, &a) &&
			    (best < 0 || raw[j].p6.len > raw[best].p6.len))
				best = j;
		b = &raw[best];
		for (j = 0; j < 32 - b->p4.len; j++)
			host = host << 1 | (u32)bit6(&a, b->p6.len + j);
		r = nat64_map_6to4(&m, &a, &o4);
		checked6++;
		if (r != NAT64_ADDR_OK || ntohl(o4) != (ntohl(b->p4.addr) | host))
			bad6++;
		for (j = b->p6.len + 32 - b->p4.len; j < 128; j++)
			trailing += bit6(&a, j);

		/* 4 -> 6 from an address under the same entry's IPv4 prefix. */
		a4 = htonl(ntohl(e->p4.addr) | (e->p4.len == 32 ? 0 : rnd() & (~0U >> e->p4.len)));
		best = -1;
		for (j = 0; j < N; j++)
			if (nat64_prefix4_match(&raw[j].p4, a4) &&
			    (best < 0 || raw[j].p4.len > raw[best].p4.len))
				best = j;
		b = &raw[best];
		w = b->p6.addr;
		for (j = 0; j < 32 - b->p4.len; j++) {
			unsigned int pos = b->p6.len + j;

			if (ntohl(a4) >> (31 - b->p4.len - j) & 1)
				w.s6_addr[pos / 8] |= (u8)(0x80 >> (pos % 8));
		}
		r = nat64_map_4to6(&m, a4, &o6);
		checked4++;
		if (r != NAT64_ADDR_OK || memcmp(&o6, &w, 16))
			bad4++;
		else if (nat64_map_6to4(&m, &o6, &o4) == NAT64_ADDR_OK && o4 != a4 &&
			 nat64_prefix6_match(&b->p6, &o6)) {
			/* Round trip: only a longer IPv6 entry elsewhere may take o6. */
			for (k = 0; k < N; k++)
				if (raw[k].p6.len > b->p6.len && nat64_prefix6_match(&raw[k].p6, &o6))
					break;
			bad4 += k == N;
		}
	}
	CHECK(!bad6 && trailing, "eam mixed suffixes, %d random: 6to4 = bit reference (%d bad)",
	      checked6, bad6);
	CHECK(!bad4, "eam mixed suffixes, %d random: 4to6 = bit reference, round trip (%d bad)",
	      checked4, bad4);
}

static void pool(void)
{
	struct nat64_prefix4 pl[2] = { P4("192.0.2.0", 30), P4("198.51.100.7", 32) };
	int i, in0 = 0, in1 = 0, bad = 0;
	__be32 o;

	CHECK(!nat64_pool6791_pick(pl, 0, 1, &o), "empty rfc6791 pool refuses");
	for (i = 0; i < 1000; i++) {
		if (!nat64_pool6791_pick(pl, 2, rnd(), &o))
			bad++;
		else if (nat64_prefix4_match(&pl[0], o))
			in0++;
		else if (o == pl[1].addr)
			in1++;
		else
			bad++;
	}
	CHECK(!bad && in0 > 300 && in1 > 300, "rfc6791 picks stay in the pool and spread (%d/%d)",
	      in0, in1);
}

void test_addr(void)
{
	rfc6052_table();
	wkp();
	special();
	helpers();
	rfc6052_parts();
	eam_basic();
	eam_large();
	eam_suffix();
	eam_mixed_random();
	pool();
}
