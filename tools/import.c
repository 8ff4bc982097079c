// SPDX-License-Identifier: MIT
/*
 * gsptrace import: an NVIDIA driver kernel log (lib/nvtrace/nvlog.h) to a
 * field trace that replays against the model (docs/trace-format.md "From a
 * customer's log").
 *
 * The trace is the driver's own run: the driver boots on the model in the
 * log's situation (a normal boot; WPR2 already up; GSP-RM halting before
 * GSP_INIT_DONE), recorded by its recorder; the log's calls follow in the
 * history's order (GSP_RM_CONTROL/ALLOC/FREE rebuilt from data0/data1 with
 * _kgspGetActiveRpcDebugData's meaning, docs/protocol.md §2.4 payloads),
 * answered at their ts_end, the stuck one unanswered, the events at their
 * distance from the calls.  That draft, carrying the log's source and
 * what nvcore must do (expect), is replayed leniently until the driver's
 * run is stable (settle.h); it is written when it replays strictly, or when
 * only the expectation fails (nvcore misses what the log requires: the
 * failing case, exit 1).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gsptrace.h"
#include "harness.h"
#include "nvlog.h"
#include "replay.h"
#include "settle.h"
#include "show.h"

/* docs/firmware-releases.md "Timeouts": RPC 6000 ms, INIT_DONE 10000 ms, every release. */
#define RPC_MS		6000u
#define INIT_DONE_MS	10000u

#define FN_FREE		10u
#define FN_CONTROL	76u
#define FN_ALLOC	103u
#define FN_SYSINFO	72u	/* GSP_SET_SYSTEM_INFO */
#define FN_REGISTRY	73u	/* SET_REGISTRY */

#define H_CLIENT	0xc1d00001u	/* the replaying client ("handles" renames it) */
#define H_FIRST_OBJ	0xc0000001u

enum situation { SIT_READY, SIT_NO_INIT_DONE, SIT_WPR2_UP };

/* One record the importer puts after the boot, or a row it leaves out. */
struct step {
	const struct nvlog_row *row;	/* NULL: an Xid's expected call */
	uint32_t fn;
	uint64_t data0, data1;
	int64_t t_us;			/* from the first call */
	bool event, answered;
	int64_t done_us;
	const char *skip;		/* why it is left out (NULL: imported) */
};

struct plan {
	const struct nvlog_gpu *gpu;
	const struct nvlog_fail *f;
	enum situation sit;
	struct step *s;
	size_t n;
	long stuck;			/* index in s of the call that got no reply, -1 none */
	bool nvcore;			/* the log is nvcore's own dump */
};

static const char import_help[] =
	"usage: gsptrace import LOG --chip C --release R [-o|--output trace.jsonl] [--gpu BDF]\n"
	"                       [--failure N] [--url URL] [--scenario NAME] [--explain]\n\n"
	"Reads an NVIDIA driver kernel log as pasted (dmesg or journalctl, with or without\n"
	"timestamps; 525.x to 595.x layouts; or nvcore's own) and writes a field trace\n"
	"that replays against the model: the driver's boot, then the history's calls in\n"
	"order, answered as the log shows, the stuck one unanswered, the events at their\n"
	"times, and expect set to what nvcore must do.  Rows the log lacks (cut, not\n"
	"captured, rate limited) are left out and listed, never invented.\n\n"
	"  --gpu BDF     the GPU to import (PCI address or GPU<n>); required when the log\n"
	"                shows several\n"
	"  --failure N   the GPU's N-th failure (--explain lists them; default: the first)\n"
	"  --url URL     where the log comes from (the header's source field:URL)\n"
	"  --scenario NAME  the header's scenario (default: \"import: LOG, GPU, failure N (line L)\")\n"
	"  --explain     print what was understood; write nothing\n\n"
	"Without --chip/--release it suggests them from the log and exits 2.\n"
	"Exit: 0 written (or explained); 1 the log cannot be imported (nothing written), or\n"
	"nvcore does not do what the log requires (written, the failing case); 2 usage.\n";

static const char *meaning(uint32_t fn, const char *name, uint64_t d0, uint64_t d1, char *buf,
			   size_t len)
{
	/* NVIDIA kernel_gsp.c _kgspGetActiveRpcDebugData: what data0/data1 hold per function */
	if (fn == FN_CONTROL)
		snprintf(buf, len, "control cmd 0x%08llx, params %llu bytes", (unsigned long long)d0,
			 (unsigned long long)d1);
	else if (fn == FN_ALLOC)
		snprintf(buf, len, "alloc class 0x%llx, params %llu bytes", (unsigned long long)d0,
			 (unsigned long long)d1);
	else if (fn == FN_FREE)
		snprintf(buf, len, "free object 0x%08llx (parent 0x%08llx)", (unsigned long long)d0,
			 (unsigned long long)d1);
	else if (!strcmp(name, "GSP_RUN_CPU_SEQUENCER"))
		snprintf(buf, len, "sequencer cmdIndex %llu, bufferSizeDWord %llu",
			 (unsigned long long)d0, (unsigned long long)d1);
	else if (!strcmp(name, "GSP_LOCKDOWN_NOTICE"))
		snprintf(buf, len, "lockdown %s", d0 ? "engaging" : "released");
	else if (!strcmp(name, "RC_TRIGGERED"))
		snprintf(buf, len, "engine %llu, exceptType %llu", (unsigned long long)d0,
			 (unsigned long long)d1);
	else if (!strcmp(name, "POST_EVENT"))
		snprintf(buf, len, "notifyIndex %llu, data 0x%llx", (unsigned long long)d0,
			 (unsigned long long)d1);
	else
		snprintf(buf, len, "no data logged for this function");
	return buf;
}

