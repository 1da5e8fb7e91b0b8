/*
 * test_import.c: unit tests of the importers, the def writer, the layout
 * diff, the RSP codec and the qRegisterInfo replies of the C header
 * (gen/import/, gen/compare/layout-diff.c, gen/remote/rsp.c,
 * gen/remote/probe.c, templates/IDENT_regs.h.mustache through out/).
 *
 * Run from the repository root (tests/run does): it reads defs/ and out/.
 * Usage: test_import (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/check.h"
#include "import/def-write.h"
#include "model/diag.h"
#include "import/import-lldb.h"
#include "import/import-xml.h"
#include "model/layout-build.h"
#include "compare/layout-diff.h"
#include "model/load.h"
#include "remote/probe.h"
#include "remote/rsp.h"
#include "base/strbuf.h"

/* The generated header: its qRegisterInfo replies are under test. */
#include "../../out/x86_64-qemu/x86_64_qemu_regs.h"

static struct strbuf captured = STRBUF_INIT;

static int setup(void **state)
{
	(void)state;
	strbuf_reset(&captured);
	diag_capture(&captured);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	diag_capture(NULL);
	return 0;
}

static struct layout *load_def(const char *path)
{
	int errors;
	struct layout *l = load_layout(path, &errors);

	assert_int_equal(errors, 0);
	assert_int_equal(check_layout(l), 0);
	return l;
}

/* Writes text to a fresh file in a fresh folder; returns its path. */
static char *temp_file(const char *name, const char *text)
{
	char dir[] = "/tmp/regdefgen-unit.XXXXXX";
	struct strbuf path = STRBUF_INIT;
	FILE *f;

	assert_non_null(mkdtemp(dir));
	strbuf_addf(&path, "%s/%s", dir, name);
	f = fopen(path.buf, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return strbuf_detach(&path, NULL);
}

static void remove_temp(char *path)
{
	char *slash = strrchr(path, '/');
	unlink(path);
	*slash = '\0';
	rmdir(path);
	free(path);
}

/* ---- the RSP codec ---- */

static void test_rsp_checksum(void **state)
{
	(void)state;
	assert_int_equal(rsp_checksum("", 0), 0);
	assert_int_equal(rsp_checksum("OK", 2), 0x9a);
	assert_int_equal(rsp_checksum("qSupported", 10), 0x37);
}

static void test_rsp_rle(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	/* '0' then ' ' (32 - 29 = 3 more) */
	assert_int_equal(rsp_expand_rle("0* 1", 4, &out), 0);
	assert_string_equal(out.buf, "00001");
	strbuf_reset(&out);
	/* gdbserver's style: '}' = 96 more */
	assert_int_equal(rsp_expand_rle("a*}", 3, &out), 0);
	assert_int_equal(out.len, 97);
	strbuf_reset(&out);
	assert_int_equal(rsp_expand_rle("*x", 2, &out), -1);   /* nothing to repeat */
	strbuf_reset(&out);
	assert_int_equal(rsp_expand_rle("a*", 2, &out), -1);   /* no count */
	strbuf_reset(&out);
	assert_int_equal(rsp_expand_rle("a*\x1f", 3, &out), -1); /* count below 3 */
	strbuf_release(&out);
}

static void test_rsp_unescape(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_int_equal(rsp_unescape_binary("a}\x5d" "b}\x03}\x04}\x0a", 10, &out), 0);
	assert_string_equal(out.buf, "a}b#$*");
	strbuf_reset(&out);
	assert_int_equal(rsp_unescape_binary("abc}", 4, &out), -1);
	strbuf_release(&out);
}

static void test_rsp_timeout_option(void **state)
{
	int ms = 0;

	(void)state;
	assert_int_equal(rsp_parse_timeout_ms("5", &ms), 0);
	assert_int_equal(ms, 5000);
	assert_int_equal(rsp_parse_timeout_ms("0.25", &ms), 0);
	assert_int_equal(ms, 250);
	assert_int_equal(rsp_parse_timeout_ms("0", &ms), -1);
	assert_int_equal(rsp_parse_timeout_ms("-1", &ms), -1);
	assert_int_equal(rsp_parse_timeout_ms("soon", &ms), -1);
	assert_int_equal(rsp_parse_timeout_ms("nan", &ms), -1);
}

static void test_rsp_refused(void **state)
{
	struct rsp c;

	(void)state;
	/* port 1 on loopback: nothing listens there */
	assert_int_equal(rsp_connect(&c, "127.0.0.1:1", 1000), -1);
	rsp_close(&c);
	assert_non_null(strstr(strbuf_str(&captured), "connection refused"));
}

/* ---- XML import ---- */

static const char edge_xml[] =
	"<?xml version=\"1.0\"?>\n"
	"<target><architecture>i386:x86-64</architecture>\n"
	"<feature name=\"org.gnu.gdb.i386.core\">\n"
	"  <flags id=\"fl\" size=\"4\"><field name=\"A\" start=\"0\" end=\"0\"/></flags>\n"
	"  <reg name=\"rax\" bitsize=\"64\" type=\"int64\"/>\n"
	"  <reg name=\"eflags\" bitsize=\"32\" type=\"fl\" regnum=\"3\"/>\n"
	"  <reg name=\"rip\" bitsize=\"64\" type=\"code_ptr\" regnum=\"1\"/>\n"
	"</feature></target>\n";

static void test_import_xml_numbers(void **state)
{
	char *path = temp_file("t.xml", edge_xml);
	struct import_options opt = { 0, 0, NULL, 0, 0 };
	struct layout *l = import_xml_file(path, "t", &opt);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->nregs, 3);
	/* regnum order: rax 0, rip 1, eflags 3 (a jump) */
	assert_string_equal(l->regs[0].name, "rax");
	assert_string_equal(l->regs[1].name, "rip");
	assert_int_equal(l->regs[1].regnum, 1);
	assert_int_equal(l->regs[1].offset, 8);
	assert_string_equal(l->regs[2].name, "eflags");
	assert_int_equal(l->regs[2].regnum, 3);
	assert_int_equal(l->regs[2].offset, 16);
	assert_int_equal(l->g_packet_size, 20);
	/* knowledge: SysV DWARF numbers and roles */
	assert_int_equal(l->regs[0].dwarf, 0);
	assert_int_equal(l->regs[2].dwarf, 49);
	assert_string_equal(l->regs[1].generic, "pc");
	assert_string_equal(l->lldb_triple.value, "x86_64-*-linux");
	assert_int_equal(layout_is_dense(l), 0);
	layout_make_dense(l);
	assert_int_equal(layout_is_dense(l), 1);
	assert_int_equal(l->regs[2].regnum, 2);
	assert_non_null(strstr(strbuf_str(&captured), "'eflags' has remote number 3"));
	layout_free(l);
	remove_temp(path);
}

