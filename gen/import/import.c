/*
 * import.c: filling an imported layout from knowledge (see import.h).
 */
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch-x86.h"
#include "model/diag.h"
#include "model/known.h"
#include "model/layout-build.h"
#include "base/strbuf.h"

const char *import_format_name(const char *wire)
{
	static const char *const names[] = {
		"hex", "address", "decimal", "unsigned", "binary", "float", "pointer",
		"int8_t[]", "uint8_t[]", "uint16_t[]", "uint32_t[]", "uint64_t[]",
		"uint128_t[]", "float32[]", "float64[]", NULL
	};
	static const struct { const char *alias, *name; } aliases[] = {
		{ "x", "hex" }, { "A", "address" }, { "d", "decimal" },
		{ "u", "unsigned" }, { "b", "binary" }, { "f", "float" },
		{ "p", "pointer" }, { "default", "hex" }, { "vector-sint16", "uint16_t[]" },
		{ "vector-sint32", "uint32_t[]" }, { "vector-uint", "uint8_t[]" },
		{ "unsigned decimal", "unsigned" }, { NULL, NULL }
	};
	size_t i;

	if (!wire)
		return NULL;
	for (i = 0; names[i]; i++) {
		const struct lldb_format_info *f = known_lldb_format(names[i]);
		if (!strcasecmp(names[i], wire) || (f && !strcasecmp(f->wire_name, wire)))
			return names[i];
	}
	for (i = 0; aliases[i].alias; i++)
		if (!strcmp(aliases[i].alias, wire))
			return aliases[i].name;
	return NULL;
}

/* Appends name to a comma-separated list shown in a warning (at most 8). */
static void list_add(struct strbuf *sb, size_t *n, const char *name)
{
	if (*n < 8)
		strbuf_addf(sb, "%s%s", *n ? ", " : "", name);
	else if (*n == 8)
		strbuf_addstr(sb, ", ...");
	(*n)++;
}

static const char *triple_for(enum x86_arch arch, const char *osabi)
{
	int linux_abi = !osabi || !strcasecmp(osabi, "GNU/Linux") || !strcasecmp(osabi, "linux");

	if (arch == X86_64)
		return linux_abi ? "x86_64-*-linux" : "x86_64-unknown-unknown";
	if (arch == X86_32)
		return linux_abi ? "i386-*-linux" : "i386-unknown-unknown";
	return NULL;
}

/* 32-bit Darwin numbers eh_frame registers differently from DWARF: esp
 * and ebp swapped (5 and 4). */
static int darwin_ehframe(const struct layout *l)
{
	long esp = layout_find_reg(l, "esp");

	return esp >= 0 && l->regs[esp].dwarf == 4 && l->regs[esp].ehframe == 5;
}

/* LLDB's bare "register read" shows the first set: the general registers
 * must be it, not a set made from a GDB group (QEMU aarch64's 160
 * cp_regs, mostly unavailable).  Moves the set with id "gpr" or name
 * "general" first, keeping the others' order, and renumbers set_index. */
static void general_set_first(struct layout *l)
{
	size_t g, i;
	struct regset keep;

	for (g = 0; g < l->nsets; g++)
		if (!strcmp(l->sets[g].id, "gpr") || !strcmp(l->sets[g].name, "general"))
			break;
	if (g == 0 || g == l->nsets)
		return;
	keep = l->sets[g];
	memmove(&l->sets[1], &l->sets[0], g * sizeof(*l->sets));
	l->sets[0] = keep;
	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		if (r->set_index == (int)g)
			r->set_index = 0;
		else if (r->set_index >= 0 && r->set_index < (int)g)
			r->set_index++;
	}
}

