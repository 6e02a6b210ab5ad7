#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# TCP state in the packet: ICMP errors about option-mode flows, with real routers.
#  - IPv6 side: a router near the client (R6) whose route to the client has MTU 1400
#    sends Packet Too Big about the server's segments; the gateway (no TCP session)
#    translates it to a frag-needed to the server announcing 1380 (the host adds 20
#    bytes of option after its TCP sized a segment), and a 2 MB download completes
#    (PMTUD works). Destination/port unreachable from the client side reach the
#    server translated; errors about non-option clients stay dropped.
#  - IPv4 side: a router near the server (R4) whose route to the server has MTU 1400
#    sends frag-needed about the gateway's segments (quoting our option); the client
#    gets a Packet Too Big announcing 1400 (the IPv6 and IPv4 packets of a flow have
#    the same size) and a 2 MB upload completes. Host unreachable (an unreachable
#    route on R4) fails the client's connect() at once; time exceeded comes back
#    translated. Crafted errors whose quote is cut before our option, or carries a
#    forged option or none, are dropped and counted and never reach the client.
#  - Host side: a 1400-byte hop between R4 and the gateway, then a 1400-byte link at
#    the host itself: the frag-needed quoting the host's segment (with our option) is
#    lowered by 20 by the host role and downloads complete.
#  - The gateway's TCP session count stays 0; no kernel warnings.
# Topology (built here; names as in lib.sh plus R6 and R4):
#   CLI lo 2001:db8:6::2 -- eth0 2001:db8:c::2 | c0 2001:db8:c::1 R6 g0 2001:db8:d::1 |
#   cli0 2001:db8:d::2 GW srv0 10.1.1.1 | g0 10.1.1.2 R4 s0 10.2.2.1 | eth0 10.2.2.2 SRV
#   (lo 192.0.2.2, mode host). Run: tools/vm/run.sh selftests/test_opt_icmp.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

R6=r6-$TOPO_SFX
R4=r4-$TOPO_SFX
ICMP_TOOL="$PY $LIB_DIR/py/opt_icmp.py"

# expect_download NAME FILE: the client fetches big.bin through the gateway into
# $TWORK/FILE.bin and it matches the server's copy.
expect_download() {
	if in_cli curl -sS -g --max-time 60 -o "$TWORK/$2.bin" "http://[$OPT_SRV6]/big.bin" &&
	   cmp -s "$www/big.bin" "$TWORK/$2.bin"; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
	fi
}
UNREACH4=192.0.2.9			# in optdest, unreachable route on R4
UNREACH6=2001:db8:64::c000:209

