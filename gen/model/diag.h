/*
 * diag.h: diagnostics in the form compilers use, "file:line:col: error: msg".
 *
 * Every stage reports problems in a def through here, so all messages share
 * one format that editors and CI logs recognise.  diag only prints: it
 * keeps no count.  Whoever reports an error also returns it (a -1, a NULL,
 * a count of errors in the caller's own context, as check_layout() and
 * load_layout() do), so what a caller does next follows from what the call
 * returned, which a reader and a static analyser can both see; a command
 * that was returned an error exits 1 and writes nothing.
 *
 * By default messages go to stderr.  diag_capture() sends them to a buffer
 * instead (unit tests assert exact messages with it).
 */
#ifndef REGDEFGEN_DIAG_H
#define REGDEFGEN_DIAG_H

#include "model/model.h"
#include "base/strbuf.h"

void diag_error(struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void diag_warning(struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error about a file as a whole ("file: error: msg"), or none. */
void diag_file_error(const char *file, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Send messages to sb (borrowed) instead of stderr; NULL restores stderr. */
void diag_capture(struct strbuf *sb);

#endif
