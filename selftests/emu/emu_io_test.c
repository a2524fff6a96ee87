// SPDX-License-Identifier: GPL-2.0
/*
 * emu_io_test.c - the emulated controller's NVM command set through the
 * library: every I/O opcode with its success and its error statuses, the
 * fused Compare and Write, a 16 TiB namespace written at its last LBA,
 * namespaces in a file, and the volatile write cache across power cycles.
 * Needs no device: each test opens its own "emu:" controller.
 */
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

/* SCT and SC as NVMET_CQE_STATUS() gives them. */
#define ST(sct, sc)	((unsigned int)((sct) << 8 | (sc)))
#define ST_OK		ST(0, 0)
#define ST_FIELD	ST(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD)
#define ST_RANGE	ST(NVMET_SCT_GENERIC, NVMET_SC_LBA_RANGE)
#define ST_UNREC	ST(NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ)
#define ST_MISCOMPARE	ST(NVMET_SCT_MEDIA, NVMET_SC_COMPARE_FAILED)

#define BUF_BYTES	(256u << 10)

FIXTURE(emu_io) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
	uint32_t lbs;
	char file[64];
};

FIXTURE_SETUP(emu_io)
{
	snprintf(self->file, sizeof(self->file), "/tmp/emu_io_test.%d", (int)getpid());
}

static void emu_close(FIXTURE_DATA(emu_io) *self)
{
	st_io_close(&self->ctrl, &self->ns, &self->qp, &self->out, &self->in);
}

FIXTURE_TEARDOWN(emu_io)
{
	emu_close(self);
	unlink(self->file);
}

static unsigned int do_write(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
			     uint64_t slba, uint32_t nlb, size_t off)
{
	struct st_done d = { 0 };

	return st_wait1(_metadata, self->qp, &d,
		     nvmet_ns_write(self->ns, self->qp, self->out, off, slba, nlb, st_count_cb,
				    &d));
}

static unsigned int do_read(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
			    uint64_t slba, uint32_t nlb)
{
	struct st_done d = { 0 };

	return st_wait1(_metadata, self->qp, &d,
		     nvmet_ns_read(self->ns, self->qp, self->in, 0, slba, nlb, st_count_cb, &d));
}

/* Any command on namespace 1 (or @sqe->nsid when @raw). */
static unsigned int do_cmd(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
			   struct nvmet_sqe *sqe, struct nvmet_buf *buf, size_t len, bool raw)
{
	struct st_done d = { 0 };

	if (raw)
		return st_wait1(_metadata, self->qp, &d,
			     nvmet_qpair_submit(self->qp, sqe, buf, 0, len, st_count_cb, &d));
	return st_wait1(_metadata, self->qp, &d,
		     nvmet_ns_cmd(self->ns, self->qp, sqe, buf, 0, len, st_count_cb, &d));
}

static void fill(struct __test_metadata *_metadata, struct nvmet_buf *b, size_t len, uint64_t seed)
{
	ASSERT_EQ(0, nvmet_buf_fill(b, 0, len, NVMET_PATTERN_RANDOM, 100, seed));
}

/* Does "in" hold what "out" holds at @out_off, for @len bytes? */
static bool same(FIXTURE_DATA(emu_io) *self, size_t out_off, size_t len)
{
	return nvmet_buf_compare(self->out, out_off, self->in, 0, len) == -1;
}

/* Does "in" hold zeros over [@off, @off + @len)? */
static bool zeros_at(FIXTURE_DATA(emu_io) *self, size_t off, size_t len)
{
	const uint8_t *p = self->in->va;
	size_t i;

	for (i = off; i < off + len; i++) {
		if (p[i])
			return false;
	}
	return true;
}

static bool zeros(FIXTURE_DATA(emu_io) *self, size_t len)
{
	return zeros_at(self, 0, len);
}

/* Dataset Management with the @nr ranges in "in" (or @buf). */
static unsigned int do_dsm(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
			   struct nvmet_buf *buf, uint32_t nr, unsigned int attrs)
{
	struct st_done d = { 0 };

