// SPDX-License-Identifier: GPL-2.0
/*
 * mmap.c - the doorbells, DMA buffers and queue memory mapped into user
 * space. Everything is mapped a page at a time at fault time, under
 * map_lock, so an object that goes away (or a removed device) can never
 * be mapped again: its mappings are zapped and later touches get SIGBUS.
 *
 * Objects are not mapped whole at mmap() (remap_pfn_range(), as
 * dma_mmap_coherent() does): x86 then tracks the VMA's memory type by the
 * page at its start, and a zap (a freed object, a removed device) racing
 * fork() finds no page there in the child's copy, or fork() none in the
 * parent's: a kernel warning, and a failed fork(). vmf_insert_pfn() tracks
 * nothing per VMA: fork() copies the page table entries there are.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "core.h"

#define NVMETEST_OBJ_PGMASK	((1ul << NVMETEST_OBJ_PGSHIFT) - 1)

/* The doorbells: zapped across a PCI reset, they come back after it. */
static vm_fault_t nvmetest_db_fault(struct vm_fault *vmf, struct nvmetest_ctrl *ctrl)
{
	unsigned long pfn;

	if (ctrl->bar_off || vmf->pgoff >= ctrl->db_size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	pfn = ((ctrl->bar_phys + NVME_REG_DBS) >> PAGE_SHIFT) + vmf->pgoff;
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

/*
 * A page of the object the VMA was made for, found from the file offset
 * (which stays right when the mapping was split by a partial munmap() or
 * mprotect()). The VMA holds the object's serial, not its handle: handles
 * are reused once the cyclic allocator wraps, and a mapping left behind by
 * a freed object must never show the one that gets its handle next.
 * Coherent memory is the kernel's linear map, or vmalloc space where the
 * DMA layer (an IOMMU) put scattered pages together; x86 DMA is coherent,
 * so the VMA's cacheable protection is the one the memory needs.
 */
static vm_fault_t nvmetest_obj_fault(struct vm_fault *vmf, struct nvmetest_ctrl *ctrl)
{
	pgoff_t idx = vmf->pgoff & NVMETEST_OBJ_PGMASK;
	struct nvmetest_obj *obj;
	unsigned long pfn;
	void *va;

	obj = xa_load(&ctrl->objs, vmf->pgoff >> NVMETEST_OBJ_PGSHIFT);
	if (!obj || obj->serial != (unsigned long)vmf->vma->vm_private_data ||
	    idx >= obj->mem.size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	va = obj->mem.cpu + (idx << PAGE_SHIFT);
	pfn = is_vmalloc_addr(va) ? vmalloc_to_pfn(va) : page_to_pfn(virt_to_page(va));
	return vmf_insert_pfn(vmf->vma, vmf->address, pfn);
}

static vm_fault_t nvmetest_vm_fault(struct vm_fault *vmf)
{
	struct nvmetest_file *nf = vmf->vma->vm_file->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	vm_fault_t ret = VM_FAULT_SIGBUS;

	down_read(&ctrl->map_lock);
	if (!ctrl->dead)
		ret = vmf->pgoff >> NVMETEST_OBJ_PGSHIFT ? nvmetest_obj_fault(vmf, ctrl) :
							   nvmetest_db_fault(vmf, ctrl);
	up_read(&ctrl->map_lock);
	return ret;
}

static const struct vm_operations_struct nvmetest_vm_ops = {
	.fault = nvmetest_vm_fault,
};

/*
 * Only the owner maps an object, at the start of its window and no
 * further than its end. Called with map_lock held, so an object being
 * unpublished is either not found or its mapping zapped after.
 */
static int nvmetest_mmap_obj(struct nvmetest_file *nf, struct vm_area_struct *vma)
{
	struct nvmetest_obj *obj;

	obj = xa_load(&nf->ctrl->objs, vma->vm_pgoff >> NVMETEST_OBJ_PGSHIFT);
	if (!obj || obj->owner != nf || (vma->vm_pgoff & NVMETEST_OBJ_PGMASK) ||
	    vma->vm_end - vma->vm_start > obj->mem.size)
		return -EINVAL;
	vma->vm_private_data = (void *)obj->serial;
	return 0;
}

/*
 * Under map_lock alone, never state_rwsem: mmap() runs with mmap_lock held,
 * and ioctls hold state_rwsem while they copy to user memory, which takes
 * mmap_lock (lockdep: a cycle once removal waits for state_rwsem). Removal
 * sets dead under map_lock: a mapping is either refused here or made before,
 * and then zapped with all the others. Page faults take map_lock under
 * mmap_lock too.
 */
int nvmetest_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	int ret = 0;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	down_read(&ctrl->map_lock);
	if (ctrl->dead) {
		ret = -ENODEV;
		goto out;
	}
	if (vma->vm_pgoff == 0) {
		if (vma->vm_end - vma->vm_start > ctrl->db_size) {
			ret = -EINVAL;
			goto out;
		}
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	} else {
		ret = nvmetest_mmap_obj(nf, vma);
		if (ret)
			goto out;
	}
	vma->vm_ops = &nvmetest_vm_ops;
	nvmetest_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
out:
	up_read(&ctrl->map_lock);
	return ret;
}

void nvmetest_zap_obj(struct nvmetest_ctrl *ctrl, const struct nvmetest_obj *obj)
{
	struct nvmetest_file *nf = obj->owner;

	if (nf)
		unmap_mapping_range(nf->filp->f_mapping, nvmetest_obj_mmap_offset(obj),
				    obj->mem.size, 1);
}

/* Device removal, with ctrl->dead already set under map_lock. */
void nvmetest_zap_all(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_file *nf;

	mutex_lock(&ctrl->files_lock);
	list_for_each_entry(nf, &ctrl->files, node)
		unmap_mapping_range(nf->filp->f_mapping, 0, 0, 1);
	mutex_unlock(&ctrl->files_lock);
}

/**
 * nvmetest_bar_off() - BAR0 goes out of reach of user space, or comes back
 * @ctrl: controller
 * @off: true when the function leaves D0 (or is reset)
 *
 * Going: new doorbell faults get SIGBUS, then the doorbell mappings of
 * every file are zapped. Back: the next touch maps them again.
 */
void nvmetest_bar_off(struct nvmetest_ctrl *ctrl, bool off)
{
	struct nvmetest_file *nf;

	down_write(&ctrl->map_lock);
	ctrl->bar_off = off;
	up_write(&ctrl->map_lock);
	if (!off)
		return;
	mutex_lock(&ctrl->files_lock);
	list_for_each_entry(nf, &ctrl->files, node)
		unmap_mapping_range(nf->filp->f_mapping, NVMETEST_MMAP_DOORBELLS,
				    (loff_t)1 << (NVMETEST_OBJ_PGSHIFT + PAGE_SHIFT), 1);
	mutex_unlock(&ctrl->files_lock);
}
