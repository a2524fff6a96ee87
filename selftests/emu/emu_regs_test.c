// SPDX-License-Identifier: GPL-2.0
/*
 * emu_regs_test.c - the emulated controller's engine, through libnvmet:
 * address options, registers and the enable, shutdown and NSSR
 * handshakes, data pointers (PRP offsets, unregistered memory, SGL),
 * a completion queue that fills up, doorbells with bad values, the tap
 * points (decode, writeback, register, MSI-X), MSI-X masking, D3hot and
 * FLR through configuration space. Host only: no device, no root.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

#define SC_PRP_OFFSET	0x13
#define SC_SGL_TYPE	0x11

FIXTURE(emu) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_emu *emu;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
};

FIXTURE_SETUP(emu)
{
	ASSERT_EQ(0, nvmet_ctrl_open("emu:", NULL, &self->ctrl)) TH_LOG("%s", nvmet_last_error());
	self->emu = nvmet_ctrl_emu(self->ctrl);
	ASSERT_NE(NULL, self->emu);
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &self->ns));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &self->qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 1 << 20, "data", &self->buf));
}

FIXTURE_TEARDOWN(emu)
{
	nvmet_buf_free(self->buf);
	nvmet_qpair_delete(self->qp);
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
}

/* Poll CSTS until (CSTS & mask) == want, up to a second. */
static int csts_wait(struct __test_metadata *_metadata, struct nvmet_ctrl *ctrl, uint32_t mask,
		     uint32_t want)
{
	int i;

	for (i = 0; i < 1000; i++) {
		if ((st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & mask) == want)
			return 0;
		usleep(1000);
	}
	return -1;
}

/* Submit @sqe as given (data pointer included) on the raw queue; wait for its CQE. */
static int raw_cmd(struct nvmet_qpair *qp, struct nvmet_sqe *sqe, struct nvmet_cqe *cqe)
{
	struct nvmet_sq_ring *sq = nvmet_qpair_raw_sq(qp);
	struct nvmet_cq_ring *cq = nvmet_qpair_raw_cq(qp);
	int ret;

	sqe->cid = 0x4242;
	ret = nvmet_sq_submit(sq, sqe);
	if (ret)
		return ret;
	if (nvmet_cq_wait(cq, cqe, 1, 2000) != 1)
		return -ETIMEDOUT;
	nvmet_sq_update_head(sq, cqe);
	return 0;
}

static struct nvmet_sqe read_sqe(uint64_t prp1, uint64_t prp2, uint32_t nlb)
{
	struct nvmet_sqe s = { .opc = NVMET_CMD_READ, .nsid = 1, .prp1 = prp1, .prp2 = prp2 };

	s.rw.nlb = nlb - 1;
	return s;
}

static int io_with_irq(struct __test_metadata *_metadata, FIXTURE_DATA(emu) *self,
		       struct nvmet_qpair *qp)
{
	struct st_done d = { 0 };

	EXPECT_EQ(0, nvmet_ns_read(self->ns, qp, self->buf, 0, 0, 8, st_count_cb, &d));
	EXPECT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	return nvmet_cqe_ok(&d.last) ? 0 : -1;
}

TEST_F(emu, bad_options_are_refused_with_a_reason)
{
	static const char *const bad[] = {
		"emu:foo=1", "emu:lba=1000", "emu:size=12x", "emu:ns=99", "emu:queues=0",
		"emu:mdts", "emu:plugin=/nonexistent/x.so", "emu:size=1000",
	};
	struct nvmet_ctrl *ctrl;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = nvmet_ctrl_open(bad[i], NULL, &ctrl);

		EXPECT_NE(0, ret) TH_LOG("%s was accepted", bad[i]);
		if (!ret) {
			nvmet_ctrl_close(ctrl);
			continue;
		}
		EXPECT_NE(0u, strlen(nvmet_last_error())) TH_LOG("%s: no reason given", bad[i]);
	}
	EXPECT_EQ(-EINVAL, nvmet_ctrl_open("emu:foo=1", NULL, &ctrl));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "foo"));
}

