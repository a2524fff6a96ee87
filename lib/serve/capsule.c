// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * capsule.c - commands over NVMe/TCP: a capsule takes a command slot of
 * its queue; its data is staged before it runs (in-capsule data copied,
 * or asked for with one R2T and gathered from H2CData PDUs), then the core
 * runs it and hands the completion back through this front end, which
 * sends the data the command produced as C2HData (with SUCCESS standing
 * for the CapsuleResp when the host disabled SQ flow control) and the
 * CapsuleResp. The core reaches a command's data through data_map: the
 * staging buffer.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

void srv_cmd_free(struct srv_cmd *cmd)
{
	free(cmd->buf);
	cmd->buf = NULL;
	cmd->busy = false;
	cmd->len = 0;
	cmd->got = 0;
	cmd->bad = false;
}

void srv_complete(struct srv_conn *c, struct srv_cmd *cmd)
{
	uint8_t pre[TCP_PDU_PREFIX_MAX];
	struct nvmet_cqe *cqe = &cmd->ec.cqe;
	bool ok = !(cqe->status & 0xfffe);

	if (ok && !cmd->write && cmd->len && cmd->buf) {
		bool success = c->sqflow_off && !cqe->dw0 && !cqe->dw1;
		uint32_t off;

		for (off = 0; off < cmd->len; off += SRV_C2H_CHUNK) {
			uint32_t n = cmd->len - off < SRV_C2H_CHUNK ? cmd->len - off : SRV_C2H_CHUNK;
			uint8_t flags = 0;

			if (off + n == cmd->len)
				flags = NVMET_TCP_F_DATA_LAST | (success ? NVMET_TCP_F_DATA_SUCCESS : 0);
			srv_send(c, pre, tcp_pdu_data(pre, &c->prm, NVMET_TCP_C2H_DATA, flags,
						      cmd->ec.sqe.cid, 0, off, n),
				 cmd->buf + off, n);
		}
		if (success) {
			srv_cmd_free(cmd);
			return;
		}
	}
	srv_send(c, pre, tcp_pdu_rsp(pre, &c->prm, cqe), NULL, 0);
	srv_cmd_free(cmd);
}

void srv_reply(struct srv_conn *c, struct srv_cmd *cmd, uint16_t st, uint64_t result)
{
	struct nvmet_cqe *cqe = &cmd->ec.cqe;

	memset(cqe, 0, sizeof(*cqe));
	cqe->dw0 = (uint32_t)result;
	cqe->dw1 = (uint32_t)(result >> 32);
	cqe->status = st;
	cqe->cid = cmd->ec.sqe.cid;
	cqe->sqid = c->qid;
	cqe->sqhd = c->sqhd;
	srv_complete(c, cmd);
}

