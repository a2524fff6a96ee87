// SPDX-License-Identifier: GPL-2.0
/*
 * ioworker_test.c - I/O workers on the emulated controller: each
 * parameter's effect measured on what the worker sent (its last completed
 * commands), the stop conditions, the throttle, the 100-region
 * distribution, replay, the result's statistics, CPU pinning, errors
 * (MDTS, command errors, timeouts, controller failure, miscompares), and
 * resets, power cycles and closes while workers run. Needs no device.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nvmetest_harness.h"

#define MANY		20000u	/* I/Os of the distribution tests */

FIXTURE(iow) {
	struct nvmet_ctrl *ctrl[2];
	struct nvmet_ns *ns[2];
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;
};

static void iow_open(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self, int i,
		     const char *addr)
{
	int ret = nvmet_ctrl_open(addr, NULL, &self->ctrl[i]);

	ASSERT_EQ(0, ret) TH_LOG("%s: %s (%s)", addr, strerror(-ret), nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl[i], 1, &self->ns[i]));
}

FIXTURE_SETUP(iow)
{
	iow_open(_metadata, self, 0, "emu:");
	nvmet_ioworker_params_init(&self->p);
	self->p.time_ms = 0;
	self->p.qdepth = 8;
}

FIXTURE_TEARDOWN(iow)
{
	int i;

	nvmet_ioworker_result_free(&self->r);
	for (i = 0; i < 2; i++)
		nvmet_ns_close(self->ns[i]);
	for (i = 0; i < 2; i++)
		nvmet_ctrl_close(self->ctrl[i]);
}

/* Start a worker with self->p on namespace @ns, wait for it, keep the result. */
static void iow_run_ns(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self,
		       struct nvmet_ns *ns)
{
	struct nvmet_ioworker *w;
	int ret;

	nvmet_ioworker_result_free(&self->r);
	ret = nvmet_ioworker_start(ns, &self->p, &w);
	ASSERT_EQ(0, ret) TH_LOG("start: %s", strerror(-ret));
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
}

static void iow_run(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self)
{
	iow_run_ns(_metadata, self, self->ns[0]);
}

static uint64_t rec_slba(const struct nvmet_cmdlog_rec *rec)
{
	return rec->sqe.rw.slba;
}

static uint32_t rec_nlb(const struct nvmet_cmdlog_rec *rec)
{
	return rec->sqe.rw.nlb + 1u;
}

/* |@n - @expect| <= @tol. */
static int near(uint64_t n, double expect, double tol)
{
	return (double)n >= expect - tol && (double)n <= expect + tol;
}

static int start_err(FIXTURE_DATA(iow) *self)
{
	struct nvmet_ioworker *w = NULL;
	int ret = nvmet_ioworker_start(self->ns[0], &self->p, &w);

	if (!ret)
		nvmet_ioworker_close(w, NULL);
	return ret;
}

TEST_F(iow, impossible_parameters)
{
	struct nvmet_ioworker_params good;
	uint64_t cap = nvmet_ns_capacity(self->ns[0]);

	self->p.io_count = 10;
	good = self->p;
	ASSERT_EQ(0, start_err(self));

	self->p.io_count = 0;
	EXPECT_EQ(-EINVAL, start_err(self));	/* no stop condition */
	self->p = good;
	self->p.qdepth = 0;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p.qdepth = 16;
	self->p.qopts.depth = 16;
	EXPECT_EQ(-EINVAL, start_err(self));	/* the SQ holds depth - 1 */
	self->p.qdepth = 15;
	EXPECT_EQ(0, start_err(self));
	self->p = good;
	self->p.qdepth = 1024;			/* MQES + 1 is 1024 */
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p.qdepth = 1023;
	EXPECT_EQ(0, start_err(self));
	self->p = good;
	self->p.read_percent = 101;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.nr_ops = 2;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_READ, 50 };
	self->p.ops[1] = (struct nvmet_iow_op){ NVMET_CMD_WRITE, 40 };
	EXPECT_EQ(-EINVAL, start_err(self));	/* 90 percent */
	self->p.ops[1].percent = 60;
	EXPECT_EQ(-EINVAL, start_err(self));	/* 110 */
	self->p.ops[1].percent = 50;
	EXPECT_EQ(0, start_err(self));
	self->p = good;
	self->p.region_end = cap + 1;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p.region_start = 100;
	self->p.region_end = 100;
	EXPECT_EQ(-EINVAL, start_err(self));	/* empty */
	self->p.region_end = 104;
	EXPECT_EQ(-EINVAL, start_err(self));	/* 8 LBAs do not fit in 4 */
	self->p.region_end = 108;
	EXPECT_EQ(0, start_err(self));
	self->p.lba_start = 50;
	EXPECT_EQ(-EINVAL, start_err(self));	/* outside the region */
	self->p = good;
	self->p.io_size = 0;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p.io_size_min = 9;
	self->p.io_size_max = 8;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.nr_sizes = 2;
	self->p.sizes[0] = (struct nvmet_iow_size){ 8, 0 };
	self->p.sizes[1] = (struct nvmet_iow_size){ 16, 0 };
	EXPECT_EQ(-EINVAL, start_err(self));	/* no weight */
	self->p.sizes[1].nlb = 0;
	self->p.sizes[1].weight = 1;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.lba_random = 101;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p.lba_random = 100;
	self->p.use_distribution = true;
	EXPECT_EQ(-EINVAL, start_err(self));	/* all weights zero */
	self->p = good;
	self->p.qprio = 4;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.nr_percentiles = 1;
	self->p.percentiles[0] = 0;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.verify = true;
	self->p.nr_ops = 1;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_COMPARE, 100 };
	EXPECT_EQ(-EINVAL, start_err(self));	/* stamped data cannot be compared */
	self->p = good;
	self->p.cpu = CPU_SETSIZE;
	EXPECT_EQ(-EINVAL, start_err(self));
	self->p = good;
	self->p.nr_replay = 1;
	EXPECT_EQ(-EINVAL, start_err(self));	/* no sequence */
}

