// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * verify.c - inline data verification of a namespace (nvmet/verify.h):
 * turning it on and off, fill, record, set and check over the sparse
 * table, flush epochs, and the hooks that keep expectations right across
 * Format NVM, Sanitize, shutdowns and power losses.
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
	bool track;			/* a volatile write cache: durability is kept */
	_Atomic uint64_t flushed;	/* the latest epoch a completed flush covers */
	_Atomic uint64_t miscompares;	/* reads through the namespace API that failed */
	_Atomic uint64_t last_bad;	/* the first bad LBA of the latest */
	_Atomic(struct nvmet_vtree *) tree;
	struct nvmet_vtree *retired;	/* the tree before the last reset */
	struct nvmet_verify *prev;
	struct nvmet_verify *next;
};

/* Every namespace with verification on, for the controller-wide hooks. */
static pthread_mutex_t reg_lock = PTHREAD_MUTEX_INITIALIZER;
static struct nvmet_verify *reg_head;
static _Atomic unsigned int reg_count;

/*
 * Epochs, process-wide: each flush (or normal shutdown) takes the current
 * one and moves it on, so a write that completed before the flush was
 * submitted has an epoch at most the flush's.
 */
static _Atomic uint64_t epoch_now = 1;

uint64_t nvmet_verify_epoch_begin(void)
{
	return atomic_fetch_add(&epoch_now, 1);
}

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
		nvmet_vtree_set(old, 0, nvmet_vtree_nlbas(old), NVMET_VERIFY_UNKNOWN, 0);
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
	const uint8_t *id;
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
	/* Without the identify data, assume a cache: that only accepts more. */
	id = nvmet_ctrl_id_data(v->ctrl);
	v->track = !id || (nvmet_id_ctrl_vwc(id) & 1);
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
 * What the LBA rules need for @slba..+@nlb of the namespace's table at the
 * namespace's LBA size; false with *@ret = 0 when verification is off, or
 * -ERANGE.
 */
static bool ctx_for(const struct nvmet_ns *ns, uint64_t slba, uint64_t nlb,
		    struct nvmet_vctx *c, int *ret)
{
	struct nvmet_verify *v = ns ? nvmet_ns_verify_state(ns) : NULL;

	*ret = ns ? 0 : -EINVAL;
	if (!v)
		return false;
	c->t = tree_of(v);
	if (nvmet_vtree_lba_size(c->t) != nvmet_ns_lba_size(ns))
		return false;	/* a reset that found no memory: nothing is known */
	if (slba >= nvmet_vtree_nlbas(c->t) || nlb > nvmet_vtree_nlbas(c->t) - slba) {
		*ret = -ERANGE;
		return false;
	}
	c->lbs = nvmet_ns_lba_size(ns);
	c->track = v->track;
	c->flushed = atomic_load(&v->flushed);
	c->epoch = atomic_load(&epoch_now);
	return true;
}

int nvmet_verify_range(struct nvmet_ns *ns, enum nvmet_vop op, uint64_t slba, uint64_t nlb,
		       const uint8_t *data, uint16_t value)
{
	struct nvmet_vctx c;
	int ret;

	if (!ctx_for(ns, slba, nlb, &c, &ret) || !nlb)
		return ret;
	/* Cut off now: a flush submitted from here on may come before it lands. */
	if (op == NVMET_VOP_CUT)
		c.epoch++;
	return nvmet_vlba_range(&c, op, slba, nlb, data, value);
}

int nvmet_verify_written(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
			 uint64_t slba, uint32_t nlb)
{
	const uint8_t *p = data_at(buf, offset, nlb, ns ? nvmet_ns_lba_size(ns) : 0);

	if (!p)
		return -EINVAL;
	return nvmet_verify_range(ns, NVMET_VOP_WRITE, slba, nlb, p, 0);
}

int nvmet_verify_set(struct nvmet_ns *ns, uint64_t slba, uint64_t nlb, uint16_t value)
{
	if (value > NVMET_VERIFY_ZERO)
		return -EINVAL;
	/* Zeros are written data (a cache may lose them); unknown is unknown. */
	return nvmet_verify_range(ns, value == NVMET_VERIFY_ZERO ? NVMET_VOP_WRITE :
				  NVMET_VOP_UNKNOWN, slba, nlb, NULL, value);
}

int nvmet_verify_check(struct nvmet_ns *ns, const struct nvmet_buf *buf, size_t offset,
		       uint64_t slba, uint32_t nlb, uint64_t *bad_lba)
{
	uint32_t lbs = ns ? nvmet_ns_lba_size(ns) : 0;
	const uint8_t *p = data_at(buf, offset, nlb, lbs);
	struct nvmet_vctx c;
	uint64_t n, bad = 0;
	int ret;

	if (!p)
		return -EINVAL;
	if (!ctx_for(ns, 0, 0, &c, &ret) || !nlb || slba >= nvmet_vtree_nlbas(c.t))
		return ret;
	/* LBAs past the end cannot have been written: not checked. */
	n = nlb > nvmet_vtree_nlbas(c.t) - slba ? nvmet_vtree_nlbas(c.t) - slba : nlb;
	ret = nvmet_vlba_check(&c, slba, (uint32_t)n, p, &bad);
	if (ret && bad_lba)
		*bad_lba = bad;
	return ret;
}

int nvmet_verify_miscompares(const struct nvmet_ns *ns, uint64_t *last_lba)
{
	struct nvmet_verify *v = ns ? nvmet_ns_verify_state(ns) : NULL;
	uint64_t n;

	if (!ns)
		return -EINVAL;
	if (!v)
		return 0;
	n = atomic_load(&v->miscompares);
	if (n && last_lba)
		*last_lba = atomic_load(&v->last_bad);
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

void nvmet_verify_note_miscompare(struct nvmet_ns *ns, uint64_t lba)
{
	struct nvmet_verify *v = nvmet_ns_verify_state(ns);

	if (!v)
		return;
	atomic_store(&v->last_bad, lba);
	atomic_fetch_add(&v->miscompares, 1);
}

/* Writes of epoch @epoch and before are durable. */
static void verify_flushed(struct nvmet_verify *v, uint64_t epoch)
{
	uint64_t cur = atomic_load(&v->flushed);

	while (epoch > cur && !atomic_compare_exchange_weak(&v->flushed, &cur, epoch))
		;
}

void nvmet_verify_flushed(struct nvmet_ns *ns, uint64_t epoch)
{
	struct nvmet_verify *v = nvmet_ns_verify_state(ns);

	if (v)
		verify_flushed(v, epoch);
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

void nvmet_verify_ctrl_flushed(struct nvmet_ctrl *ctrl, uint64_t epoch)
{
	struct nvmet_verify *v;

	if (!atomic_load_explicit(&reg_count, memory_order_relaxed))
		return;
	pthread_mutex_lock(&reg_lock);
	for (v = reg_head; v; v = v->next)
		if (v->ctrl == ctrl)
			verify_flushed(v, epoch);
	pthread_mutex_unlock(&reg_lock);
}

void nvmet_verify_power_lost(struct nvmet_ctrl *ctrl)
{
	struct nvmet_verify *v;

	if (!atomic_load_explicit(&reg_count, memory_order_relaxed))
		return;
	pthread_mutex_lock(&reg_lock);
	for (v = reg_head; v; v = v->next)
		if (v->ctrl == ctrl && v->track)
			nvmet_vtree_power_loss(tree_of(v), atomic_load(&v->flushed));
	pthread_mutex_unlock(&reg_lock);
}
