#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 420
# TCP state in the packet, host role: the host-max-flows setting (range checked by the
# kernel with a message, refused outside mode host, shown by settings show) caps the
# connections a host remembers: SYNs beyond it are dropped and counted (drop_host_cap);
# hostflow show pages through more connections than one netlink message holds and
# returns each exactly once, also while new connections arrive between the pages.
# The SYNs are crafted (scapy, from the gateway namespace, which has no instance and
# only routes; the server's answers die in a blackhole route there): the host role
# learns any segment carrying our kind and ExID.
# Topology: opt_topo_setup 1 in lib.sh. Run: tools/vm/run.sh selftests/test_opt_host.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

ICMP_TOOL="$PY $LIB_DIR/py/opt_icmp.py"
out=$TWORK/out

gw_load_module || skip_all "cannot load nat64.ko"
check "option-mode topology" opt_topo_setup 1 || ktap_finish
check "server in the host role" opt_srv_configure
ip -n "$GW" route add blackhole "$OPT_POOL"
ip netns exec "$SRV" sysctl -qw net.core.somaxconn=8192 net.ipv4.tcp_max_syn_backlog=8192
in_srv $OPT_TOOL serve 0.0.0.0 80 &
on_exit "kill $!"
wait_listen "$SRV" tcp 80

hostflows() { ns_ctl "$SRV" instance show | sed -n 's/.*hostflows \([0-9]*\).*/\1/p'; }
# tuples FILE: the "T:t -> Z:z" part of every hostflow show line.
tuples() { awk '{ print $1, $2, $3 }' "$1"; }

# ------------------------------------------------------------------ the setting
ns_ctl "$SRV" settings show >"$out" 2>&1
expect_grep "default host-max-flows 262144" "^host-max-flows 262144$" "$out"
check "host-max-flows 100" ns_ctl "$SRV" settings set host-max-flows 100
ns_ctl "$SRV" settings show >"$out" 2>&1
expect_grep "settings show host-max-flows 100" "^host-max-flows 100$" "$out"
if ns_ctl "$SRV" -j settings show |
   $PY -c 'import json,sys; sys.exit(json.load(sys.stdin)["host-max-flows"] != 100)'; then
	ktap_ok "settings show -j has host-max-flows"
else
	ktap_fail "settings show -j has host-max-flows"
fi
ns_ctl "$SRV" settings set host-max-flows 0 >"$out" 2>&1
r=$?
if [ $r -ne 0 ] && grep -qi "range" "$out"; then
	ktap_ok "host-max-flows 0 refused by the kernel with a message"
else
	ktap_fail "host-max-flows 0 refused by the kernel with a message (rc $r)"
	ktap_comment <"$out"
fi
check_fail "host-max-flows 16777217 refused" ns_ctl "$SRV" settings set host-max-flows 16777217
check_fail "host-max-flows abc refused" ns_ctl "$SRV" settings set host-max-flows abc
check "host-max-flows 16777216 accepted" ns_ctl "$SRV" settings set host-max-flows 16777216
ns_ctl "$GW" instance add mode nat64
ns_ctl "$GW" settings set host-max-flows 10 >"$out" 2>&1
expect_grep "host-max-flows refused in mode nat64" "mode host" "$out"
ns_ctl "$GW" instance del

# ------------------------------------------------------------------ the cap
check "host-max-flows 100 again" ns_ctl "$SRV" settings set host-max-flows 100
stats_save "$SRV"
in_gw $ICMP_TOOL syns 10.64.1.0 150 "$OPT_SRV4" 80
sleep 1
expect_eq "the host remembers 100 connections" "$(hostflows)" 100
expect_delta "the 50 SYNs over the cap were dropped and counted" drop_host_cap -eq 50 "$SRV"
expect_delta "100 flows created" host_flows_created -eq 100 "$SRV"
ns_ctl "$SRV" hostflow show >"$TWORK/hf0" 2>&1
expect_eq "hostflow show lists 100" "$(grep -c . "$TWORK/hf0")" 100

# ------------------------------------------------------------------ paged dump
check "host-max-flows 10000" ns_ctl "$SRV" settings set host-max-flows 10000
check "hostflow flush" ns_ctl "$SRV" hostflow flush
in_gw $ICMP_TOOL syns 10.64.16.0 1200 "$OPT_SRV4" 80
wait_until 20 sh -c "$NAT64CTL -n $SRV instance show | grep -q 'hostflows 1200'"
expect_eq "the host remembers 1200 connections" "$(hostflows)" 1200
ns_ctl "$SRV" hostflow show >"$TWORK/hf1" 2>&1
tuples "$TWORK/hf1" | sort >"$TWORK/stable"
expect_eq "hostflow show: 1200 lines (several dump pages)" "$(grep -c . "$TWORK/hf1")" 1200
expect_eq "... 1200 different connections" "$(sort -u "$TWORK/stable" | grep -c .)" 1200
n=$(ns_ctl "$SRV" -j hostflow show | $PY -c 'import json,sys; print(len(json.load(sys.stdin)))')
expect_eq "hostflow show -j: 1200 entries" "$n" 1200

# New connections arrive while dumps page through the table: dump again and again from
# the first arrivals until the sender is done.
in_gw $ICMP_TOOL syns 10.64.32.0 2000 "$OPT_SRV4" 80 &
churn=$!
on_exit "kill $churn"
wait_until 60 sh -c "[ \"\$($NAT64CTL -n $SRV instance show |
	sed -n 's/.*hostflows \([0-9]*\).*/\1/p')\" -gt 1200 ]"
bad=0
during=0
i=0
while [ $i -lt 40 ]; do
	i=$((i + 1))
	ns_ctl "$SRV" hostflow show >"$TWORK/hf2" 2>&1
	tuples "$TWORK/hf2" | sort >"$TWORK/t2"
	lines=$(grep -c . "$TWORK/t2")
	dup=$(uniq -d "$TWORK/t2" | grep -c .)
	miss=$(comm -23 "$TWORK/stable" "$TWORK/t2" | grep -c .)
	echo "# dump $i: $lines lines, $dup repeated, $miss of the 1200 missing"
	[ "$dup" = 0 ] && [ "$miss" = 0 ] || bad=$((bad + 1))
	[ "$lines" -gt 1200 ] && [ "$lines" -lt 3200 ] && during=$((during + 1))
	kill -0 "$churn" 2>/dev/null || break
done
wait "$churn"
expect_eq "dumps during arrivals: no entry twice, none of the 1200 missing" "$bad" 0
if [ "$during" -ge 1 ]; then
	ktap_ok "$during dumps ran while connections were arriving"
else
	ktap_skip "dumps ran while connections were arriving" "the sender was too fast"
fi
wait_until 20 sh -c "$NAT64CTL -n $SRV instance show | grep -q 'hostflows 3200'"
ns_ctl "$SRV" hostflow show >"$TWORK/hf3" 2>&1
expect_eq "after the arrivals: 3200 different connections listed" \
	"$(tuples "$TWORK/hf3" | sort -u | grep -c .)" 3200

dmesg_check
ktap_finish
