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
 * NVMET_VERIFY_LEAF_LBAS 16-bit values. A slot holds NVMET_VERIFY_UNKNOWN
 * (the whole subtree unknown: nothing allocated), NVMET_VERIFY_ZERO (the
 * whole subtree reads as zeros) or a pointer to the child. Values are
 * loaded and stored atomically; children are installed with a
 * compare-and-swap, so threads on disjoint LBAs share a tree safely.
 */
#define NVMET_VTREE_SHIFT	4
#define NVMET_VTREE_FANOUT	(1u << NVMET_VTREE_SHIFT)
#define NVMET_VTREE_LEAF_BYTES	(NVMET_VERIFY_LEAF_LBAS * sizeof(uint16_t))
#define NVMET_VTREE_NODE_BYTES	(NVMET_VTREE_FANOUT * sizeof(uintptr_t))

/* A tree for @nlbas LBAs of @lba_size bytes, every LBA at @value (UNKNOWN or ZERO). */
NVMET_HIDDEN struct nvmet_vtree *nvmet_vtree_new(uint64_t nlbas, uint32_t lba_size,
						 uint16_t value);
NVMET_HIDDEN void nvmet_vtree_free(struct nvmet_vtree *t);
NVMET_HIDDEN uint64_t nvmet_vtree_nlbas(const struct nvmet_vtree *t);
NVMET_HIDDEN uint32_t nvmet_vtree_lba_size(const struct nvmet_vtree *t);
/* Bytes of index nodes and leaves, the tree itself included. */
NVMET_HIDDEN uint64_t nvmet_vtree_bytes(const struct nvmet_vtree *t);
/*
 * The leaf holding LBA @lba (its value is leaf[@lba % NVMET_VERIFY_LEAF_LBAS]),
 * or NULL when none is allocated, with *@uniform the value of every LBA there.
 */
NVMET_HIDDEN const _Atomic uint16_t *nvmet_vtree_leaf(const struct nvmet_vtree *t, uint64_t lba,
						      uint16_t *uniform);
/* The leaf holding LBA @lba, allocated if needed; NULL when out of memory. */
NVMET_HIDDEN _Atomic uint16_t *nvmet_vtree_leaf_make(struct nvmet_vtree *t, uint64_t lba);
/*
 * Set @nlb LBAs from @slba to @value (UNKNOWN or ZERO): whole subtrees
 * become a marker and are freed; only the leaves at the two ends of the
 * range are allocated. 0 or -ENOMEM.
 */
NVMET_HIDDEN int nvmet_vtree_set(struct nvmet_vtree *t, uint64_t slba, uint64_t nlb,
				 uint16_t value);

/* ---- the data (verify_data.c) ------------------------------------------- */

/* The next @n write tokens (never 0), process-wide. */
NVMET_HIDDEN uint64_t nvmet_vdata_tokens(uint32_t n);
/* Stamp one LBA of @lbs bytes (a multiple of 8, >= 16) at @p. */
NVMET_HIDDEN void nvmet_vdata_stamp(void *p, uint32_t lbs, uint64_t lba, uint64_t token);
/* The check value (2..65535) of the LBA @lba holding the @lbs bytes at @p. */
NVMET_HIDDEN uint16_t nvmet_vdata_value(const void *p, uint32_t lbs, uint64_t lba);
/* Does the LBA @lba at @p match the check value @expect (ZERO or 2..65535)? */
NVMET_HIDDEN bool nvmet_vdata_match(const void *p, uint32_t lbs, uint64_t lba, uint16_t expect);

/* ---- namespace state and hooks (verify.c, ns.c) ------------------------- */

/* The namespace's verification state, NULL when off (ns.c). */
NVMET_HIDDEN struct nvmet_verify *nvmet_ns_verify_state(const struct nvmet_ns *ns);
NVMET_HIDDEN void nvmet_ns_verify_attach(struct nvmet_ns *ns, struct nvmet_verify *v);
NVMET_HIDDEN struct nvmet_ctrl *nvmet_ns_ctrl(const struct nvmet_ns *ns);

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
