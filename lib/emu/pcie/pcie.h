/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pcie.h - the emulated controller's PCIe front end, private to pcie/:
 * a PCI function with BAR0 (the core's register file, then the
 * doorbells), configuration space and MSI-X; submission and completion
 * queues in registered host memory, PRPs and SGLs walked into it; and the
 * thread that polls the doorbells (like a shadow-doorbell controller),
 * fetches commands round robin, hands them to the core and posts what the
 * core completes.
 *
 * Threads: the controller thread owns the queues and the backlog. BAR0
 * and configuration accesses come from the host's threads: configuration
 * space is under p->lock, registers under the core's lock, doorbells are
 * plain stores the thread notices.
 */
#ifndef NVMET_EMU_PCIE_H
#define NVMET_EMU_PCIE_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "emu/core/core.h"

/**
 * struct emu_dma_region - a registered range of host memory; bus address
 * == virtual address
 * @start: first byte
 * @end: the byte after the last
 */
struct emu_dma_region {
	uint64_t start;
	uint64_t end;
};

/**
 * struct emu_dma_map - the host memory the controller may touch
 * @lock: writers
 * @table: the regions, swapped whole on change; read by the controller
 *	thread without a lock
 * @retired: tables swapped out, freed at close
 * @hit_table: the table of the controller thread's last lookup
 * @hit_start: the region it found
 * @hit_end: its end
 */
struct emu_dma_map {
	pthread_mutex_t lock;
	struct emu_dma_table *_Atomic table;
	struct emu_dma_table *retired;
	const void *hit_table;
	uint64_t hit_start, hit_end;
};

NVMET_HIDDEN int emu_dma_init(struct emu_dma_map *m);
NVMET_HIDDEN void emu_dma_fini(struct emu_dma_map *m);
/* Free the memory of every region still registered (all of it from emu_bus_dma_alloc()). */
NVMET_HIDDEN void emu_dma_free_all(struct emu_dma_map *m);
NVMET_HIDDEN int emu_dma_register(struct emu_dma_map *m, void *va, size_t len);
NVMET_HIDDEN void emu_dma_unregister(struct emu_dma_map *m, void *va);
/* The memory at bus address @iova for @len bytes, or NULL when not all registered. */
NVMET_HIDDEN void *emu_dma_va(struct emu_dma_map *m, uint64_t iova, size_t len);

struct emu_cq {
	bool valid;
	bool ien;		/* interrupts enabled */
	uint16_t qid;
	uint16_t vector;
	uint32_t size;
	uint32_t tail;		/* next slot the controller writes */
	uint32_t head;		/* last head doorbell value accepted */
	uint32_t db_seen;	/* last raw doorbell value looked at */
	uint8_t phase;
	unsigned int nr_sqs;	/* SQs posting here */
	volatile struct nvmet_cqe *base;
	uint64_t iova;
};

struct emu_sq {
	bool valid;
	uint16_t qid;
	uint16_t cqid;
	uint8_t prio;
	uint32_t size;
	uint32_t head;		/* next slot the controller fetches */
	uint32_t tail;		/* last tail doorbell value accepted */
	uint32_t db_seen;	/* last raw doorbell value looked at */
	const volatile struct nvmet_sqe *base;
	uint64_t iova;
};

/**
 * struct emu_vector - an MSI-X vector's state
 * @count: messages sent since the last clear
 * @masked: the vector is masked
 * @pending: a message waits for the mask to clear
 */
struct emu_vector {
	atomic_uint_fast64_t count;
	atomic_bool masked;
	atomic_bool pending;
};

