/*
 * import.c: filling an imported layout from knowledge (see import.h).
 */
#include "import/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch.h"
#include "model/diag.h"
#include "model/known.h"
#include "model/layout-build.h"
#include "base/strbuf.h"

const char *import_format_name(const char *wire)
{
	const struct lldb_format_info *f = known_lldb_format_by_wire(wire);

	return f ? f->name : NULL;
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

static const char *triple_for(const struct arch *a, const char *osabi)
{
	int linux_abi = !osabi || !strcasecmp(osabi, "GNU/Linux") || !strcasecmp(osabi, "linux");

	return linux_abi || !a->triple_other ? a->triple_linux : a->triple_other;
}

/* The ids the architecture's defs give its LLDB sets ("gpr" for "General
 * Purpose Registers"), for sets made from a name; for an unknown
 * architecture, any known architecture's. */
static void known_set_ids(struct layout *l, const struct arch *arch)
{
	size_t i, j, k;

	for (i = 0; i < l->nsets; i++) {
		const struct arch_set *ks = NULL;
		for (k = 0; !ks && arch_all[k]; k++) {
			const struct arch *a = arch ? arch : arch_all[k];
			for (j = 0; j < a->nsets && !ks; j++)
				if (!strcmp(a->sets[j].name, l->sets[i].name))
					ks = &a->sets[j];
			if (arch)
				break;
		}
		if (!ks || !strcmp(ks->id, l->sets[i].id))
			continue;
		for (j = 0; j < l->nsets; j++)
			if (!strcmp(l->sets[j].id, ks->id))
				break;
		if (j < l->nsets)
			continue;
		set_string(&l->sets[i].id, ks->id);
		/* registers name their set by id (importers' registers own
		 * their strings: layout-build.h) */
		for (j = 0; j < l->nregs + l->nslices; j++) {
			struct reg *r = j < l->nregs ? &l->regs[j] : &l->slices[j - l->nregs];
			if (r->set_index == (int)i)
				reg_put_in_set(l, r, i);
		}
	}
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
	const struct arch *arch = arch_of_layout(l);
	struct strbuf nodwarf = STRBUF_INIT, noset = STRBUF_INIT;
	size_t i, n_nodwarf = 0, n_noset = 0, n_dwarf = 0, n_generic = 0;
	int any_generic = 0;
	int verbose = opt && opt->verbose;
	const char *why = NULL, *guessed;

	known_set_ids(l, arch);
	/* architecture facts */
	if (!l->gdb_architecture.value && arch) {
		layout_set_fact(&l->gdb_architecture, arch->gdb_architecture);
		if (verbose)
			diag_warning(top, "%s names no GDB architecture; using '%s'", what,
				     l->gdb_architecture.value);
	} else if (l->gdb_architecture.value && arch &&
		   !arch_is_gdb_name(arch, l->gdb_architecture.value)) {
		/* lldb-server writes "x86_64", which GDB does not know */
		if (verbose)
			diag_warning(top, "architecture '%s' is not a name GDB knows; the def uses '%s'",
				     l->gdb_architecture.value, arch->gdb_architecture);
		layout_set_fact(&l->gdb_architecture, arch->gdb_architecture);
	} else if (!arch && verbose) {
		/* nothing below is filled in: say so, and go on */
		diag_warning(top, "%s: regdefgen does not know the architecture '%s': no DWARF numbers, register sets, generic roles or sub-registers filled in%s",
			     what, l->gdb_architecture.value ? l->gdb_architecture.value :
			     l->lldb_triple.value ? l->lldb_triple.value : "(none named)",
			     l->gdb_architecture.value ? "" : " (it names no <architecture>)");
	}
	if (!l->address_bits && arch)
		l->address_bits = arch->address_bits;
	if (!l->endian.value && arch)
		layout_set_fact(&l->endian, arch->endian);
	if (!l->lldb_triple.value && arch && arch->hooks->triple_from_numbers &&
	    (guessed = arch->hooks->triple_from_numbers(arch, l, &why))) {
		layout_set_fact(&l->lldb_triple, guessed);
		if (verbose)
			diag_warning(top, "%s carries no LLDB triple; %s, so using '%s'",
				     what, why, l->lldb_triple.value);
	} else if (!l->lldb_triple.value && arch && arch->triple_linux) {
		layout_set_fact(&l->lldb_triple, triple_for(arch, l->gdb_osabi.value));
		if (verbose)
			diag_warning(top, "%s carries no LLDB triple; using '%s'%s", what,
				     l->lldb_triple.value,
				     l->gdb_osabi.value ? "" : " (no <osabi>: Linux assumed)");
	} else if (!l->lldb_triple.value && verbose) {
		diag_warning(top, "%s carries no LLDB triple, and regdefgen does not know the architecture to tell one", what);
	}

	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		if (r->generic)
			any_generic = 1;
	}
	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		const struct arch_reg *k = arch_reg(arch, r->name);
		const struct arch_set *ks = k ? arch_set(arch, k->set) : NULL;

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
			if (ks)
				reg_put_in_set(l, r, layout_set_with_id(l, ks->id, ks->name));
			else {
				reg_put_in_set(l, r, layout_set(l, r->group ? r->group : "general"));
				list_add(&noset, &n_noset, r->name);
			}
		}
		if (!any_generic && k && k->generic && !r->is_slice &&
		    !(opt && opt->no_knowledge_roles)) {
			r->generic = xstrdup(k->generic);
			n_generic++;
		}
	}
	if (verbose && n_dwarf)
		diag_warning(top, "%s gives no DWARF numbers; %zu filled from the %s numbering", what, n_dwarf, arch->dwarf_abi);
	if (verbose && n_nodwarf)
		diag_warning(top, "no DWARF number known for %zu register%s (%s): left out", n_nodwarf,
			     n_nodwarf == 1 ? "" : "s", nodwarf.buf);
	if (verbose && n_noset)
		diag_warning(top, "no LLDB register set known for %zu register%s (%s): put in the set named by their GDB group, else 'general', as LLDB does",
			     n_noset, n_noset == 1 ? "" : "s", noset.buf);
	if (verbose && n_generic)
		diag_warning(top, "%s gives no LLDB generic roles; %zu filled from the %s ABI (pc, sp, fp, flags, arguments)", what, n_generic, arch->family);
	else if (verbose && !any_generic)
		diag_warning(top, "no LLDB generic roles (pc, sp...) known: left out");
	strbuf_release(&nodwarf);
	strbuf_release(&noset);
	general_set_first(l);

	/* LLDB adds its sub-registers itself when it reads target.xml; a
	 * Python file must list them */
	if (!l->nslices && arch && !(opt && opt->no_knowledge_slices)) {
		size_t added = 0;
		for (i = 0; i < arch->nslices; i++) {
			const struct arch_slice *s = &arch->slices[i];
			long p = layout_find_reg(l, s->parent);
			const struct arch_reg *k = arch_reg(arch, s->parent);
			const struct arch_set *ks = k ? arch_set(arch, k->set) : NULL;
			struct reg *sl;
			if (p < 0 || layout_find_reg(l, s->name) >= 0 || !k || !ks ||
			    l->regs[p].bitsize != k->bits)
				continue;
			sl = layout_add_slice(l);
			sl->name = xstrdup(s->name);
			sl->parent = xstrdup(l->regs[p].name);
			sl->msb = s->msb;
			sl->lsb = s->lsb;
			sl->bitsize = s->msb - s->lsb + 1;
			reg_put_in_set(l, sl, layout_set_with_id(l, ks->id, ks->name));
			added++;
		}
		if (added && verbose) {
			/* examples: the first of each width (eax, ax, ah...) */
			struct strbuf eg = STRBUF_INIT;
			size_t j, n = 0;
			for (i = 0; i < arch->nslices && n < 3; i++) {
				int w = arch->slices[i].msb - arch->slices[i].lsb;
				for (j = 0; j < i; j++)
					if (arch->slices[j].msb - arch->slices[j].lsb == w)
						break;
				if (j == i)
					strbuf_addf(&eg, "%s%s", n++ ? ", " : "", arch->slices[i].name);
			}
			diag_warning(top, "%zu LLDB sub-registers (%s...) added, as LLDB adds them itself when it reads target.xml",
				     added, eg.buf);
			strbuf_release(&eg);
		}
	}
}