static bool client_call(uint32_t fn)
{
	return fn == FN_CONTROL || fn == FN_ALLOC || fn == FN_FREE;
}

static struct step *add(struct plan *p)
{
	struct step *s;

	p->s = realloc(p->s, (p->n + 1) * sizeof(*p->s));
	if (!p->s) {
		fprintf(stderr, "gsptrace import: out of memory\n");
		exit(1);
	}
	s = &p->s[p->n++];
	memset(s, 0, sizeof(*s));
	return s;
}

/*
 * What to import from failure f of GPU g: the steps in time order.  Calls
 * come from the CPU -> GSP rows (oldest first); without a table (525.x),
 * from the Xid lines' expected calls.  Either way the later Xid 119s of
 * the same GPU add the calls that timed out after it, at their distance.
 */
static void plan_build(struct plan *p)
{
	const struct nvlog_fail *f = p->f;
	const struct nvlog_row *first = NULL;
	bool boot_only = true, any_cpu = false;
	int64_t stuck_at = 0;
	size_t i;

	if (f->kind == NVLOG_WPR2_UP) {
		p->sit = SIT_WPR2_UP;
		return;
	}
	for (i = 0; i < f->nrows; i++) {
		const struct nvlog_row *r = &f->rows[i];

		if (r->table != NVLOG_CPU_TO_GSP)
			continue;
		any_cpu = true;
		boot_only &= r->fn == FN_SYSINFO || r->fn == FN_REGISTRY;
		if (!first || r->entry < first->entry)
			first = r;
	}
	/* Only the boot's own calls, all answered, no client call stuck: GSP_INIT_DONE never came. */
	p->sit = any_cpu && boot_only && !(f->has_expected && client_call(f->fn)) ? SIT_NO_INIT_DONE
										  : SIT_READY;
	/* The CPU -> GSP rows, oldest first (entries -7 .. 0). */
	for (int e = -128; e <= 0; e++)
		for (i = 0; i < f->nrows; i++) {
			const struct nvlog_row *r = &f->rows[i];
			struct step *s;

			if (r->table != NVLOG_CPU_TO_GSP || r->entry != e)
				continue;
			s = add(p);
			s->row = r;
			s->fn = r->fn;
			s->data0 = r->data0;
			s->data1 = r->data1;
			s->t_us = r->has_ts ? (int64_t)(r->ts_start - first->ts_start)
					    : (int64_t)(e - first->entry) * 1000;
			s->answered = p->nvcore ? !r->pending :
				      r->has_ts ? r->ts_end > r->ts_start || (r->ts_end && !r->flag)
						: !(e == 0 && f->has_expected && f->fn == r->fn &&
						    f->data0 == r->data0);
			s->done_us = r->has_ts && s->answered ? (int64_t)(r->ts_end - first->ts_start)
							      : s->t_us + 1;
			if (p->sit == SIT_NO_INIT_DONE)
				s->skip = "the driver's own boot call: its boot on the model makes it";
			else if (!client_call(r->fn))
				s->skip = "not a client call (replay re-issues GSP_RM_CONTROL/ALLOC/FREE only)";
			if (!s->answered && !s->skip)
				p->stuck = (long)(s - p->s);
			stuck_at = s->t_us;
		}
	/* No table: the Xid's own expected call is the stuck one. */
	if (!any_cpu && f->has_expected) {
		struct step *s = add(p);

		s->fn = f->fn;
		s->data0 = f->data0;
		s->data1 = f->data1;
		if (!client_call(f->fn))
			s->skip = "not a client call (replay re-issues GSP_RM_CONTROL/ALLOC/FREE only)";
		else
			p->stuck = (long)(s - p->s);
	}
	/* The later Xid 119s of this GPU: the calls that timed out after it. */
	for (const struct nvlog_fail *x = f + 1; x < p->gpu->fails + p->gpu->nfails; x++) {
		struct step *s;

		if (x->kind != NVLOG_RPC_TIMEOUT || !x->has_expected || x->nrows)
			break;
		s = add(p);
		s->fn = x->fn;
		s->data0 = x->data0;
		s->data1 = x->data1;
		s->t_us = stuck_at + (x->when >= 0 && f->when >= 0 ? (int64_t)((x->when - f->when) * 1e6)
								    : (int64_t)(x - f) * RPC_MS * 1000);
		if (!client_call(x->fn))
			s->skip = "not a client call (replay re-issues GSP_RM_CONTROL/ALLOC/FREE only)";
	}
	/* The events, at their distance from the first call. */
	for (i = 0; i < f->nrows; i++) {
		const struct nvlog_row *r = &f->rows[i];
		struct step *s;

		if (r->table != NVLOG_GSP_TO_CPU)
			continue;
		s = add(p);
		s->row = r;
		s->event = true;
		s->fn = r->fn;
		s->data0 = r->data0;
		s->data1 = r->data1;
		s->t_us = first ? (int64_t)(r->ts_start - first->ts_start) : 0;
		if (!first)
			s->skip = "no CPU -> GSP row to place it against";
		else if (s->t_us < 0)
			s->skip = "before the first call in the history (the model's boot sends its own)";
		else if (p->sit == SIT_NO_INIT_DONE)
			s->skip = "replay plays events only once the boot is ready (lib/nvtrace/play.c), "
				  "and this boot never gets there";
		else if (p->nvcore)
			s->skip = "nvcore's dump gives an event's payload length, not its payload";
		else if (strcmp(r->name, "GSP_LOCKDOWN_NOTICE"))
			s->skip = "its payload is not in the log (only GSP_LOCKDOWN_NOTICE's is: "
				  "bLockdownEngaging)";
	}
}

