/*
 * test_arch.c: unit tests of the architecture seam (gen/arch/arch.h): an
 * architecture recognised from GDB/BFD names and LLDB triples, the x86
 * facts read through the seam equal to what defs/x86 states (the tables
 * are generated from those defs: a fact typed twice would show here), an
 * unknown architecture getting no lint findings and no fill-ins, the names
 * GDB requires found missing (arch_required_missing, the lint and the stub
 * doctor's "GDB rejects" finding).
 *
 * Run from the repository root (tests/run does): it reads defs/.
 * Usage: test_arch (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "arch/arch.h"
#include "arch/lint.h"
#include "base/strbuf.h"
#include "import/import.h"
#include "model/check.h"
#include "model/diag.h"
#include "model/layout-build.h"
#include "model/load.h"

static struct strbuf captured = STRBUF_INIT;

static int setup(void **state)
{
	(void)state;
	strbuf_reset(&captured);
	diag_capture(&captured);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	diag_capture(NULL);
	return 0;
}

static struct layout *load_def(const char *path)
{
	int errors;
	struct layout *l = load_layout(path, &errors);

	assert_int_equal(errors, 0);
	assert_int_equal(check_layout(l), 0);
	return l;
}

static const char *name_of(const char *what)
{
	const struct arch *a = arch_find(what);
	return a ? a->name : "(none)";
}

static void test_recognition(void **state)
{
	(void)state;
	/* GDB <architecture> names */
	assert_string_equal(name_of("i386:x86-64"), "x86_64");
	assert_string_equal(name_of("i386:x86-64:intel"), "x86_64");
	assert_string_equal(name_of("i386"), "i386");
	assert_string_equal(name_of("i386:intel"), "i386");
	assert_string_equal(name_of("i386:x64-32"), "x32");
	/* LLDB triples and lldb-server's architecture name */
	assert_string_equal(name_of("x86_64-pc-linux-gnu"), "x86_64");
	assert_string_equal(name_of("x86_64-apple-macosx"), "x86_64");
	assert_string_equal(name_of("x86_64"), "x86_64");
	assert_string_equal(name_of("i686-pc-linux-gnu"), "i386");
	assert_string_equal(name_of("i386-apple-macosx"), "i386");
	/* negative controls: near misses and unknowns */
	assert_string_equal(name_of("i386:x86-6"), "(none)");
	assert_string_equal(name_of("x86_6-pc-linux"), "(none)");
	assert_string_equal(name_of("pdp11"), "(none)");
	assert_string_equal(name_of(""), "(none)");
	assert_null(arch_find(NULL));
	/* what a recognised architecture states */
	assert_string_equal(arch_find("x86_64")->gdb_architecture, "i386:x86-64");
	assert_string_equal(arch_find("i386:x64-32")->triple_linux, "x86_64-*-linux-gnux32");
	/* x32 is x86_64's knowledge def: one set of tables, not a copy
	 * (archgen writes a def's tables once); i386's are its own */
	assert_ptr_equal(arch_find("i386:x64-32")->regs, arch_find("i386:x86-64")->regs);
	assert_ptr_equal(arch_find("i386:x64-32")->slices, arch_find("i386:x86-64")->slices);
	assert_int_equal(arch_find("i386:x64-32")->nregs, arch_find("i386:x86-64")->nregs);
	assert_ptr_not_equal(arch_find("i386")->regs, arch_find("i386:x86-64")->regs);
	assert_int_equal(arch_find("i686")->address_bits, 32);
	assert_string_equal(arch_find("i386")->endian, "little");
	/* the byte orders regdefgen supports (arch.json "byte_orders") */
	assert_string_equal(arch_find("i386")->byte_orders[0], "little");
	assert_null(arch_find("i386")->byte_orders[1]);
	assert_true(arch_is_gdb_name(arch_find("x86_64"), "i386:x86-64"));
	assert_false(arch_is_gdb_name(arch_find("x86_64"), "x86_64"));
	assert_string_equal(arch_xml_registers(arch_find("i386")), "i386");
	assert_string_equal(arch_xml_registers(NULL), "i386"); /* once, not per x86 */
}

/* Every register and slice of a shipped layout is known to its
 * architecture with the def's facts. */
