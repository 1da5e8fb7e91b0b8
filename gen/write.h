/*
 * write.h: pipeline stage 5, putting generated files on disk safely.
 *
 * A file is written to a temporary name in its own folder, flushed to disk,
 * and renamed over the old one, so a reader (or a build killed half-way)
 * sees either the whole old file or the whole new one.  A file whose content
 * would not change is not touched at all, so its timestamp stays and a
 * project's build does not redo work for nothing.
 */
#ifndef REGDEFGEN_WRITE_H
#define REGDEFGEN_WRITE_H

#include <stddef.h>

enum write_result { WRITE_FAILED = -1, WRITE_UNCHANGED = 0, WRITE_CHANGED = 1 };

/* Creates path's folder (and parents) if needed and writes data there as
 * described above.  Failures are reported through diag.h. */
enum write_result write_file_atomic(const char *path, const char *data, size_t len);

/* mkdir -p; returns 0 or reports and returns -1. */
int make_dirs(const char *dir);

#endif
