#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A gateway that shares its own IPv4 address with pool4, and configuration that cannot
# work: what an operator's first hour trips over.
# - pool4 on the gateway's own 192.0.2.1 without a range: TCP/UDP get the ports above
#   net.ipv4.ip_local_port_range (with a warning), so the gateway's own outgoing TCP and
#   a service on its port 22 keep working while clients are translated through the same
#   address; other ip_local_port_range settings give the range below it, or a refusal.
# - the well-known prefix with non-global IPv4 (stateful): a warning at prefix add, and
#   ping and curl from the client fail at once with "administratively prohibited"
#   (the SIIT side of it is a whole-packet case in py/cases_addr.py).
# - an EAM in a nat64 instance, pool4/optpool overlaps: refused with a reason.
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "topology" topo_setup || ktap_finish
check "nat64 instance with prefix $PREFIX6" \
	sh -c "ip netns exec $GW $NAT64CTL instance add mode nat64 &&
	       ip netns exec $GW $NAT64CTL prefix add $PREFIX6"
out=$TWORK/out
o() { gw_run_ctl "$@" >"$out" 2>&1; }
port_range() { in_gw sysctl -qw net.ipv4.ip_local_port_range="$1"; }

# ------------------------------------------------------------------ pool4 defaults
check "ip_local_port_range 32768 60999 (Linux default)" port_range "32768 60999"
o pool4 add "$GW4"
expect_grep "pool4 on the gateway's own address warns" \
	"^Warning: .*address of this host.*ip_local_port_range" "$out"
o pool4 show
expect_grep "own address: tcp above the ephemeral range" "^$GW4/32 tcp 61000-65535$" "$out"
expect_grep "own address: udp above the ephemeral range" "^$GW4/32 udp 61000-65535$" "$out"
expect_grep "own address: icmp keeps every identifier" "^$GW4/32 icmp 0-65535$" "$out"
o pool4 add 198.51.100.1 tcp
o pool4 show
expect_grep "an address of no interface keeps 1-65535" "^198.51.100.1/32 tcp 1-65535$" "$out"
gw_run_ctl pool4 del 198.51.100.1 >/dev/null 2>&1

# The gateway's own TCP and services beside translated clients on the same address.
www=$TWORK/www
mkdir -p "$www"
echo "own-address test $$" > "$www/index.html"
check "nginx on the server" srv_nginx "$www"
check "client: curl through the translator (pool4 $GW4)" \
	in_cli curl -sS -g --max-time 20 -o /dev/null "http://[$SRV6]/"
gw_run_ctl session show tcp >"$out" 2>&1
if grep -qE "^tcp \[$CLI6\]:[0-9]+ \[$SRV6\]:80 $GW4:(6[1-5][0-9]{3}) " "$out"; then
	ktap_ok "the client's mapping took a port above 61000"
else
	ktap_fail "the client's mapping took a port above 61000"
	ktap_comment "$out"
fi
check "gateway: its own curl to the server (ephemeral port) works" \
	in_gw curl -sS --max-time 10 -o /dev/null "http://$SRV4/"
in_gw socat TCP-LISTEN:22,bind="$GW4",reuseaddr,fork SYSTEM:'echo ssh-ok' &
on_exit "kill $!"
wait_listen "$GW" tcp 22
in_srv socat -T 5 - TCP:"$GW4":22,connect-timeout=5 </dev/null >"$out" 2>&1
expect_grep "server: the gateway's port 22 answers" "^ssh-ok$" "$out"

gw_run_ctl pool4 flush
check "ip_local_port_range 32768 65535" port_range "32768 65535"
o pool4 add "$GW4"
o pool4 show
expect_grep "range up to 65535: tcp 1024 up to it" "^$GW4/32 tcp 1024-32767$" "$out"
gw_run_ctl pool4 flush
check "ip_local_port_range 1024 65535" port_range "1024 65535"
o pool4 add "$GW4"
expect_grep "no free ports left: refused, asks for a range" "give a port range" "$out"
check "a range given explicitly is taken" gw_run_ctl pool4 add "$GW4" tcp 61000-61999 force
port_range "32768 60999"
gw_run_ctl pool4 flush

# ------------------------------------------------------------------ well-known prefix
gw_run_ctl pool4 add 198.51.100.1 >/dev/null 2>&1
o prefix add 64:ff9b::/96
expect_grep "prefix add 64:ff9b::/96 warns: the host has non-global addresses" \
	"^Warning: .*well-known prefix.*non-global" "$out"
stats_save
in_cli ping -c 1 -W 5 64:ff9b::c000:202 >"$out" 2>&1
expect_grep "ping 64:ff9b::192.0.2.2: administratively prohibited" \
	"[Aa]dministratively prohibited" "$out"
# TCP gets EACCES from the error at once (RFC 4443 code 1 is a hard error).
in_cli curl -v -sS -g --max-time 20 "http://[64:ff9b::c000:202]/" >"$out" 2>&1
rc=$?
expect_eq "curl fails to connect (7), no timeout (28)" "$rc" 7
expect_grep "curl's reason: permission denied (EACCES)" "failed: Permission denied" "$out"
expect_delta "dropped as non-global" drop_wkp_not_global -ge 2
expect_delta "each answered" icmp_sent_admin_prohibited -ge 2
gw_run_ctl prefix del 64:ff9b::/96

# ------------------------------------------------------------------ conflicts
o eam add "$EAM6" "$EAM4"
expect_grep "EAM refused in a nat64 instance" "siit instances only" "$out"
check "optpool 10.64.0.0/16" gw_run_ctl optpool add 10.64.0.0/16
o pool4 add 10.64.1.1
expect_grep "pool4 inside an optpool prefix refused" "overlaps an optpool prefix" "$out"
o optpool add 198.51.100.0/24
expect_grep "optpool over a pool4 address refused" "overlaps a pool4 prefix" "$out"
dmesg_check
ktap_finish