	return st_wait1(_metadata, self->qp, &d,
		     nvmet_ns_dsm(self->ns, self->qp, buf, nr, attrs, st_count_cb, &d));
}

static unsigned int do_flush(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
			     struct nvmet_ns *ns)
{
	struct st_done d = { 0 };

	return st_wait1(_metadata, self->qp, &d, nvmet_ns_flush(ns, self->qp, st_count_cb, &d));
}

/* A field of the SMART / Health log, @len bytes at @off (up to 8 used). */
static uint64_t smart(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self, size_t off)
{
	struct nvmet_buf *log;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t v = 0;

	EXPECT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 512, "smart", &log));
	nvmet_cmd_get_log_page(&sqe, NVMET_LOG_SMART, 0xffffffffu, 512, NULL);
	EXPECT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, log, 0, 512, NVMET_DIR_FROM_DEV,
					   &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_EQ(0, nvmet_buf_get_uint(log, off, off + 7, &v));
	nvmet_buf_free(log);
	return v;
}

#define SMART_HOST_READS	64
#define SMART_HOST_WRITES	80
#define SMART_MEDIA_ERRORS	160

TEST_F(emu_io, write_read_flush_512_and_4096)
{
	const char *args[] = { "size=64M", "lba=4096,size=64M" };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		uint64_t reads, writes;

		ST_EMU_IO_OPEN(args[i], BUF_BYTES);
		reads = smart(_metadata, self, SMART_HOST_READS);
		writes = smart(_metadata, self, SMART_HOST_WRITES);
		/* Never written: zeros. */
		fill(_metadata, self->in, BUF_BYTES, 9);
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 1000, 8));
		EXPECT_TRUE(zeros(self, 8 * self->lbs));
		/* A PRP list's worth, at an odd LBA. */
		fill(_metadata, self->out, BUF_BYTES, i + 1);
		EXPECT_EQ(ST_OK, do_write(_metadata, self, 7, 128 << 10 >> (i ? 12 : 9), 0));
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 7, 128 << 10 >> (i ? 12 : 9)));
		EXPECT_TRUE(same(self, 0, 128 << 10));
		/* The last LBA. */
		EXPECT_EQ(ST_OK, do_write(_metadata, self, nvmet_ns_capacity(self->ns) - 1, 1, 0));
		EXPECT_EQ(ST_OK, do_read(_metadata, self, nvmet_ns_capacity(self->ns) - 1, 1));
		EXPECT_TRUE(same(self, 0, self->lbs));
		EXPECT_EQ(ST_OK, do_flush(_metadata, self, self->ns));
		EXPECT_EQ(reads + 3, smart(_metadata, self, SMART_HOST_READS));
		EXPECT_EQ(writes + 2, smart(_metadata, self, SMART_HOST_WRITES));
		emu_close(self);
	}
}

