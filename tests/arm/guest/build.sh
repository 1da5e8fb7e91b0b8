#!/bin/sh
# tests/arm/guest/build.sh OUTDIR: build the ARM test guests with clang's
# cross targets and ld.lld (Debian packages clang, lld):
#   OUTDIR/aarch64.elf  AArch64, integer only  (qemu-system-aarch64 -M virt -cpu cortex-a57 -kernel)
#   OUTDIR/armv7m.elf   Cortex-M3, Thumb       (qemu-system-arm -M lm3s6965evb -kernel)
# Both -O0 with DWARF.  Note: the .data of the Cortex-M guest is in SRAM and
# QEMU's -kernel loads it there, so no copy loop is needed for the test.
set -eu
src=$(cd "$(dirname "$0")" && pwd)
out=$1
CC=${GUEST_CC:-clang}
LD=${GUEST_LD:-ld.lld}
common="-g -O0 -ffreestanding -fno-builtin -nostdlib -fno-omit-frame-pointer -Wall -Werror"
a64="--target=aarch64-none-elf -mcpu=cortex-a57 -mgeneral-regs-only"
m3="--target=thumbv7m-none-eabi -mcpu=cortex-m3 -mfloat-abi=soft"
$CC $common $a64 -c "$src/start-aarch64.S" -o "$out/start-aarch64.o"
$CC $common $a64 -c "$src/main.c" -o "$out/main-aarch64.o"
$LD -T "$src/link-aarch64.ld" -o "$out/aarch64.elf" "$out/start-aarch64.o" "$out/main-aarch64.o"
$CC $common $m3 -c "$src/start-armv7m.c" -o "$out/start-armv7m.o"
$CC $common $m3 -c "$src/main.c" -o "$out/main-armv7m.o"
$LD -T "$src/link-armv7m.ld" -o "$out/armv7m.elf" "$out/start-armv7m.o" "$out/main-armv7m.o"
