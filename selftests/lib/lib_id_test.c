// SPDX-License-Identifier: GPL-2.0
/*
 * lib_id_test.c - libnvmet's identify data getters, with no device: the
 * byte-range integer and string getters and their bounds, then every named
 * getter on synthesized Identify Controller and Identify Namespace pages,
 * with fields placed at the byte offsets the specification gives (written
 * as numbers here, not through nvme.h, so that a wrong offset there shows).
 */
#include <nvmet/id.h>

#include "nvmetest_harness.h"

static void put(uint8_t *page, size_t off, uint64_t v, size_t n)
{
	while (n--) {
		page[off++] = (uint8_t)v;
		v >>= 8;
	}
}

static void put_str(uint8_t *page, size_t off, const char *s, size_t len, char pad)
{
	size_t n = strlen(s);

	memset(page + off, pad, len);
	memcpy(page + off, s, n < len ? n : len);
}

/* A zeroed page for the byte-range getters. */
FIXTURE(range) {
	uint8_t page[NVMET_ID_DATA_SIZE];
};

FIXTURE_SETUP(range)
{
	memset(self->page, 0, sizeof(self->page));
}

FIXTURE_TEARDOWN(range)
{
}

TEST_F(range, uint)
{
	uint8_t *page = self->page;
	uint64_t v;

	put(page, 10, 0x0807060504030201ull, 8);
	ASSERT_EQ(0, nvmet_id_uint(page, 10, 10, &v));
	EXPECT_EQ(0x01u, v);
	ASSERT_EQ(0, nvmet_id_uint(page, 10, 11, &v));
	EXPECT_EQ(0x0201u, v);
	ASSERT_EQ(0, nvmet_id_uint(page, 11, 13, &v));
	EXPECT_EQ(0x040302u, v);
	ASSERT_EQ(0, nvmet_id_uint(page, 10, 17, &v));
	EXPECT_EQ(0x0807060504030201ull, v);
	page[4095] = 0xee;
	ASSERT_EQ(0, nvmet_id_uint(page, 4088, 4095, &v));
	EXPECT_EQ(0xee00000000000000ull, v);

	v = 42;
	EXPECT_EQ(-EINVAL, nvmet_id_uint(page, 10, 18, &v));
	EXPECT_EQ(-EINVAL, nvmet_id_uint(page, 11, 10, &v));
	EXPECT_EQ(-EINVAL, nvmet_id_uint(page, 4095, 4096, &v));
	EXPECT_EQ(-EINVAL, nvmet_id_uint(page, 4096, 4096, &v));
	EXPECT_EQ(42u, v);
}

TEST_F(range, str)
{
	uint8_t *page = self->page;
	char s[16];

	put_str(page, 100, "  AB C", 10, ' ');
	ASSERT_EQ(0, nvmet_id_str(page, 100, 109, s, sizeof(s)));
	EXPECT_STREQ("  AB C", s);
	/* Trailing NULs go too; exactly fitting is fine, one byte less is not. */
	put_str(page, 200, "xyz", 8, '\0');
	ASSERT_EQ(0, nvmet_id_str(page, 200, 207, s, 4));
	EXPECT_STREQ("xyz", s);
	EXPECT_EQ(-ENOSPC, nvmet_id_str(page, 200, 207, s, 3));
	/* All padding: the empty string. */
	ASSERT_EQ(0, nvmet_id_str(page, 300, 319, s, 1));
	EXPECT_STREQ("", s);
	EXPECT_EQ(-EINVAL, nvmet_id_str(page, 10, 9, s, sizeof(s)));
	EXPECT_EQ(-EINVAL, nvmet_id_str(page, 4090, 4096, s, sizeof(s)));
}

FIXTURE(ctrl) {
	uint8_t id[NVMET_ID_DATA_SIZE];
};

