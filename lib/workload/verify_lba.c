// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify_lba.c - what each LBA of a verified namespace may hold, and how
 * writes, writes cut off by a reset or power loss, reads, flushes and
 * power losses change it (the second state of a leaf is described in
 * verify_priv.h).
 *
 * Every rule errs on one side only: when an LBA could hold more than the
 * state can name, it accepts more (old-or-new, a window of stamps, or
 * unknown), never less, so no good data is ever reported as a
 * miscompare; and data that is none of what it may hold always is.
 */
#include <errno.h>
#include <stdatomic.h>

#include "verify_priv.h"

#define VF_ACTIVE	(VF_OLD | VF_WIN)
#define VF_DURABILITY	(VF_DIRTY | VF_SLOT | VF_MULTI | VF_LOOSE)
#define NO_TOKEN	UINT64_MAX

#define LD(x)		atomic_load_explicit(&(x), memory_order_relaxed)
#define ST(x, v)	atomic_store_explicit(&(x), (v), memory_order_relaxed)

static inline unsigned int slot_of(uint8_t f)
{
	return (f & VF_SLOT) ? 1 : 0;
}

static inline void min64(_Atomic uint64_t *x, uint64_t v)
{
	uint64_t cur = atomic_load_explicit(x, memory_order_relaxed);

	while (v < cur && !atomic_compare_exchange_weak_explicit(x, &cur, v, memory_order_relaxed,
								 memory_order_relaxed))
		;
}

void nvmet_vlba_aux_init(struct nvmet_vaux *a, uint64_t epoch)
{
	unsigned int i;

	for (i = 0; i < NVMET_VERIFY_LEAF_LBAS; i++) {
		atomic_init(&a->old[i], NVMET_VERIFY_UNKNOWN);
		atomic_init(&a->fl[i], epoch ? VF_DIRTY : 0);
	}
	atomic_init(&a->epoch[0], epoch);
	atomic_init(&a->epoch[1], 0);
	atomic_init(&a->win[0], NO_TOKEN);
	atomic_init(&a->win[1], NO_TOKEN);
	atomic_init(&a->awin, NO_TOKEN);
	atomic_flag_clear(&a->lock);
}

static void aux_lock(struct nvmet_vaux *a)
{
	while (atomic_flag_test_and_set_explicit(&a->lock, memory_order_acquire))
		;
}

static void aux_unlock(struct nvmet_vaux *a)
{
	atomic_flag_clear_explicit(&a->lock, memory_order_release);
}

/* Written since durable, and not made durable by a flush since. */
static inline bool is_dirty(const struct nvmet_vaux *a, uint8_t f, uint64_t flushed)
{
	return (f & VF_DIRTY) && LD(a->epoch[slot_of(f)]) > flushed;
}

/*
 * The epoch slot for writes at @epoch (lock held): one of a later epoch
 * not flushed yet, else one whose writes are all durable (its LBAs are
 * clean: their marks go), else the later of the two, moved to @epoch.
 */
static unsigned int slot_for(struct nvmet_vaux *a, uint64_t epoch, uint64_t flushed)
{
	uint64_t e0 = LD(a->epoch[0]), e1 = LD(a->epoch[1]);
	unsigned int k, i;

	if (e0 > flushed && e0 >= epoch && !(e1 > flushed && e1 >= epoch && e1 < e0))
		return 0;
	if (e1 > flushed && e1 >= epoch)
		return 1;
	for (k = 0; k < 2; k++) {
		if (LD(a->epoch[k]) > flushed)
			continue;
		for (i = 0; LD(a->epoch[k]) && i < NVMET_VERIFY_LEAF_LBAS; i++) {
			uint8_t f = LD(a->fl[i]);

			if ((f & VF_DIRTY) && slot_of(f) == k)
				atomic_fetch_and_explicit(&a->fl[i], (uint8_t)~VF_DURABILITY,
							  memory_order_relaxed);
		}
		ST(a->epoch[k], epoch);
		ST(a->win[k], NO_TOKEN);
		return k;
	}
	k = e0 > e1 ? 0 : 1;
	ST(a->epoch[k], epoch);
	return k;
}

