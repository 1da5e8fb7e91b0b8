/*
 * lint.c: the architecture-aware checks (see lint.h).
 */
#include "arch/lint.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch-x86.h"
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

static void gdb_features(struct linter *li, enum x86_arch arch)
{
	const struct layout *l = li->l;
	long core = feature_named(l, "org.gnu.gdb.i386.core");
	long sse = feature_named(l, "org.gnu.gdb.i386.sse");
	long seg = feature_named(l, "org.gnu.gdb.i386.segments");
	const char *const *names = x86_core_names(arch);
	struct strbuf missing = STRBUF_INIT;
	size_t i, n = 0;

	if (core < 0) {
		finding(li, top(l), "no feature 'org.gnu.gdb.i386.core': GDB rejects an x86 description without it");
	} else {
		for (; *names; names++) {
			const struct reg *r = reg_named(l, *names);
			if (!r || r->feature_index != (size_t)core) {
				strbuf_addf(&missing, "%s%s", n ? ", " : "", *names);
				n++;
			}
		}
		if (n)
			finding(li, l->features[core].pos, "org.gnu.gdb.i386.core lacks %s (%zu of the names GDB requires): GDB rejects the whole description",
				missing.buf, n);
	}
	strbuf_release(&missing);
	if (sse >= 0 && core < 0)
		finding(li, l->features[sse].pos, "org.gnu.gdb.i386.sse without org.gnu.gdb.i386.core: GDB rejects the description");
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		/* xmm16-xmm31 belong in org.gnu.gdb.i386.avx512, not in sse */
		if (((!strncasecmp(r->name, "xmm", 3) && atoi(r->name + 3) < 16) ||
		     !strcasecmp(r->name, "mxcsr")) &&
		    x86_reg(arch, r->name) && (sse < 0 || r->feature_index != (size_t)sse)) {
			finding(li, r->key_pos[RK_FEATURE], "'%s' is not in org.gnu.gdb.i386.sse: GDB then has no SSE registers (they show as extras, and DWARF locations in xmm registers do not resolve)",
				r->name);
			break;
		}
	}
	if (seg >= 0 && arch == X86_32 &&
	    !(l->gdb_osabi.value && !strcasecmp(l->gdb_osabi.value, "none")))
		finding(li, l->features[seg].pos, "org.gnu.gdb.i386.segments in an i386 description: GDB 13 aborts (internal error in tdesc_use_registers) unless the OS ABI is none; use a custom feature or gdb_osabi \"none\"");
}

static void numbers_and_sizes(struct linter *li, enum x86_arch arch)
{
	const struct layout *l = li->l;
	int darwin = l->lldb_triple.value && strstr(l->lldb_triple.value, "apple");
	size_t i;

	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		const struct x86_reg_info *k = x86_reg(arch, r->name);

		if (!k)
			continue;
		if (r->bitsize != k->bits) {
			finding(li, r->key_pos[RK_BITSIZE], "'%s' has %d bits; on %s it has %d: GDB's %s code expects that size",
				r->name, r->bitsize, arch == X86_64 ? "x86_64" : "i386", k->bits,
				arch == X86_64 ? "amd64" : "i386");
			continue; /* another register under a known name: say no more */
		}
		if (k->dwarf >= 0 && r->dwarf == NO_NUMBER)
			finding(li, r->pos, "'%s' has no DWARF number; the SysV psABI gives it %d (without it debuggers cannot find variables kept in it)",
				r->name, k->dwarf);
		else if (r->dwarf != NO_NUMBER && r->dwarf != k->dwarf && k->dwarf >= 0)
			finding(li, r->key_pos[RK_DWARF], "'%s' has DWARF number %lld; the SysV psABI numbers it %d",
				r->name, (long long)r->dwarf, k->dwarf);
		else if (r->dwarf != NO_NUMBER && k->dwarf < 0)
			finding(li, r->key_pos[RK_DWARF], "'%s' has DWARF number %lld; the SysV psABI gives it none",
				r->name, (long long)r->dwarf);
		if (r->ehframe != NO_NUMBER && r->ehframe != r->dwarf && !(darwin && arch == X86_32))
			finding(li, r->key_pos[RK_EHFRAME], "'%s' has eh_frame number %lld but DWARF number %lld: they differ only for 32-bit Darwin",
				r->name, (long long)r->ehframe, (long long)r->dwarf);
	}
}

static void lldb_rules(struct linter *li, enum x86_arch arch)
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
			const struct x86_reg_info *k = x86_reg(arch, has->name);
			if (!k || !k->generic || strcmp(k->generic, needed[g]))
				finding(li, has->key_pos[RK_GENERIC], "generic role '%s' on '%s': on x86 it belongs to %s", needed[g], has->name,
					!strcmp(needed[g], "pc") ? (arch == X86_64 ? "rip" : "eip") :
					!strcmp(needed[g], "sp") ? (arch == X86_64 ? "rsp" : "esp") :
					(arch == X86_64 ? "rbp" : "ebp"));
		}
	}
	if (l->lldb_triple.value && x86_arch_of(l->lldb_triple.value) != X86_NONE &&
	    x86_arch_of(l->lldb_triple.value) != arch)
		finding(li, l->lldb_triple.pos, "triple '%s' names another architecture than '%s': LLDB switches the target to the triple's",
			l->lldb_triple.value, l->gdb_architecture.value);
	if (l->address_bits != (arch == X86_64 ? 64 : 32))
		finding(li, l->address_bits_pos, "address_bits %d on %s: code_ptr and data_ptr are %d bits there",
			l->address_bits, l->gdb_architecture.value, arch == X86_64 ? 64 : 32);
	if (l->has_breakpoint_pc_offset && l->breakpoint_pc_offset > 0)
		finding(li, l->breakpoint_pc_offset_pos, "lldb_breakpoint_pc_offset %lld: LLDB after 16 reads only negative values (a stub reporting the PC after the breakpoint needs -1)",
			(long long)l->breakpoint_pc_offset);
	/* LLDB adds none of its x86 sub-registers on the Python path: a
	 * layout with general registers and no slices loses eax, ax, al... */
	if (!l->nslices) {
		size_t ns;
		const struct x86_slice_info *s = x86_slices(arch, &ns);
		if (ns && reg_named(l, s[0].parent))
			finding(li, top(l), "no slices: LLDB's x86 sub-registers (%s, ...) are missing from the LLDB target definition file, which must list them",
				s[0].name);
	}
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];
		const struct reg *p = &l->regs[s->parent_index];
		if (s->generic)
			finding(li, s->key_pos[RK_GENERIC], "slice '%s' has generic role '%s': LLDB gives generic roles to whole registers (its parent '%s')",
				s->name, s->generic, p->name);
	}
}

int lint_layout(const struct layout *l, int strict)
{
	struct linter li = { l, strict, 0 };
	enum x86_arch arch = x86_arch_of(l->gdb_architecture.value);

	if (arch == X86_NONE)
		return 0; /* regdefgen knows x86 only */
	gdb_features(&li, arch);
	numbers_and_sizes(&li, arch);
	lldb_rules(&li, arch);
	return li.findings;
}
