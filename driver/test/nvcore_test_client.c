// SPDX-License-Identifier: MIT
/*
 * nvcore_test_client: a test-only client of the core, for the QEMU boot test
 * (ci/vm-test).  It binds the core's auxiliary device like a real client
 * does, attaches with the client API, allocates a device and subdevice under
 * its RM client, runs echo round trips through nvcore_rm_control with the
 * model's test command, frees what it allocated and detaches on removal.
 *
 * GSPM_CTRL_CMD_TEST_ECHO is not a real NV2080 control: gsp-model answers it
 * by XORing every params byte with 0x5a (emu/gsp-model/include/gspm.h), so
 * this module is useful only against the model.  Results are kernel log
 * lines the boot test greps for:
 *   nvcore_test_client: PASS <what>
 *   nvcore_test_client: FAIL <what>: <why>
 *   nvcore_test_client: done: <n> passed, <m> failed
 */
#include <linux/auxiliary_bus.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <nvcore/nvcore.h>

#define TEST_ECHO_CMD		0x2080ff01u	/* GSPM_CTRL_CMD_TEST_ECHO */
#define TEST_ECHO_XOR		0x5a

/* RM classes of the objects every RM client allocates first. */
#define CLASS_DEVICE		0x0080u		/* NV01_DEVICE_0 */
#define CLASS_SUBDEVICE		0x2080u		/* NV20_SUBDEVICE_0 */
#define H_DEVICE		0xcaf00001u
#define H_SUBDEVICE		0xcaf00002u

/* Sizes around one queue element, the single-record limit (~64 KiB) and
 * several continuation records. */
static const u32 echo_sizes[] = {
	1, 8, 4000, 4096, 16384, 65000, 65536, 100 * 1024, 300 * 1024,
};

static unsigned int rounds = 3;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "echo rounds over all sizes (default 3)");

struct tclient {
	struct nvcore_client *client;
	bool have_device, have_subdevice;
	unsigned int passed, failed;
};

