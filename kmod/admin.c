// SPDX-License-Identifier: GPL-2.0
/*
 * admin.c - the admin queue: submission by CID-indexed slots, completion
 * by interrupt (with a polling fallback), timeouts and aborts.
 */
#include <linux/jiffies.h>
#include <linux/sched/signal.h>
#include <linux/timekeeping.h>

#include "core.h"

/* A waiter also polls the CQ this often, in case an interrupt is lost. */
#define NVMETEST_AQ_POLL_MS	250

int nvmetest_aq_alloc(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	int ret, i;

	spin_lock_init(&aq->lock);
	init_waitqueue_head(&aq->slot_wq);
	for (i = 0; i < NVMETEST_AQ_SLOTS; i++)
		init_completion(&aq->slots[i].done);
	ret = nvmetest_dmamem_alloc(ctrl, &aq->sq, NVMETEST_AQ_DEPTH * 64);
	if (ret)
		return ret;
	ret = nvmetest_dmamem_alloc(ctrl, &aq->cq, NVMETEST_AQ_DEPTH * 16);
	if (ret)
		goto err_sq;
	ret = nvmetest_dmamem_alloc(ctrl, &aq->sink, PAGE_SIZE);
	if (ret)
		goto err_cq;
	return 0;

err_cq:
	nvmetest_dmamem_free(ctrl, &aq->cq);
err_sq:
	nvmetest_dmamem_free(ctrl, &aq->sq);
	return ret;
}

void nvmetest_aq_free(struct nvmetest_ctrl *ctrl)
{
	nvmetest_aq_release_orphans(ctrl);
	nvmetest_dmamem_free(ctrl, &ctrl->aq.sink);
	nvmetest_dmamem_free(ctrl, &ctrl->aq.cq);
	nvmetest_dmamem_free(ctrl, &ctrl->aq.sq);
}

/* The controller is disabled: start the queues over. */
void nvmetest_aq_reinit(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;

	spin_lock(&aq->lock);
	memset(aq->sq.cpu, 0, aq->sq.size);
	memset(aq->cq.cpu, 0, aq->cq.size);
	aq->sq_tail = 0;
	aq->cq_head = 0;
	aq->phase = 1;
	spin_unlock(&aq->lock);
}

void nvmetest_aq_set_live(struct nvmetest_ctrl *ctrl, bool live)
{
	spin_lock(&ctrl->aq.lock);
	ctrl->aq.live = live;
	spin_unlock(&ctrl->aq.lock);
	wake_up_all(&ctrl->aq.slot_wq);
}

static void nvmetest_slot_put(struct nvmetest_aq *aq, struct nvmetest_slot *slot)
{
	slot->state = NVMETEST_SLOT_FREE;
	aq->nr_busy--;
	wake_up(&aq->slot_wq);
}

/*
 * An asynchronous command ended: hand it, with its completion (or all-ones),
 * to its file and free the slot. Called with aq->lock held.
 */
static void nvmetest_aq_settle_async(struct nvmetest_ctrl *ctrl, struct nvmetest_slot *slot,
				     u32 result)
{
	struct nvmetest_async *a = slot->async;
	struct nvmetest_acmd *ac = &a->pt.ac;

	if (result)
		memset(ac->cqe, 0xff, sizeof(ac->cqe));
	else
		memcpy(ac->cqe, slot->cqe, sizeof(ac->cqe));
	ac->latency_ns = slot->complete_ns - slot->submit_ns;
	slot->async = NULL;
	nvmetest_slot_put(&ctrl->aq, slot);
	nvmetest_async_settle(a, result);
}

static void __iomem *nvmetest_aq_db(struct nvmetest_ctrl *ctrl, bool cq)
{
	return ctrl->bar + NVME_REG_DBS + (cq ? ctrl->db_stride : 0);
}

/*
 * Tell listeners a command timed out, and whether the controller reports a
 * fatal status: a timeout is often its first sign.
 */
