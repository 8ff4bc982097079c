// SPDX-License-Identifier: MIT
/*
 * The boot state machine and the steps every chip family shares.
 *
 * A family (boot_ga102.c: FWSEC-FRTS + SEC2 booter, protocol.md §3.4; boot_gh100.c:
 * the FSP chain of trust, protocol.md §3.6) lists its named states in order, each
 * bounded by one of the release's timeouts.  The runner records when each
 * state started and names the state a failure happened in.  What is common
 * lives here: the sysmem copies of the GSP image (radix3), the bootloader
 * and signature, the LibOS arguments, the pre-boot RPCs, RISC-V start, the
 * status-queue link, INIT_DONE, static info, and the first half of unload.
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

static const char *const state_names[] = {
	[NVCORE_BOOT_IDLE] = "idle",
	[NVCORE_BOOT_GFW] = "gfw-boot",
	[NVCORE_BOOT_FSP_SECURE_BOOT] = "fsp-secure-boot",
	[NVCORE_BOOT_PREPARE] = "prepare",
	[NVCORE_BOOT_FRTS] = "fwsec-frts",
	[NVCORE_BOOT_BOOTER_LOAD] = "booter-load",
	[NVCORE_BOOT_FSP_COT] = "fsp-cot",
	[NVCORE_BOOT_GSP_LOCKDOWN] = "gsp-lockdown",
	[NVCORE_BOOT_RISCV_START] = "riscv-start",
	[NVCORE_BOOT_QUEUE_LINK] = "queue-link",
	[NVCORE_BOOT_INIT_DONE] = "init-done",
	[NVCORE_BOOT_STATIC_INFO] = "static-info",
	[NVCORE_BOOT_READY] = "ready",
	[NVCORE_BOOT_FAILED] = "failed",
	[NVCORE_BOOT_UNLOADED] = "unloaded",
};

const char *nvcore_boot_state_name(enum nvcore_boot_state s)
{
	return s < ARRAY_SIZE(state_names) && state_names[s] ? state_names[s] : "?";
}

const struct nvcore_boot_family *nvcore_boot_family_of(const struct nvcore_dev *nd)
{
	return nd->chip.fsp_boot ? &nvcore_boot_gh100 : &nvcore_boot_ga102;
}

static void set_state(struct nvcore_dev *nd, enum nvcore_boot_state s)
{
	struct nvcore_core_state *c = nd->core;

	c->boot.state_start[s] = ktime_get();
	dev_info(nd->dev, "boot: %s at %lld us\n", state_names[s],
		 ktime_to_us(c->boot.state_start[s]));
	WRITE_ONCE(c->boot.state, s);
	nvcore_trace_state(nd, state_names[s]);
}

/* ---- FB sizes and the structures the host builds (protocol.md §3.3) ----------------- */

#define WPR_HEAP_PER_GB_FB	(96ull << 10)
#define WPR_HEAP_CLIENT_ALLOC	((48ull << 10) * 2048)
#define LOG_BUF_SIZE		(64u << 10)

/*
 * LIBOS2 (GA100) heap parameters, a chip property: no OS carveout, clamp
 * 64..256 MiB (OGKM gsp_fw_heap.h GSP_FW_HEAP_PARAM_OS_SIZE_LIBOS2,
 * GSP_FW_HEAP_SIZE_OVERRIDE_LIBOS2_MIN_MB/_MAX_MB; nova-core
 * LibosParams::LIBOS2 "Turing and GA100"; nouveau r570_wpr_libos2).
 */
#define WPR_HEAP_LIBOS2_MIN_MIB	64
#define WPR_HEAP_LIBOS2_MAX_MIB	256

/*
 * OS carveout and clamp are the release's (LIBOS3) or LIBOS2's on a chip
 * that runs LIBOS2; the base RM size is the chip's.
 */
u64 nvcore_boot_wpr_heap_size(struct nvcore_dev *nd, u64 fb_size)
{
	const struct nvcore_fw_release *r = nd->release;
	u64 gb = DIV_ROUND_UP(fb_size, 1ull << 30);
	u64 os = nd->chip.libos2 ? 0 : r->wpr_heap_mib.os_carveout;
	u64 min = nd->chip.libos2 ? WPR_HEAP_LIBOS2_MIN_MIB : r->wpr_heap_mib.min;
	u64 max = nd->chip.libos2 ? WPR_HEAP_LIBOS2_MAX_MIB : r->wpr_heap_mib.max;
	u64 size = (os << 20) + ((u64)nd->chip.rm_heap_mib << 20) +
		   ALIGN(WPR_HEAP_PER_GB_FB * gb, SZ_1M) + ALIGN(WPR_HEAP_CLIENT_ALLOC, SZ_1M);

	if (nvcore_vgpu_wpr_heap(nd))
		return nvcore_vgpu_wpr_heap(nd);
	return clamp_t(u64, size, min << 20, max << 20);
}

