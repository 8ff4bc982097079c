/* SPDX-License-Identifier: MIT */
/*
 * GH100 FSP and GSP-FMC (protocol.md §3.6; docs/hw-fidelity.md "GH100").
 *
 * The FSP finishes its secure boot a seeded delay after power-on
 * (NV_THERM_I2CS_SCRATCH reads 0xff from then on).  The host writes one
 * MCTP packet into EMEM channel 0 through EMEMC/EMEMD (auto-incrementing
 * like the hardware), sets QUEUE_TAIL = size - 4 and QUEUE_HEAD = 0.
 * HW_FSP_COT_NS later the FSP consumes it (QUEUE_HEAD = QUEUE_TAIL) and
 * checks the COT: headers, payload version/size/FRTS fields, the FMC image
 * it reads by DMA against the fmc file's `image` section byte for byte,
 * hash/publickey/signature against the file's sections, GSP_FMC_BOOT_PARAMS
 * and the GspFwWprMeta it points at (sizes only; the GSP images behind it
 * are checked as booter_load checks them on GA10x).  It answers with an
 * NVDM FSP_RESPONSE in EMEM (MSGQ_HEAD = 0, MSGQ_TAIL = size - 4); a
 * rejected COT gets a non-zero errorCode and a recorded violation.
 *
 * Accepted, GSP-FMC computes the FB layout (what ACR does on GH100), fills
 * the WPR meta's offsets and `verified`, raises WPR2 and holds the GSP's
 * PRI lockdown: MAILBOX0 reads 0xbadf4100 for HW_FMC_PRI_LOCKED_NS, then
 * the host's value (the boot parameters' address) while HWCFG2 bit 13
 * stays set for HW_FMC_BOOT_NS more.  At release the RISC-V core runs and
 * the rm half starts; it reads the LibOS arguments' address from GSP
 * MAILBOX0/1 at that instant (its contract with every boot path), so the
 * FMC hands it bootArgsOffset there and puts the host's values back.
 *
 * Unload: GSP-RM halts the RISC-V core after UNLOADING_GUEST_DRIVER; the
 * FSP then lowers WPR2 and the firmware is unloaded (no booter on GH100).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hw_priv.h"
#include "gspm_abi_common.h"
#include "fw/gspm_release.h"

#define MiB		(1ull << 20)
#define NEVER		UINT64_MAX

/*
 * Message framing on the FSP's EMEM queue: one MCTP transport header word
 * (SOM bit 31, EOM bit 30, packet sequence 29:28, source EID 23:16), then the
 * NVDM header word (message type 6:0 = 0x7e vendor-defined PCI, vendor id
 * 23:8 = 0x10de, NVDM type 31:24).  OGKM src/nvidia/arch/nvalloc/common/inc/
 * fsp/fsp_mctp_format.h and fsp_nvdm_format.h; nouveau nvkm/subdev/fsp/gh100.c.
 */
#define HW_MCTP_HDR_SOM			(1u << 31)
#define HW_MCTP_HDR_EOM			(1u << 30)
#define HW_MCTP_HDR_SEQ_MASK		(3u << 28)
#define HW_MCTP_HDR_SEID_MASK		(0xffu << 16)
#define HW_NVDM_TYPE_COT		0x14u
#define HW_NVDM_TYPE_FSP_RESPONSE	0x15u
#define HW_NVDM_HDR(type)		((((uint32_t)(type) & 0xffu) << 24) | (0x10deu << 8) | 0x7eu)

/*
 * NVDM_PAYLOAD_COT (packed, 860 bytes; byte offsets): OGKM
 * src/nvidia/inc/kernel/gpu/fsp/kern_fsp_cot_payload.h, nouveau
 * nvkm/subdev/fsp/gh100.c (gh100_fsp_boot_gsp_fmc), nova-core fsp.rs.
 */
#define HW_COT_VERSION			0x000	/* u16, 1 on GH100 */
#define HW_COT_SIZE			0x002	/* u16 */
#define HW_COT_GSP_FMC_SYSMEM_OFFSET	0x004	/* u64 */
#define HW_COT_FRTS_SYSMEM_OFFSET	0x00c	/* u64 */
#define HW_COT_FRTS_SYSMEM_SIZE		0x014	/* u32 */
#define HW_COT_FRTS_VIDMEM_OFFSET	0x018	/* u64, from the FB end */
#define HW_COT_FRTS_VIDMEM_SIZE		0x020	/* u32 */
#define HW_COT_HASH384			0x024	/* 48 bytes */
#define HW_COT_PUBLIC_KEY		0x054	/* 384 bytes */
#define HW_COT_SIGNATURE		0x1d4	/* 384 bytes */
#define HW_COT_GSP_BOOT_ARGS_SYSMEM_OFFSET 0x354	/* u64 */
#define HW_COT_PAYLOAD_SIZE		860u
#define HW_COT_VERSION_GH100		1u

