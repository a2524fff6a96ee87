// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_id_ctrl.c - Identify Controller, every field of NVMe 2.0, in
 * nvme-cli's id-ctrl layout, its -H decoding and its JSON.
 */
#include <inttypes.h>

#include "fields.h"
#include "printers.h"
#include "tool.h"

static const struct bitf cmic[] = {
	BF_R(7, 4),
	BF_A(3, 3, "ANA supported", "ANA not supported"),
	BF_A(2, 2, "SR-IOV", "PCI"),
	BF_A(1, 1, "Multi Controller", "Single Controller"),
	BF_A(0, 0, "Multi Port", "Single Port"),
};

static const struct bitf oaes[] = {
	BF_S(31, 31, "Discovery Log Change Notice"),
	BF_R(30, 28),
	BF_S(27, 27, "Zone Descriptor Changed Notices"),
	BF_R(26, 16),
	BF_S(15, 15, "Normal NSS Shutdown Event"),
	BF_S(14, 14, "Endurance Group Event Aggregate Log Page Change Notice"),
	BF_S(13, 13, "LBA Status Information Notices"),
	BF_S(12, 12, "Predictable Latency Event Aggregate Log Change Notices"),
	BF_S(11, 11, "Asymmetric Namespace Access Change Notices"),
	BF_R(10, 10),
	BF_S(9, 9, "Firmware Activation Notices"),
	BF_S(8, 8, "Namespace Attribute Changed Event"),
	BF_R(7, 0),
};

static const struct bitf ctratt[] = {
	BF_R(31, 20),
	BF_S(19, 19, "Flexible Data Placement"),
	BF_R(18, 16),
	BF_S(15, 15, "Extended LBA Formats"),
	BF_S(14, 14, "Delete NVM Set"),
	BF_S(13, 13, "Delete Endurance Group"),
	BF_S(12, 12, "Variable Capacity Management"),
	BF_S(11, 11, "Fixed Capacity Management"),
	BF_S(10, 10, "Multi Domain Subsystem"),
	BF_S(9, 9, "UUID List"),
	BF_S(8, 8, "SQ Associations"),
	BF_S(7, 7, "Namespace Granularity"),
	BF_S(6, 6, "Traffic Based Keep Alive"),
	BF_S(5, 5, "Predictable Latency Mode"),
	BF_S(4, 4, "Endurance Groups"),
	BF_S(3, 3, "Read Recovery Levels"),
	BF_S(2, 2, "NVM Sets"),
	BF_S(1, 1, "Non-Operational Power State Permissive"),
	BF_S(0, 0, "128-bit Host Identifier"),
};

static const char *const cntrltype_names[] = {
	"Controller type not reported", "I/O Controller", "Discovery Controller",
	"Administrative Controller",
};

static const struct bitf cntrltype[] = {
	BF_R(7, 2),
	BF_E(1, 0, cntrltype_names),
};

static const struct bitf nvmsr[] = {
	BF_R(7, 2),
	BF_A(1, 1, "NVM subsystem part of an Enclosure",
	     "NVM subsystem Not part of an Enclosure"),
	BF_A(0, 0, "NVM subsystem part of a Storage Device",
	     "NVM subsystem Not part of a Storage Device"),
};

static const struct bitf vwci[] = {
	BF_A(7, 7, "VPD Write Cycles Remaining field is valid.",
	     "VPD Write Cycles Remaining field is Not valid."),
	BF_V(6, 0, "VPD Write Cycles Remaining"),
};

static const struct bitf mec[] = {
	BF_R(7, 2),
	BF_A(1, 1, "NVM subsystem contains a Management Endpoint on a PCIe port",
	     "NVM subsystem Not contains a Management Endpoint on a PCIe port"),
	BF_A(0, 0, "NVM subsystem contains a Management Endpoint on an SMBus/I2C port",
	     "NVM subsystem Not contains a Management Endpoint on an SMBus/I2C port"),
};

