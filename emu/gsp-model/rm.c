/* SPDX-License-Identifier: MIT */
/*
 * gsp-model rm half: GSP-RM once the RISC-V core runs (model.h).
 *
 * Life cycle (protocol.md §3.4, §3.5):
 *   gspm_rm_start (hw's booter-load) reads the LibOS arguments at GSP
 *   MAILBOX0/1, checks the log buffers and RMARGS, reads the shared
 *   region's PTE array; RM_BOOT_NS later it checks the host's command queue
 *   header, initialises the status queue header, consumes the two pre-boot
 *   RPCs (no reply, protocol.md §8.1), sends GSP_RUN_CPU_SEQUENCER (seq.c), waits
 *   for the host to perform it, sends INIT_DONE and runs.  Commands are
 *   then processed strictly in order, RM_CMD_NS (+ PRNG jitter) apart.
 *
 * Everything is driven by gspm_rm_advance on the virtual clock; MMIO hooks
 * (doorbell, sequencer registers) only record and arm timers.
 */
#include <inttypes.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

_Static_assert(RM_MAX_FAULTS <= 32, "faults_armed has a bit per slot");

#define NEVER	UINT64_MAX

/* Internal RM objects reported in static info (hInternal*). */
#define RM_H_INT_CLIENT		0xc1e00004u
#define RM_H_INT_DEVICE		0xde1d0000u
#define RM_H_INT_SUBDEVICE	0x5d1d0000u

static const char *const fn_names[] = {
	[NV_VGPU_MSG_FUNCTION_NOP] = "NOP",
	[NV_VGPU_MSG_FUNCTION_SET_GUEST_SYSTEM_INFO] = "SET_GUEST_SYSTEM_INFO",
	[NV_VGPU_MSG_FUNCTION_FREE] = "FREE",
	[NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER] = "UNLOADING_GUEST_DRIVER",
	[NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO] = "GET_GSP_STATIC_INFO",
	[NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD] = "CONTINUATION_RECORD",
	[NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO] = "GSP_SET_SYSTEM_INFO",
	[NV_VGPU_MSG_FUNCTION_SET_REGISTRY] = "SET_REGISTRY",
	[NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL] = "GSP_RM_CONTROL",
	[NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC] = "GSP_RM_ALLOC",
};

const char *rm_function_name(const struct gspm_rm *rm, uint32_t fn)
{
	const char *s = NULL;

	if (fn < sizeof(fn_names) / sizeof(fn_names[0]))
		s = fn_names[fn];
	else if (rm->rel->event_name)
		s = rm->rel->event_name(fn);
	return s ? s : "(unnamed function)";
}

const char *rm_state_name(enum rm_state s)
{
	static const char *const n[] = {
		[RM_OFF] = "off", [RM_BOOT_WAIT] = "boot-wait", [RM_PREBOOT] = "preboot-rpcs",
		[RM_SEQ_WAIT] = "sequencer-wait", [RM_SEQ_TIMEDOUT] = "sequencer-timed-out",
		[RM_INIT_WAIT] = "init-done-pending", [RM_RUNNING] = "running",
		[RM_SUSPENDING] = "suspending", [RM_SUSPENDED] = "suspended",
		[RM_UNLOADED] = "unloaded", [RM_DEAD] = "dead",
	};
	return s <= RM_DEAD ? n[s] : "?";
}

bool rm_alive(const struct gspm_rm *rm)
{
	return rm->state != RM_OFF && rm->state != RM_DEAD && rm->state != RM_UNLOADED;
}

/* ---- outbound records ----------------------------------------------------- */

/*
 * A record whose payload is copied in and fits a page is allocated for a
 * page and the last one freed is kept (out_free), as is a page-sized reply
 * buffer (rm_buf_get): a small RPC's round trip allocates nothing in the
 * model (two mallocs and two frees were about 4% of it, bench/RESULTS.md).
 * A record sharing a blob holds no payload: allocated to its size.
 */
#define RM_OUT_PAGE	(sizeof(struct rm_out) + RM_RPC_HDR + RM_PAGE)

static struct rm_out *out_alloc(struct gspm_rm *rm, bool blob, uint32_t len)
{
	struct rm_out *o;

	if (blob || len > RM_PAGE) {
		o = malloc(sizeof(*o) + RM_RPC_HDR + (blob ? 0 : len));
	} else {
		o = rm->out_spare ? rm->out_spare : malloc(RM_OUT_PAGE);
		rm->out_spare = NULL;
	}
	if (o)
		o->page = !blob && len <= RM_PAGE;
	return o;
}

/* Queue one record: its payload copied in, or (blob) pointing into the shared payload. */
static void out_push(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result,
		     const uint8_t *payload, uint32_t len, uint64_t not_before, unsigned int faults,
		     struct rm_blob *blob)
{
	struct rm_out *o = out_alloc(rm, blob, len);
	struct rpc_message_header_v h;

	if (!o) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "out of memory queueing %s", rm_function_name(rm, function));
		return;
	}
	memset(&h, 0, sizeof(h));
	h.header_version = NV_VGPU_MSG_HEADER_VERSION;
	h.signature = NV_VGPU_MSG_SIGNATURE_VALID;
	h.length = RM_RPC_HDR + len;
	h.function = function;
	h.rpc_result = rpc_result;
	h.rpc_result_private = rpc_result;
	memcpy(o->rpc, &h, sizeof(h));
	o->blob = blob;
	o->flip_from = o->flip_to = 0;
	if (blob) {
		/* The blob's flip range, where it falls in this record's payload. */
		uint32_t q = (uint32_t)(payload - blob->payload);
		uint32_t from = blob->flip_from > q ? blob->flip_from : q;
		uint32_t to = blob->flip_to < q + len ? blob->flip_to : q + len;

		if (from < to) {
			o->flip_from = from - q;
			o->flip_to = to - q;
		}
		blob->refs++;
		o->payload = payload;
	} else {
		if (len)
			memcpy(o->rpc + RM_RPC_HDR, payload, len);
		o->payload = o->rpc + RM_RPC_HDR;
	}
	o->next = NULL;
	o->len = RM_RPC_HDR + len;
	o->not_before = not_before;
	o->faults = faults;
	/* A reordered record waits for the next one to overtake it, 1 ms at most. */
	if (faults & RM_OUT_REORDER)
		o->not_before += RM_REORDER_NS;
	o->is_event = function >= rm->rel->ev_first;
	if (rm->out_tail)
		rm->out_tail->next = o;
	else
		rm->out_head = o;
	rm->out_tail = o;
	rm->out_len++;
}

