/* SPDX-License-Identifier: MIT */
/*
 * The CPU sequencer (GSP_RUN_CPU_SEQUENCER, protocol.md §3.5), firmware side.
 *
 * What the public sources show real GSP-RM sending at boot (GA10x/AD10x):
 *
 *  - register commands, then CORE_RESUME as the last step: "At this point,
 *    SEC2-RTOS has been loaded into SEC2 by the sequencer but neither
 *    SEC2-RTOS nor GSP-RM is running yet" (nova-core gsp/sequencer.rs
 *    CoreResume; nova runs the sequencer in the TU102/GA102 HAL's post_boot,
 *    gsp/hal/tu102.rs, and its patch "Implement core resume operation": "the
 *    last step of the sequencer resulting in resume of the GSP").
 *  - never CORE_RESET, CORE_START or CORE_WAIT_FOR_HALT: NVIDIA's own driver
 *    routes them to kgspExecuteSequencerCommand_TU102/_GA102 (OGKM
 *    kernel_gsp_tu102.c, kernel_gsp_ga102.c), which handle CORE_RESUME only
 *    and answer anything else NV_ERR_INVALID_ARGUMENT.  The model never
 *    sends them and checks nothing about them.
 *  - GH100 (FSP boot): no sequencer; nova's GH100 HAL has no post_boot
 *    (gsp/hal/gh100.rs) and its sequencer is "for Pre-hopper GSP boot".
 *
 * Which registers the real register commands touch is not public, so that
 * part stays MODEL-DEFINED (assumption): the five register opcodes against two
 * GSP scratch registers the rm half owns (NV_PGSP_MAILBOX(2) and (3),
 * rm_priv.h), each checked in order through the MMIO hooks:
 *
 *   REG_WRITE  MAILBOX(2) = SEQ_MAGIC
 *   REG_MODIFY MAILBOX(2) mask SEQ_MOD_MASK val SEQ_MOD_VAL
 *   REG_POLL   MAILBOX(3) == SEQ_ACK  (the model flips it RM_SEQ_FLIP_NS
 *              after it sees the modified value; timeout 1000 us)
 *   DELAY_US   SEQ_DELAY_US
 *   REG_STORE  MAILBOX(2) -> regSaveArea[2]   (0/1 are reserved)
 *   REG_WRITE  MAILBOX(3) = SEQ_DONE
 *   CORE_RESUME
 *
 * CORE_RESUME is checked as the hardware sees it, in the order OGKM
 * kgspExecuteSequencerCommand_GA102, nouveau r535_gsp_msg_run_cpu_sequencer
 * and nova CoreResume agree on:
 *
 *   1. the GSP falcon is reset (ENGINE reset asserted, then released);
 *   2. GSP MAILBOX0/1 hold the LibOS arguments' address when
 *   3. SEC2 is started: the booter still in it resumes GSP-RM and raises
 *      BSI_SECURE_SCRATCH_14 BOOT_STAGE_3_HANDOFF (booter.c then calls
 *      gspm_rm_resumed, where 1 and 2 are checked);
 *   4. only then FALCON_OS (the bootloader's appVersion; hw checks the value).
 *
 * The rm half snoops the GSP ENGINE and FALCON_OS writes (gspm_rm_owns_reg
 * in rm_priv.h claims them, rm_seq_write observes and passes them on to hw).
 * A step done out of order is a violation naming the step that was skipped.  The core
 * select after the reset is not checked: OGKM and nouveau reset into RISC-V
 * (kflcnResetIntoRiscv, ga102_gsp_reset), nova's Falcon::reset selects the
 * falcon core, and the sources do not say which the booter needs.
 *
 * cmdIndex = dwords used (NVIDIA/nouveau semantics).  No reply is sent by
 * the host after a sequencer (protocol.md §3.5); the FALCON_OS write after the
 * resume is how the model knows it was performed, after which it sends
 * INIT_DONE.  If that never comes, the model records a violation naming the
 * pending step after RM_SEQ_TIMEOUT_NS and stays booting.
 */
