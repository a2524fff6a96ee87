// SPDX-License-Identifier: GPL-2.0
/*
 * lib_cmd_test.c - libnvmet's command builders, with no device: the exact
 * dwords of every builder for representative arguments, the bounds at which
 * they return -EINVAL (leaving the entry untouched), the zero-based counts
 * computed from byte lengths and block counts, and the FUSE bits of the
 * compare-and-write pair. Expected values are worked out from the field
 * layouts of the NVMe base specification 2.0 and the NVM command set.
 */
#include <nvmet/cmd.h>

#include "nvmetest_harness.h"

#define POISON		0xa5
#define GiB		(1ull << 30)

/* An entry full of junk, so that a builder that does not zero it shows. */
static void poison(struct nvmet_sqe *sqe)
{
	memset(sqe, POISON, sizeof(*sqe));
}

static int untouched(const struct nvmet_sqe *sqe)
{
	const uint8_t *p = (const uint8_t *)sqe;
	size_t i;

	for (i = 0; i < sizeof(*sqe); i++) {
		if (p[i] != POISON)
			return 0;
	}
	return 1;
}

/* Every field of @got equals @want's; the fields not named in @want are zero. */
#define EXPECT_SQE(got, ...) do { \
	const struct nvmet_sqe want_ = { __VA_ARGS__ }; \
	EXPECT_EQ(want_.opc, (got)->opc); \
	EXPECT_EQ(want_.flags, (got)->flags); \
	EXPECT_EQ(want_.cid, (got)->cid); \
	EXPECT_EQ(want_.nsid, (got)->nsid); \
	EXPECT_EQ(want_.cdw2, (got)->cdw2); \
	EXPECT_EQ(want_.cdw3, (got)->cdw3); \
	EXPECT_EQ(want_.mptr, (got)->mptr); \
	EXPECT_EQ(want_.prp1, (got)->prp1); \
	EXPECT_EQ(want_.prp2, (got)->prp2); \
	EXPECT_EQ(want_.cdw10, (got)->cdw10); \
	EXPECT_EQ(want_.cdw11, (got)->cdw11); \
	EXPECT_EQ(want_.cdw12, (got)->cdw12); \
	EXPECT_EQ(want_.cdw13, (got)->cdw13); \
	EXPECT_EQ(want_.cdw14, (got)->cdw14); \
	EXPECT_EQ(want_.cdw15, (got)->cdw15); \
} while (0)

/* The call fails with -EINVAL and leaves the poisoned entry as it was. */
#define EXPECT_EINVAL(sqe, call) do { \
	poison(sqe); \
	EXPECT_EQ(-EINVAL, (call)); \
	EXPECT_TRUE(untouched(sqe)) TH_LOG("%s wrote the entry", #call); \
} while (0)

/* Each test starts from a poisoned entry. */
FIXTURE(cmd) {
	struct nvmet_sqe sqe;
};

FIXTURE_SETUP(cmd)
{
	poison(&self->sqe);
}

FIXTURE_TEARDOWN(cmd)
{
}

TEST_F(cmd, raw)
{
	struct nvmet_sqe *sqe = &self->sqe;
	const uint32_t cdw[6] = { 0x10, 0x11, 0x12, 0x13, 0x14, 0x15 };

	ASSERT_EQ(0, nvmet_cmd_raw(sqe, 0xc1, 0xffffffff, cdw));
	EXPECT_SQE(sqe, .opc = 0xc1, .nsid = 0xffffffff, .cdw10 = 0x10, .cdw11 = 0x11,
		   .cdw12 = 0x12, .cdw13 = 0x13, .cdw14 = 0x14, .cdw15 = 0x15);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_raw(sqe, 0x7e, 1, NULL));
	EXPECT_SQE(sqe, .opc = 0x7e, .nsid = 1);
}

