// SPDX-License-Identifier: GPL-2.0
/*
 * features.c - the features group: Get and Set Features round trips of the
 * features every controller has, the select field, and what a reserved
 * feature identifier gets (NVMe Base 2.0 5.15 and 5.27).
 *
 * Arbitration, Temperature Threshold, Interrupt Coalescing (PCIe) and
 * Asynchronous Event Configuration are mandatory, but a controller may
 * make one not changeable: where the Select field is supported, Get
 * Features SEL 11b (Supported Capabilities) says so, and Set Features must
 * then fail with Feature Identifier Not Changeable and leave the value as
 * it was (5.27: bit 2 of the capabilities); otherwise it must take it.
 *
 * Every test puts back what it changed: on a real device the next test,
 * or the next user, finds the values it had.
 */
#include <stdio.h>
#include <string.h>

#include "conformance.h"

#define ONCS_SAVE_SELECT	(1u << 4)
#define ONCS_TIMESTAMP		(1u << 6)
#define CAP_AMS_WRR		(1ull << 17)
#define TMPTH_MASK		0xffffu
#define FID_RESERVED		0x00
#define CAPS_NS_SPECIFIC	(1u << 1)
#define CAPS_CHANGEABLE		(1u << 2)
#define CAPS_RESERVED		(~0u << 3)

static struct nvmet_cqe get_feat(struct cf *t, uint8_t fid, unsigned int sel, uint32_t cdw11)
{
	struct nvmet_cqe cqe;
	int ret;

	memset(&cqe, 0xff, sizeof(cqe));
	ret = nvmet_admin_get_features_sync(t->ctrl, fid, sel, cdw11, NULL, NULL, 0, &cqe);
	if (ret)
		cf_fail(t, "Get Features %02xh: %s", fid, strerror(-ret));
	return cqe;
}

static struct nvmet_cqe set_feat(struct cf *t, uint8_t fid, uint32_t cdw11)
{
	struct nvmet_cqe cqe;
	int ret;

	memset(&cqe, 0xff, sizeof(cqe));
	ret = nvmet_admin_set_features_sync(t->ctrl, fid, false, cdw11, NULL, NULL, 0, &cqe);
	if (ret)
		cf_fail(t, "Set Features %02xh: %s", fid, strerror(-ret));
	return cqe;
}

/*
 * Whether the controller says @fid is changeable: SEL 11b's bit 2 where
 * ONCS has the Select field, else (nothing to ask) it must be.
 */
static bool changeable(struct cf *t, const char *name, uint8_t fid, uint32_t sel_bits)
{
	struct nvmet_cqe cqe;
	char got[96];

	if (!(nvmet_id_ctrl_oncs(t->id) & ONCS_SAVE_SELECT))
		return true;
	cqe = get_feat(t, fid, NVMET_SEL_SUPPORTED, sel_bits);
	if (!nvmet_cqe_ok(&cqe))
		cf_fail(t, "%s, supported capabilities (SEL 11b): completed with %s, though ONCS "
			"bit 4 says the Select field is supported", name,
			cf_status_str(cqe.status, got, sizeof(got)));
	return cqe.dw0 & CAPS_CHANGEABLE;
}

/*
 * A feature the controller says is not changeable: Set Features of
 * another value fails with Feature Identifier Not Changeable, and the
 * value stays.
 */
static void not_changeable(struct cf *t, const char *name, uint8_t fid, uint32_t sel_bits,
			   uint32_t mask, uint32_t old, uint32_t val)
{
	struct nvmet_cqe cqe = set_feat(t, fid, sel_bits | val);
	char what[160];

	snprintf(what, sizeof(what), "%s, not changeable by its capabilities (SEL 11b bit 2 clear)",
		 name);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_FEATURE_NOT_CHANGEABLE, what);
	cqe = get_feat(t, fid, NVMET_SEL_CURRENT, sel_bits);
	CF_CHECK_OK(t, cqe, name);
	CF_CHECK(t, (cqe.dw0 & mask) == old,
		 "%s: not changeable, yet Get Features returns %xh after it was %xh", name,
		 cqe.dw0 & mask, old);
}

