// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ring.c - the poll-mode data path: entries in at the SQ tail,
 * completions out at the CQ head by phase tag, one doorbell write per batch.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <time.h>

#include <nvmet/kqpair.h>

#include "support/clock.h"

int nvmet_ksq_place(struct nvmet_ksq *sq, const struct nvmet_sqe *sqe)
{
	uint32_t next = (sq->tail + 1) % sq->size;

	if (next == sq->head)
		return -EBUSY;
	memcpy(&sq->entries[sq->tail], sqe, sizeof(*sqe));
	sq->tail = next;
	return 0;
}

void nvmet_ksq_ring_value(struct nvmet_ksq *sq, uint32_t value)
{
	/* The controller may fetch entries as soon as it sees the new tail. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*sq->db = value;
}

void nvmet_ksq_ring(struct nvmet_ksq *sq)
{
	nvmet_ksq_ring_value(sq, sq->tail);
}

int nvmet_ksq_submit(struct nvmet_ksq *sq, const struct nvmet_sqe *sqe)
{
	int ret;

	ret = nvmet_ksq_place(sq, sqe);
	if (!ret)
		nvmet_ksq_ring(sq);
	return ret;
}

void nvmet_ksq_update_head(struct nvmet_ksq *sq, const struct nvmet_cqe *cqe)
{
	/* An out-of-range SQHD would defeat the full check; keep the last good one. */
	if (cqe->sqhd < sq->size)
		sq->head = cqe->sqhd;
}

int nvmet_kcq_peek(struct nvmet_kcq *cq, struct nvmet_cqe *cqe)
{
	volatile struct nvmet_cqe *e = &cq->entries[cq->head];
	uint16_t status = e->status;

	if (NVMET_CQE_PHASE(status) != cq->phase)
		return 0;
	/* The rest of the entry was written before its phase tag flipped. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	cqe->dw0 = e->dw0;
	cqe->dw1 = e->dw1;
	cqe->sqhd = e->sqhd;
	cqe->sqid = e->sqid;
	cqe->cid = e->cid;
	cqe->status = status;
	return 1;
}

void nvmet_kcq_ring_value(struct nvmet_kcq *cq, uint32_t value)
{
	/* Entries must be read before the controller may reuse their slots. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*cq->db = value;
}

int nvmet_kcq_reap(struct nvmet_kcq *cq, struct nvmet_cqe *cqes, int max)
{
	int n = 0;

	while (n < max && nvmet_kcq_peek(cq, &cqes[n])) {
		n++;
		if (++cq->head == cq->size) {
			cq->head = 0;
			cq->phase ^= 1;
		}
	}
	if (n)
		nvmet_kcq_ring_value(cq, cq->head);
	return n;
}

int nvmet_kcq_wait(struct nvmet_kcq *cq, struct nvmet_cqe *cqes, int n, unsigned int timeout_ms)
{
	uint64_t deadline = nvmet_now_ns() + (uint64_t)timeout_ms * 1000000u;
	int got = 0;

	for (;;) {
		got += nvmet_kcq_reap(cq, cqes + got, n - got);
		if (got >= n || nvmet_now_ns() >= deadline)
			return got;
		sched_yield();
	}
}
