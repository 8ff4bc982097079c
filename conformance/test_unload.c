// SPDX-License-Identifier: MIT
/* Unload: GSP suspended, WPR2 lowered, nothing left allocated. */
#include "common.h"

START_TEST(unload_is_clean)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	ck_assert_int_eq(nvh_echo(nd, 200000, 9), 0);
	ck_assert_uint_gt(kshim_bytes_allocated(), 0);
	remove_unloads(&h);
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
	nvh_remove(&h);
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

	start_failing(&h, drop_static_info, -ETIMEDOUT, "GSP boot failed in state static-info");
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

Suite *unload_suite(void)
{
	return suite_of("unload", "unload", 120, (const TTest *[]){
		unload_is_clean, unload_after_firmware_death, failed_boot_frees_everything, NULL });
}
