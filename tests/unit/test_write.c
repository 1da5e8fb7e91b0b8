/*
 * test_write.c: unit tests of write_file_atomic(), the streamed writes of
 * a batch and make_dirs() (gen/output/write.c).
 *
 * The promises of write.h: folders are created as needed; content that
 * would not change leaves the file alone (same inode, same timestamps); new
 * content replaces the file by a rename (a new inode, so a reader holding
 * the old file keeps seeing the whole old content); no temporary file is
 * left behind, on success or failure; a folder that cannot be written gives
 * an error through diag.h and leaves nothing.  And write_scratch_file()
 * (gen/base/strbuf.c): the bytes written, and a failing close (/dev/full)
 * reported once with ENOSPC, the FILE closed once (ASan and valgrind runs
 * of this test catch a second fclose).
 *
 * Usage: test_write (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "model/diag.h"
#include "base/strbuf.h"
#include "output/write.h"

struct fixture {
	char dir[64];
	struct strbuf diags;
};

static int remove_entry(const char *path, const struct stat *st, int flag,
			struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int setup(void **state)
{
	struct fixture *fx = xcalloc(1, sizeof(*fx));

	strcpy(fx->dir, "/tmp/regdefgen-test_write.XXXXXX");
	if (!mkdtemp(fx->dir)) {
		free(fx);
		return -1;
	}
	diag_capture(&fx->diags);
	*state = fx;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *fx = *state;

	diag_capture(NULL);
	chmod(fx->dir, 0700);
	nftw(fx->dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	strbuf_release(&fx->diags);
	free(fx);
	return 0;
}

static char *path_of(const struct fixture *fx, const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", fx->dir, name);
	return strbuf_detach(&sb, NULL);
}

/* The whole content of path (which must exist); free() it. */
static char *slurp(const char *path, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	assert_int_equal(ferror(f), 0);
	fclose(f);
	return strbuf_detach(&sb, len);
}

static void assert_content(const char *path, const char *data, size_t len)
{
	size_t n;
	char *got = slurp(path, &n);

	assert_int_equal(n, len);
	assert_memory_equal(got, data, len);
	free(got);
}

/* The names in folder dir, sorted and joined with spaces. */
static char *listing(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[64];
	size_t n = 0, i, j;
	struct strbuf sb = STRBUF_INIT;
	char *result;

	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		assert_true(n < 64);
		names[n++] = xstrdup(e->d_name);
	}
	closedir(d);
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (i = 0; i < n; i++) {
		strbuf_addf(&sb, "%s%s", i ? " " : "", names[i]);
		free(names[i]);
	}
	result = xstrdup(strbuf_str(&sb));
	strbuf_release(&sb);
	return result;
}

static void assert_listing(const struct fixture *fx, const char *sub,
			   const char *expected)
{
	char *dir = path_of(fx, sub);
	char *got = listing(dir);

	assert_string_equal(got, expected);
	free(got);
	free(dir);
}

/* Puts path's timestamps in the past so a rewrite would show. */
static void age(const char *path)
{
	struct timespec times[2] = { { 1000000000, 0 }, { 1000000000, 0 } };

	assert_int_equal(utimensat(AT_FDCWD, path, times, 0), 0);
}

static int same_time(struct timespec a, struct timespec b)
{
	return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

/* ---- tests ---- */

static void test_creates_folders(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "a/b/c/x_regs.h");
	struct stat st;

	assert_int_equal(write_file_atomic(path, "hello\n", 6), WRITE_CHANGED);
	assert_content(path, "hello\n", 6);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_listing(fx, "", "a");
	assert_listing(fx, "a/b", "c");
	assert_listing(fx, "a/b/c", "x_regs.h");
	assert_int_equal(fx->diags.len, 0);
	free(path);
}

static void test_make_dirs(void **state)
{
	struct fixture *fx = *state;
	char *dir = path_of(fx, "p/q/r");
	struct stat st;

	assert_int_equal(make_dirs(dir), 0);
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* existing folders are fine */
	assert_int_equal(make_dirs(dir), 0);
	assert_int_equal(make_dirs(fx->dir), 0);
	assert_int_equal(fx->diags.len, 0);
	free(dir);
}

