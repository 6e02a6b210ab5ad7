#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# Robustness of the module's life cycle while traffic flows through the gateway:
#  1. instance del/add in a loop under a ping flood and UDP load;
#  2. config changes (EAM, prefixes, pool, settings) in a loop under a TCP bulk flow
#     that must survive them;
#  3. several namespaces, each with its own instance and config, translating at once
#     and independently;
#  4. a namespace without an instance forwards untouched (hooks only where configured);
#  5. rmmod under traffic, then reload and traffic works again;
#  6. deleting the gateway namespace (instance configured, traffic flowing), then rmmod
#     (nothing left holding the module).
# After each: dmesg_check (no WARN/BUG/oops). Run: tools/vm/run.sh selftests/test_lifecycle.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"

BG=()
# bg NETNS cmd...: start a background load generator; bg_stop kills them all.
bg() {
	local ns=$1
	shift
	ip netns exec "$ns" "$@" >/dev/null 2>&1 &
	BG+=($!)
}
bg_stop() {
	local p
	for p in "${BG[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	BG=()
}
on_exit bg_stop

# flowing "desc": ok once the gateway has translated 10 packets (within 20 s), so that
# what follows really happens under load.
flowing() {
	local p
	stats_save
	wait_until 20 delta_ge xlat_6to4 10
	expect_delta "$1" xlat_6to4 -ge 10 && return 0
	for p in "${BG[@]}"; do
		echo "# load generator $p: $(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null || echo gone)"
	done
	return 1
}

ping3() { in_cli ping -c 3 -i 0.2 -W 3 "$SRV6"; }

gw_load_module || skip_all "cannot load nat64.ko"
check "topology up" topo_setup || ktap_finish
check "default SIIT configuration" gw_configure_default || ktap_finish
# One iperf3 server per phase: a client killed while its flow is not translated
# leaves its server busy.
for port in 5201 5202 5203 5204; do
	iperf_server "$SRV" $port || ktap_fail "iperf3 server on the server, port $port"
done

# ------------------------------------------------------------------ 1. instance del/add
echo "# phase 1 (instance del/add) at ${SECONDS}s"
# Load generators run until bg_stop: nat64ctl commands take a second or more under
# TCG on a busy machine, so a fixed duration could end before the loop does.
bg "$CLI" ping -f -w 600 "$SRV6"
bg "$CLI" iperf3 -c "$SRV6" -p 5201 -u -b 20M -l 1200 -t 600
flowing "load flowing before instance del/add"
fails=0
for i in $(seq 6); do
	gw_run_ctl instance del || fails=$((fails + 1))
	gw_run_ctl instance add && gw_run_ctl prefix add "$PREFIX6" &&
		gw_run_ctl eam add "$EAM6" "$EAM4" || fails=$((fails + 1))
done
if [ $fails -eq 0 ]; then
	ktap_ok "6 x instance del + add under load"
else
	ktap_fail "6 x instance del + add under load ($fails commands failed)"
fi
flowing "translating again after the last add"
bg_stop
check "ping after instance del/add loop" ping3
dmesg_check "no kernel warnings after instance del/add under load"

# ------------------------------------------------------------------ 2. config under load
echo "# phase 2 (config under load) at ${SECONDS}s"
# The flow runs until stopped, so the check does not depend on how fast nat64ctl is
# under TCG: two full rounds of changes while it runs, then it must still be alive and
# still be translated.
bg "$CLI" iperf3 -c "$SRV6" -p 5202 -t 600
tcp_pid=${BG[0]}
flowing "TCP load flowing before config changes"
# Adds then the matching deletes: a finished round leaves the default config.
cmds=("eam add 2001:db8:7::/120 198.51.101.0/24" "prefix add 2001:db8:65::/96"
	"pool6791 add 203.0.114.0/24" "settings set tos 32" "deny add 10.9.0.0/16"
	"eam del 2001:db8:7::/120" "prefix del 2001:db8:65::/96"
	"pool6791 del 203.0.114.0/24" "settings set tos copy" "deny del 10.9.0.0/16")
