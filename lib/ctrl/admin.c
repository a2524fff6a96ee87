// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin.c - the admin queue: asynchronous commands with callbacks,
 * waitdone, the synchronous helper, and the Asynchronous Event Requests
 * the library keeps outstanding. One tracker (lib/queue/tracker.h) keeps
 * the commands in flight, over the transport's admin rings when it has
 * them (the emulated controller), its admin send and receive (NVMe/TCP,
 * whose commands travel on a connection) or its admin submit and reap
 * (the module, which owns its admin queue and times its commands out
 * itself).
 *
 * Like the rest of a controller handle, the admin path is for one thread
 * at a time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/cmd.h>
#include <nvmet/prp.h>

#include "ctrl_priv.h"
#include "support/clock.h"
#include "workload/verify_priv.h"

/* How long one reap waits before waitdone looks again. */
#define ADMIN_POLL_MS		100
/* Commands in flight without rings: the module's admin queue holds fewer. */
#define ADMIN_TAGS		64

int nvmet_ctrl_admin_setup(struct nvmet_ctrl *ctrl)
{
	struct nvmet_admin *a = &ctrl->admin;
	uint32_t entries = 0;
	unsigned int ncid = ctrl->info.admin_tags ? ctrl->info.admin_tags : ADMIN_TAGS;
	int ret;

	a->own = ctrl->tp->admin_rings || ctrl->tp->admin_send;
	if (a->own)
		entries = NVMETEST_CMDLOG_ENTRIES;
	if (ctrl->tp->admin_rings) {
		ret = ctrl->tp->admin_rings(ctrl, &a->sq, &a->cq);
		if (ret)
			return ret;
		ncid = a->sq->size - 1;
		ret = nvmet_ctrl_buf_alloc(ctrl, (size_t)ncid * ctrl->info.page_size,
					   "admin prp lists", &a->prp);
		if (ret)
			return ret;
	}
	a->log = calloc(1, nvmet_cmdlog_bytes(entries));
	a->req = calloc(ncid, sizeof(*a->req));
	if (!a->log || !a->req)
		return -ENOMEM;
	return nvmet_trk_init(&a->trk, 0, ncid, a->log, entries);
}

void nvmet_ctrl_admin_teardown(struct nvmet_ctrl *ctrl)
{
	struct nvmet_admin *a = &ctrl->admin;

	nvmet_trk_fini(&a->trk);
	nvmet_buf_free(a->prp);
	free(a->req);
	free(a->log);
	memset(a, 0, sizeof(*a));
}

/* An AER came back: tell the handler and, unless it failed, arm another. */
static void aer_done(struct nvmet_ctrl *ctrl, const struct nvmet_cpl *cpl);

/* Every admin command ends here, then goes to its caller. */
static void admin_done(void *arg, const struct nvmet_cpl *cpl)
{
	struct nvmet_ctrl *ctrl = arg;
	struct nvmet_admin *a = &ctrl->admin;
	struct nvmet_areq req = a->req[cpl->cid];

	if (req.aer) {
		aer_done(ctrl, cpl);
		return;
	}
	ctrl->admin_outstanding--;
	a->ended++;
	a->dw0 = cpl->cqe->dw0;
	if (req.cb)
		req.cb(req.arg, cpl);
}

/* Point @sqe at @len bytes of @buf at @off through PRPs, a list page per CID. */
static int admin_dptr(struct nvmet_ctrl *ctrl, struct nvmet_sqe *sqe, const struct nvmet_buf *buf,
		      size_t off, size_t len)
{
	uint32_t page = ctrl->info.page_size;
	struct nvmet_buf *prp = ctrl->admin.prp;
	struct nvmet_prplist list = {
		.va = (uint8_t *)prp->va + (size_t)sqe->cid * page,
		.iova = prp->iova + (uint64_t)sqe->cid * page,
		.size = page,
	};

	return nvmet_prp_build(sqe, buf->iova + off, len, page, &list);
}

