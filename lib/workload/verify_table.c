// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_table.c - the sparse table of check values behind inline
 * verification: a radix tree sized from the namespace capacity whose
 * index nodes and leaves are allocated on the first write in their range,
 * with whole subtrees marked "unknown", "all zero" or "zeroed, not yet
 * durable" (nothing allocated), and leaves' second states allocated when
 * an LBA needs one.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "verify_priv.h"

#define LEAF_SHIFT	((unsigned int)__builtin_ctz(NVMET_VERIFY_LEAF_LBAS))
#define SLOT_MASK	(NVMET_VTREE_FANOUT - 1u)
#define LEAF_BYTES	sizeof(struct nvmet_vleaf)
#define AUX_BYTES	sizeof(struct nvmet_vaux)

_Static_assert((NVMET_VERIFY_LEAF_LBAS & (NVMET_VERIFY_LEAF_LBAS - 1)) == 0,
	       "NVMET_VERIFY_LEAF_LBAS is a power of two");

/*
 * Slot values: 0 (UNKNOWN) and 1 (ZERO) markers, epoch << 2 | 2 for
 * "zeroed at that epoch, not durable yet", else a child pointer (malloc
 * alignment keeps its two low bits clear).
 */
#define PENDING_BIT	2u

static inline bool is_marker(uintptr_t s)
{
	return s <= NVMET_VERIFY_ZERO || (s & PENDING_BIT);
}

static inline uintptr_t pending_marker(uint64_t epoch)
{
	return (uintptr_t)(epoch << 2) | PENDING_BIT;
}

static inline uint64_t pending_epoch(uintptr_t s)
{
	return (uint64_t)s >> 2;
}

/* What every LBA under the marker @s reads as. */
static inline uint16_t marker_value(uintptr_t s)
{
	return s == NVMET_VERIFY_UNKNOWN ? NVMET_VERIFY_UNKNOWN : NVMET_VERIFY_ZERO;
}

struct vt_node {
	_Atomic uintptr_t slot[NVMET_VTREE_FANOUT];
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

static void leaf_free(struct nvmet_vtree *t, struct nvmet_vleaf *l)
{
	struct nvmet_vaux *a = atomic_load_explicit(&l->aux, memory_order_relaxed);

	if (a) {
		free(a);
		bytes_add(t, -(int64_t)AUX_BYTES);
	}
	free(l);
	bytes_add(t, -(int64_t)LEAF_BYTES);
}

/* Free the child @c of a slot covering 2^@shift LBAs, and everything below it. */
static void subtree_free(struct nvmet_vtree *t, uintptr_t c, unsigned int shift)
{
	struct vt_node *n = (struct vt_node *)c;
	unsigned int i;

	if (shift == LEAF_SHIFT) {
		leaf_free(t, (struct nvmet_vleaf *)c);
		return;
	}
	for (i = 0; i < NVMET_VTREE_FANOUT; i++) {
		uintptr_t s = atomic_load_explicit(&n->slot[i], memory_order_relaxed);

		if (!is_marker(s))
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

		if (!is_marker(s))
			subtree_free(t, s, t->root_shift);
	}
	free(t);
}

/* A leaf whose every LBA is what the marker @fill says. */
static struct nvmet_vleaf *leaf_new(struct nvmet_vtree *t, uintptr_t fill)
{
	uint16_t value = marker_value(fill);
	struct nvmet_vleaf *l = value ? malloc(sizeof(*l)) : calloc(1, sizeof(*l));
	struct nvmet_vaux *a = NULL;
	unsigned int i;

