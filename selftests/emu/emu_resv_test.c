// SPDX-License-Identifier: GPL-2.0
/*
 * emu_resv_test.c - the emulated controller's reservations (NVMe Base 2.0
 * 7.2-7.5) through the library: what Identify says of them, and each
 * action of Reservation Register, Acquire, Release and Report with its
 * error statuses: keys that do not match, types and actions that do not
 * exist, persistence the namespace does not offer, a report shorter than
 * its header, the extended report; registrations kept by a controller
 * reset and lost with power. Needs no device: each test opens its own
 * "emu:" controller.
 */
#include "nvmetest_harness.h"
#include "st_lib.h"

#define ST(sct, sc)	((unsigned int)((sct) << 8 | (sc)))
#define ST_OK		ST(0, 0)
#define ST_FIELD	ST(NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD)
#define ST_CONFLICT	ST(NVMET_SCT_GENERIC, NVMET_SC_RESV_CONFLICT)
#define ST_HOSTID	ST(NVMET_SCT_GENERIC, NVMET_SC_HOSTID_INCONSISTENT)
#define ST_INVALID_NS	ST(NVMET_SCT_GENERIC, NVMET_SC_INVALID_NS)

#define ONCS_RESV	(1u << 5)
#define BUF_BYTES	4096u
#define KEY		0x1122334455667788ull
#define OTHER_KEY	0x99aabbccddeeff00ull
#define CPTPL_RESERVED	1

FIXTURE(resv) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out;
	struct nvmet_buf *in;
};

FIXTURE_SETUP(resv)
{
	st_emu_io_open(_metadata, "", BUF_BYTES, &self->ctrl, &self->ns, &self->qp, &self->out,
		       &self->in);
}

FIXTURE_TEARDOWN(resv)
{
	st_io_close(&self->ctrl, &self->ns, &self->qp, &self->out, &self->in);
}

/* @sqe with @len bytes of @buf, run to completion: its status as NVMET_CQE_STATUS(). */
static unsigned int run(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self,
			struct nvmet_sqe *sqe, struct nvmet_buf *buf, size_t len)
{
	struct st_done d = { 0 };

	EXPECT_EQ(0, nvmet_qpair_submit(self->qp, sqe, buf, 0, len, st_count_cb, &d));
	EXPECT_EQ(0, nvmet_qpair_waitdone(self->qp, 1, NULL));
	EXPECT_EQ(1, d.count);
	return d.count == 1 ? NVMET_CQE_STATUS(d.last.status) : ~0u;
}

/*
 * @sqe with two keys in "out", @len bytes of them: Register's CRKEY and
 * NRKEY, Acquire's CRKEY and PRKEY, Release's CRKEY alone.
 */
static unsigned int with_keys(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self,
			      struct nvmet_sqe *sqe, uint64_t first, uint64_t second, size_t len)
{
	nvmet_buf_set_uint(self->out, 0, 7, first);
	nvmet_buf_set_uint(self->out, 8, 15, second);
	return run(_metadata, self, sqe, self->out, len);
}

static unsigned int reg(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self,
			unsigned int rrega, bool iekey, unsigned int cptpl, uint64_t crkey,
			uint64_t nrkey)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_resv_register(&sqe, 1, rrega, iekey, cptpl);
	return with_keys(_metadata, self, &sqe, crkey, nrkey, 16);
}

static unsigned int acquire(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self,
			    unsigned int racqa, bool iekey, unsigned int rtype, uint64_t crkey,
			    uint64_t prkey)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_resv_acquire(&sqe, 1, racqa, iekey, rtype);
	return with_keys(_metadata, self, &sqe, crkey, prkey, 16);
}

static unsigned int release(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self,
			    unsigned int rrela, bool iekey, unsigned int rtype, uint64_t crkey)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_resv_release(&sqe, 1, rrela, iekey, rtype);
	return with_keys(_metadata, self, &sqe, crkey, 0, 8);
}

/* What a Reservation Report says, and its status. */
struct report {
	unsigned int status;
	uint64_t gen, rtype, regctl, cntlid, rcsts, rkey;
};

static struct report report(struct __test_metadata *_metadata, FIXTURE_DATA(resv) *self)
{
	struct report r = { 0 };
	struct nvmet_sqe sqe;

	memset(self->in->va, 0, BUF_BYTES);
	nvmet_cmd_resv_report(&sqe, 1, BUF_BYTES, false);
	r.status = run(_metadata, self, &sqe, self->in, BUF_BYTES);
	nvmet_buf_get_uint(self->in, 0, 3, &r.gen);
	nvmet_buf_get_uint(self->in, 4, 4, &r.rtype);
	nvmet_buf_get_uint(self->in, 5, 6, &r.regctl);
	nvmet_buf_get_uint(self->in, 24, 25, &r.cntlid);
	nvmet_buf_get_uint(self->in, 26, 26, &r.rcsts);
	nvmet_buf_get_uint(self->in, 40, 47, &r.rkey);
	return r;
}

