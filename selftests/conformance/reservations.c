// SPDX-License-Identifier: GPL-2.0
/*
 * reservations.c - the reservations group (NVMe Base 2.0 7.2 to 7.5 and
 * 8.19): where ONCS says they are supported, a registration shows in the
 * Reservation Report and a reservation is acquired and released; where it
 * says they are not, the commands are refused as opcodes the controller
 * does not have and no namespace claims reservation capabilities. The
 * report is asked for in the format of the controller's host identifier:
 * the extended one (EDS, 64-byte entries) where CTRATT bit 0 says it is
 * 128 bits, as on fabrics, the 24-byte one otherwise.
 */
#include <string.h>

#include "conformance.h"

#define ONCS_RESV		(1u << 5)
#define REPORT_BYTES		4096u
#define REPORT_RTYPE		4
#define REPORT_REGCTL		5
#define CTRATT_HOSTID128	(1u << 0)
#define KEY			0x6e766d6574636f6eull	/* "nvmetcon" */

static bool supported(const struct cf *t)
{
	return nvmet_id_ctrl_oncs(t->id) & ONCS_RESV;
}

static void unsupported_commands(struct cf *t)
{
	static const uint8_t opcodes[] = {
		NVMET_CMD_RESV_REGISTER, NVMET_CMD_RESV_REPORT, NVMET_CMD_RESV_ACQUIRE,
		NVMET_CMD_RESV_RELEASE,
	};
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	size_t i;

	if (supported(t))
		CF_SKIP(t, "ONCS bit 5 is set: reservations are supported");
	memset(t->out->va, 0, 16);
	for (i = 0; i < sizeof(opcodes); i++) {
		char what[64];

		memset(&sqe, 0, sizeof(sqe));
		sqe.opc = opcodes[i];
		sqe.nsid = nvmet_ns_nsid(t->ns);
		if (opcodes[i] == NVMET_CMD_RESV_REPORT)
			nvmet_cmd_resv_report(&sqe, nvmet_ns_nsid(t->ns), 64, false);
		snprintf(what, sizeof(what), "%s without reservations in ONCS",
			 nvmet_io_opcode_name(opcodes[i]));
		cqe = cf_io(t, t->qp, &sqe, opcodes[i] == NVMET_CMD_RESV_REPORT ? t->in : t->out, 0,
			    opcodes[i] == NVMET_CMD_RESV_REPORT ? 64 : 16);
		CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE, what);
	}
}

static void rescap_without_reservations(struct cf *t)
{
	uint8_t rescap = nvmet_id_ns_rescap(nvmet_ns_id_data(t->ns));

	if (supported(t))
		CF_SKIP(t, "ONCS bit 5 is set: reservations are supported");
	CF_CHECK(t, !rescap, "RESCAP %02xh on a controller whose ONCS has no reservations",
		 rescap);
}

/* Reservation Register action @rrega with keys @crkey and @nrkey: the completion. */
static struct nvmet_cqe resv_register(struct cf *t, unsigned int rrega, uint64_t crkey,
				      uint64_t nrkey)
{
	struct nvmet_sqe sqe;

	nvmet_buf_set_uint(t->out, 0, 7, crkey);
	nvmet_buf_set_uint(t->out, 8, 15, nrkey);
	nvmet_cmd_resv_register(&sqe, nvmet_ns_nsid(t->ns), rrega, false, NVMET_CPTPL_NO_CHANGE);
	return cf_io(t, t->qp, &sqe, t->out, 0, 16);
}

/* Whether the controller's host identifier is 128 bits: the report must be the extended one. */
static bool extended(const struct cf *t)
{
	return nvmet_id_ctrl_ctratt(t->id) & CTRATT_HOSTID128;
}

static struct nvmet_cqe resv_report(struct cf *t)
{
	struct nvmet_sqe sqe;

	memset(t->in->va, 0, REPORT_BYTES);
	nvmet_cmd_resv_report(&sqe, nvmet_ns_nsid(t->ns), REPORT_BYTES, extended(t));
	return cf_io(t, t->qp, &sqe, t->in, 0, REPORT_BYTES);
}

/*
 * Whether the report in t->in lists a registrant with @key: after a
 * 24-byte header, 24-byte entries with the key at 16; extended, 64 and
 * 64 with the key at 8.
 */
