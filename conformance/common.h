/* SPDX-License-Identifier: MIT */
/* White-box helpers shared by the functional suites. */
#ifndef NVCORE_TEST_COMMON_H
#define NVCORE_TEST_COMMON_H

#include "core.h"
#include "suites.h"

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

#endif
