#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# shellcheck disable=SC1090,SC1091,SC2034
# Guest side of `make bench`: runs inside ONE test VM and measures every subject on the
# same topology, in rounds (each round: every subject, fresh topology, every workload),
# so that slow drift of the host hits all subjects alike. Raw records: $OUT/raw.jsonl,
# subject availability: $OUT/subjects.jsonl, environment: $OUT/env.json.
#
# usage: bench/run.sh [-s|--short] [-o OUTDIR] [SUBJECT...]
#   environment: BENCH_ROUNDS, BENCH_SECS (pps/tcp/crr seconds), BENCH_FLOWS ("10000 100000")
set -uo pipefail
. "$(dirname "$0")/lib.sh"
. "$BENCH_DIR/workloads.sh"

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
if [ ${#subjects[@]} -eq 0 ]; then
	subjects=(plain-v6 plain-v4 nat64-siit nat64-nat64 nat64-tcpopt jool-siit jool-nat64 tayga)
fi

# From the host through tools/vm/run.sh (which forwards NAT64_* variables only).
BENCH_ROUNDS=${BENCH_ROUNDS:-${NAT64_BENCH_ROUNDS:-}}
BENCH_SECS=${BENCH_SECS:-${NAT64_BENCH_SECS:-}}
BENCH_FLOWS=${BENCH_FLOWS:-${NAT64_BENCH_FLOWS:-}}
if [ $mode = short ]; then
	ROUNDS=${BENCH_ROUNDS:-3} SECS=${BENCH_SECS:-2} FLOWS=${BENCH_FLOWS:-10000}
else
	ROUNDS=${BENCH_ROUNDS:-5} SECS=${BENCH_SECS:-8} FLOWS=${BENCH_FLOWS:-"10000 100000"}
fi
PPS_SECS=$SECS TCP_SECS=$SECS CRR_SECS=$SECS
FLOW_RATE=${BENCH_FLOW_RATE:-20000}	# pps for the flows workload: below every subject's limit

mkdir -p "$OUT"
RAW=$OUT/raw.jsonl
: > "$RAW"
: > "$OUT/subjects.jsonl"
[ -x "$CRR" ] || { log "$CRR missing (make bench builds it)"; exit 1; }

$PY - "$OUT/env.json" "$mode" "$ROUNDS" "$SECS" "$FLOWS" "$FLOW_RATE" <<'PY'
import json, os, platform, subprocess, sys
def sh(c):
    return subprocess.run(c, shell=True, capture_output=True, text=True).stdout.strip()
out, mode, rounds, secs, flows, rate = sys.argv[1:]
json.dump({"mode": mode, "rounds": int(rounds), "seconds": int(secs),
           "flows": [int(f) for f in flows.split()], "flow_rate_pps": int(rate),
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

# One subject in one round: topology, configuration, check, workloads, teardown.
run_subject() {
	local f=$BENCH_DIR/subjects/$SUBJECT.sh n
	# shellcheck disable=SC1090
	. "$f"
	subject_available >/dev/null 2>&1
	if ! topo_up "$SUBJECT_FAMILY" 2>"$OUT/setup-$SUBJECT.log"; then
		log "$SUBJECT: topology failed: $(tail -n 3 "$OUT/setup-$SUBJECT.log")"
		record setup error=topology
		return 1
	fi
	if ! (set -x; subject_setup) >>"$OUT/setup-$SUBJECT.log" 2>&1; then
		log "$SUBJECT: setup failed: $(tail -n 3 "$OUT/setup-$SUBJECT.log")"
		record setup error=setup
		subject_teardown >/dev/null 2>&1
		topo_down
		return 1
	fi
	if ! reachable || ! servers_start; then
		log "$SUBJECT: the server is not reachable through the gateway"
		record setup error=unreachable
		subject_teardown >/dev/null 2>&1
		topo_down
		return 1
	fi
	# Memory first, on a fresh gateway; then the rates.
	for n in $FLOWS; do
		wl_flows "$n"
	done
	wl_pps
	wl_tcp 1
	wl_tcp 8
	wl_crr
	subject_teardown >/dev/null 2>&1
	topo_down
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
