// SPDX-License-Identifier: GPL-2.0
/*
 * nvm.c - the NVM command set group: what Read, Write, Compare, Write
 * Zeroes, Dataset Management, Write Uncorrectable, Verify and Flush do to
 * the data and which status they end with (NVM Command Set 1.0 chapter 3,
 * Flush in NVMe Base 2.0 7.1), and the namespace's geometry.
 */
#include <string.h>

#include "conformance.h"

#define ONCS_COMPARE	(1u << 0)
#define ONCS_UNCOR	(1u << 1)
#define ONCS_DSM	(1u << 2)
#define ONCS_ZEROES	(1u << 3)
#define ONCS_VERIFY	(1u << 7)
#define DSM_AD		(1u << 2)	/* Attribute - Deallocate, CDW11 */
#define NLB		8u		/* blocks most tests move */

static uint16_t oncs(const struct cf *t)
{
	return nvmet_id_ctrl_oncs(t->id);
}

/* A random pattern in t->out for @nlb blocks at @slba, written: false (failed) when it was not. */
static bool write_pattern(struct cf *t, uint64_t slba, uint32_t nlb, uint32_t seed)
{
	struct nvmet_cqe cqe;

	nvmet_buf_fill(t->out, 0, (size_t)nlb * cf_lba(t), NVMET_PATTERN_RANDOM, 100, seed);
	cqe = cf_write(t, slba, nlb, 0);
	if (!nvmet_cqe_ok(&cqe)) {
		char s[96];

		cf_fail(t, "Write of %u blocks at LBA %llu: %s", nlb, (unsigned long long)slba,
			cf_status_str(cqe.status, s, sizeof(s)));
		return false;
	}
	return true;
}

/* Reads @nlb blocks at @slba into t->in; false (failed) when the read did not succeed. */
static bool read_ok(struct cf *t, uint64_t slba, uint32_t nlb)
{
	struct nvmet_cqe cqe;

	memset(t->in->va, 0x5a, (size_t)nlb * cf_lba(t));
	cqe = cf_read(t, slba, nlb, 0);
	if (!nvmet_cqe_ok(&cqe)) {
		char s[96];

		cf_fail(t, "Read of %u blocks at LBA %llu: %s", nlb, (unsigned long long)slba,
			cf_status_str(cqe.status, s, sizeof(s)));
		return false;
	}
	return true;
}

/* The first byte where t->in and t->out differ over @len bytes, or -1. */
static long first_diff(const struct cf *t, size_t len)
{
	const uint8_t *a = t->in->va, *b = t->out->va;
	size_t i;

	for (i = 0; i < len; i++) {
		if (a[i] != b[i])
			return (long)i;
	}
	return -1;
}

static long first_nonzero(const struct cf *t, size_t len)
{
	const uint8_t *a = t->in->va;
	size_t i;

	for (i = 0; i < len; i++) {
		if (a[i])
			return (long)i;
	}
	return -1;
}

static void write_read(struct cf *t)
{
	long d;

	if (!write_pattern(t, 16, NLB, 1) || !read_ok(t, 16, NLB))
		return;
	d = first_diff(t, NLB * cf_lba(t));
	CF_CHECK(t, d < 0, "byte %ld read back differs from what was written", d);
}

static void lba_out_of_range(struct cf *t, uint8_t opc)
{
	uint64_t nsze = cf_nsze(t);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	/* The last block and one past it. */
	nvmet_cmd_lba(&sqe, opc, nvmet_ns_nsid(t->ns), nsze - 1, 2, NULL);
	cqe = cf_io(t, t->qp, &sqe, opc == NVMET_CMD_READ ? t->in : t->out, 0, 2 * cf_lba(t));
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_LBA_RANGE,
			opc == NVMET_CMD_READ ? "Read past the namespace's last LBA" :
						"Write past the namespace's last LBA");
}

static void read_out_of_range(struct cf *t)
{
	lba_out_of_range(t, NVMET_CMD_READ);
}

static void write_out_of_range(struct cf *t)
{
	lba_out_of_range(t, NVMET_CMD_WRITE);
}

static void invalid_nsid(struct cf *t)
{
	uint32_t nn = nvmet_id_ctrl_nn(t->id);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (nn >= 0xfffffffe)
		CF_SKIP(t, "NN %u leaves no invalid NSID below FFFFFFFFh", nn);
	nvmet_cmd_read(&sqe, nn + 1, 0, 1, NULL);
	cqe = cf_io(t, t->qp, &sqe, t->in, 0, cf_lba(t));
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_NS, "Read of NSID NN+1");
}

