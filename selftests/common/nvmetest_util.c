// SPDX-License-Identifier: GPL-2.0
/*
 * nvmetest_util.c - helpers shared by the nvmetest selftests.
 */
#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "nvmetest_util.h"
#include "st_run.h"

int st_plugin_path(const char *name, char *path, size_t len)
{
	char dir[PATH_MAX - 64];
	int ret = st_exe_dir(dir, sizeof(dir));

	if (ret)
		return -ENOENT;
	if (snprintf(path, len, "%s/../plugins/%s.so", dir, name) >= (int)len)
		return -ENAMETOOLONG;
	return access(path, R_OK) ? -ENOENT : 0;
}

const char *st_dev_path(void)
{
	const char *path = st_env("NVMETEST_DEV");

	return path ? path : ST_DEFAULT_DEV;
}

enum st_dev_kind st_dev_kind(const char *dev)
{
	if (!strncmp(dev, "emu", 3))
		return ST_DEV_EMU;
	return strncmp(dev, "tcp:", 4) ? ST_DEV_MODULE : ST_DEV_TCP;
}

int st_dev_present(const char *dev)
{
	if (st_dev_kind(dev) != ST_DEV_MODULE)
		return 0;
	return access(dev, R_OK | W_OK) ? -errno : 0;
}

const char *st_env(const char *name)
{
	const char *v = getenv(name);

	return v && v[0] ? v : NULL;
}

int st_open_err_is_absent(int err)
{
	return err == -ENOENT || err == -ENODEV || err == -ENXIO;
}

int st_ioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) < 0 ? -errno : 0;
}

uint64_t st_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void st_sleep_ms(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

void st_trim(char *dst, const void *src, size_t len)
{
	memcpy(dst, src, len);
	while (len && (dst[len - 1] == ' ' || dst[len - 1] == '\0'))
		len--;
	dst[len] = '\0';
}

int st_all_bytes(const void *p, size_t len, uint8_t byte)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != byte)
			return 0;
	return 1;
}

static uint32_t pattern_word(uint32_t seed, size_t word)
{
	uint32_t x = seed * 0x9e3779b1u ^ (uint32_t)word * 0x85ebca6bu;

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 13;
	return x ^ (uint32_t)word;
}

void st_fill(void *p, size_t len, uint32_t seed)
{
	uint32_t w;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		w = pattern_word(seed, i / 4);
		memcpy((char *)p + i, &w, 4);
	}
}

long st_check(const void *p, size_t len, uint32_t seed)
{
	uint32_t w;
	size_t i;

	for (i = 0; i + 4 <= len; i += 4) {
		memcpy(&w, (const char *)p + i, 4);
		if (w != pattern_word(seed, i / 4))
			return (long)i;
	}
	return -1;
}

uint16_t st_le16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

uint32_t st_le32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

uint64_t st_le64(const void *p)
{
	return st_le32(p) | (uint64_t)st_le32((const uint8_t *)p + 4) << 32;
}

void st_sqe(struct nvmet_sqe *sqe, uint8_t opc, uint32_t nsid)
{
	memset(sqe, 0, sizeof(*sqe));
	sqe->opc = opc;
	sqe->nsid = nsid;
}

void st_admin_init(struct nvmetest_admin_cmd *cmd, const struct nvmet_sqe *sqe)
{
	memset(cmd, 0, sizeof(*cmd));
	memcpy(cmd->sqe, sqe, sizeof(cmd->sqe));
}

uint16_t st_admin_status(const struct nvmetest_admin_cmd *cmd)
{
	return (uint16_t)(cmd->cqe[3] >> 16);
}

uint8_t st_sqe_words_opc(const uint32_t *sqe)
{
	return (uint8_t)(sqe[0] & 0xff);
}

uint16_t st_sqe_words_cid(const uint32_t *sqe)
{
	return (uint16_t)(sqe[0] >> 16);
}

void st_identify_req(struct nvmetest_admin_cmd *cmd, void *data)
{
	struct nvmet_sqe sqe;

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.identify.cns = NVMET_CNS_CTRL;
	st_admin_init(cmd, &sqe);
	cmd->flags = NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd->data = (uintptr_t)data;
	cmd->data_len = 4096;
}

int st_identify_into_buf(struct nvmet_kdev *dev, const struct nvmet_dmabuf *buf,
			 uint32_t offset, uint32_t len, uint16_t *status)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	int ret;

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, 0);
	sqe.identify.cns = NVMET_CNS_CTRL;
	st_admin_init(&cmd, &sqe);
	cmd.flags = NVMETEST_ADMIN_USE_BUF | NVMETEST_ADMIN_DATA_FROM_DEV;
	cmd.buf_handle = buf->handle;
	cmd.buf_offset = offset;
	cmd.data_len = len;
	ret = nvmet_kdev_admin_raw(dev, &cmd);
	*status = st_admin_status(&cmd);
	return ret;
}

