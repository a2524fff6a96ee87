// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * gen.c - the I/O sequence that I/O worker parameters describe (sizes,
 * opcode mix, sequential and random LBAs, distribution, replay), for the
 * engines that do not run libnvmet's worker.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

struct gen {
	struct nvmet_ioworker_params p;
	uint64_t rng;
	uint64_t start, end;		/* region, LBAs */
	uint64_t cur;			/* next sequential LBA */
	uint32_t size_total;
	uint64_t dist_cum[NVMET_IOW_REGIONS];
	uint64_t issued;
	size_t replay_idx;
};

static uint64_t next_rand(struct gen *g)
{
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/* Uniform in [0, n). */
static uint64_t below(struct gen *g, uint64_t n)
{
	return n ? (uint64_t)(((unsigned __int128)next_rand(g) * n) >> 64) : 0;
}

int gen_init(struct gen **out, const struct nvmet_ioworker_params *p, uint64_t capacity)
{
	struct gen *g = calloc(1, sizeof(*g));
	uint64_t sum = 0;
	unsigned int i;

	if (!g)
		return -ENOMEM;
	g->p = *p;
	g->rng = p->seed ? p->seed : 0x6e766d6574696full;
	g->start = p->region_start;
	g->end = p->region_end ? p->region_end : capacity;
	g->cur = p->lba_start >= g->start && p->lba_start < g->end ? p->lba_start : g->start;
	for (i = 0; i < p->nr_sizes; i++)
		g->size_total += p->sizes[i].weight;
	for (i = 0; i < NVMET_IOW_REGIONS; i++) {
		sum += p->use_distribution ? p->distribution[i] : 1;
		g->dist_cum[i] = sum;
	}
	*out = g;
	return 0;
}

void gen_free(struct gen *g)
{
	free(g);
}

uint32_t gen_max_nlb(const struct gen *g)
{
	uint32_t max = g->p.io_size_max > g->p.io_size ? g->p.io_size_max : g->p.io_size;
	unsigned int i;
	size_t r;

	for (i = 0; i < g->p.nr_sizes; i++)
		max = g->p.sizes[i].nlb > max ? g->p.sizes[i].nlb : max;
	for (r = 0; r < g->p.nr_replay; r++)
		max = g->p.replay[r].nlb > max ? g->p.replay[r].nlb : max;
	return max ? max : 1;
}

bool gen_done(const struct gen *g)
{
	if (g->p.io_count)
		return g->issued >= g->p.io_count;
	return g->p.nr_replay && g->replay_idx >= g->p.nr_replay;
}

static uint32_t pick_size(struct gen *g)
{
	uint64_t w;
	unsigned int i;

	if (g->p.nr_sizes) {
		w = below(g, g->size_total ? g->size_total : 1);
		for (i = 0; i + 1 < g->p.nr_sizes; i++) {
			if (w < g->p.sizes[i].weight)
				break;
			w -= g->p.sizes[i].weight;
		}
		return g->p.sizes[i].nlb;
	}
	if (g->p.io_size_max > g->p.io_size_min && g->p.io_size_min)
		return g->p.io_size_min +
		       (uint32_t)below(g, g->p.io_size_max - g->p.io_size_min + 1);
	return g->p.io_size;
}

static uint8_t pick_op(struct gen *g)
{
	uint64_t r = below(g, 100);
	unsigned int i;

	if (!g->p.nr_ops)
		return r < g->p.read_percent ? NVMET_CMD_READ : NVMET_CMD_WRITE;
	for (i = 0; i + 1 < g->p.nr_ops; i++) {
		if (r < g->p.ops[i].percent)
			break;
		r -= g->p.ops[i].percent;
	}
	return g->p.ops[i].opc;
}

/* The default alignment: the I/O size, the first one of a list or range. */
static uint64_t first_size(const struct gen *g)
{
	if (g->p.nr_sizes)
		return g->p.sizes[0].nlb;
	return g->p.io_size_min ? g->p.io_size_min : g->p.io_size ? g->p.io_size : 1;
}

static uint64_t random_lba(struct gen *g, uint32_t nlb)
{
	uint64_t span = g->end - g->start, lo, hi, lba, align;
	unsigned int i;
	uint64_t w;

	w = below(g, g->dist_cum[NVMET_IOW_REGIONS - 1]);
	for (i = 0; i < NVMET_IOW_REGIONS - 1 && w >= g->dist_cum[i]; i++)
		;
	lo = g->start + span * i / NVMET_IOW_REGIONS;
	hi = g->start + span * (i + 1) / NVMET_IOW_REGIONS;
	lba = lo + below(g, hi > lo ? hi - lo : 1);
	align = g->p.lba_align ? g->p.lba_align : first_size(g);
	lba = g->start + (lba - g->start) / align * align;
	if (lba + nlb > g->end)
		lba = g->start + (span - nlb) / align * align;
	return lba;
}

static uint64_t sequential_lba(struct gen *g, uint32_t nlb)
{
	int64_t step = g->p.lba_step ? g->p.lba_step : (int64_t)nlb;
	uint64_t lba = g->cur;

	if (lba + nlb > g->end)
		lba = step < 0 ? g->end - nlb : g->start;
	if (step < 0 && (uint64_t)-step > lba - g->start)
		g->cur = g->end - nlb;
	else
		g->cur = lba + (uint64_t)step;
	return lba;
}

void gen_next(struct gen *g, uint8_t *opc, uint64_t *slba, uint32_t *nlb, uint32_t *delay_us)
{
	g->issued++;
	*delay_us = 0;
	if (g->p.nr_replay) {
		const struct nvmet_iow_replay *r = &g->p.replay[g->replay_idx++ % g->p.nr_replay];

		*opc = r->opc;
		*slba = r->slba;
		*nlb = r->nlb;
		*delay_us = r->delay_us;
		return;
	}
	*opc = pick_op(g);
	*nlb = pick_size(g);
	if (*opc == NVMET_CMD_FLUSH) {
		*slba = 0;
		*nlb = 0;
	} else if (below(g, 100) < g->p.lba_random) {
		*slba = random_lba(g, *nlb);
	} else {
		*slba = sequential_lba(g, *nlb);
	}
}
