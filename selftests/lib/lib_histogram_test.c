// SPDX-License-Identifier: GPL-2.0
/*
 * lib_histogram_test.c - the latency histogram of <nvmet/histogram.h>, with
 * no device: empty, exact below 64, percentiles of a known spread within
 * the 0.8 percent a bucket's width allows, never beyond the exact extremes,
 * and the mean.
 */
#include <stdlib.h>

#include <nvmet/histogram.h>

#include "nvmetest_harness.h"

FIXTURE(hist) {
	struct nvmet_hist *h;
};

FIXTURE_SETUP(hist)
{
	self->h = malloc(sizeof(*self->h));
	ASSERT_NE(NULL, self->h);
	nvmet_hist_init(self->h);
}

FIXTURE_TEARDOWN(hist)
{
	free(self->h);
}

TEST_F(hist, empty)
{
	EXPECT_EQ(0u, self->h->count);
	EXPECT_EQ(0u, nvmet_hist_percentile(self->h, 50));
	EXPECT_EQ(0u, nvmet_hist_mean(self->h));
}

/* Values below NVMET_HIST_SUB have a bucket each: percentiles are exact. */
TEST_F(hist, small_values_are_exact)
{
	uint64_t v;

	for (v = 1; v <= 50; v++)
		nvmet_hist_add(self->h, v);
	EXPECT_EQ(25u, nvmet_hist_percentile(self->h, 50));
	EXPECT_EQ(45u, nvmet_hist_percentile(self->h, 90));
	EXPECT_EQ(1u, self->h->min);
	EXPECT_EQ(50u, nvmet_hist_percentile(self->h, 100));
	EXPECT_EQ(25u, nvmet_hist_mean(self->h));	/* 1275 / 50, rounded down */
}

/* 1 us to 10 ms in 1 us steps: each percentile within 0.8 percent. */
TEST_F(hist, percentiles_within_a_bucket)
{
	static const double pcts[] = { 1, 10, 50, 90, 99, 99.9 };
	const uint64_t n = 10000;
	uint64_t i;
	size_t k;

	for (i = 1; i <= n; i++)
		nvmet_hist_add(self->h, i * 1000);
	for (k = 0; k < ARRAY_SIZE(pcts); k++) {
		double want = pcts[k] / 100 * (double)n * 1000;
		double got = (double)nvmet_hist_percentile(self->h, pcts[k]);

		EXPECT_LE(got, want * 1.008) TH_LOG("p%g: %.0f for %.0f", pcts[k], got, want);
		EXPECT_GE(got, want * 0.992) TH_LOG("p%g: %.0f for %.0f", pcts[k], got, want);
	}
	EXPECT_EQ(1000u, self->h->min);
	EXPECT_EQ(n * 1000, self->h->max);
	EXPECT_EQ((n + 1) * 1000 / 2, nvmet_hist_mean(self->h));
}

/* A bucket's middle is never reported beyond the exact smallest or largest value. */
TEST_F(hist, extremes_bound_the_percentiles)
{
	nvmet_hist_add(self->h, 1000001);
	nvmet_hist_add(self->h, 1000003);
	EXPECT_LE(1000001u, nvmet_hist_percentile(self->h, 1));
	EXPECT_GE(1000003u, nvmet_hist_percentile(self->h, 99));
	EXPECT_EQ(1000003u, nvmet_hist_percentile(self->h, 100));
}

TEST_HARNESS_MAIN
