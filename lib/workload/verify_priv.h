/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * verify_priv.h - inline data verification inside libnvmet: the sparse
 * check-value table (verify_table.c), the LBA stamp and check
 * (verify_data.c), and the hooks the namespace and admin code call so
 * expectations follow Format NVM and Sanitize (verify.c). The interface of
 * lib/workload/'s verification to the namespace and admin code of lib/ctrl/.
 */
#ifndef NVMET_VERIFY_PRIV_H
#define NVMET_VERIFY_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include <nvmet/ctrl.h>
#include <nvmet/verify.h>

#include "ctrl/ctrl_priv.h"

struct nvmet_vtree;
struct nvmet_verify;

/* ---- the table (verify_table.c) ----------------------------------------- */

/*
 * A radix tree over the LBAs of a namespace. Index nodes have
 * NVMET_VTREE_FANOUT slots; the last index level points at leaves of
 * NVMET_VERIFY_LEAF_LBAS 16-bit values. A slot holds a marker for its
 * whole subtree (nothing allocated below it) or a pointer to the child:
 * NVMET_VERIFY_UNKNOWN, NVMET_VERIFY_ZERO, or a "zeroed, not yet durable"
 * marker carrying the flush epoch of the zeroing (a Write Zeroes or
 * deallocate of whole leaves on a controller with a volatile write cache:
 * zeros now, unknown after a power loss unless a flush made it durable).
 * Values are loaded and stored atomically; children are installed with a
 * compare-and-swap, so threads on disjoint LBAs share a tree safely.
 */
#define NVMET_VTREE_SHIFT	4
#define NVMET_VTREE_FANOUT	(1u << NVMET_VTREE_SHIFT)
#define NVMET_VTREE_NODE_BYTES	(NVMET_VTREE_FANOUT * sizeof(uintptr_t))

/*
 * What a leaf knows besides one check value per LBA, allocated the first
 * time one of its LBAs needs it (the leaf's second state):
 *
 * - Old-or-new. After a reset or power loss cut a write off, an LBA may
 *   hold its old data or its new data: VF_OLD accepts @old as well, and
 *   VF_WIN accepts any well-formed stamp of the LBA (right LBA number,
 *   pattern intact) whose token is at least @awin. A read that matches
 *   one of them, or a write, settles the LBA on one value again.
 *
 * - Durability, on a controller with a volatile write cache. An LBA
 *   written since it was last durable is VF_DIRTY, its durable value in
 *   @old. Epochs count flush submissions (process-wide); a write is
 *   durable once a flush submitted after it completed, i.e. when its
 *   epoch is at most the namespace's flushed epoch. The leaf keeps two
 *   epochs; each dirty LBA names one (VF_SLOT), the latest epoch of its
 *   writes or a later one: counting a write as later than it was only
 *   keeps it dirty longer, never the reverse, so a third epoch joins the
 *   later of the two. An LBA written again while dirty has an
 *   intermediate value the media may hold after a power loss: VF_MULTI
 *   when every such value was stamped data (the slot's @win is at most
 *   their tokens, so the window accepts them), VF_LOOSE when one was not
 *   (the LBA becomes unknown at a power loss).
 *
 * Tracked writes (and interruptions) on a leaf take @lock: slot choice
 * and reuse touch every LBA of the leaf. Reads settle with atomic bit
 * operations and stores of their own LBA only.
 */
#define VF_OLD		0x01u	/* @old is accepted now */
#define VF_WIN		0x02u	/* stamps with token >= @awin are accepted now */
#define VF_DIRTY	0x04u	/* written since durable; @old is the durable value */
#define VF_SLOT		0x08u	/* which of @epoch[] the dirty LBA belongs to */
#define VF_MULTI	0x10u	/* dirty, overwritten; the overwritten values were stamped */
#define VF_LOOSE	0x20u	/* dirty, overwritten; one overwritten value was not stamped */

