/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sg.h - a command's data as the controller core sees it: host memory in
 * pieces, handed over by the front end (the PCIe front end resolves PRPs
 * and SGLs into registered memory; a fabrics front end would hand a
 * staging buffer), and copied to or from by the core.
 */
#ifndef NVMET_EMU_SG_H
#define NVMET_EMU_SG_H

#include <stddef.h>
#include <sys/uio.h>

#include "support/compiler.h"

#define EMU_SG_INLINE		8	/* iovecs without allocation */

/**
 * struct emu_sg - a command's data buffer, resolved to host memory
 * @iov: the pieces (points at @inl or at a heap array)
 * @n: pieces used
 * @cap: entries @iov can hold
 * @len: total bytes
 * @inl: the first pieces, without allocation
 */
struct emu_sg {
	struct iovec *iov;
	unsigned int n;
	unsigned int cap;
	size_t len;
	struct iovec inl[EMU_SG_INLINE];
};

/* Empty, on its inline pieces. */
NVMET_HIDDEN void emu_sg_init(struct emu_sg *sg);
/* Append @len bytes at @va (merged with the last piece when they touch): 0 or -ENOMEM. */
NVMET_HIDDEN int emu_sg_add(struct emu_sg *sg, void *va, size_t len);
NVMET_HIDDEN void emu_sg_release(struct emu_sg *sg);
/* Copy between a resolved buffer at byte @off and flat memory. Return bytes copied. */
NVMET_HIDDEN size_t emu_sg_to_host(struct emu_sg *sg, size_t off, const void *src, size_t n);
NVMET_HIDDEN size_t emu_sg_from_host(const struct emu_sg *sg, size_t off, void *dst, size_t n);

#endif /* NVMET_EMU_SG_H */
