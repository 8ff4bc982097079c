// SPDX-License-Identifier: MIT
/*
 * The replay detector: a recorded trace replays cleanly, and a change on its
 * host side (which stands for a deliberately changed driver: the trace and
 * the driver are symmetric) is reported at exactly that record with both
 * values.  Also: what replay imposes on the model (dropped and changed
 * replies, WPR2 left up, events), and the failure bundles.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>

#include "gspm.h"
#include "harness.h"
#include "replay.h"
#include "testutil.h"

#ifndef TRACES_DIR
#error "TRACES_DIR: the source tree's traces/"
#endif
#ifndef DATA_DIR
#error "DATA_DIR: lib/nvtrace/tests/data"
#endif
#ifndef HWREF_DIR
#error "HWREF_DIR: emu/gsp-model/hwref (NVIDIA's register headers as TSV)"
#endif

static struct nvt_trace *load(const char *rel)
{
	char path[512], err[512];
	struct nvt_trace *t;

	snprintf(path, sizeof(path), "%s/%s", TRACES_DIR, rel);
	t = nvt_load(path, err, sizeof(err));
	ck_assert_msg(t, "%s", err);
	return t;
}

/* Replay with the report captured; the report text in *report (caller frees). */
static enum nvt_verdict replay(const struct nvt_trace *t, struct nvt_replay_result *res,
			       char **report)
{
	size_t len;
	FILE *f = open_memstream(report, &len);
	struct nvt_replay_opts o = { .out = f, .bundle_dir = "" };
	enum nvt_verdict v;

	v = nvt_replay(t, &o, res);
	fclose(f);
	return v;
}

static size_t nth(const struct nvt_trace *t, enum nvt_kind k, size_t skip, uint32_t fn)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->rec[i].k == k && (fn == UINT32_MAX || t->rec[i].fn == fn) && skip-- == 0)
			return i;
	ck_abort_msg("no such record");
	return 0;
}

/*
 * The first reply to a test echo (GSP_RM_CONTROL with the model's echo cmd at
 * rpc_gsp_rm_control_v03_00.cmd, offset 8): the probe's own controls
 * (GET_FEATURES, the interrupt table) come before it.
 */
static size_t first_echo_reply(const struct nvt_trace *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		const struct nvt_record *r = &t->rec[i];

		if (r->k == NVT_MSG && r->fn == 76 && r->len >= 12 &&
		    (r->payload[8] | r->payload[9] << 8 | r->payload[10] << 16 |
		     (uint32_t)r->payload[11] << 24) == GSPM_CTRL_CMD_TEST_ECHO)
			return i;
	}
	ck_abort_msg("no echo reply");
	return 0;
}

START_TEST(recorded_replays_clean)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	char *rep;

	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	ck_assert_uint_eq(res.cmp.divergences, 0);
	ck_assert_uint_gt(res.cmp.compared, 20);
	ck_assert(res.expect_ok);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* Two adjacent wr records swapped: the first of them is where it diverges. */
