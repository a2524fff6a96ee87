// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cmd_info.c - info and regs: what the module (or the emulator's
 * transport) knows of a controller, and its controller registers decoded.
 */
#include <inttypes.h>

#include "tool.h"

static const char *irq_kind_name(uint32_t kind)
{
	switch (kind) {
	case NVMETEST_IRQ_NONE:
		return "none";
	case NVMETEST_IRQ_INTX:
		return "INTx";
	case NVMETEST_IRQ_MSI:
		return "MSI";
	case NVMETEST_IRQ_MSIX:
		return "MSI-X";
	}
	return "unknown";
}

static void print_size(uint64_t bytes)
{
	static const char *const units[] = { "bytes", "KiB", "MiB", "GiB", "TiB" };
	uint64_t v = bytes;
	unsigned int u = 0;

	while (v >= 1024 && !(v % 1024) && u < 4) {
		v /= 1024;
		u++;
	}
	printf("%" PRIu64 " %s", v, units[u]);
}

static void print_css(unsigned int css)
{
	printf("CSS 0x%02x (", css);
	if (css & 0x01)
		printf("NVM%s", css & 0xc0 ? ", " : "");
	if (css & 0x40)
		printf("I/O command sets%s", css & 0x80 ? ", " : "");
	if (css & 0x80)
		printf("admin only");
	printf(")");
}

static void print_cap(uint64_t cap)
{
	printf("%-17s0x%016" PRIx64 "\n", "cap:", cap);
	printf("  MQES %u (%u entries)  CQR %u  TO %u (%u ms)  DSTRD %u (%u bytes)  NSSRS %u\n",
	       NVMET_CAP_MQES(cap), NVMET_CAP_MQES(cap) + 1, NVMET_CAP_CQR(cap),
	       NVMET_CAP_TO(cap), NVMET_CAP_TO(cap) * 500, NVMET_CAP_DSTRD(cap),
	       4u << NVMET_CAP_DSTRD(cap), NVMET_CAP_NSSRS(cap));
	printf("  ");
	print_css(NVMET_CAP_CSS(cap));
	printf("  MPSMIN %u (%u KiB)  MPSMAX %u (%u KiB)\n", NVMET_CAP_MPSMIN(cap),
	       4u << NVMET_CAP_MPSMIN(cap), NVMET_CAP_MPSMAX(cap), 4u << NVMET_CAP_MPSMAX(cap));
}

static void print_info_flags(uint32_t flags)
{
	printf("%-17s0x%x", "flags:", flags);
	if (flags & NVMETEST_INFO_READY)
		printf(" READY");
	if (flags & NVMETEST_INFO_IOMMU)
		printf(" IOMMU");
	if (flags & ~(NVMETEST_INFO_READY | NVMETEST_INFO_IOMMU))
		printf(" unknown");
	printf("\n");
}

static void print_info(const struct nvmetest_info *in)
{
	unsigned int i;

	printf("%-17s%04x:%02x:%02x.%x\n", "pci address:", in->domain, in->bus, in->devfn >> 3,
	       in->devfn & 7);
	printf("%-17s/dev/" NVMETEST_DEV_PREFIX "%u\n", "device:", in->instance);
	printf("%-17s%u\n", "abi version:", in->abi_version);
	print_info_flags(in->flags);
	printf("%-17s%04x:%04x\n", "vendor:device:", in->vendor_id, in->device_id);
	printf("%-17s%04x:%04x\n", "subsystem:", in->subsystem_vendor_id,
	       in->subsystem_device_id);
	printf("%-17s%06x\n", "class:", in->class_code);
	printf("%-17s0x%02x\n", "revision:", in->revision);
	printf("%-17s%s, %u vector%s\n", "interrupts:", irq_kind_name(in->irq_kind),
	       in->nr_vectors, in->nr_vectors == 1 ? "" : "s");
	printf("%-17s%u bytes\n", "config space:", in->cfg_size);
	for (i = 0; i < 6; i++) {
		printf("bar%u:%12s", i, "");
		if (in->bar_size[i])
			print_size(in->bar_size[i]);
		else
			printf("unused");
		printf("\n");
	}
	printf("%-17s0x%" PRIx64 " in BAR0, %" PRIu64 " bytes mappable, stride %u bytes\n",
	       "doorbells:", (uint64_t)in->db_offset, (uint64_t)in->db_size, in->db_stride);
	printf("%-17s%u\n", "max qid:", in->max_qid);
	printf("%-17s%u\n", "max queue size:", in->mqes);
	printf("%-17s%u\n", "admin timeouts:", in->timeouts);
	printf("%-17s%u\n", "resets:", in->resets);
	printf("%-17s%" PRIu64 " KiB held (%" PRIu64 " by this file), limits %" PRIu64
	       " MiB per controller, %" PRIu64 " MiB per file\n", "dma memory:",
	       (uint64_t)in->dma_bytes >> 10, (uint64_t)in->file_dma_bytes >> 10,
	       (uint64_t)in->dma_limit >> 20, (uint64_t)in->file_dma_limit >> 20);
	print_cap(in->cap);
}

