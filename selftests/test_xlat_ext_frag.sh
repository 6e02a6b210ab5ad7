#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, IPv6 extension headers (skipped / routing header -> parameter problem) and
# fragments both ways (headers after the fragment header -> parameter problem), fragmentation of
# DF=0 IPv4 to lowest-ipv6-mtu.
# Cases: selftests/py/cases_ext_frag.py. Run: tools/vm/run.sh selftests/test_xlat_ext_frag.sh
# (NAT64_CASES=substring runs only the matching cases.)
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_ext_frag.py
