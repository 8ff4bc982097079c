// SPDX-License-Identifier: MIT
#include <string.h>

#include <linux/pci.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <kshim/kshim.h>

#include "fzdev.h"
#include "regs.h"

static uint32_t bar0_read(void *ctx, uint64_t off)
{
	struct fzdev *d = ctx;
	uint32_t v = 0;

	if (off >= NV_PROM_DATA && off < NV_PROM_DATA + NV_PROM_SIZE) {
		for (unsigned int i = 0; i < 4; i++) {
			size_t at = off - NV_PROM_DATA + i;

			v |= (uint32_t)(at < d->rom_len ? d->rom[at] : 0xff) << (8 * i);
		}
		return v;
	}
	return d->reg ? d->reg(d->reg_ctx, (uint32_t)off) : 0;
}

static void bar0_write(void *ctx, uint64_t off, uint32_t val)
{
}

void fzdev_init(struct fzdev *d, const char *chip, bool fsp, const struct nvcore_fw_release *rel)
{
	static struct kshim_mmio_ops ops = { .read32 = bar0_read, .write32 = bar0_write };
	struct kshim_pci_desc desc = {
		.vendor = 0x10de, .device = 0x2236, .class_code = 0x030200,
		.bus = 1, .bar_size = { [0] = 16 << 20 }, .bar_ops = { [0] = &ops },
	};

	ops.ctx = d;
	kshim_init(0x6e76636f7265);
	d->pdev = kshim_pci_add(&desc);
	d->nd.pdev = d->pdev;
	d->nd.dev = &d->pdev->dev;
	d->nd.bar0 = pci_iomap(d->pdev, 0, 0);
	d->nd.chip.name = chip;
	d->nd.chip.sig_family = fsp ? "gh100" : "ga10x";
	d->nd.chip.fsp_boot = fsp;
	d->nd.release = rel;
}

/* A waiter's status-queue poll (main.c's poll_work, without the interrupt tree). */
static void poll_work(struct work_struct *work)
{
	struct nvcore_core_state *c = container_of(work, struct nvcore_core_state, intr.poll_work);

	nvcore_rpc_dispatch(c->nd);
}

void fzdev_short_timeouts(struct fzdev *d)
{
	d->rel = *d->nd.release;
	d->rel.timeout_ms[NVCORE_TIMEOUT_RPC] = 50;
	d->rel.timeout_ms[NVCORE_TIMEOUT_INIT_DONE] = 5;
	d->rel.timeout_ms[NVCORE_TIMEOUT_SEQ_CORE] = 1;
	d->nd.release = &d->rel;
}

int fzdev_queues(struct fzdev *d)
{
	struct nvcore_dev *nd = &d->nd;
	struct msgqTxHeader *h;
	int ret;

	nd->core = kzalloc(sizeof(*nd->core), GFP_KERNEL);
	nd->core->nd = nd;
	nd->core->intr.irq = -1;
	init_completion(&nd->core->boot.init_done);
	INIT_WORK(&nd->core->intr.poll_work, poll_work);
	nd->core->intr.wq = alloc_ordered_workqueue("fzdev", 0);
	nvcore_sriov_probe(nd);		/* as probe: the device-lost work among others */
	ret = nvcore_rpc_init(nd);
	if (!ret)
		ret = nvcore_msgq_init(nd);
	if (ret)
		return ret;
	/* msgqTxCreate on GSP's side: protocol.md §1.2's numbers. */
	h = nd->core->rpc.q.stat_tx;
	h->version = 0;
	h->size = 0x40000;
	h->msgSize = 0x1000;
	h->msgCount = 63;
	h->writePtr = 0;
	h->flags = 1;
	h->rxHdrOff = 0x20;
	h->entryOff = 0x1000;
	return nvcore_msgq_link(nd);
}

void fzdev_post(struct fzdev *d, const void *msg, size_t len)
{
	struct nvcore_msgq *q = &d->nd.core->rpc.q;
	uint32_t w = q->stat_tx->writePtr % 63, pages = (len + 0xfff) / 0x1000;

	for (uint32_t i = 0; i < pages; i++) {
		size_t n = len - i * 0x1000 < 0x1000 ? len - i * 0x1000 : 0x1000;
		uint8_t *slot = q->stat_entries + (size_t)((w + i) % 63) * 0x1000;

		memset(slot, 0, 0x1000);
		memcpy(slot, (const uint8_t *)msg + i * 0x1000, n);
	}
	q->stat_tx->writePtr = (w + pages) % 63;
}

unsigned int fzdev_fini(struct fzdev *d)
{
	if (d->nd.core) {
		/* As unload does: waiters complete, abandoned commands are freed. */
		nvcore_rpc_fail_all(&d->nd, -ENODEV);
		nvcore_sriov_remove(&d->nd);
		destroy_workqueue(d->nd.core->intr.wq);
		nvcore_rpc_fini(&d->nd);
		nvcore_msgq_fini(&d->nd);
		kfree(d->nd.core);
	}
	/* As remove does: what the driver keeps with the files (the FWSEC it read). */
	nvcore_fw_files_release(&d->nd);
	pci_iounmap(d->pdev, d->nd.bar0);
	kshim_pci_remove(d->pdev);
	memset(d, 0, sizeof(*d));
	return kshim_fini();
}
