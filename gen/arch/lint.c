/*
 * lint.c: the architecture-aware checks (see lint.h).
 */
#include "arch/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch.h"
#include "model/diag.h"
#include "base/strbuf.h"

struct linter {
	const struct layout *l;
	int strict;
	int findings;
};

static void finding(struct linter *li, struct srcpos pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void finding(struct linter *li, struct srcpos pos, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (li->strict)
		diag_error(pos, "%s", sb.buf);
	else
		diag_warning(pos, "%s", sb.buf);
	strbuf_release(&sb);
	li->findings++;
}

static struct srcpos top(const struct layout *l)
{
	struct srcpos p = { l->files && l->nfiles ? l->files[0] : l->source, 1, 1 };
	return p;
}

static long feature_named(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nfeatures; i++)
		if (!strcmp(l->features[i].name, name))
			return (long)i;
	return -1;
}

static const struct reg *reg_named(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nregs; i++)
		if (!strcasecmp(l->regs[i].name, name))
			return &l->regs[i];
	return NULL;
}

/* GDB's mandatory feature and the family's feature rules (arch.json
 * "features"), each said once. */
static void gdb_features(struct linter *li, const struct arch *a)
{
	const struct layout *l = li->l;
	struct strbuf missing = STRBUF_INIT;
	long core, n = arch_required_missing(a, l, &missing, &core);
	size_t i, j;

	if (n < 0)
		finding(li, top(l), "no feature '%s': GDB rejects a description of %s without it",
			a->required_feature, a->family);
	else if (n)
		finding(li, l->features[core].pos, "%s lacks %s (%ld of the names GDB requires): GDB rejects the whole description",
			a->required_feature, missing.buf, n);
	strbuf_release(&missing);
	for (j = 0; j < a->nrules; j++) {
		const struct arch_feature_rule *rule = &a->rules[j];
		long f = feature_named(l, rule->feature);

		if (f >= 0 && core < 0 && a->required_feature && rule->outside)
			finding(li, l->features[f].pos, "%s without %s: GDB rejects the description",
				rule->feature, a->required_feature);
		for (i = 0; rule->outside && i < l->nregs; i++) {
			const struct reg *r = &l->regs[i];
			const struct arch_reg *k = arch_reg(a, r->name);
			if (k && k->feature && !strcmp(k->feature, rule->feature) &&
			    (f < 0 || r->feature_index != (size_t)f)) {
				finding(li, reg_key_pos(r, RK_FEATURE), "'%s' is not in %s: %s",
					r->name, rule->feature, rule->outside);
				break; /* one says it */
			}
		}
		if (rule->forbidden && f >= 0 &&
		    !(rule->forbidden_unless_osabi && l->gdb_osabi.value &&
		      !strcasecmp(l->gdb_osabi.value, rule->forbidden_unless_osabi)))
			finding(li, l->features[f].pos, "%s in a description of %s: %s",
				rule->feature, a->name, rule->forbidden);
	}
}

static void numbers_and_sizes(struct linter *li, const struct arch *a)
{
	const struct layout *l = li->l;
	/* some OSes number eh_frame registers unlike DWARF (32-bit Darwin) */
	int own_ehframe = a->hooks->ehframe_differs && l->lldb_triple.value &&
			  a->hooks->ehframe_differs(a, l->lldb_triple.value);
	size_t i;

	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		const struct arch_reg *k = arch_reg(a, r->name);

		if (!k)
			continue;
		if (r->bitsize != k->bits) {
			finding(li, reg_key_pos(r, RK_BITSIZE), "'%s' has %d bits; on %s it has %d: GDB's %s code expects that size",
				r->name, r->bitsize, a->name, k->bits, a->gdb_code);
			continue; /* another register under a known name: say no more */
		}
		if (k->dwarf >= 0 && r->dwarf == NO_NUMBER)
			finding(li, r->pos, "'%s' has no DWARF number; the %s gives it %d (without it debuggers cannot find variables kept in it)",
				r->name, a->dwarf_abi, k->dwarf);
		else if (r->dwarf != NO_NUMBER && r->dwarf != k->dwarf && k->dwarf >= 0)
			finding(li, reg_key_pos(r, RK_DWARF), "'%s' has DWARF number %lld; the %s numbers it %d",
				r->name, (long long)r->dwarf, a->dwarf_abi, k->dwarf);
		else if (r->dwarf != NO_NUMBER && k->dwarf < 0)
			finding(li, reg_key_pos(r, RK_DWARF), "'%s' has DWARF number %lld; the %s gives it none",
				r->name, (long long)r->dwarf, a->dwarf_abi);
		if (r->ehframe != NO_NUMBER && r->ehframe != r->dwarf && !own_ehframe)
			finding(li, reg_key_pos(r, RK_EHFRAME), "'%s' has eh_frame number %lld but DWARF number %lld: they differ only for 32-bit Darwin",
				r->name, (long long)r->ehframe, (long long)r->dwarf);
	}
}
/* 1 if an LLDB triple's CPU is one of a's (x32's triple says x86_64) */
static int triple_fits(const struct arch *a, const char *triple)
{
	size_t cpu = strcspn(triple, "-");
	const char *own[2] = { a->triple_linux, a->triple_other };
	size_t i;

	if (arch_find(triple) == a)
		return 1;
	for (i = 0; i < 2; i++)
		if (own[i] && strcspn(own[i], "-") == cpu && !strncasecmp(own[i], triple, cpu))
			return 1;
	return 0;
}

