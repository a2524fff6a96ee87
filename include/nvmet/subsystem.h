/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/subsystem.h - subsystem power: off, on and cycle, through the PCIe
 * slot's power control or through callbacks the caller supplies (a lab
 * power switch, say). The controller is brought back afterwards.
 */
#ifndef NVMET_SUBSYSTEM_H
#define NVMET_SUBSYSTEM_H

#include <stddef.h>

#include <nvmet/ctrl.h>

/**
 * struct nvmet_power_ops - how to cut and restore the controller's power
 * @off: cut it; returns 0 or a negative errno
 * @on: restore it; returns once the function can be on the bus again
 * @arg: passed to both
 */
struct nvmet_power_ops {
	int (*off)(void *arg);
	int (*on)(void *arg);
	void *arg;
};

/**
 * nvmet_subsystem_slot() - the PCIe slot holding the controller
 * @ctrl: controller
 * @name: filled with the slot's name under /sys/bus/pci/slots
 * @len: size of @name
 *
 * Return: 0, -ENOENT when the function sits in no slot with power control,
 * or a negative errno.
 */
int nvmet_subsystem_slot(struct nvmet_ctrl *ctrl, char *name, size_t len);

/**
 * nvmet_subsystem_power_cycle() - power the subsystem off and on again and
 * bring the controller back
 * @ctrl: controller
 * @ops: how, or NULL for the slot's power control (the emulated
 *	controller's own power for "emu:" controllers: its volatile write
 *	cache loses what was not flushed)
 * @off_ms: how long to stay off
 *
 * Before the power goes, commands in flight end with an all-ones CQE and
 * the queues are deleted. Afterwards the function is bound to nvmetest
 * again, the controller initialized (reset, identify, AERs), the queue
 * pairs re-created, and every DMA buffer of @ctrl gets new memory behind
 * the same struct nvmet_buf: its contents are gone, as the power took them.
 * Note that QEMU 7.2 treats a slot power-off as the end of an unplug: the
 * device does not come back there.
 *
 * Return: 0 or a negative errno (the controller is unusable then).
 */
int nvmet_subsystem_power_cycle(struct nvmet_ctrl *ctrl, const struct nvmet_power_ops *ops,
				unsigned int off_ms);

#endif /* NVMET_SUBSYSTEM_H */
