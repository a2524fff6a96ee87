// SPDX-License-Identifier: GPL-2.0
/*
 * emu_admin_test.c - the emulated controller's admin command set, through
 * libnvmet: Identify, features, log pages, asynchronous events and the
 * plug-in services that raise them, Abort, queue creation and deletion,
 * Format NVM, Sanitize, Device Self-test, firmware download and commit,
 * namespace management and attachment, Keep Alive, Security and NVMe-MI,
 * controller reset. Each command with its success and its error statuses.
 * Host only: no device, no root.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_lib.h"

#define SCT_CS		NVMET_SCT_CMD_SPECIFIC
#define ALL_NS		0xffffffffu
#define ID_SIZE		NVMET_ID_DATA_SIZE

/* Every AER completion the library hands over. */
FIXTURE(adm) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_emu *emu;
	struct nvmet_buf *buf;
	struct st_aer_log aer;
};

FIXTURE_SETUP(adm)
{
	ASSERT_EQ(0, nvmet_ctrl_open("emu:", NULL, &self->ctrl)) TH_LOG("%s", nvmet_last_error());
	self->emu = nvmet_ctrl_emu(self->ctrl);
	ASSERT_NE(NULL, self->emu);
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 1 << 20, "admin data", &self->buf));
	memset(&self->aer, 0, sizeof(self->aer));
	nvmet_ctrl_aer_handler(self->ctrl, st_aer_cb, &self->aer);
}

FIXTURE_TEARDOWN(adm)
{
	nvmet_buf_free(self->buf);
	nvmet_ctrl_close(self->ctrl);
}

/* Run @sqe with data in self->buf (@len bytes, @dir); return SCT << 8 | SC. */
static unsigned int run(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			const struct nvmet_sqe *sqe, size_t len, enum nvmet_dir dir,
			struct nvmet_cqe *out)
{
	struct nvmet_cqe cqe = st_admin(_metadata, self->ctrl, self->buf, sqe, len, dir);

	if (out)
		*out = cqe;
	return NVMET_CQE_STATUS(cqe.status);
}

#define RUN(sqe, len, dir)	run(_metadata, self, (sqe), (len), (dir), NULL)
#define RUNC(sqe, len, dir, c)	run(_metadata, self, (sqe), (len), (dir), (c))
#define FROM			NVMET_DIR_FROM_DEV
#define TO			NVMET_DIR_TO_DEV
#define NONE			NVMET_DIR_NONE
#define D			((uint8_t *)self->buf->va)

static unsigned int identify(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			     uint8_t cns, uint32_t nsid, uint16_t cntid, uint8_t csi)
{
	struct nvmet_identify_opts o = { .cntid = cntid, .csi = csi };
	struct nvmet_sqe sqe;

	nvmet_cmd_identify(&sqe, cns, nsid, &o);
	memset(D, 0xa5, ID_SIZE);
	return RUN(&sqe, ID_SIZE, FROM);
}

static unsigned int get_log(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			    uint8_t lid, uint32_t nsid, uint32_t len, uint64_t off, bool rae)
{
	struct nvmet_log_opts o = { .offset = off, .rae = rae };
	struct nvmet_sqe sqe;

	nvmet_cmd_get_log_page(&sqe, lid, nsid, len, &o);
	memset(D, 0xa5, len);
	return RUN(&sqe, len, FROM);
}

static unsigned int set_feat(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			     uint8_t fid, uint32_t cdw11, uint32_t *dw0)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	unsigned int st;

	nvmet_cmd_set_features(&sqe, fid, false, cdw11, NULL);
	st = RUNC(&sqe, 0, NONE, &cqe);
	if (dw0)
		*dw0 = cqe.dw0;
	return st;
}

static unsigned int get_feat(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			     uint8_t fid, unsigned int sel, uint32_t cdw11, uint32_t *dw0)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	unsigned int st;

	nvmet_cmd_get_features(&sqe, fid, sel, cdw11, NULL);
	st = RUNC(&sqe, 0, NONE, &cqe);
	if (dw0)
		*dw0 = cqe.dw0;
	return st;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

#define AER_DW0(type, info, lid)	((uint32_t)(type) | (info) << 8 | (uint32_t)(lid) << 16)

/* ---- Identify -------------------------------------------------------- */

TEST_F(adm, identify_controller)
{
	char s[64];

	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL, 0, 0, 0));
	EXPECT_EQ(0xc0de, st_le16(D + NVMET_ID_CTRL_VID));
	EXPECT_EQ(0xc0de, st_le16(D + NVMET_ID_CTRL_SSVID));
	ASSERT_EQ(0, nvmet_id_str(D, NVMET_ID_CTRL_SN, NVMET_ID_CTRL_SN + 19, s, sizeof(s)));
	EXPECT_EQ(0, strncmp(s, "EMUemu", 6)) TH_LOG("SN '%s'", s);
	ASSERT_EQ(0, nvmet_id_str(D, NVMET_ID_CTRL_MN, NVMET_ID_CTRL_MN + 39, s, sizeof(s)));
	EXPECT_STREQ("nvmet emulated controller", s);
	ASSERT_EQ(0, nvmet_id_str(D, NVMET_ID_CTRL_FR, NVMET_ID_CTRL_FR + 7, s, sizeof(s)));
	EXPECT_STREQ("1.0", s);
	EXPECT_EQ(7, D[NVMET_ID_CTRL_MDTS]);
	EXPECT_EQ(1, st_le16(D + NVMET_ID_CTRL_CNTLID));
	EXPECT_EQ(0x00010400u, st_le32(D + NVMET_ID_CTRL_VER));
	EXPECT_EQ(0x300u, st_le32(D + NVMET_ID_CTRL_OAES));
	EXPECT_EQ(0x5f, st_le16(D + NVMET_ID_CTRL_OACS));
	EXPECT_EQ(3, D[NVMET_ID_CTRL_ACL]);
	EXPECT_EQ(3, D[NVMET_ID_CTRL_AERL]);
	EXPECT_EQ(0x17, D[NVMET_ID_CTRL_FRMW]);
	EXPECT_EQ(0x06, D[NVMET_ID_CTRL_LPA] & 0x06);
	EXPECT_EQ(63, D[NVMET_ID_CTRL_ELPE]);
	EXPECT_EQ(1, D[NVMET_ID_CTRL_NPSS]);
	EXPECT_NE(0, st_le16(D + NVMET_ID_CTRL_PSD));
	EXPECT_NE(0, st_le16(D + NVMET_ID_CTRL_PSD + 32));
	EXPECT_EQ(343, st_le16(D + NVMET_ID_CTRL_WCTEMP));
	EXPECT_EQ(353, st_le16(D + NVMET_ID_CTRL_CCTEMP));
	EXPECT_NE(0, st_le16(D + NVMET_ID_CTRL_KAS));
	EXPECT_EQ(0x7u, st_le32(D + NVMET_ID_CTRL_SANICAP) & 0x7);
	EXPECT_EQ(0x66, D[NVMET_ID_CTRL_SQES]);
	EXPECT_EQ(0x44, D[NVMET_ID_CTRL_CQES]);
	EXPECT_EQ(32u, st_le32(D + NVMET_ID_CTRL_NN));
	EXPECT_EQ(32u, st_le32(D + NVMET_ID_CTRL_MNAN));
	EXPECT_EQ(0xff, st_le16(D + NVMET_ID_CTRL_ONCS));
	EXPECT_EQ(1, st_le16(D + NVMET_ID_CTRL_FUSES));
	EXPECT_EQ(0x07, D[NVMET_ID_CTRL_VWC]);	/* present, flush-all supported */
	EXPECT_EQ(1u, st_le32(D + NVMET_ID_CTRL_SGLS) & 3);
	EXPECT_EQ(32ull << 30, st_le64(D + NVMET_ID_CTRL_TNVMCAP));
	EXPECT_EQ(31ull << 30, st_le64(D + NVMET_ID_CTRL_UNVMCAP));
	EXPECT_EQ(0, strncmp((const char *)D + NVMET_ID_CTRL_SUBNQN,
			     "nqn.2014-08.org.nvmexpress:c0dec0deEMUemu", 41));
	/* Unsupported CNS values. */
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  identify(_metadata, self, NVMET_CNS_NVMSET_LIST, 0, 0, 0));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), identify(_metadata, self, 0x99, 0, 0, 0));
}

