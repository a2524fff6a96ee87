// SPDX-License-Identifier: GPL-2.0
/*
 * pcap_test.c - libnvmet's captures (<nvmet/pcap.h>), with no device:
 * records built through the API and from a kernel-module command log are
 * opened with tshark, which must decode each field as written (opcode,
 * CID, NSID, SLBA, status, admin or I/O queue), pair every completion
 * with its command and its latency, and show the register named in the
 * comment. Register names and bad arguments need no tshark. Bytes of a
 * real connection go in frames of at most 65000 bytes with sequence
 * numbers TCP analysis finds nothing wrong with.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <string.h>
#include <unistd.h>

#include <nvmet/pcap.h>

#include "nvmetest_harness.h"
#include "st_tshark.h"

#define US	1000ull
#define T0	(1000000 * US)	/* an arbitrary CLOCK_MONOTONIC time */

/* tshark -T fields for every test here, by index. */
enum { F_FRAME, F_QID, F_OPC, F_CID, F_NSID, F_SLBA, F_NLB, F_CQE_CID, F_STATUS,
	F_LATENCY, F_CMD_PKT, F_CQE_PKT, F_INFO, F_COMMENT };

static const char *const fields[] = {
	"frame.number", "nvme-tcp.cmd.qid", "nvme.cmd.opc", "nvme.cmd.cid", "nvme.cmd.nsid",
	"nvme.cmd.slba", "nvme.cmd.nlb", "nvme.cqe.cid", "nvme.cqe.status", "nvme.cmd_latency",
	"nvme.cmd_pkt", "nvme.cqe_pkt", "_ws.col.Info", "frame.comment", NULL,
};

FIXTURE(pcap) {
	char path[64];		/* the capture */
	struct st_rows rows;	/* what tshark made of it */
};

FIXTURE_SETUP(pcap)
{
	int fd;

	snprintf(self->path, sizeof(self->path), "/tmp/nvmet-pcap-XXXXXX");
	fd = mkstemp(self->path);
	ASSERT_LE(0, fd);
	close(fd);
	memset(&self->rows, 0, sizeof(self->rows));
}

FIXTURE_TEARDOWN(pcap)
{
	st_rows_free(&self->rows);
	unlink(self->path);
}

/* The rows of the frames matching @filter in the capture at @path. */
static int decode(const char *path, const char *filter, struct st_rows *rows)
{
	return st_tshark_fields(path, filter, fields, rows);
}

/* Wireshark's latency of the completion in row @r (milliseconds), in microseconds. */
static long latency_us(const struct st_rows *rows, int r)
{
	return (long)(strtod(st_cell(rows, (unsigned int)r, F_LATENCY), NULL) * 1000 + 0.5);
}

/* The row of the command with opcode @opc, or -1. */
static int command_row(const struct st_rows *rows, const char *opc)
{
	return st_find_row(rows, F_OPC, opc);
}

/* The row of the completion with CID @cid, or -1. */
static int completion_row(const struct st_rows *rows, const char *cid)
{
	unsigned int r;

	for (r = 0; r < rows->n; r++)
		if (!strcmp(st_cell(rows, r, F_CQE_CID), cid) && *st_cell(rows, r, F_CMD_PKT))
			return (int)r;
	return -1;
}

static int comment_row(const struct st_rows *rows, const char *text)
{
	unsigned int r;

	for (r = 0; r < rows->n; r++)
		if (strstr(st_cell(rows, r, F_COMMENT), text))
			return (int)r;
	return -1;
}

#define NEED_TSHARK() do { \
	if (!st_tshark_have()) \
		SKIP(return, "tshark is not installed (make deps installs it)"); \
} while (0)

/*
 * An Identify on the admin queue, a Write of NSID 1 at SLBA 0x1234 with
 * CID 7 on I/O queue 1 failing with LBA Out of Range, and the register
 * accesses around them.
 */