/*
 * A dirty LBA (flags @f) is written again or cut off: what it held becomes
 * a value the media may hold after a power loss. Returns the durability
 * flags it keeps, in slot @k.
 */
static uint8_t overwritten(struct nvmet_vaux *a, uint8_t f, uint16_t cur, unsigned int k)
{
	uint8_t keep = f & (VF_MULTI | VF_LOOSE);

	if (slot_of(f) != k)
		min64(&a->win[k], LD(a->win[slot_of(f)]));
	keep |= nvmet_vvalue_stamped(cur) ? VF_MULTI : VF_LOOSE;
	if (f & VF_WIN) {
		/* The media held a stamp of the window: those may come back too. */
		min64(&a->win[k], LD(a->awin));
		keep |= VF_MULTI;
	}
	return keep | VF_DIRTY | (k ? VF_SLOT : 0);
}

/* LBA @i of a leaf is now @nv (token @tok): a completed write, tracked (lock held). */
static void write_tracked(struct nvmet_vleaf *l, struct nvmet_vaux *a, unsigned int i,
			  uint16_t nv, uint64_t tok, unsigned int k, uint64_t flushed)
{
	uint8_t f = LD(a->fl[i]), nf;
	uint16_t cur = LD(l->v[i]);

	if (is_dirty(a, f, flushed)) {
		nf = overwritten(a, f, cur, k);
	} else {
		/* Its durable value now; one of two (or a window) is none we can name. */
		ST(a->old[i], cur);
		nf = VF_DIRTY | (k ? VF_SLOT : 0) | ((f & VF_ACTIVE) ? VF_LOOSE : 0);
	}
	if (tok)
		min64(&a->win[k], tok);
	ST(a->fl[i], nf);
	ST(l->v[i], nv);
}

/* A write of @nv (token @tok) to LBA @i was cut off: it may or may not be there. */
static void cut(struct nvmet_vleaf *l, struct nvmet_vaux *a, unsigned int i, uint16_t nv,
		uint64_t tok, bool track, unsigned int k, uint64_t flushed)
{
	uint8_t f = LD(a->fl[i]), nf;
	uint16_t cur = LD(l->v[i]);

	if (cur == NVMET_VERIFY_UNKNOWN) {
		/* Anything or the new data: anything. */
		ST(a->fl[i], 0);
		return;
	}
	if (track && is_dirty(a, f, flushed)) {
		nf = overwritten(a, f, cur, k) | (f & VF_ACTIVE);
		if (nvmet_vvalue_stamped(cur)) {
			/* Accept it now through the window of its slot. */
			min64(&a->awin, LD(a->win[slot_of(f)]));
			nf |= VF_WIN;
		} else if (!(f & VF_OLD)) {
			/* @old held the durable value: it is lost for good. */
			ST(a->old[i], cur);
			nf |= VF_OLD | VF_LOOSE;
		} else {
			nf = 0;
			nv = NVMET_VERIFY_UNKNOWN;
		}
	} else if (f & VF_ACTIVE) {
		/* Old-or-new already, and cut again: more than the state can name. */
		nf = 0;
		nv = NVMET_VERIFY_UNKNOWN;
	} else {
		ST(a->old[i], cur);
		nf = VF_OLD | (track ? VF_DIRTY | (k ? VF_SLOT : 0) : 0);
	}
	if (track && tok && nv != NVMET_VERIFY_UNKNOWN)
		min64(&a->win[k], tok);
	ST(a->fl[i], nf);
	ST(l->v[i], nv);
}

/*
 * Apply @op to LBAs @lba..@stop - 1 of the leaf @l; @data the new data of
 * the first (or NULL: @value).
 */
