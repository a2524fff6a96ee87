/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd_priv.h - what the out-of-line builders share: a zeroed entry, and a
 * byte length as the zero-based dword count most data commands carry.
 */
#ifndef NVMET_CMD_PRIV_H
#define NVMET_CMD_PRIV_H

#include <string.h>

#include <nvmet/cmd.h>

static inline void sqe_init(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = opc;
	sqe->nsid = nsid;
}

/* NUMD for @len bytes: @len / 4 - 1, cut to 32 bits (0 bytes gives 0xffffffff). */
static inline uint32_t bytes_to_numd(uint64_t len)
{
	return (uint32_t)(len / 4 - 1);
}

#endif /* NVMET_CMD_PRIV_H */
