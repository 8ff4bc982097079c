/* SPDX-License-Identifier: MIT */
/*
 * State of the GSP interface: message queues, RPC submission, history,
 * statistics, events and the boot state machine.
 */
#ifndef NVCORE_CORE_H
#define NVCORE_CORE_H

#include <linux/types.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/completion.h>
#include <linux/workqueue.h>
#include <linux/ktime.h>

#include "nvcore_dev.h"
#include "sriov.h"
#include "fw/gsp_abi.h"
#include "fw/release.h"

struct nvcore_dmabuf {
	void *cpu;
	dma_addr_t dma;
	size_t size;
};

int nvcore_dmabuf_alloc(struct nvcore_dev *nd, struct nvcore_dmabuf *b, size_t size);
void nvcore_dmabuf_free(struct nvcore_dev *nd, struct nvcore_dmabuf *b);

/*
 * A buffer made of page-aligned coherent chunks, for images too large to
 * allocate contiguously (the 38 MB GSP-RM image): the firmware only sees
 * per-page bus addresses through a radix3 table.
 */
struct nvcore_sgbuf {
	unsigned int nchunks;
	size_t size;
	struct nvcore_dmabuf *chunks;
};

/* ---- message queues (cmdq.c) ---- */
#define NVCORE_QUEUE_SIZE	0x40000u
#define NVCORE_QUEUE_PAGE	0x1000u

struct nvcore_msgq {
	struct nvcore_dmabuf shm;	/* [PTEs][command queue][status queue] */
	u32 pte_count;
	struct msgqTxHeader *cmd_tx;	/* ours: our write pointer */
	struct msgqRxHeader *cmd_rx;	/* ours (SWAP_RX): our read pointer of the status queue */
	struct msgqTxHeader *stat_tx;	/* GSP's: its write pointer */
	struct msgqRxHeader *stat_rx;	/* GSP's (SWAP_RX): its read pointer of the command queue */
	u8 *cmd_entries, *stat_entries;
	u32 cmd_count, stat_count;
	/*
	 * Per command-queue slot, the offset from which its bytes are known to
	 * be zero (only we write the command queue): a short record in a slot
	 * zeroes what a longer one left there, not the rest of the page.
	 */
	u16 cmd_dirty[NVCORE_QUEUE_SIZE / NVCORE_QUEUE_PAGE];
	u32 tx_seq, rx_seq;
	bool linked;
	u8 *rx_buf;			/* one element, copied out of the ring */
	/*
	 * Where the next continuation record's payload goes instead of rx_buf
	 * (up to sink_room bytes): the reply being reassembled.  sunk: the
	 * record nvcore_msgq_recv just returned had its payload put there.
	 */
	u8 *sink;
	size_t sink_room;
	bool sunk;
};

int nvcore_msgq_init(struct nvcore_dev *nd);
void nvcore_msgq_fini(struct nvcore_dev *nd);
int nvcore_msgq_link(struct nvcore_dev *nd);
void nvcore_msgq_args(struct nvcore_dev *nd, struct nvcore_queue_args *a);
/*
 * One record to send: its RPC header (sent as it is: its length field is
 * the caller's), then the payload in up to two runs (a request's header and its caller's
 * parameters, sent without first copying them together).  trace: the
 * record as one piece for the trace recorder, NULL when it is not on.
 */
struct nvcore_msg_parts {
	const struct rpc_message_header_v *rpc;
	const void *data[2];
	size_t len[2];
	const struct rpc_message_header_v *trace;
};

/*
 * Write one element straight into the command queue, waiting for space
 * until deadline: header fields other than seqNum, elemCount and checkSum
 * zero, the checksum (protocol.md §1.3) computed while copying, only the
 * covered bytes written.
 */
int nvcore_msgq_send_parts(struct nvcore_dev *nd, const struct nvcore_msg_parts *m,
			   ktime_t deadline);
/*
 * The same for an element staged in one buffer: the RPC (len bytes, its
 * length field len) at GSP_MSG_QUEUE_ELEMENT_HDR_SIZE of elem.  elem is
 * not written.
 */
int nvcore_msgq_send(struct nvcore_dev *nd, void *elem, u32 len, ktime_t deadline);
void nvcore_msgq_doorbell(struct nvcore_dev *nd);
/*
 * Read the next status-queue element: 1 with *rpc and *len set, 0 if empty,
 * -EPROTO/-EBADMSG for a bad message (consumed, skip it), -EIO when the
 * queue itself is corrupt.
 */
int nvcore_msgq_recv(struct nvcore_dev *nd, const struct rpc_message_header_v **rpc, u32 *len);
u32 nvcore_msgq_cmd_free(struct nvcore_dev *nd);

