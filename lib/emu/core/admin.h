/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * admin.h - what the files of the emulated controller's admin
 * command set share: the command handlers the dispatcher calls, events,
 * background operations, and little-endian writers for the data
 * structures they build. All of it runs in the controller thread unless
 * said otherwise.
 */
#ifndef NVMET_EMU_ADMIN_PRIV_H
#define NVMET_EMU_ADMIN_PRIV_H

#include <endian.h>
#include <string.h>

#include "core.h"
#include "support/bytes.h"

#define EMU_VID			0xc0de	/* PCI vendor and subsystem vendor ID */
#define EMU_CNTLID		1
#define EMU_NSID_ALL		0xffffffffu
#define EMU_WCTEMP		343	/* kelvin */
#define EMU_CCTEMP		353
#define EMU_TEMP_DEFAULT	313
#define EMU_KAS			1	/* Keep Alive granularity, 100 ms units */
#define EMU_AEC_SUPPORTED	0x3ffu	/* SMART warnings, ns attribute, fw activation */
#define EMU_DST_ENTRIES		20
#define EMU_DST_SHORT_NS	200000000ull
#define EMU_DST_EXT_NS		1000000000ull
#define EMU_SAN_NS		300000000ull
#define EMU_NS_PER_HOUR		3600000000000ull
#define EMU_NS_PER_MIN		60000000000ull

/* Retryable: the command may succeed once the sanitize operation is over. */
#define ST_SANITIZING	NVMET_STATUS(NVMET_SCT_GENERIC, NVMET_SC_SANITIZE_IN_PROGRESS, 0)

#define EMU_CW_TEMP			(1u << 1)	/* critical warning: temperature */

static inline bool emu_nsid_valid(uint32_t nsid)
{
	return nsid >= 1 && nsid <= EMU_MAX_NS;
}

/* The namespace @nsid when it is attached (active), else NULL. */
static inline struct emu_ns *emu_adm_ns_active(struct nvmet_emu *emu, uint32_t nsid)
{
	struct emu_ns *ns = emu_nsid_valid(nsid) ? emu->ns[nsid] : NULL;

	return ns && ns->attached ? ns : NULL;
}

/* Whether @len bytes of data fit the Maximum Data Transfer Size. */
static inline bool emu_adm_mdts_ok(const struct nvmet_emu *emu, uint64_t len)
{
	return !emu->opts.mdts || len <= ((uint64_t)EMU_PAGE << emu->opts.mdts);
}

/* command handlers: return the status */
NVMET_HIDDEN uint16_t emu_adm_identify(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_get_features(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_set_features(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_get_log(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_fw_download(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_fw_commit(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_format(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_sanitize(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_self_test(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_ns_mgmt(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_ns_attach(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_security_send(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_security_recv(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_mi_send(struct nvmet_emu *emu, struct emu_cmd *cmd);
NVMET_HIDDEN uint16_t emu_adm_mi_recv(struct nvmet_emu *emu, struct emu_cmd *cmd);

/* Commands Supported and Effects entry of an admin opcode: 0 when not supported. */
NVMET_HIDDEN uint32_t emu_adm_effects(uint8_t opc);

/* Asynchronous Event Requests (admin_aer.c) */
NVMET_HIDDEN enum emu_exec emu_adm_aer(struct nvmet_emu *emu, struct emu_cmd *cmd);
/* Complete the held AER with CID @cid as aborted; false when none. */
NVMET_HIDDEN bool emu_adm_aer_abort(struct nvmet_emu *emu, uint16_t cid);
/* Complete held AERs with the events waiting for them. */
NVMET_HIDDEN void emu_adm_aer_deliver(struct nvmet_emu *emu);
/* Whether an unmasked event waits and an AER is held for it (cheap). */
NVMET_HIDDEN bool emu_adm_aer_due(struct nvmet_emu *emu);
/* Reset: drop held AERs without completing them, unmask every type. */
NVMET_HIDDEN void emu_adm_aer_reset(struct nvmet_emu *emu);
/* Log page @lid was read with RAE clear: unmask the types it clears. */
NVMET_HIDDEN void emu_adm_aer_log_read(struct nvmet_emu *emu, uint8_t lid);
/*
 * Queue an event, unless the Asynchronous Event Configuration disables
 * it (@gate) or the same one is queued. Any thread; takes emu->lock
 * unless @locked. Returns 0 or -ENOSPC.
 */
NVMET_HIDDEN int emu_adm_event(struct nvmet_emu *emu, uint8_t type, uint8_t info, uint8_t lid,
			     bool gate, bool locked);

/* SMART / health (admin_health.c) */
NVMET_HIDDEN void emu_adm_health_init(struct nvmet_emu *emu);
/* Re-evaluate the temperature against the thresholds; raise the event. */
NVMET_HIDDEN void emu_adm_temp_check(struct nvmet_emu *emu);
/* Minutes at or over WCTEMP (below CCTEMP) and at or over CCTEMP. */
NVMET_HIDDEN void emu_adm_temp_minutes(struct nvmet_emu *emu, uint32_t *warn, uint32_t *crit);
NVMET_HIDDEN uint64_t emu_adm_power_on_hours(const struct nvmet_emu *emu);

/* features (admin_feat.c) */
NVMET_HIDDEN void emu_adm_feat_defaults(struct nvmet_emu *emu);

/* firmware (admin_fw.c) */
NVMET_HIDDEN void emu_adm_fw_init(struct nvmet_emu *emu);
/* Controller reset: a pending activation happens, a partial download is dropped. */
NVMET_HIDDEN void emu_adm_fw_reset(struct nvmet_emu *emu);

/* device self-test and sanitize (admin_nvm.c) */
/* End the self-test in progress, when there is one, with result @result. */
NVMET_HIDDEN void emu_adm_dst_end(struct nvmet_emu *emu, uint8_t result);
/* The same, only when it tests namespace @nsid. */
NVMET_HIDDEN void emu_adm_dst_end_ns(struct nvmet_emu *emu, uint32_t nsid, uint8_t result);
NVMET_HIDDEN void emu_adm_dst_tick(struct nvmet_emu *emu, uint64_t now);
NVMET_HIDDEN void emu_adm_san_tick(struct nvmet_emu *emu, uint64_t now);

/* Self-test result codes. */
#define EMU_DST_OK		0x0
#define EMU_DST_ABORTED_CMD	0x1
#define EMU_DST_ABORTED_RESET	0x2
#define EMU_DST_ABORTED_NS_GONE	0x3
#define EMU_DST_ABORTED_FORMAT	0x4
#define EMU_DST_ABORTED_SANITIZE 0x9
#define EMU_DST_UNUSED		0xf

/* namespaces (admin_ns.c) */
NVMET_HIDDEN uint64_t emu_adm_capacity(const struct nvmet_emu *emu);
NVMET_HIDDEN uint64_t emu_adm_allocated(const struct nvmet_emu *emu);
/* A namespace's EUI64 (8 bytes) and NGUID (16 bytes). */
NVMET_HIDDEN void emu_adm_ns_ids(const struct nvmet_emu *emu, uint32_t nsid, uint8_t *eui64,
			       uint8_t *nguid);

/* The controller's ID: the association's over a fabric, else EMU_CNTLID. */
static inline uint16_t emu_cntlid(const struct nvmet_emu *emu)
{
	return emu->fab.on ? emu->fab.cntlid : EMU_CNTLID;
}

#endif /* NVMET_EMU_ADMIN_PRIV_H */