static int write_session(const char *path)
{
	const struct nvmet_sqe id = { .opc = 0x06, .cid = 1, .prp1 = 0x10000, .cdw10 = 1 };
	const struct nvmet_sqe wr = { .opc = 0x01, .cid = 7, .nsid = 1, .prp1 = 0x20000,
				      .cdw10 = 0x1234, .cdw12 = 7 };
	const struct nvmet_cqe id_cqe = { .cid = 1, .sqhd = 1 };
	const struct nvmet_cqe wr_cqe = { .cid = 7, .sqid = 1, .sqhd = 1,
					  .status = NVMET_SC_LBA_RANGE << 1 | 1u << 15 };
	struct nvmet_pcap *pc;
	int ret;

	ret = nvmet_pcap_open(path, &pc);
	if (ret)
		return ret;
	ret = nvmet_pcap_reg_read(pc, T0, 0x00, 8, 0x0000002028033fffull, 0) ?:
	      nvmet_pcap_reg_write(pc, T0 + 1 * US, 0x14, 4, 0x00460001, 0) ?:
	      nvmet_pcap_reg_write(pc, T0 + 2 * US, 0x1000, 4, 1, 0) ?:
	      nvmet_pcap_command(pc, T0 + 3 * US, 0, &id) ?:
	      nvmet_pcap_completion(pc, T0 + 15 * US, 0, &id_cqe, 12 * US) ?:
	      nvmet_pcap_reg_write(pc, T0 + 16 * US, 0x1004, 4, 1, 0) ?:
	      nvmet_pcap_reg_write(pc, T0 + 17 * US, 0x1020, 4, 3, 1) ?:
	      nvmet_pcap_command(pc, T0 + 18 * US, 1, &wr) ?:
	      nvmet_pcap_msix(pc, T0 + 40 * US, 1) ?:
	      nvmet_pcap_completion(pc, T0 + 43 * US, 1, &wr_cqe, 25 * US);
	if (ret) {
		nvmet_pcap_close(pc);
		return ret;
	}
	return nvmet_pcap_close(pc);
}

TEST_F(pcap, api_records_decode_field_by_field)
{
	int r, c;

	NEED_TSHARK();
	ASSERT_EQ(0, write_session(self->path));
	ASSERT_EQ(0, decode(self->path, "nvme || frame.comment", &self->rows));

	r = command_row(&self->rows, "0x06");
	ASSERT_LE(0, r) TH_LOG("no Identify in %s", self->path);
	EXPECT_STREQ("0x0001", st_cell(&self->rows, r, F_CID));
	EXPECT_STREQ("0x00000000", st_cell(&self->rows, r, F_NSID));
	EXPECT_STREQ("0x0000", st_cell(&self->rows, r, F_QID));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, r, F_INFO), "Identify"));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, r, F_COMMENT), "IDENTIFY (06) sqid:0 cid:1"));
	c = completion_row(&self->rows, "0x0001");
	ASSERT_LE(0, c);
	EXPECT_STREQ(st_cell(&self->rows, r, F_FRAME), st_cell(&self->rows, c, F_CMD_PKT));
	EXPECT_STREQ("0x0000", st_cell(&self->rows, c, F_STATUS));
	EXPECT_EQ(12, latency_us(&self->rows, c));

	r = command_row(&self->rows, "0x01");
	ASSERT_LE(0, r) TH_LOG("no Write in %s", self->path);
	EXPECT_STREQ("0x0007", st_cell(&self->rows, r, F_CID));
	EXPECT_STREQ("0x00000001", st_cell(&self->rows, r, F_NSID));
	EXPECT_STREQ("0x0000000000001234", st_cell(&self->rows, r, F_SLBA));
	EXPECT_STREQ("8", st_cell(&self->rows, r, F_NLB));
	EXPECT_STREQ("0x0001", st_cell(&self->rows, r, F_QID));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, r, F_INFO), "Write"));
	c = completion_row(&self->rows, "0x0007");
	ASSERT_LE(0, c);
	EXPECT_STREQ(st_cell(&self->rows, r, F_FRAME), st_cell(&self->rows, c, F_CMD_PKT));
	EXPECT_STREQ(st_cell(&self->rows, c, F_FRAME), st_cell(&self->rows, r, F_CQE_PKT));
	EXPECT_STREQ("0x8100", st_cell(&self->rows, c, F_STATUS));
	EXPECT_EQ(25, latency_us(&self->rows, c));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, c, F_COMMENT), "LBA OUT OF RANGE (00/80) DNR"));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, c, F_COMMENT), "lat:25.0us"));

	EXPECT_LE(0, comment_row(&self->rows, "REG 0000 -> 0000002028033fff (CAP)"));
	EXPECT_LE(0, comment_row(&self->rows, "REG 0014 <- 00460001 (CC)"));
	EXPECT_LE(0, comment_row(&self->rows, "REG 1000 <- 00000001 (SQ 0 Tail Doorbell)"));
	EXPECT_LE(0, comment_row(&self->rows, "REG 1004 <- 00000001 (CQ 0 Head Doorbell)"));
	EXPECT_LE(0, comment_row(&self->rows, "REG 1020 <- 00000003 (SQ 2 Tail Doorbell)"));
	EXPECT_LE(0, comment_row(&self->rows, "MSI vector=1"));
}

