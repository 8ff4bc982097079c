// SPDX-License-Identifier: MIT
/*
 * The fault matrix (docs/testing.md "Fault injection"): every injection
 * point x fault type across boot (each named state, each with its own
 * timeout), steady-state RPC, interrupts, events and unload is one test,
 * armed through the one fault-spec form (gspm.h gspm_fault_arm).  Each test
 * checks what the driver owes under the fault: the errno its caller gets,
 * one log line naming the function or state and the fault, a wait bounded
 * by the state's timeout (neither cut short nor endless), the driver still
 * usable after a fault the firmware survives and failing fast after one it
 * does not, and a teardown that finishes with nothing leaked and no
 * protocol violated (nvh_stop).  Then allocation failure at every
 * allocation site of probe and remove, the sites counted by running once.
 *
 * The timeouts below are the driver's documented waits with their sources
 * (driver/core/fw/release.c): GFW/FSP boot 4 s (nova-core gfw.rs), FRTS 1 s,
 * booter and FSP COT 4 s, RISC-V start 5 s (nova-core), queue link 4 s
 * (OGKM message_queue_cpu.c), INIT_DONE 10 s, an RPC 6 s, unload 4 s.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/sysfs.h>
#include <linux/delay.h>

#include "common.h"
#include "testutil.h"
#include "nvvgpu.h"
#include "replay.h"
#include "sriov.h"

enum phase { P_BOOT, P_RPC, P_IRQ, P_EVENTS, P_UNLOAD, P_VCREATE, P_VDESTROY, P_NPHASES };
static const char *const phase_names[] = { "boot", "rpc", "irq", "events", "unload",
					    "vgpu-create", "vgpu-destroy" };

#define GA	1u	/* the GA10x/AD10x boot (FWSEC-FRTS + SEC2 booter) */
#define GH	2u	/* the GH100 boot (FSP chain of trust) */
#define ALL	(GA | GH)
#define VG	4u	/* a vGPU combination (AD102, GH100 on 570.144: docs/vgpu.md); with GA or GH: that one */

/* What a steady-state row does under the fault; returns the errno under test. */
typedef int (*action_fn)(struct nvh *h, struct nvcore_dev *nd);

struct row {
	enum phase phase;
	const char *point;	/* boot state, RPC or step */
	const char *kind;	/* the matrix column */
	const char *spec;
	unsigned int chips;
	int err;		/* the probe's or the action's result */
	const char *log;	/* the driver's line naming it (NULL: the driver cannot tell) */
	unsigned int wait_ms;	/* the wait it bounds: at least this long, not much longer */
	action_fn act;		/* NULL: a boot row (the spec is armed before probe) */
	int after;		/* then a NOP (vGPU: a create) gives this (0: survived, -ENODEV: lost) */
	/*
	 * The model's violations the fault leads to, up to the end of the run
	 * (a plugin the firmware would not shut down stays its; a sequencer
	 * buffer damaged on its way is, to the model, one never run).
	 */
	unsigned int violations;
};

/* The row under test (an action's own expectations). */
static const struct row *cur;

static int nop(struct nvh *h, struct nvcore_dev *nd)
{
	return rpc_nop(nd);
}

static int echo(struct nvh *h, struct nvcore_dev *nd)
{
	return nvh_echo(nd, 256, 7);
}

/* The firmware dies at its third command from now (fw:die@2): two NOPs pass. */
static int three_nops(struct nvh *h, struct nvcore_dev *nd)
{
	ck_assert_int_eq(rpc_nop(nd), 0);
	ck_assert_int_eq(rpc_nop(nd), 0);
	return rpc_nop(nd);
}

struct sub {
	struct nvcore_dev *nd;
	int (*fn)(struct nvcore_dev *nd);
	unsigned int start_us;	/* the call starts this late */
	int ret;
};

static int sub_task(void *arg)
{
	struct sub *s = arg;

	if (s->start_us)
		fsleep(s->start_us);
	s->ret = s->fn(s->nd);
	return 0;
}

static int nop_call(struct nvcore_dev *nd)
{
	return rpc_nop(nd);
}

static int echo_call(struct nvcore_dev *nd)
{
	return nvh_echo(nd, 256, 9);
}

/* 60 KiB: one 16-page record, so four of them do not fit the 62 free slots. */
static int big_echo_call(struct nvcore_dev *nd)
{
	return nvh_echo(nd, 0xf000, 5);
}

/*
 * Start the calls as concurrent tasks, the i-th i * stagger_us late, wait for
 * all; their results in rets.
 */
static void concurrently(struct nvcore_dev *nd, int (*const *fns)(struct nvcore_dev *),
			 unsigned int n, unsigned int stagger_us, int *rets)
{
	struct kshim_task *t[8];
	struct sub s[8];
	unsigned int i;

	for (i = 0; i < n; i++) {
		s[i] = (struct sub){ nd, fns[i], i * stagger_us, 0 };
		t[i] = kshim_task_start("submitter", sub_task, &s[i]);
	}
	for (i = 0; i < n; i++) {
		kshim_task_join(t[i]);
		rets[i] = s[i].ret;
	}
}

/*
 * Reply out of order (rpc:NOP:reorder): a NOP and a control in flight
 * together, the NOP's reply posted after the control's.  Replies carry no
 * sequence (protocol.md §2.1): each mismatch fails its command.
 */
static int reordered_pair(struct nvh *h, struct nvcore_dev *nd)
{
	int (*const fns[])(struct nvcore_dev *) = { nop_call, echo_call };
	int rets[2];

	/* The control 20 us after the NOP: in flight while the NOP's reply is held. */
	concurrently(nd, fns, 2, 20, rets);
	ck_assert_int_eq(rets[1], -EPROTO);
	return rets[0];
}

/*
 * Command queue full until the deadline (cmdq:full=MS): the firmware stops
 * consuming; three 16-page commands fill the queue and the fourth waits out
 * the RPC timeout for room.  The three time out waiting for their replies.
 * The follow-up NOP proves cmdq_lock was released on the error path.
 */
static int queue_full(struct nvh *h, struct nvcore_dev *nd)
{
	int (*const fns[])(struct nvcore_dev *) = { big_echo_call, big_echo_call, big_echo_call,
						    big_echo_call };
	int rets[4], queued_timeouts = 0, i;

	concurrently(nd, fns, 4, 0, rets);
	for (i = 0; i < 4; i++)
		queued_timeouts += rets[i] == -ETIMEDOUT;
	ck_assert_int_eq(queued_timeouts, 4);
	ck_assert(kshim_log_contains("could not queue"));
	/* The replies come once the firmware consumes again: let them drain. */
	kshim_run_for(2000000000ull);
	return -ETIMEDOUT;
}

/* An event storm: 500 events at 1 us intervals while a NOP is in flight. */
static int event_storm(struct nvh *h, struct nvcore_dev *nd)
{
	u8 payload[64] = { 0 };	/* an rpc_rc_triggered_v17_02 of any release fits */
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_RC_TRIGGERED);
	unsigned int i;

	for (i = 0; i < 500; i++)
		ck_assert_int_eq(gspm_queue_event(h->m, kshim_now_ns() + 1000 * i, raw, payload,
						  sizeof(payload)), 0);
	return rpc_nop(nd);
}

