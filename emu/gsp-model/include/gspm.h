/* SPDX-License-Identifier: MIT */
/*
 * gsp-model: the GPU + GSP-RM firmware model.
 *
 * Plain C11, no QEMU headers, no threads, no global state.  A host (the
 * in-process kshim harness or the QEMU PCI device) drives it through:
 *   - 32-bit MMIO reads/writes on BAR0 (gspm_mmio_read32/write32),
 *   - DMA callbacks the model calls to read/write host memory by bus address,
 *   - an IRQ line callback the model raises/lowers,
 *   - a virtual clock: the host tells the model the current time
 *     (gspm_advance) and asks when it next needs to run (gspm_next_deadline).
 *
 * The model never raises the IRQ line from inside an MMIO call, only from
 * gspm_advance(); it lowers the line as soon as the host clears the cause
 * (level-triggered).  DMA callbacks may be called from either.
 *
 * Protocol violations by the driver (docs/protocol.md rules: bad element
 * header, bad checksum, a write to a queue pointer the host does not own, a
 * doorbell without new elements, a wrong falcon image, ...) are recorded as
 * violations; in strict mode the first one also halts the firmware.
 */
#ifndef GSPM_H
#define GSPM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct gspm;

enum gspm_chip {
	GSPM_CHIP_GA102,
	GSPM_CHIP_AD102,
	GSPM_CHIP_GH100,
	GSPM_CHIP_GA100,	/* legacy HS booter path, 535.113.01 only */
	/* The other dies of the GA10x / AD10x families (same boot path, same files). */
	GSPM_CHIP_GA103,
	GSPM_CHIP_GA104,
	GSPM_CHIP_GA106,
	GSPM_CHIP_GA107,
	GSPM_CHIP_AD103,
	GSPM_CHIP_AD104,
	GSPM_CHIP_AD106,
	GSPM_CHIP_AD107,
	GSPM_CHIP_COUNT
};

enum gspm_log_level {
	GSPM_LOG_DEBUG,
	GSPM_LOG_INFO,
	GSPM_LOG_VIOLATION,	/* the driver broke the protocol */
	GSPM_LOG_ERROR,		/* the model could not do what was asked */
};

struct gspm_host_ops {
	void *ctx;
	/* 0 on success, negative if [addr, addr+len) is not mapped for the device. */
	int (*dma_read)(void *ctx, uint64_t addr, void *buf, size_t len);
	int (*dma_write)(void *ctx, uint64_t addr, const void *buf, size_t len);
	/*
	 * Optional, for speed only: the host's CPU address of [addr, addr+len)
	 * when the range lies inside one live mapping of the device, else NULL.
	 * *epoch is pointed at a counter the host bumps whenever a mapping goes
	 * away: an address returned at epoch e stays good while it reads e.
	 * The model reads and writes the message queues through it (checking
	 * its own bounds, falling back to dma_read/dma_write once the epoch
	 * moves and the range is no longer mapped).
	 */
	void *(*dma_ptr)(void *ctx, uint64_t addr, size_t len, const uint64_t **epoch);
	/* Level-triggered interrupt line: 1 = asserted. */
	void (*set_irq)(void *ctx, int level);
	/* Optional. */
	void (*log)(void *ctx, enum gspm_log_level level, const char *msg);
	/*
	 * Optional: SR-IOV VF vf_id sends MSI-X message vector (its interrupt
	 * tree's output rose, vgpu.c).  The host's PCI side applies the VF's
	 * MSI-X enable, function mask and vector mask (pending bit).  Called
	 * only from gspm_advance.
	 */
	void (*vf_msix)(void *ctx, int vf_id, unsigned int vector);
};

