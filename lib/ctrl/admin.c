// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin.c - asynchronous admin commands with callbacks, waitdone,
 * the synchronous helper, and the Asynchronous Event Requests the library
 * keeps outstanding.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/cmd.h>

#include "ctrl_priv.h"
#include "workload/verify_priv.h"

/* How long one reap waits before waitdone looks again. */
#define ADMIN_POLL_MS	100

/*
 * Send a command with a request to track it (a callback, or an AER the
 * library keeps), and count it.
 */
static int admin_submit(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_dir dir,
			nvmet_cb_t cb, void *cb_arg, bool aer, uint32_t timeout_ms)
{
	enum nvmet_tdir tdir = dir == NVMET_DIR_TO_DEV ? NVMET_TDIR_TO_DEV :
			       dir == NVMET_DIR_FROM_DEV ? NVMET_TDIR_FROM_DEV : NVMET_TDIR_NONE;
	struct nvmet_areq *req = calloc(1, sizeof(*req));
	int ret;

	if (!req)
		return -ENOMEM;
	req->cb = cb;
	req->arg = cb_arg;
	req->aer = aer;
	ret = ctrl->tp->admin_submit(ctrl, sqe, buf, offset, len, tdir, timeout_ms,
				     (uint64_t)(uintptr_t)req);
	if (ret) {
		free(req);
		return ret;
	}
	/* Kept on a list too, for when the controller goes away with them. */
	req->next = ctrl->areqs;
	if (ctrl->areqs)
		ctrl->areqs->prev = req;
	ctrl->areqs = req;
	if (aer)
		ctrl->aer_outstanding++;
	else
		ctrl->admin_outstanding++;
	return 0;
}

static void areq_unlink(struct nvmet_ctrl *ctrl, struct nvmet_areq *req)
{
	if (req->prev)
		req->prev->next = req->next;
	else
		ctrl->areqs = req->next;
	if (req->next)
		req->next->prev = req->prev;
}

void nvmet_ctrl_admin_forget(struct nvmet_ctrl *ctrl)
{
	struct nvmet_cqe ones;

	memset(&ones, 0xff, sizeof(ones));
	while (ctrl->areqs) {
		struct nvmet_areq *req = ctrl->areqs;

		areq_unlink(ctrl, req);
		if (!req->aer && req->cb)
			req->cb(req->arg, &ones);
		free(req);
	}
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
	return admin_submit(ctrl, sqe, buf, offset, len, dir, cb, cb_arg, false,
			    ctrl->timeout_ms);
}

static int aer_submit(struct nvmet_ctrl *ctrl)
{
	struct nvmet_sqe sqe;

	nvmet_cmd_async_event(&sqe);
	/* An AER completes only on an event: no timeout. */
	return admin_submit(ctrl, &sqe, NULL, 0, 0, NVMET_DIR_NONE, NULL, NULL, true, 0);
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

/* An AER came back: tell the handler and, unless it failed, arm another. */
static void aer_done(struct nvmet_ctrl *ctrl, const struct nvmet_acpl *c)
{
	ctrl->aer_outstanding--;
	if (c->result)
		return;		/* aborted by a reset: re-armed after it */
	if (ctrl->aer_cb)
		ctrl->aer_cb(ctrl->aer_arg, &c->cqe);
	/* An error status (limit exceeded, say) would only come back again. */
	if (NVMET_CQE_STATUS(c->cqe.status) == 0)
		aer_submit(ctrl);
}

int nvmet_ctrl_admin_poll(struct nvmet_ctrl *ctrl, unsigned int timeout_ms, uint32_t *dw0)
{
	struct nvmet_acpl done[16];
	int n, i, mine = 0;

	n = ctrl->tp->admin_reap(ctrl, done, 16, timeout_ms);
	for (i = 0; i < n; i++) {
		struct nvmet_areq *req = (struct nvmet_areq *)(uintptr_t)done[i].tag;

		areq_unlink(ctrl, req);
		ctrl->latest_cid = done[i].cqe.cid;
		ctrl->latest_latency_ns = done[i].latency_ns;
		if (req->aer) {
			aer_done(ctrl, &done[i]);
		} else {
			ctrl->admin_outstanding--;
			mine++;
			if (dw0)
				*dw0 = done[i].cqe.dw0;
			if (req->cb)
				req->cb(req->arg, &done[i].cqe);
		}
		free(req);
	}
	return n < 0 ? n : mine;
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
	struct nvmet_cqe cqe;
};

static void sync_cb(void *arg, const struct nvmet_cqe *cqe)
{
	struct sync_wait *w = arg;

	if (w->abandoned) {
		free(w);
		return;
	}
	w->cqe = *cqe;
	w->done = true;
}

int nvmet_ctrl_admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_dir dir,
			  struct nvmet_cqe *cqe)
{
	struct sync_wait *w = calloc(1, sizeof(*w));
	int ret;

	if (!w)
		return -ENOMEM;
	ret = nvmet_ctrl_admin(ctrl, sqe, buf, offset, len, dir, sync_cb, w);
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
	free(w);
	return 0;
}
