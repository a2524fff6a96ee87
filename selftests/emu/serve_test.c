// SPDX-License-Identifier: GPL-2.0
/*
 * serve_test.c - the emulated controller served over NVMe/TCP
 * (<nvmet/serve.h>), on loopback, driven by the test itself with raw PDUs
 * (selftests/common/st_tcp.c): initialization with and without digests,
 * Connect (admin and I/O, and the ways it refuses), Property Get and Set
 * with the enable handshake, Identify as a fabrics host reads it, writes
 * in the capsule and through R2T/H2CData, reads through C2HData, the
 * discovery controller's log page, keep-alive expiry, malformed PDUs
 * answered with a TermReq, a host that vanishes mid-PDU or never reads,
 * the loop with and without polling, following the host's CPU, and the
 * PDU taps.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <nvmet/nvmet.h>
#include <nvmet/serve.h>

#include "nvmetest_harness.h"
#include "st_tcp.h"

#define NQN	"nqn.2014-08.org.nvmexpress:st-serve"

FIXTURE(serve) {
	struct nvmet_serve *s;
	int port;
	pthread_mutex_t lock;
	char log[16384];
};

static void log_line(void *arg, const char *line)
{
	FIXTURE_DATA(serve) *self = arg;
	size_t n;

	pthread_mutex_lock(&self->lock);
	n = strlen(self->log);
	snprintf(self->log + n, sizeof(self->log) - n, "%s\n", line);
	pthread_mutex_unlock(&self->lock);
}

/* Whether the log has a line containing @what (waiting a little for the loop to write it). */
static bool logged(FIXTURE_DATA(serve) *self, const char *what)
{
	int i;

	for (i = 0; i < 200; i++) {
		bool found;

		pthread_mutex_lock(&self->lock);
		found = strstr(self->log, what) != NULL;
		pthread_mutex_unlock(&self->lock);
		if (found)
			return true;
		usleep(10000);
	}
	return false;
}

FIXTURE_SETUP(serve)
{
	struct nvmet_serve_opts o = {
		.emu = "emu:ns=1,size=64M,queues=4", .listen = "127.0.0.1:0", .nqn = NQN,
		.log = log_line, .log_arg = self, .stall_ms = 300,
	};
	int ret;

	pthread_mutex_init(&self->lock, NULL);
	self->log[0] = '\0';
	ret = nvmet_serve_create(&o, &self->s);
	ASSERT_EQ(0, ret) TH_LOG("%s", nvmet_last_error());
	self->port = nvmet_serve_port(self->s);
	ASSERT_GT(self->port, 0);
	ASSERT_EQ(0, nvmet_serve_start(self->s));
}

FIXTURE_TEARDOWN(serve)
{
	nvmet_serve_destroy(self->s);
	pthread_mutex_destroy(&self->lock);
}

TEST_F(serve, create_refuses_bad_options)
{
	struct nvmet_serve_opts o = { .listen = "127.0.0.1" };
	struct nvmet_serve *s;

	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.listen = "127.0.0.1:99999";
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.listen = "127.0.0.1:0";
	o.nqn = "not-an-nqn";
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.nqn = NVMET_DISC_NQN;
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.nqn = NULL;
	o.emu = "emu:ns=zero";
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.emu = "pci:0000:00:00.0";
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	o.emu = NULL;
	o.poll_us = NVMET_SERVE_POLL_MAX_US + 1;
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "poll"));
	o.poll_us = NVMET_SERVE_POLL_NONE - 1;
	EXPECT_EQ(-EINVAL, nvmet_serve_create(&o, &s));
	EXPECT_EQ(-EBUSY, nvmet_serve_start(self->s));
}

