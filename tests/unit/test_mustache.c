/*
 * test_mustache.c: unit tests of the template engine (gen/output/mustache.c).
 *
 * Runs every case of the six core Mustache spec suites (vendored under
 * tests/data/mustache-spec, whose path is argv[1]) as its own cmocka test,
 * then the engine's own promises that the spec does not cover: error
 * messages and positions, the nesting limit, the caller's escaper, number
 * formatting and truthiness.
 *
 * Usage: test_mustache SPEC_DIR
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "output/mustache.h"

static const char *const spec_suites[] = {
	"comments", "delimiters", "interpolation",
	"inverted", "partials", "sections",
};

/* ---- the spec suites ---- */

static void test_spec_case(void **state)
{
	json_t *spec_case = *state;
	const char *tmpl = json_string_value(json_object_get(spec_case, "template"));
	json_t *expected = json_object_get(spec_case, "expected");
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };
	int rc;

	assert_non_null(tmpl);
	assert_true(json_is_string(expected));
	rc = mustache_render(tmpl, strlen(tmpl),
			     json_object_get(spec_case, "data"),
			     json_object_get(spec_case, "partials"),
			     mustache_escape_html, &out, &err);
	if (rc)
		print_error("error %d:%d: %s\n", err.line, err.column,
			    err.message);
	assert_int_equal(rc, 0);
	assert_string_equal(strbuf_str(&out), json_string_value(expected));
	assert_int_equal(out.len, json_string_length(expected));
	strbuf_release(&out);
}

/* ---- errors ---- */

/* Renders tmpl, which must fail, and checks the error it reports. */
static void check_error(const char *tmpl, json_t *partials, int line,
			int column, const char *message)
{
	json_t *view = json_pack("{s:[{s:s}]}", "registers", "name", "rax");
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };

	assert_non_null(view);
	assert_int_equal(mustache_render(tmpl, strlen(tmpl), view, partials,
					 mustache_escape_html, &out, &err),
			 -1);
	assert_string_equal(err.message, message);
	assert_int_equal(err.line, line);
	assert_int_equal(err.column, column);
	strbuf_release(&out);
	json_decref(view);
}

static void test_unclosed_section(void **state)
{
	(void)state;
	check_error("<regs>\n  {{#registers}}\n  {{name}}\n</regs>\n", NULL,
		    2, 3, "unclosed section 'registers'");
}

static void test_mismatched_close(void **state)
{
	(void)state;
	check_error("{{#a}}\n{{#b}}x{{/a}}{{/b}}", NULL, 2, 8,
		    "closing tag 'a' does not match open section 'b'");
}

static void test_stray_close(void **state)
{
	(void)state;
	check_error("x\n {{/registers}}\n", NULL, 2, 2,
		    "closing tag 'registers' without open section");
}

static void test_unclosed_tag(void **state)
{
	(void)state;
	check_error("abc\nde {{name\n", NULL, 2, 4,
		    "unclosed tag: no closing '}}'");
	check_error("{{{name}}", NULL, 1, 1, "unclosed tag: no closing '}}}'");
}

static void test_bad_delimiters(void **state)
{
	(void)state;
	check_error("ok\n{{=<% %> x=}}", NULL, 2, 1,
		    "invalid set-delimiter tag");
	check_error("{{=<%=}}", NULL, 1, 1, "invalid set-delimiter tag");
	check_error("{{=a= b=}}", NULL, 1, 1,
		    "delimiter must not contain '='");
}

static void test_bad_names(void **state)
{
	(void)state;
	check_error("{{  }}", NULL, 1, 1, "empty tag");
	check_error("{{#a b}}{{/a b}}", NULL, 1, 1, "invalid tag name 'a b'");
}

static void test_recursive_partial(void **state)
{
	json_t *partials = json_pack("{s:s}", "self", "x{{>self}}");

	(void)state;
	check_error("{{>self}}", partials, 1, 2,
		    "in partial 'self': partial 'self' nested too deeply (limit 100)");
	json_decref(partials);
}

