// SPDX-License-Identifier: GPL-2.0
/*
 * mmap.c - the doorbells, DMA buffers and queue memory mapped into user
 * space. Pages are inserted at fault time under map_lock, so an object
 * that goes away (or a removed device) can never be mapped again: its
 * mappings are zapped and later touches get SIGBUS.
 */
#include <linux/mm.h>
#include <linux/vmalloc.h>

#include "core.h"

static unsigned long nvmetest_obj_pfn(const struct nvmetest_obj *obj, pgoff_t idx)
{
	void *va = obj->mem.cpu + (idx << PAGE_SHIFT);

	if (is_vmalloc_addr(va))
		return page_to_pfn(vmalloc_to_page(va));
	return page_to_pfn(virt_to_page(va));
}

static vm_fault_t nvmetest_vm_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct nvmetest_file *nf = vma->vm_private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	pgoff_t idx = vmf->pgoff - vma->vm_pgoff;
	vm_fault_t ret = VM_FAULT_SIGBUS;
	struct nvmetest_obj *obj;
	unsigned long pfn;

	down_read(&ctrl->map_lock);
	if (ctrl->dead)
		goto out;
	if (vma->vm_pgoff == 0) {
		if (idx >= ctrl->db_size >> PAGE_SHIFT)
			goto out;
		pfn = ((ctrl->bar_phys + NVMETEST_DB_OFFSET) >> PAGE_SHIFT) + idx;
	} else {
		obj = xa_load(&ctrl->objs, vma->vm_pgoff >> NVMETEST_OBJ_PGSHIFT);
		if (!obj || obj->owner != nf || idx >= obj->mem.size >> PAGE_SHIFT)
			goto out;
		pfn = nvmetest_obj_pfn(obj, idx);
	}
	ret = vmf_insert_pfn(vma, vmf->address, pfn);
out:
	up_read(&ctrl->map_lock);
	return ret;
}

static const struct vm_operations_struct nvmetest_vm_ops = {
	.fault = nvmetest_vm_fault,
};

int nvmetest_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct nvmetest_file *nf = filp->private_data;
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	unsigned long len = vma->vm_end - vma->vm_start;
	struct nvmetest_obj *obj;
	int ret = 0;

	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	down_read(&ctrl->state_rwsem);
	if (ctrl->dead) {
		ret = -ENODEV;
		goto out;
	}
	if (vma->vm_pgoff == 0) {
		if (len > ctrl->db_size)
			ret = -EINVAL;
		vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
	} else {
		down_read(&ctrl->map_lock);
		obj = xa_load(&ctrl->objs, vma->vm_pgoff >> NVMETEST_OBJ_PGSHIFT);
		if (!obj || obj->owner != nf ||
		    (vma->vm_pgoff & ((1ul << NVMETEST_OBJ_PGSHIFT) - 1)) ||
		    len > obj->mem.size)
			ret = -EINVAL;
		up_read(&ctrl->map_lock);
	}
	if (ret)
		goto out;
	nvmetest_vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_private_data = nf;
	vma->vm_ops = &nvmetest_vm_ops;
out:
	up_read(&ctrl->state_rwsem);
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
