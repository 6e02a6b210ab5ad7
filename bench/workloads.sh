# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# The workloads of `make bench`. Each measures the subject set up in the current
# topology (bench/lib.sh) and writes one raw record. Durations come from bench/run.sh.

# wl_pps: small-packet rate. pktgen (CPU 0) sends 64-byte UDP as fast as it can, one flow;
# the figure is the packets the gateway delivered to the server per second (server eth0
# rx counter over the measuring window, after a warm-up second).
wl_pps() {
	local a b pid
	trace "pps setup"
	pktgen_setup 0 0 10000 10000 9000 9000 || { record pps error=pktgen; return 1; }
	srv_drop on || { record pps error=tc; return 1; }
	trace "pps start"
	pktgen_start &
	pid=$!
	sleep 1
	a=$(snap)
	sleep "$PPS_SECS"
	b=$(snap)
	trace "pps stop"
	pktgen_stop
	wait "$pid" 2>/dev/null
	srv_drop off
	trace "pps stopped"
	# shellcheck disable=SC2046
	record pps $(rate_fields "$a" "$b") unit=pps
}

# rate_fields A B: the key=value fields of a rate record from two snap readings: value
# (packets the server received per second), gw_in and sent (per second), the gateway's
# CPU time and utilisation, the window length.
rate_fields() {
	awk -v a="$1" -v b="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x, " "); split(b, y, " "); dt = y[1] - x[1]; tot = y[6] - x[6]
		if (dt <= 0) dt = 1
		printf "value=%.0f gw_in=%.0f sent=%.0f gw_cpu_s=%.2f gw_util=%.4f secs=%.2f",
			(y[2] - x[2]) / dt, (y[3] - x[3]) / dt, (y[4] - x[4]) / dt,
			(y[5] - x[5]) / hz, (tot > 0 ? (y[5] - x[5]) / tot : 0), dt }'
}

# wl_newflows: new flows per second, the gateway's connection setup rate. pktgen sends
# one 64-byte UDP packet for each of NEWFLOWS distinct flows as fast as it can, from a
# client address that has no mapping yet: every packet makes a stateful translator
# create a mapping and a session, without the end hosts' TCP work that bounds crr.
# A stateful gateway is slower than pktgen at this (pktgen's "errors" grow: its packets
# find the gateway's backlog full). The figure is the flows the server received divided
# by the time pktgen was sending (its own Result line; starting it takes a while under
# TCG), and per gateway CPU-second: the gateway's CPU time over the whole run, which
# before and after the sending is idle (report.py: value / gw_util). NEWFLOWS stays well
# below the pool's 64512 ports: port allocation near exhaustion is another matter.
wl_newflows() {
	local a b usec
	pktgen_setup "$NEWFLOWS" 0 1024 $((1024 + NEWFLOWS)) 8000 8000 "$B_NEWSRC6" ||
		{ record newflows error=pktgen; return 1; }
	srv_drop on || { record newflows error=tc; return 1; }
	sleep 0.2
	a=$(snap)
	pktgen_start
	sleep 0.1	# the gateway's backlog (at most 1000 packets) drains
	b=$(snap)
	srv_drop off
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' "/proc/$ANCHOR_CLI/net/pktgen/eth0")
	[ -n "$usec" ] && [ "$usec" -gt 0 ] || { record newflows error=pktgen; return 1; }
	# shellcheck disable=SC2046
	record newflows $(awk -v a="$a" -v b="$b" -v us="$usec" -v hz="$(getconf CLK_TCK)" 'BEGIN {
		split(a, x, " "); split(b, y, " "); t = us / 1e6; cpu = (y[5] - x[5]) / hz
		printf "value=%.0f sent=%.0f gw_cpu_s=%.2f gw_util=%.4f secs=%.3f flows=%d",
			(y[2] - x[2]) / t, (y[4] - x[4]) / t, cpu, cpu / t, t, y[2] - x[2] }') \
		pktgen_errors="$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' \
			"/proc/$ANCHOR_CLI/net/pktgen/eth0" | head -1)" unit=flows/s
}

