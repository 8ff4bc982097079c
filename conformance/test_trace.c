// SPDX-License-Identifier: MIT
/*
 * The firmware trace recorder (docs/trace-format.md): what a recorded run
 * contains, in which order, how it is enabled, how a full ring drops, and
 * that one seed records one trace byte for byte.  Every line is parsed as
 * JSON and checked against the contract (keys, their order, their types).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "common.h"
#include "regs.h"

/*
 * check(): ck_assert_msg for the checks run per line and per payload byte.
 * Check records the location of every *passing* ck_assert with a write to
 * its message pipe, a system call each; a recorded boot has thousands of
 * lines and a large RPC 300 KiB of payload, which made this suite one of the
 * slowest.  A failing check reports and ends the test as ck_assert does.
 */
#define check(expr, ...)	do { if (!(expr)) ck_abort_msg(__VA_ARGS__); } while (0)

/* One parsed trace: line 0 is the header. */
struct trace {
	char *text;
	size_t len;
	json_t **lines;
	size_t n;
};

/* Keys of each record kind in the order the contract gives them. */
static const struct {
	const char *k, *d;
	const char *keys[11];	/* NULL-terminated */
} kinds[] = {
	{ "wr", "h", { "t", "k", "d", "reg", "name", "val" } },
	{ "rd", "g", { "t", "k", "d", "reg", "name", "val" } },
	{ "cmd", "h", { "t", "k", "d", "seq", "fn", "name", "len", "elems", "payload" } },
	{ "msg", "g", { "t", "k", "d", "seq", "fn", "name", "result", "len", "elems", "payload" } },
	{ "irq", "g", { "t", "k", "d", "stat" } },
	{ "state", "h", { "t", "k", "d", "state" } },
	{ "err", "h", { "t", "k", "d", "what" } },	/* then what-specific fields */
	{ "drop", "h", { "t", "k", "d", "count" } },
};

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	check(json_is_string(v), "\"%s\" is not a string", key);
	return json_string_value(v);
}

static long long num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	check(json_is_integer(v), "\"%s\" is not an integer", key);
	return json_integer_value(v);
}

static unsigned long hexval(json_t *o, const char *key)
{
	const char *s = str(o, key);
	char *end;
	unsigned long v = strtoul(s, &end, 16);

	check(!strncmp(s, "0x", 2) && s[2] && !*end, "\"%s\":\"%s\" is not hex", key, s);
	return v;
}

static bool is(json_t *rec, const char *k)
{
	const char *v = json_string_value(json_object_get(rec, "k"));	/* NULL: the header */

	return v && !strcmp(v, k);
}

/* A record's keys, in order, against the contract; its direction; its hex fields. */
static void check_record(json_t *rec, size_t line)
{
	const char *k = str(rec, "k");
	const char *key;
	unsigned int i, j;
	json_t *v;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].k, k))
			break;
	check(i < sizeof(kinds) / sizeof(kinds[0]), "line %zu: unknown kind %s", line, k);
	check(!strcmp(str(rec, "d"), kinds[i].d), "line %zu: d is %s, not %s", line, str(rec, "d"),
	      kinds[i].d);
	j = 0;
	json_object_foreach(rec, key, v) {
		if (!kinds[i].keys[j]) {
			/* err carries what it needs; rd may end with its repeat count. */
			if (!strcmp(k, "rd")) {
				check(!strcmp(key, "n") && num(rec, "n") > 1,
				      "line %zu: extra key %s", line, key);
				continue;
			}
			check(!strcmp(k, "err"), "line %zu: extra key %s", line, key);
			break;
		}
		check(!strcmp(key, kinds[i].keys[j]), "line %zu: key %u is %s, not %s",
		      line, j, key, kinds[i].keys[j]);
		j++;
	}
	check(!kinds[i].keys[j] || !strcmp(k, "err"), "line %zu: %s lacks %s", line, k,
	      kinds[i].keys[j]);
	check(num(rec, "t") >= 0, "line %zu: t %lld < 0", line, num(rec, "t"));
	if (is(rec, "wr") || is(rec, "rd")) {
		hexval(rec, "reg");
		hexval(rec, "val");
		check(strlen(str(rec, "reg")) == 10, "line %zu: reg %s is not 0x + 8 digits", line,
		      str(rec, "reg"));
	}
	if (is(rec, "cmd") || is(rec, "msg")) {
		const char *p = str(rec, "payload");

		check(strlen(p) == 2 * (size_t)num(rec, "len"), "line %zu: %zu payload digits for len %lld",
		      line, strlen(p), num(rec, "len"));
		check(strspn(p, "0123456789abcdef") == strlen(p), "line %zu: payload is not lowercase hex",
		      line);
		check(num(rec, "elems") >= 1, "line %zu: elems %lld < 1", line, num(rec, "elems"));
	}
	if (is(rec, "irq"))
		hexval(rec, "stat");
	if (is(rec, "drop"))
		check(num(rec, "count") > 0, "line %zu: drop count %lld", line, num(rec, "count"));
}

