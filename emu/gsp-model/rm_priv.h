/* SPDX-License-Identifier: MIT */
/*
 * gsp-model rm half: private state shared by rm.c (lifecycle, boot, timers,
 * faults, describe), msgq.c (the message queues, firmware side), rpc.c (RPC
 * handlers and the RM object table) and seq.c (the CPU sequencer).  Nothing
 * outside the rm half includes this header except gspm.c, which asks
 * gspm_rm_owns_reg() when dispatching MMIO.
 */
#ifndef GSPM_RM_PRIV_H
#define GSPM_RM_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "model.h"
#include "hw_regs.h"
#include "fw/gspm_abi_model.h"
#include "fw/gspm_release.h"

/* ---- virtual timings (ns), before PRNG jitter --------------------------- */
#define RM_BOOT_NS		200000u		/* RISC-V start -> status queue up */
#define RM_CMD_NS		3000u		/* per command, + 0..3 us jitter */
#define RM_CMD_JITTER_NS	3000u
#define RM_SEQ_FLIP_NS		20000u		/* sequencer: REG_POLL target flips */
#define RM_SEQ_TIMEOUT_NS	4000000000ull	/* host never ran the sequencer */
#define RM_INIT_DONE_NS		10000u		/* sequencer done -> INIT_DONE */
/*
 * Pre-boot RPCs read -> INIT_DONE on a boot with no CPU sequencer (GH100):
 * GSP-RM's own initialisation, which the host sees as silence.  Its length is
 * not public (assumption); 20 ms keeps INIT_DONE after the host has linked
 * the queues, as the sequencer's round trip does on GA10x/AD10x.
 */
#define RM_INIT_NOSEQ_NS	20000000u
#define RM_UNLOAD_NS		30000u		/* unload reply -> MAILBOX0 suspended */
#define RM_POLL_MIN_NS		1000u		/* status queue full: first re-check */
#define RM_POLL_MAX_NS		1000000u	/* ... doubling up to this */
#define RM_DOORBELL_GRACE_NS	1000000u	/* writePtr moved, no doorbell */

#define RM_PAGE			0x1000u
#define RM_MAX_ELEMS		16u		/* GSP_MSG_QUEUE_ELEMENT_SIZE_MAX / page */
#define RM_RPC_HDR		0x20u		/* rpc_message_header_v */
#define RM_MAX_RECORD		GSP_MSG_QUEUE_RPC_SIZE_MAX	/* 0xFFD0, rpc hdr incl. */
#define RM_MAX_CHUNK		(RM_MAX_RECORD - RM_RPC_HDR)	/* 0xFFB0 payload */
#define RM_MAX_RPC		(4u << 20)	/* largest reassembled RPC accepted */

/* Sequencer scratch registers the rm half owns (seq.c). */
#define RM_SEQ_REG_DATA		NV_PGSP_MAILBOX(2)
#define RM_SEQ_REG_ACK		NV_PGSP_MAILBOX(3)

enum rm_state {
	RM_OFF,			/* RISC-V not started */
	RM_BOOT_WAIT,		/* started, status queue not yet initialised */
	RM_PREBOOT,		/* consuming SET_SYSTEM_INFO / SET_REGISTRY */
	RM_SEQ_WAIT,		/* sequencer sent, waiting for the host */
	RM_SEQ_TIMEDOUT,	/* host never ran it: stays booting */
	RM_INIT_WAIT,		/* sequencer done, INIT_DONE pending */
	RM_RUNNING,
	RM_SUSPENDING,		/* unload replied, MAILBOX0 not yet set */
	RM_SUSPENDED,		/* MAILBOX0 = SUSPENDED, waiting for booter-unload */
	RM_UNLOADED,
	RM_DEAD,
};

/* One queue as the firmware sees it. */
struct rm_queue {
	uint64_t off;		/* offset in the shared region */
	uint32_t size;
	uint32_t msg_count;
};