# wl_newconns: new TCP connections per second, the TCP twin of newflows, with the gateway
# as the limit. bench/synrate.c (CPU 0) sends NEWCONNS SYNs, one per source port, from a
# client address with no mapping yet, and counts the SYN-ACKs coming back, at most 256
# unanswered at a time (no backlog overflows). The gateway translates two packets per
# connection: the SYN creates the session (in option mode: gets the sealed option), the
# SYN-ACK finds it. No server TCP stack answers: bench/reflect.bpf.c on the gateway's
# srv0 turns each SYN into its SYN-ACK as it leaves and hands it back to srv0's ingress.
# With a real server the end hosts' CPU is the limit again (measured: ~30 us per
# connection on CPU 0, more than a fast gateway needs), as in crr. The client drops the
# SYN-ACKs at its ingress (synrate's tap sees them first), so it sends no RSTs. The
# figure is the answered SYNs divided by synrate's own time (first SYN to last SYN-ACK),
# and per gateway CPU-second from CPU 1's idle time over that same window.
wl_newconns() {
	local line fields
	ip -n "$B_CLI" addr add "$B_NEWSRC6/64" dev eth0 nodad 2>/dev/null
	# The gateway learns the new address's neighbour entry first (no SYN-ACK waits); it
	# stays reachable for far longer than the run, during which the client drops all
	# IPv6 at its ingress: a match-all costs CPU 0 less than a flower match, and CPU 0
	# (synrate and the client's receive path) is nearly as busy as a fast gateway here.
	in_cli ping -c 1 -W 1 -I "$B_NEWSRC6" "$B_GW6" >/dev/null 2>&1
	tc -n "$B_CLI" -batch - <<<"qdisc add dev eth0 clsact
filter add dev eth0 ingress pref 1 protocol ipv6 matchall action drop" &&
	tc -n "$B_GW" -batch - <<<"qdisc add dev srv0 clsact
filter add dev srv0 egress pref 1 bpf da obj $REFLECT sec tc" ||
		{ record newconns error=tc; tc_clear; return 1; }
	line=$(app_cli "$SYNRATE" eth0 "$GW_MAC" "$B_NEWSRC6" "$DST" 8081 "$NEWCONNS" 256 1024 2>&1)
	tc_clear
	# "sent N answered A lost L usec U busy B0,B1": the record's fields, or nothing.
	fields=$(awk -v g="$GW_CPU" -v c="$APP_CPU" '$1 == "sent" && $4 > 0 && $8 > 0 {
		split($10, u, ","); t = $8 / 1e6
		printf "value=%.0f gw_cpu_s=%.4f gw_util=%.4f app_util=%.4f secs=%.3f conns=%d lost=%d",
			$4 / t, u[g + 1], u[g + 1] / t, u[c + 1] / t, t, $4, $6 }' <<<"$line")
	if [ -z "$fields" ]; then
		record newconns error=synrate
		log "synrate: $line"
		return 1
	fi
	# shellcheck disable=SC2086
	record newconns $fields unit=conn/s
}

# tc_clear: newconns' client drop filter and SYN reflector removed.
tc_clear() {
	tc -n "$B_CLI" qdisc del dev eth0 clsact 2>/dev/null
	tc -n "$B_GW" qdisc del dev srv0 clsact 2>/dev/null
	return 0
}

