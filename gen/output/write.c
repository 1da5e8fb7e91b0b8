/*
 * write.c: atomic, change-only file writes (see write.h).
 *
 * write_file_atomic() is a batch of one file.  A batch writes each
 * temporary as it is added and starts writing it to disk (on Linux,
 * sync_file_range()); the commit then fsyncs them all before renaming
 * any.  By then their data is on its way, so the first fsync's journal
 * commit covers the other files too and the rest cost almost nothing,
 * where an fsync right after each write cost a commit per file.
 */
#ifdef __linux__
#define _GNU_SOURCE /* sync_file_range() */
#endif
#include "output/write.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/diag.h"
#include "base/strbuf.h"

/* One file of a batch. */
struct staged_file {
	char *path;
	char *tmp;   /* the staged content; NULL if nothing is staged */
};

static void note_dir(struct write_batch *batch, const char *dir)
{
	size_t n = batch->ndirs;

	/* capacity doubles at each power of two */
	if (!(n & (n - 1)))
		batch->made_dirs = xrealloc(batch->made_dirs,
					    (n ? 2 * n : 1) * sizeof(char *));
	batch->made_dirs[batch->ndirs++] = xstrdup(dir);
}

/* mkdir -p, noting each folder it creates in batch (if not NULL). */
static int make_dirs_noting(const char *dir, struct write_batch *batch)
{
	char *p, *s;
	int rc = 0;

	/* the common cases first: the folder is there, or only it is missing */
	if (!mkdir(dir, 0777)) {
		if (batch)
			note_dir(batch, dir);
		return 0;
	}
	if (errno == EEXIST)
		return 0;
	p = xstrdup(dir);

	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (!mkdir(p, 0777)) {
				if (batch)
					note_dir(batch, p);
			} else if (errno != EEXIST) {
				diag_file_error(p, "cannot create folder: %s", strerror(errno));
				rc = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return rc;
}

int make_dirs(const char *dir)
{
	return make_dirs_noting(dir, NULL);
}

/* 1 if path holds exactly data. */
static int same_content(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "rb");
	char buf[65536];
	size_t n, at = 0;
	int same = 1;

	if (!f)
		return 0;
	while (same && (n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (at + n > len || memcmp(buf, data + at, n))
			same = 0;
		at += n;
	}
	if (ferror(f) || at != len)
		same = 0;
	fclose(f);
	return same;
}

static int write_all(int fd, const char *data, size_t len)
{
	while (len) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Writes data, flushed to disk, to a new temporary file beside path and
 * returns its name (free() it), or NULL after reporting. */
static char *write_temporary(const char *path, const char *data, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, e;

	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		diag_file_error(path, "cannot create a temporary file: %s", strerror(errno));
		strbuf_release(&tmp);
		return NULL;
	}
	if (write_all(fd, data, len) || fchmod(fd, 0644)) {
		e = errno;
		close(fd);
		goto fail;
	}
#ifdef __linux__
	/* only a hint: write_batch_commit() fsyncs */
	sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
	if (close(fd)) {
		e = errno;
		goto fail;
	}
	return strbuf_detach(&tmp, NULL);
fail:
	unlink(tmp.buf);
	diag_file_error(path, "cannot write: %s", strerror(e));
	strbuf_release(&tmp);
	return NULL;
}

/* Removes what is staged for f, if anything. */
static void unstage(struct staged_file *f)
{
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
}

/*
 * Removes what a killed run left beside path: temporaries of our own
 * pattern (path + ".tmp" + mkstemp's six characters).  A killed run never
 * leaves a half-written output, only such a file, and this is where the
 * next run tidies it away.
 */
static void remove_stale_temporaries(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		if (strlen(e->d_name) == n + 10 && !strncmp(e->d_name, base, n) &&
		    !strncmp(e->d_name + n, ".tmp", 4)) {
			struct strbuf stale = STRBUF_INIT;
			strbuf_addf(&stale, "%s/%s", dir, e->d_name);
			unlink(stale.buf);
			strbuf_release(&stale);
		}
	}
	if (d)
		closedir(d);
	free(dir);
}

