#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# Stateful NAT64 timers and TCP state machine (RFC 6146 3.5.2): setting validation
# (RFC minimums), ICMP session expiry with a short timeout, TCP states from real sockets
# (handshake -> ESTABLISHED, FIN both ways and RST -> transitory lifetime), simultaneous
# open (IPv4 SYN held, then matched by the IPv6 SYN), unanswered IPv4 SYN -> ICMP port
# unreachable after the hold time, and the held-SYN cap.
# Run: tools/vm/run.sh selftests/test_nat64_state.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology and stateful configuration" nat64_setup || ktap_finish
out=$TWORK/out

# ------------------------------------------------------------------ settings validation
# refused "desc" KEY VALUE PATTERN: the kernel refuses it, naming the valid range.
refused() {
	gw_run_ctl settings set "$2" "$3" >"$out" 2>&1
	local rc=$?
	if [ $rc -eq 2 ] && grep -q -E -- "$4" "$out"; then
		ktap_ok "$1"
	else
		ktap_fail "$1 (exit $rc)"
		ktap_comment "$out"
	fi
}
refused "udp-timeout below 120 s refused" udp-timeout 119 "valid: 120\.\."
refused "tcp-est-timeout below 7440 s refused" tcp-est-timeout 7439 "valid: 7440\.\."
refused "tcp-trans-timeout below 240 s refused" tcp-trans-timeout 239 "valid: 240\.\."
refused "icmp-timeout 0 refused" icmp-timeout 0 "valid: 1\.\."
refused "syn-hold-timeout 61 refused" syn-hold-timeout 61 "valid: 1\.\.60"
refused "max-bib 0 refused" max-bib 0 "at least 1|valid: 1"
check "udp-timeout 120 accepted (the minimum)" gw_run_ctl settings set udp-timeout 120
check "several settings at once" gw_run_ctl settings set icmp-timeout 2 syn-hold-timeout 2 \
	tcp-trans-timeout 240 filtering endpoint-independent
gw_run_ctl settings show >"$out" 2>&1
expect_grep "settings show: udp-timeout 120" "^udp-timeout 120$" "$out"
expect_grep "settings show: icmp-timeout 2" "^icmp-timeout 2$" "$out"
expect_grep "settings show: filtering" "^filtering endpoint-independent$" "$out"
if gw_run_ctl -j settings show | $JQ obj 'd["udp-timeout"] == 120 and d["log-mappings"] is False'; then
	ktap_ok "settings show -j"
else
	ktap_fail "settings show -j"
fi
check_fail "unknown filtering word refused" gw_run_ctl settings set filtering sometimes

# ------------------------------------------------------------------ ICMP expiry
# The session is checked while ping runs (the guest may be slow), then must go away
# within a few seconds of the last echo.
stats_save
in_cli ping -c 6 -i 0.5 -W 3 "$SRV6" >"$TWORK/ping" 2>&1 &
ping=$!
if wait_until 10 sh -c "[ \$(ip netns exec $GW $NAT64CTL session show icmp | grep -c .) = 1 ]"; then
	ktap_ok "ICMP session exists while pinging"
else
	ktap_fail "ICMP session exists while pinging"
	tables_comment
fi
wait $ping
check "ping through NAT64" grep -q ' 0% packet loss' "$TWORK/ping"
if wait_until 8 sh -c "[ \$(ip netns exec $GW $NAT64CTL session show icmp | grep -c .) = 0 ]"; then
	ktap_ok "ICMP session expired after icmp-timeout (2 s)"
else
	ktap_fail "ICMP session expired after icmp-timeout (2 s)"
	tables_comment
fi
expect_eq "ICMP mapping went with it" "$(bibs icmp)" 0 tables_comment
expect_delta "expiry counted" session_expired -ge 1

# ------------------------------------------------------------------ TCP states
# The server closes 8 s after accepting (the client after its hold time).
in_srv $SOCK tcp-serve "$SRV4" 8000 240 --close-after 8 >"$TWORK/serve" 2>&1 &
on_exit "kill $!"
wait_listen "$SRV" tcp 8000
# state_of SPORT: TCP state of the session from the client's port SPORT.
state_of() {
	gw_run_ctl session show tcp 2>/dev/null | awk -v p="[$CLI6]:$1" '$2 == p { print $6 }'
}
# expires_of SPORT: seconds left of that session.
expires_of() {
	gw_run_ctl session show tcp 2>/dev/null |
		awk -v p="[$CLI6]:$1" '$2 == p { for (i = 1; i < NF; i++) if ($i == "expires") print $(i + 1) + 0 }'
}
in_cli $SOCK tcp-hold "$SRV6" 8000 --bind "[$CLI6]:43001" --hold 6 >"$TWORK/c1" 2>&1 &
c1=$!
wait_until 15 grep -q connected "$TWORK/c1"
expect_eq "handshake -> ESTABLISHED" "$(state_of 43001)" ESTABLISHED tables_comment
e=$(expires_of 43001)
if [ -n "$e" ] && [ "$e" -gt 240 ]; then
	ktap_ok "established session has the established lifetime ($e s)"
else
	ktap_fail "established session has the established lifetime (got '$e' s)"
fi
wait $c1
# The client closed after 6 s, the server closes after 8 s: FINs both ways.
fin_both() { [[ "$(state_of 43001)" =~ ^(V6_FIN_V4_FIN|TRANS)$ ]]; }
wait_until 10 fin_both
s=$(state_of 43001)
e=$(expires_of 43001)
if [[ "$s" =~ ^(V6_FIN_V4_FIN|TRANS)$ ]] && [ -n "$e" ] && [ "$e" -le 240 ]; then
	ktap_ok "FIN both ways -> transitory ($s, $e s left)"
