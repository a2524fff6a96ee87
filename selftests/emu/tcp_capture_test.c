// SPDX-License-Identifier: GPL-2.0
/*
 * tcp_capture_test.c - captures of real NVMe/TCP connections, on both
 * sides: the host transport's (tcp:...,capture=FILE) and capture.so's
 * loaded into the target (nvmet_serve with plugin=capture). A session on
 * loopback writes 4 KiB (in the capsule) and 512 KiB (R2T, H2CData) and
 * reads them back (C2HData); tshark then finds in the file the ICReq and
 * ICResp of every connection, the Fabrics Connect of the admin and the I/O
 * queue, each command with its CID on its PDUs, the data as written (its
 * data digest as tshark reads it, which it checks against the bytes, is
 * the CRC32C of what the test wrote) and every digest correct. R2T,
 * H2CData and C2HData PDUs are only in a capture of the wire: a capture
 * synthesized from commands fails these tests.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nvmet/nvme_tcp.h>
#include <nvmet/nvmet.h>
#include <nvmet/serve.h>

#include "nvmetest_harness.h"
#include "nvmetest_util.h"
#include "st_lib.h"
#include "st_tshark.h"

#define NQN		"nqn.2014-08.org.nvmexpress:st-tcp-capture"
#define SMALL		4096u		/* in the capsule (the target takes 8 KiB) */
#define LARGE		(512u << 10)	/* by R2T: one H2CData over 8 frames at least */
#define SMALL_LBA	8u
#define LARGE_LBA	4096u

FIXTURE(tcpcap) {
	struct nvmet_serve *s;
	char file[64];
	char opts[160];
	uint8_t *small;
	uint8_t *large;
	uint16_t cid[4];	/* small write, small read, large write, large read */
};

FIXTURE_SETUP(tcpcap)
{
	int fd;

	self->s = NULL;
	snprintf(self->file, sizeof(self->file), "/tmp/nvmet-tcp-capture-XXXXXX");
	fd = mkstemp(self->file);
	ASSERT_LE(0, fd);
	close(fd);
	self->small = malloc(SMALL);
	self->large = malloc(LARGE);
	ASSERT_NE(NULL, self->small);
	ASSERT_NE(NULL, self->large);
}

FIXTURE_TEARDOWN(tcpcap)
{
	nvmet_serve_destroy(self->s);
	unlink(self->file);
	free(self->small);
	free(self->large);
}

/* Serve @emu on a free port of @listen; the tshark options that decode it. */
static int serve(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self, const char *emu,
		 const char *listen)
{
	struct nvmet_serve_opts o = { .emu = emu, .listen = listen, .nqn = NQN };
	int port;

	ASSERT_EQ(0, nvmet_serve_create(&o, &self->s)) TH_LOG("%s", nvmet_last_error());
	ASSERT_EQ(0, nvmet_serve_start(self->s));
	port = nvmet_serve_port(self->s);
	snprintf(self->opts, sizeof(self->opts),
		 "-d tcp.port==%d,nvme-tcp -o nvme-tcp.check_hdgst:TRUE "
		 "-o nvme-tcp.check_ddgst:TRUE", port);
	return port;
}

