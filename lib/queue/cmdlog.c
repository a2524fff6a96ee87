// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmdlog.c - setting up a command log and reading it back (the writing is
 * inline in cmdlog.h, on the path of every command).
 */
#include "cmdlog.h"

void nvmet_cmdlog_attach(struct nvmet_cmdlog *log, void *region)
{
	log->hdr = region;
	log->ring = log->hdr->entries ? (struct nvmetest_cmdlog_entry *)(log->hdr + 1) : NULL;
	log->mask = log->hdr->entries ? log->hdr->entries - 1 : 0;
}

void nvmet_cmdlog_init(struct nvmet_cmdlog *log, void *region, uint32_t entries)
{
	struct nvmetest_qstats *h = region;

	h->magic = NVMETEST_QSTATS_MAGIC;
	h->version = NVMETEST_QSTATS_VERSION;
	h->entries = entries;
	h->next_seq = 1;
	nvmet_cmdlog_attach(log, region);
}

uint64_t nvmet_cmdlog_first(const struct nvmet_cmdlog *log, unsigned int max)
{
	uint64_t logged = log->hdr->next_seq - 1;
	uint64_t kept = log->ring ? log->mask + 1ull : 0;
	uint64_t n = logged < kept ? logged : kept;

	return logged - (n < max ? n : max) + 1;
}

unsigned int nvmet_cmdlog_copy(const struct nvmet_cmdlog *log, struct nvmetest_cmdlog_entry *out,
			       unsigned int max)
{
	uint64_t seq;
	unsigned int n = 0;

	for (seq = nvmet_cmdlog_first(log, max); seq < log->hdr->next_seq; seq++)
		out[n++] = log->ring[seq & log->mask];
	return n;
}
