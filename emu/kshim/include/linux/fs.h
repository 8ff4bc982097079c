/* SPDX-License-Identifier: MIT */
/* Just enough of the VFS for debugfs files. */
#ifndef KSHIM_LINUX_FS_H
#define KSHIM_LINUX_FS_H

#include <linux/types.h>

struct module;

struct inode {
	void *i_private;
};

struct file {
	struct inode *f_inode;
	void *private_data;
	loff_t f_pos;
};

struct file_operations {
	struct module *owner;
	loff_t (*llseek)(struct file *file, loff_t offset, int whence);
	ssize_t (*read)(struct file *file, char __user *buf, size_t count, loff_t *ppos);
	ssize_t (*write)(struct file *file, const char __user *buf, size_t count, loff_t *ppos);
	int (*open)(struct inode *inode, struct file *file);
	int (*release)(struct inode *inode, struct file *file);
};

static inline struct inode *file_inode(const struct file *f)
{
	return f->f_inode;
}

int simple_open(struct inode *inode, struct file *file);
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available);
loff_t default_llseek(struct file *file, loff_t offset, int whence);

#endif /* KSHIM_LINUX_FS_H */
