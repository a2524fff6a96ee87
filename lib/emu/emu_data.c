// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * emu_data.c - plug-ins' access to a command's data in host memory.
 */
#include <errno.h>

#include "emu_priv.h"

static long data_copy(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len, size_t off,
		      void *rbuf, const void *wbuf, size_t n)
{
	struct emu_sg sg;
	uint16_t st;
	long ret;

	if (!emu || !sqe || (!rbuf && !wbuf))
		return -EINVAL;
	if (off >= len)
		return 0;
	if (n > len - off)
		n = len - off;
	st = emu_dptr_map(emu, sqe, len, false, &sg);
	if (st)
		ret = -EFAULT;
	else if (rbuf)
		ret = (long)emu_sg_from_host(&sg, off, rbuf, n);
	else
		ret = (long)emu_sg_to_host(&sg, off, wbuf, n);
	emu_sg_release(&sg);
	return ret;
}

long nvmet_emu_data_read(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			 size_t off, void *buf, size_t n)
{
	return data_copy(emu, sqe, len, off, buf, NULL, n);
}

long nvmet_emu_data_write(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			  size_t off, const void *buf, size_t n)
{
	return data_copy(emu, sqe, len, off, NULL, buf, n);
}

unsigned int nvmet_emu_lba_size(struct nvmet_emu *emu, uint32_t nsid)
{
	if (!emu || !nsid || nsid > EMU_MAX_NS || !emu->ns[nsid] || !emu->ns[nsid]->attached)
		return 0;
	return 1u << emu->ns[nsid]->lba_shift;
}
