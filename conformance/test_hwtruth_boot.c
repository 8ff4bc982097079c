// SPDX-License-Identifier: MIT
/*
 * Hardware truth of the boot and unload sequences (issue 9; docs/hw-fidelity.md
 * "GFW boot and its privilege level mask", "WPR2 and the FB layout",
 * "FWSEC-FRTS and FWSEC-SB", "SEC2 booter load and unload", "GH100: FSP
 * chain of trust and GSP-FMC"): the fixed driver against the model's rules,
 * in strict mode.  The old, wrong sequences are replayed register by
 * register against the model in emu/gsp-model/tests/test_hw.c, which
 * expects the named violations.
 *
 * Expected values come from the public drivers, not from the driver under
 * test: nouveau tu102_gsp_oneinit / nova-core fb.rs (heap size), nouveau
 * gh100_gsp_init / nova-core GspFmcBootParams (the two DMA targets), nouveau
 * tu102_gsp_fini / OGKM kgspUnloadRm_IMPL (unload order), nouveau
 * gh100_fsp_send (the command queue drains before a send).
 */
#include <linux/delay.h>

#include "common.h"
#include "hw.h"

#define MiB		(1ull << 20)

static bool ga10x(void)
{
	return nvh_target.chip == GSPM_CHIP_GA102 || nvh_target.chip == GSPM_CHIP_AD102;
}

static u64 meta64(struct nvcore_dev *nd, unsigned int off)
{
	const u8 *p = (const u8 *)nd->core->boot.wpr_meta.cpu + off;
	u64 v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static u32 le32_at(const void *base, unsigned int off)
{
	const u8 *p = (const u8 *)base + off;

	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/*
 * GFW is still running at power-on (the model's PLM keeps group 05 from the
 * CPU for a seeded few ms): the driver must wait for READ_PROTECTION_LEVEL0
 * = ENABLE before it reads the progress.  A progress read while the PLM
 * forbids it is a violation, so a strict boot with none proves the order.
 */
/* The first half of unload, by hand: the caller runs the booter's part. */
static int unloading_guest_driver(struct nvcore_dev *nd)
{
	struct rpc_unloading_guest_driver_v1F_07 u = {};
	struct nvcore_rpc_req req = {
		.function = NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER,
		.in = &u, .in_len = sizeof(u), .out = &u, .out_max = sizeof(u),
	};

	return nvcore_rpc(nd, &req);
}

START_TEST(gfw_wait_reads_progress_after_plm)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	/* The wait took at least until GFW lowered the PLM (not at probe's first read). */
	ck_assert(nd->core->boot.state_start[NVCORE_BOOT_PREPARE] >
		  nd->core->boot.state_start[NVCORE_BOOT_GFW]);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_PRIV_LEVEL_MASK) &
			  1, 1);
	stop_clean(&h);
}
END_TEST

/*
 * GspFwWprMeta.gspFwHeapSize is re-derived after the heap offset is aligned
 * down to 1 MiB: ALIGN_DOWN(gspFwOffset - gspFwHeapOffset, 1 MiB) (nouveau
 * tu102_gsp_oneinit; nova-core FbLayout::new ends the heap at elf.start
 * aligned down to 1 MiB).
 */
START_TEST(wpr_heap_size_rederived)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	u64 heap_off = meta64(nd, 0x78), heap_size = meta64(nd, 0x80), fw_off = meta64(nd, 0x88);

	ck_assert_uint_eq(heap_off % MiB, 0);
	ck_assert_uint_eq(heap_size, (fw_off - heap_off) & ~(MiB - 1));
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop_clean(&h);
}
END_TEST

/*
 * Unload: UNLOADING_GUEST_DRIVER, GSP suspended, GSP falcon reset, FWSEC-SB,
 * then booter-unload (nouveau tu102_gsp_fini, OGKM kgspUnloadRm_IMPL).  The
 * model records whether the booter-unload it ran came after a reset + SB.
 */
