// SPDX-License-Identifier: GPL-2.0
/*
 * lib_names_test.c - libnvmet's names, with no device: every admin and NVM
 * I/O opcode of the specification named and the rest vendor specific or
 * unknown, status names across the status code types and their reserved,
 * command set and vendor ranges, and the one-line forms of statuses,
 * commands, command log entries and the module's netlink events.
 */
#include <ctype.h>

#include <nvmet/cmd.h>
#include <nvmet/names.h>
#include <nvmet/nl.h>

#include "nvmetest_harness.h"

struct named {
	unsigned int code;
	const char *name;
};

static const struct named admin[] = {
	{ 0x00, "DELETE IO SQ" },
	{ 0x01, "CREATE IO SQ" },
	{ 0x02, "GET LOG PAGE" },
	{ 0x04, "DELETE IO CQ" },
	{ 0x05, "CREATE IO CQ" },
	{ 0x06, "IDENTIFY" },
	{ 0x08, "ABORT" },
	{ 0x09, "SET FEATURES" },
	{ 0x0a, "GET FEATURES" },
	{ 0x0c, "ASYNC EVENT REQUEST" },
	{ 0x0d, "NAMESPACE MANAGEMENT" },
	{ 0x10, "FIRMWARE COMMIT" },
	{ 0x11, "FIRMWARE IMAGE DOWNLOAD" },
	{ 0x14, "DEVICE SELF-TEST" },
	{ 0x15, "NAMESPACE ATTACHMENT" },
	{ 0x18, "KEEP ALIVE" },
	{ 0x19, "DIRECTIVE SEND" },
	{ 0x1a, "DIRECTIVE RECEIVE" },
	{ 0x1c, "VIRTUALIZATION MANAGEMENT" },
	{ 0x1d, "NVME-MI SEND" },
	{ 0x1e, "NVME-MI RECEIVE" },
	{ 0x20, "CAPACITY MANAGEMENT" },
	{ 0x24, "LOCKDOWN" },
	{ 0x7c, "DOORBELL BUFFER CONFIG" },
	{ 0x7f, "FABRICS COMMAND" },
	{ 0x80, "FORMAT NVM" },
	{ 0x81, "SECURITY SEND" },
	{ 0x82, "SECURITY RECEIVE" },
	{ 0x84, "SANITIZE" },
	{ 0x86, "GET LBA STATUS" },
};

static const struct named io[] = {
	{ 0x00, "FLUSH" },
	{ 0x01, "WRITE" },
	{ 0x02, "READ" },
	{ 0x04, "WRITE UNCORRECTABLE" },
	{ 0x05, "COMPARE" },
	{ 0x08, "WRITE ZEROES" },
	{ 0x09, "DATASET MANAGEMENT" },
	{ 0x0c, "VERIFY" },
	{ 0x0d, "RESERVATION REGISTER" },
	{ 0x0e, "RESERVATION REPORT" },
	{ 0x11, "RESERVATION ACQUIRE" },
	{ 0x15, "RESERVATION RELEASE" },
	{ 0x19, "COPY" },
};

#define COUNT(a)	(sizeof(a) / sizeof((a)[0]))

static const char *find(const struct named *t, size_t n, unsigned int code)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (t[i].code == code)
			return t[i].name;
	}
	return NULL;
}

/* Non-empty, printable, no lower case: the names' form. */
static int well_formed(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++) {
		if (!isprint((unsigned char)*s) || islower((unsigned char)*s))
			return 0;
	}
	return 1;
}

/* A line to print into, filled with junk so that a missing NUL shows. */
FIXTURE(names) {
	char buf[128];
};

FIXTURE_SETUP(names)
{
	memset(self->buf, 'x', sizeof(self->buf));
}

FIXTURE_TEARDOWN(names)
{
}

TEST_F(names, admin_opcodes)
{
	unsigned int opc;

	for (opc = 0; opc <= 0xff; opc++) {
		const char *want = find(admin, COUNT(admin), opc);
		const char *got = nvmet_admin_opcode_name((uint8_t)opc);

		if (!want)
			want = opc >= 0xc0 ? "VENDOR SPECIFIC" : "UNKNOWN";
		EXPECT_STREQ(want, got) TH_LOG("admin opcode 0x%02x", opc);
	}
	EXPECT_STREQ("IDENTIFY", nvmet_admin_opcode_name(NVMET_ADM_IDENTIFY));
	EXPECT_STREQ("UNKNOWN", nvmet_admin_opcode_name(0x03));
	EXPECT_STREQ("UNKNOWN", nvmet_admin_opcode_name(0xbf));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_admin_opcode_name(0xc0));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_admin_opcode_name(0xff));
}

