// SPDX-License-Identifier: GPL-2.0
/*
 * ops_mmap.c - nvmetest-fuzz's mapping operations: whole and partial mappings and
 * unmappings, mprotect, mremap, and touching the pages (signed buffers
 * must show the page their offset names).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz.h"

static uint64_t sig_of(uint32_t handle, uint64_t page)
{
	return SIG_MAGIC | (uint64_t)handle << 16 | page;
}

/* Maps a whole buffer and writes each page's signature into its first 8 bytes. */
int sign_buffer_locked(struct obj_ent *o, int fd)
{
	uint64_t i, v;
	char *va;

	va = mmap(NULL, o->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)o->mmap_off);
	if (va == MAP_FAILED)
		return -errno;
	for (i = 0; i < o->size / PG; i++) {
		v = sig_of(o->handle, i);
		if (touch64((volatile uint64_t *)(va + i * PG), NULL, &v))
			break;
	}
	if (i < o->size / PG || !map_add_locked(va, o->size, fd, M_OBJ, K_BUF, o->handle, 1)) {
		munmap(va, o->size);
		return -EIO;
	}
	return 0;
}

/* Maps of a buffer must fault (SIGBUS) once it is freed. Called with P.lock. */
void check_freed_locked(int fd, uint32_t handle)
{
	uint64_t v;
	int i, sig;

	for (i = 0; i < MAX_MAPS; i++) {
		struct map_ent *m = &P.maps[i];

		if (!m->used || m->kind != M_OBJ || m->okind != K_BUF || m->fd != fd ||
		    m->handle != handle)
			continue;
		sig = touch64((volatile uint64_t *)m->addr, &v, NULL);
		__atomic_add_fetch(&S->freed_checks, 1, __ATOMIC_RELAXED);
		if (!sig)
			fail("the mapping of buffer %u (fd %d) at %p was still readable after "
			     "BUF_FREE returned 0 (it reads %#llx)", handle, fd, (void *)m->addr,
			     (unsigned long long)v);
	}
}

/* The object of @fd's whose mmap offset is @off (as far as we know), or NULL. */
static struct obj_ent *own_offset_locked(int fd, uint64_t off)
{
	int i;

	for (i = 0; i < MAX_OBJS; i++)
		if (P.objs[i].used && P.objs[i].fd == fd && P.objs[i].mmap_off == off)
			return &P.objs[i];
	return NULL;
}

void op_mmap(void)
{
	const struct pub *pb;
	struct obj_ent *o = NULL;
	struct nvmetest_info info = { 0 };
	uint64_t off = 0, len = PG;
	int fd = pick_fd(&info), prot = PROT_READ | PROT_WRITE, flags = MAP_SHARED;
	uint32_t handle = 0;
	enum obj_kind okind = K_BUF;
	enum map_kind kind = M_OBJ;
	char *va;

	pthread_mutex_lock(&P.lock);
	switch (rnd_below(10)) {
	case 0 ... 1:
		kind = M_DB;
		len = chance(90) ? (info.db_size ? info.db_size : PG) : info.db_size + PG;
		break;
	case 2 ... 7:
		o = obj_pick_locked((enum obj_kind)rnd_below(3), fd, 0, 0);
		if (!o)
			break;
		off = o->mmap_off;
		len = chance(70) ? o->size : (uint64_t)PG * (1 + rnd_below((uint32_t)(o->size / PG)));
		if (chance(10))
			len = o->size + PG;
		if (chance(5))
			off += PG;	/* not the object's start: refused */
		handle = o->handle;
		okind = o->kind;
		break;
	case 8:
		/* another process's object: refused (with none, a page past the doorbells) */
		pb = pub_other();
		off = pb ? pb->mmap_off : PG;
		break;
	default:
		off = (uint64_t)PICK(PG, 1ull << 22, rnd() & ~(uint64_t)(PG - 1));
		len = (uint64_t)PICK(PG, 1ull << 30);
		break;
	}
	/*
	 * Offset 0 is the doorbells whatever we meant (another process's
	 * object read while it was being published, a random offset): known
	 * as such, so that nothing but our own queues' doorbells is written
	 * there (a buffer's random writes and copies rang the admin queue).
	 */
	if (!off)
		kind = M_DB;
	if (chance(5))
		flags = MAP_PRIVATE;
	if (chance(5))
		prot = (int)PICK(PROT_READ, PROT_READ | PROT_EXEC, PROT_NONE);
	if (o && o->kind == K_SQ)
		prot &= ~PROT_WRITE;	/* we never write an SQ */
	begin(OP_MMAP, "fd=%d off=%#llx len=%#llx prot=%d flags=%#x", fd,
	      (unsigned long long)off, (unsigned long long)len, prot, flags);
	va = mmap(NULL, len, prot, flags, fd, (off_t)off);
	end(OP_MMAP, va == MAP_FAILED ? -errno : 0);
	if (va != MAP_FAILED) {
		if (kind == M_OBJ && !o) {
			/*
			 * Another process's offset is one of ours too: mapped as what
			 * it is, so that a signed buffer is not taken for scratch.
			 */
			o = own_offset_locked(fd, off);
			if (!o)
				fail("fd %d mapped offset %#llx, which belongs to no object of "
				     "its own", fd, (unsigned long long)off);
			else if ((o->kind == K_SQ && (prot & PROT_WRITE)) || o->canary)
				o = NULL;	/* we never write an SQ, nor our canary */
			else
				okind = o->kind, handle = o->handle;
		}
		if (!o && kind == M_OBJ)
			munmap(va, len);
		else if (!map_add_locked(va, len, fd, kind, okind, handle, o && o->sig))
			munmap(va, len);
	}
	pthread_mutex_unlock(&P.lock);
}