TEST_F(adm, identify_namespace_and_lists)
{
	uint8_t eui[8];

	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 1, 0, 0));
	EXPECT_EQ(2097152ull, st_le64(D + NVMET_ID_NS_NSZE));
	EXPECT_EQ(2097152ull, st_le64(D + NVMET_ID_NS_NCAP));
	EXPECT_EQ(2097152ull, st_le64(D + NVMET_ID_NS_NUSE));
	EXPECT_EQ(1, D[NVMET_ID_NS_NLBAF]);
	EXPECT_EQ(0, D[NVMET_ID_NS_FLBAS]);
	EXPECT_EQ(9, D[NVMET_ID_NS_LBAF + 2]);
	EXPECT_EQ(12, D[NVMET_ID_NS_LBAF + 6]);
	EXPECT_EQ(1, D[NVMET_ID_NS_DLFEAT] & 7);
	memcpy(eui, D + NVMET_ID_NS_EUI64, 8);
	EXPECT_FALSE(st_all_bytes(eui, 8, 0));
	EXPECT_FALSE(st_all_bytes(D + NVMET_ID_NS_NGUID, 16, 0));
	/* All namespaces: the formats, no sizes. */
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, ALL_NS, 0, 0));
	EXPECT_EQ(0ull, st_le64(D + NVMET_ID_NS_NSZE));
	EXPECT_EQ(12, D[NVMET_ID_NS_LBAF + 6]);
	/* A valid NSID with no namespace: zeros; beyond NN: Invalid Namespace. */
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 5, 0, 0));
	EXPECT_TRUE(st_all_bytes(D, ID_SIZE, 0));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), identify(_metadata, self, NVMET_CNS_NS, 33, 0, 0));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), identify(_metadata, self, NVMET_CNS_NS, 0, 0, 0));
	/* Active namespace list, from an NSID on. */
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ACTIVE_LIST, 0, 0, 0));
	EXPECT_EQ(1u, st_le32(D));
	EXPECT_EQ(0u, st_le32(D + 4));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ACTIVE_LIST, 1, 0, 0));
	EXPECT_EQ(0u, st_le32(D));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS),
		  identify(_metadata, self, NVMET_CNS_NS_ACTIVE_LIST, 0xfffffffe, 0, 0));
	/* Descriptors: EUI64, NGUID, CSI. */
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_DESC_LIST, 1, 0, 0));
	EXPECT_EQ(1, D[0]);
	EXPECT_EQ(8, D[1]);
	EXPECT_EQ(0, memcmp(D + 4, eui, 8));
	EXPECT_EQ(2, D[12]);
	EXPECT_EQ(16, D[13]);
	EXPECT_EQ(4, D[32]);
	EXPECT_EQ(1, D[33]);
	EXPECT_EQ(NVMET_CSI_NVM, D[36]);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  identify(_metadata, self, NVMET_CNS_NS_DESC_LIST, 3, 0, 0));
	/* Allocated lists and namespaces, controller lists. */
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC_LIST, 0, 0, 0));
	EXPECT_EQ(1u, st_le32(D));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC, 1, 0, 0));
	EXPECT_EQ(2097152ull, st_le64(D + NVMET_ID_NS_NSZE));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL_NS_LIST, 1, 0, 0));
	EXPECT_EQ(1, st_le16(D));
	EXPECT_EQ(1, st_le16(D + 2));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL_LIST, 0, 0, 0));
	EXPECT_EQ(1, st_le16(D));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL_LIST, 0, 2, 0));
	EXPECT_EQ(0, st_le16(D));
	/* NVM command set specific structures; other command sets are not here. */
	EXPECT_EQ(0u, identify(_metadata, self, NVMET_CNS_CS_NS, 1, 0, NVMET_CSI_NVM));
	EXPECT_EQ(0u, identify(_metadata, self, NVMET_CNS_CS_CTRL, 0, 0, NVMET_CSI_NVM));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  identify(_metadata, self, NVMET_CNS_CS_CTRL, 0, 0, NVMET_CSI_ZNS));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CS_LIST, 0, 0, 0));
	EXPECT_EQ(1, D[0]);
}

/* ---- Features -------------------------------------------------------- */

