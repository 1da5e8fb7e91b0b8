#!/bin/sh
# tests/riscv/guest/build.sh OUTDIR: build the RISC-V test guests with
# clang's cross targets and ld.lld (Debian packages clang, lld):
#   OUTDIR/riscv64.elf       RV64GC, lp64d   (qemu-system-riscv64 -M virt -bios none)
#   OUTDIR/riscv32.elf       RV32GC, ilp32d  (qemu-system-riscv32 -M virt -bios none)
#   OUTDIR/riscv64-soft.elf  RV64IMAC, lp64  (the same code, soft-float ABI)
#   OUTDIR/riscv32-soft.elf  RV32IMAC, ilp32
# GDB refuses a description without an FPU for a hard-float ELF ("bfd
# requires flen 8, but target has flen 0"): the -soft guests are what GDB
# can debug with the -qemu layouts' target.xml.
# Both at 0x80000000 with DWARF.  -mcmodel=medany: the code lives above 2 GiB;
# -mno-relax: ld.lld 14 implements no RISC-V linker relaxation.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=$1
CC=${GUEST_CC:-clang}
LD=${GUEST_LD:-ld.lld}
common="-g -O0 -ffreestanding -fno-builtin -nostdlib -fno-omit-frame-pointer -mcmodel=medany -mno-relax -Wall -Werror"
for v in 64 32 64-soft 32-soft; do
	case $v in
	64) flags="--target=riscv64-unknown-elf -march=rv64gc -mabi=lp64d" ;;
	32) flags="--target=riscv32-unknown-elf -march=rv32gc -mabi=ilp32d" ;;
	64-soft) flags="--target=riscv64-unknown-elf -march=rv64imac -mabi=lp64" ;;
	32-soft) flags="--target=riscv32-unknown-elf -march=rv32imac -mabi=ilp32" ;;
	esac
	$CC $common $flags -c "$src/start.S" -o "$out/start$v.o"
	$CC $common $flags -c "$src/main.c" -o "$out/main$v.o"
	$LD -T "$src/link.ld" -o "$out/riscv$v.elf" "$out/start$v.o" "$out/main$v.o"
done
