// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * aio_run.c - an aio worker's thread: the I/O sequence submitted with
 * io_submit as far as the depth, the throttle and replay delays allow,
 * completions reaped with io_getevents into the histogram, counts and
 * command log, until the count, the time or a stop.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "aio_priv.h"


static void fake_sqe(const struct aio_worker *a, const struct slot *s, struct nvmet_sqe *sqe)
{
	nvmet_cmd_lba(sqe, s->opc, a->nsid, s->slba, s->nlb ? s->nlb : 1, NULL);
}

static void log_last(struct aio_worker *a, const struct slot *s, uint16_t status, uint64_t now)
{
	struct nvmet_cmdlog_rec *rec;

	if (!a->p.last_cmds)
		return;
	rec = &a->last[a->last_head];
	a->last_head = (a->last_head + 1) % a->p.last_cmds;
	if (a->nr_last < a->p.last_cmds)
		a->nr_last++;
	fake_sqe(a, s, &rec->sqe);
	memset(&rec->cqe, 0, sizeof(rec->cqe));
	rec->cqe.status = status;
	rec->cqe.sqid = 1;
	rec->submit_ns = s->submit_ns;
	rec->complete_ns = now;
}

static void first_error(struct aio_worker *a, const struct slot *s, long res, uint64_t now)
{
	static const char *const verbs[] = { [NVMET_CMD_READ] = "read", [NVMET_CMD_WRITE] = "write",
					     [NVMET_CMD_FLUSH] = "fdatasync" };

	log_last(a, s, 0x4 << 1, now);
	a->r.errors++;
	if (a->r.error)
		return;
	a->r.error = NVMET_IOW_ERR_GENERIC;
	fake_sqe(a, s, &a->r.first_error_sqe);
	a->r.first_error_cqe.status = 0x4 << 1;		/* Data Transfer Error */
	a->r.first_error_cqe.sqid = 1;
	if (res < 0)
		snprintf(a->errmsg, sizeof(a->errmsg), "%s of %u LBAs at LBA %llu: %s",
			 verbs[s->opc], s->nlb, (unsigned long long)s->slba, strerror((int)-res));
	else
		snprintf(a->errmsg, sizeof(a->errmsg), "%s of %u LBAs at LBA %llu: short"
			 " transfer, %ld bytes", verbs[s->opc], s->nlb,
			 (unsigned long long)s->slba, res);
	atomic_store(&a->stop, true);
}

static void complete(struct aio_worker *a, struct slot *s, long res, uint64_t now)
{
	size_t len = (size_t)s->nlb * a->lba_size;
	uint64_t lat = now - s->submit_ns;

	a->free_slots[a->nr_free++] = s;
	if (s->opc == NVMET_CMD_FLUSH ? res < 0 : res != (long)len) {
		first_error(a, s, res, now);
		return;
	}
	nvmet_hist_add(&a->hist, lat);
	if (s->opc == NVMET_CMD_READ) {
		a->r.reads++;
		a->r.bytes_read += len;
	} else if (s->opc == NVMET_CMD_WRITE) {
		a->r.writes++;
		a->r.bytes_written += len;
	} else {
		a->r.flushes++;
	}
	if (a->secs.count)
		nvmet_iow_seconds_add(&a->secs, now - a->t0_ns);
	log_last(a, s, 0, now);
	atomic_fetch_add(&a->ios, 1);
	atomic_fetch_add(&a->bytes, s->opc == NVMET_CMD_FLUSH ? 0 : len);
	atomic_store(&a->elapsed_ms, (now - a->t0_ns) / 1000000);
}

/* 0 when an I/O may go now, else the time it may. */
static uint64_t due_ns(struct aio_worker *a, uint32_t delay_us)
{
	uint64_t due = 0;

	if (a->p.iops)
		due = a->t0_ns + a->submitted * 1000000000ull / a->p.iops;
	if (delay_us && a->last_submit_ns + delay_us * 1000ull > due)
		due = a->last_submit_ns + delay_us * 1000ull;
	return due;
}

static bool time_up(const struct aio_worker *a, uint64_t now)
{
	return a->p.time_ms && now - a->t0_ns >= a->p.time_ms * 1000000ull;
}

enum prep { PREP_OK, PREP_WAIT, PREP_END };

/* Takes the next I/O into a free slot, unless it must wait or none is left. */
static enum prep prep_one(struct aio_worker *a, struct iocb **out, uint64_t now, uint64_t *wait)
{
	struct pending *n = &a->next;
	struct slot *s;
	uint64_t due;
	void *buf;

