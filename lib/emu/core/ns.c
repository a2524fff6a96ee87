// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * ns.c - the emulated controller's namespaces: creation with their
 * store, format, and the LBA ranges Write Uncorrectable marked (sorted,
 * merged, split when partly cleared).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

static unsigned int lba_shift(uint8_t flbas)
{
	return flbas ? 12 : 9;
}

int emu_ns_create(struct nvmet_emu *emu, uint32_t nsid, uint64_t bytes, uint8_t flbas)
{
	const char *file = emu->opts.file;
	struct emu_ns *ns;
	int ret;

	if (!nsid || nsid > EMU_MAX_NS || flbas > 1 || !(bytes >> lba_shift(flbas)))
		return -EINVAL;
	if (emu->ns[nsid])
		return -EEXIST;
	/* Namespaces share the file at fixed offsets: a bigger one would overlap the next. */
	if (*file && bytes > emu->opts.ns_bytes)
		return -ENOSPC;
	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	ret = emu_store_open(file, (uint64_t)(nsid - 1) * emu->opts.ns_bytes, bytes, emu->opts.vwc,
			     &ns->store);
	if (ret) {
		free(ns);
		return ret;
	}
	/* The cache follows the Volatile Write Cache feature. */
	if (emu->opts.vwc)
		emu_store_set_vwc(ns->store, emu_admin_vwc(emu));
	ns->nsid = nsid;
	ns->attached = true;
	ns->flbas = flbas;
	ns->lba_shift = lba_shift(flbas);
	ns->nsze = bytes >> ns->lba_shift;
	ns->bytes = bytes;
	emu->ns[nsid] = ns;
	return 0;
}

void emu_ns_destroy(struct nvmet_emu *emu, uint32_t nsid)
{
	struct emu_ns *ns;

	if (!nsid || nsid > EMU_MAX_NS || !emu->ns[nsid])
		return;
	ns = emu->ns[nsid];
	emu->ns[nsid] = NULL;
	emu_store_close(ns->store);
	free(ns->uncor);
	free(ns);
}

int emu_ns_format(struct nvmet_emu *emu, struct emu_ns *ns, uint8_t flbas)
{
	int ret;

	(void)emu;
	if (flbas > 1 || !(ns->bytes >> lba_shift(flbas)))
		return -EINVAL;
	ret = emu_store_zero(ns->store, 0, ns->bytes);
	if (ret)
		return ret;
	/* The old data must not come back at a power loss. */
	emu_store_flush(ns->store);
	ns->nr_uncor = 0;
	ns->flbas = flbas;
	ns->lba_shift = lba_shift(flbas);
	ns->nsze = ns->bytes >> ns->lba_shift;
	return 0;
}

static uint64_t range_end(const struct emu_lba_range *r)
{
	return r->slba + r->nlb;
}

/* The first range that ends after @lba (or at it, with @touch). */
static unsigned int first_ending(const struct emu_ns *ns, uint64_t lba, bool touch)
{
	unsigned int lo = 0, hi = ns->nr_uncor, mid;
	uint64_t e;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		e = range_end(&ns->uncor[mid]);
		if (e > lba || (touch && e == lba))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* The first range that starts after @lba (or at it, with @touch). */
static unsigned int first_starting(const struct emu_ns *ns, uint64_t lba, bool touch)
{
	unsigned int lo = 0, hi = ns->nr_uncor, mid;
	uint64_t s;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		s = ns->uncor[mid].slba;
		if (s > lba || (touch && s == lba))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int uncor_reserve(struct emu_ns *ns, unsigned int n)
{
	struct emu_lba_range *r;
	unsigned int cap;

	if (ns->cap_uncor >= n)
		return 0;
	cap = ns->cap_uncor ? ns->cap_uncor * 2 : 8;
	if (cap < n)
		cap = n;
	r = realloc(ns->uncor, cap * sizeof(*r));
	if (!r)
		return -ENOMEM;
	ns->uncor = r;
	ns->cap_uncor = cap;
	return 0;
}

/* Ranges [@i, @j) become the @n ranges of @with. */
static void uncor_replace(struct emu_ns *ns, unsigned int i, unsigned int j,
			  const struct emu_lba_range *with, unsigned int n)
{
	memmove(&ns->uncor[i + n], &ns->uncor[j], (ns->nr_uncor - j) * sizeof(*ns->uncor));
	memcpy(&ns->uncor[i], with, n * sizeof(*with));
	ns->nr_uncor = ns->nr_uncor - (j - i) + n;
}

int emu_ns_uncor_add(struct emu_ns *ns, uint64_t slba, uint64_t nlb)
{
	struct emu_lba_range m = { .slba = slba, .nlb = nlb };
	uint64_t end = slba + nlb;
	unsigned int i, j;

	if (!nlb)
		return 0;
	if (uncor_reserve(ns, ns->nr_uncor + 1))
		return -ENOMEM;
	/* Every range that overlaps or touches the new one merges with it. */
	i = first_ending(ns, slba, true);
	j = first_starting(ns, end, false);
	if (i < j) {
		if (ns->uncor[i].slba < m.slba)
			m.slba = ns->uncor[i].slba;
		if (range_end(&ns->uncor[j - 1]) > end)
			end = range_end(&ns->uncor[j - 1]);
		m.nlb = end - m.slba;
	}
	uncor_replace(ns, i, j, &m, 1);
	return 0;
}

void emu_ns_uncor_clear(struct emu_ns *ns, uint64_t slba, uint64_t nlb)
{
	struct emu_lba_range keep[2];
	uint64_t end = slba + nlb;
	unsigned int i, j, n = 0;

	if (!ns->nr_uncor || !nlb)
		return;
	i = first_ending(ns, slba, false);
	j = first_starting(ns, end, true);
	if (i >= j)
		return;
	if (ns->uncor[i].slba < slba) {
		keep[n].slba = ns->uncor[i].slba;
		keep[n++].nlb = slba - ns->uncor[i].slba;
	}
	if (range_end(&ns->uncor[j - 1]) > end) {
		keep[n].slba = end;
		keep[n++].nlb = range_end(&ns->uncor[j - 1]) - end;
	}
	/* Without memory for the split, the marks right of the hole go too. */
	if (ns->nr_uncor - (j - i) + n > ns->cap_uncor && uncor_reserve(ns, ns->nr_uncor + 1))
		n--;
	uncor_replace(ns, i, j, keep, n);
}

bool emu_ns_uncor_hit(const struct emu_ns *ns, uint64_t slba, uint64_t nlb, uint64_t *first)
{
	unsigned int i;

	if (!ns->nr_uncor)
		return false;
	i = first_ending(ns, slba, false);
	if (i == ns->nr_uncor || ns->uncor[i].slba >= slba + nlb)
		return false;
	if (first)
		*first = ns->uncor[i].slba > slba ? ns->uncor[i].slba : slba;
	return true;
}