/* An event no release defines, among replies: logged, never a reply. */
static int unknown_event(struct nvh *h, struct nvcore_dev *nd)
{
	u8 payload[16] = { 0 };

	ck_assert_int_eq(gspm_queue_event(h->m, kshim_now_ns() + 1000, 0x1fff, payload, 16), 0);
	kshim_run_for(1000000);
	return rpc_nop(nd);
}

/* The event statistics an event of this kind counts in (event.c). */
static struct nvcore_rpc_stat *event_stat(struct nvcore_dev *nd, const struct nvcore_fw_event *ev)
{
	return &nd->core->rpc.event_stats[min_t(int, ev->kind, NVCORE_CORE_EVENT_LOG_ONLY)];
}

/*
 * An event-payload row: the event named by the row's point, posted with a
 * well-formed (zero) payload and damaged by the armed fault, is dropped
 * with the row's error (counted failed, never handed on), and a NOP after
 * it is answered.
 */
static int damaged_event(struct nvh *h, struct nvcore_dev *nd)
{
	const struct nvcore_fw_event *ev = NULL;
	struct nvcore_rpc_stat *st;
	u8 payload[512] = { 0 };
	unsigned int i, failed;

	for (i = 0; i < nd->release->num_events; i++)
		if (!strcmp(nd->release->events[i].name, cur->point))
			ev = &nd->release->events[i];
	ck_assert_msg(ev, "%s: no such event in %s", cur->point, nd->release->version);
	st = event_stat(nd, ev);
	failed = st->failed;
	ck_assert_int_eq(gspm_queue_event(h->m, kshim_now_ns() + 1000, ev->raw, payload,
					  sizeof(payload)), 0);
	kshim_run_for(2000000);
	ck_assert_uint_eq(st->failed, failed + 1);
	return rpc_nop(nd);
}

/* ---- vGPU create and destroy (docs/vgpu.md) ------------------------------------------ */

/* The vGPU combinations: the chips and release vGPU runs on (meson.build). */
static bool vgpu_combo(void)
{
	return (nvh_target.chip == GSPM_CHIP_AD102 || nvh_target.chip == GSPM_CHIP_GH100) &&
	       !strcmp(nvh_target.release, "570.144");
}

