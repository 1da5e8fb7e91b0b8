/*
 * mustache.c: the template engine behind every generated file (see
 * mustache.h).
 *
 * A render goes in two phases.  First the template, and every partial it
 * can reach, is parsed once into a flat token list: text runs, variables,
 * sections (which know the index just past their body) and partials (which
 * know the index of their own parsed template).  Standalone-line rules,
 * set-delimiter tags and comments are resolved here, so they cost nothing
 * while rendering, and every syntax error is reported before any output is
 * produced, whatever the data.  Second, the token lists are walked against
 * a context stack of values, appending to the caller's strbuf.  Values are
 * read through their type's functions (mustache.h), so the engine does not
 * care whether they come from a jansson tree (mustache_json(), at the end
 * of this file) or are computed on demand by a view.
 *
 * Both phases are linear: the parser scans each byte a bounded number of
 * times (delimiters are at most MAX_DELIMITER bytes), partials are parsed
 * once however often they are used, and rendering appends each output byte
 * once.  The renderer recurses only into sections and partials, at most
 * MAX_NESTING levels deep, so hostile templates and data cannot exhaust the
 * stack; the parser does not recurse at all.
 *
 * Partial indentation is applied while rendering, not by rewriting the
 * partial's source: a standalone partial tag pushes its leading whitespace
 * onto an indentation string that is emitted before each line of template
 * text (not of interpolated data, per the spec) until the partial ends.
 * Blank lines get no indentation, so generated code has no trailing
 * whitespace.
 */
#include "output/mustache.h"

#include <limits.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sections and partials nested deeper than this are an error. */
#define MAX_NESTING 100
/* Sections nested over lists multiply: 40 levels over two items are 2^40
 * bodies.  Far more than any real layout needs, far less than forever.
 * The fuzz build lowers it (tests/fuzz/build.sh): reaching 10^8 under
 * ASan takes 20 s an input, and the limit's path is the same at 10^6. */
#ifndef MAX_BODIES
#define MAX_BODIES 100000000ULL
#endif
/* Longest delimiter a set-delimiter tag may choose; keeps scanning linear. */
#define MAX_DELIMITER 32
/* Names quoted in error messages are cut to this many bytes. */
#define MAX_QUOTED 64
/* A streamed render hands its output on in pieces of about this size: big
 * enough that each write() is worth its call, small enough to stay in the
 * cache. */
#define FLUSH_BYTES (64u << 10)
#define QUOTE(s, n) (int)((n) > MAX_QUOTED ? MAX_QUOTED : (n)), (s)

#define NO_PARTIAL ((size_t)-1)
/* Types a tag remembers its resolved name for (a context stack rarely
 * holds more kinds of object). */
#define KEY_CACHE 4

enum token_kind {
	TOKEN_TEXT,
	TOKEN_VARIABLE,
	TOKEN_SECTION,
	TOKEN_INVERTED,
	TOKEN_PARTIAL,
};

struct token {
	enum token_kind kind;
	size_t pos;		/* byte offset of the tag, for error messages */
	const char *str;	/* TEXT: the text; otherwise the tag's name */
	size_t len;
	size_t first_len;	/* of the name before its first '.', if any */
	/* first part of the name resolved per type (mustache_type.key) */
	struct {
		const struct mustache_type *type;
		const void *key;
	} keys[KEY_CACHE];
	bool escaped;		/* VARIABLE: {{name}} rather than {{{name}}} */
	size_t end;		/* SECTION, INVERTED: first token after the body */
	size_t partial;		/* PARTIAL: index into templates, or NO_PARTIAL */
	bool standalone;	/* PARTIAL: alone on its line, so indents */
	const char *indent;	/* PARTIAL: whitespace before a standalone tag */
	size_t indent_len;
};

/* One parsed template: the top-level one or a partial. */
struct template {
	const char *name;	/* partial name; NULL for the top-level template */
	size_t name_len;
	const char *src;
	size_t len;
	struct token *tokens;
	size_t ntokens;
};