static const struct bitf oacs[] = {
	BF_R(15, 11),
	BF_S(10, 10, "Lockdown Command and Feature"),
	BF_S(9, 9, "Get LBA Status Capability"),
	BF_S(8, 8, "Doorbell Buffer Config"),
	BF_S(7, 7, "Virtualization Management"),
	BF_S(6, 6, "NVMe-MI Send and Receive"),
	BF_S(5, 5, "Directives"),
	BF_S(4, 4, "Device Self-test"),
	BF_S(3, 3, "NS Management and Attachment"),
	BF_S(2, 2, "FW Commit and Download"),
	BF_S(1, 1, "Format NVM"),
	BF_S(0, 0, "Security Send and Receive"),
};

static const struct bitf frmw[] = {
	BF_R(7, 6),
	BF_S(5, 5, "Multiple FW or Boot Update Detection"),
	BF_S(4, 4, "Firmware Activate Without Reset"),
	BF_V(3, 1, "Number of Firmware Slots"),
	BF_A(0, 0, "Firmware Slot 1 Read-Only", "Firmware Slot 1 Read/Write"),
};

static const struct bitf lpa[] = {
	BF_R(7, 7),
	BF_S(6, 6, "Telemetry Log Data Area 4"),
	BF_S(5, 5, "LID 0x0, Scope of each command in LID 0x5, 0x12, 0x13"),
	BF_S(4, 4, "Persistent Event log"),
	BF_S(3, 3, "Telemetry host/controller initiated log page"),
	BF_S(2, 2, "Extended data for Get Log Page"),
	BF_S(1, 1, "Command Effects Log Page"),
	BF_S(0, 0, "SMART/Health Log Page per NS"),
};

static const struct bitf avscc[] = {
	BF_R(7, 1),
	BF_A(0, 0, "Admin Vendor Specific Commands uses NVMe Format",
	     "Admin Vendor Specific Commands uses Vendor Specific Format"),
};

static const struct bitf apsta[] = {
	BF_R(7, 1),
	BF_S(0, 0, "Autonomous Power State Transitions"),
};

static const struct bitf rpmbs[] = {
	BF_V(31, 24, "Access Size"),
	BF_V(23, 16, "Total Size"),
	BF_R(15, 6),
	BF_V(5, 3, "Authentication Method"),
	BF_V(2, 0, "Number of RPMB Units"),
};

static const struct bitf hctma[] = {
	BF_R(15, 1),
	BF_S(0, 0, "Host Controlled Thermal Management"),
};

static const char *const nodmmas_names[] = {
	"Additional media modification after sanitize operation completes successfully is not defined",
	"Media is not additionally modified after sanitize operation completes successfully",
	"Media is additionally modified after sanitize operation completes successfully",
};

static const struct bitf sanicap[] = {
	BF_E(31, 30, nodmmas_names),
	BF_A(29, 29, "No-Deallocate After Sanitize bit in Sanitize command Not Supported",
	     "No-Deallocate After Sanitize bit in Sanitize command Supported"),
	BF_R(28, 3),
	BF_S(2, 2, "Overwrite Sanitize Operation"),
	BF_S(1, 1, "Block Erase Sanitize Operation"),
	BF_S(0, 0, "Crypto Erase Sanitize Operation"),
};

static const struct bitf anacap[] = {
	BF_S(7, 7, "Non-zero group ID"),
	BF_A(6, 6, "Group ID does not change", "Group ID does change"),
	BF_R(5, 5),
	BF_S(4, 4, "ANA Change state"),
	BF_S(3, 3, "ANA Persistent Loss state"),
	BF_S(2, 2, "ANA Inaccessible state"),
	BF_S(1, 1, "ANA Non-optimized state"),
	BF_S(0, 0, "ANA Optimized state"),
};