# tcp_bps DST STREAMS: one iperf3 bulk run, client -> DST, first second omitted; prints
# the bit/s the server received, or nothing (and logs iperf3's end) when it failed.
tcp_bps() {
	local out bps
	out=$(app_cli timeout $((TCP_SECS + 20)) iperf3 -c "$1" -p "${3:-5201}" -t "$TCP_SECS" \
		-O 1 -P "$2" -J 2>&1)
	bps=$($PY -c 'import json,sys
try:
	d = json.loads(sys.stdin.read())
	print("%.0f" % d["end"]["sum_received"]["bits_per_second"])
except Exception:
	print("")' <<<"$out")
	[ -n "$bps" ] || log "iperf3 to $1: $(tail -c 300 <<<"$out")"
	echo "$bps"
}

# tcp_pair_up / tcp_pair_down: for a translator (v6v4 topology) and BENCH_TCP_PAIRED, a
# plain IPv6 path through the same gateway to the same server (which gets an IPv6
# address outside the translation prefix), and an iperf3 server on it (port 5202).
# Translators leave such packets alone.
tcp_pair_up() {
	TCP_PAIR=
	[ "${TCP_PAIRED:-0}" = 1 ] && [ "$TOPO_FAM" = v6v4 ] || return 0
	in_srv sysctl -qw net.ipv6.conf.all.disable_ipv6=0 net.ipv6.conf.eth0.disable_ipv6=0 &&
	in_srv ip addr add "$B_SRV6/64" dev eth0 nodad &&
	in_srv ip -6 route add ::/0 via "$B_GWS6" &&
	in_gw ip addr add "$B_GWS6/64" dev srv0 nodad &&
	app_srv iperf3 -s -B "$B_SRV6" -p 5202 -D --pidfile /tmp/bench-iperf3-pair.pid &&
	wait_until 5 in_cli ping -c 1 -W 1 "$B_SRV6" >/dev/null || {
		log "$SUBJECT: no plain IPv6 path next to the translator: TCP bulk not paired"
		return 0
	}
	TCP_PAIR=1
}

tcp_pair_down() {
	[ "${TCP_PAIRED:-0}" = 1 ] && [ "$TOPO_FAM" = v6v4 ] || return 0
	[ -f /tmp/bench-iperf3-pair.pid ] && kill "$(cat /tmp/bench-iperf3-pair.pid)" 2>/dev/null
	rm -f /tmp/bench-iperf3-pair.pid
	in_gw ip addr del "$B_GWS6/64" dev srv0 2>/dev/null
	in_srv sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.eth0.disable_ipv6=1
	TCP_PAIR=
	return 0
}

# wl_tcp STREAMS: iperf3 bulk TCP client -> server, STREAMS parallel streams; the figure is
# what the server received (bit/s), first second omitted. With tcp_pair_up's path, plain
# IPv6 forwarding to the same server is measured too, in slices of half the time in the
# order plain, translated, translated, plain, and each side's two slices are averaged
# (plain_same_topo): bulk TCP is bound by the end hosts, and under TCG their speed drifts
# by as much as 10% between measurements minutes apart, twice the margin of the target;
# the symmetric order cancels a steady drift within the round (Documentation/bench.rst).
wl_tcp() {
	local n=$1 bps plain='' c0 c1 busy util half p1 p2 x2
	half=$((TCP_SECS / 2))
	[ "$half" -ge 2 ] || half=2
	[ -n "${TCP_PAIR:-}" ] && p1=$(TCP_SECS=$half tcp_bps "$B_SRV6" "$n" 5202)
	c0=$(cpu_ticks)
	if [ -n "${TCP_PAIR:-}" ]; then
		bps=$(TCP_SECS=$half tcp_bps "$DST" "$n")
		x2=$(TCP_SECS=$half tcp_bps "$DST" "$n")
		if [ -n "$bps" ] && [ -n "$x2" ]; then bps=$(((bps + x2) / 2)); else bps=; fi
	else
		bps=$(tcp_bps "$DST" "$n")
	fi
	c1=$(cpu_ticks)
	read -r busy util <<<"$(gw_cpu "$c0" "$c1")"
	if [ -n "${TCP_PAIR:-}" ]; then
		p2=$(TCP_SECS=$half tcp_bps "$B_SRV6" "$n" 5202)
		[ -n "$p1" ] && [ -n "$p2" ] && plain=$(((p1 + p2) / 2))
	fi
	if [ -z "$bps" ]; then
		record "tcp$n" error=iperf3
		return 1
	fi
	# gw_util covers the omitted first seconds too: information only.
	record "tcp$n" value="$bps" unit=bit/s gw_cpu_s="$busy" gw_util="$util" \
		${plain:+plain_same_topo=$plain}
}

# wl_crr: new TCP connections per second (connect, 64-byte request, 64-byte answer,
# close) from 4 client threads against bench/crr.c's server. Also the gateway's CPU time
# over the run: conns / gw_cpu_s is the connections per gateway CPU-second (report.py).
wl_crr() {
	local out rate conns c0 c1 busy util
	c0=$(cpu_ticks)
	out=$(app_cli timeout $((CRR_SECS + 20)) "$CRR" client "$DST" 8080 "$CRR_SECS" 4 2>&1)
	c1=$(cpu_ticks)
	rate=$(sed -n 's/.* rate \([0-9.]*\) .*/\1/p' <<<"$out")
	conns=$(sed -n 's/^conns \([0-9]*\) .*/\1/p' <<<"$out")
	if [ -z "$rate" ]; then
		record crr error=crr
		log "crr: $out"
		return 1
	fi
	read -r busy util <<<"$(gw_cpu "$c0" "$c1")"
	record crr value="$rate" unit=conn/s conns="$conns" gw_cpu_s="$busy" gw_util="$util" \
		errors="$(sed -n 's/.*errors \([0-9]*\).*/\1/p' <<<"$out")"
}

# wl_flows N: gateway memory per flow. pktgen sends one UDP packet per flow (distinct
# source/destination port pairs) at a moderate rate so nothing is dropped; the figure is
# the growth of kernel memory (kmem_bytes) divided by the flows the server received. Each
# N uses source ports the previous N did not (FLOW_SPORT), so every flow of it needs a new
# session and its source port a new mapping: up to 60000 flows one mapping per flow,
# above that 2 destination ports per source port (100k flows: 50k mappings, 100k
# sessions).
FLOW_SPORT=1024
wl_flows() {
	local n=$1 sp dp k0 k1 s0 s1 r0 r1 got base
	base=$((7000 + ${#n} * 10))
	# pktgen steps both port ranges together: an odd source range and 2 destination
	# ports give 2 x range distinct pairs (checked: the session count after 10k flows).
	if [ "$n" -le 60000 ]; then sp=$n dp=1; else sp=$(((n / 2) | 1)) dp=2; fi
	[ $((FLOW_SPORT + sp)) -le 65535 ] || FLOW_SPORT=1024
	pktgen_setup "$((sp * dp))" "$FLOW_RATE" "$FLOW_SPORT" $((FLOW_SPORT + sp)) \
		"$base" $((base + dp)) || { record "flows$n" error=pktgen; return 1; }
	FLOW_SPORT=$((FLOW_SPORT + sp))
	srv_drop on || { record "flows$n" error=tc; return 1; }
	trace "flows configured"
	sleep 1
	read -r k0 s0 <<<"$(kmem_exact)"
	r0=$(ctr "$B_SRV" eth0)
	pktgen_start
	sleep 2
	r1=$(ctr "$B_SRV" eth0)
	read -r k1 s1 <<<"$(kmem_exact)"
	srv_drop off
	got=$((${r1#* } - ${r0#* }))
	record "flows$n" value="$(awk -v a="$k0" -v b="$k1" -v n="$got" \
		'BEGIN{printf "%.1f", n ? (b-a)/n : 0}')" unit=B/flow flows="$got" mappings="$sp" \
		kmem_delta="$((k1 - k0))" slab_delta="$((s1 - s0))"
}

# wl_tcpflows N: gateway memory per TCP flow. bench/hold.c opens N concurrent connections
# (one byte each way) and holds them. All namespaces share one kernel, so memory growth
# mostly shows the end hosts' sockets (about 8 KB per connection, both ends); what the
# gateway keeps is measured as the kernel memory (kmem_bytes) that removing the translator
# frees while the N connections are still open (subject_teardown; its fixed configuration
# is a few KB, ~0 per flow). For TCP-option mode the host role on the server is removed
# next and reported apart (host_per_flow: the state the design moves to the server). Run
# on a fresh gateway.
wl_tcpflows() {
	local n=$1 wl=tcpflows$1 line held k0 k1 k2 k3 s0 s1 s2 s3 info host=""
	in_cli sysctl -qw net.ipv4.ip_local_port_range="1024 65535"
	slab_settle >/dev/null
	read -r k0 s0 <<<"$(kmem_exact)"
	coproc HOLDC { app_cli "$HOLD" client "$DST" 8090 "$n" 64 2>&1; }
	if ! read -r -t $((n / 50 + 120)) line <&"${HOLDC[0]}"; then
		line="timeout"
	fi
	held=$(sed -n 's/^held \([0-9]*\) .*/\1/p' <<<"$line")
	if [ -z "$held" ] || [ "$held" -lt 1 ]; then
		record "$wl" error=hold
		log "hold: $line"
		kill "$HOLDC_PID" 2>/dev/null
		return 1
	fi
	sleep 1
	slab_settle 5 >/dev/null
	read -r k1 s1 <<<"$(kmem_exact)"
	info=$(declare -F subject_flows_info >/dev/null && subject_flows_info)
	subject_teardown >/dev/null 2>&1
	sleep 1
	slab_settle 10 >/dev/null
	read -r k2 s2 <<<"$(kmem_exact)"
	if declare -F subject_host_teardown >/dev/null; then
		subject_host_teardown >/dev/null 2>&1
		sleep 1
		slab_settle 10 >/dev/null
		read -r k3 s3 <<<"$(kmem_exact)"
		host=host_per_flow=$(awk -v a="$k2" -v b="$k3" -v n="$held" \
			'BEGIN { printf "%.1f", (a - b) / n }')
	fi
	echo "done" >&"${HOLDC[1]}"
	wait "$HOLDC_PID" 2>/dev/null
	# Both ends reset their sockets now (linger 0), so deleting the namespaces later
	# has no 2N sockets to tear down while the next measurement runs.
	[ -n "${HOLD_SRV_PID:-}" ] && kill "$HOLD_SRV_PID" 2>/dev/null
	# shellcheck disable=SC2086
	record "$wl" value="$(awk -v a="$k1" -v b="$k2" -v n="$held" \
		'BEGIN { printf "%.1f", (a - b) / n }')" unit=B/flow held="$held" \
		hold_secs="$(awk '{ print $4 }' <<<"$line")" failed="$(awk '{ print $6 }' <<<"$line")" \
		growth_per_flow="$(awk -v a="$k0" -v b="$k1" -v n="$held" \
			'BEGIN { printf "%.1f", (b - a) / n }')" \
		kmem_growth="$((k1 - k0))" kmem_freed="$((k1 - k2))" \
		slab_growth="$((s1 - s0))" slab_freed="$((s1 - s2))" $host $info
}

# Servers for the TCP workloads, started once per subject setup.
servers_start() {
	app_srv iperf3 -s -B "$SRV_BIND" -p 5201 -D --pidfile /tmp/bench-iperf3.pid || return 1
	app_srv "$CRR" server "$SRV_BIND" 8080 2 </dev/null >/dev/null 2>&1 &
	app_srv "$HOLD" server "$SRV_BIND" 8090 </dev/null >/dev/null 2>&1 &
	HOLD_SRV_PID=$!
	wait_until 5 servers_listening
}

# servers_listening: ports 5201, 8080 and 8090 (hex 1451, 1F90, 1F9A) listen in the
# server's namespace (read through its anchor process: no namespace switch per poll).
servers_listening() {
	cat "/proc/$ANCHOR_SRV/net/tcp" "/proc/$ANCHOR_SRV/net/tcp6" 2>/dev/null |
		awk '$4 == "0A" { split($2, a, ":"); p[a[2]] = 1 }
		     END { exit !(p["1451"] && p["1F90"] && p["1F9A"]) }'
}
