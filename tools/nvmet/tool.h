/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * tool.h - the nvmet tool's subcommand table and shared helpers.
 */
#ifndef NVMET_TOOL_H
#define NVMET_TOOL_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <nvmet/names.h>
#include <nvmet/nvmet.h>

/* Exit status: 0 done, 1 the device or a command failed, 2 bad usage. */
#define EXIT_FAIL	1
#define EXIT_USAGE	2

/* What nvmet_getopt() returns besides an option's value and -1. */
#define OPT_HELP	(-2)
#define OPT_BAD		(-3)

/* What nvmet_getopt() returns for --plugin (handled there). */
#define OPT_PLUGIN	0x400

/* The help that every DEV argument of a command that needs the module shares. */
#define DEV_HELP \
	"DEV is /dev/nvmetestN, nvmetestN or the PCI address (DDDD:BB:DD.F) of a\n" \
	"function bound to nvmetest.\n"

/* The same for the commands that also work on the emulated controller. */
#define EMU_DEV_HELP \
	"DEV is /dev/nvmetestN, nvmetestN or the PCI address (DDDD:BB:DD.F) of a\n" \
	"function bound to nvmetest, or emu:OPTIONS for the emulated controller (see\n" \
	"nvmet(1); 'emu' alone for its defaults, e.g. emu:ns=2,lba=4096). The emulated\n" \
	"controller lives in this process: each invocation gets a fresh one, so nothing\n" \
	"done to it is kept. --plugin NAME[:ARGS] (repeatable) loads a plug-in into it,\n" \
	"as plugin=NAME[:ARGS] in DEV does: a path, or a name (vendor_sum) looked for in\n" \
	"$NVMET_PLUGIN_PATH, the build tree's plugins/, then PREFIX/lib/nvmet/plugins.\n" \
	"DEV may also be tcp:ADDR[:PORT]/SUBNQN[,hostnqn=,hostid=,hdgst=1,ddgst=1,kato=MS,\n" \
	"capture=FILE] for an NVMe/TCP controller (port 4420 by default; IPv6 in\n" \
	"brackets); capture=FILE writes every PDU sent and received to a pcapng file.\n"

/**
 * struct cmd - one subcommand
 * @name: as typed
 * @args: synopsis after the name
 * @summary: one line for the top-level help
 * @help: description and options, for "nvmet NAME --help"
 * @run: the subcommand; argv[0] is @name; returns the exit status
 * @emu: DEV may be the emulated controller, and --plugin is taken
 */
struct cmd {
	const char *name;
	const char *args;
	const char *summary;
	const char *help;
	int (*run)(const struct cmd *cmd, int argc, char **argv);
	bool emu;
};

/**
 * struct tdev - an open DEV: a controller bound to the nvmetest module, or
 * the emulated controller; exactly one of @kdev and @ctrl is set
 * @kdev: the module's device
 * @ctrl: the emulated controller, opened and initialized through libnvmet
 * @addr: the address @ctrl was opened with, --plugin included
 * @name: DEV as given on the command line
 */
struct tdev {
	struct nvmet_kdev *kdev;
	struct nvmet_ctrl *ctrl;
	char *addr;
	const char *name;
};

extern const struct cmd cmd_list, cmd_bind, cmd_unbind;
extern const struct cmd cmd_info, cmd_regs;
extern const struct cmd cmd_reg_read, cmd_reg_write, cmd_cfg_read, cmd_cfg_write;
extern const struct cmd cmd_id_ctrl, cmd_id_ns, cmd_admin;
extern const struct cmd cmd_list_ns;
extern const struct cmd cmd_smart_log, cmd_error_log, cmd_fw_log, cmd_effects_log;
extern const struct cmd cmd_self_test_log, cmd_sanitize_log, cmd_get_log;
extern const struct cmd cmd_get_feature, cmd_set_feature;
extern const struct cmd cmd_format, cmd_sanitize, cmd_fw_download, cmd_fw_commit;
extern const struct cmd cmd_device_self_test, cmd_create_ns, cmd_delete_ns, cmd_attach_ns;
extern const struct cmd cmd_detach_ns, cmd_subsystem_reset, cmd_show_regs;
extern const struct cmd cmd_reset, cmd_irq, cmd_cmdlog, cmd_rw;
extern const struct cmd cmd_status, cmd_events;
extern const struct cmd cmd_serve;
extern const struct cmd cmd_top;

void cmd_usage(const struct cmd *cmd, FILE *f);
int nvmet_getopt(const struct cmd *cmd, int argc, char **argv, const struct option *opts);
/* The same with short options beside -h ("n:bH"), as nvme-cli's commands have them. */
int nvmet_getopt_short(const struct cmd *cmd, int argc, char **argv, const char *shortopts,
		       const struct option *opts);
int opt_exit(int c);
int need_args(const struct cmd *cmd, int argc, char **argv, int min, int max);

/**
 * struct cmd_opts - the options of a subcommand whose only argument is DEV
 * @shortopts: the short options beside -h, in getopt's spelling ("n:bH")
 * @opts: the long options, --help among them
 * @take: takes one option: @c as nvmet_getopt_short() returned it (never
 *	OPT_HELP or OPT_BAD), @arg its value or NULL, @ctx the command's;
 *	returns 0, or EXIT_USAGE with the bad value reported. NULL: the
 *	command has no option but --help
 * @check: after every option and DEV's presence, before DEV is opened:
 *	what the options say together (and anything the command reads
 *	first); returns 0 or the exit status, reported. May be NULL
 * @forms: the output forms the command offers (OUT_ALL, OUT_NO_BINARY;
 *	out.h), 0 for none: -o, -b and -H are then taken before @take sees
 *	them, into the struct out that @ctx starts with
 */