static struct pci_dev *vf0(struct nvh *h)
{
	struct pci_dev *d = kshim_pci_vf(h->pdev, 0);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* Nothing of GFID 1 left: no channel ID, no framebuffer with the core. */
static void gfid_holds_nothing(struct nvcore_dev *nd)
{
	u64 chids = 0, fb = 0;

	ck_assert_uint_eq(nvcore_vgpu_res_held(nd, &chids, &fb), 0);
	ck_assert_uint_eq(chids + fb, 0);
}

/* Create under the fault: the errno, nothing held; then create (and destroy) again. */
/* How long the faulted call of a vGPU row took (the rest of its action is not the fault's). */
static u64 act_ns;

static int vgpu_create_act(struct nvh *h, struct nvcore_dev *nd)
{
	size_t before = kshim_bytes_allocated();
	u64 t0 = kshim_now_ns();
	int ret = nvvgpu_create(vf0(h));

	act_ns = kshim_now_ns() - t0;
	if (!ret)
		ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	/* A timed-out call's record waits for its reply or the unload (nvh_stop counts leaks). */
	if (ret != -ETIMEDOUT)
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
	gfid_holds_nothing(nd);
	ck_assert_int_eq(nvvgpu_create(vf0(h)), cur->after);
	if (!cur->after)
		ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	if (ret != -ETIMEDOUT)
		ck_assert_uint_eq(kshim_bytes_allocated(), before);
	return ret;
}

/*
 * Destroy under the fault (armed after the create): it cannot fail, it
 * finishes whatever a step did, with nothing held and every byte back.
 */
static int vgpu_destroy_act(struct nvh *h, struct nvcore_dev *nd)
{
	u64 t0 = kshim_now_ns();

	ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	act_ns = kshim_now_ns() - t0;	ck_assert(kshim_log_contains("vGPU GFID 1 destroyed"));
	gfid_holds_nothing(nd);
	return 0;
}

/* Unload rows: the fault meets the driver's remove. */
static int remove_gpu(struct nvh *h, struct nvcore_dev *nd)
{
	nvh_remove(h);
	return 0;
}

static const struct row rows[] = {
	/* ---- boot: each named state's own wait, and what fails it ---- */
	{ P_BOOT, "gfw-boot", "stuck", "hw:gfw-stuck", GA, -ETIMEDOUT,
	  "GPU firmware (GFW) boot did not complete in 4000 ms", 4000 },
	{ P_BOOT, "fsp-secure-boot", "stuck", "hw:gfw-stuck", GH, -ETIMEDOUT,
	  "FSP secure boot did not complete in 4000 ms", 4000 },
	{ P_BOOT, "fwsec-frts", "hang", "hw:fwsec-hang", GA, -ETIMEDOUT,
	  "FWSEC-FRTS did not halt on the GSP falcon", 1000 },
	{ P_BOOT, "booter-load", "hang", "hw:booter-hang", GA, -ETIMEDOUT,
	  "booter did not halt on SEC2", 4000 },
	{ P_BOOT, "fsp-cot", "stuck", "hw:fsp-busy=5000", GH, -ETIMEDOUT,
	  "FSP command queue did not drain in 4000 ms", 4000 },
	{ P_BOOT, "fsp-cot", "status", "hw:fsp-error=0x1234", GH, -EIO,
	  "FSP rejected the GSP-FMC chain of trust: errorCode 0x1234" },
	{ P_BOOT, "gsp-lockdown", "stuck", "hw:lockdown-stuck", GH, -ETIMEDOUT,
	  "GSP lockdown was not released in 4000 ms", 4000 },
	{ P_BOOT, "gsp-lockdown", "die", "hw:fmc-error=0xdead0042", GH, -EIO,
	  "GSP-FMC reported an error: MAILBOX0 0xdead0042" },
	/* The sequencer's CORE_RESET: the model checks the reset was asserted and released. */
	{ P_BOOT, "sequencer", "reset", "seq:core-reset", GA, 0, NULL },
	{ P_BOOT, "riscv-start", "hang", "hw:riscv-hang", ALL, -ETIMEDOUT,
	  "GSP RISC-V core did not become active", 5000 },
	{ P_BOOT, "queue-link", "noinit", "statq:noinit", ALL, -ETIMEDOUT,
	  "GSP did not initialise its status queue in 4000 ms", 4000 },
	{ P_BOOT, "init-done", "die", "rpc:GSP_INIT_DONE:die", ALL, -ETIMEDOUT,
	  "GSP_INIT_DONE did not arrive in 10000 ms", 10000 },
	/* INIT_DONE past one message: dropped, so it never arrives. */
	{ P_BOOT, "init-done", "oversized", "event:GSP_INIT_DONE:oversized", ALL, -ETIMEDOUT,
	  "GSP event GSP_INIT_DONE announces 69584 bytes, more than one message carries (65488): dropped",
	  10000 },
	/* The model, which knows only the buffer it meant to send, sees it never run. */
	{ P_BOOT, "init-done", "malformed", "event:GSP_RUN_CPU_SEQUENCER:malformed", GA, -ETIMEDOUT,
	  "GSP sequencer claims 4294967295 dwords", 10000, NULL, 0, 1 },
	{ P_BOOT, "static-info", "drop", "rpc:GET_GSP_STATIC_INFO:drop", ALL, -ETIMEDOUT,
	  "GSP RPC GET_GSP_STATIC_INFO (data0 0x0) timed out after 6000 ms", 6000 },
	{ P_BOOT, "static-info", "status", "rpc:GET_GSP_STATIC_INFO:status=0x1f", ALL, -EREMOTEIO,
	  "GET_GSP_STATIC_INFO failed in firmware: 0x1f" },
	{ P_BOOT, "static-info", "csum", "rpc:GET_GSP_STATIC_INFO:csum", ALL, -ETIMEDOUT,
	  "(GET_GSP_STATIC_INFO): checksum mismatch", 6000 },
	{ P_BOOT, "static-info", "die", "rpc:GET_GSP_STATIC_INFO:die=0xbad00001", ALL, -ETIMEDOUT,
	  "MAILBOX0 0xbad00001): firmware lost", 6000 },

	/* ---- steady-state RPC ---- */
	{ P_RPC, "NOP", "status", "rpc:NOP:status=0x1f", ALL, -EREMOTEIO, NULL, 0, nop, 0 },
	{ P_RPC, "NOP", "drop", "rpc:NOP:drop", ALL, -ETIMEDOUT,
	  "GSP RPC NOP (data0 0x0) timed out after 6000 ms", 6000, nop, 0 },
	{ P_RPC, "NOP", "delay", "rpc:NOP:delay=7000", ALL, -ETIMEDOUT,
	  "GSP RPC NOP (data0 0x0) timed out after 6000 ms", 6000, nop, 0 },
	{ P_RPC, "NOP", "delay", "rpc:NOP:delay=50", ALL, 0, NULL, 50, nop, 0 },
	{ P_RPC, "GSP_RM_CONTROL", "corrupt", "rpc:GSP_RM_CONTROL:corrupt", ALL, -EBADMSG, NULL, 0,
	  echo, 0 },
	{ P_RPC, "NOP", "csum", "rpc:NOP:csum", ALL, -ETIMEDOUT, "(NOP): checksum mismatch", 6000,
	  nop, 0 },
	{ P_RPC, "NOP", "seq", "rpc:NOP:seq-wrong", ALL, 0, "messages were lost", 0, nop, 0 },
	{ P_RPC, "NOP", "seq", "rpc:NOP:seq-dup", ALL, 0, "(NOP) repeated: dropping the duplicate", 0,
	  nop, 0 },
	{ P_RPC, "NOP", "reorder", "rpc:NOP:reorder", ALL, -EPROTO,
	  "GSP reply GSP_RM_CONTROL does not match the oldest command NOP", 0, reordered_pair, 0 },
	{ P_RPC, "NOP", "die", "rpc:NOP:die", ALL, -ETIMEDOUT,
	  "GSP RISC-V core stopped (CPUCTL", 6000, nop, -ENODEV },
	{ P_RPC, "any", "die", "fw:die=0xdead0042@2", ALL, -ETIMEDOUT, "MAILBOX0 0xdead0042", 6000,
	  three_nops, -ENODEV },
	{ P_RPC, "GSP_RM_CONTROL", "full", "cmdq:full=7000", ALL, -ETIMEDOUT,
	  "GSP RPC GSP_RM_CONTROL: could not queue", 6000, queue_full, 0 },
	{ P_RPC, "NOP", "allones", "mmio:allones", ALL, -ETIMEDOUT,
	  "GPU fell off the bus (BAR0 reads 0xffffffff)", 6000, nop, -ENODEV },

	/* ---- interrupts ---- */
	{ P_IRQ, "GSP vector", "lost", "irq:lost*3", ALL, 0, NULL, 0, nop, 0 },
	{ P_IRQ, "GSP vector", "storm", "irq:storm=300", ALL, 0, NULL, 0, nop, 0 },

	/* ---- events ---- */
	{ P_EVENTS, "RC_TRIGGERED", "storm", NULL, ALL, 0, NULL, 0, event_storm, 0 },
	{ P_EVENTS, "0x1fff", "unknown", NULL, ALL, 0, "unknown event 0x1fff", 0, unknown_event, 0 },
	{ P_EVENTS, "NOP", "reorder", "rpc:NOP:reorder", ALL, 0, NULL, 0, event_storm, 0 },
	/* Event payloads: each event whose structure the core reads or knows. */
	{ P_EVENTS, "POST_EVENT", "short", "event:POST_EVENT:short=8", ALL, 0,
	  "GSP event POST_EVENT is 8 bytes, shorter than its 32-byte structure: dropped", 0,
	  damaged_event },
	{ P_EVENTS, "POST_EVENT", "malformed", "event:POST_EVENT:malformed", ALL, 0,
	  "POST_EVENT: eventDataSize 4294967295 runs past its 512-byte payload: dropped", 0,
	  damaged_event },
	{ P_EVENTS, "POST_EVENT", "oversized", "event:POST_EVENT:oversized", ALL, 0,
	  "GSP event POST_EVENT announces 69584 bytes, more than one message carries (65488): dropped",
	  0, damaged_event },
	{ P_EVENTS, "RC_TRIGGERED", "short", "event:RC_TRIGGERED:short=4", ALL, 0,
	  "GSP event RC_TRIGGERED is 4 bytes, shorter than its", 0, damaged_event },
	{ P_EVENTS, "RC_TRIGGERED", "oversized", "event:RC_TRIGGERED:oversized", ALL, 0,
	  "GSP event RC_TRIGGERED announces 69584 bytes", 0, damaged_event },
	{ P_EVENTS, "OS_ERROR_LOG", "short", "event:OS_ERROR_LOG:short=100", ALL, 0,
	  "GSP event OS_ERROR_LOG is 100 bytes, shorter than its", 0, damaged_event },
	{ P_EVENTS, "OS_ERROR_LOG", "oversized", "event:OS_ERROR_LOG:oversized", ALL, 0,
	  "GSP event OS_ERROR_LOG announces 69584 bytes", 0, damaged_event },
	{ P_EVENTS, "UCODE_LIBOS_PRINT", "oversized", "event:UCODE_LIBOS_PRINT:oversized", ALL, 0,
	  "GSP event UCODE_LIBOS_PRINT announces 69584 bytes", 0, damaged_event },
	{ P_EVENTS, "GSP_RUN_CPU_SEQUENCER", "short", "event:GSP_RUN_CPU_SEQUENCER:short=8", GA, 0,
	  "GSP sequencer event is 8 bytes, shorter than its header", 0, damaged_event },
	{ P_EVENTS, "GSP_RUN_CPU_SEQUENCER", "malformed", "event:GSP_RUN_CPU_SEQUENCER:malformed",
	  GA, 0, "GSP sequencer claims 4294967295 dwords", 0, damaged_event },

	/* ---- unload ---- */
	{ P_UNLOAD, "UNLOADING_GUEST_DRIVER", "drop", "rpc:UNLOADING_GUEST_DRIVER:drop", ALL, 0,
	  "GSP unload did not complete (-110", 6000, remove_gpu },
	{ P_UNLOAD, "UNLOADING_GUEST_DRIVER", "die", "rpc:UNLOADING_GUEST_DRIVER:die", ALL, 0,
	  "GSP unload did not complete (-110", 6000, remove_gpu },
	{ P_UNLOAD, "suspend", "stuck", "hw:suspend-stuck", ALL, 0,
	  "GSP unload did not complete (-110", 4000, remove_gpu },
	{ P_UNLOAD, "booter-unload", "hang", "hw:booter-hang", GA, 0,
	  "booter did not halt on SEC2", 4000, remove_gpu },
	{ P_UNLOAD, "fwsec-sb", "hang", "hw:fwsec-hang", GA, 0,
	  "FWSEC-SB did not halt on the GSP falcon", 4000, remove_gpu },
	{ P_UNLOAD, "UNLOADING_GUEST_DRIVER", "allones", "mmio:allones", ALL, 0,
	  "GPU fell off the bus", 6000, remove_gpu },

	/*
	 * ---- vGPU create, each step failing (docs/vgpu.md order) ----
	 * The scrub comes first: its device, channel and copy-engine ALLOCs (the
	 * first three) and BIND, GPFIFO_SCHEDULE, GET_WORK_SUBMIT_TOKEN (the
	 * first three CONTROLs), so the GSP client's ALLOCs are the 4th and 5th.
	 */
	{ P_VCREATE, "framebuffer scrub", "status", "rpc:GSP_RM_ALLOC:status=0x1f@1", VG,
	  -EREMOTEIO, "vGPU GFID 1: create failed at its framebuffer scrub: -121", 0,
	  vgpu_create_act },
	{ P_VCREATE, "GSP client subdevice", "status", "rpc:GSP_RM_ALLOC:status=0x1f@4", VG,
	  -EREMOTEIO, "vGPU GFID 1: create failed at its GSP client subdevice: -121", 0,
	  vgpu_create_act },
	{ P_VCREATE, "GSP client device", "drop", "rpc:GSP_RM_ALLOC:drop@3", VG, -ETIMEDOUT,
	  "vGPU GFID 1: create failed at its GSP client device: -110", 6000, vgpu_create_act },
	{ P_VCREATE, "BOOTLOAD", "status", "vgpu:BOOTLOAD:status=0x56", VG, -EREMOTEIO,
	  "BOOTLOAD_GSP_VGPU_PLUGIN_TASK failed: -121 (status 0x56)", 0, vgpu_create_act },
	{ P_VCREATE, "BOOTLOAD", "die", "rpc:GSP_RM_CONTROL:die@3", VG, -ETIMEDOUT,
	  "vGPU GFID 1: create failed at its plugin bootload: -110", 6000, vgpu_create_act,
	  -ENODEV },
	{ P_VCREATE, "plugin ready", "hang", "plugin:1:hang", VG, -ETIMEDOUT,
	  "vGPU GFID 1: the plugin did not bootload within 10000 ms", 10000, vgpu_create_act },
	{ P_VCREATE, "VERSION_NEGOTIATION", "status", "plugin-rpc:VERSION_NEGOTIATION:result=7", VG,
	  -EREMOTEIO, "vGPU GFID 1: plugin RPC 1 failed: result 7", 0, vgpu_create_act },
	{ P_VCREATE, "SETUP_CONFIG_PARAMS_AND_INIT", "status",
	  "plugin-rpc:SETUP_CONFIG_PARAMS_AND_INIT:result=8", VG, -EREMOTEIO,
	  "vGPU GFID 1: plugin RPC 2 failed: result 8", 0, vgpu_create_act },
	{ P_VCREATE, "UPDATE_BME_STATE", "status", "plugin-rpc:UPDATE_BME_STATE:result=9", VG,
	  -EREMOTEIO, "vGPU GFID 1: plugin RPC 13 failed: result 9", 0, vgpu_create_act },

	/* ---- vGPU destroy: each step failing is logged, the rest goes on ---- */
	/*
	 * A plugin GSP-RM still runs: the scrub before the free reaches its
	 * running guest FB, one violation per memset line of at most 2 GiB
	 * (mgr.c SCRUB_LINE_MAX): AD102's type 1 GiB, one line; GH100's
	 * 0xfe000000 bytes, two.
	 */
	{ P_VDESTROY, "SHUTDOWN", "status", "vgpu:SHUTDOWN:status=0x1f", VG | GA, 0,
	  "vGPU GFID 1: SHUTDOWN_GSP_VGPU_PLUGIN_TASK failed: -121", 0, vgpu_destroy_act, 0, 3 + 1 },
	{ P_VDESTROY, "SHUTDOWN", "status", "vgpu:SHUTDOWN:status=0x1f", VG | GH, 0,
	  "vGPU GFID 1: SHUTDOWN_GSP_VGPU_PLUGIN_TASK failed: -121", 0, vgpu_destroy_act, 0, 3 + 2 },
	{ P_VDESTROY, "CLEANUP", "status", "vgpu:CLEANUP:status=0x1f", VG | GA, 0,
	  "vGPU GFID 1: VGPU_PLUGIN_CLEANUP failed: -121", 0, vgpu_destroy_act, 0, 2 + 1 },
	{ P_VDESTROY, "CLEANUP", "status", "vgpu:CLEANUP:status=0x1f", VG | GH, 0,
	  "vGPU GFID 1: VGPU_PLUGIN_CLEANUP failed: -121", 0, vgpu_destroy_act, 0, 2 + 2 },
	{ P_VDESTROY, "SHUTDOWN", "drop", "rpc:GSP_RM_CONTROL:drop", VG, 0,
	  "vGPU GFID 1: SHUTDOWN_GSP_VGPU_PLUGIN_TASK failed: -110", 6000, vgpu_destroy_act },
	{ P_VDESTROY, "GSP client subdevice", "status", "rpc:FREE:status=0x1f", VG, 0,
	  "vGPU GFID 1: freeing the GSP client's subdevice failed: -121", 0, vgpu_destroy_act },
	{ P_VDESTROY, "GSP client device", "status", "rpc:FREE:status=0x1f@1", VG, 0,
	  "vGPU GFID 1: freeing the GSP client's device failed: -121", 0, vgpu_destroy_act },
	{ P_VDESTROY, "SHUTDOWN", "die", "rpc:GSP_RM_CONTROL:die", VG, 0,
	  "vGPU GFID 1: VGPU_PLUGIN_CLEANUP failed: -19", 6000, vgpu_destroy_act, -ENODEV },
};

#define NROWS	(sizeof(rows) / sizeof(rows[0]))

static unsigned int family(void)
{
	return nvh_target.chip == GSPM_CHIP_GH100 ? GH : GA;
}

/* Does vGPU row r run here: a vGPU combination, of its family if it names one. */
static bool vgpu_row_runs(const struct row *r)
{
	return (r->chips & VG) && vgpu_combo() && (!(r->chips & ALL) || (r->chips & family()));
}

/* The row's own wait, in virtual time: at least wait_ms, and it ends (200 ms slack). */
static void check_wait(const struct row *r, u64 ns)
{
	if (!r->wait_ms)
		return;
	ck_assert_msg(ns >= (u64)r->wait_ms * 1000000ull - 4000000ull,
		      "%s under %s: %llu us, shorter than its %u ms wait", r->point, r->spec,
		      (unsigned long long)(ns / 1000), r->wait_ms);
	ck_assert_msg(ns <= ((u64)r->wait_ms + 2000) * 1000000ull,
		      "%s under %s: %llu us, far past its %u ms wait", r->point, r->spec,
		      (unsigned long long)(ns / 1000), r->wait_ms);
}

static void check_log(const struct nvh *h, const struct row *r)
{
	if (r->log && !kshim_log_contains(r->log))
		nvh_report((struct nvh *)h, "the fault's log line is missing");
	ck_assert_msg(!r->log || kshim_log_contains(r->log), "log lacks \"%s\"", r->log);
}

static void arm(struct nvh *h, const char *spec)
{
	char err[256];

	ck_assert_msg(!gspm_fault_arm(h->m, spec, NULL, NULL, err, sizeof(err)), "%s", err);
}

/* A boot row: the probe fails in its state, within the state's wait. */
static void boot_row(const struct row *r)
{
	struct nvh_opts o = nvh_defaults();
	struct nvh h;
	char state[64];

	o.fault = r->spec;
	nvh_start(&h, &o);
	if (!r->err) {
		/* Carried out: the boot goes on, the model saw nothing wrong (nvh_stop). */
		ck_assert_int_eq(h.probe_ret, 0);
		stop_clean(&h);
		return;
	}
	if (h.probe_ret != r->err)
		nvh_report(&h, "probe result under the fault");
	ck_assert_int_eq(h.probe_ret, r->err);
	snprintf(state, sizeof(state), "GSP boot failed in state %s:", r->point);
	ck_assert_msg(kshim_log_contains(state), "log lacks \"%s\"", state);
	check_log(&h, r);
	/* The boot before the failing state takes milliseconds; the wait is the rest. */
	check_wait(r, kshim_now_ns());
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	ck_assert_uint_eq(nvh_stop(&h), r->violations);
}

/*
 * The booted run the steady-state rows and the remove sites start from:
 * booted once by the tcase's unchecked fixture, in Check's runner, so that
 * each test (a fork of it: the tcase is tagged CHECK_OWN_PROCESS, testutil.h)
 * begins where a boot ends without paying for one.
 */
static struct nvh booted;
static struct nvcore_dev *booted_nd;

static void boot_once(void)
{
	booted_nd = boot_ok(&booted);
}

static void unboot(void)
{
	stop_clean(&booted);
}

static void steady_row(const struct row *r)
{
	struct nvh *h = &booted;
	struct nvcore_dev *nd = booted_nd;
	u64 t0;
	int ret;

	cur = r;
	if (r->spec)
		arm(h, r->spec);
	t0 = kshim_now_ns();
	ret = r->act(h, nd);
	if (ret != r->err)
		nvh_report(h, "result under the fault");
	ck_assert_msg(ret == r->err, "%s under %s: %d, expected %d", r->point,
		      r->spec ? r->spec : "-", ret, r->err);
	check_log(h, r);
	if (r->act == queue_full) {
		ck_assert(kshim_log_contains("GSP RPC history (command queue stayed full)"));
	} else if (r->wait_ms) {
		check_wait(r, kshim_now_ns() - t0);
	}
	if (r->act == remove_gpu) {
		/* The teardown finished in the error state: nothing left. */
		ck_assert_uint_eq(kshim_bytes_allocated(), 0);
		stop_clean(h);
		return;
	}
	/* Afterwards: usable again, or failing at once once the firmware is lost. */
	t0 = kshim_now_ns();
	ck_assert_int_eq(rpc_nop(nd), r->after);
	if (r->after)
		ck_assert_uint_eq(kshim_now_ns() - t0, 0);
	stop_clean(h);
}

/*
 * The run the vGPU rows and sites start from (as boot_once): booted with
 * nvcore.vgpu=2, the vGPU manager and its VFIO driver bound, two VFs, VF 0
 * given the type with the most instances.  Not strict: a plugin the
 * firmware would not shut down is the firmware's to keep, and the model's
 * violations about it are counted per row.
 */
static struct nvh vbooted;
static struct nvcore_dev *vbooted_nd;

/* Runs in nvh_start, also outside a test (count_vgpu_sites): vboot checks what it did. */
static void set_vgpu(struct nvh *h)
{
	kshim_set_param("nvcore", "vgpu", "2");
}

/* Bring vbooted up; NULL, or the step that failed (no Check assertion: see count_vgpu_sites). */
static const char *vboot(void)
{
	struct nvh_opts o = nvh_defaults();
	struct nvvgpu_type t;
	struct pci_dev *d;
	char id[16];

	o.before_probe = set_vgpu;
	o.strict = false;
	nvh_start(&vbooted, &o);
	if (vbooted.probe_ret)
		return "probe";
	vbooted_nd = nvh_dev(&vbooted);
	if (nvvgpu_register() || nvvgpu_vfio_register())
		return "registering the vGPU drivers";
	kshim_settle();
	if (kshim_pci_sriov_numvfs(vbooted.pdev, 2))
		return "enabling two VFs";
	kshim_settle();
	if (nvvgpu_types_of(vbooted.pdev, &t, 1) < 1)
		return "the manager's vGPU types (metadata file)";
	d = kshim_pci_vf(vbooted.pdev, 0);
	snprintf(id, sizeof(id), "%u", t.id);
	if (!d || kshim_sysfs_write(&d->dev, "nvidia/current_vgpu_type", id, strlen(id)) !=
		  (ssize_t)strlen(id))
		return "choosing VF 0's type";
	return NULL;
}

static void vboot_once(void)
{
	const char *failed = vboot();

	ck_assert_msg(!failed, "vGPU run: %s failed", failed);
}

/* VFs off, the vGPU drivers gone, the GPU removed: VF trouble + kshim failures + violations. */
static unsigned int vstop(struct nvh *h)
{
	unsigned int bad = kshim_pci_sriov_numvfs(h->pdev, 0) != 0;

	nvvgpu_vfio_unregister();
	nvvgpu_unregister();
	return bad + nvh_stop(h);
}

static void vunboot(void)
{
	vstop(&vbooted);
}

static void vgpu_row(const struct row *r)
{
	struct nvh *h = &vbooted;
	int ret;

	cur = r;
	if (r->phase == P_VDESTROY)
		ck_assert_int_eq(nvvgpu_create(vf0(h)), 0);
	kshim_log_clear();
	arm(h, r->spec);
	ret = r->act(h, vbooted_nd);
	if (ret != r->err)
		nvh_report(h, "result under the fault");
	ck_assert_msg(ret == r->err, "%s under %s: %d, expected %d", r->point, r->spec, ret, r->err);
	check_log(h, r);
	check_wait(r, act_ns);
	/* The core goes on, or fails at once once the firmware is lost. */
	ck_assert_int_eq(rpc_nop(vbooted_nd), r->after);
	ck_assert_uint_eq(kshim_failure_count(), 0);
	ck_assert_uint_eq(vstop(h), r->violations);
}

START_TEST(vgpu_fault)
{
	if (vgpu_row_runs(&rows[_i]))
		vgpu_row(&rows[_i]);
}
END_TEST

/*
 * Every event of the release past one message (event:EV:oversized): each is
 * dropped with its error, counted failed, never handed on or acted upon,
 * and the driver answers after all of them.
 */
START_TEST(every_event_oversized)
{
	const struct nvcore_fw_release *rel = booted_nd->release;
	u8 payload[512] = { 0 };
	char spec[64], want[128];
	unsigned int i, failed;

	for (i = 0; i < rel->num_events; i++) {
		struct nvcore_rpc_stat *st = event_stat(booted_nd, &rel->events[i]);

		failed = st->failed;
		snprintf(spec, sizeof(spec), "event:%u:oversized", rel->events[i].raw);
		arm(&booted, spec);
		ck_assert_int_eq(gspm_queue_event(booted.m, kshim_now_ns() + 1000, rel->events[i].raw,
						  payload, sizeof(payload)), 0);
		kshim_run_for(2000000);
		snprintf(want, sizeof(want), "GSP event %s announces", rel->events[i].name);
		ck_assert_msg(kshim_log_contains(want), "log lacks \"%s\"", want);
		ck_assert_uint_eq(st->failed, failed + 1);
	}
	ck_assert_int_eq(rpc_nop(booted_nd), 0);
	stop_clean(&booted);
}
END_TEST

/*
 * RC_TRIGGERED all 0xff, where the release reads its GFID (570.144's
 * layout): a GFID GSP-RM was not booted to run (this run: no vGPU) is
 * dropped, never handed on as some function's fault.
 */
START_TEST(rc_event_gfid_out_of_range)
{
	u8 payload[64] = { 0 };
	struct nvcore_rpc_stat *st = &booted_nd->core->rpc.event_stats[NVCORE_EVENT_RC_TRIGGERED];
	unsigned int failed = st->failed;

	if (booted_nd->release->event_gfid) {
		arm(&booted, "event:RC_TRIGGERED:malformed");
		ck_assert_int_eq(gspm_queue_event(booted.m, kshim_now_ns() + 1000,
						  nvh_event_raw(booted_nd->release,
								NVCORE_EVENT_RC_TRIGGERED),
						  payload, sizeof(payload)), 0);
		kshim_run_for(2000000);
		ck_assert(kshim_log_contains("GSP event RC_TRIGGERED names GFID 4294967295; GSP-RM runs 0 vGPUs: dropped"));
		ck_assert_uint_eq(st->failed, failed + 1);
	}
	stop_clean(&booted);
}
END_TEST

START_TEST(boot_fault)
{
	if (rows[_i].chips & family())
		boot_row(&rows[_i]);
}
END_TEST

START_TEST(steady_fault)
{
	if (rows[_i].chips & family())
		steady_row(&rows[_i]);
}
END_TEST

/*
 * A trace carries the fault its run was under (header "fault"), and replay
 * arms it again: the recorded failed boot replays identically.  Without it
 * the replay would boot where the recording failed.
 */
START_TEST(trace_carries_fault)
{
	static const char spec[] = "rpc:GET_GSP_STATIC_INFO:status=0x1f";
	struct nvt_replay_opts ro = { .quiet = true, .bundle_dir = "" };
	struct nvt_replay_result res = { 0 };
	struct nvh_opts o = nvh_defaults();
	struct nvt_trace *t;
	struct nvh h;
	char err[256], *text;
	size_t len;

	o.fault = spec;
	o.trace = true;
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, -EREMOTEIO);
	text = nvh_trace_collect(&h, &len);
	ck_assert_ptr_nonnull(text);
	stop_clean(&h);
	t = nvt_load_mem("faulted.jsonl", text, len, err, sizeof(err));
	ck_assert_msg(t, "%s", err);
	ck_assert_str_eq(t->h.fault, spec);
	ro.out = stderr;
	ck_assert_int_eq(nvt_replay(t, &ro, &res), NVT_OK);
	ck_assert_int_eq(res.probe_ret, -EREMOTEIO);
	nvt_free(res.got);
	nvt_free(t);
	free(text);
}
END_TEST