	if (!l)
		return NULL;
	if (fill & PENDING_BIT) {
		/* Zeros now; before they are durable, whatever was there before (unknown). */
		a = malloc(sizeof(*a));
		if (!a) {
			free(l);
			return NULL;
		}
		nvmet_vlba_aux_init(a, pending_epoch(fill));
		bytes_add(t, AUX_BYTES);
	}
	for (i = 0; value && i < NVMET_VERIFY_LEAF_LBAS; i++)
		atomic_init(&l->v[i], value);
	atomic_init(&l->aux, a);
	bytes_add(t, LEAF_BYTES);
	return l;
}

/* A new child for a slot covering 2^@shift LBAs, every LBA under it at the marker @fill. */
static uintptr_t child_new(struct nvmet_vtree *t, unsigned int shift, uintptr_t fill)
{
	struct vt_node *n;
	unsigned int i;

	if (shift == LEAF_SHIFT)
		return (uintptr_t)leaf_new(t, fill);
	n = malloc(sizeof(*n));
	if (!n)
		return 0;
	for (i = 0; i < NVMET_VTREE_FANOUT; i++)
		atomic_init(&n->slot[i], fill);
	bytes_add(t, NVMET_VTREE_NODE_BYTES);
	return (uintptr_t)n;
}

/*
 * The child of @slot (covering 2^@shift LBAs), made from its marker if it
 * has none. Another thread may install one first: then its child is used.
 */
static uintptr_t slot_child(struct nvmet_vtree *t, _Atomic uintptr_t *slot, unsigned int shift)
{
	uintptr_t s = atomic_load_explicit(slot, memory_order_acquire);

	while (is_marker(s)) {
		uintptr_t c = child_new(t, shift, s);

		if (!c)
			return 0;
		if (atomic_compare_exchange_strong_explicit(slot, &s, c, memory_order_acq_rel,
							    memory_order_acquire))
			return c;
		/* Lost the race: a fresh child has nothing below it but a leaf's second state. */
		subtree_free(t, c, shift);
	}
	return s;
}

struct nvmet_vleaf *nvmet_vtree_leaf(const struct nvmet_vtree *t, uint64_t lba,
				     uint16_t *uniform)
{
	const struct vt_node *n = &t->root;
	unsigned int shift = t->root_shift;
	uintptr_t s;

	for (;;) {
		s = atomic_load_explicit(&n->slot[(lba >> shift) & SLOT_MASK],
					 memory_order_acquire);
		if (is_marker(s)) {
			*uniform = marker_value(s);
			return NULL;
		}
		if (shift == LEAF_SHIFT)
			return (struct nvmet_vleaf *)s;
		n = (const struct vt_node *)s;
		shift -= NVMET_VTREE_SHIFT;
	}
}

struct nvmet_vleaf *nvmet_vtree_leaf_make(struct nvmet_vtree *t, uint64_t lba)
{
	struct vt_node *n = &t->root;
	unsigned int shift = t->root_shift;
	uintptr_t c;

	for (;;) {
		c = slot_child(t, &n->slot[(lba >> shift) & SLOT_MASK], shift);
		if (!c)
			return NULL;
		if (shift == LEAF_SHIFT)
			return (struct nvmet_vleaf *)c;
		n = (struct vt_node *)c;
		shift -= NVMET_VTREE_SHIFT;
	}
}

struct nvmet_vaux *nvmet_vtree_aux_make(struct nvmet_vtree *t, struct nvmet_vleaf *l)
{
	struct nvmet_vaux *a = atomic_load_explicit(&l->aux, memory_order_acquire), *mine;

