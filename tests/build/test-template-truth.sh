#!/bin/sh
# The templates test presence with has_* and is_* keys, never with a section
# on a number: {{#dwarf}} held only because this engine takes 0 as true
# (rax's DWARF number is 0), and many Mustache engines take it as false.
# Negative control: a copy of the templates with {{#dwarf}} is refused.
. tests/lib/common.sh

# the view's keys whose values are numbers (gen/output/view.c)
NUMERIC='dwarf|ehframe|start|end|regnum|offset|bitsize|size|lldb_index|set|msb|lsb|parent_regnum|lldb_breakpoint_pc_offset|g_packet_size|address_bits|num_regnums|num_g_regs|p_only_bytes|target_xml_size'

scan() { # DIR: every section on a numeric key, as FILE:LINE:TAG
	grep -EHno "\{\{[#^]($NUMERIC)\}\}" "$1"/*.mustache
}

out=$(scan templates)
[ -z "$out" ] && ok "no template opens a section on a number" ||
	fail "sections on numbers (use a has_* key): $out"

make_tmpdir T
cp -r templates "$T/t"
printf '{{#dwarf}}x{{/dwarf}}\n' >>"$T/t/target.xml.mustache"
out=$(scan "$T/t")
[ "$out" = "$T/t/target.xml.mustache:$(wc -l <"$T/t/target.xml.mustache"):{{#dwarf}}" ] &&
	ok "negative control: {{#dwarf}} is found, with its line" || fail "negative control: got '$out'"
finish