TEST_F(cmd, identify)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_identify_opts o = {
		.cntid = 0x1234, .cnssid = 0xbeef, .csi = NVMET_CSI_ZNS, .uuid_index = 127,
	};

	ASSERT_EQ(0, nvmet_cmd_identify(sqe, NVMET_CNS_CTRL, 0, NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_IDENTIFY, .cdw10 = 0x00000001);
	ASSERT_EQ(0, nvmet_cmd_identify(sqe, NVMET_CNS_NS, 1, NULL));
	EXPECT_SQE(sqe, .opc = 0x06, .nsid = 1);
	ASSERT_EQ(0, nvmet_cmd_identify(sqe, NVMET_CNS_CTRL_NS_LIST, 5, &o));
	EXPECT_SQE(sqe, .opc = 0x06, .nsid = 5, .cdw10 = 0x12340012, .cdw11 = 0x0200beef,
		   .cdw14 = 0x7f);
	o.uuid_index = 128;
	EXPECT_EINVAL(sqe, nvmet_cmd_identify(sqe, NVMET_CNS_CTRL, 0, &o));
}

TEST_F(cmd, get_features)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_feat_opts o = {
		.nsid = 1, .cdw12 = 0x12, .cdw13 = 0x13, .uuid_index = 5, .cdw15 = 0x15,
	};

	ASSERT_EQ(0, nvmet_cmd_get_features(sqe, NVMET_FEAT_NUM_QUEUES, NVMET_SEL_CURRENT, 0,
					    NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_FEATURES, .cdw10 = 0x07);
	ASSERT_EQ(0, nvmet_cmd_get_features(sqe, NVMET_FEAT_IRQ_CONFIG, NVMET_SEL_SUPPORTED, 3,
					    &o));
	EXPECT_SQE(sqe, .opc = 0x0a, .nsid = 1, .cdw10 = 0x309, .cdw11 = 3, .cdw12 = 0x12,
		   .cdw13 = 0x13, .cdw14 = 5, .cdw15 = 0x15);
	ASSERT_EQ(0, nvmet_cmd_get_features(sqe, 0xff, 7, 0, NULL));
	EXPECT_SQE(sqe, .opc = 0x0a, .cdw10 = 0x7ff);
	EXPECT_EINVAL(sqe, nvmet_cmd_get_features(sqe, 1, 8, 0, NULL));
	o.uuid_index = 128;
	EXPECT_EINVAL(sqe, nvmet_cmd_get_features(sqe, 1, 0, 0, &o));
}

TEST_F(cmd, set_features)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_feat_opts o = { .nsid = 0xffffffff, .uuid_index = 127 };

	ASSERT_EQ(0, nvmet_cmd_set_features(sqe, NVMET_FEAT_NUM_QUEUES, false, 0x00030003,
					    NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SET_FEATURES, .cdw10 = 0x07, .cdw11 = 0x00030003);
	ASSERT_EQ(0, nvmet_cmd_set_features(sqe, NVMET_FEAT_ARBITRATION, true, 0x12345678, &o));
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 0xffffffff, .cdw10 = 0x80000001,
		   .cdw11 = 0x12345678, .cdw14 = 0x7f);
	o.uuid_index = 0x80;
	EXPECT_EINVAL(sqe, nvmet_cmd_set_features(sqe, 1, true, 0, &o));
}

