// SPDX-License-Identifier: MIT
/*
 * Copy-engine channels for clients (API 1.3, docs/vgpu.md "Framebuffer
 * scrub"): what the RFC v2 core offers as HAS_CE_CHAN_ALLOC and
 * HAS_PUSHBUF_SUBMIT (spec/vgpu.md §1.2, §1.3), firmware-neutral towards the
 * client: the client names the channel ID and its RM handles and builds its
 * own methods; the core allocates the channel through RM, carries the
 * methods and rings the doorbell.  Sources:
 *  - the channel allocation and its order (alloc, NVA06F_CTRL_CMD_BIND,
 *    NVA06F_CTRL_CMD_GPFIFO_SCHEDULE): nouveau nvkm/engine/fifo/r535.c
 *    r535_chan_ramfc_write; its parameters per release (fw/<release>/);
 *  - the classes: OGKM class/clc76f.h AMPERE_CHANNEL_GPFIFO_B 0xc76f and
 *    clc7b5.h AMPERE_DMA_COPY_B 0xc7b5 (GA10x, AD10x: nouveau
 *    nvkm/engine/fifo/ga102.c and ce/ga102.c, which AD102 uses), clc86f.h HOPPER_CHANNEL_GPFIFO_A 0xc86f and clc8b5.h
 *    HOPPER_DMA_COPY_A 0xc8b5 (GH100); the copy engine's allocation
 *    parameters {version 1, engineType} (clc1b5sw.h: VERSION_1 takes an
 *    NV2080_ENGINE_TYPE), NV2080_ENGINE_TYPE_COPY0 = 9 (cl2080.h); the copy
 *    engine's subchannel 4 (cla06fsubch.h NVA06F_SUBCHANNEL_COPY_ENGINE);
 *  - NVA06F_CTRL_CMD_BIND 0xa06f0104 {engineType}, _GPFIFO_SCHEDULE
 *    0xa06f0103 {bEnable, bSkipSubmit} (two NvBools at 570.144),
 *    NVC36F_CTRL_CMD_GPFIFO_GET_WORK_SUBMIT_TOKEN 0xc36f0108
 *    {workSubmitToken} (ctrla06fgpfifo.h, ctrlc36f.h);
 *  - USERD is the channel class's control area: GPGet at 0x88, GPPut at
 *    0x8c, 0x200 bytes (clc86f.h Nvc86fControl_struct, clc76f.h the same);
 *    a GPFIFO entry is two words: GET (31:2) = address bits 31:2, GET_HI
 *    (7:0) = bits 39:32, LENGTH (30:10) in dwords (clc86f.h NVC86F_GP_ENTRY*);
 *  - the doorbell: the usermode region's NOTIFY_CHANNEL_PENDING (clc361.h,
 *    0x90) at BAR0 0xb80000 + 0x30000 (nouveau nvkm/subdev/vfn: the VFN
 *    window at 0xb80000, its user area at 0x30000; dev_vm.h
 *    NV_VIRTUAL_FUNCTION_DOORBELL 0x30090), written with the work-submit token.
 * Assumptions (docs/hw-fidelity.md): GPU addresses of the channel's memory
 * are its bus addresses (no VA space is built); the method buffer is one
 * page (nouveau asks NV2080_CTRL_CMD_CE_GET_FAULT_METHOD_BUFFER_SIZE).
 */
#include <linux/dma-mapping.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"

#define ENGINE_TYPE_COPY0	9u
#define CE_SUBCHANNEL		4u
#define CE_ALLOC_VERSION_1	1u
#define CMD_GPFIFO_SCHEDULE	0xa06f0103u
#define CMD_BIND		0xa06f0104u
#define CMD_WORK_SUBMIT_TOKEN	0xc36f0108u
#define USERD_GP_GET		0x88u
#define USERD_GP_PUT		0x8cu
#define USERD_SIZE		0x200u
#define DOORBELL		(0xb80000u + 0x30090u)

/* One coherent buffer; offsets of its parts. */
#define BUF_INSTANCE		0x0000u		/* instance block, RAMFC its first 0x200 */
#define BUF_USERD		0x1000u
#define BUF_GPFIFO		0x2000u
#define BUF_SEM			0x3000u
#define BUF_MTHDBUF		0x4000u
#define BUF_PUSHBUF		0x5000u
#define BUF_SIZE		0x10000u
#define GP_ENTRIES		32u
#define PAGE_BYTES		0x1000u

