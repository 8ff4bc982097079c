// SPDX-License-Identifier: MIT
/*
 * RPC submission: the one way anything talks to GSP-RM.
 *
 * nvcore_rpc() runs one request (struct nvcore_rpc_req, mlx5_cmd_exec's
 * in/out shape) in three steps: rpc_enqueue writes the command (split into
 * continuation records when it exceeds one element, protocol.md §1.5) and rings the
 * doorbell, rpc_wait sleeps until the status-queue drain (nvcore_rpc_dispatch,
 * run from the interrupt's work item or the waiter's poll) hands it its
 * reply, rpc_finish maps the answer.  nvcore_rpc_post() only enqueues, for
 * the commands GSP-RM never answers.  GSP-RM answers commands strictly in order with
 * the command's function number, so outstanding commands form a FIFO and
 * each reply belongs to the oldest one.  Like mlx5's cmd interface the call
 * returns -EREMOTEIO when the firmware ran the command and reported a
 * failure, with the firmware status handed back; every call is timed into
 * per-function statistics and a history ring that is printed on timeout.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"
#include "regs.h"

/* An outstanding command, in queue order on core->rpc.pending. */
struct rpc_pending {
	struct list_head node;
	u32 function;
	void *reply, *reply2;		/* nvcore_rpc_req's out and out2 */
	size_t reply_max, reply2_max, reply_len;
	const u32 *reply2_gate;
	u32 rpc_result;
	int err;
	/*
	 * claimed: the drain writes the reply into the caller's buffers (the
	 * caller then waits for done, never gives up: rpc_wait_claimed);
	 * copying: it is writing now (under pending_lock, with claimed).
	 */
	bool claimed, abandoned, copying;
	/*
	 * The reply is in (or the call failed): its caller alone is woken,
	 * not every caller waiting (a host with many vGPUs has many), and the
	 * completion's lock keeps p alive until complete() has let go of it.
	 */
	struct completion done;
	u64 hist_id;
	ktime_t start;
};

#define RPC_HDR_SIZE	sizeof(struct rpc_message_header_v)
#define CONT_PAYLOAD	(GSP_MSG_QUEUE_RPC_SIZE_MAX - RPC_HDR_SIZE)
/*
 * Pending entries kept per device for the calls (allocated at init, taken
 * and given back): nothing allocated per call up to this many outstanding.
 */
#define NVCORE_PENDING_SPARE	16

/*
 * Replies carry no sequence number on the GSP path (protocol.md §2.1): they are
 * matched to commands in queue order by function.  While a timed-out command
 * of `function` is still queued, the next reply to `function` could be its
 * late answer or the answer to a new command.  A fence settles it: a command
 * of another function (GET_GSP_STATIC_INFO, a read every release answers)
 * whose reply, coming in order, proves that every abandoned command ahead of
 * it was either answered late or dropped by the firmware (oldest_for()
 * forgets those).  Called with pending_lock held.
 */
static bool abandoned_locked(struct nvcore_rpc_state *rs, u32 function)
{
	struct rpc_pending *r;

	list_for_each_entry(r, &rs->pending, node)
		if (r->abandoned && r->function == function)
			return true;
	return false;
}

/*
 * An entry for a call to `function`, and whether a timed-out command of
 * `function` is still queued (*abandoned, looked at under the same lock
 * acquisition as the take: abandoned_locked); NULL when out of memory.
 */
static struct rpc_pending *pending_get(struct nvcore_rpc_state *rs, u32 function,
				       bool *abandoned)
{
	struct rpc_pending *p;
	unsigned long flags;

	spin_lock_irqsave(&rs->pending_lock, flags);
	*abandoned = abandoned_locked(rs, function);
	p = list_first_entry_or_null(&rs->pending_spare, struct rpc_pending, node);
	if (p) {
		list_del(&p->node);
		rs->pending_nspare--;
	}
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	if (!p)
		p = kzalloc(sizeof(*p), GFP_KERNEL);
	else
		memset(p, 0, sizeof(*p));
	if (p)
		init_completion(&p->done);
	return p;
}

/* Keep p for a later call, or free it; called with pending_lock held. */
static void pending_put_locked(struct nvcore_rpc_state *rs, struct rpc_pending *p)
{
	if (rs->pending_nspare < NVCORE_PENDING_SPARE) {
		list_add(&p->node, &rs->pending_spare);
		rs->pending_nspare++;
	} else {
		kfree(p);
	}
}

static void pending_put(struct nvcore_rpc_state *rs, struct rpc_pending *p)
{
	unsigned long flags;

	spin_lock_irqsave(&rs->pending_lock, flags);
	pending_put_locked(rs, p);
	spin_unlock_irqrestore(&rs->pending_lock, flags);
}

/* A history row; called with pending_lock held (it orders the ring too). */
static u64 hist_push_locked(struct nvcore_rpc_state *rs, u32 function, u32 data0, u32 data1,
			    bool is_event, u32 result)
{
	struct nvcore_rpc_hist *h;
	unsigned int depth = rs->hist_len;
	u64 id;

	id = rs->hist_head++;
	h = &rs->hist[id % depth];
	h->function = function;
	h->data0 = data0;
	h->data1 = data1;
	h->is_event = is_event;
	h->result = result;
	h->ts_start = ktime_get();
	h->ts_end = is_event ? h->ts_start : 0;
	return id;
}

