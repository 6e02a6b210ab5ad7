#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# Stateful NAT64 filtering and limits (RFC 6146 3.5.x, RFC 4787): endpoint-independent
# vs address-dependent filtering, the admin-prohibited reply option, drop-external-tcp,
# hairpinning (TCP, UDP, ICMP) between two IPv6 clients through the pool address, ICMP
# errors about hairpinned packets back to the IPv6 sender, hairpinned SYNs held (RFC 6146
# 3.5.2.2: refused or simultaneous open), path MTU discovery across a hairpin, ICMP
# errors translated through the session and errors without a session dropped, pool4
# exhaustion (ICMPv6 unreachable code 3), max-bib and max-sessions caps.
# Run: tools/vm/run.sh selftests/test_nat64_filter.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology and stateful configuration" nat64_setup || ktap_finish
out=$TWORK/out

# inbound_test NAME CLIENT_PORT EXPECTED: the client sends one datagram from CLIENT_PORT to the
# server (creating a mapping) and listens; the server then answers from its port 9000
# (same address, same port), from port 9001 (same address) and from $SRV4B:9000 (another
# host). Leaves the client's log in $TWORK/NAME.
inbound_test() {
	local name=$1 cport=$2 count=$3 t
	# Generous timeouts: python starts slowly in a busy TCG guest.
	in_srv $SOCK udp-recv "$SRV4" 9000 30 --once >"$TWORK/$name.srv" 2>&1 &
	local srvpid=$!
	wait_listen "$SRV" udp 9000
	in_cli $SOCK udp-ping --bind "[$CLI6]:$cport" --count "$count" "$SRV6" 9000 25 \
		>"$TWORK/$name" 2>&1 &
	local clipid=$!
	wait $srvpid
	t=$(awk '{ print $1 ":" $2; exit }' "$TWORK/$name.srv")
	if [ -z "$t" ]; then
		echo "# the server got nothing from the client"
		wait $clipid
		return 1
	fi
	# The filtered one first: the client stops listening after the expected count.
	in_srv $SOCK udp-send --bind "$SRV4B:9000" "${t%:*}" "${t#*:}" from-other-host
	in_srv $SOCK udp-send --bind "$SRV4:9001" "${t%:*}" "${t#*:}" from-port-9001
	in_srv $SOCK udp-send --bind "$SRV4:9000" "${t%:*}" "${t#*:}" from-same-endpoint
	wait $clipid
}

# ------------------------------------------------------------------ EIF
stats_save
inbound_test eif 45001 3 || ktap_fail "client datagram reached the server (EIF)"
expect_grep "EIF: reply from the same endpoint" " from-same-endpoint$" "$TWORK/eif"
expect_grep "EIF: packet from another port of the server accepted" " from-port-9001$" "$TWORK/eif"
expect_grep "EIF: packet from another IPv4 host accepted" " from-other-host$" "$TWORK/eif"

# ------------------------------------------------------------------ ADF
gw_run_ctl settings set filtering address-dependent
stats_save
inbound_test adf 45002 2 || ktap_fail "client datagram reached the server (ADF)"
expect_grep "ADF: reply from the same endpoint" " from-same-endpoint$" "$TWORK/adf"
expect_grep "ADF: another port of the same host accepted" " from-port-9001$" "$TWORK/adf"
expect_no_grep "ADF: another IPv4 host filtered" " from-other-host$" "$TWORK/adf"
expect_delta "ADF: filtered packet counted" drop_filtered -ge 1

# filter-icmp-reply: the filtered host gets ICMP admin prohibited (type 3 code 13).
gw_run_ctl settings set filter-icmp-reply on
stats_save
t=$(gw_run_ctl bib show udp | awk -v p="[$CLI6]:45002" '$2 == p { print $3 }')
in_srv $PKT "$SRV_IF" 1.5 "icmp" \
	"IP(src='$SRV4B',dst='${t%:*}')/UDP(sport=9000,dport=${t#*:})/b'x'" >"$out" 2>&1
expect_grep "filtered packet answered with ICMP admin prohibited" "^icmp 3 13 " "$out"
expect_delta "admin-prohibited reply counted" icmp_sent_admin_prohibited -ge 1
gw_run_ctl settings set filter-icmp-reply off filtering endpoint-independent

