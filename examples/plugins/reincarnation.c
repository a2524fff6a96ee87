// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: reincarnation.so - a run of failed writes, again and again
 *
 * A plug-in for the emulated controller, after the "reincarnation" example
 * of the bhyve NVMe plug-ins talk. Write commands are counted from 1 as the
 * controller fetches them (nvme:io:decode), on every queue and namespace:
 * writes number @first to @last complete with the error status below
 * without executing; after write @last the count starts again from 0, so
 * the cycle repeats forever (with first=3;last=4: ok ok fail fail ok ok
 * fail fail ...). Other commands pass untouched.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * first=N      first write to fail, at least 1 (default 5000)
 * last=N       last write to fail, at least @first (default 5010)
 * sct=N        status code type of the failures (default 1, command
 *              specific)
 * sc=N         status code (default 0x82, Attempted Write to Read Only
 *              Range)
 * dnr=0|1      Do Not Retry bit of the failures (default 1)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/reincarnation.so:first=5000;last=5010".
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct reincarnation {
	uint64_t first;
	uint64_t last;
	uint16_t status;
	uint64_t count;		/* writes in this life */
};

static const char *const keys[] = { "first", "last", "sct", "sc", "dnr", NULL };

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct reincarnation *r = arg;
	uint64_t n;

	(void)emu;
	if (ev->sqe->opc != NVMET_CMD_WRITE)
		return NVMET_EMU_CONTINUE;
	n = ++r->count;
	if (n == r->last)
		r->count = 0;
	if (n < r->first)
		return NVMET_EMU_CONTINUE;
	ev->cqe->status = r->status;
	return NVMET_EMU_HANDLED;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t first, last, sct, sc, dnr;
	struct reincarnation *r;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "first", 5000, 1, UINT64_MAX - 1, &first);
	if (!ret)
		ret = plugin_arg(args, "last", first > 5010 ? first : 5010, first,
				 UINT64_MAX - 1, &last);
	if (!ret)
		ret = plugin_arg(args, "sct", NVMET_SCT_CMD_SPECIFIC, 0, 7, &sct);
	if (!ret)
		ret = plugin_arg(args, "sc", 0x82, 0, 0xff, &sc);
	if (!ret)
		ret = plugin_arg(args, "dnr", 1, 0, 1, &dnr);
	if (ret)
		return ret;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->first = first;
	r->last = last;
	r->status = NVMET_STATUS(sct, sc, dnr);
	ret = nvmet_emu_attach(emu, "nvme:io:decode", on_io, r);
	if (ret) {
		free(r);
		return ret;
	}
	*priv = r;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:io:decode", on_io, priv);
	free(priv);
}