#include <inttypes.h>
#include <string.h>

#include "rm_priv.h"

#define SEQ_MAGIC	0x5e900001u
#define SEQ_MOD_MASK	0x0000ff00u
#define SEQ_MOD_VAL	0x00004200u
#define SEQ_MODIFIED	((SEQ_MAGIC & ~SEQ_MOD_MASK) | SEQ_MOD_VAL)
#define SEQ_ACK		0x5e90ac00u
#define SEQ_DONE	0x5e90d0d0u
#define SEQ_DELAY_US	10u
#define SEQ_POLL_US	1000u
#define SEQ_POLL_ERROR	0x5e90e001u
#define SEQ_STORE_IDX	2u
#define SEQ_BUFFER_DWORDS	1024u	/* capacity the model reports (assumption) */

enum {
	SEQ_IDLE,		/* not sent: the registers are plain scratch */
	SEQ_WANT_WRITE,
	SEQ_WANT_MODIFY,
	SEQ_WANT_POLL,		/* ACK flips at seq_flip_at; first read of it */
	SEQ_WANT_STORE,
	SEQ_WANT_DONE,
	SEQ_WANT_GSP_RESET,	/* CORE_RESUME 1: ENGINE reset asserted, released */
	SEQ_WANT_RESUMED,	/* 2, 3: mailboxes, SEC2 start; booter.c calls gspm_rm_resumed */
	SEQ_WANT_OS,		/* 4: FALCON_OS */
	SEQ_COMPLETE,
};

/* Only the SEC2-booter boot (GA10x/AD10x) gets a sequencer (see the top). */
static bool seq_at_boot(const struct gspm_rm *rm)
{
	enum gspm_chip chip = gspm_cfg(rm->m)->chip;

	/* Every SEC2-booter die (GA10x/AD10x); GH100's FSP boot runs none. */
	return chip != GSPM_CHIP_GH100;
}

static void seq_complete(struct gspm_rm *rm);

void rm_seq_send(struct gspm_rm *rm)
{
	const uint32_t cmds[] = {
		GSP_SEQ_BUF_OPCODE_REG_WRITE, RM_SEQ_REG_DATA, SEQ_MAGIC,
		GSP_SEQ_BUF_OPCODE_REG_MODIFY, RM_SEQ_REG_DATA, SEQ_MOD_MASK, SEQ_MOD_VAL,
		GSP_SEQ_BUF_OPCODE_REG_POLL, RM_SEQ_REG_ACK, 0xffffffffu, SEQ_ACK, SEQ_POLL_US, SEQ_POLL_ERROR,
		GSP_SEQ_BUF_OPCODE_DELAY_US, SEQ_DELAY_US,
		GSP_SEQ_BUF_OPCODE_REG_STORE, RM_SEQ_REG_DATA, SEQ_STORE_IDX,
		GSP_SEQ_BUF_OPCODE_REG_WRITE, RM_SEQ_REG_ACK, SEQ_DONE,
		GSP_SEQ_BUF_OPCODE_CORE_RESUME,
	};
	/* GSPM_FAULT_SEQ_CORE_RESET: one more opcode, before the final REG_WRITE. */
	const size_t at_done = sizeof(cmds) / 4 - 4;
	uint8_t buf[sizeof(struct rpc_run_cpu_sequencer_v17_00) + sizeof(cmds) + 4];
	struct rpc_run_cpu_sequencer_v17_00 hdr;
	uint64_t now = gspm_now(rm->m);
	size_t n = sizeof(cmds);
	uint32_t op = GSP_SEQ_BUF_OPCODE_CORE_RESET;

	if (!seq_at_boot(rm)) {
		gspm_log(rm->m, GSPM_LOG_DEBUG, "no CPU sequencer on this chip's boot");
		rm->state = RM_SEQ_WAIT;
		seq_complete(rm);
		rm->init_done_at = now + RM_INIT_NOSEQ_NS + gspm_rand(rm->m) % 1000000;
		return;
	}
	memset(&hdr, 0, sizeof(hdr));
	/*
	 * bufferSizeDWord is the sequencer buffer's capacity, cmdIndex the
	 * dwords used: OGKM kgspExecuteSequencerBuffer_IMPL asserts cmdIndex <
	 * bufferSizeDWord, so real firmware never sends a full buffer.  The
	 * capacity itself is not public (assumption: SEQ_BUFFER_DWORDS).
	 */
	rm->seq_core_reset = rm_take_fault(rm, GSPM_FAULT_SEQ_CORE_RESET, 0, NULL) ? 1 : 0;
	hdr.bufferSizeDWord = SEQ_BUFFER_DWORDS;
	memcpy(buf + sizeof(hdr), cmds, sizeof(cmds));
	if (rm->seq_core_reset) {
		memmove(buf + sizeof(hdr) + (at_done + 1) * 4, buf + sizeof(hdr) + at_done * 4,
			sizeof(cmds) - at_done * 4);
		memcpy(buf + sizeof(hdr) + at_done * 4, &op, 4);
		n += 4;
	}
	hdr.cmdIndex = n / 4;
	memcpy(buf, &hdr, sizeof(hdr));

	rm->seq_reg_data = 0;
	rm->seq_reg_ack = 0;
	rm->seq_stage = SEQ_WANT_WRITE;
	rm->seq_flip_at = UINT64_MAX;
	rm->seq_ack_seen_at = UINT64_MAX;
	rm->seq_gsp_in_reset = false;
	rm->seq_timeout_at = now + RM_SEQ_TIMEOUT_NS;
	rm->state = RM_SEQ_WAIT;
	rm_post(rm, rm->rel->ev_run_cpu_sequencer, NV_OK, buf, sizeof(hdr) + n, 0, false);
	gspm_log(rm->m, GSPM_LOG_DEBUG, "sent GSP_RUN_CPU_SEQUENCER (%u dwords)", hdr.cmdIndex);
}

