/* SPDX-License-Identifier: MIT */
/* The uapi errno values (shared with libc) plus the kernel-internal ones. */
#ifndef KSHIM_LINUX_ERRNO_H
#define KSHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#define ERESTARTSYS	512
#define ERESTARTNOINTR	513
#define ENOIOCTLCMD	515
#define EPROBE_DEFER	517
#define EOPENSTALEDATA	518
#define ENOPARAM	519
#define EBADHANDLE	521
#define ENOTSUPP	524
#define ETOOSMALL	525
#define ESERVERFAULT	526
#define EBADTYPE	527
#define EJUKEBOX	528
#define EIOCBQUEUED	529

#endif /* KSHIM_LINUX_ERRNO_H */