/**
 * struct emu_pcie - the PCIe front end of a controller
 * @emu: its core
 * @lock: configuration space; the thread's sleep
 * @kick: wakes the thread
 * @thread: the controller thread
 * @thread_started: @thread runs
 * @stop: @thread is to end
 * @epoch: bumped every round of the thread
 * @sleeping: the thread waits on @kick
 * @round_ns: start of the thread's current round
 * @powered: the function has power (off: BAR0 reads all-ones)
 * @db: the doorbells, stride-spaced, from BAR0 0x1000
 * @db_bytes: their size, a multiple of the page
 * @cfg: configuration space
 * @pm_state: 0 D0, 3 D3hot
 * @vec: the MSI-X vectors, opts.vectors of them
 * @sqs: submission queues by id (0 the admin SQ)
 * @cqs: completion queues by id
 * @active_sqs: ids of the valid SQs, admin first
 * @nr_active_sqs: entries of @active_sqs
 * @max_qid: highest queue id
 * @backlog: completions waiting for room in a full CQ
 * @nr_backlog: entries of @backlog
 * @cap_backlog: its room
 * @dma: the host memory the controller may touch
 */
struct emu_pcie {
	struct nvmet_emu *emu;
	pthread_mutex_t lock;
	pthread_cond_t kick;
	pthread_t thread;
	bool thread_started;
	atomic_bool stop;
	atomic_uint epoch;
	atomic_bool sleeping;
	uint64_t round_ns;
	bool powered;

	volatile uint32_t *db;
	size_t db_bytes;

	uint8_t cfg[4096];
	unsigned int pm_state;
	struct emu_vector *vec;

	struct emu_sq *sqs;
	struct emu_cq *cqs;
	uint16_t *active_sqs;
	unsigned int nr_active_sqs;
	unsigned int max_qid;

	struct emu_cmd *backlog;
	unsigned int nr_backlog, cap_backlog;

	struct emu_dma_map dma;
};

/* What the core calls (queues.c, dptr.c, thread.c, config.c). */
NVMET_HIDDEN extern const struct emu_frontend_ops emu_pcie_ops;

/* The doorbell of queue @qid: its index in p->db. */
static inline unsigned int emu_db_index(const struct emu_pcie *p, uint16_t qid, bool cq)
{
	return (2u * qid + (cq ? 1u : 0u)) << p->emu->opts.dstrd;
}

/* A command's data, its PRPs or SGL walked into registered memory (dptr.c). */
NVMET_HIDDEN uint16_t emu_pcie_data_map(void *fe, const struct nvmet_sqe *sqe, size_t len,
					bool admin, struct emu_sg *sg);

/* BAR0 (bar.c), from the host's threads. */
NVMET_HIDDEN int emu_bar_read(struct emu_pcie *p, uint32_t off, unsigned int width,
			      uint64_t *val);
NVMET_HIDDEN int emu_bar_write(struct emu_pcie *p, uint32_t off, unsigned int width,
			       uint64_t val);

/* Configuration space (config.c). */
NVMET_HIDDEN void emu_cfg_init(struct emu_pcie *p);
NVMET_HIDDEN int emu_cfg_read(struct emu_pcie *p, uint32_t off, unsigned int width,
			      uint32_t *val);
NVMET_HIDDEN int emu_cfg_write(struct emu_pcie *p, uint32_t off, unsigned int width,
			       uint32_t val);
NVMET_HIDDEN bool emu_msix_function_masked(const struct emu_pcie *p);
/* A function level reset (FLR, hot reset): controller and PCI state to power-on values. */
NVMET_HIDDEN void emu_function_reset(struct emu_pcie *p);

/* MSI-X (msix.c): raise @vector (taps, mask, pending). */
NVMET_HIDDEN void emu_msix_raise(struct emu_pcie *p, uint16_t vector);

/* Queues (queues.c): one round over the SQs; the commands fetched. */
NVMET_HIDDEN unsigned int emu_queues_round(struct emu_pcie *p, uint64_t now);

/* The thread (thread.c). */
NVMET_HIDDEN int emu_thread_start(struct emu_pcie *p);
NVMET_HIDDEN void emu_thread_stop(struct emu_pcie *p);
/* Wake the thread when it sleeps. */
NVMET_HIDDEN void emu_thread_kick(struct emu_pcie *p);
/* Whether the caller runs in the controller thread. */
NVMET_HIDDEN bool emu_thread_self(const struct emu_pcie *p);

#endif /* NVMET_EMU_PCIE_H */
