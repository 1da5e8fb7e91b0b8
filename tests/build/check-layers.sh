#!/bin/sh
# check-layers.sh [ROOT]: gen/ is layered, lowest first; a file may include headers
# of its own layer and of lower ones, never of a higher one (gen/README.md
# says what each layer is for).  Prints each violation; exit 1 if any.
cd "${1:-$(dirname "$0")/../..}" || exit 2
LAYERS="base model arch output import remote compare cmd"
rank() { # LAYER: its position in LAYERS, or nothing
	_i=0
	for _l in $LAYERS; do
		[ "$_l" = "$1" ] && { echo $_i; return; }
		_i=$((_i + 1))
	done
}
bad=0
for f in gen/*/*.[ch]; do
	layer=${f#gen/}; layer=${layer%%/*}
	r=$(rank "$layer")
	[ -n "$r" ] || { echo "$f: folder '$layer' is not a layer of gen/ ($LAYERS)"; bad=1; continue; }
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		case $inc in
		*/*) ;;
		*) echo "$f: #include \"$inc\" names no layer (write \"LAYER/$inc\")"; bad=1; continue ;;
		esac
		il=${inc%%/*}
		ir=$(rank "$il")
		if [ -z "$ir" ]; then
			echo "$f: #include \"$inc\": '$il' is not a layer of gen/"; bad=1
		elif [ "$ir" -gt "$r" ]; then
			echo "$f: layer '$layer' includes \"$inc\" of the higher layer '$il'"; bad=1
		fi
	done
done
exit $bad
