// SPDX-License-Identifier: GPL-2.0
/*
 * memory.c - the system memory structures group: data described by PRPs
 * (an offset in PRP1, a list of scattered pages, a list that goes on in a
 * second list page) and by SGLs (a data block, a segment of several, one
 * that describes too little), each written through the structure under
 * test and read back through plain PRPs (NVMe Base 2.0 4.1.1 and 4.1.2).
 */
#include <errno.h>
#include <string.h>

#include "conformance.h"

#define SGLS_SUPPORTED(s)	((s) & 0x3u)
#define SCRATCH_PAGES		8u
/* Where the data starts in PRP1's page: a dword offset, not a sector's. */
#define PRP1_OFFSET		0x204u

/* The bytes a test moves: @pages memory pages, whole blocks. */
static uint32_t blocks_for(const struct cf *t, unsigned int pages)
{
	return pages * nvmet_ctrl_page_size(t->ctrl) / cf_lba(t);
}

static bool need_prps(struct cf *t)
{
	if (!cf_is_pcie(t)) {
		cf_skip(t, "PRPs are a PCIe controller's: this one is reached over a fabric");
		return false;
	}
	if (cf_lba(t) > nvmet_ctrl_page_size(t->ctrl)) {
		cf_skip(t, "blocks of %u bytes are larger than a memory page", cf_lba(t));
		return false;
	}
	return true;
}

/*
 * The write @sqe (data pointers filled in by the test, @len bytes whose
 * data order is @expect) done, then read back at @slba through plain
 * PRPs: each byte must be there.
 */
static void write_and_check(struct cf *t, struct nvmet_sqe *sqe, uint64_t slba,
			    const uint8_t *expect, size_t len, const char *what)
{
	struct nvmet_cqe cqe = cf_io(t, t->qp, sqe, NULL, 0, 0);
	const uint8_t *in = t->in->va;
	size_t i;

	CF_CHECK_OK(t, cqe, what);
	memset(t->in->va, 0x5a, len);
	cqe = cf_read(t, slba, (uint32_t)(len / cf_lba(t)), 0);
	CF_CHECK_OK(t, cqe, "the Read back through plain PRPs");
	for (i = 0; i < len; i++)
		CF_CHECK(t, in[i] == expect[i], "%s: byte %zu of the data is %02xh, written %02xh",
			 what, i, in[i], expect[i]);
}

static void prp_first_offset(struct cf *t)
{
	uint32_t page = nvmet_ctrl_page_size(t->ctrl), nlb;
	struct nvmet_buf *data;
	struct nvmet_sqe sqe;
	size_t len;

	if (!need_prps(t))
		return;
	nlb = blocks_for(t, 1);
	len = (size_t)nlb * cf_lba(t);
	data = cf_buf(t, 2 * page, "prp1-offset");
	if (!data)
		return;
	nvmet_buf_fill(data, 0, 2 * page, NVMET_PATTERN_RANDOM, 100, 11);
	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 0, nlb, NULL);
	/* PRP1 at a dword offset into its page, PRP2 the page after: the data spans both. */
	sqe.prp1 = data->iova + PRP1_OFFSET;
	sqe.prp2 = data->iova + page;
	write_and_check(t, &sqe, 0, (const uint8_t *)data->va + PRP1_OFFSET, len,
			"a Write whose PRP1 has an offset");
}

