// SPDX-License-Identifier: GPL-2.0
/*
 * mmap.c - the doorbells, DMA buffers and queue memory mapped into user
 * space. Objects are mapped at mmap() time and doorbells at fault time,
 * both under map_lock, so an object that goes away (or a removed device)
 * can never be mapped again: its mappings are zapped and later touches
 * get SIGBUS.
 */
#include <linux/dma-mapping.h>
#include <linux/mm.h>

#include "core.h"

/*
 * Only the doorbells are mapped at fault time (they are zapped across a
 * PCI reset and come back after it); objects are mapped whole at mmap(),
 * so a fault on an object's window means its mapping was revoked. Pages
 * are found from the file offset, which stays right when the mapping was
 * split by a partial munmap() or mprotect().
 */
static vm_fault_t nvmetest_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct nvmetest_file *nf = vma->vm_private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	pgoff_t idx = vmf->pgoff;
	unsigned long pfn;

	if (idx >> NVMETEST_OBJ_PGSHIFT)
		return VM_FAULT_SIGBUS;
	down_read(&ctrl->map_lock);
	if (ctrl->dead || ctrl->bar_off || idx >= ctrl->db_size >> PAGE_SHIFT)
		goto out;
	pfn = ((ctrl->bar_phys + NVME_REG_DBS) >> PAGE_SHIFT) + idx;
	ret = vmf_insert_pfn(vma, vmf->address, pfn);
out:
	up_read(&ctrl->map_lock);
	return ret;
}

static const struct vm_operations_struct nvmetest_vm_ops = {
	.fault = nvmetest_vm_fault,
};

/*
 * An object's coherent DMA memory, mapped whole now through the DMA API
 * (with the page attributes it needs, and the pages API where the IOMMU
 * layer allocated scattered pages). Called with map_lock held, so an
 * object being unpublished is either not found or zapped after.
 */
static int nvmetest_mmap_obj(struct nvmetest_file *nf, struct vm_area_struct *vma)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	unsigned long len = vma->vm_end - vma->vm_start;
	pgoff_t pgoff = vma->vm_pgoff;
	struct nvmetest_obj *obj;
	int ret;

	obj = xa_load(&ctrl->objs, pgoff >> NVMETEST_OBJ_PGSHIFT);
	if (!obj || obj->owner != nf || (pgoff & ((1ul << NVMETEST_OBJ_PGSHIFT) - 1)) ||
	    len > obj->mem.size)
		return -EINVAL;
	/* dma_mmap_coherent() reads the offset into the memory from vm_pgoff. */
	vma->vm_pgoff = 0;
	ret = dma_mmap_coherent(&ctrl->pdev->dev, vma, obj->mem.cpu, obj->mem.dma,
				obj->mem.size);
	vma->vm_pgoff = pgoff;
	return ret;
}

/*
 * Under map_lock alone, never state_rwsem: mmap() runs with mmap_lock held,
 * and ioctls hold state_rwsem while they copy to user memory, which takes
 * mmap_lock (lockdep: a cycle once removal waits for state_rwsem). Removal
 * sets dead under map_lock: a mapping is either refused here or made before,
 * and then zapped with all the others.
 */
int nvmetest_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	unsigned long len = vma->vm_end - vma->vm_start;
	int ret = 0;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	down_read(&ctrl->map_lock);
	if (ctrl->dead) {
		ret = -ENODEV;
		goto out;
	}
	vma->vm_private_data = nf;
	vma->vm_ops = &nvmetest_vm_ops;
	if (vma->vm_pgoff == 0) {
		if (len > ctrl->db_size) {
			ret = -EINVAL;
			goto out;
		}
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
		nvmetest_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	} else {
		nvmetest_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);
		ret = nvmetest_mmap_obj(nf, vma);
	}
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
