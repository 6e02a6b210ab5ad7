# shellcheck shell=bash disable=SC2034
# This project, stateful NAT64 (RFC 6146), configured like jool-nat64.sh: prefix
# 2001:db8:64::/96, pool4 192.0.2.1 ports 1024-65535 for TCP, UDP and ICMP.
# Available once the kernel accepts "instance add mode nat64" (probed in a scratch netns).
SUBJECT_DESC="nat64.ko stateful NAT64 (this project)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=this
subject_available() {
	local ns=bench-probe-$$ rc
	[ -f "$NAT64_KO" ] && [ -x "$NAT64CTL" ] || { echo "nat64.ko or nat64ctl not built"; return 1; }
	modprobe nf_defrag_ipv6 2>/dev/null
	grep -q '^nat64 ' /proc/modules || insmod "$NAT64_KO" || { echo "insmod nat64.ko failed"; return 1; }
	if ! "$NAT64CTL" help 2>&1 | grep -q pool4; then
		echo "not yet available (nat64ctl has no pool4)"
		return 1
	fi
	ip netns add "$ns" || return 1
	ip netns exec "$ns" "$NAT64CTL" instance add mode nat64 >/dev/null 2>&1
	rc=$?
	ip netns del "$ns"
	[ $rc -eq 0 ] || { echo "not yet available (the module refuses mode nat64)"; return 1; }
}
subject_setup() {
	local p
	in_gw "$NAT64CTL" instance add mode nat64 &&
	in_gw "$NAT64CTL" prefix add "$B_PREFIX6" || return 1
	for p in tcp udp icmp; do
		in_gw "$NAT64CTL" pool4 add "$B_GW4/32" "$p" 1024-65535 || return 1
	done
	ip -n "$B_GW" -6 route add "$B_PREFIX6" dev srv0
}
subject_teardown() { in_gw "$NAT64CTL" instance del; }
