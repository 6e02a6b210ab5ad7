#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# TCP state in the packet (Documentation/tcp-option-state.rst), one gateway: control plane
# validation; curl and iperf3 from an IPv6 client to nginx on an IPv4 server in the host
# role; every segment from the gateway carries our option (kind 253, ExID 0x6464, 20
# bytes) once; the host strips and re-adds it (counters); the gateway keeps no TCP
# session while UDP/ICMP sessions exist; forged, replayed and truncated options are
# dropped and counted and never reach the client; a client's copy of our option is
# neutralised; Linux/Windows/macOS SYN layouts arrive with our option and without
# timestamps; a SYN with no room falls back to the stateful table.
# Topology: opt_topo_setup in lib.sh. Run: tools/vm/run.sh selftests/test_opt_basic.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "option-mode topology" opt_topo_setup 1 || ktap_finish
out=$TWORK/out
o() { ns_ctl "$GW" "$@" >"$out" 2>&1; }

# ------------------------------------------------------------------ control plane
check "gateway instance mode nat64" ns_ctl "$GW" instance add mode nat64
ns_ctl "$GW" prefix add "$PREFIX6"
ns_ctl "$GW" pool4 add "$(opt_gw_pool4 1)"
o settings set tcp-option-mode on
expect_grep "tcp-option-mode on refused without a key" "active sealing key" "$out"
check_fail "key of 31 bytes refused" ns_ctl "$GW" key set 0 "${OPT_KEY0:0:62}"
check_fail "key slot 2 refused" ns_ctl "$GW" key set 2 "$OPT_KEY0"
check "key set 0 (first key becomes active)" ns_ctl "$GW" key set 0 "$OPT_KEY0"
printf '%s\n' "$OPT_KEY1" > "$TWORK/key1.hex"
check "key set 1 from a hex file" ns_ctl "$GW" key set 1 file "$TWORK/key1.hex"
o key show
expect_grep "key show: slot 0 active with a fingerprint" "^slot 0 id [0-9a-f]{16} active$" "$out"
expect_grep "key show: slot 1 inactive" "^slot 1 id [0-9a-f]{16}$" "$out"
expect_no_grep "key show never prints key material" "${OPT_KEY0:0:16}|${OPT_KEY1:0:16}" "$out"
o key del 0
expect_grep "deleting the active key refused" "active key" "$out"
check "key del 1 (inactive)" ns_ctl "$GW" key del 1
o settings set tcp-option-mode on
expect_grep "tcp-option-mode on refused without a mapping key" "mapping key" "$out"
check "mapkey set" ns_ctl "$GW" mapkey set "$OPT_MAPKEY"
o settings set tcp-option-mode on
expect_grep "tcp-option-mode on refused without an option pool" "option pool" "$out"
o optpool add 127.0.0.0/8
expect_grep "special optpool prefix refused" "special" "$out"
check "optpool add $OPT_POOL" ns_ctl "$GW" optpool add "$OPT_POOL"
o optpool add 10.64.1.0/24
expect_grep "overlapping optpool prefix refused" "overlap" "$out"
o settings set tcp-option-mode on
expect_grep "tcp-option-mode on refused without a client prefix" "client prefix" "$out"
o optclient add 2001:db8::/32
expect_grep "client prefix shorter than /40 refused" "40" "$out"
check "optclient add $OPT_CLIENTS" ns_ctl "$GW" optclient add "$OPT_CLIENTS"
check "optclient add a second prefix" ns_ctl "$GW" optclient add 2001:db8:99::/48
check "optclient add a third prefix" ns_ctl "$GW" optclient add 2001:db8:98::/48
o optclient del 2001:db8:99::/48
expect_grep "deleting a client prefix from the middle refused" "only the last" "$out"
check "deleting the last client prefix" ns_ctl "$GW" optclient del 2001:db8:98::/48
o optclient show
expect_grep "optclient show lists the index" "^0 2001:db8:6::/64$" "$out"
check "optdest add $OPT_DEST" ns_ctl "$GW" optdest add "$OPT_DEST"
check "tcp-option-mode on" ns_ctl "$GW" settings set tcp-option-mode on
o optpool flush
expect_grep "optpool flush refused while the mode is on" "tcp-option-mode is on" "$out"
o settings show
expect_grep "settings show: tcp-option-mode on" "^tcp-option-mode on$" "$out"
if ns_ctl "$GW" -j settings show |
   $PY -c 'import json,sys; sys.exit(json.load(sys.stdin)["tcp-option-mode"] is not True)'; then
	ktap_ok "settings show -j has tcp-option-mode"