/*
 * Set @fid to @val (CDW11; @sel_bits are the bits that select which value,
 * kept in the Get), read it back through @mask, then put the old value
 * back and read that back too; or, when the controller says @fid is not
 * changeable, check that Set Features is refused.
 */
static void round_trip(struct cf *t, const char *name, uint8_t fid, uint32_t sel_bits,
		       uint32_t mask, uint32_t (*next)(uint32_t old))
{
	struct nvmet_cqe cqe = get_feat(t, fid, NVMET_SEL_CURRENT, sel_bits);
	uint32_t old, val;
	bool change;

	CF_CHECK_OK(t, cqe, name);
	old = cqe.dw0 & mask;
	val = next(old) & mask;
	change = changeable(t, name, fid, sel_bits);
	if (t->result != CF_PASS)
		return;
	if (!change) {
		not_changeable(t, name, fid, sel_bits, mask, old, val);
		return;
	}
	cqe = set_feat(t, fid, sel_bits | val);
	CF_CHECK_OK(t, cqe, name);
	cqe = get_feat(t, fid, NVMET_SEL_CURRENT, sel_bits);
	CF_CHECK_OK(t, cqe, name);
	CF_CHECK(t, (cqe.dw0 & mask) == val, "%s: set to %xh, Get Features returns %xh", name,
		 val, cqe.dw0 & mask);
	cqe = set_feat(t, fid, sel_bits | old);
	CF_CHECK_OK(t, cqe, name);
	cqe = get_feat(t, fid, NVMET_SEL_CURRENT, sel_bits);
	CF_CHECK(t, nvmet_cqe_ok(&cqe) && (cqe.dw0 & mask) == old,
		 "%s: put back to %xh, Get Features returns %xh", name, old, cqe.dw0 & mask);
}

/* Arbitration Burst: another power of two. */
static uint32_t next_burst(uint32_t old)
{
	return (old & ~7u) | (((old & 7u) + 1) & 7u);
}

/* Weighted round robin weights too, each changed. */
static uint32_t next_weights(uint32_t old)
{
	return next_burst(old) ^ 0x01010100u;
}

static void arbitration(struct cf *t)
{
	if (t->cap & CAP_AMS_WRR)
		round_trip(t, "Arbitration", NVMET_FEAT_ARBITRATION, 0, 0xffffff07u, next_weights);
	else
		round_trip(t, "Arbitration", NVMET_FEAT_ARBITRATION, 0, 0x7u, next_burst);
}

/* A threshold one kelvin away from the old, so that no event is raised. */
static uint32_t next_over(uint32_t old)
{
	return old < TMPTH_MASK ? old + 1 : old - 1;
}

static uint32_t next_under(uint32_t old)
{
	return old ? old - 1 : 1;
}

static void temperature_threshold(struct cf *t)
{
	round_trip(t, "Temperature Threshold (over)", NVMET_FEAT_TEMP_THRESH, 0, TMPTH_MASK,
		   next_over);
	if (t->result == CF_PASS)
		round_trip(t, "Temperature Threshold (under)", NVMET_FEAT_TEMP_THRESH, 1u << 20,
			   TMPTH_MASK, next_under);
}

static uint32_t flip_bit0(uint32_t old)
{
	return old ^ 1u;
}

static void volatile_write_cache(struct cf *t)
{
	if (!(nvmet_id_ctrl_vwc(t->id) & 1))
		CF_SKIP(t, "VWC bit 0 is clear: no volatile write cache");
	round_trip(t, "Volatile Write Cache", NVMET_FEAT_VOLATILE_WC, 0, 1u, flip_bit0);
}

static void number_of_queues(struct cf *t)
{
	struct nvmet_cqe cqe = get_feat(t, NVMET_FEAT_NUM_QUEUES, NVMET_SEL_CURRENT, 0);

	CF_CHECK_OK(t, cqe, "Get Features Number of Queues");
	CF_CHECK(t, (cqe.dw0 & 0xffff) != 0xffff && (cqe.dw0 >> 16) != 0xffff,
		 "NSQA/NCQA %08xh: 65536 queues (FFFFh) is not a value the feature may take",
		 cqe.dw0);
	cqe = set_feat(t, NVMET_FEAT_NUM_QUEUES, 0xffffffffu);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD,
			"Set Features Number of Queues asking for 65536 (NSQR/NCQR FFFFh)");
}

