// SPDX-License-Identifier: GPL-2.0
/*
 * emu_capture_test.c - the capture and trace plug-ins on the emulated
 * controller, end to end: a session (identify, an I/O queue pair, a write
 * and a read of a known LBA) through the public API with
 * BUILD/plugins/capture.so or trace.so loaded from the address; then tshark
 * must find the read with its opcode, NSID, SLBA and CID on the I/O
 * queue's connection and a completion for every command, and the trace
 * must hold the register, command and completion lines. Two queues busy in
 * two threads while a third reads registers must give a capture where
 * every command still finds its completion.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nvmet/emu.h>
#include <nvmet/nvmet.h>

#include "nvmetest_harness.h"
#include "st_tshark.h"

#define SLBA		0x1234u
#define BLOCK		512u

/* What the session did, to look for in the capture or the trace. */
struct session {
	char name[32];		/* the controller's, nvmet_emu_name() */
	uint16_t qid;		/* the I/O queue */
	uint16_t write_cid;
	uint16_t read_cid;
};

FIXTURE(emu_capture) {
	char out[64];		/* the capture or trace file */
	char addr[PATH_MAX + 128];
	struct session s;
	struct st_rows rows;
};

FIXTURE_SETUP(emu_capture)
{
	int fd;

	snprintf(self->out, sizeof(self->out), "/tmp/nvmet-emu-capture-XXXXXX");
	fd = mkstemp(self->out);
	ASSERT_LE(0, fd);
	close(fd);
	memset(&self->s, 0, sizeof(self->s));
	memset(&self->rows, 0, sizeof(self->rows));
}

FIXTURE_TEARDOWN(emu_capture)
{
	st_rows_free(&self->rows);
	unlink(self->out);
}

/* "emu:plugin=BUILD/plugins/NAME.so:file=OUT", or -ENOENT without the plug-in. */
static int plugin_addr(const char *name, const char *out, char *addr, size_t len)
{
	char path[PATH_MAX];
	int ret = st_plugin_path(name, path, sizeof(path));

	if (ret)
		return ret;
	if (snprintf(addr, len, "emu:plugin=%s:file=%s", path, out) >= (int)len)
		return -ENAMETOOLONG;
	return 0;
}

static int write_then_read(struct nvmet_ctrl *ctrl, struct nvmet_ns *ns, struct nvmet_qpair *qp,
			   struct session *s)
{
	struct nvmet_buf *out = NULL, *in = NULL;
	struct st_done d = { 0 };
	int ret;

	ret = nvmet_ctrl_buf_alloc(ctrl, BLOCK, "out", &out) ?:
	      nvmet_ctrl_buf_alloc(ctrl, BLOCK, "in", &in);
	if (!ret) {
		st_fill(out->va, BLOCK, SLBA);
		ret = nvmet_ns_write(ns, qp, out, 0, SLBA, 1, st_count_cb, &d) ?:
		      nvmet_qpair_waitdone(qp, 1, NULL);
	}
	if (!ret) {
		s->write_cid = d.cid;
		ret = nvmet_ns_read(ns, qp, in, 0, SLBA, 1, st_count_cb, &d) ?:
		      nvmet_qpair_waitdone(qp, 1, NULL);
	}
	if (!ret) {
		s->read_cid = d.cid;
		ret = memcmp(in->va, out->va, BLOCK) ? -EIO : 0;
	}
	nvmet_buf_free(in);
	nvmet_buf_free(out);
	return ret;
}

/* Open @addr, identify, write and read SLBA on a new queue pair, close. */
static int run_session(const char *addr, struct session *s)
{
	struct nvmet_qpair *qp = NULL;
	struct nvmet_ns *ns = NULL;
	struct nvmet_ctrl *ctrl;
	int ret;

	ret = nvmet_ctrl_open(addr, NULL, &ctrl);
	if (ret)
		return ret;
	snprintf(s->name, sizeof(s->name), "%s", nvmet_emu_name(nvmet_ctrl_emu(ctrl)));
	ret = nvmet_ctrl_identify(ctrl) ?:
	      nvmet_ns_open(ctrl, ST_NSID, &ns) ?:
	      nvmet_qpair_create(ctrl, NULL, &qp);
	if (!ret) {
		s->qid = nvmet_qpair_qid(qp);
		ret = write_then_read(ctrl, ns, qp, s);
	}
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	nvmet_ctrl_close(ctrl);
	return ret;
}

