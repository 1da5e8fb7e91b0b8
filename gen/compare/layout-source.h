/*
 * layout-source.h: one way to name any layout, for diff and probe.
 *
 * A source is a def (.json, loaded and checked), a GDB target description
 * (.xml, import-xml.c), an LLDB target definition file (.py,
 * import-lldb.c) or a live stub ("HOST:PORT", probe.c).  Each becomes a
 * raw layout (layout-build.h) so any two can be compared through the one
 * model.
 */
#ifndef REGDEFGEN_LAYOUT_SOURCE_H
#define REGDEFGEN_LAYOUT_SOURCE_H

#include <stdio.h>

#include "model/model.h"
#include "remote/probe.h"

enum source_kind { SOURCE_DEF, SOURCE_XML, SOURCE_LLDB, SOURCE_STUB };

struct source_info {
	enum source_kind kind;
	struct probe_info probe; /* SOURCE_STUB only */
};

struct arch;

/* Loads spec; NULL after reporting.  With expect_arch, a live stub should
 * be of architecture expect (the other side's; NULL: one regdefgen does
 * not know), so the probe asks for its description the way GDB for that
 * architecture would. */
struct layout *load_source(const char *spec, int timeout_ms, const struct arch *expect,
			   int expect_arch, struct source_info *info);
/* 1 if spec names a live stub (HOST:PORT, no such file). */
int source_is_stub(const char *spec);
void source_info_release(struct source_info *info);
const char *source_kind_name(enum source_kind kind);

/* Prints the layout as a table, one register per line, then its slices. */
void print_layout(FILE *f, const struct layout *l, const struct source_info *info);

#endif
