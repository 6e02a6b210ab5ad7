// SPDX-License-Identifier: GPL-2.0
/* Host unit tests for kmod/core. Prints "ok N - desc" lines and a summary. */
#include <stdarg.h>
#include "test.h"

static int t_n, t_pass, t_fail;

void t_ok(int cond, const char *fmt, ...)
{
	va_list ap;

	t_n++;
	printf("%sok %d - ", cond ? "" : "not ", t_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (cond)
		t_pass++;
	else
		t_fail++;
}

struct in6_addr A6(const char *s)
{
	struct in6_addr a;

	if (inet_pton(AF_INET6, s, &a) != 1) {
		fprintf(stderr, "bad test address %s\n", s);
		exit(2);
	}
	return a;
}

__be32 A4(const char *s)
{
	__be32 a;

	if (inet_pton(AF_INET, s, &a) != 1) {
		fprintf(stderr, "bad test address %s\n", s);
		exit(2);
	}
	return a;
}

struct nat64_prefix6 P6(const char *s, unsigned int len)
{
	struct nat64_prefix6 p = { .addr = A6(s), .len = (u8)len };

	return p;
}

struct nat64_prefix4 P4(const char *s, unsigned int len)
{
	struct nat64_prefix4 p = { .addr = A4(s), .len = (u8)len };

	return p;
}

const char *s6(const struct in6_addr *a)
{
	static char b[4][INET6_ADDRSTRLEN];
	static int i;

	i = (i + 1) & 3;
	inet_ntop(AF_INET6, a, b[i], sizeof(b[i]));
	return b[i];
}

const char *s4(__be32 a)
{
	static char b[4][INET_ADDRSTRLEN];
	static int i;

	i = (i + 1) & 3;
	inet_ntop(AF_INET, &a, b[i], sizeof(b[i]));
	return b[i];
}

static u64 rstate = 0x9e3779b97f4a7c15ULL;

u32 rnd(void)
{
	rstate ^= rstate << 13;
	rstate ^= rstate >> 7;
	rstate ^= rstate << 17;
	return (u32)(rstate >> 16);
}

void rnd_fill(u8 *p, size_t n)
{
	while (n--)
		*p++ = (u8)rnd();
}

u16 ref_csum(const void *buf, size_t len, u32 init)
{
	const u8 *p = buf;
	u64 s = init;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (u32)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (u32)p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (u16)~s;
}

u32 ref_pseudo6(const struct in6_addr *s, const struct in6_addr *d, u32 len, u8 proto)
{
	u32 sum = 0;
	int i;

	for (i = 0; i < 16; i += 2)
		sum += (u32)(s->s6_addr[i] << 8 | s->s6_addr[i + 1]) +
		       (u32)(d->s6_addr[i] << 8 | d->s6_addr[i + 1]);
	return sum + (len >> 16) + (len & 0xffff) + proto;
}

u32 ref_pseudo4(__be32 s, __be32 d, u16 len, u8 proto)
{
	u32 a = ntohl(s), b = ntohl(d);

	return (a >> 16) + (a & 0xffff) + (b >> 16) + (b & 0xffff) + len + proto;
}

u32 build4(u8 *buf, __be32 s, __be32 d, u8 proto, u8 ttl, u16 id, u16 frag,
	   const u8 *payload, u32 plen)
{
	memset(buf, 0, 20);
	buf[0] = 0x45;
	buf[1] = 0;
	p16(buf + 2, (u16)(20 + plen));
	p16(buf + 4, id);
	p16(buf + 6, frag);
	buf[8] = ttl;
	buf[9] = proto;
	memcpy(buf + 12, &s, 4);
	memcpy(buf + 16, &d, 4);
	p16(buf + 10, ref_csum(buf, 20, 0));
	if (payload)
		memcpy(buf + 20, payload, plen);
	return 20 + plen;
}

u32 build6(u8 *buf, const struct in6_addr *s, const struct in6_addr *d, u8 nexthdr,
	   u8 hop, const u8 *payload, u32 plen)
{
	memset(buf, 0, 40);
	buf[0] = 0x60;
	p16(buf + 4, (u16)plen);
	buf[6] = nexthdr;
	buf[7] = hop;
	memcpy(buf + 8, s, 16);
	memcpy(buf + 24, d, 16);
	if (payload)
		memcpy(buf + 40, payload, plen);
	return 40 + plen;
}

void fix_l4_csum4(u8 *pkt)
{
	u32 ihl = (pkt[0] & 0xf) * 4, len = g16(pkt + 2) - ihl;
	u8 *l4 = pkt + ihl;
	__be32 s, d;
	u16 c;

	memcpy(&s, pkt + 12, 4);
	memcpy(&d, pkt + 16, 4);
	switch (pkt[9]) {
	case IPPROTO_TCP:
		p16(l4 + 16, 0);
		p16(l4 + 16, ref_csum(l4, len, ref_pseudo4(s, d, (u16)len, IPPROTO_TCP)));
		break;
	case IPPROTO_UDP:
		p16(l4 + 6, 0);
		c = ref_csum(l4, len, ref_pseudo4(s, d, (u16)len, IPPROTO_UDP));
		p16(l4 + 6, c ? c : 0xffff);
		break;
	case IPPROTO_ICMP:
		p16(l4 + 2, 0);
		p16(l4 + 2, ref_csum(l4, len, 0));
		break;
	}
}

void fix_l4_csum6(u8 *pkt, u32 l4_off, u8 proto)
{
	u32 len = g16(pkt + 4) + 40 - l4_off;
	struct in6_addr s, d;
	u8 *l4 = pkt + l4_off;
	u16 c;

	memcpy(&s, pkt + 8, 16);
	memcpy(&d, pkt + 24, 16);
	switch (proto) {
	case IPPROTO_TCP:
		p16(l4 + 16, 0);
		p16(l4 + 16, ref_csum(l4, len, ref_pseudo6(&s, &d, len, proto)));
		break;
	case IPPROTO_UDP:
		p16(l4 + 6, 0);
		c = ref_csum(l4, len, ref_pseudo6(&s, &d, len, proto));
		p16(l4 + 6, c ? c : 0xffff);
		break;
	case IPPROTO_ICMPV6:
		p16(l4 + 2, 0);
		p16(l4 + 2, ref_csum(l4, len, ref_pseudo6(&s, &d, len, proto)));
		break;
	}
}

int main(void)
{
	int i;

	/* Counter names are all present (the X-macro is the only source). */
	for (i = 0; i < NAT64_C_MAX; i++)
		if (!nat64_counter_names[i] || !nat64_counter_names[i][0])
			break;
	CHECK(i == NAT64_C_MAX, "counters: all %d names present", NAT64_C_MAX);

	test_addr();
	test_csum();
	test_icmp_map();
	test_parse();
	test_hdr();
	test_inner();
	test_siphash();
	test_optseal();
	test_tcpopt();
	test_nat_core();

	printf("%d passed, %d failed\n", t_pass, t_fail);
	return t_fail ? 1 : 0;
}
