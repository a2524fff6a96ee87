// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * media_error.c - a plug-in for libnvmet's emulated NVMe controller, built
 * outside the nvmet tree as anyone's would be (see the Makefile here):
 * every Read that covers LBA @lba completes with Unrecovered Read Error
 * (SCT 2h, SC 81h, DNR) without reading.
 *
 * Arguments: lba=N (default 0). For example:
 *
 *   nvmet-io --plugin ./media_error.so:lba=3 --rw read --size 8k
 *   nvmet rw emu: --plugin ./media_error.so:lba=3 --count 8
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	const struct nvmet_sqe *sqe = ev->sqe;
	const uint64_t *lba = arg;
	uint64_t slba = sqe->rw.slba;
	uint32_t nlb = sqe->rw.nlb + 1u;

	(void)emu;
	if (sqe->opc != NVMET_CMD_READ || *lba < slba || *lba - slba >= nlb)
		return NVMET_EMU_CONTINUE;
	ev->cqe->status = NVMET_STATUS(NVMET_SCT_MEDIA, NVMET_SC_UNRECOVERED_READ, 1);
	return NVMET_EMU_HANDLED;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	static const char *const keys[] = { "lba", NULL };
	uint64_t *lba;
	int ret;

	/* A misspelt argument fails the load, and says which. */
	ret = nvmet_emu_args_check(args, keys);
	if (ret)
		return ret;
	lba = calloc(1, sizeof(*lba));
	if (!lba)
		return -ENOMEM;
	ret = nvmet_emu_arg_u64(args, "lba", lba);
	if (ret == -ENOENT)
		ret = 0;
	if (!ret)
		ret = nvmet_emu_attach(emu, "nvme:io:decode", on_io, lba);
	if (ret) {
		free(lba);
		return ret;
	}
	*priv = lba;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:io:decode", on_io, priv);
	free(priv);
}
