#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, ICMP error translation both ways: type/code/pointer/MTU maps, quoted packet,
# truncation to 1280, RFC 4884 extensions, RFC 6791 pool, untranslatable ICMP.
# Cases: selftests/py/cases_icmp.py. Run: tools/vm/run.sh selftests/test_xlat_icmp.sh
# (NAT64_CASES=substring runs only the matching cases.)
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_icmp.py