/* NVDM_PAYLOAD_COMMAND_RESPONSE: OGKM .../fsp/nvdm_payload_cmd_response.h. */
#define HW_RESP_TASK_ID			0x0
#define HW_RESP_COMMAND_NVDM_TYPE	0x4
#define HW_RESP_ERROR_CODE		0x8
#define HW_RESP_PAYLOAD_SIZE		12u

/*
 * GSP_FMC_BOOT_PARAMS (56 bytes; byte offsets): OGKM
 * src/nvidia/arch/nvalloc/common/inc/gsp/gsp_fw_sr_meta.h / gspifpub.h
 * (GSP_FMC_INIT_PARAMS, GSP_ACR_BOOT_GSP_RM_PARAMS, GSP_RM_PARAMS), nouveau
 * nvkm/subdev/gsp/gh100.c, nova-core gsp/fw.rs.
 */
#define HW_FMC_BOOT_PARAMS_SIZE		56u
#define HW_FMC_RM_DESC_TARGET		0x08
#define HW_FMC_RM_DESC_SIZE		0x0c
#define HW_FMC_RM_DESC_OFFSET		0x10
#define HW_FMC_WPR_CARVEOUT_OFFSET	0x18
#define HW_FMC_WPR_CARVEOUT_SIZE	0x20
#define HW_FMC_IS_GSP_RM_BOOT		0x24
#define HW_FMC_RM_TARGET		0x28
#define HW_FMC_BOOT_ARGS_OFFSET		0x30
#define HW_GSP_DMA_TARGET_COHERENT_SYSTEM	1u
#define HW_GSP_DMA_TARGET_NONCOHERENT_SYSTEM	2u

/* GH100 FB layout inputs (nouveau gh100 gsp: non-WPR heap 2 MiB, FRTS 2 MiB aligned). */
#define HW_GH100_NON_WPR_HEAP_SIZE	0x00200000u
#define HW_GH100_FRTS_VIDMEM_ALIGN	0x00200000u

#define COT_MSG_SIZE	(8u + HW_COT_PAYLOAD_SIZE)
#define RESP_MSG_SIZE	(8u + HW_RESP_PAYLOAD_SIZE)

static uint64_t jitter(struct gspm_hw *hw, uint64_t base)
{
	return base + gspm_rand(hw->m) % (base / 4 + 1);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void hw_fsp_init(struct gspm_hw *hw)
{
	struct hw_fsp *s = &hw->fsp;

	memset(s, 0, sizeof(*s));
	s->boot_done_at = jitter(hw, HW_FSP_SECURE_BOOT_NS);
	s->cot_at = s->pri_at = s->release_at = s->halt_at = NEVER;
	s->busy_until = NEVER;
}

/*
 * An earlier message (another agent's; its shape, TAIL 0x3c, is an
 * assumption) the FSP consumes @ns from now: until then QUEUE_HEAD !=
 * QUEUE_TAIL.  nouveau gh100_fsp_send waits for HEAD == TAIL before it
 * writes EMEM ("Ensure any previously sent message has been consumed").
 */
void hw_fsp_queue_busy(struct gspm_hw *hw, uint64_t ns)
{
	struct hw_fsp *s = &hw->fsp;

	if (!hw->chip->fsp_boot)
		return;
	s->queue_head = 0;
	s->queue_tail = 0x3c;
	s->busy_until = gspm_now(hw->m) + ns;
}

/* The FSP has not consumed the last message: the host must not touch the queue. */
static bool queue_busy(struct gspm_hw *hw, const char *what)
{
	const struct hw_fsp *s = &hw->fsp;

	if (s->phase != HW_FSP_COT && s->busy_until == NEVER)
		return false;
	hw_violate(hw, "FSP: %s write while the FSP has not consumed the previous message "
		   "(QUEUE_HEAD 0x%x != QUEUE_TAIL 0x%x); wait for the command queue to drain "
		   "first (nouveau gh100_fsp_send)", what, s->queue_head, s->queue_tail);
	return true;
}

/* ---- registers -------------------------------------------------------------------- */

static uint32_t emem_off(const struct hw_fsp *s)
{
	return s->ememc & (HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK));
}

