/* SPDX-License-Identifier: MIT */
/* QEMU generates this group's header from trace-events (build-qemu.sh). */
#include "trace/trace-hw_misc_nvgsp.h"
