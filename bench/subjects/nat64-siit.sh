# shellcheck shell=bash disable=SC2034
# This project, stateless (SIIT): the same configuration as selftests/lib.sh's
# gw_configure_default (prefix, EAM for the client, RFC 6791 pool).
. "$BENCH_DIR/subjects_nat64.sh"
SUBJECT_DESC="nat64.ko SIIT (this project)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=this
subject_available() { nat64_load; }
subject_setup() {
	in_gw "$NAT64CTL" instance add &&
	in_gw "$NAT64CTL" prefix add "$B_PREFIX6" &&
	in_gw "$NAT64CTL" eam add "$B_EAM6" "$B_EAM4" &&
	in_gw "$NAT64CTL" pool6791 add "$B_POOL6791" &&
	# Routes for what the translator emits (as in selftests/lib.sh).
	ip -n "$B_GW" -6 route add "$B_PREFIX6" dev srv0 &&
	ip -n "$B_GW" route add 198.51.100.0/24 dev cli0 &&
	ip -n "$B_SRV" route add 198.51.100.0/24 via "$B_GW4"
}
subject_teardown() { in_gw "$NAT64CTL" instance del; }