static void emem_advance(struct hw_fsp *s)
{
	uint32_t off = emem_off(s) + 4;

	s->ememc = (s->ememc & ~(HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK))) | (off & (HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK)));
}

bool hw_fsp_read(struct gspm_hw *hw, uint32_t off, uint32_t *val)
{
	struct hw_fsp *s = &hw->fsp;

	if (!hw->chip->fsp_boot)
		return false;
	switch (off) {
	case NV_THERM_I2CS_SCRATCH:
		*val = gspm_now(hw->m) >= s->boot_done_at ? NV_THERM_I2CS_SCRATCH_FSP_BOOT_COMPLETE_STATUS_SUCCESS : 0;
		return true;
	case NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL):
		*val = s->ememc;
		return true;
	case NV_PFSP_EMEMD(HW_FSP_RM_CHANNEL):
		if (emem_off(s) >= HW_FSP_EMEM_CHANNEL_SIZE) {
			hw_violate(hw, "FSP: EMEMD read at offset 0x%x, past the %u-byte EMEM channel 0",
				   emem_off(s), HW_FSP_EMEM_CHANNEL_SIZE);
			*val = 0;
			return true;
		}
		*val = hw_rd32le(s->emem + emem_off(s));
		if (s->ememc & HWF_MASK(NV_PFSP_EMEMC_AINCR))
			emem_advance(s);
		return true;
	case NV_PFSP_QUEUE_HEAD(HW_FSP_RM_CHANNEL):
		*val = s->queue_head;
		return true;
	case NV_PFSP_QUEUE_TAIL(HW_FSP_RM_CHANNEL):
		*val = s->queue_tail;
		return true;
	case NV_PFSP_MSGQ_HEAD(HW_FSP_RM_CHANNEL):
		*val = s->msgq_head;
		return true;
	case NV_PFSP_MSGQ_TAIL(HW_FSP_RM_CHANNEL):
		*val = s->msgq_tail;
		return true;
	default:
		return false;
	}
}

bool hw_fsp_write(struct gspm_hw *hw, uint32_t off, uint32_t val)
{
	struct hw_fsp *s = &hw->fsp;

	if (!hw->chip->fsp_boot)
		return false;
	switch (off) {
	case NV_THERM_I2CS_SCRATCH:
		return true;		/* the FSP's, dropped */
	case NV_PFSP_EMEMC(HW_FSP_RM_CHANNEL):
		s->ememc = val & ((HWF_MASK(NV_PFSP_EMEMC_OFFS) | HWF_MASK(NV_PFSP_EMEMC_BLK)) | HWF_MASK(NV_PFSP_EMEMC_AINCW) |
				  HWF_MASK(NV_PFSP_EMEMC_AINCR));
		return true;
	case NV_PFSP_EMEMD(HW_FSP_RM_CHANNEL):
		if (queue_busy(hw, "EMEMD"))
			return true;
		if (emem_off(s) >= HW_FSP_EMEM_CHANNEL_SIZE) {
			hw_violate(hw, "FSP: EMEMD write at offset 0x%x, past the %u-byte EMEM "
				   "channel 0", emem_off(s), HW_FSP_EMEM_CHANNEL_SIZE);
			return true;
		}
		put32(s->emem + emem_off(s), val);
		if (s->ememc & HWF_MASK(NV_PFSP_EMEMC_AINCW))
			emem_advance(s);
		return true;
	case NV_PFSP_QUEUE_TAIL(HW_FSP_RM_CHANNEL):
		if (queue_busy(hw, "QUEUE_TAIL"))
			return true;
		s->queue_tail = val;
		return true;
	case NV_PFSP_QUEUE_HEAD(HW_FSP_RM_CHANNEL):
		if (queue_busy(hw, "QUEUE_HEAD"))
			return true;
		s->queue_head = val;
		/* The head write after the tail is the doorbell (protocol.md §3.6 step 5). */
		if (s->queue_head != s->queue_tail) {
			s->phase = HW_FSP_COT;
			s->cot_at = gspm_now(hw->m) + jitter(hw, HW_FSP_COT_NS);
		}
		return true;
	case NV_PFSP_MSGQ_HEAD(HW_FSP_RM_CHANNEL):
		s->msgq_head = val;
		return true;
	case NV_PFSP_MSGQ_TAIL(HW_FSP_RM_CHANNEL):
		s->msgq_tail = val;
		return true;
	default:
		return false;
	}
}

/* ---- the COT ------------------------------------------------------------------------ */