struct renderer {
	json_t *partials;
	mustache_escape_fn escape;
	struct strbuf *out;
	mustache_flush_fn flush; /* NULL: out holds the whole output */
	void *flush_ctx;
	struct mustache_error *err;

	/* templates[0] is the top-level one; partials follow as found. */
	struct template **templates;
	size_t ntemplates;
	json_t *partial_index;	/* partial name -> index into templates */

	struct mustache_value context[MAX_NESTING + 1];
	size_t ncontext;
	int depth;		/* sections and partials being rendered */
	unsigned long long bodies; /* section bodies rendered so far */

	struct strbuf indent;	/* what each line of template text starts with */
	bool line_start;	/* the last template text emitted ended a line */
};

static void die_jansson(void)
{
	fputs("regdefgen: fatal: out of memory\n", stderr);
	abort();
}

/*
 * Records an error at byte pos of template t.  Line and column are only
 * computed here, so error-free renders never pay for them.
 */
__attribute__((format(printf, 4, 5)))
static int fail(struct renderer *r, const struct template *t, size_t pos,
		const char *fmt, ...)
{
	struct mustache_error *err = r->err;
	size_t line = 1, line_begin = 0, i;
	size_t used = 0;
	va_list ap;
	int n;

	if (!err)
		return -1;
	for (i = 0; i < pos && i < t->len; i++) {
		if (t->src[i] == '\n') {
			line++;
			line_begin = i + 1;
		}
	}
	err->line = line > INT_MAX ? INT_MAX : (int)line;
	err->column = pos - line_begin + 1 > INT_MAX ?
		INT_MAX : (int)(pos - line_begin + 1);

	/* Line and column are in the partial, so say which one. */
	err->partial[0] = '\0';
	if (t->name)
		snprintf(err->partial, sizeof(err->partial), "%.*s",
			 QUOTE(t->name, t->name_len));
	if (t->name) {
		n = snprintf(err->message, sizeof(err->message),
			     "in partial '%.*s': ", QUOTE(t->name, t->name_len));
		if (n > 0)
			used = (size_t)n;
	}
	err->message_body = used < sizeof(err->message) ? used : 0;
	if (used < sizeof(err->message)) {
		va_start(ap, fmt);
		vsnprintf(err->message + used, sizeof(err->message) - used,
			  fmt, ap);
		va_end(ap);
	}
	return -1;
}

void mustache_escape_html(struct strbuf *out, const char *s, size_t n)
{
	size_t done = 0, i;

	for (i = 0; i < n; i++) {
		const char *entity;

		switch (s[i]) {
		case '&':
			entity = "&amp;";
			break;
		case '"':
			entity = "&quot;";
			break;
		case '<':
			entity = "&lt;";
			break;
		case '>':
			entity = "&gt;";
			break;
		default:
			continue;
		}
		strbuf_add(out, s + done, i - done);
		strbuf_addstr(out, entity);
		done = i + 1;
	}
	strbuf_add(out, s + done, n - done);
}

/* ---- parsing ---- */

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
	       c == '\f';
}

/* First occurrence of needle in s[0..n), or NULL. */
static const char *find(const char *s, size_t n, const char *needle,
			size_t needle_len)
{
	const char *end = s + n;

	while ((size_t)(end - s) >= needle_len) {
		const char *c = memchr(s, needle[0],
				       (size_t)(end - s) - needle_len + 1);

		if (!c)
			return NULL;
		if (!memcmp(c, needle, needle_len))
			return c;
		s = c + 1;
	}
	return NULL;
}

static struct token *add_token(struct template *t, enum token_kind kind,
			       size_t pos, const char *str, size_t len)
{
	struct token *tok;

	GROW_ARRAY(t->tokens, t->ntokens);
	tok = &t->tokens[t->ntokens++];
	memset(tok, 0, sizeof(*tok));
	tok->kind = kind;
	tok->pos = pos;
	tok->str = str;
	tok->len = len;
	tok->first_len = len;
	if (kind != TOKEN_TEXT) {
		const char *dot = memchr(str, '.', len);

		if (dot && len > 1)
			tok->first_len = (size_t)(dot - str);
	}
	tok->partial = NO_PARTIAL;
	return tok;
}