during=0 fails=0
for round in 1 2; do
	for cmd in "${cmds[@]}"; do
		kill -0 "$tcp_pid" 2>/dev/null && during=$((during + 1))
		gw_run_ctl $cmd >/dev/null 2>"$TWORK/cfg.err" || {
			fails=$((fails + 1))
			[ $fails -le 3 ] && echo "# nat64ctl $cmd: $(cat "$TWORK/cfg.err")"
		}
	done
done
if [ $fails -eq 0 ] && [ $during -eq 20 ]; then
	ktap_ok "20 config changes while a TCP flow runs"
else
	ktap_fail "20 config changes while a TCP flow runs ($during during the flow, $fails failed)"
fi
if kill -0 "$tcp_pid" 2>/dev/null; then
	ktap_ok "TCP flow survived the config changes"
else
	ktap_fail "TCP flow survived the config changes (iperf3 client exited)"
fi
flowing "TCP flow still translated after the config changes"
bg_stop
out=$(gw_run_ctl prefix show 2>&1; gw_run_ctl eam show 2>&1)
if grep -q '2001:db8:64::/96' <<<"$out" && ! grep -q '2001:db8:65::\|2001:db8:7::' <<<"$out"; then
	ktap_ok "config back to the default after the loop"
else
	ktap_fail "config back to the default after the loop"
	ktap_comment <<<"$out"
fi
dmesg_check "no kernel warnings after config changes under load"

# ------------------------------------------------------------------ 3. several instances
echo "# phase 3 (several instances) at ${SECONDS}s"
A_CLI=$CLI A_GW=$GW A_SRV=$SRV
topo_switch "lcb-$$"
B_CLI=$CLI B_GW=$GW B_SRV=$SRV
check "second topology (B) up" topo_setup
B_PREFIX=2001:db8:65::/96
B_SRV6=2001:db8:65::c000:202
ip -n "$B_GW" -6 route add "$B_PREFIX" dev "$GW_SRV_IF"
check "instance B: prefix $B_PREFIX only" sh -c "'$NAT64CTL' -n '$B_GW' instance add &&
	'$NAT64CTL' -n '$B_GW' prefix add $B_PREFIX &&
	'$NAT64CTL' -n '$B_GW' eam add $EAM6 $EAM4"

stats_save "$A_GW"
stats_save "$B_GW"
check "B: ping through B's prefix ($B_SRV6)" \
	ip netns exec "$B_CLI" ping -c 3 -i 0.2 -W 3 "$B_SRV6"
expect_delta "B's counters moved" xlat_6to4 -ge 3 "$B_GW"
expect_delta "A's counters did not move for B's traffic" xlat_6to4 -eq 0 "$A_GW"
check_fail "B: A's prefix is not translated in B" \
	ip netns exec "$B_CLI" ping -c 2 -i 0.2 -W 1 "$SRV6"
CLI=$A_CLI GW=$A_GW SRV=$A_SRV
check_fail "A: B's prefix is not translated in A" in_cli ping -c 2 -i 0.2 -W 1 "$B_SRV6"
stats_save "$B_GW"
check "A: ping through A's prefix" ping3
expect_delta "B's counters did not move for A's traffic" xlat_6to4 -eq 0 "$B_GW"
out=$(ns_ctl "$B_GW" prefix show 2>&1)
if grep -q '2001:db8:65::/96' <<<"$out" && ! grep -q '2001:db8:64::' <<<"$out"; then
	ktap_ok "B shows only its own prefix"
else
	ktap_fail "B shows only its own prefix"
	ktap_comment <<<"$out"
fi
check "instance B deleted" ns_ctl "$B_GW" instance del
check "A still translates after B's instance is gone" ping3
dmesg_check "no kernel warnings with several instances"

