/*
 * arch.c: the mechanisms of the architecture seam (see arch.h): finding an
 * architecture by name, a register by name.  It holds no fact of any
 * architecture; those are in the generated arch-data.c and the hooks of
 * arch-FAMILY.c.
 */
#include "arch/arch.h"

#include <string.h>
#include <strings.h>

#include "base/strbuf.h"
#include "base/hashtab.h"
#include "model/known.h"
#include "model/layout-build.h"

const struct arch_hooks arch_hooks_none = { NULL, NULL };

static int in_list(const char *const *list, const char *name, size_t len)
{
	for (; list && *list; list++)
		if (strlen(*list) == len && !strncasecmp(*list, name, len))
			return 1;
	return 0;
}

int arch_is_gdb_name(const struct arch *a, const char *name)
{
	return a && name && in_list(a->gdb_names, name, strlen(name));
}

const struct arch *arch_find(const char *name)
{
	size_t i, cpu;

	if (!name || !*name)
		return NULL;
	/* a GDB name is a whole <architecture> value; a triple's CPU is
	 * what comes before its first '-' (LLDB's "x86_64" is one too) */
	for (i = 0; arch_all[i]; i++)
		if (arch_is_gdb_name(arch_all[i], name))
			return arch_all[i];
	cpu = strcspn(name, "-");
	for (i = 0; arch_all[i]; i++)
		if (in_list(arch_all[i]->triple_cpus, name, cpu))
			return arch_all[i];
	return NULL;
}

static size_t arch_count(void)
{
	size_t n = 0;

	while (arch_all[n])
		n++;
	return n;
}

/* The name map of a (GDB and LLDB names -> index in a->regs), built once:
 * the lint and the importers ask for every register of a layout. */
static const struct hashtab *names_of(const struct arch *a)
{
	static struct hashtab *maps;
	size_t i, k, n = arch_count();

	if (!maps)
		maps = xcalloc(n ? n : 1, sizeof(*maps));
	for (k = 0; k < n && arch_all[k] != a; k++)
		;
	if (k == n)
		return NULL;
	if (!maps[k].nslots) {
		maps[k].keys = HASHTAB_STRINGS_FOLD;
		hashtab_reserve(&maps[k], 3 * a->nregs);
		for (i = 0; i < a->nregs; i++)
			hashtab_add(&maps[k], a->regs[i].name, i, NULL);
		for (i = 0; i < a->nregs; i++)
			if (a->regs[i].lldb_name)
				hashtab_add(&maps[k], a->regs[i].lldb_name, i, NULL);
		/* alt-names (RISC-V's x10 for a0, ARM's r13 for sp), but not
		 * LLDB's generic names given as alt-names (x86's "pc" for rip):
		 * those name a role, and a register called pc is not rip */
		for (i = 0; i < a->nregs; i++)
			if (a->regs[i].altname && !known_lldb_generic(a->regs[i].altname))
				hashtab_add(&maps[k], a->regs[i].altname, i, NULL);
	}
	return &maps[k];
}

const struct arch_reg *arch_reg(const struct arch *a, const char *name)
{
	const struct hashtab *m;
	size_t i;

	if (!a || !name || !(m = names_of(a)))
		return NULL;
	return hashtab_get(m, name, &i) ? &a->regs[i] : NULL;
}

const struct arch_reg *arch_reg_with_role(const struct arch *a, const char *role)
{
	size_t i;

	for (i = 0; a && role && i < a->nregs; i++)
		if (a->regs[i].generic && !strcmp(a->regs[i].generic, role))
			return &a->regs[i];
	return NULL;
}

const struct arch_set *arch_set(const struct arch *a, const char *id)
{
	size_t i;

	for (i = 0; a && id && i < a->nsets; i++)
		if (!strcmp(a->sets[i].id, id))
			return &a->sets[i];
	return NULL;
}

