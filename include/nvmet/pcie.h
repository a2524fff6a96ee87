/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/pcie.h - the PCI Express function behind a controller: its
 * configuration space, capability lookup (standard and extended), PCI power
 * management states, ASPM control and link status.
 *
 * Everything here goes through the configuration space accessors, so works
 * on whatever function the controller's transport reaches. Nothing is
 * cached: each call reads the hardware.
 */
#ifndef NVMET_PCIE_H
#define NVMET_PCIE_H

#include <stdint.h>

#include <nvmet/ctrl.h>

/* Standard capability IDs (the list starting at the Capabilities Pointer, 0x34). */
#define NVMET_PCI_CAP_PM		0x01	/* PCI Power Management */
#define NVMET_PCI_CAP_MSI		0x05
#define NVMET_PCI_CAP_VNDR		0x09	/* vendor specific */
#define NVMET_PCI_CAP_EXP		0x10	/* PCI Express */
#define NVMET_PCI_CAP_MSIX		0x11

/* Extended capability IDs (the list starting at 0x100). */
#define NVMET_PCI_EXT_CAP_AER		0x0001	/* Advanced Error Reporting */
#define NVMET_PCI_EXT_CAP_DSN		0x0003	/* Device Serial Number */
#define NVMET_PCI_EXT_CAP_ARI		0x000e
#define NVMET_PCI_EXT_CAP_SRIOV		0x0010
#define NVMET_PCI_EXT_CAP_LTR		0x0018
#define NVMET_PCI_EXT_CAP_SECPCI	0x0019	/* Secondary PCI Express */
#define NVMET_PCI_EXT_CAP_L1SS		0x001e	/* L1 PM Substates */
#define NVMET_PCI_EXT_CAP_DLF		0x0025	/* Data Link Feature */
#define NVMET_PCI_EXT_CAP_PL_16GT	0x0026	/* Physical Layer 16.0 GT/s */

/* Device power states (PMCSR PowerState). */
#define NVMET_PCI_D0			0
#define NVMET_PCI_D3HOT			3

/* ASPM Control values of Link Control bits 1:0. */
#define NVMET_PCIE_ASPM_DISABLED	0
#define NVMET_PCIE_ASPM_L0S		1
#define NVMET_PCIE_ASPM_L1		2
#define NVMET_PCIE_ASPM_L0S_L1		3

/**
 * nvmet_ctrl_cfg_read() - read the controller's PCI configuration space
 * @ctrl: controller
 * @offset: byte offset, a multiple of @width
 * @width: 1, 2 or 4
 * @val: the value
 *
 * Return: 0, -EINVAL for a bad @width or @offset (past 255 when the
 * function has no extended configuration space), or a negative errno.
 */
int nvmet_ctrl_cfg_read(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			uint32_t *val);

/**
 * nvmet_ctrl_cfg_write() - write the controller's PCI configuration space
 * @ctrl: controller
 * @offset: byte offset, a multiple of @width
 * @width: 1, 2 or 4
 * @val: the value, which must fit in @width bytes
 *
 * Return: 0, -EINVAL for a bad @width, @offset or @val, or a negative errno.
 */
int nvmet_ctrl_cfg_write(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			 uint32_t val);

/**
 * nvmet_pcie_cap_find() - find a capability in the standard list
 * @ctrl: controller
 * @cap_id: capability ID, an NVMET_PCI_CAP_ value
 * @offset: the capability's offset in configuration space
 *
 * Walks the list from the Capabilities Pointer (0x34) when the Status
 * register says there is one; a list that loops or points outside
 * 0x40..0xff ends the walk.
 *
 * Return: 0, -ENOENT when the function has no such capability, or a
 * negative errno.
 */
int nvmet_pcie_cap_find(struct nvmet_ctrl *ctrl, uint8_t cap_id, uint16_t *offset);

/**
 * nvmet_pcie_ext_cap_find() - find a capability in the extended list
 * @ctrl: controller
 * @ext_id: extended capability ID, an NVMET_PCI_EXT_CAP_ value
 * @offset: the capability's offset in configuration space
 *
 * Walks the list from 0x100; a list that loops or points below 0x100 ends
 * the walk. A function with only 256 bytes of configuration space (not PCI
 * Express, or behind a conventional PCI bridge) has no extended capability.
 *
 * Return: 0, -ENOENT when the function has no such capability, or a
 * negative errno.
 */
int nvmet_pcie_ext_cap_find(struct nvmet_ctrl *ctrl, uint16_t ext_id, uint16_t *offset);