/*
 * Large payload buffers (a reply's, more than a page) are kept, one, for the
 * next: a 256 KiB buffer malloc'd and freed per large RPC, beside the
 * driver's own, made glibc trim its heap and fault it back in every time
 * (bench/RESULTS.md, rpc14b).  The larger one is kept, across boots too
 * (reset_runtime), and handed from a destroyed model to the next one in
 * the process (buf_kept): the vGPU manager's 334,344-byte
 * PGPU_ADD_VGPU_TYPE, sent and answered at every vGPU-capable boot, made a
 * fresh one per boot (filled by malloc, and again by free, under meson's
 * MALLOC_PERTURB_, and faulted in) a sixth of an ad102 stress seed
 * (bench/RESULTS.md, branch attach).  Its bytes are never read before the
 * model writes them: what a boot sees does not depend on its past.
 */
static uint8_t *buf_kept;

/* The kept buffer for a new model's spare (NULL: none). */
static uint8_t *buf_adopt(void)
{
	return __atomic_exchange_n(&buf_kept, NULL, __ATOMIC_ACQUIRE);
}

/* A destroyed model's spare kept for the next model, or freed (one is kept: the larger). */
static void buf_leave(uint8_t *buf)
{
	uint8_t *old, *none = NULL;

	if (!GSPM_KEEP_STATE || !buf) {
		free(buf);
		return;
	}
	old = buf_adopt();
	if (old && malloc_usable_size(old) > malloc_usable_size(buf)) {
		uint8_t *t = old;

		old = buf;
		buf = t;
	}
	free(old);
	if (!__atomic_compare_exchange_n(&buf_kept, &none, buf, false, __ATOMIC_RELEASE,
					 __ATOMIC_RELAXED))
		free(buf);
}

uint8_t *rm_buf_get(struct gspm_rm *rm, size_t len)
{
	uint8_t *buf = rm->spare;

	if (len <= RM_PAGE) {
		buf = rm->small_spare;
		rm->small_spare = NULL;
		return buf ? buf : malloc(RM_PAGE);
	}
	if (buf && malloc_usable_size(buf) >= len) {
		rm->spare = NULL;
		return buf;
	}
	return malloc(len);
}

void rm_buf_put(struct gspm_rm *rm, uint8_t *buf)
{
	size_t cap = buf ? malloc_usable_size(buf) : 0;

	if (cap >= RM_PAGE && cap < 2 * RM_PAGE && !rm->small_spare) {
		rm->small_spare = buf;
	} else if (cap > RM_PAGE && (!rm->spare || cap > malloc_usable_size(rm->spare))) {
		free(rm->spare);
		rm->spare = buf;
	} else {
		free(buf);
	}
}

static void out_free(struct gspm_rm *rm, struct rm_out *o)
{
	if (o->blob && !--o->blob->refs) {
		rm_buf_put(rm, o->blob->buf);
		free(o->blob);
	}
	if (o->page && !rm->out_spare)
		rm->out_spare = o;
	else
		free(o);
}

/*
 * Queue a reply or event.  Larger than one element: a first record with
 * the original function and 0xFFB0 payload bytes, then CONTINUATION_RECORDs
 * (protocol.md §1.5).
 */
static void post_records(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result,
			 const uint8_t *p, size_t len, uint64_t delay_ns, unsigned int faults,
			 struct rm_blob *blob)
{
	uint64_t at = gspm_now(rm->m) + delay_ns;
	size_t off = 0;
	uint8_t *damaged = NULL;
	uint32_t announce = 0;

	if (function >= rm->rel->ev_first)
		damaged = rm_event_fault(rm, function, &p, &len, &announce);
	/* A damaged event is its own copy: its records copy it, never share the original. */
	if (damaged)
		blob = NULL;

	do {
		uint32_t chunk = len - off > RM_MAX_CHUNK ? RM_MAX_CHUNK : (uint32_t)(len - off);

		out_push(rm, off ? NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD : function,
			 rpc_result, p ? p + off : NULL, chunk, off ? at + rm->rest_delay_ns : at,
			 off ? 0 : faults, blob);
		/* GSPM_FAULT_EVENT_OVERSIZED: the first record announces the whole. */
		if (!off && announce && rm->out_tail)
			memcpy(rm->out_tail->rpc + offsetof(struct rpc_message_header_v, length),
			       &announce, sizeof(announce));
		off += chunk;
	} while (off < len);
	free(damaged);
}

void rm_post(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result,
	     const void *payload, size_t len, uint64_t delay_ns, unsigned int faults)
{
	if (rm->state != RM_DEAD)
		post_records(rm, function, rpc_result, payload, len, delay_ns, faults, NULL);
}

/*
 * A payload of a page or less is copied into its record (one allocation);
 * a larger one is shared by its records, never copied.
 */
void rm_post_take(struct gspm_rm *rm, uint32_t function, uint32_t rpc_result, uint8_t *buf,
		  uint8_t *payload, size_t len, uint32_t flip_from, uint32_t flip_to,
		  uint64_t delay_ns, unsigned int faults)
{
	struct rm_blob *blob = len > RM_PAGE ? malloc(sizeof(*blob)) : NULL;

	if (!blob) {
		/* Copied: the flip applied first, in place. */
		if (flip_from < flip_to)
			rm_copy_xor(payload + flip_from, payload + flip_from, flip_to - flip_from, RM_ECHO_FLIP);
		rm_post(rm, function, rpc_result, payload, len, delay_ns, faults);
		rm_buf_put(rm, buf);	/* freed, or kept for the next (a page, or large) */
		return;
	}
	blob->refs = 0;
	blob->buf = buf;
	blob->payload = payload;
	blob->flip_from = flip_from;
	blob->flip_to = flip_to;
	if (rm->state != RM_DEAD)
		post_records(rm, function, rpc_result, payload, len, delay_ns, faults, blob);
	if (!blob->refs) {
		rm_buf_put(rm, buf);
		free(blob);
	}
}

void rm_boot_events(struct gspm_rm *rm, enum gspm_boot_phase phase)
{
	for (size_t i = 0; i < rm->rel->n_boot_events; i++) {
		const struct gspm_boot_event *e = &rm->rel->boot_events[i];

		if (e->phase == phase)
			rm_post(rm, e->function, NV_OK, e->payload, e->len, 0, false);
	}
}

