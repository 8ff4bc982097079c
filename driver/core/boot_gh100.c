// SPDX-License-Identifier: MIT
/*
 * GH100 (Hopper) boot through the FSP chain of trust (docs/protocol.md
 * §3.6, docs/hw-fidelity.md "GH100").  The FSP verifies GSP-FMC from the
 * hash, public key and signature the host sends in a COT message; GSP-FMC
 * lays out WPR2 itself (the host gives sizes only), loads GSP-RM from the
 * radix3 image and releases the GSP's PRI lockdown.  There is no FWSEC and no
 * SEC2 booter, on load or unload.
 *
 * Timeouts: the release's GFW timeout bounds the FSP's secure boot (both
 * are the GPU's own boot firmware finishing), its booter timeout bounds the
 * COT exchange and the lockdown release (together they replace booter-load).
 */
#include <linux/delay.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"
#include "hw.h"
#include "regs.h"

#define VGA_WORKSPACE_SIZE	(128ull << 10)
#define WPR_META_SIZE		256u		/* GspFwWprMeta, every release */
#define COT_MSG_SIZE		(8 + NV_FSP_COT_PAYLOAD_SIZE)	/* MCTP + NVDM headers */
#define RESP_MSG_SIZE		(8 + NV_FSP_RESP_PAYLOAD_SIZE)

static void put_le16(u8 *p, u16 v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le32(u8 *p, u32 v)
{
	put_le16(p, v);
	put_le16(p + 2, v >> 16);
}

static void put_le64(u8 *p, u64 v)
{
	put_le32(p, lower_32_bits(v));
	put_le32(p + 4, upper_32_bits(v));
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* ---- fsp-secure-boot ---------------------------------------------------------- */

static int wait_fsp_boot(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 v;
	int ret;

	ret = read_poll_timeout(nvcore_rd32, v, v == NV_THERM_I2CS_SCRATCH_FSP_BOOT_COMPLETE,
				1000, timeout_ms * 1000, false, nd, NV_THERM_I2CS_SCRATCH);
	if (ret) {
		dev_err(nd->dev,
			"FSP secure boot did not complete in %u ms (NV_THERM_I2CS_SCRATCH 0x%08x, expected 0x%02x)\n",
			timeout_ms, v, NV_THERM_I2CS_SCRATCH_FSP_BOOT_COMPLETE);
		return ret;
	}
	return nvcore_boot_check_wpr2_down(nd);
}

/* ---- prepare -------------------------------------------------------------------- */

static int check_blob(struct nvcore_dev *nd, const char *what,
		      const struct nvcore_fw_blob *b, size_t want)
{
	if (!b->data || !b->size) {
		dev_err(nd->dev, "GSP-FMC %s is empty\n", what);
		return -EINVAL;
	}
	if (want && b->size != want) {
		dev_err(nd->dev, "GSP-FMC %s is %zu bytes, the FSP COT message needs %zu\n", what,
			b->size, want);
		return -EINVAL;
	}
	return 0;
}

/*
 * GSP_FMC_BOOT_PARAMS (protocol.md §3.6 step 4): where GSP-FMC finds the WPR meta
 * and LibOS args.  Each target names how GSP-FMC reaches the buffer: the
 * WPR meta coherently (bootGspRmParams.target = COHERENT_SYSTEM), the LibOS
 * arguments non-coherently (gspRmParams.target = NONCOHERENT_SYSTEM), as
 * nouveau gsp/gh100.c gh100_gsp_init and nova-core's GspFmcBootParams set
 * them; OGKM kgspSetupGspFmcArgs_GH100 derives the same two values from its
 * cached WPR meta and uncached LibOS-arguments allocations.
 */
static void build_fmc_params(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	u8 *p = c->boot.fmc_params.cpu;

	memset(p, 0, NV_GSP_FMC_BOOT_PARAMS_SIZE);
	put_le32(p + NV_GSP_FMC_REGKEYS, 0);
	put_le32(p + NV_GSP_FMC_RM_DESC_TARGET, NV_GSP_DMA_TARGET_COHERENT_SYSTEM);
	put_le32(p + NV_GSP_FMC_RM_DESC_SIZE, WPR_META_SIZE);
	put_le64(p + NV_GSP_FMC_RM_DESC_OFFSET, c->boot.wpr_meta.dma);
	put_le64(p + NV_GSP_FMC_WPR_CARVEOUT_OFFSET, 0);
	put_le32(p + NV_GSP_FMC_WPR_CARVEOUT_SIZE, 0);
	p[NV_GSP_FMC_IS_GSP_RM_BOOT] = 1;
	put_le32(p + NV_GSP_FMC_RM_TARGET, NV_GSP_DMA_TARGET_NONCOHERENT_SYSTEM);
	put_le64(p + NV_GSP_FMC_BOOT_ARGS_OFFSET, c->boot.libos.dma);
}

static int prepare(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;
	struct nvcore_fw_files *f = &nd->fw;
	struct nvcore_wpr_layout l = {};
	u64 fb_size = (u64)nvcore_rd32(nd, NV_USABLE_FB_SIZE_IN_MB) << 20;
	int ret;

	if (fb_size < (1ull << 30)) {
		dev_err(nd->dev, "usable FB size %llu MiB is too small for GSP-RM\n", fb_size >> 20);
		return -ENODEV;
	}
	ret = check_blob(nd, "image", &f->fmc_image, 0);
	if (!ret)
		ret = check_blob(nd, "hash", &f->fmc_hash, NV_FSP_COT_HASH_SIZE);
	if (!ret)
		ret = check_blob(nd, "public key", &f->fmc_pubkey, NV_FSP_COT_KEY_SIZE);
	if (!ret)
		ret = check_blob(nd, "signature", &f->fmc_sig, NV_FSP_COT_SIG_SIZE);
	if (!ret)
		ret = nvcore_boot_alloc_common(nd, &l);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.fmc_image, f->fmc_image.size);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.fmc_params, SZ_4K);
	if (ret)
		return ret;
	memcpy(c->boot.fmc_image.cpu, f->fmc_image.data, f->fmc_image.size);

	/*
	 * Sizes only (protocol.md §3.6 step 2): ACR/GSP-FMC chooses every offset and
	 * fills them in, so the layout's offsets and fbSize stay zero.
	 */
	l.non_wpr_heap_size = NV_GH100_NON_WPR_HEAP_SIZE;
	l.heap_size = nvcore_boot_wpr_heap_size(nd, fb_size);
	l.frts_size = NV_FRTS_SIZE;
	l.vga_size = VGA_WORKSPACE_SIZE;
	nd->release->build_wpr_meta(c->boot.wpr_meta.cpu, &l);
	build_fmc_params(nd);
	return 0;
}

