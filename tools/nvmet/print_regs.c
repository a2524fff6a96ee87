// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * print_regs.c - the controller registers in nvme-cli's show-regs layout
 * ("cap     : 2038000f7ff"), -H decoding each, and its JSON.
 */
#include <inttypes.h>

#include "fields.h"
#include "printers.h"
#include "tool.h"

/* One register: name as printed, offset, width, and its decoder for -H. */
struct reg {
	const char *name;
	const char *key;
	uint16_t off;
	uint8_t width;
	void (*human)(uint64_t v, const uint8_t *regs);
};

static const char *pick(uint64_t b, const char *yes, const char *no)
{
	return b ? yes : no;
}

static void h_cap(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Ready With Media Support (CRWMS): %s\n",
	       pick(v >> 59 & 1, "Supported", "Not Supported"));
	printf("\tController Ready Independent of Media Support (CRIMS): %s\n",
	       pick(v >> 60 & 1, "Supported", "Not Supported"));
	printf("\tController Memory Buffer Supported (CMBS): The Controller Memory Buffer is %s\n",
	       pick(v >> 57 & 1, "Supported", "Not Supported"));
	printf("\tPersistent Memory Region Supported (PMRS): The Persistent Memory Region is %s\n",
	       pick(v >> 56 & 1, "Supported", "Not Supported"));
	printf("\tMemory Page Size Maximum         (MPSMAX): %" PRIu64 " bytes\n",
	       (uint64_t)1 << (12 + (v >> 52 & 0xf)));
	printf("\tMemory Page Size Minimum         (MPSMIN): %" PRIu64 " bytes\n",
	       (uint64_t)1 << (12 + (v >> 48 & 0xf)));
	printf("\tBoot Partition Support              (BPS): %s\n", pick(v >> 45 & 1, "Yes", "No"));
	printf("\tCommand Sets Supported              (CSS): NVM command set is %s\n",
	       pick(v >> 37 & 1, "Supported", "Not Supported"));
	printf("\t                                           One or more I/O Command Sets are %s\n",
	       pick(v >> 43 & 1, "Supported", "Not Supported"));
	printf("\t                                           %s\n",
	       pick(v >> 44 & 1, "Only Admin Command Set Supported", "I/O Command Set is Supported"));
	printf("\tNVM Subsystem Reset Supported     (NSSRS): %s\n", pick(v >> 36 & 1, "Yes", "No"));
	printf("\tDoorbell Stride                   (DSTRD): %" PRIu64 " bytes\n",
	       (uint64_t)1 << (2 + (v >> 32 & 0xf)));
	printf("\tTimeout                              (TO): %" PRIu64 " ms\n", (v >> 24 & 0xff) * 500);
	printf("\tArbitration Mechanism Supported     (AMS): Weighted Round Robin with Urgent"
	       " Priority Class is %s\n", pick(v >> 17 & 1, "supported", "not supported"));
	printf("\tContiguous Queues Required          (CQR): %s\n", pick(v >> 16 & 1, "Yes", "No"));
	printf("\tMaximum Queue Entries Supported    (MQES): %" PRIu64 "\n\n", (v & 0xffff) + 1);
}

static void h_vs(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tNVMe specification %u.%u.%u\n\n", (unsigned int)(v >> 16),
	       (unsigned int)(v >> 8 & 0xff), (unsigned int)(v & 0xff));
}

static const char *const shn_names[] = {
	"No notification; no effect", "Normal shutdown notification",
	"Abrupt shutdown notification", "Reserved",
};

static const char *cc_ams(unsigned int ams)
{
	switch (ams) {
	case 0: return "Round Robin";
	case 1: return "Weighted Round Robin with Urgent Priority Class";
	case 7: return "Vendor Specific";
	}
	return "Reserved";
}

static const char *cc_css(unsigned int css)
{
	switch (css) {
	case 0: return "NVM Command Set";
	case 6: return "All supported I/O Command Sets";
	case 7: return "Admin Command Set only";
	}
	return "Reserved";
}

