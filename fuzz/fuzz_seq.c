// SPDX-License-Identifier: MIT
/*
 * (d) The CPU sequencer (nvcore_seq_run, protocol.md §3.5) on a bare device:
 *
 *   byte 0: bit 0 GH100 (FSP boot: CORE_RESUME refused), bits 1..: the release
 *   byte 1: n, then n u32: what BAR0 reads return, in turn (0 if n is 0)
 *   the rest: the event payload (rpc_run_cpu_sequencer_v17_00 and commands)
 *
 * Register polls run on kshim's virtual clock; state is rebuilt per input.
 */
#include "common.h"

static struct {
	u32 val[256];
	unsigned int n, next;
} regs;

static uint32_t reg_read(void *ctx, uint32_t off)
{
	return regs.n ? regs.val[regs.next++ % regs.n] : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fzin in = { data, size };
	struct fzdev d = { 0 };
	u8 sel = fz_u8(&in);
	unsigned int i;
	void *payload;

	memset(&regs, 0, sizeof(regs));
	regs.n = fz_u8(&in);
	for (i = 0; i < regs.n; i++)
		regs.val[i] = fz_u32(&in);
	fzdev_init(&d, sel & 1 ? "gh100" : "ga102", sel & 1,
		   nvcore_fw_releases[(sel >> 1) % nvcore_fw_num_releases]);
	d.reg = reg_read;
	fzdev_short_timeouts(&d);
	if (fzdev_queues(&d))
		abort();
	/* The driver sees the payload in its aligned receive buffer; so does this copy. */
	payload = malloc(in.n ? in.n : 1);
	memcpy(payload, in.p, in.n);
	nvcore_seq_run(&d.nd, payload, in.n);
	free(payload);
	fz_finish(&d);
	return 0;
}
