// SPDX-License-Identifier: GPL-2.0
/*
 * ops_ioctl.c - nvmetest-fuzz's ioctl operations (and open, close, poll, netlink):
 * valid-looking requests with one field wrong now and then.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

/* --- admin commands -------------------------------------------------------------- */

void sqe_set_opc(uint32_t *sqe, uint8_t opc)
{
	sqe[0] = (sqe[0] & ~0xffu) | opc;
}

/*
 * An admin command whose data the module moves (or none), mostly one the
 * controller knows with a transfer that fits: its data pointers and
 * metadata pointer zero.
 */
void build_admin(struct nvmetest_admin_cmd *c, int fd, int async)
{
	uint32_t *sqe = c->sqe;
	uint32_t len = 0, dir = 0;
	struct obj_ent *o;

	memset(c, 0, sizeof(*c));
	switch (rnd_below(12)) {
	case 0 ... 2:
		sqe_set_opc(sqe, ADM_IDENTIFY);
		sqe[1] = (uint32_t)PICK(0, 1, 2, 0xffffffff);
		sqe[10] = (uint32_t)PICK(0, 1, 1, 1, 2, 3, 0x10, rnd_below(256));
		len = PG;
		dir = NVMETEST_ADMIN_DATA_FROM_DEV;
		break;
	case 3:
		sqe_set_opc(sqe, ADM_GET_LOG);
		len = (uint32_t)PICK(64, 512, 512, PG);
		sqe[1] = 0xffffffff;
		sqe[10] = (uint32_t)PICK(1, 2, 3, 5, rnd_below(256)) | ((len / 4 - 1) << 16);
		dir = NVMETEST_ADMIN_DATA_FROM_DEV;
		break;
	case 4:
		sqe_set_opc(sqe, ADM_GET_FEAT);
		sqe[10] = (uint32_t)PICK(1, 2, 4, 5, 7, 8, 0xb, 0xe, rnd_below(256)) |
			  rnd_below(4) << 8;
		if ((sqe[10] & 0xff) == 0xe) {
			len = 8;
			dir = NVMETEST_ADMIN_DATA_FROM_DEV;
		}
		break;
	case 5:
		/* features whose change is harmless to the module's own use */
		sqe_set_opc(sqe, ADM_SET_FEAT);
		sqe[10] = (uint32_t)PICK(1, 4, 5, 8, 0xb, 0xe);
		sqe[11] = (uint32_t)rnd();
		if (sqe[10] == 0xe) {
			len = 8;
			dir = NVMETEST_ADMIN_DATA_TO_DEV;
		}
		break;
	case 6:
		sqe_set_opc(sqe, ADM_AER);
		break;
	case 7:
		sqe_set_opc(sqe, ADM_ABORT);
		sqe[10] = rnd_below(4) | rnd_below(64) << 16;
		break;
	case 8:
		/* queues deleted behind the module's back */
		sqe_set_opc(sqe, chance(50) ? ADM_DELETE_SQ : ADM_DELETE_CQ);
		pthread_mutex_lock(&P.lock);
		o = obj_pick_locked(chance(50) ? K_SQ : K_CQ, fd, 1, 0);
		sqe[10] = o ? o->qid : 1 + rnd_below(16);
		pthread_mutex_unlock(&P.lock);
		break;
	case 9:
		sqe_set_opc(sqe, chance(95) ? ADM_KEEP_ALIVE : ADM_FORMAT);
		sqe[1] = 1;
		break;
	default:
		/* anything but the opcodes that hand the device memory to keep */
		do
			sqe_set_opc(sqe, (uint8_t)rnd());
		while ((sqe[0] & 0xff) == ADM_CREATE_SQ || (sqe[0] & 0xff) == ADM_CREATE_CQ ||
		       (sqe[0] & 0xff) == ADM_DBBUF || (sqe[0] & 0xff) == ADM_SET_FEAT ||
		       (sqe[0] & 0xff) == ADM_FORMAT);
		sqe[1] = (uint32_t)rnd();
		for (int i = 10; i < 16; i++)
			sqe[i] = (uint32_t)rnd();
		len = chance(50) ? (uint32_t)boundary_size() : 0;
		dir = chance(50) ? NVMETEST_ADMIN_DATA_FROM_DEV : NVMETEST_ADMIN_DATA_TO_DEV;
		break;
	}
	if (chance(10))
		len = (uint32_t)boundary_size();
	if (len && !dir)
		dir = NVMETEST_ADMIN_DATA_FROM_DEV;
	c->data_len = len;
	c->flags = len ? dir : 0;
	c->timeout_ms = (uint32_t)PICK(1, 2, 5, 20, 100, 500, 1000, 0);
	if (async && chance(30))
		c->flags |= NVMETEST_ADMIN_NO_TIMEOUT;

	if (len && chance(25)) {
		/* data in one of the process's buffers, or someone else's */
		const struct pub *p;

		c->flags |= NVMETEST_ADMIN_USE_BUF;
		pthread_mutex_lock(&P.lock);
		o = obj_pick_locked(K_BUF, fd, chance(10), 1);
		if (o) {
			c->buf_handle = o->handle;
			c->buf_offset = (uint32_t)PICK(0, 0, 0, 4, 3, o->size - PG, o->size - 4,
						       o->size, rnd_below((uint32_t)o->size));
		}
		pthread_mutex_unlock(&P.lock);
		if (!o && (p = pub_other()))
			c->buf_handle = p->handle;
	} else if (len) {
		c->data = user_ptr(len);
	}
	/* one thing wrong, now and then */
	switch (rnd_below(40)) {
	case 0: c->flags |= 1u << rnd_below(32); break;
	case 1: c->rsvd0 = 1; break;
	case 2: c->rsvd[rnd_below(3)] = rnd(); break;
	case 3: c->timeout_ms = (uint32_t)PICK(24u * 3600 * 1000 + 1, ~0u); break;
	case 4: c->flags |= NVMETEST_ADMIN_DATA_TO_DEV | NVMETEST_ADMIN_DATA_FROM_DEV; break;
	case 5: c->data = c->data ? 0 : user_ptr(PG); break;
	case 6: c->buf_handle = (uint32_t)rnd(); break;
	case 7: c->flags = NVMETEST_ADMIN_RAW_DPTR; c->data_len = 0; c->data = 0; break;
	default: break;
	}
	c->tag = rnd();
}

