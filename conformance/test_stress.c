// SPDX-License-Identifier: MIT
#include "common.h"

Suite *stress_suite(void)
{
	return suite_create("stress");
}