/*
 * The model's byte loop (rm_copy_xor: the checksums and the test echo)
 * built for AVX2 and for the baseline ISA, the loader picking one
 * (target_clones, an ifunc); not
 * under TSan, whose instrumentation in the resolver would run before its
 * runtime is up.
 */
#ifndef __has_feature
#define __has_feature(x) 0	/* gcc before 14 */
#endif
#if defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
#define RM_CLONES
#else
#define RM_CLONES __attribute__((target_clones("avx2", "default")))
#endif

/* Injected damage to one outbound record (rm_post's faults; gspm.h GSPM_FAULT_*). */
#define RM_OUT_CSUM		(1u << 0)	/* CORRUPT_CHECKSUM */
#define RM_OUT_PAYLOAD		(1u << 1)	/* CORRUPT_PAYLOAD */
#define RM_OUT_SEQ_WRONG	(1u << 2)
#define RM_OUT_SEQ_DUP		(1u << 3)
#define RM_OUT_REORDER		(1u << 4)
#define RM_OUT_REPEAT		(1u << 5)	/* the SEQ_DUP copy: the last seqNum again */
#define RM_REORDER_NS		1000000u	/* a reordered reply waits this long at most */

/* A record waiting to be posted into the status queue. */
/* A large reply's payload, shared by its records instead of copied into each. */
struct rm_blob {
	unsigned int refs;	/* records still queued */
	uint8_t *buf;		/* rm_buf_get's; given back (rm_buf_put) with the last record */
	const uint8_t *payload;	/* the whole payload, in buf */
	uint32_t flip_from;	/* [flip_from, flip_to) of it XORed with RM_ECHO_FLIP as it is posted */
	uint32_t flip_to;
};

struct rm_out {
	struct rm_out *next;
	uint64_t not_before;
	unsigned int faults;		/* RM_OUT_* */
	bool is_event;
	bool page;		/* allocated for a payload of a page (RM_OUT_PAGE): kept when freed */
	uint32_t len;		/* rpc header + payload */
	const uint8_t *payload;	/* len - RM_RPC_HDR bytes: after the header in rpc[], or in blob */
	struct rm_blob *blob;	/* NULL: the payload is rpc[]'s */
	uint32_t flip_from;	/* [flip_from, flip_to) of the payload XORed with RM_ECHO_FLIP */
	uint32_t flip_to;	/* as it is written into the status queue (the test echo's) */
	uint8_t rpc[];		/* rpc_message_header_v, then the payload unless blob */
};

/* An event queued by gspm_queue_event. */
struct rm_timed_event {
	struct rm_timed_event *next;
	uint64_t at;
	uint32_t function;
	uint32_t len;
	uint8_t payload[];
};

struct rm_fault {
	enum gspm_fault fault;
	uint32_t function;
	uint64_t arg;
	unsigned int count;
	uint64_t after;		/* matching commands still to let through */
};

struct rm_object {
	uint32_t h_client, h_parent, h_object, h_class;
	bool internal;		/* created by RM itself at boot */
	bool live;
};

#define RM_MAX_FAULTS		16	/* at most 32: faults_armed is a bit mask */
#define RM_MAX_REGKEYS		32

struct gspm_rm {
	struct gspm *m;
	const struct gspm_release *rel;
	enum rm_state state;

	/* LibOS / RMARGS */
	uint64_t libos_args_pa;
	struct gspm_rmargs args;
	uint64_t *pte;			/* bus address of each shared page */
	uint32_t pte_count;
	/*
	 * The shared region as one run of host memory (its pages consecutive in
	 * bus space and inside one mapping), for the queues' reads and writes
	 * without a DMA call each; NULL: through the PTEs page by page.  Good
	 * while *shm_epoch == shm_epoch_seen (gspm_dma_ptr).
	 */
	uint8_t *shm_cpu;
	const uint64_t *shm_epoch;
	uint64_t shm_epoch_seen;
	struct rm_queue cmdq, statq;
	uint8_t *cmd_buf;		/* the command record rm_msgq_peek read, one message's worth */
	/*
	 * Where a continuation record's payload goes instead (the reassembly,
	 * set before rm_msgq_peek, NULL: cmd_buf), its room, and how many
	 * payload bytes the last peek put there (a multiple of 8; the rest of
	 * the record still in cmd_buf).
	 */
	uint8_t *cmd_sink;
	uint32_t cmd_sink_room, cmd_sunk;

