/*
 * tests/lint/bad.c: the negative control of "make lint": one flaw each
 * analyzer must report. If a tool stops finding these (missing, renamed
 * option, a flag that silences it), lint fails instead of passing on
 * gen/ vacuously. Never built into anything.
 */
#include <stdio.h>
#include <stdlib.h>

int lint_bad_null(int flag);
int lint_bad_fclose(const char *path);
int lint_bad_index(void);

/* scan-build: core.NullDereference */
int lint_bad_null(int flag)
{
	int *p = NULL;

	if (flag)
		p = malloc(sizeof(*p));
	return *p;
}

/* gcc -fanalyzer: -Wanalyzer-double-fclose */
int lint_bad_fclose(const char *path)
{
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	fclose(f);
	return fclose(f);
}

/* cppcheck (warning): arrayIndexOutOfBounds */
int lint_bad_index(void)
{
	int a[4] = { 0, 1, 2, 3 };
	int i = 4;

	return a[i];
}
