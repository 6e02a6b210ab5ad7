#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Totals of a selftests/run_all.sh run from the files it leaves on the shared results
# folder, true even when the VM was killed mid-run: plan.txt (every test, written before
# the first starts) and results.txt (one line per finished test). A test in the plan
# without a result failed: the one that was running "did not finish", the rest "did not
# run". Prints the per-test time table and, last, "N passed, N failed".
# usage: scripts/selftest-totals.sh RESULTS_DIR/selftests VM_EXIT_STATUS
set -u
dir=$1 rc=${2:-0}
plan=$dir/plan.txt results=$dir/results.txt

if [ ! -s "$plan" ]; then
	echo "# selftests: no plan.txt in $dir: the VM never started them (exit $rc)"
	echo "0 passed, 1 failed"
	exit 1
fi
touch "$results"
case "$rc" in
124) why="the VM was killed at its time limit" ;;
0) why="the run ended early" ;;
*) why="the VM exited with status $rc" ;;
esac

pass=0 fail=0 missing=0
echo "# per-test time (s), slowest first:"
sort -k5,5nr "$results" | while read -r name p f s secs trc; do
	printf '#   %5d  %-22s %4d passed, %d failed%s\n' "$secs" "$name" "$p" "$f" \
		"$([ "$trc" -ne 0 ] && echo ", exit $trc")"
done
total=$(awk '{t += $5} END {print t + 0}' "$results")
echo "#   $total s in all ($(awk 'END {print NR}' "$results") of $(awk 'END {print NR}' "$plan") finished)"
while read -r name p f s secs trc; do
	# f already counts a test that exited non-zero without a "not ok" as one failure.
	pass=$((pass + p)) fail=$((fail + f))
done < "$results"
while read -r name; do
	grep -q "^$name " "$results" && continue
	if [ "$missing" -eq 0 ]; then
		echo "not ok $name # did not finish: $why"
	else
		echo "not ok $name # did not run: $why"
	fi
	missing=$((missing + 1))
	fail=$((fail + 1))
done < "$plan"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
