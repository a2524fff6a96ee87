/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * store.h - the controller core's media: a byte-addressed store per
 * namespace (sparse memory or a file, with a volatile write cache), and
 * the namespaces on it.
 */
#ifndef NVMET_EMU_STORE_H
#define NVMET_EMU_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "resv.h"
#include "sg.h"
#include "support/compiler.h"

struct nvmet_emu;
struct emu_store;

/*
 * A byte-addressed store of @bytes: sparse memory when @file is NULL or
 * "", else the file at @file (created, extended to @bytes) at byte
 * @file_off. Never-written bytes read as zero. @vwc adds a volatile
 * write cache: writes since the last flush are lost by
 * emu_store_power_loss().
 */
NVMET_HIDDEN int emu_store_open(const char *file, uint64_t file_off, uint64_t bytes, bool vwc,
			      struct emu_store **out);
NVMET_HIDDEN void emu_store_close(struct emu_store *st);
NVMET_HIDDEN int emu_store_read(struct emu_store *st, uint64_t off, void *buf, size_t len);
NVMET_HIDDEN int emu_store_write(struct emu_store *st, uint64_t off, const void *buf, size_t len);
/* Data from / into a resolved host buffer, without an intermediate copy when possible. */
NVMET_HIDDEN int emu_store_readv(struct emu_store *st, uint64_t off, struct emu_sg *sg, size_t len);
NVMET_HIDDEN int emu_store_writev(struct emu_store *st, uint64_t off, const struct emu_sg *sg,
				size_t len);
/* Bytes read back as zero afterwards; memory is released where whole pages go. */
NVMET_HIDDEN int emu_store_zero(struct emu_store *st, uint64_t off, uint64_t len);
NVMET_HIDDEN int emu_store_flush(struct emu_store *st);
/* Make [@off, @off + @len) durable (a FUA write): its pages leave the cache. */
NVMET_HIDDEN void emu_store_flush_range(struct emu_store *st, uint64_t off, uint64_t len);
NVMET_HIDDEN void emu_store_power_loss(struct emu_store *st);
NVMET_HIDDEN void emu_store_set_vwc(struct emu_store *st, bool on);
/* Bytes of memory holding data (for tests of sparseness). */
NVMET_HIDDEN uint64_t emu_store_resident(const struct emu_store *st);

/**
 * struct emu_ns - a namespace
 * @nsid: its id
 * @attached: attached to this controller (active)
 * @flbas: formatted LBA format index: 0 is 512-byte, 1 is 4096-byte LBAs
 * @lba_shift: log2 of the LBA size
 * @nsze: size in LBAs
 * @bytes: capacity in bytes
 * @store: the data
 * @uncor: write-uncorrectable ranges, @nr_uncor of them, sorted, merged
 * @resv: its registration and reservation
 */
struct emu_ns {
	uint32_t nsid;
	bool attached;
	uint8_t flbas;
	unsigned int lba_shift;
	uint64_t nsze;
	uint64_t bytes;
	struct emu_store *store;
	struct emu_lba_range {
		uint64_t slba;
		uint64_t nlb;
	} *uncor;
	unsigned int nr_uncor;
	unsigned int cap_uncor;
	struct emu_resv resv;
};

/* Create namespace @nsid of @bytes with LBA format @flbas (storage opened). */
NVMET_HIDDEN int emu_ns_create(struct nvmet_emu *emu, uint32_t nsid, uint64_t bytes, uint8_t flbas);
NVMET_HIDDEN void emu_ns_destroy(struct nvmet_emu *emu, uint32_t nsid);
/* Reformat: all data gone, new LBA size. */
NVMET_HIDDEN int emu_ns_format(struct nvmet_emu *emu, struct emu_ns *ns, uint8_t flbas);
/* Uncorrectable marks: add, clear (write/zero/trim/format clear them), test. */
NVMET_HIDDEN int emu_ns_uncor_add(struct emu_ns *ns, uint64_t slba, uint64_t nlb);
NVMET_HIDDEN void emu_ns_uncor_clear(struct emu_ns *ns, uint64_t slba, uint64_t nlb);
NVMET_HIDDEN bool emu_ns_uncor_hit(const struct emu_ns *ns, uint64_t slba, uint64_t nlb,
				 uint64_t *first);

#endif /* NVMET_EMU_STORE_H */
