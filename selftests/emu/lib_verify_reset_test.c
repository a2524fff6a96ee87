// SPDX-License-Identifier: GPL-2.0
/*
 * lib_verify_reset_test.c - inline verification across resets and power
 * loss (nvmet/verify.h), on the emulated controller:
 * - a verified random read/write/flush worker ended by a controller reset,
 *   a power cycle (with a volatile write cache and without), an FLR, a hot
 *   reset, an NVM subsystem reset, an abrupt or a normal shutdown (each
 *   followed by a reset), then a verified pass over every LBA it could
 *   touch, many times over: never a miscompare;
 * - the writes a power cycle loses with the cache really are lost by the
 *   emulator, and the old data is accepted; without the cache nothing is
 *   lost; after a flush, a FUA write or a normal shutdown nothing is, and
 *   the old data is then a miscompare;
 * - data that is neither old nor new after a power cycle (a byte a tap
 *   changes, data older than the last flush) is caught at its LBA;
 * - commands of the namespace API cut off by a reset leave old-or-new.
 * Needs no device: each test opens its own "emu:" controller.
 */
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "nvmetest_harness.h"

#define REGION		2048u	/* LBAs the workers stay in: four table leaves */
#define PASS_NLB	16u	/* LBAs per read of the verifying pass */
#define REPS		200u	/* reset and power cycle cut-offs per test (issue 8) */
#define REPS_MORE	50u	/* FLR, hot reset, NSSR and shutdown cut-offs per test */

FIXTURE(vr) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *io;		/* commands built by hand: REGION LBAs */
	uint8_t *old;			/* the region as it was (host memory: a power */
	uint8_t *now;			/* cycle renews the buffers' memory), as it is */
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;
	uint32_t lbs;
};

FIXTURE_SETUP(vr)
{
}

FIXTURE_TEARDOWN(vr)
{
	nvmet_ioworker_result_free(&self->r);
	free(self->now);
	free(self->old);
	nvmet_buf_free(self->io);
	nvmet_qpair_delete(self->qp);
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
}

static void vr_open(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self, const char *opts)
{
	char addr[128];
	int ret;

	snprintf(addr, sizeof(addr), "emu:%s", opts);
	ret = nvmet_ctrl_open(addr, NULL, &self->ctrl);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s (%s)", addr, strerror(-ret), nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &self->ns));
	self->lbs = nvmet_ns_lba_size(self->ns);
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &self->qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, (size_t)REGION * self->lbs, "io",
					  &self->io));
	self->old = malloc((size_t)REGION * self->lbs);
	self->now = malloc((size_t)REGION * self->lbs);
	ASSERT_TRUE(self->old && self->now);
	ASSERT_EQ(0, nvmet_ns_verify_enable(self->ns, true));
}

/* A verified worker with self->p; its result in self->r. */
static void run(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self)
{
	struct nvmet_ioworker *w;
	int ret;

	nvmet_ioworker_result_free(&self->r);
	self->p.verify = true;
	ret = nvmet_ioworker_start(self->ns, &self->p, &w);
	ASSERT_EQ(0, ret) TH_LOG("start: %s", strerror(-ret));
	ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
}

/* Sequential I/O over the region, one opcode: every LBA once. */
static void pass(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self, unsigned int read_pct)
{
	nvmet_ioworker_params_init(&self->p);
	self->p.time_ms = 0;
	self->p.region_end = REGION;
	self->p.io_size = PASS_NLB;
	self->p.io_count = REGION / PASS_NLB;
	self->p.qdepth = 16;
	self->p.read_percent = read_pct;
	run(_metadata, self);
}

/* Every LBA of the region read and checked: no miscompare. */
static void verified_pass(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
			  unsigned int rep)
{
	pass(_metadata, self, 100);
	ASSERT_EQ(0, self->r.error) TH_LOG("repetition %u: error %d at LBA %llu", rep,
		self->r.error, (unsigned long long)self->r.verify_lba);
	ASSERT_EQ(REGION / PASS_NLB, self->r.reads);
}

