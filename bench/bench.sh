#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host side of `make bench` / `make bench-short`: installs what is missing, builds the
# module, nat64ctl and the benchmark's own tools, boots ONE test VM running bench/run.sh,
# then writes the report (build/bench/results.{json,md}, chart.png).
#
# usage: bench/bench.sh [--short] [SUBJECT...]
#   NAT64_BENCH_WAIT=SECS  first wait up to SECS for other qemu VMs on this machine to end
#                          (a busy machine skews the figures; default 0: do not wait)
#   BENCH_ROUNDS, BENCH_SECS, BENCH_FLOWS, BENCH_TCP_FLOWS, BENCH_FLOW_ROUNDS,
#   BENCH_TCP_FLOW_ROUNDS, BENCH_MEM_SUBJECTS, BENCH_NEWFLOWS, BENCH_NEWCONNS and
#   BENCH_TCP_PAIRED are
#   passed to the guest (see bench/run.sh);
#   BENCH_TIMEOUT=SECS kills the VM after SECS (default 2700 short, 7200 full).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
out=$repo/build/bench
short=
[ "${1:-}" = --short ] && { short=--short; shift; }

scripts/deps.sh
scripts/deps-bench.sh
make -s all
mkdir -p "$out"
gcc -O2 -Wall -pthread -o "$out/crr" bench/crr.c
gcc -O2 -Wall -o "$out/hold" bench/hold.c
gcc -O2 -Wall -o "$out/synrate" bench/synrate.c
clang -O2 -g -Wall -target bpf -I/usr/include/"$(gcc -dumpmachine)" \
	-c bench/reflect.bpf.c -o "$out/reflect.o"

wait=${NAT64_BENCH_WAIT:-0}
while [ "$wait" -gt 0 ] && pgrep -f "^qemu-system" >/dev/null; do
	[ "$wait" -eq "${NAT64_BENCH_WAIT}" ] &&
		echo "bench: waiting up to ${NAT64_BENCH_WAIT}s for other VMs to end"
	sleep 10
	wait=$((wait - 10))
done
others=$(pgrep -c -f "^qemu-system" || true)
[ "$others" -gt 0 ] && echo "bench: warning: $others other VM(s) running; figures will be noisier"
printf '{"other_vms_at_start": %d, "loadavg_at_start": "%s"}\n' "$others" \
	"$(cut -d' ' -f1-3 /proc/loadavg)" > "$out/host.json"

# Pass the tuning knobs into the guest (run.sh forwards NAT64_* only).
export NAT64_BENCH_ROUNDS=${BENCH_ROUNDS:-} NAT64_BENCH_SECS=${BENCH_SECS:-}
export NAT64_BENCH_FLOWS=${BENCH_FLOWS:-} NAT64_BENCH_TCP_FLOWS=${BENCH_TCP_FLOWS:-}
export NAT64_BENCH_TCP_FLOW_ROUNDS=${BENCH_TCP_FLOW_ROUNDS:-}
export NAT64_BENCH_FLOW_ROUNDS=${BENCH_FLOW_ROUNDS:-}
export NAT64_BENCH_NEWFLOWS=${BENCH_NEWFLOWS:-} NAT64_BENCH_NEWCONNS=${BENCH_NEWCONNS:-}
export NAT64_BENCH_MEM_SUBJECTS=${BENCH_MEM_SUBJECTS:-}
export NAT64_BENCH_TCP_PAIRED=${BENCH_TCP_PAIRED:-}
# The VM is killed after this (raw records so far are still reported): BENCH_TIMEOUT=SECS.
if [ -n "$short" ]; then timeout=${BENCH_TIMEOUT:-2700}; else timeout=${BENCH_TIMEOUT:-7200}; fi
rm -f "$out"/raw.jsonl "$out"/subjects.jsonl "$out"/env.json
set +e
tools/vm/run.sh ${KVER:+-k "$KVER"} -r "$out" -t "$timeout" -- bench/run.sh $short -o "$out" "$@"
rc=$?
set -e
[ $rc -eq 0 ] || echo "bench: the VM run failed (status $rc); reporting what was recorded" >&2
/usr/bin/python3 bench/report.py "$out"
exit $rc