TEST_F(pcap, register_accesses_are_property_get_and_set)
{
	static const char *const prop[] = {
		"nvme.fabrics.cmd.fctype", "nvme.fabrics.cmd.prop_get_set.offset",
		"nvme.fabrics.prop_get_set.data.4B", "nvme.fabrics.prop_get_set.cc",
		"nvme.fabrics.prop_get.ccap.mqes", "frame.comment", NULL,
	};
	int r;

	NEED_TSHARK();
	ASSERT_EQ(0, write_session(self->path));
	ASSERT_EQ(0, st_tshark_fields(self->path, "nvme.fabrics.cmd.fctype == 0 || "
				      "nvme.fabrics.prop_get.ccap", prop, &self->rows));
	/* CC, which Wireshark knows, and a doorbell, which it does not: the comment names it. */
	r = st_find_row(&self->rows, 1, "0x00000014");
	ASSERT_LE(0, r);
	EXPECT_STREQ("0x00", st_cell(&self->rows, r, 0));
	EXPECT_STREQ("0x00460001", st_cell(&self->rows, r, 3));
	r = st_find_row(&self->rows, 1, "0x00001020");
	ASSERT_LE(0, r);
	EXPECT_STREQ("0x00000003", st_cell(&self->rows, r, 2));
	EXPECT_STREQ("REG 1020 <- 00000003 (SQ 2 Tail Doorbell)", st_cell(&self->rows, r, 5));
	/* The Property Get response carries CAP, which Wireshark decodes: MQES 0x3fff. */
	EXPECT_LE(0, st_find_row(&self->rows, 4, "16383"));
}

static void cmdlog_entry(struct nvmetest_cmdlog_entry *e, uint8_t opc, uint16_t cid,
			 uint64_t submit, uint64_t complete, uint32_t flags)
{
	/*
	 * CDW10 1: Identify Controller, Get Log Page 1. Get Features of
	 * Number of Queues (7): Wireshark 4.0 has a dissector bug on the
	 * completion of Get Features of Arbitration (1).
	 */
	struct nvmet_sqe sqe = { .opc = opc, .cid = cid, .cdw10 = opc == 0x0a ? 7 : 1 };
	struct nvmet_cqe cqe = { .cid = cid, .dw0 = 0x1234 };

	memset(e, 0, sizeof(*e));
	memcpy(e->sqe, &sqe, sizeof(sqe));
	memcpy(e->cqe, &cqe, sizeof(cqe));
	e->submit_ns = submit;
	e->complete_ns = complete;
	e->seq = cid;
	e->flags = flags;
}

TEST_F(pcap, kernel_cmdlog_decodes_in_time_order)
{
	struct nvmetest_cmdlog_entry log[3];
	struct nvmet_pcap *pc;
	int r, c;

	NEED_TSHARK();
	/* Identify, then a Get Features that completes first, then a timed-out Get Log Page. */
	cmdlog_entry(&log[0], 0x06, 0x10, T0, T0 + 50 * US, NVMETEST_CMDLOG_DONE);
	cmdlog_entry(&log[1], 0x0a, 0x11, T0 + 20 * US, T0 + 30 * US, NVMETEST_CMDLOG_DONE);
	cmdlog_entry(&log[2], 0x02, 0x12, T0 + 60 * US, T0 + 2000000 * US,
		     NVMETEST_CMDLOG_TIMED_OUT);
	ASSERT_EQ(0, nvmet_pcap_open(self->path, &pc));
	ASSERT_EQ(0, nvmet_pcap_cmdlog(pc, 0, log, 3));
	ASSERT_EQ(0, nvmet_pcap_close(pc));
	ASSERT_EQ(0, decode(self->path, "nvme.cmd.opc || nvme.cmd_pkt", &self->rows));
	ASSERT_EQ(5u, self->rows.n);
	/* Time order: cmd 0x10, cmd 0x11, cqe 0x11, cqe 0x10, cmd 0x12 (never completed). */
	EXPECT_STREQ("0x0010", st_cell(&self->rows, 0, F_CID));
	EXPECT_STREQ("0x0011", st_cell(&self->rows, 1, F_CID));
	EXPECT_STREQ("0x0011", st_cell(&self->rows, 2, F_CQE_CID));
	EXPECT_STREQ("0x0010", st_cell(&self->rows, 3, F_CQE_CID));
	EXPECT_STREQ("0x0012", st_cell(&self->rows, 4, F_CID));
	r = command_row(&self->rows, "0x0a");
	ASSERT_LE(0, r);
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, r, F_INFO), "Get Features"));
	c = completion_row(&self->rows, "0x0011");
	ASSERT_LE(0, c);
	EXPECT_EQ(10, latency_us(&self->rows, c));
	c = completion_row(&self->rows, "0x0010");
	ASSERT_LE(0, c);
	EXPECT_EQ(50, latency_us(&self->rows, c));
	EXPECT_STREQ("", st_cell(&self->rows, 4, F_CQE_PKT));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, 4, F_COMMENT), "timed out, no completion"));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, 4, F_INFO), "Get Log Page"));
}