static void seq_complete(struct gspm_rm *rm)
{
	rm->seq_stage = SEQ_COMPLETE;
	rm->seq_timeout_at = UINT64_MAX;
	rm->seq_flip_at = UINT64_MAX;
	rm->state = RM_INIT_WAIT;
	rm->init_done_at = gspm_now(rm->m) + RM_INIT_DONE_NS;
	gspm_log(rm->m, GSPM_LOG_DEBUG, "host performed the CPU sequencer");
}

bool rm_seq_read(struct gspm_rm *rm, uint32_t off, uint32_t *val)
{
	uint64_t now = gspm_now(rm->m);

	if (off == RM_SEQ_REG_DATA) {
		*val = rm->seq_reg_data;
		if (rm->state == RM_SEQ_WAIT && rm->seq_stage == SEQ_WANT_STORE) {
			if (now - rm->seq_ack_seen_at < SEQ_DELAY_US * 1000ull)
				gspm_violate(rm->m, "CPU sequencer: DELAY_US %u not honoured: REG_STORE read %" PRIu64 " ns after REG_POLL completed",
					     SEQ_DELAY_US, now - rm->seq_ack_seen_at);
			rm->seq_stage = SEQ_WANT_DONE;
		}
		return true;
	}
	if (off == RM_SEQ_REG_ACK) {
		*val = rm->seq_reg_ack;
		if (rm->state == RM_SEQ_WAIT && rm->seq_stage == SEQ_WANT_POLL && rm->seq_reg_ack == SEQ_ACK) {
			rm->seq_ack_seen_at = now;
			rm->seq_stage = SEQ_WANT_STORE;
		}
		return true;
	}
	return false;
}