/*
 * nvcore's own dump holds nvcore's boot calls among the clients': the
 * leading calls that are, in order, the boot's own (function and data0 as
 * the boot on the model made them) are left out, as that boot makes them.
 */
static void skip_boot_calls(struct plan *p, const struct nvt_trace *boot)
{
	size_t i = 0, j = 0;

	for (; i < p->n; i++) {
		struct step *s = &p->s[i];

		if (s->event || !s->row)
			continue;
		while (j < boot->n && (boot->rec[j].k != NVT_CMD || boot->rec[j].fn == NVT_FN_CONTINUATION))
			j++;
		if (j == boot->n || boot->rec[j].fn != s->fn || nvt_show_data0(&boot->rec[j]) != s->data0)
			return;
		s->skip = "the driver's own boot call (nvcore's dump holds it): its boot on the model "
			  "makes it";
		j++;
	}
}

static void print_step(FILE *o, const struct step *s, const struct plan *p)
{
	char m[96], at[48];
	const char *name = s->row ? s->row->name : "";

	if (!s->row)
		for (const struct nvlog_fail *x = p->f; x < p->gpu->fails + p->gpu->nfails; x++)
			if (x->fn == s->fn && x->has_expected) {
				name = x->name;
				break;
			}
	if (s->row)
		snprintf(at, sizeof(at), "line %u, entry %d", s->row->line, s->row->entry);
	else
		snprintf(at, sizeof(at), "Xid line");
	if (p->nvcore && s->event)	/* nvcore's event rows: data0 is the payload's length */
		snprintf(m, sizeof(m), "payload %llu bytes", (unsigned long long)s->data0);
	else
		meaning(s->fn, name, s->data0, s->data1, m, sizeof(m));
	fprintf(o, "    %+10lld us  %-5s %-21s %s  (%s)", (long long)s->t_us,
		s->event ? "event" : "call", name, m, at);
	if (s->skip)
		fprintf(o, "\n                left out: %s\n", s->skip);
	else if (s->event)
		fputc('\n', o);
	else if (s->answered && s->row && !s->row->has_ts)
		fprintf(o, ", answered (this layout prints no times: 1 ms apart)\n");
	else if (s->answered)
		fprintf(o, ", answered after %lld us\n", (long long)(s->done_us - s->t_us));
	else
		fprintf(o, ", %s\n", s - p->s == p->stuck ? "UNANSWERED (the stuck call)" : "unanswered");
}

static const char *kind_name(const struct nvlog_fail *f, char *buf, size_t len)
{
	if (f->kind == NVLOG_WPR2_UP)
		return "boot: WPR2 already up";
	if (f->kind == NVLOG_OTHER_XID)
		snprintf(buf, len, "Xid %d (not imported)", f->xid);
	else if (f->xid)
		snprintf(buf, len, "Xid %d: RPC timeout", f->xid);
	else
		snprintf(buf, len, "RPC timeout dump");
	return buf;
}

