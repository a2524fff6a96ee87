// SPDX-License-Identifier: GPL-2.0
/*
 * ops_dma.c - DMA confinement: commands that aim the device at a canary buffer
 * without naming it; the canary must not change.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

/* --- DMA confinement: the device must write only where a command's data goes --- */

/* The process's canary: a buffer filled with CANARY_BYTE and mapped; never a command's target. */
static struct obj_ent *canary_locked(int fd)
{
	struct nvmetest_buf b = { .size = CANARY_SIZE };
	struct obj_ent *o;
	char *va;

	if (P.canary_obj >= 0 && P.objs[P.canary_obj].used && P.objs[P.canary_obj].fd == fd)
		return &P.objs[P.canary_obj];
	if (P.canary_obj >= 0 && P.objs[P.canary_obj].used)
		return NULL;		/* on another fd */
	if (ioctl(fd, NVMETEST_IOC_BUF_ALLOC, &b))
		return NULL;
	va = mmap(NULL, CANARY_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)b.mmap_offset);
	o = va != MAP_FAILED ? buf_add_locked(fd, &b) : NULL;
	if (!o) {
		if (va != MAP_FAILED)
			munmap(va, CANARY_SIZE);
		ioctl(fd, NVMETEST_IOC_BUF_FREE, &b);
		return NULL;
	}
	o->canary = 1;
	if (P.canary_va)
		munmap(P.canary_va, CANARY_SIZE);
	P.canary_va = va;
	P.canary_obj = (int)(o - P.objs);
	memset(va, CANARY_BYTE, CANARY_SIZE);
	return o;
}

/* Whether the canary still holds only CANARY_BYTE (1), was written (0), or is gone (-1). */
static int canary_intact_locked(size_t *where)
{
	uint64_t v, want;
	size_t i;

	memset(&want, CANARY_BYTE, sizeof(want));
	for (i = 0; i < CANARY_SIZE; i += 8) {
		if (touch64((volatile uint64_t *)(P.canary_va + i), &v, NULL))
			return -1;
		if (v != want) {
			*where = i;
			return 0;
		}
	}
	__atomic_add_fetch(&S->canary_checks, 1, __ATOMIC_RELAXED);
	return 1;
}

/*
 * Commands that aim the device at the canary without naming it: PRPs with
 * no data (the module fills the data pointer in), the metadata pointer,
 * and a bounce shorter than the transfer whose second page holds fake PRP
 * list entries.
 */
void op_dma(void)
{
	struct nvmetest_admin_cmd c;
	struct obj_ent *cn;
	uint64_t entries[2];
	size_t where = 0;
	const char *what;
	int fd = pick_fd(NULL), ok;

	pthread_mutex_lock(&P.lock);
	cn = fd >= 0 ? canary_locked(fd) : NULL;
	if (!cn) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	memset(&c, 0, sizeof(c));
	sqe_set_opc(c.sqe, ADM_IDENTIFY);
	c.sqe[10] = 1;
	c.timeout_ms = 1000;
	switch (rnd_below(3)) {
	case 0:
		what = "Identify with no data and PRP1 at the canary";
		c.sqe[6] = (uint32_t)cn->dma;
		c.sqe[7] = (uint32_t)(cn->dma >> 32);
		break;
	case 1:
		what = "Identify with the metadata pointer at the canary";
		c.sqe[4] = (uint32_t)cn->dma;
		c.sqe[5] = (uint32_t)(cn->dma >> 32);
		c.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
		c.data_len = PG;
		c.data = (uintptr_t)scratch;
		break;
	default:
		/* 12 KiB of log page into an 8 KiB TO_DEV bounce: PRP2 read as a list */
		what = "Get Log Page of 12 KiB with an 8 KiB TO_DEV bounce listing the canary";
		sqe_set_opc(c.sqe, ADM_GET_LOG);
		c.sqe[1] = 0xffffffff;
		c.sqe[10] = 0x05 | ((3 * PG / 4 - 1) << 16);
		c.flags = NVMETEST_ADMIN_DATA_TO_DEV;
		c.data_len = 2 * PG;
		entries[0] = cn->dma;
		entries[1] = cn->dma + PG;
		memset(scratch, 0, 2 * PG);
		memcpy(scratch + PG, entries, sizeof(entries));
		c.data = (uintptr_t)scratch;
		break;
	}
	begin(OP_DMA, "fd=%d %s (canary %#llx)", fd, what, (unsigned long long)cn->dma);
	do_ioctl(OP_DMA, fd, NVMETEST_IOC_ADMIN_CMD, &c);
	ok = canary_intact_locked(&where);
	if (!ok)
		fail("the device wrote into a buffer no command named (byte %zu of canary %#llx "
		     "changed) after: %s", where, (unsigned long long)cn->dma, what);
	pthread_mutex_unlock(&P.lock);
}

