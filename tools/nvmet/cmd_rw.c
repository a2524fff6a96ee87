// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_rw.c - rw: write a pattern to a range of blocks through a poll-mode
 * I/O queue pair, read it back and compare.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tool.h"

#define CHUNK_MAX	(32u << 10)	/* bytes per command */
#define WAIT_MS		10000u		/* for each completion */
#define REAP_BATCH	64

struct rw_args {
	uint32_t nsid;
	uint64_t lba;
	uint32_t count;
	uint32_t qid;
	uint32_t depth;
	int irq;
};

struct rw {
	const struct cmd *cmd;
	struct rw_args a;
	struct nvmet_kdev *dev;
	struct nvmetest_info info;
	uint32_t lba_size;
	uint32_t page;
	uint32_t chunk_blocks;
	uint32_t nchunks;
	size_t prp_slot;
	struct nvmet_dmabuf wbuf, rbuf, prps;
	struct nvmet_kcq cq;
	struct nvmet_ksq sq;
	int have_cq, have_sq;
	uint32_t vector;
	uint8_t *done;
	unsigned int cmds;
};

/* Return: -1 to go on, else the exit status. */
static int parse_rw(const struct cmd *cmd, int argc, char **argv, struct rw_args *a)
{
	static const struct option opts[] = {
		{ "nsid", required_argument, NULL, 'n' },
		{ "lba", required_argument, NULL, 'l' },
		{ "count", required_argument, NULL, 'c' },
		{ "qid", required_argument, NULL, 'q' },
		{ "depth", required_argument, NULL, 'd' },
		{ "irq", no_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, ret = 0;

	while ((c = nvmet_getopt(cmd, argc, argv, opts)) != -1 && !ret) {
		switch (c) {
		case 'n':
			ret = parse_u32(cmd, "nsid", optarg, UINT32_MAX, &a->nsid);
			break;
		case 'l':
			ret = parse_u64(cmd, "lba", optarg, UINT64_MAX, &a->lba);
			break;
		case 'c':
			ret = parse_u32(cmd, "count", optarg, UINT32_MAX, &a->count);
			break;
		case 'q':
			ret = parse_u32(cmd, "qid", optarg, 0xffff, &a->qid);
			break;
		case 'd':
			ret = parse_u32(cmd, "depth", optarg, 65536, &a->depth);
			break;
		case 'i':
			a->irq = 1;
			break;
		default:
			return opt_exit(c);
		}
	}
	if (ret || need_args(cmd, argc, argv, 1, 1))
		return EXIT_USAGE;
	if (!a->count)
		return usage_error(cmd, "count must be at least 1");
	if (!a->qid)
		return usage_error(cmd, "qid 0 is the admin queue; I/O queues start at 1");
	if (a->depth < 2)
		return usage_error(cmd, "depth must be at least 2");
	return -1;
}

static int ns_check(struct rw *rw, const uint8_t *id)
{
	const struct cmd *cmd = rw->cmd;
	uint64_t nsze = get_le64(id + NVMET_ID_NS_NSZE);
	const uint8_t *lbaf = id + NVMET_ID_NS_LBAF + 4 * (id[NVMET_ID_NS_FLBAS] & 0xf);

	if (get_le16(lbaf))
		return fail(cmd, "namespace %u has metadata (ms %u); not supported", rw->a.nsid,
			    get_le16(lbaf));
	if (lbaf[2] < 9 || lbaf[2] > 16)
		return fail(cmd, "namespace %u: unexpected LBA data size 2^%u", rw->a.nsid,
			    lbaf[2]);
	rw->lba_size = 1u << lbaf[2];
	if (rw->a.lba > nsze || rw->a.count > nsze - rw->a.lba)
		return usage_error(cmd, "LBA %" PRIu64 " + %u blocks is beyond the namespace"
				   " (%" PRIu64 " blocks)", rw->a.lba, rw->a.count, nsze);
	if ((uint64_t)rw->a.count * rw->lba_size > NVMETEST_BUF_MAX_SIZE)
		return usage_error(cmd, "at most %u blocks of %u bytes at a time",
				   NVMETEST_BUF_MAX_SIZE / rw->lba_size, rw->lba_size);
	return 0;
}

/* Commands of at most 32 KiB, within MDTS, each with a PRP list of its own. */
static int transfer_limits(struct rw *rw, const uint8_t *id_ctrl)
{
	uint8_t mdts = id_ctrl[NVMET_ID_CTRL_MDTS];
	uint64_t max = UINT64_MAX, cc;
	int ret;

	if (mdts)
		max = (4096ull << NVMET_CAP_MPSMIN(rw->info.cap)) << mdts;
	ret = nvmet_kdev_reg_read(rw->dev, NVMET_REG_CC, 4, &cc);
	if (ret)
		return errno_fail(rw->cmd, "CC", ret);
	rw->page = 4096u << ((cc >> 7) & 0xf);
	rw->chunk_blocks = CHUNK_MAX / rw->lba_size;
	while (rw->chunk_blocks > 1 && (uint64_t)rw->chunk_blocks * rw->lba_size > max)
		rw->chunk_blocks /= 2;
	if (!rw->chunk_blocks)
		rw->chunk_blocks = 1;
	rw->nchunks = (rw->a.count + rw->chunk_blocks - 1) / rw->chunk_blocks;
	/* A list aligned to its power-of-two size never crosses a page. */
	rw->prp_slot = 64;
	while (rw->prp_slot < ((size_t)rw->chunk_blocks * rw->lba_size / rw->page + 2) * 8)
		rw->prp_slot *= 2;
	return 0;
}

static int rw_geometry(struct rw *rw)
{
	uint8_t *id = malloc(4096);
	int ret;

	if (!id)
		return fail(rw->cmd, "out of memory");
	ret = identify(rw->cmd, rw->dev, NVMET_CNS_NS, rw->a.nsid, id);
	if (!ret)
		ret = ns_check(rw, id);
	if (!ret)
		ret = identify(rw->cmd, rw->dev, NVMET_CNS_CTRL, 0, id);
	if (!ret)
		ret = transfer_limits(rw, id);
	free(id);
	return ret;
}

static uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdull;
	x ^= x >> 33;
	return x;
}

/* Every block starts with its LBA and this run's seed, then words of both mixed. */
static void fill_pattern(struct rw *rw, uint64_t seed)
{
	size_t words = rw->lba_size / 8, b, w;
	uint64_t *p = rw->wbuf.va;

	for (b = 0; b < rw->a.count; b++) {
		uint64_t lba = rw->a.lba + b;

		p[0] = lba;
		p[1] = seed;
		for (w = 2; w < words; w++)
			p[w] = mix(lba * words + w + seed);
		p += words;
	}
}

static int rw_buffers(struct rw *rw)
{
	size_t len = (size_t)rw->a.count * rw->lba_size;
	int ret;

	ret = nvmet_kdev_buf_alloc(rw->dev, len, &rw->wbuf);
	if (!ret)
		ret = nvmet_kdev_buf_alloc(rw->dev, len, &rw->rbuf);
	if (!ret)
		ret = nvmet_kdev_buf_alloc(rw->dev, rw->nchunks * rw->prp_slot, &rw->prps);
	if (ret)
		return errno_fail(rw->cmd, "DMA buffer", ret);
	rw->done = calloc(rw->nchunks, 1);
	if (!rw->done)
		return fail(rw->cmd, "out of memory");
	memset(rw->rbuf.va, 0, len);
	fill_pattern(rw, mix((uint64_t)time(NULL) << 20 ^ (uint64_t)getpid()));
	return 0;
}

static int queue_error(struct rw *rw, const char *what, int ret, uint32_t status)
{
	char st[NVMET_STATUS_STR_MAX];

	if (ret != -EIO || !status)
		return errno_fail(rw->cmd, what, ret);
	nvmet_status_snprint(st, sizeof(st), (uint16_t)(status << 1));
	return fail(rw->cmd, "%s qid %u: %s", what, rw->a.qid, st);
}

static int rw_queues(struct rw *rw)
{
	uint32_t status;
	int ret;

	if (rw->a.qid > rw->info.max_qid)
		return usage_error(rw->cmd, "qid %u above the controller's maximum %u", rw->a.qid,
				   rw->info.max_qid);
	if (rw->info.mqes && rw->a.depth > rw->info.mqes)
		return usage_error(rw->cmd, "depth %u above the controller's maximum %u",
				   rw->a.depth, rw->info.mqes);
	rw->vector = NVMETEST_NO_VECTOR;
	if (rw->a.irq) {
		if (!rw->info.nr_vectors)
			return fail(rw->cmd, "the device has no interrupt vectors");
		rw->vector = rw->info.nr_vectors > 1 ? 1 : 0;
	}
	ret = nvmet_kcq_create(rw->dev, rw->a.qid, rw->a.depth, rw->vector, &rw->cq, &status);
	if (ret)
		return queue_error(rw, "create I/O CQ", ret, status);
	rw->have_cq = 1;
	ret = nvmet_ksq_create(rw->dev, rw->a.qid, rw->a.depth, &rw->cq, 0, &rw->sq, &status);
	if (ret)
		return queue_error(rw, "create I/O SQ", ret, status);
	rw->have_sq = 1;
	return 0;
}

static void set_prps(struct rw *rw, struct nvmet_sqe *sqe, uint64_t iova, size_t len,
		     uint32_t chunk)
{
	uint64_t *list = (uint64_t *)((uint8_t *)rw->prps.va + chunk * rw->prp_slot);
	size_t first = rw->page - (iova & (rw->page - 1)), n = 0;
	uint64_t next = iova + first;

	sqe->prp1 = iova;
	sqe->prp2 = 0;
	if (len <= first)
		return;
	len -= first;
	if (len <= rw->page) {
		sqe->prp2 = next;
		return;
	}
	while (len) {
		list[n++] = next;
		next += rw->page;
		len -= len < rw->page ? len : rw->page;
	}
	sqe->prp2 = rw->prps.iova + chunk * rw->prp_slot;
}

static void build_io(struct rw *rw, uint8_t opc, const struct nvmet_dmabuf *buf,
		     uint32_t chunk, struct nvmet_sqe *sqe)
{
	uint32_t first = chunk * rw->chunk_blocks;
	uint32_t nlb = rw->a.count - first < rw->chunk_blocks ? rw->a.count - first :
								  rw->chunk_blocks;
	uint64_t slba = rw->a.lba + first;
	size_t off = (size_t)first * rw->lba_size;

	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = opc;
	sqe->cid = (uint16_t)chunk;
	sqe->nsid = rw->a.nsid;
	sqe->cdw10 = (uint32_t)slba;
	sqe->cdw11 = (uint32_t)(slba >> 32);
	sqe->cdw12 = nlb - 1;
	set_prps(rw, sqe, buf->iova + off, (size_t)nlb * rw->lba_size, chunk);
}

static int check_cqe(struct rw *rw, uint8_t opc, const struct nvmet_cqe *cqe)
{
	char st[NVMET_STATUS_STR_MAX];
	uint64_t slba;

	if (cqe->cid >= rw->nchunks || rw->done[cqe->cid] || cqe->sqid != rw->a.qid)
		return fail(rw->cmd, "unexpected completion: cid %u sqid %u", cqe->cid, cqe->sqid);
	rw->done[cqe->cid] = 1;
	nvmet_ksq_update_head(&rw->sq, cqe);
	if (!NVMET_CQE_STATUS(cqe->status))
		return 0;
	slba = rw->a.lba + (uint64_t)cqe->cid * rw->chunk_blocks;
	nvmet_status_snprint(st, sizeof(st), cqe->status);
	return fail(rw->cmd, "%s at LBA %" PRIu64 " failed: %s",
		    opc == NVMET_CMD_WRITE ? "write" : "read", slba, st);
}

/* Submits placed entries with one doorbell write; returns how many. */
static uint32_t submit_some(struct rw *rw, uint8_t opc, const struct nvmet_dmabuf *buf,
			    uint32_t *next, uint32_t room)
{
	struct nvmet_sqe sqe;
	uint32_t n = 0;

	while (n < room && *next < rw->nchunks) {
		build_io(rw, opc, buf, *next, &sqe);
		if (nvmet_ksq_place(&rw->sq, &sqe))
			break;
		(*next)++;
		n++;
	}
	if (n)
		nvmet_ksq_ring(&rw->sq);
	return n;
}

static int run_pass(struct rw *rw, uint8_t opc, const struct nvmet_dmabuf *buf)
{
	uint32_t next = 0, done = 0, inflight = 0, max = rw->sq.size - 1;
	struct nvmet_cqe cqes[REAP_BATCH];
	int i, n, ret;

	memset(rw->done, 0, rw->nchunks);
	while (done < rw->nchunks) {
		inflight += submit_some(rw, opc, buf, &next, max - inflight);
		n = nvmet_kcq_wait(&rw->cq, cqes, 1, WAIT_MS);
		if (!n)
			return fail(rw->cmd, "%s: no completion in %u ms (%u outstanding)",
				    opc == NVMET_CMD_WRITE ? "write" : "read", WAIT_MS, inflight);
		n += nvmet_kcq_reap(&rw->cq, cqes + 1, REAP_BATCH - 1);
		for (i = 0; i < n; i++) {
			ret = check_cqe(rw, opc, &cqes[i]);
			if (ret)
				return ret;
		}
		done += n;
		inflight -= n;
		rw->cmds += n;
	}
	return 0;
}

static int irq_count(struct rw *rw, uint64_t *count)
{
	int ret;

	*count = 0;
	if (rw->vector == NVMETEST_NO_VECTOR)
		return 0;
	ret = nvmet_kdev_irq_get(rw->dev, rw->vector, count, NULL);
	return ret ? errno_fail(rw->cmd, "irq count", ret) : 0;
}

static int compare(struct rw *rw, uint32_t *matched)
{
	const uint8_t *w = rw->wbuf.va, *r = rw->rbuf.va;
	uint32_t b, bad = UINT32_MAX;
	size_t off;

	*matched = 0;
	for (b = 0; b < rw->a.count; b++) {
		off = (size_t)b * rw->lba_size;
		if (!memcmp(w + off, r + off, rw->lba_size))
			(*matched)++;
		else if (bad == UINT32_MAX)
			bad = b;
	}
	if (bad == UINT32_MAX)
		return 0;
	for (off = (size_t)bad * rw->lba_size; w[off] == r[off]; off++)
		;
	return fail(rw->cmd, "%u/%u blocks match; first mismatch at LBA %" PRIu64
		    " byte %zu: wrote 0x%02x, read 0x%02x", *matched, rw->a.count,
		    rw->a.lba + bad, off % rw->lba_size, w[off], r[off]);
}

static void report(const struct rw *rw, uint32_t matched, double ms, uint64_t irqs)
{
	char mode[64];

	if (rw->vector == NVMETEST_NO_VECTOR)
		snprintf(mode, sizeof(mode), "poll mode");
	else
		snprintf(mode, sizeof(mode), "irq mode, vector %u: %" PRIu64 " interrupt%s",
			 rw->vector, irqs, irqs == 1 ? "" : "s");
	printf("wrote %u blocks at LBA %" PRIu64 ", read back, %u/%u match (%s, qid %u, %u cmds,"
	       " %.1f ms, %.0f IOPS)\n", rw->a.count, rw->a.lba, matched, rw->a.count, mode,
	       rw->a.qid, rw->cmds, ms, ms > 0 ? rw->cmds * 1000.0 / ms : 0.0);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static int rw_run(struct rw *rw)
{
	uint64_t irq0, irq1;
	struct timespec t0;
	uint32_t matched;
	double ms;
	int ret;

	ret = irq_count(rw, &irq0);
	if (ret)
		return ret;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = run_pass(rw, NVMET_CMD_WRITE, &rw->wbuf);
	if (!ret)
		ret = run_pass(rw, NVMET_CMD_READ, &rw->rbuf);
	ms = ms_since(&t0);
	if (!ret)
		ret = irq_count(rw, &irq1);
	if (!ret)
		ret = compare(rw, &matched);
	if (!ret)
		report(rw, matched, ms, irq1 - irq0);
	return ret;
}

/* Deletes what was created and frees what was allocated; keeps the first error. */
static int rw_teardown(struct rw *rw, int ret)
{
	uint32_t status;
	int err;

	if (rw->have_sq) {
		err = nvmet_ksq_delete(&rw->sq, &status);
		if (err && !ret)
			ret = queue_error(rw, "delete I/O SQ", err, status);
	}
	if (rw->have_cq) {
		err = nvmet_kcq_delete(&rw->cq, &status);
		if (err && !ret)
			ret = queue_error(rw, "delete I/O CQ", err, status);
	}
	nvmet_kdev_buf_free(rw->dev, &rw->prps);
	nvmet_kdev_buf_free(rw->dev, &rw->rbuf);
	nvmet_kdev_buf_free(rw->dev, &rw->wbuf);
	free(rw->done);
	nvmet_kdev_close(rw->dev);
	return ret;
}

static int run_rw(const struct cmd *cmd, int argc, char **argv)
{
	struct rw rw = {
		.cmd = cmd,
		.a = { .nsid = 1, .count = 256, .qid = 1, .depth = 64 },
	};
	int ret;

	ret = parse_rw(cmd, argc, argv, &rw.a);
	if (ret >= 0)
		return ret;
	if (open_dev(cmd, argv[optind], &rw.dev))
		return EXIT_FAIL;
	ret = get_info(cmd, rw.dev, &rw.info);
	if (!ret)
		ret = rw_geometry(&rw);
	if (!ret)
		ret = rw_buffers(&rw);
	if (!ret)
		ret = rw_queues(&rw);
	if (!ret)
		ret = rw_run(&rw);
	return rw_teardown(&rw, ret);
}

const struct cmd cmd_rw = {
	.name = "rw",
	.args = "DEV [--nsid N] [--lba N] [--count N] [--qid N] [--depth N] [--irq]",
	.summary = "write, read back and compare blocks through a poll-mode queue pair",
	.help = "Create an I/O completion and submission queue pair, write a pattern that\n"
		"holds each block's LBA to COUNT blocks from LBA (one command per 32 KiB,\n"
		"several outstanding), read them back, compare, and delete the queues. Prints\n"
		"what was done with the elapsed time and IOPS; a mismatch or an error status\n"
		"exits 1.\n\n"
		"Options:\n"
		"  --nsid N    namespace (default 1)\n"
		"  --lba N     first block (default 0)\n"
		"  --count N   blocks (default 256; at most 4 MiB in all)\n"
		"  --qid N     I/O queue id (default 1)\n"
		"  --depth N   queue size in entries (default 64)\n"
		"  --irq       enable interrupts on the CQ (vector 1, or 0 when it is the only\n"
		"              one) and report how many arrived; completions are still polled\n\n"
		DEV_HELP,
	.run = run_rw,
};
