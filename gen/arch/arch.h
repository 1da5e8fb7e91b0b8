/*
 * arch.h: the one seam between regdefgen and what it knows of each CPU
 * architecture.
 *
 * Everything the importers, the lint, diff and probe need to know about an
 * architecture is a struct arch: how to recognise it (GDB/BFD names in
 * <architecture>, the CPU field of an LLDB triple), its target facts, the
 * registers it knows (GDB and LLDB names, size, DWARF number, GDB feature,
 * LLDB set and generic role), LLDB's sub-registers, and what GDB requires.
 * The facts are data: build/gen/arch-data.c, generated at build time by
 * gen/arch/gen/archgen.c from defs/FAMILY/arch.json and the defs it names
 * (defs/x86/ for x86), so nothing here is typed twice.  What cannot be data
 * (a guess that looks at several registers) is a hook in
 * gen/arch/arch-FAMILY.c.  Code outside gen/arch/ asks this interface and
 * names no register of any architecture.
 *
 * Names are matched ASCII-case-insensitively, as GDB does.
 */
#ifndef REGDEFGEN_ARCH_H
#define REGDEFGEN_ARCH_H

#include <stddef.h>

#include "model/model.h"

/* A register the architecture knows, from its knowledge def. */
struct arch_reg {
	const char *name;      /* GDB's name ("eflags") */
	const char *lldb_name; /* LLDB's name when it differs ("rflags"), else NULL */
	const char *altname;   /* LLDB's alternate name ("st0" for stmm0), else NULL */
	int bits;              /* standard size on the wire */
	const char *type;      /* GDB type the knowledge def gives it ("i387_ext") */
	int dwarf;             /* the ABI's DWARF number, -1 if none */
	const char *feature;   /* GDB feature it belongs in ("org.gnu.gdb.i386.core") */
	const char *set;       /* LLDB register set id ("gpr"), see struct arch_set */
	const char *generic;   /* LLDB generic role ("pc"), or NULL */
};

/* An LLDB register set (id as in defs, name as LLDB shows it). */
struct arch_set {
	const char *id, *name;
};

/* An LLDB sub-register: name = parent[msb:lsb], in LLDB's order. */
struct arch_slice {
	const char *name, *parent;
	int msb, lsb;
};

/* A GDB feature rule of the lint (arch.json "features"). */
struct arch_feature_rule {
	const char *feature;   /* GDB feature name */
	/* registers the knowledge def puts in feature must be in it; what
	 * GDB does otherwise, or NULL for no such rule */
	const char *outside;
	/* GDB aborts on a description with this feature unless the OS ABI
	 * is forbidden_unless_osabi: what it does, or NULL */
	const char *forbidden;
	const char *forbidden_unless_osabi;
};

struct arch;

/* What cannot be data (gen/arch/arch-FAMILY.c); every member may be NULL. */
struct arch_hooks {
	/* An LLDB triple the registers' numbers reveal (32-bit Darwin's
	 * eh_frame numbering), or NULL; *why gets the reason, for a warning. */
	const char *(*triple_from_numbers)(const struct arch *a, const struct layout *l,
					   const char **why);
	/* 1 if an OS of triple numbers eh_frame registers unlike DWARF */
	int (*ehframe_differs)(const struct arch *a, const char *triple);
};

/* The hooks of an architecture that needs none. */
extern const struct arch_hooks arch_hooks_none;