static unsigned long long drop_count(const struct trace *tr)
{
	unsigned long long n = 0;
	size_t i;

	for (i = 0; i < tr->n; i++)
		if (is(tr->lines[i], "drop"))
			n += num(tr->lines[i], "count");
	return n;
}

/* Split, parse and check every line; t never goes backwards. */
static void parse(struct trace *tr, char *text, size_t len)
{
	char *p = text, *nl;
	long long t = 0;

	memset(tr, 0, sizeof(*tr));
	tr->text = text;
	tr->len = len;
	ck_assert_msg(!len || text[len - 1] == '\n', "trace does not end with a newline");
	while (p < text + len) {
		json_error_t err;
		json_t *o;

		nl = strchr(p, '\n');
		check(nl, "line %zu has no newline", tr->n + 1);
		check((size_t)(nl - p) < 1 << 20, "line %zu is %zu bytes long", tr->n + 1,
		      (size_t)(nl - p));
		o = json_loadb(p, (size_t)(nl - p), JSON_REJECT_DUPLICATES, &err);
		check(o && json_is_object(o), "line %zu is not a JSON object: %s: %.200s",
		      tr->n + 1, err.text, p);
		tr->lines = realloc(tr->lines, (tr->n + 1) * sizeof(*tr->lines));
		tr->lines[tr->n] = o;
		if (tr->n) {
			check_record(o, tr->n + 1);
			check(num(o, "t") >= t, "line %zu: t %lld goes back from %lld", tr->n + 1,
			      num(o, "t"), t);
			t = num(o, "t");
		}
		tr->n++;
		p = nl + 1;
	}
}

static void trace_free(struct trace *tr)
{
	size_t i;

	for (i = 0; i < tr->n; i++)
		json_decref(tr->lines[i]);
	free(tr->lines);
	free(tr->text);
}

static void collect(struct nvh *h, struct trace *tr)
{
	size_t len;
	char *text = nvh_trace_collect(h, &len);

	ck_assert_ptr_nonnull(text);
	parse(tr, text, len);
}

/*
 * The header (docs/trace-format.md): the module writes facts only (no seed,
 * no tolerate: the rules are gsptrace's); the harness's collect adds the
 * seed its run used, between "driver" and "source".
 */
static void check_header(struct nvh *h, json_t *hdr, bool from_harness)
{
	static const char *const keys[] = {
		"nvtrace", "chip", "pci", "release", "driver", "seed", "source",
	};
	struct pci_dev *pdev = h->pdev;
	char want[64];
	const char *key;
	unsigned int i = 0;
	json_t *v, *pci = json_object_get(hdr, "pci");

	json_object_foreach(hdr, key, v) {
		if (!from_harness && i == 5)
			i++;	/* no "seed" */
		ck_assert_uint_lt(i, sizeof(keys) / sizeof(keys[0]));
		ck_assert_str_eq(key, keys[i]);
		i++;
	}
	ck_assert_uint_eq(i, sizeof(keys) / sizeof(keys[0]));
	ck_assert_int_eq(num(hdr, "nvtrace"), 1);
	ck_assert_str_eq(str(hdr, "chip"), nvh_chip_name(h->o.chip));
	ck_assert_str_eq(str(hdr, "release"), h->o.fw_release);
	ck_assert_str_eq(str(hdr, "driver"), "nvcore " NVCORE_VERSION);
	if (from_harness) {
		snprintf(want, sizeof(want), "0x%llx", (unsigned long long)h->o.seed);
		ck_assert_str_eq(str(hdr, "seed"), want);
	}
	ck_assert_str_eq(str(hdr, "source"), "emulated");
	ck_assert_uint_eq(hexval(pci, "vendor"), pdev->vendor);
	ck_assert_uint_eq(hexval(pci, "device"), pdev->device);
	ck_assert_uint_eq(hexval(pci, "revision"), pdev->revision);
	snprintf(want, sizeof(want), "0x%04x:0x%04x", pdev->subsystem_vendor,
		 pdev->subsystem_device);
	ck_assert_str_eq(str(pci, "subsystem"), want);
	/* The platform's layout replay rebuilds: where the device and its BARs sat. */
	ck_assert_str_eq(str(pci, "bdf"), pci_name(pdev));
	v = json_object_get(pci, "bar");
	ck_assert(json_is_array(v) && json_array_size(v) == 6);
	for (i = 0; i < 6; i++) {
		snprintf(want, sizeof(want), "0x%llx", (unsigned long long)
			 (pci_resource_len(pdev, i) ? pci_resource_start(pdev, i) : 0));
		ck_assert_str_eq(json_string_value(json_array_get(v, i)), want);
	}
}

