/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * nvmet/cmd.h - command builders: they zero a submission queue entry and
 * fill its opcode, NSID and command dwords for one admin command of the
 * NVMe base specification 2.0 or one I/O command of the NVM command set.
 *
 * The CID and the data pointer (PRP or SGL) are left zero: the queue that
 * submits the entry assigns the CID, the PRP and SGL builders fill the data
 * pointer. Doorbell Buffer Config is the exception, its two addresses being
 * the command's parameters.
 *
 * Builders never refuse: every field gets what it is given, cut to the
 * field's width (a 3-bit field given 9 holds 1), so that tests can build
 * the malformed commands they mean to send. nvmet_cmd_check() is the
 * separate, optional question of whether an entry is one the
 * specification allows. The builders of the I/O path are inline. Fields
 * the builders do not cover can be set afterwards through the entry's
 * typed views (<nvmet/nvme.h>), or the whole entry built with
 * nvmet_cmd_raw().
 */
#ifndef NVMET_CMD_H
#define NVMET_CMD_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <nvmet/nvme.h>

/**
 * nvmet_cmd_raw() - any command, from its opcode, NSID and dwords 10 to 15
 * @sqe: the entry
 * @opc: opcode, vendor specific and unassigned ones included
 * @nsid: namespace identifier
 * @cdw10_15: command dwords 10 to 15, or NULL for zeros
 */
void nvmet_cmd_raw(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid,
		   const uint32_t cdw10_15[6]);

/**
 * nvmet_cmd_check() - whether an entry is a command the specification allows
 * @sqe: the entry, as built
 * @admin: it goes to the admin queue (else to an I/O queue)
 *
 * Checks what the builders do not: reserved bits and reserved values (a
 * fused admin command, a PSDT of 11b, a Get Features select of 4, a queue
 * of one entry, a Format NVM protection type above 3, ...) and fields a
 * command does not have (Deallocate on a Read). Opcodes it does not know
 * (vendor specific ones among them) pass. The controller may still refuse
 * what it does not support, with a status.
 *
 * Return: 0, or -EINVAL with the reason in nvmet_last_error().
 */
int nvmet_cmd_check(const struct nvmet_sqe *sqe, bool admin);

/* ---- Admin commands ---------------------------------------------------- */

/**
 * struct nvmet_identify_opts - the less used fields of Identify
 * @cntid: controller identifier (CDW10 bits 31:16)
 * @cnssid: CNS specific identifier: NVM set, endurance group or domain
 *	identifier (CDW11 bits 15:0)
 * @csi: command set identifier, an NVMET_CSI_ value (CDW11 bits 31:24)
 * @uuid_index: UUID index, 0..127 (CDW14 bits 6:0)
 */
struct nvmet_identify_opts {
	uint16_t cntid;
	uint16_t cnssid;
	uint8_t csi;
	unsigned int uuid_index;
};

/**
 * nvmet_cmd_identify() - Identify
 * @sqe: the entry
 * @cns: controller or namespace structure, an NVMET_CNS_ value
 * @nsid: namespace identifier (0 when @cns does not use one)
 * @opts: the other fields, or NULL for zeros
 *
 * The data is NVMET_ID_DATA_SIZE bytes from the controller.
 */
void nvmet_cmd_identify(struct nvmet_sqe *sqe, uint8_t cns, uint32_t nsid,
			const struct nvmet_identify_opts *opts);

/**
 * struct nvmet_feat_opts - the less used fields of Get and Set Features
 * @nsid: namespace identifier, for namespace specific features
 * @cdw12: feature specific
 * @cdw13: feature specific
 * @uuid_index: UUID index, 0..127 (CDW14 bits 6:0)
 * @cdw15: feature specific
 */
struct nvmet_feat_opts {
	uint32_t nsid;
	uint32_t cdw12;
	uint32_t cdw13;
	unsigned int uuid_index;
	uint32_t cdw15;
};

/**
 * nvmet_cmd_get_features() - Get Features
 * @sqe: the entry
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @sel: which value: an NVMET_SEL_ value, 0..7 (CDW10 bits 10:8)
 * @cdw11: feature specific
 * @opts: the other fields, or NULL for zeros
 */
