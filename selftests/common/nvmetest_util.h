/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nvmetest_util.h - helpers shared by the nvmetest selftests: finding the
 * device, building commands, running the common admin commands, and the
 * plumbing of the I/O tests. Nothing here knows about the kselftest
 * harness (see nvmetest_harness.h); every function returns 0 or a negative
 * errno unless it says otherwise. Names start with st_ (selftest), apart
 * from the module's nvmetest_ symbols and the ABI's NVMETEST_ names.
 */
#ifndef NVMETEST_UTIL_H
#define NVMETEST_UTIL_H

#include <stddef.h>
#include <stdint.h>

#include <nvmet/nvmet.h>

#define ST_DEFAULT_DEV	"/dev/nvmetest0"
/* The tests build PRPs for 4 KiB controller pages (CC.MPS 0). */
#define ST_PAGE		4096u
#define ST_IO_TIMEOUT_MS	5000u
#define ST_NSID		1u

/* QEMU's emulated controller, the one the VM runs the tests against. */
#define ST_QEMU_VID	0x1b36
#define ST_QEMU_SERIAL	"NVMETEST0001"
#define ST_QEMU_MODEL	"QEMU NVMe Ctrl"

/* Status code type and status code as NVMET_CQE_STATUS() gives them. */
#define ST_SC(sct, sc)	((unsigned int)((sct) << 8 | (sc)))

/* Status of a queue ioctl (CQE DW3 bits 31:17) as the CQE's 16-bit status half-word. */
#define ST_QSTATUS(st)	((uint16_t)((st) << 1))

/*
 * I/O queue ids by test file, so that no two files use the same one even if
 * one leaves a queue behind.
 */
enum {
	ST_QID_IOQUEUE = 1,	/* and 2 */
	ST_QID_IRQ = 3,		/* and 4 */
	ST_QID_SHARED = 5,	/* and 6 */
	ST_QID_BADARGS = 7,	/* and 8 */
	ST_QID_REMOVAL = 9,
	ST_QID_FALLBACK = 10,
	ST_QID_PCI_RESET = 12,
	ST_QID_NETLINK = 13,	/* and 14 */
	ST_QID_SLOTS = 15,
	ST_QID_GRANT = 16,
	ST_QID_TOP = 17,	/* and 18 */
};

/*
 * The path of an emulated-controller plug-in built with the tests:
 * BUILD/plugins/NAME.so next to BUILD/selftests. 0, or -ENOENT when it
 * is not there.
 */
int st_plugin_path(const char *name, char *path, size_t len);

/* The device node under test: $NVMETEST_DEV, else /dev/nvmetest0. */
const char *st_dev_path(void);

/* What a device under test is: a module's device, the emulated controller, NVMe/TCP. */
enum st_dev_kind { ST_DEV_MODULE, ST_DEV_EMU, ST_DEV_TCP };
enum st_dev_kind st_dev_kind(const char *dev);

/*
 * Whether @dev is there to test, as far as can be told before opening it:
 * 0 for the emulated controller and a tcp: address (opening says the
 * rest), else a module's device node this process may read and write, or
 * -errno.
 */
int st_dev_present(const char *dev);

/* An environment variable when it is set and not empty, else NULL. */
const char *st_env(const char *name);

/* Whether a failure to open the device means there is none to test (1) or not (0). */
int st_open_err_is_absent(int err);

/* ioctl() returning 0 or a negative errno. */
int st_ioctl(int fd, unsigned long req, void *arg);

uint64_t st_now_ns(void);
void st_sleep_ms(unsigned int ms);

/* @len bytes of @src without the trailing spaces (and NULs), NUL terminated in @dst. */
void st_trim(char *dst, const void *src, size_t len);

/* Whether @len bytes at @p are all @byte (1) or not (0). */
int st_all_bytes(const void *p, size_t len, uint8_t byte);

/* A pattern that differs for every 32-bit word of every (@seed, offset). */
void st_fill(void *p, size_t len, uint32_t seed);
/* The byte offset of the first word differing from the pattern, or -1. */
long st_check(const void *p, size_t len, uint32_t seed);

uint16_t st_le16(const void *p);
uint32_t st_le32(const void *p);
uint64_t st_le64(const void *p);

/* A zeroed SQE with opcode @opc and namespace @nsid. */
void st_sqe(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid);

/* A passthrough request for @sqe, with no data. */
void st_admin_init(struct nvmetest_admin_cmd *cmd, const struct nvmet_sqe *sqe);

/* The status half-word of a completion returned in nvmetest_admin_cmd.cqe. */
uint16_t st_admin_status(const struct nvmetest_admin_cmd *cmd);
/* The SQE's opcode and CID, as stored in the u32 words of the ABI. */
uint8_t st_sqe_words_opc(const uint32_t *sqe);
uint16_t st_sqe_words_cid(const uint32_t *sqe);

/* A passthrough request for Identify Controller into @data (4096 bytes of user memory). */
void st_identify_req(struct nvmetest_admin_cmd *cmd, void *data);

/*
 * Identify (CNS @cns) into @data (4096 bytes) through user memory; the CQE
 * status half-word in @status. Returns the ioctl's result.
 */
int st_identify(struct nvmet_kdev *dev, uint8_t cns, uint32_t nsid, void *data,
		uint16_t *status);

/*
 * Whether the controller answers: 0 when an Identify Controller completed
 * with success and a non-zero VID, -EIO when it did not, or the ioctl's
 * negative errno.
 */
