// SPDX-License-Identifier: GPL-2.0
/*
 * passthru.c - NVMETEST_IOC_ADMIN_CMD: a raw admin command from user
 * space, with its data bounced through the module or in a DMA buffer.
 */
#include <linux/uaccess.h>

#include "core.h"

/* Longest wait a caller may ask for: one day. */
#define NVMETEST_MAX_TIMEOUT_MS	(24u * 3600 * 1000)

static int nvmetest_admin_check(const struct nvmetest_admin_cmd *req)
{
	u32 dir = req->flags & (NVMETEST_ADMIN_DATA_TO_DEV | NVMETEST_ADMIN_DATA_FROM_DEV);

	if (req->flags & ~NVMETEST_ADMIN_FLAGS_IN)
		return -EINVAL;
	if (req->rsvd0 || !nvmetest_rsvd_zero(req->rsvd, sizeof(req->rsvd)))
		return -EINVAL;
	if (req->timeout_ms > NVMETEST_MAX_TIMEOUT_MS)
		return -EINVAL;
	if (dir == (NVMETEST_ADMIN_DATA_TO_DEV | NVMETEST_ADMIN_DATA_FROM_DEV))
		return -EINVAL;
	if (req->data_len > NVMETEST_ADMIN_MAX_DATA)
		return -EINVAL;
	if (req->data_len && !dir)
		return -EINVAL;
	if (req->flags & NVMETEST_ADMIN_RAW_DPTR) {
		/* The caller's own PRPs: the module moves no data. */
		if (req->data_len || (req->flags & NVMETEST_ADMIN_USE_BUF))
			return -EINVAL;
	}
	if (req->flags & NVMETEST_ADMIN_USE_BUF) {
		if (req->data || (req->buf_offset & 3))
			return -EINVAL;
	} else if (req->buf_handle || req->buf_offset) {
		return -EINVAL;
	} else if (req->data_len && !req->data) {
		return -EFAULT;
	}
	return 0;
}

/* Pins the buffer for the command's duration (obj->inflight). */
static struct nvmetest_obj *nvmetest_admin_buf(struct nvmetest_file *nf,
					       const struct nvmetest_admin_cmd *req)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_obj *obj;

	mutex_lock(&ctrl->lock);
	obj = nvmetest_obj_get(ctrl, nf, req->buf_handle, NVMETEST_OBJ_BUF);
	if (!obj) {
		obj = ERR_PTR(-ENOENT);
	} else if ((u64)req->buf_offset + req->data_len > obj->mem.size) {
		obj = ERR_PTR(-EINVAL);
	} else {
		obj->inflight++;
	}
	mutex_unlock(&ctrl->lock);
	return obj;
}

static void nvmetest_admin_buf_put(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj,
				   bool timed_out)
{
	mutex_lock(&ctrl->lock);
	obj->inflight--;
	if (timed_out)
		obj->tainted = true;
	mutex_unlock(&ctrl->lock);
}

/* Data through a bounce buffer of the module's, or none. */
static int nvmetest_admin_bounce(struct nvmetest_ctrl *ctrl, struct nvmetest_admin_cmd *req,
				 struct nvmetest_acmd *ac)
{
	struct nvmetest_dmamem *bounce = &ac->mem[0];
	int ret;

	if (!req->data_len)
		return 0;
	ret = nvmetest_dmamem_alloc(ctrl, bounce, req->data_len);
	if (ret)
		return ret;
	memset(bounce->cpu, 0, bounce->size);
	if ((req->flags & NVMETEST_ADMIN_DATA_TO_DEV) &&
	    copy_from_user(bounce->cpu, u64_to_user_ptr(req->data), req->data_len))
		return -EFAULT;
	return nvmetest_prp_build(ctrl, bounce->dma, req->data_len, ac->sqe, &ac->mem[1]);
}

long nvmetest_ioctl_admin(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_obj *obj = NULL;
	struct nvmetest_admin_cmd req;
	struct nvmetest_acmd ac = {};
	long ret;
	int i;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	ret = nvmetest_admin_check(&req);
	if (ret)
		return ret;

	memcpy(ac.sqe, req.sqe, sizeof(ac.sqe));
	ac.timeout_ms = req.timeout_ms ? req.timeout_ms : nvmetest_admin_timeout_ms;
	if (req.flags & NVMETEST_ADMIN_USE_BUF) {
		obj = nvmetest_admin_buf(nf, &req);
		if (IS_ERR(obj))
			return PTR_ERR(obj);
		if (req.data_len)
			ret = nvmetest_prp_build(ctrl, obj->mem.dma + req.buf_offset, req.data_len,
						 ac.sqe, &ac.mem[1]);
	} else if (!(req.flags & NVMETEST_ADMIN_RAW_DPTR)) {
		ret = nvmetest_admin_bounce(ctrl, &req, &ac);
	}
	if (!ret)
		ret = nvmetest_aq_exec(ctrl, &ac);
	if (obj)
		nvmetest_admin_buf_put(ctrl, obj, ac.result & NVMETEST_RESULT_TIMED_OUT);
	if (ret)
		goto out;

	req.result = ac.result;
	req.cid = ac.cid;
	req.latency_ns = ac.latency_ns;
	memcpy(req.cqe, ac.cqe, sizeof(req.cqe));
	if (!req.result && !obj && req.data_len && (req.flags & NVMETEST_ADMIN_DATA_FROM_DEV) &&
	    copy_to_user(u64_to_user_ptr(req.data), ac.mem[0].cpu, req.data_len)) {
		ret = -EFAULT;
		goto out;
	}
	if (copy_to_user(argp, &req, sizeof(req)))
		ret = -EFAULT;
out:
	/* Entries the slot kept (timeout) were cleared by nvmetest_aq_exec(). */
	for (i = 0; i < 2; i++)
		nvmetest_dmamem_free(ctrl, &ac.mem[i]);
	return ret;
}
