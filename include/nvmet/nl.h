/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/nl.h - the nvmetest module's generic netlink family, from any
 * process: the I/O queue pairs of a controller with their outstanding
 * commands, I/O statistics, the command log of a queue, and events (AER
 * completed, command timed out, controller fatal, device removed).
 *
 * A controller is named by its instance, N of /dev/nvmetestN
 * (nvmetest_info.instance). The counters and command log of an I/O queue
 * are those the queue's owner keeps in memory the module can read: queue
 * pairs of this library publish theirs (nvmet_qpair_create()). Requests
 * and joining the event group need CAP_NET_ADMIN.
 *
 * Every function returns 0 (or a count) or a negative errno: -ENOENT from
 * nvmet_nl_open() when the module (its family) is not loaded; -ENODEV for
 * an unknown instance; -EINVAL for a qid above the controller's highest;
 * -ENOENT for a queue that does not exist or publishes no statistics;
 * -EPERM without CAP_NET_ADMIN.
 */
#ifndef NVMET_NL_H
#define NVMET_NL_H

#include <stddef.h>
#include <stdint.h>

#include <nvmetest.h>
#include <nvmet/nvme.h>

/* Opaque handle: netlink sockets of the family. */
struct nvmet_nl;

/* nvmet_nl_iostat() qid: the sums over every queue that publishes statistics. */
#define NVMET_NL_ALL_QUEUES	0

/* Bytes of nvmet_nl_event.bdf, NUL included. */
#define NVMET_NL_BDF_LEN	32

/* A buffer size that always holds the whole of nvmet_nl_event_snprint(). */
#define NVMET_NL_EVENT_STR_MAX	384

/**
 * struct nvmet_nl_qpair - one I/O submission queue of a controller
 * @qid: its id
 * @cqid: the completion queue it posts to
 * @size: entries
 * @flags: NVMETEST_NL_QPAIR_STATS when the counters below are valid (the
 *	queue publishes statistics), NVMETEST_NL_QPAIR_LATENCY when
 *	@latency_ns is too, NVMETEST_NL_QPAIR_ORPHAN when the controller lost
 *	the queue in a reset
 * @outstanding: commands submitted and not yet ended
 * @submitted: commands submitted
 * @completed: commands ended (completed, timed out or aborted)
 * @pid: the process that created the queue, in the caller's PID namespace
 *	(0 when it is not seen there)
 * @comm: that process's command name when it did, NUL terminated
 * @read_cmds: Read commands submitted
 * @write_cmds: Write commands submitted
 * @read_bytes: bytes those Reads transfer
 * @write_bytes: bytes those Writes transfer
 * @latency_ns: nanoseconds from submission to end summed over the
 *	@completed commands: the mean latency between two readings is the
 *	change of this divided by that of @completed
 */
struct nvmet_nl_qpair {
	uint16_t qid;
	uint16_t cqid;
	uint32_t size;
	uint32_t flags;
	uint32_t outstanding;
	uint64_t submitted;
	uint64_t completed;
	uint32_t pid;
	char comm[NVMETEST_NL_COMM_LEN];
	uint64_t read_cmds;
	uint64_t write_cmds;
	uint64_t read_bytes;
	uint64_t write_bytes;
	uint64_t latency_ns;
};

/**
 * struct nvmet_nl_iostat - I/O statistics of a queue, or sums over queues
 * @queues: queues counted
 * @outstanding: commands submitted and not yet ended
 * @submitted: commands submitted
 * @completed: commands ended (completed, timed out or aborted)
 * @read_cmds: Read commands submitted
 * @write_cmds: Write commands submitted
 * @read_bytes: bytes those Reads transfer
 * @write_bytes: bytes those Writes transfer
 */
struct nvmet_nl_iostat {
	uint32_t queues;
	uint32_t outstanding;
	uint64_t submitted;
	uint64_t completed;
	uint64_t read_cmds;
	uint64_t write_cmds;
	uint64_t read_bytes;
	uint64_t write_bytes;
};

/**
 * struct nvmet_nl_event - an event of the module
 * @type: enum nvmetest_nl_event
 * @instance: the controller's instance
 * @bdf: its PCI address, "0000:01:00.0"
 * @timestamp_ns: CLOCK_MONOTONIC time of the event
 * @cqe: NVMETEST_NL_EVENT_AER_COMPLETED: the AER's completion (event type
 *	in DW0 bits 2:0, information in 15:8, log page in 23:16)
 * @sqe: NVMETEST_NL_EVENT_TIMED_OUT: the command, with the module's CID
 * @qid: NVMETEST_NL_EVENT_TIMED_OUT: the queue of @sqe (0: admin)
 * @csts: NVMETEST_NL_EVENT_CTRL_FATAL: the CSTS register
 *
 * Fields a type does not carry are zero.
 */