int st_admin_ptrs(struct nvmet_kdev *dev, uint8_t opc, uint32_t cdw10, uint32_t cdw11,
		  uint64_t prp1, uint64_t prp2, uint64_t mptr, uint32_t flags, uint16_t *status)
{
	struct nvmetest_admin_cmd cmd;
	struct nvmet_sqe sqe;
	int ret;

	st_sqe(&sqe, opc, 0);
	sqe.cdw10 = cdw10;
	sqe.cdw11 = cdw11;
	sqe.mptr = mptr;
	sqe.prp1 = prp1;
	sqe.prp2 = prp2;
	st_admin_init(&cmd, &sqe);
	cmd.flags = flags;
	ret = nvmet_kdev_admin_raw(dev, &cmd);
	*status = st_admin_status(&cmd);
	return ret;
}

int st_identify(struct nvmet_kdev *dev, uint8_t cns, uint32_t nsid, void *data,
		uint16_t *status)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	st_sqe(&sqe, NVMET_ADM_IDENTIFY, nsid);
	sqe.identify.cns = cns;
	ret = nvmet_kdev_admin(dev, &sqe, data, 4096, 0, 0, &cqe);
	if (!ret)
		*status = cqe.status;
	return ret;
}

int st_identify_works(struct nvmet_kdev *dev)
{
	uint8_t *id = calloc(1, 4096);
	uint16_t status;
	int ret;

	if (!id)
		return -ENOMEM;
	ret = st_identify(dev, NVMET_CNS_CTRL, 0, id, &status);
	if (!ret && (NVMET_CQE_STATUS(status) || !st_le16(id + NVMET_ID_CTRL_VID)))
		ret = -EIO;
	free(id);
	return ret;
}

static int features(struct nvmet_kdev *dev, uint8_t opc, uint8_t fid, uint32_t cdw11,
		    uint32_t *dw0, uint16_t *status)
{
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	int ret;

	st_sqe(&sqe, opc, 0);
	sqe.features.fid = fid;
	sqe.features.cdw11 = cdw11;
	ret = nvmet_kdev_admin(dev, &sqe, NULL, 0, 0, 0, &cqe);
	if (ret)
		return ret;
	if (dw0)
		*dw0 = cqe.dw0;
	*status = cqe.status;
	return 0;
}

int st_get_features(struct nvmet_kdev *dev, uint8_t fid, uint32_t cdw11, uint32_t *dw0,
		    uint16_t *status)
{
	return features(dev, NVMET_ADM_GET_FEATURES, fid, cdw11, dw0, status);
}

int st_set_features(struct nvmet_kdev *dev, uint8_t fid, uint32_t cdw11, uint32_t *dw0,
		    uint16_t *status)
{
	return features(dev, NVMET_ADM_SET_FEATURES, fid, cdw11, dw0, status);
}

int st_ns_geometry(struct nvmet_kdev *dev, uint32_t nsid, uint64_t *nsze,
		   unsigned int *lba_shift)
{
	uint8_t *id = calloc(1, 4096);
	unsigned int fmt;
	uint16_t status;
	int ret;

	if (!id)
		return -ENOMEM;
	ret = st_identify(dev, NVMET_CNS_NS, nsid, id, &status);
	if (!ret && NVMET_CQE_STATUS(status))
		ret = -EIO;
	if (!ret) {
		fmt = id[NVMET_ID_NS_FLBAS] & 0xf;
		*nsze = st_le64(id + NVMET_ID_NS_NSZE);
		*lba_shift = id[NVMET_ID_NS_LBAF + 4 * fmt + 2];
	}
	free(id);
	return ret;
}

int st_mdts_bytes(struct nvmet_kdev *dev, uint64_t *bytes)
{
	uint8_t *id = calloc(1, 4096);
	uint16_t status;
	int ret;

	if (!id)
		return -ENOMEM;
	ret = st_identify(dev, NVMET_CNS_CTRL, 0, id, &status);
	if (!ret && NVMET_CQE_STATUS(status))
		ret = -EIO;
	if (!ret)
		*bytes = id[NVMET_ID_CTRL_MDTS] ? (uint64_t)ST_PAGE << id[NVMET_ID_CTRL_MDTS] : 0;
	free(id);
	return ret;
}

int st_rw_sqe(struct nvmet_sqe *sqe, uint8_t opc, uint64_t slba, uint32_t nlb,
	      uint64_t iova, size_t len, struct nvmet_dmabuf *prp_list)
{
	uint64_t first = ST_PAGE - (iova & (ST_PAGE - 1));
	uint64_t page = (iova & ~(uint64_t)(ST_PAGE - 1)) + ST_PAGE;
	uint64_t *list;
	size_t n, i;

	st_sqe(sqe, opc, ST_NSID);
	sqe->rw.slba = slba;
	sqe->rw.nlb = nlb - 1;
	sqe->prp1 = iova;
	if (len <= first)
		return 0;
	if (len <= first + ST_PAGE) {
		sqe->prp2 = page;
		return 0;
	}
	n = (len - first + ST_PAGE - 1) / ST_PAGE;
	if (!prp_list || n > ST_PAGE / 8 || prp_list->size < ST_PAGE)
		return -E2BIG;
	list = prp_list->va;
	for (i = 0; i < n; i++)
		list[i] = page + i * ST_PAGE;
	sqe->prp2 = prp_list->iova;
	return 0;
}

