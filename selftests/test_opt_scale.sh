#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# TCP state in the packet at scale: 10,000 concurrent TCP connections from the IPv6
# client through a gateway in option mode to a server in the host role. The gateway
# holds no TCP session; the host holds 10,000 flows; kernel memory does not grow with
# the flows on the gateway's account.
#
# All namespaces share one kernel, so global slab numbers include the endpoints' sockets.
# The test therefore runs the same load twice: through the gateway (phase A) and over a
# direct IPv4 link between the same client and server (phase B, no translator, no host
# flows). kmalloc growth per flow of A minus B is what the gateway and the host role cost;
# the host's flow entry is allowed HOST_FLOW_BYTES, the gateway GW_BYTES_PER_FLOW (64).
# The numbers (Slab: of /proc/meminfo and the kmalloc-* caches of /proc/slabinfo, before,
# at 1k and at 10k) are printed as comments.
# Topology: opt_topo_setup 1 plus a direct link. Run: tools/vm/run.sh selftests/test_opt_scale.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

FLOWS=${OPT_SCALE_FLOWS:-10000}
FIRST=$((FLOWS / 10))
GW_BYTES_PER_FLOW=64
HOST_FLOW_BYTES=128	# struct host_flow (88 bytes) in kmalloc-96, with slack

gw_load_module || skip_all "cannot load nat64.ko"
check "option-mode topology" opt_topo_setup 1 || ktap_finish
check "gateway in option mode" opt_gw_configure "$GW" 1
check "server in the host role" opt_srv_configure
# The direct IPv4 link of phase B.
ip -n "$CLI" link add d0 type veth peer name d0 netns "$SRV"
ip -n "$CLI" addr add 172.16.0.1/30 dev d0
ip -n "$SRV" addr add 172.16.0.2/30 dev d0
ip -n "$CLI" link set d0 up
ip -n "$SRV" link set d0 up
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
ip netns exec "$CLI" sysctl -qw net.ipv4.ip_local_port_range="10000 65000"
ip netns exec "$SRV" sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=4096
in_srv $OPT_TOOL serve 0.0.0.0 7000 &
on_exit "kill $!"
wait_listen "$SRV" tcp 7000 || ktap_fail "load server listening"

# mem: "SLAB_KB KMALLOC_BYTES" (meminfo Slab:, sum of kmalloc-* active objects).
mem() {
	sync
	echo "$(awk '/^Slab:/ { print $2 }' /proc/meminfo)" \
	     "$(awk '/^kmalloc-/ { s += $2 * $4 } END { print s + 0 }' /proc/slabinfo)"
}

# run_phase NAME DST: open FIRST then FLOWS connections to DST:7000, recording mem at
# each step in M_<NAME>_0, M_<NAME>_1, M_<NAME>_2; leaves them open until phase_end.
run_phase() {
	local name=$1 dst=$2 line
	eval "M_${name}_0=\"$(mem)\""
	coproc HOLD { ip netns exec "$CLI" $OPT_TOOL hold "$dst" 7000 "$FIRST,$FLOWS"; }
	read -r -t 300 line <&"${HOLD[0]}"
	echo "# $name: $line"
	eval "M_${name}_1=\"$(mem)\""
	echo go >&"${HOLD[1]}"
	read -r -t 300 line <&"${HOLD[0]}"
	echo "# $name: $line"
	eval "M_${name}_2=\"$(mem)\""
	PHASE_LINE=$line
}

phase_end() {
	echo done >&"${HOLD[1]}" 2>/dev/null
	wait "$HOLD_PID" 2>/dev/null
	sleep 2
}

# Phase B first: the same load on the direct link (endpoint cost only). First, because
# phase A leaves 10k closing host flows whose later freeing would skew B.
run_phase B 172.16.0.2
expect_eq "B: $FLOWS connections established" "$(awk '{ print $2 }' <<<"$PHASE_LINE")" "$FLOWS"
phase_end

# Phase A: through the gateway in option mode.
run_phase A "$OPT_SRV6"
expect_eq "A: $FLOWS connections established" "$(awk '{ print $2 }' <<<"$PHASE_LINE")" "$FLOWS"
expect_eq "A: gateway TCP session count 0" "$(opt_tcp_sessions "$GW")" 0
ns_ctl "$GW" instance show | ktap_comment
hf=$(ns_ctl "$SRV" instance show | sed -n 's/.*hostflows \([0-9]*\).*/\1/p')
if [ "${hf:-0}" -ge "$FLOWS" ] && [ "${hf:-0}" -le $((FLOWS + 10)) ]; then
	ktap_ok "A: the host holds $hf flows"
else
	ktap_fail "A: the host holds $FLOWS flows (got '${hf}')"
fi
n=$(ns_ctl "$SRV" hostflow show | grep -c .)
expect_eq "A: hostflow show pages through all flows" "$n" "$hf"
phase_end

read -r a0s a0k <<<"$M_A_0"; read -r a1s a1k <<<"$M_A_1"; read -r a2s a2k <<<"$M_A_2"
read -r b0s b0k <<<"$M_B_0"; read -r b1s b1k <<<"$M_B_1"; read -r b2s b2k <<<"$M_B_2"
steps=$((FLOWS - FIRST))
echo "# Slab kB        before / at $FIRST / at $FLOWS: A $a0s / $a1s / $a2s   B $b0s / $b1s / $b2s"
echo "# kmalloc bytes  before / at $FIRST / at $FLOWS: A $a0k / $a1k / $a2k   B $b0k / $b1k / $b2k"
sa=$(((a2s - a1s) * 1024 / steps)); sb=$(((b2s - b1s) * 1024 / steps))
ka=$(((a2k - a1k) / steps)); kb=$(((b2k - b1k) / steps))
echo "# per flow from $FIRST to $FLOWS: Slab A $sa B $sb bytes; kmalloc A $ka B $kb bytes"
extra=$((ka - kb))
limit=$((GW_BYTES_PER_FLOW + HOST_FLOW_BYTES))
if [ "$extra" -le "$limit" ]; then
	ktap_ok "kmalloc per flow, option mode minus direct: $extra B (<= $limit with host flow)"
else
	ktap_fail "kmalloc per flow, option mode minus direct: $extra B (> $limit with host flow)"
fi
sextra=$((sa - sb))
echo "# total Slab growth per flow, A minus B: $sextra bytes (information)"

dmesg_check
# Explicit, timed teardown (the script was seen not to return after its results when the
# namespaces still held 10k flows and 20k sockets; this shows where time goes).
echo "# teardown start $(date +%T)"
for ns in "$CLI" "$SRV"; do
	pids=$(ip netns pids "$ns" 2>/dev/null)
	[ -n "$pids" ] && kill -9 $pids 2>/dev/null
done
echo "# processes killed $(date +%T)"
ns_ctl "$SRV" instance del 2>&1 | ktap_comment
echo "# host instance deleted $(date +%T)"
ktap_finish
