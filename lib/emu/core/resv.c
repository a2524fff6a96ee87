// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * resv.c - reservations (NVMe Base 2.0 7.2-7.5): Reservation Register,
 * Acquire, Release and Report on a namespace, for the one host the
 * controller serves. The report's format follows the host identifier's
 * width: over PCIe it is 64 bits (reading 0: no Host Identifier feature)
 * and the extended report (EDS) is refused; over a fabric it is Connect's
 * 128 bits (CTRATT bit 0) and only the extended report is given. Left
 * out: Persist Through Power Loss (RESCAP bit 0 clear, CPTPL 11b
 * refused), the Host Identifier feature, the Reservation Notification log page and
 * the Reservation Notification Mask and Persistence features: with a
 * single host there is no other registrant to be notified of anything.
 */
#include <string.h>

#include "admin.h"

#define RESV_KEY_BYTES		8
#define REPORT_HDR		24	/* EDS 0: header, then one 24-byte entry per registrant */
#define REPORT_ENTRY		24
#define REPORT_EXT_HDR		64	/* EDS 1: the same in 64 bytes each */
#define REPORT_EXT_ENTRY	64
#define REPORT_GEN		0
#define REPORT_RTYPE		4
#define REPORT_REGCTL		5
#define ENTRY_CNTLID		0
#define ENTRY_RCSTS		2
#define ENTRY_RKEY		16
#define EXT_ENTRY_RKEY		8
#define EXT_ENTRY_HOSTID	16	/* 128 bits */
#define RCSTS_HOLDER		0x01u
#define CDW11_EDS		0x01u

#define ST_CONFLICT		ST_GENERIC(NVMET_SC_RESV_CONFLICT)

/*
 * Whether the host may act with current key @crkey. IEKEY (any key will
 * do) is Register's alone: RESCAP bit 7 gives it its NVMe 1.3 meaning,
 * under which Acquire and Release refuse it before looking at the key.
 */
static bool key_ok(const struct emu_resv *r, const struct nvmet_sqe *sqe, uint64_t crkey)
{
	return r->registered && (sqe->resv.iekey || crkey == r->key);
}

static void unregister(struct emu_resv *r)
{
	r->registered = false;
	r->key = 0;
	r->rtype = 0;	/* the only registrant's reservation goes with it */
}

static uint16_t resv_register(struct emu_resv *r, const struct nvmet_sqe *sqe,
			      const uint8_t *data)
{
	uint64_t crkey = nvmet_get_le64(data), nrkey = nvmet_get_le64(data + RESV_KEY_BYTES);

	/* 01b is reserved, 11b asks for persistence RESCAP does not offer. */
	if (sqe->resv.cptpl == 1 || sqe->resv.cptpl == NVMET_CPTPL_SET)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	switch (sqe->resv.action) {
	case NVMET_RREGA_REGISTER:
		/* Registering again with the same key changes nothing; another key conflicts. */
		if (r->registered && r->key != nrkey)
			return ST_CONFLICT;
		r->registered = true;
		r->key = nrkey;
		break;
	case NVMET_RREGA_UNREGISTER:
		if (!key_ok(r, sqe, crkey))
			return ST_CONFLICT;
		unregister(r);
		break;
	case NVMET_RREGA_REPLACE:
		if (!key_ok(r, sqe, crkey))
			return ST_CONFLICT;
		r->key = nrkey;
		break;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
	r->gen++;
	return 0;
}

static uint16_t resv_acquire(struct emu_resv *r, const struct nvmet_sqe *sqe,
			     const uint8_t *data)
{
	uint64_t crkey = nvmet_get_le64(data), prkey = nvmet_get_le64(data + RESV_KEY_BYTES);
	uint8_t rtype = sqe->resv.rtype;

	if (sqe->resv.iekey || rtype < NVMET_RTYPE_WRITE_EXCL ||
	    rtype > NVMET_RTYPE_EXCL_ACCESS_ALL || sqe->resv.action > NVMET_RACQA_PREEMPT_ABORT)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!key_ok(r, sqe, crkey))
		return ST_CONFLICT;
	if (sqe->resv.action == NVMET_RACQA_ACQUIRE) {
		/* The holder acquiring again: the same type is no change, another conflicts. */
		if (r->rtype && r->rtype != rtype)
			return ST_CONFLICT;
		r->rtype = rtype;
		return 0;
	}
	/*
	 * Preempt (and abort: no other host has commands to abort), Base 2.0
	 * 8.19.7.1: PRKEY names the registrants to preempt, and the host is
	 * the only one.
	 */
	if (r->rtype == NVMET_RTYPE_WRITE_EXCL_ALL || r->rtype == NVMET_RTYPE_EXCL_ACCESS_ALL) {
		if (!prkey) {
			/* Every other registrant goes (none here); the reservation is now RTYPE. */
			r->rtype = rtype;
		} else if (prkey == r->key) {
			unregister(r);	/* the last registrant takes the reservation along */
		} else {
			return ST_CONFLICT;
		}
	} else if (r->rtype) {
		/* The holder preempting itself with its key: its reservation, now of RTYPE. */
		if (prkey != r->key)
			return prkey ? ST_CONFLICT : ST_GENERIC(NVMET_SC_INVALID_FIELD);
		r->rtype = rtype;
	} else {
		if (prkey != r->key)
			return ST_CONFLICT;
		unregister(r);		/* no reservation: the registrants with PRKEY go */
	}
	r->gen++;
	return 0;
}

