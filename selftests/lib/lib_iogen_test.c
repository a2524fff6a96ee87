// SPDX-License-Identifier: GPL-2.0
/*
 * lib_iogen_test.c - the I/O generator of <nvmet/iogen.h>, with no
 * device: the same parameters give the same sequence; random LBAs are
 * aligned and stay in the region; sequential ones step and wrap; a mix
 * keeps its percentages and a size range its bounds; a replayed sequence
 * plays once and ends; parameters that describe no I/O are refused.
 */
#include <errno.h>

#include <nvmet/iogen.h>

#include "nvmetest_harness.h"

#define CAP	100000ull

/* No state: the tests make their own generators. */
FIXTURE(iogen) {
	int unused;
};

FIXTURE_SETUP(iogen)
{
	self->unused = 0;
}

FIXTURE_TEARDOWN(iogen)
{
}

static struct nvmet_iogen *gen(struct __test_metadata *_metadata,
			       const struct nvmet_ioworker_params *p)
{
	struct nvmet_iogen *g = NULL;

	EXPECT_EQ(0, nvmet_iogen_create(p, CAP, &g));
	return g;
}

TEST_F(iogen, same_seed_same_sequence)
{
	struct nvmet_ioworker_params p;
	struct nvmet_iogen *a, *b;
	struct nvmet_io x, y;
	int i, same = 1;

	nvmet_ioworker_params_init(&p);
	p.lba_random = 100;
	p.read_percent = 70;
	p.seed = 42;
	a = gen(_metadata, &p);
	b = gen(_metadata, &p);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	for (i = 0; i < 1000; i++) {
		ASSERT_TRUE(nvmet_iogen_next(a, &x));
		ASSERT_TRUE(nvmet_iogen_next(b, &y));
		same &= x.slba == y.slba && x.nlb == y.nlb && x.opc == y.opc;
	}
	EXPECT_TRUE(same);
	nvmet_iogen_free(a);
	nvmet_iogen_free(b);
}

TEST_F(iogen, random_aligned_in_region_with_the_mix)
{
	struct nvmet_ioworker_params p;
	unsigned int reads = 0, i;
	struct nvmet_iogen *g;
	struct nvmet_io io;

	nvmet_ioworker_params_init(&p);
	p.lba_random = 100;
	p.read_percent = 30;
	p.region_start = 1000;
	p.region_end = 5000;
	g = gen(_metadata, &p);
	ASSERT_NE(NULL, g);
	EXPECT_EQ(8u, nvmet_iogen_max_nlb(g));
	for (i = 0; i < 10000; i++) {
		ASSERT_TRUE(nvmet_iogen_next(g, &io));
		ASSERT_EQ(8u, io.nlb);
		ASSERT_EQ(0u, io.slba % 8);
		ASSERT_LE(1000u, io.slba);
		ASSERT_GE(5000u, io.slba + io.nlb);
		reads += io.opc == NVMET_CMD_READ;
	}
	/* 30 percent, give or take what 10000 draws allow. */
	EXPECT_LT(2700u, reads);
	EXPECT_GT(3300u, reads);
	nvmet_iogen_free(g);
}

TEST_F(iogen, sequential_steps_and_wraps_with_sizes_in_range)
{
	struct nvmet_ioworker_params p;
	struct nvmet_iogen *g;
	struct nvmet_io io;
	uint64_t expect = 0;
	unsigned int i;

	nvmet_ioworker_params_init(&p);
	p.io_size = 0;
	p.io_size_min = 4;
	p.io_size_max = 16;
	p.region_end = 1000;
	g = gen(_metadata, &p);
	ASSERT_NE(NULL, g);
	EXPECT_EQ(16u, nvmet_iogen_max_nlb(g));
	for (i = 0; i < 500; i++) {
		ASSERT_TRUE(nvmet_iogen_next(g, &io));
		ASSERT_LE(4u, io.nlb);
		ASSERT_GE(16u, io.nlb);
		/* The next one follows; past the end it starts over at the region's start. */
		if (expect + io.nlb > 1000)
			expect = 0;
		ASSERT_EQ(expect, io.slba);
		expect = io.slba + io.nlb;
	}
	nvmet_iogen_free(g);
}

TEST_F(iogen, replay_plays_once)
{
	static const struct nvmet_iow_replay seq[] = {
		{ .opc = NVMET_CMD_WRITE, .slba = 10, .nlb = 2 },
		{ .opc = NVMET_CMD_FLUSH },
		{ .opc = NVMET_CMD_READ, .slba = 10, .nlb = 2, .delay_us = 7 },
	};
	struct nvmet_ioworker_params p;
	struct nvmet_iogen *g;
	struct nvmet_io io;
	unsigned int i;

	nvmet_ioworker_params_init(&p);
	p.replay = seq;
	p.nr_replay = 3;
	g = gen(_metadata, &p);
	ASSERT_NE(NULL, g);
	for (i = 0; i < 3; i++) {
		ASSERT_TRUE(nvmet_iogen_next(g, &io));
		EXPECT_EQ(seq[i].opc, io.opc);
		EXPECT_EQ(seq[i].slba, io.slba);
		EXPECT_EQ(seq[i].nlb, io.nlb);
		EXPECT_EQ(seq[i].delay_us, io.delay_us);
	}
	EXPECT_FALSE(nvmet_iogen_next(g, &io));
	nvmet_iogen_free(g);
}

TEST_F(iogen, refuses_what_describes_no_io)
{
	struct nvmet_ioworker_params p;
	struct nvmet_iogen *g = NULL;

	nvmet_ioworker_params_init(&p);
	p.io_size = 0;
	EXPECT_EQ(-EINVAL, nvmet_iogen_create(&p, CAP, &g));
	nvmet_ioworker_params_init(&p);
	p.io_size = 65537;
	EXPECT_EQ(-EINVAL, nvmet_iogen_create(&p, CAP, &g));
	nvmet_ioworker_params_init(&p);
	p.read_percent = 101;
	EXPECT_EQ(-EINVAL, nvmet_iogen_create(&p, CAP, &g));
	nvmet_ioworker_params_init(&p);
	p.region_start = 10;
	p.region_end = 12;
	EXPECT_EQ(-EINVAL, nvmet_iogen_create(&p, CAP, &g));
	EXPECT_EQ(NULL, g);
	nvmet_iogen_free(NULL);
}

TEST_HARNESS_MAIN
