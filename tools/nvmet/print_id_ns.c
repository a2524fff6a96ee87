// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_id_ns.c - Identify Namespace of the NVM command set in nvme-cli's
 * id-ns layout, its -H decoding and its JSON; and the namespace lists of
 * list-ns.
 */
#include "fields.h"
#include "printers.h"
#include "tool.h"

static const struct bitf nsfeat[] = {
	BF_R(7, 5),
	BF_S(4, 4, "NPWG, NPWA, NPDG, NPDA, and NOWS are"),
	BF_A(3, 3, "NGUID and EUI64 fields if non-zero, Never Reused",
	     "NGUID and EUI64 fields if non-zero, Reused"),
	BF_S(2, 2, "Deallocated or Unwritten Logical Block error"),
	BF_A(1, 1, "Namespace uses NAWUN, NAWUPF, and NACWU",
	     "Namespace uses AWUN, AWUPF, and ACWU"),
	BF_S(0, 0, "Thin Provisioning"),
};

static const struct bitf flbas[] = {
	BF_R(7, 7),
	BF_V(6, 5, "Most significant 2 bits of Current LBA Format Selected"),
	BF_A(4, 4, "Metadata Transferred at End of Data LBA",
	     "Metadata Transferred in Separate Contiguous Buffer"),
	BF_V(3, 0, "Least significant 4 bits of Current LBA Format Selected"),
};

static const struct bitf mc[] = {
	BF_R(7, 2),
	BF_S(1, 1, "Metadata Pointer"),
	BF_S(0, 0, "Metadata as Part of Extended Data LBA"),
};

static const struct bitf dpc[] = {
	BF_R(7, 5),
	BF_S(4, 4, "Protection Information Transferred as Last 8 Bytes of Metadata"),
	BF_S(3, 3, "Protection Information Transferred as First 8 Bytes of Metadata"),
	BF_S(2, 2, "Protection Information Type 3"),
	BF_S(1, 1, "Protection Information Type 2"),
	BF_S(0, 0, "Protection Information Type 1"),
};

static const char *const pit_names[] = {
	"Protection Information Disabled", "Protection Information Type 1 Enabled",
	"Protection Information Type 2 Enabled", "Protection Information Type 3 Enabled",
};

static const struct bitf dps[] = {
	BF_R(7, 4),
	BF_A(3, 3, "Protection Information is Transferred as First 8 Bytes of Metadata",
	     "Protection Information is Transferred as Last 8 Bytes of Metadata"),
	BF_E(2, 0, pit_names),
};

static const struct bitf nmic[] = {
	BF_R(7, 1),
	BF_A(0, 0, "Namespace Multipath Capable", "Namespace Multipath Not Capable"),
};

static const struct bitf rescap[] = {
	BF_A(7, 7, "Ignore Existing Key - Used as defined in revision 1.3 or later",
	     "Ignore Existing Key - Used as defined in revision 1.2.1 or earlier"),
	BF_S(6, 6, "Exclusive Access - All Registrants"),
	BF_S(5, 5, "Write Exclusive - All Registrants"),
	BF_S(4, 4, "Exclusive Access - Registrants Only"),
	BF_S(3, 3, "Write Exclusive - Registrants Only"),
	BF_S(2, 2, "Exclusive Access"),
	BF_S(1, 1, "Write Exclusive"),
	BF_S(0, 0, "Persist Through Power Loss"),
};

static const struct bitf fpi[] = {
	BF_S(7, 7, "Format Progress Indicator"),
	BF_V(6, 0, "Format Progress Indicator (percent of the namespace remaining)"),
};

static const char *const dlfeat_names[] = {
	"Bytes Read From a Deallocated Logical Block and its Metadata are Not Reported",
	"Bytes Read From a Deallocated Logical Block and its Metadata are 0x00",
	"Bytes Read From a Deallocated Logical Block and its Metadata are 0xFF",
};

static const struct bitf dlfeat[] = {
	BF_R(7, 5),
	BF_A(4, 4, "Guard Field of Deallocated Logical Blocks is set to CRC of The Value Read",
	     "Guard Field of Deallocated Logical Blocks is set to 0xFFFF"),
	BF_S(3, 3, "Deallocate Bit in the Write Zeroes Command is"),
	BF_E(2, 0, dlfeat_names),
};

static const struct bitf nsattr[] = {
	BF_R(7, 1),
	BF_A(0, 0, "Namespace Write Protected", "Namespace Not Write Protected"),
};

/* NPWG..NOWS mean something only when NSFEAT says so (nvme-cli shows them then). */
static bool has_io_opt(const uint8_t *ns)
{
	return ns[24] & 0x10;
}

#define FLDW(n, o, s, f)	{ n, o, s, f, NULL, 0, NULL, has_io_opt, false }