TEST_F(names, io_opcodes)
{
	unsigned int opc;

	for (opc = 0; opc <= 0xff; opc++) {
		const char *want = find(io, COUNT(io), opc);
		const char *got = nvmet_io_opcode_name((uint8_t)opc);

		if (!want)
			want = opc >= 0x80 ? "VENDOR SPECIFIC" : "UNKNOWN";
		EXPECT_STREQ(want, got) TH_LOG("I/O opcode 0x%02x", opc);
	}
	EXPECT_STREQ("READ", nvmet_io_opcode_name(NVMET_CMD_READ));
	EXPECT_STREQ("UNKNOWN", nvmet_io_opcode_name(0x7f));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_io_opcode_name(0x80));
}

TEST_F(names, status_names)
{
	EXPECT_STREQ("SUCCESS", nvmet_status_name(0, 0x00));
	EXPECT_STREQ("INVALID OPCODE", nvmet_status_name(0, 0x01));
	EXPECT_STREQ("INVALID FIELD", nvmet_status_name(0, 0x02));
	EXPECT_STREQ("ABORTED - SQ DELETION", nvmet_status_name(0, 0x08));
	EXPECT_STREQ("INVALID NAMESPACE OR FORMAT", nvmet_status_name(0, 0x0b));
	EXPECT_STREQ("INVALID PRP OFFSET", nvmet_status_name(0, 0x13));
	EXPECT_STREQ("SANITIZE IN PROGRESS", nvmet_status_name(0, 0x1d));
	EXPECT_STREQ("ADMIN COMMAND MEDIA NOT READY", nvmet_status_name(0, 0x24));
	EXPECT_STREQ("LBA OUT OF RANGE", nvmet_status_name(0, 0x80));
	EXPECT_STREQ("RESERVATION CONFLICT", nvmet_status_name(0, 0x83));
	EXPECT_STREQ("FORMAT IN PROGRESS", nvmet_status_name(0, 0x84));

	EXPECT_STREQ("COMPLETION QUEUE INVALID", nvmet_status_name(1, 0x00));
	EXPECT_STREQ("INVALID QUEUE IDENTIFIER", nvmet_status_name(1, 0x01));
	EXPECT_STREQ("INVALID QUEUE SIZE", nvmet_status_name(1, 0x02));
	EXPECT_STREQ("INVALID INTERRUPT VECTOR", nvmet_status_name(1, 0x08));
	EXPECT_STREQ("INVALID LOG PAGE", nvmet_status_name(1, 0x09));
	EXPECT_STREQ("INVALID FORMAT", nvmet_status_name(1, 0x0a));
	EXPECT_STREQ("INVALID QUEUE DELETION", nvmet_status_name(1, 0x0c));
	EXPECT_STREQ("FEATURE ID NOT SAVEABLE", nvmet_status_name(1, 0x0d));
	EXPECT_STREQ("DEVICE SELF-TEST IN PROGRESS", nvmet_status_name(1, 0x1d));
	EXPECT_STREQ("IDENTIFIER UNAVAILABLE", nvmet_status_name(1, 0x2d));
	EXPECT_STREQ("CONFLICTING ATTRIBUTES", nvmet_status_name(1, 0x80));
	EXPECT_STREQ("INVALID PROTECTION INFORMATION", nvmet_status_name(1, 0x81));
	EXPECT_STREQ("COMMAND SIZE LIMIT EXCEEDED", nvmet_status_name(1, 0x83));

	EXPECT_STREQ("WRITE FAULT", nvmet_status_name(2, 0x80));
	EXPECT_STREQ("UNRECOVERED READ ERROR", nvmet_status_name(2, 0x81));
	EXPECT_STREQ("COMPARE FAILURE", nvmet_status_name(2, 0x85));
	EXPECT_STREQ("DEALLOCATED OR UNWRITTEN BLOCK", nvmet_status_name(2, 0x87));
	EXPECT_STREQ("STORAGE TAG CHECK ERROR", nvmet_status_name(2, 0x88));

	EXPECT_STREQ("INTERNAL PATH ERROR", nvmet_status_name(3, 0x00));
	EXPECT_STREQ("ASYMMETRIC ACCESS TRANSITION", nvmet_status_name(3, 0x03));
	EXPECT_STREQ("CONTROLLER PATHING ERROR", nvmet_status_name(3, 0x60));
	EXPECT_STREQ("ABORTED BY HOST", nvmet_status_name(3, 0x71));
}