static void compare(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	uint8_t *o = t->out->va;

	if (!(oncs(t) & ONCS_COMPARE))
		CF_SKIP(t, "ONCS bit 0 is clear: Compare is not supported");
	if (!write_pattern(t, 32, NLB, 2))
		return;
	nvmet_cmd_compare(&sqe, nvmet_ns_nsid(t->ns), 32, NLB, NULL);
	cqe = cf_io(t, t->qp, &sqe, t->out, 0, NLB * cf_lba(t));
	CF_CHECK_OK(t, cqe, "Compare with the data written");
	o[NLB * cf_lba(t) - 1] ^= 0x01;
	nvmet_cmd_compare(&sqe, nvmet_ns_nsid(t->ns), 32, NLB, NULL);
	cqe = cf_io(t, t->qp, &sqe, t->out, 0, NLB * cf_lba(t));
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_MEDIA, NVMET_SC_COMPARE_FAILED,
			"Compare with a bit of the last block flipped");
}

static void write_zeroes(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	long d;

	if (!(oncs(t) & ONCS_ZEROES))
		CF_SKIP(t, "ONCS bit 3 is clear: Write Zeroes is not supported");
	if (!write_pattern(t, 48, NLB, 3))
		return;
	nvmet_cmd_write_zeroes(&sqe, nvmet_ns_nsid(t->ns), 48, NLB, NULL);
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_OK(t, cqe, "Write Zeroes");
	if (!read_ok(t, 48, NLB))
		return;
	d = first_nonzero(t, NLB * cf_lba(t));
	CF_CHECK(t, d < 0, "byte %ld reads non-zero after Write Zeroes", d);
}

static void dsm_deallocate(struct cf *t)
{
	struct nvmet_buf *ranges;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	long d;

	if (!(oncs(t) & ONCS_DSM))
		CF_SKIP(t, "ONCS bit 2 is clear: Dataset Management is not supported");
	if (!write_pattern(t, 64, NLB, 4))
		return;
	ranges = cf_buf(t, 4096, "ranges");
	if (!ranges)
		return;
	memset(ranges->va, 0, 4096);
	nvmet_buf_set_dsm_range(ranges, 0, 64, NLB, 0);
	nvmet_cmd_dsm(&sqe, nvmet_ns_nsid(t->ns), 1, DSM_AD);
	cqe = cf_io(t, t->qp, &sqe, ranges, 0, 16);
	CF_CHECK_OK(t, cqe, "Dataset Management, deallocate one range");
	if ((nvmet_id_ns_dlfeat(nvmet_ns_id_data(t->ns)) & 0x7) != 1)
		return;
	/* DLFEAT 001b: deallocated blocks read as zeroes. */
	if (!read_ok(t, 64, NLB))
		return;
	d = first_nonzero(t, NLB * cf_lba(t));
	CF_CHECK(t, d < 0, "DLFEAT says deallocated blocks read as zeroes; byte %ld is not", d);
}

static void write_uncorrectable(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!(oncs(t) & ONCS_UNCOR))
		CF_SKIP(t, "ONCS bit 1 is clear: Write Uncorrectable is not supported");
	nvmet_cmd_write_uncor(&sqe, nvmet_ns_nsid(t->ns), 80, 1);
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_OK(t, cqe, "Write Uncorrectable");
	cqe = cf_read(t, 80, 1, 0);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ,
			"Read of a block marked uncorrectable");
	/* A write makes it readable again. */
	if (!write_pattern(t, 80, 1, 5) || !read_ok(t, 80, 1))
		return;
	CF_CHECK(t, first_diff(t, cf_lba(t)) < 0, "the block rewritten reads back different");
}

static void verify(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!(oncs(t) & ONCS_VERIFY))
		CF_SKIP(t, "ONCS bit 7 is clear: Verify is not supported");
	if (!write_pattern(t, 96, NLB, 6))
		return;
	nvmet_cmd_verify(&sqe, nvmet_ns_nsid(t->ns), 96, NLB, NULL);
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_OK(t, cqe, "Verify of blocks just written");
	if (!(oncs(t) & ONCS_UNCOR))
		return;
	nvmet_cmd_write_uncor(&sqe, nvmet_ns_nsid(t->ns), 99, 1);
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_OK(t, cqe, "Write Uncorrectable");
	nvmet_cmd_verify(&sqe, nvmet_ns_nsid(t->ns), 96, NLB, NULL);
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ,
			"Verify over a block marked uncorrectable");
}

static void flush(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!write_pattern(t, 112, NLB, 7))
		return;
	nvmet_cmd_flush(&sqe, nvmet_ns_nsid(t->ns));
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_OK(t, cqe, "Flush");
}

