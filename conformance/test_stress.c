// SPDX-License-Identifier: MIT
/*
 * Deterministic concurrency (docs/testing.md "Stress"): kshim runs every
 * task, work item and IRQ handler as a fiber and picks the next runnable one
 * with its seeded PRNG, so a seed is one interleaving.  For each seed the
 * suite boots the same run, reseeds kshim and the model with the seed, plays
 * one scenario the seed picks and tears the run down in full; the seeds run
 * one after another in one forked process (play_batch), so that a seed
 * whose run dies is still named:
 *
 *   submit   four submitter tasks, calls of seed-chosen sizes (up to a
 *            record and its continuation) at once: every call answered, 0;
 *   events   an event storm while three tasks submit: 0 each;
 *   race     a reply delayed to within 2 ms of the RPC timeout, either
 *            side, while another task submits: each gets 0 or -ETIMEDOUT
 *            (GSP-RM answers in order), and a NOP after them 0 (a late
 *            reply is consumed in order, never handed to the wrong command);
 *   unload   the GPU removed while events are still arriving and the last
 *            replies are in flight (the unload's drain against its own
 *            teardown);
 *   client   the GPU removed while three tasks of an attached client are
 *            in nvcore_client_rpc() and events broadcast to it are still
 *            arriving.  The core unbinds its clients before it unloads
 *            (nvcore_remove), and a client's remove callback is its cue: as
 *            a real client, this one refuses new calls (-ENODEV), waits for
 *            those in flight, then detaches.  Every call ends 0 or -ENODEV,
 *            and the teardown is full.  Both waits are watched: no call of
 *            the client may be inside the core when it detaches (the
 *            client's wait), and none of its event callbacks, which sleep a
 *            seed-chosen while, may still run once nvcore_client_detach()
 *            returned (the core's: detach waits for the callbacks in flight).
 *
 * On ad102 with 570.144 (the vGPU combination) every seed plays one more
 * scenario instead, on a run booted with nvcore.vgpu=2, the vGPU manager and
 * its VFIO driver bound and two VFs enabled:
 *
 *   vgpu     three VMM tasks open, close and reset the two VFs' VFIO devices
 *            and write their current_vgpu_type at once (each open creates a
 *            vGPU, each last close destroys it); each closes what it opened,
 *            then both types are cleared: every reset 0, every refusal one
 *            the manager documents, nothing left allocated.
 *
 * Then no kshim failure (double free, lock misuse, sleeping in atomic
 * context, deadlock) and no protocol violation, and every byte the traffic
 * allocated freed; then every seed's run tears down in full (nvh_stop:
 * leaks, resources still held).  A failing seed prints the command that
 * reruns it alone; a seed's run reproduces byte for byte, alone or after
 * others in the same process (same_seed_same_log).  NVCORE_SEED=N runs seed N only;
 * NVCORE_STRESS_SEEDS=N sets how many seeds (default 1000),
 * NVCORE_STRESS_FIRST=K the first (default 0: seed 0x5eed0000 + K onwards;
 * meson runs the 1000 in four tests of 250, which run in parallel).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <kshim/sysfs.h>
#include <kshim/vfio.h>
#include <linux/auxiliary_bus.h>
#include <linux/delay.h>
#include <linux/mutex.h>
#include <linux/vfio.h>
#include <linux/wait.h>

#include "common.h"
#include "nvvgpu.h"

#define DEFAULT_SEEDS	1000u
/* Seeds are this base + i; the boot before them always uses the harness's default. */
#define SEED_BASE	0x5eed0000ull

enum scenario { S_SUBMIT, S_EVENTS, S_RACE, S_UNLOAD, S_CLIENT, S_COUNT, S_VGPU = S_COUNT };
/* The vGPU combination (ad102, 570.144): its boot and its one scenario. */
static bool vgpu_mode;
/* kshim_bytes_allocated() of the booted run every seed starts from. */
static size_t base_bytes;
static const char *const scenario_names[] = { "submit", "events", "race", "unload", "client",
						"vgpu" };

