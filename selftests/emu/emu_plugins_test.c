// SPDX-License-Identifier: GPL-2.0
/*
 * emu_plugins_test.c - the example plug-ins of the emulated controller
 * (examples/plugins/, built into BUILD/plugins/), each loaded from the
 * address "emu:plugin=PATH:ARGS" or with nvmet_emu_plugin_load(), and the
 * behaviour each injects checked exactly through libnvmet's public API:
 * read-only media, temperamental media, reincarnation, a vendor specific
 * admin command, a SMART critical warning with its event, commands that
 * hang (timeout, Abort, reset), data corrupted on read, a controller
 * fatal status until a reset; then loading errors and per-load state. A
 * test skips when its plug-in is not built.
 */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nvmet/emu.h>
#include <nvmet/nvmet.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

/* Attempted Write to Read Only Range, as ST_SC() gives it. */
#define SC_READ_ONLY	ST_SC(NVMET_SCT_CMD_SPECIFIC, 0x82)
/* SMART / Health Critical Warning bit 3: media placed in read only mode. */
#define CW_READ_ONLY	0x08u
#define BUF_BYTES	(64u << 10)


FIXTURE(plug) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
	struct nvmet_buf *log;
	uint32_t lba;			/* bytes per LBA of namespace 1 */
	char path[PATH_MAX];		/* the plug-in */
	char addr[PATH_MAX + 256];
	struct st_aer_log aer;		/* here, not on a stack: close may call the handler */
};

FIXTURE_SETUP(plug)
{
}

static void plug_close(FIXTURE_DATA(plug) *self)
{
	nvmet_qpair_delete(self->qp);
	nvmet_buf_free(self->log);
	nvmet_buf_free(self->in);
	nvmet_buf_free(self->out);
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
	self->qp = NULL;
	self->log = self->in = self->out = NULL;
	self->ns = NULL;
	self->ctrl = NULL;
}

FIXTURE_TEARDOWN(plug)
{
	plug_close(self);
}

/* BUILD/plugins/NAME.so into self->path, or skip the test. */
static void need_plugin(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
			const char *name)
{
	if (st_plugin_path(name, self->path, sizeof(self->path)))
		SKIP(longjmp(_metadata->env, 1), "%s.so is not built (make plugins)", name);
}

/* nvmet_ctrl_open("emu:EXTRA,plugin=PATH:ARGS") for self->path into self->ctrl. */
static int try_open(FIXTURE_DATA(plug) *self, const char *extra, const char *args,
		    const struct nvmet_ctrl_opts *opts)
{
	snprintf(self->addr, sizeof(self->addr), "emu:%s%splugin=%s%s%s", extra,
		 *extra ? "," : "", self->path, *args ? ":" : "", args);
	return nvmet_ctrl_open(self->addr, opts, &self->ctrl);
}

/* Namespace 1, a queue pair and buffers for a controller open in self->ctrl. */
static void plug_setup_io(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self)
{
	struct nvmet_qpair_opts qo = { .depth = 16 };

	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &self->ns));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &qo, &self->qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, BUF_BYTES, "out", &self->out));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, BUF_BYTES, "in", &self->in));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 4096, "log", &self->log));
	self->lba = nvmet_ns_lba_size(self->ns);
	ASSERT_LT(0u, self->lba);
}

/* Open "emu:EXTRA,plugin=NAME.so:ARGS" with I/O set up, or skip without the plug-in. */
static void plug_open(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
		      const char *extra, const char *name, const char *args,
		      const struct nvmet_ctrl_opts *opts)
{
	int ret;

	need_plugin(_metadata, self, name);
	ret = try_open(self, extra, args, opts);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s: %s", self->addr, strerror(-ret), nvmet_last_error());
	plug_setup_io(_metadata, self);
}

/* The status of opening NAME.so with ARGS (the controller closed again). */
static int open_status(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
		       const char *name, const char *args)
{
	int ret;

	need_plugin(_metadata, self, name);
	ret = try_open(self, "", args, NULL);
	if (!ret) {
		nvmet_ctrl_close(self->ctrl);
		self->ctrl = NULL;
	}
	return ret;
}

/* Wait for the one I/O command in flight on self->qp; its completion. */
static struct nvmet_cqe io_wait(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
				struct st_done *d)
{
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	ASSERT_EQ(1, d->count);
	return d->last;
}

/* Write @nlb blocks of pattern @seed at @slba (self->out holds them after). */
static struct nvmet_cqe io_write(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
				 uint64_t slba, uint32_t nlb, uint64_t seed)
{
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, (size_t)nlb * self->lba, NVMET_PATTERN_RANDOM,
				    100, seed));
	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp, self->out, 0, slba, nlb, st_count_cb, &d));
	return io_wait(_metadata, self, &d);
}

/* Read @nlb blocks at @slba into self->in (zeroed first). */
static struct nvmet_cqe io_read(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
				uint64_t slba, uint32_t nlb)
{
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_buf_fill(self->in, 0, BUF_BYTES, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp, self->in, 0, slba, nlb, st_count_cb, &d));
	return io_wait(_metadata, self, &d);
}

/* Read @nlb blocks at @slba: success, and they hold pattern @seed. */
static void expect_data(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
			uint64_t slba, uint32_t nlb, uint64_t seed)
{
	struct nvmet_cqe cqe = io_read(_metadata, self, slba, nlb);
	size_t len = (size_t)nlb * self->lba;

	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("read of LBA %llu: status 0x%04x",
					       (unsigned long long)slba, cqe.status);
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, len, NVMET_PATTERN_RANDOM, 100, seed));
	EXPECT_EQ(-1, nvmet_buf_compare(self->out, 0, self->in, 0, len))
		TH_LOG("LBA %llu does not hold pattern %llu", (unsigned long long)slba,
		       (unsigned long long)seed);
}

/* Read one block at @slba: success, and it reads as zeroes (never written). */
static void expect_zeroes(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
			  uint64_t slba)
{
	struct nvmet_cqe cqe = io_read(_metadata, self, slba, 1);

	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(1, st_all_bytes(self->in->va, self->lba, 0));
}

