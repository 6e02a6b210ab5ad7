// SPDX-License-Identifier: GPL-2.0
/* RFC 7915 4.2 / 5.2 tables, row by row. */
#include "test.h"

#define D NAT64_ICMP_DROP
#define I NAT64_ICMP_INFO
#define E NAT64_ICMP_ERROR

struct row {
	u8 type, code;
	enum nat64_icmp_kind kind;
	u8 nt, nc;
	enum nat64_icmp_rest rest;
	const char *what;
};

static const struct row rows4[] = {
	{ 8, 0, I, 128, 0, NAT64_REST_COPY, "echo request" },
	{ 0, 0, I, 129, 0, NAT64_REST_COPY, "echo reply" },
	{ 15, 0, D, 0, 0, 0, "information request" },
	{ 16, 0, D, 0, 0, 0, "information reply" },
	{ 13, 0, D, 0, 0, 0, "timestamp" },
	{ 14, 0, D, 0, 0, 0, "timestamp reply" },
	{ 17, 0, D, 0, 0, 0, "address mask request" },
	{ 18, 0, D, 0, 0, 0, "address mask reply" },
	{ 9, 0, D, 0, 0, 0, "router advertisement" },
	{ 10, 0, D, 0, 0, 0, "router solicitation" },
	{ 3, 0, E, 1, 0, NAT64_REST_ZERO, "net unreachable" },
	{ 3, 1, E, 1, 0, NAT64_REST_ZERO, "host unreachable" },
	{ 3, 2, E, 4, 1, NAT64_REST_FIXED_PTR, "protocol unreachable -> param problem" },
	{ 3, 3, E, 1, 4, NAT64_REST_ZERO, "port unreachable" },
	{ 3, 4, E, 2, 0, NAT64_REST_MTU, "fragmentation needed -> packet too big" },
	{ 3, 5, E, 1, 0, NAT64_REST_ZERO, "source route failed" },
	{ 3, 6, E, 1, 0, NAT64_REST_ZERO, "dest net unknown" },
	{ 3, 7, E, 1, 0, NAT64_REST_ZERO, "dest host unknown" },
	{ 3, 8, E, 1, 0, NAT64_REST_ZERO, "source host isolated" },
	{ 3, 9, E, 1, 1, NAT64_REST_ZERO, "net admin prohibited" },
	{ 3, 10, E, 1, 1, NAT64_REST_ZERO, "host admin prohibited" },
	{ 3, 11, E, 1, 0, NAT64_REST_ZERO, "net unreachable for TOS" },
	{ 3, 12, E, 1, 0, NAT64_REST_ZERO, "host unreachable for TOS" },
	{ 3, 13, E, 1, 1, NAT64_REST_ZERO, "communication admin prohibited" },
	{ 3, 14, D, 0, 0, 0, "host precedence violation" },
	{ 3, 15, E, 1, 1, NAT64_REST_ZERO, "precedence cutoff" },
	{ 3, 16, D, 0, 0, 0, "unreachable, unknown code" },
	{ 5, 0, D, 0, 0, 0, "redirect" },
	{ 6, 0, D, 0, 0, 0, "alternative host address" },
	{ 4, 0, D, 0, 0, 0, "source quench" },
	{ 11, 0, E, 3, 0, NAT64_REST_ZERO, "time exceeded in transit" },
	{ 11, 1, E, 3, 1, NAT64_REST_ZERO, "fragment reassembly time exceeded" },
	{ 12, 0, E, 4, 0, NAT64_REST_POINTER, "parameter problem: pointer" },
	{ 12, 1, D, 0, 0, 0, "parameter problem: missing option" },
	{ 12, 2, E, 4, 0, NAT64_REST_POINTER, "parameter problem: bad length" },
	{ 12, 3, D, 0, 0, 0, "parameter problem: unknown code" },
	{ 1, 0, D, 0, 0, 0, "unknown type 1" },
	{ 42, 0, D, 0, 0, 0, "unknown type 42" },
	{ 255, 0, D, 0, 0, 0, "unknown type 255" },
};