TEST_F(resv, identify_offers_them)
{
	uint8_t effects[4096];
	struct nvmet_cqe cqe;
	struct nvmet_buf *log;
	static const uint8_t opcodes[] = {
		NVMET_CMD_RESV_REGISTER, NVMET_CMD_RESV_REPORT, NVMET_CMD_RESV_ACQUIRE,
		NVMET_CMD_RESV_RELEASE,
	};
	size_t i;

	EXPECT_TRUE(!!(nvmet_id_ctrl_oncs(nvmet_ctrl_id_data(self->ctrl)) & ONCS_RESV));
	/* Over PCIe the host identifier is 64 bits: CTRATT bit 0 clear. */
	EXPECT_EQ(0u, nvmet_id_ctrl_ctratt(nvmet_ctrl_id_data(self->ctrl)) & 1u);
	/* Every type, IEKEY as 1.3 has it, and no Persist Through Power Loss. */
	EXPECT_EQ(0xfe, nvmet_id_ns_rescap(nvmet_ns_id_data(self->ns)));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, sizeof(effects), "effects", &log));
	ASSERT_EQ(0, nvmet_admin_get_log_page_sync(self->ctrl, NVMET_LOG_CMD_EFFECTS, 0, NULL,
						   log, sizeof(effects), &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));
	memcpy(effects, log->va, sizeof(effects));
	nvmet_buf_free(log);
	for (i = 0; i < sizeof(opcodes); i++) {
		unsigned int opc = opcodes[i];

		EXPECT_EQ((uint32_t)NVMET_CSE_CSUPP, st_le32(effects + 1024 + 4 * opc))
			TH_LOG("I/O opcode %02xh", opc);
	}
}

TEST_F(resv, register_unregister_replace)
{
	struct report r;

	r = report(_metadata, self);
	EXPECT_EQ(ST_OK, r.status);
	EXPECT_EQ(0u, r.regctl);
	EXPECT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	/* The same key again changes nothing; another key is someone else's. */
	EXPECT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	EXPECT_EQ(ST_CONFLICT, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, OTHER_KEY));
	r = report(_metadata, self);
	EXPECT_EQ(ST_OK, r.status);
	EXPECT_EQ(2u, r.gen);
	EXPECT_EQ(1u, r.regctl);
	EXPECT_EQ(1u, r.cntlid);
	EXPECT_EQ(0u, r.rcsts);
	EXPECT_EQ(KEY, r.rkey);

	EXPECT_EQ(ST_CONFLICT, reg(_metadata, self, NVMET_RREGA_REPLACE, false, 0, OTHER_KEY, 7));
	EXPECT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REPLACE, false, 0, KEY, OTHER_KEY));
	EXPECT_EQ(OTHER_KEY, report(_metadata, self).rkey);
	EXPECT_EQ(ST_CONFLICT, reg(_metadata, self, NVMET_RREGA_UNREGISTER, false, 0, KEY, 0));
	/* IEKEY: the current key is not checked. */
	EXPECT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_UNREGISTER, true, 0, KEY, 0));
	EXPECT_EQ(0u, report(_metadata, self).regctl);
	EXPECT_EQ(ST_CONFLICT, reg(_metadata, self, NVMET_RREGA_UNREGISTER, true, 0, KEY, 0));
	EXPECT_EQ(ST_CONFLICT, reg(_metadata, self, NVMET_RREGA_REPLACE, false, 0, KEY, KEY));
}

TEST_F(resv, register_refuses_what_does_not_exist)
{
	EXPECT_EQ(ST_FIELD, reg(_metadata, self, 3, false, 0, 0, KEY));
	EXPECT_EQ(ST_FIELD, reg(_metadata, self, NVMET_RREGA_REGISTER, false, CPTPL_RESERVED, 0,
				KEY));
	/* RESCAP bit 0 is clear: no persistence through power loss to turn on. */
	EXPECT_EQ(ST_FIELD, reg(_metadata, self, NVMET_RREGA_REGISTER, false, NVMET_CPTPL_SET, 0,
				KEY));
	EXPECT_EQ(0u, report(_metadata, self).regctl);
	EXPECT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, NVMET_CPTPL_CLEAR, 0,
			     KEY));
}