struct call {
	struct nvcore_dev *nd;
	size_t len;		/* echo length; 0: a NOP */
	unsigned int n;		/* calls */
	int ret;		/* the first non-zero result, else 0 */
};

static int submitter(void *arg)
{
	struct call *c = arg;
	unsigned int i;
	int ret;

	for (i = 0; i < c->n; i++) {
		ret = c->len ? nvh_echo(c->nd, c->len, i) : rpc_nop(c->nd);
		if (ret && !c->ret)
			c->ret = ret;
	}
	return 0;
}

/*
 * A seed-chosen size: a NOP, a small control, one that spans pages, or (one
 * in eight: each costs a fork's copy of 17 queue pages) a first record and
 * a continuation.
 */
static size_t pick_len(void)
{
	static const size_t sizes[] = { 0, 64, 4000, 0, 64, 4000, 64, 0x10100 };

	return sizes[kshim_rand() % (sizeof(sizes) / sizeof(sizes[0]))];
}

static int fail_msg(const char *what, int got)
{
	fprintf(stderr, "stress: %s: %d\n", what, got);
	return 1;
}

/* n RC_TRIGGERED events, one every gap ns (seed-chosen up to max_gap_ns). */
static void queue_events(struct nvh *h, struct nvcore_dev *nd, unsigned int n, u64 max_gap_ns)
{
	u8 payload[64] = { 0 };	/* an rpc_rc_triggered_v17_02 of any release fits */
	u32 raw = nvh_event_raw(nd->release, NVCORE_EVENT_RC_TRIGGERED);
	u64 gap = 1000 + kshim_rand() % max_gap_ns;
	unsigned int i;

	for (i = 0; i < n; i++)
		gspm_queue_event(h->m, kshim_now_ns() + gap * i, raw, payload, sizeof(payload));
}

/* Start n submitters, join them; the number that did not get want. */
static int submit(struct nvcore_dev *nd, unsigned int n, unsigned int calls)
{
	struct kshim_task *t[4];
	struct call c[4];
	unsigned int i;
	int bad = 0;

	for (i = 0; i < n; i++) {
		c[i] = (struct call){ nd, pick_len(), calls, 0 };
		t[i] = kshim_task_start("submitter", submitter, &c[i]);
	}
	for (i = 0; i < n; i++) {
		kshim_task_join(t[i]);
		if (c[i].ret)
			bad += fail_msg("a submitter's call", c[i].ret);
	}
	return bad;
}

/* The delayed NOP races its own timeout while an echo goes on beside it. */
static int race(struct nvh *h, struct nvcore_dev *nd)
{
	u64 timeout_ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC);
	u64 delay_ns = timeout_ms * 1000000ull - 2000000ull + kshim_rand() % 4000000ull;
	struct call nop = { nd, 0, 1, 0 }, other = { nd, 64, 1, 0 };
	struct kshim_task *t[2];

	gspm_inject(h->m, GSPM_FAULT_DELAY_REPLY, NV_VGPU_MSG_FUNCTION_NOP, delay_ns, 1);
	t[0] = kshim_task_start("late", submitter, &nop);
	t[1] = kshim_task_start("other", submitter, &other);
	kshim_task_join(t[0]);
	kshim_task_join(t[1]);
	if (nop.ret && nop.ret != -ETIMEDOUT)
		return fail_msg("the delayed NOP", nop.ret);
	/* GSP-RM answers in order: the call behind the late one may time out too. */
	if (other.ret && other.ret != -ETIMEDOUT)
		return fail_msg("the call beside it", other.ret);
	/* Its late reply, if it timed out, is consumed in order: this NOP gets its own. */
	return rpc_nop(nd) ? fail_msg("the NOP after the race", rpc_nop(nd)) : 0;
}

/* Replies and events still arriving while the GPU goes. */
static int unload(struct nvh *h, struct nvcore_dev *nd)
{
	gspm_inject(h->m, GSPM_FAULT_DELAY_REPLY, NV_VGPU_MSG_FUNCTION_UNLOADING_GUEST_DRIVER,
		    kshim_rand() % 3000000ull, 1);
	queue_events(h, nd, 50, 20000);
	kshim_run_for(kshim_rand() % 200000);
	nvh_remove(h);
	return 0;
}