void nvmet_cmd_get_features(struct nvmet_sqe *sqe, uint8_t fid, unsigned int sel, uint32_t cdw11,
			    const struct nvmet_feat_opts *opts);

/**
 * nvmet_cmd_set_features() - Set Features
 * @sqe: the entry
 * @fid: feature identifier, an NVMET_FEAT_ value
 * @save: make the value persist across power cycles and resets (SV)
 * @cdw11: feature specific
 * @opts: the other fields, or NULL for zeros
 */
void nvmet_cmd_set_features(struct nvmet_sqe *sqe, uint8_t fid, bool save, uint32_t cdw11,
			    const struct nvmet_feat_opts *opts);

/**
 * struct nvmet_log_opts - the less used fields of Get Log Page
 * @lsp: log specific parameter, 0..127 (CDW10 bits 14:8)
 * @rae: retain asynchronous event (CDW10 bit 15)
 * @lsi: log specific identifier (CDW11 bits 31:16)
 * @offset: log page offset (LPOL, LPOU): in bytes, or an index when @ot
 * @ot: offset type: @offset is an index into a list of data structures
 * @csi: command set identifier (CDW14 bits 31:24)
 * @uuid_index: UUID index, 0..127 (CDW14 bits 6:0)
 */
struct nvmet_log_opts {
	unsigned int lsp;
	bool rae;
	uint16_t lsi;
	uint64_t offset;
	bool ot;
	uint8_t csi;
	unsigned int uuid_index;
};

/**
 * nvmet_cmd_get_log_page() - Get Log Page
 * @sqe: the entry
 * @lid: log page identifier, an NVMET_LOG_ value
 * @nsid: namespace identifier (0xffffffff for all, 0 when not used)
 * @len: bytes to transfer, a multiple of 4 from 4 to 16 GiB: sets NUMDL
 *	and NUMDU to @len / 4 - 1
 * @opts: the other fields, or NULL for zeros
 */
void nvmet_cmd_get_log_page(struct nvmet_sqe *sqe, uint8_t lid, uint32_t nsid, uint64_t len,
			    const struct nvmet_log_opts *opts);

/**
 * nvmet_cmd_create_cq() - Create I/O Completion Queue
 * @sqe: the entry
 * @qid: queue identifier
 * @size: entries, 1..65536 (QSIZE is @size - 1)
 * @flags: NVMET_QUEUE_PC and NVMET_CQ_IEN
 * @iv: interrupt vector
 *
 * PRP1, the queue's address, is for the caller to fill.
 */
void nvmet_cmd_create_cq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, unsigned int flags,
			 uint16_t iv);

/**
 * nvmet_cmd_create_sq() - Create I/O Submission Queue
 * @sqe: the entry
 * @qid: queue identifier
 * @size: entries, 1..65536 (QSIZE is @size - 1)
 * @cqid: the completion queue it posts to
 * @flags: NVMET_QUEUE_PC and NVMET_SQ_QPRIO(an NVMET_QPRIO_ value)
 * @nvmsetid: NVM set identifier (CDW12 bits 15:0)
 *
 * PRP1, the queue's address, is for the caller to fill.
 */
void nvmet_cmd_create_sq(struct nvmet_sqe *sqe, uint16_t qid, uint32_t size, uint16_t cqid,
			 unsigned int flags, uint16_t nvmsetid);

/**
 * nvmet_cmd_delete_sq() - Delete I/O Submission Queue
 * @sqe: the entry
 * @qid: queue identifier
 */
void nvmet_cmd_delete_sq(struct nvmet_sqe *sqe, uint16_t qid);

/**
 * nvmet_cmd_delete_cq() - Delete I/O Completion Queue
 * @sqe: the entry
 * @qid: queue identifier
 */
void nvmet_cmd_delete_cq(struct nvmet_sqe *sqe, uint16_t qid);

/**
 * nvmet_cmd_abort() - Abort
 * @sqe: the entry
 * @sqid: submission queue of the command to abort
 * @cid: its command identifier
 */
