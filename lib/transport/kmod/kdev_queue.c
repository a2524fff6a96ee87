// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * kdev_queue.c - creating and deleting I/O queues through the module and
 * mapping them into the caller.
 */
#include <string.h>
#include <sys/mman.h>

#include <nvmet/kdev.h>

#include "kdev_priv.h"

#define SQE_SIZE	sizeof(struct nvmet_sqe)
#define CQE_SIZE	sizeof(struct nvmet_cqe)

static int queue_ioctl(struct nvmet_kdev *dev, unsigned long req, struct nvmetest_queue *q,
		       uint32_t *status)
{
	int ret;

	ret = kdev_ioctl(dev, req, q);
	if (status)
		*status = ret ? 0 : q->status;
	if (!ret && q->status)
		ret = -EIO;
	return ret;
}

static int queue_delete(struct nvmet_kdev *dev, unsigned long req, uint16_t qid,
			uint32_t *status)
{
	struct nvmetest_queue q = { .qid = qid };

	return queue_ioctl(dev, req, &q, status);
}

/* Maps the queue memory and finds its doorbell; the queue exists already. */
static int queue_map(struct nvmet_kdev *dev, const struct nvmetest_queue *q, size_t entry,
		     void **va, volatile uint32_t **db)
{
	struct nvmetest_info info;
	volatile uint32_t *dbs;
	size_t len = (size_t)q->size * entry;
	void *p;
	int ret;

	if (q->entry_size != entry || q->mmap_size < len || q->db_offset % 4)
		return -EPROTO;
	ret = nvmet_kdev_info(dev, &info);
	if (ret)
		return ret;
	if (q->db_offset + 4 > info.db_size)
		return -EPROTO;
	ret = nvmet_kdev_map_doorbells(dev, &dbs);
	if (ret)
		return ret;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, nvmet_kdev_fd(dev),
		 (off_t)q->mmap_offset);
	if (p == MAP_FAILED)
		return -errno;
	*va = p;
	*db = dbs + q->db_offset / 4;
	return 0;
}

/*
 * After a failed delete the queue is still there when the controller refused
 * (-EIO) or the module was busy or interrupted; otherwise (gone, removed,
 * reset) its mapping has nothing left to serve.
 */
static int queue_gone(int ret)
{
	return ret != -EIO && ret != -EBUSY && ret != -EINTR;
}

int nvmet_kdev_cq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size, uint32_t vector,
			 struct nvmet_cq_ring *cq, uint32_t *status)
{
	struct nvmetest_queue q = { .qid = qid, .size = size };
	void *va;
	int ret;

	if (vector != NVMETEST_NO_VECTOR) {
		q.vector = vector;
		q.flags = NVMETEST_QUEUE_IRQ;
	}
	ret = queue_ioctl(dev, NVMETEST_IOC_CREATE_CQ, &q, status);
	if (ret)
		return ret;
	memset(cq, 0, sizeof(*cq));
	ret = queue_map(dev, &q, CQE_SIZE, &va, &cq->db);
	if (ret) {
		queue_delete(dev, NVMETEST_IOC_DELETE_CQ, qid, NULL);
		return ret;
	}
	cq->qid = qid;
	cq->size = size;
	cq->phase = 1;
	cq->vector = vector;
	cq->entries = va;
	return 0;
}

int nvmet_kdev_cq_delete(struct nvmet_kdev *dev, struct nvmet_cq_ring *cq, uint32_t *status)
{
	int ret;

	ret = queue_delete(dev, NVMETEST_IOC_DELETE_CQ, cq->qid, status);
	if (queue_gone(ret) && cq->entries) {
		munmap((void *)cq->entries, (size_t)cq->size * CQE_SIZE);
		cq->entries = NULL;
	}
	return ret;
}

int nvmet_kdev_sq_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size,
			 const struct nvmet_cq_ring *cq, unsigned int prio,
			 struct nvmet_sq_ring *sq, uint32_t *status)
{
	struct nvmetest_queue q = { .qid = qid, .size = size, .cqid = cq->qid, .prio = prio };
	void *va;
	int ret;

	ret = queue_ioctl(dev, NVMETEST_IOC_CREATE_SQ, &q, status);
	if (ret)
		return ret;
	memset(sq, 0, sizeof(*sq));
	ret = queue_map(dev, &q, SQE_SIZE, &va, &sq->db);
	if (ret) {
		queue_delete(dev, NVMETEST_IOC_DELETE_SQ, qid, NULL);
		return ret;
	}
	sq->qid = qid;
	sq->cqid = cq->qid;
	sq->size = size;
	sq->entries = va;
	return 0;
}

int nvmet_kdev_sq_delete(struct nvmet_kdev *dev, struct nvmet_sq_ring *sq, uint32_t *status)
{
	int ret;

	ret = queue_delete(dev, NVMETEST_IOC_DELETE_SQ, sq->qid, status);
	if (queue_gone(ret) && sq->entries) {
		munmap(sq->entries, (size_t)sq->size * SQE_SIZE);
		sq->entries = NULL;
	}
	return ret;
}
