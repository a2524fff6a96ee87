/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/qpair.h - I/O queue pairs: an SQ and its CQ (or a CQ shared with
 * another pair), driven from user space in poll mode, with a tracker per
 * command whose index is the CID, callbacks, timeouts, interrupt checks and
 * a command log.
 */
#ifndef NVMET_QPAIR_H
#define NVMET_QPAIR_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/ctrl.h>
#include <nvmet/ring.h>

struct nvmet_qpair;

/**
 * struct nvmet_qpair_opts - a queue pair's parameters
 * @depth: entries of the SQ and the CQ, 2..MQES+1 (0: 64)
 * @qid: queue id, 0 for the lowest free one
 * @prio: SQ priority QPRIO, 0 urgent .. 3 low
 * @irq: the CQ raises interrupts
 * @vector: interrupt vector when @irq (0 is the admin queue's)
 * @share_cq: put the SQ on this pair's CQ instead of a new CQ
 * @sgl: describe data with an SGL data block descriptor instead of PRPs
 *	(the controller must support SGLs: Identify Controller SGLS)
 * @no_cmdlog: keep no command log (the counters are kept): a few
 *	instructions less per command, nothing for nvmet_qpair_cmdlog() or
 *	the module's netlink to show
 */
struct nvmet_qpair_opts {
	uint32_t depth;
	uint16_t qid;
	unsigned int prio;
	bool irq;
	uint32_t vector;
	struct nvmet_qpair *share_cq;
	bool sgl;
	bool no_cmdlog;
};

/**
 * struct nvmet_cmdlog_rec - one command of a queue's command log
 * @sqe: as submitted
 * @cqe: the completion (valid when @complete_ns is not 0)
 * @submit_ns: CLOCK_MONOTONIC at submission
 * @complete_ns: CLOCK_MONOTONIC when reaped, 0 while in flight
 */
struct nvmet_cmdlog_rec {
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint64_t submit_ns;
	uint64_t complete_ns;
};

/**
 * nvmet_qpair_create() - create an I/O queue pair
 * @ctrl: controller
 * @opts: parameters, or NULL for the defaults
 * @out: the pair
 *
 * Return: 0, -EIO when the controller refused a queue, -ENOSPC when no
 * queue id is free, -EOPNOTSUPP for SGLs on a controller without them, or
 * a negative errno.
 */
int nvmet_qpair_create(struct nvmet_ctrl *ctrl, const struct nvmet_qpair_opts *opts,
		       struct nvmet_qpair **out);

/**
 * nvmet_qpair_delete() - delete the SQ (and its CQ unless shared) and free
 * @qp: queue pair, may be NULL; commands in flight are abandoned
 *
 * Return: 0; -ENODEV when the device is gone (@qp is freed all the same,
 * its memory unmapped); or another negative errno, and @qp stays.
 */
int nvmet_qpair_delete(struct nvmet_qpair *qp);

/**
 * nvmet_qpair_qid() - the SQ id
 * @qp: queue pair
 *
 * Return: the id.
 */
uint16_t nvmet_qpair_qid(const struct nvmet_qpair *qp);

/**
 * nvmet_qpair_submit() - submit an I/O command
 * @qp: queue pair
 * @sqe: the command; its CID and (with @buf) data pointer are filled in
 * @buf: data buffer from nvmet_ctrl_buf_alloc(), or NULL
 * @offset: offset of the data in @buf, a multiple of 4
 * @len: bytes of data (PRPs built for up to 2 MiB)
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, -EBUSY when the queue is full, or a negative errno.
 */
