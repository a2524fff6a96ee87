/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/ctrl.h - an NVMe controller: open, initialize, registers and
 * configuration space, DMA buffers, asynchronous admin commands with
 * callbacks, asynchronous events, timeouts and reset.
 *
 * Every command is asynchronous: it is submitted with an optional callback
 * that receives the whole completion, and completions are reaped (and
 * callbacks called) by nvmet_ctrl_waitdone(). A callback may submit more
 * commands. A command the controller does not complete within the
 * controller's timeout (default 10 s) completes with an all-ones CQE
 * (nvmet_cqe_is_timeout()). Functions return 0 (or a count) or a negative
 * errno; an NVMe error status is never an errno, it is in the CQE.
 */
#ifndef NVMET_CTRL_H
#define NVMET_CTRL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/buffer.h>
#include <nvmet/nvme.h>

struct nvmet_ctrl;

/**
 * enum nvmet_cpl_result - how a command ended
 * @NVMET_CPL_DONE: the controller completed it (see the CQE's status)
 * @NVMET_CPL_TIMED_OUT: the timeout ran out first; should the controller
 *	complete it later, nothing is called again
 * @NVMET_CPL_ABORTED: a reset, a power cycle or the controller's closing
 *	ended it
 */
enum nvmet_cpl_result {
	NVMET_CPL_DONE,
	NVMET_CPL_TIMED_OUT,
	NVMET_CPL_ABORTED,
};

/**
 * struct nvmet_cpl - a finished command, as its callback is given it
 * @cqe: the whole completion, all-ones when @result is not NVMET_CPL_DONE;
 *	valid during the callback only
 * @submit_ns: CLOCK_MONOTONIC when it was submitted
 * @complete_ns: CLOCK_MONOTONIC when it was reaped (or timed out, or
 *	aborted): the latency is @complete_ns - @submit_ns
 * @sqid: the submission queue it went to, 0 for the admin queue
 * @cid: its command identifier (on the module's admin queue, the library's
 *	tag for it: the module assigns the CID)
 * @result: an enum nvmet_cpl_result
 *
 * Both usual callback shapes read from it: the CQE's DW0 and status
 * (@cqe->dw0, @cqe->status), or the whole CQE.
 */
struct nvmet_cpl {
	const struct nvmet_cqe *cqe;
	uint64_t submit_ns;
	uint64_t complete_ns;
	uint16_t sqid;
	uint16_t cid;
	int result;
};

/**
 * typedef nvmet_cb_t - a command's completion callback
 * @arg: what the submitter passed
 * @cpl: the command's end: its CQE, its times, where it ran
 */
typedef void (*nvmet_cb_t)(void *arg, const struct nvmet_cpl *cpl);

#define NVMET_DEFAULT_TIMEOUT_MS	10000u

/**
 * enum nvmet_dir - data direction of a command
 * @NVMET_DIR_NONE: no data
 * @NVMET_DIR_TO_DEV: host to controller
 * @NVMET_DIR_FROM_DEV: controller to host
 */
enum nvmet_dir {
	NVMET_DIR_NONE,
	NVMET_DIR_TO_DEV,
	NVMET_DIR_FROM_DEV,
};

/**
 * struct nvmet_ctrl_opts - how to open a controller
 * @no_init: leave initialization to the caller (nvmet_ctrl_init() or its
 *	building blocks) instead of running the default one
 * @timeout_ms: command timeout, 0 for NVMET_DEFAULT_TIMEOUT_MS
 */
struct nvmet_ctrl_opts {
	bool no_init;
	uint32_t timeout_ms;
};

/**
 * nvmet_ctrl_open() - open a controller
 * @addr: "/dev/nvmetestN", "nvmetestN" or the PCI address of a function
 *	bound to the nvmetest module; "emu:" followed by comma-separated
 *	options is the emulated controller (see nvmet/emu.h): ns=N (1),
 *	lba=512|4096 (512), size=BYTES per namespace with K/M/G/T (1G),
 *	mdts=N (7), queues=N (64), mqes=N (1024), vectors=N (queues + 1),
 *	dstrd=N (0), vwc=0|1 (1), sgl=0|1 (1), file=PATH (memory),
 *	plugin=NAME[:ARGS] (repeatable; a path, or a plug-in's name as
 *	nvmet_emu_plugin_load() takes it); "tcp:ADDR[:PORT]/SUBNQN" is an
 *	NVMe/TCP controller (IPv6 in brackets, port 4420 by default), with
 *	options after commas: hostnqn=NQN, hostid=UUID (random), hdgst=1,
 *	ddgst=1 (digests), kato=MS (Keep Alive Timeout, 0: none; the Keep
 *	Alive is sent from the admin queue's polls and register accesses),
 *	capture=FILE (every connection's bytes as sent and received, into
 *	a pcapng file; see nvmet/pcap.h)
 * @opts: options, or NULL for the defaults
 * @out: the controller
 *
 * The default initialization (nvmet_ctrl_init()) resets the controller,
 * identifies it and keeps Asynchronous Event Requests outstanding.
 *
 * Return: 0, -EINVAL for a bad address, -ENOENT for a device that is not
 * there (the module not loaded, the function not bound) or a plug-in that
 * does not load, -ENOEXEC for a shared object that is no plug-in,
 * -ECONNREFUSED for an NVMe/TCP Connect the target refused, -EPROTO for a
 * target that broke the protocol, or a negative errno; nvmet_last_error()
 * says why.
 */
