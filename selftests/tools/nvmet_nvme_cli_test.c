// SPDX-License-Identifier: GPL-2.0
/*
 * nvmet_nvme_cli_test.c - nvmet's commands that follow nvme-cli, each on
 * the device under test (NVMETEST_DEV: the emulated controller on the host,
 * QEMU's controller through the module in the VM, an NVMe/TCP target such
 * as nvmet serve's tcp:ADDR:PORT/NQN): the normal layout, -H,
 * -o json with nvme-cli's keys and value types (checked against the same
 * data read in binary), -o binary, and bad usage exiting 2.
 *
 * What a controller may not support is decided from its identify data
 * (OACS, LPA, SANICAP, CAP.NSSRS): supported, the command must work;
 * not supported, it must fail with exit 1 and one line on stderr naming
 * the command and the controller's status. QEMU departs from one clause:
 * OACS bit 3 says Namespace Management is supported, but without an
 * nvme-subsys device QEMU answers it with Invalid Command Opcode; the
 * test expects that refusal, reported clearly, from QEMU (VID 1b36h).
 *
 * The commands that erase or change what a real device keeps (format,
 * sanitize, firmware, namespace management, subsystem reset) run on the
 * emulated controller (served over TCP too) and on QEMU's; on any other
 * device only with NVMETEST_DESTRUCTIVE=1. A fabrics controller has only
 * the properties CAP, VS, CC, CSTS and NSSR of the registers.
 *
 * The tool is found beside the test (../bin/nvmet, as in build/ and in the
 * VM), or at $NVMET_BIN.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "nvmetest_harness.h"
#include "st_run.h"

#define QEMU_VID	0x1b36
/* The emulated controller's, also behind nvmet serve. */
#define EMU_VID		0xc0de

static const char *const commands[] = {
	"id-ctrl", "id-ns", "list-ns", "smart-log", "error-log", "fw-log", "effects-log",
	"self-test-log", "sanitize-log", "get-log", "get-feature", "set-feature", "format",
	"sanitize", "fw-download", "fw-commit", "device-self-test", "create-ns", "delete-ns",
	"attach-ns", "detach-ns", "reset", "subsystem-reset", "show-regs",
};

FIXTURE(nc) {
	char bin[PATH_MAX];
	char tmp[PATH_MAX];
	const char *dev;
	char name[224];
	bool emu;
	bool tcp;
	bool destructive;
	unsigned int vid, oacs, lpa, elpe, sanicap, npss;
	struct st_run r;
};

#define RUN(...) do { \
	const char *const args_[] = { __VA_ARGS__, NULL }; \
	ASSERT_EQ(0, st_run_tool(self->bin, args_, &self->r)); \
} while (0)

/* Exit @code with exactly one line on stderr and nothing on stdout. */
#define EXPECT_ONE_LINE_ERROR(code) do { \
	EXPECT_EQ(code, self->r.status) TH_LOG("stdout: %s stderr: %s", self->r.out, self->r.err); \
	EXPECT_EQ(1, st_lines(self->r.err)) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_STREQ("", self->r.out); \
} while (0)

#define EXPECT_OK() do { \
	EXPECT_EQ(0, self->r.status) TH_LOG("stderr: %s", self->r.err); \
	EXPECT_STREQ("", self->r.err); \
} while (0)

#define EXPECT_OUT(s) EXPECT_NE(NULL, strstr(self->r.out, s)) TH_LOG("no '%s' in: %.3000s", s, \
								     self->r.out)

/* The controller refused what it does not support: clearly, naming @what and @status. */
#define EXPECT_REFUSED(what, status) do { \
	EXPECT_ONE_LINE_ERROR(1); \
	EXPECT_NE(NULL, strstr(self->r.err, what)) TH_LOG("%s", self->r.err); \
	EXPECT_NE(NULL, strstr(self->r.err, status)) TH_LOG("%s", self->r.err); \
} while (0)

/* A number member of the JSON document in @doc (-1 when absent). */
static double jnum(const char *doc, const char *key)
{
	return st_json_num(st_json_get(doc, key));
}

/* A number member exactly, beyond a double's 53 bits (0 when absent). */
static uint64_t jnum64(const char *doc, const char *key)
{
	const char *p = st_json_get(doc, key);

	return p ? strtoull(p, NULL, 10) : 0;
}

/* A string member into @out, without its quotes; "" when absent or not a string. */
static const char *jstr(const char *doc, const char *key, char *out, size_t len)
{
	const char *p = st_json_get(doc, key), *end;
	size_t n;

	out[0] = '\0';
	if (!p || *p != '"')
		return out;
	end = strchr(p + 1, '"');
	n = end ? (size_t)(end - p - 1) : 0;
	if (n >= len)
		n = len - 1;
	memcpy(out, p + 1, n);
	out[n] = '\0';
	return out;
}

/* The document parses, and nothing but white space follows it. */
#define EXPECT_JSON() do { \
	const char *end_ = st_json_skip(self->r.out); \
	EXPECT_NE(NULL, end_) TH_LOG("not JSON: %.2000s", self->r.out); \
	if (end_) \
		EXPECT_EQ('\0', *st_json_ws(end_)) TH_LOG("after the JSON: %.200s", end_); \
} while (0)

/*
 * Runs "nvmet COMMAND DEV ARGS > FILE" through the shell and reads FILE
 * into @buf (binary output, which st_run's text buffers cannot hold).
 * Return: the bytes read, or -1.
 */