struct arch {
	const char *name;        /* "x86_64": in messages */
	const char *family;      /* "x86": in messages */
	const char *gdb_code;    /* GDB's name for its code for it ("amd64"), in messages */
	const char *dwarf_abi;   /* who numbers DWARF registers ("SysV psABI") */
	/* the target facts of the knowledge def */
	const char *gdb_architecture; /* the name GDB knows ("i386:x86-64") */
	int address_bits;
	const char *endian;
	/* the byte orders ("little", "big") regdefgen supports for it,
	 * NULL-terminated (arch.json "byte_orders"); the model refuses
	 * big-endian defs, so today every list is {"little"} */
	const char *const *byte_orders;
	/* recognition: GDB <architecture> names that are this architecture
	 * and that GDB knows; LLDB triple CPU fields (before the first '-') */
	const char *const *gdb_names;
	const char *const *triple_cpus;
	/* LLDB triples import writes: for a GNU/Linux (or unstated) OS ABI,
	 * and for any other */
	const char *triple_linux, *triple_other;
	/* GDB assumes this family when a description names no architecture:
	 * recognise it by its pc and first required register names */
	int gdb_default;
	/* the qSupported xmlRegisters= value that makes a stub of this
	 * architecture serve its target.xml, or NULL */
	const char *xml_registers;
	/* GDB's mandatory feature: every register the knowledge def puts in
	 * it is required there (GDB rejects the description otherwise) */
	const char *required_feature;
	/* 1 if LLDB 16 has an ABI for it that gives the pc, sp and fp roles
	 * to registers by their names when a stub gives none (arch.json
	 * "lldb_abi_roles"); 0: only roles the stub serves count (RISC-V:
	 * LLDB 16 has no ABI; without a pc role frame 0 is at
	 * 0xffffffffffffffff) */
	int lldb_abi_roles;
	/* 1 if GDB takes a required register under its alt-name as well
	 * (arch.json "gdb_accepts_altnames": RISC-V's x10 for a0, GDB 13 shows
	 * it as a0); 0: only the knowledge def's names count */
	int gdb_accepts_altnames;
	const struct arch_reg *regs; size_t nregs;
	const struct arch_set *sets; size_t nsets;
	const struct arch_slice *slices; size_t nslices;
	const struct arch_feature_rule *rules; size_t nrules;
	const struct arch_hooks *hooks; /* never NULL */
};

/* Every architecture regdefgen knows, NULL-terminated, in defs order. */
extern const struct arch *const arch_all[];

/* The architecture a GDB <architecture> name, an LLDB triple or an LLDB
 * architecture name ("x86_64") denotes, or NULL if regdefgen knows none. */
const struct arch *arch_find(const char *name);

/* 1 if name is one GDB itself knows for a (one of a->gdb_names). */
int arch_is_gdb_name(const struct arch *a, const char *name);

/* The names GDB requires in a->required_feature that l does not have
 * there (missing, or in another feature), joined with ", " into missing
 * (a strbuf, base/strbuf.h); returns how many, 0 when GDB accepts l's
 * core, and -1 when l has no feature of that name at all (GDB then
 * rejects the description too).  *core gets the feature's index in l,
 * -1 if none.  Always 0 for an architecture without a required feature. */
struct strbuf;
long arch_required_missing(const struct arch *a, const struct layout *l,
			   struct strbuf *missing, long *core);

/* The architecture of a layout: from its GDB architecture, else its LLDB
 * triple, else (no GDB architecture at all: GDB then assumes its default)
 * from the register names; NULL if none fits. */
const struct arch *arch_of_layout(const struct layout *l);

/* The known register under GDB name, LLDB name or altname name, or NULL
 * (also when a or name is NULL). */
const struct arch_reg *arch_reg(const struct arch *a, const char *name);

/* The register holding LLDB generic role ("pc", "sp", "fp"), or NULL. */
const struct arch_reg *arch_reg_with_role(const struct arch *a, const char *role);

/* The LLDB set with id, or NULL. */
const struct arch_set *arch_set(const struct arch *a, const char *id);

/* 1 if the register is one GDB requires in a->required_feature. */
int arch_reg_required(const struct arch *a, const struct arch_reg *r);

/* GDB's name for the register a knows under name (LLDB's x86 tables say
 * rflags and stmm0 where GDB says eflags and st0), or name itself (also
 * when a is NULL).  For matching two layouts' registers. */
const char *arch_gdb_name(const struct arch *a, const char *name);

/* The xmlRegisters= value for a qSupported packet: a's, or, for NULL,
 * every known architecture's joined with ',' (as GDB sends them); "" if
 * none.  Returns a static string. */
const char *arch_xml_registers(const struct arch *a);

#endif
