# shellcheck shell=bash disable=SC2034
# Jool SIIT (Debian jool-dkms/jool-tools), netfilter mode, same prefix and EAM as ours.
SUBJECT_DESC="Jool SIIT"
SUBJECT_FAMILY=v6v4
SUBJECT_KIND=peer
subject_available() {
	command -v jool_siit >/dev/null || { echo "jool_siit not installed (jool-tools)"; return 1; }
	modprobe jool_siit 2>/dev/null || { echo "modprobe jool_siit failed (jool-dkms not built for $(uname -r)?)"; return 1; }
}
subject_setup() {
	in_gw jool_siit instance add bench --netfilter --pool6 "$B_PREFIX6" &&
	in_gw jool_siit -i bench eamt add "$B_EAM4" "$B_EAM6" &&
	ip -n "$B_SRV" route add 198.51.100.0/24 via "$B_GW4"
}
subject_teardown() { in_gw jool_siit instance remove bench; }
