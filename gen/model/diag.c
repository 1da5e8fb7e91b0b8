/*
 * diag.c: compiler-style diagnostics (see diag.h).
 */
#include "model/diag.h"

#include <stdarg.h>
#include <stdio.h>

static struct strbuf *capture;

static void emit(const char *file, int line, int col, const char *kind,
		 const char *fmt, va_list ap) __attribute__((format(printf, 5, 0)));
static void emit(const char *file, int line, int col, const char *kind,
		 const char *fmt, va_list ap)
{
	struct strbuf sb = STRBUF_INIT;

	if (file && line > 0)
		strbuf_addf(&sb, "%s:%d:%d: ", file, line, col);
	else if (file)
		strbuf_addf(&sb, "%s: ", file);
	else
		strbuf_addstr(&sb, "regdefgen: ");
	strbuf_addf(&sb, "%s: ", kind);
	{
		/* whatever a message quotes (a key, a path, a parser's text), no
		 * control byte reaches the terminal raw: ESC could drive it, a
		 * newline would forge a second diagnostic */
		struct strbuf msg = STRBUF_INIT;
		size_t i;

		strbuf_vaddf(&msg, fmt, ap);
		for (i = 0; i < msg.len; i++) {
			unsigned char c = (unsigned char)msg.buf[i];
			if (c < 0x20 || c == 0x7f)
				strbuf_addf(&sb, "\\x%02x", c);
			else
				strbuf_addch(&sb, (char)c);
		}
		strbuf_release(&msg);
	}
	strbuf_addch(&sb, '\n');
	if (capture)
		strbuf_add(capture, sb.buf, sb.len);
	else
		fputs(sb.buf, stderr);
	strbuf_release(&sb);
}

void diag_error(struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(pos.file, pos.line, pos.col, "error", fmt, ap);
	va_end(ap);
}

void diag_warning(struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(pos.file, pos.line, pos.col, "warning", fmt, ap);
	va_end(ap);
}

void diag_file_error(const char *file, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	emit(file, 0, 0, "error", fmt, ap);
	va_end(ap);
}

void diag_capture(struct strbuf *sb)
{
	capture = sb;
}
