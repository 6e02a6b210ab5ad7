#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# Stateful NAT64 (RFC 6146) basics with real applications: mode nat64, prefix
# 2001:db8:64::/96, pool4 198.51.100.1 (see py/nat64_lib.sh). ping, curl to nginx, DNS over
# UDP to dnsmasq, fragmented UDP and ICMP, iperf3; the BIB and session tables show the
# flows; control-plane validation; replies from the exact IPv6 address the client used
# (second prefix, suffix and u-octet bits, the per-table limit of 256 address shapes);
# pool4 port ranges; port range (0-1023) and parity preservation; paired address
# pooling over two pool4 addresses.
# Run: tools/vm/run.sh selftests/test_nat64_basic.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology and stateful configuration" nat64_setup || ktap_finish

# ------------------------------------------------------------------ control plane
out=$TWORK/out
o() { gw_run_ctl "$@" >"$out" 2>&1; }
check "pool4 show lists tcp, udp and icmp" \
	sh -c "[ \$(ip netns exec $GW $NAT64CTL pool4 show | grep -c '^$POOL4/32 ') = 3 ]"
o pool4 show
expect_grep "default tcp range 1-65535" "^$POOL4/32 tcp 1-65535$" "$out"
expect_grep "default icmp range 0-65535" "^$POOL4/32 icmp 0-65535$" "$out"
o instance show
expect_grep "instance show has the stateful counts" \
	'^mode nat64 .* pool4 3 bib [0-9]+ sessions [0-9]+( |$)' "$out"
o pool4 add "$POOL4" tcp 1000-2000
expect_grep "overlapping pool4 range refused" "overlaps" "$out"
o pool4 add 127.0.0.1
expect_grep "special pool4 address refused" "special" "$out"
o pool4 add 198.51.100.1/24
expect_grep "non-canonical pool4 prefix refused" "not canonical" "$out"
check_fail "pool4 range min > max refused" gw_run_ctl pool4 add 198.51.100.9 tcp 10-5
check_fail "pool4 tcp port 0 refused" gw_run_ctl pool4 add 198.51.100.9 tcp 0-10
check "pool4 add with a range, one protocol" gw_run_ctl pool4 add 198.51.100.9 udp 100-200
o pool4 show
expect_grep "pool4 show has the new range" "^198.51.100.9/32 udp 100-200$" "$out"
check "pool4 del of that entry" gw_run_ctl pool4 del 198.51.100.9 udp
check_fail "pool4 del of an absent entry" gw_run_ctl pool4 del 198.51.100.9
if gw_run_ctl -j pool4 show | $JQ all 'e["proto"] in ("tcp","udp","icmp")'; then
	ktap_ok "pool4 show -j"
else
	ktap_fail "pool4 show -j"
fi
# An SIIT instance refuses the stateful objects.
SIIT_NS=siit-$TOPO_SFX
ip netns add "$SIIT_NS" && on_exit "ip netns del $SIIT_NS"
"$NAT64CTL" -n "$SIIT_NS" instance add >/dev/null 2>&1
for cmd in "pool4 add 198.51.100.1" "bib show" "session show" "settings set udp-timeout 300"; do
	# shellcheck disable=SC2086
	"$NAT64CTL" -n "$SIIT_NS" $cmd >"$out" 2>&1
	expect_grep "siit instance refuses '$cmd'" "siit mode" "$out"
done
"$NAT64CTL" -n "$SIIT_NS" instance show >"$out" 2>&1
expect_no_grep "siit instance show has no stateful counts" "pool4" "$out"

# ------------------------------------------------------------------ ping
stats_save
check "ping client -> server ($SRV6)" in_cli ping -c 3 -i 0.2 -W 3 "$SRV6"
expect_delta "echo requests translated 6->4" xlat_6to4 -ge 3
expect_delta "echo replies translated 4->6" xlat_4to6 -ge 3
gw_run_ctl session show icmp >"$out" 2>&1
expect_grep "ICMP session listed" "^icmp \[$CLI6\]:[0-9]+ \[$SRV6\]:[0-9]+ $POOL4:[0-9]+ $SRV4:[0-9]+ expires" "$out"
gw_run_ctl bib show icmp >"$out" 2>&1
expect_grep "ICMP mapping listed (dynamic)" "^icmp \[$CLI6\]:[0-9]+ $POOL4:[0-9]+ dynamic" "$out"

