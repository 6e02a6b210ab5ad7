#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# The gateway's own traffic is not the translator's (RFC 6052 IPv4-translatable
# addressing, SIIT-DC style): the gateway (2001:db8:1c0:2:1:: = 192.0.2.1) and its client
# (2001:db8:1c0:2:21:: = 192.0.2.33) are numbered inside the translation prefix
# 2001:db8:100::/40, the IPv4 server 198.51.100.2 is 2001:db8:1c6:3364:2::.
# In siit and nat64 mode: neighbour discovery works both ways, the client's ping and TCP
# to the gateway are answered in IPv6 (the echo reply compared whole), nothing of it is
# translated or dropped, while the client's traffic to the server is translated.
# With local-translation on, the gateway's own ping to the server is translated, and
# its neighbour advertisements still are not. Run: tools/vm/run.sh selftests/test_own_traffic.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

PFX=2001:db8:100::/40
O_GW6=2001:db8:1c0:2:1::	# 192.0.2.1
O_CLI6=2001:db8:1c0:2:21::	# 192.0.2.33
O_SRV4=198.51.100.2
O_SRV6=2001:db8:1c6:3364:2::	# 198.51.100.2 in the prefix
O_POOL4=203.0.113.1		# nat64 mode
ECHO6="$PY $LIB_DIR/py/echo6.py"

own_topo() {
	topo_netns || return 1
	ip -n "$GW" link add cli0 type veth peer name eth0 netns "$CLI" &&
	ip -n "$GW" link add srv0 type veth peer name eth0 netns "$SRV" &&
	ip -n "$CLI" addr add "$O_CLI6/64" dev eth0 nodad &&
	ip -n "$CLI" link set eth0 up &&
	ip -n "$CLI" -6 route add default via "$O_GW6" &&
	ip netns exec "$SRV" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 &&
	ip -n "$SRV" addr add "$O_SRV4/24" dev eth0 &&
	ip -n "$SRV" link set eth0 up &&
	ip -n "$SRV" route add 192.0.2.0/24 via 198.51.100.1 &&
	ip -n "$SRV" route add 203.0.113.0/24 via 198.51.100.1 &&
	ip -n "$GW" addr add "$O_GW6/64" dev cli0 nodad &&
	ip -n "$GW" addr add 198.51.100.1/24 dev srv0 &&
	ip -n "$GW" link set cli0 up &&
	ip -n "$GW" link set srv0 up &&
	ip netns exec "$GW" sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1
}

# neigh_ok NETNS ADDR: the neighbour entry of ADDR has a link-layer address.
neigh_ok() {
	ip -n "$1" -6 neigh show "$2" | grep -q lladdr
}

# own_checks MODE: the gateway's own traffic in instance mode MODE.
own_checks() {
	local mode=$1 out=$TWORK/out
	ip -n "$CLI" -6 neigh flush all
	ip -n "$GW" -6 neigh flush all
	stats_save
	check "$mode: client pings the gateway ($O_GW6)" in_cli ping -c 2 -i 0.3 -W 3 "$O_GW6"
	check "$mode: the client resolved the gateway (neighbour advertisement)" \
		neigh_ok "$CLI" "$O_GW6"
	check "$mode: the gateway resolved the client" neigh_ok "$GW" "$O_CLI6"
	in_cli $ECHO6 eth0 "$O_CLI6" "$O_GW6" >"$out" 2>&1
	expect_grep "$mode: the gateway's echo reply is native IPv6, byte for byte" "^ok$" "$out"
	in_gw socat -T 5 "TCP6-LISTEN:2222,bind=[$O_GW6],reuseaddr" SYSTEM:'echo own-ok' &
	on_exit "kill $!"
	wait_listen "$GW" tcp 2222
	in_cli socat -T 5 - "TCP6:[$O_GW6]:2222,connect-timeout=5" </dev/null >"$out" 2>&1
	expect_grep "$mode: TCP from the client to the gateway is answered" "^own-ok$" "$out"
	expect_delta "$mode: none of it translated" xlat_6to4 -eq 0
	expect_delta "$mode: no ND/ICMPv6 dropped as untranslatable" drop_icmp_untranslatable -eq 0
	expect_delta "$mode: no reply lost for want of an IPv4 route" drop_no_route -eq 0
	check "$mode: the client still reaches the IPv4 server through the translator" \
		in_cli ping -c 2 -i 0.3 -W 3 "$O_SRV6"
	expect_delta "$mode: ... translated" xlat_6to4 -ge 2
}

gw_load_module || skip_all "cannot load nat64.ko"
check "topology: gateway and client numbered inside $PFX" own_topo || ktap_finish

# ------------------------------------------------------------------ siit
check "siit instance, prefix $PFX" sh -c "ip netns exec $GW $NAT64CTL instance add &&
	ip netns exec $GW $NAT64CTL prefix add $PFX"
gw_run_ctl settings show >"$TWORK/settings" 2>&1
expect_grep "local-translation is off by default" "^local-translation off$" "$TWORK/settings"
own_checks siit

# local-translation on: the gateway's own IPv6 traffic to the server is translated
# (its source maps: 192.0.2.1); neighbour discovery still is not.
check "local-translation on" gw_run_ctl settings set local-translation on
ip -n "$GW" -6 route add "$PFX" dev srv0
stats_save
check "local-translation on: the gateway pings the server through its own prefix" \
	in_gw ping -c 2 -i 0.3 -W 3 "$O_SRV6"
expect_delta "local-translation on: the gateway's echo requests translated" xlat_6to4 -ge 2
ip -n "$CLI" -6 neigh flush all
stats_save
in_cli ping -c 1 -W 2 "$O_GW6" >/dev/null 2>&1
check "local-translation on: the client still resolves the gateway" neigh_ok "$CLI" "$O_GW6"
expect_delta "local-translation on: no neighbour advertisement dropped" \
	drop_icmp_untranslatable -eq 0
gw_run_ctl settings set local-translation off
ip -n "$GW" -6 route del "$PFX" dev srv0

# ------------------------------------------------------------------ nat64
check "nat64 instance, prefix $PFX, pool4 $O_POOL4" \
	sh -c "ip netns exec $GW $NAT64CTL instance del &&
	       ip netns exec $GW $NAT64CTL instance add mode nat64 &&
	       ip netns exec $GW $NAT64CTL prefix add $PFX &&
	       ip netns exec $GW $NAT64CTL pool4 add $O_POOL4"
own_checks nat64
o=$(gw_run_ctl session show 2>&1)
if grep -q "\[$O_CLI6\]:[0-9]* \[$O_SRV6\]" <<<"$o" && ! grep -q "\[$O_GW6\]" <<<"$o"; then
	ktap_ok "nat64: sessions for the server only, none towards the gateway"
else
	ktap_fail "nat64: sessions for the server only, none towards the gateway"
	ktap_comment <<<"$o"
fi
ip netns add "own-host-$$"
"$NAT64CTL" -n "own-host-$$" instance add mode host
"$NAT64CTL" -n "own-host-$$" settings set local-translation on >"$TWORK/out" 2>&1
expect_grep "local-translation refused in a host instance" "siit and nat64 instances" \
	"$TWORK/out"
ip netns del "own-host-$$" 2>/dev/null
dmesg_check
ktap_finish
