// SPDX-License-Identifier: GPL-2.0
/*
 * ioq.c - I/O submission and completion queues whose memory user space
 * maps and drives in poll mode; the module only creates and deletes them.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

/* Deleting the queues of a closing file should not hang on a dead device. */
#define NVMETEST_RELEASE_TIMEOUT_MS	2000

int nvmetest_ioq_alloc_tables(struct nvmetest_ctrl *ctrl)
{
	ctrl->sqs = kcalloc(ctrl->ioq_slots + 1, sizeof(*ctrl->sqs), GFP_KERNEL);
	ctrl->cqs = kcalloc(ctrl->ioq_slots + 1, sizeof(*ctrl->cqs), GFP_KERNEL);
	if (ctrl->sqs && ctrl->cqs)
		return 0;
	nvmetest_ioq_free_tables(ctrl);
	return -ENOMEM;
}

void nvmetest_ioq_free_tables(struct nvmetest_ctrl *ctrl)
{
	kfree(ctrl->sqs);
	kfree(ctrl->cqs);
	ctrl->sqs = NULL;
	ctrl->cqs = NULL;
}

static u32 nvmetest_ioq_db(struct nvmetest_ctrl *ctrl, u16 qid, bool cq)
{
	return (2 * qid + cq) * ctrl->db_stride;
}

static void nvmetest_ioq_free(struct nvmetest_ctrl *ctrl, struct nvmetest_ioq **slot)
{
	nvmetest_obj_release(ctrl, (*slot)->obj);
	kfree(*slot);
	*slot = NULL;
}

/*
 * The controller forgot its queues in a reset (it is disabled now): those
 * of open files stay mapped until deleted; those whose file closed without
 * deleting them (the controller refused, or no command could be sent) go.
 */
void nvmetest_ioq_orphan_all(struct nvmetest_ctrl *ctrl)
{
	u32 q;

	for (q = 1; q <= ctrl->ioq_slots; q++) {
		if (ctrl->sqs[q] && !ctrl->sqs[q]->obj->owner) {
			if (ctrl->cqs[ctrl->sqs[q]->cqid])
				ctrl->cqs[ctrl->sqs[q]->cqid]->nr_sqs--;
			nvmetest_ioq_free(ctrl, &ctrl->sqs[q]);
		}
		if (ctrl->sqs[q])
			ctrl->sqs[q]->orphan = true;
	}
	for (q = 1; q <= ctrl->ioq_slots; q++) {
		if (ctrl->cqs[q] && !ctrl->cqs[q]->obj->owner)
			nvmetest_ioq_free(ctrl, &ctrl->cqs[q]);
		if (ctrl->cqs[q])
			ctrl->cqs[q]->orphan = true;
	}
}

/* Device removal: the objects were freed with all the others. */
void nvmetest_ioq_forget_all(struct nvmetest_ctrl *ctrl)
{
	u32 q;

	for (q = 0; ctrl->sqs && q <= ctrl->ioq_slots; q++) {
		kfree(ctrl->sqs[q]);
		kfree(ctrl->cqs[q]);
		ctrl->sqs[q] = NULL;
		ctrl->cqs[q] = NULL;
	}
}

static int nvmetest_ioq_check(struct nvmetest_ctrl *ctrl, const struct nvmetest_queue *req,
			      bool create)
{
	if (!nvmetest_rsvd_zero(req->rsvd, sizeof(req->rsvd)))
		return -EINVAL;
	/* Queues above a grant that shrank can still be deleted. */
	if (req->qid < 1 || req->qid > (create ? ctrl->max_qid : ctrl->ioq_slots))
		return -EINVAL;
	if (!create)
		return 0;
	if (req->flags & ~NVMETEST_QUEUE_FLAGS_IN)
		return -EINVAL;
	if (req->size < 2 || req->size > NVMETEST_MAX_QSIZE)
		return -EINVAL;
	return 0;
}

