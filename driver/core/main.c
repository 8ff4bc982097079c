// SPDX-License-Identifier: MIT
/*
 * nvcore: PCI driver for NVIDIA GPUs that run GSP-RM (GA102..GA107,
 * AD102..AD107, GH100).
 * Probe identifies the chip, boots GSP and publishes the auxiliary device
 * clients bind to; remove unloads GSP cleanly.
 */
#include <linux/dma-mapping.h>
#include <linux/interrupt.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/slab.h>

#include "core.h"
#include "regs.h"

static char *fw_release;
module_param(fw_release, charp, 0444);
MODULE_PARM_DESC(fw_release,
		 "GSP-RM release to boot, e.g. 570.144 (default: the newest one whose files are installed)");

/*
 * Every die of the families nvcore boots, identified by BOOT_42's chip id
 * (nv_arch.h GPU_ARCHITECTURE_* << 4 | GPU_IMPLEMENTATION_*).  The name is
 * the firmware directory nvidia/<name>/gsp/; linux-firmware ships ga103..ga107
 * as links to ga102's files and ad103..ad107 as links to ad102's.  The
 * signature section is the family's: nouveau gsp/ga102.c and ad102.c register
 * every GA10x/AD10x die with .fwsignature_ga10x / _ad10x (r535_gsp_load's
 * sig_section, chipset from nvkm/engine/device/base.c).
 */
static const struct {
	u32 id;
	const char *name, *sig_family;
	bool fsp_boot, legacy_hs, libos2;
	u32 rm_heap_mib;	/* protocol.md §3.3: 8 MiB TU..AD, 14 MiB GH100 */
	const char *refused;	/* why this chip cannot be driven, or NULL */
} chips[] = {
	{ NV_CHIP_GA102, "ga102", "ga10x", false, false, false, 8, NULL },
	{ NV_CHIP_GA103, "ga103", "ga10x", false, false, false, 8, NULL },
	{ NV_CHIP_GA104, "ga104", "ga10x", false, false, false, 8, NULL },
	{ NV_CHIP_GA106, "ga106", "ga10x", false, false, false, 8, NULL },
	{ NV_CHIP_GA107, "ga107", "ga10x", false, false, false, 8, NULL },
	{ NV_CHIP_AD102, "ad102", "ad10x", false, false, false, 8, NULL },
	{ NV_CHIP_AD103, "ad103", "ad10x", false, false, false, 8, NULL },
	{ NV_CHIP_AD104, "ad104", "ad10x", false, false, false, 8, NULL },
	{ NV_CHIP_AD106, "ad106", "ad10x", false, false, false, 8, NULL },
	{ NV_CHIP_AD107, "ad107", "ad10x", false, false, false, 8, NULL },
	{ NV_CHIP_GH100, "gh100", "gh100", true, false, false, 14, NULL },
	/*
	 * GA100 boots like Turing (nouveau gsp/ga100.c): legacy falcon HS booter
	 * loaded by PIO, FWSEC by PIO with signature 0, LIBOS2 heap sizes.  Only
	 * releases with GA100 files list it (535.113.01).
	 */
	{ NV_CHIP_GA100, "ga100", "ga100", false, true, true, 8, NULL },
};

static int identify(struct nvcore_dev *nd)
{
	u32 boot0 = nvcore_rd32(nd, NV_PMC_BOOT_0);
	u32 boot42 = nvcore_rd32(nd, NV_PMC_BOOT_42);
	u32 id = (boot42 >> NV_PMC_BOOT_42_CHIP_ID_SHIFT) & NV_PMC_BOOT_42_CHIP_ID_MASK;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(chips); i++) {
		if (chips[i].id != id)
			continue;
		if (chips[i].refused) {
			dev_err(nd->dev, "%s (BOOT_42 0x%08x) is not supported: %s\n",
				chips[i].name, boot42, chips[i].refused);
			return -ENODEV;
		}
		nd->chip.id = id;
		nd->chip.name = chips[i].name;
		nd->chip.sig_family = chips[i].sig_family;
		nd->chip.fsp_boot = chips[i].fsp_boot;
		nd->chip.legacy_hs = chips[i].legacy_hs;
		nd->chip.libos2 = chips[i].libos2;
		nd->chip.rm_heap_mib = chips[i].rm_heap_mib;
		nd->chip.major = (boot42 >> NV_PMC_BOOT_42_MAJOR_SHIFT) & 0xf;
		nd->chip.minor = (boot42 >> NV_PMC_BOOT_42_MINOR_SHIFT) & 0xf;
		dev_info(nd->dev, "%s rev %x.%x (BOOT_0 0x%08x, BOOT_42 0x%08x)\n", nd->chip.name,
			 nd->chip.major, nd->chip.minor, boot0, boot42);
		return 0;
	}
	dev_err(nd->dev, "unknown chip 0x%03x (BOOT_0 0x%08x, BOOT_42 0x%08x)\n", id, boot0,
		boot42);
	return -ENODEV;
}