	/* Queue pointers and sequence numbers (firmware's view). */
	uint32_t cmd_rp;		/* GSP read ptr of cmdq (statq.rx.readPtr) */
	uint32_t host_wp;		/* cmdq writePtr at the last doorbell */
	uint32_t stat_wp;		/* GSP write ptr of statq */
	uint32_t host_rp;		/* host read ptr of statq, last seen */
	uint32_t rx_seq, tx_seq;
	struct msgqTxHeader cmdq_hdr;	/* host's header as validated at boot */
	struct msgqTxHeader statq_hdr;	/* what the firmware wrote */
	/*
	 * Per status-queue slot: the end of what the model last wrote there
	 * that may not be zero (RM_PAGE: not known); past it the slot reads
	 * zeros, which are not written again (msgq.c stat_zero_end).
	 */
	uint32_t *stat_dirty;

	/* Timers (UINT64_MAX = not armed). */
	uint64_t boot_at;
	uint64_t cmd_at;		/* next command may be processed */
	uint64_t poll_at;		/* status queue full: re-check */
	uint64_t poll_step;
	uint64_t stall_until;
	uint64_t unload_at;
	uint64_t init_done_at;
	uint64_t unsignalled_since;	/* writePtr ahead of host_wp since */
	uint32_t unsignalled_wp;
	uint32_t reported_missed_wp;
	uint32_t reported_bad_rp;

	/* Outbound records and queued events. */
	struct rm_out *out_head, *out_tail;
	unsigned int out_len;
	struct rm_timed_event *events;
	uint8_t *spare;			/* a large reply's buffer kept for the next (rm_buf_get) */
	uint8_t *small_spare;		/* a page-sized one, for replies of a page or less */
	struct rm_out *out_spare;	/* a record of a page or less, kept (out_push) */
	uint64_t rest_delay_ns;		/* continuation records posted this much later (GSPM_FAULT_STALL_CONTINUATION) */

	/* Large-RPC reassembly (protocol.md §1.5). */
	uint8_t *asm_buf;		/* rpc header + payload */
	uint32_t asm_len;		/* bytes so far */
	uint32_t asm_cap;		/* bytes allocated, kept across commands: grown past the announced total */
	uint32_t asm_total;		/* expected, 0 = unknown (look ahead) */
	uint32_t asm_function;
	bool asm_active;

	/* Boot bookkeeping. */
	bool got_sysinfo, got_registry;
	struct gspm_sysinfo sysinfo;
	char *regkeys[RM_MAX_REGKEYS];
	unsigned int n_regkeys;

	/* CPU sequencer (seq.c). */
	int seq_stage;
	uint32_t seq_reg_data, seq_reg_ack;
	uint64_t seq_flip_at;
	uint64_t seq_timeout_at;
	uint64_t seq_ack_seen_at;
	bool seq_gsp_in_reset;		/* CORE_RESUME: ENGINE reset seen asserted */
	/* GSPM_FAULT_SEQ_CORE_RESET sent: 1, ENGINE reset then seen asserted: 2, released: 3. */
	int seq_core_reset;

	/* RM objects. */
	struct rm_object *objs;
	unsigned int n_objs, cap_objs;
	uint32_t h_int_client, h_int_device, h_int_subdevice;

	struct rm_fault faults[RM_MAX_FAULTS];
	uint32_t faults_armed;		/* bit i: faults[i].count != 0 (rm_take_fault's fast path) */
	struct gspm_stats st;
	struct rm_vgpu *vgpu;		/* vgpu.c, NULL until first used */
	struct rm_ce *ce;		/* ce.c, NULL until first used */
	struct rm_fb *fb;		/* fb.c, NULL until first written */

