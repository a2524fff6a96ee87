/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * pdu.h - NVMe/TCP PDUs as the captures write them: the layouts (types,
 * header and PDU lengths) and their encoding, with the Fabrics commands
 * a capture synthesizes (Connect, Property Get and Set). The one place that
 * knows the PDU layouts: the NVMe/TCP target and host transports to come
 * take this codec over (to lib/spec or lib/transport/tcp) rather than
 * writing it again.
 */
#ifndef NVMET_TRACE_PDU_H
#define NVMET_TRACE_PDU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#include "support/compiler.h"

/* PDU types (byte 0 of the common header). */
#define PDU_ICREQ		0x00
#define PDU_ICRESP		0x01
#define PDU_CMD			0x04
#define PDU_RESP		0x05

/* Lengths: the common header, and the whole of each PDU the captures write. */
#define PDU_HDR_LEN		8
#define PCAP_PDU_IC_LEN		128
#define PCAP_PDU_CMD_LEN	(PDU_HDR_LEN + 64)
#define PCAP_PDU_RESP_LEN	(PDU_HDR_LEN + 16)
#define PCAP_CONNECT_DATA_LEN	1024

/* Each returns the PDU's length. */
NVMET_HIDDEN size_t pcap_pdu_icreq(uint8_t *buf);
NVMET_HIDDEN size_t pcap_pdu_icresp(uint8_t *buf);
/* A CapsuleCmd with @sqe, and @data in the capsule when @dlen is not 0. */
NVMET_HIDDEN size_t pcap_pdu_cmd(uint8_t *buf, const struct nvmet_sqe *sqe, const void *data,
				size_t dlen);
NVMET_HIDDEN size_t pcap_pdu_resp(uint8_t *buf, const struct nvmet_cqe *cqe);
/* Fabrics commands: Connect (with its 1024 bytes of data), Property Set and Get. */
NVMET_HIDDEN void pcap_sqe_connect(struct nvmet_sqe *sqe, uint16_t cid, uint16_t qid);
NVMET_HIDDEN void pcap_connect_data(uint8_t *data, uint16_t qid);
NVMET_HIDDEN void pcap_sqe_property(struct nvmet_sqe *sqe, uint16_t cid, bool set,
				   uint32_t offset, unsigned int width, uint64_t value);

#endif /* NVMET_TRACE_PDU_H */
