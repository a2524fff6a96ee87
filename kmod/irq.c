// SPDX-License-Identifier: GPL-2.0
/*
 * irq.c - interrupt vectors: MSI-X, else MSI, else INTx; a counter per
 * vector, mask and unmask, and an eventfd to wait on. Vector 0 also
 * serves the admin completion queue.
 *
 * INTx may share its line with other devices: the handler claims an
 * interrupt only when this function drives the line (Interrupt Status set,
 * INTx Disable clear), masks it at the function (INTx Disable) rather than
 * at the line, and unmasks it once the function no longer asserts it, so
 * that a completion queue user space has not consumed yet neither storms
 * nor silences the line. While it stays asserted and masked, the module
 * looks every jiffy: it reaps the admin queue and signals vector 0's
 * eventfd again (not counting an interrupt), so that a program waiting on
 * it for a completion that came in the meantime is woken.
 */
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "core.h"

static unsigned int max_vectors = 32;
module_param(max_vectors, uint, 0444);
MODULE_PARM_DESC(max_vectors, "Most interrupt vectors to allocate per controller (default 32)");

static unsigned int irq_mode;
module_param(irq_mode, uint, 0444);
MODULE_PARM_DESC(irq_mode, "Interrupt kind: 0 best available, 1 INTx, 2 MSI, 3 MSI-X");

static irqreturn_t nvmetest_irq(int irq, void *data)
{
	struct nvmetest_vector *v = data;
	struct eventfd_ctx *trigger;

	atomic64_inc(&v->count);
	rcu_read_lock();
	trigger = rcu_dereference(v->trigger);
	if (trigger)
		nvmetest_eventfd_signal(trigger);
	rcu_read_unlock();
	return v->index == 0 ? IRQ_WAKE_THREAD : IRQ_HANDLED;
}

/*
 * A shared line: ours only when the function drives it, then masked there.
 * Masked already (by the module or user space), it is not the one.
 */
static irqreturn_t nvmetest_irq_intx(int irq, void *data)
{
	struct nvmetest_vector *v = data;
	u16 cmd;

	if (pci_read_config_word(v->ctrl->pdev, PCI_COMMAND, &cmd) ||
	    (cmd & PCI_COMMAND_INTX_DISABLE) || !pci_check_and_mask_intx(v->ctrl->pdev))
		return IRQ_NONE;
	return nvmetest_irq(irq, data);
}

/*
 * Unmask INTx at the function unless user space masked the vector. While
 * the function still asserts it (a completion queue not consumed yet) it
 * stays masked and is looked at again a jiffy later: unmasked, a level
 * interrupt still asserted would come back at once, for ever.
 * Return: whether it stays masked and asserted.
 */
static bool nvmetest_intx_unmask(struct nvmetest_ctrl *ctrl)
{
	unsigned long flags;
	bool again;

	spin_lock_irqsave(&ctrl->intx_lock, flags);
	again = !ctrl->vectors[0].masked && !pci_check_and_unmask_intx(ctrl->pdev);
	spin_unlock_irqrestore(&ctrl->intx_lock, flags);
	if (again)
		schedule_delayed_work(&ctrl->intx_work, 1);
	return again;
}

/* Held off and still asserted: reap the admin queue, remind the eventfd. */
static void nvmetest_intx_work(struct work_struct *work)
{
	struct nvmetest_ctrl *ctrl = container_of(to_delayed_work(work), struct nvmetest_ctrl,
						  intx_work);
	struct eventfd_ctx *trigger;

	nvmetest_aq_process(ctrl);
	if (!nvmetest_intx_unmask(ctrl))
		return;
	rcu_read_lock();
	trigger = rcu_dereference(ctrl->vectors[0].trigger);
	if (trigger)
		nvmetest_eventfd_signal(trigger);
	rcu_read_unlock();
}

static irqreturn_t nvmetest_irq_admin(int irq, void *data)
{
	struct nvmetest_vector *v = data;

	nvmetest_aq_process(v->ctrl);
	if (v->ctrl->irq_kind == NVMETEST_IRQ_INTX)
		nvmetest_intx_unmask(v->ctrl);
	return IRQ_HANDLED;
}

