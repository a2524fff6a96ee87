// SPDX-License-Identifier: GPL-2.0
/*
 * state.c - nvmetest-fuzz's shared state and the helpers every operation uses:
 * randomness, call records, failures, SIGBUS-safe touches, the tables.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "fuzz.h"

const struct op_desc ops[NR_OPS] = {
	[OP_OPEN] = { "open", G_IOCTL, 30 },
	[OP_CLOSE] = { "close", G_IOCTL, 8 },
	[OP_INFO] = { "INFO", G_IOCTL, 20 },
	[OP_REG_READ] = { "REG_READ", G_IOCTL, 20 },
	[OP_REG_WRITE] = { "REG_WRITE", G_IOCTL, 15 },
	[OP_CFG_READ] = { "CFG_READ", G_IOCTL, 15 },
	[OP_CFG_WRITE] = { "CFG_WRITE", G_IOCTL, 6 },
	[OP_ADMIN] = { "ADMIN_CMD", G_IOCTL, 40 },
	[OP_SUBMIT] = { "ADMIN_SUBMIT", G_IOCTL, 35 },
	[OP_REAP] = { "ADMIN_REAP", G_IOCTL, 30 },
	[OP_BUF_ALLOC] = { "BUF_ALLOC", G_IOCTL, 30 },
	[OP_BUF_FREE] = { "BUF_FREE", G_IOCTL, 22 },
	[OP_CREATE_CQ] = { "CREATE_CQ", G_IOCTL, 18 },
	[OP_CREATE_SQ] = { "CREATE_SQ", G_IOCTL, 18 },
	[OP_DELETE_SQ] = { "DELETE_SQ", G_IOCTL, 12 },
	[OP_DELETE_CQ] = { "DELETE_CQ", G_IOCTL, 12 },
	[OP_IRQ] = { "IRQ", G_IOCTL, 20 },
	[OP_RESET] = { "RESET", G_IOCTL, 1 },
	[OP_PCI_RESET] = { "PCI_RESET", G_IOCTL, 1 },
	[OP_CMDLOG] = { "CMDLOG", G_IOCTL, 10 },
	[OP_QUEUE_STATS] = { "QUEUE_STATS", G_IOCTL, 12 },
	[OP_BAD_IOCTL] = { "bad-ioctl", G_IOCTL, 6 },
	[OP_POLL] = { "poll", G_IOCTL, 10 },
	[OP_MMAP] = { "mmap", G_MMAP, 30 },
	[OP_MUNMAP] = { "munmap", G_MMAP, 16 },
	[OP_MPROTECT] = { "mprotect", G_MMAP, 6 },
	[OP_MREMAP] = { "mremap", G_MMAP, 6 },
	[OP_TOUCH] = { "touch", G_MMAP, 40 },
	[OP_FORK] = { "fork", G_FORK, 2 },
	[OP_NETLINK] = { "netlink", G_NETLINK, 10 },
	[OP_DMA] = { "dma-confine", G_DMA, 6 },
	[OP_PERSIST] = { "dma-persist", G_PERSIST, 2 },
	[OP_REMOVE] = { "remove", G_REMOVE, 0 },	/* the remover's, not a thread's */
};

const char *const group_names[NR_GROUPS] = {
	[G_IOCTL] = "ioctl", [G_MMAP] = "mmap", [G_FORK] = "fork", [G_NETLINK] = "netlink",
	[G_DMA] = "dma", [G_PERSIST] = "persist", [G_REMOVE] = "remove",
};

struct shared *S;

struct fuzz_opts opt = { .sx = { .secs = 60, .procs = 4, .max_procs = MAX_PROCS } };

struct proc_state P = { .lock = PTHREAD_MUTEX_INITIALIZER, .canary_obj = -1 };

__thread uint64_t rng_state;
__thread struct slot *me;
__thread char *scratch;		/* SCRATCH bytes, then a PROT_NONE page */
__thread char *ro_page;		/* a read-only page */
__thread sigjmp_buf touch_jmp;
__thread volatile sig_atomic_t touch_armed;
__thread struct nvmet_nl *nl;

uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return rng_state = x;
}

uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(rnd() % n) : 0;
}

int chance(unsigned int percent)
{
	return rnd_below(100) < percent;
}

