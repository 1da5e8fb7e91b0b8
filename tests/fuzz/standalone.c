/*
 * standalone.c: runs a fuzz harness without libFuzzer, for make check.
 *
 *   HARNESS FILE_OR_FOLDER...
 *
 * Calls LLVMFuzzerTestOneInput once on the content of each file given and
 * of each regular file in each folder given (not recursing).  Any crash,
 * sanitizer report or abort fails the run; a harness's -1 ("do not keep
 * this input") is fine.  Prints "N inputs" at the end.  With -v, names
 * each input before running it, so a crash shows which one it was.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int verbose;
static unsigned long count;

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL, *copy;
	size_t len = 0, alloc = 0, n;

	if (!f) {
		fprintf(stderr, "standalone: %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (alloc - len < 65536) {
			alloc = alloc ? alloc * 2 : 65536;
			buf = realloc(buf, alloc);
			if (!buf) {
				fprintf(stderr, "standalone: out of memory\n");
				exit(2);
			}
		}
		n = fread(buf + len, 1, alloc - len, f);
		if (!n)
			break;
		len += n;
	}
	if (ferror(f)) {
		fprintf(stderr, "standalone: %s: read error\n", path);
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	/* An exact-size copy, as libFuzzer gives, so overreads are caught. */
	copy = malloc(len ? len : 1);
	if (!copy) {
		fprintf(stderr, "standalone: out of memory\n");
		exit(2);
	}
	memcpy(copy, buf, len);
	free(buf);
	if (verbose)
		fprintf(stderr, "running %s (%zu bytes)\n", path, len);
	LLVMFuzzerTestOneInput(copy, len);
	free(copy);
	count++;
	return 0;
}

static int compare(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int run_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "standalone: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		char *path;
		struct stat st;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;

		if (e->d_name[0] == '.')
			continue;
		path = malloc(len);
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!path || !names) {
			fprintf(stderr, "standalone: out of memory\n");
			exit(2);
		}
		snprintf(path, len, "%s/%s", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode)) {
			free(path);
			continue;
		}
		names[n++] = path;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), compare);
	for (i = 0; i < n; i++) {
		if (run_file(names[i]))
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		struct stat st;

		if (!strcmp(argv[i], "-v")) {
			verbose = 1;
			continue;
		}
		if (stat(argv[i], &st)) {
			fprintf(stderr, "standalone: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		} else if (S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i])) {
			rc = 1;
		}
	}
	printf("%lu inputs\n", count);
	return rc;
}