struct gspm_config {
	enum gspm_chip chip;
	const char *fw_release;	/* "535.113.01" */
	/*
	 * Directory holding the firmware files in the kernel's layout
	 * (nvidia/<chip>/gsp/...).  The model reads the same files the driver
	 * loads, to check that what arrives in each falcon and in WPR2 is
	 * exactly the matching part of them.  NULL = /lib/firmware.
	 */
	const char *fw_dir;
	uint64_t fb_size;	/* bytes of VRAM; 0 = chip default */
	uint64_t seed;		/* varies latencies/event timing within bounds */
	bool strict;		/* first violation halts the firmware */
	/*
	 * Power on with WPR2 already up (WPR2_ADDR_LO/HI non-zero), as when a
	 * previous driver left GSP running without unloading it.  The driver
	 * must refuse to boot (protocol.md §3.4 step 4).  Used by trace replay when a
	 * trace read a non-zero WPR2_ADDR_HI before the booter/FSP step.
	 */
	bool wpr2_up_at_power_on;
	/*
	 * HWCFG2.RESET_READY of both falcons never sets, as the hardware
	 * sometimes does (OGKM kflcnPreResetWait_GA102, "Bug 3419321"): a
	 * driver must not wait for it before or after a falcon reset.
	 */
	bool falcon_reset_ready_stuck;
};

/*
 * Create a model in the "powered on, GFW boot completed" state.
 * On failure returns NULL and writes a message naming what was wrong into err.
 */
struct gspm *gspm_create(const struct gspm_config *cfg,
			 const struct gspm_host_ops *ops,
			 char *err, size_t errlen);
void gspm_destroy(struct gspm *m);

uint32_t gspm_mmio_read32(struct gspm *m, uint32_t offset);
void gspm_mmio_write32(struct gspm *m, uint32_t offset, uint32_t value);

/*
 * A chip's firmware directory name ("ga103": nvidia/ga103/gsp/), NULL for
 * a value that is no chip; gspm_chip_by_name() is the reverse (-1: none).
 */
const char *gspm_chip_name(enum gspm_chip chip);
int gspm_chip_by_name(const char *name, enum gspm_chip *chip);

/* BAR0 size and PCI identity of the modelled chip. */
struct gspm_pci_id {
	uint16_t vendor, device, subsystem_vendor, subsystem_device;
	uint8_t revision;
	uint32_t class_code;	/* 0x030200 3D controller */
	uint64_t bar0_size, bar1_size, bar3_size;
};
void gspm_pci_identity(const struct gspm *m, struct gspm_pci_id *id);

/*
 * The PF's SR-IOV extended capability (PCI config space; sriov.c,
 * docs/hw-fidelity.md): where it sits, its VF numbering and the per-VF BAR
 * sizes (VF BAR0 32-bit; VF BAR1 and BAR2 64-bit, in BAR registers 1-2 and
 * 3-4).  pos 0: the modelled chip offers no SR-IOV.
 */
struct gspm_sriov {
	uint16_t pos;
	uint16_t initial_vfs, total_vfs;
	uint16_t first_vf_offset, vf_stride, vf_device;
	uint64_t vf_bar0_size, vf_bar1_size, vf_bar2_size;
};
void gspm_pci_sriov(const struct gspm *m, struct gspm_sriov *s);

/*
 * The VFs' BAR0 as the SR-IOV VF BAR0 aperture (vgpu.c): VF n's register
 * r at n * vf_bar0_size + r.  A VF's FLR.  What a VF saw: doorbells rung
 * (and the last token), FLRs, plugin resets (RPC 3).
 */
uint32_t gspm_vf_mmio_read32(struct gspm *m, uint64_t aperture_off);
void gspm_vf_mmio_write32(struct gspm *m, uint64_t aperture_off, uint32_t value);
void gspm_vf_flr(struct gspm *m, int vf_id);
struct gspm_vf_state {
	uint32_t doorbells, last_token, flrs, resets;
	uint32_t msix_sent;	/* MSI-X messages the VF sent (vf_msix calls) */
	uint64_t fb, fb_len;	/* its plugin's guest framebuffer (bootload), 0 if none */
};
void gspm_vf_state(struct gspm *m, int vf_id, struct gspm_vf_state *st);
/* The vGPU types GSP-RM holds (PGPU_ADD_VGPU_TYPE, vgpu.c): how many; the first max into out. */
struct gspm_vgpu_type {
	uint32_t id, max_instance;
	char name[32];
	uint64_t fb_length, gsp_heap_size, bar1_length;
};
unsigned int gspm_vgpu_types(struct gspm *m, struct gspm_vgpu_type *out, unsigned int max);
/*
 * The VF BAR1 (bar 1) and BAR2 (bar 3, its BAR register) apertures, VF n's
 * at n * that BAR's size: the vGPU's framebuffer (vgpu.c); 32-bit aligned.
 */