/* A completion with status Attempted Write to Read Only Range, DNR set. */
static void expect_read_only(struct __test_metadata *_metadata, const struct nvmet_cqe *cqe,
			     unsigned int write)
{
	EXPECT_FALSE(nvmet_cqe_is_timeout(cqe));
	EXPECT_EQ(SC_READ_ONLY, NVMET_CQE_STATUS(cqe->status))
		TH_LOG("write %u: status 0x%04x", write, cqe->status);
	EXPECT_EQ(1u, NVMET_CQE_DNR(cqe->status));
}

/* An admin command without data: its completion. */
static struct nvmet_cqe admin(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
			      const struct nvmet_sqe *sqe)
{
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_ctrl_admin_sync(self->ctrl, sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	return cqe;
}

/* An admin command @opc with CDW10 and CDW11 (a vendor specific one, say). */
static struct nvmet_cqe admin_raw(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
				  uint8_t opc, uint32_t cdw10, uint32_t cdw11)
{
	const uint32_t cdw[6] = { cdw10, cdw11 };
	struct nvmet_sqe sqe;

	nvmet_cmd_raw(&sqe, opc, 0, cdw);
	return admin(_metadata, self, &sqe);
}

/* The SMART / Health log's Critical Warning (reading it clears a SMART event's mask). */
static unsigned int critical_warning(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self)
{
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_SMART, 0xffffffffu, NULL,
						   self->log, 512, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("SMART log: status 0x%04x", cqe.status);
	return ((const uint8_t *)self->log->va)[0];
}

/* Asynchronous events to the handler, with SMART critical warnings @bits enabled. */
static void aer_listen(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self, uint32_t bits)
{
	struct nvmet_cqe cqe;

	memset(&self->aer, 0, sizeof(self->aer));
	nvmet_ctrl_aer_handler(self->ctrl, st_aer_cb, &self->aer);
	ASSERT_EQ(0, nvmet_admin_set_features_sync(self->ctrl, NVMET_FEAT_ASYNC_EVENT, false, bits,
						   NULL, NULL, 0, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("Set Features AEC: status 0x%04x", cqe.status);
}

/* A SMART / health event for log page 02h. */
static void expect_smart_event(struct __test_metadata *_metadata, uint32_t dw0)
{
	EXPECT_EQ(1u, dw0 & 0x7) TH_LOG("event type, dw0 0x%08x", dw0);
	EXPECT_EQ((uint32_t)NVMET_LOG_SMART, (dw0 >> 16) & 0xff) TH_LOG("log page, dw0 0x%08x", dw0);
}

/* ---- ro_fail.so ------------------------------------------------------- */

TEST_F(plug, ro_fail_behaves_then_drops_then_refuses)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "ro_fail", "writes=5;dropped=2", NULL);
	/* Writes 1-5 behave; reads in between do not count. */
	for (i = 1; i <= 5; i++) {
		cqe = io_write(_metadata, self, i - 1, 1, i);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write %u: status 0x%04x", i, cqe.status);
		expect_data(_metadata, self, i - 1, 1, i);
	}
	/* Write 6 over LBA 0 succeeds, and LBA 0 still holds write 1's data. */
	cqe = io_write(_metadata, self, 0, 1, 6);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write 6: status 0x%04x", cqe.status);
	expect_data(_metadata, self, 0, 1, 1);
	/* Write 7 to a fresh LBA succeeds, and it still reads as zeroes. */
	cqe = io_write(_metadata, self, 5, 1, 7);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write 7: status 0x%04x", cqe.status);
	expect_zeroes(_metadata, self, 5);
	/* Read only from write 8 on, reads still fine. */
	for (i = 8; i <= 11; i++) {
		cqe = io_write(_metadata, self, i % 2 ? 6 : 1, 1, i);
		expect_read_only(_metadata, &cqe, i);
	}
	expect_data(_metadata, self, 1, 1, 2);
	expect_zeroes(_metadata, self, 6);
}

TEST_F(plug, ro_fail_read_only_refuses_every_kind_of_write)
{
	struct st_done d = { 0 };
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "ro_fail", "writes=1", NULL);
	cqe = io_write(_metadata, self, 3, 2, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_EQ(0, nvmet_ns_write_zeroes(self->ns, self->qp, 3, 1, st_count_cb, &d));
	cqe = io_wait(_metadata, self, &d);
	expect_read_only(_metadata, &cqe, 0);
	d.count = 0;
	ASSERT_EQ(0, nvmet_ns_write_uncor(self->ns, self->qp, 4, 1, st_count_cb, &d));
	cqe = io_wait(_metadata, self, &d);
	expect_read_only(_metadata, &cqe, 0);
	expect_data(_metadata, self, 3, 2, 1);
	/* Commands that write nothing pass. */
	d.count = 0;
	ASSERT_EQ(0, nvmet_ns_flush(self->ns, self->qp, st_count_cb, &d));
	cqe = io_wait(_metadata, self, &d);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("flush: status 0x%04x", cqe.status);
}

TEST_F(plug, ro_fail_warns_in_the_smart_log)
{
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "ro_fail", "writes=1;warn=1", NULL);
	aer_listen(_metadata, self, CW_READ_ONLY);
	EXPECT_EQ(0u, critical_warning(_metadata, self) & CW_READ_ONLY);
	/* The one write that behaves: the media is read only after it. */
	cqe = io_write(_metadata, self, 0, 1, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_TRUE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000) >= 1)) TH_LOG("no asynchronous event");
	expect_smart_event(_metadata, st_aer_last(&self->aer));
	EXPECT_EQ(CW_READ_ONLY, critical_warning(_metadata, self) & CW_READ_ONLY);
	cqe = io_write(_metadata, self, 0, 1, 2);
	expect_read_only(_metadata, &cqe, 2);
	EXPECT_EQ(1u, self->aer.n);
}

