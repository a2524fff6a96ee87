// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_cli_test.c - the nvmet tool as a user meets it: every subcommand's
 * --help, bad usage (missing or extra arguments, unknown options, bad
 * numbers) exiting 2 with one line on stderr, a missing device exiting 1,
 * and, when there is a device, the read-only subcommands and the poll-mode
 * round trip succeeding against it. The same subcommands on the emulated
 * controller ("emu:"), which every machine has: identify, registers,
 * configuration space, a vendor specific admin command answered by a
 * plug-in, the round trip, and the errors of bad emu: options, --plugin
 * without the emulator and module-only subcommands on it.
 *
 * The tool is found beside the test (../bin/nvmet, as in build/ and in the
 * VM), or at $NVMET_BIN.
 */
#include <limits.h>
#include <stdio.h>

#include "nvmetest_harness.h"
#include "st_run.h"

static const char *const subcommands[] = {
	"list", "bind", "unbind", "info", "regs", "reg-read", "reg-write", "cfg-read",
	"cfg-write", "id-ctrl", "id-ns", "admin", "reset", "irq", "cmdlog", "rw", "status",
	"events",
	"top",
};

FIXTURE(cli) {
	char bin[PATH_MAX];
	struct st_run r;
};

#define RUN(...) ST_RUN(__VA_ARGS__)

/* Exit @code with exactly one line on stderr and nothing on stdout. */
#define EXPECT_ONE_LINE_ERROR(code) do { \
	EXPECT_EQ(code, self->r.status) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_STREQ("", self->r.out); \
} while (0)

FIXTURE_SETUP(cli)
{
	int ret = st_find_tool("nvmet", "NVMET_BIN", self->bin, sizeof(self->bin));

	if (ret)
		ST_SETUP_SKIP("no nvmet tool beside the test (%.200s): %s", self->bin, strerror(-ret));
}

FIXTURE_TEARDOWN(cli)
{
}

TEST_F(cli, top_level_help_lists_every_subcommand)
{
	size_t i;

	RUN("--help");
	EXPECT_EQ(0, self->r.status);
	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		EXPECT_NE(NULL, strstr(self->r.out, subcommands[i])) TH_LOG("%s", subcommands[i]);
	}
}

TEST_F(cli, every_subcommand_has_help)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		RUN(subcommands[i], "--help");
		EXPECT_EQ(0, self->r.status) TH_LOG("nvmet %s --help", subcommands[i]);
		EXPECT_NE(NULL, strstr(self->r.out, subcommands[i])) TH_LOG("%s", subcommands[i]);
		EXPECT_STREQ("", self->r.err);
	}
}

TEST_F(cli, no_command_or_unknown_command_is_usage)
{
	RUN("frobnicate");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--bogus");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(cli, unknown_option_is_usage)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(subcommands); i++) {
		RUN(subcommands[i], "--no-such-option", "x");
		EXPECT_ONE_LINE_ERROR(2);
	}
}

