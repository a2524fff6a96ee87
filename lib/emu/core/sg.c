// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sg.c - a command's data in host memory, in pieces: built by the front
 * end, copied to and from by the core.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sg.h"

void emu_sg_init(struct emu_sg *sg)
{
	sg->iov = sg->inl;
	sg->n = 0;
	sg->cap = EMU_SG_INLINE;
	sg->len = 0;
}

int emu_sg_add(struct emu_sg *sg, void *va, size_t len)
{
	struct iovec *last = sg->n ? &sg->iov[sg->n - 1] : NULL;

	if (last && (uint8_t *)last->iov_base + last->iov_len == va) {
		last->iov_len += len;
	} else {
		if (sg->n == sg->cap) {
			unsigned int cap = sg->cap * 2;
			struct iovec *n = malloc(cap * sizeof(*n));

			if (!n)
				return -ENOMEM;
			memcpy(n, sg->iov, sg->n * sizeof(*n));
			if (sg->iov != sg->inl)
				free(sg->iov);
			sg->iov = n;
			sg->cap = cap;
		}
		sg->iov[sg->n].iov_base = va;
		sg->iov[sg->n].iov_len = len;
		sg->n++;
	}
	sg->len += len;
	return 0;
}

void emu_sg_release(struct emu_sg *sg)
{
	if (sg->iov && sg->iov != sg->inl)
		free(sg->iov);
	sg->iov = sg->inl;
	sg->n = 0;
}

/* Copy @n bytes between byte @off of @sg and @flat, in the direction @to_host says. */
static size_t sg_copy(const struct emu_sg *sg, size_t off, void *flat, size_t n, bool to_host)
{
	uint8_t *f = flat;
	size_t done = 0;
	unsigned int i;

	for (i = 0; i < sg->n && done < n; i++) {
		size_t l = sg->iov[i].iov_len, take;
		uint8_t *p = sg->iov[i].iov_base;

		if (off >= l) {
			off -= l;
			continue;
		}
		take = l - off < n - done ? l - off : n - done;
		if (to_host)
			memcpy(p + off, f + done, take);
		else
			memcpy(f + done, p + off, take);
		done += take;
		off = 0;
	}
	return done;
}

size_t emu_sg_to_host(struct emu_sg *sg, size_t off, const void *src, size_t n)
{
	return sg_copy(sg, off, (void *)(uintptr_t)src, n, true);
}

size_t emu_sg_from_host(const struct emu_sg *sg, size_t off, void *dst, size_t n)
{
	return sg_copy(sg, off, dst, n, false);
}