u64 nvcore_rpc_hist_push(struct nvcore_rpc_state *rs, u32 function, u32 data0, u32 data1,
		     bool is_event, u32 result)
{
	unsigned long flags;
	u64 id;

	spin_lock_irqsave(&rs->pending_lock, flags);
	id = hist_push_locked(rs, function, data0, data1, is_event, result);
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	return id;
}

/* Row id answered with result; called with pending_lock held. */
static void hist_complete_locked(struct nvcore_rpc_state *rs, u64 id, u32 result)
{
	/* The entry may have been overwritten by a full ring since. */
	if (rs->hist_head - id <= rs->hist_len) {
		rs->hist[id % rs->hist_len].ts_end = ktime_get();
		rs->hist[id % rs->hist_len].result = result;
	}
}

/*
 * A call's time and outcome into its function's statistics; called with
 * pending_lock held: submitters of one function finish concurrently (found
 * by TSan, docs/testing.md).  ns is taken before the lock.
 */
static void stat_account_locked(struct nvcore_dev *nd, u32 function, u64 ns, int err,
				u32 fw_status)
{
	struct nvcore_rpc_stat *s;

	if (function >= nd->release->num_functions)
		return;
	s = &nd->core->rpc.stats[function];
	s->count++;
	s->total_ns += ns;
	s->max_ns = max(s->max_ns, ns);
	if (err) {
		s->failed++;
		s->last_failed_errno = err;
		s->last_failed_status = fw_status;
		if (err == -ETIMEDOUT)
			s->timeouts++;
	}
}

static void stat_account(struct nvcore_dev *nd, u32 function, ktime_t start, int err,
			 u32 fw_status)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	u64 ns = ktime_to_ns(ktime_sub(ktime_get(), start));
	unsigned long flags;

	spin_lock_irqsave(&rs->pending_lock, flags);
	stat_account_locked(nd, function, ns, err, fw_status);
	spin_unlock_irqrestore(&rs->pending_lock, flags);
}

void nvcore_rpc_dump_history(struct nvcore_dev *nd, const char *why)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	unsigned long flags;
	unsigned int n, i;
	u64 first;

	/*
	 * The message work pushes events into the ring meanwhile (found by TSan
	 * with tasks on threads, docs/testing.md): the dump reads it under the
	 * lock that orders the pushes (printk may run with it held).
	 */
	spin_lock_irqsave(&rs->pending_lock, flags);
	n = min_t(u64, rs->hist_head, rs->hist_len);
	first = rs->hist_head - n;
	dev_err(nd->dev, "GSP RPC history (%s), oldest first, times in us:\n", why);
	dev_err(nd->dev, "  %-5s %-3s %-32s %-10s %-10s %-10s %12s %10s\n",
		"entry", "dir", "function", "data0", "data1", "result", "start", "duration");
	for (i = 0; i < n; i++) {
		const struct nvcore_rpc_hist *h = &rs->hist[(first + i) % rs->hist_len];
		const struct nvcore_fw_event *ev = nvcore_fw_event_lookup(nd->release, h->function);
		const char *name = h->is_event ? (ev ? ev->name : "UNKNOWN_EVENT") :
					nvcore_fw_release_function_name(nd->release, h->function);

		if (h->ts_end)
			dev_err(nd->dev, "  %-5llu %-3s %-32s 0x%08x 0x%08x 0x%08x %12lld %10lld\n",
				first + i, h->is_event ? "<-" : "->", name, h->data0, h->data1,
				h->result, ktime_to_us(h->ts_start),
				ktime_us_delta(h->ts_end, h->ts_start));
		else
			dev_err(nd->dev, "  %-5llu %-3s %-32s 0x%08x 0x%08x %-10s %12lld %10s\n",
				first + i, "->", name, h->data0, h->data1, "pending",
				ktime_to_us(h->ts_start), "-");
	}
	spin_unlock_irqrestore(&rs->pending_lock, flags);
}

/*
 * Send one record: the RPC header, then n payload bytes taken from the two
 * runs of the request (in, then in2) starting at payload offset off.  They
 * go straight into the ring; with the trace recorder on, the record is
 * first put together in the device's element buffer, which the recorder
 * wants in one piece.
 *
 * Ring the doorbell after every record once GSP runs (as CPU-RM and nouveau
 * do): a command larger than the free space needs GSP to consume its first
 * records before the rest fit.  Before the RISC-V core is started (booter-load
 * on GA10x/AD10x, the FSP/GSP-FMC states on GH100) records are only queued.
 */
static int send_record(struct nvcore_dev *nd, u32 function, const struct nvcore_rpc_req *req,
		       size_t off, size_t n, ktime_t deadline)
{
	struct rpc_message_header_v rpc = {
		.header_version = NV_VGPU_MSG_HEADER_VERSION,
		.signature = NV_VGPU_MSG_SIGNATURE_VALID,
		.rpc_result = NV_VGPU_MSG_RESULT_RPC_PENDING,
		.rpc_result_private = NV_VGPU_MSG_RESULT_RPC_PENDING,
		.function = function,
		.length = RPC_HDR_SIZE + n,
	};
	struct nvcore_msg_parts m = { .rpc = &rpc };
	size_t first = off < req->in_len ? min(n, req->in_len - off) : 0;
	int ret;

	if (first)
		m.data[0] = (const u8 *)req->in + off;
	m.len[0] = first;
	if (n > first)
		m.data[1] = (const u8 *)req->in2 + (off + first - req->in_len);
	m.len[1] = n - first;
	if (unlikely(READ_ONCE(nd->trace_on))) {
		u8 *elem = nd->core->rpc.push_buf;
		struct rpc_message_header_v *staged = (void *)(elem + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE);

		*staged = rpc;
		if (m.len[0])
			memcpy(staged->rpc_message_data, m.data[0], m.len[0]);
		if (m.len[1])
			memcpy(staged->rpc_message_data + m.len[0], m.data[1], m.len[1]);
		m.trace = staged;
	}
	ret = nvcore_msgq_send_parts(nd, &m, deadline);
	if (!ret && nd->core->boot.state >= NVCORE_BOOT_RISCV_START)
		nvcore_msgq_doorbell(nd);
	return ret;
}

