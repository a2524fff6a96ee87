// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: cfs.so - a controller fatal status, and the reset that clears it
 *
 * A plug-in for the emulated controller, to test how a host meets
 * Controller Fatal Status (CSTS.CFS): when the controller fetches its
 * @after'th I/O command (nvme:io:decode) it fails. From then on CSTS reads
 * (nvme:regread, a BAR0 read on PCIe, a Property Get over fabrics) show CFS
 * set, and the controller processes nothing: that command and every later
 * one, admin or I/O, is swallowed (NVMET_EMU_DROP), so the host's timeouts
 * fire. Only a controller reset brings it back: each time the host enables
 * the controller again (a CC write with EN set and SHN clear,
 * nvme:regwrite; on PCIe after its CC.EN 1 to 0 reset, over fabrics on a
 * new association), the fault is
 * cleared, unless it outlives that reset: the first @enables enables after
 * the failure fail too, with CFS set and RDY never set, as a controller
 * whose fault persists. The controller fails once.
 *
 * Why @enables: a Linux host reads CSTS for RDY only. Over PCIe its timeout
 * handler reads CSTS, sees CFS and resets; over NVMe/TCP it never reads
 * CSTS before it tears the association down, so it meets CFS only when an
 * enable after the reset fails: it logs "Device not ready; aborting
 * initialisation, CSTS=0x2" and tries again.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * after=N      the I/O command, counted from 1, at which the controller
 *              fails, at least 1 (default 100)
 * enables=N    enables after the failure that fail too (default 0)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/cfs.so:after=200;enables=1".
 */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>
#include <nvmet/nvme.h>

#include "plugin_args.h"

struct cfs {
	pthread_mutex_t lock;	/* the bus's and the queues' threads meet here */
	uint64_t after;
	uint64_t ios;		/* I/O commands fetched before the failure */
	uint64_t enables;	/* enables that still fail */
	bool fatal;		/* CFS set, nothing processed */
	bool enable_failed;	/* ... and RDY never set */
};

static const char *const keys[] = { "after", "enables", NULL };

static int on_cmd(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct cfs *c = arg;
	bool drop;

	(void)emu;
	pthread_mutex_lock(&c->lock);
	if (ev->tap == NVMET_EMU_TAP_IO_DECODE && c->ios < c->after && ++c->ios == c->after)
		c->fatal = true;
	drop = c->fatal;
	pthread_mutex_unlock(&c->lock);
	return drop ? NVMET_EMU_DROP : NVMET_EMU_CONTINUE;
}

static int on_regwrite(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct cfs *c = arg;

	(void)emu;
	/* An enable sets EN with no shutdown notification: a notification
	 * keeps EN set and resets nothing. The last CC written cannot tell an
	 * enable apart: over fabrics a new association starts disabled
	 * without a CC write the taps see. */
	if (ev->offset != NVMET_REG_CC || !(ev->value & NVMET_CC_EN) ||
	    (ev->value & NVMET_CC_SHN_MASK))
		return NVMET_EMU_CONTINUE;
	pthread_mutex_lock(&c->lock);
	if (c->fatal && c->enables) {
		c->enables--;
		c->enable_failed = true;
	} else {
		c->fatal = false;
	}
	pthread_mutex_unlock(&c->lock);
	return NVMET_EMU_CONTINUE;
}

static int on_regread(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct cfs *c = arg;

	(void)emu;
	if (ev->offset != NVMET_REG_CSTS || ev->width != 4)
		return NVMET_EMU_CONTINUE;
	pthread_mutex_lock(&c->lock);
	if (c->fatal)
		ev->value |= NVMET_CSTS_CFS;
	if (c->fatal && c->enable_failed)
		ev->value &= ~(uint64_t)NVMET_CSTS_RDY;
	pthread_mutex_unlock(&c->lock);
	return NVMET_EMU_CONTINUE;
}

static const struct {
	const char *tap;
	nvmet_emu_tap_fn fn;
} taps[] = {
	{ "nvme:io:decode", on_cmd },
	{ "nvme:admin:decode", on_cmd },
	{ "nvme:regwrite:decode", on_regwrite },
	{ "nvme:regread:writeback", on_regread },
};

static void detach_all(struct nvmet_emu *emu, struct cfs *c, size_t n)
{
	while (n--)
		nvmet_emu_detach(emu, taps[n].tap, taps[n].fn, c);
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t after, enables;
	struct cfs *c;
	size_t i;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "after", 100, 1, UINT64_MAX, &after);
	if (!ret)
		ret = plugin_arg(args, "enables", 0, 0, UINT64_MAX, &enables);
	if (ret)
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	pthread_mutex_init(&c->lock, NULL);
	c->after = after;
	c->enables = enables;
	for (i = 0; i < sizeof(taps) / sizeof(taps[0]); i++) {
		ret = nvmet_emu_attach(emu, taps[i].tap, taps[i].fn, c);
		if (ret) {
			detach_all(emu, c, i);
			pthread_mutex_destroy(&c->lock);
			free(c);
			return ret;
		}
	}
	*priv = c;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	struct cfs *c = priv;

	detach_all(emu, c, sizeof(taps) / sizeof(taps[0]));
	pthread_mutex_destroy(&c->lock);
	free(c);
}
