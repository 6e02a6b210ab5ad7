# SPDX-License-Identifier: GPL-2.0
# Helpers shared by test_traffic.sh, test_lifecycle.sh and test_gso.sh (source after
# lib.sh): counter snapshots/deltas, iperf3 and nginx servers, topology copies.

TRAFFIC_PY="$PY $LIB_DIR/py/traffic_json.py"
TWORK=$(mktemp -d /tmp/nat64-traffic.XXXXXX)
on_exit "rm -rf $TWORK"

# ns_ctl NETNS args...: nat64ctl acting in NETNS (through -n, as users would).
ns_ctl() {
	local ns=$1
	shift
	"$NAT64CTL" -n "$ns" "$@"
}

# stats_save [NETNS]: remember all counters of the instance in NETNS (default $GW).
# Plain text and awk: a python start costs about a second in the test VM, and tests
# take dozens of deltas.
stats_save() {
	ns_ctl "${1:-$GW}" -a stats show > "$TWORK/stats.${1:-$GW}"
}

# stats_delta NAME [NETNS]: how much NAME grew since stats_save (nothing printed, and
# a failure, when the instance has no such counter).
stats_delta() {
	ns_ctl "${2:-$GW}" -a stats show |
		awk -v n="$1" 'NR == FNR { if ($1 == n) b = $2; next }
			       $1 == n { a = $2 } END { if (a == "") exit 1; print a - b }' \
			"$TWORK/stats.${2:-$GW}" -
}

# delta_ge NAME MIN [NETNS]: has NAME grown by MIN since stats_save (for wait_until)?
delta_ge() {
	local d
	d=$(stats_delta "$1" "${3:-$GW}")
	[ -n "$d" ] && [ "$d" -ge "$2" ]
}

# expect_delta "desc" NAME OP VALUE [NETNS]: a KTAP result for "growth of NAME OP VALUE",
# OP as in test(1) (-ge, -eq, ...). Prints the counters when it fails.
expect_delta() {
	local desc=$1 name=$2 op=$3 want=$4 ns=${5:-$GW} d
	d=$(stats_delta "$name" "$ns")
	if [ -n "$d" ] && [ "$d" "$op" "$want" ]; then
		ktap_ok "$desc ($name +$d)"
		return 0
	fi
	ktap_fail "$desc ($name +${d:-?}, want $op $want)"
	ns_ctl "$ns" stats show 2>&1 | ktap_comment
	return 1
}

# iperf_server NETNS PORT: an iperf3 daemon in NETNS (killed with the namespace).
iperf_server() {
	ip netns exec "$1" iperf3 -s -D -p "$2" --pidfile "$TWORK/iperf-$1-$2.pid" \
		--logfile "$TWORK/iperf-$1-$2.log" || return 1
	on_exit "kill \$(cat $TWORK/iperf-$1-$2.pid)"
	# The daemon binds after forking: wait for the listening socket.
	wait_until 10 sh -c "ip netns exec '$1' ss -Hltn 'sport = :$2' | grep -q LISTEN"
}

# iperf_run NAME NETNS args...: iperf3 -J client; JSON kept as $TWORK/NAME.json and in
# the results folder. Exit status of iperf3 (bounded by a timeout).
iperf_run() {
	local name=$1 ns=$2 rc
	shift 2
	ip netns exec "$ns" timeout 40 iperf3 -J "$@" > "$TWORK/$name.json" 2>"$TWORK/$name.err"
	rc=$?
	cp "$TWORK/$name.json" "$(results_dir)/$name.json" 2>/dev/null
	if [ $rc -ne 0 ]; then
		echo "# iperf3 $* in $ns: exit $rc"
		tail -n 5 "$TWORK/$name.err" | ktap_comment
		$TRAFFIC_PY iperf tcp < "$TWORK/$name.json" 2>&1 | ktap_comment
	fi
	return $rc
}

# nstat_get NETNS COUNTER: the absolute value of one SNMP/netstat counter of NETNS.
nstat_get() {
	ip netns exec "$1" nstat -asz "$2" 2>/dev/null |
		awk -v c="$2" '$1 == c { n = $2 } END { print n + 0 }'
}

# iperf_get NAME tcp|udp: "bps bytes" (tcp) or "bps lost% packets" (udp) of a run.
iperf_get() {
	$TRAFFIC_PY iperf "$2" < "$TWORK/$1.json"
}

# tcp_run NAME NETNS DESC args...: TCP iperf3 client run from NETNS that must move at
# least 1 MiB: ok (with the rate) or not ok. Leaves BPS and BYTES set for the caller.
tcp_run() {
	local name=$1 ns=$2 desc=$3
	shift 3
	BPS=0 BYTES=0
	if ! iperf_run "$name" "$ns" "$@"; then
		ktap_fail "$desc"
		return 1
	fi
	read -r BPS BYTES < <(iperf_get "$name" tcp)
	if [ "${BYTES:-0}" -ge 1048576 ]; then
		ktap_ok "$desc ($((BPS / 1000000)) Mbit/s)"
		return 0
	fi
	ktap_fail "$desc (only ${BYTES:-0} bytes received)"
	return 1
}

# topo_switch SUFFIX: point CLI/GW/SRV at another copy of the topology (e.g. for a
# second gateway), registering it for cleanup at exit. topo_setup then builds it.
topo_switch() {
	CLI=cli-$1
	GW=gw-$1
	SRV=srv-$1
	on_exit "for ns in $CLI $GW $SRV; do kill -9 \$(ip netns pids \$ns) 2>/dev/null; \
ip netns del \$ns 2>/dev/null; done"
}