/* Place a command on the admin rings, CID @cid. */
static int admin_place(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, uint16_t cid,
		       const struct nvmet_buf *buf, size_t off, size_t len, struct nvmet_sqe *placed)
{
	uint64_t csts = 0;
	int ret;

	/* All-ones: the function has no power; not ready: nothing would fetch it. */
	ret = ctrl->tp->reg_read(ctrl, NVMET_REG_CSTS, 4, &csts);
	if (ret || csts == UINT32_MAX || !(csts & NVMET_CSTS_RDY))
		return -ENODEV;
	*placed = *sqe;
	placed->cid = cid;
	/* Queue creation carries its queue's memory in PRP1 already (no data). */
	if (len) {
		ret = admin_dptr(ctrl, placed, buf, off, len);
		if (ret)
			return ret;
	}
	ret = nvmet_sq_place(ctrl->admin.sq, placed);
	if (!ret)
		nvmet_sq_ring(ctrl->admin.sq);
	return ret;
}

/*
 * Send a command with a request to track it (a callback, or an AER the
 * library keeps), and count it.
 */
static int admin_submit(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_dir dir,
			nvmet_cb_t cb, void *cb_arg, bool aer)
{
	enum nvmet_tdir tdir = dir == NVMET_DIR_TO_DEV ? NVMET_TDIR_TO_DEV :
			       dir == NVMET_DIR_FROM_DEV ? NVMET_TDIR_FROM_DEV : NVMET_TDIR_NONE;
	struct nvmet_admin *a = &ctrl->admin;
	struct nvmet_sqe placed = *sqe;
	int cid = nvmet_trk_next(&a->trk);
	int ret;

	if (cid < 0)
		return cid;
	if (tdir == NVMET_TDIR_NONE)
		len = 0;
	if (len && (!buf || offset > buf->size || len > buf->size - offset))
		return -EINVAL;
	if (a->sq) {
		ret = admin_place(ctrl, sqe, (uint16_t)cid, buf, offset, len, &placed);
	} else if (ctrl->tp->admin_send) {
		placed.cid = (uint16_t)cid;
		ret = ctrl->tp->admin_send(ctrl, &placed, buf, offset, len, tdir);
	} else {
		/* An AER completes only on an event: no timeout. */
		ret = ctrl->tp->admin_submit(ctrl, sqe, buf, offset, len, tdir,
					     aer ? 0 : ctrl->timeout_ms, (uint64_t)cid);
	}
	if (ret)
		return ret;
	a->req[cid] = (struct nvmet_areq){ .cb = cb, .arg = cb_arg, .aer = aer };
	nvmet_trk_start(&a->trk, (uint16_t)cid, &placed, len, admin_done, ctrl,
			aer ? NVMET_TRK_NO_TIMEOUT : 0, nvmet_now_ns());
	if (aer)
		ctrl->aer_outstanding++;
	else
		ctrl->admin_outstanding++;
	return 0;
}

void nvmet_ctrl_admin_abort(struct nvmet_ctrl *ctrl)
{
	if (ctrl->admin.own)
		nvmet_trk_abort_all(&ctrl->admin.trk, nvmet_now_ns());
}

void nvmet_ctrl_admin_forget(struct nvmet_ctrl *ctrl)
{
	/* Callbacks get the all-ones CQE; AERs are dropped (re-armed by the next init). */
	if (ctrl->admin.trk.trk)
		nvmet_trk_abort_all(&ctrl->admin.trk, nvmet_now_ns());
	ctrl->admin_outstanding = 0;
	ctrl->aer_outstanding = 0;
}

int nvmet_ctrl_admin(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		     size_t offset, size_t len, enum nvmet_dir dir, nvmet_cb_t cb, void *cb_arg)
{
	if (!sqe || (dir != NVMET_DIR_NONE && len && !buf))
		return -EINVAL;
	/* A Format NVM or Sanitize: verified namespaces expect nothing from here on. */
	nvmet_verify_admin_issued(ctrl, sqe);
	return admin_submit(ctrl, sqe, buf, offset, len, dir, cb, cb_arg, false);
}

