// SPDX-License-Identifier: GPL-2.0
/*
 * admin.c - the admin command set group: Identify, Get Log Page, Abort,
 * Keep Alive and the answer to an opcode the controller does not have
 * (NVMe Base 2.0 chapter 5).
 */
#include <string.h>

#include "conformance.h"

#define ID_BYTES	4096u
#define FW_LOG_BYTES	512u
#define ID_SN		4
#define ID_MN		24
#define ID_FR		64
/* A log page identifier Base 2.0 reserves, and an admin opcode it reserves. */
#define LID_RESERVED	0xa0
#define OPC_RESERVED	0x3f
/* A CNS value Base 2.0 reserves. */
#define CNS_RESERVED	0x3f

/* Identify @cns for @nsid into a new buffer; NULL (the test failed) when it could not run. */
static struct nvmet_buf *identify(struct cf *t, uint8_t cns, uint32_t nsid,
				  struct nvmet_cqe *cqe)
{
	struct nvmet_buf *buf = cf_buf(t, ID_BYTES, "identify");
	int ret;

	if (!buf)
		return NULL;
	memset(buf->va, 0xa5, ID_BYTES);
	ret = nvmet_admin_identify_sync(t->ctrl, cns, nsid, NULL, buf, cqe);
	if (ret) {
		cf_fail(t, "Identify CNS %02xh: %s", cns, strerror(-ret));
		return NULL;
	}
	return buf;
}

static struct nvmet_buf *get_log(struct cf *t, uint8_t lid, uint32_t nsid, size_t len,
				 struct nvmet_cqe *cqe)
{
	struct nvmet_buf *buf = cf_buf(t, len, "log");
	int ret;

	if (!buf)
		return NULL;
	ret = nvmet_admin_get_log_page_sync(t->ctrl, lid, nsid, NULL, buf, len, cqe);
	if (ret) {
		cf_fail(t, "Get Log Page %02xh: %s", lid, strerror(-ret));
		return NULL;
	}
	return buf;
}

static void identify_ctrl_entry_sizes(struct cf *t)
{
	uint8_t sqes = nvmet_id_ctrl_sqes(t->id), cqes = nvmet_id_ctrl_cqes(t->id);

	CF_CHECK(t, (sqes & 0xf) == 6, "SQES required size is 2^%u bytes, not 64 (6)", sqes & 0xf);
	CF_CHECK(t, (sqes >> 4) >= (sqes & 0xf), "SQES maximum 2^%u is below the required 2^%u",
		 sqes >> 4, sqes & 0xf);
	CF_CHECK(t, (cqes & 0xf) == 4, "CQES required size is 2^%u bytes, not 16 (4)", cqes & 0xf);
	CF_CHECK(t, (cqes >> 4) >= (cqes & 0xf), "CQES maximum 2^%u is below the required 2^%u",
		 cqes >> 4, cqes & 0xf);
}

/* @len bytes at @off of Identify Controller: ASCII, left justified, padded with spaces. */
static void check_ascii(struct cf *t, const char *field, size_t off, size_t len)
{
	size_t i, end = len;

	while (end && t->id[off + end - 1] == ' ')
		end--;
	CF_CHECK(t, end > 0, "%s is empty (all spaces)", field);
	for (i = 0; i < len; i++) {
		CF_CHECK(t, t->id[off + i] >= 0x20 && t->id[off + i] <= 0x7e,
			 "%s byte %zu is %02xh, not printable ASCII (padding is spaces, not NULs)",
			 field, i, t->id[off + i]);
	}
	CF_CHECK(t, t->id[off] != ' ', "%s is not left justified", field);
}

static void identify_ctrl_strings(struct cf *t)
{
	check_ascii(t, "SN", ID_SN, 20);
	check_ascii(t, "MN", ID_MN, 40);
	check_ascii(t, "FR", ID_FR, 8);
}

static void identify_ctrl_type(struct cf *t)
{
	uint32_t ver = nvmet_id_ctrl_ver(t->id);

	if (ver < 0x10400)
		CF_SKIP(t, "VER %08xh is below 1.4, where CNTRLTYPE was introduced", ver);
	CF_CHECK(t, nvmet_id_ctrl_cntrltype(t->id) == 1,
		 "CNTRLTYPE is %u: a controller that runs I/O commands reports 1 (I/O controller)",
		 nvmet_id_ctrl_cntrltype(t->id));
}