void nvmet_cmd_abort(struct nvmet_sqe *sqe, uint16_t sqid, uint16_t cid);

/**
 * nvmet_cmd_async_event() - Asynchronous Event Request
 * @sqe: the entry
 */
void nvmet_cmd_async_event(struct nvmet_sqe *sqe);

/**
 * nvmet_cmd_keep_alive() - Keep Alive
 * @sqe: the entry
 */
void nvmet_cmd_keep_alive(struct nvmet_sqe *sqe);

/**
 * struct nvmet_format_opts - the protection and erase fields of Format NVM
 * @mset: metadata settings: metadata at the end of each LBA (extended LBA)
 *	rather than in a separate buffer
 * @pi: protection information type, 0..7 (0 none, 1..3 types 1 to 3)
 * @pil: protection information in the first bytes of the metadata
 * @ses: secure erase settings, 0..7 (0 none, 1 user data, 2 cryptographic)
 */
struct nvmet_format_opts {
	bool mset;
	unsigned int pi;
	bool pil;
	unsigned int ses;
};

/**
 * nvmet_cmd_format_nvm() - Format NVM
 * @sqe: the entry
 * @nsid: namespace identifier (0xffffffff for all)
 * @lbaf: LBA format index, 0..63: bits 3:0 go to LBAFL, bits 5:4 to LBAFU
 * @opts: protection and secure erase, or NULL for none
 */
void nvmet_cmd_format_nvm(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int lbaf,
			  const struct nvmet_format_opts *opts);

/**
 * struct nvmet_sanitize_opts - the options of Sanitize
 * @ause: allow unrestricted sanitize exit
 * @owpass: overwrite pass count, 0..15 (0 means 16)
 * @oipbp: overwrite invert pattern between passes
 * @ndas: no deallocate after sanitize
 * @ovrpat: overwrite pattern (CDW11)
 */
struct nvmet_sanitize_opts {
	bool ause;
	unsigned int owpass;
	bool oipbp;
	bool ndas;
	uint32_t ovrpat;
};

/**
 * nvmet_cmd_sanitize() - Sanitize
 * @sqe: the entry
 * @sanact: sanitize action, an NVMET_SANACT_ value, 0..7
 * @opts: the options, or NULL for zeros
 */
void nvmet_cmd_sanitize(struct nvmet_sqe *sqe, unsigned int sanact,
			const struct nvmet_sanitize_opts *opts);

/**
 * nvmet_cmd_self_test() - Device Self-test
 * @sqe: the entry
 * @nsid: namespace to test (0 none, 0xffffffff all)
 * @stc: self-test code, an NVMET_STC_ value, 0..15
 */
void nvmet_cmd_self_test(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int stc);

/**
 * nvmet_cmd_fw_download() - Firmware Image Download
 * @sqe: the entry
 * @offset: byte offset of this piece in the image, a multiple of 4 below
 *	16 GiB (OFST is @offset / 4)
 * @len: bytes in this piece, a multiple of 4 from 4 to 16 GiB (NUMD is
 *	@len / 4 - 1)
 */
void nvmet_cmd_fw_download(struct nvmet_sqe *sqe, uint64_t offset, uint64_t len);

/**
 * nvmet_cmd_fw_commit() - Firmware Commit
 * @sqe: the entry
 * @fs: firmware slot, 0..7 (0: the controller chooses)
 * @ca: commit action, an NVMET_FW_CA_ value, 0..7
 * @bpid: boot partition identifier, 0 or 1, for the boot partition actions
 */
void nvmet_cmd_fw_commit(struct nvmet_sqe *sqe, unsigned int fs, unsigned int ca,
			 unsigned int bpid);

/**
 * nvmet_cmd_security_send() - Security Send
 * @sqe: the entry
 * @nsid: namespace identifier, when the protocol uses one
 * @secp: security protocol (SECP)
 * @spsp: SP specific (SPSP1:SPSP0)
 * @nssf: NVMe security specific field
 * @len: transfer length in bytes (TL)
 */
void nvmet_cmd_security_send(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			     uint8_t nssf, uint32_t len);

