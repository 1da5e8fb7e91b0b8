/*
 * mustache.h: regdefgen's logic-less template engine (Mustache syntax).
 *
 * Pipeline stage "render": the view model (view.c) is a jansson tree; each
 * output file is one template rendered against it.  The engine implements
 * the core Mustache specification (interpolation, sections, inverted
 * sections, comments, partials, set delimiters) and nothing else: no
 * lambdas.  What an escaped tag ({{name}}) does to its value is the
 * caller's choice, so one engine serves XML, Python and C outputs, each
 * with the quoting its language needs.
 *
 * Ownership: the engine never takes ownership of its arguments; it appends
 * to `out` (a caller-owned strbuf) and borrows everything else.
 */
#ifndef REGDEFGEN_MUSTACHE_H
#define REGDEFGEN_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>

#include "strbuf.h"

/* Appends s[0..n) to out, quoted for the output language. */
typedef void (*mustache_escape_fn)(struct strbuf *out, const char *s, size_t n);

/* The spec's HTML escaping: & " < > become entities. */
void mustache_escape_html(struct strbuf *out, const char *s, size_t n);

/* Where and why a template could not be rendered. */
struct mustache_error {
	int line;          /* 1-based line in the template (or partial) */
	int column;        /* 1-based byte column */
	char message[256]; /* e.g. "unclosed section 'registers'" */
};

/*
 * Renders template tmpl (tmpl_len bytes, may contain any bytes) against
 * view.  partials is NULL or a JSON object mapping partial names to
 * template strings.  escape is used for {{name}} tags (NULL: no
 * escaping); {{{name}}} and {{&name}} are never escaped.  Interpolated
 * numbers are printed as JSON prints them (integers in decimal).
 *
 * Returns 0 and appends the result to out, or returns -1, fills err and
 * leaves out with unspecified partial content.  Malformed templates
 * (unclosed or mismatched sections, unclosed tags, bad delimiters) are
 * errors, never crashes.  Nesting of sections and partials is bounded so
 * hostile input cannot exhaust the stack.
 *
 * Details the spec leaves open:
 *  - Falsey are: missing names, null, false, [] and "".  Everything else,
 *    0 and {} included, is truthy.
 *  - Reals print as the shortest decimal that reads back the same (1.21,
 *    100.0, 1e20, 1.5e-7); true and false print as "true" and "false";
 *    interpolating an object or a list is an error.
 *  - The template and every partial it names are parsed before anything is
 *    rendered, so syntax errors do not depend on the data (a partial
 *    missing from partials renders as "", as the spec says).  In an error
 *    inside a partial, line and column are in that partial and the message
 *    starts with "in partial 'NAME': ".
 *  - Sections and partials may nest 100 deep in all; delimiters set with
 *    {{=a b=}} are at most 32 bytes and contain no '='.
 *  - A standalone partial's indentation is put before each non-blank line
 *    of its template text, not before lines inside interpolated values.
 */
int mustache_render(const char *tmpl, size_t tmpl_len, json_t *view,
		    json_t *partials, mustache_escape_fn escape,
		    struct strbuf *out, struct mustache_error *err);

#endif