static void test_errors_in_partials(void **state)
{
	json_t *partials = json_pack("{s:s,s:i}", "p", "a\n  {{#x}}",
				     "n", 5);

	(void)state;
	/* Partials are parsed up front, even in sections never rendered. */
	check_error("{{#nothing}}{{>p}}{{/nothing}}", partials, 2, 3,
		    "in partial 'p': unclosed section 'x'");
	check_error("{{>n}}", partials, 1, 1, "partial 'n' is not a string");
	json_decref(partials);
}

static void test_deep_sections(void **state)
{
	struct strbuf tmpl = STRBUF_INIT;
	int i;

	(void)state;
	for (i = 0; i < 101; i++)
		strbuf_addstr(&tmpl, "{{#a}}");
	check_error(tmpl.buf, NULL, 1, 601,
		    "sections nested too deeply (limit 100)");
	strbuf_release(&tmpl);
}

static void test_interpolating_containers(void **state)
{
	(void)state;
	check_error("\n {{registers}}", NULL, 2, 2,
		    "cannot interpolate list 'registers'");
	check_error("{{#registers}}{{.}}{{/registers}}", NULL, 1, 15,
		    "cannot interpolate object '.'");
}

/* ---- the caller's escaper, numbers, truthiness ---- */

/* Renders tmpl against the JSON text view, which must succeed. */
static void check_render(const char *tmpl, const char *view_json,
			 mustache_escape_fn escape, const char *expected)
{
	json_t *view = json_loads(view_json, JSON_DECODE_ANY, NULL);
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };

	assert_non_null(view);
	assert_int_equal(mustache_render(tmpl, strlen(tmpl), view, NULL,
					 escape, &out, &err),
			 0);
	assert_string_equal(strbuf_str(&out), expected);
	strbuf_release(&out);
	json_decref(view);
}

static void escape_brackets(struct strbuf *out, const char *s, size_t n)
{
	strbuf_addch(out, '[');
	strbuf_add(out, s, n);
	strbuf_addch(out, ']');
}

static void test_custom_escape(void **state)
{
	(void)state;
	check_render("{{x}}|{{{x}}}|{{&x}}|{{n}}", "{\"x\": \"a<b\", \"n\": 7}",
		     escape_brackets, "[a<b]|a<b|a<b|[7]");
	check_render("{{x}}", "{\"x\": \"a<b\"}", NULL, "a<b");
	check_render("{{x}}", "{\"x\": \"&\\\"<>'\"}", mustache_escape_html,
		     "&amp;&quot;&lt;&gt;'");
}

static void test_numbers(void **state)
{
	(void)state;
	check_render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
		     "{\"a\": -5, \"b\": 1.21, \"c\": 100.0, \"d\": 0.1,"
		     " \"e\": 1e20, \"f\": 1.5e-7, \"g\": 0.0001,"
		     " \"h\": 9223372036854775807}",
		     NULL,
		     "-5 1.21 100.0 0.1 1e20 1.5e-7 0.0001 9223372036854775807");
	check_render("{{t}} {{f}} {{n}}", "{\"t\": true, \"f\": false, \"n\": null}",
		     NULL, "true false ");
}

static void test_truthiness(void **state)
{
	(void)state;
	check_render("{{#s}}s{{/s}}{{#z}}z{{/z}}{{#o}}o{{/o}}{{#e}}e{{/e}}",
		     "{\"s\": \"\", \"z\": 0, \"o\": {}, \"e\": []}", NULL,
		     "zo");
	check_render("{{^s}}s{{/s}}{{^z}}z{{/z}}{{^o}}o{{/o}}{{^e}}e{{/e}}",
		     "{\"s\": \"\", \"z\": 0, \"o\": {}, \"e\": []}", NULL,
		     "se");
}

static void test_nested_partial_indent(void **state)
{
	json_t *partials = json_pack("{s:s,s:s}", "outer", "a\n  {{>inner}}\n\nb\n",
				     "inner", "x\ny\n");
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };
	const char *tmpl = "{\n\t{{>outer}}\n}\n";

	(void)state;
	assert_int_equal(mustache_render(tmpl, strlen(tmpl), NULL, partials,
					 NULL, &out, &err),
			 0);
	/* Indents add up; the blank line gets no trailing whitespace. */
	assert_string_equal(strbuf_str(&out),
			    "{\n\ta\n\t  x\n\t  y\n\n\tb\n}\n");
	strbuf_release(&out);
	json_decref(partials);
}