static void releases_for(const char *chip, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int i;

	buf[0] = '\0';
	for (i = 0; i < nvcore_fw_num_releases; i++)
		if (!chip || nvcore_fw_release_supports(nvcore_fw_releases[i], chip))
			n += scnprintf(buf + n, len - n, "%s%s", n ? ", " : "",
				       nvcore_fw_releases[i]->version);
}

/*
 * Pick the firmware release and load its files: the one named by the
 * fw_release parameter, else the newest release for this chip whose GSP-RM
 * image is installed (as nouveau walks its fwif table).  A file that is
 * present but damaged fails the probe; it never falls back silently.
 */
static int select_release(struct nvcore_dev *nd)
{
	char list[96];
	unsigned int i;
	int ret;

	if (fw_release && *fw_release) {
		nd->release = nvcore_fw_release_find(fw_release);
		if (!nd->release) {
			releases_for(NULL, list, sizeof(list));
			dev_err(nd->dev, "fw_release=%s is not a release nvcore supports (supported: %s)\n",
				fw_release, list);
			return -EINVAL;
		}
		if (!nvcore_fw_release_supports(nd->release, nd->chip.name)) {
			releases_for(nd->chip.name, list, sizeof(list));
			dev_err(nd->dev, "%s cannot boot GSP-RM %s (releases for %s: %s)\n",
				nd->chip.name, fw_release, nd->chip.name, list);
			return -ENODEV;
		}
		return nvcore_fw_files_load(nd, false);
	}
	for (i = 0; i < nvcore_fw_num_releases; i++) {
		nd->release = nvcore_fw_releases[i];
		if (!nvcore_fw_release_supports(nd->release, nd->chip.name))
			continue;
		ret = nvcore_fw_files_load(nd, true);
		if (ret != -ENOENT)
			return ret;
	}
	nd->release = NULL;
	releases_for(nd->chip.name, list, sizeof(list));
	dev_err(nd->dev, "no GSP-RM firmware for %s installed: looked for nvidia/%s/gsp/gsp-<release>.bin for %s\n",
		nd->chip.name, nd->chip.name, list);
	return -ENOENT;
}

/*
 * The GSP's interrupt reaches the host only through the PF's CPU interrupt
 * tree (regs.h NV_VIRTUAL_FUNCTION_*): falcon IRQSTAT & the RISC-V IRQMASK
 * GSP-RM programmed -> leaf bit of the GSP's vector -> leaf enable -> top
 * enable -> the PCI line.  The vector is GSP-RM's to choose: the core asks
 * for it with GET_KERNEL_TABLE once RM runs, as nouveau r535_gsp_postinit
 * does, and only then enables the leaf.  Until then (the whole boot) the
 * status queue is polled.
 */
#define INTR_LEAVES_GA10X	8	/* ga102 dev_vm.h NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF__SIZE_1 */
#define INTR_LEAVES_GH100	16	/* gh100 dev_vm.h */

static u32 intr_leaf(u32 v)	{ return v / 32; }
static u32 intr_bit(u32 v)	{ return BIT(v % 32); }
/* Top bit t covers leaves 2t and 2t + 1 (nouveau vfn/tu102.c tu102_vfn_intr_pending). */
static u32 intr_top(u32 v)	{ return v / 64 / 32; }
static u32 intr_top_bit(u32 v)	{ return BIT(v / 64 % 32); }