struct nvmet_vaux {
	_Atomic uint16_t old[NVMET_VERIFY_LEAF_LBAS];
	_Atomic uint8_t fl[NVMET_VERIFY_LEAF_LBAS];
	_Atomic uint64_t epoch[2];
	_Atomic uint64_t win[2];
	_Atomic uint64_t awin;
	atomic_flag lock;
};

struct nvmet_vleaf {
	_Atomic uint16_t v[NVMET_VERIFY_LEAF_LBAS];
	_Atomic(struct nvmet_vaux *) aux;
};

/* A tree for @nlbas LBAs of @lba_size bytes, every LBA at @value (UNKNOWN or ZERO). */
NVMET_HIDDEN struct nvmet_vtree *nvmet_vtree_new(uint64_t nlbas, uint32_t lba_size,
						 uint16_t value);
NVMET_HIDDEN void nvmet_vtree_free(struct nvmet_vtree *t);
NVMET_HIDDEN uint64_t nvmet_vtree_nlbas(const struct nvmet_vtree *t);
NVMET_HIDDEN uint32_t nvmet_vtree_lba_size(const struct nvmet_vtree *t);
/* Bytes of index nodes, leaves and their second states, the tree itself included. */
NVMET_HIDDEN uint64_t nvmet_vtree_bytes(const struct nvmet_vtree *t);
/*
 * The leaf holding LBA @lba, or NULL when none is allocated, with
 * *@uniform the value of every LBA there (a zeroed-not-durable marker
 * reads as ZERO).
 */
NVMET_HIDDEN struct nvmet_vleaf *nvmet_vtree_leaf(const struct nvmet_vtree *t, uint64_t lba,
						  uint16_t *uniform);
/* The leaf holding LBA @lba, allocated if needed; NULL when out of memory. */
NVMET_HIDDEN struct nvmet_vleaf *nvmet_vtree_leaf_make(struct nvmet_vtree *t, uint64_t lba);
/* The second state of @l, allocated if needed; NULL when out of memory. */
NVMET_HIDDEN struct nvmet_vaux *nvmet_vtree_aux_make(struct nvmet_vtree *t,
						     struct nvmet_vleaf *l);
/*
 * Set @nlb LBAs from @slba, whole leaves only (or up to the namespace's
 * end), to @value (UNKNOWN or ZERO); a ZERO with a non-zero @epoch is
 * zeroed-not-durable at that epoch. Subtrees become a marker and what was
 * below goes. 0 or -ENOMEM.
 */
NVMET_HIDDEN int nvmet_vtree_set(struct nvmet_vtree *t, uint64_t slba, uint64_t nlb,
				 uint16_t value, uint64_t epoch);
/*
 * A power loss: markers zeroed after epoch @flushed become UNKNOWN, and
 * nvmet_vlba_power_loss() runs on every leaf with a second state.
 */
NVMET_HIDDEN void nvmet_vtree_power_loss(struct nvmet_vtree *t, uint64_t flushed);

/* ---- one LBA's expectations (verify_lba.c) -------------------------------- */

/**
 * struct nvmet_vctx - what the rules for one LBA need to know
 * @t: the table
 * @lbs: bytes per LBA
 * @track: the controller has a volatile write cache: keep durability
 * @epoch: the current epoch (when the operation's command completed)
 * @flushed: the namespace's flushed epoch
 */
struct nvmet_vctx {
	struct nvmet_vtree *t;
	uint32_t lbs;
	bool track;
	uint64_t epoch;
	uint64_t flushed;
};

/* What nvmet_vlba_range() does to each LBA. */
enum nvmet_vop {
	NVMET_VOP_WRITE,	/* a write completed: the data (or @value) is there */
	NVMET_VOP_DURABLE,	/* a write with FUA completed: there and durable */
	NVMET_VOP_CUT,		/* a write was cut off: old or new */
	NVMET_VOP_UNKNOWN,	/* anything may be there */
};