/*
 * Recovery where the hardware allows it (mlx5's model): after the firmware
 * died the teardown finishes in the error state; a reload without a reset
 * is refused (GSP-RM still holds WPR2), and once the GPU is reset the
 * driver probes it again and it works.
 */
START_TEST(reprobe_after_firmware_death)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);

	arm(&h, "fw:die=0xdead0042");
	ck_assert_int_eq(rpc_nop(nd), -ETIMEDOUT);
	ck_assert_int_eq(rpc_nop(nd), -ENODEV);
	nvh_remove(&h);
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	ck_assert_int_eq(nvh_replug(&h), -EBUSY);
	ck_assert(kshim_log_contains("GSP is still running from a previous load; the GPU needs a reset"));
	nvh_remove(&h);
	ck_assert_uint_eq(gspm_violation_count(h.m), 0);
	nvh_reset_gpu(&h);
	ck_assert_int_eq(nvh_replug(&h), 0);
	ck_assert_int_eq(rpc_nop(nvh_dev(&h)), 0);
	stop_clean(&h);
}
END_TEST

/* A bad spec is refused whole, naming the item and what is wrong with it. */
START_TEST(bad_specs_named)
{
	static const struct { const char *spec, *msg; } bad[] = {
		{ "rpc:NO_SUCH_FN:drop", "fault 'rpc:NO_SUCH_FN:drop': no function or event 'NO_SUCH_FN'" },
		{ "rpc:NOP:explode", "unknown action 'explode'" },
		{ "rpc:NOP:status", "status needs a value (status=N)" },
		{ "rpc:NOP:drop*0", "*COUNT: '0' is not a count from 1" },
		{ "irq:lost@3", "@AFTER counts commands" },
		{ "alloc:kmalloc:0", "N: '0' is not a count from 1" },
		{ "alloc:kmalloc:3", "this host has no allocator to fail" },
		{ "rpc:NOP:drop++fw:die", "an empty item" },
		{ "hw:melt", "unknown hardware fault 'melt'" },
		{ "event:NOP:short", "no event 'NOP' in this release" },
		{ "event:RC_TRIGGERED:long", "unknown event fault 'long'" },
		{ "event:RC_TRIGGERED:oversized=3", "oversized takes no value" },
		{ "event:RC_TRIGGERED", "expected event:EVENT:ACTION" },
		{ "vgpu:REBOOT:status=1", "no vGPU-manager control 'REBOOT'" },
		{ "vgpu:BOOTLOAD:drop", "unknown vGPU control fault 'drop' (status=S)" },
		{ "plugin:33:hang", "GFID '33' is not a VF's (1..32)" },
		{ "plugin-rpc:RESET:result", "result needs a value (result=N)" },
	};
	struct nvh h;
	char err[256];
	unsigned int i;

	boot_ok(&h);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ck_assert_int_eq(gspm_fault_arm(h.m, bad[i].spec, NULL, NULL, err, sizeof(err)), -1);
		ck_assert_msg(strstr(err, bad[i].msg), "%s: \"%s\" lacks \"%s\"", bad[i].spec, err,
			      bad[i].msg);
	}
	/* Nothing of a refused spec was armed: the first item was good. */
	ck_assert_int_eq(gspm_fault_arm(h.m, "rpc:NOP:drop+hw:melt", NULL, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(rpc_nop(nvh_dev(&h)), 0);
	stop_clean(&h);
}
END_TEST

/* ---- allocation failure at every site of probe and remove --------------------- */

#define MAX_SITES	256

struct site {
	const char *file;
	int line;
	enum kshim_alloc_class c;
	unsigned long nth;	/* the first allocation made there, counted from the phase's start */
};

static struct site probe_sites[MAX_SITES], remove_sites[MAX_SITES];
static unsigned int n_probe_sites, n_remove_sites;
static unsigned long n_probe_allocs, n_remove_allocs;

struct watch {
	struct site *sites;
	unsigned int *n;
	unsigned long *count;
};

static void watch(void *ctx, enum kshim_alloc_class c, const char *file, int line)
{
	struct watch *w = ctx;
	unsigned int i;

	for (i = 0; i < *w->n; i++)
		if (w->sites[i].line == line && !strcmp(w->sites[i].file, file))
			break;
	if (i == *w->n && i < MAX_SITES) {
		w->sites[i] = (struct site){ strdup(file), line, c, *w->count };
		(*w->n)++;
	}
	(*w->count)++;
}

static struct watch probe_watch = { probe_sites, &n_probe_sites, &n_probe_allocs };
static struct watch remove_watch = { remove_sites, &n_remove_sites, &n_remove_allocs };

static void watch_probe(struct nvh *h)
{
	kshim_alloc_watch(watch, &probe_watch);
}

/* Run once, watching: the distinct sites of probe and of remove, in order. */
static void count_sites(void)
{
	struct nvh_opts o = nvh_defaults();
	struct nvh h;

	o.before_probe = watch_probe;
	nvh_start(&h, &o);
	kshim_alloc_watch(NULL, NULL);
	if (h.probe_ret) {
		fprintf(stderr, "faults: the counting run's probe failed: %d\n", h.probe_ret);
		exit(1);
	}
	kshim_alloc_watch(watch, &remove_watch);
	nvh_remove(&h);
	kshim_alloc_watch(NULL, NULL);
	if (nvh_stop(&h))
		exit(1);
}

/* The probe site the current test fails (before_probe has no argument). */
static unsigned int cur_site;

static const char *const class_names[] = { "any", "kmalloc", "dma", "firmware" };

static void fail_nth_before_probe(struct nvh *h)
{
	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, (long)probe_sites[cur_site].nth);
}