static void h_cc(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Ready Independent of Media Enable (CRIME): %s\n",
	       pick(v >> 24 & 1, "Enabled", "Disabled"));
	printf("\tI/O Completion Queue Entry Size (IOCQES): %" PRIu64 " bytes\n", (uint64_t)1 << (v >> 20 & 0xf));
	printf("\tI/O Submission Queue Entry Size (IOSQES): %" PRIu64 " bytes\n", (uint64_t)1 << (v >> 16 & 0xf));
	printf("\tShutdown Notification              (SHN): %s\n", shn_names[v >> 14 & 3]);
	printf("\tArbitration Mechanism Selected     (AMS): %s\n", cc_ams(v >> 11 & 7));
	printf("\tMemory Page Size                   (MPS): %" PRIu64 " bytes\n",
	       (uint64_t)1 << (12 + (v >> 7 & 0xf)));
	printf("\tI/O Command Set Selected           (CSS): %s\n", cc_css(v >> 4 & 7));
	printf("\tEnable                              (EN): %s\n\n", pick(v & 1, "Yes", "No"));
}

static const char *const shst_names[] = {
	"Normal operation (no shutdown has been requested)", "Shutdown processing occurring",
	"Shutdown processing complete", "Reserved",
};

static void h_csts(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tShutdown Type                   (ST): %s\n", pick(v >> 6 & 1, "Subsystem", "Controller"));
	printf("\tProcessing Paused               (PP): %s\n", pick(v >> 5 & 1, "Yes", "No"));
	printf("\tNVM Subsystem Reset Occurred (NSSRO): %s\n", pick(v >> 4 & 1, "Yes", "No"));
	printf("\tShutdown Status               (SHST): %s\n", shst_names[v >> 2 & 3]);
	printf("\tController Fatal Status        (CFS): %s\n", pick(v >> 1 & 1, "True", "False"));
	printf("\tReady                          (RDY): %s\n\n", pick(v & 1, "Yes", "No"));
}

static void h_nssr(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tNVM Subsystem Reset Control (NSSRC): %" PRIu64 "\n\n", v);
}

static void h_crto(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tCRIMT                               : %" PRIu64 " secs\n", (v >> 16) / 2);
	printf("\tCRWMT                               : %" PRIu64 " secs\n\n", (v & 0xffff) / 2);
}

static void h_intms(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tInterrupt Vector Mask Set (IVMS): %" PRIx64 "\n\n", v);
}

static void h_intmc(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tInterrupt Vector Mask Clear (IVMC): %" PRIx64 "\n\n", v);
}

static void h_aqa(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tAdmin Completion Queue Size (ACQS): %" PRIu64 "\n", (v >> 16 & 0xfff) + 1);
	printf("\tAdmin Submission Queue Size (ASQS): %" PRIu64 "\n\n", (v & 0xfff) + 1);
}

static void h_asq(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tAdmin Submission Queue Base (ASQB): %" PRIx64 "\n\n", v);
}

static void h_acq(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tAdmin Completion Queue Base (ACQB): %" PRIx64 "\n\n", v);
}

#define REG_CMBSZ	0x3c

static void h_cmbloc(uint64_t v, const uint8_t *r)
{
	if (!get_le32(r + REG_CMBSZ)) {
		printf("\tController Memory Buffer feature is not supported\n\n");
		return;
	}
	printf("\tOffset                    (OFST): 0x%" PRIx64 " (See cmbsz.szu for granularity)\n",
	       v >> 12);
	printf("\tCMB Queue Dword Alignment (CQDA): %" PRIu64 "\n", v >> 8 & 1);
	printf("\tBase Indicator Register    (BIR): 0x%" PRIx64 "\n\n", v & 7);
}

static const char *const szu_names[] = {
	"4 KB", "64 KB", "1 MB", "16 MB", "256 MB", "4 GB", "64 GB",
};

static void h_cmbsz(uint64_t v, const uint8_t *r)
{
	(void)r;
	if (!v) {
		printf("\tController Memory Buffer feature is not supported\n\n");
		return;
	}
	printf("\tSize                      (SZ): %" PRIu64 "\n", v >> 12);
	printf("\tSize Units               (SZU): %s\n",
	       (v >> 8 & 0xf) < 7 ? szu_names[v >> 8 & 0xf] : "Reserved");
	printf("\tWrite Data Support       (WDS): %s\n", pick(v >> 4 & 1, "Supported", "Not supported"));
	printf("\tRead Data Support        (RDS): %s\n", pick(v >> 3 & 1, "Supported", "Not supported"));
	printf("\tPRP SGL List Support   (LISTS): %s\n", pick(v >> 2 & 1, "Supported", "Not supported"));
	printf("\tCompletion Queue Support (CQS): %s\n", pick(v >> 1 & 1, "Supported", "Not supported"));
	printf("\tSubmission Queue Support (SQS): %s\n\n", pick(v & 1, "Supported", "Not supported"));
}

