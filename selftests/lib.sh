# shellcheck shell=bash disable=SC2034,SC2120
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for selftests/test_*.sh (bash; source it, do not run it).
# Tests run as root inside the test VM (tools/vm/run.sh), one after another.
#
# Topology built by topo_setup (netns names carry a per-test suffix, see $TOPO_SFX):
#
#   netns $CLI (IPv6 only)        netns $GW (translator)            netns $SRV (IPv4 only)
#   eth0 2001:db8:6::2/64 ---- cli0 2001:db8:6::1/64
#   default via 2001:db8:6::1      srv0 192.0.2.1/24 ------------- eth0 192.0.2.2/24
#                                                                  default via 192.0.2.1
#                                                                  198.51.100.0/24 via 192.0.2.1
#   gw: forwarding on (both families); 2001:db8:64::/96 dev srv0 and 198.51.100.0/24 dev cli0
#   so that locally generated traffic reaches POSTROUTING; tx checksum offload off on
#   cli0/srv0 (captures then show real checksums; TOPO_TX_OFFLOAD=1 keeps it on).
#
# Translation set up by gw_configure_default (SIIT):
#   prefix 2001:db8:64::/96 (network-specific; the well-known prefix 64:ff9b::/96 refuses
#   the non-global 192.0.2.0/24): the client reaches 192.0.2.2 as 2001:db8:64::c000:202.
#   EAM 2001:db8:6::2/128 <-> 198.51.100.2/32: the server sees the client as 198.51.100.2.
#   RFC 6791 pool 203.0.113.0/24: source of ICMPv4 errors for untranslatable v6 sources.
#
# KTAP helpers: ktap_ok, ktap_fail, ktap_skip, check, check_fail, ktap_finish.
# Output: "ok N desc" / "not ok N desc" lines, "# ..." comments, last line
# "N passed, N failed"; the exit status is non-zero if anything failed.

LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=${NAT64_REPO:-$(cd "$LIB_DIR/.." && pwd)}
TEST_NAME=${TEST_NAME:-$(basename "$0" .sh)}

NAT64_KO=${NAT64_KO:-$REPO/nat64.ko}
NAT64CTL=${NAT64CTL:-$REPO/userspace-ctl/nat64ctl}
nat64ctl=$NAT64CTL
PY=/usr/bin/python3		# Debian's python3 (has scapy)

# Addresses of the topology (see the picture above).
CLI6=2001:db8:6::2
GW6=2001:db8:6::1
GW4=192.0.2.1
SRV4=192.0.2.2
PREFIX6=2001:db8:64::/96
SRV6=2001:db8:64::c000:202	# 192.0.2.2 behind the prefix
CLI_EAM4=198.51.100.2		# the client as the server sees it
EAM6=2001:db8:6::2/128
EAM4=198.51.100.2/32
POOL6791=203.0.113.0/24

# Namespace names, unique per test run so tests never clash.
TOPO_SFX=${TOPO_SFX:-$(echo "${TEST_NAME#test_}" | tr -c 'A-Za-z0-9\n' '-' | cut -c1-20)-$$}
CLI=cli-$TOPO_SFX
GW=gw-$TOPO_SFX
SRV=srv-$TOPO_SFX
# Interface names inside the namespaces.
CLI_IF=eth0
SRV_IF=eth0
GW_CLI_IF=cli0
GW_SRV_IF=srv0

DMESG_BAD='WARNING:|BUG:|Oops|general protection|KASAN|UBSAN|refcount_t|[Ll]eak|Call Trace|kernel BUG'

# ---------------------------------------------------------------- KTAP
# ktap_ok, ktap_fail, ktap_skip, ktap_comment, check, check_fail, ktap_finish.
. "$LIB_DIR/ktap.sh"

# skip_all "reason": the whole test cannot run here (prints a skip, exits 0).
skip_all() {
	ktap_skip "$TEST_NAME" "$*"
	ktap_finish
}