/*
 * The client of the client scenario: its calls go through call_client(),
 * which counts them in flight; its remove callback stops new ones and waits
 * for those in flight before nvcore_client_detach(), the contract of a
 * client whose device goes (nvcore.h: the client must not call the core
 * once detached).
 */
static struct {
	struct mutex lock;
	wait_queue_head_t idle;
	struct nvcore_client *cl;
	unsigned int inflight;
	int attach_ret;
	/*
	 * What the scenario watches, apart from the client's own bookkeeping
	 * above: its tasks inside nvcore_client_rpc(), its event callbacks
	 * running, whether nvcore_client_detach() has returned, and each
	 * breach of the two waits.
	 */
	atomic_t in_core, in_callback;	/* the submitters' and the event work's: atomic */
	bool detached;
	int breaches;
} sc;

static int breach(const char *what, unsigned int n)
{
	fprintf(stderr, "stress: %s (%u)\n", what, n);
	sc.breaches++;
	return 1;
}

/*
 * The client's event callback (RC_TRIGGERED is broadcast): it sleeps a
 * seed-chosen while, so a detach that does not wait for it returns while
 * it still runs, and it finds the client detached.
 */
static void sclient_event(struct nvcore_client *cl, const struct nvcore_event *ev)
{
	if (READ_ONCE(sc.detached))
		breach("an event callback started after nvcore_client_detach() returned", 1);
	atomic_inc(&sc.in_callback);
	fsleep(1 + kshim_rand() % 40);
	if (READ_ONCE(sc.detached))
		breach("an event callback still ran after nvcore_client_detach() returned", 1);
	atomic_dec(&sc.in_callback);
}

static const struct nvcore_client_ops sclient_ops = { .event = sclient_event };

static int sclient_probe(struct auxiliary_device *adev, const struct auxiliary_device_id *id)
{
	sc.attach_ret = nvcore_client_attach(adev, NVCORE_API_VERSION, &sclient_ops, NULL, &sc.cl);
	return sc.attach_ret;
}

static bool sclient_idle(void)
{
	bool idle;

	mutex_lock(&sc.lock);
	idle = !sc.inflight;
	mutex_unlock(&sc.lock);
	return idle;
}

static void sclient_remove(struct auxiliary_device *adev)
{
	struct nvcore_client *cl;

	mutex_lock(&sc.lock);
	cl = sc.cl;
	sc.cl = NULL;	/* new calls: -ENODEV */
	mutex_unlock(&sc.lock);
	wait_event(sc.idle, sclient_idle());
	if (atomic_read(&sc.in_core))
		breach("the client detaches with calls inside nvcore_client_rpc()",
		       atomic_read(&sc.in_core));
	nvcore_client_detach(cl);
	WRITE_ONCE(sc.detached, true);
	if (atomic_read(&sc.in_callback))
		breach("nvcore_client_detach() returned with event callbacks running",
		       atomic_read(&sc.in_callback));
}

static const struct auxiliary_device_id sclient_ids[] = {
	{ .name = "nvcore." NVCORE_AUX_DEV_NAME },
	{ }
};

static struct auxiliary_driver sclient = {
	.name = "stressclient",
	.probe = sclient_probe,
	.remove = sclient_remove,
	.id_table = sclient_ids,
};

/* One NOP through the client API, unless the client has been told its GPU goes. */
static int call_client(void)
{
	struct nvcore_client *cl;
	u32 out_len;
	int ret;

	mutex_lock(&sc.lock);
	cl = sc.cl;
	if (cl)
		sc.inflight++;
	mutex_unlock(&sc.lock);
	if (!cl)
		return -ENODEV;
	atomic_inc(&sc.in_core);
	ret = nvcore_client_rpc(cl, NV_VGPU_MSG_FUNCTION_NOP, NULL, 0, NULL, 0, &out_len, NULL);
	atomic_dec(&sc.in_core);
	mutex_lock(&sc.lock);
	if (!--sc.inflight)
		wake_up(&sc.idle);
	mutex_unlock(&sc.lock);
	return ret;
}