int nvcore_intr_enable(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	unsigned int leaves = nd->chip.fsp_boot ? INTR_LEAVES_GH100 : INTR_LEAVES_GA10X;
	u32 status = 0, v = 0;
	void *p;
	int ret;

	p = kzalloc(nd->release->intr_table_size, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ret = nvcore_rm_control_raw(nd, c->boot.sinfo.h_internal_client, c->boot.sinfo.h_internal_subdevice,
				    NV2080_CTRL_CMD_INTERNAL_INTR_GET_KERNEL_TABLE, p,
				    nd->release->intr_table_size, &status);
	if (ret == -EREMOTEIO)
		dev_err(nd->dev, "INTR_GET_KERNEL_TABLE failed in firmware: 0x%x\n", status);
	else if (ret)
		dev_err(nd->dev, "INTR_GET_KERNEL_TABLE could not be sent: %d\n", ret);
	if (!ret) {
		ret = nd->release->parse_intr_table(p, &v);
		if (ret)
			dev_err(nd->dev, "INTR_GET_KERNEL_TABLE: %s\n", ret == -ENOENT ?
				"no GSP row" : "table length out of range");
	}
	kfree(p);
	if (ret)
		return ret == -ENOENT ? -EPROTO : ret;
	if (intr_leaf(v) >= leaves) {
		dev_err(nd->dev, "INTR_GET_KERNEL_TABLE: GSP vector %u is beyond the %u leaves of %s\n",
			v, leaves, nd->chip.name);
		return -EPROTO;
	}
	c->intr.vector = v;
	/* A stale edge from before we owned the tree is not ours: clear, then enable. */
	nvcore_wr32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(intr_leaf(v))), intr_bit(v));
	nvcore_wr32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_SET(intr_leaf(v))),
		    intr_bit(v));
	nvcore_wr32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP_EN_SET(intr_top(v))),
		    intr_top_bit(v));
	smp_store_release(&c->intr.enabled, true);
	dev_dbg(nd->dev, "GSP interrupt vector %u (leaf %u bit %u)\n", v, intr_leaf(v), v % 32);
	/*
	 * nouveau r535_gsp_postinit clears SWGEN0 once the leaf is allowed;
	 * the poll then drains what was posted before and retriggers.
	 */
	nvcore_intr_poll(nd);
	return 0;
}

void nvcore_intr_disable(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	u32 v = c->intr.vector;

	if (!c->intr.enabled)
		return;
	WRITE_ONCE(c->intr.enabled, false);
	nvcore_wr32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF_EN_CLEAR(intr_leaf(v))),
		    intr_bit(v));
	if (c->intr.irq >= 0)
		synchronize_irq(c->intr.irq);
}

/*
 * Service the GSP falcon's host-routed causes: IRQSTAT & RISC-V IRQMASK
 * (nouveau r535_gsp_intr; OGKM kflcnReadIntrStatus_GA102 ANDs IRQDEST too).
 * SWGEN0 is cleared before the drain (OGKM kgspService_TU102: "Clear edge
 * triggered interrupt BEFORE (and never after) servicing it"), so a message
 * posted during the drain raises it again.  Returns the causes found.
 */
static u32 gsp_service(struct nvcore_dev *nd)
{
	u32 stat = nvcore_rd32(nd, NV_PGSP_FALCON_IRQSTAT);

	stat &= nvcore_rd32(nd, NV_PGSP_RISCV_IRQMASK);
	if (stat & NV_FALCON_IRQ_SWGEN0)
		nvcore_wr32(nd, NV_PGSP_FALCON_IRQSCLR, NV_FALCON_IRQ_SWGEN0);
	if (stat & ~NV_FALCON_IRQ_SWGEN0) {
		dev_err_ratelimited(nd->dev, "GSP falcon interrupt 0x%08x\n",
				    stat & ~NV_FALCON_IRQ_SWGEN0);
		nvcore_wr32(nd, NV_PGSP_FALCON_IRQSCLR, stat & ~NV_FALCON_IRQ_SWGEN0);
	}
	return stat;
}

/*
 * The tree is edge-fed: the falcon sends its interrupt when a cause rises,
 * and again only when told to (INTR_RETRIGGER, OGKM kflcnIntrRetrigger_GA100
 * "Retrigger an interrupt message from the engine to the NV_CTRL tree",
 * called at the end of kgspService_TU102; nouveau r535_gsp_intr).  Without
 * it, a cause that rose between the leaf clear and IRQSCLR is never seen.
 */