/* @len bytes written at @slba and read back; what was written kept in @copy. */
static void write_read(struct __test_metadata *_metadata, struct nvmet_ns *ns,
		       struct nvmet_qpair *qp, struct nvmet_buf *out, struct nvmet_buf *in,
		       uint64_t slba, uint32_t len, uint8_t *copy, uint16_t cid[2])
{
	uint32_t nlb = len / nvmet_ns_lba_size(ns);
	struct st_done d = { 0 };

	ASSERT_EQ(0, nvmet_buf_fill(out, 0, len, NVMET_PATTERN_RANDOM, 100, slba));
	ASSERT_EQ(0, nvmet_buf_fill(in, 0, len, NVMET_PATTERN_ZERO, 0, 0));
	ASSERT_EQ(0, nvmet_ns_write(ns, qp, out, 0, slba, nlb, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("write: %#x %s", d.last.status, nvmet_last_error());
	cid[0] = d.last.cid;
	ASSERT_EQ(0, nvmet_ns_read(ns, qp, in, 0, slba, nlb, st_count_cb, &d));
	ASSERT_EQ(0, nvmet_qpair_waitdone(qp, 1, NULL));
	ASSERT_TRUE(nvmet_cqe_ok(&d.last)) TH_LOG("read: %#x", d.last.status);
	cid[1] = d.last.cid;
	ASSERT_EQ(0, memcmp(out->va, in->va, len));
	memcpy(copy, out->va, len);
}

/* The session both sides capture: the controller at @addr, closed at the end. */
static void session(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
		    const char *addr)
{
	struct nvmet_ctrl *ctrl;
	struct nvmet_ns *ns;
	struct nvmet_qpair *qp;
	struct nvmet_buf *out, *in;

	st_io_open(_metadata, addr, LARGE, &ctrl, &ns, &qp, &out, &in);
	write_read(_metadata, ns, qp, out, in, SMALL_LBA, SMALL, self->small, &self->cid[0]);
	write_read(_metadata, ns, qp, out, in, LARGE_LBA, LARGE, self->large, &self->cid[2]);
	st_io_close(&ctrl, &ns, &qp, &out, &in);
}

/* Frames of the capture matching the filter (printf-style): their @field of the first. */
static unsigned int frames(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
			   const char *field, char *val, size_t vlen, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
static unsigned int frames(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
			   const char *field, char *val, size_t vlen, const char *fmt, ...)
{
	const char *fields[] = { "frame.number", field ? field : "frame.number", NULL };
	struct st_rows rows;
	char filter[1024];
	unsigned int n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(filter, sizeof(filter), fmt, ap);
	va_end(ap);
	EXPECT_EQ(0, st_tshark_fields_opts(self->file, self->opts, filter, fields, &rows))
		TH_LOG("tshark on %s, filter %s", self->file, filter);
	if (val)
		snprintf(val, vlen, "%s", st_cell(&rows, 0, 1));
	n = rows.n;
	st_rows_free(&rows);
	return n;
}

static unsigned int count(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
			  const char *filter)
{
	return frames(_metadata, self, NULL, NULL, 0, "%s", filter);
}

/* A data digest as tshark shows it: the four bytes on the wire read big-endian. */
static uint32_t ddgst(const void *data, size_t len)
{
	return __builtin_bswap32(nvmet_crc32c(0, data, len));
}

/*
 * The command @opc at @slba, in one capsule: its CID is @cid; its
 * connection (tcp.stream) in @stream, its frame's number returned.
 */
static unsigned long find_cmd(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
			      unsigned int opc, uint64_t slba, uint16_t cid, char *stream,
			      size_t slen)
{
	static const char filter[] = "nvme-tcp.type == 4 && nvme.cmd.opc == %u && "
				     "nvme.cmd.slba == %llu";
	char got[32];

	EXPECT_EQ(1u, frames(_metadata, self, "nvme.cmd.cid", got, sizeof(got), filter, opc,
			     (unsigned long long)slba));
	EXPECT_EQ(cid, strtoul(got, NULL, 0));
	EXPECT_EQ(1u, frames(_metadata, self, "tcp.stream", stream, slen, filter, opc,
			     (unsigned long long)slba));
	EXPECT_EQ(1u, frames(_metadata, self, "frame.number", got, sizeof(got), filter, opc,
			     (unsigned long long)slba));
	return strtoul(got, NULL, 0);
}

/*
 * Every C2HData PDU of command @cid in frames @from to @to (CIDs are used
 * again) holds the bytes of @data at its offset, @len in all.
 */
static void check_c2h(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self,
		      const char *stream, uint16_t cid, unsigned long from, unsigned long to,
		      const uint8_t *data, uint32_t len)
{
	const char *fields[] = { "nvme-tcp.data.offset", "nvme-tcp.data.length", "nvme-tcp.ddgst",
				 "nvme-tcp.ddgst.status", NULL };
	struct st_rows rows;
	char filter[256];
	uint32_t total = 0;
	unsigned int r;

	snprintf(filter, sizeof(filter), "tcp.stream == %s && nvme-tcp.type == 7 && "
		 "nvme-tcp.cmd.cid == %u && frame.number > %lu && frame.number < %lu", stream,
		 cid, from, to);
	ASSERT_EQ(0, st_tshark_fields_opts(self->file, self->opts, filter, fields, &rows));
	EXPECT_LE(1u, rows.n);
	for (r = 0; r < rows.n; r++) {
		uint32_t off = (uint32_t)strtoul(st_cell(&rows, r, 0), NULL, 0);
		uint32_t n = (uint32_t)strtoul(st_cell(&rows, r, 1), NULL, 0);

		if (off > len || n > len - off) {
			EXPECT_LE(off + n, len);
			break;
		}
		EXPECT_EQ(ddgst(data + off, n), strtoul(st_cell(&rows, r, 2), NULL, 0))
			TH_LOG("C2HData of CID %u at offset %u: not the bytes written", cid, off);
		EXPECT_STREQ("1", st_cell(&rows, r, 3));
		total += n;
	}
	EXPECT_EQ(len, total);
	st_rows_free(&rows);
}

/*
 * What a capture of the session holds, whichever side wrote it: the
 * connections' initialization with both digests, Connect for queues 0
 * and 1, the writes (in the capsule, then R2T and an H2CData spanning
 * frames) and the reads (C2HData), CIDs as the library saw them, data as
 * written, digests correct. The commands went one at a time: what belongs
 * to one is between its capsule and the next's.
 */
static void check_session(struct __test_metadata *_metadata, FIXTURE_DATA(tcpcap) *self)
{
	unsigned int conns = count(_metadata, self, "tcp.flags.syn == 1 && tcp.flags.ack == 0");
	unsigned long w1, r1, w2, r2;
	char stream[16], segs[16];

	EXPECT_LE(2u, conns);
	EXPECT_EQ(conns, count(_metadata, self, "nvme-tcp.type == 0 && nvme-tcp.icreq.digest == 3"));
	EXPECT_EQ(conns, count(_metadata, self, "nvme-tcp.type == 1 && nvme-tcp.icresp.digest == 3"));
	EXPECT_LE(1u, count(_metadata, self, "nvme.fabrics.cmd.fctype == 1 && "
				 "nvme.fabrics.cmd.connect.qid == 0"));
	EXPECT_EQ(1u, count(_metadata, self, "nvme.fabrics.cmd.fctype == 1 && "
				 "nvme.fabrics.cmd.connect.qid == 1"));

	w1 = find_cmd(_metadata, self, NVMET_CMD_WRITE, SMALL_LBA, self->cid[0], stream,
		      sizeof(stream));
	r1 = find_cmd(_metadata, self, NVMET_CMD_READ, SMALL_LBA, self->cid[1], stream,
		      sizeof(stream));
	w2 = find_cmd(_metadata, self, NVMET_CMD_WRITE, LARGE_LBA, self->cid[2], stream,
		      sizeof(stream));
	r2 = find_cmd(_metadata, self, NVMET_CMD_READ, LARGE_LBA, self->cid[3], stream,
		      sizeof(stream));
	ASSERT_TRUE(w1 < r1 && r1 < w2 && w2 < r2);

	/* 4 KiB in the capsule: its data digest is that of what was written; no R2T. */
	EXPECT_EQ(1u, frames(_metadata, self, NULL, NULL, 0,
			     "frame.number == %lu && nvme-tcp.ddgst == 0x%08x && "
			     "nvme-tcp.ddgst.status == 1", w1, ddgst(self->small, SMALL)));
	EXPECT_EQ(1u, frames(_metadata, self, NULL, NULL, 0,
			     "tcp.stream == %s && frame.number > %lu && frame.number < %lu && "
			     "nvme-tcp.type == 5 && nvme.cqe.cid == %u", stream, w1, r1,
			     self->cid[0]));
	EXPECT_EQ(0u, frames(_metadata, self, NULL, NULL, 0,
			     "tcp.stream == %s && frame.number > %lu && frame.number < %lu && "
			     "nvme-tcp.type == 9", stream, w1, r1));
	check_c2h(_metadata, self, stream, self->cid[1], r1, w2, self->small, SMALL);

	/* 512 KiB: an R2T for all of it, one H2CData over many frames, data as written. */
	EXPECT_EQ(1u, frames(_metadata, self, NULL, NULL, 0,
			     "tcp.stream == %s && frame.number > %lu && frame.number < %lu && "
			     "nvme-tcp.type == 9 && nvme-tcp.cmd.cid == %u && "
			     "nvme-tcp.r2t.offset == 0 && nvme-tcp.r2t.length == %u", stream, w2,
			     r2, self->cid[2], LARGE));
	ASSERT_EQ(1u, frames(_metadata, self, "tcp.segment.count", segs, sizeof(segs),
			     "tcp.stream == %s && frame.number > %lu && frame.number < %lu && "
			     "nvme-tcp.type == 6 && nvme-tcp.cmd.cid == %u && "
			     "nvme-tcp.data.length == %u && nvme-tcp.ddgst == 0x%08x && "
			     "nvme-tcp.ddgst.status == 1 && nvme-tcp.hdgst.status == 1", stream, w2,
			     r2, self->cid[2], LARGE, ddgst(self->large, LARGE)));
	EXPECT_LE(8, atoi(segs)) TH_LOG("512 KiB of H2CData in %s frames", segs);
	check_c2h(_metadata, self, stream, self->cid[3], r2, 0xfffffffful, self->large, LARGE);

	/* Every digest tshark checked is right; there were some. */
	EXPECT_LE(10u, count(_metadata, self, "nvme-tcp.hdgst.status == 1"));
	EXPECT_EQ(0u, count(_metadata, self, "nvme-tcp.hdgst.status == 0 || "
				 "nvme-tcp.ddgst.status == 0"));
	EXPECT_EQ(0u, count(_metadata, self, "tcp.analysis.flags"));
	/* Nothing synthesized: those frames carry a comment. */
	EXPECT_EQ(0u, count(_metadata, self, "frame.comment"));
}

/*
 * A session's check starts tshark about 20 times, a second or more each
 * when the machine is busy: more than the harness's default 30 s.
 */
#define SESSION_TIMEOUT_S 180

/* The host transport's capture: capture=FILE in the address. */
TEST_F_TIMEOUT(tcpcap, host_captures_its_connections, SESSION_TIMEOUT_S)
{
	char addr[512];
	int port;

	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	port = serve(_metadata, self, "emu:ns=1,size=64M", "127.0.0.1:0");
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/%s,hdgst=1,ddgst=1,capture=%s", port, NQN,
		 self->file);
	session(_metadata, self, addr);
	check_session(_metadata, self);
}

/* capture.so in the target: the PDUs as the target read and sent them. */
TEST_F_TIMEOUT(tcpcap, capture_plugin_in_the_target, SESSION_TIMEOUT_S)
{
	char emu[256], addr[512];
	int port;

	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	snprintf(emu, sizeof(emu), "emu:ns=1,size=64M,plugin=capture:file=%s", self->file);
	port = serve(_metadata, self, emu, "127.0.0.1:0");
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/%s,hdgst=1,ddgst=1", port, NQN);
	session(_metadata, self, addr);
	/* The plug-in's teardown finishes the file. */
	nvmet_serve_destroy(self->s);
	self->s = NULL;
	check_session(_metadata, self);
}

/* IPv6: the frames are IPv6 between the real ports, and decode the same. */
TEST_F(tcpcap, ipv6_connections)
{
	struct nvmet_ctrl *ctrl;
	char addr[512];
	unsigned int conns;
	int port, ret;

	if (!st_tshark_have())
		SKIP(return, "tshark is not installed (make deps installs it)");
	{
		struct nvmet_serve_opts o = { .emu = "emu", .listen = "[::1]:0", .nqn = NQN };

		if (nvmet_serve_create(&o, &self->s))
			SKIP(return, "no IPv6 loopback here: %s", nvmet_last_error());
		nvmet_serve_destroy(self->s);
		self->s = NULL;
	}
	port = serve(_metadata, self, "emu", "[::1]:0");
	snprintf(addr, sizeof(addr), "tcp:[::1]:%d/%s,capture=%s", port, NQN, self->file);
	ret = nvmet_ctrl_open(addr, NULL, &ctrl);
	ASSERT_EQ(0, ret) TH_LOG("%s", nvmet_last_error());
	nvmet_ctrl_close(ctrl);
	/* The open's init resets the controller: a second admin connection. */
	conns = count(_metadata, self, "ipv6 && tcp.flags.syn == 1 && tcp.flags.ack == 0");
	EXPECT_LE(1u, conns);
	EXPECT_EQ(conns, count(_metadata, self, "ipv6.src == ::1 && nvme-tcp.type == 0 && "
				    "nvme-tcp.icreq.digest == 0"));
	EXPECT_EQ(conns, count(_metadata, self, "ipv6 && nvme.fabrics.cmd.fctype == 1 && "
				    "nvme.fabrics.cmd.connect.qid == 0"));
	EXPECT_LE(1u, count(_metadata, self, "ipv6 && nvme-tcp.type == 7"));
	/* Each connection ends with a FIN each way. */
	EXPECT_EQ(2 * conns, count(_metadata, self, "ipv6 && tcp.flags.fin == 1"));
	EXPECT_EQ(0u, count(_metadata, self, "ip"));
}

/* capture= refuses an empty name, and a file it cannot create fails the open, saying so. */
TEST_F(tcpcap, bad_capture_option)
{
	struct nvmet_ctrl *ctrl = NULL;
	char addr[512];
	int port;

	port = serve(_metadata, self, "emu", "127.0.0.1:0");
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/%s,capture=", port, NQN);
	EXPECT_EQ(-EINVAL, nvmet_ctrl_open(addr, NULL, &ctrl));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "capture"));
	snprintf(addr, sizeof(addr), "tcp:127.0.0.1:%d/%s,capture=/nonexistent/dir/x.pcapng",
		 port, NQN);
	EXPECT_EQ(-ENOENT, nvmet_ctrl_open(addr, NULL, &ctrl));
	EXPECT_NE(NULL, strstr(nvmet_last_error(), "/nonexistent/dir/x.pcapng"));
	EXPECT_EQ(NULL, ctrl);
}

TEST_HARNESS_MAIN