static void mdts(struct cf *t)
{
	uint32_t max = nvmet_ctrl_mdts(t->ctrl), page = nvmet_ctrl_page_size(t->ctrl);
	uint32_t nlb = (max + page) / cf_lba(t);
	struct nvmet_buf *buf;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!max)
		CF_SKIP(t, "MDTS is 0: no transfer size limit");
	if ((uint64_t)max + page > (2u << 20) || nlb > 65536)
		CF_SKIP(t, "MDTS %u bytes: a transfer over it needs more than one PRP list page",
			max);
	buf = cf_buf(t, (size_t)max + page, "over-mdts");
	if (!buf)
		return;
	nvmet_cmd_read(&sqe, nvmet_ns_nsid(t->ns), 0, nlb, NULL);
	cqe = cf_io(t, t->qp, &sqe, buf, 0, (size_t)nlb * cf_lba(t));
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD,
			"a Read one memory page over MDTS");
}

static void ns_geometry(struct cf *t)
{
	const uint8_t *d = nvmet_ns_id_data(t->ns);
	uint64_t nsze = nvmet_id_ns_nsze(d), ncap = nvmet_id_ns_ncap(d), nuse = nvmet_id_ns_nuse(d);
	unsigned int fmt = nvmet_id_ns_flbas(d) & 0xf, nlbaf = nvmet_id_ns_nlbaf(d);
	uint8_t lbads, rp;
	uint16_t ms;

	CF_CHECK(t, nsze > 0, "NSZE is 0 for an active namespace");
	CF_CHECK(t, ncap <= nsze, "NCAP %llu is above NSZE %llu", (unsigned long long)ncap,
		 (unsigned long long)nsze);
	CF_CHECK(t, nuse <= ncap, "NUSE %llu is above NCAP %llu", (unsigned long long)nuse,
		 (unsigned long long)ncap);
	CF_CHECK(t, fmt <= nlbaf, "FLBAS selects format %u; NLBAF says 0..%u", fmt, nlbaf);
	CF_CHECK(t, !nvmet_id_ns_lbaf(d, fmt, &ms, &lbads, &rp), "LBA format %u unreadable", fmt);
	CF_CHECK(t, lbads >= 9, "LBADS of the format in use is %u: the smallest is 9 (512 bytes)",
		 lbads);
}

static const struct cf_test tests[] = {
	{ "write-read", "NVM 1.0 3.2.6 / 3.2.4",
	  "a Read returns what a Write stored", CF_NEED_QP, write_read },
	{ "read-lba-out-of-range", "NVM 1.0 3.2.4",
	  "a Read past the last LBA fails with LBA Out of Range", CF_NEED_QP, read_out_of_range },
	{ "write-lba-out-of-range", "NVM 1.0 3.2.6",
	  "a Write past the last LBA fails with LBA Out of Range", CF_NEED_QP,
	  write_out_of_range },
	{ "invalid-nsid", "Base 2.0 3.3.3.2 (Generic Command Status)",
	  "an I/O command to an invalid NSID fails with Invalid Namespace or Format", CF_NEED_QP,
	  invalid_nsid },
	{ "compare", "NVM 1.0 3.2.1",
	  "Compare succeeds on equal data and fails with Compare Failure otherwise", CF_NEED_QP,
	  compare },
	{ "write-zeroes", "NVM 1.0 3.2.8",
	  "blocks read as zeroes after Write Zeroes", CF_NEED_QP, write_zeroes },
	{ "dsm-deallocate", "NVM 1.0 3.2.3",
	  "Dataset Management deallocates; with DLFEAT 001b the blocks read as zeroes",
	  CF_NEED_QP, dsm_deallocate },
	{ "write-uncorrectable", "NVM 1.0 3.2.7",
	  "a block marked uncorrectable fails a Read until it is written", CF_NEED_QP,
	  write_uncorrectable },
	{ "verify", "NVM 1.0 3.2.5",
	  "Verify succeeds on good blocks and fails on an uncorrectable one", CF_NEED_QP,
	  verify },
	{ "flush", "Base 2.0 7.1", "Flush succeeds", CF_NEED_QP, flush },
	{ "mdts", "Base 2.0 5.17.2.1",
	  "a transfer over MDTS fails with Invalid Field in Command", CF_NEED_QP, mdts },
	{ "ns-geometry", "NVM 1.0 4.1.5.1",
	  "NUSE <= NCAP <= NSZE, FLBAS within NLBAF, LBADS at least 9", CF_NEED_NS,
	  ns_geometry },
};

const struct cf_group cf_group_nvm = {
	"nvm", "NVM Command Set", tests, sizeof(tests) / sizeof(tests[0]),
};
