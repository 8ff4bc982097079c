/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.261.03's interface: one header per structure whose layout differs
 * between releases, this release's own or (one line) an earlier release's
 * that it equals, and fw/gsp_abi.h for what every release shares.  Each
 * layout is checked field by field against layout.tsv beside this file
 * (conformance/test_abi.c).
 * As 535.113.01 except GspFwWprMeta (flags), GspSystemInfo (two fields)
 * and the RC_TRIGGERED payload.
 */
#ifndef NVCORE_FW_535_261_03_ABI_H
#define NVCORE_FW_535_261_03_ABI_H

#include "../gsp_abi.h"
#include "../535.113.01/rmargs.h"		/* as 535.113.01 */
#include "wpr_meta.h"
#include "system_info.h"
#include "../535.113.01/static_info.h"	/* as 535.113.01 */
#include "../535.113.01/numbers.h"	/* as 535.113.01 */
#include "../535.113.01/os_error_log.h"	/* as 535.113.01 */
#include "rc_triggered.h"

/* The GSP's row in GET_KERNEL_TABLE (assumed as 535.113.01: the r535 branch keeps engine_idx.h; not checked against the 535.261.03 tag). */
#define MC_ENGINE_IDX_GSP					49

#endif