/* ---- data through struct mustache_type, with key()/member_key() ---- */

/*
 * Records whose keys are those of their type: a rec_type names up to four
 * keys, a rec holds their values (NULL: missing for that record).  key()
 * counts its calls, so the tests can see the engine resolve a tag once
 * per type.
 */
struct rec_type {
	struct mustache_type type; /* first: nodes point at it */
	const char *names[4];
};

struct rec {
	const char *values[4];
	const struct rec *child; /* value of the key "child", if set */
	const struct rec_list *list; /* value of the key "list", if set */
};

struct rec_list {
	const struct rec_type *const *types; /* of each record */
	const struct rec *items;
	size_t n;
};

static int key_calls;

static const void *rec_key(const struct mustache_value *o, const char *name,
			   size_t len)
{
	const struct rec_type *t = (const struct rec_type *)o->u.node.type;
	size_t i;

	key_calls++;
	for (i = 0; i < 4 && t->names[i]; i++)
		if (strlen(t->names[i]) == len && !memcmp(t->names[i], name, len))
			return &t->names[i];
	return NULL;
}

static const struct mustache_type rec_list_type;

static struct mustache_value rec_member_key(const struct mustache_value *o,
					    const void *key)
{
	const struct rec_type *t = (const struct rec_type *)o->u.node.type;
	const struct rec *r = o->u.node.data;
	size_t i = (size_t)((const char *const *)key - t->names);

	if (!strcmp(t->names[i], "child") && r->child)
		return mustache_node(MUSTACHE_OBJECT, &t->type, r->child, 0);
	if (!strcmp(t->names[i], "list") && r->list)
		return mustache_node(MUSTACHE_LIST, &rec_list_type, r->list, 0);
	return mustache_string(r->values[i]);
}

static struct mustache_value rec_member(const struct mustache_value *o,
					const char *name, size_t len)
{
	const void *key = rec_key(o, name, len);

	return key ? rec_member_key(o, key) : mustache_missing();
}

static size_t rec_list_length(const struct mustache_value *l)
{
	const struct rec_list *list = l->u.node.data;

	return list->n;
}

static struct mustache_value rec_list_element(const struct mustache_value *l,
					      size_t i)
{
	const struct rec_list *list = l->u.node.data;

	return mustache_node(MUSTACHE_OBJECT, &list->types[i]->type,
			     &list->items[i], 0);
}

static const struct mustache_type rec_list_type = {
	NULL, rec_list_length, rec_list_element, NULL, NULL
};

#define REC_TYPE(...) { { rec_member, NULL, NULL, rec_key, rec_member_key }, { __VA_ARGS__ } }

static const struct rec_type type_a = REC_TYPE("name", "a", "child", "list");
static const struct rec_type type_b = REC_TYPE("name", "b");
static const struct rec_type type_c = REC_TYPE("c");
static const struct rec_type type_d = REC_TYPE("d");
static const struct rec_type type_e = REC_TYPE("e");
static const struct rec_type type_f = REC_TYPE("f", "name");

static void check_rec_render(const char *tmpl, const struct rec_type *type,
			     const struct rec *root, const char *expected)
{
	struct mustache_value view = mustache_node(MUSTACHE_OBJECT, &type->type,
						   root, 0);
	struct strbuf out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };

	assert_int_equal(mustache_render_value(tmpl, strlen(tmpl), &view, NULL,
					       NULL, &out, &err),
			 0);
	assert_string_equal(strbuf_str(&out), expected);
	strbuf_release(&out);
}

static void test_typed_keys(void **state)
{
	/* a list of records of two types, both with "name", then the root's */
	static const struct rec_type *const types[] = { &type_b, &type_a, &type_b };
	static const struct rec items[] = {
		{ { "b0", "B0" }, NULL, NULL },
		{ { "a1", "A1", NULL, NULL }, NULL, NULL },
		{ { NULL, "B2" }, NULL, NULL },
	};
	static const struct rec_list list = { types, items, 3 };
	static const struct rec child = { { "kid", "ka", NULL, NULL }, NULL, NULL };
	static const struct rec root = { { "root", "ra", NULL, NULL }, &child, &list };

	(void)state;
	key_calls = 0;
	/* b has no "a": found on the root; B2 has no name: the root's */
	check_rec_render("{{#list}}{{name}}:{{a}}{{b}} {{/list}}", &type_a, &root,
			 "b0:raB0 a1:A1 root:raB2 ");
	/* each tag is resolved once per type: {{#list}} for a; {{name}},
	 * {{a}} and {{b}} for b and a (a missing key is remembered too) */
	assert_int_equal(key_calls, 1 + 2 + 2 + 2);
	/* dotted names: the first part by key, the rest by member */
	check_rec_render("{{child.name}} {{child.a}} {{child.child}}|{{#child}}{{name}}/{{a}}{{/child}}",
			 &type_a, &root, "kid ka |kid/ka");
}

