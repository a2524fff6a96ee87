// SPDX-License-Identifier: GPL-2.0
/*
 * lib_cmd_test.c - libnvmet's command builders and nvmet_cmd_check(), with
 * no device: the exact dwords of every builder for representative
 * arguments, values too wide for their field cut to its width without
 * touching the next one, the zero-based counts computed from byte lengths
 * and block counts, the FUSE bits of the compare-and-write pair; the typed
 * views reading back what the builders wrote; and what nvmet_cmd_check()
 * allows and refuses. Expected values are worked out from the field layouts
 * of the NVMe base specification 2.0 and the NVM command set.
 */
#include <nvmet/cmd.h>
#include <nvmet/ctrl.h>

#include "nvmetest_harness.h"

#define POISON		0xa5
#define GiB		(1ull << 30)

/* An entry full of junk, so that a builder that does not zero it shows. */
static void poison(struct nvmet_sqe *sqe)
{
	memset(sqe, POISON, sizeof(*sqe));
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

/* nvmet_cmd_check() allows the entry. */
#define EXPECT_ALLOWED(sqe, admin) \
	EXPECT_EQ(0, nvmet_cmd_check(sqe, admin)) TH_LOG("refused: %s", nvmet_last_error())

/* nvmet_cmd_check() refuses the entry, for a reason that names @what. */
#define EXPECT_REFUSED(sqe, admin, what) do { \
	EXPECT_EQ(-EINVAL, nvmet_cmd_check(sqe, admin)); \
	EXPECT_NE(NULL, strstr(nvmet_last_error(), what)) \
		TH_LOG("reason '%s' does not name '%s'", nvmet_last_error(), what); \
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

	nvmet_cmd_raw(sqe, 0xc1, 0xffffffff, cdw);
	EXPECT_SQE(sqe, .opc = 0xc1, .nsid = 0xffffffff, .cdw10 = 0x10, .cdw11 = 0x11,
		   .cdw12 = 0x12, .cdw13 = 0x13, .cdw14 = 0x14, .cdw15 = 0x15);
	poison(sqe);
	nvmet_cmd_raw(sqe, 0x7e, 1, NULL);
	EXPECT_SQE(sqe, .opc = 0x7e, .nsid = 1);
}

TEST_F(cmd, identify)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_identify_opts o = {
		.cntid = 0x1234, .cnssid = 0xbeef, .csi = NVMET_CSI_ZNS, .uuid_index = 127,
	};

	nvmet_cmd_identify(sqe, NVMET_CNS_CTRL, 0, NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_IDENTIFY, .cdw10 = 0x00000001);
	nvmet_cmd_identify(sqe, NVMET_CNS_NS, 1, NULL);
	EXPECT_SQE(sqe, .opc = 0x06, .nsid = 1);
	nvmet_cmd_identify(sqe, NVMET_CNS_CTRL_NS_LIST, 5, &o);
	EXPECT_SQE(sqe, .opc = 0x06, .nsid = 5, .cdw10 = 0x12340012, .cdw11 = 0x0200beef,
		   .cdw14 = 0x7f);
	EXPECT_ALLOWED(sqe, true);
	/* UUID index is 7 bits: 128 is cut to 0, CSI beside it untouched. */
	o.uuid_index = 128;
	nvmet_cmd_identify(sqe, NVMET_CNS_CTRL, 0, &o);
	EXPECT_SQE(sqe, .opc = 0x06, .cdw10 = 0x12340001, .cdw11 = 0x0200beef);
	sqe->cdw14 = 0x80;
	EXPECT_REFUSED(sqe, true, "CDW14");
}

TEST_F(cmd, get_features)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_feat_opts o = {
		.nsid = 1, .cdw12 = 0x12, .cdw13 = 0x13, .uuid_index = 5, .cdw15 = 0x15,
	};

	nvmet_cmd_get_features(sqe, NVMET_FEAT_NUM_QUEUES, NVMET_SEL_CURRENT, 0,
			       NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_FEATURES, .cdw10 = 0x07);
	nvmet_cmd_get_features(sqe, NVMET_FEAT_IRQ_CONFIG, NVMET_SEL_SUPPORTED, 3,
			       &o);
	EXPECT_SQE(sqe, .opc = 0x0a, .nsid = 1, .cdw10 = 0x309, .cdw11 = 3, .cdw12 = 0x12,
		   .cdw13 = 0x13, .cdw14 = 5, .cdw15 = 0x15);
	nvmet_cmd_get_features(sqe, 0xff, 7, 0, NULL);
	EXPECT_SQE(sqe, .opc = 0x0a, .cdw10 = 0x7ff);
	EXPECT_REFUSED(sqe, true, "SEL");
	/* SEL is 3 bits: 9 is cut to 1 (default), FID untouched. */
	nvmet_cmd_get_features(sqe, 1, 9, 0, NULL);
	EXPECT_SQE(sqe, .opc = 0x0a, .cdw10 = 0x101);
	EXPECT_ALLOWED(sqe, true);
}

