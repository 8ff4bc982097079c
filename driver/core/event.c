// SPDX-License-Identifier: MIT
/*
 * Unsolicited messages from GSP-RM (function >= 0x1000): the ones the core
 * handles itself (INIT_DONE, the CPU sequencer), the ones it routes to
 * clients, and the informational ones it only logs.  Event numbers are
 * release data (fw/<release>/release.c); nothing here knows a number.
 */
#include <linux/delay.h>
#include <linux/iopoll.h>
#include <linux/kernel.h>

#include "core.h"
#include "falcon.h"
#include "hw.h"
#include "regs.h"
#include "sriov.h"

/*
 * What every event must be before the core acts on it or hands it on (an
 * error naming the event, then it is dropped): whole (a first record that
 * announces more than one message carries is cut short: nvcore_msgq_recv
 * gives one element; its continuations are dropped as strays); at least
 * the structure its release lays out; for POST_EVENT, its eventData inside
 * the payload.
 */
static bool event_fits(struct nvcore_dev *nd, const struct nvcore_fw_event *ev,
		       const struct rpc_message_header_v *rpc, u32 len)
{
	const struct rpc_post_event_v17_00 *pe = (const void *)rpc->rpc_message_data;
	u32 plen = len - sizeof(*rpc);

	if (rpc->length > len) {
		dev_err(nd->dev, "GSP event %s announces %u bytes, more than one message carries (%u): dropped\n",
			ev->name, rpc->length, len);
		return false;
	}
	if (plen < ev->min_len) {
		dev_err(nd->dev, "GSP event %s is %u bytes, shorter than its %u-byte structure: dropped\n",
			ev->name, plen, ev->min_len);
		return false;
	}
	if (ev->kind == NVCORE_EVENT_POST_EVENT && pe->eventDataSize >
	    plen - offsetof(struct rpc_post_event_v17_00, eventData)) {
		dev_err(nd->dev, "GSP event POST_EVENT: eventDataSize %u runs past its %u-byte payload: dropped\n",
			pe->eventDataSize, plen);
		return false;
	}
	return true;
}

void nvcore_event_dispatch(struct nvcore_dev *nd, const struct rpc_message_header_v *rpc,
			   u32 len)
{
	struct nvcore_core_state *c = nd->core;
	const struct nvcore_fw_event *ev = nvcore_fw_event_lookup(nd->release, rpc->function);
	u32 plen = len - sizeof(*rpc);
	struct nvcore_event cev = {};
	struct nvcore_rpc_stat *st;

	if (!ev) {
		dev_warn(nd->dev, "GSP sent unknown event 0x%x (%u bytes); ignored\n",
			 rpc->function, plen);
		return;
	}
	st = &c->rpc.event_stats[min_t(int, ev->kind, NVCORE_CORE_EVENT_LOG_ONLY)];
	st->count++;

	/* Events enter the history too: a dump must show what arrived meanwhile. */
	nvcore_rpc_hist_push(&c->rpc, rpc->function, plen, 0, true, rpc->rpc_result);
	if (!event_fits(nd, ev, rpc, len)) {
		st->failed++;
		return;
	}

	switch (ev->kind) {
	case NVCORE_CORE_EVENT_INIT_DONE:
		c->boot.init_done_status = rpc->rpc_result == NV_OK ? 0 : -EREMOTEIO;
		if (rpc->rpc_result != NV_OK)
			dev_err(nd->dev, "GSP_INIT_DONE reports failure 0x%x\n", rpc->rpc_result);
		complete(&c->boot.init_done);
		break;
	case NVCORE_CORE_EVENT_RUN_CPU_SEQUENCER:
		if (nvcore_seq_run(nd, rpc->rpc_message_data, plen))
			st->failed++;
		break;
	case NVCORE_CORE_EVENT_LOG_ONLY:
		dev_dbg(nd->dev, "GSP event %s (%u bytes)\n", ev->name, plen);
		break;
	default:
		cev.type = ev->kind;
		cev.name = ev->name;
		cev.data = rpc->rpc_message_data;
		cev.len = plen;
		cev.h_client = nd->release->event_client(ev->kind, cev.data, plen);
		if (nd->release->event_gfid)
			cev.gfid = nd->release->event_gfid(ev->kind, cev.data, plen);
		/* A GFID GSP-RM runs no vGPU for (nvcore.vgpu) is no function's. */
		if (cev.gfid > nvcore_vgpu_partitions(nd)) {
			dev_err(nd->dev, "GSP event %s names GFID %u; GSP-RM runs %u vGPUs: dropped\n",
				ev->name, cev.gfid, nvcore_vgpu_partitions(nd));
			st->failed++;
			break;
		}
		dev_dbg(nd->dev, "GSP event %s (%u bytes) for client 0x%x\n", ev->name, plen,
			cev.h_client);
		nvcore_clients_event(nd, &cev);
		break;
	}
}

