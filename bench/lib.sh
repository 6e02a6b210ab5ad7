# shellcheck shell=bash disable=SC2034,SC2016
# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers for bench/run.sh: topology, CPU placement, workloads, raw records.
# Source it; runs as root inside the test VM (tools/vm/run.sh).
#
# Topology (fresh for every subject and round, so subjects never see each other's state):
#
#   netns $B_CLI                 netns $B_GW (subject)                 netns $B_SRV
#   eth0 ----------------------- cli0          srv0 ------------------ eth0
#
# Addresses depend on the subject's family:
#   v6v4  (translators)  cli 2001:db8:6::2/64  gw 2001:db8:6::1/64 | 192.0.2.1/24  srv 192.0.2.2/24
#         the client reaches the server as 2001:db8:64::c000:202 (prefix 2001:db8:64::/96)
#   v6v6  (plain IPv6)   cli 2001:db8:6::2/64  gw 2001:db8:6::1/64 | 2001:db8:46::1/64
#                        srv 2001:db8:46::2/64
#   v4v4  (plain IPv4)   cli 198.51.100.2/24   gw 198.51.100.1/24 | 192.0.2.1/24  srv 192.0.2.2/24
#
# CPU placement (2 vCPUs): the gateway's receive processing is steered to CPU 1 with RPS on
# cli0 and srv0, the end hosts' to CPU 0 (RPS on their eth0), and the client and server
# programs (and pktgen's thread) run on CPU 0. CPU 1 is the gateway's, so the figures
# measure the gateway, not the sender. Offloads stay at the veth defaults (GSO/TSO on).

B_CLI=bcli
B_GW=bgw
B_SRV=bsrv
B_CLI6=2001:db8:6::2
B_GW6=2001:db8:6::1
B_PREFIX6=2001:db8:64::/96
B_SRV4=192.0.2.2
B_GW4=192.0.2.1
B_SRV46=2001:db8:64::c000:202
B_GWS6=2001:db8:46::1
B_SRV6=2001:db8:46::2
B_CLI4=198.51.100.2
B_GWC4=198.51.100.1
B_NEWSRC6=2001:db8:6::100	# newflows, newconns: a client address no mapping exists for yet
B_EAM6=2001:db8:6::2/128
B_EAM4=198.51.100.2/32
B_POOL6791=203.0.113.0/24

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${NAT64_REPO:-$(cd "$BENCH_DIR/.." && pwd)}
NAT64_KO=${NAT64_KO:-$REPO/nat64.ko}
NAT64CTL=${NAT64CTL:-$REPO/userspace-ctl/nat64ctl}
CRR=${CRR:-$REPO/build/bench/crr}
HOLD=${HOLD:-$REPO/build/bench/hold}
SYNRATE=${SYNRATE:-$REPO/build/bench/synrate}
REFLECT=${REFLECT:-$REPO/build/bench/reflect.o}
PY=/usr/bin/python3
NCPU=$(nproc)
APP_CPU=0
GW_CPU=$((NCPU > 1 ? 1 : 0))

in_cli() { ip netns exec "$B_CLI" "$@"; }
in_gw() { ip netns exec "$B_GW" "$@"; }
in_srv() { ip netns exec "$B_SRV" "$@"; }
app_cli() { ip netns exec "$B_CLI" taskset -c "$APP_CPU" "$@"; }
app_srv() { ip netns exec "$B_SRV" taskset -c "$APP_CPU" "$@"; }

log() { echo "bench: [$(date +%T)] $*" >&2; }
# trace MSG: a timestamped progress line when NAT64_BENCH_TRACE=1 (where the time goes).
trace() { [ -n "${NAT64_BENCH_TRACE:-}" ] && log "trace: $*"; return 0; }

