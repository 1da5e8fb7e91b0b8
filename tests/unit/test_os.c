/*
 * test_os.c: unit tests of the shared helpers of gen/base/os.c and
 * ends_with() (gen/base/strbuf.c), which replaced the copies in rsp.c,
 * import-lldb.c, render.c, layout-source.c and cmd-import.c.
 *
 * now_ms() advances with real time (a 30 ms sleep reads 30 to 2000 ms);
 * make_temp_dir() makes a new mode-0700 folder under $TMPDIR named
 * PREFIX.XXXXXX, /tmp when TMPDIR is unset or empty, a different one each
 * call, and fails with ENOENT (the path tried left for the message) when
 * $TMPDIR does not exist; ends_with() on the suffix cases render.c and
 * layout-source.c rely on.
 *
 * Usage: test_os (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/os.h"

static void test_now_ms_advances(void **state)
{
	struct timespec d = { 0, 30 * 1000000L };
	long long t0, t1;

	(void)state;
	t0 = now_ms();
	assert_int_equal(nanosleep(&d, NULL), 0);
	t1 = now_ms();
	assert_true(t1 - t0 >= 30);
	assert_true(t1 - t0 < 2000);
}

static void test_temp_dir_under_tmpdir(void **state)
{
	char base[] = "/tmp/regdefgen-test-os.XXXXXX";
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	struct stat st;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(base));
	assert_int_equal(setenv("TMPDIR", base, 1), 0);
	assert_int_equal(make_temp_dir(&a, "regdefgen-x"), 0);
	assert_int_equal(make_temp_dir(&b, "regdefgen-x"), 0);
	n = strlen(base);
	assert_memory_equal(a.buf, base, n);
	assert_int_equal(strncmp(a.buf + n, "/regdefgen-x.", 13), 0);
	assert_int_equal(strlen(a.buf + n), strlen("/regdefgen-x.XXXXXX"));
	assert_string_not_equal(a.buf, b.buf);
	assert_int_equal(stat(a.buf, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0700);
	assert_int_equal(rmdir(a.buf), 0);
	assert_int_equal(rmdir(b.buf), 0);
	assert_int_equal(rmdir(base), 0);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_temp_dir_default_tmp(void **state)
{
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	assert_int_equal(setenv("TMPDIR", "", 1), 0);
	assert_int_equal(make_temp_dir(&a, "regdefgen-x"), 0);
	assert_int_equal(strncmp(a.buf, "/tmp/regdefgen-x.", 17), 0);
	assert_int_equal(unsetenv("TMPDIR"), 0);
	assert_int_equal(make_temp_dir(&b, "regdefgen-x"), 0);
	assert_int_equal(strncmp(b.buf, "/tmp/regdefgen-x.", 17), 0);
	assert_int_equal(rmdir(a.buf), 0);
	assert_int_equal(rmdir(b.buf), 0);
	strbuf_release(&a);
	strbuf_release(&b);
}

static void test_temp_dir_missing_tmpdir(void **state)
{
	struct strbuf a = STRBUF_INIT;

	(void)state;
	assert_int_equal(setenv("TMPDIR", "/nonexistent-regdefgen-test", 1), 0);
	errno = 0;
	assert_int_equal(make_temp_dir(&a, "p"), -1);
	assert_int_equal(errno, ENOENT);
	/* the path tried, for the caller's message */
	assert_int_equal(strncmp(a.buf, "/nonexistent-regdefgen-test/p.", 30), 0);
	assert_int_equal(unsetenv("TMPDIR"), 0);
	strbuf_release(&a);
}

static void test_ends_with(void **state)
{
	(void)state;
	assert_int_equal(ends_with("out/target.xml", ".xml"), 1);
	assert_int_equal(ends_with("x86_64_target_definition.py", ".py"), 1);
	assert_int_equal(ends_with("xml", ".xml"), 0);         /* shorter than the suffix */
	assert_int_equal(ends_with("a.xml.py", ".xml"), 0);    /* only at the end */
	assert_int_equal(ends_with("a.XML", ".xml"), 0);       /* case matters */
	assert_int_equal(ends_with("anything", ""), 1);
	assert_int_equal(ends_with("", ""), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_now_ms_advances),
		cmocka_unit_test(test_temp_dir_under_tmpdir),
		cmocka_unit_test(test_temp_dir_default_tmp),
		cmocka_unit_test(test_temp_dir_missing_tmpdir),
		cmocka_unit_test(test_ends_with),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
