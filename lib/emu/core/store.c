// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store.c - a namespace's data: the front of the store (range checks,
 * the choice of backend) and its volatile write cache, kept as an undo
 * tree that a flush empties and a power loss plays back.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "store_priv.h"

static void leaf_free(struct emu_store *st, uint64_t idx, void *leaf)
{
	(void)idx;
	if (leaf != EMU_UNDO_ZERO)
		emu_page_free(st, leaf);
}

static void leaf_restore(struct emu_store *st, uint64_t idx, void *leaf)
{
	if (st->fd < 0)
		emu_store_mem_restore(st, idx, leaf);
	else
		emu_store_file_restore(st, idx, leaf);
}

int emu_store_open(const char *file, uint64_t file_off, uint64_t bytes, bool vwc,
		   struct emu_store **out)
{
	struct emu_store *st;
	int ret;

	if (!bytes || bytes > UINT64_MAX - file_off - EMU_PAGE)
		return -EINVAL;
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->bytes = bytes;
	st->npages = (bytes + EMU_PAGE - 1) >> EMU_PAGE_SHIFT;
	st->fd = -1;
	st->file_off = file_off;
	st->vwc = vwc;
	st->cache_on = vwc;
	ret = vwc ? emu_tree_init(&st->undo, st, st->npages) : 0;
	if (!ret && file && *file)
		ret = emu_store_file_open(st, file);
	else if (!ret)
		ret = emu_tree_init(&st->data, st, st->npages);
	if (ret) {
		emu_store_close(st);
		return ret;
	}
	*out = st;
	return 0;
}

void emu_store_close(struct emu_store *st)
{
	if (!st)
		return;
	emu_tree_fini(&st->undo, leaf_free, st);
	emu_tree_fini(&st->data, leaf_free, st);
	if (st->fd >= 0)
		close(st->fd);
	free(st);
}

static bool out_of_range(const struct emu_store *st, uint64_t off, uint64_t len)
{
	return off > st->bytes || len > st->bytes - off;
}

static int readv_iov(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	if (out_of_range(st, off, len))
		return -ERANGE;
	if (st->fd >= 0)
		return emu_store_file_readv(st, off, iov, len);
	emu_store_mem_readv(st, off, iov, len);
	return 0;
}

static int writev_iov(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	if (out_of_range(st, off, len))
		return -ERANGE;
	if (st->fd >= 0)
		return emu_store_file_writev(st, off, iov, len);
	return emu_store_mem_writev(st, off, iov, len);
}

int emu_store_read(struct emu_store *st, uint64_t off, void *buf, size_t len)
{
	struct iovec v = { .iov_base = buf, .iov_len = len };

	return readv_iov(st, off, &v, len);
}

int emu_store_write(struct emu_store *st, uint64_t off, const void *buf, size_t len)
{
	struct iovec v = { .iov_base = (void *)buf, .iov_len = len };

	return writev_iov(st, off, &v, len);
}

int emu_store_readv(struct emu_store *st, uint64_t off, struct emu_sg *sg, size_t len)
{
	if (len > sg->len)
		return -EINVAL;
	return readv_iov(st, off, sg->iov, len);
}

int emu_store_writev(struct emu_store *st, uint64_t off, const struct emu_sg *sg, size_t len)
{
	if (len > sg->len)
		return -EINVAL;
	return writev_iov(st, off, sg->iov, len);
}

int emu_store_zero(struct emu_store *st, uint64_t off, uint64_t len)
{
	if (out_of_range(st, off, len))
		return -ERANGE;
	if (!len)
		return 0;
	if (st->fd >= 0)
		return emu_store_file_zero(st, off, len);
	return emu_store_mem_zero(st, off, len);
}

int emu_store_flush(struct emu_store *st)
{
	if (st->undo_dirty) {
		emu_tree_take(&st->undo, 0, st->npages, leaf_free, st);
		st->undo_dirty = false;
	}
	return 0;
}

void emu_store_flush_range(struct emu_store *st, uint64_t off, uint64_t len)
{
	if (st->undo_dirty && len && !out_of_range(st, off, len))
		emu_tree_take(&st->undo, off >> EMU_PAGE_SHIFT,
			      ((off + len - 1) >> EMU_PAGE_SHIFT) + 1, leaf_free, st);
}

void emu_store_power_loss(struct emu_store *st)
{
	if (st->undo_dirty) {
		emu_tree_take(&st->undo, 0, st->npages, leaf_restore, st);
		st->undo_dirty = false;
	}
}

void emu_store_set_vwc(struct emu_store *st, bool on)
{
	if (!st->vwc)
		return;
	if (!on)
		emu_store_flush(st);
	st->cache_on = on;
}

uint64_t emu_store_resident(const struct emu_store *st)
{
	return st->pages * EMU_PAGE;
}