uint32_t gspm_vf_bar_read32(struct gspm *m, int bar, uint64_t aperture_off);
void gspm_vf_bar_write32(struct gspm *m, int bar, uint64_t aperture_off, uint32_t value);
/* Restart the model's PRNG (latencies, jitter) from seed, mid-run. */
void gspm_reseed(struct gspm *m, uint64_t seed);

/* Virtual time in nanoseconds, owned by the host. */
void gspm_advance(struct gspm *m, uint64_t now_ns);
uint64_t gspm_next_deadline(const struct gspm *m);	/* UINT64_MAX: idle */

/* Violations recorded so far. */
unsigned int gspm_violation_count(const struct gspm *m);

/* The configured release's GSP_INIT_DONE event number (for fault injection). */
uint32_t gspm_init_done_event(const struct gspm *m);
const char *gspm_violation(const struct gspm *m, unsigned int i);

/* A short multi-line description of the model's state, for failure bundles. */
size_t gspm_describe(const struct gspm *m, char *buf, size_t len);

/* Observable firmware state, for tests. */
enum gspm_fw_state {
	GSPM_FW_OFF,		/* before booter-load */
	GSPM_FW_BOOTING,	/* RISC-V started, RM initialising */
	GSPM_FW_RUNNING,	/* INIT_DONE sent */
	GSPM_FW_UNLOADED,	/* after UNLOADING_GUEST_DRIVER + booter-unload */
	GSPM_FW_DEAD,		/* halted: strict violation or injected death */
};
enum gspm_fw_state gspm_fw_state(const struct gspm *m);

/* Statistics the tests assert on. */
struct gspm_stats {
	uint64_t cmds_received;		/* RPC messages consumed from the command queue */
	uint64_t msgs_sent;		/* messages (replies + events) posted */
	uint64_t events_sent;
	uint64_t doorbells;
	uint64_t irqs_raised;
	uint64_t cmdq_wraps;		/* times the GSP read pointer wrapped to 0 */
	uint64_t statq_wraps;
	uint64_t continuation_records;	/* received */
	uint32_t live_objects;		/* RM objects allocated and not freed */
	uint32_t per_function[256];	/* commands received per function number */
	/*
	 * GA10x unload (hardware half): FWSEC-SB runs that succeeded, booter_unload
	 * runs, and how many of those came after an FWSEC-SB run once GSP-RM had
	 * suspended (FWSEC needs the GSP falcon reset to its falcon core first).
	 */
	uint32_t fwsec_sb_runs;
	uint32_t booter_unloads;
	uint32_t booter_unloads_after_sb;
};
void gspm_get_stats(const struct gspm *m, struct gspm_stats *st);

/*
 * Test hooks: make the firmware do things real firmware does on its own.
 *
 * gspm_queue_event posts an unsolicited event (function >= 0x1000, raw
 * number of the configured release) with the given payload at the next
 * gspm_advance at or after at_ns.  Returns 0 or -1 if the firmware is not
 * running or the payload is too large.
 */
int gspm_queue_event(struct gspm *m, uint64_t at_ns, uint32_t function,
		     const void *payload, size_t len);