TEST_F(emu_io, common_errors)
{
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;
	uint64_t nsze;

	ST_EMU_IO_OPEN("ns=2,size=16M,mdts=1", BUF_BYTES);
	nsze = nvmet_ns_capacity(self->ns);
	/* Invalid Namespace or Format, with DNR. */
	nvmet_cmd_read(&sqe, 3, 0, 1, NULL);
	EXPECT_EQ(ST(0, NVMET_SC_INVALID_NS), do_cmd(_metadata, self, &sqe, self->in, 512, true));
	nvmet_cmd_read(&sqe, 0, 0, 1, NULL);
	EXPECT_EQ(ST(0, NVMET_SC_INVALID_NS), do_cmd(_metadata, self, &sqe, self->in, 512, true));
	nvmet_cmd_read(&sqe, 0xffffffffu, 0, 1, NULL);
	EXPECT_EQ(ST(0, NVMET_SC_INVALID_NS), do_cmd(_metadata, self, &sqe, self->in, 512, true));
	/* Namespace 2 exists. */
	nvmet_cmd_read(&sqe, 2, 0, 1, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, self->in, 512, true));
	/* Flush: a namespace, all of them, none that exists. */
	nvmet_cmd_flush(&sqe, 0xffffffffu);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, true));
	nvmet_cmd_flush(&sqe, 2);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, true));
	nvmet_cmd_flush(&sqe, 9);
	EXPECT_EQ(ST(0, NVMET_SC_INVALID_NS), do_cmd(_metadata, self, &sqe, NULL, 0, true));
	/* Invalid Opcode. */
	nvmet_cmd_raw(&sqe, 0x7e, 1, NULL);
	EXPECT_EQ(ST(0, NVMET_SC_INVALID_OPCODE), do_cmd(_metadata, self, &sqe, NULL, 0, true));
	ASSERT_EQ(0, nvmet_qpair_submit(self->qp, &sqe, NULL, 0, 0, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_EQ(1u, NVMET_CQE_DNR(d.last.status));
	/* LBA Out of Range, overflow included, for every command with LBAs. */
	EXPECT_EQ(ST_RANGE, do_read(_metadata, self, nsze - 1, 2));
	EXPECT_EQ(ST_RANGE, do_read(_metadata, self, nsze, 1));
	EXPECT_EQ(ST_RANGE, do_read(_metadata, self, UINT64_MAX, 2));
	EXPECT_EQ(ST_RANGE, do_write(_metadata, self, nsze - 3, 4, 0));
	nvmet_cmd_compare(&sqe, 1, nsze, 1, NULL);
	EXPECT_EQ(ST_RANGE, do_cmd(_metadata, self, &sqe, self->out, 512, false));
	nvmet_cmd_verify(&sqe, 1, nsze - 1, 2, NULL);
	EXPECT_EQ(ST_RANGE, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_write_zeroes(&sqe, 1, UINT64_MAX - 1, 3, NULL);
	EXPECT_EQ(ST_RANGE, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_write_uncor(&sqe, 1, nsze, 1);
	EXPECT_EQ(ST_RANGE, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	/* MDTS 1: 8 KiB moves, 8.5 KiB does not; no data, no limit. */
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 16));
	EXPECT_EQ(ST_FIELD, do_read(_metadata, self, 0, 17));
	EXPECT_EQ(ST_FIELD, do_write(_metadata, self, 0, 17, 0));
	nvmet_cmd_verify(&sqe, 1, 0, 1000, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_write_zeroes(&sqe, 1, 0, 1000, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	/* A data pointer outside registered memory: Data Transfer Error. */
	nvmet_cmd_read(&sqe, 1, 0, 1, NULL);
	EXPECT_EQ(ST(0, NVMET_SC_DATA_XFER_ERROR), do_cmd(_metadata, self, &sqe, NULL, 0, true));
}

TEST_F(emu_io, write_uncorrectable)
{
	uint64_t errs;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	ST_EMU_IO_OPEN("size=16M", BUF_BYTES);
	errs = smart(_metadata, self, SMART_MEDIA_ERRORS);
	fill(_metadata, self->out, BUF_BYTES, 3);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 64, 0));
	nvmet_cmd_write_uncor(&sqe, 1, 10, 4);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_write_uncor(&sqe, 1, 30, 2);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	/* Reads, compares and verifies touching 10..13 or 30..31 fail. */
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 10));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 8, 3));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 13, 1));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 14, 16));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 0, 64));
	nvmet_cmd_verify(&sqe, 1, 31, 1, NULL);
	EXPECT_EQ(ST_UNREC, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_compare(&sqe, 1, 12, 1, NULL);
	EXPECT_EQ(ST_UNREC, do_cmd(_metadata, self, &sqe, self->out, 512, false));
	EXPECT_EQ(errs + 5, smart(_metadata, self, SMART_MEDIA_ERRORS));
	/* A write in the middle splits the range. */
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 11, 1, 0));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 11, 1));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 10, 1));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 12, 1));
	/* Write Zeroes and Dataset Management clear marks too. */
	nvmet_cmd_write_zeroes(&sqe, 1, 12, 2, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 12, 2));
	EXPECT_TRUE(zeros(self, 2 * 512));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->out, 0, 10, 1, 0));
	EXPECT_EQ(ST_OK, do_dsm(_metadata, self, self->out, 1, NVMET_DSM_AD));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 30));
	EXPECT_EQ(ST_UNREC, do_read(_metadata, self, 30, 1));
	/* Format NVM clears the rest. */
	ASSERT_EQ(0, nvmet_ns_format(self->ns, 0, 0, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("format status 0x%04x", cqe.status);
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 64));
	EXPECT_TRUE(zeros(self, 64 * 512));
}

