// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * discovery.c - the discovery controller (nqn.2014-08.org.nvmexpress.
 * discovery) on the same port: Identify Controller as a discovery
 * controller, the Discovery Log Page with one entry (the subsystem served,
 * at the address and port the host reached), Keep Alive, the features a
 * host sets on it, and AERs held (the log never changes).
 */
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <netdb.h>

#include "serve_priv.h"
#include "support/bytes.h"

#define DISC_LOG_LEN	(sizeof(struct nvmet_disc_log_hdr) + sizeof(struct nvmet_disc_entry))

static void disc_identify(struct srv_conn *c, uint8_t *d)
{
	nvmet_put_ascii(d + NVMET_ID_CTRL_SN, 20, "nvmet-discovery");
	nvmet_put_ascii(d + NVMET_ID_CTRL_MN, 40, "nvmet discovery controller");
	nvmet_put_ascii(d + NVMET_ID_CTRL_FR, 8, "1.0");
	nvmet_put_le16(d + NVMET_ID_CTRL_CNTLID, c->assoc->cntlid);
	nvmet_put_le32(d + NVMET_ID_CTRL_VER, 0x00010300u);
	d[NVMET_ID_CTRL_CNTRLTYPE] = NVMET_CNTRLTYPE_DISCOVERY;
	d[NVMET_ID_CTRL_AERL] = 3;
	d[NVMET_ID_CTRL_LPA] = 0x04;	/* extended data: offsets in Get Log Page */
	nvmet_put_le16(d + NVMET_ID_CTRL_KAS, 1);
	d[NVMET_ID_CTRL_SQES] = 0x66;
	d[NVMET_ID_CTRL_CQES] = 0x44;
	nvmet_put_le16(d + NVMET_ID_CTRL_MAXCMD, SRV_ADMIN_SQSIZE);
	nvmet_put_le32(d + NVMET_ID_CTRL_SGLS, (1u << 0) | (1u << 20));
	memcpy(d + NVMET_ID_CTRL_SUBNQN, NVMET_DISC_NQN, sizeof(NVMET_DISC_NQN));
	nvmet_put_le32(d + NVMET_ID_CTRL_IOCCSZ, sizeof(struct nvmet_sqe) / 16);
	nvmet_put_le32(d + NVMET_ID_CTRL_IORCSZ, sizeof(struct nvmet_cqe) / 16);
	d[NVMET_ID_CTRL_MSDBD] = 1;
}

/* The address the host reached: the listening one, or the socket's when that is a wildcard. */
static void local_addr(struct srv_conn *c, char *out, size_t len)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);

	if (strcmp(c->s->addr, "0.0.0.0") && strcmp(c->s->addr, "::")) {
		snprintf(out, len, "%s", c->s->addr);
		return;
	}
	if (getsockname(c->fd, (struct sockaddr *)&ss, &sl) ||
	    getnameinfo((struct sockaddr *)&ss, sl, out, (socklen_t)len, NULL, 0, NI_NUMERICHOST))
		snprintf(out, len, "%s", c->s->addr);
}

static void disc_log(struct srv_conn *c, uint8_t *log)
{
	struct nvmet_disc_log_hdr *h = (void *)log;
	struct nvmet_disc_entry *e = (void *)(log + sizeof(*h));
	char addr[sizeof(e->traddr)];

	h->genctr = 1;
	h->numrec = 1;
	e->trtype = NVMET_TRTYPE_TCP;
	e->adrfam = c->s->ipv6 ? NVMET_ADRFAM_IPV6 : NVMET_ADRFAM_IPV4;
	e->subtype = NVMET_SUBTYPE_NVME;
	e->treq = NVMET_TREQ_NOT_REQUIRED;
	e->portid = 1;
	e->cntlid = NVMET_CNTLID_DYNAMIC;
	e->asqsz = SRV_ADMIN_SQSIZE;
	snprintf(e->trsvcid, sizeof(e->trsvcid), "%d", c->s->port);
	snprintf(e->subnqn, sizeof(e->subnqn), "%s", c->s->nqn);
	local_addr(c, addr, sizeof(addr));
	snprintf(e->traddr, sizeof(e->traddr), "%s", addr);
	e->sectype = NVMET_TCP_SECTYPE_NONE;
}

static uint16_t get_log(struct srv_conn *c, struct srv_cmd *cmd)
{
	const struct nvmet_sqe_get_log *g = &cmd->ec.sqe.get_log;
	uint8_t log[DISC_LOG_LEN];
	uint64_t bytes = (((uint64_t)g->numdu << 16 | g->numdl) + 1) * 4;

	if (g->lid != NVMET_LOG_DISCOVERY || g->lpo % 4)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!cmd->buf || bytes > cmd->len || cmd->write)
		return ST_GENERIC(NVMET_SC_SGL_LENGTH);
	memset(log, 0, sizeof(log));
	disc_log(c, log);
	/* Past the end of the log reads zeros (the staging buffer's). */
	if (g->lpo < sizeof(log))
		memcpy(cmd->buf, log + g->lpo,
		       sizeof(log) - g->lpo < bytes ? sizeof(log) - g->lpo : bytes);
	return 0;
}

void srv_discovery_exec(struct srv_conn *c, struct srv_cmd *cmd)
{
	const struct nvmet_sqe *sqe = &cmd->ec.sqe;
	struct srv_assoc *a = c->assoc;
	uint8_t fid = (uint8_t)sqe->cdw10;
	uint16_t st = 0;
	uint64_t result = 0;

	if (!(a->csts & NVMET_CSTS_RDY) || c->qid)
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
	switch (sqe->opc) {
	case NVMET_ADM_IDENTIFY:
		if (sqe->identify.cns != NVMET_CNS_CTRL)
			st = ST_GENERIC(NVMET_SC_INVALID_FIELD);
		else if (!cmd->buf || cmd->write || cmd->len < 4096)
			st = ST_GENERIC(NVMET_SC_SGL_LENGTH);
		else
			disc_identify(c, cmd->buf);
		break;
	case NVMET_ADM_GET_LOG_PAGE:
		st = get_log(c, cmd);
		break;
	case NVMET_ADM_KEEP_ALIVE:
		srv_keep_alive(c->s, a);
		break;
	case NVMET_ADM_SET_FEATURES:
		if (fid == NVMET_FEAT_KEEP_ALIVE)
			a->kato_ms = sqe->cdw11;
		else if (fid != NVMET_FEAT_ASYNC_EVENT)
			st = ST_GENERIC(NVMET_SC_INVALID_FIELD);
		break;
	case NVMET_ADM_GET_FEATURES:
		if (fid == NVMET_FEAT_KEEP_ALIVE)
			result = a->kato_ms;
		else if (fid != NVMET_FEAT_ASYNC_EVENT)
			st = ST_GENERIC(NVMET_SC_INVALID_FIELD);
		break;
	case NVMET_ADM_ASYNC_EVENT:
		return;	/* held: the log page never changes; freed with the queue */
	default:
		st = ST_GENERIC(NVMET_SC_INVALID_OPCODE);
		break;
	}
	if (st) {
		/* No data goes with a failed command. */
		cmd->len = 0;
	}
	srv_reply(c, cmd, st, result);
}
