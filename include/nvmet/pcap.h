/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/pcap.h - NVMe sessions as captures that Wireshark and tshark open.
 *
 * Wireshark has no link type for raw NVMe; its NVMe dissector is reached
 * through NVMe over Fabrics. So a capture is a pcapng file of synthesized
 * Ethernet/IPv4/TCP frames carrying NVMe/TCP PDUs (port 4420): one TCP
 * connection per queue, opened with ICReq/ICResp and a Fabrics Connect
 * naming the queue, so that Wireshark decodes admin commands as admin and
 * I/O commands as I/O. A command is a CapsuleCmd PDU holding the 64-byte
 * submission queue entry as the controller fetched it (no data follows it),
 * its completion a CapsuleResp PDU holding the 16-byte completion queue
 * entry; frame times are the events' times, so Wireshark's command latency
 * (nvme.cmd_latency) is the controller's.
 *
 * Register accesses go on a connection of their own (host port 49999) as
 * Fabrics Property Set and Property Get commands with their responses, so
 * that their command identifiers never collide with the admin queue's.
 * MSI-X messages and configuration space accesses, which no stock
 * dissector knows, are one line of text each on a second interface
 * (Wireshark's exported PDUs, link type 252, shown as line-based text).
 * Every record carries a pcapng comment (frame.comment in tshark)
 * with a one-line summary: the command decoded, the completion status and
 * latency, the register named ("SQ 2 Tail Doorbell", "CC").
 *
 * Real NVMe/TCP connections go in as they were: nvmet_pcap_tcp_bytes()
 * records the bytes one side of a connection sent, exactly (PDUs, header
 * and data digests, padding, TermReqs, PDUs cut anywhere), in frames
 * between the connection's own addresses and ports with consistent
 * sequence numbers, so Wireshark reassembles PDUs that span frames (a
 * frame holds at most 65000 bytes). The tcp: transport writes one with
 * the capture=FILE option of its address, and capture.so loaded into
 * `nvmet serve` writes the target's. Wireshark decodes NVMe/TCP on port
 * 4420 by itself; on another, tell it: tshark -d tcp.port==PORT,nvme-tcp.
 * It checks digests when asked (-o nvme-tcp.check_hdgst:TRUE -o
 * nvme-tcp.check_ddgst:TRUE).
 *
 * Timestamps are CLOCK_MONOTONIC nanoseconds, as libnvmet and the kernel
 * module take them; the capture shows them shifted to wall-clock time as
 * of nvmet_pcap_open(). Every function may be called from any thread.
 * Every function returns 0 or a negative errno; after a write error every
 * later call returns that error.
 */
#ifndef NVMET_PCAP_H
#define NVMET_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#ifdef __cplusplus
extern "C" {
#endif

struct nvmetest_cmdlog_entry;
struct sockaddr;

/* Opaque handle on a capture being written. */
struct nvmet_pcap;

/* A buffer that always holds the name of a register. */
#define NVMET_PCAP_REG_NAME_MAX	32

/**
 * nvmet_pcap_open() - create a capture file
 * @path: file to create or truncate
 * @out: the new handle
 *
 * Return: 0, -EINVAL for a NULL argument, -ENOMEM, or the errno of
 * fopen() or of writing the file's header.
 */
int nvmet_pcap_open(const char *path, struct nvmet_pcap **out);

/**
 * nvmet_pcap_flush() - write what is buffered to the file
 * @pc: capture
 *
 * Return: 0 or a negative errno.
 */
int nvmet_pcap_flush(struct nvmet_pcap *pc);

/**
 * nvmet_pcap_close() - finish the file and free the handle
 * @pc: capture, may be NULL
 *
 * Return: 0, or the first error met while writing the file.
 */
int nvmet_pcap_close(struct nvmet_pcap *pc);

/**
 * nvmet_pcap_command() - record a command
 * @pc: capture
 * @ts_ns: when the controller fetched it
 * @sqid: submission queue it came from (0: admin)
 * @sqe: the submission queue entry
 *
 * The first record of a queue opens its connection in the capture.
 *
 * Return: 0 or a negative errno.
 */
int nvmet_pcap_command(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
		       const struct nvmet_sqe *sqe);

/**
 * nvmet_pcap_completion() - record a completion
 * @pc: capture
 * @ts_ns: when it was posted
 * @sqid: submission queue of the command it completes
 * @cqe: the completion queue entry; Wireshark pairs it with the command
 *	of the same CID on @sqid
 * @latency_ns: time since the command was fetched, for the comment
 *	(Wireshark computes its own from the frame times)
 *
 * Return: 0 or a negative errno.
 */
int nvmet_pcap_completion(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t sqid,
			  const struct nvmet_cqe *cqe, uint64_t latency_ns);

/**
 * nvmet_pcap_reg_write() - record a BAR0 register write, doorbells included
 * @pc: capture
 * @ts_ns: when it happened
 * @offset: register offset
 * @width: 4 or 8 bytes
 * @value: value written
 * @dstrd: the controller's doorbell stride (CAP.DSTRD), to name doorbells
 *
 * Written as a Property Set command and its response; the comment reads
 * "REG 1008 <- 00000003 (SQ 1 Tail Doorbell)".
 *
 * Return: 0, -EINVAL for a width other than 4 or 8, or a negative errno.
 */
int nvmet_pcap_reg_write(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			 unsigned int width, uint64_t value, unsigned int dstrd);

/**
 * nvmet_pcap_reg_read() - record a BAR0 register read
 * @pc: capture
 * @ts_ns: when it happened
 * @offset: register offset
 * @width: 4 or 8 bytes
 * @value: value read
 * @dstrd: the controller's doorbell stride (CAP.DSTRD), to name doorbells
 *
 * Written as a Property Get command and its response carrying @value;
 * the comment reads "REG 001c -> 00000001 (CSTS)".
 *
 * Return: 0, -EINVAL for a width other than 4 or 8, or a negative errno.
 */
int nvmet_pcap_reg_read(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			unsigned int width, uint64_t value, unsigned int dstrd);

/**
 * nvmet_pcap_msix() - record an MSI-X message
 * @pc: capture
 * @ts_ns: when it was sent
 * @vector: its vector
 *
 * Return: 0 or a negative errno.
 */
int nvmet_pcap_msix(struct nvmet_pcap *pc, uint64_t ts_ns, uint16_t vector);

/**
 * nvmet_pcap_cfg_write() - record a PCI configuration space write
 * @pc: capture
 * @ts_ns: when it happened
 * @offset: byte offset in configuration space
 * @width: 1, 2 or 4 bytes
 * @value: value written
 *
 * Return: 0, -EINVAL for another width, or a negative errno.
 */
int nvmet_pcap_cfg_write(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			 unsigned int width, uint32_t value);

/**
 * nvmet_pcap_cfg_read() - record a PCI configuration space read
 * @pc: capture
 * @ts_ns: when it happened
 * @offset: byte offset in configuration space
 * @width: 1, 2 or 4 bytes
 * @value: value read
 *
 * Return: 0, -EINVAL for another width, or a negative errno.
 */
int nvmet_pcap_cfg_read(struct nvmet_pcap *pc, uint64_t ts_ns, uint32_t offset,
			unsigned int width, uint32_t value);

/**
 * nvmet_pcap_cmdlog() - record a command log, such as the kernel module's
 * admin command log (nvmet_kdev_cmdlog())
 * @pc: capture
 * @sqid: the queue the log is of (0 for the admin log)
 * @entries: the log, as the module returns it
 * @n: number of entries
 *
 * Each entry becomes its command at @entries[i].submit_ns and, when
 * NVMETEST_CMDLOG_DONE is set, its completion at complete_ns, all in time
 * order. A command timed out or aborted without a completion says so in
 * its comment.
 *
 * Return: 0, -EINVAL for a NULL @entries with @n not 0, -ENOMEM, or a
 * negative errno.
 */
int nvmet_pcap_cmdlog(struct nvmet_pcap *pc, uint16_t sqid,
		      const struct nvmetest_cmdlog_entry *entries, unsigned int n);

/**
 * nvmet_pcap_tcp_bytes() - record bytes a real NVMe/TCP connection carried
 * @pc: capture
 * @ts_ns: when they were sent or received
 * @host: the host's end of the connection (IPv4 or IPv6, with its port)
 * @ctrl: the controller's end, of the same family
 * @to_ctrl: the host sent them, else the controller did
 * @buf: the bytes, as send() took them or recv() gave them
 * @len: how many; 0 only opens the connection in the capture
 *
 * The first call for a pair of endpoints opens its connection in the
 * capture (a TCP handshake at @ts_ns); the bytes then follow each other
 * in each direction, whatever PDUs they cut. Record each side's bytes in
 * the order they went.
 *
 * Return: 0, -EINVAL for a NULL endpoint, NULL @buf with @len not 0 or
 * endpoints of two families, -EAFNOSUPPORT for a family other than IPv4
 * and IPv6, -ENOMEM, or a negative errno.
 */
int nvmet_pcap_tcp_bytes(struct nvmet_pcap *pc, uint64_t ts_ns, const struct sockaddr *host,
			 const struct sockaddr *ctrl, bool to_ctrl, const void *buf, size_t len);

/**
 * nvmet_pcap_tcp_end() - record the end of a real NVMe/TCP connection
 * @pc: capture
 * @ts_ns: when it closed
 * @host: the host's end, as given to nvmet_pcap_tcp_bytes()
 * @ctrl: the controller's end
 *
 * Written as a FIN from each side; the same endpoints seen again make a
 * new connection.
 *
 * Return: 0, -ENOENT when the capture has no such connection open,
 * -EINVAL or -EAFNOSUPPORT for endpoints as nvmet_pcap_tcp_bytes() says,
 * or a negative errno.
 */
int nvmet_pcap_tcp_end(struct nvmet_pcap *pc, uint64_t ts_ns, const struct sockaddr *host,
		       const struct sockaddr *ctrl);

/**
 * nvmet_pcap_reg_name() - the name of a BAR0 register, as captures and
 * traces give it
 * @buf: where to write, NUL terminated and truncated as snprintf() does
 * @len: size of @buf; NVMET_PCAP_REG_NAME_MAX always suffices
 * @offset: register offset
 * @dstrd: doorbell stride (CAP.DSTRD)
 *
 * "CAP", "CC", "CSTS", "AQA", ... for the controller's registers ("CAP
 * (upper)" for the upper half of a 64-bit one), "SQ 2 Tail Doorbell" and
 * "CQ 0 Head Doorbell" from offset 0x1000, "Reserved" for the rest.
 *
 * Return: the length of the whole name, as snprintf() returns it.
 */
int nvmet_pcap_reg_name(char *buf, size_t len, uint32_t offset, unsigned int dstrd);

#ifdef __cplusplus
}
#endif

#endif /* NVMET_PCAP_H */
