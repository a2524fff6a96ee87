// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fabrics.c - the Fabrics command set and associations: Connect makes an
 * association (the admin queue, a dynamic controller ID, the host's NQN
 * and KATO) or adds an I/O queue to one; Property Get and Set reach the
 * core's register file (the nvme:regread and nvme:regwrite taps see them,
 * and CC's enable and shutdown handshakes happen as on PCIe) or the
 * discovery controller's; Disconnect closes a queue. An association ends
 * when its admin queue closes, when its keep-alive timer expires (its
 * connections close, as Linux's target does), or when another admin Connect
 * takes the emulated controller over; the controller is then reset.
 */
#include <stdlib.h>
#include <string.h>

#include "serve_priv.h"

#define DISC_CAP	((uint64_t)(SRV_ADMIN_SQSIZE - 1) | (1ull << 16) | (4ull << 24))
#define DISC_VS		0x00010300u	/* NVMe 1.3 */

static void attach(struct srv_conn *c, struct srv_assoc *a, uint16_t qid, uint16_t sqsize)
{
	c->assoc = a;
	c->qid = qid;
	c->sqsize = sqsize;
	c->sqhd = (uint16_t)(1 % sqsize);	/* the Connect itself was taken */
	a->q[qid] = c;
}

static uint16_t next_cntlid(struct nvmet_serve *s)
{
	uint16_t id = s->next_cntlid++;

	if (s->next_cntlid >= 0xfff0)	/* FFF0h and up are reserved */
		s->next_cntlid = 1;
	return id;
}

static void invalid(struct srv_conn *c, struct srv_cmd *cmd, uint32_t ipo)
{
	srv_reply(c, cmd, ST_CMD(NVMET_SC_CONNECT_INVALID), ipo);
}

static bool nqn_ok(const char *nqn)
{
	return memchr(nqn, '\0', NVMET_NQN_LEN) && nqn[0];
}

static void connect_admin(struct srv_conn *c, struct srv_cmd *cmd, const struct nvmet_fabrics_cmd *f,
			  const struct nvmet_connect_data *cd)
{
	struct nvmet_serve *s = c->s;
	bool disc = !strcmp(cd->subnqn, NVMET_DISC_NQN);
	uint16_t sqsize = (uint16_t)(f->connect.sqsize + 1);
	struct srv_assoc *a;

	if (sqsize > SRV_ADMIN_SQSIZE)
		return invalid(c, cmd, NVMET_CONNECT_IPO_SQE(offsetof(struct nvmet_fabrics_cmd,
								     connect.sqsize)));
	if (cd->cntlid != NVMET_CNTLID_DYNAMIC)	/* the dynamic controller model only */
		return invalid(c, cmd, NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								      cntlid)));
	if (!disc && strcmp(cd->subnqn, s->nqn))
		return invalid(c, cmd, NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								      subnqn)));
	a = calloc(1, sizeof(*a));
	if (a)
		a->q = calloc(disc ? 1 : s->emu->opts.queues + 1, sizeof(*a->q));
	c->cmds = a && a->q ? calloc(sqsize, sizeof(*c->cmds)) : NULL;
	if (!c->cmds) {
		if (a)
			free(a->q);
		free(a);
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INTERNAL), 0);
	}
	a->discovery = disc;
	a->max_qid = disc ? 0 : s->emu->opts.queues;
	a->cntlid = next_cntlid(s);
	memcpy(a->hostnqn, cd->hostnqn, sizeof(a->hostnqn));
	memcpy(a->hostid, cd->hostid, sizeof(a->hostid));
	a->kato_ms = f->connect.kato;
	a->ka_deadline_ns = nvmet_now_ns() + (uint64_t)a->kato_ms * 1000000ull;
	if (!disc) {
		if (s->io)
			srv_assoc_end(s, s->io, "another admin Connect takes the controller");
		s->io = a;
		emu_core_fabrics_cntlid(s->emu, a->cntlid, a->hostid);
	}
	attach(c, a, 0, sqsize);
	srv_log(s, "%s: %s controller %u for %s (KATO %u ms)", c->peer,
		disc ? "discovery" : s->nqn, a->cntlid, a->hostnqn, a->kato_ms);
	srv_reply(c, cmd, 0, a->cntlid);
}