struct client_task {
	unsigned int calls;	/* made, the last one -ENODEV or the first failure */
	int ret;		/* the first result neither 0 nor -ENODEV, else 0 */
};

static int client_submitter(void *arg)
{
	struct client_task *t = arg;
	int ret;

	do {
		ret = call_client();
		t->calls++;
		if (ret && ret != -ENODEV)
			t->ret = ret;
	} while (!ret);
	return 0;
}

/* The GPU removed while a client's tasks are in its calls and events reach it. */
static int client_unload(struct nvh *h, struct nvcore_dev *nd)
{
	struct client_task c[3] = { 0 };
	struct kshim_task *t[3];
	unsigned int i;
	int bad = 0;

	memset(&sc, 0, sizeof(sc));	/* the previous seed's, in the same process */
	mutex_init(&sc.lock);
	init_waitqueue_head(&sc.idle);
	if (auxiliary_driver_register(&sclient) || sc.attach_ret)
		return fail_msg("the stress client's attach", sc.attach_ret);
	for (i = 0; i < 3; i++)
		t[i] = kshim_task_start("client", client_submitter, &c[i]);
	/* Still arriving when the client detaches, whatever the calls in flight take. */
	queue_events(h, nd, 50, 100000);
	kshim_run_for(kshim_rand() % 300000);
	nvh_remove(h);
	for (i = 0; i < 3; i++) {
		kshim_task_join(t[i]);
		if (c[i].ret)
			bad += fail_msg("a client call during remove", c[i].ret);
	}
	auxiliary_driver_unregister(&sclient);
	return bad + sc.breaches;
}

/* ---- vGPU create/destroy races -------------------------------------------- */

#define VMM_TASKS	3
#define VMM_OPS		6

static struct nvh *vgpu_h;
static char vgpu_type[16];	/* the type with the most instances: both VFs may hold it */

struct vmm_task {
	unsigned int held[2];	/* opens of each VF this task has not closed */
	int bad;
};

/*
 * The refusals the manager documents (test_vgpumgr.c type_selection_errors)
 * that one type on two VFs can meet: an open with no type chosen (-ENODEV),
 * a type written while the VF's vGPU exists (-EBUSY).
 */
static bool refusal_ok(long ret)
{
	return ret == -EBUSY || ret == -ENODEV;
}

static int vmm(void *arg)
{
	struct vmm_task *t = arg;
	unsigned int i, k;
	struct vfio_device *vd;
	const char *type;
	long ret;

	for (i = 0; i < VMM_OPS; i++) {
		k = kshim_rand() % 2;
		vd = kshim_vfio_device(kshim_pci_vf(vgpu_h->pdev, (int)k));
		switch (kshim_rand() % 4) {
		case 0:
			ret = kshim_vfio_open(vd);
			if (!ret)
				t->held[k]++;
			else if (!refusal_ok(ret))
				t->bad += fail_msg("a VF's open", (int)ret);
			break;
		case 1:
			if (t->held[k]) {
				kshim_vfio_close(vd);
				t->held[k]--;
			}
			break;
		case 2:
			ret = t->held[k] ? kshim_vfio_ioctl(vd, VFIO_DEVICE_RESET, NULL) : 0;
			if (ret)
				t->bad += fail_msg("a VF's reset", (int)ret);
			break;
		default:
			type = kshim_rand() % 2 ? vgpu_type : "0";
			ret = kshim_sysfs_write(&kshim_pci_vf(vgpu_h->pdev, (int)k)->dev,
						"nvidia/current_vgpu_type", type, strlen(type));
			if (ret != (long)strlen(type) && !refusal_ok(ret))
				t->bad += fail_msg("a current_vgpu_type write", (int)ret);
			break;
		}
	}
	for (k = 0; k < 2; k++)
		for (; t->held[k]; t->held[k]--)
			kshim_vfio_close(kshim_vfio_device(kshim_pci_vf(vgpu_h->pdev, (int)k)));
	return 0;
}

