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
 * complete: an I/O CQ and SQ created through passthrough (in the module's
 * bounce, or at the canary with no data), rung through the doorbells
 * mapping, then deleted.
 */
void op_persist(void)
{
	struct nvmetest_info info = { 0 };
	struct nvmetest_admin_cmd c;
	struct nvmetest_reg r = { .width = 4 };
	struct obj_ent *cn;
	uint16_t qid;
	size_t where = 0;
	int fd = pick_fd(&info), bounce = chance(50);

	if (fd < 0 || !info.max_qid)
		return;
	qid = (uint16_t)(info.max_qid - rnd_below(info.max_qid < 4 ? info.max_qid : 4));
	pthread_mutex_lock(&P.lock);
	cn = canary_locked(fd);
	if (!cn) {
		pthread_mutex_unlock(&P.lock);
		return;
	}
	for (int step = 0; step < 5; step++) {
		memset(&c, 0, sizeof(c));
		c.timeout_ms = 1000;
		switch (step) {
		case 0:		/* CQ: 2 entries, physically contiguous, no interrupts */
			sqe_set_opc(c.sqe, ADM_CREATE_CQ);
			c.sqe[10] = qid | 1u << 16;
			c.sqe[11] = 1;
			break;
		case 1:
			sqe_set_opc(c.sqe, ADM_CREATE_SQ);
			c.sqe[10] = qid | 1u << 16;
			c.sqe[11] = 1 | (uint32_t)qid << 16;
			break;
		case 2:
			r.offset = db_reg(&info, qid, 0);
			r.value = 1;
			begin(OP_PERSIST, "fd=%d ring SQ %u", fd, qid);
			do_ioctl(OP_PERSIST, fd, NVMETEST_IOC_REG_WRITE, &r);
			usleep(20000);
			continue;
		case 3:
			sqe_set_opc(c.sqe, ADM_DELETE_SQ);
			c.sqe[10] = qid;
			break;
		default:
			sqe_set_opc(c.sqe, ADM_DELETE_CQ);
			c.sqe[10] = qid;
			break;
		}
		if (step < 2 && bounce) {
			c.flags = NVMETEST_ADMIN_DATA_FROM_DEV;
			c.data_len = PG;
			c.data = (uintptr_t)scratch;
		} else if (step < 2) {
			/* the SQ at the canary's second page: its 0xc5 entries are an invalid opcode */
			uint64_t a = cn->dma + (step ? PG : 0);

			c.sqe[6] = (uint32_t)a;
			c.sqe[7] = (uint32_t)(a >> 32);
		}
		begin(OP_PERSIST, "fd=%d opc=%#x qid=%u %s", fd, c.sqe[0] & 0xff, qid,
		      bounce ? "in the bounce" : "at the canary");
		do_ioctl(OP_PERSIST, fd, NVMETEST_IOC_ADMIN_CMD, &c);
	}
	if (!bounce && !canary_intact_locked(&where))
		fail("the device wrote into a buffer no command named (byte %zu of canary %#llx "
		     "changed) after an I/O queue pair was created there through passthrough",
		     where, (unsigned long long)cn->dma);
	memset(P.canary_va, CANARY_BYTE, CANARY_SIZE);
	pthread_mutex_unlock(&P.lock);
}