TEST_F(serve, connect_properties_identify)
{
	uint8_t id[4096];
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	struct st_tcp t;
	uint16_t cntlid;
	uint64_t cap = 0, vs = 0;

	ASSERT_EQ(0, st_tcp_dial(&t, self->port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(&t, false, false));
	EXPECT_GE(t.maxh2c, 4096u);
	ASSERT_EQ(0, st_tcp_connect(&t, 0, 32, 0, NVMET_CNTLID_DYNAMIC, NQN, &cqe));
	ASSERT_EQ(0, cqe.status);
	cntlid = (uint16_t)cqe.dw0;
	EXPECT_NE(0, cntlid);
	ASSERT_EQ(0, st_tcp_prop_get(&t, NVMET_REG_CAP, 8, &cap));
	EXPECT_EQ(1023u, NVMET_CAP_MQES(cap));
	ASSERT_EQ(0, st_tcp_prop_get(&t, NVMET_REG_VS, 4, &vs));
	EXPECT_EQ(0x10400u, vs);
	/* Not a property a fabrics host may read. */
	EXPECT_EQ(-EIO, st_tcp_prop_get(&t, NVMET_REG_AQA, 4, &vs));
	/* Before CC.EN, no admin command runs. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_IDENTIFY;
	sqe.identify.cns = NVMET_CNS_CTRL;
	ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, id, sizeof(id), &cqe));
	EXPECT_EQ(NVMET_STATUS(NVMET_SCT_GENERIC, NVMET_SC_CMD_SEQ_ERROR, 1), cqe.status);
	ASSERT_EQ(0, st_tcp_enable(&t));

	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_IDENTIFY;
	sqe.identify.cns = NVMET_CNS_CTRL;
	ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, id, sizeof(id), &cqe));
	ASSERT_EQ(0, cqe.status);
	EXPECT_EQ(cntlid, id[NVMET_ID_CTRL_CNTLID] | id[NVMET_ID_CTRL_CNTLID + 1] << 8);
	EXPECT_EQ(NVMET_CNTRLTYPE_IO, id[NVMET_ID_CTRL_CNTRLTYPE]);
	EXPECT_STREQ(NQN, (char *)id + NVMET_ID_CTRL_SUBNQN);
	EXPECT_EQ(0, id[NVMET_ID_CTRL_ICDOFF] | id[NVMET_ID_CTRL_ICDOFF + 1]);
	EXPECT_NE(0, id[NVMET_ID_CTRL_SGLS] & 0x03);
	EXPECT_GE(id[NVMET_ID_CTRL_IOCCSZ], 4);
	EXPECT_GE(id[NVMET_ID_CTRL_IORCSZ], 1);
	EXPECT_NE(0, id[NVMET_ID_CTRL_MAXCMD] | id[NVMET_ID_CTRL_MAXCMD + 1] << 8);
	/* Queues come by Connect over fabrics, not by command. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_CREATE_CQ;
	ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, NULL, 0, &cqe));
	EXPECT_EQ(NVMET_SC_INVALID_OPCODE, (cqe.status >> 1) & 0xff);
	/* Shutdown through CC.SHN: CSTS.SHST says complete. */
	ASSERT_EQ(0, st_tcp_prop_set(&t, NVMET_REG_CC, NVMET_CC_EN | NVMET_CC_SHN_NORMAL |
				     NVMET_CC_IOSQES(6) | NVMET_CC_IOCQES(4)));
	ASSERT_EQ(0, st_tcp_prop_get(&t, NVMET_REG_CSTS, 4, &vs));
	EXPECT_EQ(NVMET_CSTS_SHST_CMPLT, vs & NVMET_CSTS_SHST_MASK);
	st_tcp_close(&t);
	EXPECT_TRUE(logged(self, "association ends"));
}

TEST_F(serve, connect_refusals)
{
	struct nvmet_cqe cqe;
	struct st_tcp t, io;
	uint16_t cntlid;

	/* An NQN not served: Connect Invalid Parameters pointing at SUBNQN in the data. */
	ASSERT_EQ(0, st_tcp_dial(&t, self->port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(&t, false, false));
	ASSERT_EQ(0, st_tcp_connect(&t, 0, 32, 0, NVMET_CNTLID_DYNAMIC, "nqn.2014-08.org.x:y",
				    &cqe));
	EXPECT_EQ(NVMET_STATUS(NVMET_SCT_CMD_SPECIFIC, NVMET_SC_CONNECT_INVALID, 1), cqe.status);
	EXPECT_EQ(NVMET_CONNECT_IPO_DATA(256), cqe.dw0);
	/* SQSIZE 0-based 0 (one entry) is invalid; so is a static controller ID. */
	ASSERT_EQ(0, st_tcp_connect(&t, 0, 1, 0, NVMET_CNTLID_DYNAMIC, NQN, &cqe));
	EXPECT_EQ(NVMET_CONNECT_IPO_SQE(44), cqe.dw0);
	ASSERT_EQ(0, st_tcp_connect(&t, 0, 32, 0, 1, NQN, &cqe));
	EXPECT_EQ(NVMET_CONNECT_IPO_DATA(16), cqe.dw0);
	st_tcp_close(&t);

	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	ASSERT_EQ(0, st_tcp_dial(&io, self->port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(&io, false, false));
	/* Another controller's ID; a queue beyond the emulator's; then a good one, twice. */
	ASSERT_EQ(0, st_tcp_connect(&io, 1, 64, 0, (uint16_t)(cntlid + 1), NQN, &cqe));
	EXPECT_EQ(NVMET_CONNECT_IPO_DATA(16), cqe.dw0);
	ASSERT_EQ(0, st_tcp_connect(&io, 5, 64, 0, cntlid, NQN, &cqe));
	EXPECT_EQ(NVMET_CONNECT_IPO_SQE(42), cqe.dw0);
	ASSERT_EQ(0, st_tcp_connect(&io, 1, 64, 0, cntlid, NQN, &cqe));
	EXPECT_EQ(0, cqe.status);
	ASSERT_EQ(0, st_tcp_connect(&io, 1, 64, 0, cntlid, NQN, &cqe));
	EXPECT_EQ(NVMET_STATUS(NVMET_SCT_GENERIC, NVMET_SC_CMD_SEQ_ERROR, 1), cqe.status);
	/* The admin queue goes: the association ends and the I/O queue is closed. */
	st_tcp_close(&t);
	EXPECT_EQ(1, st_tcp_closed(&io));
	st_tcp_close(&io);
}

/* An I/O queue on a ready controller; its ID is @cntlid's. */
static void io_up(struct __test_metadata *_metadata, int port, bool digests,
		  struct st_tcp *adm, struct st_tcp *io)
{
	struct nvmet_cqe cqe;
	struct nvmet_sqe sqe;
	uint16_t cntlid;

	ASSERT_EQ(0, st_tcp_admin_up(adm, port, NQN, digests, 0, &cntlid));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_SET_FEATURES;
	sqe.cdw10 = NVMET_FEAT_NUM_QUEUES;
	sqe.cdw11 = 0x00030003;
	ASSERT_EQ(0, st_tcp_cmd(adm, &sqe, NULL, 0, false, NULL, 0, &cqe));
	ASSERT_EQ(0, cqe.status);
	ASSERT_EQ(0, st_tcp_dial(io, port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(io, digests, digests));
	ASSERT_EQ(0, st_tcp_connect(io, 1, 128, 0, cntlid, NQN, &cqe));
	ASSERT_EQ(0, cqe.status);
}

static void rw(struct __test_metadata *_metadata, struct st_tcp *io, bool write, uint64_t slba,
	       void *buf, uint32_t len, bool incapsule)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = write ? NVMET_CMD_WRITE : NVMET_CMD_READ;
	sqe.nsid = 1;
	sqe.rw.slba = slba;
	sqe.rw.nlb = (uint16_t)(len / 512 - 1);
	ASSERT_EQ(0, st_tcp_cmd(io, &sqe, write ? buf : NULL, write ? len : 0, incapsule,
				write ? NULL : buf, write ? 0 : len, &cqe));
	EXPECT_EQ(0, cqe.status);
	EXPECT_EQ(1, cqe.sqid);
}

static void io_roundtrip(struct __test_metadata *_metadata, int port, bool digests)
{
	static uint8_t out[256 << 10], in[256 << 10];
	struct st_tcp adm, io;
	unsigned int i;

	io_up(_metadata, port, digests, &adm, &io);
	for (i = 0; i < sizeof(out); i++)
		out[i] = (uint8_t)(i * 7 + (i >> 9));
	/* In the capsule (4 KiB), by R2T (256 KiB: several H2CData), read back by C2HData. */
	rw(_metadata, &io, true, 0, out, 4096, true);
	rw(_metadata, &io, true, 8, out + 4096, sizeof(out) - 4096, false);
	memset(in, 0, sizeof(in));
	rw(_metadata, &io, false, 0, in, sizeof(in), false);
	EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
	st_tcp_close(&io);
	st_tcp_close(&adm);
}

TEST_F(serve, write_read_plain)
{
	io_roundtrip(_metadata, self->port, false);
}

TEST_F(serve, write_read_digests)
{
	io_roundtrip(_metadata, self->port, true);
}

/*
 * The loop sleeping in epoll as soon as a round is done (no polling), and
 * polling a long time after each: both serve writes and reads, and a
 * polling loop still stops at once.
 */
TEST_F(serve, write_read_poll_modes)
{
	static const int polls[] = { NVMET_SERVE_POLL_NONE, NVMET_SERVE_POLL_MAX_US };
	unsigned int i;

	for (i = 0; i < sizeof(polls) / sizeof(polls[0]); i++) {
		struct nvmet_serve_opts o = {
			.emu = "emu:ns=1,size=16M", .listen = "127.0.0.1:0", .nqn = NQN,
			.poll_us = polls[i],
		};
		struct nvmet_serve *s;

		ASSERT_EQ(0, nvmet_serve_create(&o, &s)) TH_LOG("%s", nvmet_last_error());
		ASSERT_EQ(0, nvmet_serve_start(s));
		io_roundtrip(_metadata, nvmet_serve_port(s), i == 1);
		nvmet_serve_destroy(s);
	}
}

struct follow_run {
	struct nvmet_serve *s;
	cpu_set_t after;
};

static void *follow_loop(void *arg)
{
	struct follow_run *r = arg;

	nvmet_serve_run(r->s);
	pthread_getaffinity_np(pthread_self(), sizeof(r->after), &r->after);
	return NULL;
}

/*
 * follow_cpu: after I/O the loop thread is on one CPU (the one this
 * test's bytes arrived on), and when the loop ends its affinity is what
 * it was before.
 */
TEST_F(serve, follow_cpu)
{
	struct nvmet_serve_opts o = {
		.emu = "emu:ns=1,size=16M", .listen = "127.0.0.1:0", .nqn = NQN,
		.follow_cpu = true,
	};
	struct follow_run r = { 0 };
	cpu_set_t before, during;
	pthread_t th;

	ASSERT_EQ(0, nvmet_serve_create(&o, &r.s)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, pthread_create(&th, NULL, follow_loop, &r));
	ASSERT_EQ(0, pthread_getaffinity_np(th, sizeof(before), &before));
	io_roundtrip(_metadata, nvmet_serve_port(r.s), false);
	ASSERT_EQ(0, pthread_getaffinity_np(th, sizeof(during), &during));
	EXPECT_EQ(1, CPU_COUNT(&during));
	nvmet_serve_stop(r.s);
	pthread_join(th, NULL);
	EXPECT_TRUE(CPU_EQUAL(&r.after, &before));
	nvmet_serve_destroy(r.s);
}

TEST_F(serve, discovery_log)
{
	uint8_t log[2048];
	const struct nvmet_disc_log_hdr *h = (void *)log;
	const struct nvmet_disc_entry *e = (void *)(log + 1024);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	struct st_tcp t;
	uint16_t cntlid;
	char port[16];

	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NVMET_DISC_NQN, false, 0, &cntlid));
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_GET_LOG_PAGE;
	sqe.get_log.lid = NVMET_LOG_DISCOVERY;
	sqe.get_log.numdl = sizeof(log) / 4 - 1;
	ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, log, sizeof(log), &cqe));
	ASSERT_EQ(0, cqe.status);
	EXPECT_EQ(1u, h->numrec);
	EXPECT_EQ(NVMET_TRTYPE_TCP, e->trtype);
	EXPECT_EQ(NVMET_SUBTYPE_NVME, e->subtype);
	EXPECT_STREQ(NQN, e->subnqn);
	EXPECT_STREQ("127.0.0.1", e->traddr);
	snprintf(port, sizeof(port), "%d", self->port);
	EXPECT_STREQ(port, e->trsvcid);
	/* The discovery controller runs no I/O command set. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_ADM_CREATE_CQ;
	ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, NULL, 0, &cqe));
	EXPECT_EQ(NVMET_SC_INVALID_OPCODE, (cqe.status >> 1) & 0xff);
	st_tcp_close(&t);
}

TEST_F(serve, keep_alive_expires)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	struct st_tcp t;
	uint16_t cntlid;
	int i;

	/* Keep Alive every 100 ms holds a 400 ms KATO ... */
	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 400, &cntlid));
	for (i = 0; i < 8; i++) {
		memset(&sqe, 0, sizeof(sqe));
		sqe.opc = NVMET_ADM_KEEP_ALIVE;
		ASSERT_EQ(0, st_tcp_cmd(&t, &sqe, NULL, 0, false, NULL, 0, &cqe));
		EXPECT_EQ(0, cqe.status);
		usleep(100000);
	}
	/* ... and silence ends the association: the target closes the connection. */
	EXPECT_EQ(1, st_tcp_closed(&t));
	EXPECT_TRUE(logged(self, "keep-alive timer (400 ms) expired"));
	st_tcp_close(&t);
	/* The next host finds a controller to enable. */
	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	st_tcp_close(&t);
}