void op_admin(int async)
{
	enum op op = async ? OP_SUBMIT : OP_ADMIN;
	struct nvmetest_admin_cmd c;
	int fd = pick_fd(NULL);

	build_admin(&c, fd, async);
	begin(op, "fd=%d opc=%#x flags=%#x len=%u data=%#llx buf=%u+%u to=%u", fd,
	      c.sqe[0] & 0xff, c.flags, c.data_len, (unsigned long long)c.data, c.buf_handle,
	      c.buf_offset, c.timeout_ms);
	do_ioctl(op, fd, async ? NVMETEST_IOC_ADMIN_SUBMIT : NVMETEST_IOC_ADMIN_CMD, &c);
}

void op_wait_aer(void)
{
	struct nvmetest_admin_cmd c = { .flags = NVMETEST_ADMIN_NO_TIMEOUT };
	struct fd_ent *fe;
	int fd;

	op_open();
	pthread_mutex_lock(&P.lock);
	fd = fd_pick_locked(&fe);
	pthread_mutex_unlock(&P.lock);
	sqe_set_opc(c.sqe, ADM_AER);
	begin(OP_ADMIN, "fd=%d opc=%#x flags=%#x: an event request waiting as long as it takes",
	      fd, ADM_AER, c.flags);
	do_ioctl(OP_ADMIN, fd, NVMETEST_IOC_ADMIN_CMD, &c);
}

void op_reap(void)
{
	struct nvmetest_admin_reap r = { 0 };
	int fd = pick_fd(NULL);
	uint32_t cap = (uint32_t)PICK(0, 1, 4, 32, 33, rnd_below(64));
	size_t need = (size_t)cap * sizeof(struct nvmetest_admin_cmd);

	r.count = cap;
	r.timeout_ms = (uint32_t)PICK(0, 0, 1, 10, 100);
	r.cmds = chance(85) ? (uintptr_t)scratch + SCRATCH - need : user_ptr(need);
	if (chance(5))
		r.count = (uint32_t)PICK(~0u, 1u << 20);
	if (chance(3))
		r.rsvd[rnd_below(3)] = 1;
	begin(OP_REAP, "fd=%d count=%u cmds=%#llx to=%u", fd, r.count,
	      (unsigned long long)r.cmds, r.timeout_ms);
	do_ioctl(OP_REAP, fd, NVMETEST_IOC_ADMIN_REAP, &r);
}

/* --- open, close, info, registers, config space ------------------------------ */