START_TEST(probe_alloc_site)
{
	const struct site *s = &probe_sites[_i];
	struct nvh_opts o = nvh_defaults();
	struct nvh h;
	char want[160];

	cur_site = _i;
	o.before_probe = fail_nth_before_probe;
	nvh_start(&h, &o);
	snprintf(want, sizeof(want), "at %s:%d", s->file, s->line);
	ck_assert_msg(kshim_log_contains("kshim: injected failure of") && kshim_log_contains(want),
		      "%s at %s:%d: the injected failure did not happen there", class_names[s->c],
		      s->file, s->line);
	/* Either the probe fails with the allocator's error, or the site is optional. */
	ck_assert_msg(h.probe_ret == -ENOMEM || h.probe_ret == 0,
		      "%s at %s:%d failing: probe returned %d", class_names[s->c], s->file, s->line,
		      h.probe_ret);
	if (h.probe_ret)
		ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(&h);
}
END_TEST

START_TEST(remove_alloc_site)
{
	const struct site *s = &remove_sites[_i];
	struct nvh *h = &booted;
	char want[160];

	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, (long)s->nth);
	nvh_remove(h);
	snprintf(want, sizeof(want), "at %s:%d", s->file, s->line);
	ck_assert_msg(kshim_log_contains(want), "%s at %s:%d: the injected failure did not happen there",
		      class_names[s->c], s->file, s->line);
	/* remove cannot fail: it finishes, whatever it could not do, with nothing left. */
	ck_assert_uint_eq(kshim_bytes_allocated(), 0);
	stop_clean(h);
}
END_TEST