static void gsp_retrigger(struct nvcore_dev *nd)
{
	nvcore_wr32(nd, NV_PGSP_FALCON_INTR_RETRIGGER0, NV_FALCON_INTR_RETRIGGER_TRIGGER);
}

irqreturn_t nvcore_irq(int irq, void *data)
{
	struct nvcore_dev *nd = data;
	struct nvcore_core_state *c = nd->core;
	u32 v, stat;

	if (!smp_load_acquire(&c->intr.enabled))
		return IRQ_NONE;
	v = c->intr.vector;
	if (!(nvcore_rd32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_TOP(intr_top(v)))) &
	      intr_top_bit(v)))
		return IRQ_NONE;
	if (!(nvcore_rd32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(intr_leaf(v)))) &
	      intr_bit(v)))
		return IRQ_NONE;
	/* The leaf first, then the source (nouveau core/intr.c nvkm_intr: reset, then handler). */
	nvcore_wr32(nd, NV_PF_INTR(NV_VIRTUAL_FUNCTION_PRIV_CPU_INTR_LEAF(intr_leaf(v))), intr_bit(v));
	stat = gsp_service(nd);
	nvcore_trace_irq(nd, stat);
	if (stat & NV_FALCON_IRQ_SWGEN0)
		queue_work(c->intr.wq, &c->intr.msg_work);
	gsp_retrigger(nd);
	return IRQ_HANDLED;
}

static void msg_work(struct work_struct *work)
{
	struct nvcore_core_state *c = container_of(work, struct nvcore_core_state, intr.msg_work);

	nvcore_rpc_dispatch(c->nd);
}

/*
 * A waiter's poll (nouveau r535_gsp_msgq_wait and OGKM _kgspRpcRecvPoll wait
 * on the status queue itself, not on the interrupt): service the falcon as
 * the handler would, drain, and retrigger so that an interrupt the tree lost
 * costs one poll interval, and the next one arrives again.
 */
static void poll_work(struct work_struct *work)
{
	struct nvcore_core_state *c = container_of(work, struct nvcore_core_state, intr.poll_work);

	gsp_service(c->nd);
	nvcore_rpc_dispatch(c->nd);
	if (smp_load_acquire(&c->intr.enabled))
		gsp_retrigger(c->nd);
}

void nvcore_intr_poll(struct nvcore_dev *nd)
{
	queue_work(nd->core->intr.wq, &nd->core->intr.poll_work);
}

static void core_free(struct nvcore_dev *nd)
{
	nvcore_intr_disable(nd);
	if (nd->core->intr.irq >= 0)
		free_irq(nd->core->intr.irq, nd);
	pci_free_irq_vectors(nd->pdev);
	if (nd->core->intr.wq)
		destroy_workqueue(nd->core->intr.wq);
	nvcore_rpc_fini(nd);
	kfree(nd->core);
}