static void out_clear(struct gspm_rm *rm)
{
	while (rm->out_head) {
		struct rm_out *o = rm->out_head;

		rm->out_head = o->next;
		out_free(rm, o);
	}
	rm->out_tail = NULL;
	rm->out_len = 0;
	rm->poll_at = NEVER;
}

/* Post what fits; remember to look again if the status queue is full. */
static void pump(struct gspm_rm *rm, uint64_t now)
{
	bool posted = false;

	while (rm->out_head && rm->out_head->not_before <= now && rm_alive(rm)) {
		struct rm_out *o = rm->out_head;
		int r;

		/* GSPM_FAULT_REORDER: the record behind it goes first. */
		if ((o->faults & RM_OUT_REORDER) && o->next) {
			rm->out_head = o->next;
			o->next = rm->out_head->next;
			rm->out_head->next = o;
			if (rm->out_tail == rm->out_head)
				rm->out_tail = o;
			o->faults &= ~RM_OUT_REORDER;
			o = rm->out_head;
		}
		r = rm_msgq_post(rm, o);

		if (rm->state == RM_DEAD)
			return;		/* a strict violation halted RM; o is gone */
		if (r == 1) {
			/* Full: wait (never overwrite), backing off the re-check. */
			rm->poll_at = now + rm->poll_step;
			rm->poll_step = rm->poll_step * 2 > RM_POLL_MAX_NS ? RM_POLL_MAX_NS : rm->poll_step * 2;
			break;
		}
		if (r < 0)
			gspm_log(rm->m, GSPM_LOG_ERROR, "dropped %s: status queue not writable",
				 rm_function_name(rm, ((const struct rpc_message_header_v *)o->rpc)->function));
		else
			posted = true;
		/* GSPM_FAULT_SEQ_DUP: the same element once more, with the same seqNum. */
		if (!r && (o->faults & RM_OUT_SEQ_DUP)) {
			o->faults = (o->faults & ~(RM_OUT_SEQ_DUP | RM_OUT_SEQ_WRONG)) | RM_OUT_REPEAT;
			continue;
		}
		rm->out_head = o->next;
		if (!rm->out_head)
			rm->out_tail = NULL;
		rm->out_len--;
		out_free(rm, o);
		rm->poll_at = NEVER;
		rm->poll_step = RM_POLL_MIN_NS;
	}
	if (posted) {
		/* Doorbell to the host: SWGEN0 after the write pointer moved (protocol.md §1.4). */
		gspm_hw_gsp_raise_swgen0(gspm_hw_of(rm->m));
		gspm_update_irq(rm->m);
		rm->st.irqs_raised++;
	}
}

/* ---- faults ----------------------------------------------------------------- */

/*
 * Six or more hooks run for every command; with nothing armed (every
 * benchmark and most tests) each is one test of the mask.
 */
bool rm_take_fault(struct gspm_rm *rm, enum gspm_fault f, uint32_t fn, uint64_t *arg)
{
	for (uint32_t armed = rm->faults_armed; armed; armed &= armed - 1) {
		int i = __builtin_ctz(armed);
		struct rm_fault *x = &rm->faults[i];

		if (x->fault != f || (x->function != UINT32_MAX && x->function != fn))
			continue;
		if (x->after) {
			x->after--;
			continue;
		}
		if (!--x->count)
			rm->faults_armed &= ~(1u << i);
		if (arg)
			*arg = x->arg;
		return true;
	}
	return false;
}

void gspm_rm_inject(struct gspm_rm *rm, enum gspm_fault fault, uint32_t function,
		    uint64_t arg, unsigned int count)
{
	gspm_rm_inject_after(rm, fault, function, arg, count, 0);
}

int gspm_rm_function_by_name(const struct gspm_rm *rm, const char *name, uint32_t *fn)
{
	/* Functions are below the release's first event; events follow it. */
	for (uint32_t f = 0; f < rm->rel->ev_first + 0x100; f++) {
		const char *n = f < rm->rel->ev_first && f >= rm->rel->num_functions ? NULL :
				rm_function_name(rm, f);

		if (n && !strcmp(n, name)) {
			*fn = f;
			return 0;
		}
	}
	return -1;
}

void gspm_rm_inject_after(struct gspm_rm *rm, enum gspm_fault fault, uint32_t function,
			  uint64_t arg, unsigned int count, uint64_t after)
{
	if (fault == GSPM_FAULT_NONE) {
		/* Clear everything pending for this function (or all). */
		for (int i = 0; i < RM_MAX_FAULTS; i++)
			if (function == UINT32_MAX || rm->faults[i].function == function) {
				rm->faults[i].count = 0;
				rm->faults_armed &= ~(1u << i);
			}
		return;
	}
	for (int i = 0; i < RM_MAX_FAULTS; i++) {
		if (rm->faults[i].count)
			continue;
		rm->faults[i] = (struct rm_fault){ fault, function, arg, count, after };
		if (count)
			rm->faults_armed |= 1u << i;
		gspm_log(rm->m, GSPM_LOG_INFO, "fault %d armed for %u command(s) of %s (arg %" PRIu64 ")",
			 (int)fault, count, function == UINT32_MAX ? "any function" : rm_function_name(rm, function), arg);
		return;
	}
	gspm_log(rm->m, GSPM_LOG_ERROR, "too many faults armed (max %d)", RM_MAX_FAULTS);
}

/* ---- life cycle ----------------------------------------------------------- */

static void reset_runtime(struct gspm_rm *rm)
{
	rm_vgpu_reset(rm);
	rm_ce_reset(rm);
	rm_fb_reset(rm);
	out_clear(rm);
	while (rm->events) {
		struct rm_timed_event *e = rm->events;

		rm->events = e->next;
		free(e);
	}
	rm_buf_put(rm, rm->asm_buf);	/* the spare: the larger of the two kept */
	rm->asm_buf = NULL;
	rm->asm_active = false;
	rm->asm_cap = 0;
	free(rm->pte);
	rm->pte = NULL;
	rm->pte_count = 0;
	rm->shm_cpu = NULL;
	free(rm->cmd_buf);
	rm->cmd_buf = NULL;
	free(rm->stat_dirty);
	rm->stat_dirty = NULL;
	for (unsigned int i = 0; i < rm->n_regkeys; i++)
		free(rm->regkeys[i]);
	rm->n_regkeys = 0;
	rm_objects_free(rm);
	rm->boot_at = rm->cmd_at = rm->poll_at = rm->unload_at = rm->init_done_at = NEVER;
	rm->seq_flip_at = rm->seq_timeout_at = rm->seq_ack_seen_at = NEVER;
	rm->unsignalled_since = NEVER;
	rm->stall_until = 0;
	rm->poll_step = RM_POLL_MIN_NS;
	rm->reported_missed_wp = UINT32_MAX;
	rm->reported_bad_rp = UINT32_MAX;
	rm->rx_seq = rm->tx_seq = 0;
	rm->cmd_rp = rm->host_wp = rm->stat_wp = rm->host_rp = 0;
	rm->got_sysinfo = rm->got_registry = false;
	rm->seq_stage = 0;
}