FIXTURE_SETUP(ctrl)
{
	uint8_t *p = self->id;

	memset(p, 0, sizeof(self->id));
	put(p, 0, 0x1b36, 2);			/* VID */
	put(p, 2, 0x1af4, 2);			/* SSVID */
	put_str(p, 4, "NVMETEST0001", 20, ' ');	/* SN */
	put_str(p, 24, "QEMU NVMe Ctrl", 40, ' ');	/* MN */
	put_str(p, 64, "8.0.0", 8, ' ');	/* FR */
	put(p, 72, 6, 1);			/* RAB */
	put(p, 73, 0x525400, 3);		/* IEEE */
	put(p, 76, 0x0a, 1);			/* CMIC */
	put(p, 77, 7, 1);			/* MDTS */
	put(p, 78, 0x0102, 2);			/* CNTLID */
	put(p, 80, 0x00020000, 4);		/* VER */
	put(p, 84, 0x11223344, 4);		/* RTD3R */
	put(p, 88, 0x55667788, 4);		/* RTD3E */
	put(p, 92, 0x00000900, 4);		/* OAES */
	put(p, 96, 0x00008000, 4);		/* CTRATT */
	put(p, 111, 1, 1);			/* CNTRLTYPE */
	put(p, 256, 0x012a, 2);			/* OACS */
	put(p, 258, 3, 1);			/* ACL */
	put(p, 259, 4, 1);			/* AERL */
	put(p, 260, 0x17, 1);			/* FRMW */
	put(p, 261, 0x3f, 1);			/* LPA */
	put(p, 262, 0x3e, 1);			/* ELPE */
	put(p, 263, 2, 1);			/* NPSS */
	put(p, 264, 1, 1);			/* AVSCC */
	put(p, 265, 1, 1);			/* APSTA */
	put(p, 266, 343, 2);			/* WCTEMP */
	put(p, 268, 373, 2);			/* CCTEMP */
	put(p, 270, 0x1234, 2);			/* MTFA */
	put(p, 272, 0x2000, 4);			/* HMPRE */
	put(p, 276, 0x1000, 4);			/* HMMIN */
	put(p, 316, 0x00f0, 2);			/* EDSTT */
	put(p, 318, 1, 1);			/* DSTO */
	put(p, 319, 0xff, 1);			/* FWUG */
	put(p, 320, 100, 2);			/* KAS */
	put(p, 328, 0x60000007, 4);		/* SANICAP */
	put(p, 512, 0x66, 1);			/* SQES */
	put(p, 513, 0x44, 1);			/* CQES */
	put(p, 514, 0x0400, 2);			/* MAXCMD */
	put(p, 516, 256, 4);			/* NN */
	put(p, 520, 0x015d, 2);			/* ONCS */
	put(p, 522, 0x0001, 2);			/* FUSES */
	put(p, 524, 0x05, 1);			/* FNA */
	put(p, 525, 0x07, 1);			/* VWC */
	put(p, 526, 0x00ff, 2);			/* AWUN */
	put(p, 528, 0x0007, 2);			/* AWUPF */
	put(p, 532, 0x0003, 2);			/* ACWU */
	put(p, 536, 0x00100001, 4);		/* SGLS */
	put(p, 540, 1024, 4);			/* MNAN */
	put_str(p, 768, "nqn.2019-08.org.qemu:NVMETEST0001", 256, '\0');	/* SUBNQN */
}

FIXTURE_TEARDOWN(ctrl)
{
}

