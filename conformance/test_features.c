// SPDX-License-Identifier: MIT
/*
 * The GET_FEATURES handshake (protocol.md §5): what a client reads in
 * nvcore_gpu_info comes from the firmware's answer, and a firmware that
 * claims another version, or an unterminated one, fails the probe with a
 * message naming both; bValid = 0 is reported as "N/A", no features.
 */
#include <stdio.h>

#include "common.h"
#include "fw/gsp_abi.h"

static u64 fault_arg;
static enum gspm_fault fault;

static void arm_fault(struct nvh *h)
{
	gspm_inject(h->m, fault, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, fault_arg, 1);
}

/* The target's options with fault @f (arg) armed on the probe's GSP_RM_CONTROL. */
static struct nvh_opts with_fault(enum gspm_fault f, u64 arg)
{
	struct nvh_opts o = nvh_defaults();

	fault = f;
	fault_arg = arg;
	if (f != GSPM_FAULT_NONE)
		o.before_probe = arm_fault;
	return o;
}

static void start(struct nvh *h, enum gspm_fault f, u64 arg)
{
	struct nvh_opts o = with_fault(f, arg);

	nvh_start(h, &o);
}

/* Boots, attaches a client and reads its gpu_info. */
static struct nvcore_dev *boot_and_read(struct nvh *h, enum gspm_fault f, u64 arg)
{
	struct nvh_opts o = with_fault(f, arg);

	return boot_with_client(h, &o);
}

START_TEST(gpu_info_from_firmware)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_and_read(&h, GSPM_FAULT_NONE, 0);

	/* The model answers with its release's name and every feature bit it defines. */
	ck_assert_str_eq(nvh_tc.info.fw_version, nd->release->version);
	ck_assert(nvh_tc.info.features & NVCORE_FEATURE_UVM);
	ck_assert_uint_eq(nvh_tc.info.features, nvcore_fw_map_features(nd->release, ~0u));
	ck_assert_str_eq(nvh_tc.info.chip, nvh_chip_name(nvh_target.chip));
	stop_with_client(&h);
}
END_TEST

START_TEST(features_are_the_firmwares_bits)
{
	struct nvh h;

	/* No bits from the firmware: no features, whatever the release could do. */
	boot_and_read(&h, GSPM_FAULT_FEATURES_BITS, 0);
	ck_assert_uint_eq(nvh_tc.info.features, 0);
	stop_with_client(&h);
	/* Bits no release defines (r535 has bit 0, r570 bits 0-1) are dropped. */
	boot_and_read(&h, GSPM_FAULT_FEATURES_BITS, 0xfffffffcu);
	ck_assert_uint_eq(nvh_tc.info.features, 0);
	stop_with_client(&h);
}
END_TEST

START_TEST(wrong_version_fails_probe)
{
	struct nvh h;
	char want[160];

	start(&h, GSPM_FAULT_FEATURES_VERSION, 0);
	ck_assert_int_eq(h.probe_ret, -EPROTO);
	snprintf(want, sizeof(want), "GSP_GET_FEATURES: firmware reports version \"9.9.9-gspm\", "
		 "but the core booted it as release %s", nvh_target.release);
	ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
	stop_clean(&h);
}
END_TEST

START_TEST(unterminated_version_fails_probe)
{
	struct nvh h;

	start(&h, GSPM_FAULT_FEATURES_VERSION, 1);
	ck_assert_int_eq(h.probe_ret, -EPROTO);
	ck_assert(kshim_log_contains("GSP_GET_FEATURES: firmwareVersion is not NUL-terminated"));
	stop_clean(&h);
}
END_TEST

START_TEST(invalid_answer_reports_na)
{
	struct nvh h;

	boot_and_read(&h, GSPM_FAULT_FEATURES_INVALID, 0);
	ck_assert_str_eq(nvh_tc.info.fw_version, "N/A");
	ck_assert_uint_eq(nvh_tc.info.features, 0);
	ck_assert(kshim_log_contains("firmware reports no feature set (bValid = 0)"));
	stop_with_client(&h);
}
END_TEST

START_TEST(control_failure_fails_probe)
{
	struct nvh h;

	/* The firmware fails the control itself: the probe says which status. */
	start(&h, GSPM_FAULT_RPC_STATUS, NV_ERR_NOT_SUPPORTED);
	ck_assert_int_ne(h.probe_ret, 0);
	ck_assert(kshim_log_contains("GSP_GET_FEATURES"));
	stop_clean(&h);
}
END_TEST

Suite *features_suite(void)
{
	return suite_of("features", "get_features", 0, (const TTest *[]){
		gpu_info_from_firmware, features_are_the_firmwares_bits, wrong_version_fails_probe,
		unterminated_version_fails_probe, invalid_answer_reports_na,
		control_failure_fails_probe, NULL });
}
