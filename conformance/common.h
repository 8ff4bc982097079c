/* SPDX-License-Identifier: MIT */
/* White-box helpers shared by the functional suites. */
#ifndef NVCORE_TEST_COMMON_H
#define NVCORE_TEST_COMMON_H

#include "core.h"
#include "regs.h"
#include "suites.h"
#include "tclient.h"

/* Boot with @o; the test fails (with the log) unless the driver reaches ready. */
static inline struct nvcore_dev *boot_ok_with(struct nvh *h, const struct nvh_opts *o)
{
	struct nvcore_dev *nd;

	nvh_start(h, o);
	if (h->probe_ret)
		nvh_report(h, "probe failed");
	ck_assert_int_eq(h->probe_ret, 0);
	nd = nvh_dev(h);
	ck_assert_int_eq(nd->core->boot.state, NVCORE_BOOT_READY);
	return nd;
}

/*
 * Start with @before_probe run just before the probe: the probe must fail
 * with @err and log @msg (the run is reported otherwise).
 */
static inline void start_failing(struct nvh *h, void (*before_probe)(struct nvh *h), int err,
				 const char *msg)
{
	struct nvh_opts o = nvh_defaults();

	o.before_probe = before_probe;
	nvh_start(h, &o);
	if (h->probe_ret != err || !kshim_log_contains(msg))
		nvh_report(h, "probe failure");
	ck_assert_int_eq(h->probe_ret, err);
	ck_assert_msg(kshim_log_contains(msg), "log lacks \"%s\"", msg);
}

/* Boot nvh_target with the default options (boot_ok_with). */
static inline struct nvcore_dev *boot_ok(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();

	return boot_ok_with(h, &o);
}

/* A NOP call (nothing sent, nothing expected back but the answer). */
static inline int rpc_nop(struct nvcore_dev *nd)
{
	struct nvcore_rpc_req req = { .function = NV_VGPU_MSG_FUNCTION_NOP };

	return nvcore_rpc(nd, &req);
}

static inline void stop_clean(struct nvh *h)
{
	ck_assert_uint_eq(nvh_stop(h), 0);
}

/*
 * Remove the GPU from a running core: GSP-RM unloaded (one
 * UNLOADING_GUEST_DRIVER), WPR2 lowered, nothing left allocated.
 */
static inline void remove_unloads(struct nvh *h)
{
	struct gspm_stats st;

	nvh_remove(h);
	gspm_get_stats(h->m, &st);
	ck_assert_uint_eq(st.per_function[NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER], 1);
	ck_assert_int_eq(gspm_fw_state(h->m), GSPM_FW_UNLOADED);
	ck_assert_uint_eq(gspm_mmio_read32(h->m, NV_PFB_PRI_MMU_WPR2_ADDR_HI), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
}

/* Boot with @o (NULL: the defaults) and attach the test client at the core's API version. */
static inline struct nvcore_dev *boot_with_client(struct nvh *h, const struct nvh_opts *o)
{
	struct nvh_opts d = nvh_defaults();
	struct nvcore_dev *nd = boot_ok_with(h, o ? o : &d);

	ck_assert_int_eq(nvh_tclient_start(NVCORE_API_VERSION), 0);
	return nd;
}

static inline void stop_with_client(struct nvh *h)
{
	nvh_tclient_stop();
	stop_clean(h);
}

/*
 * A suite @name of one test case @tcase: the NULL-terminated @tests, each
 * allowed @timeout seconds (0: Check's default, CK_DEFAULT_TIMEOUT).
 */
static inline Suite *suite_of(const char *name, const char *tcase, double timeout,
			      const TTest *const *tests)
{
	Suite *s = suite_create(name);
	TCase *tc = tcase_create(tcase);

	if (timeout)
		tcase_set_timeout(tc, timeout);
	for (; *tests; tests++)
		tcase_add_test(tc, *tests);
	suite_add_tcase(s, tc);
	return s;
}

#endif
