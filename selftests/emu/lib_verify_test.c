// SPDX-License-Identifier: GPL-2.0
/*
 * lib_verify_test.c - inline data verification (nvmet/verify.h) on the
 * emulated controller: stamped data written and checked, a changed byte
 * anywhere caught with its LBA, stale data caught (a read of the
 * namespace API reports it in its status), LBAs never written not
 * checked, ZERO after Write Zeroes and deallocate, raw writes outside the
 * table, Format NVM and Sanitize resetting expectations, the sparse
 * table's memory on a 16 TiB namespace, two threads on one table, a
 * corruption injected by the corrupt_read plug-in, and the time fill and
 * check take per 4 KiB (logged, not asserted).
 * Needs no device: each test opens its own "emu:" controller.
 */
#include <endian.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

#define BUF_BYTES	(256u << 10)

FIXTURE(verify) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
	uint32_t lbs;
	uint64_t nlbas;
};

FIXTURE_SETUP(verify)
{
}

FIXTURE_TEARDOWN(verify)
{
	st_io_close(&self->ctrl, &self->ns, &self->qp, &self->out, &self->in);
}

/* Open "emu:@args", namespace 1 with verification on, a queue pair, two buffers. */
static void emu_open(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self,
		     const char *args)
{
	ST_EMU_IO_OPEN(args, BUF_BYTES);
	self->nlbas = nvmet_ns_capacity(self->ns);
	ASSERT_FALSE(nvmet_ns_verify_enabled(self->ns));
	ASSERT_EQ(0, nvmet_ns_verify_enable(self->ns, true));
	ASSERT_TRUE(nvmet_ns_verify_enabled(self->ns));
}

/* Stamp @nlb LBAs at @slba in "out" and write them (the namespace API records them). */
static void vwrite(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self, uint64_t slba,
		   uint32_t nlb)
{
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, slba, nlb));
	st_wait1(_metadata, self->qp, &d,
	      nvmet_ns_write(self->ns, self->qp, self->out, 0, slba, nlb, st_count_cb, &d));
	ASSERT_EQ(1, d.count);
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("write status 0x%04x", d.last.status);
}

/* A command built by hand on the namespace: outside verification. Its status. */
static unsigned int raw(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self,
			uint8_t opc, struct nvmet_buf *buf, uint64_t slba, uint32_t nlb)
{
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;

	st_sqe(&sqe, opc, 1);
	sqe.rw.slba = slba;
	sqe.rw.nlb = nlb - 1;
	st_wait1(_metadata, self->qp, &d, nvmet_ns_cmd(self->ns, self->qp, &sqe, buf, 0,
					    buf ? (size_t)nlb * self->lbs : 0, st_count_cb, &d));
	EXPECT_EQ(1, d.count);
	return NVMET_CQE_STATUS(d.last.status);
}

/* Read @nlb LBAs at @slba into "in" by hand: the data as it is, unchecked. */
static void raw_read(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self,
		     uint64_t slba, uint32_t nlb)
{
	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, self->in->size, NVMET_PATTERN_DWORD, 0x5a5a5a5a,
				    0));
	ASSERT_EQ(0u, raw(_metadata, self, NVMET_CMD_READ, self->in, slba, nlb));
}

/* A read of the namespace API: its status (checked against the table). */
static unsigned int api_read(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self,
			     uint64_t slba, uint32_t nlb)
{
	struct st_done d = { 0 };

	st_wait1(_metadata, self->qp, &d,
	      nvmet_ns_read(self->ns, self->qp, self->in, 0, slba, nlb, st_count_cb, &d));
	EXPECT_EQ(1, d.count);
	return NVMET_CQE_STATUS(d.last.status);
}

#define URE	ST_SC(NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ)

/* Read @nlb LBAs at @slba into "in". */
static void vread(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self, uint64_t slba,
		  uint32_t nlb)
{
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, self->in->size, NVMET_PATTERN_DWORD, 0x5a5a5a5a,
				    0));
	st_wait1(_metadata, self->qp, &d,
	      nvmet_ns_read(self->ns, self->qp, self->in, 0, slba, nlb, st_count_cb, &d));
	ASSERT_EQ(1, d.count);
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("read status 0x%04x", d.last.status);
}

/* nvmet_verify_check() of "in" as @nlb LBAs at @slba; the bad LBA in *@bad. */
static int vcheck(FIXTURE_DATA(verify) *self, uint64_t slba, uint32_t nlb, uint64_t *bad)
{
	uint64_t dummy;

	return nvmet_verify_check(self->ns, self->in, 0, slba, nlb, bad ? bad : &dummy);
}