# ------------------------------------------------------------------ HTTP
www=$TWORK/www
mkdir -p "$www"
echo "nat64 stateful test $$" > "$www/index.html"
head -c 1048576 /dev/urandom > "$www/big.bin"
check "nginx on the server" srv_nginx "$www"
check "curl page through NAT64" \
	in_cli curl -sS -g --max-time 20 -o "$TWORK/index.out" "http://[$SRV6]/"
check "page content intact" cmp "$www/index.html" "$TWORK/index.out"
check "curl 1 MB file" in_cli curl -sS -g --max-time 60 -o "$TWORK/big.out" "http://[$SRV6]/big.bin"
check "1 MB file intact" cmp "$www/big.bin" "$TWORK/big.out"
expect_grep "nginx saw the client as the pool4 address" "^$POOL4 " "$TWORK/nginx/access.log"
gw_run_ctl session show tcp >"$out" 2>&1
expect_grep "TCP session to port 80 listed with a state" \
	"^tcp \[$CLI6\]:[0-9]+ \[$SRV6\]:80 $POOL4:[0-9]+ $SRV4:80 [A-Z_0-9]+ expires" "$out"

# ------------------------------------------------------------------ DNS over UDP
if command -v dnsmasq >/dev/null; then
	in_srv dnsmasq --no-daemon --no-resolv --no-hosts --bind-interfaces \
		--listen-address="$SRV4" --port=53 --address=/nat64.test/192.0.2.77 \
		--pid-file="$TWORK/dnsmasq.pid" --user=root >"$TWORK/dnsmasq.log" 2>&1 &
	dns_desc="dnsmasq"
else
	# Fallback only: scripts/deps.sh installs dnsmasq-base.
	in_srv $SOCK dns-serve "$SRV4" nat64.test 192.0.2.77 60 >"$TWORK/dns-serve.log" 2>&1 &
	dns_desc="python responder (dnsmasq missing)"
fi
on_exit "kill $!"
wait_listen "$SRV" udp 53
in_cli $SOCK dns-query "$SRV6" nat64.test >"$out" 2>&1
expect_grep "DNS query over UDP answered by $dns_desc" "^192\.0\.2\.77$" "$out"
gw_run_ctl session show udp >"$out" 2>&1
expect_grep "UDP session to port 53 listed" "^udp \[$CLI6\]:[0-9]+ \[$SRV6\]:53 $POOL4:[0-9]+ $SRV4:53 expires" "$out"

# ------------------------------------------------------------------ sessions of one mapping
# One client port talking to 8 server ports: one mapping, 8 sessions. From the IPv6 side a
# packet finds its session in its mapping's short list (the first 4) or else in the hash
# table; both must refresh the right one. Round 2, 3 s later, touches ports 9102 (list)
# and 9107 (hash table) only: exactly those two sessions expire later.
for p in 9101 9102 9103 9104 9105 9106 9107 9108; do
	in_srv $SOCK udp-echo "$SRV4" $p 60 >/dev/null 2>&1 &
	on_exit "kill $!"
done
wait_listen "$SRV" udp 9108
got=0
for p in 9101 9102 9103 9104 9105 9106 9107 9108; do
	in_cli $SOCK udp-ping --bind "[$CLI6]:45100" --count 1 "$SRV6" $p 5 | grep -q " ping$" &&
		got=$((got + 1))
