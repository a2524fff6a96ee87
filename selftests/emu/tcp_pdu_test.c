// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_pdu_test.c - the NVMe/TCP PDU codec (lib/spec/tcp_pdu.h, a hidden
 * interface: this test is built with -Ilib), with no device: CRC32C
 * against the iSCSI test vectors and the table version against the
 * instruction, every encoder's PDU parsed back whole and a byte at a time
 * with digests on and off, and the validator's verdict (fatal error
 * status and the offending field's offset) on each malformed header.
 */
#include <string.h>
#include <time.h>

#include <nvmet/nvme_tcp.h>

#include "spec/tcp_pdu.h"

#include "nvmetest_harness.h"

/* The codec keeps no state between calls: the fixture holds nothing. */
FIXTURE(codec) {
	int unused;
};

FIXTURE_SETUP(codec)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(codec)
{
}

static const struct tcp_params ctrl_plain = {
	.controller = true, .max_h2c = 65536, .max_icdata = 8192, .max_c2h = 65536,
};
static const struct tcp_params ctrl_dgst = {
	.controller = true, .hdgst = true, .ddgst = true,
	.max_h2c = 65536, .max_icdata = 8192, .max_c2h = 65536,
};

TEST_F(codec, crc32c_vectors)
{
	uint8_t b[32];
	unsigned int i;

	EXPECT_EQ(0xe3069283u, nvmet_crc32c(0, "123456789", 9));
	memset(b, 0, sizeof(b));
	EXPECT_EQ(0x8a9136aau, nvmet_crc32c(0, b, sizeof(b)));
	memset(b, 0xff, sizeof(b));
	EXPECT_EQ(0x62a8ab43u, nvmet_crc32c(0, b, sizeof(b)));
	for (i = 0; i < sizeof(b); i++)
		b[i] = (uint8_t)i;
	EXPECT_EQ(0x46dd794eu, nvmet_crc32c(0, b, sizeof(b)));
	/* In pieces: the previous result carries on. */
	EXPECT_EQ(0x46dd794eu, nvmet_crc32c(nvmet_crc32c(0, b, 13), b + 13, sizeof(b) - 13));
}

static uint64_t ns_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Tables and instruction agree at every length and alignment; both timed (logged only). */
TEST_F(codec, crc32c_sw_hw)
{
	static uint8_t buf[4096 + 16];
	unsigned int i, off, len;
	uint64_t t0, t_sw, t_hw;
	uint32_t a = 0, b = 0;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (off = 0; off < 8; off++)
		for (len = 0; len < 100; len++)
			ASSERT_EQ(tcp_crc32c_sw(~0u, buf + off, len), tcp_crc32c_hw(~0u, buf + off, len));
	if (!tcp_crc32c_has_hw())
		SKIP(return, "no SSE4.2 crc32 instruction: the tables alone are used");
	t0 = ns_now();
	for (i = 0; i < 2000; i++)
		a += tcp_crc32c_sw(~0u, buf, 4096);
	t_sw = ns_now() - t0;
	t0 = ns_now();
	for (i = 0; i < 2000; i++)
		b += tcp_crc32c_hw(~0u, buf, 4096);
	t_hw = ns_now() - t0;
	EXPECT_EQ(a, b);
	TH_LOG("4 KiB data digest: slice-by-8 %.2f us, crc32 instruction %.2f us",
	       t_sw / 2000.0 / 1000.0, t_hw / 2000.0 / 1000.0);
}

/* Feed @len bytes in pieces of @step; the number of events of each kind. */
static int feed_all(struct tcp_rx *rx, const struct tcp_params *p, const uint8_t *s, size_t len,
		    size_t step, unsigned int *headers, unsigned int *pdus)
{
	size_t used = 0;

	while (used < len) {
		size_t n = len - used < step ? len - used : step;
		long r = tcp_rx_feed(rx, p, s + used, n);

		if (r < 0)
			return (int)r;
		used += (size_t)r;
		if (rx->event == TCP_RX_HEADER)
			(*headers)++;
		if (rx->event == TCP_RX_PDU) {
			(*pdus)++;
			if (used < len)
				return 1;	/* the caller looks at it first */
		}
	}
	return 0;
}

