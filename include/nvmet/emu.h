/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/emu.h - the emulated NVMe controller inside libnvmet, and the API
 * for plug-in authors.
 *
 * nvmet_ctrl_open("emu:ns=2,lba=4096,size=1T") opens a controller that runs
 * in its own thread in the calling process: registers, doorbells (polled,
 * like a shadow-doorbell controller), admin and I/O queues in the caller's
 * memory, namespaces in sparse memory or a file. It needs no hardware and
 * no privileges.
 *
 * Its command pipeline has taps, named bus:class:stage as in bhyve's NVMe
 * plug-ins:
 *
 * ======================== ===============================================
 * pci:regread:writeback    a configuration space read; may change the value
 * pci:regwrite:decode      a configuration space write; may change or drop it
 * pci:msix:writeback       an MSI-X message about to be sent; may drop it
 * nvme:regread:writeback   a BAR0 register read; may change the value
 * nvme:regwrite:decode     a BAR0 register write, doorbells included (seen
 *                          when the controller notices the new value); may
 *                          change or drop it
 * nvme:admin:decode        an admin command fetched, before it executes
 * nvme:admin:writeback     an admin completion about to be posted
 * nvme:io:decode           an I/O command fetched, before it executes
 * nvme:io:writeback        an I/O completion about to be posted
 * tcp:pdu:recv             an NVMe/TCP PDU received (served with
 *                          nvmet_serve_create()), its header checked; may
 *                          change, delay or drop it
 * tcp:pdu:send             an NVMe/TCP PDU about to be sent; may change,
 *                          delay or drop it, or corrupt its digests
 * tcp:stream:recv          bytes read from a connection's socket, as they
 *                          came (PDUs cut anywhere); no bytes: the
 *                          connection closed. Only to look at
 * tcp:stream:send          bytes the socket took, exactly as they went
 *                          (after the PDU taps, digests included). Only
 *                          to look at
 * ======================== ===============================================
 *
 * Tap callbacks run in the controller's thread (register taps in the
 * thread that accessed the register) and must not block. A plug-in is a
 * shared object exporting nvmet_plugin_setup() and, optionally,
 * nvmet_plugin_teardown(); it is loaded with nvmet_emu_plugin_load(), with
 * "plugin=NAME[:ARGS]" in the address, or with the tools' --plugin.
 *
 * NAME is a path when it has a '/'; otherwise NAME.so (or NAME when it
 * ends in .so) is looked for in, first found first:
 *
 * 1. the directories of $NVMET_PLUGIN_PATH (':'-separated), in order;
 * 2. the build tree: plugins/ beside the directory of libnvmet.so or of
 *    the program linked with libnvmet.a (build/bin/../plugins), or beside
 *    its parent (build/selftests/emu/../../plugins);
 * 3. the installed plug-ins, $(PREFIX)/lib/nvmet/plugins: nvmet/plugins
 *    beside libnvmet.so, ../lib/nvmet/plugins from the program linked with
 *    libnvmet.a, then the directory libnvmet was built to install them in;
 * 4. the dynamic linker's search path (LD_LIBRARY_PATH and the system's).
 *
 * So "emu:plugin=corrupt_read:lba=8" works from the build tree and on an
 * installed system alike.
 */
#ifndef NVMET_EMU_H
#define NVMET_EMU_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmet_ctrl;
struct nvmet_emu;
struct sockaddr;

/**
 * enum nvmet_emu_tap - the tap points of the emulated controller
 * @NVMET_EMU_TAP_PCI_REGREAD: "pci:regread:writeback"
 * @NVMET_EMU_TAP_PCI_REGWRITE: "pci:regwrite:decode"
 * @NVMET_EMU_TAP_MSIX: "pci:msix:writeback"
 * @NVMET_EMU_TAP_REGREAD: "nvme:regread:writeback"
 * @NVMET_EMU_TAP_REGWRITE: "nvme:regwrite:decode"
 * @NVMET_EMU_TAP_ADMIN_DECODE: "nvme:admin:decode"
 * @NVMET_EMU_TAP_ADMIN_WRITEBACK: "nvme:admin:writeback"
 * @NVMET_EMU_TAP_IO_DECODE: "nvme:io:decode"
 * @NVMET_EMU_TAP_IO_WRITEBACK: "nvme:io:writeback"
 * @NVMET_EMU_TAP_PDU_RECV: "tcp:pdu:recv"
 * @NVMET_EMU_TAP_PDU_SEND: "tcp:pdu:send"
 * @NVMET_EMU_TAP_STREAM_RECV: "tcp:stream:recv"
 * @NVMET_EMU_TAP_STREAM_SEND: "tcp:stream:send"
 * @NVMET_EMU_TAP_COUNT: number of tap points
 */
