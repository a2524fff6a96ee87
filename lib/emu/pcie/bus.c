// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * bus.c - the PCIe function as the host side reaches it (bus.h): made
 * from the options (core, front end, plug-ins, thread), BAR0 and
 * configuration accesses, DMA memory, the doorbells, reset and power.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nvmet/ctrl.h>

#include "emu/bus.h"
#include "pcie.h"
#include "support/error.h"

static void pcie_free(struct emu_pcie *p)
{
	if (p->dma.table)
		emu_dma_fini(&p->dma);
	free((void *)p->db);
	free(p->vec);
	free(p->active_sqs);
	free(p->cqs);
	free(p->sqs);
	free(p->backlog);
	pthread_cond_destroy(&p->kick);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

static int pcie_create(struct nvmet_emu *emu, struct emu_pcie **out)
{
	const struct emu_opts *o = &emu->opts;
	struct emu_pcie *p = calloc(1, sizeof(*p));
	int ret;

	if (!p)
		return -ENOMEM;
	p->emu = emu;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->kick, NULL);
	p->max_qid = o->queues;
	p->sqs = calloc(p->max_qid + 1, sizeof(*p->sqs));
	p->cqs = calloc(p->max_qid + 1, sizeof(*p->cqs));
	p->active_sqs = calloc(p->max_qid + 1, sizeof(*p->active_sqs));
	p->vec = calloc(o->vectors, sizeof(*p->vec));
	p->db_bytes = (size_t)2 * (p->max_qid + 1) * (4u << o->dstrd);
	p->db_bytes = (p->db_bytes + EMU_PAGE - 1) & ~(size_t)(EMU_PAGE - 1);
	p->db = aligned_alloc(EMU_PAGE, p->db_bytes);
	ret = p->sqs && p->cqs && p->active_sqs && p->vec && p->db ? emu_dma_init(&p->dma) :
								     -ENOMEM;
	if (ret) {
		pcie_free(p);
		return ret;
	}
	memset((void *)p->db, 0, p->db_bytes);
	emu_cfg_init(p);
	emu_core_attach(emu, &emu_pcie_ops, p);
	*out = p;
	return 0;
}

int emu_bus_open(const char *s, struct emu_pcie **out, char *err, size_t errlen)
{
	struct nvmet_emu *emu = NULL;
	struct emu_pcie *p = NULL;
	struct emu_opts opts;
	unsigned int i;
	int ret;

	ret = emu_opts_parse(s, &opts, err, errlen);
	if (ret)
		return ret;
	ret = emu_core_create(&opts, &emu);
	if (!ret)
		ret = pcie_create(emu, &p);
	if (!ret)
		ret = emu_thread_start(p);
	for (i = 0; !ret && i < opts.nr_plugins; i++)
		ret = emu_plugin_load_spec(emu, opts.plugins[i]);
	emu_opts_free(&opts);
	if (ret) {
		if (p)
			emu_bus_close(p);
		else
			emu_core_destroy(emu);
		return ret;
	}
	*out = p;
	return 0;
}

void emu_bus_close(struct emu_pcie *p)
{
	struct nvmet_emu *emu;

	if (!p)
		return;
	emu = p->emu;
	/* Before the thread stops: unloading waits until no tap of theirs runs. */
	emu_plugins_unload_all(emu);
	emu_thread_stop(p);
	emu_core_destroy(emu);
	/* The host side's memory goes with the function, as on a device removal. */
	if (p->dma.table)
		emu_dma_free_all(&p->dma);
	pcie_free(p);
}

struct nvmet_emu *emu_bus_emu(struct emu_pcie *p)
{
	return p->emu;
}

void emu_bus_info(const struct emu_pcie *p, struct emu_bus_info *info)
{
	info->vectors = p->emu->opts.vectors;
	info->queues = p->max_qid;
	info->page_size = EMU_PAGE;
}

int emu_bus_reg_read(struct emu_pcie *p, uint32_t off, unsigned int width, uint64_t *val)
{
	return emu_bar_read(p, off, width, val);
}

int emu_bus_reg_write(struct emu_pcie *p, uint32_t off, unsigned int width, uint64_t val)
{
	return emu_bar_write(p, off, width, val);
}

int emu_bus_cfg_read(struct emu_pcie *p, uint32_t off, unsigned int width, uint32_t *val)
{
	return emu_cfg_read(p, off, width, val);
}

int emu_bus_cfg_write(struct emu_pcie *p, uint32_t off, unsigned int width, uint32_t val)
{
	return emu_cfg_write(p, off, width, val);
}

void *emu_bus_dma_alloc(struct emu_pcie *p, size_t size)
{
	void *va;

	size = (size + EMU_PAGE - 1) & ~(size_t)(EMU_PAGE - 1);
	va = aligned_alloc(EMU_PAGE, size);
	if (!va)
		return NULL;
	memset(va, 0, size);
	if (emu_dma_register(&p->dma, va, size)) {
		free(va);
		return NULL;
	}
	return va;
}

void emu_bus_dma_free(struct emu_pcie *p, void *va)
{
	if (!va)
		return;
	emu_dma_unregister(&p->dma, va);
	free(va);
}

volatile uint32_t *emu_bus_doorbells(struct emu_pcie *p)
{
	return p->db;
}

void emu_bus_function_reset(struct emu_pcie *p)
{
	emu_function_reset(p);
}

int emu_bus_power(struct emu_pcie *p, bool on)
{
	if (!on) {
		emu_thread_stop(p);
		p->powered = false;
		return 0;
	}
	emu_core_power_loss(p->emu);
	emu_cfg_init(p);
	return emu_thread_start(p);
}
