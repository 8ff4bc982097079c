/* SPDX-License-Identifier: MIT */
/*
 * Falcon operations shared by FWSEC (GSP falcon) and the booters (SEC2),
 * as docs/hw-fidelity.md "Falcon operations" fixes them.  A falcon is named
 * by the base of its register block (NV_PGSP_BASE, NV_PSEC_BASE).
 */
#ifndef NVCORE_FALCON_H
#define NVCORE_FALCON_H

#include <linux/types.h>

struct nvcore_dev;
struct nvcore_falcon_ucode;

/* Size of one FWSEC/booter RSA-3K signature (nova-core BCRT30_RSA3K_SIG_SIZE). */
#define NVCORE_FALCON_RSA3K_SIG_SIZE	384

const char *nvcore_falcon_name(u32 base);

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