TEST_F(plug, ro_fail_refuses_bad_arguments)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "ro_fail", "writes=many"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "ro_fail", "write=5"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "ro_fail", "warn=2"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "ro_fail", "writes"));
	EXPECT_EQ(0, open_status(_metadata, self, "ro_fail", "writes=5;;dropped=0;"));
}

/* ---- temperamental.so ------------------------------------------------- */

TEST_F(plug, temperamental_p100_turns_read_only_after_the_first_write)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "temperamental", "p=100", NULL);
	cqe = io_write(_metadata, self, 0, 1, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	for (i = 2; i <= 4; i++) {
		cqe = io_write(_metadata, self, 0, 1, i);
		expect_read_only(_metadata, &cqe, i);
	}
	expect_data(_metadata, self, 0, 1, 1);
}

TEST_F(plug, temperamental_p0_never)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "temperamental", "p=0;seed=3", NULL);
	for (i = 1; i <= 100; i++) {
		cqe = io_write(_metadata, self, i, 1, i);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write %u: status 0x%04x", i, cqe.status);
	}
	expect_data(_metadata, self, 100, 1, 100);
}

/* Writes until the first refused one (1-based), at most @max. */
static unsigned int writes_until_read_only(struct __test_metadata *_metadata,
					   FIXTURE_DATA(plug) *self, unsigned int max)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	for (i = 1; i <= max; i++) {
		cqe = io_write(_metadata, self, 0, 1, i);
		if (!nvmet_cqe_ok(&cqe)) {
			expect_read_only(_metadata, &cqe, i);
			break;
		}
	}
	return i;
}

TEST_F(plug, temperamental_same_seed_same_fate)
{
	unsigned int first, again, other = 0, seed;

	plug_open(_metadata, self, "", "temperamental", "p=57;seed=42", NULL);
	first = writes_until_read_only(_metadata, self, 200);
	plug_close(self);
	plug_open(_metadata, self, "", "temperamental", "p=57;seed=42", NULL);
	again = writes_until_read_only(_metadata, self, 200);
	/* The first write always behaves; 57 percent fails early. */
	EXPECT_LT(1u, first);
	EXPECT_GT(30u, first);
	EXPECT_EQ(first, again);
	/* Some other seed gives another fate. */
	for (seed = 1; seed < 20 && (!other || other == first); seed++) {
		char args[64];

		plug_close(self);
		snprintf(args, sizeof(args), "p=57;seed=%u", seed);
		plug_open(_metadata, self, "", "temperamental", args, NULL);
		other = writes_until_read_only(_metadata, self, 200);
	}
	EXPECT_NE(first, other);
}

/* ---- reincarnation.so ------------------------------------------------- */

TEST_F(plug, reincarnation_fails_a_range_of_writes_forever)
{
	struct nvmet_cqe cqe;
	unsigned int i, n;

	plug_open(_metadata, self, "", "reincarnation", "first=3;last=4", NULL);
	/* ok ok fail fail, three times over. */
	for (i = 1; i <= 12; i++) {
		cqe = io_write(_metadata, self, 10 + i, 1, i);
		n = (i - 1) % 4 + 1;
		if (n == 3 || n == 4) {
			expect_read_only(_metadata, &cqe, i);
			expect_zeroes(_metadata, self, 10 + i);
		} else {
			EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write %u: status 0x%04x", i,
							      cqe.status);
			expect_data(_metadata, self, 10 + i, 1, i);
		}
	}
}

TEST_F(plug, reincarnation_status_of_choice)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "reincarnation", "first=2;last=2;sct=2;sc=0x80;dnr=0",
		  NULL);
	for (i = 1; i <= 6; i++) {
		cqe = io_write(_metadata, self, 0, 1, i);
		if (i % 2) {
			EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("write %u: status 0x%04x", i,
							      cqe.status);
			continue;
		}
		EXPECT_EQ(ST_SC(NVMET_SCT_MEDIA, NVMET_SC_WRITE_FAULT),
			  NVMET_CQE_STATUS(cqe.status)) TH_LOG("write %u: 0x%04x", i, cqe.status);
		EXPECT_EQ(0u, NVMET_CQE_DNR(cqe.status));
	}
	expect_data(_metadata, self, 0, 1, 5);
}

TEST_F(plug, reincarnation_refuses_bad_ranges)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "reincarnation", "first=0"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "reincarnation", "first=5;last=4"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "reincarnation", "sct=8"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "reincarnation", "sc=0x100"));
	/* Without last=, the run is first..5010 or just first when later. */
	EXPECT_EQ(0, open_status(_metadata, self, "reincarnation", "first=6000"));
}

/* ---- vendor_sum.so ---------------------------------------------------- */

TEST_F(plug, vendor_sum_adds_cdw10_and_cdw11)
{
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "vendor_sum", "", NULL);
	cqe = admin_raw(_metadata, self, 0xc0, 10, 5);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(15u, cqe.dw0);
	cqe = admin_raw(_metadata, self, 0xc0, 0xffffffffu, 2);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_EQ(1u, cqe.dw0);
	/* Another vendor specific opcode is the controller's business: not supported. */
	cqe = admin_raw(_metadata, self, 0xc1, 10, 5);
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("status 0x%04x", cqe.status);
}

TEST_F(plug, vendor_sum_opcode_of_choice)
{
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "vendor_sum", "opc=0xff", NULL);
	cqe = admin_raw(_metadata, self, 0xff, 40, 2);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(42u, cqe.dw0);
	cqe = admin_raw(_metadata, self, 0xc0, 10, 5);
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("status 0x%04x", cqe.status);
}

TEST_F(plug, vendor_sum_refuses_opcodes_not_vendor_specific)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "vendor_sum", "opc=0x80"));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), self->path)) TH_LOG("%s", nvmet_last_error());
	/* The plug-in has its setup: it refused its arguments. */
	EXPECT_EQ(NULL, strstr(nvmet_last_error(), "has no nvmet_plugin_setup"))
		TH_LOG("misleading: '%s'", nvmet_last_error());
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "vendor_sum", "opc=0xbf"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "vendor_sum", "opc=0x1c0"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "vendor_sum", "opc=sum"));
	EXPECT_EQ(0, open_status(_metadata, self, "vendor_sum", "opc=0xc0"));
}