TEST_F(emu, options_shape_the_controller)
{
	struct st_done d = { 0 };
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair *qp;
	struct nvmet_buf *b;
	struct nvmet_ns *ns;
	uint64_t cap;

	ASSERT_EQ(0, nvmet_ctrl_open("emu:mqes=256,dstrd=2,queues=8,lba=4096,size=64M,ns=3",
				     NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_ctrl_reg_read(ctrl, NVMET_REG_CAP, 8, &cap));
	EXPECT_EQ(255u, NVMET_CAP_MQES(cap));
	EXPECT_EQ(2u, NVMET_CAP_DSTRD(cap));
	EXPECT_EQ(1u, NVMET_CAP_NSSRS(cap));
	EXPECT_EQ(1u, NVMET_CAP_CQR(cap));
	ASSERT_EQ(0, nvmet_ns_open(ctrl, 3, &ns));
	EXPECT_EQ(4096u, nvmet_ns_lba_size(ns));
	EXPECT_EQ((uint64_t)(64u << 20) / 4096, nvmet_ns_capacity(ns));
	/* Queues work with a doorbell stride of 16 bytes. */
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, NULL, &qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 4096, "b", &b));
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, b, 0, 7, 1, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last));
	nvmet_buf_free(b);
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	nvmet_ctrl_close(ctrl);
}

TEST_F(emu, version_and_register_bounds)
{
	uint64_t v;

	EXPECT_EQ(0x00010400u, st_reg32(_metadata, self->ctrl, NVMET_REG_VS));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_reg_read(self->ctrl, 0x3, 4, &v));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_reg_read(self->ctrl, 0x4, 8, &v));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_reg_read(self->ctrl, 0x100000, 4, &v));
	EXPECT_EQ(-EINVAL, nvmet_ctrl_reg_write(self->ctrl, 0x14, 2, 1));
	/* Read-only registers ignore writes. */
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_VS, 4, 0x12345678));
	EXPECT_EQ(0x00010400u, st_reg32(_metadata, self->ctrl, NVMET_REG_VS));
}

TEST_F(emu, disable_enable_and_a_bad_admin_queue)
{
	uint32_t cc = st_reg32(_metadata, self->ctrl, NVMET_REG_CC);

	ASSERT_NE(0u, cc & NVMET_CC_EN);
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_CC, 4, cc & ~NVMET_CC_EN));
	EXPECT_EQ(0, csts_wait(_metadata, self->ctrl, NVMET_CSTS_RDY, 0));
	/* An admin SQ in memory the controller may not touch: fatal status. */
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_ASQ, 8, 0x1000));
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_CC, 4, cc));
	EXPECT_EQ(0, csts_wait(_metadata, self->ctrl, NVMET_CSTS_CFS, NVMET_CSTS_CFS));
	EXPECT_EQ(0u, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_RDY);
	/* A reset sets the admin queue up again; the queue pair comes back. */
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(NVMET_CSTS_RDY, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & 3);
	EXPECT_EQ(0, io_with_irq(_metadata, self, self->qp));
}

/* MQES bounds I/O queues; the admin queue may be larger (AQA allows 4096). */
TEST_F(emu, admin_queue_larger_than_mqes)
{
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair *qp;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t cap = 0;

	/* The library's admin queue has 64 entries: more than MQES allows an I/O queue. */
	ASSERT_EQ(0, nvmet_ctrl_open("emu:mqes=16", NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_ctrl_reg_read(ctrl, NVMET_REG_CAP, 8, &cap));
	EXPECT_EQ(15u, NVMET_CAP_MQES(cap));
	nvmet_cmd_keep_alive(&sqe);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_GT(0, nvmet_qpair_create(ctrl, &(struct nvmet_qpair_opts){ .depth = 17 }, &qp));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, &(struct nvmet_qpair_opts){ .depth = 16 }, &qp));
	nvmet_qpair_delete(qp);
	nvmet_ctrl_close(ctrl);
}

TEST_F(emu, shutdown_then_nssr)
{
	ASSERT_EQ(0, nvmet_ctrl_shutdown(self->ctrl, false));
	EXPECT_EQ(NVMET_CSTS_SHST_CMPLT,
		  st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_SHST_MASK);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(0u, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_SHST_MASK);
	ASSERT_EQ(0, nvmet_ctrl_nssr(self->ctrl));
	EXPECT_NE(0u, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_NSSRO);
	EXPECT_EQ(NVMET_CSTS_RDY, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_RDY);
	/* NSSRO is write-1-to-clear. */
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_CSTS, 4, NVMET_CSTS_NSSRO));
	EXPECT_EQ(0u, st_reg32(_metadata, self->ctrl, NVMET_REG_CSTS) & NVMET_CSTS_NSSRO);
}