/* ---- CPU sequencer (protocol.md §3.5) ------------------------------------------------ */

/*
 * The opcodes and their payloads are OGKM rmgspseq.h; the common ones run as
 * OGKM kernel_gsp.c kgspExecuteSequencerBuffer_IMPL and nouveau
 * r535_gsp_msg_run_cpu_sequencer do, the core ones as below.  The buffer is
 * firmware data: every register, index and wait it names is checked first
 * (DESIGN principle 2).
 */
static const struct {
	const char *name;
	u32 ndw;	/* payload dwords */
} seq_ops[] = {
	[GSP_SEQ_BUF_OPCODE_REG_WRITE] = { "REG_WRITE", 2 },
	[GSP_SEQ_BUF_OPCODE_REG_MODIFY] = { "REG_MODIFY", 3 },
	[GSP_SEQ_BUF_OPCODE_REG_POLL] = { "REG_POLL", 5 },
	[GSP_SEQ_BUF_OPCODE_DELAY_US] = { "DELAY_US", 1 },
	[GSP_SEQ_BUF_OPCODE_REG_STORE] = { "REG_STORE", 2 },
	[GSP_SEQ_BUF_OPCODE_CORE_RESET] = { "CORE_RESET", 0 },
	[GSP_SEQ_BUF_OPCODE_CORE_START] = { "CORE_START", 0 },
	[GSP_SEQ_BUF_OPCODE_CORE_WAIT_FOR_HALT] = { "CORE_WAIT_FOR_HALT", 0 },
	[GSP_SEQ_BUF_OPCODE_CORE_RESUME] = { "CORE_RESUME", 0 },
};

/* REG_POLL timeout 0 means 4 s (nouveau r535_gsp_msg_run_cpu_sequencer, nova sequencer.rs). */
#define SEQ_POLL_DEFAULT_US	4000000u
#define SEQ_POLL_US		10

static bool seq_reg_ok(struct nvcore_dev *nd, u32 addr)
{
	return IS_ALIGNED(addr, 4) && addr < pci_resource_len(nd->pdev, 0);
}

/*
 * No single sequencer step may wait longer than the whole GSP_INIT_DONE
 * wait it is part of: a longer REG_POLL timeout or DELAY_US is a corrupt
 * buffer, not a real request.
 */
static bool seq_wait_ok(struct nvcore_dev *nd, const char *op, u32 us, u32 at)
{
	u64 max_us = (u64)nvcore_timeout_ms(nd, NVCORE_TIMEOUT_INIT_DONE) * USEC_PER_MSEC;

	if (us <= max_us)
		return true;
	dev_err(nd->dev, "GSP sequencer %s at dword %u asks for %u us, more than the %u ms GSP_INIT_DONE wait\n",
		op, at, us, nvcore_timeout_ms(nd, NVCORE_TIMEOUT_INIT_DONE));
	return false;
}

/* nouveau nvkm_falcon_start / nova Falcon::start: through CPUCTL_ALIAS when ALIAS_EN. */
static void seq_falcon_start(struct nvcore_dev *nd, u32 base)
{
	if (nvcore_rd32(nd, base + NV_FALCON_CPUCTL) & NV_FALCON_CPUCTL_ALIAS_EN)
		nvcore_wr32(nd, base + NV_FALCON_CPUCTL_ALIAS, NV_FALCON_CPUCTL_STARTCPU);
	else
		nvcore_wr32(nd, base + NV_FALCON_CPUCTL, NV_FALCON_CPUCTL_STARTCPU);
}

/*
 * CORE_RESET: reset the GSP falcon with the falcon core selected (nova
 * falcon.rs Falcon::reset, which nova's sequencer.rs CoreReset calls;
 * nouveau nvkm_falcon_reset), then let the falcon DMA physical addresses
 * without a context and clear DMACTL (nouveau r535 CORE_RESET: 0x624 bit 7,
 * 0x10c = 0; nova Falcon::dma_reset).
 */
