// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_test.c - the module's generic netlink family through libnvmet's
 * client, asked by the same process that drives the controller: its two
 * queue pairs listed with their outstanding commands (0 once reaped, N
 * while N are unreaped), I/O statistics equal to what was done, the
 * command log of an I/O queue with its completions and that of the admin
 * queue, bad requests answered with an error, each queue's creator (pid
 * and name) and its latency sum (version 2 regions only); and events: an AER
 * completed (a temperature threshold below the controller's temperature),
 * an admin command timed out, the device removed (unbind: needs root,
 * NVMETEST_BDF and NVMETEST_KO). Skips without a device or without the
 * family.
 */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "nvmetest_harness.h"
#include "st_module.h"

#define QID		ST_QID_NETLINK	/* and QID + 1 */
#define DEPTH		16u
#define EVENT_WAIT_MS	5000
#define SYS_UNBIND	"/sys/bus/pci/drivers/" MODULE "/unbind"

/* In a FIXTURE_SETUP(): the family's client in *nlp, or skip without it. */
#define ST_SETUP_NL(nlp) do { \
	int ret_ = nvmet_nl_open(nlp); \
	if (ret_ == -ENOENT) \
		ST_SETUP_SKIP("no '%s' generic netlink family (module not loaded, or older)", \
			      NVMETEST_GENL_NAME); \
	ASSERT_EQ(0, ret_) TH_LOG("nvmet_nl_open: %s", strerror(-ret_)); \
} while (0)

FIXTURE(nl) {
	struct nvmet_nl *nl;
	uint32_t instance;
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp[2];
	struct nvmet_buf *buf;
	uint32_t lba;
};

FIXTURE_SETUP(nl)
{
	struct nvmet_qpair_opts o = { .depth = DEPTH };
	struct nvmetest_info info;
	struct nvmet_kdev *kdev;
	int i;

	ST_SETUP_OPEN(&kdev, &info);
	nvmet_kdev_close(kdev);
	ST_SETUP_NEED_QID(&info, QID + 1);
	self->instance = info.instance;
	ST_SETUP_NL(&self->nl);
	ASSERT_EQ(0, nvmet_ctrl_open(st_dev_path(), NULL, &self->ctrl));
	ASSERT_EQ(0, nvmet_ns_open(self->ctrl, ST_NSID, &self->ns));
	self->lba = nvmet_ns_lba_size(self->ns);
	ASSERT_EQ(0, nvmet_ctrl_buf_alloc(self->ctrl, 64 << 10, "data", &self->buf));
	for (i = 0; i < 2; i++) {
		o.qid = QID + i;
		ASSERT_EQ(0, nvmet_qpair_create(self->ctrl, &o, &self->qp[i]));
	}
}

FIXTURE_TEARDOWN(nl)
{
	nvmet_qpair_delete(self->qp[1]);
	nvmet_qpair_delete(self->qp[0]);
	nvmet_buf_free(self->buf);
	nvmet_ns_close(self->ns);
	nvmet_ctrl_close(self->ctrl);
	nvmet_nl_close(self->nl);
}

/* The listed SQ @qid, or NULL. */
static const struct nvmet_nl_qpair *find_qpair(const struct nvmet_nl_qpair *qs, int n,
					       uint16_t qid)
{
	int i;

	for (i = 0; i < n; i++)
		if (qs[i].qid == qid)
			return &qs[i];
	return NULL;
}