static int leaf_op(const struct nvmet_vctx *c, enum nvmet_vop op, struct nvmet_vleaf *l,
		   uint64_t lba, uint64_t stop, const uint8_t *data, uint16_t value)
{
	bool tracked = c->track && (op == NVMET_VOP_CUT ||
				    (op == NVMET_VOP_WRITE && c->epoch > c->flushed));
	struct nvmet_vaux *a = atomic_load_explicit(&l->aux, memory_order_acquire);
	unsigned int i, k = 0;

	if (tracked || (op == NVMET_VOP_CUT && !a)) {
		a = nvmet_vtree_aux_make(c->t, l);
		if (!a)
			return -ENOMEM;
	}
	if (a && c->track)
		aux_lock(a);
	if (tracked)
		k = slot_for(a, c->epoch, c->flushed);
	for (; lba < stop; lba++, data = data ? data + c->lbs : NULL) {
		uint16_t nv = data ? nvmet_vdata_value(data, c->lbs, lba) : value;
		uint64_t tok = data && nvmet_vvalue_stamped(nv) ? nvmet_vdata_token(data, c->lbs) : 0;

		i = lba % NVMET_VERIFY_LEAF_LBAS;
		if (op == NVMET_VOP_UNKNOWN)
			nv = NVMET_VERIFY_UNKNOWN;
		if (op == NVMET_VOP_CUT) {
			cut(l, a, i, nv, tok, c->track, k, c->flushed);
		} else if (tracked) {
			write_tracked(l, a, i, nv, tok, k, c->flushed);
		} else {
			/* Settled, and durable (or nobody asks). */
			if (a)
				ST(a->fl[i], 0);
			ST(l->v[i], nv);
		}
	}
	if (a && c->track)
		aux_unlock(a);
	return 0;
}

/* No memory to say what LBA @lba holds: forget the smallest subtree around it that can be. */
static void forget(struct nvmet_vtree *t, uint64_t lba)
{
	uint64_t n = NVMET_VERIFY_LEAF_LBAS, nlbas = nvmet_vtree_nlbas(t), first, len;

	for (;;) {
		first = lba / n * n;
		len = n < nlbas - first ? n : nlbas - first;
		/* The whole namespace is markers in the root's slots: never an allocation. */
		if (!nvmet_vtree_set(t, first, len, NVMET_VERIFY_UNKNOWN, 0) ||
		    (!first && len == nlbas))
			return;
		n = n > (UINT64_MAX >> NVMET_VTREE_SHIFT) ? UINT64_MAX : n << NVMET_VTREE_SHIFT;
	}
}

/* The marker whole leaves get from @op with @value. */
static uint16_t whole_value(const struct nvmet_vctx *c, enum nvmet_vop op, uint16_t value,
			    uint64_t *epoch)
{
	*epoch = 0;
	if (op == NVMET_VOP_UNKNOWN || op == NVMET_VOP_CUT || value != NVMET_VERIFY_ZERO)
		return NVMET_VERIFY_UNKNOWN;
	if (op == NVMET_VOP_WRITE && c->track && c->epoch > c->flushed)
		*epoch = c->epoch;
	return NVMET_VERIFY_ZERO;
}

int nvmet_vlba_range(const struct nvmet_vctx *c, enum nvmet_vop op, uint64_t slba, uint64_t nlb,
		     const uint8_t *data, uint16_t value)
{
	uint64_t lba = slba, end = slba + nlb, nlbas = nvmet_vtree_nlbas(c->t);
	int ret = 0;

	while (lba < end) {
		uint64_t stop = (lba | (NVMET_VERIFY_LEAF_LBAS - 1)) + 1, whole, epoch;
		struct nvmet_vleaf *l;
		uint16_t mv;

		if (stop > end)
			stop = end;
		whole = end == nlbas ? end : end / NVMET_VERIFY_LEAF_LBAS * NVMET_VERIFY_LEAF_LBAS;
		if (!data && !(lba % NVMET_VERIFY_LEAF_LBAS) && whole > lba) {
			/* Whole leaves: one marker, nothing allocated. */
			mv = whole_value(c, op, value, &epoch);
			if (!nvmet_vtree_set(c->t, lba, whole - lba, mv, epoch)) {
				lba = whole;
				continue;
			}
		}
		l = nvmet_vtree_leaf_make(c->t, lba);
		if (!l || leaf_op(c, op, l, lba, stop, data ? data + (lba - slba) * c->lbs : NULL,
				  value)) {
			forget(c->t, lba);
			ret = -ENOMEM;
		}
		lba = stop;
	}
	return ret;
}