/* Run a command whose data is in: the discovery controller's, or the core's. */
static void execute(struct srv_conn *c, struct srv_cmd *cmd)
{
	struct nvmet_serve *s = c->s;
	struct srv_assoc *a = c->assoc;

	if (cmd->bad) {
		srv_reply(c, cmd, ST_GENERIC(NVMET_SC_TRANSIENT_TRANSPORT), 0);
		return;
	}
	if (a->discovery) {
		srv_discovery_exec(c, cmd);
		return;
	}
	if (!emu_ready(s->emu)) {
		srv_reply(c, cmd, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
		return;
	}
	if (!c->qid && cmd->ec.sqe.opc == NVMET_ADM_KEEP_ALIVE)
		srv_keep_alive(s, a);
	cmd->ec.sqid = c->qid;
	cmd->ec.fetch_ns = nvmet_now_ns();
	s->cur = cmd;
	emu_core_run(s->emu, &cmd->ec, NULL);
	s->cur = NULL;
}

static struct srv_cmd *slot_get(struct srv_conn *c)
{
	unsigned int i;

	for (i = 0; i < c->sqsize; i++)
		if (!c->cmds[i].busy) {
			memset(&c->cmds[i], 0, sizeof(c->cmds[i]));
			c->cmds[i].busy = true;
			return &c->cmds[i];
		}
	return NULL;
}

/* Where the command's data comes from and goes: 0, or the status to fail it with. */
static uint16_t stage(struct srv_cmd *cmd, const uint8_t *data, uint32_t dlen)
{
	const struct nvmet_sqe *sqe = &cmd->ec.sqe;
	const struct nvmet_sgl_desc *d = &sqe->sgl;

	if ((sqe->flags & NVMET_SQE_PSDT_MASK) != NVMET_SQE_PSDT_SGL || !d->len)
		return 0;	/* no data: what the core needs and cannot have fails there */
	if ((sqe->opc & 3) == 3)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* bidirectional */
	if (d->len > SRV_XFER_MAX)
		return ST_GENERIC(NVMET_SC_SGL_LENGTH);
	cmd->write = sqe->opc & 1;
	cmd->len = d->len;
	if (d->id == NVMET_SGL_INCAPSULE) {
		if (!cmd->write)
			return ST_GENERIC(NVMET_SC_SGL_TYPE);
		if (d->addr > dlen || d->len > dlen - d->addr)
			return ST_GENERIC(NVMET_SC_SGL_LENGTH);
		cmd->buf = malloc(d->len);
		if (!cmd->buf)
			return ST_GENERIC(NVMET_SC_INTERNAL);
		memcpy(cmd->buf, data + d->addr, d->len);
		cmd->got = d->len;
		return 0;
	}
	if (d->id != NVMET_SGL_TCP_DATA)
		return ST_GENERIC(NVMET_SC_SGL_TYPE);
	/* Zeroed: what the command does not write of it is not the heap's old contents. */
	cmd->buf = cmd->write ? malloc(d->len) : calloc(1, d->len);
	return cmd->buf ? 0 : ST_GENERIC(NVMET_SC_INTERNAL);
}

static void capsule(struct srv_conn *c, const struct nvmet_tcp_cmd *pc, const uint8_t *data,
		    uint32_t dlen, bool bad)
{
	struct srv_cmd one, *cmd;
	uint16_t st;

	if (c->sqsize)
		c->sqhd = (uint16_t)((c->sqhd + 1) % c->sqsize);
	memset(&one, 0, sizeof(one));
	one.ec.sqe = pc->sqe;
	if (pc->sqe.opc == NVMET_FABRICS_OPC) {
		if (bad)
			srv_reply(c, &one, ST_GENERIC(NVMET_SC_TRANSIENT_TRANSPORT), 0);
		else
			srv_fabrics(c, &one, data, dlen);
		return;
	}
	if (!c->assoc) {
		srv_reply(c, &one, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
		return;
	}
	cmd = slot_get(c);
	if (!cmd) {
		/* More outstanding than the queue's size: the host broke the SQ's flow control. */
		srv_reply(c, &one, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
		return;
	}
	cmd->ec.sqe = pc->sqe;
	cmd->ec.sqid = c->qid;
	cmd->bad = bad;
	st = stage(cmd, data, dlen);
	if (st) {
		srv_reply(c, cmd, st, 0);
		return;
	}
	if (cmd->write && cmd->got < cmd->len) {
		uint8_t pre[TCP_PDU_PREFIX_MAX];

		srv_send(c, pre, tcp_pdu_r2t(pre, &c->prm, cmd->ec.sqe.cid,
					     (uint16_t)(cmd - c->cmds), 0, cmd->len), NULL, 0);
		return;
	}
	execute(c, cmd);
}

bool srv_h2c_dest(struct srv_conn *c, const struct nvmet_tcp_data *d, uint8_t **dst)
{
	struct srv_cmd *cmd = d->ttag < c->sqsize ? &c->cmds[d->ttag] : NULL;

	if (!cmd || !cmd->busy || !cmd->write || cmd->got >= cmd->len ||
	    cmd->ec.sqe.cid != d->cid) {
		srv_conn_fatal(c, NVMET_TCP_FES_INVALID_HDR, offsetof(struct nvmet_tcp_data, ttag),
			       "H2CData for no R2T of this queue");
		return false;
	}
	if (d->offset != cmd->got || d->length > cmd->len - cmd->got) {
		srv_conn_fatal(c, NVMET_TCP_FES_DATA_RANGE, offsetof(struct nvmet_tcp_data, offset),
			       "H2CData outside what the R2T asked for");
		return false;
	}
	*dst = cmd->buf + d->offset;
	return true;
}

static void h2c_data(struct srv_conn *c, const struct nvmet_tcp_data *d, const uint8_t *data,
		     uint32_t len, bool bad)
{
	struct srv_cmd *cmd;
	uint8_t *dst;

	/* Again: a tap may have changed the header, or held the PDU while others came. */
	if (!srv_h2c_dest(c, d, &dst))
		return;
	cmd = &c->cmds[d->ttag];
	if (dst != data)
		memcpy(dst, data, len);
	cmd->got += len;
	cmd->bad |= bad;
	if (cmd->got == cmd->len)
		execute(c, cmd);
}

static void icreq(struct srv_conn *c, const struct nvmet_tcp_icreq *ic)
{
	uint8_t resp[sizeof(struct nvmet_tcp_icresp)];
	uint8_t digest = ic->digest & (NVMET_TCP_DIGEST_HDR | NVMET_TCP_DIGEST_DATA);

	/* Data we send is aligned as the host asks; we ask for none (CPDA 0). */
	c->prm.tx_pda = ic->hpda;
	srv_send(c, resp, tcp_pdu_icresp(resp, 0, digest, SRV_MAXH2CDATA), NULL, 0);
	c->prm.hdgst = digest & NVMET_TCP_DIGEST_HDR;
	c->prm.ddgst = digest & NVMET_TCP_DIGEST_DATA;
}

void srv_pdu(struct srv_conn *c, const uint8_t *hdr, uint8_t *data, uint32_t len, bool bad_ddgst)
{
	const struct nvmet_tcp_term *t = (const void *)hdr;

	switch (hdr[0]) {
	case NVMET_TCP_ICREQ:
		icreq(c, (const void *)hdr);
		break;
	case NVMET_TCP_H2C_TERM:
		srv_log(c->s, "%s: queue %u: the host ended the connection (TermReq FES %u)",
			c->peer, c->qid, t->fes);
		c->dead = true;
		break;
	case NVMET_TCP_CMD:
		capsule(c, (const void *)hdr, data, len, bad_ddgst);
		break;
	case NVMET_TCP_H2C_DATA:
		h2c_data(c, (const void *)hdr, data, len, bad_ddgst);
		break;
	default:
		break;	/* the parser lets no other type through */
	}
}

/* ---- the front end the core calls ------------------------------------------ */

static struct srv_conn *io_conn(struct nvmet_serve *s, uint16_t qid)
{
	struct srv_assoc *a = s->io;

	return a && qid <= a->max_qid ? a->q[qid] : NULL;
}

/* The slot of a command the core names by its entry (a held one: by CID and contents). */
static struct srv_cmd *find_cmd(struct nvmet_serve *s, struct srv_conn *c,
				const struct nvmet_sqe *sqe)
{
	unsigned int i;

	if (s->cur && &s->cur->ec.sqe == sqe)
		return s->cur;
	for (i = 0; c && i < c->sqsize; i++)
		if (c->cmds[i].busy && c->cmds[i].ec.sqe.cid == sqe->cid &&
		    !memcmp(&c->cmds[i].ec.sqe, sqe, sizeof(*sqe)))
			return &c->cmds[i];
	return NULL;
}

static uint16_t fe_enable(void *fe, uint32_t asqs, uint32_t acqs, uint64_t asq, uint64_t acq)
{
	(void)fe, (void)asqs, (void)acqs, (void)asq, (void)acq;
	return 0;	/* the admin queue is the connection that enabled it */
}

/* A controller reset: what waits on the queues (AERs, R2Ts) goes; the connections stay. */
static void fe_reset(void *fe)
{
	struct nvmet_serve *s = fe;
	unsigned int q, i;

	for (q = 0; s->io && q <= s->io->max_qid; q++) {
		struct srv_conn *c = s->io->q[q];

		for (i = 0; c && i < c->sqsize; i++)
			if (c->cmds[i].busy && &c->cmds[i] != s->cur)
				srv_cmd_free(&c->cmds[i]);
	}
}

static uint16_t fe_sq_head(void *fe, uint16_t sqid)
{
	struct srv_conn *c = io_conn(fe, sqid);

	return c ? c->sqhd : 0;
}

static void fe_post(void *fe, struct emu_cmd *ec)
{
	struct nvmet_serve *s = fe;
	struct srv_conn *c = io_conn(s, ec->sqid);
	struct srv_cmd *cmd = find_cmd(s, c, &ec->sqe);

	if (!c || !cmd)
		return;	/* its queue went: nobody to tell */
	if (&cmd->ec != ec)
		cmd->ec.cqe = ec->cqe;
	srv_complete(c, cmd);
}

static uint16_t fe_data_map(void *fe, const struct nvmet_sqe *sqe, size_t len, bool admin,
			    struct emu_sg *sg)
{
	struct nvmet_serve *s = fe;
	struct srv_cmd *cmd = s->cur && &s->cur->ec.sqe == sqe ? s->cur : NULL;
	unsigned int q;

	(void)admin;
	for (q = 0; !cmd && s->io && q <= s->io->max_qid; q++)
		cmd = find_cmd(s, s->io->q[q], sqe);
	if (!cmd || !cmd->buf || len > cmd->len)
		return ST_GENERIC(NVMET_SC_SGL_LENGTH);
	return emu_sg_add(sg, cmd->buf, len) ? ST_GENERIC(NVMET_SC_INTERNAL) : 0;
}

/* Queues come and go with Connect and the connections, never by command. */
static uint16_t fe_no_queue_cmd(void *fe, const struct nvmet_sqe *sqe, unsigned int max_qid)
{
	(void)fe, (void)sqe, (void)max_qid;
	return ST_GENERIC(NVMET_SC_INVALID_OPCODE);
}

static uint16_t fe_no_delete(void *fe, uint16_t qid)
{
	(void)fe, (void)qid;
	return ST_GENERIC(NVMET_SC_INVALID_OPCODE);
}

static bool fe_io_queues(void *fe)
{
	struct nvmet_serve *s = fe;
	unsigned int q;

	for (q = 1; s->io && q <= s->io->max_qid; q++)
		if (s->io->q[q])
			return true;
	return false;
}

static void fe_pci_ids(void *fe, uint8_t ids[8])
{
	(void)fe;
	memset(ids, 0, 8);	/* no PCI function */
}

const struct emu_frontend_ops srv_fe_ops = {
	.enable = fe_enable,
	.reset = fe_reset,
	.sq_head = fe_sq_head,
	.post = fe_post,
	.data_map = fe_data_map,
	.create_cq = fe_no_queue_cmd,
	.create_sq = fe_no_queue_cmd,
	.delete_cq = fe_no_delete,
	.delete_sq = fe_no_delete,
	.io_queues = fe_io_queues,
	.pci_ids = fe_pci_ids,
	.kick = srv_kick,
	.quiesce = srv_quiesce,
};