TEST_F(resv, acquire_and_release)
{
	struct report r;

	/* Only a registrant acquires, with its key. */
	EXPECT_EQ(ST_CONFLICT, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				       NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	EXPECT_EQ(ST_CONFLICT, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				       NVMET_RTYPE_WRITE_EXCL, OTHER_KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false, 0, KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false, 7, KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, 3, false, NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	r = report(_metadata, self);
	EXPECT_EQ((uint64_t)NVMET_RTYPE_WRITE_EXCL, r.rtype);
	EXPECT_EQ(1u, r.rcsts);		/* the registrant holds it */
	/* Acquiring the same type again is no change; another type conflicts. */
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	EXPECT_EQ(ST_CONFLICT, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				       NVMET_RTYPE_EXCL_ACCESS, KEY, 0));
	/* The holder still writes: nothing conflicts with its own reservation. */
	{
		struct nvmet_sqe sqe;

		nvmet_cmd_lba(&sqe, NVMET_CMD_WRITE, 1, 0, 1, NULL);
		EXPECT_EQ(ST_OK, run(_metadata, self, &sqe, self->out, 512));
	}

	EXPECT_EQ(ST_CONFLICT, release(_metadata, self, NVMET_RRELA_RELEASE, false,
				       NVMET_RTYPE_WRITE_EXCL, OTHER_KEY));
	EXPECT_EQ(ST_FIELD, release(_metadata, self, NVMET_RRELA_RELEASE, false,
				    NVMET_RTYPE_EXCL_ACCESS, KEY));
	EXPECT_EQ(ST_FIELD, release(_metadata, self, 2, false, NVMET_RTYPE_WRITE_EXCL, KEY));
	EXPECT_EQ(ST_OK, release(_metadata, self, NVMET_RRELA_RELEASE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY));
	r = report(_metadata, self);
	EXPECT_EQ(0u, r.rtype);
	EXPECT_EQ(0u, r.rcsts);
	EXPECT_EQ(1u, r.regctl);	/* released, still registered */
	/* Releasing what is not held succeeds and changes nothing. */
	EXPECT_EQ(ST_OK, release(_metadata, self, NVMET_RRELA_RELEASE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY));
}

/*
 * RESCAP bit 7: IEKEY as NVMe 1.3 defines it, which leaves it to Register
 * alone; Acquire and Release with it set are refused, the key right or
 * wrong.
 */
TEST_F(resv, iekey_only_on_register)
{
	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, true,
				    NVMET_RTYPE_WRITE_EXCL, OTHER_KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, true,
				    NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	EXPECT_EQ(0u, report(_metadata, self).rtype);
	ASSERT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_PREEMPT, true,
				    NVMET_RTYPE_EXCL_ACCESS, OTHER_KEY, KEY));
	EXPECT_EQ(ST_FIELD, release(_metadata, self, NVMET_RRELA_RELEASE, true,
				    NVMET_RTYPE_WRITE_EXCL, OTHER_KEY));
	EXPECT_EQ(ST_FIELD, release(_metadata, self, NVMET_RRELA_CLEAR, true, 0, KEY));
	EXPECT_EQ((uint64_t)NVMET_RTYPE_WRITE_EXCL, report(_metadata, self).rtype);
	EXPECT_EQ(1u, report(_metadata, self).regctl);
}

TEST_F(resv, preempt_and_clear)
{
	struct report r;
	uint64_t gen;

	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	ASSERT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	gen = report(_metadata, self).gen;
	/* PRKEY matching no registrant: nobody to preempt. */
	EXPECT_EQ(ST_CONFLICT, acquire(_metadata, self, NVMET_RACQA_PREEMPT, false,
				       NVMET_RTYPE_EXCL_ACCESS, KEY, OTHER_KEY));
	/* The holder preempting itself: its reservation, of the new type. */
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_PREEMPT_ABORT, false,
				 NVMET_RTYPE_EXCL_ACCESS, KEY, KEY));
	r = report(_metadata, self);
	EXPECT_EQ((uint64_t)NVMET_RTYPE_EXCL_ACCESS, r.rtype);
	EXPECT_EQ(gen + 1, r.gen);
	/* Clear: the reservation and every registration go. */
	EXPECT_EQ(ST_CONFLICT, release(_metadata, self, NVMET_RRELA_CLEAR, false, 0, OTHER_KEY));
	EXPECT_EQ(ST_OK, release(_metadata, self, NVMET_RRELA_CLEAR, false, 0, KEY));
	r = report(_metadata, self);
	EXPECT_EQ(0u, r.rtype);
	EXPECT_EQ(0u, r.regctl);
	EXPECT_EQ(gen + 2, r.gen);
}

/*
 * Preempt's PRKEY 0 (Base 2.0 8.19.7.1 / 7.4): under an All Registrants
 * reservation it preempts every other registrant and makes the issuer's
 * reservation one of RTYPE; under any other it is refused unless it is
 * the holder's key. Under All Registrants a non-zero PRKEY unregisters
 * the registrants holding it, here the issuer, whose reservation goes
 * with the last registrant.
 */