int nvmet_ctrl_open(const char *addr, const struct nvmet_ctrl_opts *opts,
		    struct nvmet_ctrl **out);

/**
 * nvmet_last_error() - what went wrong in this thread's last failed open
 * or plug-in load
 *
 * Return: a message such as "emu: unknown option 'foo' (options: ...)",
 * or "" when there is none. Valid until the thread's next open or load.
 */
const char *nvmet_last_error(void);

/**
 * nvmet_ctrl_close() - close a controller; its queue pairs must be deleted
 * and its buffers freed first
 * @ctrl: controller, may be NULL
 */
void nvmet_ctrl_close(struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_init() - the default initialization, as NVMe's own sequence:
 * nvmet_ctrl_reset() (CC.EN 1 -> 0 -> 1, admin queue, number of queues),
 * nvmet_ctrl_identify() and nvmet_ctrl_aer_arm_default()
 * @ctrl: controller
 *
 * The reset ends whatever other handles had in flight on the controller,
 * their AERs included; open further handles of one controller with
 * nvmet_ctrl_opts.no_init.
 *
 * Return: 0 or a negative errno (-EIO when Identify failed).
 */
int nvmet_ctrl_init(struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_identify() - read (again) the Identify Controller data
 * @ctrl: controller
 *
 * Return: 0, -EIO when the controller returned an error status, or a
 * negative errno.
 */
int nvmet_ctrl_identify(struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_ns_list() - namespace discovery: the active namespace IDs
 * @ctrl: controller
 * @nsids: filled with the IDs, ascending
 * @max: capacity of @nsids (up to 1024 are returned)
 *
 * Return: the number of active namespaces written, -EIO when the
 * controller refused Identify (CNS 02h), or a negative errno.
 */
int nvmet_ctrl_ns_list(struct nvmet_ctrl *ctrl, uint32_t *nsids, unsigned int max);

/**
 * nvmet_ctrl_id_data() - the Identify Controller data (4096 bytes)
 * @ctrl: controller
 *
 * Return: the data read by the last nvmet_ctrl_identify(), or NULL.
 */
const uint8_t *nvmet_ctrl_id_data(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_mdts() - the largest transfer, in bytes
 * @ctrl: controller (identified)
 *
 * Return: MDTS in bytes, or 0 for no limit.
 */
uint32_t nvmet_ctrl_mdts(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_page_size() - the controller's memory page size (CC.MPS)
 * @ctrl: controller
 *
 * Return: bytes.
 */
uint32_t nvmet_ctrl_page_size(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_queue_count() - the highest I/O queue id the controller granted
 * @ctrl: controller
 *
 * Return: the count.
 */
uint32_t nvmet_ctrl_queue_count(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_transport() - what a controller is reached through
 * @ctrl: controller
 *
 * Return: "kmod" (a PCIe function bound to nvmetest), "emu" (the emulated
 * controller) or "tcp" (NVMe/TCP: no PCI configuration space, interrupts,
 * doorbells or PRPs; queues made by Connect).
 */
const char *nvmet_ctrl_transport(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_set_timeout() - the timeout of commands submitted from now on
 * @ctrl: controller
 * @timeout_ms: milliseconds, at least 1
 *
 * Return: 0 or -EINVAL.
 */
int nvmet_ctrl_set_timeout(struct nvmet_ctrl *ctrl, uint32_t timeout_ms);

/**
 * nvmet_ctrl_reg_read() - read a controller register
 * @ctrl: controller
 * @offset: byte offset in BAR0 (NVMET_REG_*)
 * @width: 4 or 8
 * @val: the value
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_reg_read(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			uint64_t *val);

/**
 * nvmet_ctrl_reg_write() - write a controller register
 * @ctrl: controller
 * @offset: byte offset in BAR0
 * @width: 4 or 8
 * @val: the value
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_reg_write(struct nvmet_ctrl *ctrl, uint32_t offset, unsigned int width,
			 uint64_t val);

/**
 * nvmet_ctrl_buf_alloc() - a DMA buffer the controller can reach
 * @ctrl: controller
 * @size: bytes
 * @name: for messages, may be NULL
 * @out: the buffer, zero-filled; free with nvmet_buf_free()
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_buf_alloc(struct nvmet_ctrl *ctrl, size_t size, const char *name,
			 struct nvmet_buf **out);

/**
 * nvmet_ctrl_admin() - submit an admin command
 * @ctrl: controller
 * @sqe: the command (its CID is assigned on submission)
 * @buf: data buffer from nvmet_ctrl_buf_alloc(), or NULL
 * @offset: offset of the data in @buf, a multiple of 4
 * @len: bytes of data
 * @dir: direction of the data
 * @cb: called with the completion, or NULL
 * @cb_arg: its argument
 *
 * Return: 0, -EAGAIN when too many commands are in flight, or a negative
 * errno.
 */
int nvmet_ctrl_admin(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, struct nvmet_buf *buf,
		     size_t offset, size_t len, enum nvmet_dir dir, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ctrl_waitdone() - reap @n admin completions
 * @ctrl: controller
 * @n: how many of the caller's commands to wait for (AERs do not count)
 * @dw0: DW0 of the last completion reaped, may be NULL
 *
 * Calls the callbacks of every command reaped, AER handlers included.
 *
 * Return: 0, -EINVAL when fewer than @n commands are in flight, or a
 * negative errno.
 */
int nvmet_ctrl_waitdone(struct nvmet_ctrl *ctrl, unsigned int n, uint32_t *dw0);

/**
 * nvmet_ctrl_admin_sync() - run one admin command and wait for it
 * @ctrl: controller
 * @sqe: the command
 * @buf: data buffer, or NULL
 * @offset: offset of the data in @buf
 * @len: bytes of data
 * @dir: direction of the data
 * @cqe: its completion
 *
 * Other admin completions that arrive meanwhile are reaped too.
 *
 * Return: 0 (see @cqe) or a negative errno.
 */
int nvmet_ctrl_admin_sync(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe,
			  struct nvmet_buf *buf, size_t offset, size_t len, enum nvmet_dir dir,
			  struct nvmet_cqe *cqe);

/**
 * nvmet_ctrl_admin_outstanding() - the caller's admin commands in flight
 * @ctrl: controller
 *
 * Return: the count (outstanding AERs not included).
 */
unsigned int nvmet_ctrl_admin_outstanding(const struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_aer_handler() - be told of asynchronous events
 * @ctrl: controller
 * @cb: called with each AER completion (NULL to stop)
 * @cb_arg: its argument
 *
 * The library keeps AERs outstanding and re-arms each after it completed.
 */
void nvmet_ctrl_aer_handler(struct nvmet_ctrl *ctrl, nvmet_cb_t cb, void *cb_arg);

/**
 * nvmet_ctrl_aer_arm_default() - keep min(AERL + 1, 4) AERs outstanding
 * @ctrl: controller (identified)
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_aer_arm_default(struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_reset() - controller reset (CC.EN 1 -> 0 -> 1), and carry on
 * @ctrl: controller
 *
 * Commands in flight complete with an all-ones CQE; the queue pairs are
 * created again with the same parameters, AERs re-armed.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_reset(struct nvmet_ctrl *ctrl);

/**
 * nvmet_ctrl_cmdlog_print() - print the admin queue's recent commands, one
 * line each, oldest first, as nvmet_qpair_cmdlog_print() does for I/O
 * @ctrl: controller
 * @count: how many, at most NVMETEST_CMDLOG_ENTRIES
 * @f: where
 *
 * Return: lines printed, or a negative errno.
 */
int nvmet_ctrl_cmdlog_print(struct nvmet_ctrl *ctrl, unsigned int count, FILE *f);

/**
 * nvmet_ctrl_irq() - interrupt count and mask state of a vector
 * @ctrl: controller
 * @vector: vector
 * @count: interrupts since the last clear
 * @masked: mask state, may be NULL
 *
 * Return: 0 or a negative errno.
 */
int nvmet_ctrl_irq(struct nvmet_ctrl *ctrl, unsigned int vector, uint64_t *count, int *masked);

/**
 * nvmet_ctrl_shutdown() - shutdown notification, and wait for it to complete
 * @ctrl: controller
 * @abrupt: abrupt shutdown (CC.SHN 10b) rather than normal (01b)
 *
 * Sets CC.SHN, keeping CC's other fields, then polls CSTS.SHST until it
 * reports the shutdown complete (10b). The wait is the longer of RTD3E
 * from the Identify Controller data (when the controller was identified)
 * and CAP.TO.
 *
 * Commands in flight are neither aborted nor reaped. Afterwards the
 * controller need not process commands: nvmet_ctrl_reset() brings it back
 * (commands in flight end with all-ones CQEs, queue pairs are created
 * again, AERs re-armed).
 *
 * Return: 0, -ETIMEDOUT when the shutdown did not complete in time,
 * -ENODEV when CSTS reads all ones (the function is gone), or a negative
 * errno.
 */
int nvmet_ctrl_shutdown(struct nvmet_ctrl *ctrl, bool abrupt);

/**
 * nvmet_ctrl_nssr() - NVM subsystem reset, then carry on
 * @ctrl: controller
 *
 * Writes NVMET_NSSR_MAGIC to the NSSR register, then nvmet_ctrl_reset().
 * Every controller of the subsystem is reset; CSTS.NSSRO is left set (it
 * is write 1 to clear) for the caller to check. On a PCI Express device
 * the subsystem reset may also take the link down: the function's
 * configuration space is not restored here.
 *
 * Return: 0, -EOPNOTSUPP when CAP.NSSRS says the controller has no NVM
 * subsystem reset, or a negative errno.
 */
int nvmet_ctrl_nssr(struct nvmet_ctrl *ctrl);

#endif /* NVMET_CTRL_H */
