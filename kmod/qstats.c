// SPDX-License-Identifier: GPL-2.0
/*
 * qstats.c - NVMETEST_IOC_QUEUE_STATS: an I/O SQ's statistics and command
 * log live in a DMA buffer of the file that drives the queue (struct
 * nvmetest_qstats and its entries); the module keeps where, and reads them
 * through its own mapping of the buffer for the netlink family.
 */
#include <linux/uaccess.h>

#include "core.h"

static const struct nvmetest_qstats *nvmetest_qstats_hdr(const struct nvmetest_obj *obj,
							 u32 offset)
{
	return obj->mem.cpu + offset;
}

/*
 * The region at @offset: header first, so the module learns its size and
 * version (1, or 2 which adds latency_ns).
 */
static int nvmetest_qstats_region(const struct nvmetest_obj *obj, u32 offset, u32 *entries,
				  u32 *version)
{
	const struct nvmetest_qstats *hdr;
	u32 n;

	if (offset % 8 || (u64)offset + sizeof(*hdr) > obj->mem.size)
		return -EINVAL;
	hdr = nvmetest_qstats_hdr(obj, offset);
	*version = READ_ONCE(hdr->version);
	if (READ_ONCE(hdr->magic) != NVMETEST_QSTATS_MAGIC || *version < 1 ||
	    *version > NVMETEST_QSTATS_VERSION)
		return -EINVAL;
	n = READ_ONCE(hdr->entries);
	if (n < 1 || n > NVMETEST_QSTATS_MAX_ENTRIES)
		return -EINVAL;
	if ((u64)offset + sizeof(*hdr) + (u64)n * sizeof(struct nvmetest_cmdlog_entry) >
	    obj->mem.size)
		return -EINVAL;
	*entries = n;
	return 0;
}

long nvmetest_ioctl_queue_stats(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_queue_stats req;
	struct nvmetest_obj *obj = NULL;
	struct nvmetest_ioq *sq;
	u32 entries = 0, version = 0;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.flags || !nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.qid < 1 || req.qid > ctrl->ioq_slots)
		return -EINVAL;
	if (!req.buf_handle && req.buf_offset)
		return -EINVAL;

	mutex_lock(&ctrl->lock);
	sq = ctrl->sqs[req.qid];
	if (!sq || sq->obj->owner != nf) {
		ret = -ENOENT;
		goto out;
	}
	if (req.buf_handle) {
		obj = nvmetest_obj_get(ctrl, nf, req.buf_handle, NVMETEST_OBJ_BUF);
		if (!obj) {
			ret = -ENOENT;
			goto out;
		}
		ret = nvmetest_qstats_region(obj, req.buf_offset, &entries, &version);
		if (ret)
			goto out;
	}
	sq->stats_obj = obj;
	sq->stats_offset = req.buf_offset;
	sq->stats_entries = entries;
	sq->stats_version = version;
out:
	mutex_unlock(&ctrl->lock);
	return ret;
}

/* A buffer is going: no SQ may keep pointing into it. Called with ctrl->lock held. */
void nvmetest_qstats_forget_obj(struct nvmetest_ctrl *ctrl, const struct nvmetest_obj *obj)
{
	u32 q;

	lockdep_assert_held(&ctrl->lock);
	for (q = 1; ctrl->sqs && q <= ctrl->ioq_slots; q++)
		if (ctrl->sqs[q] && ctrl->sqs[q]->stats_obj == obj)
			ctrl->sqs[q]->stats_obj = NULL;
}

/**
 * nvmetest_qstats_get() - a snapshot of an SQ's statistics header
 * @sq: the SQ, with ctrl->lock held
 * @out: the header as its owner last wrote it, latency_ns zero unless the
 *	region was registered as version 2
 *
 * Return: 0, -ENOENT when the SQ has no region, -EBADMSG when its owner
 * overwrote the magic.
 */
int nvmetest_qstats_get(const struct nvmetest_ioq *sq, struct nvmetest_qstats *out)
{
	if (!sq->stats_obj)
		return -ENOENT;
	memcpy(out, nvmetest_qstats_hdr(sq->stats_obj, sq->stats_offset), sizeof(*out));
	/* What version 1 keeps there is reserved, not a latency. */
	if (sq->stats_version < 2)
		out->latency_ns = 0;
	return out->magic == NVMETEST_QSTATS_MAGIC ? 0 : -EBADMSG;
}

/**
 * nvmetest_qstats_entry() - a copy of the command log entry of command @seq
 * @sq: the SQ, with ctrl->lock held and a region registered
 * @seq: sequence number
 * @out: the entry
 *
 * Return: whether the slot still holds command @seq.
 */
bool nvmetest_qstats_entry(const struct nvmetest_ioq *sq, u64 seq,
			   struct nvmetest_cmdlog_entry *out)
{
	const struct nvmetest_cmdlog_entry *ring;

	ring = (const void *)(nvmetest_qstats_hdr(sq->stats_obj, sq->stats_offset) + 1);
	memcpy(out, &ring[seq % sq->stats_entries], sizeof(*out));
	return out->seq == seq;
}
