// SPDX-License-Identifier: MIT
/* Unload: GSP suspended, WPR2 lowered, nothing left allocated. */
#include "common.h"
#include "regs.h"

START_TEST(unload_is_clean)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct gspm_stats st;

	ck_assert_int_eq(nvh_echo(nd, 200000, 9), 0);
	ck_assert_uint_gt(kshim_bytes_allocated(), 0);
	kshim_pci_remove(h.pdev);
	h.pdev = NULL;
	gspm_get_stats(h.m, &st);
	ck_assert_uint_eq(st.per_function[NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER], 1);
	ck_assert_int_eq(gspm_fw_state(h.m), GSPM_FW_UNLOADED);
	ck_assert_uint_eq(gspm_mmio_read32(h.m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	/* nvh_stop -> kshim_fini reports any leak as a failure. */
	stop_clean(&h);
}
END_TEST

START_TEST(unload_after_firmware_death)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	gspm_inject(h.m, GSPM_FAULT_DIE, NV_VGPU_MSG_FUNCTION_NOP, 0, 1);
	ck_assert_int_eq(rpc_nop(nd), -ETIMEDOUT);
	kshim_pci_remove(h.pdev);
	h.pdev = NULL;
	ck_assert(kshim_log_contains("the GPU needs a reset"));
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

static void drop_static_info(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_DROP_REPLY, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, 0, 1);
}

START_TEST(failed_boot_frees_everything)
{
	struct nvh h;
	struct nvh_opts o = nvh_defaults();

	o.before_probe = drop_static_info;
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, -ETIMEDOUT);
	ck_assert(kshim_log_contains("GSP boot failed in state static-info"));
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

Suite *unload_suite(void)
{
	Suite *s = suite_create("unload");
	TCase *tc = tcase_create("unload");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, unload_is_clean);
	tcase_add_test(tc, unload_after_firmware_death);
	tcase_add_test(tc, failed_boot_frees_everything);
	suite_add_tcase(s, tc);
	return s;
}