	/* gspm_set_script: trace replay's per-command answers. */
	gspm_script_fn script;
	void *script_ctx;
	uint64_t script_index;
};

/* ---- rm.c ---------------------------------------------------------------- */
const char *rm_function_name(const struct gspm_rm *rm, uint32_t fn);
const char *rm_state_name(enum rm_state s);
/* Queue a reply/event record for the status queue (copies rpc). */
void rm_post(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result,
	     const void *payload, size_t len, uint64_t delay_ns, unsigned int faults);
/*
 * The same for a payload in buf (rm_buf_get's or malloc'd), which the queue
 * takes over (a large payload is not copied); [flip_from, flip_to) of it is
 * XORed with RM_ECHO_FLIP as it is written into the status queue.
 */
uint8_t *rm_buf_get(struct gspm_rm *rm, size_t len);
void rm_buf_put(struct gspm_rm *rm, uint8_t *buf);
void rm_post_take(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result, uint8_t *buf,
		  uint8_t *payload, size_t len, uint32_t flip_from, uint32_t flip_to,
		  uint64_t delay_ns, unsigned int faults);
void rm_boot_events(struct gspm_rm *rm, enum gspm_boot_phase phase);
/*
 * fault.c: an armed event-payload fault (GSPM_FAULT_EVENT_*) of this event
 * applied to the payload and its length; returns the damaged copy to free after posting
 * (NULL: none armed), *announce the oversized first record's RPC length.
 */
uint8_t *rm_event_fault(struct gspm_rm *rm, uint32_t function, const uint8_t **payload,
			size_t *len, uint32_t *announce);