enum nvmet_emu_tap {
	NVMET_EMU_TAP_PCI_REGREAD,
	NVMET_EMU_TAP_PCI_REGWRITE,
	NVMET_EMU_TAP_MSIX,
	NVMET_EMU_TAP_REGREAD,
	NVMET_EMU_TAP_REGWRITE,
	NVMET_EMU_TAP_ADMIN_DECODE,
	NVMET_EMU_TAP_ADMIN_WRITEBACK,
	NVMET_EMU_TAP_IO_DECODE,
	NVMET_EMU_TAP_IO_WRITEBACK,
	NVMET_EMU_TAP_PDU_RECV,
	NVMET_EMU_TAP_PDU_SEND,
	NVMET_EMU_TAP_STREAM_RECV,
	NVMET_EMU_TAP_STREAM_SEND,
	NVMET_EMU_TAP_COUNT
};

/**
 * enum nvmet_emu_verdict - what a tap callback returns
 * @NVMET_EMU_CONTINUE: carry on as if the tap were not there
 * @NVMET_EMU_HANDLED: at decode, the command is completed with the status,
 *	DW0 and DW1 the callback put in the event's completion, and not
 *	executed; at a register write, the write is dropped; at MSI-X, the
 *	message is not sent
 * @NVMET_EMU_DROP: at decode, the command is consumed and never
 *	completed (until an Abort or a reset); at a PDU tap, the PDU is
 *	dropped (never sent, or never acted on); elsewhere as HANDLED
 * @NVMET_EMU_DELAY: at a PDU tap, the PDU is held for the event's
 *	@delay_ns, then sent or acted on (later PDUs of its connection wait
 *	behind it); elsewhere as CONTINUE
 */
enum nvmet_emu_verdict {
	NVMET_EMU_CONTINUE = 0,
	NVMET_EMU_HANDLED = 1,
	NVMET_EMU_DROP = 2,
	NVMET_EMU_DELAY = 3,
};

/* What a tcp:pdu:send callback may ask of the PDU's digests (struct nvmet_emu_event.corrupt). */
#define NVMET_EMU_BAD_HDGST	0x1	/* send a wrong header digest */
#define NVMET_EMU_BAD_DDGST	0x2	/* send a wrong data digest */

/**
 * struct nvmet_emu_event - what a tap callback sees
 * @tap: the tap point
 * @ts_ns: CLOCK_MONOTONIC time of the event
 * @sqid: submission queue of the command (commands and completions)
 * @vector: MSI-X vector (pci:msix)
 * @offset: register offset (register taps)
 * @width: register access width in bytes, 4 or 8 (register taps)
 * @value: the value written (a decode callback may change it) or read
 *	(a writeback callback may change it)
 * @sqe: the command (decode and writeback taps), NULL elsewhere
 * @cqe: the completion under construction (decode and writeback taps):
 *	@cqe->status holds the status field without the phase tag
 * @latency_ns: at writeback, time since the command was fetched
 * @pdu: PDU taps: the PDU's header (struct nvmet_tcp_hdr first, then the
 *	type's fields, the header digest and padding): a callback may change
 *	it (a received PDU's common header is not read again; a sent PDU's
 *	digests are computed after the callbacks)
 * @pdu_len: its length
 * @data: PDU taps: the PDU's data, NULL when none; may be changed.
 *	Stream taps: the bytes, which must not be changed; NULL at the end
 *	of the connection
 * @data_len: its length
 * @qid: PDU and stream taps: the queue of the connection (0 the admin
 *	queue, also before the connection's Connect)
 * @delay_ns: PDU taps: how long NVMET_EMU_DELAY holds the PDU
 * @corrupt: tcp:pdu:send: NVMET_EMU_BAD_HDGST and NVMET_EMU_BAD_DDGST
 *	(effective when the connection has those digests)
 * @host: stream taps: the host's end of the connection (struct
 *	sockaddr_in or sockaddr_in6, with its port)
 * @ctrl: stream taps: this end, the address and port listened on
 */
struct nvmet_emu_event {
	enum nvmet_emu_tap tap;
	uint64_t ts_ns;
	uint16_t sqid;
	uint16_t vector;
	uint32_t offset;
	uint32_t width;
	uint64_t value;
	const struct nvmet_sqe *sqe;
	struct nvmet_cqe *cqe;
	uint64_t latency_ns;
	uint8_t *pdu;
	uint32_t pdu_len;
	uint8_t *data;
	uint32_t data_len;
	uint16_t qid;
	uint64_t delay_ns;
	uint32_t corrupt;
	const struct sockaddr *host;
	const struct sockaddr *ctrl;
};