/* Push the command as one record, or a first record plus continuations. */
static int push_records(struct nvcore_dev *nd, const struct nvcore_rpc_req *req,
			ktime_t deadline)
{
	size_t len = req->in_len + req->in2_len;
	size_t first = min_t(size_t, len, CONT_PAYLOAD);
	size_t off;
	int ret;

	lockdep_assert_held(&nd->core->rpc.cmdq_lock);
	ret = send_record(nd, req->function, req, 0, first, deadline);
	for (off = first; !ret && off < len; off += CONT_PAYLOAD)
		ret = send_record(nd, NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD, req, off,
				  min_t(size_t, len - off, CONT_PAYLOAD), deadline);
	return ret;
}

/*
 * The two data words of a command's history row, read from its payload as
 * NVIDIA's driver reads them (_kgspGetActiveRpcDebugData), so that a row
 * tells one control, allocation or free from another; 0 for the rest.
 */
static void hist_data(const struct nvcore_rpc_req *req, u32 *data0, u32 *data1)
{
	const struct rpc_gsp_rm_control_v03_00 *ctl = req->in;
	const struct rpc_gsp_rm_alloc_v03_00 *a = req->in;
	const struct rpc_free_v03_00 *f = req->in;

	*data0 = 0;
	*data1 = 0;
	if (req->function == NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL && req->in_len >= sizeof(*ctl)) {
		*data0 = ctl->cmd;
		*data1 = ctl->paramsSize;
	} else if (req->function == NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC &&
		   req->in_len >= sizeof(*a)) {
		*data0 = a->hClass;
		*data1 = a->paramsSize;
	} else if (req->function == NV_VGPU_MSG_FUNCTION_FREE && req->in_len >= sizeof(*f)) {
		*data0 = f->params.hObjectOld;
		*data1 = f->params.hObjectParent;
	}
}

/*
 * Once the firmware is lost, nothing it held exists any more: freeing an
 * object succeeds (mlx5's internal-error model), so clients tear down
 * without a special case; every other call fails with err.
 */
static int lost_ret(u32 function, int err)
{
	return function == NV_VGPU_MSG_FUNCTION_FREE ? 0 : err;
}

/*
 * Record the command in the history, queue p (NULL: no reply expected) as
 * outstanding and push the records.  On failure nothing stays queued.
 */
static int rpc_enqueue(struct nvcore_dev *nd, const struct nvcore_rpc_req *req,
		       struct rpc_pending *p, ktime_t start)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	unsigned long irqflags;
	u32 data0, data1;
	u64 hist_id;
	int ret;

	hist_data(req, &data0, &data1);
	mutex_lock(&rs->cmdq_lock);
	spin_lock_irqsave(&rs->pending_lock, irqflags);
	hist_id = hist_push_locked(rs, req->function, data0, data1, false, 0);
	if (p) {
		p->hist_id = hist_id;
		list_add_tail(&p->node, &rs->pending);
	} else {
		hist_complete_locked(rs, hist_id, 0);
	}
	spin_unlock_irqrestore(&rs->pending_lock, irqflags);
	ret = push_records(nd, req, ktime_add_ms(start, nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC)));
	if (ret && p) {
		spin_lock_irqsave(&rs->pending_lock, irqflags);
		list_del(&p->node);
		spin_unlock_irqrestore(&rs->pending_lock, irqflags);
	}
	mutex_unlock(&rs->cmdq_lock);
	if (ret) {
		dev_err(nd->dev, "GSP RPC %s: could not queue %zu bytes: %d\n",
			nvcore_fw_release_function_name(nd->release, req->function),
			req->in_len + req->in2_len, ret);
		if (ret == -ETIMEDOUT)
			nvcore_rpc_dump_history(nd, "command queue stayed full");
		stat_account(nd, req->function, start, ret, 0);
	}
	return ret;
}

/*
 * After a timeout: is anyone still there to answer?  A RISC-V core that is
 * no longer active has halted (a crash leaves its code in MAILBOX0), and a
 * BAR0 that reads all-ones is a GPU that fell off the bus; neither answers
 * again, so every outstanding and later call fails at once instead of each
 * waiting out its own timeout (OGKM checks the core the same way when an
 * RPC times out: kernel_gsp_tu102.c kgspHealthCheck_TU102).
 */
static void check_fw_alive(struct nvcore_dev *nd)
{
	u32 cpuctl = nvcore_rd32(nd, NV_PGSP_RISCV_CPUCTL);

	if (cpuctl == U32_MAX) {
		dev_err(nd->dev,
			"GPU fell off the bus (BAR0 reads 0xffffffff): firmware lost, failing all calls; the GPU needs a reset\n");
	} else if (!(cpuctl & NV_RISCV_CPUCTL_ACTIVE_STAT)) {
		dev_err(nd->dev,
			"GSP RISC-V core stopped (CPUCTL 0x%08x, MAILBOX0 0x%08x): firmware lost, failing all calls; the GPU needs a reset\n",
			cpuctl, nvcore_rd32(nd, NV_PGSP_FALCON_MAILBOX0));
	} else {
		return;
	}
	nvcore_rpc_fail_all(nd, -ENODEV);
}

