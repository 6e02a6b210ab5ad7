# nat64: top-level build. See README.
# Default kernel: the newest Debian 6.1 one with headers (what the test VM boots),
# else the running kernel. On a real gateway: make module KDIR=/lib/modules/$(uname -r)/build
# KVER and KDIR are expanded only in recipes, never while make reads this file: on a
# fresh machine `deps` installs the 6.1 kernel after that (selftests/host/test_make.sh).
KVER ?= $(shell tools/vm/kver.sh 2>/dev/null || uname -r)
KDIR ?= /lib/modules/$(KVER)/build
# run.sh picks the kernel itself when it starts (KVER from the command line wins).
VM = tools/vm/run.sh

.PHONY: all module ctl unit fuzz host-tests check demo deps vm-shell vm-run clean bench bench-short

all: module ctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

ctl:
	$(MAKE) -C userspace-ctl

unit:
	$(MAKE) -C selftests/unit run

# libFuzzer harnesses (clang), FUZZ_TIME seconds each; check runs them for 25 s.
FUZZ_TIME ?= 600
fuzz:
	FUZZ_TIME=$(FUZZ_TIME) scripts/fuzz.sh

# Tests of the build and test tooling itself (no VM, no module): selftests/host/.
host-tests:
	selftests/host/run_all.sh

# Install build/test dependencies (Debian 12; apt only when something is missing).
deps:
	scripts/deps.sh

# Everything: build, host unit tests, selftests in the VM. Last line: N passed, N failed.
check: deps
	KVER=$(KVER) scripts/check.sh

# Three-host demo in the VM: curl and ping through the translator.
demo: deps
	$(MAKE) all
	$(VM) -r build/vm-results -- selftests/demo.sh

# Benchmark vs plain forwarding, Jool and TAYGA in one VM run (Documentation/bench.rst).
# Installs its own extra packages (scripts/deps-bench.sh); never part of check.
bench:
	KVER=$(KVER) bench/bench.sh

bench-short:
	KVER=$(KVER) bench/bench.sh --short

# Interactive shell in the test VM (repo read-only at its path, /tmp writable).
vm-shell:
	$(VM) --shell

# Run one command in the VM: make vm-run CMD='selftests/run_all.sh test_foo'
vm-run:
	$(VM) -- "$(CMD)"

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace-ctl clean
	-$(MAKE) -C selftests/unit clean
	rm -rf build