struct map_ent *map_pick_locked(void)
{
	int i, n = 0, idx[MAX_MAPS];

	for (i = 0; i < MAX_MAPS; i++)
		if (P.maps[i].used)
			idx[n++] = i;
	return n ? &P.maps[idx[rnd_below((uint32_t)n)]] : NULL;
}

/* Whole, head, tail or a page in the middle (which splits it in two). */
void op_munmap(void)
{
	struct map_ent *m, *rest;
	size_t pages, k;
	int ret;

	pthread_mutex_lock(&P.lock);
	m = map_pick_locked();
	if (!m) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	pages = m->len / PG;
	k = 1 + rnd_below((uint32_t)(pages > 1 ? pages - 1 : 1));
	switch (pages > 2 ? rnd_below(4) : pages > 1 ? rnd_below(3) : 0) {
	case 0:
		begin(OP_MUNMAP, "%p len=%#zx (whole)", (void *)m->addr, m->len);
		ret = end(OP_MUNMAP, sys_ret(munmap(m->addr, m->len)));
		if (!ret)
			m->used = 0;
		break;
	case 1:
		begin(OP_MUNMAP, "%p len=%#zx (head of %#zx)", (void *)m->addr, k * PG, m->len);
		ret = end(OP_MUNMAP, sys_ret(munmap(m->addr, k * PG)));
		if (!ret) {
			m->addr += k * PG;
			m->len -= k * PG;
			m->page0 += k;
		}
		break;
	case 2:
		begin(OP_MUNMAP, "%p len=%#zx (tail of %#zx)", (void *)(m->addr + m->len - k * PG),
		      k * PG, m->len);
		ret = end(OP_MUNMAP, sys_ret(munmap(m->addr + m->len - k * PG, k * PG)));
		if (!ret)
			m->len -= k * PG;
		break;
	default:
		k = 1 + rnd_below((uint32_t)(pages - 2));
		begin(OP_MUNMAP, "%p (page %zu of %zu)", (void *)(m->addr + k * PG), k, pages);
		ret = end(OP_MUNMAP, sys_ret(munmap(m->addr + k * PG, PG)));
		if (ret)
			break;
		rest = map_add_locked(m->addr + (k + 1) * PG, m->len - (k + 1) * PG, m->fd, m->kind,
				      m->okind, m->handle, m->sig);
		if (rest) {
			rest->page0 = m->page0 + k + 1;
		} else {
			munmap(m->addr + (k + 1) * PG, m->len - (k + 1) * PG);
		}
		m->len = k * PG;
		break;
	}
	pthread_mutex_unlock(&P.lock);
}

void op_mprotect(void)
{
	struct map_ent *m;
	size_t pages, first, n;
	int prot;

	pthread_mutex_lock(&P.lock);
	m = map_pick_locked();
	if (m) {
		pages = m->len / PG;
		first = rnd_below((uint32_t)pages);
		n = 1 + rnd_below((uint32_t)(pages - first));
		prot = (int)PICK(PROT_READ, PROT_NONE, PROT_READ | PROT_WRITE);
		if (m->okind == K_SQ && m->kind == M_OBJ)
			prot &= ~PROT_WRITE;
		begin(OP_MPROTECT, "%p len=%#zx prot=%d", (void *)(m->addr + first * PG), n * PG,
		      prot);
		end(OP_MPROTECT, sys_ret(mprotect(m->addr + first * PG, n * PG, prot)));
	}
	pthread_mutex_unlock(&P.lock);
}