static const char *const brs_names[] = {
	"No Boot Partition read operation requested", "Boot Partition read in progress",
	"Boot Partition read completed successfully", "Error completing Boot Partition read",
};

static void h_bpinfo(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tActive Boot Partition ID      (ABPID): %" PRIu64 "\n", v >> 31 & 1);
	printf("\tBoot Read Status                (BRS): %s\n", brs_names[v >> 24 & 3]);
	printf("\tBoot Partition Size            (BPSZ): %" PRIu64 "\n\n", v & 0x7fff);
}

static void h_bprsel(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tBoot Partition Identifier      (BPID): %" PRIu64 "\n", v >> 31 & 1);
	printf("\tBoot Partition Read Offset    (BPROF): %" PRIx64 "\n", v >> 10 & 0xfffff);
	printf("\tBoot Partition Read Size      (BPRSZ): %" PRIx64 "\n\n", v & 0x3ff);
}

static void h_bpmbl(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tBoot Partition Memory Buffer Base Address (BMBBA): %" PRIx64 "\n\n", v >> 12);
}

static void h_cmbmsc(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Base Address         (CBA): %" PRIx64 "\n", v >> 12);
	printf("\tController Memory Space Enable (CMSE): %" PRIx64 "\n", v >> 1 & 1);
	printf("\tCapabilities Registers Enabled  (CRE): CMBLOC and CMBSZ registers are%senabled"
	       "\n\n", v & 1 ? " " : " NOT ");
}

static void h_cmbsts(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Base Address Invalid (CBAI): %" PRIx64 "\n\n", v & 1);
}

static void h_pmrcap(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Memory Space Supported (CMSS): Referencing PMR with host supplied"
	       " addresses is %s\n", pick(v >> 24 & 1, "Supported", "Not Supported"));
	printf("\tPersistent Memory Region Timeout (PMRTO): %" PRIx64 "\n", v >> 16 & 0xff);
	printf("\tPersistent Memory Region Write Barrier Mechanisms (PMRWBM): %" PRIx64 "\n",
	       v >> 10 & 0xf);
	printf("\tPersistent Memory Region Time Units (PMRTU): PMR time unit is %s\n",
	       pick(v >> 8 & 3, "minutes", "500 milliseconds"));
	printf("\tBase Indicator Register (BIR): %" PRIx64 "\n", v >> 5 & 7);
	printf("\tWrite Data Support (WDS): Write data to the PMR is %s\n",
	       pick(v >> 4 & 1, "supported", "not supported"));
	printf("\tRead Data Support (RDS): Read data from the PMR is %s\n\n",
	       pick(v >> 3 & 1, "supported", "not supported"));
}

static void h_pmrctl(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tEnable (EN): PMR is %s\n\n", pick(v & 1, "READY", "Disabled"));
}

static const char *const hsts_names[] = {
	"Normal Operation", "Restore Error", "Read Only", "Unreliable",
};

static void h_pmrsts(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Base Address Invalid (CBAI): %" PRIx64 "\n", v >> 12 & 1);
	printf("\tHealth Status                   (HSTS): %s\n",
	       (v >> 9 & 7) < 4 ? hsts_names[v >> 9 & 7] : "Reserved");
	printf("\tNot Ready                       (NRDY): %" PRIx64 "\n", v >> 8 & 1);
	printf("\tError                            (ERR): %" PRIx64 "\n\n", v & 0xff);
}

static const char *const pmrszu_names[] = { "Bytes", "One KB", "One MB", "One GB" };

static void h_pmrebs(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tPMR Elasticity Buffer Size Base  (PMRWBZ): %" PRIx64 "\n", v >> 8);
	printf("\tRead Bypass Behavior                     : memory reads not conflicting with"
	       " memory writes in the PMR Elasticity Buffer %s bypass those memory writes\n",
	       pick(v >> 4 & 1, "SHALL", "MAY"));
	printf("\tPMR Elasticity Buffer Size Units (PMRSZU): %s\n\n",
	       (v & 0xf) < 4 ? pmrszu_names[v & 0xf] : "Reserved");
}

