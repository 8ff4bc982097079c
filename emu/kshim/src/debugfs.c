// SPDX-License-Identifier: MIT
/* debugfs as an in-memory tree, seq_file, and the VFS helpers they use. */
#include <stdlib.h>

#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "internal.h"

enum node_kind { N_DIR, N_FILE, N_U32, N_X32, N_U64, N_BOOL };

struct dentry {
	struct list_head node;		/* in the parent's children */
	struct list_head children;
	struct dentry *parent;
	char *name;
	enum node_kind kind;
	void *data;
	const struct file_operations *fops;
};

static struct dentry root = {
	.node = LIST_HEAD_INIT(root.node), .children = LIST_HEAD_INIT(root.children), .name = "",
};

static struct dentry *child(struct dentry *dir, const char *name, size_t len)
{
	struct dentry *d;

	list_for_each_entry(d, &dir->children, node)
		if (strlen(d->name) == len && !strncmp(d->name, name, len))
			return d;
	return NULL;
}

static struct dentry *create(const char *name, struct dentry *parent, enum node_kind kind,
			     void *data, const struct file_operations *fops)
{
	struct dentry *d;

	if (IS_ERR(parent))
		return parent;
	if (!parent)
		parent = &root;
	if (parent->kind != N_DIR)
		return ERR_PTR(-ENOTDIR);
	if (child(parent, name, strlen(name))) {
		printk(KERN_ERR "debugfs: File '%s' in directory '%s' already present!\n", name,
		       parent->name);
		return ERR_PTR(-EEXIST);
	}
	d = kshim_xzalloc(sizeof(*d));
	*d = (struct dentry){ .parent = parent, .name = kshim_xasprintf("%s", name),
			      .kind = kind, .data = data, .fops = fops };
	INIT_LIST_HEAD(&d->children);
	list_add_tail(&d->node, &parent->children);
	return d;
}

struct dentry *debugfs_create_dir(const char *name, struct dentry *parent)
{
	return create(name, parent, N_DIR, NULL, NULL);
}

struct dentry *debugfs_create_file(const char *name, umode_t mode, struct dentry *parent,
				   void *data, const struct file_operations *fops)
{
	return create(name, parent, N_FILE, data, fops);
}

void debugfs_create_u32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	create(name, parent, N_U32, value, NULL);
}

void debugfs_create_x32(const char *name, umode_t mode, struct dentry *parent, u32 *value)
{
	create(name, parent, N_X32, value, NULL);
}

void debugfs_create_u64(const char *name, umode_t mode, struct dentry *parent, u64 *value)
{
	create(name, parent, N_U64, value, NULL);
}

void debugfs_create_bool(const char *name, umode_t mode, struct dentry *parent, bool *value)
{
	create(name, parent, N_BOOL, value, NULL);
}

void debugfs_remove(struct dentry *d)
{
	if (IS_ERR_OR_NULL(d))
		return;
	while (!list_empty(&d->children))
		debugfs_remove(list_first_entry(&d->children, struct dentry, node));
	list_del(&d->node);
	free(d->name);
	free(d);
}

static struct dentry *lookup(const char *path)
{
	struct dentry *d = &root;

	while (d && *path) {
		size_t len = strcspn(path, "/");

		d = child(d, path, len);
		path += len + (path[len] == '/');
	}
	return d;
}

/* Opens, runs op (read or write) until done, releases: one syscall sequence. */
static ssize_t file_io(struct dentry *d, char *rbuf, const char *wbuf, size_t len)
{
	struct inode inode = { .i_private = d->data };
	struct file file = { .f_inode = &inode };
	ssize_t total = 0, n;
	int err = d->fops->open ? d->fops->open(&inode, &file) : 0;

	if (err)
		return err;
	if (rbuf && !d->fops->read) {
		total = -EINVAL;
	} else if (wbuf && !d->fops->write) {
		total = -EINVAL;
	} else {
		do {
			n = rbuf ? d->fops->read(&file, rbuf + total, len - total, &file.f_pos)
				 : d->fops->write(&file, wbuf + total, len - total, &file.f_pos);
			if (n < 0)
				total = n;
			else
				total += n;
		} while (n > 0 && (size_t)total < len);
	}
	if (d->fops->release)
		d->fops->release(&inode, &file);
	return total;
}

ssize_t kshim_debugfs_read(const char *path, char *buf, size_t len)
{
	struct dentry *d = lookup(path);
	char tmp[32];
	ssize_t n;

	if (!d)
		return -ENOENT;
	if (!len)
		return -EINVAL;
	switch (d->kind) {
	case N_DIR:
		return -EISDIR;
	case N_FILE:
		n = file_io(d, buf, NULL, len - 1);
		if (n >= 0)
			buf[n] = '\0';
		return n;
	case N_U32:
		snprintf(tmp, sizeof(tmp), "%u\n", *(u32 *)d->data);
		break;
	case N_X32:
		snprintf(tmp, sizeof(tmp), "0x%08x\n", *(u32 *)d->data);
		break;
	case N_U64:
		snprintf(tmp, sizeof(tmp), "%llu\n", (unsigned long long)*(u64 *)d->data);
		break;
	case N_BOOL:
		snprintf(tmp, sizeof(tmp), "%c\n", *(bool *)d->data ? 'Y' : 'N');
		break;
	}
	return scnprintf(buf, len, "%s", tmp);
}

