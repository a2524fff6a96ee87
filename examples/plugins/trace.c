// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * trace.c - a plug-in for the emulated controller that writes one line per
 * event, with the time (CLOCK_MONOTONIC, seconds) and the controller's
 * name:
 *
 *   [    5.123456] emu0 REG 0014 <- 00460001 (CC)
 *   [    5.123460] emu0 REG 001c -> 00000001 (CSTS)
 *   [    5.123470] emu0 REG 1000 <- 00000001 (SQ 0 Tail Doorbell)
 *   [    5.123480] emu0 ADM SQ=0 CID=0000 OPC=IDENTIFY(06) NSID=0 prp1=... CDW10=00000001 ...
 *   [    5.123490] emu0 CPL SQ=0 CID=0000 P=1 STS=0x0000 CDW0=00000000 SQHD=0001
 *                  (SUCCESS (00/00)) lat=10.0us     (one line)
 *   [    5.123495] emu0 MSI vector=0
 *   [    5.123500] emu0 IO SQ=1 CID=0001 OPC=READ(02) NSID=1 SLBA=0x1234 NLB=8 prp1=... prp2=...
 *
 * Arguments ("key=value;key=value"; unknown keys are refused): file=PATH
 * writes there (else to stderr); dstrd=N gives the doorbell stride, which
 * is otherwise learnt from CAP when the host reads it (0 until then).
 * P= is the phase tag the completion is posted with, worked out from the
 * queue sizes seen in AQA and Create I/O Completion Queue; "P=?" when they
 * were not seen. STS= is the status field without the phase tag (CQE DW3
 * bits 31:17), as Linux's nvme trace prints it.
 *
 * Load it with "emu:plugin=build/plugins/trace.so:file=/tmp/trace.txt".
 */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/emu.h>
#include <nvmet/names.h>
#include <nvmet/pcap.h>

/* Completion queue state, to know the phase tag of each completion. */
struct trace_cq {
	uint32_t size;		/* 0: unknown */
	uint32_t tail;
	uint8_t phase;
};

struct trace {
	pthread_mutex_t lock;
	FILE *f;
	struct nvmet_emu *emu;
	unsigned int dstrd;
	struct trace_cq *cqs;	/* index = CQ id */
	uint16_t *sq_cq;	/* index = SQ id: its CQ */
	unsigned int nr_q;
};

static int grow(struct trace *t, unsigned int qid)
{
	struct trace_cq *cqs;
	uint16_t *sq_cq;
	unsigned int n = qid + 1;

	if (qid < t->nr_q)
		return 0;
	cqs = realloc(t->cqs, n * sizeof(*cqs));
	if (!cqs)
		return -ENOMEM;
	t->cqs = cqs;
	sq_cq = realloc(t->sq_cq, n * sizeof(*sq_cq));
	if (!sq_cq)
		return -ENOMEM;
	t->sq_cq = sq_cq;
	memset(cqs + t->nr_q, 0, (n - t->nr_q) * sizeof(*cqs));
	memset(sq_cq + t->nr_q, 0, (n - t->nr_q) * sizeof(*sq_cq));
	t->nr_q = n;
	return 0;
}

static void cq_reset(struct trace *t, uint16_t qid, uint32_t size)
{
	if (grow(t, qid))
		return;
	t->cqs[qid] = (struct trace_cq){ .size = size, .phase = 1 };
}

/* A controller reset: every queue gone, the admin CQ back at its start. */
static void queues_reset(struct trace *t)
{
	uint32_t acq_size = t->nr_q ? t->cqs[0].size : 0;

	if (t->nr_q)
		memset(t->cqs, 0, t->nr_q * sizeof(*t->cqs));
	cq_reset(t, 0, acq_size);
}

/* The phase tag of the next completion for @sqid: '0', '1' or '?'. */
static char next_phase(struct trace *t, uint16_t sqid)
{
	struct trace_cq *cq;

	if (sqid >= t->nr_q || t->sq_cq[sqid] >= t->nr_q)
		return '?';
	cq = &t->cqs[t->sq_cq[sqid]];
	if (!cq->size)
		return '?';
	if (++cq->tail == cq->size) {
		cq->tail = 0;
		cq->phase ^= 1;
		return (char)('0' + (cq->phase ^ 1));
	}
	return (char)('0' + cq->phase);
}

/* Queue creation and deletion, seen when the admin command succeeds. */
static void admin_done(struct trace *t, const struct nvmet_sqe *sqe, uint16_t status)
{
	uint16_t qid = sqe->create_cq.qid;	/* where every queue command has it */

	if (status & 0xfffe)
		return;
	switch (sqe->opc) {
	case NVMET_ADM_CREATE_CQ:
		cq_reset(t, qid, sqe->create_cq.qsize + 1u);
		break;
	case NVMET_ADM_CREATE_SQ:
		if (!grow(t, qid))
			t->sq_cq[qid] = sqe->create_sq.cqid;
		break;
	case NVMET_ADM_DELETE_CQ:
		if (qid < t->nr_q)
			t->cqs[qid].size = 0;
		break;
	}
}