struct nvmet_nl_event {
	uint32_t type;
	uint32_t instance;
	char bdf[NVMET_NL_BDF_LEN];
	uint64_t timestamp_ns;
	struct nvmet_cqe cqe;
	struct nvmet_sqe sqe;
	uint16_t qid;
	uint32_t csts;
};

/**
 * nvmet_nl_open() - connect to the nvmetest generic netlink family
 * @out: the new handle
 *
 * Return: 0, -ENOENT when the family is not registered (the module is not
 * loaded), or another negative errno.
 */
int nvmet_nl_open(struct nvmet_nl **out);

/**
 * nvmet_nl_close() - close the sockets and free the handle
 * @nl: handle, may be NULL
 */
void nvmet_nl_close(struct nvmet_nl *nl);

/**
 * nvmet_nl_list_qpairs() - the I/O submission queues of a controller, with
 * their creators and counters
 * @nl: handle
 * @instance: the controller
 * @out: filled in qid order with at most @max queues
 * @max: capacity of @out
 *
 * Return: the number of queues the controller has (more than @max when
 * @out was too small), or a negative errno.
 */
int nvmet_nl_list_qpairs(struct nvmet_nl *nl, uint32_t instance, struct nvmet_nl_qpair *out,
			 unsigned int max);

/**
 * nvmet_nl_iostat() - I/O statistics of one queue or of all
 * @nl: handle
 * @instance: the controller
 * @qid: an I/O SQ, or NVMET_NL_ALL_QUEUES for the sums over every queue
 *	that publishes statistics
 * @out: the counters
 *
 * Return: 0 or a negative errno.
 */
int nvmet_nl_iostat(struct nvmet_nl *nl, uint32_t instance, uint16_t qid,
		    struct nvmet_nl_iostat *out);

/**
 * nvmet_nl_cmdlog() - the most recent commands of a queue, oldest first
 * @nl: handle
 * @instance: the controller
 * @qid: an I/O SQ that publishes its command log, or 0 for the admin queue
 *	(the module's own log)
 * @out: filled with at most @max entries
 * @max: capacity of @out
 *
 * Entries the queue's owner was overwriting while they were read are left
 * out.
 *
 * Return: the number of entries filled, or a negative errno.
 */
int nvmet_nl_cmdlog(struct nvmet_nl *nl, uint32_t instance, uint16_t qid,
		    struct nvmetest_cmdlog_entry *out, unsigned int max);

/**
 * nvmet_nl_subscribe() - receive the module's events from now on
 * @nl: handle
 *
 * Opens a second socket, joined to the events group, so that events never
 * mix with the replies to requests. Subscribing again does nothing.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_nl_subscribe(struct nvmet_nl *nl);

/**
 * nvmet_nl_next_event() - the next event, waiting for it
 * @nl: handle, subscribed
 * @ev: the event
 * @timeout_ms: how long to wait; 0 does not wait, a negative value waits
 *	as long as it takes
 *
 * Return: 0, -ETIMEDOUT when no event came in time, -ENOBUFS when events
 * were lost because they were not read fast enough (the next call goes on
 * with those that came after), -ENOTCONN when not subscribed, or another
 * negative errno.
 */
int nvmet_nl_next_event(struct nvmet_nl *nl, struct nvmet_nl_event *ev, int timeout_ms);

/**
 * nvmet_nl_fd() - the descriptor events arrive on
 * @nl: handle
 *
 * For poll() (POLLIN) in an event loop; nvmet_nl_next_event() with a
 * timeout of 0 then reads the event.
 *
 * Return: the descriptor, or -ENOTCONN when not subscribed.
 */
int nvmet_nl_fd(const struct nvmet_nl *nl);

/**
 * nvmet_nl_event_name() - the name of an event type
 * @type: enum nvmetest_nl_event
 *
 * Return: "AER_COMPLETED", "TIMED_OUT", "CTRL_FATAL", "DEVICE_REMOVED", or
 * "UNKNOWN" for a type this library does not know.
 */
const char *nvmet_nl_event_name(uint32_t type);

/**
 * nvmet_nl_event_snprint() - describe an event on one line
 * @buf: where to write, NUL terminated and truncated as snprintf() does
 * @len: size of @buf
 * @ev: the event
 *
 * The CLOCK_MONOTONIC time in seconds, the controller and its PCI address,
 * the type's name, then what the type carries:
 * "[  12.345678] nvmetest0 0000:01:00.0 AER_COMPLETED type 1 info 0x01
 * log 0x02 dw0:00020101 SUCCESS (00/00)"; a TIMED_OUT event adds the
 * command as nvmet_cmd_snprint() gives it, CTRL_FATAL "csts:CSTS".
 * NVMET_NL_EVENT_STR_MAX bytes always suffice.
 *
 * Return: the length of the whole description, as snprintf() returns it.
 */
int nvmet_nl_event_snprint(char *buf, size_t len, const struct nvmet_nl_event *ev);

#endif /* NVMET_NL_H */