static void respond(struct gspm_hw *hw, uint32_t error)
{
	struct hw_fsp *s = &hw->fsp;
	uint8_t *r = s->emem;

	memset(r, 0, RESP_MSG_SIZE);
	put32(r, HW_MCTP_HDR_SOM | HW_MCTP_HDR_EOM);
	put32(r + 4, HW_NVDM_HDR(HW_NVDM_TYPE_FSP_RESPONSE));
	put32(r + 8 + HW_RESP_TASK_ID, 0);
	put32(r + 8 + HW_RESP_COMMAND_NVDM_TYPE, HW_NVDM_TYPE_COT);
	put32(r + 8 + HW_RESP_ERROR_CODE, error);
	s->msgq_head = 0;
	s->msgq_tail = RESP_MSG_SIZE - 4;
	s->last_error = error;
}

static bool check_field(struct gspm_hw *hw, const char *field, const uint8_t *got,
			const uint8_t *want, size_t want_len, const char *src)
{
	size_t end;
	long d = hw_memdiff(got, want, want_len, &end);

	if (d >= 0)
		hw_violate(hw, "FSP COT: %s bytes [0x%lx,0x%zx) differ from %s: read 0x%02x, "
			   "expected 0x%02x", field, d, end, src, got[d], want[d]);
	return d < 0;
}

/* GSP_FMC_BOOT_PARAMS (protocol.md §3.6 step 4). */
static uint32_t check_boot_params(struct gspm_hw *hw, uint64_t pa)
{
	struct hw_fsp *s = &hw->fsp;
	uint8_t p[HW_FMC_BOOT_PARAMS_SIZE];
	uint64_t host_mbox = (uint64_t)hw->gsp.mailbox1 << 32 | hw->gsp.mailbox0;

	if (gspm_dma_read(hw->m, pa, p, sizeof(p), "GSP_FMC_BOOT_PARAMS (COT gspBootArgsSysmemOffset)"))
		return HW_FSP_ERR_BOOT_PARAMS;
#define BP_CHECK(cond, ...) do {						\
		if (!(cond)) {							\
			hw_violate(hw, "FSP COT: GSP_FMC_BOOT_PARAMS at 0x%llx: " __VA_ARGS__); \
			return HW_FSP_ERR_BOOT_PARAMS;				\
		}								\
	} while (0)
	/* The WPR meta coherently: nouveau gh100_gsp_init, nova-core, OGKM (cached). */
	BP_CHECK(hw_rd32le(p + HW_FMC_RM_DESC_TARGET) == HW_GSP_DMA_TARGET_COHERENT_SYSTEM,
		 "bootGspRmParams.target %u, expected %u (coherent sysmem)", (unsigned long long)pa,
		 hw_rd32le(p + HW_FMC_RM_DESC_TARGET), HW_GSP_DMA_TARGET_COHERENT_SYSTEM);
	BP_CHECK(hw_rd32le(p + HW_FMC_RM_DESC_SIZE) == sizeof(struct gspm_wpr_meta),
		 "gspRmDescSize %u, expected %zu (GspFwWprMeta)", (unsigned long long)pa,
		 hw_rd32le(p + HW_FMC_RM_DESC_SIZE), sizeof(struct gspm_wpr_meta));
	BP_CHECK(p[HW_FMC_IS_GSP_RM_BOOT] == 1, "bIsGspRmBoot %u, expected 1",
		 (unsigned long long)pa, p[HW_FMC_IS_GSP_RM_BOOT]);
	/*
	 * The LibOS arguments are reached non-coherently: nouveau gh100_gsp_init
	 * and nova-core GspFmcBootParams set gspRmParams.target = NONCOHERENT (2),
	 * OGKM kgspSetupGspFmcArgs_GH100 derives 2 from its uncached allocation.
	 */
	BP_CHECK(hw_rd32le(p + HW_FMC_RM_TARGET) == HW_GSP_DMA_TARGET_NONCOHERENT_SYSTEM,
		 "gspRmParams.target %u, expected %u (GSP_DMA_TARGET_NONCOHERENT_SYSTEM: the "
		 "LibOS arguments)", (unsigned long long)pa,
		 hw_rd32le(p + HW_FMC_RM_TARGET), HW_GSP_DMA_TARGET_NONCOHERENT_SYSTEM);
	s->meta_pa = hw_rd64le(p + HW_FMC_RM_DESC_OFFSET);
	s->libos_pa = hw_rd64le(p + HW_FMC_BOOT_ARGS_OFFSET);
	BP_CHECK(s->meta_pa && !(s->meta_pa & 0xff), "gspRmDescOffset 0x%llx (GspFwWprMeta) "
		 "must be a non-zero, 256-byte aligned bus address", (unsigned long long)pa,
		 (unsigned long long)s->meta_pa);
	BP_CHECK(s->libos_pa && !(s->libos_pa & 0xfff), "bootArgsOffset 0x%llx (LibOS args) "
		 "must be a non-zero, page aligned bus address", (unsigned long long)pa,
		 (unsigned long long)s->libos_pa);
	BP_CHECK(!hw_rd64le(p + HW_FMC_WPR_CARVEOUT_OFFSET) &&
		 !hw_rd32le(p + HW_FMC_WPR_CARVEOUT_SIZE),
		 "wprCarveoutOffset/Size 0x%llx/0x%x: GSP-FMC chooses WPR2 itself, expected 0",
		 (unsigned long long)pa, (unsigned long long)hw_rd64le(p + HW_FMC_WPR_CARVEOUT_OFFSET),
		 hw_rd32le(p + HW_FMC_WPR_CARVEOUT_SIZE));
	/* hw-fidelity: the host leaves this address in GSP MAILBOX0/1 for the lockdown wait. */
	BP_CHECK(host_mbox == pa, "GSP MAILBOX0/1 hold 0x%llx, expected the boot parameters' "
		 "address (the host writes it before the COT)", (unsigned long long)pa,
		 (unsigned long long)host_mbox);