TEST_F(ctrl, integers)
{
	const void *id = self->id;

	EXPECT_EQ(0x1b36, nvmet_id_ctrl_vid(id));
	EXPECT_EQ(0x1af4, nvmet_id_ctrl_ssvid(id));
	EXPECT_EQ(6, nvmet_id_ctrl_rab(id));
	EXPECT_EQ(0x525400u, nvmet_id_ctrl_ieee(id));
	EXPECT_EQ(0x0a, nvmet_id_ctrl_cmic(id));
	EXPECT_EQ(7, nvmet_id_ctrl_mdts(id));
	EXPECT_EQ(0x0102, nvmet_id_ctrl_cntlid(id));
	EXPECT_EQ(0x00020000u, nvmet_id_ctrl_ver(id));
	EXPECT_EQ(0x11223344u, nvmet_id_ctrl_rtd3r(id));
	EXPECT_EQ(0x55667788u, nvmet_id_ctrl_rtd3e(id));
	EXPECT_EQ(0x900u, nvmet_id_ctrl_oaes(id));
	EXPECT_EQ(0x8000u, nvmet_id_ctrl_ctratt(id));
	EXPECT_EQ(1, nvmet_id_ctrl_cntrltype(id));
	EXPECT_EQ(0x012a, nvmet_id_ctrl_oacs(id));
	EXPECT_EQ(3, nvmet_id_ctrl_acl(id));
	EXPECT_EQ(4, nvmet_id_ctrl_aerl(id));
	EXPECT_EQ(0x17, nvmet_id_ctrl_frmw(id));
	EXPECT_EQ(0x3f, nvmet_id_ctrl_lpa(id));
	EXPECT_EQ(0x3e, nvmet_id_ctrl_elpe(id));
	EXPECT_EQ(2, nvmet_id_ctrl_npss(id));
	EXPECT_EQ(1, nvmet_id_ctrl_avscc(id));
	EXPECT_EQ(1, nvmet_id_ctrl_apsta(id));
	EXPECT_EQ(343, nvmet_id_ctrl_wctemp(id));
	EXPECT_EQ(373, nvmet_id_ctrl_cctemp(id));
	EXPECT_EQ(0x1234, nvmet_id_ctrl_mtfa(id));
	EXPECT_EQ(0x2000u, nvmet_id_ctrl_hmpre(id));
	EXPECT_EQ(0x1000u, nvmet_id_ctrl_hmmin(id));
	EXPECT_EQ(0xf0, nvmet_id_ctrl_edstt(id));
	EXPECT_EQ(1, nvmet_id_ctrl_dsto(id));
	EXPECT_EQ(0xff, nvmet_id_ctrl_fwug(id));
	EXPECT_EQ(100, nvmet_id_ctrl_kas(id));
	EXPECT_EQ(0x60000007u, nvmet_id_ctrl_sanicap(id));
	EXPECT_EQ(0x66, nvmet_id_ctrl_sqes(id));
	EXPECT_EQ(0x44, nvmet_id_ctrl_cqes(id));
	EXPECT_EQ(0x400, nvmet_id_ctrl_maxcmd(id));
	EXPECT_EQ(256u, nvmet_id_ctrl_nn(id));
	EXPECT_EQ(0x015d, nvmet_id_ctrl_oncs(id));
	EXPECT_EQ(1, nvmet_id_ctrl_fuses(id));
	EXPECT_EQ(5, nvmet_id_ctrl_fna(id));
	EXPECT_EQ(7, nvmet_id_ctrl_vwc(id));
	EXPECT_EQ(0xff, nvmet_id_ctrl_awun(id));
	EXPECT_EQ(7, nvmet_id_ctrl_awupf(id));
	EXPECT_EQ(3, nvmet_id_ctrl_acwu(id));
	EXPECT_EQ(0x00100001u, nvmet_id_ctrl_sgls(id));
	EXPECT_EQ(1024u, nvmet_id_ctrl_mnan(id));
}

TEST_F(ctrl, strings)
{
	char s[NVMET_ID_SUBNQN_LEN + 1];

	ASSERT_EQ(0, nvmet_id_ctrl_sn(self->id, s, sizeof(s)));
	EXPECT_STREQ("NVMETEST0001", s);
	ASSERT_EQ(0, nvmet_id_ctrl_mn(self->id, s, sizeof(s)));
	EXPECT_STREQ("QEMU NVMe Ctrl", s);
	ASSERT_EQ(0, nvmet_id_ctrl_fr(self->id, s, sizeof(s)));
	EXPECT_STREQ("8.0.0", s);
	ASSERT_EQ(0, nvmet_id_ctrl_subnqn(self->id, s, sizeof(s)));
	EXPECT_STREQ("nqn.2019-08.org.qemu:NVMETEST0001", s);
	EXPECT_EQ(-ENOSPC, nvmet_id_ctrl_sn(self->id, s, 12));
	ASSERT_EQ(0, nvmet_id_ctrl_sn(self->id, s, 13));
	EXPECT_STREQ("NVMETEST0001", s);

	/* A field using all its bytes needs the documented size. */
	put_str(self->id, 4, "ABCDEFGHIJKLMNOPQRST", 20, ' ');
	put_str(self->id, 768, "", 256, 'q');
	ASSERT_EQ(0, nvmet_id_ctrl_sn(self->id, s, NVMET_ID_SN_LEN + 1));
	EXPECT_STREQ("ABCDEFGHIJKLMNOPQRST", s);
	ASSERT_EQ(0, nvmet_id_ctrl_subnqn(self->id, s, NVMET_ID_SUBNQN_LEN + 1));
	EXPECT_EQ((size_t)NVMET_ID_SUBNQN_LEN, strlen(s));
}