# wait_until SECONDS cmd...: poll every 0.1 s.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# topo_up FAMILY: build the three namespaces for v6v4, v6v6 or v4v4. Sets DST (the
# server as the client addresses it), SRV_BIND (the server's own address), SRC, DST_FAM
# (6|4) and GW_MAC. Batched (ip -batch, one shell per namespace): every process start is
# expensive under TCG.
topo_up() {
	local fam=$1 cli gw srv ns sys cli_rt srv_rt
	topo_down
	gw="link set lo up
link add cli0 type veth peer name eth0 netns $B_CLI
link add srv0 type veth peer name eth0 netns $B_SRV"
	cli="link set lo up"
	srv="link set lo up"
	case "$fam" in
	v6v4)
		cli+=$'\n'"addr add $B_CLI6/64 dev eth0 nodad"
		gw+=$'\n'"addr add $B_GW6/64 dev cli0 nodad"$'\n'"addr add $B_GW4/24 dev srv0"
		srv+=$'\n'"addr add $B_SRV4/24 dev eth0"
		cli_rt="route add ::/0 via $B_GW6" srv_rt="route add default via $B_GW4"
		DST=$B_SRV46 SRV_BIND=$B_SRV4 SRC=$B_CLI6 DST_FAM=6 ;;
	v6v6)
		cli+=$'\n'"addr add $B_CLI6/64 dev eth0 nodad"
		gw+=$'\n'"addr add $B_GW6/64 dev cli0 nodad"$'\n'"addr add $B_GWS6/64 dev srv0 nodad"
		srv+=$'\n'"addr add $B_SRV6/64 dev eth0 nodad"
		cli_rt="route add ::/0 via $B_GW6" srv_rt="route add ::/0 via $B_GWS6"
		DST=$B_SRV6 SRV_BIND=$B_SRV6 SRC=$B_CLI6 DST_FAM=6 ;;
	v4v4)
		cli+=$'\n'"addr add $B_CLI4/24 dev eth0"
		gw+=$'\n'"addr add $B_GWC4/24 dev cli0"$'\n'"addr add $B_GW4/24 dev srv0"
		srv+=$'\n'"addr add $B_SRV4/24 dev eth0"
		cli_rt="route add default via $B_GWC4" srv_rt="route add default via $B_GW4"
		DST=$B_SRV4 SRV_BIND=$B_SRV4 SRC=$B_CLI4 DST_FAM=4 ;;
	*) log "unknown family $fam"; return 1 ;;
	esac
	gw+=$'\n'"link set cli0 up"$'\n'"link set srv0 up"
	cli+=$'\n'"link set eth0 up"$'\n'"$cli_rt"
	srv+=$'\n'"link set eth0 up"$'\n'"$srv_rt"
	printf 'netns add %s\n' "$B_CLI" "$B_GW" "$B_SRV" | ip -batch - || return 1
	ip -n "$B_GW" -batch - <<<"$gw" && ip -n "$B_CLI" -batch - <<<"$cli" &&
	ip -n "$B_SRV" -batch - <<<"$srv" || return 1
	# sysctls and RPS (needs the namespace's own /sys: ip netns exec), one shell each.
	for ns in "$B_CLI" "$B_GW" "$B_SRV"; do
		sys="sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0"
		sys+=" net.ipv6.conf.all.accept_ra=0 net.ipv6.conf.default.accept_ra=0"
		case "$ns" in
		"$B_GW")
			sys+=" net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1"
			[ "$NCPU" -gt 1 ] && sys+="; echo $((1 << GW_CPU)) > /sys/class/net/cli0/queues/rx-0/rps_cpus; echo $((1 << GW_CPU)) > /sys/class/net/srv0/queues/rx-0/rps_cpus" ;;
		*)
			[ "$ns" = "$B_SRV" ] && [ "$fam" = v6v4 ] &&
				sys+=" net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1"
			[ "$NCPU" -gt 1 ] && sys+="; echo $((1 << APP_CPU)) > /sys/class/net/eth0/queues/rx-0/rps_cpus" ;;
		esac
		ip netns exec "$ns" sh -ec "$sys" || return 1
	done
	GW_MAC=$(ip -n "$B_GW" -br link show cli0 | awk '{print $3}')
	# One idle process per namespace: /proc/PID/net/ then shows that namespace's counters,
	# so snap() reads all of them in one process (see there).
	nsenter --net="/run/netns/$B_CLI" sleep 1000000 & ANCHOR_CLI=$!
	nsenter --net="/run/netns/$B_GW" sleep 1000000 & ANCHOR_GW=$!
	nsenter --net="/run/netns/$B_SRV" sleep 1000000 & ANCHOR_SRV=$!
	TOPO_FAM=$fam
}