TEST_F(iow, io_size_over_mdts)
{
	uint32_t mdts = nvmet_ctrl_mdts(self->ctrl[0]);
	uint32_t lbs = nvmet_ns_lba_size(self->ns[0]);

	ASSERT_NE(0u, mdts);
	self->p.io_count = 10;
	self->p.io_size = mdts / lbs;
	EXPECT_EQ(0, start_err(self));
	self->p.io_size++;
	EXPECT_EQ(-E2BIG, start_err(self));
	self->p.io_size = 8;
	self->p.nr_sizes = 2;
	self->p.sizes[0] = (struct nvmet_iow_size){ 8, 1 };
	self->p.sizes[1] = (struct nvmet_iow_size){ mdts / lbs + 8, 1 };
	EXPECT_EQ(-E2BIG, start_err(self));
	/* No data, no limit: deallocate has none. */
	self->p.nr_ops = 1;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_DSM, 100 };
	EXPECT_EQ(0, start_err(self));
}

TEST_F(iow, io_count_is_exact)
{
	self->p.io_count = 1234;
	self->p.qdepth = 32;
	self->p.lba_random = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	EXPECT_EQ(1234u, self->r.reads);
	EXPECT_EQ(1234u, self->r.io_count_read);
	EXPECT_EQ(0u, self->r.io_count_nonread);
	EXPECT_EQ(1234ull * 8 * nvmet_ns_lba_size(self->ns[0]), self->r.bytes_read);
}

TEST_F(iow, time_ms_is_honoured)
{
	self->p.time_ms = 500;
	self->p.lba_random = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	EXPECT_GE(self->r.mseconds, 500u);
	EXPECT_LT(self->r.mseconds, 1500u);
	EXPECT_GT(self->r.reads, 100u);
}

TEST_F(iow, stop_ends_it_early)
{
	struct nvmet_ioworker_progress pr;
	struct nvmet_ioworker *w;

	self->p.time_ms = 20000;
	ASSERT_EQ(0, nvmet_ioworker_start(self->ns[0], &self->p, &w));
	st_sleep_ms(200);
	ASSERT_EQ(0, nvmet_ioworker_progress(w, &pr));
	EXPECT_FALSE(pr.done);
	EXPECT_GT(pr.ios, 0u);
	EXPECT_GE(pr.elapsed_ms, 150u);
	nvmet_ioworker_stop(w);
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
	EXPECT_EQ(0, self->r.error);
	EXPECT_LT(self->r.mseconds, 5000u);
	EXPECT_GE(self->r.reads, pr.ios);
}