/*
 * The drain is writing p's reply into the caller's buffers (a large one
 * record by record): the caller cannot give up now, or it would get a
 * half-written buffer, and be written to after it returned.  It waits for
 * the rest as long as the firmware keeps sending; a firmware that stops in
 * the middle for another whole timeout is given up on (nvcore_rpc_fail_all,
 * which completes p once no copy into it is in progress: -ENODEV).
 */
static void rpc_wait_claimed(struct nvcore_dev *nd, const struct nvcore_rpc_req *req,
			     struct rpc_pending *p)
{
	unsigned int timeout_ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC);
	unsigned long deadline = jiffies + msecs_to_jiffies(timeout_ms);

	while (!wait_for_completion_timeout(&p->done, msecs_to_jiffies(NVCORE_POLL_MS))) {
		if (time_after_eq(jiffies, deadline)) {
			dev_err(nd->dev,
				"GSP stopped in the middle of the reply to %s for %u ms: firmware lost, failing all calls; the GPU needs a reset\n",
				nvcore_fw_release_function_name(nd->release, req->function), timeout_ms);
			nvcore_rpc_fail_all(nd, -ENODEV);
			wait_for_completion(&p->done);
			return;
		}
		nvcore_intr_poll(nd);
	}
}

/*
 * Wait for p's reply: on the interrupt, but polling the status queue every
 * NVCORE_POLL_MS as CPU-RM (_kgspRpcRecvPoll) and nouveau
 * (r535_gsp_msgq_wait) do, so a lost interrupt costs a poll interval.
 * -ETIMEDOUT: p stays queued, abandoned, for its late reply to be consumed
 * in order; it is no longer the caller's.
 */
static int rpc_wait(struct nvcore_dev *nd, const struct nvcore_rpc_req *req,
		    struct rpc_pending *p)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	unsigned int timeout_ms = nvcore_timeout_ms(nd, NVCORE_TIMEOUT_RPC);
	unsigned long irqflags, deadline = jiffies + msecs_to_jiffies(timeout_ms);
	u32 data0, data1;
	long left;

	for (;;) {
		left = wait_for_completion_timeout(&p->done, msecs_to_jiffies(NVCORE_POLL_MS));
		if (left || time_after_eq(jiffies, deadline))
			break;
		nvcore_intr_poll(nd);
	}
	if (left)
		return 0;
	spin_lock_irqsave(&rs->pending_lock, irqflags);
	if (p->claimed) {
		spin_unlock_irqrestore(&rs->pending_lock, irqflags);
		rpc_wait_claimed(nd, req, p);
		return 0;
	}
	p->abandoned = true;
	spin_unlock_irqrestore(&rs->pending_lock, irqflags);
	hist_data(req, &data0, &data1);
	dev_err(nd->dev, "GSP RPC %s (data0 0x%x) timed out after %u ms\n",
		nvcore_fw_release_function_name(nd->release, req->function), data0, timeout_ms);
	nvcore_trace_rpc_timeout(nd, req->function, timeout_ms);
	nvcore_rpc_dump_history(nd, "RPC timeout");
	stat_account(nd, req->function, p->start, -ETIMEDOUT, 0);
	/* p is abandoned: nvcore_rpc_fail_all frees it with the rest. */
	check_fw_alive(nd);
	return -ETIMEDOUT;
}

/* Hand p's answer to the caller as mlx5 does: -EREMOTEIO for a firmware failure. */
static int rpc_finish(struct nvcore_dev *nd, struct nvcore_rpc_req *req, struct rpc_pending *p)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	unsigned long flags;
	int ret = p->err;
	u64 ns;

	if (!ret && p->rpc_result != NV_OK) {
		dev_dbg(nd->dev, "GSP RPC %s failed in firmware: status 0x%x\n",
			nvcore_fw_release_function_name(nd->release, req->function),
			p->rpc_result);
		req->fw_status = p->rpc_result;
		ret = -EREMOTEIO;
	}
	req->out_len = p->reply_len;
	ns = ktime_to_ns(ktime_sub(ktime_get(), p->start));
	spin_lock_irqsave(&rs->pending_lock, flags);
	stat_account_locked(nd, req->function, ns, ret, p->rpc_result);
	pending_put_locked(rs, p);
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	return ret;
}

/* Run one command, started at start, to its reply in p (taken by pending_get); no fence check. */
static int rpc_exec(struct nvcore_dev *nd, struct nvcore_rpc_req *req, struct rpc_pending *p,
		    ktime_t start)
{
	int ret;

	p->function = req->function;
	p->reply = req->out;
	p->reply_max = req->out_max;
	p->reply2 = req->out2;
	p->reply2_max = req->out2_max;
	p->reply2_gate = req->out2_gate;
	p->start = start;
	ret = rpc_enqueue(nd, req, p, start);
	if (ret) {
		pending_put(&nd->core->rpc, p);
		return ret;
	}
	ret = rpc_wait(nd, req, p);
	if (ret)
		return ret;	/* abandoned: p now belongs to the queue */
	return rpc_finish(nd, req, p);
}

