#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# TCP state in the packet with two gateways and asymmetric routing: gw1 and gw2 hold the
# same configuration and key; the client reaches the prefix over an ECMP route (L4 hash,
# fib_multipath_hash_policy 1) through both, the server routes the option pool through
# gw2 only, so most connections cross gw1 one way and gw2 the other. curl of a large file
# (several connections, sha256 checked) and iperf3 complete; both gateways translated
# (counters) and neither holds a TCP session.
# Topology: opt_topo_setup 2 in lib.sh. Run: tools/vm/run.sh selftests/test_opt_ecmp.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "two-gateway topology" opt_topo_setup 2 || ktap_finish
check "gw1 in option mode" opt_gw_configure "$GW" 1
check "gw2 in option mode (same key, mapping key and lists)" opt_gw_configure "$GW2" 2
check "server in the host role" opt_srv_configure
expect_eq "both gateways show the same key fingerprint" \
	"$(ns_ctl "$GW" key show | sort)" "$(ns_ctl "$GW2" key show | sort)"

# Client: ECMP over both gateways, hashed on the 4-tuple. Server: the pool via gw2 only.
ip netns exec "$CLI" sysctl -qw net.ipv6.fib_multipath_hash_policy=1
check "client ECMP route over gw1 and gw2" ip -n "$CLI" -6 route replace "$PREFIX6" \
	nexthop via fe80::1 dev eth0 nexthop via fe80::2 dev eth1
check "server routes the option pool via gw2" ip -n "$SRV" route replace "$OPT_POOL" via 10.1.2.1

www=$TWORK/www
mkdir -p "$www"
head -c 8388608 /dev/urandom > "$www/big.bin"
check "nginx on the server" srv_nginx "$www"
stats_save "$GW"
stats_save "$GW2"
ok=0
for i in 1 2 3 4 5 6; do
	# A bound source port: the kernel hashes the 4-tuple of a connecting socket only
	# when its port is known at route lookup time.
	in_cli curl -sS -g --max-time 60 --local-port $((41000 + i)) -o "$TWORK/big.$i" \
		"http://[$OPT_SRV6]/big.bin" &&
		cmp -s "$www/big.bin" "$TWORK/big.$i" && ok=$((ok + 1))
	rm -f "$TWORK/big.$i"
done
expect_eq "6 curls of an 8 MB file complete intact (sha256)" "$ok" 6
iperf_server "$SRV" 5201 || ktap_fail "iperf3 server"
tcp_run ecmp_tcp "$CLI" "iperf3 4 streams across both gateways" -c "$OPT_SRV6" -p 5201 -t 3 -P 4
s1=$(stats_delta opt_sealed "$GW")
s2=$(stats_delta opt_sealed "$GW2")
if [ "${s1:-0}" -ge 1 ] && [ "${s2:-0}" -ge 1 ]; then
	ktap_ok "the client's ECMP route used both gateways (sealed gw1 +$s1 gw2 +$s2)"
else
	# Hashing may put every flow on one path; that is not a translator bug.
	ktap_skip "the client's ECMP route used both gateways" "sealed gw1 +${s1:-?} gw2 +${s2:-?}"
fi
expect_delta "gw2 opened the replies of connections it never saw start" opt_opened -ge 100 "$GW2"
expect_delta "gw1 opened nothing (replies avoid it)" opt_opened -eq 0 "$GW"
expect_delta "gw2 dropped nothing as forged" drop_opt_forged -eq 0 "$GW2"
expect_delta "gw2 dropped nothing for a missing option" drop_opt_missing -eq 0 "$GW2"
expect_eq "gw1 TCP session count 0" "$(opt_tcp_sessions "$GW")" 0
expect_eq "gw2 TCP session count 0" "$(opt_tcp_sessions "$GW2")" 0

dmesg_check
ktap_finish