TEST_F(iow, fixed_range_and_weighted_sizes)
{
	static const uint32_t nlb[3] = { 1, 8, 64 }, weight[3] = { 1, 3, 6 };
	uint64_t seen[65] = { 0 }, i;

	self->p.io_count = MANY;
	self->p.last_cmds = MANY;
	self->p.lba_random = 100;
	self->p.io_size = 24;
	iow_run(_metadata, self);
	ASSERT_EQ(MANY, self->r.nr_last);
	for (i = 0; i < MANY; i++)
		ASSERT_EQ(24u, rec_nlb(&self->r.last[i]));

	/* Uniform over [4, 19]: each of the 16 sizes about MANY / 16 times. */
	self->p.io_size_min = 4;
	self->p.io_size_max = 19;
	iow_run(_metadata, self);
	for (i = 0; i < MANY; i++) {
		uint32_t n = rec_nlb(&self->r.last[i]);

		ASSERT_TRUE(n >= 4 && n <= 19) TH_LOG("size %u", n);
		seen[n]++;
	}
	for (i = 4; i <= 19; i++)
		EXPECT_TRUE(near(seen[i], MANY / 16.0, MANY / 16.0 * 0.15)) TH_LOG("size %lu: %lu",
			(unsigned long)i, (unsigned long)seen[i]);

	/* Weighted 1:3:6. */
	memset(seen, 0, sizeof(seen));
	self->p.io_size_max = 0;
	self->p.nr_sizes = 3;
	for (i = 0; i < 3; i++)
		self->p.sizes[i] = (struct nvmet_iow_size){ nlb[i], weight[i] };
	iow_run(_metadata, self);
	for (i = 0; i < MANY; i++) {
		uint32_t n = rec_nlb(&self->r.last[i]);

		ASSERT_TRUE(n == 1 || n == 8 || n == 64) TH_LOG("size %u", n);
		seen[n]++;
		/* Aligned to the list's first size: 1, anything goes. */
	}
	for (i = 0; i < 3; i++)
		EXPECT_TRUE(near(seen[nlb[i]], MANY * weight[i] / 10.0, MANY * 0.02))
			TH_LOG("size %u: %lu", nlb[i], (unsigned long)seen[nlb[i]]);
}

TEST_F(iow, read_percent)
{
	self->p.io_count = MANY;
	self->p.read_percent = 30;
	self->p.lba_random = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	EXPECT_EQ(MANY, self->r.reads + self->r.writes);
	EXPECT_TRUE(near(self->r.reads, MANY * 0.3, MANY * 0.02)) TH_LOG("%lu reads",
		(unsigned long)self->r.reads);
	EXPECT_EQ(self->r.writes * 8 * nvmet_ns_lba_size(self->ns[0]), self->r.bytes_written);
}

TEST_F(iow, opcode_mix)
{
	self->p.io_count = MANY;
	self->p.lba_random = 100;
	self->p.nr_ops = 6;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_READ, 40 };
	self->p.ops[1] = (struct nvmet_iow_op){ NVMET_CMD_WRITE, 20 };
	self->p.ops[2] = (struct nvmet_iow_op){ NVMET_CMD_DSM, 10 };
	self->p.ops[3] = (struct nvmet_iow_op){ NVMET_CMD_WRITE_ZEROES, 10 };
	self->p.ops[4] = (struct nvmet_iow_op){ NVMET_CMD_FLUSH, 10 };
	self->p.ops[5] = (struct nvmet_iow_op){ NVMET_CMD_VERIFY, 10 };
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error) TH_LOG("status %#x opc %#x",
		self->r.first_error_cqe.status >> 1, self->r.first_error_sqe.opc);
	EXPECT_TRUE(near(self->r.reads, MANY * 0.4, MANY * 0.02));
	EXPECT_TRUE(near(self->r.writes, MANY * 0.2, MANY * 0.02));
	EXPECT_TRUE(near(self->r.trims, MANY * 0.1, MANY * 0.02));
	EXPECT_TRUE(near(self->r.write_zeroes, MANY * 0.1, MANY * 0.02));
	EXPECT_TRUE(near(self->r.flushes, MANY * 0.1, MANY * 0.02));
	EXPECT_TRUE(near(self->r.others, MANY * 0.1, MANY * 0.02));
	EXPECT_EQ(MANY, self->r.reads + self->r.writes + self->r.trims + self->r.write_zeroes +
		  self->r.flushes + self->r.others);
	EXPECT_EQ(MANY - self->r.reads, self->r.io_count_nonread);
}

TEST_F(iow, vendor_opcode_sent_as_is)
{
	self->p.io_count = 10;
	self->p.nr_ops = 1;
	self->p.ops[0] = (struct nvmet_iow_op){ 0xc0, 100 };
	self->p.lba_start = 4096;
	iow_run(_metadata, self);
	/* The emulated controller knows no vendor opcode: the first one fails. */
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, self->r.error);
	EXPECT_EQ(0xc0, self->r.first_error_sqe.opc);
	EXPECT_EQ(1u, self->r.first_error_sqe.nsid);
	EXPECT_EQ(4096u, self->r.first_error_sqe.rw.slba);
	EXPECT_EQ(7u, self->r.first_error_sqe.rw.nlb);
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE),
		  NVMET_CQE_STATUS(self->r.first_error_cqe.status));
	/* Failed commands are counted apart: none did I/O. */
	EXPECT_EQ(0u, self->r.others);
	EXPECT_EQ(0u, self->r.io_count_nonread);
	EXPECT_GE(self->r.errors, 1u);
	EXPECT_LE(self->r.errors, 8u);	/* those in flight when the first failed */
}