static const char *const stage_cmd[] = {
	[SEQ_WANT_WRITE] = "REG_WRITE", [SEQ_WANT_MODIFY] = "REG_MODIFY",
	[SEQ_WANT_POLL] = "REG_POLL", [SEQ_WANT_STORE] = "DELAY_US/REG_STORE",
	[SEQ_WANT_DONE] = "the final REG_WRITE",
	[SEQ_WANT_GSP_RESET] = "CORE_RESUME's GSP falcon reset",
	[SEQ_WANT_RESUMED] = "CORE_RESUME's SEC2 start (SEC2-RTOS resuming GSP-RM, BSI_SECURE_SCRATCH_14 BOOT_STAGE_3_HANDOFF)",
	[SEQ_WANT_OS] = "CORE_RESUME's FALCON_OS write",
	[SEQ_COMPLETE] = "nothing",
};

/*
 * CORE_RESUME's steps as the host's writes reach the bus.  Returns false:
 * the write goes on to hw either way.
 */
static bool seq_snoop_write(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	int st = rm->seq_stage;

	if (rm->state != RM_SEQ_WAIT)
		return false;
	if (off == RM_SEQ_GSP_ENGINE) {
		bool reset = val & HW_FALCON_ENGINE_RESET;

		if (st == SEQ_WANT_DONE && rm->seq_core_reset) {
			/* The injected CORE_RESET: asserted, then released. */
			if (reset)
				rm->seq_core_reset = 2;
			else if (rm->seq_core_reset == 2)
				rm->seq_core_reset = 3;
		} else if (st < SEQ_WANT_GSP_RESET) {
			gspm_violate(rm->m, "CPU sequencer: GSP falcon ENGINE written 0x%08x while %s was still pending",
				     val, stage_cmd[st]);
		} else if (st == SEQ_WANT_GSP_RESET) {
			if (reset)
				rm->seq_gsp_in_reset = true;
			else if (rm->seq_gsp_in_reset)
				rm->seq_stage = SEQ_WANT_RESUMED;
		} else if (reset) {
			gspm_violate(rm->m, "CPU sequencer: CORE_RESUME reset the GSP falcon again while %s was pending",
				     stage_cmd[st]);
		}
		return false;
	}
	if (off == RM_SEQ_GSP_FALCON_OS) {
		if (st == SEQ_WANT_OS) {
			seq_complete(rm);
			return false;
		}
		/*
		 * Before CORE_RESUME began this is the host's own write after
		 * booter-load (protocol.md §3.4 step 12; nouveau writes it as soon as
		 * the booter returns), which may reach the bus after GSP-RM posted
		 * the sequencer: only a write inside CORE_RESUME is out of order.
		 */
		if (st < SEQ_WANT_GSP_RESET || (st == SEQ_WANT_GSP_RESET && !rm->seq_gsp_in_reset)) {
			gspm_log(rm->m, GSPM_LOG_DEBUG,
				 "FALCON_OS 0x%08x written before the sequencer's CORE_RESUME", val);
			return false;
		}
		gspm_violate(rm->m, "CPU sequencer: CORE_RESUME wrote FALCON_OS 0x%08x while %s was still pending",
			     val, stage_cmd[st]);
	}
	return false;
}

void gspm_rm_resumed(struct gspm_rm *rm)
{
	struct gspm_hw *hw = gspm_hw_of(rm->m);
	uint64_t mbox;

	if (rm->state != RM_SEQ_WAIT) {
		gspm_log(rm->m, GSPM_LOG_INFO, "SEC2 resumed GSP-RM outside the CPU sequencer");
		return;
	}
	if (rm->seq_stage != SEQ_WANT_RESUMED) {
		gspm_violate(rm->m, "CPU sequencer: SEC2 was started (CORE_RESUME) while %s was still pending",
			     stage_cmd[rm->seq_stage]);
		if (rm->seq_stage > SEQ_WANT_RESUMED)
			return;
	}
	/* What GSP-RM's bootloader reads when the RISC-V core starts again. */
	mbox = (uint64_t)gspm_hw_gsp_mailbox(hw, 0) | (uint64_t)gspm_hw_gsp_mailbox(hw, 1) << 32;
	if (mbox != rm->libos_args_pa)
		gspm_violate(rm->m, "CPU sequencer: CORE_RESUME started SEC2 with GSP MAILBOX0/1 = 0x%" PRIx64
			     ", not the LibOS arguments at 0x%" PRIx64 " (write them after the GSP reset)",
			     mbox, rm->libos_args_pa);
	rm->seq_stage = SEQ_WANT_OS;
	gspm_log(rm->m, GSPM_LOG_DEBUG, "SEC2-RTOS resumed GSP-RM");
}