static const struct bitf oncs[] = {
	BF_R(15, 9),
	BF_S(8, 8, "Copy"),
	BF_S(7, 7, "Verify"),
	BF_S(6, 6, "Timestamp"),
	BF_S(5, 5, "Reservations"),
	BF_S(4, 4, "Save and Select"),
	BF_S(3, 3, "Write Zeroes"),
	BF_S(2, 2, "Data Set Management"),
	BF_S(1, 1, "Write Uncorrectable"),
	BF_S(0, 0, "Compare"),
};

static const struct bitf fuses[] = {
	BF_R(15, 1),
	BF_S(0, 0, "Fused Compare and Write"),
};

static const struct bitf fna[] = {
	BF_R(7, 4),
	BF_A(3, 3, "Format NVM Broadcast NSID (FFFFFFFFh) Not Supported",
	     "Format NVM Broadcast NSID (FFFFFFFFh) Supported"),
	BF_A(2, 2, "Crypto Erase Supported as part of Secure Erase",
	     "Crypto Erase Not Supported as part of Secure Erase"),
	BF_A(1, 1, "Crypto Erase Applies to All Namespace(s)",
	     "Crypto Erase Applies to Single Namespace(s)"),
	BF_A(0, 0, "Format Applies to All Namespace(s)", "Format Applies to Single Namespace(s)"),
};

static const char *const flush_names[] = {
	"Support for the NSID field set to FFFFFFFFh is not indicated",
	"Reserved",
	"The Flush command does not support NSID set to FFFFFFFFh",
	"The Flush command supports NSID set to FFFFFFFFh",
};

static const struct bitf vwc[] = {
	BF_R(7, 3),
	BF_E(2, 1, flush_names),
	BF_A(0, 0, "Volatile Write Cache Present", "Volatile Write Cache Not Present"),
};

static const struct bitf icsvscc[] = {
	BF_R(7, 1),
	BF_A(0, 0, "NVM Vendor Specific Commands uses NVMe Format",
	     "NVM Vendor Specific Commands uses Vendor Specific Format"),
};

static const struct bitf nwpc[] = {
	BF_R(7, 3),
	BF_S(2, 2, "Permanent Write Protect"),
	BF_S(1, 1, "Write Protect Until Power Supply"),
	BF_S(0, 0, "No Write Protect and Write Protect Namespace"),
};

static const struct bitf ocfs[] = {
	BF_R(15, 4),
	BF_S(3, 3, "Controller Copy Format 3h"),
	BF_S(2, 2, "Controller Copy Format 2h"),
	BF_S(1, 1, "Controller Copy Format 1h"),
	BF_S(0, 0, "Controller Copy Format 0h"),
};

static const char *const sgl_names[] = {
	"Scatter-Gather Lists Not Supported",
	"Scatter-Gather Lists Supported. No Dword alignment required.",
	"Scatter-Gather Lists Supported. Dword alignment required.",
};

static const struct bitf sgls[] = {
	BF_R(31, 22),
	BF_S(21, 21, "Transport SGL Data Block Descriptor"),
	BF_S(20, 20, "Address Offsets"),
	BF_S(19, 19, "Metadata Pointer Containing SGL Descriptor is"),
	BF_S(18, 18, "SGL Length Larger than Buffer"),
	BF_S(17, 17, "Byte-Aligned Contig. MD Buffer"),
	BF_S(16, 16, "SGL Bit-Bucket"),
	BF_V(15, 8, "SGL Descriptor Threshold"),
	BF_R(7, 3),
	BF_S(2, 2, "Keyed SGL Data Block descriptor"),
	BF_E(1, 0, sgl_names),
};

static const struct bitf fcatt[] = {
	BF_R(7, 1),
	BF_A(0, 0, "Static Controller Model", "Dynamic Controller Model"),
};

static const struct bitf ofcs[] = {
	BF_R(15, 1),
	BF_S(0, 0, "Disconnect command"),
};

static void temperature(uint64_t k, const char *what)
{
	printf(" [15:0] : %ld°C (%u Kelvin)\t%s\n\n", kelvin_to_celsius((unsigned int)k),
	       (unsigned int)k, what);
}

