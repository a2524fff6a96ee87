// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: ro_fail.so - media that turns read-only after a number of writes
 *
 * A plug-in for the emulated controller, after the "read-only media"
 * example of the bhyve NVMe plug-ins talk. Write commands are counted from
 * 1 as the controller fetches them (nvme:io:decode), on every queue and
 * namespace, whatever their outcome would be:
 *
 * - writes 1 .. @writes behave;
 * - the next @dropped writes complete with success but write nothing;
 * - from then on the media is read only: every Write, Write Zeroes, Write
 *   Uncorrectable and Copy completes with Command Specific status 82h,
 *   Attempted Write to Read Only Range (DNR set), without executing.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * writes=N     writes that behave (default 5000)
 * dropped=M    writes after those that succeed without writing (default 0)
 * warn=0|1     when the media turns read only, set bit 3 (media read only)
 *              of the SMART Critical Warning, which raises a SMART/health
 *              asynchronous event if the host enabled it (default 0)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/ro_fail.so:writes=5;dropped=2".
 * Each load has its own counter; unloading restores normal writes (the
 * critical warning, once set, stays).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct ro_fail {
	uint64_t writes;	/* writes that behave */
	uint64_t limit;		/* writes + dropped: read only after that many */
	bool warn;
	bool warned;
	uint64_t seen;		/* writes fetched so far, capped at limit + 1 */
};

static const char *const keys[] = { "writes", "dropped", "warn", NULL };

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct ro_fail *r = arg;
	bool write = ev->sqe->opc == NVMET_CMD_WRITE;
	int verdict = NVMET_EMU_CONTINUE;

	if (!plugin_io_modifies(ev->sqe->opc))
		return NVMET_EMU_CONTINUE;
	if (write && r->seen <= r->limit)
		r->seen++;
	if (write ? r->seen > r->limit : r->seen >= r->limit) {
		ev->cqe->status = PLUGIN_STATUS_READ_ONLY;
		verdict = NVMET_EMU_HANDLED;
	} else if (write && r->seen > r->writes) {
		/* Success, and nothing written. */
		ev->cqe->status = 0;
		ev->cqe->dw0 = 0;
		ev->cqe->dw1 = 0;
		verdict = NVMET_EMU_HANDLED;
	}
	/* Read only from now on: after the last allowed write, or at once. */
	if (r->warn && !r->warned && r->seen >= r->limit) {
		r->warned = true;
		nvmet_emu_smart_critical(emu, PLUGIN_WARN_READ_ONLY);
	}
	return verdict;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t writes, dropped, warn;
	struct ro_fail *r;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "writes", 5000, 0, UINT64_MAX / 2, &writes);
	if (!ret)
		ret = plugin_arg(args, "dropped", 0, 0, UINT64_MAX / 2, &dropped);
	if (!ret)
		ret = plugin_arg(args, "warn", 0, 0, 1, &warn);
	if (ret)
		return ret;
	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	r->writes = writes;
	r->limit = writes + dropped;
	r->warn = warn;
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