TEST_F(verify, round_trip_512)
{
	uint64_t bad = 0, lba, tok;
	const uint8_t *p;

	emu_open(_metadata, self, "");
	ASSERT_EQ(512u, self->lbs);
	vwrite(_metadata, self, 100, 64);
	vread(_metadata, self, 100, 64);
	EXPECT_EQ(0, vcheck(self, 100, 64, NULL));
	/* A part of it, and the same data checked at other LBAs fails at the first. */
	EXPECT_EQ(0, nvmet_verify_check(self->ns, self->in, 8 * 512, 108, 10, NULL));
	EXPECT_EQ(-EILSEQ, vcheck(self, 101, 63, &bad));
	EXPECT_EQ(101u, bad);
	/* Stamped: LBA number first, token last (never 0), pattern between. */
	p = (const uint8_t *)self->in->va + 5 * 512;
	memcpy(&lba, p, 8);
	memcpy(&tok, p + 504, 8);
	EXPECT_EQ(105u, le64toh(lba));
	EXPECT_NE(0u, tok);
	EXPECT_LT(0u, nvmet_verify_table_bytes(self->ns));
}

TEST_F(verify, round_trip_4096)
{
	emu_open(_metadata, self, "lba=4096");
	ASSERT_EQ(4096u, self->lbs);
	vwrite(_metadata, self, 0, 60);
	vwrite(_metadata, self, self->nlbas - 3, 3);
	vread(_metadata, self, 0, 60);
	EXPECT_EQ(0, vcheck(self, 0, 60, NULL));
	vread(_metadata, self, self->nlbas - 3, 3);
	EXPECT_EQ(0, vcheck(self, self->nlbas - 3, 3, NULL));
}

/* One changed byte anywhere in any LBA is caught, with that LBA. */
TEST_F(verify, changed_byte_caught)
{
	static const unsigned int at[] = { 0, 1, 7, 8, 9, 100, 255, 256, 503, 504, 510, 511 };
	static const uint8_t flips[] = { 0x01, 0x80, 0xff, 0x10 };
	uint8_t *p;
	unsigned int i, k;

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 1000, 16);
	vread(_metadata, self, 1000, 16);
	ASSERT_EQ(0, vcheck(self, 1000, 16, NULL));
	p = self->in->va;
	for (k = 0; k < 16; k += 3) {
		for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
			uint8_t flip = flips[(i + k) % sizeof(flips)];
			uint64_t bad = ~0ull;

			p[k * 512 + at[i]] ^= flip;
			EXPECT_EQ(-EILSEQ, vcheck(self, 1000, 16, &bad))
				TH_LOG("LBA %u byte %u ^ 0x%02x", k, at[i], flip);
			EXPECT_EQ(1000u + k, bad);
			p[k * 512 + at[i]] ^= flip;
		}
	}
	/* Every byte of one LBA, one at a time. */
	for (i = 0; i < 512; i++) {
		p[3 * 512 + i] ^= 0x04;
		EXPECT_EQ(-EILSEQ, vcheck(self, 1000, 16, NULL)) TH_LOG("byte %u", i);
		p[3 * 512 + i] ^= 0x04;
	}
	/* Two words swapped. */
	{
		uint64_t a, b;

		memcpy(&a, p + 2 * 512 + 64, 8);
		memcpy(&b, p + 2 * 512 + 128, 8);
		memcpy(p + 2 * 512 + 64, &b, 8);
		memcpy(p + 2 * 512 + 128, &a, 8);
		EXPECT_EQ(-EILSEQ, vcheck(self, 1000, 16, NULL));
		memcpy(p + 2 * 512 + 64, &a, 8);
		memcpy(p + 2 * 512 + 128, &b, 8);
	}
	EXPECT_EQ(0, vcheck(self, 1000, 16, NULL));
}