static int fence(struct nvcore_dev *nd, u32 function)
{
	struct nvcore_rpc_req req = {
		.function = NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO,
		.in_len = nd->release->static_info_size,
		.out_max = nd->release->static_info_size,
	};
	void *buf = kvzalloc(req.in_len, GFP_KERNEL);
	struct rpc_pending *p;
	bool abandoned;
	int ret;

	if (!buf)
		return -ENOMEM;
	req.in = buf;
	req.out = buf;
	dev_warn(nd->dev, "a timed-out %s is still queued: fencing with GET_GSP_STATIC_INFO first\n",
		 nvcore_fw_release_function_name(nd->release, function));
	p = pending_get(&nd->core->rpc, req.function, &abandoned);
	ret = p ? rpc_exec(nd, &req, p, ktime_get()) : -ENOMEM;
	kvfree(buf);
	if (ret == -ETIMEDOUT) {
		/*
		 * Neither the earlier command nor a read every release answers
		 * came back: GSP-RM is gone (field reports ogkm446, dcgm144:
		 * without this, every later call waits out the full timeout,
		 * for as long as clients keep calling).  Fail fast from now on.
		 */
		dev_err(nd->dev,
			"GSP answered neither %s nor the GET_GSP_STATIC_INFO fence: firmware lost, failing all calls; the GPU needs a reset\n",
			nvcore_fw_release_function_name(nd->release, function));
		nvcore_rpc_fail_all(nd, -ENODEV);
		return -ENODEV;
	}
	return ret;
}

int nvcore_rpc(struct nvcore_dev *nd, struct nvcore_rpc_req *req)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	ktime_t start = ktime_get();
	struct rpc_pending *p;
	bool abandoned;
	int ret;

	req->out_len = 0;
	req->fw_status = NV_OK;
	p = pending_get(rs, req->function, &abandoned);
	if (!p)
		return -ENOMEM;
	if (abandoned && req->function != NV_VGPU_MSG_FUNCTION_GET_GSP_STATIC_INFO) {
		ret = fence(nd, req->function);
		/* -ENODEV: the fence found the firmware lost, as below. */
		if (ret && ret != -ENODEV) {
			pending_put(rs, p);
			return ret;
		}
	}
	if (READ_ONCE(rs->dead)) {
		pending_put(rs, p);
		return lost_ret(req->function, -ENODEV);
	}
	return rpc_exec(nd, req, p, start);
}

int nvcore_rpc_post(struct nvcore_dev *nd, u32 function, const void *in, size_t in_len)
{
	const struct nvcore_rpc_req req = { .function = function, .in = in, .in_len = in_len };
	ktime_t start = ktime_get();
	int ret;

	if (READ_ONCE(nd->core->rpc.dead))
		return -ENODEV;
	ret = rpc_enqueue(nd, &req, NULL, start);
	if (!ret)
		stat_account(nd, function, start, 0, 0);
	return ret;
}

/*
 * The command a reply to `function` answers: the oldest outstanding one.  A
 * timed-out command whose function differs was never answered (the firmware
 * dropped it): forget it and look at the next.  Called with pending_lock held.
 */
static struct rpc_pending *oldest_for(struct nvcore_dev *nd, u32 function)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	struct rpc_pending *r;

	while ((r = list_first_entry_or_null(&rs->pending, struct rpc_pending, node)) &&
	       r->abandoned && r->function != function) {
		list_del(&r->node);
		dev_warn(nd->dev, "GSP never answered %s; dropping it\n",
			 nvcore_fw_release_function_name(nd->release, r->function));
		pending_put_locked(rs, r);
	}
	return r;
}

/* May the reply's bytes past out_max go to out2: both statuses good (nvcore_rpc_req)? */
static bool out2_open(const struct rpc_pending *r, u32 rpc_result)
{
	return rpc_result == NV_OK && (!r->reply2_gate || *r->reply2_gate == NV_OK);
}

/*
 * Where byte `off` of the reply's payload goes in r's buffers and how many
 * bytes from there fit (*room); NULL past them, or past out where out2 is
 * closed.  The gate is read once the bytes before it (out) are written.
 */
static u8 *reply_at(const struct rpc_pending *r, u32 rpc_result, size_t off, size_t *room)
{
	if (off < r->reply_max) {
		*room = r->reply_max - off;
		return (u8 *)r->reply + off;
	}
	off -= r->reply_max;
	if (off < r->reply2_max && r->reply2 && out2_open(r, rpc_result)) {
		*room = r->reply2_max - off;
		return (u8 *)r->reply2 + off;
	}
	*room = 0;
	return NULL;
}

/* Payload bytes [off, off + n) of a reply into r's buffers (what fits there). */
static void reply_put(struct rpc_pending *r, u32 rpc_result, size_t off, const u8 *src, size_t n)
{
	size_t room;
	u8 *dst;

	while (n && (dst = reply_at(r, rpc_result, off, &room))) {
		room = min(room, n);
		memcpy(dst, src, room);
		off += room;
		src += room;
		n -= room;
	}
}

/* A len-byte reply written into r: what the caller got, its result; r is done. */
static void reply_done(struct rpc_pending *r, u32 rpc_result, size_t len)
{
	r->reply_len = min(len, r->reply_max);
	if (len > r->reply_len && out2_open(r, rpc_result))
		r->reply_len = min(len, r->reply_max + r->reply2_max);
	r->rpc_result = rpc_result;
	complete(&r->done);	/* after the result: the waiter reads it */
}

