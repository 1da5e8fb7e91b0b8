/*
 * strbuf.c: growable buffers and aborting allocators (see strbuf.h).
 */
#include "base/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void die_oom(void)
{
	fputs("regdefgen: fatal: out of memory\n", stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		die_oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die_oom();
	return p;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - sb->len - 1)
		die_oom();
	need = sb->len + extra + 1;
	if (need <= sb->alloc)
		return;
	if (sb->alloc > SIZE_MAX / 2)
		die_oom();
	sb->alloc = sb->alloc ? sb->alloc * 2 : 64;
	if (sb->alloc < need)
		sb->alloc = need;
	sb->buf = xrealloc(sb->buf, sb->alloc);
	sb->buf[sb->len] = '\0'; /* a fresh buffer holds "" */
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (!fmt) /* never; tells gcc's -fsanitize=undefined the format is set */
		abort();
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		die_oom();
	strbuf_grow(sb, (size_t)n);
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (!sb->buf)
		strbuf_grow(sb, 0);
	p = sb->buf;
	if (len)
		*len = sb->len;
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	return p;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

int write_scratch_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "w");
	int err = 0;

	if (!f)
		return -1;
	if (fwrite(data, 1, len, f) != len)
		err = errno ? errno : EIO;
	/* fclose releases f even when it fails: never call it twice */
	if (fclose(f) && !err)
		err = errno ? errno : EIO;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

enum read_result strbuf_read_file(struct strbuf *sb, const char *path, size_t max)
{
	struct stat st;
	ssize_t n;
	int fd, e;

	/*
	 * Only a regular file is read: a FIFO or a terminal would block a build
	 * forever and a device may never end.  stat() first, so a device is
	 * not even opened; O_NONBLOCK and fstat() again, so a path swapped
	 * for a FIFO in between cannot block either.
	 */
	if (stat(path, &st))
		return READ_CANNOT_OPEN;
	if (!S_ISREG(st.st_mode))
		return READ_NOT_REGULAR;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return READ_CANNOT_OPEN;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return READ_NOT_REGULAR;
	}
	/* a size known too large is refused before any memory is asked for */
	if ((uintmax_t)st.st_size > max) {
		close(fd);
		return READ_TOO_LARGE;
	}
	/* read in place: room for the whole file and one byte to see its end
	 * (an 18 MB def was read in 64 KiB pieces, each copied, the buffer
	 * doubling on the way) */
	strbuf_grow(sb, (size_t)st.st_size + 1);
	for (;;) {
		size_t room = sb->alloc - sb->len - 1;

		if (!room) { /* it grew since fstat() */
			strbuf_grow(sb, 65536);
			room = sb->alloc - sb->len - 1;
		}
		n = read(fd, sb->buf + sb->len, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (sb->len + (size_t)n > max) {
			close(fd);
			strbuf_release(sb);
			return READ_TOO_LARGE;
		}
		sb->len += (size_t)n;
		sb->buf[sb->len] = '\0';
	}
	if (n < 0) {
		e = errno;
		close(fd);
		strbuf_release(sb);
		errno = e;
		return READ_CANNOT_READ;
	}
	close(fd);
	return READ_OK;
}