/* Data from an earlier write (a lost write) is caught: the token differs. */
TEST_F(verify, stale_data_caught)
{
	uint64_t bad = 0;
	struct st_done d = { 0 };

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 200, 8);
	/* New data recorded but never written: the device still has the old. */
	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, 200, 8));
	ASSERT_EQ(0, nvmet_verify_written(self->ns, self->out, 0, 200, 8));
	raw_read(_metadata, self, 200, 8);
	EXPECT_EQ(-EILSEQ, vcheck(self, 200, 8, &bad));
	EXPECT_EQ(200u, bad);
	/* A read of the namespace API says so in its status, and where. */
	EXPECT_EQ(0, nvmet_verify_miscompares(self->ns, NULL));
	EXPECT_EQ(URE, api_read(_metadata, self, 196, 12));
	bad = 0;
	EXPECT_EQ(1, nvmet_verify_miscompares(self->ns, &bad));
	EXPECT_EQ(200u, bad);
	/* Once it is written, it matches. */
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write(self->ns, self->qp, self->out, 0, 200, 8, st_count_cb, &d));
	vread(_metadata, self, 200, 8);
	EXPECT_EQ(0, vcheck(self, 200, 8, NULL));
	EXPECT_EQ(1, nvmet_verify_miscompares(self->ns, NULL));
}

/* Data the caller wrote without stamping it is checked too. */
TEST_F(verify, unstamped_data)
{
	struct st_done d = { 0 };
	uint8_t *p;

	emu_open(_metadata, self, "");
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, 8 * 512, NVMET_PATTERN_RANDOM, 100, 7));
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write(self->ns, self->qp, self->out, 0, 300, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_verify_written(self->ns, self->out, 0, 300, 8));
	vread(_metadata, self, 300, 8);
	EXPECT_EQ(0, vcheck(self, 300, 8, NULL));
	p = self->in->va;
	p[4 * 512 + 77] ^= 0x20;
	{
		uint64_t bad = 0;

		EXPECT_EQ(-EILSEQ, vcheck(self, 300, 8, &bad));
		EXPECT_EQ(304u, bad);
	}
}

TEST_F(verify, never_written_not_checked)
{
	uint64_t bad = 0;
	uint8_t *p;

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 512 + 10, 4);
	/* Garbage where nothing was written passes; the written LBAs in the middle are checked. */
	vread(_metadata, self, 512, 64);
	p = self->in->va;
	memset(p, 0xa5, 10 * 512);
	memset(p + 14 * 512, 0x3c, 50 * 512);
	EXPECT_EQ(0, vcheck(self, 512, 64, NULL));
	p[12 * 512 + 300] ^= 1;
	EXPECT_EQ(-EILSEQ, vcheck(self, 512, 64, &bad));
	EXPECT_EQ(512u + 12, bad);
	/* A whole never-touched leaf, and LBAs past the end, are not checked. */
	memset(p, 0x11, 64 * 512);
	EXPECT_EQ(0, vcheck(self, 4096, 64, NULL));
	EXPECT_EQ(0, vcheck(self, self->nlbas - 2, 64, NULL));
}

TEST_F(verify, zero_after_write_zeroes_and_deallocate)
{
	struct st_done d = { 0 };
	uint64_t bad = 0;
	bool dlfeat_zero;

	emu_open(_metadata, self, "");
	dlfeat_zero = (nvmet_id_ns_dlfeat(nvmet_ns_id_data(self->ns)) & 7) == 1;
	ASSERT_TRUE(dlfeat_zero);

	/* Write Zeroes through the namespace API: ZERO expected and checked. */
	vwrite(_metadata, self, 0, 32);
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write_zeroes(self->ns, self->qp, 8, 16, st_count_cb, &d));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
	vread(_metadata, self, 0, 32);
	EXPECT_EQ(0, vcheck(self, 0, 32, NULL));
	((uint8_t *)self->in->va)[20 * 512 + 511] = 1;
	EXPECT_EQ(-EILSEQ, vcheck(self, 0, 32, &bad));
	EXPECT_EQ(20u, bad);

	/* Dataset Management deallocate over two leaves. */
	vwrite(_metadata, self, 1000, 100);
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->out, 0, 1000, 100, 0));
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_dsm(self->ns, self->qp, self->out, 1, NVMET_DSM_AD, st_count_cb,
			      &d));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
	vread(_metadata, self, 990, 120);
	EXPECT_EQ(0, vcheck(self, 990, 120, NULL));
	/* Data written by hand where ZERO is expected is caught: raw commands are outside. */
	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, 1050, 1));
	EXPECT_EQ(0u, raw(_metadata, self, NVMET_CMD_WRITE, self->out, 1050, 1));
	EXPECT_EQ(URE, api_read(_metadata, self, 1000, 100));
	EXPECT_EQ(1, nvmet_verify_miscompares(self->ns, &bad));
	EXPECT_EQ(1050u, bad);
	/* Told, it is fine. */
	ASSERT_EQ(0, nvmet_verify_written(self->ns, self->out, 0, 1050, 1));
	vread(_metadata, self, 1000, 100);

	/* Zeros told by hand (a raw Write Zeroes). */
	EXPECT_EQ(0u, raw(_metadata, self, NVMET_CMD_WRITE_ZEROES, NULL, 40, 8));
	ASSERT_EQ(0, nvmet_verify_set(self->ns, 40, 8, NVMET_VERIFY_ZERO));
	vread(_metadata, self, 32, 24);

	/* UNKNOWN: nothing is checked there any more. */
	ASSERT_EQ(0, nvmet_verify_set(self->ns, 0, 2048, NVMET_VERIFY_UNKNOWN));
	memset(self->in->va, 0x77, 100 * 512);
	EXPECT_EQ(0, vcheck(self, 1000, 100, NULL));
	EXPECT_EQ(0, vcheck(self, 0, 100, NULL));
}

