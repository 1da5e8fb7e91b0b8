/*
 * arch-x86.c: the x86 register facts (see arch-x86.h).
 *
 * DWARF numbers: System V AMD64 psABI (x86_64) and SVR4 i386 psABI (i386),
 * the tables binutils and LLVM follow.  Sets and generic roles follow
 * LLDB's own x86 register tables.  Each table is searched linearly: they
 * are a few dozen entries, looked up once per register.
 */
#include "arch/arch-x86.h"

#include "base/strmap.h"

#include <string.h>
#include <strings.h>

#define GPR 0
#define FPR 1

static const struct x86_reg_info regs64[] = {
	{ "rax", 64, 0, GPR, NULL }, { "rbx", 64, 3, GPR, NULL },
	{ "rcx", 64, 2, GPR, "arg4" }, { "rdx", 64, 1, GPR, "arg3" },
	{ "rsi", 64, 4, GPR, "arg2" }, { "rdi", 64, 5, GPR, "arg1" },
	{ "rbp", 64, 6, GPR, "fp" }, { "rsp", 64, 7, GPR, "sp" },
	{ "r8", 64, 8, GPR, "arg5" }, { "r9", 64, 9, GPR, "arg6" },
	{ "r10", 64, 10, GPR, NULL }, { "r11", 64, 11, GPR, NULL },
	{ "r12", 64, 12, GPR, NULL }, { "r13", 64, 13, GPR, NULL },
	{ "r14", 64, 14, GPR, NULL }, { "r15", 64, 15, GPR, NULL },
	{ "rip", 64, 16, GPR, "pc" }, { "eflags", 32, 49, GPR, "flags" },
	{ "rflags", 64, 49, GPR, "flags" },
	{ "cs", 32, 51, GPR, NULL }, { "ss", 32, 52, GPR, NULL },
	{ "ds", 32, 53, GPR, NULL }, { "es", 32, 50, GPR, NULL },
	{ "fs", 32, 54, GPR, NULL }, { "gs", 32, 55, GPR, NULL },
	{ "fs_base", 64, 58, GPR, NULL }, { "gs_base", 64, 59, GPR, NULL },
	{ "k_gs_base", 64, -1, GPR, NULL },
	{ "cr0", 64, -1, GPR, NULL }, { "cr2", 64, -1, GPR, NULL },
	{ "cr3", 64, -1, GPR, NULL }, { "cr4", 64, -1, GPR, NULL },
	{ "cr8", 64, -1, GPR, NULL }, { "efer", 64, -1, GPR, NULL },
	{ "st0", 80, 33, FPR, NULL }, { "st1", 80, 34, FPR, NULL },
	{ "st2", 80, 35, FPR, NULL }, { "st3", 80, 36, FPR, NULL },
	{ "st4", 80, 37, FPR, NULL }, { "st5", 80, 38, FPR, NULL },
	{ "st6", 80, 39, FPR, NULL }, { "st7", 80, 40, FPR, NULL },
	{ "stmm0", 80, 33, FPR, NULL }, { "stmm1", 80, 34, FPR, NULL },
	{ "stmm2", 80, 35, FPR, NULL }, { "stmm3", 80, 36, FPR, NULL },
	{ "stmm4", 80, 37, FPR, NULL }, { "stmm5", 80, 38, FPR, NULL },
	{ "stmm6", 80, 39, FPR, NULL }, { "stmm7", 80, 40, FPR, NULL },
	{ "fctrl", 32, 65, FPR, NULL }, { "fstat", 32, 66, FPR, NULL },
	{ "ftag", 32, -1, FPR, NULL }, { "fiseg", 32, -1, FPR, NULL },
	{ "fioff", 32, -1, FPR, NULL }, { "foseg", 32, -1, FPR, NULL },
	{ "fooff", 32, -1, FPR, NULL }, { "fop", 32, -1, FPR, NULL },
	{ "xmm0", 128, 17, FPR, NULL }, { "xmm1", 128, 18, FPR, NULL },
	{ "xmm2", 128, 19, FPR, NULL }, { "xmm3", 128, 20, FPR, NULL },
	{ "xmm4", 128, 21, FPR, NULL }, { "xmm5", 128, 22, FPR, NULL },
	{ "xmm6", 128, 23, FPR, NULL }, { "xmm7", 128, 24, FPR, NULL },
	{ "xmm8", 128, 25, FPR, NULL }, { "xmm9", 128, 26, FPR, NULL },
	{ "xmm10", 128, 27, FPR, NULL }, { "xmm11", 128, 28, FPR, NULL },
	{ "xmm12", 128, 29, FPR, NULL }, { "xmm13", 128, 30, FPR, NULL },
	{ "xmm14", 128, 31, FPR, NULL }, { "xmm15", 128, 32, FPR, NULL },
	{ "mxcsr", 32, 64, FPR, NULL },
	{ "mm0", 64, 41, FPR, NULL }, { "mm1", 64, 42, FPR, NULL },
	{ "mm2", 64, 43, FPR, NULL }, { "mm3", 64, 44, FPR, NULL },
	{ "mm4", 64, 45, FPR, NULL }, { "mm5", 64, 46, FPR, NULL },
	{ "mm6", 64, 47, FPR, NULL }, { "mm7", 64, 48, FPR, NULL },
	{ "orig_rax", 64, -1, FPR, NULL },
	/* AVX-512 (psABI numbers; the upper halves ymmNh, zmmNh have none) */
	{ "xmm16", 128, 67, FPR, NULL }, { "xmm17", 128, 68, FPR, NULL },
	{ "xmm18", 128, 69, FPR, NULL }, { "xmm19", 128, 70, FPR, NULL },
	{ "xmm20", 128, 71, FPR, NULL }, { "xmm21", 128, 72, FPR, NULL },
	{ "xmm22", 128, 73, FPR, NULL }, { "xmm23", 128, 74, FPR, NULL },
	{ "xmm24", 128, 75, FPR, NULL }, { "xmm25", 128, 76, FPR, NULL },
	{ "xmm26", 128, 77, FPR, NULL }, { "xmm27", 128, 78, FPR, NULL },
	{ "xmm28", 128, 79, FPR, NULL }, { "xmm29", 128, 80, FPR, NULL },
	{ "xmm30", 128, 81, FPR, NULL }, { "xmm31", 128, 82, FPR, NULL },
	{ "k0", 64, 118, FPR, NULL }, { "k1", 64, 119, FPR, NULL },
	{ "k2", 64, 120, FPR, NULL }, { "k3", 64, 121, FPR, NULL },
	{ "k4", 64, 122, FPR, NULL }, { "k5", 64, 123, FPR, NULL },
	{ "k6", 64, 124, FPR, NULL }, { "k7", 64, 125, FPR, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const struct x86_reg_info regs32[] = {
	{ "eax", 32, 0, GPR, NULL }, { "ecx", 32, 1, GPR, NULL },
	{ "edx", 32, 2, GPR, NULL }, { "ebx", 32, 3, GPR, NULL },
	{ "esp", 32, 4, GPR, "sp" }, { "ebp", 32, 5, GPR, "fp" },
	{ "esi", 32, 6, GPR, NULL }, { "edi", 32, 7, GPR, NULL },
	{ "eip", 32, 8, GPR, "pc" }, { "eflags", 32, 9, GPR, "flags" },
	{ "cs", 32, 41, GPR, NULL }, { "ss", 32, 42, GPR, NULL },
	{ "ds", 32, 43, GPR, NULL }, { "es", 32, 40, GPR, NULL },
	{ "fs", 32, 44, GPR, NULL }, { "gs", 32, 45, GPR, NULL },
	{ "fs_base", 32, -1, GPR, NULL }, { "gs_base", 32, -1, GPR, NULL },
	{ "k_gs_base", 32, -1, GPR, NULL },
	{ "cr0", 32, -1, GPR, NULL }, { "cr2", 32, -1, GPR, NULL },
	{ "cr3", 32, -1, GPR, NULL }, { "cr4", 32, -1, GPR, NULL },
	{ "cr8", 32, -1, GPR, NULL }, { "efer", 32, -1, GPR, NULL },
	{ "st0", 80, 11, FPR, NULL }, { "st1", 80, 12, FPR, NULL },
	{ "st2", 80, 13, FPR, NULL }, { "st3", 80, 14, FPR, NULL },
	{ "st4", 80, 15, FPR, NULL }, { "st5", 80, 16, FPR, NULL },
	{ "st6", 80, 17, FPR, NULL }, { "st7", 80, 18, FPR, NULL },
	{ "stmm0", 80, 11, FPR, NULL }, { "stmm1", 80, 12, FPR, NULL },
	{ "stmm2", 80, 13, FPR, NULL }, { "stmm3", 80, 14, FPR, NULL },
	{ "stmm4", 80, 15, FPR, NULL }, { "stmm5", 80, 16, FPR, NULL },
	{ "stmm6", 80, 17, FPR, NULL }, { "stmm7", 80, 18, FPR, NULL },
	{ "fctrl", 32, 37, FPR, NULL }, { "fstat", 32, 38, FPR, NULL },
	{ "ftag", 32, -1, FPR, NULL }, { "fiseg", 32, -1, FPR, NULL },
	{ "fioff", 32, -1, FPR, NULL }, { "foseg", 32, -1, FPR, NULL },
	{ "fooff", 32, -1, FPR, NULL }, { "fop", 32, -1, FPR, NULL },
	{ "xmm0", 128, 21, FPR, NULL }, { "xmm1", 128, 22, FPR, NULL },
	{ "xmm2", 128, 23, FPR, NULL }, { "xmm3", 128, 24, FPR, NULL },
	{ "xmm4", 128, 25, FPR, NULL }, { "xmm5", 128, 26, FPR, NULL },
	{ "xmm6", 128, 27, FPR, NULL }, { "xmm7", 128, 28, FPR, NULL },
	{ "mxcsr", 32, 39, FPR, NULL },
	{ "mm0", 64, 29, FPR, NULL }, { "mm1", 64, 30, FPR, NULL },
	{ "mm2", 64, 31, FPR, NULL }, { "mm3", 64, 32, FPR, NULL },
	{ "mm4", 64, 33, FPR, NULL }, { "mm5", 64, 34, FPR, NULL },
	{ "mm6", 64, 35, FPR, NULL }, { "mm7", 64, 36, FPR, NULL },
	{ "orig_eax", 32, -1, FPR, NULL },
	/* AVX-512 (i386 psABI numbers) */
	{ "k0", 64, 93, FPR, NULL }, { "k1", 64, 94, FPR, NULL },
	{ "k2", 64, 95, FPR, NULL }, { "k3", 64, 96, FPR, NULL },
	{ "k4", 64, 97, FPR, NULL }, { "k5", 64, 98, FPR, NULL },
	{ "k6", 64, 99, FPR, NULL }, { "k7", 64, 100, FPR, NULL },
	{ NULL, 0, 0, 0, NULL }
};

static const char *const core64[] = {
	"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "rsp",
	"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	"rip", "eflags", "cs", "ss", "ds", "es", "fs", "gs",
	"st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7",
	"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
	NULL
};

static const char *const core32[] = {
	"eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi",
	"eip", "eflags", "cs", "ss", "ds", "es", "fs", "gs",
	"st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7",
	"fctrl", "fstat", "ftag", "fiseg", "fioff", "foseg", "fooff", "fop",
	NULL
};

static const struct x86_slice_info slices64[] = {
	{ "eax", "rax", 31, 0 }, { "ebx", "rbx", 31, 0 }, { "ecx", "rcx", 31, 0 },
	{ "edx", "rdx", 31, 0 }, { "edi", "rdi", 31, 0 }, { "esi", "rsi", 31, 0 },
	{ "ebp", "rbp", 31, 0 }, { "esp", "rsp", 31, 0 }, { "r8d", "r8", 31, 0 },
	{ "r9d", "r9", 31, 0 }, { "r10d", "r10", 31, 0 }, { "r11d", "r11", 31, 0 },
	{ "r12d", "r12", 31, 0 }, { "r13d", "r13", 31, 0 }, { "r14d", "r14", 31, 0 },
	{ "r15d", "r15", 31, 0 },
	{ "ax", "rax", 15, 0 }, { "bx", "rbx", 15, 0 }, { "cx", "rcx", 15, 0 },
	{ "dx", "rdx", 15, 0 }, { "di", "rdi", 15, 0 }, { "si", "rsi", 15, 0 },
	{ "bp", "rbp", 15, 0 }, { "sp", "rsp", 15, 0 }, { "r8w", "r8", 15, 0 },
	{ "r9w", "r9", 15, 0 }, { "r10w", "r10", 15, 0 }, { "r11w", "r11", 15, 0 },
	{ "r12w", "r12", 15, 0 }, { "r13w", "r13", 15, 0 }, { "r14w", "r14", 15, 0 },
	{ "r15w", "r15", 15, 0 },
	{ "ah", "rax", 15, 8 }, { "bh", "rbx", 15, 8 }, { "ch", "rcx", 15, 8 },
	{ "dh", "rdx", 15, 8 },
	{ "al", "rax", 7, 0 }, { "bl", "rbx", 7, 0 }, { "cl", "rcx", 7, 0 },
	{ "dl", "rdx", 7, 0 }, { "dil", "rdi", 7, 0 }, { "sil", "rsi", 7, 0 },
	{ "bpl", "rbp", 7, 0 }, { "spl", "rsp", 7, 0 }, { "r8l", "r8", 7, 0 },
	{ "r9l", "r9", 7, 0 }, { "r10l", "r10", 7, 0 }, { "r11l", "r11", 7, 0 },
	{ "r12l", "r12", 7, 0 }, { "r13l", "r13", 7, 0 }, { "r14l", "r14", 7, 0 },
	{ "r15l", "r15", 7, 0 },
};

static const struct x86_slice_info slices32[] = {
	{ "ax", "eax", 15, 0 }, { "bx", "ebx", 15, 0 }, { "cx", "ecx", 15, 0 },
	{ "dx", "edx", 15, 0 }, { "di", "edi", 15, 0 }, { "si", "esi", 15, 0 },
	{ "bp", "ebp", 15, 0 }, { "sp", "esp", 15, 0 },
	{ "ah", "eax", 15, 8 }, { "bh", "ebx", 15, 8 }, { "ch", "ecx", 15, 8 },
	{ "dh", "edx", 15, 8 },
	{ "al", "eax", 7, 0 }, { "bl", "ebx", 7, 0 }, { "cl", "ecx", 7, 0 },
	{ "dl", "edx", 7, 0 },
};

enum x86_arch x86_arch_of(const char *name)
{
	if (!name)
		return X86_NONE;
	/* x32 (i386:x64-32) is x86-64's registers and numbers with 32-bit
	 * pointers: not i386, though GDB spells it with that prefix */
	if (!strcmp(name, "i386:x86-64") || !strncmp(name, "x86_64", 6) ||
	    !strncmp(name, "i386:x64-32", 11) ||
	    !strcmp(name, "i386:x86-64:intel") || !strncmp(name, "amd64", 5))
		return X86_64;
	if (!strcmp(name, "i386") || !strncmp(name, "i386:", 5) ||
	    !strcmp(name, "i8086") || !strcmp(name, "x86") ||
	    (name[0] == 'i' && strchr("3456", name[1]) && !strncmp(name + 2, "86", 2)))
		return X86_32;
	return X86_NONE;
}

const struct x86_reg_info *x86_reg(enum x86_arch arch, const char *name)
{
	/* built once per table: the lint asks for every register of a layout */
	static struct strmap maps[2] = { STRMAP_INIT, STRMAP_INIT };
	const struct x86_reg_info *t = arch == X86_64 ? regs64 :
				       arch == X86_32 ? regs32 : NULL;
	struct strmap *map = &maps[arch == X86_64];
	size_t i;

	if (!t || !name)
		return NULL;
	if (!map->nslots) {
		map->fold_case = 1;
		for (i = 0; t[i].name; i++)
			strmap_add(map, t[i].name, i, NULL);
	}
	return strmap_get(map, name, &i) ? &t[i] : NULL;
}

const char *const *x86_core_names(enum x86_arch arch)
{
	static const char *const none[] = { NULL };
	return arch == X86_64 ? core64 : arch == X86_32 ? core32 : none;
}

const struct x86_slice_info *x86_slices(enum x86_arch arch, size_t *n)
{
	if (arch == X86_64) {
		*n = sizeof(slices64) / sizeof(slices64[0]);
		return slices64;
	}
	if (arch == X86_32) {
		*n = sizeof(slices32) / sizeof(slices32[0]);
		return slices32;
	}
	*n = 0;
	return NULL;
}

const char *x86_gdb_name(const char *name)
{
	static const char *const st[] = { "st0", "st1", "st2", "st3", "st4", "st5", "st6", "st7" };

	if (!strcasecmp(name, "rflags"))
		return "eflags";
	if (!strncasecmp(name, "stmm", 4) && name[4] >= '0' && name[4] <= '7' && !name[5])
		return st[name[4] - '0'];
	return name;
}