void op_open(void)
{
	struct nvmetest_info info;
	char path[64];
	uint32_t gen;
	int fd, i, flags = O_RDWR | O_CLOEXEC;

	gen = __atomic_load_n(&S->gen, __ATOMIC_ACQUIRE);
	if (chance(90))
		snprintf(path, sizeof(path), "%s", S->node);
	else
		snprintf(path, sizeof(path), "/dev/nvmetest%u", rnd_below(3));
	if (chance(5))
		flags = (int)PICK(O_RDONLY | O_CLOEXEC, O_WRONLY | O_CLOEXEC,
				  O_RDWR | O_NONBLOCK | O_CLOEXEC);
	begin(OP_OPEN, "%s flags=%#x", path, flags);
	fd = end(OP_OPEN, sys_ret(open(path, flags)));
	if (fd == -ENOENT || fd == -ENXIO || fd == -ENODEV)
		usleep(10000);	/* the device is away: give the remover the CPU */
	if (fd < 0)
		return;
	memset(&info, 0, sizeof(info));
	ioctl(fd, NVMETEST_IOC_INFO, &info);
	pthread_mutex_lock(&P.lock);
	for (i = 0; i < MAX_FDS; i++)
		if (P.fds[i].fd < 0)
			break;
	if (i == MAX_FDS) {
		pthread_mutex_unlock(&P.lock);
		close(fd);
		return;
	}
	P.fds[i].fd = fd;
	P.fds[i].gen = gen;
	P.fds[i].info = info;
	pthread_mutex_unlock(&P.lock);
}

/* Closes under the lock, so the number is not reused under the tables. */
void op_close(void)
{
	struct fd_ent *fe;
	int fd, i;

	pthread_mutex_lock(&P.lock);
	fd = fd_pick_locked(&fe);
	if (fd < 0) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	for (i = 0; i < MAX_OBJS; i++)
		if (P.objs[i].used && P.objs[i].fd == fd) {
			if (P.objs[i].kind == K_BUF)
				P.buf_bytes -= P.objs[i].size;
			if (P.objs[i].canary)
				P.canary_obj = -1;
			P.objs[i].used = 0;
		}
	fe->fd = -1;
	begin(OP_CLOSE, "fd=%d", fd);
	end(OP_CLOSE, sys_ret(close(fd)));
	pthread_mutex_unlock(&P.lock);
}

void op_info(void)
{
	struct nvmetest_info info;
	int fd = pick_fd(NULL);
	void *arg = chance(90) ? (void *)&info : (void *)(uintptr_t)user_ptr(sizeof(info));

	begin(OP_INFO, "fd=%d arg=%p", fd, arg);
	do_ioctl(OP_INFO, fd, NVMETEST_IOC_INFO, arg);
}

uint32_t db_reg(const struct nvmetest_info *info, uint16_t qid, int cq)
{
	return (uint32_t)(0x1000 + (2u * qid + (cq ? 1 : 0)) * (info->db_stride ? info->db_stride : 4));
}

/*
 * CC by hand: now and then the controller disabled, as a test disables it
 * before its own reset; an enable by hand, refused while it is disabled
 * (the module's admin queue would run its old entries again); then the
 * reset ioctl.
 */
static void op_reg_cc(int fd)
{
	struct nvmetest_reg r = { .offset = 0x14, .width = 4 };
	uint64_t cc;

	if (ioctl(fd, NVMETEST_IOC_REG_READ, &r))
		return;
	cc = r.value;
	if (chance(20)) {
		r.value = cc & ~1ull;
		begin(OP_REG_WRITE, "fd=%d CC=%#llx (disable by hand)", fd, (unsigned long long)r.value);
		if (do_ioctl(OP_REG_WRITE, fd, NVMETEST_IOC_REG_WRITE, &r))
			return;
		usleep(2000);
	}
	/* set EN: CC alone, or with INTMC in an 8-byte write */
	if (chance(50)) {
		r.value = cc | 1;
	} else {
		r.offset = 0x10;
		r.width = 8;
		r.value = (cc | 1) << 32;
	}
	begin(OP_REG_WRITE, "fd=%d off=%#x width=%u CC.EN=1 (enable by hand)", fd, r.offset, r.width);
	do_ioctl(OP_REG_WRITE, fd, NVMETEST_IOC_REG_WRITE, &r);
	if (chance(50)) {
		begin(OP_RESET, "fd=%d (after CC by hand)", fd);
		do_ioctl(OP_RESET, fd, NVMETEST_IOC_RESET, NULL);
	}
}

