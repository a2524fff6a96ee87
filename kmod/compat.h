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
#include <net/genetlink.h>

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

/*
 * Joining the events group must need CAP_NET_ADMIN: events carry commands
 * with the bus addresses of the module's memory. Genetlink checks it for a
 * group flagged GENL_MCAST_CAP_NET_ADMIN (6.7, backported to the stable
 * series at the end of 2023); older kernels, 6.1.y among them, have no hook
 * to check it, so there the family offers no events group at all.
 * tools/module-lint.sh builds that branch too
 * (NVMETEST_COMPAT_NO_GENL_MCAST_CAP).
 */
#if defined(GENL_MCAST_CAP_NET_ADMIN) && !defined(NVMETEST_COMPAT_NO_GENL_MCAST_CAP)
#define NVMETEST_GENL_EVENTS	1
#endif

#endif /* NVMETEST_COMPAT_H */
