/*
 * parse-options.h: the one command-line parser every subcommand uses.
 *
 * A command describes its options in a table; the parser accepts them the
 * way git does (--name=value, --name value, -ovalue, -o value, flags, "--"
 * ending the options, -h/--help anywhere), reports every usage error in one
 * wording ("regdefgen CMD: ...", then the usage, exit status 2) and prints
 * the usage text, generated from the same table, so an option added to the
 * table is parsed, checked and documented at once.
 */
#ifndef REGDEFGEN_PARSE_OPTIONS_H
#define REGDEFGEN_PARSE_OPTIONS_H

#include <stdio.h>

enum opt_type {
	OPT_END = 0,  /* closes a table */
	OPT_FLAG,     /* no argument; sets *(int *)value to 1 */
	OPT_STRING,   /* an argument; sets *(const char **)value to it */
	OPT_CALLBACK, /* an argument, given to cb */
};

/* option.flags */
#define OPT_NONEMPTY 1 /* an empty argument is a usage error */

struct option {
	enum opt_type type;
	char short_name;       /* 0: none */
	const char *long_name; /* without "--"; NULL: none */
	const char *argh;      /* the argument's name in the usage text */
	const char *help;      /* may have several lines ('\n') */
	void *value;
	int flags;
	/* OPT_CALLBACK: stores arg in value; returns NULL, or what the
	 * argument must be ("text or json") for the usage error. */
	const char *(*cb)(void *value, const char *arg);
};

/* What the usage text says besides the options. */
struct usage {
	const char *cmd;      /* "regdefgen generate" */
	const char *operands; /* after the options in the synopsis: "DEF..." */
	const char *text;     /* between the synopsis and the options */
	const char *footer;   /* after the options: exit status */
};

#define PARSE_HELP (-1)  /* --help printed the usage on stdout: exit 0 */
#define PARSE_USAGE (-2) /* a usage error was printed: exit PARSE_EXIT_USAGE */
#define PARSE_EXIT_USAGE 2

/* Parses argv[1..argc) (argv[0] is the command's name).  Returns the number
 * of operands, moved in order to argv[0..n), or PARSE_HELP / PARSE_USAGE
 * after printing to out (help) or err (usage error). */
int parse_options_to(FILE *out, FILE *err, int argc, char **argv,
		     const struct option *opts, const struct usage *u);

/* parse_options_to(stdout, stderr, ...). */
int parse_options(int argc, char **argv, const struct option *opts,
		  const struct usage *u);

/* The exit status for what parse_options returned when it was negative. */
static inline int parse_options_exit(int n)
{
	return n == PARSE_HELP ? 0 : PARSE_EXIT_USAGE;
}

/* Writes the usage text generated from u and opts to f. */
void usage_with_options(FILE *f, const struct option *opts, const struct usage *u);

/* A usage error found after parsing (a missing or extra operand): prints
 * "CMD: MESSAGE" (when fmt is not NULL) and the usage to stderr; returns
 * PARSE_EXIT_USAGE. */
int usage_error(const struct option *opts, const struct usage *u, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