static void same_as_def(const char *def, const char *archname, size_t nrequired)
{
	struct layout *l = load_def(def);
	const struct arch *a = arch_find(archname);
	size_t i, j, required = 0, matched = 0;

	assert_non_null(a);
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		const struct arch_reg *k = arch_reg(a, r->name);
		const struct arch_set *ks;

		assert_non_null(k);
		assert_string_equal(k->name, r->name);
		assert_int_equal(k->bits, r->bitsize);
		assert_int_equal(k->dwarf, r->dwarf);
		assert_true((!k->generic && !r->generic) ||
			    (k->generic && r->generic && !strcmp(k->generic, r->generic)));
		ks = arch_set(a, k->set);
		assert_non_null(ks);
		assert_string_equal(ks->name, l->sets[r->set_index].name);
		assert_string_equal(k->feature, l->features[r->feature_index].name);
		if (r->lldb_name)
			assert_ptr_equal(arch_reg(a, r->lldb_name), k);
		matched++;
	}
	assert_int_equal(matched, l->nregs);
	for (i = 0; i < a->nregs; i++)
		required += arch_reg_required(a, &a->regs[i]);
	assert_int_equal(required, nrequired);
	/* the sub-registers, in LLDB's order */
	for (i = j = 0; i < l->nslices; i++) {
		if (l->slices[i].composite)
			continue;
		assert_true(j < a->nslices);
		assert_string_equal(a->slices[j].name, l->slices[i].name);
		assert_string_equal(a->slices[j].parent, l->slices[i].parent);
		assert_int_equal(a->slices[j].msb, l->slices[i].msb);
		assert_int_equal(a->slices[j].lsb, l->slices[i].lsb);
		j++;
	}
	assert_int_equal(j, a->nslices);
	layout_free(l);
}

static void test_x86_facts_are_the_defs(void **state)
{
	(void)state;
	same_as_def("defs/x86_64-linux-avx512.json", "x86_64", 40);
	same_as_def("defs/x86_64-qemu.json", "x86_64", 40);
	same_as_def("defs/i386-qemu.json", "i386", 32);
	same_as_def("defs/i386-linux-avx512.json", "i386", 32);
	/* spot checks against the psABI tables (reference/dwarf-numbers.md) */
	assert_int_equal(arch_reg(arch_find("x86_64"), "RBX")->dwarf, 3);
	assert_int_equal(arch_reg(arch_find("x86_64"), "xmm15")->dwarf, 32);
	assert_int_equal(arch_reg(arch_find("x86_64"), "ftag")->dwarf, -1);
	assert_int_equal(arch_reg(arch_find("i386"), "st0")->dwarf, 11);
	assert_int_equal(arch_reg(arch_find("i386"), "k0")->dwarf, 93);
	assert_string_equal(arch_reg(arch_find("x86_64"), "rdi")->generic, "arg1");
	assert_string_equal(arch_reg_with_role(arch_find("i386"), "sp")->name, "esp");
	assert_null(arch_reg(arch_find("x86_64"), "eax")); /* a slice, not a register */
	assert_null(arch_reg(NULL, "rax"));
}

/* AArch64 and ARM M-profile (defs/aarch64/, defs/arm/): recognition, and
 * the shipped layouts' facts are the knowledge defs'. */
