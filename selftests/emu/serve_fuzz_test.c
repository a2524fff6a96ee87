// SPDX-License-Identifier: GPL-2.0
/*
 * serve_fuzz_test.c - `nvmet serve` against hostile bytes: valid sessions
 * (initialization with random digests, Connect of the admin or an I/O
 * queue, properties, Identify, Keep Alive, writes in the capsule and by
 * H2CData, reads) mutated (bytes flipped, cut short, bytes inserted), and
 * plain random bytes, each on a connection of its own written in random
 * pieces. Every case must end with the target closing the connection
 * (after a TermReq or not) once the test stops writing, never with a hang;
 * the target must still serve a clean session afterwards; under
 * ASan+UBSan (make check runs this build too) any memory error or leak
 * fails the run. Bounded: at most FUZZ_CASES cases or FUZZ_MS of them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <nvmet/nvmet.h>
#include <nvmet/serve.h>

#include "nvmetest_harness.h"
#include "st_tcp.h"

#define NQN		"nqn.2014-08.org.nvmexpress:st-fuzz"
#define FUZZ_CASES	600
#define FUZZ_MS		4000
#define STREAM_MAX	(64 << 10)

FIXTURE(fuzz) {
	struct nvmet_serve *s;
	int port;
	struct st_tcp adm;
	uint16_t cntlid;
	uint64_t rng;
};

static uint32_t rnd(FIXTURE_DATA(fuzz) *self)
{
	/* xorshift64*: reproducible from the seed the test logs. */
	self->rng ^= self->rng >> 12;
	self->rng ^= self->rng << 25;
	self->rng ^= self->rng >> 27;
	return (uint32_t)((self->rng * 0x2545f4914f6cdd1dull) >> 32);
}

static uint64_t ms_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

FIXTURE_SETUP(fuzz)
{
	struct nvmet_serve_opts o = {
		.emu = "emu:ns=1,size=16M,queues=2", .listen = "127.0.0.1:0", .nqn = NQN,
		.stall_ms = 500,
	};
	const char *seed = getenv("NVMET_FUZZ_SEED");

	ASSERT_EQ(0, nvmet_serve_create(&o, &self->s)) TH_LOG("%s", nvmet_last_error());
	self->port = nvmet_serve_port(self->s);
	ASSERT_EQ(0, nvmet_serve_start(self->s));
	self->rng = seed ? strtoull(seed, NULL, 0) : (uint64_t)time(NULL);
	if (!self->rng)
		self->rng = 1;
	TH_LOG("seed %llu (NVMET_FUZZ_SEED)", (unsigned long long)self->rng);
	/* An association for the I/O queue sessions to join. */
	ASSERT_EQ(0, st_tcp_admin_up(&self->adm, self->port, NQN, false, 0, &self->cntlid));
}

FIXTURE_TEARDOWN(fuzz)
{
	st_tcp_close(&self->adm);
	nvmet_serve_destroy(self->s);
}