TEST_F(emu_io, compare)
{
	struct nvmet_sqe sqe;

	ST_EMU_IO_OPEN("size=16M", BUF_BYTES);
	fill(_metadata, self->out, BUF_BYTES, 4);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 100, 40, 0));
	nvmet_cmd_compare(&sqe, 1, 100, 40, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, self->out, 40 * 512, false));
	/* One byte off, in the last block. */
	((uint8_t *)self->out->va)[40 * 512 - 1] ^= 1;
	nvmet_cmd_compare(&sqe, 1, 100, 40, NULL);
	EXPECT_EQ(ST_MISCOMPARE, do_cmd(_metadata, self, &sqe, self->out, 40 * 512, false));
	/* Never-written blocks compare equal to zeros. */
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, 4096, NVMET_PATTERN_ZERO, 0, 0));
	nvmet_cmd_compare(&sqe, 1, 5000, 8, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, self->out, 4096, false));
}

TEST_F(emu_io, write_zeroes_and_dsm)
{
	struct nvmet_io_opts deac = { .deac = true };
	struct nvmet_sqe sqe;

	ST_EMU_IO_OPEN("size=16M", BUF_BYTES);
	fill(_metadata, self->out, BUF_BYTES, 5);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 256, 0));
	/* Write Zeroes, without and with DEAC, part of a page included. */
	nvmet_cmd_write_zeroes(&sqe, 1, 3, 5, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_write_zeroes(&sqe, 1, 64, 64, &deac);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 256));
	EXPECT_TRUE(nvmet_buf_compare(self->out, 0, self->in, 0, 3 * 512) == -1);
	EXPECT_TRUE(nvmet_buf_compare(self->out, 8 * 512, self->in, 8 * 512, 56 * 512) == -1);
	EXPECT_TRUE(nvmet_buf_compare(self->out, 128 * 512, self->in, 128 * 512, 128 * 512) == -1);
	EXPECT_TRUE(zeros_at(self, 3 * 512, 5 * 512));
	EXPECT_TRUE(zeros_at(self, 64 * 512, 64 * 512));
	/* Dataset Management: hints alone change nothing. */
	fill(_metadata, self->out, BUF_BYTES, 6);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 256, 0));
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, 4096, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 0, 10, 20, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 1, 100, 50, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 2, 200, 0, 0));
	EXPECT_EQ(ST_OK, do_dsm(_metadata, self, self->in, 3, NVMET_DSM_IDR));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 256));
	EXPECT_TRUE(same(self, 0, 256 * 512));
	/* A range out of the namespace: nothing deallocated. */
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, 4096, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 0, 10, 20, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 1, nvmet_ns_capacity(self->ns) - 1, 2, 0));
	EXPECT_EQ(ST_RANGE, do_dsm(_metadata, self, self->in, 2, NVMET_DSM_AD));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 256));
	EXPECT_TRUE(same(self, 0, 256 * 512));
	/* Deallocate two ranges. */
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, 4096, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 0, 10, 20, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 1, 100, 50, 0));
	EXPECT_EQ(ST_OK, do_dsm(_metadata, self, self->in, 2, NVMET_DSM_AD));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 256));
	EXPECT_TRUE(nvmet_buf_compare(self->out, 0, self->in, 0, 10 * 512) == -1);
	EXPECT_TRUE(nvmet_buf_compare(self->out, 30 * 512, self->in, 30 * 512, 70 * 512) == -1);
	EXPECT_TRUE(nvmet_buf_compare(self->out, 150 * 512, self->in, 150 * 512, 106 * 512) == -1);
	EXPECT_TRUE(zeros_at(self, 10 * 512, 20 * 512));
	EXPECT_TRUE(zeros_at(self, 100 * 512, 50 * 512));
}