/* List the queues and check those of the fixture: @out0 and @out1 outstanding. */
static void check_listed(struct __test_metadata *_metadata, FIXTURE_DATA(nl) *self,
			 uint32_t out0, uint32_t out1)
{
	struct nvmet_nl_qpair qs[64];
	const struct nvmet_nl_qpair *q;
	uint32_t want[2] = { out0, out1 };
	int n, i;

	n = nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64);
	ASSERT_LE(2, n) TH_LOG("%s", n < 0 ? strerror(-n) : "too few queues");
	ASSERT_GE(64, n);
	for (i = 0; i < 2; i++) {
		q = find_qpair(qs, n, (uint16_t)(QID + i));
		ASSERT_NE(NULL, q) TH_LOG("qid %d not listed", QID + i);
		EXPECT_EQ(QID + i, q->cqid);
		EXPECT_EQ(DEPTH, q->size);
		EXPECT_EQ((uint32_t)(NVMETEST_NL_QPAIR_STATS | NVMETEST_NL_QPAIR_LATENCY), q->flags);
		EXPECT_EQ(want[i], q->outstanding) TH_LOG("qid %d", QID + i);
		EXPECT_EQ(q->submitted, q->completed + q->outstanding);
	}
}

TEST_F(nl, list_qpairs_with_outstanding_counts)
{
	int i;

	check_listed(_metadata, self, 0, 0);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[0], self->buf, 0, (uint64_t)i, 1,
					   NULL, NULL));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[1], self->buf, 4096, (uint64_t)i, 1,
					   NULL, NULL));
	/* Done by the controller, perhaps, but not reaped: still outstanding. */
	st_sleep_ms(50);
	check_listed(_metadata, self, 5, 2);
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[0], 5, NULL));
	check_listed(_metadata, self, 0, 2);
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[1], 2, NULL));
	check_listed(_metadata, self, 0, 0);

	/* Too small an array: the count still comes back. */
	EXPECT_LE(2, nvmet_nl_list_qpairs(self->nl, self->instance, NULL, 0));
}

TEST_F(nl, iostat_counts_what_was_done)
{
	struct nvmet_nl_iostat s;
	uint64_t blocks = 8;
	int i;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp[0], self->buf, 0, 64 + (uint64_t)i * 8,
					    (uint32_t)blocks, NULL, NULL));
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[0], self->buf, 0, 64 + (uint64_t)i * 8,
					   (uint32_t)blocks, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[0], 5, NULL));
	ASSERT_EQ(0, nvmet_ns_flush(self->ns, self->qp[1], NULL, NULL));
	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp[1], self->buf, 0, 200, 1, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[1], 2, NULL));

	ASSERT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, QID, &s));
	EXPECT_EQ(1u, s.queues);
	EXPECT_EQ(0u, s.outstanding);
	EXPECT_EQ(5u, s.submitted);
	EXPECT_EQ(5u, s.completed);
	EXPECT_EQ(2u, s.read_cmds);
	EXPECT_EQ(3u, s.write_cmds);
	EXPECT_EQ(2 * blocks * self->lba, s.read_bytes);
	EXPECT_EQ(3 * blocks * self->lba, s.write_bytes);

	ASSERT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	EXPECT_EQ(2u, s.submitted);
	EXPECT_EQ(0u, s.read_cmds);
	EXPECT_EQ(1u, s.write_cmds);
	EXPECT_EQ(self->lba, s.write_bytes);

	/* The sums: only this process's queues publish statistics now. */
	ASSERT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, NVMET_NL_ALL_QUEUES, &s));
	EXPECT_EQ(2u, s.queues);
	EXPECT_EQ(7u, s.submitted);
	EXPECT_EQ(7u, s.completed);
	EXPECT_EQ(2u, s.read_cmds);
	EXPECT_EQ(4u, s.write_cmds);
	EXPECT_EQ((3 * blocks + 1) * self->lba, s.write_bytes);
}

/* This process's command name, as the kernel keeps it. */
static void own_comm(char comm[NVMETEST_NL_COMM_LEN])
{
	FILE *f = fopen("/proc/self/comm", "r");

	comm[0] = '\0';
	if (f && fgets(comm, NVMETEST_NL_COMM_LEN, f))
		comm[strcspn(comm, "\n")] = '\0';
	if (f)
		fclose(f);
}

