// SPDX-License-Identifier: GPL-2.0
/* RFC 6146 3.5.2 TCP state machine (see tcp_fsm.h). */
#include "tcp_fsm.h"

u8 nat64_tcp_flags(u8 o)
{
	u8 f = 0;

	if (o & 0x02)
		f |= NAT64_TCPF_SYN;
	if (o & 0x01)
		f |= NAT64_TCPF_FIN;
	if (o & 0x04)
		f |= NAT64_TCPF_RST;
	return f;
}

u8 nat64_tcp_next(u8 state, bool from6, u8 flags, enum nat64_tcp_timer *timer)
{
	bool syn = flags & NAT64_TCPF_SYN;
	bool fin = flags & NAT64_TCPF_FIN;
	bool rst = flags & NAT64_TCPF_RST;

	*timer = NAT64_TT_KEEP;
	switch (state) {
	case NAT64_TS_CLOSED:
		if (!syn || rst)
			return NAT64_TS_CLOSED;
		*timer = NAT64_TT_TRANS;
		return from6 ? NAT64_TS_V6_INIT : NAT64_TS_V4_INIT;
	case NAT64_TS_V6_INIT:
		if (syn && !rst) {
			*timer = from6 ? NAT64_TT_TRANS : NAT64_TT_EST;
			return from6 ? NAT64_TS_V6_INIT : NAT64_TS_ESTABLISHED;
		}
		return state;
	case NAT64_TS_V4_INIT:
		if (syn && !rst && from6) {
			*timer = NAT64_TT_EST;
			return NAT64_TS_ESTABLISHED;
		}
		return state;
	case NAT64_TS_ESTABLISHED:
		if (rst) {
			*timer = NAT64_TT_TRANS;
			return NAT64_TS_TRANS;
		}
		*timer = NAT64_TT_EST;
		if (fin)
			return from6 ? NAT64_TS_V6_FIN_RCV : NAT64_TS_V4_FIN_RCV;
		return state;
	case NAT64_TS_V4_FIN_RCV:
		if (fin && from6) {
			*timer = NAT64_TT_TRANS;
			return NAT64_TS_V6_FIN_V4_FIN;
		}
		*timer = NAT64_TT_EST;
		return state;
	case NAT64_TS_V6_FIN_RCV:
		if (fin && !from6) {
			*timer = NAT64_TT_TRANS;
			return NAT64_TS_V6_FIN_V4_FIN;
		}
		*timer = NAT64_TT_EST;
		return state;
	case NAT64_TS_V6_FIN_V4_FIN:
		return state;
	case NAT64_TS_TRANS:
		if (rst)
			return state;
		*timer = NAT64_TT_EST;
		return NAT64_TS_ESTABLISHED;
	default:
		return NAT64_TS_CLOSED;
	}
}

u8 nat64_tcp_expired(u8 state)
{
	switch (state) {
	case NAT64_TS_ESTABLISHED:
	case NAT64_TS_V4_FIN_RCV:
	case NAT64_TS_V6_FIN_RCV:
		return NAT64_TS_TRANS;
	default:
		return NAT64_TS_CLOSED;
	}
}

bool nat64_tcp_state_transitory(u8 state)
{
	switch (state) {
	case NAT64_TS_ESTABLISHED:
	case NAT64_TS_V4_FIN_RCV:
	case NAT64_TS_V6_FIN_RCV:
		return false;
	default:
		return true;
	}
}