TEST_F(names, status_ranges)
{
	/* Reserved codes, command set codes no one named, vendor codes. */
	EXPECT_STREQ("RESERVED", nvmet_status_name(0, 0x17));
	EXPECT_STREQ("RESERVED", nvmet_status_name(0, 0x7f));
	EXPECT_STREQ("UNKNOWN", nvmet_status_name(0, 0x85));
	EXPECT_STREQ("UNKNOWN", nvmet_status_name(0, 0xbf));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(0, 0xc0));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(0, 0xff));
	EXPECT_STREQ("RESERVED", nvmet_status_name(1, 0x04));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(1, 0xc1));
	EXPECT_STREQ("RESERVED", nvmet_status_name(2, 0x00));
	EXPECT_STREQ("UNKNOWN", nvmet_status_name(2, 0x89));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(2, 0xc0));
	EXPECT_STREQ("RESERVED", nvmet_status_name(3, 0x04));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(3, 0xfe));
	/* Reserved types, the vendor type, arguments out of range. */
	EXPECT_STREQ("RESERVED", nvmet_status_name(4, 0x00));
	EXPECT_STREQ("RESERVED", nvmet_status_name(6, 0x01));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(7, 0x00));
	EXPECT_STREQ("VENDOR SPECIFIC", nvmet_status_name(7, 0x80));
	EXPECT_STREQ("UNKNOWN", nvmet_status_name(8, 0x00));
	EXPECT_STREQ("UNKNOWN", nvmet_status_name(0, 0x100));
}

TEST_F(names, all_names_well_formed)
{
	unsigned int sct, sc;

	for (sc = 0; sc <= 0xff; sc++) {
		EXPECT_TRUE(well_formed(nvmet_admin_opcode_name((uint8_t)sc)));
		EXPECT_TRUE(well_formed(nvmet_io_opcode_name((uint8_t)sc)));
	}
	for (sct = 0; sct <= 8; sct++) {
		for (sc = 0; sc <= 0x100; sc++) {
			EXPECT_TRUE(well_formed(nvmet_status_name(sct, sc)))
				TH_LOG("sct %u sc 0x%02x", sct, sc);
		}
	}
}

/* The status half-word of a CQE: phase bit 0, SC 8:1, SCT 11:9, CRD 13:12, M 14, DNR 15. */
static uint16_t halfword(unsigned int sct, unsigned int sc, unsigned int crd, unsigned int more,
			 unsigned int dnr, unsigned int phase)
{
	return (uint16_t)(dnr << 15 | more << 14 | crd << 12 | sct << 9 | sc << 1 | phase);
}

TEST_F(names, status_snprint)
{
	char *buf = self->buf;

	EXPECT_EQ((int)strlen("SUCCESS (00/00)"),
		  nvmet_status_snprint(buf, sizeof(self->buf), halfword(0, 0, 0, 0, 0, 1)));
	EXPECT_STREQ("SUCCESS (00/00)", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), halfword(0, 1, 0, 0, 1, 0));
	EXPECT_STREQ("INVALID OPCODE (00/01) DNR", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), halfword(1, 0x0c, 0, 0, 1, 1));
	EXPECT_STREQ("INVALID QUEUE DELETION (01/0c) DNR", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), halfword(2, 0x85, 0, 1, 0, 0));
	EXPECT_STREQ("COMPARE FAILURE (02/85) MORE", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), halfword(0, 0x22, 2, 1, 1, 1));
	EXPECT_STREQ("TRANSIENT TRANSPORT ERROR (00/22) DNR MORE CRD:2", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), halfword(7, 0xab, 0, 0, 0, 0));
	EXPECT_STREQ("VENDOR SPECIFIC (07/ab)", buf);
	nvmet_status_snprint(buf, sizeof(self->buf), 0xffff);
	EXPECT_STREQ("VENDOR SPECIFIC (07/ff) DNR MORE CRD:3", buf);

	/* Truncated like snprintf: the full length comes back. */
	EXPECT_EQ((int)strlen("INVALID OPCODE (00/01) DNR"),
		  nvmet_status_snprint(buf, 8, halfword(0, 1, 0, 0, 1, 0)));
	EXPECT_STREQ("INVALID", buf);
}