static struct site vcreate_sites[MAX_SITES], vdestroy_sites[MAX_SITES];
static unsigned int n_vcreate_sites, n_vdestroy_sites;
static unsigned long n_vcreate_allocs, n_vdestroy_allocs;
static struct watch vcreate_watch = { vcreate_sites, &n_vcreate_sites, &n_vcreate_allocs };
static struct watch vdestroy_watch = { vdestroy_sites, &n_vdestroy_sites, &n_vdestroy_allocs };

/* Run once, watching: the distinct allocation sites of a vGPU create and of its destroy. */
static void count_vgpu_sites(void)
{
	const char *failed = vboot();
	struct pci_dev *d;
	int ret = -1;

	if (failed) {
		fprintf(stderr, "faults: the counting run's vGPU setup: %s failed\n", failed);
		exit(1);
	}
	d = kshim_pci_vf(vbooted.pdev, 0);
	kshim_alloc_watch(watch, &vcreate_watch);
	ret = nvvgpu_create(d);
	kshim_alloc_watch(watch, &vdestroy_watch);
	if (!ret)
		nvvgpu_destroy(d);
	kshim_alloc_watch(NULL, NULL);
	if (vstop(&vbooted) || ret) {
		fprintf(stderr, "faults: the counting run's vGPU create: %d\n", ret);
		exit(1);
	}
}

