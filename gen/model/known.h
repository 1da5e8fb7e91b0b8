/*
 * known.h: what regdefgen knows about its clients, GDB and LLDB.
 *
 * These are facts of the debuggers, not of any register layout: the types
 * GDB predefines and their sizes, the format and encoding names LLDB accepts
 * and the lldb module constants they stand for, LLDB's generic register
 * roles.  check.c validates defs against them and view.c turns a def's names
 * into each client's spelling; nothing else hard-codes a client's name.
 */
#ifndef REGDEFGEN_KNOWN_H
#define REGDEFGEN_KNOWN_H

#include "base/strbuf.h"

/* A GDB predefined type.  bytes: fixed size; 0: pointer-sized (code_ptr,
 * data_ptr); -1: sized by the register's bitsize (int, float). */
struct gdb_type_info {
	const char *name;
	int bytes;
};
const struct gdb_type_info *known_gdb_type(const char *name);

/*
 * LLDB's constants, each written once here: the formats, encodings and
 * generic roles a def names, with the lldb module constant each stands for
 * and that constant's value in LLDB 16 (lldb-target-definition.md section 1;
 * tests/lldb/test-lldb-constants.sh compares every one with LLDB 16's own
 * lldb module).  The templates' view, the checker, the importers (the
 * stand-in lldb module of import-lldb.c is known_lldb_module()) and the
 * probe all read these tables.
 */

/* What a register without "encoding" or "format" is. */
#define LLDB_DEFAULT_ENCODING "uint"
#define LLDB_DEFAULT_FORMAT "hex"

/* An LLDB format, as the Python file's name, the lldb constant and the
 * spelling for target.xml and qRegisterInfo. */
struct lldb_format_info {
	const char *name;      /* "uint8_t[]" (what defs use) */
	const char *constant;  /* "eFormatVectorOfUInt8" */
	const char *wire_name; /* "vector-uint8" */
	long long value;       /* of the constant in LLDB 16's lldb module */
};
const struct lldb_format_info *known_lldb_format(const char *name);
/* The format whose constant has value v (eFormatDefault, 0, is hex), or
 * NULL for one a def cannot name (eFormatChar...). */
const struct lldb_format_info *known_lldb_format_by_value(long long v);
/* The format a target.xml or qRegisterInfo spelling names: a def's name or
 * a wire name (any case), or one of LLDB's other spellings ("x", "A",
 * "vector-sint16"...); NULL if none. */
const struct lldb_format_info *known_lldb_format_by_wire(const char *wire);
/* The accepted names, comma-separated, for messages. */
const char *known_lldb_format_list(void);

struct lldb_encoding_info {
	const char *name;     /* "uint" */
	const char *constant; /* "eEncodingUint" */
	long long value;
};
const struct lldb_encoding_info *known_lldb_encoding(const char *name);
const struct lldb_encoding_info *known_lldb_encoding_by_value(long long v);
/* The names for messages: "uint, sint, ieee754 or vector". */
const char *known_lldb_encoding_list(void);

struct lldb_generic_info {
	const char *name;     /* "pc" */
	const char *constant; /* "LLDB_REGNUM_GENERIC_PC" */
	long long value;
};
const struct lldb_generic_info *known_lldb_generic(const char *name);
const struct lldb_generic_info *known_lldb_generic_by_value(long long v);
/* The names for messages: "pc, sp, fp, ra, flags or arg1..arg8". */
const char *known_lldb_generic_list(void);

/* LLDB's byte order of a def's endian ("little", "big"). */
struct lldb_byte_order_info {
	const char *name;     /* "little" */
	const char *constant; /* "eByteOrderLittle" */
	long long value;
};
const struct lldb_byte_order_info *known_lldb_byte_order(const char *endian);

/* Appends to out the text of a Python module standing in for LLDB's lldb
 * module: every constant above and the others a target definition file may
 * use (formats a def cannot name, byte orders, LLDB_INVALID_REGNUM),
 * "NAME = VALUE" a line, in a fixed order. */
void known_lldb_module(struct strbuf *out);

/* Whether name is one of the register groups GDB defines itself (general,
 * float, vector, system, all, save, restore, sse, mmx); GDB puts a register
 * without a group attribute in some of these by its type. */
int known_gdb_group(const char *name);

#endif
