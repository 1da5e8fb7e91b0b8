/*
 * parse-options.c: the table-driven command-line parser (parse-options.h).
 *
 * Options and operands may be mixed ("generate x86_64 -o out"), as with
 * git; "--" ends the options and "-" alone is an operand (standard input
 * by convention).  Long options must be spelled whole: an abbreviation
 * that is unique today would break a script when an option is added.
 */
#include <stdarg.h>
#include <string.h>

#include "base/parse-options.h"
#include "base/strbuf.h"

#define SYNOPSIS_WIDTH 80

/* Prints "CMD: MESSAGE\n" and the usage to err. */
static int vusage_error_to(FILE *err, const struct option *opts, const struct usage *u,
			   const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
static int vusage_error_to(FILE *err, const struct option *opts, const struct usage *u,
			   const char *fmt, va_list ap)
{
	if (fmt) {
		fprintf(err, "%s: ", u->cmd);
		vfprintf(err, fmt, ap);
		fputc('\n', err);
	}
	usage_with_options(err, opts, u);
	return PARSE_USAGE;
}

static int usage_error_to(FILE *err, const struct option *opts, const struct usage *u,
			  const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int usage_error_to(FILE *err, const struct option *opts, const struct usage *u,
			  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage_error_to(err, opts, u, fmt, ap);
	va_end(ap);
	return PARSE_USAGE;
}

int usage_error(const struct option *opts, const struct usage *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vusage_error_to(stderr, opts, u, fmt, ap);
	va_end(ap);
	return PARSE_EXIT_USAGE;
}

/* Gives opt its argument arg (NULL for a flag); spelled is how the user
 * wrote the option, for messages.  Returns 0 or PARSE_USAGE. */
static int apply(FILE *err, const struct option *opts, const struct usage *u,
		 const struct option *opt, const char *spelled, const char *arg)
{
	const char *want;

	switch (opt->type) {
	case OPT_FLAG:
		*(int *)opt->value = 1;
		return 0;
	case OPT_STRING:
	case OPT_CALLBACK:
		if ((opt->flags & OPT_NONEMPTY) && !*arg)
			return usage_error_to(err, opts, u, "'%s' needs a non-empty argument", spelled);
		if (opt->type == OPT_STRING) {
			*(const char **)opt->value = arg;
			return 0;
		}
		want = opt->cb(opt->value, arg);
		if (want)
			return usage_error_to(err, opts, u, "%s is %s, not '%s'", spelled, want, arg);
		return 0;
	case OPT_END:
		break;
	}
	return usage_error_to(err, opts, u, "'%s' is not a usable option", spelled);
}

/* The option of the table named name (long, up to len bytes), or NULL. */
static const struct option *find_long(const struct option *opts, const char *name, size_t len)
{
	for (; opts->type != OPT_END; opts++)
		if (opts->long_name && strlen(opts->long_name) == len &&
		    !strncmp(opts->long_name, name, len))
			return opts;
	return NULL;
}

static const struct option *find_short(const struct option *opts, char c)
{
	for (; opts->type != OPT_END; opts++)
		if (opts->short_name && opts->short_name == c)
			return opts;
	return NULL;
}

/* Parses the option argv[*i] (starting with '-', not "-" or "--"), taking
 * its argument from the next word when it needs one.  Returns 0,
 * PARSE_HELP or PARSE_USAGE. */
static int parse_one(FILE *out, FILE *err, int argc, char **argv, int *i,
		     const struct option *opts, const struct usage *u)
{
	const char *a = argv[*i], *arg = NULL;
	const struct option *opt;
	char spelled[3] = { '-', 0, 0 };
	const char *name = spelled;
	struct strbuf lname = STRBUF_INIT;
	int rc;

	if (a[1] == '-') {
		const char *eq = strchr(a + 2, '=');
		size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);

		strbuf_add(&lname, a, len + 2);
		name = lname.buf;
		if (len == 4 && !strncmp(a + 2, "help", 4) && !eq) {
			strbuf_release(&lname);
			usage_with_options(out, opts, u);
			return PARSE_HELP;
		}
		opt = find_long(opts, a + 2, len);
		if (!opt) {
			rc = usage_error_to(err, opts, u, "unknown option '%s'", name);
			strbuf_release(&lname);
			return rc;
		}
		if (eq && opt->type == OPT_FLAG) {
			rc = usage_error_to(err, opts, u, "'%s' takes no argument", name);
			strbuf_release(&lname);
			return rc;
		}
		if (eq)
			arg = eq + 1;
	} else {
		spelled[1] = a[1];
		if (a[1] == 'h' && !a[2]) {
			usage_with_options(out, opts, u);
			return PARSE_HELP;
		}
		opt = find_short(opts, a[1]);
		if (!opt)
			return usage_error_to(err, opts, u, "unknown option '%s'", spelled);
		if (a[2] && opt->type == OPT_FLAG)
			return usage_error_to(err, opts, u, "'%s' takes no argument", spelled);
		if (a[2])
			arg = a + 2;
	}
	if (opt->type != OPT_FLAG && !arg) {
		if (*i + 1 >= argc) {
			rc = usage_error_to(err, opts, u, "'%s' needs an argument", name);
			strbuf_release(&lname);
			return rc;
		}
		arg = argv[++*i];
	}
	rc = apply(err, opts, u, opt, name, arg);
	strbuf_release(&lname);
	return rc;
}

int parse_options_to(FILE *out, FILE *err, int argc, char **argv,
		     const struct option *opts, const struct usage *u)
{
	int i, n = 0, only_operands = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int rc;

		if (only_operands || a[0] != '-' || !a[1]) {
			argv[n++] = argv[i]; /* n < i: never overwrites what is unread */
			continue;
		}
		if (!strcmp(a, "--")) {
			only_operands = 1;
			continue;
		}
		rc = parse_one(out, err, argc, argv, &i, opts, u);
		if (rc)
			return rc;
	}
	return n;
}