icmp_topo() {
	local ns
	TOPO_UP=1
	on_exit "kill -9 \$(ip netns pids $R6) \$(ip netns pids $R4) 2>/dev/null; \
		ip netns del $R6; ip netns del $R4"
	for ns in "$CLI" "$R6" "$GW" "$R4" "$SRV"; do
		ip netns add "$ns" || return 1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.accept_ra=0 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0 net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1 || return 1
		ip -n "$ns" link set lo up || return 1
	done
	ip netns exec "$SRV" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 net.ipv4.ip_forward=0 || return 1
	ip netns exec "$CLI" sysctl -qw net.ipv6.conf.all.forwarding=0 || return 1
	ip -n "$CLI" link add eth0 type veth peer name c0 netns "$R6" || return 1
	ip -n "$R6" link add g0 type veth peer name cli0 netns "$GW" || return 1
	ip -n "$GW" link add srv0 type veth peer name g0 netns "$R4" || return 1
	ip -n "$R4" link add s0 type veth peer name eth0 netns "$SRV" || return 1
	ip -n "$CLI" addr add "$OPT_CLI6/128" dev lo || return 1
	ip -n "$CLI" addr add 2001:db8:c::2/64 dev eth0 nodad || return 1
	ip -n "$R6" addr add 2001:db8:c::1/64 dev c0 nodad || return 1
	ip -n "$R6" addr add 2001:db8:d::1/64 dev g0 nodad || return 1
	ip -n "$GW" addr add 2001:db8:d::2/64 dev cli0 nodad || return 1
	ip -n "$GW" addr add 10.1.1.1/24 dev srv0 || return 1
	ip -n "$R4" addr add 10.1.1.2/24 dev g0 || return 1
	ip -n "$R4" addr add 10.2.2.1/24 dev s0 || return 1
	ip -n "$SRV" addr add 10.2.2.2/24 dev eth0 || return 1
	ip -n "$SRV" addr add "$OPT_SRV4/32" dev lo || return 1
	ip -n "$CLI" link set eth0 up && ip -n "$R6" link set c0 up &&
	ip -n "$R6" link set g0 up && ip -n "$GW" link set cli0 up &&
	ip -n "$GW" link set srv0 up && ip -n "$R4" link set g0 up &&
	ip -n "$R4" link set s0 up && ip -n "$SRV" link set eth0 up || return 1
	# From the client prefix (lo), not the link's address: option mode maps the former.
	ip -n "$CLI" -6 route add "$PREFIX6" via 2001:db8:c::1 src "$OPT_CLI6" || return 1
	ip -n "$R6" -6 route add "$PREFIX6" via 2001:db8:d::2 || return 1
	ip -n "$R6" -6 route add "$OPT_CLIENTS" via 2001:db8:c::2 || return 1
	ip -n "$GW" -6 route add "$OPT_CLIENTS" via 2001:db8:d::1 || return 1
	ip -n "$GW" -6 route add "$PREFIX6" dev srv0 || return 1
	ip -n "$GW" route add "$OPT_DEST" via 10.1.1.2 || return 1
	ip -n "$R4" route add "$OPT_DEST" via 10.2.2.2 || return 1
	ip -n "$R4" route add unreachable "$UNREACH4/32" || return 1
	ip -n "$R4" route add "$OPT_POOL" via 10.1.1.1 || return 1
	ip -n "$R4" route add 198.51.100.0/24 via 10.1.1.1 || return 1
	ip -n "$SRV" route add default via 10.2.2.1 || return 1
	ip netns exec "$GW" ethtool -K cli0 tx off >/dev/null || return 1
	ip netns exec "$GW" ethtool -K srv0 tx off >/dev/null || return 1
}

# in_cli_q cmd...: in the client, scapy's routing warnings to a file.
in_cli_q() { in_cli "$@" 2>>"$TWORK/scapy.err"; }

# cap NETNS IFACE FILE FILTER: capture in the background until the test ends.
cap() {
	ip netns exec "$1" tcpdump -i "$2" -s 400 -w "$3" -U "$4" >/dev/null 2>&1 &
	on_exit "kill $!"
}

gw_load_module || skip_all "cannot load nat64.ko"
check "topology client - R6 - gateway - R4 - server" icmp_topo || ktap_finish
check "gateway in option mode" opt_gw_configure "$GW" 1
check "server in the host role" opt_srv_configure

www=$TWORK/www
mkdir -p "$www"
head -c 2097152 /dev/urandom > "$www/big.bin"
check "nginx on the server" srv_nginx "$www"
check "a first download (no MTU limit)" in_cli curl -sS -g --max-time 30 -o /dev/null \
	"http://[$OPT_SRV6]/big.bin"
# T, the pool address of the client (every connection of this client uses it).
t_addr=$(ns_ctl "$SRV" hostflow show 2>/dev/null | awk -F'[: ]' 'NR == 1 { print $1 }')
case "$t_addr" in
10.64.*) ktap_ok "the host holds the flow (T = $t_addr)" ;;
*) ktap_fail "the host holds the flow (T = '$t_addr')"; t_addr=10.64.0.1 ;;
esac

# ------------------------------------------------- IPv6 side: Packet Too Big -> frag needed
cap "$SRV" eth0 "$TWORK/srv1.pcap" "icmp"
check "R6: route to the client with MTU 1400" \
	ip -n "$R6" -6 route replace "$OPT_CLIENTS" via 2001:db8:c::2 mtu 1400
sleep 1
stats_save "$GW"
stats_save "$SRV"
expect_download "2 MB download through the 1400-byte IPv6 link completes intact (PMTUD)" down
expect_delta "the gateway translated Packet Too Big without a session" \
	opt_icmp_err_6to4 -ge 1 "$GW"
expect_delta "no ICMPv6 error dropped for want of a session" \
	drop_icmp_err_no_session -eq 0 "$GW"
expect_delta "the host left the gateway's frag-needed alone" \
	host_icmp_mtu_adjusted -eq 0 "$SRV"
sleep 1
$ICMP_TOOL parse "$TWORK/srv1.pcap" > "$TWORK/srv1.txt" 2>&1
expect_grep "the server got frag-needed MTU 1380 from T quoting Z:80 -> T" \
	"^v4 3 4 1380 $t_addr $OPT_SRV4 $OPT_SRV4 80 $t_addr [0-9]+ 0$" "$TWORK/srv1.txt"
