/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conformance.h - the NVMe conformance suite: its tests, their groups (as
 * the conformance test plans are organised) and what a test is given.
 *
 * Each test checks one clause of NVMe Base 2.0 or NVM Command Set 1.0 and
 * names it. It runs in a process of its own on a controller opened (and
 * reset) for it alone, reads the identify data to decide whether the
 * optional feature it checks applies, and skips with that reason when it
 * does not. The first failed check ends the test; its message says what
 * the device did against what the clause asks.
 */
#ifndef CONFORMANCE_H
#define CONFORMANCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvmet.h>

#define CF_MSG_MAX	1024

enum cf_result {
	CF_PASS,
	CF_FAIL,
	CF_SKIP,
};

/* What a test needs before it runs: a namespace, an I/O queue pair, data buffers. */
#define CF_NEED_NS	(1u << 0)
#define CF_NEED_QP	(1u << 1)	/* implies CF_NEED_NS */

/* Bytes of each of the two data buffers (out, in) a CF_NEED_QP test gets. */
#define CF_BUF_BYTES	(1024u * 1024u)

/**
 * struct cf - what a running test has
 * @dev: the device's address, as given
 * @ctrl: the controller, opened and initialized for this test
 * @id: its Identify Controller data
 * @cap: the CAP register
 * @ns: namespace 1 (CF_NEED_NS)
 * @qp: an I/O queue pair (CF_NEED_QP)
 * @out: a data buffer for writes (CF_NEED_QP)
 * @in: a data buffer for reads (CF_NEED_QP)
 * @bufs: what cf_buf() allocated, freed at the end
 * @nbufs: how many
 * @result: how it ended so far
 * @msg: why it failed or skipped
 */
struct cf {
	const char *dev;
	struct nvmet_ctrl *ctrl;
	const uint8_t *id;
	uint64_t cap;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
	struct nvmet_buf *bufs[8];
	unsigned int nbufs;
	enum cf_result result;
	char msg[CF_MSG_MAX];
};

/**
 * struct cf_test - one test
 * @name: short name, unique in its group ("identify-ctrl-entry-sizes")
 * @clause: the specification section it checks ("Base 2.0 5.17.2.1")
 * @title: what the clause requires, in one line
 * @needs: CF_NEED_ flags
 * @run: the test
 */
struct cf_test {
	const char *name;
	const char *clause;
	const char *title;
	unsigned int needs;
	void (*run)(struct cf *t);
};

/**
 * struct cf_group - the tests of one part of the test plans
 * @name: "admin", "nvm", ...
 * @title: the part's name in the plans
 * @tests: its tests
 * @count: how many
 */
struct cf_group {
	const char *name;
	const char *title;
	const struct cf_test *tests;
	size_t count;
};

extern const struct cf_group cf_group_admin, cf_group_nvm, cf_group_features,
	cf_group_registers, cf_group_memory, cf_group_arch, cf_group_reservations;

/**
 * struct cf_deviation - a known departure of a device from a clause: its
 * test is an expected failure on that device
 * @vid: PCI vendor id in Identify Controller
 * @mn: model number (Identify Controller MN, trimmed)
 * @test: "group/name"
 * @clause: the clause the device departs from
 * @why: what it does instead
 */
struct cf_deviation {
	uint16_t vid;
	const char *mn;
	const char *test;
	const char *clause;
	const char *why;
};

/* The deviation of the device with Identify Controller @id for @test, or NULL. */
const struct cf_deviation *cf_deviation_find(const uint8_t *id, const char *test);

/* A failed check: records the first (printf-style), later ones are ignored. */
void cf_fail(struct cf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The test does not apply, and why. */
void cf_skip(struct cf *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Check @cond; when false the test fails with the message and returns. */
#define CF_CHECK(t, cond, ...) do { \
	if (!(cond)) { \
		cf_fail((t), __VA_ARGS__); \
		return; \
	} \
} while (0)

#define CF_SKIP(t, ...) do { \
	cf_skip((t), __VA_ARGS__); \
	return; \
} while (0)

/* A status as "SCT/SC name" for messages. */
const char *cf_status_str(uint16_t status, char *buf, size_t len);

/* Check that @cqe completed with status (@sct, @sc); @what names the command. */
#define CF_CHECK_STATUS(t, cqe, sct, sc, what) do { \
	char got_[96]; \
	CF_CHECK((t), nvmet_cqe_sct(&(cqe)) == (sct) && nvmet_cqe_sc(&(cqe)) == (sc), \
		 "%s: completed with %s, the clause requires SCT %xh SC %02xh (%s)", (what), \
		 cf_status_str((cqe).status, got_, sizeof(got_)), (unsigned int)(sct), \
		 (unsigned int)(sc), nvmet_status_name((sct), (sc))); \
} while (0)

#define CF_CHECK_OK(t, cqe, what) CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_SUCCESS, what)

/* Send @sqe (an admin command without data) and check it completes with (@sct, @sc). */
#define CF_ADMIN_EXPECT(t, sqe, sct, sc, what) do { \
	struct nvmet_cqe c_ = cf_admin((t), (sqe), NULL, 0, NVMET_DIR_NONE); \
	CF_CHECK_STATUS((t), c_, (sct), (sc), (what)); \
} while (0)

/* An admin command and its data (@len bytes of @buf, @dir), run to completion. */
struct nvmet_cqe cf_admin(struct cf *t, const struct nvmet_sqe *sqe, struct nvmet_buf *buf,
			  size_t len, enum nvmet_dir dir);

/*
 * An I/O command on @qp with data (@len bytes of @buf at @off, PRPs or an
 * SGL as the pair does, or the SQE's own pointers when @buf is NULL), run
 * to completion.
 */
struct nvmet_cqe cf_io(struct cf *t, struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
		       struct nvmet_buf *buf, size_t off, size_t len);

/* Namespace 1's LBA size and capacity in blocks. */
uint32_t cf_lba(const struct cf *t);
uint64_t cf_nsze(const struct cf *t);

/* A data buffer of @size bytes for this test, freed when it ends. NULL when none. */
struct nvmet_buf *cf_buf(struct cf *t, size_t size, const char *name);

/* Write @nlb blocks at @slba from t->out at @off; the completion. */
struct nvmet_cqe cf_write(struct cf *t, uint64_t slba, uint32_t nlb, size_t off);
/* Read @nlb blocks at @slba into t->in at @off; the completion. */
struct nvmet_cqe cf_read(struct cf *t, uint64_t slba, uint32_t nlb, size_t off);

/* A 32-bit (or, with @width 8, 64-bit) controller register; a failed read fails the test. */
uint64_t cf_reg(struct cf *t, uint32_t off, unsigned int width);

/*
 * Whether the controller is reached through PCIe registers and memory, not
 * a fabric (Identify Controller IOCCSZ is reserved, 0, on PCIe).
 */
bool cf_is_pcie(const struct cf *t);

#endif /* CONFORMANCE_H */