static struct template *add_template(struct renderer *r, const char *name,
				     size_t name_len, const char *src,
				     size_t len)
{
	struct template *t = xcalloc(1, sizeof(*t));

	t->name = name;
	t->name_len = name_len;
	t->src = src;
	t->len = len;
	GROW_ARRAY(r->templates, r->ntemplates);
	r->templates[r->ntemplates++] = t;
	return t;
}

/*
 * Finds the partial a tag names, queueing it for parsing the first time it
 * is seen, so each partial is parsed once however often it is used.
 */
static int resolve_partial(struct renderer *r, struct template *t,
			   struct token *tok)
{
	json_t *source, *known;

	source = json_is_object(r->partials) ?
		json_object_getn(r->partials, tok->str, tok->len) : NULL;
	if (!source)
		return 0;	/* the spec renders a missing partial as "" */
	if (!json_is_string(source))
		return fail(r, t, tok->pos, "partial '%.*s' is not a string",
			    QUOTE(tok->str, tok->len));

	if (!r->partial_index && !(r->partial_index = json_object()))
		die_jansson();
	known = json_object_getn(r->partial_index, tok->str, tok->len);
	if (known) {
		tok->partial = (size_t)json_integer_value(known);
		return 0;
	}
	tok->partial = r->ntemplates;
	add_template(r, tok->str, tok->len, json_string_value(source),
		     json_string_length(source));
	if (json_object_setn_new_nocheck(r->partial_index, tok->str, tok->len,
					 json_integer((json_int_t)tok->partial)))
		die_jansson();
	return 0;
}

/* Trims [*begin, *end) and checks it is one non-empty word. */
static int parse_name(struct renderer *r, struct template *t, size_t tag_pos,
		      size_t *begin, size_t *end)
{
	size_t i;

	while (*begin < *end && is_space(t->src[*begin]))
		(*begin)++;
	while (*end > *begin && is_space(t->src[*end - 1]))
		(*end)--;
	if (*begin == *end)
		return fail(r, t, tag_pos, "empty tag");
	for (i = *begin; i < *end; i++)
		if (is_space(t->src[i]))
			return fail(r, t, tag_pos, "invalid tag name '%.*s'",
				    QUOTE(t->src + *begin, *end - *begin));
	return 0;
}

struct delimiters {
	char open[MAX_DELIMITER];
	size_t open_len;
	char close[MAX_DELIMITER + 1];	/* room for the '}' or '=' prefix */
	size_t close_len;
};

/* Parses the content of {{=open close=}}, "open close" with any padding. */
static int parse_delimiters(struct renderer *r, struct template *t,
			    size_t tag_pos, size_t begin, size_t end,
			    struct delimiters *delims)
{
	const char *src = t->src;
	size_t word[2], word_len[2], i = begin, w;

	for (w = 0; w < 2; w++) {
		while (i < end && is_space(src[i]))
			i++;
		word[w] = i;
		while (i < end && !is_space(src[i]))
			i++;
		word_len[w] = i - word[w];
		if (!word_len[w])
			return fail(r, t, tag_pos, "invalid set-delimiter tag");
		if (word_len[w] > MAX_DELIMITER)
			return fail(r, t, tag_pos,
				    "delimiter too long (limit %d bytes)",
				    MAX_DELIMITER);
		/* '=' in a delimiter would make "=close" ambiguous. */
		if (memchr(src + word[w], '=', word_len[w]))
			return fail(r, t, tag_pos,
				    "delimiter must not contain '='");
	}
	while (i < end && is_space(src[i]))
		i++;
	if (i != end)
		return fail(r, t, tag_pos, "invalid set-delimiter tag");

	memcpy(delims->open, src + word[0], word_len[0]);
	delims->open_len = word_len[0];
	memcpy(delims->close, src + word[1], word_len[1]);
	delims->close_len = word_len[1];
	return 0;
}

