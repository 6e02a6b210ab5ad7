# nat64: top-level build. See README.
KVER ?= $(shell ls /lib/modules 2>/dev/null | sort -V | tail -n1)
KDIR ?= /lib/modules/$(KVER)/build

.PHONY: all module ctl unit check demo deps clean

all: module ctl

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

ctl:
	$(MAKE) -C userspace-ctl

unit:
	$(MAKE) -C selftests/unit run

clean:
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	-$(MAKE) -C userspace-ctl clean
	-$(MAKE) -C selftests/unit clean
