/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/kdev.h - a controller bound to the nvmetest kernel module, used
 * through /dev/nvmetestN: registers, configuration space, admin
 * passthrough, I/O queues mapped into the caller (their data path is
 * nvmet/ring.h), DMA buffers, interrupts, reset and the admin command log.
 *
 * Every function returns 0 (or a count) on success and a negative errno on
 * failure; errno itself is not part of the API. An NVMe error status is
 * never turned into an errno: it is in the completion the call returns.
 */
#ifndef NVMET_KDEV_H
#define NVMET_KDEV_H

#include <stddef.h>
#include <stdint.h>

#include <nvmetest.h>
#include <nvmet/nvme.h>
#include <nvmet/ring.h>

/* Opaque handle on an open /dev/nvmetestN. */
struct nvmet_kdev;

/**
 * struct nvmet_dmabuf - a DMA buffer of the kernel module, mapped
 * @va: the caller's mapping of the buffer
 * @iova: the bus address the controller uses
 * @size: bytes mapped
 * @handle: the module's handle, for nvmetest_admin_cmd.buf_handle
 */
struct nvmet_dmabuf {
	void *va;
	uint64_t iova;
	size_t size;
	uint32_t handle;
};

/**
 * nvmet_kdev_open() - open a controller bound to nvmetest
 * @name: a character device ("/dev/nvmetest0") or a PCI address
 *	("0000:01:00.0"), which must be bound to nvmetest already
 * @out: the new handle
 *
 * On failure nvmet_last_error() says why and what to do: that the module
 * is not loaded, or the device not bound, and how to bind one.
 *
 * Return: 0, or -ENOENT when no such device is bound to nvmetest, -EPROTO
 * when the module's ABI version differs from this library's, or another
 * negative errno from open(2) or the info ioctl.
 */
int nvmet_kdev_open(const char *name, struct nvmet_kdev **out);

/**
 * nvmet_kdev_close() - close the handle and free what it owns
 * @dev: handle, may be NULL
 *
 * DMA buffers and queues created through @dev are released by the module.
 */
void nvmet_kdev_close(struct nvmet_kdev *dev);

/**
 * nvmet_kdev_fd() - the file descriptor of the open device
 * @dev: handle
 *
 * Return: the descriptor, for raw ioctl() calls and poll().
 */
int nvmet_kdev_fd(const struct nvmet_kdev *dev);

/**
 * nvmet_kdev_info() - identity and state of the controller
 * @dev: handle
 * @info: filled from the module (refreshed on every call)
 *
 * Return: 0 or a negative errno (-ENODEV once the device was removed).
 */
int nvmet_kdev_info(struct nvmet_kdev *dev, struct nvmetest_info *info);

/**
 * nvmet_kdev_reg_read() - read a BAR0 register
 * @dev: handle
 * @offset: byte offset, aligned to @width
 * @width: 4 or 8
 * @value: the value read
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_reg_read(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			uint64_t *value);

/**
 * nvmet_kdev_reg_write() - write a BAR0 register
 * @dev: handle
 * @offset: byte offset, aligned to @width
 * @width: 4 or 8
 * @value: the value to write
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_reg_write(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			 uint64_t value);

/**
 * nvmet_kdev_cfg_read() - read PCI configuration space
 * @dev: handle
 * @offset: byte offset, aligned to @width
 * @width: 1, 2 or 4
 * @value: the value read
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_cfg_read(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			uint32_t *value);

/**
 * nvmet_kdev_cfg_write() - write PCI configuration space
 * @dev: handle
 * @offset: byte offset, aligned to @width
 * @width: 1, 2 or 4
 * @value: the value to write
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_cfg_write(struct nvmet_kdev *dev, uint32_t offset, unsigned int width,
			 uint32_t value);

/**
 * nvmet_kdev_admin() - run one admin command through the module
 * @dev: handle
 * @sqe: the command; its CID is replaced by the module's
 * @data: data to send or receive, or NULL
 * @len: bytes at @data
 * @to_dev: true when @data goes to the controller, false when it comes back
 * @timeout_ms: 0 for the module's default
 * @cqe: the completion (all-ones when the module timed the command out)
 *
 * Return: 0 when the command completed or timed out (see @cqe, and
 * nvmet_cqe_is_timeout()), or a negative errno when it could not be sent.
 */
int nvmet_kdev_admin(struct nvmet_kdev *dev, const struct nvmet_sqe *sqe, void *data,
		     size_t len, int to_dev, uint32_t timeout_ms, struct nvmet_cqe *cqe);