#undef BP_CHECK
	s->fmc_params_pa = pa;
	return 0;
}

/* The GspFwWprMeta the host built: sizes only (protocol.md §3.6 step 2), then the images. */
static uint32_t check_meta(struct gspm_hw *hw, struct gspm_wpr_meta *m, uint64_t frts_vidmem)
{
	struct hw_fsp *s = &hw->fsp;
	const char *why;

	if (gspm_dma_read(hw->m, s->meta_pa, m, sizeof(*m), "GspFwWprMeta (gspRmDescOffset)"))
		return HW_FSP_ERR_WPR_META;
#define X(f) (unsigned long long)m->f
#define META_CHECK(cond, ...) do {						\
		if (!(cond)) {							\
			hw_violate(hw, "GSP-FMC: GspFwWprMeta at 0x%llx: " __VA_ARGS__); \
			return HW_FSP_ERR_WPR_META;				\
		}								\
	} while (0)
	META_CHECK(m->magic == GSP_FW_WPR_META_MAGIC && m->revision == GSP_FW_WPR_META_REVISION,
		   "magic 0x%016llx revision %llu, expected 0x%016llx revision %u",
		   (unsigned long long)s->meta_pa, X(magic), X(revision), GSP_FW_WPR_META_MAGIC,
		   GSP_FW_WPR_META_REVISION);
	META_CHECK(!m->gspFwRsvdStart && !m->nonWprHeapOffset && !m->gspFwWprStart &&
		   !m->gspFwHeapOffset && !m->gspFwOffset && !m->bootBinOffset && !m->frtsOffset &&
		   !m->gspFwWprEnd && !m->fbSize && !m->vgaWorkspaceOffset,
		   "the host filled in offsets (gspFwWprStart 0x%llx, frtsOffset 0x%llx, fbSize "
		   "0x%llx, ...); on GH100 it gives sizes only and GSP-FMC lays out the FB",
		   (unsigned long long)s->meta_pa, X(gspFwWprStart), X(frtsOffset), X(fbSize));
	META_CHECK(m->nonWprHeapSize == HW_GH100_NON_WPR_HEAP_SIZE && m->frtsSize == HW_FRTS_SIZE &&
		   m->vgaWorkspaceSize == 0x20000,
		   "nonWprHeapSize/frtsSize/vgaWorkspaceSize 0x%llx/0x%llx/0x%llx, expected "
		   "0x%x/0x%x/0x20000", (unsigned long long)s->meta_pa, X(nonWprHeapSize),
		   X(frtsSize), X(vgaWorkspaceSize), HW_GH100_NON_WPR_HEAP_SIZE, HW_FRTS_SIZE);
	META_CHECK(m->gspFwHeapSize && !(m->gspFwHeapSize % MiB) &&
		   m->gspFwHeapSize <= hw->fb_size / 4,
		   "gspFwHeapSize 0x%llx must be non-zero, 1 MiB aligned and fit the FB",
		   (unsigned long long)s->meta_pa, X(gspFwHeapSize));
	META_CHECK(frts_vidmem == ((m->nonWprHeapSize + HW_GH100_FRTS_VIDMEM_ALIGN - 1) &
				   ~(uint64_t)(HW_GH100_FRTS_VIDMEM_ALIGN - 1)),
		   "COT frtsVidmemOffset 0x%llx is not nonWprHeapSize 0x%llx aligned up to 2 MiB",
		   (unsigned long long)s->meta_pa, (unsigned long long)frts_vidmem,
		   X(nonWprHeapSize));