# topo_down: kill what runs in the namespaces and delete them.
topo_down() {
	local ns pids
	for ns in "$B_CLI" "$B_GW" "$B_SRV"; do
		ip netns list | grep -qw "^$ns" || continue
		pids=$(ip netns pids "$ns" 2>/dev/null)
		# shellcheck disable=SC2086
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

# reachable: one request/response through the gateway (the subject works at all).
reachable() {
	wait_until 10 in_cli ping -c 1 -W 1 "$DST"
}

# ---------------------------------------------------------------- gateway CPU time
# cpu_ticks: "BUSY TOTAL" clock ticks of the gateway's CPU ($GW_CPU) from /proc/stat
# (busy = user + nice + system + irq + softirq + steal; total adds idle and iowait).
# /proc/stat is not per namespace: CPU 1 is the gateway's because RPS puts its packet
# processing there and every program of the bench runs on CPU 0.
cpu_ticks() {
	awk -v c="cpu$GW_CPU" '$1 == c { b = $2 + $3 + $4 + $7 + $8 + $9; print b, b + $5 + $6 }' \
		/proc/stat
}

# gw_cpu "B0 T0" "B1 T1": "BUSY_SECONDS UTILISATION" of the gateway's CPU between two
# cpu_ticks readings.
gw_cpu() {
	awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { split(a, x, " ");
		split(b, y, " "); busy = y[1] - x[1]; tot = y[2] - x[2];
		printf "%.2f %.4f", busy / hz, (tot > 0 ? busy / tot : 0) }'
}

# ---------------------------------------------------------------- kernel memory
# slab_bytes: bytes in use by slab objects (active objects x object size, all caches).
slab_bytes() {
	awk 'NR > 2 { s += $2 * $4 } END { printf "%.0f", s }' /proc/slabinfo
}

# kmem_bytes: what the kernel's allocators hold: /proc/meminfo's Slab (slab pages, and
# the whole pages of kmalloc() calls too large for a cache) plus VmallocUsed (where
# kvmalloc() falls back to vmalloc). /proc/slabinfo sees neither of the last two, and
# hash table bucket arrays are exactly such allocations.
kmem_bytes() {
	awk '/^(Slab|VmallocUsed):/ { s += $2 } END { printf "%.0f", s * 1024 }' /proc/meminfo
}

# slab_shrink: flush every cache's per-CPU slabs and free its empty slabs (SLUB's sysfs
# "shrink"). /proc/slabinfo counts the free objects sitting on per-CPU slabs as in use,
# and /proc/meminfo the pages they sit in; flushed, two readings differ only by what
# was really allocated or freed meanwhile. Merged caches are symlinks: each real cache once.
slab_shrink() {
	local d t0=$SECONDS
	for d in /sys/kernel/slab/*; do
		[ -L "$d" ] || echo 1 > "$d/shrink" 2>/dev/null
	done
	[ $((SECONDS - t0)) -ge 3 ] && log "slab shrink took $((SECONDS - t0)) s"
}

# kmem_exact: "KMEM SLAB", kmem_bytes and slab_bytes after slab_shrink.
kmem_exact() {
	slab_shrink
	echo "$(kmem_bytes) $(slab_bytes)"
}

# slab_settle [MAXSECS]: wait until slab usage stops moving (less than 32 KiB in half a
# second), e.g. while a deleted namespace's sockets or kfree_rcu() batches are freed; prints
# the last reading.
slab_settle() {
	local t0=$SECONDS end=$((SECONDS + ${1:-20})) a b
	a=$(slab_bytes)
	while :; do
		sleep 0.5
		b=$(slab_bytes)
		[ $((a > b ? a - b : b - a)) -lt 32768 ] && break
		[ $SECONDS -ge $end ] && { log "slab usage still moving after ${1:-20} s"; break; }
		a=$b
	done
	[ $((SECONDS - t0)) -ge 3 ] && log "slab usage settled after $((SECONDS - t0)) s"
	echo "$b"
}

# ---------------------------------------------------------------- raw records
# record WORKLOAD KEY=VALUE...: one JSON line in $RAW for report.py.
record() {
	local wl=$1 kv json
	shift
	json="{\"subject\":\"$SUBJECT\",\"round\":$ROUND,\"workload\":\"$wl\""
	for kv in "$@"; do
		case "${kv#*=}" in
		''|*[!0-9.e+-]*) json="$json,\"${kv%%=*}\":\"${kv#*=}\"" ;;
		*) json="$json,\"${kv%%=*}\":${kv#*=}" ;;
		esac
	done
	echo "$json}" >> "$RAW"
	log "$SUBJECT round $ROUND $wl: $*"
}

# ---------------------------------------------------------------- pktgen
# snap: "UPTIME SRV_RX GW_IN PG_SENT CPU_BUSY CPU_TOTAL" in ONE process: the server's eth0
# and the gateway's cli0 rx packets, what pktgen has sent, and the gateway CPU's ticks
# (cpu_ticks). During the pps run both CPUs are saturated and every process start takes
# seconds, so a reading must not spawn one process per counter.
snap() {
	awk -v c="cpu$GW_CPU" 'FNR == 1 { f++ }
		f == 1 { t = $1 }
		f == 2 { sub(":", " "); if ($1 == "eth0") srv = $3 }
		f == 3 { sub(":", " "); if ($1 == "cli0") gw = $3 }
		f == 4 && $1 == c { b = $2 + $3 + $4 + $7 + $8 + $9; tot = b + $5 + $6 }
		f == 5 && /pkts-sofar:/ { pg = $2 }
		END { print t, srv + 0, gw + 0, pg + 0, b + 0, tot + 0 }' /proc/uptime \
		"/proc/$ANCHOR_SRV/net/dev" "/proc/$ANCHOR_GW/net/dev" /proc/stat \
		"/proc/$ANCHOR_CLI/net/pktgen/eth0" 2>/dev/null
}

# pktgen_setup COUNT RATEP SPORT_MIN SPORT_END DPORT_MIN DPORT_END [SRC]: UDP from the client
# to $DST through the gateway, 64-byte frames (IPv6: pktgen's 78-byte minimum). Ports
# step through [MIN, END): pktgen wraps to its min when it reaches its max, so the max
# itself is never sent (a single port: END = MIN).
pktgen_setup() {
	local count=$1 ratep=$2 src=${7:-$SRC} rate addr
	modprobe pktgen || return 1
	if [ "$ratep" -gt 0 ]; then rate="ratep $ratep"; else rate="delay 0"; fi
	if [ "$DST_FAM" = 6 ]; then
		addr="dst6 $DST
src6 $src"
	else
		addr="dst_min $DST
dst_max $DST
src_min $src
src_max $src"
	fi
	# One shell in the client's namespace for the whole configuration, shell builtins
	# only (every process start is slow under TCG); every command's result is checked.
	nsenter --net="/run/netns/$B_CLI" sh -c '
		pg() {
			echo "$2" > /proc/net/pktgen/$1 2>/dev/null
			while IFS= read -r l; do
				case "$l" in
				*"Result: OK"*) return 0 ;;
				*Result:*) echo "pktgen $1: \"$2\" refused: $l" >&2; return 1 ;;
				esac
			done < /proc/net/pktgen/$1
			echo "pktgen $1: \"$2\": no result" >&2
			return 1
		}
		pg kpktgend_0 rem_device_all && pg kpktgend_0 "add_device eth0" || exit 1
		while read -r cmd; do
			[ -n "$cmd" ] && { pg eth0 "$cmd" || exit 1; }
		done' <<EOF2
count $count
clone_skb 0
pkt_size 64
dst_mac $GW_MAC
flag UDPCSUM
udp_src_min $3
udp_src_max $4
udp_dst_min $5
udp_dst_max $6
$rate
$addr
EOF2
}

pktgen_start() {
	nsenter --net="/run/netns/$B_CLI" sh -c 'echo start > /proc/net/pktgen/pgctrl' 2>/dev/null
}
pktgen_stop() {
	nsenter --net="/run/netns/$B_CLI" sh -c 'echo stop > /proc/net/pktgen/pgctrl' 2>/dev/null
}

# ctr NS DEV: "TIME RX_PACKETS" of DEV in netns NS, the time taken next to the reading
# (nsenter is much lighter than ip netns exec, which remounts /sys).
ctr() {
	nsenter --net="/run/netns/$1" awk -v d="$2" 'BEGIN { "date +%s.%N" | getline t }
		{ sub(":", " ") } $1 == d { print t, $3 }' /proc/net/dev
}

# rate "T0 C0" "T1 C1": counter increase per second.
rate() {
	awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
		printf "%.0f", (y[2] - x[2]) / (y[1] - x[1]) }'
}

# srv_drop on|off: drop the UDP test traffic at the server's ingress (tc), so that counting
# delivered packets costs the server (and CPU 0) as little as possible. ARP and neighbour
# discovery must pass, or the gateway loses its neighbour entry during the measurement.
srv_drop() {
	if [ "$1" = on ]; then
		tc -n "$B_SRV" qdisc add dev eth0 clsact &&
		tc -n "$B_SRV" filter add dev eth0 ingress pref 1 protocol ip \
			flower ip_proto udp action drop &&
		tc -n "$B_SRV" filter add dev eth0 ingress pref 2 protocol ipv6 \
			flower ip_proto udp action drop
	else
		tc -n "$B_SRV" qdisc del dev eth0 clsact 2>/dev/null
		return 0
	fi
}
