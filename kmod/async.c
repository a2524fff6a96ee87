// SPDX-License-Identifier: GPL-2.0
/*
 * async.c - asynchronous admin passthrough: NVMETEST_IOC_ADMIN_SUBMIT
 * sends a command and returns; it finishes (completed, timed out or
 * aborted) onto its file's list, which poll() watches and
 * NVMETEST_IOC_ADMIN_REAP empties.
 */
#include <linux/poll.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

/* How often commands with a deadline are checked. */
#define NVMETEST_EXPIRE_MS	20
/* How often a waiting reaper also polls the admin CQ. */
#define NVMETEST_REAP_POLL_MS	100

void nvmetest_async_init_file(struct nvmetest_file *nf)
{
	INIT_LIST_HEAD(&nf->async_done);
	init_waitqueue_head(&nf->async_wq);
}

/* Called with aq.lock held; a->pt.ac holds the CQE and latency. */
void nvmetest_async_settle(struct nvmetest_async *a, u32 result)
{
	struct nvmetest_file *nf = a->nf;

	a->pt.ac.result = result;
	nf->async_pending--;
	nf->async_unreaped++;
	list_add_tail(&a->node, &nf->async_done);
	wake_up(&nf->async_wq);
}

void nvmetest_async_timeout_work(struct work_struct *work)
{
	struct nvmetest_ctrl *ctrl = container_of(to_delayed_work(work), struct nvmetest_ctrl,
						  timeout_work);

	if (nvmetest_aq_expire(ctrl) && !READ_ONCE(ctrl->dead))
		schedule_delayed_work(&ctrl->timeout_work, msecs_to_jiffies(NVMETEST_EXPIRE_MS));
}

/* Frees a command whose DMA memory and buffer pin were released. */
static void nvmetest_async_destroy(struct nvmetest_async *a)
{
	if (a->mm)
		mmdrop(a->mm);
	kfree(a);
}

static void nvmetest_async_free(struct nvmetest_ctrl *ctrl, struct nvmetest_async *a, bool dead)
{
	/* After removal the buffers are gone already: nothing to unpin. */
	if (dead)
		a->pt.obj = NULL;
	nvmetest_pt_put(ctrl, &a->pt);
	nvmetest_async_destroy(a);
}

/*
 * The file is closing (or the device going): abandon its commands in
 * flight to their slots and drop the finished ones.
 */
void nvmetest_async_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
				 bool dead)
{
	struct nvmetest_async *a, *n;
	LIST_HEAD(gone);

	nvmetest_aq_orphan_file(ctrl, nf, &gone);
	list_for_each_entry_safe(a, n, &gone, node) {
		list_del(&a->node);
		nvmetest_async_free(ctrl, a, dead);
	}
}

long nvmetest_ioctl_admin_submit(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_async *a;
	bool expires;
	long ret;
	int cid;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	a->nf = nf;
	ret = nvmetest_pt_prepare(nf, argp, &a->pt);
	if (ret) {
		kfree(a);
		return ret;
	}
	a->mm = current->mm;
	mmgrab(a->mm);

	/* Finished but not reaped counts too: it holds its bounce memory. */
	spin_lock(&ctrl->aq.lock);
	if (nf->async_pending + nf->async_unreaped >= NVMETEST_ASYNC_MAX)
		ret = -EAGAIN;
	else
		nf->async_pending++;
	spin_unlock(&ctrl->aq.lock);
	if (ret)
		goto err_free;

	/*
	 * Once posted the command may complete, be reaped by another thread
	 * and freed at once: nothing of it is read after this point.
	 */
	expires = a->pt.ac.timeout_ms;
	cid = nvmetest_aq_start_async(ctrl, a);
	if (cid < 0) {
		spin_lock(&ctrl->aq.lock);
		nf->async_pending--;
		spin_unlock(&ctrl->aq.lock);
		ret = cid;
		goto err_free;
	}
	if (expires)
		schedule_delayed_work(&ctrl->timeout_work, msecs_to_jiffies(NVMETEST_EXPIRE_MS));
	/* Only the CID goes back now; the command may already be done. */
	return put_user(cid, &((struct nvmetest_admin_cmd __user *)argp)->cid);

err_free:
	nvmetest_async_free(ctrl, a, false);
	return ret;
}

static bool nvmetest_async_ready(struct nvmetest_file *nf)
{
	return !list_empty_careful(&nf->async_done) || READ_ONCE(nf->ctrl->dead);
}

/*
 * Wait up to @timeout_ms for a finished command. The admin CQ is reaped
 * here too, so completions arrive even with vector 0 masked.
 */
static int nvmetest_async_wait(struct nvmetest_file *nf, u32 timeout_ms)
{
	u64 deadline = get_jiffies_64() + msecs_to_jiffies(timeout_ms);
	long ret;

	for (;;) {
		u64 now = get_jiffies_64();

		nvmetest_aq_process(nf->ctrl);
		if (nvmetest_async_ready(nf) || time_after_eq64(now, deadline))
			return 0;
		ret = wait_event_interruptible_timeout(nf->async_wq, nvmetest_async_ready(nf),
						       min_t(u64, deadline - now,
							     msecs_to_jiffies(NVMETEST_REAP_POLL_MS)));
		if (ret < 0)
			return ret;
	}
}

long nvmetest_ioctl_admin_reap(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_admin_cmd __user *dst;
	struct nvmetest_admin_reap req;
	struct nvmetest_async *a, *n;
	LIST_HEAD(done);
	long ret = 0;
	u32 got = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.count && !req.cmds)
		return -EFAULT;
	ret = nvmetest_async_wait(nf, req.count ? req.timeout_ms : 0);
	if (ret)
		return ret;
	if (READ_ONCE(ctrl->dead))
		return -ENODEV;

	spin_lock(&ctrl->aq.lock);
	list_for_each_entry_safe(a, n, &nf->async_done, node) {
		if (got == req.count)
			break;
		list_move_tail(&a->node, &done);
		nf->async_unreaped--;
		got++;
	}
	req.pending = nf->async_pending;
	spin_unlock(&ctrl->aq.lock);

	dst = u64_to_user_ptr(req.cmds);
	got = 0;
	list_for_each_entry_safe(a, n, &done, node) {
		list_del(&a->node);
		/* @data is an address in the submitter's memory, not ours. */
		if (a->mm != current->mm && nvmetest_pt_copies_out(&a->pt))
			a->pt.ac.result |= NVMETEST_RESULT_NOT_COPIED;
		if (!ret)
			ret = nvmetest_pt_finish(ctrl, &a->pt, dst + got++);
		else
			nvmetest_pt_put(ctrl, &a->pt);
		nvmetest_async_destroy(a);
	}
	if (ret)
		return ret;
	req.count = got;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}

__poll_t nvmetest_async_poll(struct nvmetest_file *nf, struct file *filp,
			     struct poll_table_struct *wait)
{
	poll_wait(filp, &nf->async_wq, wait);
	return list_empty_careful(&nf->async_done) ? 0 : EPOLLIN | EPOLLRDNORM;
}