static void test_unchanged_content_untouched(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "out/target.xml");
	char *dir = path_of(fx, "out");
	static const char text[] = "<target/>\n";
	struct stat before, after, dir_before, dir_after;

	assert_int_equal(write_file_atomic(path, text, sizeof(text) - 1), WRITE_CHANGED);
	age(path);
	age(dir);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(stat(dir, &dir_before), 0);

	assert_int_equal(write_file_atomic(path, text, sizeof(text) - 1), WRITE_UNCHANGED);

	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(stat(dir, &dir_after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_true(same_time(after.st_mtim, before.st_mtim));
	assert_true(same_time(after.st_ctim, before.st_ctim));
	/* not even a temporary file came and went */
	assert_true(same_time(dir_after.st_mtim, dir_before.st_mtim));
	assert_content(path, text, sizeof(text) - 1);
	assert_listing(fx, "out", "target.xml");
	assert_int_equal(fx->diags.len, 0);
	free(path);
	free(dir);
}

static void test_changed_content_renamed_over(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "out/x.py");
	struct stat before, after;
	int fd;
	char old[8] = { 0 };

	assert_int_equal(write_file_atomic(path, "old\n", 4), WRITE_CHANGED);
	age(path);
	assert_int_equal(stat(path, &before), 0);
	/* a reader that has the old file open */
	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);

	assert_int_equal(write_file_atomic(path, "new content\n", 12), WRITE_CHANGED);

	assert_int_equal(stat(path, &after), 0);
	assert_int_not_equal(after.st_ino, before.st_ino);
	assert_false(same_time(after.st_mtim, before.st_mtim));
	assert_int_equal(after.st_mode & 0777, 0644);
	assert_content(path, "new content\n", 12);
	/* ... still reads the whole old content */
	assert_int_equal(read(fd, old, sizeof(old)), 4);
	assert_memory_equal(old, "old\n", 4);
	close(fd);
	assert_listing(fx, "out", "x.py");
	assert_int_equal(fx->diags.len, 0);
	free(path);
}

static void test_prefix_and_empty_content(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "f.h");
	static const char nul[] = "a\0b";

	/* shorter, longer and empty content are all changes */
	assert_int_equal(write_file_atomic(path, "abcdef", 6), WRITE_CHANGED);
	assert_int_equal(write_file_atomic(path, "abc", 3), WRITE_CHANGED);
	assert_content(path, "abc", 3);
	assert_int_equal(write_file_atomic(path, "abcdef", 6), WRITE_CHANGED);
	assert_content(path, "abcdef", 6);
	assert_int_equal(write_file_atomic(path, "", 0), WRITE_CHANGED);
	assert_content(path, "", 0);
	assert_int_equal(write_file_atomic(path, "", 0), WRITE_UNCHANGED);
	/* content is bytes, NUL included */
	assert_int_equal(write_file_atomic(path, nul, 3), WRITE_CHANGED);
	assert_content(path, nul, 3);
	assert_int_equal(write_file_atomic(path, nul, 3), WRITE_UNCHANGED);
	assert_int_equal(write_file_atomic(path, "a", 1), WRITE_CHANGED);
	assert_listing(fx, "", "f.h");
	assert_int_equal(fx->diags.len, 0);
	free(path);
}

static void test_no_folder_in_path(void **state)
{
	struct fixture *fx = *state;
	char cwd[4096];

	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(fx->dir), 0);
	assert_int_equal(write_file_atomic("plain.txt", "x", 1), WRITE_CHANGED);
	assert_int_equal(write_file_atomic("plain.txt", "x", 1), WRITE_UNCHANGED);
	assert_int_equal(chdir(cwd), 0);
	assert_listing(fx, "", "plain.txt");
	assert_int_equal(fx->diags.len, 0);
}

/*
 * Runs write_file_atomic(path, "data", 4) in a child that cannot write
 * folder ro: as root (who writes anywhere) it first becomes "nobody".
 * Returns the result and fills msg with the captured diagnostics.
 */