static unsigned int nvmetest_irq_types(void)
{
	switch (irq_mode) {
	case 1:
		return PCI_IRQ_INTX;
	case 2:
		return PCI_IRQ_MSI;
	case 3:
		return PCI_IRQ_MSIX;
	default:
		return PCI_IRQ_MSIX | PCI_IRQ_MSI | PCI_IRQ_INTX;
	}
}

static int nvmetest_irq_request(struct nvmetest_ctrl *ctrl, struct nvmetest_vector *v)
{
	v->irq = pci_irq_vector(ctrl->pdev, v->index);
	if (v->irq < 0)
		return v->irq;
	/*
	 * The admin CQ is reaped in a thread. INTx is held off at the
	 * function until then, not at the line: IRQF_ONESHOT would keep
	 * every device sharing it quiet (and must match theirs).
	 */
	if (ctrl->irq_kind == NVMETEST_IRQ_INTX)
		return request_threaded_irq(v->irq, nvmetest_irq_intx, nvmetest_irq_admin,
					    IRQF_SHARED, dev_name(&ctrl->dev), v);
	if (v->index == 0)
		return request_threaded_irq(v->irq, nvmetest_irq, nvmetest_irq_admin,
					    IRQF_ONESHOT, dev_name(&ctrl->dev), v);
	return request_irq(v->irq, nvmetest_irq, 0, dev_name(&ctrl->dev), v);
}

int nvmetest_irq_setup(struct nvmetest_ctrl *ctrl)
{
	struct pci_dev *pdev = ctrl->pdev;
	unsigned int i;
	int nvec, ret;

	nvec = pci_alloc_irq_vectors(pdev, 1, max(max_vectors, 1u), nvmetest_irq_types());
	if (nvec < 0) {
		dev_err(&pdev->dev, "no interrupt vector of the allowed kinds (irq_mode=%u): %d\n",
			irq_mode, nvec);
		return nvec;
	}
	ctrl->nr_vectors = nvec;
	ctrl->irq_kind = pdev->msix_enabled ? NVMETEST_IRQ_MSIX :
			 pdev->msi_enabled ? NVMETEST_IRQ_MSI : NVMETEST_IRQ_INTX;
	spin_lock_init(&ctrl->intx_lock);
	INIT_DELAYED_WORK(&ctrl->intx_work, nvmetest_intx_work);
	ctrl->vectors = kcalloc(nvec, sizeof(*ctrl->vectors), GFP_KERNEL);
	if (!ctrl->vectors) {
		ret = -ENOMEM;
		goto err_vectors;
	}
	for (i = 0; i < ctrl->nr_vectors; i++) {
		struct nvmetest_vector *v = &ctrl->vectors[i];

		v->ctrl = ctrl;
		v->index = i;
		ret = nvmetest_irq_request(ctrl, v);
		if (ret)
			goto err_request;
		v->requested = true;
	}
	return 0;

err_request:
	nvmetest_irq_teardown(ctrl);
	return ret;
err_vectors:
	pci_free_irq_vectors(pdev);
	return ret;
}

static void nvmetest_irq_set_trigger(struct nvmetest_vector *v, struct eventfd_ctx *ctx,
				     struct nvmetest_file *owner)
{
	struct eventfd_ctx *old = rcu_replace_pointer(v->trigger, ctx, true);

	v->trigger_owner = owner;
	if (old) {
		synchronize_rcu();
		eventfd_ctx_put(old);
	}
}

void nvmetest_irq_teardown(struct nvmetest_ctrl *ctrl)
{
	unsigned int i;

	for (i = 0; ctrl->vectors && i < ctrl->nr_vectors; i++) {
		struct nvmetest_vector *v = &ctrl->vectors[i];

		if (!v->requested)
			continue;
		if (v->masked && ctrl->irq_kind != NVMETEST_IRQ_INTX)
			enable_irq(v->irq);
		free_irq(v->irq, v);
		v->requested = false;
		nvmetest_irq_set_trigger(v, NULL, NULL);
	}
	/* After free_irq(): no handler left to schedule it again. */
	if (ctrl->irq_kind == NVMETEST_IRQ_INTX)
		cancel_delayed_work_sync(&ctrl->intx_work);
	kfree(ctrl->vectors);
	ctrl->vectors = NULL;
	ctrl->nr_vectors = 0;
	pci_free_irq_vectors(ctrl->pdev);
}