#undef META_CHECK
#undef X
	hw->checker = "GSP-FMC";
	return hw_check_gsp_images(hw, m, &why) ? HW_FSP_ERR_WPR_META : 0;
}

/* GSP-FMC's FB layout: top-down as protocol.md §3.3, from the sizes the host gave. */
static void fmc_layout(struct gspm_hw *hw, struct gspm_wpr_meta *m)
{
	uint64_t fb = hw->fb_size;

#define ALIGN_DOWN(x, a) ((x) & ~((uint64_t)(a) - 1))
	m->fbSize = fb;
	m->vgaWorkspaceOffset = fb - m->vgaWorkspaceSize;
	m->gspFwWprEnd = ALIGN_DOWN(m->vgaWorkspaceOffset, 0x20000);
	m->frtsOffset = m->gspFwWprEnd - m->frtsSize;
	m->bootBinOffset = ALIGN_DOWN(m->frtsOffset - m->sizeOfBootloader, 0x1000);
	m->gspFwOffset = ALIGN_DOWN(m->bootBinOffset - m->sizeOfRadix3Elf, 0x10000);
	m->gspFwHeapOffset = ALIGN_DOWN(m->gspFwOffset - m->gspFwHeapSize, MiB);
	m->gspFwWprStart = ALIGN_DOWN(m->gspFwHeapOffset - sizeof(*m), MiB);
	m->nonWprHeapOffset = ALIGN_DOWN(m->gspFwWprStart - m->nonWprHeapSize, MiB);
	m->gspFwRsvdStart = m->nonWprHeapOffset;
	m->verified = GSP_FW_WPR_META_VERIFIED;
#undef ALIGN_DOWN
}