TEST_F(pcap, register_names)
{
	static const struct {
		uint32_t offset;
		unsigned int dstrd;
		const char *name;
	} regs[] = {
		{ 0x00, 0, "CAP" }, { 0x04, 0, "CAP (upper)" }, { 0x08, 0, "VS" },
		{ 0x14, 0, "CC" }, { 0x1c, 0, "CSTS" }, { 0x20, 0, "NSSR" }, { 0x24, 0, "AQA" },
		{ 0x28, 0, "ASQ" }, { 0x34, 0, "ACQ (upper)" }, { 0x18, 0, "Reserved" },
		{ 0x1000, 0, "SQ 0 Tail Doorbell" }, { 0x1004, 0, "CQ 0 Head Doorbell" },
		{ 0x1008, 0, "SQ 1 Tail Doorbell" }, { 0x1010, 0, "SQ 2 Tail Doorbell" },
		{ 0x1020, 1, "SQ 2 Tail Doorbell" }, { 0x1028, 1, "CQ 2 Head Doorbell" },
		{ 0x1004, 1, "Reserved" }, { 0x1040, 2, "SQ 2 Tail Doorbell" },
	};
	char name[NVMET_PCAP_REG_NAME_MAX];
	unsigned int i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		nvmet_pcap_reg_name(name, sizeof(name), regs[i].offset, regs[i].dstrd);
		EXPECT_STREQ(regs[i].name, name) TH_LOG("offset 0x%x dstrd %u", regs[i].offset,
							regs[i].dstrd);
	}
	EXPECT_GT(NVMET_PCAP_REG_NAME_MAX,
		  nvmet_pcap_reg_name(name, sizeof(name), 0x1000 + 0x1fffe * 4, 0));
}

TEST_F(pcap, bad_arguments)
{
	struct nvmet_sqe sqe = { 0 };
	struct nvmet_pcap *pc;

	EXPECT_EQ(-EINVAL, nvmet_pcap_open(NULL, &pc));
	EXPECT_EQ(-ENOENT, nvmet_pcap_open("/nonexistent-dir/x.pcapng", &pc));
	EXPECT_EQ(-EINVAL, nvmet_pcap_command(NULL, 0, 0, &sqe));
	EXPECT_EQ(0, nvmet_pcap_close(NULL));
	ASSERT_EQ(0, nvmet_pcap_open(self->path, &pc));
	EXPECT_EQ(-EINVAL, nvmet_pcap_reg_write(pc, 0, 0x14, 2, 0, 0));
	EXPECT_EQ(-EINVAL, nvmet_pcap_cfg_read(pc, 0, 0, 3, 0));
	EXPECT_EQ(-EINVAL, nvmet_pcap_command(pc, 0, 0, NULL));
	EXPECT_EQ(-EINVAL, nvmet_pcap_completion(pc, 0, 0, NULL, 0));
	EXPECT_EQ(-EINVAL, nvmet_pcap_cmdlog(pc, 0, NULL, 1));
	EXPECT_EQ(0, nvmet_pcap_cmdlog(pc, 0, NULL, 0));
	EXPECT_EQ(0, nvmet_pcap_command(pc, 0, 65535, &sqe));
	EXPECT_EQ(0, nvmet_pcap_close(pc));
}

static struct sockaddr_in v4(uint16_t port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };

	a.sin_addr.s_addr = htonl(0x7f000001);
	return a;
}