/* ---- smart_warn.so ---------------------------------------------------- */

TEST_F(plug, smart_warn_raises_an_event_after_n_ios)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "smart_warn", "ios=10", NULL);
	aer_listen(_metadata, self, 0xff);
	for (i = 1; i <= 9; i++) {
		cqe = io_read(_metadata, self, i, 1);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	}
	EXPECT_FALSE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 100) >= 1));
	EXPECT_EQ(0u, critical_warning(_metadata, self));
	cqe = io_read(_metadata, self, 10, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_TRUE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000) >= 1)) TH_LOG("no asynchronous event");
	expect_smart_event(_metadata, st_aer_last(&self->aer));
	EXPECT_EQ(CW_READ_ONLY, critical_warning(_metadata, self));
	/* Once only, and the media still works. */
	for (i = 11; i <= 30; i++) {
		cqe = io_write(_metadata, self, i, 1, i);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	}
	EXPECT_FALSE((st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 100) >= 2));
	expect_data(_metadata, self, 30, 1, 30);
}

TEST_F(plug, smart_warn_repeats_once_the_log_is_read)
{
	struct nvmet_cqe cqe;
	unsigned int i;

	plug_open(_metadata, self, "", "smart_warn", "ios=5;repeat=1;bits=0x04", NULL);
	aer_listen(_metadata, self, 0xff);
	for (i = 0; i < 5; i++) {
		cqe = io_read(_metadata, self, i, 1);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	}
	ASSERT_TRUE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000) >= 1)) TH_LOG("no first event");
	expect_smart_event(_metadata, st_aer_last(&self->aer));
	/* Five more: the event is due again, but waits for the log page. */
	for (i = 0; i < 5; i++) {
		cqe = io_read(_metadata, self, i, 1);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	}
	EXPECT_FALSE((st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 100) >= 2));
	EXPECT_EQ(0x04u, critical_warning(_metadata, self));
	ASSERT_TRUE((st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 2000) >= 2)) TH_LOG("no second event");
	expect_smart_event(_metadata, st_aer_last(&self->aer));
	EXPECT_EQ(2u, self->aer.n);
}

TEST_F(plug, smart_warn_refuses_bad_arguments)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "smart_warn", "ios=0"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "smart_warn", "bits=0"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "smart_warn", "bits=0x40"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "smart_warn", "repeat=yes"));
}

/* ---- hang.so ---------------------------------------------------------- */

/* Swallowed commands time out after 500 ms; those served keep the default,
 * which a loaded machine never reaches. */
static void short_timeouts(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self, bool on)
{
	ASSERT_EQ(0, nvmet_ctrl_set_timeout(self->ctrl, on ? 500 : NVMET_DEFAULT_TIMEOUT_MS));
}

TEST_F(plug, hang_read_times_out_then_the_controller_works)
{
	struct nvmet_ctrl_opts opts = { 0 };
	struct nvmet_cqe cqe;
	uint64_t t0;

	plug_open(_metadata, self, "", "hang", "opc=0x02", &opts);
	cqe = io_write(_metadata, self, 7, 1, 7);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	short_timeouts(_metadata, self, true);
	t0 = st_now_ns();
	cqe = io_read(_metadata, self, 7, 1);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_LE(450000000ull, st_now_ns() - t0);
	short_timeouts(_metadata, self, false);
	/* count=1: the next read is served, and after a reset too. */
	expect_data(_metadata, self, 7, 1, 7);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	expect_data(_metadata, self, 7, 1, 7);
	cqe = io_write(_metadata, self, 8, 1, 8);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	expect_data(_metadata, self, 8, 1, 8);
}

TEST_F(plug, hang_abort_returns_the_command)
{
	struct nvmet_ctrl_opts opts = { .timeout_ms = 5000 };
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "hang", "opc=0x02;count=0", &opts);
	nvmet_cmd_read(&sqe, 1, 0, 1, NULL);
	ASSERT_EQ(0, nvmet_qpair_submit(self->qp, &sqe, self->in, 0, self->lba, st_count_cb, &d));
	st_sleep_ms(50);
	EXPECT_EQ(0, nvmet_qpair_process(self->qp, 0));
	EXPECT_EQ(0, d.count);
	nvmet_cmd_abort(&sqe, nvmet_qpair_qid(self->qp), sqe.cid);
	cqe = admin(_metadata, self, &sqe);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("Abort: status 0x%04x", cqe.status);
	/* DW0 bit 0 clear: the command was aborted. */
	EXPECT_EQ(0u, cqe.dw0 & 1);
	cqe = io_wait(_metadata, self, &d);
	EXPECT_FALSE(nvmet_cqe_is_timeout(&cqe));
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_ABORT_REQ), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("status 0x%04x", cqe.status);
	/* count=0: every read hangs; writes do not. */
	cqe = io_write(_metadata, self, 0, 1, 1);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
}

TEST_F(plug, hang_admin_command)
{
	struct nvmet_ctrl_opts opts = { .timeout_ms = 500 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "hang", "io=0;opc=0x0a;count=2", &opts);
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_NUM_QUEUES, 0, 0, NULL);
	cqe = admin(_metadata, self, &sqe);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
	cqe = admin(_metadata, self, &sqe);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
	cqe = admin(_metadata, self, &sqe);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	/* I/O is not touched. */
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
}

TEST_F(plug, hang_only_the_namespace_given)
{
	struct nvmet_ctrl_opts opts = { .timeout_ms = 500 };
	struct nvmet_ns *ns2 = NULL;
	struct st_done d = { 0 };
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "ns=2", "hang", "opc=0x02;nsid=2", &opts);
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 2, &ns2));
	ASSERT_EQ(0, nvmet_ns_read(ns2, self->qp, self->in, 0, 0, 1, st_count_cb, &d));
	cqe = io_wait(_metadata, self, &d);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
	nvmet_ns_close(ns2);
}

