#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# Real applications through the translator (default SIIT setup of lib.sh):
# ping (56, 1400 and 3000 bytes, the last fragmented), HTTP from nginx (a page and a 3 MB
# file checked by sha256), iperf3 TCP and UDP both directions, IPv4-initiated traffic to
# the client's EAM address (ping, TCP with socat, iperf3). Counters must grow by at least
# what the applications saw, and real traffic must never land in error counters.
# Run: tools/vm/run.sh selftests/test_traffic.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology up" topo_setup || ktap_finish
check "default SIIT configuration" gw_configure_default || ktap_finish
stats_save "$GW"
cp "$TWORK/stats.$GW" "$TWORK/stats.start"

# ------------------------------------------------------------------ ping
stats_save
check "ping -c 3 client -> server ($SRV6)" in_cli ping -c 3 -i 0.2 -W 3 "$SRV6"
expect_delta "echo requests translated 6->4" xlat_6to4 -ge 3
expect_delta "echo replies translated 4->6" xlat_4to6 -ge 3

stats_save
check "ping -s 1400 (no fragmentation)" in_cli ping -c 3 -i 0.2 -W 3 -s 1400 "$SRV6"
expect_delta "1400-byte echoes translated 6->4" xlat_6to4 -ge 3

# 3000 bytes: the echo is fragmented. The module reassembles fragmented ICMP/ICMPv6
# (Documentation/hooks.rst "Fragmented ICMP"), translates the whole message and
# fragments it again on the other side: these pings must work.
# frag_ping "desc" NETNS DEST
frag_ping() {
	local desc=$1 ns=$2 dst=$3
	stats_save
	if ip netns exec "$ns" ping -c 2 -i 0.3 -W 3 -s 3000 "$dst" >/dev/null 2>&1; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc (drop_icmp_fragmented +$(stats_delta drop_icmp_fragmented))"
		gw_nat64ctl stats show 2>&1 | ktap_comment
	fi
	expect_delta "$desc: messages reassembled" icmp_reassembled -ge 2
}
frag_ping "ping -s 3000 client -> server (fragmented IPv6 echo)" "$CLI" "$SRV6"
frag_ping "ping -s 3000 server -> client EAM (fragmented IPv4 echo)" "$SRV" "$CLI_EAM4"

# ------------------------------------------------------------------ HTTP
www=$TWORK/www
mkdir -p "$www"
echo "nat64 traffic test $$ $(date +%s%N)" > "$www/index.html"
head -c 3145728 /dev/urandom > "$www/big.bin"
check "nginx starts on the server" srv_nginx "$www"

stats_save
check "curl page via the prefix (http://[$SRV6]/)" \
	in_cli curl -sS -g --max-time 30 -o "$TWORK/index.out" "http://[$SRV6]/"
check "page content intact" cmp "$www/index.html" "$TWORK/index.out"
check "curl 3 MB file" \
	in_cli curl -sS -g --max-time 120 -o "$TWORK/big.out" "http://[$SRV6]/big.bin"
want=$(sha256sum < "$www/big.bin")
got=$(sha256sum < "$TWORK/big.out" 2>/dev/null)
if [ "$want" = "$got" ]; then
	ktap_ok "3 MB file sha256 matches"
else
	ktap_fail "3 MB file sha256 matches"
	echo "# want $want got $got ($(stat -c %s "$TWORK/big.out" 2>/dev/null) bytes)"
fi
# The server must see the client as its EAM address.
if grep -q "^$CLI_EAM4 " "$TWORK/nginx/access.log" 2>/dev/null; then
	ktap_ok "nginx logged the client as $CLI_EAM4"
else
	ktap_fail "nginx logged the client as $CLI_EAM4"
	ktap_comment "$TWORK/nginx/access.log" 2>/dev/null
fi
# 3 MB in 4->6 direction is at least 3 MB / 64 KB (biggest GSO packet) packets.
expect_delta "HTTP download translated 4->6" xlat_4to6 -ge 48
expect_delta "HTTP requests/ACKs translated 6->4" xlat_6to4 -ge 4

# ------------------------------------------------------------------ iperf3
iperf_server "$SRV" 5201 || ktap_fail "iperf3 server on the server"
iperf_server "$CLI" 5202 || ktap_fail "iperf3 server on the client"

# Room in the UDP receive buffer (iperf3 -w) so that a briefly starved receiver under
# TCG does not show up as loss; global sysctl, so only in the throw-away VM.
[ -n "${NAT64_IN_VM:-}" ] && sysctl -qw net.core.rmem_max=4194304 net.core.wmem_max=4194304