/*
 * A connection's bytes: handshake, 200000 bytes in 4 frames, an answer,
 * FINs; then the same ports again, a new connection.
 */
TEST_F(pcap, tcp_bytes_make_consistent_frames)
{
	static const char *const f[] = { "tcp.stream", "tcp.len", "tcp.srcport", NULL };
	struct sockaddr_in host = v4(40000), ctrl = v4(4420);
	const struct sockaddr *h = (const void *)&host, *c = (const void *)&ctrl;
	struct nvmet_pcap *pc;
	uint8_t *buf = calloc(1, 200000);
	unsigned int r, frames = 0, total = 0;

	ASSERT_NE(NULL, buf);
	if (!st_tshark_have()) {
		free(buf);
		SKIP(return, "tshark is not installed (make deps installs it)");
	}
	ASSERT_EQ(0, nvmet_pcap_open(self->path, &pc));
	EXPECT_EQ(0, nvmet_pcap_tcp_bytes(pc, T0, h, c, true, buf, 200000));
	EXPECT_EQ(0, nvmet_pcap_tcp_bytes(pc, T0 + US, h, c, false, buf, 100));
	EXPECT_EQ(0, nvmet_pcap_tcp_end(pc, T0 + 2 * US, h, c));
	EXPECT_EQ(-ENOENT, nvmet_pcap_tcp_end(pc, T0 + 2 * US, h, c));
	EXPECT_EQ(0, nvmet_pcap_tcp_bytes(pc, T0 + 3 * US, h, c, true, buf, 10));
	EXPECT_EQ(0, nvmet_pcap_close(pc));
	free(buf);
	ASSERT_EQ(0, st_tshark_fields(self->path, "tcp.len > 0", f, &self->rows));
	for (r = 0; r < self->rows.n; r++) {
		unsigned int len = (unsigned int)atoi(st_cell(&self->rows, r, 1));

		EXPECT_GE(65000u, len);
		if (!strcmp(st_cell(&self->rows, r, 0), "0") &&
		    !strcmp(st_cell(&self->rows, r, 2), "40000")) {
			frames++;
			total += len;
		}
	}
	EXPECT_EQ(4u, frames);
	EXPECT_EQ(200000u, total);
	st_rows_free(&self->rows);
	ASSERT_EQ(0, st_tshark_fields(self->path, "tcp.flags.syn == 1 && tcp.flags.ack == 0", f,
				      &self->rows));
	EXPECT_EQ(2u, self->rows.n);
	EXPECT_STREQ("1", st_cell(&self->rows, 1, 0));
	st_rows_free(&self->rows);
	/* Port reuse is what the second SYN is, nothing else. */
	ASSERT_EQ(0, st_tshark_fields(self->path, "(tcp.analysis.flags && "
				      "!tcp.analysis.reused_ports) || tcp.checksum.status == 0",
				      f, &self->rows));
	EXPECT_EQ(0u, self->rows.n);
}

TEST_F(pcap, tcp_bytes_bad_arguments)
{
	struct sockaddr_in host = v4(40000), ctrl = v4(4420);
	struct sockaddr_in6 ctrl6 = { .sin6_family = AF_INET6, .sin6_port = htons(4420) };
	struct sockaddr_un un = { .sun_family = AF_UNIX };
	const struct sockaddr *h = (const void *)&host, *c = (const void *)&ctrl;
	struct nvmet_pcap *pc;

	ASSERT_EQ(0, nvmet_pcap_open(self->path, &pc));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_bytes(NULL, 0, h, c, true, "x", 1));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_bytes(pc, 0, NULL, c, true, "x", 1));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_bytes(pc, 0, h, NULL, true, "x", 1));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_bytes(pc, 0, h, c, true, NULL, 1));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_bytes(pc, 0, h, (const void *)&ctrl6, true, "x", 1));
	EXPECT_EQ(-EAFNOSUPPORT, nvmet_pcap_tcp_bytes(pc, 0, (const void *)&un, c, true, "x", 1));
	EXPECT_EQ(-ENOENT, nvmet_pcap_tcp_end(pc, 0, h, c));
	EXPECT_EQ(-EINVAL, nvmet_pcap_tcp_end(pc, 0, NULL, c));
	/* A connection left open is forgotten at close. */
	EXPECT_EQ(0, nvmet_pcap_tcp_bytes(pc, 0, h, c, true, NULL, 0));
	EXPECT_EQ(0, nvmet_pcap_close(pc));
}

TEST_HARNESS_MAIN
