# Values GDB writes into QEMU's registers in the reset state (real mode) for
# tests/e2e/test-qemu.sh, with QEMU's own description.  Only "set $REG = V"
# lines (comments allowed): tests/e2e/qemu_regs.py parses them to check each
# integer write reads back exactly, and that the float writes are distinct.
#
# Writable, checked on QEMU 7.2 qemu-system-i386:
# * selectors before the bases: in real mode a selector write also sets the
#   segment base (selector << 4);
# * GPRs: only the low 32 bits are kept in real mode;
# * cr0/cr2/cr3/cr4/cr8/efer: accepted without disturbing the stopped guest
#   (PE and PG stay clear, cr3 is only a value while paging is off); the
#   (long) cast: GDB rejects a 32-bit literal for the 64-bit flag types;
# * fctrl, fstat (TOP field left 0 so st0-7 stay in place), mxcsr, st0-7, xmm.
# Not written because QEMU ignores the write (reads 0): k_gs_base, ftag, fiseg, fioff,
# foseg, fooff, fop.
# Every value has its own bytes so that a register read at a wrong offset
# shows somebody else's bytes.
set $cs = 0x1357
set $ss = 0x2468
set $ds = 0x359b
set $es = 0x46ac
set $fs = 0x57bd
set $gs = 0x68ce
set $eax = 0x13121110
set $ecx = 0x33323130
set $edx = 0x43424140
set $ebx = 0x23222120
set $esp = 0x7b7a7978
set $ebp = 0x73727170
set $esi = 0x53525150
set $edi = 0x63626160
set $eip = 0x00007c02
set $eflags = 0x00000cd7
set $fs_base = 0x1f2e3d4c
set $gs_base = 0x2a3b4c5d
set $cr0 = (long)0x60000032
set $cr2 = (long)0x7e5d3c2b
set $cr3 = (long)0x0abcd000
set $cr4 = (long)0x00000600
set $cr8 = (long)0x5
set $efer = (long)0x1
set $fctrl = 0x0b7f
set $fstat = 0x4541
set $mxcsr = 0x3fa5
set $st0 = 1.5
set $st1 = -3.25
set $st2 = 1e100
set $st3 = -2.5e-100
set $st4 = 3.141592653589793
set $st5 = 0.1
set $st6 = -1234567.875
set $st7 = 6.02214076e23
set $xmm0.v2_int64[0] = 0x665f58514a433c35
set $xmm0.v2_int64[1] = 0x9e979089827b746d
set $xmm1.v2_int64[0] = 0xd6cfc8c1bab3aca5
set $xmm1.v2_int64[1] = 0x0e0700f9f2ebe4dd
set $xmm2.v2_int64[0] = 0x463f38312a231c15
set $xmm2.v2_int64[1] = 0x7e777069625b544d
set $xmm3.v2_int64[0] = 0xb6afa8a19a938c85
set $xmm3.v2_int64[1] = 0xeee7e0d9d2cbc4bd
set $xmm4.v2_int64[0] = 0x261f18110a03fcf5
set $xmm4.v2_int64[1] = 0x5e575049423b342d
set $xmm5.v2_int64[0] = 0x968f88817a736c65
set $xmm5.v2_int64[1] = 0xcec7c0b9b2aba49d
set $xmm6.v2_int64[0] = 0x06fff8f1eae3dcd5
set $xmm6.v2_int64[1] = 0x3e373029221b140d
set $xmm7.v2_int64[0] = 0x766f68615a534c45
set $xmm7.v2_int64[1] = 0xaea7a099928b847d
