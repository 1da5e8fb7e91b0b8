/*
 * test_escape.c: unit tests of the output escapers escape_xml(),
 * escape_python() and escape_c() (gen/output/render.c).
 *
 * The exact bytes each escaper makes for quotes, backslashes, control
 * bytes, non-ASCII bytes and C trigraphs (two question marks and one of
 * =/'()!<>-); that each one appends to what is already in the buffer; and
 * that the results read back as the original text: through libxml2 for XML
 * (in attribute values and content), through python3 for Python string
 * literals of every quoting style, through the C compiler for C string
 * literals (every byte 1..255, under -std=c99 where trigraphs are on).  The
 * python3 and C round trips are skipped when the tool is not installed.
 *
 * Usage: test_escape (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/render.h"
#include "base/strbuf.h"

typedef void (*escape_fn)(struct strbuf *out, const char *s, size_t n);

/* Escapes s[0..n) with fn and compares the result with expected. */
static void check_bytes(escape_fn fn, const char *s, size_t n,
			const char *expected)
{
	struct strbuf out = STRBUF_INIT;

	fn(&out, s, n);
	assert_string_equal(strbuf_str(&out), expected);
	assert_int_equal(out.len, strlen(expected));
	strbuf_release(&out);
}

#define CHECK(fn, lit, expected) check_bytes(fn, lit, sizeof(lit) - 1, expected)

/* ---- exact bytes ---- */

static void test_xml_bytes(void **state)
{
	(void)state;
	CHECK(escape_xml, "rax", "rax");
	CHECK(escape_xml, "", "");
	CHECK(escape_xml, "a&b<c>d\"e'f", "a&amp;b&lt;c&gt;d&quot;e&apos;f");
	CHECK(escape_xml, "</reg>", "&lt;/reg&gt;");
	CHECK(escape_xml, "]]>", "]]&gt;");
	CHECK(escape_xml, "&amp;", "&amp;amp;");
	CHECK(escape_xml, "\"\"\"", "&quot;&quot;&quot;");
	/* not XML's business: backslashes, comment closers, UTF-8 */
	CHECK(escape_xml, "a\\b */ --", "a\\b */ --");
	CHECK(escape_xml, "\xc3\xa9\xe2\x82\xac", "\xc3\xa9\xe2\x82\xac");
}

static void test_python_bytes(void **state)
{
	(void)state;
	CHECK(escape_python, "rax", "rax");
	CHECK(escape_python, "", "");
	CHECK(escape_python, "\"", "\\\"");
	CHECK(escape_python, "'", "\\'");
	CHECK(escape_python, "\"\"\"", "\\\"\\\"\\\"");
	CHECK(escape_python, "'''", "\\'\\'\\'");
	CHECK(escape_python, "a\\b", "a\\\\b");
	CHECK(escape_python, "\\", "\\\\");
	CHECK(escape_python, "\\n", "\\\\n");
	/* control bytes as two-digit hex escapes */
	CHECK(escape_python, "\n\t\r", "\\x0a\\x09\\x0d");
	CHECK(escape_python, "\x01\x1f\x7f", "\\x01\\x1f\\x7f");
	CHECK(escape_python, "a\0b", "a\\x00b");
	CHECK(escape_python, "\x1b[0m", "\\x1b[0m");
	/* a hex escape takes exactly two digits: what follows stays itself */
	CHECK(escape_python, "\x01" "ff", "\\x01ff");
	/* UTF-8 passes as it is (Python source is UTF-8) */
	CHECK(escape_python, "\xc3\xa9\xf0\x9f\x98\x80", "\xc3\xa9\xf0\x9f\x98\x80");
	CHECK(escape_python, "*/ </reg> {}%s", "*/ </reg> {}%s");
}

