// SPDX-License-Identifier: MIT
/* lib/fwfile: mapping, the preload cache, and when the cache is not used. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fwfile.h"
#include "testutil.h"

static char dir[] = "/tmp/fwfile-test-XXXXXX";
static char path[64];

static void put(const char *text)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	ck_assert_int_eq(fclose(f), 0);
}

/* Map the file: it must hold @want; returns the data. */
static const void *map_ok(const char *want)
{
	const void *d;
	size_t n;

	ck_assert_int_eq(fwfile_map(path, &d, &n), 0);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_mem_eq(d, want, n);
	return d;
}

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/gsp.bin", dir);
}

static void teardown(void)
{
	unlink(path);
	rmdir(dir);
}

START_TEST(maps_a_file)
{
	put("GSPFW");
	fwfile_unmap(map_ok("GSPFW"), 5);
}
END_TEST

START_TEST(preloaded_file_is_the_cache_copy)
{
	const void *a;

	put("GSPFW");
	ck_assert_int_eq(fwfile_preload(path), 0);
	a = map_ok("GSPFW");
	fwfile_unmap(a, 5);		/* the cache's copy stays */
	ck_assert_ptr_eq(map_ok("GSPFW"), a);
	/* A second preload of the same file keeps the first copy. */
	ck_assert_int_eq(fwfile_preload(path), 0);
	ck_assert_ptr_eq(map_ok("GSPFW"), a);
}
END_TEST

START_TEST(changed_file_is_read_again)
{
	const void *cached, *d;

	put("GSPFW");
	ck_assert_int_eq(fwfile_preload(path), 0);
	cached = map_ok("GSPFW");
	put("GSPFW2");			/* rewritten in place: another size and mtime */
	d = map_ok("GSPFW2");
	ck_assert_ptr_ne(d, cached);
	fwfile_unmap(d, 6);
	/* Replaced by another file (another inode): not the cache's either. */
	unlink(path);
	put("GSPFW");
	d = map_ok("GSPFW");
	ck_assert_ptr_ne(d, cached);
	fwfile_unmap(d, 5);
}
END_TEST

START_TEST(errors)
{
	const void *d = (const void *)1;
	size_t n = 1;

	ck_assert_int_eq(fwfile_map("/nonexistent/gsp.bin", &d, &n), -ENOENT);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(fwfile_preload("/nonexistent/gsp.bin"), -ENOENT);
	ck_assert_int_eq(fwfile_map(dir, &d, &n), -EINVAL);	/* not a regular file */
	ck_assert_int_eq(fwfile_preload(dir), -EINVAL);
	put("");
	ck_assert_int_eq(fwfile_preload(path), 0);		/* nothing to cache */
	ck_assert_int_eq(fwfile_map(path, &d, &n), 0);
	ck_assert_ptr_null(d);
	ck_assert_uint_eq(n, 0);
	fwfile_unmap(d, n);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fwfile");
	TCase *tc = tcase_create("fwfile");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, maps_a_file);
	tcase_add_test(tc, preloaded_file_is_the_cache_copy);
	tcase_add_test(tc, changed_file_is_read_again);
	tcase_add_test(tc, errors);
	suite_add_tcase(s, tc);
	return check_run(s);
}
