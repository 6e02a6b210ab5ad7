#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, basics (RFC 7915 4.1/5.1): UDP, TCP SYN, ICMP echo both
# ways, zero UDP checksum, hop limit/TTL expiry, TOS/traffic class, DF/Identification.
# Cases: selftests/py/cases_basic.py. Run: tools/vm/run.sh selftests/test_xlat_basic.sh
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_basic.py
