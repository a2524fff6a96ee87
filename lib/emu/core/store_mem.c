// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store_mem.c - a store in sparse memory: 4 KiB pages in a radix tree,
 * made on the first write, freed when zeroed; a missing page reads as
 * zeros. With the cache on, the page a write or a zero replaces goes to
 * the undo tree instead of being overwritten or freed.
 */
#include <errno.h>

#include "store_priv.h"

void emu_store_mem_readv(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	struct emu_cur c = { .iov = iov };
	const uint8_t *p;
	size_t po, n;

	while (len) {
		po = off & (EMU_PAGE - 1);
		n = EMU_PAGE - po < len ? EMU_PAGE - po : len;
		p = emu_tree_get(&st->data, off >> EMU_PAGE_SHIFT);
		emu_cur_to(&c, p ? p + po : NULL, n);
		off += n;
		len -= n;
	}
}

/* A new page whose bytes outside [@po, @po + @n) are those of @old (zeros when NULL). */
static uint8_t *page_new(struct emu_store *st, const uint8_t *old, size_t po, size_t n)
{
	uint8_t *p = emu_page_alloc(st);

	if (!p || n == EMU_PAGE)
		return p;
	if (old) {
		memcpy(p, old, EMU_PAGE);
	} else {
		memset(p, 0, po);
		memset(p + po + n, 0, EMU_PAGE - po - n);
	}
	return p;
}

/* The page to write [@po, @po + @n) of page @pg into, after saving it for the cache. */
static uint8_t *page_for_write(struct emu_store *st, uint64_t pg, size_t po, size_t n)
{
	void **slot = emu_tree_slot(&st->data, pg), **u;
	uint8_t *p;

	if (!slot)
		return NULL;
	if (st->cache_on) {
		u = emu_tree_slot(&st->undo, pg);
		if (!u)
			return NULL;
		if (!*u) {
			p = page_new(st, *slot, po, n);
			if (!p)
				return NULL;
			emu_undo_set(st, u, *slot ? *slot : EMU_UNDO_ZERO);
			*slot = p;
			return p;
		}
	}
	if (!*slot)
		*slot = page_new(st, NULL, po, n);
	return *slot;
}

int emu_store_mem_writev(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	struct emu_cur c = { .iov = iov };
	uint8_t *p;
	size_t po, n;

	while (len) {
		po = off & (EMU_PAGE - 1);
		n = EMU_PAGE - po < len ? EMU_PAGE - po : len;
		p = page_for_write(st, off >> EMU_PAGE_SHIFT, po, n);
		if (!p)
			return -ENOMEM;
		emu_cur_from(&c, p + po, n);
		off += n;
		len -= n;
	}
	return 0;
}

static int zero_part(struct emu_store *st, uint64_t pg, size_t po, size_t n)
{
	uint8_t *p;

	if (!emu_tree_get(&st->data, pg))
		return 0;
	p = page_for_write(st, pg, po, n);
	if (!p)
		return -ENOMEM;
	memset(p + po, 0, n);
	return 0;
}

/* A whole page zeroed: kept for the cache when it has no saved copy yet, else freed. */
static void page_drop(struct emu_store *st, uint64_t pg, void *page)
{
	void **u;

	if (st->cache_on) {
		u = emu_tree_slot(&st->undo, pg);
		if (u && !*u) {
			emu_undo_set(st, u, page);
			return;
		}
	}
	emu_page_free(st, page);
}

int emu_store_mem_zero(struct emu_store *st, uint64_t off, uint64_t len)
{
	uint64_t end = off + len, first, last;
	size_t po = off & (EMU_PAGE - 1);
	int ret;

	/* The store's last page may be partial: all of it is "whole" here. */
	if (end == st->bytes)
		end = st->npages << EMU_PAGE_SHIFT;
	first = (off + EMU_PAGE - 1) >> EMU_PAGE_SHIFT;
	last = end >> EMU_PAGE_SHIFT;
	if (first > last) /* inside one page */
		return zero_part(st, off >> EMU_PAGE_SHIFT, po, len);
	if (po) {
		ret = zero_part(st, off >> EMU_PAGE_SHIFT, po, EMU_PAGE - po);
		if (ret)
			return ret;
	}
	emu_tree_take(&st->data, first, last, page_drop, st);
	if (end & (EMU_PAGE - 1))
		return zero_part(st, last, 0, end & (EMU_PAGE - 1));
	return 0;
}

void emu_store_mem_restore(struct emu_store *st, uint64_t pg, void *saved)
{
	void **slot;

	if (saved == EMU_UNDO_ZERO) {
		slot = emu_tree_find(&st->data, pg);
		if (slot && *slot) {
			emu_page_free(st, *slot);
			*slot = NULL;
		}
		return;
	}
	slot = emu_tree_slot(&st->data, pg);
	if (!slot) {
		emu_page_free(st, saved);
		return;
	}
	if (*slot)
		emu_page_free(st, *slot);
	*slot = saved;
}