int st_identify_works(struct nvmet_kdev *dev);

/*
 * Identify Controller through the module, its data into the DMA buffer @buf
 * at @offset (@len bytes given); the ioctl's result, the CQE status
 * half-word in *status.
 */
int st_identify_into_buf(struct nvmet_kdev *dev, const struct nvmet_dmabuf *buf,
			 uint32_t offset, uint32_t len, uint16_t *status);

/*
 * Admin command @opc (CDW10 @cdw10, CDW11 @cdw11) with no data through the
 * module and the SQE's own pointers @prp1, @prp2 and @mptr, sent with
 * passthrough @flags (0, or NVMETEST_ADMIN_RAW_DPTR for the pointers to go
 * as given); the ioctl's result, the CQE status half-word in *status.
 */
int st_admin_ptrs(struct nvmet_kdev *dev, uint8_t opc, uint32_t cdw10, uint32_t cdw11,
		  uint64_t prp1, uint64_t prp2, uint64_t mptr, uint32_t flags, uint16_t *status);

/* Get or Set Features @fid with CDW11 @cdw11, no data; CQE DW0 in @dw0. */
int st_get_features(struct nvmet_kdev *dev, uint8_t fid, uint32_t cdw11, uint32_t *dw0,
		    uint16_t *status);
int st_set_features(struct nvmet_kdev *dev, uint8_t fid, uint32_t cdw11, uint32_t *dw0,
		    uint16_t *status);

/*
 * Namespace @nsid's size in blocks and log2 of its block size, from Identify
 * Namespace; -EIO when the controller refused.
 */
int st_ns_geometry(struct nvmet_kdev *dev, uint32_t nsid, uint64_t *nsze,
		   unsigned int *lba_shift);

/* Maximum data transfer in bytes (MDTS with 4 KiB pages; 0 = no limit). */
int st_mdts_bytes(struct nvmet_kdev *dev, uint64_t *bytes);

/*
 * A Read or Write of @nlb blocks at @slba, its data in @len contiguous bytes
 * at bus address @iova (4-byte aligned). PRP2 is the second page, or a PRP
 * list built in the first page of @prp_list when the data spans more than
 * two pages. Returns -E2BIG when the list would not fit in one page.
 */
int st_rw_sqe(struct nvmet_sqe *sqe, uint8_t opc, uint64_t slba, uint32_t nlb,
	      uint64_t iova, size_t len, struct nvmet_dmabuf *prp_list);

/*
 * I/O queue pair @qid through the module: a CQ of @size entries with
 * interrupts on @vector (NVMETEST_NO_VECTOR: none), then its SQ; 0 or the
 * errno of the first that failed (@status as nvmet_kdev_cq_create() gives it).
 */
int st_kpair_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size, uint32_t vector,
		    struct nvmet_cq_ring *cq, struct nvmet_sq_ring *sq, uint32_t *status);

/*
 * Submit one command and wait for its completion, in poll mode; the SQ head
 * is updated from the CQE. -ETIMEDOUT when nothing came in time.
 */
int st_io_sync(struct nvmet_sq_ring *sq, struct nvmet_cq_ring *cq, const struct nvmet_sqe *sqe,
	       struct nvmet_cqe *cqe);

/*
 * Lets the calling process run until it calls ioctl(2), which kills it
 * (seccomp). For checking that a data path makes no system call of the
 * kind; the filter stays until the process exits.
 */
int st_forbid_ioctl(void);

/* What st_count_cb() saw: how many completions, and the last one. */
/* Completions counted by st_count_cb(), and what the last one was. */
struct st_done {
	int count;
	struct nvmet_cqe last;
	int result;
	uint16_t cid;
	uint64_t latency_ns;
};

/* A libnvmet callback counting completions into the struct st_done at @arg. */
void st_count_cb(void *arg, const struct nvmet_cpl *cpl);

/*
 * The offset of standard capability @id in the function's configuration
 * space (its capability list walked through the module), or 0.
 */
unsigned int st_cfg_cap(struct nvmet_kdev *dev, uint8_t id);

/* Reads a word at @p: 0 when the read returned, else the signal (SIGBUS, SIGSEGV) it raised. */
int st_probe_read(const volatile void *p);

/*
 * Forks, and the child reads a word at @p (st_probe_read()): the signal the
 * read raised in the child, 0 when it returned, or a negative errno when
 * fork() failed or the child did not report (a mapping the kernel cannot
 * copy fails fork() itself).
 */
int st_fork_probe_read(const volatile void *p);

/*
 * Opens the device under test in a child process once @drop (giving up
 * some privilege, nonzero when it could not) returned. Returns the errno
 * of the child's failed open, 0 when it opened the device, or a negative
 * errno when the child could not run or drop.
 */
int st_open_without(int (*drop)(void));

/*
 * The first line of a sysfs (or any) file, without its newline, into @out
 * (@len bytes); 0 or a negative errno.
 */
int st_read_file(const char *path, char *out, size_t len);

/* The first line of a file read as an unsigned number; 0 or a negative errno. */
int st_read_ulong(const char *path, unsigned long *v);

/* Write @text to a sysfs (or any) file. */
int st_write_file(const char *path, const char *text);
/* Whether a path exists (1) or not (0). */
int st_exists(const char *path);

#endif /* NVMETEST_UTIL_H */