/* ---- fsp-cot: one MCTP packet over EMEM channel 0 (protocol.md §3.6 step 5) --------------- */

static bool fsp_queue_empty(struct nvcore_dev *nd)
{
	return nvcore_rd32(nd, NV_PFSP_QUEUE_HEAD(NV_FSP_RM_CHANNEL)) ==
	       nvcore_rd32(nd, NV_PFSP_QUEUE_TAIL(NV_FSP_RM_CHANNEL));
}

/*
 * The FSP may still be consuming an earlier message: wait for it to drain
 * the command queue (HEAD == TAIL) before writing EMEM, as nouveau
 * fsp/gh100.c gh100_fsp_send does.
 */
static int fsp_send(struct nvcore_dev *nd, const u8 *msg, u32 len, unsigned int timeout_ms)
{
	bool empty;
	u32 i;
	int ret;

	ret = read_poll_timeout(fsp_queue_empty, empty, empty, 1000, timeout_ms * 1000, false,
				nd);
	if (ret) {
		dev_err(nd->dev,
			"FSP command queue did not drain in %u ms (QUEUE_HEAD 0x%x, QUEUE_TAIL 0x%x)\n",
			timeout_ms, nvcore_rd32(nd, NV_PFSP_QUEUE_HEAD(NV_FSP_RM_CHANNEL)),
			nvcore_rd32(nd, NV_PFSP_QUEUE_TAIL(NV_FSP_RM_CHANNEL)));
		return ret;
	}
	nvcore_wr32(nd, NV_PFSP_EMEMC(NV_FSP_RM_CHANNEL), NV_PFSP_EMEMC_AINCW);
	for (i = 0; i < len; i += 4)
		nvcore_wr32(nd, NV_PFSP_EMEMD(NV_FSP_RM_CHANNEL), get_le32(msg + i));
	/* Tail first: the head write tells the FSP a message is there. */
	nvcore_wr32(nd, NV_PFSP_QUEUE_TAIL(NV_FSP_RM_CHANNEL), len - 4);
	nvcore_wr32(nd, NV_PFSP_QUEUE_HEAD(NV_FSP_RM_CHANNEL), 0);
	return 0;
}