TEST_F(adm, features_get_set)
{
	struct nvmet_feat_opts ns1 = { .nsid = 1 };
	struct nvmet_sqe sqe;
	uint32_t dw0 = 0;
	uint64_t t0, t1;

	/* Arbitration: set, current, default, saved (= default), capabilities. */
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 0x03020103, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 0, 0, &dw0));
	EXPECT_EQ(0x03020103u, dw0);
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 1, 0, &dw0));
	EXPECT_EQ(0u, dw0);
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 2, 0, &dw0));
	EXPECT_EQ(0u, dw0);
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 3, 0, &dw0));
	EXPECT_EQ(4u, dw0);	/* changeable, not saveable, not per namespace */
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 4, 0, NULL));
	/* Saving is refused; unknown features too. */
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ARBITRATION, true, 0, NULL);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_FEATURE_NOT_SAVEABLE), RUN(&sqe, 0, NONE));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), set_feat(_metadata, self, 0x7e, 0, NULL));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), get_feat(_metadata, self, 0x0c, 0, 0, NULL));
	/* A controller feature with an NSID. */
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ARBITRATION, false, 0, &ns1);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_FEATURE_NOT_PER_NS), RUN(&sqe, 0, NONE));
	/* Power management: states 0 and 1. */
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_POWER_MGMT, 1, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_POWER_MGMT, 0, 0, &dw0));
	EXPECT_EQ(1u, dw0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_POWER_MGMT, 2, NULL));
	/* Temperature thresholds, over and under; sensors other than composite refused. */
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 0, 0, &dw0));
	EXPECT_EQ(343u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 1u << 20 | 200, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 0, 1u << 20, &dw0));
	EXPECT_EQ(200u, dw0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 1u << 16 | 300, NULL));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 2u << 20 | 300, NULL));
	/* Error recovery: per namespace; DULBE is not supported. */
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ERR_RECOVERY, false, 30, &ns1);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ERR_RECOVERY, 0, 0, &dw0));
	EXPECT_EQ(30u, dw0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_ERR_RECOVERY, 1u << 16, NULL));
	ns1.nsid = 9;
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ERR_RECOVERY, false, 30, &ns1);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), RUN(&sqe, 0, NONE));
	/* Volatile write cache. */
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0, 0, &dw0));
	EXPECT_EQ(1u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0, 0, &dw0));
	EXPECT_EQ(0u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 1, NULL));
	/* Interrupt coalescing and vector configuration. */
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_IRQ_COALESCE, 0x0a04, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_IRQ_COALESCE, 0, 0, &dw0));
	EXPECT_EQ(0x0a04u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_IRQ_CONFIG, 1u << 16 | 3, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_IRQ_CONFIG, 0, 3, &dw0));
	EXPECT_EQ(1u << 16 | 3, dw0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_IRQ_CONFIG, 65, NULL));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  get_feat(_metadata, self, NVMET_FEAT_IRQ_CONFIG, 0, 1000, NULL));
	/* Write atomicity, async event configuration, keep alive (rounded to 100 ms). */
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_WRITE_ATOMIC, 1, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_WRITE_ATOMIC, 0, 0, &dw0));
	EXPECT_EQ(1u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_ASYNC_EVENT, 0x102, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ASYNC_EVENT, 0, 0, &dw0));
	EXPECT_EQ(0x102u, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_KEEP_ALIVE, 1050, NULL));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_KEEP_ALIVE, 0, 0, &dw0));
	EXPECT_EQ(1100u, dw0);
	/* Timestamp: set through data, read back advanced. */
	put_le64(D, 123456789ull);
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_TIMESTAMP, false, 0, NULL);
	EXPECT_EQ(0u, RUN(&sqe, 8, TO));
	usleep(30000);
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_TIMESTAMP, 0, 0, NULL);
	memset(D, 0, 8);
	EXPECT_EQ(0u, RUN(&sqe, 8, FROM));
	t0 = st_le64(D) & ((1ull << 48) - 1);
	EXPECT_LE(123456789ull + 30, t0);
	EXPECT_GT(123456789ull + 5000, t0);
	EXPECT_EQ(2, D[6] & 0xe);	/* origin: set by the host */
	usleep(20000);
	EXPECT_EQ(0u, RUN(&sqe, 8, FROM));
	t1 = st_le64(D) & ((1ull << 48) - 1);
	EXPECT_LE(t0 + 20, t1);
}

TEST_F(adm, features_number_of_queues)
{
	struct nvmet_qpair *qp;
	uint32_t dw0 = 0;

	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 3u << 16 | 7, &dw0));
	EXPECT_EQ(3u << 16 | 7, dw0);
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 500u << 16 | 500, &dw0));
	EXPECT_EQ(63u << 16 | 63, dw0);		/* 64 queues, 0-based */
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 0, 0, &dw0));
	EXPECT_EQ(63u << 16 | 63, dw0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  set_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 0xffff, NULL));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &qp));
	EXPECT_EQ(ST_SC(0, NVMET_SC_CMD_SEQ_ERROR),
		  set_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 0, NULL));
	nvmet_qpair_delete(qp);
}

/* ---- Queues ---------------------------------------------------------- */

static unsigned int create_cq(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint16_t qid, uint32_t size, unsigned int flags, uint16_t iv)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_create_cq(&sqe, qid, size, flags, iv);
	sqe.prp1 = self->buf->iova;
	return RUN(&sqe, 0, NONE);
}

static unsigned int create_sq(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint16_t qid, uint32_t size, uint16_t cqid, unsigned int flags)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_create_sq(&sqe, qid, size, cqid, flags, 0);
	sqe.prp1 = self->buf->iova + 65536;
	return RUN(&sqe, 0, NONE);
}

static unsigned int delete_q(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			     bool cq, uint16_t qid)
{
	struct nvmet_sqe sqe;

	if (cq)
		nvmet_cmd_delete_cq(&sqe, qid);
	else
		nvmet_cmd_delete_sq(&sqe, qid);
	return RUN(&sqe, 0, NONE);
}

TEST_F(adm, queue_create_delete)
{
	const unsigned int pc = NVMET_QUEUE_PC, irq = NVMET_QUEUE_PC | NVMET_CQ_IEN;

	ASSERT_EQ(0u, self->buf->iova % 4096);
	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_NUM_QUEUES, 3u << 16 | 3, NULL));
	/* Completion queue errors. */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), create_cq(_metadata, self, 0, 16, pc, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), create_cq(_metadata, self, 5, 16, pc, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QUEUE_SIZE), create_cq(_metadata, self, 2, 1, pc, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QUEUE_SIZE), create_cq(_metadata, self, 2, 2048, pc, 0));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), create_cq(_metadata, self, 2, 16, 0, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_VECTOR),
		  create_cq(_metadata, self, 2, 16, irq, 65));
	ASSERT_EQ(0u, create_cq(_metadata, self, 2, 16, irq, 1));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), create_cq(_metadata, self, 2, 16, pc, 0));
	/* Submission queue errors. */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_CQ_INVALID), create_sq(_metadata, self, 2, 16, 3, pc));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_CQ_INVALID), create_sq(_metadata, self, 2, 16, 0, pc));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), create_sq(_metadata, self, 9, 16, 2, pc));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QUEUE_SIZE), create_sq(_metadata, self, 2, 1, 2, pc));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), create_sq(_metadata, self, 2, 16, 2, 0));
	ASSERT_EQ(0u, create_sq(_metadata, self, 2, 16, 2, pc | NVMET_SQ_QPRIO(2)));
	/* Deletion: the CQ has an SQ; qid 0; a queue that does not exist. */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_QUEUE_DELETION),
		  delete_q(_metadata, self, true, 2));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), delete_q(_metadata, self, true, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), delete_q(_metadata, self, false, 0));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), delete_q(_metadata, self, false, 3));
	EXPECT_EQ(0u, delete_q(_metadata, self, false, 2));
	EXPECT_EQ(0u, delete_q(_metadata, self, true, 2));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_QID_INVALID), delete_q(_metadata, self, true, 2));
}

/* The Delete I/O SQ and CQ commands the controller completed, in order. */
struct deletes {
	int n;
	uint8_t opc[8];
	uint16_t qid[8];
	uint16_t status[8];
};

static int log_deletes(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct deletes *d = arg;
	int i = __atomic_load_n(&d->n, __ATOMIC_RELAXED);

	(void)emu;
	if ((ev->sqe->opc == NVMET_ADM_DELETE_SQ || ev->sqe->opc == NVMET_ADM_DELETE_CQ) &&
	    i < 8) {
		d->opc[i] = ev->sqe->opc;
		d->qid[i] = ev->sqe->delete_queue.qid;
		d->status[i] = NVMET_CQE_STATUS(ev->cqe->status);
		__atomic_store_n(&d->n, i + 1, __ATOMIC_RELEASE);
	}
	return NVMET_EMU_CONTINUE;
}

