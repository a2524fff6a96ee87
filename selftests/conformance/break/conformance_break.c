// SPDX-License-Identifier: GPL-2.0
/**
 * DOC: conformance_break.so - the emulated controller breaking a clause on purpose
 *
 * A test-only plug-in: with it, the emulated controller departs from one
 * clause the conformance suite checks, one per group, so that a meta-test
 * (selftests/emu/conformance_break_test.c) shows the suite's test of that
 * clause failing. It is not installed.
 *
 * Arguments ("key=value"):
 *
 * ================================ ==========================================
 * clause=identify-ctrl-entry-sizes Identify Controller reports 128-byte SQEs
 *                                  (admin/identify-ctrl-entry-sizes)
 * clause=read-lba-out-of-range     a Read past the last LBA succeeds
 *                                  (nvm/read-lba-out-of-range)
 * clause=temperature-threshold     Set Features Temperature Threshold
 *                                  succeeds without storing the value
 *                                  (features/temperature-threshold)
 * clause=arbitration-changed      Get Features SEL 11b says Arbitration is
 *                                  not changeable, yet Set Features changes
 *                                  it (features/arbitration)
 * clause=vs-matches-identify       VS reads 2.0, Identify VER says 1.4
 *                                  (registers/vs-matches-identify)
 * clause=sgl-length-short          an SGL shorter than the transfer is
 *                                  accepted (memory/sgl-length-short)
 * clause=delete-cq-with-sq         Delete I/O CQ of a CQ in use succeeds
 *                                  without deleting (arch/delete-cq-with-sq)
 * clause=unsupported-commands      ONCS and RESCAP say no reservations, yet
 *                                  the reservation commands run
 *                                  (reservations/unsupported-commands)
 * clause=register-report           Reservation Report lists no registrant
 *                                  (reservations/register-report)
 * clause=acquire-release           Reservation Report's RTYPE stays 0 when
 *                                  a reservation is held
 *                                  (reservations/acquire-release)
 * clause=qemu-identity            not a breakage: Identify Controller says
 *                                  VID 1b36h and MN "QEMU NVMe Ctrl", so the
 *                                  suite expects QEMU's deviations (which
 *                                  the emulated controller does not have)
 * clause=arbitration-fixed        not a breakage: Arbitration is not
 *                                  changeable, said in SEL 11b and Set
 *                                  Features refused with Feature Identifier
 *                                  Not Changeable, as QEMU's controller does
 * ================================ ==========================================
 */
#include <stdint.h>
#include <string.h>

#include <nvmet/emu.h>

#define ID_VID		0
#define ID_MN		24
#define ID_SQES		512
#define ID_ONCS		520
#define ONCS_RESV	(1u << 5)
#define IDNS_RESCAP	31
#define REPORT_RTYPE	4
#define REPORT_REGCTL	5
#define VS_2_0		0x00020000u

static const char *const keys[] = { "clause", NULL };

static int big_sqes(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	static const uint8_t sqes = 0x77;

	(void)arg;
	if (ev->sqe->opc == NVMET_ADM_IDENTIFY && (ev->sqe->cdw10 & 0xff) == NVMET_CNS_CTRL &&
	    !ev->cqe->status)
		nvmet_emu_data_write(emu, ev->sqe, 4096, ID_SQES, &sqes, 1);
	return NVMET_EMU_CONTINUE;
}

/* A completion with @sc (generic status) rewritten to success. */
static int succeed_instead(struct nvmet_emu_event *ev, unsigned int sct, unsigned int sc)
{
	if (NVMET_CQE_STATUS(ev->cqe->status) == (sct << 8 | sc))
		ev->cqe->status = 0;
	return NVMET_EMU_CONTINUE;
}

static int read_range_ok(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	if (ev->sqe->opc != NVMET_CMD_READ)
		return NVMET_EMU_CONTINUE;
	return succeed_instead(ev, NVMET_SCT_GENERIC, NVMET_SC_LBA_RANGE);
}

static int temp_dropped(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	if (ev->sqe->opc != NVMET_ADM_SET_FEATURES ||
	    (ev->sqe->cdw10 & 0xff) != NVMET_FEAT_TEMP_THRESH)
		return NVMET_EMU_CONTINUE;
	ev->cqe->status = 0;
	ev->cqe->dw0 = 0;
	return NVMET_EMU_HANDLED;
}

/*
 * Arbitration (FID 01h) not changeable in Get Features SEL 11b; with
 * @refuse, Set Features of it fails with Feature Identifier Not
 * Changeable, as the spec then requires.
 */
static int arbitration_fixed_as(struct nvmet_emu_event *ev, bool refuse)
{
	if ((ev->sqe->cdw10 & 0xff) != NVMET_FEAT_ARBITRATION)
		return NVMET_EMU_CONTINUE;
	if (ev->sqe->opc == NVMET_ADM_GET_FEATURES && ev->sqe->features.sel == NVMET_SEL_SUPPORTED) {
		ev->cqe->status = 0;
		ev->cqe->dw0 = 0;	/* not saveable, not per namespace, not changeable */
		return NVMET_EMU_HANDLED;
	}
	if (ev->sqe->opc == NVMET_ADM_SET_FEATURES && refuse) {
		ev->cqe->status = NVMET_STATUS(NVMET_SCT_CMD_SPECIFIC,
					       NVMET_SC_FEATURE_NOT_CHANGEABLE, 1);
		return NVMET_EMU_HANDLED;
	}
	return NVMET_EMU_CONTINUE;
}

static int arbitration_changed(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	return arbitration_fixed_as(ev, false);
}