static uint16_t resv_release(struct emu_resv *r, const struct nvmet_sqe *sqe,
			     const uint8_t *data)
{
	if (sqe->resv.iekey || sqe->resv.action > NVMET_RRELA_CLEAR)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	if (!key_ok(r, sqe, nvmet_get_le64(data)))
		return ST_CONFLICT;
	if (sqe->resv.action == NVMET_RRELA_CLEAR) {
		unregister(r);
		r->gen++;
		return 0;
	}
	if (r->rtype && r->rtype != sqe->resv.rtype)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	r->rtype = 0;
	return 0;
}

static uint16_t resv_report(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
			    const struct emu_resv *r)
{
	uint8_t d[REPORT_EXT_HDR + REPORT_EXT_ENTRY];
	size_t len = ((size_t)sqe->cdw10 + 1) * 4, size;
	bool ext = emu->fab.on;		/* a 128-bit host identifier */

	if (!!(sqe->cdw11 & CDW11_EDS) != ext)
		return ST_GENERIC(NVMET_SC_HOSTID_INCONSISTENT);
	memset(d, 0, sizeof(d));
	nvmet_put_le32(d + REPORT_GEN, r->gen);
	d[REPORT_RTYPE] = r->rtype;
	nvmet_put_le16(d + REPORT_REGCTL, r->registered);
	size = ext ? REPORT_EXT_HDR : REPORT_HDR;
	if (r->registered) {
		uint8_t *e = d + size;

		nvmet_put_le16(e + ENTRY_CNTLID, emu_cntlid(emu));
		e[ENTRY_RCSTS] = r->rtype ? RCSTS_HOLDER : 0;
		if (ext) {
			nvmet_put_le64(e + EXT_ENTRY_RKEY, r->key);
			memcpy(e + EXT_ENTRY_HOSTID, emu->fab.hostid, sizeof(emu->fab.hostid));
		} else {
			nvmet_put_le64(e + ENTRY_RKEY, r->key);
		}
		size += ext ? REPORT_EXT_ENTRY : REPORT_ENTRY;
	}
	return emu_xfer(emu, sqe, d, len < size ? len : size, false, true);
}

uint16_t emu_resv_exec(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, struct emu_ns *ns)
{
	uint8_t data[2 * RESV_KEY_BYTES];
	uint16_t st;

	if (sqe->opc == NVMET_CMD_RESV_REPORT)
		return resv_report(emu, sqe, &ns->resv);
	/* Release carries CRKEY alone; Register and Acquire a second key too. */
	memset(data, 0, sizeof(data));
	st = emu_xfer(emu, sqe, data,
		      sqe->opc == NVMET_CMD_RESV_RELEASE ? RESV_KEY_BYTES : sizeof(data), false,
		      false);
	if (st)
		return st;
	switch (sqe->opc) {
	case NVMET_CMD_RESV_REGISTER:
		return resv_register(&ns->resv, sqe, data);
	case NVMET_CMD_RESV_ACQUIRE:
		return resv_acquire(&ns->resv, sqe, data);
	default:
		return resv_release(&ns->resv, sqe, data);
	}
}

void emu_resv_forget(struct nvmet_emu *emu)
{
	unsigned int i;

	for (i = 1; i <= EMU_MAX_NS; i++)
		if (emu->ns[i])
			memset(&emu->ns[i]->resv, 0, sizeof(emu->ns[i]->resv));
}
