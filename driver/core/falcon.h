/* SPDX-License-Identifier: MIT */
/*
 * Falcon operations shared by FWSEC (GSP falcon) and the booters (SEC2),
 * as docs/hw-fidelity.md "Falcon operations" fixes them.  A falcon is named
 * by the base of its register block (NV_PGSP_BASE, NV_PSEC_BASE).
 */
#ifndef NVCORE_FALCON_H
#define NVCORE_FALCON_H

#include <linux/overflow.h>
#include <linux/types.h>

struct nvcore_dev;
struct nvcore_falcon_ucode;

/* Size of one FWSEC/booter RSA-3K signature (nova-core BCRT30_RSA3K_SIG_SIZE). */
#define NVCORE_FALCON_RSA3K_SIG_SIZE	384

/*
 * IMEM and DMEM of the GSP and SEC2 falcons: 64 KiB each (assumption: the
 * real size is in HWCFG, which the model does not implement; FWSEC and both
 * booters of every supported release fit with room to spare).
 */
#define NVCORE_FALCON_MEM_SIZE		0x10000u

/* Does [dst, dst + len) lie inside a falcon's IMEM or DMEM? */
static inline bool nvcore_falcon_mem_ok(u32 dst, u32 len)
{
	u32 end;

	return !check_add_overflow(dst, len, &end) && end <= NVCORE_FALCON_MEM_SIZE;
}

const char *nvcore_falcon_name(u32 base);

/*
 * Can @uc be loaded at all (inside IMEM/DMEM, a layout the DMA or PIO path
 * can carry)?  0, or -EINVAL with @what and the layout logged.  Checked at
 * probe for the booters, so a bad booter_unload fails there, not at unload.
 */
int nvcore_falcon_ucode_check(struct nvcore_dev *nd, const char *what,
			      const struct nvcore_falcon_ucode *uc);

/* Engine reset and scrub wait, then select the falcon or the RISC-V core. */
int nvcore_falcon_reset(struct nvcore_dev *nd, u32 base, bool riscv,
			unsigned int timeout_ms);

/* DMA the ucode into IMEM/DMEM, program the BROM and the boot vector. */
int nvcore_falcon_load(struct nvcore_dev *nd, u32 base,
		       const struct nvcore_falcon_ucode *uc,
		       unsigned int timeout_ms);

/* Write MAILBOX0/1, start the CPU, wait for HALTED; return the mailboxes. */
int nvcore_falcon_boot(struct nvcore_dev *nd, u32 base, u32 mbox0, u32 mbox1,
		       u32 *out0, u32 *out1, unsigned int timeout_ms);

/*
 * Index of the signature to patch into an HS ucode, from the fuse version
 * register its engine mask and ucode id select (hw-fidelity.md "Falcon
 * operations" 4).  @what names the ucode in messages.
 */
int nvcore_falcon_sig_index(struct nvcore_dev *nd, const char *what,
			    u32 engine_id_mask, u32 ucode_id, u32 fuse_ver,
			    u32 sig_count, u32 *idx);

#endif
