// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pdu.c - NVMe/TCP PDUs (ICReq, ICResp, CapsuleCmd, CapsuleResp) and
 * the Fabrics commands a capture synthesizes: Connect, Property Set and
 * Property Get. Queue entries are serialized little-endian, as on the wire.
 */
#include <string.h>

#include "pdu.h"
#include "support/bytes.h"

#define FABRICS_OPC	0x7f
#define FCTYPE_PROP_SET	0x00
#define FCTYPE_CONNECT	0x01
#define FCTYPE_PROP_GET	0x04
#define SGL_DATA_OFFSET	0x01	/* data block descriptor, in-capsule offset */
#define ICRESP_MAXH2CDATA 0x20000u

static const char subnqn[] = "nqn.2014-08.org.nvmexpress:libnvmet:capture";
static const char hostnqn[] = "nqn.2014-08.org.nvmexpress:libnvmet:host";

static void pdu_header(uint8_t *buf, uint8_t type, uint8_t hlen, uint8_t pdo, uint32_t plen)
{
	buf[0] = type;
	buf[1] = 0;		/* no digests */
	buf[2] = hlen;
	buf[3] = pdo;
	nvmet_put_le32(buf + 4, plen);
}

size_t pcap_pdu_icreq(uint8_t *buf)
{
	memset(buf, 0, PCAP_PDU_IC_LEN);
	pdu_header(buf, PDU_ICREQ, PCAP_PDU_IC_LEN, 0, PCAP_PDU_IC_LEN);
	/* PFV 0, HPDA 0, no digests, MAXR2T 0 (one R2T) */
	return PCAP_PDU_IC_LEN;
}

size_t pcap_pdu_icresp(uint8_t *buf)
{
	memset(buf, 0, PCAP_PDU_IC_LEN);
	pdu_header(buf, PDU_ICRESP, PCAP_PDU_IC_LEN, 0, PCAP_PDU_IC_LEN);
	nvmet_put_le32(buf + 12, ICRESP_MAXH2CDATA);
	return PCAP_PDU_IC_LEN;
}

static void put_sqe(uint8_t *p, const struct nvmet_sqe *sqe)
{
	p[0] = sqe->opc;
	p[1] = sqe->flags;
	nvmet_put_le16(p + 2, sqe->cid);
	nvmet_put_le32(p + 4, sqe->nsid);
	nvmet_put_le32(p + 8, sqe->cdw2);
	nvmet_put_le32(p + 12, sqe->cdw3);
	nvmet_put_le64(p + 16, sqe->mptr);
	nvmet_put_le64(p + 24, sqe->prp1);
	nvmet_put_le64(p + 32, sqe->prp2);
	nvmet_put_le32(p + 40, sqe->cdw10);
	nvmet_put_le32(p + 44, sqe->cdw11);
	nvmet_put_le32(p + 48, sqe->cdw12);
	nvmet_put_le32(p + 52, sqe->cdw13);
	nvmet_put_le32(p + 56, sqe->cdw14);
	nvmet_put_le32(p + 60, sqe->cdw15);
}

size_t pcap_pdu_cmd(uint8_t *buf, const struct nvmet_sqe *sqe, const void *data, size_t dlen)
{
	pdu_header(buf, PDU_CMD, PCAP_PDU_CMD_LEN, dlen ? PCAP_PDU_CMD_LEN : 0,
		   (uint32_t)(PCAP_PDU_CMD_LEN + dlen));
	put_sqe(buf + PDU_HDR_LEN, sqe);
	if (dlen)
		memcpy(buf + PCAP_PDU_CMD_LEN, data, dlen);
	return PCAP_PDU_CMD_LEN + dlen;
}

size_t pcap_pdu_resp(uint8_t *buf, const struct nvmet_cqe *cqe)
{
	uint8_t *p = buf + PDU_HDR_LEN;

	pdu_header(buf, PDU_RESP, PCAP_PDU_RESP_LEN, 0, PCAP_PDU_RESP_LEN);
	nvmet_put_le32(p, cqe->dw0);
	nvmet_put_le32(p + 4, cqe->dw1);
	nvmet_put_le16(p + 8, cqe->sqhd);
	nvmet_put_le16(p + 10, cqe->sqid);
	nvmet_put_le16(p + 12, cqe->cid);
	nvmet_put_le16(p + 14, cqe->status);
	return PCAP_PDU_RESP_LEN;
}

static void sqe_fabrics(struct nvmet_sqe *sqe, uint16_t cid, uint8_t fctype)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = FABRICS_OPC;
	sqe->flags = NVMET_SQE_PSDT_SGL;	/* Fabrics commands use SGLs */
	sqe->cid = cid;
	sqe->nsid = fctype;	/* FCTYPE is byte 4, where NSID starts */
}

void pcap_sqe_connect(struct nvmet_sqe *sqe, uint16_t cid, uint16_t qid)
{
	sqe_fabrics(sqe, cid, FCTYPE_CONNECT);
	/* SGL1: in-capsule data block at offset 0, 1024 bytes */
	sqe->sgl.addr = 0;
	sqe->sgl.len = PCAP_CONNECT_DATA_LEN;
	sqe->sgl.id = SGL_DATA_OFFSET;
	sqe->cdw10 = (uint32_t)qid << 16;	/* RECFMT 0, QID */
	sqe->cdw11 = 0;				/* SQSIZE unknown, CATTR 0 */
}

void pcap_connect_data(uint8_t *data, uint16_t qid)
{
	static const uint8_t hostid[16] = { 0x6e, 0x76, 0x6d, 0x65, 0x74, 0x2d, 0x68, 0x6f,
					    0x73, 0x74, 0x2d, 0x30, 0x30, 0x30, 0x30, 0x31 };

	memset(data, 0, PCAP_CONNECT_DATA_LEN);
	memcpy(data, hostid, sizeof(hostid));
	/* CNTLID: FFFFh (any controller) for the admin queue, else the one connected */
	nvmet_put_le16(data + 16, qid ? 1 : 0xffff);
	memcpy(data + 256, subnqn, sizeof(subnqn));
	memcpy(data + 512, hostnqn, sizeof(hostnqn));
}

void pcap_sqe_property(struct nvmet_sqe *sqe, uint16_t cid, bool set, uint32_t offset,
		       unsigned int width, uint64_t value)
{
	sqe_fabrics(sqe, cid, set ? FCTYPE_PROP_SET : FCTYPE_PROP_GET);
	sqe->flags = 0;
	sqe->cdw10 = width == 8 ? 1 : 0;	/* ATTRIB.SIZE: 0 four bytes, 1 eight */
	sqe->cdw11 = offset;
	if (set) {
		sqe->cdw12 = (uint32_t)value;
		sqe->cdw13 = (uint32_t)(value >> 32);
	}
}