# ------------------------------------------------------------------ drop-external-tcp
gw_run_ctl settings set drop-external-tcp on
stats_save
in_srv $PKT "$SRV_IF" 1 "icmp" \
	"IP(src='$SRV4',dst='$POOL4')/TCP(sport=8200,dport=46001,flags='S')" >"$out" 2>&1
expect_delta "drop-external-tcp: IPv4 SYN dropped and counted" drop_external_tcp -ge 1
expect_delta "drop-external-tcp: not held" held_syn -eq 0
gw_run_ctl settings set drop-external-tcp off

# ------------------------------------------------------------------ hairpinning
# Client B ($CLI6B) publishes TCP and UDP port 7100 with requested mappings; client A
# reaches it through the pool address. B must see A as A's own pool4 mapping, embedded.
check "requested TCP mapping for B" gw_run_ctl bib add tcp "[$CLI6B]:7100" to "$POOL4:7100"
check "requested UDP mapping for B" gw_run_ctl bib add udp "[$CLI6B]:7100" to "$POOL4:7100"
stats_save
in_cli $SOCK tcp-serve "$CLI6B" 7100 60 >"$TWORK/hp_tcp" 2>&1 &
in_cli $SOCK udp-recv "$CLI6B" 7100 30 --once >"$TWORK/hp_udp" 2>&1 &
hp_udp=$!
wait_listen "$CLI" tcp 7100
wait_listen "$CLI" udp 7100
in_cli $SOCK tcp-hold "$POOL4_6" 7100 --bind "[$CLI6]:47001" --hold 0.5 >"$out" 2>&1
expect_grep "hairpin TCP: A connects to B through $POOL4_6" "^connected" "$out"
in_cli $SOCK udp-send --bind "[$CLI6]:47002" "$POOL4_6" 7100 hairpin-udp
wait $hp_udp
expect_grep "hairpin UDP: B gets A's datagram from an embedded pool4 address" \
	"^2001:db8:64::c633:64[0-9a-f]+ [0-9]+ hairpin-udp$" "$TWORK/hp_udp"
expect_grep "hairpin TCP: B saw A from an embedded pool4 address" \
	"^peer 2001:db8:64::c633:64[0-9a-f]+ [0-9]+$" "$TWORK/hp_tcp"
check "hairpin ICMP: A pings the pool address" in_cli ping -c 2 -i 0.3 -W 3 "$POOL4_6"
expect_delta "hairpinned packets counted" hairpin -ge 3
grep -q '^connected' "$out" || tables_comment

