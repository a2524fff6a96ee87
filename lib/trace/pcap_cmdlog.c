// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_cmdlog.c - a command log (the kernel module's admin log, or an I/O
 * queue's) as a capture: every command and completion it holds, in time
 * order, so that a session on real hardware opens in Wireshark too.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <nvmetest.h>

#include "pcap_priv.h"

struct event {
	uint64_t ts;
	unsigned int idx;	/* entry */
	bool cpl;
};

static int event_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	if (x->idx != y->idx)
		return x->idx < y->idx ? -1 : 1;
	return (int)x->cpl - (int)y->cpl;
}

static uint64_t completion_ts(const struct nvmetest_cmdlog_entry *e)
{
	return e->complete_ns > e->submit_ns ? e->complete_ns : e->submit_ns;
}

static const char *command_note(const struct nvmetest_cmdlog_entry *e, char *buf, size_t len)
{
	const char *end = "";

	if (!(e->flags & NVMETEST_CMDLOG_DONE)) {
		if (e->flags & NVMETEST_CMDLOG_TIMED_OUT)
			end = ", timed out, no completion";
		else if (e->flags & NVMETEST_CMDLOG_ABORTED)
			end = ", aborted, no completion";
		else
			end = ", in flight";
	} else if (e->flags & NVMETEST_CMDLOG_TIMED_OUT) {
		end = ", timed out, completed late";
	}
	snprintf(buf, len, "(seq %" PRIu64 "%s)", (uint64_t)e->seq, end);
	return buf;
}

static int record(struct nvmet_pcap *pc, uint16_t sqid, const struct nvmetest_cmdlog_entry *e,
		  const struct event *ev)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	char note[96];

	if (!ev->cpl) {
		memcpy(&sqe, e->sqe, sizeof(sqe));
		return pcap_command_locked(pc, ev->ts, sqid, &sqe,
					   command_note(e, note, sizeof(note)));
	}
	memcpy(&cqe, e->cqe, sizeof(cqe));
	return pcap_completion_locked(pc, ev->ts, sqid, &cqe, ev->ts - e->submit_ns);
}

int nvmet_pcap_cmdlog(struct nvmet_pcap *pc, uint16_t sqid,
		      const struct nvmetest_cmdlog_entry *entries, unsigned int n)
{
	struct event *ev;
	unsigned int i, nr = 0;
	int ret;

	if (!entries && n)
		return -EINVAL;
	ev = calloc(n ? 2 * (size_t)n : 1, sizeof(*ev));
	if (!ev)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		ev[nr++] = (struct event){ .ts = entries[i].submit_ns, .idx = i };
		if (entries[i].flags & NVMETEST_CMDLOG_DONE)
			ev[nr++] = (struct event){ .ts = completion_ts(&entries[i]), .idx = i,
						   .cpl = true };
	}
	qsort(ev, nr, sizeof(*ev), event_cmp);
	ret = pcap_lock(pc);
	for (i = 0; !ret && i < nr; i++)
		ret = record(pc, sqid, &entries[ev[i].idx], &ev[i]);
	free(ev);
	return pcap_unlock(pc, ret);
}