static int arbitration_fixed(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	return arbitration_fixed_as(ev, true);
}

static int old_vs(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	if (ev->offset == NVMET_REG_VS)
		ev->value = VS_2_0;
	return NVMET_EMU_CONTINUE;
}

static int short_sgl_ok(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	return succeed_instead(ev, NVMET_SCT_GENERIC, NVMET_SC_SGL_LENGTH);
}

static int delete_cq_ignored(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)emu;
	(void)arg;
	if (ev->sqe->opc != NVMET_ADM_DELETE_CQ)
		return NVMET_EMU_CONTINUE;
	ev->cqe->status = 0;
	return NVMET_EMU_HANDLED;
}

/* Identify says no reservations (ONCS bit 5, RESCAP), though the commands still run. */
static int resv_hidden(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	static const uint8_t none;
	uint8_t oncs = 0;

	(void)arg;
	if (ev->sqe->opc != NVMET_ADM_IDENTIFY || ev->cqe->status)
		return NVMET_EMU_CONTINUE;
	if ((ev->sqe->cdw10 & 0xff) == NVMET_CNS_CTRL &&
	    nvmet_emu_data_read(emu, ev->sqe, 4096, ID_ONCS, &oncs, 1) == 1) {
		oncs &= (uint8_t)~ONCS_RESV;
		nvmet_emu_data_write(emu, ev->sqe, 4096, ID_ONCS, &oncs, 1);
	} else if ((ev->sqe->cdw10 & 0xff) == NVMET_CNS_NS) {
		nvmet_emu_data_write(emu, ev->sqe, 4096, IDNS_RESCAP, &none, 1);
	}
	return NVMET_EMU_CONTINUE;
}

/* Zero @n bytes at @off of a successful Reservation Report's data. */
static int report_zeroed(struct nvmet_emu *emu, struct nvmet_emu_event *ev, size_t off, size_t n)
{
	static const uint8_t zero[2];

	if (ev->sqe->opc == NVMET_CMD_RESV_REPORT && !ev->cqe->status)
		nvmet_emu_data_write(emu, ev->sqe, ((size_t)ev->sqe->cdw10 + 1) * 4, off, zero, n);
	return NVMET_EMU_CONTINUE;
}

static int report_no_registrant(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)arg;
	return report_zeroed(emu, ev, REPORT_REGCTL, 2);
}

static int report_no_rtype(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	(void)arg;
	return report_zeroed(emu, ev, REPORT_RTYPE, 1);
}

static int qemu_identity(struct nvmet_emu *emu, struct nvmet_emu_event *ev, void *arg)
{
	static const uint8_t vid[2] = { 0x36, 0x1b };
	char mn[40];

	(void)arg;
	if (ev->sqe->opc != NVMET_ADM_IDENTIFY || (ev->sqe->cdw10 & 0xff) != NVMET_CNS_CTRL ||
	    ev->cqe->status)
		return NVMET_EMU_CONTINUE;
	memset(mn, ' ', sizeof(mn));
	memcpy(mn, "QEMU NVMe Ctrl", 14);
	nvmet_emu_data_write(emu, ev->sqe, 4096, ID_VID, vid, sizeof(vid));
	nvmet_emu_data_write(emu, ev->sqe, 4096, ID_MN, mn, sizeof(mn));
	return NVMET_EMU_CONTINUE;
}

static const struct breakage {
	const char *clause;
	const char *tap;
	nvmet_emu_tap_fn fn;
} breakages[] = {
	{ "identify-ctrl-entry-sizes", "nvme:admin:writeback", big_sqes },
	{ "read-lba-out-of-range", "nvme:io:writeback", read_range_ok },
	{ "temperature-threshold", "nvme:admin:decode", temp_dropped },
	{ "arbitration-changed", "nvme:admin:decode", arbitration_changed },
	{ "arbitration-fixed", "nvme:admin:decode", arbitration_fixed },
	{ "vs-matches-identify", "nvme:regread:writeback", old_vs },
	{ "sgl-length-short", "nvme:io:writeback", short_sgl_ok },
	{ "delete-cq-with-sq", "nvme:admin:decode", delete_cq_ignored },
	{ "unsupported-commands", "nvme:admin:writeback", resv_hidden },
	{ "register-report", "nvme:io:writeback", report_no_registrant },
	{ "acquire-release", "nvme:io:writeback", report_no_rtype },
	{ "qemu-identity", "nvme:admin:writeback", qemu_identity },
};

#define NBREAKAGES	(sizeof(breakages) / sizeof(breakages[0]))

int nvmet_plugin_setup(struct nvmet_emu *emu, const char *args, void **priv)
{
	char clause[64];
	size_t i;
	int ret = nvmet_emu_args_check(args, keys);

	if (ret)
		return ret;
	if (nvmet_emu_arg_str(args, "clause", clause, sizeof(clause)))
		return nvmet_emu_plugin_error("clause= is required");
	for (i = 0; i < NBREAKAGES; i++) {
		if (!strcmp(clause, breakages[i].clause))
			break;
	}
	if (i == NBREAKAGES)
		return nvmet_emu_plugin_error("clause=%s: no such breakage", clause);
	ret = nvmet_emu_attach(emu, breakages[i].tap, breakages[i].fn, NULL);
	if (ret)
		return ret;
	*priv = (void *)&breakages[i];
	return 0;
}

void nvmet_plugin_teardown(struct nvmet_emu *emu, void *priv)
{
	const struct breakage *b = priv;

	nvmet_emu_detach(emu, b->tap, b->fn, NULL);
}
