/*
 * test_known.c: unit tests of known.c, the one table of LLDB's constants:
 * each format, encoding and generic role is found by its def name, by its
 * constant's value (what an LLDB file gives the importer) and, for formats,
 * by its target.xml/qRegisterInfo spelling, and comes back as itself; the
 * stand-in lldb module holds each constant once with its value.  That the
 * values are LLDB 16's is tests/lldb/test-lldb-constants.sh's job.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "model/known.h"
#include "base/strbuf.h"

static const char *const format_names[] = {
	"hex", "address", "decimal", "unsigned", "binary", "float", "pointer",
	"int8_t[]", "uint8_t[]", "uint16_t[]", "uint32_t[]", "uint64_t[]",
	"uint128_t[]", "float32[]", "float64[]",
};

/* "NAME = VALUE\n" is a line of the module, exactly once. */
static void assert_once(const char *module, const char *constant, long long value)
{
	char line[128];
	const char *at;

	snprintf(line, sizeof(line), "\n%s = %lld\n", constant, value);
	at = strstr(module, line);
	assert_non_null(at);
	assert_null(strstr(at + 1, line));
}

static void test_formats(void **state)
{
	struct strbuf module = STRBUF_INIT;
	size_t i;

	(void)state;
	known_lldb_module(&module);
	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++) {
		const struct lldb_format_info *f = known_lldb_format(format_names[i]);
		char upper[32];
		size_t k;

		assert_non_null(f);
		assert_ptr_equal(known_lldb_format_by_value(f->value), f);
		assert_ptr_equal(known_lldb_format_by_wire(f->name), f);
		assert_ptr_equal(known_lldb_format_by_wire(f->wire_name), f);
		for (k = 0; f->wire_name[k] && k + 1 < sizeof(upper); k++)
			upper[k] = (char)(f->wire_name[k] >= 'a' && f->wire_name[k] <= 'z' ?
					  f->wire_name[k] - 32 : f->wire_name[k]);
		upper[k] = '\0';
		assert_ptr_equal(known_lldb_format_by_wire(upper), f);
		assert_once(module.buf, f->constant, f->value);
	}
	/* eFormatDefault is hex; eFormatChar (5) and 99 are no def format */
	assert_string_equal(known_lldb_format_by_value(0)->name, "hex");
	assert_null(known_lldb_format_by_value(5));
	assert_null(known_lldb_format_by_value(99));
	assert_once(module.buf, "eFormatChar", 5);
	/* LLDB's other spellings */
	assert_string_equal(known_lldb_format_by_wire("x")->name, "hex");
	assert_string_equal(known_lldb_format_by_wire("vector-sint32")->name, "uint32_t[]");
	assert_null(known_lldb_format_by_wire("X"));
	assert_null(known_lldb_format_by_wire("hexadecimal"));
	assert_null(known_lldb_format_by_wire(NULL));
	/* the list messages show (tests/bad expects it word for word) */
	assert_string_equal(known_lldb_format_list(),
		"hex, address, decimal, unsigned, binary, float, pointer, "
		"int8_t[], uint8_t[], uint16_t[], uint32_t[], uint64_t[], "
		"uint128_t[], float32[], float64[]");
	assert_string_equal(known_lldb_format(LLDB_DEFAULT_FORMAT)->constant, "eFormatHex");
	strbuf_release(&module);
}

static void test_encodings_generics_byte_orders(void **state)
{
	static const char *const encodings[] = { "uint", "sint", "ieee754", "vector" };
	static const char *const generics[] = {
		"pc", "sp", "fp", "ra", "flags", "arg1", "arg2", "arg3", "arg4",
		"arg5", "arg6", "arg7", "arg8",
	};
	struct strbuf module = STRBUF_INIT;
	size_t i;

	(void)state;
	known_lldb_module(&module);
	for (i = 0; i < 4; i++) {
		const struct lldb_encoding_info *e = known_lldb_encoding(encodings[i]);
		assert_non_null(e);
		assert_ptr_equal(known_lldb_encoding_by_value(e->value), e);
		assert_once(module.buf, e->constant, e->value);
	}
	assert_null(known_lldb_encoding_by_value(0)); /* eEncodingInvalid */
	assert_null(known_lldb_encoding_by_value(5));
	for (i = 0; i < 13; i++) {
		const struct lldb_generic_info *g = known_lldb_generic(generics[i]);
		assert_non_null(g);
		assert_int_equal(g->value, (long long)i);
		assert_ptr_equal(known_lldb_generic_by_value(g->value), g);
		assert_once(module.buf, g->constant, g->value);
	}
	assert_null(known_lldb_generic("tp")); /* LLDB 16 has no such role */
	assert_null(known_lldb_generic_by_value(13));
	assert_once(module.buf, "LLDB_INVALID_REGNUM", 4294967295LL);
	assert_once(module.buf, "eByteOrderLittle", 4);
	assert_string_equal(known_lldb_byte_order("little")->constant, "eByteOrderLittle");
	assert_once(module.buf, known_lldb_byte_order("big")->constant,
		    known_lldb_byte_order("big")->value);
	assert_null(known_lldb_byte_order("middle"));
	assert_null(known_lldb_byte_order(NULL));
	assert_string_equal(known_lldb_encoding(LLDB_DEFAULT_ENCODING)->constant, "eEncodingUint");
	/* the lists messages show, made from the tables (tests/bad expects them
	 * word for word) */
	assert_string_equal(known_lldb_encoding_list(), "uint, sint, ieee754 or vector");
	assert_string_equal(known_lldb_generic_list(), "pc, sp, fp, ra, flags or arg1..arg8");
	strbuf_release(&module);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_encodings_generics_byte_orders),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
