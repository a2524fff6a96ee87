/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bus.h - the emulated controller as its host side sees it: a PCI
 * function, reached only the way a driver reaches hardware: BAR0 and
 * configuration space accesses, DMA memory the function may use (the
 * module's DMA buffers), the doorbells mapped (the module's mmap),
 * interrupt state per vector, function reset and slot power. This is the
 * interface lib/emu/ offers lib/transport/emu/; nothing else of lib/emu/
 * is for the host side.
 */
#ifndef NVMET_EMU_BUS_H
#define NVMET_EMU_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "support/compiler.h"

struct emu_pcie;
struct nvmet_emu;

/**
 * struct emu_bus_info - what the host's driver learns of the function
 * @vectors: MSI-X vectors
 * @queues: I/O queue pairs the controller has (their highest id)
 * @page_size: the memory page size it runs with (CC.MPS 0)
 */
struct emu_bus_info {
	unsigned int vectors;
	unsigned int queues;
	uint32_t page_size;
};

/*
 * A controller from the options after "emu:", plug-ins loaded, its thread
 * running. On failure @err says what is wrong with the options, or
 * nvmet_last_error() why a plug-in did not load.
 */
NVMET_HIDDEN int emu_bus_open(const char *opts, struct emu_pcie **out, char *err,
			      size_t errlen);
NVMET_HIDDEN void emu_bus_close(struct emu_pcie *p);
/* The controller, for the plug-in API (<nvmet/emu.h>). */
NVMET_HIDDEN struct nvmet_emu *emu_bus_emu(struct emu_pcie *p);
NVMET_HIDDEN void emu_bus_info(const struct emu_pcie *p, struct emu_bus_info *info);

/* BAR0 (4 or 8 bytes) and configuration space (1, 2 or 4 bytes): 0 or -EINVAL. */
NVMET_HIDDEN int emu_bus_reg_read(struct emu_pcie *p, uint32_t off, unsigned int width,
				  uint64_t *val);
NVMET_HIDDEN int emu_bus_reg_write(struct emu_pcie *p, uint32_t off, unsigned int width,
				   uint64_t val);
NVMET_HIDDEN int emu_bus_cfg_read(struct emu_pcie *p, uint32_t off, unsigned int width,
				  uint32_t *val);
NVMET_HIDDEN int emu_bus_cfg_write(struct emu_pcie *p, uint32_t off, unsigned int width,
				   uint32_t val);

/* Zeroed, page-aligned memory the function may use; bus address == address. */
NVMET_HIDDEN void *emu_bus_dma_alloc(struct emu_pcie *p, size_t size);
NVMET_HIDDEN void emu_bus_dma_free(struct emu_pcie *p, void *va);

/* The doorbells, BAR0 from 0x1000, spaced as CAP.DSTRD says. */
NVMET_HIDDEN volatile uint32_t *emu_bus_doorbells(struct emu_pcie *p);

/* MSI-X vector state: messages since the last clear, the vector's mask. */
NVMET_HIDDEN int emu_bus_irq_get(struct emu_pcie *p, unsigned int vector, uint64_t *count,
				 int *masked);
NVMET_HIDDEN int emu_bus_irq_clear(struct emu_pcie *p, unsigned int vector);
NVMET_HIDDEN int emu_bus_irq_mask(struct emu_pcie *p, unsigned int vector, bool mask);

/* A function level reset: controller and PCI state to power-on values. */
NVMET_HIDDEN void emu_bus_function_reset(struct emu_pcie *p);
/* Slot power: off stops the controller (BAR0 reads all-ones); on is a power-on. */
NVMET_HIDDEN int emu_bus_power(struct emu_pcie *p, bool on);

#endif /* NVMET_EMU_BUS_H */
