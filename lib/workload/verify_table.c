// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_table.c - the sparse table of check values behind inline
 * verification: a radix tree sized from the namespace capacity whose
 * index nodes and leaves are allocated on the first write in their range,
 * with whole subtrees marked "unknown" (nothing allocated) or "all zero".
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "verify_priv.h"

#define LEAF_SHIFT	((unsigned int)__builtin_ctz(NVMET_VERIFY_LEAF_LBAS))
#define SLOT_MASK	(NVMET_VTREE_FANOUT - 1u)

_Static_assert((NVMET_VERIFY_LEAF_LBAS & (NVMET_VERIFY_LEAF_LBAS - 1)) == 0,
	       "NVMET_VERIFY_LEAF_LBAS is a power of two");

struct vt_node {
	_Atomic uintptr_t slot[NVMET_VTREE_FANOUT];
};

struct vt_leaf {
	_Atomic uint16_t v[NVMET_VERIFY_LEAF_LBAS];
};

struct nvmet_vtree {
	uint64_t nlbas;
	uint32_t lba_size;
	unsigned int root_shift;	/* log2 of the LBAs under one root slot */
	_Atomic uint64_t bytes;
	struct vt_node root;
};

static void bytes_add(struct nvmet_vtree *t, int64_t n)
{
	atomic_fetch_add_explicit(&t->bytes, (uint64_t)n, memory_order_relaxed);
}

struct nvmet_vtree *nvmet_vtree_new(uint64_t nlbas, uint32_t lba_size, uint16_t value)
{
	struct nvmet_vtree *t;
	unsigned int shift = LEAF_SHIFT, i;

	if (value > NVMET_VERIFY_ZERO)
		return NULL;
	/* The fewest levels whose root covers every LBA. */
	while (shift + NVMET_VTREE_SHIFT < 64 && (nlbas - 1) >> shift >= NVMET_VTREE_FANOUT)
		shift += NVMET_VTREE_SHIFT;
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->nlbas = nlbas;
	t->lba_size = lba_size;
	t->root_shift = shift;
	for (i = 0; i < NVMET_VTREE_FANOUT; i++)
		atomic_init(&t->root.slot[i], value);
	atomic_init(&t->bytes, sizeof(*t));
	return t;
}

uint64_t nvmet_vtree_nlbas(const struct nvmet_vtree *t)
{
	return t->nlbas;
}

uint32_t nvmet_vtree_lba_size(const struct nvmet_vtree *t)
{
	return t->lba_size;
}

uint64_t nvmet_vtree_bytes(const struct nvmet_vtree *t)
{
	return atomic_load_explicit(&t->bytes, memory_order_relaxed);
}

/* Free the child @c of a slot covering 2^@shift LBAs, and everything below it. */
static void subtree_free(struct nvmet_vtree *t, uintptr_t c, unsigned int shift)
{
	struct vt_node *n = (struct vt_node *)c;
	unsigned int i;

	if (shift == LEAF_SHIFT) {
		free((void *)c);
		bytes_add(t, -(int64_t)NVMET_VTREE_LEAF_BYTES);
		return;
	}
	for (i = 0; i < NVMET_VTREE_FANOUT; i++) {
		uintptr_t s = atomic_load_explicit(&n->slot[i], memory_order_relaxed);

		if (s > NVMET_VERIFY_ZERO)
			subtree_free(t, s, shift - NVMET_VTREE_SHIFT);
	}
	free(n);
	bytes_add(t, -(int64_t)NVMET_VTREE_NODE_BYTES);
}

void nvmet_vtree_free(struct nvmet_vtree *t)
{
	unsigned int i;

	if (!t)
		return;
	for (i = 0; i < NVMET_VTREE_FANOUT; i++) {
		uintptr_t s = atomic_load_explicit(&t->root.slot[i], memory_order_relaxed);

		if (s > NVMET_VERIFY_ZERO)
			subtree_free(t, s, t->root_shift);
	}
	free(t);
}

/* A new child for a slot covering 2^@shift LBAs, every LBA under it at @fill. */
static uintptr_t child_new(struct nvmet_vtree *t, unsigned int shift, uintptr_t fill)
{
	unsigned int i;

	if (shift == LEAF_SHIFT) {
		struct vt_leaf *l = fill ? malloc(sizeof(*l)) : calloc(1, sizeof(*l));

		if (!l)
			return 0;
		for (i = 0; fill && i < NVMET_VERIFY_LEAF_LBAS; i++)
			atomic_init(&l->v[i], (uint16_t)fill);
		bytes_add(t, NVMET_VTREE_LEAF_BYTES);
		return (uintptr_t)l;
	} else {
		struct vt_node *n = malloc(sizeof(*n));

		if (!n)
			return 0;
		for (i = 0; i < NVMET_VTREE_FANOUT; i++)
			atomic_init(&n->slot[i], fill);
		bytes_add(t, NVMET_VTREE_NODE_BYTES);
		return (uintptr_t)n;
	}
}

