// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_aer.c - asynchronous events: the Asynchronous Event Requests
 * the host keeps outstanding, the events waiting for them (queued from
 * any thread under emu->lock), and the masking of an event type from the
 * moment it is reported until the host reads its log page with RAE clear.
 */
#include <errno.h>

#include "admin.h"

static uint8_t types_of(const struct emu_admin *a)
{
	uint8_t t = 0;
	unsigned int i;

	for (i = 0; i < a->nr_aeq; i++)
		t |= (uint8_t)(1u << a->aeq[i].type);
	return t;
}

/* The Asynchronous Event Configuration bits that enable an event. */
static uint32_t aec_bits(uint8_t type, uint8_t info)
{
	if (type == NVMET_AER_TYPE_SMART) {
		switch (info) {
		case NVMET_AER_SMART_SPARE:	return 1u << 0;
		case NVMET_AER_SMART_TEMP:	return 1u << 1;
		case NVMET_AER_SMART_RELIABILITY:	return 0xfcu;
		default:			return 0xffu;
		}
	}
	if (type == NVMET_AER_TYPE_NOTICE) {
		if (info <= 6)
			return 0x100u << info;	/* ns attribute, fw activation... */
		if (info == 0xf0)
			return 1u << 31;	/* discovery log page change */
	}
	return ~0u;			/* errors, I/O command set, vendor: always */
}

int emu_adm_event(struct nvmet_emu *emu, uint8_t type, uint8_t info, uint8_t lid, bool gate,
		  bool locked)
{
	struct emu_admin *a = &emu->adm;
	struct emu_aer_ev ev = { .type = type, .info = info, .log_page = lid };
	unsigned int i;
	int ret = 0;

	if (gate && !(__atomic_load_n(&a->async_cfg, __ATOMIC_RELAXED) & aec_bits(type, info)))
		return 0;
	if (!locked)
		pthread_mutex_lock(&emu->lock);
	for (i = 0; i < a->nr_aeq; i++)
		if (!memcmp(&a->aeq[i], &ev, sizeof(ev)))
			break;
	if (i == a->nr_aeq) {
		if (a->nr_aeq < EMU_AEQ_MAX) {
			a->aeq[a->nr_aeq++] = ev;
			__atomic_store_n(&a->aeq_types, types_of(a), __ATOMIC_RELEASE);
		} else {
			ret = -ENOSPC;
		}
	}
	if (!locked) {
		pthread_mutex_unlock(&emu->lock);
		emu_kick(emu);
	}
	return ret;
}

/* The oldest queued event of a type not masked, removed from the queue. */
static bool event_take(struct nvmet_emu *emu, struct emu_aer_ev *ev)
{
	struct emu_admin *a = &emu->adm;
	unsigned int i;
	bool found = false;

	if (!(__atomic_load_n(&a->aeq_types, __ATOMIC_ACQUIRE) & ~a->aer_masked_types))
		return false;
	pthread_mutex_lock(&emu->lock);
	for (i = 0; i < a->nr_aeq; i++) {
		if (a->aer_masked_types & (1u << a->aeq[i].type))
			continue;
		*ev = a->aeq[i];
		memmove(&a->aeq[i], &a->aeq[i + 1], (a->nr_aeq - i - 1) * sizeof(*ev));
		a->nr_aeq--;
		__atomic_store_n(&a->aeq_types, types_of(a), __ATOMIC_RELEASE);
		found = true;
		break;
	}
	pthread_mutex_unlock(&emu->lock);
	return found;
}

/* Fill @cmd's completion with @ev and mask its type until its log page is read. */
static void event_report(struct emu_admin *a, struct emu_cmd *cmd, const struct emu_aer_ev *ev)
{
	cmd->cqe.status = 0;
	cmd->cqe.dw0 = ev->type | (uint32_t)ev->info << 8 | (uint32_t)ev->log_page << 16;
	a->aer_masked_types |= (uint8_t)(1u << ev->type);
	a->aer_mask_log[ev->type] = ev->log_page;
}

enum emu_exec emu_adm_aer(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	struct emu_admin *a = &emu->adm;
	struct emu_aer_ev ev;

	if (a->nr_aer > EMU_AERL) {
		cmd->cqe.status = ST_CMD(NVMET_SC_AER_LIMIT);
		return EMU_EXEC_DONE;
	}
	if (event_take(emu, &ev)) {
		event_report(a, cmd, &ev);
		return EMU_EXEC_DONE;
	}
	a->aer_cmd[a->nr_aer++] = *cmd;
	return EMU_EXEC_HELD;
}

bool emu_adm_aer_due(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;

	return a->nr_aer &&
	       (__atomic_load_n(&a->aeq_types, __ATOMIC_ACQUIRE) & ~a->aer_masked_types);
}

void emu_adm_aer_deliver(struct nvmet_emu *emu)
{
	struct emu_admin *a = &emu->adm;
	struct emu_aer_ev ev;
	struct emu_cmd c;

	while (a->nr_aer && event_take(emu, &ev)) {
		c = a->aer_cmd[0];
		a->nr_aer--;
		memmove(&a->aer_cmd[0], &a->aer_cmd[1], a->nr_aer * sizeof(c));
		event_report(a, &c, &ev);
		emu_complete(emu, &c);
	}
}

bool emu_adm_aer_abort(struct nvmet_emu *emu, uint16_t cid)
{
	struct emu_admin *a = &emu->adm;
	struct emu_cmd c;
	unsigned int i;

	for (i = 0; i < a->nr_aer; i++) {
		if (a->aer_cmd[i].sqe.cid != cid)
			continue;
		c = a->aer_cmd[i];
		a->nr_aer--;
		memmove(&a->aer_cmd[i], &a->aer_cmd[i + 1], (a->nr_aer - i) * sizeof(c));
		c.cqe.status = ST_GENERIC(NVMET_SC_ABORT_REQ);
		emu_complete(emu, &c);
		return true;
	}
	return false;
}

void emu_adm_aer_reset(struct nvmet_emu *emu)
{
	emu->adm.nr_aer = 0;
	emu->adm.aer_masked_types = 0;
}

void emu_adm_aer_log_read(struct nvmet_emu *emu, uint8_t lid)
{
	struct emu_admin *a = &emu->adm;
	unsigned int t;

	for (t = 0; t < 8; t++)
		if ((a->aer_masked_types & (1u << t)) && a->aer_mask_log[t] == lid)
			a->aer_masked_types &= (uint8_t)~(1u << t);
}

int nvmet_emu_aer(struct nvmet_emu *emu, uint8_t type, uint8_t info, uint8_t log_page)
{
	if (!emu)
		return -EINVAL;
	switch (type) {
	case NVMET_AER_TYPE_ERROR:
	case NVMET_AER_TYPE_SMART:
	case NVMET_AER_TYPE_NOTICE:
	case NVMET_AER_TYPE_IO:
	case NVMET_AER_TYPE_VENDOR:
		return emu_adm_event(emu, type, info, log_page, true, false);
	default:
		return -EINVAL;		/* reserved types */
	}
}
