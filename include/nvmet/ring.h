/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/ring.h - the raw queue rings: a submission queue and a completion
 * queue in memory the controller reads and writes, and their doorbells.
 *
 * Whoever makes the queues fills these in: the module through
 * <nvmet/kdev.h> (nvmet_kdev_cq_create() and the like, which map the
 * queue memory and the doorbells into the caller), or a queue pair
 * (nvmet_qpair_raw_sq()). The operations here are the data path, inline:
 * place an entry at the tail (or build it in the tail slot), ring the tail
 * doorbell, peek at the head completion by its phase tag, advance, ring the
 * head doorbell. Nothing is checked beyond what keeps the ring itself
 * sound: entries are placed as given (CID included) and doorbells can be
 * written with any value, for protocol tests.
 *
 * Indexes wrap by comparison, not by a modulo: queue sizes need not be
 * powers of two.
 */
#ifndef NVMET_RING_H
#define NVMET_RING_H

#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <nvmet/nvme.h>

/**
 * struct nvmet_cq_ring - a completion queue
 * @qid: queue id
 * @size: entries
 * @head: next entry to read
 * @phase: expected phase tag of the entry at @head
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR
 * @entries: the queue memory
 * @db: the head doorbell
 */
struct nvmet_cq_ring {
	uint16_t qid;
	uint32_t size;
	uint32_t head;
	unsigned int phase;
	uint32_t vector;
	volatile struct nvmet_cqe *entries;
	volatile uint32_t *db;
};

/**
 * struct nvmet_sq_ring - a submission queue
 * @qid: queue id
 * @cqid: the completion queue it posts to
 * @size: entries
 * @tail: next free slot
 * @head: the last head the controller reported in a completion
 * @entries: the queue memory
 * @db: the tail doorbell
 */
struct nvmet_sq_ring {
	uint16_t qid;
	uint16_t cqid;
	uint32_t size;
	uint32_t tail;
	uint32_t head;
	struct nvmet_sqe *entries;
	volatile uint32_t *db;
};

/**
 * nvmet_sq_space() - free slots, from the head the controller last reported
 * @sq: queue
 *
 * One slot always stays empty: a full ring would look empty.
 *
 * Return: entries that can be placed.
 */
static inline uint32_t nvmet_sq_space(const struct nvmet_sq_ring *sq)
{
	return sq->head > sq->tail ? sq->head - sq->tail - 1 : sq->size - sq->tail + sq->head - 1;
}

/**
 * nvmet_sq_slot() - the slot at the tail, to build an entry in
 * @sq: queue
 *
 * The entry is written once, where the controller will read it; it is
 * submitted by nvmet_sq_advance() and a doorbell write.
 *
 * Return: the slot, or NULL when the queue is full.
 */
static inline struct nvmet_sqe *nvmet_sq_slot(struct nvmet_sq_ring *sq)
{
	uint32_t next = sq->tail + 1 == sq->size ? 0 : sq->tail + 1;

	return next == sq->head ? NULL : &sq->entries[sq->tail];
}

/**
 * nvmet_sq_advance() - move the tail past the slot nvmet_sq_slot() gave
 * @sq: queue
 *
 * Does not ring the doorbell.
 */
static inline void nvmet_sq_advance(struct nvmet_sq_ring *sq)
{
	if (++sq->tail == sq->size)
		sq->tail = 0;
}

/**
 * nvmet_sq_place() - copy an entry into the slot at the tail
 * @sq: queue
 * @sqe: the entry, CID included
 *
 * Does not ring the doorbell.
 *
 * Return: 0, or -EBUSY when the queue is full.
 */
static inline int nvmet_sq_place(struct nvmet_sq_ring *sq, const struct nvmet_sqe *sqe)
{
	uint32_t next = sq->tail + 1 == sq->size ? 0 : sq->tail + 1;

	if (next == sq->head)
		return -EBUSY;
	memcpy(&sq->entries[sq->tail], sqe, sizeof(*sqe));
	sq->tail = next;
	return 0;
}

/**
 * nvmet_sq_ring_value() - write the tail doorbell with any value, valid
 * or not, for protocol tests
 * @sq: queue
 * @value: the value written
 */