static void identify_active_ns_list(struct cf *t)
{
	uint32_t nn = nvmet_id_ctrl_nn(t->id), prev = 0, nsid;
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf = identify(t, NVMET_CNS_NS_ACTIVE_LIST, 0, &cqe);
	const uint8_t *d;
	unsigned int i;

	if (!buf)
		return;
	CF_CHECK_OK(t, cqe, "Identify CNS 02h");
	d = buf->va;
	for (i = 0; i < ID_BYTES / 4; i++) {
		nsid = (uint32_t)d[4 * i] | (uint32_t)d[4 * i + 1] << 8 |
		       (uint32_t)d[4 * i + 2] << 16 | (uint32_t)d[4 * i + 3] << 24;
		if (!nsid)
			break;
		CF_CHECK(t, nsid > prev, "entry %u (%u) is not above the one before (%u): "
			 "the list is in increasing order", i, nsid, prev);
		CF_CHECK(t, nsid <= nn, "entry %u (%u) is above NN (%u)", i, nsid, nn);
		prev = nsid;
	}
	for (; i < ID_BYTES / 4; i++) {
		CF_CHECK(t, !d[4 * i] && !d[4 * i + 1] && !d[4 * i + 2] && !d[4 * i + 3],
			 "entry %u is not zero after the list ended", i);
	}
}

/* The lowest NSID in 1..NN that is not active, 0 when every one is. */
static uint32_t inactive_nsid(struct cf *t)
{
	uint32_t nn = nvmet_id_ctrl_nn(t->id), nsids[1024];
	int n = nvmet_ctrl_ns_list(t->ctrl, nsids, 1024), i;
	uint32_t want = 1;

	if (n < 0) {
		cf_fail(t, "the active namespace list: %s", strerror(-n));
		return 0;
	}
	for (i = 0; i < n && nsids[i] == want; i++)
		want++;
	return want <= nn ? want : 0;
}

static void identify_ns_inactive(struct cf *t)
{
	uint32_t nsid = inactive_nsid(t);
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf;
	const uint8_t *d;
	size_t i;

	if (t->result != CF_PASS)
		return;
	if (!nsid)
		CF_SKIP(t, "every NSID up to NN (%u) is active", nvmet_id_ctrl_nn(t->id));
	buf = identify(t, NVMET_CNS_NS, nsid, &cqe);
	if (!buf)
		return;
	CF_CHECK_OK(t, cqe, "Identify Namespace of an inactive NSID");
	d = buf->va;
	for (i = 0; i < ID_BYTES; i++)
		CF_CHECK(t, !d[i], "NSID %u is inactive, yet byte %zu of its data is %02xh, not 0",
			 nsid, i, d[i]);
}

static void identify_ns_invalid(struct cf *t)
{
	uint32_t nn = nvmet_id_ctrl_nn(t->id);
	struct nvmet_cqe cqe;

	if (nn >= 0xfffffffe)
		CF_SKIP(t, "NN %u leaves no invalid NSID below FFFFFFFFh", nn);
	if (!identify(t, NVMET_CNS_NS, nn + 1, &cqe))
		return;
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_NS,
			"Identify Namespace of NSID NN+1");
}

static void identify_ns_desc_list(struct cf *t)
{
	/* Length of each Namespace Identifier Type: EUI64, NGUID, UUID, CSI. */
	static const uint8_t nidl[] = { 0, 8, 16, 16, 1 };
	uint32_t ver = nvmet_id_ctrl_ver(t->id);
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf;
	const uint8_t *d;
	unsigned int at = 0, n = 0;

	if (ver < 0x10300)
		CF_SKIP(t, "VER %08xh is below 1.3, where the descriptor list became mandatory", ver);
	buf = identify(t, NVMET_CNS_NS_DESC_LIST, 1, &cqe);
	if (!buf)
		return;
	CF_CHECK_OK(t, cqe, "Identify Namespace Identification Descriptor list of NSID 1");
	d = buf->va;
	while (at + 4 <= ID_BYTES && d[at]) {
		CF_CHECK(t, d[at] < sizeof(nidl), "descriptor %u: NIDT %u is reserved", n, d[at]);
		CF_CHECK(t, d[at + 1] == nidl[d[at]], "descriptor %u: NIDT %u with NIDL %u, not %u",
			 n, d[at], d[at + 1], nidl[d[at]]);
		at += 4 + d[at + 1];
		n++;
	}
	CF_CHECK(t, n > 0, "the list is empty: a namespace has at least one identifier");
}