int nvmet_qpair_submit(struct nvmet_qpair *qp, struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		       size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_qpair_submit_fused() - submit a fused pair (e.g. compare and write)
 * @qp: queue pair
 * @first: the first command (FUSE 01b), e.g. from nvmet_cmd_fused_compare_write()
 * @buf1: its data buffer, or NULL
 * @off1: offset in @buf1
 * @len1: bytes of data
 * @second: the second command (FUSE 10b)
 * @buf2: its data buffer, or NULL
 * @off2: offset in @buf2
 * @len2: bytes of data
 * @cb: called once for each of the two completions
 * @cb_arg: its argument
 *
 * The two entries are placed next to each other and the doorbell is
 * written once, as fused operations require.
 *
 * Return: 0, -EBUSY when the queue lacks room for both, or a negative errno.
 */
int nvmet_qpair_submit_fused(struct nvmet_qpair *qp, struct nvmet_sqe *first,
			     struct nvmet_buf *buf1, size_t off1, size_t len1,
			     struct nvmet_sqe *second, struct nvmet_buf *buf2, size_t off2,
			     size_t len2, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_qpair_process() - reap what has completed, without waiting
 * @qp: queue pair
 * @max: most completions to reap, 0 for all
 *
 * Also completes commands past the timeout with an all-ones CQE.
 *
 * Return: completions reaped (callbacks called).
 */
int nvmet_qpair_process(struct nvmet_qpair *qp, unsigned int max);

/**
 * nvmet_qpair_waitdone() - reap @n completions, polling
 * @qp: queue pair
 * @n: how many
 * @dw0: DW0 of the last, may be NULL
 *
 * Return: 0, or -EINVAL when fewer than @n commands are in flight.
 */
int nvmet_qpair_waitdone(struct nvmet_qpair *qp, unsigned int n, uint32_t *dw0);

/**
 * nvmet_qpair_outstanding() - commands in flight
 * @qp: queue pair
 *
 * Return: the count.
 */
unsigned int nvmet_qpair_outstanding(const struct nvmet_qpair *qp);

/**
 * nvmet_qpair_msix_clear() - zero the interrupt count of the pair's vector
 * @qp: queue pair (created with interrupts)
 *
 * Return: 0, -EINVAL without interrupts, or a negative errno.
 */
int nvmet_qpair_msix_clear(struct nvmet_qpair *qp);

/**
 * nvmet_qpair_msix_isset() - whether the vector raised an interrupt since
 * the last clear
 * @qp: queue pair
 *
 * Return: 1, 0, or a negative errno.
 */
int nvmet_qpair_msix_isset(struct nvmet_qpair *qp);

/**
 * nvmet_qpair_msix_mask() - mask or unmask the pair's vector
 * @qp: queue pair
 * @mask: true to mask
 *
 * Return: 0 or a negative errno.
 */
int nvmet_qpair_msix_mask(struct nvmet_qpair *qp, bool mask);

/**
 * nvmet_qpair_cmdlog() - the most recent commands of the pair, oldest first
 * @qp: queue pair
 * @out: filled
 * @max: capacity of @out
 *
 * Return: the number filled.
 */
int nvmet_qpair_cmdlog(const struct nvmet_qpair *qp, struct nvmet_cmdlog_rec *out,
		       unsigned int max);

/**
 * nvmet_qpair_cmdlog_print() - print the last @count commands, one line each
 * @qp: queue pair
 * @count: how many
 * @f: where
 *
 * Return: lines printed, or a negative errno.
 */
int nvmet_qpair_cmdlog_print(const struct nvmet_qpair *qp, unsigned int count, FILE *f);

/**
 * nvmet_qpair_raw_sq() - the submission queue, for the raw layer (ring.h)
 * @qp: queue pair
 *
 * Return: the SQ, or NULL when the pair has no rings (NVMe/TCP: commands
 * travel as capsules on the pair's connection).
 */
struct nvmet_sq_ring *nvmet_qpair_raw_sq(struct nvmet_qpair *qp);

/**
 * nvmet_qpair_raw_cq() - the completion queue, for the raw layer
 * @qp: queue pair
 *
 * Return: the CQ, or NULL when the pair has no rings.
 */
struct nvmet_cq_ring *nvmet_qpair_raw_cq(struct nvmet_qpair *qp);

#endif /* NVMET_QPAIR_H */
