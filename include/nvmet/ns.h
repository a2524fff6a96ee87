/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/ns.h - a namespace: its geometry from Identify Namespace and the
 * NVM command set's I/O commands, submitted on a queue pair with a
 * callback (see nvmet/qpair.h), and Format NVM.
 */
#ifndef NVMET_NS_H
#define NVMET_NS_H

#include <stdint.h>

#include <nvmet/buffer.h>
#include <nvmet/cmd.h>
#include <nvmet/ctrl.h>
#include <nvmet/qpair.h>

struct nvmet_ns;

/**
 * nvmet_ns_open() - a namespace of the controller
 * @ctrl: controller
 * @nsid: namespace id
 * @out: the namespace
 *
 * Return: 0, -ENOENT when the namespace is not active, or a negative errno.
 */
int nvmet_ns_open(struct nvmet_ctrl *ctrl, uint32_t nsid, struct nvmet_ns **out);

/**
 * nvmet_ns_close() - forget a namespace
 * @ns: namespace, may be NULL
 */
void nvmet_ns_close(struct nvmet_ns *ns);

/**
 * nvmet_ns_refresh() - read Identify Namespace again (after a format, say)
 * @ns: namespace
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_refresh(struct nvmet_ns *ns);

/**
 * nvmet_ns_id_data() - the Identify Namespace data (4096 bytes)
 * @ns: namespace
 *
 * Return: the data.
 */
const uint8_t *nvmet_ns_id_data(const struct nvmet_ns *ns);

/**
 * nvmet_ns_nsid() - the namespace id
 * @ns: namespace
 *
 * Return: the id.
 */
uint32_t nvmet_ns_nsid(const struct nvmet_ns *ns);

/**
 * nvmet_ns_capacity() - the namespace size in logical blocks (NSZE)
 * @ns: namespace
 *
 * Return: blocks.
 */
uint64_t nvmet_ns_capacity(const struct nvmet_ns *ns);

/**
 * nvmet_ns_lba_size() - bytes per logical block of the current format
 * @ns: namespace
 *
 * Return: bytes.
 */
uint32_t nvmet_ns_lba_size(const struct nvmet_ns *ns);

/**
 * nvmet_ns_read() - Read @nlb blocks at @slba into @buf at @offset
 * @ns: namespace
 * @qp: queue pair
 * @buf: data buffer from nvmet_ctrl_buf_alloc()
 * @offset: offset in @buf
 * @slba: first LBA
 * @nlb: number of blocks, 1..65536
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno (-EINVAL when @buf is too small).
 */
int nvmet_ns_read(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		  size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_write() - Write @nlb blocks at @slba from @buf at @offset
 * @ns: namespace
 * @qp: queue pair
 * @buf: data buffer
 * @offset: offset in @buf
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_write(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		   size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_write_opts() - Write, with the optional fields (Force Unit
 * Access, directives, protection information, ...)
 * @ns: namespace
 * @qp: queue pair
 * @buf: data buffer
 * @offset: offset in @buf
 * @slba: first LBA
 * @nlb: number of blocks
 * @opts: the optional fields (see nvmet_cmd_write()), or NULL for none
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * With verification on, a write with Force Unit Access counts as durable
 * once it completes (nvmet/verify.h).
 *
 * Return: 0 or a negative errno (-EINVAL for a field Write does not have).
 */
int nvmet_ns_write_opts(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
			size_t offset, uint64_t slba, uint32_t nlb,
			const struct nvmet_io_opts *opts, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_compare() - Compare @nlb blocks at @slba with @buf at @offset
 * @ns: namespace
 * @qp: queue pair
 * @buf: data buffer
 * @offset: offset in @buf
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_compare(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *buf,
		     size_t offset, uint64_t slba, uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_verify() - Verify @nlb blocks at @slba
 * @ns: namespace
 * @qp: queue pair
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_verify(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba, uint32_t nlb,
		    nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_write_zeroes() - Write Zeroes
 * @ns: namespace
 * @qp: queue pair
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_write_zeroes(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba,
			  uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_write_uncor() - Write Uncorrectable
 * @ns: namespace
 * @qp: queue pair
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_write_uncor(struct nvmet_ns *ns, struct nvmet_qpair *qp, uint64_t slba,
			 uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_flush() - Flush
 * @ns: namespace
 * @qp: queue pair
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_flush(struct nvmet_ns *ns, struct nvmet_qpair *qp, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_dsm() - Dataset Management with ranges already in @ranges
 * (nvmet_buf_set_dsm_range())
 * @ns: namespace
 * @qp: queue pair
 * @ranges: buffer holding @nr range entries from offset 0
 * @nr: number of ranges, 1..256
 * @attrs: NVMET_DSM_* attributes (deallocate, ...)
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_dsm(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *ranges,
		 uint32_t nr, unsigned int attrs, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_compare_write() - fused Compare and Write: @wbuf is written to
 * @nlb blocks at @slba only if they hold what @cbuf holds
 * @ns: namespace
 * @qp: queue pair
 * @cbuf: expected data
 * @coff: offset in @cbuf
 * @wbuf: new data
 * @woff: offset in @wbuf
 * @slba: first LBA
 * @nlb: number of blocks
 * @cb: called for each of the two completions (Compare, then Write)
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_compare_write(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_buf *cbuf,
			   size_t coff, struct nvmet_buf *wbuf, size_t woff, uint64_t slba,
			   uint32_t nlb, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_cmd() - any I/O command on this namespace (NSID filled in)
 * @ns: namespace
 * @qp: queue pair
 * @sqe: the command
 * @buf: data buffer, or NULL
 * @offset: offset in @buf
 * @len: bytes of data
 * @cb: callback, or NULL
 * @cb_arg: its argument
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ns_cmd(struct nvmet_ns *ns, struct nvmet_qpair *qp, struct nvmet_sqe *sqe,
		 struct nvmet_buf *buf, size_t offset, size_t len, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ns_format() - Format NVM to LBA format @lbaf, then refresh
 * @ns: namespace
 * @lbaf: LBA format index
 * @ses: secure erase setting, 0..2
 * @cqe: the Format NVM completion
 *
 * Return: 0 (see @cqe) or a negative errno.
 */
int nvmet_ns_format(struct nvmet_ns *ns, unsigned int lbaf, unsigned int ses,
		    struct nvmet_cqe *cqe);

#endif /* NVMET_NS_H */
