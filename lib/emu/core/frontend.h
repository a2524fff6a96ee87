/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * frontend.h - what the controller core asks of its front end: the
 * transport-shaped half of a controller (pcie/ is one; an NVMe/TCP target
 * would be another). The core decodes, executes and completes commands and
 * keeps the register file; the front end brings commands in, moves their
 * data, posts their completions, and owns the I/O queues and the thread
 * that runs the controller.
 *
 * Every operation is called from the controller's thread, except kick and
 * quiesce (any thread).
 */
#ifndef NVMET_EMU_FRONTEND_H
#define NVMET_EMU_FRONTEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#include "sg.h"

struct emu_cmd;

/**
 * struct emu_frontend_ops - a front end's side of the controller
 * @enable: CC.EN went 0 to 1: set the admin queues up, @asqs and @acqs
 *	entries (from AQA) at @asq and @acq; 0, or a status (the controller then
 *	reports CFS)
 * @reset: a controller reset: every queue goes, with what waits on them
 * @sq_head: the head of SQ @sqid, for a completion's SQHD
 * @post: deliver a completion (the core ran the writeback taps already)
 * @data_map: a command's data as host memory: @len bytes for @sqe, of an
 *	admin command when @admin; 0 or the status to fail the command with
 *	(emu_sg_release() is called either way)
 * @create_cq: Create I/O Completion Queue; @max_qid is the highest id the
 *	Number of Queues feature granted; 0 or a status
 * @create_sq: Create I/O Submission Queue, likewise
 * @delete_cq: Delete I/O Completion Queue
 * @delete_sq: Delete I/O Submission Queue (the front end ends what the core
 *	holds for it with emu_core_sq_deleted() first)
 * @io_queues: whether any I/O queue exists
 * @pci_ids: PCI vendor, device, subsystem vendor and subsystem IDs, 8
 *	bytes as configuration space has them (zeros for no PCI function)
 * @kick: something changed (a register, an event): run the loop soon
 * @quiesce: return once the loop ran through a round started after the call
 */
struct emu_frontend_ops {
	uint16_t (*enable)(void *fe, uint32_t asqs, uint32_t acqs, uint64_t asq, uint64_t acq);
	void (*reset)(void *fe);
	uint16_t (*sq_head)(void *fe, uint16_t sqid);
	void (*post)(void *fe, struct emu_cmd *cmd);
	uint16_t (*data_map)(void *fe, const struct nvmet_sqe *sqe, size_t len, bool admin,
			     struct emu_sg *sg);
	uint16_t (*create_cq)(void *fe, const struct nvmet_sqe *sqe, unsigned int max_qid);
	uint16_t (*create_sq)(void *fe, const struct nvmet_sqe *sqe, unsigned int max_qid);
	uint16_t (*delete_cq)(void *fe, uint16_t qid);
	uint16_t (*delete_sq)(void *fe, uint16_t qid);
	bool (*io_queues)(void *fe);
	void (*pci_ids)(void *fe, uint8_t ids[8]);
	void (*kick)(void *fe);
	void (*quiesce)(void *fe);
};

#endif /* NVMET_EMU_FRONTEND_H */