static void h_wctemp(uint64_t v, const uint8_t *p)
{
	(void)p;
	temperature(v, "Warning Composite Temperature Threshold (WCTEMP)");
}

static void h_cctemp(uint64_t v, const uint8_t *p)
{
	(void)p;
	temperature(v, "Critical Composite Temperature Threshold (CCTEMP)");
}

static void h_mntmt(uint64_t v, const uint8_t *p)
{
	(void)p;
	temperature(v, "Minimum Thermal Management Temperature (MNTMT)");
}

static void h_mxtmt(uint64_t v, const uint8_t *p)
{
	(void)p;
	temperature(v, "Maximum Thermal Management Temperature (MXTMT)");
}

static void capacity(const uint8_t *p, const char *what)
{
	char dec[40];

	u128_to_dec(p, dec);
	printf("[127:0] : %s\n\t%s\n\n", dec, what);
}

static void h_tnvmcap(uint64_t v, const uint8_t *p)
{
	(void)v;
	capacity(p, "Total NVM Capacity (TNVMCAP)");
}

static void h_unvmcap(uint64_t v, const uint8_t *p)
{
	(void)v;
	capacity(p, "Unallocated NVM Capacity (UNVMCAP)");
}

static void h_elpe(uint64_t v, const uint8_t *p)
{
	(void)p;
	printf("  [7:0] : %u (0's based)\tError Log Page Entries (ELPE)\n\n", (unsigned int)v);
}

static void h_npss(uint64_t v, const uint8_t *p)
{
	(void)p;
	printf("  [7:0] : %u (0's based)\tNumber of Power States Support (NPSS)\n\n",
	       (unsigned int)v);
}

static void entry_sizes(uint64_t v, const char *q)
{
	unsigned int max = (unsigned int)(v >> 4) & 0xf, min = (unsigned int)v & 0xf;

	printf("  [7:4] : %#x\tMax %s Entry Size (%u)\n", max, q, 1u << max);
	printf("  [3:0] : %#x\tMin %s Entry Size (%u)\n\n", min, q, 1u << min);
}

static void h_sqes(uint64_t v, const uint8_t *p)
{
	(void)p;
	entry_sizes(v, "SQ");
}

static void h_cqes(uint64_t v, const uint8_t *p)
{
	(void)p;
	entry_sizes(v, "CQ");
}

