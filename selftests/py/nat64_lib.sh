# SPDX-License-Identifier: GPL-2.0
# Helpers for the stateful NAT64 selftests (source after lib.sh and traffic_lib.sh).
#
# Stateful setup on top of lib.sh's topology:
#   gw: instance mode nat64, prefix 2001:db8:64::/96, pool4 $POOL4 (198.51.100.1/32, all
#   protocols, default ranges). The server already routes 198.51.100.0/24 via the gw, so
#   pool4 addresses need no address on any link (the translator owns them at PREROUTING).
#   The client has a second address $CLI6B (hairpinning), the server a second one $SRV4B
#   (a second IPv4 host for filtering and peer tests).

POOL4=198.51.100.1
POOL4_6=2001:db8:64::c633:6401		# $POOL4 as the IPv6 side reaches it
CLI6B=2001:db8:6::3
SRV4B=192.0.2.3
SRV6B=2001:db8:64::c000:203		# $SRV4B behind the prefix
SOCK="$PY $LIB_DIR/py/nat64_sock.py"
PKT="$PY $LIB_DIR/py/nat64_pkt.py"
JQ="$PY $LIB_DIR/py/nat64_json.py"

# nat64_setup [pool4 args...]: topology + stateful configuration. Default pool4: $POOL4.
nat64_setup() {
	topo_setup || return 1
	# Deprecated (preferred_lft 0): never picked as a source unless bound explicitly.
	ip -n "$CLI" addr add "$CLI6B/64" dev "$CLI_IF" nodad preferred_lft 0 || return 1
	ip -n "$SRV" addr add "$SRV4B/32" dev "$SRV_IF" || return 1
	gw_run_ctl instance add mode nat64 || return 1
	gw_run_ctl prefix add "$PREFIX6" || return 1
	if [ $# -gt 0 ]; then
		gw_run_ctl pool4 add "$@"
	else
		gw_run_ctl pool4 add "$POOL4"
	fi
}

# count_lines cmd...: number of output lines of a command (0 on failure).
count_lines() {
	"$@" 2>/dev/null | grep -c .
}

# sessions [PROTO] / bibs [PROTO]: number of entries in the gateway's tables.
sessions() { count_lines gw_run_ctl session show "$@"; }
bibs() { count_lines gw_run_ctl bib show "$@"; }

# expect_eq "desc" GOT WANT [details-cmd...]
expect_eq() {
	local desc=$1 got=$2 want=$3
	shift 3
	if [ "$got" = "$want" ]; then
		ktap_ok "$desc"
	else
		ktap_fail "$desc (got '$got', want '$want')"
		[ $# -gt 0 ] && "$@" 2>&1 | head -n 20 | ktap_comment
	fi
}

# expect_grep "desc" PATTERN FILE: the file has a line matching the extended regex.
expect_grep() {
	if grep -q -E -- "$2" "$3" 2>/dev/null; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		echo "# no line matches /$2/ in:"
		head -n 20 "$3" 2>/dev/null | ktap_comment
	fi
}

# expect_no_grep "desc" PATTERN FILE
expect_no_grep() {
	if ! grep -q -E -- "$2" "$3" 2>/dev/null; then
		ktap_ok "$1"
	else
		ktap_fail "$1"
		grep -E -- "$2" "$3" | head -n 10 | ktap_comment
	fi
}

# tables_comment: the gateway's BIB and sessions as KTAP comments (for failures).
tables_comment() {
	echo "# bib:"
	gw_run_ctl bib show 2>&1 | head -n 20 | ktap_comment
	echo "# sessions:"
	gw_run_ctl session show 2>&1 | head -n 20 | ktap_comment
}

# wait_listen NETNS PROTO PORT: wait until something listens (tcp) or is bound (udp).
wait_listen() {
	local opt=-Hltn
	[ "$2" = udp ] && opt=-Hlun
	wait_until 10 sh -c "ip netns exec '$1' ss $opt 'sport = :$3' | grep -q ."
}