static void nvmetest_aq_report_timeout(struct nvmetest_ctrl *ctrl,
				       const struct nvme_command *cmd, gfp_t gfp)
{
	u32 csts = readl(ctrl->bar + NVME_REG_CSTS);
	u32 sqe[16];

	nvmetest_cmd_to_dwords(sqe, cmd);
	nvmetest_nl_timed_out(ctrl, sqe, gfp);
	if (csts != ~0u && (csts & NVME_CSTS_CFS))
		nvmetest_nl_ctrl_fatal(ctrl, csts, gfp);
}

/* Called with aq->lock held. */
static void nvmetest_aq_complete(struct nvmetest_ctrl *ctrl, const u32 *cqe, u64 now)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	u16 cid = cqe[3] & 0xffff;
	struct nvmetest_slot *slot;

	if (cid >= NVMETEST_AQ_SLOTS) {
		dev_warn_ratelimited(&ctrl->pdev->dev, "admin completion with unknown CID %u\n", cid);
		return;
	}
	slot = &aq->slots[cid];
	if (slot->opcode == nvme_admin_async_event &&
	    (slot->state == NVMETEST_SLOT_INFLIGHT || slot->state == NVMETEST_SLOT_ORPHAN))
		nvmetest_nl_aer_completed(ctrl, cqe);
	switch (slot->state) {
	case NVMETEST_SLOT_INFLIGHT:
		memcpy(slot->cqe, cqe, sizeof(slot->cqe));
		slot->complete_ns = now;
		nvmetest_cmdlog_complete(ctrl, slot->log_seq, cqe, now, NVMETEST_CMDLOG_DONE);
		if (slot->async) {
			nvmetest_aq_settle_async(ctrl, slot, 0);
			break;
		}
		slot->state = NVMETEST_SLOT_DONE;
		complete(&slot->done);
		break;
	case NVMETEST_SLOT_ORPHAN:
		slot->state = NVMETEST_SLOT_RECLAIM;
		aq->nr_reclaim++;
		nvmetest_cmdlog_complete(ctrl, slot->log_seq, cqe, now,
					 NVMETEST_CMDLOG_DONE | NVMETEST_CMDLOG_TIMED_OUT);
		/* Its memory can go now: a submitter waiting for a slot frees it. */
		wake_up(&aq->slot_wq);
		break;
	default:
		dev_warn_ratelimited(&ctrl->pdev->dev,
				     "admin completion for CID %u that is not in flight\n", cid);
		break;
	}
}

/* Reap the admin CQ; from the IRQ thread or a waiter. */
void nvmetest_aq_process(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	struct nvme_completion *entries = aq->cq.cpu;
	bool moved = false;
	u64 now = ktime_get_ns();

	spin_lock(&aq->lock);
	if (!aq->live) {
		spin_unlock(&aq->lock);
		return;
	}
	for (;;) {
		struct nvme_completion *e = &entries[aq->cq_head];
		const __le32 *dw = (const __le32 *)e;
		u32 cqe[4];
		int i;

		if ((le16_to_cpu(READ_ONCE(e->status)) & 1) != aq->phase)
			break;
		/* Read the entry only after its phase tag says it is new. */
		dma_rmb();
		for (i = 0; i < 4; i++)
			cqe[i] = le32_to_cpu(dw[i]);
		nvmetest_aq_complete(ctrl, cqe, now);
		if (++aq->cq_head == NVMETEST_AQ_DEPTH) {
			aq->cq_head = 0;
			aq->phase ^= 1;
		}
		moved = true;
	}
	if (moved)
		writel(aq->cq_head, nvmetest_aq_db(ctrl, true));
	spin_unlock(&aq->lock);
}