/*
 * The hw half keeps NV_PGSP_MAILBOX(i) as gspm_hw_gsp_mailbox index 2 + i
 * (model.h); rm answers the two sequencer registers itself (it must see
 * every access in order) and mirrors their values there so both agree.
 */
static void mirror(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	gspm_hw_gsp_set_mailbox(gspm_hw_of(rm->m), 2 + (int)((off - NV_PGSP_MAILBOX(0)) / 4), val);
}

bool rm_seq_write(struct gspm_rm *rm, uint32_t off, uint32_t val)
{
	if (off == RM_SEQ_REG_DATA)
		rm->seq_reg_data = val;
	else if (off == RM_SEQ_REG_ACK)
		rm->seq_reg_ack = val;
	else
		return rm_seq_snooped(off) && seq_snoop_write(rm, off, val);
	mirror(rm, off, val);
	if (rm->state != RM_SEQ_WAIT)
		return true;

	switch (rm->seq_stage) {
	case SEQ_WANT_WRITE:
		if (off == RM_SEQ_REG_DATA && val == SEQ_MAGIC) {
			rm->seq_stage = SEQ_WANT_MODIFY;
			return true;
		}
		break;
	case SEQ_WANT_MODIFY:
		if (off == RM_SEQ_REG_DATA && val == SEQ_MODIFIED) {
			rm->seq_stage = SEQ_WANT_POLL;
			rm->seq_flip_at = gspm_now(rm->m) + RM_SEQ_FLIP_NS + gspm_rand(rm->m) % 5000;
			return true;
		}
		break;
	case SEQ_WANT_DONE:
		if (off == RM_SEQ_REG_ACK && val == SEQ_DONE) {
			if (rm->seq_core_reset && rm->seq_core_reset != 3)
				gspm_violate(rm->m, "CPU sequencer: CORE_RESET %s the GSP falcon's ENGINE reset",
					     rm->seq_core_reset == 1 ? "never asserted" : "never released");
			rm->seq_stage = SEQ_WANT_GSP_RESET;
			return true;
		}
		break;
	default:
		break;
	}
	if (off == RM_SEQ_REG_ACK && val == SEQ_DONE) {
		/* The host finished, but skipped or reordered something. */
		gspm_violate(rm->m, "CPU sequencer: final REG_WRITE 0x%06x = 0x%08x arrived while %s was still pending",
			     RM_SEQ_REG_ACK, SEQ_DONE, stage_cmd[rm->seq_stage]);
		if (rm->seq_stage < SEQ_WANT_GSP_RESET)
			rm->seq_stage = SEQ_WANT_GSP_RESET;
		return true;
	}
	gspm_violate(rm->m, "CPU sequencer: expected %s, found write 0x%08x to 0x%06x",
		     stage_cmd[rm->seq_stage], val, off);
	return true;
}

void rm_seq_advance(struct gspm_rm *rm, uint64_t now)
{
	if (rm->seq_flip_at <= now) {
		rm->seq_flip_at = UINT64_MAX;
		rm->seq_reg_ack = SEQ_ACK;
		mirror(rm, RM_SEQ_REG_ACK, SEQ_ACK);
	}
	if (rm->seq_timeout_at <= now) {
		rm->seq_timeout_at = UINT64_MAX;
		if (rm->state == RM_SEQ_WAIT) {
			gspm_violate(rm->m, "CPU sequencer: not performed within %" PRIu64 " ms: the host stopped before %s; GSP-RM stays booting",
				     (uint64_t)(RM_SEQ_TIMEOUT_NS / 1000000), stage_cmd[rm->seq_stage]);
			rm->state = RM_SEQ_TIMEDOUT;
		}
	}
}