TEST_F(names, status_snprint_fits_its_max)
{
	char buf[256];
	unsigned int st;
	int n, longest = 0;

	for (st = 0; st <= 0xffff; st++) {
		n = nvmet_status_snprint(buf, sizeof(buf), (uint16_t)st);
		EXPECT_EQ((int)strlen(buf), n);
		if (n > longest)
			longest = n;
	}
	EXPECT_LT(longest, NVMET_STATUS_STR_MAX);
}

TEST_F(names, cmd_snprint_admin)
{
	struct nvmet_sqe sqe;
	char *buf = self->buf;

	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
	sqe.cid = 3;
	EXPECT_EQ((int)strlen("IDENTIFY (06) sqid:0 cid:3 nsid:0 cdw10:00000001 cdw11:00000000"),
		  nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 0));
	EXPECT_STREQ("IDENTIFY (06) sqid:0 cid:3 nsid:0 cdw10:00000001 cdw11:00000000", buf);

	nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SMART, 0xffffffff, 512, NULL);
	sqe.cid = 0xffff;
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 0);
	EXPECT_STREQ("GET LOG PAGE (02) sqid:0 cid:65535 nsid:ffffffff cdw10:007f0002"
		     " cdw11:00000000", buf);

	/* Admin opcodes that are I/O ones too are read as admin on queue 0. */
	nvmet_cmd_raw(&sqe, 0x02, 0, NULL);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 0);
	EXPECT_STREQ("GET LOG PAGE (02) sqid:0 cid:0 nsid:0 cdw10:00000000 cdw11:00000000", buf);

	nvmet_cmd_raw(&sqe, 0xc5, 1, (const uint32_t[6]){ 0xa, 0xb });
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 0);
	EXPECT_STREQ("VENDOR SPECIFIC (c5) sqid:0 cid:0 nsid:1 cdw10:0000000a cdw11:0000000b", buf);

	nvmet_cmd_raw(&sqe, 0x03, 0, NULL);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 0);
	EXPECT_STREQ("UNKNOWN (03) sqid:0 cid:0 nsid:0 cdw10:00000000 cdw11:00000000", buf);
}

TEST_F(names, cmd_snprint_io)
{
	struct nvmet_sqe sqe, wr;
	char *buf = self->buf;

	nvmet_cmd_read(&sqe, 1, 2048, 8, NULL);
	sqe.cid = 7;
	EXPECT_EQ((int)strlen("READ sqid:1 cid:7 nsid:1 lba:2048 len:8"),
		  nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1));
	EXPECT_STREQ("READ sqid:1 cid:7 nsid:1 lba:2048 len:8", buf);

	nvmet_cmd_write(&sqe, 2, 0x123456789abull, 65536, NULL);
	sqe.cid = 12;
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 4);
	EXPECT_STREQ("WRITE sqid:4 cid:12 nsid:2 lba:1250999896491 len:65536", buf);

	nvmet_cmd_write_zeroes(&sqe, 1, 0, 1, NULL);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1);
	EXPECT_STREQ("WRITE ZEROES sqid:1 cid:0 nsid:1 lba:0 len:1", buf);

	nvmet_cmd_flush(&sqe, 1);
	sqe.cid = 1;
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 2);
	EXPECT_STREQ("FLUSH sqid:2 cid:1 nsid:1", buf);

	nvmet_cmd_dsm(&sqe, 1, 2, NVMET_DSM_AD);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1);
	EXPECT_STREQ("DATASET MANAGEMENT sqid:1 cid:0 nsid:1 nr:2", buf);

	nvmet_cmd_fused_compare_write(&sqe, &wr, 1, 16, 4, NULL);
	sqe.cid = 4;
	wr.cid = 5;
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1);
	EXPECT_STREQ("COMPARE sqid:1 cid:4 nsid:1 lba:16 len:4 fuse:first", buf);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &wr, 1);
	EXPECT_STREQ("WRITE sqid:1 cid:5 nsid:1 lba:16 len:4 fuse:second", buf);

	nvmet_cmd_resv_report(&sqe, 1, 4096, false);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1);
	EXPECT_STREQ("RESERVATION REPORT (0e) sqid:1 cid:0 nsid:1 cdw10:000003ff cdw11:00000000",
		     buf);

	nvmet_cmd_raw(&sqe, 0x81, 1, NULL);
	nvmet_cmd_snprint(buf, sizeof(self->buf), &sqe, 1);
	EXPECT_STREQ("VENDOR SPECIFIC (81) sqid:1 cid:0 nsid:1 cdw10:00000000 cdw11:00000000",
		     buf);

	/* Truncation keeps the NUL and returns the full length. */
	nvmet_cmd_read(&sqe, 1, 2048, 8, NULL);
	EXPECT_EQ((int)strlen("READ sqid:1 cid:0 nsid:1 lba:2048 len:8"),
		  nvmet_cmd_snprint(buf, 5, &sqe, 1));
	EXPECT_STREQ("READ", buf);
}

