/* SPDX-License-Identifier: MIT */
/*
 * gsp-model internals.  The model has two halves that meet here:
 *
 *   hw  (hw.c, falcon.c, vbios.c, fwsec.c, booter.c, fwfiles.c): chip
 *       identity, GFW/WPR2/FB registers, the PROM window with the generated
 *       VBIOS, the GSP and SEC2 falcons (reset, DMA load, BROM, start/halt),
 *       FWSEC-FRTS and the booters' checks of GspFwWprMeta and the images.
 *   rm  (rm.c, msgq.c, rpc.c, seq.c, ...): GSP-RM once the RISC-V core runs:
 *       LibOS args and RMARGS, the message queues, RPC handlers, events, the
 *       CPU sequencer, unload.
 *
 * The shared core (gspm.c) owns the clock, PRNG, logging/violations, DMA and
 * IRQ plumbing, and dispatches MMIO: hw first, then rm.
 */
#ifndef GSPM_MODEL_H
#define GSPM_MODEL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gspm.h"

struct gspm_hw;
struct gspm_rm;

/*
 * What a destroyed model leaves for the next one in the process (hw.c's
 * state, rm.c's large buffer) is kept, not freed: 1, except under
 * AddressSanitizer, which then watches each model's own (a use after
 * destroy).
 */
#ifndef __has_feature
#define __has_feature(x) 0
#endif
#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define GSPM_KEEP_STATE	0
#else
#define GSPM_KEEP_STATE	1
#endif