static int vgpu_races(struct nvh *h)
{
	struct vmm_task c[VMM_TASKS] = { 0 };
	struct kshim_task *t[VMM_TASKS];
	unsigned int i;
	int bad = 0;
	ssize_t ret;

	vgpu_h = h;
	for (i = 0; i < VMM_TASKS; i++)
		t[i] = kshim_task_start("vmm", vmm, &c[i]);
	for (i = 0; i < VMM_TASKS; i++) {
		kshim_task_join(t[i]);
		bad += c[i].bad;
	}
	/* Everything closed: each VF's type clears (the vGPU is gone). */
	for (i = 0; i < 2; i++) {
		ret = kshim_sysfs_write(&kshim_pci_vf(h->pdev, (int)i)->dev,
					"nvidia/current_vgpu_type", "0", 1);
		if (ret != 1)
			bad += fail_msg("clearing a VF's type once closed", (int)ret);
	}
	return bad;
}

static void set_vgpu(struct nvh *h)
{
	ck_assert_int_eq(kshim_set_param("nvcore", "vgpu", "2"), 0);
}

/*
 * The booted run every seed starts from: the default seed, whatever
 * NVCORE_SEED says; in vGPU mode with the manager, its VFIO driver and two
 * VFs (as test_vgpumgr.c's start()).
 */
static struct nvcore_dev *boot_base(struct nvh *h)
{
	struct nvh_opts o = nvh_defaults();
	struct nvvgpu_type t;
	struct nvcore_dev *nd;

	o.seed = SEED_BASE;
	if (vgpu_mode)
		o.before_probe = set_vgpu;
	nd = boot_ok_with(h, &o);
	if (vgpu_mode) {
		ck_assert_int_eq(nvvgpu_register(), 0);
		ck_assert_int_eq(nvvgpu_vfio_register(), 0);
		kshim_settle();
		ck_assert_int_eq(kshim_pci_sriov_numvfs(h->pdev, 2), 0);
		ck_assert_int_ge(nvvgpu_types_of(h->pdev, &t, 1), 1);
		ck_assert_uint_ge(t.max_instance, 2);
		snprintf(vgpu_type, sizeof(vgpu_type), "%u", t.id);
	}
	kshim_settle();
	base_bytes = kshim_bytes_allocated();
	return nd;
}

/* The booted run's full teardown; returns its failures. */
static int stop_base(struct nvh *h)
{
	int bad = 0;

	if (vgpu_mode) {
		if (kshim_pci_sriov_numvfs(h->pdev, 0))
			bad += fail_msg("disabling the VFs", -1);
		nvvgpu_vfio_unregister();
		nvvgpu_unregister();
	}
	return bad + (int)nvh_stop(h);
}

/* The seed's scenario on the booted run, then its teardown; returns its failures. */
static int run_seed(struct nvh *h, struct nvcore_dev *nd, u64 seed)
{
	enum scenario s;
	int bad = 0;

	kshim_reseed(seed);
	gspm_reseed(h->m, seed);
	s = vgpu_mode ? S_VGPU : (enum scenario)(kshim_rand() % S_COUNT);
	switch (s) {
	case S_VGPU:
		bad = vgpu_races(h);
		break;
	case S_SUBMIT:
		bad = submit(nd, 4, 2);
		break;
	case S_EVENTS:
		queue_events(h, nd, 100 + kshim_rand() % 100, 20000);
		bad = submit(nd, 3, 2);
		break;
	case S_RACE:
		bad = race(h, nd);
		break;
	case S_UNLOAD:
		bad = unload(h, nd);
		break;
	default:
		bad = client_unload(h, nd);
		break;
	}
	if (s == S_UNLOAD || s == S_CLIENT) {
		bad += nvh_stop(h);
	} else {
		/*
		 * The device stays: what the traffic allocated must be back to
		 * the booted run's (every pending command, reassembly buffer and
		 * event freed), with no kshim failure and no violation so far.
		 * The full teardown is the unload scenario's; here it only
		 * makes way for the next seed's boot.
		 */
		kshim_settle();
		if (kshim_bytes_allocated() != base_bytes)
			bad += fail_msg("bytes still allocated beyond the booted run's",
					(int)(kshim_bytes_allocated() - base_bytes));
		if (kshim_failure_count() || gspm_violation_count(h->m)) {
			nvh_report(h, "stress seed");
			bad++;
		}
		bad += stop_base(h);
	}
	if (bad)
		fprintf(stderr, "stress: seed 0x%llx (%s) failed\n", (unsigned long long)seed,
			scenario_names[s]);
	return bad;
}

