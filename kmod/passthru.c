// SPDX-License-Identifier: GPL-2.0
/*
 * passthru.c - NVMETEST_IOC_ADMIN_CMD: a raw admin command from user
 * space, its data copied through the module's own memory from and to the
 * user's memory or a DMA buffer, or the caller's PRPs as given (RAW_DPTR).
 * The prepare and finish halves are shared with the asynchronous path.
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

/*
 * Commands whose PRPs or dwords are bus addresses the controller keeps
 * using after the command completed: the module cannot put its own memory
 * there, so they go only with RAW_DPTR, the caller's addresses as given.
 */
static bool nvmetest_admin_keeps_addresses(const struct nvme_command *cmd)
{
	switch (cmd->common.opcode) {
	case nvme_admin_create_sq:
	case nvme_admin_create_cq:
	case nvme_admin_dbbuf:
	case NVMETEST_ADM_CTRL_DATA_QUEUE:
		return true;
	case nvme_admin_set_features:
		/* Host Memory Buffer, enabled (EHM): its descriptor list's address. */
		return (le32_to_cpu(cmd->features.fid) & 0xff) == NVME_FEAT_HOST_MEM_BUF &&
		       (le32_to_cpu(cmd->features.dword11) & 1);
	default:
		return false;
	}
}

/*
 * The data pointer without RAW_DPTR: the data goes through bounce pages of
 * the module's (copied from the user or from the DMA buffer), PRP1/PRP2
 * lead only into module memory (prp.c) and the metadata pointer is zero, so
 * no bus address of the caller's reaches the controller.
 */
static int nvmetest_pt_stage(struct nvmetest_file *nf, struct nvmetest_pt *pt)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_admin_cmd *req = &pt->req;
	struct nvmetest_acmd *ac = &pt->ac;
	struct nvmetest_dmamem *bounce = &ac->mem[NVMETEST_ACMD_DATA];
	int off = nvmetest_prp_offset(req->data_len);
	int ret;

	if (off < 0)
		return off;
	pt->data_off = off;
	ac->cmd.common.metadata = 0;
	ret = nvmetest_prp_tail(ctrl, nf, &ac->mem[NVMETEST_ACMD_TAIL]);
	if (ret)
		return ret;
	if (req->data_len) {
		ret = nvmetest_dmamem_alloc_for(ctrl, nf, bounce, off + req->data_len);
		if (ret)
			return ret;
		memset(bounce->cpu, 0, bounce->size);
	}
	if (req->data_len && (req->flags & NVMETEST_ADMIN_DATA_TO_DEV)) {
		if (pt->obj)
			memcpy(bounce->cpu + off, pt->obj->mem.cpu + req->buf_offset, req->data_len);
		else if (copy_from_user(bounce->cpu + off, u64_to_user_ptr(req->data),
					req->data_len))
			return -EFAULT;
	}
	return nvmetest_prp_build(ctrl, nf, req->data_len ? bounce->dma + off : 0, req->data_len,
				  &ac->cmd, &ac->mem[NVMETEST_ACMD_LIST],
				  &ac->mem[NVMETEST_ACMD_TAIL]);
}

/* Release what a command held: its DMA memory and its buffer's pin. */
void nvmetest_pt_put(struct nvmetest_ctrl *ctrl, struct nvmetest_pt *pt)
{
	int i;

	if (pt->obj) {
		mutex_lock(&ctrl->lock);
		pt->obj->inflight--;
		mutex_unlock(&ctrl->lock);
		pt->obj = NULL;
	}
	/* Entries the slot kept (timeout) were cleared when it took them. */
	for (i = 0; i < NVMETEST_ACMD_MEMS; i++)
		nvmetest_dmamem_free(ctrl, &pt->ac.mem[i]);
}

/**
 * nvmetest_pt_prepare() - read, check and set up a passthrough command
 * @nf: the file
 * @argp: the user's struct nvmetest_admin_cmd
 * @pt: filled in; on failure nothing is left to release
 *
 * Return: 0 or a negative errno.
 */
