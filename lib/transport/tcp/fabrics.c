// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fabrics.c - the commands the transport sends on its own CIDs: Connect
 * (the admin queue's makes the association, each I/O queue's joins it),
 * Property Get and Set (what the register calls become) and Keep Alive.
 */
#include <errno.h>
#include <string.h>

#include <nvmet/cmd.h>
#include <nvmet/names.h>

#include "support/clock.h"
#include "support/error.h"
#include "tcp.h"

/* Connect's CATTR: the host does not need SQ head pointers (C2HData SUCCESS may end a read). */
#define CATTR_DISABLE_SQFLOW	0x04

static void status_error(const char *what, uint32_t arg, const struct nvmet_cqe *cqe)
{
	char st[96];

	nvmet_status_snprint(st, sizeof(st), cqe->status);
	nvmet_set_error("tcp: %s %#x: %s (DW0 %#x)", what, arg, st, cqe->dw0);
}

int tcp_fabrics_connect(struct tcp_ctrl *tc, struct tcp_queue *q, uint32_t depth)
{
	struct nvmet_connect_data d;
	struct nvmet_fabrics_cmd *f;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	tcp_cmd_connect(&sqe, 0, q->qid, depth, q->qid ? 0 : tc->addr.kato_ms);
	f = (struct nvmet_fabrics_cmd *)&sqe;
	if (q->qid)
		f->connect.cattr |= CATTR_DISABLE_SQFLOW;
	tcp_connect_data(&d, tc->addr.hostid, q->qid ? tc->cntlid : NVMET_CNTLID_DYNAMIC,
			 tc->addr.subnqn, tc->addr.hostnqn);
	ret = tcp_queue_own_cmd(q, TCP_CID_SYNC, &sqe, &d, sizeof(d), true, &cqe);
	if (ret)
		return ret;
	if (!nvmet_cqe_ok(&cqe)) {
		/* Connect Invalid Parameters: DW0 names the field (bit 16: in the data). */
		status_error("Connect of queue", q->qid, &cqe);
		return -ECONNREFUSED;
	}
	if (!q->qid)
		tc->cntlid = (uint16_t)cqe.dw0;
	return 0;
}

static int prop(struct tcp_ctrl *tc, bool set, uint32_t off, unsigned int width, uint64_t *val)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	if (width != 4 && width != 8)
		return -EINVAL;
	/* A program that only watches registers keeps its association too. */
	ret = tcp_keep_alive(tc, nvmet_now_ns());
	if (ret)
		return ret;
	tcp_cmd_property(&sqe, 0, set, off, width, set ? *val : 0);
	ret = tcp_queue_own_cmd(&tc->admin, TCP_CID_SYNC, &sqe, NULL, 0, false, &cqe);
	if (ret)
		return ret;
	if (!nvmet_cqe_ok(&cqe)) {
		status_error(set ? "Property Set" : "Property Get", off, &cqe);
		return -EIO;
	}
	if (!set)
		*val = width == 8 ? (uint64_t)cqe.dw1 << 32 | cqe.dw0 : cqe.dw0;
	return 0;
}

int tcp_prop_get(struct tcp_ctrl *tc, uint32_t off, unsigned int width, uint64_t *val)
{
	return prop(tc, false, off, width, val);
}

int tcp_prop_set(struct tcp_ctrl *tc, uint32_t off, unsigned int width, uint64_t val)
{
	return prop(tc, true, off, width, &val);
}

int tcp_keep_alive(struct tcp_ctrl *tc, uint64_t now)
{
	struct tcp_queue *q = &tc->admin;
	struct nvmet_sqe sqe;

	if (!tc->kato_next || now < tc->kato_next || q->xfer[q->ncid + TCP_CID_KA].busy)
		return 0;
	/* Twice per KATO, as Linux's host does: one late answer costs nothing. */
	tc->kato_next = now + (uint64_t)tc->addr.kato_ms * 500000ull;
	nvmet_cmd_keep_alive(&sqe);
	sqe.cid = (uint16_t)(q->ncid + TCP_CID_KA);
	return tcp_queue_send_cmd(q, &sqe, NULL, 0, false);
}