static void test_arm_facts_are_the_defs(void **state)
{
	(void)state;
	assert_string_equal(name_of("aarch64"), "aarch64");
	assert_string_equal(name_of("aarch64-unknown-linux-gnu"), "aarch64");
	assert_string_equal(name_of("arm64-apple-macosx"), "aarch64");
	assert_string_equal(name_of("arm"), "arm-m");
	assert_string_equal(name_of("thumbv7m-unknown-none-eabi"), "arm-m");
	assert_string_equal(name_of("thumbv7em-none-eabi"), "arm-m");
	assert_string_equal(name_of("armv7-unknown-none-eabi"), "arm");
	/* negative controls: near misses */
	assert_string_equal(name_of("aarch6"), "(none)");
	assert_string_equal(name_of("thumbv7-none-eabi"), "(none)");
	same_as_def("defs/aarch64.json", "aarch64", 34);
	same_as_def("defs/arm-m-qemu.json", "thumbv7m", 17);
	same_as_def("defs/arm/arch-arm-a.json", "armv7", 17);
	/* both profiles are GDB's "arm": a layout's required feature says
	 * which (A: org.gnu.gdb.arm.core, cpsr; M: ...m-profile, xpsr) */
	{
		struct layout *m = load_def("defs/arm-m.json");
		struct layout *a = load_def("defs/arm/arch-arm-a.json");

		assert_string_equal(arch_of_layout(m)->name, "arm-m");
		assert_string_equal(arch_of_layout(a)->name, "arm");
		/* the feature wins over a triple of the other profile */
		layout_set_fact(&a->lldb_triple, "thumbv7m-unknown-none-eabi");
		assert_string_equal(arch_of_layout(a)->name, "arm");
		/* no profile feature: the triple says which */
		a->features[0].name[0] = 'X';
		assert_string_equal(arch_of_layout(a)->name, "arm-m");
		layout_set_fact(&a->lldb_triple, "armv7-unknown-none-eabi");
		assert_string_equal(arch_of_layout(a)->name, "arm");
		layout_free(m);
		layout_free(a);
	}
	assert_string_equal(arch_reg_with_role(arch_find("armv7"), "flags")->name, "cpsr");
	assert_int_equal(arch_reg(arch_find("armv7"), "d31")->dwarf, 287);
	/* M-profile FPU (Cortex-M4/M7, QEMU mps2-an386): d0-d15 in vfp too */
	assert_int_equal(arch_reg(arch_find("thumbv7em"), "d15")->dwarf, 271);
	assert_string_equal(arch_reg(arch_find("thumbv7em"), "d15")->feature, "org.gnu.gdb.arm.vfp");
	assert_int_equal(arch_reg(arch_find("armv7"), "cpsr")->dwarf, -1);
	assert_string_equal(arch_find("armv7")->required_feature, "org.gnu.gdb.arm.core");
	assert_string_equal(arch_find("thumbv7m")->required_feature, "org.gnu.gdb.arm.m-profile");
	/* the byte orders regdefgen supports (arch.json "byte_orders") */
	assert_string_equal(arch_find("armv7")->byte_orders[0], "little");
	assert_null(arch_find("armv7")->byte_orders[1]);
	/* spot checks against AADWARF64 / AADWARF32 and LLDB's roles */
	assert_int_equal(arch_reg(arch_find("aarch64"), "x30")->dwarf, 30);
	assert_int_equal(arch_reg(arch_find("aarch64"), "v31")->dwarf, 95);
	assert_int_equal(arch_reg(arch_find("aarch64"), "cpsr")->dwarf, -1);
	assert_string_equal(arch_reg_with_role(arch_find("aarch64"), "fp")->name, "x29");
	assert_string_equal(arch_reg(arch_find("aarch64"), "x30")->altname, "lr"); /* LLDB's alt-name */
	assert_int_equal(arch_reg(arch_find("arm"), "sp")->dwarf, 13);
	assert_int_equal(arch_reg(arch_find("arm"), "xpsr")->dwarf, -1);
	assert_string_equal(arch_reg_with_role(arch_find("arm"), "flags")->name, "xpsr");
	assert_string_equal(arch_reg_with_role(arch_find("arm"), "fp")->name, "r7");
	assert_int_equal(arch_find("arm")->address_bits, 32);
}

