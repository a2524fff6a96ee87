// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_host_test.c - libnvmet's NVMe/TCP host transport (tcp:) on loopback:
 * against the emulated controller served in this process (<nvmet/serve.h>)
 * with digests, in-capsule and R2T writes, Keep Alive, and lost or corrupt
 * PDUs (pdu_drop.so); against fake targets written here that answer
 * nonsense, close the connection or say nothing; and the address forms and
 * what a fabrics controller refuses. The library's device tests run over
 * TCP too (make check runs selftests/lib against nvmet serve): this file
 * is what is the transport's own.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nvmet/nvmet.h>
#include <nvmet/serve.h>

#include "nvmetest_harness.h"
#include "nvmetest_util.h"
#include "st_lib.h"

#define NQN	"nqn.2014-08.org.nvmexpress:st-tcp-host"

FIXTURE(tcp) {
	struct nvmet_serve *s;
	char addr[256];
	pthread_mutex_t lock;
	char log[16384];
};

static void log_line(void *arg, const char *line)
{
	FIXTURE_DATA(tcp) *self = arg;
	size_t n;

	pthread_mutex_lock(&self->lock);
	n = strlen(self->log);
	snprintf(self->log + n, sizeof(self->log) - n, "%s\n", line);
	pthread_mutex_unlock(&self->lock);
}

static bool logged(FIXTURE_DATA(tcp) *self, const char *what)
{
	bool found;

	pthread_mutex_lock(&self->lock);
	found = strstr(self->log, what) != NULL;
	pthread_mutex_unlock(&self->lock);
	return found;
}

/* Serve "emu:@emu" on a free loopback port; self->addr is "tcp:...:PORT/NQN@opts". */
static void serve(struct __test_metadata *_metadata, FIXTURE_DATA(tcp) *self, const char *emu,
		  const char *opts)
{
	struct nvmet_serve_opts o = {
		.emu = emu, .listen = "127.0.0.1:0", .nqn = NQN, .log = log_line, .log_arg = self,
	};

	nvmet_serve_destroy(self->s);
	self->s = NULL;
	ASSERT_EQ(0, nvmet_serve_create(&o, &self->s)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_serve_start(self->s));
	snprintf(self->addr, sizeof(self->addr), "tcp:127.0.0.1:%d/%s%s", nvmet_serve_port(self->s),
		 NQN, opts);
}

FIXTURE_SETUP(tcp)
{
	pthread_mutex_init(&self->lock, NULL);
	self->log[0] = '\0';
	self->s = NULL;
}

FIXTURE_TEARDOWN(tcp)
{
	nvmet_serve_destroy(self->s);
	pthread_mutex_destroy(&self->lock);
}

/* @nlb blocks of a pattern written at @slba and read back; the statuses the two got. */
static void write_read(struct __test_metadata *_metadata, struct nvmet_ns *ns,
		       struct nvmet_qpair *qp, struct nvmet_buf *out, struct nvmet_buf *in,
		       uint64_t slba, uint32_t nlb, struct st_done *d)
{
	size_t len = (size_t)nlb * nvmet_ns_lba_size(ns);

	ASSERT_EQ(0, nvmet_buf_fill(out, 0, len, NVMET_PATTERN_RANDOM, 100, slba));
	ASSERT_EQ(0, nvmet_buf_fill(in, 0, len, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_ns_write(ns, qp, out, 0, slba, nlb, st_count_cb, d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d->last)) TH_LOG("write status %#x: %s", d->last.status, nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, in, 0, slba, nlb, st_count_cb, d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d->last)) TH_LOG("read status %#x", d->last.status);
	EXPECT_EQ(0, memcmp(out->va, in->va, len));
}

/*
 * Both digests, writes in the capsule (4 KiB) and by R2T in several
 * H2CData PDUs (1 MiB: more than the target's MAXH2CDATA), reads in
 * C2HData; then a reset, and the queue pair carries on.
 */
TEST_F(tcp, digests_capsule_and_r2t_writes_reset)
{
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out, *in;
	struct st_done d = { 0 };

	serve(_metadata, self, "emu:ns=1,size=64M", ",hdgst=1,ddgst=1");
	st_io_open(_metadata, self->addr, 1 << 20, &ctrl, &ns, &qp, &out, &in);
	EXPECT_STREQ("tcp", nvmet_ctrl_transport(ctrl));
	write_read(_metadata, ns, qp, out, in, 8, 8, &d);
	write_read(_metadata, ns, qp, out, in, 4096, 1024, &d);
	ASSERT_EQ(0, nvmet_ctrl_reset(ctrl));
	write_read(_metadata, ns, qp, out, in, 100, 16, &d);
	EXPECT_EQ(6, d.count);
	st_io_close(&ctrl, &ns, &qp, &out, &in);
}