int arch_reg_required(const struct arch *a, const struct arch_reg *r)
{
	return a && r && a->required_feature && r->feature &&
	       !strcmp(a->required_feature, r->feature);
}

long arch_required_missing(const struct arch *a, const struct layout *l,
			   struct strbuf *missing, long *core)
{
	size_t i;
	long n = 0;

	*core = -1;
	if (!a || !a->required_feature)
		return 0;
	for (i = 0; i < l->nfeatures; i++)
		if (!strcmp(l->features[i].name, a->required_feature))
			*core = (long)i;
	if (*core < 0)
		return -1;
	for (i = 0; i < a->nregs; i++) {
		long r;
		if (!arch_reg_required(a, &a->regs[i]))
			continue;
		/* GDB matches names case-insensitively, as layout_find_reg */
		r = layout_find_reg(l, a->regs[i].name);
		if ((r < 0 || l->regs[r].feature_index != (size_t)*core) &&
		    a->gdb_accepts_altnames && a->regs[i].altname)
			r = layout_find_reg(l, a->regs[i].altname);
		if (r < 0 || l->regs[r].feature_index != (size_t)*core) {
			strbuf_addf(missing, "%s%s", n ? ", " : "", a->regs[i].name);
			n++;
		}
	}
	return n;
}

static int has_feature(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; name && i < l->nfeatures; i++)
		if (!strcmp(l->features[i].name, name))
			return 1;
	return 0;
}

/* Architectures that share a GDB name (ARM's A and M profiles both say
 * "arm", as GDB does): the one whose required feature l has, else the
 * one its triple names, else a (the first in defs order). */
static const struct arch *profile_of(const struct layout *l, const struct arch *a)
{
	const struct arch *t = arch_find(l->lldb_triple.value);
	size_t i;

	for (i = 0; arch_all[i]; i++)
		if (arch_is_gdb_name(arch_all[i], l->gdb_architecture.value) &&
		    has_feature(l, arch_all[i]->required_feature))
			return arch_all[i];
	return t && arch_is_gdb_name(t, l->gdb_architecture.value) ? t : a;
}

const struct arch *arch_of_layout(const struct layout *l)
{
	const struct arch *a = arch_find(l->gdb_architecture.value);
	size_t i, j;

	if (a)
		return profile_of(l, a);
	a = arch_find(l->lldb_triple.value);
	if (a || l->gdb_architecture.value)
		return a;
	/* no architecture at all: GDB assumes its default; the register
	 * names say which of the default family it is (its pc, or the
	 * first register GDB requires) */
	for (i = 0; arch_all[i]; i++) {
		const struct arch *c = arch_all[i];
		const struct arch_reg *pc = arch_reg_with_role(c, "pc");
		if (!c->gdb_default)
			continue;
		if (pc && layout_find_reg(l, pc->name) >= 0)
			return c;
		for (j = 0; j < c->nregs; j++)
			if (arch_reg_required(c, &c->regs[j]))
				break;
		if (j < c->nregs && layout_find_reg(l, c->regs[j].name) >= 0)
			return c;
	}
	return NULL;
}

const char *arch_gdb_name(const struct arch *a, const char *name)
{
	const struct arch_reg *r = arch_reg(a, name);

	return r ? r->name : name;
}

const char *arch_xml_registers(const struct arch *a)
{
	static struct strbuf all = STRBUF_INIT;
	size_t i, j;

	if (a)
		return a->xml_registers ? a->xml_registers : "";
	if (!all.len) {
		for (i = 0; arch_all[i]; i++) {
			const char *x = arch_all[i]->xml_registers;
			for (j = 0; x && j < i; j++)
				if (arch_all[j]->xml_registers && !strcmp(arch_all[j]->xml_registers, x))
					break;
			if (x && j == i)
				strbuf_addf(&all, "%s%s", all.len ? "," : "", x);
		}
		strbuf_addstr(&all, "");
	}
	return all.buf;
}