else
	ktap_fail "settings show -j has tcp-option-mode"
fi
o instance show
expect_grep "instance show has the option counts" \
	"tcp-option-mode on optpool 1 optclient 2 optdest 1" "$out"
o settings set host-idle-timeout 60
expect_grep "host-idle-timeout refused in mode nat64" "mode host" "$out"
check "server instance mode host" opt_srv_configure
ns_ctl "$SRV" settings set tcp-option-mode on >"$out" 2>&1
expect_grep "tcp-option-mode refused in mode host" "mode nat64" "$out"
check "host-idle-timeout 600 in mode host" ns_ctl "$SRV" settings set host-idle-timeout 600
check_fail "host-idle-timeout 1 refused (range)" ns_ctl "$SRV" settings set host-idle-timeout 1
ns_ctl "$SRV" settings show >"$out" 2>&1
expect_grep "host settings show host-idle-timeout" "^host-idle-timeout 600$" "$out"
ns_ctl "$SRV" key set 0 "$OPT_KEY0" >"$out" 2>&1
expect_grep "host refuses keys" "mode nat64" "$out"
check "hostflow show (empty)" ns_ctl "$SRV" hostflow show
check "hostflow show -j (empty)" sh -c "$NAT64CTL -n $SRV -j hostflow show | grep -q '^\[\]'"

# ------------------------------------------------------------------ traffic
www=$TWORK/www
mkdir -p "$www"
echo "nat64 option mode $$" > "$www/index.html"
head -c 2097152 /dev/urandom > "$www/big.bin"
check "nginx on the server" srv_nginx "$www"
cap=$TWORK/srv.pcap
in_srv tcpdump -i eth0 -s 200 -w "$cap" -U "tcp and src net $OPT_POOL" >/dev/null 2>&1 &
tcpd=$!
on_exit "kill $tcpd"
sleep 1
stats_save "$GW"
stats_save "$SRV"
check "curl page" in_cli curl -sS -g --max-time 20 -o "$TWORK/index.out" "http://[$OPT_SRV6]/"
check "page intact" cmp "$www/index.html" "$TWORK/index.out"
check "curl 2 MB file" in_cli curl -sS -g --max-time 60 -o "$TWORK/big.out" \
	"http://[$OPT_SRV6]/big.bin"
expect_eq "2 MB file sha256" "$(sha256sum <"$TWORK/big.out")" "$(sha256sum <"$www/big.bin")"
# The capture covers the two curls (parsing iperf3's segments too is slow under TCG).
sleep 1
kill "$tcpd" 2>/dev/null
wait "$tcpd" 2>/dev/null
expect_grep "nginx saw a client from the option pool" "^10\.64\.[0-9]+\.[0-9]+ " \
	"$TWORK/nginx/access.log"
iperf_server "$SRV" 5201 || ktap_fail "iperf3 server"
# Segments whose header prediction hit (TCP's receive fast path) at the server.
hp0=$(nstat_get "$SRV" TcpExtTCPHPHits)
tcp_run opt_tcp "$CLI" "iperf3 TCP in option mode" -c "$OPT_SRV6" -p 5201 -t 2
# The host cuts the option out: with NOPs in its place the header would be 20 bytes
# longer than the connection's and no segment would take the fast path.
hp1=$(nstat_get "$SRV" TcpExtTCPHPHits)
if [ "$((hp1 - hp0))" -ge 1 ]; then
	ktap_ok "server's TCP header-predicts stripped segments ($((hp1 - hp0)) hits)"