void import_fill_from_knowledge(struct layout *l, const struct import_options *opt,
				const char *what)
{
	struct srcpos top = { l->source, 0, 0 };
	enum x86_arch arch = x86_arch_of(l->gdb_architecture.value);
	struct strbuf nodwarf = STRBUF_INIT, noset = STRBUF_INIT;
	size_t i, n_nodwarf = 0, n_noset = 0, n_dwarf = 0, n_generic = 0;
	int any_generic = 0;
	int verbose = opt && opt->verbose;
	int x32 = l->gdb_architecture.value && !strncmp(l->gdb_architecture.value, "i386:x64-32", 11);

	if (arch == X86_NONE)
		arch = x86_arch_of(l->lldb_triple.value);
	if (arch == X86_NONE && !l->gdb_architecture.value) {
		/* no architecture at all: GDB assumes i386; the x86 names say
		 * which x86 it is */
		if (layout_find_reg(l, "rip") >= 0 || layout_find_reg(l, "rax") >= 0)
			arch = X86_64;
		else if (layout_find_reg(l, "eip") >= 0 || layout_find_reg(l, "eax") >= 0)
			arch = X86_32;
	}
	/* architecture facts */
	if (!l->gdb_architecture.value && arch != X86_NONE) {
		layout_set_fact(&l->gdb_architecture, arch == X86_64 ? "i386:x86-64" : "i386");
		if (verbose)
			diag_warning(top, "%s names no GDB architecture; using '%s'", what,
				     l->gdb_architecture.value);
	} else if (l->gdb_architecture.value && arch != X86_NONE &&
		   strcmp(l->gdb_architecture.value, "i386:x86-64") &&
		   strncmp(l->gdb_architecture.value, "i386", 4)) {
		/* lldb-server writes "x86_64", which GDB does not know */
		if (verbose)
			diag_warning(top, "architecture '%s' is not a name GDB knows; the def uses '%s'",
				     l->gdb_architecture.value, arch == X86_64 ? "i386:x86-64" : "i386");
		layout_set_fact(&l->gdb_architecture, arch == X86_64 ? "i386:x86-64" : "i386");
	} else if (!l->gdb_architecture.value && verbose) {
		diag_warning(top, "%s names no architecture regdefgen knows: set target.gdb_architecture in the def", what);
	}
	if (!l->address_bits)
		l->address_bits = arch == X86_64 && !x32 ? 64 : arch != X86_NONE ? 32 : 0;
	if (!l->endian.value && arch != X86_NONE)
		layout_set_fact(&l->endian, "little");
	if (!l->lldb_triple.value && arch == X86_32 && darwin_ehframe(l)) {
		layout_set_fact(&l->lldb_triple, "i386-apple-macosx");
		if (verbose)
			diag_warning(top, "%s carries no LLDB triple; its eh_frame numbers are 32-bit Darwin's, so using '%s'",
				     what, l->lldb_triple.value);
	} else if (!l->lldb_triple.value && arch != X86_NONE) {
		layout_set_fact(&l->lldb_triple, x32 ? "x86_64-*-linux-gnux32" : triple_for(arch, l->gdb_osabi.value));
		if (verbose)
			diag_warning(top, "%s carries no LLDB triple; using '%s'%s", what,
				     l->lldb_triple.value,
				     l->gdb_osabi.value ? "" : " (no <osabi>: Linux assumed)");
	} else if (!l->lldb_triple.value && verbose) {
		diag_warning(top, "%s carries no LLDB triple and regdefgen does not know the architecture: set target.lldb_triple in the def", what);
	}

	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		if (r->generic)
			any_generic = 1;
	}
	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		const struct x86_reg_info *k = x86_reg(arch, r->name);

		if (k && k->bits != r->bitsize && !r->is_slice)
			k = NULL; /* same name, other register: trust nothing */
		if (!r->is_slice && r->dwarf == NO_NUMBER) {
			if (k && k->dwarf >= 0) {
				r->dwarf = k->dwarf;
				n_dwarf++;
			} else if (!k) {
				list_add(&nodwarf, &n_nodwarf, r->name);
			}
		}
		if (r->set_index < 0) {
			if (k)
				reg_put_in_set(l, r, layout_set_with_id(l, k->fpr ? "fpr" : "gpr",
							   k->fpr ? X86_SET_FPR : X86_SET_GPR));
			else {
				reg_put_in_set(l, r, layout_set(l, r->group ? r->group : "general"));
				list_add(&noset, &n_noset, r->name);
			}
		}
		if (!any_generic && k && k->generic && !r->is_slice) {
			r->generic = xstrdup(k->generic);
			n_generic++;
		}
	}
	if (verbose && n_dwarf)
		diag_warning(top, "%s gives no DWARF numbers; %zu filled from the SysV psABI numbering", what, n_dwarf);
	if (verbose && n_nodwarf)
		diag_warning(top, "no DWARF number known for %zu register%s (%s): left out", n_nodwarf,
			     n_nodwarf == 1 ? "" : "s", nodwarf.buf);
	if (verbose && n_noset)
		diag_warning(top, "no LLDB register set known for %zu register%s (%s): put in the set named by their GDB group, else 'general', as LLDB does",
			     n_noset, n_noset == 1 ? "" : "s", noset.buf);
	if (verbose && n_generic)
		diag_warning(top, "%s gives no LLDB generic roles; %zu filled from the x86 ABI (pc, sp, fp, flags, arguments)", what, n_generic);
	else if (verbose && !any_generic)
		diag_warning(top, "no LLDB generic roles (pc, sp...) known: left out");
	strbuf_release(&nodwarf);
	strbuf_release(&noset);
	general_set_first(l);

	/* LLDB adds its x86 sub-registers itself when it reads target.xml; a
	 * Python file must list them */
	if (!l->nslices && !(opt && opt->no_knowledge_slices)) {
		size_t ns, added = 0;
		const struct x86_slice_info *s = x86_slices(arch, &ns);
		for (i = 0; i < ns; i++) {
			long p = layout_find_reg(l, s[i].parent);
			const struct x86_reg_info *k = x86_reg(arch, s[i].parent);
			struct reg *sl;
			if (p < 0 || layout_find_reg(l, s[i].name) >= 0 || !k ||
			    l->regs[p].bitsize != k->bits)
				continue;
			sl = layout_add_slice(l);
			sl->name = xstrdup(s[i].name);
			sl->parent = xstrdup(l->regs[p].name);
			sl->msb = s[i].msb;
			sl->lsb = s[i].lsb;
			sl->bitsize = s[i].msb - s[i].lsb + 1;
			reg_put_in_set(l, sl, layout_set_with_id(l, "gpr", X86_SET_GPR));
			added++;
		}
		if (added && verbose)
			diag_warning(top, "%zu LLDB sub-registers (eax, ax, al...) added, as LLDB adds them itself when it reads target.xml", added);
	}
}
