// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * msix.c - the PCIe front end's MSI-X vectors: messages sent (counted),
 * held while the vector or the function is masked, and the host's view of
 * them (count, clear, mask) as the bus offers it.
 */
#include <errno.h>

#include "emu/bus.h"
#include "pcie.h"

void emu_msix_raise(struct emu_pcie *p, uint16_t vector)
{
	struct emu_vector *v;

	if (vector >= p->emu->opts.vectors)
		return;
	if (emu_tap_on(p->emu, NVMET_EMU_TAP_MSIX)) {
		struct nvmet_emu_event ev = { .vector = vector };

		if (emu_tap_run(p->emu, NVMET_EMU_TAP_MSIX, &ev) != NVMET_EMU_CONTINUE)
			return;
	}
	v = &p->vec[vector];
	if (atomic_load_explicit(&v->masked, memory_order_acquire) ||
	    emu_msix_function_masked(p))
		atomic_store(&v->pending, true);
	else
		atomic_fetch_add_explicit(&v->count, 1, memory_order_release);
}

int emu_bus_irq_get(struct emu_pcie *p, unsigned int vector, uint64_t *count, int *masked)
{
	if (vector >= p->emu->opts.vectors)
		return -EINVAL;
	if (count)
		*count = atomic_load(&p->vec[vector].count);
	if (masked)
		*masked = atomic_load(&p->vec[vector].masked);
	return 0;
}

int emu_bus_irq_clear(struct emu_pcie *p, unsigned int vector)
{
	if (vector >= p->emu->opts.vectors)
		return -EINVAL;
	atomic_store(&p->vec[vector].count, 0);
	return 0;
}

int emu_bus_irq_mask(struct emu_pcie *p, unsigned int vector, bool mask)
{
	struct emu_vector *v;

	if (vector >= p->emu->opts.vectors)
		return -EINVAL;
	v = &p->vec[vector];
	atomic_store(&v->masked, mask);
	/* Unmasked with a message pending: it is sent now. */
	if (!mask && atomic_exchange(&v->pending, false))
		atomic_fetch_add(&v->count, 1);
	return 0;
}