/*
 * The child of @slot (covering 2^@shift LBAs), made from its marker if it
 * has none. Another thread may install one first: then its child is used.
 */
static uintptr_t slot_child(struct nvmet_vtree *t, _Atomic uintptr_t *slot, unsigned int shift)
{
	uintptr_t s = atomic_load_explicit(slot, memory_order_acquire);

	while (s <= NVMET_VERIFY_ZERO) {
		uintptr_t c = child_new(t, shift, s);

		if (!c)
			return 0;
		if (atomic_compare_exchange_strong_explicit(slot, &s, c, memory_order_acq_rel,
							    memory_order_acquire))
			return c;
		/* Lost the race: a fresh child has nothing below it. */
		free((void *)c);
		bytes_add(t, -(int64_t)(shift == LEAF_SHIFT ? NVMET_VTREE_LEAF_BYTES :
				       NVMET_VTREE_NODE_BYTES));
	}
	return s;
}

const _Atomic uint16_t *nvmet_vtree_leaf(const struct nvmet_vtree *t, uint64_t lba,
					 uint16_t *uniform)
{
	const struct vt_node *n = &t->root;
	unsigned int shift = t->root_shift;
	uintptr_t s;

	for (;;) {
		s = atomic_load_explicit(&n->slot[(lba >> shift) & SLOT_MASK],
					 memory_order_acquire);
		if (s <= NVMET_VERIFY_ZERO) {
			*uniform = (uint16_t)s;
			return NULL;
		}
		if (shift == LEAF_SHIFT)
			return ((const struct vt_leaf *)s)->v;
		n = (const struct vt_node *)s;
		shift -= NVMET_VTREE_SHIFT;
	}
}

_Atomic uint16_t *nvmet_vtree_leaf_make(struct nvmet_vtree *t, uint64_t lba)
{
	struct vt_node *n = &t->root;
	unsigned int shift = t->root_shift;
	uintptr_t c;

	for (;;) {
		c = slot_child(t, &n->slot[(lba >> shift) & SLOT_MASK], shift);
		if (!c)
			return NULL;
		if (shift == LEAF_SHIFT)
			return ((struct vt_leaf *)c)->v;
		n = (struct vt_node *)c;
		shift -= NVMET_VTREE_SHIFT;
	}
}

static int node_set(struct nvmet_vtree *t, struct vt_node *n, unsigned int shift, uint64_t base,
		    uint64_t first, uint64_t last, uint16_t value);

/*
 * Set LBAs @first..@last (inclusive) under @slot, which covers 2^@shift
 * LBAs from @base, to @value.
 */
static int slot_set(struct nvmet_vtree *t, _Atomic uintptr_t *slot, unsigned int shift,
		    uint64_t base, uint64_t first, uint64_t last, uint16_t value)
{
	uint64_t end = base + ((1ull << shift) - 1);
	uintptr_t c;

	if (first <= base && last >= end) {
		/* The whole subtree: a marker, and what was below goes. */
		c = atomic_exchange_explicit(slot, value, memory_order_acq_rel);
		if (c > NVMET_VERIFY_ZERO)
			subtree_free(t, c, shift);
		return 0;
	}
	if (atomic_load_explicit(slot, memory_order_acquire) == value)
		return 0;
	c = slot_child(t, slot, shift);
	if (!c)
		return -ENOMEM;
	if (shift == LEAF_SHIFT) {
		struct vt_leaf *l = (struct vt_leaf *)c;
		uint64_t lba = first > base ? first : base;
		uint64_t stop = last < end ? last : end;

		for (; lba <= stop; lba++)
			atomic_store_explicit(&l->v[lba - base], value, memory_order_relaxed);
		return 0;
	}
	return node_set(t, (struct vt_node *)c, shift - NVMET_VTREE_SHIFT, base, first, last,
			value);
}

/* Set LBAs @first..@last of the node @n (slots of 2^@shift LBAs from @base) to @value. */
static int node_set(struct nvmet_vtree *t, struct vt_node *n, unsigned int shift, uint64_t base,
		    uint64_t first, uint64_t last, uint16_t value)
{
	unsigned int i = first > base ? (unsigned int)((first - base) >> shift) : 0;
	int ret = 0;

	for (; !ret && i < NVMET_VTREE_FANOUT; i++) {
		uint64_t sbase = base + ((uint64_t)i << shift);

		if (sbase > last)
			break;
		ret = slot_set(t, &n->slot[i], shift, sbase, first, last, value);
		/* The last slot of the widest root may end at 2^64. */
		if (sbase + ((1ull << shift) - 1) == UINT64_MAX)
			break;
	}
	return ret;
}

int nvmet_vtree_set(struct nvmet_vtree *t, uint64_t slba, uint64_t nlb, uint16_t value)
{
	if (value > NVMET_VERIFY_ZERO)
		return -EINVAL;
	if (!nlb)
		return 0;
	if (slba >= t->nlbas || nlb > t->nlbas - slba)
		return -ERANGE;
	return node_set(t, &t->root, t->root_shift, 0, slba, slba + nlb - 1, value);
}