	if (time_up(a, now) || atomic_load(&a->stop))
		return PREP_END;
	if (!n->valid) {
		if (a->p.io_count && a->submitted >= a->p.io_count)
			return PREP_END;
		if (!nvmet_iogen_next(a->gen, &n->io))
			return PREP_END;
		n->valid = true;
	}
	due = due_ns(a, n->io.delay_us);
	if (due > now) {
		*wait = due;
		return PREP_WAIT;
	}
	n->valid = false;
	s = a->free_slots[--a->nr_free];
	s->opc = n->io.opc;
	s->slba = n->io.slba;
	s->nlb = n->io.nlb;
	buf = a->bufs + (size_t)(s - a->slots) * a->buf_bytes;
	if (s->opc == NVMET_CMD_READ)
		io_prep_pread(&s->iocb, a->fd, buf, (size_t)s->nlb * a->lba_size,
			      (long long)(s->slba * a->lba_size));
	else if (s->opc == NVMET_CMD_WRITE)
		io_prep_pwrite(&s->iocb, a->fd, buf, (size_t)s->nlb * a->lba_size,
			       (long long)(s->slba * a->lba_size));
	else
		io_prep_fdsync(&s->iocb, a->fd);
	s->iocb.data = s;
	s->submit_ns = now;
	a->last_submit_ns = now;
	a->submitted++;
	*out = &s->iocb;
	return PREP_OK;
}

/* Submits what may go now. Return: PREP_END when nothing more will, else PREP_WAIT. */
static enum prep submit_some(struct aio_worker *a, struct iocb **batch, uint64_t *wait)
{
	enum prep st = PREP_WAIT;
	uint64_t now = now_ns();
	unsigned int n = 0;
	int ret, i;

	*wait = 0;
	while (a->nr_free && (st = prep_one(a, &batch[n], now, wait)) == PREP_OK)
		n++;
	if (st == PREP_OK)
		st = PREP_WAIT;
	for (i = 0; i < (int)n;) {
		ret = io_submit(a->ctx, (long)n - i, batch + i);
		if (ret == -EAGAIN || ret == -EINTR)
			continue;
		if (ret <= 0) {
			while (i < (int)n) {
				struct slot *s = batch[i++]->data;

				a->submitted--;
				first_error(a, s, ret ? ret : -EIO, now_ns());
				a->free_slots[a->nr_free++] = s;
			}
			return PREP_END;
		}
		i += ret;
	}
	return st;
}

static void reap(struct aio_worker *a, struct io_event *ev, unsigned int inflight, uint64_t wait)
{
	uint64_t now = now_ns(), ns = WAIT_MAX_NS;
	struct timespec ts;
	int n, i;

	if (wait && wait > now && wait - now < ns)
		ns = wait - now;
	else if (wait && wait <= now)
		ns = 0;
	ts.tv_sec = (time_t)(ns / 1000000000ull);
	ts.tv_nsec = (long)(ns % 1000000000ull);
	n = io_getevents(a->ctx, 1, inflight, ev, &ts);
	now = now_ns();
	for (i = 0; i < n; i++)
		complete(a, ev[i].data, (long)ev[i].res, now);
}

static void sleep_until(uint64_t when)
{
	uint64_t now = now_ns(), ns;
	struct timespec ts;

	if (when <= now)
		return;
	ns = when - now < WAIT_MAX_NS ? when - now : WAIT_MAX_NS;
	ts.tv_sec = (time_t)(ns / 1000000000ull);
	ts.tv_nsec = (long)(ns % 1000000000ull);
	nanosleep(&ts, NULL);
}

void *aio_thread(void *arg)
{
	struct aio_worker *a = arg;
	unsigned int qd = a->p.qdepth, inflight;
	struct io_event *ev = calloc(qd, sizeof(*ev));
	struct iocb **batch = calloc(qd, sizeof(*batch));
	enum prep st = PREP_WAIT;
	struct rusage ru;
	uint64_t wait, end;

	a->t0_ns = now_ns();
	if (!ev || !batch) {
		snprintf(a->errmsg, sizeof(a->errmsg), "out of memory");
		a->r.error = NVMET_IOW_ERR_GENERIC;
		st = PREP_END;
	}
	while (st != PREP_END || a->nr_free < qd) {
		if (st != PREP_END)
			st = submit_some(a, batch, &wait);
		inflight = qd - a->nr_free;
		if (inflight)
			reap(a, ev, inflight, st == PREP_END ? 0 : wait);
		else if (st != PREP_END)
			sleep_until(wait);
	}
	end = now_ns();
	a->r.mseconds = (end - a->t0_ns) / 1000000;
	if (!getrusage(RUSAGE_THREAD, &ru) && end > a->t0_ns) {
		double usr = (double)ru.ru_utime.tv_sec * 1e9 + (double)ru.ru_utime.tv_usec * 1e3;
		double sys = (double)ru.ru_stime.tv_sec * 1e9 + (double)ru.ru_stime.tv_usec * 1e3;

		a->r.cpu_usage = (usr + sys) * 100.0 / (double)(end - a->t0_ns);
		a->sys_cpu = sys * 100.0 / (double)(end - a->t0_ns);
	}
	free(ev);
	free(batch);
	atomic_store(&a->elapsed_ms, a->r.mseconds);
	atomic_store(&a->done, true);
	return NULL;
}
