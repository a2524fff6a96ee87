// SPDX-License-Identifier: GPL-2.0
/*
 * arch.c - the controller architecture group: controller reset and
 * shutdown, I/O queue creation and deletion and the statuses of their
 * misuse, the completion queue entry's fields, a queue's wrap, and the
 * round robin arbitration every controller has (NVMe Base 2.0 chapter 3,
 * 4.2 and 5.4 to 5.7).
 */
#include <errno.h>
#include <string.h>

#include "conformance.h"
#include "nvmetest_util.h"

#define CC_AMS(cc)		(((cc) >> 11) & 0x7)
#define WRAP_DEPTH		4u
#define WRAP_CMDS		(3 * WRAP_DEPTH + 1)
#define ARB_QUEUES		3u
#define ARB_CMDS		8u

/* Poll CSTS until (CSTS & @mask) == @want, for up to CAP.TO; whether it got there. */
static bool csts_wait(struct cf *t, uint32_t mask, uint32_t want, uint32_t *csts)
{
	uint64_t deadline = st_now_ns() + (uint64_t)NVMET_CAP_TO(t->cap) * 500000000ull +
			    500000000ull;

	do {
		*csts = (uint32_t)cf_reg(t, NVMET_REG_CSTS, 4);
		if ((*csts & mask) == want)
			return true;
		st_sleep_ms(1);
	} while (st_now_ns() < deadline && t->result == CF_PASS);
	return false;
}

static void reset_clears_ready(struct cf *t)
{
	uint32_t cc = (uint32_t)cf_reg(t, NVMET_REG_CC, 4), csts;
	struct nvmet_cqe cqe;
	int ret;

	ret = nvmet_ctrl_reg_write(t->ctrl, NVMET_REG_CC, 4, cc & ~NVMET_CC_EN);
	CF_CHECK(t, !ret, "writing CC.EN 0: %s", strerror(-ret));
	CF_CHECK(t, csts_wait(t, NVMET_CSTS_RDY, 0, &csts),
		 "CSTS %08xh: RDY still 1 CAP.TO (%u x 500 ms) after CC.EN was cleared", csts,
		 NVMET_CAP_TO(t->cap));
	ret = nvmet_ctrl_reset(t->ctrl);
	CF_CHECK(t, !ret, "enabling the controller again: %s", strerror(-ret));
	CF_CHECK(t, !nvmet_admin_identify_sync(t->ctrl, NVMET_CNS_CTRL, 0, NULL, t->out, &cqe),
		 "Identify after the reset could not be sent");
	CF_CHECK_OK(t, cqe, "Identify after the controller was reset and enabled again");
}

static void reset_io_queues(struct cf *t)
{
	struct nvmet_cqe cqe;
	int ret;

	cqe = cf_write(t, 0, 1, 0);
	CF_CHECK_OK(t, cqe, "a Write before the reset");
	/*
	 * The reset deletes the I/O queues; the library creates the pair again
	 * with the same ids, which a controller that kept them refuses.
	 */
	ret = nvmet_ctrl_reset(t->ctrl);
	CF_CHECK(t, !ret, "resetting and creating the I/O queue pair again: %s (ids the "
		 "reset should have freed)", strerror(-ret));
	cqe = cf_read(t, 0, 1, 0);
	CF_CHECK_OK(t, cqe, "a Read on the I/O queue created again after the reset");
}

static void shutdown(struct cf *t, bool abrupt)
{
	uint32_t csts;
	int ret = nvmet_ctrl_shutdown(t->ctrl, abrupt);

	CF_CHECK(t, ret != -ETIMEDOUT, "CSTS.SHST did not report the %s shutdown complete (10b)",
		 abrupt ? "abrupt" : "normal");
	CF_CHECK(t, !ret, "shutdown: %s", strerror(-ret));
	csts = (uint32_t)cf_reg(t, NVMET_REG_CSTS, 4);
	CF_CHECK(t, (csts & NVMET_CSTS_SHST_MASK) == NVMET_CSTS_SHST_CMPLT,
		 "CSTS %08xh: SHST is not 10b after the shutdown completed", csts);
	/* A reset brings the controller back from a shutdown. */
	ret = nvmet_ctrl_reset(t->ctrl);
	CF_CHECK(t, !ret, "resetting after the shutdown: %s", strerror(-ret));
	csts = (uint32_t)cf_reg(t, NVMET_REG_CSTS, 4);
	CF_CHECK(t, (csts & (NVMET_CSTS_RDY | NVMET_CSTS_SHST_MASK)) == NVMET_CSTS_RDY,
		 "CSTS %08xh after the reset that followed the shutdown: RDY 1, SHST 00b wanted",
		 csts);
}