static const struct fld id_ctrl[] = {
	FLD("vid", 0, 2, FD_HEX),
	FLD("ssvid", 2, 2, FD_HEX),
	FLD("sn", 4, 20, FD_STR),
	FLD("mn", 24, 40, FD_STR),
	FLD("fr", 64, 8, FD_STR),
	FLD("rab", 72, 1, FD_DEC),
	FLD("ieee", 73, 3, FD_IEEE),
	FLDB("cmic", 76, 1, FD_HEX, cmic),
	FLD("mdts", 77, 1, FD_DEC),
	FLD("cntlid", 78, 2, FD_HEX),
	FLD("ver", 80, 4, FD_HEX),
	FLD("rtd3r", 84, 4, FD_HEX),
	FLD("rtd3e", 88, 4, FD_HEX),
	FLDB("oaes", 92, 4, FD_HEX, oaes),
	FLDB("ctratt", 96, 4, FD_HEX, ctratt),
	FLD("rrls", 100, 2, FD_HEX),
	FLDB("cntrltype", 111, 1, FD_DEC, cntrltype),
	FLD("fguid", 112, 16, FD_UUID),
	FLD("crdt1", 128, 2, FD_DEC),
	FLD("crdt2", 130, 2, FD_DEC),
	FLD("crdt3", 132, 2, FD_DEC),
	FLDB("nvmsr", 253, 1, FD_DEC, nvmsr),
	FLDB("vwci", 254, 1, FD_DEC, vwci),
	FLDB("mec", 255, 1, FD_DEC, mec),
	FLDB("oacs", 256, 2, FD_HEX, oacs),
	FLD("acl", 258, 1, FD_DEC),
	FLD("aerl", 259, 1, FD_DEC),
	FLDB("frmw", 260, 1, FD_HEX, frmw),
	FLDB("lpa", 261, 1, FD_HEX, lpa),
	FLDH("elpe", 262, 1, FD_DEC, h_elpe),
	FLDH("npss", 263, 1, FD_DEC, h_npss),
	FLDB("avscc", 264, 1, FD_HEX, avscc),
	FLDB("apsta", 265, 1, FD_HEX, apsta),
	FLDH("wctemp", 266, 2, FD_DEC, h_wctemp),
	FLDH("cctemp", 268, 2, FD_DEC, h_cctemp),
	FLD("mtfa", 270, 2, FD_DEC),
	FLD("hmpre", 272, 4, FD_DEC),
	FLD("hmmin", 276, 4, FD_DEC),
	FLDH("tnvmcap", 280, 16, FD_U128, h_tnvmcap),
	FLDH("unvmcap", 296, 16, FD_U128, h_unvmcap),
	FLDB("rpmbs", 312, 4, FD_HEX, rpmbs),
	FLD("edstt", 316, 2, FD_DEC),
	FLD("dsto", 318, 1, FD_DEC),
	FLD("fwug", 319, 1, FD_DEC),
	FLD("kas", 320, 2, FD_DEC),
	FLDB("hctma", 322, 2, FD_HEX, hctma),
	FLDH("mntmt", 324, 2, FD_DEC, h_mntmt),
	FLDH("mxtmt", 326, 2, FD_DEC, h_mxtmt),
	FLDB("sanicap", 328, 4, FD_HEX, sanicap),
	FLD("hmminds", 332, 4, FD_DEC),
	FLD("hmmaxd", 336, 2, FD_DEC),
	FLD("nsetidmax", 338, 2, FD_DEC),
	FLD("endgidmax", 340, 2, FD_DEC),
	FLD("anatt", 342, 1, FD_DEC),
	FLDB("anacap", 343, 1, FD_DEC, anacap),
	FLD("anagrpmax", 344, 4, FD_DEC),
	FLD("nanagrpid", 348, 4, FD_DEC),
	FLD("pels", 352, 4, FD_DEC),
	FLD("domainid", 356, 2, FD_DEC),
	FLD("megcap", 368, 16, FD_U128),
	FLDH("sqes", 512, 1, FD_HEX, h_sqes),
	FLDH("cqes", 513, 1, FD_HEX, h_cqes),
	FLD("maxcmd", 514, 2, FD_DEC),
	FLD("nn", 516, 4, FD_DEC),
	FLDB("oncs", 520, 2, FD_HEX, oncs),
	FLDB("fuses", 522, 2, FD_HEX, fuses),
	FLDB("fna", 524, 1, FD_HEX, fna),
	FLDB("vwc", 525, 1, FD_HEX, vwc),
	FLD("awun", 526, 2, FD_DEC),
	FLD("awupf", 528, 2, FD_DEC),
	FLDB("icsvscc", 530, 1, FD_DEC, icsvscc),
	FLDB("nwpc", 531, 1, FD_DEC, nwpc),
	FLD("acwu", 532, 2, FD_DEC),
	FLDB("ocfs", 534, 2, FD_HEX, ocfs),
	FLDB("sgls", 536, 4, FD_HEX, sgls),
	FLD("mnan", 540, 4, FD_DEC),
	FLD("maxdna", 544, 16, FD_U128),
	FLD("maxcna", 560, 4, FD_DEC),
	{ "subnqn", 768, 256, FD_STR, NULL, 0, NULL, NULL, true },
	FLD("ioccsz", 1792, 4, FD_DEC),
	FLD("iorcsz", 1796, 4, FD_DEC),
	FLD("icdoff", 1800, 2, FD_DEC),
	FLDB("fcatt", 1802, 1, FD_HEX, fcatt),
	FLD("msdbd", 1803, 1, FD_DEC),
	FLDB("ofcs", 1804, 2, FD_DEC, ofcs),
};