/* ---- shared core (gspm.c) ---------------------------------------------- */
uint64_t gspm_now(const struct gspm *m);
uint64_t gspm_rand(struct gspm *m);			/* seeded, deterministic */
const struct gspm_config *gspm_cfg(const struct gspm *m);
struct gspm_hw *gspm_hw_of(struct gspm *m);
struct gspm_rm *gspm_rm_of(struct gspm *m);
/* At GSPM_LOG_VIOLATION also records a protocol violation (gspm_violate). */
void gspm_log(struct gspm *m, enum gspm_log_level lvl, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Record a protocol violation; in strict mode the firmware then dies. */
#define gspm_violate(m, ...)	gspm_log(m, GSPM_LOG_VIOLATION, __VA_ARGS__)
/* Host memory by bus address; on failure a violation naming what/where. */
int gspm_dma_read(struct gspm *m, uint64_t addr, void *buf, size_t len, const char *what);
int gspm_dma_write(struct gspm *m, uint64_t addr, const void *buf, size_t len, const char *what);
/* dma_ptr of the host ops, NULL where the host has none (gspm.h). */
void *gspm_dma_ptr(struct gspm *m, uint64_t addr, size_t len, const uint64_t **epoch);
/* Recompute the PCI interrupt line; delivered to the host at the next advance. */
void gspm_update_irq(struct gspm *m);
/* Faults the hw half takes (gspm_hw_inject); the rest are the rm half's. */
bool gspm_is_hw_fault(enum gspm_fault fault);

/* ---- hw half ------------------------------------------------------------ */
struct gspm_hw *gspm_hw_create(struct gspm *m, char *err, size_t errlen);
void gspm_hw_destroy(struct gspm_hw *hw);
/* Return true if the register belongs to hw (value in *val / write handled). */
bool gspm_hw_read(struct gspm_hw *hw, uint32_t off, uint32_t *val);
bool gspm_hw_write(struct gspm_hw *hw, uint32_t off, uint32_t val);
void gspm_hw_advance(struct gspm_hw *hw, uint64_t now);
uint64_t gspm_hw_next_deadline(const struct gspm_hw *hw);
void gspm_hw_pci_identity(const struct gspm_hw *hw, struct gspm_pci_id *id);
size_t gspm_hw_describe(const struct gspm_hw *hw, char *buf, size_t len);
/* GSP falcon state rm needs: mailboxes, SWGEN0, RISC-V run state.
 * Mailbox index i: 0, 1 = GSP FALCON_MAILBOX0/1 (0x110040/0x110044);
 * 2..5 = NV_PGSP_MAILBOX(i - 2) (0x110804 + 4 * (i - 2)); others read 0. */
uint32_t gspm_hw_gsp_mailbox(const struct gspm_hw *hw, int i);
void gspm_hw_gsp_set_mailbox(struct gspm_hw *hw, int i, uint32_t val);
void gspm_hw_gsp_raise_swgen0(struct gspm_hw *hw);
/* The PCI line: the GSP's cause through the PF interrupt tree (intr.c). */
bool gspm_hw_irq_pending(const struct gspm_hw *hw);
/* Sample the GSP falcon's host-routed output; a rising edge latches the leaf. */
void hw_intr_sample(struct gspm_hw *hw);
/* The GSP's vector, for GSP-RM's GET_KERNEL_TABLE answer. */
uint32_t gspm_hw_gsp_intr_vector(const struct gspm_hw *hw);
void gspm_hw_gsp_halt(struct gspm_hw *hw);		/* RISC-V halted (death, unload) */
/* Hardware-side faults (GSPM_FAULT_FSP_*, _FMC_*, _LOCKDOWN_*, _IRQ_*, _GFW_*, ...). */
void gspm_hw_inject(struct gspm_hw *hw, enum gspm_fault fault, uint64_t arg);
/* GSPM_FAULT_MMIO_DEAD hit: the device is off the bus from now on. */
void gspm_hw_fall_off_bus(struct gspm_hw *hw);
/* Where the hw half keeps "off the bus": gspm.c reads it at every access without a call. */
const bool *gspm_hw_off_bus_flag(const struct gspm_hw *hw);
/* GSPM_FAULT_RISCV_HANG armed: the core that was to start stays inactive (consumes it). */
bool gspm_hw_take_riscv_hang(struct gspm_hw *hw);
/* The hardware half's counters in gspm_stats (FWSEC-SB, booter_unload). */
void gspm_hw_get_stats(const struct gspm_hw *hw, struct gspm_stats *st);

/* ---- rm half ------------------------------------------------------------ */
struct gspm_rm *gspm_rm_create(struct gspm *m, char *err, size_t errlen);
void gspm_rm_destroy(struct gspm_rm *rm);
bool gspm_rm_read(struct gspm_rm *rm, uint32_t off, uint32_t *val);
bool gspm_rm_write(struct gspm_rm *rm, uint32_t off, uint32_t val);
/* VF vf's own BAR0 register off (vgpu.c); false: no such register. */
bool rm_vgpu_vf_read(struct gspm_rm *rm, uint32_t vf, uint32_t off, uint32_t *val);
bool rm_vgpu_vf_write(struct gspm_rm *rm, uint32_t vf, uint32_t off, uint32_t val);
void rm_vgpu_vf_flr(struct gspm_rm *rm, uint32_t vf);
void rm_vgpu_vf_state(struct gspm_rm *rm, uint32_t vf, struct gspm_vf_state *st);
/* The VFs' MSI-X messages owed (their interrupt trees): due now, or UINT64_MAX. */
uint64_t rm_vgpu_next_deadline(const struct gspm_rm *rm, uint64_t now);
void rm_vgpu_deliver(struct gspm_rm *rm);
/* The FB address behind VF vf's BAR (1 or 3) offset off; false: none. */
bool rm_vgpu_vf_fb_addr(struct gspm_rm *rm, uint32_t vf, int bar, uint64_t bar_size,
			uint64_t off, uint64_t *addr);
/* One 32-bit word of the framebuffer's contents at FB address addr (fb.c). */
uint32_t rm_fb_read32(struct gspm_rm *rm, uint64_t addr);
void rm_fb_write32(struct gspm_rm *rm, uint64_t addr, uint32_t val);
/* A VF's MSI-X message to the host (gspm_host_ops.vf_msix; logged without one). */
void gspm_vf_msix(struct gspm *m, uint32_t vf, uint32_t vector);
void gspm_rm_advance(struct gspm_rm *rm, uint64_t now);
uint64_t gspm_rm_next_deadline(const struct gspm_rm *rm);
size_t gspm_rm_describe(const struct gspm_rm *rm, char *buf, size_t len);
/* Called by hw's booter-load once WPR2 is up and the RISC-V core starts:
 * RM reads the LibOS arguments at the address in GSP MAILBOX0/1. */
void gspm_rm_start(struct gspm_rm *rm);
/*
 * Called by hw's booter when SEC2 is started again while GSP-RM is up: the
 * CPU sequencer's CORE_RESUME (seq.c), which checks the host's steps.
 */
void gspm_rm_resumed(struct gspm_rm *rm);
/* Called by hw's booter-unload: RM must already be suspended. */
bool gspm_rm_suspended(const struct gspm_rm *rm);
void gspm_rm_stop(struct gspm_rm *rm);
/* Called by hw when the host writes NV_PGSP_QUEUE_HEAD(i). */
void gspm_rm_doorbell(struct gspm_rm *rm, int queue);
enum gspm_fw_state gspm_rm_state(const struct gspm_rm *rm);
void gspm_rm_get_stats(const struct gspm_rm *rm, struct gspm_stats *st);
int gspm_rm_queue_event(struct gspm_rm *rm, uint64_t at_ns, uint32_t function,
			const void *payload, size_t len);
void gspm_rm_inject(struct gspm_rm *rm, enum gspm_fault fault, uint32_t function,
		    uint64_t arg, unsigned int count);
/* As gspm_rm_inject, letting `after` matching commands through first. */
void gspm_rm_inject_after(struct gspm_rm *rm, enum gspm_fault fault, uint32_t function,
			  uint64_t arg, unsigned int count, uint64_t after);
/* A function or event number of the release by name (rm_function_name's); -1: none. */
int gspm_rm_function_by_name(const struct gspm_rm *rm, const char *name, uint32_t *fn);
void gspm_rm_die(struct gspm_rm *rm);
void gspm_rm_set_script(struct gspm_rm *rm, gspm_script_fn fn, void *ctx);	/* strict violation: firmware halts */

#endif