static size_t find(const struct trace *tr, size_t from, const char *k, const char *key,
		   const char *val)
{
	size_t i;

	for (i = from; i < tr->n; i++)
		if (is(tr->lines[i], k) && (!key || !strcmp(str(tr->lines[i], key), val)))
			return i;
	return tr->n;
}

static size_t find_fn(const struct trace *tr, size_t from, const char *k, long long fn)
{
	size_t i;

	for (i = from; i < tr->n; i++)
		if (is(tr->lines[i], k) && num(tr->lines[i], "fn") == fn)
			return i;
	return tr->n;
}

static struct nvcore_dev *boot_traced(struct nvh *h, struct trace *tr)
{
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;

	o.trace = true;
	nd = boot_ok_with(h, &o);
	if (tr)
		collect(h, tr);
	return nd;
}

static const char *init_done_name(struct nvcore_dev *nd)
{
	unsigned int i;

	for (i = 0; i < nd->release->num_events; i++)
		if (nd->release->events[i].kind == NVCORE_CORE_EVENT_INIT_DONE)
			return nd->release->events[i].name;
	return NULL;
}

START_TEST(boot_is_recorded)
{
	const struct nvcore_boot_family *fam;
	struct nvh h;
	struct trace tr;
	struct nvcore_dev *nd = boot_traced(&h, &tr);
	size_t i, at, sysinfo, registry, doorbell, riscv, irqs = 0;
	unsigned int s = 0;

	ck_assert_uint_gt(tr.n, 20);
	check_header(&h, tr.lines[0], true);

	/* Polling is one record with a repeat count, never two identical reads in a row. */
	for (i = 2, at = 0; i < tr.n; i++) {
		if (is(tr.lines[i], "rd") && json_object_get(tr.lines[i], "n"))
			at++;
		ck_assert_msg(!(is(tr.lines[i], "rd") && is(tr.lines[i - 1], "rd") &&
				!strcmp(str(tr.lines[i], "reg"), str(tr.lines[i - 1], "reg")) &&
				!strcmp(str(tr.lines[i], "val"), str(tr.lines[i - 1], "val"))),
			      "line %zu: a repeated read was not coalesced", i);
	}
	ck_assert_msg(at > 0, "no polling loop was coalesced");

	/* Chip identification is the first thing the driver does. */
	ck_assert(is(tr.lines[1], "rd"));
	ck_assert_str_eq(str(tr.lines[1], "reg"), "0x00000000");
	ck_assert_str_eq(str(tr.lines[1], "name"), "NV_PMC_BOOT_0");
	ck_assert_str_eq(str(tr.lines[2], "name"), "NV_PMC_BOOT_42");

	/* The family's states, in order, then ready. */
	fam = nvcore_boot_family_of(nd);
	at = 0;
	for (s = 0; s <= fam->num_steps; s++) {
		const char *want = nvcore_boot_state_name(s < fam->num_steps ? fam->steps[s].state :
							  NVCORE_BOOT_READY);

		at = find(&tr, at, "state", NULL, NULL);
		ck_assert_msg(at < tr.n, "state %s not recorded", want);
		ck_assert_str_eq(str(tr.lines[at], "state"), want);
		at++;
	}
	ck_assert_uint_eq(find(&tr, at, "state", NULL, NULL), tr.n);

	/* The pre-boot RPCs are queued (seq 0, 1) before GSP is started and rung. */
	sysinfo = find_fn(&tr, 0, "cmd", NV_VGPU_MSG_FUNCTION_GSP_SET_SYSTEM_INFO);
	registry = find_fn(&tr, 0, "cmd", NV_VGPU_MSG_FUNCTION_SET_REGISTRY);
	doorbell = find(&tr, 0, "wr", "reg", "0x00110c00");
	riscv = find(&tr, 0, "state", "state", "riscv-start");
	ck_assert_uint_lt(sysinfo, registry);
	ck_assert_uint_lt(registry, riscv);
	ck_assert_int_eq(num(tr.lines[sysinfo], "seq"), 0);
	ck_assert_int_eq(num(tr.lines[registry], "seq"), 1);
	ck_assert_str_eq(str(tr.lines[sysinfo], "name"), "GSP_SET_SYSTEM_INFO");
	ck_assert_uint_lt(sysinfo, doorbell);
	/* GSP is handed its boot arguments (MAILBOX0/1) only after both are queued. */
	for (i = 1; i < registry; i++)
		ck_assert_msg(!(is(tr.lines[i], "wr") &&
				!strcmp(str(tr.lines[i], "name"), "NV_PGSP_FALCON_MAILBOX0") &&
				hexval(tr.lines[i], "val")),
			      "line %zu: GSP MAILBOX0 written before the pre-boot RPCs", i + 1);

	/* INIT_DONE arrives as an event, then the static info reply. */
	at = find(&tr, 0, "msg", "name", init_done_name(nd));
	ck_assert_uint_lt(at, tr.n);
	ck_assert_int_ge(num(tr.lines[at], "fn"), NV_VGPU_MSG_FIRST_EVENT);
	ck_assert_uint_eq(hexval(tr.lines[at], "result"), 0);
	ck_assert_uint_gt(at, riscv);
	ck_assert_uint_lt(find_fn(&tr, at, "msg", NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO), tr.n);

	/* Every command and message carries its release's name; irqs ran. */
	for (i = 1; i < tr.n; i++) {
		if (is(tr.lines[i], "cmd") || (is(tr.lines[i], "msg") &&
					       num(tr.lines[i], "fn") < NV_VGPU_MSG_FIRST_EVENT))
			ck_assert_str_eq(str(tr.lines[i], "name"),
					 nvcore_fw_release_function_name(nd->release,
									 num(tr.lines[i], "fn")));
		/*
		 * The boot is polled (the interrupt tree is enabled only once
		 * GSP-RM names its vector, docs/hw-fidelity.md "Interrupts"):
		 * the handler or the waiters' polls read the GSP's IRQSTAT.
		 */
		if ((is(tr.lines[i], "irq") && (hexval(tr.lines[i], "stat") & NV_FALCON_IRQ_SWGEN0)) ||
		    (is(tr.lines[i], "rd") && !strcmp(str(tr.lines[i], "reg"), "0x00110008")))
			irqs++;
	}
	ck_assert_uint_gt(irqs, 0);
	/* Sequence numbers of the command queue count up from 0 with no gap. */
	for (i = 1, s = 0; i < tr.n; i++)
		if (is(tr.lines[i], "cmd"))
			ck_assert_int_eq(num(tr.lines[i], "seq"), s++);
	ck_assert_uint_eq(s, nd->core->rpc.q.tx_seq);
	/* Non-protocol registers (IMEM/DMEM ports, DMA) are not recorded. */
	ck_assert_uint_eq(find(&tr, 0, "wr", "reg", "0x00110118"), tr.n);
	trace_free(&tr);
	stop_clean(&h);
}
END_TEST