/* A malformed PDU: a C2HTermReq with @fes and @fei, then the connection closes. */
static void expect_term(struct __test_metadata *_metadata, struct st_tcp *t, uint16_t fes,
			uint32_t fei)
{
	EXPECT_EQ(1, st_tcp_closed(t));
	ASSERT_TRUE(t->got_term);
	EXPECT_EQ(fes, t->term.fes);
	EXPECT_EQ(fei, t->term.fei);
}

TEST_F(serve, malformed_pdus)
{
	struct nvmet_tcp_cmd c;
	struct st_tcp t;
	uint8_t raw[72];
	uint16_t cntlid;

	/* A capsule before the ICReq. */
	ASSERT_EQ(0, st_tcp_dial(&t, self->port, 5000));
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(0, st_tcp_send_pdu(&t, NVMET_TCP_CMD, 0, (uint8_t *)&c + 8, sizeof(c), NULL, 0));
	expect_term(_metadata, &t, NVMET_TCP_FES_SEQUENCE, 0);
	st_tcp_close(&t);
	/* A header length that is not the type's. */
	ASSERT_EQ(0, st_tcp_dial(&t, self->port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(&t, false, false));
	memset(raw, 0, sizeof(raw));
	raw[0] = NVMET_TCP_CMD;
	raw[2] = 24;
	raw[4] = 24;
	ASSERT_EQ(0, st_tcp_send_raw(&t, raw, 24));
	expect_term(_metadata, &t, NVMET_TCP_FES_INVALID_HDR, 2);
	st_tcp_close(&t);
	/* A wrong header digest: FEI is the digest received. */
	ASSERT_EQ(0, st_tcp_dial(&t, self->port, 5000));
	ASSERT_EQ(0, st_tcp_icreq(&t, true, false));
	memset(raw, 0, sizeof(raw));
	raw[0] = NVMET_TCP_CMD;
	raw[1] = NVMET_TCP_F_HDGST;
	raw[2] = 72;
	raw[4] = 76;
	ASSERT_EQ(0, st_tcp_send_raw(&t, raw, 72));
	ASSERT_EQ(0, st_tcp_send_raw(&t, "\x01\x02\x03\x04", 4));
	expect_term(_metadata, &t, NVMET_TCP_FES_HDGST, 0x04030201u);
	st_tcp_close(&t);
	/* The target goes on serving. */
	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	st_tcp_close(&t);
	EXPECT_TRUE(logged(self, "protocol error: PDU sequence error"));
	EXPECT_TRUE(logged(self, "protocol error: header digest error"));
}

TEST_F(serve, h2c_without_r2t)
{
	static uint8_t data[512];
	struct nvmet_tcp_data d;
	struct st_tcp t;
	uint16_t cntlid;

	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	memset(&d, 0, sizeof(d));
	d.ttag = 3;
	d.length = sizeof(data);
	ASSERT_EQ(0, st_tcp_send_pdu(&t, NVMET_TCP_H2C_DATA, NVMET_TCP_F_DATA_LAST,
				     (uint8_t *)&d + 8, sizeof(d), data, sizeof(data)));
	expect_term(_metadata, &t, NVMET_TCP_FES_INVALID_HDR, 10);
	st_tcp_close(&t);
}

TEST_F(serve, host_vanishes_mid_pdu)
{
	struct nvmet_tcp_cmd c;
	struct st_tcp t;
	uint16_t cntlid;

	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	memset(&c, 0, sizeof(c));
	c.hdr.type = NVMET_TCP_CMD;
	c.hdr.hlen = 72;
	c.hdr.pdo = 72;
	c.hdr.plen = 72 + 4096;
	c.sqe.opc = NVMET_CMD_WRITE;
	ASSERT_EQ(0, st_tcp_send_raw(&t, &c, sizeof(c)));
	ASSERT_EQ(0, st_tcp_send_raw(&t, (uint8_t[100]){ 0 }, 100));
	st_tcp_close(&t);
	EXPECT_TRUE(logged(self, "disconnected in the middle of a PDU"));
	EXPECT_TRUE(logged(self, "association ends"));
	ASSERT_EQ(0, st_tcp_admin_up(&t, self->port, NQN, false, 0, &cntlid));
	st_tcp_close(&t);
}

/* A host that sends reads and never takes their data is cut off after stall_ms. */
TEST_F(serve, host_never_reads)
{
	static uint8_t fields[64];
	struct nvmet_sqe *sqe = (void *)fields;
	struct st_tcp adm, io;
	int i;

	io_up(_metadata, self->port, false, &adm, &io);
	for (i = 0; i < 100; i++) {
		memset(sqe, 0, sizeof(*sqe));
		sqe->opc = NVMET_CMD_READ;
		sqe->cid = (uint16_t)i;
		sqe->nsid = 1;
		sqe->rw.nlb = 511;	/* 256 KiB: 25 MiB in all */
		sqe->flags = NVMET_SQE_PSDT_SGL;
		sqe->sgl.len = 256 << 10;
		sqe->sgl.id = NVMET_SGL_TCP_DATA;
		if (st_tcp_send_pdu(&io, NVMET_TCP_CMD, 0, fields, 72, NULL, 0))
			break;
	}
	EXPECT_TRUE(logged(self, "the host took nothing")) TH_LOG("log:\n%s", self->log);
	st_tcp_close(&io);
	st_tcp_close(&adm);
}

/* ---- the PDU taps ------------------------------------------------------------- */

struct tap_state {
	int seen_types[16];
	int drop_rsp;
};

static int on_send(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct tap_state *st = arg;
	const struct nvmet_tcp_hdr *h = (void *)ev->pdu;

	(void)emu;
	st->seen_types[h->type & 15]++;
	if (h->type == NVMET_TCP_RSP && ev->qid == 1 && st->drop_rsp) {
		st->drop_rsp--;
		return NVMET_EMU_DROP;
	}
	if (h->type == NVMET_TCP_C2H_DATA) {
		ev->corrupt = NVMET_EMU_BAD_DDGST;
		return NVMET_EMU_DELAY;	/* delay_ns 0: later PDUs queue behind it */
	}
	return NVMET_EMU_CONTINUE;
}

TEST_F(serve, pdu_taps)
{
	static uint8_t buf[4096];
	struct tap_state st = { .drop_rsp = 0 };
	struct nvmet_emu *emu = nvmet_serve_emu(self->s);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	struct st_tcp adm, io;

	ASSERT_EQ(0, nvmet_emu_attach(emu, "tcp:pdu:send", on_send, &st));
	io_up(_metadata, self->port, true, &adm, &io);
	EXPECT_GE(st.seen_types[NVMET_TCP_ICRESP], 2);
	st.drop_rsp = 1;
	/* The write's CapsuleResp is dropped: nothing comes back for it. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_CMD_WRITE;
	sqe.nsid = 1;
	sqe.rw.nlb = 7;
	EXPECT_EQ(-EAGAIN, st_tcp_cmd(&io, &sqe, buf, sizeof(buf), true, NULL, 0, &cqe));
	/* A read's C2HData goes out with a bad data digest. */
	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = NVMET_CMD_READ;
	sqe.nsid = 1;
	sqe.rw.nlb = 7;
	EXPECT_EQ(-EBADMSG, st_tcp_cmd(&io, &sqe, NULL, 0, false, buf, sizeof(buf), &cqe));
	ASSERT_EQ(0, nvmet_emu_detach(emu, "tcp:pdu:send", on_send, &st));
	st_tcp_close(&io);
	st_tcp_close(&adm);
}

/* pdu_drop.so (examples/plugins): after the I/O Connect's and a write's, a CapsuleResp is lost. */
TEST_F(serve, pdu_drop_plugin)
{
	struct nvmet_serve_opts o = {
		.emu = "emu:ns=1,size=16M,plugin=pdu_drop:type=5;skip=2", .listen = "127.0.0.1:0",
		.nqn = NQN,
	};
	struct timeval tv = { .tv_usec = 500000 };
	static uint8_t buf[4096];
	struct nvmet_serve *s;
	struct st_tcp adm, io;

	ASSERT_EQ(0, nvmet_serve_create(&o, &s)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_serve_start(s));
	io_up(_metadata, nvmet_serve_port(s), false, &adm, &io);
	setsockopt(io.fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	rw(_metadata, &io, true, 0, buf, sizeof(buf), true);
	{
		struct nvmet_sqe sqe = { .opc = NVMET_CMD_WRITE, .nsid = 1 };
		struct nvmet_cqe cqe;

		sqe.rw.nlb = 7;
		EXPECT_EQ(-EAGAIN, st_tcp_cmd(&io, &sqe, buf, sizeof(buf), true, NULL, 0, &cqe));
	}
	rw(_metadata, &io, false, 0, buf, sizeof(buf), false);
	st_tcp_close(&io);
	st_tcp_close(&adm);
	nvmet_serve_destroy(s);
	/* Its arguments are checked: a digest on a received PDU is not its to spoil. */
	o.emu = "emu:plugin=pdu_drop:recv=1;digest=1";
	EXPECT_NE(0, nvmet_serve_create(&o, &s));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "digest="));
}

TEST_HARNESS_MAIN