static void connect_io(struct srv_conn *c, struct srv_cmd *cmd, const struct nvmet_fabrics_cmd *f,
		       const struct nvmet_connect_data *cd)
{
	struct nvmet_serve *s = c->s;
	struct srv_assoc *a = s->io;
	uint16_t qid = f->connect.qid, sqsize = (uint16_t)(f->connect.sqsize + 1);

	if (!a || a->cntlid != cd->cntlid || strcmp(cd->subnqn, s->nqn))
		return invalid(c, cmd, NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								      cntlid)));
	if (strcmp(cd->hostnqn, a->hostnqn))
		return srv_reply(c, cmd, ST_CMD(NVMET_SC_CONNECT_HOST),
				 NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								 hostnqn)));
	if (qid > a->max_qid || a->q[qid])
		return invalid(c, cmd, NVMET_CONNECT_IPO_SQE(offsetof(struct nvmet_fabrics_cmd,
								     connect.qid)));
	if (sqsize > s->emu->opts.mqes)
		return invalid(c, cmd, NVMET_CONNECT_IPO_SQE(offsetof(struct nvmet_fabrics_cmd,
								     connect.sqsize)));
	if (!emu_ready(s->emu))
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
	c->cmds = calloc(sqsize, sizeof(*c->cmds));
	if (!c->cmds)
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INTERNAL), 0);
	attach(c, a, qid, sqsize);
	c->sqflow_off = f->connect.cattr & 0x04;	/* CATTR: disable SQ flow control */
	srv_log(s, "%s: I/O queue %u of controller %u (%u entries)", c->peer, qid, a->cntlid,
		sqsize);
	srv_reply(c, cmd, 0, a->cntlid);
}

static void do_connect(struct srv_conn *c, struct srv_cmd *cmd, const uint8_t *data, uint32_t dlen)
{
	const struct nvmet_fabrics_cmd *f = (const void *)&cmd->ec.sqe;
	const struct nvmet_connect_data *cd;

	if (c->assoc)
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
	if (f->connect.recfmt)
		return srv_reply(c, cmd, ST_CMD(NVMET_SC_CONNECT_FORMAT), 0);
	if (f->sgl.id != NVMET_SGL_INCAPSULE || f->sgl.len < sizeof(*cd) || f->sgl.addr > dlen ||
	    dlen - f->sgl.addr < sizeof(*cd))
		return invalid(c, cmd, NVMET_CONNECT_IPO_SQE(offsetof(struct nvmet_fabrics_cmd, sgl)));
	if (!f->connect.sqsize)
		return invalid(c, cmd, NVMET_CONNECT_IPO_SQE(offsetof(struct nvmet_fabrics_cmd,
								     connect.sqsize)));
	cd = (const void *)(data + f->sgl.addr);
	if (!nqn_ok(cd->subnqn))
		return invalid(c, cmd, NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								      subnqn)));
	if (!nqn_ok(cd->hostnqn))
		return invalid(c, cmd, NVMET_CONNECT_IPO_DATA(offsetof(struct nvmet_connect_data,
								      hostnqn)));
	if (f->connect.qid)
		connect_io(c, cmd, f, cd);
	else
		connect_admin(c, cmd, f, cd);
}

/* ---- properties -------------------------------------------------------------- */

static bool prop_known(uint32_t off, bool wide)
{
	if (wide)
		return off == NVMET_REG_CAP;
	return off == NVMET_REG_CAP || off == NVMET_REG_CAP + 4 || off == NVMET_REG_VS ||
	       off == NVMET_REG_CC || off == NVMET_REG_CSTS || off == NVMET_REG_NSSR;
}

static uint32_t disc_read32(const struct srv_assoc *a, uint32_t off)
{
	switch (off) {
	case NVMET_REG_CAP: return (uint32_t)DISC_CAP;
	case NVMET_REG_CAP + 4: return (uint32_t)(DISC_CAP >> 32);
	case NVMET_REG_VS: return DISC_VS;
	case NVMET_REG_CC: return a->cc;
	case NVMET_REG_CSTS: return a->csts;
	default: return 0;
	}
}

static void prop_get(struct srv_conn *c, struct srv_cmd *cmd, const struct nvmet_fabrics_cmd *f)
{
	struct nvmet_emu *emu = c->s->emu;
	bool wide = f->prop.attrib & NVMET_PROP_SIZE_8;
	uint32_t off = f->prop.offset;
	uint64_t v;

	if (!prop_known(off, wide))
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INVALID_FIELD), 0);
	if (c->assoc->discovery) {
		v = disc_read32(c->assoc, off);
		if (wide)
			v |= (uint64_t)disc_read32(c->assoc, off + 4) << 32;
		return srv_reply(c, cmd, 0, v);
	}
	v = emu_regs_read32(emu, off);
	if (wide)
		v |= (uint64_t)emu_regs_read32(emu, off + 4) << 32;
	if (emu_tap_on(emu, NVMET_EMU_TAP_REGREAD)) {
		struct nvmet_emu_event ev = { .offset = off, .width = wide ? 8 : 4, .value = v };

		emu_tap_run(emu, NVMET_EMU_TAP_REGREAD, &ev);
		v = ev.value;
	}
	srv_reply(c, cmd, 0, v);
}