/* An ICReq, then a CapsuleCmd with 4 KiB in the capsule, whole and a byte at a time. */
static void cmd_roundtrip(struct __test_metadata *_metadata, const struct tcp_params *p,
			  size_t step)
{
	static uint8_t wire[TCP_PDU_PREFIX_MAX + 4096 + 4];
	uint8_t ic[128], data[4096];
	struct nvmet_sqe sqe;
	struct tcp_rx rx;
	unsigned int h = 0, n = 0, i;
	size_t pre, len;
	uint32_t dd;

	ASSERT_EQ(0, tcp_rx_init(&rx, 8192));
	ASSERT_EQ(128u, tcp_pdu_icreq(ic, 0, NVMET_TCP_DIGEST_HDR, 0));
	ASSERT_EQ(0, feed_all(&rx, p, ic, sizeof(ic), step, &h, &n));
	ASSERT_EQ(1u, n);
	EXPECT_EQ(0u, h);
	EXPECT_EQ(NVMET_TCP_ICREQ, rx.hdr[0]);
	EXPECT_TRUE(rx.ic_done);
	tcp_rx_next(&rx);

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i ^ 0x5a);
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = 0x01;
	sqe.cid = 77;
	sqe.nsid = 1;
	pre = tcp_pdu_cmd(wire, p, &sqe, sizeof(data));
	EXPECT_EQ(p->hdgst ? 76u : 72u, pre);
	memcpy(wire + pre, data, sizeof(data));
	len = pre + sizeof(data);
	if (p->ddgst) {
		dd = tcp_ddgst(data, sizeof(data));
		memcpy(wire + len, &dd, 4);
		len += 4;
	}
	EXPECT_EQ(len, ((struct nvmet_tcp_hdr *)wire)->plen);
	h = n = 0;
	ASSERT_EQ(0, feed_all(&rx, p, wire, len, step, &h, &n));
	EXPECT_EQ(1u, h);
	ASSERT_EQ(1u, n);
	EXPECT_EQ((uint32_t)sizeof(data), rx.data_len);
	EXPECT_FALSE(rx.ddgst_bad);
	EXPECT_EQ(0, memcmp(rx.buf, data, sizeof(data)));
	EXPECT_EQ(77u, ((struct nvmet_tcp_cmd *)rx.hdr)->sqe.cid);
	tcp_rx_fini(&rx);
}

TEST_F(codec, cmd_roundtrip_plain)
{
	cmd_roundtrip(_metadata, &ctrl_plain, 1u << 20);
	cmd_roundtrip(_metadata, &ctrl_plain, 1);
}

TEST_F(codec, cmd_roundtrip_digests)
{
	cmd_roundtrip(_metadata, &ctrl_dgst, 1u << 20);
	cmd_roundtrip(_metadata, &ctrl_dgst, 1);
	cmd_roundtrip(_metadata, &ctrl_dgst, 7);
}

