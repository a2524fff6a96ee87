/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cmd_priv.h - what the command builders share: zeroing an entry, field
 * range checks and the byte length to zero-based dword count conversion.
 */
#ifndef NVMET_CMD_PRIV_H
#define NVMET_CMD_PRIV_H

#include <errno.h>
#include <string.h>

#include <nvmet/cmd.h>

/* The largest transfer a 32-bit zero-based dword count describes: 16 GiB. */
#define CMD_NUMD_MAX_BYTES	(4ull << 32)

#define UUID_INDEX_MAX		0x7fu

static inline void sqe_init(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = opc;
	sqe->nsid = nsid;
}

/* Whether @v fits in a field of @bits bits. */
static inline int fits(uint64_t v, unsigned int bits)
{
	return v >> bits == 0;
}

/* @len bytes as a zero-based dword count; @len must be 4..16 GiB, dword multiple. */
static inline int bytes_to_numd(uint64_t len, uint32_t *numd)
{
	if (!len || len % 4 || len > CMD_NUMD_MAX_BYTES)
		return -EINVAL;
	*numd = (uint32_t)(len / 4 - 1);
	return 0;
}

#endif /* NVMET_CMD_PRIV_H */
