// SPDX-License-Identifier: GPL-2.0
/*
 * workers.c - nvmetest-fuzz's worker processes (two threads each, and
 * short-lived forked children sharing their files) and the remover.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "st_module.h"
#include "fuzz.h"

/* --- fork: a child shares the files and mappings for a few calls ------------ */

static void kid_main(void)
{
	struct nvmetest_admin_reap r = { 0 };
	struct nvmetest_admin_cmd c;
	struct nvmetest_buf b = { 0 };
	struct obj_ent *o;
	struct map_ent *m;
	uint64_t v;
	int i, fd;

	for (i = 0; i < KID_OPS && !S->stop; i++) {
		fd = pick_fd(NULL);
		switch (rnd_below(6)) {
		case 0:
			r.cmds = (uintptr_t)scratch;
			r.count = 8;
			r.timeout_ms = (uint32_t)PICK(0, 5);
			begin(OP_REAP, "(child) fd=%d", fd);
			do_ioctl(OP_REAP, fd, NVMETEST_IOC_ADMIN_REAP, &r);
			break;
		case 1:
			build_admin(&c, fd, 1);
			begin(OP_SUBMIT, "(child) fd=%d opc=%#x", fd, c.sqe[0] & 0xff);
			do_ioctl(OP_SUBMIT, fd, NVMETEST_IOC_ADMIN_SUBMIT, &c);
			break;
		case 2:
			o = obj_pick_locked(K_BUF, fd, 0, 0);
			b.handle = o ? o->handle : 1;
			begin(OP_BUF_FREE, "(child) fd=%d handle=%u", fd, b.handle);
			do_ioctl(OP_BUF_FREE, fd, NVMETEST_IOC_BUF_FREE, &b);
			break;
		case 3:
			m = map_pick_locked();
			if (m) {
				begin(OP_TOUCH, "(child) %p", (void *)m->addr);
				end(OP_TOUCH, touch64((volatile uint64_t *)m->addr, &v, NULL) ? -EFAULT : 0);
			}
			break;
		case 4:
			m = map_pick_locked();
			if (m) {
				begin(OP_MUNMAP, "(child) %p", (void *)m->addr);
				end(OP_MUNMAP, sys_ret(munmap(m->addr, m->len)));
				m->used = 0;
			}
			break;
		default:
			if (fd >= 0) {
				begin(OP_CLOSE, "(child) fd=%d", fd);
				end(OP_CLOSE, sys_ret(close(fd)));
			}
			break;
		}
	}
}

void reap_kids(int wait_all)
{
	int i, status;

	for (i = 0; i < MAX_KIDS; i++) {
		if (!P.kids[i])
			continue;
		while (waitpid(P.kids[i], &status, WNOHANG) == 0) {
			if (!wait_all)
				goto next;
			usleep(10000);
		}
		P.kids[i] = 0;
next:
		;
	}
}

void op_fork(void)
{
	int i;
	pid_t pid;

	pthread_mutex_lock(&P.lock);
	for (i = 0; i < MAX_KIDS && P.kids[i]; i++)
		;
	if (i == MAX_KIDS) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	begin(OP_FORK, "from pid %d", getpid());
	/* The child gets a copy of the tables, and of this thread only: no locks there. */
	pid = fork();
	if (pid == 0) {
		/* its own slot, for the parent's watch and the failure report */
		me = &S->slot[SLOT_KIDS + P.idx * MAX_KIDS + i];
		memset(me, 0, sizeof(*me));
		me->tid = (pid_t)syscall(SYS_gettid);
		__atomic_store_n(&me->pid, getpid(), __ATOMIC_RELEASE);
		/* held by this thread in the parent: the child's copy starts free */
		pthread_mutex_init(&P.lock, NULL);
		memset(P.kids, 0, sizeof(P.kids));
		rng_state ^= (uint64_t)getpid() << 32;
		kid_main();
		_exit(0);
	}
	end(OP_FORK, pid < 0 ? -errno : 0);
	if (pid > 0) {
		P.kids[i] = pid;
		__atomic_add_fetch(&S->forks, 1, __ATOMIC_RELAXED);
	}
	pthread_mutex_unlock(&P.lock);
}

/* --- a worker thread ---------------------------------------------------------------- */

static enum op pick_op(void)
{
	static unsigned int total;
	unsigned int r, i;

	if (!total)
		for (i = 0; i < NR_OPS; i++)
			if (opt.ops & (1ull << i))
				total += ops[i].weight;
	r = rnd_below(total);
	for (i = 0; i < NR_OPS; i++) {
		if (!(opt.ops & (1ull << i)))
			continue;
		if (r < ops[i].weight)
			return (enum op)i;
		r -= ops[i].weight;
	}
	return OP_INFO;
}

