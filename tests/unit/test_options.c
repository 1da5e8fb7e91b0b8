/*
 * test_options.c: unit tests of the command-line parser every subcommand
 * uses (gen/base/parse-options.c).
 *
 * Every spelling of an option (--opt=value, --opt value, -ovalue, -o value),
 * flags, "--" and "-" as operands, operands mixed with options and kept in
 * order, -h/--help (usage on stdout, nothing on stderr), and each usage
 * error's exact message on stderr with the generated usage after it; the
 * usage text generated from the table, byte for byte.
 *
 * Usage: test_options (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/parse-options.h"

static const struct usage usage = {
	"regdefgen t", "IN...", "Text.\n", "Exit status: 0.\n",
};

struct vals {
	const char *out, *dep;
	int flag, json;
};

static const char *cb_format(void *v, const char *arg)
{
	if (strcmp(arg, "json") && strcmp(arg, "text"))
		return "text or json";
	*(int *)v = !strcmp(arg, "json");
	return NULL;
}

/* Runs the parser on the NULL-terminated words (argv[0] = "t"); returns
 * what it returned, with its stdout and stderr in *out and *err. */
static int run(struct vals *v, char ***argvp, char **out, char **err, ...)
{
	const struct option opts[] = {
		{ OPT_STRING, 'o', "output", "DIR", "where", &v->out, OPT_NONEMPTY, NULL },
		{ OPT_STRING, 0, "depfile", "FILE", "deps\nsecond line", &v->dep, 0, NULL },
		{ OPT_FLAG, 's', "strict", NULL, "strict", &v->flag, 0, NULL },
		{ OPT_CALLBACK, 0, "format", "text|json", "fmt", &v->json, 0, cb_format },
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};
	static char *argv[32];
	size_t olen, elen;
	FILE *fo = open_memstream(out, &olen), *fe = open_memstream(err, &elen);
	va_list ap;
	int argc = 1, rc;

	assert_non_null(fo);
	assert_non_null(fe);
	memset(v, 0, sizeof(*v));
	argv[0] = (char *)"t";
	va_start(ap, err);
	while ((argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	rc = parse_options_to(fo, fe, argc, argv, opts, &usage);
	fclose(fo);
	fclose(fe);
	*argvp = argv;
	return rc;
}

static void spellings(void **state)
{
	struct vals v;
	char **argv, *out, *err;
	int n;

	(void)state;
	n = run(&v, &argv, &out, &err, "a", "--output=x", "b", "--depfile", "d.d",
		"--strict", "--format=json", (char *)NULL);
	assert_int_equal(n, 2);
	assert_string_equal(argv[0], "a");
	assert_string_equal(argv[1], "b");
	assert_string_equal(v.out, "x");
	assert_string_equal(v.dep, "d.d");
	assert_int_equal(v.flag, 1);
	assert_int_equal(v.json, 1);
	assert_string_equal(out, "");
	assert_string_equal(err, "");
	free(out), free(err);

	n = run(&v, &argv, &out, &err, "-oy", "-s", "--format", "text", (char *)NULL);
	assert_int_equal(n, 0);
	assert_string_equal(v.out, "y");
	assert_int_equal(v.flag, 1);
	assert_int_equal(v.json, 0);
	free(out), free(err);

	n = run(&v, &argv, &out, &err, "-o", "z", "--output", "w", (char *)NULL);
	assert_int_equal(n, 0);
	assert_string_equal(v.out, "w"); /* the last one wins */
	free(out), free(err);

	/* negative control: without options nothing is set */
	n = run(&v, &argv, &out, &err, "in", (char *)NULL);
	assert_int_equal(n, 1);
	assert_null(v.out);
	assert_int_equal(v.flag, 0);
	free(out), free(err);
}

static void operands(void **state)
{
	struct vals v;
	char **argv, *out, *err;
	int n;

	(void)state;
	n = run(&v, &argv, &out, &err, "-", "--", "-o", "--strict", "--", (char *)NULL);
	assert_int_equal(n, 4);
	assert_string_equal(argv[0], "-");
	assert_string_equal(argv[1], "-o");
	assert_string_equal(argv[2], "--strict");
	assert_string_equal(argv[3], "--");
	assert_null(v.out);
	assert_int_equal(v.flag, 0);
	free(out), free(err);
}

static void help(void **state)
{
	struct vals v;
	char **argv, *out, *err;
	static const char want[] =
		"usage: regdefgen t [--output DIR] [--depfile FILE] [--strict]\n"
		"                   [--format text|json] IN...\n"
		"\n"
		"Text.\n"
		"\n"
		"  -o, --output DIR    where\n"
		"  --depfile FILE      deps\n"
		"                      second line\n"
		"  -s, --strict        strict\n"
		"  --format text|json  fmt\n"
		"\n"
		"Exit status: 0.\n";

	(void)state;
	assert_int_equal(run(&v, &argv, &out, &err, "x", "--help", "--bogus", (char *)NULL), PARSE_HELP);
	assert_string_equal(out, want);
	assert_string_equal(err, "");
	free(out), free(err);
	assert_int_equal(run(&v, &argv, &out, &err, "-h", (char *)NULL), PARSE_HELP);
	assert_string_equal(out, want);
	free(out), free(err);
	assert_int_equal(parse_options_exit(PARSE_HELP), 0);
	assert_int_equal(parse_options_exit(PARSE_USAGE), 2);
}

/* The words must be a usage error whose first stderr line is first. */
#define USAGE_ERROR(first, ...) do { \
	struct vals v; char **argv, *out, *err; \
	assert_int_equal(run(&v, &argv, &out, &err, __VA_ARGS__, (char *)NULL), PARSE_USAGE); \
	assert_string_equal(out, ""); \
	assert_true(!strncmp(err, first "\nusage: regdefgen t [", strlen(first) + 21)); \
	free(out), free(err); \
} while (0)

static void usage_errors(void **state)
{
	(void)state;
	USAGE_ERROR("regdefgen t: unknown option '--bogus'", "--bogus");
	USAGE_ERROR("regdefgen t: unknown option '--bogus'", "--bogus=1");
	USAGE_ERROR("regdefgen t: unknown option '-x'", "-x");
	USAGE_ERROR("regdefgen t: unknown option '-x'", "-xyz");
	USAGE_ERROR("regdefgen t: '-o' needs an argument", "-o");
	USAGE_ERROR("regdefgen t: '--depfile' needs an argument", "a", "--depfile");
	USAGE_ERROR("regdefgen t: '--output' needs a non-empty argument", "--output=");
	USAGE_ERROR("regdefgen t: '-o' needs a non-empty argument", "-o", "");
	USAGE_ERROR("regdefgen t: '--strict' takes no argument", "--strict=1");
	USAGE_ERROR("regdefgen t: '-s' takes no argument", "-sv");
	USAGE_ERROR("regdefgen t: --format is text or json, not 'yaml'", "--format=yaml");
	USAGE_ERROR("regdefgen t: --format is text or json, not ''", "--format", "");
	/* no abbreviations: a unique prefix today is ambiguous tomorrow */
	USAGE_ERROR("regdefgen t: unknown option '--out'", "--out=x");
	USAGE_ERROR("regdefgen t: unknown option '--help'", "--help=1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spellings),
		cmocka_unit_test(operands),
		cmocka_unit_test(help),
		cmocka_unit_test(usage_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
