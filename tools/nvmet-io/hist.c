// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hist.c - a log-linear latency histogram of fixed size: exact below
 * 128 ns, then 128 buckets per power of two, so a percentile read back is
 * within 0.4% of the true value (the bucket's middle).
 */
#include <stdlib.h>

#include "tool.h"

#define SUB_BITS	7
#define SUB		(1u << SUB_BITS)
#define BUCKETS		((64 - SUB_BITS + 1) * SUB)

struct hist {
	uint64_t n;
	uint64_t count[BUCKETS];
};

struct hist *hist_new(void)
{
	return calloc(1, sizeof(struct hist));
}

void hist_free(struct hist *h)
{
	free(h);
}

static unsigned int bucket(uint64_t v)
{
	unsigned int e;

	if (v < SUB)
		return (unsigned int)v;
	e = 63 - (unsigned int)__builtin_clzll(v);
	return (e - SUB_BITS + 1) * SUB + (unsigned int)((v >> (e - SUB_BITS)) & (SUB - 1));
}

/* The middle of bucket @b. */
static uint64_t value(unsigned int b)
{
	unsigned int e = b / SUB + SUB_BITS - 1, sub = b % SUB;
	uint64_t lo, width;

	if (b < SUB)
		return b;
	width = 1ull << (e - SUB_BITS);
	lo = (1ull << e) + sub * width;
	return lo + width / 2;
}

void hist_add(struct hist *h, uint64_t ns)
{
	h->count[bucket(ns)]++;
	h->n++;
}

/* The latency under which @p percent of the samples are. */
uint64_t hist_percentile(const struct hist *h, double p)
{
	uint64_t want, seen = 0;
	unsigned int b;

	if (!h->n)
		return 0;
	want = (uint64_t)((double)h->n * p / 100.0 + 0.999999);
	if (!want)
		want = 1;
	for (b = 0; b < BUCKETS; b++) {
		seen += h->count[b];
		if (seen >= want)
			return value(b);
	}
	return value(BUCKETS - 1);
}