static void run_op(enum op op)
{
	switch (op) {
	case OP_OPEN: op_open(); break;
	case OP_CLOSE: op_close(); break;
	case OP_INFO: op_info(); break;
	case OP_REG_READ: op_reg(0); break;
	case OP_REG_WRITE: op_reg(1); break;
	case OP_CFG_READ: op_cfg(0); break;
	case OP_CFG_WRITE: op_cfg(1); break;
	case OP_ADMIN: op_admin(0); break;
	case OP_SUBMIT: op_admin(1); break;
	case OP_REAP: op_reap(); break;
	case OP_BUF_ALLOC: op_buf_alloc(); break;
	case OP_BUF_FREE: op_buf_free(); break;
	case OP_CREATE_CQ: op_create_queue(0); break;
	case OP_CREATE_SQ: op_create_queue(1); break;
	case OP_DELETE_SQ: op_delete_queue(1); break;
	case OP_DELETE_CQ: op_delete_queue(0); break;
	case OP_IRQ: op_irq(); break;
	case OP_RESET: op_reset(0); break;
	case OP_PCI_RESET: op_reset(1); break;
	case OP_CMDLOG: op_cmdlog(); break;
	case OP_QUEUE_STATS: op_queue_stats(); break;
	case OP_BAD_IOCTL: op_bad_ioctl(); break;
	case OP_POLL: op_poll(); break;
	case OP_MMAP: op_mmap(); break;
	case OP_MUNMAP: op_munmap(); break;
	case OP_MPROTECT: op_mprotect(); break;
	case OP_MREMAP: op_mremap(); break;
	case OP_TOUCH: op_touch(); break;
	case OP_FORK: op_fork(); break;
	case OP_NETLINK: op_netlink(); break;
	case OP_DMA: op_dma(); break;
	case OP_PERSIST: op_persist(); break;
	case OP_REMOVE: case NR_OPS: break;
	}
}

static void *thread_main(void *arg)
{
	int t = (int)(intptr_t)arg;

	me = &S->slot[P.idx * THREADS + t];
	me->pid = getpid();
	me->tid = (pid_t)syscall(SYS_gettid);
	rng_state = opt.seed ^ (0x9e3779b97f4a7c15ull * (uint64_t)(P.idx * THREADS + t + 1));
	scratch = mmap(NULL, SCRATCH + 2 * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (scratch == MAP_FAILED)
		return NULL;
	memset(scratch, 0x5a, SCRATCH);
	mprotect(scratch + SCRATCH, PG, PROT_NONE);
	ro_page = scratch + SCRATCH + PG;
	mprotect(ro_page, PG, PROT_READ);
	if (opt.wait_aer && P.idx == 0 && t == 0)
		op_wait_aer();
	while (!__atomic_load_n(&S->stop, __ATOMIC_ACQUIRE)) {
		/* calls without a file mostly say EBADF: open one first */
		run_op(open_fds() || chance(10) ? pick_op() : OP_OPEN);
		if (t == 0 && rnd_below(16) == 0) {
			pthread_mutex_lock(&P.lock);
			reap_kids(0);
			pthread_mutex_unlock(&P.lock);
		}
	}
	nvmet_nl_close(nl);
	return NULL;
}

void worker_main(int idx)
{
	struct sigaction sa = { .sa_handler = on_fault, .sa_flags = SA_NODEFER };
	pthread_t th[THREADS];
	int t;

	P.idx = idx;
	for (t = 0; t < MAX_FDS; t++)
		P.fds[t].fd = -1;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	for (t = 0; t < THREADS; t++)
		pthread_create(&th[t], NULL, thread_main, (void *)(intptr_t)t);
	for (t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_lock(&P.lock);
	reap_kids(1);
	pthread_mutex_unlock(&P.lock);
	_exit(0);
}

/*
 * --- the remover: takes the device away every few seconds and brings it back ---
 * Its sysfs writes and the restores are calls of its slot: the parent's
 * watch tells a slow one from a hung one.
 */

void remover_main(const struct sx_dev *d)
{
	static const unsigned int weight[SX_NR_REMOVALS] = { 50, 30, 20 };
	char node[64];
	enum sx_removal how;
	unsigned int r, i;
	uint64_t t0;
	int ret;

	me = &S->slot[SLOT_REMOVER];
	me->pid = getpid();
	me->tid = me->pid;
	rng_state = opt.seed ^ 0x5deece66dull;
	while (!__atomic_load_n(&S->stop, __ATOMIC_ACQUIRE)) {
		for (i = 0; i < 20 + rnd_below(40) && !S->stop; i++)
			usleep(50000);
		if (S->stop)
			break;
		r = rnd_below(100);
		for (how = 0; how < SX_NR_REMOVALS - 1 && r >= weight[how]; how++)
			r -= weight[how];
		t0 = sx_now_ns();
		begin(OP_REMOVE, "%s %s", sx_removal_names[how], d->bdf);
		ret = end(OP_REMOVE, sx_remove(d, how));
		if (!ret)
			__atomic_add_fetch(&S->removals[how], 1, __ATOMIC_RELAXED);
		usleep(rnd_below(500000));
		begin(OP_REMOVE, "restore %s", d->bdf);
		ret = end(OP_REMOVE, sx_dev_restore_watched(d));
		if (ret) {
			fail("bringing %s back after %s failed: %s", d->bdf, sx_removal_names[how],
			     strerror(-ret));
			break;
		}
		if (sx_now_ns() - t0 > S->back_max_ns)
			S->back_max_ns = sx_now_ns() - t0;
		if (!sx_dev_node(d, node, sizeof(node), SETTLE_MS)) {
			memcpy(S->node, node, sizeof(node));
			__atomic_add_fetch(&S->gen, 1, __ATOMIC_RELEASE);
		}
	}
	_exit(0);
}