/* Sequential: LBA i is start + i * step, wrapping at the region's ends. */
static void check_seq(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self,
		      uint64_t rs, uint64_t re, uint64_t start, int64_t step, uint32_t nlb)
{
	int64_t want = (int64_t)start;
	unsigned int i;

	ASSERT_EQ(self->p.io_count, self->r.nr_last);
	for (i = 0; i < self->r.nr_last; i++) {
		if (want < (int64_t)rs || want + nlb > (int64_t)re)
			want = step < 0 ? (int64_t)(re - nlb) : (int64_t)rs;
		ASSERT_EQ((uint64_t)want, rec_slba(&self->r.last[i])) TH_LOG("I/O %u", i);
		ASSERT_EQ(nlb, rec_nlb(&self->r.last[i]));
		want += step;
	}
}

TEST_F(iow, sequential_steps_and_wraps)
{
	self->p.qdepth = 1;
	self->p.io_count = 100;
	self->p.last_cmds = 100;
	iow_run(_metadata, self);
	check_seq(_metadata, self, 0, nvmet_ns_capacity(self->ns[0]), 0, 8, 8);

	self->p.region_start = 1000;
	self->p.region_end = 1100;
	self->p.lba_start = 1000;
	iow_run(_metadata, self);
	check_seq(_metadata, self, 1000, 1100, 1000, 8, 8);

	self->p.lba_step = 3;
	self->p.lba_start = 1050;
	iow_run(_metadata, self);
	check_seq(_metadata, self, 1000, 1100, 1050, 3, 8);

	self->p.lba_step = -8;
	iow_run(_metadata, self);
	check_seq(_metadata, self, 1000, 1100, 1050, -8, 8);
	EXPECT_EQ(1092u, rec_slba(&self->r.last[7]));	/* 1050 .. 1002, then the end */
}

TEST_F(iow, random_lbas_aligned_and_in_region)
{
	uint64_t lo = UINT64_MAX, hi = 0, i;

	self->p.io_count = MANY;
	self->p.last_cmds = MANY;
	self->p.lba_random = 100;
	self->p.region_start = 5003;
	self->p.region_end = 6000;
	self->p.io_size_min = 1;
	self->p.io_size_max = 32;
	self->p.lba_align = 4;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	for (i = 0; i < MANY; i++) {
		uint64_t s = rec_slba(&self->r.last[i]);
		uint32_t n = rec_nlb(&self->r.last[i]);

		ASSERT_EQ(0u, s % 4) TH_LOG("LBA %lu", (unsigned long)s);
		ASSERT_TRUE(s >= 5003 && s + n <= 6000) TH_LOG("%lu+%u", (unsigned long)s, n);
		lo = s < lo ? s : lo;
		hi = s + n > hi ? s + n : hi;
	}
	EXPECT_EQ(5004u, lo);
	EXPECT_GT(hi, 5990u);

	/* The default alignment is the I/O size. */
	self->p.io_size_max = 0;
	self->p.io_size = 16;
	self->p.lba_align = 0;
	iow_run(_metadata, self);
	for (i = 0; i < MANY; i++)
		ASSERT_EQ(0u, rec_slba(&self->r.last[i]) % 16);
}

TEST_F(iow, lba_random_percent)
{
	uint64_t seq = 0, i;

	/* Half random: the sequential half still steps by 8 from LBA 0. */
	self->p.qdepth = 1;
	self->p.io_count = 4000;
	self->p.last_cmds = 4000;
	self->p.lba_random = 50;
	iow_run(_metadata, self);
	for (i = 0; i < 4000; i++)
		if (rec_slba(&self->r.last[i]) == seq * 8)
			seq++;
	EXPECT_TRUE(near(seq, 2000, 150)) TH_LOG("%lu sequential", (unsigned long)seq);
}

TEST_F(iow, distribution_over_regions)
{
	uint64_t cap = nvmet_ns_capacity(self->ns[0]), in[3] = { 0 }, i;

	self->p.io_count = MANY;
	self->p.last_cmds = MANY;
	self->p.lba_random = 100;
	self->p.use_distribution = true;
	self->p.distribution[10] = 1;
	self->p.distribution[50] = 2;
	self->p.distribution[99] = 7;
	iow_run(_metadata, self);
	for (i = 0; i < MANY; i++) {
		uint64_t region = rec_slba(&self->r.last[i]) * 100 / cap;

		ASSERT_TRUE(region == 10 || region == 50 || region == 99)
			TH_LOG("region %lu", (unsigned long)region);
		in[region == 10 ? 0 : region == 50 ? 1 : 2]++;
	}
	EXPECT_TRUE(near(in[0], MANY * 0.1, MANY * 0.02));
	EXPECT_TRUE(near(in[1], MANY * 0.2, MANY * 0.02));
	EXPECT_TRUE(near(in[2], MANY * 0.7, MANY * 0.02));
}