# ------------------------------------------------------------------ hairpin: errors, SYNs, PMTU
# RFC 6146 3.8: errors about hairpinned packets go back to the IPv6 sender as ICMPv6,
# quoting the packet as it sent it, never to the gateway's own IPv4 stack. A second
# client B2 ($CB6, netns $CB) sits on a link with MTU $CB_MTU but advertises an MSS for
# 1500 bytes: path MTU discovery from A to B2 needs the gateway's Packet Too Big.
CB=cb-$TOPO_SFX
CB6=2001:db8:7::2
CB_MTU=1400
cb_setup() {
	ip netns add "$CB" || return 1
	on_exit "ip netns pids $CB | xargs -r kill -9; ip netns del $CB"
	ip netns exec "$CB" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_ra=0 \
		net.ipv6.conf.default.accept_ra=0 || return 1
	ip -n "$CB" link set lo up || return 1
	ip -n "$GW" link add cb0 type veth peer name eth0 netns "$CB" || return 1
	ip -n "$GW" link set cb0 mtu $CB_MTU up || return 1
	ip -n "$CB" link set eth0 mtu $CB_MTU up || return 1
	ip -n "$GW" addr add 2001:db8:7::1/64 dev cb0 nodad || return 1
	ip -n "$CB" addr add "$CB6/64" dev eth0 nodad || return 1
	ip -n "$CB" -6 route add default via 2001:db8:7::1 dev eth0 advmss 1440 || return 1
	ip netns exec "$GW" ethtool -K cb0 tx off >/dev/null
}
# hp_py: the crafted cases of py/nat64_hairpin.py (whole packets), as KTAP results.
hp_py() {
	local line n=0
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ktap_ok "${line#ok }"; n=$((n + 1)) ;;
		"not ok "*) ktap_fail "${line#not ok }"; n=$((n + 1)) ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < <(NAT64_NS_CLI=$CLI NAT64_NS_GW=$GW NAT64_NS_SRV=$SRV NAT64_NS_CB=$CB \
		 NAT64CTL=$NAT64CTL NAT64_POOL4=$POOL4 NAT64_CLI6B=$CLI6B NAT64_CB6=$CB6 \
		 NAT64_CB_MTU=$CB_MTU NAT64_SYN_HOLD=2 PYTHONDONTWRITEBYTECODE=1 \
		 $PY -u "$LIB_DIR/py/nat64_hairpin.py" 2>&1)
	[ $n -eq 3 ] || ktap_fail "nat64_hairpin.py ran its 3 cases (got $n)"
}
check "client B2 on a link with MTU $CB_MTU" cb_setup
gw_run_ctl settings set syn-hold-timeout 2
check "requested mappings for B and B2" sh -c \
	"$NAT64CTL -n $GW bib add udp '[$CLI6B]:7101' to $POOL4:7101 &&
	 $NAT64CTL -n $GW bib add udp '[$CLI6B]:7103' to $POOL4:7103 &&
	 $NAT64CTL -n $GW bib add udp '[$CB6]:7104' to $POOL4:7104 &&
	 $NAT64CTL -n $GW bib add tcp '[$CB6]:5201' to $POOL4:5201"

# B's kernel answers a datagram to its closed port: A's socket must hear it.
stats_save
in_cli $SOCK udp-err --bind "[$CLI6]:47003" "$POOL4_6" 7101 >"$out" 2>&1
expect_grep "hairpin: B's port unreachable reaches A's socket (refused)" "^refused$" "$out"
expect_delta "hairpin: B's error translated towards A" xlat_icmp_err_4to6 -ge 1

# RFC 6146 3.5.2.2: a SYN to a pool port nobody maps is held like an IPv4 one, then
# refused: A's connect() fails with "connection refused" after syn-hold-timeout (2 s).
stats_save
in_cli $SOCK tcp-hold "$POOL4_6" 7102 --bind "[$CLI6]:47004" --timeout 15 >"$out" 2>&1
expect_grep "hairpin: connect() to an unmapped pool port refused after the hold time" \
	"^failed .*[Rr]efused" "$out"
expect_delta "hairpinned SYN held" held_syn -ge 1
expect_delta "held hairpinned SYN answered (port unreachable)" held_syn_expired -ge 1
expect_delta "no hairpinned SYN dropped as without mapping" drop_no_bib -eq 0

# Simultaneous open: A's SYN to B's future mapping is held until B opens towards A.
gw_run_ctl settings set syn-hold-timeout 30
stats_save
in_cli $SOCK tcp-hold "$POOL4_6" 47012 --bind "[$CLI6]:47011" --hold 1 --timeout 30 \
	>"$TWORK/so_a" 2>&1 &
so_a=$!
wait_until 20 delta_ge held_syn 1
in_cli $SOCK tcp-hold "$POOL4_6" 47011 --bind "[$CLI6B]:47012" --hold 1 --timeout 10 \
	>"$TWORK/so_b" 2>&1
wait $so_a
expect_grep "hairpin simultaneous open: A connected" "^connected" "$TWORK/so_a"
expect_grep "hairpin simultaneous open: B connected" "^connected" "$TWORK/so_b"
expect_delta "hairpin simultaneous open: held SYN matched by B's SYN" held_syn_matched -ge 1
expect_delta "hairpin simultaneous open: no port unreachable" held_syn_expired -eq 0
gw_run_ctl settings set syn-hold-timeout 2

# Crafted packets, whole-packet checks (B's Packet Too Big, the gateway's Packet Too
# Big for B2's link, the held SYN's port unreachable).
hp_py

