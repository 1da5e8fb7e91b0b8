/*
 * diag.h: diagnostics in the form compilers use, "file:line:col: error: msg".
 *
 * Every stage reports problems in a def through here, so all messages share
 * one format that editors and CI logs recognise.  Errors are counted; a
 * command that saw any error exits 1 and writes nothing.
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

int diag_error_count(void);
int diag_warning_count(void);
void diag_reset(void);

/* Send messages to sb (borrowed) instead of stderr; NULL restores stderr. */
void diag_capture(struct strbuf *sb);

#endif