static unsigned int hexdigit(char c)
{
	return c <= '9' ? (unsigned int)(c - '0') : (unsigned int)(c - 'a' + 10);
}

/* Concatenate a command (or reply) and its continuation records from `at`. */
static unsigned char *join(const struct trace *tr, size_t at, const char *k, size_t *len,
			   unsigned int *records)
{
	unsigned char *out = NULL;
	size_t n = 0, i;

	*records = 0;
	for (i = at; i < tr->n; i++) {
		const char *p;
		size_t l, j;

		if (!is(tr->lines[i], k))
			continue;
		if (i > at && num(tr->lines[i], "fn") != NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD)
			break;
		p = str(tr->lines[i], "payload");
		l = strlen(p) / 2;
		out = realloc(out, n + l + 1);
		/* Lowercase hex: check_record has checked every digit. */
		for (j = 0; j < l; j++)
			out[n + j] = (unsigned char)(hexdigit(p[2 * j]) << 4 | hexdigit(p[2 * j + 1]));
		n += l;
		(*records)++;
	}
	*len = n;
	return out;
}

START_TEST(large_rpcs_recorded_in_full)
{
	static const size_t sizes[] = { 65536, 300 * 1024 };
	const size_t hdr = sizeof(struct rpc_gsp_rm_control_v03_00);
	struct nvh h;
	struct trace tr;
	struct nvcore_dev *nd = boot_traced(&h, NULL);
	unsigned int i, records;
	size_t at, len, j;
	unsigned char *p;

	free(nvh_trace_collect(&h, NULL));
	for (i = 0; i < 2; i++) {
		ck_assert_int_eq(nvh_echo(nd, sizes[i], i + 1), 0);
		collect(&h, &tr);
		/* No second header: the recording goes on. */
		ck_assert_uint_gt(tr.n, 0);
		ck_assert(!json_object_get(tr.lines[0], "nvtrace"));

		/* The command: a full first element, then continuation records. */
		at = find_fn(&tr, 0, "cmd", NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
		ck_assert_uint_lt(at, tr.n);
		ck_assert_int_eq(num(tr.lines[at], "elems"),
				 GSP_MSG_QUEUE_ELEMENT_SIZE_MAX / NVCORE_QUEUE_PAGE);
		p = join(&tr, at, "cmd", &len, &records);
		ck_assert_uint_eq(len, hdr + sizes[i]);
		ck_assert_uint_eq(records, (len + GSP_MSG_QUEUE_RPC_SIZE_MAX - 32 - 1) /
					   (GSP_MSG_QUEUE_RPC_SIZE_MAX - 32));
		ck_assert_uint_ge(records, 2);
		ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)p)->cmd,
				  GSPM_CTRL_CMD_TEST_ECHO);
		ck_assert_uint_eq(((struct rpc_gsp_rm_control_v03_00 *)p)->paramsSize, sizes[i]);
		for (j = 0; j < sizes[i]; j++)
			check(p[hdr + j] == (unsigned char)(j * 7 + i + 1),
			      "command payload byte %zu is 0x%02x", j, p[hdr + j]);
		free(p);

		/* The reply, reassembled from the recorded messages. */
		at = find_fn(&tr, at, "msg", NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
		ck_assert_uint_lt(at, tr.n);
		ck_assert_uint_eq(hexval(tr.lines[at], "result"), 0);
		p = join(&tr, at, "msg", &len, &records);
		ck_assert_uint_eq(len, hdr + sizes[i]);
		ck_assert_uint_ge(records, 2);
		for (j = 0; j < sizes[i]; j++)
			check(p[hdr + j] == (unsigned char)((j * 7 + i + 1) ^ 0x5a),
			      "reply payload byte %zu is 0x%02x", j, p[hdr + j]);
		free(p);
		/* The doorbell was rung after each record. */
		ck_assert_uint_lt(find(&tr, 0, "wr", "name", "NV_PGSP_QUEUE_HEAD(0)"), tr.n);
		trace_free(&tr);
	}
	stop_clean(&h);
}
END_TEST