long nvmetest_pt_prepare(struct nvmetest_file *nf, void __user *argp, struct nvmetest_pt *pt)
{
	struct nvmetest_admin_cmd *req = &pt->req;
	long ret;

	if (copy_from_user(req, argp, sizeof(*req)))
		return -EFAULT;
	ret = nvmetest_admin_check(req);
	if (ret)
		return ret;
	nvmetest_cmd_from_dwords(&pt->ac.cmd, req->sqe);
	pt->ac.timeout_ms = req->timeout_ms ? req->timeout_ms : nvmetest_admin_timeout_ms;
	if (req->flags & NVMETEST_ADMIN_NO_TIMEOUT)
		pt->ac.timeout_ms = 0;
	/* The caller's own PRPs: the module moves no data. */
	if (req->flags & NVMETEST_ADMIN_RAW_DPTR)
		return 0;
	if (nvmetest_admin_keeps_addresses(&pt->ac.cmd))
		return -EPERM;
	if (req->flags & NVMETEST_ADMIN_USE_BUF) {
		pt->obj = nvmetest_admin_buf(nf, req);
		if (IS_ERR(pt->obj)) {
			ret = PTR_ERR(pt->obj);
			pt->obj = NULL;
			return ret;
		}
	}
	ret = nvmetest_pt_stage(nf, pt);
	if (ret)
		nvmetest_pt_put(nf->ctrl, pt);
	return ret;
}

/**
 * nvmetest_pt_copies_out() - whether finishing copies data to user memory
 * @pt: a command that ended
 *
 * Return: true for a completed controller-to-host transfer to the user's
 * memory (not a DMA buffer).
 */
bool nvmetest_pt_copies_out(const struct nvmetest_pt *pt)
{
	const struct nvmetest_admin_cmd *req = &pt->req;

	return !pt->ac.result && !pt->obj && req->data_len &&
	       (req->flags & NVMETEST_ADMIN_DATA_FROM_DEV);
}

/**
 * nvmetest_pt_finish() - report a command that ended and release it
 * @ctrl: controller
 * @pt: the command
 * @dst: where the user wants its struct nvmetest_admin_cmd
 *
 * Copies the data of a successful controller-to-host transfer to the
 * user's memory or DMA buffer, then the request with its completion.
 *
 * Return: 0 or -EFAULT.
 */
long nvmetest_pt_finish(struct nvmetest_ctrl *ctrl, struct nvmetest_pt *pt, void __user *dst)
{
	struct nvmetest_admin_cmd *req = &pt->req;
	struct nvmetest_dmamem *bounce = &pt->ac.mem[NVMETEST_ACMD_DATA];
	long ret = 0;

	req->result = pt->ac.result;
	req->cid = pt->ac.cid;
	req->latency_ns = pt->ac.latency_ns;
	memcpy(req->cqe, pt->ac.cqe, sizeof(req->cqe));
	/* Only a completed command still has its bounce pages. */
	if (pt->obj && !req->result && req->data_len &&
	    (req->flags & NVMETEST_ADMIN_DATA_FROM_DEV))
		memcpy(pt->obj->mem.cpu + req->buf_offset, bounce->cpu + pt->data_off,
		       req->data_len);
	if (nvmetest_pt_copies_out(pt) &&
	    copy_to_user(u64_to_user_ptr(req->data), bounce->cpu + pt->data_off, req->data_len))
		ret = -EFAULT;
	if (!ret && copy_to_user(dst, req, sizeof(*req)))
		ret = -EFAULT;
	nvmetest_pt_put(ctrl, pt);
	return ret;
}

long nvmetest_ioctl_admin(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_pt pt = {};
	long ret;

	ret = nvmetest_pt_prepare(nf, argp, &pt);
	if (ret)
		return ret;
	ret = nvmetest_aq_exec(ctrl, &pt.ac);
	if (ret) {
		nvmetest_pt_put(ctrl, &pt);
		return ret;
	}
	return nvmetest_pt_finish(ctrl, &pt, argp);
}
