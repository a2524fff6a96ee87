/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * rw.h - the rw subcommand's state, shared by its two ways of driving the
 * queues: the module's raw queues (rw_kdev.c) and libnvmet's queue pairs
 * and namespaces (rw_ctrl.c, for the emulated controller).
 */
#ifndef NVMET_TOOL_RW_H
#define NVMET_TOOL_RW_H

#include "tool.h"

#define RW_CHUNK_MAX	(32u << 10)	/* bytes per command */
#define RW_WAIT_MS	10000u		/* for each completion */

struct rw_args {
	uint32_t nsid;
	uint64_t lba;
	uint32_t count;
	uint32_t qid;
	uint32_t depth;
	int irq;
};

/* One command of the libnvmet path, for its callback. */
struct rw_io {
	struct rw *rw;
	uint32_t chunk;
};

struct rw {
	const struct cmd *cmd;
	struct rw_args a;
	struct tdev dev;
	uint64_t cap;
	uint32_t lba_size;
	uint32_t page;
	uint32_t chunk_blocks;
	uint32_t nchunks;
	size_t prp_slot;
	uint8_t *wdata, *rdata;		/* what is written, what is read back */
	uint32_t vector;
	unsigned int cmds;
	/* The module's raw queues. */
	struct nvmetest_info info;
	struct nvmet_dmabuf wbuf, rbuf, prps;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	int have_cq, have_sq;
	uint8_t *done;
	/* libnvmet's queue pair. */
	struct nvmet_buf *wb, *rb;
	struct nvmet_qpair *qp;
	struct nvmet_ns *ns;
	struct rw_io *io;
	uint32_t completed;
	int failed;			/* a command failed: the first one's below */
	uint32_t bad_chunk;
	struct nvmet_cqe bad_cqe;
};

/**
 * struct rw_ops - one way of running the round trip
 * @buffers: allocate the data buffers (set wdata and rdata) and what else
 * @queues: create the queues (and set vector)
 * @pass: write (NVMET_CMD_WRITE) or read every chunk, waiting for each
 * @irq_count: interrupts on the vector so far
 * @teardown: delete and free what was made, close DEV; keeps the first error
 *
 * Each returns 0 or an exit status, reported.
 */
struct rw_ops {
	int (*buffers)(struct rw *rw);
	int (*queues)(struct rw *rw);
	int (*pass)(struct rw *rw, uint8_t opc);
	int (*irq_count)(struct rw *rw, uint64_t *count);
	int (*teardown)(struct rw *rw, int ret);
};

extern const struct rw_ops rw_kdev_ops, rw_ctrl_ops;

/* A command's range: its first block and number of blocks. */
static inline uint32_t rw_chunk_nlb(const struct rw *rw, uint32_t chunk, uint64_t *slba)
{
	uint32_t first = chunk * rw->chunk_blocks;

	*slba = rw->a.lba + first;
	return rw->a.count - first < rw->chunk_blocks ? rw->a.count - first : rw->chunk_blocks;
}

static inline const char *rw_opc_name(uint8_t opc)
{
	return opc == NVMET_CMD_WRITE ? "write" : "read";
}

#endif /* NVMET_TOOL_RW_H */
