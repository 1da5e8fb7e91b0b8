/*
 * main.c: regdefgen's dispatcher.  It only finds the subcommand and hands
 * over; each subcommand lives in its own cmd-NAME.c (see builtin.h).
 */
#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd/builtin.h"
#include "model/check.h"
#include "model/diag.h"
#include "model/load.h"
#include "base/strbuf.h"
#include "base/version.h"
#include "remote/rsp.h"

static const char usage_text[] =
	"usage: regdefgen <command> [<args>]\n"
	"       regdefgen --help | --version\n"
	"\n"
	"Turns one JSON description of a register layout (a def) into the files\n"
	"debuggers and debug stubs need: an LLDB target definition file, a GDB\n"
	"target.xml and a C header.\n"
	"\n"
	"commands:\n"
	"  generate   write the LLDB, GDB and C files of layouts\n"
	"  check      validate layouts and write nothing\n"
	"  import     turn a GDB target.xml into a def\n"
	"  diff       compare two layouts (defs, target.xml, LLDB files, live stubs)\n"
	"  probe      read the register layout of a live GDB remote stub\n"
	"  list       list the installed layouts\n"
	"\n"
	"'regdefgen <command> --help' describes a command.\n"
	"Exit status: 0 success, 1 invalid input, 2 usage error.\n";

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
};

static const struct command commands[] = {
	{ "generate", cmd_generate },
	{ "check", cmd_check },
	{ "import", cmd_import },
	{ "diff", cmd_diff },
	{ "probe", cmd_probe },
	{ "list", cmd_list },
};

const char *opt_format(void *json, const char *arg)
{
	if (strcmp(arg, "json") && strcmp(arg, "text"))
		return "text or json";
	*(int *)json = !strcmp(arg, "json");
	return NULL;
}

const char *opt_timeout(void *timeout_ms, const char *arg)
{
	return rsp_parse_timeout_ms(arg, timeout_ms) ? "a number of seconds" : NULL;
}

void usage_to(FILE *f, const char *text)
{
	fputs(text, f);
}

static int is_dir(const char *path)
{
	struct stat st;
	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The folder NAME shipped with this regdefgen: beside the build tree
 * (build/regdefgen finds ../NAME) or installed (bin/regdefgen finds
 * ../share/regdefgen/NAME).  The executable's own path is the anchor, so a
 * relocated prefix keeps working. */
static char *shipped_dir(const char *name)
{
	/* the folders beside the executable's that hold NAME */
	static const char *const candidates[] = { "/../", "/../share/regdefgen/" };
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t i;

	if (n <= 0)
		return NULL;
	exe[n] = '\0';
	*strrchr(exe, '/') = '\0';
	for (i = 0; i < sizeof(candidates) / sizeof(candidates[0]); i++) {
		struct strbuf sb = STRBUF_INIT;
		char real[PATH_MAX];
		strbuf_addf(&sb, "%s%s%s", exe, candidates[i], name);
		/* a clean path, so depfiles name templates the way make does */
		if (is_dir(sb.buf) && realpath(sb.buf, real)) {
			strbuf_release(&sb);
			return xstrdup(real);
		}
		strbuf_release(&sb);
	}
	return NULL;
}

char *default_templates_dir(void)
{
	return shipped_dir("templates");
}

char *default_defs_dir(void)
{
	return shipped_dir("defs");
}

/* A layout name is what the shipped defs are called: letters, digits, '_',
 * '-' and '.', never a path. */
static int is_layout_name(const char *s)
{
	if (!*s || *s == '.')
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("_-.", *s))
			return 0;
	return 1;
}

char *resolve_def_arg(const char *arg)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	char *defs;

	/* a file of that name in the current folder wins over a shipped layout;
	 * a folder does not ("generate x86_64 -o ." makes ./x86_64/) */
	if ((!stat(arg, &st) && !S_ISDIR(st.st_mode)) || !is_layout_name(arg) ||
	    !(defs = default_defs_dir()))
		return xstrdup(arg);
	strbuf_addf(&sb, "%s/%s.json", defs, arg);
	free(defs);
	if (!stat(sb.buf, &st) && S_ISREG(st.st_mode))
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return xstrdup(arg);
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage_to(stderr, usage_text);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage_to(stdout, usage_text);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("regdefgen %s\n", REGDEFGEN_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "regdefgen: '%s' is not a regdefgen command\n\n", argv[1]);
	usage_to(stderr, usage_text);
	return EXIT_USAGE;
}
