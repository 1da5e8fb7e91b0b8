/*
 * os.c: the monotonic clock and temporary folders of base/os.h.
 */
#include "base/os.h"

#include <stdlib.h>
#include <time.h>

long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int make_temp_dir(struct strbuf *dir, const char *prefix)
{
	const char *tmpdir = getenv("TMPDIR");

	strbuf_addf(dir, "%s/%s.XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp", prefix);
	return mkdtemp(dir->buf) ? 0 : -1;
}
