/* SPDX-License-Identifier: MIT */
/*
 * The CPU sequencer (GSP_RUN_CPU_SEQUENCER, spec §3.5), firmware side.
 *
 * What real GSP-RM puts in the boot-time sequence is not documented
 * (spec §8.2; nova says it brings up SEC2-RTOS and resumes GSP-RM), so the
 * sequence below is MODEL-DEFINED.  It exercises the five register opcodes
 * against two GSP scratch registers the rm half owns (NV_PGSP_MAILBOX(2)
 * and (3), rm_priv.h) and lets the model check, through its MMIO hooks,
 * that the host ran each command in order:
 *
 *   REG_WRITE  MAILBOX(2) = SEQ_MAGIC
 *   REG_MODIFY MAILBOX(2) mask SEQ_MOD_MASK val SEQ_MOD_VAL
 *   REG_POLL   MAILBOX(3) == SEQ_ACK  (the model flips it RM_SEQ_FLIP_NS
 *              after it sees the modified value; timeout 1000 us)
 *   DELAY_US   SEQ_DELAY_US
 *   REG_STORE  MAILBOX(2) -> regSaveArea[2]   (0/1 are reserved)
 *   REG_WRITE  MAILBOX(3) = SEQ_DONE          (the model's "performed" mark)
 *
 * cmdIndex = dwords used (NVIDIA/nouveau semantics).  No reply is sent by
 * the host after a sequencer (spec §3.5); seeing SEQ_DONE is how the model
 * knows, after which it sends INIT_DONE.  If SEQ_DONE never comes the model
 * logs an error after RM_SEQ_TIMEOUT_NS and stays booting.
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

enum {
	SEQ_IDLE,		/* not sent: the registers are plain scratch */
	SEQ_WANT_WRITE,
	SEQ_WANT_MODIFY,
	SEQ_WANT_POLL,		/* ACK flips at seq_flip_at; first read of it */
	SEQ_WANT_STORE,
	SEQ_WANT_DONE,
	SEQ_COMPLETE,
};

bool gspm_rm_owns_reg(uint32_t off)
{
	return off == RM_SEQ_REG_DATA || off == RM_SEQ_REG_ACK;
}

void rm_seq_send(struct gspm_rm *rm)
{
	const uint32_t cmds[] = {
		GSP_SEQ_BUF_OPCODE_REG_WRITE, RM_SEQ_REG_DATA, SEQ_MAGIC,
		GSP_SEQ_BUF_OPCODE_REG_MODIFY, RM_SEQ_REG_DATA, SEQ_MOD_MASK, SEQ_MOD_VAL,
		GSP_SEQ_BUF_OPCODE_REG_POLL, RM_SEQ_REG_ACK, 0xffffffffu, SEQ_ACK, SEQ_POLL_US, SEQ_POLL_ERROR,
		GSP_SEQ_BUF_OPCODE_DELAY_US, SEQ_DELAY_US,
		GSP_SEQ_BUF_OPCODE_REG_STORE, RM_SEQ_REG_DATA, SEQ_STORE_IDX,
		GSP_SEQ_BUF_OPCODE_REG_WRITE, RM_SEQ_REG_ACK, SEQ_DONE,
	};
	uint8_t buf[sizeof(struct rpc_run_cpu_sequencer_v17_00) + sizeof(cmds)];
	struct rpc_run_cpu_sequencer_v17_00 hdr;
	uint64_t now = gspm_now(rm->m);

	memset(&hdr, 0, sizeof(hdr));
	hdr.bufferSizeDWord = sizeof(cmds) / 4;
	hdr.cmdIndex = sizeof(cmds) / 4;
	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), cmds, sizeof(cmds));

	rm->seq_reg_data = 0;
	rm->seq_reg_ack = 0;
	rm->seq_stage = SEQ_WANT_WRITE;
	rm->seq_flip_at = UINT64_MAX;
	rm->seq_ack_seen_at = UINT64_MAX;
	rm->seq_timeout_at = now + RM_SEQ_TIMEOUT_NS;
	rm->state = RM_SEQ_WAIT;
	rm_post(rm, rm->rel->ev_run_cpu_sequencer, NV_OK, buf, sizeof(buf), 0, false);
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
};

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
		return false;
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
			seq_complete(rm);
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
		seq_complete(rm);
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
			gspm_log(rm->m, GSPM_LOG_ERROR,
				 "the host did not perform the CPU sequencer within %" PRIu64 " ms (stuck at %s); GSP-RM stays booting",
				 (uint64_t)(RM_SEQ_TIMEOUT_NS / 1000000), stage_cmd[rm->seq_stage]);
			rm->state = RM_SEQ_TIMEDOUT;
		}
	}
}
