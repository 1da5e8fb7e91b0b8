/*
 * write.h: pipeline stage 5, putting generated files on disk safely.
 *
 * A file is written to a temporary name in its own folder and renamed
 * over the old one, so a reader (or a build killed half-way)
 * sees either the whole old file or the whole new one.  A file whose content
 * would not change is not touched at all, so its timestamp stays and a
 * project's build does not redo work for nothing.
 *
 * A write batch does the same for many files in two phases, so outputs can
 * be written as soon as each is made and yet land all together:
 * write_batch_add() puts each file in its temporary (and the caller can
 * free the content; write_batch_open() lets it write the file as it makes
 * it instead of holding it whole), write_batch_commit() renames them all into
 * place, and write_batch_abort() removes the
 * temporaries, and the folders the batch created, leaving the disk as it
 * was.
 */
#ifndef REGDEFGEN_WRITE_H
#define REGDEFGEN_WRITE_H

#include <stddef.h>
#include <stdint.h>

#include "base/hashtab.h"

enum write_result { WRITE_FAILED = -1, WRITE_UNCHANGED = 0, WRITE_CHANGED = 1 };

/* Creates path's folder (and parents) if needed and writes data there as
 * described above.  Failures are reported through diag.h. */
enum write_result write_file_atomic(const char *path, const char *data, size_t len);

/* mkdir -p; returns 0 or reports and returns -1. */
int make_dirs(const char *dir);

struct write_batch {
	struct staged_file *files;
	size_t n;
	struct hashtab paths;   /* final path -> index in files */
	struct hashtab ids;     /* "DEV:INO/NAME" of each path's folder -> index */
	char **made_dirs;      /* folders the batch created, parents first */
	size_t ndirs;
	char **inputs;         /* files this run read, which it must not replace */
	size_t ninputs;
};

#define WRITE_BATCH_INIT { NULL, 0, HASHTAB_INIT(HASHTAB_STRINGS), HASHTAB_INIT(HASHTAB_STRINGS), NULL, 0, NULL, 0 }

/*
 * Names a file the run has read (a def, a part, a template, an imported
 * description): write_batch_commit() refuses to replace it, whatever path
 * names it (the check is by device and inode).
 */
void write_batch_add_input(struct write_batch *batch, const char *path);

/*
 * Stages data for path: creates path's folder (and parents) if needed and
 * writes data to a temporary file beside path; returns WRITE_CHANGED.  If
 * path already holds exactly data, stages nothing and returns
 * WRITE_UNCHANGED.  Refused (WRITE_FAILED, reported through diag.h): an
 * empty path, a path that exists and is not a regular file (nothing is
 * opened there, so a FIFO cannot block), and a path naming a file the
 * batch already has, by the same or another spelling.
 */
enum write_result write_batch_add(struct write_batch *batch, const char *path,
				  const char *data, size_t len);

/*
 * The same, streamed: write_batch_open() makes the checks above and opens
 * the temporary (-1 after reporting), write_stream_add() appends to it
 * (-1 once a write failed; reported by the close), and write_batch_close()
 * finishes it: WRITE_CHANGED, WRITE_UNCHANGED (what was written is what
 * path holds; the content is compared with the old file as it comes, and
 * the temporary made only once they differ, so an unchanged file leaves
 * its folder untouched and nothing is held or read twice), or
 * WRITE_FAILED (a write failed, reported; or discard was set, by a caller
 * that could not produce the content: nothing stays staged either way).
 */
struct write_stream {
	struct write_batch *batch;
	size_t index;  /* in batch->files */
	int fd;        /* the temporary; -1 while the content is the old file's */
	int old;       /* what path holds, until the temporary is made; or -1 */
	uint64_t same; /* bytes so far, all the old file's, while fd is -1 */
	int failed;    /* errno of the first failed write (-1: reported), or 0 */
};

int write_batch_open(struct write_batch *batch, const char *path,
		     struct write_stream *ws);
int write_stream_add(struct write_stream *ws, const char *data, size_t len);
enum write_result write_batch_close(struct write_batch *batch,
				    struct write_stream *ws, int discard);

/*
 * Where the system allows it (Linux's O_TMPFILE), staged content is first
 * a file with no name, which leaves its folder untouched until this names
 * it PATH.PID.tmpNNNNNN: call it once a unit of work (a layout's outputs)
 * has all been staged, so a failure before leaves no trace at all and the
 * run holds no descriptor per output.  write_batch_commit() settles what
 * is left.  Returns 0, or -1 after reporting (that file is no longer
 * staged).
 */
int write_batch_settle(struct write_batch *batch);

/* Checks that no path of the batch is one of its inputs, renames each
 * staged file to its path and releases the batch (nothing is fsync()ed:
 * see write.c).  Returns 0, or -1 after reporting: if a check fails,
 * nothing is renamed (as write_batch_abort()); a file that cannot
 * be renamed loses its temporary, and the others are still renamed. */
int write_batch_commit(struct write_batch *batch);

/* Removes every staged temporary and every folder the batch created, and
 * releases the batch. */
void write_batch_abort(struct write_batch *batch);

#endif