TEST_F(nl, list_qpairs_names_the_creator_and_sums_the_latencies)
{
	struct nvmetest_cmdlog_entry e[8];
	struct nvmet_nl_qpair qs[64];
	const struct nvmet_nl_qpair *q;
	char comm[NVMETEST_NL_COMM_LEN];
	uint64_t sum = 0;
	int n, i;

	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp[0], self->buf, 0, 400 + (uint64_t)i,
					    1, NULL, NULL));
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[0], self->buf, 0, 400, 2, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[0], 4, NULL));

	n = nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64);
	ASSERT_LE(2, n) TH_LOG("%s", n < 0 ? strerror(-n) : "too few queues");
	q = find_qpair(qs, n, QID);
	ASSERT_NE(NULL, q);
	own_comm(comm);
	EXPECT_EQ((uint32_t)getpid(), q->pid);
	EXPECT_STREQ(comm, q->comm);
	EXPECT_EQ(1u, q->read_cmds);
	EXPECT_EQ(3u, q->write_cmds);
	EXPECT_EQ(2u * self->lba, q->read_bytes);
	EXPECT_EQ(3u * self->lba, q->write_bytes);
	/* The sum of what the command log shows, to the nanosecond. */
	ASSERT_EQ(4, nvmet_nl_cmdlog(self->nl, self->instance, QID, e, 8));
	for (i = 0; i < 4; i++)
		sum += e[i].complete_ns - e[i].submit_ns;
	EXPECT_EQ(sum, q->latency_ns);
	EXPECT_LT(0u, q->latency_ns);
}

TEST_F(nl, list_qpairs_names_the_process_that_created_the_queue)
{
	static const char name[] = "st-qcreator";
	struct nvmet_nl_qpair qs[64];
	const struct nvmet_nl_qpair *q;
	int go[2], done[2], n, st;
	char c = 0;
	pid_t pid;

	/* Another process, named otherwise, makes a queue on its own file. */
	ASSERT_EQ(0, nvmet_qpair_delete(self->qp[1]));
	self->qp[1] = NULL;
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct nvmet_kdev *kdev;
		struct nvmet_cq_ring cq;
		struct nvmet_sq_ring sq;

		prctl(PR_SET_NAME, name);
		if (nvmet_kdev_open(st_dev_path(), &kdev) ||
		    nvmet_kdev_cq_create(kdev, QID + 1, 16, NVMETEST_NO_VECTOR, &cq, NULL) ||
		    nvmet_kdev_sq_create(kdev, QID + 1, 16, &cq, 0, &sq, NULL))
			_exit(1);
		if (write(go[1], "x", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(2);
		_exit(0);
	}
	close(go[1]);
	close(done[0]);
	ASSERT_EQ(1, read(go[0], &c, 1)) TH_LOG("the child could not create its queue");
	n = nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64);
	ASSERT_EQ(1, write(done[1], "x", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	close(go[0]);
	close(done[1]);
	ASSERT_LE(2, n);
	q = find_qpair(qs, n, QID + 1);
	ASSERT_NE(NULL, q);
	EXPECT_EQ((uint32_t)pid, q->pid);
	EXPECT_STREQ(name, q->comm);
	/* No statistics region: no counters, no latency. */
	EXPECT_EQ(0u, q->flags);
	q = find_qpair(qs, n, QID);
	ASSERT_NE(NULL, q);
	EXPECT_EQ((uint32_t)getpid(), q->pid);
	EXPECT_TRUE(WIFEXITED(st) && !WEXITSTATUS(st));
}

TEST_F(nl, cmdlog_of_an_io_queue_has_the_completions)
{
	struct nvmetest_cmdlog_entry e[8];
	struct nvmet_cmdlog_rec rec[8];
	int n, i;

	ASSERT_EQ(0, nvmet_ns_write(self->ns, self->qp[0], self->buf, 0, 300, 2, NULL, NULL));
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[0], self->buf, 0, 300, 2, NULL, NULL));
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[0], 2, NULL));
	/* One more, still in flight to the library. */
	ASSERT_EQ(0, nvmet_ns_read(self->ns, self->qp[0], self->buf, 0, 302, 1, NULL, NULL));

	n = nvmet_nl_cmdlog(self->nl, self->instance, QID, e, 8);
	ASSERT_EQ(3, n) TH_LOG("%s", n < 0 ? strerror(-n) : "");
	EXPECT_EQ(NVMET_CMD_WRITE, st_sqe_words_opc(e[0].sqe));
	EXPECT_EQ(NVMET_CMD_READ, st_sqe_words_opc(e[1].sqe));
	EXPECT_EQ(NVMET_CMD_READ, st_sqe_words_opc(e[2].sqe));
	for (i = 0; i < 2; i++) {
		EXPECT_EQ((uint32_t)NVMETEST_CMDLOG_DONE, e[i].flags);
		/* Success, for the command the entry logs. */
		EXPECT_EQ(0u, e[i].cqe[3] >> 17) TH_LOG("entry %d", i);
		EXPECT_EQ(st_sqe_words_cid(e[i].sqe), e[i].cqe[3] & 0xffff);
		EXPECT_EQ((uint32_t)QID, e[i].cqe[2] >> 16);
		EXPECT_LE(e[i].submit_ns, e[i].complete_ns);
		EXPECT_EQ(e[0].seq + (uint64_t)i, e[i].seq);
	}
	EXPECT_EQ(0u, e[2].flags);
	EXPECT_EQ(0u, e[2].complete_ns);

	/* What the library shows its own caller is the same log. */
	ASSERT_EQ(3, nvmet_qpair_cmdlog(self->qp[0], rec, 8));
	for (i = 0; i < 3; i++) {
		EXPECT_EQ(0, memcmp(&rec[i].sqe, e[i].sqe, sizeof(rec[i].sqe)));
		EXPECT_EQ(rec[i].submit_ns, e[i].submit_ns);
	}

	/* The newest only. */
	ASSERT_EQ(1, nvmet_nl_cmdlog(self->nl, self->instance, QID, e, 1));
	EXPECT_EQ(NVMET_CMD_READ, st_sqe_words_opc(e[0].sqe));
	EXPECT_EQ(0u, e[0].flags);
	ASSERT_EQ(0, nvmet_qpair_waitdone(self->qp[0], 1, NULL));
	ASSERT_EQ(1, nvmet_nl_cmdlog(self->nl, self->instance, QID, e, 1));
	EXPECT_EQ((uint32_t)NVMETEST_CMDLOG_DONE, e[0].flags);
	/* The other queue's log is its own. */
	EXPECT_EQ(0, nvmet_nl_cmdlog(self->nl, self->instance, QID + 1, e, 8));
}