static void shutdown_normal(struct cf *t)
{
	shutdown(t, false);
}

static void shutdown_abrupt(struct cf *t)
{
	shutdown(t, true);
}

/*
 * A fabrics controller's I/O queues are made by Connect, one per
 * connection: the queue commands themselves are not its (the fabrics form
 * is fabrics-queue-cmds-refused).
 */
static bool need_queue_cmds(struct cf *t)
{
	if (cf_is_pcie(t))
		return true;
	cf_skip(t, "Create and Delete I/O queue commands are a PCIe controller's: over a fabric "
		"Connect makes the I/O queues");
	return false;
}

/* The I/O queue ids the controller granted: NSQA+1 and NCQA+1; false (failed) when unknown. */
static bool granted(struct cf *t, unsigned int *nsq, unsigned int *ncq)
{
	struct nvmet_cqe cqe;

	*nsq = *ncq = 0;
	if (nvmet_admin_get_features_sync(t->ctrl, NVMET_FEAT_NUM_QUEUES, NVMET_SEL_CURRENT, 0,
					  NULL, NULL, 0, &cqe) || !nvmet_cqe_ok(&cqe)) {
		cf_fail(t, "Get Features Number of Queues failed");
		return false;
	}
	*nsq = (cqe.dw0 & 0xffff) + 1;
	*ncq = (cqe.dw0 >> 16) + 1;
	return true;
}

/* Memory for a queue the controller should refuse, and the ids granted; NULL (failed) when not. */
static struct nvmet_buf *queue_test_setup(struct cf *t, unsigned int *nsq, unsigned int *ncq)
{
	struct nvmet_buf *mem = need_queue_cmds(t) ? cf_buf(t, 4096, "queue") : NULL;

	return mem && granted(t, nsq, ncq) ? mem : NULL;
}

/*
 * The module passes queue creation only with the caller's own pointers
 * (its queue ioctls check what they create): the command as a raw
 * passthrough, the queue in the module's DMA memory.
 */
static struct nvmet_cqe create_raw(struct cf *t, struct nvmet_sqe *sqe)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_dmabuf mem;
	struct nvmet_kdev *dev;
	struct nvmet_cqe cqe;
	int ret;

	memset(&cqe, 0xff, sizeof(cqe));
	ret = nvmet_kdev_open(t->dev, &dev);
	if (ret) {
		cf_fail(t, "%s: the module's device for a raw queue creation: %s",
			nvmet_admin_opcode_name(sqe->opc), strerror(-ret));
		return cqe;
	}
	ret = nvmet_kdev_buf_alloc(dev, 4096, &mem);
	if (!ret) {
		sqe->prp1 = mem.iova;
		st_admin_init(&cmd, sqe);
		cmd.flags = NVMETEST_ADMIN_RAW_DPTR;
		ret = nvmet_kdev_admin_raw(dev, &cmd);
		cqe.status = st_admin_status(&cmd);
		nvmet_kdev_buf_free(dev, &mem);
	}
	nvmet_kdev_close(dev);
	if (ret)
		cf_fail(t, "%s as a raw passthrough: %s", nvmet_admin_opcode_name(sqe->opc),
			strerror(-ret));
	return cqe;
}

/* A Create I/O CQ or SQ whose queue would be at @mem, should the controller take it. */
static struct nvmet_cqe create_cmd(struct cf *t, struct nvmet_buf *mem, struct nvmet_sqe *sqe)
{
	struct nvmet_cqe cqe;
	int ret;