/* Random reads, writes of 1..16 LBAs at any LBA, and flushes over the region. */
static void mixed_params(FIXTURE_DATA(vr) *self, uint64_t seed)
{
	nvmet_ioworker_params_init(&self->p);
	self->p.verify = true;
	self->p.time_ms = 60000;
	self->p.region_end = REGION;
	self->p.lba_random = 100;
	self->p.io_size_min = 1;
	self->p.io_size_max = 16;
	self->p.lba_align = 1;
	self->p.qdepth = 16;
	self->p.seed = seed;
	self->p.nr_ops = 3;
	self->p.ops[0] = (struct nvmet_iow_op){ NVMET_CMD_READ, 45 };
	self->p.ops[1] = (struct nvmet_iow_op){ NVMET_CMD_WRITE, 45 };
	self->p.ops[2] = (struct nvmet_iow_op){ NVMET_CMD_FLUSH, 10 };
}

/* The mixed worker, running, once it has completed @ios I/Os. */
static struct nvmet_ioworker *running(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
				      uint64_t seed, uint64_t ios)
{
	struct nvmet_ioworker_progress pr = { 0 };
	struct nvmet_ioworker *w = NULL;
	int i;

	mixed_params(self, seed);
	EXPECT_EQ(0, nvmet_ioworker_start(self->ns, &self->p, &w));
	for (i = 0; w && i < 20000 && pr.ios < ios && !pr.done; i++) {
		sched_yield();
		nvmet_ioworker_progress(w, &pr);
	}
	EXPECT_FALSE(pr.done);
	return w;
}

enum cut {
	CUT_RESET, CUT_POWER, CUT_FLR, CUT_HOT_RESET, CUT_NSSR, CUT_SHUTDOWN_ABRUPT,
	CUT_SHUTDOWN_NORMAL,
};

/* The worker's commands cut off by @how; the controller back at work after it. */
static int cut(FIXTURE_DATA(vr) *self, enum cut how)
{
	int ret;

	switch (how) {
	case CUT_RESET:
		return nvmet_ctrl_reset(self->ctrl);
	case CUT_POWER:
		return nvmet_subsystem_power_cycle(self->ctrl, NULL, 0);
	case CUT_FLR:
		return nvmet_pcie_reset(self->ctrl, NVMET_PCIE_FLR);
	case CUT_HOT_RESET:
		return nvmet_pcie_reset(self->ctrl, NVMET_PCIE_HOT_RESET);
	case CUT_NSSR:
		return nvmet_ctrl_nssr(self->ctrl);
	case CUT_SHUTDOWN_ABRUPT:
	case CUT_SHUTDOWN_NORMAL:
		/* A shut down controller needs a reset to work again. */
		ret = nvmet_ctrl_shutdown(self->ctrl, how == CUT_SHUTDOWN_ABRUPT);
		return ret ? ret : nvmet_ctrl_reset(self->ctrl);
	}
	return -EINVAL;
}

/*
 * @reps times: the mixed worker cut off by @how after a varying number of
 * I/Os, then every LBA read and checked.
 */
static void cut_and_check(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
			  const char *opts, enum cut how, unsigned int reps)
{
	unsigned int rep;
	int ret;

	vr_open(_metadata, self, opts);
	/* Every LBA known and durable to start with. */
	pass(_metadata, self, 0);
	ASSERT_EQ(0, self->r.error);
	for (rep = 0; rep < reps; rep++) {
		struct nvmet_ioworker *w = running(_metadata, self, rep + 1, 20 + rep % 10 * 15);

		ASSERT_NE(NULL, w);
		ret = cut(self, how);
		ASSERT_EQ(0, ret) TH_LOG("repetition %u: %s (%s)", rep, strerror(-ret),
					 nvmet_last_error());
		nvmet_ioworker_result_free(&self->r);
		ASSERT_EQ(0, nvmet_ioworker_close(w, &self->r));
		ASSERT_EQ(NVMET_IOW_ERR_ABORTED, self->r.error)
			TH_LOG("repetition %u: error %d at LBA %llu", rep, self->r.error,
			       (unsigned long long)self->r.verify_lba);
		verified_pass(_metadata, self, rep);
	}
}

TEST_F_TIMEOUT(vr, reset_then_verify, 120)
{
	cut_and_check(_metadata, self, "", CUT_RESET, REPS);
}

TEST_F_TIMEOUT(vr, power_cycle_then_verify_with_cache, 120)
{
	cut_and_check(_metadata, self, "vwc=1", CUT_POWER, REPS);
}

TEST_F_TIMEOUT(vr, power_cycle_then_verify_without_cache, 120)
{
	cut_and_check(_metadata, self, "vwc=0", CUT_POWER, REPS);
}

TEST_F_TIMEOUT(vr, flr_then_verify, 120)
{
	cut_and_check(_metadata, self, "", CUT_FLR, REPS_MORE);
}