TEST_F(cmd, set_features)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_feat_opts o = { .nsid = 0xffffffff, .uuid_index = 127 };

	nvmet_cmd_set_features(sqe, NVMET_FEAT_NUM_QUEUES, false, 0x00030003,
			       NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SET_FEATURES, .cdw10 = 0x07, .cdw11 = 0x00030003);
	nvmet_cmd_set_features(sqe, NVMET_FEAT_ARBITRATION, true, 0x12345678, &o);
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 0xffffffff, .cdw10 = 0x80000001,
		   .cdw11 = 0x12345678, .cdw14 = 0x7f);
	EXPECT_ALLOWED(sqe, true);
	sqe->cdw10 |= 1u << 8;
	EXPECT_REFUSED(sqe, true, "reserved bits 00000100 of CDW10");
}

TEST_F(cmd, get_log_page)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_log_opts o = {
		.lsp = 0x7f, .rae = true, .lsi = 0xabcd, .offset = 0x123456789abcdef0ull,
		.ot = true, .csi = 2, .uuid_index = 3,
	};

	nvmet_cmd_get_log_page(sqe, NVMET_LOG_SMART, 0xffffffff, 512, NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_LOG_PAGE, .nsid = 0xffffffff,
		   .cdw10 = 0x007f0002);
	/* 4 bytes: NUMD 0. */
	nvmet_cmd_get_log_page(sqe, NVMET_LOG_ERROR, 0, 4, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x00000001);
	/* NUMD 0x12344 splits into NUMDL 0x2344 and NUMDU 0x0001. */
	nvmet_cmd_get_log_page(sqe, NVMET_LOG_FW_SLOT, 0, 4 * 0x12345, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x23440003, .cdw11 = 0x00000001);
	/* The largest: NUMD 0xffffffff. */
	nvmet_cmd_get_log_page(sqe, 0xff, 0, 16 * GiB, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0xffff00ff, .cdw11 = 0x0000ffff);
	nvmet_cmd_get_log_page(sqe, NVMET_LOG_CMD_EFFECTS, 1, 4096, &o);
	EXPECT_SQE(sqe, .opc = 0x02, .nsid = 1, .cdw10 = 0x03ffff05, .cdw11 = 0xabcd0000,
		   .cdw12 = 0x9abcdef0, .cdw13 = 0x12345678, .cdw14 = 0x02800003);

	EXPECT_ALLOWED(sqe, true);

	/* Lengths are not checked: NUMD is len / 4 - 1 in 32 bits. */
	nvmet_cmd_get_log_page(sqe, 1, 0, 0, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0xffff0001, .cdw11 = 0x0000ffff);
	nvmet_cmd_get_log_page(sqe, 1, 0, 513, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x007f0001);
	/* LSP is 7 bits: 0x80 is cut to 0, RAE beside it untouched. */
	o.lsp = 0x80;
	o.uuid_index = 0x80;
	o.ot = false;
	nvmet_cmd_get_log_page(sqe, 1, 0, 512, &o);
	EXPECT_SQE(sqe, .opc = 0x02, .cdw10 = 0x007f8001, .cdw11 = 0xabcd0000,
		   .cdw12 = 0x9abcdef0, .cdw13 = 0x12345678, .cdw14 = 0x02000000);
	EXPECT_ALLOWED(sqe, true);
	/* A byte offset must be dword aligned. */
	o.offset = 2;
	nvmet_cmd_get_log_page(sqe, 1, 0, 512, &o);
	EXPECT_REFUSED(sqe, true, "aligned");
}

TEST_F(cmd, create_cq)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_create_cq(sqe, 3, 1024, NVMET_QUEUE_PC | NVMET_CQ_IEN, 5);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CREATE_CQ, .cdw10 = 0x03ff0003, .cdw11 = 0x00050003);
	nvmet_cmd_create_cq(sqe, 0xffff, 65536, 0, 0xffff);
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0xffffffff, .cdw11 = 0xffff0000);
	nvmet_cmd_create_cq(sqe, 1, 1, NVMET_QUEUE_PC, 0);
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0x00000001, .cdw11 = 0x00000001);
	EXPECT_REFUSED(sqe, true, "QSIZE");
	/* QSIZE is 16 bits of size - 1: 0 builds 65536, 65537 builds 1. */
	nvmet_cmd_create_cq(sqe, 1, 0, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0xffff0001);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_create_cq(sqe, 1, 65537, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0x00000001);
	nvmet_cmd_create_cq(sqe, 1, 16, 1u << 2, 0);
	EXPECT_SQE(sqe, .opc = 0x05, .cdw10 = 0x000f0001, .cdw11 = 0x00000004);
	EXPECT_REFUSED(sqe, true, "reserved bits 00000004 of CDW11");
}

