# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# The four workloads of `make bench`. Each measures the subject set up in the current
# topology (bench/lib.sh) and writes one raw record. Durations come from bench/run.sh.

# wl_pps: small-packet rate. pktgen (CPU 0) sends 64-byte UDP as fast as it can, one flow;
# the figure is the packets the gateway delivered to the server per second (server eth0
# rx counter over the measuring window, after a warm-up second).
wl_pps() {
	local r0 r1 o0 o1 p0 p1 pid
	pktgen_setup 0 0 10000 10000 9000 9000 || { record pps error=pktgen; return 1; }
	srv_drop on || { record pps error=tc; return 1; }
	pktgen_start &
	pid=$!
	sleep 1
	p0=$(pg_ctr) o0=$(ctr "$B_GW" cli0) r0=$(ctr "$B_SRV" eth0)
	sleep "$PPS_SECS"
	p1=$(pg_ctr) o1=$(ctr "$B_GW" cli0) r1=$(ctr "$B_SRV" eth0)
	pktgen_stop
	wait "$pid" 2>/dev/null
	srv_drop off
	record pps value="$(rate "$r0" "$r1")" gw_in="$(rate "$o0" "$o1")" \
		sent="$(rate "$p0" "$p1")" unit=pps
}

# wl_tcp STREAMS: iperf3 bulk TCP client -> server, STREAMS parallel streams; the figure is
# what the server received (bit/s), first second omitted.
wl_tcp() {
	local n=$1 out bps
	out=$(app_cli timeout $((TCP_SECS + 20)) iperf3 -c "$DST" -p 5201 -t "$TCP_SECS" -O 1 \
		-P "$n" -J 2>&1)
	bps=$($PY -c 'import json,sys
try:
	d = json.loads(sys.stdin.read())
	print("%.0f" % d["end"]["sum_received"]["bits_per_second"])
except Exception:
	print("")' <<<"$out")
	if [ -z "$bps" ]; then
		record "tcp$n" error=iperf3
		log "iperf3: $(tail -c 300 <<<"$out")"
		return 1
	fi
	record "tcp$n" value="$bps" unit=bit/s
}

# wl_crr: new TCP connections per second (connect, 64-byte request, 64-byte answer,
# close) from 4 client threads against bench/crr.c's server.
wl_crr() {
	local out rate
	out=$(app_cli timeout $((CRR_SECS + 20)) "$CRR" client "$DST" 8080 "$CRR_SECS" 4 2>&1)
	rate=$(sed -n 's/.* rate \([0-9.]*\) .*/\1/p' <<<"$out")
	if [ -z "$rate" ]; then
		record crr error=crr
		log "crr: $out"
		return 1
	fi
	record crr value="$rate" unit=conn/s errors="$(sed -n 's/.*errors \([0-9]*\).*/\1/p' <<<"$out")"
}

# slab_bytes: bytes in use by slab objects (active objects x object size, all caches).
slab_bytes() {
	awk 'NR > 2 { s += $2 * $4 } END { printf "%.0f", s }' /proc/slabinfo
}

# wl_flows N: gateway memory per flow. pktgen sends one UDP packet per flow (distinct
# source/destination port pairs) at a moderate rate so nothing is dropped; the figure is
# the growth of slab usage divided by the flows the server received.
wl_flows() {
	local n=$1 sp dp s0 s1 m0 m1 r0 r1 got
	# pktgen steps both port ranges together: an odd source range and 2 destination
	# ports give 2 x range distinct pairs.
	if [ "$n" -le 60000 ]; then sp=$n dp=1; else sp=$(((n / 2) | 1)) dp=2; fi
	pktgen_setup "$((sp * dp))" "$FLOW_RATE" 1024 $((1024 + sp - 1)) 7000 $((7000 + dp - 1)) ||
		{ record "flows$n" error=pktgen; return 1; }
	srv_drop on || { record "flows$n" error=tc; return 1; }
	sleep 1
	s0=$(slab_bytes) m0=$(awk '/^Slab:/ {print $2 * 1024}' /proc/meminfo)
	r0=$(ctr "$B_SRV" eth0)
	pktgen_start
	sleep 2
	r1=$(ctr "$B_SRV" eth0)
	s1=$(slab_bytes) m1=$(awk '/^Slab:/ {print $2 * 1024}' /proc/meminfo)
	srv_drop off
	got=$((${r1#* } - ${r0#* }))
	record "flows$n" value="$(awk -v a="$s0" -v b="$s1" -v n="$got" \
		'BEGIN{printf "%.1f", n ? (b-a)/n : 0}')" unit=B/flow flows="$got" \
		slab_delta="$((s1 - s0))" meminfo_slab_delta="$((m1 - m0))"
}

# Servers for the TCP workloads, started once per subject setup.
servers_start() {
	app_srv iperf3 -s -B "$SRV_BIND" -p 5201 -D --pidfile /tmp/bench-iperf3.pid || return 1
	app_srv "$CRR" server "$SRV_BIND" 8080 2 </dev/null >/dev/null 2>&1 &
	wait_until 5 in_srv sh -c "ss -ltn | grep -q ':5201 ' && ss -ltn | grep -q ':8080 '"
}
