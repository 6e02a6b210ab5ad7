#!/bin/bash
# Body of `make check` (deps are installed by make first): build the module and
# nat64ctl, run the host unit tests, a short run of each fuzzer (NAT64_CHECK_FUZZ_TIME
# seconds, default 25; `make fuzz` is the long run) and the tests of the tooling, then
# selftests/run_all.sh in the test VM. Keeps going after a failure so one run reports
# everything; the last line is the combined "N passed, N failed" and the exit status is
# non-zero on any failure. The VM's share is counted from the files run_all.sh leaves
# per test (scripts/selftest-totals.sh), so a VM killed at its time limit still gives a
# true total, each unfinished test counted as failed by name.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
make=${MAKE:-make}
mkdir -p build
pass=0 fail=0 bad=()

# summary LOG RC NAME: add the "N passed, N failed" of LOG; a failing step without
# such a line counts as one failure.
summary() {
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n1)
	p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	p=${p:-0} f=${f:-0}
	[ "$2" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p)) fail=$((fail + f))
	[ "$2" -eq 0 ] && [ "$f" -eq 0 ] || bad+=("$3")
	echo "== $3: $p passed, $f failed (exit $2)"
}

step() {
	local name=$1 log=build/check-$1.log rc
	shift
	echo "== $name: $*"
	"$@" 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	summary "$log" "$rc" "$name"
	return "$rc"
}

# vm_step: the selftests in the VM; totals from the results folder, not the console.
vm_step() {
	local log=build/check-vm.log res=build/vm-results rc start=$SECONDS
	rm -rf "$res/selftests"
	echo "== vm: tools/vm/run.sh -- selftests/run_all.sh"
	tools/vm/run.sh -r "$res" ${KVER:+-k "$KVER"} -- selftests/run_all.sh 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
	echo "== vm: $((SECONDS - start)) s, exit $rc"
	scripts/selftest-totals.sh "$res/selftests" "$rc" | tee build/check-vm-totals.log
	summary build/check-vm-totals.log "$rc" vm
}

built=1
step module $make module || built=
step ctl $make ctl || built=
step unit $make unit
step fuzz env FUZZ_TIME="${NAT64_CHECK_FUZZ_TIME:-25}" scripts/fuzz.sh
step host selftests/host/run_all.sh
if [ -n "$built" ]; then
	vm_step
else
	echo "== vm: skipped, the build failed"
	fail=$((fail + 1)) bad+=(vm)
fi

[ ${#bad[@]} -gt 0 ] && echo "== failed: ${bad[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ ${#bad[@]} -eq 0 ]