static bool fsp_msgq_pending(struct nvcore_dev *nd)
{
	return nvcore_rd32(nd, NV_PFSP_MSGQ_HEAD(NV_FSP_RM_CHANNEL)) !=
	       nvcore_rd32(nd, NV_PFSP_MSGQ_TAIL(NV_FSP_RM_CHANNEL));
}

/* Read the FSP's reply into @buf; its length in *len. */
static int fsp_recv(struct nvcore_dev *nd, u8 *buf, u32 max, u32 *len, unsigned int timeout_ms)
{
	u32 head, tail, i;
	bool pending;
	int ret;

	ret = read_poll_timeout(fsp_msgq_pending, pending, pending, 1000, timeout_ms * 1000,
				false, nd);
	if (ret) {
		dev_err(nd->dev, "FSP did not answer the COT message in %u ms (QUEUE_HEAD 0x%x, QUEUE_TAIL 0x%x)\n",
			timeout_ms, nvcore_rd32(nd, NV_PFSP_QUEUE_HEAD(NV_FSP_RM_CHANNEL)),
			nvcore_rd32(nd, NV_PFSP_QUEUE_TAIL(NV_FSP_RM_CHANNEL)));
		return ret;
	}
	head = nvcore_rd32(nd, NV_PFSP_MSGQ_HEAD(NV_FSP_RM_CHANNEL));
	tail = nvcore_rd32(nd, NV_PFSP_MSGQ_TAIL(NV_FSP_RM_CHANNEL));
	/* The FSP's values: bound them before they size a read. */
	if (tail < head || (head & 3) || (tail & 3) || tail - head + 4 > max ||
	    tail + 4 > NV_FSP_EMEM_CHANNEL_SIZE) {
		dev_err(nd->dev, "FSP reply queue is corrupt (MSGQ_HEAD 0x%x, MSGQ_TAIL 0x%x)\n",
			head, tail);
		return -EPROTO;
	}
	*len = tail - head + 4;
	nvcore_wr32(nd, NV_PFSP_EMEMC(NV_FSP_RM_CHANNEL), head | NV_PFSP_EMEMC_AINCR);
	for (i = 0; i < *len; i += 4)
		put_le32(buf + i, nvcore_rd32(nd, NV_PFSP_EMEMD(NV_FSP_RM_CHANNEL)));
	/* Consumed: the queue is empty again. */
	nvcore_wr32(nd, NV_PFSP_MSGQ_TAIL(NV_FSP_RM_CHANNEL), 0);
	nvcore_wr32(nd, NV_PFSP_MSGQ_HEAD(NV_FSP_RM_CHANNEL), 0);
	return 0;
}

