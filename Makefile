# nvmet: NVMe test toolkit. The kernel module's parts are listed in Kbuild;
# this Makefile builds it out of a copy per kernel, plus libnvmet, the tools
# and the selftests.

SHELL := /bin/bash
TOP := $(CURDIR)

# Kernel to build the module for: the running one when its headers are
# installed, else the newest installed Debian 6.1 kernel.
KVER ?= $(shell $(TOP)/tools/kver.sh default)
KVERS_ALL = $(shell $(TOP)/tools/kver.sh all)
KDIR ?= /lib/modules/$(KVER)/build

BUILD ?= build
MODDIR := $(BUILD)/mod/$(KVER)

CC ?= gcc
AR ?= ar
WARN := -Wall -Wextra -Werror -Wvla -Wshadow -Wformat=2 -Wstrict-prototypes
CFLAGS ?= -O2 -g
SAN ?=
ifeq ($(SAN),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS += -fsanitize=address,undefined
endif
USER_CFLAGS := -std=gnu11 -D_GNU_SOURCE -fPIC $(WARN) -Iinclude -Iinclude/uapi $(CFLAGS)
# libnvmet's netlink client (lib/transport/kmod/nl.c) uses libnl-genl-3: whatever links
# libnvmet links it too.
NL_CFLAGS := $(shell pkg-config --cflags libnl-genl-3.0)
NL_LIBS := $(shell pkg-config --libs libnl-genl-3.0)

# libnvmet's layers are its folders (README: Architecture); sources two
# levels deep at most, headers beside them, included as "folder/name.h".
LIB_SRCS := $(wildcard lib/*.c lib/*/*.c lib/*/*/*.c)
LIB_HDRS := $(wildcard lib/*.h lib/*/*.h lib/*/*/*.h)
LIB_OBJS := $(LIB_SRCS:%.c=$(BUILD)/%.o)
VERSION := $(shell cat $(TOP)/VERSION)
LIBA := $(BUILD)/lib/libnvmet.a
LIBSO := $(BUILD)/lib/libnvmet.so
LIBMAP := lib/libnvmet.map

PREFIX ?= /usr/local
DESTDIR ?=
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
MANDIR ?= $(PREFIX)/share/man
# bash-completion loads a command's completion from a file named after it.
COMPLETIONDIR ?= $(PREFIX)/share/bash-completion/completions
# Where make install puts the example plug-ins, and where libnvmet looks
# for a plug-in given by name (after $NVMET_PLUGIN_PATH and the build tree).
PLUGINDIR ?= $(LIBDIR)/nvmet/plugins

TOOLS := $(notdir $(wildcard tools/nvmet*))
TOOL_BINS := $(addprefix $(BUILD)/bin/,$(TOOLS))

EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLE_BINS := $(EXAMPLE_SRCS:examples/%.c=$(BUILD)/examples/%)
# Emulated-controller plug-ins: shared objects whose nvmet_ symbols come
# from the program that loads them (linked with EXPORT below), built as
# libnvmet-plugin.pc tells users to.
PLUGIN_SRCS := $(wildcard examples/plugins/*.c)
PLUGIN_SOS := $(PLUGIN_SRCS:examples/plugins/%.c=$(BUILD)/plugins/%.so)
# Programs linked with libnvmet.a export libnvmet's public symbols to the
# plug-ins they load, and answer for libnvmet.so.0 so that a plug-in linked
# with libnvmet.so loads too and uses the program's copy (glibc takes an
# object already loaded whose DT_SONAME matches, the program included).
# libnvmet-static.pc gives users the same flags.
EXPORT := -Wl,--export-dynamic -Wl,-soname,libnvmet.so.0
# ... all of them, not only those the program calls itself.
LIBA_ALL = -Wl,--whole-archive $(LIBA) -Wl,--no-whole-archive

HARNESS_DIR := $(BUILD)/kselftest
HARNESS := $(HARNESS_DIR)/kselftest_harness.h
# Selftests by target, a folder each (README: Tests): module/ the module's
# ABI (in the VM), lib/ libnvmet on any controller (host and VM), emu/ the
# emulated controller and what needs it (host), tools/ the CLIs (host and
# VM); common/ their fixtures and helpers, linked into every one.
SELFTEST_DIRS := module lib emu tools
SELFTEST_SRCS := $(wildcard $(SELFTEST_DIRS:%=selftests/%/*_test.c))
SELFTEST_BINS := $(SELFTEST_SRCS:selftests/%.c=$(BUILD)/selftests/%)
SELFTEST_COMMON := $(wildcard selftests/common/*.c)
# ... compiled once, not once per binary (seventy-odd binaries link them);
# outside $(BUILD)/selftests, whose every file is a test.
SELFTEST_COMMON_OBJS := $(SELFTEST_COMMON:%.c=$(BUILD)/obj/%.o)
# The module's stress programs (the fuzzer, the close-versus-removal racer):
# each selftests/stress/nvmetest-*.c is one, bounded in time; they run in
# the VM by tools/check.sh, not by run-selftests (they are not in BUILD/selftests).
STRESS_SRCS := $(wildcard selftests/stress/nvmetest-*.c)
STRESS_BINS := $(STRESS_SRCS:selftests/stress/%.c=$(BUILD)/stress/%)
STRESS_COMMON := $(filter-out $(STRESS_SRCS),$(wildcard selftests/stress/*.c))
# The conformance suite (selftests/conformance/): one runner of many files,
# run on the host against the emulated controller and in the VM against
# QEMU's; its test-only breaking plug-in is kept out of build/plugins (which
# make install ships) and out of build/selftests (whose files are all run).
CONFORMANCE_SRCS := $(wildcard selftests/conformance/*.c)
CONFORMANCE_OBJS := $(CONFORMANCE_SRCS:%.c=$(BUILD)/obj/%.o)
CONFORMANCE_BIN := $(BUILD)/selftests/conformance/conformance_test
CONFORMANCE_BREAK := $(BUILD)/test-plugins/conformance_break.so
SELFTEST_BINS += $(CONFORMANCE_BIN)

MOD_SRCS := Kbuild $(wildcard kmod/*.c kmod/*.h) include/uapi/nvmetest.h

.PHONY: all deps module module-check userspace lib tools examples selftests stress man demo \
	demo-vm demo-serve-vm check check-host check-debug debug-kernel bench clean install help \
	plugins FORCE

all: module userspace

help:
	@echo "make deps        install every Debian package the project needs"
	@echo "make             build nvmetest.ko (KVER=...), libnvmet, tools, selftests"
	@echo "make demo        nvmet-io on the emulated controller: 3 s of verified mixed I/O"
	@echo "make demo-vm     boot the VM, bind QEMU's nvme, identify it, poll-mode write/read"
	@echo "make demo-serve-vm  the kernel's nvme-tcp host on nvmet serve: ext4 meets ro_fail"
	@echo "make bench       nvmet-io against fio in the VM, on the host, instructions per I/O"
	@echo "make check       every test: module lint, dkms, host tests, VM selftests and stress on 6.1 and 6.12"
	@echo "make debug-kernel build (once, into /var/cache/nvmet) the KASAN+lockdep kernel of make check-debug"
	@echo "make check-debug the module's VM selftests, fuzzer and close-race on the debug kernel"

deps:
	@$(TOP)/tools/deps.sh

# The module is built in a copy of its sources per kernel version so that
# builds for several kernels never share object files.
module: $(MODDIR)/nvmetest.ko

# Rebuilt when the kernel tree changes too (a debug kernel rebuilt with
# another configuration keeps its release name).
$(MODDIR)/nvmetest.ko: $(MOD_SRCS) $(wildcard $(KDIR)/.config $(KDIR)/Module.symvers)
	@test -d $(KDIR) || { echo "error: no kernel headers at $(KDIR) (make deps, or KVER=)" >&2; exit 1; }
	@mkdir -p $(MODDIR)
	@rsync -a --delete --exclude '*.o' --exclude '*.ko' --exclude '.*.cmd' \
		Kbuild kmod include $(MODDIR)/ 2>/dev/null || { rm -rf $(MODDIR)/kmod $(MODDIR)/include; cp -a Kbuild kmod include $(MODDIR)/; }
	$(MAKE) -C $(KDIR) M=$(abspath $(MODDIR)) modules

# W=1 and sparse; any warning from our sources fails.
module-check:
	@$(TOP)/tools/module-lint.sh $(KVER)

userspace: lib tools examples plugins selftests stress man

# libnvmet's section 3 pages, from the headers' kernel-doc, and libnvmet(3).
man: $(BUILD)/man/stamp

$(BUILD)/man/stamp: $(wildcard include/nvmet/*.h) man/libnvmet.3.in tools/gen-man.sh VERSION
	@rm -rf $(BUILD)/man
	@$(TOP)/tools/gen-man.sh $(BUILD)/man $(VERSION)
	@touch $@

lib: $(LIBA) $(LIBSO)

$(BUILD)/lib/%.o: lib/%.c $(LIB_HDRS) $(wildcard include/nvmet/*.h) include/uapi/nvmetest.h
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Ilib $(NL_CFLAGS) -c -o $@ $<

# The plug-in directory is compiled in: a stamp that changes with it, so
# that make install PREFIX=... rebuilds what depends on it.
$(BUILD)/lib/plugindir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(PLUGINDIR)' | cmp -s - $@ 2>/dev/null || echo '$(PLUGINDIR)' >$@

$(BUILD)/lib/emu/core/plugin_find.o: $(BUILD)/lib/plugindir
$(BUILD)/lib/emu/core/plugin_find.o: USER_CFLAGS += -DNVMET_PLUGINDIR='"$(PLUGINDIR)"'

FORCE:

# Anew each time, members by path: objects of different folders may share
# a file name (ar would replace one with the other), and deleted sources
# must not linger.
$(LIBA): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@rm -f $@
	$(AR) rcsP $@ $^

$(LIBSO): $(LIB_OBJS) $(LIBMAP)
	$(CC) -shared -Wl,-z,defs -Wl,-soname,libnvmet.so.0 -Wl,--version-script=$(LIBMAP) \
		$(LDFLAGS) -o $@ $(LIB_OBJS) $(NL_LIBS)

tools: $(TOOL_BINS)

.SECONDEXPANSION:
$(BUILD)/bin/%: $$(wildcard tools/%/*.c tools/%/*.h) $(wildcard tools/common/*.h) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(TOOL_CFLAGS) -Itools/$* -Itools/common $(LDFLAGS) $(EXPORT) -o $@ $(filter %.c,$^) \
		$(LIBA_ALL) $(NL_LIBS) $(TOOL_LIBS) -lpthread

# What a tool needs beyond libnvmet: nvmet-io's aio engine links libaio;
# nvmet top draws with ncurses (wide-character build, for UTF-8 sparklines).
$(BUILD)/bin/nvmet-io: TOOL_CFLAGS := -DNVMET_IO_VERSION='"$(VERSION)"'
$(BUILD)/bin/nvmet-io: TOOL_LIBS := -laio -lm
$(BUILD)/bin/nvmet: TOOL_CFLAGS := $(shell pkg-config --cflags ncursesw)
$(BUILD)/bin/nvmet: TOOL_LIBS := $(shell pkg-config --libs ncursesw) -lm

examples: $(EXAMPLE_BINS)

$(BUILD)/examples/%: examples/%.c $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(LDFLAGS) $(EXPORT) -o $@ $< $(LIBA_ALL) $(NL_LIBS) -lpthread

plugins: $(PLUGIN_SOS)

$(BUILD)/plugins/%.so: examples/plugins/%.c $(wildcard examples/plugins/*.h include/nvmet/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -shared $(LDFLAGS) -o $@ $<

$(HARNESS):
	@$(TOP)/tools/harness.sh $(HARNESS_DIR)

# The host and the VM run every binary in $(BUILD)/selftests/*/: drop those
# of deleted or moved tests.
selftests: $(SELFTEST_BINS) $(CONFORMANCE_BREAK)
	@for f in $(BUILD)/selftests/*/* $(BUILD)/selftests/*_test; do \
		[ -f "$$f" ] || continue; \
		case " $(SELFTEST_BINS) " in *" $$f "*) ;; *) rm -f "$$f" ;; esac; \
	done

# The selftests' common code (which the stress programs link too, and which
# stays clean of -Wshadow for them) and the conformance suite's files (which
# use the harness), as objects. Flags of their own, not SELFTEST_CFLAGS: a
# target's variables reach its prerequisites, and these are shared.
SELFTEST_OBJ_DEPS := $(wildcard selftests/common/*.h include/nvmet/*.h) include/uapi/nvmetest.h
$(BUILD)/obj/selftests/common/%.o: selftests/common/%.c $(SELFTEST_OBJ_DEPS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Iselftests/common -c -o $@ $<

$(BUILD)/obj/selftests/conformance/%.o: selftests/conformance/%.c $(SELFTEST_OBJ_DEPS) \
		$(wildcard selftests/conformance/*.h) $(HARNESS)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Wno-shadow -I$(HARNESS_DIR) -Iselftests/common -c -o $@ $<

$(BUILD)/selftests/%: selftests/%.c $(SELFTEST_COMMON_OBJS) $(wildcard selftests/common/*.h) $(HARNESS) \
		$(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) $(SELFTEST_CFLAGS) -Wno-shadow -I$(HARNESS_DIR) -Iselftests/common $(LDFLAGS) \
		$(EXPORT) -o $@ \
		$< $(SELFTEST_COMMON_OBJS) $(LIBA_ALL) $(NL_LIBS) -lpthread

stress: $(STRESS_BINS)

# A program's own parts, if it has several, are in selftests/stress/NAME/.
$(BUILD)/stress/%: selftests/stress/%.c $$(wildcard selftests/stress/%/*.c selftests/stress/%/*.h) \
		$(STRESS_COMMON) $(wildcard selftests/stress/*.h) $(SELFTEST_COMMON_OBJS) \
		$(wildcard selftests/common/*.h) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -Iselftests/common -Iselftests/stress $(LDFLAGS) -o $@ $< \
		$(wildcard selftests/stress/$*/*.c) $(STRESS_COMMON) $(SELFTEST_COMMON_OBJS) $(LIBA) \
		$(NL_LIBS) -lpthread

$(CONFORMANCE_BIN): $(CONFORMANCE_OBJS) $(SELFTEST_COMMON_OBJS) $(LIBA)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) $(EXPORT) -o $@ \
		$(CONFORMANCE_OBJS) $(SELFTEST_COMMON_OBJS) $(LIBA_ALL) $(NL_LIBS) -lpthread