START_TEST(swapped_writes_caught)
{
	struct nvt_trace *t = load("ga102/535.113.01/boot.jsonl");
	struct nvt_replay_result res;
	struct nvt_record tmp;
	char *rep, a[32], b[32];
	size_t i;

	for (i = 0; i + 1 < t->n; i++)
		if (t->rec[i].k == NVT_WR && t->rec[i + 1].k == NVT_WR &&
		    (t->rec[i].reg != t->rec[i + 1].reg || t->rec[i].val != t->rec[i + 1].val))
			break;
	ck_assert_uint_lt(i + 1, t->n);
	tmp = t->rec[i];
	t->rec[i] = t->rec[i + 1];
	t->rec[i + 1] = tmp;
	t->rec[i + 1].line = t->rec[i].line + 1;
	t->rec[i].line = tmp.line;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert(res.cmp.have_first);
	ck_assert_uint_eq(res.cmp.first.ia, i);
	ck_assert_uint_eq(res.cmp.first.line_a, t->rec[i].line);
	ck_assert_int_eq(res.cmp.first.k, NVT_WR);
	if (t->rec[i].reg != t->rec[i + 1].reg) {
		ck_assert_str_eq(res.cmp.first.field, "reg");
		snprintf(a, sizeof(a), "0x%08x", t->rec[i].reg);
		snprintf(b, sizeof(b), "0x%08x", t->rec[i + 1].reg);
	} else {
		ck_assert_str_eq(res.cmp.first.field, "val");
		snprintf(a, sizeof(a), "0x%08x", t->rec[i].val);
		snprintf(b, sizeof(b), "0x%08x", t->rec[i + 1].val);
	}
	/* trace: what the (mutated) trace says; replayed: what the driver did. */
	ck_assert_msg(strstr(res.cmp.first.a, a), "%s vs %s", res.cmp.first.a, a);
	ck_assert_msg(strstr(res.cmp.first.b, b), "%s vs %s", res.cmp.first.b, b);
	ck_assert_msg(strstr(rep, "divergence at"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* One cmd's fn changed (a client RPC, so replay re-issues the changed one? No:
 * the host side is what the driver did; the changed record is compared). */
START_TEST(changed_fn_caught)
{
	struct nvt_trace *t = load("ad102/535.261.03/rpc.jsonl");
	struct nvt_replay_result res;
	size_t at = nth(t, NVT_CMD, 0, 65);	/* GET_GSP_STATIC_INFO: the driver's own */
	char *rep;

	t->rec[at].fn = 66;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_uint_eq(res.cmp.first.ia, at);
	ck_assert_uint_eq(res.cmp.first.line_a, t->rec[at].line);
	ck_assert_str_eq(res.cmp.first.field, "fn");
	ck_assert_msg(!strncmp(res.cmp.first.a, "66 ", 3), "%s", res.cmp.first.a);
	ck_assert_msg(!strncmp(res.cmp.first.b, "65 ", 3), "%s", res.cmp.first.b);
	ck_assert_msg(strstr(rep, "GET_GSP_STATIC_INFO"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* One payload byte of the driver's GSP_SET_SYSTEM_INFO changed. */
START_TEST(changed_payload_byte_caught)
{
	struct nvt_trace *t = load("gh100/570.144/boot.jsonl");
	struct nvt_replay_result res;
	size_t at = nth(t, NVT_CMD, 0, 72);
	char *rep, want[8];
	uint8_t was;

	ck_assert_uint_gt(t->rec[at].len, 40);
	was = t->rec[at].payload[37];
	t->rec[at].payload[37] ^= 0x10;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_uint_eq(res.cmp.first.ia, at);
	ck_assert_uint_eq(res.cmp.first.line_a, t->rec[at].line);
	ck_assert_str_eq(res.cmp.first.field, "payload");
	ck_assert_int_eq(res.cmp.first.payload_off, 37);
	snprintf(want, sizeof(want), "0x%02x", was ^ 0x10);
	ck_assert_str_eq(res.cmp.first.a, want);
	snprintf(want, sizeof(want), "0x%02x", was);
	ck_assert_str_eq(res.cmp.first.b, want);
	ck_assert_msg(strstr(rep, "payload byte 37"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* Lenient goes on: two changes, two divergences. */
START_TEST(lenient_counts)
{
	struct nvt_trace *t = load("gh100/570.144/boot.jsonl");
	struct nvt_replay_result res;
	size_t at = nth(t, NVT_CMD, 0, 72), at2 = nth(t, NVT_CMD, 0, 73);
	size_t len;
	char *rep;
	FILE *f = open_memstream(&rep, &len);
	struct nvt_replay_opts o = { .out = f, .bundle_dir = "", .lenient = true };

	t->rec[at].payload[3] ^= 1;
	t->rec[at2].payload[5] ^= 1;
	ck_assert_int_eq(nvt_replay(t, &o, &res), NVT_FAIL);
	fclose(f);
	ck_assert_uint_eq(res.cmp.divergences, 2);
	ck_assert_uint_eq(res.cmp.first.ia, at);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * The firmware side: a reply the trace never got is dropped (the driver
 * times out exactly as the trace says), a different rpc_result is imposed.
 */
START_TEST(dropped_reply_is_played)
{
	struct nvt_trace *t = load("ga102/535.113.01/rpc.jsonl");
	struct nvt_replay_result res;
	size_t last_cmd = nth(t, NVT_CMD, 3, 76);	/* the first echo */
	size_t i;
	char *rep;

	/* Cut the trace after that command: its reply never came. */
	nvt_remove(t, last_cmd + 1, t->n - last_cmd - 1);
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);	/* the driver then logs a timeout */
	/* Everything the trace holds was reproduced; the replay goes on past it. */
	ck_assert_str_eq(res.cmp.first.field, "end");
	ck_assert_uint_eq(res.cmp.first.ia, NVT_NONE);
	for (i = res.cmp.first.ib; i < res.got->n; i++)
		if (res.got->rec[i].k == NVT_ERR)
			break;
	ck_assert_uint_lt(i, res.got->n);
	ck_assert_str_eq(res.got->rec[i].what, "rpc-timeout");
	ck_assert_msg(strstr(rep, "dropped 1"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

START_TEST(imposed_result)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	size_t at = first_echo_reply(t);
	char *rep;

	t->rec[at].result = 0x1f;	/* NV_ERR_INVALID_ARGUMENT */
	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	ck_assert_msg(strstr(rep, "imposed 1 answer"), "%s", rep);
	ck_assert_msg(strstr(rep, "re-issued GSP_RM_CONTROL: -121"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * A value from NVIDIA's published register headers, as emu/gsp-model/hwref
 * transcribes them (name, TAB, value, TAB, header): the first hex number of
 * the value ("(0x00118234+(i)*4)" gives the register's base).
 */
static uint32_t hwref(const char *tsv, const char *name)
{
	char path[512], line[512];
	FILE *f;
	size_t n = strlen(name);

	snprintf(path, sizeof(path), "%s/%s", HWREF_DIR, tsv);
	f = fopen(path, "r");
	ck_assert_msg(f, "%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *v;

		if (strncmp(line, name, n) || line[n] != '\t')
			continue;
		fclose(f);
		v = strstr(line + n, "0x");
		ck_assert_msg(v, "%s: %s has no hex value", path, name);
		return (uint32_t)strtoul(v, NULL, 16);
	}
	fclose(f);
	ck_abort_msg("%s: no %s", path, name);
	return 0;
}

/* Bits hi:lo of v set to x. */
static uint32_t field_set(uint32_t v, unsigned int hi, unsigned int lo, uint32_t x)
{
	uint32_t mask = (hi == 31 ? ~0u : (1u << (hi + 1)) - 1) & ~((1u << lo) - 1);

	return (v & ~mask) | ((x << lo) & mask);
}

/*
 * The register values a trace recorded are what the driver reads on replay:
 * a GA102 trace edited by hand to show another GPU, a tiny FB or a GFW that
 * never finished diverges.  Every register and value from NVIDIA's headers
 * (hwref): NV_PMC_BOOT_42 (0xa00) with ARCHITECTURE (29:24) AD100 and
 * IMPLEMENTATION (23:20) GPU_IMPLEMENTATION_AD102; NV_USABLE_FB_SIZE_IN_MB
 * (NV_PGC6_AON_SECURE_SCRATCH_GROUP_42, in MiB) 256; GFW_BOOT_PROGRESS (7:0
 * of NV_PGC6_AON_SECURE_SCRATCH_GROUP_05(0)) 0, not COMPLETED.
 */
START_TEST(edited_reads_diverge)
{
	struct nvt_trace *t = load("ga102/570.144/boot.jsonl");
	struct nvt_replay_result res;
	uint32_t reg;
	size_t i, edited = 0;
	char *rep;

	switch (_i) {
	case 0:
		reg = hwref("common.tsv", "NV_PMC_BOOT_42");
		break;
	case 1:
		reg = hwref("ga102.tsv", "NV_PGC6_AON_SECURE_SCRATCH_GROUP_42");
		break;
	default:
		reg = hwref("ga102.tsv", "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05(i)");
		break;
	}
	for (i = 0; i < t->n; i++) {
		struct nvt_record *r = &t->rec[i];

		if (r->k != NVT_RD || r->reg != reg)
			continue;
		if (_i == 0) {
			ck_assert_uint_ne(r->val >> 24 & 0x3f, hwref("common.tsv",
					  "NV_PMC_BOOT_42_ARCHITECTURE_AD100"));
			r->val = field_set(r->val, 29, 24,
					   hwref("common.tsv", "NV_PMC_BOOT_42_ARCHITECTURE_AD100"));
			r->val = field_set(r->val, 23, 20,
					   hwref("common.tsv", "GPU_IMPLEMENTATION_AD102"));
		} else if (_i == 1) {
			ck_assert_uint_ne(r->val, 256);
			r->val = 256;
		} else {
			ck_assert_uint_eq(r->val & 0xff, hwref("ga102.tsv",
					  "NV_PGC6_AON_SECURE_SCRATCH_GROUP_05_0_GFW_BOOT_PROGRESS_COMPLETED"));
			r->val = field_set(r->val, 7, 0, 0);
		}
		edited++;
	}
	ck_assert_uint_gt(edited, 0);
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_msg(res.cmp.have_first && res.cmp.divergences > 0, "%s", rep);
	ck_assert_msg(strstr(rep, "divergence at"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * A recorded read the driver never makes: one more read of BOOT_0 at the
 * trace's end, with another value (one repeating the last would be a polling
 * loop that ended sooner).
 */
START_TEST(unmade_read_diverges)
{
	struct nvt_trace *t = load("ga102/570.144/boot.jsonl");
	struct nvt_record r = t->rec[0];
	struct nvt_replay_result res;
	char *rep, want[160];

	ck_assert_int_eq(r.k, NVT_RD);
	r.t = t->rec[t->n - 1].t;
	r.line = t->rec[t->n - 1].line + 1;
	r.val ^= 0xff;
	nvt_append(t, &r);
	snprintf(want, sizeof(want), "divergence at %s:%u: recorded read of 0x%08x", t->file,
		 r.line, r.reg);
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_msg(strstr(rep, want), "no \"%s\" in:\n%s", want, rep);
	ck_assert_str_eq(res.cmp.first.field, "read-missing");
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* A polling loop's count ("n") is played: the driver reads the value that often, whatever the model says. */
START_TEST(polling_count_is_played)
{
	struct nvt_trace *t = load("ga102/570.144/boot.jsonl");
	struct nvt_replay_result res;
	size_t i, j;
	char *rep;

	/* The GFW wait: PRIV_LEVEL_MASK read 0 until the GFW is done. */
	for (i = 0; i < t->n; i++)
		if (t->rec[i].k == NVT_RD && t->rec[i].reg == 0x00118128 && !t->rec[i].val)
			break;
	ck_assert_uint_lt(i, t->n);
	t->rec[i].n = 20;	/* 1 ms apart: within the emulated 50 ms window */
	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	for (j = 0; j < res.got->n; j++)
		if (res.got->rec[j].k == NVT_RD && res.got->rec[j].reg == 0x00118128)
			break;
	ck_assert_uint_lt(j, res.got->n);
	ck_assert_uint_eq(res.got->rec[j].val, 0);
	ck_assert_uint_ge(res.got->rec[j].n, 20);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * Playing the reads follows the driver and the model, never time: a trace
 * replays with other seeds (other firmware latencies), among them GH100's
 * lockdown wait (MAILBOX0/1 polled in turn) ending sooner than recorded.
 */
START_TEST(replays_with_other_seeds)
{
	static const char *const traces[] = { "gh100/570.144/boot.jsonl", "ga102/570.144/rpc.jsonl",
					      "ad102/535.113.01/irq.jsonl" };
	static const uint64_t seeds[] = { 0x1, 0x2, 0x3 };
	struct nvt_trace *t = load(traces[_i]);
	struct nvt_replay_result res;
	size_t k;
	char *rep;

	for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		size_t len;
		FILE *f = open_memstream(&rep, &len);
		struct nvt_replay_opts o = { .out = f, .bundle_dir = "", .seed = seeds[k],
					     .seed_set = true };

		ck_assert_int_eq(nvt_replay(t, &o, &res), NVT_OK);
		fclose(f);
		ck_assert_uint_eq(res.seed, seeds[k]);
		ck_assert_uint_gt(res.played.reads, 0);
		free(rep);
		nvt_free(res.got);
	}
	nvt_free(t);
}
END_TEST

/*
 * A trace the real module recorded in the QEMU VM (ci/vm-test's msi
 * scenario: source "hardware", no seed, the VM's bus addresses and timing,
 * a GFW finished long before the driver loaded) replays in userspace with
 * any seed: nothing advances by time, a mailbox read that returns the
 * driver's own DMA address plays this run's.
 */
START_TEST(vm_trace_replays)
{
	char path[512], err[512], *rep;
	struct nvt_trace *t;
	struct nvt_replay_result res;
	size_t len;
	FILE *f = open_memstream(&rep, &len);
	struct nvt_replay_opts o = { .out = f, .bundle_dir = "", .seed = _i ? 0x1 : 0,
				     .seed_set = _i };

	snprintf(path, sizeof(path), "%s/vm-ga102-535.113.01-msi.jsonl", DATA_DIR);
	t = nvt_load(path, err, sizeof(err));
	ck_assert_msg(t, "%s", err);
	ck_assert_str_eq(t->h.source, "hardware");
	ck_assert(!t->h.has_seed);
	ck_assert_int_eq(nvt_replay(t, &o, &res), NVT_OK);
	fclose(f);
	ck_assert_uint_gt(res.played.reads, 0);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* One reply deleted: reported as that command's missing reply, first. */
START_TEST(deleted_reply_reported)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	size_t reply = first_echo_reply(t), cmd = reply;
	char *rep, want[96];

	while (t->rec[--cmd].k != NVT_CMD || t->rec[cmd].fn != 76)
		;
	snprintf(want, sizeof(want), "reply missing for GSP_RM_CONTROL (seq %u)", t->rec[cmd].seq);
	nvt_remove(t, reply, 1);
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_msg(strstr(rep, want), "no \"%s\" in:\n%s", want, rep);
	ck_assert_str_eq(res.cmp.first.field, "reply-missing");
	ck_assert_uint_eq(res.cmp.first.fn, 76);
	ck_assert_uint_eq(res.cmp.first.ia, cmd);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * Two replies out of the GSP's order: the status queue numbers messages as
 * the GSP writes them (seqNum, protocol.md §1.3), so the first echo reply
 * and the next reply swapping their numbers puts the second at a number
 * below the first's: reported as that reply out of order, after the higher
 * number, naming the command it answers.
 */
START_TEST(reordered_reply_reported)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	size_t a = first_echo_reply(t), b = a, cmd;
	uint32_t seq_a, seq_b;
	char *rep, want[160];

	while (t->rec[++b].k != NVT_MSG || t->rec[b].fn != 76)
		;
	for (cmd = b; t->rec[--cmd].k != NVT_CMD || t->rec[cmd].fn != 76;)
		;
	seq_a = t->rec[a].seq;
	seq_b = t->rec[b].seq;
	ck_assert_uint_lt(seq_a, seq_b);
	t->rec[a].seq = seq_b;
	t->rec[b].seq = seq_a;
	snprintf(want, sizeof(want),
		 "reply out of order for GSP_RM_CONTROL (seq %u), answering the command of line %u: it comes after seq %u",
		 seq_a, t->rec[cmd].line, seq_b);
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_msg(strstr(rep, want), "no \"%s\" in:\n%s", want, rep);
	ck_assert_str_eq(res.cmp.first.field, "reply-reordered");
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* A reply's function changed to one never commanded: a reply without a command, and its
 * own command's reply missing. */
START_TEST(stray_reply_reported)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	size_t reply = first_echo_reply(t);
	char *rep;

	t->rec[reply].fn = 0xfff;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_msg(strstr(rep, "reply without a command for"), "%s", rep);
	ck_assert_msg(strstr(rep, "reply missing for GSP_RM_CONTROL"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* A trace that read WPR2 up before the booter: the driver must refuse. */
START_TEST(wpr2_up_refused)
{
	struct nvt_trace *t = load("ga102/535.113.01/boot.jsonl");
	struct nvt_replay_result res;
	size_t i;
	char *rep;

	for (i = 0; i < t->n; i++)
		if (t->rec[i].k == NVT_RD && t->rec[i].reg == 0x001fa828)
			break;
	ck_assert_uint_lt(i, t->n);
	t->rec[i].val = 0x05fffe00;
	free(t->h.expect_probe);
	t->h.expect_probe = strdup("-EBUSY");
	t->h.expect_log = calloc(2, sizeof(char *));
	t->h.expect_log[0] = strdup("already up");
	t->h.nexpect_log = 1;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);	/* host records differ after */
	ck_assert(res.expect_ok);
	ck_assert_int_eq(res.probe_ret, -EBUSY);
	/* The replayed run stops at the refusal: the first difference is right there. */
	ck_assert_uint_ge(res.cmp.first.ia, i);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* Events after ready are queued with gspm_queue_event at their time. */
START_TEST(events_are_played)
{
	struct nvt_trace *t = load("ad102/570.144/irq.jsonl");
	struct nvt_replay_result res;
	char *rep;

	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	ck_assert_msg(strstr(rep, "5 event(s)"), "%s", rep);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/*
 * The bundled traces' headers carry no "tolerate": replay compares under
 * the source's defaults (docs/trace-format.md): emulated allows 50 ms of
 * time difference, hardware does not compare times.
 */
START_TEST(no_tolerate_replays_with_source_defaults)
{
	struct nvt_trace *t = load("ga102/570.144/rpc.jsonl");
	struct nvt_replay_result res;
	size_t ready;
	char *rep;

	for (ready = 0; ready < t->n; ready++)
		if (t->rec[ready].k == NVT_STATE && !strcmp(t->rec[ready].state, "ready"))
			break;
	ck_assert_uint_lt(ready, t->n);
	ck_assert_uint_eq(t->h.ntolerate, 0);
	ck_assert_str_eq(t->h.source, "emulated");
	t->rec[ready].t += 49000000;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	free(rep);
	nvt_free(res.got);
	t->rec[ready].t += 2000000;
	ck_assert_int_eq(replay(t, &res, &rep), NVT_FAIL);
	ck_assert_str_eq(res.cmp.first.field, "t");
	ck_assert_uint_eq(res.cmp.first.ia, ready);
	free(rep);
	nvt_free(res.got);
	free(t->h.source);
	t->h.source = strdup("hardware");
	ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
	free(rep);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* A trace recorded now replays identically. */
START_TEST(record_now_replays)
{
	static const char *const scen[] = { "boot", "rpc", "irq", "unload" };
	char *text, err[512], *rep;
	struct nvt_replay_result res;
	struct nvt_trace *t;
	size_t len;
	unsigned int k;

	for (k = 0; k < 4; k++) {
		ck_assert_int_eq(nvt_record_scenario(nvh_chip_name(nvh_target.chip), nvh_target.release,
						     scen[k], 0, false, &text, &len), 0);
		t = nvt_load_mem("now.jsonl", text, len, err, sizeof(err));
		ck_assert_msg(t, "%s", err);
		/* The harness wrote its seed; the module no rules. */
		ck_assert(t->h.has_seed);
		ck_assert_uint_eq(t->h.seed, nvh_seed());
		ck_assert_uint_eq(t->h.ntolerate, 0);
		ck_assert_int_eq(replay(t, &res, &rep), NVT_OK);
		free(rep);
		free(text);
		nvt_free(res.got);
		nvt_free(t);
	}
}
END_TEST

static bool file_has(const char *dir, const char *name, const char *needle)
{
	char path[1200], buf[1 << 16];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return strstr(buf, needle) != NULL;
}

/* A conformance run that dies in an assertion leaves a bundle behind. */
START_TEST(conformance_failure_bundle)
{
	char base[] = "/tmp/nvcore-bundle-XXXXXX", dir[1200];
	int status;
	pid_t pid;

	ck_assert_ptr_nonnull(mkdtemp(base));
	pid = fork();
	if (pid == 0) {
		struct nvh h;
		struct nvh_opts o = nvh_defaults();

		setenv("NVCORE_BUNDLE_DIR", base, 1);
		nvh_test_name = "deliberate";
		o.trace = true;
		nvh_start(&h, &o);
		nvh_echo(nvh_dev(&h), 100, 1);
		exit(1);	/* as a failed ck_assert does in a forked test */
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(WEXITSTATUS(status), 1);
	snprintf(dir, sizeof(dir), "%s/test_replay-deliberate-0x%llx", base,
		 (unsigned long long)nvh_seed());
	ck_assert_msg(file_has(dir, "repro", "NVCORE_SEED=0x"), "no repro in %s", dir);
	/* no suite set: the bundle and the rerun command name this program, absolute */
	ck_assert(file_has(dir, "repro", "/lib/nvtrace/test_replay --chip ga102 --release"));
	ck_assert(file_has(dir, "seed", "0x"));
	ck_assert(file_has(dir, "rpc-history.txt", "GSP RPC history"));
	ck_assert(file_has(dir, "rpc-history.txt", "GSP_RM_CONTROL"));
	ck_assert(file_has(dir, "model.txt", "gsp-model"));
	ck_assert(file_has(dir, "driver.log", "boot: ready"));
	ck_assert(file_has(dir, "trace.jsonl", "{\"nvtrace\":1"));
}
END_TEST

/* A failing replay leaves a bundle with the replayed trace and the command. */
START_TEST(replay_failure_bundle)
{
	struct nvt_trace *t = load("gh100/570.144/boot.jsonl"), *got;
	char base[] = "/tmp/nvcore-rbundle-XXXXXX", err[512], path[1200];
	struct nvt_replay_result res;
	struct nvt_replay_opts o = { .quiet = true };
	FILE *null = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(mkdtemp(base));
	o.bundle_dir = base;
	o.out = null;
	t->rec[nth(t, NVT_CMD, 0, 72)].payload[0] ^= 1;
	ck_assert_int_eq(nvt_replay(t, &o, &res), NVT_FAIL);
	fclose(null);
	ck_assert_str_eq(res.bundle, base);
	ck_assert(file_has(base, "repro", "gsptrace replay"));
	ck_assert(file_has(base, "rpc-history.txt", "GSP RPC history"));
	ck_assert(file_has(base, "driver.log", "boot: ready"));
	ck_assert(file_has(base, "model.txt", "gsp-model"));
	snprintf(path, sizeof(path), "%s/trace.jsonl", base);
	got = nvt_load(path, err, sizeof(err));
	ck_assert_msg(got, "%s", err);
	ck_assert_uint_eq(got->n, res.got->n);
	nvt_free(got);
	nvt_free(res.got);
	nvt_free(t);
}
END_TEST

/* The one suite (check_run_suites: its cases in one process). */
static Suite *replay_suite(int i)
{
	Suite *s = suite_create("replay");
	TCase *tc = tcase_create("detector");

	(void)i;
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, recorded_replays_clean);
	tcase_add_test(tc, swapped_writes_caught);
	tcase_add_test(tc, changed_fn_caught);
	tcase_add_test(tc, changed_payload_byte_caught);
	tcase_add_test(tc, lenient_counts);
	tcase_add_test(tc, dropped_reply_is_played);
	tcase_add_test(tc, imposed_result);
	tcase_add_loop_test(tc, edited_reads_diverge, 0, 3);
	tcase_add_test(tc, unmade_read_diverges);
	tcase_add_test(tc, polling_count_is_played);
	tcase_add_loop_test(tc, replays_with_other_seeds, 0, 3);
	tcase_add_loop_test(tc, vm_trace_replays, 0, 2);
	tcase_add_test(tc, deleted_reply_reported);
	tcase_add_test(tc, stray_reply_reported);
	tcase_add_test(tc, reordered_reply_reported);
	tcase_add_test(tc, wpr2_up_refused);
	tcase_add_test(tc, events_are_played);
	tcase_add_test(tc, record_now_replays);
	tcase_add_test(tc, no_tolerate_replays_with_source_defaults);
	suite_add_tcase(s, tc);
	tc = tcase_create("bundles");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, conformance_failure_bundle);
	tcase_add_test(tc, replay_failure_bundle);
	suite_add_tcase(s, tc);
	return s;
}

int main(int argc, char **argv)
{
	if (argc == 3) {
		nvh_parse_chip(argv[1], &nvh_target.chip);
		nvh_target.release = argv[2];
	}
	/*
	 * The 535.x firmware the traces boot (36 MiB GSP images) read once,
	 * before the cases run: each case's boot then copies from it
	 * rather than faulting in a fresh mapping of the file.
	 */
	nvh_fw_preload();
	nvh_fw_preload_of("ga102", "535.113.01");
	nvh_fw_preload_of("ad102", "535.113.01");
	nvh_fw_preload_of("ad102", "535.261.03");
	return check_run_suites(1, replay_suite, NULL);
}