/* Detach the eventfds a closing file attached. Called with ctrl->lock held. */
void nvmetest_irq_release_file(struct nvmetest_ctrl *ctrl, struct nvmetest_file *nf)
{
	unsigned int i;

	for (i = 0; i < ctrl->nr_vectors; i++)
		if (ctrl->vectors[i].trigger_owner == nf)
			nvmetest_irq_set_trigger(&ctrl->vectors[i], NULL, NULL);
}

static long nvmetest_irq_eventfd(struct nvmetest_file *nf, struct nvmetest_vector *v, int fd)
{
	struct eventfd_ctx *ctx = NULL;

	if (fd >= 0) {
		ctx = eventfd_ctx_fdget(fd);
		if (IS_ERR(ctx))
			return PTR_ERR(ctx);
	} else if (fd != -1) {
		return -EINVAL;
	}
	nvmetest_irq_set_trigger(v, ctx, ctx ? nf : NULL);
	return 0;
}

/*
 * An interrupt that arrives while masked is delivered on unmask: the line's
 * replay for MSI and MSI-X; for INTx, held off at the function (never at a
 * line other devices may share), the function still asserting it.
 */
static void nvmetest_irq_set_mask(struct nvmetest_ctrl *ctrl, struct nvmetest_vector *v,
				  bool mask)
{
	unsigned long flags;

	if (ctrl->irq_kind == NVMETEST_IRQ_INTX) {
		spin_lock_irqsave(&ctrl->intx_lock, flags);
		v->masked = mask;
		pci_intx(ctrl->pdev, !mask);
		spin_unlock_irqrestore(&ctrl->intx_lock, flags);
		return;
	}
	if (mask && !v->masked)
		disable_irq(v->irq);
	else if (!mask && v->masked)
		enable_irq(v->irq);
	v->masked = mask;
}

long nvmetest_ioctl_irq(struct nvmetest_file *nf, unsigned int cmd, void __user *argp)
{
	struct nvmetest_ctrl *ctrl = nf->ctrl;
	struct nvmetest_vector *v;
	struct nvmetest_irq req;
	long ret = 0;

	if (copy_from_user(&req, argp, sizeof(req)))
		return -EFAULT;
	if (!nvmetest_rsvd_zero(req.rsvd, sizeof(req.rsvd)))
		return -EINVAL;
	if (req.vector >= ctrl->nr_vectors)
		return -EINVAL;
	if (cmd != NVMETEST_IOC_IRQ_EVENTFD && cmd != NVMETEST_IOC_IRQ_GET && req.eventfd)
		return -EINVAL;
	v = &ctrl->vectors[req.vector];

	mutex_lock(&ctrl->lock);
	switch (cmd) {
	case NVMETEST_IOC_IRQ_GET:
		req.count = atomic64_read(&v->count);
		req.masked = v->masked;
		break;
	case NVMETEST_IOC_IRQ_CLEAR:
		atomic64_set(&v->count, 0);
		break;
	case NVMETEST_IOC_IRQ_MASK:
	case NVMETEST_IOC_IRQ_UNMASK:
		nvmetest_irq_set_mask(ctrl, v, cmd == NVMETEST_IOC_IRQ_MASK);
		break;
	case NVMETEST_IOC_IRQ_EVENTFD:
		ret = nvmetest_irq_eventfd(nf, v, req.eventfd);
		break;
	}
	mutex_unlock(&ctrl->lock);
	if (ret || cmd != NVMETEST_IOC_IRQ_GET)
		return ret;
	req.eventfd = 0;
	return copy_to_user(argp, &req, sizeof(req)) ? -EFAULT : 0;
}
