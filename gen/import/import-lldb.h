/*
 * import-lldb.h: an LLDB target definition file (a Python module with
 * get_dynamic_setting()) read into the layout model.
 *
 * The file is loaded the way LLDB loads it: python3 imports it as a module
 * (named after its file) with an "lldb" module on the path, and calls
 * get_dynamic_setting(None, "gdb-server-target-definition").  The lldb
 * module is a stand-in regdefgen writes to a temporary folder, holding the
 * constants LLDB 16 defines (eEncoding*, eFormat*, LLDB_REGNUM_GENERIC_*,
 * eByteOrder*), because the system python3 cannot import the real one.  The
 * returned dict is printed as JSON and read back.  Loading runs the file's
 * code, as LLDB does: read only files you trust.  python3 gets a bounded
 * time (10 s) and its output a bounded size.
 *
 * The list index of a register is its remote number; entries with
 * "offset" are registers, entries with "slice" become slices, "composite"
 * entries are skipped with a warning (a def cannot hold them).
 */
#ifndef REGDEFGEN_IMPORT_LLDB_H
#define REGDEFGEN_IMPORT_LLDB_H

#include <jansson.h>

#include "import/import.h"
#include "model/model.h"

struct layout *import_lldb_file(const char *path, const char *name,
				const struct import_options *opt);

/* The part after python3: the returned dict (as jansson) to a layout;
 * exposed for tests. */
struct layout *layout_from_lldb_dict(json_t *dict, const char *source, const char *name,
				     const struct import_options *opt);

#endif
