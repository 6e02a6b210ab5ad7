#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, addresses: RFC 6052 prefix lengths, well-known prefix vs non-global,
# RFC 8215, EAM longest match and precedence, EAM with an IPv6 suffix longer than the IPv4
# one (RFC 7757 3.2), deny list, special addresses.
# Cases: selftests/py/cases_addr.py. Run: tools/vm/run.sh selftests/test_xlat_addr.sh
# (NAT64_CASES=substring runs only the matching cases.)
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_addr.py
