// SPDX-License-Identifier: MIT
/* Firmware files mapped or from the preload cache (fwfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fwfile.h"

#define HUGE_PAGE	(2u << 20)
/*
 * Files up to this size are mapped populated: one system call instead of a
 * fault per page, for images read whole (the largest real GSP-RM file is
 * 38 MB).  A bigger file is a damaged one whose headers the reader rejects:
 * populating it would read all of it (a 1 GiB sparse test file: 1.5 s).
 */
#define POPULATE_MAX	(128u << 20)

struct entry {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	const void *data;
};

static struct entry *cache;
static size_t ncache;

static bool same_file(const struct entry *e, const struct stat *st)
{
	return e->dev == st->st_dev && e->ino == st->st_ino && e->size == st->st_size &&
	       e->mtime.tv_sec == st->st_mtim.tv_sec && e->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

static const struct entry *lookup(const struct stat *st)
{
	for (size_t i = 0; i < ncache; i++)
		if (same_file(&cache[i], st))
			return &cache[i];
	return NULL;
}

static int open_regular(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (fstat(fd, st) || !S_ISREG(st->st_mode)) {
		close(fd);
		return -EINVAL;
	}
	return fd;
}

int fwfile_map(const char *path, const void **data, size_t *size)
{
	const struct entry *e;
	struct stat st;
	void *p = NULL;
	int fd, err = 0;

	*data = NULL;
	*size = 0;
	fd = open_regular(path, &st);
	if (fd < 0)
		return fd;
	e = ncache ? lookup(&st) : NULL;
	if (e) {
		p = (void *)e->data;
	} else if (st.st_size) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ,
			 MAP_PRIVATE | (st.st_size <= POPULATE_MAX ? MAP_POPULATE : 0), fd, 0);
		if (p == MAP_FAILED) {
			err = -errno;
			p = NULL;
		}
	}
	close(fd);
	if (!err) {
		*data = p;
		*size = (size_t)st.st_size;
	}
	return err;
}

void fwfile_unmap(const void *data, size_t size)
{
	for (size_t i = 0; i < ncache; i++)
		if (cache[i].data == data)
			return;
	if (data)
		munmap((void *)data, size);
}

int fwfile_preload(const char *path)
{
	struct entry *grown;
	struct stat st;
	size_t len, got = 0;
	uint8_t *buf;
	int fd, err = 0;

	fd = open_regular(path, &st);
	if (fd < 0)
		return fd;
	if (!st.st_size || lookup(&st)) {
		close(fd);
		return 0;
	}
	/* Huge-page aligned and advised, so that children map it 2 MiB at a time. */
	len = ((size_t)st.st_size + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	buf = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (buf == MAP_FAILED) {
		close(fd);
		return -errno;
	}
	{
		uint8_t *aligned = (uint8_t *)(((uintptr_t)buf + HUGE_PAGE - 1) &
					       ~(uintptr_t)(HUGE_PAGE - 1));

		if (aligned > buf)
			munmap(buf, (size_t)(aligned - buf));
		munmap(aligned + len, HUGE_PAGE - (size_t)(aligned - buf));
		buf = aligned;
	}
	madvise(buf, len, MADV_HUGEPAGE);
	while (got < (size_t)st.st_size) {
		ssize_t n = pread(fd, buf + got, (size_t)st.st_size - got, (off_t)got);

		if (n <= 0) {
			err = n < 0 ? -errno : -EIO;
			break;
		}
		got += (size_t)n;
	}
	close(fd);
	grown = err ? NULL : realloc(cache, (ncache + 1) * sizeof(*cache));
	if (!grown) {
		munmap(buf, len);
		return err ? err : -ENOMEM;
	}
	mprotect(buf, len, PROT_READ);	/* shared with every fork: nobody writes it */
	cache = grown;
	cache[ncache++] = (struct entry){ .dev = st.st_dev, .ino = st.st_ino,
					  .size = st.st_size, .mtime = st.st_mtim, .data = buf };
	return 0;
}