struct cmd_opts {
	const char *shortopts;
	const struct option *opts;
	int (*take)(const struct cmd *cmd, int c, const char *arg, void *ctx);
	int (*check)(const struct cmd *cmd, void *ctx);
	unsigned int forms;
};

/*
 * Parses a DEV command's command line by @o (NULL: --help only) into @ctx.
 * Return: -1 to go on, DEV at argv[optind]; else the exit status (0 after
 * --help).
 */
int parse_dev_args(const struct cmd *cmd, int argc, char **argv, const struct cmd_opts *o,
		   void *ctx);
/* The same, then DEV opened: -1 with *dev open (tdev_close() it), else the exit status. */
int open_dev_args(const struct cmd *cmd, int argc, char **argv, const struct cmd_opts *o,
		  void *ctx, struct tdev *dev);

int usage_error(const struct cmd *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int fail(const struct cmd *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int errno_fail(const struct cmd *cmd, const char *what, int ret);

int parse_u64(const struct cmd *cmd, const char *what, const char *s, uint64_t max,
	      uint64_t *out);
int parse_u32(const struct cmd *cmd, const char *what, const char *s, uint32_t max,
	      uint32_t *out);
int bdf_normalize(const char *s, char bdf[static 13]);
int parse_bdf(const struct cmd *cmd, const char *s, char bdf[static 13]);

/* DEV names the emulated controller: "emu" or "emu:..." */
bool is_emu(const char *name);
/* Records a --plugin NAME[:ARGS]; returns 0 or EXIT_USAGE. */
int plugin_add(const struct cmd *cmd, const char *spec);
/* Whether --plugin was given; a command that cannot use it says so. */
bool have_plugins(void);
/* "emu:OPTIONS" (from DEV emu[:OPTIONS]) with a plugin= option for each --plugin; malloc'd. */
char *emu_address(const char *name);
/* Reports a command the emulated controller cannot do; returns EXIT_FAIL. */
int not_on_emu(const struct cmd *cmd, const char *what);

/* Opens a module device only; the emulated controller is refused. */
int open_dev(const struct cmd *cmd, const char *name, struct nvmet_kdev **dev);
/* Opens DEV, module or emulator. Returns 0, EXIT_FAIL or EXIT_USAGE, reported. */
int tdev_open(const struct cmd *cmd, const char *name, struct tdev *dev);
void tdev_close(struct tdev *dev);
int get_info(const struct cmd *cmd, struct nvmet_kdev *dev, struct nvmetest_info *info);
int identify(const struct cmd *cmd, struct tdev *dev, uint8_t cns, uint32_t nsid, void *buf);
/*
 * One admin command through tdev_admin(), its failure reported on one line
 * that names @what ("Get Log Page (SMART / Health, LID 02h)"): an errno, a
 * timeout, or the error status the controller gave. Return: 0 when the
 * command completed successfully (@cqe, which may be NULL, has it), else
 * EXIT_FAIL.
 */
int admin_checked(const struct cmd *cmd, struct tdev *dev, const char *what,
		  const struct nvmet_sqe *sqe, void *data, size_t len, int to_dev,
		  uint32_t timeout_ms, struct nvmet_cqe *cqe);
/* What admin_checked() reports, for a command sent with tdev_admin() (@ret its return). */
int admin_report(const struct cmd *cmd, const char *what, int ret, const struct nvmet_cqe *cqe);
/*
 * DEV's name in output headers, as nvme-cli names "nvme0": "nvmetest0",
 * "emu", and an NVMe/TCP controller's subsystem NQN.
 */
const char *tdev_name(const struct tdev *dev);
/*
 * A controller over a fabric (NVMe/TCP): its registers are properties, of
 * which it has only CAP, VS, CC, CSTS and (with CAP.NSSRS) NSSR.
 */
bool tdev_fabrics(const struct tdev *dev);
/* The index of @ns's LBA format of @bytes without metadata, or -1. */
int lbaf_by_size(const uint8_t *ns, uint64_t bytes);
/* Identify Namespace into 4096 bytes at @buf; a namespace that is not active fails. */
int identify_ns(const struct cmd *cmd, struct tdev *dev, uint32_t nsid, void *buf);

/* What both kinds of DEV do; 0 or a negative errno, as libnvmet. */
int tdev_reg_read(struct tdev *dev, uint32_t offset, unsigned int width, uint64_t *val);
int tdev_reg_write(struct tdev *dev, uint32_t offset, unsigned int width, uint64_t val);
int tdev_cfg_read(struct tdev *dev, uint32_t offset, unsigned int width, uint32_t *val);
int tdev_cfg_write(struct tdev *dev, uint32_t offset, unsigned int width, uint32_t val);
/*
 * One admin command with @len bytes at @data (to the controller when
 * @to_dev), waited for; @timeout_ms 0 for the default. A timeout gives an
 * all-ones @cqe.
 */
int tdev_admin(struct tdev *dev, const struct nvmet_sqe *sqe, void *data, size_t len,
	       int to_dev, uint32_t timeout_ms, struct nvmet_cqe *cqe);
int tdev_reset(struct tdev *dev);
int tdev_nr_vectors(struct tdev *dev, unsigned int *n);
int tdev_irq_get(struct tdev *dev, unsigned int vector, uint64_t *count, int *masked);
/* -EOPNOTSUPP on the emulated controller, whose counts start at 0 anyway. */
int tdev_irq_clear(struct tdev *dev, unsigned int vector);

void hexdump(const void *buf, size_t len);

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return get_le16(p) | (uint32_t)get_le16(p + 2) << 16;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

#endif /* NVMET_TOOL_H */
