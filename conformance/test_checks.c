// SPDX-License-Identifier: MIT
/*
 * Driver checks proven to fire (DESIGN.md principle 8): each test feeds one
 * bad input straight to the code that must refuse it, on a bare device
 * (fuzz/fzdev.c: no model; the test plays GSP or the VBIOS), and expects
 * the named error.  Expected numbers are worked out from docs/protocol.md
 * by hand in the comments, never read back from the driver.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kshim/kshim.h>

#include "fzdev.h"
#include "gspm.h"
#include "suites.h"
#include "vbios.h"

static struct fzdev d;

static void setup(void)
{
	memset(&d, 0, sizeof(d));
	fzdev_init(&d, "ga102", false, nvcore_fw_release_find("570.144"));
}

static void teardown(void)
{
	free((void *)d.rom);
	ck_assert_uint_eq(fzdev_fini(&d), 0);
}

/* ---- status queue (protocol.md §1.2, §1.3) --------------------------------------- */

/* §1.3: XOR of the little-endian u64 words, high half XOR low half. */
static uint32_t csum(const uint8_t *p, size_t len)
{
	uint64_t x = 0, w;

	for (size_t i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, p + i, 8);
		x ^= w;
	}
	return (uint32_t)x ^ (uint32_t)(x >> 32);
}

/*
 * One element of @pages pages: element header (checksum 0x20, seq 0x24,
 * count 0x28), the RPC header at 0x30 (version 0x03000000, "VRPC",
 * length, function); the checksum covers 0x30 + the RPC (570.144).
 */
static void post(uint32_t seq, uint32_t pages, uint32_t length, uint32_t function)
{
	uint8_t *m = calloc(pages, 0x1000);
	uint32_t v[4] = { 0x03000000, 0x43505256, length, function };
	size_t covered = length + 0x30 < pages * 0x1000u ? length + 0x30 : pages * 0x1000u;
	uint32_t sum;

	memcpy(m + 0x24, &seq, 4);
	memcpy(m + 0x28, &pages, 4);
	memcpy(m + 0x30, v, sizeof(v));
	sum = csum(m, (covered + 7) & ~7ul);
	memcpy(m + 0x20, &sum, 4);
	fzdev_post(&d, m, pages * 0x1000);
	free(m);
}

START_TEST(msgq_good_element)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* The control: the element the next tests break is accepted as it is. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 1);
	ck_assert_uint_eq(len, 0x40);
	ck_assert_uint_eq(rpc->function, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 0);
}
END_TEST

START_TEST(msgq_read_pointer_out_of_range)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* Our read pointer lives in shared memory (§1.2, SWAP_RX): a stray write there. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.cmd_rx->readPtr = 0x10000;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert(kshim_log_contains("GSP status queue read pointer 65536 is out of range (63 slots)"));
}
END_TEST

START_TEST(msgq_read_pointer_at_count)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* 63 slots are 0..62: 63 is the first pointer out of range. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.cmd_rx->readPtr = 63;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EIO);
	ck_assert(kshim_log_contains("GSP status queue read pointer 63 is out of range (63 slots)"));
}
END_TEST

START_TEST(msgq_rpc_length_beyond_element)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* One page carries 0x1000 - 0x30 = 4048 RPC bytes; 0x2000 claims more (§1.5). */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x2000, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EPROTO);
	ck_assert(kshim_log_contains("RPC length 8192 is larger than its 1-page element (4048 bytes)"));
}
END_TEST

START_TEST(msgq_checksum_mismatch)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* Flipping the low byte at 0x50 (covered: 0x30 + length 0x40) leaves residue 0xff. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(0, 1, 0x40, 0x1001);
	d.nd.core->rpc.q.stat_entries[0x50] ^= 0xff;
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), -EBADMSG);
	ck_assert(kshim_log_contains("checksum mismatch (residue 0x000000ff)"));
}
END_TEST