struct gspm_rm *gspm_rm_create(struct gspm *m, char *err, size_t errlen)
{
	struct gspm_rm *rm = calloc(1, sizeof(*rm));

	if (!rm) {
		snprintf(err, errlen, "gspm_rm_create: out of memory");
		return NULL;
	}
	rm->m = m;
	rm->rel = gspm_release_find(gspm_cfg(m)->fw_release);
	if (!rm->rel) {
		snprintf(err, errlen, "gspm_rm_create: firmware release \"%s\" is not modelled",
			 gspm_cfg(m)->fw_release ? gspm_cfg(m)->fw_release : "(null)");
		free(rm);
		return NULL;
	}
	rm->h_int_client = RM_H_INT_CLIENT;
	rm->h_int_device = RM_H_INT_DEVICE;
	rm->h_int_subdevice = RM_H_INT_SUBDEVICE;
	rm->spare = buf_adopt();
	reset_runtime(rm);
	rm->state = RM_OFF;
	return rm;
}

void gspm_rm_destroy(struct gspm_rm *rm)
{
	if (!rm)
		return;
	reset_runtime(rm);
	buf_leave(rm->spare);
	free(rm->small_spare);
	free(rm->out_spare);
	free(rm->objs);
	free(rm);
}

static void id8_name(uint64_t id8, char out[9])
{
	int n = 0;

	/* ASCII packed big-endian: first character most significant (protocol.md §3.3). */
	for (int sh = 56; sh >= 0; sh -= 8) {
		char c = (char)(id8 >> sh);

		if (c)
			out[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
	}
	out[n] = 0;
}

static uint64_t id8_of(const char *s)
{
	uint64_t v = 0;

	while (*s)
		v = (v << 8) | (uint8_t)*s++;
	return v;
}

static int check_region(struct gspm_rm *rm, const struct LibosMemoryRegionInitArgument *a,
			const char *name)
{
	if (a->kind != LIBOS_MEMORY_REGION_CONTIGUOUS) {
		gspm_violate(rm->m, "LibOS args %s: kind expected %u (CONTIGUOUS), found %u",
			     name, LIBOS_MEMORY_REGION_CONTIGUOUS, a->kind);
		return -1;
	}
	if (a->loc != LIBOS_MEMORY_REGION_LOC_SYSMEM) {
		gspm_violate(rm->m, "LibOS args %s: loc expected %u (SYSMEM), found %u",
			     name, LIBOS_MEMORY_REGION_LOC_SYSMEM, a->loc);
		return -1;
	}
	if (!a->pa || (a->pa & (RM_PAGE - 1))) {
		gspm_violate(rm->m, "LibOS args %s: pa 0x%" PRIx64 " is not a page address", name, a->pa);
		return -1;
	}
	return 0;
}

/* Log buffer: u64[0] put pointer, u64[1..] bus address of each page (protocol.md §3.3). */
static int check_log_buffer(struct gspm_rm *rm, const struct LibosMemoryRegionInitArgument *a,
			    const char *name)
{
	uint64_t pages, ptes[RM_PAGE / 8];

	if (check_region(rm, a, name))
		return -1;
	if (!a->size || (a->size & (RM_PAGE - 1))) {
		gspm_violate(rm->m, "LibOS args %s: size 0x%" PRIx64 " is not a non-zero number of pages", name, a->size);
		return -1;
	}
	pages = a->size / RM_PAGE;
	if (pages + 1 > RM_PAGE / 8) {
		gspm_violate(rm->m, "LibOS args %s: size 0x%" PRIx64 " needs a PTE list longer than the first page",
			     name, a->size);
		return -1;
	}
	if (gspm_dma_read(rm->m, a->pa, ptes, (size_t)(pages + 1) * 8, name))
		return -1;
	for (uint64_t i = 0; i < pages; i++) {
		uint64_t pte = ptes[1 + i];

		if (!pte || (pte & (RM_PAGE - 1)) || (i == 0 && pte != a->pa)) {
			gspm_violate(rm->m, "LibOS args %s: PTE %" PRIu64 " (u64[%" PRIu64 "]) is 0x%" PRIx64 ", expected %s",
				     name, i, i + 1, pte, i == 0 ? "the buffer's own first page" : "a page address");
			return -1;
		}
	}
	return 0;
}

static int parse_libos_args(struct gspm_rm *rm)
{
	static const char *const required[] = { "LOGINIT", "LOGINTR", "LOGRM", "RMARGS" };
	struct LibosMemoryRegionInitArgument args[RM_PAGE / sizeof(struct LibosMemoryRegionInitArgument)];
	bool seen[4] = { false };
	uint8_t rmargs[RM_PAGE];
	int bad = 0;

	if (!rm->libos_args_pa) {
		gspm_violate(rm->m, "GSP MAILBOX0/1 (LibOS arguments bus address) is 0 at RISC-V start");
		return -1;
	}
	if (gspm_dma_read(rm->m, rm->libos_args_pa, args, sizeof(args), "LibOS init arguments"))
		return -1;
	for (size_t i = 0; i < sizeof(args) / sizeof(args[0]) && args[i].id8; i++) {
		char name[9];
		int k;

		id8_name(args[i].id8, name);
		for (k = 0; k < 4; k++)
			if (args[i].id8 == id8_of(required[k]))
				break;
		if (k == 4) {
			gspm_log(rm->m, GSPM_LOG_INFO, "LibOS args: region %zu \"%s\" (0x%" PRIx64 ") not used by the model",
				 i, name, args[i].id8);
			continue;
		}
		if (seen[k]) {
			gspm_violate(rm->m, "LibOS args: region %s appears twice (entry %zu)", name, i);
			bad = 1;
			continue;
		}
		seen[k] = true;
		if (k < 3) {
			bad |= check_log_buffer(rm, &args[i], name) ? 1 : 0;
			continue;
		}
		if (check_region(rm, &args[i], name)) {
			bad = 1;
			continue;
		}
		if (args[i].size < rm->rel->rmargs_size) {
			gspm_violate(rm->m, "LibOS args RMARGS: size 0x%" PRIx64 " smaller than GSP_ARGUMENTS_CACHED (0x%zx)",
				     args[i].size, rm->rel->rmargs_size);
			bad = 1;
			continue;
		}
		if (gspm_dma_read(rm->m, args[i].pa, rmargs, rm->rel->rmargs_size, "RMARGS (GSP_ARGUMENTS_CACHED)")) {
			bad = 1;
			continue;
		}
		rm->rel->parse_rmargs(rmargs, &rm->args);
	}
	for (int k = 0; k < 4; k++)
		if (!seen[k]) {
			gspm_violate(rm->m, "LibOS args: required region %s missing", required[k]);
			bad = 1;
		}
	if (bad)
		return -1;
	if (rm->args.sr_in_pm_transition || rm->args.sr_old_level)
		gspm_log(rm->m, GSPM_LOG_INFO, "RMARGS asks for a resume (oldLevel %u, bInPMTransition %u); the model cold-boots",
			 rm->args.sr_old_level, rm->args.sr_in_pm_transition);
	return rm_msgq_setup(rm);
}

void gspm_rm_start(struct gspm_rm *rm)
{
	struct gspm_hw *hw = gspm_hw_of(rm->m);

	if (rm->state != RM_OFF && rm->state != RM_UNLOADED) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "RISC-V started again while GSP-RM is %s", rm_state_name(rm->state));
		return;
	}
	/* GSPM_FAULT_RISCV_HANG: the core booter-load started never runs. */
	if (gspm_hw_take_riscv_hang(hw))
		return;
	reset_runtime(rm);
	rm->libos_args_pa = (uint64_t)gspm_hw_gsp_mailbox(hw, 0) | ((uint64_t)gspm_hw_gsp_mailbox(hw, 1) << 32);
	rm->state = RM_BOOT_WAIT;
	if (parse_libos_args(rm)) {
		/* Real firmware would hang here: the host sees no status queue. */
		gspm_log(rm->m, GSPM_LOG_ERROR, "GSP-RM cannot start: bad LibOS arguments at 0x%" PRIx64 "; it stays booting",
			 rm->libos_args_pa);
		return;
	}
	rm->boot_at = gspm_now(rm->m) + RM_BOOT_NS + gspm_rand(rm->m) % 50000;
	gspm_log(rm->m, GSPM_LOG_DEBUG, "GSP-RM starting: LibOS args at 0x%" PRIx64 ", shared region at 0x%" PRIx64 " (%u pages)",
		 rm->libos_args_pa, rm->args.shm_pa, rm->pte_count);
}