/* A verified worker over LBAs 0..1023: reads (@read_pct) and writes. Its error. */
static int worker(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self,
		  unsigned int read_pct, bool random, uint64_t *bad)
{
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;
	struct nvmet_ioworker *w;

	nvmet_ioworker_params_init(&p);
	p.verify = true;
	p.time_ms = 0;
	p.region_end = 1024;
	p.io_count = random ? 2000 : 1024 / 8;
	p.lba_random = random ? 100 : 0;
	p.read_percent = read_pct;
	p.qdepth = 8;
	EXPECT_EQ(0, nvmet_ioworker_start(self->ns, &p, &w));
	EXPECT_EQ(0, nvmet_ioworker_close(w, &r));
	*bad = r.verify_lba;
	nvmet_ioworker_result_free(&r);
	return r.error;
}

/*
 * Every write of the namespace API keeps the table current: a verified
 * worker after them (or a read of the API) sees what they wrote.
 */
TEST_F(verify, namespace_api_keeps_the_table)
{
	struct st_done d = { 0 };
	uint64_t bad = 0;

	emu_open(_metadata, self, "");
	ASSERT_EQ(0, worker(_metadata, self, 0, false, &bad));
	/* A plain write of the caller's own data. */
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, 8 * 512, NVMET_PATTERN_RANDOM, 100, 3));
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write(self->ns, self->qp, self->out, 0, 100, 8, st_count_cb, &d));
	EXPECT_EQ(0, worker(_metadata, self, 100, false, &bad)) TH_LOG("LBA %llu",
		(unsigned long long)bad);
	/* Write Zeroes, deallocate. */
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write_zeroes(self->ns, self->qp, 200, 16, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->out, 0, 300, 64, 0));
	ASSERT_EQ(0, nvmet_buf_set_dsm_range(self->out, 1, 500, 3, 0));
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_dsm(self->ns, self->qp, self->out, 2, NVMET_DSM_AD, st_count_cb, &d));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
	/* Fused compare and write: the write half, when the compare passes. */
	raw_read(_metadata, self, 400, 8);
	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, 400, 8));
	ASSERT_EQ(0, nvmet_ns_compare_write(self->ns, self->qp, self->in, 0, self->out, 0, 400, 8,
					    st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 2, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("status %#x", d.last.status);
	/* ... and not when it fails: the LBAs keep their data. */
	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, 408, 8));
	ASSERT_EQ(0, nvmet_ns_compare_write(self->ns, self->qp, self->out, 0, self->out, 0, 408,
					    8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 2, NULL));
	ASSERT_FALSE(nvmet_cqe_ok(&d.last));
	EXPECT_EQ(0, worker(_metadata, self, 100, false, &bad)) TH_LOG("LBA %llu",
		(unsigned long long)bad);
	/* Write Uncorrectable: not checked any more (reading it fails anyway). */
	st_wait1(_metadata, self->qp, &d,
		 nvmet_ns_write_uncor(self->ns, self->qp, 2000, 4, st_count_cb, &d));
	memset(self->in->va, 0x3c, 4 * 512);
	EXPECT_EQ(0, vcheck(self, 2000, 4, NULL));
	/* Workers and the API together, and a read of the API over all of it. */
	EXPECT_EQ(0, worker(_metadata, self, 50, true, &bad)) TH_LOG("LBA %llu",
		(unsigned long long)bad);
	EXPECT_EQ(0u, api_read(_metadata, self, 0, 256));
	EXPECT_EQ(0, nvmet_verify_miscompares(self->ns, NULL));
}

