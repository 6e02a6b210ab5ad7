#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC1090,SC1091,SC2034
# Guest side of `make bench`: runs inside ONE test VM and measures every subject on the
# same topology, in rounds (each round: every subject, fresh topology, every workload),
# so that slow drift of the host hits all subjects alike. Raw records: $OUT/raw.jsonl,
# subject availability: $OUT/subjects.jsonl, environment: $OUT/env.json.
#
# usage: bench/run.sh [-s|--short] [-o OUTDIR] [SUBJECT...]
#   environment: BENCH_ROUNDS, BENCH_SECS (pps/tcp/crr seconds), BENCH_FLOWS (UDP flows,
#   "10000 100000"), BENCH_TCP_FLOWS (concurrent TCP connections, "10000 50000"; none skips),
#   BENCH_TCP_FLOW_ROUNDS (in how many rounds; 1 by default),
#   BENCH_FLOW_ROUNDS (UDP flows: short mode 1, full mode every round),
#   BENCH_MEM_SUBJECTS (whose memory is measured: "all", or names; short mode: the stateful
#   subjects, nat64-tcpopt's TCP connections only),
#   BENCH_NEWFLOWS (flows of the newflows workload, 40000; 0 skips it; short mode: 0; run
#   for the stateful subjects only: a stateless translator does no per-flow setup),
#   BENCH_NEWCONNS (connections of the newconns workload, 20000; 0 skips it; run for the
#   stateful subjects and, in full mode, plain-v6, the reference)
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$BENCH_DIR/workloads.sh"
# The harness and everything it starts (namespace setup, readings, nat64ctl, ...) run on
# the end hosts' CPU: CPU 1 then does nothing but the gateway's packet processing, so its
# busy time is the gateway's cost (the per gateway CPU-second figures).
[ "$NCPU" -gt 1 ] && taskset -pc "$APP_CPU" $$ >/dev/null

mode=full
OUT=${NAT64_RESULTS:-/tmp}/bench
subjects=()
while [ $# -gt 0 ]; do
	case "$1" in
	-s|--short) mode=short; shift ;;
	-o) OUT=$2; shift 2 ;;
	*) subjects+=("$1"); shift ;;
	esac