TEST_F(nl, cmdlog_of_the_admin_queue)
{
	struct nvmetest_cmdlog_entry e[NVMETEST_CMDLOG_ENTRIES];
	int n, i, create_sq = -1;

	n = nvmet_nl_cmdlog(self->nl, self->instance, 0, e, NVMETEST_CMDLOG_ENTRIES);
	ASSERT_LT(0, n) TH_LOG("%s", n < 0 ? strerror(-n) : "empty");
	ASSERT_GE(NVMETEST_CMDLOG_ENTRIES, n);
	for (i = 1; i < n; i++)
		EXPECT_EQ(e[i - 1].seq + 1, e[i].seq);
	/* The fixture's queues were created last (AERs aside). */
	for (i = 0; i < n; i++)
		if (st_sqe_words_opc(e[i].sqe) == 0x01 && (e[i].sqe[10] & 0xffff) == QID + 1)
			create_sq = i;
	ASSERT_LE(0, create_sq) TH_LOG("no Create I/O SQ %d in the admin log", QID + 1);
	EXPECT_TRUE(!!(e[create_sq].flags & NVMETEST_CMDLOG_DONE));
	EXPECT_EQ(0u, e[create_sq].cqe[3] >> 17);
	/* The same log the ioctl gives. */
	ASSERT_EQ(2, nvmet_nl_cmdlog(self->nl, self->instance, 0, e, 2));
	EXPECT_EQ(e[0].seq + 1, e[1].seq);
}

