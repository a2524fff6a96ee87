// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * dev.c - opening DEV, a controller bound to the module (a device node, a
 * PCI address) or any other address libnvmet takes (the emulated
 * controller, NVMe/TCP), and the commands every subcommand needs, with
 * their errors reported.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tool.h"

/* As many as the emulator takes (plugin= options in all). */
#define MAX_PLUGINS	8

static const char *plugins[MAX_PLUGINS];
static unsigned int nr_plugins;

bool is_emu(const char *name)
{
	return !strncmp(name, "emu:", 4) || !strcmp(name, "emu");
}

int plugin_add(const struct cmd *cmd, const char *spec)
{
	if (!spec[0] || spec[0] == ':')
		return usage_error(cmd, "--plugin needs a name or a path (NAME[:ARGS])");
	/* A comma would end the plugin= option in the emu: address. */
	if (strchr(spec, ','))
		return usage_error(cmd, "--plugin '%s': no commas (separate a plug-in's"
				   " arguments with ';')", spec);
	if (nr_plugins == MAX_PLUGINS)
		return usage_error(cmd, "at most %u --plugin options", MAX_PLUGINS);
	plugins[nr_plugins++] = spec;
	return 0;
}

bool have_plugins(void)
{
	return nr_plugins > 0;
}

/* The module's names; anything else is an address for libnvmet (emu:, tcp:...). */
static bool is_module_dev(const char *name)
{
	char bdf[13];

	return !strncmp(name, "/dev/", 5) || !strncmp(name, "nvmetest", 8) ||
	       !bdf_normalize(name, bdf);
}

int not_on_emu(const struct cmd *cmd, const char *what)
{
	return fail(cmd, "not available on the emulated controller (%s)", what);
}

int open_dev(const struct cmd *cmd, const char *name, struct nvmet_kdev **dev)
{
	char bdf[13];
	int ret;

	if (have_plugins())
		return usage_error(cmd, "--plugin is for the emulated controller (DEV emu:...),"
				   " not %s", name);
	if (is_emu(name))
		return not_on_emu(cmd, "it needs the nvmetest module");
	/* libnvmet takes PCI addresses in sysfs spelling only. */
	if (!bdf_normalize(name, bdf))
		name = bdf;
	ret = nvmet_kdev_open(name, dev);
	if (!ret)
		return 0;
	/* What is missing and how to get it: the module, a bound device. */
	return fail(cmd, "%s", nvmet_last_error());
}

char *emu_address(const char *name)
{
	const char *opts = name[3] ? name + 4 : "";
	size_t len = strlen("emu:") + strlen(opts) + 1;
	unsigned int i;
	char *addr;

	for (i = 0; i < nr_plugins; i++)
		len += strlen(",plugin=") + strlen(plugins[i]);
	addr = malloc(len);
	if (!addr)
		return NULL;
	strcpy(addr, "emu:");
	strcat(addr, opts);
	for (i = 0; i < nr_plugins; i++) {
		if (addr[4])
			strcat(addr, ",");
		strcat(addr, "plugin=");
		strcat(addr, plugins[i]);
	}
	return addr;
}

static int open_lib(const struct cmd *cmd, const char *name, struct tdev *dev)
{
	const char *why;
	int ret;

	dev->addr = is_emu(name) ? emu_address(name) : strdup(name);
	if (!dev->addr)
		return fail(cmd, "out of memory");
	ret = nvmet_ctrl_open(dev->addr, NULL, &dev->ctrl);
	if (!ret)
		return 0;
	why = nvmet_last_error();
	/* A bad option or address, a plug-in that refused its arguments: the user's to fix. */
	if (ret == -EINVAL && why[0])
		ret = usage_error(cmd, "%s", why);
	else if (why[0])
		ret = fail(cmd, "%s", why);
	else
		ret = fail(cmd, "opening %s: %s", dev->addr, strerror(-ret));
	free(dev->addr);
	dev->addr = NULL;
	dev->ctrl = NULL;
	return ret;
}

int tdev_open(const struct cmd *cmd, const char *name, struct tdev *dev)
{
	memset(dev, 0, sizeof(*dev));
	dev->name = name;
	if (is_emu(name))
		return open_lib(cmd, name, dev);
	if (have_plugins())
		return usage_error(cmd, "--plugin is for the emulated controller (DEV emu:...),"
				   " not %s", name);
	return is_module_dev(name) ? open_dev(cmd, name, &dev->kdev) : open_lib(cmd, name, dev);
}

void tdev_close(struct tdev *dev)
{
	nvmet_kdev_close(dev->kdev);
	nvmet_ctrl_close(dev->ctrl);
	free(dev->addr);
	memset(dev, 0, sizeof(*dev));
}