ip -n "$SRV" route get "$t_addr" > "$TWORK/pmtu" 2>&1
expect_grep "the server's PMTU towards T is 1380" "mtu 1380" "$TWORK/pmtu"
ip -n "$R6" -6 route replace "$OPT_CLIENTS" via 2001:db8:c::2
ip -n "$SRV" route flush cache

# ------------------------------------------------- IPv6 side: unreachable from the client
cap "$SRV" eth0 "$TWORK/srv2.pcap" "icmp"
sleep 1
stats_save "$GW"
in_cli_q $ICMP_TOOL err6 "$OPT_CLI6" "$OPT_SRV6" "$OPT_SRV6" 80 "$OPT_CLI6" 45678 1 4
in_cli_q $ICMP_TOOL err6 "$OPT_CLI6" "$OPT_SRV6" "$OPT_SRV6" 80 "$OPT_CLI6" 45679 1 3
expect_delta "port and address unreachable translated" opt_icmp_err_6to4 -eq 2 "$GW"
# A client outside the client prefixes never had an option-mode flow.
stats_save "$GW"
in_cli_q $ICMP_TOOL err6 "$OPT_CLI6" "$OPT_SRV6" "$OPT_SRV6" 80 2001:db8:7::5 45680 1 4
expect_delta "an error about a non-option client is not translated" \
	opt_icmp_err_6to4 -eq 0 "$GW"
expect_delta "... and dropped as without session" drop_icmp_err_no_session -eq 1 "$GW"
sleep 1
$ICMP_TOOL parse "$TWORK/srv2.pcap" > "$TWORK/srv2.txt" 2>&1
expect_grep "port unreachable reached the server as 3/3 quoting Z:80 -> T:45678" \
	"^v4 3 3 0 $t_addr $OPT_SRV4 $OPT_SRV4 80 $t_addr 45678 0$" "$TWORK/srv2.txt"
expect_grep "address unreachable reached the server as 3/1 quoting Z:80 -> T:45679" \
	"^v4 3 1 0 $t_addr $OPT_SRV4 $OPT_SRV4 80 $t_addr 45679 0$" "$TWORK/srv2.txt"
expect_no_grep "nothing about the non-option client reached the server" " 45680 " \
	"$TWORK/srv2.txt"

# ------------------------------------------------- IPv4 side: frag needed -> Packet Too Big
cap "$CLI" eth0 "$TWORK/cli1.pcap" "icmp6"
check "R4: route to the server with MTU 1400" \
	ip -n "$R4" route replace "$OPT_DEST" via 10.2.2.2 mtu 1400
in_srv socat -u TCP4-LISTEN:9000,reuseaddr "OPEN:$TWORK/up.bin,creat,trunc" &
on_exit "kill $!"
wait_listen "$SRV" tcp 9000
sleep 1
stats_save "$GW"
if timeout 60 ip netns exec "$CLI" socat -u "OPEN:$www/big.bin" "TCP6:[$OPT_SRV6]:9000" &&
   wait_until 10 cmp -s "$www/big.bin" "$TWORK/up.bin"; then
	ktap_ok "2 MB upload through the 1400-byte IPv4 link completes intact (PMTUD)"
else
	ktap_fail "2 MB upload through the 1400-byte IPv4 link completes intact (PMTUD)"
fi
expect_delta "the gateway translated frag-needed from the option in the quote" \
	opt_icmp_err_4to6 -ge 1 "$GW"
sleep 1
$ICMP_TOOL parse "$TWORK/cli1.pcap" > "$TWORK/cli1.txt" 2>&1
expect_grep "the client got Packet Too Big MTU 1400 quoting X':x -> Y':9000" \
	"^v6 2 0 1400 2001:db8:64::a01:102 $OPT_CLI6 $OPT_CLI6 [0-9]+ $OPT_SRV6 9000 " \
	"$TWORK/cli1.txt"
ip -n "$R4" route replace "$OPT_DEST" via 10.2.2.2
# The client keeps the 1400 it learned (its SYNs would announce a smaller MSS): forget it.
ip -n "$CLI" -6 route flush cache