TEST_F(plug, hang_needs_an_opcode)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "hang", ""));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "hang", "io=1"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "hang", "opc=0x02;io=2"));
}

/* ---- cfs.so ----------------------------------------------------------- */

/* CSTS as the host reads it (through the plug-in's nvme:regread tap). */
static uint32_t csts(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self)
{
	uint64_t v = 0;

	EXPECT_EQ(0, nvmet_ctrl_reg_read(self->ctrl, NVMET_REG_CSTS, 4, &v));
	return (uint32_t)v;
}

TEST_F(plug, cfs_at_the_nth_io_until_a_reset)
{
	struct nvmet_ctrl_opts opts = { 0 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "cfs", "after=3", &opts);
	cqe = io_write(_metadata, self, 5, 1, 5);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	expect_data(_metadata, self, 5, 1, 5);
	EXPECT_EQ(0u, csts(_metadata, self) & NVMET_CSTS_CFS);
	/* The third I/O command: the controller fails, and takes nothing more. */
	short_timeouts(_metadata, self, true);
	cqe = io_read(_metadata, self, 5, 1);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(NVMET_CSTS_CFS | NVMET_CSTS_RDY,
		  csts(_metadata, self) & (NVMET_CSTS_CFS | NVMET_CSTS_RDY));
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_NUM_QUEUES, 0, 0, NULL);
	cqe = admin(_metadata, self, &sqe);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
	short_timeouts(_metadata, self, false);
	/* A reset clears it for good: the controller fails once. */
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(NVMET_CSTS_RDY, csts(_metadata, self) & (NVMET_CSTS_CFS | NVMET_CSTS_RDY));
	expect_data(_metadata, self, 5, 1, 5);
	cqe = io_write(_metadata, self, 6, 1, 6);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
}

/* A shutdown notification keeps CC.EN: it is no reset, and clears nothing
 * (found by a review: any CC write with EN set counted as an enable). */
TEST_F(plug, cfs_survives_a_shutdown_notification)
{
	struct nvmet_ctrl_opts opts = { 0 };
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "cfs", "after=1", &opts);
	short_timeouts(_metadata, self, true);
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	short_timeouts(_metadata, self, false);
	/* Its outcome is the controller's business; what CSTS says after it is ours. */
	(void)nvmet_ctrl_shutdown(self->ctrl, false);
	EXPECT_EQ(NVMET_CSTS_CFS, csts(_metadata, self) & NVMET_CSTS_CFS);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(NVMET_CSTS_RDY, csts(_metadata, self) & (NVMET_CSTS_CFS | NVMET_CSTS_RDY));
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
}

TEST_F(plug, cfs_outlives_the_first_enable)
{
	struct nvmet_ctrl_opts opts = { 0 };
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "cfs", "after=1;enables=1", &opts);
	short_timeouts(_metadata, self, true);
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	short_timeouts(_metadata, self, false);
	/* The first enable after the failure never gets ready: CFS, no RDY. */
	EXPECT_NE(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(NVMET_CSTS_CFS, csts(_metadata, self) & (NVMET_CSTS_CFS | NVMET_CSTS_RDY));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(NVMET_CSTS_RDY, csts(_metadata, self) & (NVMET_CSTS_CFS | NVMET_CSTS_RDY));
	cqe = io_read(_metadata, self, 0, 1);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
}

TEST_F(plug, cfs_bad_arguments)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "cfs", "after=0"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "cfs", "enables=x"));
}

/* ---- corrupt_read.so -------------------------------------------------- */

/* self->in against self->out for @len bytes: exactly one byte at @off, inverted. */
static void expect_one_flip(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
			    size_t len, size_t off)
{
	const uint8_t *a = self->out->va, *b = self->in->va;

	ASSERT_EQ((ssize_t)off, nvmet_buf_compare(self->out, 0, self->in, 0, len));
	EXPECT_EQ((uint8_t)(a[off] ^ 0xff), b[off]);
	EXPECT_EQ(-1, nvmet_buf_compare(self->out, off + 1, self->in, off + 1, len - off - 1));
}

TEST_F(plug, corrupt_read_flips_one_byte_of_one_lba)
{
	struct nvmet_cqe cqe;
	size_t len;

	plug_open(_metadata, self, "", "corrupt_read", "lba=8;offset=100", NULL);
	len = 16u * self->lba;
	cqe = io_write(_metadata, self, 0, 16, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	/* Reads covering LBA 8: one byte differs, the completion says success. */
	cqe = io_read(_metadata, self, 0, 16);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	expect_one_flip(_metadata, self, len, 8u * self->lba + 100);
	cqe = io_read(_metadata, self, 4, 8);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, len, NVMET_PATTERN_RANDOM, 100, 1));
	EXPECT_EQ((ssize_t)(4u * self->lba + 100),
		  nvmet_buf_compare(self->out, 4u * self->lba, self->in, 0, 8u * self->lba));
	/* Other LBAs, and the medium itself, are intact. */
	expect_data(_metadata, self, 0, 8, 1);
	cqe = io_read(_metadata, self, 9, 7);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	ASSERT_EQ(0, nvmet_buf_fill(self->out, 0, len, NVMET_PATTERN_RANDOM, 100, 1));
	EXPECT_EQ(-1, nvmet_buf_compare(self->out, 9u * self->lba, self->in, 0, 7u * self->lba));
	cqe = io_read(_metadata, self, 8, 1);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_EQ(100, nvmet_buf_compare(self->out, 8u * self->lba, self->in, 0, self->lba));
}