static void identify_cns_reserved(struct cf *t)
{
	struct nvmet_cqe cqe;

	if (!identify(t, CNS_RESERVED, 0, &cqe))
		return;
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_FIELD,
			"Identify with a reserved CNS");
}

static void log_smart(struct cf *t)
{
	struct nvmet_cqe cqe;

	if (!get_log(t, NVMET_LOG_SMART, 0xffffffff, 512, &cqe))
		return;
	CF_CHECK_OK(t, cqe, "Get Log Page SMART / Health Information for NSID FFFFFFFFh");
}

static void log_error(struct cf *t)
{
	size_t entries = (size_t)nvmet_id_ctrl_elpe(t->id) + 1;
	struct nvmet_cqe cqe;

	if (!get_log(t, NVMET_LOG_ERROR, 0, 64 * (entries < 64 ? entries : 64), &cqe))
		return;
	CF_CHECK_OK(t, cqe, "Get Log Page Error Information");
}

static void log_fw_slot(struct cf *t)
{
	unsigned int nofs = (nvmet_id_ctrl_frmw(t->id) >> 1) & 0x7, afi;
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf = get_log(t, NVMET_LOG_FW_SLOT, 0xffffffff, FW_LOG_BYTES, &cqe);
	const uint8_t *d;

	if (!buf)
		return;
	CF_CHECK_OK(t, cqe, "Get Log Page Firmware Slot Information");
	d = buf->va;
	afi = d[0] & 0x7;
	CF_CHECK(t, afi >= 1 && afi <= nofs, "AFI names slot %u; FRMW says slots 1..%u", afi, nofs);
	CF_CHECK(t, !memcmp(d + 8 * afi, t->id + ID_FR, 8),
		 "the active slot's revision '%.8s' is not Identify Controller's FR '%.8s'",
		 (const char *)d + 8 * afi, (const char *)t->id + ID_FR);
}

static void log_reserved_lid(struct cf *t)
{
	struct nvmet_cqe cqe;

	if (!get_log(t, LID_RESERVED, 0, 512, &cqe))
		return;
	CF_CHECK_STATUS(t, cqe, NVMET_SCT_CMD_SPECIFIC, NVMET_SC_INVALID_LOG_PAGE,
			"Get Log Page of a reserved log page identifier");
}

static void log_cmd_effects(struct cf *t)
{
	static const uint8_t mandatory[] = {
		NVMET_ADM_GET_LOG_PAGE, NVMET_ADM_IDENTIFY, NVMET_ADM_ABORT,
		NVMET_ADM_SET_FEATURES, NVMET_ADM_GET_FEATURES, NVMET_ADM_ASYNC_EVENT,
	};
	/* A PCIe controller's mandatory commands; a fabrics controller does not support them. */
	static const uint8_t queue_cmds[] = {
		NVMET_ADM_DELETE_SQ, NVMET_ADM_CREATE_SQ, NVMET_ADM_DELETE_CQ, NVMET_ADM_CREATE_CQ,
	};
	bool pcie = cf_is_pcie(t);
	struct nvmet_cqe cqe;
	struct nvmet_buf *buf;
	const uint8_t *d;
	size_t i;

	if (!(nvmet_id_ctrl_lpa(t->id) & 0x2))
		CF_SKIP(t, "LPA bit 1 is clear: no Commands Supported and Effects log");
	buf = get_log(t, NVMET_LOG_CMD_EFFECTS, 0, 4096, &cqe);
	if (!buf)
		return;
	CF_CHECK_OK(t, cqe, "Get Log Page Commands Supported and Effects");
	d = buf->va;
	for (i = 0; i < sizeof(mandatory); i++) {
		CF_CHECK(t, d[4 * mandatory[i]] & 1,
			 "CSUPP is clear for %s (%02xh), a mandatory admin command",
			 nvmet_admin_opcode_name(mandatory[i]), mandatory[i]);
	}
	for (i = 0; i < sizeof(queue_cmds); i++) {
		CF_CHECK(t, !(d[4 * queue_cmds[i]] & 1) == !pcie,
			 "CSUPP is %s for %s (%02xh), which a %s controller %s", pcie ? "clear" : "set",
			 nvmet_admin_opcode_name(queue_cmds[i]), queue_cmds[i],
			 pcie ? "PCIe" : "fabrics", pcie ? "must support" : "does not support");
	}
}

