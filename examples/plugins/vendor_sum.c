// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: vendor_sum.so - a vendor specific admin command that adds
 *
 * A plug-in for the emulated controller, after the "sum" example of the
 * bhyve NVMe plug-ins talk: the admin command with opcode @opc completes
 * at nvme:admin:decode with success and CQE DW0 = CDW10 + CDW11 (modulo
 * 2^32), so CDW10 10 and CDW11 5 give 15. It takes no data. Other admin
 * commands pass untouched.
 *
 * The talk used opcode 80h, which NVMe has since given to Format NVM;
 * vendor specific admin opcodes are C0h to FFh, and setup refuses any
 * other with -EINVAL.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * opc=N        the opcode, 0xc0..0xff (default 0xc0)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/vendor_sum.so:opc=0xc1".
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct vendor_sum {
	uint8_t opc;
};

static const char *const keys[] = { "opc", NULL };

static int on_admin(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct vendor_sum *v = arg;

	(void)emu;
	if (ev->sqe->opc != v->opc)
		return NVMET_EMU_CONTINUE;
	ev->cqe->dw0 = ev->sqe->cdw10 + ev->sqe->cdw11;
	ev->cqe->dw1 = 0;
	ev->cqe->status = 0;
	return NVMET_EMU_HANDLED;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	struct vendor_sum *v;
	uint64_t opc;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "opc", NVMET_ADM_VENDOR_FIRST,
				 NVMET_ADM_VENDOR_FIRST, 0xff, &opc);
	if (ret)
		return ret;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->opc = (uint8_t)opc;
	ret = nvmet_emu_attach(emu, "nvme:admin:decode", on_admin, v);
	if (ret) {
		free(v);
		return ret;
	}
	*priv = v;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:admin:decode", on_admin, priv);
	free(priv);
}
