// SPDX-License-Identifier: MIT
/*
 * The PF's SR-IOV capability in PCI config space, for the chips vGPU runs
 * on (docs/hw-fidelity.md "SR-IOV").  Where it sits and its field layout
 * are NVIDIA's published registers; the counts and sizes are not published
 * and are marked as assumptions.
 *
 *   AD102: config offsets of the TU102 dev_nv_xve.h block (NV_XVE_SRIOV_CAP_HDR3
 *          = InitialVFs/TotalVFs, HDR5 = First VF Offset, HDR9.. = VF BARs),
 *          which OGKM kernel_bif_tu102.c kbifCacheVFInfo_TU102 reads; the
 *          ad102 dev_nv_pcfg_xve_regmap.h VALID_MAP marks those dwords valid.
 *   GH100: dev_xtl_ep_pcfg_gpu.h NV_EP_PCFG_GPU_SRIOV_INIT_TOT_VF and
 *          _FIRST_VF_STRIDE (OGKM kbifCacheVFInfo_GH100).
 * In both, the dword holding TotalVFs is the capability's +0x0c (PCI SR-IOV
 * spec 1.1 sections 3.3.5/3.3.6), so the capability starts 0x0c below it.
 */
#include <string.h>

#include "hw_priv.h"
#include "model.h"

#define SRIOV_TOTAL_VF_DWORD	0x0c	/* InitialVFs 15:0, TotalVFs 31:16 */

/*
 * Assumptions (no public source gives the fused values):
 *  - TotalVFs = InitialVFs = 32: NVA081_MAX_VGPU_PER_PGPU (ctrla081.h), the
 *    most vGPUs RM hosts on one physical GPU;
 *  - First VF Offset 4, VF Stride 1: the VFs of NVIDIA's vGPU user guide
 *    examples appear from function .4 of the PF's slot on;
 *  - VF device id = the PF's: the 2026 nvidia-vgpu-vfio-pci tree binds PF and
 *    VFs through one id table entry (spec/vgpu.md §1.1);
 *  - per-VF BAR0 16 MiB (the PF's register space), BAR1 256 MiB, BAR2 32 MiB.
 */
#define SRIOV_VFS		32
#define SRIOV_FIRST_VF_OFFSET	4
#define SRIOV_VF_STRIDE		1
#define MiB			(1ull << 20)
#define VF_BAR0_SIZE		(16 * MiB)
#define VF_BAR1_SIZE		(256 * MiB)
#define VF_BAR2_SIZE		(32 * MiB)
#define VF_NO_REG		0xbadf5040u	/* what an unmodelled register reads (gspm.c) */

void gspm_pci_sriov(const struct gspm *m, struct gspm_sriov *s)
{
	const struct hw_chip *chip = hw_chip_of(gspm_cfg(m)->chip);
	uint32_t total_vf_reg;

	memset(s, 0, sizeof(*s));
	switch (chip->chip) {
	case GSPM_CHIP_AD102:
		total_vf_reg = NV_XVE_SRIOV_CAP_HDR3;
		break;
	case GSPM_CHIP_GH100:
		total_vf_reg = NV_EP_PCFG_GPU_SRIOV_INIT_TOT_VF;
		break;
	default:
		return;
	}
	s->pos = (uint16_t)(total_vf_reg - SRIOV_TOTAL_VF_DWORD);
	s->initial_vfs = SRIOV_VFS;
	s->total_vfs = SRIOV_VFS;
	s->first_vf_offset = SRIOV_FIRST_VF_OFFSET;
	s->vf_stride = SRIOV_VF_STRIDE;
	s->vf_device = chip->device;
	s->vf_bar0_size = VF_BAR0_SIZE;
	s->vf_bar1_size = VF_BAR1_SIZE;
	s->vf_bar2_size = VF_BAR2_SIZE;
}

