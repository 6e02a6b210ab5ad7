# shellcheck shell=bash disable=SC2034
# This project, stateful NAT64 with TCP state in the packet (Documentation/tcp-option-state.rst),
# configured as the option selftests do (selftests/lib.sh opt_gw_configure): the gateway is
# mode nat64 with prefix 2001:db8:64::/96, pool4 192.0.2.1 ports 1024-65535 (UDP, ICMP and
# the TCP fallback; same as nat64-nat64), a sealing key, a mapping key, option pool
# 10.64.0.0/16, client prefix 2001:db8:6::/64, option destinations 192.0.2.0/24 and
# tcp-option-mode on. The server runs a second instance in the host role (bsrv: mode host),
# which takes the option off arriving segments and puts it back on its replies. The server
# reaches the option pool through its default route (the gateway).
. "$BENCH_DIR/subjects_nat64.sh"
SUBJECT_DESC="nat64.ko NAT64 + TCP option state (this project)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=this
B_OPT_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
B_OPT_MAPKEY=6d61706b65792d6d61706b65792d6d61706b65792d6d61706b65792d6d61706b
B_OPT_POOL=10.64.0.0/16
B_OPT_CLIENTS=2001:db8:6::/64
B_OPT_DEST=192.0.2.0/24
subject_available() { nat64_load && nat64_probe_mode host; }
subject_setup() {
	nat64_stateful_setup &&
	in_gw "$NAT64CTL" key set 0 "$B_OPT_KEY" active &&
	in_gw "$NAT64CTL" mapkey set "$B_OPT_MAPKEY" &&
	in_gw "$NAT64CTL" optpool add "$B_OPT_POOL" &&
	in_gw "$NAT64CTL" optclient add "$B_OPT_CLIENTS" &&
	in_gw "$NAT64CTL" optdest add "$B_OPT_DEST" &&
	in_gw "$NAT64CTL" settings set tcp-option-mode on &&
	in_srv "$NAT64CTL" instance add mode host &&
	in_gw "$NAT64CTL" instance show && in_srv "$NAT64CTL" instance show
}
# The gateway only: the flows workload measures what removing it frees.
subject_teardown() { in_gw "$NAT64CTL" instance del; }
subject_host_teardown() { in_srv "$NAT64CTL" instance del; }

# opt_stat NETNS NAME: one counter of an instance.
opt_stat() {
	ip netns exec "$1" "$NAT64CTL" stats show 2>/dev/null |
		awk -v n="$2" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }'
}

# subject_flows_info: KEY=VALUE pairs for the TCP flows record, taken while the
# connections are held: the gateway must have no TCP session, the host one flow each.
subject_flows_info() {
	echo "gw_tcp_sessions=$(nat64_sessions tcp)" \
	     "hostflows=$(in_srv "$NAT64CTL" instance show 2>/dev/null |
			sed -n 's/.*hostflows \([0-9]*\).*/\1/p')"
}

# subject_check: after crr, evidence that TCP took the option path (setup log + record).
subject_check() {
	local ses_tcp ses_udp
	nat64_check_sessions "option-mode check"
	echo "== host role (server)"
	in_srv "$NAT64CTL" instance show
	in_srv "$NAT64CTL" stats show
	record check gw_tcp_sessions="$ses_tcp" gw_udp_sessions="$ses_udp" \
		opt_sealed="$(opt_stat "$B_GW" opt_sealed)" \
		opt_opened="$(opt_stat "$B_GW" opt_opened)" \
		opt_fallback_stateful="$(opt_stat "$B_GW" opt_fallback_stateful)" \
		drop_opt_forged="$(opt_stat "$B_GW" drop_opt_forged)" \
		drop_opt_missing="$(opt_stat "$B_GW" drop_opt_missing)" \
		host_opt_stripped="$(opt_stat "$B_SRV" host_opt_stripped)" \
		host_opt_added="$(opt_stat "$B_SRV" host_opt_added)" \
		host_flows_created="$(opt_stat "$B_SRV" host_flows_created)"
}
