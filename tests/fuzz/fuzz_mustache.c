/*
 * fuzz_mustache.c: fuzz harness for the template engine, template and data
 * both fuzzed.
 *
 * Input: TEMPLATE NUL DATA [NUL PARTIALS], or TEMPLATE alone.
 *  - With a NUL: DATA is JSON (any value, not only objects; empty means {}),
 *    read through the engine's jansson adapter; PARTIALS a JSON object of
 *    partial name -> template (empty or absent: no partials).  Inputs whose
 *    JSON does not parse are ignored: jansson is not what is being fuzzed.
 *  - Without: the template is rendered against the real view (view.h) of
 *    the shipped defs/i386.json, target.xml lines included, as regdefgen
 *    renders its templates; so any name, dotted path or section a template
 *    can ask the view for is exercised.  The repository root is $FUZZ_ROOT,
 *    else the FUZZ_ROOT the harness was compiled with.
 * The escaper used for {{name}} is chosen by the template's length, so
 * every output language's quoting is exercised: none, HTML, XML, Python, C.
 *
 * Besides "no crash, no leak, no undefined behaviour", the harness checks
 * what mustache.h promises: a failed render returns -1 and fills err with a
 * 1-based line and column and a non-empty, terminated message; a
 * successful render is repeatable (the same input renders the same text).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "model/check.h"
#include "model/diag.h"
#include "model/load.h"
#include "output/mustache.h"
#include "output/render.h"
#include "base/strbuf.h"
#include "output/view.h"

#ifndef FUZZ_ROOT
#define FUZZ_ROOT "."
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A failed render must say where and why. */
static void check_result(int rc, const struct mustache_error *err)
{
	if (rc == 0)
		return;
	if (rc != -1 || err->line < 1 || err->column < 1 ||
	    !memchr(err->message, '\0', sizeof(err->message)) || !err->message[0]) {
		fprintf(stderr, "fuzz_mustache: rc %d, bad error report: line %d column %d\n",
			rc, err->line, err->column);
		abort();
	}
}

static json_t *parse(const char *s, size_t n, int *bad)
{
	json_error_t e;
	json_t *v;

	if (!n)
		return NULL;
	v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!v)
		*bad = 1;
	return v;
}

/* The view of defs/i386.json, made once and kept (with what it borrows)
 * for the life of the process; NULL if the def is not there. */
static struct view *shipped_view(void)
{
	static int ready;
	static struct view *view;
	static struct layout *layout;
	static struct rendered_set set;
	const char *root = getenv("FUZZ_ROOT");
	struct strbuf path = STRBUF_INIT, templates = STRBUF_INIT, msgs = STRBUF_INIT;
	int errors;

	if (ready)
		return view;
	ready = 1;
	if (!root || !*root)
		root = FUZZ_ROOT;
	strbuf_addf(&path, "%s/defs/i386.json", root);
	strbuf_addf(&templates, "%s/templates", root);
	diag_capture(&msgs);
	layout = load_layout(path.buf, &errors);
	if (!errors && !check_layout(layout)) {
		view = view_new(layout);
		/* gives the view its target_xml_lines */
		if (render_layout(templates.buf, layout->ident, view, &set))
			fprintf(stderr, "fuzz_mustache: %s does not render:\n%s", path.buf, msgs.buf);
	} else {
		fprintf(stderr, "fuzz_mustache: no view: %s does not load:\n%s",
			path.buf, msgs.buf ? msgs.buf : "");
	}
	diag_capture(NULL);
	strbuf_release(&msgs);
	strbuf_release(&path);
	strbuf_release(&templates);
	return view;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const mustache_escape_fn escapers[] = {
		NULL, mustache_escape_html, escape_xml, escape_python, escape_c,
	};
	const char *tmpl = (const char *)data, *end = tmpl + size;
	const char *d = NULL, *p = NULL;
	size_t tmpl_len, d_len = 0, p_len = 0;
	json_t *view, *partials;
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err;
	mustache_escape_fn escape;
	int bad = 0, rc;

	d = memchr(tmpl, '\0', size);
	tmpl_len = d ? (size_t)(d - tmpl) : size;
	if (d) {
		d++;
		p = memchr(d, '\0', (size_t)(end - d));
		d_len = p ? (size_t)(p - d) : (size_t)(end - d);
		if (p) {
			p++;
			p_len = (size_t)(end - p);
		}
	}
	escape = escapers[tmpl_len % (sizeof(escapers) / sizeof(escapers[0]))];
	if (!d) {
		struct view *v = shipped_view();
		struct mustache_value root;

		if (!v)
			return 0;
		root = view_root(v);
		memset(&err, 0x5a, sizeof(err));
		rc = mustache_render_value(tmpl, tmpl_len, &root, NULL, escape, &out, &err);
		check_result(rc, &err);
		strbuf_release(&out);
		return 0;
	}
	view = parse(d, d_len, &bad);
	partials = parse(p, p_len, &bad);
	if (bad) {
		json_decref(view);
		json_decref(partials);
		return -1; /* not worth keeping in the corpus */
	}
	if (!view)
		view = json_object();

	memset(&err, 0x5a, sizeof(err));
	rc = mustache_render(tmpl, tmpl_len, view, partials, escape, &out, &err);
	if (rc == 0) {
		struct strbuf again = STRBUF_INIT;

		if (mustache_render(tmpl, tmpl_len, view, partials, escape, &again, &err) ||
		    again.len != out.len || (out.len && memcmp(again.buf, out.buf, out.len))) {
			fprintf(stderr, "fuzz_mustache: two renders of the same input differ\n");
			abort();
		}
		strbuf_release(&again);
	} else {
		check_result(rc, &err);
	}
	strbuf_release(&out);
	json_decref(view);
	json_decref(partials);
	return 0;
}
