/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/ctrl_extra.h - controller operations built on the core of
 * nvmet/ctrl.h: shutdown notification, NVM subsystem reset, which commands
 * the controller supports (the Commands Supported and Effects log), and
 * firmware download from a file and commit.
 *
 * As everywhere in libnvmet, a function returns 0 or a negative errno; an
 * NVMe error status of a command is not an errno, it is in the CQE.
 */
#ifndef NVMET_CTRL_EXTRA_H
#define NVMET_CTRL_EXTRA_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/ctrl.h>
#include <nvmet/nvme.h>

/* Bits of a Commands Supported and Effects entry. */
#define NVMET_CSE_CSUPP		(1u << 0)	/* command supported */
#define NVMET_CSE_LBCC		(1u << 1)	/* logical block content change */
#define NVMET_CSE_NCC		(1u << 2)	/* namespace capability change */
#define NVMET_CSE_NIC		(1u << 3)	/* namespace inventory change */
#define NVMET_CSE_CCC		(1u << 4)	/* controller capability change */
#define NVMET_CSE_CSE(e)	((unsigned int)(((e) >> 16) & 0x7))	/* submission and execution */
#define NVMET_CSE_USS		(1u << 19)	/* UUID selection supported */

/* The NVM Subsystem Reset register's magic value, "NVMe". */
#define NVMET_NSSR_MAGIC	0x4e564d65u

/* Firmware Image Download piece size when the caller gives none. */
#define NVMET_FW_CHUNK_DEFAULT	(32u << 10)

/**
 * nvmet_ctrl_shutdown() - shutdown notification, and wait for it to complete
 * @ctrl: controller
 * @abrupt: abrupt shutdown (CC.SHN 10b) rather than normal (01b)
 *
 * Sets CC.SHN, keeping CC's other fields, then polls CSTS.SHST until it
 * reports the shutdown complete (10b). The wait is the longer of RTD3E
 * from the Identify Controller data (when the controller was identified)
 * and CAP.TO.
 *
 * Commands in flight are neither aborted nor reaped. Afterwards the
 * controller need not process commands: nvmet_ctrl_reset() brings it back
 * (commands in flight end with all-ones CQEs, queue pairs are created
 * again, AERs re-armed).
 *
 * Return: 0, -ETIMEDOUT when the shutdown did not complete in time,
 * -ENODEV when CSTS reads all ones (the function is gone), or a negative
 * errno.
 */
int nvmet_ctrl_shutdown(struct nvmet_ctrl *ctrl, bool abrupt);

/**
 * nvmet_ctrl_nssr() - NVM subsystem reset, then carry on
 * @ctrl: controller
 *
 * Writes NVMET_NSSR_MAGIC to the NSSR register, then nvmet_ctrl_reset().
 * Every controller of the subsystem is reset; CSTS.NSSRO is left set (it
 * is write 1 to clear) for the caller to check. On a PCI Express device
 * the subsystem reset may also take the link down: the function's
 * configuration space is not restored here.
 *
 * Return: 0, -EOPNOTSUPP when CAP.NSSRS says the controller has no NVM
 * subsystem reset, or a negative errno.
 */
int nvmet_ctrl_nssr(struct nvmet_ctrl *ctrl);

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

#endif /* NVMET_CTRL_EXTRA_H */