/*
 * Whether the tag at [tag_pos, tag_end) is alone on its line, with only
 * spaces and tabs around it.  floor is where the previous tag ended: text
 * before it belongs to an earlier tag's line.  On success, *line_begin is
 * where the line's leading whitespace starts and *next is the start of the
 * following line (or the end of the template).
 */
static bool is_standalone(const struct template *t, size_t floor,
			  size_t tag_pos, size_t tag_end, size_t *line_begin,
			  size_t *next)
{
	const char *src = t->src;
	size_t i = tag_pos, j = tag_end;

	while (i > floor && (src[i - 1] == ' ' || src[i - 1] == '\t'))
		i--;
	/*
	 * Reaching floor counts as a line start only if the previous tag
	 * was itself standalone and took its line ending along.
	 */
	if (i > 0 && src[i - 1] != '\n')
		return false;
	while (j < t->len && (src[j] == ' ' || src[j] == '\t'))
		j++;
	if (j < t->len && src[j] == '\n')
		j++;
	else if (j + 1 < t->len && src[j] == '\r' && src[j + 1] == '\n')
		j += 2;
	else if (j < t->len)
		return false;
	*line_begin = i;
	*next = j;
	return true;
}

static int parse_template(struct renderer *r, struct template *t)
{
	static const struct delimiters default_delims = {
		"{{", 2, "}}", 2
	};
	struct delimiters delims = default_delims;
	size_t open_sections[MAX_NESTING];
	size_t nopen = 0;
	const char *src = t->src;
	size_t len = t->len;
	size_t pos = 0;	/* end of the last tag: pending text starts here */

	for (;;) {
		const char *found = find(src + pos, len - pos, delims.open,
					 delims.open_len);
		char needle[MAX_DELIMITER + 1];
		size_t needle_len = 0;
		size_t tag_pos, begin, end, tag_end, text_end, next;
		char sigil = '\0';
		bool standalone;
		struct token *tok;

		if (!found) {
			if (pos < len)
				add_token(t, TOKEN_TEXT, pos, src + pos,
					  len - pos);
			break;
		}
		tag_pos = (size_t)(found - src);
		begin = tag_pos + delims.open_len;
		if (begin < len && src[begin] && strchr("#^/>!=&{", src[begin]))
			sigil = src[begin++];

		/* {{{name}}} and {{=a b=}} end with an extra character. */
		if (sigil == '{' || sigil == '=')
			needle[needle_len++] = sigil == '{' ? '}' : '=';
		memcpy(needle + needle_len, delims.close, delims.close_len);
		needle_len += delims.close_len;
		found = find(src + begin, len - begin, needle, needle_len);
		if (!found)
			return fail(r, t, tag_pos, "unclosed tag: no closing '%.*s'",
				    (int)needle_len, needle);
		end = (size_t)(found - src);
		tag_end = end + needle_len;

		/* A standalone tag takes its whole line along. */
		text_end = tag_pos;
		next = tag_end;
		standalone = sigil && strchr("#^/>!=", sigil) &&
			is_standalone(t, pos, tag_pos, tag_end, &text_end,
				      &next);
		if (text_end > pos)
			add_token(t, TOKEN_TEXT, pos, src + pos, text_end - pos);
		pos = next;

		switch (sigil) {
		case '!':
			break;
		case '=':
			if (parse_delimiters(r, t, tag_pos, begin, end, &delims))
				return -1;
			break;
		case '#':
		case '^':
			if (parse_name(r, t, tag_pos, &begin, &end))
				return -1;
			if (nopen == MAX_NESTING)
				return fail(r, t, tag_pos,
					    "sections nested too deeply (limit %d)",
					    MAX_NESTING);
			open_sections[nopen++] = t->ntokens;
			add_token(t, sigil == '#' ? TOKEN_SECTION : TOKEN_INVERTED,
				  tag_pos, src + begin, end - begin);
			break;
		case '/': {
			struct token *open_tok;

			if (parse_name(r, t, tag_pos, &begin, &end))
				return -1;
			if (!nopen)
				return fail(r, t, tag_pos,
					    "closing tag '%.*s' without open section",
					    QUOTE(src + begin, end - begin));
			open_tok = &t->tokens[open_sections[nopen - 1]];
			if (open_tok->len != end - begin ||
			    memcmp(open_tok->str, src + begin, end - begin))
				return fail(r, t, tag_pos,
					    "closing tag '%.*s' does not match open section '%.*s'",
					    QUOTE(src + begin, end - begin),
					    QUOTE(open_tok->str, open_tok->len));
			open_tok->end = t->ntokens;
			nopen--;
			break;
		}
		case '>':
			if (parse_name(r, t, tag_pos, &begin, &end))
				return -1;
			tok = add_token(t, TOKEN_PARTIAL, tag_pos, src + begin,
					end - begin);
			if (standalone) {
				tok->standalone = true;
				tok->indent = src + text_end;
				tok->indent_len = tag_pos - text_end;
			}
			if (resolve_partial(r, t, tok))
				return -1;
			break;
		default:
			if (parse_name(r, t, tag_pos, &begin, &end))
				return -1;
			tok = add_token(t, TOKEN_VARIABLE, tag_pos, src + begin,
					end - begin);
			tok->escaped = !sigil;
			break;
		}
	}
	if (nopen) {
		const struct token *open_tok = &t->tokens[open_sections[nopen - 1]];

		return fail(r, t, open_tok->pos, "unclosed section '%.*s'",
			    QUOTE(open_tok->str, open_tok->len));
	}
	return 0;
}