/* ---- RPC (rpc.c) --------------------------------------------------------- */
struct nvcore_rpc_hist {
	u32 function;
	u32 data0, data1;		/* e.g. control cmd / object class, size */
	u32 result;
	bool is_event;
	ktime_t ts_start, ts_end;	/* ts_end == 0: never answered */
};

struct nvcore_rpc_stat {
	u64 count, failed, timeouts;
	u64 total_ns, max_ns;
	u32 last_failed_status;
	int last_failed_errno;
};

/* Queues, submission, reply reassembly, history and statistics. */
struct nvcore_rpc_state {
	struct nvcore_msgq q;

	/* Submission: one sender at a time writes the ring (whole records). */
	struct mutex cmdq_lock;
	/*
	 * A record put together in one piece for the trace recorder (records
	 * are otherwise written straight into the ring), under cmdq_lock.
	 */
	u8 *push_buf;
	/*
	 * Outstanding commands in queue order; replies come back in order.
	 * pending_lock also orders the history ring and the statistics below
	 * (one acquisition where a call queues, is answered and ends).
	 */
	spinlock_t pending_lock;
	struct list_head pending;
	/* Finished entries kept for the next calls (at most NVCORE_PENDING_SPARE), under pending_lock. */
	struct list_head pending_spare;
	unsigned int pending_nspare;
	bool dead;			/* firmware lost: fail fast */

	/*
	 * A large reply being reassembled from continuation records (§1.5),
	 * straight into its caller's buffers: asm_to is the claimed command
	 * (under pending_lock; NULL once the firmware is given up on, or when
	 * the command was abandoned and its records are only consumed),
	 * asm_function and asm_result its first record's function and result,
	 * asm_len and asm_total the payload bytes received and expected (0:
	 * none in progress; the drain's own).
	 */
	struct rpc_pending *asm_to;
	u32 asm_function, asm_result;
	u32 asm_len, asm_total;

	/* History ring, both directions (protocol.md §2.5), under pending_lock. */
	struct nvcore_rpc_hist *hist;
	unsigned int hist_head, hist_len;
	struct nvcore_rpc_stat *stats;	/* per function number, under pending_lock */
	struct nvcore_rpc_stat event_stats[NVCORE_CORE_EVENT_LOG_ONLY + 1];
};

/*
 * One command and its reply (mlx5_cmd_exec's in/out).  out may be in's own
 * buffer; a reply larger than out_max fails with -EMSGSIZE.
 *
 * The payload may come in two runs, in then in2 (an RM call's header and
 * its caller's parameters, sent without copying them together), and the
 * reply may go to two: its first out_max bytes to out, the rest to out2
 * (up to out2_max).  out2_gate, if set, points into out at a status the
 * reply must carry as NV_OK, with the RPC's own result, for anything to be
 * written to out2: the caller's parameters come back only on success.
 * out2 NULL with an out2_max: the reply's bytes there are received and
 * dropped (nvcore_rm_control_send).
 */
struct nvcore_rpc_req {
	u32 function;			/* NV_VGPU_MSG_FUNCTION_* */
	const void *in;
	size_t in_len;
	const void *in2;
	size_t in2_len;
	void *out;
	size_t out_max;
	void *out2;
	size_t out2_max;
	const u32 *out2_gate;
	size_t out_len;			/* set: bytes of reply copied to out and out2 */
	u32 fw_status;			/* set: the firmware's status on -EREMOTEIO */
};

/*
 * Run req to its reply: 0, a negative errno when it could not be carried
 * out, or -EREMOTEIO when the firmware ran it and reported a failure.  Once
 * the firmware is lost every call fails with -ENODEV, except FREE, which
 * succeeds (nothing the firmware held exists any more).
 */
int nvcore_rpc(struct nvcore_dev *nd, struct nvcore_rpc_req *req);
/* Queue a command GSP-RM does not answer (the pre-boot ones). */
int nvcore_rpc_post(struct nvcore_dev *nd, u32 function, const void *in, size_t in_len);
void nvcore_rpc_dispatch(struct nvcore_dev *nd);
u64 nvcore_rpc_hist_push(struct nvcore_rpc_state *rs, u32 function, u32 data0, u32 data1,
			 bool is_event, u32 result);
void nvcore_rpc_dump_history(struct nvcore_dev *nd, const char *why);
void nvcore_rpc_fail_all(struct nvcore_dev *nd, int err);
int nvcore_rpc_init(struct nvcore_dev *nd);
void nvcore_rpc_fini(struct nvcore_dev *nd);

/* RM object calls used by the core and, through client.c, by clients. */
int nvcore_rm_alloc_raw(struct nvcore_dev *nd, u32 h_client, u32 h_parent, u32 h_object,
			u32 h_class, void *params, u32 params_size, u32 *fw_status);
int nvcore_rm_control_raw(struct nvcore_dev *nd, u32 h_client, u32 h_object, u32 cmd,
			  void *params, u32 params_size, u32 *fw_status);
