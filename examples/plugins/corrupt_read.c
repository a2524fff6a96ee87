// SPDX-License-Identifier: LGPL-2.1-or-later
/**
 * DOC: corrupt_read.so - silent data corruption on read
 *
 * A plug-in for the emulated controller, to test that a host verifies
 * what it reads: when a Read completes with success (nvme:io:writeback),
 * one byte of the data the host receives is inverted (XOR FFh) in the
 * host's buffer, and the completion still reports success. The medium is
 * not changed: the same byte comes back wrong on every corrupted read,
 * and right otherwise.
 *
 * Which reads: by default those covering LBA @lba, the byte being @offset
 * within that LBA. With @every=N (and no @lba), every N-th successful Read
 * instead, the byte being @offset within its first LBA. With both, every
 * N-th of the reads covering @lba. @nsid restricts all of it to one
 * namespace.
 *
 * Arguments ("key=value;key=value"; unknown keys are refused):
 *
 * ============ ==========================================================
 * lba=N        the LBA whose reads are corrupted (default 0)
 * every=N      corrupt every N-th read, at least 1 (default 1)
 * offset=N     byte within the LBA, 0..4095 (default 0); taken modulo the
 *              LBA size of a namespace with smaller LBAs
 * nsid=N       only reads of this namespace (default: any)
 * ============ ==========================================================
 *
 * Example: "emu:plugin=build/plugins/corrupt_read.so:lba=8;offset=100".
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include <nvmet/emu.h>

#include "plugin_args.h"

struct corrupt_read {
	bool by_lba;		/* only reads covering @lba */
	uint64_t lba;
	uint64_t every;
	uint32_t offset;
	bool any_nsid;
	uint32_t nsid;
	uint64_t count;		/* reads that qualified */
};

static const char *const keys[] = { "lba", "every", "offset", "nsid", NULL };

static int on_io(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	const struct nvmet_sqe *sqe = ev->sqe;
	struct corrupt_read *c = arg;
	uint64_t slba = sqe->rw.slba;
	uint32_t nlb = sqe->rw.nlb + 1u;
	unsigned int lbasz;
	uint64_t target;
	size_t off;
	uint8_t b;

	if (sqe->opc != NVMET_CMD_READ || (ev->cqe->status & 0xfffe) ||
	    (!c->any_nsid && sqe->nsid != c->nsid))
		return NVMET_EMU_CONTINUE;
	if (c->by_lba && (c->lba < slba || c->lba - slba >= nlb))
		return NVMET_EMU_CONTINUE;
	if (++c->count % c->every)
		return NVMET_EMU_CONTINUE;
	lbasz = nvmet_emu_lba_size(emu, sqe->nsid);
	if (!lbasz)
		return NVMET_EMU_CONTINUE;
	target = c->by_lba ? c->lba : slba;
	off = (size_t)(target - slba) * lbasz + c->offset % lbasz;
	if (nvmet_emu_data_read(emu, sqe, (size_t)nlb * lbasz, off, &b, 1) == 1) {
		b ^= 0xff;
		nvmet_emu_data_write(emu, sqe, (size_t)nlb * lbasz, off, &b, 1);
	}
	return NVMET_EMU_CONTINUE;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	uint64_t lba, every, offset, nsid;
	struct corrupt_read *c;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (!ret)
		ret = plugin_arg(args, "lba", 0, 0, UINT64_MAX, &lba);
	if (!ret)
		ret = plugin_arg(args, "every", 1, 1, UINT64_MAX, &every);
	if (!ret)
		ret = plugin_arg(args, "offset", 0, 0, 4095, &offset);
	if (!ret)
		ret = plugin_arg(args, "nsid", 0, 0, UINT32_MAX, &nsid);
	if (ret)
		return ret;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->by_lba = plugin_arg_present(args, "lba") || !plugin_arg_present(args, "every");
	c->lba = lba;
	c->every = every;
	c->offset = (uint32_t)offset;
	c->any_nsid = !plugin_arg_present(args, "nsid");
	c->nsid = (uint32_t)nsid;
	ret = nvmet_emu_attach(emu, "nvme:io:writeback", on_io, c);
	if (ret) {
		free(c);
		return ret;
	}
	*priv = c;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	nvmet_emu_detach(emu, "nvme:io:writeback", on_io, priv);
	free(priv);
}
