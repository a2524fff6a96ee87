// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store_tree.c - a radix tree of page pointers for the emulated
 * controller's stores: 512 slots a node (a page), as deep as the capacity
 * needs, nodes made on the first write below them and freed when emptied.
 */
#include <errno.h>

#include "store_priv.h"

int emu_tree_init(struct emu_tree *t, struct emu_store *st, uint64_t nr)
{
	unsigned int bits = 0;

	while (bits < 64 && (1ull << bits) < nr)
		bits++;
	t->top = bits > EMU_TREE_BITS ? (bits - 1) / EMU_TREE_BITS * EMU_TREE_BITS : 0;
	t->st = st;
	t->root = emu_node_alloc(st);
	return t->root ? 0 : -ENOMEM;
}

void **emu_tree_find(const struct emu_tree *t, uint64_t idx)
{
	void **n = t->root;
	unsigned int s;

	for (s = t->top; s; s -= EMU_TREE_BITS) {
		n = n[(idx >> s) & (EMU_TREE_FAN - 1)];
		if (!n)
			return NULL;
	}
	return &n[idx & (EMU_TREE_FAN - 1)];
}

void **emu_tree_slot(struct emu_tree *t, uint64_t idx)
{
	void **n = t->root, **next;
	unsigned int s;

	for (s = t->top; s; s -= EMU_TREE_BITS) {
		next = n[(idx >> s) & (EMU_TREE_FAN - 1)];
		if (!next) {
			next = emu_node_alloc(t->st);
			if (!next)
				return NULL;
			n[(idx >> s) & (EMU_TREE_FAN - 1)] = next;
		}
		n = next;
	}
	return &n[idx & (EMU_TREE_FAN - 1)];
}

static bool node_empty(void *const *n)
{
	unsigned int i;

	for (i = 0; i < EMU_TREE_FAN; i++) {
		if (n[i])
			return false;
	}
	return true;
}

/* Node @n holds leaves [@base, @base + (EMU_TREE_FAN << @shift)). True when left empty. */
static bool take_node(void **n, unsigned int shift, uint64_t base, uint64_t first, uint64_t end,
		      emu_tree_leaf_fn fn, struct emu_store *st)
{
	uint64_t span = EMU_TREE_FAN * (1ull << shift);
	unsigned int i = first > base ? (unsigned int)((first - base) >> shift) : 0;
	unsigned int last = end - base >= span ? EMU_TREE_FAN - 1 :
			    (unsigned int)((end - 1 - base) >> shift);
	uint64_t cbase;
	void *c;

	for (; i <= last; i++) {
		c = n[i];
		if (!c)
			continue;
		cbase = base + ((uint64_t)i << shift);
		if (!shift) {
			n[i] = NULL;
			fn(st, cbase, c);
		} else if (take_node(c, shift - EMU_TREE_BITS, cbase, first, end, fn, st)) {
			n[i] = NULL;
			emu_node_free(st, c);
		}
	}
	if (first <= base && end - base >= span)
		return true;
	return node_empty(n);
}

void emu_tree_take(struct emu_tree *t, uint64_t first, uint64_t end, emu_tree_leaf_fn fn,
		   struct emu_store *st)
{
	if (t->root && first < end)
		take_node(t->root, t->top, 0, first, end, fn, st);
}

void emu_tree_fini(struct emu_tree *t, emu_tree_leaf_fn fn, struct emu_store *st)
{
	emu_tree_take(t, 0, UINT64_MAX, fn, st);
	if (t->root)
		emu_node_free(st, t->root);
	t->root = NULL;
}
