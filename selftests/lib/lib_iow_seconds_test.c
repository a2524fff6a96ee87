// SPDX-License-Identifier: GPL-2.0
/*
 * lib_iow_seconds_test.c - the per-second series of <nvmet/ioworker.h>
 * (struct nvmet_iow_seconds), with no device: each completion in its
 * second, growth past what a timed run allocated, an entry per whole
 * second of the run in the result with what came after the last one
 * counted in it, at least one entry, and a series that is never ended
 * freed.
 */
#include <stdlib.h>

#include <nvmet/ioworker.h>

#include "nvmetest_harness.h"

#define SEC	1000000000ull

FIXTURE(secs) {
	struct nvmet_iow_seconds s;
	struct nvmet_ioworker_result r;
};

FIXTURE_SETUP(secs)
{
	memset(&self->r, 0, sizeof(self->r));
	ASSERT_EQ(0, nvmet_iow_seconds_init(&self->s, 3000));
}

FIXTURE_TEARDOWN(secs)
{
	nvmet_iow_seconds_free(&self->s);
	nvmet_ioworker_result_free(&self->r);
}

/* A timed run gets its seconds and the drain's allocated: nothing grows in it. */
TEST_F(secs, timed_run_is_allocated_ahead)
{
	EXPECT_EQ(5u, self->s.cap);
	EXPECT_EQ(0u, self->s.nr);
	EXPECT_EQ(0u, self->s.count[0]);
	EXPECT_EQ(0u, self->s.count[4]);
}

TEST_F(secs, each_completion_counts_in_its_second)
{
	nvmet_iow_seconds_add(&self->s, 0);
	nvmet_iow_seconds_add(&self->s, SEC - 1);
	nvmet_iow_seconds_add(&self->s, SEC);
	nvmet_iow_seconds_add(&self->s, 2 * SEC + 5);
	EXPECT_EQ(2u, self->s.count[0]);
	EXPECT_EQ(1u, self->s.count[1]);
	EXPECT_EQ(1u, self->s.count[2]);
	EXPECT_EQ(3u, self->s.nr);
	nvmet_iow_seconds_end(&self->s, 3000, &self->r);
	ASSERT_EQ(3u, self->r.nr_seconds);
	EXPECT_EQ(2u, self->r.per_second[0]);
	EXPECT_EQ(1u, self->r.per_second[1]);
	EXPECT_EQ(1u, self->r.per_second[2]);
	/* The series moved into the result. */
	EXPECT_EQ(NULL, self->s.count);
}

/* A run longer than planned grows the series, zero-filled, by as much as it needs. */
TEST_F(secs, grows_past_the_allocation)
{
	unsigned int i;

	nvmet_iow_seconds_add(&self->s, 100 * SEC);
	EXPECT_LE(101u, self->s.cap);
	EXPECT_EQ(101u, self->s.nr);
	EXPECT_EQ(1u, self->s.count[100]);
	for (i = 0; i < 100; i++)
		EXPECT_EQ(0u, self->s.count[i]) TH_LOG("second %u", i);
	nvmet_iow_seconds_add(&self->s, 101 * SEC);
	EXPECT_EQ(1u, self->s.count[101]);
}

/* A completion stamped absurdly late (a clock gone wrong) is dropped: the
 * series neither wraps its size nor frees itself (found by a review: 2^32+5
 * seconds shrank it to 6 entries and zeroed memory past them). */
TEST_F(secs, absurd_second_is_not_counted)
{
	unsigned int cap = self->s.cap;

	nvmet_iow_seconds_add(&self->s, ((1ull << 32) + 5) * SEC);
	nvmet_iow_seconds_add(&self->s, (uint64_t)UINT32_MAX * SEC);
	nvmet_iow_seconds_add(&self->s, UINT64_MAX);
	EXPECT_EQ(cap, self->s.cap);
	EXPECT_EQ(0u, self->s.nr);
	ASSERT_NE(NULL, self->s.count);
	nvmet_iow_seconds_add(&self->s, SEC);
	EXPECT_EQ(1u, self->s.count[1]);
	EXPECT_EQ(2u, self->s.nr);
}

/* A run that outlasts its allocation keeps its last, empty seconds (a
 * device that stopped answering shows as zeroes, not as a shorter run). */
TEST_F(secs, empty_seconds_past_the_allocation_are_entries)
{
	unsigned int i;

	nvmet_iow_seconds_add(&self->s, SEC);
	nvmet_iow_seconds_end(&self->s, 10000, &self->r);
	ASSERT_EQ(10u, self->r.nr_seconds);
	EXPECT_EQ(1u, self->r.per_second[1]);
	for (i = 2; i < 10; i++)
		EXPECT_EQ(0u, self->r.per_second[i]) TH_LOG("second %u", i);
}

/* The drain after the last whole second counts in the last entry. */
TEST_F(secs, what_came_after_the_last_whole_second_counts_in_it)
{
	nvmet_iow_seconds_add(&self->s, SEC / 2);
	nvmet_iow_seconds_add(&self->s, 3 * SEC + 1);
	nvmet_iow_seconds_add(&self->s, 4 * SEC + 1);
	nvmet_iow_seconds_end(&self->s, 3000, &self->r);
	ASSERT_EQ(3u, self->r.nr_seconds);
	EXPECT_EQ(1u, self->r.per_second[0]);
	EXPECT_EQ(0u, self->r.per_second[1]);
	EXPECT_EQ(2u, self->r.per_second[2]);
}

/* A run shorter than a second, or with nothing done, has one entry. */
TEST_F(secs, at_least_one_entry)
{
	nvmet_iow_seconds_end(&self->s, 10, &self->r);
	ASSERT_EQ(1u, self->r.nr_seconds);
	EXPECT_EQ(0u, self->r.per_second[0]);
}

/* A run without a time gets a long series ahead, and the whole seconds it ran. */
TEST_F(secs, untimed_run)
{
	nvmet_iow_seconds_free(&self->s);
	ASSERT_EQ(0, nvmet_iow_seconds_init(&self->s, 0));
	EXPECT_LE(1000u, self->s.cap);
	nvmet_iow_seconds_add(&self->s, 1500000000ull);
	nvmet_iow_seconds_end(&self->s, 7200, &self->r);
	ASSERT_EQ(7u, self->r.nr_seconds);
	EXPECT_EQ(1u, self->r.per_second[1]);
}

TEST_HARNESS_MAIN
