// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_rw.c - rw: write a pattern to a range of blocks through a poll-mode
 * I/O queue pair, read it back and compare. The queues are the module's
 * raw ones (rw_kdev.c) or, on the emulated controller, libnvmet's queue
 * pair (rw_ctrl.c); the checks, the pattern and the report are here.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "rw.h"

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
		return fail(cmd, "LBA %" PRIu64 " + %u blocks is beyond namespace %u (%" PRIu64
			    " blocks)", rw->a.lba, rw->a.count, rw->a.nsid, nsze);
	if ((uint64_t)rw->a.count * rw->lba_size > NVMETEST_BUF_MAX_SIZE)
		return fail(cmd, "at most %u blocks of %u bytes at a time",
			    NVMETEST_BUF_MAX_SIZE / rw->lba_size, rw->lba_size);
	return 0;
}

/* Commands of at most 32 KiB, within MDTS, each with a PRP list of its own. */
static int transfer_limits(struct rw *rw, const uint8_t *id_ctrl)
{
	uint8_t mdts = id_ctrl[NVMET_ID_CTRL_MDTS];
	uint64_t max = UINT64_MAX, cc;
	int ret;

	ret = tdev_reg_read(&rw->dev, NVMET_REG_CAP, 8, &rw->cap);
	if (ret)
		return errno_fail(rw->cmd, "CAP", ret);
	if (mdts)
		max = (4096ull << NVMET_CAP_MPSMIN(rw->cap)) << mdts;
	ret = tdev_reg_read(&rw->dev, NVMET_REG_CC, 4, &cc);
	if (ret)
		return errno_fail(rw->cmd, "CC", ret);
	rw->page = 4096u << ((cc >> 7) & 0xf);
	rw->chunk_blocks = RW_CHUNK_MAX / rw->lba_size;
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
	ret = identify_ns(rw->cmd, &rw->dev, rw->a.nsid, id);
	if (!ret)
		ret = ns_check(rw, id);
	if (!ret)
		ret = identify(rw->cmd, &rw->dev, NVMET_CNS_CTRL, 0, id);
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
	uint64_t *p = (uint64_t *)rw->wdata;

	for (b = 0; b < rw->a.count; b++) {
		uint64_t lba = rw->a.lba + b;

		p[0] = lba;
		p[1] = seed;
		for (w = 2; w < words; w++)
			p[w] = mix(lba * words + w + seed);
		p += words;
	}
}

static int compare(struct rw *rw, uint32_t *matched)
{
	const uint8_t *w = rw->wdata, *r = rw->rdata;
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

static int rw_run(struct rw *rw, const struct rw_ops *ops)
{
	uint64_t irq0, irq1;
	struct timespec t0;
	uint32_t matched;
	double ms;
	int ret;

	ret = ops->irq_count(rw, &irq0);
	if (ret)
		return ret;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ret = ops->pass(rw, NVMET_CMD_WRITE);
	if (!ret)
		ret = ops->pass(rw, NVMET_CMD_READ);
	ms = ms_since(&t0);
	if (!ret)
		ret = ops->irq_count(rw, &irq1);
	if (!ret)
		ret = compare(rw, &matched);
	if (!ret)
		report(rw, matched, ms, irq1 - irq0);
	return ret;
}

static int run_rw(const struct cmd *cmd, int argc, char **argv)
{
	struct rw rw = {
		.cmd = cmd,
		.a = { .nsid = 1, .count = 256, .qid = 1, .depth = 64 },
		.vector = NVMETEST_NO_VECTOR,
	};
	const struct rw_ops *ops;
	int ret;

	ret = parse_rw(cmd, argc, argv, &rw.a);
	if (ret >= 0)
		return ret;
	ret = tdev_open(cmd, argv[optind], &rw.dev);
	if (ret)
		return ret;
	ops = rw.dev.kdev ? &rw_kdev_ops : &rw_ctrl_ops;
	if (rw.dev.kdev)
		ret = get_info(cmd, rw.dev.kdev, &rw.info);
	if (!ret)
		ret = rw_geometry(&rw);
	if (!ret)
		ret = ops->buffers(&rw);
	if (!ret) {
		memset(rw.rdata, 0, (size_t)rw.a.count * rw.lba_size);
		fill_pattern(&rw, mix((uint64_t)time(NULL) << 20 ^ (uint64_t)getpid()));
		ret = ops->queues(&rw);
	}
	if (!ret)
		ret = rw_run(&rw, ops);
	return ops->teardown(&rw, ret);
}

const struct cmd cmd_rw = {
	.name = "rw",
	.args = "DEV [--nsid N] [--lba N] [--count N] [--qid N] [--depth N] [--irq]",
	.summary = "write, read back and compare blocks through a poll-mode queue pair",
	.help = "Create an I/O completion and submission queue pair, write a pattern that\n"
		"holds each block's LBA to COUNT blocks from LBA (one command per 32 KiB,\n"
		"several outstanding), read them back, compare, and delete the queues. Prints\n"
		"what was done with the elapsed time and IOPS; a mismatch or an error status\n"
		"exits 1, as does what the device cannot do (a namespace that is not active,\n"
		"a range beyond it, a qid or depth above the controller's). On the emulated\n"
		"controller the queue pair is libnvmet's.\n\n"
		"Options:\n"
		"  --nsid N    namespace (default 1)\n"
		"  --lba N     first block (default 0)\n"
		"  --count N   blocks (default 256; at most 4 MiB in all)\n"
		"  --qid N     I/O queue id (default 1)\n"
		"  --depth N   queue size in entries (default 64)\n"
		"  --irq       enable interrupts on the CQ (vector 1, or 0 when it is the only\n"
		"              one) and report how many arrived; completions are still polled\n\n"
		EMU_DEV_HELP,
	.run = run_rw,
	.emu = true,
};
