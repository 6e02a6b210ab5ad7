#!/bin/bash
# Body of `make check` (deps are installed by make first): build the module and
# nat64ctl, run the host unit tests, then selftests/run_all.sh in the test VM.
# Keeps going after a failure so one run reports everything; the last line is the
# combined "N passed, N failed" and the exit status is non-zero on any failure.
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

built=1
step module $make module || built=
step ctl $make ctl || built=
step unit $make unit
if [ -n "$built" ]; then
	step vm tools/vm/run.sh -r build/vm-results ${KVER:+-k "$KVER"} -- selftests/run_all.sh
else
	echo "== vm: skipped, the build failed"
fi

[ ${#bad[@]} -gt 0 ] && echo "== failed: ${bad[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ ${#bad[@]} -eq 0 ]