static void build_cot(struct nvcore_dev *nd, u8 *msg)
{
	struct nvcore_core_state *c = nd->core;
	struct nvcore_fw_files *f = &nd->fw;
	u8 *p = msg + 8;

	put_le32(msg, NV_MCTP_HDR_SOM | NV_MCTP_HDR_EOM);	/* SEID 0, SEQ 0 */
	put_le32(msg + 4, NV_NVDM_HDR(NV_NVDM_TYPE_COT));
	put_le16(p + NV_FSP_COT_VERSION, NV_FSP_COT_VERSION_GH100);
	put_le16(p + NV_FSP_COT_SIZE, NV_FSP_COT_PAYLOAD_SIZE);
	put_le64(p + NV_FSP_COT_GSP_FMC_SYSMEM_OFFSET, c->boot.fmc_image.dma);
	/* No FRTS in sysmem; in vidmem above the 2 MiB-aligned non-WPR heap (r535: 0x200000). */
	put_le64(p + NV_FSP_COT_FRTS_SYSMEM_OFFSET, 0);
	put_le32(p + NV_FSP_COT_FRTS_SYSMEM_SIZE, 0);
	put_le64(p + NV_FSP_COT_FRTS_VIDMEM_OFFSET,
		 ALIGN(NV_GH100_NON_WPR_HEAP_SIZE, NV_GH100_FRTS_VIDMEM_ALIGN));
	put_le32(p + NV_FSP_COT_FRTS_VIDMEM_SIZE, NV_FRTS_SIZE);
	memcpy(p + NV_FSP_COT_HASH384, f->fmc_hash.data, NV_FSP_COT_HASH_SIZE);
	memcpy(p + NV_FSP_COT_PUBLIC_KEY, f->fmc_pubkey.data, NV_FSP_COT_KEY_SIZE);
	memcpy(p + NV_FSP_COT_SIGNATURE, f->fmc_sig.data, NV_FSP_COT_SIG_SIZE);
	put_le64(p + NV_FSP_COT_GSP_BOOT_ARGS_SYSMEM_OFFSET, c->boot.fmc_params.dma);
}

static int check_response(struct nvcore_dev *nd, const u8 *r, u32 len)
{
	u32 mctp = get_le32(r), nvdm = get_le32(r + 4);
	u32 cmd, err;

	if (len < RESP_MSG_SIZE) {
		dev_err(nd->dev, "FSP response is %u bytes, expected at least %u\n", len,
			RESP_MSG_SIZE);
		return -EPROTO;
	}
	if ((mctp & (NV_MCTP_HDR_SOM | NV_MCTP_HDR_EOM)) != (NV_MCTP_HDR_SOM | NV_MCTP_HDR_EOM)) {
		dev_err(nd->dev, "FSP response MCTP header 0x%08x is not a single packet (SOM|EOM)\n",
			mctp);
		return -EPROTO;
	}
	if (nvdm != NV_NVDM_HDR(NV_NVDM_TYPE_FSP_RESPONSE)) {
		dev_err(nd->dev, "FSP response NVDM header 0x%08x, expected 0x%08x (FSP_RESPONSE)\n",
			nvdm, NV_NVDM_HDR(NV_NVDM_TYPE_FSP_RESPONSE));
		return -EPROTO;
	}
	cmd = get_le32(r + 8 + NV_FSP_RESP_COMMAND_NVDM_TYPE);
	err = get_le32(r + 8 + NV_FSP_RESP_ERROR_CODE);
	if (cmd != NV_NVDM_TYPE_COT) {
		dev_err(nd->dev, "FSP response answers NVDM type 0x%x, expected COT (0x%x)\n", cmd,
			NV_NVDM_TYPE_COT);
		return -EPROTO;
	}
	if (err) {
		dev_err(nd->dev, "FSP rejected the GSP-FMC chain of trust: errorCode 0x%x\n", err);
		return -EIO;
	}
	return 0;
}

static int fsp_cot(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;
	u32 len = 0;
	u8 *msg;
	int ret;

	/* Queued before GSP runs; it reads them at init, no reply (protocol.md §3.6 step 3). */
	ret = nvcore_boot_queue_preboot_rpcs(nd);
	if (ret)
		return ret;
	/* Until GSP-FMC is done, the mailboxes hold its boot parameters' address (step 6). */
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX0, lower_32_bits(c->boot.fmc_params.dma));
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX1, upper_32_bits(c->boot.fmc_params.dma));

	msg = kzalloc(NV_FSP_EMEM_CHANNEL_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	build_cot(nd, msg);
	ret = fsp_send(nd, msg, COT_MSG_SIZE, timeout_ms);
	if (!ret) {
		memset(msg, 0, NV_FSP_EMEM_CHANNEL_SIZE);
		ret = fsp_recv(nd, msg, NV_FSP_EMEM_CHANNEL_SIZE, &len, timeout_ms);
	}
	if (!ret)
		ret = check_response(nd, msg, len);
	kfree(msg);
	return ret;
}

