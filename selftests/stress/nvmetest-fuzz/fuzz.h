/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz.h - the parts of nvmetest-fuzz (its main is ../nvmetest-fuzz.c): the
 * operations and their groups, the memory every process shares with the
 * parent (counters, each thread's last calls, the first failure), a worker
 * process's tables of its files, objects and mappings, and a thread's own
 * state. Functions ending in _locked want P.lock held.
 */
#ifndef NVMETEST_FUZZ_H
#define NVMETEST_FUZZ_H

#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "nvmetest_util.h"
#include "stress.h"

#define PROG		"nvmetest-fuzz"
#define MAX_PROCS	16
#define THREADS		2
#define RING		12
#define REC_LEN		120
#define MAX_FDS		4
#define MAX_OBJS	48
#define MAX_MAPS	48
#define MAX_KIDS	8
#define PUB		128
#define NERR		134		/* errno values counted one by one; above, "other" */
#define SCRATCH		(4u << 20)	/* a thread's valid user memory for data */
#define PROC_BUF_BYTES	(24u << 20)	/* DMA buffers one process keeps at most */
#define PG		4096u
#define SIG_MAGIC	0x5347000000000000ull
#define CANARY_BYTE	0xc5
#define CANARY_SIZE	(2 * PG)
#define KID_OPS		24

/* Admin opcodes the fuzzer uses by name. */
enum {
	ADM_DELETE_SQ = 0x00, ADM_CREATE_SQ = 0x01, ADM_GET_LOG = 0x02, ADM_DELETE_CQ = 0x04,
	ADM_CREATE_CQ = 0x05, ADM_IDENTIFY = 0x06, ADM_ABORT = 0x08, ADM_SET_FEAT = 0x09,
	ADM_GET_FEAT = 0x0a, ADM_AER = 0x0c, ADM_KEEP_ALIVE = 0x18, ADM_CTRL_DATA_QUEUE = 0x45,
	ADM_DBBUF = 0x7c, ADM_FORMAT = 0x80,
};

enum op {
	OP_OPEN, OP_CLOSE, OP_INFO, OP_REG_READ, OP_REG_WRITE, OP_CFG_READ, OP_CFG_WRITE,
	OP_ADMIN, OP_SUBMIT, OP_REAP, OP_BUF_ALLOC, OP_BUF_FREE, OP_CREATE_CQ, OP_CREATE_SQ,
	OP_DELETE_SQ, OP_DELETE_CQ, OP_IRQ, OP_RESET, OP_PCI_RESET, OP_CMDLOG,
	OP_QUEUE_STATS, OP_BAD_IOCTL, OP_POLL, OP_MMAP, OP_MUNMAP, OP_MPROTECT, OP_MREMAP,
	OP_TOUCH, OP_FORK, OP_NETLINK, OP_DMA, OP_PERSIST, OP_REMOVE, NR_OPS,
};

/* Groups of operations, chosen with --ops. */
enum group { G_IOCTL, G_MMAP, G_FORK, G_NETLINK, G_DMA, G_PERSIST, G_REMOVE, NR_GROUPS };

struct op_desc {
	const char *name;
	enum group group;
	unsigned int weight;	/* relative frequency in a worker thread */
};
extern const struct op_desc ops[NR_OPS];
extern const char *const group_names[NR_GROUPS];

/* --- shared memory: what the parent watches ----------------------------- */

/* One thread's progress and its last calls. */
struct slot {
	pid_t pid;
	pid_t tid;
	uint64_t calls;
	uint64_t since_ns;	/* the current call began; 0 between calls */
	unsigned int pos;
	char ring[RING][REC_LEN];
};

/* The threads' slots, the remover's, then one per forked child a process may have. */
#define SLOT_REMOVER	(MAX_PROCS * THREADS)
#define SLOT_KIDS	(SLOT_REMOVER + 1)
#define NR_SLOTS	(SLOT_KIDS + MAX_PROCS * MAX_KIDS)

/* An object a process published for the others to misuse. */
struct pub {
	pid_t pid;
	uint32_t gen;
	uint32_t handle;
	uint64_t mmap_off;
	uint16_t qid;
};

struct shared {
	int stop;
	uint32_t gen;		/* bumped each time the remover brought the device back */
	char node[64];		/* the device node now */
	uint64_t counts[NR_OPS][NERR + 1];	/* [op][0] ok, [op][e] errno e */
	uint64_t removals[SX_NR_REMOVALS];
	uint64_t back_max_ns;	/* the longest a removal and restore took, device back */
	uint64_t sigbus, sigsegv, sig_checks, freed_checks, canary_checks, forks;
	struct slot slot[NR_SLOTS];	/* SLOT_REMOVER's is the remover's, then the children's */
	struct pub pub[PUB];
	int failed;
	char fail[2048];
};

/* In memory shared by every process of the fuzzer. */
extern struct shared *S;

/* --- options ------------------------------------------------------------- */

struct fuzz_opts {
	struct sx_opts sx;
	uint64_t seed;
	uint64_t ops;		/* bit per enum op: what the threads (and remover) do */
	int wait_aer;		/* --wait-aer: the first thread starts with op_wait_aer() */
};
extern struct fuzz_opts opt;

/* --- a process's state, shared by its two threads -------------------------- */

enum obj_kind { K_BUF, K_SQ, K_CQ };

struct fd_ent {
	int fd;			/* -1: empty */
	uint32_t gen;
	struct nvmetest_info info;
};

struct obj_ent {
	int used;
	int fd;
	uint32_t gen;
	enum obj_kind kind;
	uint32_t handle;	/* buffers */
	uint64_t size, mmap_off, dma;
	uint16_t qid;		/* queues */
	uint32_t qsize;
	uint64_t db_off;
	int sig;		/* pages carry their signature: never a command's target */
	int canary;		/* the process's canary: only the DMA checks touch it */
};

enum map_kind { M_DB, M_OBJ };

struct map_ent {
	int used;
	char *addr;
	size_t len;
	int fd;
	enum map_kind kind;
	enum obj_kind okind;
	uint32_t handle;
	uint64_t page0;		/* the object's page at addr */
	int sig;
};

/* A worker process's tables, shared by its threads under @lock. */
struct proc_state {
	pthread_mutex_t lock;
	int idx;		/* worker number */
	struct fd_ent fds[MAX_FDS];
	struct obj_ent objs[MAX_OBJS];
	struct map_ent maps[MAX_MAPS];
	pid_t kids[MAX_KIDS];
	uint64_t buf_bytes;
	int canary_obj;		/* index in objs, or -1 */
	char *canary_va;
};
extern struct proc_state P;

/* --- a thread's state -------------------------------------------------------- */

extern __thread uint64_t rng_state;
extern __thread struct slot *me;
extern __thread char *scratch;		/* SCRATCH bytes, then a PROT_NONE page */
extern __thread char *ro_page;		/* a read-only page */
extern __thread sigjmp_buf touch_jmp;
extern __thread volatile sig_atomic_t touch_armed;
extern __thread struct nvmet_nl *nl;

/* state.c: randomness, call records, failures, faults, the tables */
/* A thread's random numbers (xorshift, seeded from --seed and the thread). */
uint64_t rnd(void);
uint32_t rnd_below(uint32_t n);
int chance(unsigned int percent);
/* A size around the module's limits and page boundaries. */
uint64_t boundary_size(void);
/* Records the first failure the fuzzer itself sees, with the calls before it. */
void fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A call starts (recorded in the thread's ring) and ends (counted by result). */
void begin(enum op op, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int end(enum op op, int ret);
/* A system call's result as 0+ or a negative errno; do_ioctl() also ends the call. */
int sys_ret(long r);
int do_ioctl(enum op op, int fd, unsigned long req, void *arg);
/* SIGBUS/SIGSEGV: touch64() reads/writes 8 bytes and returns the signal it took, or 0. */
void on_fault(int sig);
int touch64(volatile uint64_t *p, uint64_t *val_out, const uint64_t *val_in);
/* The process's files: a random one, how many, one to call with, the generation it was opened in. */
int fd_pick_locked(struct fd_ent **fe);
int open_fds(void);
int pick_fd(struct nvmetest_info *info);
uint32_t fd_gen_locked(int fd);
/* A random object of @kind of @fd (any fd with @any_fd), never the canary, no signed one with @usable. */
struct obj_ent *obj_pick_locked(enum obj_kind kind, int fd, int any_fd, int usable);
/*
 * New entries of the object and mapping tables (NULL when full): an object
 * of @fd, a buffer from BUF_ALLOC's answer (counted in P.buf_bytes), a
 * mapping of its object's first page onwards.
 */
struct obj_ent *obj_add_locked(int fd, enum obj_kind kind, uint64_t size, uint64_t mmap_off,
			       uint64_t dma);
struct obj_ent *buf_add_locked(int fd, const struct nvmetest_buf *b);
struct map_ent *map_add_locked(char *addr, size_t len, int fd, enum map_kind kind,
			       enum obj_kind okind, uint32_t handle, int sig);
/* Objects published for other processes to misuse, and one of another process's. */
void publish(const struct obj_ent *o);
const struct pub *pub_other(void);
/* A user pointer for @len bytes of an ioctl's data: mostly valid, sometimes bad in one of many ways. */
uint64_t user_ptr(size_t len);

/* One of the values given, at random. */
static inline uint64_t pick64(const uint64_t *v, size_t n)
{
	return v[rnd_below((uint32_t)n)];
}

#define PICK(...) pick64((const uint64_t[]){ __VA_ARGS__ }, \
			 sizeof((const uint64_t[]){ __VA_ARGS__ }) / sizeof(uint64_t))

/* ops_ioctl.c: the ioctls, open, close, poll, netlink */
/* Sets the opcode of an SQE held as u32 words. */
void sqe_set_opc(uint32_t *sqe, uint8_t opc);
/* A passthrough command the controller mostly knows, its data pointers zero; one field wrong now and then. */
void build_admin(struct nvmetest_admin_cmd *c, int fd, int async);
/* The operations, one call each (see enum op). */
void op_admin(int async);
/*
 * A synchronous Asynchronous Event Request with no timeout: the module
 * waits as long as the device takes, and QEMU's answers one only on an
 * event. A removal or reset ends it (aborted); nothing else does.
 */
void op_wait_aer(void);
void op_reap(void);
void op_open(void);
void op_close(void);
void op_info(void);
/* The BAR0 offset of queue @qid's SQ tail (or CQ head) doorbell. */
uint32_t db_reg(const struct nvmetest_info *info, uint16_t qid, int cq);
void op_reg(int write);
void op_cfg(int write);
void op_buf_alloc(void);
void op_buf_free(void);
void op_create_queue(int sq);
void op_delete_queue(int sq);
void op_irq(void);
void op_reset(int pci);
void op_cmdlog(void);
void op_queue_stats(void);
void op_bad_ioctl(void);
void op_poll(void);
void op_netlink(void);

/* ops_mmap.c: mmap, munmap, mprotect, mremap, touching pages */
/* Maps a new buffer whole and writes each page's signature at its start. */
int sign_buffer_locked(struct obj_ent *o, int fd);
/* Fails when a mapping of a buffer just freed can still be read. */
void check_freed_locked(int fd, uint32_t handle);
/* The mapping operations. */
void op_mmap(void);
/* A random mapping of the process. */
struct map_ent *map_pick_locked(void);
void op_munmap(void);
void op_mprotect(void);
void op_mremap(void);
void op_touch(void);

/* ops_dma.c: commands aiming the device at memory they do not name */
/* Commands aiming the device at the canary (dma) or giving it memory to keep (persist, refused). */
void op_dma(void);
void op_persist(void);

/* workers.c: worker processes and threads, fork, the remover */
/* Collects the forked children (all of them with @wait_all: the parent's watch sees their calls). */
void reap_kids(int wait_all);
void op_fork(void);
/* A worker process (never returns). */
void worker_main(int idx);
/* The remover process: takes the device away every few seconds and puts it back (never returns). */
void remover_main(const struct sx_dev *d);

#endif /* NVMETEST_FUZZ_H */