int st_kpair_create(struct nvmet_kdev *dev, uint16_t qid, uint32_t size, uint32_t vector,
		    struct nvmet_cq_ring *cq, struct nvmet_sq_ring *sq, uint32_t *status)
{
	int ret = nvmet_kdev_cq_create(dev, qid, size, vector, cq, status);

	return ret ? ret : nvmet_kdev_sq_create(dev, qid, size, cq, 0, sq, status);
}

int st_io_sync(struct nvmet_sq_ring *sq, struct nvmet_cq_ring *cq, const struct nvmet_sqe *sqe,
	       struct nvmet_cqe *cqe)
{
	int ret;

	ret = nvmet_sq_submit(sq, sqe);
	if (ret)
		return ret;
	if (nvmet_cq_wait(cq, cqe, 1, ST_IO_TIMEOUT_MS) != 1)
		return -ETIMEDOUT;
	nvmet_sq_update_head(sq, cqe);
	return 0;
}

int st_forbid_ioctl(void)
{
	struct sock_filter code[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(code) / sizeof(code[0]), .filter = code };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0))
		return -errno;
	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog))
		return -errno;
	return 0;
}

int st_read_file(const char *path, char *out, size_t len)
{
	FILE *f = fopen(path, "r");
	int ret = 0;

	if (!f)
		return -errno;
	if (!fgets(out, (int)len, f))
		ret = ferror(f) ? -EIO : -ENODATA;
	fclose(f);
	if (ret)
		out[0] = '\0';
	else
		out[strcspn(out, "\n")] = '\0';
	return ret;
}

int st_read_ulong(const char *path, unsigned long *v)
{
	char buf[64], *end;
	int ret = st_read_file(path, buf, sizeof(buf));

	if (ret)
		return ret;
	*v = strtoul(buf, &end, 0);
	return end == buf ? -EINVAL : 0;
}

int st_write_file(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, ret = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		ret = -errno;
	else if ((size_t)n != len)
		ret = -EIO;
	if (close(fd) && !ret)
		ret = -errno;
	return ret;
}

int st_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

void st_count_cb(void *arg, const struct nvmet_cpl *cpl)
{
	struct st_done *d = arg;

	d->count++;
	d->last = *cpl->cqe;
	d->result = cpl->result;
	d->cid = cpl->cid;
	d->latency_ns = cpl->complete_ns - cpl->submit_ns;
}

#define ST_PCI_CAP_PTR	0x34

unsigned int st_cfg_cap(struct nvmet_kdev *dev, uint8_t id)
{
	uint32_t ptr, v;
	int hops;

	if (nvmet_kdev_cfg_read(dev, ST_PCI_CAP_PTR, 1, &ptr))
		return 0;
	for (hops = 0; ptr >= 0x40 && hops < 48; hops++) {
		ptr &= ~3u;
		if (nvmet_kdev_cfg_read(dev, ptr, 1, &v))
			return 0;
		if (v == id)
			return ptr;
		if (nvmet_kdev_cfg_read(dev, ptr + 1, 1, &ptr))
			return 0;
	}
	return 0;
}

static sigjmp_buf st_probe_env;
static volatile sig_atomic_t st_probe_sig;

static void st_probe_handler(int sig)
{
	st_probe_sig = sig;
	siglongjmp(st_probe_env, 1);
}

int st_probe_read(const volatile void *p)
{
	struct sigaction sa = { .sa_handler = st_probe_handler }, old_bus, old_segv;

	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, &old_bus);
	sigaction(SIGSEGV, &sa, &old_segv);
	st_probe_sig = 0;
	if (!sigsetjmp(st_probe_env, 1))
		(void)*(const volatile uint32_t *)p;
	sigaction(SIGBUS, &old_bus, NULL);
	sigaction(SIGSEGV, &old_segv, NULL);
	return st_probe_sig;
}

int st_fork_probe_read(const volatile void *p)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0)
		_exit(st_probe_read(p));
	if (waitpid(pid, &status, 0) < 0)
		return -errno;
	if (!WIFEXITED(status))
		return -ECHILD;
	return WEXITSTATUS(status);
}

int st_open_without(int (*drop)(void))
{
	int status, fd;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		if (drop())
			_exit(255);
		fd = open(st_dev_path(), O_RDWR | O_CLOEXEC);
		_exit(fd >= 0 ? 0 : errno & 0xff);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -ECHILD;
	return WEXITSTATUS(status) == 255 ? -EPERM : WEXITSTATUS(status);
}