TEST_F(nl, bad_requests_get_an_error)
{
	struct nvmetest_cmdlog_entry e[4];
	struct nvmet_nl_qpair qs[64];
	struct nvmet_nl_iostat s;
	struct nvmet_kdev *kdev;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	const struct nvmet_nl_qpair *q;
	uint32_t none = self->instance + 1000;
	int n;

	EXPECT_EQ(-ENODEV, nvmet_nl_list_qpairs(self->nl, none, qs, 64));
	EXPECT_EQ(-ENODEV, nvmet_nl_list_qpairs(self->nl, 0xffffffffu, qs, 64));
	EXPECT_EQ(-ENODEV, nvmet_nl_iostat(self->nl, none, QID, &s));
	EXPECT_EQ(-ENODEV, nvmet_nl_cmdlog(self->nl, none, 0, e, 4));
	EXPECT_EQ(-EINVAL, nvmet_nl_iostat(self->nl, self->instance, 0xffff, &s));
	EXPECT_EQ(-EINVAL, nvmet_nl_cmdlog(self->nl, self->instance, 0xffff, e, 4));

	/* A queue that publishes nothing: listed, but no statistics. */
	ASSERT_EQ(0, nvmet_qpair_delete(self->qp[1]));
	self->qp[1] = NULL;
	EXPECT_EQ(-ENOENT, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	EXPECT_EQ(-ENOENT, nvmet_nl_cmdlog(self->nl, self->instance, QID + 1, e, 4));
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &kdev));
	ASSERT_EQ(0, nvmet_kdev_cq_create(kdev, QID + 1, 16, NVMETEST_NO_VECTOR, &cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_sq_create(kdev, QID + 1, 16, &cq, 0, &sq, NULL));
	n = nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64);
	ASSERT_LE(2, n);
	q = find_qpair(qs, n, QID + 1);
	ASSERT_NE(NULL, q);
	EXPECT_EQ(0u, q->flags);
	EXPECT_EQ(16u, q->size);
	EXPECT_EQ(-ENOENT, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	EXPECT_EQ(-ENOENT, nvmet_nl_cmdlog(self->nl, self->instance, QID + 1, e, 4));
	/* The sums leave it out. */
	ASSERT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, NVMET_NL_ALL_QUEUES, &s));
	EXPECT_EQ(1u, s.queues);
	EXPECT_EQ(0, nvmet_kdev_sq_delete(kdev, &sq, NULL));
	EXPECT_EQ(0, nvmet_kdev_cq_delete(kdev, &cq, NULL));
	nvmet_kdev_close(kdev);

	/* The socket still answers after the errors. */
	EXPECT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, QID, &s));
	EXPECT_LE(1, nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64));
}

/* SQ QID + 1 listed with @flags, 42 commands submitted and @latency_ns. */
static void check_region_listed(struct __test_metadata *_metadata, FIXTURE_DATA(nl) *self,
				uint32_t flags, uint64_t latency_ns)
{
	struct nvmet_nl_qpair qs[64];
	const struct nvmet_nl_qpair *q;
	int n;

	n = nvmet_nl_list_qpairs(self->nl, self->instance, qs, 64);
	ASSERT_LE(1, n);
	q = find_qpair(qs, n, QID + 1);
	ASSERT_NE(NULL, q);
	EXPECT_EQ(flags, q->flags);
	EXPECT_EQ(42u, q->submitted);
	EXPECT_EQ(4096u, q->read_bytes);
	EXPECT_EQ(latency_ns, q->latency_ns);
}