/* Free the memory of orphans that completed late. */
static void nvmetest_aq_reclaim(struct nvmetest_ctrl *ctrl, bool all)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	struct nvmetest_dmamem keep[NVMETEST_ACMD_MEMS];
	int i, j;

	for (i = 0; i < NVMETEST_AQ_SLOTS; i++) {
		struct nvmetest_slot *slot = &aq->slots[i];

		spin_lock(&aq->lock);
		if (slot->state != NVMETEST_SLOT_RECLAIM &&
		    !(all && slot->state == NVMETEST_SLOT_ORPHAN)) {
			spin_unlock(&aq->lock);
			continue;
		}
		if (slot->state == NVMETEST_SLOT_RECLAIM)
			aq->nr_reclaim--;
		memcpy(keep, slot->keep, sizeof(keep));
		memset(slot->keep, 0, sizeof(slot->keep));
		nvmetest_slot_put(aq, slot);
		spin_unlock(&aq->lock);
		for (j = 0; j < NVMETEST_ACMD_MEMS; j++)
			nvmetest_dmamem_free(ctrl, &keep[j]);
	}
}

/* The controller is disabled: no orphan can be written to any more. */
void nvmetest_aq_release_orphans(struct nvmetest_ctrl *ctrl)
{
	nvmetest_aq_reclaim(ctrl, true);
}

/*
 * End every command in flight: waiters see NVMETEST_SLOT_ABORTED,
 * asynchronous commands go to their files as aborted. Only once the
 * controller is disabled (or gone), since their memory is freed after.
 */
void nvmetest_aq_abort_all(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	u32 ones[4] = { ~0u, ~0u, ~0u, ~0u };
	u64 now = ktime_get_ns();
	int i;

	spin_lock(&aq->lock);
	aq->live = false;
	for (i = 0; i < NVMETEST_AQ_SLOTS; i++) {
		struct nvmetest_slot *slot = &aq->slots[i];

		if (slot->state != NVMETEST_SLOT_INFLIGHT)
			continue;
		slot->complete_ns = now;
		nvmetest_cmdlog_complete(ctrl, slot->log_seq, ones, now, NVMETEST_CMDLOG_ABORTED);
		if (slot->async) {
			nvmetest_aq_settle_async(ctrl, slot, NVMETEST_RESULT_ABORTED);
			continue;
		}
		slot->state = NVMETEST_SLOT_ABORTED;
		complete(&slot->done);
	}
	spin_unlock(&aq->lock);
	wake_up_all(&aq->slot_wq);
}

/**
 * nvmetest_aq_wake_waiters() - removal: let the synchronous waiters go now
 * @ctrl: controller, already marked dead
 *
 * Each waiter hands its command's memory to the slot (freed with the admin
 * queue, after the device was stopped) and returns -ENODEV, so that
 * whoever holds ctrl->lock while waiting lets removal take it at once.
 */
void nvmetest_aq_wake_waiters(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	int i;

	spin_lock(&aq->lock);
	for (i = 0; i < NVMETEST_AQ_SLOTS; i++)
		if (aq->slots[i].state == NVMETEST_SLOT_INFLIGHT && !aq->slots[i].async)
			complete(&aq->slots[i].done);
	spin_unlock(&aq->lock);
}

static void nvmetest_aq_post(struct nvmetest_ctrl *ctrl, struct nvmetest_acmd *ac, int cid)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	struct nvmetest_slot *slot = &aq->slots[cid];
	struct nvme_command *dst = (struct nvme_command *)aq->sq.cpu + aq->sq_tail;
	u64 now;

	/* The CID as the completion's DW3 will carry it back (little-endian). */
	ac->cmd.common.command_id = (__force u16)cpu_to_le16(cid);
	memcpy(dst, &ac->cmd, sizeof(*dst));
	reinit_completion(&slot->done);
	memset(slot->keep, 0, sizeof(slot->keep));
	slot->opcode = ac->cmd.common.opcode;
	if (++aq->sq_tail == NVMETEST_AQ_DEPTH)
		aq->sq_tail = 0;
	now = ktime_get_ns();
	slot->submit_ns = now;
	slot->log_seq = nvmetest_cmdlog_submit(ctrl, (const __le32 *)dst, now);
	/* The entry must be in memory before the device hears of it. */
	wmb();
	writel(aq->sq_tail, nvmetest_aq_db(ctrl, false));
}

