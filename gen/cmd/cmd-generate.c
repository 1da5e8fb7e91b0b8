/*
 * cmd-generate.c: "regdefgen generate", the whole pipeline
 * (load -> check -> view -> render -> write) for one or more defs.
 *
 * All defs are loaded and checked before anything is rendered, so an
 * invalid def leaves the output folder exactly as it was.  Then each def's
 * outputs are rendered into temporary files beside their final names
 * (write.h), streamed as they are made, so no output is held whole (but
 * target.xml, which the others embed); only when every def has rendered
 * are the temporaries renamed into place.  A broken template
 * removes them instead (a template that fails on the first def touches
 * nothing at all).  A file whose content would not change is not touched.
 * --depfile records every input read, for make.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "cmd/builtin.h"
#include "model/diag.h"
#include "output/render.h"
#include "base/strbuf.h"
#include "base/hashtab.h"
#include "model/runcheck.h"
#include "output/view.h"
#include "output/write.h"

static const struct usage usage = {
	"regdefgen generate", "DEF...",
	"Each DEF is a def file, or the name of a shipped layout ('regdefgen list');\n"
	"a file of that name in the current folder wins.\n"
	"For each layout NAME (IDENT is NAME with '-' turned into '_'), writes into\n"
	"OUTDIR/NAME/ one file per template in the templates folder; the shipped\n"
	"templates make:\n"
	"  IDENT_target_definition.py  LLDB target definition file\n"
	"  target.xml                  GDB target description\n"
	"  IDENT_regs.h                C header for stub writers\n",
	"Nothing is written unless every def is valid; unchanged files are not touched.\n"
	"Exit status: 0 success, 1 invalid def or template, 2 usage error.\n",
};

struct job {
	char *def; /* the def's path: the argument, or the shipped def it names */
	struct layout *layout;
	struct rendered_set rendered;
};

/*
 * Appends path to sb as GNU make reads it back in a rule: ' ', '#' and ':'
 * behind a backslash, '$' doubled, '%' behind a backslash in a target only
 * (there it would make a pattern rule; in a prerequisite make keeps the
 * backslash).  Other backslashes stay as they are.  What make cannot read
 * back as the same name is refused (-1, reported): control characters
 * (a newline ends the rule, a tab separates), '=' and ';' (a variable, a
 * recipe), wildcards and '(' ')' (globs, archive members), a leading '~',
 * and a backslash before a character make treats specially or at the end.
 */
static int add_make_path(struct strbuf *sb, const char *depfile, const char *path,
			 int is_target)
{
	const char *p;

	for (p = path; *p; p++) {
		unsigned char c = (unsigned char)*p;
		const char *why = NULL;

		if (c < 0x20 || c == 0x7f)
			why = "a control character";
		else if (strchr("=;*?[]()", c))
			why = "one of = ; * ? [ ] ( )";
		else if (c == '~' && p == path)
			why = "a leading '~'";
		else if (c == '\\' && (!p[1] || strchr(" \t#%:=\\;", p[1])))
			why = "a backslash before a special character or at the end";
		if (why) {
			diag_file_error(depfile, "cannot name '%s' in a make depfile: make cannot read %s in a file name",
					path, why);
			return -1;
		}
	}
	for (; *path; path++) {
		if (*path == ' ' || *path == '#' || *path == ':' || (is_target && *path == '%'))
			strbuf_addch(sb, '\\');
		if (*path == '$')
			strbuf_addch(sb, '$');
		strbuf_addch(sb, *path);
	}
	return 0;
}

/* Stages the depfile in batch, with the outputs, so that it lands with
 * them or, if anything fails, none of them does. */
static enum write_result stage_depfile(struct write_batch *batch, const char *depfile,
				       const char *outdir, struct job *jobs, int njobs)
{
	struct strbuf sb = STRBUF_INIT;
	int i, rc = 0;
	size_t k;
	enum write_result wr;

	for (i = 0; i < njobs; i++) {
		for (k = 0; k < jobs[i].rendered.n; k++) {
			struct strbuf path = STRBUF_INIT;
			strbuf_addf(&path, "%s/%s/%s", outdir, jobs[i].layout->name,
				    jobs[i].rendered.files[k].name);
			rc |= add_make_path(&sb, depfile, path.buf, 1);
			strbuf_addch(&sb, ' ');
			strbuf_release(&path);
		}
	}
	/* the depfile is a target too, so make can use it as the stamp */
	rc |= add_make_path(&sb, depfile, depfile, 1);
	strbuf_addch(&sb, ':');
	for (i = 0; i < njobs; i++) {
		for (k = 0; k < jobs[i].layout->nfiles; k++) {
			strbuf_addstr(&sb, " \\\n  ");
			rc |= add_make_path(&sb, depfile, jobs[i].layout->files[k], 0);
		}
		for (k = 0; k < jobs[i].rendered.ntemplates; k++) {
			strbuf_addstr(&sb, " \\\n  ");
			rc |= add_make_path(&sb, depfile, jobs[i].rendered.templates_read[k], 0);
		}
	}
	strbuf_addch(&sb, '\n');
	wr = rc ? WRITE_FAILED : write_batch_add(batch, depfile, sb.buf, sb.len);
	strbuf_release(&sb);
	return wr;
}

