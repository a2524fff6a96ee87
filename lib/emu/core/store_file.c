// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * store_file.c - a store in a file, at a byte offset so that several
 * namespaces share one file: created and extended (sparse) when short,
 * zeroed by punching holes. With the cache on, the pages a write or a
 * zero changes are read into the undo tree first.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store_priv.h"

#define EMU_FILE_IOV	64	/* iovecs per system call */

static const uint8_t zero_page[EMU_PAGE];

int emu_store_file_open(struct emu_store *st, const char *path)
{
	struct stat s;
	off_t need;

	if (st->file_off + st->bytes > (uint64_t)LLONG_MAX)
		return -EFBIG;
	need = (off_t)(st->file_off + st->bytes);
	st->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (st->fd < 0)
		return -errno;
	if (fstat(st->fd, &s))
		return -errno;
	if (!S_ISREG(s.st_mode))
		return -EINVAL;
	if (s.st_size < need && ftruncate(st->fd, need))
		return -errno;
	return 0;
}

static void cur_skip(struct emu_cur *c, size_t n)
{
	size_t m;

	while (n) {
		m = c->iov->iov_len - c->off;
		if (m > n) {
			c->off += n;
			return;
		}
		n -= m;
		c->iov++;
		c->off = 0;
	}
}

/* All of @len bytes at store offset @off, from or to @iov. */
static int file_rw(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len,
		   bool wr)
{
	struct iovec v[EMU_FILE_IOV];
	struct emu_cur c = { .iov = iov };
	const struct iovec *it;
	size_t want, o;
	unsigned int k;
	ssize_t r;

	while (len) {
		it = c.iov;
		o = c.off;
		for (k = 0, want = 0; k < EMU_FILE_IOV && want < len; k++, it++, o = 0) {
			v[k].iov_base = (uint8_t *)it->iov_base + o;
			v[k].iov_len = it->iov_len - o;
			if (v[k].iov_len > len - want)
				v[k].iov_len = len - want;
			want += v[k].iov_len;
		}
		if (wr)
			r = pwritev(st->fd, v, (int)k, (off_t)(st->file_off + off));
		else
			r = preadv(st->fd, v, (int)k, (off_t)(st->file_off + off));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return r < 0 ? -errno : -EIO;
		cur_skip(&c, (size_t)r);
		off += (size_t)r;
		len -= (size_t)r;
	}
	return 0;
}

static int file_pio(struct emu_store *st, uint64_t off, void *buf, size_t len, bool wr)
{
	struct iovec v = { .iov_base = buf, .iov_len = len };

	return file_rw(st, off, &v, len, wr);
}

static size_t page_len(const struct emu_store *st, uint64_t pg)
{
	uint64_t left = st->bytes - (pg << EMU_PAGE_SHIFT);

	return left < EMU_PAGE ? (size_t)left : EMU_PAGE;
}

/* Keep what page @pg holds in the undo tree, unless it is kept already. */
static int page_save(struct emu_store *st, uint64_t pg)
{
	void **u = emu_tree_slot(&st->undo, pg);
	size_t n = page_len(st, pg);
	uint8_t *p;
	int ret;

	if (!u)
		return -ENOMEM;
	if (*u)
		return 0;
	p = emu_page_alloc(st);
	if (!p)
		return -ENOMEM;
	ret = file_pio(st, pg << EMU_PAGE_SHIFT, p, n, false);
	if (ret) {
		emu_page_free(st, p);
		return ret;
	}
	if (!memcmp(p, zero_page, n)) {
		emu_page_free(st, p);
		p = EMU_UNDO_ZERO;
	}
	emu_undo_set(st, u, p);
	return 0;
}

static int pages_save(struct emu_store *st, uint64_t off, uint64_t len)
{
	uint64_t pg, last = (off + len - 1) >> EMU_PAGE_SHIFT;
	int ret;

	for (pg = off >> EMU_PAGE_SHIFT; pg <= last; pg++) {
		ret = page_save(st, pg);
		if (ret)
			return ret;
	}
	return 0;
}

/* Save the pages of [@off, @off + @len) that hold data; holes read as zero already. */
static int data_save(struct emu_store *st, uint64_t off, uint64_t len)
{
	off_t pos = (off_t)(st->file_off + off), end = pos + (off_t)len, d, h;
	int ret;

	while (pos < end) {
		d = lseek(st->fd, pos, SEEK_DATA);
		if (d < 0 && errno == ENXIO)
			return 0;
		if (d < 0) {
			d = pos;
			h = end;
		} else {
			if (d >= end)
				return 0;
			h = lseek(st->fd, d, SEEK_HOLE);
			if (h < 0 || h > end)
				h = end;
		}
		ret = pages_save(st, (uint64_t)d - st->file_off, (uint64_t)(h - d));
		if (ret)
			return ret;
		pos = h;
	}
	return 0;
}

int emu_store_file_readv(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	return file_rw(st, off, iov, len, false);
}

int emu_store_file_writev(struct emu_store *st, uint64_t off, const struct iovec *iov, size_t len)
{
	int ret;

	if (st->cache_on && len) {
		ret = pages_save(st, off, len);
		if (ret)
			return ret;
	}
	return file_rw(st, off, iov, len, true);
}

/* Zeros over [@off, @off + @len), without the cache. */
static int file_clear(struct emu_store *st, uint64_t off, uint64_t len)
{
	struct iovec v[EMU_FILE_IOV];
	unsigned int i;
	size_t n;
	int ret;

	if (!st->no_punch) {
		if (!fallocate(st->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       (off_t)(st->file_off + off), (off_t)len))
			return 0;
		if (errno != EOPNOTSUPP && errno != ENOSYS)
			return -errno;
		st->no_punch = true;
	}
	for (i = 0; i < EMU_FILE_IOV; i++) {
		v[i].iov_base = (void *)zero_page;
		v[i].iov_len = EMU_PAGE;
	}
	while (len) {
		n = len < sizeof(zero_page) * EMU_FILE_IOV ? (size_t)len :
		    sizeof(zero_page) * EMU_FILE_IOV;
		ret = file_rw(st, off, v, n, true);
		if (ret)
			return ret;
		off += n;
		len -= n;
	}
	return 0;
}

int emu_store_file_zero(struct emu_store *st, uint64_t off, uint64_t len)
{
	int ret;

	if (st->cache_on) {
		ret = data_save(st, off, len);
		if (ret)
			return ret;
	}
	return file_clear(st, off, len);
}

void emu_store_file_restore(struct emu_store *st, uint64_t pg, void *saved)
{
	uint64_t off = pg << EMU_PAGE_SHIFT;

	if (saved == EMU_UNDO_ZERO) {
		file_clear(st, off, page_len(st, pg));
		return;
	}
	file_pio(st, off, saved, page_len(st, pg), true);
	emu_page_free(st, saved);
}
