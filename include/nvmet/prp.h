/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/prp.h - the data pointer of a command: PRP entries and lists, and
 * scatter gather lists (SGLs), built into a submission queue entry, and
 * walked back for checking what was built.
 *
 * List memory is the caller's (struct nvmet_prplist): a region contiguous
 * in bus address space, for instance a page or a few of a command tracker.
 * Entries are written little endian. Every function returns 0 (or a count)
 * on success and a negative errno on failure; on failure the SQE is left
 * as it was.
 */
#ifndef NVMET_PRP_H
#define NVMET_PRP_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

/* Memory page sizes a PRP can describe (CC.MPS 0 to 15). */
#define NVMET_PRP_PAGE_MIN		4096u
#define NVMET_PRP_PAGE_MAX		(1u << 27)

/* nvmet_sgl_build() puts at most this many bytes of descriptors in a segment. */
#define NVMET_SGL_SEG_BYTES		4096u

/**
 * struct nvmet_prplist - memory for PRP lists and SGL segments
 * @va: the caller's mapping
 * @iova: the bus address of @va, 8-byte aligned
 * @size: bytes
 *
 * A PRP list may start anywhere in a memory page and then chains at the
 * page's end, as the specification allows; but some controllers (QEMU's)
 * expect every list to start on a page, so keep @iova page aligned for
 * lists that chain.
 */
struct nvmet_prplist {
	void *va;
	uint64_t iova;
	size_t size;
};

/**
 * struct nvmet_sgl_seg - one contiguous piece of a transfer
 * @iova: bus address
 * @len: bytes
 */
struct nvmet_sgl_seg {
	uint64_t iova;
	uint32_t len;
};

/**
 * nvmet_prp_npages() - memory pages a transfer spans
 * @off: offset of its first byte in the first memory page
 * @len: bytes
 * @page_size: the memory page size
 *
 * Return: how many PRP entries describe it (0 for no data).
 */
static inline uint64_t nvmet_prp_npages(uint64_t off, uint64_t len, uint32_t page_size)
{
	uint64_t rem;

	if (!len)
		return 0;
	if (len <= page_size - off)
		return 1;
	rem = len - (page_size - off);
	return 1 + rem / page_size + !!(rem % page_size);
}

/**
 * nvmet_prp_list_slots() - PRP list entries from bus address @at to the end
 * of its memory page (where a list that goes on keeps its last entry for
 * the pointer to the next page)
 * @at: bus address of a list entry, 8-byte aligned
 * @page_size: the memory page size
 *
 * Return: the count.
 */
static inline size_t nvmet_prp_list_slots(uint64_t at, uint32_t page_size)
{
	return (page_size - (at & (page_size - 1))) / 8;
}

/**
 * nvmet_prp_build() - point a command at a buffer contiguous in bus space
 * @sqe: the command; PRP1, PRP2 and PSDT (set to PRPs) are written
 * @iova: bus address of the data, 4-byte aligned; it may have an offset
 *	into its memory page
 * @len: bytes of data
 * @page_size: the controller's memory page size (CC.MPS), a power of two
 *	from NVMET_PRP_PAGE_MIN to NVMET_PRP_PAGE_MAX
 * @list: memory for the PRP list, used only when the data spans more than
 *	two memory pages; may be NULL otherwise
 *
 * PRP2 is 0 when the data fits in the first memory page, the second page
 * when it ends there, or else the address of a PRP list built at the start
 * of @list. A list that does not fit in the rest of its memory page goes on
 * at the next page of @list: the last entry of the full page points there.
 * nvmet_prp_list_bytes() tells the size @list needs.
 *
 * Return: 0, -EINVAL for a misaligned @iova or @list, a bad @page_size, or
 * a range that wraps, or -ENOSPC when a list is needed and @list is NULL or
 * too small.
 */
int nvmet_prp_build(struct nvmet_sqe *sqe, uint64_t iova, size_t len, uint32_t page_size,
		    const struct nvmet_prplist *list);

/**
 * nvmet_prp_build_pages() - point a command at scattered memory pages
 * @sqe: the command, as for nvmet_prp_build()
 * @pages: bus addresses of the memory pages in data order, each aligned to
 *	@page_size; they need not be contiguous, distinct or in order
 * @npages: entries at @pages; more than the data needs are ignored
 * @first_offset: where the data starts in the first page, 4-byte aligned
 * @len: bytes of data
 * @page_size: as for nvmet_prp_build()
 * @list: as for nvmet_prp_build()
 *
 * Return: 0, -EINVAL for bad alignment, a bad @page_size or fewer @pages
 * than the data spans, or -ENOSPC as for nvmet_prp_build().
 */