static void prp_list_scattered(struct cf *t)
{
	static const unsigned int order[] = { 5, 2, 7, 0, 3 };
	uint32_t page = nvmet_ctrl_page_size(t->ctrl), nlb;
	struct nvmet_buf *data, *list;
	struct nvmet_prplist pl;
	uint64_t pages[5];
	uint8_t *expect;
	struct nvmet_sqe sqe;
	size_t len, i;
	int ret;

	if (!need_prps(t))
		return;
	nlb = blocks_for(t, 5);
	len = (size_t)nlb * cf_lba(t);
	data = cf_buf(t, SCRATCH_PAGES * page, "scattered");
	list = cf_buf(t, page, "prp-list");
	if (!data || !list)
		return;
	nvmet_buf_fill(data, 0, SCRATCH_PAGES * page, NVMET_PATTERN_RANDOM, 100, 12);
	/* What the pages hold in data order, put together in t->out. */
	expect = t->out->va;
	for (i = 0; i < 5; i++) {
		pages[i] = data->iova + (uint64_t)order[i] * page;
		memcpy(expect + i * page, (uint8_t *)data->va + (size_t)order[i] * page, page);
	}
	pl.va = list->va;
	pl.iova = list->iova;
	pl.size = page;
	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 64, nlb, NULL);
	ret = nvmet_prp_build_pages(&sqe, pages, 5, 0, len, page, &pl);
	CF_CHECK(t, !ret, "building the PRP list: %s", strerror(-ret));
	write_and_check(t, &sqe, 64, expect, len, "a Write through a PRP list of scattered pages");
}

static void prp_list_chained(struct cf *t)
{
	uint32_t page = nvmet_ctrl_page_size(t->ctrl), nlb;
	struct nvmet_buf *data, *list;
	struct nvmet_prplist pl;
	struct nvmet_sqe sqe;
	size_t len;
	int ret;

	if (!need_prps(t))
		return;
	nlb = blocks_for(t, 5);
	len = (size_t)nlb * cf_lba(t);
	data = cf_buf(t, 5 * page, "chained");
	list = cf_buf(t, 2 * page, "prp-lists");
	if (!data || !list)
		return;
	nvmet_buf_fill(data, 0, 5 * page, NVMET_PATTERN_RANDOM, 100, 13);
	/*
	 * The list starts two entries before the end of its page: one entry
	 * there, then the page's last entry points at the rest in the next.
	 */
	pl.va = (uint8_t *)list->va + page - 16;
	pl.iova = list->iova + page - 16;
	pl.size = page + 16;
	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 128, nlb, NULL);
	ret = nvmet_prp_build(&sqe, data->iova, len, page, &pl);
	CF_CHECK(t, !ret, "building the PRP list: %s", strerror(-ret));
	CF_CHECK(t, sqe.prp2 == pl.iova, "the list was not placed where the test put it");
	write_and_check(t, &sqe, 128, data->va, len,
			"a Write whose PRP list goes on in a second list page");
}

/* SGLs the test builds in host memory, which only a PCIe controller reads. */
static bool need_sgls(struct cf *t)
{
	uint32_t sgls = nvmet_id_ctrl_sgls(t->id);

	if (!cf_is_pcie(t)) {
		cf_skip(t, "SGLs in host memory are a PCIe controller's: over a fabric the "
			"command's SGL is the transport's, the data in the capsule or moved by it");
		return false;
	}
	if (!SGLS_SUPPORTED(sgls)) {
		cf_skip(t, "SGLS %08xh: SGLs are not supported for the NVM command set", sgls);
		return false;
	}
	return true;
}

static void sgl_data_block(struct cf *t)
{
	uint32_t nlb = blocks_for(t, 2);
	size_t len = (size_t)nlb * cf_lba(t);
	struct nvmet_sgl_seg seg;
	struct nvmet_sqe sqe;

	if (!need_sgls(t))
		return;
	nvmet_buf_fill(t->out, 0, len, NVMET_PATTERN_RANDOM, 100, 14);
	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 192, nlb, NULL);
	seg.iova = t->out->iova;
	seg.len = (uint32_t)len;
	CF_CHECK(t, !nvmet_sgl_build(&sqe, &seg, 1, NULL), "building the SGL");
	write_and_check(t, &sqe, 192, t->out->va, len, "a Write through one SGL Data Block");
}