TEST_F(cmd, create_sq)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_create_sq(sqe, 3, 64, 3,
			    NVMET_QUEUE_PC | NVMET_SQ_QPRIO(NVMET_QPRIO_LOW), 2);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CREATE_SQ, .cdw10 = 0x003f0003, .cdw11 = 0x00030007,
		   .cdw12 = 2);
	nvmet_cmd_create_sq(sqe, 2, 2, 1, NVMET_SQ_QPRIO(NVMET_QPRIO_HIGH), 0);
	EXPECT_SQE(sqe, .opc = 0x01, .cdw10 = 0x00010002, .cdw11 = 0x00010002);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_create_sq(sqe, 1, 65537, 1, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x01, .cdw10 = 0x00000001, .cdw11 = 0x00010000);
	EXPECT_REFUSED(sqe, true, "QSIZE");
	nvmet_cmd_create_sq(sqe, 1, 16, 1, NVMET_SQ_QPRIO(4), 0);
	EXPECT_SQE(sqe, .opc = 0x01, .cdw10 = 0x000f0001, .cdw11 = 0x00010008);
	EXPECT_REFUSED(sqe, true, "CDW11");
}

TEST_F(cmd, delete_queues_abort_aer_keep_alive)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_delete_sq(sqe, 0x1234);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DELETE_SQ, .cdw10 = 0x1234);
	poison(sqe);
	nvmet_cmd_delete_cq(sqe, 7);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DELETE_CQ, .cdw10 = 7);
	poison(sqe);
	nvmet_cmd_abort(sqe, 1, 0xabcd);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_ABORT, .cdw10 = 0xabcd0001);
	poison(sqe);
	nvmet_cmd_async_event(sqe);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_ASYNC_EVENT);
	poison(sqe);
	nvmet_cmd_keep_alive(sqe);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_KEEP_ALIVE);
}

TEST_F(cmd, format_nvm)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_format_opts o = { .mset = true, .pi = 1, .pil = true, .ses = 1 };

	nvmet_cmd_format_nvm(sqe, 1, 3, NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FORMAT_NVM, .nsid = 1, .cdw10 = 0x3);
	/* Format 37: LBAFL 5, LBAFU 2. */
	nvmet_cmd_format_nvm(sqe, 0xffffffff, 37, &o);
	EXPECT_SQE(sqe, .opc = 0x80, .nsid = 0xffffffff, .cdw10 = 0x2335);
	o = (struct nvmet_format_opts){ .pi = 7, .ses = 7 };
	nvmet_cmd_format_nvm(sqe, 1, 63, &o);
	EXPECT_SQE(sqe, .opc = 0x80, .nsid = 1, .cdw10 = 0x3eef);
	EXPECT_REFUSED(sqe, true, "PI");
	o.pi = 3;
	nvmet_cmd_format_nvm(sqe, 1, 63, &o);
	EXPECT_REFUSED(sqe, true, "SES");
	o.ses = 2;
	nvmet_cmd_format_nvm(sqe, 1, 63, &o);
	EXPECT_ALLOWED(sqe, true);
	/* LBAF is 6 bits, PI and SES 3: 64 and 8 are cut to 0. */
	o = (struct nvmet_format_opts){ .pi = 8, .ses = 8 };
	nvmet_cmd_format_nvm(sqe, 1, 64, &o);
	EXPECT_SQE(sqe, .opc = 0x80, .nsid = 1);
}

TEST_F(cmd, sanitize)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_sanitize_opts o = {
		.ause = true, .owpass = 15, .oipbp = true, .ndas = true, .ovrpat = 0x5aa5a55a,
	};

	nvmet_cmd_sanitize(sqe, NVMET_SANACT_BLOCK_ERASE, NULL);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SANITIZE, .cdw10 = 0x2);
	nvmet_cmd_sanitize(sqe, NVMET_SANACT_OVERWRITE, &o);
	EXPECT_SQE(sqe, .opc = 0x84, .cdw10 = 0x3fb, .cdw11 = 0x5aa5a55a);
	EXPECT_ALLOWED(sqe, true);
	/* SANACT is 3 bits: 8 is cut to 0, which is reserved. */
	nvmet_cmd_sanitize(sqe, 8, NULL);
	EXPECT_SQE(sqe, .opc = 0x84);
	EXPECT_REFUSED(sqe, true, "SANACT");
	o.owpass = 16;
	nvmet_cmd_sanitize(sqe, NVMET_SANACT_OVERWRITE, &o);
	EXPECT_SQE(sqe, .opc = 0x84, .cdw10 = 0x30b, .cdw11 = 0x5aa5a55a);
}

TEST_F(cmd, self_test)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_self_test(sqe, 0xffffffff, NVMET_STC_EXTENDED);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SELF_TEST, .nsid = 0xffffffff, .cdw10 = 2);
	nvmet_cmd_self_test(sqe, 0, NVMET_STC_ABORT);
	EXPECT_SQE(sqe, .opc = 0x14, .cdw10 = 0xf);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_self_test(sqe, 0, 16);
	EXPECT_SQE(sqe, .opc = 0x14);
	EXPECT_REFUSED(sqe, true, "self-test code");
}