static void rerun_hint(u64 seed)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	fprintf(stderr, "rerun: NVCORE_SEED=0x%llx %s --chip %s --release %s stress\n",
		(unsigned long long)seed, exe, nvh_chip_name(nvh_target.chip), nvh_target.release);
}

/*
 * One seed from the start: the booted run (the same for every seed), the
 * seed's scenario and checks, the full teardown (kshim_fini and
 * gspm_destroy: the next seed's boot starts as in a fresh process).
 * log_fd >= 0: the run's kernel log is written there.
 */
static int play_seed(u64 seed, int log_fd)
{
	static char log[1 << 20];
	struct nvh h;
	int bad = run_seed(&h, boot_base(&h), seed);
	size_t n, off = 0;
	ssize_t w;

	if (log_fd < 0)
		return bad;
	n = kshim_log_copy(log, sizeof(log));
	for (; off < n; off += (size_t)w) {
		w = write(log_fd, log + off, n - off);
		if (w <= 0)
			return bad + fail_msg("writing the kernel log", errno);
	}
	return bad;
}

/*
 * What a batch's process tells its runner, a u32 each: a seed's index as it
 * starts, the index with SEED_FAILED once that seed failed, BATCH_DONE
 * after the last.
 */
#define SEED_FAILED	0x80000000u
#define BATCH_DONE	0xffffffffu

static void tell(int fd, u32 msg)
{
	if (write(fd, &msg, sizeof(msg)) != sizeof(msg))
		_exit(3);
}

/*
 * Play seeds[0..n) one after another in one forked process (a fork per
 * seed, with its copy-on-write faults, cost more than the seed's run:
 * docs/testing.md, "Speed"); the kernel log of the last goes to log_fd
 * (-1: none).  The process names each seed as it starts, through a pipe,
 * so that one whose run dies (of a signal, or an assertion's exit) is
 * reported with its rerun line; the seeds after it go on in a new process.
 * Returns how many seeds failed.
 */
static unsigned int play_batch(const u64 *seeds, unsigned int n, int log_fd)
{
	unsigned int i = 0, cur, failed = 0, j;
	bool done;
	int p[2], st;
	pid_t pid;
	u32 msg;

	while (i < n) {
		ck_assert_int_eq(pipe(p), 0);
		fflush(NULL);
		pid = fork();
		ck_assert_int_ge(pid, 0);
		if (!pid) {
			close(p[0]);
			for (j = i; j < n; j++) {
				tell(p[1], j);
				if (play_seed(seeds[j], j == n - 1 ? log_fd : -1))
					tell(p[1], j | SEED_FAILED);
			}
			tell(p[1], BATCH_DONE);
			_exit(0);
		}
		close(p[1]);
		cur = i;
		done = false;
		while (read(p[0], &msg, sizeof(msg)) == sizeof(msg)) {
			if (msg == BATCH_DONE) {
				done = true;
			} else if (msg & SEED_FAILED) {
				rerun_hint(seeds[msg & ~SEED_FAILED]);
				failed++;
			} else {
				cur = msg;
			}
		}
		close(p[0]);
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		if (done && WIFEXITED(st) && !WEXITSTATUS(st))
			break;
		if (WIFSIGNALED(st))
			fprintf(stderr, "stress: seed 0x%llx: the run died of signal %d (%s)\n",
				(unsigned long long)seeds[cur], WTERMSIG(st), strsignal(WTERMSIG(st)));
		else
			fprintf(stderr, "stress: seed 0x%llx: the run exited with status %d\n",
				(unsigned long long)seeds[cur], WEXITSTATUS(st));
		rerun_hint(seeds[cur]);
		failed++;
		i = cur + 1;
	}
	return failed;
}