TEST_F_TIMEOUT(vr, hot_reset_then_verify, 120)
{
	cut_and_check(_metadata, self, "", CUT_HOT_RESET, REPS_MORE);
}

TEST_F_TIMEOUT(vr, nssr_then_verify, 120)
{
	cut_and_check(_metadata, self, "", CUT_NSSR, REPS_MORE);
}

TEST_F_TIMEOUT(vr, abrupt_shutdown_then_verify, 120)
{
	cut_and_check(_metadata, self, "vwc=1", CUT_SHUTDOWN_ABRUPT, REPS_MORE);
}

TEST_F_TIMEOUT(vr, normal_shutdown_then_verify, 120)
{
	cut_and_check(_metadata, self, "vwc=1", CUT_SHUTDOWN_NORMAL, REPS_MORE);
}

/* ---- what the media holds ------------------------------------------------ */

/* The region read by hand (outside verification) into @to. */
static void raw_region(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self, uint8_t *to)
{
	uint32_t chunk = 128, lba;

	for (lba = 0; lba < REGION; lba += chunk) {
		struct st_done d = { 0 };
		struct nvmet_sqe sqe;

		nvmet_cmd_read(&sqe, 1, lba, chunk, NULL);
		ASSERT_EQ(0, nvmet_ns_cmd(self->ns, self->qp, &sqe, self->io,
					  (size_t)lba * self->lbs, (size_t)chunk * self->lbs,
					  st_count_cb, &d));
		ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
		ASSERT_TRUE(nvmet_cqe_ok(&d.last));
	}
	memcpy(to, self->io->va, (size_t)REGION * self->lbs);
}