#define NA "n/a (module only)"

/* The PCI identity, from configuration space. */
static int print_emu_ids(struct tdev *dev)
{
	uint32_t id, sub, class_rev;
	int ret;

	ret = tdev_cfg_read(dev, 0x00, 4, &id);
	if (!ret)
		ret = tdev_cfg_read(dev, 0x2c, 4, &sub);
	if (!ret)
		ret = tdev_cfg_read(dev, 0x08, 4, &class_rev);
	if (ret)
		return ret;
	printf("%-17s%04x:%04x\n", "vendor:device:", id & 0xffff, id >> 16);
	printf("%-17s%04x:%04x\n", "subsystem:", sub & 0xffff, sub >> 16);
	printf("%-17s%06x\n", "class:", class_rev >> 8);
	printf("%-17s0x%02x\n", "revision:", class_rev & 0xff);
	return 0;
}

/* A controller over a fabric (NVMe/TCP): registers as properties, no PCI function. */
static int print_fabrics_info(struct tdev *dev, uint64_t cap, uint64_t csts)
{
	printf("%-17s%s, over a fabric (no PCI function, interrupts or doorbells)\n",
	       "controller:", nvmet_ctrl_transport(dev->ctrl));
	printf("%-17s%s\n", "address:", dev->addr);
	printf("%-17s%s\n", "ready:",
	       csts & NVMET_CSTS_RDY ? "yes (CSTS.RDY 1)" : "no (CSTS.RDY 0)");
	printf("%-17s%u\n", "max qid:", nvmet_ctrl_queue_count(dev->ctrl));
	printf("%-17s%u\n", "max queue size:", NVMET_CAP_MQES(cap) + 1);
	printf("%-17s%u bytes\n", "page size:", nvmet_ctrl_page_size(dev->ctrl));
	print_cap(cap);
	return 0;
}

/* What applies of the module's fields, from the transport and the registers. */
static int print_emu_info(const struct cmd *cmd, struct tdev *dev)
{
	struct nvmet_emu *emu = nvmet_ctrl_emu(dev->ctrl);
	uint64_t cap, csts;
	unsigned int vectors;
	uint32_t cfg;
	int ret;

	ret = tdev_reg_read(dev, NVMET_REG_CAP, 8, &cap);
	if (!ret)
		ret = tdev_reg_read(dev, NVMET_REG_CSTS, 4, &csts);
	if (ret)
		return errno_fail(cmd, "registers", ret);
	if (!emu)
		return print_fabrics_info(dev, cap, csts);
	ret = tdev_nr_vectors(dev, &vectors);
	if (ret)
		return errno_fail(cmd, "registers", ret);
	printf("%-17semulated (%s), in this process; a fresh one in every invocation\n",
	       "controller:", nvmet_emu_name(emu));
	printf("%-17s%s\n", "address:", dev->addr);
	printf("%-17sn/a (not a PCI function)\n", "pci address:");
	printf("%-17s" NA "\n", "device:");
	printf("%-17s" NA "\n", "abi version:");
	printf("%-17s%s\n", "ready:",
	       csts & NVMET_CSTS_RDY ? "yes (CSTS.RDY 1)" : "no (CSTS.RDY 0)");
	ret = print_emu_ids(dev);
	if (ret)
		return errno_fail(cmd, "configuration space", ret);
	printf("%-17sMSI-X, %u vector%s\n", "interrupts:", vectors, vectors == 1 ? "" : "s");
	printf("%-17s%u bytes\n", "config space:",
	       tdev_cfg_read(dev, 0xffc, 4, &cfg) ? 256u : 4096u);
	printf("%-17s" NA "\n", "bar sizes:");
	printf("%-17s0x%x in BAR0, stride %u bytes\n", "doorbells:", NVMET_REG_DBS,
	       4u << NVMET_CAP_DSTRD(cap));
	printf("%-17s%u\n", "max qid:", nvmet_ctrl_queue_count(dev->ctrl));
	printf("%-17s%u\n", "max queue size:", NVMET_CAP_MQES(cap) + 1);
	printf("%-17s%u bytes\n", "page size:", nvmet_ctrl_page_size(dev->ctrl));
	printf("%-17s" NA "\n", "admin timeouts:");
	printf("%-17s" NA "\n", "resets:");
	printf("%-17s" NA "\n", "dma memory:");
	print_cap(cap);
	return 0;
}