static int aer_submit(struct nvmet_ctrl *ctrl)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_async_event(&sqe);
	return admin_submit(ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, NULL, NULL, true);
}

int nvmet_ctrl_aer_arm(struct nvmet_ctrl *ctrl)
{
	int ret = 0;

	while (!ret && ctrl->aer_outstanding < ctrl->aer_want)
		ret = aer_submit(ctrl);
	return ret;
}

int nvmet_ctrl_aer_arm_default(struct nvmet_ctrl *ctrl)
{
	unsigned int aerl = ctrl->id_valid ? ctrl->id[NVMET_ID_CTRL_AERL] + 1u : 1u;

	ctrl->aer_want = aerl < NVMET_AER_MAX ? aerl : NVMET_AER_MAX;
	return nvmet_ctrl_aer_arm(ctrl);
}

void nvmet_ctrl_aer_handler(struct nvmet_ctrl *ctrl, nvmet_cb_t cb, void *cb_arg)
{
	ctrl->aer_cb = cb;
	ctrl->aer_arg = cb_arg;
}

static void aer_done(struct nvmet_ctrl *ctrl, const struct nvmet_cpl *cpl)
{
	ctrl->aer_outstanding--;
	if (cpl->result)
		return;		/* aborted by a reset: re-armed after it */
	if (ctrl->aer_cb)
		ctrl->aer_cb(ctrl->aer_arg, cpl);
	/* An error status (limit exceeded, say) would only come back again. */
	if (nvmet_cqe_ok(cpl->cqe))
		aer_submit(ctrl);
}

/* Take what the admin CQ holds; returns how many. */
static int admin_reap_rings(struct nvmet_ctrl *ctrl)
{
	struct nvmet_admin *a = &ctrl->admin;
	const struct nvmet_cqe *e;
	unsigned int n = 0;
	uint64_t now = 0;

	while ((e = nvmet_cq_peek(a->cq))) {
		/* Copied: a callback may send a command and wait for it, ringing the doorbell. */
		struct nvmet_cqe cqe = *e;

		nvmet_cq_advance(a->cq);
		nvmet_cq_ring(a->cq);
		if (!n++)
			now = nvmet_now_ns();
		nvmet_sq_update_head(a->sq, &cqe);
		nvmet_trk_end(&a->trk, cqe.cid, &cqe, NVMET_CPL_DONE, now);
	}
	return (int)n;
}

/*
 * Reap from the admin rings or the transport's admin receive for up to
 * @timeout_ms, timing commands out.
 */
static int admin_poll_own(struct nvmet_ctrl *ctrl, unsigned int timeout_ms)
{
	struct nvmet_admin *a = &ctrl->admin;
	uint64_t end = nvmet_now_ns() + (uint64_t)timeout_ms * 1000000ull;
	unsigned int spins = 0;

	for (;;) {
		unsigned int before = nvmet_trk_outstanding(&a->trk);
		int n = a->sq ? admin_reap_rings(ctrl) : ctrl->tp->admin_recv(ctrl);
		uint64_t now = nvmet_now_ns();

		if (n < 0)
			return n;
		if (nvmet_trk_outstanding(&a->trk) && now >= a->trk.next_check)
			nvmet_trk_expire(&a->trk, now, (uint64_t)ctrl->timeout_ms * 1000000ull);
		if (n || nvmet_trk_outstanding(&a->trk) != before || now >= end)
			return 0;
		nvmet_backoff(spins++);
	}
}

