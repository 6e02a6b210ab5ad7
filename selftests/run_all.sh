#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every selftests/test_*.sh (sorted) inside the test VM and aggregate the results.
# usage: selftests/run_all.sh [-t SECONDS] [NAME-SUBSTRING...]
#   -t: per-test timeout (default $NAT64_TEST_TIMEOUT or 300); a test may ask for more
#       with a line "# timeout: SECONDS" in its header.
#   NAME-SUBSTRING: run only tests whose file name contains one of them (also $NAT64_TESTS);
#   an argument that is an existing file is run as a test instead.
# Output: a top-level KTAP ("ok N test_x" per script, its output indented below, then
# "# time test_x N s"), one more result for a clean kernel log, and the last line
# "N passed, N failed" summing the individual results of all tests. Logs go to
# $NAT64_RESULTS/selftests/; plan.txt lists the tests before the first starts and
# results.txt gets one line per test as it ends ("name passed failed skipped seconds
# exit"), so that scripts/selftest-totals.sh can count a run the VM's time limit cut
# short: every test without a line failed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.." || exit 1

per_test_timeout=${NAT64_TEST_TIMEOUT:-300}
if [ "${1:-}" = -t ]; then
	per_test_timeout=$2
	shift 2
fi
filters=("$@")
[ ${#filters[@]} -eq 0 ] && [ -n "${NAT64_TESTS:-}" ] && read -r -a filters <<<"$NAT64_TESTS"

out=${NAT64_RESULTS:-/tmp/nat64-results}/selftests
mkdir -p "$out" 2>/dev/null || { out=/tmp/nat64-results/selftests; mkdir -p "$out"; }
rm -f "$out"/*.log "$out"/summary.txt "$out"/dmesg.txt "$out"/plan.txt "$out"/results.txt

tests=()
# Arguments naming existing files are run as given (handy while writing a test).
for f in "${filters[@]}"; do
	[ -f "$f" ] && tests+=("$f")
done
given=${#tests[@]}
for t in $(ls selftests/test_*.sh 2>/dev/null | sort); do
	[ "$given" -gt 0 ] && break
	name=$(basename "$t" .sh)
	if [ ${#filters[@]} -gt 0 ]; then
		keep=
		for f in "${filters[@]}"; do
			case "$name" in *"$f"*) keep=1 ;; esac
		done
		[ -n "$keep" ] || continue
	fi
	tests+=("$t")
done

for t in "${tests[@]}"; do basename "$t" .sh; done > "$out/plan.txt"
echo kernel-log >> "$out/plan.txt"
sync

echo "KTAP version 1"
echo "# nat64 selftests on $(uname -r), $(nproc) CPUs"
echo "1..$((${#tests[@]} + 1))"

# Kill whatever a test left running in its namespaces and delete them, so the
# next test starts clean (tests clean up after themselves; this is the backstop).
reap_leftovers() {
	local ns pids
	for ns in $(ip netns list 2>/dev/null | awk '{print $1}'); do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
}

pass=0 fail=0 skip=0 n=0
summary=()
for t in "${tests[@]}"; do
	name=$(basename "$t" .sh)
	n=$((n + 1))
	log=$out/$name.log
	limit=$(sed -n 's/^# *timeout: *\([0-9][0-9]*\).*/\1/p' "$t" | head -n1)
	limit=${limit:-$per_test_timeout}
	start=$SECONDS
	# timeout signals its whole process group, so background children die too.
	# Output goes to a file, not a pipe: a daemon a test leaves behind would
	# hold a pipe open and hang the whole run.
	timeout -k 5 "$limit" bash "$t" </dev/null >"$log" 2>&1
	rc=$?
	sed 's/^/    /' "$log"
	reap_leftovers
	secs=$((SECONDS - start))
	p=$(grep -c '^ok ' "$log" | head -n1)
	s=$(grep -c '^ok .*# SKIP' "$log" | head -n1)
	f=$(grep -c '^not ok ' "$log" | head -n1)
	p=$((p - s))
	note=
	if [ "$rc" -eq 124 ]; then
		note=" # timed out after ${limit}s"
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		note=" # exit status $rc"
	fi
	# A test that died without reporting a failure still counts as one failure.
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
	if [ "$rc" -eq 0 ] && [ "$f" -eq 0 ]; then
		echo "ok $n $name"
	else
		echo "not ok $n $name$note"
	fi
	echo "# time $name ${secs} s"
	summary+=("$name: $p passed, $f failed, $s skipped, ${secs}s, exit $rc")
	# On the shared results folder at once: the host reads it if the VM is killed.
	printf '%s %d %d %d %d %d\n' "$name" "$p" "$f" "$s" "$secs" "$rc" >> "$out/results.txt"
	sync
done

# The whole run's kernel log must be clean (each test checks its own part too).
n=$((n + 1))
dmesg > "$out/dmesg.txt" 2>&1
bad=$(grep -v 'nat64-selftest:' "$out/dmesg.txt" |
	grep -E 'WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|[Ll]eak|Call Trace|kernel BUG')
if [ -z "$bad" ]; then
	echo "ok $n kernel log clean"
	pass=$((pass + 1))
	echo "kernel-log 1 0 0 0 0" >> "$out/results.txt"
else
	echo "not ok $n kernel log clean"
	sed 's/^/# /' <<<"$bad" | head -n 100
	fail=$((fail + 1))
	echo "kernel-log 0 1 0 0 1" >> "$out/results.txt"
fi
sync

[ $skip -gt 0 ] && echo "# $skip skipped"
printf '%s\n' "${summary[@]}" "$pass passed, $fail failed" > "$out/summary.txt"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