/*
 * Scripted answers (trace replay): a host callback sees every complete
 * command the firmware consumes (continuation records already reassembled)
 * together with the answer the model would give, and may change that answer.
 *
 * On entry *a holds the model's own answer: send (false for functions the
 * firmware never answers, e.g. GSP_SET_SYSTEM_INFO), result (rpc_result),
 * payload/len (the reply payload, valid during the call) and delay_ns = 0.
 * The callback may:
 *   - leave *a alone                         answer normally;
 *   - set send = false                       never answer (the command is
 *                                            consumed, as GSPM_FAULT_DROP_REPLY);
 *   - set result and/or payload/len          answer with these instead (the
 *                                            model copies payload before the
 *                                            callback's memory may go away;
 *                                            send = true also makes an answer
 *                                            where the model would give none);
 *   - set delay_ns                           answer that many ns late.
 * The model's own handling (objects, state changes) happens either way, so
 * later commands see the same firmware state.  Armed faults (gspm_inject)
 * apply after the script.  fn/cmd/len: the command's function number and
 * payload (after the 32-byte RPC header).  index: 0 for the first command
 * this model received, counting each reassembled command once.
 */
struct gspm_script_answer {
	bool send;
	uint32_t result;
	const void *payload;
	size_t len;
	uint64_t delay_ns;
};
typedef void (*gspm_script_fn)(void *ctx, uint64_t index, uint32_t fn,
			       const void *cmd, size_t len, struct gspm_script_answer *a);
/* Install (or with fn NULL remove) the script; deterministic like the rest. */
void gspm_set_script(struct gspm *m, gspm_script_fn fn, void *ctx);