# ---------------------------------------------------------------- cleanup
LIB_EXIT_HOOKS=()

# on_exit "shell code": run at exit (LIFO), before the namespaces are removed.
on_exit() {
	LIB_EXIT_HOOKS+=("$1")
}

lib_exit() {
	local i
	exec 2>/dev/null	# results are printed; hide bash's notices about killed jobs
	for ((i = ${#LIB_EXIT_HOOKS[@]} - 1; i >= 0; i--)); do
		eval "${LIB_EXIT_HOOKS[$i]}" >/dev/null 2>&1
	done
	LIB_EXIT_HOOKS=()
	topo_cleanup
}
trap lib_exit EXIT

# ---------------------------------------------------------------- helpers
in_cli() { ip netns exec "$CLI" "$@"; }
in_gw() { ip netns exec "$GW" "$@"; }
in_srv() { ip netns exec "$SRV" "$@"; }

# gw_nat64ctl args...: nat64ctl inside the gateway namespace.
gw_nat64ctl() { ip netns exec "$GW" "$NAT64CTL" "$@"; }

# wait_until SECONDS cmd args...: poll (every 0.1 s) until cmd succeeds.
wait_until() {
	local deadline=$((SECONDS + $1))
	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.1
	done
}

# results_dir: print (and create) this test's folder for pcaps, logs, JSON.
results_dir() {
	local d=${NAT64_RESULTS:-/tmp/nat64-results}/$TEST_NAME
	mkdir -p "$d" 2>/dev/null || { d=/tmp/nat64-results/$TEST_NAME; mkdir -p "$d"; }
	echo "$d"
}

# ---------------------------------------------------------------- topology
TOPO_UP=

# topo_netns: add $CLI, $GW and $SRV (no DAD, no router advertisements, lo up);
# topo_cleanup removes them. For tests that wire them their own way.
topo_netns() {
	local ns
	TOPO_UP=1
	for ns in "$CLI" "$GW" "$SRV"; do
		ip netns add "$ns" || return 1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.accept_ra=0 || return 1
		ip -n "$ns" link set lo up || return 1
	done
}

# topo_setup: build cli/gw/srv (see top of file). Returns non-zero (and prints why)
# on failure; tests usually do: topo_setup || skip_all "no topology" or check it.
topo_setup() {
	topo_netns || return 1

	ip -n "$GW" link add "$GW_CLI_IF" type veth peer name "$CLI_IF" netns "$CLI" || return 1
	ip -n "$GW" link add "$GW_SRV_IF" type veth peer name "$SRV_IF" netns "$SRV" || return 1

	# Client: IPv6 only.
	ip -n "$CLI" addr add "$CLI6/64" dev "$CLI_IF" nodad || return 1
	ip -n "$CLI" link set "$CLI_IF" up || return 1
	ip -n "$CLI" -6 route add default via "$GW6" || return 1

	# Server: IPv4 only.
	ip netns exec "$SRV" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	ip -n "$SRV" addr add "$SRV4/24" dev "$SRV_IF" || return 1
	ip -n "$SRV" link set "$SRV_IF" up || return 1
	ip -n "$SRV" route add default via "$GW4" || return 1
	ip -n "$SRV" route add 198.51.100.0/24 via "$GW4" || return 1

	# Gateway.
	ip -n "$GW" addr add "$GW6/64" dev "$GW_CLI_IF" nodad || return 1
	ip -n "$GW" addr add "$GW4/24" dev "$GW_SRV_IF" || return 1
	ip -n "$GW" link set "$GW_CLI_IF" up || return 1
	ip -n "$GW" link set "$GW_SRV_IF" up || return 1
	ip netns exec "$GW" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 || return 1
	ip -n "$GW" -6 route add "$PREFIX6" dev "$GW_SRV_IF" || return 1
	ip -n "$GW" route add 198.51.100.0/24 dev "$GW_CLI_IF" || return 1
	if [ -z "${TOPO_TX_OFFLOAD:-}" ]; then
		ip netns exec "$GW" ethtool -K "$GW_CLI_IF" tx off >/dev/null || return 1
		ip netns exec "$GW" ethtool -K "$GW_SRV_IF" tx off >/dev/null || return 1
	fi
	return 0
}

# topo_cleanup: remove the namespaces (idempotent; runs at exit anyway). Processes
# still running inside them are killed first so the namespaces really go away.
topo_cleanup() {
	local ns pids
	[ -n "$TOPO_UP" ] || return 0
	for ns in "$CLI" "$GW" "$SRV"; do
		pids=$(ip netns pids "$ns" 2>/dev/null)
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	TOPO_UP=
	return 0
}

# ---------------------------------------------------------------- module
# gw_load_module: insmod the built nat64.ko unless it is already loaded.
gw_load_module() {
	grep -q '^nat64 ' /proc/modules && return 0
	if [ ! -f "$NAT64_KO" ]; then
		echo "$NAT64_KO not built (make module)" >&2
		return 1
	fi
	# nat64.ko uses nf_defrag_ipv6 (ICMPv6 reassembly); insmod does not resolve it.
	modprobe nf_defrag_ipv6 2>/dev/null
	insmod "$NAT64_KO"
}

# gw_unload_module: rmmod nat64 if loaded.
gw_unload_module() {
	grep -q '^nat64 ' /proc/modules || return 0
	rmmod nat64
}

# gw_configure_default [instance-args...]: the default SIIT setup described above,
# through nat64ctl in the gateway namespace. Set NAT64_ECHO=1 to print each command.
gw_configure_default() {
	gw_run_ctl instance add "$@" &&
	gw_run_ctl prefix add "$PREFIX6" &&
	gw_run_ctl eam add "$EAM6" "$EAM4" &&
	gw_run_ctl pool6791 add "$POOL6791"
}

gw_run_ctl() {
	[ -n "${NAT64_ECHO:-}" ] && echo "# ip netns exec $GW nat64ctl $*" >&2
	ip netns exec "$GW" "$NAT64CTL" "$@"
}

# ---------------------------------------------------------------- dmesg
# A marker in the kernel log lets dmesg_check look only at this test's messages.
DMESG_MARK="nat64-selftest: start $TEST_NAME.$$"
echo "$DMESG_MARK" > /dev/kmsg 2>/dev/null

# dmesg_bad [all]: print suspicious kernel log lines since this test started (or all).
dmesg_bad() {
	if [ "${1:-}" = all ]; then
		dmesg
	else
		dmesg | sed -n "/$DMESG_MARK\$/,\$p"
	fi | grep -v 'nat64-selftest:' | grep -E "$DMESG_BAD"
}

# dmesg_check ["desc"]: a KTAP result: fails if the kernel warned since the test began.
dmesg_check() {
	local bad
	bad=$(dmesg_bad)
	if [ -z "$bad" ]; then
		ktap_ok "${1:-no kernel warnings}"
	else
		ktap_fail "${1:-no kernel warnings}"
		ktap_comment <<<"$bad"
	fi
}

# ---------------------------------------------------------------- TCP option mode
# Topology of the test_opt_*.sh tests (Documentation/tcp-option-state.rst), built by
# opt_topo_setup [NGW] (1 or 2 gateways):
#
#   $CLI (IPv6 only)                  $GW / $GW2 (mode nat64,             $SRV (IPv4, mode host)
#   lo 2001:db8:6::2/128               tcp-option-mode on)
#   eth0 fe80::c ---------------- cli0 fe80::1   srv0 10.1.1.1/24 ------ eth0 10.1.1.2/24
#   eth1 fe80::c ---------------- cli0 fe80::2   srv0 10.1.2.1/24 ------ eth1 10.1.2.2/24
#   2001:db8:64::/96 via fe80::1 dev eth0 (or ECMP over both)          lo 192.0.2.2/32 (Z)
#                                                                        10.64.0.0/16 (optpool)
#                                                                        and 198.51.100.0/24
#                                                                        (gw1 pool4) via gw1,
#                                                                        198.51.101.0/24 via gw2
# The client's address sits on lo so that it is the same whichever gateway a packet
# crosses (option mode maps it, not the link). rp_filter is off everywhere: the tests
# route asymmetrically on purpose.
OPT_CLI6=2001:db8:6::2
OPT_CLIENTS=2001:db8:6::/64
OPT_SRV4=192.0.2.2
OPT_SRV6=2001:db8:64::c000:202
OPT_DEST=192.0.2.0/24
OPT_POOL=10.64.0.0/16
OPT_KEY0=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
OPT_KEY1=f0e1d2c3b4a5968778695a4b3c2d1e0f0f1e2d3c4b5a69788796a5b4c3d2e1f0
OPT_MAPKEY=6d61706b65792d6d61706b65792d6d61706b65792d6d61706b65792d6d61706b
GW2=gw2-$TOPO_SFX
OPT_TOOL="$PY $LIB_DIR/py/opt_tool.py"

# opt_gw_pool4 N: the stateful pool4 (UDP, ICMP, TCP fallback) of gateway N.
opt_gw_pool4() { echo "198.51.10$(($1 - 1)).1"; }

# opt_topo_setup [NGW]: build the topology above (no nat64 configuration).
opt_topo_setup() {
	local n=${1:-1} i ns gw
	TOPO_UP=1
	[ "$n" -ge 2 ] && on_exit "kill -9 \$(ip netns pids $GW2) 2>/dev/null; ip netns del $GW2"
	for ns in "$CLI" "$GW" "$SRV" $([ "$n" -ge 2 ] && echo "$GW2"); do
		ip netns add "$ns" || return 1
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.default.accept_ra=0 \
			net.ipv6.conf.all.accept_ra=0 net.ipv4.conf.all.rp_filter=0 \
			net.ipv4.conf.default.rp_filter=0 net.ipv6.conf.all.keep_addr_on_down=1 \
			net.ipv6.conf.default.keep_addr_on_down=1 || return 1
		ip -n "$ns" link set lo up || return 1
	done
	ip -n "$CLI" addr add "$OPT_CLI6/128" dev lo || return 1
	# A small receive buffer: curl --limit-rate then really paces the TCP transfer.
	ip netns exec "$CLI" sysctl -qw net.ipv4.tcp_rmem="4096 65536 131072" || return 1
	ip netns exec "$SRV" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 || return 1
	ip -n "$SRV" addr add "$OPT_SRV4/32" dev lo || return 1
	for i in $(seq 1 "$n"); do
		gw=$GW
		[ "$i" = 2 ] && gw=$GW2
		ip -n "$gw" link add cli0 type veth peer name "eth$((i - 1))" netns "$CLI" || return 1
		ip -n "$gw" link add srv0 type veth peer name "eth$((i - 1))" netns "$SRV" || return 1
		ip -n "$CLI" addr add fe80::c/64 dev "eth$((i - 1))" nodad || return 1
		ip -n "$CLI" link set "eth$((i - 1))" up || return 1
		ip -n "$gw" addr add "fe80::$i/64" dev cli0 nodad || return 1
		ip -n "$gw" addr add "10.1.$i.1/24" dev srv0 || return 1
		ip -n "$SRV" addr add "10.1.$i.2/24" dev "eth$((i - 1))" || return 1
		ip -n "$SRV" link set "eth$((i - 1))" up || return 1
		ip -n "$gw" link set cli0 up || return 1
		ip -n "$gw" link set srv0 up || return 1
		ip netns exec "$gw" sysctl -qw net.ipv4.ip_forward=1 \
			net.ipv6.conf.all.forwarding=1 net.ipv4.conf.srv0.rp_filter=0 || return 1
		ip -n "$gw" -6 route add "$OPT_CLIENTS" via fe80::c dev cli0 || return 1
		ip -n "$gw" -6 route add "$PREFIX6" dev srv0 || return 1
		ip -n "$gw" route add "$OPT_DEST" via "10.1.$i.2" || return 1
		ip -n "$SRV" route add "198.51.10$((i - 1)).0/24" via "10.1.$i.1" || return 1
		if [ -z "${TOPO_TX_OFFLOAD:-}" ]; then
			ip netns exec "$gw" ethtool -K cli0 tx off >/dev/null || return 1
			ip netns exec "$gw" ethtool -K srv0 tx off >/dev/null || return 1
		fi
	done
	ip -n "$CLI" -6 route add "$PREFIX6" via fe80::1 dev eth0 || return 1
	ip -n "$SRV" route add "$OPT_POOL" via 10.1.1.1 || return 1
	return 0
}

# opt_gw_configure NETNS N [KEYSLOT]: gateway N in option mode (prefix, pool4, key in
# slot KEYSLOT (default 0) active, mapping key, optpool, optclient, optdest, mode on).
opt_gw_configure() {
	local ns=$1 n=$2 slot=${3:-0}
	ns_ctl "$ns" instance add mode nat64 &&
	ns_ctl "$ns" prefix add "$PREFIX6" &&
	ns_ctl "$ns" pool4 add "$(opt_gw_pool4 "$n")" &&
	ns_ctl "$ns" key set "$slot" "$OPT_KEY0" active &&
	ns_ctl "$ns" mapkey set "$OPT_MAPKEY" &&
	ns_ctl "$ns" optpool add "$OPT_POOL" &&
	ns_ctl "$ns" optclient add "$OPT_CLIENTS" &&
	ns_ctl "$ns" optdest add "$OPT_DEST" &&
	ns_ctl "$ns" settings set tcp-option-mode on
}

# opt_srv_configure: the server in the host role.
opt_srv_configure() {
	ns_ctl "$SRV" instance add mode host
}

# opt_tcp_sessions NETNS: number of stateful TCP sessions of a gateway.
opt_tcp_sessions() {
	ns_ctl "$1" session show tcp 2>/dev/null | grep -c .
}

# opt_wait_established PORT: wait (20 s) until the server has an established connection on
# PORT and has sent some data on it (slow VMs may take seconds to start a client).
opt_wait_established() {
	wait_until 20 sh -c "ip netns exec '$SRV' ss -Htin state established '( sport = :$1 )' |
		grep -q 'bytes_acked:[0-9]\{5,\}'"
}

# srv_nginx DIR: nginx on the server serving DIR on port 80, also as /slow/ at 300 kB/s;
# logs in $TWORK/nginx/. topo_cleanup kills it with the rest of the server namespace (an
# on_exit here would be lost: check runs its command in a subshell). nginx keeps stderr
# open after daemonizing, so its output goes to a file, not to check's pipe.
srv_nginx() {
	local www=$1 d=$TWORK/nginx
	mkdir -p "$d"
	cat > "$TWORK/nginx.conf" <<NGINX
user root;
worker_processes 1;
daemon on;
pid $TWORK/nginx.pid;
error_log $d/error.log;
events { worker_connections 256; }
http {
	access_log $d/access.log;
	client_body_temp_path $d/body;
	proxy_temp_path $d/proxy;
	fastcgi_temp_path $d/fastcgi;
	uwsgi_temp_path $d/uwsgi;
	scgi_temp_path $d/scgi;
	default_type application/octet-stream;
	# /slow/: the same files sent at 300 kB/s by nginx itself (long transfers that do
	# not depend on the client's pacing).
	server { listen 80; root $www; location /slow/ { alias $www/; limit_rate 300k; } }
}
NGINX
	if ! in_srv nginx -c "$TWORK/nginx.conf" -p "$d" </dev/null >"$TWORK/nginx.out" 2>&1; then
		cat "$TWORK/nginx.out"
		return 1
	fi
	wait_until 10 sh -c "ip netns exec '$SRV' ss -Hltn 'sport = :80' | grep -q LISTEN"
}