int nvmet_prp_build_pages(struct nvmet_sqe *sqe, const uint64_t *pages, size_t npages,
			  size_t first_offset, size_t len, uint32_t page_size,
			  const struct nvmet_prplist *list);

/**
 * nvmet_prp_list_bytes() - the list memory a transfer needs
 * @iova: bus address of the data (only its offset in the page matters)
 * @len: bytes of data
 * @page_size: as for nvmet_prp_build()
 *
 * Return: the bytes of PRP list, chain entries included, when the list
 * starts at a memory page boundary; 0 when no list is needed or @page_size
 * is not valid.
 */
size_t nvmet_prp_list_bytes(uint64_t iova, size_t len, uint32_t page_size);

/**
 * nvmet_prp_walk() - the memory pages a command's PRPs describe
 * @sqe: the command, with PSDT set to PRPs
 * @len: bytes of data
 * @page_size: as for nvmet_prp_build()
 * @list: memory holding the PRP lists; list pointers are resolved to it by
 *	their offset from @list->iova
 * @pages: the entries in data order: PRP1 as it is (with its offset), then
 *	one page address per further page; may be NULL to count them
 * @max: entries at @pages
 *
 * Checks what a controller would: PRP1 4-byte aligned, PRP2 and list
 * entries page aligned, a PRP2 list pointer 8-byte aligned.
 *
 * Return: the number of entries, -EINVAL for a bad argument or a malformed
 * PRP, -EFAULT when a list lies outside @list, or -ENOSPC when there are
 * more than @max entries to store.
 */
int nvmet_prp_walk(const struct nvmet_sqe *sqe, size_t len, uint32_t page_size,
		   const struct nvmet_prplist *list, uint64_t *pages, size_t max);

/**
 * nvmet_sgl_build() - point a command at an SGL
 * @sqe: the command; SGL1 (in place of PRP1 and PRP2) and PSDT (set to
 *	NVMET_SQE_PSDT_SGL) are written
 * @segs: the pieces of the transfer, in data order
 * @nsegs: entries at @segs, at least 1
 * @list: memory for SGL segments, used only when @nsegs is over 1; may be
 *	NULL otherwise
 *
 * One piece becomes a Data Block descriptor in the SQE. More become Data
 * Block descriptors in @list, NVMET_SGL_SEG_BYTES a segment, which the
 * SQE's Last Segment descriptor points at; when they need several segments,
 * the last descriptor of each segment but the last is a Segment descriptor
 * (or Last Segment, before the last one) pointing at the next, placed
 * NVMET_SGL_SEG_BYTES further in @list. nvmet_sgl_list_bytes() tells the
 * size @list needs.
 *
 * Return: 0, -EINVAL when @nsegs is 0 or @list is misaligned, or -ENOSPC
 * when @list is needed and NULL or too small.
 */
int nvmet_sgl_build(struct nvmet_sqe *sqe, const struct nvmet_sgl_seg *segs, size_t nsegs,
		    const struct nvmet_prplist *list);

/**
 * nvmet_sgl_list_bytes() - the list memory nvmet_sgl_build() needs
 * @nsegs: pieces of the transfer
 *
 * Return: bytes, 0 when @nsegs is 0 or 1.
 */
size_t nvmet_sgl_list_bytes(size_t nsegs);

/**
 * nvmet_sgl_walk() - the pieces a command's SGL describes
 * @sqe: the command, with PSDT set to an SGL
 * @list: memory holding the SGL segments; addresses are resolved to it by
 *	their offset from @list->iova
 * @segs: the Data Block descriptors in data order; may be NULL to count them
 * @max: entries at @segs
 *
 * Checks the chaining rules: segment lengths a non-zero multiple of 16, a
 * Segment or Last Segment descriptor only as the last of a segment, and
 * none in the last segment.
 *
 * Return: the number of Data Block descriptors, -EINVAL for a bad argument
 * or a malformed SGL, -EOPNOTSUPP for descriptor types other than Data
 * Block, Segment and Last Segment, -EFAULT when a segment lies outside
 * @list, -ELOOP when the chain visits more descriptors than @list holds,
 * or -ENOSPC when there are more than @max to store.
 */
int nvmet_sgl_walk(const struct nvmet_sqe *sqe, const struct nvmet_prplist *list,
		   struct nvmet_sgl_seg *segs, size_t max);

#endif /* NVMET_PRP_H */
