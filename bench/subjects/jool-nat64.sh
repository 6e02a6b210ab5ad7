# shellcheck shell=bash disable=SC2034
# Jool stateful NAT64, netfilter mode. pool6 is network-specific (2001:db8:64::/96: the
# well-known prefix would refuse 192.0.2.0/24); pool4 is the gateway's 192.0.2.1 with
# ports 1024-65535 for TCP, UDP and ICMP (the default 61001-65535 is too small for the
# flows workload).
SUBJECT_DESC="Jool NAT64 (stateful)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=peer
subject_available() {
	command -v jool >/dev/null || { echo "jool not installed (jool-tools)"; return 1; }
	modprobe jool 2>/dev/null || { echo "modprobe jool failed (jool-dkms not built for $(uname -r)?)"; return 1; }
}
subject_setup() {
	local p
	in_gw jool instance add bench --netfilter --pool6 "$B_PREFIX6" || return 1
	for p in --tcp --udp --icmp; do
		in_gw jool -i bench pool4 add "$B_GW4" 1024-65535 "$p" || return 1
	done
}
subject_teardown() { in_gw jool instance remove bench; }
# subject_flows_info: Jool's TCP session count while the TCP flows are held.
subject_flows_info() {
	echo "gw_tcp_sessions=$(in_gw jool -i bench session display --tcp --numeric --csv \
		--no-headers 2>/dev/null | grep -c .)"
}