TEST_F(cli, missing_and_extra_arguments_are_usage)
{
	RUN("info");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("info", "/dev/nvmetest0", "extra");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("reg-read", "/dev/nvmetest0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("reg-write", "/dev/nvmetest0", "0x14");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("bind");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("admin", "/dev/nvmetest0");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(cli, bad_numbers_and_addresses_are_usage)
{
	RUN("reg-read", "/dev/nvmetest0", "0x1g");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("reg-read", "/dev/nvmetest0", "0", "--width", "3");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("cfg-read", "/dev/nvmetest0", "-1");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("cfg-write", "/dev/nvmetest0", "0x40", "0x100", "--width", "1");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("rw", "/dev/nvmetest0", "--count", "many");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("bind", "not-a-pci-address");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("admin", "/dev/nvmetest0", "--opcode", "0x100");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("serve", "emu:", "--listen", "127.0.0.1:0", "--poll=1000001");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("serve", "emu:", "--listen", "127.0.0.1:0", "--poll=soon");
	EXPECT_ONE_LINE_ERROR(2);
}

TEST_F(cli, missing_device_is_a_failure)
{
	static const char *const on_dev[] = { "info", "regs", "id-ctrl", "reset", "cmdlog",
					      "status" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(on_dev); i++) {
		RUN(on_dev[i], "/dev/nvmetest-does-not-exist");
		EXPECT_ONE_LINE_ERROR(1);
	}
}

/* With a device: the read-only subcommands and the round trip work. */
TEST_F(cli, works_on_the_device)
{
	const char *dev = st_dev_path();
	int ret = st_dev_present(dev);

	if (st_dev_kind(dev) == ST_DEV_EMU)
		SKIP(return, "NVMETEST_DEV is the emulated controller: see the emu_ tests");
	if (st_dev_kind(dev) == ST_DEV_TCP)
		SKIP(return, "NVMETEST_DEV is an NVMe/TCP controller: see works_over_tcp");
	if (ret)
		SKIP(return, "no nvmetest device: %s: %s", dev, strerror(-ret));
	RUN("info", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "abi version"));
	RUN("regs", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	RUN("id-ctrl", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "sn")) TH_LOG("%s", self->r.out);
	RUN("reg-read", dev, "0x8");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	RUN("cmdlog", dev, "--count", "4");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	RUN("rw", dev, "--lba", "64", "--count", "96", "--qid", "11");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "96/96 match")) TH_LOG("%s", self->r.out);
	RUN("status", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "I/O queue pair")) TH_LOG("%s", self->r.out);
	RUN("events", "--timeout", "50");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	RUN("events", "--count", "1", "--timeout", "50");
	EXPECT_ONE_LINE_ERROR(1);
}

/*
 * An NVMe/TCP controller: what it has (registers as properties: CAP, VS,
 * CC, CSTS), I/O, and what it has not refused with one line.
 */
TEST_F(cli, works_over_tcp)
{
	const char *dev = st_dev_path();

	if (st_dev_kind(dev) != ST_DEV_TCP)
		SKIP(return, "NVMETEST_DEV is not an NVMe/TCP controller (tcp:ADDR/NQN)");
	RUN("info", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "tcp, over a fabric")) TH_LOG("%s", self->r.out);
	RUN("regs", dev);
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "RDY 1")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(NULL, strstr(self->r.out, "aqa:")) TH_LOG("%s", self->r.out);
	RUN("reg-read", dev, "0x8");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_EQ(0, strncmp(self->r.out, "0x0001", 6)) TH_LOG("%s", self->r.out);
	RUN("reg-read", dev, "0x24");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("rw", dev, "--lba", "64", "--count", "96");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "96/96 match")) TH_LOG("%s", self->r.out);
	RUN("cfg-read", dev, "0");
	EXPECT_ONE_LINE_ERROR(1);
}

/* The emulated controller: no device needed. */
TEST_F(cli, emu_identify)
{
	RUN("id-ctrl", "emu:");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	/* nvme-cli's layout: the ASCII fields keep their padding. */
	EXPECT_NE(NULL, strstr(self->r.out, "mn        : nvmet emulated controller      "))
		TH_LOG("%s", self->r.out);
	RUN("id-ns", "emu:ns=2,lba=4096", "--nsid", "2");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "lbads:12 rp:0 (in use)")) TH_LOG("%s", self->r.out);
	RUN("id-ctrl", "emu");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "vid       : 0xc0de\n")) TH_LOG("%s", self->r.out);
}

TEST_F(cli, emu_registers_and_config_space)
{
	RUN("regs", "emu:");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "RDY 1")) TH_LOG("%s", self->r.out);
	RUN("reg-read", "emu:", "0x8");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_STREQ("0x00010400\n", self->r.out);
	RUN("cfg-read", "emu:", "0", "--width", "2");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_STREQ("0xc0de\n", self->r.out);
	RUN("cfg-write", "emu:", "0x4", "0x6", "--width", "2");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	RUN("reg-read", "emu:", "0x20000");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("info", "emu:");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "emulated")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "vendor:device:   c0de:")) TH_LOG("%s", self->r.out);
	RUN("reset", "emu:");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_STREQ("controller reset (ready)\n", self->r.out);
	RUN("irq", "emu:", "--vector", "0");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_EQ(0, strncmp(self->r.out, "vector 0: ", 10)) TH_LOG("%s", self->r.out);
}

