/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmdlog.h - the command log: one format (the module's struct
 * nvmetest_cmdlog_entry, since its netlink reads a queue pair's log in
 * place) in one ring of a power of two entries, command s at s & mask,
 * numbered from 1, behind a struct nvmetest_qstats header with the
 * queue's counters. Every queue's tracker writes it (I/O queue pairs,
 * the library's admin queue); the capture exporter, the printers and
 * the module's netlink read it.
 */
#ifndef NVMET_QUEUE_CMDLOG_H
#define NVMET_QUEUE_CMDLOG_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <nvmetest.h>
#include <nvmet/nvme.h>

#include "support/compiler.h"

/**
 * struct nvmet_cmdlog - a command log
 * @hdr: the counters and the next sequence number
 * @ring: the entries, NULL when the queue keeps none (counters only)
 * @mask: entries - 1
 */
struct nvmet_cmdlog {
	struct nvmetest_qstats *hdr;
	struct nvmetest_cmdlog_entry *ring;
	uint32_t mask;
};

/* Bytes of a region of @entries (a power of two, or 0 for counters only). */
static inline size_t nvmet_cmdlog_bytes(uint32_t entries)
{
	return sizeof(struct nvmetest_qstats) + entries * sizeof(struct nvmetest_cmdlog_entry);
}

/* A new log in @region (zeroed, nvmet_cmdlog_bytes(@entries) long). */
NVMET_HIDDEN void nvmet_cmdlog_init(struct nvmet_cmdlog *log, void *region, uint32_t entries);
/* Point @log at @region, which holds a log already (moved over a power cycle). */
NVMET_HIDDEN void nvmet_cmdlog_attach(struct nvmet_cmdlog *log, void *region);
/*
 * The last @max entries (fewer when fewer were logged or kept), oldest
 * first, into @out; returns how many.
 */
NVMET_HIDDEN unsigned int nvmet_cmdlog_copy(const struct nvmet_cmdlog *log,
					    struct nvmetest_cmdlog_entry *out, unsigned int max);
/* The sequence number of the oldest of the last @max entries kept. */
NVMET_HIDDEN uint64_t nvmet_cmdlog_first(const struct nvmet_cmdlog *log, unsigned int max);

/* Entry @seq, or NULL when it was overwritten (or never kept). */
static inline struct nvmetest_cmdlog_entry *nvmet_cmdlog_at(const struct nvmet_cmdlog *log,
							    uint64_t seq)
{
	struct nvmetest_cmdlog_entry *e;

	if (!log->ring)
		return NULL;
	e = &log->ring[seq & log->mask];
	return e->seq == seq ? e : NULL;
}

/*
 * Count a command submitted at @now moving @len bytes and take its entry;
 * its sequence number in *@seq. Returns the entry, its SQE left to the
 * caller (nvmet_cmdlog_submit() copies it), or NULL when none is kept.
 */
static inline struct nvmetest_cmdlog_entry *nvmet_cmdlog_take(struct nvmet_cmdlog *log,
							      uint8_t opc, size_t len,
							      uint64_t now, uint64_t *seq)
{
	struct nvmetest_qstats *h = log->hdr;
	struct nvmetest_cmdlog_entry *e;

	*seq = h->next_seq++;
	h->submitted++;
	if (opc == NVMET_CMD_READ) {
		h->read_cmds++;
		h->read_bytes += len;
	} else if (opc == NVMET_CMD_WRITE) {
		h->write_cmds++;
		h->write_bytes += len;
	}
	if (!log->ring)
		return NULL;
	e = &log->ring[*seq & log->mask];
	/* The CQE is valid with NVMETEST_CMDLOG_DONE only: no need to clear it. */
	e->submit_ns = now;
	e->complete_ns = 0;
	e->seq = *seq;
	e->flags = 0;
	e->rsvd = 0;
	return e;
}

/* Log a command, as nvmet_cmdlog_take(), its SQE included. */
static inline struct nvmetest_cmdlog_entry *nvmet_cmdlog_submit(struct nvmet_cmdlog *log,
								const struct nvmet_sqe *sqe,
								size_t len, uint64_t now,
								uint64_t *seq)
{
	struct nvmetest_cmdlog_entry *e = nvmet_cmdlog_take(log, sqe->opc, len, now, seq);

	if (e)
		memcpy(e->sqe, sqe, sizeof(e->sqe));
	return e;
}

/*
 * Copy an SQE to @a and, unless NULL, @b (its ring slot and its log entry),
 * reading it once.
 */
static inline void nvmet_sqe_copy2(void *a, void *b, const struct nvmet_sqe *sqe)
{
	typedef uint64_t v2 __attribute__((vector_size(16)));
	v2 x[sizeof(*sqe) / sizeof(v2)];

	memcpy(x, sqe, sizeof(x));
	memcpy(a, x, sizeof(x));
	if (b)
		memcpy(b, x, sizeof(x));
}

/*
 * Command @seq, logged in @e (may be NULL), ended at @now: with @cqe, or
 * all-ones when NULL; @flag is NVMETEST_CMDLOG_DONE with a CQE, else
 * _TIMED_OUT or _ABORTED.
 */
static inline void nvmet_cmdlog_end(struct nvmetest_cmdlog_entry *e, uint64_t seq,
				    const struct nvmet_cqe *cqe, uint32_t flag, uint64_t now)
{
	/* Overwritten already when more than a ring's worth came after it. */
	if (!e || e->seq != seq)
		return;
	if (cqe)
		memcpy(e->cqe, cqe, sizeof(e->cqe));
	else
		memset(e->cqe, 0xff, sizeof(e->cqe));
	e->complete_ns = now;
	e->flags |= flag;
}

#endif /* NVMET_QUEUE_CMDLOG_H */
