/*
 * import.h: what the importers share (import-xml.c for GDB target
 * descriptions, import-lldb.c for LLDB target definition files, the
 * qRegisterInfo reader in probe.c): their options and the step that fills
 * what a source did not carry from regdefgen's knowledge of the
 * architecture (arch/arch.h).
 *
 * The importers build "raw" layouts (layout-build.h): numbers as the source
 * states them.  cmd-import.c makes them dense and writes a def; diff and
 * probe compare them as they are.
 */
#ifndef REGDEFGEN_IMPORT_H
#define REGDEFGEN_IMPORT_H

#include "model/model.h"

struct arch;

struct import_options {
	/* 1: warn about every fact filled from knowledge and every loss; 0:
	 * only real problems (diff and probe read sources this way) */
	int verbose;
	/* 1: do not add LLDB sub-registers from knowledge */
	int no_knowledge_slices;
	/* expect_arch 1: the source should be of architecture arch (NULL:
	 * one regdefgen does not know); 0: no expectation.  The probe asks
	 * for a description as GDB for that architecture would
	 * (xmlRegisters=) */
	const struct arch *arch;
	int expect_arch;
	/* 1: do not fill generic roles from knowledge (the stub doctor needs
	 * the roles a stub itself serves: LLDB fills them only by its ABI) */
	int no_knowledge_roles;
};

/*
 * Fills, for what the source did not say, from the architecture's
 * knowledge (arch_of_layout()): the GDB architecture, address size and
 * byte order from the triple or the other way round; each known
 * register's DWARF number; its LLDB set (the known register's, else the
 * register's GDB group or "general", as LLDB does); the generic roles, if
 * the source gave none; LLDB's sub-registers, if it gave none; the LLDB
 * triple.  An architecture regdefgen does not know gets none of this (a
 * warning says so when verbose).  what names the source in warnings ("the
 * description").
 */
void import_fill_from_knowledge(struct layout *l, const struct import_options *opt,
				const char *what);

/* The def's name of an LLDB format as a target.xml, qRegisterInfo or
 * Python file writes it ("vector-uint8", "uint8_t[]", "x"...), or NULL. */
const char *import_format_name(const char *wire);

#endif
