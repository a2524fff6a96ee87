// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dma.c - the host memory the emulated controller may touch: a table
 * of registered regions (bus address == virtual address), swapped whole
 * on change so the controller thread reads it without a lock. A command
 * pointing anywhere else gets a Data Transfer Error, never a crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcie.h"

struct emu_dma_table {
	struct emu_dma_table *next_retired;
	unsigned int n;
	struct emu_dma_region r[];
};

int emu_dma_init(struct emu_dma_map *m)
{
	struct emu_dma_table *t = calloc(1, sizeof(*t));

	if (!t)
		return -ENOMEM;
	memset(m, 0, sizeof(*m));
	pthread_mutex_init(&m->lock, NULL);
	atomic_store(&m->table, t);
	return 0;
}

void emu_dma_free_all(struct emu_dma_map *m)
{
	struct emu_dma_table *t = atomic_load(&m->table);
	unsigned int i;

	for (i = 0; i < t->n; i++)
		free((void *)(uintptr_t)t->r[i].start);
	t->n = 0;
}

void emu_dma_fini(struct emu_dma_map *m)
{
	struct emu_dma_table *t = atomic_load(&m->table), *next;

	free(t);
	for (t = m->retired; t; t = next) {
		next = t->next_retired;
		free(t);
	}
	m->retired = NULL;
	pthread_mutex_destroy(&m->lock);
}

/* Publish @t; the old table stays readable until the map goes. */
static void dma_swap(struct emu_dma_map *m, struct emu_dma_table *t)
{
	struct emu_dma_table *old = atomic_exchange(&m->table, t);

	old->next_retired = m->retired;
	m->retired = old;
}

int emu_dma_register(struct emu_dma_map *m, void *va, size_t len)
{
	uint64_t start = (uintptr_t)va;
	struct emu_dma_table *old, *t;
	unsigned int i, at;

	if (!va || !len || start + len < start)
		return -EINVAL;
	pthread_mutex_lock(&m->lock);
	old = atomic_load(&m->table);
	t = malloc(sizeof(*t) + (old->n + 1) * sizeof(t->r[0]));
	if (!t) {
		pthread_mutex_unlock(&m->lock);
		return -ENOMEM;
	}
	for (at = 0; at < old->n && old->r[at].start < start; at++)
		;
	for (i = 0; i < at; i++)
		t->r[i] = old->r[i];
	t->r[at].start = start;
	t->r[at].end = start + len;
	for (i = at; i < old->n; i++)
		t->r[i + 1] = old->r[i];
	t->n = old->n + 1;
	dma_swap(m, t);
	pthread_mutex_unlock(&m->lock);
	return 0;
}

void emu_dma_unregister(struct emu_dma_map *m, void *va)
{
	uint64_t start = (uintptr_t)va;
	struct emu_dma_table *old, *t;
	unsigned int i, j;

	pthread_mutex_lock(&m->lock);
	old = atomic_load(&m->table);
	t = malloc(sizeof(*t) + old->n * sizeof(t->r[0]));
	if (t) {
		for (i = j = 0; i < old->n; i++)
			if (old->r[i].start != start)
				t->r[j++] = old->r[i];
		t->n = j;
		dma_swap(m, t);
	}
	pthread_mutex_unlock(&m->lock);
}

void *emu_dma_va(struct emu_dma_map *m, uint64_t iova, size_t len)
{
	const struct emu_dma_table *t;
	unsigned int lo, hi;

	if (iova + len < iova)
		return NULL;
	t = atomic_load_explicit(&m->table, memory_order_acquire);
	if ((const void *)t == m->hit_table && iova >= m->hit_start && iova + len <= m->hit_end)
		return (void *)(uintptr_t)iova;
	lo = 0;
	hi = t->n;
	while (lo < hi) {
		unsigned int mid = (lo + hi) / 2;

		if (t->r[mid].end <= iova)
			lo = mid + 1;
		else if (t->r[mid].start > iova)
			hi = mid;
		else {
			if (iova + len > t->r[mid].end)
				return NULL;
			m->hit_table = t;
			m->hit_start = t->r[mid].start;
			m->hit_end = t->r[mid].end;
			return (void *)(uintptr_t)iova;
		}
	}
	return NULL;
}
