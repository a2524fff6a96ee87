// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify.c - inline data verification of a namespace (nvmet/verify.h):
 * turning it on and off, fill, record, set and check over the sparse
 * table, and the hooks that keep expectations right across Format NVM
 * and Sanitize.
 *
 * Format and Sanitize change a namespace while other threads may still
 * be checking reads of it, so they do not free the table in place: they
 * swap in a fresh one and keep the old one until the next such reset (or
 * until verification is turned off), by when no command can still be
 * using it. Both are handled when the admin command is submitted: the
 * namespaces it touches become UNKNOWN (a Sanitize is a controller-wide
 * background operation; nothing is expected of its media afterwards), and
 * a successful nvmet_ns_format() then makes its namespace ZERO when DLFEAT
 * says deallocated blocks read as zeros.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include <nvmet/cmd.h>
#include <nvmet/id.h>
#include <nvmet/ns.h>

#include "verify_priv.h"

#define FNA_FORMAT_ALL	0x01u	/* a format applies to every namespace */
#define FNA_ERASE_ALL	0x02u	/* a secure erase applies to every namespace */

struct nvmet_verify {
	struct nvmet_ns *ns;
	struct nvmet_ctrl *ctrl;
	uint32_t nsid;
	_Atomic(struct nvmet_vtree *) tree;
	struct nvmet_vtree *retired;	/* the tree before the last reset */
	struct nvmet_verify *prev;
	struct nvmet_verify *next;
};

/* Every namespace with verification on, for the controller-wide hooks. */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nvmet_verify *reg_head;
static _Atomic unsigned int reg_count;

static struct nvmet_vtree *tree_of(const struct nvmet_verify *v)
{
	return atomic_load_explicit(&((struct nvmet_verify *)v)->tree, memory_order_acquire);
}

uint16_t nvmet_verify_dealloc_value(const struct nvmet_ns *ns)
{
	return (nvmet_id_ns_dlfeat(nvmet_ns_id_data(ns)) & 7) == 1 ? NVMET_VERIFY_ZERO :
								     NVMET_VERIFY_UNKNOWN;
}

/* Give @v a fresh table for the namespace's geometry, every LBA @value. reg_lock held. */
static void verify_reset(struct nvmet_verify *v, uint16_t value)
{
	struct nvmet_ns *ns = v->ns;
	struct nvmet_vtree *t = nvmet_vtree_new(nvmet_ns_capacity(ns), nvmet_ns_lba_size(ns),
						value), *old;

	if (!t) {
		/* No memory for a root: forget everything in place (frees, never allocates). */
		old = tree_of(v);
		nvmet_vtree_set(old, 0, nvmet_vtree_nlbas(old), NVMET_VERIFY_UNKNOWN);
		return;
	}
	old = atomic_exchange_explicit(&v->tree, t, memory_order_acq_rel);
	nvmet_vtree_free(v->retired);
	v->retired = old;
}

static void verify_drop(struct nvmet_ns *ns)
{
	struct nvmet_verify *v = nvmet_ns_verify_state(ns);

	if (!v)
		return;
	nvmet_ns_verify_attach(ns, NULL);
	pthread_mutex_lock(&reg_lock);
	if (v->prev)
		v->prev->next = v->next;
	else
		reg_head = v->next;
	if (v->next)
		v->next->prev = v->prev;
	atomic_fetch_sub(&reg_count, 1);
	pthread_mutex_unlock(&reg_lock);
	nvmet_vtree_free(v->retired);
	nvmet_vtree_free(tree_of(v));
	free(v);
}

int nvmet_ns_verify_enable(struct nvmet_ns *ns, bool on)
{
	struct nvmet_verify *v;

	if (!ns)
		return -EINVAL;
	if (!on) {
		verify_drop(ns);
		return 0;
	}
	if (nvmet_ns_verify_state(ns))
		return 0;
	if (nvmet_ns_lba_size(ns) < 16 || nvmet_ns_lba_size(ns) % 8)
		return -EOPNOTSUPP;
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	v->ns = ns;
	v->ctrl = nvmet_ns_ctrl(ns);
	v->nsid = nvmet_ns_nsid(ns);
	atomic_init(&v->tree, nvmet_vtree_new(nvmet_ns_capacity(ns), nvmet_ns_lba_size(ns),
					      NVMET_VERIFY_UNKNOWN));
	if (!tree_of(v)) {
		free(v);
		return -ENOMEM;
	}
	pthread_mutex_lock(&reg_lock);
	v->next = reg_head;
	if (reg_head)
		reg_head->prev = v;
	reg_head = v;
	atomic_fetch_add(&reg_count, 1);
	pthread_mutex_unlock(&reg_lock);
	nvmet_ns_verify_attach(ns, v);
	return 0;
}