/*
 * Apply @op to @nlb LBAs from @slba; the new data is stamped or other data
 * at @data (@lbs bytes per LBA), or, when @data is NULL, @value for every
 * LBA (ZERO or UNKNOWN). Whole leaves set to a value may become a marker.
 * 0, or -ENOMEM (what the LBAs hold is then forgotten: UNKNOWN).
 */
NVMET_HIDDEN int nvmet_vlba_range(const struct nvmet_vctx *c, enum nvmet_vop op, uint64_t slba,
				  uint64_t nlb, const uint8_t *data, uint16_t value);
/*
 * Check @nlb LBAs read into @data from @slba, settling those that were
 * old-or-new on what was read. 0, or -EILSEQ with the first bad LBA in
 * *@bad.
 */
NVMET_HIDDEN int nvmet_vlba_check(const struct nvmet_vctx *c, uint64_t slba, uint32_t nlb,
				  const uint8_t *data, uint64_t *bad);
/* A power loss, for the leaf @l: dirty LBAs become durable-or-new (or UNKNOWN). */
NVMET_HIDDEN void nvmet_vlba_power_loss(struct nvmet_vleaf *l, uint64_t flushed);
/* A second state for a leaf of LBAs zeroed at @epoch (0: a fresh one). */
NVMET_HIDDEN void nvmet_vlba_aux_init(struct nvmet_vaux *a, uint64_t epoch);

/* ---- the data (verify_data.c) ------------------------------------------- */

/* The next @n write tokens (never 0), process-wide. */
NVMET_HIDDEN uint64_t nvmet_vdata_tokens(uint32_t n);
/* Stamp one LBA of @lbs bytes (a multiple of 8, >= 16) at @p. */
NVMET_HIDDEN void nvmet_vdata_stamp(void *p, uint32_t lbs, uint64_t lba, uint64_t token);
/* The check value (2..65535) of the LBA @lba holding the @lbs bytes at @p. */
NVMET_HIDDEN uint16_t nvmet_vdata_value(const void *p, uint32_t lbs, uint64_t lba);
/* Does the LBA @lba at @p match the check value @expect (ZERO or 2..65535)? */
NVMET_HIDDEN bool nvmet_vdata_match(const void *p, uint32_t lbs, uint64_t lba, uint16_t expect);
/* The token word of the LBA of @lbs bytes at @p. */
NVMET_HIDDEN uint64_t nvmet_vdata_token(const void *p, uint32_t lbs);
/* Is @p a well-formed stamp of LBA @lba? Its token in *@token when it is. */
NVMET_HIDDEN bool nvmet_vdata_stamped(const void *p, uint32_t lbs, uint64_t lba,
				      uint64_t *token);
/* Is @value the check value of stamped data (even, 2..65534)? */
static inline bool nvmet_vvalue_stamped(uint16_t value)
{
	return value >= 2 && !(value & 1);
}

/* ---- commands (verify_cmd.c) ---------------------------------------------- */

/**
 * struct nvmet_vcmd - what a command means for a verified namespace
 * @ns: the namespace
 * @buf: its data (a write's, a read's, a Dataset Management's ranges)
 * @off: where the data starts in @buf
 * @slba: first LBA
 * @nlb: LBAs, or Dataset Management ranges
 * @epoch: a flush's epoch, taken before it was submitted
 * @opc: opcode
 * @fua: a write with Force Unit Access: durable once complete
 */
struct nvmet_vcmd {
	struct nvmet_ns *ns;
	const struct nvmet_buf *buf;
	size_t off;
	uint64_t slba;
	uint32_t nlb;
	uint64_t epoch;
	uint8_t opc;
	bool fua;
};

/*
 * Describe @sqe, about to be submitted on @ns with its data at @buf +
 * @off, in @vc. false when the command neither changes nor reads LBA data
 * (a compare, a verify, a Dataset Management without deallocate).
 */