/**
 * typedef nvmet_emu_tap_fn - a tap callback
 * @emu: the controller
 * @ev: the event; see struct nvmet_emu_event for what may be changed
 * @arg: what was given to nvmet_emu_attach()
 *
 * Return: an enum nvmet_emu_verdict.
 */
typedef int (*nvmet_emu_tap_fn)(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg);

/**
 * nvmet_ctrl_emu() - the emulated controller behind a controller handle
 * @ctrl: a controller opened with "emu:..."
 *
 * Return: the emulated controller, or NULL when @ctrl is another kind.
 */
struct nvmet_emu *nvmet_ctrl_emu(struct nvmet_ctrl *ctrl);

/**
 * nvmet_emu_name() - the controller's name in traces, e.g. "emu0"
 * @emu: controller
 *
 * Return: a NUL-terminated string owned by @emu.
 */
const char *nvmet_emu_name(const struct nvmet_emu *emu);

/**
 * nvmet_emu_tap_lookup() - a tap point by name
 * @name: "nvme:io:decode" and the like
 * @tap: filled in
 *
 * Return: 0, or -EINVAL for an unknown name.
 */
int nvmet_emu_tap_lookup(const char *name, enum nvmet_emu_tap *tap);

/**
 * nvmet_emu_tap_name() - the name of a tap point
 * @tap: tap point
 *
 * Return: its name, or "?" when out of range.
 */
const char *nvmet_emu_tap_name(enum nvmet_emu_tap tap);

/**
 * nvmet_emu_attach() - attach a callback to a tap point
 * @emu: controller
 * @name: tap point name
 * @fn: callback
 * @arg: passed to @fn
 *
 * Callbacks run in the order attached. At most 16 per tap point.
 *
 * Return: 0, -EINVAL for an unknown name or a NULL @fn, -ENOSPC when the
 * tap point is full.
 */
int nvmet_emu_attach(struct nvmet_emu *emu, const char *name, nvmet_emu_tap_fn fn, void *arg);

/**
 * nvmet_emu_detach() - detach a callback attached with the same @fn and @arg
 * @emu: controller
 * @name: tap point name
 * @fn: callback
 * @arg: its argument
 *
 * When this returns, the controller's thread no longer runs @fn.
 *
 * Return: 0, -EINVAL for an unknown name, -ENOENT when not attached.
 */
int nvmet_emu_detach(struct nvmet_emu *emu, const char *name, nvmet_emu_tap_fn fn, void *arg);

/**
 * nvmet_emu_plugin_load() - load a plug-in and run its setup
 * @emu: controller
 * @path: the shared object: a path when it has a '/', else a plug-in's
 *	name such as "corrupt_read", found as the top of this page says
 * @args: the plug-in's arguments, or NULL
 *
 * On failure nvmet_last_error() says why (where a name was looked for,
 * the dynamic linker's message, or the setup's reason).
 *
 * Return: 0, -ENOENT when it is not found or cannot be loaded, -ENOEXEC
 * when it has no nvmet_plugin_setup(), or what the setup returned
 * (-EINVAL for arguments it refuses, by convention).
 */
int nvmet_emu_plugin_load(struct nvmet_emu *emu, const char *path, const char *args);

/**
 * nvmet_emu_plugin_unload() - run a plug-in's teardown and unload it
 * @emu: controller
 * @path: as given to nvmet_emu_plugin_load()
 *
 * Plug-ins still loaded are unloaded when the controller closes.
 *
 * Return: 0, or -ENOENT when no such plug-in is loaded.
 */
int nvmet_emu_plugin_unload(struct nvmet_emu *emu, const char *path);

/**
 * nvmet_emu_aer() - report an asynchronous event
 * @emu: controller
 * @type: event type (0 error, 1 SMART/health, 2 notice, 6 I/O command set, 7 vendor)
 * @info: asynchronous event information
 * @log_page: the log page that clears it
 *
 * The event completes an outstanding Asynchronous Event Request, now or
 * when the host next sends one, unless the Asynchronous Event
 * Configuration masks it or an event of the same type waits for its log
 * page to be read. Safe from tap callbacks.
 *
 * Return: 0, or -ENOSPC when too many events are queued.
 */
int nvmet_emu_aer(struct nvmet_emu *emu, uint8_t type, uint8_t info, uint8_t log_page);