# ------------------------------------------------------------------ 4. no instance
echo "# phase 4 (no instance) at ${SECONDS}s"
# Namespace C has no instance. Its "server" is IPv6-capable and owns the very address
# A translates (2001:db8:64::c000:202), so the ping only works if C's gateway forwards
# it untouched; translated, it would reach C's server as IPv4 and go unanswered.
topo_switch "lcc-$$"
C_CLI=$CLI C_GW=$GW C_SRV=$SRV
check "third topology (C, no instance) up" topo_setup
ip netns exec "$C_SRV" sysctl -qw net.ipv6.conf.all.disable_ipv6=0 \
	net.ipv6.conf.default.disable_ipv6=0 "net.ipv6.conf.$SRV_IF.disable_ipv6=0"
ip -n "$C_SRV" addr add "$SRV6/96" dev "$SRV_IF" nodad
ip -n "$C_GW" -6 route del "$PREFIX6" dev "$GW_SRV_IF"
ip -n "$C_GW" addr add 2001:db8:64::1/96 dev "$GW_SRV_IF" nodad
ip -n "$C_SRV" -6 route add default via 2001:db8:64::1
check_fail "C has no instance" ns_ctl "$C_GW" instance show
stats_save "$A_GW"
check "C forwards $SRV6 as plain IPv6" ip netns exec "$C_CLI" ping -c 3 -i 0.2 -W 3 "$SRV6"
check "C forwards TCP untouched (iperf3 2 s)" sh -c \
	"ip netns exec '$C_SRV' iperf3 -s -1 -p 5301 >/dev/null 2>&1 & sleep 1;
	 ip netns exec '$C_CLI' timeout 30 iperf3 -c '$SRV6' -p 5301 -t 2 >/dev/null"
expect_delta "A's counters did not move for C's traffic" rx6 -eq 0 "$A_GW"
CLI=$A_CLI GW=$A_GW SRV=$A_SRV
dmesg_check "no kernel warnings with a namespace without instance"

# ------------------------------------------------------------------ 5. rmmod under load
echo "# phase 5 (rmmod under load) at ${SECONDS}s"
bg "$CLI" ping -f -w 600 "$SRV6"
bg "$CLI" iperf3 -c "$SRV6" -p 5203 -t 600
flowing "load flowing before rmmod"
check "rmmod nat64 under load" timeout 60 rmmod nat64
check_fail "module gone" grep -q '^nat64 ' /proc/modules
bg_stop
check "module loads again" gw_load_module
check "configure again after reload" gw_configure_default
check "ping after reload" ping3
dmesg_check "no kernel warnings after rmmod under load"

# ------------------------------------------------------------------ 6. netns deletion
echo "# phase 6 (netns deletion) at ${SECONDS}s"
bg "$CLI" ping -f -w 600 "$SRV6"
bg "$CLI" iperf3 -c "$SRV6" -p 5204 -u -b 20M -l 1200 -t 600
flowing "load flowing before deleting the gateway namespace"
check "delete the gateway namespace (instance configured)" ip netns del "$GW"
sleep 2
bg_stop
# The namespace is torn down asynchronously; rmmod waits for that and fails if the
# instance left anything holding the module.
check "rmmod after the namespace is gone" timeout 60 rmmod nat64
# A reference the instance forgot (device, dst, netns) keeps the namespace's devices
# from going away, which holds up the teardown and so the rmmod above; the kernel
# complains about it after 10 s of that.
if dmesg | grep -q 'waiting for .* to become free'; then
	ktap_fail "namespace torn down completely"
	dmesg | grep 'waiting for .* to become free' | tail -n 3 | ktap_comment
else
	ktap_ok "namespace torn down completely"
fi
dmesg_check "no kernel warnings after deleting the gateway namespace"
echo "# done at ${SECONDS}s"
gw_load_module >/dev/null 2>&1
ktap_finish
