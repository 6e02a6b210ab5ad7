#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# Stateful NAT64 at scale: 10,000 concurrent TCP connections from the client to a server
# on the IPv4 side (py/nat64_load.py) all complete through the gateway; the session
# table then holds exactly that many TCP sessions, and the paged dumps (text and JSON)
# come out whole: their entry counts equal the kernel's own counts (instance show). The
# hash tables grow with the entries and shrink back after a flush.
# NAT64_SCALE_N overrides the number of connections.
# Run: tools/vm/run.sh selftests/test_nat64_scale.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

N=${NAT64_SCALE_N:-10000}
LOAD="$PY $LIB_DIR/py/nat64_load.py"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology and stateful configuration" nat64_setup || ktap_finish
ulimit -n 65536 || skip_all "cannot raise the open file limit"
for ns in "$CLI" "$SRV"; do
	ip netns exec "$ns" sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_max_syn_backlog=8192
done
in_cli sysctl -qw net.ipv4.ip_local_port_range="10000 60999"

in_srv $LOAD serve "$SRV4" 8500 240 >"$TWORK/serve" 2>&1 &
on_exit "kill $!"
wait_listen "$SRV" tcp 8500
start=$SECONDS
# Hold the connections long enough for the dumps below.
in_cli $LOAD connect "$SRV6" 8500 "$N" 150 90 >"$TWORK/load" 2>&1 &
load=$!
on_exit "kill $load"
wait_until 160 grep -q '^connected' "$TWORK/load"
secs=$((SECONDS - start))
read -r _ ok _ failed < <(grep '^connected' "$TWORK/load")
expect_eq "$N TCP connections completed through NAT64 (${secs}s)" "${ok:-0}" "$N" \
	cat "$TWORK/load"
expect_eq "no connection failed" "${failed:-?}" 0

# The kernel's counts, then the dumps.
counts=$(gw_run_ctl -j instance show)
kb=$(echo "$counts" | $JQ obj 'print(d["bib"]) or True')
ks=$(echo "$counts" | $JQ obj 'print(d["sessions"]) or True')
echo "# kernel counts: bib $kb sessions $ks"
n_tcp=$(sessions tcp)
expect_eq "session show tcp lists $N sessions" "$n_tcp" "$N" \
	sh -c "ip netns exec $GW $NAT64CTL session show tcp | awk '{ print \$NF, \$6 }' | sort | uniq -c | head"
n_est=$(gw_run_ctl session show tcp | grep -c ' ESTABLISHED ')
expect_eq "all $N are ESTABLISHED" "$n_est" "$N"
n_all=$(sessions)
expect_eq "session dump count equals the kernel's session count" "$n_all" "$ks"
n_bib=$(bibs)
expect_eq "bib dump count equals the kernel's mapping count" "$n_bib" "$kb"
expect_eq "one mapping per connection (+ none other)" "$(bibs tcp)" "$N"
n_json=$(gw_run_ctl -j session show tcp | $JQ len)
expect_eq "session show -j has $N entries" "$n_json" "$N"
dups=$(gw_run_ctl session show tcp | sort | uniq -d | wc -l)
expect_eq "no session printed twice" "$dups" 0

# The hash tables (mappings by either side, sessions) grew with the entries: once the
# resize worker has caught up, no more than 2 entries per bucket and no fewer than 1/8.
# 9 tables of at least 64 buckets each.
MIN_BUCKETS=576
buckets() { gw_run_ctl -j instance show | $JQ obj 'print(d["buckets"]) or True'; }
ents=$((2 * kb + ks))
sized() {
	local b
	b=$(buckets)
	[ "$b" -ge $((ents / 2)) ] && [ "$b" -le $((8 * ents + MIN_BUCKETS)) ]
}
wait_until 10 sized
expect_eq "hash tables sized for $ents entries (buckets $(buckets))" "$(sized && echo yes)" yes

# Flushed, they shrink back to their minimum.
kill $load 2>/dev/null
gw_run_ctl bib flush
at_min() { [ "$(buckets)" -eq $MIN_BUCKETS ]; }
wait_until 20 at_min
expect_eq "hash tables back to $MIN_BUCKETS buckets after a flush" "$(buckets)" $MIN_BUCKETS

dmesg_check "no kernel warnings"
ktap_finish