TEST_F(emu, prp_statuses)
{
	uint64_t base = self->buf->iova;
	struct nvmet_cqe cqe;
	struct nvmet_sqe s;
	void *outside = aligned_alloc(4096, 8192);

	ASSERT_NE(NULL, outside);
	/* Good: two pages, PRP2 the second page. */
	s = read_sqe(base, base + 4096, 16);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ(0u, NVMET_CQE_STATUS(cqe.status));
	EXPECT_EQ(0x4242, cqe.cid);
	/* PRP1 not dword aligned. */
	s = read_sqe(base + 2, 0, 1);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ((unsigned int)SC_PRP_OFFSET, NVMET_CQE_SC(cqe.status));
	EXPECT_EQ((unsigned int)NVMET_SCT_GENERIC, NVMET_CQE_SCT(cqe.status));
	/* PRP2 with an offset. */
	s = read_sqe(base, base + 4096 + 512, 16);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ((unsigned int)SC_PRP_OFFSET, NVMET_CQE_SC(cqe.status));
	/* Memory the controller was never given: Data Transfer Error, no crash. */
	s = read_sqe((uintptr_t)outside, 0, 8);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ((unsigned int)NVMET_SC_DATA_XFER_ERROR, NVMET_CQE_SC(cqe.status));
	s = read_sqe(0x10, 0, 1);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ((unsigned int)NVMET_SC_DATA_XFER_ERROR, NVMET_CQE_SC(cqe.status));
	/* A PRP list in unregistered memory. */
	s = read_sqe(base, (uintptr_t)outside, 64);
	ASSERT_EQ(0, raw_cmd(self->qp, &s, &cqe));
	EXPECT_EQ((unsigned int)NVMET_SC_DATA_XFER_ERROR, NVMET_CQE_SC(cqe.status));
	free(outside);
}

TEST_F(emu, prp_list_and_sgl_move_the_data)
{
	struct nvmet_qpair_opts o = { .sgl = true };
	struct nvmet_qpair *sglq;
	struct st_done d = { 0 };
	struct nvmet_cqe cqe;
	struct nvmet_sqe s;

	/* 256 KiB through the library's PRP list, then through an SGL queue pair. */
	ASSERT_EQ(0, nvmet_buf_fill(self->buf, 0, 256 << 10, NVMET_PATTERN_RANDOM, 100, 5));
	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp, self->buf, 0, 100, 512, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("status 0x%x", d.last.status);
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &o, &sglq));
	ASSERT_EQ(0, nvmet_ns_read(self->ns, sglq, self->buf, 512 << 10, 100, 512, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(sglq, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("status 0x%x", d.last.status);
	EXPECT_EQ(-1, nvmet_buf_compare(self->buf, 0, self->buf, 512 << 10, 256 << 10));
	/* An SGL descriptor of a reserved type. */
	s = read_sqe(self->buf->iova, 0, 8);
	s.flags = NVMET_SQE_PSDT_SGL;
	s.prp2 = (uint64_t)0x70 << 56 | 4096;
	ASSERT_EQ(0, raw_cmd(sglq, &s, &cqe));
	EXPECT_EQ((unsigned int)SC_SGL_TYPE, NVMET_CQE_SC(cqe.status));
	nvmet_qpair_delete(sglq);
}

TEST_F(emu, a_full_completion_queue_loses_nothing)
{
	struct nvmet_qpair_opts o = { .depth = 8 };
	struct nvmet_qpair *small;
	struct nvmet_sq_ring *sq;
	struct nvmet_cq_ring *cq;
	struct nvmet_cqe cqe[8];
	int i, got;

	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &o, &small));
	sq = nvmet_qpair_raw_sq(small);
	cq = nvmet_qpair_raw_cq(small);
	/* 7 commands fill the CQ (one slot stays free); the 7th waits for room. */
	for (i = 0; i < 7; i++) {
		struct nvmet_sqe s = { .opc = NVMET_CMD_FLUSH, .nsid = 1, .cid = (uint16_t)i };

		ASSERT_EQ(0, nvmet_sq_submit(sq, &s));
	}
	usleep(20000);
	got = nvmet_cq_reap(cq, cqe, 8);
	EXPECT_EQ(7, got + 0 * i) TH_LOG("reaped %d", got);
	for (i = 0; i < got; i++)
		EXPECT_EQ(i, cqe[i].cid);
	nvmet_qpair_delete(small);
}