#define PSD_OFF		2048
#define PSD_SIZE	32
#define VS_OFF		3072

/* A power in units of the scale (1: 0.0001 W, 2: 0.01 W), or "-" when not reported. */
static void print_power(unsigned int power, unsigned int scale)
{
	if (scale == 1)
		printf("%u.%04uW", power / 10000, power % 10000);
	else if (scale == 2)
		printf("%u.%02uW", power / 100, power % 100);
	else if (scale == 0)
		printf("-");
	else
		printf("reserved");
}

static const char *const workload_names[] = {
	"-", "1MiB 32 RW, 30s idle", "80K 128KiB SW",
};

static void print_power_states(const uint8_t *id)
{
	unsigned int i, npss = id[263], apw;

	for (i = 0; i <= npss; i++) {
		const uint8_t *ps = id + PSD_OFF + PSD_SIZE * i;
		unsigned int mp = get_le16(ps);

		printf("ps   %4u : mp:", i);
		if (ps[3] & 1)		/* MXPS: in 0.0001 W */
			printf("%u.%04uW ", mp / 10000, mp % 10000);
		else
			printf("%u.%02uW ", mp / 100, mp % 100);
		printf("%soperational enlat:%u exlat:%u rrt:%u rrl:%u\n"
		       "            rwt:%u rwl:%u idle_power:", ps[3] & 2 ? "non-" : "",
		       get_le32(ps + 4), get_le32(ps + 8), ps[12], ps[13], ps[14], ps[15]);
		print_power(get_le16(ps + 16), ps[18] >> 6);
		printf(" active_power:");
		print_power(get_le16(ps + 20), ps[22] >> 6);
		apw = ps[22] & 7;
		printf("\n            active_power_workload:%s\n",
		       apw < 3 ? workload_names[apw] : "reserved");
	}
}

static void json_power_states(struct json *j, const uint8_t *id)
{
	unsigned int i;

	json_arr_open(j, "psds");
	for (i = 0; i <= id[263]; i++) {
		const uint8_t *ps = id + PSD_OFF + PSD_SIZE * i;

		json_obj_open(j, NULL);
		json_uint(j, "max_power", get_le16(ps));
		json_uint(j, "flags", ps[3]);
		json_uint(j, "entry_lat", get_le32(ps + 4));
		json_uint(j, "exit_lat", get_le32(ps + 8));
		json_uint(j, "read_tput", ps[12]);
		json_uint(j, "read_lat", ps[13]);
		json_uint(j, "write_tput", ps[14]);
		json_uint(j, "write_lat", ps[15]);
		json_uint(j, "idle_power", get_le16(ps + 16));
		json_uint(j, "idle_scale", ps[18] >> 6);
		json_uint(j, "active_power", get_le16(ps + 20));
		json_uint(j, "active_power_work", ps[22] & 7);
		json_uint(j, "active_scale", ps[22] >> 6);
		json_obj_close(j);
	}
	json_arr_close(j);
}

void show_id_ctrl(const uint8_t *id, const struct out *o, bool vs)
{
	struct json j = { 0 };

	if (o->kind == OUT_JSON) {
		json_obj_open(&j, NULL);
		json_fields(&j, id, id_ctrl, BITS_N(id_ctrl));
		json_power_states(&j, id);
		json_obj_close(&j);
		return;
	}
	printf("NVME Identify Controller:\n");
	print_fields(id, id_ctrl, BITS_N(id_ctrl), 10, o->human);
	print_power_states(id);
	if (vs) {
		printf("vs[]:\n");
		hexdump(id + VS_OFF, 4096 - VS_OFF);
	}
}
