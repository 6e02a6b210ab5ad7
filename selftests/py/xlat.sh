# SPDX-License-Identifier: GPL-2.0
# Glue for selftests/test_xlat_*.sh (source after lib.sh): build the topology, load
# and configure the module, run one python case file and turn its "ok DESC" /
# "not ok DESC" lines into numbered KTAP results.

# xlat_run CASEFILE: run selftests/py/CASEFILE; ends the test (ktap_finish).
xlat_run() {
	local file=$LIB_DIR/py/$1 line rc=
	[ "$(id -u)" -eq 0 ] || skip_all "needs root (run in the VM: tools/vm/run.sh)"
	[ -f "$NAT64CTL" ] || skip_all "nat64ctl not built (make ctl)"
	$PY -c 'import scapy' 2>/dev/null || skip_all "python3-scapy missing"
	if ! gw_load_module; then
		ktap_fail "load nat64.ko"
		ktap_finish
	fi
	if ! topo_setup || ! gw_configure_default; then
		ktap_fail "topology and default configuration"
		ktap_finish
	fi
	while IFS= read -r line; do
		case "$line" in
		"ok "*) ktap_ok "${line#ok }" ;;
		"not ok "*) ktap_fail "${line#not ok }" ;;
		"XLAT_EXIT "*) rc=${line#XLAT_EXIT } ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < <(NAT64_NS_CLI=$CLI NAT64_NS_GW=$GW NAT64_NS_SRV=$SRV NAT64CTL=$NAT64CTL \
		 PYTHONDONTWRITEBYTECODE=1 $PY -u "$file" 2>&1; echo "XLAT_EXIT $?")
	# A harness that died (exception, import error) is a failure of its own.
	if [ "$rc" != 0 ] && [ "$KTAP_FAIL" -eq 0 ]; then
		ktap_fail "$1 ran to completion (exit ${rc:-?})"
	fi
	dmesg_check "no kernel warnings"
	ktap_finish
}