TEST_F(emu, a_doorbell_beyond_the_queue_raises_an_error_event)
{
	struct st_done aer = { 0 };
	struct nvmet_sq_ring *sq = nvmet_qpair_raw_sq(self->qp);
	int i;

	nvmet_ctrl_aer_handler(self->ctrl, st_count_cb, &aer);
	nvmet_sq_ring_value(sq, sq->size + 5);
	for (i = 0; i < 1000 && !aer.count; i++) {
		struct nvmet_sqe sqe;
		struct nvmet_cqe cqe;

		/* Any admin command reaps the AER too. */
		nvmet_cmd_get_features(&sqe, NVMET_FEAT_NUM_QUEUES, 0, 0, NULL);
		ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE,
						   &cqe));
		usleep(1000);
	}
	ASSERT_EQ(1, aer.count);
	EXPECT_EQ(0u, aer.last.dw0 & 0x7);		/* error status */
	EXPECT_EQ(1u, (aer.last.dw0 >> 8) & 0xff);	/* invalid doorbell write value */
	/* The queue still works with a proper doorbell. */
	nvmet_sq_ring_value(sq, sq->tail);
	EXPECT_EQ(0, io_with_irq(_metadata, self, self->qp));
}

struct tap_state {
	int regwrites, doorbells, decodes, writebacks, msix;
	uint32_t last_db_off;
};

static int count_regwrite(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct tap_state *t = arg;

	(void)emu;
	__atomic_fetch_add(&t->regwrites, 1, __ATOMIC_SEQ_CST);
	if (ev->offset >= NVMET_REG_DBS) {
		__atomic_fetch_add(&t->doorbells, 1, __ATOMIC_SEQ_CST);
		t->last_db_off = ev->offset;
	}
	return NVMET_EMU_CONTINUE;
}

static int fail_reads(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct tap_state *t = arg;

	(void)emu;
	t->decodes++;
	if (ev->sqe->opc != NVMET_CMD_READ)
		return NVMET_EMU_CONTINUE;
	ev->cqe->status = NVMET_STATUS(NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ, 1);
	return NVMET_EMU_HANDLED;
}

static int stamp_dw0(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct tap_state *t = arg;

	(void)emu;
	t->writebacks++;
	ev->cqe->dw0 = 0xfeed0000u | ev->sqe->opc;
	return NVMET_EMU_CONTINUE;
}

static int drop_msix(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct tap_state *t = arg;

	(void)emu;
	(void)ev;
	t->msix++;
	return NVMET_EMU_HANDLED;
}

TEST_F(emu, taps_see_change_and_drop)
{
	struct tap_state t = { 0 };
	struct st_done d = { 0 };
	enum nvmet_emu_tap tap;

	EXPECT_EQ(0, nvmet_emu_tap_lookup("nvme:io:decode", &tap));
	EXPECT_EQ((int)NVMET_EMU_TAP_IO_DECODE, (int)tap);
	EXPECT_STREQ("pci:msix:writeback", nvmet_emu_tap_name(NVMET_EMU_TAP_MSIX));
	EXPECT_EQ(-EINVAL, nvmet_emu_attach(self->emu, "nvme:bogus", fail_reads, &t));
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:regwrite:decode", count_regwrite, &t));
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:io:decode", fail_reads, &t));
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:io:writeback", stamp_dw0, &t));

	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp, self->buf, 0, 0, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_EQ((unsigned int)NVMET_SCT_MEDIA, NVMET_CQE_SCT(d.last.status));
	EXPECT_EQ(0x81u, NVMET_CQE_SC(d.last.status));
	EXPECT_EQ(0xfeed0002u, d.last.dw0);
	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp, self->buf, 0, 0, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last));
	EXPECT_EQ(0xfeed0001u, d.last.dw0);
	EXPECT_EQ(2, t.decodes);
	EXPECT_EQ(2, t.writebacks);
	EXPECT_GE(t.doorbells, 2);
	EXPECT_EQ((uint32_t)(NVMET_REG_DBS + 2 * 4 * nvmet_qpair_qid(self->qp)), t.last_db_off & ~4u);

	ASSERT_EQ(0, nvmet_emu_detach(self->emu, "nvme:io:decode", fail_reads, &t));
	EXPECT_EQ(-ENOENT, nvmet_emu_detach(self->emu, "nvme:io:decode", fail_reads, &t));
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp, self->buf, 0, 0, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last));
	EXPECT_EQ(2, t.decodes);
	/* A register write from the caller's thread is seen too. */
	t.regwrites = 0;
	ASSERT_EQ(0, nvmet_ctrl_reg_write(self->ctrl, NVMET_REG_INTMS, 4, 0));
	EXPECT_EQ(1, t.regwrites);
	EXPECT_EQ(0, nvmet_emu_detach(self->emu, "nvme:io:writeback", stamp_dw0, &t));
	EXPECT_EQ(0, nvmet_emu_detach(self->emu, "nvme:regwrite:decode", count_regwrite, &t));
	(void)drop_msix;
}