TEST_F(nl, registration_follows_the_queue_and_the_buffer)
{
	struct nvmet_kdev *kdev;
	struct nvmet_dmabuf b;
	struct nvmet_cq_ring cq;
	struct nvmet_sq_ring sq;
	struct nvmetest_qstats *st;
	struct nvmet_nl_iostat s;
	struct nvmetest_cmdlog_entry e[2];

	/* Someone else's region, made by hand, then its buffer freed. */
	ASSERT_EQ(0, nvmet_qpair_delete(self->qp[1]));
	self->qp[1] = NULL;
	ASSERT_EQ(0, nvmet_kdev_open(st_dev_path(), &kdev));
	ASSERT_EQ(0, nvmet_kdev_buf_alloc(kdev, 8192, &b));
	ASSERT_EQ(0, nvmet_kdev_cq_create(kdev, QID + 1, 16, NVMETEST_NO_VECTOR, &cq, NULL));
	ASSERT_EQ(0, nvmet_kdev_sq_create(kdev, QID + 1, 16, &cq, 0, &sq, NULL));
	st = (struct nvmetest_qstats *)((char *)b.va + 64);
	st->magic = NVMETEST_QSTATS_MAGIC;
	st->version = NVMETEST_QSTATS_VERSION + 1;
	st->entries = 4;
	st->next_seq = 2;
	st->submitted = 42;
	st->read_bytes = 4096;
	st->latency_ns = 777;
	/* A version the module does not know, then version 1: no latency there. */
	EXPECT_EQ(-EINVAL, nvmet_kdev_queue_stats(kdev, QID + 1, b.handle, 64));
	st->version = 1;
	ASSERT_EQ(0, nvmet_kdev_queue_stats(kdev, QID + 1, b.handle, 64));
	check_region_listed(_metadata, self, NVMETEST_NL_QPAIR_STATS, 0);
	st->version = NVMETEST_QSTATS_VERSION;
	check_region_listed(_metadata, self, NVMETEST_NL_QPAIR_STATS, 0);
	ASSERT_EQ(0, nvmet_kdev_queue_stats(kdev, QID + 1, b.handle, 64));
	check_region_listed(_metadata, self, NVMETEST_NL_QPAIR_STATS | NVMETEST_NL_QPAIR_LATENCY,
			    777);
	ASSERT_EQ(0, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	EXPECT_EQ(42u, s.submitted);
	EXPECT_EQ(4096u, s.read_bytes);
	/* Command 1's slot holds nothing of it: left out. */
	EXPECT_EQ(0, nvmet_nl_cmdlog(self->nl, self->instance, QID + 1, e, 2));
	((struct nvmetest_cmdlog_entry *)(st + 1))[1].seq = 1;
	EXPECT_EQ(1, nvmet_nl_cmdlog(self->nl, self->instance, QID + 1, e, 2));
	/* The magic gone: the region no longer speaks for the queue. */
	st->magic = 0;
	EXPECT_EQ(-EBADMSG, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	st->magic = NVMETEST_QSTATS_MAGIC;
	/* Dropped by handle 0. */
	ASSERT_EQ(0, nvmet_kdev_queue_stats(kdev, QID + 1, 0, 0));
	EXPECT_EQ(-ENOENT, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	/* Dropped with the buffer. */
	ASSERT_EQ(0, nvmet_kdev_queue_stats(kdev, QID + 1, b.handle, 64));
	ASSERT_EQ(0, nvmet_kdev_buf_free(kdev, &b));
	EXPECT_EQ(-ENOENT, nvmet_nl_iostat(self->nl, self->instance, QID + 1, &s));
	EXPECT_EQ(0, nvmet_kdev_sq_delete(kdev, &sq, NULL));
	EXPECT_EQ(0, nvmet_kdev_cq_delete(kdev, &cq, NULL));
	nvmet_kdev_close(kdev);
	/* Dropped with the queue: the library's pair, deleted. */
	ASSERT_EQ(0, nvmet_qpair_delete(self->qp[0]));
	self->qp[0] = NULL;
	EXPECT_EQ(-ENOENT, nvmet_nl_iostat(self->nl, self->instance, QID, &s));
}

/* The next event of @type for this controller, within EVENT_WAIT_MS; 0 or -errno. */
static int wait_event(struct nvmet_nl *nl, uint32_t instance, uint32_t type,
		      struct nvmet_nl_event *ev)
{
	uint64_t deadline = st_now_ns() + EVENT_WAIT_MS * 1000000ull;
	int ret;

	for (;;) {
		uint64_t now = st_now_ns();

		if (now >= deadline)
			return -ETIMEDOUT;
		ret = nvmet_nl_next_event(nl, ev, (int)((deadline - now) / 1000000u) + 1);
		if (ret == -ENOBUFS)
			continue;
		if (ret)
			return ret;
		if (ev->type == type && ev->instance == instance)
			return 0;
	}
}

static void admin_sync(struct __test_metadata *_metadata, struct nvmet_ctrl *ctrl,
		       const struct nvmet_sqe *sqe, uint32_t *dw0)
{
	struct nvmet_cqe cqe;

	ASSERT_EQ(0, nvmet_ctrl_admin_sync(ctrl, sqe, NULL, 0, 0, NVMET_DIR_NONE, &cqe));
	ASSERT_TRUE(nvmet_cqe_ok(&cqe)) TH_LOG("opcode 0x%02x: status 0x%04x", sqe->opc,
					       cqe.status);
	if (dw0)
		*dw0 = cqe.dw0;
}

TEST_F(nl, event_aer_completed)
{
	struct nvmet_nl_event ev;
	struct nvmet_sqe sqe;
	uint32_t old_temp, old_aec;
	int ret;

	ASSERT_EQ(0, nvmet_nl_subscribe(self->nl));
	EXPECT_LE(0, nvmet_nl_fd(self->nl));
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_ASYNC_EVENT, 0, 0, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, &old_aec);
	nvmet_cmd_get_features(&sqe, NVMET_FEAT_TEMP_THRESH, 0, 0, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, &old_temp);
	/* Every SMART critical warning raises an event; 200 K is below QEMU's 323 K. */
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ASYNC_EVENT, false, 0xff, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, NULL);
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_TEMP_THRESH, false, 200, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, NULL);
	/*
	 * The module sends the event on the completion, reaped by the library
	 * or not. An event an earlier test left queued may come first.
	 */
	do {
		ret = wait_event(self->nl, self->instance, NVMETEST_NL_EVENT_AER_COMPLETED, &ev);
	} while (!ret && (ev.cqe.dw0 & 0xff07) != 0x0101);

	nvmet_cmd_set_features(&sqe, NVMET_FEAT_TEMP_THRESH, false,
			       old_temp & 0xffff, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, NULL);
	nvmet_cmd_set_features(&sqe, NVMET_FEAT_ASYNC_EVENT, false, old_aec, NULL);
	admin_sync(_metadata, self->ctrl, &sqe, NULL);
	/* Leave no event queued for the tests after this one. */
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));

	ASSERT_EQ(0, ret) TH_LOG("no AER_COMPLETED event: %s", strerror(-ret));
	/* Event type 1 (SMART/health), information 1 (temperature threshold). */
	EXPECT_EQ(1u, ev.cqe.dw0 & 0x7) TH_LOG("dw0 0x%08x", ev.cqe.dw0);
	EXPECT_EQ(1u, (ev.cqe.dw0 >> 8) & 0xff);
	EXPECT_EQ(0u, NVMET_CQE_STATUS(ev.cqe.status));
	EXPECT_NE('\0', ev.bdf[0]);
	EXPECT_LT(0u, ev.timestamp_ns);
}

