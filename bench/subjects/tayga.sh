# shellcheck shell=bash disable=SC2034
# TAYGA (userspace stateless NAT64 over a tun device) with a static map for the client,
# like the EAM of the SIIT subjects. The daemon runs on the gateway's CPU.
SUBJECT_DESC="TAYGA (userspace)"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=peer
TAYGA_DIR=/tmp/bench-tayga
subject_available() {
	command -v tayga >/dev/null || { echo "tayga not installed"; return 1; }
	# /dev/net/tun appears when the module loads (no udev/static nodes in the VM).
	modprobe tun 2>/dev/null
	[ -c /dev/net/tun ] || { echo "/dev/net/tun missing"; return 1; }
}
subject_setup() {
	mkdir -p "$TAYGA_DIR"
	cat > "$TAYGA_DIR/tayga.conf" <<CONF
tun-device nat64t
ipv4-addr 203.0.113.1
prefix $B_PREFIX6
map $B_CLI4 $B_CLI6
data-dir $TAYGA_DIR
CONF
	in_gw tayga -c "$TAYGA_DIR/tayga.conf" --mktun >/dev/null &&
	ip -n "$B_GW" link set nat64t up &&
	ip -n "$B_GW" -6 route add "$B_PREFIX6" dev nat64t &&
	ip -n "$B_GW" route add 198.51.100.0/24 dev nat64t &&
	ip -n "$B_GW" route add 203.0.113.1/32 dev nat64t &&
	ip -n "$B_SRV" route add 198.51.100.0/24 via "$B_GW4" &&
	in_gw taskset -c "$GW_CPU" tayga -c "$TAYGA_DIR/tayga.conf" --pidfile "$TAYGA_DIR/pid"
}
subject_teardown() {
	[ -f "$TAYGA_DIR/pid" ] && kill "$(cat "$TAYGA_DIR/pid")" 2>/dev/null
	rm -rf "$TAYGA_DIR"
	return 0
}