static long run_binary(FIXTURE_DATA(nc) *self, const char *command, const char *args,
		       uint8_t *buf, size_t len)
{
	char cmd[PATH_MAX * 4], file[PATH_MAX + 8];
	const char *argv[] = { "-c", cmd, NULL };
	long n;
	FILE *f;

	snprintf(file, sizeof(file), "%s/out.bin", self->tmp);
	snprintf(cmd, sizeof(cmd), "exec '%s' %s '%s' %s > '%s'", self->bin, command, self->dev,
		 args, file);
	if (st_run_tool("/bin/sh", argv, &self->r) || self->r.status)
		return -1;
	f = fopen(file, "rb");
	if (!f)
		return -1;
	n = (long)fread(buf, 1, len, f);
	fclose(f);
	return n;
}

/*
 * DEV as nvmet names it in headers and JSON, as nvme-cli names "nvme0":
 * "emu", a device node's last part, a tcp: address's subsystem NQN.
 */
static void dev_name(const char *dev, char *name, size_t len)
{
	const char *p = strrchr(dev, '/');

	if (st_dev_kind(dev) == ST_DEV_EMU)
		p = "emu";
	else if (st_dev_kind(dev) == ST_DEV_TCP)
		p = strchr(dev, '/') + 1;
	else
		p = p ? p + 1 : dev;
	snprintf(name, len, "%.*s", (int)strcspn(p, ","), p);
}

FIXTURE_SETUP(nc)
{
	const char *tmp = st_env("TMPDIR");
	int ret = st_find_tool("nvmet", "NVMET_BIN", self->bin, sizeof(self->bin));

	if (ret)
		ST_SETUP_SKIP("no nvmet tool beside the test (%.200s): %s", self->bin,
			      strerror(-ret));
	self->dev = st_dev_path();
	self->emu = st_dev_kind(self->dev) == ST_DEV_EMU;
	self->tcp = st_dev_kind(self->dev) == ST_DEV_TCP;
	ret = st_dev_present(self->dev);
	if (ret)
		ST_SETUP_SKIP("no nvmetest device: %s: %s", self->dev, strerror(-ret));
	dev_name(self->dev, self->name, sizeof(self->name));
	snprintf(self->tmp, sizeof(self->tmp), "%s/nvmet-nc.XXXXXX", tmp ? tmp : "/tmp");
	ASSERT_NE(NULL, mkdtemp(self->tmp)) TH_LOG("%s: %s", self->tmp, strerror(errno));
	/* What the controller supports, from its own identify data. */
	RUN("id-ctrl", self->dev, "-o", "json");
	ASSERT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	self->vid = (unsigned int)jnum(self->r.out, "vid");
	self->oacs = (unsigned int)jnum(self->r.out, "oacs");
	self->lpa = (unsigned int)jnum(self->r.out, "lpa");
	self->elpe = (unsigned int)jnum(self->r.out, "elpe");
	self->sanicap = (unsigned int)jnum(self->r.out, "sanicap");
	self->npss = (unsigned int)jnum(self->r.out, "npss");
	self->destructive = self->emu || self->vid == QEMU_VID || self->vid == EMU_VID ||
			    st_env("NVMETEST_DESTRUCTIVE");
}

FIXTURE_TEARDOWN(nc)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->tmp);
	if (system(cmd))
		TH_LOG("could not remove %s", self->tmp);
}

TEST_F(nc, every_command_has_help_and_a_top_level_line)
{
	char top[ST_RUN_OUT_MAX], line[64];
	size_t i;

	RUN("--help");
	EXPECT_EQ(0, self->r.status);
	memcpy(top, self->r.out, sizeof(top));
	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		snprintf(line, sizeof(line), "\n  %s ", commands[i]);
		EXPECT_NE(NULL, strstr(top, line)) TH_LOG("%s", commands[i]);
		RUN(commands[i], "--help");
		EXPECT_EQ(0, self->r.status) TH_LOG("nvmet %s --help", commands[i]);
		EXPECT_EQ(0, strncmp(self->r.out, "Usage: nvmet ", 13)) TH_LOG("%s", self->r.out);
		EXPECT_STREQ("", self->r.err);
	}
}

/* What is wrong whatever the device: exit 2, one line, before anything is sent. */
TEST_F(nc, bad_usage_exits_2)
{
	RUN("id-ctrl", self->dev, "-o", "yaml");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "normal, json, binary")) TH_LOG("%s", self->r.err);
	RUN("list-ns", self->dev, "-o", "binary");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("id-ns", self->dev, "-n", "x");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("smart-log", self->dev, "--bogus");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("error-log", self->dev, "-e", "0");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("get-log", self->dev, "-i", "2");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("get-log", self->dev, "-i", "2", "-l", "6");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("get-log", self->dev, "-i", "256", "-l", "8");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("get-feature", self->dev, "-f", "1", "-s", "5");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("set-feature", self->dev, "-v", "1");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("sanitize", self->dev);
	EXPECT_ONE_LINE_ERROR(2);
	RUN("sanitize", self->dev, "-a", "2", "-n", "3");
	EXPECT_ONE_LINE_ERROR(2);
	/* The reserved actions, and what does not fit the field, get the same answer. */
	RUN("sanitize", self->dev, "-a", "0");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "start-crypto-erase")) TH_LOG("%s", self->r.err);
	RUN("sanitize", self->dev, "-a", "5");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "nvmet admin")) TH_LOG("%s", self->r.err);
	RUN("sanitize", self->dev, "-a", "8");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "start-crypto-erase")) TH_LOG("%s", self->r.err);
	RUN("fw-download", self->dev);
	EXPECT_ONE_LINE_ERROR(2);
	RUN("fw-download", self->dev, "-f", "/x", "-x", "100");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("fw-commit", self->dev, "-a", "4");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("device-self-test", self->dev, "-s", "16");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("create-ns", self->dev, "-s", "100");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("create-ns", self->dev, "-S", "1X", "-C", "1G");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("create-ns", self->dev, "-s", "8", "-c", "8", "-l", "x");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "lbstm")) TH_LOG("%s", self->r.err);
	/* get-log's -o is nvme-cli's --lpo, a number: not an output format. */
	RUN("get-log", self->dev, "-i", "2", "-l", "8", "-o", "json");
	EXPECT_ONE_LINE_ERROR(2);
	EXPECT_NE(NULL, strstr(self->r.err, "lpo")) TH_LOG("%s", self->r.err);
	RUN("delete-ns", self->dev);
	EXPECT_ONE_LINE_ERROR(2);
	RUN("attach-ns", self->dev, "-n", "1", "-c", "1,x");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("format", self->dev, "-n", "1", "-l", "1", "-b", "512");
	EXPECT_ONE_LINE_ERROR(2);
	RUN("show-regs", self->dev, "extra");
	EXPECT_ONE_LINE_ERROR(2);
}