/* ---- rendering ---- */

static struct mustache_value member(const struct mustache_value *object,
				    const char *name, size_t len)
{
	if (object->kind != MUSTACHE_OBJECT)
		return mustache_missing();
	return object->u.node.type->member(object, name, len);
}

/*
 * The first part of tok's name in object.  Types with key() resolve it
 * once and the token remembers the handle; the tokens are the render's
 * own, so a handle is never used beyond it.
 */
static struct mustache_value first_member(struct token *tok,
					  const struct mustache_value *object)
{
	const struct mustache_type *type;
	const void *key;
	size_t i;

	if (object->kind != MUSTACHE_OBJECT)
		return mustache_missing();
	type = object->u.node.type;
	if (!type->key)
		return type->member(object, tok->str, tok->first_len);
	for (i = 0; i < KEY_CACHE && tok->keys[i].type; i++)
		if (tok->keys[i].type == type)
			break;
	if (i < KEY_CACHE && tok->keys[i].type) {
		key = tok->keys[i].key;
	} else {
		key = type->key(object, tok->str, tok->first_len);
		if (i < KEY_CACHE) {
			tok->keys[i].type = type;
			tok->keys[i].key = key;
		}
	}
	return key ? type->member_key(object, key) : mustache_missing();
}

/*
 * Name resolution per the spec: the first part of a dotted name is looked
 * up through the whole context stack, the rest only in what it found.
 */
static struct mustache_value lookup(const struct renderer *r,
				    struct token *tok)
{
	const char *name = tok->str, *dot;
	size_t len = tok->len, part_len = tok->first_len;
	struct mustache_value value = mustache_missing();
	size_t i;

	if (len == 1 && name[0] == '.')
		return r->context[r->ncontext - 1];
	for (i = r->ncontext; i-- > 0 && value.kind == MUSTACHE_MISSING;)
		value = first_member(tok, &r->context[i]);
	while (value.kind != MUSTACHE_MISSING && part_len < len) {
		name += part_len + 1;
		len -= part_len + 1;
		dot = memchr(name, '.', len);
		part_len = dot ? (size_t)(dot - name) : len;
		value = member(&value, name, part_len);
	}
	return value;
}

static size_t list_length(const struct mustache_value *list)
{
	return list->u.node.type->length(list);
}

/*
 * Missing, null, false, [] and "" are falsey; everything else, including 0
 * and {}, is truthy.
 */