static void test_c_bytes(void **state)
{
	(void)state;
	CHECK(escape_c, "rax", "rax");
	CHECK(escape_c, "", "");
	CHECK(escape_c, "\"", "\\\"");
	CHECK(escape_c, "\"\"\"", "\\\"\\\"\\\"");
	CHECK(escape_c, "a\\b", "a\\\\b");
	CHECK(escape_c, "'", "'");
	/* trigraphs: the second '?' of every "??" is escaped */
	CHECK(escape_c, "?\?=", "?\\?=");
	CHECK(escape_c, "?\?/", "?\\?/");
	CHECK(escape_c, "?\?'?\?(?\?)?\?!?\?<?\?>?\?-",
	      "?\\?'?\\?(?\\?)?\\?!?\\?<?\\?>?\\?-");
	CHECK(escape_c, "?\?\?", "?\\?\\?");
	CHECK(escape_c, "?\?\?\?=", "?\\?\\?\\?=");
	CHECK(escape_c, "?", "?");
	CHECK(escape_c, "?a?=", "?a?=");
	/* control and non-ASCII bytes as three-digit octal escapes, so a
	 * following digit cannot join the escape */
	CHECK(escape_c, "\n\t\r", "\\012\\011\\015");
	CHECK(escape_c, "\x01" "7", "\\0017");
	CHECK(escape_c, "a\0b", "a\\000b");
	CHECK(escape_c, "\x7f", "\\177");
	CHECK(escape_c, "\xc3\xa9", "\\303\\251");
	CHECK(escape_c, "\xff", "\\377");
	/* comment closers are not a string literal's business */
	CHECK(escape_c, "*/ </reg> %d", "*/ </reg> %d");
}

static void test_appends(void **state)
{
	static const escape_fn fns[] = { escape_xml, escape_python, escape_c };
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		struct strbuf out = STRBUF_INIT;

		strbuf_addstr(&out, "x=");
		fns[i](&out, "ab", 2);
		fns[i](&out, "cd", 0);
		fns[i](&out, "cd", 1);
		assert_string_equal(strbuf_str(&out), "x=abc");
		strbuf_release(&out);
	}
}

/* ---- round trips ---- */

