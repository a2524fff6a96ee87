// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * cmd_io.c - builders of the NVM command set's reservation commands (the
 * builders of the I/O path are inline in <nvmet/cmd.h>).
 */
#include "cmd_priv.h"

void nvmet_cmd_resv_register(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrega,
			     bool iekey, unsigned int cptpl)
{
	sqe_init(sqe, NVMET_CMD_RESV_REGISTER, nsid);
	sqe->resv.action = rrega & 7;
	sqe->resv.iekey = iekey;
	sqe->resv.cptpl = cptpl & 3;
}

void nvmet_cmd_resv_report(struct nvmet_sqe *sqe, uint32_t nsid, uint64_t len, bool eds)
{
	sqe_init(sqe, NVMET_CMD_RESV_REPORT, nsid);
	sqe->cdw10 = bytes_to_numd(len);
	sqe->cdw11 = eds;
}

static void resv_action(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid, unsigned int action,
			bool iekey, uint8_t rtype)
{
	sqe_init(sqe, opc, nsid);
	sqe->resv.action = action & 7;
	sqe->resv.iekey = iekey;
	sqe->resv.rtype = rtype;
}

void nvmet_cmd_resv_acquire(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int racqa, bool iekey,
			    uint8_t rtype)
{
	resv_action(sqe, NVMET_CMD_RESV_ACQUIRE, nsid, racqa, iekey, rtype);
}

void nvmet_cmd_resv_release(struct nvmet_sqe *sqe, uint32_t nsid, unsigned int rrela, bool iekey,
			    uint8_t rtype)
{
	resv_action(sqe, NVMET_CMD_RESV_RELEASE, nsid, rrela, iekey, rtype);
}
