// SPDX-License-Identifier: GPL-2.0
/*
 * lib_identify_test.c - Identify as a controller answers it, through
 * libnvmet on any controller (the emulated one on the host, QEMU's in the
 * VM): serial and model numbers, the vendor IDs against configuration
 * space and the queue entry sizes, namespace 1's geometry, an inactive
 * namespace's zero-filled data and the status of one past NN.
 *
 * The serial and model expected are QEMU's as the VM configures them, or
 * the emulated controller's; NVMETEST_SERIAL and NVMETEST_MODEL name
 * others. (The module's passthrough of the same command, its DMA buffers,
 * raw data pointers and short transfers: module/admin_passthru_test.c.)
 */
#include "nvmetest_harness.h"
#include "st_lib.h"

#define ID_SIZE		NVMET_ID_DATA_SIZE
#define EMU_VID		0xc0de
#define EMU_SERIAL	"EMUemu"	/* then the controller's number */
#define EMU_MODEL	"nvmet emulated controller"

FIXTURE(identify) {
	struct nvmet_ctrl *ctrl;
	struct nvmet_buf *buf;
	const uint8_t *id;	/* Identify Controller, as the library read it at open */
};

FIXTURE_SETUP(identify)
{
	ST_SETUP_CTRL(&self->ctrl, NULL);
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, ID_SIZE, "identify", &self->buf));
	self->id = nvmet_ctrl_id_data(self->ctrl);
	ASSERT_NE(NULL, self->id);
}

FIXTURE_TEARDOWN(identify)
{
	nvmet_buf_free(self->buf);
	nvmet_ctrl_close(self->ctrl);
}

/* Identify @cns for @nsid into self->buf: the completion. */
static struct nvmet_cqe identify(struct __test_metadata *_metadata, FIXTURE_DATA(identify) *self,
				 uint8_t cns, uint32_t nsid)
{
	struct nvmet_cqe cqe;

	memset(&cqe, 0, sizeof(cqe));
	EXPECT_EQ(0, nvmet_admin_identify_sync(self->ctrl, cns, nsid, NULL, self->buf, &cqe));
	return cqe;
}

TEST_F(identify, serial_and_model)
{
	const char *sn = st_env("NVMETEST_SERIAL"), *mn = st_env("NVMETEST_MODEL");
	uint16_t vid = nvmet_id_ctrl_vid(self->id);
	bool prefix = false;
	char s[41];

	if (!sn && !mn && vid == ST_QEMU_VID) {
		sn = ST_QEMU_SERIAL;
		mn = ST_QEMU_MODEL;
	} else if (!sn && !mn && vid == EMU_VID) {
		sn = EMU_SERIAL;
		mn = EMU_MODEL;
		prefix = true;
	}
	if (!sn || !mn)
		SKIP(return, "vendor 0x%04x is not QEMU's: set NVMETEST_SERIAL and NVMETEST_MODEL",
		     vid);
	ASSERT_EQ(0, nvmet_id_ctrl_sn(self->id, s, sizeof(s)));
	if (prefix) {
		EXPECT_EQ(0, strncmp(sn, s, strlen(sn))) TH_LOG("SN '%s'", s);
	} else {
		EXPECT_STREQ(sn, s);
	}
	EXPECT_TRUE(st_all_bytes(self->id + NVMET_ID_CTRL_SN + strlen(s), 20 - strlen(s), ' '))
		TH_LOG("SN is padded with spaces");
	ASSERT_EQ(0, nvmet_id_ctrl_mn(self->id, s, sizeof(s)));
	EXPECT_STREQ(mn, s);
	EXPECT_TRUE(st_all_bytes(self->id + NVMET_ID_CTRL_MN + strlen(s), 40 - strlen(s), ' '))
		TH_LOG("MN is padded with spaces");
}

TEST_F(identify, vendor_ids_match_pci)
{
	uint32_t vid = 0, ssvid = 0;

	ST_NEED(nvmet_ctrl_cfg_read(self->ctrl, 0x00, 2, &vid));
	ASSERT_EQ(0, nvmet_ctrl_cfg_read(self->ctrl, 0x2c, 2, &ssvid));
	EXPECT_EQ(vid, nvmet_id_ctrl_vid(self->id));
	EXPECT_EQ(ssvid, nvmet_id_ctrl_ssvid(self->id));
	/* SQES and CQES: the required (low nibble) entry sizes are 64 and 16 bytes. */
	EXPECT_EQ(6, nvmet_id_ctrl_sqes(self->id) & 0xf);
	EXPECT_EQ(4, nvmet_id_ctrl_cqes(self->id) & 0xf);
	EXPECT_NE(0u, nvmet_id_ctrl_nn(self->id));
}

TEST_F(identify, namespace_1)
{
	const uint8_t *ns = self->buf->va;
	uint64_t nsze, ncap, nuse;
	unsigned int fmt, lbads;
	struct nvmet_cqe cqe;

	cqe = identify(_metadata, self, NVMET_CNS_NS, ST_NSID);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("Identify Namespace status 0x%x", cqe.status);
	nsze = st_le64(ns + NVMET_ID_NS_NSZE);
	ncap = st_le64(ns + NVMET_ID_NS_NCAP);
	nuse = st_le64(ns + NVMET_ID_NS_NUSE);
	fmt = nvmet_id_ns_flbas_index(ns);
	lbads = ns[NVMET_ID_NS_LBAF + 4 * fmt + 2];
	EXPECT_GT(nsze, 0u);
	EXPECT_LE(ncap, nsze);
	EXPECT_LE(nuse, ncap);
	EXPECT_LE(fmt, ns[NVMET_ID_NS_NLBAF]);
	EXPECT_TRUE(lbads == 9 || lbads == 12) TH_LOG("LBA data size 2^%u", lbads);
}

TEST_F(identify, inactive_and_invalid_namespaces)
{
	uint32_t nn = nvmet_id_ctrl_nn(self->id), inactive = 0, nsid, i;
	const uint8_t *list = self->buf->va;
	struct nvmet_cqe cqe;

	cqe = identify(_metadata, self, NVMET_CNS_NS_ACTIVE_LIST, 0);
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("active list status 0x%x", cqe.status);
	/* The list is sorted: the first gap (below NN) is an inactive namespace. */
	for (i = 0, nsid = 1; i < ID_SIZE / 4 && nsid <= nn; i++, nsid++) {
		if (st_le32(list + 4 * i) != nsid) {
			inactive = nsid;
			break;
		}
	}
	if (inactive) {
		memset(self->buf->va, 0xa5, ID_SIZE);
		cqe = identify(_metadata, self, NVMET_CNS_NS, inactive);
		EXPECT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("nsid %u: status 0x%x", inactive,
						       cqe.status);
		EXPECT_TRUE(st_all_bytes(self->buf->va, ID_SIZE, 0))
			TH_LOG("inactive nsid %u: data is not zero-filled", inactive);
	}
	if (nn < 0xfffffffeu) {
		cqe = identify(_metadata, self, NVMET_CNS_NS, nn + 1);
		EXPECT_EQ((unsigned int)NVMET_SCT_GENERIC, nvmet_cqe_sct(&cqe));
		EXPECT_EQ((unsigned int)NVMET_SC_INVALID_NS, nvmet_cqe_sc(&cqe))
			TH_LOG("nsid NN+1 = %u: status 0x%x", nn + 1, cqe.status);
	}
}

TEST_HARNESS_MAIN
