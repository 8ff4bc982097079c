/* SPDX-License-Identifier: MIT */
/*
 * GspStaticConfigInfo (GET_GSP_STATIC_INFO's reply) as GSP-RM 535.113.01
 * lays it out.  Nested structures the core never reads are byte arrays
 * of the right size.
 */
#ifndef NVCORE_FW_535_113_01_STATIC_INFO_H
#define NVCORE_FW_535_113_01_STATIC_INFO_H

#include "../gsp_abi.h"

struct GspStaticConfigInfo {
	u8 grCapsBits[23];
	u8 pad0;
	u8 gidInfo[268];
	u8 gpcInfo[4];
	u8 tpcInfo[256];
	u8 zcullInfo[256];
	u8 SKUInfo[32];
	u8 fbRegionInfoParams[776];
	u32 computeBranding;
	u8 pad_cb[4];
	u8 sriovCaps[72];
	u32 sriovMaxGfid;
	u8 engineCaps[8];
	u8 SM_info[36];
	u8 poisonFuseEnabled;
	u8 pad1[7];
	u64 fb_length;
	u32 fbio_mask;
	u32 fb_bus_width;
	u32 fb_ram_type;
	u32 fbp_mask;
	u32 l2_cache_size;
	u8 gfxpBufferSize[20];
	u8 gfxpBufferAlignment[20];
	u8 gpuNameString[64];
	u8 gpuShortNameString[64];
	u8 gpuNameString_Unicode[128];
	u8 bGpuInternalSku;
	u8 bIsQuadroGeneric;
	u8 bIsQuadroAd;
	u8 bIsNvidiaNvs;
	u8 bIsVgx;
	u8 bGeforceSmb;
	u8 bIsTitan;
	u8 bIsTesla;
	u8 bIsMobile;
	u8 bIsGc6Rtd3Allowed;
	u8 bIsGcOffRtd3Allowed;
	u8 bIsGcoffLegacyAllowed;
	u64 bar1PdeBase;
	u64 bar2PdeBase;
	u8 bVbiosValid;
	u8 pad2[3];
	u32 vbiosSubVendor;
	u32 vbiosSubDevice;
	u8 bPageRetirementSupported;
	u8 bSplitVasBetweenServerClientRm;
	u8 bClRootportNeedsNosnoopWAR;
	u8 pad3;
	u8 displaylessMaxHeads[8];
	u8 displaylessMaxResolution[12];
	u8 pad4[4];
	u64 displaylessMaxPixels;
	u32 hInternalClient;
	u32 hInternalDevice;
	u32 hInternalSubdevice;
	u8 bSelfHostedMode;
	u8 bAtsSupported;
	u8 bIsGpuUefi;
	u8 pad5;
};

#endif
