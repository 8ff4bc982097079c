/* SPDX-License-Identifier: MIT */
#ifndef NVCORE_SUITES_H
#define NVCORE_SUITES_H

#include <check.h>

#include "harness.h"

Suite *abi_suite(void);
Suite *boot_suite(void);
Suite *refused_suite(void);
Suite *rpc_suite(void);
Suite *irq_suite(void);
Suite *events_suite(void);
Suite *unload_suite(void);
Suite *fw_files_suite(void);
Suite *gh100_suite(void);
Suite *features_suite(void);
Suite *trace_suite(void);
Suite *field_suite(void);
Suite *hwtruth_boot_suite(void);
Suite *vgpu_suite(void);
Suite *checks_suite(void);
Suite *vgpumgr_suite(void);
Suite *faults_suite(void);
Suite *stress_suite(void);

#endif
