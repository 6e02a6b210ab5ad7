# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# What this module's benchmark subjects (bench/subjects/nat64-*.sh) share: loading the
# module, probing a mode, the stateful configuration and the session counts.

# nat64_load: insmod the built module (with nf_defrag_ipv6, which it uses).
nat64_load() {
	if [ ! -f "$NAT64_KO" ] || [ ! -x "$NAT64CTL" ]; then
		echo "nat64.ko or nat64ctl not built"
		return 1
	fi
	modprobe nf_defrag_ipv6 2>/dev/null
	grep -q '^nat64 ' /proc/modules || insmod "$NAT64_KO" || { echo "insmod nat64.ko failed"; return 1; }
}

# nat64_probe_mode MODE: does the module accept an instance in MODE (scratch namespace)?
nat64_probe_mode() {
	local ns=bench-probe-$$ rc
	ip netns add "$ns" || return 1
	ip netns exec "$ns" "$NAT64CTL" instance add mode "$1" >/dev/null 2>&1
	rc=$?
	ip netns del "$ns"
	[ $rc -eq 0 ] || { echo "not yet available (the module refuses mode $1)"; return 1; }
}

# nat64_stateful_setup: the gateway as jool-nat64.sh configures Jool: prefix
# 2001:db8:64::/96, pool4 192.0.2.1 ports 1024-65535 for TCP, UDP and ICMP. That is the
# gateway's own address and the range covers its ephemeral ports, which nat64ctl
# refuses without "force"; the bench gateway opens no connections of its own.
nat64_stateful_setup() {
	local p
	in_gw "$NAT64CTL" instance add mode nat64 &&
	in_gw "$NAT64CTL" prefix add "$B_PREFIX6" || return 1
	for p in tcp udp icmp; do
		in_gw "$NAT64CTL" pool4 add "$B_GW4/32" "$p" 1024-65535 force || return 1
	done
	ip -n "$B_GW" -6 route add "$B_PREFIX6" dev srv0
}

# nat64_sessions PROTO: the gateway's session count for PROTO.
nat64_sessions() {
	in_gw "$NAT64CTL" session show "$1" 2>/dev/null | grep -c .
}

# nat64_check_sessions WHAT: after crr, the session counts and the gateway's counters
# (setup log); sets ses_tcp and ses_udp for the caller's record.
nat64_check_sessions() {
	ses_tcp=$(nat64_sessions tcp)
	ses_udp=$(nat64_sessions udp)
	echo "== $1 after crr: gateway TCP sessions $ses_tcp, UDP sessions $ses_udp"
	in_gw "$NAT64CTL" instance show
	in_gw "$NAT64CTL" stats show
}