/**
 * nvmet_cmd_security_recv() - Security Receive
 * @sqe: the entry
 * @nsid: namespace identifier, when the protocol uses one
 * @secp: security protocol (SECP)
 * @spsp: SP specific (SPSP1:SPSP0)
 * @nssf: NVMe security specific field
 * @len: allocation length in bytes (AL)
 */
void nvmet_cmd_security_recv(struct nvmet_sqe *sqe, uint32_t nsid, uint8_t secp, uint16_t spsp,
			     uint8_t nssf, uint32_t len);

/**
 * nvmet_cmd_ns_mgmt() - Namespace Management
 * @sqe: the entry
 * @sel: NVMET_NS_MGMT_CREATE or NVMET_NS_MGMT_DELETE, 0..15
 * @nsid: the namespace to delete (0 for create, 0xffffffff for all)
 * @csi: command set of the namespace to create (CDW11 bits 31:24)
 *
 * Create sends the host software specified fields of an identify namespace
 * structure as data.
 */
void nvmet_cmd_ns_mgmt(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid, uint8_t csi);

/**
 * nvmet_cmd_ns_attach() - Namespace Attachment
 * @sqe: the entry
 * @sel: NVMET_NS_ATTACH_CTRLS or NVMET_NS_DETACH_CTRLS, 0..15
 * @nsid: namespace identifier
 *
 * The data is the controller list.
 */
void nvmet_cmd_ns_attach(struct nvmet_sqe *sqe, unsigned int sel, uint32_t nsid);

/**
 * nvmet_cmd_mi_send() - NVMe-MI Send
 * @sqe: the entry
 * @nmimt: NVMe-MI message type, NVMET_NMIMT_MI or NVMET_NMIMT_PCIE, 0..15
 * @opc: the NVMe-MI command's opcode (CDW11)
 * @nmd0: NVMe-MI message dword 0 (CDW12)
 * @nmd1: NVMe-MI message dword 1 (CDW13)
 *
 * CDW10 is the NVMe-MI message header: message type 4 (NVMe-MI), integrity
 * check off, @nmimt in bits 14:11.
 */
void nvmet_cmd_mi_send(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		       uint32_t nmd1);

/**
 * nvmet_cmd_mi_recv() - NVMe-MI Receive
 * @sqe: the entry
 * @nmimt: NVMe-MI message type, NVMET_NMIMT_MI or NVMET_NMIMT_PCIE, 0..15
 * @opc: the NVMe-MI command's opcode (CDW11)
 * @nmd0: NVMe-MI message dword 0 (CDW12)
 * @nmd1: NVMe-MI message dword 1 (CDW13)
 */
void nvmet_cmd_mi_recv(struct nvmet_sqe *sqe, unsigned int nmimt, uint8_t opc, uint32_t nmd0,
		       uint32_t nmd1);

/**
 * nvmet_cmd_dbbuf_config() - Doorbell Buffer Config
 * @sqe: the entry
 * @shadow_iova: bus address of the shadow doorbell buffer (PRP1)
 * @eventidx_iova: bus address of the EventIdx buffer (PRP2)
 *
 * Both should be memory page aligned; they are not checked, for tests that
 * send them unaligned.
 */
void nvmet_cmd_dbbuf_config(struct nvmet_sqe *sqe, uint64_t shadow_iova, uint64_t eventidx_iova);

/**
 * nvmet_cmd_virt_mgmt() - Virtualization Management
 * @sqe: the entry
 * @act: action, an NVMET_VIRT_ACT_ value, 0..15
 * @rt: resource type, NVMET_VIRT_RT_VQ or NVMET_VIRT_RT_VI, 0..7
 * @cntlid: controller identifier
 * @nr: number of controller resources (CDW11 bits 15:0)
 */
void nvmet_cmd_virt_mgmt(struct nvmet_sqe *sqe, unsigned int act, unsigned int rt,
			 uint16_t cntlid, uint16_t nr);