static const struct row rows6[] = {
	{ 128, 0, I, 8, 0, NAT64_REST_COPY, "echo request" },
	{ 129, 0, I, 0, 0, NAT64_REST_COPY, "echo reply" },
	{ 130, 0, D, 0, 0, 0, "MLD query" },
	{ 131, 0, D, 0, 0, 0, "MLD report" },
	{ 132, 0, D, 0, 0, 0, "MLD done" },
	{ 133, 0, D, 0, 0, 0, "router solicitation" },
	{ 134, 0, D, 0, 0, 0, "router advertisement" },
	{ 135, 0, D, 0, 0, 0, "neighbor solicitation" },
	{ 136, 0, D, 0, 0, 0, "neighbor advertisement" },
	{ 137, 0, D, 0, 0, 0, "redirect" },
	{ 200, 0, D, 0, 0, 0, "unknown informational" },
	{ 1, 0, E, 3, 1, NAT64_REST_ZERO, "no route -> host unreachable" },
	{ 1, 1, E, 3, 10, NAT64_REST_ZERO, "admin prohibited -> 10" },
	{ 1, 2, E, 3, 1, NAT64_REST_ZERO, "beyond scope -> host unreachable" },
	{ 1, 3, E, 3, 1, NAT64_REST_ZERO, "address unreachable -> host unreachable" },
	{ 1, 4, E, 3, 3, NAT64_REST_ZERO, "port unreachable" },
	{ 1, 5, D, 0, 0, 0, "unreachable code 5" },
	{ 1, 6, D, 0, 0, 0, "unreachable code 6" },
	{ 2, 0, E, 3, 4, NAT64_REST_MTU, "packet too big -> frag needed" },
	{ 3, 0, E, 11, 0, NAT64_REST_ZERO, "hop limit exceeded" },
	{ 3, 1, E, 11, 1, NAT64_REST_ZERO, "reassembly time exceeded" },
	{ 4, 0, E, 12, 0, NAT64_REST_POINTER, "erroneous header field" },
	{ 4, 1, E, 3, 2, NAT64_REST_ZERO, "unrecognized next header -> protocol unreachable" },
	{ 4, 2, D, 0, 0, 0, "unrecognized option" },
	{ 4, 3, D, 0, 0, 0, "parameter problem code 3" },
	{ 5, 0, D, 0, 0, 0, "unknown error type 5" },
	{ 100, 0, D, 0, 0, 0, "unknown error type 100" },
};

static void check_rows(const struct row *r, unsigned int n, bool four)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct nat64_icmp_map m;
		bool good;

		if (four)
			nat64_icmp_map_4to6(r[i].type, r[i].code, &m);
		else
			nat64_icmp_map_6to4(r[i].type, r[i].code, &m);
		good = m.kind == r[i].kind;
		if (good && m.kind != D)
			good = m.type == r[i].nt && m.code == r[i].nc && m.rest == r[i].rest;
		if (good && m.rest == NAT64_REST_FIXED_PTR)
			good = m.fixed_ptr == 6;	/* IPv6 Next Header field */
		CHECK(good, "icmp %s %u/%u %s -> %u/%u (kind %d)", four ? "4to6" : "6to4",
		      r[i].type, r[i].code, r[i].what, m.type, m.code, m.kind);
	}
}

static void pointers(void)
{
	/* RFC 7915 figure 3. */
	static const int p46[] = { 0, 1, 4, 4, -1, -1, -1, -1, 7, 6, -1, -1,
				   8, 8, 8, 8, 24, 24, 24, 24, -1, -1 };
	/* RFC 7915 figure 6, offsets 0..41. */
	int i, bad = 0;

	for (i = 0; i < (int)(sizeof(p46) / sizeof(p46[0])); i++) {
		u32 o = 999;
		bool ok = nat64_icmp_ptr_4to6((u8)i, &o);

		if (ok != (p46[i] >= 0) || (ok && o != (u32)p46[i]))
			bad++, printf("# ptr4 %d -> %d/%u\n", i, ok, o);
	}
	CHECK(!bad && !nat64_icmp_ptr_4to6(255, &(u32){ 0 }), "pointer table IPv4 -> IPv6");
	bad = 0;
	for (i = 0; i < 45; i++) {
		int want;
		u8 o = 99;
		bool ok = nat64_icmp_ptr_6to4((u32)i, &o);

		if (i <= 1)
			want = i;
		else if (i <= 3)
			want = -1;
		else if (i <= 5)
			want = 2;
		else if (i == 6)
			want = 9;
		else if (i == 7)
			want = 8;
		else if (i <= 23)
			want = 12;
		else if (i <= 39)
			want = 16;
		else
			want = -1;
		if (ok != (want >= 0) || (ok && o != want))
			bad++, printf("# ptr6 %d -> %d/%u\n", i, ok, o);
	}
	CHECK(!bad && !nat64_icmp_ptr_6to4(0x10000, &(u8){ 0 }), "pointer table IPv6 -> IPv4");
}