TEST_F(cmd, get_log_page)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_log_opts o = {
		.lsp = 0x7f, .rae = true, .lsi = 0xabcd, .offset = 0x123456789abcdef0ull,
		.ot = true, .csi = 2, .uuid_index = 3,
	};

	ASSERT_EQ(0, nvmet_cmd_get_log_page(sqe, NVMET_LOG_SMART, 0xffffffff, 512, NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_LOG_PAGE, .nsid = 0xffffffff,
		   .cdw10 = 0x007f0002);
	/* 4 bytes: NUMD 0. */
	ASSERT_EQ(0, nvmet_cmd_get_log_page(sqe, NVMET_LOG_ERROR, 0, 4, NULL));
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x00000001);
	/* NUMD 0x12344 splits into NUMDL 0x2344 and NUMDU 0x0001. */
	ASSERT_EQ(0, nvmet_cmd_get_log_page(sqe, NVMET_LOG_FW_SLOT, 0, 4 * 0x12345, NULL));
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x23440003, .cdw11 = 0x00000001);
	/* The largest: NUMD 0xffffffff. */
	ASSERT_EQ(0, nvmet_cmd_get_log_page(sqe, 0xff, 0, 16 * GiB, NULL));
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0xffff00ff, .cdw11 = 0x0000ffff);
	ASSERT_EQ(0, nvmet_cmd_get_log_page(sqe, NVMET_LOG_CMD_EFFECTS, 1, 4096, &o));
	EXPECT_SQE(sqe, .opc = 0x02, .nsid = 1, .cdw10 = 0x03ffff05, .cdw11 = 0xabcd0000,
		   .cdw12 = 0x9abcdef0, .cdw13 = 0x12345678, .cdw14 = 0x02800003);

	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 0, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 2, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 513, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 16 * GiB + 4, NULL));
	o.lsp = 0x80;
	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 512, &o));
	o.lsp = 0;
	o.uuid_index = 0x80;
	EXPECT_EINVAL(sqe, nvmet_cmd_get_log_page(sqe, 1, 0, 512, &o));
}

TEST_F(cmd, create_cq)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_create_cq(sqe, 3, 1024, NVMET_QUEUE_PC | NVMET_CQ_IEN, 5));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CREATE_CQ, .cdw10 = 0x03ff0003, .cdw11 = 0x00050003);
	ASSERT_EQ(0, nvmet_cmd_create_cq(sqe, 0xffff, 65536, 0, 0xffff));
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0xffffffff, .cdw11 = 0xffff0000);
	ASSERT_EQ(0, nvmet_cmd_create_cq(sqe, 1, 1, NVMET_QUEUE_PC, 0));
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0x00000001, .cdw11 = 0x00000001);
	EXPECT_EINVAL(sqe, nvmet_cmd_create_cq(sqe, 1, 0, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_create_cq(sqe, 1, 65537, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_create_cq(sqe, 1, 16, 1u << 2, 0));
}

TEST_F(cmd, create_sq)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_create_sq(sqe, 3, 64, 3,
					 NVMET_QUEUE_PC | NVMET_SQ_QPRIO(NVMET_QPRIO_LOW), 2));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CREATE_SQ, .cdw10 = 0x003f0003, .cdw11 = 0x00030007,
		   .cdw12 = 2);
	ASSERT_EQ(0, nvmet_cmd_create_sq(sqe, 2, 2, 1, NVMET_SQ_QPRIO(NVMET_QPRIO_HIGH), 0));
	EXPECT_SQE(sqe, .opc = 0x01, .cdw10 = 0x00010002, .cdw11 = 0x00010002);
	EXPECT_EINVAL(sqe, nvmet_cmd_create_sq(sqe, 1, 0, 1, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_create_sq(sqe, 1, 65537, 1, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_create_sq(sqe, 1, 16, 1, NVMET_SQ_QPRIO(4), 0));
}

TEST_F(cmd, delete_queues_abort_aer_keep_alive)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_delete_sq(sqe, 0x1234));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DELETE_SQ, .cdw10 = 0x1234);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_delete_cq(sqe, 7));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DELETE_CQ, .cdw10 = 7);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_abort(sqe, 1, 0xabcd));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_ABORT, .cdw10 = 0xabcd0001);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_async_event(sqe));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_ASYNC_EVENT);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_keep_alive(sqe));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_KEEP_ALIVE);
}