/* The host side: ICResp, R2T, C2HData into the caller's buffer (dst), CapsuleResp. */
TEST_F(codec, host_side_pdus)
{
	struct tcp_params p = { .hdgst = true, .ddgst = true, .max_c2h = 1024, .tx_pda = 3 };
	uint8_t wire[TCP_PDU_PREFIX_MAX + 2048], mine[512];
	struct nvmet_cqe cqe = { .cid = 5, .status = 0 };
	struct tcp_rx rx;
	unsigned int h = 0, n = 0;
	size_t pre;
	uint32_t dd;

	ASSERT_EQ(0, tcp_rx_init(&rx, 16));
	pre = tcp_pdu_icresp(wire, 0, 3, 65536);
	ASSERT_EQ(0, feed_all(&rx, &p, wire, pre, 1000, &h, &n));
	ASSERT_EQ(1u, n);
	tcp_rx_next(&rx);

	pre = tcp_pdu_r2t(wire, &p, 5, 9, 0, 8192);
	EXPECT_EQ(28u, pre);
	n = 0;
	ASSERT_EQ(0, feed_all(&rx, &p, wire, pre, 3, &h, &n));
	ASSERT_EQ(1u, n);
	EXPECT_EQ(8192u, ((struct nvmet_tcp_r2t *)rx.hdr)->length);
	tcp_rx_next(&rx);

	/* tx_pda 3 (16-byte alignment): the data starts at 32, after padding. */
	memset(wire, 0, sizeof(wire));
	pre = tcp_pdu_data(wire, &p, NVMET_TCP_C2H_DATA, NVMET_TCP_F_DATA_LAST, 5, 0, 0, 512);
	EXPECT_EQ(32u, pre);
	memset(wire + pre, 0xab, 512);
	dd = tcp_ddgst(wire + pre, 512);
	memcpy(wire + pre + 512, &dd, 4);
	ASSERT_EQ(pre + 516, ((struct nvmet_tcp_hdr *)wire)->plen);
	/* The receiver's PDA must allow that offset: the host asked for 16 bytes. */
	p.rx_pda = 3;
	/* The parser stops at the end of the header (and digest), before the padding. */
	ASSERT_EQ(28, tcp_rx_feed(&rx, &p, wire, pre));
	ASSERT_EQ((int)TCP_RX_HEADER, (int)rx.event);
	rx.dst = mine;	/* 512 bytes: more than the parser's own 16 */
	n = 0;
	ASSERT_EQ(0, feed_all(&rx, &p, wire + 28, pre - 28 + 516, 100, &h, &n));
	ASSERT_EQ(1u, n);
	EXPECT_FALSE(rx.ddgst_bad);
	EXPECT_EQ(0xabu, mine[0]);
	EXPECT_EQ(0xabu, mine[511]);
	tcp_rx_next(&rx);

	pre = tcp_pdu_rsp(wire, &p, &cqe);
	EXPECT_EQ(28u, pre);
	n = 0;
	ASSERT_EQ(0, feed_all(&rx, &p, wire, pre, 1, &h, &n));
	ASSERT_EQ(1u, n);
	EXPECT_EQ(5u, ((struct nvmet_tcp_rsp *)rx.hdr)->cqe.cid);
	tcp_rx_fini(&rx);
}

/* Feed one PDU to a controller past initialization: the error it gets. */
static int bad_pdu(const struct tcp_params *p, const void *pdu, size_t len, struct tcp_pdu_err *err)
{
	struct tcp_rx rx;
	long r = 0;
	size_t used = 0;

	if (tcp_rx_init(&rx, 4096))
		return -12;
	rx.ic_done = true;
	while (used < len) {
		r = tcp_rx_feed(&rx, p, (const uint8_t *)pdu + used, len - used);
		if (r < 0)
			break;
		used += (size_t)r;
		if (rx.event == TCP_RX_PDU)
			break;
	}
	*err = rx.err;
	tcp_rx_fini(&rx);
	if (r < 0)
		return (int)r;
	return rx.ddgst_bad ? 1 : 0;
}

static void expect_fatal(struct __test_metadata *_metadata, const struct tcp_params *p,
			 const void *pdu, size_t len, uint16_t fes, uint32_t fei)
{
	struct tcp_pdu_err e = { 0, 0 };

	EXPECT_EQ(-EPROTO, bad_pdu(p, pdu, len, &e));
	EXPECT_EQ(fes, e.fes);
	EXPECT_EQ(fei, e.fei);
}

#define EXPECT_FATAL(p, pdu, len, fes, fei) expect_fatal(_metadata, p, pdu, len, fes, fei)

