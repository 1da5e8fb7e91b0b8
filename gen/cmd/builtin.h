/*
 * builtin.h: regdefgen's subcommands, one file each (cmd-NAME.c), called by
 * the dispatcher in main.c with argv[0] being the subcommand's name.
 *
 * Exit codes, for every subcommand: 0 success; 1 invalid input (a def that
 * does not check, layouts that differ); 2 usage errors (unknown option,
 * missing argument) and, for the commands that compare (diff, probe --def),
 * a side that cannot be read, as diff(1) does.
 */
#ifndef REGDEFGEN_BUILTIN_H
#define REGDEFGEN_BUILTIN_H

#include <stdio.h>

#include "base/parse-options.h"
#include "model/load.h"
#include "model/model.h"

#define EXIT_INVALID 1
#define EXIT_USAGE 2
#define EXIT_TROUBLE 2

int cmd_generate(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_probe(int argc, char **argv);
int cmd_list(int argc, char **argv);

/* Option callbacks (parse-options.h) shared by commands: --format text|json
 * into an int (1: json), --timeout SECONDS into an int of milliseconds. */
const char *opt_format(void *json, const char *arg);
const char *opt_timeout(void *timeout_ms, const char *arg);

/* The table entries of those two options. */
#define OPT_FORMAT(json, help) \
	{ OPT_CALLBACK, 0, "format", "text|json", help, json, 0, opt_format }
#define OPT_TIMEOUT(ms, help) \
	{ OPT_CALLBACK, 0, "timeout", "SECONDS", help, ms, 0, opt_timeout }

/* Prints "usage: ..." text to f (stdout for --help, stderr on error). */
void usage_to(FILE *f, const char *text);

/* The templates folder shipped with this regdefgen: beside the build tree
 * (templates/) or installed (share/regdefgen/templates).  Returns a new
 * string or NULL. */
char *default_templates_dir(void);

/* The shipped defs folder, found the same way (defs/ beside the build tree,
 * share/regdefgen/defs installed).  Returns a new string or NULL. */
char *default_defs_dir(void);

/* The def a command-line argument names: arg itself when it is an existing
 * file (a file in the current folder wins) or not a bare name, else the
 * shipped DEFS/arg.json when there is one, else arg (the loader then
 * reports it missing).  Returns a new string. */
char *resolve_def_arg(const char *arg);

#endif
