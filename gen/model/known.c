/*
 * known.c: tables of GDB and LLDB facts (see known.h).  Sources: GDB's
 * predefined target-description types and LLDB 16's format, encoding and
 * generic-register names, as the reference notes record them.
 */
#include "model/known.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct gdb_type_info gdb_types[] = {
	{ "bool", 1 }, { "int8", 1 }, { "int16", 2 }, { "int32", 4 },
	{ "int64", 8 }, { "int128", 16 }, { "uint8", 1 }, { "uint16", 2 },
	{ "uint32", 4 }, { "uint64", 8 }, { "uint128", 16 },
	{ "code_ptr", 0 }, { "data_ptr", 0 },
	{ "ieee_half", 2 }, { "ieee_single", 4 }, { "ieee_double", 8 },
	{ "arm_fpa_ext", 12 }, { "i387_ext", 10 }, { "bfloat16", 2 },
	{ "int", -1 }, { "float", -1 },
};

/* The formats a def names, in the order messages list them. */
static const struct lldb_format_info lldb_formats[] = {
	{ "hex", "eFormatHex", "hex", 11 },
	{ "address", "eFormatAddressInfo", "address", 35 },
	{ "decimal", "eFormatDecimal", "decimal", 9 },
	{ "unsigned", "eFormatUnsigned", "unsigned", 18 },
	{ "binary", "eFormatBinary", "binary", 2 },
	{ "float", "eFormatFloat", "float", 13 },
	{ "pointer", "eFormatPointer", "pointer", 19 },
	{ "int8_t[]", "eFormatVectorOfSInt8", "vector-sint8", 21 },
	{ "uint8_t[]", "eFormatVectorOfUInt8", "vector-uint8", 22 },
	{ "uint16_t[]", "eFormatVectorOfUInt16", "vector-uint16", 24 },
	{ "uint32_t[]", "eFormatVectorOfUInt32", "vector-uint32", 26 },
	{ "uint64_t[]", "eFormatVectorOfUInt64", "vector-uint64", 28 },
	{ "uint128_t[]", "eFormatVectorOfUInt128", "vector-uint128", 32 },
	{ "float32[]", "eFormatVectorOfFloat32", "vector-float32", 30 },
	{ "float64[]", "eFormatVectorOfFloat64", "vector-float64", 31 },
};

/* LLDB's other spellings of a format in target.xml and qRegisterInfo
 * (its one-letter format names, "default"), and the signed vector
 * formats, which a def has no name for, taken as their unsigned kin. */
static const struct { const char *alias, *name; } lldb_format_aliases[] = {
	{ "x", "hex" }, { "A", "address" }, { "d", "decimal" },
	{ "u", "unsigned" }, { "b", "binary" }, { "f", "float" },
	{ "p", "pointer" }, { "default", "hex" }, { "vector-sint16", "uint16_t[]" },
	{ "vector-sint32", "uint32_t[]" }, { "vector-uint", "uint8_t[]" },
	{ "unsigned decimal", "unsigned" },
};

/* A constant of LLDB 16's lldb module with no def name. */
struct lldb_constant {
	const char *constant;
	long long value;
};

/* The lldb module's other formats: a file may use them; a def cannot
 * (eFormatDefault, 0, is read as hex). */
static const struct lldb_constant lldb_other_formats[] = {
	{ "eFormatDefault", 0 }, { "eFormatInvalid", 0 }, { "eFormatBoolean", 1 },
	{ "eFormatBytes", 3 }, { "eFormatBytesWithASCII", 4 }, { "eFormatChar", 5 },
	{ "eFormatCharPrintable", 6 }, { "eFormatComplex", 7 },
	{ "eFormatComplexFloat", 7 }, { "eFormatCString", 8 }, { "eFormatEnum", 10 },
	{ "eFormatHexUppercase", 12 }, { "eFormatOctal", 14 }, { "eFormatOSType", 15 },
	{ "eFormatUnicode16", 16 }, { "eFormatUnicode32", 17 },
	{ "eFormatVectorOfChar", 20 }, { "eFormatVectorOfSInt16", 23 },
	{ "eFormatVectorOfSInt32", 25 }, { "eFormatVectorOfSInt64", 27 },
	{ "eFormatVectorOfFloat16", 29 }, { "eFormatComplexInteger", 33 },
	{ "eFormatCharArray", 34 },
};