struct nvcore_chan {
	struct nvcore_client *cl;
	struct nvcore_dev *nd;
	u32 h_device, h_chan, h_ce, chid, ce_class, token;
	u32 gp_put;
	void *cpu;
	dma_addr_t bus;
};

static const struct {
	const char *chip;		/* struct nvcore_chip.name prefix */
	u32 chan_class, ce_class;
} classes[] = {
	{ "ga10", 0xc76f, 0xc7b5 },
	{ "ad10", 0xc76f, 0xc7b5 },
	{ "gh100", 0xc86f, 0xc8b5 },
};

static u32 rd(const struct nvcore_chan *ch, u32 off)
{
	return READ_ONCE(*(u32 *)((u8 *)ch->cpu + off));
}

static void wr(struct nvcore_chan *ch, u32 off, u32 val)
{
	WRITE_ONCE(*(u32 *)((u8 *)ch->cpu + off), val);
}

/* Log a failed step of the allocation; ret passes through. */
static int step_failed(const struct nvcore_chan *ch, const char *step, int ret, u32 status)
{
	dev_err(ch->nd->dev, "copy-engine channel on channel ID %u: %s failed: %d (status 0x%x)\n",
		ch->chid, step, ret, status);
	return ret;
}

static int chan_setup(struct nvcore_chan *ch, u32 chan_class)
{
	struct nvcore_chan_alloc_args a = {
		.gpfifo_addr = ch->bus + BUF_GPFIFO, .gpfifo_entries = GP_ENTRIES,
		.chid = ch->chid, .engine_type = ENGINE_TYPE_COPY0,
		.instance_addr = ch->bus + BUF_INSTANCE, .instance_size = PAGE_BYTES,
		.userd_addr = ch->bus + BUF_USERD, .userd_size = USERD_SIZE,
		.mthdbuf_addr = ch->bus + BUF_MTHDBUF, .mthdbuf_size = PAGE_BYTES,
	};
	const struct nvcore_fw_release *rel = ch->nd->release;
	u32 ce_params[2] = { CE_ALLOC_VERSION_1, ENGINE_TYPE_COPY0 };
	u32 bind = ENGINE_TYPE_COPY0, status = 0;
	u8 schedule[2] = { 1, 0 };
	void *params;
	int ret;

	params = kzalloc(rel->chan_alloc_size, GFP_KERNEL);
	if (!params)
		return -ENOMEM;
	rel->build_chan_alloc(params, &a);
	ret = nvcore_rm_alloc(ch->cl, ch->h_device, ch->h_chan, chan_class, params,
			      rel->chan_alloc_size, &status);
	kfree(params);
	if (ret)
		return step_failed(ch, "channel allocation", ret, status);
	ret = nvcore_rm_control(ch->cl, ch->h_chan, CMD_BIND, &bind, sizeof(bind), &status);
	if (ret) {
		step_failed(ch, "NVA06F_CTRL_CMD_BIND", ret, status);
		goto err_chan;
	}
	ret = nvcore_rm_control(ch->cl, ch->h_chan, CMD_GPFIFO_SCHEDULE, schedule, sizeof(schedule),
				&status);
	if (ret) {
		step_failed(ch, "NVA06F_CTRL_CMD_GPFIFO_SCHEDULE", ret, status);
		goto err_chan;
	}
	ret = nvcore_rm_alloc(ch->cl, ch->h_chan, ch->h_ce, ch->ce_class, ce_params,
			      sizeof(ce_params), &status);
	if (ret) {
		step_failed(ch, "copy-engine object allocation", ret, status);
		goto err_chan;
	}
	ret = nvcore_rm_control(ch->cl, ch->h_chan, CMD_WORK_SUBMIT_TOKEN, &ch->token,
				sizeof(ch->token), &status);
	if (ret) {
		step_failed(ch, "GPFIFO_GET_WORK_SUBMIT_TOKEN", ret, status);
		goto err_ce;
	}
	return 0;

err_ce:
	nvcore_rm_free(ch->cl, ch->h_chan, ch->h_ce, NULL);
err_chan:
	nvcore_rm_free(ch->cl, ch->h_device, ch->h_chan, NULL);
	return ret;
}

int nvcore_chan_alloc(struct nvcore_client *cl, u32 h_device, u32 h_chan, u32 h_ce, u32 chid,
		      struct nvcore_chan **out)
{
	struct nvcore_dev *nd = nvcore_client_dev(cl);
	struct nvcore_chan *ch;
	unsigned int i;
	int ret;

