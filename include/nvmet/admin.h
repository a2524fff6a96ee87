/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/admin.h - the frequent admin commands in one call each: Identify,
 * Get Features, Set Features and Get Log Page, taking the data buffer and
 * its length once, the direction implied by the command; and built on
 * them, which commands the controller supports (the Commands Supported and
 * Effects log) and firmware download from a file and commit.
 *
 * Each comes twice, as everywhere in libnvmet: nvmet_admin_X() submits the
 * command with a callback that receives the completion (reap it with
 * nvmet_ctrl_waitdone(), which also gives DW0 of the last one, as
 * pynvme's nvme0.getlogpage(2, buf, 512).waitdone() does), and
 * nvmet_admin_X_sync() waits for it and gives the whole completion:
 *
 *   struct nvmet_cqe cqe;
 *
 *   nvmet_admin_get_log_page_sync(ctrl, NVMET_LOG_SMART, 0xffffffff, NULL, buf, 512, &cqe);
 *   if (nvmet_cqe_ok(&cqe)) ...
 *
 * The data is at offset 0 of @buf, a buffer from nvmet_ctrl_buf_alloc().
 * The fields these calls do not take come from @opts (NULL for zeros), as
 * for the builders of nvmet/cmd.h; for anything else, build the entry with
 * nvmet/cmd.h and send it with nvmet_ctrl_admin() or nvmet_ctrl_admin_sync().
 *
 * Every function returns 0 or a negative errno: -EINVAL for an argument
 * that does not fit its field, @len larger than @buf, data without a
 * buffer, or no @cqe for a _sync call; otherwise what nvmet_ctrl_admin()
 * returns. An NVMe error status is not an errno: it is in the completion.
 */
#ifndef NVMET_ADMIN_H
#define NVMET_ADMIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/buffer.h>
#include <nvmet/cmd.h>
#include <nvmet/ctrl.h>
#include <nvmet/nvme.h>

/**
 * nvmet_admin_identify() - Identify, NVMET_ID_DATA_SIZE (4096) bytes into @buf
 * @ctrl: controller
 * @cns: the data structure, an NVMET_CNS_ value
 * @nsid: namespace identifier (0 when @cns does not use one)
 * @opts: CNTID, CNSSID, CSI and UUID index, or NULL for zeros
 * @buf: at least 4096 bytes
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, or a negative errno.
 */
int nvmet_admin_identify(struct nvmet_ctrl *ctrl, uint8_t cns, uint32_t nsid,
			 const struct nvmet_identify_opts *opts, struct nvmet_buf *buf,
			 nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_admin_identify_sync() - Identify, and wait for it
 * @ctrl: controller
 * @cns: the data structure, an NVMET_CNS_ value
 * @nsid: namespace identifier (0 when @cns does not use one)
 * @opts: CNTID, CNSSID, CSI and UUID index, or NULL for zeros
 * @buf: at least 4096 bytes
 * @cqe: the completion
 *
 * Return: 0 (see @cqe), or a negative errno.
 */
int nvmet_admin_identify_sync(struct nvmet_ctrl *ctrl, uint8_t cns, uint32_t nsid,
			      const struct nvmet_identify_opts *opts, struct nvmet_buf *buf,
			      struct nvmet_cqe *cqe);

/**
 * nvmet_admin_get_features() - Get Features; the value is the completion's DW0
 * @ctrl: controller
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @sel: which value: an NVMET_SEL_ value
 * @cdw11: feature specific
 * @opts: NSID, CDW12, CDW13, UUID index and CDW15, or NULL for zeros
 * @buf: for the features that return data (Timestamp, LBA Range Type...),
 *	else NULL
 * @len: bytes of data, 0 without
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, or a negative errno.
 */
int nvmet_admin_get_features(struct nvmet_ctrl *ctrl, uint8_t fid, unsigned int sel,
			     uint32_t cdw11, const struct nvmet_feat_opts *opts,
			     struct nvmet_buf *buf, size_t len, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_admin_get_features_sync() - Get Features, and wait for it
 * @ctrl: controller
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @sel: which value: an NVMET_SEL_ value
 * @cdw11: feature specific
 * @opts: NSID, CDW12, CDW13, UUID index and CDW15, or NULL for zeros
 * @buf: for the features that return data, else NULL
 * @len: bytes of data, 0 without
 * @cqe: the completion: the value is @cqe->dw0
 *
 * Return: 0 (see @cqe), or a negative errno.
 */
int nvmet_admin_get_features_sync(struct nvmet_ctrl *ctrl, uint8_t fid, unsigned int sel,
				  uint32_t cdw11, const struct nvmet_feat_opts *opts,
				  struct nvmet_buf *buf, size_t len, struct nvmet_cqe *cqe);

/**
 * nvmet_admin_set_features() - Set Features
 * @ctrl: controller
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @save: make the value persist across power cycles and resets (SV)
 * @cdw11: feature specific: the value for most features
 * @opts: NSID, CDW12, CDW13, UUID index and CDW15, or NULL for zeros
 * @buf: for the features that take data (Timestamp, Host Behavior
 *	Support...), else NULL
 * @len: bytes of data, 0 without
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, or a negative errno.
 */
int nvmet_admin_set_features(struct nvmet_ctrl *ctrl, uint8_t fid, bool save, uint32_t cdw11,
			     const struct nvmet_feat_opts *opts, struct nvmet_buf *buf, size_t len,
			     nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_admin_set_features_sync() - Set Features, and wait for it
 * @ctrl: controller
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @save: make the value persist across power cycles and resets (SV)
 * @cdw11: feature specific: the value for most features
 * @opts: NSID, CDW12, CDW13, UUID index and CDW15, or NULL for zeros
 * @buf: for the features that take data, else NULL
 * @len: bytes of data, 0 without
 * @cqe: the completion
 *
 * Return: 0 (see @cqe), or a negative errno.
 */
int nvmet_admin_set_features_sync(struct nvmet_ctrl *ctrl, uint8_t fid, bool save,
				  uint32_t cdw11, const struct nvmet_feat_opts *opts,
				  struct nvmet_buf *buf, size_t len, struct nvmet_cqe *cqe);

/**
 * nvmet_admin_get_log_page() - Get Log Page, @len bytes into @buf
 * @ctrl: controller
 * @lid: log page identifier, an NVMET_LOG_ value
 * @nsid: namespace identifier (0xffffffff for all, 0 when not used)
 * @opts: offset, LSP, RAE, LSI, CSI and UUID index, or NULL for zeros
 * @buf: at least @len bytes
 * @len: bytes, a multiple of 4 from 4
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, or a negative errno.
 */
int nvmet_admin_get_log_page(struct nvmet_ctrl *ctrl, uint8_t lid, uint32_t nsid,
			     const struct nvmet_log_opts *opts, struct nvmet_buf *buf, size_t len,
			     nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_admin_get_log_page_sync() - Get Log Page, and wait for it
 * @ctrl: controller
 * @lid: log page identifier, an NVMET_LOG_ value
 * @nsid: namespace identifier (0xffffffff for all, 0 when not used)
 * @opts: offset, LSP, RAE, LSI, CSI and UUID index, or NULL for zeros
 * @buf: at least @len bytes
 * @len: bytes, a multiple of 4 from 4
 * @cqe: the completion
 *
 * Return: 0 (see @cqe), or a negative errno.
 */
int nvmet_admin_get_log_page_sync(struct nvmet_ctrl *ctrl, uint8_t lid, uint32_t nsid,
				  const struct nvmet_log_opts *opts, struct nvmet_buf *buf,
				  size_t len, struct nvmet_cqe *cqe);

/* Firmware Image Download piece size when the caller gives none. */
#define NVMET_FW_CHUNK_DEFAULT	(32u << 10)

/**
 * nvmet_ctrl_cmd_effects() - a command's Commands Supported and Effects entry
 * @ctrl: controller
 * @opcode: the command's opcode
 * @admin: an admin command rather than an I/O command of the NVM command
 *	set (the log is read for CSI 0)
 * @effects: the entry: NVMET_CSE_ bits, 0 for a command not supported
 *
 * Reads the Commands Supported and Effects log page (0x05) at each call.
 *
 * Return: 0, -EOPNOTSUPP when the Identify Controller data says the log
 * page is not supported (LPA bit 1 clear), -EIO when the controller
 * returned an error status for it, or a negative errno.
 */
int nvmet_ctrl_cmd_effects(struct nvmet_ctrl *ctrl, uint8_t opcode, bool admin,
			   uint32_t *effects);

/**
 * nvmet_ctrl_supports() - whether the controller supports a command
 * @ctrl: controller
 * @opcode: the command's opcode
 * @admin: an admin command rather than an I/O command
 * @yes: CSUPP of the command's Commands Supported and Effects entry
 *
 * Return: as nvmet_ctrl_cmd_effects().
 */
int nvmet_ctrl_supports(struct nvmet_ctrl *ctrl, uint8_t opcode, bool admin, bool *yes);

/**
 * nvmet_ctrl_fw_download_file() - send a firmware image file with Firmware
 * Image Download commands
 * @ctrl: controller
 * @path: the image; its size must be a multiple of 4 bytes and not 0
 * @chunk: bytes per command, a multiple of 4 within MDTS; 0 for
 *	NVMET_FW_CHUNK_DEFAULT (or MDTS when smaller)
 * @cqe: the completion of the last command sent
 *
 * The pieces go in order, offset 0 first, each through a DMA buffer, and
 * the download stops at the first command that does not complete with
 * success: its completion is then in @cqe and the function still returns
 * 0. A Firmware Commit (nvmet_ctrl_fw_commit()) makes use of the image.
 *
 * Return: 0 (see @cqe), -ENOENT when @path does not exist, -EINVAL for a
 * @chunk that is not a multiple of 4 or exceeds MDTS or an image whose
 * size is 0 or not a multiple of 4, or a negative errno.
 */
int nvmet_ctrl_fw_download_file(struct nvmet_ctrl *ctrl, const char *path, uint32_t chunk,
				struct nvmet_cqe *cqe);

/**
 * nvmet_ctrl_fw_commit() - Firmware Commit
 * @ctrl: controller
 * @slot: firmware slot, 0..7 (0: the controller chooses)
 * @action: commit action, an NVMET_FW_CA_ value of nvmet/cmd.h, 0..7
 * @cqe: its completion
 *
 * An image activated "at the next reset" runs after nvmet_ctrl_reset()
 * (or a subsystem reset); a status in @cqe such as Firmware Activation
 * Requires Conventional Reset (SCT 1, SC 0x0b) says which reset it wants.
 *
 * Return: 0 (see @cqe), -EINVAL for @slot or @action out of range, or a
 * negative errno.
 */
int nvmet_ctrl_fw_commit(struct nvmet_ctrl *ctrl, unsigned int slot, unsigned int action,
			 struct nvmet_cqe *cqe);

#endif /* NVMET_ADMIN_H */
