// SPDX-License-Identifier: MIT
/*
 * SR-IOV on the PF (spec/vgpu.md §1.7, §2.2; docs/vgpu.md).  Whether this
 * GPU runs vGPU is decided at probe, before GSP boots, because GSP-RM
 * takes its vGPU settings only then: the heap size and its VF partitions
 * (WPR meta), the VF layout (GspSystemInfo.gspVFInfo) and the registry's
 * SR-IOV mode.  sriov_configure then enables or disables the VFs, and
 * every change is forwarded to the clients (the vGPU manager).
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "core.h"

static unsigned int vgpu;
module_param(vgpu, uint, 0444);
MODULE_PARM_DESC(vgpu,
		 "vGPUs to boot GSP-RM for (0: no vGPU); AD102 and GH100 with GSP-RM 570.144 only");

/*
 * The chips and release upstream vGPU targets (spec/vgpu.md §1.1: the RFC
 * v2 cover letter "vGPU is supported since GSP microcode 570", tested on
 * AD102; its supported_version_list holds only 570.144; GH100 per issue 11).
 */
static const char *const vgpu_chips[] = { "ad102", "gh100" };
#define VGPU_RELEASE		"570.144"
/* NVA081_MAX_VGPU_PER_PGPU (ctrla081.h): vGPUs one physical GPU hosts. */
#define VGPU_MAX		32
/* The RFC's GSP heap when vGPU is on, instead of the FB-sized one (v1 patch 03). */
#define VGPU_WPR_HEAP		SZ_256M

u32 nvcore_vgpu_partitions(const struct nvcore_dev *nd)
{
	return nd->core->sriov.partitions;
}

static bool vgpu_chip(const char *chip)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vgpu_chips); i++)
		if (!strcmp(chip, vgpu_chips[i]))
			return true;
	return false;
}

static void lost_work(struct work_struct *work)
{
	struct nvcore_core_state *c = container_of(work, struct nvcore_core_state,
						   sriov.lost_work);
	const struct nvcore_event ev = { .type = NVCORE_EVENT_DEVICE_LOST, .name = "DEVICE_LOST" };

	nvcore_clients_event(c->nd, &ev);
}

/* Called where the core gives the firmware up (nvcore_rpc_fail_all), in any context. */
void nvcore_sriov_device_lost(struct nvcore_dev *nd)
{
	queue_work(nd->core->intr.wq, &nd->core->sriov.lost_work);
}

/* Decide before boot whether GSP-RM runs vGPU; a refusal leaves the PF working without it. */
void nvcore_sriov_probe(struct nvcore_dev *nd)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	struct pci_dev *pdev = nd->pdev;

	mutex_init(&s->lock);
	INIT_WORK(&s->lost_work, lost_work);
	INIT_LIST_HEAD(&s->chid.ranges);
	INIT_LIST_HEAD(&s->fb.ranges);
	s->pos = pci_find_ext_capability(pdev, PCI_EXT_CAP_ID_SRIOV);
	if (s->pos) {
		pci_read_config_word(pdev, s->pos + PCI_SRIOV_TOTAL_VF, &s->total_vfs);
		pci_read_config_word(pdev, s->pos + PCI_SRIOV_VF_OFFSET, &s->vf_offset);
	}
	if (!vgpu)
		snprintf(s->refused, sizeof(s->refused), "vGPU is off (nvcore.vgpu=0)");
	else if (!vgpu_chip(nd->chip.name))
		snprintf(s->refused, sizeof(s->refused),
			 "vGPU needs an AD102 or GH100 GPU; this one is %s", nd->chip.name);
	else if (strcmp(nd->release->version, VGPU_RELEASE))
		snprintf(s->refused, sizeof(s->refused),
			 "vGPU needs GSP-RM " VGPU_RELEASE "; this GPU runs %s", nd->release->version);
	else if (!s->total_vfs)
		snprintf(s->refused, sizeof(s->refused), "the GPU has no SR-IOV capability");
	else if (vgpu > min_t(u32, s->total_vfs, VGPU_MAX))
		snprintf(s->refused, sizeof(s->refused),
			 "nvcore.vgpu=%u is more than the %u vGPUs this GPU can host", vgpu,
			 min_t(u32, s->total_vfs, VGPU_MAX));
	else
		s->partitions = vgpu;
	if (s->partitions)
		dev_info(nd->dev, "vGPU: booting GSP-RM for %u vGPUs (%u VFs)\n", s->partitions,
			 s->total_vfs);
	else if (vgpu)
		dev_warn(nd->dev, "vGPU not enabled: %s\n", s->refused);
}

/* Heap size for nvcore_boot_wpr_heap_size; 0 when vGPU is off. */
u64 nvcore_vgpu_wpr_heap(const struct nvcore_dev *nd)
{
	return nvcore_vgpu_partitions(nd) ? VGPU_WPR_HEAP : 0;
}