static void h_pmrswtp(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tPMR Sustained Write Throughput       (PMRSWTV): %" PRIx64 "\n", v >> 8);
	printf("\tPMR Sustained Write Throughput Units (PMRSWTU): %s/second\n\n",
	       (v & 0xf) < 4 ? pmrszu_names[v & 0xf] : "Reserved");
}

static void h_pmrmscl(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Base Address         (CBA): %#" PRIx64 "\n", v >> 12);
	printf("\tController Memory Space Enable (CMSE): %#" PRIx64 "\n\n", v >> 1 & 1);
}

static void h_pmrmscu(uint64_t v, const uint8_t *r)
{
	(void)r;
	printf("\tController Base Address         (CBA): %#" PRIx64 "\n\n", v);
}

/* In nvme-cli's order, with its labels and JSON keys. */
static const struct reg regs[] = {
	{ "cap", "cap", 0x00, 8, h_cap },
	{ "version", "vs", 0x08, 4, h_vs },
	{ "cc", "cc", 0x14, 4, h_cc },
	{ "csts", "csts", 0x1c, 4, h_csts },
	{ "nssr", "nssr", 0x20, 4, h_nssr },
	{ "crto", "crto", 0x68, 4, h_crto },
	{ "intms", "intms", 0x0c, 4, h_intms },
	{ "intmc", "intmc", 0x10, 4, h_intmc },
	{ "aqa", "aqa", 0x24, 4, h_aqa },
	{ "asq", "asq", 0x28, 8, h_asq },
	{ "acq", "acq", 0x30, 8, h_acq },
	{ "cmbloc", "cmbloc", 0x38, 4, h_cmbloc },
	{ "cmbsz", "cmbsz", REG_CMBSZ, 4, h_cmbsz },
	{ "bpinfo", "bpinfo", 0x40, 4, h_bpinfo },
	{ "bprsel", "bprsel", 0x44, 4, h_bprsel },
	{ "bpmbl", "bpmbl", 0x48, 8, h_bpmbl },
	{ "cmbmsc", "cmbmsc", 0x50, 8, h_cmbmsc },
	{ "cmbsts", "cmbsts", 0x58, 4, h_cmbsts },
	{ "pmrcap", "pmrcap", 0xe00, 4, h_pmrcap },
	{ "pmrctl", "pmrctl", 0xe04, 4, h_pmrctl },
	{ "pmrsts", "pmrsts", 0xe08, 4, h_pmrsts },
	{ "pmrebs", "pmrebs", 0xe0c, 4, h_pmrebs },
	{ "pmrswtp", "pmrswtp", 0xe10, 4, h_pmrswtp },
	{ "pmrmscl", "pmrmscl", 0xe14, 4, h_pmrmscl },
	{ "pmrmscu", "pmrmscu", 0xe18, 4, h_pmrmscu },
};

/* The first 5 of regs[] are the properties of a fabrics controller. */
#define NR_FABRICS_PROPS	5

void show_regs(const uint8_t *r, bool fabrics, const struct out *o)
{
	unsigned int i, n = fabrics ? NR_FABRICS_PROPS : BITS_N(regs);
	struct json j = { 0 };
	uint64_t v;

	if (o->kind == OUT_JSON)
		json_obj_open(&j, NULL);
	for (i = 0; i < n; i++) {
		v = le_uint(r + regs[i].off, regs[i].width);
		/* NSSR of a controller without a subsystem reset: no such property. */
		if (fabrics && (uint32_t)v == 0xffffffff)
			continue;
		if (o->kind == OUT_JSON) {
			json_uint(&j, regs[i].key, v);
			continue;
		}
		/* The first registers read all ones where a transport has none: skipped. */
		if (i < 6 && (uint32_t)v == 0xffffffff)
			continue;
		printf("%-8s: %" PRIx64 "\n", regs[i].name, v);
		if (o->human)
			regs[i].human(v, r);
	}
	if (o->kind == OUT_JSON)
		json_obj_close(&j);
}