static int write_as_unprivileged(const char *path, char *msg, size_t size)
{
	int fds[2];
	pid_t pid;
	ssize_t n;
	size_t got = 0;
	int status;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct strbuf diags = STRBUF_INIT;
		int rc;

		close(fds[0]);
		if (geteuid() == 0 && (setgid(65534) || setuid(65534)))
			_exit(100);
		diag_capture(&diags);
		rc = write_file_atomic(path, "data", 4);
		diag_capture(NULL);
		if (write(fds[1], strbuf_str(&diags), diags.len) != (ssize_t)diags.len)
			_exit(101);
		/* one message, an error */
		_exit(rc == WRITE_FAILED ? (strstr(strbuf_str(&diags), ": error: ") &&
					    strchr(strbuf_str(&diags), '\n') ==
					    strbuf_str(&diags) + diags.len - 1 ? 0 : 102) : 103);
	}
	close(fds[1]);
	while (got + 1 < size && (n = read(fds[0], msg + got, size - 1 - got)) > 0)
		got += (size_t)n;
	msg[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void test_read_only_folder(void **state)
{
	struct fixture *fx = *state;
	char *dir = path_of(fx, "ro");
	char *path = path_of(fx, "ro/x_regs.h");
	char *sub = path_of(fx, "ro/deeper/x_regs.h");
	char msg[1024];
	struct strbuf want = STRBUF_INIT;
	int rc;

	assert_int_equal(mkdir(dir, 0777), 0);
	assert_int_equal(chmod(fx->dir, 0755), 0); /* let "nobody" in */
	assert_int_equal(chmod(dir, 0555), 0);

	rc = write_as_unprivileged(path, msg, sizeof(msg));
	if (rc == 100)
		skip(); /* root that cannot drop its privileges */
	assert_int_equal(rc, 0);
	strbuf_addf(&want, "%s: error: cannot create a temporary file: Permission denied\n", path);
	assert_string_equal(msg, want.buf);
	assert_listing(fx, "ro", "");

	/* a folder that would have to be created there */
	rc = write_as_unprivileged(sub, msg, sizeof(msg));
	assert_int_equal(rc, 0);
	strbuf_reset(&want);
	strbuf_addf(&want, "%s/ro/deeper: error: cannot create folder: Permission denied\n",
		    fx->dir);
	assert_string_equal(msg, want.buf);
	assert_listing(fx, "ro", "");

	strbuf_release(&want);
	free(sub);
	free(path);
	free(dir);
}

static void test_failure_leaves_old_file(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "keep/target.xml");
	char *dir = path_of(fx, "keep");
	char msg[1024];
	struct strbuf want = STRBUF_INIT;
	int rc;

	assert_int_equal(write_file_atomic(path, "old\n", 4), WRITE_CHANGED);
	assert_int_equal(chmod(fx->dir, 0755), 0);
	assert_int_equal(chmod(dir, 0555), 0);
	rc = write_as_unprivileged(path, msg, sizeof(msg));
	if (rc == 100)
		skip();
	assert_int_equal(rc, 0);
	strbuf_addf(&want, "%s: error: cannot create a temporary file: Permission denied\n", path);
	assert_string_equal(msg, want.buf);
	assert_content(path, "old\n", 4);
	assert_listing(fx, "keep", "target.xml");
	strbuf_release(&want);
	free(dir);
	free(path);
}

static void test_not_a_folder(void **state)
{
	struct fixture *fx = *state;
	char *file = path_of(fx, "file");
	char *path = path_of(fx, "file/x.h");

	/* a path through a regular file fails, whoever runs it */
	assert_int_equal(write_file_atomic(file, "f", 1), WRITE_CHANGED);
	assert_int_equal(write_file_atomic(path, "data", 4), WRITE_FAILED);
	assert_non_null(strstr(strbuf_str(&fx->diags), ": error: "));
	assert_non_null(strstr(strbuf_str(&fx->diags), "Not a directory"));
	assert_content(file, "f", 1);
	assert_listing(fx, "", "file");
	free(path);
	free(file);
}