TEST_F(ctrl, mdts_bytes)
{
	EXPECT_EQ(4096u << 7, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
	EXPECT_EQ(65536u << 7, nvmet_id_ctrl_mdts_bytes(self->id, 65536));
	self->id[77] = 0;
	EXPECT_EQ(0u, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
	self->id[77] = 1;
	EXPECT_EQ(8192u, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
	self->id[77] = 19;
	EXPECT_EQ(1u << 31, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
	self->id[77] = 20;
	EXPECT_EQ(UINT32_MAX, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
	self->id[77] = 255;
	EXPECT_EQ(UINT32_MAX, nvmet_id_ctrl_mdts_bytes(self->id, 4096));
}

TEST_F(ctrl, generic_matches_named)
{
	uint64_t v;

	ASSERT_EQ(0, nvmet_id_uint(self->id, 0, 1, &v));
	EXPECT_EQ(nvmet_id_ctrl_vid(self->id), v);
	ASSERT_EQ(0, nvmet_id_uint(self->id, NVMET_ID_CTRL_NN, NVMET_ID_CTRL_NN + 3, &v));
	EXPECT_EQ(nvmet_id_ctrl_nn(self->id), v);
	ASSERT_EQ(0, nvmet_id_uint(self->id, 73, 75, &v));
	EXPECT_EQ(nvmet_id_ctrl_ieee(self->id), v);
}

/* LBA format descriptor: MS 15:0, LBADS 23:16, RP 25:24. */
static uint32_t lbaf(uint16_t ms, uint8_t lbads, uint8_t rp)
{
	return (uint32_t)rp << 24 | (uint32_t)lbads << 16 | ms;
}

FIXTURE(ns) {
	uint8_t id[NVMET_ID_DATA_SIZE];
};

FIXTURE_SETUP(ns)
{
	uint8_t *p = self->id;

	memset(p, 0, sizeof(self->id));
	put(p, 0, 0x0000000123456789ull, 8);	/* NSZE */
	put(p, 8, 0x0000000123456000ull, 8);	/* NCAP */
	put(p, 16, 0x0000000000abcdefull, 8);	/* NUSE */
	put(p, 24, 0x1f, 1);			/* NSFEAT */
	put(p, 25, 1, 1);			/* NLBAF: 2 formats */
	put(p, 26, 0x01, 1);			/* FLBAS: format 1 */
	put(p, 27, 0x03, 1);			/* MC */
	put(p, 28, 0x1f, 1);			/* DPC */
	put(p, 29, 0x09, 1);			/* DPS */
	put(p, 30, 0x01, 1);			/* NMIC */
	put(p, 31, 0xff, 1);			/* RESCAP */
	put(p, 32, 0x80, 1);			/* FPI */
	put(p, 33, 0x09, 1);			/* DLFEAT */
	put(p, 34, 0x0011, 2);			/* NAWUN */
	put(p, 36, 0x0022, 2);			/* NAWUPF */
	put(p, 38, 0x0033, 2);			/* NACWU */
	put(p, 46, 0x0100, 2);			/* NOIOB */
	put(p, 74, 0x0080, 2);			/* MSSRL */
	put(p, 76, 0x00000400, 4);		/* MCL */
	put(p, 80, 0x7f, 1);			/* MSRC */
	put(p, 92, 0x00000005, 4);		/* ANAGRPID */
	put(p, 99, 0x01, 1);			/* NSATTR */
	put(p, 100, 0x0002, 2);			/* NVMSETID */
	put(p, 102, 0x0003, 2);			/* ENDGID */
	put(p, 128, lbaf(0, 9, 2), 4);		/* LBAF0: 512 bytes */
	put(p, 132, lbaf(8, 12, 0), 4);		/* LBAF1: 4096 + 8 */
	put(p, 128 + 4 * 50, lbaf(64, 16, 3), 4);	/* LBAF50: 64 KiB + 64 */
	put(p, 128 + 4 * 63, lbaf(0xffff, 0xff, 3), 4);	/* LBAF63 */
}

FIXTURE_TEARDOWN(ns)
{
}

TEST_F(ns, integers)
{
	const void *id = self->id;

	EXPECT_EQ(0x123456789ull, nvmet_id_ns_nsze(id));
	EXPECT_EQ(0x123456000ull, nvmet_id_ns_ncap(id));
	EXPECT_EQ(0xabcdefull, nvmet_id_ns_nuse(id));
	EXPECT_EQ(0x1f, nvmet_id_ns_nsfeat(id));
	EXPECT_EQ(1, nvmet_id_ns_nlbaf(id));
	EXPECT_EQ(1, nvmet_id_ns_flbas(id));
	EXPECT_EQ(3, nvmet_id_ns_mc(id));
	EXPECT_EQ(0x1f, nvmet_id_ns_dpc(id));
	EXPECT_EQ(9, nvmet_id_ns_dps(id));
	EXPECT_EQ(1, nvmet_id_ns_nmic(id));
	EXPECT_EQ(0xff, nvmet_id_ns_rescap(id));
	EXPECT_EQ(0x80, nvmet_id_ns_fpi(id));
	EXPECT_EQ(9, nvmet_id_ns_dlfeat(id));
	EXPECT_EQ(0x11, nvmet_id_ns_nawun(id));
	EXPECT_EQ(0x22, nvmet_id_ns_nawupf(id));
	EXPECT_EQ(0x33, nvmet_id_ns_nacwu(id));
	EXPECT_EQ(0x100, nvmet_id_ns_noiob(id));
	EXPECT_EQ(0x80, nvmet_id_ns_mssrl(id));
	EXPECT_EQ(0x400u, nvmet_id_ns_mcl(id));
	EXPECT_EQ(0x7f, nvmet_id_ns_msrc(id));
	EXPECT_EQ(5u, nvmet_id_ns_anagrpid(id));
	EXPECT_EQ(1, nvmet_id_ns_nsattr(id));
	EXPECT_EQ(2, nvmet_id_ns_nvmsetid(id));
	EXPECT_EQ(3, nvmet_id_ns_endgid(id));
}

TEST_F(ns, lba_formats)
{
	uint16_t ms = 1;
	uint8_t lbads = 1, rp = 1;

	ASSERT_EQ(0, nvmet_id_ns_lbaf(self->id, 0, &ms, &lbads, &rp));
	EXPECT_EQ(0, ms);
	EXPECT_EQ(9, lbads);
	EXPECT_EQ(2, rp);
	ASSERT_EQ(0, nvmet_id_ns_lbaf(self->id, 1, &ms, &lbads, NULL));
	EXPECT_EQ(8, ms);
	EXPECT_EQ(12, lbads);
	ASSERT_EQ(0, nvmet_id_ns_lbaf(self->id, 63, &ms, &lbads, &rp));
	EXPECT_EQ(0xffff, ms);
	EXPECT_EQ(0xff, lbads);
	EXPECT_EQ(3, rp);
	ASSERT_EQ(0, nvmet_id_ns_lbaf(self->id, 2, NULL, NULL, NULL));
	EXPECT_EQ(-EINVAL, nvmet_id_ns_lbaf(self->id, 64, &ms, &lbads, &rp));
}

TEST_F(ns, current_format)
{
	uint32_t bytes = 0;
	uint16_t ms = 1;

	EXPECT_EQ(1u, nvmet_id_ns_flbas_index(self->id));
	EXPECT_EQ(0, nvmet_id_ns_meta_extended(self->id));
	ASSERT_EQ(0, nvmet_id_ns_lba_size(self->id, &bytes, &ms));
	EXPECT_EQ(4096u, bytes);
	EXPECT_EQ(8, ms);

	/* FLBAS bit 4: metadata at the end of each LBA. */
	self->id[26] = 0x10;
	EXPECT_EQ(0u, nvmet_id_ns_flbas_index(self->id));
	EXPECT_EQ(1, nvmet_id_ns_meta_extended(self->id));
	ASSERT_EQ(0, nvmet_id_ns_lba_size(self->id, &bytes, NULL));
	EXPECT_EQ(512u, bytes);

	/* FLBAS bits 6:5 are bits 5:4 of the index: 0x62 is format 0x32 (50). */
	self->id[26] = 0x62;
	EXPECT_EQ(50u, nvmet_id_ns_flbas_index(self->id));
	EXPECT_EQ(0, nvmet_id_ns_meta_extended(self->id));
	EXPECT_EQ(-EINVAL, nvmet_id_ns_lba_size(self->id, &bytes, &ms));
	self->id[25] = 63;
	ASSERT_EQ(0, nvmet_id_ns_lba_size(self->id, &bytes, &ms));
	EXPECT_EQ(65536u, bytes);
	EXPECT_EQ(64, ms);

	/* An LBADS below 512 bytes or too large to be a size is refused. */
	self->id[26] = 2;
	EXPECT_EQ(-EINVAL, nvmet_id_ns_lba_size(self->id, &bytes, &ms));
	self->id[26] = 0x6f;	/* format 63 */
	EXPECT_EQ(-EINVAL, nvmet_id_ns_lba_size(self->id, &bytes, &ms));
}

TEST_HARNESS_MAIN