/*
 * Admin commands that give the device memory to keep using after they
 * complete (I/O queues, the doorbell buffer, the host memory buffer, a
 * controller data queue), with no data and their pointers at the canary,
 * or with data through the module's bounce: without RAW_DPTR the module
 * sends none of them (EPERM), and the canary stays untouched.
 */
void op_persist(void)
{
	struct nvmetest_info info = { 0 };
	struct nvmetest_admin_cmd c;
	struct obj_ent *cn;
	const char *what;
	uint16_t qid;
	size_t where = 0;
	int fd = pick_fd(&info), bounce = chance(50), ret;

	if (fd < 0 || !info.max_qid)
		return;
	qid = (uint16_t)(info.max_qid - rnd_below(info.max_qid < 4 ? info.max_qid : 4));
	pthread_mutex_lock(&P.lock);
	cn = canary_locked(fd);
	if (!cn) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	memset(&c, 0, sizeof(c));
	c.timeout_ms = 1000;
	switch (rnd_below(5)) {
	case 0:		/* 2 entries, physically contiguous, no interrupts */
		what = "Create I/O CQ";
		sqe_set_opc(c.sqe, ADM_CREATE_CQ);
		c.sqe[10] = qid | 1u << 16;
		c.sqe[11] = 1;
		break;
	case 1:
		what = "Create I/O SQ";
		sqe_set_opc(c.sqe, ADM_CREATE_SQ);
		c.sqe[10] = qid | 1u << 16;
		c.sqe[11] = 1 | (uint32_t)qid << 16;
		break;
	case 2:
		what = "Doorbell Buffer Config";
		sqe_set_opc(c.sqe, ADM_DBBUF);
		break;
	case 3:
		what = "Set Features Host Memory Buffer, enabling it";
		sqe_set_opc(c.sqe, ADM_SET_FEAT);
		c.sqe[10] = 0x0d;
		c.sqe[11] = 1;
		c.sqe[12] = 1;			/* one 4 KiB page */
		c.sqe[13] = (uint32_t)cn->dma;	/* its descriptor list, at the canary */
		c.sqe[14] = (uint32_t)(cn->dma >> 32);
		c.sqe[15] = 1;
		break;
	default:
		what = "Controller Data Queue";
		sqe_set_opc(c.sqe, ADM_CTRL_DATA_QUEUE);
		c.sqe[11] = 1;
		c.sqe[12] = 1;
		break;
	}
	if (bounce) {
		c.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
		c.data_len = PG;
		c.data = (uintptr_t)scratch;
	} else {
		/* the SQ at the canary's second page: its 0xc5 entries are an invalid opcode */
		c.sqe[6] = (uint32_t)(cn->dma + PG);
		c.sqe[7] = (uint32_t)((cn->dma + PG) >> 32);
		c.sqe[8] = (uint32_t)cn->dma;
		c.sqe[9] = (uint32_t)(cn->dma >> 32);
	}
	begin(OP_PERSIST, "fd=%d %s qid=%u %s", fd, what, qid,
	      bounce ? "with data in the bounce" : "pointing at the canary");
	ret = do_ioctl(OP_PERSIST, fd, NVMETEST_IOC_ADMIN_CMD, &c);
	if (!ret)
		fail("the module sent %s without RAW_DPTR (status %#x): the controller keeps "
		     "its addresses", what, c.cqe[3] >> 17);
	else if (!canary_intact_locked(&where))
		fail("the device wrote into a buffer no command named (byte %zu of canary %#llx "
		     "changed) after: %s", where, (unsigned long long)cn->dma, what);
	pthread_mutex_unlock(&P.lock);
}