/* Sizes around the module's limits and page boundaries. */
uint64_t boundary_size(void)
{
	if (chance(10))
		return rnd();
	if (chance(10))
		return rnd_below(1u << 23);
	return PICK(0, 1, 4, 7, 64, 511, 512, 4095, 4096, 4097, 8192, 12288, 65536,
		    NVMETEST_ADMIN_MAX_DATA - 1, NVMETEST_ADMIN_MAX_DATA,
		    NVMETEST_ADMIN_MAX_DATA + 1, NVMETEST_BUF_MAX_SIZE,
		    NVMETEST_BUF_MAX_SIZE + 1, 1ull << 31, 1ull << 32, ~0ull);
}

/* --- failures and call records ------------------------------------------------- */

void fail(const char *fmt, ...)
{
	unsigned int k;
	va_list ap;
	int n;

	if (__atomic_exchange_n(&S->failed, 1, __ATOMIC_SEQ_CST))
		return;
	va_start(ap, fmt);
	n = vsnprintf(S->fail, sizeof(S->fail), fmt, ap);
	va_end(ap);
	/* what this thread did just before, while the others carry on */
	for (k = me->pos > 4 ? me->pos - 4 : 0; k < me->pos && n > 0 && (size_t)n < sizeof(S->fail); k++)
		n += snprintf(S->fail + n, sizeof(S->fail) - (size_t)n, "\n  after: %s",
			      me->ring[k % RING]);
}

void begin(enum op op, const char *fmt, ...)
{
	char *rec = me->ring[me->pos % RING];
	va_list ap;
	int n;

	n = snprintf(rec, REC_LEN, "%s ", ops[op].name);
	va_start(ap, fmt);
	vsnprintf(rec + n, REC_LEN - (size_t)n, fmt, ap);
	va_end(ap);
	me->pos++;
	__atomic_store_n(&me->since_ns, sx_now_ns(), __ATOMIC_RELEASE);
}

/* Ends a call that returned @ret (a negative errno or >= 0). */
int end(enum op op, int ret)
{
	int e = ret < 0 ? -ret : 0;

	__atomic_store_n(&me->since_ns, 0, __ATOMIC_RELEASE);
	__atomic_add_fetch(&me->calls, 1, __ATOMIC_RELAXED);
	__atomic_add_fetch(&S->counts[op][e < NERR ? e : NERR], 1, __ATOMIC_RELAXED);
	return ret;
}

int sys_ret(long r)
{
	return r < 0 ? -errno : (int)r;
}

int do_ioctl(enum op op, int fd, unsigned long req, void *arg)
{
	return end(op, sys_ret(ioctl(fd, req, arg)));
}

/* --- signals: touching a revoked mapping raises SIGBUS ---------------------- */