/* The VF BAR0 aperture: VF n's BAR0 at n * VF_BAR0_SIZE (PCI SR-IOV spec 1.1 section 3.3.14). */
static bool vf_decode(uint64_t aperture_off, uint32_t *vf, uint32_t *off)
{
	*vf = (uint32_t)(aperture_off / VF_BAR0_SIZE);
	*off = (uint32_t)(aperture_off % VF_BAR0_SIZE);
	return aperture_off / VF_BAR0_SIZE < SRIOV_VFS;
}

uint32_t gspm_vf_mmio_read32(struct gspm *m, uint64_t aperture_off)
{
	uint32_t vf, off, v;

	if (vf_decode(aperture_off, &vf, &off) && rm_vgpu_vf_read(gspm_rm_of(m), vf, off, &v))
		return v;
	gspm_log(m, GSPM_LOG_INFO, "read of unmodelled VF BAR0 aperture offset 0x%llx returns 0x%08x",
		 (unsigned long long)aperture_off, VF_NO_REG);
	return VF_NO_REG;
}

void gspm_vf_mmio_write32(struct gspm *m, uint64_t aperture_off, uint32_t value)
{
	uint32_t vf, off;

	if (vf_decode(aperture_off, &vf, &off) && rm_vgpu_vf_write(gspm_rm_of(m), vf, off, value))
		return;
	gspm_log(m, GSPM_LOG_INFO, "write 0x%08x to unmodelled VF BAR0 aperture offset 0x%llx dropped",
		 value, (unsigned long long)aperture_off);
}

/*
 * The VF BAR1 (register 1) and BAR2 (register 3) apertures: VF n's BAR at
 * n * its size, onto its vGPU's framebuffer (vgpu.c maps the address,
 * fb.c keeps the contents PRAMIN and the copy engine see).  Where no FB is
 * behind (no vGPU, past its FB) reads are 0 and writes dropped, logged.
 */
static bool vf_fb(struct gspm *m, int bar, uint64_t aperture_off, uint64_t *addr)
{
	uint64_t size = bar == 1 ? VF_BAR1_SIZE : bar == 3 ? VF_BAR2_SIZE : 0;

	return size && aperture_off / size < SRIOV_VFS &&
	       rm_vgpu_vf_fb_addr(gspm_rm_of(m), (uint32_t)(aperture_off / size), bar, size,
				  (aperture_off % size) & ~3ull, addr);
}

uint32_t gspm_vf_bar_read32(struct gspm *m, int bar, uint64_t aperture_off)
{
	uint64_t addr;

	if (vf_fb(m, bar, aperture_off, &addr))
		return rm_fb_read32(gspm_rm_of(m), addr);
	gspm_log(m, GSPM_LOG_INFO, "read of VF BAR%d aperture offset 0x%llx with no framebuffer behind it returns 0",
		 bar, (unsigned long long)aperture_off);
	return 0;
}

void gspm_vf_bar_write32(struct gspm *m, int bar, uint64_t aperture_off, uint32_t value)
{
	uint64_t addr;

	if (vf_fb(m, bar, aperture_off, &addr)) {
		rm_fb_write32(gspm_rm_of(m), addr, value);
		return;
	}
	gspm_log(m, GSPM_LOG_INFO, "write 0x%08x to VF BAR%d aperture offset 0x%llx with no framebuffer behind it dropped",
		 value, bar, (unsigned long long)aperture_off);
}

void gspm_vf_flr(struct gspm *m, int vf_id)
{
	if (vf_id < 0 || vf_id >= SRIOV_VFS) {
		gspm_violate(m, "FLR of VF %d, which does not exist", vf_id);
		return;
	}
	rm_vgpu_vf_flr(gspm_rm_of(m), (uint32_t)vf_id);
}

void gspm_vf_state(struct gspm *m, int vf_id, struct gspm_vf_state *st)
{
	rm_vgpu_vf_state(gspm_rm_of(m), vf_id < 0 ? SRIOV_VFS : (uint32_t)vf_id, st);
}