/*
 * GspSystemInfo.gspVFInfo from the PF's SR-IOV capability, as the RFC's
 * nvkm fills it (v1 patch 05; OGKM kbifCacheVFInfo_TU102 reads the same
 * registers): VF count and offset, VF 0's BAR0 and its 64-bit BAR1 and
 * BAR2 (SR-IOV BAR registers 1-2 and 3-4).  Left zero when vGPU is off.
 */
void nvcore_sriov_sysinfo(struct nvcore_dev *nd, struct nvcore_sysinfo_args *sa)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	static const int bar_res[] = { 0, 1, 3 };
	unsigned int i;

	if (!s->partitions)
		return;
	sa->vf.total_vfs = s->total_vfs;
	sa->vf.first_vf_offset = s->vf_offset;
	for (i = 0; i < ARRAY_SIZE(bar_res); i++) {
		int r = PCI_IOV_RESOURCES + bar_res[i];

		sa->vf.bar_addr[i] = pci_resource_start(nd->pdev, r);
		sa->vf.bar_64bit[i] = !!(pci_resource_flags(nd->pdev, r) & IORESOURCE_MEM_64);
	}
}

static void configure_event(struct nvcore_dev *nd, int num_vfs)
{
	const struct nvcore_event ev = {
		.type = NVCORE_EVENT_SRIOV_CONFIGURE, .name = "SRIOV_CONFIGURE",
		.num_vfs = num_vfs,
	};

	nvcore_clients_event(nd, &ev);
}

/*
 * Disable: the clients hear first and drop the vGPUs of the VFs that go
 * (spec/vgpu.md §2.2, the v2 design); a GFID still holding channel IDs
 * or framebuffer then refuses it (v1 patch 18 refused while in use).
 */
static int sriov_disable(struct nvcore_dev *nd)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	u64 chids, fb;
	u32 gfid;
	int ret = 0;

	configure_event(nd, 0);
	mutex_lock(&s->lock);
	gfid = nvcore_vgpu_res_held(nd, &chids, &fb);
	if (gfid) {
		dev_err(nd->dev, "cannot disable VFs: GFID %u still holds %llu channel IDs and %llu bytes of framebuffer\n",
			gfid, chids, fb);
		ret = -EBUSY;
	} else {
		s->num_vfs = 0;		/* no GFID allocates from here on */
	}
	mutex_unlock(&s->lock);
	/* Without the lock: removing a VF runs its driver, which may call the core. */
	if (!ret)
		pci_disable_sriov(nd->pdev);
	return ret;
}

/* pci_driver.sriov_configure: what a write to sriov_numvfs runs (0: disable). */
int nvcore_sriov_configure(struct pci_dev *pdev, int num_vfs)
{
	struct nvcore_dev *nd = pci_get_drvdata(pdev);
	struct nvcore_sriov_state *s = &nd->core->sriov;
	int ret;

	if (!num_vfs)
		return sriov_disable(nd);
	if (!s->partitions) {
		dev_err(nd->dev, "cannot enable VFs: %s\n", s->refused);
		return -ENODEV;
	}
	if (READ_ONCE(nd->core->rpc.dead)) {
		dev_err(nd->dev, "cannot enable VFs: the firmware is lost; the GPU needs a reset\n");
		return -ENODEV;
	}
	if ((u32)num_vfs > s->partitions) {
		dev_err(nd->dev, "cannot enable %d VFs: GSP-RM was booted for %u vGPUs (nvcore.vgpu)\n",
			num_vfs, s->partitions);
		return -EINVAL;
	}
	/* Without the lock: each new VF's driver probes, and may call the core. */
	ret = pci_enable_sriov(pdev, num_vfs);
	if (ret) {
		dev_err(nd->dev, "pci_enable_sriov(%d) failed: %d\n", num_vfs, ret);
		return ret;
	}
	mutex_lock(&s->lock);
	s->num_vfs = num_vfs;
	mutex_unlock(&s->lock);
	dev_info(nd->dev, "enabled %d VFs (GFIDs 1..%d)\n", num_vfs, num_vfs);
	configure_event(nd, num_vfs);
	return num_vfs;
}

/* PF remove: the clients hear the PF go (v2 DRIVER_UNBIND), then its VFs go. */
void nvcore_sriov_remove(struct nvcore_dev *nd)
{
	struct nvcore_sriov_state *s = &nd->core->sriov;
	const struct nvcore_event ev = { .type = NVCORE_EVENT_PF_UNBIND, .name = "PF_UNBIND" };
	int num_vfs;

	nvcore_clients_event(nd, &ev);
	mutex_lock(&s->lock);
	num_vfs = s->num_vfs;
	s->num_vfs = 0;
	mutex_unlock(&s->lock);
	if (num_vfs)
		pci_disable_sriov(nd->pdev);
	cancel_work_sync(&s->lost_work);
}
