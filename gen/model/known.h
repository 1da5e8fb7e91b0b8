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

/* A GDB predefined type.  bytes: fixed size; 0: pointer-sized (code_ptr,
 * data_ptr); -1: sized by the register's bitsize (int, float). */
struct gdb_type_info {
	const char *name;
	int bytes;
};
const struct gdb_type_info *known_gdb_type(const char *name);

/* An LLDB format, as the Python file's name, the lldb constant and the
 * spelling for target.xml and qRegisterInfo. */
struct lldb_format_info {
	const char *name;      /* "uint8_t[]" (what defs use) */
	const char *constant;  /* "eFormatVectorOfUInt8" */
	const char *wire_name; /* "vector-uint8" */
};
const struct lldb_format_info *known_lldb_format(const char *name);
/* The accepted names, comma-separated, for messages. */
const char *known_lldb_format_list(void);

struct lldb_encoding_info {
	const char *name;     /* "uint" */
	const char *constant; /* "eEncodingUint" */
};
const struct lldb_encoding_info *known_lldb_encoding(const char *name);

struct lldb_generic_info {
	const char *name;     /* "pc" */
	const char *constant; /* "LLDB_REGNUM_GENERIC_PC" */
};
const struct lldb_generic_info *known_lldb_generic(const char *name);

/* Whether name is one of the register groups GDB defines itself (general,
 * float, vector, system, all, save, restore, sse, mmx); GDB puts a register
 * without a group attribute in some of these by its type. */
int known_gdb_group(const char *name);

#endif
