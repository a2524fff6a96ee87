/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * transport.h - what a controller is reached through: a small table of
 * operations (registers, configuration space, DMA memory, queue memory and
 * doorbells, interrupt state, admin submission, reset). The queue code,
 * the command builders and the cmdlog above it are one code path for
 * every transport.
 */
#ifndef NVMET_TRANSPORT_H
#define NVMET_TRANSPORT_H

#include <stdint.h>

#include <nvmetest.h>
#include <nvmet/buffer.h>
#include <nvmet/ring.h>
#include <nvmet/nvme.h>

struct nvmet_ctrl;
struct nvmet_qhook;

/* Data direction of an admin command. */
enum nvmet_tdir { NVMET_TDIR_NONE, NVMET_TDIR_TO_DEV, NVMET_TDIR_FROM_DEV };

/**
 * struct nvmet_acpl - a finished admin command
 * @tag: what the submitter gave
 * @cqe: the completion, all-ones when @result is not 0
 * @result: 0, or NVMETEST_RESULT_TIMED_OUT / NVMETEST_RESULT_ABORTED
 * @latency_ns: submission to completion
 */
struct nvmet_acpl {
	uint64_t tag;
	struct nvmet_cqe cqe;
	uint32_t result;
	uint64_t latency_ns;
};

/**
 * struct nvmet_tinfo - what the transport knows of the controller
 * @cap: the CAP register
 * @nr_vectors: interrupt vectors
 * @max_qid: highest I/O queue id
 * @page_size: controller memory page size (CC.MPS)
 * @bdf: PCI address, "" when the controller is not a PCI function
 * @admin_tags: admin commands the library may have in flight when the
 *	transport carries them (@admin_send); 0 for the default
 */
struct nvmet_tinfo {
	uint64_t cap;
	uint32_t nr_vectors;
	uint32_t max_qid;
	uint32_t page_size;
	char bdf[16];
	uint32_t admin_tags;
};

/**
 * struct nvmet_transport - the operations of one kind of controller
 *
 * Every operation returns 0 (or a count) or a negative errno. @dma's
 * context is the controller. With @admin_submit, admin timeouts are the
 * transport's: a command that times out finishes with
 * NVMETEST_RESULT_TIMED_OUT; 0 means no timeout.
 */
struct nvmet_transport {
	const char *name;
	void (*close)(struct nvmet_ctrl *ctrl);
	int (*info)(struct nvmet_ctrl *ctrl, struct nvmet_tinfo *info);
	int (*reg_read)(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t *val);
	int (*reg_write)(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint64_t val);
	int (*cfg_read)(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t *val);
	int (*cfg_write)(struct nvmet_ctrl *ctrl, uint32_t off, unsigned int width, uint32_t val);
	const struct nvmet_dma_ops *dma;
	/* The device went away with the memory behind a buffer: let go of it. */
	void (*dma_lost)(struct nvmet_ctrl *ctrl, void *va, size_t size);
	int (*cq_create)(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_cq_ring *cq, uint32_t *status);
	int (*cq_delete)(struct nvmet_ctrl *ctrl, struct nvmet_cq_ring *cq, uint32_t *status);
	int (*sq_create)(struct nvmet_ctrl *ctrl, uint16_t qid, uint32_t size,
			 const struct nvmet_cq_ring *cq, unsigned int prio, struct nvmet_sq_ring *sq,
			 uint32_t *status);
	int (*sq_delete)(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring *sq, uint32_t *status);
	int (*irq_get)(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count, int *masked);
	int (*irq_clear)(struct nvmet_ctrl *ctrl, unsigned int vector);
	int (*irq_mask)(struct nvmet_ctrl *ctrl, unsigned int vector, int mask);
	/*
	 * Either admin rings in host memory, which the library drives like an
	 * I/O queue's (it times their commands out too) ...
	 */
	int (*admin_rings)(struct nvmet_ctrl *ctrl, struct nvmet_sq_ring **sq,
			   struct nvmet_cq_ring **cq);
	/* ... or an admin queue of the transport's own, with submit and reap. */
	int (*admin_submit)(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			    const struct nvmet_buf *buf, size_t off, size_t len, enum nvmet_tdir dir,
			    uint32_t timeout_ms, uint64_t tag);
	int (*admin_reap)(struct nvmet_ctrl *ctrl, struct nvmet_acpl *out, unsigned int max,
			  unsigned int timeout_ms);
	/*
	 * ... or no rings, the transport carrying commands and completions
	 * itself (NVMe/TCP), on the library's tracker as with rings: it sends
	 * a command whose CID the tracker gave (@buf at @off for @len bytes,
	 * @dir; 0 or a negative errno), and takes what has come back without
	 * waiting, ending the commands on ctrl->admin.trk (how many
	 * completions it took, or a negative errno).
	 */
	int (*admin_send)(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  const struct nvmet_buf *buf, size_t off, size_t len, enum nvmet_tdir dir);
	int (*admin_recv)(struct nvmet_ctrl *ctrl);
	/* I/O queues without rings: the queue pairs submit and poll through it. */
	const struct nvmet_qhook *qhook;
	int (*reset)(struct nvmet_ctrl *ctrl);
	int (*reopen)(struct nvmet_ctrl *ctrl);
	int (*pci_reset)(struct nvmet_ctrl *ctrl, int method);
	/* With @admin_submit: the transport's admin command log. */
	int (*admin_cmdlog)(struct nvmet_ctrl *ctrl, struct nvmetest_cmdlog_entry *out,
			    unsigned int max);
	/* Optional: power the controller off (@on 0) or on (1), for a power cycle. */
	int (*power)(struct nvmet_ctrl *ctrl, int on);
	/* Optional: publish SQ @qid's struct nvmetest_qstats region at @off in @buf. */
	int (*queue_stats)(struct nvmet_ctrl *ctrl, uint16_t qid, const struct nvmet_buf *buf,
			   size_t off);
};

/* The transport of /dev/nvmetestN and PCI addresses bound to nvmetest. */
__attribute__((visibility("hidden")))
int nvmet_kmod_open(const char *name, struct nvmet_ctrl *ctrl);

/* The emulated controller, "emu:" followed by its options. */
__attribute__((visibility("hidden")))
int nvmet_emu_open(const char *opts, struct nvmet_ctrl *ctrl);

/* An NVMe/TCP controller, "tcp:" followed by ADDR[:PORT]/SUBNQN[,options]. */
__attribute__((visibility("hidden")))
int nvmet_tcp_open(const char *addr, struct nvmet_ctrl *ctrl);

#endif /* NVMET_TRANSPORT_H */
