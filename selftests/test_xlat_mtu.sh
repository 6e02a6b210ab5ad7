#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, path MTU at the gateway: ICMPv6 packet too big / ICMPv4 frag needed
# with the MTU as the other family sees it.
# Cases: selftests/py/cases_mtu.py. Run: tools/vm/run.sh selftests/test_xlat_mtu.sh
# (NAT64_CASES=substring runs only the matching cases.)
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_mtu.py