static void do_boot(struct gspm_rm *rm)
{
	if (rm_msgq_link(rm)) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "GSP-RM cannot link the message queues; it stays booting");
		rm->state = RM_BOOT_WAIT;
		return;
	}
	if (rm_objects_init(rm)) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "out of memory creating the internal RM objects");
		return;
	}
	rm->state = RM_PREBOOT;
	gspm_log(rm->m, GSPM_LOG_DEBUG, "status queue initialised (%u elements); %u pre-boot message(s) queued",
		 rm->statq.msg_count, rm_msgq_avail(rm));
	rm_boot_events(rm, GSPM_BOOT_BEFORE_SEQUENCER);
}

/* The pre-boot RPCs are consumed (or missing): run the CPU sequencer. */
static void finish_preboot(struct gspm_rm *rm)
{
	if (!rm->got_sysinfo)
		gspm_violate(rm->m, "pre-boot RPC GSP_SET_SYSTEM_INFO missing from the command queue at boot");
	if (!rm->got_registry)
		gspm_violate(rm->m, "pre-boot RPC SET_REGISTRY missing from the command queue at boot");
	if (rm->state == RM_PREBOOT)
		rm_seq_send(rm);
}

static void send_init_done(struct gspm_rm *rm)
{
	/* GSPM_FAULT_DIE armed on the INIT_DONE event: GSP-RM dies initialising. */
	if (rm_take_fault(rm, GSPM_FAULT_DIE, rm->rel->ev_init_done, NULL)) {
		gspm_log(rm->m, GSPM_LOG_ERROR, "injected death before GSP_INIT_DONE");
		gspm_rm_die(rm);
		return;
	}
	rm_boot_events(rm, GSPM_BOOT_BEFORE_INIT_DONE);
	rm_post(rm, rm->rel->ev_init_done, NV_OK, NULL, 0, 0, false);
	rm_boot_events(rm, GSPM_BOOT_AFTER_INIT_DONE);
	rm->state = RM_RUNNING;
	gspm_log(rm->m, GSPM_LOG_INFO, "GSP-RM running (INIT_DONE sent)");
}

/* ---- commands ----------------------------------------------------------- */

/*
 * The reassembly buffer outlives the command: kept (freed at reset) and
 * reused by the next large one, grown only past what it already has (for
 * the same reason as rm_buf_get's).
 */
static void asm_drop(struct gspm_rm *rm)
{
	rm->asm_active = false;
	rm->asm_len = rm->asm_total = 0;
}

static void asm_finish(struct gspm_rm *rm)
{
	uint8_t *buf = rm->asm_buf;
	uint32_t len = rm->asm_len;

	rm->asm_active = false;
	((struct rpc_message_header_v *)buf)->length = len;
	rm_rpc_dispatch(rm, buf, len);
	rm->asm_len = 0;
}

/*
 * The reassembly buffer at least cap bytes, what it holds kept.  None kept
 * (a reply took it, rpc.c): the spare, when it is large enough.  False: out
 * of memory, none left.
 */
static bool asm_reserve(struct gspm_rm *rm, uint32_t cap)
{
	uint8_t *nb;

	if (cap <= rm->asm_cap)
		return true;
	nb = rm->asm_buf ? realloc(rm->asm_buf, cap) : rm_buf_get(rm, cap);
	if (!nb) {
		free(rm->asm_buf);
		rm->asm_buf = NULL;
		rm->asm_cap = 0;
		return false;
	}
	rm->asm_buf = nb;
	rm->asm_cap = cap;
	return true;
}

uint8_t *rm_first_sink(struct gspm_rm *rm, const uint8_t *rpc, uint32_t have, uint32_t length,
		       uint32_t *room)
{
	uint64_t expect;

	/* process_one's test for the first record of a large command with an announced total. */
	if (rm->asm_active || have < RM_RPC_HDR)
		return NULL;
	expect = rm_rpc_expected_len(rpc, have);
	if (expect <= length - RM_RPC_HDR || expect > RM_MAX_RPC || !asm_reserve(rm, RM_RPC_HDR + (uint32_t)expect))
		return NULL;
	*room = rm->asm_cap;
	return rm->asm_buf;
}