# ------------------------------------------------- IPv4 side: frag needed to the host
# A router between the host and the gateway reports the real MTU quoting the host's
# segment with our option; the host tells its TCP 20 bytes less.
check "R4: route to the option pool with MTU 1400" \
	ip -n "$R4" route replace "$OPT_POOL" via 10.1.1.1 mtu 1400
ip -n "$SRV" route flush cache
stats_save "$SRV"
expect_download "2 MB download through a 1400-byte IPv4 hop next to the host completes intact" down2
expect_delta "the host lowered R4's frag-needed by 20" host_icmp_mtu_adjusted -ge 1 "$SRV"
ip -n "$SRV" route get "$t_addr" > "$TWORK/pmtu2" 2>&1
expect_grep "the server's PMTU towards T is 1380" "mtu 1380" "$TWORK/pmtu2"
ip -n "$R4" route replace "$OPT_POOL" via 10.1.1.1
ip -n "$SRV" route flush cache

# The host's own link is the small one: its stack refuses the grown segment and tells
# itself (quoting our option); the host lowers that report too.
ip -n "$R4" link set s0 mtu 1400
ip -n "$SRV" link set eth0 mtu 1400
stats_save "$SRV"
expect_download "2 MB download with a 1400-byte link at the host completes intact" down3
expect_delta "the host lowered its own frag-needed by 20" host_icmp_mtu_adjusted -ge 1 "$SRV"
ip -n "$R4" link set s0 mtu 1500
ip -n "$SRV" link set eth0 mtu 1500
ip -n "$SRV" route flush cache

# ------------------------------------------------- IPv4 side: host unreachable, time exceeded
stats_save "$GW"
r=$(in_cli $ICMP_TOOL connect "$UNREACH6" 80 10)
# Host/net unreachable both become ICMPv6 "no route" (RFC 7915): ENETUNREACH on Linux.
case "$r" in
ENETUNREACH|EHOSTUNREACH) ktap_ok "connect() behind an unreachable route fails at once ($r)" ;;
*) ktap_fail "connect() behind an unreachable route fails at once (got '$r')" ;;
esac
expect_delta "host unreachable translated" opt_icmp_err_4to6 -ge 1 "$GW"
cap "$CLI" eth0 "$TWORK/cli3.pcap" "icmp6"
sleep 1
stats_save "$GW"
in_cli $ICMP_TOOL ttl "$OPT_SRV6" 80 4 > "$TWORK/ttl.txt" 2>&1
expect_delta "time exceeded from R4 translated" opt_icmp_err_4to6 -ge 1 "$GW"
sleep 1
$ICMP_TOOL parse "$TWORK/cli3.pcap" > "$TWORK/cli3.txt" 2>&1
expect_grep "time exceeded from R4 reaches the client quoting X':x -> Y':80" \
	"^v6 3 0 0 2001:db8:64::a01:102 $OPT_CLI6 $OPT_CLI6 [0-9]+ $OPT_SRV6 80 " "$TWORK/cli3.txt"

# ------------------------------------------------- crafted errors with bad quotes
cap "$CLI" eth0 "$TWORK/cli2.pcap" "icmp6"
sleep 1
stats_save "$GW"
in_ns_r4() { ip netns exec "$R4" "$@"; }
in_ns_r4 $ICMP_TOOL err4 10.1.1.2 "$t_addr" "$t_addr" 46001 "$OPT_SRV4" 80 short
expect_delta "quote cut before our option dropped" drop_opt_quote_short -eq 1 "$GW"
in_ns_r4 $ICMP_TOOL err4 10.1.1.2 "$t_addr" "$t_addr" 46002 "$OPT_SRV4" 80 forged
expect_delta "quote with a forged option dropped" drop_opt_forged -eq 1 "$GW"
in_ns_r4 $ICMP_TOOL err4 10.1.1.2 "$t_addr" "$t_addr" 46003 "$OPT_SRV4" 80 none
expect_delta "quote without our option dropped" drop_opt_missing -eq 1 "$GW"
expect_delta "none of them translated" opt_icmp_err_4to6 -eq 0 "$GW"
sleep 1
$ICMP_TOOL parse "$TWORK/cli2.pcap" > "$TWORK/cli2.txt" 2>&1
expect_no_grep "no error about them reached the client" " 4600[123] " "$TWORK/cli2.txt"

expect_eq "gateway TCP session count stays 0" "$(opt_tcp_sessions "$GW")" 0 \
	ns_ctl "$GW" session show tcp
dmesg_check
ktap_finish