/*
 * Create with the site's first allocation failing: -ENOMEM with nothing
 * held (or the site is optional: 0), and the next create works.
 */
START_TEST(vcreate_alloc_site)
{
	const struct site *s = &vcreate_sites[_i];
	struct nvh *h = &vbooted;
	size_t before = kshim_bytes_allocated();
	char want[160];
	int ret;

	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, (long)s->nth);
	ret = nvvgpu_create(vf0(h));
	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, -1);
	snprintf(want, sizeof(want), "at %s:%d", s->file, s->line);
	ck_assert_msg(kshim_log_contains(want), "%s at %s:%d: the injected failure did not happen there",
		      class_names[s->c], s->file, s->line);
	ck_assert_msg(ret == -ENOMEM || !ret, "%s at %s:%d failing: create returned %d",
		      class_names[s->c], s->file, s->line, ret);
	if (!ret)
		ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	gfid_holds_nothing(vbooted_nd);
	ck_assert_int_eq(nvvgpu_create(vf0(h)), 0);
	ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	ck_assert_uint_eq(vstop(h), 0);
}
END_TEST

/*
 * Destroy with the site's first allocation failing: it finishes, nothing
 * held, every byte back (a step it could not send may leave the firmware
 * its plugin: the model's violations are not the host's leak).
 */