/* LBA @lba's data in @from written back by hand: the media holds it again. */
static void raw_put(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
		    const uint8_t *from, uint64_t lba)
{
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;

	memcpy(self->io->va, from + lba * self->lbs, self->lbs);
	nvmet_cmd_write(&sqe, 1, lba, 1, NULL);
	ASSERT_EQ(0, nvmet_ns_cmd(self->ns, self->qp, &sqe, self->io, 0, self->lbs, st_count_cb,
				  &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
}

static int same_lba(FIXTURE_DATA(vr) *self, const uint8_t *a, const uint8_t *b, uint64_t lba)
{
	return !memcmp(a + lba * self->lbs, b + lba * self->lbs, self->lbs);
}

/* How many LBAs of the region differ between @a and @b. */
static unsigned int lbas_differing(FIXTURE_DATA(vr) *self, const uint8_t *a, const uint8_t *b)
{
	unsigned int n = 0, lba;

	for (lba = 0; lba < REGION; lba++)
		n += !same_lba(self, a, b, lba);
	return n;
}

static void flush(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self)
{
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_ns_flush(self->ns, self->qp, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
}

/* Random verified writes over the region (no flush), to completion. */
static void random_writes(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
			  unsigned int count)
{
	mixed_params(self, 77);
	self->p.time_ms = 0;
	self->p.io_count = count;
	self->p.nr_ops = 0;
	self->p.read_percent = 0;
	self->p.last_cmds = count;
	run(_metadata, self);
	ASSERT_EQ(0, self->r.error);
	ASSERT_EQ(count, self->r.writes);
}

/* The region written and flushed (into "old"), then rewritten at random: */
static void written_twice(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self,
			  const char *opts)
{
	vr_open(_metadata, self, opts);
	pass(_metadata, self, 0);
	ASSERT_EQ(0, self->r.error);
	flush(_metadata, self);
	raw_region(_metadata, self, self->old);
	random_writes(_metadata, self, 400);
	raw_region(_metadata, self, self->now);
	ASSERT_LT(500u, lbas_differing(self, self->old, self->now));
}

TEST_F(vr, cache_loses_unflushed_writes_old_data_accepted)
{
	written_twice(_metadata, self, "vwc=1");
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	/* The emulator lost every write since the flush: the media is as it was. */
	raw_region(_metadata, self, self->now);
	EXPECT_EQ(0u, lbas_differing(self, self->old, self->now));
	/* ... and that is no miscompare, now or on the next pass (settled). */
	verified_pass(_metadata, self, 0);
	verified_pass(_metadata, self, 1);
}

/* An LBA the random writes changed (its old and new data differ), from @from on. */
static uint64_t rewritten(FIXTURE_DATA(vr) *self, uint64_t from)
{
	uint64_t lba;

	for (lba = from; lba < REGION && same_lba(self, self->old, self->now, lba); lba++)
		;
	return lba;
}

TEST_F(vr, no_cache_loses_nothing)
{
	uint8_t *after = malloc((size_t)REGION * 4096);
	uint64_t lba;

	ASSERT_NE(NULL, after);
	written_twice(_metadata, self, "vwc=0");
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	raw_region(_metadata, self, after);
	EXPECT_EQ(0u, lbas_differing(self, self->now, after));
	free(after);
	verified_pass(_metadata, self, 0);
	/* Completed writes were the only values: the data before them is stale. */
	lba = rewritten(self, 100);
	ASSERT_NE(REGION, lba);
	raw_put(_metadata, self, self->old, lba);
	pass(_metadata, self, 100);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(lba, self->r.verify_lba);
}

/* A tap that inverts byte @offset of LBA @lba in every read bringing it. */
struct flip {
	uint64_t lba;
	uint32_t offset;
	uint32_t lbs;
};

static int flip_byte(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	const struct flip *f = arg;
	uint64_t slba = ev->sqe->rw.slba;
	uint32_t nlb = ev->sqe->rw.nlb + 1u;
	size_t len = (size_t)nlb * f->lbs, off;
	uint8_t b;

	if (ev->sqe->opc != NVMET_CMD_READ || f->lba < slba || f->lba - slba >= nlb)
		return NVMET_EMU_CONTINUE;
	off = (size_t)(f->lba - slba) * f->lbs + f->offset;
	if (nvmet_emu_data_read(emu, ev->sqe, len, off, &b, 1) == 1) {
		b ^= 0xff;
		nvmet_emu_data_write(emu, ev->sqe, len, off, &b, 1);
	}
	return NVMET_EMU_CONTINUE;
}

/* A verified pass with byte @offset of LBA @lba changed on its way: caught there. */
static void caught_at(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self, uint64_t lba,
		      uint32_t offset)
{
	struct nvmet_emu *emu = nvmet_ctrl_emu(self->ctrl);
	struct flip f = { .lba = lba, .offset = offset, .lbs = self->lbs };

	ASSERT_EQ(0, nvmet_emu_attach(emu, "nvme:io:writeback", flip_byte, &f));
	pass(_metadata, self, 100);
	ASSERT_EQ(0, nvmet_emu_detach(emu, "nvme:io:writeback", flip_byte, &f));
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error) TH_LOG("LBA %llu byte %u",
		(unsigned long long)lba, offset);
	EXPECT_EQ(lba, self->r.verify_lba);
}

/* How often the random writes wrote LBA @lba. */
static unsigned int times_written(FIXTURE_DATA(vr) *self, uint64_t lba)
{
	unsigned int i, n = 0;

	for (i = 0; i < self->r.nr_last; i++) {
		const struct nvmet_cmdlog_rec *c = &self->r.last[i];
		uint64_t s = c->sqe.rw.slba;

		n += lba >= s && lba <= s + c->sqe.rw.nlb;
	}
	return n;
}

TEST_F(vr, changed_byte_after_power_cycle_caught)
{
	uint64_t lba, once = REGION, twice = REGION, never = REGION;

	written_twice(_metadata, self, "vwc=1");
	/* An LBA written once since the flush, one written more often, one not at all. */
	for (lba = 0; lba < REGION; lba++) {
		unsigned int n = times_written(self, lba);

		if (n == 1 && once == REGION)
			once = lba;
		if (n >= 2 && twice == REGION)
			twice = lba;
		if (!n && never == REGION)
			never = lba;
	}
	ASSERT_NE(REGION, once);
	ASSERT_NE(REGION, twice);
	ASSERT_NE(REGION, never);
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	/* Old or new may be there; a byte changed in either is not. */
	caught_at(_metadata, self, once, 100);
	caught_at(_metadata, self, twice, self->lbs - 1);
	caught_at(_metadata, self, never, 8);
	verified_pass(_metadata, self, 0);
	/* Settled on the old data now: the new is stale. */
	raw_put(_metadata, self, self->now, twice);
	pass(_metadata, self, 100);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(twice, self->r.verify_lba);
}

TEST_F(vr, data_older_than_the_flush_caught)
{
	uint64_t lba;

	written_twice(_metadata, self, "vwc=1");
	/* Keep this version ("now"), write everything once more and flush, then rewrite some. */
	pass(_metadata, self, 0);
	flush(_metadata, self);
	random_writes(_metadata, self, 400);
	/* An LBA the last writes rewrote twice: their data is accepted, and the flushed. */
	for (lba = 0; lba < REGION && times_written(self, lba) < 2; lba++)
		;
	ASSERT_NE(REGION, lba);
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	/* The version before the flushed one is not (put there before a read settles it). */
	raw_put(_metadata, self, self->now, lba);
	pass(_metadata, self, 100);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(lba, self->r.verify_lba);
}

/*
 * Made durable, a power cycle loses nothing, and the old data (put back
 * before a read could settle anything) is a miscompare.
 */
static void durable_then_power_cycle(struct __test_metadata *_metadata, FIXTURE_DATA(vr) *self)
{
	uint8_t *after = malloc((size_t)REGION * self->lbs);
	uint64_t lba = rewritten(self, 1000);

	ASSERT_NE(NULL, after);
	ASSERT_NE(REGION, lba);
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	raw_region(_metadata, self, after);
	EXPECT_EQ(0u, lbas_differing(self, self->now, after));
	free(after);
	raw_put(_metadata, self, self->old, lba);
	pass(_metadata, self, 100);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(lba, self->r.verify_lba);
}

TEST_F(vr, flush_makes_writes_durable)
{
	written_twice(_metadata, self, "vwc=1");
	flush(_metadata, self);
	durable_then_power_cycle(_metadata, self);
}

TEST_F(vr, normal_shutdown_makes_writes_durable)
{
	written_twice(_metadata, self, "vwc=1");
	ASSERT_EQ(0, nvmet_ctrl_shutdown(self->ctrl, false));
	durable_then_power_cycle(_metadata, self);
}

TEST_F(vr, fua_write_is_durable)
{
	struct nvmet_io_opts fua = { .fua = true };
	struct st_done d = { 0 };
	uint8_t data[4096];

	written_twice(_metadata, self, "vwc=1");
	ASSERT_FALSE(same_lba(self, self->old, self->now, 33));
	ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->io, 0, 33, 1));
	memcpy(data, self->io->va, self->lbs);
	ASSERT_EQ(0, nvmet_ns_write_opts(self->ns, self->qp, self->io, 0, 33, 1, &fua,
					 st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last));
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	/* LBA 33 kept its FUA data; anything else (the old data) is wrong there. */
	raw_region(_metadata, self, self->now);
	EXPECT_EQ(0, memcmp(self->now + 33 * self->lbs, data, self->lbs));
	raw_put(_metadata, self, self->old, 33);
	pass(_metadata, self, 100);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, self->r.error);
	EXPECT_EQ(33u, self->r.verify_lba);
}

