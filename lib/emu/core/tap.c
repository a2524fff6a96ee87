// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * tap.c - the emulated controller's tap points: attach and detach
 * callbacks, run them.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include "core.h"

static const char *const tap_names[NVMET_EMU_TAP_COUNT] = {
	[NVMET_EMU_TAP_PCI_REGREAD] = "pci:regread:writeback",
	[NVMET_EMU_TAP_PCI_REGWRITE] = "pci:regwrite:decode",
	[NVMET_EMU_TAP_MSIX] = "pci:msix:writeback",
	[NVMET_EMU_TAP_REGREAD] = "nvme:regread:writeback",
	[NVMET_EMU_TAP_REGWRITE] = "nvme:regwrite:decode",
	[NVMET_EMU_TAP_ADMIN_DECODE] = "nvme:admin:decode",
	[NVMET_EMU_TAP_ADMIN_WRITEBACK] = "nvme:admin:writeback",
	[NVMET_EMU_TAP_IO_DECODE] = "nvme:io:decode",
	[NVMET_EMU_TAP_IO_WRITEBACK] = "nvme:io:writeback",
	[NVMET_EMU_TAP_PDU_RECV] = "tcp:pdu:recv",
	[NVMET_EMU_TAP_PDU_SEND] = "tcp:pdu:send",
	[NVMET_EMU_TAP_STREAM_RECV] = "tcp:stream:recv",
	[NVMET_EMU_TAP_STREAM_SEND] = "tcp:stream:send",
};

int nvmet_emu_tap_lookup(const char *name, enum nvmet_emu_tap *tap)
{
	int i;

	if (!name || !tap)
		return -EINVAL;
	for (i = 0; i < NVMET_EMU_TAP_COUNT; i++)
		if (!strcmp(name, tap_names[i])) {
			*tap = (enum nvmet_emu_tap)i;
			return 0;
		}
	return -EINVAL;
}

const char *nvmet_emu_tap_name(enum nvmet_emu_tap tap)
{
	return (unsigned int)tap < NVMET_EMU_TAP_COUNT ? tap_names[tap] : "?";
}

const char *nvmet_emu_name(const struct nvmet_emu *emu)
{
	return emu ? emu->name : "?";
}

int nvmet_emu_attach(struct nvmet_emu *emu, const char *name, nvmet_emu_tap_fn fn, void *arg)
{
	enum nvmet_emu_tap tap;
	struct emu_taps *t;
	unsigned int i, n;
	int ret = -ENOSPC;

	if (!emu || !fn || nvmet_emu_tap_lookup(name, &tap))
		return -EINVAL;
	t = &emu->taps[tap];
	pthread_mutex_lock(&emu->lock);
	n = atomic_load(&t->count);
	for (i = 0; i < EMU_MAX_TAPS; i++) {
		if (i < n && atomic_load(&t->slot[i].fn))
			continue;
		/* Reuse a cleared slot only at the end, to keep the order. */
		if (i < n) {
			bool later = false;
			unsigned int j;

			for (j = i + 1; j < n; j++)
				later |= atomic_load(&t->slot[j].fn) != NULL;
			if (later)
				continue;
		}
		atomic_store(&t->slot[i].arg, arg);
		atomic_store(&t->slot[i].fn, fn);
		if (i >= n)
			atomic_store_explicit(&t->count, i + 1, memory_order_release);
		ret = 0;
		break;
	}
	pthread_mutex_unlock(&emu->lock);
	return ret;
}

/* When this returns, the controller no longer runs a callback detached before. */
void emu_quiesce(struct nvmet_emu *emu)
{
	emu->fe_ops->quiesce(emu->fe);
}

int nvmet_emu_detach(struct nvmet_emu *emu, const char *name, nvmet_emu_tap_fn fn, void *arg)
{
	enum nvmet_emu_tap tap;
	struct emu_taps *t;
	unsigned int i, n, last = 0;
	int ret = -ENOENT;

	if (!emu || nvmet_emu_tap_lookup(name, &tap))
		return -EINVAL;
	t = &emu->taps[tap];
	pthread_mutex_lock(&emu->lock);
	n = atomic_load(&t->count);
	for (i = 0; i < n; i++) {
		if (ret && atomic_load(&t->slot[i].fn) == fn && atomic_load(&t->slot[i].arg) == arg) {
			atomic_store(&t->slot[i].fn, NULL);
			ret = 0;
		}
		if (atomic_load(&t->slot[i].fn))
			last = i + 1;
	}
	atomic_store_explicit(&t->count, last, memory_order_release);
	pthread_mutex_unlock(&emu->lock);
	if (!ret)
		emu_quiesce(emu);
	return ret;
}

int emu_tap_run(struct nvmet_emu *emu, enum nvmet_emu_tap tap, struct nvmet_emu_event *ev)
{
	struct emu_taps *t = &emu->taps[tap];
	unsigned int i, n = atomic_load_explicit(&t->count, memory_order_acquire);

	ev->tap = tap;
	if (!ev->ts_ns)
		ev->ts_ns = nvmet_now_ns();
	for (i = 0; i < n; i++) {
		nvmet_emu_tap_fn fn = atomic_load_explicit(&t->slot[i].fn, memory_order_acquire);
		int v;

		if (!fn)
			continue;
		v = fn(emu, ev, atomic_load_explicit(&t->slot[i].arg, memory_order_relaxed));
		if (v != NVMET_EMU_CONTINUE)
			return v;
	}
	return NVMET_EMU_CONTINUE;
}