# udp_run NAME NETNS DESC args...: UDP iperf3 run; loss must stay under 5 %.
# Sets UDP_PACKETS to the number of datagrams the receiver got.
udp_run() {
	local name=$1 ns=$2 desc=$3 bps lost pkts
	shift 3
	UDP_PACKETS=0
	if ! iperf_run "$name" "$ns" "$@" -w 2M; then
		ktap_fail "$desc"
		return 1
	fi
	read -r bps lost pkts < <(iperf_get "$name" udp)
	UDP_PACKETS=${pkts:-0}
	if [ "$UDP_PACKETS" -gt 0 ] && $PY -c "import sys; sys.exit(not float('$lost') < 5.0)"; then
		ktap_ok "$desc ($((bps / 1000000)) Mbit/s, $lost% lost of $pkts)"
	else
		ktap_fail "$desc ($lost% lost of $pkts datagrams)"
	fi
}

stats_save
tcp_run tcp_6to4 "$CLI" "iperf3 TCP client -> server" -c "$SRV6" -p 5201 -t 3
expect_delta "TCP upload translated 6->4" xlat_6to4 -ge 16
stats_save
tcp_run tcp_6to4_R "$CLI" "iperf3 TCP server -> client (-R)" -c "$SRV6" -p 5201 -t 3 -R
expect_delta "TCP download translated 4->6" xlat_4to6 -ge 16

# 1200-byte datagrams: no fragmentation on either side (that is the ping test's job).
stats_save
udp_run udp_6to4 "$CLI" "iperf3 UDP 50M client -> server" \
	-c "$SRV6" -p 5201 -u -b 50M -l 1200 -t 3
expect_delta "every received datagram was translated 6->4" xlat_6to4 -ge "$UDP_PACKETS"
stats_save
udp_run udp_6to4_R "$CLI" "iperf3 UDP 50M server -> client (-R)" \
	-c "$SRV6" -p 5201 -u -b 50M -l 1200 -t 3 -R
expect_delta "every received datagram was translated 4->6" xlat_4to6 -ge "$UDP_PACKETS"

# 3000-byte datagrams: real fragments in both families. 6->4: IPv6 fragments become
# IPv4 fragments one by one. 4->6: IPv4 fragments (DF=0) become IPv6 fragments, split
# again when they no longer fit the IPv6 link.
stats_save
udp_run udp_frag "$CLI" "iperf3 UDP 3000-byte datagrams client -> server (fragments)" \
	-c "$SRV6" -p 5201 -u -b 10M -l 3000 -t 2
expect_delta "IPv6 fragments translated to IPv4" xlat_frag_6to4 -ge $((UDP_PACKETS * 2))
stats_save
udp_run udp_frag_R "$CLI" "iperf3 UDP 3000-byte datagrams server -> client (-R, fragments)" \
	-c "$SRV6" -p 5201 -u -b 10M -l 3000 -t 2 -R
expect_delta "IPv4 fragments translated to IPv6" xlat_frag_4to6 -ge $((UDP_PACKETS * 2))

# ------------------------------------------------------------------ IPv4-initiated
stats_save
check "ping server -> client EAM address ($CLI_EAM4)" \
	in_srv ping -c 3 -i 0.2 -W 3 "$CLI_EAM4"
expect_delta "IPv4-initiated echoes translated 4->6" xlat_4to6 -ge 3
expect_delta "their replies translated 6->4" xlat_6to4 -ge 3

# The client's socat tells the peer which address it saw: the server behind the prefix.
in_cli socat TCP6-LISTEN:7000,reuseaddr SYSTEM:'echo "peer $SOCAT_PEERADDR"' &
wait_until 10 sh -c "ip netns exec '$CLI' ss -Hltn 'sport = :7000' | grep -q LISTEN"
reply=$(in_srv timeout 20 socat -T 10 -u "TCP4:$CLI_EAM4:7000" - 2>&1)
peer=${reply#peer }
if [ "$reply" != "$peer" ] && $TRAFFIC_PY sameaddr "$peer" "$SRV6" </dev/null; then
	ktap_ok "TCP server -> client EAM: client saw the server as $SRV6"
else
	ktap_fail "TCP server -> client EAM: client saw the server as $SRV6"
	echo "# reply: $reply"
fi
tcp_run tcp_4to6 "$SRV" "iperf3 TCP initiated by the IPv4 server" -c "$CLI_EAM4" -p 5202 -t 3

# ------------------------------------------------------------------ overall
# None of this traffic is malformed: these counters must not have moved at all.
cp "$TWORK/stats.start" "$TWORK/stats.$GW"
for c in drop_malformed drop_truncated drop_bad_checksum drop_nomem drop_gso drop_output; do
	expect_delta "real traffic caused no $c" "$c" -eq 0
done
dmesg_check "no kernel warnings"
ktap_finish