static void number_of_queues_after_create(struct cf *t)
{
	struct nvmet_cqe cqe = get_feat(t, NVMET_FEAT_NUM_QUEUES, NVMET_SEL_CURRENT, 0);

	CF_CHECK_OK(t, cqe, "Get Features Number of Queues");
	/* The same numbers again, now that an I/O queue pair exists. */
	cqe = set_feat(t, NVMET_FEAT_NUM_QUEUES, cqe.dw0);
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_CMD_SEQ_ERROR,
			"Set Features Number of Queues after I/O queues were created");
}

/* Aggregation time and threshold changed. */
static uint32_t next_coalescing(uint32_t old)
{
	return old ^ 0x0101u;
}

static void interrupt_coalescing(struct cf *t)
{
	if (!cf_is_pcie(t))
		CF_SKIP(t, "interrupts are a PCIe controller's: this one is reached over a fabric");
	round_trip(t, "Interrupt Coalescing", NVMET_FEAT_IRQ_COALESCE, 0, 0xffffu,
		   next_coalescing);
}

/* SMART / Health critical warnings enabled: another set of them. */
static uint32_t next_aec(uint32_t old)
{
	return old ^ 0x3u;
}

static void async_event_config(struct cf *t)
{
	round_trip(t, "Asynchronous Event Configuration", NVMET_FEAT_ASYNC_EVENT, 0, 0xffu,
		   next_aec);
}

static void reserved_fid(struct cf *t)
{
	struct nvmet_cqe cqe = get_feat(t, FID_RESERVED, NVMET_SEL_CURRENT, 0);

	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD,
			"Get Features of reserved identifier 00h");
}

static void select_default(struct cf *t)
{
	struct nvmet_cqe cqe;
	uint32_t def, cur;

	if (!(nvmet_id_ctrl_oncs(t->id) & ONCS_SAVE_SELECT))
		CF_SKIP(t, "ONCS bit 4 is clear: the Select field is not supported");
	cqe = get_feat(t, NVMET_FEAT_TEMP_THRESH, NVMET_SEL_DEFAULT, 0);
	CF_CHECK_OK(t, cqe, "Get Features Temperature Threshold, default value");
	def = cqe.dw0 & TMPTH_MASK;
	cqe = get_feat(t, NVMET_FEAT_TEMP_THRESH, NVMET_SEL_CURRENT, 0);
	CF_CHECK_OK(t, cqe, "Get Features Temperature Threshold, current value");
	cur = cqe.dw0 & TMPTH_MASK;
	cqe = set_feat(t, NVMET_FEAT_TEMP_THRESH, next_over(cur));
	CF_CHECK_OK(t, cqe, "Set Features Temperature Threshold");
	cqe = get_feat(t, NVMET_FEAT_TEMP_THRESH, NVMET_SEL_DEFAULT, 0);
	set_feat(t, NVMET_FEAT_TEMP_THRESH, cur);
	CF_CHECK_OK(t, cqe, "Get Features Temperature Threshold, default value");
	CF_CHECK(t, (cqe.dw0 & TMPTH_MASK) == def,
		 "the default value changed from %u to %u when the current value was set", def,
		 cqe.dw0 & TMPTH_MASK);
}

static void select_capabilities(struct cf *t)
{
	struct nvmet_cqe cqe;

	if (!(nvmet_id_ctrl_oncs(t->id) & ONCS_SAVE_SELECT))
		CF_SKIP(t, "ONCS bit 4 is clear: the Select field is not supported");
	cqe = get_feat(t, NVMET_FEAT_TEMP_THRESH, NVMET_SEL_SUPPORTED, 0);
	CF_CHECK_OK(t, cqe, "Get Features Temperature Threshold, supported capabilities");
	CF_CHECK(t, cqe.dw0 & CAPS_CHANGEABLE,
		 "capabilities %xh: Temperature Threshold is changeable (Set Features takes it), "
		 "yet bit 2 is clear", cqe.dw0);
	CF_CHECK(t, !(cqe.dw0 & CAPS_NS_SPECIFIC),
		 "capabilities %xh: Temperature Threshold is the controller's, yet bit 1 "
		 "(namespace specific) is set", cqe.dw0);
	CF_CHECK(t, !(cqe.dw0 & CAPS_RESERVED), "capabilities %xh: bits 31:3 are reserved",
		 cqe.dw0);
}

