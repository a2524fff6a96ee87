// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * data.c - a command's data, as the core reaches it: through the front
 * end (one call, emu_data_map()), for the command sets and for plug-ins.
 */
#include <errno.h>

#include "core.h"

uint16_t emu_data_map(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len, bool admin,
		      struct emu_sg *sg)
{
	emu_sg_init(sg);
	if (!len)
		return 0;
	return emu->fe_ops->data_map(emu->fe, sqe, len, admin, sg);
}

uint16_t emu_xfer(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, void *flat, size_t len,
		  bool admin, bool to_host)
{
	struct emu_sg sg;
	uint16_t st = emu_data_map(emu, sqe, len, admin, &sg);
	size_t n = 0;

	if (!st)
		n = to_host ? emu_sg_to_host(&sg, 0, flat, len) : emu_sg_from_host(&sg, 0, flat, len);
	emu_sg_release(&sg);
	if (!st && n != len)
		st = ST_GENERIC(NVMET_SC_DATA_XFER_ERROR);
	return st;
}

uint16_t emu_xfer_to_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, const void *src,
			  size_t len)
{
	return emu_xfer(emu, sqe, (void *)(uintptr_t)src, len, true, true);
}

uint16_t emu_xfer_from_host(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, void *dst,
			    size_t len)
{
	return emu_xfer(emu, sqe, dst, len, true, false);
}

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
	st = emu_data_map(emu, sqe, len, false, &sg);
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