/* p's n bytes after the rm->cmd_sunk that rm_msgq_peek put in place already. */
static bool asm_append(struct gspm_rm *rm, const uint8_t *p, uint32_t n)
{
	rm->asm_len += rm->cmd_sunk;
	rm->cmd_sunk = 0;

	if (rm->asm_len + (uint64_t)n > RM_RPC_HDR + (uint64_t)RM_MAX_RPC) {
		gspm_violate(rm->m, "large %s exceeds the model's %u-byte limit",
			     rm_function_name(rm, rm->asm_function), RM_MAX_RPC);
		asm_drop(rm);
		return false;
	}
	/* Sized once for an announced total: grown only past it. */
	if (rm->asm_len + n > rm->asm_cap) {
		uint32_t cap = rm->asm_len + n;

		if (!rm->asm_len && rm->asm_total && RM_RPC_HDR + rm->asm_total > cap)
			cap = RM_RPC_HDR + rm->asm_total;
		if (!asm_reserve(rm, cap)) {
			gspm_log(rm->m, GSPM_LOG_ERROR, "out of memory reassembling %s", rm_function_name(rm, rm->asm_function));
			asm_drop(rm);
			return false;
		}
	}
	memcpy(rm->asm_buf + rm->asm_len, p, n);
	rm->asm_len += n;
	return true;
}

static bool asm_complete(const struct gspm_rm *rm, uint32_t last_len)
{
	if (rm->asm_total)
		return rm->asm_len - RM_RPC_HDR >= rm->asm_total;
	/* Total not derivable from the payload: a short record ends it. */
	return last_len < RM_MAX_RECORD;
}

static bool gate_open(const struct gspm_rm *rm, uint64_t now)
{
	switch (rm->state) {
	case RM_PREBOOT:
	case RM_RUNNING:
	case RM_SUSPENDING:
	case RM_SUSPENDED:
		break;
	default:
		return false;
	}
	/* A reply held back to be overtaken (GSPM_FAULT_REORDER) lets the next command run. */
	return (!rm->out_head || (rm->out_head->faults & RM_OUT_REORDER)) && now >= rm->stall_until;
}

static void process_one(struct gspm_rm *rm, uint64_t now)
{
	const struct rpc_message_header_v *rpc;
	uint32_t elems, fn, len;
	uint64_t arg;
	uint8_t *buf;
	int r;

	/* A continuation record's payload straight into the reassembly, when its total was announced. */
	rm->cmd_sink = rm->asm_active && rm->asm_total ? rm->asm_buf + rm->asm_len : NULL;
	rm->cmd_sink_room = rm->cmd_sink ? rm->asm_cap - rm->asm_len : 0;
	r = rm_msgq_peek(rm, &buf, &elems);
	if (r <= 0)
		return;
	rpc = (const void *)(buf + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE);
	fn = rpc->function;
	len = rpc->length;

	if (rm_take_fault(rm, GSPM_FAULT_STALL_QUEUE, fn, &arg)) {
		rm->stall_until = now + arg;
		gspm_log(rm->m, GSPM_LOG_INFO, "injected stall: command queue not consumed for %" PRIu64 " ns", arg);
		return;
	}
	if (rm->state == RM_PREBOOT && !rm->asm_active &&
	    fn != NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO && fn != NV_VGPU_MSG_FUNCTION_SET_REGISTRY) {
		/* Something else queued before boot: it waits until RM runs. */
		finish_preboot(rm);
		return;
	}
	rm_msgq_consume(rm, elems);
	rm->st.cmds_received++;
	if (fn < 256)
		rm->st.per_function[fn]++;
	if (rm->state == RM_SUSPENDING || rm->state == RM_SUSPENDED) {
		gspm_violate(rm->m, "%s sent after UNLOADING_GUEST_DRIVER", rm_function_name(rm, fn));
		return;
	}

	if (fn == NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD) {
		rm->st.continuation_records++;
		if (!rm->asm_active) {
			gspm_violate(rm->m, "CONTINUATION_RECORD (seqNum %u) with no large RPC in progress", rm->rx_seq - 1);
		} else if (asm_append(rm, (const uint8_t *)rpc + RM_RPC_HDR + rm->cmd_sunk,
				      len - RM_RPC_HDR - rm->cmd_sunk) &&
			   asm_complete(rm, len)) {
			asm_finish(rm);
		}
		return;
	}
	if (rm->asm_active) {
		if (rm->asm_total) {
			gspm_violate(rm->m, "expected CONTINUATION_RECORD (%u of %u payload bytes of %s received), found %s",
				     rm->asm_len - RM_RPC_HDR, rm->asm_total,
				     rm_function_name(rm, rm->asm_function), rm_function_name(rm, fn));
			asm_drop(rm);
		} else {
			asm_finish(rm);
		}
	}
	if (rm->state == RM_DEAD) {
		return;
	}

	{
		uint64_t expect = rm_rpc_expected_len((const uint8_t *)rpc, len);
		bool large = expect > len - RM_RPC_HDR || (!expect && len == RM_MAX_RECORD);

		if (large && expect > RM_MAX_RPC) {
			gspm_violate(rm->m, "%s announces %" PRIu64 " payload bytes, over the model's %u-byte limit",
				     rm_function_name(rm, fn), expect, RM_MAX_RPC);
		} else if (large) {
			rm->asm_active = true;
			rm->asm_function = fn;
			rm->asm_total = (uint32_t)expect;	/* <= RM_MAX_RPC */
			rm->asm_len = 0;
			/* Its first rm->cmd_sunk bytes are in place already (rm_first_sink). */
			asm_append(rm, (const uint8_t *)rpc + rm->cmd_sunk, len - rm->cmd_sunk);
		} else {
			rm_rpc_dispatch(rm, (const uint8_t *)rpc, len);
		}
	}
}

/* ---- the clock --------------------------------------------------------- */

static void arm_cmd(struct gspm_rm *rm, uint64_t now)
{
	if (rm->cmd_at != NEVER || !gate_open(rm, now))
		return;
	if (rm_msgq_avail(rm)) {
		rm->cmd_at = now + RM_CMD_NS + gspm_rand(rm->m) % RM_CMD_JITTER_NS;
	} else if (rm->state == RM_PREBOOT) {
		if (rm->asm_active && !rm->asm_total)
			asm_finish(rm);
		finish_preboot(rm);
	}
}

