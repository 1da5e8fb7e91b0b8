#!/bin/sh
# check-arch-names.sh [ROOT [ARCH_DATA [FAMILIES]]]: no C file of gen/ outside
# gen/arch/ names a register or the architecture of the families FAMILIES
# (default "x86"): architecture knowledge lives in defs/ and reaches the
# code through gen/arch/arch.h only (gen/README.md).  Comments may name
# them (they explain); code and string literals may not.
#
# The names are the ones regdefgen knows: every register, LLDB name and
# sub-register of those families in ARCH_DATA (the generated
# build/gen/arch-data.c, default $BUILD/gen/arch-data.c), of three
# characters or more (shorter ones, "sp", "cs", are ordinary words too),
# matched as whole words inside string literals (identifiers such as
# struct rsp or fstat() are C's own); and the families' own words (i386,
# x86, amd64, FAMILIES) anywhere, also as part of an identifier (X86_64).
# ASCII-case-insensitive.  Prints FILE:LINE: 'NAME' ...
# for each; exit 1 if any, 2 if it cannot check.
root=${1:-$(dirname "$0")/../..}
data=${2:-${BUILD:-build}/gen/arch-data.c}
families=${3:-x86}
cd "$root" || exit 2
[ -f "$data" ] || { echo "check-arch-names.sh: no $data (run make first)" >&2; exit 2; }
command -v gcc >/dev/null 2>&1 || { echo "check-arch-names.sh: no gcc to strip comments" >&2; exit 2; }

# the names: pass 1 finds the ids of the families' architectures, pass 2
# the names in their register and slice tables
names=$(awk -v fams=" $families " '
	FNR == NR {
		if (match($0, /^static const struct arch arch_[A-Za-z0-9_]+ = \{/)) {
			id = $5; sub(/^arch_/, "", id); want = 1; next
		}
		if (want) {
			split($0, q, "\"")
			if (index(fams, " " q[4] " ")) ids[id] = 1
			want = 0
		}
		next
	}
	/^static const struct arch_(reg|slice) [A-Za-z0-9_]+\[\] = \{/ {
		t = $5; sub(/_(regs|slices)\[\]$/, "", t); intable = (t in ids); next
	}
	/^\};/ { intable = 0; next }
	intable && /^\t\{ "/ {
		split($0, q, "\"")
		if (length(q[2]) >= 3) print tolower(q[2])
		if ($0 ~ /^\t\{ "[^"]*", "/ && length(q[4]) >= 3) print tolower(q[4])
	}' "$data" "$data" | sort -u)
[ -n "$names" ] || { echo "check-arch-names.sh: $data names no register of '$families'" >&2; exit 2; }
regs=$(printf '%s\n' $names | tr '\n' ' ')
fam="i386 x86 amd64 $families"

bad=0
for f in gen/*/*.[ch]; do
	case $f in gen/arch/*) continue ;; esac
	# comments gone, strings and code kept; line markers say where we are
	out=$(gcc -fpreprocessed -dD -E "$f" 2>/dev/null | awk -v regs="$regs" -v fam="$fam" -v file="$f" '
		BEGIN {
			n = split(regs, w, " "); for (i = 1; i <= n; i++) reg[w[i]] = 1
			n = split(fam, w, " "); for (i = 1; i <= n; i++) word[w[i]] = 1
		}
		function say(tok) {
			if (!seen[line, tok]++)
				printf "%s:%d: \x27%s\x27: an architecture fact outside gen/arch/ (ask gen/arch/arch.h; the facts belong in defs/)\n", file, line, tok
		}
		# the family words anywhere, also as part of an identifier (X86_64, x86_reg)
		function family_words(s,   parts, k, m) {
			while (match(s, /[a-z0-9_]+/)) {
				m = split(substr(s, RSTART, RLENGTH), parts, "_")
				for (k = 1; k <= m; k++)
					if (parts[k] in word)
						say(parts[k])
				s = substr(s, RSTART + RLENGTH)
			}
		}
		/^# [0-9]+ "/ { line = $2 - 1; next }
		/^[ \t]*#[ \t]*include/ { line++; next } # a header name ("remote/rsp.h") is no register
		{
			line++
			s = tolower($0)
			family_words(s)
			# register names in string literals ("rax", "name:rax;")
			while (match(s, /"([^"\\]|\\.)*"/)) {
				lit = substr(s, RSTART + 1, RLENGTH - 2)
				s = substr(s, RSTART + RLENGTH)
				while (match(lit, /[a-z0-9_]+/)) {
					tok = substr(lit, RSTART, RLENGTH)
					if (tok in reg)
						say(tok)
					lit = substr(lit, RSTART + RLENGTH)
				}
			}
		}')
	if [ -n "$out" ]; then
		echo "$out"
		bad=1
	fi
done
exit $bad