/**
 * nvmet_kdev_admin_raw() - run a fully described admin passthrough
 * @dev: handle
 * @cmd: the module's request, in and out
 *
 * Return: 0 or a negative errno from the ioctl.
 */
int nvmet_kdev_admin_raw(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmd);

/**
 * nvmet_kdev_admin_submit() - send an admin command without waiting
 * @dev: handle
 * @cmd: the module's request (see NVMETEST_IOC_ADMIN_SUBMIT); @cmd->tag
 *	comes back with the completion; @cmd->cid is set
 *
 * Return: 0, -EAGAIN when the file has NVMETEST_ASYNC_MAX in flight or no
 * admin slot is free, or another negative errno.
 */
int nvmet_kdev_admin_submit(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmd);

/**
 * nvmet_kdev_admin_reap() - collect finished asynchronous admin commands
 * @dev: handle
 * @cmds: filled with the finished commands
 * @max: capacity of @cmds
 * @timeout_ms: how long to wait for the first one (0: do not wait)
 * @pending: commands still in flight (may be NULL)
 *
 * Return: the number returned, or a negative errno.
 */
int nvmet_kdev_admin_reap(struct nvmet_kdev *dev, struct nvmetest_admin_cmd *cmds,
			  unsigned int max, unsigned int timeout_ms, unsigned int *pending);

/**
 * nvmet_cqe_is_timeout() - whether a completion is the all-ones CQE of a
 * command the module timed out
 * @cqe: completion
 *
 * Return: 1 or 0.
 */
int nvmet_cqe_is_timeout(const struct nvmet_cqe *cqe);

/**
 * nvmet_kdev_buf_alloc() - allocate a DMA buffer and map it
 * @dev: handle
 * @size: bytes, rounded up to pages
 * @buf: filled in
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_buf_alloc(struct nvmet_kdev *dev, size_t size, struct nvmet_dmabuf *buf);

/**
 * nvmet_kdev_buf_free() - unmap and free a DMA buffer
 * @dev: handle
 * @buf: the buffer; cleared
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_buf_free(struct nvmet_kdev *dev, struct nvmet_dmabuf *buf);

/**
 * nvmet_kdev_doorbells() - the mapped doorbell registers
 * @dev: handle
 *
 * Mapped on first use and kept until close.
 *
 * Return: the base of the doorbells (BAR0 + 0x1000), or NULL on failure.
 */
volatile uint32_t *nvmet_kdev_doorbells(struct nvmet_kdev *dev);

/**
 * nvmet_kdev_irq_get() - interrupt count and mask state of one vector
 * @dev: handle
 * @vector: vector index
 * @count: interrupts since probe or the last clear
 * @masked: 1 when masked; may be NULL
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_irq_get(struct nvmet_kdev *dev, unsigned int vector, uint64_t *count,
		       int *masked);

/**
 * nvmet_kdev_irq_clear() - zero a vector's interrupt count
 * @dev: handle
 * @vector: vector index
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_irq_clear(struct nvmet_kdev *dev, unsigned int vector);

/**
 * nvmet_kdev_irq_mask() - mask or unmask a vector
 * @dev: handle
 * @vector: vector index
 * @mask: 1 to mask, 0 to unmask
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_irq_mask(struct nvmet_kdev *dev, unsigned int vector, int mask);

/**
 * nvmet_kdev_irq_eventfd() - signal an eventfd on each interrupt of a vector
 * @dev: handle
 * @vector: vector index
 * @efd: eventfd, or -1 to detach
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_irq_eventfd(struct nvmet_kdev *dev, unsigned int vector, int efd);

/**
 * nvmet_kdev_reset() - controller reset (CC.EN 1 -> 0 -> 1)
 * @dev: handle
 *
 * The controller's I/O queues are gone afterwards; queue pairs must be
 * created again.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_kdev_reset(struct nvmet_kdev *dev);

/**
 * nvmet_kdev_pci_reset() - reset the PCI function (FLR or hot reset) and
 * bring the controller back; I/O queues become orphans as in a reset
 * @dev: handle
 * @method: NVMETEST_PCI_RESET_FLR or NVMETEST_PCI_RESET_BUS
 *
 * Return: 0, -ENOTTY when the function cannot do @method, or a negative errno.
 */
int nvmet_kdev_pci_reset(struct nvmet_kdev *dev, uint32_t method);