void op_reg(int write)
{
	struct nvmetest_info info = { 0 };
	struct nvmetest_reg r = { 0 };
	struct obj_ent *o;
	int fd = pick_fd(&info);
	uint64_t bar = info.bar_size[0] ? info.bar_size[0] : 0x4000;

	if (write && chance(5)) {
		op_reg_cc(fd);
		return;
	}
	r.width = chance(90) ? (uint32_t)PICK(4, 8) : rnd_below(17);
	if (!write) {
		r.offset = (uint32_t)PICK(0, 8, 0xc, 0x10, 0x14, 0x1c, 0x20, 0x24, 0x28, 0x30, 0x38,
					  0x3c, 0xe00, 0x1000, 0x1004, bar - 8, bar - 4, bar, bar + 4,
					  rnd_below((uint32_t)bar), rnd());
	} else {
		/* interrupt masks, read-only registers, the doorbells of our own I/O queues */
		r.offset = (uint32_t)PICK(0, 8, 0xc, 0x10, 0x1c, bar, rnd());
		r.value = rnd() & (r.width == 8 ? ~0ull : 0xffffffffull);
		pthread_mutex_lock(&P.lock);
		o = chance(60) ? obj_pick_locked(chance(50) ? K_SQ : K_CQ, fd, 0, 0) : NULL;
		if (o) {
			r.offset = db_reg(&info, o->qid, o->kind == K_CQ);
			r.width = 4;
			r.value = chance(90) ? rnd_below(o->qsize) : (uint32_t)rnd();
		}
		pthread_mutex_unlock(&P.lock);
		if (r.offset >= 0x14 && r.offset < 0x1000 && r.offset != 0x1c)
			r.offset = 0xc;		/* never CC (op_reg_cc), AQA, ASQ, ACQ, CMB, PMR */
		if (r.offset == 0x10 && r.width == 8)
			r.width = 4;		/* nor CC through INTMC */
		if (r.offset >= 0x1000 && r.offset < 0x1000 + 2 * (info.db_stride ? info.db_stride : 4))
			r.offset = 0x10;	/* never the admin queue's doorbells */
	}
	if (chance(3))
		r.rsvd = 1;
	if (chance(5))
		r.offset |= 1 + rnd_below(3);
	begin(write ? OP_REG_WRITE : OP_REG_READ, "fd=%d off=%#x width=%u value=%#llx", fd,
	      r.offset, r.width, (unsigned long long)r.value);
	do_ioctl(write ? OP_REG_WRITE : OP_REG_READ, fd,
		 write ? NVMETEST_IOC_REG_WRITE : NVMETEST_IOC_REG_READ, &r);
}

/* The offset of capability @id in the configuration space, or 0. */
static uint32_t cfg_cap(int fd, uint32_t id)
{
	struct nvmetest_cfg c = { .offset = 0x34, .width = 1 };
	int n;

	if (ioctl(fd, NVMETEST_IOC_CFG_READ, &c))
		return 0;
	for (n = 0; n < 48 && c.value >= 0x40; n++) {
		uint32_t pos = c.value & ~3u;

		c.offset = pos;
		c.width = 2;
		if (ioctl(fd, NVMETEST_IOC_CFG_READ, &c))
			return 0;
		if ((c.value & 0xff) == id)
			return pos;
		c.value >>= 8;
	}
	return 0;
}

/*
 * A write the module must refuse (it would take the function from the
 * kernel): a BAR or the ROM BAR written back as it is, memory decode, bus
 * mastering or INTx Disable flipped, the MSI-X capability's flags written
 * back, Initiate FLR. Anything but EPERM (and the errors of a file whose
 * device went away) fails the run.
 */
static void op_cfg_guarded(int fd)
{
	struct nvmetest_cfg c = { .width = 4 };
	const char *what;
	uint32_t pos, set = 0;
	int ret;

	switch (rnd_below(5)) {
	case 0:
		what = "a BAR or the ROM BAR written back";
		c.offset = (uint32_t)PICK(0x10, 0x14, 0x18, 0x1c, 0x20, 0x24, 0x30);
		break;
	case 1 ... 2:
		what = "Memory Space, Bus Master or INTx Disable flipped";
		c.offset = 0x04;
		c.width = 2;
		break;
	case 3:
		what = "the MSI-X capability's flags written back";
		c.offset = cfg_cap(fd, 0x11) + 2;
		c.width = 2;
		break;
	default:
		what = "Initiate FLR in Device Control";
		pos = cfg_cap(fd, 0x10);
		c.offset = pos ? pos + 8 : 2;
		c.width = 2;
		set = 0x8000;
		break;
	}
	if (c.offset < 0x04 || ioctl(fd, NVMETEST_IOC_CFG_READ, &c))
		return;
	if (c.offset == 0x04)
		c.value ^= (uint32_t)PICK(0x2, 0x4, 0x400);
	c.value |= set;
	begin(OP_CFG_WRITE, "fd=%d off=%#x width=%u value=%#x (%s: refused)", fd, c.offset,
	      c.width, c.value, what);
	ret = do_ioctl(OP_CFG_WRITE, fd, NVMETEST_IOC_CFG_WRITE, &c);
	if (!ret)
		fail("configuration write %s went through (offset %#x, value %#x)", what,
		     c.offset, c.value);
}