/* The same, params only sent: the reply's parameters are dropped (nvcore_rm_control_send). */
int nvcore_rm_control_send_raw(struct nvcore_dev *nd, u32 h_client, u32 h_object, u32 cmd,
			       const void *params, u32 params_size, u32 *fw_status);
int nvcore_rm_free_raw(struct nvcore_dev *nd, u32 h_client, u32 h_parent, u32 h_object,
		       u32 *fw_status);

/* ---- events (event.c) ------------------------------------------------------ */
void nvcore_event_dispatch(struct nvcore_dev *nd, const struct rpc_message_header_v *rpc,
			   u32 len);
int nvcore_seq_run(struct nvcore_dev *nd, const void *payload, u32 len);

/* ---- boot (boot.c, boot_ga102.c, boot_gh100.c) ------------------------------ */
enum nvcore_boot_state {
	NVCORE_BOOT_IDLE,
	NVCORE_BOOT_GFW,
	NVCORE_BOOT_FSP_SECURE_BOOT,	/* GH100 */
	NVCORE_BOOT_PREPARE,
	NVCORE_BOOT_FRTS,		/* GA10x/AD10x */
	NVCORE_BOOT_BOOTER_LOAD,	/* GA10x/AD10x */
	NVCORE_BOOT_FSP_COT,		/* GH100 */
	NVCORE_BOOT_GSP_LOCKDOWN,	/* GH100 */
	NVCORE_BOOT_RISCV_START,
	NVCORE_BOOT_QUEUE_LINK,
	NVCORE_BOOT_INIT_DONE,
	NVCORE_BOOT_STATIC_INFO,
	NVCORE_BOOT_READY,
	NVCORE_BOOT_FAILED,
	NVCORE_BOOT_UNLOADED,
};

/* The boot's progress, its buffers, and what the booted firmware said it is. */
struct nvcore_boot_ctx {
	enum nvcore_boot_state state;
	ktime_t state_start[NVCORE_BOOT_UNLOADED + 1];
	struct completion init_done;
	int init_done_status;
	unsigned int seq_runs;
	struct nvcore_dmabuf wpr_meta, libos, rmargs, logs[3];
	u64 wpr_frts_offset, wpr_frts_size;
	struct nvcore_sgbuf image;
	struct nvcore_dmabuf radix3, bootloader, signature;
	struct nvcore_dmabuf fmc_image, fmc_params;	/* GH100 */
	u32 seq_regs[GSP_SEQ_BUF_REG_SAVE_SIZE];
	struct nvcore_static_info sinfo;
	/* From GET_FEATURES (features.c). */
	char fw_version[64];
	u32 fw_features;		/* NVCORE_FEATURE_* */
};

/* One state of a family's boot: what runs in it and which timeout bounds it. */
struct nvcore_boot_step {
	enum nvcore_boot_state state;
	int (*fn)(struct nvcore_dev *nd, unsigned int timeout_ms);
	enum nvcore_timeout timeout;
};
#define NVCORE_BOOT_STEP(s, f, t) { NVCORE_BOOT_##s, f, NVCORE_TIMEOUT_##t }
/* The states every family ends with, once GSP-RM's RISC-V core runs. */
#define NVCORE_BOOT_STEPS_GSP_RM						\
	NVCORE_BOOT_STEP(RISCV_START, nvcore_boot_riscv_start, RISCV_START),	\
	NVCORE_BOOT_STEP(QUEUE_LINK, nvcore_boot_queue_link, QUEUE_LINK),	\
	NVCORE_BOOT_STEP(INIT_DONE, nvcore_boot_init_done, INIT_DONE),		\
	NVCORE_BOOT_STEP(STATIC_INFO, nvcore_boot_static_info, RPC)

/* The release's timeout (its own or the core's default, fw/release.c). */
static inline unsigned int nvcore_timeout_ms(const struct nvcore_dev *nd, enum nvcore_timeout t)
{
	return nvcore_fw_timeout_ms(nd->release, t);
}

/*
 * What differs between chip families: the boot states in order, the part of
 * unload after UNLOADING_GUEST_DRIVER, and the family's own buffers.
 */
struct nvcore_boot_family {
	const char *name;
	const struct nvcore_boot_step *steps;
	unsigned int num_steps;
	int (*unload)(struct nvcore_dev *nd, unsigned int timeout_ms);
	void (*free)(struct nvcore_dev *nd);
};
extern const struct nvcore_boot_family nvcore_boot_ga102, nvcore_boot_gh100;

const char *nvcore_boot_state_name(enum nvcore_boot_state s);
const struct nvcore_boot_family *nvcore_boot_family_of(const struct nvcore_dev *nd);
int nvcore_boot(struct nvcore_dev *nd);
void nvcore_unload(struct nvcore_dev *nd);