/*
 * nvmet_qpair_delete() deletes the SQ before its CQ (a CQ with an SQ on it
 * is refused), and a CQ shared by two pairs only with the last of them:
 * nothing it sends is refused.
 */
TEST_F(adm, qpair_delete_sends_sq_before_cq)
{
	struct nvmet_qpair_opts o = { 0 };
	struct nvmet_qpair *a, *b, *c;
	struct deletes d = { 0 };
	uint16_t qa, qb, qc;
	int i;

	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &a));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &b));
	o.share_cq = b;
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &o, &c));
	qa = nvmet_qpair_qid(a);
	qb = nvmet_qpair_qid(b);
	qc = nvmet_qpair_qid(c);
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:admin:writeback", log_deletes, &d));
	EXPECT_EQ(0, nvmet_qpair_delete(a));
	EXPECT_EQ(0, nvmet_qpair_delete(c));
	EXPECT_EQ(0, nvmet_qpair_delete(b));
	ASSERT_EQ(0, nvmet_emu_detach(self->emu, "nvme:admin:writeback", log_deletes, &d));
	ASSERT_EQ(5, __atomic_load_n(&d.n, __ATOMIC_ACQUIRE));
	EXPECT_EQ(NVMET_ADM_DELETE_SQ, d.opc[0]);
	EXPECT_EQ(qa, d.qid[0]);
	EXPECT_EQ(NVMET_ADM_DELETE_CQ, d.opc[1]);
	EXPECT_EQ(qa, d.qid[1]);
	/* c's SQ sits on b's CQ, which stays until b goes. */
	EXPECT_EQ(NVMET_ADM_DELETE_SQ, d.opc[2]);
	EXPECT_EQ(qc, d.qid[2]);
	EXPECT_EQ(NVMET_ADM_DELETE_SQ, d.opc[3]);
	EXPECT_EQ(qb, d.qid[3]);
	EXPECT_EQ(NVMET_ADM_DELETE_CQ, d.opc[4]);
	EXPECT_EQ(qb, d.qid[4]);
	for (i = 0; i < 5; i++)
		EXPECT_EQ(0u, d.status[i]) TH_LOG("command %d: %s qid %u status 0x%x", i,
						 nvmet_admin_opcode_name(d.opc[i]), d.qid[i],
						 d.status[i]);
}

/* ---- Log pages ------------------------------------------------------- */

TEST_F(adm, log_pages)
{
	struct nvmet_qpair *qp;
	struct nvmet_ns *ns;
	struct nvmet_cqe cqe;
	struct nvmet_sqe sqe;
	uint16_t cid;

	/* An error for the error log: its count, queue, CID and status. */
	nvmet_cmd_raw(&sqe, 0xc5, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_OPCODE), RUNC(&sqe, 0, NONE, &cqe));
	EXPECT_EQ(1u, NVMET_CQE_DNR(cqe.status));
	cid = cqe.cid;
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_ERROR, 0, 4096, 0, false));
	EXPECT_NE(0ull, st_le64(D));
	EXPECT_EQ(0, st_le16(D + 8));
	EXPECT_EQ(cid, st_le16(D + 10));
	EXPECT_EQ((uint16_t)(cqe.status & 0xfffe), st_le16(D + 12));
	EXPECT_EQ(0ull, st_le64(D + 64 * 63));	/* an unused entry */
	/* SMART: counters moved by I/O, power cycles. */
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &ns));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &qp));
	ASSERT_EQ(0, nvmet_ns_write(ns, qp, self->buf, 0, 0, 1000, NULL, NULL));
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, self->buf, 0, 0, 1001, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 2, NULL));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 512, 0, false));
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(313, st_le16(D + 1));
	EXPECT_EQ(100, D[3]);
	EXPECT_EQ(10, D[4]);
	EXPECT_EQ(2ull, st_le64(D + 32));	/* 1001 units read: 2 thousands, rounded up */
	EXPECT_EQ(1ull, st_le64(D + 48));
	EXPECT_EQ(1ull, st_le64(D + 64));
	EXPECT_EQ(1ull, st_le64(D + 80));
	EXPECT_LE(1ull, st_le64(D + 176));	/* error log entries */
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  get_log(_metadata, self, NVMET_LOG_SMART, 1, 512, 0, false));
	/* An offset: the same bytes; beyond the page: Invalid Field. */
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 512, 0, true));
	memcpy(D + 8192, D, 512);
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 64, 32, true));
	EXPECT_EQ(0, memcmp(D, D + 8192 + 32, 64));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 64, 512, true));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 64, 2, true));
	/* Firmware slot, changed namespaces, effects, self-test, sanitize. */
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_FW_SLOT, 0, 512, 0, false));
	EXPECT_EQ(1, D[0]);
	EXPECT_EQ(0, memcmp(D + 8, "1.0     ", 8));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_CHANGED_NS, 0, 4096, 0, false));
	EXPECT_EQ(0u, st_le32(D));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_CMD_EFFECTS, 0, 4096, 0, false));
	EXPECT_EQ(1u, st_le32(D + 4 * NVMET_ADM_IDENTIFY));
	EXPECT_EQ(1u, st_le32(D + 4 * NVMET_ADM_SANITIZE) & 1);
	EXPECT_EQ(2u, st_le32(D + 4 * NVMET_ADM_FORMAT_NVM) >> 16 & 7);
	EXPECT_EQ(0u, st_le32(D + 4 * NVMET_ADM_DIRECTIVE_SEND));
	EXPECT_EQ(0u, st_le32(D + 4 * 0xc0));
	EXPECT_EQ(3u, st_le32(D + 1024 + 4 * NVMET_CMD_WRITE));
	EXPECT_EQ(1u, st_le32(D + 1024 + 4 * NVMET_CMD_READ));
	EXPECT_EQ(1u, st_le32(D + 1024 + 4 * NVMET_CMD_VERIFY));
	EXPECT_EQ(3u, st_le32(D + 1024 + 4 * NVMET_CMD_DSM));
	EXPECT_EQ(0u, st_le32(D + 1024 + 4 * NVMET_CMD_COPY));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SELF_TEST, 0, 564, 0, false));
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(0xf, D[4] & 0xf);
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SANITIZE, 0, 512, 0, false));
	EXPECT_EQ(0xffff, st_le16(D));
	EXPECT_EQ(0, st_le16(D + 2));
	/* Unknown log page. */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_LOG_PAGE),
		  get_log(_metadata, self, 0x70, 0, 512, 0, false));
}

/* ---- Asynchronous events --------------------------------------------- */