TEST_F(iow, replay_reproduces_a_sequence)
{
	struct nvmet_iow_replay seq[300];
	struct nvmet_cmdlog_rec *first;
	unsigned int i, n;

	/* Record a random mix, then replay it. */
	self->p.qdepth = 1;
	self->p.io_count = 300;
	self->p.last_cmds = 300;
	self->p.lba_random = 100;
	self->p.read_percent = 50;
	self->p.io_size_min = 1;
	self->p.io_size_max = 64;
	iow_run(_metadata, self);
	ASSERT_EQ(300u, self->r.nr_last);
	for (i = 0; i < 300; i++) {
		seq[i].opc = self->r.last[i].sqe.opc;
		seq[i].slba = rec_slba(&self->r.last[i]);
		seq[i].nlb = rec_nlb(&self->r.last[i]);
		seq[i].delay_us = i == 150 ? 20000 : 0;
	}
	first = self->r.last;
	self->r.last = NULL;

	nvmet_ioworker_params_init(&self->p);
	self->p.time_ms = 0;
	self->p.qdepth = 4;
	self->p.replay = seq;
	self->p.nr_replay = 300;
	self->p.last_cmds = 300;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	n = self->r.nr_last;
	EXPECT_EQ(300u, n);
	EXPECT_EQ(300u, self->r.reads + self->r.writes);
	for (i = 0; i < n && i < 300; i++) {
		EXPECT_EQ(first[i].sqe.opc, self->r.last[i].sqe.opc);
		EXPECT_EQ(rec_slba(&first[i]), rec_slba(&self->r.last[i]));
		EXPECT_EQ(rec_nlb(&first[i]), rec_nlb(&self->r.last[i]));
	}
	/* The delay before I/O 150. */
	EXPECT_GE(self->r.last[150].submit_ns - self->r.last[149].submit_ns, 20000000u);
	free(first);
}

TEST_F(iow, iops_throttle)
{
	uint64_t sum = 0;
	unsigned int i;

	self->p.time_ms = 3000;
	self->p.iops = 1000;
	self->p.per_second = true;
	self->p.lba_random = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	/* Exactly the I/Os due in the 3 s; a second for each second. */
	EXPECT_EQ(3000u, self->r.reads);
	ASSERT_EQ(3u, self->r.nr_seconds);
	/*
	 * Never ahead of the rate: I/O k goes at k ms, so by the end of second
	 * i at most 1000 (i + 1) completed (a loaded machine only lags).
	 */
	for (i = 0; i < 3; i++) {
		sum += self->r.per_second[i];
		EXPECT_GE(1000u * (i + 1), sum) TH_LOG("second %u: %u", i, self->r.per_second[i]);
	}
	EXPECT_EQ(3000u, sum);
}