static int seq_core_reset(struct nvcore_dev *nd)
{
	int ret;

	ret = nvcore_falcon_reset(nd, NV_PGSP_BASE, false, nvcore_timeout_ms(nd, NVCORE_TIMEOUT_SEQ_CORE));
	if (ret)
		return ret;
	nvcore_mask32(nd, NV_PGSP_BASE + NV_FALCON_FBIF_CTL, NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX,
		      NV_FALCON_FBIF_CTL_ALLOW_PHYS_NO_CTX);
	nvcore_wr32(nd, NV_PGSP_BASE + NV_FALCON_DMACTL, 0);
	return 0;
}

/*
 * CORE_RESUME: the buffer before it left SEC2-RTOS loaded but not running
 * (nova sequencer.rs); the host restarts GSP-RM through it.  Steps and their
 * order: OGKM kernel_gsp_ga102.c kgspExecuteSequencerCommand_GA102, nouveau
 * r535_gsp_msg_run_cpu_sequencer, nova sequencer.rs CoreResume.
 */
static int seq_core_resume(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	unsigned int ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_SEQ_CORE);
	u32 val;
	int ret;

	/* Only the SEC2-booter boot (GA10x/AD10x) has a SEC2-RTOS to resume with. */
	if (nvcore_boot_family_of(nd) != &nvcore_boot_ga102) {
		dev_err(nd->dev, "GSP sequencer CORE_RESUME on a %s boot, which has no SEC2 booter\n",
			nvcore_boot_family_of(nd)->name);
		return -EOPNOTSUPP;
	}
	/* 1. Reset the GSP into its RISC-V core (OGKM kflcnResetIntoRiscv, nouveau ga102_gsp_reset). */
	ret = nvcore_gsp_reset_riscv(nd, ms);
	if (ret) {
		dev_err(nd->dev, "GSP sequencer CORE_RESUME: GSP reset failed\n");
		return ret;
	}
	/* 2. The LibOS arguments again, as for booter-load (OGKM kgspProgramLibosBootArgsAddr). */
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX0, lower_32_bits(c->boot.libos.dma));
	nvcore_wr32(nd, NV_PGSP_FALCON_MAILBOX1, upper_32_bits(c->boot.libos.dma));
	/* 3. Start SEC2: SEC2-RTOS resumes GSP-RM. */
	seq_falcon_start(nd, NV_PSEC_BASE);
	/* 4. Boot stage 3 handoff: GSP-RM reloaded (OGKM _kgspIsReloadCompleted). */
	ret = read_poll_timeout(nvcore_rd32, val, val & NV_BSI_BOOT_STAGE_3_HANDOFF, SEQ_POLL_US,
				(u64)ms * USEC_PER_MSEC, false, nd, NV_PGC6_BSI_SECURE_SCRATCH_14);
	if (ret) {
		dev_err(nd->dev, "GSP sequencer CORE_RESUME: no boot stage 3 handoff in %u ms (BSI_SECURE_SCRATCH_14 0x%08x, SEC2 MAILBOX0 0x%08x)\n",
			ms, val, nvcore_rd32(nd, NV_PSEC_BASE + NV_FALCON_MAILBOX0));
		return ret;
	}
	/* 5. SEC2-RTOS reports errors in its MAILBOX0. */
	val = nvcore_rd32(nd, NV_PSEC_BASE + NV_FALCON_MAILBOX0);
	if (val) {
		dev_err(nd->dev, "GSP sequencer CORE_RESUME: SEC2 MAILBOX0 0x%08x\n", val);
		return -EIO;
	}
	/* 6. FALCON_OS = the bootloader's appVersion, as after booter-load. */
	nvcore_wr32(nd, NV_PGSP_FALCON_OS, nd->fw.bl_app_version);
	/* 7. The RISC-V core runs again (one read: OGKM kflcnIsRiscvActive, nouveau). */
	val = nvcore_rd32(nd, NV_PGSP_RISCV_CPUCTL);
	if (!(val & NV_RISCV_CPUCTL_ACTIVE_STAT)) {
		dev_err(nd->dev, "GSP sequencer CORE_RESUME: RISC-V core not active (CPUCTL 0x%08x)\n",
			val);
		return -EIO;
	}
	return 0;
}