START_TEST(vdestroy_alloc_site)
{
	const struct site *s = &vdestroy_sites[_i];
	struct nvh *h = &vbooted;
	size_t before = kshim_bytes_allocated();
	char want[160];

	ck_assert_int_eq(nvvgpu_create(vf0(h)), 0);
	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, (long)s->nth);
	ck_assert_int_eq(nvvgpu_destroy(vf0(h)), 0);
	kshim_alloc_fail_nth(KSHIM_ALLOC_ANY, -1);
	snprintf(want, sizeof(want), "at %s:%d", s->file, s->line);
	ck_assert_msg(kshim_log_contains(want), "%s at %s:%d: the injected failure did not happen there",
		      class_names[s->c], s->file, s->line);
	ck_assert(kshim_log_contains("vGPU GFID 1 destroyed"));
	ck_assert_uint_eq(kshim_bytes_allocated(), before);
	gfid_holds_nothing(vbooted_nd);
	ck_assert_uint_eq(kshim_failure_count(), 0);
	vstop(h);
}
END_TEST

/* ---- the matrix -------------------------------------------------------------------- */

/*
 * The probe's sites are the driver's code, the same for every release; each
 * failing one costs most of a boot, which copies the GSP image (36 MiB in
 * the 535 releases' test files): swept with the newest release only,
 * counted and printed for each.
 */
static bool sweep_probe_sites(void)
{
	return !strcmp(nvh_target.release, nvcore_fw_releases[0]->version);
}

/* The columns, in the order the matrix prints them. */
static const char *const kinds[] = {
	"status", "drop", "delay", "corrupt", "csum", "seq", "reorder", "die", "full", "noinit",
	"stuck", "hang", "reset", "lost", "storm", "allones", "unknown", "short", "malformed",
	"oversized",
};

static void print_matrix(void)
{
	unsigned int counts[P_NPHASES][sizeof(kinds) / sizeof(kinds[0])] = { { 0 } };
	unsigned int i, k, p, total = 0;

	for (i = 0; i < NROWS; i++) {
		if (rows[i].chips & VG ? !vgpu_row_runs(&rows[i]) : !(rows[i].chips & family()))
			continue;
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			if (!strcmp(rows[i].kind, kinds[k]))
				counts[rows[i].phase][k]++;
		total++;
	}
	/* TAP diagnostics ("# "): stdout carries the TAP stream (testutil.h). */
	printf("# fault matrix, %s/%s (tests per injection point class x fault):\n# %-12s",
	       nvh_chip_name(nvh_target.chip), nvh_target.release, "");
	for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
		printf(" %7s", kinds[k]);
	printf("\n");
	for (p = 0; p < P_NPHASES; p++) {
		printf("# %-12s", phase_names[p]);
		for (k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++)
			printf(" %7u", counts[p][k]);
		printf("\n");
	}
	printf("# allocation failure: probe %u sites (%lu allocations), remove %u sites (%lu allocations)\n",
	       n_probe_sites, n_probe_allocs, n_remove_sites, n_remove_allocs);
	printf("# allocation failure: vgpu-create %u sites (%lu allocations), vgpu-destroy %u sites (%lu allocations)\n",
	       n_vcreate_sites, n_vcreate_allocs, n_vdestroy_sites, n_vdestroy_allocs);
	printf("# event payloads: each of the release's %u events oversized, one test; an RC_TRIGGERED GFID out of range, one\n",
	       nvcore_fw_release_find(nvh_target.release)->num_events);
	printf("# %u fault tests + %u allocation-site tests\n", total + 2,
	       (sweep_probe_sites() ? n_probe_sites : 0) + n_remove_sites + n_vcreate_sites +
	       n_vdestroy_sites);
	fflush(stdout);
}

Suite *faults_suite(void)
{
	Suite *s = suite_create("faults");
	TCase *m = tcase_create("boot");
	TCase *st = tcase_create("steady");
	TCase *ar = tcase_create("alloc-remove");
	unsigned int first_steady, first_vgpu;

	for (first_steady = 0; first_steady < NROWS && !rows[first_steady].act; first_steady++)
		;
	for (first_vgpu = first_steady; first_vgpu < NROWS && rows[first_vgpu].phase < P_VCREATE;
	     first_vgpu++)
		;
	count_sites();
	if (vgpu_combo())
		count_vgpu_sites();
	print_matrix();
	tcase_set_timeout(m, 60);
	tcase_add_loop_test(m, boot_fault, 0, first_steady);
	tcase_add_test(m, trace_carries_fault);
	tcase_add_test(m, bad_specs_named);
	tcase_add_test(m, reprobe_after_firmware_death);
	suite_add_tcase(s, m);
	tcase_set_timeout(st, 60);
	tcase_add_unchecked_fixture(st, boot_once, unboot);
	tcase_set_tags(st, CHECK_OWN_PROCESS);
	tcase_add_loop_test(st, steady_fault, first_steady, first_vgpu);
	tcase_add_test(st, every_event_oversized);
	tcase_add_test(st, rc_event_gfid_out_of_range);
	suite_add_tcase(s, st);
	if (vgpu_combo()) {
		TCase *v = tcase_create("vgpu");	/* only if added, as alloc-probe */

		tcase_set_timeout(v, 60);
		tcase_add_unchecked_fixture(v, vboot_once, vunboot);
		tcase_set_tags(v, CHECK_OWN_PROCESS);
		tcase_add_loop_test(v, vgpu_fault, first_vgpu, NROWS);
		tcase_add_loop_test(v, vcreate_alloc_site, 0, n_vcreate_sites);
		tcase_add_loop_test(v, vdestroy_alloc_site, 0, n_vdestroy_sites);
		suite_add_tcase(s, v);
	}
	if (sweep_probe_sites()) {
		TCase *a = tcase_create("alloc-probe");	/* only if added: Check frees what the suite holds */

		tcase_set_timeout(a, 60);
		tcase_add_loop_test(a, probe_alloc_site, 0, n_probe_sites);
		suite_add_tcase(s, a);
	}
	tcase_set_timeout(ar, 60);
	tcase_add_unchecked_fixture(ar, boot_once, unboot);
	tcase_set_tags(ar, CHECK_OWN_PROCESS);
	tcase_add_loop_test(ar, remove_alloc_site, 0, n_remove_sites);
	suite_add_tcase(s, ar);
	return s;
}