/* Shrink, grow (refused: VM_DONTEXPAND) or move. */
void op_mremap(void)
{
	struct map_ent *m;
	char *va;
	size_t nlen;

	pthread_mutex_lock(&P.lock);
	m = map_pick_locked();
	if (!m) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	switch (rnd_below(3)) {
	case 0:
		nlen = m->len > PG ? m->len - PG : m->len;
		begin(OP_MREMAP, "%p %#zx -> %#zx (shrink)", (void *)m->addr, m->len, nlen);
		va = mremap(m->addr, m->len, nlen, 0);
		break;
	case 1:
		nlen = m->len + PG;
		begin(OP_MREMAP, "%p %#zx -> %#zx (grow)", (void *)m->addr, m->len, nlen);
		va = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE);
		break;
	default:
		nlen = m->len;
		begin(OP_MREMAP, "%p %#zx (move)", (void *)m->addr, m->len);
		va = mmap(NULL, nlen, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (va != MAP_FAILED)
			va = mremap(m->addr, m->len, nlen, MREMAP_MAYMOVE | MREMAP_FIXED, va);
		break;
	}
	end(OP_MREMAP, va == MAP_FAILED ? -errno : 0);
	if (va != MAP_FAILED) {
		m->addr = va;
		m->len = nlen;
	}
	pthread_mutex_unlock(&P.lock);
}

/*
 * Reads a page of a mapping (checking a signed buffer's page is the one
 * its offset names) and writes into the parts that are ours to write:
 * a buffer or CQ past the signature, our own queues' doorbells.
 */
void op_touch(void)
{
	struct map_ent *m;
	uint64_t v, want, page, w;
	size_t off;
	struct obj_ent *o;
	int sig;

	pthread_mutex_lock(&P.lock);
	m = map_pick_locked();
	if (!m) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	page = rnd_below((uint32_t)(m->len / PG));
	begin(OP_TOUCH, "%p page %llu of %#zx (%s)", (void *)m->addr, (unsigned long long)page,
	      m->len, m->kind == M_DB ? "doorbells" : "object");
	if (m->kind == M_DB) {
		o = obj_pick_locked(chance(50) ? K_SQ : K_CQ, m->fd, 0, 0);
		sig = 0;
		if (o && o->db_off + 4 <= m->len && o->db_off >= 8) {
			w = rnd_below(o->qsize);
			sig = touch64((volatile uint64_t *)(m->addr + (o->db_off & ~7ull)), &v, NULL);
			/* a 32-bit doorbell write: the other half of the word as it was */
			if (!sig) {
				volatile uint32_t *db = (volatile uint32_t *)(m->addr + o->db_off);

				sig = sigsetjmp(touch_jmp, 1);
				if (!sig) {
					touch_armed = 1;
					*db = (uint32_t)w;
					touch_armed = 0;
				}
			}
		} else {
			sig = touch64((volatile uint64_t *)(m->addr + page * PG), &v, NULL);
		}
		end(OP_TOUCH, sig ? -EFAULT : 0);
		pthread_mutex_unlock(&P.lock);
		return;
	}
	sig = touch64((volatile uint64_t *)(m->addr + page * PG), &v, NULL);
	if (!sig && m->sig) {
		want = sig_of(m->handle, m->page0 + page);
		__atomic_add_fetch(&S->sig_checks, 1, __ATOMIC_RELAXED);
		if (v != want)
			fail("page %llu of a mapping of buffer %u (fd %d) reads %#llx, not the "
			     "signature of the buffer's page %llu (%#llx): the fault mapped the "
			     "wrong page, or the device wrote into the buffer",
			     (unsigned long long)page, m->handle, m->fd, (unsigned long long)v,
			     (unsigned long long)(m->page0 + page), (unsigned long long)want);
	}
	if (!sig && m->okind != K_SQ && chance(50)) {
		off = 16 + (rnd_below(PG - 24) & ~7u);
		w = rnd();
		sig = touch64((volatile uint64_t *)(m->addr + page * PG + off), NULL, &w);
	}
	end(OP_TOUCH, sig ? -EFAULT : 0);
	pthread_mutex_unlock(&P.lock);
}