/* Whether a submitter waiting for a slot should look again. */
static bool nvmetest_aq_slot_news(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;

	return READ_ONCE(aq->nr_busy) < NVMETEST_AQ_SLOTS || READ_ONCE(aq->nr_reclaim) ||
	       !READ_ONCE(aq->live) || READ_ONCE(ctrl->dead);
}

/*
 * Post the command in a free slot, sleeping while all are busy (an
 * asynchronous command @a gets -EAGAIN instead). Slots whose timed-out
 * command completed late are reclaimed on the way. The sleep is bounded by
 * the command's own timeout: a caller holding ctrl->lock must not keep a
 * reset out for longer when every slot is held by a command that never
 * completes.
 * Return: the CID, or a negative errno (-EBUSY when no slot came free in
 * time).
 */
static int nvmetest_aq_submit(struct nvmetest_ctrl *ctrl, struct nvmetest_acmd *ac,
			      struct nvmetest_async *a)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	u64 deadline = get_jiffies_64() + msecs_to_jiffies(ac->timeout_ms);
	long left;
	int i, ret;

	for (;;) {
		nvmetest_aq_reclaim(ctrl, false);
		spin_lock(&aq->lock);
		if (READ_ONCE(ctrl->dead))
			ret = -ENODEV;
		else if (!aq->live)
			ret = -EBUSY;
		else if (aq->nr_busy < NVMETEST_AQ_SLOTS)
			ret = 0;
		else
			ret = 1;
		if (ret == 0) {
			for (i = 0; i < NVMETEST_AQ_SLOTS; i++)
				if (aq->slots[i].state == NVMETEST_SLOT_FREE)
					break;
			aq->slots[i].state = NVMETEST_SLOT_INFLIGHT;
			aq->slots[i].async = a;
			aq->slots[i].deadline = a && ac->timeout_ms ?
				get_jiffies_64() + msecs_to_jiffies(ac->timeout_ms) : 0;
			aq->nr_busy++;
			ac->cid = i;
			nvmetest_aq_post(ctrl, ac, i);
		} else if (ret > 0 && a) {
			ret = aq->nr_reclaim ? 1 : -EAGAIN;
		}
		spin_unlock(&aq->lock);
		if (ret <= 0)
			return ret ? ret : i;
		if (a)
			continue;
		if (!ac->timeout_ms) {
			ret = wait_event_killable(aq->slot_wq, nvmetest_aq_slot_news(ctrl));
			if (ret)
				return ret;
			continue;
		}
		if (time_after_eq64(get_jiffies_64(), deadline))
			return -EBUSY;
		left = wait_event_killable_timeout(aq->slot_wq, nvmetest_aq_slot_news(ctrl),
						   deadline - get_jiffies_64());
		if (left < 0)
			return left;
	}
}

/*
 * The device may still use the command's memory: the slot keeps it, and
 * it counts for the controller alone until the device is done with it.
 */
static void nvmetest_slot_orphan(struct nvmetest_ctrl *ctrl, struct nvmetest_slot *slot,
				 struct nvmetest_acmd *ac)
{
	int i;

	memcpy(slot->keep, ac->mem, sizeof(slot->keep));
	memset(ac->mem, 0, sizeof(ac->mem));
	for (i = 0; i < NVMETEST_ACMD_MEMS; i++)
		nvmetest_dmamem_disown(ctrl, &slot->keep[i]);
	slot->async = NULL;
	slot->state = NVMETEST_SLOT_ORPHAN;
}

/**
 * nvmetest_aq_start_async() - send an asynchronous command
 * @ctrl: controller
 * @a: the command, whose timeout starts now
 *
 * Return: the CID, or a negative errno (-EAGAIN when no slot is free).
 */