static void read_file(struct nvh *h, const char *file, char *buf, size_t len)
{
	ck_assert_int_ge(kshim_debugfs_read(nvh_trace_path(h, file), buf, len), 0);
}

START_TEST(off_by_default)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	char buf[32];
	size_t len = 1;
	char *text;

	ck_assert(!nd->trace_on);
	ck_assert_int_eq(nvh_echo(nd, 5000, 1), 0);
	read_file(&h, "trace_enable", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0\n");
	read_file(&h, "trace_dropped", buf, sizeof(buf));
	ck_assert_str_eq(buf, "0\n");
	text = nvh_trace_collect(&h, &len);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(len, 0);
	free(text);
	stop_clean(&h);
}
END_TEST

START_TEST(enable_at_run_time)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_ok(&h);
	struct trace tr;
	char buf[32], *text;
	size_t at, len;

	ck_assert_int_eq(kshim_debugfs_write(nvh_trace_path(&h, "trace_enable"), "1", 1), 1);
	ck_assert(nd->trace_on);
	read_file(&h, "trace_enable", buf, sizeof(buf));
	ck_assert_str_eq(buf, "1\n");
	ck_assert_int_eq(nvh_echo(nd, 100, 9), 0);
	collect(&h, &tr);
	ck_assert_uint_ge(tr.n, 3);
	ck_assert_int_eq(num(tr.lines[0], "nvtrace"), 1);
	ck_assert_str_eq(str(tr.lines[0], "chip"), nvh_chip_name(h.o.chip));
	/* Boot was not recorded; the echo was, command then reply. */
	ck_assert_uint_eq(find(&tr, 1, "state", NULL, NULL), tr.n);
	at = find_fn(&tr, 1, "cmd", NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
	ck_assert_uint_lt(at, tr.n);
	ck_assert_uint_lt(find_fn(&tr, at, "msg", NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL), tr.n);
	ck_assert_int_lt(num(tr.lines[1], "t"), 1000000000LL);
	trace_free(&tr);

	/* Off again: nothing more is recorded. */
	ck_assert_int_eq(kshim_debugfs_write(nvh_trace_path(&h, "trace_enable"), "0", 1), 1);
	ck_assert(!nd->trace_on);
	ck_assert_int_eq(nvh_echo(nd, 100, 10), 0);
	text = nvh_trace_collect(&h, &len);
	ck_assert_uint_eq(len, 0);
	free(text);
	ck_assert_int_lt(kshim_debugfs_write(nvh_trace_path(&h, "trace_enable"), "x", 1), 0);
	stop_clean(&h);
}
END_TEST

