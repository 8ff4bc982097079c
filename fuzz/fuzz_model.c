// SPDX-License-Identifier: MIT
/*
 * (b) Stateful: the model plays a misbehaving firmware while the real
 * driver boots and runs RPCs (lib/harness, as the conformance suites run).
 * The input is the firmware's behaviour:
 *
 *   byte 0: chip (GA102, AD102, GH100, GA100); byte 1: release
 *   nf:u8, then nf (max 4) faults armed before probe (gspm_inject):
 *     fault:u8 fn:u8 (index into fault_fns) arg:u32 count:u8
 *   ns:u8, then ns (max 8) scripted answers (gspm_set_script), each for the
 *     command with that index: index:u8 flags:u8 (1 drop, 2 result,
 *     4 delay, 8 shorten the payload) result:u32 delay_us:u16 len:u16
 *   then, once probed, ops (byte % 4) and their arguments:
 *     ECHO len:u16 salt:u8   an RM control round trip of len bytes
 *     EVENT n:u8 len:u8 bytes   event 0x1000 + n with that payload
 *     RUN ms:u8              virtual time passes
 *     SHM off:u32 val:u32    a stray write into the queues' shared memory
 *                            (headers, pointers, elements)
 *
 * The harness creates and destroys kshim, the model and the driver per
 * input.  Model violations are expected (the input makes them); crashes,
 * sanitizer reports and kernel-API misuse that kshim records are findings.
 */
#include <stdlib.h>

#include "common.h"
#include "harness.h"

static const enum gspm_chip chips[] = { GSPM_CHIP_GA102, GSPM_CHIP_AD102, GSPM_CHIP_GH100,
					GSPM_CHIP_GA100 };
/* Functions worth arming a fault on: any, the pre-boot and boot RPCs, events. */
static const uint32_t fault_fns[] = { UINT32_MAX, 0x1001, 72, 73, 65, 76, 103, 10, 47, 71 };

enum { OP_ECHO, OP_EVENT, OP_RUN, OP_SHM, OP_NUM };

static struct {
	unsigned int nf, ns;
	struct { uint8_t fault, fn, count; uint32_t arg; } f[4];
	struct { uint8_t index, flags; uint32_t result; uint16_t delay_us, len; } s[8];
} plan;

static void arm(struct nvh *h)
{
	for (unsigned int i = 0; i < plan.nf; i++)
		gspm_inject(h->m, plan.f[i].fault % (GSPM_FAULT_IRQ_DROP_EDGE + 1),
			    fault_fns[plan.f[i].fn % ARRAY_SIZE(fault_fns)], plan.f[i].arg,
			    plan.f[i].count % 4 + 1);
}

static void script(void *ctx, uint64_t index, uint32_t fn, const void *cmd, size_t len,
		   struct gspm_script_answer *a)
{
	for (unsigned int i = 0; i < plan.ns; i++) {
		if (plan.s[i].index != index)
			continue;
		if (plan.s[i].flags & 1)
			a->send = false;
		if (plan.s[i].flags & 2)
			a->result = plan.s[i].result;
		if (plan.s[i].flags & 4)
			a->delay_ns = plan.s[i].delay_us * 1000ull;
		if ((plan.s[i].flags & 8) && plan.s[i].len < a->len)
			a->len = plan.s[i].len;
	}
}

static void before_probe(struct nvh *h)
{
	arm(h);
	gspm_set_script(h->m, script, NULL);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* Violations are what the input is for: no failure bundles. */
	setenv("NVCORE_BUNDLE_DIR", "off", 1);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fzin in = { data, size };
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;
	struct nvh h;
	unsigned int i;
	uint8_t buf[256];

	memset(&plan, 0, sizeof(plan));
	o.chip = chips[fz_u8(&in) % ARRAY_SIZE(chips)];
	o.fw_release = nvcore_fw_releases[fz_u8(&in) % nvcore_fw_num_releases]->version;
	o.strict = false;
	o.before_probe = before_probe;
	plan.nf = fz_u8(&in) % 5;
	for (i = 0; i < plan.nf; i++) {
		plan.f[i].fault = fz_u8(&in);
		plan.f[i].fn = fz_u8(&in);
		plan.f[i].arg = fz_u32(&in);
		plan.f[i].count = fz_u8(&in);
	}
	plan.ns = fz_u8(&in) % 9;
	for (i = 0; i < plan.ns; i++) {
		plan.s[i].index = fz_u8(&in);
		plan.s[i].flags = fz_u8(&in);
		plan.s[i].result = fz_u32(&in);
		plan.s[i].delay_us = fz_u16(&in);
		plan.s[i].len = fz_u16(&in);
	}

	nvh_start(&h, &o);
	nd = h.probe_ret ? NULL : nvh_dev(&h);
	while (nd && in.n) {
		switch (fz_u8(&in) % OP_NUM) {
		case OP_ECHO: {
			uint16_t len = fz_u16(&in);

			nvh_echo(nd, len % 0x30000, fz_u8(&in));
			break;
		}
		case OP_EVENT: {
			uint8_t n = fz_u8(&in), len = fz_u8(&in);

			fz_take(&in, buf, len);
			gspm_queue_event(h.m, kshim_now_ns(), 0x1000 + n, buf, len);
			break;
		}
		case OP_RUN:
			kshim_run_for((uint64_t)fz_u8(&in) * 1000000);
			break;
		case OP_SHM: {
			struct nvcore_dmabuf *shm = &nd->core->rpc.q.shm;
			uint32_t off = fz_u32(&in) % shm->size & ~3u, val = fz_u32(&in);

			memcpy((uint8_t *)shm->cpu + off, &val, 4);
			break;
		}
		}
	}
	kshim_run_for(100000000);
	if (kshim_failure_count()) {
		for (i = 0; i < kshim_failure_count(); i++)
			fprintf(stderr, "kshim failure: %s\n", kshim_failure(i));
		abort();
	}
	nvh_stop(&h);
	return 0;
}