bool nvmet_ns_verify_enabled(const struct nvmet_ns *ns)
{
	return ns && nvmet_ns_verify_state(ns);
}

/* The start of @nlb LBAs of @lbs bytes at @offset in @buf, or NULL when they do not fit. */
static uint8_t *data_at(const struct nvmet_buf *buf, size_t offset, uint32_t nlb, uint32_t lbs)
{
	if (!buf || !buf->va || offset > buf->size || (uint64_t)nlb * lbs > buf->size - offset)
		return NULL;
	return (uint8_t *)buf->va + offset;
}

int nvmet_verify_fill(struct nvmet_ns *ns, struct nvmet_buf *buf, size_t offset, uint64_t slba,
		      uint32_t nlb)
{
	uint32_t lbs = ns ? nvmet_ns_lba_size(ns) : 0, i;
	uint8_t *p = data_at(buf, offset, nlb, lbs);
	uint64_t token;

	if (!p || lbs < 16 || lbs % 8)
		return -EINVAL;
	token = nvmet_vdata_tokens(nlb);
	for (i = 0; i < nlb; i++, p += lbs)
		nvmet_vdata_stamp(p, lbs, slba + i, token + i);
	return 0;
}

/*
 * The namespace's table when it covers @slba..+@nlb at the namespace's LBA
 * size; NULL with *@ret = 0 when verification is off, or -ERANGE.
 */
static struct nvmet_vtree *table_for(const struct nvmet_ns *ns, uint64_t slba, uint64_t nlb,
				     int *ret)
{
	struct nvmet_verify *v = ns ? nvmet_ns_verify_state(ns) : NULL;
	struct nvmet_vtree *t;

	*ret = ns ? 0 : -EINVAL;
	if (!v)
		return NULL;
	t = tree_of(v);
	if (nvmet_vtree_lba_size(t) != nvmet_ns_lba_size(ns))
		return NULL;	/* a reset that found no memory: nothing is known */
	if (slba >= nvmet_vtree_nlbas(t) || nlb > nvmet_vtree_nlbas(t) - slba) {
		*ret = -ERANGE;
		return NULL;
	}
	return t;
}

int nvmet_verify_written(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
			 uint64_t slba, uint32_t nlb)
{
	uint32_t lbs = ns ? nvmet_ns_lba_size(ns) : 0;
	const uint8_t *p = data_at(buf, offset, nlb, lbs);
	uint64_t lba = slba, end = slba + nlb;
	struct nvmet_vtree *t;
	int ret;

	if (!p)
		return -EINVAL;
	t = table_for(ns, slba, nlb, &ret);
	if (!t || !nlb)
		return ret;
	while (lba < end) {
		_Atomic uint16_t *leaf = nvmet_vtree_leaf_make(t, lba);
		uint64_t stop = (lba | (NVMET_VERIFY_LEAF_LBAS - 1)) + 1;

		if (!leaf) {
			/* What was expected there is no longer true. */
			nvmet_vtree_set(t, lba, end - lba, NVMET_VERIFY_UNKNOWN);
			return -ENOMEM;
		}
		if (stop > end)
			stop = end;
		for (; lba < stop; lba++, p += lbs)
			atomic_store_explicit(&leaf[lba % NVMET_VERIFY_LEAF_LBAS],
					      nvmet_vdata_value(p, lbs, lba), memory_order_relaxed);
	}
	return 0;
}

int nvmet_verify_set(struct nvmet_ns *ns, uint64_t slba, uint64_t nlb, uint16_t value)
{
	struct nvmet_vtree *t;
	int ret;

	if (value > NVMET_VERIFY_ZERO)
		return -EINVAL;
	t = table_for(ns, slba, nlb, &ret);
	if (!t || !nlb)
		return ret;
	return nvmet_vtree_set(t, slba, nlb, value);
}