/*
 * The oldest outstanding command, for a reply to `function`, taken off the
 * queue and claimed (its caller now waits for done: rpc_wait); NULL when no
 * command waits (warned).  Called with pending_lock held.
 */
static struct rpc_pending *claim_locked(struct nvcore_dev *nd, u32 function)
{
	struct rpc_pending *r = oldest_for(nd, function);

	if (!r) {
		dev_warn(nd->dev, "GSP sent a reply to %s that no command is waiting for\n",
			 nvcore_fw_release_function_name(nd->release, function));
		return NULL;
	}
	list_del(&r->node);
	r->claimed = true;
	return r;
}

/*
 * Whether r, just claimed, takes the reply's bytes: not when its caller
 * gave up (given back) or it asked for another function (failed).
 */
static bool claim_usable(struct nvcore_dev *nd, struct rpc_pending *r, u32 function)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;

	if (r->abandoned) {
		dev_warn(nd->dev, "GSP answered %s after its caller timed out (%lld us)\n",
			 nvcore_fw_release_function_name(nd->release, r->function),
			 ktime_us_delta(ktime_get(), r->start));
		pending_put(rs, r);
		return false;
	}
	if (r->function != function) {
		dev_err(nd->dev, "GSP reply %s does not match the oldest command %s\n",
			nvcore_fw_release_function_name(nd->release, function),
			nvcore_fw_release_function_name(nd->release, r->function));
		r->err = -EPROTO;
		complete(&r->done);
		return false;
	}
	return true;
}

/* Hand a complete reply to the oldest outstanding command. */
static void deliver(struct nvcore_dev *nd, const struct rpc_message_header_v *rpc,
		    const void *payload, size_t len)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	struct rpc_pending *r;
	unsigned long flags;

	spin_lock_irqsave(&rs->pending_lock, flags);
	r = claim_locked(nd, rpc->function);
	if (r)
		hist_complete_locked(rs, r->hist_id, rpc->rpc_result);
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	if (!r)
		return;
	if (!claim_usable(nd, r, rpc->function))
		return;
	if (len > r->reply_max + r->reply2_max && rpc->rpc_result == NV_OK) {
		dev_err(nd->dev, "GSP reply to %s is %zu bytes, caller expects at most %zu\n",
			nvcore_fw_release_function_name(nd->release, r->function), len,
			r->reply_max + r->reply2_max);
		r->err = -EMSGSIZE;
		complete(&r->done);
		return;
	}
	reply_put(r, rpc->rpc_result, 0, payload, len);
	reply_done(r, rpc->rpc_result, len);
}

/*
 * The reassembly's target for the next record: marked as being copied into
 * (nvcore_rpc_fail_all then leaves completing it to asm_unhold), and the
 * status queue told where a continuation payload goes (rpc.q.sink).
 */
static struct rpc_pending *asm_hold(struct nvcore_rpc_state *rs)
{
	struct rpc_pending *r;
	unsigned long flags;
	size_t room = 0;

	spin_lock_irqsave(&rs->pending_lock, flags);
	r = rs->asm_to;
	if (r)
		r->copying = true;
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	rs->q.sink = r ? reply_at(r, rs->asm_result, rs->asm_len, &room) : NULL;
	rs->q.sink_room = min_t(size_t, room, rs->asm_total - rs->asm_len);
	return r;
}

/*
 * Done copying into r for now: it is complete when the whole reply is in
 * (rs->asm_to cleared by asm_finish) or the firmware was given up on
 * meanwhile (nvcore_rpc_fail_all cleared it and set r->err).
 */
static void asm_unhold(struct nvcore_rpc_state *rs, struct rpc_pending *r, bool finished)
{
	unsigned long flags;
	bool cut;

	if (!r)
		return;
	spin_lock_irqsave(&rs->pending_lock, flags);
	r->copying = false;
	cut = rs->asm_to != r;
	if (finished && !cut)
		rs->asm_to = NULL;
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	if (cut) {
		complete(&r->done);
	} else if (finished) {
		reply_done(r, rs->asm_result, rs->asm_len);
	}
}

/*
 * Continuation records of a large reply (§1.5): payloads are concatenated
 * into the caller's buffers (r; NULL: consumed only).  True when the reply
 * ended, complete or cut short by a record that does not belong to it.
 */
static bool reassemble(struct nvcore_dev *nd, struct rpc_pending *r,
		       const struct rpc_message_header_v *rpc, u32 len)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	u32 n = len - RPC_HDR_SIZE;

	if (rpc->function != NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD) {
		dev_err(nd->dev, "GSP sent %s inside a %u-byte %s reply (%u bytes received)\n",
			nvcore_fw_release_function_name(nd->release, rpc->function),
			rs->asm_total + (u32)RPC_HDR_SIZE,
			nvcore_fw_release_function_name(nd->release, rs->asm_function),
			rs->asm_len + (u32)RPC_HDR_SIZE);
		rs->asm_result = NV_ERR_GENERIC;
		rs->asm_len = 0;
		return true;
	}
	if (n > rs->asm_total - rs->asm_len) {
		dev_err(nd->dev, "GSP continuation record overruns the %u-byte %s reply\n",
			rs->asm_total + (u32)RPC_HDR_SIZE,
			nvcore_fw_release_function_name(nd->release, rs->asm_function));
		n = rs->asm_total - rs->asm_len;
	}
	/* Written there already by nvcore_msgq_recv (rpc.q.sink) or written now. */
	if (r && !rs->q.sunk)
		reply_put(r, rs->asm_result, rs->asm_len, rpc->rpc_message_data, n);
	rs->asm_len += n;
	return rs->asm_len == rs->asm_total;
}