TEST_F(adm, aer_smart_and_masking)
{
	struct nvmet_sqe sqe;

	/* The library holds AERL + 1 AERs: one more is over the limit. */
	nvmet_cmd_async_event(&sqe);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_AER_LIMIT), RUN(&sqe, 0, NONE));
	/* A critical warning: SMART event, reliability. */
	ASSERT_EQ(0, nvmet_emu_smart_critical(self->emu, 0x08));
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000));
	EXPECT_EQ(AER_DW0(1, 0, NVMET_LOG_SMART), self->aer.dw0[0]);
	/* Temperature over the threshold: masked until the SMART log is read. */
	ASSERT_EQ(0, nvmet_emu_set_temperature(self->emu, 350));
	EXPECT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 200));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 512, 0, true));
	EXPECT_EQ(0x0a, D[0]);
	EXPECT_EQ(350, st_le16(D + 1));
	EXPECT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 200));	/* RAE set: still masked */
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 512, 0, false));
	ASSERT_EQ(2u, st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 2000));
	EXPECT_EQ(AER_DW0(1, 1, NVMET_LOG_SMART), self->aer.dw0[1]);
	/* Back under the threshold clears the warning bit. */
	ASSERT_EQ(0, nvmet_emu_set_temperature(self->emu, 300));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SMART, ALL_NS, 512, 0, false));
	EXPECT_EQ(0x08, D[0]);
	/* Lowering the threshold under the temperature raises it again. */
	EXPECT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_TEMP_THRESH, 290, NULL));
	ASSERT_EQ(3u, st_aer_wait(_metadata, self->ctrl, &self->aer, 3, 2000));
	EXPECT_EQ(AER_DW0(1, 1, NVMET_LOG_SMART), self->aer.dw0[2]);
	/* Arguments out of range. */
	EXPECT_EQ(-EINVAL, nvmet_emu_smart_critical(self->emu, 0x40));
	EXPECT_EQ(-EINVAL, nvmet_emu_set_temperature(self->emu, 0));
	EXPECT_EQ(-EINVAL, nvmet_emu_aer(self->emu, 3, 0, 0));
}

struct raiser {
	struct nvmet_emu *emu;
	int ret;
};

static void *raise_vendor(void *arg)
{
	struct raiser *r = arg;

	r->ret = nvmet_emu_aer(r->emu, 7, 0x12, 0xc0);
	return NULL;
}

TEST_F(adm, aer_configuration_and_other_threads)
{
	struct raiser r = { .emu = self->emu };
	pthread_t t;

	/* Disabled by the Asynchronous Event Configuration: nothing comes. */
	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_ASYNC_EVENT, 0x100, NULL));
	ASSERT_EQ(0, nvmet_emu_smart_critical(self->emu, 0x04));
	EXPECT_EQ(0u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 200));
	/* A vendor event from another thread. */
	ASSERT_EQ(0, pthread_create(&t, NULL, raise_vendor, &r));
	pthread_join(t, NULL);
	EXPECT_EQ(0, r.ret);
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000));
	EXPECT_EQ(AER_DW0(7, 0x12, 0xc0), self->aer.dw0[0]);
	/* Queued while no AER is outstanding, delivered when one comes. */
	ASSERT_EQ(0, nvmet_emu_aer(self->emu, 0, 0x02, NVMET_LOG_ERROR));
	ASSERT_EQ(2u, st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 2000));
	EXPECT_EQ(AER_DW0(0, 2, NVMET_LOG_ERROR), self->aer.dw0[1]);
}

/* ---- Abort ----------------------------------------------------------- */

struct dropper {
	uint8_t opc;
	int seen;
	uint16_t cid;
};

static int drop_opc(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct dropper *d = arg;

	(void)emu;
	if (ev->sqe->opc != d->opc)
		return NVMET_EMU_CONTINUE;
	d->cid = ev->sqe->cid;
	__atomic_store_n(&d->seen, 1, __ATOMIC_RELEASE);
	return d->opc == NVMET_ADM_KEEP_ALIVE ? NVMET_EMU_DROP : NVMET_EMU_CONTINUE;
}

TEST_F(adm, abort_dropped_and_aer)
{
	struct dropper dk = { .opc = NVMET_ADM_KEEP_ALIVE }, da = { .opc = NVMET_ADM_ASYNC_EVENT };
	struct st_done ka = { 0 };
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int i;

	/* A command a tap swallowed. */
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:admin:decode", drop_opc, &dk));
	nvmet_cmd_keep_alive(&sqe);
	ASSERT_EQ(0, nvmet_ctrl_admin(self->ctrl, &sqe, NULL, 0, 0, NONE, st_count_cb, &ka));
	for (i = 0; i < 1000 && !__atomic_load_n(&dk.seen, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	ASSERT_EQ(1, dk.seen);
	ASSERT_EQ(0, nvmet_emu_detach(self->emu, "nvme:admin:decode", drop_opc, &dk));
	nvmet_cmd_abort(&sqe, 0, dk.cid);
	EXPECT_EQ(0u, RUNC(&sqe, 0, NONE, &cqe));
	EXPECT_EQ(0u, cqe.dw0 & 1);
	ASSERT_EQ(0, nvmet_ctrl_waitdone(self->ctrl, nvmet_ctrl_admin_outstanding(self->ctrl),
					 NULL));
	EXPECT_EQ(1, ka.count);
	EXPECT_EQ(ST_SC(0, NVMET_SC_ABORT_REQ), NVMET_CQE_STATUS(ka.last.status));
	/* Nothing with that CID any more. */
	EXPECT_EQ(0u, RUNC(&sqe, 0, NONE, &cqe));
	EXPECT_EQ(1u, cqe.dw0 & 1);
	/* A held AER: see one's CID as the library re-arms after a reset. */
	ASSERT_EQ(0, nvmet_emu_attach(self->emu, "nvme:admin:decode", drop_opc, &da));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	for (i = 0; i < 1000 && !__atomic_load_n(&da.seen, __ATOMIC_ACQUIRE); i++)
		usleep(1000);
	ASSERT_EQ(1, da.seen);
	ASSERT_EQ(0, nvmet_emu_detach(self->emu, "nvme:admin:decode", drop_opc, &da));
	nvmet_cmd_abort(&sqe, 0, da.cid);
	EXPECT_EQ(0u, RUNC(&sqe, 0, NONE, &cqe));
	EXPECT_EQ(0u, cqe.dw0 & 1);
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 1000));
	EXPECT_EQ(ST_SC(0, NVMET_SC_ABORT_REQ), NVMET_CQE_STATUS(self->aer.status[0]));
}

/* ---- Format NVM ------------------------------------------------------ */

TEST_F(adm, format_nvm)
{
	struct nvmet_format_opts ses = { .ses = 1 };
	struct nvmet_sqe sqe;

	nvmet_cmd_format_nvm(&sqe, 1, 1, &ses);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 1, 0, 0));
	EXPECT_EQ(1, D[NVMET_ID_NS_FLBAS] & 0xf);
	EXPECT_EQ(262144ull, st_le64(D + NVMET_ID_NS_NSZE));
	nvmet_cmd_format_nvm(&sqe, ALL_NS, 0, NULL);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 1, 0, 0));
	EXPECT_EQ(0, D[NVMET_ID_NS_FLBAS] & 0xf);
	/* Errors: a format that does not exist, protection, erase setting, namespace. */
	nvmet_cmd_format_nvm(&sqe, 1, 2, NULL);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FORMAT), RUN(&sqe, 0, NONE));
	ses.pi = 1;
	ses.ses = 0;
	nvmet_cmd_format_nvm(&sqe, 1, 0, &ses);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FORMAT), RUN(&sqe, 0, NONE));
	ses.pi = 0;
	ses.ses = 3;
	nvmet_cmd_format_nvm(&sqe, 1, 0, &ses);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 0, NONE));
	nvmet_cmd_format_nvm(&sqe, 4, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), RUN(&sqe, 0, NONE));
}