# Real traffic: TCP from A to B2 through the pool address with a 1440-byte MSS across
# B2's 1400-byte link completes only if A gets (and can act on) the Packet Too Big.
in_cli ip -6 route flush cache
iperf_server "$CB" 5201 || ktap_fail "iperf3 server on B2"
stats_save
tcp_run hp_pmtu "$CLI" "hairpin PMTU: TCP A -> B2 (MTU $CB_MTU, MSS 1440) completes" \
	-c "$POOL4_6" -p 5201 -t 3
ip -n "$CLI" -6 route get "$POOL4_6" >"$out" 2>&1
expect_grep "hairpin PMTU: A learned B2's MTU for the pool address" "mtu $CB_MTU" "$out"
expect_delta "hairpin PMTU: the gateway's frag-needed was raised" icmp_sent_frag_needed -ge 1
expect_delta "hairpin PMTU: and translated to A as ICMPv6" xlat_icmp_err_4to6 -ge 1

# ------------------------------------------------------------------ ICMP errors
# A client datagram to a closed server port: the server's port unreachable comes back
# through the session as ICMPv6 port unreachable with the client's own ports inside.
stats_save
in_cli $SOCK udp-err --bind "[$CLI6]:48001" "$SRV6" 9 >"$out" 2>&1
expect_grep "ICMP port unreachable translated back to the client (refused)" "^refused$" "$out"
expect_delta "ICMP error translated 4->6" xlat_icmp_err_4to6 -ge 1
# An ICMP error about a packet no session knows: dropped and counted.
stats_save
in_srv $PKT "$SRV_IF" 0.5 "" \
	"IP(src='$SRV4',dst='$POOL4')/ICMP(type=3,code=3)/IP(src='$POOL4',dst='$SRV4')/UDP(sport=33333,dport=9)/b'x'" \
	>/dev/null 2>&1
expect_delta "ICMP error without a session dropped and counted" drop_icmp_err_no_session -ge 1

# ------------------------------------------------------------------ pool4 exhaustion
gw_run_ctl bib flush
gw_run_ctl pool4 flush
check "pool4 with 2 UDP ports" gw_run_ctl pool4 add "$POOL4" udp 20000-20001
gw_run_ctl pool4 add "$POOL4" tcp
gw_run_ctl pool4 add "$POOL4" icmp
stats_save
in_srv $SOCK udp-recv "$SRV4" 9002 60 >"$TWORK/exh" 2>&1 &
exh=$!
wait_listen "$SRV" udp 9002
in_cli $SOCK udp-send --bind "[$CLI6]:49001" "$SRV6" 9002 flow1
in_cli $SOCK udp-send --bind "[$CLI6]:49002" "$SRV6" 9002 flow2
in_cli $PKT "$CLI_IF" 1.5 "icmp6" \
	"IPv6(src='$CLI6',dst='$SRV6')/UDP(sport=49003,dport=9002)/b'flow3'" >"$out" 2>&1
kill $exh
expect_eq "two flows got the two ports" "$(grep -c ' flow[12]$' "$TWORK/exh")" 2
expect_no_grep "the third flow did not get through" " flow3$" "$TWORK/exh"
expect_grep "third flow answered with ICMPv6 unreachable code 3" "^icmp6 1 3 " "$out"
expect_delta "exhaustion counted" drop_pool4_exhausted -ge 1

# ------------------------------------------------------------------ caps
gw_run_ctl bib flush
gw_run_ctl pool4 flush
gw_run_ctl pool4 add "$POOL4"
gw_run_ctl settings set max-bib 2
stats_save
for p in 50001 50002 50003; do
	in_cli $SOCK udp-send --bind "[$CLI6]:$p" "$SRV6" 9003 cap
done
expect_eq "max-bib 2: only two mappings" "$(bibs)" 2 tables_comment
expect_delta "max-bib hit counted" drop_bib_cap -ge 1
gw_run_ctl bib flush
gw_run_ctl settings set max-bib 1000 max-sessions 2
stats_save
for d in 9004 9005 9006; do
	in_cli $SOCK udp-send --bind "[$CLI6]:50010" "$SRV6" $d cap
done
expect_eq "max-sessions 2: only two sessions" "$(sessions)" 2 tables_comment
expect_delta "max-sessions hit counted" drop_session_cap -ge 1

dmesg_check "no kernel warnings"
ktap_finish
