// SPDX-License-Identifier: GPL-2.0
/*
 * cmdlog.c - a ring of the recent admin commands and their completions,
 * with timestamps, readable by ioctl.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "core.h"

int nvmetest_cmdlog_alloc(struct nvmetest_ctrl *ctrl)
{
	ctrl->cmdlog.entries = kvcalloc(NVMETEST_CMDLOG_ENTRIES,
					sizeof(struct nvmetest_cmdlog_entry), GFP_KERNEL);
	return ctrl->cmdlog.entries ? 0 : -ENOMEM;
}

void nvmetest_cmdlog_free(struct nvmetest_ctrl *ctrl)
{
	kvfree(ctrl->cmdlog.entries);
	ctrl->cmdlog.entries = NULL;
}

static struct nvmetest_cmdlog_entry *nvmetest_cmdlog_at(struct nvmetest_ctrl *ctrl, u64 seq)
{
	return &ctrl->cmdlog.entries[seq % NVMETEST_CMDLOG_ENTRIES];
}

/* Called with aq.lock held; returns the command's sequence number. */
u64 nvmetest_cmdlog_submit(struct nvmetest_ctrl *ctrl, const __le32 *sqe, u64 now)
{
	u64 seq = ++ctrl->cmdlog.seq;
	struct nvmetest_cmdlog_entry *e = nvmetest_cmdlog_at(ctrl, seq);
	int i;

	memset(e, 0, sizeof(*e));
	for (i = 0; i < 16; i++)
		e->sqe[i] = le32_to_cpu(sqe[i]);
	e->submit_ns = now;
	e->seq = seq;
	return seq;
}

/* Called with aq.lock held; a no-op when the entry was overwritten. */
void nvmetest_cmdlog_complete(struct nvmetest_ctrl *ctrl, u64 seq, const u32 *cqe, u64 now,
			      u32 flags)
{
	struct nvmetest_cmdlog_entry *e = nvmetest_cmdlog_at(ctrl, seq);

	if (e->seq != seq)
		return;
	memcpy(e->cqe, cqe, sizeof(e->cqe));
	e->complete_ns = now;
	e->flags |= flags;
}

long nvmetest_ioctl_cmdlog(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_cmdlog_entry *snap;
	struct nvmetest_cmdlog req;
	u64 last, first, seq;
	u32 n = 0;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.count > NVMETEST_CMDLOG_ENTRIES)
		req.count = NVMETEST_CMDLOG_ENTRIES;
	if (req.count && !req.entries)
		return -EFAULT;

	snap = kvcalloc(NVMETEST_CMDLOG_ENTRIES, sizeof(*snap), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	spin_lock(&ctrl->aq.lock);
	last = ctrl->cmdlog.seq;
	first = last > req.count ? last - req.count + 1 : 1;
	for (seq = first; seq <= last && req.count; seq++)
		snap[n++] = *nvmetest_cmdlog_at(ctrl, seq);
	spin_unlock(&ctrl->aq.lock);

	if (n && copy_to_user(u64_to_user_ptr(req.entries), snap, n * sizeof(*snap)))
		ret = -EFAULT;
	kvfree(snap);
	if (ret)
		return ret;
	req.count = n;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}
