/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/histogram.h - a log-linear latency histogram of fixed size: values
 * below NVMET_HIST_SUB are counted exactly, larger ones in NVMET_HIST_SUB
 * linear sub-buckets per power of two, so a bucket is at most 1/64 of its
 * values wide and a percentile read at a bucket's middle is within 0.8
 * percent of the true one. Count, sum, min and max are exact. The I/O
 * workers keep their latencies in one; so does any engine that wants the
 * same figures (nvmet-io's aio engine).
 */
#ifndef NVMET_HISTOGRAM_H
#define NVMET_HISTOGRAM_H

#include <stdint.h>

#define NVMET_HIST_SUB_BITS	6
#define NVMET_HIST_SUB		(1u << NVMET_HIST_SUB_BITS)
/* Values from 2^NVMET_HIST_TOP_BITS ns (18 minutes) up share the last bucket. */
#define NVMET_HIST_TOP_BITS	40
#define NVMET_HIST_BUCKETS	(NVMET_HIST_SUB * (NVMET_HIST_TOP_BITS - NVMET_HIST_SUB_BITS + 1))

/**
 * struct nvmet_hist - the histogram (17.5 KiB)
 * @count: values added
 * @sum: their sum
 * @min: the smallest (UINT64_MAX when empty)
 * @max: the largest
 * @bucket: counts
 */
struct nvmet_hist {
	uint64_t count;
	uint64_t sum;
	uint64_t min;
	uint64_t max;
	uint64_t bucket[NVMET_HIST_BUCKETS];
};

/**
 * nvmet_hist_index() - the bucket a value is counted in
 * @v: the value (nanoseconds, for latencies)
 *
 * Return: the index into struct nvmet_hist's bucket.
 */
static inline unsigned int nvmet_hist_index(uint64_t v)
{
	unsigned int e;

	if (v < NVMET_HIST_SUB)
		return (unsigned int)v;
	if (v >= 1ull << NVMET_HIST_TOP_BITS)
		return NVMET_HIST_BUCKETS - 1;
	e = 63u - (unsigned int)__builtin_clzll(v);
	/* v >> (e - SUB_BITS) is in [SUB, 2 * SUB): its low bits pick the sub-bucket. */
	return NVMET_HIST_SUB * (e - NVMET_HIST_SUB_BITS + 1) +
	       (unsigned int)(v >> (e - NVMET_HIST_SUB_BITS)) - NVMET_HIST_SUB;
}

/**
 * nvmet_hist_add() - count a value
 * @h: the histogram
 * @v: the value
 */
static inline void nvmet_hist_add(struct nvmet_hist *h, uint64_t v)
{
	h->count++;
	h->sum += v;
	if (v < h->min)
		h->min = v;
	if (v > h->max)
		h->max = v;
	h->bucket[nvmet_hist_index(v)]++;
}

/**
 * nvmet_hist_init() - empty a histogram
 * @h: the histogram
 */
void nvmet_hist_init(struct nvmet_hist *h);

/**
 * nvmet_hist_percentile() - the value at a percentile
 * @h: the histogram
 * @pct: the percentile, above 0 and up to 100
 *
 * Return: the smallest value at or below which @pct percent of the values
 * lie, read at its bucket's middle (within 0.8 percent), never below the
 * smallest value nor above the largest; 0 when @h is empty.
 */
uint64_t nvmet_hist_percentile(const struct nvmet_hist *h, double pct);

/**
 * nvmet_hist_mean() - the mean of the values
 * @h: the histogram
 *
 * Return: the mean, rounded down; 0 when @h is empty.
 */
uint64_t nvmet_hist_mean(const struct nvmet_hist *h);

#endif /* NVMET_HISTOGRAM_H */
