// SPDX-License-Identifier: GPL-2.0
/*
 * dmamem.c - coherent DMA memory and the mappable objects built on it:
 * user DMA buffers and I/O queue memory, each with a handle and an mmap
 * window.
 */
#include <linux/dma-mapping.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

static unsigned int dma_limit_mb = 1024;
module_param(dma_limit_mb, uint, 0644);
MODULE_PARM_DESC(dma_limit_mb,
		 "DMA memory user space may make one controller hold, in MiB (default 1024)");

static unsigned int file_dma_limit_mb = 1024;
module_param(file_dma_limit_mb, uint, 0644);
MODULE_PARM_DESC(file_dma_limit_mb,
		 "DMA memory one open file may hold, in MiB (default 1024)");

/* Memory the device may still write to, kept until it is disabled. */
struct nvmetest_zombie {
	struct list_head node;
	struct nvmetest_dmamem mem;
};

/**
 * nvmetest_dma_limit() - a DMA memory limit in bytes
 * @file: the per-file one, else the per-controller one
 *
 * Return: the limit, in bytes.
 */
u64 nvmetest_dma_limit(bool file)
{
	return (u64)(file ? READ_ONCE(file_dma_limit_mb) : READ_ONCE(dma_limit_mb)) << 20;
}

/* The module's own memory: the admin queue and its sink. */
int nvmetest_dmamem_alloc(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m, size_t size)
{
	size = PAGE_ALIGN(size);
	m->cpu = dma_alloc_coherent(&ctrl->pdev->dev, size, &m->dma, GFP_KERNEL);
	if (!m->cpu)
		return -ENOMEM;
	m->size = size;
	m->charged = false;
	m->nf = NULL;
	return 0;
}

/**
 * nvmetest_dmamem_alloc_for() - DMA memory user space makes the module hold
 * @ctrl: controller
 * @nf: the file it is for
 * @m: receives it
 * @size: bytes (rounded up to pages)
 *
 * Counted for the controller and the file until freed (for the controller
 * alone once disowned), so that neither holds more than its limit:
 * buffers, queue memory, commands' bounce and PRP pages alike.
 *
 * Return: 0, or -ENOMEM (a limit or the allocator).
 */
int nvmetest_dmamem_alloc_for(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
			      struct nvmetest_dmamem *m, size_t size)
{
	u64 bytes = PAGE_ALIGN(size);
	int ret = -ENOMEM;

	spin_lock(&ctrl->dma_lock);
	if (ctrl->dma_bytes + bytes <= nvmetest_dma_limit(false) &&
	    nf->dma_bytes + bytes <= nvmetest_dma_limit(true)) {
		ctrl->dma_bytes += bytes;
		nf->dma_bytes += bytes;
		ret = 0;
	}
	spin_unlock(&ctrl->dma_lock);
	if (ret)
		return ret;
	ret = nvmetest_dmamem_alloc(ctrl, m, bytes);
	if (ret) {
		spin_lock(&ctrl->dma_lock);
		ctrl->dma_bytes -= bytes;
		nf->dma_bytes -= bytes;
		spin_unlock(&ctrl->dma_lock);
		return ret;
	}
	m->charged = true;
	m->nf = nf;
	return 0;
}

/**
 * nvmetest_dmamem_disown() - the memory outlives its file's interest
 * @ctrl: controller
 * @m: memory a timed-out command, a closing file's queue or a buried
 *	buffer leaves behind; still counted for the controller
 */
void nvmetest_dmamem_disown(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m)
{
	if (!m->nf)
		return;
	spin_lock(&ctrl->dma_lock);
	m->nf->dma_bytes -= m->size;
	spin_unlock(&ctrl->dma_lock);
	m->nf = NULL;
}