static void explain(FILE *o, const struct nvlog *l, const char *path)
{
	char lab[64], k[48], m[96];
	size_t i, j;

	fprintf(o, "%s: %u driver lines (NVRM%s)\n", path, l->nvrm_lines, l->nvcore ? ", nvcore" : "");
	fprintf(o, "driver: %s", l->version[0] ? l->version : "no version line in the log");
	if (l->version[0])
		fprintf(o, " (line %u)", l->version_line);
	fprintf(o, "\nlayout: %s", l->layout[0] ? l->layout : "none recognised");
	if (l->layout[0])
		fprintf(o, " (line %u)", l->layout_line);
	fprintf(o, "\nGPUs: %zu\n", l->ngpus);
	for (i = 0; i < l->ngpus; i++) {
		const struct nvlog_gpu *g = &l->gpus[i];

		nvlog_gpu_label(g, lab, sizeof(lab));
		fprintf(o, "\n%s: %zu failure%s\n", lab, g->nfails, g->nfails == 1 ? "" : "s");
		for (j = 0; j < g->nfails; j++) {
			const struct nvlog_fail *f = &g->fails[j];

			fprintf(o, "  %zu. line %u", j + 1, f->line);
			if (f->when >= 0)
				fprintf(o, " [%.3f s]", f->when);
			fprintf(o, ": %s\n", kind_name(f, k, sizeof(k)));
			if (f->has_expected && f->has_seq)
				fprintf(o, "     expected %s (%u), sequence %u: %s\n", f->name, f->fn, f->seq,
					meaning(f->fn, f->name, f->data0, f->data1, m, sizeof(m)));
			else if (f->has_expected)
				fprintf(o, "     expected %s (%u): %s\n", f->name, f->fn,
					meaning(f->fn, f->name, f->data0, f->data1, m, sizeof(m)));
			if (f->has_buffer)
				fprintf(o, "     buffer holds function %u, data 0x%llx 0x%llx: %s\n", f->buf_fn,
					(unsigned long long)f->buf_data0, (unsigned long long)f->buf_data1,
					f->has_expected && f->buf_fn == f->fn && f->buf_data0 == f->data0 ?
					"the request itself, no reply came" : "another request");
			if (f->kind == NVLOG_OTHER_XID)
				fprintf(o, "     %s\n", f->text);
			if (f->kind == NVLOG_WPR2_UP || (f->kind == NVLOG_RPC_TIMEOUT &&
							 (f->nrows || j == 0 || !f[-1].has_expected ||
							  f[-1].nrows))) {
				struct plan p = { .gpu = g, .f = f, .stuck = -1, .nvcore = l->nvcore };

				plan_build(&p);
				if (l->nvcore)
					fprintf(o, "     (nvcore's own dump: it also holds nvcore's boot calls; the "
						"import leaves out those its boot on the model makes)\n");
				fprintf(o, "     imports as: %s\n",
					p.sit == SIT_WPR2_UP ? "a boot that finds WPR2 up" :
					p.sit == SIT_NO_INIT_DONE ? "a boot whose GSP_INIT_DONE never comes" :
					"the calls below after a normal boot");
				for (size_t s = 0; s < p.n; s++)
					print_step(o, &p.s[s], &p);
				bool later = false;

				for (size_t s = p.stuck + 1; p.stuck >= 0 && s < p.n; s++)
					later |= !p.s[s].event && !p.s[s].skip;
				if (later)
					fprintf(o, "     after the stuck call the firmware stays silent: nvcore fences "
						"(GET_GSP_STATIC_INFO) before the next call of a timed-out function;\n"
						"     when that times out too it fails every later call at once, so "
						"those calls reach no queue and the trace ends there\n");
				free(p.s);
			}
		}
	}
	fprintf(o, "\nleft out of the log's text: %zu\n", l->nskips);
	for (i = 0; i < l->nskips; i++)
		fprintf(o, "  line %u: %s\n", l->skips[i].line, l->skips[i].text);
}

/* Of the releases nvcore supports (meson.build fw_releases), the one numerically closest to v. */
static const char *nearest_release(const char *v)
{
	static char best[32];
	char tok[32];
	unsigned int a = 0, b = 0, x, y;
	long d, bd = -1;
	const char *r = FW_RELEASES;
	int n;

	sscanf(v, "%u.%u", &a, &b);
	for (; sscanf(r, "%31s%n", tok, &n) == 1; r += n) {
		if (sscanf(tok, "%u.%u", &x, &y) != 2)
			continue;
		d = labs((long)(x * 1000 + y) - (long)(a * 1000 + b));
		if (bd < 0 || d < bd) {
			bd = d;
			snprintf(best, sizeof(best), "%s", tok);
		}
	}
	return best;
}