NVMET_HIDDEN bool nvmet_vcmd_init(struct nvmet_vcmd *vc, struct nvmet_ns *ns,
				  const struct nvmet_sqe *sqe, const struct nvmet_buf *buf,
				  size_t off);
/*
 * The command completed with @cqe: a good one records what it wrote (or
 * flushed) and checks what it read; a failed, timed out or cut off one
 * (all-ones) leaves its LBAs old-or-new. 0, -EILSEQ with the bad LBA in
 * *@bad, or another negative errno when the table could not follow.
 */
NVMET_HIDDEN int nvmet_vcmd_done(const struct nvmet_vcmd *vc, const struct nvmet_cqe *cqe,
				 uint64_t *bad);
/*
 * nvmet_vcmd_done() for a command of the namespace API: a miscompare is
 * counted (nvmet_verify_miscompares()) and turns @cqe into Unrecovered
 * Read Error, as pynvme does.
 */
NVMET_HIDDEN void nvmet_vcmd_complete(const struct nvmet_vcmd *vc, struct nvmet_cqe *cqe);

/* ---- namespace state and hooks (verify.c, ns.c) ------------------------- */

/* The namespace's verification state, NULL when off (ns.c). */
NVMET_HIDDEN struct nvmet_verify *nvmet_ns_verify_state(const struct nvmet_ns *ns);
NVMET_HIDDEN void nvmet_ns_verify_attach(struct nvmet_ns *ns, struct nvmet_verify *v);
NVMET_HIDDEN struct nvmet_ctrl *nvmet_ns_ctrl(const struct nvmet_ns *ns);

/* Apply @op to @nlb LBAs of @ns (see nvmet_vlba_range()); 0 when verification is off. */
NVMET_HIDDEN int nvmet_verify_range(struct nvmet_ns *ns, enum nvmet_vop op, uint64_t slba,
				    uint64_t nlb, const uint8_t *data, uint16_t value);
/* A flush is about to be submitted: its epoch, for nvmet_verify_flushed() when it completes. */
NVMET_HIDDEN uint64_t nvmet_verify_epoch_begin(void);
/* A flush of @ns (or a normal shutdown of @ctrl) of epoch @epoch completed. */
NVMET_HIDDEN void nvmet_verify_flushed(struct nvmet_ns *ns, uint64_t epoch);
NVMET_HIDDEN void nvmet_verify_ctrl_flushed(struct nvmet_ctrl *ctrl, uint64_t epoch);
/* @ctrl lost power: its volatile write cache is gone. */
NVMET_HIDDEN void nvmet_verify_power_lost(struct nvmet_ctrl *ctrl);
/* A read through the namespace API miscompared at @lba (nvmet_verify_miscompares()). */
NVMET_HIDDEN void nvmet_verify_note_miscompare(struct nvmet_ns *ns, uint64_t lba);

/* What deallocated (or formatted) LBAs read as: ZERO when DLFEAT says zeros, else UNKNOWN. */
NVMET_HIDDEN uint16_t nvmet_verify_dealloc_value(const struct nvmet_ns *ns);
/* nvmet_ns_refresh() read Identify Namespace: a new LBA size or capacity resets the table. */
NVMET_HIDDEN void nvmet_verify_ns_refreshed(struct nvmet_ns *ns);
/* nvmet_ns_format() succeeded: every LBA reads as nvmet_verify_dealloc_value(). */
NVMET_HIDDEN void nvmet_verify_ns_formatted(struct nvmet_ns *ns);
/* The namespace is being closed: drop its table. */
NVMET_HIDDEN void nvmet_verify_ns_close(struct nvmet_ns *ns);
/*
 * An admin command was submitted on @ctrl: a Format NVM or a Sanitize
 * makes the namespaces it touches UNKNOWN.
 */
NVMET_HIDDEN void nvmet_verify_admin_issued(struct nvmet_ctrl *ctrl,
					    const struct nvmet_sqe *sqe);

#endif /* NVMET_VERIFY_PRIV_H */