TEST_F(cmd, fw_download)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_fw_download(sqe, 8192, 4096);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FW_DOWNLOAD, .cdw10 = 1023, .cdw11 = 2048);
	nvmet_cmd_fw_download(sqe, 0, 4);
	EXPECT_SQE(sqe, .opc = 0x11);
	nvmet_cmd_fw_download(sqe, 16 * GiB - 4, 16 * GiB);
	EXPECT_SQE(sqe, .opc = 0x11, .cdw10 = 0xffffffff, .cdw11 = 0xffffffff);
	EXPECT_ALLOWED(sqe, true);
	/* Byte counts become dword counts, rounded down and cut to 32 bits. */
	nvmet_cmd_fw_download(sqe, 6, 0);
	EXPECT_SQE(sqe, .opc = 0x11, .cdw10 = 0xffffffff, .cdw11 = 1);
	nvmet_cmd_fw_download(sqe, 16 * GiB, 16 * GiB + 4);
	EXPECT_SQE(sqe, .opc = 0x11);
}

TEST_F(cmd, fw_commit)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_fw_commit(sqe, 2, NVMET_FW_CA_ACTIVATE_NOW, 0);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_FW_COMMIT, .cdw10 = 0x1a);
	nvmet_cmd_fw_commit(sqe, 0, NVMET_FW_CA_REPLACE_BOOT, 1);
	EXPECT_SQE(sqe, .opc = 0x10, .cdw10 = 0x80000030);
	nvmet_cmd_fw_commit(sqe, 7, 7, 1);
	EXPECT_SQE(sqe, .opc = 0x10, .cdw10 = 0x8000003f);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_fw_commit(sqe, 8, 8, 2);
	EXPECT_SQE(sqe, .opc = 0x10);
	nvmet_cmd_fw_commit(sqe, 1, 4, 0);
	EXPECT_REFUSED(sqe, true, "CA");
}

TEST_F(cmd, security)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_security_send(sqe, 0, 0x01, 0x0102, 0x03, 512);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SECURITY_SEND, .cdw10 = 0x01010203, .cdw11 = 512);
	poison(sqe);
	nvmet_cmd_security_recv(sqe, 1, 0xef, 0xffff, 0xff, 0xffffffff);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_SECURITY_RECV, .nsid = 1, .cdw10 = 0xefffffff,
		   .cdw11 = 0xffffffff);
}

TEST_F(cmd, ns_mgmt_attach)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_ns_mgmt(sqe, NVMET_NS_MGMT_CREATE, 0, NVMET_CSI_ZNS);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_NS_MGMT, .cdw11 = 0x02000000);
	nvmet_cmd_ns_mgmt(sqe, NVMET_NS_MGMT_DELETE, 5, 0);
	EXPECT_SQE(sqe, .opc = 0x0d, .nsid = 5, .cdw10 = 1);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_ns_mgmt(sqe, 18, 1, 0);
	EXPECT_SQE(sqe, .opc = 0x0d, .nsid = 1, .cdw10 = 2);
	EXPECT_REFUSED(sqe, true, "SEL");
	poison(sqe);
	nvmet_cmd_ns_attach(sqe, NVMET_NS_DETACH_CTRLS, 3);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_NS_ATTACH, .nsid = 3, .cdw10 = 1);
	nvmet_cmd_ns_attach(sqe, NVMET_NS_ATTACH_CTRLS, 3);
	EXPECT_SQE(sqe, .opc = 0x15, .nsid = 3);
	EXPECT_ALLOWED(sqe, true);
	nvmet_cmd_ns_attach(sqe, 17, 1);
	EXPECT_SQE(sqe, .opc = 0x15, .nsid = 1, .cdw10 = 1);
}

TEST_F(cmd, nvme_mi)
{
	struct nvmet_sqe *sqe = &self->sqe;

	/* Message header: type 4 in byte 0, NMIMT in bits 6:3 of byte 1. */
	nvmet_cmd_mi_send(sqe, NVMET_NMIMT_MI, 6, 0, 0x100);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_MI_SEND, .cdw10 = 0x0804, .cdw11 = 6, .cdw13 = 0x100);
	poison(sqe);
	nvmet_cmd_mi_recv(sqe, NVMET_NMIMT_PCIE, 0xff, 0x11, 0x22);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_MI_RECV, .cdw10 = 0x2004, .cdw11 = 0xff, .cdw12 = 0x11,
		   .cdw13 = 0x22);
	EXPECT_ALLOWED(sqe, true);
	/* NMIMT is 4 bits: 17 is cut to 1, ROR beside it untouched. */
	nvmet_cmd_mi_send(sqe, 17, 0, 0, 0);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_MI_SEND, .cdw10 = 0x0804);
}

TEST_F(cmd, dbbuf_config)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_dbbuf_config(sqe, 0x123456000ull, 0xfedcba000ull);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DBBUF_CONFIG, .prp1 = 0x123456000ull,
		   .prp2 = 0xfedcba000ull);
}

TEST_F(cmd, virt_mgmt)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_virt_mgmt(sqe, NVMET_VIRT_ACT_SECONDARY_ASSIGN, NVMET_VIRT_RT_VI,
			    2, 4);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_VIRT_MGMT, .cdw10 = 0x00020108, .cdw11 = 4);
	nvmet_cmd_virt_mgmt(sqe, 15, 7, 0xffff, 0xffff);
	EXPECT_SQE(sqe, .opc = 0x1c, .cdw10 = 0xffff070f, .cdw11 = 0xffff);
	nvmet_cmd_virt_mgmt(sqe, 16, 8, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x1c);
}