	sqe->prp1 = mem->iova;
	ret = nvmet_ctrl_admin_sync(t->ctrl, sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe);
	if (ret == -EPERM)
		return create_raw(t, sqe);
	if (ret) {
		cf_fail(t, "%s: the library could not send it: %s",
			nvmet_admin_opcode_name(sqe->opc), strerror(-ret));
		memset(&cqe, 0xff, sizeof(cqe));
	}
	return cqe;
}

static struct nvmet_cqe create_cq(struct cf *t, struct nvmet_buf *mem, uint16_t qid,
				  uint32_t size)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_create_cq(&sqe, qid, size, NVMET_QUEUE_PC, 0);
	return create_cmd(t, mem, &sqe);
}

static void create_cq_invalid_qid(struct cf *t)
{
	unsigned int nsq, ncq;
	struct nvmet_buf *mem = queue_test_setup(t, &nsq, &ncq);
	struct nvmet_cqe cqe;

	if (!mem)
		return;
	cqe = create_cq(t, mem, 0, 2);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID,
			"Create I/O Completion Queue with QID 0 (the admin queue's)");
	if (ncq >= 0xffff)
		return;
	cqe = create_cq(t, mem, (uint16_t)(ncq + 1), 2);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID,
			"Create I/O Completion Queue with a QID above the number granted");
}

static void create_cq_size(struct cf *t)
{
	unsigned int nsq, ncq, mqes = NVMET_CAP_MQES(t->cap);
	struct nvmet_buf *mem = queue_test_setup(t, &nsq, &ncq);
	struct nvmet_cqe cqe;

	if (!mem)
		return;
	/* The highest granted id: the tests' queue pairs take the lowest. */
	cqe = create_cq(t, mem, (uint16_t)ncq, 1);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QUEUE_SIZE,
			"Create I/O Completion Queue of one entry (QSIZE 0)");
	if (mqes >= 0xffff)
		return;
	cqe = create_cq(t, mem, (uint16_t)ncq, mqes + 2);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QUEUE_SIZE,
			"Create I/O Completion Queue larger than CAP.MQES allows");
}

static void create_sq_invalid_cq(struct cf *t)
{
	unsigned int nsq, ncq;
	struct nvmet_buf *mem = queue_test_setup(t, &nsq, &ncq);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!mem)
		return;
	/* The highest granted SQ id on the highest CQ id, which no one created. */
	nvmet_cmd_create_sq(&sqe, (uint16_t)nsq, 2, (uint16_t)ncq, NVMET_QUEUE_PC, 0);
	cqe = create_cmd(t, mem, &sqe);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_CQ_INVALID,
			"Create I/O Submission Queue on a completion queue that does not exist");
}

static void delete_sq_invalid(struct cf *t)
{
	unsigned int nsq, ncq;
	struct nvmet_sqe sqe;

	if (!need_queue_cmds(t) || !granted(t, &nsq, &ncq))
		return;
	nvmet_cmd_delete_sq(&sqe, 0);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID,
			"Delete I/O Submission Queue 0 (the admin queue)");
	nvmet_cmd_delete_sq(&sqe, (uint16_t)nsq);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_QID_INVALID,
			"Delete I/O Submission Queue of an id never created");
}

static void delete_cq_with_sq(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!need_queue_cmds(t))
		return;
	/* The pair's CQ has the pair's id: its SQ is still there. */
	nvmet_cmd_delete_cq(&sqe, nvmet_qpair_qid(t->qp));
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_QUEUE_DELETION,
			"Delete I/O Completion Queue while an SQ still uses it");
	cqe = cf_read(t, 0, 1, 0);
	CF_CHECK_OK(t, cqe, "a Read on the pair after the refused deletion");
}