void nvmetest_dmamem_free(struct nvmetest_ctrl *ctrl, struct nvmetest_dmamem *m)
{
	if (!m->cpu)
		return;
	dma_free_coherent(&ctrl->pdev->dev, m->size, m->cpu, m->dma);
	if (m->charged) {
		spin_lock(&ctrl->dma_lock);
		ctrl->dma_bytes -= m->size;
		if (m->nf)
			m->nf->dma_bytes -= m->size;
		spin_unlock(&ctrl->dma_lock);
	}
	m->cpu = NULL;
	m->size = 0;
	m->charged = false;
	m->nf = NULL;
}

/* Called with ctrl->lock held. */
struct nvmetest_obj *nvmetest_obj_create(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
					 enum nvmetest_obj_kind kind, size_t size)
{
	struct xa_limit limit = XA_LIMIT(1, NVMETEST_OBJ_MAX_HANDLE);
	struct nvmetest_obj *obj;
	int ret;

	lockdep_assert_held(&ctrl->lock);
	obj = kzalloc(sizeof(*obj), GFP_KERNEL);
	if (!obj)
		return ERR_PTR(-ENOMEM);
	obj->kind = kind;
	obj->owner = nf;
	obj->serial = ++ctrl->last_serial;
	ret = nvmetest_dmamem_alloc_for(ctrl, nf, &obj->mem, size);
	if (ret)
		goto err_free;
	/* Reserved, not published: see nvmetest_obj_publish(). */
	ret = xa_alloc_cyclic(&ctrl->objs, &obj->handle, NULL, limit, &ctrl->next_handle,
			      GFP_KERNEL);
	if (ret < 0)
		goto err_mem;
	return obj;

err_mem:
	nvmetest_dmamem_free(ctrl, &obj->mem);
err_free:
	kfree(obj);
	return ERR_PTR(ret);
}

/**
 * nvmetest_obj_publish() - make an object visible to lookups and mmap()
 * @ctrl: controller
 * @obj: an object from nvmetest_obj_create()
 *
 * Handles are cyclic and so predictable: an object is published only once
 * its creator will return it, so that no other thread of the file can pin
 * or map one that may still be destroyed on the creator's error path.
 */
void nvmetest_obj_publish(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj)
{
	/* The index is reserved: storing into it allocates nothing. */
	xa_store(&ctrl->objs, obj->handle, obj, GFP_KERNEL);
}

struct nvmetest_obj *nvmetest_obj_get(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
				      u32 handle, enum nvmetest_obj_kind kind)
{
	struct nvmetest_obj *obj = xa_load(&ctrl->objs, handle);

	if (!obj || obj->owner != nf || obj->kind != kind)
		return NULL;
	return obj;
}

u64 nvmetest_obj_mmap_offset(const struct nvmetest_obj *obj)
{
	return ((u64)obj->handle << NVMETEST_OBJ_PGSHIFT) << PAGE_SHIFT;
}

/*
 * Unpublish first, under map_lock, so no new page fault can map the
 * memory; then remove the mappings already made; only then free.
 */
static void nvmetest_obj_unpublish(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj)
{
	if (obj->kind == NVMETEST_OBJ_BUF)
		nvmetest_qstats_forget_obj(ctrl, obj);
	down_write(&ctrl->map_lock);
	xa_erase(&ctrl->objs, obj->handle);
	up_write(&ctrl->map_lock);
	nvmetest_zap_obj(ctrl, obj);
}

void nvmetest_obj_destroy(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj)
{
	nvmetest_obj_unpublish(ctrl, obj);
	nvmetest_dmamem_free(ctrl, &obj->mem);
	kfree(obj);
}

/*
 * The device may still write to the object (its command timed out): keep
 * the memory until the controller is disabled. Called with ctrl->lock held.
 */
void nvmetest_obj_bury(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj)
{
	struct nvmetest_zombie *z;

	nvmetest_obj_unpublish(ctrl, obj);
	nvmetest_dmamem_disown(ctrl, &obj->mem);
	z = kmalloc(sizeof(*z), GFP_KERNEL);
	if (!z) {
		/* Leaking is the only safe choice left. */
		dev_err(&ctrl->pdev->dev, "leaking %zu bytes of DMA memory\n", obj->mem.size);
		kfree(obj);
		return;
	}
	z->mem = obj->mem;
	list_add_tail(&z->node, &ctrl->zombies);
	kfree(obj);
}