TEST_F(plug, corrupt_read_every_nth_read)
{
	struct nvmet_cqe cqe;
	unsigned int i;
	size_t len;

	plug_open(_metadata, self, "", "corrupt_read", "every=3;offset=7", NULL);
	len = 4u * self->lba;
	cqe = io_write(_metadata, self, 20, 4, 2);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe));
	for (i = 1; i <= 6; i++) {
		cqe = io_read(_metadata, self, 20, 4);
		ASSERT_TRUE(nvmet_cqe_ok(&cqe));
		if (i % 3) {
			EXPECT_EQ(-1, nvmet_buf_compare(self->out, 0, self->in, 0, len))
				TH_LOG("read %u", i);
		} else {
			expect_one_flip(_metadata, self, len, 7);
		}
	}
}

TEST_F(plug, corrupt_read_leaves_failed_reads_alone)
{
	struct nvmet_cqe cqe;

	plug_open(_metadata, self, "", "corrupt_read", "lba=0", NULL);
	/* A read past the end fails; nothing is touched. */
	cqe = io_read(_metadata, self, nvmet_ns_capacity(self->ns), 1);
	EXPECT_FALSE(nvmet_cqe_ok(&cqe));
	EXPECT_EQ(1, st_all_bytes(self->in->va, self->lba, 0));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "corrupt_read", "offset=4096"));
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "corrupt_read", "every=0"));
}

/* ---- loading ---------------------------------------------------------- */

TEST_F(plug, missing_plugin_fails_the_open)
{
	struct nvmet_ctrl *ctrl = NULL;
	int ret;

	ret = nvmet_ctrl_open("emu:plugin=/nonexistent.so:writes=5;dropped=2", NULL, &ctrl);
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "/nonexistent.so"))
		TH_LOG("last error: '%s'", nvmet_last_error());
	if (!ret)
		nvmet_ctrl_close(ctrl);
}

/* ---- arguments ---------------------------------------------------------- */

TEST_F(plug, args_check_refuses_unknown_keys_and_says_which)
{
	static const char *const keys[] = { "writes", "dropped", NULL };
	static const char *const none[] = { NULL };
	uint64_t v;

	EXPECT_EQ(0, nvmet_emu_args_check("", keys));
	EXPECT_EQ(0, nvmet_emu_args_check(NULL, keys));
	EXPECT_EQ(0, nvmet_emu_args_check("writes=5;;dropped=0;", keys));
	EXPECT_EQ(0, nvmet_emu_args_check("writes=", keys));
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("wrtes=5", keys));
	EXPECT_STREQ("unknown argument 'wrtes' (arguments: writes, dropped)", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("writes=5;write=6", keys));
	EXPECT_STREQ("unknown argument 'write' (arguments: writes, dropped)", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("writes", keys));
	EXPECT_STREQ("'writes' is not key=value (arguments: writes, dropped)", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("writes=1;dropped=2;writes=3", keys));
	EXPECT_STREQ("'writes' is given twice", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("=1", keys));
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("a=1", none));
	EXPECT_STREQ("unknown argument 'a' (arguments: none)", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_args_check("a=1", NULL));
	/* A value that is not a number says so too. */
	EXPECT_EQ(-EINVAL, nvmet_emu_arg_u64("writes=many", "writes", &v));
	EXPECT_STREQ("writes=many is not a number", nvmet_last_error());
	EXPECT_EQ(-EINVAL, nvmet_emu_plugin_error("p=%d is above %d", 101, 100));
	EXPECT_STREQ("p=101 is above 100", nvmet_last_error());
}

/* Every example plug-in refuses a misspelt argument, and the open says why. */
TEST_F(plug, every_example_refuses_a_misspelt_argument)
{
	static const struct {
		const char *name, *args, *key;
	} cases[] = {
		{ "ro_fail", "wrtes=5", "writes, dropped, warn" },
		{ "temperamental", "seeds=2", "p, seed, warn" },
		{ "reincarnation", "frist=1", "first, last, sct, sc, dnr" },
		{ "vendor_sum", "opcode=0xc1", "opc" },
		{ "smart_warn", "io=5", "ios, bits, repeat" },
		{ "hang", "opc=2;cnt=1", "opc, io, count, nsid" },
		{ "cfs", "afer=1", "after, enables" },
		{ "corrupt_read", "lab=8", "lba, every, offset, nsid" },
		{ "trace", "fiel=/dev/null", "file, dstrd" },
		{ "capture", "file=/dev/null;dstride=2", "file, dstrd" },
	};
	char want[256];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const char *bad = strrchr(cases[i].args, ';');

		bad = bad ? bad + 1 : cases[i].args;
		EXPECT_EQ(-EINVAL, open_status(_metadata, self, cases[i].name, cases[i].args))
			TH_LOG("%s:%s", cases[i].name, cases[i].args);
		snprintf(want, sizeof(want), "unknown argument '%.*s' (arguments: %s)",
			 (int)strcspn(bad, "="), bad, cases[i].key);
		EXPECT_NE(NULL, strstr(nvmet_last_error(), want))
			TH_LOG("%s: '%s', not '%s'", cases[i].name, nvmet_last_error(), want);
	}
}

/* A value out of range says which and why, on the open's error. */
TEST_F(plug, a_value_out_of_range_is_reported)
{
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "temperamental", "p=101"));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "p=101 is out of range 0..100"))
		TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(-EINVAL, open_status(_metadata, self, "hang", "io=1"));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "opc= is required")) TH_LOG("%s", nvmet_last_error());
}

/* "plugin=vendor_sum": found by name, beside the directory of this test. */
TEST_F(plug, found_by_name_in_the_build_tree)
{
	struct nvmet_cqe cqe;
	int ret;

	need_plugin(_metadata, self, "vendor_sum");
	ret = nvmet_ctrl_open("emu:plugin=vendor_sum:opc=0xc1", NULL, &self->ctrl);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", strerror(-ret), nvmet_last_error());
	cqe = admin_raw(_metadata, self, 0xc1, 10, 5);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(15u, cqe.dw0);
	plug_close(self);
	/* NAME.so is the same plug-in, and the API takes names as the address does. */
	ret = nvmet_ctrl_open("emu:plugin=vendor_sum.so", NULL, &self->ctrl);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", strerror(-ret), nvmet_last_error());
	EXPECT_EQ(0, nvmet_emu_plugin_load(nvmet_ctrl_emu(self->ctrl), "corrupt_read", "lba=1"))
		TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(0, nvmet_emu_plugin_unload(nvmet_ctrl_emu(self->ctrl), "corrupt_read"));
}