START_TEST(seeds)
{
	const char *one = getenv("NVCORE_SEED"), *count = getenv("NVCORE_STRESS_SEEDS");
	const char *first = getenv("NVCORE_STRESS_FIRST");
	unsigned int n = one ? 1 : count ? (unsigned int)strtoul(count, NULL, 0) : DEFAULT_SEEDS;
	u64 from = one ? nvh_seed() : SEED_BASE + (first ? strtoull(first, NULL, 0) : 0);
	u64 *seeds = calloc(n ? n : 1, sizeof(*seeds));
	unsigned int i, failed;

	ck_assert_ptr_nonnull(seeds);
	for (i = 0; i < n; i++)
		seeds[i] = from + i;
	failed = play_batch(seeds, n, -1);
	printf("# stress: %u seeds from 0x%llx, %u failed\n", n, (unsigned long long)from, failed);
	fflush(stdout);
	free(seeds);
	ck_assert_uint_eq(failed, 0);
}
END_TEST

/* The kernel log of the last of seeds[0..n), run in turn in one process; malloc'd. */
static char *log_of(const u64 *seeds, unsigned int n, size_t *len)
{
	FILE *tmp = tmpfile();
	size_t cap = 1 << 20, got = 0;
	char *buf = malloc(cap);
	ssize_t r;
	int fd;

	ck_assert_ptr_nonnull(tmp);
	ck_assert_ptr_nonnull(buf);
	fd = fileno(tmp);
	ck_assert_uint_eq(play_batch(seeds, n, fd), 0);
	ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
	for (;;) {
		if (cap - got < 65536) {
			cap *= 2;
			buf = realloc(buf, cap);
			ck_assert_ptr_nonnull(buf);
		}
		r = read(fd, buf + got, cap - got);
		ck_assert_int_ge(r, 0);
		if (!r)
			break;
		got += (size_t)r;
	}
	fclose(tmp);
	*len = got;
	return buf;
}

START_TEST(same_seed_same_log)
{
	/*
	 * Seed 0x1a: on ga102 an unload whose teardown's error interrupt the
	 * driver logs ratelimited (10 a burst), on the vGPU combination a vgpu
	 * seed: tasks whose interleaving shows.  Its log alone, then after the
	 * 26 seeds before it in the same process (every scenario; those that
	 * log that interrupt use up its burst, so a ratelimit state carried
	 * over from one run to the next suppresses this seed's line: kshim's
	 * linux/once_lite.h), then another seed's.
	 */
	static const u64 alone[] = { SEED_BASE + 0x1a }, other[] = { SEED_BASE + 3 };
	u64 after[0x1b];
	size_t a_len, b_len, c_len, i;
	char *a, *b, *c;

	for (i = 0; i < 0x1b; i++)
		after[i] = SEED_BASE + i;
	a = log_of(alone, 1, &a_len);
	b = log_of(after, 0x1b, &b_len);
	c = log_of(other, 1, &c_len);
	ck_assert_uint_gt(a_len, 0);
	ck_assert_msg(a_len == b_len && !memcmp(a, b, a_len),
		      "seed 0x%llx: its kernel log alone and after others differ (%zu and %zu bytes)",
		      (unsigned long long)alone[0], a_len, b_len);
	/* The seed matters: another one is another run. */
	ck_assert(a_len != c_len || memcmp(a, c, a_len));
	free(a);
	free(b);
	free(c);
}
END_TEST

Suite *stress_suite(void)
{
	vgpu_mode = nvh_target.chip == GSPM_CHIP_AD102 && !strcmp(nvh_target.release, "570.144");
	return suite_of("stress", "stress", 300, (const TTest *[]){ same_seed_same_log, seeds, NULL });
}
