// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * gen.c - what a worker's (or any engine's) next I/O is: its opcode (read percent
 * or a mix), its size (fixed, range or weighted list) and its LBA
 * (sequential by a step, or random: aligned, in the region, optionally
 * drawn from 100 weighted regions), or the next one of a replayed
 * sequence. Random numbers come from xoshiro256**, seeded by the caller.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/nvme.h>

#include "ioworker_priv.h"

#define DEFAULT_SEED	0x6e766d6574696f77ull	/* "nvmetiow" */

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t rng_next(uint64_t *s)
{
	uint64_t r = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return r;
}

/* Uniform in [0, @n), by a multiply instead of a division. */
static inline uint64_t rng_below(uint64_t *s, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)rng_next(s) * n) >> 64);
}

static void rng_seed(uint64_t *s, uint64_t seed)
{
	unsigned int i;

	/* splitmix64 spreads one word over the four. */
	for (i = 0; i < 4; i++) {
		uint64_t z = (seed += 0x9e3779b97f4a7c15ull);

		z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
		z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
		s[i] = z ^ (z >> 31);
	}
}

int nvmet_iow_opc_dir(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_READ:
		return 2;
	case NVMET_CMD_WRITE:
	case NVMET_CMD_COMPARE:
		return 1;
	case NVMET_CMD_FLUSH:
	case NVMET_CMD_WRITE_UNCOR:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_DSM:
	case NVMET_CMD_VERIFY:
		return 0;
	default:
		/* Opcode bits 1:0 give the direction; bidirectional reads back. */
		return (opc & 3) == 1 ? 1 : (opc & 3) ? 2 : 0;
	}
}

bool nvmet_iow_opc_writes(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_READ:
	case NVMET_CMD_COMPARE:
	case NVMET_CMD_VERIFY:
	case NVMET_CMD_FLUSH:
		return false;
	default:
		/* Writes, write zeroes, deallocate, uncorrectable; vendor ones may. */
		return true;
	}
}

static void gen_note_op(struct nvmet_iogen *g, uint8_t opc)
{
	g->has_writes |= nvmet_iow_opc_writes(opc);
	g->has_data |= nvmet_iow_opc_dir(opc) != 0;
	g->has_compare |= opc == NVMET_CMD_COMPARE;
}

static int gen_ops(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p)
{
	unsigned int i, j, at = 0;

	if (!p->nr_ops) {
		if (p->read_percent > 100)
			return -EINVAL;
		memset(g->opc_table, NVMET_CMD_READ, p->read_percent);
		memset(g->opc_table + p->read_percent, NVMET_CMD_WRITE, 100 - p->read_percent);
	} else {
		if (p->nr_ops > NVMET_IOW_MAX_OPS)
			return -EINVAL;
		for (i = 0; i < p->nr_ops; i++) {
			if (p->ops[i].percent > 100 - at)
				return -EINVAL;
			for (j = 0; j < p->ops[i].percent; j++)
				g->opc_table[at++] = p->ops[i].opc;
		}
		if (at != 100)
			return -EINVAL;
	}
	g->one_op = true;
	for (i = 0; i < 100; i++) {
		if (g->opc_table[i] != g->opc_table[0])
			g->one_op = false;
		if (!i || g->opc_table[i] != g->opc_table[i - 1])
			gen_note_op(g, g->opc_table[i]);
	}
	g->opc = g->opc_table[0];
	return 0;
}