/* A reader with a small buffer gets whole lines, or pieces of one longer line. */
START_TEST(small_reads_see_whole_lines)
{
	struct nvh h;
	struct trace tr;
	static char text[8 << 20];
	char buf[300];
	size_t n = 0;
	ssize_t got;

	boot_traced(&h, NULL);
	while ((got = kshim_debugfs_read(nvh_trace_path(&h, "trace"), buf, sizeof(buf))) > 0) {
		ck_assert_msg(buf[got - 1] == '\n' || (size_t)got == sizeof(buf) - 1,
			      "a %zd-byte read ends inside a line that would have fit", got);
		ck_assert_uint_lt(n + (size_t)got, sizeof(text));
		memcpy(text + n, buf, (size_t)got);
		n += (size_t)got;
	}
	ck_assert_int_eq(got, 0);
	parse(&tr, strndup(text, n), n);
	/* What the module itself wrote, before any harness touched it. */
	check_header(&h, tr.lines[0], false);
	ck_assert_uint_lt(find(&tr, 1, "state", "state", "ready"), tr.n);
	trace_free(&tr);
	stop_clean(&h);
}
END_TEST

static unsigned long long dropped(struct nvh *h)
{
	char buf[32];

	read_file(h, "trace_dropped", buf, sizeof(buf));
	return strtoull(buf, NULL, 10);
}

