// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * seconds.c - the per-second series of a worker's good completions, for
 * the library's workers and for any engine that fills a
 * struct nvmet_ioworker_result of its own (nvmet-io's aio engine): one
 * growth rule and one rule for the last entry, so the series means the
 * same whoever counted it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/ioworker.h>

#define NS_PER_SEC		1000000000ull
/* Seconds allocated at start for a run without a time, or a long one. */
#define SECONDS_START		4096u
/* No series grows past this (about two years, 256 MiB): a completion
 * stamped later (a clock gone wrong) is not counted. */
#define SECONDS_MAX		(1u << 26)

/* @cap entries (more than now, at most SECONDS_MAX), those beyond the old
 * ones zeroed. Return: 0, or -ENOMEM. */
static int seconds_resize(struct nvmet_iow_seconds *s, uint64_t cap)
{
	uint32_t *bigger;

	if (cap <= s->cap || cap > SECONDS_MAX)
		return -ENOMEM;
	bigger = realloc(s->count, (size_t)cap * sizeof(*bigger));
	if (!bigger)
		return -ENOMEM;
	memset(bigger + s->cap, 0, (size_t)(cap - s->cap) * sizeof(*bigger));
	s->count = bigger;
	s->cap = (unsigned int)cap;
	return 0;
}

int nvmet_iow_seconds_init(struct nvmet_iow_seconds *s, uint64_t time_ms)
{
	memset(s, 0, sizeof(*s));
	/* A timed run's seconds and the drain after them; it grows past this when longer. */
	return seconds_resize(s, time_ms && time_ms < SECONDS_START * 1000ull ?
			      time_ms / 1000 + 2 : SECONDS_START);
}

void nvmet_iow_seconds_add(struct nvmet_iow_seconds *s, uint64_t ns)
{
	uint64_t sec = ns / NS_PER_SEC, want;

	/* Once in a while (a run longer than planned), never per I/O. */
	if (sec >= s->cap) {
		want = 2ull * s->cap > sec ? 2ull * s->cap : sec + 1;
		if (want > SECONDS_MAX)
			want = sec + 1;
		if (seconds_resize(s, want))
			return;
	}
	s->count[sec]++;
	if (sec >= s->nr)
		s->nr = (unsigned int)sec + 1;
}

void nvmet_iow_seconds_end(struct nvmet_iow_seconds *s, uint64_t ms,
			   struct nvmet_ioworker_result *r)
{
	uint64_t n = ms / 1000;
	unsigned int i;

	if (!n)
		n = 1;
	if (n > SECONDS_MAX)
		n = SECONDS_MAX;
	/* The seconds at the end with nothing counted are entries too: they
	 * show a device that stopped answering. */
	if (n > s->cap && seconds_resize(s, n))
		n = s->cap;
	for (i = (unsigned int)n; i < s->nr; i++)
		s->count[n - 1] += s->count[i];
	r->per_second = s->count;
	r->nr_seconds = s->count ? (unsigned int)n : 0;
	memset(s, 0, sizeof(*s));
}

void nvmet_iow_seconds_free(struct nvmet_iow_seconds *s)
{
	free(s->count);
	memset(s, 0, sizeof(*s));
}