/* A lost CapsuleResp: the command times out with the all-ones CQE; a reset recovers. */
TEST_F(tcp, lost_completion_times_out_then_reset)
{
	struct nvmet_ctrl_opts co = { .timeout_ms = 300 };
	struct nvmet_qpair_opts qo = { .depth = 8 };
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out, *in;
	struct st_done d = { 0 };
	uint64_t t0;

	/* The first CapsuleResp of the I/O queues after their Connect's. */
	serve(_metadata, self, "emu:ns=1,size=16M,plugin=pdu_drop:type=5;skip=1", "");
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, &co, &ctrl)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_open(ctrl, 1, &ns));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, &qo, &qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 65536, "out", &out));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 65536, "in", &in));
	t0 = st_now_ns();
	ASSERT_EQ(0, nvmet_ns_write(ns, qp, out, 0, 0, 8, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_EQ(1, d.count);
	EXPECT_TRUE(nvmet_cqe_is_timeout(&d.last));
	EXPECT_GE(st_now_ns() - t0, 300000000ull);
	ASSERT_EQ(0, nvmet_ctrl_reset(ctrl));
	write_read(_metadata, ns, qp, out, in, 64, 8, &d);
	nvmet_buf_free(in);
	nvmet_buf_free(out);
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	nvmet_ctrl_close(ctrl);
}

/*
 * A C2HData with a bad data digest, then a PDU with a bad header digest:
 * each ends the queue's commands aborted with the reason, the pair takes
 * no more (-EIO) until a reset, which brings it back.
 */
TEST_F(tcp, corrupt_digests_end_the_connection)
{
	static const char *const plugins[] = {
		"emu:ns=1,size=16M,plugin=pdu_drop:type=7;digest=2",
		"emu:ns=1,size=16M,plugin=pdu_drop:type=5;skip=1;digest=1",
	};
	static const char *const why[] = { "data digest", "header digest" };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct nvmet_ctrl *ctrl;
		struct nvmet_ns *ns;
		struct nvmet_qpair *qp;
		struct nvmet_buf *out, *in;
		struct st_done d = { 0 };

		serve(_metadata, self, plugins[i], ",hdgst=1,ddgst=1");
		st_io_open(_metadata, self->addr, 65536, &ctrl, &ns, &qp, &out, &in);
		/* A read ends with its C2HData (SUCCESS), a write with a CapsuleResp. */
		ASSERT_EQ(0, i == 0 ? nvmet_ns_read(ns, qp, in, 0, 0, 8, st_count_cb, &d) :
				      nvmet_ns_write(ns, qp, out, 0, 0, 8, st_count_cb, &d));
		ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
		EXPECT_EQ(1, d.count);
		EXPECT_TRUE(nvmet_cqe_is_timeout(&d.last)) TH_LOG("status %#x", d.last.status);
		EXPECT_NE(NULL, strstr(nvmet_last_error(), why[i])) TH_LOG("%s", nvmet_last_error());
		EXPECT_EQ(-EIO, nvmet_ns_read(ns, qp, in, 0, 0, 8, NULL, NULL));
		ASSERT_EQ(0, nvmet_ctrl_reset(ctrl)) TH_LOG("%s", nvmet_last_error());
		write_read(_metadata, ns, qp, out, in, 0, 8, &d);
		st_io_close(&ctrl, &ns, &qp, &out, &in);
	}
}

/*
 * Keep Alive from KATO: register reads keep the association alive past
 * KATO; a host silent for longer loses it, and its next command ends
 * with an error instead of hanging.
 */