/**
 * struct nvmet_directive_args - the fields of Directive Send and Receive
 * @nsid: namespace identifier
 * @doper: directive operation
 * @dtype: directive type, an NVMET_DTYPE_ value
 * @dspec: directive specific (CDW11 bits 31:16)
 * @len: bytes to transfer: 0 for none, else a multiple of 4 up to 16 GiB
 *	(NUMD is @len / 4 - 1)
 * @cdw12: directive and operation specific
 * @cdw13: directive and operation specific
 */
struct nvmet_directive_args {
	uint32_t nsid;
	uint8_t doper;
	uint8_t dtype;
	uint16_t dspec;
	uint64_t len;
	uint32_t cdw12;
	uint32_t cdw13;
};

/**
 * nvmet_cmd_directive_send() - Directive Send
 * @sqe: the entry
 * @args: the fields
 */
void nvmet_cmd_directive_send(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args);

/**
 * nvmet_cmd_directive_recv() - Directive Receive
 * @sqe: the entry
 * @args: the fields
 */
void nvmet_cmd_directive_recv(struct nvmet_sqe *sqe, const struct nvmet_directive_args *args);

/**
 * nvmet_cmd_capacity_mgmt() - Capacity Management
 * @sqe: the entry
 * @oper: operation, 0..15 (0 select a configuration, 1 create an endurance
 *	group, 2 delete it, 3 create an NVM set, 4 delete it)
 * @element_id: configuration, endurance group or NVM set identifier
 * @capacity: capacity in allocation units (CAPL, CAPU)
 */
void nvmet_cmd_capacity_mgmt(struct nvmet_sqe *sqe, unsigned int oper, uint16_t element_id,
			     uint64_t capacity);

/**
 * nvmet_cmd_lockdown() - Lockdown (Command and Feature Lockdown)
 * @sqe: the entry
 * @ofi: the opcode or feature identifier to prohibit or allow
 * @scp: scope, 0..15 (0 admin opcode, 2 Set Features FID, 3 NVMe-MI opcode,
 *	4 PCIe command opcode)
 * @ifc: interface, 0..3 (0 admin queue, 1 admin queue and out of band,
 *	2 out of band)
 * @prhbt: prohibit (rather than allow) the command or feature
 * @uuid_index: UUID index, 0..127
 */
void nvmet_cmd_lockdown(struct nvmet_sqe *sqe, uint8_t ofi, unsigned int scp, unsigned int ifc,
			bool prhbt, unsigned int uuid_index);

/**
 * nvmet_cmd_get_lba_status() - Get LBA Status (NVM command set admin command)
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: first LBA to report on
 * @rl: range length in LBAs (0 for no limit)
 * @atype: action type: which potentially unrecoverable LBAs to report,
 *	0x02 tracked ones, 0x10 untracked ones
 * @len: bytes the host accepts, a multiple of 4 from 4 to 16 GiB (MNDW is
 *	@len / 4 - 1)
 */
void nvmet_cmd_get_lba_status(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba, uint16_t rl,
			      uint8_t atype, uint64_t len);

/* ---- NVM command set I/O commands --------------------------------------- */

/**
 * struct nvmet_io_opts - the optional fields of the LBA based I/O commands
 * @fua: force unit access
 * @lr: limited retry
 * @prinfo: protection information action and checks, NVMET_PRINFO_ bits,
 *	0..15
 * @stc: storage tag check
 * @deac: deallocate (Write Zeroes only)
 * @dtype: directive type, 0..15 (Write only)
 * @dspec: directive specific (Write only)
 * @dsm: dataset management hints: access frequency, latency, sequential,
 *	incompressible (Read and Write only)
 * @reftag: initial logical block reference tag, or its expected value
 *	(CDW14; the low 32 bits of a 64-bit guard format's tag)
 * @apptag: logical block application tag, or its expected value
 * @appmask: application tag mask
 * @cdw2: storage tag and the upper reference tag bits of 64-bit guard
 *	formats, as the format lays them out
 * @cdw3: as @cdw2
 *
 * A field the command does not have is encoded all the same (for tests of
 * the controller); nvmet_cmd_check() refuses it.
 */