/* The reassembly ended: its claimed command completes (asm_unhold), an abandoned one hears of it. */
static void asm_finish(struct nvcore_dev *nd, struct rpc_pending *r)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	struct rpc_message_header_v h = { .function = rs->asm_function, .rpc_result = rs->asm_result };

	/* No target: abandoned from the start, or cut by nvcore_rpc_fail_all (dead). */
	if (!r && !READ_ONCE(rs->dead))
		deliver(nd, &h, NULL, 0);
	rs->asm_total = 0;
}

/*
 * A reply record: complete, or the first of several (§1.5).  The first
 * record of a large reply is capped at one element (as nouveau reads it), so
 * a full record with a good result means continuations follow up to the size
 * the command expects.  The command is claimed now and the reply written
 * into its caller's buffers as it arrives: nothing allocated, no copy of the
 * whole.  An abandoned command's records are consumed, then it hears of it.
 */
static void start_reply(struct nvcore_dev *nd, const struct rpc_message_header_v *rpc, u32 len)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	struct rpc_pending *r = NULL;
	unsigned long flags;
	size_t total = len;

	if (len >= GSP_MSG_QUEUE_RPC_SIZE_MAX && rpc->rpc_result == NV_OK) {
		spin_lock_irqsave(&rs->pending_lock, flags);
		r = oldest_for(nd, rpc->function);
		if (r && r->function == rpc->function)
			total = max(total, r->reply_max + r->reply2_max + RPC_HDR_SIZE);
		if (total == len || r->abandoned) {
			r = NULL;
		} else {
			list_del(&r->node);
			r->claimed = true;
			r->copying = true;
			rs->asm_to = r;
			hist_complete_locked(rs, r->hist_id, rpc->rpc_result);
		}
		spin_unlock_irqrestore(&rs->pending_lock, flags);
	}
	if (total == len) {
		deliver(nd, rpc, rpc->rpc_message_data, len - RPC_HDR_SIZE);
		return;
	}
	rs->asm_function = rpc->function;
	rs->asm_result = rpc->rpc_result;
	rs->asm_len = len - RPC_HDR_SIZE;
	rs->asm_total = total - RPC_HDR_SIZE;
	if (r) {
		reply_put(r, rpc->rpc_result, 0, rpc->rpc_message_data, rs->asm_len);
		asm_unhold(rs, r, false);
	}
}

/* Drain the status queue; runs from the interrupt's work item. */
void nvcore_rpc_dispatch(struct nvcore_dev *nd)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	const struct rpc_message_header_v *rpc;
	struct rpc_pending *r;
	bool reassembling, ended;
	u32 len;
	int ret;

	for (;;) {
		reassembling = rs->asm_total;
		r = reassembling ? asm_hold(rs) : NULL;
		if (!reassembling)
			rs->q.sink = NULL;
		ret = nvcore_msgq_recv(nd, &rpc, &len);
		ended = ret > 0 && reassembling && reassemble(nd, r, rpc, len);
		asm_unhold(rs, r, ended);
		if (ended)
			asm_finish(nd, r);
		if (!ret)
			break;
		if (ret == -EIO) {
			/* The queue itself is corrupt: nothing more can be trusted. */
			nvcore_rpc_fail_all(nd, -EIO);
			break;
		}
		if (ret < 0 || reassembling)
			continue;

		if (rpc->function >= NV_VGPU_MSG_FIRST_EVENT) {
			nvcore_event_dispatch(nd, rpc, len);
		} else if (rpc->function == NV_VGPU_MSG_FUNCTION_CONTINUATION_RECORD) {
			dev_warn(nd->dev, "GSP sent a continuation record outside a large reply\n");
		} else {
			start_reply(nd, rpc, len);
		}
	}
}

/* The firmware is gone: complete every waiter (see lost_ret), refuse new calls. */
void nvcore_rpc_fail_all(struct nvcore_dev *nd, int err)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;
	struct rpc_pending *r, *tmp, *cut;
	unsigned long flags;
	LIST_HEAD(gone);

	/* The clients hear it once (sriov.c: from a work item, any caller's context is fine). */
	if (!READ_ONCE(rs->dead))
		nvcore_sriov_device_lost(nd);
	WRITE_ONCE(rs->dead, true);
	spin_lock_irqsave(&rs->pending_lock, flags);
	list_splice_init(&rs->pending, &gone);
	/*
	 * A reply being written into its caller's buffers stops there: no
	 * more of it is written.  Done now, or by the drain once its copy in
	 * progress ends (asm_unhold): never while one is.
	 */
	cut = rs->asm_to;
	rs->asm_to = NULL;
	if (cut) {
		cut->err = lost_ret(cut->function, err);
		if (cut->copying)
			cut = NULL;
	}
	spin_unlock_irqrestore(&rs->pending_lock, flags);
	if (cut)
		complete(&cut->done);
	list_for_each_entry_safe(r, tmp, &gone, node) {
		list_del(&r->node);
		if (r->abandoned) {
			pending_put(rs, r);
			continue;
		}
		r->claimed = true;
		r->err = lost_ret(r->function, err);
		complete(&r->done);
	}
}