static int seq_one(struct nvcore_dev *nd, u32 op, const u32 *p, u32 at)
{
	struct nvcore_core_state *c = nd->core;
	u32 val;
	int ret;

	/* Every register the firmware names must be inside BAR0. */
	if (seq_ops[op].ndw && op != GSP_SEQ_BUF_OPCODE_DELAY_US && !seq_reg_ok(nd, p[0])) {
		dev_err(nd->dev, "GSP sequencer %s at dword %u: register 0x%x is outside BAR0\n",
			seq_ops[op].name, at, p[0]);
		return -EINVAL;
	}

	switch (op) {
	case GSP_SEQ_BUF_OPCODE_REG_WRITE:
		nvcore_wr32(nd, p[0], p[1]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_REG_MODIFY:
		/* OGKM: reg = (reg & ~mask) | val; val is not masked. */
		val = nvcore_rd32(nd, p[0]);
		nvcore_wr32(nd, p[0], (val & ~p[1]) | p[2]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_REG_POLL: {
		u32 us = p[3] ? p[3] : SEQ_POLL_DEFAULT_US;

		if (!seq_wait_ok(nd, "REG_POLL", us, at))
			return -EINVAL;
		ret = read_poll_timeout(nvcore_rd32, val, (val & p[1]) == p[2], SEQ_POLL_US, us,
					false, nd, p[0]);
		if (ret)
			dev_err(nd->dev,
				"GSP sequencer REG_POLL 0x%x & 0x%x == 0x%x timed out (last 0x%x, error 0x%x)\n",
				p[0], p[1], p[2], val, p[4]);
		return ret;
	}
	case GSP_SEQ_BUF_OPCODE_DELAY_US:
		if (!seq_wait_ok(nd, "DELAY_US", p[0], at))
			return -EINVAL;
		fsleep(p[0]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_REG_STORE:
		if (p[1] >= GSP_SEQ_BUF_REG_SAVE_SIZE) {
			dev_err(nd->dev, "GSP sequencer REG_STORE index %u out of range\n", p[1]);
			return -EINVAL;
		}
		c->boot.seq_regs[p[1]] = nvcore_rd32(nd, p[0]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_CORE_RESET:
		return seq_core_reset(nd);
	case GSP_SEQ_BUF_OPCODE_CORE_START:
		/* nouveau r535 CORE_START, nova Falcon::start. */
		seq_falcon_start(nd, NV_PGSP_BASE);
		return 0;
	case GSP_SEQ_BUF_OPCODE_CORE_WAIT_FOR_HALT:
		/* nouveau: CPUCTL HALTED within 2 s; nova Falcon::wait_till_halted. */
		ret = read_poll_timeout(nvcore_rd32, val, val & NV_FALCON_CPUCTL_HALTED, SEQ_POLL_US,
					(u64)nvcore_timeout_ms(nd, NVCORE_TIMEOUT_SEQ_CORE) *
					USEC_PER_MSEC, false, nd, NV_PGSP_BASE + NV_FALCON_CPUCTL);
		if (ret)
			dev_err(nd->dev, "GSP sequencer CORE_WAIT_FOR_HALT timed out (CPUCTL 0x%x)\n",
				val);
		return ret;
	case GSP_SEQ_BUF_OPCODE_CORE_RESUME:
		return seq_core_resume(nd);
	default:
		return -EBADMSG;	/* seq_ops[] and the caller rule this out */
	}
}

int nvcore_seq_run(struct nvcore_dev *nd, const void *payload, u32 len)
{
	const struct rpc_run_cpu_sequencer_v17_00 *seq = payload;
	const u32 *cmd = seq->commandBuffer;
	u32 used, at = 0;
	int ret;

	if (len < sizeof(*seq)) {
		dev_err(nd->dev, "GSP sequencer event is %u bytes, shorter than its header\n", len);
		return -EBADMSG;
	}
	/* cmdIndex counts dwords used (NVIDIA/nouveau semantics). */
	used = seq->cmdIndex;
	if (used > (len - sizeof(*seq)) / sizeof(u32) || used > seq->bufferSizeDWord) {
		dev_err(nd->dev, "GSP sequencer claims %u dwords; buffer %u, payload holds %zu\n",
			used, seq->bufferSizeDWord, (len - sizeof(*seq)) / sizeof(u32));
		return -EBADMSG;
	}
	while (at < used) {
		u32 op = cmd[at];

		if (op >= ARRAY_SIZE(seq_ops) || !seq_ops[op].name) {
			dev_err(nd->dev, "GSP sequencer: unknown opcode %u at dword %u\n", op, at);
			return -EBADMSG;
		}
		if (seq_ops[op].ndw > used - at - 1) {
			dev_err(nd->dev, "GSP sequencer %s at dword %u runs past the buffer end (%u)\n",
				seq_ops[op].name, at, used);
			return -EBADMSG;
		}
		ret = seq_one(nd, op, &cmd[at + 1], at);
		if (ret)
			return ret;
		at += 1 + seq_ops[op].ndw;
	}
	/* Read by the boot's timeout message while this work may run. */
	WRITE_ONCE(nd->core->boot.seq_runs, nd->core->boot.seq_runs + 1);
	return 0;
}
