/* SPDX-License-Identifier: MIT */
/*
 * Attribute and annotation macros.  Kbuild force-includes the kernel's
 * version into every file; here linux/types.h includes this one.
 */
#ifndef KSHIM_LINUX_COMPILER_TYPES_H
#define KSHIM_LINUX_COMPILER_TYPES_H

/* Sparse annotations: meaningless to gcc and clang. */
#define __iomem
#define __user
#define __kernel
#define __force
#define __rcu
#define __percpu
#ifndef __bitwise
#define __bitwise
#endif
#define __acquires(x)
#define __releases(x)
#define __must_hold(x)

#define __packed		__attribute__((__packed__))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define __printf(a, b)		__attribute__((__format__(printf, a, b)))
#define __scanf(a, b)		__attribute__((__format__(scanf, a, b)))
#define __must_check		__attribute__((__warn_unused_result__))
#define __maybe_unused		__attribute__((__unused__))
#define __always_unused		__attribute__((__unused__))
#define __used			__attribute__((__used__))
#define __weak			__attribute__((__weak__))
#define __pure			__attribute__((__pure__))
#define __cold			__attribute__((__cold__))
#define __noreturn		__attribute__((__noreturn__))
#define __section(s)		__attribute__((__section__(s)))
#define __counted_by(m)
#define noinline		__attribute__((__noinline__))
#undef __always_inline
#define __always_inline		inline __attribute__((__always_inline__))
#define fallthrough		__attribute__((__fallthrough__))

#define __same_type(a, b)	__builtin_types_compatible_p(typeof(a), typeof(b))

#endif /* KSHIM_LINUX_COMPILER_TYPES_H */