/* Fault injection. */
enum gspm_fault {
	GSPM_FAULT_NONE,
	GSPM_FAULT_DROP_REPLY,		/* consume the command, never answer */
	GSPM_FAULT_RPC_STATUS,		/* answer with rpc_result = arg */
	GSPM_FAULT_DELAY_REPLY,		/* answer arg nanoseconds late */
	GSPM_FAULT_CORRUPT_CHECKSUM,	/* flip a bit in the reply's checksum */
	GSPM_FAULT_DIE,			/* firmware halts when the command arrives;
					 * armed on the release's GSP_INIT_DONE
					 * event number: GSP-RM halts during its
					 * initialisation, after the pre-boot RPCs
					 * and the sequencer, instead of sending
					 * INIT_DONE (a field bug, ogkm1230) */
	GSPM_FAULT_STALL_QUEUE,		/* stop consuming commands for arg ns */
	/* GH100 boot (hardware side; function and count are ignored): */
	GSPM_FAULT_FSP_ERROR,		/* FSP answers the next COT with errorCode arg */
	GSPM_FAULT_FMC_ERROR,		/* GSP-FMC halts with MAILBOX0 = arg */
	GSPM_FAULT_LOCKDOWN_STUCK,	/* GSP-FMC never releases the lockdown */
	GSPM_FAULT_FSP_QUEUE_BUSY,	/* the FSP's command queue stays busy (HEAD !=
					 * TAIL, an earlier message) for arg ns */
	/*
	 * Test-only answers to NV2080_CTRL_CMD_GSP_GET_FEATURES, armed on
	 * function GSP_RM_CONTROL (76): the firmware sends bValid = 0; or a
	 * firmwareVersion that is not the configured release ("9.9.9-gspm"),
	 * or with arg 1 one that fills all 64 bytes without a NUL; or
	 * gspFeatures = arg instead of the release's bits.
	 */
	GSPM_FAULT_FEATURES_INVALID,
	GSPM_FAULT_FEATURES_VERSION,
	GSPM_FAULT_FEATURES_BITS,
	/*
	 * Hardware side, function and arg ignored: the next `count` rising
	 * edges of the GSP's host-routed interrupt never reach the interrupt
	 * tree (a lost interrupt); only a retrigger or a poll recovers.
	 */
	GSPM_FAULT_IRQ_DROP_EDGE,
	/*
	 * vGPU plugin (vgpu.c), function = GFID: the next bootload's plugin
	 * never writes its ready magic.  VGPU_RPC_RESULT, function = plugin
	 * RPC number (1 VERSION_NEGOTIATION ...): answered with result_code arg.
	 * VGPU_CTRL_STATUS, function = VGPU_MGR_INTERNAL command (0x20804001)
	 * or copy-engine channel control (0xa06f0104 ...): the control fails
	 * with status arg and changes nothing.
	 */
	GSPM_FAULT_VGPU_PLUGIN_HANG,
	GSPM_FAULT_VGPU_RPC_RESULT,
	GSPM_FAULT_VGPU_CTRL_STATUS,
	/*
	 * Copy engine (ce.c), function = channel ID (UINT32_MAX: any): the
	 * next doorbell of that channel is taken but its work never runs (no
	 * GPFIFO fetch, no semaphore release): a hung engine.
	 */
	GSPM_FAULT_CE_STALL,
	/*
	 * Fault specs (gspm_fault_arm) reach these too.  Reply faults, per
	 * command of `function`: one payload byte flipped under a valid
	 * checksum; a seqNum 0x100 ahead of the right one; the element posted
	 * twice with one seqNum; the reply posted after the next message (or
	 * 1 ms late when none follows).
	 */
	GSPM_FAULT_CORRUPT_PAYLOAD,
	GSPM_FAULT_SEQ_WRONG,
	GSPM_FAULT_SEQ_DUP,
	GSPM_FAULT_REORDER,
	GSPM_FAULT_STATQ_NOINIT,	/* GSP-RM never writes the status queue header */
	GSPM_FAULT_SUSPEND_STUCK,	/* UNLOADING_GUEST_DRIVER answered, never suspends */
	/*
	 * The boot's CPU sequencer carries a CORE_RESET before its last
	 * register write (real GSP-RM sends none, seq.c): the host must assert
	 * and release the GSP falcon's ENGINE reset there, else a violation.
	 */
	GSPM_FAULT_SEQ_CORE_RESET,
	/*
	 * The device falls off the bus when the command arrives (any function:
	 * the count-th): BAR0 reads 0xffffffff, writes are lost, GSP-RM stops.
	 */
	GSPM_FAULT_MMIO_DEAD,
	/* Hardware side, function and count ignored: */
	GSPM_FAULT_IRQ_STORM,		/* arg interrupt messages with no cause behind them */
	GSPM_FAULT_GFW_STUCK,		/* GFW boot (GH100: FSP secure boot) never completes */
	GSPM_FAULT_FALCON_HANG,		/* the next run of falcon arg (0 GSP, 1 SEC2) never halts */
	GSPM_FAULT_RISCV_HANG,		/* the GSP's RISC-V core never becomes active */
	/*
	 * Event payloads, per event of `function` (its raw number) the firmware
	 * posts, its own or gspm_queue_event's: cut to arg bytes (the event's
	 * payload as posted, then shortened); every payload byte 0xff (each
	 * count, size and index at its maximum); grown past one message (0xFFB0
	 * bytes + one page) with the first record's RPC length announcing the
	 * whole and a CONTINUATION_RECORD behind it.
	 */
	GSPM_FAULT_EVENT_SHORT,
	GSPM_FAULT_EVENT_MALFORMED,
	GSPM_FAULT_EVENT_OVERSIZED,
	/*
	 * A reply of several records (§1.5) sends its first record on time
	 * and the continuation records arg nanoseconds later: the host is in
	 * the middle of a large reply across its own timeout.
	 */
	GSPM_FAULT_STALL_CONTINUATION,
};
/* Apply fault to the next `count` commands with this function (or any if
 * function == UINT32_MAX). */
void gspm_inject(struct gspm *m, enum gspm_fault fault, uint32_t function,
		 uint64_t arg, unsigned int count);