/* A vendor specific opcode reaches the controller, where vendor_sum.so adds. */
TEST_F(cli, emu_vendor_admin_command)
{
	char so[PATH_MAX], addr[PATH_MAX + 16];

	if (st_plugin_path("vendor_sum", so, sizeof(so)))
		SKIP(return, "no vendor_sum plug-in: %.200s", so);
	snprintf(addr, sizeof(addr), "emu:plugin=%s", so);
	RUN("admin", addr, "--opcode", "0xc0", "--cdw10", "10", "--cdw11", "5");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "dw0:     0x0000000f\n")) TH_LOG("%s", self->r.out);
	EXPECT_NE(NULL, strstr(self->r.out, "SUCCESS")) TH_LOG("%s", self->r.out);
	/* The same with --plugin, before the command or after it. */
	snprintf(addr, sizeof(addr), "%s:opc=0xc1", so);
	RUN("admin", "emu:", "--plugin", addr, "--opcode", "0xc1", "--cdw10", "10", "--cdw11",
	    "5");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "dw0:     0x0000000f\n")) TH_LOG("%s", self->r.out);
	RUN("--plugin", so, "admin", "emu", "--opcode", "0xc0", "--cdw10", "1", "--cdw11", "2");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "dw0:     0x00000003\n")) TH_LOG("%s", self->r.out);
	/* By name: the build tree's plugins/, or the installed ones. */
	RUN("admin", "emu:", "--plugin", "vendor_sum", "--opcode", "0xc0", "--cdw10", "10",
	    "--cdw11", "5");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "dw0:     0x0000000f\n")) TH_LOG("%s", self->r.out);
	/*
	 * Without the plug-in the controller refuses the opcode: the completion
	 * printed, then one line on stderr and exit 1, a failed command's.
	 */
	RUN("admin", "emu:", "--opcode", "0xc0");
	EXPECT_EQ(1, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "INVALID OPCODE")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "failed: INVALID OPCODE (00/01)")) TH_LOG("%s",
										self->r.err);
}

/* A command the controller never completes: timed out, reported, exit 1. */
TEST_F(cli, emu_admin_timeout_exits_1)
{
	char so[PATH_MAX];

	if (st_plugin_path("hang", so, sizeof(so)))
		SKIP(return, "no hang plug-in: %.200s", so);
	/* Get Features swallowed (admin opcode 0Ah), after the init's own ones. */
	RUN("admin", "emu:", "--plugin", "hang:opc=0x0a;io=0;count=1", "--opcode", "0x0a",
	    "--cdw10", "7", "--timeout", "200");
	EXPECT_EQ(1, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "TIMED OUT")) TH_LOG("%s", self->r.out);
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "timed out")) TH_LOG("%s", self->r.err);
}

TEST_F(cli, emu_round_trip)
{
	RUN("rw", "emu:", "--lba", "64", "--count", "96", "--qid", "11");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "96/96 match")) TH_LOG("%s", self->r.out);
	RUN("rw", "emu:lba=4096,mdts=1", "--count", "100", "--depth", "4", "--irq");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.out, "100/100 match (irq mode")) TH_LOG("%s", self->r.out);
}

/*
 * One rule for both tools: 2 when the command line is wrong whatever the
 * device, 1 when the device cannot do what it asks.
 */