TEST_F(tcp, keep_alive_and_its_absence)
{
	struct nvmet_ctrl_opts co = { .timeout_ms = 2000 };
	struct nvmet_ctrl *ctrl;
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf;
	struct nvmet_sqe sqe;
	uint64_t end, v;

	serve(_metadata, self, "emu:ns=1,size=16M", ",kato=300");
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, &co, &ctrl)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 4096, "id", &buf));
	for (end = st_now_ns() + 1200000000ull; st_now_ns() < end; st_sleep_ms(50))
		ASSERT_EQ(0, nvmet_ctrl_reg_read(ctrl, NVMET_REG_CSTS, 4, &v));
	EXPECT_FALSE(logged(self, "keep-alive")) TH_LOG("%s", self->log);
	nvmet_cmd_identify(&sqe, NVMET_CNS_CTRL, 0, NULL);
	ASSERT_EQ(0, nvmet_ctrl_admin_sync(ctrl, &sqe, buf, 0, 4096, NVMET_DIR_FROM_DEV, &cqe));
	EXPECT_TRUE(nvmet_cqe_ok(&cqe));

	st_sleep_ms(900);
	EXPECT_TRUE(logged(self, "keep-alive")) TH_LOG("%s", self->log);
	memset(&cqe, 0, sizeof(cqe));
	if (!nvmet_ctrl_admin_sync(ctrl, &sqe, buf, 0, 4096, NVMET_DIR_FROM_DEV, &cqe))
		EXPECT_TRUE(nvmet_cqe_is_timeout(&cqe));
	nvmet_buf_free(buf);
	nvmet_ctrl_close(ctrl);
}

/*
 * The target goes away: commands end, the reset that cannot reconnect
 * fails, and the queue pair then refuses commands and polls for nothing,
 * without a crash.
 */
TEST_F(tcp, target_gone_reset_fails_then_nothing_crashes)
{
	struct nvmet_ctrl_opts co = { .timeout_ms = 500 };
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *buf;
	struct st_done d = { 0 };

	serve(_metadata, self, "emu:ns=1,size=16M", "");
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, &co, &ctrl)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_ns_open(ctrl, 1, &ns));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, NULL, &qp));
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(ctrl, 4096, "buf", &buf));
	nvmet_serve_destroy(self->s);
	self->s = NULL;
	if (!nvmet_ns_read(ns, qp, buf, 0, 0, 8, st_count_cb, &d))
		EXPECT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	EXPECT_NE(0, nvmet_ctrl_reset(ctrl));
	EXPECT_EQ(0, nvmet_qpair_process(qp, 0));
	EXPECT_EQ(-EIO, nvmet_ns_read(ns, qp, buf, 0, 0, 8, NULL, NULL));
	nvmet_buf_free(buf);
	nvmet_qpair_delete(qp);
	nvmet_ns_close(ns);
	nvmet_ctrl_close(ctrl);
}

/* What a fabrics controller has not: -EOPNOTSUPP, with a reason. */
TEST_F(tcp, pcie_only_calls_are_refused)
{
	struct nvmet_qpair_opts irq = { .depth = 8, .irq = true };
	struct nvmet_ctrl *ctrl;
	struct nvmet_qpair *qp;
	uint64_t count;
	uint32_t v;

	serve(_metadata, self, "emu:ns=1,size=16M", "");
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(-EOPNOTSUPP, nvmet_ctrl_cfg_read(ctrl, 0, 2, &v));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "configuration space"));
	EXPECT_EQ(-EOPNOTSUPP, nvmet_ctrl_irq(ctrl, 0, &count, NULL));
	EXPECT_EQ(-EOPNOTSUPP, nvmet_pcie_reset(ctrl, NVMET_PCIE_FLR));
	EXPECT_EQ(-EOPNOTSUPP, nvmet_qpair_create(ctrl, &irq, &qp));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "interrupts"));
	ASSERT_EQ(0, nvmet_qpair_create(ctrl, NULL, &qp));
	EXPECT_EQ(NULL, nvmet_qpair_raw_sq(qp));
	EXPECT_EQ(NULL, nvmet_qpair_raw_cq(qp));
	EXPECT_EQ(0, nvmet_qpair_delete(qp));
	nvmet_ctrl_close(ctrl);
}

/*
 * An NVM Subsystem Reset through the NSSR property ends the association;
 * the controller met again (nvmet_ctrl_nssr() connects anew) says so in
 * CSTS.NSSRO, as a PCIe one does, and keeps saying so to a later
 * association until a host writes 1 to it: neither the end of an
 * association nor a controller reset clears it.
 */