/* Every opcode on both kinds of queue, with the widest values its fields can hold. */
TEST_F(names, cmd_snprint_fits_its_max)
{
	struct nvmet_sqe sqe;
	char buf[256];
	unsigned int opc;
	int n, longest = 0;

	memset(&sqe, 0xff, sizeof(sqe));
	for (opc = 0; opc <= 0xff; opc++) {
		sqe.opc = (uint8_t)opc;
		n = nvmet_cmd_snprint(buf, sizeof(buf), &sqe, 0);
		if (n > longest)
			longest = n;
		n = nvmet_cmd_snprint(buf, sizeof(buf), &sqe, 0xffff);
		EXPECT_EQ((int)strlen(buf), n);
		if (n > longest)
			longest = n;
	}
	EXPECT_LT(longest, NVMET_CMD_STR_MAX);
}

/* An entry of command @opc (CID 7, NSID 1, SLBA 2048, 8 blocks) on queue 1, ending as @flags say. */
static void cmdlog_entry(struct nvmetest_cmdlog_entry *e, uint8_t opc, uint32_t flags,
			 uint16_t status)
{
	memset(e, 0, sizeof(*e));
	e->sqe[0] = opc | 7u << 16;
	e->sqe[1] = 1;
	e->sqe[10] = 2048;
	e->sqe[12] = 7;
	e->submit_ns = 5000000000ull;
	e->flags = flags;
	if (flags) {
		e->complete_ns = e->submit_ns + 81234;
		e->cqe[3] = (uint32_t)status << 16 | 7;
	}
}

TEST_F(names, cmdlog_entry_snprint)
{
	struct nvmetest_cmdlog_entry e;
	char buf[NVMET_CMDLOG_STR_MAX];
	int n;

	cmdlog_entry(&e, NVMET_CMD_READ, NVMETEST_CMDLOG_DONE, 0);
	n = nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 1);
	EXPECT_EQ((int)strlen(buf), n);
	EXPECT_STREQ("READ sqid:1 cid:7 nsid:1 lba:2048 len:8 -> SUCCESS (00/00) lat:81.2us",
		     buf);
	/* LBA Out of Range, DNR (status half-word: SC in 8:1, DNR bit 15). */
	cmdlog_entry(&e, NVMET_CMD_WRITE, NVMETEST_CMDLOG_DONE, 0x80 << 1 | 1u << 15);
	nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 3);
	EXPECT_STREQ("WRITE sqid:3 cid:7 nsid:1 lba:2048 len:8 -> LBA OUT OF RANGE (00/80) DNR"
		     " lat:81.2us", buf);
	cmdlog_entry(&e, NVMET_CMD_READ, NVMETEST_CMDLOG_TIMED_OUT, 0);
	nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 1);
	EXPECT_STREQ("READ sqid:1 cid:7 nsid:1 lba:2048 len:8 -> TIMED OUT lat:81.2us", buf);
	cmdlog_entry(&e, NVMET_CMD_READ, NVMETEST_CMDLOG_ABORTED, 0);
	nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 1);
	EXPECT_STREQ("READ sqid:1 cid:7 nsid:1 lba:2048 len:8 -> ABORTED lat:81.2us", buf);
	/* In flight: no status, no latency. */
	cmdlog_entry(&e, NVMET_CMD_READ, 0, 0);
	nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 1);
	EXPECT_STREQ("READ sqid:1 cid:7 nsid:1 lba:2048 len:8 -> PENDING", buf);
	/* The admin queue reads opcodes as admin commands. */
	cmdlog_entry(&e, NVMET_ADM_IDENTIFY, NVMETEST_CMDLOG_DONE, 0);
	nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 0);
	EXPECT_EQ(0, strncmp(buf, "IDENTIFY (06) sqid:0 cid:7", strlen("IDENTIFY (06) sqid:0 cid:7")))
		TH_LOG("%s", buf);
	/* Truncated: the NUL kept. */
	cmdlog_entry(&e, NVMET_CMD_READ, NVMETEST_CMDLOG_DONE, 0);
	nvmet_cmdlog_entry_snprint(buf, 5, &e, 1);
	EXPECT_STREQ("READ", buf);
}