int nvmetest_aq_start_async(struct nvmetest_ctrl *ctrl, struct nvmetest_async *a)
{
	return nvmetest_aq_submit(ctrl, &a->pt.ac, a);
}

/**
 * nvmetest_aq_expire() - time out the asynchronous commands past deadline
 * @ctrl: controller
 *
 * Return: whether asynchronous commands with a deadline remain in flight.
 */
bool nvmetest_aq_expire(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	u64 now = get_jiffies_64();
	bool more = false;
	int i;

	spin_lock(&aq->lock);
	for (i = 0; i < NVMETEST_AQ_SLOTS; i++) {
		struct nvmetest_slot *slot = &aq->slots[i];
		struct nvmetest_async *a = slot->async;

		if (slot->state != NVMETEST_SLOT_INFLIGHT || !a || !slot->deadline)
			continue;
		if (time_before64(now, slot->deadline)) {
			more = true;
			continue;
		}
		memset(a->pt.ac.cqe, 0xff, sizeof(a->pt.ac.cqe));
		a->pt.ac.latency_ns = ktime_get_ns() - slot->submit_ns;
		nvmetest_cmdlog_complete(ctrl, slot->log_seq, a->pt.ac.cqe, ktime_get_ns(),
					 NVMETEST_CMDLOG_TIMED_OUT);
		nvmetest_aq_report_timeout(ctrl, &a->pt.ac.cmd, GFP_ATOMIC);
		nvmetest_slot_orphan(ctrl, slot, &a->pt.ac);
		ctrl->timeouts++;
		nvmetest_async_settle(a, NVMETEST_RESULT_TIMED_OUT);
		dev_warn(&ctrl->pdev->dev, "admin command %02x cid %d timed out\n",
			 a->pt.ac.cmd.common.opcode, i);
	}
	spin_unlock(&aq->lock);
	return more;
}

/**
 * nvmetest_aq_orphan_file() - a closing file abandons its commands
 * @ctrl: controller
 * @nf: the file
 * @orphans: receives the abandoned commands, to be released by the caller
 *
 * Their slots keep the DMA memory until the controller is done with it.
 */
void nvmetest_aq_orphan_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
			     struct list_head *orphans)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	int i;

	spin_lock(&aq->lock);
	for (i = 0; i < NVMETEST_AQ_SLOTS; i++) {
		struct nvmetest_slot *slot = &aq->slots[i];
		struct nvmetest_async *a = slot->async;

		if (slot->state != NVMETEST_SLOT_INFLIGHT || !a || a->nf != nf)
			continue;
		nvmetest_slot_orphan(ctrl, slot, &a->pt.ac);
		nf->async_pending--;
		list_add_tail(&a->node, orphans);
	}
	list_splice_init(&nf->async_done, orphans);
	nf->async_unreaped = 0;
	spin_unlock(&aq->lock);
}

/* Wait for the slot to settle: completed, aborted or out of time. */
static int nvmetest_aq_wait(struct nvmetest_ctrl *ctrl, struct nvmetest_slot *slot,
			    u32 timeout_ms)
{
	u64 deadline = get_jiffies_64() + msecs_to_jiffies(timeout_ms);
	unsigned long poll = msecs_to_jiffies(NVMETEST_AQ_POLL_MS);
	long ret;

	for (;;) {
		u64 now = get_jiffies_64();
		unsigned long left = poll;

		if (timeout_ms && time_after_eq64(now, deadline))
			break;
		if (timeout_ms)
			left = min_t(u64, deadline - now, poll);
		ret = wait_for_completion_killable_timeout(&slot->done, left);
		if (ret < 0)
			return ret;
		if (ret > 0)
			break;
		nvmetest_aq_process(ctrl);
		if (completion_done(&slot->done))
			break;
	}
	return 0;
}