/* 0 and the layout written back, or the errorCode (a violation was recorded). */
static uint32_t process_cot(struct gspm_hw *hw)
{
	struct hw_fsp *s = &hw->fsp;
	const struct hw_fwfiles *fw = &hw->fw;
	uint32_t len = s->queue_tail - s->queue_head + 4;
	const uint8_t *msg = s->emem, *p = s->emem + 8;
	uint32_t mctp = hw_rd32le(msg), nvdm = hw_rd32le(msg + 4), err;
	uint64_t fmc_pa, frts_vidmem;
	struct gspm_wpr_meta meta;

	if (s->queue_head != 0 || s->queue_tail < s->queue_head || len > HW_FSP_EMEM_CHANNEL_SIZE) {
		hw_violate(hw, "FSP: QUEUE_HEAD/TAIL 0x%x/0x%x do not describe one message at EMEM "
			   "offset 0", s->queue_head, s->queue_tail);
		return HW_FSP_ERR_HEADER;
	}
	if ((mctp & (HW_MCTP_HDR_SOM | HW_MCTP_HDR_EOM)) != (HW_MCTP_HDR_SOM | HW_MCTP_HDR_EOM) ||
	    (mctp & (HW_MCTP_HDR_SEQ_MASK | HW_MCTP_HDR_SEID_MASK))) {
		hw_violate(hw, "FSP: MCTP header 0x%08x is not a single packet (SOM|EOM, SEID 0, "
			   "SEQ 0 = 0x%08x)", mctp, HW_MCTP_HDR_SOM | HW_MCTP_HDR_EOM);
		return HW_FSP_ERR_HEADER;
	}
	if (nvdm != HW_NVDM_HDR(HW_NVDM_TYPE_COT)) {
		hw_violate(hw, "FSP: NVDM header 0x%08x, expected 0x%08x (vendor-PCI, 0x10de, COT)",
			   nvdm, HW_NVDM_HDR(HW_NVDM_TYPE_COT));
		return HW_FSP_ERR_HEADER;
	}
	if (len != COT_MSG_SIZE) {
		hw_violate(hw, "FSP: COT message of %u bytes (QUEUE_TAIL 0x%x), expected %u",
			   len, s->queue_tail, COT_MSG_SIZE);
		return HW_FSP_ERR_HEADER;
	}
	if (hw_rd16le(p + HW_COT_VERSION) != HW_COT_VERSION_GH100 ||
	    hw_rd16le(p + HW_COT_SIZE) != HW_COT_PAYLOAD_SIZE) {
		hw_violate(hw, "FSP COT: version %u size %u, expected version %u size %u",
			   hw_rd16le(p + HW_COT_VERSION), hw_rd16le(p + HW_COT_SIZE),
			   HW_COT_VERSION_GH100, HW_COT_PAYLOAD_SIZE);
		return HW_FSP_ERR_PAYLOAD;
	}
	frts_vidmem = hw_rd64le(p + HW_COT_FRTS_VIDMEM_OFFSET);
	if (hw_rd64le(p + HW_COT_FRTS_SYSMEM_OFFSET) || hw_rd32le(p + HW_COT_FRTS_SYSMEM_SIZE) ||
	    hw_rd32le(p + HW_COT_FRTS_VIDMEM_SIZE) != HW_FRTS_SIZE) {
		hw_violate(hw, "FSP COT: FRTS sysmem 0x%llx/0x%x vidmem size 0x%x, expected no "
			   "sysmem FRTS and 0x%x bytes in vidmem",
			   (unsigned long long)hw_rd64le(p + HW_COT_FRTS_SYSMEM_OFFSET),
			   hw_rd32le(p + HW_COT_FRTS_SYSMEM_SIZE),
			   hw_rd32le(p + HW_COT_FRTS_VIDMEM_SIZE), HW_FRTS_SIZE);
		return HW_FSP_ERR_PAYLOAD;
	}
	if (!fw->fmc_loaded) {
		hw_violate(hw, "FSP COT: the model has no GSP-FMC for %s with GSP-RM %s",
			   hw->chip->name, gspm_cfg(hw->m)->fw_release);
		return HW_FSP_ERR_NO_FMC;
	}
	fmc_pa = hw_rd64le(p + HW_COT_GSP_FMC_SYSMEM_OFFSET);
	if (!hw_check_dma(hw, "FSP COT", "gspFmcSysmemOffset (GSP-FMC image)", fmc_pa, fw->fmc_image,
		       fw->fmc_image_size, "the image section of the fmc file"))
		return HW_FSP_ERR_FMC_IMAGE;
	if (!check_field(hw, "hash384", p + HW_COT_HASH384, fw->fmc_hash, fw->fmc_hash_size,
			 "the fmc file's hash section") ||
	    !check_field(hw, "publicKey", p + HW_COT_PUBLIC_KEY, fw->fmc_publickey,
			 fw->fmc_publickey_size, "the fmc file's publickey section") ||
	    !check_field(hw, "signature", p + HW_COT_SIGNATURE, fw->fmc_signature,
			 fw->fmc_signature_size, "the fmc file's signature section"))
		return HW_FSP_ERR_FMC_AUTH;
	err = check_boot_params(hw, hw_rd64le(p + HW_COT_GSP_BOOT_ARGS_SYSMEM_OFFSET));
	if (!err)
		err = check_meta(hw, &meta, frts_vidmem);
	if (err)
		return err;
	if (hw->wpr2_hi || hw->riscv_started) {
		hw_violate(hw, "FSP COT: GSP-RM is already running (WPR2_HI 0x%x); reset the GPU "
			   "first", hw->wpr2_hi);
		return HW_FSP_ERR_WPR_META;
	}
	fmc_layout(hw, &meta);
	if (gspm_dma_write(hw->m, s->meta_pa, &meta, sizeof(meta), "GspFwWprMeta (GSP-FMC layout)"))
		return HW_FSP_ERR_WPR_META;
	hw->wpr2_lo = hw_wpr2_enc(meta.gspFwWprStart);
	hw->wpr2_hi = hw_wpr2_enc(meta.gspFwWprEnd - 0x1000);
	return 0;
}

static void cot_done(struct gspm_hw *hw, uint64_t now)
{
	struct hw_fsp *s = &hw->fsp;
	uint32_t err;

	s->cot_at = NEVER;
	s->cots++;
	hw->last_image = "GSP-FMC (FSP COT)";
	err = process_cot(hw);
	/* Consumed: the command queue is empty again. */
	s->queue_head = s->queue_tail;
	if (!err && s->inject_error) {
		err = s->inject_error;
		s->inject_error = 0;
		hw->wpr2_lo = hw->wpr2_hi = 0;
		gspm_log(hw->m, GSPM_LOG_INFO, "FSP: injected COT failure 0x%x", err);
	}
	respond(hw, err);
	if (err) {
		hw->last_result = "COT rejected";
		s->phase = HW_FSP_IDLE;
		return;
	}
	hw->last_result = "COT accepted";
	s->phase = HW_FSP_FMC_PRI;
	hw->gsp.br_lockdown = true;
	hw->gsp.pri_locked = true;
	s->pri_at = now + jitter(hw, HW_FMC_PRI_LOCKED_NS);
}