static void test_import_xml_errors(void **state)
{
	char *path = temp_file("bad.xml", "<target><feature name=\"x\"><reg name=\"r\"/></feature></target>");
	struct layout *l;

	(void)state;
	l = import_xml_file(path, "bad", NULL);
	assert_null(l);
	assert_non_null(strstr(strbuf_str(&captured), "has no valid bitsize"));
	remove_temp(path);
	strbuf_reset(&captured);
	path = temp_file("unk.xml", "<target><feature name=\"x\"><reg name=\"r\" bitsize=\"32\" type=\"nope\"/></feature></target>");
	l = import_xml_file(path, "unk", NULL);
	assert_null(l);
	assert_non_null(strstr(strbuf_str(&captured), "unknown type 'nope'"));
	remove_temp(path);
}

/* A union of IEEE floats as wide as the register (QEMU's riscv_double)
 * is a float register for LLDB; a union with an integer member stays a
 * vector (the negative control). */
static void test_import_float_union(void **state)
{
	char *path = temp_file("fu.xml",
		"<target><architecture>riscv:rv64</architecture>\n"
		"<feature name=\"org.gnu.gdb.riscv.fpu\">\n"
		"<union id=\"fd\"><field name=\"float\" type=\"ieee_single\"/><field name=\"double\" type=\"ieee_double\"/></union>\n"
		"<union id=\"fi\"><field name=\"float\" type=\"ieee_double\"/><field name=\"i\" type=\"int64\"/></union>\n"
		"<reg name=\"ft0\" bitsize=\"64\" type=\"fd\"/>\n"
		"<reg name=\"x\" bitsize=\"64\" type=\"fi\"/>\n"
		"</feature></target>\n");
	struct import_options opt = { 0, 0, NULL, 0, 0 };
	struct layout *l = import_xml_file(path, "fu", &opt);

	(void)state;
	assert_non_null(l);
	assert_string_equal(l->regs[0].encoding, "ieee754");
	assert_string_equal(l->regs[0].format, "float");
	assert_int_equal(l->regs[0].dwarf, 32);
	assert_string_equal(l->regs[1].encoding, "vector");
	layout_free(l);
	remove_temp(path);
}

/* ---- def writer: a def written from a layout loads back the same ---- */

