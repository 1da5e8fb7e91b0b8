/*
 * write.c: atomic, change-only file writes (see write.h).
 *
 * write_file_atomic() is a batch of one file.  A batch writes each
 * temporary as it is made (whole, or streamed as it is rendered), compares
 * it with the old file on the way, and renames them all only at the
 * commit.  Nothing is fsync()ed: outputs are build products, made again
 * from their defs by the next run (a compiler does not flush its objects
 * either), and the rename alone gives what a reader and a killed run need,
 * the whole old file or the whole new one.  Flushing cost more than all
 * the rest together: 18 files took 19 to 190 ms on this project's machine
 * with the fsyncs, 12 ms without.
 */
#ifdef __linux__
#define _GNU_SOURCE /* O_TMPFILE */
#endif
#include "output/write.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/diag.h"
#include "base/strbuf.h"

/* One file of a batch. */
struct staged_file {
	char *path;
	char *tmp;   /* the staged content; NULL if nothing is staged */
	char *id;    /* its key in batch->ids (the map keeps the pointer); or NULL */
	int anon;    /* the staged content in a file with no name yet (O_TMPFILE)
		      * until write_batch_settle() names it tmp; or -1 */
};

static void note_dir(struct write_batch *batch, const char *dir)
{
	GROW_ARRAY(batch->made_dirs, batch->ndirs);
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

/* The mode of a new file: what open(..., 0666) would give, as the
 * compilers' outputs get (a copy of a private template stays private under
 * umask 077). */
static mode_t new_file_mode(void)
{
	static mode_t mode;
	static int known;

	/* umask can only be read by setting it: once a run, not twice a file */
	if (!known) {
		mode_t mask = umask(0);

		umask(mask);
		mode = 0666 & ~mask;
		known = 1;
	}
	return mode;
}

/* Creates a new temporary file beside path and returns its descriptor,
 * putting its name in tmp; -1 after reporting.  The name is
 * PATH.PID.tmpXXXXXX: unique (mkstemp), and it says which process owns it,
 * so another run writing the same outputs never takes it for a leftover
 * (remove_stale_temporaries()). */
static int create_temporary(const char *path, struct strbuf *tmp)
{
	int fd;

	strbuf_addf(tmp, "%s.%ld.tmpXXXXXX", path, (long)getpid());
	fd = mkstemp(tmp->buf);
	if (fd < 0)
		diag_file_error(path, "cannot create a temporary file: %s", strerror(errno));
	return fd;
}

/* Opens what path holds now, to compare the new content with as it is
 * written; -1 if it is not a regular file we can read (then the content
 * differs).  O_NONBLOCK: a FIFO put there after write_batch_open()'s check
 * must not block either. */
static int open_old(const char *path)
{
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	struct stat st;

	if (fd >= 0 && (fstat(fd, &st) || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Reads exactly len bytes of fd into buf; 0 on success, -1 on a short read
 * or an error. */
static int read_exactly(int fd, char *buf, size_t len)
{
	while (len) {
		ssize_t n = read(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* 1 if the next len bytes of the old file are data. */
static int old_continues(int old, const char *data, size_t len)
{
	char buf[65536];

	while (len) {
		size_t n = len < sizeof(buf) ? len : sizeof(buf);

		if (read_exactly(old, buf, n) || memcmp(buf, data, n))
			return 0;
		data += n;
		len -= n;
	}
	return 1;
}

/* 1 if the old file has nothing left (the new content was all of it). */
static int old_at_end(int old)
{
	char c;
	ssize_t n;

	while ((n = read(old, &c, 1)) < 0 && errno == EINTR)
		;
	return n == 0;
}

/* Removes what is staged for f, if anything. */
static void unstage(struct staged_file *f)
{
	if (f->tmp)
		unlink(f->tmp);
	free(f->tmp);
	f->tmp = NULL;
	if (f->anon >= 0)
		close(f->anon); /* a file with no name goes with its descriptor */
	f->anon = -1;
}

/*
 * Opens a file with no name in path's folder (Linux's O_TMPFILE): until
 * write_batch_settle() links it, the folder does not change, so a template
 * that fails half-way through a layout leaves no trace at all, not even a
 * temporary that came and went.  -1 where the system or the file system
 * has no such files (the caller then makes a named temporary).
 */
static int open_anonymous(const char *path)
{
#ifdef O_TMPFILE
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	int fd = open(*dir ? dir : "/", O_TMPFILE | O_WRONLY, 0600);

	free(dir);
	return fd;
#else
	(void)path;
	return -1;
#endif
}

/* Gives f's file with no name its temporary name (see create_temporary());
 * -1 after reporting. */
static int name_anonymous(struct staged_file *f)
{
	struct strbuf tmp = STRBUF_INIT, proc = STRBUF_INIT;
	unsigned attempt;
	int rc = -1, e = 0;

	strbuf_addf(&proc, "/proc/self/fd/%d", f->anon);
	/* the name says which process owns it; the suffix only has to be
	 * free (our own names are unique; a leftover of a dead process with
	 * our PID is left alone) */
	for (attempt = 0; attempt < 1000 && rc; attempt++) {
		strbuf_reset(&tmp);
		strbuf_addf(&tmp, "%s.%ld.tmp%06u", f->path, (long)getpid(),
			    (unsigned)((f->anon * 1000u + attempt) % 1000000u));
		rc = linkat(AT_FDCWD, proc.buf, AT_FDCWD, tmp.buf, AT_SYMLINK_FOLLOW);
		e = errno;
		if (rc && e != EEXIST)
			break;
	}
	strbuf_release(&proc);
	if (rc) {
		diag_file_error(f->path, "cannot write: %s", strerror(e));
		strbuf_release(&tmp);
		unstage(f);
		return -1;
	}
	close(f->anon);
	f->anon = -1;
	f->tmp = strbuf_detach(&tmp, NULL);
	return 0;
}

int write_batch_settle(struct write_batch *batch)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < batch->n; i++)
		if (batch->files[i].anon >= 0 && name_anonymous(&batch->files[i]))
			rc = -1;
	return rc;
}

/*
 * If name is one of our temporaries for an output named base
 * (base.PID.tmpXXXXXX), returns its PID, else 0.
 */
static long temporary_owner(const char *name, const char *base)
{
	size_t n = strlen(base);
	const char *p = name + n + 1, *digits = p;
	long pid = 0;

	if (strncmp(name, base, n) || name[n] != '.')
		return 0;
	while (*p >= '0' && *p <= '9' && p - digits < 10)
		pid = pid * 10 + (*p++ - '0');
	if (p == digits || strncmp(p, ".tmp", 4) || strlen(p + 4) != 6)
		return 0;
	return pid;
}

/*
 * Removes what a killed run left beside path: our temporaries whose owner
 * is provably dead (no process has its PID).  A live owner's temporary is
 * left alone (another run writing the same outputs, as a parallel make
 * does), and so is every file not named exactly as ours are (a user's
 * "target.xml.tmpbackup").  A PID reused since is only a leftover kept
 * until a later run.
 */
static void remove_stale_temporaries(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	const char *base = slash ? slash + 1 : path;
	DIR *d = opendir(*dir ? dir : "/");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		long pid = temporary_owner(e->d_name, base);

		if (pid > 0 && pid != (long)getpid() && kill((pid_t)pid, 0) &&
		    errno == ESRCH) {
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

void write_batch_add_input(struct write_batch *batch, const char *path)
{
	GROW_ARRAY(batch->inputs, batch->ninputs);
	batch->inputs[batch->ninputs++] = xstrdup(path);
}

/* Puts in key the identity of path's directory entry: the device and inode
 * of its folder and its last name, which two spellings of one path share
 * ("out/x", "./out/x", "out/../out/x").  Returns -1 if the folder cannot
 * be looked at (the write will then report why). */
static int entry_id(struct strbuf *key, const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : xstrdup(".");
	struct stat st;
	int rc = stat(*dir ? dir : "/", &st);

	if (!rc)
		strbuf_addf(key, "%ju:%ju/%s", (uintmax_t)st.st_dev,
			    (uintmax_t)st.st_ino, slash ? slash + 1 : path);
	free(dir);
	return rc ? -1 : 0;
}

/* 1 if this batch created folder dir. */
static int made_by(const struct write_batch *batch, const char *dir)
{
	size_t i;

	for (i = batch->ndirs; i-- > 0;)
		if (!strcmp(batch->made_dirs[i], dir))
			return 1;
	return 0;
}

int write_batch_open(struct write_batch *batch, const char *path,
		     struct write_stream *ws)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	struct strbuf key = STRBUF_INIT;
	struct staged_file *f;
	struct stat st;
	size_t i;
	int new_folder = 0;

	memset(ws, 0, sizeof(*ws));
	ws->fd = ws->old = -1;
	if (!*path || (slash && !slash[1])) {
		diag_file_error(path, "cannot write: not a file name");
		free(dir);
		return -1;
	}
	if (hashtab_get(&batch->paths, path, &i)) {
		diag_file_error(path, "cannot write: this run writes it twice");
		free(dir);
		return -1;
	}
	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs_noting(dir, batch)) {
			free(dir);
			return -1;
		}
		new_folder = made_by(batch, dir);
	}
	free(dir);
	/* only a regular file is ever read or replaced */
	if (!stat(path, &st) && !S_ISREG(st.st_mode)) {
		diag_file_error(path, "cannot write: %s", S_ISDIR(st.st_mode) ?
				"a folder is in the way" : "not a regular file");
		return -1;
	}
	if (!entry_id(&key, path) && hashtab_get(&batch->ids, key.buf, &i)) {
		assert(i < batch->n); /* ids holds the index of each staged file */
		diag_file_error(path, "cannot write: it is also %s, which this run writes",
				batch->files[i].path);
		strbuf_release(&key);
		return -1;
	}
	/* a folder this run made holds no leftovers */
	if (!new_folder)
		remove_stale_temporaries(path);
	GROW_ARRAY(batch->files, batch->n);
	/* every path is kept, unchanged ones too, for the checks of the commit */
	ws->batch = batch;
	ws->index = batch->n;
	f = &batch->files[batch->n];
	f->path = xstrdup(path);
	f->tmp = NULL;
	f->anon = -1;
	f->id = key.len ? strbuf_detach(&key, NULL) : NULL;
	strbuf_release(&key);
	if (f->id)
		hashtab_add(&batch->ids, f->id, batch->n, NULL);
	hashtab_add(&batch->paths, f->path, batch->n++, NULL);
	ws->old = open_old(path);
	return 0;
}

/*
 * Stages the content: creates the temporary and copies into it the first
 * ws->same bytes, which the old file holds too.  Until the content first
 * differs from the old file no temporary exists, so an unchanged file
 * makes not even a temporary come and go in its folder.
 */
static int start_temporary(struct write_stream *ws)
{
	struct staged_file *f = &ws->batch->files[ws->index];
	struct strbuf tmp = STRBUF_INIT;
	char buf[65536];
	uint64_t at = 0;

	ws->fd = f->anon = open_anonymous(f->path);
	if (ws->fd < 0)
		ws->fd = create_temporary(f->path, &tmp);
	if (ws->fd < 0) {
		strbuf_release(&tmp);
		ws->failed = -1; /* reported */
		return -1;
	}
	if (f->anon < 0)
		f->tmp = strbuf_detach(&tmp, NULL);
	while (at < ws->same) {
		size_t n = ws->same - at < sizeof(buf) ? (size_t)(ws->same - at) : sizeof(buf);
		ssize_t got = pread(ws->old, buf, n, (off_t)at);

		if (got < 0 && errno == EINTR)
			continue;
		/* got 0: the old file shrank under us */
		if (got <= 0 || write_all(ws->fd, buf, (size_t)got)) {
			ws->failed = got ? errno : EIO;
			return -1;
		}
		at += (uint64_t)got;
	}
	if (ws->old >= 0)
		close(ws->old);
	ws->old = -1;
	return 0;
}

int write_stream_add(struct write_stream *ws, const char *data, size_t len)
{
	if (ws->failed)
		return -1;
	if (ws->fd < 0 && ws->old >= 0 && old_continues(ws->old, data, len)) {
		ws->same += len;
		return 0;
	}
	if (ws->fd < 0 && start_temporary(ws))
		return -1;
	if (write_all(ws->fd, data, len)) {
		ws->failed = errno;
		return -1;
	}
	return 0;
}

enum write_result write_batch_close(struct write_batch *batch,
				    struct write_stream *ws, int discard)
{
	struct staged_file *f = &batch->files[ws->index];
	int e;

	/* the content so far is the old file's: is it all of it? */
	if (!ws->failed && !discard && ws->fd < 0 && ws->old >= 0 && old_at_end(ws->old)) {
		close(ws->old);
		ws->old = -1;
		return WRITE_UNCHANGED;
	}
	if (!ws->failed && !discard && ws->fd < 0)
		start_temporary(ws);
	e = ws->failed;
	if (ws->old >= 0)
		close(ws->old);
	if (!e && !discard && fchmod(ws->fd, new_file_mode()))
		e = errno;
	/* a file with no name lives on in its descriptor, until it is named */
	if (ws->fd >= 0 && ws->fd != f->anon && close(ws->fd) && !e)
		e = errno;
	ws->fd = ws->old = -1;
	if (e || discard) {
		unstage(f);
		if (e > 0)
			diag_file_error(f->path, "cannot write: %s", strerror(e));
		return WRITE_FAILED;
	}
	return WRITE_CHANGED;
}

enum write_result write_batch_add(struct write_batch *batch, const char *path,
				  const char *data, size_t len)
{
	struct write_stream ws;

	if (write_batch_open(batch, path, &ws))
		return WRITE_FAILED;
	write_stream_add(&ws, data, len);
	return write_batch_close(batch, &ws, 0);
}

/* Reports and returns -1 if some path of batch is one of its inputs.  Each
 * path is looked at once (a stat() per input for every output made a
 * regeneration of 18 outputs from 76 inputs cost 1,368 calls). */
static int check_not_inputs(const struct write_batch *batch)
{
	struct stat out, *in = NULL;
	size_t i, k;
	int rc = 0, *found = NULL, inputs_known = 0;

	for (i = 0; i < batch->n; i++) {
		if (stat(batch->files[i].path, &out))
			continue; /* a new file cannot be an input */
		if (!inputs_known) {
			in = xcalloc(batch->ninputs ? batch->ninputs : 1, sizeof(*in));
			found = xcalloc(batch->ninputs ? batch->ninputs : 1, sizeof(*found));
			for (k = 0; k < batch->ninputs; k++)
				found[k] = !stat(batch->inputs[k], &in[k]);
			inputs_known = 1;
		}
		for (k = 0; k < batch->ninputs; k++) {
			if (found[k] && in[k].st_dev == out.st_dev && in[k].st_ino == out.st_ino) {
				diag_file_error(batch->files[i].path,
						"refusing to write: it is %s, an input of this run",
						batch->inputs[k]);
				rc = -1;
				break;
			}
		}
	}
	free(in);
	free(found);
	return rc;
}

static void release(struct write_batch *batch)
{
	size_t i;

	for (i = 0; i < batch->n; i++) {
		free(batch->files[i].path);
		free(batch->files[i].tmp);
		free(batch->files[i].id);
		if (batch->files[i].anon >= 0)
			close(batch->files[i].anon);
	}
	for (i = 0; i < batch->ndirs; i++)
		free(batch->made_dirs[i]);
	for (i = 0; i < batch->ninputs; i++)
		free(batch->inputs[i]);
	free(batch->files);
	free(batch->made_dirs);
	free(batch->inputs);
	hashtab_clear(&batch->paths);
	hashtab_clear(&batch->ids);
	memset(batch, 0, sizeof(*batch));
}

int write_batch_commit(struct write_batch *batch)
{
	int rc = 0;
	size_t i;

	/* every check before any file is renamed: all new files, or none */
	rc = write_batch_settle(batch);
	rc |= check_not_inputs(batch);
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