static const struct lldb_encoding_info lldb_encodings[] = {
	{ "uint", "eEncodingUint", 1 },
	{ "sint", "eEncodingSint", 2 },
	{ "ieee754", "eEncodingIEEE754", 3 },
	{ "vector", "eEncodingVector", 4 },
};

/* LLDB 16 knows no "tp" role; "lr" is an alias of "ra" that defs spell "ra". */
static const struct lldb_generic_info lldb_generics[] = {
	{ "pc", "LLDB_REGNUM_GENERIC_PC", 0 },
	{ "sp", "LLDB_REGNUM_GENERIC_SP", 1 },
	{ "fp", "LLDB_REGNUM_GENERIC_FP", 2 },
	{ "ra", "LLDB_REGNUM_GENERIC_RA", 3 },
	{ "flags", "LLDB_REGNUM_GENERIC_FLAGS", 4 },
	{ "arg1", "LLDB_REGNUM_GENERIC_ARG1", 5 },
	{ "arg2", "LLDB_REGNUM_GENERIC_ARG2", 6 },
	{ "arg3", "LLDB_REGNUM_GENERIC_ARG3", 7 },
	{ "arg4", "LLDB_REGNUM_GENERIC_ARG4", 8 },
	{ "arg5", "LLDB_REGNUM_GENERIC_ARG5", 9 },
	{ "arg6", "LLDB_REGNUM_GENERIC_ARG6", 10 },
	{ "arg7", "LLDB_REGNUM_GENERIC_ARG7", 11 },
	{ "arg8", "LLDB_REGNUM_GENERIC_ARG8", 12 },
};

static const struct lldb_byte_order_info lldb_byte_orders[] = {
	{ "little", "eByteOrderLittle", 4 },
	{ "big", "eByteOrderBig", 1 },
};

/* The rest of what the stand-in module defines. */
static const struct lldb_constant lldb_other_constants[] = {
	{ "eEncodingInvalid", 0 },
	{ "eByteOrderInvalid", 0 }, { "eByteOrderPDP", 2 },
	{ "LLDB_INVALID_REGNUM", 4294967295LL },
};

#define COUNT(table) (sizeof(table) / sizeof(table[0]))

#define FIND(table, key)                                                \
	do {                                                            \
		size_t i_;                                              \
		for (i_ = 0; i_ < COUNT(table); i_++)                   \
			if (!strcmp(table[i_].name, key))               \
				return &table[i_];                      \
		return NULL;                                            \
	} while (0)

const struct gdb_type_info *known_gdb_type(const char *name)
{
	FIND(gdb_types, name);
}

const struct lldb_format_info *known_lldb_format(const char *name)
{
	FIND(lldb_formats, name);
}

#define FIND_VALUE(table, v)                                            \
	do {                                                            \
		size_t i_;                                              \
		for (i_ = 0; i_ < COUNT(table); i_++)                   \
			if (table[i_].value == (v))                     \
				return &table[i_];                      \
		return NULL;                                            \
	} while (0)

const struct lldb_format_info *known_lldb_format_by_value(long long v)
{
	if (v == 0) /* eFormatDefault: what LLDB shows a register in */
		return known_lldb_format(LLDB_DEFAULT_FORMAT);
	FIND_VALUE(lldb_formats, v);
}

const struct lldb_format_info *known_lldb_format_by_wire(const char *wire)
{
	size_t i;

	if (!wire)
		return NULL;
	for (i = 0; i < COUNT(lldb_formats); i++)
		if (!strcasecmp(lldb_formats[i].name, wire) ||
		    !strcasecmp(lldb_formats[i].wire_name, wire))
			return &lldb_formats[i];
	for (i = 0; i < COUNT(lldb_format_aliases); i++)
		if (!strcmp(lldb_format_aliases[i].alias, wire))
			return known_lldb_format(lldb_format_aliases[i].name);
	return NULL;
}

const char *known_lldb_format_list(void)
{
	static char list[256];
	size_t i, n = 0;

	if (!list[0])
		for (i = 0; i < COUNT(lldb_formats); i++)
			n += (size_t)snprintf(list + n, sizeof(list) - n, "%s%s",
					      i ? ", " : "", lldb_formats[i].name);
	return list;
}

