// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * histogram.c - reading percentiles out of the log-linear latency
 * histogram (<nvmet/histogram.h>).
 */
#include <string.h>

#include <nvmet/histogram.h>

void nvmet_hist_init(struct nvmet_hist *h)
{
	memset(h, 0, sizeof(*h));
	h->min = UINT64_MAX;
}

/* The first value of bucket @i. */
static uint64_t bucket_low(unsigned int i)
{
	unsigned int group = i / NVMET_HIST_SUB, sub = i % NVMET_HIST_SUB;

	if (!group)
		return sub;
	return (uint64_t)(NVMET_HIST_SUB + sub) << (group - 1);
}

/* The middle of bucket @i: within half a bucket of any value in it. */
static uint64_t bucket_mid(unsigned int i)
{
	unsigned int group = i / NVMET_HIST_SUB;

	if (!group)
		return bucket_low(i);
	return bucket_low(i) + ((1ull << (group - 1)) >> 1);
}

uint64_t nvmet_hist_percentile(const struct nvmet_hist *h, double pct)
{
	uint64_t rank, seen = 0, v;
	double x;
	unsigned int i;

	if (!h->count || !(pct > 0))
		return h->count ? h->min : 0;
	if (pct >= 100)
		return h->max;
	/* The smallest value with at least pct percent of the values at or below it. */
	x = pct / 100.0 * (double)h->count;
	rank = (uint64_t)x;
	if ((double)rank < x || rank < 1)
		rank++;
	for (i = 0; i < NVMET_HIST_BUCKETS; i++) {
		seen += h->bucket[i];
		if (seen >= rank)
			break;
	}
	if (i == NVMET_HIST_BUCKETS)
		return h->max;
	v = bucket_mid(i);
	/* The extremes are exact: never report beyond them. */
	if (v < h->min)
		v = h->min;
	if (v > h->max)
		v = h->max;
	return v;
}

uint64_t nvmet_hist_mean(const struct nvmet_hist *h)
{
	return h->count ? h->sum / h->count : 0;
}