TEST_F(iow, statistics)
{
	uint64_t sum = 0;
	unsigned int i;

	self->p.time_ms = 2000;
	self->p.per_second = true;
	self->p.lba_random = 100;
	self->p.nr_percentiles = 5;
	self->p.percentiles[0] = 1;
	self->p.percentiles[1] = 50;
	self->p.percentiles[2] = 90;
	self->p.percentiles[3] = 99.9;
	self->p.percentiles[4] = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	/* A 2 s run has 2 seconds: those completing after them count in the last. */
	EXPECT_EQ(2u, self->r.nr_seconds);
	for (i = 0; i < self->r.nr_seconds; i++)
		sum += self->r.per_second[i];
	EXPECT_EQ(self->r.reads, sum);
	EXPECT_GT(self->r.lat_min_ns, 0u);
	EXPECT_LE(self->r.lat_min_ns, self->r.lat_avg_ns);
	EXPECT_LE(self->r.lat_avg_ns, self->r.lat_max_ns);
	EXPECT_GE(self->r.percentile_ns[0], self->r.lat_min_ns);
	for (i = 1; i < 5; i++)
		EXPECT_LE(self->r.percentile_ns[i - 1], self->r.percentile_ns[i]);
	EXPECT_EQ(self->r.lat_max_ns, self->r.percentile_ns[4]);
	EXPECT_GT(self->r.cpu_usage, 0);
	EXPECT_LE(self->r.cpu_usage, 101);
	EXPECT_GE(self->r.cpu, 0);
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

TEST_F(iow, percentiles_within_one_percent)
{
	static const double pct[] = { 1, 10, 50, 90, 99, 99.9 };
	uint64_t *lat, exact;
	unsigned int i;
	const unsigned int n = 20000;

	self->p.io_count = n;
	self->p.last_cmds = n;
	self->p.lba_random = 100;
	self->p.read_percent = 70;
	self->p.io_size_min = 1;
	self->p.io_size_max = 256;
	self->p.nr_percentiles = 6;
	memcpy(self->p.percentiles, pct, sizeof(pct));
	iow_run(_metadata, self);
	ASSERT_EQ(n, self->r.nr_last);
	lat = calloc(n, sizeof(*lat));
	ASSERT_NE(NULL, lat);
	for (i = 0; i < n; i++)
		lat[i] = self->r.last[i].complete_ns - self->r.last[i].submit_ns;
	qsort(lat, n, sizeof(*lat), cmp_u64);
	EXPECT_EQ(lat[0], self->r.lat_min_ns);
	EXPECT_EQ(lat[n - 1], self->r.lat_max_ns);
	for (i = 0; i < 6; i++) {
		/* The smallest latency with pct percent of them at or below it. */
		exact = lat[(unsigned int)(pct[i] / 100 * n + 0.999999) - 1];
		EXPECT_TRUE(near(self->r.percentile_ns[i], (double)exact, exact * 0.01))
			TH_LOG("p%g: %lu, exactly %lu", pct[i],
			       (unsigned long)self->r.percentile_ns[i], (unsigned long)exact);
	}
	free(lat);
}

TEST_F(iow, qdepth_is_reached_never_exceeded)
{
	uint64_t *ev, i;
	int depth = 0, most = 0;
	const uint64_t n = 5000;

	self->p.io_count = n;
	self->p.last_cmds = n;
	self->p.lba_random = 100;
	iow_run(_metadata, self);
	ASSERT_EQ(n, self->r.nr_last);
	/* Submissions (odd) and completions (even) in time order. */
	ev = calloc(2 * n, sizeof(*ev));
	ASSERT_NE(NULL, ev);
	for (i = 0; i < n; i++) {
		ev[2 * i] = self->r.last[i].submit_ns << 1 | 1;
		ev[2 * i + 1] = self->r.last[i].complete_ns << 1;
	}
	qsort(ev, 2 * n, sizeof(*ev), cmp_u64);
	for (i = 0; i < 2 * n; i++) {
		depth += ev[i] & 1 ? 1 : -1;
		most = depth > most ? depth : most;
	}
	free(ev);
	EXPECT_EQ(8, most);
}

TEST_F(iow, workers_get_their_own_cpus)
{
	struct nvmet_ioworker *w[3];
	struct nvmet_ioworker_result r[3];
	cpu_set_t set;
	int n, i, ret;

	ASSERT_EQ(0, sched_getaffinity(0, sizeof(set), &set));
	n = CPU_COUNT(&set);
	if (n > 2)
		SKIP(return, "%d CPUs: the test fills 2", n);
	self->p.time_ms = 5000;
	self->p.qdepth = 1;
	self->p.iops = 100;
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, nvmet_ioworker_start(self->ns[0], &self->p, &w[i]));
	ret = nvmet_ioworker_start(self->ns[0], &self->p, &w[n]);
	EXPECT_EQ(-EBUSY, ret);
	self->p.share_cpu = true;
	ASSERT_EQ(0, nvmet_ioworker_start(self->ns[0], &self->p, &w[n]));
	for (i = 0; i <= n; i++) {
		nvmet_ioworker_stop(w[i]);
		ASSERT_EQ(0, nvmet_ioworker_close(w[i], &r[i]));
		EXPECT_EQ(0, r[i].error);
		nvmet_ioworker_result_free(&r[i]);
	}
	if (n == 2)
		EXPECT_NE(r[0].cpu, r[1].cpu);
	/* All given back: the next one gets a CPU of its own again. */
	self->p.share_cpu = false;
	self->p.io_count = 10;
	self->p.time_ms = 0;
	self->p.iops = 0;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
}

/* Start a long worker, let it run a little. */
static struct nvmet_ioworker *running(struct __test_metadata *_metadata,
				      FIXTURE_DATA(iow) *self, struct nvmet_ns *ns)
{
	struct nvmet_ioworker_progress pr = { 0 };
	struct nvmet_ioworker *w = NULL;
	int i;

	self->p.time_ms = 30000;
	self->p.read_percent = 50;
	self->p.lba_random = 100;
	EXPECT_EQ(0, nvmet_ioworker_start(ns, &self->p, &w));
	for (i = 0; i < 200 && w && pr.ios < 100; i++) {
		st_sleep_ms(10);
		nvmet_ioworker_progress(w, &pr);
	}
	EXPECT_GE(pr.ios, 100u);
	return w;
}

/* The controller still works: a short worker runs clean. */
static void still_works(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self)
{
	nvmet_ioworker_params_init(&self->p);
	self->p.time_ms = 0;
	self->p.io_count = 1000;
	self->p.read_percent = 50;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	EXPECT_EQ(1000u, self->r.reads + self->r.writes);
}

TEST_F(iow, reset_ends_workers)
{
	struct nvmet_ioworker *w = running(_metadata, self, self->ns[0]);

	ASSERT_NE(NULL, w);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl[0]));
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
	EXPECT_EQ(NVMET_IOW_ERR_ABORTED, self->r.error);
	EXPECT_GT(self->r.reads, 0u);
	still_works(_metadata, self);
}