enum write_result write_batch_add(struct write_batch *batch, const char *path,
				  const char *data, size_t len)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct staged_file *f = NULL;
	size_t i;

	if (strmap_get(&batch->paths, path, &i)) {
		f = &batch->files[i];
		unstage(f);
	}
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs_noting(dir, batch)) {
			free(dir);
			return WRITE_FAILED;
		}
	}
	free(dir);
	remove_stale_temporaries(path);
	if (same_content(path, data, len))
		return WRITE_UNCHANGED;
	if (!f) {
		if (batch->n == batch->alloc) {
			batch->alloc = batch->alloc ? 2 * batch->alloc : 8;
			batch->files = xrealloc(batch->files,
						batch->alloc * sizeof(*batch->files));
		}
		f = &batch->files[batch->n];
		f->path = xstrdup(path);
		f->tmp = NULL;
		strmap_add(&batch->paths, f->path, batch->n++, NULL);
	}
	f->tmp = write_temporary(path, data, len);
	return f->tmp ? WRITE_CHANGED : WRITE_FAILED;
}

static void release(struct write_batch *batch)
{
	size_t i;

	for (i = 0; i < batch->n; i++) {
		free(batch->files[i].path);
		free(batch->files[i].tmp);
	}
	for (i = 0; i < batch->ndirs; i++)
		free(batch->made_dirs[i]);
	free(batch->files);
	free(batch->made_dirs);
	strmap_clear(&batch->paths);
	memset(batch, 0, sizeof(*batch));
}

/* Flushes the staged temporary of f to disk; reports and returns -1 if
 * that fails. */
static int flush_staged(const struct staged_file *f)
{
	int fd = open(f->tmp, O_RDONLY), e;

	if (fd >= 0 && !fsync(fd) && !close(fd))
		return 0;
	e = errno;
	if (fd >= 0)
		close(fd);
	diag_file_error(f->path, "cannot write: %s", strerror(e));
	return -1;
}

/* 1 if paths a and b are in the same folder. */
static int same_folder(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t na = sa ? (size_t)(sa - a) : 0, nb = sb ? (size_t)(sb - b) : 0;

	return na == nb && !strncmp(a, b, na);
}

/* fsync()s the folder holding path; best effort (some file systems refuse). */
static void flush_folder(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	int fd = open(*dir ? dir : "/", O_RDONLY | O_DIRECTORY);

	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	free(dir);
}

int write_batch_commit(struct write_batch *batch)
{
	int rc = 0;
	size_t i;

	/* every file on disk before any is renamed: all new files, or none */
	for (i = 0; i < batch->n; i++)
		if (batch->files[i].tmp && flush_staged(&batch->files[i]))
			rc = -1;
	if (rc) {
		write_batch_abort(batch);
		return -1;
	}
	for (i = 0; i < batch->n; i++) {
		struct staged_file *f = &batch->files[i];

		if (f->tmp && rename(f->tmp, f->path)) {
			diag_file_error(f->path, "cannot write: %s", strerror(errno));
			unlink(f->tmp);
			rc = -1;
		}
	}
	/* the renames themselves survive a crash once their folders are flushed */
	for (i = 0; i < batch->n; i++)
		if (batch->files[i].tmp && (i == 0 || !same_folder(batch->files[i - 1].path,
								  batch->files[i].path)))
			flush_folder(batch->files[i].path);
	release(batch);
	return rc;
}

void write_batch_abort(struct write_batch *batch)
{
	size_t i;

	for (i = 0; i < batch->n; i++)
		unstage(&batch->files[i]);
	/* children before parents; only folders left empty go */
	for (i = batch->ndirs; i-- > 0;)
		rmdir(batch->made_dirs[i]);
	release(batch);
}

enum write_result write_file_atomic(const char *path, const char *data, size_t len)
{
	struct write_batch batch = WRITE_BATCH_INIT;
	enum write_result wr = write_batch_add(&batch, path, data, len);

	if (write_batch_commit(&batch))
		return WRITE_FAILED;
	return wr;
}
