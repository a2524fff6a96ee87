// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * admin_mi.c - the management commands: Security Send and Receive
 * (security protocol 00h, information about protocols, only) and NVMe-MI
 * Send and Receive tunnelling a small honest subset of NVMe-MI: Read
 * NVMe-MI Data Structure (subsystem information, controller list,
 * controller information) and NVM Subsystem Health Status Poll.
 */
#include <nvmet/prp.h>

#include "admin.h"

/* ---- Security Send / Receive ----------------------------------------- */

#define SECP_INFO		0x00	/* security protocol information */
#define SPSP_PROTOCOLS		0x0000	/* supported security protocol list */
#define SPSP_CERTIFICATES	0x0001	/* certificate data */

uint16_t emu_adm_security_recv(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	const struct nvmet_sqe_security *sec = &cmd->sqe.security;
	uint32_t al = sec->tl;
	uint8_t d[16];
	size_t size;

	if (sec->secp != SECP_INFO)
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	memset(d, 0, sizeof(d));
	switch (sec->spsp1 << 8 | sec->spsp0) {
	case SPSP_PROTOCOLS:
		d[7] = 1;		/* list length, big-endian: one protocol, 00h itself */
		size = 9;
		break;
	case SPSP_CERTIFICATES:
		size = 4;		/* no certificate */
		break;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
	if (al < size)
		size = al;
	return size ? emu_xfer_to_host(emu, &cmd->sqe, d, size) : 0;
}

uint16_t emu_adm_security_send(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	(void)emu;
	(void)cmd;
	return ST_GENERIC(NVMET_SC_INVALID_FIELD);	/* protocol 00h is only received; no other protocol */
}

/* ---- NVMe-MI Send / Receive ------------------------------------------ */

#define MI_MT_NVME_MI		0x04	/* message type: NVMe-MI */
#define MI_OPC_READ_DATA	0x00
#define MI_OPC_HEALTH_POLL	0x01
#define MI_DTYP_SUBSYS		0x00
#define MI_DTYP_CTRL_LIST	0x02
#define MI_DTYP_CTRL_INFO	0x03
#define MI_VERSION_MAJOR	1
#define MI_VERSION_MINOR	2

/* A request for an NVMe-MI command, without integrity check. */
static bool mi_header_ok(const struct nvmet_sqe *sqe)
{
	return sqe->mi.mt == MI_MT_NVME_MI && !sqe->mi.ic && !sqe->mi.ror &&
	       sqe->mi.nmimt == NVMET_NMIMT_MI;
}

static size_t mi_subsys_info(uint8_t *d)
{
	d[0] = 0;		/* ports, 0-based: the PCIe port */
	d[1] = MI_VERSION_MAJOR;
	d[2] = MI_VERSION_MINOR;
	return 32;
}

static size_t mi_ctrl_list(const struct nvmet_emu *emu, uint16_t from, uint8_t *d)
{
	if (from > emu_cntlid(emu))
		return 2;	/* an empty list */
	nvmet_put_le16(d, 1);
	nvmet_put_le16(d + 2, emu_cntlid(emu));
	return 4;
}

static size_t mi_ctrl_info(struct nvmet_emu *emu, uint8_t *d)
{
	emu->fe_ops->pci_ids(emu->fe, d + 8);	/* vendor, device, subsystem IDs */
	return 32;
}

/* Read NVMe-MI Data Structure: the data type in NMD0 bits 31:24. */
static uint16_t mi_read_data(struct nvmet_emu *emu, struct emu_cmd *cmd, uint8_t *d,
			     size_t *size)
{
	uint32_t nmd0 = cmd->sqe.mi.nmd0;
	uint16_t ctrlid = nmd0 & 0xffff;

	switch (nmd0 >> 24) {
	case MI_DTYP_SUBSYS:
		*size = mi_subsys_info(d);
		return 0;
	case MI_DTYP_CTRL_LIST:
		*size = mi_ctrl_list(emu, ctrlid, d);
		return 0;
	case MI_DTYP_CTRL_INFO:
		if (ctrlid != emu_cntlid(emu))
			return ST_GENERIC(NVMET_SC_INVALID_FIELD);
		*size = mi_ctrl_info(emu, d);
		return 0;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
}

#define NSS_P0LA	(1u << 2)	/* port 0 link active */
#define NSS_RNR		(1u << 4)	/* reset not required */
#define NSS_DF		(1u << 5)	/* drive functional */

/* Celsius, as NVMe-MI encodes it: -60..126, 7Fh for 127 and above. */
static uint8_t mi_ctemp(uint16_t kelvin)
{
	int c = (int)kelvin - 273;

	if (c > 126)
		return 0x7f;
	if (c < -60)
		c = -60;
	return (uint8_t)(int8_t)c;
}

/* NVM Subsystem Health Data Structure. */
static size_t mi_health(struct nvmet_emu *emu, uint8_t *d)
{
	uint32_t csts = atomic_load(&emu->csts);
	uint8_t cw;
	uint16_t kelvin;

	pthread_mutex_lock(&emu->lock);
	cw = emu->adm.critical_warning;
	kelvin = emu->adm.temperature;
	pthread_mutex_unlock(&emu->lock);
	d[0] = NSS_P0LA | NSS_RNR | (csts & NVMET_CSTS_CFS ? 0 : NSS_DF);
	d[1] = (uint8_t)(~cw & 0x3f);	/* SMART warnings, a cleared bit is a warning */
	d[2] = mi_ctemp(kelvin);
	d[3] = 0;			/* percentage drive life used */
	nvmet_put_le16(d + 4, (uint16_t)(csts & (NVMET_CSTS_RDY | NVMET_CSTS_CFS)));
	return 8;
}

uint16_t emu_adm_mi_recv(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	uint8_t d[32];
	size_t size = 0;
	uint16_t st;

	if (!mi_header_ok(&cmd->sqe))
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	memset(d, 0, sizeof(d));
	switch (cmd->sqe.mi.opc) {
	case MI_OPC_READ_DATA:
		st = mi_read_data(emu, cmd, d, &size);
		if (st)
			return st;
		/* NVMe Management Response: the response data length. */
		cmd->cqe.dw0 = (uint32_t)size << 8;
		break;
	case MI_OPC_HEALTH_POLL:
		size = mi_health(emu, d);
		break;
	default:
		return ST_GENERIC(NVMET_SC_INVALID_FIELD);
	}
	/* The command has no length: a host that gave no buffer gets the length alone. */
	if (!cmd->sqe.prp1 && !(cmd->sqe.flags & NVMET_SQE_PSDT_MASK))
		return 0;
	return emu_xfer_to_host(emu, &cmd->sqe, d, size);
}

uint16_t emu_adm_mi_send(struct nvmet_emu *emu, struct emu_cmd *cmd)
{
	(void)emu;
	(void)cmd;
	/* The NVMe-MI commands that send data (configuration set, VPD write...): none. */
	return ST_GENERIC(NVMET_SC_INVALID_FIELD);
}