static int count_done(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)ev;
	atomic_fetch_add((atomic_uint *)arg, 1);
	return NVMET_EMU_CONTINUE;
}

/*
 * Commands of the namespace API that the controller completed but the
 * host never reaped when a reset came: ended as cut off, old-or-new.
 */
TEST_F(vr, namespace_api_writes_cut_by_a_reset)
{
	struct nvmet_emu *emu;
	static atomic_uint done;
	struct st_done d = { 0 };
	unsigned int i;

	vr_open(_metadata, self, "");
	pass(_metadata, self, 0);
	ASSERT_EQ(0, self->r.error);
	emu = nvmet_ctrl_emu(self->ctrl);
	ASSERT_EQ(0, nvmet_emu_attach(emu, "nvme:io:writeback", count_done, &done));
	for (i = 0; i < 16; i++) {
		ASSERT_EQ(0, nvmet_verify_fill(self->ns, self->io, (size_t)i * 16 * self->lbs,
					       i * 64, 16));
		ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp, self->io,
					    (size_t)i * 16 * self->lbs, i * 64, 16, st_count_cb,
					    &d));
	}
	ASSERT_EQ(0, nvmet_ns_write_zeroes(self->ns, self->qp, 1500, 40, st_count_cb, &d));
	for (i = 0; i < 5000 && atomic_load(&done) < 17; i++)
		st_sleep_ms(1);
	ASSERT_EQ(17u, atomic_load(&done));
	ASSERT_EQ(0, nvmet_emu_detach(emu, "nvme:io:writeback", count_done, &done));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(17, d.count);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&d.last));
	verified_pass(_metadata, self, 0);
	verified_pass(_metadata, self, 1);
}

TEST_HARNESS_MAIN