/*
 * Appends names[0..n) to sb as a message lists them, "a, b or c"; a run of
 * names that are one prefix and the numbers 1, 2, 3... is shown as a range
 * ("arg1..arg8").
 */
static void join_names(struct strbuf *sb, const char *const *names, size_t n)
{
	const char *shown[32];
	char ranges[32][32];
	size_t i = 0, k = 0, j;

	while (i < n && k < 32) {
		size_t p = strcspn(names[i], "0123456789"), end = i + 1;

		/* extend while the next name is the prefix and the next number */
		while (p && end < n && !strncmp(names[end], names[i], p) &&
		       atoi(names[end] + p) == atoi(names[end - 1] + p) + 1 &&
		       atoi(names[i] + p) == 1)
			end++;
		if (end - i > 2) {
			snprintf(ranges[k], sizeof(ranges[k]), "%s..%s", names[i], names[end - 1]);
			shown[k] = ranges[k];
			k++;
		} else {
			for (j = i; j < end && k < 32; j++)
				shown[k++] = names[j];
		}
		i = end;
	}
	for (j = 0; j < k; j++)
		strbuf_addf(sb, "%s%s", j == 0 ? "" : j + 1 == k ? " or " : ", ", shown[j]);
}

const char *known_lldb_encoding_list(void)
{
	static struct strbuf list = STRBUF_INIT;
	const char *names[COUNT(lldb_encodings)];
	size_t i;

	if (!list.len) {
		for (i = 0; i < COUNT(lldb_encodings); i++)
			names[i] = lldb_encodings[i].name;
		join_names(&list, names, COUNT(lldb_encodings));
	}
	return list.buf;
}

const char *known_lldb_generic_list(void)
{
	static struct strbuf list = STRBUF_INIT;
	const char *names[COUNT(lldb_generics)];
	size_t i;

	if (!list.len) {
		for (i = 0; i < COUNT(lldb_generics); i++)
			names[i] = lldb_generics[i].name;
		join_names(&list, names, COUNT(lldb_generics));
	}
	return list.buf;
}

const struct lldb_encoding_info *known_lldb_encoding(const char *name)
{
	FIND(lldb_encodings, name);
}

const struct lldb_encoding_info *known_lldb_encoding_by_value(long long v)
{
	FIND_VALUE(lldb_encodings, v);
}

const struct lldb_generic_info *known_lldb_generic(const char *name)
{
	FIND(lldb_generics, name);
}

const struct lldb_generic_info *known_lldb_generic_by_value(long long v)
{
	FIND_VALUE(lldb_generics, v);
}

const struct lldb_byte_order_info *known_lldb_byte_order(const char *endian)
{
	if (!endian)
		return NULL;
	FIND(lldb_byte_orders, endian);
}

void known_lldb_module(struct strbuf *out)
{
	size_t i;

	strbuf_addstr(out, "# Stand-in for LLDB's python module, written by regdefgen: the\n"
			   "# constants of LLDB 16 that target definition files use.\n");
	for (i = 0; i < COUNT(lldb_encodings); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_encodings[i].constant, lldb_encodings[i].value);
	for (i = 0; i < COUNT(lldb_formats); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_formats[i].constant, lldb_formats[i].value);
	for (i = 0; i < COUNT(lldb_other_formats); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_other_formats[i].constant,
			    lldb_other_formats[i].value);
	for (i = 0; i < COUNT(lldb_generics); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_generics[i].constant, lldb_generics[i].value);
	for (i = 0; i < COUNT(lldb_byte_orders); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_byte_orders[i].constant,
			    lldb_byte_orders[i].value);
	for (i = 0; i < COUNT(lldb_other_constants); i++)
		strbuf_addf(out, "%s = %lld\n", lldb_other_constants[i].constant,
			    lldb_other_constants[i].value);
}

int known_gdb_group(const char *name)
{
	static const char *const groups[] = {
		"general", "float", "vector", "system", "all", "save", "restore",
		"sse", "mmx", NULL
	};
	const char *const *p;

	for (p = groups; name && *p; p++)
		if (!strcmp(*p, name))
			return 1;
	return 0;
}