static bool is_truthy(const struct mustache_value *value)
{
	switch (value->kind) {
	case MUSTACHE_MISSING:
	case MUSTACHE_NULL:
	case MUSTACHE_FALSE:
		return false;
	case MUSTACHE_LIST:
		return list_length(value) > 0;
	case MUSTACHE_STRING:
		return value->u.string.len > 0;
	default:
		return true;
	}
}

/* Called before emitting s[0..n) at the current point of the output. */
static void begin_output(struct renderer *r, const char *s, size_t n)
{
	if (!r->line_start)
		return;
	r->line_start = false;
	if (!r->indent.len || s[0] == '\n' ||
	    (n > 1 && s[0] == '\r' && s[1] == '\n'))
		return;
	strbuf_add(r->out, r->indent.buf, r->indent.len);
}

static void emit_text(struct renderer *r, const char *s, size_t n)
{
	if (!n)
		return;
	if (!r->indent.len) {
		strbuf_add(r->out, s, n);
		r->line_start = s[n - 1] == '\n';
		return;
	}
	while (n) {
		const char *newline = memchr(s, '\n', n);
		size_t chunk = newline ? (size_t)(newline - s) + 1 : n;

		begin_output(r, s, chunk);
		strbuf_add(r->out, s, chunk);
		r->line_start = newline != NULL;
		s += chunk;
		n -= chunk;
	}
}

static void emit_value(struct renderer *r, const char *s, size_t n,
		       bool escaped)
{
	if (!n)
		return;
	begin_output(r, s, n);
	if (escaped && r->escape)
		r->escape(r->out, s, n);
	else
		strbuf_add(r->out, s, n);
}

/*
 * The shortest decimal that reads back as the same double (1.21, not
 * 1.2099999999999999645), laid out the way JSON encoders print reals:
 * positional for moderate exponents, always with a '.' or an exponent.
 */
static size_t format_real(char *buf, size_t size, double value)
{
	char digits[40];
	const char *point = localeconv()->decimal_point;
	char *e;
	int precision, exponent;
	size_t n;

	for (precision = 1; precision < 17; precision++) {
		snprintf(digits, sizeof(digits), "%.*e", precision - 1, value);
		if (strtod(digits, NULL) == value)
			break;
	}
	snprintf(digits, sizeof(digits), "%.*e", precision - 1, value);
	e = strchr(digits, 'e');
	exponent = e ? atoi(e + 1) : 0;

	if (e && (exponent < -4 || exponent >= 16)) {
		/* 1e+20 -> 1e20, 1.5e-07 -> 1.5e-7 */
		*e = '\0';
		snprintf(buf, size, "%se%d", digits, exponent);
	} else {
		int decimals = precision - 1 - exponent;

		snprintf(buf, size, "%.*f", decimals > 0 ? decimals : 0, value);
	}
	/* printf follows LC_NUMERIC; JSON does not. */
	if (point[0] != '.' && point[0] && !point[1]) {
		char *c = strchr(buf, point[0]);

		if (c)
			*c = '.';
	}
	n = strlen(buf);
	if (!strchr(buf, '.') && !strchr(buf, 'e') && n + 2 < size) {
		memcpy(buf + n, ".0", 3);
		n += 2;
	}
	return n;
}

/* v in decimal, as printf's "%lld" would print it; returns the length. */
static size_t format_integer(char buf[24], long long v)
{
	char digits[24], *p = digits + sizeof(digits);
	/* negated as unsigned, so LLONG_MIN does not overflow */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
				     : (unsigned long long)v;
	size_t n;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	n = (size_t)(digits + sizeof(digits) - p);
	memcpy(buf, p, n);
	return n;
}

static int interpolate(struct renderer *r, const struct template *t,
		       struct token *tok)
{
	struct mustache_value value = lookup(r, tok);
	char number[64];