static int gen_sizes(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p)
{
	uint64_t total = 0;
	unsigned int i;

	if (p->nr_sizes) {
		if (p->nr_sizes > NVMET_IOW_MAX_SIZES)
			return -EINVAL;
		for (i = 0; i < p->nr_sizes; i++) {
			if (!p->sizes[i].nlb || p->sizes[i].nlb > IOW_NLB_MAX)
				return -EINVAL;
			total += p->sizes[i].weight;
			g->size_nlb[i] = p->sizes[i].nlb;
			g->size_cum[i] = total;
			if (p->sizes[i].weight && p->sizes[i].nlb > g->max_nlb)
				g->max_nlb = p->sizes[i].nlb;
		}
		if (!total)
			return -EINVAL;
		g->nr_sizes = p->nr_sizes;
		g->nlb = p->sizes[0].nlb;
	} else if (p->io_size_max) {
		if (!p->io_size_min || p->io_size_min > p->io_size_max ||
		    p->io_size_max > IOW_NLB_MAX)
			return -EINVAL;
		g->nlb = p->io_size_min;
		g->nlb_span = p->io_size_max - p->io_size_min + 1;
		g->max_nlb = p->io_size_max;
	} else {
		if (!p->io_size || p->io_size > IOW_NLB_MAX)
			return -EINVAL;
		g->nlb = g->max_nlb = p->io_size;
	}
	return 0;
}

static uint64_t align_down(const struct nvmet_iogen *g, uint64_t lba)
{
	return g->align_pow2 ? lba >> __builtin_ctzll(g->align) : lba / g->align;
}

static int gen_region(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p, uint64_t cap)
{
	uint64_t len, total = 0;
	unsigned int i;

	g->rs = p->region_start;
	g->re = p->region_end ? p->region_end : cap;
	if (g->rs >= g->re || g->re > cap || g->max_nlb > g->re - g->rs)
		return -EINVAL;
	if (p->lba_start && (p->lba_start < g->rs || p->lba_start >= g->re))
		return -EINVAL;
	if (p->lba_random > 100)
		return -EINVAL;
	g->lba_random = p->lba_random;
	g->step = p->lba_step;
	g->cur = (int64_t)(p->lba_start ? p->lba_start : g->rs);
	g->align = p->lba_align ? p->lba_align : g->nlb;
	g->align_pow2 = !(g->align & (g->align - 1));
	g->first_aligned = align_down(g, g->rs + g->align - 1);
	/* Random I/O needs one aligned start that leaves room for the largest size. */
	if (g->lba_random && (g->first_aligned * g->align > g->re - g->max_nlb))
		return -EINVAL;
	if (!g->nr_sizes && !g->nlb_span && g->lba_random)
		g->fixed_count = align_down(g, g->re - g->nlb) - g->first_aligned + 1;
	if (!p->use_distribution)
		return 0;
	len = g->re - g->rs;
	for (i = 0; i < NVMET_IOW_REGIONS; i++) {
		total += p->distribution[i];
		g->dist_cum[i] = total;
		g->dist_lo[i] = g->rs + (uint64_t)((unsigned __int128)len * i / NVMET_IOW_REGIONS);
	}
	g->dist_lo[NVMET_IOW_REGIONS] = g->re;
	if (!total)
		return -EINVAL;
	g->use_dist = true;
	return 0;
}

static int gen_replay(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p, uint64_t cap)
{
	size_t i;

	if (!p->replay)
		return -EINVAL;
	for (i = 0; i < p->nr_replay; i++) {
		const struct nvmet_iow_replay *e = &p->replay[i];

		if (e->nlb > IOW_NLB_MAX || e->slba > cap || e->nlb > cap - e->slba)
			return -EINVAL;
		if (!e->nlb && e->opc != NVMET_CMD_FLUSH)
			return -EINVAL;
		if (e->nlb > g->max_nlb)
			g->max_nlb = e->nlb;
		gen_note_op(g, e->opc);
	}
	g->replay = p->replay;
	g->nr_replay = p->nr_replay;
	g->one_op = false;
	return 0;
}

int nvmet_iogen_init(struct nvmet_iogen *g, const struct nvmet_ioworker_params *p, uint64_t capacity)
{
	int ret;

	memset(g, 0, sizeof(*g));
	rng_seed(g->rng, p->seed ? p->seed : DEFAULT_SEED);
	if (p->nr_replay)
		return gen_replay(g, p, capacity);
	ret = gen_ops(g, p);
	if (!ret)
		ret = gen_sizes(g, p);
	return ret ? ret : gen_region(g, p, capacity);
}