/* Free it, or bury it when the device may still use it. */
void nvmetest_obj_release(struct nvmetest_ctrl *ctrl, struct nvmetest_obj *obj)
{
	if (obj->tainted)
		nvmetest_obj_bury(ctrl, obj);
	else
		nvmetest_obj_destroy(ctrl, obj);
}

/* After the controller was disabled, with ctrl->lock held. */
void nvmetest_obj_free_zombies(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_zombie *z, *n;
	struct nvmetest_obj *obj;
	unsigned long idx;

	list_for_each_entry_safe(z, n, &ctrl->zombies, node) {
		list_del(&z->node);
		nvmetest_dmamem_free(ctrl, &z->mem);
		kfree(z);
	}
	xa_for_each(&ctrl->objs, idx, obj)
		obj->tainted = false;
}

/* The file is closing: it has no mappings left. Called with ctrl->lock held. */
void nvmetest_obj_free_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf)
{
	struct nvmetest_obj *obj;
	unsigned long idx;

	xa_for_each(&ctrl->objs, idx, obj)
		if (obj->owner == nf && obj->kind == NVMETEST_OBJ_BUF)
			nvmetest_obj_release(ctrl, obj);
}

/*
 * The file is closing: objects it leaves (queues the controller kept; all
 * of them once removal began, which frees them) belong to nobody.
 * Called with ctrl->lock held.
 */
void nvmetest_obj_disown_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf)
{
	struct nvmetest_obj *obj;
	unsigned long idx;

	xa_for_each(&ctrl->objs, idx, obj) {
		if (obj->owner != nf)
			continue;
		obj->owner = NULL;
		nvmetest_dmamem_disown(ctrl, &obj->mem);
	}
}

/* Device removal, after every mapping was zapped. */
void nvmetest_obj_free_all(struct nvmetest_ctrl *ctrl)
{
	struct nvmetest_obj *obj;
	unsigned long idx;

	xa_for_each(&ctrl->objs, idx, obj) {
		xa_erase(&ctrl->objs, idx);
		nvmetest_dmamem_free(ctrl, &obj->mem);
		kfree(obj);
	}
	nvmetest_obj_free_zombies(ctrl);
}

long nvmetest_ioctl_buf_alloc(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_buf req;
	struct nvmetest_obj *obj;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.flags || req.handle || !nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (!req.size || req.size > NVMETEST_BUF_MAX_SIZE)
		return -EINVAL;

	mutex_lock(&ctrl->lock);
	obj = nvmetest_obj_create(ctrl, nf, NVMETEST_OBJ_BUF, req.size);
	mutex_unlock(&ctrl->lock);
	if (IS_ERR(obj))
		return PTR_ERR(obj);

	req.size = obj->mem.size;
	req.handle = obj->handle;
	req.dma_addr = obj->mem.dma;
	req.mmap_offset = nvmetest_obj_mmap_offset(obj);
	/* Not under the lock: the copy may fault and wait on user space. */
	if (copy_to_user(argp, &req, sizeof(req)))
		ret = -EFAULT;
	mutex_lock(&ctrl->lock);
	if (ret)
		nvmetest_obj_destroy(ctrl, obj);
	else
		nvmetest_obj_publish(ctrl, obj);
	mutex_unlock(&ctrl->lock);
	return ret;
}

long nvmetest_ioctl_buf_free(struct nvmetest_file *nf, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_buf req;
	struct nvmetest_obj *obj;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (req.flags || !nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	mutex_lock(&ctrl->lock);
	obj = nvmetest_obj_get(ctrl, nf, req.handle, NVMETEST_OBJ_BUF);
	if (!obj)
		ret = -ENOENT;
	else if (obj->inflight)
		ret = -EBUSY;
	else
		nvmetest_obj_release(ctrl, obj);
	mutex_unlock(&ctrl->lock);
	return ret;
}