TEST_F(nl, event_command_timed_out)
{
	struct nvmet_ctrl_opts opts = { .no_init = true, .timeout_ms = 300 };
	struct nvmet_nl_event ev;
	struct nvmet_ctrl *other;
	struct nvmet_sqe sqe;
	int ret;

	ASSERT_EQ(0, nvmet_nl_subscribe(self->nl));
	/*
	 * An AER completes only on an event: one sent with a timeout times
	 * out. A second handle resets the controller first, which ends the
	 * fixture's AERs (the controller takes only AERL + 1).
	 */
	ASSERT_EQ(0, nvmet_ctrl_open(st_dev_path(), &opts, &other));
	ASSERT_EQ(0, nvmet_ctrl_reset(other));
	nvmet_cmd_async_event(&sqe);
	ASSERT_EQ(0, nvmet_ctrl_admin(other, &sqe, NULL, 0, 0, NVMET_DIR_NONE, NULL, NULL));
	ret = wait_event(self->nl, self->instance, NVMETEST_NL_EVENT_TIMED_OUT, &ev);
	EXPECT_EQ(0, nvmet_ctrl_waitdone(other, 1, NULL));
	nvmet_ctrl_close(other);
	/* The fixture's handle gets its AERs back with a reset of its own. */
	ASSERT_EQ(0, nvmet_ctrl_reset(self->ctrl));

	ASSERT_EQ(0, ret) TH_LOG("no TIMED_OUT event: %s", strerror(-ret));
	EXPECT_EQ(NVMET_ADM_ASYNC_EVENT, ev.sqe.opc);
	EXPECT_EQ(0u, ev.qid);
	EXPECT_NE('\0', ev.bdf[0]);
}

