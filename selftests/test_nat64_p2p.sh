#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 240
# Requested mappings (peer-to-peer): the IPv6 client publishes a TCP port with
# `nat64ctl bib add ... peer PREFIX`; an IPv4 host inside the peer prefix connects
# (socat) and succeeds, another IPv4 host is refused and counted. Lifetime expiry of a
# requested mapping; `nat64ctl monitor` prints the add/del events (log-mappings on).
# Run: tools/vm/run.sh selftests/test_nat64_p2p.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology and stateful configuration" nat64_setup || ktap_finish
out=$TWORK/out

check "log-mappings on" gw_run_ctl settings set log-mappings on
# Started directly (not through a shell function) so that $! is nat64ctl itself.
ip netns exec "$GW" "$NAT64CTL" -j monitor >"$TWORK/events" 2>"$TWORK/events.err" &
mon=$!
on_exit "kill $mon"
ip netns exec "$GW" "$NAT64CTL" monitor count 1 >"$TWORK/event1" 2>&1 &
mon1=$!
sleep 0.5

# ------------------------------------------------------------------ bib add syntax
check_fail "bib add needs [ADDR6]:PORT" gw_run_ctl bib add tcp "$CLI6:7000"
check_fail "bib add: unknown protocol" gw_run_ctl bib add sctp "[$CLI6]:7000"
gw_run_ctl bib add tcp "[$CLI6]:7000" to 203.0.113.5:7000 >"$out" 2>&1
expect_grep "bib add outside pool4 refused with a reason" "^Error: " "$out"

# ------------------------------------------------------------------ requested TCP mapping
gw_run_ctl bib add tcp "[$CLI6]:7000" to "$POOL4:7000" peer "$SRV4/32" >"$out" 2>&1
expect_grep "bib add prints the granted mapping" \
	"^tcp \[$CLI6\]:7000 $POOL4:7000 requested permanent sessions 0 peers $SRV4/32$" "$out"
gw_run_ctl bib show tcp >"$out" 2>&1
expect_grep "bib show lists the requested mapping with its peer" \
	"^tcp \[$CLI6\]:7000 $POOL4:7000 requested permanent .*peers $SRV4/32" "$out"
if gw_run_ctl -j bib show tcp | $JQ any 'e["requested"] and e["peers"] == ["'"$SRV4"'/32"]'; then
	ktap_ok "bib show -j: requested, peers"
else
	ktap_fail "bib show -j: requested, peers"
fi
wait $mon1
expect_grep "monitor count 1 printed the add and exited" \
	"^[0-9T:.-]+Z add tcp \[$CLI6\]:7000 -> $POOL4:7000$" "$TWORK/event1"

in_cli socat -T 5 TCP6-LISTEN:7000,bind="[$CLI6]",reuseaddr,fork SYSTEM:'echo hello-from-v6' \
	>"$TWORK/socat.log" 2>&1 &
on_exit "kill $!"
wait_listen "$CLI" tcp 7000
stats_save
reply=$(in_srv timeout 10 socat -T 5 -u "TCP4:$POOL4:7000,bind=$SRV4" - 2>&1)
expect_eq "peer $SRV4 connects to the published port" "$reply" hello-from-v6
reply=$(in_srv timeout 6 socat -T 3 -u "TCP4:$POOL4:7000,bind=$SRV4B,connect-timeout=3" - 2>&1)
if [ "$reply" != hello-from-v6 ]; then
	ktap_ok "host $SRV4B (not a peer) is refused"
else
	ktap_fail "host $SRV4B (not a peer) is refused"
fi
expect_delta "refused peer counted" drop_peer_not_allowed -ge 1
check "bib del by the IPv4 side" gw_run_ctl bib del tcp "$POOL4:7000"
expect_eq "mapping gone" "$(gw_run_ctl bib show tcp | grep -c "\[$CLI6\]:7000 ")" 0

# ------------------------------------------------------------------ lifetime
gw_run_ctl bib add udp "[$CLI6]:7001" lifetime 2 >"$out" 2>&1
expect_grep "bib add with a lifetime (any pool4 port)" \
	"^udp \[$CLI6\]:7001 $POOL4:[0-9]+ requested expires [12]s" "$out"
sleep 3.5
expect_eq "requested mapping gone after its lifetime" \
	"$(gw_run_ctl bib show udp | grep -c "\[$CLI6\]:7001 ")" 0 tables_comment
check "bib add icmp, then bib del by the IPv6 side" sh -c \
	"ip netns exec $GW $NAT64CTL bib add icmp '[$CLI6]:4242' >/dev/null &&
	 ip netns exec $GW $NAT64CTL bib del icmp '[$CLI6]:4242'"
check_fail "bib del of an absent mapping" gw_run_ctl bib del icmp "[$CLI6]:4242"

# ------------------------------------------------------------------ monitor
sleep 0.5
kill $mon 2>/dev/null
wait $mon 2>/dev/null
n=$($JQ lines <"$TWORK/events" 2>/dev/null)
if [ "${n:-0}" -ge 6 ]; then
	ktap_ok "monitor -j: one JSON object per event ($n events)"
else
	ktap_fail "monitor -j: one JSON object per event (${n:-invalid JSON})"
	ktap_comment "$TWORK/events"
	ktap_comment "$TWORK/events.err"
fi
expect_grep "monitor: tcp add" '"event":"add","proto":"tcp","ipv6":"'"$CLI6"'","port6":7000' "$TWORK/events"
expect_grep "monitor: tcp del" '"event":"del","proto":"tcp","ipv6":"'"$CLI6"'","port6":7000' "$TWORK/events"
expect_grep "monitor: udp add" '"event":"add","proto":"udp","ipv6":"'"$CLI6"'","port6":7001' "$TWORK/events"
expect_grep "monitor: udp del on expiry" '"event":"del","proto":"udp","ipv6":"'"$CLI6"'","port6":7001' "$TWORK/events"

dmesg_check "no kernel warnings"
ktap_finish