static inline void nvmet_sq_ring_value(struct nvmet_sq_ring *sq, uint32_t value)
{
	/* The controller may fetch entries as soon as it sees the new tail. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*sq->db = value;
}

/**
 * nvmet_sq_ring() - write the tail doorbell with the current tail
 * @sq: queue
 */
static inline void nvmet_sq_ring(struct nvmet_sq_ring *sq)
{
	nvmet_sq_ring_value(sq, sq->tail);
}

/**
 * nvmet_sq_submit() - place an entry and ring the doorbell
 * @sq: queue
 * @sqe: the entry
 *
 * Return: 0, or -EBUSY when the queue is full.
 */
static inline int nvmet_sq_submit(struct nvmet_sq_ring *sq, const struct nvmet_sqe *sqe)
{
	int ret = nvmet_sq_place(sq, sqe);

	if (!ret)
		nvmet_sq_ring(sq);
	return ret;
}

/**
 * nvmet_sq_update_head() - record the SQ head a completion reported
 * @sq: queue
 * @cqe: a completion for this queue
 */
static inline void nvmet_sq_update_head(struct nvmet_sq_ring *sq, const struct nvmet_cqe *cqe)
{
	/* An out-of-range SQHD would defeat the full check; keep the last good one. */
	if (cqe->sqhd < sq->size)
		sq->head = cqe->sqhd;
}

/**
 * nvmet_cq_peek() - the entry at the head, if its phase tag is current
 * @cq: queue
 *
 * Does not consume it (nvmet_cq_advance() does) and does not copy it: the
 * entry stays valid until the head doorbell tells the controller it may
 * write the slot again.
 *
 * Return: the entry in the ring, or NULL when none is new.
 */
static inline const struct nvmet_cqe *nvmet_cq_peek(struct nvmet_cq_ring *cq)
{
	volatile struct nvmet_cqe *e = &cq->entries[cq->head];

	if ((e->status & 1) != cq->phase)
		return NULL;
	/* The rest of the entry was written before its phase tag flipped. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return (const struct nvmet_cqe *)e;
}

/**
 * nvmet_cq_advance() - consume the entry at the head
 * @cq: queue
 *
 * Does not ring the doorbell.
 */
static inline void nvmet_cq_advance(struct nvmet_cq_ring *cq)
{
	if (++cq->head == cq->size) {
		cq->head = 0;
		cq->phase ^= 1;
	}
}

/**
 * nvmet_cq_ring_value() - write the head doorbell with any value
 * @cq: queue
 * @value: the value written
 */
static inline void nvmet_cq_ring_value(struct nvmet_cq_ring *cq, uint32_t value)
{
	/* Entries must be read before the controller may reuse their slots. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	*cq->db = value;
}

/**
 * nvmet_cq_ring() - write the head doorbell with the current head
 * @cq: queue
 */
static inline void nvmet_cq_ring(struct nvmet_cq_ring *cq)
{
	nvmet_cq_ring_value(cq, cq->head);
}

/**
 * nvmet_cq_reap() - consume up to @max new completions, copying them
 * @cq: queue
 * @cqes: filled with the completions
 * @max: capacity of @cqes
 *
 * Writes the head doorbell once when anything was consumed.
 *
 * Return: the number consumed.
 */
static inline int nvmet_cq_reap(struct nvmet_cq_ring *cq, struct nvmet_cqe *cqes, int max)
{
	const struct nvmet_cqe *e;
	int n = 0;

	while (n < max && (e = nvmet_cq_peek(cq))) {
		cqes[n++] = *e;
		nvmet_cq_advance(cq);
	}
	if (n)
		nvmet_cq_ring(cq);
	return n;
}

/**
 * nvmet_cq_wait() - poll until @n completions were reaped or time runs out
 * @cq: queue
 * @cqes: filled with the completions
 * @n: how many to wait for (and capacity of @cqes)
 * @timeout_ms: how long to poll
 *
 * Return: the number reaped (less than @n on timeout).
 */
int nvmet_cq_wait(struct nvmet_cq_ring *cq, struct nvmet_cqe *cqes, int n,
		  unsigned int timeout_ms);

#endif /* NVMET_RING_H */