TEST_F(cmd, directives)
{
	struct nvmet_sqe *sqe = &self->sqe;

	/* Identify, Enable Directive for streams: no data, ENDIR and DTYPE in CDW12. */
	struct nvmet_directive_args a = {
		.nsid = 0xffffffff, .doper = 1, .dtype = NVMET_DTYPE_IDENTIFY, .cdw12 = 0x0101,
	};

	nvmet_cmd_directive_send(sqe, &a);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DIRECTIVE_SEND, .nsid = 0xffffffff, .cdw11 = 0x1,
		   .cdw12 = 0x0101);
	/* Streams, Return Parameters: 32 bytes. */
	a = (struct nvmet_directive_args){
		.nsid = 1, .doper = 1, .dtype = NVMET_DTYPE_STREAMS, .dspec = 0xabcd, .len = 32,
		.cdw13 = 0x13,
	};
	poison(sqe);
	nvmet_cmd_directive_recv(sqe, &a);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DIRECTIVE_RECV, .nsid = 1, .cdw10 = 7,
		   .cdw11 = 0xabcd0101, .cdw13 = 0x13);
	a.len = 6;
	nvmet_cmd_directive_recv(sqe, &a);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_DIRECTIVE_RECV, .nsid = 1, .cdw11 = 0xabcd0101,
		   .cdw13 = 0x13);
}

TEST_F(cmd, capacity_mgmt_lockdown_lba_status)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_capacity_mgmt(sqe, 1, 0x0203, 0x0000000512345678ull);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_CAPACITY_MGMT, .cdw10 = 0x02030001,
		   .cdw11 = 0x12345678, .cdw12 = 0x5);
	nvmet_cmd_capacity_mgmt(sqe, 17, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x20, .cdw10 = 1);

	poison(sqe);
	nvmet_cmd_lockdown(sqe, NVMET_ADM_FORMAT_NVM, 0, 1, true, 9);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_LOCKDOWN, .cdw10 = 0x8030, .cdw14 = 9);
	nvmet_cmd_lockdown(sqe, 0xff, 15, 3, false, 0);
	EXPECT_SQE(sqe, .opc = 0x24, .cdw10 = 0xff6f);
	nvmet_cmd_lockdown(sqe, 0, 16, 4, false, 128);
	EXPECT_SQE(sqe, .opc = 0x24);

	poison(sqe);
	nvmet_cmd_get_lba_status(sqe, 1, 0x123456789ull, 100, 0x10, 4096);
	EXPECT_SQE(sqe, .opc = NVMET_ADM_GET_LBA_STATUS, .nsid = 1, .cdw10 = 0x23456789,
		   .cdw11 = 0x1, .cdw12 = 1023, .cdw13 = 0x10000064);
	nvmet_cmd_get_lba_status(sqe, 1, 0, 0, 0x10, 10);
	EXPECT_SQE(sqe, .opc = 0x86, .nsid = 1, .cdw12 = 1, .cdw13 = 0x10000000);
}

TEST_F(cmd, read_write)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_io_opts o = {
		.fua = true, .lr = true, .prinfo = 0xf, .stc = true, .dtype = 1, .dspec = 0x22,
		.dsm = 0x55, .reftag = 0xdeadbeef, .apptag = 0x1234, .appmask = 0xffff,
		.cdw2 = 0x22, .cdw3 = 0x33,
	};

	nvmet_cmd_read(sqe, 1, 0x123456789ull, 8, NULL);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_READ, .nsid = 1, .cdw10 = 0x23456789, .cdw11 = 0x1,
		   .cdw12 = 7);
	nvmet_cmd_write(sqe, 1, 0, 65536, &o);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE, .nsid = 1, .cdw2 = 0x22, .cdw3 = 0x33,
		   .cdw12 = 0xfd10ffff, .cdw13 = 0x00220055, .cdw14 = 0xdeadbeef,
		   .cdw15 = 0xffff1234);
	nvmet_cmd_write(sqe, 1, UINT64_MAX, 1, NULL);
	EXPECT_SQE(sqe, .opc = 0x01, .nsid = 1, .cdw10 = 0xffffffff, .cdw11 = 0xffffffff);
	o.dtype = 0;
	o.dspec = 0;
	nvmet_cmd_read(sqe, 2, 16, 2, &o);
	EXPECT_SQE(sqe, .opc = 0x02, .nsid = 2, .cdw2 = 0x22, .cdw3 = 0x33, .cdw10 = 16,
		   .cdw12 = 0xfd000001, .cdw13 = 0x55, .cdw14 = 0xdeadbeef, .cdw15 = 0xffff1234);

	EXPECT_ALLOWED(sqe, false);

	/* NLB is 16 bits of nlb - 1: 0 builds 65536 blocks, 65537 one. */
	nvmet_cmd_read(sqe, 1, 0, 0, NULL);
	EXPECT_SQE(sqe, .opc = 0x02, .nsid = 1, .cdw12 = 0xffff);
	nvmet_cmd_write(sqe, 1, 0, 65537, NULL);
	EXPECT_SQE(sqe, .opc = 0x01, .nsid = 1);
	/* PRINFO and DTYPE are 4 bits: 16 is cut to 0, FUA beside them untouched. */
	o = (struct nvmet_io_opts){ .prinfo = 16, .dtype = 16, .fua = true };
	nvmet_cmd_write(sqe, 1, 0, 1, &o);
	EXPECT_SQE(sqe, .opc = 0x01, .nsid = 1, .cdw12 = 0x40000000);
	/* Fields the command does not have are built, and refused by the check. */
	o = (struct nvmet_io_opts){ .deac = true };
	nvmet_cmd_write(sqe, 1, 0, 1, &o);
	EXPECT_SQE(sqe, .opc = 0x01, .nsid = 1, .cdw12 = 0x02000000);
	EXPECT_REFUSED(sqe, false, "CDW12");
	nvmet_cmd_read(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "reserved bits 02000000 of CDW12");
	o = (struct nvmet_io_opts){ .dtype = 1 };
	nvmet_cmd_read(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "reserved bits 00100000 of CDW12");
	o = (struct nvmet_io_opts){ .dspec = 1 };
	nvmet_cmd_read(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW13");
	nvmet_cmd_read(sqe, 1, 0, 1, NULL);
	EXPECT_ALLOWED(sqe, false);
	sqe->flags = 0xc0;
	EXPECT_REFUSED(sqe, false, "PSDT");
	sqe->flags = 0x04;
	EXPECT_REFUSED(sqe, false, "CDW0");
}