void op_cfg(int write)
{
	struct nvmetest_info info = { 0 };
	struct nvmetest_cfg c = { 0 };
	int fd = pick_fd(&info);
	uint32_t size = info.cfg_size ? info.cfg_size : 4096;

	if (write && chance(30)) {
		op_cfg_guarded(fd);
		return;
	}
	c.width = chance(90) ? (uint32_t)PICK(1, 2, 4) : rnd_below(9);
	if (!write) {
		c.offset = (uint32_t)PICK(0, 4, 6, 0x10, 0x34, 0x40, 0x100, size - 4, size - 1,
					  size, rnd_below(size), rnd());
	} else {
		/* cache line size, latency timer, interrupt line, status (write 1 to clear) */
		static const uint32_t safe[][2] = { { 0x0c, 1 }, { 0x0d, 1 }, { 0x3c, 1 },
						    { 0x06, 2 } };
		int i = (int)rnd_below(4);

		c.offset = safe[i][0];
		c.width = chance(90) ? safe[i][1] : c.width;
		c.value = (uint32_t)rnd() & (c.width >= 4 ? ~0u : (1u << (8 * c.width)) - 1);
		if (c.offset == 0x06)
			c.value = 0xf900;	/* only the error bits */
		if (chance(10)) {
			/* refused: beyond the space, misaligned, a value wider than the access */
			c.offset = (uint32_t)PICK(size, size + 4, 0x0d);
			c.width = (uint32_t)PICK(2, 4);
			c.value = (uint32_t)PICK(0x10000, 0x100);
		}
	}
	if (chance(3))
		c.rsvd = 1;
	begin(write ? OP_CFG_WRITE : OP_CFG_READ, "fd=%d off=%#x width=%u value=%#x", fd,
	      c.offset, c.width, c.value);
	do_ioctl(write ? OP_CFG_WRITE : OP_CFG_READ, fd,
		 write ? NVMETEST_IOC_CFG_WRITE : NVMETEST_IOC_CFG_READ, &c);
}

void op_buf_alloc(void)
{
	struct nvmetest_buf b = { 0 };
	struct obj_ent *o;
	int fd = pick_fd(NULL), ret;

	b.size = chance(70) ? (uint64_t)PICK(1, 100, PG, PG + 1, 3 * PG, 16 * PG, 65536)
			    : boundary_size();
	if (P.buf_bytes + b.size > PROC_BUF_BYTES && b.size <= NVMETEST_BUF_MAX_SIZE)
		b.size = PG;
	switch (rnd_below(40)) {
	case 0: b.flags = 1u << rnd_below(32); break;
	case 1: b.handle = (uint32_t)rnd(); break;
	case 2: b.rsvd[rnd_below(4)] = 1; break;
	default: break;
	}
	begin(OP_BUF_ALLOC, "fd=%d size=%llu flags=%#x", fd, (unsigned long long)b.size, b.flags);
	ret = do_ioctl(OP_BUF_ALLOC, fd, NVMETEST_IOC_BUF_ALLOC, &b);
	if (ret)
		return;
	pthread_mutex_lock(&P.lock);
	o = buf_add_locked(fd, &b);
	if (o) {
		o->sig = chance(50) && !sign_buffer_locked(o, fd);
		if (!o->sig)
			publish(o);
	} else {
		/* the table is full: an object it does not know would look foreign */
		ioctl(fd, NVMETEST_IOC_BUF_FREE, &b);
	}
	pthread_mutex_unlock(&P.lock);
}