int open_dev_args(const struct cmd *cmd, int argc, char **argv, const struct cmd_opts *o,
		  void *ctx, struct tdev *dev)
{
	int ret;

	ret = parse_dev_args(cmd, argc, argv, o, ctx);
	if (ret >= 0)
		return ret;
	ret = tdev_open(cmd, argv[optind], dev);
	return ret ? ret : -1;
}

int get_info(const struct cmd *cmd, struct nvmet_kdev *dev, struct nvmetest_info *info)
{
	int ret;

	ret = nvmet_kdev_info(dev, info);
	return ret ? errno_fail(cmd, "info", ret) : 0;
}

int tdev_reg_read(struct tdev *dev, uint32_t offset, unsigned int width, uint64_t *val)
{
	if (dev->kdev)
		return nvmet_kdev_reg_read(dev->kdev, offset, width, val);
	return nvmet_ctrl_reg_read(dev->ctrl, offset, width, val);
}

int tdev_reg_write(struct tdev *dev, uint32_t offset, unsigned int width, uint64_t val)
{
	if (dev->kdev)
		return nvmet_kdev_reg_write(dev->kdev, offset, width, val);
	return nvmet_ctrl_reg_write(dev->ctrl, offset, width, val);
}

int tdev_cfg_read(struct tdev *dev, uint32_t offset, unsigned int width, uint32_t *val)
{
	if (dev->kdev)
		return nvmet_kdev_cfg_read(dev->kdev, offset, width, val);
	return nvmet_ctrl_cfg_read(dev->ctrl, offset, width, val);
}

int tdev_cfg_write(struct tdev *dev, uint32_t offset, unsigned int width, uint32_t val)
{
	if (dev->kdev)
		return nvmet_kdev_cfg_write(dev->kdev, offset, width, val);
	return nvmet_ctrl_cfg_write(dev->ctrl, offset, width, val);
}

/* Through a DMA buffer of the controller's, copied to and from @data. */
static int ctrl_admin(struct nvmet_ctrl *ctrl, const struct nvmet_sqe *sqe, void *data,
		      size_t len, int to_dev, uint32_t timeout_ms, struct nvmet_cqe *cqe)
{
	enum nvmet_dir dir = !len ? NVMET_DIR_NONE : to_dev ? NVMET_DIR_TO_DEV :
			     NVMET_DIR_FROM_DEV;
	struct nvmet_buf *buf = NULL;
	int ret;

	if (timeout_ms) {
		ret = nvmet_ctrl_set_timeout(ctrl, timeout_ms);
		if (ret)
			return ret;
	}
	if (len) {
		ret = nvmet_ctrl_buf_alloc(ctrl, len, "admin data", &buf);
		if (ret)
			return ret;
		if (to_dev)
			memcpy(buf->va, data, len);
	}
	ret = nvmet_ctrl_admin_sync(ctrl, sqe, buf, 0, len, dir, cqe);
	if (!ret && len && !to_dev)
		memcpy(data, buf->va, len);
	nvmet_buf_free(buf);
	return ret;
}

int tdev_admin(struct tdev *dev, const struct nvmet_sqe *sqe, void *data, size_t len,
	       int to_dev, uint32_t timeout_ms, struct nvmet_cqe *cqe)
{
	if (dev->kdev)
		return nvmet_kdev_admin(dev->kdev, sqe, data, len, to_dev, timeout_ms, cqe);
	return ctrl_admin(dev->ctrl, sqe, data, len, to_dev, timeout_ms, cqe);
}

int tdev_reset(struct tdev *dev)
{
	if (dev->kdev)
		return nvmet_kdev_reset(dev->kdev);
	return nvmet_ctrl_reset(dev->ctrl);
}

/* The module says; elsewhere the MSI-X capability's Table Size does. */
int tdev_nr_vectors(struct tdev *dev, unsigned int *n)
{
	struct nvmetest_info info;
	uint16_t msix;
	uint32_t ctl;
	int ret;

	if (dev->kdev) {
		ret = nvmet_kdev_info(dev->kdev, &info);
		if (!ret)
			*n = info.nr_vectors;
		return ret;
	}
	*n = 0;
	ret = nvmet_pcie_cap_find(dev->ctrl, NVMET_PCI_CAP_MSIX, &msix);
	if (ret == -ENOENT)
		return 0;
	if (!ret)
		ret = nvmet_ctrl_cfg_read(dev->ctrl, msix + 2u, 2, &ctl);
	if (!ret)
		*n = (ctl & 0x7ff) + 1;
	return ret;
}

int tdev_irq_get(struct tdev *dev, unsigned int vector, uint64_t *count, int *masked)
{
	if (dev->kdev)
		return nvmet_kdev_irq_get(dev->kdev, vector, count, masked);
	return nvmet_ctrl_irq(dev->ctrl, vector, count, masked);
}

