// SPDX-License-Identifier: GPL-2.0
/*
 * registers.c - the controller registers group: CAP, VS, CC, CSTS and the
 * admin queue registers as a controller that was initialized shows them
 * (NVMe Base 2.0 3.1.3).
 */
#include <errno.h>
#include <string.h>

#include "conformance.h"

#define CAP_CSS_NVM		(1u << 0)
#define CAP_CSS_IOCS		(1u << 6)
#define CAP_CSS_NOIO		(1u << 7)
#define CC_IOSQES(cc)		(((cc) >> 16) & 0xf)
#define CC_IOCQES(cc)		(((cc) >> 20) & 0xf)
#define CC_MPS(cc)		(((cc) >> 7) & 0xf)
#define AQA_ASQS(aqa)		((aqa) & 0xfff)
#define AQA_ACQS(aqa)		(((aqa) >> 16) & 0xfff)

static void cap(struct cf *t)
{
	unsigned int css = NVMET_CAP_CSS(t->cap);

	CF_CHECK(t, NVMET_CAP_MQES(t->cap) >= 1,
		 "CAP.MQES is 0: queues of at least two entries are required");
	CF_CHECK(t, css & (CAP_CSS_NVM | CAP_CSS_IOCS | CAP_CSS_NOIO),
		 "CAP.CSS %02xh names no command set (bits 0, 6 or 7)", css);
	CF_CHECK(t, NVMET_CAP_MPSMIN(t->cap) <= NVMET_CAP_MPSMAX(t->cap),
		 "CAP.MPSMIN %u is above CAP.MPSMAX %u", NVMET_CAP_MPSMIN(t->cap),
		 NVMET_CAP_MPSMAX(t->cap));
	CF_CHECK(t, NVMET_CAP_TO(t->cap) >= 1,
		 "CAP.TO is 0: the time to become ready is in 500 ms units, at least 1");
}

static void cap_read_only(struct cf *t)
{
	uint64_t before = t->cap, after;
	int ret;

	/*
	 * Flip MQES: CAP is read only, so nothing may change. A fabrics
	 * controller may refuse the Property Set outright (Linux's target
	 * does, with Invalid Field in Command): CAP must still read the same.
	 */
	ret = nvmet_ctrl_reg_write(t->ctrl, NVMET_REG_CAP, 4, (uint32_t)before ^ 0x1);
	if (ret == -EPERM || ret == -EOPNOTSUPP)
		CF_SKIP(t, "the transport refuses a write to CAP (%s)", strerror(-ret));
	CF_CHECK(t, !ret || (ret == -EIO && !cf_is_pcie(t)), "writing CAP: %s", strerror(-ret));
	after = cf_reg(t, NVMET_REG_CAP, 8);
	CF_CHECK(t, after == before, "CAP changed from %016llxh to %016llxh when written",
		 (unsigned long long)before, (unsigned long long)after);
}

static void vs_matches_identify(struct cf *t)
{
	uint32_t vs = (uint32_t)cf_reg(t, NVMET_REG_VS, 4), ver = nvmet_id_ctrl_ver(t->id);

	CF_CHECK(t, (vs >> 16) >= 1, "VS %08xh: the major version is at least 1", vs);
	if (vs < 0x10200)
		CF_SKIP(t, "VS %08xh: Identify Controller VER is reported from 1.2 on", vs);
	CF_CHECK(t, ver == vs, "Identify Controller VER %08xh is not VS %08xh", ver, vs);
}

static void cc_enabled(struct cf *t)
{
	uint32_t cc = (uint32_t)cf_reg(t, NVMET_REG_CC, 4);

	CF_CHECK(t, cc & NVMET_CC_EN, "CC %08xh: EN reads 0 on an enabled controller", cc);
	CF_CHECK(t, !(cc & NVMET_CC_SHN_MASK), "CC %08xh: SHN is set, no shutdown was asked", cc);
	CF_CHECK(t, CC_IOSQES(cc) == 6 && CC_IOCQES(cc) == 4,
		 "CC %08xh: IOSQES %u and IOCQES %u do not read back as set (6 and 4)", cc,
		 CC_IOSQES(cc), CC_IOCQES(cc));
	CF_CHECK(t, (4096u << CC_MPS(cc)) == nvmet_ctrl_page_size(t->ctrl),
		 "CC %08xh: MPS reads %u, the host set %u-byte pages", cc, CC_MPS(cc),
		 nvmet_ctrl_page_size(t->ctrl));
}

static void csts_ready(struct cf *t)
{
	uint32_t csts = (uint32_t)cf_reg(t, NVMET_REG_CSTS, 4);

	CF_CHECK(t, csts & NVMET_CSTS_RDY, "CSTS %08xh: RDY is 0 while CC.EN is 1", csts);
	CF_CHECK(t, !(csts & NVMET_CSTS_CFS), "CSTS %08xh: CFS (fatal status) is set", csts);
	CF_CHECK(t, !(csts & NVMET_CSTS_SHST_MASK),
		 "CSTS %08xh: SHST is not 00b, no shutdown was asked", csts);
}

static void admin_queue_regs(struct cf *t)
{
	uint32_t aqa, mask = nvmet_ctrl_page_size(t->ctrl) - 1;
	uint64_t asq, acq;

	if (!cf_is_pcie(t))
		CF_SKIP(t, "the admin queue registers are a PCIe controller's");
	aqa = (uint32_t)cf_reg(t, NVMET_REG_AQA, 4);
	asq = cf_reg(t, NVMET_REG_ASQ, 8);
	acq = cf_reg(t, NVMET_REG_ACQ, 8);
	CF_CHECK(t, AQA_ASQS(aqa) >= 1 && AQA_ACQS(aqa) >= 1,
		 "AQA %08xh: the admin queues the host set have at least 2 entries", aqa);
	CF_CHECK(t, asq && !(asq & mask), "ASQ %llxh does not read back a page-aligned address",
		 (unsigned long long)asq);
	CF_CHECK(t, acq && !(acq & mask), "ACQ %llxh does not read back a page-aligned address",
		 (unsigned long long)acq);
	CF_CHECK(t, asq != acq, "ASQ and ACQ read the same address %llxh",
		 (unsigned long long)asq);
}

static const struct cf_test tests[] = {
	{ "cap", "Base 2.0 3.1.3.1",
	  "CAP: MQES at least 1, a command set, MPSMIN <= MPSMAX, TO at least 1", 0, cap },
	{ "cap-read-only", "Base 2.0 3.1.3.1", "a write to CAP changes nothing", 0,
	  cap_read_only },
	{ "vs-matches-identify", "Base 2.0 3.1.3.2",
	  "VS has a major version; Identify Controller VER equals it (1.2 on)", 0,
	  vs_matches_identify },
	{ "cc-enabled", "Base 2.0 3.1.3.5",
	  "CC reads back EN, IOSQES, IOCQES and MPS as the host set them", 0, cc_enabled },
	{ "csts-ready", "Base 2.0 3.1.3.6",
	  "CSTS: RDY follows CC.EN, no fatal status, no shutdown", 0, csts_ready },
	{ "admin-queue-regs", "Base 2.0 3.1.3.8-3.1.3.10",
	  "AQA, ASQ and ACQ read back the admin queues the host set", 0, admin_queue_regs },
};

const struct cf_group cf_group_registers = {
	"registers", "Controller Registers", tests, sizeof(tests) / sizeof(tests[0]),
};