else
	ktap_fail "FIN both ways -> transitory (got state '$s', '$e' s left)"
	tables_comment
fi
# RST from the client while established.
in_cli $SOCK tcp-hold "$SRV6" 8000 --bind "[$CLI6]:43003" --hold 0.5 --rst >/dev/null 2>&1
sleep 0.5
s=$(state_of 43003)
e=$(expires_of 43003)
if [ "$s" = TRANS ] && [ -n "$e" ] && [ "$e" -le 240 ]; then
	ktap_ok "RST -> TRANS ($e s left)"
else
	ktap_fail "RST -> TRANS (got state '$s', '$e' s left)"
	tables_comment
fi

# ------------------------------------------------------------------ simultaneous open
# RFC 6146 3.5.2.2 with address-dependent filtering: the client has a TCP mapping T:t
# (from a connection to the server); a second IPv4 host ($SRV4B), with which the client
# has no session yet, sends a SYN to T:t: it is held for syn-hold-timeout. The client
# then sends its own SYN from the same port to that host: the session exists and, as
# RFC 5382 REQ-4 (which RFC 6146 follows) says, the held SYN is dropped silently (the
# outbound SYN won): no ICMP error goes to $SRV4B and the match is counted.
# The three scapy processes start first and are fired in order once all are ready, so
# the hold time only has to cover nat64ctl polls, not scapy's start-up (seconds under load).
# simopen WHAT T:t CLIPORT PEERPORT: $SRV4B:PEERPORT sends a SYN to T:t, then the
# client's SYN from CLIPORT to $SRV6B:PEERPORT must leave from T:t and match it.
simopen() {
	local what=$1 t=$2 cport=$3 pport=$4 so=$TWORK/simopen.$3 sniff
	in_srv $PKT --ready "$so.srv.ready" --go "$so.srv.go" "$SRV_IF" 0 "" \
		"IP(src='$SRV4B',dst='${t%:*}')/TCP(sport=$pport,dport=${t#*:},flags='S',seq=1000)" \
		>/dev/null 2>&1 &
	# Only the client's SYN goes to PEERPORT (the server's own SYN comes from it).
	in_srv $PKT --ready "$so.sniff.ready" --count 1 "$SRV_IF" 120 \
		"tcp dst port $pport or icmp" >"$so" 2>&1 &
	sniff=$!
	in_cli $PKT --ready "$so.cli.ready" --go "$so.cli.go" "$CLI_IF" 0 "" \
		"IPv6(src='$CLI6',dst='$SRV6B')/TCP(sport=$cport,dport=$pport,flags='S',seq=2000)" \
		>/dev/null 2>&1 &
	wait_until 100 test -e "$so.srv.ready" -a -e "$so.sniff.ready" -a -e "$so.cli.ready"
	stats_save
	touch "$so.srv.go"
	wait_until 20 delta_ge held_syn 1
	expect_delta "$what: IPv4 SYN from a host without session held (to $t)" held_syn -ge 1
	touch "$so.cli.go"
	wait $sniff
	expect_grep "$what: the client's SYN reaches $SRV4B from $t" \
		"^tcp ${t%:*} ${t#*:} $SRV4B $pport S$" "$so"
	expect_delta "$what: held SYN matched by the outbound SYN" held_syn_matched -ge 1
	expect_delta "$what: matched SYN not answered with an ICMP error" held_syn_expired -eq 0
}
gw_run_ctl settings set filtering address-dependent syn-hold-timeout 30
in_cli $SOCK tcp-hold "$SRV6" 8000 --bind "[$CLI6]:44001" --hold 0.2 >/dev/null 2>&1
t=$(gw_run_ctl bib show tcp | awk -v p="[$CLI6]:44001" '$2 == p { print $3 }')
simopen "existing mapping" "$t" 44001 8100
# RFC 5382 REQ-2 (preserve-port, on by default): with no mapping yet, a peer told the
# client's own port (44777) sends first; the client's SYN from that port gets it.
simopen "no mapping yet, the peer knows the client's port" "$POOL4:44777" 44777 8200
gw_run_ctl settings set filtering endpoint-independent syn-hold-timeout 2

# Unanswered: ICMP port unreachable (type 3 code 3) after the hold time (2 s).
stats_save
in_srv $PKT --count 1 "$SRV_IF" 10 "icmp" \
	"IP(src='$SRV4',dst='$POOL4')/TCP(sport=8101,dport=44555,flags='S')" >"$TWORK/unans" 2>&1
# The error's source is the gateway (its own address or the pool4 one); the quoted
# packet is the SYN.
expect_grep "unanswered IPv4 SYN -> ICMP port unreachable" \
	"^icmp 3 3 [0-9.]+ $SRV4 inner $SRV4 8101 $POOL4 44555" "$TWORK/unans"
expect_delta "held SYN expiry counted" held_syn_expired -ge 1

# Cap: max-held-syn 1, two SYNs to two unmapped ports.
gw_run_ctl settings set max-held-syn 1
stats_save
in_srv $PKT "$SRV_IF" 0.5 "" \
	"IP(src='$SRV4',dst='$POOL4')/TCP(sport=8102,dport=44601,flags='S')" \
	"IP(src='$SRV4',dst='$POOL4')/TCP(sport=8103,dport=44602,flags='S')" >/dev/null 2>&1
expect_delta "held-SYN cap hit and counted" drop_held_syn_cap -ge 1
expect_delta "only one SYN held" held_syn -eq 1

dmesg_check "no kernel warnings"
ktap_finish