int nvmet_verify_check(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
		       uint64_t slba, uint32_t nlb, uint64_t *bad_lba)
{
	uint32_t lbs = ns ? nvmet_ns_lba_size(ns) : 0;
	const uint8_t *p = data_at(buf, offset, nlb, lbs);
	struct nvmet_vtree *t;
	uint64_t lba = slba, end;
	int ret;

	if (!p)
		return -EINVAL;
	t = table_for(ns, 0, 0, &ret);
	if (!t || !nlb || slba >= nvmet_vtree_nlbas(t))
		return ret;
	/* LBAs past the end cannot have been written: not checked. */
	end = nlb > nvmet_vtree_nlbas(t) - slba ? nvmet_vtree_nlbas(t) : slba + nlb;
	while (lba < end) {
		uint16_t uniform = 0;
		const _Atomic uint16_t *leaf = nvmet_vtree_leaf(t, lba, &uniform);
		uint64_t stop = (lba | (NVMET_VERIFY_LEAF_LBAS - 1)) + 1;

		if (stop > end)
			stop = end;
		if (!leaf && uniform == NVMET_VERIFY_UNKNOWN) {
			p += (stop - lba) * lbs;
			lba = stop;
			continue;
		}
		for (; lba < stop; lba++, p += lbs) {
			uint16_t want = leaf ? atomic_load_explicit(
					&leaf[lba % NVMET_VERIFY_LEAF_LBAS], memory_order_relaxed) :
					uniform;

			if (want != NVMET_VERIFY_UNKNOWN && !nvmet_vdata_match(p, lbs, lba, want)) {
				if (bad_lba)
					*bad_lba = lba;
				return -EILSEQ;
			}
		}
	}
	return 0;
}

uint64_t nvmet_verify_table_bytes(const struct nvmet_ns *ns)
{
	struct nvmet_verify *v = ns ? nvmet_ns_verify_state(ns) : NULL;
	uint64_t bytes;

	if (!v)
		return 0;
	pthread_mutex_lock(&reg_lock);
	bytes = nvmet_vtree_bytes(tree_of(v)) + (v->retired ? nvmet_vtree_bytes(v->retired) : 0);
	pthread_mutex_unlock(&reg_lock);
	return bytes;
}

/* ---- hooks ---------------------------------------------------------------- */

void nvmet_verify_ns_refreshed(struct nvmet_ns *ns)
{
	struct nvmet_verify *v = nvmet_ns_verify_state(ns);
	struct nvmet_vtree *t;

	if (!v)
		return;
	t = tree_of(v);
	if (nvmet_vtree_nlbas(t) == nvmet_ns_capacity(ns) &&
	    nvmet_vtree_lba_size(t) == nvmet_ns_lba_size(ns))
		return;
	pthread_mutex_lock(&reg_lock);
	verify_reset(v, NVMET_VERIFY_UNKNOWN);
	pthread_mutex_unlock(&reg_lock);
}

void nvmet_verify_ns_formatted(struct nvmet_ns *ns)
{
	struct nvmet_verify *v = nvmet_ns_verify_state(ns);

	if (!v)
		return;
	pthread_mutex_lock(&reg_lock);
	verify_reset(v, nvmet_verify_dealloc_value(ns));
	pthread_mutex_unlock(&reg_lock);
}

void nvmet_verify_ns_close(struct nvmet_ns *ns)
{
	verify_drop(ns);
}

/* Which namespaces of the controller an admin command changes the media of, if any. */
static bool admin_touches(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, bool *all)
{
	const uint8_t *id;
	uint8_t fna;

	*all = true;
	if (sqe->opc == NVMET_ADM_SANITIZE) {
		switch (sqe->sanitize.sanact) {
		case NVMET_SANACT_BLOCK_ERASE:
		case NVMET_SANACT_OVERWRITE:
		case NVMET_SANACT_CRYPTO_ERASE:
			return true;
		default:
			return false;	/* exit failure mode: the media is left alone */
		}
	}
	if (sqe->opc != NVMET_ADM_FORMAT_NVM)
		return false;
	id = nvmet_ctrl_id_data(ctrl);
	fna = id ? nvmet_id_ctrl_fna(id) : 0;
	*all = sqe->nsid == 0xffffffffu || (fna & FNA_FORMAT_ALL) ||
	       (sqe->format.ses && (fna & FNA_ERASE_ALL));
	return true;
}

void nvmet_verify_admin_issued(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe)
{
	struct nvmet_verify *v;
	bool all;

	if (!atomic_load_explicit(&reg_count, memory_order_relaxed) || !sqe ||
	    !admin_touches(ctrl, sqe, &all))
		return;
	pthread_mutex_lock(&reg_lock);
	for (v = reg_head; v; v = v->next) {
		if (v->ctrl == ctrl && (all || v->nsid == sqe->nsid))
			verify_reset(v, NVMET_VERIFY_UNKNOWN);
	}
	pthread_mutex_unlock(&reg_lock);
}