void op_buf_free(void)
{
	struct nvmetest_buf b = { 0 };
	const struct pub *p = NULL;
	struct obj_ent *o;
	int fd = pick_fd(NULL), ret, own = 0;

	pthread_mutex_lock(&P.lock);
	o = chance(85) ? obj_pick_locked(K_BUF, fd, chance(5), 0) : NULL;
	if (o)
		b.handle = o->handle;
	pthread_mutex_unlock(&P.lock);
	if (!o) {
		p = chance(50) ? pub_other() : NULL;
		b.handle = p ? p->handle : (uint32_t)PICK(0, 1, 2, rnd());
	}
	if (chance(3))
		b.flags = 1;
	/* Free and check under the lock: no other thread remaps the address. */
	pthread_mutex_lock(&P.lock);
	begin(OP_BUF_FREE, "fd=%d handle=%u%s", fd, b.handle, p ? " (another process's)" : "");
	ret = do_ioctl(OP_BUF_FREE, fd, NVMETEST_IOC_BUF_FREE, &b);
	if (!ret) {
		for (int i = 0; i < MAX_OBJS; i++) {
			struct obj_ent *e = &P.objs[i];

			if (e->used && e->kind == K_BUF && e->fd == fd && e->handle == b.handle) {
				own = 1;
				P.buf_bytes -= e->size;
				if (e->canary)
					P.canary_obj = -1;
				e->used = 0;
			}
		}
		if (p && !own && p->gen == fd_gen_locked(fd))
			fail("fd %d freed buffer %u of process %d", fd, b.handle, p->pid);
		check_freed_locked(fd, b.handle);
	}
	pthread_mutex_unlock(&P.lock);
}

void op_create_queue(int sq)
{
	enum op op = sq ? OP_CREATE_SQ : OP_CREATE_CQ;
	struct nvmetest_info info = { 0 };
	struct nvmetest_queue q = { 0 };
	struct obj_ent *o, *cq = NULL;
	int fd = pick_fd(&info), ret;
	uint32_t maxq = info.max_qid ? info.max_qid : 8;

	q.qid = chance(90) ? 1 + rnd_below(maxq < 16 ? maxq : 16) : (uint32_t)PICK(0, maxq + 1, 65535, rnd());
	q.size = chance(85) ? (uint32_t)PICK(2, 16, 64, 256, 1024) : (uint32_t)PICK(0, 1, 65536, 65537, info.mqes, info.mqes + 1, rnd());
	if (sq) {
		pthread_mutex_lock(&P.lock);
		cq = obj_pick_locked(K_CQ, fd, 0, 0);
		q.cqid = cq && chance(90) ? cq->qid : 1 + rnd_below(16);
		pthread_mutex_unlock(&P.lock);
		q.prio = chance(90) ? rnd_below(4) : (uint32_t)PICK(4, rnd());
	} else {
		q.flags = chance(50) ? NVMETEST_QUEUE_IRQ : 0;
		q.vector = q.flags ? (uint32_t)PICK(0, 1, info.nr_vectors - 1, info.nr_vectors, rnd())
				   : (uint32_t)PICK(0, NVMETEST_NO_VECTOR, NVMETEST_NO_VECTOR, 1);
	}
	if (chance(3))
		q.flags |= 1u << rnd_below(32);
	if (chance(3))
		q.rsvd[rnd_below(4)] = 1;
	begin(op, "fd=%d qid=%u size=%u cqid=%u vector=%#x prio=%u flags=%#x", fd, q.qid, q.size,
	      q.cqid, q.vector, q.prio, q.flags);
	ret = do_ioctl(op, fd, sq ? NVMETEST_IOC_CREATE_SQ : NVMETEST_IOC_CREATE_CQ, &q);
	if (ret || q.status)
		return;
	pthread_mutex_lock(&P.lock);
	o = obj_add_locked(fd, sq ? K_SQ : K_CQ, q.mmap_size, q.mmap_offset, q.dma_addr);
	if (o) {
		o->qid = (uint16_t)q.qid;
		o->qsize = q.size;
		o->db_off = q.db_offset;
		publish(o);
	} else {
		ioctl(fd, sq ? NVMETEST_IOC_DELETE_SQ : NVMETEST_IOC_DELETE_CQ, &q);
	}
	pthread_mutex_unlock(&P.lock);
}

void op_delete_queue(int sq)
{
	enum op op = sq ? OP_DELETE_SQ : OP_DELETE_CQ;
	struct nvmetest_queue q = { 0 };
	const struct pub *p;
	struct obj_ent *o;
	int fd = pick_fd(NULL), ret;

	pthread_mutex_lock(&P.lock);
	o = chance(80) ? obj_pick_locked(sq ? K_SQ : K_CQ, fd, chance(5), 0) : NULL;
	q.qid = o ? o->qid : 0;
	pthread_mutex_unlock(&P.lock);
	if (!o)
		q.qid = (p = pub_other()) && p->qid ? p->qid : (uint32_t)PICK(0, 1, 2, 65535, rnd());
	if (chance(3))
		q.rsvd[rnd_below(4)] = 1;
	begin(op, "fd=%d qid=%u", fd, q.qid);
	ret = do_ioctl(op, fd, sq ? NVMETEST_IOC_DELETE_SQ : NVMETEST_IOC_DELETE_CQ, &q);
	if (ret)
		return;
	pthread_mutex_lock(&P.lock);
	for (int i = 0; i < MAX_OBJS; i++) {
		struct obj_ent *e = &P.objs[i];

		if (e->used && e->kind == (sq ? K_SQ : K_CQ) && e->fd == fd && e->qid == q.qid)
			e->used = 0;
	}
	pthread_mutex_unlock(&P.lock);
}