static void opcode_reserved(struct cf *t)
{
	struct nvmet_sqe sqe;

	memset(&sqe, 0, sizeof(sqe));
	sqe.opc = OPC_RESERVED;
	CF_ADMIN_EXPECT(t, &sqe, NVMET_SCT_GENERIC, NVMET_SC_INVALID_OPCODE,
			"an admin command with a reserved opcode");
}

static void abort_not_outstanding(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	/* SQ 0 and a CID the admin queue has not given out. */
	nvmet_cmd_abort(&sqe, 0, 0xfff0);
	cqe = cf_admin(t, &sqe, NULL, 0, NVMET_DIR_NONE);
	CF_CHECK_OK(t, cqe, "Abort of a command that is not outstanding");
	CF_CHECK(t, cqe.dw0 & 1, "Abort DW0 bit 0 is clear (command aborted), but no such "
		 "command was outstanding");
}

static void keep_alive(struct cf *t)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;

	if (!nvmet_id_ctrl_kas(t->id))
		CF_SKIP(t, "KAS is 0: Keep Alive is not supported");
	nvmet_cmd_keep_alive(&sqe);
	cqe = cf_admin(t, &sqe, NULL, 0, NVMET_DIR_NONE);
	CF_CHECK_OK(t, cqe, "Keep Alive");
}

static const struct cf_test tests[] = {
	{ "identify-ctrl-entry-sizes", "Base 2.0 5.17.2.1",
	  "SQES requires 64-byte and CQES 16-byte entries", 0, identify_ctrl_entry_sizes },
	{ "identify-ctrl-strings", "Base 2.0 5.17.2.1",
	  "SN, MN and FR are ASCII, left justified, padded with spaces", 0,
	  identify_ctrl_strings },
	{ "identify-ctrl-type", "Base 2.0 5.17.2.1",
	  "CNTRLTYPE of a controller that runs I/O commands is 1 (I/O controller)", 0,
	  identify_ctrl_type },
	{ "identify-active-ns-list", "Base 2.0 5.17 CNS 02h",
	  "the active NSID list is in increasing order, within NN, zero filled", 0,
	  identify_active_ns_list },
	{ "identify-ns-inactive", "Base 2.0 5.17 CNS 00h",
	  "Identify Namespace of an inactive NSID returns a zero filled structure", 0,
	  identify_ns_inactive },
	{ "identify-ns-invalid", "Base 2.0 5.17",
	  "Identify Namespace of an invalid NSID fails with Invalid Namespace or Format", 0,
	  identify_ns_invalid },
	{ "identify-ns-desc-list", "Base 2.0 5.17 CNS 03h",
	  "the namespace's identifier descriptors have known types of the right lengths", 0,
	  identify_ns_desc_list },
	{ "identify-cns-reserved", "Base 2.0 5.17",
	  "Identify with a reserved CNS fails with Invalid Field in Command", 0,
	  identify_cns_reserved },
	{ "log-smart", "Base 2.0 5.16.1.3",
	  "the SMART / Health Information log is returned for the controller (FFFFFFFFh)", 0,
	  log_smart },
	{ "log-error", "Base 2.0 5.16.1.2",
	  "the Error Information log (ELPE+1 entries) is returned", 0, log_error },
	{ "log-fw-slot", "Base 2.0 5.16.1.4",
	  "AFI names an existing slot whose revision is Identify Controller's FR", 0,
	  log_fw_slot },
	{ "log-reserved-lid", "Base 2.0 5.16",
	  "Get Log Page of a reserved identifier fails with Invalid Log Page", 0,
	  log_reserved_lid },
	{ "log-cmd-effects", "Base 2.0 5.16.1.6",
	  "the Commands Supported and Effects log marks the mandatory admin commands", 0,
	  log_cmd_effects },
	{ "opcode-reserved", "Base 2.0 5 Figure 28",
	  "an admin command with a reserved opcode fails with Invalid Command Opcode", 0,
	  opcode_reserved },
	{ "abort-not-outstanding", "Base 2.0 5.1",
	  "Abort of a command not outstanding succeeds with DW0 bit 0 set (not aborted)", 0,
	  abort_not_outstanding },
	{ "keep-alive", "Base 2.0 5.18", "Keep Alive succeeds where KAS is not 0", 0,
	  keep_alive },
};

const struct cf_group cf_group_admin = {
	"admin", "Admin Command Set", tests, sizeof(tests) / sizeof(tests[0]),
};
