/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/kqpair.h - I/O submission and completion queues of a controller
 * bound to nvmetest, driven from user space in poll mode: the module
 * allocates the queue memory and maps it, with the doorbells, into the
 * caller, so submitting and reaping take no system call.
 *
 * The raw layer is exposed: entries are placed at the tail as given (CID
 * included), doorbells can be written with any value, and completions are
 * read by phase tag.
 */
#ifndef NVMET_KQPAIR_H
#define NVMET_KQPAIR_H

#include <stdint.h>

#include <nvmet/kdev.h>
#include <nvmet/nvme.h>

/**
 * struct nvmet_kcq - an I/O completion queue
 * @dev: owning device
 * @qid: queue id
 * @size: entries
 * @head: next entry to read
 * @phase: expected phase tag of the entry at @head
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR
 * @entries: the mapped queue memory
 * @db: the head doorbell
 */
struct nvmet_kcq {
	struct nvmet_kdev *dev;
	uint16_t qid;
	uint32_t size;
	uint32_t head;
	unsigned int phase;
	uint32_t vector;
	volatile struct nvmet_cqe *entries;
	volatile uint32_t *db;
};

/**
 * struct nvmet_ksq - an I/O submission queue
 * @dev: owning device
 * @qid: queue id
 * @cqid: the completion queue it posts to
 * @size: entries
 * @tail: next free slot
 * @head: last head reported by the controller in a completion
 * @entries: the mapped queue memory
 * @db: the tail doorbell
 */
struct nvmet_ksq {
	struct nvmet_kdev *dev;
	uint16_t qid;
	uint16_t cqid;
	uint32_t size;
	uint32_t tail;
	uint32_t head;
	struct nvmet_sqe *entries;
	volatile uint32_t *db;
};

/**
 * nvmet_kcq_create() - create an I/O completion queue and map it
 * @dev: device
 * @qid: queue id
 * @size: entries
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR for no interrupts
 * @cq: filled in
 * @status: the Create I/O CQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused (see @status), or another
 * negative errno.
 */
int nvmet_kcq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size, uint32_t vector,
		     struct nvmet_kcq *cq, uint32_t *status);

/**
 * nvmet_kcq_delete() - delete an I/O completion queue and unmap it
 * @cq: queue
 * @status: the Delete I/O CQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_kcq_delete(struct nvmet_kcq *cq, uint32_t *status);

/**
 * nvmet_ksq_create() - create an I/O submission queue and map it
 * @dev: device
 * @qid: queue id
 * @size: entries
 * @cq: the completion queue it posts to
 * @prio: queue priority, 0..3
 * @sq: filled in
 * @status: the Create I/O SQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_ksq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size,
		     const struct nvmet_kcq *cq, unsigned int prio, struct nvmet_ksq *sq,
		     uint32_t *status);

/**
 * nvmet_ksq_delete() - delete an I/O submission queue and unmap it
 * @sq: queue
 * @status: the Delete I/O SQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_ksq_delete(struct nvmet_ksq *sq, uint32_t *status);

/**
 * nvmet_ksq_place() - copy an entry into the slot at the tail
 * @sq: queue
 * @sqe: the entry, CID included
 *
 * Does not ring the doorbell.
 *
 * Return: 0, or -EBUSY when the queue is full.
 */
int nvmet_ksq_place(struct nvmet_ksq *sq, const struct nvmet_sqe *sqe);

/**
 * nvmet_ksq_ring() - write the tail doorbell with the current tail
 * @sq: queue
 */
void nvmet_ksq_ring(struct nvmet_ksq *sq);

/**
 * nvmet_ksq_ring_value() - write the tail doorbell with any value, valid
 * or not, for protocol tests
 * @sq: queue
 * @value: the value written
 */
void nvmet_ksq_ring_value(struct nvmet_ksq *sq, uint32_t value);

/**
 * nvmet_ksq_submit() - place an entry and ring the doorbell
 * @sq: queue
 * @sqe: the entry
 *
 * Return: 0, or -EBUSY when the queue is full.
 */
int nvmet_ksq_submit(struct nvmet_ksq *sq, const struct nvmet_sqe *sqe);

/**
 * nvmet_kcq_peek() - the entry at the head if its phase tag is current
 * @cq: queue
 * @cqe: a copy of the entry
 *
 * Does not consume it.
 *
 * Return: 1 when an entry is there, 0 when not.
 */
int nvmet_kcq_peek(struct nvmet_kcq *cq, struct nvmet_cqe *cqe);

/**
 * nvmet_kcq_reap() - consume up to @max new completions
 * @cq: queue
 * @cqes: filled with the completions
 * @max: capacity of @cqes
 *
 * Writes the head doorbell once when anything was consumed.
 *
 * Return: the number consumed.
 */
int nvmet_kcq_reap(struct nvmet_kcq *cq, struct nvmet_cqe *cqes, int max);

/**
 * nvmet_kcq_ring_value() - write the head doorbell with any value
 * @cq: queue
 * @value: the value written
 */
void nvmet_kcq_ring_value(struct nvmet_kcq *cq, uint32_t value);

/**
 * nvmet_kcq_wait() - poll until @n completions were reaped or time runs out
 * @cq: queue
 * @cqes: filled with the completions
 * @n: how many to wait for (and capacity of @cqes)
 * @timeout_ms: how long to poll
 *
 * Return: the number reaped (less than @n on timeout).
 */
int nvmet_kcq_wait(struct nvmet_kcq *cq, struct nvmet_cqe *cqes, int n, unsigned int timeout_ms);

/**
 * nvmet_ksq_update_head() - record the SQ head a completion reported
 * @sq: queue
 * @cqe: a completion for this queue
 */
void nvmet_ksq_update_head(struct nvmet_ksq *sq, const struct nvmet_cqe *cqe);

#endif /* NVMET_KQPAIR_H */