static uint32_t gen_size(struct nvmet_iogen *g)
{
	uint64_t r;
	unsigned int lo = 0, hi;

	if (g->nlb_span)
		return g->nlb + (uint32_t)rng_below(g->rng, g->nlb_span);
	if (!g->nr_sizes)
		return g->nlb;
	/* The first entry whose cumulative weight is above r. */
	r = rng_below(g->rng, g->size_cum[g->nr_sizes - 1]);
	hi = g->nr_sizes - 1;
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (g->size_cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return g->size_nlb[lo];
}

static uint64_t gen_seq(struct nvmet_iogen *g, uint32_t nlb)
{
	int64_t s = g->cur;

	/* Past either end of the region: wrap to the other. */
	if (s < (int64_t)g->rs || s + nlb > (int64_t)g->re)
		s = g->step < 0 ? (int64_t)(g->re - nlb) : (int64_t)g->rs;
	g->cur = s + (g->step ? g->step : (int64_t)nlb);
	return (uint64_t)s;
}

static unsigned int gen_dist_region(struct nvmet_iogen *g)
{
	uint64_t r = rng_below(g->rng, g->dist_cum[NVMET_IOW_REGIONS - 1]);
	unsigned int lo = 0, hi = NVMET_IOW_REGIONS - 1;

	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (g->dist_cum[mid] > r)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static uint64_t gen_random(struct nvmet_iogen *g, uint32_t nlb)
{
	uint64_t first = g->first_aligned, last, count = g->fixed_count;

	if (g->use_dist) {
		unsigned int i = gen_dist_region(g);
		uint64_t end = g->dist_lo[i + 1] - 1;

		/* A start in region i; the I/O itself may run past its end. */
		if (end > g->re - nlb)
			end = g->re - nlb;
		first = align_down(g, g->dist_lo[i] + g->align - 1);
		last = align_down(g, end);
		if (last >= first)
			return (first + rng_below(g->rng, last - first + 1)) * g->align;
		/* No aligned start in that region: anywhere in the whole one. */
		first = g->first_aligned;
		count = 0;
	}
	if (!count)
		count = align_down(g, g->re - nlb) - first + 1;
	return (first + rng_below(g->rng, count)) * g->align;
}

bool nvmet_iogen_next(struct nvmet_iogen *g, struct nvmet_io *io)
{
	if (g->replay) {
		const struct nvmet_iow_replay *e;

		if (g->replay_pos == g->nr_replay)
			return false;
		e = &g->replay[g->replay_pos++];
		io->opc = e->opc;
		io->slba = e->slba;
		io->nlb = e->nlb;
		io->delay_us = e->delay_us;
		return true;
	}
	io->opc = g->one_op ? g->opc : g->opc_table[rng_below(g->rng, 100)];
	io->delay_us = 0;
	if (io->opc == NVMET_CMD_FLUSH) {
		io->slba = 0;
		io->nlb = 0;
		return true;
	}
	io->nlb = gen_size(g);
	if (g->lba_random == 100 || (g->lba_random && rng_below(g->rng, 100) < g->lba_random))
		io->slba = gen_random(g, io->nlb);
	else
		io->slba = gen_seq(g, io->nlb);
	return true;
}

int nvmet_iogen_create(const struct nvmet_ioworker_params *p, uint64_t capacity,
		       struct nvmet_iogen **out)
{
	struct nvmet_iogen *g = malloc(sizeof(*g));
	int ret;

	if (!g)
		return -ENOMEM;
	ret = nvmet_iogen_init(g, p, capacity);
	if (ret) {
		free(g);
		return ret;
	}
	*out = g;
	return 0;
}

uint32_t nvmet_iogen_max_nlb(const struct nvmet_iogen *g)
{
	return g->max_nlb;
}

void nvmet_iogen_free(struct nvmet_iogen *g)
{
	free(g);
}