/*
 * Fault specs (fault.c; docs/testing.md "Fault injection"): the one textual
 * form of a fault, used by the conformance suites, a trace header's "fault"
 * field and the QEMU device's fault= option.
 *
 *   SPEC := ITEM ['+' ITEM]...      ITEM := WHAT ['*' COUNT] ['@' AFTER]
 *
 *   rpc:FN:drop          the reply never comes
 *   rpc:FN:status=S      answered with rpc_result S
 *   rpc:FN:delay=MS      answered MS ms (virtual) late
 *   rpc:FN:stall-rest=MS a reply of several records: its continuation
 *                        records MS ms after the first
 *   rpc:FN:corrupt       one payload byte flipped, checksum valid
 *   rpc:FN:csum          the element's checksum is wrong
 *   rpc:FN:seq-wrong     the element's seqNum is wrong
 *   rpc:FN:seq-dup       the element arrives twice with one seqNum
 *   rpc:FN:reorder       the reply arrives after the next message
 *   rpc:FN:die[=MB0]     the firmware halts on the command (MAILBOX0 = MB0)
 *   fw:die[=MB0]         the same on any command: "dies at step AFTER"
 *   cmdq:full=MS         the firmware stops consuming commands for MS ms
 *   statq:noinit         the status queue header is never initialised
 *   seq:core-reset       the CPU sequencer carries a CORE_RESET (checked)
 *   irq:lost             COUNT interrupt edges never reach the host
 *   irq:storm=N          N interrupt messages with no cause
 *   mmio:allones         the device falls off the bus (at command AFTER)
 *   hw:gfw-stuck | hw:fwsec-hang | hw:booter-hang | hw:riscv-hang |
 *   hw:suspend-stuck | hw:lockdown-stuck | hw:fsp-error=CODE |
 *   hw:fmc-error=CODE | hw:fsp-busy=MS     a boot or unload step never ends
 *                        or fails (GSPM_FAULT_* above)
 *   event:EV:short[=N]   the event's payload cut to N bytes (default half)
 *   event:EV:malformed   every byte of the event's payload 0xff
 *   event:EV:oversized   the event grown past one message (first record
 *                        announcing the whole, a continuation behind it)
 *   vgpu:CMD:status=S    the vGPU-manager control CMD fails with status S
 *   plugin:GFID:hang     the vGPU plugin of GFID never becomes ready
 *   plugin-rpc:RPC:result=R  plugin RPC RPC answered with result R
 *   hw:ce-stall          a copy-engine channel's next doorbell runs nothing
 *   alloc:CLASS:N        the host's N-th (from 1) allocation of CLASS
 *                        (kmalloc, dma, firmware, any) fails
 *
 * FN is a function or event name of the release (GSP_RM_CONTROL,
 * GSP_INIT_DONE, ...), its number, or "any"; EV an event's name or number.
 * CMD: BOOTLOAD, SHUTDOWN, CLEANUP, GET_VMMU_SEGMENT_SIZE, QUERY_ECC_STATUS
 * or the command's number; RPC: VERSION_NEGOTIATION,
 * SETUP_CONFIG_PARAMS_AND_INIT, RESET, UPDATE_BME_STATE or its number.  COUNT (default 1): how many
 * matching commands (edges) meet the fault; AFTER (default 0): how many
 * matching commands pass first.  Numbers are decimal or 0x hex.
 *
 * gspm_fault_arm parses spec and, only if every item is good, arms the
 * model's items on m and hands each alloc item to alloc(ctx, class, nth)
 * (nth from 0).  Returns 0, or -1 with err naming the item and what is
 * wrong (an alloc item with alloc NULL is refused: the host has no
 * allocator to fail).
 */
enum gspm_alloc_class {
	GSPM_ALLOC_ANY,
	GSPM_ALLOC_KMALLOC,	/* kmalloc, vmalloc, kvmalloc */
	GSPM_ALLOC_DMA,
	GSPM_ALLOC_FIRMWARE,	/* request_firmware */
};
typedef void (*gspm_alloc_fault_fn)(void *ctx, enum gspm_alloc_class c, unsigned long nth);
int gspm_fault_arm(struct gspm *m, const char *spec, gspm_alloc_fault_fn alloc, void *ctx,
		   char *err, size_t errlen);

/* Model-only control command (not a real NV2080 control): the firmware
 * answers GSP_RM_CONTROL with this cmd by returning params with every byte
 * XORed with 0x5a, so a round trip proves both directions carried the
 * payload intact.  Used by the conformance suites for large RPCs. */
#define GSPM_CTRL_CMD_TEST_ECHO		0x2080ff01u

#ifdef __cplusplus
}
#endif

#endif