TEST_F(emu_io, verify)
{
	struct nvmet_sqe sqe;

	ST_EMU_IO_OPEN("size=64M", BUF_BYTES);
	nvmet_cmd_verify(&sqe, 1, 0, 65536, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	nvmet_cmd_verify(&sqe, 1, nvmet_ns_capacity(self->ns) - 1, 1, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
}

struct two_done {
	int count;
	uint16_t status[2];
};

/* Completions of a fused pair, in the order they come: Compare, then Write. */
static void two_cb(void *arg, const struct nvmet_cpl *cpl)
{
	const struct nvmet_cqe *cqe = cpl->cqe;
	struct two_done *t = arg;

	if (t->count < 2)
		t->status[t->count] = cqe->status;
	t->count++;
}

static void fused(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self,
		  struct nvmet_sqe *cmp, struct nvmet_sqe *wr, size_t len, unsigned int *st)
{
	struct two_done t = { 0 };

	ASSERT_EQ(0, nvmet_qpair_submit_fused(self->qp, cmp, self->in, 0, len, wr, self->out, 0,
					      len, two_cb, &t));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 2, NULL));
	ASSERT_EQ(2, t.count);
	st[0] = NVMET_CQE_STATUS(t.status[0]);
	st[1] = NVMET_CQE_STATUS(t.status[1]);
}

TEST_F(emu_io, fused_compare_and_write)
{
	struct nvmet_sqe cmp, wr;
	unsigned int st[2];

	ST_EMU_IO_OPEN("size=16M", BUF_BYTES);
	/* The media holds "in"'s pattern; "out" is the new data. */
	fill(_metadata, self->out, BUF_BYTES, 7);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 50, 8, 0));
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, 8 * 512, NVMET_PATTERN_ZERO, 0, 0));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 50, 8));
	fill(_metadata, self->out, BUF_BYTES, 8);

	/* Match: both succeed, the data is new. */
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 50, 8, NULL);
	fused(_metadata, self, &cmp, &wr, 8 * 512, st);
	EXPECT_EQ(ST_OK, st[0]);
	EXPECT_EQ(ST_OK, st[1]);
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 50, 8));
	EXPECT_TRUE(same(self, 0, 8 * 512));

	/* Mismatch ("in" still holds the new data; the media too, so spoil "in"). */
	((uint8_t *)self->in->va)[17] ^= 0xff;
	fill(_metadata, self->out, BUF_BYTES, 9);
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 50, 8, NULL);
	fused(_metadata, self, &cmp, &wr, 8 * 512, st);
	EXPECT_EQ(ST_MISCOMPARE, st[0]);
	EXPECT_EQ(ST(0, NVMET_SC_FUSED_FAIL), st[1]);
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 50, 8));
	EXPECT_FALSE(same(self, 0, 8 * 512));

	/* Not the same LBAs: Invalid Field for both. */
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 50, 8, NULL);
	wr.rw.slba = 51;
	fused(_metadata, self, &cmp, &wr, 8 * 512, st);
	EXPECT_EQ(ST_FIELD, st[0]);
	EXPECT_EQ(ST_FIELD, st[1]);
	/* Out of range: the Compare fails, the Write is aborted. */
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, nvmet_ns_capacity(self->ns), 8,
				      NULL);
	fused(_metadata, self, &cmp, &wr, 8 * 512, st);
	EXPECT_EQ(ST_RANGE, st[0]);
	EXPECT_EQ(ST(0, NVMET_SC_FUSED_FAIL), st[1]);
}