/* --chip/--release missing: what the log suggests, and why. */
static void suggest(const struct nvlog *l)
{
	fprintf(stderr, "gsptrace import: --chip and --release are required; from the log:\n");
	if (l->chip_hint[0] && l->chip_named)
		fprintf(stderr, "  --chip %s: line %u, nvcore's probe names it\n", l->chip_hint,
			l->chip_line);
	else if (l->chip_hint[0])
		fprintf(stderr, "  --chip %s: line %u names a %s HAL function\n", l->chip_hint,
			l->chip_line, l->chip_hint);
	else
		fprintf(stderr, "  --chip: the log names no GPU model or chip HAL; take it from the report "
			"(A10/A40/RTX 30: ga102, A30/A100: ga100, L40/RTX 40: ad102, H100/H200: gh100)\n");
	if (l->version[0])
		fprintf(stderr, "  --release %s: line %u, the driver %s loaded; of the releases nvcore "
			"supports (%s) this one is the closest\n", nearest_release(l->version),
			l->version_line, l->version, FW_RELEASES);
	else if (l->layout[0])
		fprintf(stderr, "  --release %s: line %u prints the layout of %s\n",
			nearest_release(strstr(l->layout, ": ") + 2), l->layout_line, l->layout);
	else
		fprintf(stderr, "  --release: nothing in the log dates the driver\n");
}

/* The payload of call s (docs/protocol.md §2.4), handles chosen as the log cannot show them. */
static size_t payload(const struct step *s, uint32_t *objs, uint32_t *classes, size_t *nobj,
		      uint8_t *buf, size_t cap)
{
	uint32_t w[8] = { 0 }, obj = H_CLIENT, parent = H_CLIENT, i;
	size_t hdr, params = s->data1;

	if (s->fn == FN_FREE) {
		/* rpc_free_v03_00: hRoot, hObjectParent, hObjectOld, status */
		w[0] = H_CLIENT; w[1] = (uint32_t)s->data1; w[2] = (uint32_t)s->data0;
		memcpy(buf, w, 16);
		return 16;
	}
	if (s->fn == FN_CONTROL) {
		/* rpc_gsp_rm_control_v03_00: hClient, hObject, cmd, status, paramsSize, flags */
		for (i = 0; i < *nobj; i++)
			if (classes[i] == (uint32_t)s->data0 >> 16)
				obj = objs[i];
		if (obj == H_CLIENT && *nobj)
			obj = objs[*nobj - 1];
		w[0] = H_CLIENT; w[1] = obj; w[2] = (uint32_t)s->data0; w[4] = (uint32_t)params;
		hdr = 24;
	} else {
		/* rpc_gsp_rm_alloc_v03_00: hClient, hParent, hObject, hClass, status, paramsSize, flags, pad */
		uint32_t cls = (uint32_t)s->data0;

		if (cls == 0) {		/* the client itself */
			parent = 0;
		} else {
			/* a device under the client, anything else under the newest object */
			if (cls != 0x80 && *nobj)
				parent = objs[*nobj - 1];
			obj = H_FIRST_OBJ + (uint32_t)*nobj;
			if (*nobj < 64) {
				objs[*nobj] = obj;
				classes[(*nobj)++] = cls;
			}
		}
		w[0] = H_CLIENT; w[1] = parent; w[2] = obj; w[3] = cls; w[5] = (uint32_t)params;
		hdr = 32;
	}
	if (hdr + params > cap)
		params = cap - hdr;
	memcpy(buf, w, hdr);
	memset(buf + hdr, 0, params);
	return hdr + params;
}

static int append(struct nvt_trace *t, struct nvt_record *r)
{
	if (!nvt_append(t, r)) {
		fprintf(stderr, "gsptrace import: out of memory\n");
		return -1;
	}
	return 0;
}

static const char *fn_name(uint32_t fn)
{
	return fn == FN_FREE ? "FREE" : fn == FN_CONTROL ? "GSP_RM_CONTROL" : "GSP_RM_ALLOC";
}