static void fabrics_queue_cmds_refused(struct cf *t)
{
	uint16_t qid = nvmet_qpair_qid(t->qp);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (cf_is_pcie(t))
		CF_SKIP(t, "a PCIe controller creates and deletes I/O queues by command");
	/* On the ids of the pair Connect made: a controller that took them would break it. */
	nvmet_cmd_create_cq(&sqe, qid, 2, NVMET_QUEUE_PC, 0);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE,
			"Create I/O Completion Queue on a fabrics controller");
	nvmet_cmd_create_sq(&sqe, qid, 2, qid, NVMET_QUEUE_PC, 0);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE,
			"Create I/O Submission Queue on a fabrics controller");
	nvmet_cmd_delete_sq(&sqe, qid);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE,
			"Delete I/O Submission Queue on a fabrics controller");
	nvmet_cmd_delete_cq(&sqe, qid);
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE,
			"Delete I/O Completion Queue on a fabrics controller");
	cqe = cf_read(t, 0, 1, 0);
	CF_CHECK_OK(t, cqe, "a Read on the pair after the refused queue commands");
}

static void cqe_fields(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint16_t qid = nvmet_qpair_qid(t->qp);
	unsigned int i;

	for (i = 1; i <= 3; i++) {
		nvmet_cmd_read(&sqe, nvmet_ns_nsid(t->ns), i, 1, NULL);
		cqe = cf_io(t, t->qp, &sqe, t->in, 0, cf_lba(t));
		CF_CHECK_OK(t, cqe, "Read");
		CF_CHECK(t, cqe.sqid == qid, "SQ Identifier %u in the CQE, the command went to SQ %u",
			 cqe.sqid, qid);
		CF_CHECK(t, cqe.cid == sqe.cid, "CID %04xh in the CQE, the command's was %04xh",
			 cqe.cid, sqe.cid);
		/*
		 * A fresh queue: the n-th command consumed, the head is n. Over
		 * a fabric the library's host disables SQ flow control at the
		 * I/O queue's Connect (CATTR bit 2): SQHD is then reserved.
		 */
		if (!cf_is_pcie(t))
			continue;
		CF_CHECK(t, cqe.sqhd == i, "SQ Head Pointer %u after the SQ's command %u", cqe.sqhd,
			 i);
	}
}

static void queue_wrap(struct cf *t)
{
	struct nvmet_qpair_opts o = { .depth = WRAP_DEPTH };
	struct nvmet_qpair *qp;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	unsigned int i;
	int ret;

	ret = nvmet_qpair_create(t->ctrl, &o, &qp);
	CF_CHECK(t, !ret, "a queue pair of %u entries: %s", WRAP_DEPTH, strerror(-ret));
	for (i = 0; i < WRAP_CMDS && t->result == CF_PASS; i++) {
		nvmet_cmd_read(&sqe, nvmet_ns_nsid(t->ns), i, 1, NULL);
		cqe = cf_io(t, qp, &sqe, t->in, 0, cf_lba(t));
		if (!nvmet_cqe_ok(&cqe)) {
			char s[96];

			cf_fail(t, "command %u on a %u-entry queue (phase tag inverted every %u): %s",
				i, WRAP_DEPTH, WRAP_DEPTH, cf_status_str(cqe.status, s, sizeof(s)));
		}
	}
	nvmet_qpair_delete(qp);
}

struct arb_count {
	unsigned int ok, bad;
};

static void arb_cb(void *arg, const struct nvmet_cpl *cpl)
{
	struct arb_count *c = arg;

	if (cpl->result == NVMET_CPL_DONE && nvmet_cqe_ok(cpl->cqe))
		c->ok++;
	else
		c->bad++;
}