/*
 * The controller writes the CQE, then sends the message (as PCIe orders
 * them): a poller can see the CQE first, so wait up to a second for it.
 */
static int msix_after(struct nvmet_qpair *qp, int want)
{
	int i, v = 0;

	for (i = 0; i < 1000; i++) {
		v = nvmet_qpair_msix_isset(qp);
		if (v == want && want)
			return v;
		usleep(want ? 1000 : 20);
	}
	return v;
}

TEST_F(emu, msix_count_mask_pending_and_a_dropped_message)
{
	struct nvmet_qpair_opts o = { .irq = true, .vector = 3 };
	struct tap_state t = { 0 };
	struct nvmet_qpair *qp;

	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &o, &qp));
	ASSERT_EQ(0, nvmet_qpair_msix_clear(qp));
	ASSERT_EQ(0, io_with_irq(_metadata, self, qp));
	EXPECT_EQ(1, msix_after(qp, 1));
	ASSERT_EQ(0, nvmet_qpair_msix_clear(qp));
	EXPECT_EQ(0, nvmet_qpair_msix_isset(qp));
	/* Masked: the message waits, and is sent at unmask. */
	ASSERT_EQ(0, nvmet_qpair_msix_mask(qp, true));
	ASSERT_EQ(0, io_with_irq(_metadata, self, qp));
	EXPECT_EQ(0, msix_after(qp, 0));
	ASSERT_EQ(0, nvmet_qpair_msix_mask(qp, false));
	EXPECT_EQ(1, nvmet_qpair_msix_isset(qp));
	/* A tap that swallows MSI-X messages: a lost interrupt on demand. */
	ASSERT_EQ(0, nvmet_qpair_msix_clear(qp));
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "pci:msix:writeback", drop_msix, &t));
	ASSERT_EQ(0, io_with_irq(_metadata, self, qp));
	EXPECT_EQ(0, msix_after(qp, 0));
	EXPECT_EQ(1, __atomic_load_n(&t.msix, __ATOMIC_SEQ_CST));
	ASSERT_EQ(0, nvmet_emu_detach(self->emu, "pci:msix:writeback", drop_msix, &t));
	nvmet_qpair_delete(qp);
}

TEST_F(emu, d3hot_hides_the_bar_and_flr_resets)
{
	uint64_t v;

	ASSERT_EQ(0, nvmet_pcie_set_power_state(self->ctrl, 3));
	ASSERT_EQ(0, nvmet_ctrl_reg_read(self->ctrl, NVMET_REG_VS, 4, &v));
	EXPECT_EQ(0xffffffffu, v);
	ASSERT_EQ(0, nvmet_pcie_set_power_state(self->ctrl, 0));
	EXPECT_EQ(0x00010400u, st_reg32(_metadata, self->ctrl, NVMET_REG_VS));
	/* FLR through the library: the controller comes back with its queue pairs. */
	ASSERT_EQ(0, nvmet_pcie_reset(self->ctrl, NVMET_PCIE_FLR));
	ASSERT_EQ(0, io_with_irq(_metadata, self, self->qp));
}

TEST_HARNESS_MAIN