TEST_F(cmd, format_nvm)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_format_opts o = { .mset = true, .pi = 1, .pil = true, .ses = 1 };

	ASSERT_EQ(0, nvmet_cmd_format_nvm(sqe, 1, 3, NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FORMAT_NVM, .nsid = 1, .cdw10 = 0x3);
	/* Format 37: LBAFL 5, LBAFU 2. */
	ASSERT_EQ(0, nvmet_cmd_format_nvm(sqe, 0xffffffff, 37, &o));
	EXPECT_SQE(sqe, .opc = 0x80, .nsid = 0xffffffff, .cdw10 = 0x2335);
	o = (struct nvmet_format_opts){ .pi = 7, .ses = 7 };
	ASSERT_EQ(0, nvmet_cmd_format_nvm(sqe, 1, 63, &o));
	EXPECT_SQE(sqe, .opc = 0x80, .nsid = 1, .cdw10 = 0x3eef);
	EXPECT_EINVAL(sqe, nvmet_cmd_format_nvm(sqe, 1, 64, NULL));
	o.pi = 8;
	EXPECT_EINVAL(sqe, nvmet_cmd_format_nvm(sqe, 1, 0, &o));
	o.pi = 0;
	o.ses = 8;
	EXPECT_EINVAL(sqe, nvmet_cmd_format_nvm(sqe, 1, 0, &o));
}

TEST_F(cmd, sanitize)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_sanitize_opts o = {
		.ause = true, .owpass = 15, .oipbp = true, .ndas = true, .ovrpat = 0x5aa5a55a,
	};

	ASSERT_EQ(0, nvmet_cmd_sanitize(sqe, NVMET_SANACT_BLOCK_ERASE, NULL));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SANITIZE, .cdw10 = 0x2);
	ASSERT_EQ(0, nvmet_cmd_sanitize(sqe, NVMET_SANACT_OVERWRITE, &o));
	EXPECT_SQE(sqe, .opc = 0x84, .cdw10 = 0x3fb, .cdw11 = 0x5aa5a55a);
	EXPECT_EINVAL(sqe, nvmet_cmd_sanitize(sqe, 8, NULL));
	o.owpass = 16;
	EXPECT_EINVAL(sqe, nvmet_cmd_sanitize(sqe, NVMET_SANACT_OVERWRITE, &o));
}

TEST_F(cmd, self_test)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_self_test(sqe, 0xffffffff, NVMET_STC_EXTENDED));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SELF_TEST, .nsid = 0xffffffff, .cdw10 = 2);
	ASSERT_EQ(0, nvmet_cmd_self_test(sqe, 0, NVMET_STC_ABORT));
	EXPECT_SQE(sqe, .opc = 0x14, .cdw10 = 0xf);
	EXPECT_EINVAL(sqe, nvmet_cmd_self_test(sqe, 0, 16));
}

TEST_F(cmd, fw_download)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_fw_download(sqe, 8192, 4096));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FW_DOWNLOAD, .cdw10 = 1023, .cdw11 = 2048);
	ASSERT_EQ(0, nvmet_cmd_fw_download(sqe, 0, 4));
	EXPECT_SQE(sqe, .opc = 0x11);
	ASSERT_EQ(0, nvmet_cmd_fw_download(sqe, 16 * GiB - 4, 16 * GiB));
	EXPECT_SQE(sqe, .opc = 0x11, .cdw10 = 0xffffffff, .cdw11 = 0xffffffff);
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_download(sqe, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_download(sqe, 0, 3));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_download(sqe, 2, 4096));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_download(sqe, 16 * GiB, 4096));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_download(sqe, 0, 16 * GiB + 4));
}

TEST_F(cmd, fw_commit)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_fw_commit(sqe, 2, NVMET_FW_CA_ACTIVATE_NOW, 0));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FW_COMMIT, .cdw10 = 0x1a);
	ASSERT_EQ(0, nvmet_cmd_fw_commit(sqe, 0, NVMET_FW_CA_REPLACE_BOOT, 1));
	EXPECT_SQE(sqe, .opc = 0x10, .cdw10 = 0x80000030);
	ASSERT_EQ(0, nvmet_cmd_fw_commit(sqe, 7, 7, 1));
	EXPECT_SQE(sqe, .opc = 0x10, .cdw10 = 0x8000003f);
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_commit(sqe, 8, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_commit(sqe, 0, 8, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_fw_commit(sqe, 0, 0, 2));
}

