// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pcap_names.c - names of BAR0 registers and doorbells, as captures and
 * traces print them.
 */
#include <stdio.h>

#include <nvmet/pcap.h>

struct reg_name {
	uint32_t offset;
	uint8_t width;
	const char *name;
};

static const struct reg_name regs[] = {
	{ 0x00, 8, "CAP" },	{ 0x08, 4, "VS" },	{ 0x0c, 4, "INTMS" },
	{ 0x10, 4, "INTMC" },	{ 0x14, 4, "CC" },	{ 0x1c, 4, "CSTS" },
	{ 0x20, 4, "NSSR" },	{ 0x24, 4, "AQA" },	{ 0x28, 8, "ASQ" },
	{ 0x30, 8, "ACQ" },	{ 0x38, 4, "CMBLOC" },	{ 0x3c, 4, "CMBSZ" },
	{ 0x40, 4, "BPINFO" },	{ 0x44, 4, "BPRSEL" },	{ 0x48, 8, "BPMBL" },
	{ 0x50, 8, "CMBMSC" },	{ 0x58, 4, "CMBSTS" },	{ 0x5c, 4, "CMBEBS" },
	{ 0x60, 4, "CMBSWTP" },	{ 0x64, 4, "NSSD" },	{ 0x68, 4, "CRTO" },
	{ 0xe00, 4, "PMRCAP" },	{ 0xe04, 4, "PMRCTL" },	{ 0xe08, 4, "PMRSTS" },
	{ 0xe0c, 4, "PMREBS" },	{ 0xe10, 4, "PMRSWTP" }, { 0xe14, 8, "PMRMSC" },
};

int nvmet_pcap_reg_name(char *buf, size_t len, uint32_t offset, unsigned int dstrd)
{
	uint32_t stride, idx;
	size_t i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		if (offset == regs[i].offset)
			return snprintf(buf, len, "%s", regs[i].name);
		if (regs[i].width == 8 && offset == regs[i].offset + 4)
			return snprintf(buf, len, "%s (upper)", regs[i].name);
	}
	if (offset < 0x1000 || dstrd > 15)
		return snprintf(buf, len, "Reserved");
	stride = 4u << dstrd;
	if ((offset - 0x1000) % stride)
		return snprintf(buf, len, "Reserved");
	idx = (offset - 0x1000) / stride;
	if (idx / 2 > 0xffff)
		return snprintf(buf, len, "Reserved");
	return snprintf(buf, len, idx & 1 ? "CQ %u Head Doorbell" : "SQ %u Tail Doorbell",
			idx / 2);
}