TEST_F(verify, format_resets)
{
	struct nvmet_cqe cqe;
	uint64_t before, bad = 0;
	struct nvmet_sqe sqe;

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 0, 64);
	vwrite(_metadata, self, 100000, 64);
	before = nvmet_verify_table_bytes(self->ns);
	ASSERT_EQ(0, nvmet_ns_format(self->ns, 0, 0, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_GT(before, nvmet_verify_table_bytes(self->ns));
	/* DLFEAT says zeros: after the format, zeros are expected and garbage is not. */
	vread(_metadata, self, 0, 64);
	EXPECT_EQ(0, vcheck(self, 0, 64, NULL));
	memset(self->in->va, 0x42, 64 * 512);
	EXPECT_EQ(-EILSEQ, vcheck(self, 0, 64, &bad));
	EXPECT_EQ(0u, bad);
	/* To 4096-byte LBAs: the table follows the new geometry. */
	ASSERT_EQ(0, nvmet_ns_format(self->ns, 1, 0, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_EQ(4096u, nvmet_ns_lba_size(self->ns));
	self->lbs = 4096;
	vwrite(_metadata, self, 10, 20);
	vread(_metadata, self, 0, 40);
	EXPECT_EQ(0, vcheck(self, 0, 40, NULL));
	/* A Format NVM sent raw: expectations become UNKNOWN. */
	nvmet_cmd_format_nvm(&sqe, 1, 1, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	memset(self->in->va, 0x42, 40 * 4096);
	EXPECT_EQ(0, vcheck(self, 0, 40, NULL));
}

TEST_F(verify, sanitize_resets)
{
	struct nvmet_cqe cqe;
	struct nvmet_sqe sqe;

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 0, 64);
	vread(_metadata, self, 0, 64);
	memset((uint8_t *)self->in->va + 512, 0x42, 512);
	ASSERT_EQ(-EILSEQ, vcheck(self, 0, 64, NULL));
	/* Exit Failure Mode leaves the media and the expectations alone. */
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_EXIT_FAILURE, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	ASSERT_EQ(-EILSEQ, vcheck(self, 0, 64, NULL));
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_BLOCK_ERASE, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(0, vcheck(self, 0, 64, NULL));
}

/* Off drops the table; on again starts empty; arguments are checked. */
TEST_F(verify, enable_and_arguments)
{
	uint64_t bad = 0;

	emu_open(_metadata, self, "");
	vwrite(_metadata, self, 0, 8);
	EXPECT_EQ(-EINVAL, nvmet_verify_fill(self->ns, self->out, BUF_BYTES - 512, 0, 2));
	EXPECT_EQ(-EINVAL, nvmet_verify_written(self->ns, self->out, BUF_BYTES + 1, 0, 1));
	EXPECT_EQ(-EINVAL, nvmet_verify_check(self->ns, self->in, 0, 0, BUF_BYTES / 512 + 1,
					      &bad));
	EXPECT_EQ(-EINVAL, nvmet_verify_set(self->ns, 0, 1, 7));
	EXPECT_EQ(-ERANGE, nvmet_verify_set(self->ns, self->nlbas, 1, NVMET_VERIFY_ZERO));
	EXPECT_EQ(-ERANGE, nvmet_verify_set(self->ns, 1, self->nlbas, NVMET_VERIFY_ZERO));
	EXPECT_EQ(-ERANGE, nvmet_verify_written(self->ns, self->out, 0, self->nlbas - 1, 2));
	EXPECT_EQ(0, nvmet_verify_set(self->ns, 0, self->nlbas, NVMET_VERIFY_UNKNOWN));
	EXPECT_EQ(-EINVAL, nvmet_ns_verify_enable(NULL, true));

	ASSERT_EQ(0, nvmet_ns_verify_enable(self->ns, false));
	EXPECT_FALSE(nvmet_ns_verify_enabled(self->ns));
	EXPECT_EQ(0u, nvmet_verify_table_bytes(self->ns));
	/* Off: nothing recorded, nothing checked; fill still stamps. */
	EXPECT_EQ(0, nvmet_verify_fill(self->ns, self->out, 0, 0, 8));
	EXPECT_EQ(0, nvmet_verify_written(self->ns, self->out, 0, 0, 8));
	memset(self->in->va, 0x99, 4096);
	EXPECT_EQ(0, vcheck(self, 0, 8, NULL));
	ASSERT_EQ(0, nvmet_ns_verify_enable(self->ns, true));
	ASSERT_EQ(0, nvmet_ns_verify_enable(self->ns, true));
	EXPECT_EQ(0, vcheck(self, 0, 8, NULL));
	EXPECT_GT(4096u, nvmet_verify_table_bytes(self->ns));
}

/* A byte the corrupt_read plug-in flips in a read is caught at its LBA. */
TEST_F(verify, plugin_corruption_caught)
{
	char path[256], args[400];
	uint64_t bad = 0;

	if (st_plugin_path("corrupt_read", path, sizeof(path)))
		SKIP(return, "no corrupt_read plug-in built");
	snprintf(args, sizeof(args), "plugin=%s:lba=77;offset=300", path);
	emu_open(_metadata, self, args);
	vwrite(_metadata, self, 64, 32);
	EXPECT_EQ(URE, api_read(_metadata, self, 64, 32));
	EXPECT_EQ(1, nvmet_verify_miscompares(self->ns, &bad));
	EXPECT_EQ(77u, bad);
	raw_read(_metadata, self, 64, 32);
	EXPECT_EQ(-EILSEQ, vcheck(self, 64, 32, &bad));
	EXPECT_EQ(77u, bad);
	vread(_metadata, self, 78, 18);
	EXPECT_EQ(0, vcheck(self, 78, 18, NULL));
}

#define CLUSTERS	100
#define CLUSTER_LBAS	10
#define LEAF_BYTES	(NVMET_VERIFY_LEAF_LBAS * 2u)

/*
 * 1000 LBAs over a 16 TiB namespace cost their leaves and a little index
 * (without a write cache: no durability to keep).
 */
TEST_F(verify, sparse_16t)
{
	uint64_t leaves[2 * CLUSTERS], slba[CLUSTERS], base, bytes, zeroed;
	unsigned int nleaves = 0, c, i;

	emu_open(_metadata, self, "size=16T,vwc=0");
	ASSERT_EQ(1ull << 35, self->nlbas);
	base = nvmet_verify_table_bytes(self->ns);
	EXPECT_GT(4096u, base);
	srand(5);
	for (c = 0; c < CLUSTERS; c++) {
		uint64_t r = ((uint64_t)rand() << 31 | (uint64_t)rand()) % (self->nlbas / CLUSTERS);
		uint64_t l;

		slba[c] = c * (self->nlbas / CLUSTERS) + r;
		if (slba[c] + CLUSTER_LBAS > self->nlbas)
			slba[c] = self->nlbas - CLUSTER_LBAS;
		vwrite(_metadata, self, slba[c], CLUSTER_LBAS);
		for (l = slba[c] / NVMET_VERIFY_LEAF_LBAS;
		     l <= (slba[c] + CLUSTER_LBAS - 1) / NVMET_VERIFY_LEAF_LBAS; l++) {
			for (i = 0; i < nleaves && leaves[i] != l; i++)
				;
			if (i == nleaves)
				leaves[nleaves++] = l;
		}
	}
	bytes = nvmet_verify_table_bytes(self->ns);
	/* The leaves, and no more index than leaf bytes (7 levels of 128-byte nodes). */
	EXPECT_LE(base + nleaves * LEAF_BYTES, bytes);
	EXPECT_GE(base + 2ull * nleaves * LEAF_BYTES, bytes);
	TH_LOG("%u leaves: %llu bytes (leaves %u, index %llu)", nleaves,
	       (unsigned long long)bytes, nleaves * LEAF_BYTES,
	       (unsigned long long)(bytes - base - nleaves * LEAF_BYTES));
	for (c = 0; c < CLUSTERS; c++) {
		vread(_metadata, self, slba[c] - 5 < slba[c] ? slba[c] - 5 : 0, CLUSTER_LBAS + 10);
		EXPECT_EQ(0, vcheck(self, slba[c] - 5, CLUSTER_LBAS + 10, NULL)) TH_LOG("%u", c);
	}

	/* The media zeroed (a format), the whole namespace set ZERO: the table shrinks. */
	{
		struct nvmet_cqe cqe;

		ASSERT_EQ(0, nvmet_ns_format(self->ns, 0, 0, &cqe));
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	}
	/* (A format keeps the table it replaced, empty here, until the next one.) */
	base = nvmet_verify_table_bytes(self->ns);
	EXPECT_GT(4096u, base);
	ASSERT_EQ(0, nvmet_verify_set(self->ns, 0, self->nlbas, NVMET_VERIFY_UNKNOWN));
	vwrite(_metadata, self, slba[3], CLUSTER_LBAS);
	ASSERT_EQ(0, nvmet_verify_set(self->ns, 0, self->nlbas, NVMET_VERIFY_ZERO));
	zeroed = nvmet_verify_table_bytes(self->ns);
	EXPECT_GT(base + 2048, zeroed) TH_LOG("%llu", (unsigned long long)zeroed);
	for (c = 0; c < CLUSTERS; c++) {
		if (c == 3)
			continue;	/* written after the format: not zero */
		vread(_metadata, self, slba[c], CLUSTER_LBAS);
		EXPECT_EQ(0, vcheck(self, slba[c], CLUSTER_LBAS, NULL)) TH_LOG("%u", c);
	}
	vread(_metadata, self, self->nlbas - 64, 64);
	EXPECT_EQ(0, vcheck(self, self->nlbas - 64, 64, NULL));
	EXPECT_EQ(zeroed, nvmet_verify_table_bytes(self->ns));
	/* ... and zero is what it checks. */
	memset(self->in->va, 0xee, 64 * 512);
	EXPECT_EQ(-EILSEQ, vcheck(self, self->nlbas - 64, 64, NULL));

	/* A write into the zeroed namespace makes one leaf and its path, the rest stays ZERO. */
	vwrite(_metadata, self, 1ull << 34, 4);
	bytes = nvmet_verify_table_bytes(self->ns);
	EXPECT_LE(zeroed + LEAF_BYTES, bytes);
	EXPECT_GE(zeroed + 2 * LEAF_BYTES, bytes);
	vread(_metadata, self, (1ull << 34) - 100, 200);
	EXPECT_EQ(0, vcheck(self, (1ull << 34) - 100, 200, NULL));
	memset((uint8_t *)self->in->va + 101 * 512, 0, 512);
	EXPECT_EQ(-EILSEQ, vcheck(self, (1ull << 34) - 100, 200, NULL));
	memset((uint8_t *)self->in->va + 101 * 512, 1, 1);
	((uint8_t *)self->in->va)[120 * 512 + 9] = 1;
	EXPECT_EQ(-EILSEQ, vcheck(self, (1ull << 34) - 100, 200, NULL));

	/* All UNKNOWN: every subtree goes. */
	ASSERT_EQ(0, nvmet_verify_set(self->ns, 0, self->nlbas, NVMET_VERIFY_UNKNOWN));
	EXPECT_EQ(base, nvmet_verify_table_bytes(self->ns));
}

/* ---- two threads on one table ------------------------------------------------- */

#define T_CHUNK		24	/* LBAs: chunks do not line up with leaves */
#define T_CHUNKS	256	/* per thread */
#define T_ROUNDS	40

struct tjob {
	struct nvmet_ns *ns;
	struct nvmet_buf *buf;	/* T_CHUNKS chunks of this thread */
	unsigned int which;	/* 0 or 1: even or odd chunks */
	uint32_t lbs;
	int errors;
	uint16_t state[T_CHUNKS];	/* 2: data in buf, 1: ZERO, 0: UNKNOWN */
};

static void *tjob_run(void *arg)
{
	struct tjob *j = arg;
	unsigned int r, c;
	size_t csz = (size_t)T_CHUNK * j->lbs;

	for (r = 0; r < T_ROUNDS; r++) {
		for (c = 0; c < T_CHUNKS; c++) {
			uint64_t slba = (uint64_t)(2 * c + j->which) * T_CHUNK;
			size_t off = c * csz;
			unsigned int what = (r * 7 + c * 3 + j->which) % 5;
			uint64_t bad;

			if (what == 0) {
				j->errors += !!nvmet_verify_set(j->ns, slba, T_CHUNK,
								NVMET_VERIFY_ZERO);
				j->state[c] = 1;
			} else if (what == 1) {
				j->errors += !!nvmet_verify_set(j->ns, slba, T_CHUNK,
								NVMET_VERIFY_UNKNOWN);
				j->state[c] = 0;
			} else {
				j->errors += !!nvmet_verify_fill(j->ns, j->buf, off, slba, T_CHUNK);
				j->errors += !!nvmet_verify_written(j->ns, j->buf, off, slba,
								    T_CHUNK);
				j->state[c] = 2;
			}
			if (j->state[c] == 2)
				j->errors += !!nvmet_verify_check(j->ns, j->buf, off, slba, T_CHUNK,
								  &bad);
		}
	}
	return NULL;
}

TEST_F(verify, two_threads)
{
	struct tjob job[2];
	pthread_t th[2];
	unsigned int t, c;
	struct nvmet_buf *zero;

	emu_open(_metadata, self, "");
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, (size_t)T_CHUNK * 512, "zero", &zero));
	for (t = 0; t < 2; t++) {
		job[t] = (struct tjob){ .ns = self->ns, .which = t, .lbs = self->lbs };
		ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, (size_t)T_CHUNKS * T_CHUNK * 512,
						  "job", &job[t].buf));
	}
	for (t = 0; t < 2; t++)
		ASSERT_EQ(0, pthread_create(&th[t], NULL, tjob_run, &job[t]));
	for (t = 0; t < 2; t++)
		pthread_join(th[t], NULL);
	for (t = 0; t < 2; t++) {
		EXPECT_EQ(0, job[t].errors);
		for (c = 0; c < T_CHUNKS; c++) {
			uint64_t slba = (uint64_t)(2 * c + t) * T_CHUNK, bad;
			size_t off = (size_t)c * T_CHUNK * 512;

			if (job[t].state[c] == 2) {
				EXPECT_EQ(0, nvmet_verify_check(self->ns, job[t].buf, off, slba,
								T_CHUNK, &bad))
					TH_LOG("%u %u", t, c);
			} else if (job[t].state[c] == 1) {
				EXPECT_EQ(0, nvmet_verify_check(self->ns, zero, 0, slba, T_CHUNK,
								&bad));
				/* ZERO: stamped data there is wrong. */
				EXPECT_EQ(-EILSEQ, nvmet_verify_check(self->ns, job[t].buf, off,
								      slba, T_CHUNK, &bad));
			} else {
				memset((uint8_t *)job[t].buf->va + off, 0x5c, T_CHUNK * 512);
				EXPECT_EQ(0, nvmet_verify_check(self->ns, job[t].buf, off, slba,
								T_CHUNK, &bad));
			}
		}
		nvmet_buf_free(job[t].buf);
	}
	nvmet_buf_free(zero);
}

