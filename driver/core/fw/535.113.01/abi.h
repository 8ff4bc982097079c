/* SPDX-License-Identifier: MIT */
/*
 * GSP-RM 535.113.01's interface: one header per structure whose layout differs
 * between releases, this release's own or (one line) an earlier release's
 * that it equals, and fw/gsp_abi.h for what every release shares.  Each
 * layout is checked field by field against layout.tsv beside this file
 * (conformance/test_abi.c).
 */
#ifndef NVCORE_FW_535_113_01_ABI_H
#define NVCORE_FW_535_113_01_ABI_H

#include "../gsp_abi.h"
#include "rmargs.h"
#include "wpr_meta.h"
#include "system_info.h"
#include "static_info.h"
#include "numbers.h"
#include "os_error_log.h"
#include "rc_triggered.h"

/* The GSP's row in GET_KERNEL_TABLE (nouveau include/nvrm/535.113.01/nvidia/inc/kernel/gpu/intr/engine_idx.h). */
#define MC_ENGINE_IDX_GSP					49

#endif
