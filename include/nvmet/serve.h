/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/serve.h - the emulated controller served over NVMe/TCP, so that a
 * real host driver (Linux's nvme-tcp, nvme-cli, fio through the kernel)
 * meets it, plug-ins and taps included.
 *
 * nvmet_serve_create() makes an emulated controller from an "emu:OPTIONS"
 * address and listens on a TCP address; nvmet_serve_run() (in the calling
 * thread) or nvmet_serve_start() (in a thread of its own) serves it until
 * nvmet_serve_stop(). One event loop thread owns every socket and runs the
 * controller: the controller core stays single-threaded. The port serves
 * one NVM subsystem (the emulated controller, one association at a time:
 * a new admin Connect replaces the previous host's) and the discovery
 * subsystem (nqn.2014-08.org.nvmexpress.discovery), whose log page lists
 * it.
 */
#ifndef NVMET_SERVE_H
#define NVMET_SERVE_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/emu.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmet_serve;

/* struct nvmet_serve_opts' @poll_us: the default, none, the most. */
#define NVMET_SERVE_POLL_DEFAULT_US	50
#define NVMET_SERVE_POLL_NONE		(-1)
#define NVMET_SERVE_POLL_MAX_US		1000000

/* The NQN served when none is given. */
#define NVMET_SERVE_DEFAULT_NQN		"nqn.2014-08.org.nvmexpress:nvmet:emu"

/**
 * typedef nvmet_serve_log_fn - where the target's log lines go
 * @arg: what the options gave with it
 * @line: one line, without a newline: a connection, a disconnection, a
 *	queue connected, a protocol error and the TermReq sent for it, a
 *	keep-alive expiry
 */
typedef void (*nvmet_serve_log_fn)(void *arg, const char *line);

/**
 * struct nvmet_serve_opts - what to serve, where
 * @emu: the controller, "emu:OPTIONS" as nvmet_ctrl_open() takes it
 *	(plugin= included); NULL or "emu" for the defaults
 * @listen: "ADDR:PORT" or "[IPv6]:PORT"; port 0 takes a free one
 *	(nvmet_serve_port() says which)
 * @nqn: the subsystem's NQN; NULL for NVMET_SERVE_DEFAULT_NQN
 * @log: log lines go here; NULL for none
 * @log_arg: given to @log
 * @stall_ms: a connection whose peer takes nothing of what is sent to it
 *	for this long is closed; 0 for 10 s
 * @poll_us: after a loop round that had work, the loop keeps polling its
 *	sockets this many microseconds before it sleeps in epoll, so that a
 *	host's next command (at queue depth 1) finds it awake: 0 for
 *	NVMET_SERVE_POLL_DEFAULT_US, NVMET_SERVE_POLL_NONE to sleep at once;
 *	at most NVMET_SERVE_POLL_MAX_US. Polling spends a CPU while it lasts.
 * @follow_cpu: the loop thread moves to the CPU that received an I/O
 *	queue's last bytes (SO_INCOMING_CPU), as Linux's own target runs a
 *	queue's work there: on loopback it is the host's submitting CPU, so
 *	that the host and the target do not wake each other across CPUs. The
 *	thread's CPU affinity is put back when the loop ends.
 */
struct nvmet_serve_opts {
	const char *emu;
	const char *listen;
	const char *nqn;
	nvmet_serve_log_fn log;
	void *log_arg;
	unsigned int stall_ms;
	int poll_us;
	bool follow_cpu;
};

/**
 * nvmet_serve_create() - an emulated controller, listening
 * @o: options
 * @out: the target, on success
 *
 * The controller is made and its plug-ins loaded, the socket bound and
 * listening; nothing is served until nvmet_serve_run() or
 * nvmet_serve_start().
 *
 * Return: 0; -EINVAL for a bad address, NQN or emu: option (with
 * nvmet_last_error() saying which); -EADDRINUSE and the like from the
 * socket; a plug-in's error.
 */
int nvmet_serve_create(const struct nvmet_serve_opts *o, struct nvmet_serve **out);

/**
 * nvmet_serve_run() - serve in the calling thread
 * @s: target
 *
 * Return: 0 once nvmet_serve_stop() is called; a negative errno when the
 * event loop cannot go on.
 */
int nvmet_serve_run(struct nvmet_serve *s);

/**
 * nvmet_serve_start() - serve in a thread of its own
 * @s: target
 *
 * Return: 0, or a negative errno from creating the thread; -EBUSY when
 * already serving.
 */
int nvmet_serve_start(struct nvmet_serve *s);

/**
 * nvmet_serve_stop() - ask the event loop to end
 * @s: target
 *
 * Async-signal-safe (a SIGINT handler may call it). The loop closes every
 * connection and returns; nvmet_serve_destroy() waits for a thread that
 * nvmet_serve_start() made.
 */
void nvmet_serve_stop(struct nvmet_serve *s);

/**
 * nvmet_serve_destroy() - stop, close every connection and the controller
 * @s: target, or NULL
 */
void nvmet_serve_destroy(struct nvmet_serve *s);

/**
 * nvmet_serve_emu() - the emulated controller, for its plug-in API
 * @s: target
 *
 * Return: the controller; taps attached to it see the commands, property
 * accesses and PDUs of the served hosts.
 */
struct nvmet_emu *nvmet_serve_emu(struct nvmet_serve *s);

/**
 * nvmet_serve_port() - the TCP port listened on
 * @s: target
 *
 * Return: the port (the one the system chose when the options said 0).
 */
int nvmet_serve_port(const struct nvmet_serve *s);

/**
 * nvmet_serve_addr() - the address listened on, as given
 * @s: target
 *
 * Return: a NUL-terminated string owned by @s, without brackets.
 */
const char *nvmet_serve_addr(const struct nvmet_serve *s);

/**
 * nvmet_serve_nqn() - the NQN of the subsystem served
 * @s: target
 *
 * Return: a NUL-terminated string owned by @s.
 */
const char *nvmet_serve_nqn(const struct nvmet_serve *s);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_SERVE_H */