TEST_F(codec, validator)
{
	uint8_t w[TCP_PDU_PREFIX_MAX + 8192 + 16];
	struct nvmet_tcp_hdr *h = (void *)w;
	struct nvmet_sqe sqe = { .opc = 1 };
	struct tcp_pdu_err e;
	size_t pre;
	uint32_t crc;

	/* Unknown type; a type the controller sends; ICReq again. */
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 0);
	h->type = 0x08;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 0);
	h->type = NVMET_TCP_RSP;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 0);
	pre = tcp_pdu_icreq(w, 0, 0, 0);
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_SEQUENCE, 0);

	/* HLEN not the type's. */
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 0);
	h->hlen = 24;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 2);
	/* A header digest not negotiated; none where one was. */
	pre = tcp_pdu_cmd(w, &ctrl_dgst, &sqe, 0);
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 1);
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 0);
	EXPECT_FATAL(&ctrl_dgst, w, pre, NVMET_TCP_FES_INVALID_HDR, 1);
	/* PDO without data room; PLEN not the header's. */
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 0);
	h->pdo = 72;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 4);
	h->pdo = 8;
	h->plen = 200;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 3);
	h->pdo = 0;
	h->plen = 73;
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_INVALID_HDR, 4);
	/* In-capsule data beyond what the queue takes. */
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 8193);
	EXPECT_FATAL(&ctrl_plain, w, pre + 8193, NVMET_TCP_FES_DATA_LIMIT, 4);
	/* H2CData whose DATAL disagrees with PLEN; beyond MAXH2CDATA. */
	pre = tcp_pdu_data(w, &ctrl_plain, NVMET_TCP_H2C_DATA, 0, 1, 1, 0, 512);
	((struct nvmet_tcp_data *)w)->length = 511;
	EXPECT_FATAL(&ctrl_plain, w, pre + 512, NVMET_TCP_FES_INVALID_HDR, 16);
	pre = tcp_pdu_data(w, &ctrl_plain, NVMET_TCP_H2C_DATA, 0, 1, 1, 0, 65540);
	EXPECT_FATAL(&ctrl_plain, w, pre, NVMET_TCP_FES_DATA_LIMIT, 4);
	/* C2H only flags on an H2C PDU. */
	pre = tcp_pdu_data(w, &ctrl_plain, NVMET_TCP_H2C_DATA, NVMET_TCP_F_DATA_SUCCESS, 1, 1,
			   0, 4);
	EXPECT_FATAL(&ctrl_plain, w, pre + 4, NVMET_TCP_FES_INVALID_HDR, 1);
	/* Header digest wrong: FEI is the digest received. */
	pre = tcp_pdu_cmd(w, &ctrl_dgst, &sqe, 0);
	memcpy(&crc, w + 72, 4);
	crc ^= 1;
	memcpy(w + 72, &crc, 4);
	EXPECT_FATAL(&ctrl_dgst, w, pre, NVMET_TCP_FES_HDGST, crc);
	/* Data digest wrong: not fatal to the parser, reported. */
	pre = tcp_pdu_cmd(w, &ctrl_dgst, &sqe, 16);
	memset(w + pre, 1, 16);
	memset(w + pre + 16, 0, 4);
	EXPECT_EQ(1, bad_pdu(&ctrl_dgst, w, pre + 20, &e));
}

/* The data of a PDU beyond the parser's buffer, when the caller points it nowhere else. */
TEST_F(codec, parser_bounded)
{
	uint8_t w[TCP_PDU_PREFIX_MAX + 2048];
	struct nvmet_sqe sqe = { .opc = 1 };
	struct tcp_rx rx;
	size_t pre;

	ASSERT_EQ(0, tcp_rx_init(&rx, 1024));
	rx.ic_done = true;
	pre = tcp_pdu_cmd(w, &ctrl_plain, &sqe, 2048);
	memset(w + pre, 0, 2048);
	EXPECT_EQ((long)pre, tcp_rx_feed(&rx, &ctrl_plain, w, pre + 2048));
	EXPECT_EQ((int)TCP_RX_HEADER, (int)rx.event);
	EXPECT_EQ(-EPROTO, tcp_rx_feed(&rx, &ctrl_plain, w + pre, 2048));
	EXPECT_EQ(NVMET_TCP_FES_DATA_LIMIT, rx.err.fes);
	tcp_rx_fini(&rx);
}

