/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/iogen.h - the I/O sequence that I/O worker parameters describe:
 * each I/O's opcode (read percent or a mix), size (fixed, range or
 * weighted list) and LBA (sequential by a step, or random: aligned, in the
 * region, optionally drawn from 100 weighted regions), or the next one of
 * a replayed sequence; random numbers from xoshiro256**, seeded by the
 * parameters.
 *
 * The I/O workers (nvmet/ioworker.h) draw their I/Os from it; so can any
 * other engine (nvmet-io's aio engine does), getting the same sequence for
 * the same parameters.
 */
#ifndef NVMET_IOGEN_H
#define NVMET_IOGEN_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/ioworker.h>

struct nvmet_iogen;

/**
 * struct nvmet_io - one I/O
 * @slba: first LBA
 * @nlb: LBAs (0 for a flush)
 * @opc: opcode
 * @delay_us: replayed sequences only: wait this long after the previous
 *	submission
 */
struct nvmet_io {
	uint64_t slba;
	uint32_t nlb;
	uint8_t opc;
	uint32_t delay_us;
};

/**
 * nvmet_iogen_create() - a generator for what @p describes
 * @p: the worker parameters (sizes, opcodes, region, randomness, replay,
 *	seed; the rest is ignored)
 * @capacity: LBAs of the namespace (the region defaults to all of it)
 * @out: the generator
 *
 * Return: 0, -EINVAL for parameters that describe no valid I/O (a size of
 * 0 or above 65536, percentages not adding up, a region too small, ...),
 * or -ENOMEM.
 */
int nvmet_iogen_create(const struct nvmet_ioworker_params *p, uint64_t capacity,
		       struct nvmet_iogen **out);

/**
 * nvmet_iogen_next() - the next I/O
 * @g: generator
 * @io: filled in
 *
 * Return: true, or false when a replayed sequence has ended.
 */
bool nvmet_iogen_next(struct nvmet_iogen *g, struct nvmet_io *io);

/**
 * nvmet_iogen_max_nlb() - the largest I/O the generator makes
 * @g: generator
 *
 * Return: LBAs.
 */
uint32_t nvmet_iogen_max_nlb(const struct nvmet_iogen *g);

/**
 * nvmet_iogen_free() - free a generator
 * @g: generator, may be NULL
 */
void nvmet_iogen_free(struct nvmet_iogen *g);

#endif /* NVMET_IOGEN_H */