static void test_scratch_file(void **state)
{
	struct fixture *fx = *state;
	char *file = path_of(fx, "scratch"), *missing = path_of(fx, "no/such/folder/x");

	assert_int_equal(write_scratch_file(file, "abc\n", 4), 0);
	assert_content(file, "abc\n", 4);
	/* the write is buffered: only fclose sees the full disk */
	errno = 0;
	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(write_scratch_file("/dev/full", "abc", 3), -1);
		assert_int_equal(errno, ENOSPC);
	} else {
		print_message("SKIP part: no writable /dev/full\n");
	}
	errno = 0;
	assert_int_equal(write_scratch_file(missing, "a", 1), -1);
	assert_int_equal(errno, ENOENT);
	free(missing);
	free(file);
}

/* Streams the pieces into path (write_batch_open/write_stream_add/
 * write_batch_close, committed unless discard) and returns what the close
 * said. */
static enum write_result stream_pieces(const char *path, const char *const *pieces,
				       int discard)
{
	struct write_batch batch = WRITE_BATCH_INIT;
	struct write_stream ws;
	enum write_result wr;

	assert_int_equal(write_batch_open(&batch, path, &ws), 0);
	for (; *pieces; pieces++)
		assert_int_equal(write_stream_add(&ws, *pieces, strlen(*pieces)), 0);
	wr = write_batch_close(&batch, &ws, discard);
	if (discard)
		write_batch_abort(&batch);
	else
		assert_int_equal(write_batch_commit(&batch), 0);
	return wr;
}

static void test_streamed(void **state)
{
	struct fixture *fx = *state;
	char *path = path_of(fx, "out/s.h");
	char *dir = path_of(fx, "out");
	static const char *const whole[] = { "first line\n", "second ", "line\n", NULL };
	static const char *const prefix[] = { "first line\n", "sec", NULL };
	static const char *const second_differs[] = { "first line\n", "second LINE\n", NULL };
	static const char *const longer[] = { "first line\n", "second line\n", "third\n", NULL };
	struct stat before, after, dir_before, dir_after;

	assert_int_equal(stream_pieces(path, whole, 0), WRITE_CHANGED);
	assert_content(path, "first line\nsecond line\n", 23);

	/* the same bytes in other pieces: untouched, not even a temporary */
	age(path);
	age(dir);
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(stat(dir, &dir_before), 0);
	{
		static const char *const other_cut[] = { "first", " line\nsecond line", "\n", NULL };
		assert_int_equal(stream_pieces(path, other_cut, 0), WRITE_UNCHANGED);
	}
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(stat(dir, &dir_after), 0);
	assert_int_equal(after.st_ino, before.st_ino);
	assert_true(same_time(after.st_mtim, before.st_mtim));
	assert_true(same_time(dir_after.st_mtim, dir_before.st_mtim));

	/* a difference after matching pieces: the matched bytes are copied */
	assert_int_equal(stream_pieces(path, second_differs, 0), WRITE_CHANGED);
	assert_content(path, "first line\nsecond LINE\n", 23);
	/* all pieces match but the old file goes on: a change */
	assert_int_equal(stream_pieces(path, prefix, 0), WRITE_CHANGED);
	assert_content(path, "first line\nsec", 14);
	/* the old file is a prefix of the new content */
	assert_int_equal(stream_pieces(path, longer, 0), WRITE_CHANGED);
	assert_content(path, "first line\nsecond line\nthird\n", 29);
	/* discarded: nothing staged, the old file stays */
	assert_int_equal(stream_pieces(path, whole, 1), WRITE_FAILED);
	assert_content(path, "first line\nsecond line\nthird\n", 29);
	assert_listing(fx, "out", "s.h");
	assert_int_equal(fx->diags.len, 0);
	free(path);
	free(dir);
}

static const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	T(test_creates_folders),
	T(test_make_dirs),
	T(test_unchanged_content_untouched),
	T(test_changed_content_renamed_over),
	T(test_prefix_and_empty_content),
	T(test_streamed),
	T(test_no_folder_in_path),
	T(test_read_only_folder),
	T(test_failure_leaves_old_file),
	T(test_not_a_folder),
	T(test_scratch_file),
#undef T
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
