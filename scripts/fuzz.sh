#!/bin/bash
# Build the libFuzzer harnesses (selftests/unit/fuzz_*.c) and run each for FUZZ_TIME
# seconds (default 600; `make check` runs them for 25), starting from the seed corpus
# in selftests/unit/corpus/NAME. New inputs go to build/fuzz/corpus/NAME, crashes to
# build/fuzz/artifacts/. Prints one KTAP-like line per harness and "N passed, N failed";
# exits non-zero when a harness crashed or could not be built.
#   scripts/fuzz.sh [HARNESS...]      e.g. FUZZ_TIME=60 scripts/fuzz.sh fuzz_tcpopt
# FUZZ_NICE (default 19) is the niceness of the fuzzers.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
make=${MAKE:-make}
time=${FUZZ_TIME:-600}
nice_lvl=${FUZZ_NICE:-19}
out=build/fuzz
all=(fuzz_core fuzz_tcpopt fuzz_state fuzz_ctl)
[ $# -gt 0 ] && all=("$@")
n=0 pass=0 fail=0

result() {	# result OK DESCRIPTION
	n=$((n + 1))
	if [ "$1" = ok ]; then
		pass=$((pass + 1))
		echo "ok $n - $2"
	else
		fail=$((fail + 1))
		echo "not ok $n - $2"
	fi
}

echo "TAP version 13"
echo "1..${#all[@]}"
if ! echo 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n){return 0;}' |
	clang -x c -fsanitize=fuzzer,address -o /dev/null - 2>/dev/null; then
	for h in "${all[@]}"; do
		result no "$h: clang with -fsanitize=fuzzer not available (scripts/deps.sh installs it)"
	done
	echo "$pass passed, $fail failed"
	exit 1
fi
if ! $make -s -C selftests/unit fuzz FUZZ_OUT="$PWD/$out" >"$out.build.log" 2>&1; then
	cat "$out.build.log"
	for h in "${all[@]}"; do result no "$h: build failed"; done
	echo "$pass passed, $fail failed"
	exit 1
fi

for h in "${all[@]}"; do
	seeds=selftests/unit/corpus/$h work=$out/corpus/$h log=$out/$h.log
	mkdir -p "$work" "$out/artifacts"
	[ -d "$seeds" ] || seeds=
	# The first corpus folder receives new inputs: the build one, never the seeds.
	nice -n "$nice_lvl" "$out/$h" -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -print_final_stats=1 -artifact_prefix="$out/artifacts/$h-" \
		"$work" ${seeds:+"$seeds"} >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n1 | cut -d' ' -f2)
	desc="$h: ${time}s, ${execs:-?} execs (${rate:-?}/s), cov ${cov:-?}"
	if [ "$rc" -eq 0 ]; then
		result ok "$desc"
	else
		grep -E '^(fuzz_[a-z]+:|SUMMARY|==[0-9]+==ERROR)|runtime error|Test unit written' "$log" |
			head -n 10 | sed 's/^/# /'
		result no "$desc, exit $rc (log $log)"
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
