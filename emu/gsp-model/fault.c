/* SPDX-License-Identifier: MIT */
/*
 * Fault specs (gspm.h gspm_fault_arm): the one parser of the textual fault
 * form that the conformance suites, a trace header's "fault" field and the
 * QEMU device's fault= option share.  A spec is checked whole before
 * anything is armed, so a bad item arms nothing; an error names the item
 * and what is wrong with it.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rm_priv.h"

#define MAX_ITEMS	16
#define MAX_ITEM_LEN	128
#define NS_PER_MS	1000000ull

/* One parsed item: a model fault, or an allocation failure for the host. */
struct item {
	bool alloc;
	enum gspm_alloc_class alloc_class;
	enum gspm_fault fault;
	uint32_t function;
	uint64_t arg;
	unsigned int count;
	uint64_t after;
};

/* Actions of rpc:FN:ACTION; has_arg: "=N" required (ms: N is milliseconds). */
static const struct {
	const char *name;
	enum gspm_fault fault;
	bool has_arg, optional_arg, ms;
} rpc_actions[] = {
	{ "drop", GSPM_FAULT_DROP_REPLY },
	{ "status", GSPM_FAULT_RPC_STATUS, true },
	{ "delay", GSPM_FAULT_DELAY_REPLY, true, false, true },
	{ "stall-rest", GSPM_FAULT_STALL_CONTINUATION, true, false, true },
	{ "corrupt", GSPM_FAULT_CORRUPT_PAYLOAD },
	{ "csum", GSPM_FAULT_CORRUPT_CHECKSUM },
	{ "seq-wrong", GSPM_FAULT_SEQ_WRONG },
	{ "seq-dup", GSPM_FAULT_SEQ_DUP },
	{ "reorder", GSPM_FAULT_REORDER },
	{ "die", GSPM_FAULT_DIE, true, true },
};

/* hw:WHAT (the boot and unload steps); arg: 0 or the fixed argument. */
static const struct {
	const char *name;
	enum gspm_fault fault;
	uint64_t arg;
	bool has_arg, ms;
} hw_faults[] = {
	{ "gfw-stuck", GSPM_FAULT_GFW_STUCK },
	{ "fwsec-hang", GSPM_FAULT_FALCON_HANG, 0 },
	{ "booter-hang", GSPM_FAULT_FALCON_HANG, 1 },
	{ "riscv-hang", GSPM_FAULT_RISCV_HANG },
	{ "suspend-stuck", GSPM_FAULT_SUSPEND_STUCK },
	{ "lockdown-stuck", GSPM_FAULT_LOCKDOWN_STUCK },
	{ "fsp-error", GSPM_FAULT_FSP_ERROR, 0, true },
	{ "fmc-error", GSPM_FAULT_FMC_ERROR, 0, true },
	{ "fsp-busy", GSPM_FAULT_FSP_QUEUE_BUSY, 0, true, true },
	{ "ce-stall", GSPM_FAULT_CE_STALL },
};

/* event:EV:WHAT; short takes an optional byte count. */
static const struct {
	const char *name;
	enum gspm_fault fault;
} event_faults[] = {
	{ "short", GSPM_FAULT_EVENT_SHORT },
	{ "malformed", GSPM_FAULT_EVENT_MALFORMED },
	{ "oversized", GSPM_FAULT_EVENT_OVERSIZED },
};

/*
 * Names for vgpu:CMD and plugin-rpc:RPC: the vGPU manager's RM controls
 * (OGKM ctrl2080vgpumgrinternal.h, ctrl2080gpu.h) and the plugin RPCs
 * (spec/vgpu.md §2.8).
 */
struct named {
	const char *name;
	uint32_t value;
};

static const struct named vgpu_cmds[] = {
	{ "BOOTLOAD", 0x20804001 },		/* ..._BOOTLOAD_GSP_VGPU_PLUGIN_TASK */
	{ "SHUTDOWN", 0x20804002 },		/* ..._SHUTDOWN_GSP_VGPU_PLUGIN_TASK */
	{ "CLEANUP", 0x20804008 },		/* ..._VGPU_PLUGIN_CLEANUP */
	{ "GET_VMMU_SEGMENT_SIZE", 0x2080017e },
	{ "QUERY_ECC_STATUS", 0x2080012f },
	{ NULL, 0 }
};