TEST_F(cmd, compare_verify_write_zeroes_uncor)
{
	struct nvmet_sqe *sqe = &self->sqe;
	struct nvmet_io_opts o = { .fua = true, .prinfo = NVMET_PRINFO_PRACT, .reftag = 9 };

	nvmet_cmd_compare(sqe, 1, 100, 4, &o);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_COMPARE, .nsid = 1, .cdw10 = 100,
		   .cdw12 = 0x60000003, .cdw14 = 9);
	poison(sqe);
	nvmet_cmd_verify(sqe, 1, 100, 65536, &o);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_VERIFY, .nsid = 1, .cdw10 = 100,
		   .cdw12 = 0x6000ffff, .cdw14 = 9);
	o.deac = true;
	poison(sqe);
	nvmet_cmd_write_zeroes(sqe, 1, 0x100000000ull, 8, &o);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE_ZEROES, .nsid = 1, .cdw11 = 1,
		   .cdw12 = 0x62000007, .cdw14 = 9);
	poison(sqe);
	nvmet_cmd_write_uncor(sqe, 1, 5, 1);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_WRITE_UNCOR, .nsid = 1, .cdw10 = 5);

	EXPECT_ALLOWED(sqe, false);

	/* DEAC on what has none, DSM hints on what has none: built, then refused. */
	nvmet_cmd_compare(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW12");
	nvmet_cmd_verify(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW12");
	o = (struct nvmet_io_opts){ .dsm = 1 };
	nvmet_cmd_compare(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW13");
	nvmet_cmd_verify(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW13");
	nvmet_cmd_write_zeroes(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW13");
	o = (struct nvmet_io_opts){ .dtype = 2 };
	nvmet_cmd_write_zeroes(sqe, 1, 0, 1, &o);
	EXPECT_REFUSED(sqe, false, "CDW12");
	nvmet_cmd_write_uncor(sqe, 1, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x04, .nsid = 1, .cdw12 = 0xffff);
	EXPECT_ALLOWED(sqe, false);
}

TEST_F(cmd, flush_dsm)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_flush(sqe, 0xffffffff);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_FLUSH, .nsid = 0xffffffff);
	poison(sqe);
	nvmet_cmd_dsm(sqe, 1, 256, NVMET_DSM_AD);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_DSM, .nsid = 1, .cdw10 = 0xff, .cdw11 = 0x4);
	nvmet_cmd_dsm(sqe, 1, 1, NVMET_DSM_IDR | NVMET_DSM_IDW);
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 1, .cdw11 = 0x3);
	EXPECT_ALLOWED(sqe, false);
	/* NR is 8 bits of nr - 1: 0 builds 256 ranges, 257 one. */
	nvmet_cmd_dsm(sqe, 1, 0, 0);
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 1, .cdw10 = 0xff);
	nvmet_cmd_dsm(sqe, 1, 257, 0);
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 1);
	nvmet_cmd_dsm(sqe, 1, 1, 1u << 3);
	EXPECT_SQE(sqe, .opc = 0x09, .nsid = 1, .cdw11 = 0x8);
	EXPECT_REFUSED(sqe, false, "CDW11");
}

