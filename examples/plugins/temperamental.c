// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: temperamental.so - media that may turn read-only after any write
 *
 * A plug-in for the emulated controller, after the "temperamental" example
 * of the bhyve NVMe plug-ins talk: after each Write command the controller
 * fetches (nvme:io:decode) and lets through, the media turns read only
 * with probability @p percent. From then on every Write, Write Zeroes,
 * Write Uncorrectable and Copy completes with Command Specific status 82h,
 * Attempted Write to Read Only Range (DNR set), without executing. The
 * first write always behaves.
 *
 * The dice are a pseudo-random generator (SplitMix64) seeded with @seed,
 * so a run repeats exactly with the same seed and the same commands.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * p=N          probability in percent, 0..100 (default 57)
 * seed=N       seed of the generator (default 1)
 * warn=0|1     when the media turns read only, set bit 3 (media read only)
 *              of the SMART Critical Warning, which raises a SMART/health
 *              asynchronous event if the host enabled it (default 0)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/temperamental.so:p=57;seed=42".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct temperamental {
	uint64_t state;		/* generator state */
	unsigned int percent;
	bool warn;
	bool read_only;
};

static const char *const keys[] = { "p", "seed", "warn", NULL };

/* SplitMix64: one step of a Weyl sequence, then a bit mixer. */
static uint64_t next_random(struct temperamental *t)
{
	uint64_t z = (t->state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct temperamental *t = arg;

	if (!plugin_io_modifies(ev->sqe->opc))
		return NVMET_EMU_CONTINUE;
	if (t->read_only) {
		ev->cqe->status = PLUGIN_STATUS_READ_ONLY;
		return NVMET_EMU_HANDLED;
	}
	if (ev->sqe->opc == NVMET_CMD_WRITE && next_random(t) % 100 < t->percent) {
		t->read_only = true;
		if (t->warn)
			nvmet_emu_smart_critical(emu, PLUGIN_WARN_READ_ONLY);
	}
	return NVMET_EMU_CONTINUE;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t p, seed, warn;
	struct temperamental *t;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "p", 57, 0, 100, &p);
	if (!ret)
		ret = plugin_arg(args, "seed", 1, 0, UINT64_MAX, &seed);
	if (!ret)
		ret = plugin_arg(args, "warn", 0, 0, 1, &warn);
	if (ret)
		return ret;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->state = seed;
	t->percent = (unsigned int)p;
	t->warn = warn;
	ret = nvmet_emu_attach(emu, "nvme:io:decode", on_io, t);
	if (ret) {
		free(t);
		return ret;
	}
	*priv = t;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:io:decode", on_io, priv);
	free(priv);
}
