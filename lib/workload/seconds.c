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

/* @cap entries, those beyond the old ones zeroed. Return: 0, or -ENOMEM. */
static int seconds_resize(struct nvmet_iow_seconds *s, unsigned int cap)
{
	uint32_t *bigger;

	bigger = realloc(s->count, cap * sizeof(*bigger));
	if (!bigger)
		return -ENOMEM;
	memset(bigger + s->cap, 0, (cap - s->cap) * sizeof(*bigger));
	s->count = bigger;
	s->cap = cap;
	return 0;
}

int nvmet_iow_seconds_init(struct nvmet_iow_seconds *s, uint64_t time_ms)
{
	memset(s, 0, sizeof(*s));
	/* A timed run's seconds and the drain after them; it grows past this when longer. */
	return seconds_resize(s, time_ms && time_ms < SECONDS_START * 1000ull ?
			      (unsigned int)(time_ms / 1000 + 2) : SECONDS_START);
}

void nvmet_iow_seconds_add(struct nvmet_iow_seconds *s, uint64_t ns)
{
	uint64_t sec = ns / NS_PER_SEC;

	/* Once in a while (a run longer than planned), never per I/O. */
	if (sec >= s->cap && seconds_resize(s, s->cap * 2 > sec ? s->cap * 2 :
					    (unsigned int)sec + 1))
		return;
	s->count[sec]++;
	if (sec >= s->nr)
		s->nr = (unsigned int)sec + 1;
}

void nvmet_iow_seconds_end(struct nvmet_iow_seconds *s, uint64_t ms,
			   struct nvmet_ioworker_result *r)
{
	unsigned int n, i;

	n = ms / 1000 > s->cap ? s->cap : (unsigned int)(ms / 1000);
	if (!n)
		n = 1;
	if (n > s->cap && seconds_resize(s, n))
		n = s->cap;
	for (i = n; i < s->nr; i++)
		s->count[n - 1] += s->count[i];
	r->per_second = s->count;
	r->nr_seconds = s->count ? n : 0;
	memset(s, 0, sizeof(*s));
}

void nvmet_iow_seconds_free(struct nvmet_iow_seconds *s)
{
	free(s->count);
	memset(s, 0, sizeof(*s));
}