struct nvmet_io_opts {
	bool fua;
	bool lr;
	unsigned int prinfo;
	bool stc;
	bool deac;
	unsigned int dtype;
	uint16_t dspec;
	uint8_t dsm;
	uint32_t reftag;
	uint16_t apptag;
	uint16_t appmask;
	uint32_t cdw2;
	uint32_t cdw3;
};

/**
 * nvmet_cmd_lba() - an LBA based I/O command by opcode: Read, Write,
 * Compare, Verify, Write Zeroes, Write Uncorrectable, or a vendor command
 * laid out as they are
 * @sqe: the entry
 * @opc: opcode
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB gets the low 16 bits of
 *	@nlb - 1: 0 builds 65536)
 * @opts: the optional fields, or NULL for zeros
 */
static inline void nvmet_cmd_lba(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, uint64_t slba,
				 uint32_t nlb, const struct nvmet_io_opts *opts)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = opc;
	sqe->nsid = nsid;
	sqe->rw.slba = slba;
	sqe->cdw12 = (nlb - 1) & 0xffff;
	if (!opts)
		return;
	sqe->cdw2 = opts->cdw2;
	sqe->cdw3 = opts->cdw3;
	sqe->rw.dtype = opts->dtype & 0xf;
	sqe->rw.stc = opts->stc;
	sqe->rw.deac = opts->deac;
	sqe->rw.prinfo = opts->prinfo & 0xf;
	sqe->rw.fua = opts->fua;
	sqe->rw.lr = opts->lr;
	sqe->rw.dsm = opts->dsm;
	sqe->rw.dspec = opts->dspec;
	sqe->rw.reftag = opts->reftag;
	sqe->rw.apptag = opts->apptag;
	sqe->rw.appmask = opts->appmask;
}

/**
 * nvmet_cmd_read() - Read
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 * @opts: the optional fields, or NULL for zeros (Read has no @deac,
 *	@dtype or @dspec: nvmet_cmd_check() refuses them)
 */
static inline void nvmet_cmd_read(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
				  uint32_t nlb, const struct nvmet_io_opts *opts)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_READ, nsid, slba, nlb, opts);
}

/**
 * nvmet_cmd_write() - Write
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 * @opts: the optional fields, or NULL for zeros (Write has no @deac)
 */
static inline void nvmet_cmd_write(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
				   uint32_t nlb, const struct nvmet_io_opts *opts)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_WRITE, nsid, slba, nlb, opts);
}

/**
 * nvmet_cmd_compare() - Compare
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 * @opts: the optional fields, or NULL for zeros (Compare has no @deac,
 *	@dtype, @dspec or @dsm)
 */
static inline void nvmet_cmd_compare(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
				     uint32_t nlb, const struct nvmet_io_opts *opts)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_COMPARE, nsid, slba, nlb, opts);
}

/**
 * nvmet_cmd_verify() - Verify
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 * @opts: the optional fields, or NULL for zeros (Verify has no @deac,
 *	@dtype, @dspec or @dsm)
 */
static inline void nvmet_cmd_verify(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
				    uint32_t nlb, const struct nvmet_io_opts *opts)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_VERIFY, nsid, slba, nlb, opts);
}

/**
 * nvmet_cmd_write_zeroes() - Write Zeroes
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 * @opts: the optional fields (@deac among them), or NULL for zeros (Write
 *	Zeroes has no @dtype, @dspec or @dsm)
 */
static inline void nvmet_cmd_write_zeroes(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
					  uint32_t nlb, const struct nvmet_io_opts *opts)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_WRITE_ZEROES, nsid, slba, nlb, opts);
}

/**
 * nvmet_cmd_write_uncor() - Write Uncorrectable
 * @sqe: the entry
 * @nsid: namespace identifier
 * @slba: starting LBA
 * @nlb: number of logical blocks, 1..65536 (NLB is @nlb - 1)
 */
static inline void nvmet_cmd_write_uncor(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t slba,
					 uint32_t nlb)
{
	nvmet_cmd_lba(sqe, NVMET_CMD_WRITE_UNCOR, nsid, slba, nlb, NULL);
}

/**
 * nvmet_cmd_flush() - Flush
 * @sqe: the entry
 * @nsid: namespace identifier (0xffffffff for all)
 */