/* ---- gsp-lockdown (protocol.md §3.6 step 6) ------------------------------------------------- */

/* 0: released; -EAGAIN: GSP-FMC still running; -EIO: GSP-FMC reported an error. */
static int lockdown_state(struct nvcore_dev *nd, u32 *mbox0, u32 *mbox1, u32 *hwcfg2)
{
	u64 pair;

	*mbox0 = nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX0);
	*mbox1 = 0;
	*hwcfg2 = 0;
	/* The GSP's registers are not accessible over PRI yet. */
	if ((*mbox0 & NV_GSP_MAILBOX0_PRI_LOCKED_MASK) == NV_GSP_MAILBOX0_PRI_LOCKED)
		return -EAGAIN;
	*mbox1 = nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX1);
	pair = (u64)*mbox1 << 32 | *mbox0;
	/* Anything but our boot parameters' address is GSP-FMC's error code. */
	if (pair && pair != nd->core->boot.fmc_params.dma)
		return -EIO;
	*hwcfg2 = nvcore_rd32(nd, NV_PGSP_BASE + NV_FALCON_HWCFG2);
	return *hwcfg2 & NV_FALCON_HWCFG2_RISCV_BR_PRIV_LOCKDOWN ? -EAGAIN : 0;
}

static int gsp_lockdown(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 mbox0, mbox1, hwcfg2;
	int ret, st;

	ret = read_poll_timeout(lockdown_state, st, st != -EAGAIN, 1000, timeout_ms * 1000,
				false, nd, &mbox0, &mbox1, &hwcfg2);
	if (ret) {
		dev_err(nd->dev,
			"GSP lockdown was not released in %u ms (MAILBOX0 0x%08x, HWCFG2 0x%08x)\n",
			timeout_ms, mbox0, hwcfg2);
		return ret;
	}
	if (st)
		dev_err(nd->dev, "GSP-FMC reported an error: MAILBOX0 0x%08x MAILBOX1 0x%08x\n",
			mbox0, mbox1);
	return st;
}

/* ---- unload ------------------------------------------------------------------------ */

/* After UNLOADING_GUEST_DRIVER the GSP RISC-V core halts; no booter on GH100. */
static int unload(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 v;
	int ret;

	ret = read_poll_timeout(nvcore_rd32, v, v & NV_RISCV_CPUCTL_HALTED, 1000,
				timeout_ms * 1000, false, nd, NV_PGSP_RISCV_CPUCTL);
	if (ret)
		dev_err(nd->dev, "GSP RISC-V core did not halt after UNLOADING_GUEST_DRIVER (CPUCTL 0x%08x)\n",
			v);
	return ret;
}

static void free_gh100(struct nvcore_dev *nd)
{
	nvcore_dmabuf_free(nd, &nd->core->boot.fmc_image);
	nvcore_dmabuf_free(nd, &nd->core->boot.fmc_params);
}

static const struct nvcore_boot_step steps[] = {
	NVCORE_BOOT_STEP(FSP_SECURE_BOOT, wait_fsp_boot, GFW_BOOT),
	NVCORE_BOOT_STEP(PREPARE, prepare, RPC),
	NVCORE_BOOT_STEP(FSP_COT, fsp_cot, BOOTER),
	NVCORE_BOOT_STEP(GSP_LOCKDOWN, gsp_lockdown, BOOTER),
	NVCORE_BOOT_STEPS_GSP_RM,
};

const struct nvcore_boot_family nvcore_boot_gh100 = {
	.name = "GH100 FSP",
	.steps = steps,
	.num_steps = ARRAY_SIZE(steps),
	.unload = unload,
	.free = free_gh100,
};