	switch (value.kind) {
	case MUSTACHE_MISSING:
	case MUSTACHE_NULL:
		break;
	case MUSTACHE_STRING:
		emit_value(r, value.u.string.s, value.u.string.len,
			   tok->escaped);
		break;
	case MUSTACHE_INTEGER:
		emit_value(r, number, format_integer(number, value.u.integer),
			   tok->escaped);
		break;
	case MUSTACHE_REAL:
		emit_value(r, number,
			   format_real(number, sizeof(number), value.u.real),
			   tok->escaped);
		break;
	case MUSTACHE_TRUE:
		emit_value(r, "true", 4, tok->escaped);
		break;
	case MUSTACHE_FALSE:
		emit_value(r, "false", 5, tok->escaped);
		break;
	case MUSTACHE_OBJECT:
	case MUSTACHE_LIST:
		/* No text form would be right for every output language. */
		return fail(r, t, tok->pos, "cannot interpolate %s '%.*s'",
			    value.kind == MUSTACHE_OBJECT ? "object" : "list",
			    QUOTE(tok->str, tok->len));
	}
	return 0;
}

static int render_range(struct renderer *r, const struct template *t,
			size_t begin, size_t end);

/* Renders a section body once, with item (if any) atop the context stack. */
static int render_body(struct renderer *r, const struct template *t,
		       size_t index, const struct mustache_value *item)
{
	const struct token *tok = &t->tokens[index];
	int rc;

	if (r->depth >= MAX_NESTING)
		return fail(r, t, tok->pos,
			    "section '%.*s' nested too deeply (limit %d)",
			    QUOTE(tok->str, tok->len), MAX_NESTING);
	if (++r->bodies > MAX_BODIES)
		return fail(r, t, tok->pos,
			    "section '%.*s': the template renders more than %llu section bodies",
			    QUOTE(tok->str, tok->len), MAX_BODIES);
	r->depth++;
	if (item)
		r->context[r->ncontext++] = *item;
	rc = render_range(r, t, index + 1, tok->end);
	if (item)
		r->ncontext--;
	r->depth--;
	return rc;
}

static int render_section(struct renderer *r, const struct template *t,
			  size_t index)
{
	struct token *tok = &t->tokens[index];
	struct mustache_value value = lookup(r, tok);
	size_t i, n;

	if (tok->kind == TOKEN_INVERTED)
		return is_truthy(&value) ? 0 : render_body(r, t, index, NULL);
	if (!is_truthy(&value))
		return 0;
	if (value.kind != MUSTACHE_LIST)
		return render_body(r, t, index, &value);
	n = list_length(&value);
	for (i = 0; i < n; i++) {
		struct mustache_value item =
			value.u.node.type->element(&value, i);

		if (render_body(r, t, index, &item))
			return -1;
	}
	return 0;
}

static int render_partial(struct renderer *r, const struct template *t,
			  const struct token *tok)
{
	const struct template *partial;
	size_t saved_indent = r->indent.len;
	int rc;

	if (tok->partial == NO_PARTIAL)
		return 0;
	if (r->depth >= MAX_NESTING)
		return fail(r, t, tok->pos,
			    "partial '%.*s' nested too deeply (limit %d)",
			    QUOTE(tok->str, tok->len), MAX_NESTING);
	partial = r->templates[tok->partial];
	if (tok->standalone) {
		strbuf_add(&r->indent, tok->indent, tok->indent_len);
		/* A standalone tag starts its line, even after a list item. */
		r->line_start = true;
	}
	r->depth++;
	rc = render_range(r, partial, 0, partial->ntokens);
	r->depth--;
	r->indent.len = saved_indent;
	if (r->indent.buf)
		r->indent.buf[saved_indent] = '\0';
	return rc;
}

