/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into each nat64ctl source of the fuzz_ctl harness (clang -include):
 * stderr becomes a stream the harness points at /dev/null, so error messages
 * of rejected command lines do not bury libFuzzer's own output. Nothing else
 * of the sources changes.
 */
#include <stdio.h>
extern FILE *fuzz_ctl_stderr;
#undef stderr
#define stderr fuzz_ctl_stderr