#define NEED_PLUGIN(name) do { \
	int ret_ = plugin_addr(name, self->out, self->addr, sizeof(self->addr)); \
	if (ret_ == -ENOENT) \
		SKIP(return, "the %s plug-in is not built (make plugins)", name); \
	ASSERT_EQ(0, ret_); \
} while (0)

enum { F_FRAME, F_QID, F_OPC, F_CID, F_NSID, F_SLBA, F_CQE_PKT, F_INFO };

static const char *const fields[] = {
	"frame.number", "nvme-tcp.cmd.qid", "nvme.cmd.opc", "nvme.cmd.cid", "nvme.cmd.nsid",
	"nvme.cmd.slba", "nvme.cqe_pkt", "_ws.col.Info", NULL,
};

/* The row of the command @opc with CID @cid (any CID when -1) on queue @qid, or -1. */
static int find_command(const struct st_rows *rows, uint16_t qid, uint8_t opc, int cid)
{
	char q[8], o[8], c[8];
	unsigned int r;

	snprintf(q, sizeof(q), "0x%04x", qid);
	snprintf(o, sizeof(o), "0x%02x", opc);
	snprintf(c, sizeof(c), "0x%04x", cid);
	for (r = 0; r < rows->n; r++)
		if (!strcmp(st_cell(rows, r, F_QID), q) && !strcmp(st_cell(rows, r, F_OPC), o) &&
		    (cid < 0 || !strcmp(st_cell(rows, r, F_CID), c)))
			return (int)r;
	return -1;
}

/* Whether field @f of some row holds @text. */
static bool any_row_has(const struct st_rows *rows, unsigned int f, const char *text)
{
	unsigned int r;

	for (r = 0; r < rows->n; r++)
		if (strstr(st_cell(rows, r, f), text))
			return true;
	return false;
}

TEST_F(emu_capture, capture_decodes_the_session)
{
	char slba[24];
	unsigned int i, n_cmds = 0;
	int r;

	NEED_PLUGIN("capture");
	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	ASSERT_EQ(0, run_session(self->addr, &self->s)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, st_tshark_fields(self->out, "nvme.cmd.opc", fields, &self->rows));

	EXPECT_LE(0, find_command(&self->rows, 0, NVMET_ADM_IDENTIFY, -1));
	r = find_command(&self->rows, self->s.qid, NVMET_CMD_WRITE, self->s.write_cid);
	EXPECT_LE(0, r) TH_LOG("no Write CID 0x%04x on queue %u", self->s.write_cid,
			       self->s.qid);
	r = find_command(&self->rows, self->s.qid, NVMET_CMD_READ, self->s.read_cid);
	ASSERT_LE(0, r) TH_LOG("no Read CID 0x%04x on queue %u in %s", self->s.read_cid,
			       self->s.qid, self->out);
	snprintf(slba, sizeof(slba), "0x%016" PRIx64, (uint64_t)SLBA);
	EXPECT_STREQ(slba, st_cell(&self->rows, r, F_SLBA));
	EXPECT_STREQ("0x00000001", st_cell(&self->rows, r, F_NSID));
	EXPECT_NE(NULL, strstr(st_cell(&self->rows, r, F_INFO), "Read"));

	/* Every command has its completion, but the AERs the library leaves outstanding. */
	for (i = 0; i < self->rows.n; i++) {
		if (!strcmp(st_cell(&self->rows, i, F_QID), "0x0000") &&
		    !strcmp(st_cell(&self->rows, i, F_OPC), "0x0c"))
			continue;
		n_cmds++;
		EXPECT_STRNE("", st_cell(&self->rows, i, F_CQE_PKT))
			TH_LOG("frame %s (%s) has no completion", st_cell(&self->rows, i, F_FRAME),
			       st_cell(&self->rows, i, F_INFO));
	}
	/* At least Identify, Create CQ and SQ, Write, Read, Delete SQ and CQ. */
	EXPECT_LE(7u, n_cmds);
}