/* A valid session's bytes; returns their length. */
static size_t session(FIXTURE_DATA(fuzz) *self, uint8_t *buf, size_t cap)
{
	struct st_tcp t = { .fd = -1 };
	struct nvmet_connect_data cd;
	struct nvmet_tcp_icreq ic;
	struct nvmet_tcp_data d;
	struct nvmet_sqe sqe;
	static uint8_t data[4096];
	bool io = rnd(self) & 1;
	size_t len = 0;
	unsigned int i, n = rnd(self) % 6;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)rnd(self);
	memset(&ic, 0, sizeof(ic));
	ic.digest = rnd(self) & 3;
	len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_ICREQ, 0, (uint8_t *)&ic + 8,
				sizeof(ic), NULL, 0);
	t.hdgst = ic.digest & NVMET_TCP_DIGEST_HDR;
	t.ddgst = ic.digest & NVMET_TCP_DIGEST_DATA;
	st_tcp_sqe_connect(&sqe, &cd, io ? 1 : 0, io ? 16 : 8, rnd(self) % 2000,
			   io ? self->cntlid : NVMET_CNTLID_DYNAMIC,
			   rnd(self) % 4 ? NQN : NVMET_DISC_NQN);
	sqe.flags = NVMET_SQE_PSDT_SGL;
	sqe.sgl.len = sizeof(cd);
	sqe.sgl.id = NVMET_SGL_INCAPSULE;
	len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_CMD, 0, &sqe, 72, &cd,
				sizeof(cd));
	if (!io) {
		st_tcp_sqe_prop(&sqe, true, NVMET_REG_CC, 4, NVMET_CC_EN | NVMET_CC_IOSQES(6) |
				NVMET_CC_IOCQES(4));
		len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_CMD, 0, &sqe, 72,
					NULL, 0);
	}
	for (i = 0; i < n; i++) {
		memset(&sqe, 0, sizeof(sqe));
		sqe.cid = (uint16_t)(i + 2);
		sqe.nsid = 1;
		sqe.flags = NVMET_SQE_PSDT_SGL;
		sqe.sgl.id = NVMET_SGL_TCP_DATA;
		switch (rnd(self) % 5) {
		case 0:		/* Identify, or Get Log Page on the discovery controller */
			sqe.opc = io ? NVMET_CMD_READ : NVMET_ADM_IDENTIFY;
			sqe.cdw10 = io ? 0 : NVMET_CNS_CTRL;
			sqe.sgl.len = 4096;
			break;
		case 1:		/* Keep Alive */
			sqe.opc = NVMET_ADM_KEEP_ALIVE;
			break;
		case 2:		/* a write in the capsule */
			sqe.opc = NVMET_CMD_WRITE;
			sqe.rw.nlb = 7;
			sqe.sgl.id = NVMET_SGL_INCAPSULE;
			sqe.sgl.len = 4096;
			len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_CMD, 0, &sqe,
						72, data, 4096);
			continue;
		case 3:		/* a write by R2T: the H2CData follows (tag 0: the first slot) */
			sqe.opc = NVMET_CMD_WRITE;
			sqe.rw.nlb = 7;
			sqe.sgl.len = 4096;
			len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_CMD, 0, &sqe,
						72, NULL, 0);
			memset(&d, 0, sizeof(d));
			d.cid = sqe.cid;
			d.length = 4096;
			len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_H2C_DATA,
						NVMET_TCP_F_DATA_LAST, (uint8_t *)&d + 8, 24, data,
						4096);
			continue;
		default:	/* Get Log Page: discovery's, or SMART */
			sqe.opc = NVMET_ADM_GET_LOG_PAGE;
			sqe.get_log.lid = rnd(self) & 1 ? NVMET_LOG_DISCOVERY : 2;
			sqe.get_log.numdl = 127;
			sqe.sgl.len = 512;
			break;
		}
		len += st_tcp_pdu_build(&t, buf + len, cap - len, NVMET_TCP_CMD, 0, &sqe, 72,
					NULL, 0);
	}
	return len;
}

/* Flip, cut or insert: one to four changes. */
static size_t mutate(FIXTURE_DATA(fuzz) *self, uint8_t *buf, size_t len, size_t cap)
{
	unsigned int i, n = 1 + rnd(self) % 4;

	for (i = 0; i < n && len; i++) {
		size_t at = rnd(self) % len;

		switch (rnd(self) % 4) {
		case 0:
		case 1:
			buf[at] ^= (uint8_t)(1u << (rnd(self) % 8));
			break;
		case 2:
			buf[at] = (uint8_t)rnd(self);
			break;
		default:
			if (rnd(self) & 1) {
				len = at;	/* cut short */
			} else if (len + 4 <= cap) {
				memmove(buf + at + 4, buf + at, len - at);
				memset(buf + at, (int)rnd(self), 4);
				len += 4;
			}
			break;
		}
	}
	return len;
}

/* Write @buf in random pieces, stop writing, and wait for the target to close. */
static int run_case(FIXTURE_DATA(fuzz) *self, const uint8_t *buf, size_t len)
{
	struct st_tcp t;
	size_t off = 0;
	int ret = st_tcp_dial(&t, self->port, 3000);

	if (ret)
		return ret;
	while (off < len) {
		size_t n = 1 + rnd(self) % 2048;

		if (n > len - off)
			n = len - off;
		if (st_tcp_send_raw(&t, buf + off, n))
			break;	/* the target closed already: fine */
		off += n;
	}
	shutdown(t.fd, SHUT_WR);
	ret = st_tcp_closed(&t);
	st_tcp_close(&t);
	return ret == 1 ? 0 : -ETIMEDOUT;
}

TEST_F(fuzz, hostile_sessions)
{
	static uint8_t buf[STREAM_MAX];
	uint64_t end = ms_now() + FUZZ_MS;
	unsigned int i, cases = 0;
	struct st_tcp t;
	uint16_t cntlid;

	for (i = 0; i < FUZZ_CASES && ms_now() < end; i++, cases++) {
		size_t len;
		int ret;

		if (i % 8 == 7) {
			len = rnd(self) % 512;
			for (size_t j = 0; j < len; j++)
				buf[j] = (uint8_t)rnd(self);
		} else {
			len = session(self, buf, sizeof(buf));
			if (i % 8)
				len = mutate(self, buf, len, sizeof(buf));
		}
		ret = run_case(self, buf, len);
		ASSERT_EQ(0, ret) TH_LOG("case %u (%zu bytes) did not end", i, len);
	}
	TH_LOG("%u cases", cases);
	EXPECT_GT(cases, 10u);
	/* Still serving. */
	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, true, 0, &cntlid));
	st_tcp_close(&t);
}

TEST_HARNESS_MAIN