START_TEST(msgq_sequence_gap)
{
	const struct rpc_message_header_v *rpc;
	u32 len;

	/* The first message must be sequence 0 (§1.3); 5 means five were lost. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	post(5, 1, 0x40, 0x1001);
	ck_assert_int_eq(nvcore_msgq_recv(&d.nd, &rpc, &len), 1);
	ck_assert(kshim_log_contains("GSP message sequence 5, expected 0: messages were lost"));
}
END_TEST

START_TEST(msgq_link_bad_count)
{
	/* §1.2: (0x40000 - 0x1000) / 0x1000 = 63 elements; 62 is inconsistent. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	d.nd.core->rpc.q.stat_tx->msgCount = 62;
	ck_assert_int_eq(nvcore_msgq_link(&d.nd), -EPROTO);
	ck_assert(kshim_log_contains("GSP status queue header is inconsistent"));
	ck_assert(kshim_log_contains("msgCount 62"));
}
END_TEST

START_TEST(msgq_send_full_queue)
{
	const struct rpc_message_header_v rpc = { .header_version = 0x03000000,
						  .signature = 0x43505256,
						  .length = sizeof(rpc), .function = 10 };
	/* nvcore_msgq_send's element: header, then the RPC, zeros to the end. */
	u8 *elem = calloc(1, GSP_MSG_QUEUE_ELEMENT_SIZE_MAX);
	struct nvcore_msgq *q;

	memcpy(elem + GSP_MSG_QUEUE_ELEMENT_HDR_SIZE, &rpc, sizeof(rpc));
	/* §1.2: free = read + 63 - write - 1 (mod 63): read 0, write 61 leaves one slot. */
	ck_assert_int_eq(fzdev_queues(&d), 0);
	q = &d.nd.core->rpc.q;
	q->stat_rx->readPtr = 0;
	q->cmd_tx->writePtr = 61;
	ck_assert_int_eq(nvcore_msgq_send(&d.nd, elem, sizeof(rpc), ktime_add_ms(ktime_get(), 10)), 0);
	ck_assert_uint_eq(q->cmd_tx->writePtr, 62);
	/* Write 62: none free; the sender waits and never overwrites. */
	ck_assert_int_eq(nvcore_msgq_send(&d.nd, elem, sizeof(rpc), ktime_add_ms(ktime_get(), 10)),
			 -ETIMEDOUT);
	ck_assert_uint_eq(q->cmd_tx->writePtr, 62);
	free(elem);
}
END_TEST

/* ---- CPU sequencer (protocol.md §3.5) ------------------------------------------------ */

/* A sequencer payload: bufferSizeDWord, cmdIndex, regSaveArea[8], the commands. */
static int seq(const uint32_t *cmds, uint32_t n, uint32_t used)
{
	uint32_t buf[10 + 16] = { n, used };

	memcpy(buf + 10, cmds, n * 4);
	return nvcore_seq_run(&d.nd, buf, (10 + n) * 4);
}

START_TEST(seq_reg_store_index)
{
	/* REG_STORE (4) addr slot: slots 0..7 (GSP_SEQ_BUF_REG_SAVE_SIZE). */
	const uint32_t ok[] = { 4, 0x110040, 7 }, bad[] = { 4, 0x110040, 8 };

	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(seq(ok, 3, 3), 0);
	ck_assert_int_eq(seq(bad, 3, 3), -EINVAL);
	ck_assert(kshim_log_contains("GSP sequencer REG_STORE index 8 out of range"));
}
END_TEST

START_TEST(seq_op_past_cmd_index)
{
	/* REG_WRITE (0) needs 2 arguments: 3 dwords, cmdIndex says 2. */
	const uint32_t cmds[] = { 0, 0x110040, 1 };

	ck_assert_int_eq(fzdev_queues(&d), 0);
	ck_assert_int_eq(seq(cmds, 3, 2), -EBADMSG);
	ck_assert(kshim_log_contains("GSP sequencer REG_WRITE at dword 0 runs past the buffer end (2)"));
}
END_TEST

/* ---- FWSEC in the VBIOS (protocol.md §4.5) ---------------------------------------- */

static int no_dma_read(void *ctx, uint64_t addr, void *buf, size_t len)
{
	return -1;
}

static int no_dma_write(void *ctx, uint64_t addr, const void *buf, size_t len)
{
	return -1;
}