START_TEST(unload_runs_fwsec_sb_before_booter_unload)
{
	struct nvh h;
	struct gspm_stats st;

	boot_ok(&h);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_eq(st.fwsec_sb_runs, 0);
	kshim_pci_remove(h.pdev);
	h.pdev = NULL;
	gspm_get_stats(h.m, &st);
	ck_assert_uint_eq(st.fwsec_sb_runs, 1);
	ck_assert_uint_eq(st.booter_unloads, 1);
	ck_assert_uint_eq(st.booter_unloads_after_sb, 1);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_UNLOADED);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert(!kshim_log_contains("FWSEC-SB"));
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop_clean(&h);
}
END_TEST

/*
 * The old unload, by hand with the driver's own pieces: UNLOADING_GUEST_DRIVER,
 * the suspend wait, booter-unload, and no GSP falcon reset + FWSEC-SB.  No
 * public source shows booter-unload refusing that, so the model accepts it
 * (permissive) but records it as not after SB: the record the test above
 * reads can tell the two orders apart.
 */
START_TEST(old_unload_without_sb_is_recorded)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;
	unsigned int i;

	ck_assert_int_eq(unloading_guest_driver(nd), 0);
	for (i = 0; i < 2000 && nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX0) != 0x80000000u; i++)
		msleep(1);
	ck_assert_uint_eq(nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX0), 0x80000000u);
	ck_assert_int_eq(nvcore_booter_run(nd, &nd->fw.unload, 0x000000ff000000ffull, 4000), 0);
	gspm_get_stats(h.m, &st);
	ck_assert_uint_eq(st.booter_unloads, 1);
	ck_assert_uint_eq(st.booter_unloads_after_sb, 0);
	ck_assert_uint_eq(st.fwsec_sb_runs, 0);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	/* Unloaded by hand: the driver's remove must not unload again. */
	nd->core->boot.state = NVCORE_BOOT_UNLOADED;
	stop_clean(&h);
}
END_TEST

/*
 * GH100: GSP_FMC_BOOT_PARAMS targets as nouveau gh100_gsp_init and nova-core
 * set them: bootGspRmParams.target = GSP_DMA_TARGET_COHERENT_SYSTEM (1),
 * gspRmParams.target = GSP_DMA_TARGET_NONCOHERENT_SYSTEM (2).  Offsets 0x08
 * and 0x28 in the packed structure (r570 gspifpub.h).
 */
START_TEST(gh100_fmc_boot_params_targets)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	ck_assert_uint_eq(le32_at(nd->core->boot.fmc_params.cpu, 0x08), 1);
	ck_assert_uint_eq(le32_at(nd->core->boot.fmc_params.cpu, 0x28), 2);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop_clean(&h);
}
END_TEST

static void fsp_queue_busy(struct nvh *h)
{
	/* The FSP still consumes an earlier message for 60 ms after probe starts (past secure boot). */
	gspm_inject(h->m, GSPM_FAULT_FSP_QUEUE_BUSY, 0, 60000000, 1);
}

/* The driver waits for the FSP to drain its command queue (nouveau gh100_fsp_send). */
START_TEST(gh100_fsp_send_waits_for_queue)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.before_probe = fsp_queue_busy;
	boot_ok_with(&h, &o);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	ck_assert(!kshim_log_contains("did not drain"));
	stop_clean(&h);
}
END_TEST

/*
 * GA100 runs LIBOS2: the WPR heap has no OS carveout and is clamped to
 * 64..256 MiB (OGKM gsp_fw_heap.h GSP_FW_HEAP_PARAM_OS_SIZE_LIBOS2 = 0,
 * GSP_FW_HEAP_SIZE_OVERRIDE_LIBOS2_MIN_MB/_MAX_MB; nova-core
 * LibosParams::LIBOS2).  By hand for the 40 GiB A100: 8 MiB base RM
 * (GSP_FW_HEAP_PARAM_BASE_RM_SIZE_TU10X) + ALIGN(96 KiB x 40, 1 MiB) = 4 MiB
 * + ALIGN(96 MiB client alloc, 1 MiB) = 108 MiB.
 */