TEST_F(tcp, subsystem_reset_sets_nssro_until_cleared)
{
	const uint32_t bits = NVMET_CSTS_NSSRO | NVMET_CSTS_RDY;
	struct nvmet_ctrl *ctrl;

	serve(_metadata, self, "emu:ns=1,size=16M", "");
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(NVMET_CSTS_RDY, st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & bits);
	ASSERT_EQ(0, nvmet_ctrl_nssr(ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(bits, st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & bits);
	ASSERT_EQ(0, nvmet_ctrl_reset(ctrl));
	EXPECT_EQ(bits, st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & bits);
	nvmet_ctrl_close(ctrl);
	ASSERT_EQ(0, nvmet_ctrl_open(self->addr, NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	EXPECT_EQ(bits, st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & bits);
	ASSERT_EQ(0, nvmet_ctrl_reg_write(ctrl, NVMET_REG_CSTS, 4, NVMET_CSTS_NSSRO));
	EXPECT_EQ(NVMET_CSTS_RDY, st_reg32(_metadata, ctrl, NVMET_REG_CSTS) & bits);
	nvmet_ctrl_close(ctrl);
}

/* Reservation command @sqe with @len bytes of "out" (keys), run; its status. */
static unsigned int resv_cmd(struct __test_metadata *_metadata, struct nvmet_qpair *qp,
			     struct nvmet_sqe *sqe, struct nvmet_buf *buf, size_t len)
{
	struct st_done d = { 0 };

	EXPECT_EQ(0, nvmet_qpair_submit(qp, sqe, buf, 0, len, st_count_cb, &d));
	EXPECT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	return d.count == 1 ? NVMET_CQE_STATUS(d.last.status) : ~0u;
}

/*
 * A registration and its reservation end with the host's association
 * (resv.h): the next host, another HOSTID, finds none, cannot act with
 * the last host's key and registers its own. Over a fabric the host
 * identifier is 128 bits (CTRATT bit 0): the report is the extended one,
 * listing the HOSTID that Connect gave, and the 64-bit one is refused.
 */
TEST_F(tcp, reservations_end_with_the_association)
{
	const unsigned int conflict = NVMET_SCT_GENERIC << 8 | NVMET_SC_RESV_CONFLICT;
	const unsigned int hostid_fmt = NVMET_SCT_GENERIC << 8 | NVMET_SC_HOSTID_INCONSISTENT;
	static const uint8_t hostid_b[16] = { 0, 0, 0, 0x0b, [15] = 0x0b };
	const uint64_t key_a = 0x1111, key_b = 0x2222;
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out, *in;
	struct nvmet_sqe sqe;
	char addr[320];
	uint64_t v = 0;

	serve(_metadata, self, "emu:ns=1,size=16M", "");
	snprintf(addr, sizeof(addr), "%s,hostid=0000000a-0000-0000-0000-00000000000a", self->addr);
	st_io_open(_metadata, addr, 4096, &ctrl, &ns, &qp, &out, &in);
	nvmet_buf_set_uint(out, 0, 7, 0);
	nvmet_buf_set_uint(out, 8, 15, key_a);
	nvmet_cmd_resv_register(&sqe, 1, NVMET_RREGA_REGISTER, false, 0);
	EXPECT_EQ(0u, resv_cmd(_metadata, qp, &sqe, out, 16));
	nvmet_buf_set_uint(out, 0, 7, key_a);
	nvmet_cmd_resv_acquire(&sqe, 1, NVMET_RACQA_ACQUIRE, false, NVMET_RTYPE_EXCL_ACCESS);
	EXPECT_EQ(0u, resv_cmd(_metadata, qp, &sqe, out, 16));
	st_io_close(&ctrl, &ns, &qp, &out, &in);

	snprintf(addr, sizeof(addr), "%s,hostid=0000000b-0000-0000-0000-00000000000b", self->addr);
	st_io_open(_metadata, addr, 4096, &ctrl, &ns, &qp, &out, &in);
	EXPECT_EQ(1u, nvmet_id_ctrl_ctratt(nvmet_ctrl_id_data(ctrl)) & 1u);
	nvmet_cmd_resv_report(&sqe, 1, 4096, false);
	EXPECT_EQ(hostid_fmt, resv_cmd(_metadata, qp, &sqe, in, 4096));
	memset(in->va, 0xff, 4096);
	nvmet_cmd_resv_report(&sqe, 1, 4096, true);
	EXPECT_EQ(0u, resv_cmd(_metadata, qp, &sqe, in, 4096));
	nvmet_buf_get_uint(in, 4, 4, &v);
	EXPECT_EQ(0u, v);	/* no reservation */
	nvmet_buf_get_uint(in, 5, 6, &v);
	EXPECT_EQ(0u, v);	/* no registrant */
	nvmet_buf_set_uint(out, 0, 7, key_a);
	nvmet_cmd_resv_release(&sqe, 1, NVMET_RRELA_CLEAR, false, 0);
	EXPECT_EQ(conflict, resv_cmd(_metadata, qp, &sqe, out, 8));
	nvmet_buf_set_uint(out, 0, 7, 0);
	nvmet_buf_set_uint(out, 8, 15, key_b);
	nvmet_cmd_resv_register(&sqe, 1, NVMET_RREGA_REGISTER, false, 0);
	EXPECT_EQ(0u, resv_cmd(_metadata, qp, &sqe, out, 16));
	memset(in->va, 0xff, 4096);
	nvmet_cmd_resv_report(&sqe, 1, 4096, true);
	EXPECT_EQ(0u, resv_cmd(_metadata, qp, &sqe, in, 4096));
	nvmet_buf_get_uint(in, 5, 6, &v);
	EXPECT_EQ(1u, v);
	nvmet_buf_get_uint(in, 64 + 8, 64 + 15, &v);	/* the 64-byte entry's RKEY */
	EXPECT_EQ(key_b, v);
	EXPECT_EQ(0, memcmp((uint8_t *)in->va + 64 + 16, hostid_b, 16));
	nvmet_buf_get_uint(in, 64 + 32, 64 + 39, &v);	/* reserved, zero */
	EXPECT_EQ(0u, v);
	write_read(_metadata, ns, qp, out, in, 0, 8, &(struct st_done){ 0 });
	st_io_close(&ctrl, &ns, &qp, &out, &in);
}

TEST_F(tcp, bad_addresses)
{
	static const char *const bad[] = {
		"tcp:127.0.0.1", "tcp:127.0.0.1/", "tcp:/" NQN, "tcp:::1/" NQN,
		"tcp:[::1/" NQN, "tcp:127.0.0.1:0/" NQN, "tcp:127.0.0.1:70000/" NQN,
		"tcp:127.0.0.1/" NQN ",hdgst=2", "tcp:127.0.0.1/" NQN ",hostid=xyz",
		"tcp:127.0.0.1/" NQN ",kato=-1", "tcp:127.0.0.1/" NQN ",color=blue",
		"tcp:127.0.0.1/" NQN ",kato",
	};
	struct nvmet_ctrl *ctrl;
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(-EINVAL, nvmet_ctrl_open(bad[i], NULL, &ctrl)) TH_LOG("%s", bad[i]);
		EXPECT_NE('\0', nvmet_last_error()[0]) TH_LOG("%s: no reason", bad[i]);
	}
	EXPECT_EQ(-EHOSTUNREACH, nvmet_ctrl_open("tcp:no-such-host.invalid/" NQN, NULL, &ctrl));
}

/* The wrong subsystem, host ID and IPv6: Connect refused, then accepted over [::1]. */
TEST_F(tcp, connect_refused_and_ipv6)
{
	struct nvmet_serve_opts o = { .emu = "emu:", .listen = "[::1]:0", .nqn = NQN };
	struct nvmet_ctrl *ctrl;
	char addr[512];
	int ret;

	serve(_metadata, self, "emu:", "");
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/nqn.2014-08.org.example:nothing",
		 nvmet_serve_port(self->s));
	EXPECT_EQ(-ECONNREFUSED, nvmet_ctrl_open(addr, NULL, &ctrl));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "Connect")) TH_LOG("%s", nvmet_last_error());
	snprintf(addr, sizeof(addr), "%s,hostid=01234567-89ab-cdef-0123-456789abcdef,"
		 "hostnqn=nqn.2014-08.org.example:host", self->addr);
	ASSERT_EQ(0, nvmet_ctrl_open(addr, NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	nvmet_ctrl_close(ctrl);

	nvmet_serve_destroy(self->s);
	self->s = NULL;
	ret = nvmet_serve_create(&o, &self->s);
	if (ret)
		SKIP(return, "no IPv6 loopback here: %s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_serve_start(self->s));
	snprintf(addr, sizeof(addr), "tcp:[::1]:%d/%s", nvmet_serve_port(self->s), NQN);
	ASSERT_EQ(0, nvmet_ctrl_open(addr, NULL, &ctrl)) TH_LOG("%s", nvmet_last_error());
	nvmet_ctrl_close(ctrl);
}

/*
 * A fake target on a thread: it accepts one connection, reads the ICReq
 * and answers with @reply (@len bytes; none: it closes), or says nothing
 * until the host gives up.
 */
struct fake {
	int lfd;
	int port;
	const void *reply;
	size_t len;
	bool silent;
	pthread_t thread;
};

static void *fake_run(void *arg)
{
	struct fake *f = arg;
	uint8_t icreq[128];
	size_t got = 0;
	ssize_t n;
	int fd = accept(f->lfd, NULL, NULL);

	if (fd < 0)
		return NULL;
	while (got < sizeof(icreq) && (n = recv(fd, icreq + got, sizeof(icreq) - got, 0)) > 0)
		got += (size_t)n;
	if (f->len)
		send(fd, f->reply, f->len, MSG_NOSIGNAL);
	if (f->silent || f->len)
		/* Until the host closes its end. */
		while (recv(fd, icreq, sizeof(icreq), 0) > 0)
			;
	close(fd);
	return NULL;
}

static void fake_start(struct __test_metadata *_metadata, struct fake *f)
{
	struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sin);

	f->lfd = socket(AF_INET, SOCK_STREAM, 0);
	ASSERT_LE(0, f->lfd);
	ASSERT_EQ(0, bind(f->lfd, (struct sockaddr *)&sin, sizeof(sin)));
	ASSERT_EQ(0, listen(f->lfd, 1));
	ASSERT_EQ(0, getsockname(f->lfd, (struct sockaddr *)&sin, &len));
	f->port = ntohs(sin.sin_port);
	ASSERT_EQ(0, pthread_create(&f->thread, NULL, fake_run, f));
}

static int fake_open(struct fake *f, uint32_t timeout_ms)
{
	struct nvmet_ctrl_opts co = { .timeout_ms = timeout_ms };
	struct nvmet_ctrl *ctrl = NULL;
	char addr[128];
	int ret;

	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/%s", f->port, NQN);
	ret = nvmet_ctrl_open(addr, &co, &ctrl);
	nvmet_ctrl_close(ctrl);
	pthread_join(f->thread, NULL);
	close(f->lfd);
	return ret;
}

/* A target that answers ICReq with a CapsuleResp, a short ICResp, or a TermReq. */
TEST_F(tcp, fake_targets_that_break_the_protocol)
{
	uint8_t resp[24] = { 0x05, 0, 24, 0, 24 };
	uint8_t icresp[128] = { 0x01, 0, 128, 0, 128 };
	uint8_t term[24] = { 0x03, 0, 24, 0, 24, 0, 0, 0, 0x01 };
	struct fake f = { .reply = resp, .len = sizeof(resp) };

	fake_start(_metadata, &f);
	EXPECT_EQ(-EPROTO, fake_open(&f, 2000));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "protocol")) TH_LOG("%s", nvmet_last_error());

	/* MAXH2CDATA 0 is not one. */
	f = (struct fake){ .reply = icresp, .len = sizeof(icresp) };
	fake_start(_metadata, &f);
	EXPECT_EQ(-EPROTO, fake_open(&f, 2000));

	f = (struct fake){ .reply = term, .len = sizeof(term) };
	fake_start(_metadata, &f);
	EXPECT_EQ(-EPROTO, fake_open(&f, 2000)) TH_LOG("%s", nvmet_last_error());
}

/* A target that closes at once, and one that never answers: errors, not hangs. */
TEST_F(tcp, fake_targets_that_close_or_say_nothing)
{
	struct fake f = { 0 };
	uint64_t t0;

	fake_start(_metadata, &f);
	EXPECT_EQ(-ECONNRESET, fake_open(&f, 2000)) TH_LOG("%s", nvmet_last_error());
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "closed")) TH_LOG("%s", nvmet_last_error());

	f = (struct fake){ .silent = true };
	fake_start(_metadata, &f);
	t0 = st_now_ns();
	EXPECT_EQ(-ETIMEDOUT, fake_open(&f, 300)) TH_LOG("%s", nvmet_last_error());
	EXPECT_GE(st_now_ns() - t0, 300000000ull);
}

TEST_HARNESS_MAIN
