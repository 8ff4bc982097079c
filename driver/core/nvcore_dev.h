/* SPDX-License-Identifier: MIT */
/*
 * nvcore internal definitions: the per-GPU device structure shared by the
 * core's files.  Clients never see this; they use driver/include/nvcore/.
 */
#ifndef NVCORE_DEV_H
#define NVCORE_DEV_H

#include <linux/types.h>
#include <linux/io.h>
#include <linux/device.h>
#include <linux/pci.h>

#include "hw.h"

struct nvcore_fw_release;
struct nvcore_trace;

/* What BOOT_0/BOOT_42 said, and how this chip boots. */
struct nvcore_chip {
	u32 id;			/* BOOT_42 chip id, e.g. 0x172 */
	const char *name;	/* "ga102": also the firmware directory */
	const char *sig_family;	/* "ga10x": the .fwsignature_ section suffix */
	u8 major, minor;	/* revision */
	bool fsp_boot;		/* GH100: FSP chain of trust, no SEC2 booter */
	bool legacy_hs;		/* GA100: Turing-style HS booter (signature 0, no BROM) */
	bool libos2;		/* GA100: LIBOS2 WPR heap parameters */
	u32 rm_heap_mib;	/* base RM part of the WPR heap (protocol.md §3.3) */
};

struct nvcore_dev {
	struct pci_dev *pdev;
	struct device *dev;
	void __iomem *bar0;
	struct nvcore_chip chip;
	const struct nvcore_fw_release *release;
	struct nvcore_fw_files fw;
	/* remaining members are added by the core's files */
	struct nvcore_core_state *core;
	/* Firmware trace recorder (trace.c); trace_on is its one fast-path test. */
	struct nvcore_trace *trace;
	bool trace_on;
};

/* trace.c: records the access if reg is a protocol register. */
void nvcore_trace_reg(struct nvcore_dev *nd, bool write, u32 reg, u32 val);

static inline u32 nvcore_rd32(struct nvcore_dev *nd, u32 reg)
{
	u32 val = readl(nd->bar0 + reg);

	if (unlikely(READ_ONCE(nd->trace_on)))
		nvcore_trace_reg(nd, false, reg, val);
	return val;
}

static inline void nvcore_wr32(struct nvcore_dev *nd, u32 reg, u32 val)
{
	writel(val, nd->bar0 + reg);
	if (unlikely(READ_ONCE(nd->trace_on)))
		nvcore_trace_reg(nd, true, reg, val);
}

static inline void nvcore_mask32(struct nvcore_dev *nd, u32 reg, u32 mask, u32 val)
{
	nvcore_wr32(nd, reg, (nvcore_rd32(nd, reg) & ~mask) | val);
}

#endif