static void arbitration_round_robin(struct cf *t)
{
	uint32_t cc = (uint32_t)cf_reg(t, NVMET_REG_CC, 4);
	struct nvmet_qpair *qps[ARB_QUEUES] = { NULL };
	struct arb_count count[ARB_QUEUES];
	struct nvmet_sqe sqe;
	unsigned int q, i;
	int ret = 0;

	CF_CHECK(t, CC_AMS(cc) == 0, "CC.AMS %u: the host selected round robin (000b)",
		 CC_AMS(cc));
	memset(count, 0, sizeof(count));
	for (q = 0; q < ARB_QUEUES && !ret; q++)
		ret = nvmet_qpair_create(t->ctrl, NULL, &qps[q]);
	/* Every queue full of reads before any doorbell is reaped: each must be served. */
	for (q = 0; q < ARB_QUEUES && !ret; q++) {
		for (i = 0; i < ARB_CMDS && !ret; i++) {
			nvmet_cmd_read(&sqe, nvmet_ns_nsid(t->ns), q * ARB_CMDS + i, 1, NULL);
			ret = nvmet_qpair_submit(qps[q], &sqe, t->in, (q * ARB_CMDS + i) * cf_lba(t),
						 cf_lba(t), arb_cb, &count[q]);
		}
	}
	for (q = 0; q < ARB_QUEUES && !ret; q++)
		ret = nvmet_qpair_waitdone(qps[q], ARB_CMDS, NULL);
	for (q = 0; q < ARB_QUEUES; q++)
		nvmet_qpair_delete(qps[q]);
	CF_CHECK(t, !ret, "queue pairs and their commands: %s", strerror(-ret));
	for (q = 0; q < ARB_QUEUES; q++)
		CF_CHECK(t, count[q].ok == ARB_CMDS, "queue %u: %u of %u commands completed well",
			 q, count[q].ok, ARB_CMDS);
}

static const struct cf_test tests[] = {
	{ "reset-clears-ready", "Base 2.0 3.7.2",
	  "CC.EN cleared makes CSTS.RDY 0 within CAP.TO; enabled again, it works", CF_NEED_QP,
	  reset_clears_ready },
	{ "reset-deletes-io-queues", "Base 2.0 3.7.2",
	  "a controller reset deletes the I/O queues: their ids can be created again",
	  CF_NEED_QP, reset_io_queues },
	{ "shutdown-normal", "Base 2.0 3.6.1",
	  "CC.SHN 01b ends with CSTS.SHST 10b; a reset brings the controller back", 0,
	  shutdown_normal },
	{ "shutdown-abrupt", "Base 2.0 3.6.1",
	  "CC.SHN 10b ends with CSTS.SHST 10b; a reset brings the controller back", 0,
	  shutdown_abrupt },
	{ "create-cq-invalid-qid", "Base 2.0 5.4",
	  "Create I/O CQ with QID 0 or above the granted count: Invalid Queue Identifier", 0,
	  create_cq_invalid_qid },
	{ "create-cq-size", "Base 2.0 5.4",
	  "Create I/O CQ of 1 entry or over CAP.MQES: Invalid Queue Size", 0, create_cq_size },
	{ "create-sq-invalid-cq", "Base 2.0 5.5",
	  "Create I/O SQ on a CQ that does not exist: Completion Queue Invalid", 0,
	  create_sq_invalid_cq },
	{ "delete-sq-invalid", "Base 2.0 5.7",
	  "Delete I/O SQ 0 or one not created: Invalid Queue Identifier", 0, delete_sq_invalid },
	{ "delete-cq-with-sq", "Base 2.0 5.6",
	  "Delete I/O CQ while an SQ uses it: Invalid Queue Deletion", CF_NEED_QP,
	  delete_cq_with_sq },
	{ "fabrics-queue-cmds-refused", "Base 2.0 3.1.2.1",
	  "a fabrics controller refuses Create/Delete I/O SQ/CQ: Invalid Command Opcode",
	  CF_NEED_QP, fabrics_queue_cmds_refused },
	{ "cqe-fields", "Base 2.0 3.3.3.2",
	  "a CQE carries its command's CID, its SQ's id and (SQ flow control on) the SQ head",
	  CF_NEED_QP,
	  cqe_fields },
	{ "queue-wrap", "Base 2.0 3.3.1.2",
	  "a queue wraps, the phase tag inverting each pass", CF_NEED_QP, queue_wrap },
	{ "arbitration-round-robin", "Base 2.0 3.4.4.1",
	  "round robin arbitration serves every submission queue", CF_NEED_QP,
	  arbitration_round_robin },
};

const struct cf_group cf_group_arch = {
	"arch", "Controller Architecture", tests, sizeof(tests) / sizeof(tests[0]),
};