static void roundtrip(const char *def)
{
	struct layout *a = load_def(def), *b;
	struct strbuf text = STRBUF_INIT;
	struct layout_diff d;
	char *path;

	def_write(&text, a);
	path = temp_file("roundtrip.json", text.buf);
	b = load_def(path);
	layout_diff(a, b, &d);
	if (!layout_diff_same(&d))
		layout_diff_print(stderr, &d, &(struct diff_side){ a, def, "def", -1 },
				  &(struct diff_side){ b, path, "def", -1 });
	assert_true(layout_diff_same(&d));
	assert_int_equal(a->nslices, b->nslices);
	assert_int_equal(a->ntypes, b->ntypes);
	assert_int_equal(a->nfeatures, b->nfeatures);
	layout_diff_release(&d);
	layout_free(a);
	layout_free(b);
	strbuf_release(&text);
	remove_temp(path);
}

static void test_def_write_roundtrip(void **state)
{
	(void)state;
	roundtrip("defs/x86_64.json");
	roundtrip("defs/x86_64-qemu.json");
	roundtrip("defs/i386.json");
}

static void test_def_write_deterministic(void **state)
{
	struct layout *l = load_def("defs/i386-qemu.json");
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;

	(void)state;
	def_write(&a, l);
	def_write(&b, l);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.buf, b.buf, a.len);
	/* defaults are said once, not on every register */
	assert_non_null(strstr(a.buf, "\"defaults\": {\"feature\": \"core\", \"set\": \"gpr\"}"));
	strbuf_release(&a);
	strbuf_release(&b);
	layout_free(l);
}

/* ---- diff ---- */

static void test_diff_finds_first_wire_difference(void **state)
{
	struct layout *a = load_def("defs/x86_64.json"), *b = load_def("defs/x86_64-qemu.json");
	struct layout_diff d;
	size_t i;
	int saw_missing = 0;

	(void)state;
	layout_diff(a, b, &d);
	assert_false(layout_diff_same(&d));
	assert_true(d.wire_differs);
	assert_int_equal(d.wire_offset, 164);
	assert_string_equal(d.wire_a->name, "st0");
	assert_string_equal(d.wire_b->name, "fs_base");
	for (i = 0; i < d.n; i++)
		if (d.items[i].kind == DIFF_MISSING_IN_A && !strcmp(d.items[i].b->name, "efer"))
			saw_missing = 1;
	assert_true(saw_missing);
	layout_diff_release(&d);
	layout_diff(a, a, &d);
	assert_true(layout_diff_same(&d));
	layout_diff_release(&d);
	layout_free(a);
	layout_free(b);
}

/* ---- qRegisterInfo ---- */

static void test_qreginfo_parse(void **state)
{
	char *replies[] = {
		"name:rax;bitsize:64;offset:8;encoding:uint;format:hex;set:General Purpose Registers;ehframe:0;dwarf:0;",
		"name:rip;bitsize:64;offset:0;encoding:uint;format:hex;set:General Purpose Registers;generic:pc;dwarf:16;",
		"name:xmm0;bitsize:128;offset:16;encoding:vector;format:vector-uint8;set:Floating Point Registers;",
		"name:ah;bitsize:8;offset:9;encoding:uint;format:hex;set:General Purpose Registers;container-regs:0;invalidate-regs:0;",
	};
	struct layout *l = layout_from_qreginfo(replies, 4, "stub", "x86_64-pc-linux-gnu", NULL);

	(void)state;
	assert_non_null(l);
	assert_int_equal(l->nregs, 3);
	assert_int_equal(l->nslices, 1);
	assert_string_equal(l->slices[0].parent, "rax");
	assert_int_equal(l->slices[0].lsb, 8);
	assert_int_equal(l->slices[0].msb, 15);
	assert_int_equal(l->regs[0].offset, 8);
	assert_string_equal(l->regs[1].generic, "pc");
	assert_string_equal(l->regs[2].format, "uint8_t[]");
	assert_string_equal(l->sets[l->regs[2].set_index].name, "Floating Point Registers");
	assert_int_equal(l->g_packet_size, 32);
	assert_string_equal(l->gdb_architecture.value, "i386:x86-64");
	layout_free(l);
}