/* The plan's records after the boot (the draft's part the log gives). */
static int draft_append(struct nvt_trace *t, const struct plan *p, const char *release)
{
	static uint8_t buf[0x10000];
	uint32_t objs[64], classes[64], cseq = 0, mseq = 0;
	size_t nobj = 0, i, len;
	uint64_t t0 = t->n ? t->rec[t->n - 1].t + 1000000 : 0;
	char extra[96];

	for (i = 0; i < t->n; i++) {
		if (t->rec[i].k == NVT_CMD)
			cseq = t->rec[i].seq + 1;
		if (t->rec[i].k == NVT_MSG)
			mseq = t->rec[i].seq + 1;
		/* the boot hang: events at their distance from GSP_SET_SYSTEM_INFO's posting */
		if (p->sit == SIT_NO_INIT_DONE && t->rec[i].k == NVT_CMD && t->rec[i].fn == FN_SYSINFO &&
		    t0 > t->rec[i].t)
			t0 = t->rec[i].t;
	}
	for (i = 0; i < p->n; i++) {
		const struct step *s = &p->s[i];
		struct nvt_record r = { .d = 'g', .elems = 1 };

		if (s->skip)
			continue;
		if (s->event) {
			/* rpc_gsp_lockdown_notice_v17_00: bLockdownEngaging (one byte);
			 * its number is the target release's (driver/core/fw/<release>/numbers.h) */
			buf[0] = s->data0 != 0;
			r.k = NVT_MSG;
			r.t = t0 + (uint64_t)s->t_us * 1000;
			r.fn = strncmp(release, "535.", 4) ? 0x101c : 0x101d;
			r.name = (char *)"GSP_LOCKDOWN_NOTICE";
			r.seq = mseq++;
			r.len = 1;
			r.payload = buf;
			if (append(t, &r))
				return -1;
			continue;
		}
		len = payload(s, objs, classes, &nobj, buf, sizeof(buf));
		r = (struct nvt_record){ .k = NVT_CMD, .d = 'h', .t = t0 + (uint64_t)s->t_us * 1000,
					 .seq = cseq++, .fn = s->fn, .name = (char *)fn_name(s->fn),
					 .len = (uint32_t)len, .elems = 1, .payload = buf };
		if (append(t, &r))
			return -1;
		if (s->answered) {
			r.k = NVT_MSG;
			r.d = 'g';
			r.t = t0 + (uint64_t)s->done_us * 1000;
			r.seq = mseq++;
		} else {
			snprintf(extra, sizeof(extra), "{\"fn\":%u,\"name\":\"%s\",\"timeout_ms\":%u}", s->fn,
				 fn_name(s->fn), RPC_MS);
			r = (struct nvt_record){ .k = NVT_ERR, .d = 'h',
						 .t = t0 + ((uint64_t)s->t_us + RPC_MS * 1000ull) * 1000,
						 .what = (char *)"rpc-timeout", .extra = extra };
		}
		if (append(t, &r))
			return -1;
	}
	/* replay reads records in file order: keep them in time order */
	for (i = 1; i < t->n; i++)
		for (size_t j = i; j > 0 && t->rec[j - 1].t > t->rec[j].t; j--) {
			struct nvt_record x = t->rec[j];

			t->rec[j] = t->rec[j - 1];
			t->rec[j - 1] = x;
		}
	return 0;
}

static const char *before_fault;

static void before(struct nvh *h)
{
	if (before_fault)
		gspm_inject(h->m, GSPM_FAULT_DIE, 0x1001 /* GSP_INIT_DONE, every release */, 0, 1);
}

/* The driver's boot on the model in the log's situation, as its recorder wrote it. */
static struct nvt_trace *boot(const char *chip, const char *release, enum situation sit)
{
	struct nvh_opts o = nvh_defaults();
	struct nvt_trace *t = NULL;
	struct nvh h;
	size_t len = 0;
	char *text, err[512];

	if (nvh_parse_chip(chip, &o.chip)) {
		fprintf(stderr, "gsptrace import: unknown chip \"%s\" (ga102, ga100, ad102, gh100)\n", chip);
		return NULL;
	}
	o.fw_release = release;
	o.trace = true;
	o.wpr2_up_at_power_on = sit == SIT_WPR2_UP;
	before_fault = sit == SIT_NO_INIT_DONE ? "die" : NULL;
	o.before_probe = before;
	nvh_start(&h, &o);
	text = nvh_trace_collect(&h, &len);
	if (sit == SIT_READY && h.probe_ret)
		fprintf(stderr, "gsptrace import: %s %s does not boot on the model (probe %d)\n", chip,
			release, h.probe_ret);
	else if (!text || !len)
		fprintf(stderr, "gsptrace import: the boot recorded nothing (probe %d)\n", h.probe_ret);
	else if (!(t = nvt_load_mem("boot", text, len, err, sizeof(err))))
		fprintf(stderr, "gsptrace import: %s\n", err);
	free(text);
	nvh_stop(&h);
	return t;
}

static int set_header(struct nvt_header *h, const struct plan *p, const char *source,
		      const char *scenario)
{
	static struct nvt_rule rules[2] = { { .rule = NVT_RULE_DMA_REMAP }, { .rule = NVT_RULE_HANDLES } };
	static char msg[160], *logs[2];

	free(h->source);
	free(h->scenario);
	free(h->tolerate);
	free(h->expect_probe);
	for (size_t i = 0; i < h->nexpect_log; i++)
		free(h->expect_log[i]);
	free(h->expect_log);
	h->source = strdup(source);
	h->scenario = strdup(scenario);
	h->tolerate = malloc(sizeof(rules));
	h->expect_log = malloc(sizeof(logs));
	if (!h->source || !h->scenario || !h->tolerate || !h->expect_log)
		return -1;
	memcpy(h->tolerate, rules, sizeof(rules));
	h->ntolerate = 2;
	h->has_expect = true;
	/* what nvcore must do: driver/core/rpc.c and boot.c print these */
	if (p->sit == SIT_WPR2_UP) {
		h->expect_probe = strdup("-EBUSY");
		logs[0] = "WPR2 is already up";
		logs[1] = "the GPU needs a reset";
	} else if (p->sit == SIT_NO_INIT_DONE) {
		h->expect_probe = strdup("-ETIMEDOUT");
		snprintf(msg, sizeof(msg), "GSP_INIT_DONE did not arrive in %u ms", INIT_DONE_MS);
		logs[0] = msg;
		logs[1] = "GSP RPC history (waiting for GSP_INIT_DONE)";
	} else {
		h->expect_probe = strdup("ok");
		snprintf(msg, sizeof(msg), "GSP RPC %s (data0 0x%x) timed out after %u ms",
			 fn_name(p->s[p->stuck].fn), (uint32_t)p->s[p->stuck].data0, RPC_MS);
		logs[0] = msg;
		logs[1] = "GSP RPC history (RPC timeout)";
	}
	h->nexpect_log = 2;
	for (size_t i = 0; i < 2; i++)
		if (!(h->expect_log[i] = strdup(logs[i])))
			return -1;
	return h->expect_probe ? 0 : -1;
}