/**
 * nvmet_kdev_cmdlog() - read the admin command log
 * @dev: handle
 * @entries: array to fill, oldest first
 * @max: capacity of @entries
 *
 * Return: the number of entries written, or a negative errno.
 */
int nvmet_kdev_cmdlog(struct nvmet_kdev *dev, struct nvmetest_cmdlog_entry *entries,
		      unsigned int max);

/**
 * nvmet_kdev_queue_stats() - tell the module where an SQ's statistics live
 * @dev: handle
 * @qid: an I/O SQ created through @dev
 * @buf_handle: a DMA buffer of @dev holding a struct nvmetest_qstats region
 *	(magic, version and entries set) at @buf_offset, or 0 to drop the
 *	SQ's registration
 * @buf_offset: byte offset of the region, a multiple of 8
 *
 * The module then reports the queue's counters and command log over its
 * generic netlink family (nvmet/nl.h).
 *
 * Return: 0 or a negative errno (see NVMETEST_IOC_QUEUE_STATS).
 */
int nvmet_kdev_queue_stats(struct nvmet_kdev *dev, uint16_t qid, uint32_t buf_handle,
			   uint32_t buf_offset);

/**
 * nvmet_kdev_cq_create() - create an I/O completion queue and map it
 * @dev: handle
 * @qid: queue id
 * @size: entries
 * @vector: interrupt vector, or NVMETEST_NO_VECTOR for no interrupts
 * @cq: filled in: the queue memory and its head doorbell mapped into the
 *	caller, for the ring operations of nvmet/ring.h
 * @status: the Create I/O CQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused (see @status), or another
 * negative errno.
 */
int nvmet_kdev_cq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_cq_ring *cq, uint32_t *status);

/**
 * nvmet_kdev_cq_delete() - delete an I/O completion queue and unmap it
 * @dev: the handle that created it
 * @cq: queue
 * @status: the Delete I/O CQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_kdev_cq_delete(struct nvmet_kdev *dev, struct nvmet_cq_ring *cq, uint32_t *status);

/**
 * nvmet_kdev_sq_create() - create an I/O submission queue and map it
 * @dev: handle
 * @qid: queue id
 * @size: entries
 * @cq: the completion queue it posts to
 * @prio: queue priority, 0..3
 * @sq: filled in, as @cq of nvmet_kdev_cq_create()
 * @status: the Create I/O SQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_kdev_sq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size,
			 const struct nvmet_cq_ring *cq, unsigned int prio,
			 struct nvmet_sq_ring *sq, uint32_t *status);

/**
 * nvmet_kdev_sq_delete() - delete an I/O submission queue and unmap it
 * @dev: the handle that created it
 * @sq: queue
 * @status: the Delete I/O SQ completion's status field (may be NULL)
 *
 * Return: 0, -EIO when the controller refused, or another negative errno.
 */
int nvmet_kdev_sq_delete(struct nvmet_kdev *dev, struct nvmet_sq_ring *sq, uint32_t *status);

/**
 * nvmet_pci_bind() - hand a PCI function to nvmetest
 * @bdf: PCI address, "0000:01:00.0"
 *
 * Sets driver_override to nvmetest, unbinds the current driver if any, and
 * probes the function, through sysfs.
 *
 * Return: 0 or a negative errno (-ENOENT: no such function; -ENODEV: the
 * nvmetest module is not loaded).
 */
int nvmet_pci_bind(const char *bdf);

/**
 * nvmet_pci_unbind() - take a PCI function back from nvmetest
 * @bdf: PCI address
 *
 * Unbinds it, clears driver_override and lets the kernel probe it again, so
 * the normal driver (nvme) gets it back if loaded.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_pci_unbind(const char *bdf);

/**
 * nvmet_pci_driver() - the driver a PCI function is bound to
 * @bdf: PCI address
 * @name: filled with the driver's name, "" when none is bound
 * @len: size of @name
 *
 * Return: 0, -ENAMETOOLONG when @name is too small, or a negative errno
 * from reading sysfs.
 */
int nvmet_pci_driver(const char *bdf, char *name, size_t len);

/**
 * nvmet_pci_kdev_path() - the /dev/nvmetestN of a PCI function
 * @bdf: PCI address
 * @path: filled with the path
 * @len: size of @path
 *
 * Return: 0, or -ENOENT when the function is not bound to nvmetest.
 */
int nvmet_pci_kdev_path(const char *bdf, char *path, size_t len);

#endif /* NVMET_KDEV_H */