else
	ktap_fail "server's TCP header-predicts stripped segments (no hit)"
fi
expect_delta "gateway sealed options" opt_sealed -ge 1 "$GW"
expect_delta "gateway opened options on replies" opt_opened -ge 100 "$GW"
expect_delta "host stripped options" host_opt_stripped -ge 100 "$SRV"
expect_delta "host added options" host_opt_added -ge 100 "$SRV"
expect_delta "no forged options on genuine traffic" drop_opt_forged -eq 0 "$GW"
expect_delta "no missing options on genuine traffic" drop_opt_missing -eq 0 "$GW"
# A slow transfer keeps one connection open while the host's table is read.
in_cli curl -sS -g --max-time 30 --limit-rate 50k -o /dev/null "http://[$OPT_SRV6]/big.bin" &
slow=$!
on_exit "kill $slow"
sleep 2
ns_ctl "$SRV" instance show >"$out" 2>&1
expect_grep "host instance show has a flow count" "hostflows [1-9][0-9]*" "$out"
ns_ctl "$SRV" hostflow show >"$TWORK/hostflows" 2>&1
expect_grep "hostflow show lists the live connection" \
	"^10\.64\.[0-9.]+:[0-9]+ -> $OPT_SRV4:80 option [0-9a-f]{32} expires [0-9.]+s" \
	"$TWORK/hostflows"
kill "$slow" 2>/dev/null

# Capture: every segment from the gateway carries our option exactly once.
$OPT_TOOL check "$cap" "$OPT_POOL" >"$TWORK/check" 2>&1
read -r _ total _ ours _ missing _ multi _ badlen _ syn _ syn_ts < <(head -n1 "$TWORK/check")
if [ "${total:-0}" -ge 20 ] && [ "$ours" = "$total" ]; then
	ktap_ok "all $total segments from the gateway carry kind 253 ExID 0x6464 length 20 once"
else
	ktap_fail "every segment carries our option once (total ${total:-?} ours ${ours:-?}" \
		"missing ${missing:-?} multi ${multi:-?} badlen ${badlen:-?})"
fi
expect_eq "no SYN from the gateway carries timestamps (of $syn)" "${syn_ts:-?}" 0
read -r _ t_addr t_port z_addr z_port opthex < <(grep '^first ' "$TWORK/check")

# ------------------------------------------------------------------ stateful part
check "ping through the gateway (ICMP session)" in_cli ping -c 2 -i 0.3 -W 3 "$OPT_SRV6"
in_srv socat -u UDP4-RECV:9999 /dev/null &
on_exit "kill $!"
sleep 0.5
echo hello | in_cli socat -u - "UDP6-SENDTO:[$OPT_SRV6]:9999"
u=$(ns_ctl "$GW" session show udp 2>/dev/null | grep -c .)
i=$(ns_ctl "$GW" session show icmp 2>/dev/null | grep -c .)
if [ "$u" -ge 1 ] && [ "$i" -ge 1 ]; then
	ktap_ok "UDP ($u) and ICMP ($i) sessions exist"
else
	ktap_fail "UDP and ICMP sessions exist (udp $u icmp $i)"
fi
expect_eq "gateway TCP session count stays 0" "$(opt_tcp_sessions "$GW")" 0 \
	ns_ctl "$GW" session show tcp