START_TEST(tiny_ring_drops_and_counts)
{
	struct nvh h;
	struct trace tr;
	struct nvh_opts o = nvh_defaults();
	struct nvcore_dev *nd;
	unsigned long long before, drops = 0;
	unsigned int seen = 0;
	size_t i, at;

	o.trace = true;
	ck_assert_int_eq(kshim_set_param("nvcore", "trace_kb", "1"), 0);
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, 0);
	nd = nvh_dev(&h);
	/* The boot does not fit in 1 KiB: most of it is lost, and counted. */
	before = dropped(&h);
	ck_assert_uint_gt(before, 50);
	collect(&h, &tr);
	check_header(&h, tr.lines[0], true);
	ck_assert_uint_ge(tr.n, 2);
	drops = drop_count(&tr);
	trace_free(&tr);

	/* The RPC path works; a 64 KiB command cannot fit and is dropped. */
	ck_assert_int_eq(nvh_echo(nd, 65536, 4), 0);
	ck_assert_uint_gt(dropped(&h), before);
	ck_assert_int_eq(nvh_echo(nd, 0, 5), 0);
	collect(&h, &tr);
	/* Where records were lost, a drop record says how many. */
	ck_assert_uint_eq(find(&tr, 0, "drop", NULL, NULL), 0);
	ck_assert_uint_gt(drop_count(&tr), 0);
	drops += drop_count(&tr);
	ck_assert_uint_le(drops, dropped(&h));
	trace_free(&tr);

	/* Small round trips fit; records (and their hex) wrap the ring at every offset. */
	for (i = 0; i < 64; i++) {
		const size_t hdr = sizeof(struct rpc_gsp_rm_control_v03_00);
		unsigned int records;
		unsigned char *p;
		size_t len, j;

		ck_assert_int_eq(nvh_echo(nd, 8, (unsigned int)i), 0);
		collect(&h, &tr);
		drops += drop_count(&tr);
		at = find_fn(&tr, 0, "cmd", NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL);
		if (at < tr.n) {
			p = join(&tr, at, "cmd", &len, &records);
			ck_assert_uint_eq(len, hdr + 8);
			for (j = 0; j < 8; j++)
				ck_assert_uint_eq(p[hdr + j], (unsigned char)(j * 7 + i));
			free(p);
			seen++;
		}
		trace_free(&tr);
	}
	ck_assert_uint_gt(seen, 32);

	/* Stopping the recording leaves the last drop record: the counts add up. */
	ck_assert_int_eq(nvh_echo(nd, 65536, 6), 0);
	ck_assert_int_eq(kshim_debugfs_write(nvh_trace_path(&h, "trace_enable"), "0", 1), 1);
	collect(&h, &tr);
	ck_assert(is(tr.lines[tr.n - 1], "drop"));
	drops += drop_count(&tr);
	trace_free(&tr);
	ck_assert_uint_eq(drops, dropped(&h));
	stop_clean(&h);
}
END_TEST

/* A failed probe's recording stays readable: the trace a support engineer needs. */
static void drop_static_info(struct nvh *h)
{
	gspm_inject(h->m, GSPM_FAULT_DROP_REPLY, NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO, 0, 1);
}

START_TEST(failed_probe_is_recorded)
{
	struct nvh h;
	struct trace tr;
	struct nvh_opts o = nvh_defaults();
	json_t *last;
	size_t at;

	o.trace = true;
	o.before_probe = drop_static_info;
	nvh_start(&h, &o);
	ck_assert_int_eq(h.probe_ret, -ETIMEDOUT);
	collect(&h, &tr);
	check_header(&h, tr.lines[0], true);
	at = find(&tr, 0, "err", "what", "rpc-timeout");
	ck_assert_uint_lt(at, tr.n);
	ck_assert_int_eq(num(tr.lines[at], "fn"), NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO);
	ck_assert_uint_lt(find(&tr, at, "state", "state", "failed"), tr.n);
	last = tr.lines[tr.n - 1];
	ck_assert(is(last, "err"));
	ck_assert_str_eq(str(last, "what"), "probe-failed");
	ck_assert_str_eq(str(last, "err"), "-ETIMEDOUT");
	trace_free(&tr);
	stop_clean(&h);
}
END_TEST

/* Same seed, same trace, byte for byte. */
static char *run_trace(size_t *len)
{
	struct nvh h;
	struct nvcore_dev *nd = boot_traced(&h, NULL);
	char *text;

	ck_assert_int_eq(nvh_echo(nd, 100000, 3), 0);
	text = nvh_trace_collect(&h, len);
	ck_assert_ptr_nonnull(text);
	stop_clean(&h);
	return text;
}

START_TEST(same_seed_same_trace)
{
	size_t la, lb;
	char *a, *b;

	if (kshim_threaded())
		return;		/* tasks on threads: the OS interleaves them, not the seed */
	a = run_trace(&la);
	b = run_trace(&lb);
	ck_assert_uint_gt(la, 100000);
	ck_assert_uint_eq(la, lb);
	ck_assert_msg(!memcmp(a, b, la), "two recordings with one seed differ");
	free(a);
	free(b);
}
END_TEST

Suite *trace_suite(void)
{
	Suite *s = suite_create("trace");
	TCase *tc = tcase_create("trace");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, boot_is_recorded);
	tcase_add_test(tc, large_rpcs_recorded_in_full);
	tcase_add_test(tc, off_by_default);
	tcase_add_test(tc, enable_at_run_time);
	tcase_add_test(tc, small_reads_see_whole_lines);
	tcase_add_test(tc, tiny_ring_drops_and_counts);
	tcase_add_test(tc, failed_probe_is_recorded);
	tcase_add_test(tc, same_seed_same_trace);
	suite_add_tcase(s, tc);
	return s;
}