int nvcore_rpc_init(struct nvcore_dev *nd)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;

	mutex_init(&rs->cmdq_lock);
	spin_lock_init(&rs->pending_lock);
	INIT_LIST_HEAD(&rs->pending);
	INIT_LIST_HEAD(&rs->pending_spare);
	rs->pending_nspare = 0;
	rs->hist_len = nvcore_fw_history_depth(nd->release);
	rs->hist = kcalloc(rs->hist_len, sizeof(*rs->hist), GFP_KERNEL);
	rs->stats = kcalloc(nd->release->num_functions, sizeof(*rs->stats), GFP_KERNEL);
	rs->push_buf = kvzalloc(GSP_MSG_QUEUE_ELEMENT_SIZE_MAX, GFP_KERNEL);
	if (!rs->hist || !rs->stats || !rs->push_buf)
		goto nomem;
	/* All the spares now: the memory held is the same before and after any traffic. */
	while (rs->pending_nspare < NVCORE_PENDING_SPARE) {
		struct rpc_pending *p = kzalloc(sizeof(*p), GFP_KERNEL);

		if (!p)
			goto nomem;
		pending_put(rs, p);
	}
	return 0;
nomem:
	nvcore_rpc_fini(nd);
	return -ENOMEM;
}

void nvcore_rpc_fini(struct nvcore_dev *nd)
{
	struct nvcore_rpc_state *rs = &nd->core->rpc;

	struct rpc_pending *p, *tmp;

	list_for_each_entry_safe(p, tmp, &rs->pending_spare, node) {
		list_del(&p->node);
		kfree(p);
	}
	rs->pending_nspare = 0;
	kfree(rs->hist);
	kfree(rs->stats);
	kvfree(rs->push_buf);
	rs->hist = NULL;
	rs->stats = NULL;
	rs->push_buf = NULL;
}

/* ---- RM object calls ------------------------------------------------------- */

/*
 * An RM call: the header is sent and answered in place, and the object's
 * own status inside it fails the call like the RPC's status does.  The
 * parameters, the caller's buffer, follow the header as a second run and
 * the reply's parameters are written back into it, only when both the RPC
 * and the object's status are NV_OK (parameters come back only on success:
 * no COPYOUT_ON_ERROR, protocol.md §2.4).  Nothing is allocated or copied
 * per call in proportion to the parameters.  They are sent from in and
 * answered into out, in's own buffer, or dropped when out is NULL.
 */
static int rm_params_call(struct nvcore_dev *nd, u32 function, void *hdr, size_t hdr_len,
			  const u32 *status, const void *in, void *out, u32 params_size,
			  u32 *fw_status)
{
	struct nvcore_rpc_req req = {
		.function = function,
		.in = hdr,
		.in_len = hdr_len,
		.in2 = in,
		.in2_len = params_size,
		.out = hdr,
		.out_max = hdr_len,
		.out2 = out,
		.out2_max = params_size,
		.out2_gate = status,
	};
	int ret = nvcore_rpc(nd, &req);

	if (!ret && *status != NV_OK) {
		req.fw_status = *status;
		ret = -EREMOTEIO;
	}
	if (fw_status)
		*fw_status = req.fw_status;
	return ret;
}

int nvcore_rm_alloc_raw(struct nvcore_dev *nd, u32 h_client, u32 h_parent, u32 h_object,
			u32 h_class, void *params, u32 params_size, u32 *fw_status)
{
	struct rpc_gsp_rm_alloc_v03_00 a = {
		.hClient = h_client,
		.hParent = h_parent,
		.hObject = h_object,
		.hClass = h_class,
		.paramsSize = params_size,
	};

	return rm_params_call(nd, NV_VGPU_MSG_FUNCTION_GSP_RM_ALLOC, &a, sizeof(a), &a.status,
			      params, params, params_size, fw_status);
}

/* A control, its parameters sent from in and answered into out (NULL: dropped). */
static int rm_control(struct nvcore_dev *nd, u32 h_client, u32 h_object, u32 cmd,
		      const void *in, void *out, u32 params_size, u32 *fw_status)
{
	struct rpc_gsp_rm_control_v03_00 ctl = {
		.hClient = h_client,
		.hObject = h_object,
		.cmd = cmd,
		.paramsSize = params_size,
	};

	return rm_params_call(nd, NV_VGPU_MSG_FUNCTION_GSP_RM_CONTROL, &ctl, sizeof(ctl),
			      &ctl.status, in, out, params_size, fw_status);
}

int nvcore_rm_control_raw(struct nvcore_dev *nd, u32 h_client, u32 h_object, u32 cmd,
			  void *params, u32 params_size, u32 *fw_status)
{
	return rm_control(nd, h_client, h_object, cmd, params, params, params_size, fw_status);
}

int nvcore_rm_control_send_raw(struct nvcore_dev *nd, u32 h_client, u32 h_object, u32 cmd,
			       const void *params, u32 params_size, u32 *fw_status)
{
	return rm_control(nd, h_client, h_object, cmd, params, NULL, params_size, fw_status);
}

int nvcore_rm_free_raw(struct nvcore_dev *nd, u32 h_client, u32 h_parent, u32 h_object,
		       u32 *fw_status)
{
	struct rpc_free_v03_00 f = {
		.params = {
			.hRoot = h_client,
			.hObjectParent = h_parent,
			.hObjectOld = h_object,
		},
	};

	return rm_params_call(nd, NV_VGPU_MSG_FUNCTION_FREE, &f, sizeof(f), &f.params.status, NULL,
			      NULL, 0, fw_status);
}