# ------------------------------------------------------------------ forged options
# From the server side (scapy, layer 3 from the server's namespace: the host role
# knows none of these 4-tuples, so it leaves them alone) towards T:t of the capture.
if [ -n "${t_addr:-}" ]; then
	in_cli tcpdump -i eth0 -s 200 -w "$TWORK/cli.pcap" -U \
		"tcp and (dst port 40001 or dst port 40002 or dst port 40003 or dst port 40004)" \
		>/dev/null 2>&1 &
	ctd=$!
	on_exit "kill $ctd"
	sleep 1
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" 80 "$t_addr" 40001 random
	expect_delta "random sealed block dropped as forged" drop_opt_forged -ge 1 "$GW"
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" 80 "$t_addr" 40002 replay "$opthex"
	expect_delta "valid block replayed on another 4-tuple dropped" drop_opt_forged -ge 1 "$GW"
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" 80 "$t_addr" 40003 short
	d1=$(stats_delta drop_opt_forged "$GW")
	d2=$(stats_delta drop_opt_malformed "$GW")
	if [ $((${d1:-0} + ${d2:-0})) -ge 1 ]; then
		ktap_ok "truncated option dropped (forged +$d1 malformed +$d2)"
	else
		ktap_fail "truncated option dropped (forged +${d1:-?} malformed +${d2:-?})"
	fi
	stats_save "$GW"
	in_srv $OPT_TOOL forge "$OPT_SRV4" 80 "$t_addr" 40004 none
	expect_delta "segment without option dropped" drop_opt_missing -ge 1 "$GW"
	sleep 1
	kill "$ctd" 2>/dev/null
	wait "$ctd" 2>/dev/null
	n=$(tcpdump -r "$TWORK/cli.pcap" 2>/dev/null | grep -c .)
	expect_eq "no forged segment reached the client" "$n" 0 tcpdump -nr "$TWORK/cli.pcap"
else
	ktap_fail "forged options (no genuine segment captured to aim at)"
fi

# ------------------------------------------------------------------ SYN layouts
in_srv tcpdump -i eth0 -s 200 -w "$TWORK/syn.pcap" -U "tcp[tcpflags] & tcp-syn != 0" \
	>/dev/null 2>&1 &
std=$!
on_exit "kill $std"
sleep 1
stats_save "$GW"
port=41000
for layout in linux windows macos ours; do
	port=$((port + 1))
	in_cli $OPT_TOOL syn eth0 "$OPT_CLI6" "$OPT_SRV6" 80 "$port" "$layout"
done
expect_delta "the client's copy of our option neutralised" opt_neutralised -ge 1 "$GW"
expect_eq "no TCP session for option-mode SYNs" "$(opt_tcp_sessions "$GW")" 0
stats_save "$GW"
in_cli $OPT_TOOL syn eth0 "$OPT_CLI6" "$OPT_SRV6" 80 41010 noroom
expect_delta "SYN without room falls back to the stateful table" opt_fallback_stateful -ge 1 "$GW"
sleep 2
kill "$std" 2>/dev/null
wait "$std" 2>/dev/null
port=41000
for layout in linux windows macos ours; do
	port=$((port + 1))
	$OPT_TOOL syn-opts "$TWORK/syn.pcap" "$port" >"$out" 2>&1
	kinds=$(head -n1 "$out")
	if grep -qx "ours 1" "$out" && ! grep -qE '(^|,)8(,|$)' <<<"$kinds" &&
	   grep -qE '(^|,)2(,|$)' <<<"$kinds" && grep -qE '(^|,)3(,|$)' <<<"$kinds" &&
	   grep -qE '(^|,)4(,|$)' <<<"$kinds"; then
		ktap_ok "$layout SYN: our option once, no timestamps, MSS/WS/SACK kept ($kinds)"
	else
		ktap_fail "$layout SYN: our option once, no timestamps, MSS/WS/SACK kept"
		ktap_comment "$out"
	fi
done
# The stateful table maps the port too: look for the SYN from the pool4 address.
$OPT_TOOL syn-opts "$TWORK/syn.pcap" "$(opt_gw_pool4 1)" >"$out" 2>&1
expect_grep "SYN without room leaves from the stateful pool4 address" \
	"^src $(opt_gw_pool4 1)$" "$out"
grep -q "^src " "$out" ||
	{ ns_ctl "$GW" session show tcp; ns_ctl "$GW" stats show; tcpdump -nr "$TWORK/syn.pcap"; } \
	2>&1 | ktap_comment
expect_grep "SYN without room carries no option of ours" "^ours 0$" "$out"
expect_eq "the fallback made exactly one TCP session" "$(opt_tcp_sessions "$GW")" 1

dmesg_check
ktap_finish
