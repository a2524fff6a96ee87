// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: hang.so - commands that never complete
 *
 * A plug-in for the emulated controller, to test a host's timeouts and
 * Abort: commands with opcode @opc on the I/O queues (or on the admin
 * queue) are swallowed when the controller fetches them, at
 * nvme:io:decode (nvme:admin:decode): the tap returns NVMET_EMU_DROP, so
 * the command is neither executed nor completed. The controller keeps it
 * until an Abort for it completes it with Command Abort Requested, or a
 * controller reset forgets it. libnvmet's own timeout completes it on the
 * host's side with an all-ones CQE (nvmet_cqe_is_timeout()).
 *
 * Once @count commands are swallowed the plug-in lets the others through,
 * so the controller works normally afterwards.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * opc=N        the opcode (required)
 * io=0|1       1: I/O commands, 0: admin commands (default 1)
 * count=N      commands to swallow; 0 swallows every one (default 1)
 * nsid=N       only commands for this namespace id (default: any)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/hang.so:opc=0x02;count=1" - the first
 * Read never completes.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct hang {
	const char *tap;
	uint8_t opc;
	bool any_nsid;
	uint32_t nsid;
	uint64_t count;		/* 0: no limit */
	uint64_t swallowed;
};

static const char *const keys[] = { "opc", "io", "count", "nsid", NULL };

static int on_cmd(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct hang *h = arg;

	(void)emu;
	if (ev->sqe->opc != h->opc || (!h->any_nsid && ev->sqe->nsid != h->nsid))
		return NVMET_EMU_CONTINUE;
	if (h->count && h->swallowed >= h->count)
		return NVMET_EMU_CONTINUE;
	h->swallowed++;
	return NVMET_EMU_DROP;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t opc, io, count, nsid;
	struct hang *h;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (ret)
		return ret;
	if (!plugin_arg_present(args, "opc"))
		return nvmet_emu_plugin_error("opc= is required");
	ret = plugin_arg(args, "opc", 0, 0, 0xff, &opc);
	if (!ret)
		ret = plugin_arg(args, "io", 1, 0, 1, &io);
	if (!ret)
		ret = plugin_arg(args, "count", 1, 0, UINT64_MAX, &count);
	if (!ret)
		ret = plugin_arg(args, "nsid", 0, 0, UINT32_MAX, &nsid);
	if (ret)
		return ret;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -ENOMEM;
	h->tap = io ? "nvme:io:decode" : "nvme:admin:decode";
	h->opc = (uint8_t)opc;
	h->any_nsid = !plugin_arg_present(args, "nsid");
	h->nsid = (uint32_t)nsid;
	h->count = count;
	ret = nvmet_emu_attach(emu, h->tap, on_cmd, h);
	if (ret) {
		free(h);
		return ret;
	}
	*priv = h;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	struct hang *h = priv;

	nvmet_emu_detach(emu, h->tap, on_cmd, h);
	free(h);
}