/* The header's replies describe the def's layout exactly. */
static void test_header_qregisterinfo(void **state)
{
	char *replies[X86_64_QEMU_NUM_QREGISTERINFO];
	struct layout *def = load_def("defs/x86_64-qemu.json"), *stub;
	struct layout_diff d;
	unsigned n;

	(void)state;
	for (n = 0; x86_64_qemu_qregisterinfo(n); n++)
		replies[n] = (char *)x86_64_qemu_qregisterinfo(n);
	assert_int_equal(n, X86_64_QEMU_NUM_QREGISTERINFO);
	assert_int_equal(n, def->nregs + def->nslices);
	assert_null(x86_64_qemu_qregisterinfo(n));
	/* the registers: the same layout, name by name, byte by byte */
	stub = layout_from_qreginfo(replies, def->nregs, "header", "x86_64-*-linux", NULL);
	layout_diff(def, stub, &d);
	if (!layout_diff_same(&d))
		layout_diff_print(stderr, &d, &(struct diff_side){ def, "def", "def", -1 },
				  &(struct diff_side){ stub, "header", "qRegisterInfo", -1 });
	assert_true(layout_diff_same(&d));
	layout_diff_release(&d);
	layout_free(stub);
	/* the sub-registers: each at its parent's bytes */
	for (n = 0; n < def->nslices; n++) {
		const struct reg *s = &def->slices[n];
		struct strbuf want = STRBUF_INIT;
		strbuf_addf(&want, "name:%s;bitsize:%d;offset:%d;", s->name, s->bitsize, s->offset);
		assert_non_null(strstr(replies[def->nregs + n], want.buf));
		strbuf_release(&want);
	}
	layout_free(def);
}

static void test_header_qhostinfo(void **state)
{
	char buf[X86_64_QEMU_QHOSTINFO_MAX];
	size_t n = x86_64_qemu_qhostinfo(buf);

	(void)state;
	/* "x86_64-*-linux" hex-encoded */
	assert_string_equal(buf, "triple:7838365f36342d2a2d6c696e7578;endian:little;");
	assert_int_equal(n, strlen(buf));
	assert_true(n < sizeof(buf));
}

/* ---- LLDB dicts ---- */

static void test_lldb_dict(void **state)
{
	json_error_t err;
	json_t *d = json_loads(
		"{\"sets\": [\"GPR\"], \"host-info\": {\"triple\": \"x86_64-*-linux\"},"
		" \"breakpoint-pc-offset\": -1, \"registers\": ["
		" {\"name\": \"rax\", \"set\": 0, \"bitsize\": 64, \"offset\": 0, \"encoding\": 1, \"format\": 35, \"dwarf\": 0},"
		" {\"name\": \"rip\", \"set\": 0, \"bitsize\": 64, \"offset\": 8, \"generic\": 0},"
		" {\"name\": \"eax\", \"set\": 0, \"bitsize\": 32, \"slice\": \"rax[31:0]\"}]}", 0, &err);
	struct layout *l;

	(void)state;
	assert_non_null(d);
	l = layout_from_lldb_dict(d, "mem.py", "mem", NULL);
	assert_non_null(l);
	assert_int_equal(l->nregs, 2);
	assert_int_equal(l->nslices, 1);
	assert_string_equal(l->regs[0].format, "address");
	assert_string_equal(l->regs[1].generic, "pc");
	assert_int_equal(l->breakpoint_pc_offset, -1);
	assert_int_equal(l->slices[0].regnum, 2);
	layout_free(l);
	json_decref(d);
	/* a float offset: LLDB rejects the file, so do we */
	d = json_loads("{\"sets\": [\"GPR\"], \"registers\": [{\"name\": \"r\", \"set\": 0, \"bitsize\": 64, \"offset\": 8.0}]}", 0, &err);
	assert_null(layout_from_lldb_dict(d, "mem.py", "mem", NULL));
	assert_non_null(strstr(strbuf_str(&captured), "a float"));
	json_decref(d);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_rsp_checksum, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rsp_rle, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rsp_unescape, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rsp_timeout_option, setup, teardown),
	cmocka_unit_test_setup_teardown(test_rsp_refused, setup, teardown),
	cmocka_unit_test_setup_teardown(test_import_xml_numbers, setup, teardown),
	cmocka_unit_test_setup_teardown(test_import_xml_errors, setup, teardown),
	cmocka_unit_test_setup_teardown(test_import_float_union, setup, teardown),
	cmocka_unit_test_setup_teardown(test_def_write_roundtrip, setup, teardown),
	cmocka_unit_test_setup_teardown(test_def_write_deterministic, setup, teardown),
	cmocka_unit_test_setup_teardown(test_diff_finds_first_wire_difference, setup, teardown),
	cmocka_unit_test_setup_teardown(test_qreginfo_parse, setup, teardown),
	cmocka_unit_test_setup_teardown(test_header_qregisterinfo, setup, teardown),
	cmocka_unit_test_setup_teardown(test_header_qhostinfo, setup, teardown),
	cmocka_unit_test_setup_teardown(test_lldb_dict, setup, teardown),
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