void on_fault(int sig)
{
	if (touch_armed) {
		touch_armed = 0;
		siglongjmp(touch_jmp, sig);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * Reads (and with @val_in, writes) 8 bytes at @p. Returns 0, or the signal
 * that stopped it (SIGBUS: revoked; SIGSEGV: unmapped or protected).
 */
int touch64(volatile uint64_t *p, uint64_t *val_out, const uint64_t *val_in)
{
	int sig = sigsetjmp(touch_jmp, 1);

	if (sig) {
		__atomic_add_fetch(sig == SIGBUS ? &S->sigbus : &S->sigsegv, 1, __ATOMIC_RELAXED);
		return sig;
	}
	touch_armed = 1;
	if (val_out)
		*val_out = *p;
	if (val_in)
		*p = *val_in;
	touch_armed = 0;
	return 0;
}

/* --- the process's tables (call with P.lock held) ---------------------------- */

int fd_pick_locked(struct fd_ent **fe)
{
	int i, n = 0, idx[MAX_FDS];

	for (i = 0; i < MAX_FDS; i++)
		if (P.fds[i].fd >= 0)
			idx[n++] = i;
	if (!n)
		return -1;
	*fe = &P.fds[idx[rnd_below((uint32_t)n)]];
	return (*fe)->fd;
}

int open_fds(void)
{
	int i, n = 0;

	for (i = 0; i < MAX_FDS; i++)
		n += P.fds[i].fd >= 0;
	return n;
}

/* An fd to call with: mostly one of the device's, sometimes anything. */
int pick_fd(struct nvmetest_info *info)
{
	struct fd_ent *fe;
	int fd;

	if (chance(3))
		return (int)PICK(-1, 0, 2, 999);
	pthread_mutex_lock(&P.lock);
	fd = fd_pick_locked(&fe);
	if (fd >= 0 && info)
		*info = fe->info;
	pthread_mutex_unlock(&P.lock);
	return fd;
}

uint32_t fd_gen_locked(int fd)
{
	int i;

	for (i = 0; i < MAX_FDS; i++)
		if (P.fds[i].fd == fd)
			return P.fds[i].gen;
	return 0;
}

struct obj_ent *obj_pick_locked(enum obj_kind kind, int fd, int any_fd, int usable)
{
	int i, n = 0, idx[MAX_OBJS];

	for (i = 0; i < MAX_OBJS; i++) {
		struct obj_ent *o = &P.objs[i];

		if (!o->used || o->kind != kind || o->canary || (!any_fd && o->fd != fd))
			continue;
		if (usable && o->sig)
			continue;
		idx[n++] = i;
	}
	return n ? &P.objs[idx[rnd_below((uint32_t)n)]] : NULL;
}

struct obj_ent *obj_add_locked(int fd, enum obj_kind kind, uint64_t size, uint64_t mmap_off,
			       uint64_t dma)
{
	struct obj_ent *o;
	int i;

	for (i = 0; i < MAX_OBJS && P.objs[i].used; i++)
		;
	if (i == MAX_OBJS)
		return NULL;
	o = &P.objs[i];
	memset(o, 0, sizeof(*o));
	o->used = 1;
	o->fd = fd;
	o->gen = fd_gen_locked(fd);
	o->kind = kind;
	o->size = size;
	o->mmap_off = mmap_off;
	o->dma = dma;
	return o;
}

struct obj_ent *buf_add_locked(int fd, const struct nvmetest_buf *b)
{
	struct obj_ent *o = obj_add_locked(fd, K_BUF, b->size, b->mmap_offset, b->dma_addr);

	if (o) {
		o->handle = b->handle;
		P.buf_bytes += b->size;
	}
	return o;
}

struct map_ent *map_add_locked(char *addr, size_t len, int fd, enum map_kind kind,
			       enum obj_kind okind, uint32_t handle, int sig)
{
	struct map_ent *m;
	int i;

	for (i = 0; i < MAX_MAPS && P.maps[i].used; i++)
		;
	if (i == MAX_MAPS)
		return NULL;
	m = &P.maps[i];
	*m = (struct map_ent){ .used = 1, .addr = addr, .len = len, .fd = fd, .kind = kind,
			       .okind = okind, .handle = handle, .sig = sig };
	return m;
}

void publish(const struct obj_ent *o)
{
	struct pub *p = &S->pub[rnd_below(PUB)];

	p->pid = getpid();
	p->gen = o->gen;
	p->handle = o->kind == K_BUF ? o->handle : 0;
	p->mmap_off = o->mmap_off;
	p->qid = o->kind == K_BUF ? 0 : o->qid;
}

/* Another process's published object, if one is there. */
const struct pub *pub_other(void)
{
	const struct pub *p = &S->pub[rnd_below(PUB)];

	return p->pid && p->pid != getpid() ? p : NULL;
}

/* --- user pointers for the ioctls' data ------------------------------------------ */

/* A pointer for @len bytes: mostly valid, sometimes bad in one of many ways. */
uint64_t user_ptr(size_t len)
{
	switch (rnd_below(100)) {
	case 0 ... 79:
		return (uintptr_t)scratch + (len < SCRATCH ? rnd_below(SCRATCH - (uint32_t)len) & ~7u : 0);
	case 80 ... 83:
		return 0;
	case 84 ... 86:
		return PICK(1, 0xffff888000000000ull, 0xffffffffff600000ull, ~0ull - 7);
	case 87 ... 90:	/* runs into the guard page */
		return (uintptr_t)scratch + SCRATCH - (len > 64 ? len / 2 : 1);
	case 91 ... 94:
		return (uintptr_t)ro_page;
	default: {
		/*
		 * A mapping of a buffer or CQ of the device's: never the doorbells,
		 * an SQ or a signed buffer, where data copied out would ring the
		 * device or hide a wrong page; and never more than the mapping
		 * holds, since the next mapping up may be the doorbells (a copy
		 * running over into them rang the admin queue).
		 */
		uint64_t p = (uintptr_t)scratch;
		struct map_ent *m = &P.maps[rnd_below(MAX_MAPS)];

		pthread_mutex_lock(&P.lock);
		if (m->used && m->kind == M_OBJ && m->okind != K_SQ && !m->sig && len <= m->len)
			p = (uintptr_t)m->addr;
		pthread_mutex_unlock(&P.lock);
		return p;
	}
	}
}