TEST_F(cmd, security)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_security_send(sqe, 0, 0x01, 0x0102, 0x03, 512));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SECURITY_SEND, .cdw10 = 0x01010203, .cdw11 = 512);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_security_recv(sqe, 1, 0xef, 0xffff, 0xff, 0xffffffff));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SECURITY_RECV, .nsid = 1, .cdw10 = 0xefffffff,
		   .cdw11 = 0xffffffff);
}

TEST_F(cmd, ns_mgmt_attach)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_ns_mgmt(sqe, NVMET_NS_MGMT_CREATE, 0, NVMET_CSI_ZNS));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_NS_MGMT, .cdw11 = 0x02000000);
	ASSERT_EQ(0, nvmet_cmd_ns_mgmt(sqe, NVMET_NS_MGMT_DELETE, 5, 0));
	EXPECT_SQE(sqe, .opc = 0x0d, .nsid = 5, .cdw10 = 1);
	EXPECT_EINVAL(sqe, nvmet_cmd_ns_mgmt(sqe, 16, 1, 0));
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_ns_attach(sqe, NVMET_NS_DETACH_CTRLS, 3));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_NS_ATTACH, .nsid = 3, .cdw10 = 1);
	ASSERT_EQ(0, nvmet_cmd_ns_attach(sqe, NVMET_NS_ATTACH_CTRLS, 3));
	EXPECT_SQE(sqe, .opc = 0x15, .nsid = 3);
	EXPECT_EINVAL(sqe, nvmet_cmd_ns_attach(sqe, 16, 1));
}

TEST_F(cmd, nvme_mi)
{
	struct nvmet_sqe *sqe = &self->sqe;

	/* Message header: type 4 in byte 0, NMIMT in bits 6:3 of byte 1. */
	ASSERT_EQ(0, nvmet_cmd_mi_send(sqe, NVMET_NMIMT_MI, 6, 0, 0x100));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_MI_SEND, .cdw10 = 0x0804, .cdw11 = 6, .cdw13 = 0x100);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_mi_recv(sqe, NVMET_NMIMT_PCIE, 0xff, 0x11, 0x22));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_MI_RECV, .cdw10 = 0x2004, .cdw11 = 0xff, .cdw12 = 0x11,
		   .cdw13 = 0x22);
	EXPECT_EINVAL(sqe, nvmet_cmd_mi_send(sqe, 16, 0, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_mi_recv(sqe, 16, 0, 0, 0));
}

TEST_F(cmd, dbbuf_config)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_dbbuf_config(sqe, 0x123456000ull, 0xfedcba000ull));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DBBUF_CONFIG, .prp1 = 0x123456000ull,
		   .prp2 = 0xfedcba000ull);
}

TEST_F(cmd, virt_mgmt)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_virt_mgmt(sqe, NVMET_VIRT_ACT_SECONDARY_ASSIGN, NVMET_VIRT_RT_VI,
					 2, 4));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_VIRT_MGMT, .cdw10 = 0x00020108, .cdw11 = 4);
	ASSERT_EQ(0, nvmet_cmd_virt_mgmt(sqe, 15, 7, 0xffff, 0xffff));
	EXPECT_SQE(sqe, .opc = 0x1c, .cdw10 = 0xffff070f, .cdw11 = 0xffff);
	EXPECT_EINVAL(sqe, nvmet_cmd_virt_mgmt(sqe, 16, 0, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_virt_mgmt(sqe, 0, 8, 0, 0));
}