	*out = NULL;
	for (i = 0; i < ARRAY_SIZE(classes); i++)
		if (!strncmp(nd->chip.name, classes[i].chip, strlen(classes[i].chip)))
			break;
	if (i == ARRAY_SIZE(classes) || !nd->release->build_chan_alloc) {
		dev_err(nd->dev, "copy-engine channels: none on %s with GSP-RM %s\n", nd->chip.name,
			nd->release->version);
		return -EOPNOTSUPP;
	}
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return -ENOMEM;
	ch->cl = cl;
	ch->nd = nd;
	ch->h_device = h_device;
	ch->h_chan = h_chan;
	ch->h_ce = h_ce;
	ch->chid = chid;
	ch->ce_class = classes[i].ce_class;
	ch->cpu = dma_alloc_coherent(nd->dev, BUF_SIZE, &ch->bus, GFP_KERNEL);
	if (!ch->cpu) {
		ret = -ENOMEM;
		goto err_free;
	}
	ret = chan_setup(ch, classes[i].chan_class);
	if (ret)
		goto err_dma;
	*out = ch;
	return 0;

err_dma:
	dma_free_coherent(nd->dev, BUF_SIZE, ch->cpu, ch->bus);
err_free:
	kfree(ch);
	return ret;
}
EXPORT_SYMBOL_GPL(nvcore_chan_alloc);

void nvcore_chan_info(const struct nvcore_chan *ch, struct nvcore_chan_info *info)
{
	info->ce_class = ch->ce_class;
	info->ce_subchannel = CE_SUBCHANNEL;
	info->sem_addr = ch->bus + BUF_SEM;
	info->max_dwords = (BUF_SIZE - BUF_PUSHBUF) / 4;
}
EXPORT_SYMBOL_GPL(nvcore_chan_info);

u32 nvcore_chan_sem_read(const struct nvcore_chan *ch, u32 off)
{
	return off <= PAGE_BYTES - 4 ? rd(ch, BUF_SEM + (off & ~3u)) : 0;
}
EXPORT_SYMBOL_GPL(nvcore_chan_sem_read);

void nvcore_chan_sem_write(struct nvcore_chan *ch, u32 off, u32 val)
{
	if (off <= PAGE_BYTES - 4)
		wr(ch, BUF_SEM + (off & ~3u), val);
}
EXPORT_SYMBOL_GPL(nvcore_chan_sem_write);

int nvcore_chan_submit(struct nvcore_chan *ch, const u32 *dwords, u32 count)
{
	u64 pb = ch->bus + BUF_PUSHBUF;
	u32 entry = BUF_GPFIFO + ch->gp_put * 8;

	if (!count || count > (BUF_SIZE - BUF_PUSHBUF) / 4) {
		dev_err(ch->nd->dev, "copy-engine channel %u: a submit of %u dwords (1..%u)\n",
			ch->chid, count, (BUF_SIZE - BUF_PUSHBUF) / 4);
		return -EINVAL;
	}
	/* One pushbuffer: the engine must have fetched the last entry before it is reused. */
	if (rd(ch, BUF_USERD + USERD_GP_GET) != ch->gp_put)
		return -EBUSY;
	memcpy((u8 *)ch->cpu + BUF_PUSHBUF, dwords, count * 4);
	wr(ch, entry, lower_32_bits(pb) & ~3u);
	wr(ch, entry + 4, (upper_32_bits(pb) & 0xff) | count << 10);
	ch->gp_put = (ch->gp_put + 1) % GP_ENTRIES;
	wmb();	/* the entry and the methods before GP_PUT, GP_PUT before the doorbell */
	wr(ch, BUF_USERD + USERD_GP_PUT, ch->gp_put);
	wmb();
	nvcore_wr32(ch->nd, DOORBELL, ch->token);
	return 0;
}
EXPORT_SYMBOL_GPL(nvcore_chan_submit);

void nvcore_chan_free(struct nvcore_chan *ch)
{
	if (!ch)
		return;
	nvcore_rm_free(ch->cl, ch->h_chan, ch->h_ce, NULL);
	nvcore_rm_free(ch->cl, ch->h_device, ch->h_chan, NULL);
	dma_free_coherent(ch->nd->dev, BUF_SIZE, ch->cpu, ch->bus);
	kfree(ch);
}
EXPORT_SYMBOL_GPL(nvcore_chan_free);
