/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_STRINGIFY_H
#define KSHIM_LINUX_STRINGIFY_H

#define __stringify_1(x...)	#x
#define __stringify(x...)	__stringify_1(x)

#endif /* KSHIM_LINUX_STRINGIFY_H */