/* WPR2 already up: a previous driver left GSP running (protocol.md §3.4 step 4). */
int nvcore_boot_check_wpr2_down(struct nvcore_dev *nd)
{
	u32 hi = nvcore_rd32(nd, NV_PFB_PRI_MMU_WPR2_ADDR_HI);

	if (hi) {
		dev_err(nd->dev,
			"WPR2 is already up (WPR2_ADDR_HI 0x%08x): GSP is still running from a previous load; the GPU needs a reset\n",
			hi);
		return -EBUSY;
	}
	return 0;
}

static void sgbuf_free(struct nvcore_dev *nd, struct nvcore_sgbuf *sg)
{
	unsigned int i;

	for (i = 0; sg->chunks && i < sg->nchunks; i++)
		nvcore_dmabuf_free(nd, &sg->chunks[i]);
	kfree(sg->chunks);
	sg->chunks = NULL;
	sg->nchunks = 0;
}

/* Copy data into 1 MiB coherent chunks: large contiguous DMA allocations fail on real hosts. */
static int sgbuf_fill(struct nvcore_dev *nd, struct nvcore_sgbuf *sg, const u8 *data, size_t len)
{
	unsigned int i;
	int ret;

	sg->size = len;
	sg->nchunks = DIV_ROUND_UP(len, SZ_1M);
	sg->chunks = kcalloc(sg->nchunks, sizeof(*sg->chunks), GFP_KERNEL);
	if (!sg->chunks)
		return -ENOMEM;
	for (i = 0; i < sg->nchunks; i++) {
		size_t n = min_t(size_t, len - (size_t)i * SZ_1M, SZ_1M);

		ret = nvcore_dmabuf_alloc(nd, &sg->chunks[i], n);
		if (ret) {
			sgbuf_free(nd, sg);
			return ret;
		}
		memcpy(sg->chunks[i].cpu, data + (size_t)i * SZ_1M, n);
	}
	return 0;
}

/* Level-2 pages of the radix3 map over an image of @size bytes. */
static size_t radix3_l2_pages(size_t size)
{
	return DIV_ROUND_UP(DIV_ROUND_UP(size, SZ_4K) * sizeof(u64), SZ_4K);
}

/*
 * Radix3 map of the image: level0 -> level1 -> level2 -> pages (protocol.md
 * §3.3); nvcore_boot_alloc_common checked that one level-1 page suffices.
 */
static int build_radix3(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	size_t npages = DIV_ROUND_UP(c->boot.image.size, SZ_4K);
	size_t l2_pages = radix3_l2_pages(c->boot.image.size);
	u64 *l0, *l1, *l2;
	size_t i;
	int ret;

	ret = nvcore_dmabuf_alloc(nd, &c->boot.radix3, (2 + l2_pages) * SZ_4K);
	if (ret)
		return ret;
	l0 = c->boot.radix3.cpu;
	l1 = l0 + SZ_4K / sizeof(u64);
	l2 = l1 + SZ_4K / sizeof(u64);
	l0[0] = c->boot.radix3.dma + SZ_4K;
	for (i = 0; i < l2_pages; i++)
		l1[i] = c->boot.radix3.dma + (2 + i) * SZ_4K;
	for (i = 0; i < npages; i++) {
		const struct nvcore_dmabuf *ch = &c->boot.image.chunks[i / (SZ_1M / SZ_4K)];

		l2[i] = ch->dma + (i % (SZ_1M / SZ_4K)) * SZ_4K;
	}
	return 0;
}

static u64 libos_id8(const char *name)
{
	u64 id = 0;

	while (*name)
		id = (id << 8) | (u8)*name++;
	return id;
}

