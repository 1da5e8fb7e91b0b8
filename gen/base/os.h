/*
 * os.h: what regdefgen asks of the operating system in more than one
 * place, done one way: a monotonic clock for deadlines (the RSP client's
 * reply timeouts, import's python3 run) and a fresh private temporary
 * folder (import's scratch files).
 */
#ifndef REGDEFGEN_OS_H
#define REGDEFGEN_OS_H

#include "base/strbuf.h"

/* Milliseconds on CLOCK_MONOTONIC: deadlines never jump with the wall
 * clock.  Only differences mean anything. */
long long now_ms(void);

/* Creates a new folder $TMPDIR/PREFIX.XXXXXX (TMPDIR unset or empty:
 * /tmp), mode 0700, and appends its path to dir.  Returns 0, or -1 with
 * errno saying why; dir then holds the path that was tried, for the
 * caller's message.  The caller removes the folder. */
int make_temp_dir(struct strbuf *dir, const char *prefix);

#endif