/**
 * nvmet_emu_smart_critical() - set critical warning bits in the SMART log
 * @emu: controller
 * @bits: bits of the Critical Warning field to set (bit 3: media read only)
 *
 * Raises a SMART/health AER when the Asynchronous Event Configuration
 * enables those bits. Safe from tap callbacks.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_emu_smart_critical(struct nvmet_emu *emu, uint8_t bits);

/**
 * nvmet_emu_set_temperature() - set the composite temperature
 * @emu: controller
 * @kelvin: new temperature
 *
 * Raises a SMART/health AER (temperature) when it crosses the Temperature
 * Threshold feature and the Asynchronous Event Configuration allows it.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_emu_set_temperature(struct nvmet_emu *emu, uint16_t kelvin);

/**
 * nvmet_emu_arg_str() - a string from a plug-in's argument string
 * @args: "key=value;key=value" as given to nvmet_plugin_setup()
 * @key: the key to find
 * @buf: where the value goes, NUL terminated
 * @len: size of @buf
 *
 * Return: 0, -ENOENT when @key is absent, -ENAMETOOLONG when the value
 * does not fit in @buf.
 */
int nvmet_emu_arg_str(const char *args, const char *key, char *buf, size_t len);

/**
 * nvmet_emu_arg_u64() - a number from a plug-in's argument string
 * @args: "key=value;key=value" as given to nvmet_plugin_setup()
 * @key: the key to find
 * @val: set when found (decimal, 0x hex, or with a K/M/G/T suffix)
 *
 * Return: 0, -ENOENT when @key is absent, -EINVAL when its value is not a
 * number (the load then reports "KEY=VALUE is not a number").
 */
int nvmet_emu_arg_u64(const char *args, const char *key, uint64_t *val);

/**
 * nvmet_emu_args_check() - refuse arguments a plug-in does not know
 * @args: "key=value;key=value" as given to nvmet_plugin_setup()
 * @keys: every key the plug-in takes, NULL-terminated
 *
 * Call it first in nvmet_plugin_setup() and return what it returns, so
 * that a misspelt argument ("wrtes=5") fails the load instead of being
 * ignored. Empty pieces ("a=1;;b=2", a trailing ';') are allowed; a piece
 * without '=', a key not in @keys and a key given twice are not. The
 * reason ("unknown argument 'wrtes' (arguments: writes, dropped)") is what
 * the load reports: nvmet_last_error(), and the tools' error line.
 *
 * Return: 0, or -EINVAL.
 */
int nvmet_emu_args_check(const char *args, const char *const *keys);

/**
 * nvmet_emu_plugin_error() - say why a plug-in's setup refuses
 * @fmt: printf() format of the reason, without the plug-in's name
 *	("p=101 is out of range 0..100")
 *
 * For nvmet_plugin_setup(): "return nvmet_emu_plugin_error(...);". The
 * loader reports the reason after the plug-in's name, through
 * nvmet_last_error() and the tools' error line, rather than a plug-in
 * writing to stderr.
 *
 * Return: -EINVAL.
 */
int nvmet_emu_plugin_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/**
 * nvmet_emu_data_read() - read a command's data buffer in host memory
 * @emu: controller
 * @sqe: the command (from a tap event)
 * @len: the command's transfer length in bytes
 * @off: where to start in the transfer
 * @buf: filled in
 * @n: bytes to copy
 *
 * Resolves the command's PRPs or SGL as the controller does. Only from
 * a tap callback that runs in the controller's thread (command taps).
 *
 * Return: bytes copied, or a negative errno (-EFAULT for a data pointer
 * that does not resolve).
 */
long nvmet_emu_data_read(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			 size_t off, void *buf, size_t n);

/**
 * nvmet_emu_data_write() - change a command's data buffer in host memory
 * @emu: controller
 * @sqe: the command (from a tap event)
 * @len: the command's transfer length in bytes
 * @off: where to start in the transfer
 * @buf: the new bytes
 * @n: bytes to copy
 *
 * As nvmet_emu_data_read(), the other way: at nvme:io:writeback of a
 * read, this corrupts what the host receives.
 *
 * Return: bytes copied, or a negative errno.
 */
long nvmet_emu_data_write(struct nvmet_emu *emu, const struct nvmet_sqe *sqe, size_t len,
			  size_t off, const void *buf, size_t n);

/**
 * nvmet_emu_lba_size() - the LBA size of a namespace
 * @emu: controller
 * @nsid: namespace id
 *
 * Return: bytes per LBA, or 0 when @nsid is not an active namespace.
 */
unsigned int nvmet_emu_lba_size(struct nvmet_emu *emu, uint32_t nsid);

/**
 * nvmet_plugin_setup() - a plug-in's entry point (the plug-in defines it)
 * @emu: the controller it is loaded into
 * @args: the arguments from the address or the tool, or "" when none
 * @priv: where the plug-in keeps its state for teardown
 *
 * Attach callbacks here.
 *
 * Return: 0, or a negative errno to refuse.
 */
int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv);

/**
 * nvmet_plugin_teardown() - a plug-in's exit (optional, the plug-in defines it)
 * @emu: the controller
 * @priv: what setup stored
 *
 * Detach callbacks and free state here.
 */
void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_EMU_H */