static void test_riscv_facts_are_the_defs(void **state)
{
	(void)state;
	/* recognition: BFD names, the triples LLDB 16 parses; not riscv64gc */
	assert_string_equal(name_of("riscv:rv64"), "riscv64");
	assert_string_equal(name_of("riscv:rv32"), "riscv32");
	assert_string_equal(name_of("riscv64-unknown-elf"), "riscv64");
	assert_string_equal(name_of("riscv32-unknown-elf"), "riscv32");
	assert_string_equal(name_of("riscv64gc-unknown-none-elf"), "(none)");
	same_as_def("defs/riscv64.json", "riscv64", 33);
	same_as_def("defs/riscv32-qemu.json", "riscv32", 33);
	/* spot checks against the psABI (x8 is fp, a0-a7 carry the arguments) */
	assert_int_equal(arch_reg(arch_find("riscv64"), "fp")->dwarf, 8);
	assert_int_equal(arch_reg(arch_find("riscv64"), "a0")->dwarf, 10);
	assert_string_equal(arch_reg(arch_find("riscv64"), "a7")->generic, "arg8");
	assert_int_equal(arch_reg(arch_find("riscv32"), "fa0")->dwarf, 42);
	assert_int_equal(arch_reg(arch_find("riscv32"), "ra")->bits, 32);
	assert_int_equal(arch_reg(arch_find("riscv32"), "ft0")->bits, 64);
	assert_int_equal(arch_reg(arch_find("riscv64"), "pc")->dwarf, -1);
	assert_string_equal(arch_find("riscv32")->triple_other, "riscv32-unknown-elf");
	/* alt-names find the register (x10 is a0, f11 fa1), LLDB's generic
	 * names given as alt-names do not (x86's "pc" is a role, not rip) */
	assert_ptr_equal(arch_reg(arch_find("riscv64"), "x10"), arch_reg(arch_find("riscv64"), "a0"));
	assert_int_equal(arch_reg(arch_find("riscv64"), "X10")->dwarf, 10);
	assert_int_equal(arch_reg(arch_find("riscv32"), "f11")->dwarf, 43);
	assert_null(arch_reg(arch_find("x86_64"), "pc"));
	assert_non_null(arch_reg(arch_find("x86_64"), "rip"));
	/* CSRs: the psABI's 4096 + CSR number, XLEN bits; RV32-only ones */
	assert_int_equal(arch_reg(arch_find("riscv64"), "mstatus")->dwarf, 4096 + 0x300);
	assert_int_equal(arch_reg(arch_find("riscv64"), "mstatus")->bits, 64);
	assert_int_equal(arch_reg(arch_find("riscv32"), "mstatus")->bits, 32);
	assert_int_equal(arch_reg(arch_find("riscv32"), "mstatush")->dwarf, 4096 + 0x310);
	assert_null(arch_reg(arch_find("riscv64"), "mstatush"));
	assert_int_equal(arch_reg(arch_find("riscv64"), "satp")->dwarf, 4096 + 0x180);
}

static void test_gdb_names(void **state)
{
	const struct arch *a = arch_find("x86_64");

	(void)state;
	assert_string_equal(arch_gdb_name(a, "rflags"), "eflags");
	assert_string_equal(arch_gdb_name(a, "STMM7"), "st7");
	assert_string_equal(arch_gdb_name(a, "stmm8"), "stmm8");
	/* an architecture that is not x86 renames nothing */
	assert_string_equal(arch_gdb_name(NULL, "stmm0"), "stmm0");
}

static void test_layout_without_architecture(void **state)
{
	struct layout *l = layout_new("t", "t.xml");
	struct reg *r = layout_add_reg(l);

	(void)state;
	r->name = xstrdup("eip");
	assert_string_equal(arch_of_layout(l)->name, "i386");
	set_string(&r->name, "rax");
	assert_string_equal(arch_of_layout(l)->name, "x86_64");
	set_string(&r->name, "pc");
	assert_null(arch_of_layout(l));
	/* a named architecture is never guessed over */
	set_string(&r->name, "rax");
	layout_set_fact(&l->gdb_architecture, "pdp11");
	assert_null(arch_of_layout(l));
	layout_free(l);
}

/* An unknown architecture: no lint findings, no fill-ins, a warning. */
static void test_unknown_architecture(void **state)
{
	struct layout *l = load_def("defs/x86_64.json");
	struct import_options verbose = { 1, 0, NULL, 0, 0 };
	struct layout *u;
	struct reg *r;
	size_t i;

	(void)state;
	/* control: the same layout as x86_64 with wrong facts has findings */
	l->regs[1].dwarf = l->regs[1].ehframe = 70;
	assert_int_equal(lint_layout(l, 0), 1);
	assert_non_null(strstr(captured.buf, "the SysV psABI numbers it 3"));
	set_string(&l->gdb_architecture.value, "pdp11");
	strbuf_reset(&captured);
	assert_int_equal(lint_layout(l, 0), 0);
	assert_int_equal(captured.len, 0);
	layout_free(l);

	u = layout_new("u", "u.xml");
	layout_set_fact(&u->gdb_architecture, "pdp11");
	for (i = 0; i < 2; i++) {
		r = layout_add_reg(u);
		r->name = xstrdup(i ? "rip" : "rax");
		r->bitsize = 64;
		r->type = xstrdup("int");
		reg_put_in_feature(u, r, layout_feature(u, "org.example.core"));
	}
	import_fill_from_knowledge(u, &verbose, "the description");
	assert_string_equal(u->gdb_architecture.value, "pdp11");
	assert_null(u->lldb_triple.value);
	assert_int_equal(u->address_bits, 0);
	assert_int_equal(u->nslices, 0);
	for (i = 0; i < u->nregs; i++) {
		assert_int_equal(u->regs[i].dwarf, NO_NUMBER);
		assert_null(u->regs[i].generic);
	}
	assert_non_null(strstr(captured.buf, "u.xml: warning: the description: regdefgen does not know the architecture 'pdp11'"));
	layout_free(u);

	/* control: the same registers as x86_64 get the facts */
	u = layout_new("u", "u.xml");
	layout_set_fact(&u->gdb_architecture, "i386:x86-64");
	r = layout_add_reg(u);
	r->name = xstrdup("rip");
	r->bitsize = 64;
	r->type = xstrdup("code_ptr");
	import_fill_from_knowledge(u, &verbose, "the description");
	assert_int_equal(u->regs[0].dwarf, 16);
	assert_string_equal(u->regs[0].generic, "pc");
	assert_string_equal(u->lldb_triple.value, "x86_64-*-linux");
	layout_free(u);
}

