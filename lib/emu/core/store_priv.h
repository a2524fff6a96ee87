/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store_priv.h - the inside of a namespace's store, shared by its
 * parts: the radix tree of pages (store_tree.c), the page allocator
 * (store_page.c), the memory and file
 * backends (store_mem.c, store_file.c) and the front with the
 * volatile write cache (store.c).
 *
 * The cache keeps an undo tree: the first write to a page since the last
 * flush saves what the page held before (a copy, or EMU_UNDO_ZERO when it
 * read as zero). A flush forgets the saved pages; a power loss puts them
 * back. Reads never look at the undo tree.
 */
#ifndef NVMET_EMU_STORE_PRIV_H
#define NVMET_EMU_STORE_PRIV_H

#include <string.h>

#include "core.h"

#define EMU_PAGE_SHIFT		12
#define EMU_TREE_BITS		9
#define EMU_TREE_FAN		(1u << EMU_TREE_BITS)
#define EMU_UNDO_ZERO		((void *)1)	/* the page read as zero */

/**
 * struct emu_tree - a radix tree of pointers indexed by page number
 * @root: EMU_TREE_FAN slots; the nodes below are allocated on demand
 * @top: bit shift of the root's index (0: the root's slots are leaves)
 * @st: the store whose slabs hold the nodes
 */
struct emu_tree {
	void **root;
	unsigned int top;
	struct emu_store *st;
};

struct emu_store {
	uint64_t bytes;
	uint64_t npages;
	int fd;			/* -1: memory */
	uint64_t file_off;
	bool no_punch;		/* the file system cannot punch holes */
	bool vwc;		/* a volatile write cache is present */
	bool cache_on;		/* ... and enabled */
	bool undo_dirty;	/* the undo tree may hold something */
	struct emu_tree data;	/* memory backend: the pages */
	struct emu_tree undo;	/* cache: pages as they were at the last flush */
	uint64_t pages;		/* data pages held, in both trees */
	struct emu_slab *slabs;	/* where pages are allocated: those with room */
};

/* A leaf taken out of a tree; it belongs to the callback now. */
typedef void (*emu_tree_leaf_fn)(struct emu_store *st, uint64_t idx, void *leaf);

NVMET_HIDDEN int emu_tree_init(struct emu_tree *t, struct emu_store *st, uint64_t nr);
/* Remove every leaf, then the nodes. */
NVMET_HIDDEN void emu_tree_fini(struct emu_tree *t, emu_tree_leaf_fn fn, struct emu_store *st);
/* The slot of leaf @idx, creating the nodes on the way; NULL without memory. */
NVMET_HIDDEN void **emu_tree_slot(struct emu_tree *t, uint64_t idx);
/* The slot of leaf @idx when its nodes exist, else NULL. */
NVMET_HIDDEN void **emu_tree_find(const struct emu_tree *t, uint64_t idx);
/* Take the leaves of [@first, @end) out, freeing the nodes left empty. */
NVMET_HIDDEN void emu_tree_take(struct emu_tree *t, uint64_t first, uint64_t end,
			      emu_tree_leaf_fn fn, struct emu_store *st);

static inline void *emu_tree_get(const struct emu_tree *t, uint64_t idx)
{
	void *const *n = t->root;
	unsigned int s;

	for (s = t->top; s; s -= EMU_TREE_BITS) {
		n = n[(idx >> s) & (EMU_TREE_FAN - 1)];
		if (!n)
			return NULL;
	}
	return n[idx & (EMU_TREE_FAN - 1)];
}

/* Data pages (store_page.c), counted in st->pages. */
NVMET_HIDDEN void *emu_page_alloc(struct emu_store *st);
NVMET_HIDDEN void emu_page_free(struct emu_store *st, void *p);
/* Tree nodes, zeroed, from the same slabs. */
NVMET_HIDDEN void *emu_node_alloc(struct emu_store *st);
NVMET_HIDDEN void emu_node_free(struct emu_store *st, void *n);
/* Slot @u of the undo tree takes @saved. */
static inline void emu_undo_set(struct emu_store *st, void **u, void *saved)
{
	*u = saved;
	st->undo_dirty = true;
}

/* A position in a host buffer. */
struct emu_cur {
	const struct iovec *iov;
	size_t off;
};

/* Copy @n bytes of @src (zeros when NULL) to the buffer at @c, and advance. */
static inline void emu_cur_to(struct emu_cur *c, const void *src, size_t n)
{
	const uint8_t *s = src;
	size_t m;

	while (n) {
		m = c->iov->iov_len - c->off;
		if (m > n)
			m = n;
		if (s) {
			memcpy((uint8_t *)c->iov->iov_base + c->off, s, m);
			s += m;
		} else {
			memset((uint8_t *)c->iov->iov_base + c->off, 0, m);
		}
		n -= m;
		c->off += m;
		if (c->off == c->iov->iov_len) {
			c->iov++;
			c->off = 0;
		}
	}
}

/* Copy @n bytes from the buffer at @c to @dst, and advance. */
static inline void emu_cur_from(struct emu_cur *c, void *dst, size_t n)
{
	uint8_t *d = dst;
	size_t m;

	while (n) {
		m = c->iov->iov_len - c->off;
		if (m > n)
			m = n;
		memcpy(d, (const uint8_t *)c->iov->iov_base + c->off, m);
		d += m;
		n -= m;
		c->off += m;
		if (c->off == c->iov->iov_len) {
			c->iov++;
			c->off = 0;
		}
	}
}

/* Memory backend. */
NVMET_HIDDEN void emu_store_mem_readv(struct emu_store *st, uint64_t off, const struct iovec *iov,
				    size_t len);
NVMET_HIDDEN int emu_store_mem_writev(struct emu_store *st, uint64_t off, const struct iovec *iov,
				    size_t len);
NVMET_HIDDEN int emu_store_mem_zero(struct emu_store *st, uint64_t off, uint64_t len);
NVMET_HIDDEN void emu_store_mem_restore(struct emu_store *st, uint64_t pg, void *saved);

/* File backend. */
NVMET_HIDDEN int emu_store_file_open(struct emu_store *st, const char *path);
NVMET_HIDDEN int emu_store_file_readv(struct emu_store *st, uint64_t off, const struct iovec *iov,
				    size_t len);
NVMET_HIDDEN int emu_store_file_writev(struct emu_store *st, uint64_t off, const struct iovec *iov,
				     size_t len);
NVMET_HIDDEN int emu_store_file_zero(struct emu_store *st, uint64_t off, uint64_t len);
NVMET_HIDDEN void emu_store_file_restore(struct emu_store *st, uint64_t pg, void *saved);

#endif /* NVMET_EMU_STORE_PRIV_H */