TEST_F(cmd, fused_compare_write)
{
	struct nvmet_io_opts o = { .fua = true, .dtype = 1, .dspec = 7, .dsm = 0x3 };
	struct nvmet_sqe cmp, wr;

	poison(&cmp);
	poison(&wr);
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 64, 8, NULL);
	EXPECT_SQE(&cmp, .opc = NVMET_CMD_COMPARE, .flags = NVMET_SQE_FUSE_FIRST, .nsid = 1,
		   .cdw10 = 64, .cdw12 = 7);
	EXPECT_SQE(&wr, .opc = NVMET_CMD_WRITE, .flags = NVMET_SQE_FUSE_SECOND, .nsid = 1,
		   .cdw10 = 64, .cdw12 = 7);
	EXPECT_EQ(0x01, cmp.flags);
	EXPECT_EQ(0x02, wr.flags);
	/* The Write takes the directive and hints, the Compare only what it has. */
	nvmet_cmd_fused_compare_write(&cmp, &wr, 2, 0, 1, &o);
	EXPECT_SQE(&cmp, .opc = 0x05, .flags = 0x01, .nsid = 2, .cdw12 = 0x40000000);
	EXPECT_SQE(&wr, .opc = 0x01, .flags = 0x02, .nsid = 2, .cdw12 = 0x40100000,
		   .cdw13 = 0x00070003);

	EXPECT_ALLOWED(&cmp, false);
	EXPECT_ALLOWED(&wr, false);

	/* Only Compare then Write fuse, and never on the admin queue. */
	EXPECT_REFUSED(&cmp, true, "fused");
	cmp.flags = NVMET_SQE_FUSE_SECOND;
	EXPECT_REFUSED(&cmp, false, "second");
	wr.flags = NVMET_SQE_FUSE_FIRST;
	EXPECT_REFUSED(&wr, false, "first");
	wr.flags = NVMET_SQE_FUSE_MASK;
	EXPECT_REFUSED(&wr, false, "FUSE 11b");
	o = (struct nvmet_io_opts){ .deac = true };
	nvmet_cmd_fused_compare_write(&cmp, &wr, 1, 0, 1, &o);
	EXPECT_REFUSED(&wr, false, "CDW12");
}

TEST_F(cmd, reservations)
{
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_resv_register(sqe, 1, NVMET_RREGA_REPLACE, true,
				NVMET_CPTPL_SET);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_REGISTER, .nsid = 1, .cdw10 = 0xc000000a);
	EXPECT_ALLOWED(sqe, false);
	nvmet_cmd_resv_register(sqe, 1, 11, false, 5);
	EXPECT_SQE(sqe, .opc = 0x0d, .nsid = 1, .cdw10 = 0x40000003);
	EXPECT_REFUSED(sqe, false, "RREGA");
	nvmet_cmd_resv_register(sqe, 1, 0, false, 1);
	EXPECT_REFUSED(sqe, false, "CPTPL");
	poison(sqe);
	nvmet_cmd_resv_report(sqe, 1, 4096, true);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_REPORT, .nsid = 1, .cdw10 = 1023, .cdw11 = 1);
	EXPECT_ALLOWED(sqe, false);
	poison(sqe);
	nvmet_cmd_resv_acquire(sqe, 1, NVMET_RACQA_PREEMPT, true,
			       NVMET_RTYPE_EXCL_ACCESS);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_ACQUIRE, .nsid = 1, .cdw10 = 0x0209);
	EXPECT_ALLOWED(sqe, false);
	nvmet_cmd_resv_acquire(sqe, 1, 8, false, 1);
	EXPECT_SQE(sqe, .opc = 0x11, .nsid = 1, .cdw10 = 0x0100);
	nvmet_cmd_resv_acquire(sqe, 1, 0, false, 7);
	EXPECT_REFUSED(sqe, false, "RTYPE");
	poison(sqe);
	nvmet_cmd_resv_release(sqe, 1, NVMET_RRELA_CLEAR, false,
			       NVMET_RTYPE_EXCL_ACCESS_ALL);
	EXPECT_SQE(sqe, .opc = NVMET_CMD_RESV_RELEASE, .nsid = 1, .cdw10 = 0x0601);
	EXPECT_ALLOWED(sqe, false);
	nvmet_cmd_resv_release(sqe, 1, 2, false, 1);
	EXPECT_REFUSED(sqe, false, "RRELA");
}