ssize_t kshim_debugfs_write(const char *path, const char *buf, size_t len)
{
	struct dentry *d = lookup(path);
	char tmp[32];
	unsigned long long v;
	bool b;
	int err;

	if (!d)
		return -ENOENT;
	if (d->kind == N_DIR)
		return -EISDIR;
	if (d->kind == N_FILE)
		return file_io(d, NULL, buf, len);
	snprintf(tmp, sizeof(tmp), "%.*s", (int)min(len, sizeof(tmp) - 1), buf);
	err = d->kind == N_BOOL ? kstrtobool(tmp, &b) : kstrtoull(tmp, 0, &v);
	if (err)
		return err;
	if (d->kind == N_BOOL)
		*(bool *)d->data = b;
	else if (d->kind == N_U64)
		*(u64 *)d->data = v;
	else if (v > U32_MAX)
		return -ERANGE;
	else
		*(u32 *)d->data = (u32)v;
	return (ssize_t)len;
}

static void report_left(struct dentry *d, const char *prefix)
{
	struct dentry *c;

	list_for_each_entry(c, &d->children, node) {
		char *path = kshim_xasprintf("%s%s", prefix, c->name);

		if (c->kind != N_DIR || list_empty(&c->children))
			kshim_fail("debugfs entry %s not removed before kshim_fini", path);
		free(path);
	}
	list_for_each_entry(c, &d->children, node) {
		char *sub = kshim_xasprintf("%s%s/", prefix, c->name);

		report_left(c, sub);
		free(sub);
	}
}

void kshim_debugfs_fini(void)
{
	report_left(&root, "");
	while (!list_empty(&root.children))
		debugfs_remove(list_first_entry(&root.children, struct dentry, node));
}

int simple_open(struct inode *inode, struct file *file)
{
	file->private_data = inode->i_private;
	return 0;
}

ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos, const void *from,
				size_t available)
{
	loff_t pos = *ppos;
	size_t n;

	if (pos < 0)
		return -EINVAL;
	if ((size_t)pos >= available || !count)
		return 0;
	n = min(count, available - (size_t)pos);
	if (copy_to_user(to, (const char *)from + pos, n))
		return -EFAULT;
	*ppos = pos + (loff_t)n;
	return (ssize_t)n;
}

loff_t default_llseek(struct file *file, loff_t offset, int whence)
{
	if (whence != SEEK_SET || offset < 0)
		return -EINVAL;
	file->f_pos = offset;
	return offset;
}

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data)
{
	struct seq_file *m = calloc(1, sizeof(*m));

	if (!m)
		return -ENOMEM;
	m->show = show;
	m->private = data;
	file->private_data = m;
	return 0;
}

int single_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;

	free(m->buf);
	free(m);
	return 0;
}

/* Runs show() once, into a buffer that doubles until the output fits. */
static int seq_fill(struct seq_file *m)
{
	for (size_t size = 4096;; size *= 2) {
		int err;

		free(m->buf);
		m->buf = malloc(size);
		if (!m->buf)
			return -ENOMEM;
		m->size = size;
		m->count = 0;
		err = m->show(m, m->private);
		if (err < 0)
			return err;
		if (m->count < m->size)
			return 0;
	}
}

ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos)
{
	struct seq_file *m = file->private_data;

	if (!m->buf) {
		int err = seq_fill(m);

		if (err)
			return err;
	}
	return simple_read_from_buffer(buf, size, ppos, m->buf, m->count);
}

loff_t seq_lseek(struct file *file, loff_t offset, int whence)
{
	return default_llseek(file, offset, whence);
}

int seq_write(struct seq_file *m, const void *data, size_t len)
{
	if (m->count + len >= m->size) {
		m->count = m->size;	/* overflow: seq_fill retries bigger */
		return -1;
	}
	memcpy(m->buf + m->count, data, len);
	m->count += len;
	return 0;
}

void seq_vprintf(struct seq_file *m, const char *fmt, va_list args)
{
	if (m->count < m->size) {
		int n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, args);

		m->count = n >= 0 && (size_t)n < m->size - m->count ? m->count + (size_t)n : m->size;
	}
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	seq_vprintf(m, fmt, ap);
	va_end(ap);
}

void seq_puts(struct seq_file *m, const char *s)
{
	seq_write(m, s, strlen(s));
}

void seq_putc(struct seq_file *m, char c)
{
	seq_write(m, &c, 1);
}