/* Is @p (LBA @lba) one of the other values LBA @i may hold? Settles it on that one. */
static bool settle_other(const struct nvmet_vctx *c, struct nvmet_vleaf *l,
			 struct nvmet_vaux *a, unsigned int i, const uint8_t *p, uint64_t lba)
{
	uint8_t f = LD(a->fl[i]);
	uint64_t tok;

	if ((f & VF_OLD) && nvmet_vdata_match(p, c->lbs, lba, LD(a->old[i]))) {
		ST(l->v[i], LD(a->old[i]));
	} else if ((f & VF_WIN) && nvmet_vdata_stamped(p, c->lbs, lba, &tok) &&
		   tok >= LD(a->awin)) {
		ST(l->v[i], nvmet_vdata_value(p, c->lbs, lba));
	} else {
		return false;
	}
	atomic_fetch_and_explicit(&a->fl[i], (uint8_t)~VF_ACTIVE, memory_order_relaxed);
	return true;
}

int nvmet_vlba_check(const struct nvmet_vctx *c, uint64_t slba, uint32_t nlb,
		     const uint8_t *p, uint64_t *bad)
{
	uint64_t lba = slba, end = slba + nlb;

	while (lba < end) {
		uint16_t uniform = 0;
		struct nvmet_vleaf *l = nvmet_vtree_leaf(c->t, lba, &uniform);
		struct nvmet_vaux *a = l ? atomic_load_explicit(&l->aux, memory_order_acquire) :
				       NULL;
		uint64_t stop = (lba | (NVMET_VERIFY_LEAF_LBAS - 1)) + 1;

		if (stop > end)
			stop = end;
		if (!l && uniform == NVMET_VERIFY_UNKNOWN) {
			p += (stop - lba) * c->lbs;
			lba = stop;
			continue;
		}
		for (; lba < stop; lba++, p += c->lbs) {
			unsigned int i = lba % NVMET_VERIFY_LEAF_LBAS;
			uint16_t want = l ? LD(l->v[i]) : uniform;

			if (want == NVMET_VERIFY_UNKNOWN)
				continue;
			if (nvmet_vdata_match(p, c->lbs, lba, want)) {
				/* Old-or-new, and it was new. */
				if (a && (LD(a->fl[i]) & VF_ACTIVE))
					atomic_fetch_and_explicit(&a->fl[i], (uint8_t)~VF_ACTIVE,
								  memory_order_relaxed);
				continue;
			}
			if (a && settle_other(c, l, a, i, p, lba))
				continue;
			*bad = lba;
			return -EILSEQ;
		}
	}
	return 0;
}

void nvmet_vlba_power_loss(struct nvmet_vleaf *l, uint64_t flushed)
{
	struct nvmet_vaux *a = atomic_load_explicit(&l->aux, memory_order_relaxed);
	unsigned int i, k;

	if (!a)
		return;
	for (i = 0; i < NVMET_VERIFY_LEAF_LBAS; i++) {
		uint8_t f = LD(a->fl[i]);

		if (!is_dirty(a, f, flushed)) {
			ST(a->fl[i], f & VF_ACTIVE);
		} else if ((f & VF_LOOSE) || LD(a->old[i]) == NVMET_VERIFY_UNKNOWN) {
			ST(a->fl[i], 0);
			ST(l->v[i], NVMET_VERIFY_UNKNOWN);
		} else {
			/* The durable value, what was written since, or (stamped) in between. */
			if (f & (VF_MULTI | VF_WIN))
				min64(&a->awin, LD(a->win[slot_of(f)]));
			ST(a->fl[i], VF_OLD | ((f & (VF_MULTI | VF_WIN)) ? VF_WIN : 0));
		}
	}
	for (k = 0; k < 2; k++) {
		ST(a->epoch[k], 0);
		ST(a->win[k], NO_TOKEN);
	}
}