TEST_F(emu_io, sixteen_tib_namespace)
{
	uint64_t nsze;

	ST_EMU_IO_OPEN("size=16T", BUF_BYTES);
	nsze = nvmet_ns_capacity(self->ns);
	EXPECT_EQ((16ull << 40) / 512, nsze);
	fill(_metadata, self->out, BUF_BYTES, 10);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, nsze - 8, 8, 0));
	EXPECT_EQ(ST_OK, do_write(_metadata, self, nsze / 2 + 3, 8, 4096));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, nsze - 8, 8));
	EXPECT_TRUE(same(self, 0, 4096));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, nsze / 2 + 3, 8));
	EXPECT_TRUE(same(self, 4096, 4096));
	EXPECT_EQ(ST_RANGE, do_read(_metadata, self, nsze - 7, 8));
	/* Deallocating everything (as 65536-block Write Zeroes would take forever: DSM). */
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 0, 0, 0xffffffffu, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->in, 1, nsze - 8, 8, 0));
	EXPECT_EQ(ST_OK, do_dsm(_metadata, self, self->in, 2, NVMET_DSM_AD));
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, 4096, NVMET_PATTERN_RANDOM, 100, 1));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, nsze - 8, 8));
	EXPECT_TRUE(zeros(self, 4096));
}

TEST_F(emu_io, file_backing)
{
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;
	struct nvmet_ns *ns2;
	char args[128];
	struct stat s;
	uint8_t b[512];
	FILE *f;

	unlink(self->file);
	snprintf(args, sizeof(args), "ns=2,size=8M,file=%s", self->file);
	ST_EMU_IO_OPEN(args, BUF_BYTES);
	ASSERT_EQ(0, stat(self->file, &s));
	EXPECT_EQ(16ll << 20, (long long)s.st_size);
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 2, &ns2));
	fill(_metadata, self->out, BUF_BYTES, 11);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 16383, 1, 0));
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 5, 100, 512));
	EXPECT_EQ(ST_OK, st_wait1(_metadata, self->qp, &d,
			       nvmet_ns_write(ns2, self->qp, self->out, 4096, 0, 1, st_count_cb,
					      &d)));
	EXPECT_EQ(ST_OK, do_flush(_metadata, self, ns2));
	nvmet_ns_close(ns2);
	emu_close(self);

	/* The data is in the file, namespace 2 after namespace 1, and there after a reopen. */
	f = fopen(self->file, "rb");
	ASSERT_NE(NULL, f);
	EXPECT_EQ(0, fseek(f, 8 << 20, SEEK_SET));
	EXPECT_EQ(1u, fread(b, sizeof(b), 1, f));
	fclose(f);
	ST_EMU_IO_OPEN(args, BUF_BYTES);
	fill(_metadata, self->out, BUF_BYTES, 11);
	EXPECT_EQ(0, memcmp(b, (uint8_t *)self->out->va + 4096, sizeof(b)));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 16383, 1));
	EXPECT_TRUE(same(self, 0, 512));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 5, 100));
	EXPECT_TRUE(same(self, 512, 100 * 512));
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 2, &ns2));
	EXPECT_EQ(ST_OK, st_wait1(_metadata, self->qp, &d,
			       nvmet_ns_read(ns2, self->qp, self->in, 0, 0, 1, st_count_cb, &d)));
	EXPECT_TRUE(same(self, 4096, 512));
	nvmet_ns_close(ns2);
	/* Write Zeroes punches the data out of the file. */
	nvmet_cmd_write_zeroes(&sqe, 1, 0, 16384, NULL);
	EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 5, 100));
	EXPECT_TRUE(zeros(self, 100 * 512));
}

static void power_cycle(struct __test_metadata *_metadata, FIXTURE_DATA(emu_io) *self)
{
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
}