static int render_range(struct renderer *r, const struct template *t,
			size_t begin, size_t end)
{
	size_t i = begin;

	while (i < end) {
		struct token *tok = &t->tokens[i];

		if (r->flush && r->out->len >= FLUSH_BYTES) {
			if (r->flush(r->out, r->flush_ctx))
				return fail(r, t, tok->pos, "cannot write the output");
			strbuf_reset(r->out);
		}
		switch (tok->kind) {
		case TOKEN_TEXT:
			emit_text(r, tok->str, tok->len);
			i++;
			break;
		case TOKEN_VARIABLE:
			if (interpolate(r, t, tok))
				return -1;
			i++;
			break;
		case TOKEN_SECTION:
		case TOKEN_INVERTED:
			if (render_section(r, t, i))
				return -1;
			i = tok->end;
			break;
		case TOKEN_PARTIAL:
			if (render_partial(r, t, tok))
				return -1;
			i++;
			break;
		}
	}
	return 0;
}

int mustache_render_value(const char *tmpl, size_t tmpl_len,
			  const struct mustache_value *view, json_t *partials,
			  mustache_escape_fn escape, struct strbuf *out,
			  struct mustache_error *err)
{
	return mustache_render_stream(tmpl, tmpl_len, view, partials, escape,
				      out, NULL, NULL, err);
}

int mustache_render_stream(const char *tmpl, size_t tmpl_len,
			   const struct mustache_value *view, json_t *partials,
			   mustache_escape_fn escape, struct strbuf *out,
			   mustache_flush_fn flush, void *flush_ctx,
			   struct mustache_error *err)
{
	struct renderer r;
	size_t i;
	int rc = 0;

	memset(&r, 0, sizeof(r));
	r.partials = partials;
	r.escape = escape;
	r.out = out;
	r.flush = flush;
	r.flush_ctx = flush_ctx;
	r.err = err;
	r.line_start = true;
	r.context[r.ncontext++] = *view;

	add_template(&r, NULL, 0, tmpl ? tmpl : "", tmpl ? tmpl_len : 0);
	/* Parsing may append partials to templates: it is a work list. */
	for (i = 0; i < r.ntemplates && !rc; i++)
		rc = parse_template(&r, r.templates[i]);
	if (!rc)
		rc = render_range(&r, r.templates[0], 0, r.templates[0]->ntokens);

	for (i = 0; i < r.ntemplates; i++) {
		free(r.templates[i]->tokens);
		free(r.templates[i]);
	}
	free(r.templates);
	json_decref(r.partial_index);
	strbuf_release(&r.indent);
	return rc;
}

int mustache_render(const char *tmpl, size_t tmpl_len, json_t *view,
		    json_t *partials, mustache_escape_fn escape,
		    struct strbuf *out, struct mustache_error *err)
{
	struct mustache_value v = mustache_json(view);

	return mustache_render_value(tmpl, tmpl_len, &v, partials, escape, out,
				     err);
}

/* ---- jansson data ---- */

static struct mustache_value json_member(const struct mustache_value *object,
					 const char *name, size_t len)
{
	return mustache_json(json_object_getn(object->u.node.data, name, len));
}

static size_t json_length(const struct mustache_value *list)
{
	return json_array_size(list->u.node.data);
}

static struct mustache_value json_element(const struct mustache_value *list,
					  size_t i)
{
	return mustache_json(json_array_get(list->u.node.data, i));
}

static const struct mustache_type json_data = {
	json_member, json_length, json_element, NULL, NULL
};

struct mustache_value mustache_json(const json_t *json)
{
	struct mustache_value v = mustache_missing();

	if (!json)
		return v;
	switch (json_typeof(json)) {
	case JSON_OBJECT:
		return mustache_node(MUSTACHE_OBJECT, &json_data, json, 0);
	case JSON_ARRAY:
		return mustache_node(MUSTACHE_LIST, &json_data, json, 0);
	case JSON_STRING:
		return mustache_stringn(json_string_value(json),
					json_string_length(json));
	case JSON_INTEGER:
		return mustache_integer(json_integer_value(json));
	case JSON_REAL:
		v.kind = MUSTACHE_REAL;
		v.u.real = json_real_value(json);
		return v;
	case JSON_TRUE:
		return mustache_bool(1);
	case JSON_FALSE:
		return mustache_bool(0);
	case JSON_NULL:
		v.kind = MUSTACHE_NULL;
		return v;
	}
	return v;
}