/* $NVMET_PLUGIN_PATH comes before the build tree: its vendor_sum.so wins. */
TEST_F(plug, nvmet_plugin_path_comes_first)
{
	char dir[] = "/tmp/nvmet-plugins.XXXXXX", link[PATH_MAX], env[PATH_MAX + 64];
	struct nvmet_cqe cqe;
	int ret;

	need_plugin(_metadata, self, "reincarnation");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(link, sizeof(link), "%s/vendor_sum.so", dir);
	ASSERT_EQ(0, symlink(self->path, link));
	snprintf(env, sizeof(env), "/nonexistent::%s", dir);
	ASSERT_EQ(0, setenv("NVMET_PLUGIN_PATH", env, 1));
	ret = nvmet_ctrl_open("emu:plugin=vendor_sum:first=1;last=1", NULL, &self->ctrl);
	unlink(link);
	rmdir(dir);
	ASSERT_EQ(0, ret) TH_LOG("%s: %s", strerror(-ret), nvmet_last_error());
	plug_setup_io(_metadata, self);
	/* reincarnation.so answers: write 1 fails. */
	cqe = io_write(_metadata, self, 0, 1, 1);
	expect_read_only(_metadata, &cqe, 1);
}

/* A name found nowhere: -ENOENT, and the message says where it looked. */
TEST_F(plug, unknown_name_says_where_it_looked)
{
	char dir[PATH_MAX], real[PATH_MAX];
	int ret;

	need_plugin(_metadata, self, "vendor_sum");
	snprintf(dir, sizeof(dir), "%s", self->path);
	*strrchr(dir, '/') = '\0';
	ASSERT_NE(NULL, realpath(dir, real));
	ret = nvmet_ctrl_open("emu:plugin=no_such_plugin:x=1", NULL, &self->ctrl);
	EXPECT_EQ(-ENOENT, ret);
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "emu: plugin no_such_plugin: no no_such_plugin.so"))
		TH_LOG("%s", nvmet_last_error());
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "NVMET_PLUGIN_PATH")) TH_LOG("%s", nvmet_last_error());
	EXPECT_NE(NULL, strstr(nvmet_last_error(), real)) TH_LOG("%s", nvmet_last_error());
}

TEST_F(plug, shared_object_without_setup_fails_the_open)
{
	struct nvmet_ctrl *ctrl = NULL;
	int ret;

	ret = nvmet_ctrl_open("emu:plugin=libm.so.6", NULL, &ctrl);
	EXPECT_EQ(-ENOEXEC, ret);
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "nvmet_plugin_setup"))
		TH_LOG("last error: '%s'", nvmet_last_error());
	if (!ret)
		nvmet_ctrl_close(ctrl);
}

TEST_F(plug, load_and_unload_through_the_api)
{
	char vendor[PATH_MAX];
	struct nvmet_emu *emu;
	struct nvmet_cqe cqe;

	need_plugin(_metadata, self, "vendor_sum");
	snprintf(vendor, sizeof(vendor), "%s", self->path);
	need_plugin(_metadata, self, "reincarnation");
	ASSERT_EQ(0, nvmet_ctrl_open("emu:", NULL, &self->ctrl)) TH_LOG("%s", nvmet_last_error());
	plug_setup_io(_metadata, self);
	emu = nvmet_ctrl_emu(self->ctrl);
	ASSERT_NE(NULL, emu);

	/* Every write fails while it is loaded, none after. */
	ASSERT_EQ(0, nvmet_emu_plugin_load(emu, self->path, "first=1;last=1"));
	cqe = io_write(_metadata, self, 0, 1, 1);
	expect_read_only(_metadata, &cqe, 1);
	cqe = io_write(_metadata, self, 0, 1, 2);
	expect_read_only(_metadata, &cqe, 2);
	ASSERT_EQ(0, nvmet_emu_plugin_unload(emu, self->path));
	cqe = io_write(_metadata, self, 0, 1, 3);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("status 0x%04x", cqe.status);
	expect_data(_metadata, self, 0, 1, 3);
	EXPECT_EQ(-ENOENT, nvmet_emu_plugin_unload(emu, self->path));

	/* Refused arguments leave nothing loaded; NULL arguments are the defaults. */
	EXPECT_EQ(-EINVAL, nvmet_emu_plugin_load(emu, vendor, "opc=0x80"));
	EXPECT_EQ(-ENOENT, nvmet_emu_plugin_unload(emu, vendor));
	ASSERT_EQ(0, nvmet_emu_plugin_load(emu, vendor, NULL));
	cqe = admin_raw(_metadata, self, 0xc0, 10, 5);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	EXPECT_EQ(15u, cqe.dw0);
	ASSERT_EQ(0, nvmet_emu_plugin_unload(emu, vendor));
	cqe = admin_raw(_metadata, self, 0xc0, 10, 5);
	EXPECT_EQ(ST_SC(NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE), NVMET_CQE_STATUS(cqe.status))
		TH_LOG("status 0x%04x", cqe.status);
	EXPECT_EQ(-ENOENT, nvmet_emu_plugin_load(emu, "/nonexistent.so", ""));
}