static void sgl_last_segment(struct cf *t)
{
	uint32_t page = nvmet_ctrl_page_size(t->ctrl), nlb = blocks_for(t, 3);
	size_t len = (size_t)nlb * cf_lba(t), part = len / 3;
	struct nvmet_buf *data, *list;
	struct nvmet_sgl_seg segs[3];
	struct nvmet_prplist sl;
	struct nvmet_sqe sqe;
	uint8_t *expect = t->out->va;
	int ret;
	size_t i;

	if (!need_sgls(t))
		return;
	data = cf_buf(t, SCRATCH_PAGES * page, "sgl-data");
	list = cf_buf(t, nvmet_sgl_list_bytes(3), "sgl-list");
	if (!data || !list)
		return;
	nvmet_buf_fill(data, 0, SCRATCH_PAGES * page, NVMET_PATTERN_RANDOM, 100, 15);
	/* Three pieces at odd places, the last first. */
	for (i = 0; i < 3; i++) {
		size_t at = (2 - i) * 2 * page + 4 * (i + 1);

		segs[i].iova = data->iova + at;
		segs[i].len = (uint32_t)part;
		memcpy(expect + i * part, (uint8_t *)data->va + at, part);
	}
	sl.va = list->va;
	sl.iova = list->iova;
	sl.size = list->size;
	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 256, nlb, NULL);
	ret = nvmet_sgl_build(&sqe, segs, 3, &sl);
	CF_CHECK(t, !ret, "building the SGL: %s", strerror(-ret));
	write_and_check(t, &sqe, 256, expect, len,
			"a Write through a Last Segment of three Data Blocks");
}

static void sgl_length_short(struct cf *t)
{
	uint32_t nlb = blocks_for(t, 1);
	/* One block less than the command moves (half a block when it moves one). */
	uint32_t short_len = nlb > 1 ? (nlb - 1) * cf_lba(t) : cf_lba(t) / 2;
	struct nvmet_sgl_seg seg;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	nvmet_cmd_write(&sqe, nvmet_ns_nsid(t->ns), 320, nlb, NULL);
	if (!cf_is_pcie(t)) {
		/* Over a fabric the transport's SGL data block is what says how much comes. */
		cqe = cf_io(t, t->qp, &sqe, t->out, 0, short_len);
		CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_SGL_LENGTH,
				"a Write whose transport SGL carries less data than it moves");
		return;
	}
	if (!need_sgls(t))
		return;
	seg.iova = t->out->iova;
	seg.len = short_len;
	CF_CHECK(t, !nvmet_sgl_build(&sqe, &seg, 1, NULL), "building the SGL");
	cqe = cf_io(t, t->qp, &sqe, NULL, 0, 0);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_SGL_LENGTH,
			"a Write whose SGL describes less data than it moves");
}

static const struct cf_test tests[] = {
	{ "prp1-offset", "Base 2.0 4.1.1",
	  "PRP1's offset is honoured and the data goes on at PRP2's page", CF_NEED_QP,
	  prp_first_offset },
	{ "prp-list-scattered", "Base 2.0 4.1.1",
	  "a PRP list's pages are used in list order, wherever they are", CF_NEED_QP,
	  prp_list_scattered },
	{ "prp-list-chained", "Base 2.0 4.1.1",
	  "the last entry of a full PRP list page points to the list's next page", CF_NEED_QP,
	  prp_list_chained },
	{ "sgl-data-block", "Base 2.0 4.1.2",
	  "an SGL Data Block descriptor in the command describes the data", CF_NEED_QP,
	  sgl_data_block },
	{ "sgl-last-segment", "Base 2.0 4.1.2",
	  "a Last Segment descriptor leads to Data Blocks used in order", CF_NEED_QP,
	  sgl_last_segment },
	{ "sgl-length-short", "Base 2.0 4.1.2",
	  "an SGL shorter than the transfer fails with Data SGL Length Invalid", CF_NEED_QP,
	  sgl_length_short },
};

const struct cf_group cf_group_memory = {
	"memory", "System Memory Structures (PRP and SGL)", tests,
	sizeof(tests) / sizeof(tests[0]),
};
