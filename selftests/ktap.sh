# shellcheck shell=bash
# SPDX-License-Identifier: GPL-2.0
# KTAP output for shell tests (source it): selftests/lib.sh (VM tests) and
# selftests/host/ (tests of the tooling that run on the host). Prints the KTAP header
# for $TEST_NAME; results as "ok N desc" / "not ok N desc", "# ..." comments, and
# ktap_finish ends with the plan, "N passed, N failed" and the exit status.
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

KTAP_N=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0

echo "KTAP version 1"
echo "# $TEST_NAME"

ktap_ok() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_PASS=$((KTAP_PASS + 1))
	echo "ok $KTAP_N $*"
}

ktap_fail() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_FAIL=$((KTAP_FAIL + 1))
	echo "not ok $KTAP_N $*"
}

# ktap_skip "desc" ["reason"]: counted as neither passed nor failed.
ktap_skip() {
	KTAP_N=$((KTAP_N + 1))
	KTAP_SKIP=$((KTAP_SKIP + 1))
	echo "ok $KTAP_N $1 # SKIP ${2:-}"
}

# Print a file (or stdin) as KTAP comments.
ktap_comment() {
	sed 's/^/# /' "${1:--}"
}

# check "desc" cmd args...: ok when the command succeeds. Its output is shown (as
# comments) only on failure, or always with VERBOSE=1.
check() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -eq 0 ]; then
		ktap_ok "$desc"
		[ -n "${VERBOSE:-}" ] && [ -n "$out" ] && ktap_comment <<<"$out"
	else
		ktap_fail "$desc"
		echo "# command: $* (exit $rc)"
		[ -n "$out" ] && ktap_comment <<<"$out"
	fi
	return $rc
}

# check_fail "desc" cmd args...: ok when the command fails (e.g. bad input refused).
check_fail() {
	local desc=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	if [ $rc -ne 0 ]; then
		ktap_ok "$desc"
		[ -n "${VERBOSE:-}" ] && [ -n "$out" ] && ktap_comment <<<"$out"
		return 0
	fi
	ktap_fail "$desc"
	echo "# command unexpectedly succeeded: $*"
	[ -n "$out" ] && ktap_comment <<<"$out"
	return 1
}

# ktap_finish: plan line, summary, exit status (runs the cleanup via the EXIT trap).
ktap_finish() {
	echo "1..$KTAP_N"
	[ $KTAP_SKIP -gt 0 ] && echo "# $KTAP_SKIP skipped"
	echo "$KTAP_PASS passed, $KTAP_FAIL failed"
	[ $KTAP_FAIL -eq 0 ]
	exit $?
}