/* Host moved writePtr without ringing QUEUE_HEAD(0)? (DESIGN.md 7) */
static void watch_doorbell(struct gspm_rm *rm, uint64_t now)
{
	uint32_t wp;
	uint8_t v[4];

	if (rm->state < RM_PREBOOT || !rm_alive(rm))
		return;
	if (rm_shm_read(rm, rm->cmdq.off + 0x10, v, 4, "command queue writePtr"))
		return;
	memcpy(&wp, v, 4);
	if (wp >= rm->cmdq.msg_count || wp == rm->host_wp) {
		rm->unsignalled_since = NEVER;
		return;
	}
	if (rm->unsignalled_since == NEVER || rm->unsignalled_wp != wp) {
		rm->unsignalled_since = now;
		rm->unsignalled_wp = wp;
	}
	if (now - rm->unsignalled_since >= RM_DOORBELL_GRACE_NS && rm->reported_missed_wp != wp) {
		rm->reported_missed_wp = wp;
		gspm_violate(rm->m, "missed doorbell: command queue writePtr moved from %u to %u but QUEUE_HEAD(0) was not written for %u us",
			     rm->host_wp, wp, RM_DOORBELL_GRACE_NS / 1000);
	}
}

static uint64_t next_internal(const struct gspm_rm *rm)
{
	uint64_t t = NEVER;

#define MIN_T(x) do { if ((x) < t) t = (x); } while (0)
	if (rm->state == RM_OFF || rm->state == RM_DEAD || rm->state == RM_UNLOADED)
		return NEVER;
	MIN_T(rm->boot_at);
	MIN_T(rm->seq_flip_at);
	MIN_T(rm->seq_timeout_at);
	MIN_T(rm->init_done_at);
	MIN_T(rm->unload_at);
	MIN_T(rm->cmd_at);
	if (rm->out_head)
		MIN_T(rm->poll_at != NEVER ? rm->poll_at : rm->out_head->not_before);
	if (rm->events && rm->state == RM_RUNNING)
		MIN_T(rm->events->at);
	if (rm->stall_until && rm->stall_until != NEVER && rm->cmd_at == NEVER && rm_msgq_avail(rm))
		MIN_T(rm->stall_until);
	if (rm->unsignalled_since != NEVER && rm->reported_missed_wp != rm->unsignalled_wp)
		MIN_T(rm->unsignalled_since + RM_DOORBELL_GRACE_NS);
#undef MIN_T
	return t;
}

static void step(struct gspm_rm *rm, uint64_t now)
{
	if (rm->boot_at <= now) {
		rm->boot_at = NEVER;
		do_boot(rm);
	}
	rm_seq_advance(rm, now);
	if (rm->init_done_at <= now) {
		rm->init_done_at = NEVER;
		send_init_done(rm);
	}
	if (rm->unload_at <= now) {
		rm->unload_at = NEVER;
		gspm_hw_gsp_set_mailbox(gspm_hw_of(rm->m), 0, HW_GSP_MAILBOX0_SUSPENDED);
		gspm_hw_gsp_halt(gspm_hw_of(rm->m));
		rm->state = RM_SUSPENDED;
		gspm_log(rm->m, GSPM_LOG_INFO, "GSP-RM suspended (MAILBOX0 = 0x%08x)", HW_GSP_MAILBOX0_SUSPENDED);
	}
	while (rm->events && rm->events->at <= now && rm->state == RM_RUNNING) {
		struct rm_timed_event *e = rm->events;

		rm->events = e->next;
		rm_post(rm, e->function, NV_OK, e->payload, e->len, 0, false);
		free(e);
	}
	if (rm->out_head && (rm->poll_at == NEVER || rm->poll_at <= now))
		pump(rm, now);
	if (rm->stall_until && rm->stall_until <= now)
		rm->stall_until = 0;
	if (rm->cmd_at <= now) {
		rm->cmd_at = NEVER;
		if (gate_open(rm, now))
			process_one(rm, now);
	}
	/* A reply may have been queued: post it in the same instant. */
	if (rm->out_head && rm->poll_at == NEVER && rm->out_head->not_before <= now)
		pump(rm, now);
	if (rm_alive(rm))
		arm_cmd(rm, now);
	watch_doorbell(rm, now);
}

void gspm_rm_advance(struct gspm_rm *rm, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < 100000 && next_internal(rm) <= now; i++)
		step(rm, now);
	if (i == 100000)
		gspm_log(rm->m, GSPM_LOG_ERROR, "rm: deadline stuck at %" PRIu64 " ns", next_internal(rm));
	/* Sample the host's write pointer at every advance (missed doorbells). */
	watch_doorbell(rm, now);
}

uint64_t gspm_rm_next_deadline(const struct gspm_rm *rm)
{
	return next_internal(rm);
}

/* ---- MMIO hooks ------------------------------------------------------------ */

bool gspm_rm_read(struct gspm_rm *rm, uint32_t off, uint32_t *val)
{
	return rm_seq_read(rm, off, val) || rm_vgpu_read(rm, off, val);
}

bool gspm_rm_write(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	return rm_seq_write(rm, off, val) || rm_vgpu_write(rm, off, val) || rm_ce_write(rm, off, val);
}

void gspm_rm_doorbell(struct gspm_rm *rm, int queue)
{
	uint32_t wp;

	rm->st.doorbells++;
	if (queue != 0) {
		/*
		 * Assumption (docs/hw-fidelity.md "Doorbell and message queues"):
		 * the public drivers ring only QUEUE_HEAD(0); nothing public says
		 * another index is refused, so it is logged and ignored.
		 */
		gspm_log(rm->m, GSPM_LOG_INFO, "doorbell on QUEUE_HEAD(%d): only queue 0 (the RM queue) is modelled; ignored", queue);
		return;
	}
	if (rm->state == RM_OFF) {
		/*
		 * nouveau r535_gsp_cmdq_push and nova-core Cmdq::notify_gsp ring
		 * the doorbell after every command, the pre-boot RPCs included,
		 * before the GSP runs: harmless, the GSP reads the queue at boot.
		 */
		gspm_log(rm->m, GSPM_LOG_INFO, "doorbell on QUEUE_HEAD(0) before the GSP RISC-V core runs: the queue is read at boot");
		return;
	}
	if (rm->state < RM_PREBOOT || !rm_alive(rm)) {
		gspm_log(rm->m, GSPM_LOG_INFO, "doorbell while GSP-RM is %s: ignored", rm_state_name(rm->state));
		return;
	}
	rm_msgq_check_owned(rm, "seen at doorbell");
	if (rm_msgq_read_host_wp(rm, &wp))
		return;
	if (wp == rm->host_wp) {
		gspm_log(rm->m, GSPM_LOG_INFO, "spurious doorbell: command queue writePtr still %u", wp);
		return;
	}
	if (rm->state == RM_SUSPENDING || rm->state == RM_SUSPENDED)
		gspm_violate(rm->m, "doorbell with new commands after UNLOADING_GUEST_DRIVER (writePtr %u -> %u)",
			     rm->host_wp, wp);
	rm->host_wp = wp;
	rm->unsignalled_since = NEVER;
	arm_cmd(rm, gspm_now(rm->m));
}