/* ---- timing ----------------------------------------------------------------- */

enum { T_FILL, T_WRITTEN, T_CHECK, T_MEMSET, T_KINDS };

/*
 * ns per 4 KiB of fill, record (written), check and, for scale, memset, at
 * the namespace's LBA size: the fastest of many batches, so that other
 * work on the machine counts as little as it can.
 */
static void time_4k(struct __test_metadata *_metadata, FIXTURE_DATA(verify) *self)
{
	uint32_t nlb = 4096 / self->lbs;
	double best[T_KINDS], t0, t;
	unsigned int b, i, k, batch = 256;
	uint64_t bad;
	int ret = 0;

	for (k = 0; k < T_KINDS; k++)
		best[k] = 1e12;
	/* 32 chunks of 4 KiB, chunk c for LBAs c * nlb.. */
	for (b = 0; b < 400; b++) {
		for (k = 0; k < T_KINDS; k++) {
			t0 = (double)st_now_ns();
			for (i = 0; i < batch; i++) {
				size_t off = (i & 31) * 4096;
				uint64_t slba = (i & 31) * nlb;

				if (k == T_FILL)
					ret |= nvmet_verify_fill(self->ns, self->out, off, slba,
								 nlb);
				else if (k == T_WRITTEN)
					ret |= nvmet_verify_written(self->ns, self->out, off, slba,
								    nlb);
				else if (k == T_CHECK)
					ret |= nvmet_verify_check(self->ns, self->out, off, slba,
								  nlb, &bad);
				else
					memset((uint8_t *)self->in->va + off, (int)i, 4096);
			}
			__asm__ volatile("" : : "r"(self->in->va) : "memory");
			t = ((double)st_now_ns() - t0) / batch;
			if (t < best[k])
				best[k] = t;
		}
	}
	EXPECT_EQ(0, ret);
	/* A figure to read, not to assert: speed is a benchmark's to judge. */
	TH_LOG("%u-byte LBAs, ns per 4 KiB: fill %.0f, written %.0f, check %.0f (memset %.0f)",
	       self->lbs, best[T_FILL], best[T_WRITTEN], best[T_CHECK], best[T_MEMSET]);
}

TEST_F(verify, time_fill_check_512)
{
	emu_open(_metadata, self, "");
	time_4k(_metadata, self);
}

TEST_F(verify, time_fill_check_4096)
{
	emu_open(_metadata, self, "lba=4096");
	time_4k(_metadata, self);
}

TEST_HARNESS_MAIN