TEST_F(cli, emu_what_the_device_cannot_do_exits_1)
{
	/* 1 GiB of 512-byte blocks: 2097152 of them. */
	RUN("rw", "emu:", "--lba", "2097150", "--count", "8");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "beyond namespace 1 (2097152 blocks)"))
		TH_LOG("%s", self->r.err);
	RUN("rw", "emu:", "--count", "9000");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("rw", "emu:", "--qid", "65");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "maximum 64")) TH_LOG("%s", self->r.err);
	RUN("rw", "emu:mqes=64", "--depth", "128");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("rw", "emu:", "--nsid", "5");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("irq", "emu:vectors=4", "--vector", "9");
	EXPECT_ONE_LINE_ERROR(1);
	/* What is wrong on any device stays bad usage. */
	RUN("rw", "emu:", "--count", "0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("rw", "emu:", "--qid", "0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("rw", "emu:", "--depth", "1");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("irq", "emu:", "--vector", "-1");
	EXPECT_ONE_LINE_ERROR(2);
}

/* A namespace that is not active: said so, not printed as zeros. */
TEST_F(cli, emu_id_ns_of_an_inactive_namespace)
{
	RUN("id-ns", "emu:", "--nsid", "5");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "namespace 5 is not active")) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "active: 1)")) TH_LOG("%s", self->r.err);
	RUN("id-ns", "emu:ns=3", "--nsid", "4", "--raw");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "active: 1, 2, 3)")) TH_LOG("%s", self->r.err);
	/* Beyond NN the controller itself refuses: its status. */
	RUN("id-ns", "emu:", "--nsid", "99");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "INVALID NAMESPACE")) TH_LOG("%s", self->r.err);
	RUN("id-ns", "emu:ns=3", "--nsid", "3");
	EXPECT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
}

/* No module, or no such device: what is missing, how to get it, and emu:. */
TEST_F(cli, missing_device_says_how_to_get_one)
{
	bool module = !access("/sys/module/nvmetest", F_OK);

	RUN("id-ctrl", module ? "/dev/nvmetest-does-not-exist" : "/dev/nvmetest0");
	EXPECT_ONE_LINE_ERROR(1);
	if (module) {
		EXPECT_NE(NULL, strstr(self->r.err, "no such nvmetest device"))
			TH_LOG("%s", self->r.err);
	} else {
		EXPECT_NE(NULL, strstr(self->r.err, "the nvmetest module is not loaded"))
			TH_LOG("%s", self->r.err);
		EXPECT_NE(NULL, strstr(self->r.err, "insmod")) TH_LOG("%s", self->r.err);
	}
	EXPECT_NE(NULL, strstr(self->r.err, "nvmet bind")) TH_LOG("%s", self->r.err);
	EXPECT_NE(NULL, strstr(self->r.err, "emu:")) TH_LOG("%s", self->r.err);
}

TEST_F(cli, emu_errors)
{
	/* Bad options: exit 2 with the emulator's reason. */
	RUN("id-ctrl", "emu:foo=1");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "unknown option 'foo'")) TH_LOG("%s", self->r.err);
	RUN("regs", "emu:lba=1000");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "lba=1000")) TH_LOG("%s", self->r.err);
	/* A plug-in that does not load: exit 1 with the reason. */
	RUN("id-ctrl", "emu:", "--plugin", "/nonexistent/nothing.so");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "cannot be loaded")) TH_LOG("%s", self->r.err);
	/* A name found nowhere: where it was looked for. */
	RUN("id-ctrl", "emu:", "--plugin", "no_such_plugin:a=1");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "no no_such_plugin.so in $NVMET_PLUGIN_PATH"))
		TH_LOG("%s", self->r.err);
	/* --plugin without the emulated controller is bad usage. */
	RUN("id-ctrl", "/dev/nvmetest0", "--plugin", "x.so");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--plugin", "x.so", "regs", "/dev/nvmetest0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("--plugin", "x.so", "list");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("id-ctrl", "emu:", "--plugin", "x.so:a=1,b=2");
	EXPECT_ONE_LINE_ERROR(2);
	/* What only the module does. */
	RUN("status", "emu:");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "not available on the emulated controller"))
		TH_LOG("%s", self->r.err);
	RUN("cmdlog", "emu:");
	EXPECT_ONE_LINE_ERROR(1);
	RUN("irq", "emu:", "--clear");
	EXPECT_ONE_LINE_ERROR(1);
}

TEST_HARNESS_MAIN
