/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RFC 6146 section 3.5.2 TCP session state machine, as a pure function so
 * that the host unit tests can walk it. States are enum nat64_tcp_state of
 * the uapi header (values repeated here so the core stays self-contained).
 */
#ifndef NAT64_CORE_TCP_FSM_H
#define NAT64_CORE_TCP_FSM_H

#include "types.h"

enum {
	NAT64_TS_CLOSED = 0,
	NAT64_TS_V6_INIT,
	NAT64_TS_V4_INIT,
	NAT64_TS_ESTABLISHED,
	NAT64_TS_V6_FIN_RCV,
	NAT64_TS_V4_FIN_RCV,
	NAT64_TS_V6_FIN_V4_FIN,
	NAT64_TS_TRANS,
};

/* Flags of the segment that matter to the machine. */
#define NAT64_TCPF_SYN	0x1
#define NAT64_TCPF_FIN	0x2
#define NAT64_TCPF_RST	0x4

/* What happens to the session lifetime after a segment. */
enum nat64_tcp_timer {
	NAT64_TT_KEEP = 0,	/* leave the lifetime alone */
	NAT64_TT_EST,		/* (re)start the established lifetime (2 h 4 min) */
	NAT64_TT_TRANS,		/* (re)start the transitory lifetime (4 min) */
};

/* Reduce TCP header flags (the 13th octet) to NAT64_TCPF_*. */
u8 nat64_tcp_flags(u8 th_flags_octet);

/*
 * Next state after a segment with flags seen from IPv6 (from6) or IPv4.
 * CLOSED: an IPv6 SYN gives V6_INIT, an IPv4 SYN V4_INIT (the caller decides
 * whether that IPv4 SYN is translated or held); anything else stays CLOSED
 * (the caller drops it). Lifetime effect in *timer.
 */
u8 nat64_tcp_next(u8 state, bool from6, u8 flags, enum nat64_tcp_timer *timer);

/*
 * The established lifetime ran out. RFC 6146 sends a probe and moves to
 * TRANS; we do not probe but still give the connection the transitory
 * lifetime to show a sign of life. Returns the state to move to, or CLOSED
 * when the session must go now.
 */
u8 nat64_tcp_expired(u8 state);

/* Is the lifetime of this state the transitory one? */
bool nat64_tcp_state_transitory(u8 state);

#endif /* NAT64_CORE_TCP_FSM_H */
