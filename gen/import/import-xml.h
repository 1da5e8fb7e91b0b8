/*
 * import-xml.h: reading a GDB target description (target.xml) into the
 * layout model.
 *
 * The description is read the way GDB reads it: <xi:include href> pulls in
 * another document in place (a file relative to the including file, or an
 * annex a stub serves through qXfer:features:read), registers are numbered
 * by their regnum or the previous register's number + 1, the g packet holds
 * them in regnum order, and a register's size is its type's whenever the
 * type has a fixed size.  Types (vector, union, struct, flags) become the
 * model's types; <enum>, which a def cannot hold, is dropped with a warning.
 * LLDB's extension attributes (dwarf_regnum, ehframe_regnum/gcc_regnum,
 * generic, altname, encoding, format, offset, group_id/<groups>,
 * value_regnums) are taken when present.
 *
 * What the XML does not carry is then filled from what regdefgen knows of
 * the architecture (arch-x86.h): SysV DWARF numbers of well-known names,
 * LLDB's register sets and generic roles, LLDB's x86 sub-registers and the
 * triple; what cannot be filled is left out with a warning.
 *
 * The result is "raw" (see layout-build.h): remote numbers and offsets are
 * what the description says, even where a def could not say them.
 */
#ifndef REGDEFGEN_IMPORT_XML_H
#define REGDEFGEN_IMPORT_XML_H

#include <stddef.h>

#include "import/import.h"
#include "model/model.h"

/* Returns the text of annex (a file name from an href), malloc'ed, setting
 * *len; or NULL after reporting why through diag.h. */
typedef char *(*xml_fetch_fn)(void *ctx, const char *annex, size_t *len);

/* Reads the description in file path.  name is the layout's name.
 * Returns NULL (after reporting) if it cannot be read or is not a target
 * description. */
struct layout *import_xml_file(const char *path, const char *name,
			       const struct import_options *opt);

/* Reads the description whose root document is annex "target.xml" of
 * fetch; source names it in messages ("127.0.0.1:1234"). */
struct layout *import_xml_fetch(xml_fetch_fn fetch, void *ctx, const char *source,
				const char *name, const struct import_options *opt);

#endif