/*
 * The firmware's silence as the log shows it: every call from the stuck one
 * on timed out.  So no reply follows the driver's first RPC timeout (the
 * model would otherwise answer what the trace does not mention, such as
 * the driver's GET_GSP_STATIC_INFO fence before the next call of the timed
 * out function), and once that fence has timed out too the driver fails
 * every later call at once (driver/core/rpc.c fence(): firmware lost), so
 * they leave no record: the log's later calls end there.
 */
static void silence(struct nvt_trace *t)
{
	size_t i = 0;
	bool fenced = false;

	while (i < t->n && !(t->rec[i].k == NVT_ERR && !strcmp(t->rec[i].what, "rpc-timeout")))
		i++;
	for (i++; i < t->n;) {
		const struct nvt_record *r = &t->rec[i];
		bool drop = (r->k == NVT_MSG && r->fn < 0x1000) ||
			    (fenced && (r->k == NVT_CMD || r->k == NVT_ERR));

		if (fenced && r->k == NVT_ERR && !strcmp(r->what, "rpc-timeout") && r->extra &&
		    strstr(r->extra, "GET_GSP_STATIC_INFO"))
			drop = false;	/* the fence's own timeout */
		if (r->k == NVT_CMD && !client_call(r->fn))
			fenced = true;
		if (drop)
			nvt_remove(t, i, 1);
		else
			i++;
	}
}

/*
 * Draft -> the driver's stable run (settle.h), then a strict replay of it.
 * *unmet: the run is the driver's, record for record, but nvcore does not
 * do what the log requires (expect): the trace is still worth writing (it
 * is the failing case), the import then exits 1.
 */
static struct nvt_trace *settle(const struct nvt_trace *draft, char *unmet, size_t len)
{
	struct nvt_replay_opts o = { .quiet = true, .bundle_dir = "", .out = stderr };
	struct nvt_replay_result res = { 0 };
	struct nvt_trace *cur;
	char err[256];

	unmet[0] = '\0';
	cur = gsptrace_settle(draft, silence, err, sizeof(err));
	if (!cur) {
		fprintf(stderr, "gsptrace import: the draft did not replay: %s\n", err);
		return NULL;
	}
	if (nvt_replay(cur, &o, &res) != NVT_OK) {
		if (!res.cmp.divergences && !res.model_failures && !res.expect_ok) {
			snprintf(unmet, len, "%s", res.expect_msg);
		} else {
			fprintf(stderr, "gsptrace import: the imported trace does not replay strictly "
				"(%zu divergence(s)); nothing written\n", res.cmp.divergences);
			nvt_free(cur);
			cur = NULL;
		}
	}
	nvt_free(res.got);
	return cur;
}