/**
 * nvmet_pcie_power_state() - the function's PCI power state
 * @ctrl: controller
 * @d: PMCSR PowerState: 0 for D0 .. 3 for D3hot
 *
 * Return: 0, -ENOENT without a PCI Power Management capability, or a
 * negative errno.
 */
int nvmet_pcie_power_state(struct nvmet_ctrl *ctrl, unsigned int *d);

/**
 * nvmet_pcie_set_power_state() - put the function in D0 or D3hot
 * @ctrl: controller
 * @d: NVMET_PCI_D0 or NVMET_PCI_D3HOT
 *
 * Writes PMCSR PowerState, leaving its other fields (PME_Status, which a
 * write of 1 would clear, included) as they are, then waits the 10 ms the
 * PCI power management specification gives the function to settle. Nothing
 * is written when the function is already in @d.
 *
 * In D3hot the function answers configuration requests only: no register
 * access, command or DMA until it is back in D0. A function whose PMCSR
 * No_Soft_Reset bit is clear resets itself on the way from D3hot to D0:
 * its controller is then disabled, and the caller must call
 * nvmet_ctrl_reset() before using it again (doing so is harmless when the
 * bit is set).
 *
 * Return: 0, -EINVAL for another state, -ENOENT without a PCI Power
 * Management capability, or a negative errno.
 */
int nvmet_pcie_set_power_state(struct nvmet_ctrl *ctrl, unsigned int d);

/**
 * nvmet_pcie_aspm_get() - the ASPM Control field of the function's Link Control
 * @ctrl: controller
 * @aspm: an NVMET_PCIE_ASPM_ value: 0 disabled, 1 L0s, 2 L1, 3 both
 *
 * Return: 0, -ENOENT without a PCI Express capability, or a negative errno.
 */
int nvmet_pcie_aspm_get(struct nvmet_ctrl *ctrl, unsigned int *aspm);

/**
 * nvmet_pcie_aspm_set() - write the ASPM Control field of the function's Link Control
 * @ctrl: controller
 * @aspm: an NVMET_PCIE_ASPM_ value: 0 disabled, 1 L0s, 2 L1, 3 both
 *
 * The other Link Control fields are kept. The value is written as given,
 * whether or not Link Capabilities (ASPM Support) lists it and whatever the
 * other end of the link has enabled; read it back with nvmet_pcie_aspm_get()
 * to see what the function kept.
 *
 * Return: 0, -EINVAL for @aspm above 3, -ENOENT without a PCI Express
 * capability, or a negative errno.
 */
int nvmet_pcie_aspm_set(struct nvmet_ctrl *ctrl, unsigned int aspm);

/**
 * nvmet_pcie_link_status() - the current speed and width of the function's link
 * @ctrl: controller
 * @speed: Link Status Current Link Speed: 1 for 2.5 GT/s, 2 for 5 GT/s,
 *	3 for 8 GT/s, 4 for 16 GT/s, 5 for 32 GT/s, 6 for 64 GT/s; may be NULL
 * @width: Negotiated Link Width, in lanes; may be NULL
 *
 * Return: 0, -ENOENT without a PCI Express capability, or a negative errno.
 */
int nvmet_pcie_link_status(struct nvmet_ctrl *ctrl, unsigned int *speed, unsigned int *width);

/**
 * enum nvmet_pcie_reset_method - how nvmet_pcie_reset() resets the function
 * @NVMET_PCIE_FLR: Function Level Reset
 * @NVMET_PCIE_HOT_RESET: secondary bus reset of the parent bridge (the
 *	function alone on its bus)
 */
enum nvmet_pcie_reset_method {
	NVMET_PCIE_FLR = 1,
	NVMET_PCIE_HOT_RESET = 2,
};

/**
 * nvmet_pcie_reset() - reset the PCI function and carry on
 * @ctrl: controller
 * @method: FLR or hot reset
 *
 * As nvmet_ctrl_reset(): commands in flight complete with an all-ones CQE,
 * the configuration space is restored, the controller enabled again, the
 * queue pairs re-created and AERs re-armed.
 *
 * Return: 0, -ENOTTY when the function cannot do @method, -EOPNOTSUPP when
 * the transport has no PCI function, or a negative errno.
 */
int nvmet_pcie_reset(struct nvmet_ctrl *ctrl, enum nvmet_pcie_reset_method method);

#endif /* NVMET_PCIE_H */