TEST_F(plug, state_is_per_load)
{
	FIXTURE_DATA(plug) other;
	struct nvmet_cqe cqe;
	unsigned int i;

	/* One controller goes read only; another with the same plug-in has its own count. */
	memset(&other, 0, sizeof(other));
	plug_open(_metadata, self, "", "ro_fail", "writes=2", NULL);
	plug_open(_metadata, &other, "", "ro_fail", "writes=2", NULL);
	for (i = 1; i <= 2; i++) {
		cqe = io_write(_metadata, self, 0, 1, i);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	}
	cqe = io_write(_metadata, self, 0, 1, 3);
	expect_read_only(_metadata, &cqe, 3);
	for (i = 1; i <= 2; i++) {
		cqe = io_write(_metadata, &other, 0, 1, 10 + i);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("other controller, write %u", i);
	}
	cqe = io_write(_metadata, &other, 0, 1, 13);
	expect_read_only(_metadata, &cqe, 3);
	expect_data(_metadata, &other, 0, 1, 12);
	plug_close(&other);
	/* A second load into the same controller starts from zero too. */
	ASSERT_EQ(0, nvmet_emu_plugin_unload(nvmet_ctrl_emu(self->ctrl), self->path));
	ASSERT_EQ(0, nvmet_emu_plugin_load(nvmet_ctrl_emu(self->ctrl), self->path, "writes=1"));
	cqe = io_write(_metadata, self, 0, 1, 4);
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	cqe = io_write(_metadata, self, 0, 1, 5);
	expect_read_only(_metadata, &cqe, 5);
	expect_data(_metadata, self, 0, 1, 4);
}


/* ---- the same plug-ins seen by an I/O worker ---------------------------- */

/* Run a worker with @p on namespace 1 to its end; its result in @r. */
static void run_worker(struct __test_metadata *_metadata, FIXTURE_DATA(plug) *self,
		       struct nvmet_ioworker_params *p, struct nvmet_ioworker_result *r)
{
	struct nvmet_ioworker *w;
	int ret;

	p->share_cpu = true;
	ret = nvmet_ioworker_start(self->ns, p, &w);
	ASSERT_EQ(0, ret) TH_LOG("start: %s", strerror(-ret));
	ASSERT_EQ(0, nvmet_ioworker_close(w, r));
}

/* Sequential writes only, one at a time, so the N-th write is the N-th I/O. */
static void seq_writes(struct nvmet_ioworker_params *p, uint64_t count)
{
	nvmet_ioworker_params_init(p);
	p->read_percent = 0;
	p->io_size = 8;
	p->qdepth = 1;
	p->io_count = count;
	p->time_ms = 0;
	p->region_end = 1u << 16;
}

TEST_F(plug, worker_sees_ro_fail)
{
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;

	plug_open(_metadata, self, "", "ro_fail", "writes=5;dropped=2", NULL);
	seq_writes(&p, 100);
	run_worker(_metadata, self, &p, &r);
	/* 5 good, 2 silently dropped (success), the 8th fails and ends the worker. */
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, r.error);
	EXPECT_EQ(7u, r.writes);
	EXPECT_EQ(1u, r.errors);
	EXPECT_EQ(1u, NVMET_CQE_SCT(r.first_error_cqe.status));
	EXPECT_EQ(0x82u, NVMET_CQE_SC(r.first_error_cqe.status));
	EXPECT_EQ((unsigned int)NVMET_CMD_WRITE, r.first_error_sqe.opc);
	nvmet_ioworker_result_free(&r);
}

TEST_F(plug, worker_sees_temperamental_and_reincarnation)
{
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;

	plug_open(_metadata, self, "", "temperamental", "p=100", NULL);
	seq_writes(&p, 50);
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, r.error);
	EXPECT_EQ(1u, r.writes);		/* the first write always passes */
	EXPECT_EQ(1u, r.errors);
	EXPECT_EQ(0x82u, NVMET_CQE_SC(r.first_error_cqe.status));
	nvmet_ioworker_result_free(&r);
	plug_close(self);

	plug_open(_metadata, self, "", "reincarnation", "first=7;last=9", NULL);
	seq_writes(&p, 50);
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_ERR_GENERIC, r.error);
	EXPECT_EQ(6u, r.writes);
	EXPECT_EQ(1u, r.errors);
	EXPECT_EQ(0x82u, NVMET_CQE_SC(r.first_error_cqe.status));
	nvmet_ioworker_result_free(&r);
}

TEST_F(plug, worker_sees_hang_as_an_io_timeout)
{
	struct nvmet_ctrl_opts o = { .timeout_ms = 400 };
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;

	plug_open(_metadata, self, "", "hang", "opc=2;count=1", &o);
	nvmet_ioworker_params_init(&p);
	p.qdepth = 4;
	p.io_count = 200;
	p.time_ms = 0;
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_ERR_IO_TIMEOUT, r.error);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&r.first_error_cqe));
	EXPECT_EQ((unsigned int)NVMET_CMD_READ, r.first_error_sqe.opc);
	nvmet_ioworker_result_free(&r);
}

TEST_F(plug, worker_sees_corrupt_read_and_smart_warn)
{
	struct nvmet_ioworker_params p;
	struct nvmet_ioworker_result r;

	/* Verified writes of LBAs 0..63, then reads: the one at LBA 8 miscompares. */
	plug_open(_metadata, self, "", "corrupt_read", "lba=8;offset=100", NULL);
	seq_writes(&p, 8);
	p.verify = true;
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_OK, r.error);
	nvmet_ioworker_result_free(&r);
	seq_writes(&p, 8);
	p.verify = true;
	p.read_percent = 100;
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_ERR_VERIFY, r.error);
	EXPECT_EQ(8u, r.verify_lba);
	nvmet_ioworker_result_free(&r);
	plug_close(self);

	/* The worker's 10th I/O raises the SMART event the host's handler gets. */
	plug_open(_metadata, self, "", "smart_warn", "ios=10;bits=8", NULL);
	aer_listen(_metadata, self, 0xff);
	nvmet_ioworker_params_init(&p);
	p.io_count = 9;
	p.time_ms = 0;
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_OK, r.error);
	nvmet_ioworker_result_free(&r);
	EXPECT_FALSE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 100) >= 1));
	p.io_count = 1;
	run_worker(_metadata, self, &p, &r);
	EXPECT_EQ(NVMET_IOW_OK, r.error);
	nvmet_ioworker_result_free(&r);
	ASSERT_TRUE((st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000) >= 1));
	expect_smart_event(_metadata, st_aer_last(&self->aer));
}

TEST_HARNESS_MAIN
