/* SPDX-License-Identifier: MIT */
/*
 * debugfs as an in-memory tree; tests read and write files by path with
 * kshim_debugfs_read()/kshim_debugfs_write().  Entries still present at
 * kshim_fini() are reported (a reader would reach freed driver data).
 */
#ifndef KSHIM_LINUX_DEBUGFS_H
#define KSHIM_LINUX_DEBUGFS_H

#include <linux/err.h>
#include <linux/fs.h>
#include <linux/seq_file.h>

struct dentry;

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent);
struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops);
void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value);
void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value);
void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value);
void debugfs_remove(struct dentry *dentry);
#define debugfs_remove_recursive	debugfs_remove

#endif /* KSHIM_LINUX_DEBUGFS_H */