static inline void nvmet_cmd_flush(struct nvmet_sqe *sqe, uint32_t nsid)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = NVMET_CMD_FLUSH;
	sqe->nsid = nsid;
}

/**
 * nvmet_cmd_dsm() - Dataset Management
 * @sqe: the entry
 * @nsid: namespace identifier
 * @nr: number of 16-byte ranges in the data, 1..256 (NR is @nr - 1)
 * @attrs: NVMET_DSM_IDR, NVMET_DSM_IDW and NVMET_DSM_AD
 */
static inline void nvmet_cmd_dsm(struct nvmet_sqe *sqe, uint32_t nsid, uint32_t nr,
				 unsigned int attrs)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = NVMET_CMD_DSM;
	sqe->nsid = nsid;
	sqe->dsm.nr = (uint8_t)(nr - 1);
	sqe->dsm.attrs = attrs;
}

/**
 * nvmet_cmd_fused_compare_write() - the Compare and Write pair of a fused
 * compare-and-write
 * @cmp: the first command, Compare, marked FUSE first
 * @wr: the second command, Write, marked FUSE second
 * @nsid: namespace identifier
 * @slba: starting LBA of both
 * @nlb: number of logical blocks of both, 1..65536
 * @opts: the optional fields, or NULL for zeros: the Write takes them all,
 *	the Compare those it has (not @dtype, @dspec, @dsm)
 *
 * The two must be submitted to the same queue one after the other, with
 * one doorbell write covering both.
 */
static inline void nvmet_cmd_fused_compare_write(struct nvmet_sqe *cmp, struct nvmet_sqe *wr,
						 uint32_t nsid, uint64_t slba, uint32_t nlb,
						 const struct nvmet_io_opts *opts)
{
	nvmet_cmd_write(wr, nsid, slba, nlb, opts);
	nvmet_cmd_compare(cmp, nsid, slba, nlb, opts);
	cmp->rw.dtype = 0;
	cmp->rw.dspec = 0;
	cmp->rw.dsm = 0;
	cmp->flags |= NVMET_SQE_FUSE_FIRST;
	wr->flags |= NVMET_SQE_FUSE_SECOND;
}

/**
 * nvmet_cmd_resv_register() - Reservation Register
 * @sqe: the entry
 * @nsid: namespace identifier
 * @rrega: action, an NVMET_RREGA_ value, 0..7
 * @iekey: ignore the current reservation key
 * @cptpl: change persist through power loss, an NVMET_CPTPL_ value, 0..3
 *
 * The data is 16 bytes: the current and the new reservation key.
 */
void nvmet_cmd_resv_register(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrega,
			     bool iekey, unsigned int cptpl);

/**
 * nvmet_cmd_resv_report() - Reservation Report
 * @sqe: the entry
 * @nsid: namespace identifier
 * @len: bytes to transfer, a multiple of 4 from 4 to 16 GiB (NUMD is
 *	@len / 4 - 1)
 * @eds: extended data structure (128-bit host identifiers)
 */
void nvmet_cmd_resv_report(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t len, bool eds);

/**
 * nvmet_cmd_resv_acquire() - Reservation Acquire
 * @sqe: the entry
 * @nsid: namespace identifier
 * @racqa: action, an NVMET_RACQA_ value, 0..7
 * @iekey: ignore the current reservation key
 * @rtype: reservation type, an NVMET_RTYPE_ value
 *
 * The data is 16 bytes: the current and the preempt reservation key.
 */
void nvmet_cmd_resv_acquire(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int racqa, bool iekey,
			    uint8_t rtype);

/**
 * nvmet_cmd_resv_release() - Reservation Release
 * @sqe: the entry
 * @nsid: namespace identifier
 * @rrela: action, an NVMET_RRELA_ value, 0..7
 * @iekey: ignore the current reservation key
 * @rtype: reservation type, an NVMET_RTYPE_ value
 *
 * The data is 8 bytes: the current reservation key.
 */
void nvmet_cmd_resv_release(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrela, bool iekey,
			    uint8_t rtype);

#endif /* NVMET_CMD_H */