static void mtu(void)
{
	const u32 U = 0xffffffff;

	CHECK(nat64_mtu_plateau(1500) == 1492 && nat64_mtu_plateau(1492) == 1006 &&
	      nat64_mtu_plateau(65535) == 32000 && nat64_mtu_plateau(600) == 508 &&
	      nat64_mtu_plateau(68) == 68 && nat64_mtu_plateau(0) == 68, "RFC 1191 plateaus");
	CHECK(nat64_icmp_mtu_4to6(1400, 1500, U, U) == 1420, "frag needed 1400 -> PTB 1420");
	CHECK(nat64_icmp_mtu_4to6(1000, 1500, U, U) == 1280, "PTB never below 1280");
	CHECK(nat64_icmp_mtu_4to6(0, 1500, U, U) == 1512, "MTU 0: plateau 1492 + 20");
	CHECK(nat64_icmp_mtu_4to6(0, 600, U, U) == 1280, "MTU 0 small plateau -> 1280");
	CHECK(nat64_icmp_mtu_4to6(1480, 1500, 1300, U) == 1300, "IPv6 next hop MTU bounds");
	CHECK(nat64_icmp_mtu_4to6(1480, 1500, U, 1350) == 1370, "IPv4 link MTU + 20 bounds");
	CHECK(nat64_icmp_mtu_4to6(65535, 1500, U, U) == 65555, "large MTU kept");
	CHECK(nat64_icmp_mtu_6to4(1500, U, U) == 1480, "PTB 1500 -> frag needed 1480");
	CHECK(nat64_icmp_mtu_6to4(1280, U, U) == 1260, "PTB 1280 -> 1260");
	CHECK(nat64_icmp_mtu_6to4(1500, 1400, U) == 1400, "IPv4 next hop MTU bounds");
	CHECK(nat64_icmp_mtu_6to4(1500, U, 1450) == 1430, "IPv6 link MTU - 20 bounds");
	CHECK(nat64_icmp_mtu_6to4(10, U, U) == 68, "tiny PTB -> 68");
	CHECK(nat64_icmp_mtu_6to4(100000, U, U) == 65535, "jumbo PTB capped to 16 bits");
}

static void kinds(void)
{
	int t, bad = 0;

	for (t = 0; t < 256; t++) {
		bool e4 = t == 3 || t == 4 || t == 5 || t == 6 || t == 11 || t == 12;

		if (nat64_icmp4_is_error((u8)t) != e4 || nat64_icmp6_is_error((u8)t) != (t < 128))
			bad++;
	}
	CHECK(!bad, "error/informational classification");
	bad = 0;
	for (t = 0; t < 256; t++) {
		/* MLD 130-132, RS/RA/NS/NA/redirect 133-137, MLDv2 143, SEND 148/149, MRD 151-153 */
		bool link = (t >= 130 && t <= 137) || t == 143 || t == 148 || t == 149 ||
			    (t >= 151 && t <= 153);

		if (nat64_icmp6_is_link_scope((u8)t) != link)
			bad++;
	}
	CHECK(!bad, "link-scope ICMPv6 types (ND, MLD, SEND, MRD)");
	CHECK(!nat64_icmp6_is_link_scope(128) && !nat64_icmp6_is_link_scope(129) &&
	      !nat64_icmp6_is_link_scope(1), "echo and errors are not link-scope");
}

void test_icmp_map(void)
{
	check_rows(rows4, sizeof(rows4) / sizeof(rows4[0]), true);
	check_rows(rows6, sizeof(rows6) / sizeof(rows6[0]), false);
	pointers();
	mtu();
	kinds();
}