#define report(tc, ok, fmt, ...)						\
	do {									\
		if (ok) {							\
			(tc)->passed++;						\
			pr_info("nvcore_test_client: PASS " fmt "\n", ##__VA_ARGS__); \
		} else {							\
			(tc)->failed++;						\
			pr_err("nvcore_test_client: FAIL " fmt "\n", ##__VA_ARGS__); \
		}								\
	} while (0)

static void on_event(struct nvcore_client *client, const struct nvcore_event *ev)
{
	pr_info("nvcore_test_client: event %s (%u bytes)\n", ev->name, ev->len);
}

static const struct nvcore_client_ops tclient_ops = { .event = on_event };

static int echo_once(struct tclient *tc, u32 h_object, u32 len, unsigned int salt,
		     u32 *fw_status, u32 *bad_at)
{
	u8 *p = kvmalloc(len, GFP_KERNEL);
	u32 i;
	int ret;

	if (!p)
		return -ENOMEM;
	for (i = 0; i < len; i++)
		p[i] = (u8)(i * 7 + salt);
	ret = nvcore_rm_control(tc->client, h_object, TEST_ECHO_CMD, p, len, fw_status);
	for (i = 0; !ret && i < len; i++)
		if (p[i] != (u8)((i * 7 + salt) ^ TEST_ECHO_XOR)) {
			*bad_at = i;
			ret = -EBADMSG;
		}
	kvfree(p);
	return ret;
}

static void run_tests(struct tclient *tc)
{
	struct nvcore_gpu_info info;
	unsigned int r, i;
	u32 status = 0, bad_at = 0;
	int ret;

	nvcore_gpu_info(tc->client, &info);
	report(tc, info.chip[0] && info.fw_version[0], "gpu info: chip %s, \"%s\", firmware %s, fb %llu MiB",
	       info.chip, info.name, info.fw_version, info.fb_size >> 20);

	ret = nvcore_rm_alloc(tc->client, nvcore_client_handle(tc->client), H_DEVICE,
			      CLASS_DEVICE, NULL, 0, &status);
	tc->have_device = !ret;
	report(tc, !ret, "alloc device 0x%x: %d (status 0x%x)", H_DEVICE, ret, status);
	ret = nvcore_rm_alloc(tc->client, H_DEVICE, H_SUBDEVICE, CLASS_SUBDEVICE, NULL, 0,
			      &status);
	tc->have_subdevice = !ret;
	report(tc, !ret, "alloc subdevice 0x%x: %d (status 0x%x)", H_SUBDEVICE, ret, status);
	if (!tc->have_subdevice)
		return;

	for (r = 0; r < rounds; r++)
		for (i = 0; i < ARRAY_SIZE(echo_sizes); i++) {
			status = 0;
			ret = echo_once(tc, H_SUBDEVICE, echo_sizes[i], r * 31 + i, &status,
					&bad_at);
			if (ret == -EBADMSG)
				report(tc, false, "echo %u bytes (round %u): byte %u wrong",
				       echo_sizes[i], r, bad_at);
			else
				report(tc, !ret, "echo %u bytes (round %u): %d (status 0x%x)",
				       echo_sizes[i], r, ret, status);
		}

	/* An unknown object must come back as a firmware error, not a hang. */
	ret = nvcore_rm_control(tc->client, 0xcaf0dead, TEST_ECHO_CMD, NULL, 0, &status);
	report(tc, ret == -EREMOTEIO && status, "control on an unknown object: %d (status 0x%x)",
	       ret, status);
}

static int tclient_probe(struct auxiliary_device *adev, const struct auxiliary_device_id *id)
{
	struct tclient *tc;
	int ret;

	tc = kzalloc(sizeof(*tc), GFP_KERNEL);
	if (!tc)
		return -ENOMEM;
	ret = nvcore_client_attach(adev, NVCORE_API_VERSION, &tclient_ops, tc, &tc->client);
	if (ret) {
		pr_err("nvcore_test_client: FAIL attach to %s: %d\n", dev_name(&adev->dev), ret);
		pr_info("nvcore_test_client: done: 0 passed, 1 failed\n");
		kfree(tc);
		return ret;
	}
	pr_info("nvcore_test_client: attached to %s as RM client 0x%x\n", dev_name(&adev->dev),
		nvcore_client_handle(tc->client));
	run_tests(tc);
	pr_info("nvcore_test_client: done: %u passed, %u failed\n", tc->passed, tc->failed);
	auxiliary_set_drvdata(adev, tc);
	return 0;
}

static void tclient_remove(struct auxiliary_device *adev)
{
	struct tclient *tc = auxiliary_get_drvdata(adev);
	u32 status = 0;
	int ret;

	if (tc->have_subdevice) {
		ret = nvcore_rm_free(tc->client, H_DEVICE, H_SUBDEVICE, &status);
		if (ret)
			pr_err("nvcore_test_client: FAIL free subdevice: %d (status 0x%x)\n", ret,
			       status);
	}
	if (tc->have_device) {
		ret = nvcore_rm_free(tc->client, nvcore_client_handle(tc->client), H_DEVICE,
				     &status);
		if (ret)
			pr_err("nvcore_test_client: FAIL free device: %d (status 0x%x)\n", ret,
			       status);
	}
	nvcore_client_detach(tc->client);
	pr_info("nvcore_test_client: detached\n");
	kfree(tc);
}

static const struct auxiliary_device_id tclient_ids[] = {
	{ .name = "nvcore." NVCORE_AUX_DEV_NAME },
	{ }
};
MODULE_DEVICE_TABLE(auxiliary, tclient_ids);

static struct auxiliary_driver tclient_driver = {
	.name = "test_client",
	.probe = tclient_probe,
	.remove = tclient_remove,
	.id_table = tclient_ids,
};
module_auxiliary_driver(tclient_driver);

MODULE_DESCRIPTION("nvcore test client for the QEMU boot test (gsp-model only)");
MODULE_LICENSE("Dual MIT/GPL");