TEST_F(iow, power_cycle_ends_workers)
{
	struct nvmet_ioworker *w = running(_metadata, self, self->ns[0]);

	ASSERT_NE(NULL, w);
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl[0], NULL, 10));
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
	EXPECT_EQ(NVMET_IOW_ERR_ABORTED, self->r.error);
	still_works(_metadata, self);
}

TEST_F(iow, ctrl_close_ends_workers)
{
	struct nvmet_ioworker *w = running(_metadata, self, self->ns[0]);

	ASSERT_NE(NULL, w);
	nvmet_ns_close(self->ns[0]);
	nvmet_ctrl_close(self->ctrl[0]);
	self->ns[0] = NULL;
	self->ctrl[0] = NULL;
	/* The worker outlives its controller: its result is still there. */
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
	EXPECT_EQ(NVMET_IOW_ERR_ABORTED, self->r.error);
	EXPECT_GT(self->r.reads, 0u);
}

/* A CSTS read with CFS set once @arg is. */
static int fail_csts(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	if (ev->offset == NVMET_REG_CSTS && atomic_load((atomic_int *)arg))
		ev->value |= NVMET_CSTS_CFS;
	return NVMET_EMU_CONTINUE;
}

TEST_F(iow, controller_failure_ends_workers)
{
	struct nvmet_emu *emu = nvmet_ctrl_emu(self->ctrl[0]);
	static atomic_int failed;
	struct nvmet_ioworker *w;

	ASSERT_NE(NULL, emu);
	ASSERT_EQ(0, nvmet_emu_attach(emu, "nvme:regread:writeback", fail_csts, &failed));
	w = running(_metadata, self, self->ns[0]);
	ASSERT_NE(NULL, w);
	atomic_store(&failed, 1);
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
	EXPECT_EQ(NVMET_IOW_ERR_DEVICE, self->r.error);
	EXPECT_LT(self->r.mseconds, 10000u);
	atomic_store(&failed, 0);
	ASSERT_EQ(0, nvmet_emu_detach(emu, "nvme:regread:writeback", fail_csts, &failed));
}

/* Commands of @arg's LBA never complete. */
static int drop_lba(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	return ev->sqe->rw.slba == *(uint32_t *)arg ? NVMET_EMU_DROP : NVMET_EMU_CONTINUE;
}

TEST_F(iow, command_timeout)
{
	struct nvmet_emu *emu = nvmet_ctrl_emu(self->ctrl[0]);
	static uint32_t lba = 80;

	ASSERT_EQ(0, nvmet_emu_attach(emu, "nvme:io:decode", drop_lba, &lba));
	ASSERT_EQ(0, nvmet_ctrl_set_timeout(self->ctrl[0], 300));
	self->p.io_count = 100;
	iow_run(_metadata, self);
	EXPECT_EQ(NVMET_IOW_ERR_IO_TIMEOUT, self->r.error);
	EXPECT_EQ(80u, self->r.first_error_sqe.rw.slba);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&self->r.first_error_cqe));
	EXPECT_LT(self->r.mseconds, 3000u);
	/* The timed out one is an error, not a read done; its latency is not counted. */
	EXPECT_EQ(99u, self->r.reads);
	EXPECT_EQ(1u, self->r.errors);
	EXPECT_EQ(99ull * 8 * nvmet_ns_lba_size(self->ns[0]), self->r.bytes_read);
	EXPECT_GT(300000000u, self->r.lat_max_ns);
	EXPECT_LT(0u, self->r.qid);	/* where the timed out command was */
	nvmet_emu_detach(emu, "nvme:io:decode", drop_lba, &lba);
	/* The dropped command holds its CID until a reset. */
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl[0]));
	still_works(_metadata, self);
}

TEST_F(iow, command_error_keeps_the_first_cqe)
{
	/* Make LBAs 64..71 unreadable, then read across them. */
	self->p.io_count = 1;
	self->p.lba_start = 64;
	self->p.nr_ops = 1;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_WRITE_UNCOR, 100 };
	iow_run(_metadata, self);
	ASSERT_EQ(0, self->r.error);
	ASSERT_EQ(1u, self->r.others);

	nvmet_ioworker_params_init(&self->p);
	self->p.time_ms = 0;
	self->p.io_count = 100;
	self->p.qdepth = 4;
	iow_run(_metadata, self);
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, self->r.error);
	EXPECT_EQ(NVMET_CMD_READ, self->r.first_error_sqe.opc);
	EXPECT_EQ(64u, self->r.first_error_sqe.rw.slba);
	EXPECT_EQ(ST_SC(NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ),
		  NVMET_CQE_STATUS(self->r.first_error_cqe.status));
	/* It stopped there: what was in flight finished, nothing more was sent. */
	EXPECT_LE(self->r.reads, 8u + 4);
}