TEST_F(cmd, directives)
{
	struct nvmet_sqe *sqe = &self->sqe;

	/* Identify, Enable Directive for streams: no data, ENDIR and DTYPE in CDW12. */
	struct nvmet_directive_args a = {
		.nsid = 0xffffffff, .doper = 1, .dtype = NVMET_DTYPE_IDENTIFY, .cdw12 = 0x0101,
	};

	ASSERT_EQ(0, nvmet_cmd_directive_send(sqe, &a));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DIRECTIVE_SEND, .nsid = 0xffffffff, .cdw11 = 0x1,
		   .cdw12 = 0x0101);
	/* Streams, Return Parameters: 32 bytes. */
	a = (struct nvmet_directive_args){
		.nsid = 1, .doper = 1, .dtype = NVMET_DTYPE_STREAMS, .dspec = 0xabcd, .len = 32,
		.cdw13 = 0x13,
	};
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_directive_recv(sqe, &a));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DIRECTIVE_RECV, .nsid = 1, .cdw10 = 7,
		   .cdw11 = 0xabcd0101, .cdw13 = 0x13);
	a.len = 6;
	EXPECT_EINVAL(sqe, nvmet_cmd_directive_recv(sqe, &a));
	a.len = 16 * GiB + 4;
	EXPECT_EINVAL(sqe, nvmet_cmd_directive_send(sqe, &a));
}

TEST_F(cmd, capacity_mgmt_lockdown_lba_status)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_capacity_mgmt(sqe, 1, 0x0203, 0x0000000512345678ull));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CAPACITY_MGMT, .cdw10 = 0x02030001,
		   .cdw11 = 0x12345678, .cdw12 = 0x5);
	EXPECT_EINVAL(sqe, nvmet_cmd_capacity_mgmt(sqe, 16, 0, 0));

	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_lockdown(sqe, NVMET_ADM_FORMAT_NVM, 0, 1, true, 9));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_LOCKDOWN, .cdw10 = 0x8030, .cdw14 = 9);
	ASSERT_EQ(0, nvmet_cmd_lockdown(sqe, 0xff, 15, 3, false, 0));
	EXPECT_SQE(sqe, .opc = 0x24, .cdw10 = 0xff6f);
	EXPECT_EINVAL(sqe, nvmet_cmd_lockdown(sqe, 0, 16, 0, false, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_lockdown(sqe, 0, 0, 4, false, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_lockdown(sqe, 0, 0, 0, false, 128));

	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_get_lba_status(sqe, 1, 0x123456789ull, 100, 0x10, 4096));
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_LBA_STATUS, .nsid = 1, .cdw10 = 0x23456789,
		   .cdw11 = 0x1, .cdw12 = 1023, .cdw13 = 0x10000064);
	EXPECT_EINVAL(sqe, nvmet_cmd_get_lba_status(sqe, 1, 0, 0, 0x10, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_get_lba_status(sqe, 1, 0, 0, 0x10, 10));
}

