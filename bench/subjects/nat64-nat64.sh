# shellcheck shell=bash disable=SC2034
# This project, stateful NAT64 (RFC 6146), configured like jool-nat64.sh: prefix
# 2001:db8:64::/96, pool4 192.0.2.1 ports 1024-65535 for TCP, UDP and ICMP.
# Available once the kernel accepts "instance add mode nat64" (probed in a scratch netns).
. "$BENCH_DIR/subjects_nat64.sh"
SUBJECT_DESC="nat64.ko stateful NAT64 (this project)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=this
subject_available() { nat64_load && nat64_probe_mode nat64; }
subject_setup() { nat64_stateful_setup; }
subject_teardown() { in_gw "$NAT64CTL" instance del; }
# subject_flows_info: the session count while the TCP flows are held (one per connection).
subject_flows_info() { echo "gw_tcp_sessions=$(nat64_sessions tcp)"; }
# subject_check: after crr, the session counts (setup log + a "check" record).
subject_check() {
	local ses_tcp ses_udp
	nat64_check_sessions "check"
	record check gw_tcp_sessions="$ses_tcp" gw_udp_sessions="$ses_udp"
}