TEST_F(iow, compare_with_the_pattern)
{
	/* Fill LBAs 0..1023 with a dword pattern, then compare it back. */
	self->p.ptype = NVMET_PATTERN_DWORD;
	self->p.pvalue = 0x5aa5c33c;
	self->p.io_count = 128;
	self->p.read_percent = 0;
	iow_run(_metadata, self);
	ASSERT_EQ(0, self->r.error);
	ASSERT_EQ(128u, self->r.writes);

	self->p.nr_ops = 1;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_COMPARE, 100 };
	self->p.region_end = 1024;
	self->p.lba_random = 100;
	self->p.io_count = 1000;
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error);
	EXPECT_EQ(1000u, self->r.compares);

	/* Beyond what was written the data differs. */
	self->p.region_start = 1024;
	self->p.region_end = 2048;
	iow_run(_metadata, self);
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, self->r.error);
	EXPECT_EQ(ST_SC(NVMET_SCT_MEDIA, NVMET_SC_COMPARE_FAILED),
		  NVMET_CQE_STATUS(self->r.first_error_cqe.status));
}

TEST_F(iow, verified_mix_on_a_small_region)
{
	/* Overlapping writes, reads, trims and zeroes: the ordering keeps every check exact. */
	self->p.verify = true;
	self->p.io_count = MANY;
	self->p.qdepth = 16;
	self->p.lba_random = 100;
	self->p.region_end = 256;
	self->p.io_size_min = 1;
	self->p.io_size_max = 16;
	self->p.lba_align = 1;
	self->p.nr_ops = 4;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_WRITE, 40 };
	self->p.ops[1] = (struct nvmet_iow_op){ NVMET_CMD_READ, 40 };
	self->p.ops[2] = (struct nvmet_iow_op){ NVMET_CMD_DSM, 10 };
	self->p.ops[3] = (struct nvmet_iow_op){ NVMET_CMD_WRITE_ZEROES, 10 };
	iow_run(_metadata, self);
	EXPECT_EQ(0, self->r.error) TH_LOG("LBA %lu", (unsigned long)self->r.verify_lba);
	EXPECT_EQ(MANY, self->r.reads + self->r.writes + self->r.trims + self->r.write_zeroes);
	EXPECT_TRUE(nvmet_ns_verify_enabled(self->ns[0]));
}

TEST_F(iow, verify_catches_a_corrupted_read)
{
	char plugin[512], addr[600];

	if (st_plugin_path("corrupt_read", plugin, sizeof(plugin)))
		SKIP(return, "corrupt_read.so was not built");
	nvmet_ns_close(self->ns[0]);
	nvmet_ctrl_close(self->ctrl[0]);
	self->ns[0] = NULL;
	self->ctrl[0] = NULL;
	snprintf(addr, sizeof(addr), "emu:plugin=%s:lba=100;offset=20", plugin);
	iow_open(_metadata, self, 0, addr);

	self->p.verify = true;
	self->p.io_count = 32;		/* LBAs 0..255 written, stamped */
	self->p.read_percent = 0;
	iow_run(_metadata, self);
	ASSERT_EQ(0, self->r.error);
	self->p.read_percent = 100;
	self->p.io_count = 64;
	iow_run(_metadata, self);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(100u, self->r.verify_lba);
	EXPECT_EQ(NVMET_CMD_READ, self->r.first_error_sqe.opc);
	EXPECT_EQ(96u, self->r.first_error_sqe.rw.slba);
}

/* Two workers at once, one on each of @a and @b. */
static void two_at_once(struct __test_metadata *_metadata, FIXTURE_DATA(iow) *self,
			struct nvmet_ns *a, struct nvmet_ns *b)
{
	struct nvmet_ioworker *w[2];
	struct nvmet_ioworker_result r[2];
	int i;

	self->p.io_count = 20000;
	self->p.read_percent = 50;
	self->p.lba_random = 100;
	self->p.verify = true;
	self->p.share_cpu = true;
	ASSERT_EQ(0, nvmet_ioworker_start(a, &self->p, &w[0]));
	ASSERT_EQ(0, nvmet_ioworker_start(b, &self->p, &w[1]));
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, nvmet_ioworker_close(w[i], &r[i]));
		EXPECT_EQ(0, r[i].error);
		EXPECT_EQ(20000u, r[i].reads + r[i].writes);
		nvmet_ioworker_result_free(&r[i]);
	}
}

TEST_F(iow, two_namespaces)
{
	nvmet_ns_close(self->ns[0]);
	nvmet_ctrl_close(self->ctrl[0]);
	self->ns[0] = NULL;
	self->ctrl[0] = NULL;
	iow_open(_metadata, self, 0, "emu:ns=2");
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl[0], 2, &self->ns[1]));
	two_at_once(_metadata, self, self->ns[0], self->ns[1]);
}

TEST_F(iow, two_controllers)
{
	iow_open(_metadata, self, 1, "emu:lba=4096");
	two_at_once(_metadata, self, self->ns[0], self->ns[1]);
}

TEST_HARNESS_MAIN
