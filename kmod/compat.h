/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the few kernel interfaces that differ between the 6.1 and
 * 6.12 kernels nvmetest is built for.
 */
#ifndef NVMETEST_COMPAT_H
#define NVMETEST_COMPAT_H

#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/pci.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define nvmetest_class_create(name)	class_create(name)
#else
#define nvmetest_class_create(name)	class_create(THIS_MODULE, name)
#endif

static inline void nvmetest_vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static inline void nvmetest_eventfd_signal(struct eventfd_ctx *ctx)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
	eventfd_signal(ctx);
#else
	eventfd_signal(ctx, 1);
#endif
}

#ifndef PCI_IRQ_INTX
#define PCI_IRQ_INTX	PCI_IRQ_LEGACY
#endif

#endif /* NVMETEST_COMPAT_H */