/* The typed views read what the builders wrote, field by field. */
TEST_F(cmd, views)
{
	struct nvmet_io_opts io = { .fua = true, .prinfo = 9, .dtype = 2, .dsm = 7, .dspec = 0x99,
				    .reftag = 5, .apptag = 6, .appmask = 7 };
	struct nvmet_log_opts lo = { .lsp = 0x55, .rae = true, .lsi = 0x1234, .offset = 0x800,
				     .csi = 2, .uuid_index = 9 };
	struct nvmet_format_opts fo = { .pi = 2, .ses = 1, .pil = true };
	struct nvmet_sqe *sqe = &self->sqe;

	nvmet_cmd_write(sqe, 3, 0x123456789aull, 300, &io);
	EXPECT_EQ(0x123456789aull, sqe->rw.slba);
	EXPECT_EQ(299u, sqe->rw.nlb);
	EXPECT_EQ(1, +sqe->rw.fua);
	EXPECT_EQ(0, +sqe->rw.lr);
	EXPECT_EQ(9, +sqe->rw.prinfo);
	EXPECT_EQ(2, +sqe->rw.dtype);
	EXPECT_EQ(7u, sqe->rw.dsm);
	EXPECT_EQ(0x99u, sqe->rw.dspec);
	EXPECT_EQ(5u, sqe->rw.reftag);
	EXPECT_EQ(6u, sqe->rw.apptag);
	EXPECT_EQ(7u, sqe->rw.appmask);

	nvmet_cmd_identify(sqe, NVMET_CNS_CS_CTRL, 0,
			   &(struct nvmet_identify_opts){ .cntid = 4, .csi = 2, .uuid_index = 3 });
	EXPECT_EQ(NVMET_CNS_CS_CTRL, sqe->identify.cns);
	EXPECT_EQ(4u, sqe->identify.cntid);
	EXPECT_EQ(2u, sqe->identify.csi);
	EXPECT_EQ(3u, sqe->identify.uuid_index);

	nvmet_cmd_get_log_page(sqe, NVMET_LOG_SMART, 1, 4 * 0x12345, &lo);
	EXPECT_EQ(NVMET_LOG_SMART, sqe->get_log.lid);
	EXPECT_EQ(0x55, +sqe->get_log.lsp);
	EXPECT_EQ(1, +sqe->get_log.rae);
	EXPECT_EQ(0x12344u, (uint32_t)sqe->get_log.numdu << 16 | sqe->get_log.numdl);
	EXPECT_EQ(0x1234u, sqe->get_log.lsi);
	EXPECT_EQ(0x800u, sqe->get_log.lpo);
	EXPECT_EQ(2u, sqe->get_log.csi);
	EXPECT_EQ(9u, sqe->get_log.uuid_index);

	nvmet_cmd_get_features(sqe, NVMET_FEAT_ARBITRATION, NVMET_SEL_SAVED, 0, NULL);
	EXPECT_EQ(NVMET_FEAT_ARBITRATION, sqe->features.fid);
	EXPECT_EQ(NVMET_SEL_SAVED, +sqe->features.sel);
	nvmet_cmd_set_features(sqe, NVMET_FEAT_ARBITRATION, true, 0x77, NULL);
	EXPECT_EQ(1, +sqe->features.sv);
	EXPECT_EQ(0x77u, sqe->features.cdw11);

	nvmet_cmd_create_cq(sqe, 9, 256, NVMET_QUEUE_PC | NVMET_CQ_IEN, 17);
	EXPECT_EQ(9u, sqe->create_cq.qid);
	EXPECT_EQ(255u, sqe->create_cq.qsize);
	EXPECT_EQ(1, +sqe->create_cq.pc);
	EXPECT_EQ(1, +sqe->create_cq.ien);
	EXPECT_EQ(17u, sqe->create_cq.iv);
	nvmet_cmd_create_sq(sqe, 9, 256, 8, NVMET_SQ_QPRIO(NVMET_QPRIO_MEDIUM), 0);
	EXPECT_EQ(NVMET_QPRIO_MEDIUM, +sqe->create_sq.qprio);
	EXPECT_EQ(8u, sqe->create_sq.cqid);
	nvmet_cmd_abort(sqe, 3, 0x44);
	EXPECT_EQ(3u, sqe->abort.sqid);
	EXPECT_EQ(0x44u, sqe->abort.cid);

	nvmet_cmd_format_nvm(sqe, 1, 0x25, &fo);
	EXPECT_EQ(5, +sqe->format.lbafl);
	EXPECT_EQ(2, +sqe->format.lbafu);
	EXPECT_EQ(2, +sqe->format.pi);
	EXPECT_EQ(1, +sqe->format.pil);
	EXPECT_EQ(1, +sqe->format.ses);
	nvmet_cmd_fw_commit(sqe, 2, NVMET_FW_CA_REPLACE_BOOT, 1);
	EXPECT_EQ(2, +sqe->fw_commit.fs);
	EXPECT_EQ(NVMET_FW_CA_REPLACE_BOOT, +sqe->fw_commit.ca);
	EXPECT_EQ(1, +sqe->fw_commit.bpid);
	nvmet_cmd_mi_recv(sqe, NVMET_NMIMT_MI, 1, 2, 3);
	EXPECT_EQ(4, +sqe->mi.mt);
	EXPECT_EQ(NVMET_NMIMT_MI, +sqe->mi.nmimt);
	EXPECT_EQ(0, +sqe->mi.ror);
	EXPECT_EQ(1u, sqe->mi.opc);

	/* The SGL view of the data pointer is PRP1 and PRP2's bytes. */
	sqe->sgl.addr = 0x1000;
	sqe->sgl.len = 0x200;
	sqe->sgl.id = NVMET_SGL_LAST_SEGMENT;
	EXPECT_EQ(0x1000u, sqe->prp1);
	EXPECT_EQ(0x3000000000000200ull, sqe->prp2);
}

TEST_HARNESS_MAIN
