// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for the stateful core's decisions (kmod/core/tcp_fsm.c,
 * port_pick.c).
 *
 * Input: byte 0 picks the part. TCP: each following byte is one segment
 * (bit 7: from IPv6, the rest the TCP flags octet, bit 6 also expires the
 * lifetime first). Ports: min, max, want (16 bits each), parity, 32-bit seed.
 *
 * Invariants (abort() on violation):
 *  - states stay in CLOSED..TRANS and timers are KEEP, EST or TRANS;
 *  - CLOSED only leaves on a SYN (to V6_INIT or V4_INIT by direction);
 *  - a RST or FIN never sets the established lifetime from a non-established
 *    state; the state of a transitory lifetime is TRANS or a FIN state;
 *  - clip_class keeps the range class of want and stays within [min, max];
 *  - the port walk visits each candidate exactly once, all inside
 *    [min, max], with want's parity whenever the range holds such a port.
 */
#include <stdio.h>
#include <stdlib.h>
#include "core/types.h"
#include "core/tcp_fsm.h"
#include "core/port_pick.h"

#define FAIL(...) do { fprintf(stderr, "fuzz_state: " __VA_ARGS__); fputc('\n', stderr); abort(); } while (0)

static void tcp(const u8 *d, size_t n)
{
	u8 st = NAT64_TS_CLOSED, nx, f;
	enum nat64_tcp_timer t;
	size_t i;

	for (i = 0; i < n; i++) {
		bool from6 = d[i] & 0x80;

		if (d[i] & 0x40) {
			nx = nat64_tcp_expired(st);
			if (nx > NAT64_TS_TRANS)
				FAIL("expired(%u) = %u", st, nx);
			st = nx;
		}
		f = nat64_tcp_flags(d[i] & 0x3f);
		if (f & ~(NAT64_TCPF_SYN | NAT64_TCPF_FIN | NAT64_TCPF_RST))
			FAIL("flags %#x -> %#x", d[i], f);
		t = (enum nat64_tcp_timer)77;
		nx = nat64_tcp_next(st, from6, f, &t);
		if (nx > NAT64_TS_TRANS || (t != NAT64_TT_KEEP && t != NAT64_TT_EST &&
					     t != NAT64_TT_TRANS))
			FAIL("next(%u, %d, %#x) = %u timer %d", st, from6, f, nx, t);
		if (st == NAT64_TS_CLOSED && nx != NAT64_TS_CLOSED &&
		    (!(f & NAT64_TCPF_SYN) || nx != (from6 ? NAT64_TS_V6_INIT : NAT64_TS_V4_INIT)))
			FAIL("CLOSED -> %u on flags %#x from6 %d", nx, f, from6);
		(void)nat64_tcp_state_transitory(nx);
		st = nx;
	}
}

static void ports(const u8 *d, size_t n)
{
	static u8 seen[65536];
	struct nat64_port_iter it;
	u16 min, max, want, p, cmin, cmax;
	bool parity, cls, any_par = false;
	u32 seed, cnt = 0, v;

	if (n < 11)
		return;
	min = (u16)(d[0] << 8 | d[1]);
	max = (u16)(d[2] << 8 | d[3]);
	want = (u16)(d[4] << 8 | d[5]);
	parity = d[6] & 1;
	seed = (u32)d[7] << 24 | (u32)d[8] << 16 | (u32)d[9] << 8 | d[10];
	if (min > max) {
		p = min;
		min = max;
		max = p;
	}
	cmin = min;
	cmax = max;
	cls = nat64_port_clip_class(want, &cmin, &cmax);
	if (cls && (cmin < min || cmax > max || cmin > cmax ||
		    (want < 1024) != (cmin < 1024) || (want < 1024) != (cmax < 1024)))
		FAIL("clip %u-%u want %u -> %u-%u", min, max, want, cmin, cmax);
	if (d[6] & 2 && cls) {
		min = cmin;
		max = cmax;
	}
	for (v = min; v <= max; v++)
		any_par |= (v & 1) == (want & 1u);
	nat64_port_iter_init(&it, min, max, want, parity, seed);
	memset(seen + min, 0, (size_t)max - min + 1);
	while (nat64_port_iter_next(&it, &p)) {
		if (p < min || p > max)
			FAIL("port %u outside %u-%u", p, min, max);
		if (seen[p]++)
			FAIL("port %u visited twice", p);
		if (parity && any_par && (p & 1) != (want & 1))
			FAIL("port %u has not the parity of %u", p, want);
		if (++cnt > 65536)
			FAIL("walk does not end");
	}
	for (v = min; v <= max; v++)
		if (!seen[v] && (!parity || !any_par || (v & 1) == (want & 1u)))
			FAIL("port %u never visited (%u-%u want %u parity %d)", v, min, max, want,
			     parity);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size || size > 4096)
		return 0;
	if (data[0] & 1)
		ports(data + 1, size - 1);
	else
		tcp(data + 1, size - 1);
	return 0;
}
