// SPDX-License-Identifier: GPL-2.0
/*
 * prp.c - the data pointer of a passthrough command: PRP entries that lead
 * the controller into the module's own memory only, whatever length the
 * command really transfers.
 *
 * The controller takes its transfer length from the command, not from the
 * module, and reads PRP2 as a list pointer when that length spans more
 * than two pages. So every PRP2 the module writes is either a list page of
 * its own or a data page of its own that is never caller data, every list
 * is padded with the controller's sink page, and every list ends with a
 * pointer to the command's tail: a page of sink entries whose last entry
 * points to itself. A command that moves more than it was given moves the
 * excess into the sink (or out of it), never anywhere else.
 */
#include "core.h"

#define NVMETEST_PRP_PAGE	4096u
#define NVMETEST_PRP_ENTRIES	(NVMETEST_PRP_PAGE / sizeof(__le64))

/**
 * nvmetest_prp_offset() - where a transfer starts in its bounce memory
 * @len: bytes
 *
 * Over exactly two pages PRP2 would point at the second page, caller data
 * that a controller moving more than @len reads as a PRP list. Such a
 * transfer starts far enough into its first page to need a third one, so
 * that PRP2 is a list of the module's; 4097..4100 bytes cannot be placed
 * so.
 *
 * Return: the offset (a multiple of 4), or -EINVAL.
 */
int nvmetest_prp_offset(u32 len)
{
	if (len <= NVMETEST_PRP_PAGE || len > 2 * NVMETEST_PRP_PAGE)
		return 0;
	if (len <= NVMETEST_PRP_PAGE + 4)
		return -EINVAL;
	return ALIGN(2 * NVMETEST_PRP_PAGE + 1 - len, 4);
}

/**
 * nvmetest_prp_tail() - a command's tail page
 * @ctrl: controller, whose admin queue holds the sink page
 * @nf: the file the command is for
 * @tail: receives the page: every entry the sink, the last one the page
 *	itself, so a list that runs on never leaves module memory
 *
 * Return: 0 or -ENOMEM.
 */
int nvmetest_prp_tail(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf,
		      struct nvmetest_dmamem *tail)
{
	__le64 *e;
	u32 i;
	int ret;

	ret = nvmetest_dmamem_alloc_for(ctrl, nf, tail, NVMETEST_PRP_PAGE);
	if (ret)
		return ret;
	e = tail->cpu;
	for (i = 0; i < NVMETEST_PRP_ENTRIES - 1; i++)
		e[i] = cpu_to_le64(ctrl->aq.sink.dma);
	e[i] = cpu_to_le64(tail->dma);
	return 0;
}

/**
 * nvmetest_prp_build() - fill an SQE's PRP1/PRP2 for module memory
 * @ctrl: controller
 * @nf: the file the command is for
 * @addr: bus address of the data (module memory), dword aligned, placed by
 *	nvmetest_prp_offset()
 * @len: bytes, 0 for a command without data
 * @cmd: the entry; PSDT is cleared, as this is a PRP transfer
 * @list: receives the PRP list page when one is needed
 * @tail: the command's tail (nvmetest_prp_tail())
 *
 * Without data PRP1 is the sink and PRP2 the tail; data within one page
 * has the tail as PRP2; more has a list: the data pages, sink entries up
 * to the last, and the tail there.
 *
 * Return: 0, -EINVAL for a layout nvmetest_prp_offset() refuses, or -ENOMEM.
 */
int nvmetest_prp_build(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf, dma_addr_t addr,
		       u32 len, struct nvme_command *cmd, struct nvmetest_dmamem *list,
		       const struct nvmetest_dmamem *tail)
{
	u32 first = NVMETEST_PRP_PAGE - (addr & (NVMETEST_PRP_PAGE - 1));
	dma_addr_t next = addr + first;
	u64 prp1 = len ? addr : ctrl->aq.sink.dma;
	u64 prp2 = tail->dma;
	u32 n, i;
	__le64 *e;
	int ret;

	/* PSDT 00b: PRPs. */
	cmd->common.flags &= ~NVME_CMD_SGL_ALL;
	if (len > first) {
		/* Pages after the first; one alone would be a PRP2 data pointer. */
		n = DIV_ROUND_UP(len - first, NVMETEST_PRP_PAGE);
		if (n < 2 || n > NVMETEST_PRP_ENTRIES - 1)
			return -EINVAL;
		ret = nvmetest_dmamem_alloc_for(ctrl, nf, list, NVMETEST_PRP_PAGE);
		if (ret)
			return ret;
		e = list->cpu;
		for (i = 0; i < n; i++)
			e[i] = cpu_to_le64(next + (u64)i * NVMETEST_PRP_PAGE);
		for (; i < NVMETEST_PRP_ENTRIES - 1; i++)
			e[i] = cpu_to_le64(ctrl->aq.sink.dma);
		e[i] = cpu_to_le64(tail->dma);
		prp2 = list->dma;
	}
	cmd->common.dptr.prp1 = cpu_to_le64(prp1);
	cmd->common.dptr.prp2 = cpu_to_le64(prp2);
	return 0;
}