done
expect_eq "8 server ports answer one client port" "$got" 8
sleep 3
in_cli $SOCK udp-send --bind "[$CLI6]:45100" "$SRV6" 9102 again
in_cli $SOCK udp-send --bind "[$CLI6]:45100" "$SRV6" 9107 again
sleep 0.5
gw_run_ctl -j session show udp >"$out" 2>&1
r=$($PY -c '
import json, sys
d = [e for e in json.load(open(sys.argv[1])) if e["port6"] == 45100]
exp = {e["remote_port4"]: e["expires_ms"] for e in d}
new = [exp.get(9102, 0), exp.get(9107, 0)]
old = [v for k, v in exp.items() if k not in (9102, 9107)]
print("%d sessions, %d mappings" % (len(d), len({(e["ipv4"], e["port4"]) for e in d})),
      "ok" if len(d) == 8 and old and min(new) - max(old) >= 2000 else "bad", sorted(exp.items()))
' "$out" 2>&1)
if [[ $r == "8 sessions, 1 mappings ok"* ]]; then
	ktap_ok "one mapping, 8 sessions; packets refresh their own session ($r)"
else
	ktap_fail "one mapping, 8 sessions; packets refresh their own session ($r)"
fi

# ------------------------------------------------------------------ Y' as the client wrote it
# A session keeps the prefix, u-octet and suffix bits of the address its client used
# (kmod/nat/remote6.c keeps them per table as a shape plus Z): replies come from exactly
# that address, under either prefix. At most 256 shapes per table: a further one is
# refused and counted without harm to the shapes in use, and shapes free up again.
PFX64=2001:db8:6464::/64
# y64(v4, u, suffix) in Python: v4 under $PFX64 with u-octet u and a 24-bit suffix.
Y64_PY='import ipaddress as i, socket, sys
def y64(v4, u, suffix):
    b = bytearray(i.IPv6Address("2001:db8:6464::").packed)
    b[8] = u
    b[9:13] = i.IPv4Address(v4).packed
    b[13:16] = suffix.to_bytes(3, "big")
    return str(i.IPv6Address(bytes(b)))'
# y64 IPV4 U SUFFIX: the same from the shell (decimal U and SUFFIX).
y64() { $PY -c "$Y64_PY"'
print(y64(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))' "$@"; }
check "second prefix $PFX64" gw_run_ctl prefix add "$PFX64"
ip -n "$GW" -6 route add "$PFX64" dev "$GW_SRV_IF"
Y1=$(y64 "$SRV4" 0 119)
Y2=$(y64 "$SRV4" 85 0)
for p in 9201 9202 9203; do
	in_srv $SOCK udp-echo "$SRV4" $p 120 >/dev/null 2>&1 &
	on_exit "kill $!"
done
wait_listen "$SRV" udp 9203
# reply_from "desc" DST PORT [CLIENT_PORT]: one echo comes back from exactly DST.
reply_from() {
	in_cli $SOCK udp-ping --bind "[$CLI6]:${4:-45200}" --count 1 "$2" "$3" 5 >"$out" 2>&1
	expect_grep "$1" "^$2 $3 ping$" "$out"
}
reply_from "reply from the /96 address" "$SRV6" 9201
reply_from "reply from a /64 address with suffix bits ($Y1)" "$Y1" 9202
reply_from "reply from a /64 address with a u-octet ($Y2)" "$Y2" 9203
gw_run_ctl session show udp >"$out" 2>&1
expect_grep "session show lists Y' as the client wrote it" " \[$Y1\]:9202 " "$out"

stats_save
# 300 sessions, each towards a new shape (suffix 1000+i), to closed ports: the server's
# port unreachable errors come back through the sessions that were made.
in_cli $PY -c "$Y64_PY"'
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
for n in range(300):
    s.sendto(b"x", (y64(sys.argv[1], 0, 1001 + n), 30001 + n))' "$SRV4"
sleep 1
expect_delta "shapes past 256 refused and counted" drop_remote6_shapes -ge 40
n=$(gw_run_ctl session show udp 2>/dev/null | grep -c '\[2001:db8:6464:0:c0:2:2')
if [ "$n" -ge 200 ] && [ "$n" -le 256 ]; then
	ktap_ok "sessions up to the shape limit made ($n)"
else
	ktap_fail "sessions up to the shape limit made ($n)"
fi
reply_from "a full shape table keeps serving its session" "$Y1" 9202
reply_from "a full shape table still makes sessions of a known shape" "$SRV6" 9201 45201
check "session flush udp" gw_run_ctl session flush udp
# Freed shapes are reused after an RCU grace period.
Y3=$(y64 "$SRV4" 0 7)
y3_answers() {
	in_cli $SOCK udp-ping --bind "[$CLI6]:45202" --count 1 "$Y3" 9202 1 | grep -q "^$Y3 9202 ping$"
}
if wait_until 5 y3_answers; then
	ktap_ok "shapes free again after the sessions went"
else
	ktap_fail "shapes free again after the sessions went"
	gw_run_ctl -s stats show 2>&1 | ktap_comment
fi
check "second prefix removed" gw_run_ctl prefix del "$PFX64"

# ------------------------------------------------------------------ fragments
# Only a first fragment has the ports: the gateway reassembles, translates the whole
# packet, and the output path fragments it again (IPv4: to the link MTU; IPv6: to
# lowest-ipv6-mtu, 1280 by default).
stats_save
in_srv $SOCK udp-echo "$SRV4" 7007 90 >/dev/null 2>&1 &
on_exit "kill $!"
wait_listen "$SRV" udp 7007
in_cli $SOCK udp-big "$SRV6" 7007 4000 --count 3 >"$out" 2>&1
expect_grep "4000-byte UDP datagrams, fragmented both ways, come back intact" "^match 3$" "$out"
expect_delta "fragmented packets reassembled at the gateway, both directions" \
	stateful_reassembled -ge 6
expect_delta "IPv4 replies cut into IPv6 fragments" fragmented_4to6 -ge 3
expect_delta "no fragment dropped" drop_stateful_fragment -eq 0
check "ping -s 3000 through NAT64 (fragmented echo both ways)" \
	in_cli ping -c 2 -i 0.3 -s 3000 -W 3 "$SRV6"

# ------------------------------------------------------------------ iperf3
iperf_server "$SRV" 5201 || ktap_fail "iperf3 server on the server"
tcp_run nat64_tcp "$CLI" "iperf3 TCP through NAT64" -c "$SRV6" -p 5201 -t 2

# ------------------------------------------------------------------ pool4 port range
gw_run_ctl bib flush
gw_run_ctl pool4 del "$POOL4" tcp
check "pool4 tcp range 20000-20099" gw_run_ctl pool4 add "$POOL4" tcp 20000-20099
for i in 1 2 3 4; do
	in_cli curl -sS -g --max-time 10 -o /dev/null "http://[$SRV6]/" || true
done
gw_run_ctl -j bib show tcp >"$out" 2>&1
if $JQ all '20000 <= e["port4"] <= 20099' <"$out" && [ "$($JQ len <"$out")" -ge 4 ]; then
	ktap_ok "every TCP mapping uses a port of the pool4 range"
else
	ktap_fail "every TCP mapping uses a port of the pool4 range"
	ktap_comment "$out"
fi

# ------------------------------------------------------------------ port range and parity
# RFC 6146 3.5.1.1: ports 0-1023 map into 0-1023, others into 1024-65535; parity kept.
# The keyed walk that does it: with preserve-port off (on, the client's own port is free
# and taken as it is, below).
check "preserve-port off" gw_run_ctl settings set preserve-port off
in_srv $SOCK udp-recv "$SRV4" 9999 120 >"$TWORK/ports" 2>&1 &
on_exit "kill $!"
wait_listen "$SRV" udp 9999
for p in 500 41001 41002 41003 41004; do
	in_cli $SOCK udp-send --bind "[$CLI6]:$p" "$SRV6" 9999 "src$p"
done
sleep 1
src_port() { awk -v d="src$1" '$3 == d { print $2 }' "$TWORK/ports"; }
p=$(src_port 500)
if [ -n "$p" ] && [ "$p" -ge 1 ] && [ "$p" -le 1023 ]; then
	ktap_ok "source port 500 kept in 1-1023 (got $p)"
else
	ktap_fail "source port 500 kept in 1-1023 (got '${p}')"
	ktap_comment "$TWORK/ports"
fi
bad=
for s in 41001 41002 41003 41004; do
	p=$(src_port $s)
	if [ -z "$p" ] || [ $((p % 2)) -ne $((s % 2)) ] || [ "$p" -lt 1024 ]; then
		bad="$bad $s->${p:-none}"
	fi
done
if [ -z "$bad" ]; then
	ktap_ok "port parity and range kept for high ports"
else
	ktap_fail "port parity and range kept for high ports:$bad"
	ktap_comment "$TWORK/ports"
fi
# The same with a hand-made packet (scapy), odd port 3333 -> odd port, not privileged.
$PY -c 'import scapy' 2>/dev/null && {
	in_srv $PKT --ready "$TWORK/scapy.ready" --count 1 "$SRV_IF" 15 "udp and dst port 9998" \
		>"$TWORK/scapy" 2>&1 &
	sniff=$!
	wait_until 30 test -e "$TWORK/scapy.ready"
	in_cli $PKT "$CLI_IF" 0.5 "udp" "IPv6(src='$CLI6',dst='$SRV6')/UDP(sport=3333,dport=9998)/b'x'" \
		>/dev/null 2>&1
	wait $sniff
	p=$(awk '$1 == "udp" { print $3 }' "$TWORK/scapy" | head -n1)
	if [ -n "$p" ] && [ $((p % 2)) -eq 1 ] && [ "$p" -ge 1024 ]; then
		ktap_ok "scapy UDP from odd port 3333 leaves from odd port $p"
	else
		ktap_fail "scapy UDP from odd port 3333 leaves from an odd port >= 1024 (got '$p')"
		ktap_comment "$TWORK/scapy"
	fi
}
# Three new mappings from ports 41001-41003 again, after flushing: with preserve-port off
# the walk's start is keyed and counted, so all three keeping their port is chance.
gw_run_ctl bib flush udp
for p in 41001 41002 41003; do
	in_cli $SOCK udp-send --bind "[$CLI6]:$p" "$SRV6" 9999 "off$p"
done
wait_until 5 sh -c "[ \$(grep -c ' off4100' '$TWORK/ports') -ge 3 ]"
same=$(awk '$3 ~ /^off/ && "off" $2 == $3' "$TWORK/ports" | grep -c .)
expect_eq "preserve-port off: the ports are not the clients' own (unpredictable)" "$same" 0 \
	cat "$TWORK/ports"

# ------------------------------------------------------------------ port preservation
# preserve-port on (the default): a new mapping keeps the client's port when it is free
# (RFC 4787 REQ-1 style; RFC 5382 REQ-2: a peer told the port can open towards it,
# test_nat64_state's simultaneous open); a taken port falls back to the keyed walk.
check "preserve-port on" gw_run_ctl settings set preserve-port on
gw_run_ctl settings show >"$out" 2>&1
expect_grep "settings show lists preserve-port" "^preserve-port on$" "$out"
gw_run_ctl bib flush udp
for p in 500 41011 41012; do
	in_cli $SOCK udp-send --bind "[$CLI6]:$p" "$SRV6" 9999 "on$p"
done
in_cli $SOCK udp-send --bind "[$CLI6B]:41011" "$SRV6" 9999 "taken41011"
wait_until 5 sh -c "[ \$(grep -c ' on[0-9]\| taken' '$TWORK/ports') -ge 4 ]"
bad=
for s in 500 41011 41012; do
	[ "$(awk -v d="on$s" '$3 == d { print $2 }' "$TWORK/ports")" = "$s" ] || bad="$bad $s"
done
expect_eq "free ports kept as they are (500, 41011, 41012)" "${bad:-none}" none \
	cat "$TWORK/ports"
p=$(awk '$3 == "taken41011" { print $2 }' "$TWORK/ports")
if [ -n "$p" ] && [ "$p" != 41011 ] && [ $((p % 2)) -eq 1 ] && [ "$p" -ge 1024 ]; then
	ktap_ok "a second host's 41011 (taken) gets another odd port >= 1024 ($p)"
else
	ktap_fail "a second host's 41011 (taken) gets another odd port >= 1024 (got '$p')"
	ktap_comment "$TWORK/ports"
fi

# ------------------------------------------------------------------ paired pooling
# RFC 6146 3.5.1.1 / RFC 4787 REQ-2: every flow of one IPv6 host uses one pool4 address.
gw_run_ctl bib flush
gw_run_ctl pool4 flush
check "pool4 with two addresses (198.51.100.2/31)" gw_run_ctl pool4 add 198.51.100.2/31
for p in 42001 42002 42003 42004 42005 42006; do
	in_cli $SOCK udp-send --bind "[$CLI6]:$p" "$SRV6" 9999 "pair$p"
	in_cli $SOCK udp-send --bind "[$CLI6B]:$p" "$SRV6" 9999 "pairB$p"
done
gw_run_ctl -j bib show udp >"$out" 2>&1
a=$($JQ field ipv4 <"$out" 2>/dev/null | sort | uniq -c)
n6=$(gw_run_ctl -j bib show udp | $PY -c '
import json, sys
d = json.load(sys.stdin)
pairs = {}
for e in d:
    pairs.setdefault(e["ipv6"], set()).add(e["ipv4"])
print(" ".join("%s=%d" % (k, len(v)) for k, v in sorted(pairs.items())))
print(all(len(v) == 1 for v in pairs.values()) and len(pairs) == 2)')
if [ "$(echo "$n6" | tail -n1)" = True ] && [ "$($JQ len <"$out")" -ge 12 ]; then
	ktap_ok "paired pooling: each IPv6 host keeps one pool4 address ($(echo "$n6" | head -n1))"
else
	ktap_fail "paired pooling: each IPv6 host keeps one pool4 address ($(echo "$n6" | head -n1))"
	echo "$a" | ktap_comment
fi
check "bib show -j is valid JSON" sh -c "ip netns exec $GW $NAT64CTL -j bib show | $JQ len"
check "session show -j is valid JSON" sh -c "ip netns exec $GW $NAT64CTL -j session show | $JQ len"

for c in drop_malformed drop_truncated drop_bad_checksum drop_nomem; do
	expect_delta "real traffic caused no $c" "$c" -eq 0
done
dmesg_check "no kernel warnings"
ktap_finish
