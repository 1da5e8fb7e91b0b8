/*
 * mustache.h: regdefgen's logic-less template engine (Mustache syntax).
 *
 * Pipeline stage "render": each output file is one template rendered
 * against the view model (view.c).  The engine implements the core
 * Mustache specification (interpolation, sections, inverted sections,
 * comments, partials, set delimiters) and nothing else: no lambdas.  What
 * an escaped tag ({{name}}) does to its value is the caller's choice, so
 * one engine serves XML, Python and C outputs, each with the quoting its
 * language needs.
 *
 * The engine reads its data through a small interface (struct
 * mustache_value and struct mustache_type) rather than a fixed tree, so a
 * view can compute each value when a template asks for it instead of
 * building every value up front.  mustache_json() adapts any jansson tree
 * to it; mustache_render() takes jansson data directly.
 *
 * Ownership: the engine never takes ownership of its arguments; it appends
 * to `out` (a caller-owned strbuf) and borrows everything else.
 */
#ifndef REGDEFGEN_MUSTACHE_H
#define REGDEFGEN_MUSTACHE_H

#include <jansson.h>
#include <stddef.h>
#include <string.h>

#include "base/strbuf.h"

/* What a value is to a template. */
enum mustache_kind {
	MUSTACHE_MISSING,	/* no such name (a lookup goes on outwards) */
	MUSTACHE_NULL,
	MUSTACHE_FALSE,
	MUSTACHE_TRUE,
	MUSTACHE_INTEGER,
	MUSTACHE_REAL,
	MUSTACHE_STRING,
	MUSTACHE_LIST,
	MUSTACHE_OBJECT,
};

struct mustache_value;

/*
 * How the engine reads the lists and objects of one kind of data.  Values
 * these return are borrowed: strings and nodes must stay valid until the
 * render returns.
 */
struct mustache_type {
	/* OBJECT: member name[0..len) (not NUL-terminated), or MISSING. */
	struct mustache_value (*member)(const struct mustache_value *object,
					const char *name, size_t len);
	/* LIST: the number of elements and element i (i < length). */
	size_t (*length)(const struct mustache_value *list);
	struct mustache_value (*element)(const struct mustache_value *list,
					 size_t i);
	/*
	 * Optional, for objects whose keys are those of their type: key()
	 * resolves a name to a handle (NULL if no object of this type has
	 * it), valid for every object of this type in the same render, and
	 * member_key() reads a member by handle.  The engine then resolves
	 * each tag name once per type, not at every lookup.
	 */
	const void *(*key)(const struct mustache_value *object,
			   const char *name, size_t len);
	struct mustache_value (*member_key)(const struct mustache_value *object,
					    const void *key);
};

/* A value, passed by value: scalars inline, lists and objects as a node
 * that their type's functions interpret (data and index are theirs). */
struct mustache_value {
	enum mustache_kind kind;
	union {
		long long integer;
		double real;
		struct {
			const char *s;	/* any bytes, borrowed */
			size_t len;
		} string;
		struct {
			const struct mustache_type *type;
			const void *data;
			size_t index;
		} node;
	} u;
};

static inline struct mustache_value mustache_missing(void)
{
	struct mustache_value v = { MUSTACHE_MISSING, { 0 } };
	return v;
}

static inline struct mustache_value mustache_bool(int b)
{
	struct mustache_value v = { b ? MUSTACHE_TRUE : MUSTACHE_FALSE, { 0 } };
	return v;
}

static inline struct mustache_value mustache_integer(long long i)
{
	struct mustache_value v = { MUSTACHE_INTEGER, { 0 } };
	v.u.integer = i;
	return v;
}

static inline struct mustache_value mustache_stringn(const char *s, size_t len)
{
	struct mustache_value v = { MUSTACHE_STRING, { 0 } };
	v.u.string.s = s;
	v.u.string.len = len;
	return v;
}

/* s as a string, or MISSING if s is NULL. */
static inline struct mustache_value mustache_string(const char *s)
{
	return s ? mustache_stringn(s, strlen(s)) : mustache_missing();
}

/* kind is MUSTACHE_LIST or MUSTACHE_OBJECT. */
static inline struct mustache_value mustache_node(enum mustache_kind kind,
						  const struct mustache_type *type,
						  const void *data, size_t index)
{
	struct mustache_value v = { kind, { 0 } };
	v.u.node.type = type;
	v.u.node.data = data;
	v.u.node.index = index;
	return v;
}

/* json (borrowed; NULL is MISSING) as a value. */
struct mustache_value mustache_json(const json_t *json);

/* Appends s[0..n) to out, quoted for the output language. */
typedef void (*mustache_escape_fn)(struct strbuf *out, const char *s, size_t n);

/* The spec's HTML escaping: & " < > become entities. */
void mustache_escape_html(struct strbuf *out, const char *s, size_t n);

/* Where and why a template could not be rendered. */
struct mustache_error {
	int line;          /* 1-based line in the template (or partial) */
	int column;        /* 1-based byte column */
	char message[256]; /* e.g. "unclosed section 'registers'"; errors in a
			    * partial start "in partial 'NAME': " */
	char partial[128]; /* the partial the position is in, "" if none */
	size_t message_body; /* offset of the message after that prefix */
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
int mustache_render_value(const char *tmpl, size_t tmpl_len,
			  const struct mustache_value *view, json_t *partials,
			  mustache_escape_fn escape, struct strbuf *out,
			  struct mustache_error *err);

/*
 * Gets the rendered text (out's content, which the engine then empties)
 * each time out holds about 64 KiB, so a large output need not be held
 * whole; returns 0, or -1 to stop the render (an error "cannot write the
 * output").
 */
typedef int (*mustache_flush_fn)(struct strbuf *out, void *ctx);

/* The same, streamed: what is left in out at the end is the caller's to
 * flush. */
int mustache_render_stream(const char *tmpl, size_t tmpl_len,
			   const struct mustache_value *view, json_t *partials,
			   mustache_escape_fn escape, struct strbuf *out,
			   mustache_flush_fn flush, void *flush_ctx,
			   struct mustache_error *err);

/* The same with jansson data: mustache_json(view) as the view. */
int mustache_render(const char *tmpl, size_t tmpl_len, json_t *view,
		    json_t *partials, mustache_escape_fn escape,
		    struct strbuf *out, struct mustache_error *err);

#endif