TEST_F(emu_capture, capture_names_registers_and_doorbells)
{
	static const char *const comment[] = { "frame.comment", NULL };
	char db[48];

	NEED_PLUGIN("capture");
	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	ASSERT_EQ(0, run_session(self->addr, &self->s)) TH_LOG("%s", nvmet_last_error());
	/* The comments of the Property Set commands: register writes. */
	ASSERT_EQ(0, st_tshark_fields(self->out, "nvme.fabrics.cmd.fctype == 0", comment,
				      &self->rows));
	EXPECT_TRUE(any_row_has(&self->rows, 0, "REG 0014 <- "));
	EXPECT_TRUE(any_row_has(&self->rows, 0, "(CC)"));
	EXPECT_TRUE(any_row_has(&self->rows, 0, "(AQA)"));
	EXPECT_TRUE(any_row_has(&self->rows, 0, "REG 1000 <- 00000001 (SQ 0 Tail Doorbell)"));
	snprintf(db, sizeof(db), "(SQ %u Tail Doorbell)", self->s.qid);
	EXPECT_TRUE(any_row_has(&self->rows, 0, db)) TH_LOG("no %s write", db);
	snprintf(db, sizeof(db), "(CQ %u Head Doorbell)", self->s.qid);
	EXPECT_TRUE(any_row_has(&self->rows, 0, db)) TH_LOG("no %s write", db);
}

#define BUSY_IOS	100

struct busy {
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
	int ret;
};

static void *busy_queue(void *arg)
{
	struct busy *b = arg;
	unsigned int i;

	for (i = 0; !b->ret && i < BUSY_IOS; i++)
		b->ret = nvmet_ns_write(b->ns, b->qp, b->buf, 0, i, 1, NULL, NULL) ?:
			 nvmet_qpair_waitdone(b->qp, 1, NULL) ?:
			 nvmet_ns_read(b->ns, b->qp, b->buf, 0, i, 1, NULL, NULL) ?:
			 nvmet_qpair_waitdone(b->qp, 1, NULL);
	return NULL;
}

/* Two queue pairs busy in two threads, CSTS read meanwhile in this one. */
static int run_busy_session(const char *addr, uint16_t qid[2])
{
	struct busy b[2] = { { 0 } };
	struct nvmet_ctrl *ctrl;
	pthread_t th[2];
	uint64_t csts;
	int i, ret;

	ret = nvmet_ctrl_open(addr, NULL, &ctrl);
	if (ret)
		return ret;
	for (i = 0; !ret && i < 2; i++) {
		ret = nvmet_ns_open(ctrl, ST_NSID, &b[i].ns) ?:
		      nvmet_qpair_create(ctrl, NULL, &b[i].qp) ?:
		      nvmet_ctrl_buf_alloc(ctrl, BLOCK, NULL, &b[i].buf);
		if (!ret)
			qid[i] = nvmet_qpair_qid(b[i].qp);
	}
	for (i = 0; !ret && i < 2; i++)
		ret = -pthread_create(&th[i], NULL, busy_queue, &b[i]);
	while (!ret && i-- > 0) {
		unsigned int n;

		for (n = 0; n < 2 * BUSY_IOS; n++)
			nvmet_ctrl_reg_read(ctrl, NVMET_REG_CSTS, 4, &csts);
		pthread_join(th[i], NULL);
		ret = b[i].ret;
	}
	for (i = 0; i < 2; i++) {
		nvmet_buf_free(b[i].buf);
		nvmet_qpair_delete(b[i].qp);
		nvmet_ns_close(b[i].ns);
	}
	nvmet_ctrl_close(ctrl);
	return ret;
}