TEST_F(cmd, read_write)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_io_opts o = {
		.fua = true, .lr = true, .prinfo = 0xf, .stc = true, .dtype = 1, .dspec = 0x22,
		.dsm = 0x55, .reftag = 0xdeadbeef, .apptag = 0x1234, .appmask = 0xffff,
		.cdw2 = 0x22, .cdw3 = 0x33,
	};

	ASSERT_EQ(0, nvmet_cmd_read(sqe, 1, 0x123456789ull, 8, NULL));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_READ, .nsid = 1, .cdw10 = 0x23456789, .cdw11 = 0x1,
		   .cdw12 = 7);
	ASSERT_EQ(0, nvmet_cmd_write(sqe, 1, 0, 65536, &o));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE, .nsid = 1, .cdw2 = 0x22, .cdw3 = 0x33,
		   .cdw12 = 0xfd10ffff, .cdw13 = 0x00220055, .cdw14 = 0xdeadbeef,
		   .cdw15 = 0xffff1234);
	ASSERT_EQ(0, nvmet_cmd_write(sqe, 1, UINT64_MAX, 1, NULL));
	EXPECT_SQE(sqe, .opc = 0x01, .nsid = 1, .cdw10 = 0xffffffff, .cdw11 = 0xffffffff);
	o.dtype = 0;
	o.dspec = 0;
	ASSERT_EQ(0, nvmet_cmd_read(sqe, 2, 16, 2, &o));
	EXPECT_SQE(sqe, .opc = 0x02, .nsid = 2, .cdw2 = 0x22, .cdw3 = 0x33, .cdw10 = 16,
		   .cdw12 = 0xfd000001, .cdw13 = 0x55, .cdw14 = 0xdeadbeef, .cdw15 = 0xffff1234);

	EXPECT_EINVAL(sqe, nvmet_cmd_read(sqe, 1, 0, 0, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_read(sqe, 1, 0, 65537, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_write(sqe, 1, 0, 0, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_write(sqe, 1, 0, 65537, NULL));
	o = (struct nvmet_io_opts){ .prinfo = 16 };
	EXPECT_EINVAL(sqe, nvmet_cmd_write(sqe, 1, 0, 1, &o));
	o = (struct nvmet_io_opts){ .dtype = 16 };
	EXPECT_EINVAL(sqe, nvmet_cmd_write(sqe, 1, 0, 1, &o));
	/* Fields the command does not have. */
	o = (struct nvmet_io_opts){ .deac = true };
	EXPECT_EINVAL(sqe, nvmet_cmd_write(sqe, 1, 0, 1, &o));
	EXPECT_EINVAL(sqe, nvmet_cmd_read(sqe, 1, 0, 1, &o));
	o = (struct nvmet_io_opts){ .dtype = 1 };
	EXPECT_EINVAL(sqe, nvmet_cmd_read(sqe, 1, 0, 1, &o));
	o = (struct nvmet_io_opts){ .dspec = 1 };
	EXPECT_EINVAL(sqe, nvmet_cmd_read(sqe, 1, 0, 1, &o));
}

TEST_F(cmd, compare_verify_write_zeroes_uncor)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_io_opts o = { .fua = true, .prinfo = NVMET_PRINFO_PRACT, .reftag = 9 };

	ASSERT_EQ(0, nvmet_cmd_compare(sqe, 1, 100, 4, &o));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_COMPARE, .nsid = 1, .cdw10 = 100,
		   .cdw12 = 0x60000003, .cdw14 = 9);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_verify(sqe, 1, 100, 65536, &o));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_VERIFY, .nsid = 1, .cdw10 = 100,
		   .cdw12 = 0x6000ffff, .cdw14 = 9);
	o.deac = true;
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_write_zeroes(sqe, 1, 0x100000000ull, 8, &o));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE_ZEROES, .nsid = 1, .cdw11 = 1,
		   .cdw12 = 0x62000007, .cdw14 = 9);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_write_uncor(sqe, 1, 5, 1));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE_UNCOR, .nsid = 1, .cdw10 = 5);

	EXPECT_EINVAL(sqe, nvmet_cmd_compare(sqe, 1, 0, 1, &o));
	EXPECT_EINVAL(sqe, nvmet_cmd_verify(sqe, 1, 0, 1, &o));
	o = (struct nvmet_io_opts){ .dsm = 1 };
	EXPECT_EINVAL(sqe, nvmet_cmd_compare(sqe, 1, 0, 1, &o));
	EXPECT_EINVAL(sqe, nvmet_cmd_verify(sqe, 1, 0, 1, &o));
	EXPECT_EINVAL(sqe, nvmet_cmd_write_zeroes(sqe, 1, 0, 1, &o));
	o = (struct nvmet_io_opts){ .dtype = 2 };
	EXPECT_EINVAL(sqe, nvmet_cmd_write_zeroes(sqe, 1, 0, 1, &o));
	EXPECT_EINVAL(sqe, nvmet_cmd_compare(sqe, 1, 0, 65537, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_verify(sqe, 1, 0, 0, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_write_zeroes(sqe, 1, 0, 0, NULL));
	EXPECT_EINVAL(sqe, nvmet_cmd_write_uncor(sqe, 1, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_write_uncor(sqe, 1, 0, 65537));
}

TEST_F(cmd, flush_dsm)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_flush(sqe, 0xffffffff));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_FLUSH, .nsid = 0xffffffff);
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_dsm(sqe, 1, 256, NVMET_DSM_AD));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_DSM, .nsid = 1, .cdw10 = 0xff, .cdw11 = 0x4);
	ASSERT_EQ(0, nvmet_cmd_dsm(sqe, 1, 1, NVMET_DSM_IDR | NVMET_DSM_IDW));
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 1, .cdw11 = 0x3);
	EXPECT_EINVAL(sqe, nvmet_cmd_dsm(sqe, 1, 0, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_dsm(sqe, 1, 257, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_dsm(sqe, 1, 1, 1u << 3));
}

TEST_F(cmd, fused_compare_write)
{
	struct nvmet_io_opts o = { .fua = true, .dtype = 1, .dspec = 7, .dsm = 0x3 };
	struct nvmet_sqe cmp, wr;

	poison(&cmp);
	poison(&wr);
	ASSERT_EQ(0, nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 64, 8, NULL));
	EXPECT_SQE(&cmp, .opc = NVMET_CMD_COMPARE, .flags = NVMET_SQE_FUSE_FIRST, .nsid = 1,
		   .cdw10 = 64, .cdw12 = 7);
	EXPECT_SQE(&wr, .opc = NVMET_CMD_WRITE, .flags = NVMET_SQE_FUSE_SECOND, .nsid = 1,
		   .cdw10 = 64, .cdw12 = 7);
	EXPECT_EQ(0x01, cmp.flags);
	EXPECT_EQ(0x02, wr.flags);
	/* The Write takes the directive and hints, the Compare only what it has. */
	ASSERT_EQ(0, nvmet_cmd_fused_compare_write(&cmp, &wr, 2, 0, 1, &o));
	EXPECT_SQE(&cmp, .opc = 0x05, .flags = 0x01, .nsid = 2, .cdw12 = 0x40000000);
	EXPECT_SQE(&wr, .opc = 0x01, .flags = 0x02, .nsid = 2, .cdw12 = 0x40100000,
		   .cdw13 = 0x00070003);

	poison(&cmp);
	poison(&wr);
	EXPECT_EQ(-EINVAL, nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 0, 0, NULL));
	EXPECT_EQ(-EINVAL, nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 0, 65537, NULL));
	o = (struct nvmet_io_opts){ .deac = true };
	EXPECT_EQ(-EINVAL, nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 0, 1, &o));
	EXPECT_TRUE(untouched(&cmp));
	EXPECT_TRUE(untouched(&wr));
}

