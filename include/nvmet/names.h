/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/names.h - names of opcodes and status codes, and one-line
 * descriptions of commands and completion statuses for logs.
 *
 * Names are upper case, as in the specification's tables ("GET LOG PAGE",
 * "INVALID FIELD"). Every function returns a name for any input; the
 * returned strings are static.
 */
#ifndef NVMET_NAMES_H
#define NVMET_NAMES_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

/* Buffer sizes that always hold the whole output of the _snprint() functions. */
#define NVMET_STATUS_STR_MAX	80
#define NVMET_CMD_STR_MAX	128
#define NVMET_CMDLOG_STR_MAX	256

struct nvmetest_cmdlog_entry;

/**
 * nvmet_admin_opcode_name() - the name of an admin opcode
 * @opc: opcode
 *
 * Return: the name of every admin command of the NVMe base specification
 * 2.0 (and Get LBA Status of the NVM command set), "VENDOR SPECIFIC" for
 * 0xc0..0xff, "UNKNOWN" for the rest.
 */
const char *nvmet_admin_opcode_name(uint8_t opc);

/**
 * nvmet_io_opcode_name() - the name of an NVM command set I/O opcode
 * @opc: opcode
 *
 * Return: the name of every I/O command of the NVM command set,
 * "VENDOR SPECIFIC" for 0x80..0xff, "UNKNOWN" for the rest.
 */
const char *nvmet_io_opcode_name(uint8_t opc);

/**
 * nvmet_status_name() - the name of a completion status
 * @sct: status code type, NVMET_CQE_SCT()
 * @sc: status code, NVMET_CQE_SC()
 *
 * Covers the generic, command specific, media and data integrity and path
 * related status codes of the base specification 2.0 and the NVM command
 * set's.
 *
 * Return: the name; "VENDOR SPECIFIC" for type 7 and for codes 0xc0..0xff;
 * "RESERVED" for a code or type the specification reserves; "UNKNOWN" for
 * an unnamed code in the range kept for I/O command sets (0x80..0xbf), or
 * arguments out of range (@sct above 7, @sc above 0xff).
 */
const char *nvmet_status_name(unsigned int sct, unsigned int sc);

/**
 * nvmet_status_snprint() - describe a completion status
 * @buf: where to write, NUL terminated and truncated as snprintf() does
 * @len: size of @buf
 * @status: the 16-bit status half-word of a completion (phase tag in bit 0)
 *
 * The form is "NAME (sct/sc)" in hex, followed by " DNR", " MORE" and
 * " CRD:n" when those are set: "INVALID OPCODE (00/01) DNR".
 * NVMET_STATUS_STR_MAX bytes always suffice.
 *
 * Return: the length of the whole description, as snprintf() returns it.
 */
int nvmet_status_snprint(char *buf, size_t len, uint16_t status);

/**
 * nvmet_cmd_snprint() - describe a submission queue entry on one line
 * @buf: where to write, NUL terminated and truncated as snprintf() does
 * @len: size of @buf
 * @sqe: the entry
 * @sqid: the queue it is for: 0 for the admin queue, else an I/O queue of
 *	the NVM command set, which decides how the opcode is read
 *
 * Admin commands read "IDENTIFY (06) sqid:0 cid:3 nsid:0 cdw10:00000001
 * cdw11:00000000", NSID in hex. I/O commands that address LBAs read "READ
 * sqid:1 cid:7 nsid:1 lba:2048 len:8" with the starting LBA and the
 * one-based block count in decimal; Flush reads "FLUSH sqid:1 cid:7
 * nsid:1", Dataset Management adds "nr:N" (one-based), and the others take
 * the admin form. A fused command ends in " fuse:first" or " fuse:second".
 * NVMET_CMD_STR_MAX bytes always suffice.
 *
 * Return: the length of the whole description, as snprintf() returns it.
 */
int nvmet_cmd_snprint(char *buf, size_t len, const struct nvmet_sqe *sqe, uint16_t sqid);

/**
 * nvmet_cmdlog_entry_snprint() - describe a command log entry on one line
 * @buf: where to write, NUL terminated and truncated as snprintf() does
 * @len: size of @buf
 * @e: an entry of a command log: the module's admin log
 *	(nvmet_kdev_cmdlog()) or any queue's over netlink (nvmet_nl_cmdlog())
 * @sqid: the queue it belongs to, as for nvmet_cmd_snprint()
 *
 * The command as nvmet_cmd_snprint() gives it, " -> ", then its end: the
 * completion's status as nvmet_status_snprint() gives it, or "TIMED OUT",
 * "ABORTED", or "PENDING" while in flight; then, once it ended, its
 * latency: "READ sqid:1 cid:7 nsid:1 lba:2048 len:8 -> SUCCESS (00/00)
 * lat:81.2us". NVMET_CMDLOG_STR_MAX bytes always suffice.
 *
 * Return: the length of the whole description, as snprintf() returns it.
 */
int nvmet_cmdlog_entry_snprint(char *buf, size_t len, const struct nvmetest_cmdlog_entry *e,
			       uint16_t sqid);

#endif /* NVMET_NAMES_H */
