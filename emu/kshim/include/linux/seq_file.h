/* SPDX-License-Identifier: MIT */
#ifndef KSHIM_LINUX_SEQ_FILE_H
#define KSHIM_LINUX_SEQ_FILE_H

#include <linux/fs.h>
#include <linux/module.h>

struct seq_file {
	char *buf;
	size_t size;
	size_t count;		/* == size after an overflow: retry with a bigger buf */
	void *private;
	int (*show)(struct seq_file *m, void *v);
};

int single_open(struct file *file, int (*show)(struct seq_file *m, void *v), void *data);
int single_release(struct inode *inode, struct file *file);
ssize_t seq_read(struct file *file, char __user *buf, size_t size, loff_t *ppos);
loff_t seq_lseek(struct file *file, loff_t offset, int whence);

void seq_printf(struct seq_file *m, const char *fmt, ...) __printf(2, 3);
void seq_vprintf(struct seq_file *m, const char *fmt, va_list args) __printf(2, 0);
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);
int seq_write(struct seq_file *m, const void *data, size_t len);

#define DEFINE_SHOW_ATTRIBUTE(__name)						\
static int __name ## _open(struct inode *inode, struct file *file)		\
{										\
	return single_open(file, __name ## _show, inode->i_private);		\
}										\
										\
static const struct file_operations __name ## _fops = {				\
	.owner		= THIS_MODULE,						\
	.open		= __name ## _open,					\
	.read		= seq_read,						\
	.llseek		= seq_lseek,						\
	.release	= single_release,					\
}

#endif /* KSHIM_LINUX_SEQ_FILE_H */