/* Reap what the transport has finished (the module's admin queue). */
static int admin_poll_transport(struct nvmet_ctrl *ctrl, unsigned int timeout_ms)
{
	static const int result[] = {
		[0] = NVMET_CPL_DONE,
		[NVMETEST_RESULT_TIMED_OUT] = NVMET_CPL_TIMED_OUT,
		[NVMETEST_RESULT_ABORTED] = NVMET_CPL_ABORTED,
	};
	struct nvmet_admin *a = &ctrl->admin;
	struct nvmet_acpl done[16];
	int n, i;

	n = ctrl->tp->admin_reap(ctrl, done, 16, timeout_ms);
	for (i = 0; i < n; i++) {
		uint64_t tag = done[i].tag;
		uint32_t r = done[i].result;

		if (tag >= a->trk.ncid)
			continue;
		/* The module timed it from its doorbell write: its latency is the better one. */
		nvmet_trk_end(&a->trk, (uint16_t)tag, &done[i].cqe,
			      r <= NVMETEST_RESULT_ABORTED ? result[r] : NVMET_CPL_ABORTED,
			      a->trk.trk[tag].submit_ns + done[i].latency_ns);
	}
	return n < 0 ? n : 0;
}

int nvmet_ctrl_admin_poll(struct nvmet_ctrl *ctrl, unsigned int timeout_ms, uint32_t *dw0)
{
	struct nvmet_admin *a = &ctrl->admin;
	int ret;

	a->ended = 0;
	ret = a->own ? admin_poll_own(ctrl, timeout_ms) : admin_poll_transport(ctrl, timeout_ms);
	if (ret)
		return ret;
	if (a->ended && dw0)
		*dw0 = a->dw0;
	return (int)a->ended;
}

int nvmet_ctrl_waitdone(struct nvmet_ctrl *ctrl, unsigned int n, uint32_t *dw0)
{
	int got;

	if (n > ctrl->admin_outstanding)
		return -EINVAL;
	while (n) {
		got = nvmet_ctrl_admin_poll(ctrl, ADMIN_POLL_MS, dw0);
		if (got < 0)
			return got;
		n = (unsigned int)got >= n ? 0 : n - (unsigned int)got;
	}
	return 0;
}

unsigned int nvmet_ctrl_admin_outstanding(const struct nvmet_ctrl *ctrl)
{
	return ctrl->admin_outstanding;
}

/*
 * On the heap: if the wait ends in an error the command is still in flight,
 * and its callback, run by a later reap, frees what it would have filled.
 */
struct sync_wait {
	bool done;
	bool abandoned;
	int result;
	struct nvmet_cqe cqe;
};

static void sync_cb(void *arg, const struct nvmet_cpl *cpl)
{
	struct sync_wait *w = arg;

	if (w->abandoned) {
		free(w);
		return;
	}
	w->cqe = *cpl->cqe;
	w->result = cpl->result;
	w->done = true;
}

static int admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		      size_t offset, size_t len, enum nvmet_dir dir, struct nvmet_cqe *cqe,
		      int *result)
{
	struct sync_wait *w = calloc(1, sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	ret = result ? admin_submit(ctrl, sqe, buf, offset, len, dir, sync_cb, w, false) :
		       nvmet_ctrl_admin(ctrl, sqe, buf, offset, len, dir, sync_cb, w);
	if (ret) {
		free(w);
		return ret;
	}
	while (!w->done) {
		ret = nvmet_ctrl_admin_poll(ctrl, ADMIN_POLL_MS, NULL);
		if (ret < 0) {
			w->abandoned = true;
			return ret;
		}
	}
	*cqe = w->cqe;
	if (result)
		*result = w->result;
	free(w);
	return 0;
}

int nvmet_ctrl_admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_dir dir,
			  struct nvmet_cqe *cqe)
{
	return admin_sync(ctrl, sqe, buf, offset, len, dir, cqe, NULL);
}

int nvmet_ctrl_admin_wait(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  struct nvmet_cqe *cqe)
{
	int result = NVMET_CPL_DONE;
	int ret = admin_sync(ctrl, sqe, NULL, 0, 0, NVMET_DIR_NONE, cqe, &result);

	if (ret)
		return ret;
	return result == NVMET_CPL_TIMED_OUT ? -ETIMEDOUT : result == NVMET_CPL_ABORTED ? -EIO : 0;
}