static const struct fld id_ns[] = {
	FLD("nsze", 0, 8, FD_HEX),
	FLD("ncap", 8, 8, FD_HEX),
	FLD("nuse", 16, 8, FD_HEX),
	FLDB("nsfeat", 24, 1, FD_HEX, nsfeat),
	FLD("nlbaf", 25, 1, FD_DEC),
	FLDB("flbas", 26, 1, FD_HEX, flbas),
	FLDB("mc", 27, 1, FD_HEX, mc),
	FLDB("dpc", 28, 1, FD_HEX, dpc),
	FLDB("dps", 29, 1, FD_HEX, dps),
	FLDB("nmic", 30, 1, FD_HEX, nmic),
	FLDB("rescap", 31, 1, FD_HEX, rescap),
	FLDB("fpi", 32, 1, FD_HEX, fpi),
	FLDB("dlfeat", 33, 1, FD_DEC, dlfeat),
	FLD("nawun", 34, 2, FD_DEC),
	FLD("nawupf", 36, 2, FD_DEC),
	FLD("nacwu", 38, 2, FD_DEC),
	FLD("nabsn", 40, 2, FD_DEC),
	FLD("nabo", 42, 2, FD_DEC),
	FLD("nabspf", 44, 2, FD_DEC),
	FLD("noiob", 46, 2, FD_DEC),
	FLD("nvmcap", 48, 16, FD_U128),
	FLDW("npwg", 64, 2, FD_DEC),
	FLDW("npwa", 66, 2, FD_DEC),
	FLDW("npdg", 68, 2, FD_DEC),
	FLDW("npda", 70, 2, FD_DEC),
	FLDW("nows", 72, 2, FD_DEC),
	FLD("mssrl", 74, 2, FD_DEC),
	FLD("mcl", 76, 4, FD_DEC),
	FLD("msrc", 80, 1, FD_DEC),
	FLD("nulbaf", 82, 1, FD_DEC),
	FLD("anagrpid", 92, 4, FD_DEC),
	FLDB("nsattr", 99, 1, FD_DEC, nsattr),
	FLD("nvmsetid", 100, 2, FD_DEC),
	FLD("endgid", 102, 2, FD_DEC),
	FLD("nguid", 104, 16, FD_BYTES),
	FLD("eui64", 120, 8, FD_BYTES),
};

#define LBAF_OFF	128
#define VS_OFF		384

static const char *const rp_names[] = { "Best", "Better", "Good", "Degraded" };

static void print_lbafs(const uint8_t *ns, bool human)
{
	unsigned int i, n = ns[25] + ns[82], cur = nvmet_id_ns_flbas_index(ns);

	for (i = 0; i <= n && i < 64; i++) {
		const uint8_t *f = ns + LBAF_OFF + 4 * i;
		unsigned int ms = get_le16(f), ds = f[2], rp = f[3] & 3;
		const char *in_use = i == cur ? "(in use)" : "";

		if (human)
			printf("LBA Format %2u : Metadata Size: %-3u bytes - Data Size: %-2llu bytes"
			       " - Relative Performance: %#x %s %s\n", i, ms,
			       ds < 64 ? 1ull << ds : 0, rp, rp_names[rp], in_use);
		else
			printf("lbaf %2u : ms:%-3u lbads:%-2u rp:%#x %s\n", i, ms, ds, rp, in_use);
	}
}

void show_id_ns(const uint8_t *ns, uint32_t nsid, const struct out *o, bool vs)
{
	struct json j = { 0 };
	unsigned int i;

	if (o->kind == OUT_JSON) {
		json_obj_open(&j, NULL);
		json_fields(&j, ns, id_ns, BITS_N(id_ns));
		json_arr_open(&j, "lbafs");
		for (i = 0; i <= ns[25] && i < 64; i++) {
			const uint8_t *f = ns + LBAF_OFF + 4 * i;

			json_obj_open(&j, NULL);
			json_uint(&j, "ms", get_le16(f));
			json_uint(&j, "ds", f[2]);
			json_uint(&j, "rp", f[3] & 3);
			json_obj_close(&j);
		}
		json_arr_close(&j);
		json_obj_close(&j);
		return;
	}
	printf("NVME Identify Namespace %u:\n", nsid);
	print_fields(ns, id_ns, BITS_N(id_ns), 8, o->human);
	print_lbafs(ns, o->human);
	if (vs) {
		printf("vs[]:\n");
		hexdump(ns + VS_OFF, 4096 - VS_OFF);
	}
}

void show_ns_list(const uint8_t *list, const struct out *o)
{
	struct json j = { 0 };
	unsigned int i;

	if (o->kind == OUT_JSON) {
		json_obj_open(&j, NULL);
		json_arr_open(&j, "nsid_list");
	}
	for (i = 0; i < 1024; i++) {
		uint32_t id = get_le32(list + 4 * i);

		if (!id)
			continue;
		if (o->kind == OUT_JSON) {
			json_obj_open(&j, NULL);
			json_uint(&j, "nsid", id);
			json_obj_close(&j);
		} else {
			printf("[%4u]:%#x\n", i, id);
		}
	}
	if (o->kind == OUT_JSON) {
		json_arr_close(&j);
		json_obj_close(&j);
	}
}