$(CONFORMANCE_BREAK): selftests/conformance/break/conformance_break.c $(wildcard include/nvmet/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -shared $(LDFLAGS) -o $@ $<

# The stress programs' progress watch, on the host: their common code too.
$(BUILD)/selftests/tools/stress_watch_test: SELFTEST_CFLAGS := -Iselftests/stress $(STRESS_COMMON)
$(BUILD)/selftests/tools/stress_watch_test: $(STRESS_COMMON) $(wildcard selftests/stress/*.h)

# The PDU codec's unit test reaches its hidden interface (the symbols are in
# libnvmet.a; only the header is private).
$(BUILD)/selftests/emu/tcp_pdu_test: SELFTEST_CFLAGS := -Ilib

# nvmet-io on the emulated controller: no VM, no device, no root (once the
# packages are there): 3 s of mixed I/O, every read verified, a summary.
demo: deps
	$(MAKE) lib tools
	$(BUILD)/bin/nvmet-io --name demo --rw randrw --rwmixread 70 \
		--bssplit 4k/60:16k/30:64k/10 --iodepth 16 --size 256m --runtime 3 --time_based \
		--verify crc32c

# The VM: QEMU's nvme bound to the module, identified, a poll-mode write/read.
demo-vm: deps
	$(MAKE) all
	$(TOP)/tools/vm/nvmet-vm --kver $(KVER) --demo

# nvmet serve in the VM: the kernel's nvme-tcp host, ext4 on the namespace,
# and the kernel's log as the ro_fail plug-in turns the media read-only.
demo-serve-vm: deps
	$(MAKE) all
	$(TOP)/tools/vm/nvmet-vm --kver $(KVER) --prog nvme --prog fio --prog mkfs.ext4 \
		--module nvme-tcp --module ext4 --cmd '/opt/nvmet/serve-tcp ro_fail'

# nvmet-io against fio in the VM, on the emulated controller, and libnvmet's
# instructions per I/O: one table (not part of make check).
bench: deps
	$(MAKE) all
	$(TOP)/tools/bench.sh --kver $(KVER) --build $(BUILD)

check: deps
	@$(TOP)/tools/check.sh

# The debug kernel (KASAN, lockdep, KFENCE, kmemleak...) from Debian's
# linux-source-6.1, built once into a cache outside the checkout.
debug-kernel: deps
	@$(TOP)/tools/debug-kernel.sh

# The module's VM selftests and stress programs on the debug kernel (builds
# it first when it is not in the cache).
check-debug: deps
	@$(TOP)/tools/check.sh --debug

# make install [PREFIX=/usr/local] [DESTDIR=...]: libnvmet (shared and
# static), its headers and pkg-config files (libnvmet, libnvmet-static for
# libnvmet.a, libnvmet-plugin for plug-ins), the tools and their man page,
# the example plug-ins, the tools' bash completion.
install: lib tools plugins man
	install -d $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/nvmet \
		$(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man3 \
		$(DESTDIR)$(PLUGINDIR) $(DESTDIR)$(COMPLETIONDIR)
	install -m 644 $(LIBA) $(DESTDIR)$(LIBDIR)/libnvmet.a
	install -m 755 $(LIBSO) $(DESTDIR)$(LIBDIR)/libnvmet.so.$(VERSION)
	ln -sf libnvmet.so.$(VERSION) $(DESTDIR)$(LIBDIR)/libnvmet.so.0
	ln -sf libnvmet.so.0 $(DESTDIR)$(LIBDIR)/libnvmet.so
	install -m 644 include/nvmet/*.h $(DESTDIR)$(INCLUDEDIR)/nvmet/
	install -m 644 include/uapi/nvmetest.h $(DESTDIR)$(INCLUDEDIR)/nvmetest.h
	for pc in libnvmet libnvmet-plugin libnvmet-static; do \
		sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' \
			-e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' -e 's|@VERSION@|$(VERSION)|' \
			-e 's|@PLUGINDIR@|$(PLUGINDIR)|' -e 's|@PLUGIN_HOST_LDFLAGS@|$(EXPORT)|' \
			lib/$$pc.pc.in > $(DESTDIR)$(LIBDIR)/pkgconfig/$$pc.pc || exit 1; \
	done
	install -m 755 $(TOOL_BINS) $(DESTDIR)$(BINDIR)/
	install -m 755 $(PLUGIN_SOS) $(DESTDIR)$(PLUGINDIR)/
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/man3/*.3 $(DESTDIR)$(MANDIR)/man3/
	for t in $(TOOLS); do \
		install -m 644 tools/completion/nvmet.bash $(DESTDIR)$(COMPLETIONDIR)/$$t || exit 1; \
	done
	@# The dynamic linker finds a new library in LIBDIR only after ldconfig.
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then ldconfig; fi

clean:
	rm -rf $(BUILD)