static void test_typed_keys_many_types(void **state)
{
	/* more types than a tag remembers: every lookup still right */
	static const struct rec_type *const types[] = {
		&type_c, &type_d, &type_e, &type_f, &type_b, &type_a,
		&type_c, &type_d, &type_e, &type_f, &type_b, &type_a,
	};
	static const struct rec items[] = {
		{ { "c0" }, NULL, NULL }, { { "d1" }, NULL, NULL },
		{ { "e2" }, NULL, NULL }, { { "f3", "n3" }, NULL, NULL },
		{ { "n4", "b4" }, NULL, NULL }, { { "n5", "a5", NULL, NULL }, NULL, NULL },
		{ { "c6" }, NULL, NULL }, { { "d7" }, NULL, NULL },
		{ { "e8" }, NULL, NULL }, { { "f9", NULL }, NULL, NULL },
		{ { "n10", "b10" }, NULL, NULL }, { { NULL, "a11", NULL, NULL }, NULL, NULL },
	};
	static const struct rec_list list = { types, items, 12 };
	static const struct rec root = { { "R", "ra", NULL, NULL }, NULL, &list };

	(void)state;
	check_rec_render("{{#list}}{{name}}{{c}}{{d}}{{e}}{{f}},{{/list}}", &type_a, &root,
			 "Rc0,Rd1,Re2,n3f3,n4,n5,Rc6,Rd7,Re8,Rf9,n10,R,");
	check_rec_render("{{#list}}{{^name}}-{{/name}}{{/list}}", &type_a, &root, "");
}

/* A flush that appends to the strbuf ctx, counting its calls; after
 * flush_limit calls it fails. */
static int flushes, flush_limit;

static int flush_into(struct strbuf *out, void *ctx)
{
	if (++flushes > flush_limit)
		return -1;
	strbuf_add(ctx, out->buf, out->len);
	return 0;
}

static void test_streamed_render(void **state)
{
	/* 4,000 items of about 40 bytes: about 160 KB, so two flushes of
	 * 64 KiB and a rest the caller flushes */
	static const char tmpl[] = "head\n{{#items}}item {{n}}: {{text}}\n{{/items}}tail\n";
	json_t *items = json_array(), *view;
	struct strbuf whole = STRBUF_INIT, streamed = STRBUF_INIT, out = STRBUF_INIT;
	struct mustache_error err = { 0, 0, "", "", 0 };
	struct mustache_value v;
	int i;

	(void)state;
	for (i = 0; i < 4000; i++)
		json_array_append_new(items, json_pack("{s:i, s:s}", "n", i,
						       "text", "<some text & more>"));
	view = json_pack("{s:o}", "items", items);
	v = mustache_json(view);
	assert_int_equal(mustache_render_value(tmpl, strlen(tmpl), &v, NULL,
					       mustache_escape_html, &whole, &err), 0);
	flushes = 0;
	flush_limit = 100;
	assert_int_equal(mustache_render_stream(tmpl, strlen(tmpl), &v, NULL,
						mustache_escape_html, &out,
						flush_into, &streamed, &err), 0);
	assert_int_equal(flushes, 2);
	/* what was not flushed is left in out, less than a flush */
	assert_true(out.len < 64 * 1024);
	strbuf_add(&streamed, out.buf, out.len);
	assert_true(whole.len > 100000);
	assert_int_equal(streamed.len, whole.len);
	assert_memory_equal(streamed.buf, whole.buf, whole.len);

	/* a flush that fails stops the render with an error */
	strbuf_reset(&out);
	strbuf_reset(&streamed);
	flushes = 0;
	flush_limit = 1;
	assert_int_equal(mustache_render_stream(tmpl, strlen(tmpl), &v, NULL,
						mustache_escape_html, &out,
						flush_into, &streamed, &err), -1);
	assert_string_equal(err.message, "cannot write the output");
	assert_int_equal(flushes, 2);
	strbuf_release(&whole);
	strbuf_release(&streamed);
	strbuf_release(&out);
	json_decref(view);
}