/* ---- Sanitize -------------------------------------------------------- */

TEST_F(adm, sanitize)
{
	struct nvmet_sanitize_opts o = { 0 };
	unsigned int st[5];
	uint8_t log[8];
	uint32_t cdw10;
	uint64_t t0;
	struct nvmet_qpair *qp;
	struct nvmet_ns *ns;
	struct st_done d = { 0 };
	struct nvmet_sqe sqe;
	int i;

	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, 1, &ns));
	ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, NULL, &qp));
	memset(D, 0x5a, 4096);
	ASSERT_EQ(0, nvmet_ns_write(ns, qp, self->buf, 0, 10, 8, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	/* Bad actions; No-Deallocate unless the host accepts deallocation. */
	nvmet_cmd_sanitize(&sqe, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 0, NONE));
	nvmet_cmd_sanitize(&sqe, 5, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 0, NONE));
	o.ndas = true;
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_BLOCK_ERASE, &o);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 0, NONE));
	/* Exit failure mode: nothing failed, nothing to do. */
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_EXIT_FAILURE, NULL);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	/* Overwrite, three passes: runs in the background, about 300 ms. */
	o.ndas = false;
	o.owpass = 3;
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_OVERWRITE, &o);
	t0 = st_now_ns();
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	cdw10 = sqe.cdw10;
	/* Meanwhile: most admin commands and I/O wait; Identify works. */
	st[0] = get_log(_metadata, self, NVMET_LOG_SANITIZE, 0, 512, 0, true);
	memcpy(log, D, sizeof(log));
	nvmet_cmd_format_nvm(&sqe, 1, 0, NULL);
	st[1] = RUN(&sqe, 0, NONE);
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_CRYPTO_ERASE, NULL);
	st[2] = RUN(&sqe, 0, NONE);
	st[3] = get_log(_metadata, self, NVMET_LOG_FW_SLOT, 0, 512, 0, false);
	st[4] = identify(_metadata, self, NVMET_CNS_CTRL, 0, 0, 0);
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, self->buf, 0, 10, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	if (st_now_ns() - t0 > 250000000ull)
		SKIP(goto out, "too slow a machine: the sanitize operation may be over");
	EXPECT_EQ(0u, st[0]);
	EXPECT_NE(0xffff, st_le16(log));
	EXPECT_EQ(2, st_le16(log + 2) & 7);
	EXPECT_EQ(cdw10, st_le32(log + 4));
	EXPECT_EQ(ST_SC(0, NVMET_SC_SANITIZE_IN_PROGRESS), st[1]);
	EXPECT_EQ(ST_SC(0, NVMET_SC_SANITIZE_IN_PROGRESS), st[2]);
	EXPECT_EQ(ST_SC(0, NVMET_SC_SANITIZE_IN_PROGRESS), st[3]);
	EXPECT_EQ(0u, st[4]);
	EXPECT_EQ(ST_SC(0, NVMET_SC_SANITIZE_IN_PROGRESS), NVMET_CQE_STATUS(d.last.status));
	/* The end: an I/O command set event, the status, the data gone. */
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 3000));
	EXPECT_EQ(AER_DW0(6, 1, NVMET_LOG_SANITIZE), self->aer.dw0[0]);
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SANITIZE, 0, 512, 0, false));
	EXPECT_EQ(0xffff, st_le16(D));
	EXPECT_EQ(1 | 3 << 3, st_le16(D + 2));
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, self->buf, 0, 10, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_TRUE(nvmet_cqe_ok(&d.last));
	EXPECT_TRUE(st_all_bytes(D, 4096, 0));
	/* No-Deallocate once the host accepts deallocation: status 4. */
	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_SANITIZE_CFG, 1, NULL));
	o.ndas = true;
	nvmet_cmd_sanitize(&sqe, NVMET_SANACT_CRYPTO_ERASE, &o);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	for (i = 0; i < 300; i++) {
		ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SANITIZE, 0, 512, 0, false));
		if ((st_le16(D + 2) & 7) != 2)
			break;
		usleep(10000);
	}
	EXPECT_EQ(4, st_le16(D + 2) & 7);
out:
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
}

/* ---- Device self-test ------------------------------------------------ */

static unsigned int self_test(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint32_t nsid, unsigned int stc)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_self_test(&sqe, nsid, stc);
	return RUN(&sqe, 0, NONE);
}

TEST_F(adm, device_self_test)
{
	int i;

	/* An extended test (a second) in progress, a second start, an abort: result 1. */
	ASSERT_EQ(0u, self_test(_metadata, self, 1, NVMET_STC_EXTENDED));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SELF_TEST, 0, 564, 0, false));
	EXPECT_EQ(2, D[0]);
	EXPECT_GT(100, D[1]);
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_SELF_TEST_IN_PROGRESS),
		  self_test(_metadata, self, 0, NVMET_STC_SHORT));
	ASSERT_EQ(0u, self_test(_metadata, self, 1, NVMET_STC_ABORT));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SELF_TEST, 0, 564, 0, false));
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(0x21, D[4]);		/* extended, aborted by the command */
	EXPECT_EQ(1, D[6] & 1);		/* NSID valid */
	EXPECT_EQ(1u, st_le32(D + 4 + 12));
	/* A short test runs to completion: result 0, newest first. */
	ASSERT_EQ(0u, self_test(_metadata, self, 0, NVMET_STC_SHORT));
	for (i = 0; i < 200; i++) {
		ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SELF_TEST, 0, 564, 0, false));
		if (!D[0])
			break;
		usleep(10000);
	}
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(0x10, D[4]);
	EXPECT_EQ(0, D[6] & 1);
	EXPECT_EQ(0x21, D[4 + 28]);
	EXPECT_EQ(0xf, D[4 + 56] & 0xf);
	/* A reset ends an extended one: result 2. */
	ASSERT_EQ(0u, self_test(_metadata, self, ALL_NS, NVMET_STC_EXTENDED));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_SELF_TEST, 0, 564, 0, false));
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(0x22, D[4]);
	/* Errors: codes, namespaces. */
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  self_test(_metadata, self, 0, NVMET_STC_VENDOR));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), self_test(_metadata, self, 0, 3));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), self_test(_metadata, self, 7, NVMET_STC_SHORT));
}

/* ---- Firmware -------------------------------------------------------- */

static unsigned int fw_download(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
				const char *rev, uint64_t off, uint64_t len)
{
	struct nvmet_sqe sqe;

	memset(D, 0x11, len);
	if (rev) {
		memset(D, ' ', 8);
		memcpy(D, rev, strlen(rev));
	}
	nvmet_cmd_fw_download(&sqe, off, len);
	return RUN(&sqe, len, TO);
}

static unsigned int fw_commit(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      unsigned int fs, unsigned int ca)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_fw_commit(&sqe, fs, ca, 0);
	return RUN(&sqe, 0, NONE);
}