int tdev_irq_clear(struct tdev *dev, unsigned int vector)
{
	if (dev->kdev)
		return nvmet_kdev_irq_clear(dev->kdev, vector);
	return -EOPNOTSUPP;
}

bool tdev_fabrics(const struct tdev *dev)
{
	return dev->ctrl && !strcmp(nvmet_ctrl_transport(dev->ctrl), "tcp");
}

const char *tdev_name(const struct tdev *dev)
{
	static char nqn[224];
	const char *slash;

	if (tdev_fabrics(dev)) {
		/* tcp:ADDR[:PORT]/SUBNQN[,options]: the NQN (an option may hold a path). */
		slash = strchr(dev->name, '/');
		snprintf(nqn, sizeof(nqn), "%.*s", (int)strcspn(slash + 1, ","), slash + 1);
		return nqn;
	}
	if (dev->ctrl)
		return "emu";
	slash = strrchr(dev->name, '/');
	return slash ? slash + 1 : dev->name;
}

int admin_report(const struct cmd *cmd, const char *what, int ret, const struct nvmet_cqe *cqe)
{
	char st[NVMET_STATUS_STR_MAX];

	if (ret)
		return fail(cmd, "%s: %s", what, strerror(-ret));
	if (nvmet_cqe_is_timeout(cqe))
		return fail(cmd, "%s: timed out", what);
	if (NVMET_CQE_STATUS(cqe->status)) {
		nvmet_status_snprint(st, sizeof(st), cqe->status);
		return fail(cmd, "%s failed: %s", what, st);
	}
	return 0;
}

int admin_checked(const struct cmd *cmd, struct tdev *dev, const char *what,
		  const struct nvmet_sqe *sqe, void *data, size_t len, int to_dev,
		  uint32_t timeout_ms, struct nvmet_cqe *cqe)
{
	struct nvmet_cqe c;
	int ret;

	ret = tdev_admin(dev, sqe, data, len, to_dev, timeout_ms, &c);
	if (cqe)
		*cqe = c;
	return admin_report(cmd, what, ret, &c);
}

/* Identify into a 4096-byte @buf; an error status or a timeout is reported. */
int identify(const struct cmd *cmd, struct tdev *dev, uint8_t cns, uint32_t nsid, void *buf)
{
	struct nvmet_sqe sqe;
	char what[64];

	nvmet_cmd_identify(&sqe, cns, nsid, NULL);
	memset(buf, 0, 4096);
	snprintf(what, sizeof(what), "identify (cns %u, nsid %u)", cns, nsid);
	return admin_checked(cmd, dev, what, &sqe, buf, 4096, 0, 0, NULL);
}

/* "1, 2, 5" for the active namespaces after Identify CNS 02h, or "". */
static void active_list(struct tdev *dev, char *out, size_t len)
{
	uint8_t *list = calloc(1, 4096);
	struct nvmet_sqe sqe;
	struct nvmet_cqe cqe;
	size_t used = 0;
	unsigned int i;
	uint32_t id;

	nvmet_cmd_identify(&sqe, NVMET_CNS_NS_ACTIVE_LIST, 0, NULL);
	out[0] = '\0';
	if (!list || tdev_admin(dev, &sqe, list, 4096, 0, 0, &cqe) || !nvmet_cqe_ok(&cqe)) {
		free(list);
		return;
	}
	for (i = 0; i < 1024 && used < len && (id = get_le32(list + 4 * i)); i++)
		used += (size_t)snprintf(out + used, len - used, "%s%u", i ? ", " : "", id);
	if (!i)
		snprintf(out, len, "none");
	free(list);
}

int identify_ns(const struct cmd *cmd, struct tdev *dev, uint32_t nsid, void *buf)
{
	char active[128];
	int ret;

	ret = identify(cmd, dev, NVMET_CNS_NS, nsid, buf);
	/* FFFFFFFFh: what all namespaces share, with no size of its own. */
	if (ret || nsid == 0xffffffffu || get_le64((const uint8_t *)buf + NVMET_ID_NS_NSZE))
		return ret;
	/* An inactive namespace identifies as zeros: say so rather than print them. */
	active_list(dev, active, sizeof(active));
	if (active[0])
		return fail(cmd, "namespace %u is not active (Identify Namespace returned zeros;"
			    " active: %s)", nsid, active);
	return fail(cmd, "namespace %u is not active (Identify Namespace returned zeros)", nsid);
}

int lbaf_by_size(const uint8_t *ns, uint64_t bytes)
{
	unsigned int i;

	for (i = 0; i <= ns[NVMET_ID_NS_NLBAF] && i < 64; i++) {
		const uint8_t *f = ns + NVMET_ID_NS_LBAF + 4 * i;

		if (f[2] < 64 && (1ull << f[2]) == bytes && !get_le16(f))
			return (int)i;
	}
	return -1;
}
