/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * printers.h - one printer per data structure, each in nvme-cli's normal
 * layout (-H decoding the bits as nvme-cli does) and in its -o json keys
 * and value types. Binary output is the raw structure: the commands write
 * it themselves (out_binary()).
 */
#ifndef NVMET_PRINTERS_H
#define NVMET_PRINTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bits.h"
#include "out.h"

/* Identify Controller (4096 bytes); @vs adds the vendor specific bytes in hex. */
void show_id_ctrl(const uint8_t *id, const struct out *o, bool vs);
/* Identify Namespace of the NVM command set (4096 bytes) of namespace @nsid. */
void show_id_ns(const uint8_t *id, uint32_t nsid, const struct out *o, bool vs);
/* A namespace list (Identify CNS 02h, 10h...): 1024 identifiers. */
void show_ns_list(const uint8_t *list, const struct out *o);

/* SMART / Health Information (512 bytes), of namespace @nsid (FFFFFFFFh: all). */
void show_smart_log(const uint8_t *log, uint32_t nsid, const char *dev, const struct out *o);
/* @entries Error Information entries of 64 bytes. */
void show_error_log(const uint8_t *log, unsigned int entries, const char *dev,
		    const struct out *o);
/* Firmware Slot Information (512 bytes). */
void show_fw_log(const uint8_t *log, const char *dev, const struct out *o);
/* Commands Supported and Effects (4096 bytes) of command set @csi. */
void show_effects_log(const uint8_t *log, unsigned int csi, const struct out *o);
/* Device Self-test (564 bytes), its first @entries results. */
void show_self_test_log(const uint8_t *log, unsigned int entries, const char *dev,
			const struct out *o);
/* Sanitize Status (512 bytes). */
void show_sanitize_log(const uint8_t *log, const char *dev, const struct out *o);

/*
 * A feature's value as Get Features returned it: DW0 @value, for select
 * @sel, with the feature's data (@data, @len bytes; NULL when it has none).
 * With -o json, an object: in the array being written to @j, or a document
 * of its own when @j is NULL.
 */
void show_feature(uint8_t fid, unsigned int sel, uint32_t value, const uint8_t *data,
		  size_t len, const struct out *o, struct json *j);
/* The -H fields of a feature's value alone (what set-feature -H shows). */
void show_feature_fields(uint8_t fid, uint32_t value, const uint8_t *data, size_t len);
/* The name of a feature, as nvme-cli spells it ("Unknown" for the others). */
const char *feature_name(uint8_t fid);
/* The bytes of data Get/Set Features moves for @fid (0 for most). */
size_t feature_data_len(uint8_t fid, uint32_t cdw11);

/* The controller registers from offset 0 to 0xe1b, @regs as read. */
/* @fabrics: only the properties a fabrics controller has (CAP, VS, CC, CSTS, NSSR). */
void show_regs(const uint8_t *regs, bool fabrics, const struct out *o);
#define REGS_SIZE	0xe1c

#endif /* NVMET_PRINTERS_H */