/* Every field of Identify Controller, in nvme-cli's order, the JSON agreeing with the bytes. */
TEST_F(nc, id_ctrl_normal_human_json_binary)
{
	static const char *const fields[] = {
		"vid", "ssvid", "sn", "mn", "fr", "rab", "ieee", "cmic", "mdts", "cntlid", "ver",
		"rtd3r", "rtd3e", "oaes", "ctratt", "rrls", "cntrltype", "fguid", "crdt1",
		"crdt2", "crdt3", "nvmsr", "vwci", "mec", "oacs", "acl", "aerl", "frmw", "lpa",
		"elpe", "npss", "avscc", "apsta", "wctemp", "cctemp", "mtfa", "hmpre", "hmmin",
		"tnvmcap", "unvmcap", "rpmbs", "edstt", "dsto", "fwug", "kas", "hctma", "mntmt",
		"mxtmt", "sanicap", "hmminds", "hmmaxd", "nsetidmax", "endgidmax", "anatt",
		"anacap", "anagrpmax", "nanagrpid", "pels", "domainid", "megcap", "sqes", "cqes",
		"maxcmd", "nn", "oncs", "fuses", "fna", "vwc", "awun", "awupf", "icsvscc", "nwpc",
		"acwu", "ocfs", "sgls", "mnan", "maxdna", "maxcna", "subnqn", "ioccsz", "iorcsz",
		"icdoff", "fcatt", "msdbd", "ofcs",
	};
	char line[64], s[64], normal[ST_RUN_OUT_MAX];
	const char *p = NULL, *q;
	uint8_t id[8192];
	size_t i;

	RUN("id-ctrl", self->dev);
	EXPECT_OK();
	memcpy(normal, self->r.out, sizeof(normal));
	EXPECT_EQ(0, strncmp(normal, "NVME Identify Controller:\n", 26));
	for (i = 0, q = normal; i < ARRAY_SIZE(fields); i++) {
		snprintf(line, sizeof(line), "\n%-10s: ", fields[i]);
		p = strstr(q, line);
		EXPECT_NE(NULL, p) TH_LOG("no %s after %.40s", fields[i], q);
		if (p)
			q = p;
	}
	EXPECT_NE(NULL, strstr(normal, "\nps      0 : mp:")) TH_LOG("%s", normal);
	RUN("id-ctrl", self->dev, "-H");
	EXPECT_OK();
	EXPECT_OUT("  [0:0] : ");
	EXPECT_OUT("\tFormat NVM ");
	EXPECT_OUT(" Kelvin)\tWarning Composite Temperature Threshold (WCTEMP)");
	RUN("id-ctrl", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	for (i = 0; i < ARRAY_SIZE(fields); i++) {
		if (strcmp(fields[i], "subnqn"))
			EXPECT_NE(NULL, st_json_get(self->r.out, fields[i])) TH_LOG("%s", fields[i]);
	}
	/* Numbers as numbers, strings as nvme-cli keeps them (padding and all), 128 bits as strings. */
	EXPECT_EQ('"', *st_json_get(self->r.out, "tnvmcap"));
	EXPECT_EQ('"', *st_json_get(self->r.out, "fguid"));
	EXPECT_NE('"', *st_json_get(self->r.out, "oacs"));
	EXPECT_EQ(20u, strlen(jstr(self->r.out, "sn", s, sizeof(s))));
	EXPECT_NE(NULL, st_json_idx(st_json_get(self->r.out, "psds"), (int)self->npss));
	EXPECT_EQ(NULL, st_json_idx(st_json_get(self->r.out, "psds"), (int)self->npss + 1));
	ASSERT_EQ(4096, run_binary(self, "id-ctrl", "-o binary", id, sizeof(id)));
	EXPECT_EQ(st_le16(id), self->vid);
	EXPECT_EQ(st_le16(id + 256), self->oacs);
	EXPECT_EQ(0, memcmp(id + 4, s, 20)) TH_LOG("sn %s", s);
	snprintf(line, sizeof(line), "vid       : %#x\n", self->vid);
	EXPECT_NE(NULL, strstr(normal, line)) TH_LOG("%s", line);
	ASSERT_EQ(4096, run_binary(self, "id-ctrl", "-b", id + 4096, 4096));
	/* Each invocation is a new association with a fabrics controller: a CNTLID of its own. */
	if (self->tcp) {
		memset(id + 78, 0, 2);
		memset(id + 4096 + 78, 0, 2);
	}
	EXPECT_EQ(0, memcmp(id, id + 4096, 4096));
}

TEST_F(nc, id_ns_and_list_ns)
{
	char want[64];
	uint8_t ns[4096];
	unsigned int nlbaf;
	double nsze;

	RUN("id-ns", self->dev, "-n", "1", "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	nsze = jnum(self->r.out, "nsze");
	nlbaf = (unsigned int)jnum(self->r.out, "nlbaf");
	EXPECT_LT(0, nsze);
	EXPECT_NE(NULL, st_json_idx(st_json_get(self->r.out, "lbafs"), (int)nlbaf));
	EXPECT_EQ(NULL, st_json_idx(st_json_get(self->r.out, "lbafs"), (int)nlbaf + 1));
	EXPECT_EQ('"', *st_json_get(self->r.out, "nvmcap"));
	EXPECT_EQ('"', *st_json_get(self->r.out, "nguid"));
	RUN("id-ns", self->dev, "--namespace-id", "1");
	EXPECT_OK();
	EXPECT_EQ(0, strncmp(self->r.out, "NVME Identify Namespace 1:\n", 27));
	snprintf(want, sizeof(want), "nsze    : %#llx\n", (unsigned long long)nsze);
	EXPECT_OUT(want);
	EXPECT_OUT("(in use)");
	RUN("id-ns", self->dev, "-n", "1", "-H");
	EXPECT_OUT("LBA Format  0 : Metadata Size: ");
	EXPECT_OUT("Thin Provisioning");
	ASSERT_EQ(4096, run_binary(self, "id-ns", "-n 1 -o binary", ns, sizeof(ns)));
	EXPECT_EQ((uint64_t)nsze, st_le64(ns));
	RUN("list-ns", self->dev);
	EXPECT_OK();
	EXPECT_EQ(0, strncmp(self->r.out, "[   0]:0x1\n", 11)) TH_LOG("%s", self->r.out);
	RUN("list-ns", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	EXPECT_EQ(1, jnum(st_json_idx(st_json_get(self->r.out, "nsid_list"), 0), "nsid"));
	/* From NSID 2 on: namespace 1 is not in the list. */
	RUN("list-ns", self->dev, "-n", "2");
	EXPECT_OK();
	EXPECT_EQ(NULL, strstr(self->r.out, ":0x1\n")) TH_LOG("%s", self->r.out);
}

TEST_F(nc, smart_log)
{
	char line[320];
	uint8_t log[1024];
	double temp;

	RUN("smart-log", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	temp = jnum(self->r.out, "temperature");
	EXPECT_LT(0, temp);
	EXPECT_EQ('"', *st_json_get(self->r.out, "data_units_read"));
	EXPECT_EQ('"', *st_json_get(self->r.out, "power_on_hours"));
	EXPECT_LE(0, jnum(self->r.out, "critical_warning"));
	EXPECT_LE(0, jnum(self->r.out, "thm_temp2_total_time"));
	RUN("smart-log", self->dev, "-o", "json", "-H");
	EXPECT_LE(0, jnum(st_json_get(self->r.out, "critical_warning"), "value"));
	EXPECT_LE(0, jnum(st_json_get(self->r.out, "critical_warning"), "ro"));
	RUN("smart-log", self->dev);
	EXPECT_OK();
	snprintf(line, sizeof(line), "Smart Log for NVME device:%s namespace-id:ffffffff\n",
		 self->name);
	EXPECT_EQ(0, strncmp(self->r.out, line, strlen(line))) TH_LOG("%s", self->r.out);
	snprintf(line, sizeof(line), "(%u Kelvin)\n", (unsigned int)temp);
	EXPECT_OUT(line);
	RUN("smart-log", self->dev, "-H");
	EXPECT_OUT("      Read-only[3]                   : ");
	ASSERT_EQ(512, run_binary(self, "smart-log", "-b", log, sizeof(log)));
	EXPECT_EQ(temp, st_le16(log + 1));
}

TEST_F(nc, error_log)
{
	unsigned int entries = self->elpe + 1 < 64 ? self->elpe + 1 : 64;
	uint8_t log[64 * 64 + 64];

	RUN("error-log", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	/* As nvme-cli reads it: 64 entries, or all the controller keeps (ELPE + 1). */
	EXPECT_NE(NULL, st_json_idx(st_json_get(self->r.out, "errors"), (int)entries - 1));
	EXPECT_EQ(NULL, st_json_idx(st_json_get(self->r.out, "errors"), (int)entries));
	EXPECT_LE(0, jnum(st_json_idx(st_json_get(self->r.out, "errors"), 0), "error_count"));
	EXPECT_LE(0, jnum(st_json_idx(st_json_get(self->r.out, "errors"), 0),
			  "parm_error_location"));
	RUN("error-log", self->dev, "-e", "1");
	EXPECT_OK();
	EXPECT_OUT("entries:1\n");
	EXPECT_OUT("trtype_spec_info: ");
	EXPECT_EQ((long)entries * 64, run_binary(self, "error-log", "-b", log,
						 sizeof(log)));
}

TEST_F(nc, fw_log)
{
	const char *name = self->name;
	uint8_t log[1024];
	const char *slot;

	RUN("fw-log", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	/* nvme-cli names the object after the device. */
	slot = st_json_get(self->r.out, name);
	ASSERT_NE(NULL, slot) TH_LOG("no '%s' in %s", name, self->r.out);
	EXPECT_LE(1, jnum(slot, "Active Firmware Slot (afi)"));
	RUN("fw-log", self->dev);
	EXPECT_OK();
	EXPECT_OUT("afi  : 0x");
	EXPECT_OUT("frs1 : 0x");
	ASSERT_EQ(512, run_binary(self, "fw-log", "-o binary", log, sizeof(log)));
	EXPECT_NE(0, log[8]);
}

TEST_F(nc, effects_log)
{
	uint8_t log[8192];
	const char *acs;

	RUN("effects-log", self->dev, "-o", "json");
	if (!(self->lpa & 2)) {
		EXPECT_REFUSED("Commands Supported and Effects, LID 05h", "(");
		return;
	}
	EXPECT_OK();
	EXPECT_JSON();
	EXPECT_EQ(0, jnum(st_json_idx(self->r.out, 0), "command_set_identifier"));
	acs = st_json_get(st_json_idx(self->r.out, 0), "admin_cmd_set");
	EXPECT_EQ(1, (int)jnum(acs, "ACS_6 (Identify)") & 1) TH_LOG("%s", self->r.out);
	RUN("effects-log", self->dev, "-H");
	EXPECT_OK();
	EXPECT_OUT("Admin Commands\n");
	EXPECT_OUT("ACS6     [Identify                        ] ");
	EXPECT_OUT("  CSUPP+  LBCC");
	ASSERT_EQ(4096, run_binary(self, "effects-log", "-b", log, sizeof(log)));
	EXPECT_EQ(1u, st_le32(log + 4 * 6) & 1);
}

/* Supported where OACS says Device Self-test is; else Get Log Page is refused, clearly. */
TEST_F(nc, self_test_log)
{
	uint8_t log[1024];

	RUN("self-test-log", self->dev, "-o", "json");
	if (!(self->oacs & 0x10)) {
		EXPECT_REFUSED("Get Log Page (Device Self-test, LID 06h) failed: ", "(00/");
		return;
	}
	EXPECT_OK();
	EXPECT_JSON();
	EXPECT_LE(0, jnum(self->r.out, "Current Device Self-Test Operation"));
	EXPECT_NE(NULL, st_json_idx(st_json_get(self->r.out, "List of Valid Reports"), 19));
	RUN("self-test-log", self->dev, "-e", "2", "-H");
	EXPECT_OK();
	EXPECT_OUT("Self Test Result[1]:\n");
	EXPECT_EQ(NULL, strstr(self->r.out, "Self Test Result[2]:")) TH_LOG("%s", self->r.out);
	ASSERT_EQ(564, run_binary(self, "self-test-log", "-b", log, sizeof(log)));
}

TEST_F(nc, sanitize_log)
{
	const char *name = self->name;
	uint8_t log[1024];

	RUN("sanitize-log", self->dev, "-o", "json");
	if (!(self->sanicap & 7)) {
		EXPECT_REFUSED("Get Log Page (Sanitize Status, LID 81h) failed: ", "(00/");
		return;
	}
	EXPECT_OK();
	EXPECT_JSON();
	EXPECT_LE(0, jnum(st_json_get(self->r.out, name), "sprog"));
	EXPECT_NE(NULL, st_json_get(st_json_get(st_json_get(self->r.out, name), "sstat"),
				    "status"));
	RUN("sanitize-log", self->dev, "-H");
	EXPECT_OK();
	EXPECT_OUT("Sanitize Status                        (SSTAT) :  ");
	EXPECT_OUT("\t[2:0]\t");
	ASSERT_EQ(512, run_binary(self, "sanitize-log", "-b", log, sizeof(log)));
}

TEST_F(nc, get_log_raw)
{
	uint8_t smart[1024], piece[1024];
	char head[384];

	RUN("get-log", self->dev, "-i", "2", "-l", "512");
	EXPECT_OK();
	snprintf(head, sizeof(head), "Device:%s log-id:2 namespace-id:0xffffffff\n"
		 "       0  1  2  3  4  5  6  7  8  9  a  b  c  d  e  f\n0000: ", self->name);
	EXPECT_EQ(0, strncmp(self->r.out, head, strlen(head))) TH_LOG("%s", self->r.out);
	EXPECT_OUT("\n01f0: ");
	ASSERT_EQ(512, run_binary(self, "get-log", "-i 2 -l 512 -b", smart,
				  sizeof(smart)));
	/* With an offset: the second half of the same log. */
	if (self->lpa & 4) {
		ASSERT_EQ(256, run_binary(self, "get-log", "-i 2 -l 256 --lpo 256 -b", piece,
					  sizeof(piece)));
		EXPECT_EQ(0, memcmp(smart + 256, piece, 256));
		/* nvme-cli's short form of --lpo. */
		ASSERT_EQ(256, run_binary(self, "get-log", "-i 2 -l 256 -o 256 -b", piece,
					  sizeof(piece)));
		EXPECT_EQ(0, memcmp(smart + 256, piece, 256));
	}
	ASSERT_EQ(8, run_binary(self, "get-log", "-i 2 -l 8 -b", piece,
				sizeof(piece)));
	EXPECT_EQ(0, memcmp(smart, piece, 3));
	/* A log the controller does not have: its status, named. */
	RUN("get-log", self->dev, "-i", "0xbf", "-l", "512");
	EXPECT_REFUSED("Get Log Page (LID bfh) failed: ", "(0");
}

TEST_F(nc, get_feature)
{
	char value[32], want[96];

	RUN("get-feature", self->dev, "-f", "7", "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	jstr(self->r.out, "Current", value, sizeof(value));
	EXPECT_EQ(0, strncmp(value, "0x", 2)) TH_LOG("%s", self->r.out);
	jstr(self->r.out, "name", want, sizeof(want));
	EXPECT_STREQ("Number of Queues", want);
	EXPECT_LT(0, jnum(self->r.out, "Number of IO Submission Queues Allocated (NSQA)"));
	RUN("get-feature", self->dev, "-f", "7");
	EXPECT_OK();
	snprintf(want, sizeof(want), "get-feature:0x07 (Number of Queues), Current value:%s\n",
		 value);
	EXPECT_STREQ(want, self->r.out);
	RUN("get-feature", self->dev, "-f", "7", "-H");
	EXPECT_OUT("\tNumber of IO Completion Queues Allocated (NCQA): ");
	RUN("get-feature", self->dev, "--feature-id", "4", "--sel", "3");
	EXPECT_OK();
	EXPECT_OUT("get-feature:0x04 (Temperature Threshold), Supported capabilities value:");
	/* Every feature: those refused with Invalid Field left out, the others in an array. */
	RUN("get-feature", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	EXPECT_EQ(0, strcmp(jstr(st_json_idx(self->r.out, 0), "feature", value, sizeof(value)),
			    "0x01")) TH_LOG("%.500s", self->r.out);
	RUN("get-feature", self->dev);
	EXPECT_OK();
	EXPECT_OUT("get-feature:0x07 (Number of Queues), Current value:");
	EXPECT_OUT("get-feature:0x04 (Temperature Threshold), Current value:");
	/* A feature nobody has: the controller's Invalid Field, reported. */
	RUN("get-feature", self->dev, "-f", "0x6f");
	EXPECT_REFUSED("Get Features (Unknown, FID 6fh) failed: ", "INVALID FIELD (00/02)");
}

/*
 * Temperature Threshold: set, read back (a module device keeps it between
 * invocations; the emulated controller is a fresh one each time, and each
 * invocation over a fabric a new association, whose controller reset puts
 * the threshold back to its default), restored.
 */
TEST_F(nc, set_feature)
{
	char value[32], want[128];
	unsigned long cur;

	RUN("get-feature", self->dev, "-f", "4", "-o", "json");
	ASSERT_EQ(0, self->r.status) TH_LOG("%s", self->r.err);
	cur = strtoul(jstr(self->r.out, "Current", value, sizeof(value)), NULL, 16);
	ASSERT_LT(1ul, cur & 0xffff);
	snprintf(value, sizeof(value), "%lu", (cur & 0xffff) - 1);
	RUN("set-feature", self->dev, "-f", "4", "-v", value);
	EXPECT_OK();
	snprintf(want, sizeof(want), "set-feature:0x04 (Temperature Threshold), value:%#010lx,"
		 " cdw12:00000000, save:0\n", (cur & 0xffff) - 1);
	EXPECT_STREQ(want, self->r.out);
	if (st_dev_kind(self->dev) == ST_DEV_MODULE) {
		RUN("get-feature", self->dev, "-f", "4");
		snprintf(want, sizeof(want), "Current value:%#010lx\n", (cur & 0xffff) - 1);
		EXPECT_OUT(want);
		snprintf(value, sizeof(value), "%lu", cur & 0xffff);
		RUN("set-feature", self->dev, "-f", "4", "-v", value, "-H");
		EXPECT_OK();
		EXPECT_OUT("\tTemperature Threshold         (TMPTH): ");
	}
	RUN("set-feature", self->dev, "-f", "0x6f", "-v", "1");
	EXPECT_REFUSED("Set Features (Unknown, FID 6fh) failed: ", "(0");
}

TEST_F(nc, format)
{
	if (!self->destructive)
		SKIP(return, "format erases the namespace: NVMETEST_DESTRUCTIVE=1 to run it here");
	RUN("format", self->dev, "-n", "1", "--force");
	if (!(self->oacs & 2)) {
		EXPECT_REFUSED("Format NVM failed: ", "INVALID OPCODE (00/01)");
		return;
	}
	EXPECT_OK();
	EXPECT_STREQ("Success formatting namespace:1\n", self->r.out);
	RUN("format", self->dev, "-n", "1", "-l", "63", "--force");
	EXPECT_REFUSED("Format NVM failed: ", "(01/0a)");
	RUN("format", self->dev, "-n", "1", "-b", "1024", "--force");
	EXPECT_ONE_LINE_ERROR(1);
	EXPECT_NE(NULL, strstr(self->r.err, "no LBA format of 1024 bytes")) TH_LOG("%s",
									       self->r.err);
}

TEST_F(nc, sanitize)
{
	if (!self->destructive)
		SKIP(return, "sanitize erases everything: NVMETEST_DESTRUCTIVE=1 to run it here");
	RUN("sanitize", self->dev, "-a", "start-block-erase", "--wait");
	if (!(self->sanicap & 2)) {
		EXPECT_REFUSED("Sanitize failed: ", "(0");
		return;
	}
	EXPECT_OK();
	EXPECT_STREQ("Sanitize completed (SSTAT 1)\n", self->r.out);
}

TEST_F(nc, firmware)
{
	char img[PATH_MAX + 16], arg[PATH_MAX + 16];
	uint8_t buf[8192];
	FILE *f;

	if (!self->destructive)
		SKIP(return, "firmware commands change the device: NVMETEST_DESTRUCTIVE=1 to run"
			     " them here");
	snprintf(img, sizeof(img), "%s/fw.bin", self->tmp);
	f = fopen(img, "wb");
	ASSERT_NE(NULL, f);
	st_fill(buf, sizeof(buf), 7);
	ASSERT_EQ(1u, fwrite(buf, sizeof(buf), 1, f));
	fclose(f);
	snprintf(arg, sizeof(arg), "%s", img);
	RUN("fw-download", self->dev, "--fw", arg);
	if (!(self->oacs & 4)) {
		EXPECT_REFUSED("Firmware Image Download (bytes 0..4095) failed: ",
			       "INVALID OPCODE (00/01)");
		RUN("fw-commit", self->dev, "-s", "1", "-a", "1");
		EXPECT_REFUSED("Firmware Commit (action 1, slot 1) failed: ", "INVALID OPCODE");
		return;
	}
	EXPECT_OK();
	EXPECT_STREQ("Firmware download success\n", self->r.out);
	if (self->emu) {
		/* A fresh controller has no image downloaded to commit. */
		RUN("fw-commit", self->dev, "-s", "2", "-a", "1");
		EXPECT_REFUSED("Firmware Commit (action 1, slot 2) failed: ",
			       "INVALID FIRMWARE IMAGE (01/07)");
	}
}

TEST_F(nc, device_self_test)
{
	RUN("device-self-test", self->dev, "-s", "1", "--wait");
	if (!(self->oacs & 0x10)) {
		EXPECT_REFUSED("Device Self-test failed: ", "INVALID OPCODE (00/01)");
		return;
	}
	EXPECT_OK();
	EXPECT_STREQ("Short Device self-test started\nDevice self-test completed without error\n",
		     self->r.out);
	RUN("device-self-test", self->dev);
	EXPECT_OK();
	EXPECT_STREQ("no self test running\n", self->r.out);
}

/*
 * A namespace created, attached, detached and deleted again: the device is
 * left as it was found (a served or real one keeps what is done to it).
 */
TEST_F(nc, namespace_management)
{
	unsigned int id = 0, other = 0;
	char nsid[16], want[96];

	if (!self->destructive)
		SKIP(return, "namespace management changes the device: NVMETEST_DESTRUCTIVE=1 to"
			     " run it here");
	RUN("create-ns", self->dev, "-s", "1024", "-c", "1024");
	/* QEMU without an nvme-subsys device: OACS bit 3 set, the opcode refused. */
	if (!(self->oacs & 8) || self->vid == QEMU_VID) {
		EXPECT_REFUSED("Namespace Management (create) failed: ", "INVALID OPCODE (00/01)");
		RUN("delete-ns", self->dev, "-n", "1");
		EXPECT_REFUSED("Namespace Management (delete) failed: ", "INVALID OPCODE (00/01)");
		RUN("detach-ns", self->dev, "-n", "1");
		EXPECT_REFUSED("Namespace Attachment (detach) failed: ", "(0");
		return;
	}
	EXPECT_OK();
	ASSERT_EQ(1, sscanf(self->r.out, "create-ns: Success, created nsid:%u\n", &id))
		TH_LOG("%s", self->r.out);
	/* nvme-cli's --lbstm, -l: taken, and the namespace made with it deleted again. */
	RUN("create-ns", self->dev, "-s", "1024", "-c", "1024", "-l", "0");
	EXPECT_OK();
	if (!self->emu && sscanf(self->r.out, "create-ns: Success, created nsid:%u\n", &other) == 1) {
		snprintf(nsid, sizeof(nsid), "%u", other);
		RUN("delete-ns", self->dev, "-n", nsid);
		EXPECT_OK();
	}
	RUN("attach-ns", self->dev, "-n", "1");
	EXPECT_REFUSED("Namespace Attachment (attach) failed: ", "NAMESPACE ALREADY ATTACHED");
	/* The emulated controller is a fresh one in each invocation: namespace 1 stands in. */
	if (self->emu)
		id = 1;
	snprintf(nsid, sizeof(nsid), "%u", id);
	if (!self->emu) {
		RUN("attach-ns", self->dev, "-n", nsid);
		EXPECT_OK();
		snprintf(want, sizeof(want), "attach-ns: Success, nsid:%u\n", id);
		EXPECT_STREQ(want, self->r.out);
	}
	RUN("detach-ns", self->dev, "-n", nsid);
	EXPECT_OK();
	snprintf(want, sizeof(want), "detach-ns: Success, nsid:%u\n", id);
	EXPECT_STREQ(want, self->r.out);
	RUN("delete-ns", self->dev, "-n", nsid);
	EXPECT_OK();
	snprintf(want, sizeof(want), "delete-ns: Success, deleted nsid:%u\n", id);
	EXPECT_STREQ(want, self->r.out);
}

TEST_F(nc, resets)
{
	bool nssrs;

	RUN("reset", self->dev);
	EXPECT_OK();
	EXPECT_OUT("controller reset (");
	if (!self->destructive)
		SKIP(return, "a subsystem reset may take the link down: NVMETEST_DESTRUCTIVE=1 to"
			     " run it here");
	RUN("show-regs", self->dev, "-o", "json");
	ASSERT_EQ(0, self->r.status);
	nssrs = jnum64(self->r.out, "cap") >> 36 & 1;
	RUN("subsystem-reset", self->dev);
	if (!nssrs) {
		EXPECT_REFUSED("NVM Subsystem Reset not supported", "CAP.NSSRS is 0");
		return;
	}
	EXPECT_OK();
	EXPECT_STREQ("NVM subsystem reset (CSTS.NSSRO 1, ready)\n", self->r.out);
}

/*
 * A PCIe controller's registers, 0 to 0xe1b; a fabrics controller's
 * properties, only those it has (CAP, VS, CC, CSTS, NSSR with CAP.NSSRS),
 * the rest of the binary form all ones, as nvme-cli shows them.
 */
TEST_F(nc, show_regs)
{
	static const char pcie_only[][8] = { "intms", "aqa", "asq", "cmbsz", "pmrmscu" };
	uint8_t regs[8192];
	uint64_t cap;
	char want[64];
	size_t i;

	RUN("show-regs", self->dev, "-o", "json");
	EXPECT_OK();
	EXPECT_JSON();
	cap = jnum64(self->r.out, "cap");
	EXPECT_NE(0u, cap);
	EXPECT_LE(0, jnum(self->r.out, "csts"));
	/* NSSR is a register of every PCIe controller, a property only with CAP.NSSRS. */
	EXPECT_EQ(!self->tcp || (cap >> 36 & 1), st_json_get(self->r.out, "nssr") != NULL);
	for (i = 0; i < ARRAY_SIZE(pcie_only); i++)
		EXPECT_EQ(self->tcp, !st_json_get(self->r.out, pcie_only[i])) TH_LOG("%s",
										   pcie_only[i]);
	ASSERT_EQ(0xe1c, run_binary(self, "show-regs", "-o binary", regs,
				    sizeof(regs)));
	EXPECT_EQ(cap, st_le64(regs));
	EXPECT_EQ(self->tcp, st_all_bytes(regs + 0x24, 0xe1c - 0x24, 0xff));
	RUN("show-regs", self->dev);
	EXPECT_OK();
	snprintf(want, sizeof(want), "cap     : %llx\n", (unsigned long long)st_le64(regs));
	EXPECT_EQ(0, strncmp(self->r.out, want, strlen(want))) TH_LOG("%s", self->r.out);
	EXPECT_OUT("\ncsts    : ");
	if (self->tcp) {
		EXPECT_EQ(NULL, strstr(self->r.out, "\naqa")) TH_LOG("%s", self->r.out);
		EXPECT_EQ(NULL, strstr(self->r.out, "\npmrmscu")) TH_LOG("%s", self->r.out);
	} else {
		EXPECT_OUT("\npmrmscu : 0\n");
	}
	RUN("show-regs", self->dev, "-H");
	EXPECT_OK();
	EXPECT_OUT("(MQES): ");
	EXPECT_OUT("\tReady                          (RDY): Yes\n");
	EXPECT_EQ(self->tcp, !strstr(self->r.out, "(ACQS)")) TH_LOG("%s", self->r.out);
}

/* man/nvmet.1 of the tree above the test, with roff's \- and font changes taken out. */
static char *man_page(void)
{
	char dir[PATH_MAX - 64], path[PATH_MAX], *buf = NULL, *w, *r;
	struct stat st;
	FILE *f = NULL;
	int up;

	if (st_exe_dir(dir, sizeof(dir)))
		return NULL;
	for (up = 0; up < 4 && !f; up++) {
		strcat(dir, "/..");
		snprintf(path, sizeof(path), "%s/man/nvmet.1", dir);
		f = fopen(path, "r");
	}
	if (!f)
		return NULL;
	if (!fstat(fileno(f), &st) && (buf = calloc(1, (size_t)st.st_size + 1)) &&
	    fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	for (r = w = buf; buf && *r; ) {
		if (r[0] == '\\' && r[1] == '-') {
			*w++ = '-';
			r += 2;
		} else if (r[0] == '\\' && r[1] == 'f' && r[2]) {
			r += 3;
		} else {
			*w++ = *r++;
		}
	}
	if (buf)
		*w = '\0';
	return buf;
}

/* Every command of nvmet --help has an entry in nvmet(1), and every option of its --help is there. */
TEST_F(nc, the_man_page_has_every_command_and_option)
{
	char *man = man_page(), names[64][24], entry[64 * 24 + 16], opt[48];
	const char *p, *q;
	int n = 0, i;
	size_t k;

	if (!man)
		SKIP(return, "no man/nvmet.1 above the test");
	RUN("--help");
	for (p = strstr(self->r.out, "\n  "); p && n < 64; p = strstr(p + 1, "\n  ")) {
		for (k = 0; k < 23 && (p[3 + k] == '-' || (p[3 + k] >= 'a' && p[3 + k] <= 'z')); k++)
			names[n][k] = p[3 + k];
		names[n][k] = '\0';
		if (k && p[3 + k] == ' ')
			n++;
	}
	EXPECT_LT(35, n);
	for (i = 0; i < n; i++) {
		snprintf(entry, sizeof(entry), "\n.BI \"%s ", names[i]);
		q = strstr(man, entry);
		if (!q) {
			snprintf(entry, sizeof(entry), "\n.B %s\n", names[i]);
			q = strstr(man, entry);
		}
		EXPECT_NE(NULL, q) TH_LOG("no entry for %s in nvmet(1)", names[i]);
		RUN(names[i], "--help");
		for (q = strstr(self->r.out, "--"); q; q = strstr(q + 2, "--")) {
			for (k = 0; k < sizeof(opt) - 1 && (q[k] == '-' || isalnum((unsigned char)q[k]));
			     k++)
				opt[k] = q[k];
			opt[k] = '\0';
			if (k > 2 && strcmp(opt, "--help"))
				EXPECT_NE(NULL, strstr(man, opt)) TH_LOG("nvmet %s %s is not in nvmet(1)",
									names[i], opt);
		}
	}
	free(man);
}

TEST_HARNESS_MAIN