TEST_F(resv, preempt_with_prkey_zero)
{
	struct report r;
	uint64_t gen;

	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	ASSERT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL_ALL, KEY, 0));
	gen = report(_metadata, self).gen;
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_PREEMPT, false,
				 NVMET_RTYPE_EXCL_ACCESS_ALL, KEY, 0));
	r = report(_metadata, self);
	EXPECT_EQ((uint64_t)NVMET_RTYPE_EXCL_ACCESS_ALL, r.rtype);
	EXPECT_EQ(1u, r.regctl);
	EXPECT_EQ(gen + 1, r.gen);
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_PREEMPT_ABORT, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY, 0));
	EXPECT_EQ((uint64_t)NVMET_RTYPE_WRITE_EXCL, report(_metadata, self).rtype);

	/* Not All Registrants: PRKEY 0 names nobody, and is not the holder's key. */
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_PREEMPT, false,
				    NVMET_RTYPE_EXCL_ACCESS, KEY, 0));
	EXPECT_EQ(ST_FIELD, acquire(_metadata, self, NVMET_RACQA_PREEMPT_ABORT, false,
				    NVMET_RTYPE_EXCL_ACCESS, KEY, 0));
	r = report(_metadata, self);
	EXPECT_EQ((uint64_t)NVMET_RTYPE_WRITE_EXCL, r.rtype);
	EXPECT_EQ(gen + 2, r.gen);

	/* All Registrants, PRKEY the issuer's own: it unregisters, the reservation goes. */
	ASSERT_EQ(ST_OK, release(_metadata, self, NVMET_RRELA_RELEASE, false,
				 NVMET_RTYPE_WRITE_EXCL, KEY));
	ASSERT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_EXCL_ACCESS_ALL, KEY, 0));
	EXPECT_EQ(ST_CONFLICT, acquire(_metadata, self, NVMET_RACQA_PREEMPT, false,
				       NVMET_RTYPE_EXCL_ACCESS_ALL, KEY, OTHER_KEY));
	EXPECT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_PREEMPT, false,
				 NVMET_RTYPE_EXCL_ACCESS_ALL, KEY, KEY));
	r = report(_metadata, self);
	EXPECT_EQ(0u, r.regctl);
	EXPECT_EQ(0u, r.rtype);
}

TEST_F(resv, report_lengths_and_the_extended_format)
{
	struct nvmet_sqe sqe;
	uint64_t v = 0;

	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	/* 8 bytes asked for: GEN and RTYPE come, nothing past them is written. */
	memset(self->in->va, 0xa5, BUF_BYTES);
	nvmet_cmd_resv_report(&sqe, 1, 8, false);
	EXPECT_EQ(ST_OK, run(_metadata, self, &sqe, self->in, 8));
	nvmet_buf_get_uint(self->in, 0, 3, &v);
	EXPECT_EQ(1u, v);
	nvmet_buf_get_uint(self->in, 8, 15, &v);
	EXPECT_EQ(0xa5a5a5a5a5a5a5a5ull, v);
	/* The host's identifier is 64 bits: the 128-bit (extended) report is refused. */
	nvmet_cmd_resv_report(&sqe, 1, BUF_BYTES, true);
	EXPECT_EQ(ST_HOSTID, run(_metadata, self, &sqe, self->in, BUF_BYTES));
	/* A namespace that does not exist. */
	nvmet_cmd_resv_report(&sqe, 2, BUF_BYTES, false);
	EXPECT_EQ(ST_INVALID_NS, run(_metadata, self, &sqe, self->in, BUF_BYTES));
}

TEST_F(resv, kept_by_a_reset_lost_with_power)
{
	struct report r;

	ASSERT_EQ(ST_OK, reg(_metadata, self, NVMET_RREGA_REGISTER, false, 0, 0, KEY));
	ASSERT_EQ(ST_OK, acquire(_metadata, self, NVMET_RACQA_ACQUIRE, false,
				 NVMET_RTYPE_WRITE_EXCL_REG, KEY, 0));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	r = report(_metadata, self);
	EXPECT_EQ(1u, r.regctl);
	EXPECT_EQ((uint64_t)NVMET_RTYPE_WRITE_EXCL_REG, r.rtype);
	/* RESCAP has no Persist Through Power Loss. */
	ASSERT_EQ(0, nvmet_subsystem_power_cycle(self->ctrl, NULL, 0));
	r = report(_metadata, self);
	EXPECT_EQ(ST_OK, r.status);
	EXPECT_EQ(0u, r.regctl);
	EXPECT_EQ(0u, r.rtype);
}

TEST_HARNESS_MAIN
