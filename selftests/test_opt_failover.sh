#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# TCP state in the packet: a gateway fails mid-transfer. A rate-limited download (nginx, ~14 s)
# starts through gw1; after a few seconds gw1 goes away and both the client and the
# server route through gw2, which has the same configuration and key. The transfer
# completes with the right sha256 over the same TCP connection (curl made one connect,
# nginx logged one complete request, the server's socket kept its peer T:t).
# Case 1: gw1's links go down. Case 2: gw1's nat64 instance is deleted (what unloading
# the module does to that gateway; the module itself cannot be unloaded here because the
# server's host role runs on the same kernel).
# Topology: opt_topo_setup 2 in lib.sh. Run: tools/vm/run.sh selftests/test_opt_failover.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "two-gateway topology" opt_topo_setup 2 || ktap_finish
check "gw1 in option mode" opt_gw_configure "$GW" 1
check "gw2 in option mode" opt_gw_configure "$GW2" 2
check "server in the host role" opt_srv_configure
www=$TWORK/www
mkdir -p "$www"
head -c 4194304 /dev/urandom > "$www/big.bin"
want=$(sha256sum <"$www/big.bin")
check "nginx on the server" srv_nginx "$www"

# peer_of_80: the server's established connection(s) on port 80, as "T:t" lines.
peer_of_80() {
	in_srv ss -Htn state established '( sport = :80 )' | awk '{ print $4 }'
}

# failover_case NAME KILL-CMD: one transfer, gw1 removed by KILL-CMD after 3 s.
failover_case() {
	local name=$1 kill_cmd=$2 pid before after n
	ip -n "$CLI" -6 route replace "$PREFIX6" via fe80::1 dev eth0
	ip -n "$SRV" route replace "$OPT_POOL" via 10.1.1.1
	: > "$TWORK/nginx/access.log"
	stats_save "$GW2"
	in_cli curl -sS -g --max-time 90 -w '%{num_connects} %{http_code}\n' \
		-o "$TWORK/$name.out" "http://[$OPT_SRV6]/slow/big.bin" >"$TWORK/$name.curl" \
		2>"$TWORK/$name.err" &
	pid=$!
	opt_wait_established 80 || ktap_comment <<<"transfer not started after 20 s"
	sleep 1
	before=$(peer_of_80)
	[ -n "$before" ] || in_srv ss -tn | ktap_comment
	eval "$kill_cmd"
	ip -n "$CLI" -6 route replace "$PREFIX6" via fe80::2 dev eth1
	ip -n "$SRV" route replace "$OPT_POOL" via 10.1.2.1
	sleep 2
	after=$(peer_of_80)
	wait "$pid"
	expect_eq "$name: transfer completes intact (sha256)" \
		"$(sha256sum <"$TWORK/$name.out" 2>/dev/null)" "$want" cat "$TWORK/$name.err"
	expect_eq "$name: curl used one connection, HTTP 200" "$(cat "$TWORK/$name.curl")" "1 200"
	if [ -n "$before" ] && [ "$before" = "$after" ]; then
		ktap_ok "$name: the server's connection kept its peer across the failover ($before)"
	else
		ktap_fail "$name: the server's connection kept its peer (before '$before' after '$after')"
	fi
	n=$(grep -c 'big.bin' "$TWORK/nginx/access.log")
	expect_eq "$name: nginx served one request" "$n" 1 cat "$TWORK/nginx/access.log"
	expect_delta "$name: gw2 translated the rest of the connection" opt_opened -ge 100 "$GW2"
	expect_eq "$name: gw2 holds no TCP session" "$(opt_tcp_sessions "$GW2")" 0
}

failover_case "links down" \
	'ip -n "$GW" link set cli0 down; ip -n "$GW" link set srv0 down'
# Bring gw1 back for the second case.
ip -n "$GW" link set cli0 up
ip -n "$GW" link set srv0 up
ip -n "$GW" addr replace fe80::1/64 dev cli0 nodad
ip -n "$GW" addr replace 10.1.1.1/24 dev srv0
sleep 1
ip -n "$GW" -6 route replace "$OPT_CLIENTS" via fe80::c dev cli0
ip -n "$GW" route replace "$OPT_DEST" via 10.1.1.2
failover_case "instance deleted" 'ns_ctl "$GW" instance del'

dmesg_check
ktap_finish
