#!/bin/sh
# tests/sessions/guest/build.sh OUTDIR: build the two guest kernels with the
# system toolchain (gcc, gcc-multilib for -m32, ld, objcopy):
#   OUTDIR/kernel32.elf  i386 Multiboot ELF with DWARF (QEMU and debugger)
#   OUTDIR/kernel64.elf  x86_64 ELF with DWARF (for the debugger)
#   OUTDIR/kernel64.mb   the same as elf32-i386, for QEMU's Multiboot loader
# main.c is built -O0, sched.c -O1 (arguments and locals in registers).
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=$1
CC=${GUEST_CC:-gcc}
common="-g -ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-builtin -nostdlib -Wall -Werror"
for arch in 32 64; do
	if [ $arch = 32 ]; then flags="-m32 -march=i686 -mfpmath=387"; ld="-m elf_i386"; else flags="-m64 -mno-red-zone"; ld="-m elf_x86_64"; fi
	$CC $common $flags -O0 -c "$src/main.c" -o "$out/main$arch.o"
	$CC $common $flags -O1 -c "$src/sched.c" -o "$out/sched$arch.o"
	$CC $common $flags -c "$src/boot$arch.S" -o "$out/boot$arch.o"
	ld $ld -static -nostdlib --no-warn-rwx-segments -T "$src/link.ld" -o "$out/kernel$arch.elf" \
		"$out/boot$arch.o" "$out/main$arch.o" "$out/sched$arch.o"
done
objcopy -O elf32-i386 "$out/kernel64.elf" "$out/kernel64.mb"
