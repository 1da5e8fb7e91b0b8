/*
 * known.c: tables of GDB and LLDB facts (see known.h).  Sources: GDB's
 * predefined target-description types and LLDB 16's format, encoding and
 * generic-register names, as the reference notes record them.
 */
#include "model/known.h"

#include <stddef.h>
#include <string.h>

static const struct gdb_type_info gdb_types[] = {
	{ "bool", 1 }, { "int8", 1 }, { "int16", 2 }, { "int32", 4 },
	{ "int64", 8 }, { "int128", 16 }, { "uint8", 1 }, { "uint16", 2 },
	{ "uint32", 4 }, { "uint64", 8 }, { "uint128", 16 },
	{ "code_ptr", 0 }, { "data_ptr", 0 },
	{ "ieee_half", 2 }, { "ieee_single", 4 }, { "ieee_double", 8 },
	{ "arm_fpa_ext", 12 }, { "i387_ext", 10 }, { "bfloat16", 2 },
	{ "int", -1 }, { "float", -1 },
};

static const struct lldb_format_info lldb_formats[] = {
	{ "hex", "eFormatHex", "hex" },
	{ "address", "eFormatAddressInfo", "address" },
	{ "decimal", "eFormatDecimal", "decimal" },
	{ "unsigned", "eFormatUnsigned", "unsigned" },
	{ "binary", "eFormatBinary", "binary" },
	{ "float", "eFormatFloat", "float" },
	{ "pointer", "eFormatPointer", "pointer" },
	{ "int8_t[]", "eFormatVectorOfSInt8", "vector-sint8" },
	{ "uint8_t[]", "eFormatVectorOfUInt8", "vector-uint8" },
	{ "uint16_t[]", "eFormatVectorOfUInt16", "vector-uint16" },
	{ "uint32_t[]", "eFormatVectorOfUInt32", "vector-uint32" },
	{ "uint64_t[]", "eFormatVectorOfUInt64", "vector-uint64" },
	{ "uint128_t[]", "eFormatVectorOfUInt128", "vector-uint128" },
	{ "float32[]", "eFormatVectorOfFloat32", "vector-float32" },
	{ "float64[]", "eFormatVectorOfFloat64", "vector-float64" },
};

static const struct lldb_encoding_info lldb_encodings[] = {
	{ "uint", "eEncodingUint" },
	{ "sint", "eEncodingSint" },
	{ "ieee754", "eEncodingIEEE754" },
	{ "vector", "eEncodingVector" },
};

/* LLDB 16 knows no "tp" role; "lr" is an alias of "ra" that defs spell "ra". */
static const struct lldb_generic_info lldb_generics[] = {
	{ "pc", "LLDB_REGNUM_GENERIC_PC" },
	{ "sp", "LLDB_REGNUM_GENERIC_SP" },
	{ "fp", "LLDB_REGNUM_GENERIC_FP" },
	{ "ra", "LLDB_REGNUM_GENERIC_RA" },
	{ "flags", "LLDB_REGNUM_GENERIC_FLAGS" },
	{ "arg1", "LLDB_REGNUM_GENERIC_ARG1" },
	{ "arg2", "LLDB_REGNUM_GENERIC_ARG2" },
	{ "arg3", "LLDB_REGNUM_GENERIC_ARG3" },
	{ "arg4", "LLDB_REGNUM_GENERIC_ARG4" },
	{ "arg5", "LLDB_REGNUM_GENERIC_ARG5" },
	{ "arg6", "LLDB_REGNUM_GENERIC_ARG6" },
	{ "arg7", "LLDB_REGNUM_GENERIC_ARG7" },
	{ "arg8", "LLDB_REGNUM_GENERIC_ARG8" },
};

#define FIND(table, key)                                                \
	do {                                                            \
		size_t i_;                                              \
		for (i_ = 0; i_ < sizeof(table) / sizeof(table[0]); i_++) \
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

const char *known_lldb_format_list(void)
{
	return "hex, address, decimal, unsigned, binary, float, pointer, "
	       "int8_t[], uint8_t[], uint16_t[], uint32_t[], uint64_t[], "
	       "uint128_t[], float32[], float64[]";
}

const struct lldb_encoding_info *known_lldb_encoding(const char *name)
{
	FIND(lldb_encodings, name);
}

const struct lldb_generic_info *known_lldb_generic(const char *name)
{
	FIND(lldb_generics, name);
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