static int nvmetest_ioq_create(struct nvmetest_file *nf, struct nvmetest_queue *req, bool cq)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_ioq **slot = cq ? &ctrl->cqs[req->qid] : &ctrl->sqs[req->qid];
	u32 entry = cq ? 16 : 64;
	struct nvme_command cmd = {};
	struct nvmetest_ioq *q;
	u32 status = 0;
	int ret;

	if (*slot)
		return -EEXIST;
	if (cq) {
		bool irq = req->flags & NVMETEST_QUEUE_IRQ;

		if (irq && req->vector >= ctrl->nr_vectors)
			return -EINVAL;
		if (!irq && req->vector && req->vector != NVMETEST_NO_VECTOR)
			return -EINVAL;
		cmd.create_cq.opcode = nvme_admin_create_cq;
		cmd.create_cq.cqid = cpu_to_le16(req->qid);
		cmd.create_cq.qsize = cpu_to_le16(req->size - 1);
		cmd.create_cq.cq_flags = cpu_to_le16(NVME_QUEUE_PHYS_CONTIG |
						     (irq ? NVME_CQ_IRQ_ENABLED : 0));
		cmd.create_cq.irq_vector = cpu_to_le16(irq ? req->vector : 0);
	} else {
		if (req->flags || req->prio > 3)
			return -EINVAL;
		if (req->cqid < 1 || req->cqid > ctrl->max_qid)
			return -EINVAL;
		if (!ctrl->cqs[req->cqid] || ctrl->cqs[req->cqid]->orphan)
			return -ENOENT;
		cmd.create_sq.opcode = nvme_admin_create_sq;
		cmd.create_sq.sqid = cpu_to_le16(req->qid);
		cmd.create_sq.qsize = cpu_to_le16(req->size - 1);
		/* QPRIO, bits 2:1 (NVME_SQ_PRIO_URGENT .. _LOW). */
		cmd.create_sq.sq_flags = cpu_to_le16(NVME_QUEUE_PHYS_CONTIG | req->prio << 1);
		cmd.create_sq.cqid = cpu_to_le16(req->cqid);
	}

	q = kzalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	q->obj = nvmetest_obj_create(ctrl, nf, cq ? NVMETEST_OBJ_CQ : NVMETEST_OBJ_SQ,
				     (size_t)req->size * entry);
	if (IS_ERR(q->obj)) {
		ret = PTR_ERR(q->obj);
		kfree(q);
		return ret;
	}
	q->qid = req->qid;
	q->size = req->size;
	q->cqid = cq ? 0 : req->cqid;
	q->vector = (req->flags & NVMETEST_QUEUE_IRQ) ? req->vector : NVMETEST_NO_VECTOR;

	/* Create I/O CQ and SQ have PRP1 in the same place. */
	cmd.create_cq.prp1 = cpu_to_le64(q->obj->mem.dma);
	ret = nvmetest_aq_simple(ctrl, &cmd, 0, &status, NULL);
	if (ret || status) {
		if (ret == -ETIMEDOUT)
			q->obj->tainted = true;
		nvmetest_obj_release(ctrl, q->obj);
		kfree(q);
		req->status = status;
		return ret;
	}
	if (!cq)
		ctrl->cqs[req->cqid]->nr_sqs++;
	*slot = q;
	nvmetest_obj_publish(ctrl, q->obj);

	req->status = 0;
	req->entry_size = entry;
	req->mmap_offset = nvmetest_obj_mmap_offset(q->obj);
	req->mmap_size = q->obj->mem.size;
	req->dma_addr = q->obj->mem.dma;
	req->db_offset = nvmetest_ioq_db(ctrl, q->qid, cq);
	return 0;
}

static int nvmetest_ioq_delete(struct nvmetest_file *nf, struct nvmetest_queue *req, bool cq,
			       u32 timeout_ms)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_ioq **slot = cq ? &ctrl->cqs[req->qid] : &ctrl->sqs[req->qid];
	struct nvmetest_ioq *q = *slot;
	u32 status = 0;
	int ret = 0;

	if (!q || q->obj->owner != nf)
		return -ENOENT;
	if (!q->orphan) {
		struct nvme_command cmd = {
			.delete_queue.opcode = cq ? nvme_admin_delete_cq : nvme_admin_delete_sq,
			.delete_queue.qid = cpu_to_le16(q->qid),
		};

		ret = nvmetest_aq_simple(ctrl, &cmd, timeout_ms, &status, NULL);
		/* Timed out: the queue is forgotten, its memory buried. */
		if (ret && ret != -ETIMEDOUT)
			return ret;
		if (ret)
			q->obj->tainted = true;
		req->status = status;
		if (status)
			return 0;
	}
	if (!cq && ctrl->cqs[q->cqid])
		ctrl->cqs[q->cqid]->nr_sqs--;
	nvmetest_ioq_free(ctrl, slot);
	return ret;
}

/*
 * Delete the queue if @nf owns it. Refused (a CQ with other files' SQs on
 * it, an error status) or not sent (no admin slot): the controller may
 * still use the memory; nvmetest_obj_disown_file() then leaves the queue
 * to nobody, and the next reset frees it.
 */
static void nvmetest_ioq_release_one(struct nvmetest_file *nf, struct nvmetest_ioq **slot,
				     u32 qid, bool cq)
{
	struct nvmetest_queue req = { .qid = qid };

	if (*slot && (*slot)->obj->owner == nf)
		nvmetest_ioq_delete(nf, &req, cq, NVMETEST_RELEASE_TIMEOUT_MS);
}

/* A closing file's queues go: SQs first, as the spec requires. */
void nvmetest_ioq_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf)
{
	u32 q;

	for (q = 1; q <= ctrl->ioq_slots; q++)
		nvmetest_ioq_release_one(nf, &ctrl->sqs[q], q, false);
	for (q = 1; q <= ctrl->ioq_slots; q++)
		nvmetest_ioq_release_one(nf, &ctrl->cqs[q], q, true);
}

long nvmetest_ioctl_queue(struct nvmetest_file *nf, unsigned int cmd, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	bool create = cmd == NVMETEST_IOC_CREATE_CQ || cmd == NVMETEST_IOC_CREATE_SQ;
	bool cq = cmd == NVMETEST_IOC_CREATE_CQ || cmd == NVMETEST_IOC_DELETE_CQ;
	struct nvmetest_queue req;
	long ret;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	ret = nvmetest_ioq_check(ctrl, &req, create);
	if (ret)
		return ret;
	if (mutex_lock_killable(&ctrl->lock))
		return -EINTR;
	if (create)
		ret = nvmetest_ioq_create(nf, &req, cq);
	else
		ret = nvmetest_ioq_delete(nf, &req, cq, 0);
	mutex_unlock(&ctrl->lock);
	if (ret)
		return ret;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}