bool rm_alive(const struct gspm_rm *rm);
/* Consume one armed fault of this kind matching fn; its arg in *arg. */
bool rm_take_fault(struct gspm_rm *rm, enum gspm_fault f, uint32_t fn, uint64_t *arg);
size_t rm_describe_append(char *buf, size_t len, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* ---- msgq.c -------------------------------------------------------------- */
/*
 * Bytes of the shared region by offset, through its PTEs; a violation
 * naming `what` when the host refuses.  rm_shm_ptr: where they are in host
 * memory when the region is one mapped run (NULL: use rm_shm_io).  The
 * inline wrappers keep the queues' small reads and writes (pointers,
 * headers) to a load or a store.
 */
uint8_t *rm_shm_ptr_slow(struct gspm_rm *rm, uint64_t off, size_t len);
int rm_shm_io(struct gspm_rm *rm, uint64_t off, void *buf, size_t len, const char *what, bool write);

/* Inline while the mapping holds (ten times an echo); msgq.c's slow half looks it up again. */
static inline uint8_t *rm_shm_ptr(struct gspm_rm *rm, uint64_t off, size_t len)
{
	uint64_t region = (uint64_t)rm->pte_count * RM_PAGE;

	if (rm->shm_cpu && off <= region && len <= region - off &&
	    *rm->shm_epoch == rm->shm_epoch_seen)
		return rm->shm_cpu + off;
	return rm_shm_ptr_slow(rm, off, len);
}

static inline int rm_shm_read(struct gspm_rm *rm, uint64_t off, void *buf, size_t len,
			      const char *what)
{
	const uint8_t *p = rm_shm_ptr(rm, off, len);

	if (!p)
		return rm_shm_io(rm, off, buf, len, what, false);
	memcpy(buf, p, len);
	return 0;
}

static inline int rm_shm_write(struct gspm_rm *rm, uint64_t off, const void *buf, size_t len,
			       const char *what)
{
	uint8_t *p = rm_shm_ptr(rm, off, len);

	if (!p)
		return rm_shm_io(rm, off, (void *)buf, len, what, true);
	memcpy(p, buf, len);
	return 0;
}
int rm_msgq_setup(struct gspm_rm *rm);		/* PTE array + queue geometry */
int rm_msgq_link(struct gspm_rm *rm);		/* check cmdq hdr, init statq hdr */
uint32_t rm_csum(const void *buf, size_t len);
/*
 * The XOR of src's little-endian u64 words (the tail padded with zeros),
 * each byte XORed with flip first, written to dst as it goes when dst is
 * set (dst == src: in place).
 */
uint64_t rm_copy_xor(uint8_t *dst, const uint8_t *src, size_t n, uint8_t flip);
/* What the test echo XORs every parameter byte with (gspm.h GSPM_CTRL_CMD_TEST_ECHO). */
#define RM_ECHO_FLIP		0x5au
/* Messages available between the GSP read pointer and host_wp. */
uint32_t rm_msgq_avail(const struct gspm_rm *rm);
/*
 * Read the message at the GSP read pointer into *buf (rm->cmd_buf, valid
 * until the next peek; its element header and record, through rpc.length:
 * the bytes after it that the checksum covers, 535.113.01's rest of the
 * last page, are checked where they lie: cmd_buf's bytes past the record
 * are not defined),
 * a continuation record's payload into rm->cmd_sink when set and it fits,
 * the first record of a large command (its RPC header and payload) into
 * rm_first_sink's (rm->cmd_sunk says how much went there), whole words of
 * either; the checksum computed as it is
 * copied.  Returns its element count (> 0), 0 if none is available, -1 if
 * the element was invalid (already reported and consumed).  *ok is false
 * when the header is bad but the message was skipped.
 */
int rm_msgq_peek(struct gspm_rm *rm, uint8_t **buf, uint32_t *elems);
/*
 * rm.c: where the record at rpc (not a continuation record; have bytes of
 * it read, rpc.length `length`) goes straight, when it starts a large command
 * with an announced total: the reassembly buffer, sized for the whole (*room
 * bytes); NULL: into the command buffer.
 */
uint8_t *rm_first_sink(struct gspm_rm *rm, const uint8_t *rpc, uint32_t have, uint32_t length,
		       uint32_t *room);
void rm_msgq_consume(struct gspm_rm *rm, uint32_t elems);
/* Post one record (<= one element).  0 posted, 1 no room (try later), -1 error. */
int rm_msgq_post(struct gspm_rm *rm, const struct rm_out *o);
/* Read a host-owned cmdq field / check GSP-owned fields (doorbell path). */
int rm_msgq_read_host_wp(struct gspm_rm *rm, uint32_t *wp);
void rm_msgq_check_owned(struct gspm_rm *rm, const char *when);

/* ---- rpc.c --------------------------------------------------------------- */
/* Handle one complete RPC (header + payload in rpc, len bytes). */
void rm_rpc_dispatch(struct gspm_rm *rm, const uint8_t *rpc, uint32_t len);
int rm_objects_init(struct gspm_rm *rm);
void rm_objects_free(struct gspm_rm *rm);
uint32_t rm_live_objects(const struct gspm_rm *rm);
size_t rm_objects_describe(const struct gspm_rm *rm, char *buf, size_t len);
/*
 * Payload bytes a large RPC will carry in total, 0 if it cannot be told.
 * 64-bit: GSP_RM_ALLOC/CONTROL's header plus a u32 paramsSize must not wrap
 * (a wrapped total let a paramsSize past the payload through to the handler).
 * rm.c dispatches an RPC only once it holds that many bytes, so the handlers
 * can rely on paramsSize fitting the payload.
 */
uint64_t rm_rpc_expected_len(const uint8_t *rpc, uint32_t len);

/* ---- seq.c --------------------------------------------------------------- */
void rm_seq_send(struct gspm_rm *rm);
bool rm_seq_read(struct gspm_rm *rm, uint32_t off, uint32_t *val);
bool rm_seq_write(struct gspm_rm *rm, uint32_t off, uint32_t val);
void rm_seq_advance(struct gspm_rm *rm, uint64_t now);

/* ---- vgpu.c -------------------------------------------------------------- */
struct rm_vgpu;
void rm_vgpu_reset(struct gspm_rm *rm);
/* A VGPU_MGR_INTERNAL control: true if handled (*status set). */
bool rm_vgpu_control(struct gspm_rm *rm, const struct rm_object *obj, uint32_t cmd,
		     uint8_t *params, uint32_t size, uint32_t *status);
void rm_vgpu_freed(struct gspm_rm *rm, uint32_t h_client, uint32_t h_object);
void rm_vgpu_unloading(struct gspm_rm *rm);
bool rm_vgpu_read(struct gspm_rm *rm, uint32_t off, uint32_t *val);
bool rm_vgpu_write(struct gspm_rm *rm, uint32_t off, uint32_t val);

/* Little-endian words of a parameter buffer, unaligned. */
static inline uint32_t rm_rd32(const uint8_t *p, uint32_t off)
{
	uint32_t v;

	memcpy(&v, p + off, 4);
	return v;
}

static inline uint64_t rm_rd64(const uint8_t *p, uint32_t off)
{
	uint64_t v;

	memcpy(&v, p + off, 8);
	return v;
}

/* ---- ce.c ---------------------------------------------------------------- */
struct rm_ce;
void rm_ce_reset(struct gspm_rm *rm);
/* The copy-engine channel and copy-engine classes of this chip. */
bool rm_ce_owns_class(const struct gspm_rm *rm, uint32_t h_class);
/* GSP_RM_ALLOC of one of them (parent checked by the caller): an NV status. */
uint32_t rm_ce_alloc(struct gspm_rm *rm, uint32_t h_client, uint32_t h_parent, uint32_t parent_class,
		     uint32_t h_object, uint32_t h_class, const uint8_t *params, uint32_t size);
void rm_ce_freed(struct gspm_rm *rm);		/* after a FREE */
bool rm_ce_control(struct gspm_rm *rm, const struct rm_object *obj, uint32_t cmd, uint8_t *params,
		   uint32_t size, uint32_t *status);
bool rm_ce_write(struct gspm_rm *rm, uint32_t off, uint32_t val);	/* the usermode doorbell */
/* The vGPU lifecycle as the scrub rules see it (vgpu.c). */
void rm_ce_bootload(struct gspm_rm *rm, uint32_t gfid, uint64_t fb, uint64_t fb_len,
		    uint64_t heap, uint64_t heap_len);
void rm_ce_plugin_reset(struct gspm_rm *rm, uint32_t gfid);
void rm_ce_cleanup(struct gspm_rm *rm, uint32_t gfid);
/* A scrub still owed at `when` is a violation. */
void rm_ce_checkpoint(struct gspm_rm *rm, const char *when);
/* FB words [a, b) were written (fb.c): no longer zero since a scrub. */
void rm_ce_fb_written(struct gspm_rm *rm, uint64_t a, uint64_t b);

/* ---- fb.c: the framebuffer's contents (rm_fb_read32/write32 in model.h) -- */
struct rm_fb;
void rm_fb_reset(struct gspm_rm *rm);
/* Every kept word in [a, b) set to val (the copy engine's memset). */
void rm_fb_fill32(struct gspm_rm *rm, uint64_t a, uint64_t b, uint32_t val);
/* rpc.c: the FB size GSP-RM reports. */
uint64_t rm_fb_size(struct gspm_rm *rm);

/* The registers CORE_RESUME's steps write, snooped on their way to hw (seq.c). */
#define RM_SEQ_GSP_ENGINE	(HW_GSP_BASE + HW_FALCON_ENGINE)
#define RM_SEQ_GSP_FALCON_OS	(HW_GSP_BASE + NV_PFALCON_FALCON_OS)

static inline bool rm_seq_snooped(uint32_t off)
{
	return off == RM_SEQ_GSP_ENGINE || off == RM_SEQ_GSP_FALCON_OS;
}

/*
 * For gspm.c: registers rm answers even if hw would not (the sequencer's
 * scratch pair and the snooped writes).  Inline: gspm.c asks at every MMIO
 * access, and four compares cost less than the call.
 */
static inline bool gspm_rm_owns_reg(uint32_t off)
{
	return off == RM_SEQ_REG_DATA || off == RM_SEQ_REG_ACK || rm_seq_snooped(off);
}

#endif