/* Printable ASCII, then some UTF-8: what any def string may hold. */
static void printable_text(struct strbuf *sb)
{
	int c;

	for (c = 0x20; c < 0x7f; c++)
		strbuf_addch(sb, c);
	strbuf_addstr(sb, "\"\"\" ''' ?\?= ?\?/ ]]> */ -- \\\\ \\x41 &amp; </reg>");
	strbuf_addstr(sb, " \xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
}

static void test_xml_round_trip(void **state)
{
	struct strbuf text = STRBUF_INIT, esc = STRBUF_INIT, doc = STRBUF_INIT;
	xmlDocPtr d;
	xmlNodePtr root;
	xmlChar *v;

	(void)state;
	printable_text(&text);
	escape_xml(&esc, text.buf, text.len);
	strbuf_addf(&doc, "<?xml version=\"1.0\"?>\n<r a=\"%s\" b='%s'>%s</r>\n",
		    esc.buf, esc.buf, esc.buf);
	d = xmlReadMemory(doc.buf, (int)doc.len, "round-trip.xml", NULL,
			  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	assert_non_null(d);
	root = xmlDocGetRootElement(d);
	assert_non_null(root);
	v = xmlGetProp(root, (const xmlChar *)"a");
	assert_string_equal((const char *)v, text.buf);
	xmlFree(v);
	v = xmlGetProp(root, (const xmlChar *)"b");
	assert_string_equal((const char *)v, text.buf);
	xmlFree(v);
	v = xmlNodeGetContent(root);
	assert_string_equal((const char *)v, text.buf);
	xmlFree(v);
	xmlFreeDoc(d);
	strbuf_release(&text);
	strbuf_release(&esc);
	strbuf_release(&doc);
}

static int have(const char *cmd)
{
	struct strbuf sb = STRBUF_INIT;
	int ok;

	strbuf_addf(&sb, "%s >/dev/null 2>&1", cmd);
	ok = system(sb.buf) == 0;
	strbuf_release(&sb);
	return ok;
}

/* Writes text to path. */
static void put(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Runs cmd and returns its standard output (free() it). */
static char *run(const char *cmd, size_t *len)
{
	FILE *p = popen(cmd, "r");
	struct strbuf sb = STRBUF_INIT;
	char buf[4096];
	size_t n;

	assert_non_null(p);
	while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
		strbuf_add(&sb, buf, n);
	assert_int_equal(pclose(p), 0);
	return strbuf_detach(&sb, len);
}

static void test_python_round_trip(void **state)
{
	static const char *const quotes[] = { "'", "\"", "'''", "\"\"\"" };
	char dir[] = "/tmp/regdefgen-test_escape.XXXXXX";
	struct strbuf text = STRBUF_INIT, esc = STRBUF_INIT, prog = STRBUF_INIT;
	struct strbuf path = STRBUF_INIT, cmd = STRBUF_INIT;
	char *got;
	size_t len, i;
	int c;

	(void)state;
	if (!have("python3 -c pass"))
		skip();
	/* every ASCII byte but NUL, and UTF-8 */
	for (c = 1; c < 0x80; c++)
		strbuf_addch(&text, c);
	printable_text(&text);
	escape_python(&esc, text.buf, text.len);

	assert_non_null(mkdtemp(dir));
	strbuf_addstr(&prog, "import sys\nout = sys.stdout.buffer\n");
	for (i = 0; i < 4; i++)
		strbuf_addf(&prog, "out.write((%s%s%s).encode('utf-8'))\n",
			    quotes[i], esc.buf, quotes[i]);
	strbuf_addf(&path, "%s/t.py", dir);
	put(path.buf, prog.buf, prog.len);
	strbuf_addf(&cmd, "python3 %s", path.buf);
	got = run(cmd.buf, &len);
	assert_int_equal(len, 4 * text.len);
	for (i = 0; i < 4; i++)
		assert_memory_equal(got + i * text.len, text.buf, text.len);
	free(got);
	unlink(path.buf);
	rmdir(dir);
	strbuf_release(&text);
	strbuf_release(&esc);
	strbuf_release(&prog);
	strbuf_release(&path);
	strbuf_release(&cmd);
}

static void test_c_round_trip(void **state)
{
	char dir[] = "/tmp/regdefgen-test_escape.XXXXXX";
	struct strbuf text = STRBUF_INIT, esc = STRBUF_INIT, prog = STRBUF_INIT;
	struct strbuf src = STRBUF_INIT, exe = STRBUF_INIT, cmd = STRBUF_INIT;
	char *got;
	size_t len;
	int c;

	(void)state;
	if (!have("cc --version"))
		skip();
	/* every byte but NUL, trigraph sequences, digits after escapes */
	for (c = 1; c < 0x100; c++)
		strbuf_addch(&text, c);
	strbuf_addstr(&text, "?\?= ?\?/ ?\?' ?\?( ?\?) ?\?! ?\?< ?\?> ?\?- ?\?\? \x01" "7 \x7f" "0");
	printable_text(&text);
	escape_c(&esc, text.buf, text.len);

	assert_non_null(mkdtemp(dir));
	strbuf_addf(&prog,
		    "#include <stdio.h>\n"
		    "static const char s[] = \"%s\";\n"
		    "int main(void)\n{\n"
		    "\treturn fwrite(s, 1, sizeof(s) - 1, stdout) != sizeof(s) - 1;\n"
		    "}\n", esc.buf);
	strbuf_addf(&src, "%s/t.c", dir);
	strbuf_addf(&exe, "%s/t", dir);
	put(src.buf, prog.buf, prog.len);
	/* -std=c99 turns trigraphs on; -Werror catches any that slip through */
	strbuf_addf(&cmd, "cc -std=c99 -pedantic -Wall -Werror -o %s %s && %s",
		    exe.buf, src.buf, exe.buf);
	got = run(cmd.buf, &len);
	assert_int_equal(len, text.len);
	assert_memory_equal(got, text.buf, text.len);
	free(got);
	unlink(src.buf);
	unlink(exe.buf);
	rmdir(dir);
	strbuf_release(&text);
	strbuf_release(&esc);
	strbuf_release(&prog);
	strbuf_release(&src);
	strbuf_release(&exe);
	strbuf_release(&cmd);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(test_xml_bytes),
	cmocka_unit_test(test_python_bytes),
	cmocka_unit_test(test_c_bytes),
	cmocka_unit_test(test_appends),
	cmocka_unit_test(test_xml_round_trip),
	cmocka_unit_test(test_python_round_trip),
	cmocka_unit_test(test_c_round_trip),
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