TEST_F(emu_capture, capture_of_concurrent_queues)
{
	unsigned int i, n[2] = { 0, 0 };
	uint16_t qid[2] = { 0, 0 };
	char q[2][8];

	NEED_PLUGIN("capture");
	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	ASSERT_EQ(0, run_busy_session(self->addr, qid)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, st_tshark_fields(self->out, "nvme.cmd.opc", fields, &self->rows));
	snprintf(q[0], sizeof(q[0]), "0x%04x", qid[0]);
	snprintf(q[1], sizeof(q[1]), "0x%04x", qid[1]);
	for (i = 0; i < self->rows.n; i++) {
		const char *qi = st_cell(&self->rows, i, F_QID);

		if (strcmp(qi, q[0]) && strcmp(qi, q[1]))
			continue;
		n[!strcmp(qi, q[1])]++;
		EXPECT_STRNE("", st_cell(&self->rows, i, F_CQE_PKT))
			TH_LOG("frame %s (%s) has no completion", st_cell(&self->rows, i, F_FRAME),
			       st_cell(&self->rows, i, F_INFO));
	}
	EXPECT_EQ(2u * BUSY_IOS, n[0]);
	EXPECT_EQ(2u * BUSY_IOS, n[1]);
}

/* The whole of the file at @path, NUL terminated, or NULL. */
static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t cap = 0, len = 0, n;

	if (!f)
		return NULL;
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap += 65536);

			if (!nb)
				break;
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len - 1, f);
		len += n;
	} while (n);
	fclose(f);
	if (buf)
		buf[len] = '\0';
	return buf;
}

TEST_F(emu_capture, trace_lines)
{
	char want[160], *text;

	NEED_PLUGIN("trace");
	ASSERT_EQ(0, run_session(self->addr, &self->s)) TH_LOG("%s", nvmet_last_error());
	text = slurp(self->out);
	ASSERT_NE(NULL, text);

	snprintf(want, sizeof(want), "] %s REG 0014 <- ", self->s.name);
	EXPECT_NE(NULL, strstr(text, want)) TH_LOG("no CC write by %s", self->s.name);
	EXPECT_NE(NULL, strstr(text, "REG 001c -> 00000001 (CSTS)"));
	EXPECT_NE(NULL, strstr(text, "REG 1000 <- 00000001 (SQ 0 Tail Doorbell)"));
	EXPECT_NE(NULL, strstr(text, "REG 1004 <- 00000001 (CQ 0 Head Doorbell)"));
	EXPECT_NE(NULL, strstr(text, "ADM SQ=0 CID="));
	EXPECT_NE(NULL, strstr(text, "OPC=IDENTIFY(06) NSID=0"));
	snprintf(want, sizeof(want), "IO SQ=%u CID=%04x OPC=WRITE(01) NSID=1 SLBA=0x%x NLB=1",
		 self->s.qid, self->s.write_cid, SLBA);
	EXPECT_NE(NULL, strstr(text, want)) TH_LOG("no '%s'", want);
	snprintf(want, sizeof(want), "IO SQ=%u CID=%04x OPC=READ(02) NSID=1 SLBA=0x%x NLB=1",
		 self->s.qid, self->s.read_cid, SLBA);
	EXPECT_NE(NULL, strstr(text, want)) TH_LOG("no '%s'", want);
	/* The queue's first two completions, phase 1. */
	snprintf(want, sizeof(want), "CPL SQ=%u CID=%04x P=1 STS=0x0000 ", self->s.qid,
		 self->s.read_cid);
	EXPECT_NE(NULL, strstr(text, want)) TH_LOG("no '%s'", want);
	EXPECT_NE(NULL, strstr(text, "(SUCCESS (00/00)) lat="));
	free(text);
}

TEST_F(emu_capture, plugins_refuse_bad_arguments)
{
	char path[PATH_MAX], addr[PATH_MAX + 128];
	struct nvmet_ctrl *ctrl;

	NEED_PLUGIN("capture");
	ASSERT_EQ(0, st_plugin_path("capture", path, sizeof(path)));
	/* No file= */
	snprintf(addr, sizeof(addr), "emu:plugin=%s", path);
	EXPECT_NE(0, nvmet_ctrl_open(addr, NULL, &ctrl));
	/* A directory that does not exist */
	snprintf(addr, sizeof(addr), "emu:plugin=%s:file=/nonexistent-dir/x", path);
	EXPECT_NE(0, nvmet_ctrl_open(addr, NULL, &ctrl));
	/* A stride that is not a number */
	snprintf(addr, sizeof(addr), "emu:plugin=%s:file=%s;dstrd=x", path, self->out);
	EXPECT_NE(0, nvmet_ctrl_open(addr, NULL, &ctrl));
}

TEST_HARNESS_MAIN
