// SPDX-License-Identifier: GPL-2.0
/*
 * prp.c - PRP entries for a physically contiguous data buffer.
 */
#include "core.h"

#define NVMETEST_PRP_PAGE	4096u

/**
 * nvmetest_prp_build() - fill an SQE's PRP1/PRP2 for a contiguous buffer
 * @ctrl: controller, for the list's DMA memory
 * @addr: bus address of the data, dword aligned
 * @len: bytes
 * @sqe: the entry, CPU order; PSDT is cleared, as this is a PRP transfer
 * @list: receives the PRP list page when one is needed
 *
 * Return: 0, -EINVAL when the transfer needs more than one list page, or
 * -ENOMEM.
 */
int nvmetest_prp_build(struct nvmetest_ctrl *ctrl, dma_addr_t addr, u32 len, u32 *sqe,
		       struct nvmetest_dmamem *list)
{
	u32 first = NVMETEST_PRP_PAGE - (addr & (NVMETEST_PRP_PAGE - 1));
	dma_addr_t next = addr + first;
	u64 prp2 = 0;
	u32 n, i;
	__le64 *e;
	int ret;

	sqe[0] &= ~(3u << 14);
	if (len > first) {
		n = DIV_ROUND_UP(len - first, NVMETEST_PRP_PAGE);
		if (n == 1) {
			prp2 = next;
		} else {
			if (n > NVMETEST_PRP_PAGE / sizeof(__le64))
				return -EINVAL;
			ret = nvmetest_dmamem_alloc(ctrl, list, NVMETEST_PRP_PAGE);
			if (ret)
				return ret;
			e = list->cpu;
			for (i = 0; i < n; i++)
				e[i] = cpu_to_le64(next + (u64)i * NVMETEST_PRP_PAGE);
			prp2 = list->dma;
		}
	}
	sqe[6] = lower_32_bits(addr);
	sqe[7] = upper_32_bits(addr);
	sqe[8] = lower_32_bits(prp2);
	sqe[9] = upper_32_bits(prp2);
	return 0;
}