static void fr_of(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self, char *fr)
{
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL, 0, 0, 0));
	ASSERT_EQ(0, nvmet_id_str(D, NVMET_ID_CTRL_FR, NVMET_ID_CTRL_FR + 7, fr, 9));
}

TEST_F(adm, firmware_download_commit)
{
	char fr[9];

	/* Two pieces, then commit to slot 2 for the next reset. */
	ASSERT_EQ(0u, fw_download(_metadata, self, "2.0-emu", 0, 4096));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_OVERLAPPING_RANGE),
		  fw_download(_metadata, self, NULL, 8192, 4096));
	ASSERT_EQ(0u, fw_download(_metadata, self, NULL, 4096, 4096));
	ASSERT_EQ(0u, fw_commit(_metadata, self, 2, NVMET_FW_CA_REPLACE_ACTIVATE));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_FW_SLOT, 0, 512, 0, false));
	EXPECT_EQ(0x21, D[0]);		/* active 1, next 2 */
	EXPECT_EQ(0, memcmp(D + 16, "2.0-emu ", 8));
	fr_of(_metadata, self, fr);
	EXPECT_STREQ("1.0", fr);
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	fr_of(_metadata, self, fr);
	EXPECT_STREQ("2.0-emu", fr);
	/* Errors: read-only slot, no image, slots that do not exist, reserved actions. */
	ASSERT_EQ(0u, fw_download(_metadata, self, "3.0", 0, 4096));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FW_SLOT),
		  fw_commit(_metadata, self, 1, NVMET_FW_CA_REPLACE));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FW_SLOT),
		  fw_commit(_metadata, self, 5, NVMET_FW_CA_REPLACE));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  fw_commit(_metadata, self, 2, NVMET_FW_CA_REPLACE_BOOT));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FW_IMAGE),
		  fw_commit(_metadata, self, 3, NVMET_FW_CA_ACTIVATE));
	/* Replace into a slot the controller picks (3: 2 runs), then activate now. */
	ASSERT_EQ(0u, fw_commit(_metadata, self, 0, NVMET_FW_CA_REPLACE));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FW_IMAGE),
		  fw_commit(_metadata, self, 2, NVMET_FW_CA_REPLACE));
	ASSERT_EQ(0u, fw_commit(_metadata, self, 3, NVMET_FW_CA_ACTIVATE_NOW));
	fr_of(_metadata, self, fr);
	EXPECT_STREQ("3.0", fr);
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000));
	EXPECT_EQ(AER_DW0(2, 1, NVMET_LOG_FW_SLOT), self->aer.dw0[0]);
	/* An image whose revision is not text. */
	ASSERT_EQ(0u, fw_download(_metadata, self, "\x01", 0, 4096));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FW_IMAGE),
		  fw_commit(_metadata, self, 2, NVMET_FW_CA_REPLACE));
	/* Activate slot 1 at the next reset. */
	ASSERT_EQ(0u, fw_commit(_metadata, self, 1, NVMET_FW_CA_ACTIVATE));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	fr_of(_metadata, self, fr);
	EXPECT_STREQ("1.0", fr);
}

/* ---- Namespace management -------------------------------------------- */

static unsigned int ns_create(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint64_t nsze, uint64_t ncap, uint8_t flbas, uint32_t *nsid)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	unsigned int st;

	memset(D, 0, ID_SIZE);
	put_le64(D + NVMET_ID_NS_NSZE, nsze);
	put_le64(D + NVMET_ID_NS_NCAP, ncap);
	D[NVMET_ID_NS_FLBAS] = flbas;
	nvmet_cmd_ns_mgmt(&sqe, NVMET_NS_MGMT_CREATE, 0, NVMET_CSI_NVM);
	st = RUNC(&sqe, ID_SIZE, TO, &cqe);
	if (nsid)
		*nsid = cqe.dw0;
	return st;
}

static unsigned int ns_delete(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint32_t nsid)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_ns_mgmt(&sqe, NVMET_NS_MGMT_DELETE, nsid, 0);
	return RUN(&sqe, 0, NONE);
}

static unsigned int ns_attach(struct __test_metadata *_metadata, FIXTURE_DATA(adm) *self,
			      uint32_t nsid, unsigned int sel, uint16_t ctrl)
{
	struct nvmet_sqe sqe;

	memset(D, 0, ID_SIZE);
	D[0] = 1;
	D[2] = (uint8_t)ctrl;
	D[3] = (uint8_t)(ctrl >> 8);
	nvmet_cmd_ns_attach(&sqe, sel, nsid);
	return RUN(&sqe, ID_SIZE, TO);
}

TEST_F(adm, namespace_management)
{
	uint8_t eui1[8];
	uint32_t nsid = 0;
	int i;

	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 1, 0, 0));
	memcpy(eui1, D + NVMET_ID_NS_EUI64, 8);
	/* Create: allocated, not attached. */
	ASSERT_EQ(0u, ns_create(_metadata, self, 4096, 4096, 1, &nsid));
	EXPECT_EQ(2u, nsid);
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC, 2, 0, 0));
	EXPECT_EQ(4096ull, st_le64(D + NVMET_ID_NS_NSZE));
	EXPECT_EQ(1, D[NVMET_ID_NS_FLBAS]);
	EXPECT_NE(0, memcmp(eui1, D + NVMET_ID_NS_EUI64, 8));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS, 2, 0, 0));
	EXPECT_TRUE(st_all_bytes(D, ID_SIZE, 0));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC_LIST, 0, 0, 0));
	EXPECT_EQ(2u, st_le32(D + 4));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_CTRL, 0, 0, 0));
	EXPECT_EQ(31ull * (1 << 30) - 4096 * 4096, st_le64(D + NVMET_ID_CTRL_UNVMCAP));
	/* Attach: active, a notice, the changed list. */
	ASSERT_EQ(0u, ns_attach(_metadata, self, 2, NVMET_NS_ATTACH_CTRLS, 1));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ACTIVE_LIST, 0, 0, 0));
	EXPECT_EQ(2u, st_le32(D + 4));
	ASSERT_EQ(1u, st_aer_wait(_metadata, self->ctrl, &self->aer, 1, 2000));
	EXPECT_EQ(AER_DW0(2, 0, NVMET_LOG_CHANGED_NS), self->aer.dw0[0]);
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_CHANGED_NS, 0, 4096, 0, false));
	EXPECT_EQ(2u, st_le32(D));
	EXPECT_EQ(0u, st_le32(D + 4));
	ASSERT_EQ(0u, get_log(_metadata, self, NVMET_LOG_CHANGED_NS, 0, 4096, 0, false));
	EXPECT_EQ(0u, st_le32(D));	/* read with RAE clear: emptied */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_NS_ALREADY_ATTACHED),
		  ns_attach(_metadata, self, 2, NVMET_NS_ATTACH_CTRLS, 1));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_CTRL_LIST_INVALID),
		  ns_attach(_metadata, self, 2, NVMET_NS_DETACH_CTRLS, 7));
	/* Detach, and again. */
	ASSERT_EQ(0u, ns_attach(_metadata, self, 2, NVMET_NS_DETACH_CTRLS, 1));
	ASSERT_EQ(2u, st_aer_wait(_metadata, self->ctrl, &self->aer, 2, 2000));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_NS_NOT_ATTACHED),
		  ns_attach(_metadata, self, 2, NVMET_NS_DETACH_CTRLS, 1));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD),
		  ns_attach(_metadata, self, 9, NVMET_NS_ATTACH_CTRLS, 1));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS),
		  ns_attach(_metadata, self, ALL_NS, NVMET_NS_ATTACH_CTRLS, 1));
	/* Delete, and again. */
	ASSERT_EQ(0u, ns_delete(_metadata, self, 2));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), ns_delete(_metadata, self, 2));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_NS), ns_delete(_metadata, self, 40));
	/* Create errors: capacity, thin provisioning, format, sizes. */
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_NS_INSUFFICIENT_CAP),
		  ns_create(_metadata, self, 1ull << 40, 1ull << 40, 0, NULL));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_THIN_PROV_UNSUPPORTED),
		  ns_create(_metadata, self, 4096, 2048, 0, NULL));
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_INVALID_FORMAT),
		  ns_create(_metadata, self, 4096, 4096, 2, NULL));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), ns_create(_metadata, self, 0, 0, 0, NULL));
	/* Namespace IDs run out after 32. */
	for (i = 2; i <= 32; i++) {
		ASSERT_EQ(0u, ns_create(_metadata, self, 8, 8, 0, &nsid));
		EXPECT_EQ((uint32_t)i, nsid);
	}
	EXPECT_EQ(ST_SC(SCT_CS, NVMET_SC_NSID_UNAVAILABLE),
		  ns_create(_metadata, self, 8, 8, 0, NULL));
	/* Delete all: namespace 1 too, with a notice for it. */
	ASSERT_EQ(0u, ns_delete(_metadata, self, ALL_NS));
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC_LIST, 0, 0, 0));
	EXPECT_EQ(0u, st_le32(D));
	/* A recreated namespace gets new identifiers. */
	ASSERT_EQ(0u, ns_create(_metadata, self, 8, 8, 0, &nsid));
	EXPECT_EQ(1u, nsid);
	ASSERT_EQ(0u, identify(_metadata, self, NVMET_CNS_NS_ALLOC, 1, 0, 0));
	EXPECT_NE(0, memcmp(eui1, D + NVMET_ID_NS_EUI64, 8));
}

