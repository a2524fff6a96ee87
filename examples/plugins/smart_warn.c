// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: smart_warn.so - a SMART critical warning after a number of I/Os
 *
 * A plug-in for the emulated controller, after the log of a real drive in
 * the bhyve NVMe plug-ins talk ("media placed in read only mode", with
 * asynchronous events for log page 02h). I/O commands are counted as the
 * controller fetches them (nvme:io:decode), on every queue, and left
 * untouched; at the @ios-th one the plug-in calls
 * nvmet_emu_smart_critical() with @bits. The controller sets those bits in
 * the SMART / Health Information log's Critical Warning field and, when
 * the host enabled them in the Asynchronous Event Configuration feature,
 * completes an Asynchronous Event Request with type 1 (SMART / health
 * status) and log page 02h. The media itself keeps working: pair it with
 * ro_fail.so for media that really turns read only.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * ios=N        I/O commands before the warning, at least 1 (default 100)
 * bits=N       Critical Warning bits to set, 0x01..0x3f (default 0x08,
 *              media placed in read only mode)
 * repeat=0|1   warn again every @ios I/O commands (default 0: once): the
 *              bits are still set, so the plug-in raises the same SMART /
 *              health events again with nvmet_emu_aer(); the controller
 *              reports each once the host has read the log page of the
 *              previous one
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/smart_warn.so:ios=10;repeat=1".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

/* Asynchronous event information of SMART / health status events. */
#define INFO_RELIABILITY	0x00	/* bits 2..5: reliability degraded, read only, ... */
#define INFO_TEMPERATURE	0x01	/* bit 1 */
#define INFO_SPARE		0x02	/* bit 0 */
#define AET_SMART		1

struct smart_warn {
	uint64_t ios;
	uint8_t bits;
	bool repeat;
	bool done;
	bool fired;
	uint64_t count;		/* I/O commands since the last warning */
};

static const char *const keys[] = { "ios", "bits", "repeat", NULL };

/* The events a warning raised the first time, for bits already set. */
static void raise_again(struct nvmet_emu *emu, uint8_t bits)
{
	if (bits & 0x01)
		nvmet_emu_aer(emu, AET_SMART, INFO_SPARE, NVMET_LOG_SMART);
	if (bits & 0x02)
		nvmet_emu_aer(emu, AET_SMART, INFO_TEMPERATURE, NVMET_LOG_SMART);
	if (bits & 0x3c)
		nvmet_emu_aer(emu, AET_SMART, INFO_RELIABILITY, NVMET_LOG_SMART);
}

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct smart_warn *s = arg;

	(void)ev;
	if (s->done || ++s->count < s->ios)
		return NVMET_EMU_CONTINUE;
	s->count = 0;
	s->done = !s->repeat;
	nvmet_emu_smart_critical(emu, s->bits);
	if (s->fired)
		raise_again(emu, s->bits);
	s->fired = true;
	return NVMET_EMU_CONTINUE;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t ios, bits, repeat;
	struct smart_warn *s;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "ios", 100, 1, UINT64_MAX, &ios);
	if (!ret)
		ret = plugin_arg(args, "bits", PLUGIN_WARN_READ_ONLY, 1, 0x3f, &bits);
	if (!ret)
		ret = plugin_arg(args, "repeat", 0, 0, 1, &repeat);
	if (ret)
		return ret;
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->ios = ios;
	s->bits = (uint8_t)bits;
	s->repeat = repeat;
	ret = nvmet_emu_attach(emu, "nvme:io:decode", on_io, s);
	if (ret) {
		free(s);
		return ret;
	}
	*priv = s;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:io:decode", on_io, priv);
	free(priv);
}