void op_irq(void)
{
	static const unsigned long reqs[] = { NVMETEST_IOC_IRQ_GET, NVMETEST_IOC_IRQ_CLEAR,
					      NVMETEST_IOC_IRQ_MASK, NVMETEST_IOC_IRQ_UNMASK,
					      NVMETEST_IOC_IRQ_EVENTFD };
	static const char *const names[] = { "GET", "CLEAR", "MASK", "UNMASK", "EVENTFD" };
	struct nvmetest_info info = { 0 };
	struct nvmetest_irq irq = { 0 };
	int fd = pick_fd(&info), which = (int)rnd_below(5), efd = -1;

	irq.vector = chance(90) ? rnd_below(info.nr_vectors + 1) : (uint32_t)rnd();
	if (which == 4) {
		switch (rnd_below(5)) {
		case 0: irq.eventfd = -1; break;
		case 1: irq.eventfd = fd; break;		/* not an eventfd */
		case 2: irq.eventfd = 987; break;		/* not open */
		default:
			efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
			irq.eventfd = efd;
			break;
		}
	}
	if (chance(3))
		irq.rsvd[rnd_below(3)] = 1;
	begin(OP_IRQ, "%s fd=%d vector=%u eventfd=%d", names[which], fd, irq.vector,
	      irq.eventfd);
	do_ioctl(OP_IRQ, fd, reqs[which], &irq);
	/* The module holds its own reference to an attached eventfd. */
	if (efd >= 0)
		close(efd);
}

void op_reset(int pci)
{
	struct nvmetest_pci_reset r = { 0 };
	int fd = pick_fd(NULL);

	if (!pci) {
		begin(OP_RESET, "fd=%d", fd);
		do_ioctl(OP_RESET, fd, NVMETEST_IOC_RESET, NULL);
		return;
	}
	r.method = chance(90) ? (uint32_t)PICK(NVMETEST_PCI_RESET_FLR, NVMETEST_PCI_RESET_BUS)
			      : (uint32_t)PICK(0, 3, rnd());
	if (chance(3))
		r.rsvd[0] = 1;
	begin(OP_PCI_RESET, "fd=%d method=%u", fd, r.method);
	do_ioctl(OP_PCI_RESET, fd, NVMETEST_IOC_PCI_RESET, &r);
}

void op_cmdlog(void)
{
	struct nvmetest_cmdlog c = { 0 };
	int fd = pick_fd(NULL);
	size_t need;

	c.count = chance(90) ? (uint32_t)PICK(0, 1, 16, NVMETEST_CMDLOG_ENTRIES, NVMETEST_CMDLOG_ENTRIES + 1)
			     : (uint32_t)rnd();
	need = (size_t)(c.count < NVMETEST_CMDLOG_ENTRIES ? c.count : NVMETEST_CMDLOG_ENTRIES) *
	       sizeof(struct nvmetest_cmdlog_entry);
	c.entries = user_ptr(need);
	if (chance(3))
		c.rsvd[rnd_below(3)] = 1;
	begin(OP_CMDLOG, "fd=%d count=%u entries=%#llx", fd, c.count,
	      (unsigned long long)c.entries);
	do_ioctl(OP_CMDLOG, fd, NVMETEST_IOC_CMDLOG, &c);
}