/* Common boot steps (boot.c) the families put in their tables. */
int nvcore_boot_check_wpr2_down(struct nvcore_dev *nd);
u64 nvcore_boot_wpr_heap_size(struct nvcore_dev *nd, u64 fb_size);
/* Copy the GSP image (radix3), bootloader and signature to sysmem, set up the
 * queues and LibOS args; fills the sysmem fields of @l. */
int nvcore_boot_alloc_common(struct nvcore_dev *nd, struct nvcore_wpr_layout *l);
/* GSP_SET_SYSTEM_INFO and SET_REGISTRY, queued before GSP runs (protocol.md §3.4 step 8). */
int nvcore_boot_queue_preboot_rpcs(struct nvcore_dev *nd);
int nvcore_boot_riscv_start(struct nvcore_dev *nd, unsigned int timeout_ms);
int nvcore_boot_queue_link(struct nvcore_dev *nd, unsigned int timeout_ms);
int nvcore_boot_init_done(struct nvcore_dev *nd, unsigned int timeout_ms);
int nvcore_boot_static_info(struct nvcore_dev *nd, unsigned int timeout_ms);
/* ---- GET_FEATURES handshake (features.c) ---------------------------------- */
int nvcore_fw_handshake(struct nvcore_dev *nd);

/* ---- interrupts (main.c) ---------------------------------------------------- */
#include <linux/interrupt.h>
/* The status-queue drain runs on wq (process context), kicked by the IRQ or a waiter's poll. */
struct nvcore_intr_state {
	int irq;
	/* The GSP's vector in the PF interrupt tree (GET_KERNEL_TABLE), once enabled. */
	u32 vector;
	bool enabled;
	struct workqueue_struct *wq;
	struct work_struct msg_work;
	struct work_struct poll_work;
};
irqreturn_t nvcore_irq(int irq, void *data);
int nvcore_intr_enable(struct nvcore_dev *nd);
void nvcore_intr_disable(struct nvcore_dev *nd);
void nvcore_intr_poll(struct nvcore_dev *nd);
/* How often a waiter polls the status queue: what a lost interrupt costs. */
#define NVCORE_POLL_MS	5

/* ---- clients (client.c) --------------------------------------------------------- */
struct nvcore_client_state {
	struct auxiliary_device *adev;
	struct mutex lock;
	struct list_head list;
	u32 next_handle;
};
int nvcore_clients_init(struct nvcore_dev *nd);
void nvcore_clients_fini(struct nvcore_dev *nd);
void nvcore_clients_event(struct nvcore_dev *nd, const struct nvcore_event *ev);
struct nvcore_dev *nvcore_client_dev(struct nvcore_client *cl);

/* ---- firmware trace recorder (trace.c, docs/trace-format.md) ---------------- */
/* NVCORE_VERSION: driver/VERSION, passed by driver/Kbuild and meson. */
#ifndef NVCORE_VERSION
#error "NVCORE_VERSION is not defined: build through driver/Kbuild or meson, which read it from VERSION"
#endif

int nvcore_trace_module_init(void);
void nvcore_trace_module_exit(void);
/* Before the first register access of probe; a failure is not fatal. */
void nvcore_trace_probe(struct nvcore_dev *nd);
/* Chip and release for the header, as soon as probe knows them. */
void nvcore_trace_identity(struct nvcore_dev *nd);
/* remove: the recording goes with the device. */
void nvcore_trace_remove(struct nvcore_dev *nd);
/* Failed probe: the recording outlives nd so that it can still be read. */
void nvcore_trace_probe_failed(struct nvcore_dev *nd, int err);
void nvcore_trace_cmd(struct nvcore_dev *nd, u32 seq, u32 elems,
		      const struct rpc_message_header_v *rpc, u32 len);
void nvcore_trace_msg(struct nvcore_dev *nd, u32 seq, u32 elems,
		      const struct rpc_message_header_v *rpc, u32 len);
void nvcore_trace_irq(struct nvcore_dev *nd, u32 stat);
void nvcore_trace_state(struct nvcore_dev *nd, const char *state);
void nvcore_trace_rpc_timeout(struct nvcore_dev *nd, u32 function, unsigned int timeout_ms);

/*
 * Per-GPU state of the core, one member per concern; each is defined beside
 * the functions that own it above.
 */
struct nvcore_core_state {
	struct nvcore_dev *nd;
	struct nvcore_rpc_state rpc;		/* cmdq.c, rpc.c */
	struct nvcore_intr_state intr;		/* main.c */
	struct nvcore_boot_ctx boot;		/* boot*.c, event.c, features.c */
	struct nvcore_client_state clients;	/* client.c */
	struct nvcore_sriov_state sriov;	/* sriov.c, vgpu_res.c */
};

#endif