/* A shipped layout has every required name; one moved out of the core
 * feature is missing; no core feature at all is -1. */
static void test_required_missing(void **state)
{
	struct layout *l = load_def("defs/riscv64-qemu.json");
	const struct arch *a = arch_of_layout(l);
	struct strbuf missing = STRBUF_INIT;
	long core, pc = layout_find_reg(l, "PC"); /* case-insensitive, as GDB */
	size_t nfeatures = l->nfeatures, keep;

	(void)state;
	assert_non_null(a);
	assert_string_equal(a->name, "riscv64");
	assert_int_equal(arch_required_missing(a, l, &missing, &core), 0);
	assert_int_equal(missing.len, 0);
	assert_true(core >= 0);
	assert_string_equal(l->features[core].name, "org.gnu.gdb.riscv.cpu");
	assert_true(pc >= 0);
	keep = l->regs[pc].feature_index;
	l->regs[pc].feature_index = (size_t)core + 1; /* another feature */
	assert_int_equal(arch_required_missing(a, l, &missing, &core), 1);
	assert_string_equal(missing.buf, "pc");
	l->regs[pc].feature_index = keep;
	strbuf_reset(&missing);
	l->nfeatures = 0; /* no core feature at all */
	assert_int_equal(arch_required_missing(a, l, &missing, &core), -1);
	assert_int_equal(core, -1);
	l->nfeatures = nfeatures;
	/* an architecture without a required feature asks nothing */
	assert_int_equal(arch_required_missing(NULL, l, &missing, &core), 0);
	strbuf_release(&missing);
	layout_free(l);
}

/* arch.json "lldb_abi_roles": LLDB 16 gives roles by name on x86,
 * AArch64 and ARM, and has no RISC-V ABI. */
static void test_lldb_abi_roles(void **state)
{
	(void)state;
	assert_int_equal(arch_find("i386:x86-64")->lldb_abi_roles, 1);
	assert_int_equal(arch_find("i386")->lldb_abi_roles, 1);
	assert_int_equal(arch_find("aarch64")->lldb_abi_roles, 1);
	assert_int_equal(arch_find("thumbv7m-unknown-none-eabi")->lldb_abi_roles, 1);
	assert_int_equal(arch_find("riscv:rv64")->lldb_abi_roles, 0);
	assert_int_equal(arch_find("riscv:rv32")->lldb_abi_roles, 0);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test_setup_teardown(test_recognition, setup, teardown),
	cmocka_unit_test_setup_teardown(test_x86_facts_are_the_defs, setup, teardown),
	cmocka_unit_test_setup_teardown(test_arm_facts_are_the_defs, setup, teardown),
	cmocka_unit_test_setup_teardown(test_riscv_facts_are_the_defs, setup, teardown),
	cmocka_unit_test_setup_teardown(test_gdb_names, setup, teardown),
	cmocka_unit_test_setup_teardown(test_layout_without_architecture, setup, teardown),
	cmocka_unit_test_setup_teardown(test_unknown_architecture, setup, teardown),
	cmocka_unit_test_setup_teardown(test_required_missing, setup, teardown),
	cmocka_unit_test_setup_teardown(test_lldb_abi_roles, setup, teardown),
};

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