done
if [ ${#subjects[@]} -eq 0 ] && [ $mode = short ]; then
	# Short mode leaves out what no target refers to (plain IPv4 forwarding, TAYGA): it
	# must stay under 10 minutes. The full mode measures every subject.
	subjects=(plain-v6 nat64-siit nat64-nat64 nat64-tcpopt jool-siit jool-nat64)
elif [ ${#subjects[@]} -eq 0 ]; then
	subjects=(plain-v6 plain-v4 nat64-siit nat64-nat64 nat64-tcpopt jool-siit jool-nat64 tayga)
fi

# From the host through tools/vm/run.sh (which forwards NAT64_* variables only).
BENCH_ROUNDS=${BENCH_ROUNDS:-${NAT64_BENCH_ROUNDS:-}}
BENCH_SECS=${BENCH_SECS:-${NAT64_BENCH_SECS:-}}
BENCH_FLOWS=${BENCH_FLOWS:-${NAT64_BENCH_FLOWS:-}}
BENCH_TCP_FLOWS=${BENCH_TCP_FLOWS:-${NAT64_BENCH_TCP_FLOWS:-}}
BENCH_TCP_FLOW_ROUNDS=${BENCH_TCP_FLOW_ROUNDS:-${NAT64_BENCH_TCP_FLOW_ROUNDS:-}}
BENCH_FLOW_ROUNDS=${BENCH_FLOW_ROUNDS:-${NAT64_BENCH_FLOW_ROUNDS:-}}
BENCH_MEM_SUBJECTS=${BENCH_MEM_SUBJECTS:-${NAT64_BENCH_MEM_SUBJECTS:-}}
BENCH_TCP_PAIRED=${BENCH_TCP_PAIRED:-${NAT64_BENCH_TCP_PAIRED:-}}
if [ $mode = short ]; then
	ROUNDS=${BENCH_ROUNDS:-3} SECS=${BENCH_SECS:-2} FLOWS=${BENCH_FLOWS:-10000}
	TCP_FLOWS=${BENCH_TCP_FLOWS:-10000}
	# Memory per flow hardly varies between rounds and holding 10k connections costs
	# ~30 s per subject (50k: minutes): short mode measures memory in the first round
	# only, full mode UDP flows in every round and TCP connections in the first.
	TCP_FLOW_ROUNDS=${BENCH_TCP_FLOW_ROUNDS:-1} FLOW_ROUNDS=${BENCH_FLOW_ROUNDS:-1}
	# ... and only for the subjects with a memory target (stateless ones keep nothing).
	MEM_SUBJECTS=${BENCH_MEM_SUBJECTS:-"nat64-nat64 nat64-tcpopt jool-nat64"}
	# nat64-tcpopt's UDP is nat64-nat64's stateful code (no UDP memory target refers to
	# it): by default its TCP connections held are measured, not its UDP flows.
	if [ -n "$BENCH_MEM_SUBJECTS" ]; then UDP_MEM_SKIP=none; else UDP_MEM_SKIP=nat64-tcpopt; fi
else
	ROUNDS=${BENCH_ROUNDS:-5} SECS=${BENCH_SECS:-8} FLOWS=${BENCH_FLOWS:-"10000 100000"}
	TCP_FLOWS=${BENCH_TCP_FLOWS:-"10000 50000"}
	TCP_FLOW_ROUNDS=${BENCH_TCP_FLOW_ROUNDS:-1} FLOW_ROUNDS=${BENCH_FLOW_ROUNDS:-$ROUNDS}
	MEM_SUBJECTS=${BENCH_MEM_SUBJECTS:-all}
	UDP_MEM_SKIP=none
fi
[ "$TCP_FLOWS" = none ] && TCP_FLOWS=
PPS_SECS=$SECS TCP_SECS=$SECS CRR_SECS=$SECS
# TCP bulk of translators paired with plain IPv6 forwarding in their own topology (see
# wl_tcp): doubles their bulk runs, so the short mode leaves it out unless asked.
if [ $mode = short ]; then TCP_PAIRED=${BENCH_TCP_PAIRED:-0}; else TCP_PAIRED=${BENCH_TCP_PAIRED:-1}; fi
FLOW_RATE=${BENCH_FLOW_RATE:-20000}	# pps for the flows workload: below every subject's limit
BENCH_NEWFLOWS=${BENCH_NEWFLOWS:-${NAT64_BENCH_NEWFLOWS:-}}
# newflows is evidence next to newconns, the connection-rate target's gateway-bound
# measure: the short mode, which must stay under 10 minutes, leaves it out unless asked.
if [ $mode = short ]; then NEWFLOWS=${BENCH_NEWFLOWS:-0}; else NEWFLOWS=${BENCH_NEWFLOWS:-40000}; fi
[ "$NEWFLOWS" -le 60000 ] || NEWFLOWS=60000	# one pool4 address: 64512 ports
NEWFLOW_SUBJECTS="nat64-nat64 nat64-tcpopt jool-nat64"
BENCH_NEWCONNS=${BENCH_NEWCONNS:-${NAT64_BENCH_NEWCONNS:-}}
# Each takes a TCP port of the pool4 address, next to what crr's mappings hold (at most
# the client's 28k ephemeral ports): 20000 leaves room.
NEWCONNS=${BENCH_NEWCONNS:-20000}
[ "$NEWCONNS" -le 30000 ] || NEWCONNS=30000
# plain-v6 is the reference (the reflection and plain forwarding of both packets); no
# target refers to it: the short mode leaves it out.
NEWCONN_SUBJECTS="plain-v6 nat64-nat64 nat64-tcpopt jool-nat64"
[ $mode = short ] && NEWCONN_SUBJECTS="nat64-nat64 nat64-tcpopt jool-nat64"

mkdir -p "$OUT"
RAW=$OUT/raw.jsonl
: > "$RAW"
: > "$OUT/subjects.jsonl"
if [ ! -x "$CRR" ] || [ ! -x "$HOLD" ] || [ ! -x "$SYNRATE" ] || [ ! -f "$REFLECT" ]; then
	log "$CRR, $HOLD, $SYNRATE or $REFLECT missing (make bench builds them)"
	exit 1
fi

$PY - "$OUT/env.json" "$mode" "$ROUNDS" "$SECS" "$FLOWS" "$FLOW_RATE" "$TCP_FLOWS" \
	"$TCP_FLOW_ROUNDS" "$FLOW_ROUNDS" "$TCP_PAIRED" <<'PY'
import json, os, platform, subprocess, sys
def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
out, mode, rounds, secs, flows, rate, tcp_flows, tcp_rounds, flow_rounds, paired = sys.argv[1:]
json.dump({"mode": mode, "rounds": int(rounds), "seconds": int(secs),
           "flows": [int(f) for f in flows.split()], "flow_rate_pps": int(rate),
           "tcp_flows": [int(f) for f in tcp_flows.split()],
           "tcp_flow_rounds": min(int(tcp_rounds), int(rounds)),
           "flow_rounds": min(int(flow_rounds), int(rounds)),
           "tcp_paired": paired == "1",
           "kernel": platform.release(), "cpus": os.cpu_count(),
           "cpu_model": sh("sed -n 's/^model name.*: //p' /proc/cpuinfo | head -1"),
           "jool": sh("jool --version 2>/dev/null | head -1"),
           "tayga": sh("dpkg-query -W -f='${Version}' tayga 2>/dev/null"),
           "iperf3": sh("iperf3 --version | head -1")}, open(out, "w"), indent=1)
PY

# Which subjects exist (probed once, before the rounds).
avail=()
for s in "${subjects[@]}"; do
	f=$BENCH_DIR/subjects/$s.sh
	[ -f "$f" ] || { log "unknown subject $s"; continue; }
	# shellcheck disable=SC1090
	reason=$( . "$f"; subject_available 2>&1 )
	rc=$?
	desc=$( . "$f"; echo "$SUBJECT_DESC" ) kind=$( . "$f"; echo "$SUBJECT_KIND" )
	if [ $rc -eq 0 ]; then
		avail+=("$s")
		echo "{\"subject\":\"$s\",\"desc\":\"$desc\",\"kind\":\"$kind\",\"available\":true}" >> "$OUT/subjects.jsonl"
	else
		reason=$(tr '\n"' ' ' <<<"$reason")
		log "$s: not available: $reason"
		echo "{\"subject\":\"$s\",\"desc\":\"$desc\",\"kind\":\"$kind\",\"available\":false,\"reason\":\"$reason\"}" >> "$OUT/subjects.jsonl"
	fi
done

# bring_up: fresh topology, the subject's configuration, reachability, servers.
bring_up() {
	trace "bring_up"
	if ! topo_up "$SUBJECT_FAMILY" 2>"$OUT/setup-$SUBJECT.log"; then
		log "$SUBJECT: topology failed: $(tail -n 3 "$OUT/setup-$SUBJECT.log")"
		record setup error=topology
		return 1
	fi
	if ! (set -x; subject_setup) >>"$OUT/setup-$SUBJECT.log" 2>&1; then
		log "$SUBJECT: setup failed: $(tail -n 3 "$OUT/setup-$SUBJECT.log")"
		record setup error=setup
		take_down
		return 1
	fi
	trace "configured"
	if ! reachable || ! servers_start; then
		log "$SUBJECT: the server is not reachable through the gateway"
		record setup error=unreachable
		take_down
		return 1
	fi
}

take_down() {
	trace "take_down"
	subject_teardown >/dev/null 2>&1
	declare -F subject_host_teardown >/dev/null && subject_host_teardown >/dev/null 2>&1
	topo_down
}

# One subject in one round. Memory first, each on a fresh gateway (what a translator holds
# from earlier workloads would count otherwise): TCP flows (the workload removes the
# translator, so one setup per N), then UDP flows followed by the rates on one setup.
run_subject() {
	local f=$BENCH_DIR/subjects/$SUBJECT.sh n mem udp_mem mappings
	# shellcheck disable=SC1090
	. "$f"
	subject_available >/dev/null 2>&1
	case " $MEM_SUBJECTS " in
	*" $SUBJECT "* | " all ") mem=1 ;;
	*) mem= ;;
	esac
	udp_mem=$mem
	[ "$SUBJECT" = "$UDP_MEM_SKIP" ] && udp_mem=
	for n in $TCP_FLOWS; do
		[ -n "$mem" ] && [ "$ROUND" -le "$TCP_FLOW_ROUNDS" ] || break
		bring_up || return 1
		wl_tcpflows "$n"
		take_down
	done
	bring_up || return 1
	trace "up"
	[ -n "$udp_mem" ] && [ "$ROUND" -le "$FLOW_ROUNDS" ] && slab_settle >/dev/null
	for n in $FLOWS; do
		[ -n "$udp_mem" ] && [ "$ROUND" -le "$FLOW_ROUNDS" ] || break
		wl_flows "$n"
	done
	mappings=$((FLOW_SPORT - 1024))
	wl_pps
	tcp_pair_up
	wl_tcp 1
	wl_tcp 8
	tcp_pair_down
	wl_crr
	# Subject-specific evidence (e.g. option mode: no TCP session after crr), kept in the
	# setup log and as a raw record.
	if declare -F subject_check >/dev/null; then
		subject_check >>"$OUT/setup-$SUBJECT.log" 2>&1
	fi
	[ "$NEWCONNS" -gt 0 ] && [[ " $NEWCONN_SUBJECTS " == *" $SUBJECT "* ]] && wl_newconns
	if [ "$NEWFLOWS" -gt 0 ] && [[ " $NEWFLOW_SUBJECTS " == *" $SUBJECT "* ]]; then
		# Every new flow takes a port of the one pool4 address: after the flows
		# workload's mappings there may be too few left (full mode), so start afresh.
		if [ $((mappings + NEWFLOWS)) -gt 60000 ]; then
			take_down
			bring_up || return 1
		fi
		wl_newflows
	fi
	take_down
}

t_start=$SECONDS
for ((ROUND = 1; ROUND <= ROUNDS; ROUND++)); do
	for SUBJECT in "${avail[@]}"; do
		t0=$SECONDS
		( run_subject )
		log "$SUBJECT round $ROUND took $((SECONDS - t0)) s"
	done
	log "round $ROUND done after $((SECONDS - t_start)) s"
done
rmmod pktgen 2>/dev/null
# Anything the kernel complained about during the run (a bench is no test, but say it).
dmesg | grep -E 'WARNING:|BUG:|Oops|general protection|Call Trace' > "$OUT/dmesg-bad.txt"
[ -s "$OUT/dmesg-bad.txt" ] && log "kernel warnings during the run: see $OUT/dmesg-bad.txt"
log "done in $((SECONDS - t_start)) s; raw records in $RAW"
exit 0
