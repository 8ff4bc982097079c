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
#include "regs.h"

void nvcore_event_dispatch(struct nvcore_dev *nd, const struct rpc_message_header_v *rpc,
			   u32 len)
{
	struct nvcore_core_state *c = nd->core;
	const struct nvcore_fw_event *ev = nvcore_fw_event_lookup(nd->release, rpc->function);
	u32 plen = len - sizeof(*rpc);
	struct nvcore_event cev;
	struct nvcore_rpc_stat *st;

	if (!ev) {
		dev_warn(nd->dev, "GSP sent unknown event 0x%x (%u bytes); ignored\n",
			 rpc->function, plen);
		return;
	}
	st = &c->event_stats[min_t(int, ev->kind, NVCORE_CORE_EVENT_LOG_ONLY)];
	st->count++;

	/* Events enter the history too: a dump must show what arrived meanwhile. */
	nvcore_rpc_hist_push(c, rpc->function, plen, 0, true, rpc->rpc_result);

	switch (ev->kind) {
	case NVCORE_CORE_EVENT_INIT_DONE:
		c->init_done_status = rpc->rpc_result == NV_OK ? 0 : -EREMOTEIO;
		if (rpc->rpc_result != NV_OK)
			dev_err(nd->dev, "GSP_INIT_DONE reports failure 0x%x\n", rpc->rpc_result);
		complete(&c->init_done);
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
		dev_dbg(nd->dev, "GSP event %s (%u bytes) for client 0x%x\n", ev->name, plen,
			cev.h_client);
		nvcore_clients_event(nd, &cev);
		break;
	}
}

/* ---- CPU sequencer (spec §3.5) ------------------------------------------------ */

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

#define SEQ_POLL_DEFAULT_US	4000000	/* timeout 0 means 4 s (nouveau, nova) */

static bool seq_reg_ok(struct nvcore_dev *nd, u32 addr)
{
	return IS_ALIGNED(addr, 4) && addr < pci_resource_len(nd->pdev, 0);
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
		nvcore_mask32(nd, p[0], p[1], p[2] & p[1]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_REG_POLL:
		ret = read_poll_timeout(nvcore_rd32, val, (val & p[1]) == p[2], 10,
					p[3] ? p[3] : SEQ_POLL_DEFAULT_US, false, nd, p[0]);
		if (ret)
			dev_err(nd->dev,
				"GSP sequencer REG_POLL 0x%x & 0x%x == 0x%x timed out (last 0x%x, error 0x%x)\n",
				p[0], p[1], p[2], val, p[4]);
		return ret;
	case GSP_SEQ_BUF_OPCODE_DELAY_US:
		fsleep(p[0]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_REG_STORE:
		if (p[1] >= GSP_SEQ_BUF_REG_SAVE_SIZE) {
			dev_err(nd->dev, "GSP sequencer REG_STORE index %u out of range\n", p[1]);
			return -EINVAL;
		}
		c->seq_regs[p[1]] = nvcore_rd32(nd, p[0]);
		return 0;
	case GSP_SEQ_BUF_OPCODE_CORE_RESET:
		nvcore_wr32(nd, NV_PGSP_FALCON_ENGINE, NV_FALCON_ENGINE_RESET);
		nvcore_wr32(nd, NV_PGSP_FALCON_ENGINE, 0);
		return 0;
	case GSP_SEQ_BUF_OPCODE_CORE_START:
		nvcore_wr32(nd, NV_PGSP_BASE + NV_FALCON_CPUCTL, NV_FALCON_CPUCTL_STARTCPU);
		return 0;
	case GSP_SEQ_BUF_OPCODE_CORE_WAIT_FOR_HALT:
		ret = read_poll_timeout(nvcore_rd32, val, val & NV_FALCON_CPUCTL_HALTED, 10,
					SEQ_POLL_DEFAULT_US, false, nd,
					NV_PGSP_BASE + NV_FALCON_CPUCTL);
		if (ret)
			dev_err(nd->dev, "GSP sequencer CORE_WAIT_FOR_HALT timed out (CPUCTL 0x%x)\n",
				val);
		return ret;
	default:
		/* CORE_RESUME is part of suspend/resume, which nvcore does not do. */
		dev_err(nd->dev, "GSP sequencer %s is not supported (no suspend/resume)\n",
			seq_ops[op].name);
		return -EOPNOTSUPP;
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
	nd->core->seq_runs++;
	return 0;
}