int parse_options(int argc, char **argv, const struct option *opts,
		  const struct usage *u)
{
	return parse_options_to(stdout, stderr, argc, argv, opts, u);
}

/* "-o, --output ARG" or "--format text|json" or "--strict". */
static void option_spec(struct strbuf *sb, const struct option *o, int synopsis)
{
	if (o->short_name && (!synopsis || !o->long_name))
		strbuf_addf(sb, "-%c", o->short_name);
	if (o->short_name && o->long_name && !synopsis)
		strbuf_addstr(sb, ", ");
	if (o->long_name)
		strbuf_addf(sb, "--%s", o->long_name);
	if (o->type != OPT_FLAG)
		strbuf_addf(sb, " %s", o->argh ? o->argh : "ARG");
}

/* The synopsis: "usage: CMD [OPTION]... OPERANDS", wrapped under CMD. */
static void print_synopsis(FILE *f, const struct option *opts, const struct usage *u)
{
	struct strbuf line = STRBUF_INIT, item = STRBUF_INIT;
	size_t indent;
	const struct option *o;

	strbuf_addf(&line, "usage: %s", u->cmd);
	indent = line.len;
	for (o = opts; ; o++) {
		strbuf_reset(&item);
		if (o->type != OPT_END) {
			strbuf_addch(&item, '[');
			option_spec(&item, o, 1);
			strbuf_addch(&item, ']');
		} else if (u->operands && *u->operands) {
			strbuf_addstr(&item, u->operands);
		}
		if (item.len && line.len + 1 + item.len > SYNOPSIS_WIDTH && line.len > indent) {
			fprintf(f, "%s\n", line.buf);
			strbuf_reset(&line);
			strbuf_addf(&line, "%*s", (int)indent, "");
		}
		if (item.len)
			strbuf_addf(&line, " %s", item.buf);
		if (o->type == OPT_END)
			break;
	}
	fprintf(f, "%s\n", line.buf);
	strbuf_release(&line);
	strbuf_release(&item);
}

void usage_with_options(FILE *f, const struct option *opts, const struct usage *u)
{
	struct strbuf spec = STRBUF_INIT;
	size_t width = 0;
	const struct option *o;

	print_synopsis(f, opts, u);
	if (u->text)
		fprintf(f, "\n%s", u->text);
	for (o = opts; o->type != OPT_END; o++) {
		strbuf_reset(&spec);
		option_spec(&spec, o, 0);
		if (spec.len > width)
			width = spec.len;
	}
	if (opts->type != OPT_END)
		fputc('\n', f);
	for (o = opts; o->type != OPT_END; o++) {
		const char *h = o->help ? o->help : "", *nl;

		strbuf_reset(&spec);
		option_spec(&spec, o, 0);
		fprintf(f, "  %-*s  ", (int)width, spec.buf);
		/* continuation lines of the help line up under its first */
		while ((nl = strchr(h, '\n'))) {
			fprintf(f, "%.*s\n%*s", (int)(nl - h), h, (int)width + 4, "");
			h = nl + 1;
		}
		fprintf(f, "%s\n", h);
	}
	if (u->footer)
		fprintf(f, "\n%s", u->footer);
	strbuf_release(&spec);
}