START_TEST(ga100_heap_is_libos2)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	ck_assert_uint_eq(meta64(nd, 0x80), 108 * MiB);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	stop_clean(&h);
}
END_TEST

static void put64_at(void *base, unsigned int off, u64 v)
{
	u8 *p = (u8 *)base + off;
	int i;

	for (i = 0; i < 8; i++)
		p[i] = (u8)(v >> (8 * i));
}

/*
 * The old driver's GA100 heap: the release's LIBOS3 parameters (535: 20 MiB
 * OS carveout) gave 128 MiB.  Boot, unload by hand, move the heap start and
 * gspFwWprStart down by the 20 MiB carveout in the same GspFwWprMeta (the
 * layout that driver built), raise WPR2 again with FWSEC-FRTS and run
 * booter_load: the model refuses the heap, naming LIBOS2.
 */
START_TEST(ga100_old_libos3_heap_refused)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;
	void *meta;
	unsigned int i, n;

	o.strict = false;
	nd = boot_ok_with(&h, &o);
	meta = nd->core->boot.wpr_meta.cpu;
	ck_assert_int_eq(unloading_guest_driver(nd), 0);
	for (i = 0; i < 2000 && nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX0) != 0x80000000u; i++)
		msleep(1);
	ck_assert_int_eq(nvcore_booter_run(nd, &nd->fw.unload, 0x000000ff000000ffull, 4000), 0);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);

	put64_at(meta, 0x70, meta64(nd, 0x70) - 20 * MiB);	/* gspFwWprStart */
	put64_at(meta, 0x78, meta64(nd, 0x78) - 20 * MiB);	/* gspFwHeapOffset */
	put64_at(meta, 0x80, meta64(nd, 0x80) + 20 * MiB);	/* gspFwHeapSize: 128 MiB */
	ck_assert_int_eq(nvcore_fwsec_frts(nd, nd->core->boot.wpr_frts_offset, nd->core->boot.wpr_frts_size,
					   4000), 0);
	ck_assert_int_eq(nvcore_gsp_reset_riscv(nd, 4000), 0);
	n = gspm_violation_count(h.m);
	ck_assert_int_ne(nvcore_booter_run(nd, &nd->fw.load, nd->core->boot.wpr_meta.dma, 4000), 0);
	ck_assert_uint_gt(gspm_violation_count(h.m), n);
	ck_assert_ptr_nonnull(strstr(gspm_violation(h.m, n), "expected the LIBOS2 size 0x6c00000"));
	nd->core->boot.state = NVCORE_BOOT_UNLOADED;
	/* The one violation is the refusal above (nvh_stop counts it). */
	ck_assert_uint_eq(nvh_stop(&h), n + 1);
}
END_TEST

Suite *hwtruth_boot_suite(void)
{
	Suite *s = suite_create("hwtruth_boot");
	TCase *t = tcase_create("boot");

	if (ga10x()) {
		tcase_add_test(t, gfw_wait_reads_progress_after_plm);
		tcase_add_test(t, wpr_heap_size_rederived);
		tcase_add_test(t, unload_runs_fwsec_sb_before_booter_unload);
		tcase_add_test(t, old_unload_without_sb_is_recorded);
	}
	if (nvh_target.chip == GSPM_CHIP_GA100) {
		tcase_add_test(t, ga100_heap_is_libos2);
		tcase_add_test(t, ga100_old_libos3_heap_refused);
	}
	if (nvh_target.chip == GSPM_CHIP_GH100) {
		tcase_add_test(t, gh100_fmc_boot_params_targets);
		tcase_add_test(t, gh100_fsp_send_waits_for_queue);
	}
	suite_add_tcase(s, t);
	return s;
}