static int nvcore_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct nvcore_dev *nd;
	struct nvcore_core_state *c;
	int ret;

	/* A VF is its vGPU's, never the core's (the RFC's nvkm refuses VFs too). */
	if (pdev->is_virtfn)
		return -ENODEV;
	nd = kzalloc(sizeof(*nd), GFP_KERNEL);
	if (!nd)
		return -ENOMEM;
	nd->pdev = pdev;
	nd->dev = &pdev->dev;
	pci_set_drvdata(pdev, nd);

	ret = pci_enable_device(pdev);
	if (ret)
		goto err_free;
	ret = pci_request_regions(pdev, "nvcore");
	if (ret)
		goto err_disable;
	pci_set_master(pdev);
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(47));
	if (ret)
		goto err_regions;
	nd->bar0 = pci_iomap(pdev, 0, 0);
	if (!nd->bar0) {
		ret = -ENOMEM;
		goto err_regions;
	}
	nvcore_trace_probe(nd);
	ret = identify(nd);
	if (ret)
		goto err_unmap;
	nvcore_trace_identity(nd);
	ret = select_release(nd);
	if (ret)
		goto err_unmap;
	nvcore_trace_identity(nd);
	dev_info(nd->dev, "GSP-RM %s\n", nd->release->version);

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		ret = -ENOMEM;
		goto err_files;
	}
	nd->core = c;
	c->nd = nd;
	c->intr.irq = -1;
	init_completion(&c->boot.init_done);
	INIT_WORK(&c->intr.msg_work, msg_work);
	INIT_WORK(&c->intr.poll_work, poll_work);
	ret = nvcore_rpc_init(nd);
	if (ret)
		goto err_core;
	c->intr.wq = alloc_ordered_workqueue("nvcore-%s", 0, pci_name(pdev));
	if (!c->intr.wq) {
		ret = -ENOMEM;
		goto err_core;
	}
	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI | PCI_IRQ_INTX);
	if (ret < 0)
		goto err_core;
	ret = request_irq(pci_irq_vector(pdev, 0), nvcore_irq, IRQF_SHARED, "nvcore", nd);
	if (ret)
		goto err_core;
	c->intr.irq = pci_irq_vector(pdev, 0);

	nvcore_sriov_probe(nd);
	ret = nvcore_boot(nd);
	if (ret)
		goto err_unload;
	ret = nvcore_fw_handshake(nd);
	if (ret)
		goto err_unload;
	/* Once RM runs and is the build we booted (nouveau r535_gsp_postinit). */
	ret = nvcore_intr_enable(nd);
	if (ret)
		goto err_unload;
	nvcore_vgpu_res_init(nd);
	ret = nvcore_clients_init(nd);
	if (ret)
		goto err_unload;
	return 0;

err_unload:
	nvcore_unload(nd);
err_core:
	core_free(nd);
err_files:
	nvcore_fw_files_release(nd);
err_unmap:
	nvcore_trace_probe_failed(nd, ret);
	pci_iounmap(pdev, nd->bar0);
err_regions:
	pci_release_regions(pdev);
err_disable:
	pci_disable_device(pdev);
err_free:
	kfree(nd);
	return ret;
}

static void nvcore_remove(struct pci_dev *pdev)
{
	struct nvcore_dev *nd = pci_get_drvdata(pdev);

	nvcore_sriov_remove(nd);
	nvcore_clients_fini(nd);
	nvcore_unload(nd);
	core_free(nd);
	/* Acquired by probe (select_release), released by probe's unwind or here. */
	nvcore_fw_files_release(nd);
	nvcore_trace_remove(nd);
	pci_iounmap(pdev, nd->bar0);
	pci_release_regions(pdev);
	pci_disable_device(pdev);
	kfree(nd);
}

static const struct pci_device_id nvcore_ids[] = {
	{ .vendor = PCI_VENDOR_ID_NVIDIA, .device = PCI_ANY_ID, .subvendor = PCI_ANY_ID,
	  .subdevice = PCI_ANY_ID, .class = PCI_CLASS_DISPLAY_3D << 8, .class_mask = 0xffff00 },
	{ .vendor = PCI_VENDOR_ID_NVIDIA, .device = PCI_ANY_ID, .subvendor = PCI_ANY_ID,
	  .subdevice = PCI_ANY_ID, .class = PCI_CLASS_DISPLAY_VGA << 8, .class_mask = 0xffff00 },
	{ }
};
MODULE_DEVICE_TABLE(pci, nvcore_ids);

static struct pci_driver nvcore_driver = {
	.name = "nvcore",
	.id_table = nvcore_ids,
	.probe = nvcore_probe,
	.remove = nvcore_remove,
	.sriov_configure = nvcore_sriov_configure,
};

static int __init nvcore_init(void)
{
	int ret = nvcore_trace_module_init();

	if (ret)
		return ret;
	ret = pci_register_driver(&nvcore_driver);
	if (ret)
		nvcore_trace_module_exit();
	return ret;
}
module_init(nvcore_init);

static void __exit nvcore_exit(void)
{
	pci_unregister_driver(&nvcore_driver);
	/* Recordings of failed probes stay readable until here. */
	nvcore_trace_module_exit();
}
module_exit(nvcore_exit);

MODULE_DESCRIPTION("Core driver for NVIDIA GPUs running GSP-RM firmware");
MODULE_LICENSE("Dual MIT/GPL");