static void lldb_rules(struct linter *li, const struct arch *a)
{
	const struct layout *l = li->l;
	static const char *const needed[] = { "pc", "sp", "fp" };
	size_t i, g;

	for (g = 0; g < 3; g++) {
		const struct reg *has = NULL;
		for (i = 0; i < l->nregs && !has; i++)
			if (l->regs[i].generic && !strcmp(l->regs[i].generic, needed[g]))
				has = &l->regs[i];
		if (!has) {
			finding(li, top(l), "no register has the generic role '%s': LLDB needs it to unwind and step", needed[g]);
		} else {
			const struct arch_reg *k = arch_reg(a, has->name);
			const struct arch_reg *owner = arch_reg_with_role(a, needed[g]);
			if (owner && (!k || !k->generic || strcmp(k->generic, needed[g])))
				finding(li, reg_key_pos(has, RK_GENERIC), "generic role '%s' on '%s': on %s it belongs to %s",
					needed[g], has->name, a->family, owner->name);
		}
	}
	if (l->lldb_triple.value && arch_find(l->lldb_triple.value) &&
	    !triple_fits(a, l->lldb_triple.value))
		finding(li, l->lldb_triple.pos, "triple '%s' names another architecture than '%s': LLDB switches the target to the triple's",
			l->lldb_triple.value, l->gdb_architecture.value);
	if (l->address_bits != a->address_bits)
		finding(li, l->address_bits_pos, "address_bits %d on %s: code_ptr and data_ptr are %d bits there",
			l->address_bits, l->gdb_architecture.value, a->address_bits);
	if (l->has_breakpoint_pc_offset && l->breakpoint_pc_offset > 0)
		finding(li, l->breakpoint_pc_offset_pos, "lldb_breakpoint_pc_offset %lld: LLDB after 16 reads only negative values (a stub reporting the PC after the breakpoint needs -1)",
			(long long)l->breakpoint_pc_offset);
	/* LLDB adds none of its sub-registers on the Python path: a layout
	 * with general registers and no slices loses them (eax, ax, al...) */
	if (!l->nslices && a->nslices && reg_named(l, a->slices[0].parent))
		finding(li, top(l), "no slices: LLDB's %s sub-registers (%s, ...) are missing from the LLDB target definition file, which must list them",
			a->family, a->slices[0].name);
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];
		const struct reg *p = &l->regs[s->parent_index];
		if (s->generic)
			finding(li, reg_key_pos(s, RK_GENERIC), "slice '%s' has generic role '%s': LLDB gives generic roles to whole registers (its parent '%s')",
				s->name, s->generic, p->name);
	}
}

int lint_layout(const struct layout *l, int strict)
{
	struct linter li = { l, strict, 0 };
	/* by its GDB name only (a triple of another architecture is a
	 * finding), the profile by its features (ARM A or M) */
	const struct arch *a = arch_find(l->gdb_architecture.value) ? arch_of_layout(l) : NULL;

	if (!a)
		return 0; /* an architecture regdefgen does not know: nothing to say */
	gdb_features(&li, a);
	numbers_and_sizes(&li, a);
	lldb_rules(&li, a);
	return li.findings;
}
