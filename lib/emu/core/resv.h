/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * resv.h - reservations of the emulated controller's namespaces (NVMe
 * Base 2.0 7.2-7.5 and 8.19): the state a namespace keeps, and the four
 * commands that change and report it.
 */
#ifndef NVMET_EMU_RESV_H
#define NVMET_EMU_RESV_H

#include <stdbool.h>
#include <stdint.h>

#include <nvmet/nvme.h>

#include "support/compiler.h"

struct nvmet_emu;
struct emu_ns;

/*
 * RESCAP of every namespace: Write Exclusive, Exclusive Access and their
 * Registrants Only and All Registrants types, and IEKEY as 1.3 defines
 * it; no Persist Through Power Loss (bit 0).
 */
#define EMU_RESCAP		0xfeu

/**
 * struct emu_resv - a namespace's registration and reservation
 * @registered: the host is a registrant
 * @key: its reservation key
 * @rtype: the reservation's type (an NVMET_RTYPE_ value), 0 when none;
 *	with one host, a reservation is held by it
 * @gen: Reservation Report's generation, counting registrations
 *	and preemptions
 *
 * The controller serves one host at a time (one association), so a
 * namespace has at most one registrant, the host, and its reservation is
 * that host's: nothing conflicts with the holder's own commands, so I/O
 * needs no reservation check.
 */
struct emu_resv {
	bool registered;
	uint64_t key;
	uint8_t rtype;
	uint32_t gen;
};

/**
 * emu_resv_exec() - run a reservation command on namespace @ns
 * @emu: the controller
 * @sqe: Reservation Register, Report, Acquire or Release
 * @ns: its namespace, active
 *
 * Return: the command's status (0 on success).
 */
NVMET_HIDDEN uint16_t emu_resv_exec(struct nvmet_emu *emu, const struct nvmet_sqe *sqe,
				    struct emu_ns *ns);

/**
 * emu_resv_forget() - every namespace's registration and reservation gone
 * @emu: the controller
 *
 * With power: RESCAP has no Persist Through Power Loss (a controller
 * reset keeps them). And with the host's association, over a fabric: the
 * controller keeps one registrant and no host identity, so what host A
 * registered would otherwise pass to the next host B, which could not
 * register (its key would conflict with A's) yet could act with A's key.
 * This emulator's choice, rather than telling hosts apart by HOSTID: a
 * host's registrations and reservations end with its association, as
 * though it unregistered as it left.
 */
NVMET_HIDDEN void emu_resv_forget(struct nvmet_emu *emu);

#endif /* NVMET_EMU_RESV_H */