static int run_info(const struct cmd *cmd, int argc, char **argv)
{
	struct nvmetest_info info;
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, NULL, NULL, &dev);
	if (ret >= 0)
		return ret;
	if (dev.ctrl) {
		ret = print_emu_info(cmd, &dev);
	} else {
		ret = get_info(cmd, dev.kdev, &info);
		if (!ret)
			print_info(&info);
	}
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_info = {
	.name = "info",
	.args = "DEV",
	.summary = "show what the module knows of a controller",
	.help = "Print every field of the module's nvmetest_info: PCI address and IDs,\n"
		"interrupts, BAR sizes, doorbells, queue limits, counters, DMA memory held\n"
		"and its limits, flags (READY, IOMMU) and CAP decoded.\n"
		"On the emulated controller, what applies: its name and address, PCI IDs from\n"
		"configuration space, MSI-X vectors, doorbells, queue limits, page size and\n"
		"CAP decoded; the module's own fields say n/a.\n\n"
		EMU_DEV_HELP,
	.run = run_info,
	.emu = true,
};

static const char *const shn_names[] = { "none", "normal", "abrupt", "reserved" };
static const char *const shst_names[] = { "normal", "occurring", "complete", "reserved" };

static void print_cc(uint32_t cc)
{
	printf("%-17s0x%08x\n", "cc:", cc);
	printf("  EN %u  CSS %u  MPS %u (%u KiB)  AMS %u  SHN %u (%s)  IOSQES %u  IOCQES %u"
	       "  CRIME %u\n",
	       cc & 1, (cc >> 4) & 7, (cc >> 7) & 0xf, 4u << ((cc >> 7) & 0xf), (cc >> 11) & 7,
	       (cc >> 14) & 3, shn_names[(cc >> 14) & 3], (cc >> 16) & 0xf, (cc >> 20) & 0xf,
	       (cc >> 24) & 1);
}

static void print_csts(uint32_t csts)
{
	printf("%-17s0x%08x\n", "csts:", csts);
	printf("  RDY %u  CFS %u  SHST %u (%s)  NSSRO %u  PP %u  ST %u\n", csts & 1,
	       (csts >> 1) & 1, (csts >> 2) & 3, shst_names[(csts >> 2) & 3], (csts >> 4) & 1,
	       (csts >> 5) & 1, (csts >> 6) & 1);
}

/* @n: 7, or 4 for a fabrics controller, which has no admin queue registers. */
static void print_regs(const uint64_t *r, unsigned int n)
{
	uint32_t vs = (uint32_t)r[1], aqa = (uint32_t)r[4];

	print_cap(r[0]);
	printf("%-17s0x%08x (%u.%u.%u)\n", "vs:", vs, vs >> 16, (vs >> 8) & 0xff, vs & 0xff);
	print_cc((uint32_t)r[2]);
	print_csts((uint32_t)r[3]);
	if (n < 7)
		return;
	printf("%-17s0x%08x (ASQS %u, ACQS %u entries)\n", "aqa:", aqa, (aqa & 0xfff) + 1,
	       ((aqa >> 16) & 0xfff) + 1);
	printf("%-17s0x%016" PRIx64 "\n", "asq:", r[5]);
	printf("%-17s0x%016" PRIx64 "\n", "acq:", r[6]);
}

static int run_regs(const struct cmd *cmd, int argc, char **argv)
{
	static const struct {
		uint32_t offset;
		unsigned int width;
		const char *name;
	} regs[] = {
		{ NVMET_REG_CAP, 8, "CAP" }, { NVMET_REG_VS, 4, "VS" },
		{ NVMET_REG_CC, 4, "CC" }, { NVMET_REG_CSTS, 4, "CSTS" },
		{ NVMET_REG_AQA, 4, "AQA" }, { NVMET_REG_ASQ, 8, "ASQ" },
		{ NVMET_REG_ACQ, 8, "ACQ" },
	};
	uint64_t val[7] = { 0 };
	unsigned int i, n;
	struct tdev dev;
	int ret;

	ret = open_dev_args(cmd, argc, argv, NULL, NULL, &dev);
	if (ret >= 0)
		return ret;
	ret = 0;
	/* AQA, ASQ and ACQ are no properties of a fabrics controller. */
	n = tdev_fabrics(&dev) ? 4 : 7;
	for (i = 0; i < n && !ret; i++) {
		ret = tdev_reg_read(&dev, regs[i].offset, regs[i].width, &val[i]);
		if (ret)
			ret = errno_fail(cmd, regs[i].name, ret);
	}
	if (!ret)
		print_regs(val, n);
	tdev_close(&dev);
	return ret;
}

const struct cmd cmd_regs = {
	.name = "regs",
	.args = "DEV",
	.summary = "show the controller registers decoded",
	.help = "Read CAP, VS, CC, CSTS, AQA, ASQ and ACQ from BAR0 and decode them; on a\n"
		"controller over a fabric (tcp:), which has no admin queue registers, CAP, VS,\n"
		"CC and CSTS (Property Get).\n\n"
		EMU_DEV_HELP,
	.run = run_regs,
	.emu = true,
};
