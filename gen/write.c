/*
 * write.c: atomic, change-only file writes (see write.h).
 */
#include "write.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "diag.h"
#include "strbuf.h"

int make_dirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) && errno != EEXIST) {
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

enum write_result write_file_atomic(const char *path, const char *data, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int fd;

	if (slash && slash != dir) {
		*slash = '\0';
		if (make_dirs(dir)) {
			free(dir);
			return WRITE_FAILED;
		}
	}
	free(dir);
	if (same_content(path, data, len))
		return WRITE_UNCHANGED;

	strbuf_addf(&tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		diag_file_error(path, "cannot create a temporary file: %s", strerror(errno));
		strbuf_release(&tmp);
		return WRITE_FAILED;
	}
	if (write_all(fd, data, len) || fchmod(fd, 0644) || fsync(fd)) {
		int e = errno;
		close(fd);
		unlink(tmp.buf);
		diag_file_error(path, "cannot write: %s", strerror(e));
		strbuf_release(&tmp);
		return WRITE_FAILED;
	}
	if (close(fd) || rename(tmp.buf, path)) {
		int e = errno;
		unlink(tmp.buf);
		diag_file_error(path, "cannot write: %s", strerror(e));
		strbuf_release(&tmp);
		return WRITE_FAILED;
	}
	strbuf_release(&tmp);
	return WRITE_CHANGED;
}