static void no_irq(void *ctx, int level)
{
}

/* The model's VBIOS, read through its PROM window (BAR0 0x300000, 1 MiB). */
static uint8_t *model_rom(size_t *len)
{
	struct gspm_host_ops ops = { .dma_read = no_dma_read, .dma_write = no_dma_write,
				     .set_irq = no_irq };
	struct gspm_config cfg = { .chip = GSPM_CHIP_GA102, .fw_release = "570.144",
				   .fw_dir = NVCORE_TEST_FW_DIR };
	char err[256];
	struct gspm *m = gspm_create(&cfg, &ops, err, sizeof(err));
	uint8_t *rom = malloc(0x100000);
	uint32_t v;

	ck_assert_msg(m, "gspm_create: %s", err);
	for (uint32_t off = 0; off < 0x100000; off += 4) {
		v = gspm_mmio_read32(m, 0x300000 + off);
		memcpy(rom + off, &v, 4);
	}
	gspm_destroy(m);
	*len = 0x100000;
	return rom;
}

START_TEST(fwsec_imem_beyond_falcon)
{
	struct nvcore_vbios_fwsec fw;
	uint8_t *rom = model_rom(&d.rom_len);
	size_t desc;
	uint32_t base;

	d.rom = rom;
	/* Unchanged, the model's FWSEC is found; its descriptor precedes the signatures. */
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), 0);
	desc = fw.sigs - (const u8 *)fw.rom - sizeof(struct nvcore_fwsec_desc_v3);
	nvcore_vbios_fwsec_put(&fw);

	/* FalconUCodeDescV3.IMEMPhysBase at +0x10: end one 256-byte block past 64 KiB. */
	base = 0x10000 - ((struct nvcore_fwsec_desc_v3 *)(rom + desc))->imem_load_size + 0x100;
	memcpy(rom + desc + 0x10, &base, 4);
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), -EINVAL);
	ck_assert(kshim_log_contains("VBIOS: FWSEC loads beyond the falcon's 0x10000-byte IMEM/DMEM"));
}
END_TEST

START_TEST(fwsec_dmem_beyond_falcon)
{
	struct nvcore_vbios_fwsec fw;
	uint8_t *rom = model_rom(&d.rom_len);
	size_t desc;
	uint32_t base = 0xffffff00;

	d.rom = rom;
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), 0);
	desc = fw.sigs - (const u8 *)fw.rom - sizeof(struct nvcore_fwsec_desc_v3);
	nvcore_vbios_fwsec_put(&fw);

	/* DMEMPhysBase at +0x1c: 0xffffff00 + the load size wraps past 32 bits. */
	memcpy(rom + desc + 0x1c, &base, 4);
	ck_assert_int_eq(nvcore_vbios_fwsec_get(&d.nd, &fw), -EINVAL);
	ck_assert(kshim_log_contains("DMEM 0xffffff00 +"));
}
END_TEST

Suite *checks_suite(void)
{
	Suite *s = suite_create("checks");
	TCase *q = tcase_create("msgq");
	TCase *v = tcase_create("fwsec");

	tcase_add_checked_fixture(q, setup, teardown);
	tcase_add_test(q, msgq_good_element);
	tcase_add_test(q, msgq_read_pointer_out_of_range);
	tcase_add_test(q, msgq_read_pointer_at_count);
	tcase_add_test(q, msgq_rpc_length_beyond_element);
	tcase_add_test(q, msgq_checksum_mismatch);
	tcase_add_test(q, msgq_sequence_gap);
	tcase_add_test(q, msgq_link_bad_count);
	tcase_add_test(q, msgq_send_full_queue);
	tcase_add_test(q, seq_reg_store_index);
	tcase_add_test(q, seq_op_past_cmd_index);
	suite_add_tcase(s, q);

	tcase_add_checked_fixture(v, setup, teardown);
	tcase_set_timeout(v, 60);
	tcase_add_test(v, fwsec_imem_beyond_falcon);
	tcase_add_test(v, fwsec_dmem_beyond_falcon);
	suite_add_tcase(s, v);
	return s;
}
