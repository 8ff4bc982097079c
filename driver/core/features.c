// SPDX-License-Identifier: MIT
/*
 * The GET_FEATURES handshake (protocol.md §5): once GSP-RM is up, ask it which
 * build it is and what it supports.  The answer is untrusted: the version
 * string must be NUL-terminated and name the release the core booted (CPU-RM
 * insists on the same build, kernel_gsp.c:_kgspFwContainerVerifyVersion);
 * gspFeatures bits go through the release's table to NVCORE_FEATURE_* so
 * clients never see a firmware bit.
 */
#include <linux/build_bug.h>
#include <linux/device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core.h"

int nvcore_fw_handshake(struct nvcore_dev *nd)
{
	struct nvcore_core_state *c = nd->core;
	struct NV2080_CTRL_GSP_GET_FEATURES_PARAMS *p;
	u32 status = 0;
	size_t len;
	int ret;

	p = kzalloc(sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	ret = nvcore_rm_control_raw(nd, c->boot.sinfo.h_internal_client, c->boot.sinfo.h_internal_subdevice,
				    NV2080_CTRL_CMD_GSP_GET_FEATURES, p, sizeof(*p), &status);
	if (ret == -EREMOTEIO) {
		dev_err(nd->dev, "GSP_GET_FEATURES failed: firmware status 0x%x\n", status);
		goto out;
	}
	if (ret) {
		dev_err(nd->dev, "GSP_GET_FEATURES could not be sent: %d\n", ret);
		goto out;
	}
	if (!p->bValid) {
		/*
		 * GSP-RM did not fill the answer (the kernel stub on a VF does
		 * this, protocol.md §5).  Nothing to check or report: like CPU-RM,
		 * report the version as "N/A" and no features.
		 */
		dev_warn(nd->dev, "GSP_GET_FEATURES: firmware reports no feature set (bValid = 0); version not verified\n");
		strscpy(c->boot.fw_version, "N/A", sizeof(c->boot.fw_version));
		c->boot.fw_features = 0;
		goto out;
	}
	len = strnlen((const char *)p->firmwareVersion, sizeof(p->firmwareVersion));
	if (len == sizeof(p->firmwareVersion) || !len) {
		dev_err(nd->dev, "GSP_GET_FEATURES: firmwareVersion is %s\n",
			len ? "not NUL-terminated" : "empty");
		ret = -EPROTO;
		goto out;
	}
	if (strcmp((const char *)p->firmwareVersion, nd->release->version)) {
		dev_err(nd->dev, "GSP_GET_FEATURES: firmware reports version \"%s\", but the core booted it as release %s\n",
			p->firmwareVersion, nd->release->version);
		ret = -EPROTO;
		goto out;
	}
	BUILD_BUG_ON(sizeof(c->boot.fw_version) < sizeof(p->firmwareVersion));
	memcpy(c->boot.fw_version, p->firmwareVersion, len + 1);
	c->boot.fw_features = nvcore_fw_map_features(nd->release, p->gspFeatures);
	dev_dbg(nd->dev, "GSP-RM %s, gspFeatures 0x%x (core features 0x%x)\n", c->boot.fw_version,
		p->gspFeatures, c->boot.fw_features);
out:
	kfree(p);
	return ret;
}