TEST_F(cmd, reservations)
{
	struct nvmet_sqe *sqe = &self->sqe;

	ASSERT_EQ(0, nvmet_cmd_resv_register(sqe, 1, NVMET_RREGA_REPLACE, true,
					     NVMET_CPTPL_SET));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_REGISTER, .nsid = 1, .cdw10 = 0xc000000a);
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_register(sqe, 1, 8, false, 0));
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_register(sqe, 1, 0, false, 4));
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_resv_report(sqe, 1, 4096, true));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_REPORT, .nsid = 1, .cdw10 = 1023, .cdw11 = 1);
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_report(sqe, 1, 0, false));
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_report(sqe, 1, 30, false));
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_resv_acquire(sqe, 1, NVMET_RACQA_PREEMPT, true,
					    NVMET_RTYPE_EXCL_ACCESS));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_ACQUIRE, .nsid = 1, .cdw10 = 0x0209);
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_acquire(sqe, 1, 8, false, 1));
	poison(sqe);
	ASSERT_EQ(0, nvmet_cmd_resv_release(sqe, 1, NVMET_RRELA_CLEAR, false,
					    NVMET_RTYPE_EXCL_ACCESS_ALL));
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_RELEASE, .nsid = 1, .cdw10 = 0x0601);
	EXPECT_EINVAL(sqe, nvmet_cmd_resv_release(sqe, 1, 8, false, 1));
}

TEST_HARNESS_MAIN