/* LibOS init arguments: three log buffers and RMARGS (protocol.md §3.3). */
static int build_libos(struct nvcore_dev *nd)
{
	static const char *const log_names[] = { "LOGINIT", "LOGINTR", "LOGRM" };
	struct nvcore_core_state *c = nd->core;
	struct LibosMemoryRegionInitArgument *arg;
	struct nvcore_queue_args qa;
	unsigned int i, p;
	int ret;

	ret = nvcore_dmabuf_alloc(nd, &c->boot.libos, SZ_4K);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.rmargs, nd->release->rmargs_size);
	for (i = 0; !ret && i < ARRAY_SIZE(log_names); i++)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.logs[i], LOG_BUF_SIZE);
	if (ret)
		return ret;

	arg = c->boot.libos.cpu;
	for (i = 0; i < ARRAY_SIZE(log_names); i++, arg++) {
		u64 *buf = c->boot.logs[i].cpu;

		/* u64[0] is the put pointer, then the PA of every page. */
		for (p = 0; p < LOG_BUF_SIZE / SZ_4K; p++)
			buf[1 + p] = c->boot.logs[i].dma + (u64)p * SZ_4K;
		arg->id8 = libos_id8(log_names[i]);
		arg->pa = c->boot.logs[i].dma;
		arg->size = LOG_BUF_SIZE;
		arg->kind = LIBOS_MEMORY_REGION_CONTIGUOUS;
		arg->loc = LIBOS_MEMORY_REGION_LOC_SYSMEM;
	}
	nvcore_msgq_args(nd, &qa);
	nd->release->build_rmargs(c->boot.rmargs.cpu, &qa);
	arg->id8 = libos_id8("RMARGS");
	arg->pa = c->boot.rmargs.dma;
	arg->size = nd->release->rmargs_size;
	arg->kind = LIBOS_MEMORY_REGION_CONTIGUOUS;
	arg->loc = LIBOS_MEMORY_REGION_LOC_SYSMEM;
	return 0;
}

int nvcore_boot_alloc_common(struct nvcore_dev *nd, struct nvcore_wpr_layout *l)
{
	struct nvcore_core_state *c = nd->core;
	struct nvcore_fw_files *f = &nd->fw;
	int ret;

	/*
	 * One level-1 page holds 512 level-2 addresses, each level-2 page 512
	 * page addresses: 1 GiB at most.  Checked on the size the firmware file
	 * claims, before the image is copied.
	 */
	if (radix3_l2_pages(f->image_size) > SZ_4K / sizeof(u64)) {
		dev_err(nd->dev, "GSP image of %zu bytes is too large for a radix3 map (1 GiB at most)\n",
			f->image_size);
		return -E2BIG;
	}
	ret = sgbuf_fill(nd, &c->boot.image, f->image, f->image_size);
	if (!ret)
		ret = build_radix3(nd);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.bootloader, f->bl_payload_size);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.signature, f->signature_size);
	if (!ret)
		ret = nvcore_dmabuf_alloc(nd, &c->boot.wpr_meta, SZ_4K);
	if (!ret)
		ret = nvcore_msgq_init(nd);
	if (!ret)
		ret = build_libos(nd);
	if (ret)
		return ret;
	memcpy(c->boot.bootloader.cpu, f->bl_payload, f->bl_payload_size);
	memcpy(c->boot.signature.cpu, f->signature, f->signature_size);

	l->image_addr = c->boot.radix3.dma;
	l->image_size = f->image_size;
	l->bootloader_addr = c->boot.bootloader.dma;
	l->bootloader_size = f->bl_payload_size;
	l->bl_code_offset = f->bl_code_offset;
	l->bl_data_offset = f->bl_data_offset;
	l->bl_manifest_offset = f->bl_manifest_offset;
	l->signature_addr = c->boot.signature.dma;
	l->signature_size = f->signature_size;
	l->vf_partition_count = nvcore_vgpu_partitions(nd);
	return 0;
}

/*
 * SET_REGISTRY payload: nouveau's keys (protocol.md §2.4), and the last,
 * RMSetSriovMode, only when GSP-RM runs vGPU (spec/vgpu.md §1.7, v1 patch 06).
 */