/* A statistics region: a header written through a mapping of the buffer, then registered. */
void op_queue_stats(void)
{
	struct nvmetest_queue_stats qs = { 0 };
	struct nvmetest_qstats hdr = { 0 };
	struct obj_ent *sq, *buf;
	char *va = MAP_FAILED;
	uint64_t size = 0;
	int fd = pick_fd(NULL);

	pthread_mutex_lock(&P.lock);
	sq = obj_pick_locked(K_SQ, fd, 0, 0);
	buf = obj_pick_locked(K_BUF, fd, 0, 1);
	qs.qid = sq ? sq->qid : 1 + rnd_below(8);
	if (buf) {
		qs.buf_handle = chance(90) ? buf->handle : 0;
		size = buf->size;
		qs.buf_offset = (uint32_t)PICK(0, 0, 8, 4, 128, size - 128, size);
		va = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)buf->mmap_off);
	}
	pthread_mutex_unlock(&P.lock);
	if (va != MAP_FAILED) {
		hdr.magic = chance(90) ? NVMETEST_QSTATS_MAGIC : (uint32_t)rnd();
		hdr.version = chance(90) ? NVMETEST_QSTATS_VERSION : 2;
		hdr.entries = (uint32_t)PICK(1, 16, 64, 0, NVMETEST_QSTATS_MAX_ENTRIES,
					     NVMETEST_QSTATS_MAX_ENTRIES + 1, rnd());
		if (qs.buf_offset + sizeof(hdr) <= size) {
			uint64_t w[sizeof(hdr) / 8];

			memcpy(w, &hdr, sizeof(hdr));
			for (size_t i = 0; i < sizeof(hdr) / 8; i++)
				if (touch64((volatile uint64_t *)(va + (qs.buf_offset & ~7u) + 8 * i),
					    NULL, &w[i]))
					break;
		}
		munmap(va, size);
	}
	if (chance(3))
		qs.flags = 1;
	begin(OP_QUEUE_STATS, "fd=%d qid=%u buf=%u+%u entries=%u", fd, qs.qid, qs.buf_handle,
	      qs.buf_offset, hdr.entries);
	do_ioctl(OP_QUEUE_STATS, fd, NVMETEST_IOC_QUEUE_STATS, &qs);
}

void op_bad_ioctl(void)
{
	unsigned long req;
	int fd = pick_fd(NULL);

	switch (rnd_below(4)) {
	case 0: req = _IOWR(NVMETEST_IOC_MAGIC, 0x17 + rnd_below(40), struct nvmetest_info); break;
	case 1: req = _IOWR(NVMETEST_IOC_MAGIC, rnd_below(0x17), char[8]); break;
	case 2: req = _IO(NVMETEST_IOC_MAGIC, rnd_below(0x17)); break;
	default: req = (unsigned long)rnd(); break;
	}
	/* an INFO-sized request with a valid code but a different size is the interesting one */
	if ((req & 0xff) == (NVMETEST_IOC_RESET & 0xff) && _IOC_TYPE(req) == NVMETEST_IOC_MAGIC)
		req = _IOWR(NVMETEST_IOC_MAGIC, 0x30, int);
	begin(OP_BAD_IOCTL, "fd=%d req=%#lx", fd, req);
	do_ioctl(OP_BAD_IOCTL, fd, req, (void *)(uintptr_t)user_ptr(PG));
}

void op_poll(void)
{
	struct pollfd p = { .events = POLLIN | POLLOUT | POLLPRI };
	int ms = (int)PICK(0, 0, 1, 5);

	p.fd = pick_fd(NULL);
	begin(OP_POLL, "fd=%d timeout=%d", p.fd, ms);
	end(OP_POLL, sys_ret(poll(&p, 1, ms)));
}

void op_netlink(void)
{
	struct nvmetest_cmdlog_entry log[8];
	struct nvmet_nl_qpair qp[8];
	struct nvmet_nl_iostat st;
	struct nvmet_nl_event ev;
	uint32_t inst = chance(90) ? 0 : rnd_below(4);
	uint16_t qid = (uint16_t)PICK(0, 1, 2, 3, rnd_below(70));
	int which = (int)rnd_below(4), ret;

	if (!nl) {
		begin(OP_NETLINK, "open");
		if (end(OP_NETLINK, nvmet_nl_open(&nl)))
			return;
		nvmet_nl_subscribe(nl);
	}
	begin(OP_NETLINK, "%s instance=%u qid=%u",
	      (const char *[]){ "LIST_QPAIRS", "IOSTAT", "CMDLOG", "events" }[which], inst, qid);
	switch (which) {
	case 0: ret = nvmet_nl_list_qpairs(nl, inst, qp, 8); break;
	case 1: ret = nvmet_nl_iostat(nl, inst, chance(50) ? qid : NVMET_NL_ALL_QUEUES, &st); break;
	case 2: ret = nvmet_nl_cmdlog(nl, inst, qid, log, (unsigned int)PICK(1, 8)); break;
	default: ret = nvmet_nl_next_event(nl, &ev, 0); break;
	}
	end(OP_NETLINK, ret > 0 ? 0 : ret);
}