TEST_F(nl, no_event_without_subscribing)
{
	struct nvmet_nl_event ev;

	EXPECT_EQ(-ENOTCONN, nvmet_nl_fd(self->nl));
	EXPECT_EQ(-ENOTCONN, nvmet_nl_next_event(self->nl, &ev, 0));
	ASSERT_EQ(0, nvmet_nl_subscribe(self->nl));
	ASSERT_EQ(0, nvmet_nl_subscribe(self->nl));
	EXPECT_EQ(-ETIMEDOUT, nvmet_nl_next_event(self->nl, &ev, 0));
}

FIXTURE(nl_removal) {
	struct nvmet_nl *nl;
	uint32_t instance;
	const char *bdf;
	const char *ko;
	char params[1024];
};

FIXTURE_SETUP(nl_removal)
{
	struct nvmetest_info info;
	struct nvmet_kdev *kdev;
	char bdf[32];

	ST_SETUP_OPEN(&kdev, &info);
	nvmet_kdev_close(kdev);
	ST_SETUP_NEED_RELOAD(&self->bdf, &self->ko);
	snprintf(bdf, sizeof(bdf), "%04x:%02x:%02x.%x", info.domain, info.bus, info.devfn >> 3,
		 info.devfn & 7);
	ASSERT_STREQ(self->bdf, bdf) TH_LOG("NVMETEST_DEV is not the device at NVMETEST_BDF");
	self->instance = info.instance;
	st_read_params(self->params, sizeof(self->params));
	ST_SETUP_NL(&self->nl);
}

FIXTURE_TEARDOWN(nl_removal)
{
	int ret;

	nvmet_nl_close(self->nl);
	ret = st_restore(self->bdf, self->ko, self->params);
	EXPECT_EQ(0, ret) TH_LOG("could not bring %s back: %s", self->bdf, strerror(-ret));
}

TEST_F_TIMEOUT(nl_removal, event_device_removed, 60)
{
	struct nvmet_nl_qpair qs[4];
	struct nvmet_nl_event ev;
	int ret;

	ASSERT_EQ(0, nvmet_nl_subscribe(self->nl));
	ASSERT_EQ(0, st_write_file_bounded(SYS_UNBIND, self->bdf, SYSFS_WAIT_MS))
		TH_LOG("unbinding %s", self->bdf);
	ret = wait_event(self->nl, self->instance, NVMETEST_NL_EVENT_DEVICE_REMOVED, &ev);
	ASSERT_EQ(0, ret) TH_LOG("no DEVICE_REMOVED event: %s", strerror(-ret));
	EXPECT_STREQ(self->bdf, ev.bdf);
	/* Gone for requests too. */
	EXPECT_EQ(-ENODEV, nvmet_nl_list_qpairs(self->nl, self->instance, qs, 4));
	ASSERT_EQ(0, nvmet_pci_bind(self->bdf));
	EXPECT_EQ(0, st_reopen_works(self->bdf));
}

TEST_HARNESS_MAIN
