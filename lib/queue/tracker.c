// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tracker.c - a queue's command tracker, the parts off the per-command
 * path: setting it up, timeouts, aborts, and the end of a command of a
 * verified namespace.
 */
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "workload/verify_priv.h"

const struct nvmet_cqe nvmet_cqe_ones = {
	.dw0 = 0xffffffff, .dw1 = 0xffffffff, .sqhd = 0xffff, .sqid = 0xffff, .cid = 0xffff,
	.status = 0xffff,
};

static void trk_free_all(struct nvmet_tracker *t)
{
	unsigned int i;

	/* The first command takes CID 0. */
	t->nfree = 0;
	for (i = t->ncid; i-- > 0;) {
		t->trk[i].flags = 0;
		t->free[t->nfree++] = (uint16_t)i;
	}
	t->log.hdr->outstanding = 0;
}

int nvmet_trk_init(struct nvmet_tracker *t, uint16_t sqid, unsigned int ncid, void *log_region,
		   uint32_t log_entries)
{
	memset(t, 0, sizeof(*t));
	t->trk = calloc(ncid, sizeof(*t->trk));
	t->free = calloc(ncid, sizeof(*t->free));
	if (!t->trk || !t->free) {
		nvmet_trk_fini(t);
		return -ENOMEM;
	}
	t->ncid = ncid;
	t->sqid = sqid;
	nvmet_cmdlog_init(&t->log, log_region, log_entries);
	trk_free_all(t);
	return 0;
}

void nvmet_trk_fini(struct nvmet_tracker *t)
{
	free(t->trk);
	free(t->free);
	free(t->vcmd);
	t->trk = NULL;
	t->free = NULL;
	t->vcmd = NULL;
}

void nvmet_trk_abort_all(struct nvmet_tracker *t, uint64_t now)
{
	unsigned int cid;

	for (cid = 0; cid < t->ncid; cid++)
		if ((t->trk[cid].flags & (NVMET_TRK_BUSY | NVMET_TRK_TIMED_OUT)) == NVMET_TRK_BUSY)
			nvmet_trk_end(t, (uint16_t)cid, NULL, NVMET_CPL_ABORTED, now);
	/* The queue starts over: every CID is free again, timed out ones too. */
	if (t->vcmd)
		memset(t->vcmd, 0, t->ncid * sizeof(*t->vcmd));
	trk_free_all(t);
}

void nvmet_trk_expire(struct nvmet_tracker *t, uint64_t now, uint64_t limit_ns)
{
	unsigned int cid;

	t->next_check = now + NVMET_TRK_CHECK_NS;
	for (cid = 0; cid < t->ncid; cid++) {
		const struct nvmet_trk *k = &t->trk[cid];

		if ((k->flags & (NVMET_TRK_BUSY | NVMET_TRK_TIMED_OUT | NVMET_TRK_NO_TIMEOUT)) ==
		    NVMET_TRK_BUSY && now - k->submit_ns > limit_ns)
			nvmet_trk_end(t, (uint16_t)cid, NULL, NVMET_CPL_TIMED_OUT, now);
	}
}

int nvmet_trk_vcmd_ready(struct nvmet_tracker *t)
{
	if (!t->vcmd)
		t->vcmd = calloc(t->ncid, sizeof(*t->vcmd));
	return t->vcmd ? 0 : -ENOMEM;
}

void nvmet_trk_vcmd_attach(struct nvmet_tracker *t, uint16_t cid, const struct nvmet_vcmd *vc)
{
	t->vcmd[cid] = *vc;
	t->trk[cid].flags |= NVMET_TRK_VCMD;
}

/* The end of a command with verification: the table first, then the callback. */
static void trk_end_verified(struct nvmet_tracker *t, uint16_t cid, nvmet_cb_t cb, void *arg,
			     const struct nvmet_cpl *cpl)
{
	struct nvmet_vcmd vc = t->vcmd[cid];
	struct nvmet_cpl seen_cpl = *cpl;
	struct nvmet_cqe seen;

	/* The table first: the callback may read or write those LBAs again. */
	t->vcmd[cid].ns = NULL;
	seen = *cpl->cqe;
	nvmet_vcmd_complete(&vc, &seen);
	seen_cpl.cqe = &seen;
	if (cb)
		cb(arg, &seen_cpl);
}

bool nvmet_trk_end_other(struct nvmet_tracker *t, uint16_t cid, const struct nvmet_cqe *cqe,
			 int result, uint64_t now)
{
	static const uint32_t log_flag[] = {
		[NVMET_CPL_DONE] = NVMETEST_CMDLOG_DONE,
		[NVMET_CPL_TIMED_OUT] = NVMETEST_CMDLOG_TIMED_OUT,
		[NVMET_CPL_ABORTED] = NVMETEST_CMDLOG_ABORTED,
	};
	struct nvmet_trk *k = &t->trk[cid];
	uint32_t flags = k->flags;
	struct nvmet_cpl cpl;
	nvmet_cb_t cb = k->cb;
	void *arg = k->arg;

	if (!(flags & NVMET_TRK_BUSY))
		return false;
	nvmet_cmdlog_end(k->log, k->log_seq, result == NVMET_CPL_DONE ? cqe : NULL,
			 log_flag[result], now);
	if (flags & NVMET_TRK_TIMED_OUT) {
		/* The late completion of a command already reported. */
		if (cqe)
			nvmet_trk_release(t, cid);
		return false;
	}
	cpl.cqe = cqe ? cqe : &nvmet_cqe_ones;
	cpl.submit_ns = k->submit_ns;
	cpl.complete_ns = now;
	cpl.sqid = t->sqid;
	cpl.cid = cid;
	cpl.result = result;
	if (cqe || result != NVMET_CPL_TIMED_OUT)
		nvmet_trk_release(t, cid);
	else
		k->flags = flags | NVMET_TRK_TIMED_OUT;
	t->log.hdr->outstanding--;
	t->log.hdr->completed++;
	t->log.hdr->latency_ns += now - cpl.submit_ns;
	if (flags & NVMET_TRK_VCMD)
		trk_end_verified(t, cid, cb, arg, &cpl);
	else if (cb)
		cb(arg, &cpl);
	return true;
}