static void reg_written(struct trace *t, uint32_t offset, uint64_t value)
{
	if (offset == NVMET_REG_AQA)
		cq_reset(t, 0, ((value >> 16) & 0xfff) + 1);
	else if (offset == NVMET_REG_CC && !(value & 1))
		queues_reset(t);
}

static void reg_read(struct trace *t, uint32_t offset, unsigned int width, uint64_t value)
{
	if (offset == NVMET_REG_CAP && width == 8)
		t->dstrd = (unsigned int)(value >> 32) & 0xf;
	else if (offset == NVMET_REG_CAP + 4)
		t->dstrd = (unsigned int)value & 0xf;
}

static void line_start(struct trace *t, const struct nvmet_emu_event *ev)
{
	fprintf(t->f, "[%5" PRIu64 ".%06" PRIu64 "] %s ", ev->ts_ns / 1000000000u,
		ev->ts_ns / 1000u % 1000000u, nvmet_emu_name(t->emu));
}

/* An opcode name as one word: "GET LOG PAGE" reads GET_LOG_PAGE(02). */
static void print_opcode(FILE *f, const char *name, uint8_t opc)
{
	fputs("OPC=", f);
	for (; *name; name++)
		fputc(*name == ' ' ? '_' : *name, f);
	fprintf(f, "(%02x)", opc);
}

static void print_cdws(FILE *f, const struct nvmet_sqe *sqe)
{
	fprintf(f, " prp1=%016" PRIx64 " prp2=%016" PRIx64 " CDW10=%08x CDW11=%08x CDW12=%08x"
		" CDW13=%08x CDW14=%08x CDW15=%08x", sqe->prp1, sqe->prp2, sqe->cdw10, sqe->cdw11,
		sqe->cdw12, sqe->cdw13, sqe->cdw14, sqe->cdw15);
}

static void print_fuse(FILE *f, const struct nvmet_sqe *sqe)
{
	unsigned int fuse = sqe->flags & NVMET_SQE_FUSE_MASK;

	if (fuse)
		fprintf(f, " FUSE=%s", fuse == NVMET_SQE_FUSE_FIRST ? "first" : "second");
}

static bool io_has_lba(uint8_t opc)
{
	switch (opc) {
	case NVMET_CMD_WRITE:
	case NVMET_CMD_READ:
	case NVMET_CMD_WRITE_UNCOR:
	case NVMET_CMD_COMPARE:
	case NVMET_CMD_WRITE_ZEROES:
	case NVMET_CMD_VERIFY:
		return true;
	}
	return false;
}

static void print_command(struct trace *t, const struct nvmet_emu_event *ev)
{
	const struct nvmet_sqe *sqe = ev->sqe;
	bool admin = ev->tap == NVMET_EMU_TAP_ADMIN_DECODE;

	fprintf(t->f, "%s SQ=%u CID=%04x ", admin ? "ADM" : "IO", ev->sqid, sqe->cid);
	print_opcode(t->f, admin ? nvmet_admin_opcode_name(sqe->opc) :
		     nvmet_io_opcode_name(sqe->opc), sqe->opc);
	fprintf(t->f, " NSID=%u", sqe->nsid);
	if (!admin && io_has_lba(sqe->opc))
		fprintf(t->f, " SLBA=0x%" PRIx64 " NLB=%u prp1=%016" PRIx64 " prp2=%016" PRIx64,
			sqe->rw.slba, sqe->rw.nlb + 1u, sqe->prp1, sqe->prp2);
	else
		print_cdws(t->f, sqe);
	print_fuse(t->f, sqe);
	fputc('\n', t->f);
}

static void print_completion(struct trace *t, const struct nvmet_emu_event *ev)
{
	const struct nvmet_cqe *cqe = ev->cqe;
	char st[NVMET_STATUS_STR_MAX];

	nvmet_status_snprint(st, sizeof(st), cqe->status & 0xfffe);
	fprintf(t->f, "CPL SQ=%u CID=%04x P=%c STS=0x%04x CDW0=%08x SQHD=%04x (%s) lat=%.1fus\n",
		ev->sqid, cqe->cid, next_phase(t, ev->sqid), cqe->status >> 1, cqe->dw0, cqe->sqhd,
		st, (double)ev->latency_ns / 1e3);
	if (ev->tap == NVMET_EMU_TAP_ADMIN_WRITEBACK)
		admin_done(t, ev->sqe, cqe->status);
}

static void print_reg(struct trace *t, const struct nvmet_emu_event *ev, bool write)
{
	char name[NVMET_PCAP_REG_NAME_MAX];

	if (write)
		reg_written(t, ev->offset, ev->value);
	else
		reg_read(t, ev->offset, ev->width, ev->value);
	nvmet_pcap_reg_name(name, sizeof(name), ev->offset, t->dstrd);
	fprintf(t->f, "REG %04x %s %0*" PRIx64 " (%s)\n", ev->offset, write ? "<-" : "->",
		ev->width == 8 ? 16 : 8, ev->value, name);
}