static const struct named plugin_rpcs[] = {
	{ "VERSION_NEGOTIATION", 1 },
	{ "SETUP_CONFIG_PARAMS_AND_INIT", 2 },
	{ "RESET", 3 },
	{ "UPDATE_BME_STATE", 13 },
	{ NULL, 0 }
};

static const char *const alloc_classes[] = {
	[GSPM_ALLOC_ANY] = "any",
	[GSPM_ALLOC_KMALLOC] = "kmalloc",
	[GSPM_ALLOC_DMA] = "dma",
	[GSPM_ALLOC_FIRMWARE] = "firmware",
};

#define N(a)	(sizeof(a) / sizeof((a)[0]))

static int fail(char *err, size_t errlen, const char *item, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fail(char *err, size_t errlen, const char *item, const char *fmt, ...)
{
	char why[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (err && errlen)
		snprintf(err, errlen, "fault '%s': %s", item, why);
	return -1;
}

static int number(const char *s, uint64_t *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoull(s, &end, 0);
	return *end || errno ? -1 : 0;
}

/* "NAME" or "NAME=VALUE": split at '=' (value NULL when absent). */
static char *split_value(char *s)
{
	char *eq = strchr(s, '=');

	if (!eq)
		return NULL;
	*eq = '\0';
	return eq + 1;
}

/* A name of the table, or a number. */
static int parse_named(const struct named *t, const char *s, uint32_t *v)
{
	uint64_t n;

	for (; t->name; t++)
		if (!strcmp(s, t->name)) {
			*v = t->value;
			return 0;
		}
	if (number(s, &n) || n >= UINT32_MAX)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int parse_function(const struct gspm *m, const char *s, uint32_t *fn)
{
	uint64_t v;

	if (!strcmp(s, "any")) {
		*fn = UINT32_MAX;
		return 0;
	}
	if (!number(s, &v))
		return v < UINT32_MAX ? (*fn = (uint32_t)v, 0) : -1;
	return gspm_rm_function_by_name(gspm_rm_of((struct gspm *)m), s, fn);
}

/* A value for WHAT=VALUE: required, a number, milliseconds scaled to ns. */
static int parse_arg(const char *item, const char *what, const char *val, bool ms, uint64_t *arg,
		     char *err, size_t errlen)
{
	if (!val)
		return fail(err, errlen, item, "%s needs a value (%s=N)", what, what);
	if (number(val, arg))
		return fail(err, errlen, item, "%s: '%s' is not a number", what, val);
	if (ms)
		*arg *= NS_PER_MS;
	return 0;
}

/* The suffixes: '*COUNT' and '@AFTER', in that order, cut off s. */
static int parse_suffixes(char *s, const char *item, struct item *it, bool *has_after,
			  char *err, size_t errlen)
{
	char *at = strchr(s, '@'), *star = strchr(s, '*');
	uint64_t v;

	*has_after = false;
	if (at) {
		*at = '\0';
		if (number(at + 1, &it->after))
			return fail(err, errlen, item, "@AFTER: '%s' is not a number", at + 1);
		*has_after = true;
	}
	if (star) {
		*star = '\0';
		if (number(star + 1, &v) || !v || v > UINT32_MAX)
			return fail(err, errlen, item, "*COUNT: '%s' is not a count from 1", star + 1);
		it->count = (unsigned int)v;
	}
	return 0;
}

/* event:EV:WHAT, vgpu:CMD:status=S, plugin:GFID:hang, plugin-rpc:RPC:result=R. */
static int parse_vgpu_event(const struct gspm *m, const char *item, char **f, struct item *it,
			    char *err, size_t errlen)
{
	char *val = split_value(f[2]);
	unsigned int k;

	if (!strcmp(f[0], "event")) {
		if (parse_function(m, f[1], &it->function) ||
		    (it->function != UINT32_MAX &&
		     it->function < gspm_rm_of((struct gspm *)m)->rel->ev_first))
			return fail(err, errlen, item, "no event '%s' in this release", f[1]);
		for (k = 0; k < N(event_faults) && strcmp(f[2], event_faults[k].name); k++)
			;
		if (k == N(event_faults))
			return fail(err, errlen, item, "unknown event fault '%s' (short[=N], malformed, oversized)",
				    f[2]);
		it->fault = event_faults[k].fault;
		it->arg = UINT64_MAX;	/* short: half the payload */
		if (val && it->fault != GSPM_FAULT_EVENT_SHORT)
			return fail(err, errlen, item, "%s takes no value", f[2]);
		return val ? parse_arg(item, f[2], val, false, &it->arg, err, errlen) : 0;
	}
	if (!strcmp(f[0], "plugin")) {
		uint64_t gfid;

		if (number(f[1], &gfid) || !gfid || gfid > 32)
			return fail(err, errlen, item, "GFID '%s' is not a VF's (1..32)", f[1]);
		if (strcmp(f[2], "hang") || val)
			return fail(err, errlen, item, "unknown plugin fault '%s' (hang)", f[2]);
		it->fault = GSPM_FAULT_VGPU_PLUGIN_HANG;
		it->function = (uint32_t)gfid;
		return 0;
	}
	if (!strcmp(f[0], "vgpu")) {
		if (parse_named(vgpu_cmds, f[1], &it->function))
			return fail(err, errlen, item, "no vGPU-manager control '%s'", f[1]);
		if (strcmp(f[2], "status"))
			return fail(err, errlen, item, "unknown vGPU control fault '%s' (status=S)", f[2]);
		it->fault = GSPM_FAULT_VGPU_CTRL_STATUS;
		return parse_arg(item, f[2], val, false, &it->arg, err, errlen);
	}
	if (parse_named(plugin_rpcs, f[1], &it->function))
		return fail(err, errlen, item, "no plugin RPC '%s'", f[1]);
	if (strcmp(f[2], "result"))
		return fail(err, errlen, item, "unknown plugin RPC fault '%s' (result=R)", f[2]);
	it->fault = GSPM_FAULT_VGPU_RPC_RESULT;
	return parse_arg(item, f[2], val, false, &it->arg, err, errlen);
}

static int parse_item(const struct gspm *m, const char *item, struct item *it, char *err,
		      size_t errlen)
{
	char buf[MAX_ITEM_LEN], *f[3] = { NULL }, *val, *p;
	unsigned int nf = 0, k;
	bool has_after;
	uint64_t v;

	if (strlen(item) >= sizeof(buf))
		return fail(err, errlen, item, "longer than %d characters", MAX_ITEM_LEN - 1);
	snprintf(buf, sizeof(buf), "%s", item);
	*it = (struct item){ .count = 1, .function = UINT32_MAX };
	if (parse_suffixes(buf, item, it, &has_after, err, errlen))
		return -1;
	for (p = buf; nf < 3; nf++) {
		f[nf] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (p)
		return fail(err, errlen, item, "too many ':' fields");
	nf++;

	if (!strcmp(f[0], "rpc")) {
		if (nf != 3)
			return fail(err, errlen, item, "expected rpc:FUNCTION:ACTION");
		if (parse_function(m, f[1], &it->function))
			return fail(err, errlen, item, "no function or event '%s' in this release", f[1]);
		val = split_value(f[2]);
		for (k = 0; k < N(rpc_actions) && strcmp(f[2], rpc_actions[k].name); k++)
			;
		if (k == N(rpc_actions))
			return fail(err, errlen, item, "unknown action '%s' (drop, status=S, delay=MS, corrupt, csum, seq-wrong, seq-dup, reorder, die[=MB0])",
				    f[2]);
		it->fault = rpc_actions[k].fault;
		if (!rpc_actions[k].has_arg && val)
			return fail(err, errlen, item, "%s takes no value", f[2]);
		if (rpc_actions[k].has_arg && (val || !rpc_actions[k].optional_arg) &&
		    parse_arg(item, f[2], val, rpc_actions[k].ms, &it->arg, err, errlen))
			return -1;
		return 0;
	}
	if (!strcmp(f[0], "alloc")) {
		if (nf != 3 || it->count != 1 || has_after)
			return fail(err, errlen, item, "expected alloc:CLASS:N");
		for (k = 0; k < N(alloc_classes) && strcmp(f[1], alloc_classes[k]); k++)
			;
		if (k == N(alloc_classes))
			return fail(err, errlen, item, "unknown class '%s' (kmalloc, dma, firmware, any)", f[1]);
		if (number(f[2], &v) || !v || v > LONG_MAX)
			return fail(err, errlen, item, "N: '%s' is not a count from 1", f[2]);
		it->alloc = true;
		it->alloc_class = (enum gspm_alloc_class)k;
		it->after = v - 1;
		return 0;
	}
	if (!strcmp(f[0], "event") || !strcmp(f[0], "vgpu") || !strcmp(f[0], "plugin") ||
	    !strcmp(f[0], "plugin-rpc"))
		return nf == 3 ? parse_vgpu_event(m, item, f, it, err, errlen) :
				 fail(err, errlen, item, "expected %s:%s:ACTION", f[0],
				      !strcmp(f[0], "event") ? "EVENT" : !strcmp(f[0], "vgpu") ? "CMD" :
				      !strcmp(f[0], "plugin") ? "GFID" : "RPC");
	if (nf != 2)
		return fail(err, errlen, item, "expected CLASS:WHAT (rpc, fw, cmdq, statq, seq, irq, mmio, hw, event, vgpu, plugin, plugin-rpc, alloc)");
	val = split_value(f[1]);
	if (!strcmp(f[0], "fw") && !strcmp(f[1], "die")) {
		it->fault = GSPM_FAULT_DIE;
		return val ? parse_arg(item, "die", val, false, &it->arg, err, errlen) : 0;
	}
	if (!strcmp(f[0], "cmdq") && !strcmp(f[1], "full")) {
		it->fault = GSPM_FAULT_STALL_QUEUE;
		return parse_arg(item, "full", val, true, &it->arg, err, errlen);
	}
	if (!strcmp(f[0], "mmio") && !strcmp(f[1], "allones") && !val) {
		it->fault = GSPM_FAULT_MMIO_DEAD;
		return 0;
	}
	if (has_after)
		return fail(err, errlen, item, "@AFTER counts commands: only rpc, fw, cmdq, mmio, event, vgpu and plugin items take it");
	if (!strcmp(f[0], "statq") && !strcmp(f[1], "noinit") && !val) {
		it->fault = GSPM_FAULT_STATQ_NOINIT;
		return 0;
	}
	if (!strcmp(f[0], "seq") && !strcmp(f[1], "core-reset") && !val) {
		it->fault = GSPM_FAULT_SEQ_CORE_RESET;
		return 0;
	}
	if (!strcmp(f[0], "irq") && !strcmp(f[1], "lost") && !val) {
		it->fault = GSPM_FAULT_IRQ_DROP_EDGE;
		return 0;
	}
	if (!strcmp(f[0], "irq") && !strcmp(f[1], "storm")) {
		it->fault = GSPM_FAULT_IRQ_STORM;
		return parse_arg(item, "storm", val, false, &it->arg, err, errlen);
	}
	if (!strcmp(f[0], "hw")) {
		for (k = 0; k < N(hw_faults) && strcmp(f[1], hw_faults[k].name); k++)
			;
		if (k == N(hw_faults))
			return fail(err, errlen, item, "unknown hardware fault '%s'", f[1]);
		it->fault = hw_faults[k].fault;
		it->arg = hw_faults[k].arg;
		if (!hw_faults[k].has_arg)
			return val ? fail(err, errlen, item, "%s takes no value", f[1]) : 0;
		return parse_arg(item, f[1], val, hw_faults[k].ms, &it->arg, err, errlen);
	}
	return fail(err, errlen, item, "unknown fault '%s:%s'", f[0], f[1]);
}

static void arm(struct gspm *m, const struct item *it)
{
	if (it->fault == GSPM_FAULT_MMIO_DEAD && !it->after && it->function == UINT32_MAX &&
	    it->count == 1) {
		/* Off the bus now, not at a command: GSP-RM is gone with it. */
		gspm_hw_fall_off_bus(gspm_hw_of(m));
		gspm_rm_die(gspm_rm_of(m));
	} else if (gspm_is_hw_fault(it->fault)) {
		gspm_inject(m, it->fault, it->function, it->arg, it->count);
	} else {
		gspm_rm_inject_after(gspm_rm_of(m), it->fault, it->function, it->arg, it->count,
				     it->after);
	}
}

int gspm_fault_arm(struct gspm *m, const char *spec, gspm_alloc_fault_fn alloc, void *ctx,
		   char *err, size_t errlen)
{
	struct item items[MAX_ITEMS];
	char text[MAX_ITEMS * MAX_ITEM_LEN];
	unsigned int n = 0, i;
	char *p, *next;

	if (err && errlen)
		err[0] = '\0';
	if (!spec || !*spec)
		return 0;
	if (strlen(spec) >= sizeof(text))
		return fail(err, errlen, spec, "the spec is longer than %zu characters", sizeof(text) - 1);
	snprintf(text, sizeof(text), "%s", spec);
	for (p = text; p; p = next) {
		next = strchr(p, '+');
		if (next)
			*next++ = '\0';
		if (n == MAX_ITEMS)
			return fail(err, errlen, p, "more than %d items", MAX_ITEMS);
		if (!*p)
			return fail(err, errlen, spec, "an empty item (two '+' in a row, or one at an end)");
		if (parse_item(m, p, &items[n], err, errlen))
			return -1;
		if (items[n].alloc && !alloc)
			return fail(err, errlen, p, "this host has no allocator to fail");
		n++;
	}
	for (i = 0; i < n; i++) {
		if (items[i].alloc)
			alloc(ctx, items[i].alloc_class, (unsigned long)items[i].after);
		else
			arm(m, &items[i]);
	}
	gspm_log(m, GSPM_LOG_INFO, "fault spec armed: %s", spec);
	return 0;
}

/*
 * The event-payload faults (GSPM_FAULT_EVENT_*) on an event the firmware
 * posts (rm_post): the payload the host will see instead of the real one.
 */
uint8_t *rm_event_fault(struct gspm_rm *rm, uint32_t function, const uint8_t **payload,
			size_t *len, uint32_t *announce)
{
	uint64_t arg;
	uint8_t *d;
	size_t n;

	if (rm_take_fault(rm, GSPM_FAULT_EVENT_SHORT, function, &arg)) {
		n = arg == UINT64_MAX ? *len / 2 : arg;
		if (n < *len)
			*len = n;
		gspm_log(rm->m, GSPM_LOG_INFO, "fault: event %s cut to %zu bytes",
			 rm_function_name(rm, function), *len);
		return NULL;
	}
	if (rm_take_fault(rm, GSPM_FAULT_EVENT_MALFORMED, function, NULL)) {
		d = malloc(*len ? *len : 1);
		if (!d)
			return NULL;
		memset(d, 0xff, *len);
		*payload = d;
		gspm_log(rm->m, GSPM_LOG_INFO, "fault: event %s payload all 0xff",
			 rm_function_name(rm, function));
		return d;
	}
	if (rm_take_fault(rm, GSPM_FAULT_EVENT_OVERSIZED, function, NULL)) {
		n = RM_MAX_CHUNK + RM_PAGE;
		d = calloc(1, n);
		if (!d)
			return NULL;
		if (*payload)
			memcpy(d, *payload, *len < n ? *len : n);
		*payload = d;
		*len = n;
		*announce = RM_RPC_HDR + (uint32_t)n;
		gspm_log(rm->m, GSPM_LOG_INFO, "fault: event %s grown to %zu bytes (announced in one record)",
			 rm_function_name(rm, function), n);
		return d;
	}
	return NULL;
}