/**
 * nvmetest_aq_exec() - send an admin command and wait for it
 * @ctrl: controller
 * @ac: the command; see struct nvmetest_acmd
 *
 * Return: 0 when the command completed, timed out or was aborted (see
 * ac->result), or a negative errno when it was not sent (-EBUSY during a
 * reset, -ENODEV after removal) or a fatal signal ended the wait.
 */
int nvmetest_aq_exec(struct nvmetest_ctrl *ctrl, struct nvmetest_acmd *ac)
{
	struct nvmetest_aq *aq = &ctrl->aq;
	struct nvmetest_slot *slot;
	int cid, ret;
	u64 now;

	cid = nvmetest_aq_submit(ctrl, ac, NULL);
	if (cid < 0)
		return cid;
	slot = &aq->slots[cid];

	ret = nvmetest_aq_wait(ctrl, slot, ac->timeout_ms);

	spin_lock(&aq->lock);
	memset(ac->cqe, 0xff, sizeof(ac->cqe));
	ac->result = 0;
	switch (slot->state) {
	case NVMETEST_SLOT_DONE:
		memcpy(ac->cqe, slot->cqe, sizeof(ac->cqe));
		ac->latency_ns = slot->complete_ns - slot->submit_ns;
		nvmetest_slot_put(aq, slot);
		ret = 0;
		break;
	case NVMETEST_SLOT_ABORTED:
		ac->result = NVMETEST_RESULT_ABORTED;
		ac->latency_ns = slot->complete_ns - slot->submit_ns;
		nvmetest_slot_put(aq, slot);
		ret = READ_ONCE(ctrl->dead) ? -ENODEV : 0;
		break;
	default:
		/*
		 * Timed out, killed, or woken by removal: the device may still
		 * use the memory, so the slot keeps it.
		 */
		nvmetest_slot_orphan(ctrl, slot, ac);
		now = ktime_get_ns();
		ac->latency_ns = now - slot->submit_ns;
		if (!ret && READ_ONCE(ctrl->dead)) {
			ret = -ENODEV;
		} else if (!ret) {
			ac->result = NVMETEST_RESULT_TIMED_OUT;
			ctrl->timeouts++;
			nvmetest_cmdlog_complete(ctrl, slot->log_seq, ac->cqe, now,
						 NVMETEST_CMDLOG_TIMED_OUT);
		}
		break;
	}
	spin_unlock(&aq->lock);
	if (ac->result & NVMETEST_RESULT_TIMED_OUT) {
		dev_warn(&ctrl->pdev->dev, "admin command %02x cid %u timed out after %u ms\n",
			 ac->cmd.common.opcode, cid, ac->timeout_ms);
		nvmetest_aq_report_timeout(ctrl, &ac->cmd, GFP_KERNEL);
	}
	return ret;
}

/**
 * nvmetest_aq_simple() - a module-internal admin command without data
 * @ctrl: controller
 * @cmd: the command (its CID is filled in)
 * @timeout_ms: how long to wait, 0 for the default
 * @status: the completion's status field, bits 31:17 of DW3 (out)
 * @dw0: completion DW0 (out), may be NULL
 *
 * Return: 0 when the command completed (see @status), -ETIMEDOUT when it
 * timed out, -EIO when aborted, or another negative errno.
 */
int nvmetest_aq_simple(struct nvmetest_ctrl *ctrl, const struct nvme_command *cmd,
		       u32 timeout_ms, u32 *status, u32 *dw0)
{
	struct nvmetest_acmd ac = { .cmd = *cmd };
	int ret;

	ac.timeout_ms = timeout_ms ? timeout_ms : nvmetest_admin_timeout_ms;
	ret = nvmetest_aq_exec(ctrl, &ac);
	if (ret)
		return ret;
	if (ac.result & NVMETEST_RESULT_TIMED_OUT)
		return -ETIMEDOUT;
	if (ac.result & NVMETEST_RESULT_ABORTED)
		return -EIO;
	*status = ac.cqe[3] >> 17;
	if (dw0)
		*dw0 = ac.cqe[0];
	return 0;
}
