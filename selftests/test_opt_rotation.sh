#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# TCP state in the packet: key rotation. A rate-limited transfer runs while a second key
# is added and made active; it completes intact over the same connection (the host keeps
# the option sealed with the old key, the gateway opens it with the secondary key). New
# connections then use the new key. The old key is removed; an option sealed with it,
# replayed on its own 4-tuple, is accepted before the removal and refused after it.
# Topology: opt_topo_setup 1 in lib.sh. Run: tools/vm/run.sh selftests/test_opt_rotation.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "option-mode topology" opt_topo_setup 1 || ktap_finish
check "gateway in option mode, key in slot 0" opt_gw_configure "$GW" 1 0
check "server in the host role" opt_srv_configure
out=$TWORK/out
www=$TWORK/www
mkdir -p "$www"
head -c 3145728 /dev/urandom > "$www/big.bin"
echo "rotation $$" > "$www/index.html"
check "nginx on the server" srv_nginx "$www"

in_srv tcpdump -i eth0 -s 200 -c 20 -w "$TWORK/old.pcap" -U "tcp and src net $OPT_POOL" \
	>/dev/null 2>&1 &
tcpd=$!
on_exit "kill $tcpd"
sleep 1
stats_save "$GW"
in_cli curl -sS -g --max-time 90 -w '%{num_connects} %{http_code}\n' \
	-o "$TWORK/big.out" "http://[$OPT_SRV6]/slow/big.bin" >"$TWORK/curl" 2>&1 &
curl=$!
opt_wait_established 80 || ktap_comment <<<"transfer not started after 20 s"
sleep 1
check "add a second key (slot 1) during the transfer" ns_ctl "$GW" key set 1 "$OPT_KEY1"
check "activate slot 1 during the transfer" ns_ctl "$GW" key activate 1
ns_ctl "$GW" key show >"$out" 2>&1
expect_grep "key show: slot 1 active" "^slot 1 id [0-9a-f]{16} active$" "$out"
o=$(ns_ctl "$GW" key del 1 2>&1)
if [ $? -ne 0 ] && grep -q "active key" <<<"$o"; then
	ktap_ok "deleting the now active key refused"
else
	ktap_fail "deleting the now active key refused ($o)"
fi
wait "$curl"
expect_eq "transfer across the rotation intact (sha256)" \
	"$(sha256sum <"$TWORK/big.out" 2>/dev/null)" "$(sha256sum <"$www/big.bin")" cat "$TWORK/curl"
expect_eq "one connection, HTTP 200" "$(cat "$TWORK/curl")" "1 200"
expect_delta "replies with the old key's option opened with the secondary key" \
	opt_opened_secondary -ge 10 "$GW"
wait "$tcpd" 2>/dev/null
$OPT_TOOL check "$TWORK/old.pcap" "$OPT_POOL" >"$TWORK/check" 2>&1
read -r _ t_addr t_port z_addr z_port opthex < <(grep '^first ' "$TWORK/check")

stats_save "$GW"
check "new connection after the rotation" in_cli curl -sS -g --max-time 20 -o "$TWORK/i.out" \
	"http://[$OPT_SRV6]/"
expect_delta "new connection opened with the active (new) key" opt_opened -ge 2 "$GW"
expect_delta "... and not with the secondary one" opt_opened_secondary -eq 0 "$GW"

if [ -n "${opthex:-}" ]; then
	# The old connection's option on its own 4-tuple: genuine while key 0 is live.
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" "$z_port" "$t_addr" "$t_port" replay "$opthex"
	expect_delta "old key's option accepted while the old key is live" \
		opt_opened_secondary -ge 1 "$GW"
	check "delete the old key (slot 0)" ns_ctl "$GW" key del 0
	ns_ctl "$GW" key show >"$out" 2>&1
	expect_no_grep "key show no longer lists slot 0" "^slot 0 " "$out"
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" "$z_port" "$t_addr" "$t_port" replay "$opthex"
	expect_delta "option sealed with the removed key refused" drop_opt_forged -ge 1 "$GW"
else
	ktap_fail "old key's option captured"
	ktap_comment "$TWORK/check"
fi
expect_eq "gateway TCP session count 0" "$(opt_tcp_sessions "$GW")" 0

dmesg_check
ktap_finish