/* ---- Keep Alive, Security, NVMe-MI, other opcodes -------------------- */

TEST_F(adm, keep_alive_security_mi_and_unknown_opcodes)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	nvmet_cmd_keep_alive(&sqe);
	EXPECT_EQ(0u, RUN(&sqe, 0, NONE));
	/* Security: the protocol list, certificates; nothing else. */
	nvmet_cmd_security_recv(&sqe, 0, 0, 0, 0, 256);
	memset(D, 0xa5, 256);
	EXPECT_EQ(0u, RUN(&sqe, 256, FROM));
	EXPECT_EQ(0, D[6]);
	EXPECT_EQ(1, D[7]);
	EXPECT_EQ(0, D[8]);
	EXPECT_EQ(0xa5, D[9]);
	nvmet_cmd_security_recv(&sqe, 0, 0, 1, 0, 256);
	EXPECT_EQ(0u, RUN(&sqe, 256, FROM));
	nvmet_cmd_security_recv(&sqe, 0, 1, 0, 0, 256);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 256, FROM));
	nvmet_cmd_security_send(&sqe, 0, 0xea, 0, 0, 256);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 256, TO));
	/* NVMe-MI: subsystem information, health, controller list. */
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_MI, 0x00, 0, 0);
	memset(D, 0xa5, 64);
	EXPECT_EQ(0u, RUNC(&sqe, 4096, FROM, &cqe));
	EXPECT_EQ(32u, (cqe.dw0 >> 8) & 0xffff);
	EXPECT_EQ(0, D[0]);
	EXPECT_EQ(1, D[1]);
	EXPECT_EQ(0u, RUNC(&sqe, 0, NONE, &cqe));	/* no buffer: the length alone */
	EXPECT_EQ(32u, (cqe.dw0 >> 8) & 0xffff);
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_MI, 0x00, 2u << 24, 0);
	EXPECT_EQ(0u, RUNC(&sqe, 4096, FROM, &cqe));
	EXPECT_EQ(1, st_le16(D));
	EXPECT_EQ(1, st_le16(D + 2));
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_MI, 0x01, 0, 0);
	EXPECT_EQ(0u, RUN(&sqe, 4096, FROM));
	EXPECT_EQ(0x20, D[0] & 0x20);		/* drive functional */
	EXPECT_EQ(0x3f, D[1]);			/* no SMART warning */
	EXPECT_EQ(40, D[2]);			/* 313 K */
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_MI, 0x00, 0x42u << 24, 0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 4096, FROM));
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_MI, 0x55, 0, 0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 4096, FROM));
	nvmet_cmd_mi_recv(&sqe, NVMET_NMIMT_PCIE, 0x00, 0, 0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 4096, FROM));
	nvmet_cmd_mi_send(&sqe, NVMET_NMIMT_MI, 0x03, 0, 0);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), RUN(&sqe, 4096, TO));
	/* Opcodes the controller does not have. */
	nvmet_cmd_raw(&sqe, 0xc0, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_OPCODE), RUN(&sqe, 0, NONE));
	nvmet_cmd_raw(&sqe, 0xff, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_OPCODE), RUN(&sqe, 0, NONE));
	nvmet_cmd_raw(&sqe, NVMET_ADM_DBBUF_CONFIG, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_OPCODE), RUN(&sqe, 0, NONE));
	nvmet_cmd_raw(&sqe, NVMET_ADM_DIRECTIVE_RECV, 0, NULL);
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_OPCODE), RUN(&sqe, 0, NONE));
}

/* ---- Controller reset ------------------------------------------------ */

TEST_F(adm, reset_restores_feature_defaults)
{
	uint32_t dw0 = 0;

	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 0x0101, NULL));
	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0, NULL));
	ASSERT_EQ(0u, set_feat(_metadata, self, NVMET_FEAT_ASYNC_EVENT, 0, NULL));
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ARBITRATION, 0, 0, &dw0));
	EXPECT_EQ(0u, dw0);
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_VOLATILE_WC, 0, 0, &dw0));
	EXPECT_EQ(1u, dw0);
	EXPECT_EQ(0u, get_feat(_metadata, self, NVMET_FEAT_ASYNC_EVENT, 0, 0, &dw0));
	EXPECT_EQ(0x3ffu, dw0);
}

/* Without a volatile write cache the feature is not there. */
TEST_F(adm, no_vwc)
{
	struct nvmet_ctrl *ctrl;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_ctrl_open("emu:vwc=0", NULL, &ctrl));
	EXPECT_EQ(0, nvmet_ctrl_id_data(ctrl)[NVMET_ID_CTRL_VWC]);
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_VOLATILE_WC, false, 1, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	EXPECT_EQ(ST_SC(0, NVMET_SC_INVALID_FIELD), NVMET_CQE_STATUS(cqe.status));
	nvmet_ctrl_close(ctrl);
}

TEST_HARNESS_MAIN
