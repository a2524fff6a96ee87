// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_block.c - pcapng blocks: the section header, the two interfaces
 * (Ethernet, and Wireshark's exported PDUs for text records) and enhanced
 * packet blocks with a comment. Blocks are in host byte order, as pcapng
 * allows.
 */
#include <errno.h>
#include <string.h>

#include "pcap_priv.h"

#define BT_SHB		0x0a0d0d0au
#define BT_IDB		0x00000001u
#define BT_EPB		0x00000006u
#define BYTE_ORDER_MAGIC 0x1a2b3c4du

#define OPT_END		0
#define OPT_COMMENT	1
#define OPT_SHB_USERAPPL 4
#define OPT_IF_NAME	2
#define OPT_IF_DESCRIPTION 3
#define OPT_IF_TSRESOL	9

/* Everything of a block but an enhanced packet block's packet, which is written from the caller's. */
#define BLOCK_MAX	1024

struct block {
	uint8_t b[BLOCK_MAX];
	size_t len;
};

static size_t pad4(size_t n)
{
	return (n + 3) & ~(size_t)3;
}

static void put_u16(struct block *bl, uint16_t v)
{
	memcpy(bl->b + bl->len, &v, sizeof(v));
	bl->len += sizeof(v);
}

static void put_u32(struct block *bl, uint32_t v)
{
	memcpy(bl->b + bl->len, &v, sizeof(v));
	bl->len += sizeof(v);
}

static void put_bytes(struct block *bl, const void *p, size_t n)
{
	memcpy(bl->b + bl->len, p, n);
	memset(bl->b + bl->len + n, 0, pad4(n) - n);
	bl->len += pad4(n);
}

static void put_opt(struct block *bl, uint16_t code, const void *val, size_t n)
{
	put_u16(bl, code);
	put_u16(bl, (uint16_t)n);
	put_bytes(bl, val, n);
}

static void put_opt_str(struct block *bl, uint16_t code, const char *s)
{
	size_t n = strnlen(s, PCAP_COMMENT_MAX - 1);

	if (n)
		put_opt(bl, code, s, n);
}

static void block_begin(struct block *bl, uint32_t type)
{
	bl->len = 0;
	put_u32(bl, type);
	put_u32(bl, 0);		/* total length, set by block_end() */
}

static int block_end(struct nvmet_pcap *pc, struct block *bl)
{
	uint32_t total;

	put_u32(bl, 0);
	total = (uint32_t)bl->len;
	memcpy(bl->b + 4, &total, sizeof(total));
	memcpy(bl->b + bl->len - 4, &total, sizeof(total));
	if (pc->err)
		return pc->err;
	if (fwrite(bl->b, 1, bl->len, pc->f) != bl->len)
		pc->err = -EIO;
	return pc->err;
}

static void put_opt_end(struct block *bl)
{
	put_u16(bl, OPT_END);
	put_u16(bl, 0);
}

static int write_shb(struct nvmet_pcap *pc, struct block *bl)
{
	block_begin(bl, BT_SHB);
	put_u32(bl, BYTE_ORDER_MAGIC);
	put_u16(bl, 1);
	put_u16(bl, 0);
	put_u32(bl, 0xffffffffu);	/* section length: unknown */
	put_u32(bl, 0xffffffffu);
	put_opt_str(bl, OPT_SHB_USERAPPL, "libnvmet");
	put_opt_end(bl);
	return block_end(pc, bl);
}

static int write_idb(struct nvmet_pcap *pc, struct block *bl, uint16_t linktype,
		     const char *name, const char *desc)
{
	uint8_t tsresol = 9;	/* nanoseconds */

	block_begin(bl, BT_IDB);
	put_u16(bl, linktype);
	put_u16(bl, 0);
	put_u32(bl, 0);		/* no snapshot length limit */
	put_opt_str(bl, OPT_IF_NAME, name);
	put_opt_str(bl, OPT_IF_DESCRIPTION, desc);
	put_opt(bl, OPT_IF_TSRESOL, &tsresol, 1);
	put_opt_end(bl);
	return block_end(pc, bl);
}

int pcap_write_header(struct nvmet_pcap *pc)
{
	struct block bl;

	if (write_shb(pc, &bl))
		return pc->err;
	if (write_idb(pc, &bl, PCAP_LINKTYPE_ETHERNET, "nvme",
		      "NVMe/TCP: connections as sent and received, or NVMe commands and "
		      "completions as capsules and register accesses as Fabrics Property "
		      "Get/Set (synthesized by libnvmet)"))
		return pc->err;
	return write_idb(pc, &bl, PCAP_LINKTYPE_UPPER_PDU, "nvme-text",
			 "MSI-X messages and configuration space accesses, one line of text each");
}

int pcap_write_packet(struct nvmet_pcap *pc, uint32_t ifid, uint64_t ts_ns, const void *hdr,
		      size_t hlen, const void *data, size_t dlen, const char *comment)
{
	static const uint8_t zero[4];
	size_t len = hlen + dlen;
	struct block head, tail;
	uint32_t total;

	if (len > PCAP_FRAME_MAX)
		return -EMSGSIZE;
	block_begin(&head, BT_EPB);
	put_u32(&head, ifid);
	put_u32(&head, (uint32_t)(ts_ns >> 32));
	put_u32(&head, (uint32_t)ts_ns);
	put_u32(&head, (uint32_t)len);
	put_u32(&head, (uint32_t)len);
	tail.len = 0;
	if (comment && *comment) {
		put_opt_str(&tail, OPT_COMMENT, comment);
		put_opt_end(&tail);
	}
	put_u32(&tail, 0);
	total = (uint32_t)(head.len + pad4(len) + tail.len);
	memcpy(head.b + 4, &total, sizeof(total));
	memcpy(tail.b + tail.len - 4, &total, sizeof(total));
	if (pc->err)
		return pc->err;
	/* The packet goes from where it is: a frame may be 64 KiB of a PDU's data. */
	if (fwrite(head.b, 1, head.len, pc->f) != head.len ||
	    (hlen && fwrite(hdr, 1, hlen, pc->f) != hlen) ||
	    (dlen && fwrite(data, 1, dlen, pc->f) != dlen) ||
	    fwrite(zero, 1, pad4(len) - len, pc->f) != pad4(len) - len ||
	    fwrite(tail.b, 1, tail.len, pc->f) != tail.len)
		pc->err = -EIO;
	return pc->err;
}

/* Exported PDU tags: big-endian tag and length, values padded to four bytes. */
#define EXP_PDU_END		0
#define EXP_PDU_DISSECTOR	12
#define EXP_PDU_COL_PROTOCOL	33
#define EXP_PDU_COL_INFO	36	/* newer Wireshark; 4.0 shows it as an unknown tag */

static size_t exp_pdu_tag(uint8_t *p, uint16_t tag, const char *val)
{
	size_t len = val ? strnlen(val, PCAP_COMMENT_MAX - 1) : 0;
	size_t n = val ? pad4(len + 1) : 0;

	p[0] = (uint8_t)(tag >> 8);
	p[1] = (uint8_t)tag;
	p[2] = (uint8_t)(n >> 8);
	p[3] = (uint8_t)n;
	memset(p + 4, 0, n);
	if (len)
		memcpy(p + 4, val, len);
	return 4 + n;
}

int pcap_write_text(struct nvmet_pcap *pc, uint64_t ts_ns, const char *line)
{
	uint8_t rec[2 * PCAP_COMMENT_MAX + 64];
	size_t len, n = strnlen(line, PCAP_COMMENT_MAX - 1);

	len = exp_pdu_tag(rec, EXP_PDU_DISSECTOR, "data-text-lines");
	len += exp_pdu_tag(rec + len, EXP_PDU_COL_PROTOCOL, "NVMe-PCIe");
	len += exp_pdu_tag(rec + len, EXP_PDU_COL_INFO, line);
	len += exp_pdu_tag(rec + len, EXP_PDU_END, NULL);
	memcpy(rec + len, line, n);
	rec[len + n] = '\n';
	return pcap_write_packet(pc, PCAP_IF_TEXT, ts_ns, rec, len + n + 1, NULL, 0, line);
}
