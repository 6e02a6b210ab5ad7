#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 600
# SIIT packet conformance, malformed packets dropped and counted, the module keeps working.
# Cases: selftests/py/cases_malformed.py. Run: tools/vm/run.sh selftests/test_xlat_malformed.sh
# (NAT64_CASES=substring runs only the matching cases.)
source "$(dirname "$0")/lib.sh"
source "$LIB_DIR/py/xlat.sh"
xlat_run cases_malformed.py