/* ---- host-facing hooks ----------------------------------------------------- */

bool gspm_rm_suspended(const struct gspm_rm *rm)
{
	return rm->state == RM_SUSPENDED;
}

void gspm_rm_stop(struct gspm_rm *rm)
{
	if (rm->state != RM_SUSPENDED && rm->state != RM_DEAD && rm->state != RM_OFF)
		gspm_violate(rm->m, "booter-unload while GSP-RM is %s (UNLOADING_GUEST_DRIVER not completed)",
			     rm_state_name(rm->state));
	if (rm->state != RM_DEAD)
		rm->state = RM_UNLOADED;
	out_clear(rm);
	rm->boot_at = rm->cmd_at = rm->unload_at = rm->init_done_at = NEVER;
	rm->seq_flip_at = rm->seq_timeout_at = NEVER;
}

void gspm_rm_die(struct gspm_rm *rm)
{
	if (rm->state == RM_DEAD)
		return;
	gspm_log(rm->m, GSPM_LOG_ERROR, "GSP-RM halts (was %s)", rm_state_name(rm->state));
	rm->state = RM_DEAD;
	out_clear(rm);
	rm->boot_at = rm->cmd_at = rm->unload_at = rm->init_done_at = NEVER;
	rm->seq_flip_at = rm->seq_timeout_at = NEVER;
	gspm_hw_gsp_halt(gspm_hw_of(rm->m));
}

enum gspm_fw_state gspm_rm_state(const struct gspm_rm *rm)
{
	switch (rm->state) {
	case RM_OFF:
		return GSPM_FW_OFF;
	case RM_BOOT_WAIT:
	case RM_PREBOOT:
	case RM_SEQ_WAIT:
	case RM_SEQ_TIMEDOUT:
	case RM_INIT_WAIT:
		return GSPM_FW_BOOTING;
	case RM_RUNNING:
	case RM_SUSPENDING:
	case RM_SUSPENDED:
		return GSPM_FW_RUNNING;
	case RM_UNLOADED:
		return GSPM_FW_UNLOADED;
	case RM_DEAD:
		return GSPM_FW_DEAD;
	}
	return GSPM_FW_DEAD;
}

void gspm_rm_get_stats(const struct gspm_rm *rm, struct gspm_stats *st)
{
	*st = rm->st;
	st->live_objects = rm_live_objects(rm);
}

int gspm_rm_queue_event(struct gspm_rm *rm, uint64_t at_ns, uint32_t function,
			const void *payload, size_t len)
{
	struct rm_timed_event *e, **pp;

	if (rm->state != RM_RUNNING) {
		gspm_log(rm->m, GSPM_LOG_INFO, "queue_event 0x%x refused: GSP-RM is %s", function, rm_state_name(rm->state));
		return -1;
	}
	if (len > RM_MAX_CHUNK || (len && !payload) || function < rm->rel->ev_first) {
		gspm_log(rm->m, GSPM_LOG_INFO, "queue_event 0x%x refused: %s", function,
			 function < rm->rel->ev_first ? "not an event number" : "payload too large");
		return -1;
	}
	e = calloc(1, sizeof(*e) + len);
	if (!e)
		return -1;
	e->at = at_ns;
	e->function = function;
	e->len = (uint32_t)len;
	if (len)
		memcpy(e->payload, payload, len);
	/* Keep the list sorted by time, FIFO among equal times. */
	for (pp = &rm->events; *pp && (*pp)->at <= at_ns; pp = &(*pp)->next)
		;
	e->next = *pp;
	*pp = e;
	return 0;
}

size_t rm_describe_append(char *buf, size_t len, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	if (n >= len)
		return n;
	va_start(ap, fmt);
	r = vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
	if (r < 0)
		return n;
	return n + ((size_t)r < len - n ? (size_t)r : len - n - 1);
}

size_t gspm_rm_describe(const struct gspm_rm *rm, char *buf, size_t len)
{
	size_t n = 0;

	if (!len)
		return 0;
	buf[0] = 0;
	n = rm_describe_append(buf, len, n, "rm: state %s libos-args 0x%" PRIx64 " shm 0x%" PRIx64 " (%u pages)\n",
			       rm_state_name(rm->state), rm->libos_args_pa, rm->args.shm_pa, rm->pte_count);
	n = rm_describe_append(buf, len, n,
			       "rm: cmdq gsp-rp %u host-wp %u (of %u) rx-seq %u | statq gsp-wp %u host-rp %u (of %u) tx-seq %u\n",
			       rm->cmd_rp, rm->host_wp, rm->cmdq.msg_count, rm->rx_seq,
			       rm->stat_wp, rm->host_rp, rm->statq.msg_count, rm->tx_seq);
	n = rm_describe_append(buf, len, n, "rm: %u record(s) waiting for the status queue%s; %s\n",
			       rm->out_len, rm->poll_at != NEVER ? " (queue full)" : "",
			       rm->asm_active ? "large RPC being reassembled" : "no large RPC in progress");
	if (rm->state == RM_SEQ_WAIT || rm->state == RM_SEQ_TIMEDOUT)
		n = rm_describe_append(buf, len, n, "rm: sequencer stage %d\n", rm->seq_stage);
	if (rm->n_regkeys) {
		n = rm_describe_append(buf, len, n, "rm: registry keys:");
		for (unsigned int i = 0; i < rm->n_regkeys; i++)
			n = rm_describe_append(buf, len, n, " %s", rm->regkeys[i]);
		n = rm_describe_append(buf, len, n, "\n");
	}
	if (n < len - 1)
		n += rm_objects_describe(rm, buf + n, len - n);
	return n;
}
