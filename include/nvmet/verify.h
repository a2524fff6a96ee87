/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/verify.h - inline data verification for a namespace.
 *
 * Written data carries, in every LBA, the LBA number (bytes 0-7, little
 * endian) and a write token (the last 8 bytes), a 64-bit value that grows
 * with every write the library makes; the bytes between are a pattern
 * derived from the token. The library keeps a 16-bit check value per
 * written LBA, computed over the whole LBA, and checks every read against
 * it: a miscompare names the LBA.
 *
 * What keeps the table current: with verification on, the namespace API
 * (nvmet/ns.h: read, write, write zeroes, write uncorrectable, dataset
 * management deallocate, fused compare and write, flush, format) and the
 * I/O workers update it when their commands complete, and their reads are
 * checked: a read of the namespace API that miscompares completes with
 * Unrecovered Read Error (SCT 2h, SC 81h) in the CQE its callback gets, as
 * pynvme does, and nvmet_verify_miscompares() names the LBA; a worker
 * stops with NVMET_IOW_ERR_VERIFY. A Format NVM or Sanitize sent any way
 * resets the expectations of the namespaces it touches. Commands built by
 * hand and submitted raw (nvmet_ns_cmd(), nvmet_qpair_submit(), the raw
 * queues) are outside it: record what they did with nvmet_verify_written()
 * or nvmet_verify_set(), or forget the LBAs they touched with
 * nvmet_verify_set(..., NVMET_VERIFY_UNKNOWN).
 *
 * Resets and power loss. A write may or may not have reached the media
 * when a controller reset, FLR, hot reset, NSSR, shutdown or power cycle
 * ends it (or it times out, or fails with an error status): each LBA it
 * touched then holds its old data or its new data, and both are accepted
 * until a read or a write settles it on one. After a power cycle of a
 * controller with a volatile write cache (VWC present in Identify
 * Controller), the same holds for every LBA written since the last
 * completed Flush (or normal shutdown) that covers the write, or the last
 * FUA write to it: its durable data or what was written since, the latest
 * or (for data the library stamped) one written in between; without a
 * write cache, only the writes in flight are uncertain. A completed Flush
 * covers the writes that completed before it was submitted. Data that is
 * none of these is still a miscompare: a changed byte, another LBA's data,
 * data older than the last flush. Where an LBA could hold more than the
 * table can name (cut off twice with no read between, or data written
 * unstamped and overwritten before a flush), it becomes unknown (not
 * checked) rather than ever failing good data. No other thread may use the
 * namespace while a reset or power cycle runs.
 *
 * Memory: the check values live in a sparse table of fixed-size leaves
 * (NVMET_VERIFY_LEAF_LBAS LBAs each, 2 bytes per LBA) allocated the first
 * time an LBA in their range is written; ranges never written cost
 * nothing, so verified workloads on 16 TB namespaces run. Check value 0
 * means "never written or unknown" (not checked) and 1 means "reads back
 * as zeros" (after a deallocate, write zeroes, format or sanitize, when
 * the namespace reports that deallocated blocks read as zero). A leaf
 * whose LBAs need a second value (old-or-new, or written since the last
 * flush on a controller with a volatile write cache) gets 3 bytes more per
 * LBA; whole leaves zeroed or forgotten are one marker, allocated nothing.
 *
 * A 16-bit check misses a wrong-but-valid-looking LBA with probability
 * 1/65536; the LBA number and token in the data are checked besides.
 *
 * Table updates are atomic per LBA. Commands on overlapping LBAs must be
 * ordered by the caller (the I/O worker does this within a worker).
 */
#ifndef NVMET_VERIFY_H
#define NVMET_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/buffer.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmet_ns;

#define NVMET_VERIFY_LEAF_LBAS	512	/* LBAs per table leaf */
#define NVMET_VERIFY_UNKNOWN	0	/* never written: not checked */
#define NVMET_VERIFY_ZERO	1	/* reads back as zeros */

/**
 * nvmet_ns_verify_enable() - turn inline verification on or off
 * @ns: namespace
 * @on: true to keep and check check values
 *
 * Turning it off drops the table.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_verify_enable(struct nvmet_ns *ns, bool on);

/**
 * nvmet_ns_verify_enabled() - is verification on?
 * @ns: namespace
 *
 * Return: true when on.
 */
bool nvmet_ns_verify_enabled(const struct nvmet_ns *ns);

/**
 * nvmet_verify_fill() - prepare data for a write
 * @ns: namespace (gives the LBA size)
 * @buf: the data buffer
 * @offset: where the data starts in @buf
 * @slba: first LBA it will be written to
 * @nlb: LBAs
 *
 * Stamps each LBA with its number, a new token and the token's pattern.
 *
 * Return: 0, or -EINVAL when the data does not fit in @buf.
 */
int nvmet_verify_fill(struct nvmet_ns *ns, struct nvmet_buf *buf, size_t offset, uint64_t slba,
		      uint32_t nlb);

/**
 * nvmet_verify_written() - record a successful write
 * @ns: namespace
 * @buf: the data that was written (stamped by nvmet_verify_fill() or not)
 * @offset: where it starts in @buf
 * @slba: first LBA
 * @nlb: LBAs
 *
 * For writes the library does not see (raw commands); the namespace API's
 * writes are recorded already. Call on a good completion only: a failed
 * write may or may not have changed the LBAs (forget them, or leave the
 * old values if you know better). The write counts as not yet durable on
 * a controller with a volatile write cache.
 *
 * Return: 0, or -ENOMEM when a table leaf cannot be allocated.
 */
int nvmet_verify_written(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
			 uint64_t slba, uint32_t nlb);

/**
 * nvmet_verify_set() - set the expectation for a range without data
 * @ns: namespace
 * @slba: first LBA
 * @nlb: LBAs (a 64-bit count: a format or sanitize covers the namespace)
 * @value: NVMET_VERIFY_ZERO or NVMET_VERIFY_UNKNOWN
 *
 * For raw deallocate, write zeroes (ZERO: written data, not yet durable
 * on a controller with a volatile write cache) and any raw command whose
 * effect is not known (UNKNOWN: not checked until written again). Whole
 * leaves set are freed.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_verify_set(struct nvmet_ns *ns, uint64_t slba, uint64_t nlb, uint16_t value);

/**
 * nvmet_verify_check() - check data read back
 * @ns: namespace
 * @buf: the data read
 * @offset: where it starts in @buf
 * @slba: first LBA
 * @nlb: LBAs
 * @bad_lba: the first LBA that failed, when it returns -EILSEQ
 *
 * An LBA that may hold old or new data is settled on what was read.
 *
 * Return: 0 when every checked LBA matches (LBAs never written are not
 * checked), -EILSEQ on a miscompare.
 */
int nvmet_verify_check(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
		       uint64_t slba, uint32_t nlb, uint64_t *bad_lba);

/**
 * nvmet_verify_miscompares() - reads of the namespace API that miscompared
 * @ns: namespace
 * @last_lba: the first bad LBA of the latest one, when there was one (may be NULL)
 *
 * Such a read completes with Unrecovered Read Error; this says where.
 * Counted since verification was turned on.
 *
 * Return: how many (0 when verification is off), or -EINVAL.
 */
int nvmet_verify_miscompares(const struct nvmet_ns *ns, uint64_t *last_lba);

/**
 * nvmet_verify_table_bytes() - memory the check table uses now
 * @ns: namespace
 *
 * Return: bytes of leaves and index.
 */
uint64_t nvmet_verify_table_bytes(const struct nvmet_ns *ns);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_VERIFY_H */