TEST_F(emu_io, write_cache_and_power_cycle)
{
	struct nvmet_io_opts fua = { .fua = true };
	struct nvmet_sqe sqe;
	char args[128];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		if (i) {
			unlink(self->file);
			snprintf(args, sizeof(args), "size=16M,file=%s", self->file);
		} else {
			snprintf(args, sizeof(args), "size=16M");
		}
		ST_EMU_IO_OPEN(args, BUF_BYTES);
		/* A, flushed; then B, not flushed: A after the power cycle. */
		fill(_metadata, self->out, BUF_BYTES, 20);
		EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 8, 0));
		EXPECT_EQ(ST_OK, do_flush(_metadata, self, self->ns));
		fill(_metadata, self->out, BUF_BYTES, 21);
		EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 8, 0));
		EXPECT_EQ(ST_OK, do_write(_metadata, self, 100, 8, 0));
		nvmet_cmd_write_zeroes(&sqe, 1, 200, 8, NULL);
		EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, NULL, 0, false));
		/* A FUA write is durable without a flush. */
		nvmet_cmd_write(&sqe, 1, 300, 8, &fua);
		EXPECT_EQ(ST_OK, do_cmd(_metadata, self, &sqe, self->out, 4096, false));
		power_cycle(_metadata, self);
		fill(_metadata, self->out, BUF_BYTES, 20);
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 8));
		EXPECT_TRUE(same(self, 0, 4096)) TH_LOG("unflushed write survived (%s)", args);
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 100, 8));
		EXPECT_TRUE(zeros(self, 4096));
		fill(_metadata, self->out, BUF_BYTES, 21);
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 300, 8));
		EXPECT_TRUE(same(self, 0, 4096)) TH_LOG("FUA write lost (%s)", args);

		/* Flushed before the power cycle: kept. */
		EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 8, 0));
		EXPECT_EQ(ST_OK, do_flush(_metadata, self, self->ns));
		power_cycle(_metadata, self);
		fill(_metadata, self->out, BUF_BYTES, 21);
		EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 8));
		EXPECT_TRUE(same(self, 0, 4096)) TH_LOG("flushed write lost (%s)", args);
		emu_close(self);
	}
	/* Without a volatile write cache, nothing is lost. */
	ST_EMU_IO_OPEN("size=16M,vwc=0", BUF_BYTES);
	fill(_metadata, self->out, BUF_BYTES, 22);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 8, 0));
	power_cycle(_metadata, self);
	fill(_metadata, self->out, BUF_BYTES, 22);
	EXPECT_EQ(ST_OK, do_read(_metadata, self, 0, 8));
	EXPECT_TRUE(same(self, 0, 4096));
}

TEST_F(emu_io, sanitize_in_progress)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t deadline;
	unsigned int st;

	ST_EMU_IO_OPEN("size=16M", BUF_BYTES);
	fill(_metadata, self->out, BUF_BYTES, 30);
	EXPECT_EQ(ST_OK, do_write(_metadata, self, 0, 8, 0));
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_BLOCK_ERASE, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("sanitize status 0x%04x", cqe.status);
	EXPECT_EQ(ST(0, NVMET_SC_SANITIZE_IN_PROGRESS), do_read(_metadata, self, 0, 8));
	EXPECT_EQ(ST(0, NVMET_SC_SANITIZE_IN_PROGRESS), do_write(_metadata, self, 0, 8, 0));
	/* Flush touches no user data: allowed. */
	EXPECT_EQ(ST_OK, do_flush(_metadata, self, self->ns));
	deadline = st_now_ns() + 5000000000ull;
	do {
		st_sleep_ms(20);
		st = do_read(_metadata, self, 0, 8);
	} while (st == ST(0, NVMET_SC_SANITIZE_IN_PROGRESS) && st_now_ns() < deadline);
	EXPECT_EQ(ST_OK, st);
	EXPECT_TRUE(zeros(self, 4096));
}

TEST_HARNESS_MAIN