static void fmc_release(struct gspm_hw *hw)
{
	struct hw_fsp *s = &hw->fsp;
	uint32_t mb0 = hw->gsp.mailbox0, mb1 = hw->gsp.mailbox1;

	s->release_at = NEVER;
	s->phase = HW_FSP_GSP_RM;
	hw->gsp.br_lockdown = false;
	hw->gsp.riscv_cpuctl = HW_RISCV_CPUCTL_ACTIVE;
	hw->riscv_started = true;
	hw->os_written = false;
	hw->last_result = "GSP-RM started";
	/* The rm half reads the LibOS args address from MAILBOX0/1 as it starts. */
	hw->gsp.mailbox0 = (uint32_t)s->libos_pa;
	hw->gsp.mailbox1 = (uint32_t)(s->libos_pa >> 32);
	gspm_rm_start(gspm_rm_of(hw->m));
	hw->gsp.mailbox0 = mb0;
	hw->gsp.mailbox1 = mb1;
}

void hw_fsp_advance(struct gspm_hw *hw, uint64_t now)
{
	struct hw_fsp *s = &hw->fsp;

	if (!hw->chip->fsp_boot)
		return;
	if (s->busy_until <= now) {
		/* The earlier message consumed: the command queue is empty. */
		s->busy_until = NEVER;
		s->queue_head = s->queue_tail;
	}
	if (s->cot_at <= now)
		cot_done(hw, now);
	if (s->pri_at <= now) {
		s->pri_at = NEVER;
		hw->gsp.pri_locked = false;
		s->phase = HW_FSP_FMC_BOOT;
		if (s->inject_fmc_error) {
			/* GSP-FMC gave up: its error code in MAILBOX0, lockdown kept. */
			hw->gsp.mailbox0 = s->inject_fmc_error;
			hw->gsp.mailbox1 = 0;
			hw->last_result = "GSP-FMC error (injected)";
		} else if (s->inject_lockdown_stuck) {
			hw->last_result = "lockdown stuck (injected)";
		} else {
			s->release_at = now + jitter(hw, HW_FMC_BOOT_NS);
		}
	}
	if (s->release_at <= now)
		fmc_release(hw);
	if (s->halt_at <= now) {
		s->halt_at = NEVER;
		/* GSP-RM suspended and halted: the FSP tears WPR2 down (no booter-unload). */
		if (hw->riscv_started && gspm_rm_suspended(gspm_rm_of(hw->m))) {
			hw->wpr2_lo = hw->wpr2_hi = 0;
			hw->riscv_started = false;
			s->phase = HW_FSP_IDLE;
			hw->last_result = "GSP-RM unloaded";
			gspm_rm_stop(gspm_rm_of(hw->m));
		}
	}
}

uint64_t hw_fsp_deadline(const struct gspm_hw *hw)
{
	const struct hw_fsp *s = &hw->fsp;
	uint64_t d = s->cot_at;

	if (!hw->chip->fsp_boot)
		return NEVER;
	if (s->busy_until < d)
		d = s->busy_until;
	if (s->pri_at < d)
		d = s->pri_at;
	if (s->release_at < d)
		d = s->release_at;
	if (s->halt_at < d)
		d = s->halt_at;
	return d;
}

void hw_fsp_gsp_halted(struct gspm_hw *hw)
{
	if (hw->chip->fsp_boot && hw->riscv_started)
		hw->fsp.halt_at = gspm_now(hw->m);
}

size_t hw_fsp_describe(const struct gspm_hw *hw, char *buf, size_t len)
{
	static const char *const phases[] = {
		[HW_FSP_IDLE] = "idle", [HW_FSP_COT] = "processing COT",
		[HW_FSP_FMC_PRI] = "GSP-FMC, PRI locked", [HW_FSP_FMC_BOOT] = "GSP-FMC, lockdown",
		[HW_FSP_GSP_RM] = "GSP-RM running",
	};
	const struct hw_fsp *s = &hw->fsp;
	int n;

	if (!hw->chip->fsp_boot)
		return 0;
	n = snprintf(buf, len, "FSP: %s, %u COT(s), last errorCode 0x%x, queue 0x%x/0x%x, "
		     "msgq 0x%x/0x%x, lockdown %s\n", phases[s->phase], s->cots, s->last_error,
		     s->queue_head, s->queue_tail, s->msgq_head, s->msgq_tail,
		     hw->gsp.br_lockdown ? "held" : "released");
	return n < 0 ? 0 : ((size_t)n < len ? (size_t)n : (len ? len - 1 : 0));
}