/* Every file the jobs read is an input the batch must not replace. */
static void add_inputs(struct write_batch *batch, struct job *jobs, int njobs)
{
	int i;
	size_t k;

	for (i = 0; i < njobs; i++) {
		for (k = 0; k < jobs[i].layout->nfiles; k++)
			write_batch_add_input(batch, jobs[i].layout->files[k]);
		for (k = 0; k < jobs[i].rendered.ntemplates; k++)
			write_batch_add_input(batch, jobs[i].rendered.templates_read[k]);
	}
}

int cmd_generate(int argc, char **argv)
{
	const char *outdir = "out", *depfile = NULL;
	char *templates = NULL;
	struct job *jobs;
	struct write_batch batch = WRITE_BATCH_INIT;
	struct run_check run = RUN_CHECK_INIT; /* rules over all the defs */
	int i, njobs = 0, rc = 0, failed = 0;
	enum write_result dep = WRITE_CHANGED;

	const char *templates_opt = NULL;
	const struct option opts[] = {
		{ OPT_STRING, 'o', NULL, "OUTDIR", "output folder (default: out)",
		  &outdir, OPT_NONEMPTY, NULL },
		{ OPT_STRING, 0, "templates", "DIR",
		  "render the templates in DIR instead of the shipped ones",
		  &templates_opt, OPT_NONEMPTY, NULL },
		{ OPT_STRING, 0, "depfile", "FILE",
		  "write a make depfile naming every def and template read",
		  &depfile, OPT_NONEMPTY, NULL },
		{ OPT_END, 0, NULL, NULL, NULL, NULL, 0, NULL },
	};
	int n = parse_options(argc, argv, opts, &usage);

	if (n < 0)
		return parse_options_exit(n);
	if (!n)
		return usage_error(opts, &usage, NULL);
	jobs = xcalloc((size_t)n, sizeof(*jobs));
	for (i = 0; i < n; i++)
		jobs[njobs++].def = resolve_def_arg(argv[i]);
	templates = templates_opt ? xstrdup(templates_opt) : NULL;
	if (!templates && !(templates = default_templates_dir())) {
		fprintf(stderr, "regdefgen generate: cannot find the shipped templates; use --templates DIR\n");
		for (i = 0; i < njobs; i++)
			free(jobs[i].def);
		free(jobs);
		return EXIT_USAGE;
	}

	/* load and check every def before rendering anything */
	for (i = 0; i < njobs; i++) {
		jobs[i].layout = load_checked_layout(jobs[i].def);
		/* what follows needs every layout; the others are still read,
		 * so one run reports every invalid def */
		if (!jobs[i].layout || run_check_add(&run, jobs[i].layout, jobs[i].def))
			failed = 1;
	}
	run_check_release(&run);
	for (i = 0; i < njobs && !failed; i++) {
		struct view *view = view_new(jobs[i].layout);
		struct strbuf dir = STRBUF_INIT;
		size_t k;

		strbuf_addf(&dir, "%s/%s", outdir, jobs[i].layout->name);
		/* a layout's outputs get their temporary names once all have
		 * rendered (write_batch_settle()) */
		/* XML from the user's templates is parsed, so a malformed one
		 * is an error here rather than in GDB; the shipped ones'
		 * output is proven by the tests (render.h) */
		if (render_layout_to(templates, jobs[i].layout->ident, view,
				     &jobs[i].rendered, &batch, dir.buf,
				     templates_opt != NULL) ||
		    write_batch_settle(&batch))
			failed = 1;
		strbuf_release(&dir);
		view_free(view); /* it borrows target.xml's text */
		for (k = 0; k < jobs[i].rendered.n; k++)
			strbuf_release(&jobs[i].rendered.files[k].text);
	}
	if (!failed) {
		add_inputs(&batch, jobs, njobs);
		if (depfile)
			dep = stage_depfile(&batch, depfile, outdir, jobs, njobs);
		if (dep == WRITE_FAILED)
			failed = 1;
	}
	if (failed) {
		write_batch_abort(&batch);
		rc = EXIT_INVALID;
		goto out;
	}
	if (write_batch_commit(&batch))
		rc = EXIT_INVALID;
	/* a depfile is always renewed, as a compiler's is, even if unchanged */
	if (rc == 0 && dep == WRITE_UNCHANGED && utimensat(AT_FDCWD, depfile, NULL, 0)) {
		diag_file_error(depfile, "cannot update: %s", strerror(errno));
		rc = EXIT_INVALID;
	}
out:
	for (i = 0; i < njobs; i++) {
		free(jobs[i].def);
		layout_free(jobs[i].layout);
		rendered_set_release(&jobs[i].rendered);
	}
	free(jobs);
	free(templates);
	return rc;
}
