// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store_page.c - the data pages and tree nodes of a store, carved out
 * of 2 MiB slabs that ask for transparent huge pages: random reads over
 * written data then miss the TLB far less than with malloc()'s pages. A
 * slab goes back to the system when its last page is freed.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "store_priv.h"

#define SLAB_BYTES	(2u << 20)
#define SLAB_PAGES	(SLAB_BYTES / EMU_PAGE)

/* Lives in the slab's first page. */
struct emu_slab {
	struct emu_slab *next, *prev;	/* slabs with room */
	void *free;			/* freed pages, linked through their first word */
	unsigned int used;		/* pages handed out */
	unsigned int fresh;		/* first page never handed out */
	bool listed;
};

static struct emu_slab *slab_of(void *p)
{
	return (struct emu_slab *)((uintptr_t)p & ~(uintptr_t)(SLAB_BYTES - 1));
}

static void slab_link(struct emu_store *st, struct emu_slab *s)
{
	s->prev = NULL;
	s->next = st->slabs;
	if (s->next)
		s->next->prev = s;
	st->slabs = s;
	s->listed = true;
}

static void slab_unlink(struct emu_store *st, struct emu_slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		st->slabs = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->listed = false;
}

static struct emu_slab *slab_new(struct emu_store *st)
{
	uint8_t *m = mmap(NULL, 2 * SLAB_BYTES, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;
	struct emu_slab *s;

	if (m == MAP_FAILED)
		return NULL;
	/* Keep the 2 MiB aligned half, so that a page finds its slab by masking. */
	a = ((uintptr_t)m + SLAB_BYTES - 1) & ~(uintptr_t)(SLAB_BYTES - 1);
	if (a > (uintptr_t)m)
		munmap(m, a - (uintptr_t)m);
	munmap((void *)(a + SLAB_BYTES), (uintptr_t)m + SLAB_BYTES - a);
	madvise((void *)a, SLAB_BYTES, MADV_HUGEPAGE);
	s = (struct emu_slab *)a;
	s->free = NULL;
	s->used = 0;
	s->fresh = 1;
	slab_link(st, s);
	return s;
}

static void *slab_alloc(struct emu_store *st)
{
	struct emu_slab *s = st->slabs;
	void *p;

	if (!s) {
		s = slab_new(st);
		if (!s)
			return NULL;
	}
	if (s->free) {
		p = s->free;
		s->free = *(void **)p;
	} else {
		p = (uint8_t *)s + (size_t)s->fresh++ * EMU_PAGE;
	}
	s->used++;
	if (!s->free && s->fresh == SLAB_PAGES)
		slab_unlink(st, s);
	return p;
}

static void slab_free(struct emu_store *st, void *p)
{
	struct emu_slab *s = slab_of(p);

	*(void **)p = s->free;
	s->free = p;
	if (!s->listed)
		slab_link(st, s);
	if (--s->used)
		return;
	slab_unlink(st, s);
	munmap(s, SLAB_BYTES);
}

void *emu_page_alloc(struct emu_store *st)
{
	void *p = slab_alloc(st);

	if (p)
		st->pages++;
	return p;
}

void emu_page_free(struct emu_store *st, void *p)
{
	st->pages--;
	slab_free(st, p);
}

void *emu_node_alloc(struct emu_store *st)
{
	void *p = slab_alloc(st);

	if (p)
		memset(p, 0, EMU_PAGE);
	return p;
}

void emu_node_free(struct emu_store *st, void *n)
{
	slab_free(st, n);
}