TEST_F(codec, icreq_fields)
{
	struct tcp_params p = ctrl_plain;
	struct nvmet_tcp_icreq ic;
	struct tcp_rx rx;

	tcp_pdu_icreq(&ic, 0, 0, 0);
	ic.pfv = 1;
	ASSERT_EQ(0, tcp_rx_init(&rx, 64));
	EXPECT_EQ(-EPROTO, tcp_rx_feed(&rx, &p, &ic, sizeof(ic)));
	EXPECT_EQ(NVMET_TCP_FES_UNSUPPORTED, rx.err.fes);
	EXPECT_EQ(8u, rx.err.fei);
	tcp_rx_next(&rx);
	tcp_pdu_icreq(&ic, 32, 0, 0);
	EXPECT_EQ(-EPROTO, tcp_rx_feed(&rx, &p, &ic, sizeof(ic)));
	EXPECT_EQ(10u, rx.err.fei);
	tcp_rx_next(&rx);
	/* A CapsuleCmd before the ICReq. */
	{
		uint8_t w[80];
		struct nvmet_sqe sqe = { .opc = 6 };
		size_t pre = tcp_pdu_cmd(w, &p, &sqe, 0);

		EXPECT_EQ(-EPROTO, tcp_rx_feed(&rx, &p, w, pre));
		EXPECT_EQ(NVMET_TCP_FES_SEQUENCE, rx.err.fes);
	}
	tcp_rx_fini(&rx);
}

TEST_F(codec, term_and_fabrics)
{
	uint8_t w[TCP_PDU_PREFIX_MAX], bad[300];
	struct nvmet_tcp_term *t = (void *)w;
	struct nvmet_fabrics_cmd *f;
	struct nvmet_sqe sqe;

	memset(bad, 0xee, sizeof(bad));
	EXPECT_EQ(24u + 128, tcp_pdu_term(w, NVMET_TCP_C2H_TERM, NVMET_TCP_FES_HDGST,
					  0x1234, bad, sizeof(bad)));
	EXPECT_EQ(24u + 128, t->hdr.plen);
	EXPECT_EQ(NVMET_TCP_FES_HDGST, t->fes);
	EXPECT_EQ(0x1234u, t->fei);
	EXPECT_EQ(0xeeu, w[24 + 127]);

	tcp_cmd_connect(&sqe, 3, 2, 128, 15000);
	f = (struct nvmet_fabrics_cmd *)&sqe;
	EXPECT_EQ(NVMET_FABRICS_OPC, sqe.opc);
	EXPECT_EQ((uint32_t)NVMET_FCTYPE_CONNECT, sqe.nsid & 0xffu);
	EXPECT_EQ(2u << 16, sqe.cdw10);		/* RECFMT 0, QID 2 */
	EXPECT_EQ(127u, sqe.cdw11 & 0xffff);	/* SQSIZE, 0-based */
	EXPECT_EQ(15000u, sqe.cdw12);		/* KATO */
	EXPECT_EQ(1024u, f->sgl.len);
	EXPECT_EQ(NVMET_SGL_INCAPSULE, f->sgl.id);
	tcp_cmd_property(&sqe, 4, true, NVMET_REG_CC, 4, 0x460001);
	EXPECT_EQ((uint32_t)NVMET_FCTYPE_PROP_SET, sqe.nsid & 0xffu);
	EXPECT_EQ(0u, sqe.cdw10);
	EXPECT_EQ((uint32_t)NVMET_REG_CC, sqe.cdw11);
	EXPECT_EQ(0x460001u, sqe.cdw12);
	tcp_cmd_property(&sqe, 4, false, NVMET_REG_CAP, 8, 0);
	EXPECT_EQ((uint32_t)NVMET_PROP_SIZE_8, sqe.cdw10);
	EXPECT_EQ(0u, sqe.cdw12);
}

TEST_HARNESS_MAIN