	if (a)
		return a;
	mine = malloc(sizeof(*mine));
	if (!mine)
		return NULL;
	nvmet_vlba_aux_init(mine, 0);
	if (!atomic_compare_exchange_strong_explicit(&l->aux, &a, mine, memory_order_acq_rel,
						     memory_order_acquire)) {
		free(mine);
		return a;
	}
	bytes_add(t, AUX_BYTES);
	return mine;
}

static int node_set(struct nvmet_vtree *t, struct vt_node *n, unsigned int shift, uint64_t base,
		    uint64_t first, uint64_t last, uintptr_t marker);

/*
 * Set LBAs @first..@last (inclusive, whole leaves) under @slot, which
 * covers 2^@shift LBAs from @base, to @marker.
 */
static int slot_set(struct nvmet_vtree *t, _Atomic uintptr_t *slot, unsigned int shift,
		    uint64_t base, uint64_t first, uint64_t last, uintptr_t marker)
{
	uint64_t end = base + ((1ull << shift) - 1);
	uintptr_t c;

	/* LBAs past the namespace's end do not exist: a slot reaching there is whole. */
	if (end > t->nlbas - 1)
		end = t->nlbas - 1;
	if (first <= base && last >= end) {
		/* The whole subtree: a marker, and what was below goes. */
		c = atomic_exchange_explicit(slot, marker, memory_order_acq_rel);
		if (!is_marker(c))
			subtree_free(t, c, shift);
		return 0;
	}
	if (atomic_load_explicit(slot, memory_order_acquire) == marker)
		return 0;
	c = slot_child(t, slot, shift);
	if (!c)
		return -ENOMEM;
	return node_set(t, (struct vt_node *)c, shift - NVMET_VTREE_SHIFT, base, first, last,
			marker);
}

/* Set LBAs @first..@last of the node @n (slots of 2^@shift LBAs from @base) to @marker. */
static int node_set(struct nvmet_vtree *t, struct vt_node *n, unsigned int shift, uint64_t base,
		    uint64_t first, uint64_t last, uintptr_t marker)
{
	unsigned int i = first > base ? (unsigned int)((first - base) >> shift) : 0;
	int ret = 0;

	for (; !ret && i < NVMET_VTREE_FANOUT; i++) {
		uint64_t sbase = base + ((uint64_t)i << shift);

		if (sbase > last)
			break;
		ret = slot_set(t, &n->slot[i], shift, sbase, first, last, marker);
		/* The last slot of the widest root may end at 2^64. */
		if (sbase + ((1ull << shift) - 1) == UINT64_MAX)
			break;
	}
	return ret;
}

int nvmet_vtree_set(struct nvmet_vtree *t, uint64_t slba, uint64_t nlb, uint16_t value,
		    uint64_t epoch)
{
	uintptr_t marker = value == NVMET_VERIFY_ZERO && epoch ? pending_marker(epoch) : value;

	if (value > NVMET_VERIFY_ZERO || (slba % NVMET_VERIFY_LEAF_LBAS))
		return -EINVAL;
	if (!nlb)
		return 0;
	if (slba >= t->nlbas || nlb > t->nlbas - slba)
		return -ERANGE;
	if ((nlb % NVMET_VERIFY_LEAF_LBAS) && slba + nlb != t->nlbas)
		return -EINVAL;
	return node_set(t, &t->root, t->root_shift, 0, slba, slba + nlb - 1, marker);
}

/* A power loss under @slot (covering 2^@shift LBAs). */
static void slot_power_loss(_Atomic uintptr_t *slot, unsigned int shift, uint64_t flushed)
{
	uintptr_t s = atomic_load_explicit(slot, memory_order_relaxed);
	struct vt_node *n;
	unsigned int i;

	if (s & PENDING_BIT) {
		/* Zeroed before the last flush: durable; after it: lost, or not. */
		atomic_store_explicit(slot, pending_epoch(s) <= flushed ? NVMET_VERIFY_ZERO :
					    NVMET_VERIFY_UNKNOWN, memory_order_relaxed);
		return;
	}
	if (is_marker(s))
		return;
	if (shift == LEAF_SHIFT) {
		nvmet_vlba_power_loss((struct nvmet_vleaf *)s, flushed);
		return;
	}
	n = (struct vt_node *)s;
	for (i = 0; i < NVMET_VTREE_FANOUT; i++)
		slot_power_loss(&n->slot[i], shift - NVMET_VTREE_SHIFT, flushed);
}

void nvmet_vtree_power_loss(struct nvmet_vtree *t, uint64_t flushed)
{
	unsigned int i;

	for (i = 0; i < NVMET_VTREE_FANOUT; i++)
		slot_power_loss(&t->root.slot[i], t->root_shift, flushed);
}