static void disc_cc(struct srv_assoc *a, uint32_t cc)
{
	a->cc = cc;
	a->csts = (cc & NVMET_CC_EN) ? NVMET_CSTS_RDY : 0;
	if (cc & NVMET_CC_SHN_MASK)
		a->csts |= NVMET_CSTS_SHST_CMPLT;
}

static void prop_set(struct srv_conn *c, struct srv_cmd *cmd, const struct nvmet_fabrics_cmd *f)
{
	struct nvmet_serve *s = c->s;
	struct nvmet_emu *emu = s->emu;
	uint32_t off = f->prop.offset;
	uint64_t v = f->prop.value;

	if ((f->prop.attrib & NVMET_PROP_SIZE_8) ||
	    (off != NVMET_REG_CC && off != NVMET_REG_CSTS && off != NVMET_REG_NSSR))
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INVALID_FIELD), 0);
	v = (uint32_t)v;
	if (c->assoc->discovery) {
		if (off == NVMET_REG_CC)
			disc_cc(c->assoc, (uint32_t)v);
		return srv_reply(c, cmd, 0, 0);
	}
	if (emu_tap_on(emu, NVMET_EMU_TAP_REGWRITE)) {
		struct nvmet_emu_event ev = { .offset = off, .width = 4, .value = v };

		if (emu_tap_run(emu, NVMET_EMU_TAP_REGWRITE, &ev) != NVMET_EMU_CONTINUE)
			return srv_reply(c, cmd, 0, 0);
		v = (uint32_t)ev.value;
	}
	emu_regs_store(emu, off, 4, v);
	/* This thread is the controller's: the handshake happens now. */
	emu_regs_apply(emu);
	srv_reply(c, cmd, 0, 0);
	if (off == NVMET_REG_NSSR && v == NVMET_NSSR_MAGIC)
		srv_assoc_end(s, c->assoc, "NVM subsystem reset");
}

void srv_fabrics(struct srv_conn *c, struct srv_cmd *cmd, const uint8_t *data, uint32_t dlen)
{
	const struct nvmet_fabrics_cmd *f = (const void *)&cmd->ec.sqe;

	if (f->fctype == NVMET_FCTYPE_CONNECT)
		return do_connect(c, cmd, data, dlen);
	if (!c->assoc)
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_CMD_SEQ_ERROR), 0);
	switch (f->fctype) {
	case NVMET_FCTYPE_PROP_GET:
	case NVMET_FCTYPE_PROP_SET:
		if (c->qid)
			return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INVALID_FIELD), 0);
		if (f->fctype == NVMET_FCTYPE_PROP_GET)
			return prop_get(c, cmd, f);
		return prop_set(c, cmd, f);
	case NVMET_FCTYPE_DISCONNECT:
		srv_log(c->s, "%s: queue %u: Disconnect", c->peer, c->qid);
		srv_reply(c, cmd, 0, 0);
		c->drain = true;
		return;
	default:
		return srv_reply(c, cmd, ST_GENERIC(NVMET_SC_INVALID_OPCODE), 0);
	}
}

/* ---- associations ------------------------------------------------------------ */

void srv_assoc_end(struct nvmet_serve *s, struct srv_assoc *a, const char *why)
{
	unsigned int q;

	srv_log(s, "controller %u (%s): association ends: %s", a->cntlid, a->hostnqn, why);
	for (q = 0; q <= a->max_qid; q++) {
		struct srv_conn *c = a->q[q];

		if (!c)
			continue;
		c->assoc = NULL;
		c->drain = true;	/* what is queued goes out, then it closes */
	}
	if (a == s->io) {
		s->io = NULL;
		/* The controller as a new association must find it: reset, CSTS clear but NSSRO. */
		emu_regs_host_gone(s->emu);
	}
	free(a->q);
	free(a);
}

void srv_keep_alive(struct nvmet_serve *s, struct srv_assoc *a)
{
	(void)s;
	a->ka_deadline_ns = nvmet_now_ns() + (uint64_t)a->kato_ms * 1000000ull;
}

uint64_t srv_kato_check(struct nvmet_serve *s, uint64_t now)
{
	struct srv_conn *c;
	uint64_t next = 0;

	for (c = s->conns; c; c = c->next) {
		struct srv_assoc *a = c->assoc;

		if (!a || c->qid || !a->kato_ms)
			continue;
		if (now > a->ka_deadline_ns) {
			srv_log(s, "controller %u: keep-alive timer (%u ms) expired", a->cntlid,
				a->kato_ms);
			srv_assoc_end(s, a, "keep-alive timeout");
			continue;
		}
		if (!next || a->ka_deadline_ns < next)
			next = a->ka_deadline_ns;
	}
	return next;
}
