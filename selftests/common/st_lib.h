/* SPDX-License-Identifier: GPL-2.0 */
/*
 * st_lib.h - helpers of the tests written against libnvmet (lib/, emu/):
 * a register read, an admin command run to its completion, the events an
 * AER handler saw. Inline, because they EXPECT through the metadata of the
 * test that calls them.
 */
#ifndef ST_LIB_H
#define ST_LIB_H

#include <string.h>

#include <nvmet/nvmet.h>

#include "nvmetest_harness.h"

/*
 * A call a controller may not have (an NVMe/TCP one has no PCI configuration
 * space, interrupts, shared CQs or fused commands on rings): -EOPNOTSUPP
 * skips the test with the library's reason, anything but 0 fails it.
 */
#define ST_NEED(call)							\
	do {								\
		int st_need_ = (call);					\
									\
		if (st_need_ == -EOPNOTSUPP)				\
			SKIP(return, "%s", nvmet_last_error());		\
		ASSERT_EQ(0, st_need_);					\
	} while (0)

/* A 32-bit controller register; a failed read fails the test. */
static inline uint32_t st_reg32(struct __test_metadata *_metadata, struct nvmet_ctrl *ctrl,
				uint32_t off)
{
	uint64_t v = 0;

	EXPECT_EQ(0, nvmet_ctrl_reg_read(ctrl, off, 4, &v));
	return (uint32_t)v;
}

/*
 * @sqe sent and waited for, its data (@len bytes, @dir) at the start of
 * @buf: the completion. An errno or a timeout fails the test.
 */
static inline struct nvmet_cqe st_admin(struct __test_metadata *_metadata,
					struct nvmet_ctrl *ctrl, struct nvmet_buf *buf,
					const struct nvmet_sqe *sqe, size_t len,
					enum nvmet_dir dir)
{
	struct nvmet_cqe cqe;

	memset(&cqe, 0, sizeof(cqe));
	EXPECT_EQ(0, nvmet_ctrl_admin_sync(ctrl, sqe, len ? buf : NULL, 0, len,
					   len ? dir : NVMET_DIR_NONE, &cqe));
	EXPECT_FALSE(nvmet_cqe_is_timeout(&cqe)) TH_LOG("%s timed out",
							nvmet_admin_opcode_name(sqe->opc));
	return cqe;
}

/*
 * The controller at @addr with namespace 1, a queue pair and two buffers
 * of @bytes ("out" and "in"): what most I/O tests start from. Fails the
 * test when any cannot be had.
 */
static inline void st_io_open(struct __test_metadata *_metadata, const char *addr, size_t bytes,
			      struct nvmet_ctrl **ctrl, struct nvmet_ns **ns,
			      struct nvmet_qpair **qp, struct nvmet_buf **out,
			      struct nvmet_buf **in)
{
	int ret = nvmet_ctrl_open(addr, NULL, ctrl);

	ASSERT_EQ(0, ret) TH_LOG("%s: %s (%s)", addr, strerror(-ret), nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_open(*ctrl, 1, ns));
	ASSERT_EQ(0, nvmet_qpair_create(*ctrl, NULL, qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(*ctrl, bytes, "out", out));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(*ctrl, bytes, "in", in));
}

/* st_io_open() on the emulated controller with the options @opts ("emu:@opts"). */
static inline void st_emu_io_open(struct __test_metadata *_metadata, const char *opts,
				  size_t bytes, struct nvmet_ctrl **ctrl, struct nvmet_ns **ns,
				  struct nvmet_qpair **qp, struct nvmet_buf **out,
				  struct nvmet_buf **in)
{
	char addr[512];

	ASSERT_GT((int)sizeof(addr), snprintf(addr, sizeof(addr), "emu:%s", opts));
	st_io_open(_metadata, addr, bytes, ctrl, ns, qp, out, in);
}

/* What st_io_open() made, let go of and forgotten (NULLs are fine). */
static inline void st_io_close(struct nvmet_ctrl **ctrl, struct nvmet_ns **ns,
			       struct nvmet_qpair **qp, struct nvmet_buf **out,
			       struct nvmet_buf **in)
{
	nvmet_qpair_delete(*qp);
	nvmet_buf_free(*in);
	nvmet_buf_free(*out);
	nvmet_ns_close(*ns);
	nvmet_ctrl_close(*ctrl);
	*qp = NULL;
	*in = *out = NULL;
	*ns = NULL;
	*ctrl = NULL;
}

/*
 * st_emu_io_open() into the fields of a fixture named as its arguments
 * (ctrl, ns, qp, out, in), and its lbs set to the namespace's LBA size.
 */
#define ST_EMU_IO_OPEN(opts, bytes) do {					\
	st_emu_io_open(_metadata, (opts), (bytes), &self->ctrl, &self->ns, &self->qp,	\
		       &self->out, &self->in);					\
	self->lbs = nvmet_ns_lba_size(self->ns);				\
} while (0)

/*
 * The one command in flight on @qp waited for, @submitted being what
 * sending it returned and @d what its callback (st_count_cb()) counts
 * into: its status as NVMET_CQE_STATUS(), ~0u when it was not sent.
 */
static inline unsigned int st_wait1(struct __test_metadata *_metadata, struct nvmet_qpair *qp,
				    struct st_done *d, int submitted)
{
	int before = d->count;

	EXPECT_EQ(0, submitted);
	if (submitted)
		return ~0u;
	EXPECT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_EQ(before + 1, d->count);
	return NVMET_CQE_STATUS(d->last.status);
}

#define ST_AER_MAX	64

/**
 * struct st_aer_log - what an AER handler saw
 * @n: events (the first ST_AER_MAX kept)
 * @dw0: their completion DW0
 * @status: their status half-word
 */
struct st_aer_log {
	unsigned int n;
	uint32_t dw0[ST_AER_MAX];
	uint16_t status[ST_AER_MAX];
};

/* An AER handler (nvmet_ctrl_aer_handler()) logging into the st_aer_log @arg. */
static inline void st_aer_cb(void *arg, const struct nvmet_cpl *cpl)
{
	const struct nvmet_cqe *cqe = cpl->cqe;
	struct st_aer_log *l = arg;

	if (l->n < ST_AER_MAX) {
		l->dw0[l->n] = cqe->dw0;
		l->status[l->n] = cqe->status;
	}
	l->n++;
}

/* The DW0 of the last event logged, 0 when none. */
static inline uint32_t st_aer_last(const struct st_aer_log *l)
{
	return l->n ? l->dw0[(l->n < ST_AER_MAX ? l->n : ST_AER_MAX) - 1] : 0;
}

/*
 * Send Keep Alives (admin commands: their reaping reaps the AERs too) until
 * @l logged @count events or @ms passed; the events logged.
 */
static inline unsigned int st_aer_wait(struct __test_metadata *_metadata,
				       struct nvmet_ctrl *ctrl, const struct st_aer_log *l,
				       unsigned int count, unsigned int ms)
{
	uint64_t deadline = st_now_ns() + (uint64_t)ms * 1000000u;
	struct nvmet_sqe ka;

	nvmet_cmd_keep_alive(&ka);
	while (l->n < count && st_now_ns() < deadline) {
		st_admin(_metadata, ctrl, NULL, &ka, 0, NVMET_DIR_NONE);
		st_sleep_ms(2);
	}
	return l->n;
}

#endif /* ST_LIB_H */