static const struct CMUnitTest own_tests[] = {
	cmocka_unit_test(test_unclosed_section),
	cmocka_unit_test(test_mismatched_close),
	cmocka_unit_test(test_stray_close),
	cmocka_unit_test(test_unclosed_tag),
	cmocka_unit_test(test_bad_delimiters),
	cmocka_unit_test(test_bad_names),
	cmocka_unit_test(test_recursive_partial),
	cmocka_unit_test(test_errors_in_partials),
	cmocka_unit_test(test_deep_sections),
	cmocka_unit_test(test_interpolating_containers),
	cmocka_unit_test(test_custom_escape),
	cmocka_unit_test(test_numbers),
	cmocka_unit_test(test_truthiness),
	cmocka_unit_test(test_nested_partial_indent),
	cmocka_unit_test(test_typed_keys),
	cmocka_unit_test(test_typed_keys_many_types),
	cmocka_unit_test(test_streamed_render),
};

#define N_OWN_TESTS (sizeof(own_tests) / sizeof(own_tests[0]))
#define N_SUITES (sizeof(spec_suites) / sizeof(spec_suites[0]))

int main(int argc, char **argv)
{
	json_t *suites[N_SUITES] = { NULL };
	struct CMUnitTest *tests = NULL;
	char **names = NULL;
	size_t ntests = 0, alloc = 0, i, j;
	int rc = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s SPEC_DIR\n", argv[0]);
		return 2;
	}
	for (i = 0; i < N_SUITES; i++) {
		struct strbuf path = STRBUF_INIT;
		json_error_t jerr;
		json_t *cases;

		strbuf_addf(&path, "%s/%s.json", argv[1], spec_suites[i]);
		suites[i] = json_load_file(path.buf, 0, &jerr);
		if (!suites[i]) {
			fprintf(stderr, "%s:%d: %s\n", path.buf, jerr.line,
				jerr.text);
			strbuf_release(&path);
			goto out;
		}
		strbuf_release(&path);
		cases = json_object_get(suites[i], "tests");
		if (!json_is_array(cases) || !json_array_size(cases)) {
			fprintf(stderr, "%s/%s.json: no tests\n", argv[1],
				spec_suites[i]);
			goto out;
		}
		for (j = 0; j < json_array_size(cases); j++) {
			json_t *spec_case = json_array_get(cases, j);
			struct strbuf name = STRBUF_INIT;

			if (ntests == alloc) {
				alloc = alloc ? alloc * 2 : 64;
				tests = xrealloc(tests, alloc * sizeof(*tests));
				names = xrealloc(names, alloc * sizeof(*names));
			}
			strbuf_addf(&name, "%s: %s", spec_suites[i],
				    json_string_value(json_object_get(spec_case,
								      "name")));
			names[ntests] = strbuf_detach(&name, NULL);
			memset(&tests[ntests], 0, sizeof(tests[ntests]));
			tests[ntests].name = names[ntests];
			tests[ntests].test_func = test_spec_case;
			tests[ntests].initial_state = spec_case;
			ntests++;
		}
	}
	printf("%zu spec cases\n", ntests);
	tests = xrealloc(tests, (ntests + N_OWN_TESTS) * sizeof(*tests));
	memcpy(tests + ntests, own_tests, sizeof(own_tests));

	/*
	 * cmocka_run_group_tests() takes sizeof of a static array; with a
	 * built one we call the function it expands to.
	 */
	rc = _cmocka_run_group_tests("mustache", tests, ntests + N_OWN_TESTS,
				     NULL, NULL);
out:
	for (i = 0; i < ntests; i++)
		free(names[i]);
	free(names);
	free(tests);
	for (i = 0; i < N_SUITES; i++)
		json_decref(suites[i]);
	return rc;
}