TEST_F(names, cmdlog_entry_snprint_fits_its_max)
{
	struct nvmetest_cmdlog_entry e;
	char buf[2 * NVMET_CMDLOG_STR_MAX];
	unsigned int opc;
	int n, longest = 0;

	memset(&e, 0xff, sizeof(e));
	for (opc = 0; opc <= 0xff; opc++) {
		((uint8_t *)e.sqe)[0] = (uint8_t)opc;
		n = nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 0xffff);
		EXPECT_EQ((int)strlen(buf), n);
		if (n > longest)
			longest = n;
		n = nvmet_cmdlog_entry_snprint(buf, sizeof(buf), &e, 0);
		if (n > longest)
			longest = n;
	}
	EXPECT_LT(longest, NVMET_CMDLOG_STR_MAX);
}

TEST_F(names, nl_event_snprint)
{
	struct nvmet_nl_event ev = {
		.type = NVMETEST_NL_EVENT_AER_COMPLETED,
		.instance = 2,
		.bdf = "0000:01:00.0",
		.timestamp_ns = 12345678901ull,
	};
	char buf[NVMET_NL_EVENT_STR_MAX];

	ev.cqe.dw0 = 0x00020101;
	nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
	EXPECT_STREQ("[   12.345678] nvmetest2 0000:01:00.0 AER_COMPLETED type 1 info 0x01 log 0x02"
		     " dw0:00020101 SUCCESS (00/00)", buf);
	memset(&ev.cqe, 0, sizeof(ev.cqe));
	ev.type = NVMETEST_NL_EVENT_TIMED_OUT;
	nvmet_cmd_async_event(&ev.sqe);
	ev.sqe.cid = 3;
	nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
	EXPECT_STREQ("[   12.345678] nvmetest2 0000:01:00.0 TIMED_OUT ASYNC EVENT REQUEST (0c) sqid:0"
		     " cid:3 nsid:0 cdw10:00000000 cdw11:00000000", buf);
	ev.type = NVMETEST_NL_EVENT_CTRL_FATAL;
	ev.csts = 3;
	nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
	EXPECT_STREQ("[   12.345678] nvmetest2 0000:01:00.0 CTRL_FATAL csts:00000003", buf);
	ev.type = NVMETEST_NL_EVENT_DEVICE_REMOVED;
	nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
	EXPECT_STREQ("[   12.345678] nvmetest2 0000:01:00.0 DEVICE_REMOVED", buf);
	ev.type = 99;
	nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
	EXPECT_STREQ("[   12.345678] nvmetest2 0000:01:00.0 UNKNOWN", buf);
}

TEST_F(names, nl_event_snprint_fits_its_max)
{
	struct nvmet_nl_event ev;
	char buf[2 * NVMET_NL_EVENT_STR_MAX];
	uint32_t type;
	int n;

	memset(&ev, 0xff, sizeof(ev));
	memset(ev.bdf, 'b', sizeof(ev.bdf) - 1);
	ev.bdf[sizeof(ev.bdf) - 1] = '\0';
	for (type = 0; type <= NVMETEST_NL_EVENT_DEVICE_REMOVED + 1; type++) {
		ev.type = type;
		n = nvmet_nl_event_snprint(buf, sizeof(buf), &ev);
		EXPECT_EQ((int)strlen(buf), n);
		EXPECT_LT(n, NVMET_NL_EVENT_STR_MAX) TH_LOG("type %u", type);
	}
}

TEST_HARNESS_MAIN