int gsptrace_import(int argc, char **argv)
{
	const char *log = NULL, *chip = NULL, *release = NULL, *out = NULL, *gpu_arg = NULL,
		   *url = NULL, *name = NULL;
	unsigned int failure = 0;
	bool explain_only = false;
	struct nvlog_gpu *g = NULL;
	struct nvlog *l;
	struct nvt_trace *t, *draft;
	struct plan p = { .stuck = -1 };
	char err[512], lab[64], source[600], scenario[300], unmet[512];
	size_t i;
	int ret = 1;

	static const struct option lo[] = {
		{ "chip", required_argument, NULL, 'c' }, { "release", required_argument, NULL, 'r' },
		{ "output", required_argument, NULL, 'o' }, { "gpu", required_argument, NULL, 'g' },
		{ "url", required_argument, NULL, 'u' }, { "failure", required_argument, NULL, 'f' },
		{ "explain", no_argument, NULL, 'e' }, { "scenario", required_argument, NULL, 's' },
		GSPTRACE_STD_OPTS, { }
	};
	uint64_t v;
	int c;

	while ((c = gsptrace_getopt(argc, argv, "o:", lo, import_help)) != -1) {
		switch (c) {
		case 'c':
			chip = optarg;
			break;
		case 'r':
			release = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'g':
			gpu_arg = optarg;
			break;
		case 'u':
			url = optarg;
			break;
		case 'f':
			if (gsptrace_u64("import", "--failure", optarg, &v) || !v || v > UINT32_MAX) {
				fprintf(stderr, "gsptrace import: --failure must be 1 or more\n");
				return 2;
			}
			failure = (unsigned int)v;
			break;
		case 'e':
			explain_only = true;
			break;
		case 's':
			name = optarg;
			break;
		default:
			return c == 'h' ? 0 : 2;
		}
	}
	if (argc - optind != 1) {
		fprintf(stderr, "gsptrace import: needs exactly one LOG (gsptrace import --help)\n");
		return 2;
	}
	log = argv[optind];
	l = nvlog_parse(log, err, sizeof(err));
	if (!l) {
		fprintf(stderr, "gsptrace import: %s\n", err);
		return 1;
	}
	if (explain_only) {
		explain(stdout, l, log);
		nvlog_free(l);
		return 0;
	}
	if (gpu_arg) {
		g = nvlog_find_gpu(l, gpu_arg);
		if (!g) {
			fprintf(stderr, "gsptrace import: %s: no GPU %s in the log\n", log, gpu_arg);
			ret = 2;
			goto done;
		}
	} else if (l->ngpus > 1) {
		fprintf(stderr, "gsptrace import: %s shows %zu GPUs; pick one with --gpu:\n", log, l->ngpus);
		for (i = 0; i < l->ngpus; i++) {
			nvlog_gpu_label(&l->gpus[i], lab, sizeof(lab));
			fprintf(stderr, "  %s: %zu failure(s)\n", lab, l->gpus[i].nfails);
		}
		ret = 2;
		goto done;
	} else if (l->ngpus == 1) {
		g = &l->gpus[0];
	}
	if (!g || !g->nfails) {
		fprintf(stderr, "gsptrace import: %s: no GSP failure in the log (Xid 119, GSP Timeout dump, "
			"WPR2 already up)\n", log);
		goto done;
	}
	for (i = 0; i < g->nfails && !failure; i++)
		if (g->fails[i].kind != NVLOG_OTHER_XID)
			failure = (unsigned int)i + 1;
	if (!failure || failure > g->nfails || g->fails[failure - 1].kind == NVLOG_OTHER_XID) {
		fprintf(stderr, "gsptrace import: %s: failure %u is not one the importer reads "
			"(see --explain)\n", log, failure);
		goto done;
	}
	if (!chip || !release) {
		suggest(l);
		ret = 2;
		goto done;
	}
	p.gpu = g;
	p.f = &g->fails[failure - 1];
	p.nvcore = l->nvcore;
	plan_build(&p);
	if (p.sit == SIT_READY && p.stuck < 0) {
		fprintf(stderr, "gsptrace import: %s:%u: the log does not show the call that got no reply "
			"(see --explain)%s%s\n", log, p.f->line, l->nskips ? "; left out: " : "",
			l->nskips ? l->skips[0].text : "");
		goto done;
	}
	t = boot(chip, release, p.sit);
	if (t && p.nvcore)
		skip_boot_calls(&p, t);
	if (!t || draft_append(t, &p, release)) {
		nvt_free(t);
		goto done;
	}
	draft = t;
	snprintf(source, sizeof(source), "field:%s", url ? url : log);
	nvlog_gpu_label(g, lab, sizeof(lab));
	if (name)
		snprintf(scenario, sizeof(scenario), "%s", name);
	else
		snprintf(scenario, sizeof(scenario), "import: %s, %s, failure %u (line %u)",
			 strrchr(log, '/') ? strrchr(log, '/') + 1 : log, lab, failure, p.f->line);
	if (set_header(&draft->h, &p, source, scenario)) {
		fprintf(stderr, "gsptrace import: out of memory\n");
		t = NULL;
	} else {
		t = settle(draft, unmet, sizeof(unmet));
	}
	nvt_free(draft);
	if (!t)
		goto done;
	if (out ? nvt_write_file(t, out) : nvt_write(t, stdout)) {
		fprintf(stderr, "gsptrace import: %s: %s\n", out ? out : "stdout", strerror(errno));
	} else {
		ret = unmet[0] ? 1 : 0;
		if (unmet[0])
			fprintf(stderr, "gsptrace import: nvcore does not do what the log requires: %s\n"
				"gsptrace import: %s is written anyway, the failing case: `gsptrace minimize` "
				"it into a Check test (docs/trace-format.md)\n", unmet, out ? out : "the trace");
		for (i = 0; i < p.n; i++)
			if (p.s[i].skip)
				fprintf(stderr, "gsptrace import: left out %s %s (line %u): %s\n",
					p.s[i].event ? "event" : "call", p.s[i].row ? p.s[i].row->name : "",
					p.s[i].row ? p.s[i].row->line : p.f->line, p.s[i].skip);
		for (i = 0; i < l->nskips; i++)
			fprintf(stderr, "gsptrace import: line %u: %s\n", l->skips[i].line, l->skips[i].text);
	}
	nvt_free(t);
done:
	free(p.s);
	nvlog_free(l);
	return ret;
}