static void timestamp(struct cf *t)
{
	struct nvmet_buf *buf;
	struct nvmet_cqe cqe;
	uint64_t set_ms = 0x123456789aull, got = 0;
	int ret;

	if (!(nvmet_id_ctrl_oncs(t->id) & ONCS_TIMESTAMP))
		CF_SKIP(t, "ONCS bit 6 is clear: no Timestamp feature");
	buf = cf_buf(t, 4096, "timestamp");
	if (!buf)
		return;
	memset(buf->va, 0, 8);
	nvmet_buf_set_uint(buf, 0, 5, set_ms);
	ret = nvmet_admin_set_features_sync(t->ctrl, NVMET_FEAT_TIMESTAMP, false, 0, NULL, buf, 8,
					    &cqe);
	CF_CHECK(t, !ret, "Set Features Timestamp: %s", strerror(-ret));
	CF_CHECK_OK(t, cqe, "Set Features Timestamp");
	memset(buf->va, 0, 8);
	ret = nvmet_admin_get_features_sync(t->ctrl, NVMET_FEAT_TIMESTAMP, NVMET_SEL_CURRENT, 0,
					    NULL, buf, 8, &cqe);
	CF_CHECK(t, !ret, "Get Features Timestamp: %s", strerror(-ret));
	CF_CHECK_OK(t, cqe, "Get Features Timestamp");
	nvmet_buf_get_uint(buf, 0, 5, &got);
	CF_CHECK(t, got >= set_ms, "the timestamp read (%llu ms) is before the one set (%llu ms)",
		 (unsigned long long)got, (unsigned long long)set_ms);
}

static const struct cf_test tests[] = {
	{ "arbitration", "Base 2.0 5.27.1.1",
	  "Arbitration (and its weights with WRR) reads back as set", 0, arbitration },
	{ "temperature-threshold", "Base 2.0 5.27.1.3",
	  "the over and under Temperature Thresholds read back as set", 0,
	  temperature_threshold },
	{ "volatile-write-cache", "Base 2.0 5.27.1.4",
	  "with a volatile write cache, its enable reads back as set", 0, volatile_write_cache },
	{ "number-of-queues", "Base 2.0 5.27.1.5",
	  "NSQA/NCQA are never FFFFh; asking for 65536 queues is Invalid Field", 0,
	  number_of_queues },
	{ "number-of-queues-after-create", "Base 2.0 5.27.1.5",
	  "Set Features Number of Queues once I/O queues exist: Command Sequence Error",
	  CF_NEED_QP, number_of_queues_after_create },
	{ "interrupt-coalescing", "Base 2.0 5.27.1.6",
	  "Interrupt Coalescing reads back as set", 0, interrupt_coalescing },
	{ "async-event-config", "Base 2.0 5.27.1.8",
	  "Asynchronous Event Configuration reads back as set", 0, async_event_config },
	{ "reserved-fid", "Base 2.0 5.27.1",
	  "Get Features of a reserved identifier fails with Invalid Field in Command", 0,
	  reserved_fid },
	{ "select-default", "Base 2.0 5.15",
	  "setting the current value leaves the default (SEL 01b) as it was", 0,
	  select_default },
	{ "select-capabilities", "Base 2.0 5.15",
	  "SEL 11b: Temperature Threshold changeable, not per namespace, reserved bits clear", 0,
	  select_capabilities },
	{ "timestamp", "Base 2.0 5.27.1.11",
	  "the Timestamp read is not before the one set", 0, timestamp },
};

const struct cf_group cf_group_features = {
	"features", "Features", tests, sizeof(tests) / sizeof(tests[0]),
};