static int set_registry(struct nvcore_dev *nd)
{
	static const struct { const char *key; u32 val; } keys[] = {
		{ "RMSecBusResetEnable", 1 },
		{ "RMForcePcieConfigSave", 1 },
		{ "RMSetSriovMode", 1 },
	};
	unsigned int i, n = ARRAY_SIZE(keys) - !nvcore_vgpu_partitions(nd);
	struct PACKED_REGISTRY_TABLE *t;
	size_t size = sizeof(*t) + n * sizeof(t->entries[0]);
	size_t str = size;
	int ret;

	for (i = 0; i < n; i++)
		size += strlen(keys[i].key) + 1;
	t = kzalloc(size, GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	t->size = size;
	t->numEntries = n;
	for (i = 0; i < n; i++) {
		size_t n = strlen(keys[i].key) + 1;

		t->entries[i].nameOffset = str;
		t->entries[i].type = REGISTRY_TABLE_ENTRY_TYPE_DWORD;
		t->entries[i].data = keys[i].val;
		t->entries[i].length = sizeof(u32);
		memcpy((u8 *)t + str, keys[i].key, n);
		str += n;
	}
	ret = nvcore_rpc_post(nd, NV_VGPU_MSG_FUNCTION_SET_REGISTRY, t, size);
	kfree(t);
	return ret;
}

int nvcore_boot_queue_preboot_rpcs(struct nvcore_dev *nd)
{
	struct nvcore_sysinfo_args sa = {
		.bar0_addr = pci_resource_start(nd->pdev, 0),
		.bar1_addr = pci_resource_start(nd->pdev, 1),
		.bar3_addr = pci_resource_start(nd->pdev, 3),
		.dbdf = ((u64)pci_domain_nr(nd->pdev->bus) << 16) |
			(nd->pdev->bus->number << 8) | nd->pdev->devfn,
		.max_user_va = (1ull << 47) - 1,
		.pci_vendor = nd->pdev->vendor,
		.pci_device = nd->pdev->device,
		.pci_subsystem_vendor = nd->pdev->subsystem_vendor,
		.pci_subsystem_device = nd->pdev->subsystem_device,
		.pci_revision = nd->pdev->revision,
	};
	void *si;
	int ret;

	nvcore_sriov_sysinfo(nd, &sa);
	si = kzalloc(nd->release->system_info_size, GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	nd->release->build_system_info(si, &sa);
	ret = nvcore_rpc_post(nd, NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO, si,
			      nd->release->system_info_size);
	kfree(si);
	if (!ret)
		ret = set_registry(nd);
	return ret;
}

/* ---- common states ---------------------------------------------------------------- */

int nvcore_boot_riscv_start(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	u32 v;
	int ret;

	nvcore_wr32(nd, NV_PGSP_FALCON_OS, nd->fw.bl_app_version);
	ret = read_poll_timeout(nvcore_rd32, v, v & NV_RISCV_CPUCTL_ACTIVE_STAT, 1000,
				timeout_ms * 1000, false, nd, NV_PGSP_RISCV_CPUCTL);
	if (ret)
		dev_err(nd->dev, "GSP RISC-V core did not become active (CPUCTL 0x%08x)\n", v);
	return ret;
}

int nvcore_boot_queue_link(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	int ret, err;

	ret = read_poll_timeout(nvcore_msgq_link, err, err != -EAGAIN, 1000,
				timeout_ms * 1000, false, nd);
	if (ret) {
		dev_err(nd->dev, "GSP did not initialise its status queue in %u ms\n", timeout_ms);
		return ret;
	}
	return err;
}

int nvcore_boot_init_done(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;

	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);
	bool done;

	/*
	 * Sequencer events arrive first and run from the drain work.  GSP-RM
	 * routes SWGEN0 to the host itself (its RISC-V IRQMASK); the tree is
	 * enabled once RM names the vector (nvcore_intr_enable), so the boot
	 * polls the status queue (nouveau r535_gsp_msgq_wait) before each wait.
	 * The first poll is made here, in this state, not at the end of
	 * QUEUE_LINK: the drain work it starts writes registers (the
	 * sequencer's), and in a kernel it could otherwise run before this
	 * state is recorded, so that a trace's order would depend on the
	 * scheduler.
	 */
	for (;;) {
		nvcore_intr_poll(nd);
		done = wait_for_completion_timeout(&c->boot.init_done, msecs_to_jiffies(NVCORE_POLL_MS));
		if (done || time_after_eq(jiffies, deadline))
			break;
	}
	if (!done) {
		dev_err(nd->dev, "GSP_INIT_DONE did not arrive in %u ms (%u sequencer runs)\n",
			timeout_ms, READ_ONCE(c->boot.seq_runs));
		nvcore_rpc_dump_history(nd, "waiting for GSP_INIT_DONE");
		return -ETIMEDOUT;
	}
	return c->boot.init_done_status;
}

int nvcore_boot_static_info(struct nvcore_dev *nd, unsigned int timeout_ms)
{
	struct nvcore_core_state *c = nd->core;
	size_t len = nd->release->static_info_size;
	struct nvcore_rpc_req req = {
		.function = NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO,
		.in_len = len,
		.out_max = len,
	};
	void *si;
	int ret;

	si = kzalloc(len, GFP_KERNEL);
	if (!si)
		return -ENOMEM;
	req.in = si;
	req.out = si;
	ret = nvcore_rpc(nd, &req);
	if (!ret && req.out_len != len) {
		dev_err(nd->dev, "GET_GSP_STATIC_INFO returned %zu bytes, expected %zu\n",
			req.out_len, len);
		ret = -EPROTO;
	}
	if (ret == -EREMOTEIO)
		dev_err(nd->dev, "GET_GSP_STATIC_INFO failed in firmware: 0x%x\n", req.fw_status);
	if (!ret) {
		nd->release->parse_static_info(si, &c->boot.sinfo);
		dev_info(nd->dev, "%s, %llu MiB, GSP-RM %s\n", c->boot.sinfo.gpu_name,
			 c->boot.sinfo.fb_length >> 20, nd->release->version);
	}
	kfree(si);
	return ret;
}

/* ---- the runner ------------------------------------------------------------------- */

int nvcore_boot(struct nvcore_dev *nd)
{
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	unsigned int i;
	int ret;

	for (i = 0; i < fam->num_steps; i++) {
		const struct nvcore_boot_step *st = &fam->steps[i];

		set_state(nd, st->state);
		ret = st->fn(nd, nvcore_timeout_ms(nd, st->timeout));
		if (ret) {
			dev_err(nd->dev, "GSP boot failed in state %s: %d (%s boot)\n",
				state_names[st->state], ret, fam->name);
			set_state(nd, NVCORE_BOOT_FAILED);
			return ret;
		}
	}
	set_state(nd, NVCORE_BOOT_READY);
	return 0;
}

static void free_boot_buffers(struct nvcore_dev *nd)
{
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	struct nvcore_core_state *c = nd->core;
	unsigned int i;

	if (fam->free)
		fam->free(nd);
	sgbuf_free(nd, &c->boot.image);
	nvcore_dmabuf_free(nd, &c->boot.radix3);
	nvcore_dmabuf_free(nd, &c->boot.bootloader);
	nvcore_dmabuf_free(nd, &c->boot.signature);
	nvcore_dmabuf_free(nd, &c->boot.wpr_meta);
	nvcore_dmabuf_free(nd, &c->boot.libos);
	nvcore_dmabuf_free(nd, &c->boot.rmargs);
	for (i = 0; i < ARRAY_SIZE(c->boot.logs); i++)
		nvcore_dmabuf_free(nd, &c->boot.logs[i]);
	nvcore_msgq_fini(nd);
}

/*
 * Unload: UNLOADING_GUEST_DRIVER, then the family's part (GA10x: LIBOS
 * suspended + booter-unload, protocol.md §3.4 step 16; GH100: RISC-V halted,
 * protocol.md §3.6).  Safe after a failed boot.
 */
void nvcore_unload(struct nvcore_dev *nd)
{
	const struct nvcore_boot_family *fam = nvcore_boot_family_of(nd);
	struct nvcore_core_state *c = nd->core;
	unsigned int timeout = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_UNLOAD);
	struct rpc_unloading_guest_driver_v1F_07 u = {};
	struct nvcore_rpc_req req = {
		.function = NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER,
		.in = &u,
		.in_len = sizeof(u),
		.out = &u,
		.out_max = sizeof(u),
	};
	int ret;

	if (c->boot.state == NVCORE_BOOT_READY) {
		ret = nvcore_rpc(nd, &req);
		if (!ret)
			ret = fam->unload(nd, timeout);
		if (ret)
			dev_err(nd->dev, "GSP unload did not complete (%d, %s); the GPU needs a reset\n",
				ret, fam->name);
	}
	nvcore_intr_disable(nd);
	nvcore_rpc_fail_all(nd, -ENODEV);
	/*
	 * A drain queued before (the poll at the end of nvcore_intr_enable, an
	 * interrupt's: synchronize_irq waited for the handler, not for the
	 * work it queued) reads the queues: it must not run once they are
	 * freed.  Normally the unload RPC's wait lets it run first; an unload
	 * that failed or was skipped leaves it pending (found by the faults
	 * suite: a failed allocation in remove; and by TSan).
	 */
	cancel_work_sync(&c->intr.msg_work);
	cancel_work_sync(&c->intr.poll_work);
	set_state(nd, NVCORE_BOOT_UNLOADED);
	free_boot_buffers(nd);
}