static bool report_has_key(struct cf *t, uint64_t key)
{
	size_t first = extended(t) ? 64 : 24, entry = first, rkey = extended(t) ? 8 : 16;
	uint64_t regctl = 0, k = 0, i;

	nvmet_buf_get_uint(t->in, REPORT_REGCTL, REPORT_REGCTL + 1, &regctl);
	for (i = 0; i < regctl && first + (i + 1) * entry <= REPORT_BYTES; i++) {
		size_t at = first + i * entry + rkey;

		nvmet_buf_get_uint(t->in, at, at + 7, &k);
		if (k == key)
			return true;
	}
	return false;
}

static void register_report(struct cf *t)
{
	struct nvmet_cqe cqe;

	if (!supported(t))
		CF_SKIP(t, "ONCS bit 5 is clear: reservations are not supported");
	cqe = resv_register(t, NVMET_RREGA_REGISTER, 0, KEY);
	CF_CHECK_OK(t, cqe, "Reservation Register of a new key");
	cqe = resv_report(t);
	CF_CHECK_OK(t, cqe, "Reservation Report");
	CF_CHECK(t, report_has_key(t, KEY), "the report does not list the key just registered");
	cqe = resv_register(t, NVMET_RREGA_UNREGISTER, KEY, 0);
	CF_CHECK_OK(t, cqe, "Reservation Register, unregister");
	cqe = resv_report(t);
	CF_CHECK_OK(t, cqe, "Reservation Report");
	CF_CHECK(t, !report_has_key(t, KEY), "the report still lists the key unregistered");
}

static void acquire_release(struct cf *t)
{
	uint64_t rtype = 0;
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!supported(t))
		CF_SKIP(t, "ONCS bit 5 is clear: reservations are not supported");
	if (!(nvmet_id_ns_rescap(nvmet_ns_id_data(t->ns)) & (1u << NVMET_RTYPE_WRITE_EXCL)))
		CF_SKIP(t, "RESCAP: namespace 1 has no Write Exclusive reservations");
	cqe = resv_register(t, NVMET_RREGA_REGISTER, 0, KEY);
	CF_CHECK_OK(t, cqe, "Reservation Register of a new key");
	nvmet_buf_set_uint(t->out, 0, 7, KEY);
	nvmet_buf_set_uint(t->out, 8, 15, 0);
	nvmet_cmd_resv_acquire(&sqe, nvmet_ns_nsid(t->ns), NVMET_RACQA_ACQUIRE, false,
			       NVMET_RTYPE_WRITE_EXCL);
	cqe = cf_io(t, t->qp, &sqe, t->out, 0, 16);
	if (nvmet_cqe_ok(&cqe)) {
		cqe = resv_report(t);
		nvmet_buf_get_uint(t->in, REPORT_RTYPE, REPORT_RTYPE, &rtype);
		nvmet_cmd_resv_release(&sqe, nvmet_ns_nsid(t->ns), NVMET_RRELA_RELEASE, false,
				       NVMET_RTYPE_WRITE_EXCL);
		nvmet_buf_set_uint(t->out, 0, 7, KEY);
		cf_io(t, t->qp, &sqe, t->out, 0, 8);
	}
	resv_register(t, NVMET_RREGA_UNREGISTER, KEY, 0);
	CF_CHECK_OK(t, cqe, "Reservation Acquire of Write Exclusive, then Reservation Report");
	CF_CHECK(t, rtype == NVMET_RTYPE_WRITE_EXCL,
		 "the report's RTYPE is %llu after Write Exclusive (1) was acquired",
		 (unsigned long long)rtype);
}

static const struct cf_test tests[] = {
	{ "unsupported-commands", "Base 2.0 7.2-7.5",
	  "without reservations in ONCS, their commands fail with Invalid Command Opcode",
	  CF_NEED_QP, unsupported_commands },
	{ "rescap-without-reservations", "NVM 1.0 4.1.5.1",
	  "without reservations in ONCS, a namespace's RESCAP is 0", CF_NEED_NS,
	  rescap_without_reservations },
	{ "register-report", "Base 2.0 7.3 / 7.5",
	  "a registered key is listed by Reservation Report, and gone once unregistered",
	  CF_NEED_QP, register_report },
	{ "acquire-release", "Base 2.0 7.2 / 7.4",
	  "an acquired Write Exclusive reservation shows in the report's RTYPE", CF_NEED_QP,
	  acquire_release },
};

const struct cf_group cf_group_reservations = {
	"reservations", "Reservations", tests, sizeof(tests) / sizeof(tests[0]),
};