static void print_cfg(struct trace *t, const struct nvmet_emu_event *ev, bool write)
{
	fprintf(t->f, "CFG %03x %s %0*" PRIx64 "\n", ev->offset, write ? "<-" : "->",
		(int)ev->width * 2, ev->value);
}

static void print_event(struct trace *t, const struct nvmet_emu_event *ev)
{
	switch (ev->tap) {
	case NVMET_EMU_TAP_PCI_REGREAD:
	case NVMET_EMU_TAP_PCI_REGWRITE:
		print_cfg(t, ev, ev->tap == NVMET_EMU_TAP_PCI_REGWRITE);
		break;
	case NVMET_EMU_TAP_MSIX:
		fprintf(t->f, "MSI vector=%u\n", ev->vector);
		break;
	case NVMET_EMU_TAP_REGREAD:
	case NVMET_EMU_TAP_REGWRITE:
		print_reg(t, ev, ev->tap == NVMET_EMU_TAP_REGWRITE);
		break;
	case NVMET_EMU_TAP_ADMIN_DECODE:
	case NVMET_EMU_TAP_IO_DECODE:
		print_command(t, ev);
		break;
	case NVMET_EMU_TAP_ADMIN_WRITEBACK:
	case NVMET_EMU_TAP_IO_WRITEBACK:
		print_completion(t, ev);
		break;
	case NVMET_EMU_TAP_PDU_RECV:
	case NVMET_EMU_TAP_PDU_SEND:
		fprintf(t->f, "PDU %s QID=%u TYPE=%02x FLAGS=%02x HLEN=%u DATA=%u\n",
			ev->tap == NVMET_EMU_TAP_PDU_RECV ? "<-" : "->", ev->qid, ev->pdu[0],
			ev->pdu[1], ev->pdu[2], ev->data_len);
		break;
	default:
		fprintf(t->f, "%s\n", nvmet_emu_tap_name(ev->tap));
		break;
	}
}

static int on_event(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	struct trace *t = arg;

	(void)emu;
	/* The PDU lines say what the bytes of a connection were. */
	if (ev->tap == NVMET_EMU_TAP_STREAM_RECV || ev->tap == NVMET_EMU_TAP_STREAM_SEND)
		return NVMET_EMU_CONTINUE;
	pthread_mutex_lock(&t->lock);
	line_start(t, ev);
	print_event(t, ev);
	pthread_mutex_unlock(&t->lock);
	return NVMET_EMU_CONTINUE;
}

static void detach_all(struct trace *t)
{
	int i;

	for (i = 0; i < NVMET_EMU_TAP_COUNT; i++)
		nvmet_emu_detach(t->emu, nvmet_emu_tap_name((enum nvmet_emu_tap)i), on_event, t);
}

static void trace_free(struct trace *t)
{
	if (t->f && t->f != stderr)
		fclose(t->f);
	else if (t->f)
		fflush(t->f);
	pthread_mutex_destroy(&t->lock);
	free(t->cqs);
	free(t->sq_cq);
	free(t);
}

static int trace_open(struct trace *t, const char *args)
{
	static const char *const keys[] = { "file", "dstrd", NULL };
	char path[4096];
	uint64_t dstrd;
	int ret;

	ret = nvmet_emu_args_check(args, keys);
	if (ret)
		return ret;
	ret = nvmet_emu_arg_u64(args, "dstrd", &dstrd);
	if (ret == -EINVAL)
		return ret;
	if (!ret && dstrd > 15)
		return nvmet_emu_plugin_error("dstrd=%" PRIu64 " is out of range 0..15", dstrd);
	if (!ret)
		t->dstrd = (unsigned int)dstrd;
	ret = nvmet_emu_arg_str(args, "file", path, sizeof(path));
	if (ret == -ENOENT) {
		t->f = stderr;
		return 0;
	}
	if (ret)
		return nvmet_emu_plugin_error("file= is too long");
	t->f = fopen(path, "we");
	if (!t->f) {
		ret = -errno;
		nvmet_emu_plugin_error("file=%s: %s", path, strerror(errno));
	}
	return ret;
}

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	struct trace *t = calloc(1, sizeof(*t));
	int i, ret;

	if (!t)
		return -ENOMEM;
	pthread_mutex_init(&t->lock, NULL);
	t->emu = emu;
	ret = trace_open(t, args);
	for (i = 0; !ret && i < NVMET_EMU_TAP_COUNT; i++)
		ret = nvmet_emu_attach(emu, nvmet_emu_tap_name((enum nvmet_emu_tap)i), on_event, t);
	if (ret) {
		detach_all(t);
		trace_free(t);
		return ret;
	}
	*priv = t;
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	struct trace *t = priv;

	(void)emu;
	detach_all(t);
	trace_free(t);
}
